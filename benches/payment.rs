//! Payment points, proof of payment and route settlement, beside libsecp256k1's
//! own `k·G` (`PublicKey::from_secret_key`) in the same group: every operation
//! here is one or two such multiplications, so the ratio is what to read.
//!
//! `cargo bench --bench payment`
use criterion::{criterion_group, criterion_main, Criterion};
use ptlc::secp256k1::{PublicKey, SecretKey};
use ptlc::{PaymentPoint, PaymentScalar, RoutePayer};
use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha20Rng;
use std::hint::black_box;

fn payment(c: &mut Criterion) {
    let mut rng = ChaCha20Rng::from_seed([7; 32]);
    let t = PaymentScalar::random(&mut rng).expect("RNG");
    let point = t.point();
    let sk = SecretKey::from_secret_bytes(*t.expose_secret()).expect("valid scalar");
    let mut payer = RoutePayer::new(point);
    let hop = payer.add_upstream_hop(&mut rng).expect("hop");
    let encoded = point.to_bytes();

    let mut g = c.benchmark_group("payment");
    g.bench_function("libsecp256k1 k*G (baseline)", |b| {
        b.iter(|| PublicKey::from_secret_key(black_box(&sk)))
    });
    g.bench_function("PaymentScalar::point", |b| b.iter(|| black_box(&t).point()));
    g.bench_function("PaymentScalar::opens", |b| {
        b.iter(|| black_box(&t).opens(black_box(&point)))
    });
    g.bench_function("PaymentPoint::from_bytes", |b| {
        b.iter(|| PaymentPoint::from_bytes(black_box(&encoded)))
    });
    g.bench_function("HopLock::verify", |b| b.iter(|| black_box(&hop).verify()));
    g.bench_function("HopLock::upstream_scalar", |b| {
        b.iter(|| black_box(&hop).upstream_scalar(black_box(&t)))
    });
    g.finish();
}

criterion_group!(benches, payment);
criterion_main!(benches);
