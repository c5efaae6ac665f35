//! Interleaved ptlc / secp256k1-zkp timing: on a shared machine the load
//! changes between criterion's benchmarks, so this runs the two sides of each
//! pair in alternating short batches and reports the median of the per-round
//! ratios (ptlc time / zkp time) with the median times.
//!
//! `cargo bench --bench ecdsa_adaptor_paired`
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::hint::black_box;
use std::time::Instant;

use ptlc::ecdsa_adaptor::{adapt, extract, presign, verify, AdaptorSignature};
use ptlc::secp256k1 as ours;
use ptlc::PaymentScalar;
use secp256k1_zkp as zkp;

fn batch<R>(iters: u32, f: &mut impl FnMut() -> R) -> f64 {
    let start = Instant::now();
    for _ in 0..iters {
        black_box(f());
    }
    start.elapsed().as_secs_f64() * 1e6 / f64::from(iters)
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

fn pair<A, B>(
    name: &str,
    iters: u32,
    rounds: usize,
    mut ours_f: impl FnMut() -> A,
    mut zkp_f: impl FnMut() -> B,
) {
    batch(iters, &mut ours_f);
    batch(iters, &mut zkp_f);
    let (mut a, mut b, mut r) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..rounds {
        // Alternate which side goes first.
        let (x, y) = if i % 2 == 0 {
            let x = batch(iters, &mut ours_f);
            (x, batch(iters, &mut zkp_f))
        } else {
            let y = batch(iters, &mut zkp_f);
            (batch(iters, &mut ours_f), y)
        };
        a.push(x);
        b.push(y);
        r.push(x / y);
    }
    println!(
        "{name:<32} ptlc {:>8.2} us   zkp {:>8.2} us   ratio {:.2}",
        median(&mut a),
        median(&mut b),
        median(&mut r)
    );
}

fn main() {
    let sk = ours::SecretKey::from_secret_bytes([0x11; 32]).unwrap();
    let pk = ours::PublicKey::from_secret_key(&sk);
    let t = PaymentScalar::from_bytes(&[0x22; 32]).unwrap();
    let point = t.point();
    let msg = [0x33; 32];
    let aux = [0x44; 32];
    let pre = presign(&sk, &msg, &point, &aux);
    let bytes = pre.to_bytes();
    let sig = adapt(&pre, &t).unwrap();

    let secp = zkp::Secp256k1::new();
    let zsk = zkp::SecretKey::from_slice(&[0x11; 32]).unwrap();
    let zpk = zkp::PublicKey::from_slice(&pk.serialize()).unwrap();
    let zt = zkp::SecretKey::from_slice(&[0x22; 32]).unwrap();
    let zpoint = zkp::PublicKey::from_slice(&point.to_bytes()).unwrap();
    let zmsg = zkp::Message::from_digest(msg);
    let zpre = zkp::EcdsaAdaptorSignature::from_slice(&bytes).unwrap();
    let zsig = zkp::ecdsa::Signature::from_compact(&sig.serialize_compact()).unwrap();

    pair(
        "presign / encrypt",
        20,
        61,
        || {
            presign(
                black_box(&sk),
                black_box(&msg),
                black_box(&point),
                black_box(&aux),
            )
        },
        || {
            zkp::EcdsaAdaptorSignature::encrypt_with_aux_rand(
                &secp,
                black_box(&zmsg),
                black_box(&zsk),
                black_box(&zpoint),
                black_box(&aux),
            )
        },
    );
    pair(
        "verify / verify",
        20,
        61,
        || {
            verify(
                black_box(&pre),
                black_box(&pk),
                black_box(&msg),
                black_box(&point),
            )
        },
        || black_box(&zpre).verify(&secp, black_box(&zmsg), black_box(&zpk), black_box(&zpoint)),
    );
    pair(
        "from_bytes+verify / verify",
        20,
        61,
        || {
            verify(
                &AdaptorSignature::from_bytes(black_box(&bytes)).unwrap(),
                black_box(&pk),
                black_box(&msg),
                black_box(&point),
            )
        },
        || black_box(&zpre).verify(&secp, black_box(&zmsg), black_box(&zpk), black_box(&zpoint)),
    );
    pair(
        "adapt / decrypt",
        1000,
        61,
        || adapt(black_box(&pre), black_box(&t)),
        || black_box(&zpre).decrypt(black_box(&zt)),
    );
    pair(
        "extract / recover",
        50,
        61,
        || extract(black_box(&pre), black_box(&sig), black_box(&point)),
        || black_box(&zpre).recover(&secp, black_box(&zsig), black_box(&zpoint)),
    );
}
