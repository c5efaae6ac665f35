//! Cross-test of ptlc's MuSig2 sessions, with and without adaptor, against
//! secp256k1-zkp's C musig module (vendored revision
//! 6152622613fdf1c5af6f31f74c427c4e9ee120ce, compiled by build.rs).
//!
//! 1. Random sessions (1 to 3 signers, 0 to 2 random plain or x-only tweaks, an
//!    adaptor point in three sessions of four): the same aggregate key, the
//!    same public nonces from the same NonceGen inputs, the same aggregate
//!    nonce and nonce_parity; signers alternate between the implementations
//!    and every partial signature verifies in both; zkp's `pre_sig` and
//!    `nonce_parity` equal ptlc's pre-signature in zkp's form; zkp's
//!    `musig_adapt` and ptlc's `schnorr_adaptor::adapt` give the same BIP-340
//!    signature, and both extract `t`.
//! 2. test-vectors/musig_adaptor.json: zkp, given each valid case's NonceGen
//!    inputs, reproduces its public nonces, partial signatures, `zkp_pre_sig`,
//!    `nonce_parity` and adapted signature.
//!
//! `bash ci/zkp-musig.sh` (or `cargo run --release` here) exits non-zero on any
//! disagreement.
#![allow(unsafe_code)]

use std::os::raw::{c_char, c_int, c_uint, c_void};

use ptlc::musig::key_agg::{KeyAggContext, Tweak};
use ptlc::musig::nonces::{self, NonceGenInputs, PubNonce};
use ptlc::musig::session::{Session, ZkpPreSignature};
use ptlc::musig::signing::{self, PartialSignature};
use ptlc::schnorr_adaptor;
use ptlc::secp256k1::{schnorr, Keypair, PublicKey, Scalar};
use ptlc::PaymentScalar;

mod ffi {
    use super::*;

    #[repr(C)]
    pub struct Ctx {
        _p: [u8; 0],
    }
    macro_rules! opaque {
        ($name:ident, $n:expr) => {
            #[repr(C)]
            #[derive(Clone, Copy)]
            pub struct $name(pub [u8; $n]);
            impl $name {
                pub fn zero() -> Self {
                    Self([0; $n])
                }
            }
        };
    }
    opaque!(Pubkey, 64);
    opaque!(XonlyPubkey, 64);
    opaque!(ZKeypair, 96);
    opaque!(KeyaggCache, 197);
    opaque!(Secnonce, 132);
    opaque!(Pubnonce, 132);
    opaque!(Aggnonce, 132);
    opaque!(ZSession, 133);
    opaque!(PartialSig, 36);

    pub const CONTEXT_NONE: c_uint = 1;
    pub const EC_COMPRESSED: c_uint = (1 << 1) | (1 << 8);

    extern "C" {
        pub fn rustsecp256k1zkp_v0_10_0_context_preallocated_size(flags: c_uint) -> usize;
        pub fn rustsecp256k1zkp_v0_10_0_context_preallocated_create(
            prealloc: *mut c_void,
            flags: c_uint,
        ) -> *mut Ctx;
        pub fn rustsecp256k1zkp_v0_10_0_ec_pubkey_parse(
            ctx: *const Ctx,
            pk: *mut Pubkey,
            input: *const u8,
            len: usize,
        ) -> c_int;
        pub fn rustsecp256k1zkp_v0_10_0_ec_pubkey_serialize(
            ctx: *const Ctx,
            out: *mut u8,
            outlen: *mut usize,
            pk: *const Pubkey,
            flags: c_uint,
        ) -> c_int;
        pub fn rustsecp256k1zkp_v0_10_0_xonly_pubkey_serialize(
            ctx: *const Ctx,
            out32: *mut u8,
            pk: *const XonlyPubkey,
        ) -> c_int;
        pub fn rustsecp256k1zkp_v0_10_0_keypair_create(
            ctx: *const Ctx,
            kp: *mut ZKeypair,
            sk: *const u8,
        ) -> c_int;
        pub fn rustsecp256k1zkp_v0_10_0_musig_pubkey_agg(
            ctx: *const Ctx,
            scratch: *mut c_void,
            agg_pk: *mut XonlyPubkey,
            cache: *mut KeyaggCache,
            pubkeys: *const *const Pubkey,
            n: usize,
        ) -> c_int;
        pub fn rustsecp256k1zkp_v0_10_0_musig_pubkey_get(
            ctx: *const Ctx,
            agg_pk: *mut Pubkey,
            cache: *const KeyaggCache,
        ) -> c_int;
        pub fn rustsecp256k1zkp_v0_10_0_musig_pubkey_ec_tweak_add(
            ctx: *const Ctx,
            out: *mut Pubkey,
            cache: *mut KeyaggCache,
            tweak32: *const u8,
        ) -> c_int;
        pub fn rustsecp256k1zkp_v0_10_0_musig_pubkey_xonly_tweak_add(
            ctx: *const Ctx,
            out: *mut Pubkey,
            cache: *mut KeyaggCache,
            tweak32: *const u8,
        ) -> c_int;
        pub fn rustsecp256k1zkp_v0_10_0_musig_nonce_gen(
            ctx: *const Ctx,
            secnonce: *mut Secnonce,
            pubnonce: *mut Pubnonce,
            session_id32: *const u8,
            seckey: *const u8,
            pubkey: *const Pubkey,
            msg32: *const u8,
            cache: *const KeyaggCache,
            extra32: *const u8,
        ) -> c_int;
        pub fn rustsecp256k1zkp_v0_10_0_musig_pubnonce_parse(
            ctx: *const Ctx,
            nonce: *mut Pubnonce,
            in66: *const u8,
        ) -> c_int;
        pub fn rustsecp256k1zkp_v0_10_0_musig_pubnonce_serialize(
            ctx: *const Ctx,
            out66: *mut u8,
            nonce: *const Pubnonce,
        ) -> c_int;
        pub fn rustsecp256k1zkp_v0_10_0_musig_nonce_agg(
            ctx: *const Ctx,
            agg: *mut Aggnonce,
            pubnonces: *const *const Pubnonce,
            n: usize,
        ) -> c_int;
        pub fn rustsecp256k1zkp_v0_10_0_musig_aggnonce_serialize(
            ctx: *const Ctx,
            out66: *mut u8,
            nonce: *const Aggnonce,
        ) -> c_int;
        pub fn rustsecp256k1zkp_v0_10_0_musig_nonce_process(
            ctx: *const Ctx,
            session: *mut ZSession,
            agg: *const Aggnonce,
            msg32: *const u8,
            cache: *const KeyaggCache,
            adaptor: *const Pubkey,
        ) -> c_int;
        pub fn rustsecp256k1zkp_v0_10_0_musig_partial_sign(
            ctx: *const Ctx,
            psig: *mut PartialSig,
            secnonce: *mut Secnonce,
            kp: *const ZKeypair,
            cache: *const KeyaggCache,
            session: *const ZSession,
        ) -> c_int;
        pub fn rustsecp256k1zkp_v0_10_0_musig_partial_sig_verify(
            ctx: *const Ctx,
            psig: *const PartialSig,
            pubnonce: *const Pubnonce,
            pk: *const Pubkey,
            cache: *const KeyaggCache,
            session: *const ZSession,
        ) -> c_int;
        pub fn rustsecp256k1zkp_v0_10_0_musig_partial_sig_parse(
            ctx: *const Ctx,
            psig: *mut PartialSig,
            in32: *const u8,
        ) -> c_int;
        pub fn rustsecp256k1zkp_v0_10_0_musig_partial_sig_serialize(
            ctx: *const Ctx,
            out32: *mut u8,
            psig: *const PartialSig,
        ) -> c_int;
        pub fn rustsecp256k1zkp_v0_10_0_musig_partial_sig_agg(
            ctx: *const Ctx,
            sig64: *mut u8,
            session: *const ZSession,
            psigs: *const *const PartialSig,
            n: usize,
        ) -> c_int;
        pub fn rustsecp256k1zkp_v0_10_0_musig_nonce_parity(
            ctx: *const Ctx,
            parity: *mut c_int,
            session: *const ZSession,
        ) -> c_int;
        pub fn rustsecp256k1zkp_v0_10_0_musig_adapt(
            ctx: *const Ctx,
            sig64: *mut u8,
            pre_sig64: *const u8,
            sec_adaptor32: *const u8,
            nonce_parity: c_int,
        ) -> c_int;
        pub fn rustsecp256k1zkp_v0_10_0_musig_extract_adaptor(
            ctx: *const Ctx,
            sec_adaptor32: *mut u8,
            sig64: *const u8,
            pre_sig64: *const u8,
            nonce_parity: c_int,
        ) -> c_int;
    }

    /// libsecp256k1's illegal-argument callback (USE_EXTERNAL_DEFAULT_CALLBACKS).
    #[no_mangle]
    pub extern "C" fn rustsecp256k1zkp_v0_10_0_default_illegal_callback_fn(
        msg: *const c_char,
        _data: *mut c_void,
    ) {
        // SAFETY: libsecp256k1 passes a NUL-terminated message.
        let msg = unsafe { std::ffi::CStr::from_ptr(msg) };
        eprintln!("zkp-musig: libsecp256k1 illegal argument: {msg:?}");
        std::process::abort();
    }

    /// libsecp256k1's internal-error callback.
    #[no_mangle]
    pub extern "C" fn rustsecp256k1zkp_v0_10_0_default_error_callback_fn(
        msg: *const c_char,
        _data: *mut c_void,
    ) {
        rustsecp256k1zkp_v0_10_0_default_illegal_callback_fn(msg, _data);
    }
}

use ffi::*;

/// A thin safe layer over the C calls; every call's return code is checked.
struct Zkp {
    ctx: *mut Ctx,
    _mem: Vec<u64>,
}

fn ok(rc: c_int, what: &str) {
    assert_eq!(rc, 1, "zkp {what} failed");
}

impl Zkp {
    fn new() -> Self {
        // SAFETY: the buffer is at least the size libsecp256k1 asks for and
        // 8-byte aligned; it lives as long as the context.
        unsafe {
            let size = rustsecp256k1zkp_v0_10_0_context_preallocated_size(CONTEXT_NONE);
            let mut mem = vec![0u64; size.div_ceil(8)];
            let ctx = rustsecp256k1zkp_v0_10_0_context_preallocated_create(
                mem.as_mut_ptr().cast(),
                CONTEXT_NONE,
            );
            assert!(!ctx.is_null());
            Self { ctx, _mem: mem }
        }
    }

    fn pubkey(&self, bytes: &[u8; 33]) -> Pubkey {
        let mut pk = Pubkey::zero();
        // SAFETY: valid pointers to live buffers of the stated sizes (as below).
        ok(
            unsafe {
                rustsecp256k1zkp_v0_10_0_ec_pubkey_parse(self.ctx, &mut pk, bytes.as_ptr(), 33)
            },
            "pubkey_parse",
        );
        pk
    }

    fn pubkey_bytes(&self, pk: &Pubkey) -> [u8; 33] {
        let mut out = [0u8; 33];
        let mut len = 33usize;
        ok(
            unsafe {
                rustsecp256k1zkp_v0_10_0_ec_pubkey_serialize(
                    self.ctx,
                    out.as_mut_ptr(),
                    &mut len,
                    pk,
                    EC_COMPRESSED,
                )
            },
            "pubkey_serialize",
        );
        out
    }

    fn key_agg(&self, pks: &[Pubkey]) -> ([u8; 32], KeyaggCache) {
        let ptrs: Vec<*const Pubkey> = pks.iter().map(|p| p as *const Pubkey).collect();
        let mut agg = XonlyPubkey::zero();
        let mut cache = KeyaggCache::zero();
        ok(
            unsafe {
                rustsecp256k1zkp_v0_10_0_musig_pubkey_agg(
                    self.ctx,
                    std::ptr::null_mut(),
                    &mut agg,
                    &mut cache,
                    ptrs.as_ptr(),
                    ptrs.len(),
                )
            },
            "pubkey_agg",
        );
        let mut x = [0u8; 32];
        ok(
            unsafe {
                rustsecp256k1zkp_v0_10_0_xonly_pubkey_serialize(self.ctx, x.as_mut_ptr(), &agg)
            },
            "xonly_serialize",
        );
        (x, cache)
    }

    fn tweak(&self, cache: &mut KeyaggCache, tweak: &Tweak) -> [u8; 33] {
        let mut out = Pubkey::zero();
        let rc = unsafe {
            if tweak.is_xonly() {
                rustsecp256k1zkp_v0_10_0_musig_pubkey_xonly_tweak_add(
                    self.ctx,
                    &mut out,
                    cache,
                    tweak.bytes().as_ptr(),
                )
            } else {
                rustsecp256k1zkp_v0_10_0_musig_pubkey_ec_tweak_add(
                    self.ctx,
                    &mut out,
                    cache,
                    tweak.bytes().as_ptr(),
                )
            }
        };
        ok(rc, "tweak_add");
        self.pubkey_bytes(&out)
    }

    fn agg_pk(&self, cache: &KeyaggCache) -> [u8; 33] {
        let mut pk = Pubkey::zero();
        ok(
            unsafe { rustsecp256k1zkp_v0_10_0_musig_pubkey_get(self.ctx, &mut pk, cache) },
            "pubkey_get",
        );
        self.pubkey_bytes(&pk)
    }

    #[allow(clippy::too_many_arguments)]
    fn nonce_gen(
        &self,
        rand: &[u8; 32],
        sk: Option<&[u8; 32]>,
        pk: &Pubkey,
        msg: Option<&[u8; 32]>,
        cache: Option<&KeyaggCache>,
        extra: Option<&[u8; 32]>,
    ) -> (Secnonce, [u8; 66]) {
        let mut sec = Secnonce::zero();
        let mut pubn = Pubnonce::zero();
        let p = |o: Option<&[u8; 32]>| o.map_or(std::ptr::null(), |b| b.as_ptr());
        let c = cache.map_or(std::ptr::null(), |c| c as *const KeyaggCache);
        ok(
            unsafe {
                rustsecp256k1zkp_v0_10_0_musig_nonce_gen(
                    self.ctx,
                    &mut sec,
                    &mut pubn,
                    rand.as_ptr(),
                    p(sk),
                    pk,
                    p(msg),
                    c,
                    p(extra),
                )
            },
            "nonce_gen",
        );
        let mut out = [0u8; 66];
        ok(
            unsafe {
                rustsecp256k1zkp_v0_10_0_musig_pubnonce_serialize(self.ctx, out.as_mut_ptr(), &pubn)
            },
            "pubnonce_serialize",
        );
        (sec, out)
    }

    fn pubnonce(&self, bytes: &[u8; 66]) -> Pubnonce {
        let mut n = Pubnonce::zero();
        ok(
            unsafe {
                rustsecp256k1zkp_v0_10_0_musig_pubnonce_parse(self.ctx, &mut n, bytes.as_ptr())
            },
            "pubnonce_parse",
        );
        n
    }

    fn nonce_agg(&self, nonces: &[Pubnonce]) -> (Aggnonce, [u8; 66]) {
        let ptrs: Vec<*const Pubnonce> = nonces.iter().map(|p| p as *const Pubnonce).collect();
        let mut agg = Aggnonce::zero();
        ok(
            unsafe {
                rustsecp256k1zkp_v0_10_0_musig_nonce_agg(
                    self.ctx,
                    &mut agg,
                    ptrs.as_ptr(),
                    ptrs.len(),
                )
            },
            "nonce_agg",
        );
        let mut out = [0u8; 66];
        ok(
            unsafe {
                rustsecp256k1zkp_v0_10_0_musig_aggnonce_serialize(self.ctx, out.as_mut_ptr(), &agg)
            },
            "aggnonce_serialize",
        );
        (agg, out)
    }

    fn session(
        &self,
        agg: &Aggnonce,
        msg: &[u8; 32],
        cache: &KeyaggCache,
        adaptor: Option<&Pubkey>,
    ) -> (ZSession, bool) {
        let mut s = ZSession::zero();
        let a = adaptor.map_or(std::ptr::null(), |p| p as *const Pubkey);
        ok(
            unsafe {
                rustsecp256k1zkp_v0_10_0_musig_nonce_process(
                    self.ctx,
                    &mut s,
                    agg,
                    msg.as_ptr(),
                    cache,
                    a,
                )
            },
            "nonce_process",
        );
        let mut parity: c_int = -1;
        ok(
            unsafe { rustsecp256k1zkp_v0_10_0_musig_nonce_parity(self.ctx, &mut parity, &s) },
            "nonce_parity",
        );
        (s, parity == 1)
    }

    fn sign(
        &self,
        mut sec: Secnonce,
        sk: &[u8; 32],
        cache: &KeyaggCache,
        session: &ZSession,
    ) -> [u8; 32] {
        let mut kp = ZKeypair::zero();
        ok(
            unsafe { rustsecp256k1zkp_v0_10_0_keypair_create(self.ctx, &mut kp, sk.as_ptr()) },
            "keypair_create",
        );
        let mut psig = PartialSig::zero();
        ok(
            unsafe {
                rustsecp256k1zkp_v0_10_0_musig_partial_sign(
                    self.ctx, &mut psig, &mut sec, &kp, cache, session,
                )
            },
            "partial_sign",
        );
        let mut out = [0u8; 32];
        ok(
            unsafe {
                rustsecp256k1zkp_v0_10_0_musig_partial_sig_serialize(
                    self.ctx,
                    out.as_mut_ptr(),
                    &psig,
                )
            },
            "partial_sig_serialize",
        );
        out
    }

    fn psig(&self, bytes: &[u8; 32]) -> PartialSig {
        let mut p = PartialSig::zero();
        ok(
            unsafe {
                rustsecp256k1zkp_v0_10_0_musig_partial_sig_parse(self.ctx, &mut p, bytes.as_ptr())
            },
            "partial_sig_parse",
        );
        p
    }

    fn verify(
        &self,
        psig: &[u8; 32],
        pubnonce: &Pubnonce,
        pk: &Pubkey,
        cache: &KeyaggCache,
        session: &ZSession,
    ) -> bool {
        let p = self.psig(psig);
        unsafe {
            rustsecp256k1zkp_v0_10_0_musig_partial_sig_verify(
                self.ctx, &p, pubnonce, pk, cache, session,
            ) == 1
        }
    }

    fn agg(&self, session: &ZSession, psigs: &[[u8; 32]]) -> [u8; 64] {
        let parsed: Vec<PartialSig> = psigs.iter().map(|p| self.psig(p)).collect();
        let ptrs: Vec<*const PartialSig> = parsed.iter().map(|p| p as *const PartialSig).collect();
        let mut out = [0u8; 64];
        ok(
            unsafe {
                rustsecp256k1zkp_v0_10_0_musig_partial_sig_agg(
                    self.ctx,
                    out.as_mut_ptr(),
                    session,
                    ptrs.as_ptr(),
                    ptrs.len(),
                )
            },
            "partial_sig_agg",
        );
        out
    }

    fn adapt(&self, pre_sig: &[u8; 64], t: &[u8; 32], parity: bool) -> [u8; 64] {
        let mut out = [0u8; 64];
        ok(
            unsafe {
                rustsecp256k1zkp_v0_10_0_musig_adapt(
                    self.ctx,
                    out.as_mut_ptr(),
                    pre_sig.as_ptr(),
                    t.as_ptr(),
                    c_int::from(parity),
                )
            },
            "adapt",
        );
        out
    }

    fn extract(&self, sig: &[u8; 64], pre_sig: &[u8; 64], parity: bool) -> [u8; 32] {
        let mut out = [0u8; 32];
        ok(
            unsafe {
                rustsecp256k1zkp_v0_10_0_musig_extract_adaptor(
                    self.ctx,
                    out.as_mut_ptr(),
                    sig.as_ptr(),
                    pre_sig.as_ptr(),
                    c_int::from(parity),
                )
            },
            "extract_adaptor",
        );
        out
    }
}

/// A deterministic test-input stream (splitmix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn bytes(&mut self) -> [u8; 32] {
        let mut b = [0u8; 32];
        for c in b.chunks_mut(8) {
            c.copy_from_slice(&self.next().to_le_bytes());
        }
        b
    }
    fn scalar(&mut self) -> [u8; 32] {
        loop {
            let b = self.bytes();
            if Scalar::from_be_bytes(b).is_ok() && b != [0; 32] {
                return b;
            }
        }
    }
}

fn random_session(zkp: &Zkp, seed: u64) {
    let mut rng = Rng(seed);
    let n = 1 + (rng.next() % 3) as usize;
    let sks: Vec<[u8; 32]> = (0..n).map(|_| rng.scalar()).collect();
    let keypairs: Vec<Keypair> = sks
        .iter()
        .map(|s| Keypair::from_secret_bytes(*s).unwrap())
        .collect();
    let pks: Vec<PublicKey> = keypairs.iter().map(Keypair::public_key).collect();
    let pk_bytes: Vec<[u8; 33]> = pks.iter().map(PublicKey::serialize).collect();
    let zpks: Vec<Pubkey> = pk_bytes.iter().map(|b| zkp.pubkey(b)).collect();

    let mut ctx = KeyAggContext::new(&pk_bytes).unwrap();
    let (x, mut cache) = zkp.key_agg(&zpks);
    assert_eq!(
        x,
        ctx.x_only_public_key().to_byte_array(),
        "seed {seed}: key agg"
    );
    for _ in 0..rng.next() % 3 {
        let t = rng.scalar();
        let tweak = if rng.next().is_multiple_of(2) {
            Tweak::XOnly(t)
        } else {
            Tweak::Plain(t)
        };
        ctx = ctx.apply_tweak(&tweak).unwrap();
        assert_eq!(
            zkp.tweak(&mut cache, &tweak),
            ctx.aggregate_key().serialize(),
            "seed {seed}: tweak"
        );
    }
    assert_eq!(
        zkp.agg_pk(&cache),
        ctx.aggregate_key().serialize(),
        "seed {seed}"
    );
    let msg = rng.bytes();
    let aggpk = ctx.x_only_public_key().to_byte_array();
    let t = PaymentScalar::from_bytes(&rng.scalar()).unwrap();
    let adaptor = (!rng.next().is_multiple_of(4)).then(|| t.point());
    let zadaptor = adaptor.map(|p| zkp.pubkey(&p.to_bytes()));

    let mut ours_sec = Vec::new();
    let mut their_sec = Vec::new();
    let mut pubnonces = Vec::new();
    for (i, kp) in keypairs.iter().enumerate() {
        let rand = rng.bytes();
        let extra = rng.bytes();
        let mask = rng.next();
        let (with_sk, with_msg, with_agg, with_extra) =
            (mask & 1 != 0, mask & 2 != 0, mask & 4 != 0, mask & 8 != 0);
        let sk = kp.secret_key();
        let inputs = NonceGenInputs {
            secret_key: with_sk.then_some(&sk),
            aggregate_key: with_agg.then_some(&aggpk),
            message: with_msg.then_some(&msg[..]),
            extra_input: with_extra.then_some(&extra[..]),
        };
        let (s, p) = nonces::nonce_gen_with_rand(&rand, &pks[i], inputs).unwrap();
        let (zs, zp) = zkp.nonce_gen(
            &rand,
            with_sk.then_some(&sks[i]),
            &zpks[i],
            with_msg.then_some(&msg),
            with_agg.then_some(&cache),
            with_extra.then_some(&extra),
        );
        assert_eq!(p.to_bytes(), zp, "seed {seed}: nonce_gen of signer {i}");
        ours_sec.push(Some(s));
        their_sec.push(Some(zs));
        pubnonces.push(p);
    }
    let pub_bytes: Vec<[u8; 66]> = pubnonces.iter().map(PubNonce::to_bytes).collect();
    let zpubs: Vec<Pubnonce> = pub_bytes.iter().map(|b| zkp.pubnonce(b)).collect();
    let aggnonce = nonces::nonce_agg(&pub_bytes).unwrap();
    let (zagg, zagg_bytes) = zkp.nonce_agg(&zpubs);
    assert_eq!(aggnonce.to_bytes(), zagg_bytes, "seed {seed}: nonce agg");

    let session = Session::new(&ctx, &aggnonce, &msg, adaptor.as_ref()).unwrap();
    let (zsession, zparity) = zkp.session(&zagg, &msg, &cache, zadaptor.as_ref());
    assert_eq!(session.nonce_parity(), zparity, "seed {seed}: nonce_parity");

    let mut psigs = Vec::new();
    for i in 0..n {
        let psig = if (i as u64 + seed).is_multiple_of(2) {
            signing::sign(ours_sec[i].take().unwrap(), &keypairs[i], &session)
                .unwrap()
                .to_bytes()
        } else {
            zkp.sign(their_sec[i].take().unwrap(), &sks[i], &cache, &zsession)
        };
        let parsed = PartialSignature::from_bytes(&psig).unwrap();
        signing::partial_sig_verify(&session, &parsed, &pubnonces[i], &pks[i], i).unwrap();
        assert!(
            zkp.verify(&psig, &zpubs[i], &zpks[i], &cache, &zsession),
            "seed {seed}: zkp verify {i}"
        );
        psigs.push(psig);
    }
    let zpre = zkp.agg(&zsession, &psigs);
    let key = ctx.x_only_public_key();
    match adaptor {
        None => {
            let sig = signing::partial_sig_agg(&session, &psigs).unwrap();
            assert_eq!(*sig.as_byte_array(), zpre, "seed {seed}: plain aggregate");
            schnorr::verify(&sig, &msg, &key).unwrap();
        }
        Some(point) => {
            let pre = signing::partial_sig_agg_adaptor(&session, &psigs).unwrap();
            let form = ZkpPreSignature::from_pre_signature(&pre);
            assert_eq!(
                (form.pre_sig, form.nonce_parity),
                (zpre, zparity),
                "seed {seed}: pre_sig"
            );
            assert_eq!(form.to_pre_signature().unwrap(), pre);
            schnorr_adaptor::verify(&pre, &key, &msg, &point).unwrap();
            let sig = schnorr_adaptor::adapt(&pre, &t, &key, &msg).unwrap();
            let zsig = zkp.adapt(&zpre, t.expose_secret(), zparity);
            assert_eq!(*sig.as_byte_array(), zsig, "seed {seed}: adapt");
            schnorr::verify(&sig, &msg, &key).unwrap();
            assert_eq!(
                &zkp.extract(&zsig, &zpre, zparity),
                t.expose_secret(),
                "seed {seed}: zkp extract"
            );
            assert_eq!(schnorr_adaptor::extract(&pre, &sig, &point).unwrap(), t);
        }
    }
}

fn unhex<const N: usize>(v: &serde_json::Value) -> [u8; N] {
    let s = v.as_str().expect("hex string");
    let bytes: Vec<u8> = (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
        .collect();
    bytes.try_into().expect("length")
}

/// zkp reproduces every valid case of test-vectors/musig_adaptor.json.
fn vector_file(zkp: &Zkp) -> usize {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../test-vectors/musig_adaptor.json"
    );
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let cases = doc["valid"].as_array().unwrap();
    for c in cases {
        let sks: Vec<[u8; 32]> = c["secret_keys"]
            .as_array()
            .unwrap()
            .iter()
            .map(unhex::<32>)
            .collect();
        let zpks: Vec<Pubkey> = c["public_keys"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| zkp.pubkey(&unhex::<33>(p)))
            .collect();
        let (_, mut cache) = zkp.key_agg(&zpks);
        for t in c["tweaks"].as_array().unwrap() {
            let v = unhex::<32>(&t["tweak"]);
            let tweak = if t["is_xonly"].as_bool().unwrap() {
                Tweak::XOnly(v)
            } else {
                Tweak::Plain(v)
            };
            zkp.tweak(&mut cache, &tweak);
        }
        let msg = unhex::<32>(&c["message"]);
        let mut secs = Vec::new();
        let mut pubs = Vec::new();
        for (j, rand) in c["nonce_rands"].as_array().unwrap().iter().enumerate() {
            let (s, p) = zkp.nonce_gen(
                &unhex(rand),
                Some(&sks[j]),
                &zpks[j],
                Some(&msg),
                Some(&cache),
                None,
            );
            assert_eq!(
                p,
                unhex::<66>(&c["pubnonces"][j]),
                "{}: pubnonce {j}",
                c["comment"]
            );
            secs.push(s);
            pubs.push(zkp.pubnonce(&p));
        }
        let (agg, agg_bytes) = zkp.nonce_agg(&pubs);
        assert_eq!(agg_bytes, unhex::<66>(&c["aggnonce"]));
        let adaptor = zkp.pubkey(&unhex::<33>(&c["adaptor"]));
        let (session, parity) = zkp.session(&agg, &msg, &cache, Some(&adaptor));
        assert_eq!(
            parity,
            c["nonce_parity"].as_bool().unwrap(),
            "{}",
            c["comment"]
        );
        let psigs: Vec<[u8; 32]> = secs
            .into_iter()
            .enumerate()
            .map(|(j, s)| zkp.sign(s, &sks[j], &cache, &session))
            .collect();
        for (j, p) in psigs.iter().enumerate() {
            assert_eq!(
                *p,
                unhex::<32>(&c["partial_signatures"][j]),
                "{}: psig {j}",
                c["comment"]
            );
        }
        let pre = zkp.agg(&session, &psigs);
        assert_eq!(pre, unhex::<64>(&c["zkp_pre_sig"]), "{}", c["comment"]);
        let sig = zkp.adapt(&pre, &unhex::<32>(&c["adaptor_secret"]), parity);
        assert_eq!(sig, unhex::<64>(&c["signature"]), "{}", c["comment"]);
    }
    cases.len()
}

fn main() {
    let sessions: u64 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(500);
    let zkp = Zkp::new();
    for seed in 0..sessions {
        random_session(&zkp, seed);
    }
    println!("zkp-musig: ok: {sessions} random sessions agree with secp256k1-zkp's musig module");
    let n = vector_file(&zkp);
    println!("zkp-musig: ok: secp256k1-zkp reproduces all {n} valid cases of test-vectors/musig_adaptor.json");
}
