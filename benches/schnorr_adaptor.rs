//! Schnorr adaptor signatures and pay-for-signature against libsecp256k1's own
//! BIP-340 sign and verify, in one group so the ratios come from the same run.
//!
//! Verification time depends on the scalars (libsecp256k1's `ecmult` is
//! variable time), for the baseline as much as for ours, so every benchmark
//! cycles through the same 64 seeded random fixtures: one fixture would
//! compare two arbitrary points of two cost distributions.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::hint::black_box;

use criterion::{criterion_group, Criterion};
use ptlc::pay_for_signature::signature_point;
use ptlc::schnorr_adaptor::{self, PreSignature};
use ptlc::secp256k1::{schnorr, Keypair, XOnlyPublicKey};
use ptlc::{PaymentPoint, PaymentScalar};
use rand_chacha::rand_core::{RngCore, SeedableRng};

#[path = "common/paired.rs"]
mod common;
use common::{cycle, paired};

/// How many fixtures each benchmark cycles through.
const FIXTURES: u64 = 64;

/// One key, message, adaptor and pre-signature, with the BIP-340 signature
/// libsecp256k1 makes for the same key and message.
struct Fixture {
    keypair: Keypair,
    pubkey: XOnlyPublicKey,
    msg: [u8; 32],
    aux: [u8; 32],
    t: PaymentScalar,
    point: PaymentPoint,
    pre_sig: PreSignature,
    pre_bytes: [u8; 65],
    /// The adapted pre-signature.
    adapted: schnorr::Signature,
    /// libsecp256k1's own signature on `msg` (the verify baseline).
    bip340_sig: schnorr::Signature,
}

impl Fixture {
    fn from_seed(seed: u64) -> Self {
        let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(seed);
        let mut draw = || {
            let mut b = [0u8; 32];
            rng.fill_bytes(&mut b);
            b
        };
        // A uniform 32-byte string is a valid scalar except with probability 2^-128.
        let keypair = Keypair::from_secret_bytes(draw()).unwrap();
        let (pubkey, _) = keypair.x_only_public_key();
        let (msg, aux) = (draw(), draw());
        let t = PaymentScalar::from_bytes(&draw()).unwrap();
        let point = t.point();
        let pre_sig = schnorr_adaptor::presign(&keypair, &msg, &point, &aux);
        let adapted = schnorr_adaptor::adapt(&pre_sig, &t, &pubkey, &msg).unwrap();
        let bip340_sig = schnorr::sign_with_aux_rand(&msg, &keypair, &aux);
        Fixture {
            keypair,
            pubkey,
            msg,
            aux,
            t,
            point,
            pre_bytes: pre_sig.to_bytes(),
            pre_sig,
            adapted,
            bip340_sig,
        }
    }

    fn nonce(&self) -> [u8; 32] {
        self.adapted.as_byte_array()[..32].try_into().unwrap()
    }
}

fn fixtures() -> Vec<Fixture> {
    (0..FIXTURES).map(Fixture::from_seed).collect()
}

fn bench(c: &mut Criterion) {
    let fx = fixtures();
    let mut g = c.benchmark_group("schnorr_adaptor");
    let mut f = cycle(&fx);
    g.bench_function("bip340_sign (libsecp256k1)", |b| {
        b.iter(|| {
            let f = f();
            schnorr::sign_with_aux_rand(black_box(&f.msg), black_box(&f.keypair), &f.aux)
        })
    });
    g.bench_function("bip340_verify (libsecp256k1)", |b| {
        b.iter(|| {
            let f = f();
            schnorr::verify(
                black_box(&f.bip340_sig),
                black_box(&f.msg),
                black_box(&f.pubkey),
            )
        })
    });
    g.bench_function("presign", |b| {
        b.iter(|| {
            let f = f();
            schnorr_adaptor::presign(black_box(&f.keypair), black_box(&f.msg), &f.point, &f.aux)
        })
    });
    g.bench_function("verify", |b| {
        b.iter(|| {
            let f = f();
            schnorr_adaptor::verify(
                black_box(&f.pre_sig),
                black_box(&f.pubkey),
                &f.msg,
                &f.point,
            )
        })
    });
    g.bench_function("parse + verify", |b| {
        b.iter(|| {
            let f = f();
            let p = PreSignature::from_bytes(black_box(&f.pre_bytes)).unwrap();
            schnorr_adaptor::verify(&p, black_box(&f.pubkey), &f.msg, &f.point)
        })
    });
    g.bench_function("adapt (verifies the result)", |b| {
        b.iter(|| {
            let f = f();
            schnorr_adaptor::adapt(black_box(&f.pre_sig), black_box(&f.t), &f.pubkey, &f.msg)
        })
    });
    g.bench_function("adapt_unchecked", |b| {
        b.iter(|| {
            let f = f();
            schnorr_adaptor::adapt_unchecked(black_box(&f.pre_sig), black_box(&f.t))
        })
    });
    g.bench_function("extract", |b| {
        b.iter(|| {
            let f = f();
            schnorr_adaptor::extract(black_box(&f.pre_sig), black_box(&f.adapted), &f.point)
        })
    });
    g.bench_function("signature_point", |b| {
        b.iter(|| {
            let f = f();
            signature_point(
                black_box(&f.pubkey),
                black_box(&f.msg),
                black_box(&f.nonce()),
            )
        })
    });
    g.finish();
}

/// Interleaved ratios for the two targets (presign <= 1.15x sign, verify <= 1.3x
/// verify), printed after criterion's own figures. Each batch runs every
/// fixture once on each side.
fn paired_targets() {
    let fx = fixtures();
    let n = FIXTURES as u32;
    let (mut a, mut b) = (cycle(&fx), cycle(&fx));
    let p = paired(
        n,
        201,
        || {
            let f = a();
            schnorr_adaptor::presign(black_box(&f.keypair), &f.msg, &f.point, &f.aux)
        },
        || {
            let f = b();
            schnorr::sign_with_aux_rand(black_box(&f.msg), &f.keypair, &f.aux)
        },
    );
    report("presign / bip340_sign", &p);
    let p = paired(
        n,
        201,
        || {
            let f = a();
            schnorr_adaptor::verify(black_box(&f.pre_sig), &f.pubkey, &f.msg, &f.point).unwrap()
        },
        || {
            let f = b();
            schnorr::verify(black_box(&f.bip340_sig), &f.msg, &f.pubkey).unwrap()
        },
    );
    report("verify / bip340_verify", &p);
}

fn report(name: &str, p: &common::Paired) {
    println!(
        "paired {name} ({FIXTURES} fixtures): median {:.3} (quartiles {:.3}..{:.3}), {:.2} us / {:.2} us",
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
