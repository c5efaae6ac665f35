//! Interleaved timing of the partial-signature point (SPEC.md,
//! "Pay-for-partial-signature") beside PartialSigVerify on the same 2-of-2
//! Taproot-tweaked sessions: the point is PartialSigVerify's right-hand side,
//! so it should cost the same work and nothing more (target ≤ 1.1×).
//! Baselines: libsecp256k1's `musig` partial verification (rust-secp256k1
//! 0.33) and ptlc's own `partial_sig_verify`. Each side cycles through the
//! same 32 seeded random fixtures; reported are the median times and the
//! median and quartiles of the per-round ratios (point / baseline).
//!
//! `cargo bench --bench pay_for_partial_signature`
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::hint::black_box;

use ptlc::musig::key_agg::KeyAggContext;
use ptlc::musig::nonces::{self, AggNonce, PubNonce};
use ptlc::musig::session::Session;
use ptlc::musig::signing::{self, PartialSignature};
use ptlc::pay_for_partial_signature::partial_signature_point;
use ptlc::secp256k1::musig as their;
use ptlc::secp256k1::{Keypair, PublicKey};
use rand_chacha::rand_core::{RngCore, SeedableRng};
use rand_chacha::ChaCha20Rng;

#[path = "common/paired.rs"]
mod common;
use common::cycle;

const FIXTURES: u64 = 32;
const ROUNDS: usize = 41;

struct Fixture {
    pk: PublicKey,
    pubnonce: PubNonce,
    session: Session,
    psig: PartialSignature,
    cache: their::KeyAggCache,
    their_session: their::Session,
    their_pubnonce: their::PublicNonce,
    their_psig: their::PartialSignature,
}

fn bytes32(rng: &mut ChaCha20Rng) -> [u8; 32] {
    let mut b = [0u8; 32];
    rng.fill_bytes(&mut b);
    b
}

fn fixture(seed: u64) -> Fixture {
    let mut rng = ChaCha20Rng::seed_from_u64(seed);
    let kps = [
        Keypair::from_secret_bytes(bytes32(&mut rng)).unwrap(),
        Keypair::from_secret_bytes(bytes32(&mut rng)).unwrap(),
    ];
    let pks = kps.map(|k| k.public_key());
    let ctx = KeyAggContext::from_public_keys(&pks)
        .unwrap()
        .taproot_tweak(None)
        .unwrap();
    let mut cache = their::KeyAggCache::new(&[&pks[0], &pks[1]]);
    let tweak = ptlc::musig::key_agg::taproot_tweak_scalar(
        &KeyAggContext::from_public_keys(&pks)
            .unwrap()
            .x_only_public_key(),
        None,
    )
    .unwrap();
    cache.pubkey_xonly_tweak_add(&tweak).unwrap();
    assert_eq!(cache.agg_pk(), ctx.x_only_public_key());
    let msg = bytes32(&mut rng);
    let (sec0, pub0) =
        nonces::nonce_gen_with_rand(&bytes32(&mut rng), &pks[0], Default::default()).unwrap();
    let (_, pub1) =
        nonces::nonce_gen_with_rand(&bytes32(&mut rng), &pks[1], Default::default()).unwrap();
    let aggnonce = AggNonce::sum(&[pub0, pub1]);
    let session = Session::new(&ctx, &aggnonce, &msg, None).unwrap();
    let psig = signing::sign(sec0, &kps[0], &session).unwrap();
    let their_pubnonces =
        [pub0, pub1].map(|p| their::PublicNonce::from_byte_array(&p.to_bytes()).unwrap());
    let their_aggnonce = their::AggregatedNonce::new(&[&their_pubnonces[0], &their_pubnonces[1]]);
    let their_session = their::Session::new(&cache, their_aggnonce, &msg);
    let their_psig = their::PartialSignature::from_byte_array(&psig.to_bytes()).unwrap();
    assert!(their_session.partial_verify(&cache, &their_psig, &their_pubnonces[0], pks[0]));
    Fixture {
        pk: pks[0],
        pubnonce: pub0,
        session,
        psig,
        cache,
        their_session,
        their_pubnonce: their_pubnonces[0],
        their_psig,
    }
}

fn report(label: &str, base: &str, p: &common::Paired) {
    println!(
        "{label:<56} point {:>7.2} us   {base:<12} {:>7.2} us   ratio {:.2} (quartiles {:.2}..{:.2})",
        p.ours_us, p.base_us, p.ratio_median, p.ratio_q1, p.ratio_q3
    );
}

fn main() {
    let fx: Vec<Fixture> = (0..FIXTURES).map(fixture).collect();
    let n = FIXTURES as u32;
    let point =
        |f: &Fixture| partial_signature_point(&f.session, black_box(&f.pubnonce), &f.pk).unwrap();
    let (mut a, mut b) = (cycle(&fx), cycle(&fx));
    let p = common::paired(
        n,
        ROUNDS,
        || point(a()),
        || {
            let f = b();
            f.their_session.partial_verify(
                &f.cache,
                black_box(&f.their_psig),
                &f.their_pubnonce,
                f.pk,
            )
        },
    );
    report(
        "partial-signature point vs libsecp256k1 PartialSigVerify",
        "libsecp256k1",
        &p,
    );
    let (mut a, mut b) = (cycle(&fx), cycle(&fx));
    let p = common::paired(
        n,
        ROUNDS,
        || point(a()),
        || {
            let f = b();
            signing::partial_sig_verify(&f.session, black_box(&f.psig), &f.pubnonce, &f.pk, 0)
        },
    );
    report(
        "partial-signature point vs ptlc PartialSigVerify",
        "ptlc",
        &p,
    );
}
