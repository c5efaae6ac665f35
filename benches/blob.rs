//! Seal and open of a 1 KiB payment package, beside the floor they cannot beat:
//! one ECDH (a constant-time secp256k1 point multiplication) plus
//! ChaCha20-Poly1305 of the same bytes, measured in the same run.
//!
//! The interleaved table (printed before the criterion groups) gives each row
//! as a multiple of that floor: the floor, `seal`, `open` (one ECDH: the
//! recipient's public key comes from its `Keypair`), a lower bound for `seal`,
//! and `PublicKey::from_secret_key`. A seal needs two multiplications, the
//! fresh ephemeral key `e·G` and the ECDH `e·R`; the lower-bound row is the
//! floor's work plus one raw libsecp256k1 `ecmult_gen` through a caller-owned
//! context (`secp256k1_ec_pubkey_create` over FFI, without the `secp256k1`
//! crate's per-call copy and rerandomisation of its global context), the
//! fastest base multiplication libsecp256k1 offers. No seal can beat it.
//!
//! `cargo bench --bench blob -- --warm-up-time 1 --measurement-time 3`
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;

use chacha20poly1305::{AeadInOut, ChaCha20Poly1305, Key, KeyInit, Nonce, Tag};
use criterion::{criterion_group, criterion_main, Criterion};
use ptlc::blob::{open, opened_buffer_len, seal, sealed_len};
use ptlc::package::{Package, SecretSignature};
use ptlc::secp256k1::ffi::{self, CPtr};
use ptlc::secp256k1::{ecdh, All, Keypair, PublicKey, Secp256k1, SecretKey};
use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha20Rng;

fn package_1k() -> Vec<u8> {
    let kp = Keypair::from_secret_key(&SecretKey::from_secret_bytes([0x21; 32]).unwrap());
    let tx = vec![0x02u8; 1024 - 120];
    let pkg = Package {
        transaction: &tx,
        signer: kp.x_only_public_key().0,
        signature: SecretSignature::from_byte_array([0x33; 64]),
        amount_msat: 50_000_000,
        expiry: 1_900_000_000,
        note: Some(b"invoice 42"),
    };
    let mut out = vec![0u8; pkg.encoded_len()];
    pkg.encode(&mut out).unwrap();
    out
}

/// The floor: one ECDH (`ecdh::shared_secret_point`, constant-time) and
/// ChaCha20-Poly1305 of `buf` under its x-coordinate.
fn floor(pk: &PublicKey, sk: &SecretKey, buf: &mut [u8]) -> Tag {
    let xy = ecdh::shared_secret_point(black_box(pk), black_box(sk));
    let mut key = [0u8; 32];
    key.copy_from_slice(&xy[..32]);
    let cipher = ChaCha20Poly1305::new(&Key::from(key));
    cipher
        .encrypt_inout_detached(&Nonce::default(), b"mailbox", buf.into())
        .unwrap()
}

/// One raw libsecp256k1 `ecmult_gen` (`sk·G`) through the caller's context:
/// no global-context copy and no rerandomisation per call, unlike
/// `PublicKey::from_secret_key`.
fn raw_ecmult_gen(ctx: &Secp256k1<All>, sk: &SecretKey) -> ffi::PublicKey {
    // SAFETY: `ctx.ctx()` points to a context `ctx` owns; the borrow keeps it
    // alive (not destroyed) for the whole call, and it was created with the
    // signing capability `secp256k1_ec_pubkey_create` needs. `out` is an
    // `ffi::PublicKey`, the 64-byte type the function writes through its
    // out-pointer; `PublicKey::new` zeroes it and it is used only as that
    // out-param. `sk.as_c_ptr()` points to the 32 secret-key bytes `sk` owns,
    // borrowed for the call, which is all the function reads.
    let (ret, out) = unsafe {
        let mut out = ffi::PublicKey::new();
        let ret = ffi::secp256k1_ec_pubkey_create(ctx.ctx().as_ptr(), &mut out, sk.as_c_ptr());
        (ret, out)
    };
    assert_eq!(ret, 1, "a valid SecretKey always has a public key");
    out
}

fn bench(c: &mut Criterion) {
    let pt = package_1k();
    let kp = Keypair::from_secret_key(&SecretKey::from_secret_bytes([0x42; 32]).unwrap());
    let pk = kp.public_key();
    let other = SecretKey::from_secret_bytes([0x43; 32]).unwrap();
    let mut rng = ChaCha20Rng::seed_from_u64(1);
    let mut blob = vec![0u8; sealed_len(pt.len()).unwrap()];
    let n = seal(&pk, b"mailbox", &pt, &mut rng, &mut blob).unwrap();
    let mut work = vec![0u8; opened_buffer_len(n)];
    eprintln!("plaintext {} bytes, blob {} bytes", pt.len(), n);

    interleaved_ratios(&pt, &pk, &kp, &other);

    let mut g = c.benchmark_group("blob_1k");
    g.bench_function("floor_ecdh_plus_chacha20poly1305", |b| {
        let mut buf = pt.clone();
        b.iter(|| black_box(floor(&pk, &other, &mut buf)))
    });
    g.bench_function("ecdh_only", |b| {
        b.iter(|| ecdh::shared_secret_point(black_box(&pk), black_box(&other)))
    });
    g.bench_function("base_mul_only", |b| {
        b.iter(|| PublicKey::from_secret_key(black_box(&other)))
    });
    g.bench_function("seal", |b| {
        b.iter(|| seal(&pk, b"mailbox", black_box(&pt), &mut rng, &mut blob).unwrap())
    });
    g.bench_function("open", |b| {
        b.iter(|| {
            open(&kp, b"mailbox", black_box(&blob[..n]), &mut work)
                .unwrap()
                .len()
        })
    });
    g.finish();
}

/// The same operations timed in interleaved rounds, best round per operation:
/// on a shared machine this ratio is steadier than separate criterion groups.
fn interleaved_ratios(pt: &[u8], pk: &PublicKey, kp: &Keypair, other: &SecretKey) {
    use std::time::Instant;
    const ROUNDS: usize = 25;
    const ITERS: u32 = 100;
    let mut rng = ChaCha20Rng::seed_from_u64(2);
    let mut blob = vec![0u8; sealed_len(pt.len()).unwrap()];
    let n = seal(pk, b"mailbox", pt, &mut rng, &mut blob).unwrap();
    let mut work = vec![0u8; opened_buffer_len(n)];
    let mut buf = pt.to_vec();
    let ctx = Secp256k1::new();
    let mut best = [f64::MAX; 5];
    for _ in 0..ROUNDS {
        let mut time = |slot: usize, f: &mut dyn FnMut()| {
            let t = Instant::now();
            for _ in 0..ITERS {
                f();
            }
            let per = t.elapsed().as_secs_f64() * 1e6 / f64::from(ITERS);
            best[slot] = best[slot].min(per);
        };
        time(0, &mut || {
            black_box(floor(pk, other, &mut buf));
        });
        time(1, &mut || {
            black_box(seal(pk, b"mailbox", black_box(pt), &mut rng, &mut blob).unwrap());
        });
        time(2, &mut || {
            black_box(
                open(kp, b"mailbox", black_box(&blob[..n]), &mut work)
                    .unwrap()
                    .len(),
            );
        });
        time(3, &mut || {
            black_box(floor(pk, other, &mut buf));
            black_box(raw_ecmult_gen(&ctx, black_box(other)));
        });
        time(4, &mut || {
            black_box(PublicKey::from_secret_key(black_box(other)));
        });
    }
    let names = [
        "floor (ECDH + ChaCha20-Poly1305)",
        "seal",
        "open",
        "lower bound for seal (ECDH + raw ecmult_gen)",
        "PublicKey::from_secret_key",
    ];
    eprintln!("interleaved, best of {ROUNDS} rounds x {ITERS}:");
    for (name, t) in names.iter().zip(best) {
        eprintln!("  {name:44} {t:8.1} us  {:.2}x floor", t / best[0]);
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
