//! Writes / checks test-vectors/schnorr_adaptor.json (SPEC.md, "Schnorr adaptor
//! signatures"), and checks the Schnorr adaptor specification's own vectors
//! (test-vectors/external/schnorr_adaptor/*.csv, the ones secp256k1-zkp's
//! `schnorr_adaptor` module is tested with) against this crate.

mod common;

use common::vector_fields::schnorr_adaptor_error as error_name;
use common::{check_or_regenerate, det_bytes, hex, unhex, vector_path};
use ptlc::schnorr_adaptor::{self, PreSignature, SchnorrAdaptorError};
use ptlc::secp256k1::constants::{CURVE_ORDER, FIELD_SIZE};
use ptlc::secp256k1::{schnorr, Keypair, Parity, XOnlyPublicKey};
use ptlc::{PaymentPoint, PaymentScalar};
use serde_json::{json, Value};

struct Case {
    keypair: Keypair,
    pubkey: XOnlyPublicKey,
    msg: [u8; 32],
    aux: [u8; 32],
    t: PaymentScalar,
    pre: PreSignature,
    sig: schnorr::Signature,
}

fn case(i: u32) -> Case {
    let keypair = Keypair::from_secret_bytes(det_bytes("ptlc/vectors/schnorr/key", i)).unwrap();
    let (pubkey, _) = keypair.x_only_public_key();
    let msg = det_bytes("ptlc/vectors/schnorr/msg", i);
    let aux = det_bytes("ptlc/vectors/schnorr/aux", i);
    let t = PaymentScalar::from_bytes(&det_bytes("ptlc/vectors/schnorr/adaptor", i)).unwrap();
    let pre = schnorr_adaptor::presign(&keypair, &msg, &t.point(), &aux);
    let sig = schnorr_adaptor::adapt(&pre, &t, &pubkey, &msg).unwrap();
    Case {
        keypair,
        pubkey,
        msg,
        aux,
        t,
        pre,
        sig,
    }
}

fn valid_entry(c: &Case, comment: &str) -> Value {
    schnorr_adaptor::verify(&c.pre, &c.pubkey, &c.msg, &c.t.point()).unwrap();
    schnorr::verify(&c.sig, &c.msg, &c.pubkey).unwrap();
    assert_eq!(
        schnorr_adaptor::extract(&c.pre, &c.sig, &c.t.point()).unwrap(),
        c.t
    );
    json!({
        "secret_key": hex(&c.keypair.to_secret_bytes()),
        "public_key": hex(&c.pubkey.to_byte_array()),
        "aux_rand": hex(&c.aux),
        "message": hex(&c.msg),
        "adaptor_scalar": hex(c.t.expose_secret()),
        "adaptor": hex(&c.t.point().to_bytes()),
        "pre_signature": hex(&c.pre.to_bytes()),
        "signature": hex(c.sig.as_byte_array()),
        "comment": comment,
    })
}

/// Deterministic valid cases covering both parities of the public key and of R'.
fn valid() -> (Vec<Value>, Case) {
    let mut out = Vec::new();
    let mut seen = [[false; 2]; 2];
    let mut first = None;
    for i in 0..64 {
        let c = case(i);
        let p_odd = c.keypair.x_only_public_key().1 == Parity::Odd;
        let r_odd = c.pre.to_bytes()[0] == 3;
        if seen[usize::from(p_odd)][usize::from(r_odd)] {
            continue;
        }
        seen[usize::from(p_odd)][usize::from(r_odd)] = true;
        let comment = format!(
            "public key with {} y, R' with {}",
            if p_odd { "odd" } else { "even" },
            if r_odd {
                "odd y (s = s' - t)"
            } else {
                "even y (s = s' + t)"
            }
        );
        out.push(valid_entry(&c, &comment));
        if first.is_none() {
            first = Some(c);
        }
        if seen.iter().flatten().all(|s| *s) {
            break;
        }
    }
    assert!(seen.iter().flatten().all(|s| *s));
    (out, first.unwrap())
}

fn verify_case(
    pubkey: &[u8; 32],
    msg: &[u8; 32],
    adaptor: &[u8; 33],
    pre: &[u8],
    comment: &str,
) -> Value {
    let pk = XOnlyPublicKey::from_byte_array(*pubkey).unwrap();
    let point = PaymentPoint::from_bytes(adaptor).unwrap();
    let err = match PreSignature::from_slice(pre) {
        Ok(p) => schnorr_adaptor::verify(&p, &pk, msg, &point).unwrap_err(),
        Err(e) => e,
    };
    json!({
        "public_key": hex(pubkey),
        "message": hex(msg),
        "adaptor": hex(adaptor),
        "pre_signature": hex(pre),
        "error": error_name(err),
        "comment": comment,
    })
}

fn verify_invalid(c: &Case) -> Vec<Value> {
    let pk = c.pubkey.to_byte_array();
    let t = c.t.point().to_bytes();
    let pre = c.pre.to_bytes();
    let other = case(100);
    let mut tampered_s = pre;
    tampered_s[64] ^= 1;
    let mut flipped_parity = pre;
    flipped_parity[0] ^= 1;
    let mut tampered_r = pre;
    tampered_r[32] ^= 1;
    let mut s_is_n = pre;
    s_is_n[33..].copy_from_slice(&CURVE_ORDER);
    let mut s_max = pre;
    s_max[33..].copy_from_slice(&[0xff; 32]);
    let mut r_off_curve = pre;
    r_off_curve[1..33].copy_from_slice(&[0; 32]);
    r_off_curve[32] = 5; // x = 5: 5^3 + 7 is not a square mod p
    let mut r_is_p = pre;
    r_is_p[1..33].copy_from_slice(&FIELD_SIZE);
    let mut r_prefix = pre;
    r_prefix[0] = 0x04;
    let mut msg2 = c.msg;
    msg2[0] ^= 1;
    let mut t_neg = t;
    t_neg[0] ^= 1;
    let mut cases = vec![
        verify_case(&pk, &c.msg, &t, &tampered_s, "tampered s'"),
        verify_case(
            &pk,
            &c.msg,
            &other.t.point().to_bytes(),
            &pre,
            "wrong adaptor point T",
        ),
        verify_case(&pk, &c.msg, &t_neg, &pre, "adaptor point negated (-T)"),
        verify_case(
            &other.pubkey.to_byte_array(),
            &c.msg,
            &t,
            &pre,
            "wrong public key",
        ),
        verify_case(&pk, &msg2, &t, &pre, "wrong message"),
        verify_case(&pk, &c.msg, &t, &flipped_parity, "R' parity flipped"),
        verify_case(&pk, &c.msg, &t, &s_is_n, "s' = n"),
        verify_case(&pk, &c.msg, &t, &s_max, "s' = 2^256 - 1"),
        verify_case(
            &pk,
            &c.msg,
            &t,
            &r_off_curve,
            "R' x = 5 is not on the curve",
        ),
        verify_case(&pk, &c.msg, &t, &r_is_p, "R' x = p"),
        verify_case(&pk, &c.msg, &t, &r_prefix, "R' prefix 0x04"),
        verify_case(&pk, &c.msg, &t, &pre[..64], "64 bytes: one byte short"),
        verify_case(
            &pk,
            &c.msg,
            &t,
            &[pre.as_slice(), &[0]].concat(),
            "66 bytes: one byte too many",
        ),
    ];
    // A tampered R' x that still lands on the curve (the first such bit flip).
    if PreSignature::from_bytes(&tampered_r).is_ok() {
        cases.push(verify_case(&pk, &c.msg, &t, &tampered_r, "tampered R'"));
    }
    cases
}

fn adapt_invalid(c: &Case) -> Vec<Value> {
    let wrong = PaymentScalar::from_bytes(&det_bytes("ptlc/vectors/schnorr/wrong", 0)).unwrap();
    let sig = schnorr_adaptor::adapt_unchecked(&c.pre, &wrong).unwrap();
    assert!(schnorr::verify(&sig, &c.msg, &c.pubkey).is_err());
    let err = schnorr_adaptor::adapt(&c.pre, &wrong, &c.pubkey, &c.msg).unwrap_err();
    vec![json!({
        "public_key": hex(&c.pubkey.to_byte_array()),
        "message": hex(&c.msg),
        "pre_signature": hex(&c.pre.to_bytes()),
        "adaptor_scalar": hex(wrong.expose_secret()),
        "signature": hex(sig.as_byte_array()),
        "error": error_name(err),
        "comment": "adapting with a scalar that does not open T gives a signature BIP-340 rejects",
    })]
}

fn extract_case(
    pre: &PreSignature,
    sig: &[u8; 64],
    adaptor: &PaymentPoint,
    comment: &str,
) -> Value {
    let err = schnorr_adaptor::extract(pre, &schnorr::Signature::from_byte_array(*sig), adaptor)
        .unwrap_err();
    json!({
        "pre_signature": hex(&pre.to_bytes()),
        "signature": hex(sig),
        "adaptor": hex(&adaptor.to_bytes()),
        "error": error_name(err),
        "comment": comment,
    })
}

fn extract_invalid(c: &Case) -> Vec<Value> {
    let other = case(100);
    let sig = *c.sig.as_byte_array();
    let mut tampered_s = sig;
    tampered_s[63] ^= 1;
    let mut s_is_n = sig;
    s_is_n[32..].copy_from_slice(&CURVE_ORDER);
    let plain = schnorr::sign_with_aux_rand(&c.msg, &c.keypair, &c.aux);
    let mut s_is_pre_s = sig;
    s_is_pre_s[32..].copy_from_slice(&c.pre.to_bytes()[33..]);
    vec![
        extract_case(
            &c.pre,
            other.sig.as_byte_array(),
            &c.t.point(),
            "signature adapted from another pre-signature",
        ),
        extract_case(
            &c.pre,
            plain.as_byte_array(),
            &c.t.point(),
            "plain BIP-340 signature by the same key on the same message",
        ),
        extract_case(
            &c.pre,
            &tampered_s,
            &c.t.point(),
            "same R, tampered s: the difference does not open T",
        ),
        extract_case(&c.pre, &s_is_n, &c.t.point(), "s = n"),
        extract_case(&c.pre, &sig, &other.t.point(), "wrong adaptor point T"),
        extract_case(
            &c.pre,
            &s_is_pre_s,
            &c.t.point(),
            "s = s': the difference is t = 0, which opens no point",
        ),
        short_signature_case(&c.pre, &sig[..63], &c.t.point()),
    ]
}

/// A signature that is not 64 bytes: the crate's `extract` takes a 64-byte
/// `schnorr::Signature`, so the length is its parser's error, *invalid signature*.
fn short_signature_case(pre: &PreSignature, sig: &[u8], adaptor: &PaymentPoint) -> Value {
    assert!(<[u8; 64]>::try_from(sig).is_err());
    json!({
        "pre_signature": hex(&pre.to_bytes()),
        "signature": hex(sig),
        "adaptor": hex(&adaptor.to_bytes()),
        "error": error_name(SchnorrAdaptorError::InvalidSignature),
        "comment": "a 63-byte signature: not 64 bytes",
    })
}

#[test]
fn schnorr_adaptor_vectors() {
    let (valid, first) = valid();
    let value = json!({
        "description": "ptlc Schnorr (BIP-340) adaptor signatures (SPEC.md, \"Schnorr adaptor signatures\"), byte-compatible with secp256k1-zkp's schnorr_adaptor module. All byte strings are lowercase hex. valid: presign(secret_key, message, adaptor, aux_rand) = pre_signature, which verifies; adapt(pre_signature, adaptor_scalar, public_key, message) = signature, a valid BIP-340 signature under public_key; extract(pre_signature, signature, adaptor) = adaptor_scalar. verify_invalid: parsing or verifying fails with error. adapt_invalid: adapt (which verifies its result) fails with error. extract_invalid: extract fails with error (a signature that is not 64 bytes is invalid_signature).",
        "valid": valid,
        "verify_invalid": verify_invalid(&first),
        "adapt_invalid": adapt_invalid(&first),
        "extract_invalid": extract_invalid(&first),
    });
    check_or_regenerate("schnorr_adaptor.json", &value);
}

/// Splits a CSV line into `n` fields, the last one (the comment) keeping any commas.
fn fields(line: &str, n: usize) -> Vec<String> {
    line.splitn(n, ',').map(str::to_owned).collect()
}

fn read_csv(name: &str, n: usize) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(vector_path(name)).unwrap();
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| fields(l.trim_end_matches('\r'), n))
        .collect()
}

fn arr<const N: usize>(s: &str) -> [u8; N] {
    unhex(s).try_into().unwrap()
}

#[test]
fn external_schnorr_adaptor_presig_vectors() {
    let rows = read_csv("external/schnorr_adaptor/presig_vectors.csv", 9);
    assert!(rows.len() >= 5);
    let mut signed = 0;
    for r in &rows {
        let (sk, pk, aux, msg, adaptor, pre, result) =
            (&r[1], &r[2], &r[3], &r[4], &r[5], &r[6], &r[7]);
        let expected = result == "TRUE";
        let point = PaymentPoint::from_bytes(&arr(adaptor)).unwrap();
        if !sk.is_empty() {
            let keypair = Keypair::from_secret_bytes(arr(sk)).unwrap();
            assert_eq!(
                hex(&keypair.x_only_public_key().0.to_byte_array()),
                pk.to_lowercase()
            );
            let got = schnorr_adaptor::presign(&keypair, &arr(msg), &point, &arr(aux));
            assert_eq!(hex(&got.to_bytes()), pre.to_lowercase(), "row {}", r[0]);
            signed += 1;
        }
        let ok = match (
            XOnlyPublicKey::from_byte_array(arr(pk)),
            PreSignature::from_bytes(&arr(pre)),
        ) {
            (Ok(pk), Ok(p)) => schnorr_adaptor::verify(&p, &pk, &arr(msg), &point).is_ok(),
            _ => false,
        };
        assert_eq!(ok, expected, "row {}: {}", r[0], r[8]);
    }
    assert!(signed >= 2);
}

#[test]
fn external_schnorr_adaptor_adapt_vectors() {
    let rows = read_csv("external/schnorr_adaptor/adapt_vectors.csv", 8);
    assert!(!rows.is_empty());
    for r in &rows {
        let (pk, msg, t, pre, sig, result) = (&r[1], &r[2], &r[3], &r[4], &r[5], &r[6]);
        assert_eq!(result, "TRUE");
        let pk = XOnlyPublicKey::from_byte_array(arr(pk)).unwrap();
        let t = PaymentScalar::from_bytes(&arr(t)).unwrap();
        let pre = PreSignature::from_bytes(&arr(pre)).unwrap();
        schnorr_adaptor::verify(&pre, &pk, &arr(msg), &t.point()).unwrap();
        let got = schnorr_adaptor::adapt(&pre, &t, &pk, &arr(msg)).unwrap();
        assert_eq!(hex(got.as_byte_array()), sig.to_lowercase());
        schnorr::verify(&got, &arr::<32>(msg), &pk).unwrap();
        assert_eq!(schnorr_adaptor::extract(&pre, &got, &t.point()).unwrap(), t);
    }
}
