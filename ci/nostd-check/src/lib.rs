//! Calls ptlc's heap-free API from a `#![no_std]` crate with no allocator.
#![no_std]

use ptlc::{PaymentPoint, PaymentScalar, RoutePayer};

/// Deterministic stand-in for a hardware RNG (the check is about linking, not
/// randomness).
struct CounterRng(u64);

impl ptlc::rand_core::RngCore for CounterRng {
    fn next_u32(&mut self) -> u32 {
        self.next_u64() as u32
    }
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0
    }
    fn fill_bytes(&mut self, dst: &mut [u8]) {
        for b in dst {
            *b = (self.next_u64() >> 56) as u8;
        }
    }
}

impl ptlc::rand_core::CryptoRng for CounterRng {}

/// Seeds ptlc's libsecp256k1 context once at start-up, as firmware does with
/// its hardware RNG; returns 1 if this call seeded it.
#[no_mangle]
pub extern "C" fn ptlc_nostd_seed(seed: u64) -> i32 {
    let mut bytes = [0u8; 32];
    ptlc::rand_core::RngCore::fill_bytes(&mut CounterRng(seed), &mut bytes);
    i32::from(ptlc::context::seed(&bytes))
}

/// Builds a two-hop route, settles it, and returns 1 on success.
#[no_mangle]
pub extern "C" fn ptlc_nostd_check(seed: u64) -> i32 {
    let mut rng = CounterRng(seed);
    let Ok(t) = PaymentScalar::random(&mut rng) else {
        return 0;
    };
    let mut payer = RoutePayer::new(t.point());
    let (Ok(hop2), Ok(hop1)) = (payer.add_upstream_hop(&mut rng), payer.add_upstream_hop(&mut rng)) else {
        return 0;
    };
    let Ok(x2) = hop2.upstream_scalar(&t) else { return 0 };
    let Ok(x1) = hop1.upstream_scalar(&x2) else { return 0 };
    let parsed = PaymentPoint::from_bytes(&payer.first_point().to_bytes());
    match (parsed, payer.proof_of_payment(&x1)) {
        (Ok(p), Ok(proof)) if p == hop1.incoming && proof == t => 1,
        _ => 0,
    }
}

/// Seals a package to a fresh recipient key into stack buffers, opens it and
/// parses it back; returns 1 on success.
#[no_mangle]
pub extern "C" fn ptlc_nostd_blob_check(seed: u64) -> i32 {
    use ptlc::blob::{open, seal};
    use ptlc::package::{Package, SecretSignature};
    use ptlc::secp256k1::{Keypair, SecretKey};
    let mut rng = CounterRng(seed);
    let mut sk_bytes = [0u8; 32];
    ptlc::rand_core::RngCore::fill_bytes(&mut rng, &mut sk_bytes);
    let Ok(sk) = SecretKey::from_secret_bytes(sk_bytes) else { return 0 };
    let kp = Keypair::from_secret_key(&sk);
    let pk = kp.public_key();
    let pkg = Package {
        transaction: &[2, 0, 0, 0, 1, 0xab],
        signer: kp.x_only_public_key().0,
        signature: SecretSignature::from_byte_array([7; 64]),
        amount_msat: 1_000,
        expiry: 2_000_000_000,
        note: None,
    };
    let mut tlv = [0u8; 256];
    let Ok(n) = pkg.encode(&mut tlv) else { return 0 };
    let mut blob = [0u8; 512];
    let Ok(m) = seal(&pk, b"mailbox", &tlv[..n], &mut rng, &mut blob) else { return 0 };
    let mut work = [0u8; 512];
    match open(&kp, b"mailbox", &blob[..m], &mut work).map(Package::parse) {
        Ok(Ok(p)) if p == pkg => 1,
        _ => 0,
    }
}

/// A 2-of-2 MuSig2 adaptor session on the stack: nonces, both partial
/// signatures, verification, aggregation to a pre-signature, adapt; returns 1
/// on success.
#[no_mangle]
pub extern "C" fn ptlc_nostd_musig_check(seed: u64) -> i32 {
    use ptlc::musig::{key_agg::KeyAggContext, nonces, session::Session, signing};
    use ptlc::schnorr_adaptor;
    use ptlc::secp256k1::Keypair;
    let mut rng = CounterRng(seed);
    let mut draw = || {
        let mut b = [0u8; 32];
        ptlc::rand_core::RngCore::fill_bytes(&mut rng, &mut b);
        b
    };
    let (Ok(a), Ok(b)) = (Keypair::from_secret_bytes(draw()), Keypair::from_secret_bytes(draw())) else {
        return 0;
    };
    let Ok(t) = PaymentScalar::from_bytes(&draw()) else { return 0 };
    let keys = [a.public_key().serialize(), b.public_key().serialize()];
    let Ok(ctx) = KeyAggContext::new(&keys).and_then(|c| c.taproot_tweak(None)) else { return 0 };
    let (Ok((a_sec, a_pub)), Ok((b_sec, b_pub))) = (
        nonces::nonce_gen_with_rand(&draw(), &a.public_key(), Default::default()),
        nonces::nonce_gen_with_rand(&draw(), &b.public_key(), Default::default()),
    ) else {
        return 0;
    };
    let msg = draw();
    let Ok(agg) = nonces::nonce_agg(&[a_pub.to_bytes(), b_pub.to_bytes()]) else { return 0 };
    let Ok(session) = Session::new(&ctx, &agg, &msg, Some(&t.point())) else { return 0 };
    let (Ok(a_sig), Ok(b_sig)) = (signing::sign(a_sec, &a, &session), signing::sign(b_sec, &b, &session)) else {
        return 0;
    };
    if signing::partial_sig_verify(&session, &b_sig, &b_pub, &b.public_key(), 1).is_err() {
        return 0;
    }
    let Ok(pre) = signing::partial_sig_agg_adaptor(&session, &[a_sig.to_bytes(), b_sig.to_bytes()]) else {
        return 0;
    };
    let key = ctx.x_only_public_key();
    match schnorr_adaptor::adapt(&pre, &t, &key, &msg) {
        Ok(sig) if schnorr_adaptor::extract(&pre, &sig, &t.point()).is_ok_and(|x| x == t) => 1,
        _ => 0,
    }
}

/// The mailbox route in stack buffers: the payee's blinded path (one relay),
/// the payer's onion message (one relay), peeled hop by hop to the mailbox;
/// returns 1 if the mailbox gets the mailbox id and the blob.
#[no_mangle]
pub extern "C" fn ptlc_nostd_mailbox_check(seed: u64) -> i32 {
    use ptlc::mailbox_route::{build_mailbox_path, build_onion, peel, BlindedPath, Peeled, SMALL_PACKET_LEN};
    use ptlc::secp256k1::{PublicKey, SecretKey};
    let mut rng = CounterRng(seed);
    let mut keys = [[0u8; 32]; 3];
    for k in &mut keys {
        ptlc::rand_core::RngCore::fill_bytes(&mut rng, k);
    }
    let (Ok(p1), Ok(q1), Ok(m)) = (
        SecretKey::from_secret_bytes(keys[0]),
        SecretKey::from_secret_bytes(keys[1]),
        SecretKey::from_secret_bytes(keys[2]),
    ) else {
        return 0;
    };
    let node = |sk: &SecretKey| PublicKey::from_secret_key(sk);
    let mut path = [0u8; 300];
    let Ok(n) = build_mailbox_path(&mut rng, &[node(&q1)], &node(&m), b"mailbox-7", &mut path) else {
        return 0;
    };
    let Ok(parsed) = BlindedPath::parse(&path[..n]) else { return 0 };
    let mut packet = [0u8; SMALL_PACKET_LEN];
    let Ok(msg) = build_onion(&mut rng, &[node(&p1)], &parsed, b"sealed blob", &mut packet) else {
        return 0;
    };
    let mut key = msg.path_key;
    for sk in [&p1, &q1, &m] {
        let mut out = [0u8; SMALL_PACKET_LEN];
        match peel(sk, &key, &packet, &mut out) {
            Ok(Peeled::Forward(f)) => {
                key = f.next_path_key;
                let mut next = [0u8; SMALL_PACKET_LEN];
                next.copy_from_slice(f.packet);
                packet = next;
            }
            Ok(Peeled::Final { path_id, blob }) => {
                return i32::from(path_id == b"mailbox-7" && blob == b"sealed blob");
            }
            Err(_) => return 0,
        }
    }
    0
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    loop {}
}
