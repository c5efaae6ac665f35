//! Interleaved ptlc / secp256k1-zkp timing: on a shared machine the load
//! changes between criterion's benchmarks, so this runs the two sides of each
//! pair in alternating short batches and reports the median of the per-round
//! ratios (ptlc time / zkp time) with the median times. Each batch cycles
//! through the same 32 seeded random fixtures on both sides.
//!
//! `cargo bench --bench ecdsa_adaptor_paired`
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::hint::black_box;

use ptlc::ecdsa_adaptor::{adapt, adapt_unchecked, extract, presign, verify, AdaptorSignature};
use secp256k1_zkp as zkp;

#[path = "common/ecdsa_fixture.rs"]
mod ecdsa_fixture;
use ecdsa_fixture::Fixture;

#[path = "common/paired.rs"]
mod common;
use common::cycle;

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

/// How many random fixtures each side cycles through: `extract` is variable
/// time in the public scalar it recovers, so one fixture would measure one
/// arbitrary point of its cost distribution.
const FIXTURES: u64 = 32;

fn main() {
    let fx: Vec<Fixture> = (0..FIXTURES).map(Fixture::from_seed).collect();
    let n = FIXTURES as u32;
    let (mut a, mut b) = (cycle(&fx), cycle(&fx));
    // The baseline of both verify pairs.
    let zkp_verify = |f: &Fixture| {
        black_box(&f.zpre).verify(
            &f.secp,
            black_box(&f.zmsg),
            black_box(&f.zpk),
            black_box(&f.zpoint),
        )
    };
    pair(
        "presign / encrypt",
        n,
        41,
        || {
            let f = a();
            presign(
                black_box(&f.sk),
                black_box(&f.msg),
                black_box(&f.point),
                black_box(&f.aux),
            )
        },
        || {
            let f = b();
            zkp::EcdsaAdaptorSignature::encrypt_with_aux_rand(
                &f.secp,
                black_box(&f.zmsg),
                black_box(&f.zsk),
                black_box(&f.zpoint),
                black_box(&f.aux),
            )
        },
    );
    pair(
        "verify / verify",
        n,
        41,
        || {
            let f = a();
            verify(
                black_box(&f.pre),
                black_box(&f.pk),
                black_box(&f.msg),
                black_box(&f.point),
            )
        },
        || zkp_verify(b()),
    );
    pair(
        "from_bytes+verify / verify",
        n,
        41,
        || {
            let f = a();
            verify(
                &AdaptorSignature::from_bytes(black_box(&f.bytes)).unwrap(),
                black_box(&f.pk),
                black_box(&f.msg),
                black_box(&f.point),
            )
        },
        || zkp_verify(b()),
    );
    pair(
        "adapt_unchecked / decrypt",
        n * 32,
        41,
        || {
            let f = a();
            adapt_unchecked(black_box(&f.pre), black_box(&f.t))
        },
        || {
            let f = b();
            black_box(&f.zpre).decrypt(black_box(&f.zt))
        },
    );
    pair(
        "adapt / decrypt + ECDSA verify",
        n * 4,
        43,
        || {
            let f = a();
            adapt(black_box(&f.pre), black_box(&f.t), &f.pk, &f.msg)
        },
        || {
            let f = b();
            let sig = black_box(&f.zpre).decrypt(black_box(&f.zt)).unwrap();
            f.secp.verify_ecdsa(&f.zmsg, &sig, &f.zpk)
        },
    );
    pair(
        "extract / recover",
        n,
        81,
        || {
            let f = a();
            extract(black_box(&f.pre), black_box(&f.sig), black_box(&f.point))
        },
        || {
            let f = b();
            black_box(&f.zpre).recover(&f.secp, black_box(&f.zsig), black_box(&f.zpoint))
        },
    );
}
