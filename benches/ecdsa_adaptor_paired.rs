//! Interleaved ptlc / secp256k1-zkp timing: on a shared machine the load
//! changes between criterion's benchmarks, so this runs the two sides of each
//! pair in alternating short batches and reports the median of the per-round
//! ratios (ptlc time / zkp time) with the median times.
//!
//! `cargo bench --bench ecdsa_adaptor_paired`
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::hint::black_box;

use ptlc::ecdsa_adaptor::{adapt, extract, presign, verify, AdaptorSignature};
use secp256k1_zkp as zkp;

#[path = "common/ecdsa_fixture.rs"]
mod ecdsa_fixture;
use ecdsa_fixture::Fixture;

#[path = "common/paired.rs"]
mod common;

fn pair<A, B>(
    name: &str,
    iters: u32,
    rounds: usize,
    ours_f: impl FnMut() -> A,
    zkp_f: impl FnMut() -> B,
) {
    let p = common::paired(iters, rounds, ours_f, zkp_f);
    println!(
        "{name:<32} ptlc {:>8.2} us   zkp {:>8.2} us   ratio {:.2} (quartiles {:.2}..{:.2})",
        p.ours_us, p.base_us, p.ratio_median, p.ratio_q1, p.ratio_q3
    );
}

fn main() {
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
