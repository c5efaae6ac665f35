//! PartialSigVerify and PartialSigAgg on attacker input: key context (131) ||
//! aggregate nonce (66) || public nonce (66) || public key (33) || partial
//! signature (32) || adaptor flag (1) and point (33) || message (rest).
//! Never panics; a partial signature parses iff it is below n and re-encodes
//! to the same bytes; a failed verification blames the signer's psig; the
//! aggregate form matches the session's adaptor.
#![no_main]
use libfuzzer_sys::fuzz_target;
use ptlc::musig::key_agg::KeyAggContext;
use ptlc::musig::nonces::{AggNonce, PubNonce};
use ptlc::musig::session::Session;
use ptlc::musig::signing::{self, PartialSignature};
use ptlc::musig::{Contribution, MusigError};
use ptlc::secp256k1::PublicKey;
use ptlc::PaymentPoint;

fn take<'a, const N: usize>(data: &mut &'a [u8]) -> Option<&'a [u8; N]> {
    let (head, rest) = data.split_first_chunk::<N>()?;
    *data = rest;
    Some(head)
}

fuzz_target!(|data: &[u8]| {
    let mut d = data;
    let (Some(ctx), Some(agg), Some(pubn), Some(pk), Some(psig), Some(flag), Some(t)) = (
        take::<131>(&mut d),
        take::<66>(&mut d),
        take::<66>(&mut d),
        take::<33>(&mut d),
        take::<32>(&mut d),
        take::<1>(&mut d),
        take::<33>(&mut d),
    ) else {
        // Short inputs still exercise the partial signature parser.
        if let Ok(b) = <&[u8; 32]>::try_from(data) {
            if let Ok(p) = PartialSignature::from_bytes(b) {
                assert_eq!(&p.to_bytes(), b);
                assert_eq!(p.to_string().parse::<PartialSignature>(), Ok(p));
            }
        }
        return;
    };
    let msg = d;
    let parsed = PartialSignature::from_bytes(psig);
    if let Ok(p) = &parsed {
        assert_eq!(&p.to_bytes(), psig);
    }
    let (Ok(ctx), Ok(agg), Ok(pubn), Ok(pk)) = (
        KeyAggContext::from_bytes(ctx),
        AggNonce::from_bytes(agg),
        PubNonce::from_bytes(pubn),
        PublicKey::from_byte_array_compressed(*pk),
    ) else {
        return;
    };
    let adaptor = if flag[0] & 1 == 1 {
        PaymentPoint::from_bytes(t).ok()
    } else {
        None
    };
    let Ok(session) = Session::new(&ctx, &agg, msg, adaptor.as_ref()) else {
        return;
    };
    if let Ok(p) = parsed {
        if let Err(e) = signing::partial_sig_verify(&session, &p, &pubn, &pk, 7) {
            assert_eq!(
                e,
                MusigError::InvalidContribution {
                    signer: Some(7),
                    contribution: Contribution::PartialSignature
                }
            );
        }
    }
    let plain = signing::partial_sig_agg(&session, &[*psig]);
    let pre = signing::partial_sig_agg_adaptor(&session, &[*psig]);
    match (adaptor.is_some(), parsed.is_ok()) {
        (true, true) => assert!(pre.is_ok() && plain == Err(MusigError::AdaptorMismatch)),
        (false, true) => assert!(plain.is_ok() && pre == Err(MusigError::AdaptorMismatch)),
        (true, false) => assert!(pre.is_err() && plain == Err(MusigError::AdaptorMismatch)),
        (false, false) => assert!(plain.is_err() && pre == Err(MusigError::AdaptorMismatch)),
    }
});
