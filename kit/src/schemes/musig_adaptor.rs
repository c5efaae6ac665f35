//! `musig_adaptor`: MuSig2 (BIP-327) adaptor sessions, secp256k1-zkp's form
//! (test-vectors/musig_adaptor.json; SPEC.md "MuSig2 adaptor signatures").

use ptlc::musig::key_agg::{taproot_tweak_scalar, KeyAggContext, Tweak};
use ptlc::musig::nonces::{self, AggNonce, NonceGenInputs, PubNonce, SecNonce};
use ptlc::musig::session::{Session, ZkpPreSignature};
use ptlc::musig::signing::{self, PartialSignature};
use ptlc::musig::{Contribution, MusigError};
use ptlc::schnorr_adaptor::{self, PreSignature};
use ptlc::secp256k1::constants::CURVE_ORDER;
use ptlc::secp256k1::{Keypair, PublicKey};
use ptlc::{PaymentPoint, PaymentScalar};
use serde_json::{json, Value};

use crate::case::{Case, Draw, InputError, Kind, Outcome, Rng, Scheme};
use crate::draw;
use crate::hex::encode as hex;
use crate::vector_fields::{musig_error, schnorr_adaptor_error};

/// The scheme.
pub const SCHEME: Scheme = Scheme {
    name: "musig_adaptor",
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
            ],
            valid,
        ),
        Kind::invalid(
            "invalid",
            &[
                "public_keys",
                "tweaks",
                "message",
                "adaptor",
                "pubnonces",
                "signer_index",
                "partial_signature",
                "aggnonce",
                "partial_signatures",
                "aggregate_key",
                "pre_signature",
            ],
            invalid,
        ),
    ],
    draws: &[
        Draw::new("valid", "random session, no tweak", |rng, _| {
            Signed::draw(rng, TweakPlan::None).inputs()
        }),
        Draw::new("valid", "random session, plain tweak", |rng, _| {
            Signed::draw(rng, TweakPlan::Plain).inputs()
        }),
        Draw::new("valid", "random session, x-only tweak", |rng, _| {
            Signed::draw(rng, TweakPlan::XOnly).inputs()
        }),
        Draw::new(
            "valid",
            "random session, plain tweak then BIP-341 Taproot tweak",
            |rng, _| Signed::draw(rng, TweakPlan::Taproot).inputs(),
        ),
        Draw::new(
            "invalid",
            "partial signature with one bit flipped",
            |rng, _| {
                let s = Signed::draw_any(rng);
                let j = rng.below(s.n());
                let mut psig = s.psigs.get(j).copied().unwrap_or_default();
                draw::flip_bit(&mut psig, 0..32, rng);
                s.verify_case(j, &psig, Some(&s.t.point()))
            },
        ),
        Draw::new(
            "invalid",
            "signer ignored the adaptor point: its partial signature is for the plain session",
            |rng, _| {
                let s = Signed::draw_any(rng);
                let j = rng.below(s.n());
                s.verify_case(j, &s.resign(j, None), Some(&s.t.point()))
            },
        ),
        Draw::new(
            "invalid",
            "verifier ignored the adaptor point: an adaptor-session partial signature checked in the plain session",
            |rng, _| {
                let s = Signed::draw_any(rng);
                let j = rng.below(s.n());
                let psig = s.psigs.get(j).copied().unwrap_or_default();
                s.verify_case(j, &psig, None)
            },
        ),
        Draw::new("invalid", "signer signed for -T", |rng, _| {
            let s = Signed::draw_any(rng);
            let j = rng.below(s.n());
            s.verify_case(j, &s.resign(j, Some(&s.minus_t())), Some(&s.t.point()))
        }),
        Draw::new(
            "invalid",
            "a partial signature is n or above",
            |rng, _| {
                let s = Signed::draw_any(rng);
                let mut psigs = s.psigs.clone();
                let j = rng.below(s.n());
                if let Some(p) = psigs.get_mut(j) {
                    *p = if rng.below(2) == 0 {
                        CURVE_ORDER
                    } else {
                        draw::at_least_n(rng)
                    };
                }
                json!({
                    "public_keys": s.pks_hex(),
                    "tweaks": tweaks_json(&s.tweaks),
                    "message": hex(&s.msg),
                    "adaptor": hex(&s.t.point().to_bytes()),
                    "aggnonce": hex(&s.aggnonce().to_bytes()),
                    "partial_signatures": hexes(&psigs),
                })
            },
        ),
        Draw::new("invalid", "pre-signature checked against -T", |rng, _| {
            let s = Signed::draw_any(rng);
            s.pre_case(&s.pre, &s.minus_t())
        }),
        Draw::new(
            "invalid",
            "pre-signature checked against another adaptor point",
            |rng, _| {
                let s = Signed::draw_any(rng);
                s.pre_case(&s.pre, &draw::scalar(rng).point())
            },
        ),
        Draw::new(
            "invalid",
            "zkp pre_sig with the nonce parity bit flipped",
            |rng, _| {
                let s = Signed::draw_any(rng);
                let zkp = ZkpPreSignature::from_pre_signature(&s.pre);
                let flipped = ZkpPreSignature {
                    nonce_parity: !zkp.nonce_parity,
                    ..zkp
                }
                .to_pre_signature()
                .unwrap_or(s.pre);
                s.pre_case(&flipped, &s.t.point())
            },
        ),
    ],
};

/// Which tweaks a drawn session applies.
#[derive(Clone, Copy)]
pub enum TweakPlan {
    None,
    Plain,
    XOnly,
    /// A plain tweak, then the BIP-341 Taproot tweak (with or without a
    /// script tree).
    Taproot,
}

fn key_agg(pks: &[PublicKey], tweaks: &[Tweak]) -> Result<KeyAggContext, MusigError> {
    let bytes: Vec<[u8; 33]> = pks.iter().map(PublicKey::serialize).collect();
    KeyAggContext::new(&bytes)?.apply_tweaks(tweaks)
}

/// A random valid adaptor session (2 to 4 signers) and what made it.
struct Signed {
    sks: Vec<[u8; 32]>,
    pks: Vec<PublicKey>,
    ctx: KeyAggContext,
    tweaks: Vec<Tweak>,
    msg: [u8; 32],
    t: PaymentScalar,
    rands: Vec<[u8; 32]>,
    secnonces: Vec<[u8; 97]>,
    pubnonces: Vec<PubNonce>,
    psigs: Vec<[u8; 32]>,
    pre: PreSignature,
}

impl Signed {
    fn draw_any(rng: &mut Rng) -> Self {
        let plan = [
            TweakPlan::None,
            TweakPlan::Plain,
            TweakPlan::XOnly,
            TweakPlan::Taproot,
        ];
        let plan = plan.get(rng.below(plan.len())).copied();
        Self::draw(rng, plan.unwrap_or(TweakPlan::None))
    }

    fn draw(rng: &mut Rng, plan: TweakPlan) -> Self {
        loop {
            let n = rng.below(3).saturating_add(2);
            let sks: Vec<[u8; 32]> = (0..n).map(|_| draw::secret(rng)).collect();
            let tweaks = draw_tweaks(rng, plan, &sks);
            let (msg, t) = (rng.bytes(), draw::scalar(rng));
            let rands: Vec<[u8; 32]> = (0..n).map(|_| rng.bytes()).collect();
            if let Ok(s) = Self::run(sks, tweaks, msg, t, rands) {
                return s;
            }
        }
    }

    /// The session of these inputs: key aggregation, nonces, partial
    /// signatures and their aggregate pre-signature.
    fn run(
        sks: Vec<[u8; 32]>,
        tweaks: Vec<Tweak>,
        msg: [u8; 32],
        t: PaymentScalar,
        rands: Vec<[u8; 32]>,
    ) -> Result<Self, MusigError> {
        let keypairs = sks
            .iter()
            .map(|s| Keypair::from_secret_bytes(*s).map_err(|_| MusigError::Degenerate))
            .collect::<Result<Vec<_>, _>>()?;
        let pks: Vec<PublicKey> = keypairs.iter().map(Keypair::public_key).collect();
        let ctx = key_agg(&pks, &tweaks)?;
        let aggpk = ctx.x_only_public_key().to_byte_array();
        let (mut secnonces, mut pubnonces, mut secs) = (Vec::new(), Vec::new(), Vec::new());
        for ((kp, pk), rand) in keypairs.iter().zip(&pks).zip(&rands) {
            let sk = kp.secret_key();
            let inputs = NonceGenInputs {
                secret_key: Some(&sk),
                aggregate_key: Some(&aggpk),
                message: Some(&msg),
                extra_input: None,
            };
            let (sec, pubnonce) = nonces::nonce_gen_with_rand(rand, pk, inputs)?;
            // The file publishes the secret nonces so that signing can be checked.
            let bytes = *sec.dangerous_into_bytes();
            secs.push(SecNonce::dangerous_from_bytes(&bytes)?);
            secnonces.push(bytes);
            pubnonces.push(pubnonce);
        }
        let session = Session::new(&ctx, &AggNonce::sum(&pubnonces), &msg, Some(&t.point()))?;
        let psigs = secs
            .into_iter()
            .zip(&keypairs)
            .map(|(sec, kp)| signing::sign(sec, kp, &session).map(|p| p.to_bytes()))
            .collect::<Result<Vec<_>, _>>()?;
        let pre = signing::partial_sig_agg_adaptor(&session, &psigs)?;
        Ok(Signed {
            sks,
            pks,
            ctx,
            tweaks,
            msg,
            t,
            rands,
            secnonces,
            pubnonces,
            psigs,
            pre,
        })
    }

    fn n(&self) -> usize {
        self.sks.len()
    }

    fn minus_t(&self) -> PaymentPoint {
        PaymentPoint::from_public_key(self.t.point().as_public_key().negate())
    }

    fn aggnonce(&self) -> AggNonce {
        AggNonce::sum(&self.pubnonces)
    }

    fn pks_hex(&self) -> Vec<String> {
        self.pks.iter().map(|p| hex(&p.serialize())).collect()
    }

    fn pubnonces_hex(&self) -> Vec<String> {
        self.pubnonces.iter().map(|p| hex(&p.to_bytes())).collect()
    }

    fn inputs(&self) -> Value {
        json!({
            "secret_keys": hexes(&self.sks),
            "tweaks": tweaks_json(&self.tweaks),
            "message": hex(&self.msg),
            "adaptor_secret": hex(self.t.expose_secret()),
            "nonce_rands": hexes(&self.rands),
        })
    }

    /// Signer `j`'s partial signature in the session with `adaptor`.
    fn resign(&self, j: usize, adaptor: Option<&PaymentPoint>) -> [u8; 32] {
        let signed = (|| {
            let session = Session::new(&self.ctx, &self.aggnonce(), &self.msg, adaptor)?;
            let sec = self.secnonces.get(j).ok_or(MusigError::EmptyList)?;
            let sk = self.sks.get(j).ok_or(MusigError::EmptyList)?;
            let kp = Keypair::from_secret_bytes(*sk).map_err(|_| MusigError::Degenerate)?;
            signing::sign(SecNonce::dangerous_from_bytes(sec)?, &kp, &session)
        })();
        signed.map(|p| p.to_bytes()).unwrap_or_default()
    }

    fn verify_case(&self, j: usize, psig: &[u8; 32], adaptor: Option<&PaymentPoint>) -> Value {
        json!({
            "public_keys": self.pks_hex(),
            "tweaks": tweaks_json(&self.tweaks),
            "message": hex(&self.msg),
            "adaptor": adaptor.map(|t| hex(&t.to_bytes())),
            "pubnonces": self.pubnonces_hex(),
            "signer_index": j,
            "partial_signature": hex(psig),
        })
    }

    fn pre_case(&self, pre: &PreSignature, adaptor: &PaymentPoint) -> Value {
        json!({
            "aggregate_key": hex(&self.ctx.x_only_public_key().to_byte_array()),
            "message": hex(&self.msg),
            "adaptor": hex(&adaptor.to_bytes()),
            "pre_signature": hex(&pre.to_bytes()),
        })
    }
}

/// The tweaks of `plan` for the keys of `sks` (the Taproot tweak commits to
/// the key it tweaks, so it is computed from the plainly tweaked key).
pub fn draw_tweaks(rng: &mut Rng, plan: TweakPlan, sks: &[[u8; 32]]) -> Vec<Tweak> {
    match plan {
        TweakPlan::None => Vec::new(),
        TweakPlan::Plain => vec![Tweak::Plain(draw::secret(rng))],
        TweakPlan::XOnly => vec![Tweak::XOnly(draw::secret(rng))],
        TweakPlan::Taproot => {
            let plain = Tweak::Plain(draw::secret(rng));
            let merkle_root: Option<[u8; 32]> = (rng.below(2) == 0).then(|| rng.bytes());
            let pks: Vec<PublicKey> = sks
                .iter()
                .filter_map(|s| Keypair::from_secret_bytes(*s).ok())
                .map(|k| k.public_key())
                .collect();
            let tap = key_agg(&pks, &[plain]).and_then(|ctx| {
                taproot_tweak_scalar(&ctx.x_only_public_key(), merkle_root.as_ref())
            });
            match tap {
                Ok(tap) => vec![plain, Tweak::XOnly(tap.to_be_bytes())],
                Err(_) => vec![plain],
            }
        }
    }
}

pub fn hexes<T: AsRef<[u8]>>(items: &[T]) -> Vec<String> {
    items.iter().map(|x| hex(x.as_ref())).collect()
}

pub fn tweaks_json(tweaks: &[Tweak]) -> Value {
    tweaks
        .iter()
        .map(|t| json!({"tweak": hex(t.bytes()), "is_xonly": t.is_xonly()}))
        .collect()
}

pub fn bad(field: &str, why: impl core::fmt::Display) -> InputError {
    InputError {
        field: field.to_owned(),
        why: why.to_string(),
    }
}

/// The `tweaks` field: a list of `{tweak, is_xonly}`.
pub fn read_tweaks(c: &Case<'_>) -> Result<Vec<Tweak>, InputError> {
    let list = c
        .value("tweaks")?
        .as_array()
        .ok_or_else(|| bad("tweaks", "not a list"))?;
    list.iter()
        .enumerate()
        .map(|(i, t)| {
            let bytes = t
                .get("tweak")
                .and_then(Value::as_str)
                .ok_or_else(|| bad("tweaks", format!("[{i}].tweak is not a string")))
                .and_then(|s| crate::hex::decode(s).map_err(|e| bad("tweaks", e)))?;
            let bytes: [u8; 32] = bytes
                .try_into()
                .map_err(|_| bad("tweaks", format!("[{i}].tweak is not 32 bytes")))?;
            match t.get("is_xonly").and_then(Value::as_bool) {
                Some(true) => Ok(Tweak::XOnly(bytes)),
                Some(false) => Ok(Tweak::Plain(bytes)),
                None => Err(bad("tweaks", format!("[{i}].is_xonly is not a boolean"))),
            }
        })
        .collect()
}

pub fn array_list<const N: usize>(c: &Case<'_>, field: &str) -> Result<Vec<[u8; N]>, InputError> {
    c.parse_list(field, |b: &[u8]| <[u8; N]>::try_from(b))
}

pub fn public_keys(c: &Case<'_>) -> Result<Vec<PublicKey>, InputError> {
    c.parse_list("public_keys", PublicKey::from_slice)
}

/// The key aggregation context of the case's public keys and tweaks.
fn key_ctx(c: &Case<'_>, pks: &[PublicKey]) -> Result<KeyAggContext, InputError> {
    key_agg(pks, &read_tweaks(c)?).map_err(|e| bad("public_keys", e))
}

/// The `adaptor` field, which may be `null` (a plain session).
pub fn optional_adaptor(c: &Case<'_>) -> Result<Option<PaymentPoint>, InputError> {
    if c.value("adaptor")?.is_null() {
        return Ok(None);
    }
    c.parse("adaptor", PaymentPoint::from_slice).map(Some)
}

fn error(e: Option<MusigError>) -> Outcome {
    match e {
        None => Ok(crate::case::error_field(None)),
        Some(e) => musig_error(e)
            .map(|v| json!({ "error": v }))
            .ok_or_else(|| bad("-", format!("BIP-327 ValueError: {e}"))),
    }
}

fn valid(c: &Case<'_>) -> Outcome {
    let sks = array_list::<32>(c, "secret_keys")?;
    let rands = array_list::<32>(c, "nonce_rands")?;
    if rands.len() != sks.len() {
        return Err(bad("nonce_rands", "not one per secret key"));
    }
    let msg = c.array::<32>("message")?;
    let t = c.parse("adaptor_secret", PaymentScalar::from_slice)?;
    let s = Signed::run(sks, read_tweaks(c)?, msg, t, rands).map_err(|e| bad("-", e))?;
    let ctx = &s.ctx;
    let session =
        Session::new(ctx, &s.aggnonce(), &s.msg, Some(&s.t.point())).map_err(|e| bad("-", e))?;
    let key = ctx.x_only_public_key();
    let sig = schnorr_adaptor::adapt(&s.pre, &s.t, &key, &s.msg)
        .map_err(|e| bad("-", schnorr_adaptor_error(e)))?;
    Ok(json!({
        "public_keys": s.pks_hex(),
        "aggregate_key": hex(&key.to_byte_array()),
        "adaptor": hex(&s.t.point().to_bytes()),
        "secnonces": hexes(&s.secnonces),
        "pubnonces": s.pubnonces_hex(),
        "aggnonce": hex(&s.aggnonce().to_bytes()),
        "nonce_coefficient": hex(&session.nonce_coefficient().to_be_bytes()),
        "final_nonce": hex(&session.final_nonce().serialize()),
        "nonce_parity": session.nonce_parity(),
        "partial_signatures": hexes(&s.psigs),
        "pre_signature": hex(&s.pre.to_bytes()),
        "zkp_pre_sig": hex(&ZkpPreSignature::from_pre_signature(&s.pre).pre_sig),
        "signature": hex(sig.as_byte_array()),
    }))
}

/// The three kinds of invalid case, told apart by their fields as in
/// ref_musig.py: one partial signature checked, partial signatures
/// aggregated, a pre-signature checked.
fn invalid(c: &Case<'_>) -> Outcome {
    if c.value("partial_signature").is_ok() {
        verify_invalid(c)
    } else if c.value("partial_signatures").is_ok() {
        agg_invalid(c)
    } else {
        pre_invalid(c)
    }
}

fn verify_invalid(c: &Case<'_>) -> Outcome {
    let pks = public_keys(c)?;
    let ctx = key_ctx(c, &pks)?;
    let pubnonces = c.parse_list("pubnonces", |b| {
        <[u8; 66]>::try_from(b)
            .map_err(|_| MusigError::InvalidLength)
            .and_then(|b| PubNonce::from_bytes(&b))
    })?;
    let j = c
        .value("signer_index")?
        .as_u64()
        .and_then(|j| usize::try_from(j).ok())
        .ok_or_else(|| bad("signer_index", "not an index"))?;
    let (pk, pubnonce) = pks
        .get(j)
        .zip(pubnonces.get(j))
        .ok_or_else(|| bad("signer_index", "no such signer"))?;
    let session = Session::new(
        &ctx,
        &AggNonce::sum(&pubnonces),
        &c.array::<32>("message")?,
        optional_adaptor(c)?.as_ref(),
    )
    .map_err(|e| bad("-", e))?;
    // A partial signature of n or above is signer j's bad contribution
    // (BIP-327's PartialSigVerify fails on it), as a wrong one is.
    let blame_j = MusigError::InvalidContribution {
        signer: Some(j),
        contribution: Contribution::PartialSignature,
    };
    let result = PartialSignature::from_bytes(&c.array::<32>("partial_signature")?)
        .map_err(|_| blame_j)
        .and_then(|p| signing::partial_sig_verify(&session, &p, pubnonce, pk, j));
    error(result.err())
}

fn agg_invalid(c: &Case<'_>) -> Outcome {
    let pks = public_keys(c)?;
    let ctx = key_ctx(c, &pks)?;
    let aggnonce =
        AggNonce::from_bytes(&c.array::<66>("aggnonce")?).map_err(|e| bad("aggnonce", e))?;
    let adaptor = c.parse("adaptor", PaymentPoint::from_slice)?;
    let session = Session::new(&ctx, &aggnonce, &c.array::<32>("message")?, Some(&adaptor))
        .map_err(|e| bad("-", e))?;
    let psigs = array_list::<32>(c, "partial_signatures")?;
    error(signing::partial_sig_agg_adaptor(&session, &psigs).err())
}

fn pre_invalid(c: &Case<'_>) -> Outcome {
    let key = c.xonly("aggregate_key")?;
    let msg = c.array::<32>("message")?;
    let adaptor = c.parse("adaptor", PaymentPoint::from_slice)?;
    let result = PreSignature::from_slice(&c.bytes("pre_signature")?)
        .and_then(|p| schnorr_adaptor::verify(&p, &key, &msg, &adaptor));
    Ok(crate::case::error_field(
        result.err().map(schnorr_adaptor_error),
    ))
}
