//! Extracting the adaptor scalar with attacker input: adaptor_sig (162) ||
//! signature (64, compact) || adaptor (33). Never panics; whatever is
//! extracted opens the adaptor point.
#![no_main]
use libfuzzer_sys::fuzz_target;
use ptlc::ecdsa_adaptor::{self, AdaptorSignature, ADAPTOR_SIGNATURE_LEN};
use ptlc::secp256k1::ecdsa::Signature;
use ptlc::PaymentPoint;

fuzz_target!(|data: &[u8]| {
    if data.len() != ADAPTOR_SIGNATURE_LEN + 64 + 33 {
        return;
    }
    let (a, rest) = data.split_at(ADAPTOR_SIGNATURE_LEN);
    let (sig, adaptor) = rest.split_at(64);
    let Ok(a) = AdaptorSignature::from_slice(a) else { return };
    let Ok(sig) = Signature::from_compact(sig) else { return };
    let Ok(adaptor) = PaymentPoint::from_slice(adaptor) else { return };
    if let Ok(t) = ecdsa_adaptor::extract(&a, &sig, &adaptor) {
        assert!(t.opens(&adaptor));
    }
});
