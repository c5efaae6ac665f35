//! Writes / checks test-vectors/ecdsa_adaptor.json (SPEC.md, "ECDSA adaptor
//! signatures"): valid presign/adapt/extract cases and every failure case.

mod common;

use common::vector_fields::ecdsa_adaptor_error as error_name;
use common::{check_or_regenerate, det_bytes, hex};
use ptlc::ecdsa_adaptor::{adapt, adapt_unchecked, extract, presign, verify, AdaptorSignature};
use ptlc::secp256k1::constants::CURVE_ORDER;
use ptlc::secp256k1::{ecdsa, Message, PublicKey, Scalar, SecretKey};
use ptlc::{PaymentPoint, PaymentScalar};
use serde_json::{json, Value};

struct Inputs {
    sk: SecretKey,
    pk: PublicKey,
    t: PaymentScalar,
    msg: [u8; 32],
    aux: [u8; 32],
}

fn inputs(i: u32) -> Inputs {
    let sk = SecretKey::from_secret_bytes(det_bytes("ptlc/vectors/ecdsa/sk", i)).unwrap();
    Inputs {
        pk: PublicKey::from_secret_key(&sk),
        sk,
        t: PaymentScalar::from_bytes(&det_bytes("ptlc/vectors/ecdsa/t", i)).unwrap(),
        msg: det_bytes("ptlc/vectors/ecdsa/msg", i),
        aux: det_bytes("ptlc/vectors/ecdsa/aux", i),
    }
}

fn negate_s(sig: &ecdsa::Signature) -> ecdsa::Signature {
    let mut c = sig.serialize_compact();
    let s = SecretKey::from_secret_bytes(c[32..].try_into().unwrap()).unwrap();
    c[32..].copy_from_slice(&s.negate().to_secret_bytes());
    ecdsa::Signature::from_compact(&c).unwrap()
}

fn valid_case(inp: &Inputs, comment: &str) -> Value {
    let point = inp.t.point();
    let pre = presign(&inp.sk, &inp.msg, &point, &inp.aux);
    verify(&pre, &inp.pk, &inp.msg, &point).unwrap();
    let sig = adapt(&pre, &inp.t, &inp.pk, &inp.msg).unwrap();
    ecdsa::verify(&sig, Message::from_digest(inp.msg), &inp.pk).unwrap();
    assert_eq!(extract(&pre, &sig, &point).unwrap(), inp.t);
    assert_eq!(extract(&pre, &negate_s(&sig), &point).unwrap(), inp.t);
    json!({
        "secret_key": hex(&inp.sk.to_secret_bytes()),
        "public_key": hex(&inp.pk.serialize()),
        "message": hex(&inp.msg),
        "adaptor_scalar": hex(inp.t.expose_secret()),
        "adaptor_point": hex(&point.to_bytes()),
        "aux_rand": hex(&inp.aux),
        "adaptor_sig": hex(&pre.to_bytes()),
        "signature": hex(&sig.serialize_compact()),
        "comment": comment,
    })
}

fn valid() -> Vec<Value> {
    let mut out = Vec::new();
    for i in 0..4 {
        out.push(valid_case(&inputs(i), "random"));
    }
    let mut inp = inputs(10);
    inp.aux = [0u8; 32];
    out.push(valid_case(&inp, "aux_rand all zero"));
    let mut inp = inputs(11);
    inp.msg = [0xff; 32];
    out.push(valid_case(&inp, "message >= n (read mod n)"));
    let mut inp = inputs(12);
    let mut one = [0u8; 32];
    one[31] = 1;
    inp.t = PaymentScalar::from_bytes(&one).unwrap();
    out.push(valid_case(&inp, "adaptor scalar 1 (Y = G)"));
    let mut n_minus_1 = CURVE_ORDER;
    n_minus_1[31] -= 1;
    let mut inp = inputs(13);
    inp.sk = SecretKey::from_secret_bytes(n_minus_1).unwrap();
    inp.pk = PublicKey::from_secret_key(&inp.sk);
    out.push(valid_case(&inp, "secret key n - 1"));
    out
}

/// `k⁻¹` by Fermat over `SecretKey::mul_tweak` (test only).
fn invert(k: &SecretKey) -> SecretKey {
    let mut exp = CURVE_ORDER;
    exp[31] -= 2;
    let mut acc: Option<SecretKey> = None;
    for byte in exp {
        for b in (0..8).rev() {
            if let Some(a) = acc {
                acc = Some(a.mul_tweak(&Scalar::from(a)).unwrap());
            }
            if (byte >> b) & 1 == 1 {
                acc = Some(match acc {
                    Some(a) => a.mul_tweak(&Scalar::from(*k)).unwrap(),
                    None => *k,
                });
            }
        }
    }
    acc.unwrap()
}

fn verify_case(
    pk: &PublicKey,
    msg: &[u8; 32],
    point: &PaymentPoint,
    sig: &[u8],
    comment: &str,
) -> Value {
    let err = match AdaptorSignature::from_slice(sig) {
        Ok(p) => verify(&p, pk, msg, point).unwrap_err(),
        Err(e) => e,
    };
    json!({
        "public_key": hex(&pk.serialize()),
        "message": hex(msg),
        "adaptor_point": hex(&point.to_bytes()),
        "adaptor_sig": hex(sig),
        "error": error_name(err),
        "comment": comment,
    })
}

fn invalid_verify() -> Vec<Value> {
    let inp = inputs(20);
    let point = inp.t.point();
    let good = presign(&inp.sk, &inp.msg, &point, &inp.aux).to_bytes();
    let with = |start: usize, value: &[u8]| {
        let mut b = good;
        b[start..start + value.len()].copy_from_slice(value);
        b
    };
    let mut off_curve = [0u8; 33];
    off_curve[0] = 2;
    off_curve[32] = 5;
    let mut e_flipped = good[98..130].to_vec();
    e_flipped[31] ^= 1;
    let mut s_flipped = good[130..162].to_vec();
    s_flipped[31] ^= 1;
    let mut r_parity = good[..1].to_vec();
    r_parity[0] ^= 1;
    // 02 || n: x = n is on the curve, so R parses, and r = x(R) mod n = 0.
    let mut x_is_n = [2u8; 33];
    x_is_n[1..].copy_from_slice(&CURVE_ORDER);
    assert!(PublicKey::from_slice(&x_is_n).is_ok());
    let mut r_zero_and_bad_r_prime = with(0, &x_is_n);
    r_zero_and_bad_r_prime[33..66].copy_from_slice(&off_curve);

    // R = k·Y + G with s' = k⁻¹(m + r·x): the signature equation holds, only
    // the DLEQ proof fails.
    let k = SecretKey::from_secret_bytes(det_bytes("ptlc/vectors/ecdsa/forged-k", 0)).unwrap();
    let g = PublicKey::from_secret_key(
        &SecretKey::from_secret_bytes({
            let mut one = [0u8; 32];
            one[31] = 1;
            one
        })
        .unwrap(),
    );
    let r_point = point
        .as_public_key()
        .mul_tweak(&Scalar::from(k))
        .unwrap()
        .combine(&g)
        .unwrap();
    let r33 = r_point.serialize();
    let r_scalar = Scalar::from_be_bytes(r33[1..].try_into().unwrap()).unwrap();
    let s_prime = inp
        .sk
        .mul_tweak(&r_scalar)
        .unwrap()
        .add_tweak(&Scalar::from_be_bytes(inp.msg).unwrap())
        .unwrap()
        .mul_tweak(&Scalar::from(invert(&k)))
        .unwrap();
    let mut forged = with(0, &r33);
    forged[33..66].copy_from_slice(&PublicKey::from_secret_key(&k).serialize());
    forged[66..98].copy_from_slice(&s_prime.to_secret_bytes());

    let other_point = PaymentScalar::from_bytes(&det_bytes("ptlc/vectors/ecdsa/t", 99))
        .unwrap()
        .point();
    let other_pk = PublicKey::from_secret_key(
        &SecretKey::from_secret_bytes(det_bytes("ptlc/vectors/ecdsa/sk", 99)).unwrap(),
    );
    let mut other_msg = inp.msg;
    other_msg[0] ^= 0x80;
    let (pk, msg) = (&inp.pk, &inp.msg);
    let v = |sig: &[u8], c: &str| verify_case(pk, msg, &point, sig, c);
    vec![
        v(&good[..161], "161 bytes"),
        v(&with(0, &[0x04]), "R has prefix 04"),
        v(&with(0, &off_curve), "R is not on the curve"),
        v(&with(33, &off_curve), "R' is not on the curve"),
        v(
            &with(0, &x_is_n),
            "R = 02 || n is a point, but r = x(R) mod n = 0",
        ),
        v(
            &r_zero_and_bad_r_prime,
            "R = 02 || n and R' off the curve: parsing checks R, then r != 0, then R', so r = 0 is reported",
        ),
        v(&with(66, &[0u8; 32]), "s' = 0"),
        v(&with(66, &CURVE_ORDER), "s' = n"),
        v(&with(130, &CURVE_ORDER), "DLEQ s = n"),
        v(&with(98, &e_flipped), "DLEQ e changed"),
        v(&with(130, &s_flipped), "DLEQ s changed"),
        v(&with(130, &[0u8; 32]), "DLEQ s = 0"),
        v(&with(0, &r_parity), "R negated"),
        v(
            &forged,
            "R is not k·Y; the ECDSA equation holds but the DLEQ proof does not",
        ),
        verify_case(pk, msg, &other_point, &good, "another adaptor point"),
        verify_case(&other_pk, msg, &point, &good, "another public key"),
        verify_case(pk, &other_msg, &point, &good, "another message"),
    ]
}

fn invalid_extract() -> Vec<Value> {
    let inp = inputs(30);
    let point = inp.t.point();
    let pre = presign(&inp.sk, &inp.msg, &point, &inp.aux);
    let sig = adapt(&pre, &inp.t, &inp.pk, &inp.msg).unwrap();
    let unrelated = ecdsa::sign(Message::from_digest(inp.msg), &inp.sk);
    let mut zero_s = sig.serialize_compact();
    zero_s[32..].fill(0);
    let wrong_t = PaymentScalar::from_bytes(&det_bytes("ptlc/vectors/ecdsa/t", 98)).unwrap();
    let case = |s: &ecdsa::Signature, p: &PaymentPoint, comment: &str| {
        let err = extract(&pre, s, p).unwrap_err();
        json!({
            "adaptor_sig": hex(&pre.to_bytes()),
            "signature": hex(&s.serialize_compact()),
            "adaptor_point": hex(&p.to_bytes()),
            "error": error_name(err),
            "comment": comment,
        })
    };
    vec![
        case(&unrelated, &point, "an ordinary signature: r differs"),
        case(
            &ecdsa::Signature::from_compact(&zero_s).unwrap(),
            &point,
            "same r, s = 0",
        ),
        case(
            &adapt_unchecked(&pre, &wrong_t).unwrap(),
            &point,
            "decrypted with another scalar",
        ),
        case(&sig, &wrong_t.point(), "another adaptor point"),
    ]
}

#[test]
fn ecdsa_adaptor_vectors() {
    let value = json!({
        "description": "ptlc ECDSA adaptor signatures (SPEC.md, ECDSA adaptor signatures), byte-compatible with secp256k1-zkp's ecdsa_adaptor module. All byte strings are lowercase hex. valid: presign(secret_key, message, adaptor_point, aux_rand) gives adaptor_sig, which verifies for (public_key, message, adaptor_point); adapt(adaptor_sig, adaptor_scalar) gives signature (compact r || s, low s), a valid ECDSA signature of message; extract(adaptor_sig, signature, adaptor_point) and extract from the high-s form (s replaced by n - s) both give adaptor_scalar. invalid_verify: parsing or verifying fails with error. invalid_extract: extract fails with error.",
        "valid": valid(),
        "invalid_verify": invalid_verify(),
        "invalid_extract": invalid_extract(),
    });
    check_or_regenerate("ecdsa_adaptor.json", &value);
}
