//! Interleaved ptlc / rust-secp256k1 0.33 `musig` (libsecp256k1's musig
//! module) timing for the MuSig2 operations of a 2-of-2 session: NonceGen,
//! KeyAgg of 2 keys, session set-up, Sign, PartialSigVerify, PartialSigAgg.
//! Each side cycles through the same 32 seeded random fixtures; reported are
//! the median times and the median and quartiles of the per-round ratios
//! (ptlc time / libsecp256k1 time).
//!
//! `cargo bench --bench musig`
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::hint::black_box;

use ptlc::musig::key_agg::KeyAggContext;
use ptlc::musig::nonces::{self, AggNonce, NonceGenInputs, PubNonce, SecNonce};
use ptlc::musig::session::Session;
use ptlc::musig::signing::{self, PartialSignature};
use ptlc::secp256k1::musig as their;
use ptlc::secp256k1::{Keypair, PublicKey};
use rand_chacha::rand_core::{RngCore, SeedableRng};
use rand_chacha::ChaCha20Rng;

#[path = "common/paired.rs"]
mod common;
use common::cycle;

const FIXTURES: u64 = 32;
const ROUNDS: usize = 41;

fn pair<A, B>(name: &str, iters: u32, ours: impl FnMut() -> A, theirs: impl FnMut() -> B) {
    let p = common::paired(iters, ROUNDS, ours, theirs);
    println!(
        "{name:<24} ptlc {:>8.2} us   libsecp256k1 {:>8.2} us   ratio {:.2} (quartiles {:.2}..{:.2})",
        p.ours_us, p.base_us, p.ratio_median, p.ratio_q1, p.ratio_q3
    );
}

struct Fixture {
    keypairs: [Keypair; 2],
    pks: [PublicKey; 2],
    pk_bytes: [[u8; 33]; 2],
    msg: [u8; 32],
    rand: [u8; 32],
    ctx: KeyAggContext,
    cache: their::KeyAggCache,
    pubnonces: [PubNonce; 2],
    their_pubnonces: [their::PublicNonce; 2],
    aggnonce: AggNonce,
    their_aggnonce: their::AggregatedNonce,
    session: Session,
    their_session: their::Session,
    secnonce_bytes: [u8; 97],
    psigs: [[u8; 32]; 2],
    psig: PartialSignature,
    their_psigs: [their::PartialSignature; 2],
}

fn bytes32(rng: &mut ChaCha20Rng) -> [u8; 32] {
    let mut b = [0u8; 32];
    rng.fill_bytes(&mut b);
    b
}

fn fixture(seed: u64) -> Fixture {
    let mut rng = ChaCha20Rng::seed_from_u64(seed);
    let keypairs = [
        Keypair::from_secret_bytes(bytes32(&mut rng)).unwrap(),
        Keypair::from_secret_bytes(bytes32(&mut rng)).unwrap(),
    ];
    let pks = keypairs.map(|k| k.public_key());
    let pk_bytes = pks.map(|p| p.serialize());
    let ctx = KeyAggContext::new(&pk_bytes).unwrap();
    let cache = their::KeyAggCache::new(&[&pks[0], &pks[1]]);
    let msg = bytes32(&mut rng);
    let rand = bytes32(&mut rng);
    let mut secs = Vec::new();
    let mut pubs = Vec::new();
    for pk in &pks {
        let (s, p) =
            nonces::nonce_gen_with_rand(&bytes32(&mut rng), pk, Default::default()).unwrap();
        secs.push(s);
        pubs.push(p);
    }
    let pubnonces = [pubs[0], pubs[1]];
    let their_pubnonces =
        pubnonces.map(|p| their::PublicNonce::from_byte_array(&p.to_bytes()).unwrap());
    let aggnonce = AggNonce::sum(&pubnonces);
    let their_aggnonce = their::AggregatedNonce::new(&[&their_pubnonces[0], &their_pubnonces[1]]);
    let session = Session::new(&ctx, &aggnonce, &msg, None).unwrap();
    let their_session = their::Session::new(&cache, their_aggnonce, &msg);
    let mut secs = secs.into_iter();
    let s0 = secs.next().unwrap();
    let secnonce_bytes = *s0.dangerous_into_bytes();
    let s0 = SecNonce::dangerous_from_bytes(&secnonce_bytes).unwrap();
    let psig = signing::sign(s0, &keypairs[0], &session).unwrap();
    let psig1 = signing::sign(secs.next().unwrap(), &keypairs[1], &session).unwrap();
    let psigs = [psig.to_bytes(), psig1.to_bytes()];
    let their_psigs = psigs.map(|p| their::PartialSignature::from_byte_array(&p).unwrap());
    Fixture {
        keypairs,
        pks,
        pk_bytes,
        msg,
        rand,
        ctx,
        cache,
        pubnonces,
        their_pubnonces,
        aggnonce,
        their_aggnonce,
        session,
        their_session,
        secnonce_bytes,
        psigs,
        psig,
        their_psigs,
    }
}

fn main() {
    let fx: Vec<Fixture> = (0..FIXTURES).map(fixture).collect();
    let n = FIXTURES as u32;
    let (mut a, mut b) = (cycle(&fx), cycle(&fx));

    pair(
        "NonceGen",
        n,
        || {
            let f = a();
            let sk = f.keypairs[0].secret_key();
            let aggpk = f.ctx.x_only_public_key().to_byte_array();
            let inputs = NonceGenInputs {
                secret_key: Some(&sk),
                aggregate_key: Some(&aggpk),
                message: Some(&f.msg),
                extra_input: None,
            };
            nonces::nonce_gen_with_rand(black_box(&f.rand), &f.pks[0], inputs).unwrap()
        },
        || {
            let f = b();
            their::new_nonce_pair(
                their::SessionSecretRand::assume_uniformly_random(black_box(f.rand)),
                Some(&f.cache),
                Some(f.keypairs[0].secret_key()),
                f.pks[0],
                Some(&f.msg),
                None,
            )
        },
    );
    // The baseline of both KeyAgg pairs: libsecp256k1 takes parsed keys.
    let their_key_agg = |f: &Fixture| their::KeyAggCache::new(&[black_box(&f.pks[0]), &f.pks[1]]);
    pair(
        "KeyAgg (2 keys)",
        n,
        || KeyAggContext::from_public_keys(black_box(&a().pks)).unwrap(),
        || their_key_agg(b()),
    );
    pair(
        "KeyAgg (2 keys, parsing)",
        n,
        || KeyAggContext::new(black_box(&a().pk_bytes)).unwrap(),
        || their_key_agg(b()),
    );
    pair(
        "session set-up",
        n,
        || {
            let f = a();
            Session::new(&f.ctx, black_box(&f.aggnonce), &f.msg, None).unwrap()
        },
        || {
            let f = b();
            their::Session::new(&f.cache, black_box(f.their_aggnonce), &f.msg)
        },
    );

    // Sign consumes its secret nonce: each side draws from a pool made
    // beforehand (enough for the warm-up and every round), in fixture order.
    let calls = (n as usize) * (ROUNDS + 1);
    let mut ours_pool: Vec<(SecNonce, &Fixture)> = (0..calls)
        .map(|i| {
            let f = &fx[i % fx.len()];
            (
                SecNonce::dangerous_from_bytes(&f.secnonce_bytes).unwrap(),
                f,
            )
        })
        .collect();
    let mut their_pool: Vec<(their::SecretNonce, &Fixture)> = (0..calls)
        .map(|i| {
            let f = &fx[i % fx.len()];
            let (s, p) = their::new_nonce_pair(
                their::SessionSecretRand::assume_uniformly_random(f.rand),
                None,
                None,
                f.pks[0],
                None,
                None,
            );
            // The baseline signs with its own nonce in a session over it.
            let _ = p;
            (s, f)
        })
        .collect();
    pair(
        "Sign",
        n,
        || {
            let (s, f) = ours_pool.pop().unwrap();
            signing::sign(s, &f.keypairs[0], &f.session).unwrap()
        },
        || {
            let (s, f) = their_pool.pop().unwrap();
            f.their_session.partial_sign(s, &f.keypairs[0], &f.cache)
        },
    );
    pair(
        "PartialSigVerify",
        n,
        || {
            let f = a();
            signing::partial_sig_verify(
                &f.session,
                black_box(&f.psig),
                &f.pubnonces[0],
                &f.pks[0],
                0,
            )
        },
        || {
            let f = b();
            f.their_session.partial_verify(
                &f.cache,
                black_box(&f.their_psigs[0]),
                &f.their_pubnonces[0],
                f.pks[0],
            )
        },
    );
    pair(
        "PartialSigAgg",
        n * 16,
        || {
            let f = a();
            signing::partial_sig_agg(&f.session, black_box(&f.psigs)).unwrap()
        },
        || {
            let f = b();
            f.their_session
                .partial_sig_agg(&[black_box(&f.their_psigs[0]), &f.their_psigs[1]])
        },
    );
}
