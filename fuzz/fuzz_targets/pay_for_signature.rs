//! Pay-for-signature with attacker input: pubkey (32) || msg (32) ||
//! nonce (32) || s (32). Never panics; a completed signature verifies, and the
//! seller-side scalar of it opens the offer's point.
#![no_main]
use libfuzzer_sys::fuzz_target;
use ptlc::pay_for_signature::{self, SignatureOffer};
use ptlc::secp256k1::{schnorr, XOnlyPublicKey};
use ptlc::PaymentScalar;

fuzz_target!(|data: &[u8]| {
    if data.len() != 128 {
        return;
    }
    let (pk, rest) = data.split_at(32);
    let (msg, rest) = rest.split_at(32);
    let (nonce, s) = rest.split_at(32);
    let Ok(pk) = XOnlyPublicKey::from_byte_array(pk.try_into().unwrap()) else { return };
    let msg: [u8; 32] = msg.try_into().unwrap();
    let nonce: [u8; 32] = nonce.try_into().unwrap();
    // The seller side on an arbitrary signature R || s.
    let mut sig = [0u8; 64];
    sig[..32].copy_from_slice(&nonce);
    sig[32..].copy_from_slice(s);
    let sig = schnorr::Signature::from_byte_array(sig);
    let seller = pay_for_signature::signature_scalar(&sig, &pk, &msg);
    let Ok(offer) = SignatureOffer::new(pk, msg, nonce) else {
        assert!(seller.is_err());
        return;
    };
    assert_eq!(pay_for_signature::signature_point(&pk, &msg, &nonce), Ok(offer.point()));
    if let Ok(t) = &seller {
        assert!(t.opens(&offer.point()));
    }
    if let Ok(s) = PaymentScalar::from_slice(s) {
        match offer.complete(&s) {
            Ok(done) => {
                assert_eq!(done, sig);
                assert!(schnorr::verify(&done, &msg, &pk).is_ok());
            }
            Err(_) => assert!(seller.is_err()),
        }
    }
});
