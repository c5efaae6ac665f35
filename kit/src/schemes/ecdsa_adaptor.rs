//! `ecdsa_adaptor`: ECDSA adaptor signatures (test-vectors/ecdsa_adaptor.json;
//! SPEC.md "ECDSA adaptor signatures").

use ptlc::ecdsa_adaptor::{self, AdaptorSignature, EcdsaAdaptorError};
use ptlc::secp256k1::constants::CURVE_ORDER;
use ptlc::secp256k1::{ecdsa, Message, PublicKey, SecretKey};
use ptlc::{PaymentPoint, PaymentScalar};
use serde_json::{json, Value};

use crate::case::{Case, Draw, InputError, Kind, Outcome, Rng, Scheme};
use crate::draw;
use crate::error_names::ecdsa_adaptor_error as name;
use crate::hex::encode as hex;

/// The scheme.
pub const SCHEME: Scheme = Scheme {
    name: "ecdsa_adaptor",
    described: true,
    kinds: &[
        Kind {
            key: "valid",
            inputs: &["secret_key", "message", "adaptor_scalar", "aux_rand"],
            invalid: false,
            compute: valid,
        },
        Kind {
            key: "invalid_verify",
            inputs: &["public_key", "message", "adaptor_point", "adaptor_sig"],
            invalid: true,
            compute: invalid_verify,
        },
        Kind {
            key: "invalid_extract",
            inputs: &["adaptor_sig", "signature", "adaptor_point"],
            invalid: true,
            compute: invalid_extract,
        },
    ],
    draws: &[
        Draw {
            key: "valid",
            comment: Some("random"),
            draw: |rng| Signed::draw(rng).inputs(),
        },
        Draw {
            key: "invalid_verify",
            comment: Some("not 162 bytes"),
            draw: |rng| {
                let s = Signed::draw(rng);
                let sig = draw::resize(&s.pre.to_bytes(), rng);
                s.verify_case(&s.pk(), &s.msg, &s.point(), &sig)
            },
        },
        Draw {
            key: "invalid_verify",
            comment: Some("R prefix neither 02 nor 03"),
            draw: |rng| mutate(rng, |b, rng| b[0] = draw::bad_prefix(rng)),
        },
        Draw {
            key: "invalid_verify",
            comment: Some("R is not on the curve"),
            draw: |rng| {
                mutate(rng, |b, rng| {
                    b[1..33].copy_from_slice(&draw::off_curve_x(rng))
                })
            },
        },
        Draw {
            key: "invalid_verify",
            comment: Some("R' is not on the curve"),
            draw: |rng| {
                mutate(rng, |b, rng| {
                    b[34..66].copy_from_slice(&draw::off_curve_x(rng))
                })
            },
        },
        Draw {
            key: "invalid_verify",
            comment: Some("R = 02 || n: a point whose r = x mod n is 0"),
            draw: |rng| {
                mutate(rng, |b, _| {
                    b[0] = 2;
                    b[1..33].copy_from_slice(&CURVE_ORDER);
                })
            },
        },
        Draw {
            key: "invalid_verify",
            comment: Some("R' not on the curve and s' = 0: R' is parsed first"),
            draw: |rng| {
                mutate(rng, |b, rng| {
                    b[34..66].copy_from_slice(&draw::off_curve_x(rng));
                    b[66..98].fill(0);
                })
            },
        },
        Draw {
            key: "invalid_verify",
            comment: Some("s' = 0"),
            draw: |rng| mutate(rng, |b, _| b[66..98].fill(0)),
        },
        Draw {
            key: "invalid_verify",
            comment: Some("s' is n or above"),
            draw: |rng| {
                mutate(rng, |b, rng| {
                    b[66..98].copy_from_slice(&draw::at_least_n(rng))
                })
            },
        },
        Draw {
            key: "invalid_verify",
            comment: Some("DLEQ s is n or above"),
            draw: |rng| {
                mutate(rng, |b, rng| {
                    b[130..].copy_from_slice(&draw::at_least_n(rng))
                })
            },
        },
        Draw {
            key: "invalid_verify",
            comment: Some("DLEQ e is n or above (read mod n)"),
            draw: |rng| {
                mutate(rng, |b, rng| {
                    b[98..130].copy_from_slice(&draw::at_least_n(rng))
                })
            },
        },
        Draw {
            key: "invalid_verify",
            comment: Some("tampered s'"),
            draw: |rng| mutate(rng, |b, rng| draw::flip_bit(b, 66..98, rng)),
        },
        Draw {
            key: "invalid_verify",
            comment: Some("tampered DLEQ e"),
            draw: |rng| mutate(rng, |b, rng| draw::flip_bit(b, 98..130, rng)),
        },
        Draw {
            key: "invalid_verify",
            comment: Some("tampered DLEQ s"),
            draw: |rng| mutate(rng, |b, rng| draw::flip_bit(b, 130..162, rng)),
        },
        Draw {
            key: "invalid_verify",
            comment: Some("R negated"),
            draw: |rng| mutate(rng, |b, _| b[0] ^= 1),
        },
        Draw {
            key: "invalid_verify",
            comment: Some("R' negated"),
            draw: |rng| mutate(rng, |b, _| b[33] ^= 1),
        },
        Draw {
            key: "invalid_verify",
            comment: Some("another adaptor point"),
            draw: |rng| {
                let s = Signed::draw(rng);
                s.verify_case(
                    &s.pk(),
                    &s.msg,
                    &draw::scalar(rng).point().to_bytes(),
                    &s.pre.to_bytes(),
                )
            },
        },
        Draw {
            key: "invalid_verify",
            comment: Some("another public key"),
            draw: |rng| {
                let s = Signed::draw(rng);
                let other = draw::scalar(rng).point().to_bytes();
                s.verify_case(&other, &s.msg, &s.point(), &s.pre.to_bytes())
            },
        },
        Draw {
            key: "invalid_verify",
            comment: Some("another message"),
            draw: |rng| {
                let s = Signed::draw(rng);
                let mut msg = s.msg;
                draw::flip_bit(&mut msg, 0..32, rng);
                s.verify_case(&s.pk(), &msg, &s.point(), &s.pre.to_bytes())
            },
        },
        Draw {
            key: "invalid_extract",
            comment: Some("an ordinary signature: r differs"),
            draw: |rng| {
                let s = Signed::draw(rng);
                let plain = ecdsa::sign(Message::from_digest(s.msg), &s.sk);
                s.extract_case(&plain.serialize_compact(), &s.point())
            },
        },
        Draw {
            key: "invalid_extract",
            comment: Some("same r, s = 0"),
            draw: |rng| {
                let s = Signed::draw(rng);
                let mut sig = s.sig();
                sig[32..].fill(0);
                s.extract_case(&sig, &s.point())
            },
        },
        Draw {
            key: "invalid_extract",
            comment: Some("decrypted with another scalar"),
            draw: |rng| {
                let s = Signed::draw(rng);
                let wrong = ecdsa_adaptor::adapt_unchecked(&s.pre, &draw::scalar(rng));
                s.extract_case(
                    &wrong.map(|g| g.serialize_compact()).unwrap_or([0; 64]),
                    &s.point(),
                )
            },
        },
        Draw {
            key: "invalid_extract",
            comment: Some("another adaptor point"),
            draw: |rng| {
                let s = Signed::draw(rng);
                s.extract_case(&s.sig(), &draw::scalar(rng).point().to_bytes())
            },
        },
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

    fn verify_case(&self, pk: &[u8; 33], msg: &[u8; 32], point: &[u8; 33], sig: &[u8]) -> Value {
        json!({"public_key": hex(pk), "message": hex(msg), "adaptor_point": hex(point), "adaptor_sig": hex(sig)})
    }

    fn extract_case(&self, sig: &[u8; 64], point: &[u8; 33]) -> Value {
        json!({"adaptor_sig": hex(&self.pre.to_bytes()), "signature": hex(sig), "adaptor_point": hex(point)})
    }
}

/// A verify case with the adaptor signature's bytes changed by `f`.
fn mutate(rng: &mut Rng, f: fn(&mut [u8; 162], &mut Rng)) -> Value {
    let s = Signed::draw(rng);
    let mut b = s.pre.to_bytes();
    f(&mut b, rng);
    s.verify_case(&s.pk(), &s.msg, &s.point(), &b)
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
