//! Extracting the adaptor scalar from attacker-chosen pre-signature,
//! signature and adaptor point: pre_signature (65) || signature (64) ||
//! adaptor (33). Never panics; whatever is extracted opens the adaptor point.
#![no_main]
use libfuzzer_sys::fuzz_target;
use ptlc::schnorr_adaptor::{self, PreSignature};
use ptlc::secp256k1::schnorr::Signature;
use ptlc::PaymentPoint;

fuzz_target!(|data: &[u8]| {
    if data.len() != 65 + 64 + 33 {
        return;
    }
    let (pre, rest) = data.split_at(65);
    let (sig, adaptor) = rest.split_at(64);
    let Ok(pre) = PreSignature::from_slice(pre) else { return };
    let Ok(adaptor) = PaymentPoint::from_slice(adaptor) else { return };
    let sig = Signature::from_byte_array(sig.try_into().unwrap());
    if let Ok(t) = schnorr_adaptor::extract(&pre, &sig, &adaptor) {
        assert!(t.opens(&adaptor));
        // Adapting back gives the same signature.
        assert_eq!(schnorr_adaptor::adapt_unchecked(&pre, &t), Ok(sig));
    }
});
