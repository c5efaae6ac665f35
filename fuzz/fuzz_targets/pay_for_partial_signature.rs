//! Pay-for-partial-signature: the MuSig2 package records never panic and a
//! parsed package re-encodes canonically; an offer built from fuzzed session
//! data never panics, its point is opened by the seller's checked scalar
//! only, and `complete` with a fuzzed scalar either fails with a typed error
//! or returns a signature that verifies.
#![no_main]
use libfuzzer_sys::fuzz_target;
use ptlc::musig::key_agg::KeyAggContext;
use ptlc::musig::nonces::{AggNonce, PubNonce};
use ptlc::musig::signing::PartialSignature;
use ptlc::package::MusigPackage;
use ptlc::pay_for_partial_signature::{partial_signature_scalar, PartialSignatureOffer};
use ptlc::secp256k1::{schnorr, PublicKey};
use ptlc::PaymentScalar;

fn arr<const N: usize>(data: &[u8], at: usize) -> Option<[u8; N]> {
    data.get(at..at + N)?.try_into().ok()
}

fuzz_target!(|data: &[u8]| {
    if let Ok(p) = MusigPackage::parse(data) {
        let n = p.encoded_len();
        assert!(n <= data.len());
        let mut out = vec![0u8; n];
        assert_eq!(p.encode(&mut out), Ok(n));
        assert_eq!(
            MusigPackage::parse(&out).expect("canonical encoding parses"),
            p
        );
        let _ = p.key_agg_context();
    }
    // keys 2x33 | aggnonce 66 | pubnonce 66 | msg 32 | psig 32 | scalar 32 | own 32 | flags 1
    let (
        Some(k0),
        Some(k1),
        Some(agg),
        Some(pn),
        Some(msg),
        Some(ps),
        Some(sc),
        Some(own),
        Some(flags),
    ) = (
        arr::<33>(data, 0),
        arr::<33>(data, 33),
        arr::<66>(data, 66),
        arr::<66>(data, 132),
        arr::<32>(data, 198),
        arr::<32>(data, 230),
        arr::<32>(data, 262),
        arr::<32>(data, 294),
        arr::<1>(data, 326),
    )
    else {
        return;
    };
    let (Ok(pk0), Ok(pk1)) = (PublicKey::from_slice(&k0), PublicKey::from_slice(&k1)) else {
        return;
    };
    let Ok(mut ctx) = KeyAggContext::from_public_keys(&[pk0, pk1]) else {
        return;
    };
    if flags[0] & 1 == 1 {
        let Ok(t) = ctx.taproot_tweak(None) else {
            return;
        };
        ctx = t;
    }
    let (Ok(aggnonce), Ok(pubnonce)) = (AggNonce::from_bytes(&agg), PubNonce::from_bytes(&pn))
    else {
        return;
    };
    let adaptor = PaymentScalar::from_bytes(&[0x5a; 32])
        .expect("scalar")
        .point();
    let with_adaptor = flags[0] & 2 == 2;
    let Ok(offer) = PartialSignatureOffer::new(
        &ctx,
        &aggnonce,
        msg,
        with_adaptor.then_some(&adaptor),
        pk0,
        pubnonce,
    ) else {
        return;
    };
    if let Ok(psig) = PartialSignature::from_bytes(&ps) {
        if let Ok(s) = partial_signature_scalar(offer.session(), &psig, &pubnonce, &pk0, 0) {
            assert!(s.opens(&offer.point()));
        }
    }
    let (Ok(s), Ok(own)) = (
        PaymentScalar::from_bytes(&sc),
        PartialSignature::from_bytes(&own),
    ) else {
        return;
    };
    if with_adaptor {
        let _ = offer.complete_adaptor(&s, &[own]);
    } else if let Ok(sig) = offer.complete(&s, &[own]) {
        assert!(s.opens(&offer.point()));
        assert!(schnorr::verify(&sig, &msg, &ctx.x_only_public_key()).is_ok());
    }
});
