//! `ecdsa_adaptor`: ECDSA adaptor signatures (test-vectors/ecdsa_adaptor.json;
//! SPEC.md "ECDSA adaptor signatures").

use ptlc::ecdsa_adaptor::{self, AdaptorSignature, EcdsaAdaptorError};
use ptlc::secp256k1::constants::CURVE_ORDER;
use ptlc::secp256k1::{ecdsa, Message, PublicKey, SecretKey};
use ptlc::{PaymentPoint, PaymentScalar};
use serde_json::{json, Value};

use crate::case::{Case, Draw, Edit, InputError, Kind, Outcome, Rng, Scheme};
use crate::draw;
use crate::hex::encode as hex;
use crate::vector_fields::ecdsa_adaptor_error as name;

/// The scheme.
pub const SCHEME: Scheme = Scheme {
    name: "ecdsa_adaptor",
    described: true,
    kinds: &[
        Kind::new(
            "valid",
            &["secret_key", "message", "adaptor_scalar", "aux_rand"],
            valid,
        ),
        Kind::invalid(
            "invalid_verify",
            &["public_key", "message", "adaptor_point", "adaptor_sig"],
            invalid_verify,
        ),
        Kind::invalid(
            "invalid_extract",
            &["adaptor_sig", "signature", "adaptor_point"],
            invalid_extract,
        ),
    ],
    // Offsets in the 162-byte encoding: R 0..33, R' 33..66, s' 66..98,
    // DLEQ e 98..130, DLEQ s 130..162.
    draws: &[
        Draw::new("valid", "random", |rng, _| Signed::draw(rng).inputs()),
        Draw::mutations(
            "invalid_verify",
            edit_sig,
            &[
                ("not 162 bytes", &[Edit::Resize]),
                ("R prefix neither 02 nor 03", &[Edit::BadPrefix(0)]),
                ("R is not on the curve", &[Edit::OffCurveX(1)]),
                ("R' is not on the curve", &[Edit::OffCurveX(34)]),
                (
                    "R = 02 || n: a point whose r = x mod n is 0",
                    &[Edit::Put(0, &[2]), Edit::Put(1, &CURVE_ORDER)],
                ),
                (
                    "R' not on the curve and s' = 0: R' is parsed first",
                    &[Edit::OffCurveX(34), Edit::Put(66, &[0; 32])],
                ),
                ("s' = 0", &[Edit::Put(66, &[0; 32])]),
                ("s' is n or above", &[Edit::AtLeastN(66)]),
                ("DLEQ s is n or above", &[Edit::AtLeastN(130)]),
                ("DLEQ e is n or above (read mod n)", &[Edit::AtLeastN(98)]),
                ("tampered s'", &[Edit::Flip(66, 98)]),
                ("tampered DLEQ e", &[Edit::Flip(98, 130)]),
                ("tampered DLEQ s", &[Edit::Flip(130, 162)]),
                ("R negated", &[Edit::Parity(0)]),
                ("R' negated", &[Edit::Parity(33)]),
            ],
        ),
        Draw::mutations(
            "invalid_verify",
            edit_msg,
            &[("another message", &[Edit::Flip(0, 32)])],
        ),
        Draw::new("invalid_verify", "another adaptor point", |rng, _| {
            let s = Signed::draw(rng);
            s.verify_case(
                &s.pk(),
                &s.msg,
                &draw::scalar(rng).point().to_bytes(),
                &s.pre.to_bytes(),
            )
        }),
        Draw::new("invalid_verify", "another public key", |rng, _| {
            let s = Signed::draw(rng);
            let other = draw::scalar(rng).point().to_bytes();
            s.verify_case(&other, &s.msg, &s.point(), &s.pre.to_bytes())
        }),
        Draw::new(
            "invalid_extract",
            "an ordinary signature: r differs",
            |rng, _| {
                let s = Signed::draw(rng);
                let plain = ecdsa::sign(Message::from_digest(s.msg), &s.sk);
                s.extract_case(&plain.serialize_compact(), &s.point())
            },
        ),
        Draw::new("invalid_extract", "same r, s = 0", |rng, _| {
            let s = Signed::draw(rng);
            let sig = draw::apply(&s.sig(), &[Edit::Put(32, &[0; 32])], rng);
            s.extract_case(&sig, &s.point())
        }),
        Draw::new(
            "invalid_extract",
            "decrypted with another scalar",
            |rng, _| {
                let s = Signed::draw(rng);
                let wrong = ecdsa_adaptor::adapt_unchecked(&s.pre, &draw::scalar(rng));
                s.extract_case(
                    &wrong.map(|g| g.serialize_compact()).unwrap_or([0; 64]),
                    &s.point(),
                )
            },
        ),
        Draw::new("invalid_extract", "another adaptor point", |rng, _| {
            let s = Signed::draw(rng);
            s.extract_case(&s.sig(), &draw::scalar(rng).point().to_bytes())
        }),
    ],
};

/// A random valid adaptor signature and what made it.
struct Signed {
    sk: SecretKey,
    msg: [u8; 32],
    t: PaymentScalar,
    aux: [u8; 32],
    pre: AdaptorSignature,
}

impl Signed {
    fn draw(rng: &mut Rng) -> Self {
        let sk = loop {
            if let Ok(sk) = SecretKey::from_secret_bytes(draw::secret(rng)) {
                break sk;
            }
        };
        let (msg, t, aux) = (rng.bytes(), draw::scalar(rng), rng.bytes());
        let pre = ecdsa_adaptor::presign(&sk, &msg, &t.point(), &aux);
        Signed {
            sk,
            msg,
            t,
            aux,
            pre,
        }
    }

    fn pk(&self) -> [u8; 33] {
        PublicKey::from_secret_key(&self.sk).serialize()
    }

    fn point(&self) -> [u8; 33] {
        self.t.point().to_bytes()
    }

    fn sig(&self) -> [u8; 64] {
        ecdsa_adaptor::adapt_unchecked(&self.pre, &self.t)
            .map(|g| g.serialize_compact())
            .unwrap_or([0; 64])
    }

    fn inputs(&self) -> Value {
        json!({
            "secret_key": hex(&self.sk.to_secret_bytes()),
            "message": hex(&self.msg),
            "adaptor_scalar": hex(self.t.expose_secret()),
            "aux_rand": hex(&self.aux),
        })
    }

    fn verify_case(&self, pk: &[u8], msg: &[u8], point: &[u8], sig: &[u8]) -> Value {
        json!({"public_key": hex(pk), "message": hex(msg), "adaptor_point": hex(point), "adaptor_sig": hex(sig)})
    }

    fn extract_case(&self, sig: &[u8], point: &[u8]) -> Value {
        json!({"adaptor_sig": hex(&self.pre.to_bytes()), "signature": hex(sig), "adaptor_point": hex(point)})
    }
}

/// A verify case with the adaptor signature edited.
fn edit_sig(rng: &mut Rng, edits: &[Edit]) -> Value {
    let s = Signed::draw(rng);
    let sig = draw::apply(&s.pre.to_bytes(), edits, rng);
    s.verify_case(&s.pk(), &s.msg, &s.point(), &sig)
}

/// A verify case with the message edited.
fn edit_msg(rng: &mut Rng, edits: &[Edit]) -> Value {
    let s = Signed::draw(rng);
    let msg = draw::apply(&s.msg, edits, rng);
    s.verify_case(&s.pk(), &msg, &s.point(), &s.pre.to_bytes())
}

/// `{error}` for a failure, `{}` (no error field) for a success.
fn error(e: Option<EcdsaAdaptorError>) -> Value {
    crate::case::error_field(e.map(name))
}

fn point(c: &Case<'_>, field: &str) -> Result<PaymentPoint, InputError> {
    c.parse(field, PaymentPoint::from_slice)
}

fn valid(c: &Case<'_>) -> Outcome {
    let secret = c.array::<32>("secret_key")?;
    let sk = c.parse("secret_key", |_| SecretKey::from_secret_bytes(secret))?;
    let msg = c.array::<32>("message")?;
    let t = c.parse("adaptor_scalar", PaymentScalar::from_slice)?;
    let aux = c.array::<32>("aux_rand")?;
    let pk = PublicKey::from_secret_key(&sk);
    let pre = ecdsa_adaptor::presign(&sk, &msg, &t.point(), &aux);
    let sig = match ecdsa_adaptor::adapt(&pre, &t, &pk, &msg) {
        Ok(sig) => sig,
        Err(e) => return Ok(error(Some(e))),
    };
    Ok(json!({
        "public_key": hex(&pk.serialize()),
        "adaptor_point": hex(&t.point().to_bytes()),
        "adaptor_sig": hex(&pre.to_bytes()),
        "signature": hex(&sig.serialize_compact()),
    }))
}

fn invalid_verify(c: &Case<'_>) -> Outcome {
    let pk = c.parse("public_key", PublicKey::from_slice)?;
    let msg = c.array::<32>("message")?;
    let adaptor = point(c, "adaptor_point")?;
    let sig = c.bytes("adaptor_sig")?;
    let result = AdaptorSignature::from_slice(&sig)
        .and_then(|s| ecdsa_adaptor::verify(&s, &pk, &msg, &adaptor));
    Ok(error(result.err()))
}

fn invalid_extract(c: &Case<'_>) -> Outcome {
    let adaptor = point(c, "adaptor_point")?;
    let sig = c.parse("signature", ecdsa::Signature::from_compact)?;
    Ok(error(
        AdaptorSignature::from_slice(&c.bytes("adaptor_sig")?)
            .and_then(|pre| ecdsa_adaptor::extract(&pre, &sig, &adaptor))
            .err(),
    ))
}
