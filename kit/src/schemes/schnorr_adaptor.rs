//! `schnorr_adaptor`: BIP-340 adaptor signatures
//! (test-vectors/schnorr_adaptor.json; SPEC.md "Schnorr adaptor signatures").

use ptlc::schnorr_adaptor::{self, PreSignature, SchnorrAdaptorError};
use ptlc::secp256k1::{schnorr, Keypair, XOnlyPublicKey};
use ptlc::{PaymentPoint, PaymentScalar};
use serde_json::{json, Value};

use crate::case::{Case, Draw, Kind, Outcome, Rng, Scheme};
use crate::draw;
use crate::error_names::schnorr_adaptor_error as name;
use crate::hex::encode as hex;

/// The scheme.
pub const SCHEME: Scheme = Scheme {
    name: "schnorr_adaptor",
    described: true,
    kinds: &[
        Kind {
            key: "valid",
            inputs: &["secret_key", "aux_rand", "message", "adaptor_scalar"],
            invalid: false,
            compute: valid,
        },
        Kind {
            key: "verify_invalid",
            inputs: &["public_key", "message", "adaptor", "pre_signature"],
            invalid: true,
            compute: verify_invalid,
        },
        Kind {
            key: "adapt_invalid",
            inputs: &["public_key", "message", "pre_signature", "adaptor_scalar"],
            invalid: true,
            compute: adapt_invalid,
        },
        Kind {
            key: "extract_invalid",
            inputs: &["pre_signature", "signature", "adaptor"],
            invalid: true,
            compute: extract_invalid,
        },
    ],
    draws: &[
        Draw {
            key: "valid",
            comment: Some("random"),
            draw: |rng| Signed::draw(rng).inputs(),
        },
        Draw {
            key: "verify_invalid",
            comment: Some("tampered s'"),
            draw: |rng| mutate_pre(rng, |p, rng| draw::flip_bit(p, 33..65, rng)),
        },
        Draw {
            key: "verify_invalid",
            comment: Some("tampered R' x"),
            draw: |rng| mutate_pre(rng, |p, rng| draw::flip_bit(p, 1..33, rng)),
        },
        Draw {
            key: "verify_invalid",
            comment: Some("R' parity flipped"),
            draw: |rng| mutate_pre(rng, |p, _| p[0] ^= 1),
        },
        Draw {
            key: "verify_invalid",
            comment: Some("R' prefix neither 02 nor 03"),
            draw: |rng| mutate_pre(rng, |p, rng| p[0] = draw::bad_prefix(rng)),
        },
        Draw {
            key: "verify_invalid",
            comment: Some("R' x is not on the curve"),
            draw: |rng| {
                mutate_pre(rng, |p, rng| {
                    p[1..33].copy_from_slice(&draw::off_curve_x(rng))
                })
            },
        },
        Draw {
            key: "verify_invalid",
            comment: Some("R' x is p or above"),
            draw: |rng| {
                mutate_pre(rng, |p, rng| {
                    p[1..33].copy_from_slice(&draw::at_least_p(rng))
                })
            },
        },
        Draw {
            key: "verify_invalid",
            comment: Some("s' is n or above"),
            draw: |rng| {
                mutate_pre(rng, |p, rng| {
                    p[33..].copy_from_slice(&draw::at_least_n(rng))
                })
            },
        },
        Draw {
            key: "verify_invalid",
            comment: Some("R' x not on the curve and s' >= n: R' is parsed first"),
            draw: |rng| {
                mutate_pre(rng, |p, rng| {
                    p[1..33].copy_from_slice(&draw::off_curve_x(rng));
                    p[33..].copy_from_slice(&draw::at_least_n(rng));
                })
            },
        },
        Draw {
            key: "verify_invalid",
            comment: Some("not 65 bytes"),
            draw: |rng| {
                let s = Signed::draw(rng);
                let pre = draw::resize(&s.pre.to_bytes(), rng);
                s.verify_case(&s.pubkey(), &s.msg, &s.adaptor(), &pre)
            },
        },
        Draw {
            key: "verify_invalid",
            comment: Some("wrong adaptor point"),
            draw: |rng| {
                let s = Signed::draw(rng);
                s.verify_case(
                    &s.pubkey(),
                    &s.msg,
                    &draw::scalar(rng).point().to_bytes(),
                    &s.pre.to_bytes(),
                )
            },
        },
        Draw {
            key: "verify_invalid",
            comment: Some("adaptor point negated (-T)"),
            draw: |rng| {
                let s = Signed::draw(rng);
                let mut t = s.adaptor();
                t[0] ^= 1;
                s.verify_case(&s.pubkey(), &s.msg, &t, &s.pre.to_bytes())
            },
        },
        Draw {
            key: "verify_invalid",
            comment: Some("wrong public key"),
            draw: |rng| {
                let s = Signed::draw(rng);
                let other = draw::keypair(rng).x_only_public_key().0.to_byte_array();
                s.verify_case(&other, &s.msg, &s.adaptor(), &s.pre.to_bytes())
            },
        },
        Draw {
            key: "verify_invalid",
            comment: Some("wrong message"),
            draw: |rng| {
                let s = Signed::draw(rng);
                let mut msg = s.msg;
                draw::flip_bit(&mut msg, 0..32, rng);
                s.verify_case(&s.pubkey(), &msg, &s.adaptor(), &s.pre.to_bytes())
            },
        },
        Draw {
            key: "adapt_invalid",
            comment: Some("a scalar that does not open T"),
            draw: |rng| {
                let s = Signed::draw(rng);
                json!({
                    "public_key": hex(&s.pubkey()),
                    "message": hex(&s.msg),
                    "pre_signature": hex(&s.pre.to_bytes()),
                    "adaptor_scalar": hex(draw::scalar(rng).expose_secret()),
                })
            },
        },
        Draw {
            key: "extract_invalid",
            comment: Some("signature adapted from another pre-signature"),
            draw: |rng| {
                let (s, other) = (Signed::draw(rng), Signed::draw(rng));
                s.extract_case(
                    &other.sig().map(|g| *g.as_byte_array()).unwrap_or([0; 64]),
                    &s.adaptor(),
                )
            },
        },
        Draw {
            key: "extract_invalid",
            comment: Some("plain BIP-340 signature by the same key on the same message"),
            draw: |rng| {
                let s = Signed::draw(rng);
                let plain = schnorr::sign_with_aux_rand(&s.msg, &s.keypair, &s.aux);
                s.extract_case(plain.as_byte_array(), &s.adaptor())
            },
        },
        Draw {
            key: "extract_invalid",
            comment: Some("same R, tampered s"),
            draw: |rng| mutate_sig(rng, |g, rng| draw::flip_bit(g, 32..64, rng)),
        },
        Draw {
            key: "extract_invalid",
            comment: Some("s is n or above"),
            draw: |rng| {
                mutate_sig(rng, |g, rng| {
                    g[32..].copy_from_slice(&draw::at_least_n(rng))
                })
            },
        },
        Draw {
            key: "extract_invalid",
            comment: Some("s = s': the difference is t = 0"),
            draw: |rng| {
                let s = Signed::draw(rng);
                let mut g = s.sig().map(|g| *g.as_byte_array()).unwrap_or([0; 64]);
                g[32..].copy_from_slice(&s.pre.to_bytes()[33..]);
                s.extract_case(&g, &s.adaptor())
            },
        },
        Draw {
            key: "extract_invalid",
            comment: Some("wrong adaptor point"),
            draw: |rng| {
                let s = Signed::draw(rng);
                let g = s.sig().map(|g| *g.as_byte_array()).unwrap_or([0; 64]);
                s.extract_case(&g, &draw::scalar(rng).point().to_bytes())
            },
        },
        Draw {
            key: "extract_invalid",
            comment: Some("a signature that is not 64 bytes"),
            draw: |rng| {
                let s = Signed::draw(rng);
                let g = s.sig().map(|g| *g.as_byte_array()).unwrap_or([0; 64]);
                let g = draw::resize(&g, rng);
                json!({"pre_signature": hex(&s.pre.to_bytes()), "signature": hex(&g), "adaptor": hex(&s.adaptor())})
            },
        },
    ],
};

/// A random valid pre-signature and what made it.
struct Signed {
    keypair: Keypair,
    aux: [u8; 32],
    msg: [u8; 32],
    t: PaymentScalar,
    pre: PreSignature,
}

impl Signed {
    fn draw(rng: &mut Rng) -> Self {
        loop {
            let (keypair, aux, msg, t) = (
                draw::keypair(rng),
                rng.bytes(),
                rng.bytes(),
                draw::scalar(rng),
            );
            if let Ok(pre) = schnorr_adaptor::try_presign(&keypair, &msg, &t.point(), &aux) {
                return Signed {
                    keypair,
                    aux,
                    msg,
                    t,
                    pre,
                };
            }
        }
    }

    fn pubkey(&self) -> [u8; 32] {
        self.keypair.x_only_public_key().0.to_byte_array()
    }

    fn adaptor(&self) -> [u8; 33] {
        self.t.point().to_bytes()
    }

    fn sig(&self) -> Result<schnorr::Signature, SchnorrAdaptorError> {
        schnorr_adaptor::adapt(
            &self.pre,
            &self.t,
            &self.keypair.x_only_public_key().0,
            &self.msg,
        )
    }

    fn inputs(&self) -> Value {
        json!({
            "secret_key": hex(&self.keypair.to_secret_bytes()),
            "aux_rand": hex(&self.aux),
            "message": hex(&self.msg),
            "adaptor_scalar": hex(self.t.expose_secret()),
        })
    }

    fn verify_case(
        &self,
        pubkey: &[u8; 32],
        msg: &[u8; 32],
        adaptor: &[u8; 33],
        pre: &[u8],
    ) -> Value {
        json!({"public_key": hex(pubkey), "message": hex(msg), "adaptor": hex(adaptor), "pre_signature": hex(pre)})
    }

    fn extract_case(&self, sig: &[u8; 64], adaptor: &[u8; 33]) -> Value {
        json!({"pre_signature": hex(&self.pre.to_bytes()), "signature": hex(sig), "adaptor": hex(adaptor)})
    }
}

/// A verify case with the pre-signature's bytes changed by `f`.
fn mutate_pre(rng: &mut Rng, f: fn(&mut [u8; 65], &mut Rng)) -> Value {
    let s = Signed::draw(rng);
    let mut pre = s.pre.to_bytes();
    f(&mut pre, rng);
    s.verify_case(&s.pubkey(), &s.msg, &s.adaptor(), &pre)
}

/// An extract case with the adapted signature's bytes changed by `f`.
fn mutate_sig(rng: &mut Rng, f: fn(&mut [u8; 64], &mut Rng)) -> Value {
    let s = Signed::draw(rng);
    let mut sig = s.sig().map(|g| *g.as_byte_array()).unwrap_or([0; 64]);
    f(&mut sig, rng);
    s.extract_case(&sig, &s.adaptor())
}

/// `{error}` for a failure, `{}` (no error field) for a success.
fn error(e: Option<SchnorrAdaptorError>) -> Value {
    crate::case::error_field(e.map(name))
}

fn pubkey(c: &Case<'_>) -> Result<XOnlyPublicKey, crate::case::InputError> {
    c.parse("public_key", |b| {
        XOnlyPublicKey::from_byte_array(b.try_into().map_err(|_| "not 32 bytes".to_owned())?)
            .map_err(|e| e.to_string())
    })
}

fn valid(c: &Case<'_>) -> Outcome {
    let keypair = c.parse("secret_key", |b| {
        Keypair::from_secret_bytes(b.try_into().map_err(|_| "not 32 bytes".to_owned())?)
            .map_err(|e| e.to_string())
    })?;
    let aux = c.array::<32>("aux_rand")?;
    let msg = c.array::<32>("message")?;
    let t = c.parse("adaptor_scalar", PaymentScalar::from_slice)?;
    let pk = keypair.x_only_public_key().0;
    let pre = match schnorr_adaptor::try_presign(&keypair, &msg, &t.point(), &aux) {
        Ok(pre) => pre,
        Err(e) => return Ok(error(Some(e))),
    };
    let sig = match schnorr_adaptor::adapt(&pre, &t, &pk, &msg) {
        Ok(sig) => sig,
        Err(e) => return Ok(error(Some(e))),
    };
    Ok(json!({
        "public_key": hex(&pk.to_byte_array()),
        "adaptor": hex(&t.point().to_bytes()),
        "pre_signature": hex(&pre.to_bytes()),
        "signature": hex(sig.as_byte_array()),
    }))
}

fn verify_invalid(c: &Case<'_>) -> Outcome {
    let pk = pubkey(c)?;
    let msg = c.array::<32>("message")?;
    let adaptor = c.parse("adaptor", PaymentPoint::from_slice)?;
    let pre = c.bytes("pre_signature")?;
    let result = PreSignature::from_slice(&pre)
        .and_then(|p| schnorr_adaptor::verify(&p, &pk, &msg, &adaptor));
    Ok(error(result.err()))
}

fn adapt_invalid(c: &Case<'_>) -> Outcome {
    let pk = pubkey(c)?;
    let msg = c.array::<32>("message")?;
    let t = c.parse("adaptor_scalar", PaymentScalar::from_slice)?;
    let pre = match PreSignature::from_slice(&c.bytes("pre_signature")?) {
        Ok(pre) => pre,
        Err(e) => return Ok(error(Some(e))),
    };
    let unchecked = schnorr_adaptor::adapt_unchecked(&pre, &t).map(|s| hex(s.as_byte_array()));
    let checked = schnorr_adaptor::adapt(&pre, &t, &pk, &msg);
    let mut out = error(checked.err());
    if let (Some(o), Ok(sig)) = (out.as_object_mut(), unchecked) {
        o.insert("signature".to_owned(), Value::String(sig));
    }
    Ok(out)
}

fn extract_invalid(c: &Case<'_>) -> Outcome {
    let adaptor = c.parse("adaptor", PaymentPoint::from_slice)?;
    let pre = match PreSignature::from_slice(&c.bytes("pre_signature")?) {
        Ok(pre) => pre,
        Err(e) => return Ok(error(Some(e))),
    };
    // ptlc's extract takes a 64-byte signature: any other length is the
    // signature parser's error, invalid_signature (as in the vector file).
    let Ok(sig) = <[u8; 64]>::try_from(c.bytes("signature")?.as_slice()) else {
        return Ok(error(Some(SchnorrAdaptorError::InvalidSignature)));
    };
    let sig = schnorr::Signature::from_byte_array(sig);
    Ok(error(schnorr_adaptor::extract(&pre, &sig, &adaptor).err()))
}
