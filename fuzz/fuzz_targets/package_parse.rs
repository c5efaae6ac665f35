//! Async payment package parsing: never panics; a parsed package re-encodes
//! to a canonical encoding that parses back to the same package. (Unknown odd
//! records are ignored, as BOLT TLV allows, so the re-encoding can be shorter
//! than the input: see tests/fuzz_regressions.rs.)
#![no_main]
use libfuzzer_sys::fuzz_target;
use ptlc::package::Package;

fuzz_target!(|data: &[u8]| {
    if let Ok(p) = Package::parse(data) {
        let n = p.encoded_len();
        assert!(n <= data.len());
        let mut out = vec![0u8; n];
        assert_eq!(p.encode(&mut out), Ok(n));
        let q = Package::parse(&out).expect("canonical encoding parses");
        assert_eq!(q.transaction, p.transaction);
        assert_eq!(q.signer, p.signer);
        assert_eq!(q.signature, p.signature);
        assert_eq!(q.amount_msat, p.amount_msat);
        assert_eq!(q.expiry, p.expiry);
        assert_eq!(q.note, p.note);
    }
});
