//! Issue 16's targets: every secret-key operation of ptlc beside libsecp256k1
//! itself with a long-lived context (as Bitcoin Core, secp256k1-zkp's users and
//! C firmware run it), and beside secp256k1 0.33's context-free wrapper, in
//! the same interleaved run (benches/common/paired.rs): each batch cycles
//! through 32 seeded random fixtures, the side that goes first rotates, and
//! each row gives the median and quartiles of the per-round ratios to the C.
//!
//! The C baseline is the same libsecp256k1 the `secp256k1` crate links
//! (secp256k1-sys 0.14) called over FFI with a context made (and randomized)
//! once, or secp256k1-zkp 0.11's context API for the ECDSA adaptor rows (its
//! bundled C has the `ecdsa_adaptor` module).
//!
//! ```text
//! cargo bench --bench libsecp256k1_paired
//! cargo bench --bench libsecp256k1_paired --features rerandomize
//! cargo bench --bench libsecp256k1_paired --no-default-features --features alloc
//! ```
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::hint::black_box;

use chacha20poly1305::{AeadInOut, ChaCha20Poly1305, Key, KeyInit, Nonce, Tag};
use ptlc::blob::{open, opened_buffer_len, seal, sealed_len, HEADER_LEN, TAG_LEN};
use ptlc::ecdsa_adaptor;
use ptlc::secp256k1::ffi::types::AlignedType;
use ptlc::secp256k1::ffi::{self, CPtr};
use ptlc::secp256k1::{ecdh, ecdsa, schnorr, Keypair, PublicKey, SecretKey};
use ptlc::{schnorr_adaptor, PaymentScalar};
use rand_chacha::rand_core::{RngCore, SeedableRng};
use rand_chacha::ChaCha20Rng;
use secp256k1_zkp as zkp;
use std::ptr::NonNull;

#[path = "common/paired.rs"]
mod common;
#[path = "common/ecdsa_fixture.rs"]
mod ecdsa_fixture;
use common::{cycle, paired_sides};

const FIXTURES: usize = 32;
const ROUNDS: usize = 101;

/// libsecp256k1 with a context made and randomized once (on a heap buffer,
/// so the same code runs whether or not secp256k1's `alloc` is on).
struct C {
    ctx: NonNull<ffi::Context>,
    _buf: Box<[AlignedType]>,
}

impl C {
    fn new() -> Self {
        // SAFETY: a size query; then the context is created in a buffer of
        // that many bytes (16-byte aligned `AlignedType`s), which `C` owns
        // and never moves (a boxed slice), and randomized with a 32-byte seed.
        unsafe {
            let size = ffi::secp256k1_context_preallocated_size(ffi::SECP256K1_START_SIGN);
            let mut buf = vec![AlignedType::zeroed(); size.div_ceil(16)].into_boxed_slice();
            let ctx = ffi::secp256k1_context_preallocated_create(
                NonNull::new(buf.as_mut_ptr().cast()).unwrap(),
                ffi::SECP256K1_START_SIGN,
            );
            assert_eq!(
                ffi::secp256k1_context_randomize(ctx, [0x5a; 32].as_ptr()),
                1
            );
            C { ctx, _buf: buf }
        }
    }

    /// `secp256k1_ec_pubkey_create`.
    fn pubkey_create(&self, sk: &SecretKey) -> ffi::PublicKey {
        // SAFETY: `self.ctx` is the context `self` owns, alive for the
        // call; `out` is the 64-byte type the function writes through its
        // out-pointer (zeroed by `new`, used only as that); `sk.as_c_ptr()`
        // points to the 32 secret-key bytes it reads.
        let (ret, out) = unsafe {
            let mut out = ffi::PublicKey::new();
            let ret = ffi::secp256k1_ec_pubkey_create(self.ctx.as_ptr(), &mut out, sk.as_c_ptr());
            (ret, out)
        };
        assert_eq!(ret, 1);
        out
    }

    /// BIP-340 `secp256k1_schnorrsig_sign32`.
    fn schnorr_sign(&self, msg: &[u8; 32], kp: &Keypair, aux: &[u8; 32]) -> [u8; 64] {
        let mut sig = [0u8; 64];
        // SAFETY: the context as above; `sig` is 64 writable bytes, `msg` and
        // `aux` 32 readable bytes each, `kp.as_c_ptr()` a valid keypair.
        let ret = unsafe {
            ffi::secp256k1_schnorrsig_sign32(
                self.ctx.as_ptr(),
                sig.as_mut_ptr(),
                msg.as_ptr(),
                kp.as_c_ptr(),
                aux.as_ptr(),
            )
        };
        assert_eq!(ret, 1);
        sig
    }
}

/// `cargo bench --bench libsecp256k1_paired -- WORD` runs only the rows whose
/// name contains WORD.
fn selected(name: &str) -> bool {
    std::env::args()
        .skip(1)
        .find(|a| !a.starts_with("--"))
        .is_none_or(|w| name.contains(w.as_str()))
}

fn row(name: &str, iters: u32, sides: &mut [&mut dyn FnMut()]) {
    if !selected(name) {
        return;
    }
    let r = paired_sides(iters, ROUNDS, sides);
    let c = r.last().unwrap();
    let ours = &r[0];
    let mut line = format!(
        "{name:<34} ptlc {:>8.2} us  C {:>8.2} us  ptlc/C {:.3} ({:.3}..{:.3})",
        ours.us, c.us, ours.ratio_median, ours.ratio_q1, ours.ratio_q3
    );
    if r.len() == 3 {
        let w = &r[1];
        line += &format!(
            "  | 0.33 wrapper {:>8.2} us  wrapper/C {:.3} ({:.3}..{:.3})",
            w.us, w.ratio_median, w.ratio_q1, w.ratio_q3
        );
    }
    println!("{line}");
}

fn draw(rng: &mut ChaCha20Rng) -> [u8; 32] {
    let mut b = [0u8; 32];
    rng.fill_bytes(&mut b);
    b
}

/// The secret-key fixtures of the Schnorr and base-multiplication rows.
struct Fx {
    t: PaymentScalar,
    sk: SecretKey,
    kp: Keypair,
    point: ptlc::PaymentPoint,
    msg: [u8; 32],
    aux: [u8; 32],
}

impl Fx {
    fn new(rng: &mut ChaCha20Rng) -> Self {
        let t = PaymentScalar::from_bytes(&draw(rng)).unwrap();
        let sk = SecretKey::from_secret_bytes(draw(rng)).unwrap();
        let point = PaymentScalar::from_bytes(&draw(rng)).unwrap().point();
        Fx {
            t,
            sk,
            kp: Keypair::from_secret_key(&sk),
            point,
            msg: draw(rng),
            aux: draw(rng),
        }
    }
}

/// A 1 KiB TLV stream: one odd-typed record (type 1, 1020-byte value).
fn plaintext_1k() -> Vec<u8> {
    let mut pt = vec![0x01, 0xfd, 0x03, 0xfc];
    pt.resize(1024, 0x42);
    pt
}

/// ChaCha20-Poly1305 of `buf` in place under the x-coordinate of `xy`.
fn aead_seal(xy: &[u8; 64], buf: &mut [u8]) -> Tag {
    cipher(xy)
        .encrypt_inout_detached(&Nonce::default(), b"mailbox", buf.into())
        .unwrap()
}

/// Copies `ct` to `body` and decrypts it in place, checking `tag`.
fn aead_open(xy: &[u8; 64], ct: &[u8], tag: &Tag, body: &mut [u8]) {
    body.copy_from_slice(ct);
    cipher(xy)
        .decrypt_inout_detached(&Nonce::default(), b"mailbox", body.into(), tag)
        .unwrap();
}

fn cipher(xy: &[u8; 64]) -> ChaCha20Poly1305 {
    let mut key = [0u8; 32];
    key.copy_from_slice(&xy[..32]);
    ChaCha20Poly1305::new(&Key::from(key))
}

fn main() {
    println!(
        "mode: {}, {}",
        if cfg!(feature = "rerandomize") {
            "rerandomize"
        } else {
            "default (randomized once)"
        },
        if cfg!(feature = "std") {
            "std"
        } else {
            "no std"
        }
    );
    let c = C::new();
    let mut rng = ChaCha20Rng::seed_from_u64(16);
    let fx: Vec<Fx> = (0..FIXTURES).map(|_| Fx::new(&mut rng)).collect();
    let n = FIXTURES as u32;
    let (mut a, mut b, mut d) = (cycle(&fx), cycle(&fx), cycle(&fx));

    row(
        "PaymentScalar::point / pubkey_create",
        n,
        &mut [
            &mut || {
                black_box(black_box(&a().t).point());
            },
            &mut || {
                black_box(PublicKey::from_secret_key(black_box(&b().sk)));
            },
            &mut || {
                black_box(c.pubkey_create(black_box(&d().sk)));
            },
        ],
    );
    let mut presign = || {
        let f = a();
        black_box(schnorr_adaptor::presign(
            &f.kp,
            black_box(&f.msg),
            &f.point,
            &f.aux,
        ));
    };
    row(
        "Schnorr presign / BIP-340 sign",
        n,
        &mut [
            &mut presign,
            &mut || {
                let f = b();
                black_box(schnorr::sign_with_aux_rand(
                    black_box(&f.msg),
                    &f.kp,
                    &f.aux,
                ));
            },
            &mut || {
                let f = d();
                black_box(c.schnorr_sign(black_box(&f.msg), &f.kp, &f.aux));
            },
        ],
    );
    // What bounds presign: BIP-340 signing's work plus the one step an
    // adaptor signature adds, R' = k·G + T (`ec_pubkey_combine`: a point
    // addition and its constant-time normalization to affine coordinates).
    let kg: Vec<PublicKey> = fx
        .iter()
        .map(|f| PublicKey::from_secret_key(&f.sk))
        .collect();
    let (mut ga, mut gb) = (cycle(&kg), cycle(&fx));
    row(
        "(bound) presign / C sign + combine",
        n,
        &mut [&mut presign, &mut || {
            let f = gb();
            black_box(c.schnorr_sign(black_box(&f.msg), &f.kp, &f.aux));
            black_box(ga().combine(f.point.as_public_key())).unwrap();
        }],
    );
    let sigs: Vec<_> = fx
        .iter()
        .map(|f| {
            let pre = schnorr_adaptor::presign(&f.kp, &f.msg, &f.point, &f.aux);
            let sig = schnorr::sign_with_aux_rand(&f.msg, &f.kp, &f.aux);
            (f, pre, sig, f.kp.x_only_public_key().0)
        })
        .collect();
    let (mut sa, mut sb) = (cycle(&sigs), cycle(&sigs));
    let mut verify = || {
        let (f, pre, _, pk) = sa();
        black_box(schnorr_adaptor::verify(
            black_box(pre),
            pk,
            &f.msg,
            &f.point,
        ))
        .unwrap();
    };
    row(
        "(public) Schnorr pre-sig verify / verify",
        n,
        &mut [&mut verify, &mut || {
            let (f, _, sig, pk) = sb();
            black_box(schnorr::verify(black_box(sig), &f.msg, pk)).unwrap();
        }],
    );

    // What bounds pre-signature verify: libsecp256k1 exports no multi-scalar
    // multiplication, so `e·P − s'·G` is one ECDSA key recovery (a scalar
    // inversion, Strauss, a normalization) with r = x(P), and R' + Q one more
    // point addition and normalization (`combine`).
    let recs: Vec<_> = sigs
        .iter()
        .map(|(f, pre, _, pk)| {
            let mut compact = [0u8; 64];
            compact[..32].copy_from_slice(&pk.to_byte_array());
            compact[32..].copy_from_slice(&f.aux);
            let rec = ecdsa::RecoverableSignature::from_compact(&compact, ecdsa::RecoveryId::Zero)
                .unwrap();
            (rec, f.msg, pre.nonce())
        })
        .collect();
    let mut rc = cycle(&recs);
    row(
        "(bound) pre-sig verify / recover+combine",
        n,
        &mut [&mut verify, &mut || {
            let (rec, msg, nonce) = rc();
            let q = black_box(rec)
                .recover(ptlc::secp256k1::Message::from_digest(*msg))
                .unwrap();
            black_box(nonce.combine(&q)).unwrap();
        }],
    );

    let ex: Vec<ecdsa_fixture::Fixture> = (0..FIXTURES as u64)
        .map(ecdsa_fixture::Fixture::from_seed)
        .collect();
    let (mut ea, mut eb) = (cycle(&ex), cycle(&ex));
    // Short batches (8 calls of about 90 us): on a shared machine a batch of
    // 32 is long enough to be hit by preemption often, widening the quartiles.
    row(
        "ECDSA presign / zkp encrypt",
        8,
        &mut [
            &mut || {
                let f = ea();
                black_box(ecdsa_adaptor::presign(
                    &f.sk,
                    black_box(&f.msg),
                    &f.point,
                    &f.aux,
                ));
            },
            &mut || {
                let f = eb();
                black_box(zkp::EcdsaAdaptorSignature::encrypt_with_aux_rand(
                    &f.secp,
                    black_box(&f.zmsg),
                    &f.zsk,
                    &f.zpoint,
                    &f.aux,
                ));
            },
        ],
    );
    row(
        "ECDSA extract / zkp recover",
        n,
        &mut [
            &mut || {
                let f = ea();
                black_box(ecdsa_adaptor::extract(black_box(&f.pre), &f.sig, &f.point)).unwrap();
            },
            &mut || {
                let f = eb();
                black_box(black_box(&f.zpre).recover(&f.secp, &f.zsig, &f.zpoint)).unwrap();
            },
        ],
    );

    // Sealed blobs: 1 KiB plaintext. The baselines encrypt as many bytes as
    // the blob's body (the padded frame ptlc encrypts).
    let pt = plaintext_1k();
    let blob_len = sealed_len(pt.len()).unwrap();
    let body_len = blob_len - HEADER_LEN - TAG_LEN;
    let keys: Vec<(Keypair, PublicKey, SecretKey, Vec<u8>)> = fx
        .iter()
        .map(|f| {
            let mut blob = vec![0u8; blob_len];
            seal(&f.kp.public_key(), b"mailbox", &pt, &mut rng, &mut blob).unwrap();
            (
                f.kp,
                f.kp.public_key(),
                SecretKey::from_secret_bytes(draw(&mut rng)).unwrap(),
                blob,
            )
        })
        .collect();
    println!(
        "plaintext {} bytes, blob {blob_len} bytes, encrypted body {body_len} bytes",
        pt.len()
    );
    let (mut ka, mut kb, mut kc) = (cycle(&keys), cycle(&keys), cycle(&keys));
    let mut out = vec![0u8; blob_len];
    let mut body = vec![0u8; body_len];
    let mut body2 = vec![0u8; body_len];
    let mut seal_rng = ChaCha20Rng::seed_from_u64(17);
    row(
        "seal 1 KiB / pubkey_create+ECDH+AEAD",
        n,
        &mut [
            &mut || {
                let (_, pk, _, _) = ka();
                black_box(seal(
                    pk,
                    b"mailbox",
                    black_box(&pt),
                    &mut seal_rng,
                    &mut out,
                ))
                .unwrap();
            },
            &mut || {
                let (_, pk, e, _) = kb();
                black_box(PublicKey::from_secret_key(black_box(e)));
                let xy = ecdh::shared_secret_point(pk, e);
                black_box(aead_seal(&xy, &mut body));
            },
            &mut || {
                let (_, pk, e, _) = kc();
                black_box(c.pubkey_create(black_box(e)));
                let xy = ecdh::shared_secret_point(pk, e);
                black_box(aead_seal(&xy, &mut body2));
            },
        ],
    );
    // The open baseline decrypts (and checks the tag of) its own ciphertext of
    // the same length, under the ECDH of the same keys.
    let sealed: Vec<(Keypair, PublicKey, Vec<u8>, Tag)> = keys
        .iter()
        .map(|(kp, _, e, _)| {
            let eph = PublicKey::from_secret_key(e);
            let xy = ecdh::shared_secret_point(&eph, &kp.secret_key());
            let mut ct = vec![0x42u8; body_len];
            let tag = aead_seal(&xy, &mut ct);
            (*kp, eph, ct, tag)
        })
        .collect();
    let (mut oa, mut ob) = (cycle(&keys), cycle(&sealed));
    let mut work = vec![0u8; opened_buffer_len(blob_len)];
    let mut open_blob = || {
        let (kp, _, _, blob) = oa();
        black_box(
            open(kp, b"mailbox", black_box(blob), &mut work)
                .unwrap()
                .len(),
        );
    };
    row(
        "open 1 KiB / ECDH+AEAD",
        n,
        &mut [&mut open_blob, &mut || {
            let (kp, eph, ct, tag) = ob();
            let xy = ecdh::shared_secret_point(eph, &kp.secret_key());
            aead_open(&xy, ct, tag, &mut body);
        }],
    );
    // What bounds open: the steps of the blob format around the floor's ECDH
    // and AEAD, all inherent: parsing the compressed E (a square root), and
    // HKDF-SHA256 of the key and the key commitment (SPEC.md, "Sealing").
    let mut pb = cycle(&sealed);
    row(
        "(bound) open / parse E+ECDH+HKDF+AEAD",
        n,
        &mut [&mut open_blob, &mut || {
            let (kp, eph, ct, tag) = pb();
            let eph = PublicKey::from_slice(black_box(&eph.serialize())).unwrap();
            let xy = ecdh::shared_secret_point(&eph, &kp.secret_key());
            let mut shared = [0u8; 33];
            shared[0] = 0x02 | (xy[63] & 1);
            shared[1..].copy_from_slice(&xy[..32]);
            let hk = hkdf::Hkdf::<sha2::Sha256>::new(Some(ptlc::blob::HKDF_SALT), &shared);
            let mut okm = [0u8; 64];
            hk.expand_multi_info(
                &[
                    ptlc::blob::HKDF_INFO_LABEL,
                    &eph.serialize(),
                    &kp.public_key().serialize(),
                ],
                &mut okm,
            )
            .unwrap();
            // The floor's key (its tag was made under it), after the same work.
            black_box(okm);
            aead_open(&xy, ct, tag, &mut body);
        }],
    );
}
