//! `schnorr_adaptor`: BIP-340 adaptor signatures
//! (test-vectors/schnorr_adaptor.json; SPEC.md "Schnorr adaptor signatures").

use ptlc::schnorr_adaptor::{self, PreSignature, SchnorrAdaptorError};
use ptlc::secp256k1::{schnorr, Keypair};
use ptlc::{PaymentPoint, PaymentScalar};
use serde_json::{json, Value};

use crate::case::{Case, Draw, Edit, Kind, Outcome, Rng, Scheme};
use crate::draw;
use crate::hex::encode as hex;
use crate::vector_fields::schnorr_adaptor_error as name;

/// The scheme.
pub const SCHEME: Scheme = Scheme {
    name: "schnorr_adaptor",
    described: true,
    kinds: &[
        Kind::new(
            "valid",
            &["secret_key", "aux_rand", "message", "adaptor_scalar"],
            valid,
        ),
        Kind::invalid(
            "verify_invalid",
            &["public_key", "message", "adaptor", "pre_signature"],
            verify_invalid,
        ),
        Kind::invalid(
            "adapt_invalid",
            &["public_key", "message", "pre_signature", "adaptor_scalar"],
            adapt_invalid,
        ),
        Kind::invalid(
            "extract_invalid",
            &["pre_signature", "signature", "adaptor"],
            extract_invalid,
        ),
    ],
    draws: &[
        Draw::new("valid", "random", |rng, _| Signed::draw(rng).inputs()),
        Draw::mutations(
            "verify_invalid",
            edit_pre,
            &[
                ("tampered s'", &[Edit::Flip(33, 65)]),
                ("tampered R' x", &[Edit::Flip(1, 33)]),
                ("R' parity flipped", &[Edit::Parity(0)]),
                ("R' prefix neither 02 nor 03", &[Edit::BadPrefix(0)]),
                ("R' x is not on the curve", &[Edit::OffCurveX(1)]),
                ("R' x is p or above", &[Edit::AtLeastP(1)]),
                ("s' is n or above", &[Edit::AtLeastN(33)]),
                (
                    "R' x not on the curve and s' >= n: R' is parsed first",
                    &[Edit::OffCurveX(1), Edit::AtLeastN(33)],
                ),
                ("not 65 bytes", &[Edit::Resize]),
            ],
        ),
        Draw::mutations(
            "verify_invalid",
            edit_adaptor,
            &[("adaptor point negated (-T)", &[Edit::Parity(0)])],
        ),
        Draw::new("verify_invalid", "wrong adaptor point", |rng, _| {
            let s = Signed::draw(rng);
            s.verify_case(
                &s.pubkey(),
                &s.msg,
                &draw::scalar(rng).point().to_bytes(),
                &s.pre.to_bytes(),
            )
        }),
        Draw::new("verify_invalid", "wrong public key", |rng, _| {
            let s = Signed::draw(rng);
            let other = draw::keypair(rng).x_only_public_key().0.to_byte_array();
            s.verify_case(&other, &s.msg, &s.adaptor(), &s.pre.to_bytes())
        }),
        Draw::mutations(
            "verify_invalid",
            edit_msg,
            &[("wrong message", &[Edit::Flip(0, 32)])],
        ),
        Draw::new(
            "adapt_invalid",
            "a scalar that does not open T",
            |rng, _| {
                let s = Signed::draw(rng);
                json!({
                    "public_key": hex(&s.pubkey()),
                    "message": hex(&s.msg),
                    "pre_signature": hex(&s.pre.to_bytes()),
                    "adaptor_scalar": hex(draw::scalar(rng).expose_secret()),
                })
            },
        ),
        Draw::new(
            "extract_invalid",
            "signature adapted from another pre-signature",
            |rng, _| {
                let (s, other) = (Signed::draw(rng), Signed::draw(rng));
                s.extract_case(&other.sig(), &s.adaptor())
            },
        ),
        Draw::new(
            "extract_invalid",
            "plain BIP-340 signature by the same key on the same message",
            |rng, _| {
                let s = Signed::draw(rng);
                let plain = schnorr::sign_with_aux_rand(&s.msg, &s.keypair, &s.aux);
                s.extract_case(plain.as_byte_array(), &s.adaptor())
            },
        ),
        Draw::mutations(
            "extract_invalid",
            edit_sig,
            &[
                ("same R, tampered s", &[Edit::Flip(32, 64)]),
                ("s is n or above", &[Edit::AtLeastN(32)]),
                ("a signature that is not 64 bytes", &[Edit::Resize]),
            ],
        ),
        Draw::new(
            "extract_invalid",
            "s = s': the difference is t = 0",
            |rng, _| {
                let s = Signed::draw(rng);
                let mut g = s.sig();
                g[32..].copy_from_slice(&s.pre.s().to_be_bytes());
                s.extract_case(&g, &s.adaptor())
            },
        ),
        Draw::new("extract_invalid", "wrong adaptor point", |rng, _| {
            let s = Signed::draw(rng);
            s.extract_case(&s.sig(), &draw::scalar(rng).point().to_bytes())
        }),
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

    /// The adapted signature.
    fn sig(&self) -> [u8; 64] {
        let pk = self.keypair.x_only_public_key().0;
        schnorr_adaptor::adapt(&self.pre, &self.t, &pk, &self.msg)
            .map(|g| *g.as_byte_array())
            .unwrap_or([0; 64])
    }

    fn inputs(&self) -> Value {
        json!({
            "secret_key": hex(&self.keypair.to_secret_bytes()),
            "aux_rand": hex(&self.aux),
            "message": hex(&self.msg),
            "adaptor_scalar": hex(self.t.expose_secret()),
        })
    }

    fn verify_case(&self, pubkey: &[u8], msg: &[u8], adaptor: &[u8], pre: &[u8]) -> Value {
        json!({"public_key": hex(pubkey), "message": hex(msg), "adaptor": hex(adaptor), "pre_signature": hex(pre)})
    }

    fn extract_case(&self, sig: &[u8], adaptor: &[u8]) -> Value {
        json!({"pre_signature": hex(&self.pre.to_bytes()), "signature": hex(sig), "adaptor": hex(adaptor)})
    }
}

/// A verify case with the pre-signature edited.
fn edit_pre(rng: &mut Rng, edits: &[Edit]) -> Value {
    let s = Signed::draw(rng);
    let pre = draw::apply(&s.pre.to_bytes(), edits, rng);
    s.verify_case(&s.pubkey(), &s.msg, &s.adaptor(), &pre)
}

/// A verify case with the adaptor point edited.
fn edit_adaptor(rng: &mut Rng, edits: &[Edit]) -> Value {
    let s = Signed::draw(rng);
    let t = draw::apply(&s.adaptor(), edits, rng);
    s.verify_case(&s.pubkey(), &s.msg, &t, &s.pre.to_bytes())
}

/// A verify case with the message edited.
fn edit_msg(rng: &mut Rng, edits: &[Edit]) -> Value {
    let s = Signed::draw(rng);
    let msg = draw::apply(&s.msg, edits, rng);
    s.verify_case(&s.pubkey(), &msg, &s.adaptor(), &s.pre.to_bytes())
}

/// An extract case with the adapted signature edited.
fn edit_sig(rng: &mut Rng, edits: &[Edit]) -> Value {
    let s = Signed::draw(rng);
    let sig = draw::apply(&s.sig(), edits, rng);
    s.extract_case(&sig, &s.adaptor())
}

/// `{error}` for a failure, `{}` (no error field) for a success.
fn error(e: Option<SchnorrAdaptorError>) -> Value {
    crate::case::error_field(e.map(name))
}

fn valid(c: &Case<'_>) -> Outcome {
    let keypair = c.keypair("secret_key")?;
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
    let pk = c.xonly("public_key")?;
    let msg = c.array::<32>("message")?;
    let adaptor = c.parse("adaptor", PaymentPoint::from_slice)?;
    let pre = c.bytes("pre_signature")?;
    let result = PreSignature::from_slice(&pre)
        .and_then(|p| schnorr_adaptor::verify(&p, &pk, &msg, &adaptor));
    Ok(error(result.err()))
}

fn adapt_invalid(c: &Case<'_>) -> Outcome {
    let pk = c.xonly("public_key")?;
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
