//! Properties of MuSig2 adaptor sessions (SPEC.md, "MuSig2 adaptor
//! signatures"): random signer counts 1..=5, random plain and x-only tweaks,
//! random adaptor. The aggregate pre-signature verifies with
//! `schnorr_adaptor::verify`, adapts to a BIP-340 signature libsecp256k1
//! accepts, and `extract` returns t; a flipped bit anywhere is caught.

use proptest::prelude::*;
use ptlc::musig::key_agg::{KeyAggContext, Tweak};
use ptlc::musig::nonces::{self, PubNonce};
use ptlc::musig::session::{Session, ZkpPreSignature};
use ptlc::musig::signing::{self, PartialSignature};
use ptlc::musig::{Contribution, MusigError};
use ptlc::schnorr_adaptor::{self, PreSignature};
use ptlc::secp256k1::constants::CURVE_ORDER;
use ptlc::secp256k1::{schnorr, Keypair, PublicKey, XOnlyPublicKey};
use ptlc::{PaymentPoint, PaymentScalar};

fn scalar_bytes() -> impl Strategy<Value = [u8; 32]> {
    any::<[u8; 32]>().prop_filter("in [1, n-1]", |b| *b != [0u8; 32] && *b < CURVE_ORDER)
}

fn tweak() -> impl Strategy<Value = Tweak> {
    (scalar_bytes(), any::<bool>())
        .prop_map(|(t, x)| if x { Tweak::XOnly(t) } else { Tweak::Plain(t) })
}

/// The one place these tests complete a pre-signature: verify, then adapt.
fn adapt(
    pre: &PreSignature,
    key: &XOnlyPublicKey,
    msg: &[u8; 32],
    t: &PaymentScalar,
) -> schnorr::Signature {
    schnorr_adaptor::verify(pre, key, msg, &t.point()).unwrap();
    schnorr_adaptor::adapt(pre, t, key, msg).unwrap()
}

struct Run {
    ctx: KeyAggContext,
    session: Session,
    pks: Vec<PublicKey>,
    pubnonces: Vec<PubNonce>,
    psigs: Vec<[u8; 32]>,
    pre: PreSignature,
}

fn run(
    sks: &[[u8; 32]],
    tweaks: &[Tweak],
    t: &PaymentScalar,
    msg: &[u8; 32],
    rand: &[u8; 32],
) -> Run {
    let keypairs: Vec<Keypair> = sks
        .iter()
        .map(|s| Keypair::from_secret_bytes(*s).unwrap())
        .collect();
    let pks: Vec<PublicKey> = keypairs.iter().map(|k| k.public_key()).collect();
    let bytes: Vec<[u8; 33]> = pks.iter().map(|p| p.serialize()).collect();
    let ctx = KeyAggContext::new(&bytes)
        .unwrap()
        .apply_tweaks(tweaks)
        .unwrap();
    let mut secs = Vec::new();
    let mut pubnonces = Vec::new();
    for (i, pk) in pks.iter().enumerate() {
        let mut r = *rand;
        r[0] ^= i as u8;
        let (s, p) = nonces::nonce_gen_with_rand(&r, pk, Default::default()).unwrap();
        secs.push(s);
        pubnonces.push(p);
    }
    let pub_bytes: Vec<[u8; 66]> = pubnonces.iter().map(PubNonce::to_bytes).collect();
    let aggnonce = nonces::nonce_agg(&pub_bytes).unwrap();
    let session = Session::new(&ctx, &aggnonce, msg, Some(&t.point())).unwrap();
    let psigs: Vec<[u8; 32]> = secs
        .into_iter()
        .zip(&keypairs)
        .map(|(s, k)| signing::sign(s, k, &session).unwrap().to_bytes())
        .collect();
    let pre = signing::partial_sig_agg_adaptor(&session, &psigs).unwrap();
    Run {
        ctx,
        session,
        pks,
        pubnonces,
        psigs,
        pre,
    }
}

/// Secret keys, tweaks, adaptor secret, message, nonce randomness.
type Inputs = (Vec<[u8; 32]>, Vec<Tweak>, [u8; 32], [u8; 32], [u8; 32]);

fn inputs() -> impl Strategy<Value = Inputs> {
    (
        prop::collection::vec(scalar_bytes(), 1..=5),
        prop::collection::vec(tweak(), 0..=3),
        scalar_bytes(),
        any::<[u8; 32]>(),
        any::<[u8; 32]>(),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn adaptor_session_adapts_and_extracts((sks, tweaks, t, msg, rand) in inputs()) {
        let t = PaymentScalar::from_bytes(&t).unwrap();
        let r = run(&sks, &tweaks, &t, &msg, &rand);
        let key = r.ctx.x_only_public_key();
        for (i, psig) in r.psigs.iter().enumerate() {
            let psig = PartialSignature::from_bytes(psig).unwrap();
            prop_assert_eq!(signing::partial_sig_verify(&r.session, &psig, &r.pubnonces[i], &r.pks[i], i), Ok(()));
        }
        // The nonce of the pre-signature is the session's final nonce R + T.
        prop_assert_eq!(r.pre.nonce(), r.session.final_nonce());
        prop_assert_eq!(r.pre.to_bytes()[0] == 3, r.session.nonce_parity());
        let sig = adapt(&r.pre, &key, &msg, &t);
        prop_assert!(schnorr::verify(&sig, &msg, &key).is_ok());
        prop_assert_eq!(&schnorr_adaptor::extract(&r.pre, &sig, &t.point()).unwrap(), &t);
        // zkp's two-part form round-trips.
        let zkp = ZkpPreSignature::from_pre_signature(&r.pre);
        prop_assert_eq!(zkp.nonce_parity, r.session.nonce_parity());
        prop_assert_eq!(zkp.to_pre_signature(), Ok(r.pre));
        // The aggregate is not a signature until adapted, and the wrong form is refused.
        prop_assert_eq!(signing::partial_sig_agg(&r.session, &r.psigs), Err(MusigError::AdaptorMismatch));
    }

    #[test]
    fn flipped_pre_signature_bit_is_caught(
        (sks, tweaks, t, msg, rand) in inputs(), bit in 0usize..(65 * 8)
    ) {
        let t = PaymentScalar::from_bytes(&t).unwrap();
        let r = run(&sks, &tweaks, &t, &msg, &rand);
        let mut bytes = r.pre.to_bytes();
        bytes[bit / 8] ^= 1 << (bit % 8);
        let verdict = PreSignature::from_bytes(&bytes)
            .and_then(|p| schnorr_adaptor::verify(&p, &r.ctx.x_only_public_key(), &msg, &t.point()));
        prop_assert!(verdict.is_err());
    }

    #[test]
    fn flipped_partial_signature_bit_is_caught(
        (sks, tweaks, t, msg, rand) in inputs(), who in any::<prop::sample::Index>(), bit in 0usize..256
    ) {
        let t = PaymentScalar::from_bytes(&t).unwrap();
        let r = run(&sks, &tweaks, &t, &msg, &rand);
        let i = who.index(r.psigs.len());
        let mut psigs = r.psigs.clone();
        psigs[i][bit / 8] ^= 1 << (bit % 8);
        match PartialSignature::from_bytes(&psigs[i]) {
            Ok(bad) => prop_assert_eq!(
                signing::partial_sig_verify(&r.session, &bad, &r.pubnonces[i], &r.pks[i], i),
                Err(MusigError::InvalidContribution { signer: Some(i), contribution: Contribution::PartialSignature })
            ),
            Err(e) => prop_assert_eq!(e, MusigError::InvalidContribution { signer: None, contribution: Contribution::PartialSignature }),
        }
        // And the aggregate no longer verifies (or is refused, naming the signer).
        match signing::partial_sig_agg_adaptor(&r.session, &psigs) {
            Ok(pre) => prop_assert!(schnorr_adaptor::verify(&pre, &r.ctx.x_only_public_key(), &msg, &t.point()).is_err()),
            Err(e) => prop_assert_eq!(e, MusigError::InvalidContribution { signer: Some(i), contribution: Contribution::PartialSignature }),
        }
    }

    #[test]
    fn flipped_message_or_adaptor_bit_is_caught(
        (sks, tweaks, t, msg, rand) in inputs(), bit in 0usize..256, tbit in 0usize..(33 * 8)
    ) {
        let t = PaymentScalar::from_bytes(&t).unwrap();
        let r = run(&sks, &tweaks, &t, &msg, &rand);
        let key = r.ctx.x_only_public_key();
        let mut m = msg;
        m[bit / 8] ^= 1 << (bit % 8);
        prop_assert!(schnorr_adaptor::verify(&r.pre, &key, &m, &t.point()).is_err());
        let mut enc = t.point().to_bytes();
        enc[tbit / 8] ^= 1 << (tbit % 8);
        if let Ok(other) = PaymentPoint::from_bytes(&enc) {
            prop_assert!(schnorr_adaptor::verify(&r.pre, &key, &msg, &other).is_err());
        }
    }

    #[test]
    fn plain_session_verifies_and_b_binds_t((sks, tweaks, t, msg, rand) in inputs()) {
        let t = PaymentScalar::from_bytes(&t).unwrap();
        let keypairs: Vec<Keypair> = sks.iter().map(|s| Keypair::from_secret_bytes(*s).unwrap()).collect();
        let bytes: Vec<[u8; 33]> = keypairs.iter().map(|k| k.public_key().serialize()).collect();
        let ctx = KeyAggContext::new(&bytes).unwrap().apply_tweaks(&tweaks).unwrap();
        let mut secs = Vec::new();
        let mut pubs = Vec::new();
        for (i, k) in keypairs.iter().enumerate() {
            let mut r = rand;
            r[1] ^= i as u8;
            let (s, p) = nonces::nonce_gen_with_rand(&r, &k.public_key(), Default::default()).unwrap();
            secs.push(s);
            pubs.push(p.to_bytes());
        }
        let aggnonce = nonces::nonce_agg(&pubs).unwrap();
        let plain = Session::new(&ctx, &aggnonce, &msg, None).unwrap();
        let with_t = Session::new(&ctx, &aggnonce, &msg, Some(&t.point())).unwrap();
        prop_assert_ne!(plain.nonce_coefficient(), with_t.nonce_coefficient());
        let psigs: Vec<[u8; 32]> = secs.into_iter().zip(&keypairs)
            .map(|(s, k)| signing::sign(s, k, &plain).unwrap().to_bytes()).collect();
        let sig = signing::partial_sig_agg(&plain, &psigs).unwrap();
        prop_assert!(schnorr::verify(&sig, &msg, &ctx.x_only_public_key()).is_ok());
        prop_assert_eq!(signing::partial_sig_agg_adaptor(&plain, &psigs), Err(MusigError::AdaptorMismatch));
    }
    #[test]
    fn deterministic_sign_with_adaptor((sks, tweaks, t, msg, rand) in inputs()) {
        // The last signer is stateless; the others use NonceGen.
        let t = PaymentScalar::from_bytes(&t).unwrap();
        let keypairs: Vec<Keypair> = sks.iter().map(|s| Keypair::from_secret_bytes(*s).unwrap()).collect();
        let bytes: Vec<[u8; 33]> = keypairs.iter().map(|k| k.public_key().serialize()).collect();
        let ctx = KeyAggContext::new(&bytes).unwrap().apply_tweaks(&tweaks).unwrap();
        let (last, others) = keypairs.split_last().unwrap();
        let mut secs = Vec::new();
        let mut pubs = Vec::new();
        for (i, k) in others.iter().enumerate() {
            let mut r = rand;
            r[2] ^= i as u8;
            let (s, p) = nonces::nonce_gen_with_rand(&r, &k.public_key(), Default::default()).unwrap();
            secs.push(s);
            pubs.push(p);
        }
        // DeterministicSign needs the other signers' nonces: skip n = 1.
        prop_assume!(!others.is_empty());
        let other = nonces::AggNonce::sum(&pubs).to_bytes();
        let point = t.point();
        let (pubnonce, psig) =
            signing::deterministic_sign(last, &other, &bytes, &tweaks, &msg, None, Some(&point)).unwrap();
        let (plain_nonce, _) =
            signing::deterministic_sign(last, &other, &bytes, &tweaks, &msg, None, None).unwrap();
        // The adaptor point is hashed into the deterministic nonce.
        prop_assert_ne!(pubnonce, plain_nonce);
        pubs.push(pubnonce);
        let all: Vec<[u8; 66]> = pubs.iter().map(PubNonce::to_bytes).collect();
        let session = Session::new(&ctx, &nonces::nonce_agg(&all).unwrap(), &msg, Some(&point)).unwrap();
        let n = keypairs.len() - 1;
        prop_assert_eq!(signing::partial_sig_verify(&session, &psig, &pubnonce, &last.public_key(), n), Ok(()));
        let mut psigs: Vec<[u8; 32]> = secs.into_iter().zip(others)
            .map(|(s, k)| signing::sign(s, k, &session).unwrap().to_bytes()).collect();
        psigs.push(psig.to_bytes());
        let pre = signing::partial_sig_agg_adaptor(&session, &psigs).unwrap();
        let key = ctx.x_only_public_key();
        let sig = adapt(&pre, &key, &msg, &t);
        prop_assert!(schnorr::verify(&sig, &msg, &key).is_ok());
    }
}

/// BIP-327 ApplyTweak: an x-only tweak of an odd-y `Q` negates `gacc`, a
/// plain tweak never does, and the serialized context keeps the flag.
#[test]
fn gacc_follows_x_only_tweaks_and_survives_serialization() {
    let mut seen = [false; 2];
    for seed in 1u8..=16 {
        let pk = Keypair::from_secret_bytes([seed; 32])
            .unwrap()
            .public_key()
            .serialize();
        let ctx = KeyAggContext::new(&[pk]).unwrap();
        assert!(!ctx.gacc_negated());
        let odd = ctx.aggregate_key().serialize()[0] == 3;
        seen[usize::from(odd)] = true;
        let x_only = ctx.apply_tweak(&Tweak::XOnly([1; 32])).unwrap();
        assert_eq!(x_only.gacc_negated(), odd, "seed {seed}");
        let plain = ctx.apply_tweak(&Tweak::Plain([1; 32])).unwrap();
        assert!(!plain.gacc_negated());
        for c in [x_only, plain] {
            let back = KeyAggContext::from_bytes(&c.to_bytes()).unwrap();
            assert_eq!(back, c);
            assert_eq!(back.gacc_negated(), c.gacc_negated());
        }
    }
    assert_eq!(seen, [true, true], "both parities of Q were tried");
}
