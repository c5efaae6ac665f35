//! `pay_for_signature`: selling a BIP-340 signature for a PTLC
//! (test-vectors/pay_for_signature.json; SPEC.md "Pay-for-signature").

use ptlc::pay_for_signature::{
    signature_point, signature_scalar, PayForSignatureError, SignatureOffer,
};
use ptlc::secp256k1::{schnorr, Keypair, XOnlyPublicKey};
use ptlc::PaymentScalar;
use serde_json::{json, Value};

use crate::case::{Case, Draw, InputError, Kind, Outcome, Rng, Scheme};
use crate::draw;
use crate::error_names::pay_for_signature_error as name;
use crate::hex::encode as hex;

/// The scheme.
pub const SCHEME: Scheme = Scheme {
    name: "pay_for_signature",
    described: true,
    kinds: &[
        Kind {
            key: "valid",
            inputs: &["secret_key", "aux_rand", "message"],
            invalid: false,
            compute: valid,
        },
        Kind {
            key: "signature_point_invalid",
            inputs: &["public_key", "message", "nonce"],
            invalid: true,
            compute: signature_point_invalid,
        },
        Kind {
            key: "signature_scalar_invalid",
            inputs: &["public_key", "message", "signature"],
            invalid: true,
            compute: signature_scalar_invalid,
        },
        Kind {
            key: "complete_invalid",
            inputs: &["public_key", "message", "nonce", "scalar"],
            invalid: true,
            compute: complete_invalid,
        },
    ],
    draws: &[
        Draw {
            key: "valid",
            comment: Some("random"),
            draw: |rng| Signed::draw(rng).inputs(),
        },
        Draw {
            key: "signature_point_invalid",
            comment: Some("nonce x is not on the curve"),
            draw: |rng| Signed::draw(rng).offer(&draw::off_curve_x(rng)),
        },
        Draw {
            key: "signature_point_invalid",
            comment: Some("nonce x is p or above"),
            draw: |rng| Signed::draw(rng).offer(&draw::at_least_p(rng)),
        },
        Draw {
            key: "signature_scalar_invalid",
            comment: Some("tampered s"),
            draw: |rng| mutate(rng, |g, rng| draw::flip_bit(g, 32..64, rng)),
        },
        Draw {
            key: "signature_scalar_invalid",
            comment: Some("tampered R"),
            draw: |rng| mutate(rng, |g, rng| draw::flip_bit(g, 0..32, rng)),
        },
        Draw {
            key: "signature_scalar_invalid",
            comment: Some("s is n or above"),
            draw: |rng| {
                mutate(rng, |g, rng| {
                    g[32..].copy_from_slice(&draw::at_least_n(rng))
                })
            },
        },
        Draw {
            key: "signature_scalar_invalid",
            comment: Some("wrong message"),
            draw: |rng| {
                let s = Signed::draw(rng);
                let mut msg = s.msg;
                draw::flip_bit(&mut msg, 0..32, rng);
                json!({"public_key": hex(&s.pubkey()), "message": hex(&msg), "signature": hex(s.sig.as_byte_array())})
            },
        },
        Draw {
            key: "signature_scalar_invalid",
            comment: Some("wrong public key"),
            draw: |rng| {
                let s = Signed::draw(rng);
                let other = draw::keypair(rng).x_only_public_key().0.to_byte_array();
                json!({"public_key": hex(&other), "message": hex(&s.msg), "signature": hex(s.sig.as_byte_array())})
            },
        },
        Draw {
            key: "complete_invalid",
            comment: Some("a random scalar"),
            draw: |rng| {
                let s = Signed::draw(rng);
                s.complete_case(&draw::scalar(rng))
            },
        },
        Draw {
            key: "complete_invalid",
            comment: Some("the scalar of another signature"),
            draw: |rng| {
                let (s, other) = (Signed::draw(rng), Signed::draw(rng));
                let x = PaymentScalar::from_slice(&other.sig.as_byte_array()[32..]);
                s.complete_case(&x.unwrap_or_else(|_| draw::scalar(rng)))
            },
        },
    ],
};

/// A random BIP-340 signature and what made it.
struct Signed {
    keypair: Keypair,
    aux: [u8; 32],
    msg: [u8; 32],
    sig: schnorr::Signature,
}

impl Signed {
    fn draw(rng: &mut Rng) -> Self {
        let (keypair, aux, msg) = (draw::keypair(rng), rng.bytes(), rng.bytes());
        let sig = schnorr::sign_with_aux_rand(&msg, &keypair, &aux);
        Signed {
            keypair,
            aux,
            msg,
            sig,
        }
    }

    fn pubkey(&self) -> [u8; 32] {
        self.keypair.x_only_public_key().0.to_byte_array()
    }

    fn inputs(&self) -> Value {
        json!({"secret_key": hex(&self.keypair.to_secret_bytes()), "aux_rand": hex(&self.aux), "message": hex(&self.msg)})
    }

    fn offer(&self, nonce: &[u8; 32]) -> Value {
        json!({"public_key": hex(&self.pubkey()), "message": hex(&self.msg), "nonce": hex(nonce)})
    }

    fn complete_case(&self, x: &PaymentScalar) -> Value {
        json!({
            "public_key": hex(&self.pubkey()),
            "message": hex(&self.msg),
            "nonce": hex(&self.sig.as_byte_array()[..32]),
            "scalar": hex(x.expose_secret()),
        })
    }
}

/// A signature-scalar case with the signature's bytes changed by `f`.
fn mutate(rng: &mut Rng, f: fn(&mut [u8; 64], &mut Rng)) -> Value {
    let s = Signed::draw(rng);
    let mut g = *s.sig.as_byte_array();
    f(&mut g, rng);
    json!({"public_key": hex(&s.pubkey()), "message": hex(&s.msg), "signature": hex(&g)})
}

/// `{error}` for a failure, `{}` (no error field) for a success.
fn error(e: Option<PayForSignatureError>) -> Value {
    crate::case::error_field(e.map(name))
}

fn pubkey(c: &Case<'_>) -> Result<XOnlyPublicKey, InputError> {
    let b = c.array::<32>("public_key")?;
    c.parse("public_key", |_| XOnlyPublicKey::from_byte_array(b))
}

fn valid(c: &Case<'_>) -> Outcome {
    let secret = c.array::<32>("secret_key")?;
    let keypair = c.parse("secret_key", |_| Keypair::from_secret_bytes(secret))?;
    let aux = c.array::<32>("aux_rand")?;
    let msg = c.array::<32>("message")?;
    let pk = keypair.x_only_public_key().0;
    let sig = schnorr::sign_with_aux_rand(&msg, &keypair, &aux);
    let nonce: [u8; 32] = sig.as_byte_array()[..32].try_into().unwrap_or([0; 32]);
    let point = match signature_point(&pk, &msg, &nonce) {
        Ok(p) => p,
        Err(e) => return Ok(error(Some(e))),
    };
    let s = match signature_scalar(&sig, &pk, &msg) {
        Ok(s) => s,
        Err(e) => return Ok(error(Some(e))),
    };
    Ok(json!({
        "public_key": hex(&pk.to_byte_array()),
        "signature": hex(sig.as_byte_array()),
        "nonce": hex(&nonce),
        "signature_point": hex(&point.to_bytes()),
        "signature_scalar": hex(s.expose_secret()),
    }))
}

fn signature_point_invalid(c: &Case<'_>) -> Outcome {
    let (pk, msg, nonce) = (
        pubkey(c)?,
        c.array::<32>("message")?,
        c.array::<32>("nonce")?,
    );
    Ok(error(signature_point(&pk, &msg, &nonce).err()))
}

fn signature_scalar_invalid(c: &Case<'_>) -> Outcome {
    let (pk, msg) = (pubkey(c)?, c.array::<32>("message")?);
    let sig = schnorr::Signature::from_byte_array(c.array::<64>("signature")?);
    Ok(error(signature_scalar(&sig, &pk, &msg).err()))
}

fn complete_invalid(c: &Case<'_>) -> Outcome {
    let (pk, msg, nonce) = (
        pubkey(c)?,
        c.array::<32>("message")?,
        c.array::<32>("nonce")?,
    );
    let x = c.parse("scalar", PaymentScalar::from_slice)?;
    Ok(error(
        SignatureOffer::new(pk, msg, nonce)
            .and_then(|o| o.complete(&x))
            .err(),
    ))
}
