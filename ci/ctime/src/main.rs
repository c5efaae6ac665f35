//! Constant-time check for ptlc under valgrind memcheck (see ci/ctime.sh).
//!
//! Every secret input is marked *undefined* with a memcheck client request;
//! memcheck then reports any conditional branch or memory address that depends
//! on it. The crate itself declassifies the values the protocol makes public
//! (through `ptlc::ctime_hooks`, registered below), and this harness
//! declassifies an operation's public outputs right before it looks at them.
//!
//! Modes: no argument or `clean` runs every check and must be silent;
//! `leaky-branch` and `leaky-index` are deliberately leaky controls that
//! valgrind must flag; `list` prints the check names; any other argument runs
//! the checks whose name contains it.
//!
//! Adding an operation: write a `fn(&mut Secrets)` that classifies its secret
//! inputs, calls it, and declassifies/consumes its public output, then add one
//! line to `CHECKS`.

use std::hint::black_box;
use std::process::ExitCode;

use ptlc::rand_core::{CryptoRng, RngCore};
use ptlc::secp256k1::{self, Keypair};
use ptlc::{ecdsa_adaptor, pay_for_signature, schnorr_adaptor};
use ptlc::{HopTweak, PaymentScalar, RoutePayer};

/// Valgrind client requests (x86_64 only; a no-op elsewhere and outside valgrind).
mod vg {
    pub const RUNNING_ON_VALGRIND: u64 = 0x1001;
    pub const MAKE_MEM_UNDEFINED: u64 = 0x4d43_0001;
    pub const MAKE_MEM_DEFINED: u64 = 0x4d43_0002;

    /// Issues a valgrind client request and returns its result (`default`
    /// when not running under valgrind).
    ///
    /// Soundness: the instruction sequence is valgrind's documented "special
    /// instruction preamble". Natively it is four rotations of `rdi` by 3, 13,
    /// 61 and 51 bits (128 in total, so `rdi` ends unchanged; it is declared
    /// clobbered anyway) and `xchg rbx, rbx` (a no-op), so it has no effect but
    /// on the flags. Under valgrind the core reads the six-word argument block
    /// at `rax` (a live local array, valid for the whole asm block) and writes
    /// its answer to `rdx`. The requests used here only change memcheck's
    /// shadow state for `[addr, addr + len)`, never the memory itself, and the
    /// callers pass ranges that lie within a single live object. The block
    /// does not touch the stack. Without `nomem`, the compiler assumes the asm
    /// may read or write any memory whose address escaped (the object's
    /// address is in the argument block), so it reloads the object afterwards
    /// instead of reusing a stale register copy or folding constants.
    #[cfg(target_arch = "x86_64")]
    pub fn request(req: u64, addr: *const u8, len: usize, default: u64) -> u64 {
        let args: [u64; 6] = [req, addr as u64, len as u64, 0, 0, 0];
        let mut result = default;
        // SAFETY: see above.
        unsafe {
            core::arch::asm!(
                "rol rdi, 3",
                "rol rdi, 13",
                "rol rdi, 61",
                "rol rdi, 51",
                "xchg rbx, rbx",
                inout("rdx") result,
                in("rax") args.as_ptr(),
                inout("rdi") 0u64 => _,
                options(nostack),
            );
        }
        result
    }

    #[cfg(not(target_arch = "x86_64"))]
    pub fn request(_req: u64, _addr: *const u8, _len: usize, default: u64) -> u64 {
        default
    }

    /// Whether the process runs under valgrind.
    pub fn running_on_valgrind() -> bool {
        request(RUNNING_ON_VALGRIND, core::ptr::null(), 0, 0) != 0
    }

    /// The hook the crate calls on values that became public.
    pub fn declassify_raw(addr: *const u8, len: usize) {
        request(MAKE_MEM_DEFINED, addr, len, 0);
    }
}

/// Marks a secret undefined. Takes `&mut` so that the compiler can neither
/// fold the (constant) test secret into the code nor keep a defined copy in a
/// register: the check would otherwise pass vacuously.
fn classify<T: ?Sized>(secret: &mut T) {
    vg::request(
        vg::MAKE_MEM_UNDEFINED,
        core::ptr::from_mut(secret).cast::<u8>(),
        core::mem::size_of_val(secret),
        0,
    );
}

/// Marks a value public, right before it is branched on or returned.
fn declassify<T: ?Sized>(public: &mut T) {
    vg::declassify_raw(
        core::ptr::from_mut(public).cast::<u8>(),
        core::mem::size_of_val(public),
    );
}

/// A deterministic RNG whose every output is classified: what the crate draws
/// from an RNG is secret. (Not random; only for this check.)
struct SecretRng(u64);

impl RngCore for SecretRng {
    fn next_u32(&mut self) -> u32 {
        let mut b = [0u8; 4];
        self.fill_bytes(&mut b);
        u32::from_le_bytes(b)
    }
    fn next_u64(&mut self) -> u64 {
        let mut b = [0u8; 8];
        self.fill_bytes(&mut b);
        u64::from_le_bytes(b)
    }
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        for chunk in dest.chunks_mut(8) {
            // splitmix64
            self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^= z >> 31;
            chunk.copy_from_slice(&z.to_le_bytes()[..chunk.len()]);
        }
        classify(dest);
    }
}
impl CryptoRng for SecretRng {}

/// Fixed test secrets (valid scalars), each classified where it is used.
fn secret_bytes(i: u8) -> [u8; 32] {
    let mut b = [0u8; 32];
    for (j, x) in b.iter_mut().enumerate() {
        *x = (j as u8).wrapping_mul(29).wrapping_add(i).wrapping_mul(7) ^ 0x5a;
    }
    b[0] = 0x3f; // below n
    b
}

/// A classified payment scalar. Parsing branches on libsecp256k1's range check
/// (the one tolerated return-code branch), so the value is classified after
/// it is parsed, as libsecp256k1's own checks do with secret keys.
fn secret_scalar(i: u8) -> PaymentScalar {
    let mut t = PaymentScalar::from_bytes(&secret_bytes(i)).expect("valid test scalar");
    classify(&mut t);
    t
}

fn secret_tweak(i: u8) -> HopTweak {
    let mut y = HopTweak::from_bytes(&secret_bytes(i)).expect("valid test tweak");
    classify(&mut y);
    y
}

/// A key pair whose secret half is classified.
///
/// libsecp256k1's `secp256k1_keypair` is 96 bytes: the secret key in bytes
/// 0..32, the public key (64 bytes, internal form) after it
/// (`secp256k1_keypair_load` in modules/extrakeys). Only the secret half is
/// marked, through the address the wrapper itself hands to libsecp256k1
/// (`as_c_ptr`), as libsecp256k1's own ctime test marks only the key.
fn secret_keypair(i: u8) -> Keypair {
    use secp256k1::ffi::CPtr;
    let kp = Keypair::from_secret_bytes(secret_bytes(i)).expect("valid test key");
    vg::request(vg::MAKE_MEM_UNDEFINED, kp.as_c_ptr().cast::<u8>(), 32, 0);
    kp
}

/// Consumes a public value: declassify, then make the compiler keep it.
fn publish<T>(mut value: T) -> T {
    declassify(&mut value);
    black_box(value)
}

// ---- checks: one function per secret-handling operation ----------------------

fn payment_scalar_parse() {
    // Parsing a secret: only the range-check verdict may be branched on.
    let mut bytes = secret_bytes(1);
    classify(&mut bytes);
    let mut ok = PaymentScalar::from_bytes(&bytes).is_ok();
    declassify(&mut ok);
    assert!(ok);
}

fn payment_scalar_random() {
    let mut rng = SecretRng(1);
    let t = PaymentScalar::random(&mut rng).expect("RNG");
    black_box(&t);
}

fn payment_scalar_point() {
    let t = secret_scalar(2);
    publish(t.point());
}

fn payment_scalar_opens() {
    let t = secret_scalar(3);
    let point = publish(t.point());
    let other = publish(secret_scalar(4).point());
    assert!(publish(t.opens(&point)));
    assert!(!publish(t.opens(&other)));
}

fn payment_scalar_eq() {
    let a = secret_scalar(5);
    let b = secret_scalar(5);
    let c = secret_scalar(6);
    assert!(publish(a == b));
    assert!(!publish(a == c));
}

fn route_build_and_settle() {
    let t = secret_scalar(7);
    let mut payer = RoutePayer::new(publish(t.point()));
    let hop2 = payer
        .add_upstream_hop_with_tweak(secret_tweak(8))
        .expect("hop");
    let mut rng = SecretRng(2);
    let hop1 = payer.add_upstream_hop(&mut rng).expect("hop");
    // Hop side: check the hop's points, then settle upstream.
    assert!(publish(hop2.verify().is_ok()));
    let x2 = hop2.upstream_scalar(&t).expect("settle hop 2");
    let x1 = hop1.upstream_scalar(&x2).expect("settle hop 1");
    // Payer side: recover t.
    let recovered = payer.proof_of_payment(&x1).expect("proof of payment");
    assert!(publish(recovered == t));
}

fn route_decorrelate() {
    let t = secret_scalar(11);
    let mut rng = SecretRng(3);
    let (route, payer) = ptlc::decorrelate_route(&publish(t.point()), 3, &mut rng).expect("route");
    let mut x = t.clone();
    for hop in route.iter().rev() {
        x = hop.upstream_scalar(&x).expect("settle");
    }
    assert!(publish(payer.proof_of_payment(&x).expect("proof") == t));
}

fn schnorr_presign() {
    let kp = secret_keypair(12);
    let t = publish(secret_scalar(13).point());
    let mut aux = secret_bytes(14);
    classify(&mut aux);
    let msg = black_box([0x42u8; 32]);
    let pre = publish(schnorr_adaptor::presign(&kp, &msg, &t, &aux));
    let pk = publish(kp.x_only_public_key().0);
    assert!(schnorr_adaptor::verify(&pre, &pk, &msg, &t).is_ok());
}

/// Adapt with a secret `t` (the default `adapt`, which runs `adapt_unchecked`
/// and then verifies the result), then extract it back from the public signature.
fn schnorr_adapt_extract() {
    let kp = Keypair::from_secret_bytes(secret_bytes(15)).expect("key");
    let t = secret_scalar(16);
    let point = publish(t.point());
    let msg = black_box([0x43u8; 32]);
    let pre = schnorr_adaptor::presign(&kp, &msg, &point, &[0u8; 32]);
    let pk = kp.x_only_public_key().0;
    let sig = publish(schnorr_adaptor::adapt(&pre, &t, &pk, &msg).expect("adapt"));
    let extracted = schnorr_adaptor::extract(&pre, &sig, &point).expect("extract");
    assert!(publish(extracted == t));
}

/// The buyer completes the seller's signature with the scalar it paid for.
fn pay_for_signature_complete() {
    let kp = Keypair::from_secret_bytes(secret_bytes(17)).expect("key");
    let msg = black_box([0x44u8; 32]);
    let sig = secp256k1::schnorr::sign_with_aux_rand(&msg, &kp, &[0u8; 32]);
    let (r, s) = sig.as_byte_array().split_at(32);
    let nonce: [u8; 32] = r.try_into().expect("32");
    let offer = pay_for_signature::SignatureOffer::new(kp.x_only_public_key().0, msg, nonce)
        .expect("offer");
    let mut s = PaymentScalar::from_slice(s).expect("s");
    classify(&mut s);
    let completed = publish(offer.complete(&s).expect("complete"));
    assert_eq!(completed, sig);
}

fn ecdsa_presign() {
    let mut sk = secp256k1::SecretKey::from_secret_bytes(secret_bytes(22)).expect("key");
    classify(&mut sk);
    let t = publish(secret_scalar(23).point());
    let mut aux = secret_bytes(24);
    classify(&mut aux);
    let msg = black_box([0x45u8; 32]);
    let sig = publish(ecdsa_adaptor::presign(&sk, &msg, &t, &aux));
    let mut pk = secp256k1::PublicKey::from_secret_key(&sk);
    declassify(&mut pk);
    assert!(ecdsa_adaptor::verify(&sig, &pk, &msg, &t).is_ok());
}

/// Adapt with a secret `t` (the constant-time scalar inversion runs here),
/// then extract `t` back from the public signature.
fn ecdsa_adapt_extract() {
    let sk = secp256k1::SecretKey::from_secret_bytes(secret_bytes(25)).expect("key");
    let t = secret_scalar(26);
    let point = publish(t.point());
    let msg = black_box([0x46u8; 32]);
    let pre = ecdsa_adaptor::presign(&sk, &msg, &point, &[0u8; 32]);
    let pk = secp256k1::PublicKey::from_secret_key(&sk);
    let sig = publish(ecdsa_adaptor::adapt(&pre, &t, &pk, &msg).expect("adapt"));
    let extracted = ecdsa_adaptor::extract(&pre, &sig, &point).expect("extract");
    assert!(publish(extracted == t));
}

/// A small TLV plaintext (types 1 and 3) for the blob checks.
const PLAINTEXT: [u8; 8] = [1, 2, 0xaa, 0xbb, 3, 2, 0xcc, 0xdd];

/// Seal with a secret ephemeral key (from the RNG) to a public recipient.
fn blob_seal() {
    let recipient = publish(secret_scalar(20).point());
    let mut rng = SecretRng(4);
    let mut out = [0u8; 400];
    let n = ptlc::blob::sealed_len(PLAINTEXT.len()).expect("len");
    let written = ptlc::blob::seal(
        recipient.as_public_key(),
        b"id",
        &PLAINTEXT,
        &mut rng,
        &mut out,
    );
    assert_eq!(publish(written.ok()), Some(n));
    publish(out);
}

/// Open with a secret recipient keypair (its public half stays public). The
/// blob is public; the returned plaintext stays classified (it is the
/// recipient's secret).
fn blob_open() {
    let kp = secret_keypair(21);
    let mut rng = SecretRng(5);
    let mut blob = [0u8; 400];
    let n =
        ptlc::blob::seal(&kp.public_key(), b"id", &PLAINTEXT, &mut rng, &mut blob).expect("seal");
    declassify(&mut blob);
    let mut out = [0u8; 400];
    let opened = ptlc::blob::open(&kp, b"id", &blob[..n], &mut out);
    let mut ok = opened.is_ok();
    declassify(&mut ok);
    assert!(ok);
}

// ---- mailbox route (BOLT 4 onion messages, issue 15) ---------------------------

/// Public node ids for the mailbox-route checks (their secrets stay unclassified
/// except at the node under test).
fn node_id(i: u8) -> secp256k1::PublicKey {
    secp256k1::PublicKey::from_secret_key(
        &secp256k1::SecretKey::from_secret_bytes(secret_bytes(i)).expect("key"),
    )
}

/// A node secret key classified after it is parsed.
fn secret_node_key(i: u8) -> secp256k1::SecretKey {
    let mut sk = secp256k1::SecretKey::from_secret_bytes(secret_bytes(i)).expect("key");
    classify(&mut sk);
    sk
}

/// The payee's blinded path (public) with an unclassified RNG: the shape the
/// payer and peel checks start from.
fn mailbox_path(buf: &mut [u8]) -> usize {
    let mut rng = SecretRng(40);
    let mut n = ptlc::mailbox_route::build_mailbox_path(
        &mut rng,
        &[node_id(31)],
        &node_id(32),
        b"mailbox-7",
        buf,
    )
    .expect("path");
    declassify(&mut n);
    declassify(&mut *buf);
    n
}

/// The payee blinds its path: `e_0` from the RNG is secret, and so are the
/// shared secrets, blinding factors and `e_i`; the path is public.
fn mailbox_path_build() {
    let mut buf = [0u8; 400];
    let mut rng = SecretRng(41);
    let n = ptlc::mailbox_route::build_mailbox_path(
        &mut rng,
        &[node_id(31)],
        &node_id(32),
        b"mailbox-7",
        &mut buf,
    );
    publish(n.ok());
    publish(buf);
}

/// The payer builds the onion message: session key and its own path key from
/// the RNG are secret; the packet, first node and path key are public.
fn mailbox_onion_build() {
    let mut path = [0u8; 400];
    let n = mailbox_path(&mut path);
    let path = ptlc::mailbox_route::BlindedPath::parse(&path[..n]).expect("parse");
    let mut rng = SecretRng(42);
    let mut packet = [0u8; 1366];
    let msg =
        ptlc::mailbox_route::build_onion(&mut rng, &[node_id(30)], &path, &PLAINTEXT, &mut packet);
    publish(msg.ok());
    publish(packet);
}

/// A built message from public randomness, for the peel checks.
fn mailbox_message(packet: &mut [u8; 1366]) -> secp256k1::PublicKey {
    let mut path = [0u8; 400];
    let n = mailbox_path(&mut path);
    let path = ptlc::mailbox_route::BlindedPath::parse(&path[..n]).expect("parse");
    let mut rng = SecretRng(43);
    let mut msg =
        ptlc::mailbox_route::build_onion(&mut rng, &[node_id(30)], &path, &PLAINTEXT, packet)
            .expect("onion");
    declassify(&mut msg);
    declassify(&mut *packet);
    msg.path_key
}

/// A relay peels with its secret node key: the blinding secret, blinded key
/// and onion shared secret are secret; the verdict, next hop, next path key
/// and next packet are public.
fn mailbox_peel_forward() {
    let mut packet = [0u8; 1366];
    let key = mailbox_message(&mut packet);
    let sk = secret_node_key(30);
    let mut out = [0u8; 1366];
    let peeled = ptlc::mailbox_route::peel(&sk, &key, &packet, &mut out);
    let mut forward = matches!(peeled, Ok(ptlc::mailbox_route::Peeled::Forward(_)));
    declassify(&mut forward);
    assert!(forward);
    publish(out);
}

/// The mailbox peels the last layer: it learns the mailbox id and the blob.
fn mailbox_peel_final() {
    let mut packet = [0u8; 1366];
    let mut key = mailbox_message(&mut packet);
    for i in [30u8, 31] {
        let sk = secp256k1::SecretKey::from_secret_bytes(secret_bytes(i)).expect("key");
        let mut out = [0u8; 1366];
        let Ok(ptlc::mailbox_route::Peeled::Forward(f)) =
            ptlc::mailbox_route::peel(&sk, &key, &packet, &mut out)
        else {
            panic!("relay");
        };
        key = f.next_path_key;
        packet.copy_from_slice(f.packet);
        declassify(&mut key);
        declassify(&mut packet);
    }
    let sk = secret_node_key(32);
    let mut out = [0u8; 1366];
    let peeled = ptlc::mailbox_route::peel(&sk, &key, &packet, &mut out);
    let mut ok = matches!(peeled, Ok(ptlc::mailbox_route::Peeled::Final { .. }));
    declassify(&mut ok);
    assert!(ok);
}

// ---- MuSig2 (issue 13) ---------------------------------------------------------

/// A 2-of-2 key context over the keys of secret_keypair(a) and secret_keypair(b)
/// (public halves only).
fn musig_keys(a: &Keypair, b: &Keypair) -> ([[u8; 33]; 2], ptlc::musig::key_agg::KeyAggContext) {
    let keys = [a.public_key().serialize(), b.public_key().serialize()];
    let ctx = ptlc::musig::key_agg::KeyAggContext::new(&keys).expect("keys");
    (keys, ctx)
}

/// NonceGen with secret randomness and the secret key as an optional input.
fn musig_nonce_gen() {
    use ptlc::musig::nonces;
    let kp = secret_keypair(30);
    let mut rng = SecretRng(6);
    let sk = kp.secret_key();
    let msg = black_box([0x47u8; 32]);
    let inputs = nonces::NonceGenInputs {
        secret_key: Some(&sk),
        message: Some(&msg),
        ..Default::default()
    };
    let (sec, pubnonce) = nonces::nonce_gen(&mut rng, &kp.public_key(), inputs).expect("nonce");
    publish(pubnonce);
    black_box(&sec);
}

/// Sign (secret key, secret nonce from NonceGen) in a plain or an adaptor
/// session; the partial signature is public once returned.
fn musig_sign_session(adaptor: bool) {
    use ptlc::musig::{nonces, session::Session, signing};
    let signer = secret_keypair(31);
    let other = Keypair::from_secret_bytes(secret_bytes(32)).expect("key");
    let (_, ctx) = musig_keys(&signer, &other);
    let mut rng = SecretRng(7);
    let (sec, pubnonce) =
        nonces::nonce_gen(&mut rng, &signer.public_key(), Default::default()).expect("nonce");
    let pubnonce = publish(pubnonce);
    let (_, other_nonce) =
        nonces::nonce_gen_with_rand(&[9; 32], &other.public_key(), Default::default())
            .expect("nonce");
    let aggnonce =
        nonces::nonce_agg(&[pubnonce.to_bytes(), other_nonce.to_bytes()]).expect("aggnonce");
    let t = publish(secret_scalar(33).point());
    let msg = black_box([0x48u8; 32]);
    let session = Session::new(&ctx, &aggnonce, &msg, adaptor.then_some(&t)).expect("session");
    let psig = publish(signing::sign(sec, &signer, &session).expect("sign"));
    let pk = signer.public_key();
    assert!(signing::partial_sig_verify(&session, &psig, &pubnonce, &pk, 0).is_ok());
}

fn musig_sign() {
    musig_sign_session(false);
}

fn musig_sign_adaptor() {
    musig_sign_session(true);
}

/// DeterministicSign (the stateless last signer), plain and with an adaptor.
fn musig_deterministic_sign() {
    use ptlc::musig::{nonces, signing};
    let signer = secret_keypair(34);
    let other = Keypair::from_secret_bytes(secret_bytes(35)).expect("key");
    let (keys, _) = musig_keys(&signer, &other);
    let (_, other_nonce) =
        nonces::nonce_gen_with_rand(&[10; 32], &other.public_key(), Default::default())
            .expect("nonce");
    let mut rand = secret_bytes(36);
    classify(&mut rand);
    let t = publish(secret_scalar(37).point());
    let msg = black_box([0x49u8; 32]);
    for adaptor in [None, Some(&t)] {
        let out = signing::deterministic_sign(
            &signer,
            &other_nonce.to_bytes(),
            &keys,
            &[],
            &msg,
            Some(&rand),
            adaptor,
        );
        let (pubnonce, psig) = publish(out.expect("deterministic sign"));
        black_box((pubnonce, psig));
    }
}

// ---- pay-for-partial-signature (issue 14) ---------------------------------------

/// A 2-of-2 Taproot session of secret_keypair(a) (the seller-side signer A)
/// and secret_keypair(b) (the buyer S), with both partial signatures.
fn pfps_session(
    a: u8,
    b: u8,
    adaptor: bool,
) -> (
    ptlc::PartialSignatureOffer,
    ptlc::musig::signing::PartialSignature,
    ptlc::musig::signing::PartialSignature,
    Keypair,
) {
    use ptlc::musig::{nonces, signing};
    let signer = secret_keypair(a);
    let buyer = secret_keypair(b);
    let (_, ctx) = musig_keys(&signer, &buyer);
    let ctx = ctx.taproot_tweak(None).expect("tweak");
    let mut rng = SecretRng(u64::from(a));
    let (a_sec, a_pub) =
        nonces::nonce_gen(&mut rng, &signer.public_key(), Default::default()).expect("nonce");
    let (b_sec, b_pub) =
        nonces::nonce_gen(&mut rng, &buyer.public_key(), Default::default()).expect("nonce");
    let (a_pub, b_pub) = (publish(a_pub), publish(b_pub));
    let aggnonce = nonces::nonce_agg(&[a_pub.to_bytes(), b_pub.to_bytes()]).expect("aggnonce");
    let t = publish(secret_scalar(b.wrapping_add(1)).point());
    let msg = black_box([0x4au8; 32]);
    let offer = ptlc::PartialSignatureOffer::new(
        &ctx,
        &aggnonce,
        msg,
        adaptor.then_some(&t),
        signer.public_key(),
        a_pub,
    )
    .expect("offer");
    let a_sig = signing::sign(a_sec, &signer, offer.session()).expect("sign");
    let b_sig = signing::sign(b_sec, &buyer, offer.session()).expect("sign");
    (offer, a_sig, b_sig, signer)
}

/// The seller (B) checks A's partial signature, a secret it is selling,
/// against the session and turns it into the payment scalar.
fn pay_for_partial_signature_seller() {
    use ptlc::pay_for_partial_signature::partial_signature_scalar;
    let (offer, mut a_sig, _, signer) = pfps_session(40, 41, false);
    classify(&mut a_sig);
    let (pk, pubnonce) = offer.signer();
    let s = partial_signature_scalar(offer.session(), &a_sig, &pubnonce, &pk, 0);
    let s = s.expect("valid partial signature");
    black_box(&s);
    black_box(signer);
}

/// The buyer (S) completes with the revealed scalar and its own (secret until
/// aggregated) partial signature, plain and adaptor sessions.
fn pay_for_partial_signature_complete() {
    for adaptor in [false, true] {
        let (offer, a_sig, mut b_sig, _) = pfps_session(42, 43, adaptor);
        let mut s = PaymentScalar::from_bytes(&a_sig.to_bytes()).expect("scalar");
        classify(&mut s);
        classify(&mut b_sig);
        if adaptor {
            black_box(publish(
                offer.complete_adaptor(&s, &[b_sig]).expect("complete"),
            ));
        } else {
            black_box(publish(offer.complete(&s, &[b_sig]).expect("complete")));
        }
    }
}

// ---- deliberately leaky controls: valgrind must flag these ---------------------

/// Early-exit comparison: branches on secret bytes.
#[inline(never)]
fn leaky_branch() {
    let mut secret = secret_bytes(9);
    classify(&mut secret);
    let guess = black_box(secret_bytes(9));
    let mut equal = true;
    for (a, b) in secret.iter().zip(guess.iter()) {
        if a != b {
            equal = false;
            break;
        }
    }
    black_box(equal);
}

/// Table lookup indexed by a secret byte.
#[inline(never)]
fn leaky_index() {
    let mut secret = secret_bytes(10);
    classify(&mut secret);
    let table: [u8; 256] = black_box(core::array::from_fn(|i| i as u8));
    black_box(table[usize::from(secret[0])]);
}

type Check = (&'static str, fn());

const CHECKS: &[Check] = &[
    ("payment_scalar_parse", payment_scalar_parse),
    ("payment_scalar_random", payment_scalar_random),
    ("payment_scalar_point", payment_scalar_point),
    ("payment_scalar_opens", payment_scalar_opens),
    ("payment_scalar_eq", payment_scalar_eq),
    ("route_build_and_settle", route_build_and_settle),
    ("route_decorrelate", route_decorrelate),
    ("schnorr_presign", schnorr_presign),
    ("schnorr_adapt_extract", schnorr_adapt_extract),
    ("pay_for_signature_complete", pay_for_signature_complete),
    ("ecdsa_presign", ecdsa_presign),
    ("ecdsa_adapt_extract", ecdsa_adapt_extract),
    ("blob_seal", blob_seal),
    ("blob_open", blob_open),
    ("mailbox_path_build", mailbox_path_build),
    ("mailbox_onion_build", mailbox_onion_build),
    ("mailbox_peel_forward", mailbox_peel_forward),
    ("mailbox_peel_final", mailbox_peel_final),
    ("musig_nonce_gen", musig_nonce_gen),
    ("musig_sign", musig_sign),
    ("musig_sign_adaptor", musig_sign_adaptor),
    ("musig_deterministic_sign", musig_deterministic_sign),
    (
        "pay_for_partial_signature_seller",
        pay_for_partial_signature_seller,
    ),
    (
        "pay_for_partial_signature_complete",
        pay_for_partial_signature_complete,
    ),
];

fn main() -> ExitCode {
    ptlc::ctime_hooks::set_declassify_hook(vg::declassify_raw);
    let mode = std::env::args().nth(1).unwrap_or_else(|| "clean".into());
    let on_valgrind = vg::running_on_valgrind();
    match mode.as_str() {
        "list" => {
            for (name, _) in CHECKS {
                println!("{name}");
            }
            return ExitCode::SUCCESS;
        }
        "leaky-branch" => leaky_branch(),
        "leaky-index" => leaky_index(),
        filter => {
            let filter = if filter == "clean" { "" } else { filter };
            let mut ran = 0;
            for (name, check) in CHECKS.iter().filter(|(n, _)| n.contains(filter)) {
                eprintln!("ctime: {name}");
                check();
                ran += 1;
            }
            if ran == 0 {
                eprintln!("ctime: no check matches {filter:?}");
                return ExitCode::from(2);
            }
            eprintln!("ctime: ran {ran} checks");
        }
    }
    if !on_valgrind {
        // Natively nothing is checked: refuse to look like a pass.
        eprintln!("ctime: not running under valgrind; nothing was checked");
        return ExitCode::from(3);
    }
    ExitCode::SUCCESS
}
