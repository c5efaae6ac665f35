//! Properties of the partial-signature point and its sale (SPEC.md,
//! "Pay-for-partial-signature"): for random 2-of-2 and 3-of-3 sessions, with
//! and without an adaptor and a Taproot tweak, the point equals `s_i·G` for
//! the honest partial signature and differs for any other, and `complete`
//! returns a signature libsecp256k1 verifies.

use proptest::prelude::*;
use ptlc::musig::key_agg::KeyAggContext;
use ptlc::musig::nonces::{self, PubNonce, SecNonce};
use ptlc::musig::signing::{self, PartialSignature};
use ptlc::pay_for_partial_signature::{
    partial_signature_point, partial_signature_scalar, PartialSignatureOffer,
    PayForPartialSignatureError,
};
use ptlc::secp256k1::{schnorr, Keypair};
use ptlc::{schnorr_adaptor, PaymentScalar};

fn keypair(seed: &[u8; 32], i: u8) -> Keypair {
    let mut b = *seed;
    b[0] ^= i;
    b[31] |= 1;
    Keypair::from_secret_bytes(b)
        .unwrap_or_else(|_| Keypair::from_secret_bytes([i + 1; 32]).unwrap())
}

fn run(seed: [u8; 32], n: u8, tweak: bool, adaptor: bool, seller: usize, bump: u8) {
    let kps: Vec<Keypair> = (0..n).map(|i| keypair(&seed, i)).collect();
    let keys: Vec<[u8; 33]> = kps.iter().map(|k| k.public_key().serialize()).collect();
    let mut ctx = KeyAggContext::new(&keys).unwrap();
    if tweak {
        ctx = ctx.taproot_tweak(None).unwrap();
    }
    let (secs, pubs): (Vec<SecNonce>, Vec<PubNonce>) = kps
        .iter()
        .enumerate()
        .map(|(i, k)| {
            let mut r = seed;
            r[1] ^= i as u8;
            nonces::nonce_gen_with_rand(&r, &k.public_key(), Default::default()).unwrap()
        })
        .unzip();
    let aggnonce =
        nonces::nonce_agg(&pubs.iter().map(PubNonce::to_bytes).collect::<Vec<_>>()).unwrap();
    let msg = seed.map(|b| b.wrapping_add(7));
    let t = PaymentScalar::from_bytes(&seed.map(|b| b | 1))
        .unwrap_or_else(|_| PaymentScalar::from_bytes(&[5; 32]).unwrap());
    let t_point = t.point();
    let offer = PartialSignatureOffer::new(
        &ctx,
        &aggnonce,
        msg,
        adaptor.then_some(&t_point),
        kps[seller].public_key(),
        pubs[seller],
    )
    .unwrap();
    let session = *offer.session();
    let psigs: Vec<PartialSignature> = secs
        .into_iter()
        .zip(&kps)
        .map(|(sec, k)| signing::sign(sec, k, &session).unwrap())
        .collect();
    // The point is s_i·G for every signer's honest partial signature ...
    for i in 0..usize::from(n) {
        let p = partial_signature_point(&session, &pubs[i], &kps[i].public_key()).unwrap();
        let s = PaymentScalar::from_bytes(&psigs[i].to_bytes()).unwrap();
        assert!(s.opens(&p));
        // ... and not for another signer's, or a perturbed one.
        for j in (0..usize::from(n)).filter(|&j| j != i) {
            let other = PaymentScalar::from_bytes(&psigs[j].to_bytes()).unwrap();
            assert!(!other.opens(&p));
            assert_ne!(
                partial_signature_point(&session, &pubs[j], &kps[i].public_key()).unwrap(),
                p
            );
        }
    }
    assert_eq!(
        offer.point(),
        partial_signature_point(&session, &pubs[seller], &kps[seller].public_key()).unwrap()
    );
    let s = partial_signature_scalar(
        &session,
        &psigs[seller],
        &pubs[seller],
        &kps[seller].public_key(),
        seller,
    )
    .unwrap();
    let mut wrong_bytes = psigs[seller].to_bytes();
    wrong_bytes[31] ^= bump | 1;
    if let Ok(wrong) = PartialSignature::from_bytes(&wrong_bytes) {
        assert_eq!(
            partial_signature_scalar(
                &session,
                &wrong,
                &pubs[seller],
                &kps[seller].public_key(),
                seller
            )
            .unwrap_err(),
            PayForPartialSignatureError::InvalidPartialSignature { signer: seller }
        );
        if let Ok(ws) = PaymentScalar::from_bytes(&wrong_bytes) {
            let own: Vec<_> = (0..usize::from(n))
                .filter(|&j| j != seller)
                .map(|j| psigs[j])
                .collect();
            let err = if adaptor {
                offer.complete_adaptor(&ws, &own).unwrap_err()
            } else {
                offer.complete(&ws, &own).unwrap_err()
            };
            assert_eq!(err, PayForPartialSignatureError::WrongScalar);
        }
    }
    let own: Vec<_> = (0..usize::from(n))
        .filter(|&j| j != seller)
        .map(|j| psigs[j])
        .collect();
    let key = ctx.x_only_public_key();
    let sig = if adaptor {
        assert_eq!(
            offer.complete(&s, &own).unwrap_err(),
            PayForPartialSignatureError::AdaptorMismatch
        );
        let pre = offer.complete_adaptor(&s, &own).unwrap();
        schnorr_adaptor::adapt(&pre, &t, &key, &msg).unwrap()
    } else {
        assert_eq!(
            offer.complete_adaptor(&s, &own).unwrap_err(),
            PayForPartialSignatureError::AdaptorMismatch
        );
        offer.complete(&s, &own).unwrap()
    };
    assert!(schnorr::verify(&sig, &msg, &key).is_ok());
    // The same signature as plain PartialSigAgg (or adapting its pre-signature).
    let all: Vec<[u8; 32]> = psigs.iter().map(PartialSignature::to_bytes).collect();
    let agg = if adaptor {
        let pre = signing::partial_sig_agg_adaptor(&session, &all).unwrap();
        schnorr_adaptor::adapt(&pre, &t, &key, &msg).unwrap()
    } else {
        signing::partial_sig_agg(&session, &all).unwrap()
    };
    assert_eq!(sig, agg);
    // A wrong own partial signature: the scalar opens the point, the aggregate fails.
    if let Some(first) = own.first() {
        let mut b = first.to_bytes();
        b[31] ^= 1;
        if let Ok(bad) = PartialSignature::from_bytes(&b) {
            let mut bad_own = own.clone();
            bad_own[0] = bad;
            let err = if adaptor {
                offer.complete_adaptor(&s, &bad_own).unwrap_err()
            } else {
                offer.complete(&s, &bad_own).unwrap_err()
            };
            assert_eq!(err, PayForPartialSignatureError::InvalidSignature);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn two_of_two(seed in any::<[u8; 32]>(), tweak: bool, adaptor: bool, seller in 0usize..2, bump: u8) {
        run(seed, 2, tweak, adaptor, seller, bump);
    }

    #[test]
    fn three_of_three(seed in any::<[u8; 32]>(), tweak: bool, adaptor: bool, seller in 0usize..3, bump: u8) {
        run(seed, 3, tweak, adaptor, seller, bump);
    }
}

/// A nonce identifier matches the public nonce it was computed from and no
/// other: S finds the right slot, and a package naming another nonce does not
/// pass for it.
#[test]
fn nonce_id_matches_only_its_nonce() {
    use ptlc::pay_for_partial_signature::NonceId;
    let pk = keypair(&[9; 32], 0).public_key();
    let (_, first) = nonces::nonce_gen_with_rand(&[1; 32], &pk, Default::default()).unwrap();
    let (_, second) = nonces::nonce_gen_with_rand(&[2; 32], &pk, Default::default()).unwrap();
    let id = NonceId::of(&first);
    assert!(id.matches(&first));
    assert!(!id.matches(&second));
    assert!(NonceId::of(&second).matches(&second));
    assert!(!NonceId::from_bytes([0; 32]).matches(&first));
    assert_eq!(NonceId::from_bytes(id.to_bytes()), id);
}
