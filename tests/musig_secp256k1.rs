//! Cross-test against rust-secp256k1 0.33's own `secp256k1::musig` module
//! (libsecp256k1's musig module as vendored by secp256k1-sys 0.14): 1000
//! seeded random plain sessions with 1 to 4 signers and 0 to 2 random tweaks.
//! Per session: the same aggregate key for the same keys and tweaks, the same
//! public nonce for the same NonceGen inputs, every partial signature (each
//! signer signs with one implementation, alternating) verifies in both, and
//! both aggregate to the same signature, which libsecp256k1 verifies.

use ptlc::musig::key_agg::{KeyAggContext, Tweak};
use ptlc::musig::nonces::{self, NonceGenInputs, PubNonce};
use ptlc::musig::session::Session;
use ptlc::musig::signing::{self, PartialSignature};
use ptlc::secp256k1::musig as their;
use ptlc::secp256k1::{schnorr, Keypair, Scalar};
use rand_chacha::rand_core::{RngCore, SeedableRng};
use rand_chacha::ChaCha20Rng;

const SESSIONS: u64 = 1000;

fn bytes32(rng: &mut ChaCha20Rng) -> [u8; 32] {
    let mut b = [0u8; 32];
    rng.fill_bytes(&mut b);
    b
}

fn keypair(rng: &mut ChaCha20Rng) -> Keypair {
    loop {
        if let Ok(k) = Keypair::from_secret_bytes(bytes32(rng)) {
            return k;
        }
    }
}

/// One signer's secret nonce in whichever implementation will sign.
enum Nonce {
    Ours(nonces::SecNonce),
    Theirs(their::SecretNonce),
}

fn session(seed: u64) {
    let mut rng = ChaCha20Rng::seed_from_u64(seed);
    let n = 1 + (rng.next_u32() % 4) as usize;
    let keypairs: Vec<Keypair> = (0..n).map(|_| keypair(&mut rng)).collect();
    let pks: Vec<_> = keypairs.iter().map(|k| k.public_key()).collect();
    let pk_bytes: Vec<[u8; 33]> = pks.iter().map(|p| p.serialize()).collect();

    // Key aggregation and tweaks.
    let mut ctx = KeyAggContext::new(&pk_bytes).unwrap();
    let mut cache = their::KeyAggCache::new(&pks.iter().collect::<Vec<_>>());
    assert_eq!(ctx.x_only_public_key(), cache.agg_pk(), "seed {seed}");
    for _ in 0..rng.next_u32() % 3 {
        let t = bytes32(&mut rng);
        let scalar = Scalar::from_be_bytes(t).unwrap();
        if rng.next_u32().is_multiple_of(2) {
            ctx = ctx.apply_tweak(&Tweak::XOnly(t)).unwrap();
            cache.pubkey_xonly_tweak_add(&scalar).unwrap();
        } else {
            ctx = ctx.apply_tweak(&Tweak::Plain(t)).unwrap();
            cache.pubkey_ec_tweak_add(&scalar).unwrap();
        }
        assert_eq!(ctx.aggregate_key(), cache.agg_pk_full(), "seed {seed}");
    }
    assert_eq!(ctx.x_only_public_key(), cache.agg_pk(), "seed {seed}");
    let msg = bytes32(&mut rng);
    let aggpk = ctx.x_only_public_key().to_byte_array();

    // Nonces: the same inputs (a random subset of the optional ones) in both.
    let mut secnonces = Vec::new();
    let mut pubnonces = Vec::new();
    for (i, kp) in keypairs.iter().enumerate() {
        let rand = bytes32(&mut rng);
        let extra = bytes32(&mut rng);
        let mask = rng.next_u32();
        let sk = kp.secret_key();
        let (with_sk, with_agg, with_msg, with_extra) =
            (mask & 1 != 0, mask & 2 != 0, mask & 4 != 0, mask & 8 != 0);
        let inputs = NonceGenInputs {
            secret_key: with_sk.then_some(&sk),
            aggregate_key: with_agg.then_some(&aggpk),
            message: with_msg.then_some(&msg[..]),
            extra_input: with_extra.then_some(&extra[..]),
        };
        let (ours_sec, ours_pub) = nonces::nonce_gen_with_rand(&rand, &pks[i], inputs).unwrap();
        let (their_sec, their_pub) = their::new_nonce_pair(
            their::SessionSecretRand::assume_uniformly_random(rand),
            with_agg.then_some(&cache),
            with_sk.then_some(sk),
            pks[i],
            with_msg.then_some(&msg),
            with_extra.then_some(extra),
        );
        assert_eq!(ours_pub.to_bytes(), their_pub.serialize(), "seed {seed}");
        pubnonces.push(ours_pub);
        secnonces.push(if (i as u64 + seed).is_multiple_of(2) {
            Nonce::Ours(ours_sec)
        } else {
            Nonce::Theirs(their_sec)
        });
    }
    let pub_bytes: Vec<[u8; 66]> = pubnonces.iter().map(PubNonce::to_bytes).collect();
    let their_pubs: Vec<their::PublicNonce> = pub_bytes
        .iter()
        .map(|b| their::PublicNonce::from_byte_array(b).unwrap())
        .collect();
    let aggnonce = nonces::nonce_agg(&pub_bytes).unwrap();
    let their_agg = their::AggregatedNonce::new(&their_pubs.iter().collect::<Vec<_>>());
    assert_eq!(aggnonce.to_bytes(), their_agg.serialize(), "seed {seed}");

    // Signing, each signer in one implementation; verification in both.
    let ours = Session::new(&ctx, &aggnonce, &msg, None).unwrap();
    let theirs = their::Session::new(&cache, their_agg, &msg);
    let mut psigs = Vec::new();
    for (i, (nonce, kp)) in secnonces.into_iter().zip(&keypairs).enumerate() {
        let psig = match nonce {
            Nonce::Ours(sec) => signing::sign(sec, kp, &ours).unwrap(),
            Nonce::Theirs(sec) => {
                let p = theirs.partial_sign(sec, kp, &cache);
                PartialSignature::from_bytes(&p.serialize()).unwrap()
            }
        };
        signing::partial_sig_verify(&ours, &psig, &pubnonces[i], &pks[i], i).unwrap();
        let their_psig = their::PartialSignature::from_byte_array(&psig.to_bytes()).unwrap();
        assert!(
            theirs.partial_verify(&cache, &their_psig, &their_pubs[i], pks[i]),
            "seed {seed} signer {i}"
        );
        psigs.push(psig.to_bytes());
    }

    // Aggregation in both; libsecp256k1 verifies the result.
    let sig = signing::partial_sig_agg(&ours, &psigs).unwrap();
    let their_psigs: Vec<their::PartialSignature> = psigs
        .iter()
        .map(|b| their::PartialSignature::from_byte_array(b).unwrap())
        .collect();
    let their_sig = theirs
        .partial_sig_agg(&their_psigs.iter().collect::<Vec<_>>())
        .verify(&cache.agg_pk(), &msg)
        .unwrap();
    assert_eq!(sig, their_sig, "seed {seed}");
    schnorr::verify(&sig, &msg, &cache.agg_pk()).unwrap();
}

#[test]
fn random_sessions_match_libsecp256k1_musig() {
    for seed in 0..SESSIONS {
        session(seed);
    }
}
