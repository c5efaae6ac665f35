//! Schnorr adaptor pre-signature decoding and verification with attacker
//! input: pre_signature (65) || pubkey (32) || msg (32) || adaptor (33).
//! Never panics; a decoded pre-signature re-encodes to the same bytes; a
//! pre-signature that verifies is bound to exactly this adaptor point.
#![no_main]
use libfuzzer_sys::fuzz_target;
use ptlc::schnorr_adaptor::{self, PreSignature};
use ptlc::secp256k1::XOnlyPublicKey;
use ptlc::PaymentPoint;

fuzz_target!(|data: &[u8]| {
    let pre = PreSignature::from_slice(data.get(..65).unwrap_or(data));
    if let Ok(p) = &pre {
        assert_eq!(&p.to_bytes()[..], &data[..65]);
        assert_eq!(p.to_string().parse::<PreSignature>().as_ref(), Ok(p));
    }
    if data.len() != 65 + 32 + 32 + 33 {
        return;
    }
    let Ok(pre) = pre else { return };
    let (_, rest) = data.split_at(65);
    let (pk, rest) = rest.split_at(32);
    let (msg, adaptor) = rest.split_at(32);
    let Ok(pk) = XOnlyPublicKey::from_byte_array(pk.try_into().unwrap()) else { return };
    let Ok(adaptor) = PaymentPoint::from_slice(adaptor) else { return };
    let msg: [u8; 32] = msg.try_into().unwrap();
    if schnorr_adaptor::verify(&pre, &pk, &msg, &adaptor).is_ok() {
        let bound = schnorr_adaptor::adaptor_point(&pre, &pk, &msg).expect("verified");
        assert_eq!(bound, adaptor);
    }
});
