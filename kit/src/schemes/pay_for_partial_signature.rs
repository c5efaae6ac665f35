//! `pay_for_partial_signature`: the partial-signature point of a MuSig2
//! (BIP-327) signer, the seller's check and the buyer's completion
//! (test-vectors/pay_for_partial_signature.json; SPEC.md
//! "Pay-for-partial-signature"). A valid case's outputs come from the helper
//! the vector test uses (`vector_fields::pay_for_partial_signature_outputs`).

use ptlc::musig::key_agg::Tweak;
use ptlc::musig::nonces::{nonce_gen_with_rand, PubNonce};
use ptlc::musig::signing::PartialSignature;
use ptlc::musig::MusigError;
use ptlc::secp256k1::constants::CURVE_ORDER;
use ptlc::secp256k1::{PublicKey, SecretKey};
use ptlc::{PaymentPoint, PaymentScalar};
use serde_json::{json, Value};

use super::musig_adaptor::{
    array_list, bad, draw_tweaks, hexes, optional_adaptor, public_keys, read_tweaks, tweaks_json,
    TweakPlan,
};
use crate::case::{error_field, Case, Draw, InputError, Kind, Outcome, Rng, Scheme};
use crate::draw;
use crate::hex::encode as hex;
use crate::vector_fields::{pay_for_partial_signature_outputs, PfpsInputs, PfpsSession};

/// The scheme.
pub const SCHEME: Scheme = Scheme {
    name: "pay_for_partial_signature",
    described: true,
    kinds: &[
        Kind::new(
            "valid",
            &[
                "secret_keys",
                "tweaks",
                "message",
                "adaptor_secret",
                "nonce_rands",
                "signer_index",
            ],
            valid,
        ),
        Kind::invalid(
            "partial_signature_invalid",
            &[
                "public_keys",
                "tweaks",
                "pubnonces",
                "message",
                "adaptor",
                "signer_index",
                "partial_signature",
            ],
            partial_signature_invalid,
        ),
        Kind::invalid(
            "complete_invalid",
            &[
                "public_keys",
                "tweaks",
                "pubnonces",
                "message",
                "adaptor",
                "signer_index",
                "own_partial_signatures",
                "scalar",
            ],
            complete_invalid,
        ),
    ],
    draws: &[
        Draw::new("valid", "random session, no tweak", |rng, _| {
            Sold::draw(rng, TweakPlan::None, rng_bool).inputs()
        }),
        Draw::new("valid", "random session, x-only tweak", |rng, _| {
            Sold::draw(rng, TweakPlan::XOnly, rng_bool).inputs()
        }),
        Draw::new("valid", "random session, plain tweak", |rng, _| {
            Sold::draw(rng, TweakPlan::Plain, rng_bool).inputs()
        }),
        Draw::new(
            "valid",
            "random session, plain tweak then BIP-341 Taproot tweak",
            |rng, _| Sold::draw(rng, TweakPlan::Taproot, rng_bool).inputs(),
        ),
        Draw::new(
            "partial_signature_invalid",
            "wrong signer index: another signer's partial signature",
            |rng, _| {
                let s = Sold::draw_any(rng);
                let other = s.other_signer(rng);
                s.scalar_case(&s.nonces, s.psig(other))
            },
        ),
        Draw::new(
            "partial_signature_invalid",
            "wrong nonce: the signer's public nonce from another session",
            |rng, _| {
                let s = Sold::draw_any(rng);
                let mut nonces = s.nonces.clone();
                if let (Some(n), Some(pk)) = (nonces.get_mut(s.signer), s.pks.get(s.signer)) {
                    *n = random_nonce(rng, pk);
                }
                s.scalar_case(&nonces, s.psig(s.signer))
            },
        ),
        Draw::new(
            "partial_signature_invalid",
            "wrong parity case: n - s (opens -point)",
            |rng, _| {
                let s = Sold::draw_any(rng);
                s.scalar_case(&s.nonces, negate(&s.psig(s.signer)))
            },
        ),
        Draw::new(
            "partial_signature_invalid",
            "partial signature with one bit flipped",
            |rng, _| {
                let s = Sold::draw_any(rng);
                let mut psig = s.psig(s.signer);
                draw::flip_bit(&mut psig, 0..32, rng);
                s.scalar_case(&s.nonces, psig)
            },
        ),
        Draw::new(
            "partial_signature_invalid",
            "signed another message with the same nonce",
            |rng, _| {
                let s = Sold::draw_any(rng);
                let psig = s.resign(Some(rng.bytes()), s.adaptor_secret.as_ref());
                s.scalar_case(&s.nonces, psig)
            },
        ),
        Draw::new(
            "partial_signature_invalid",
            "adaptor session, the signer ignored the adaptor point",
            |rng, _| {
                let s = Sold::draw(rng, TweakPlan::Taproot, |_| true);
                s.scalar_case(&s.nonces, s.resign(None, None))
            },
        ),
        Draw::new(
            "partial_signature_invalid",
            "partial signature 0, n or above: degenerate",
            |rng, _| {
                let s = Sold::draw_any(rng);
                let psig = match rng.below(3) {
                    0 => [0; 32],
                    1 => CURVE_ORDER,
                    _ => draw::at_least_n(rng),
                };
                s.scalar_case(&s.nonces, psig)
            },
        ),
        Draw::new(
            "complete_invalid",
            "scalar does not open the point: the negated partial signature",
            |rng, _| {
                let s = Sold::draw_any(rng);
                s.complete_case(&negate(&s.psig(s.signer)), &s.own())
            },
        ),
        Draw::new(
            "complete_invalid",
            "scalar does not open the point: a buyer's own partial signature",
            |rng, _| {
                let s = Sold::draw_any(rng);
                let other = s.other_signer(rng);
                s.complete_case(&s.psig(other), &s.own())
            },
        ),
        Draw::new(
            "complete_invalid",
            "scalar does not open the point: an unrelated scalar",
            |rng, _| {
                let s = Sold::draw_any(rng);
                s.complete_case(&draw::secret(rng), &s.own())
            },
        ),
        Draw::new(
            "complete_invalid",
            "the right scalar, a buyer's own partial signature tampered: invalid signature",
            |rng, _| {
                let s = Sold::draw_any(rng);
                let mut own = s.own();
                let j = rng.below(own.len());
                if let Some(p) = own.get_mut(j) {
                    draw::flip_bit(p, 0..32, rng);
                }
                s.complete_case(&s.psig(s.signer), &own)
            },
        ),
    ],
};

fn rng_bool(rng: &mut Rng) -> bool {
    rng.below(2) == 0
}

/// A random session (2-of-2 or 3-of-3, with or without an adaptor) whose
/// signer `signer`'s partial signature is for sale, with every output.
struct Sold {
    sks: Vec<[u8; 32]>,
    tweaks: Vec<Tweak>,
    msg: [u8; 32],
    adaptor_secret: Option<PaymentScalar>,
    rands: Vec<[u8; 32]>,
    signer: usize,
    pks: Vec<PublicKey>,
    nonces: Vec<PubNonce>,
    psigs: Vec<[u8; 32]>,
}

impl Sold {
    fn draw_any(rng: &mut Rng) -> Self {
        let plans = [
            TweakPlan::None,
            TweakPlan::Plain,
            TweakPlan::XOnly,
            TweakPlan::Taproot,
        ];
        let plan = plans.get(rng.below(plans.len())).copied();
        Self::draw(rng, plan.unwrap_or(TweakPlan::None), rng_bool)
    }

    fn draw(rng: &mut Rng, plan: TweakPlan, adaptor: fn(&mut Rng) -> bool) -> Self {
        loop {
            let n = rng.below(2).saturating_add(2);
            let sks: Vec<[u8; 32]> = (0..n).map(|_| draw::secret(rng)).collect();
            let tweaks = draw_tweaks(rng, plan, &sks);
            let msg = rng.bytes();
            let adaptor_secret = adaptor(rng).then(|| draw::scalar(rng));
            let rands: Vec<[u8; 32]> = (0..n).map(|_| rng.bytes()).collect();
            let signer = rng.below(n);
            if let Some(s) = Self::run(sks, tweaks, msg, adaptor_secret, rands, signer) {
                return s;
            }
        }
    }

    /// The outputs of these inputs (`None` in a degenerate session).
    fn run(
        sks: Vec<[u8; 32]>,
        tweaks: Vec<Tweak>,
        msg: [u8; 32],
        adaptor_secret: Option<PaymentScalar>,
        rands: Vec<[u8; 32]>,
        signer: usize,
    ) -> Option<Self> {
        let out = outputs(&sks, &tweaks, msg, adaptor_secret.as_ref(), &rands, signer).ok()?;
        let list = |key: &str| -> Option<Vec<Vec<u8>>> {
            out.get(key)?
                .as_array()?
                .iter()
                .map(|v| crate::hex::decode(v.as_str()?).ok())
                .collect()
        };
        let pks = list("public_keys")?
            .iter()
            .map(|b| PublicKey::from_slice(b).ok())
            .collect::<Option<Vec<_>>>()?;
        let nonces = list("pubnonces")?
            .iter()
            .map(|b| PubNonce::from_bytes(&<[u8; 66]>::try_from(b.as_slice()).ok()?).ok())
            .collect::<Option<Vec<_>>>()?;
        let psigs = list("partial_signatures")?
            .iter()
            .map(|b| <[u8; 32]>::try_from(b.as_slice()).ok())
            .collect::<Option<Vec<_>>>()?;
        Some(Sold {
            sks,
            tweaks,
            msg,
            adaptor_secret,
            rands,
            signer,
            pks,
            nonces,
            psigs,
        })
    }

    fn inputs(&self) -> Value {
        let mut v = json!({
            "secret_keys": hexes(&self.sks),
            "tweaks": tweaks_json(&self.tweaks),
            "message": hex(&self.msg),
            "nonce_rands": hexes(&self.rands),
            "signer_index": self.signer,
        });
        if let (Some(t), Some(o)) = (&self.adaptor_secret, v.as_object_mut()) {
            o.insert("adaptor_secret".to_owned(), json!(hex(t.expose_secret())));
        }
        v
    }

    fn psig(&self, j: usize) -> [u8; 32] {
        self.psigs.get(j).copied().unwrap_or_default()
    }

    /// Any signer but the one whose partial signature is sold.
    fn other_signer(&self, rng: &mut Rng) -> usize {
        let n = self.sks.len();
        self.signer
            .saturating_add(rng.below(n.saturating_sub(1)))
            .saturating_add(1)
            .checked_rem(n)
            .unwrap_or(0)
    }

    /// The buyer's own partial signatures: everyone's but the seller's.
    fn own(&self) -> Vec<[u8; 32]> {
        (0..self.psigs.len())
            .filter(|j| *j != self.signer)
            .map(|j| self.psig(j))
            .collect()
    }

    /// Signer `signer`'s partial signature, with the same nonce, on `msg`
    /// (or the same message) in the session with `adaptor_secret`'s point.
    fn resign(&self, msg: Option<[u8; 32]>, adaptor_secret: Option<&PaymentScalar>) -> [u8; 32] {
        let psigs = outputs(
            &self.sks,
            &self.tweaks,
            msg.unwrap_or(self.msg),
            adaptor_secret,
            &self.rands,
            self.signer,
        );
        psigs
            .ok()
            .and_then(|o| {
                o.get("partial_signatures")?
                    .get(self.signer)?
                    .as_str()
                    .map(str::to_owned)
            })
            .and_then(|s| crate::hex::decode(&s).ok())
            .and_then(|b| <[u8; 32]>::try_from(b.as_slice()).ok())
            .unwrap_or_default()
    }

    fn session(&self, nonces: &[PubNonce]) -> Value {
        json!({
            "public_keys": self.pks.iter().map(|p| hex(&p.serialize())).collect::<Vec<_>>(),
            "tweaks": tweaks_json(&self.tweaks),
            "pubnonces": nonces.iter().map(|p| hex(&p.to_bytes())).collect::<Vec<_>>(),
            "message": hex(&self.msg),
            "adaptor": self.adaptor_secret.as_ref().map(|t| hex(&t.point().to_bytes())),
            "signer_index": self.signer,
        })
    }

    fn scalar_case(&self, nonces: &[PubNonce], psig: [u8; 32]) -> Value {
        let mut v = self.session(nonces);
        if let Some(o) = v.as_object_mut() {
            o.insert("partial_signature".to_owned(), json!(hex(&psig)));
        }
        v
    }

    fn complete_case(&self, scalar: &[u8; 32], own: &[[u8; 32]]) -> Value {
        let mut v = self.session(&self.nonces);
        if let Some(o) = v.as_object_mut() {
            o.insert("own_partial_signatures".to_owned(), json!(hexes(own)));
            o.insert("scalar".to_owned(), json!(hex(scalar)));
        }
        v
    }
}

fn outputs(
    sks: &[[u8; 32]],
    tweaks: &[Tweak],
    message: [u8; 32],
    adaptor_secret: Option<&PaymentScalar>,
    rands: &[[u8; 32]],
    signer: usize,
) -> Result<Value, ptlc::pay_for_partial_signature::PayForPartialSignatureError> {
    pay_for_partial_signature_outputs(&PfpsInputs {
        secret_keys: sks,
        tweaks,
        message,
        adaptor_secret,
        nonce_rands: rands,
        signer_index: signer,
    })
}

/// A public nonce of `pk` from random NonceGen randomness.
fn random_nonce(rng: &mut Rng, pk: &PublicKey) -> PubNonce {
    loop {
        if let Ok((_, n)) = nonce_gen_with_rand(&rng.bytes(), pk, Default::default()) {
            return n;
        }
    }
}

/// `n - s` (0 stays 0).
fn negate(s: &[u8; 32]) -> [u8; 32] {
    SecretKey::from_secret_bytes(*s)
        .map(|k| k.negate().to_secret_bytes())
        .unwrap_or(*s)
}

fn signer_index(c: &Case<'_>) -> Result<usize, InputError> {
    c.value("signer_index")?
        .as_u64()
        .and_then(|j| usize::try_from(j).ok())
        .ok_or_else(|| bad("signer_index", "not an index"))
}

fn valid(c: &Case<'_>) -> Outcome {
    let sks = array_list::<32>(c, "secret_keys")?;
    let rands = array_list::<32>(c, "nonce_rands")?;
    let adaptor_secret = match c.value("adaptor_secret") {
        Err(_) | Ok(Value::Null) => None,
        Ok(_) => Some(c.parse("adaptor_secret", PaymentScalar::from_slice)?),
    };
    let out = outputs(
        &sks,
        &read_tweaks(c)?,
        c.array::<32>("message")?,
        adaptor_secret.as_ref(),
        &rands,
        signer_index(c)?,
    );
    out.map_err(|e| bad("-", e))
}

/// The invalid kinds' session fields, read; `f` gets the helper's session.
fn with_session(c: &Case<'_>, f: impl FnOnce(&PfpsSession<'_>) -> Outcome) -> Outcome {
    let pks = public_keys(c)?;
    let tweaks = read_tweaks(c)?;
    let nonces = c.parse_list("pubnonces", |b| {
        <[u8; 66]>::try_from(b)
            .map_err(|_| MusigError::InvalidLength)
            .and_then(|b| PubNonce::from_bytes(&b))
    })?;
    let adaptor: Option<PaymentPoint> = optional_adaptor(c)?;
    f(&PfpsSession {
        public_keys: &pks,
        tweaks: &tweaks,
        pubnonces: &nonces,
        message: c.array::<32>("message")?,
        adaptor: adaptor.as_ref(),
        signer_index: signer_index(c)?,
    })
}

fn partial_signature_invalid(c: &Case<'_>) -> Outcome {
    let psig = c.array::<32>("partial_signature")?;
    with_session(c, |s| {
        // SPEC.md, Partial-signature scalar, step 1: degenerate unless
        // 0 < s_i < n (a value of n or above is no partial signature at all).
        let error = match PartialSignature::from_bytes(&psig) {
            Ok(p) => s.scalar_error(&p),
            Err(_) => Some("degenerate"),
        };
        Ok(error_field(error))
    })
}

fn complete_invalid(c: &Case<'_>) -> Outcome {
    let scalar = c.parse("scalar", PaymentScalar::from_slice)?;
    let own = c.parse_list("own_partial_signatures", |b| {
        <[u8; 32]>::try_from(b)
            .map_err(|_| MusigError::InvalidLength)
            .and_then(|b| PartialSignature::from_bytes(&b))
    })?;
    with_session(c, |s| Ok(error_field(s.complete_error(&scalar, &own))))
}
