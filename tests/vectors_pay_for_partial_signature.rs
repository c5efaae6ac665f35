//! Writes / checks test-vectors/pay_for_partial_signature.json (SPEC.md,
//! "Pay-for-partial-signature"); test-vectors/ref_pay_for_partial_signature.py
//! checks the same file from SPEC.md and BIP-327 alone.

mod common;

use common::vector_fields::{pay_for_partial_signature_outputs, PfpsInputs, PfpsSession};
use common::{check_or_regenerate, det_bytes, hex};
use ptlc::musig::key_agg::{taproot_tweak_scalar, KeyAggContext, Tweak};
use ptlc::musig::nonces::{self, PubNonce};
use ptlc::musig::signing::{self, PartialSignature};
use ptlc::pay_for_partial_signature::{
    partial_signature_point, partial_signature_scalar, PartialSignatureOffer,
    PayForPartialSignatureError,
};
use ptlc::secp256k1::{constants::CURVE_ORDER, schnorr, Keypair};
use ptlc::PaymentScalar;
use serde_json::{json, Value};

struct Case {
    kps: Vec<Keypair>,
    keys: Vec<[u8; 33]>,
    tweaks: Vec<Tweak>,
    ctx: KeyAggContext,
    rands: Vec<[u8; 32]>,
    pubs: Vec<PubNonce>,
    msg: [u8; 32],
    adaptor: Option<PaymentScalar>,
    psigs: Vec<PartialSignature>,
}

fn case(i: u32, n: u32, taproot: bool, adaptor: bool) -> Case {
    let kps: Vec<Keypair> = (0..n)
        .map(|j| Keypair::from_secret_bytes(det_bytes("ptlc/vectors/pfps/key", i * 8 + j)).unwrap())
        .collect();
    let keys: Vec<[u8; 33]> = kps.iter().map(|k| k.public_key().serialize()).collect();
    let plain = KeyAggContext::new(&keys).unwrap();
    let tweaks = if taproot {
        vec![Tweak::XOnly(
            taproot_tweak_scalar(&plain.x_only_public_key(), None)
                .unwrap()
                .to_be_bytes(),
        )]
    } else {
        vec![]
    };
    let ctx = plain.apply_tweaks(&tweaks).unwrap();
    let msg = det_bytes("ptlc/vectors/pfps/msg", i);
    let adaptor = adaptor
        .then(|| PaymentScalar::from_bytes(&det_bytes("ptlc/vectors/pfps/adaptor", i)).unwrap());
    let rands: Vec<[u8; 32]> = (0..n)
        .map(|j| det_bytes("ptlc/vectors/pfps/nonce", i * 8 + j))
        .collect();
    let (secs, pubs): (Vec<_>, Vec<_>) = kps
        .iter()
        .zip(&rands)
        .map(|(k, r)| nonces::nonce_gen_with_rand(r, &k.public_key(), Default::default()).unwrap())
        .unzip();
    let aggnonce =
        nonces::nonce_agg(&pubs.iter().map(PubNonce::to_bytes).collect::<Vec<_>>()).unwrap();
    let t_point = adaptor.as_ref().map(PaymentScalar::point);
    let session =
        ptlc::musig::session::Session::new(&ctx, &aggnonce, &msg, t_point.as_ref()).unwrap();
    let psigs = secs
        .into_iter()
        .zip(&kps)
        .map(|(s, k)| signing::sign(s, k, &session).unwrap())
        .collect();
    Case {
        kps,
        keys,
        tweaks,
        ctx,
        rands,
        pubs,
        msg,
        adaptor,
        psigs,
    }
}

fn offer(c: &Case, signer: usize) -> PartialSignatureOffer {
    let aggnonce =
        nonces::nonce_agg(&c.pubs.iter().map(PubNonce::to_bytes).collect::<Vec<_>>()).unwrap();
    let t = c.adaptor.as_ref().map(PaymentScalar::point);
    PartialSignatureOffer::new(
        &c.ctx,
        &aggnonce,
        c.msg,
        t.as_ref(),
        c.kps[signer].public_key(),
        c.pubs[signer],
    )
    .unwrap()
}

fn base(c: &Case, signer: usize) -> serde_json::Map<String, Value> {
    let v = json!({
        "public_keys": c.keys.iter().map(|k| hex(k)).collect::<Vec<_>>(),
        "tweaks": c.tweaks.iter().map(|t| json!({"tweak": hex(t.bytes()), "is_xonly": t.is_xonly()})).collect::<Vec<_>>(),
        "pubnonces": c.pubs.iter().map(|p| hex(&p.to_bytes())).collect::<Vec<_>>(),
        "message": hex(&c.msg),
        "adaptor": c.adaptor.as_ref().map(|t| hex(&t.point().to_bytes())),
        "signer_index": signer,
    });
    v.as_object().unwrap().clone()
}

fn own(c: &Case, signer: usize) -> Vec<PartialSignature> {
    (0..c.psigs.len())
        .filter(|&j| j != signer)
        .map(|j| c.psigs[j])
        .collect()
}

/// A `valid` entry: its inputs, and every output from the helper the kit
/// shares (`common::vector_fields`).
fn valid(c: &Case, signer: usize, comment: &str) -> Value {
    let sks: Vec<[u8; 32]> = c.kps.iter().map(Keypair::to_secret_bytes).collect();
    let outputs = pay_for_partial_signature_outputs(&PfpsInputs {
        secret_keys: &sks,
        tweaks: &c.tweaks,
        message: c.msg,
        adaptor_secret: c.adaptor.as_ref(),
        nonce_rands: &c.rands,
        signer_index: signer,
    })
    .unwrap();
    // The helper recomputed the session from the inputs: it is this case's.
    let base = base(c, signer);
    for key in ["public_keys", "pubnonces", "adaptor"] {
        assert_eq!(outputs[key], base[key], "{key}");
    }
    let psigs: Vec<String> = c.psigs.iter().map(|p| hex(&p.to_bytes())).collect();
    assert_eq!(outputs["partial_signatures"], json!(psigs));
    let o = offer(c, signer);
    assert_eq!(
        outputs["partial_signature_point"],
        json!(hex(&o.point().to_bytes()))
    );
    assert!(PaymentScalar::from_bytes(&c.psigs[signer].to_bytes())
        .unwrap()
        .opens(&o.point()));
    let sig: [u8; 64] = common::unhex(outputs["signature"].as_str().unwrap())
        .try_into()
        .unwrap();
    let key = c.ctx.x_only_public_key();
    assert!(schnorr::verify(&schnorr::Signature::from_byte_array(sig), &c.msg, &key).is_ok());
    let mut m = base;
    m.extend(outputs.as_object().unwrap().clone());
    m.insert(
        "secret_keys".into(),
        json!(sks.iter().map(|k| hex(k)).collect::<Vec<_>>()),
    );
    m.insert(
        "nonce_rands".into(),
        json!(c.rands.iter().map(|r| hex(r)).collect::<Vec<_>>()),
    );
    if let Some(t) = &c.adaptor {
        m.insert("adaptor_secret".into(), json!(hex(t.expose_secret())));
    }
    m.insert("comment".into(), json!(comment));
    Value::Object(m)
}

/// The public session of `c` as the shared helpers take it.
fn session<'a>(
    c: &'a Case,
    pks: &'a [ptlc::secp256k1::PublicKey],
    pubs: &'a [PubNonce],
    t: Option<&'a ptlc::PaymentPoint>,
    signer: usize,
) -> PfpsSession<'a> {
    PfpsSession {
        public_keys: pks,
        tweaks: &c.tweaks,
        pubnonces: pubs,
        message: c.msg,
        adaptor: t,
        signer_index: signer,
    }
}

/// A partial signature that does not open signer `signer`'s point.
fn psig_invalid(
    c: &Case,
    pubs: &[PubNonce],
    signer: usize,
    psig: [u8; 32],
    comment: &str,
) -> Value {
    let o = offer(c, signer);
    let p = PartialSignature::from_bytes(&psig).unwrap();
    let err = partial_signature_scalar(
        o.session(),
        &p,
        &pubs[signer],
        &c.kps[signer].public_key(),
        signer,
    )
    .unwrap_err();
    assert_eq!(
        err,
        PayForPartialSignatureError::InvalidPartialSignature { signer }
    );
    let point =
        partial_signature_point(o.session(), &pubs[signer], &c.kps[signer].public_key()).unwrap();
    assert!(!PaymentScalar::from_bytes(&psig).unwrap().opens(&point));
    let pks: Vec<_> = c.kps.iter().map(Keypair::public_key).collect();
    let t = c.adaptor.as_ref().map(PaymentScalar::point);
    let error = session(c, &pks, pubs, t.as_ref(), signer).scalar_error(&p);
    assert_eq!(error, Some("invalid_partial_signature"));
    let mut m = base(c, signer);
    m.insert(
        "pubnonces".into(),
        json!(pubs.iter().map(|p| hex(&p.to_bytes())).collect::<Vec<_>>()),
    );
    m.insert("partial_signature".into(), json!(hex(&psig)));
    m.insert("error".into(), json!(error));
    m.insert("comment".into(), json!(comment));
    Value::Object(m)
}

fn negate(s: &[u8; 32]) -> [u8; 32] {
    // n - s, big-endian.
    let mut out = [0u8; 32];
    let mut borrow = 0i16;
    for i in (0..32).rev() {
        let d = i16::from(CURVE_ORDER[i]) - i16::from(s[i]) - borrow;
        borrow = i16::from(d < 0);
        out[i] = (d + 256 * borrow) as u8;
    }
    out
}

#[test]
fn pay_for_partial_signature_vectors() {
    let cases = [
        (case(0, 2, false, false), "2-of-2, plain key, no adaptor"),
        (
            case(1, 2, true, false),
            "2-of-2, Taproot-tweaked key (the channel case)",
        ),
        (
            case(2, 2, true, true),
            "2-of-2, Taproot-tweaked key, adaptor session",
        ),
        (
            case(3, 3, false, true),
            "3-of-3, plain key, adaptor session",
        ),
        (case(4, 3, true, false), "3-of-3, Taproot-tweaked key"),
    ];
    let mut valid_v = vec![];
    for (c, comment) in &cases {
        valid_v.push(valid(c, 0, &format!("{comment}, signer 0")));
        valid_v.push(valid(c, 1, &format!("{comment}, signer 1")));
    }
    let (c, _) = &cases[1];
    let other = case(5, 2, true, false);
    let mut wrong_nonce = c.pubs.clone();
    wrong_nonce[0] = other.pubs[0];
    let invalid = vec![
        psig_invalid(c, &c.pubs, 1, c.psigs[0].to_bytes(), "wrong signer index: signer 0's partial signature checked as signer 1's"),
        psig_invalid(c, &c.pubs, 0, c.psigs[1].to_bytes(), "wrong signer index: signer 1's partial signature checked as signer 0's"),
        psig_invalid(c, &wrong_nonce, 0, c.psigs[0].to_bytes(), "wrong nonce: signer 0's public nonce from another session"),
        psig_invalid(c, &c.pubs, 0, negate(&c.psigs[0].to_bytes()), "wrong parity case: n - s, what a signer that gets the final-nonce and key parity wrong produces (opens -point)"),
        {
            let (c3, _) = &cases[2];
            psig_invalid(c3, &c3.pubs, 0, negate(&c3.psigs[0].to_bytes()), "wrong parity case in an adaptor session: n - s")
        },
    ];
    // complete with a scalar that does not open the point.
    let mut complete_invalid = vec![];
    for (idx, s, comment) in [
        (
            1usize,
            negate(&c.psigs[0].to_bytes()),
            "the negated partial signature",
        ),
        (
            1,
            c.psigs[1].to_bytes(),
            "the buyer's own partial signature instead of the seller's",
        ),
        (1, [1; 32], "an unrelated scalar"),
    ] {
        let (cc, _) = &cases[idx];
        let o = offer(cc, 0);
        let scalar = PaymentScalar::from_bytes(&s).unwrap();
        assert_eq!(
            o.complete(&scalar, &own(cc, 0)).unwrap_err(),
            PayForPartialSignatureError::WrongScalar
        );
        let pks: Vec<_> = cc.kps.iter().map(Keypair::public_key).collect();
        let t = cc.adaptor.as_ref().map(PaymentScalar::point);
        let error = session(cc, &pks, &cc.pubs, t.as_ref(), 0).complete_error(&scalar, &own(cc, 0));
        assert_eq!(error, Some("wrong_scalar"));
        let mut m = base(cc, 0);
        m.insert(
            "own_partial_signatures".into(),
            json!(own(cc, 0)
                .iter()
                .map(|p| hex(&p.to_bytes()))
                .collect::<Vec<_>>()),
        );
        m.insert("scalar".into(), json!(hex(&s)));
        m.insert("error".into(), json!(error));
        m.insert(
            "comment".into(),
            json!(format!("scalar does not open the point: {comment}")),
        );
        complete_invalid.push(Value::Object(m));
    }
    check_or_regenerate(
        "pay_for_partial_signature.json",
        &json!({
            "description": "Pay-for-partial-signature (SPEC.md): the partial-signature point of BIP-327 signer signer_index (Re' + e*a*g*gacc*X), the seller's check of a partial signature against it, and the buyer's completion. Generated by tests/vectors_pay_for_partial_signature.rs.",
            "valid": valid_v,
            "partial_signature_invalid": invalid,
            "complete_invalid": complete_invalid,
        }),
    );
}
