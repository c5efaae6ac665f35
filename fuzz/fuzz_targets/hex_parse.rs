//! Hex parsing of public values (`FromStr`): never panics; accepted strings
//! round-trip (lowercased).
#![no_main]
use libfuzzer_sys::fuzz_target;
use ptlc::PaymentPoint;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = core::str::from_utf8(data) else { return };
    if let Ok(p) = s.parse::<PaymentPoint>() {
        assert_eq!(p.to_string(), s.to_ascii_lowercase());
    }
});
