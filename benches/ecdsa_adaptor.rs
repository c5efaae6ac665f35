//! ECDSA adaptor signatures: ptlc beside secp256k1-zkp's `ecdsa_adaptor`
//! module (and plain libsecp256k1 ECDSA) in the same run, plus the candidate
//! constant-time scalar inversions (SPEC.md, "Implementation notes").
//!
//! `cargo bench --bench ecdsa_adaptor -- --warm-up-time 1 --measurement-time 3`
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use crypto_bigint::{Odd, U256};
use ptlc::ecdsa_adaptor::{adapt, adapt_unchecked, extract, presign, verify, AdaptorSignature};
use ptlc::secp256k1 as ours;
use secp256k1_zkp as zkp;

#[path = "common/ecdsa_fixture.rs"]
mod ecdsa_fixture;
use ecdsa_fixture::Fixture;

fn adaptor(c: &mut Criterion) {
    let Fixture {
        sk,
        pk,
        t,
        point,
        msg,
        aux,
        pre,
        bytes,
        sig,
        secp,
        zsk,
        zpk,
        zt,
        zpoint,
        zmsg,
        zpre,
        zsig,
    } = Fixture::new();

    let mut g = c.benchmark_group("ecdsa_adaptor");
    g.bench_function("ptlc presign", |b| {
        b.iter(|| {
            presign(
                black_box(&sk),
                black_box(&msg),
                black_box(&point),
                black_box(&aux),
            )
        })
    });
    g.bench_function("zkp encrypt", |b| {
        b.iter(|| {
            zkp::EcdsaAdaptorSignature::encrypt_with_aux_rand(
                &secp,
                black_box(&zmsg),
                black_box(&zsk),
                black_box(&zpoint),
                black_box(&aux),
            )
        })
    });
    g.bench_function("ptlc verify", |b| {
        b.iter(|| {
            verify(
                black_box(&pre),
                black_box(&pk),
                black_box(&msg),
                black_box(&point),
            )
        })
    });
    g.bench_function("ptlc from_bytes+verify", |b| {
        b.iter(|| {
            let p = AdaptorSignature::from_bytes(black_box(&bytes)).unwrap();
            verify(&p, black_box(&pk), black_box(&msg), black_box(&point))
        })
    });
    g.bench_function("zkp verify", |b| {
        b.iter(|| {
            black_box(&zpre).verify(&secp, black_box(&zmsg), black_box(&zpk), black_box(&zpoint))
        })
    });
    g.bench_function("ptlc adapt (verifies the result)", |b| {
        b.iter(|| adapt(black_box(&pre), black_box(&t), &pk, &msg))
    });
    g.bench_function("ptlc adapt_unchecked", |b| {
        b.iter(|| adapt_unchecked(black_box(&pre), black_box(&t)))
    });
    g.bench_function("zkp decrypt", |b| {
        b.iter(|| black_box(&zpre).decrypt(black_box(&zt)))
    });
    g.bench_function("ptlc extract", |b| {
        b.iter(|| extract(black_box(&pre), black_box(&sig), black_box(&point)))
    });
    g.bench_function("zkp recover", |b| {
        b.iter(|| black_box(&zpre).recover(&secp, black_box(&zsig), black_box(&zpoint)))
    });
    g.bench_function("libsecp256k1 ecdsa sign", |b| {
        b.iter(|| ours::ecdsa::sign(ours::Message::from_digest(black_box(msg)), black_box(&sk)))
    });
    g.bench_function("libsecp256k1 ecdsa verify", |b| {
        b.iter(|| {
            ours::ecdsa::verify(
                black_box(&sig),
                ours::Message::from_digest(black_box(msg)),
                black_box(&pk),
            )
        })
    });
    g.finish();
}

const N_ODD: Odd<U256> =
    Odd::<U256>::from_be_hex("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141");

fn to_bytes(x: &U256) -> [u8; 32] {
    x.to_be_bytes().as_ref().try_into().unwrap()
}

/// Fermat: x^(n-2) by square-and-multiply over libsecp256k1's constant-time
/// `SecretKey::mul_tweak` (a fixed sequence of squarings; the multiplications
/// follow the public exponent's bits).
fn fermat(x: &ours::SecretKey) -> ours::SecretKey {
    let mut exp = ours::constants::CURVE_ORDER;
    exp[31] -= 2;
    let xs = ours::Scalar::from(*x);
    let mut acc: Option<ours::SecretKey> = None;
    for byte in exp {
        for bit in (0..8).rev() {
            if let Some(a) = acc {
                acc = Some(a.mul_tweak(&ours::Scalar::from(a)).unwrap());
            }
            if (byte >> bit) & 1 == 1 {
                acc = Some(match acc {
                    Some(a) => a.mul_tweak(&xs).unwrap(),
                    None => *x,
                });
            }
        }
    }
    acc.unwrap()
}

fn inversion(c: &mut Criterion) {
    let x_bytes = [0x5au8; 32];
    let x = U256::from_be_slice(&x_bytes);
    let x_sk = ours::SecretKey::from_secret_bytes(x_bytes).unwrap();
    let blind = ours::SecretKey::from_secret_bytes([0x3c; 32]).unwrap();

    let mut g = c.benchmark_group("scalar inversion");
    g.bench_function("crypto-bigint safegcd (constant time)", |b| {
        b.iter(|| to_bytes(&black_box(x).invert_odd_mod(&N_ODD).unwrap()))
    });
    g.bench_function("crypto-bigint safegcd vartime (public values)", |b| {
        b.iter(|| to_bytes(&black_box(x).invert_odd_mod_vartime(&N_ODD).unwrap()))
    });
    g.bench_function("blinded: b*x, vartime inverse, *b", |b| {
        b.iter(|| {
            let bx = black_box(x_sk)
                .mul_tweak(&ours::Scalar::from(blind))
                .unwrap();
            let inv = U256::from_be_slice(&bx.to_secret_bytes())
                .invert_odd_mod_vartime(&N_ODD)
                .unwrap();
            let inv = ours::SecretKey::from_secret_bytes(to_bytes(&inv)).unwrap();
            inv.mul_tweak(&ours::Scalar::from(blind)).unwrap()
        })
    });
    g.bench_function("Fermat over SecretKey::mul_tweak", |b| {
        b.iter(|| fermat(black_box(&x_sk)))
    });
    g.bench_function("SecretKey::mul_tweak", |b| {
        b.iter(|| {
            black_box(x_sk)
                .mul_tweak(&ours::Scalar::from(blind))
                .unwrap()
        })
    });
    g.finish();
    // Sanity: all candidates agree.
    let ct = to_bytes(&x.invert_odd_mod(&N_ODD).unwrap());
    assert_eq!(fermat(&x_sk).to_secret_bytes(), ct);
}

criterion_group!(benches, adaptor, inversion);
criterion_main!(benches);
