//! BOLT TLV stream parsing: never panics; `validate` agrees with iterating;
//! a valid stream re-encodes to the same bytes (BigSize is canonical).
#![no_main]
use libfuzzer_sys::fuzz_target;
use ptlc::tlv::{self, TlvStream, TlvWriter};

fuzz_target!(|data: &[u8]| {
    let records: Result<Vec<_>, _> = TlvStream::new(data).collect();
    let valid = tlv::validate(data);
    match &records {
        Ok(recs) => {
            // validate also rejects unknown even types; iteration alone does not.
            if valid.is_ok() {
                let mut out = vec![0u8; data.len()];
                let mut w = TlvWriter::new(&mut out);
                for r in recs {
                    w.write(r.typ, r.value).expect("fits");
                }
                let n = w.finish();
                assert_eq!(&out[..n], data);
            }
        }
        Err(_) => assert!(valid.is_err()),
    }
});
