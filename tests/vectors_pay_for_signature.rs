//! Writes / checks test-vectors/pay_for_signature.json (SPEC.md,
//! "Pay-for-signature"), and checks BIP-340's official vectors
//! (test-vectors/external/bip340/test-vectors.csv) against libsecp256k1's
//! BIP-340 and this crate's challenge / signature-point logic.

mod common;

use common::vector_fields::pay_for_signature_error as error_name;
use common::{check_or_regenerate, det_bytes, hex, unhex, vector_path};
use ptlc::pay_for_signature::{signature_point, signature_scalar, SignatureOffer};
use ptlc::secp256k1::constants::{CURVE_ORDER, FIELD_SIZE};
use ptlc::secp256k1::{schnorr, Keypair, XOnlyPublicKey};
use ptlc::PaymentScalar;
use serde_json::{json, Value};

struct Case {
    keypair: Keypair,
    pubkey: XOnlyPublicKey,
    msg: [u8; 32],
    aux: [u8; 32],
    sig: schnorr::Signature,
}

fn case(i: u32) -> Case {
    let keypair = Keypair::from_secret_bytes(det_bytes("ptlc/vectors/pfs/key", i)).unwrap();
    let (pubkey, _) = keypair.x_only_public_key();
    let msg = det_bytes("ptlc/vectors/pfs/msg", i);
    let aux = det_bytes("ptlc/vectors/pfs/aux", i);
    let sig = schnorr::sign_with_aux_rand(&msg, &keypair, &aux);
    Case {
        keypair,
        pubkey,
        msg,
        aux,
        sig,
    }
}

fn nonce_of(sig: &schnorr::Signature) -> [u8; 32] {
    sig.as_byte_array()[..32].try_into().unwrap()
}

fn valid(c: &Case, comment: &str) -> Value {
    let nonce = nonce_of(&c.sig);
    let point = signature_point(&c.pubkey, &c.msg, &nonce).unwrap();
    let s = signature_scalar(&c.sig, &c.pubkey, &c.msg).unwrap();
    assert!(s.opens(&point));
    let offer = SignatureOffer::new(c.pubkey, c.msg, nonce).unwrap();
    assert_eq!(offer.point(), point);
    assert_eq!(offer.complete(&s).unwrap(), c.sig);
    json!({
        "secret_key": hex(&c.keypair.to_secret_bytes()),
        "public_key": hex(&c.pubkey.to_byte_array()),
        "aux_rand": hex(&c.aux),
        "message": hex(&c.msg),
        "signature": hex(c.sig.as_byte_array()),
        "nonce": hex(&nonce),
        "signature_point": hex(&point.to_bytes()),
        "signature_scalar": hex(s.expose_secret()),
        "comment": comment,
    })
}

fn point_invalid(
    pubkey: &XOnlyPublicKey,
    msg: &[u8; 32],
    nonce: &[u8; 32],
    comment: &str,
) -> Value {
    let err = signature_point(pubkey, msg, nonce).unwrap_err();
    assert_eq!(SignatureOffer::new(*pubkey, *msg, *nonce).unwrap_err(), err);
    json!({
        "public_key": hex(&pubkey.to_byte_array()),
        "message": hex(msg),
        "nonce": hex(nonce),
        "error": error_name(err),
        "comment": comment,
    })
}

fn scalar_invalid(pubkey: &XOnlyPublicKey, msg: &[u8; 32], sig: &[u8; 64], comment: &str) -> Value {
    let err =
        signature_scalar(&schnorr::Signature::from_byte_array(*sig), pubkey, msg).unwrap_err();
    json!({
        "public_key": hex(&pubkey.to_byte_array()),
        "message": hex(msg),
        "signature": hex(sig),
        "error": error_name(err),
        "comment": comment,
    })
}

#[test]
fn pay_for_signature_vectors() {
    let cases: Vec<Case> = (0..4).map(case).collect();
    let c = &cases[0];
    let other = &cases[1];
    let valid: Vec<Value> = cases
        .iter()
        .map(|c| valid(c, "BIP-340 signature by libsecp256k1"))
        .collect();

    let mut x5 = [0u8; 32];
    x5[31] = 5;
    let point_cases = vec![
        point_invalid(&c.pubkey, &c.msg, &x5, "nonce x = 5 is not on the curve"),
        point_invalid(&c.pubkey, &c.msg, &FIELD_SIZE, "nonce x = p"),
        point_invalid(&c.pubkey, &c.msg, &[0xff; 32], "nonce x = 2^256 - 1"),
    ];

    let sig = *c.sig.as_byte_array();
    let mut tampered = sig;
    tampered[63] ^= 1;
    let mut s_is_n = sig;
    s_is_n[32..].copy_from_slice(&CURVE_ORDER);
    let mut msg2 = c.msg;
    msg2[31] ^= 1;
    let scalar_cases = vec![
        scalar_invalid(&c.pubkey, &c.msg, &tampered, "tampered s"),
        scalar_invalid(&c.pubkey, &c.msg, &s_is_n, "s = n"),
        scalar_invalid(&c.pubkey, &msg2, &sig, "wrong message"),
        scalar_invalid(&other.pubkey, &c.msg, &sig, "wrong public key"),
    ];

    let offer = SignatureOffer::new(c.pubkey, c.msg, nonce_of(&c.sig)).unwrap();
    let wrong = [
        (
            signature_scalar(&other.sig, &other.pubkey, &other.msg).unwrap(),
            "the scalar of another signature",
        ),
        (
            PaymentScalar::from_bytes(&det_bytes("ptlc/vectors/pfs/wrong", 0)).unwrap(),
            "a random scalar",
        ),
    ];
    let complete_cases: Vec<Value> = wrong
        .iter()
        .map(|(s, comment)| {
            let err = offer.complete(s).unwrap_err();
            json!({
                "public_key": hex(&c.pubkey.to_byte_array()),
                "message": hex(&c.msg),
                "nonce": hex(&nonce_of(&c.sig)),
                "scalar": hex(s.expose_secret()),
                "error": error_name(err),
                "comment": comment,
            })
        })
        .collect();

    let value = json!({
        "description": "ptlc pay-for-signature (SPEC.md, \"Pay-for-signature\"). All byte strings are lowercase hex. valid: signature = BIP-340 sign(secret_key, message, aux_rand); nonce = signature[0:32]; signature_point = lift_x(nonce) + e*lift_x(public_key) (e the BIP-340 challenge); signature_scalar = signature[32:64], which opens signature_point; completing the offer (public_key, message, nonce) with signature_scalar gives signature back.",
        "valid": valid,
        "signature_point_invalid": point_cases,
        "signature_scalar_invalid": scalar_cases,
        "complete_invalid": complete_cases,
    });
    check_or_regenerate("pay_for_signature.json", &value);
}

/// BIP-340's official vectors: libsecp256k1 signs and verifies them exactly,
/// and for every 32-byte message the signature point computed from (P, m, R)
/// is opened by s exactly when the signature is valid.
#[test]
fn external_bip340_vectors() {
    let text = std::fs::read_to_string(vector_path("external/bip340/test-vectors.csv")).unwrap();
    let mut rows = 0;
    let mut point_checked = 0;
    for line in text.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let f: Vec<&str> = line.trim_end_matches('\r').splitn(8, ',').collect();
        let (sk, pk, aux, msg, sig, result) = (f[1], f[2], f[3], f[4], f[5], f[6]);
        let expected = result == "TRUE";
        let msg = unhex(msg);
        let sig_bytes: [u8; 64] = unhex(sig).try_into().unwrap();
        let sig = schnorr::Signature::from_byte_array(sig_bytes);
        let pk = XOnlyPublicKey::from_byte_array(unhex(pk).try_into().unwrap());
        if !sk.is_empty() {
            let keypair = Keypair::from_secret_bytes(unhex(sk).try_into().unwrap()).unwrap();
            let aux: [u8; 32] = unhex(aux).try_into().unwrap();
            assert_eq!(
                schnorr::sign_with_aux_rand(&msg, &keypair, &aux),
                sig,
                "row {}",
                f[0]
            );
            assert_eq!(Ok(keypair.x_only_public_key().0), pk);
        }
        let ok = pk
            .as_ref()
            .is_ok_and(|pk| schnorr::verify(&sig, &msg, pk).is_ok());
        assert_eq!(ok, expected, "row {}: {}", f[0], f[7]);
        if let (Ok(pk), Ok(msg)) = (pk, <[u8; 32]>::try_from(msg.as_slice())) {
            let nonce: [u8; 32] = sig_bytes[..32].try_into().unwrap();
            let s = PaymentScalar::from_slice(&sig_bytes[32..]);
            let opens = match (signature_point(&pk, &msg, &nonce), s) {
                (Ok(point), Ok(s)) => s.opens(&point),
                _ => false,
            };
            assert_eq!(opens, expected, "row {}: {}", f[0], f[7]);
            assert_eq!(signature_scalar(&sig, &pk, &msg).is_ok(), expected);
            point_checked += 1;
        }
        rows += 1;
    }
    assert_eq!(rows, 19);
    assert!(point_checked >= 13);
}
