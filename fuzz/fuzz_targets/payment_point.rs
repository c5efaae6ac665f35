//! PaymentPoint decoding: never panics; whatever decodes re-encodes to the same bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;
use ptlc::PaymentPoint;

fuzz_target!(|data: &[u8]| {
    if let Ok(p) = PaymentPoint::from_slice(data) {
        assert_eq!(&p.to_bytes()[..], data);
        assert_eq!(PaymentPoint::from_bytes(&p.to_bytes()), Ok(p));
        assert_eq!(p.to_string().parse::<PaymentPoint>(), Ok(p));
    }
});
