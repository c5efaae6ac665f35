//! Properties of Schnorr adaptor signatures (SPEC.md, "Schnorr adaptor signatures")
//! and pay-for-signature ("Pay-for-signature"), per issue 7's acceptance list.

use proptest::prelude::*;
use ptlc::pay_for_signature::{
    signature_point, signature_scalar, PayForSignatureError, SignatureOffer,
};
use ptlc::schnorr_adaptor::{self, PreSignature, SchnorrAdaptorError};
use ptlc::secp256k1::constants::CURVE_ORDER;
use ptlc::secp256k1::{schnorr, Keypair, XOnlyPublicKey};
use ptlc::{PaymentPoint, PaymentScalar};

fn scalar_bytes() -> impl Strategy<Value = [u8; 32]> {
    any::<[u8; 32]>().prop_filter("in [1, n-1]", |b| *b != [0u8; 32] && *b < CURVE_ORDER)
}

struct Setup {
    keypair: Keypair,
    pubkey: XOnlyPublicKey,
    t: PaymentScalar,
    pre: PreSignature,
}

fn setup(sk: [u8; 32], t: [u8; 32], msg: &[u8; 32], aux: &[u8; 32]) -> Setup {
    let keypair = Keypair::from_secret_bytes(sk).unwrap();
    let (pubkey, _) = keypair.x_only_public_key();
    let t = PaymentScalar::from_bytes(&t).unwrap();
    let pre = schnorr_adaptor::presign(&keypair, msg, &t.point(), aux);
    Setup {
        keypair,
        pubkey,
        t,
        pre,
    }
}

/// `R' − T`, i.e. `k0·G`: the nonce point before the adaptor is added.
fn nonce_point(pre: &PreSignature, t: &PaymentPoint) -> [u8; 33] {
    pre.nonce()
        .combine(&t.as_public_key().negate())
        .unwrap()
        .serialize()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn presign_verify_adapt_extract(
        sk in scalar_bytes(), t in scalar_bytes(), msg in any::<[u8; 32]>(), aux in any::<[u8; 32]>()
    ) {
        let s = setup(sk, t, &msg, &aux);
        let point = s.t.point();
        prop_assert_eq!(schnorr_adaptor::verify(&s.pre, &s.pubkey, &msg, &point), Ok(()));
        prop_assert_eq!(schnorr_adaptor::adaptor_point(&s.pre, &s.pubkey, &msg), Ok(point));
        let sig = schnorr_adaptor::adapt(&s.pre, &s.t, &s.pubkey, &msg).unwrap();
        prop_assert!(schnorr::verify(&sig, &msg, &s.pubkey).is_ok());
        prop_assert_eq!(schnorr_adaptor::adapt_unchecked(&s.pre, &s.t), Ok(sig));
        prop_assert_eq!(&schnorr_adaptor::extract(&s.pre, &sig, &point).unwrap(), &s.t);
        // The adapted signature's R is x(R').
        prop_assert_eq!(&sig.as_byte_array()[..32], &s.pre.to_bytes()[1..33]);
        // Deterministic for fixed inputs.
        prop_assert_eq!(schnorr_adaptor::presign(&s.keypair, &msg, &point, &aux), s.pre);
        // Encodings round-trip.
        prop_assert_eq!(PreSignature::from_bytes(&s.pre.to_bytes()), Ok(s.pre));
        prop_assert_eq!(s.pre.to_string().parse::<PreSignature>(), Ok(s.pre));
        #[cfg(feature = "serde")]
        {
            let json = serde_json::to_string(&s.pre).unwrap();
            prop_assert_eq!(serde_json::from_str::<PreSignature>(&json).unwrap(), s.pre);
        }
    }

    #[test]
    fn flipping_any_pre_signature_byte_fails_verify(
        sk in scalar_bytes(), t in scalar_bytes(), msg in any::<[u8; 32]>(),
        i in 0usize..65, mask in 1u8..=255
    ) {
        let s = setup(sk, t, &msg, &[0; 32]);
        let mut bytes = s.pre.to_bytes();
        bytes[i] ^= mask;
        let verdict = PreSignature::from_bytes(&bytes)
            .and_then(|p| schnorr_adaptor::verify(&p, &s.pubkey, &msg, &s.t.point()));
        prop_assert!(verdict.is_err());
    }

    #[test]
    fn flipping_any_message_byte_fails_verify(
        sk in scalar_bytes(), t in scalar_bytes(), msg in any::<[u8; 32]>(),
        i in 0usize..32, mask in 1u8..=255
    ) {
        let s = setup(sk, t, &msg, &[0; 32]);
        let mut m = msg;
        m[i] ^= mask;
        prop_assert_eq!(
            schnorr_adaptor::verify(&s.pre, &s.pubkey, &m, &s.t.point()),
            Err(SchnorrAdaptorError::InvalidPreSignature)
        );
    }

    #[test]
    fn flipping_any_key_byte_fails_verify(
        sk in scalar_bytes(), t in scalar_bytes(), msg in any::<[u8; 32]>(),
        i in 0usize..32, mask in 1u8..=255
    ) {
        let s = setup(sk, t, &msg, &[0; 32]);
        let mut k = s.pubkey.to_byte_array();
        k[i] ^= mask;
        // A flipped key is either not a key at all or a different key.
        if let Ok(pk) = XOnlyPublicKey::from_byte_array(k) {
            prop_assert_eq!(
                schnorr_adaptor::verify(&s.pre, &pk, &msg, &s.t.point()),
                Err(SchnorrAdaptorError::InvalidPreSignature)
            );
        }
    }

    #[test]
    fn flipping_any_point_byte_fails_verify(
        sk in scalar_bytes(), t in scalar_bytes(), msg in any::<[u8; 32]>(),
        i in 0usize..33, mask in 1u8..=255
    ) {
        let s = setup(sk, t, &msg, &[0; 32]);
        let mut enc = s.t.point().to_bytes();
        enc[i] ^= mask;
        if let Ok(point) = PaymentPoint::from_bytes(&enc) {
            prop_assert_eq!(
                schnorr_adaptor::verify(&s.pre, &s.pubkey, &msg, &point),
                Err(SchnorrAdaptorError::InvalidPreSignature)
            );
        }
    }

    #[test]
    fn different_adaptors_never_share_a_nonce(
        sk in scalar_bytes(), t1 in scalar_bytes(), t2 in scalar_bytes(),
        msg in any::<[u8; 32]>(), aux in any::<[u8; 32]>()
    ) {
        prop_assume!(t1 != t2);
        let a = setup(sk, t1, &msg, &aux);
        let b = setup(sk, t2, &msg, &aux);
        prop_assert_ne!(nonce_point(&a.pre, &a.t.point()), nonce_point(&b.pre, &b.t.point()));
        prop_assert_ne!(a.pre.s(), b.pre.s());
    }

    #[test]
    fn wrong_scalar_and_wrong_point_are_rejected(
        sk in scalar_bytes(), t in scalar_bytes(), other in scalar_bytes(), msg in any::<[u8; 32]>()
    ) {
        prop_assume!(t != other);
        let s = setup(sk, t, &msg, &[0; 32]);
        let wrong = PaymentScalar::from_bytes(&other).unwrap();
        let bad = schnorr_adaptor::adapt_unchecked(&s.pre, &wrong).unwrap();
        prop_assert!(schnorr::verify(&bad, &msg, &s.pubkey).is_err());
        prop_assert_eq!(
            schnorr_adaptor::adapt(&s.pre, &wrong, &s.pubkey, &msg),
            Err(SchnorrAdaptorError::WrongScalar)
        );
        let sig = schnorr_adaptor::adapt(&s.pre, &s.t, &s.pubkey, &msg).unwrap();
        prop_assert_eq!(
            schnorr_adaptor::extract(&s.pre, &sig, &wrong.point()),
            Err(SchnorrAdaptorError::WrongScalar)
        );
        prop_assert_eq!(
            schnorr_adaptor::extract(&s.pre, &bad, &s.t.point()),
            Err(SchnorrAdaptorError::WrongScalar)
        );
        let plain = schnorr::sign_with_aux_rand(&msg, &s.keypair, &[0; 32]);
        prop_assert_eq!(
            schnorr_adaptor::extract(&s.pre, &plain, &s.t.point()),
            Err(SchnorrAdaptorError::SignatureMismatch)
        );
    }

    #[test]
    fn pay_for_signature_round_trip(
        sk in scalar_bytes(), msg in any::<[u8; 32]>(), aux in any::<[u8; 32]>(), other in scalar_bytes()
    ) {
        let keypair = Keypair::from_secret_bytes(sk).unwrap();
        let (pubkey, _) = keypair.x_only_public_key();
        let sig = schnorr::sign_with_aux_rand(&msg, &keypair, &aux);
        let nonce: [u8; 32] = sig.as_byte_array()[..32].try_into().unwrap();
        let point = signature_point(&pubkey, &msg, &nonce).unwrap();
        let s = signature_scalar(&sig, &pubkey, &msg).unwrap();
        prop_assert!(s.opens(&point));
        prop_assert_eq!(s.expose_secret(), &sig.as_byte_array()[32..]);
        let offer = SignatureOffer::new(pubkey, msg, nonce).unwrap();
        prop_assert_eq!(offer.point(), point);
        prop_assert_eq!(offer.complete(&s), Ok(sig));
        let wrong = PaymentScalar::from_bytes(&other).unwrap();
        prop_assume!(wrong != s);
        prop_assert_eq!(offer.complete(&wrong), Err(PayForSignatureError::WrongScalar));
        let mut m2 = msg;
        m2[0] ^= 1;
        prop_assert_eq!(signature_scalar(&sig, &pubkey, &m2), Err(PayForSignatureError::InvalidSignature));
        prop_assert!(!s.opens(&signature_point(&pubkey, &m2, &nonce).unwrap()));
    }

    /// Pay-for-signature composed with an adaptor pre-signature: a signature
    /// adapted from a pre-signature has signature point R + e·P whose scalar is s.
    #[test]
    fn adapted_signature_is_sellable(
        sk in scalar_bytes(), t in scalar_bytes(), msg in any::<[u8; 32]>()
    ) {
        let s = setup(sk, t, &msg, &[1; 32]);
        let sig = schnorr_adaptor::adapt(&s.pre, &s.t, &s.pubkey, &msg).unwrap();
        let nonce: [u8; 32] = sig.as_byte_array()[..32].try_into().unwrap();
        let point = signature_point(&s.pubkey, &msg, &nonce).unwrap();
        prop_assert!(signature_scalar(&sig, &s.pubkey, &msg).unwrap().opens(&point));
    }
}

#[test]
fn parse_errors() {
    assert_eq!(
        PreSignature::from_slice(&[2u8; 66]),
        Err(SchnorrAdaptorError::InvalidLength)
    );
    assert_eq!(
        "zz".parse::<PreSignature>(),
        Err(SchnorrAdaptorError::Hex(ptlc::HexError::InvalidLength))
    );
    let mut b = [0u8; 65];
    b[0] = 2;
    assert_eq!(
        PreSignature::from_bytes(&b),
        Err(SchnorrAdaptorError::InvalidNoncePoint)
    );
}

/// The payee's default call refuses a malicious pre-signature (made for
/// another point, message or key): an error with no payload, so no adapted
/// signature that would show the signer `t` leaves `adapt`.
#[test]
fn adapt_refuses_a_wrong_pre_signature() {
    let keypair = Keypair::from_secret_bytes([0x11; 32]).unwrap();
    let other_key = Keypair::from_secret_bytes([0x12; 32]).unwrap();
    let (pubkey, _) = keypair.x_only_public_key();
    let msg = [0x22; 32];
    let t = PaymentScalar::from_bytes(&[0x33; 32]).unwrap();
    let other = PaymentScalar::from_bytes(&[0x34; 32]).unwrap();
    let bad = [
        schnorr_adaptor::presign(&keypair, &msg, &other.point(), &[0; 32]),
        schnorr_adaptor::presign(&keypair, &[0x23; 32], &t.point(), &[0; 32]),
        schnorr_adaptor::presign(&other_key, &msg, &t.point(), &[0; 32]),
    ];
    for pre in &bad {
        assert_eq!(
            schnorr_adaptor::adapt(pre, &t, &pubkey, &msg),
            Err(SchnorrAdaptorError::WrongScalar)
        );
        let leaked = schnorr_adaptor::adapt_unchecked(pre, &t).unwrap();
        assert!(schnorr::verify(&leaked, &msg, &pubkey).is_err());
    }
}
