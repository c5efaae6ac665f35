//! Schnorr adaptor signatures and pay-for-signature against libsecp256k1's own
//! BIP-340 sign and verify, in one group so the ratios come from the same run.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::hint::black_box;

use criterion::{criterion_group, Criterion};
use ptlc::pay_for_signature::signature_point;
use ptlc::schnorr_adaptor::{self, PreSignature};
use ptlc::secp256k1::{schnorr, Keypair, XOnlyPublicKey};
use ptlc::{PaymentPoint, PaymentScalar};

#[path = "common/paired.rs"]
mod common;
use common::paired;

/// The key, message, adaptor and pre-signature both the criterion group and
/// the interleaved ratios use.
struct Fixture {
    keypair: Keypair,
    pubkey: XOnlyPublicKey,
    msg: [u8; 32],
    aux: [u8; 32],
    t: PaymentScalar,
    point: PaymentPoint,
    pre_sig: PreSignature,
}

impl Fixture {
    fn new() -> Self {
        let keypair = Keypair::from_secret_bytes([0x5a; 32]).unwrap();
        let (pubkey, _) = keypair.x_only_public_key();
        let msg = [0x42u8; 32];
        let aux = [0x17u8; 32];
        let t = PaymentScalar::from_bytes(&[0x33; 32]).unwrap();
        let point = t.point();
        let pre_sig = schnorr_adaptor::presign(&keypair, &msg, &point, &aux);
        Fixture {
            keypair,
            pubkey,
            msg,
            aux,
            t,
            point,
            pre_sig,
        }
    }
}

fn bench(c: &mut Criterion) {
    let Fixture {
        keypair,
        pubkey,
        msg,
        aux,
        t,
        point,
        pre_sig,
    } = Fixture::new();
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

/// Interleaved ratios for the two targets (presign <= 1.15x sign, verify <= 1.3x
/// verify), printed after criterion's own figures.
fn paired_targets() {
    let Fixture {
        keypair,
        pubkey,
        msg,
        aux,
        point,
        pre_sig,
        ..
    } = Fixture::new();
    let sig = schnorr::sign_with_aux_rand(&msg, &keypair, &aux);
    let p = paired(
        4,
        801,
        || schnorr_adaptor::presign(black_box(&keypair), &msg, &point, &aux),
        || schnorr::sign_with_aux_rand(black_box(&msg), &keypair, &aux),
    );
    report("presign / bip340_sign", &p);
    let p = paired(
        4,
        801,
        || schnorr_adaptor::verify(black_box(&pre_sig), &pubkey, &msg, &point).unwrap(),
        || schnorr::verify(black_box(&sig), &msg, &pubkey).unwrap(),
    );
    report("verify / bip340_verify", &p);
}

fn report(name: &str, p: &common::Paired) {
    println!(
        "paired {name}: median {:.3} (quartiles {:.3}..{:.3}), {:.2} us / {:.2} us",
        p.ratio_median, p.ratio_q1, p.ratio_q3, p.ours_us, p.base_us
    );
}

criterion_group!(benches, bench);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    if std::env::args().any(|a| a == "--bench") {
        paired_targets();
    }
}
