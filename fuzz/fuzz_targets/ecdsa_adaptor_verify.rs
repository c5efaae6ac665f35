//! ECDSA adaptor signature decoding and verification with attacker input:
//! adaptor_sig (162) || pubkey (33) || msg (32) || adaptor (33). Never panics;
//! a decoded signature re-encodes to the same bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;
use ptlc::ecdsa_adaptor::{self, AdaptorSignature, ADAPTOR_SIGNATURE_LEN};
use ptlc::secp256k1::PublicKey;
use ptlc::PaymentPoint;

fuzz_target!(|data: &[u8]| {
    let sig = AdaptorSignature::from_slice(data.get(..ADAPTOR_SIGNATURE_LEN).unwrap_or(data));
    if let Ok(s) = &sig {
        assert_eq!(&s.to_bytes()[..], &data[..ADAPTOR_SIGNATURE_LEN]);
    }
    if data.len() != ADAPTOR_SIGNATURE_LEN + 33 + 32 + 33 {
        return;
    }
    let Ok(sig) = sig else { return };
    let (_, rest) = data.split_at(ADAPTOR_SIGNATURE_LEN);
    let (pk, rest) = rest.split_at(33);
    let (msg, adaptor) = rest.split_at(32);
    let Ok(pk) = PublicKey::from_slice(pk) else { return };
    let Ok(adaptor) = PaymentPoint::from_slice(adaptor) else { return };
    let msg: [u8; 32] = msg.try_into().unwrap();
    let _ = ecdsa_adaptor::verify(&sig, &pk, &msg, &adaptor);
});
