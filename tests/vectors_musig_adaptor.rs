//! Writes / checks test-vectors/musig_adaptor.json (SPEC.md, "MuSig2 adaptor
//! signatures"): 2-of-2 and 3-of-3 adaptor sessions with and without tweaks,
//! each with an even and an odd final nonce, and invalid cases. Checked here
//! and by test-vectors/ref_musig.py.

mod common;

use common::{check_or_regenerate, det_bytes, hex};
use ptlc::musig::key_agg::{taproot_tweak_scalar, KeyAggContext, Tweak};
use ptlc::musig::nonces::{self, NonceGenInputs, PubNonce};
use ptlc::musig::session::{Session, ZkpPreSignature};
use ptlc::musig::signing::{self, PartialSignature};
use ptlc::musig::{Contribution, MusigError};
use ptlc::schnorr_adaptor::{self, PreSignature, SchnorrAdaptorError};
use ptlc::secp256k1::constants::CURVE_ORDER;
use ptlc::secp256k1::{schnorr, Keypair, PublicKey};
use ptlc::{PaymentPoint, PaymentScalar};
use serde_json::{json, Value};

/// One generated adaptor session.
struct Case {
    sks: Vec<[u8; 32]>,
    pks: Vec<PublicKey>,
    tweaks: Vec<Tweak>,
    ctx: KeyAggContext,
    msg: [u8; 32],
    t: PaymentScalar,
    rands: Vec<[u8; 32]>,
    secnonces: Vec<[u8; 97]>,
    pubnonces: Vec<PubNonce>,
    session: Session,
    psigs: Vec<[u8; 32]>,
    pre: PreSignature,
    sig: schnorr::Signature,
}

fn label(s: &str) -> String {
    format!("ptlc/vectors/musig/{s}")
}

fn case(n: usize, tweaked: bool, seed: u32) -> Case {
    let sks: Vec<[u8; 32]> = (0..n)
        .map(|j| det_bytes(&label(&format!("key{j}")), seed))
        .collect();
    let keypairs: Vec<Keypair> = sks
        .iter()
        .map(|s| Keypair::from_secret_bytes(*s).unwrap())
        .collect();
    let pks: Vec<PublicKey> = keypairs.iter().map(Keypair::public_key).collect();
    let pk_bytes: Vec<[u8; 33]> = pks.iter().map(PublicKey::serialize).collect();
    let mut ctx = KeyAggContext::new(&pk_bytes).unwrap();
    let mut tweaks = Vec::new();
    if tweaked {
        // A BIP-32-style plain tweak, then the BIP-341 Taproot tweak (no scripts).
        let plain = Tweak::Plain(det_bytes(&label("tweak"), seed));
        ctx = ctx.apply_tweak(&plain).unwrap();
        let tap = Tweak::XOnly(
            taproot_tweak_scalar(&ctx.x_only_public_key(), None)
                .unwrap()
                .to_be_bytes(),
        );
        ctx = ctx.apply_tweak(&tap).unwrap();
        tweaks = vec![plain, tap];
    }
    let msg = det_bytes(&label("msg"), seed);
    let t = PaymentScalar::from_bytes(&det_bytes(&label("adaptor"), seed)).unwrap();
    let aggpk = ctx.x_only_public_key().to_byte_array();
    let mut rands = Vec::new();
    let mut secs = Vec::new();
    let mut secnonces = Vec::new();
    let mut pubnonces = Vec::new();
    for (j, kp) in keypairs.iter().enumerate() {
        let rand = det_bytes(&label(&format!("rand{j}")), seed);
        let sk = kp.secret_key();
        let inputs = NonceGenInputs {
            secret_key: Some(&sk),
            aggregate_key: Some(&aggpk),
            message: Some(&msg),
            extra_input: None,
        };
        let (s, p) = nonces::nonce_gen_with_rand(&rand, &pks[j], inputs).unwrap();
        // The vectors publish the secret nonces so that signing can be checked.
        let bytes = *s.dangerous_into_bytes();
        secs.push(nonces::SecNonce::dangerous_from_bytes(&bytes).unwrap());
        secnonces.push(bytes);
        rands.push(rand);
        pubnonces.push(p);
    }
    let pub_bytes: Vec<[u8; 66]> = pubnonces.iter().map(PubNonce::to_bytes).collect();
    let aggnonce = nonces::nonce_agg(&pub_bytes).unwrap();
    let session = Session::new(&ctx, &aggnonce, &msg, Some(&t.point())).unwrap();
    let psigs: Vec<[u8; 32]> = secs
        .into_iter()
        .zip(&keypairs)
        .map(|(s, k)| signing::sign(s, k, &session).unwrap().to_bytes())
        .collect();
    for (j, p) in psigs.iter().enumerate() {
        let psig = PartialSignature::from_bytes(p).unwrap();
        signing::partial_sig_verify(&session, &psig, &pubnonces[j], &pks[j], j).unwrap();
    }
    let pre = signing::partial_sig_agg_adaptor(&session, &psigs).unwrap();
    let key = ctx.x_only_public_key();
    schnorr_adaptor::verify(&pre, &key, &msg, &t.point()).unwrap();
    let sig = schnorr_adaptor::adapt(&pre, &t, &key, &msg).unwrap();
    schnorr::verify(&sig, &msg, &key).unwrap();
    assert_eq!(schnorr_adaptor::extract(&pre, &sig, &t.point()).unwrap(), t);
    Case {
        sks,
        pks,
        tweaks,
        ctx,
        msg,
        t,
        rands,
        secnonces,
        pubnonces,
        session,
        psigs,
        pre,
        sig,
    }
}

fn hexes<T: AsRef<[u8]>>(items: &[T]) -> Vec<String> {
    items.iter().map(|x| hex(x.as_ref())).collect()
}

fn tweaks_json(tweaks: &[Tweak]) -> Value {
    Value::Array(
        tweaks
            .iter()
            .map(|t| json!({"tweak": hex(t.bytes()), "is_xonly": t.is_xonly()}))
            .collect(),
    )
}

fn pks_hex(pks: &[PublicKey]) -> Vec<String> {
    pks.iter().map(|p| hex(&p.serialize())).collect()
}

fn pubnonces_hex(p: &[PubNonce]) -> Vec<String> {
    p.iter().map(|x| hex(&x.to_bytes())).collect()
}

fn valid_entry(c: &Case, comment: &str) -> Value {
    let zkp = ZkpPreSignature::from_pre_signature(&c.pre);
    json!({
        "comment": comment,
        "secret_keys": hexes(&c.sks),
        "public_keys": pks_hex(&c.pks),
        "tweaks": tweaks_json(&c.tweaks),
        "aggregate_key": hex(&c.ctx.x_only_public_key().to_byte_array()),
        "message": hex(&c.msg),
        "adaptor_secret": hex(c.t.expose_secret()),
        "adaptor": hex(&c.t.point().to_bytes()),
        "nonce_rands": hexes(&c.rands),
        "secnonces": hexes(&c.secnonces),
        "pubnonces": pubnonces_hex(&c.pubnonces),
        "aggnonce": hex(&nonces::AggNonce::sum(&c.pubnonces).to_bytes()),
        "nonce_coefficient": hex(&c.session.nonce_coefficient().to_be_bytes()),
        "final_nonce": hex(&c.session.final_nonce().serialize()),
        "nonce_parity": c.session.nonce_parity(),
        "partial_signatures": hexes(&c.psigs),
        "pre_signature": hex(&c.pre.to_bytes()),
        "zkp_pre_sig": hex(&zkp.pre_sig),
        "signature": hex(c.sig.as_byte_array()),
    })
}

/// The first seeds (from `start`) whose final nonce has even and odd y.
fn both_parities(n: usize, tweaked: bool, start: u32) -> [Case; 2] {
    let mut even = None;
    let mut odd = None;
    let mut seed = start;
    while even.is_none() || odd.is_none() {
        let c = case(n, tweaked, seed);
        let slot = if c.session.nonce_parity() {
            &mut odd
        } else {
            &mut even
        };
        if slot.is_none() {
            *slot = Some(c);
        }
        seed += 1;
    }
    [even.unwrap(), odd.unwrap()]
}

fn contribution_error(signer: usize) -> Value {
    json!({"type": "invalid_contribution", "signer": signer, "contrib": "psig"})
}

/// A partial signature checked in `session` for signer `j`; the entry says
/// which adaptor the verifier's session uses.
fn verify_entry(
    c: &Case,
    j: usize,
    psig: &[u8; 32],
    adaptor: Option<&PaymentPoint>,
    comment: &str,
) -> Value {
    let aggnonce = nonces::AggNonce::sum(&c.pubnonces);
    let session = Session::new(&c.ctx, &aggnonce, &c.msg, adaptor).unwrap();
    let got = PartialSignature::from_bytes(psig)
        .and_then(|p| signing::partial_sig_verify(&session, &p, &c.pubnonces[j], &c.pks[j], j));
    assert_eq!(
        got,
        Err(MusigError::InvalidContribution {
            signer: Some(j),
            contribution: Contribution::PartialSignature
        }),
        "{comment}"
    );
    json!({
        "comment": comment,
        "public_keys": pks_hex(&c.pks),
        "tweaks": tweaks_json(&c.tweaks),
        "message": hex(&c.msg),
        "adaptor": adaptor.map(|t| hex(&t.to_bytes())),
        "pubnonces": pubnonces_hex(&c.pubnonces),
        "signer_index": j,
        "partial_signature": hex(psig),
        "error": contribution_error(j),
    })
}

/// Partial signature of signer `j` of `c` in a session with `adaptor`.
fn resign(c: &Case, j: usize, adaptor: Option<&PaymentPoint>) -> [u8; 32] {
    let aggnonce = nonces::AggNonce::sum(&c.pubnonces);
    let session = Session::new(&c.ctx, &aggnonce, &c.msg, adaptor).unwrap();
    let sec = nonces::SecNonce::dangerous_from_bytes(&c.secnonces[j]).unwrap();
    let kp = Keypair::from_secret_bytes(c.sks[j]).unwrap();
    signing::sign(sec, &kp, &session).unwrap().to_bytes()
}

fn invalid(c: &Case) -> Vec<Value> {
    let t = c.t.point();
    let minus_t = PaymentPoint::from_public_key(t.as_public_key().negate());
    let mut out = Vec::new();

    // partial_sig_verify
    let mut tampered = c.psigs[1];
    tampered[31] ^= 1;
    out.push(verify_entry(
        c,
        1,
        &tampered,
        Some(&t),
        "partial signature with its last bit flipped",
    ));
    out.push(verify_entry(
        c,
        0,
        &resign(c, 0, None),
        Some(&t),
        "signer 0 ignored the adaptor point: its partial signature is for the plain session",
    ));
    out.push(verify_entry(
        c,
        1,
        &c.psigs[1],
        None,
        "verifier ignored the adaptor point: an adaptor-session partial signature checked in the plain session",
    ));
    out.push(verify_entry(
        c,
        0,
        &resign(c, 0, Some(&minus_t)),
        Some(&t),
        "signer 0 signed for -T",
    ));

    // partial_sig_agg
    let mut psigs = c.psigs.clone();
    psigs[1] = CURVE_ORDER;
    let aggnonce = nonces::AggNonce::sum(&c.pubnonces);
    assert_eq!(
        signing::partial_sig_agg_adaptor(&c.session, &psigs),
        Err(MusigError::InvalidContribution {
            signer: Some(1),
            contribution: Contribution::PartialSignature
        })
    );
    out.push(json!({
        "comment": "partial signature 1 is n",
        "public_keys": pks_hex(&c.pks),
        "tweaks": tweaks_json(&c.tweaks),
        "message": hex(&c.msg),
        "adaptor": hex(&t.to_bytes()),
        "aggnonce": hex(&aggnonce.to_bytes()),
        "partial_signatures": hexes(&psigs),
        "error": contribution_error(1),
    }));

    // pre_signature_verify: the right pre-signature against the wrong
    // adaptor, and zkp's form with the parity bit flipped.
    let key = c.ctx.x_only_public_key();
    let zkp = ZkpPreSignature::from_pre_signature(&c.pre);
    let flipped = ZkpPreSignature {
        nonce_parity: !zkp.nonce_parity,
        ..zkp
    }
    .to_pre_signature()
    .unwrap();
    for (pre, adaptor, comment) in [
        (c.pre, minus_t, "pre-signature checked against -T"),
        (
            c.pre,
            PaymentScalar::from_bytes(&det_bytes(&label("other"), 0))
                .unwrap()
                .point(),
            "pre-signature checked against another adaptor point",
        ),
        (flipped, t, "zkp pre_sig with the nonce parity bit flipped"),
    ] {
        assert_eq!(
            schnorr_adaptor::verify(&pre, &key, &c.msg, &adaptor),
            Err(SchnorrAdaptorError::InvalidPreSignature)
        );
        out.push(json!({
            "comment": comment,
            "aggregate_key": hex(&key.to_byte_array()),
            "message": hex(&c.msg),
            "adaptor": hex(&adaptor.to_bytes()),
            "pre_signature": hex(&pre.to_bytes()),
            "error": "invalid_pre_signature",
        }));
    }
    out
}

#[test]
fn musig_adaptor_vectors() {
    let mut valid = Vec::new();
    let mut all = Vec::new();
    for (n, tweaked, start) in [
        (2, false, 0),
        (2, true, 100),
        (3, false, 200),
        (3, true, 300),
    ] {
        let [even, odd] = both_parities(n, tweaked, start);
        let what = if tweaked {
            "plain tweak then BIP-341 Taproot tweak"
        } else {
            "no tweak"
        };
        valid.push(valid_entry(
            &even,
            &format!("{n}-of-{n}, {what}, even final nonce"),
        ));
        valid.push(valid_entry(
            &odd,
            &format!("{n}-of-{n}, {what}, odd final nonce"),
        ));
        all.push(even);
        all.push(odd);
    }
    let mut invalid_cases = invalid(&all[0]);
    invalid_cases.extend(invalid(&all[3]));
    let doc = json!({
        "description": "MuSig2 (BIP-327) adaptor sessions, byte-compatible with secp256k1-zkp's musig module: T is added to the first aggregate nonce point before the nonce coefficient b is hashed; the final nonce is R + T and its parity (nonce_parity) negates every k and decides adapt's sign. pre_signature is the 65-byte schnorr_adaptor pre-signature (compressed R + T, then s'); zkp_pre_sig is zkp's 64-byte form (x(R + T), s') that goes with nonce_parity. Nonces: NonceGen with rand, the signer's secret key, the aggregate key and the message. SPEC.md, 'MuSig2 adaptor signatures'.",
        "valid": valid,
        "invalid": invalid_cases,
    });
    check_or_regenerate("musig_adaptor.json", &doc);
}
