//! ECDSA adaptor signatures: the dlcspecs vectors, the acceptance proptests
//! (presign → verify → adapt → ECDSA verify; extract incl. high s; byte flips;
//! wrong DLEQ proofs) and every failure case (SPEC.md, "ECDSA adaptor signatures").

mod common;

use common::unhex;
use proptest::prelude::*;
use ptlc::ecdsa_adaptor::{
    adapt, adapt_unchecked, extract, presign, verify, AdaptorSignature, EcdsaAdaptorError,
};
use ptlc::secp256k1::{ecdsa, Message, PublicKey, Scalar, SecretKey};
use ptlc::{PaymentPoint, PaymentScalar};

fn arr<const N: usize>(hex: &str) -> [u8; N] {
    unhex(hex).try_into().unwrap()
}

fn sig_from(hex: &str) -> ecdsa::Signature {
    ecdsa::Signature::from_compact(&unhex(hex)).unwrap()
}

/// The DLC specification's vectors (produced with secp256k1-zkp).
#[test]
fn dlcspecs_vectors() {
    let path = common::vector_path("external/dlcspecs/ecdsa_adaptor.json");
    let cases: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut checked = 0;
    for case in &cases {
        let s = |k: &str| case[k].as_str().unwrap();
        let pre = AdaptorSignature::from_bytes(&arr(s("adaptor_sig"))).unwrap();
        let point = PaymentPoint::from_bytes(&arr(s("encryption_key"))).unwrap();
        let t = PaymentScalar::from_bytes(&arr(s("decryption_key"))).unwrap();
        let sig = sig_from(s("signature"));
        match s("kind") {
            "verification" => {
                let pk = PublicKey::from_slice(&unhex(s("public_signing_key"))).unwrap();
                let msg: [u8; 32] = arr(s("message_hash"));
                let verdict = verify(&pre, &pk, &msg, &point);
                if case.get("error").is_some() {
                    assert_eq!(verdict, Err(EcdsaAdaptorError::InvalidProof), "{case}");
                } else {
                    assert_eq!(verdict, Ok(()), "{case}");
                    let adapted = adapt(&pre, &t, &pk, &msg).unwrap();
                    assert_eq!(adapted.serialize_compact(), sig.serialize_compact());
                    ecdsa::verify(&adapted, Message::from_digest(msg), &pk).unwrap();
                    assert_eq!(extract(&pre, &adapted, &point).unwrap(), t);
                }
            }
            "recovery" => {
                let got = extract(&pre, &sig, &point);
                if case.get("error").is_some() {
                    assert!(got.is_err(), "{case}");
                } else {
                    assert_eq!(got.unwrap(), t, "{case}");
                }
            }
            other => panic!("unknown kind {other}"),
        }
        assert_eq!(pre.to_string(), s("adaptor_sig"));
        checked += 1;
    }
    assert_eq!(checked, 3);
}

fn secret_key(bytes: [u8; 32]) -> SecretKey {
    SecretKey::from_secret_bytes(bytes).unwrap_or(SecretKey::from_secret_bytes([1; 32]).unwrap())
}

fn scalar_of(bytes: [u8; 32]) -> PaymentScalar {
    PaymentScalar::from_bytes(&bytes).unwrap_or(PaymentScalar::from_bytes(&[2; 32]).unwrap())
}

/// The signature with `s` replaced by `n − s` (the high-s twin).
fn negate_s(sig: &ecdsa::Signature) -> ecdsa::Signature {
    let mut c = sig.serialize_compact();
    let s = SecretKey::from_secret_bytes(c[32..].try_into().unwrap()).unwrap();
    c[32..].copy_from_slice(&s.negate().to_secret_bytes());
    ecdsa::Signature::from_compact(&c).unwrap()
}

fn is_low_s(sig: &ecdsa::Signature) -> bool {
    let mut n = *sig;
    n.normalize_s();
    n == *sig
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// presign → verify → adapt → libsecp256k1 ECDSA verify; extract gives t
    /// back from both the low-s and the high-s form.
    #[test]
    fn presign_verify_adapt_extract(
        sk in any::<[u8; 32]>(),
        t in any::<[u8; 32]>(),
        msg in any::<[u8; 32]>(),
        aux in any::<[u8; 32]>(),
    ) {
        let sk = secret_key(sk);
        let pk = PublicKey::from_secret_key(&sk);
        let t = scalar_of(t);
        let point = t.point();
        let pre = presign(&sk, &msg, &point, &aux);
        prop_assert_eq!(verify(&pre, &pk, &msg, &point), Ok(()));
        prop_assert_eq!(AdaptorSignature::from_bytes(&pre.to_bytes()).unwrap(), pre);

        let sig = adapt(&pre, &t, &pk, &msg).unwrap();
        prop_assert!(is_low_s(&sig));
        prop_assert!(ecdsa::verify(&sig, Message::from_digest(msg), &pk).is_ok());
        prop_assert_eq!(extract(&pre, &sig, &point).unwrap(), t.clone());

        let high = negate_s(&sig);
        prop_assert!(!is_low_s(&high));
        prop_assert_eq!(extract(&pre, &high, &point).unwrap(), t.clone());

        // Deterministic for fixed inputs; aux_rand changes the nonce.
        prop_assert_eq!(presign(&sk, &msg, &point, &aux), pre);
        let mut aux2 = aux;
        aux2[0] ^= 1;
        prop_assert_ne!(presign(&sk, &msg, &point, &aux2).to_bytes(), pre.to_bytes());
    }

    /// Flipping any bit of the signature, the key, the message or the point
    /// makes parsing or verification fail.
    #[test]
    fn any_flip_fails(
        sk in any::<[u8; 32]>(),
        t in any::<[u8; 32]>(),
        msg in any::<[u8; 32]>(),
        aux in any::<[u8; 32]>(),
        which in 0usize..4,
        pos in any::<prop::sample::Index>(),
        bit in 0u8..8,
    ) {
        let sk = secret_key(sk);
        let pk = PublicKey::from_secret_key(&sk);
        let point = scalar_of(t).point();
        let pre = presign(&sk, &msg, &point, &aux);
        let mask = 1u8 << bit;
        let failed = match which {
            0 => {
                let mut b = pre.to_bytes();
                b[pos.index(b.len())] ^= mask;
                match AdaptorSignature::from_bytes(&b) {
                    Ok(p) => verify(&p, &pk, &msg, &point).is_err(),
                    Err(_) => true,
                }
            }
            1 => {
                let mut b = pk.serialize();
                b[pos.index(b.len())] ^= mask;
                match PublicKey::from_slice(&b) {
                    Ok(k) => verify(&pre, &k, &msg, &point).is_err(),
                    Err(_) => true,
                }
            }
            2 => {
                let mut m = msg;
                m[pos.index(32)] ^= mask;
                verify(&pre, &pk, &m, &point).is_err()
            }
            _ => {
                let mut b = point.to_bytes();
                b[pos.index(b.len())] ^= mask;
                match PaymentPoint::from_bytes(&b) {
                    Ok(p) => verify(&pre, &pk, &msg, &p).is_err(),
                    Err(_) => true,
                }
            }
        };
        prop_assert!(failed);
    }

    /// A pre-signature whose ECDSA part is consistent but whose DLEQ proof is
    /// wrong (R is not k·Y, or (e, s) belongs to another signature) fails with
    /// InvalidProof, so nobody can be handed a signature they cannot decrypt.
    #[test]
    fn wrong_dleq_proof_fails(
        sk in any::<[u8; 32]>(),
        t in any::<[u8; 32]>(),
        k in any::<[u8; 32]>(),
        msg in any::<[u8; 32]>(),
        aux in any::<[u8; 32]>(),
    ) {
        let sk = secret_key(sk);
        let pk = PublicKey::from_secret_key(&sk);
        let point = scalar_of(t).point();
        let honest = presign(&sk, &msg, &point, &aux);

        // R = k·Y + G (not k·Y), R' = k·G, s' = k⁻¹(m + r·x): the signature
        // equation R' = s'⁻¹(m·G + r·X) holds, only the proof can catch it.
        let k = secret_key(k);
        let r_point = point.as_public_key()
            .mul_tweak(&Scalar::from(k)).unwrap()
            .combine(&PublicKey::from_secret_key(&SecretKey::from_secret_bytes({
                let mut one = [0u8; 32]; one[31] = 1; one
            }).unwrap()))
            .unwrap();
        let r_prime = PublicKey::from_secret_key(&k);
        let r33 = r_point.serialize();
        let r_scalar = Scalar::from_be_bytes(r33[1..].try_into().unwrap()).unwrap();
        let m = Scalar::from_be_bytes(msg).unwrap_or(Scalar::ONE);
        let rx = sk.mul_tweak(&r_scalar).unwrap();
        let num = rx.add_tweak(&m).unwrap();
        // k⁻¹ by Fermat over mul_tweak (test only).
        let mut exp = ptlc::secp256k1::constants::CURVE_ORDER;
        exp[31] -= 2;
        let mut kinv: Option<SecretKey> = None;
        for byte in exp {
            for b in (0..8).rev() {
                if let Some(acc) = kinv { kinv = Some(acc.mul_tweak(&Scalar::from(acc)).unwrap()); }
                if (byte >> b) & 1 == 1 {
                    kinv = Some(match kinv { Some(acc) => acc.mul_tweak(&Scalar::from(k)).unwrap(), None => k });
                }
            }
        }
        let s_prime = num.mul_tweak(&Scalar::from(kinv.unwrap())).unwrap();
        let mut forged = honest.to_bytes();
        forged[..33].copy_from_slice(&r33);
        forged[33..66].copy_from_slice(&r_prime.serialize());
        forged[66..98].copy_from_slice(&s_prime.to_secret_bytes());
        let forged = AdaptorSignature::from_bytes(&forged).unwrap();
        prop_assert_eq!(verify(&forged, &pk, &msg, &point), Err(EcdsaAdaptorError::InvalidProof));

        // An honest signature with the proof of another one.
        let other = presign(&sk, &msg, &point, &[0x5a; 32]);
        let mut swapped = honest.to_bytes();
        swapped[98..].copy_from_slice(&other.to_bytes()[98..]);
        let swapped = AdaptorSignature::from_bytes(&swapped).unwrap();
        prop_assert_eq!(verify(&swapped, &pk, &msg, &point), Err(EcdsaAdaptorError::InvalidProof));

        // A valid proof for another adaptor point.
        let other_point = scalar_of([0x77; 32]).point();
        prop_assert_eq!(verify(&honest, &pk, &msg, &other_point), Err(EcdsaAdaptorError::InvalidProof));
    }
}

fn fixture() -> (
    SecretKey,
    PublicKey,
    PaymentScalar,
    [u8; 32],
    AdaptorSignature,
) {
    let sk = SecretKey::from_secret_bytes([0x11; 32]).unwrap();
    let t = PaymentScalar::from_bytes(&[0x22; 32]).unwrap();
    let msg = [0x33; 32];
    let pre = presign(&sk, &msg, &t.point(), &[0x44; 32]);
    (sk, PublicKey::from_secret_key(&sk), t, msg, pre)
}

#[test]
fn parsing_failures() {
    let (_, _, _, _, pre) = fixture();
    let good = pre.to_bytes();
    let n = ptlc::secp256k1::constants::CURVE_ORDER;

    let with = |range: core::ops::Range<usize>, value: &[u8]| {
        let mut b = good;
        b[range].copy_from_slice(value);
        AdaptorSignature::from_bytes(&b)
    };
    let mut bad_prefix = good[..33].to_vec();
    bad_prefix[0] = 0x04;
    assert_eq!(
        with(0..33, &bad_prefix),
        Err(EcdsaAdaptorError::InvalidPoint)
    );
    let mut off_curve = [0u8; 33];
    off_curve[0] = 2;
    off_curve[32] = 5; // x = 5 is not on the curve
    assert_eq!(
        with(0..33, &off_curve),
        Err(EcdsaAdaptorError::InvalidPoint)
    );
    assert_eq!(
        with(33..66, &off_curve),
        Err(EcdsaAdaptorError::InvalidPoint)
    );
    assert_eq!(
        with(66..98, &[0u8; 32]),
        Err(EcdsaAdaptorError::InvalidScalar)
    );
    assert_eq!(with(66..98, &n), Err(EcdsaAdaptorError::InvalidScalar));
    assert_eq!(with(130..162, &n), Err(EcdsaAdaptorError::InvalidScalar));
    assert_eq!(
        with(130..162, &[0xff; 32]),
        Err(EcdsaAdaptorError::InvalidScalar)
    );
    // The DLEQ s may be 0 and e may be any 32 bytes (read mod n, as in zkp):
    // both parse, and verification rejects them.
    let zero_s = with(130..162, &[0u8; 32]).unwrap();
    let (_, pk, t, msg, _) = fixture();
    assert_eq!(
        verify(&zero_s, &pk, &msg, &t.point()),
        Err(EcdsaAdaptorError::InvalidProof)
    );
    let big_e = with(98..130, &[0xff; 32]).unwrap();
    assert_eq!(
        verify(&big_e, &pk, &msg, &t.point()),
        Err(EcdsaAdaptorError::InvalidProof)
    );

    assert_eq!(
        AdaptorSignature::from_slice(&good[..161]),
        Err(EcdsaAdaptorError::InvalidLength)
    );
    assert_eq!(
        "00".parse::<AdaptorSignature>(),
        Err(EcdsaAdaptorError::Hex(ptlc::HexError::InvalidLength))
    );
    assert_eq!(pre.to_string().parse::<AdaptorSignature>(), Ok(pre));
    assert_eq!(
        pre.to_string().to_uppercase().parse::<AdaptorSignature>(),
        Ok(pre)
    );
    assert_eq!(format!("{pre:?}"), format!("AdaptorSignature({pre})"));
}

#[test]
fn verify_failures() {
    let (sk, pk, t, msg, pre) = fixture();
    let other_pk = PublicKey::from_secret_key(&SecretKey::from_secret_bytes([0x12; 32]).unwrap());
    assert_eq!(
        verify(&pre, &other_pk, &msg, &t.point()),
        Err(EcdsaAdaptorError::InvalidSignature)
    );
    assert_eq!(
        verify(&pre, &pk, &[0x34; 32], &t.point()),
        Err(EcdsaAdaptorError::InvalidSignature)
    );
    // A signature for another message with its own valid proof.
    let other = presign(&sk, &[0x34; 32], &t.point(), &[0x44; 32]);
    assert_eq!(
        verify(&other, &pk, &msg, &t.point()),
        Err(EcdsaAdaptorError::InvalidSignature)
    );
    // Negated point: the proof is for Y, not −Y.
    let neg = PaymentPoint::from_public_key(t.point().as_public_key().negate());
    assert_eq!(
        verify(&pre, &pk, &msg, &neg),
        Err(EcdsaAdaptorError::InvalidProof)
    );
}

#[test]
fn extract_failures() {
    let (sk, pk, t, msg, pre) = fixture();
    let sig = adapt(&pre, &t, &pk, &msg).unwrap();
    // An unrelated ECDSA signature: r differs.
    let unrelated = ecdsa::sign(Message::from_digest(msg), &sk);
    assert_eq!(
        extract(&pre, &unrelated, &t.point()),
        Err(EcdsaAdaptorError::SignatureMismatch)
    );
    // Same r, s = 0.
    let mut c = sig.serialize_compact();
    c[32..].fill(0);
    let zero_s = ecdsa::Signature::from_compact(&c).unwrap();
    assert_eq!(
        extract(&pre, &zero_s, &t.point()),
        Err(EcdsaAdaptorError::SignatureMismatch)
    );
    // Same r, another s: the implied scalar does not open Y.
    c[32..].copy_from_slice(&[0x01; 32]);
    let wrong_s = ecdsa::Signature::from_compact(&c).unwrap();
    assert_eq!(
        extract(&pre, &wrong_s, &t.point()),
        Err(EcdsaAdaptorError::ScalarMismatch)
    );
    // Decrypted with the wrong scalar: r matches, s does not.
    let wrong_t = PaymentScalar::from_bytes(&[0x23; 32]).unwrap();
    let bad = adapt_unchecked(&pre, &wrong_t).unwrap();
    assert_eq!(
        extract(&pre, &bad, &t.point()),
        Err(EcdsaAdaptorError::ScalarMismatch)
    );
    // The wrong adaptor point for a good signature.
    assert_eq!(
        extract(&pre, &sig, &wrong_t.point()),
        Err(EcdsaAdaptorError::ScalarMismatch)
    );
}

#[cfg(feature = "serde")]
#[test]
fn serde_is_hex_string() {
    let (_, _, _, _, pre) = fixture();
    let json = serde_json::to_string(&pre).unwrap();
    assert_eq!(json, format!("\"{pre}\""));
    let back: AdaptorSignature = serde_json::from_str(&json).unwrap();
    assert_eq!(back, pre);
    assert!(serde_json::from_str::<AdaptorSignature>("\"00\"").is_err());
}

#[test]
fn errors_display() {
    for e in [
        EcdsaAdaptorError::InvalidLength,
        EcdsaAdaptorError::InvalidPoint,
        EcdsaAdaptorError::InvalidScalar,
        EcdsaAdaptorError::Hex(ptlc::HexError::InvalidCharacter),
        EcdsaAdaptorError::InvalidProof,
        EcdsaAdaptorError::InvalidSignature,
        EcdsaAdaptorError::SignatureMismatch,
        EcdsaAdaptorError::ScalarMismatch,
        EcdsaAdaptorError::Degenerate,
    ] {
        assert!(!e.to_string().is_empty());
        let _: &dyn std::error::Error = &e;
    }
}

/// The payee's default call refuses a malicious adaptor signature (made for
/// another point, or for another message or key): an error with no payload,
/// so no decrypted signature that would show the signer `t` leaves `adapt`.
#[test]
fn adapt_refuses_a_wrong_adaptor_signature() {
    let (sk, pk, t, msg, _) = fixture();
    let other = PaymentScalar::from_bytes(&[0x99; 32]).unwrap();
    let for_other_point = presign(&sk, &msg, &other.point(), &[0x44; 32]);
    let for_other_msg = presign(&sk, &[0x34; 32], &t.point(), &[0x44; 32]);
    let other_sk = SecretKey::from_secret_bytes([0x12; 32]).unwrap();
    let for_other_key = presign(&other_sk, &msg, &t.point(), &[0x44; 32]);
    for bad in [&for_other_point, &for_other_msg, &for_other_key] {
        assert_eq!(
            adapt(bad, &t, &pk, &msg),
            Err(EcdsaAdaptorError::ScalarMismatch)
        );
        // Only the explicitly unchecked call hands out the invalid decryption.
        let leaked = adapt_unchecked(bad, &t).unwrap();
        assert!(ecdsa::verify(&leaked, Message::from_digest(msg), &pk).is_err());
    }
}
