//! Hop-side verification with attacker-chosen points, tweak and downstream
//! scalar: incoming (33) || outgoing (33) || tweak (32) || downstream (32).
//! Never panics; whatever settles opens the incoming point.
#![no_main]
use libfuzzer_sys::fuzz_target;
use ptlc::{upstream_scalar, verify_hop, HopTweak, PaymentPoint, PaymentScalar};

fuzz_target!(|data: &[u8]| {
    if data.len() != 130 {
        return;
    }
    let (incoming, rest) = data.split_at(33);
    let (outgoing, rest) = rest.split_at(33);
    let (tweak, downstream) = rest.split_at(32);
    let (Ok(incoming), Ok(outgoing)) = (
        PaymentPoint::from_slice(incoming),
        PaymentPoint::from_slice(outgoing),
    ) else {
        return;
    };
    let Ok(tweak) = HopTweak::from_bytes(tweak.try_into().unwrap()) else { return };
    let verified = verify_hop(&incoming, &outgoing, &tweak).is_ok();
    if let Ok(down) = PaymentScalar::from_slice(downstream) {
        match upstream_scalar(&incoming, &outgoing, &tweak, &down) {
            Ok(x) => {
                assert!(verified);
                assert!(x.opens(&incoming));
            }
            Err(_) => assert!(!verified || !down.opens(&outgoing)),
        }
    }
});
