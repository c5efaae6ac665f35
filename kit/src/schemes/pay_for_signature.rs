//! `pay_for_signature`: selling a BIP-340 signature for a PTLC
//! (test-vectors/pay_for_signature.json; SPEC.md "Pay-for-signature").

use ptlc::pay_for_signature::{
    signature_point, signature_scalar, PayForSignatureError, SignatureOffer,
};
use ptlc::secp256k1::{schnorr, Keypair};
use ptlc::PaymentScalar;
use serde_json::{json, Value};

use crate::case::{Case, Draw, Edit, Kind, Outcome, Rng, Scheme};
use crate::draw;
use crate::hex::encode as hex;
use crate::vector_fields::pay_for_signature_error as name;

/// The scheme.
pub const SCHEME: Scheme = Scheme {
    name: "pay_for_signature",
    described: true,
    kinds: &[
        Kind::new("valid", &["secret_key", "aux_rand", "message"], valid),
        Kind::invalid(
            "signature_point_invalid",
            &["public_key", "message", "nonce"],
            signature_point_invalid,
        ),
        Kind::invalid(
            "signature_scalar_invalid",
            &["public_key", "message", "signature"],
            signature_scalar_invalid,
        ),
        Kind::invalid(
            "complete_invalid",
            &["public_key", "message", "nonce", "scalar"],
            complete_invalid,
        ),
    ],
    draws: &[
        Draw::new("valid", "random", |rng, _| Signed::draw(rng).inputs()),
        Draw::mutations(
            "signature_point_invalid",
            edit_nonce,
            &[
                ("nonce x is not on the curve", &[Edit::OffCurveX(0)]),
                ("nonce x is p or above", &[Edit::AtLeastP(0)]),
            ],
        ),
        Draw::mutations(
            "signature_scalar_invalid",
            edit_sig,
            &[
                ("tampered s", &[Edit::Flip(32, 64)]),
                ("tampered R", &[Edit::Flip(0, 32)]),
                ("s is n or above", &[Edit::AtLeastN(32)]),
            ],
        ),
        Draw::mutations(
            "signature_scalar_invalid",
            edit_msg,
            &[("wrong message", &[Edit::Flip(0, 32)])],
        ),
        Draw::new("signature_scalar_invalid", "wrong public key", |rng, _| {
            let s = Signed::draw(rng);
            let other = draw::keypair(rng).x_only_public_key().0.to_byte_array();
            s.scalar_case(&other, &s.msg, s.sig.as_byte_array())
        }),
        Draw::new("complete_invalid", "a random scalar", |rng, _| {
            let s = Signed::draw(rng);
            s.complete_case(&draw::scalar(rng))
        }),
        Draw::new(
            "complete_invalid",
            "the scalar of another signature",
            |rng, _| {
                let (s, other) = (Signed::draw(rng), Signed::draw(rng));
                let x = PaymentScalar::from_slice(&other.sig.as_byte_array()[32..]);
                s.complete_case(&x.unwrap_or_else(|_| draw::scalar(rng)))
            },
        ),
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

    fn scalar_case(&self, pubkey: &[u8], msg: &[u8], sig: &[u8]) -> Value {
        json!({"public_key": hex(pubkey), "message": hex(msg), "signature": hex(sig)})
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

/// A signature-point case with the signature's nonce edited.
fn edit_nonce(rng: &mut Rng, edits: &[Edit]) -> Value {
    let s = Signed::draw(rng);
    let nonce = draw::apply(&s.sig.as_byte_array()[..32], edits, rng);
    json!({"public_key": hex(&s.pubkey()), "message": hex(&s.msg), "nonce": hex(&nonce)})
}

/// A signature-scalar case with the signature edited.
fn edit_sig(rng: &mut Rng, edits: &[Edit]) -> Value {
    let s = Signed::draw(rng);
    let sig = draw::apply(s.sig.as_byte_array(), edits, rng);
    s.scalar_case(&s.pubkey(), &s.msg, &sig)
}

/// A signature-scalar case with the message edited.
fn edit_msg(rng: &mut Rng, edits: &[Edit]) -> Value {
    let s = Signed::draw(rng);
    let msg = draw::apply(&s.msg, edits, rng);
    s.scalar_case(&s.pubkey(), &msg, s.sig.as_byte_array())
}

/// `{error}` for a failure, `{}` (no error field) for a success.
fn error(e: Option<PayForSignatureError>) -> Value {
    crate::case::error_field(e.map(name))
}

fn valid(c: &Case<'_>) -> Outcome {
    let keypair = c.keypair("secret_key")?;
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
        c.xonly("public_key")?,
        c.array::<32>("message")?,
        c.array::<32>("nonce")?,
    );
    Ok(error(signature_point(&pk, &msg, &nonce).err()))
}

fn signature_scalar_invalid(c: &Case<'_>) -> Outcome {
    let (pk, msg) = (c.xonly("public_key")?, c.array::<32>("message")?);
    let sig = schnorr::Signature::from_byte_array(c.array::<64>("signature")?);
    Ok(error(signature_scalar(&sig, &pk, &msg).err()))
}

fn complete_invalid(c: &Case<'_>) -> Outcome {
    let (pk, msg, nonce) = (
        c.xonly("public_key")?,
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
