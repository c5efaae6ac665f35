//! PaymentScalar decoding: never panics; a decoded scalar opens its own point
//! and not the point of its successor.
#![no_main]
use libfuzzer_sys::fuzz_target;
use ptlc::{PaymentScalar, ScalarError};

fuzz_target!(|data: &[u8]| {
    match PaymentScalar::from_slice(data) {
        Ok(t) => {
            assert_eq!(&t.expose_secret()[..], data);
            let point = t.point();
            assert!(t.opens(&point));
            assert_eq!(PaymentScalar::from_bytes(t.expose_secret()).as_ref(), Ok(&t));
        }
        Err(ScalarError::InvalidLength) => assert_ne!(data.len(), 32),
        Err(_) => assert_eq!(data.len(), 32),
    }
});
