//! Schnorr adaptor signatures and pay-for-signature against libsecp256k1's own
//! BIP-340 sign and verify, in one group so the ratios come from the same run.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::hint::black_box;

use criterion::{criterion_group, Criterion};
use ptlc::pay_for_signature::signature_point;
use ptlc::schnorr_adaptor::{self, PreSignature};
use ptlc::secp256k1::{schnorr, Keypair};
use ptlc::PaymentScalar;

fn bench(c: &mut Criterion) {
    let keypair = Keypair::from_secret_bytes([0x5a; 32]).unwrap();
    let (pubkey, _) = keypair.x_only_public_key();
    let msg = [0x42u8; 32];
    let aux = [0x17u8; 32];
    let t = PaymentScalar::from_bytes(&[0x33; 32]).unwrap();
    let point = t.point();
    let pre_sig = schnorr_adaptor::presign(&keypair, &msg, &point, &aux);
    let pre_bytes = pre_sig.to_bytes();
    let sig = schnorr_adaptor::adapt(&pre_sig, &t).unwrap();
    let nonce: [u8; 32] = sig.as_byte_array()[..32].try_into().unwrap();
    let bip340_sig = schnorr::sign_with_aux_rand(&msg, &keypair, &aux);

    let mut g = c.benchmark_group("schnorr_adaptor");
    g.bench_function("bip340_sign (libsecp256k1)", |b| {
        b.iter(|| schnorr::sign_with_aux_rand(black_box(&msg), black_box(&keypair), &aux))
    });
    g.bench_function("bip340_verify (libsecp256k1)", |b| {
        b.iter(|| schnorr::verify(black_box(&bip340_sig), black_box(&msg), black_box(&pubkey)))
    });
    g.bench_function("presign", |b| {
        b.iter(|| schnorr_adaptor::presign(black_box(&keypair), black_box(&msg), &point, &aux))
    });
    g.bench_function("verify", |b| {
        b.iter(|| schnorr_adaptor::verify(black_box(&pre_sig), black_box(&pubkey), &msg, &point))
    });
    g.bench_function("parse + verify", |b| {
        b.iter(|| {
            let p = PreSignature::from_bytes(black_box(&pre_bytes)).unwrap();
            schnorr_adaptor::verify(&p, black_box(&pubkey), &msg, &point)
        })
    });
    g.bench_function("adapt", |b| {
        b.iter(|| schnorr_adaptor::adapt(black_box(&pre_sig), black_box(&t)))
    });
    g.bench_function("extract", |b| {
        b.iter(|| schnorr_adaptor::extract(black_box(&pre_sig), black_box(&sig), &point))
    });
    g.bench_function("signature_point", |b| {
        b.iter(|| signature_point(black_box(&pubkey), black_box(&msg), black_box(&nonce)))
    });
    g.finish();
}

/// Median over rounds of `time(ours) / time(baseline)`, the two run in
/// alternating blocks so that load from other processes hits both alike.
fn paired_ratio(mut baseline: impl FnMut(), mut ours: impl FnMut()) -> (f64, f64, f64) {
    use std::time::Instant;
    const ROUNDS: usize = 801;
    const BLOCK: usize = 4;
    let mut ratios = Vec::with_capacity(ROUNDS);
    for _ in 0..BLOCK {
        baseline();
        ours();
    }
    for _ in 0..ROUNDS {
        let t0 = Instant::now();
        for _ in 0..BLOCK {
            baseline();
        }
        let t1 = Instant::now();
        for _ in 0..BLOCK {
            ours();
        }
        let t2 = Instant::now();
        ratios.push((t2 - t1).as_secs_f64() / (t1 - t0).as_secs_f64());
    }
    ratios.sort_by(|a, b| a.partial_cmp(b).unwrap());
    (
        ratios[ROUNDS / 4],
        ratios[ROUNDS / 2],
        ratios[3 * ROUNDS / 4],
    )
}

/// Interleaved ratios for the two targets (presign <= 1.15x sign, verify <= 1.3x
/// verify), printed after criterion's own figures.
fn paired() {
    let keypair = Keypair::from_secret_bytes([0x5a; 32]).unwrap();
    let (pubkey, _) = keypair.x_only_public_key();
    let msg = [0x42u8; 32];
    let aux = [0x17u8; 32];
    let t = PaymentScalar::from_bytes(&[0x33; 32]).unwrap();
    let point = t.point();
    let pre_sig = schnorr_adaptor::presign(&keypair, &msg, &point, &aux);
    let sig = schnorr::sign_with_aux_rand(&msg, &keypair, &aux);
    let (lo, med, hi) = paired_ratio(
        || {
            black_box(schnorr::sign_with_aux_rand(black_box(&msg), &keypair, &aux));
        },
        || {
            black_box(schnorr_adaptor::presign(
                black_box(&keypair),
                &msg,
                &point,
                &aux,
            ));
        },
    );
    println!("paired presign / bip340_sign: median {med:.3} (quartiles {lo:.3}..{hi:.3})");
    let (lo, med, hi) = paired_ratio(
        || {
            black_box(schnorr::verify(black_box(&sig), &msg, &pubkey)).unwrap();
        },
        || {
            black_box(schnorr_adaptor::verify(
                black_box(&pre_sig),
                &pubkey,
                &msg,
                &point,
            ))
            .unwrap();
        },
    );
    println!("paired verify / bip340_verify: median {med:.3} (quartiles {lo:.3}..{hi:.3})");
}

criterion_group!(benches, bench);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    if std::env::args().any(|a| a == "--bench") {
        paired();
    }
}
