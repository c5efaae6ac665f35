//! Inputs found by fuzzing (ci/fuzz.sh), kept as regression tests.

use ptlc::package::Package;

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

/// fuzz/package_parse: a package with a trailing unknown odd record (type 11,
/// `0b 02 ca fe`) parses, as BOLT TLV requires, and re-encodes canonically
/// without it; the canonical encoding parses to the same package.
#[test]
fn package_with_unknown_odd_record() {
    let input = unhex(
        "000a0d0c0f0e09080b0a05040220eae324a137d1d176d356b09a2dbe1885b64497d4d13bf6dfad9b07fc3b\
         3006dd04405a0775198d83995f5662809a369e75c23f1b0613160f1e9c74cb6127a883370fa960c9c3ea25\
         fbd8cfb2539af367c0c47a7910c5dd310cc01a83903128915c8c060236b008046b49d20d0b02cafe",
    );
    let p = Package::parse(&input).expect("unknown odd types are ignored");
    assert_eq!(p.encoded_len(), input.len() - 4);
    let mut out = vec![0u8; p.encoded_len()];
    assert_eq!(p.encode(&mut out), Ok(input.len() - 4));
    assert_eq!(out[..], input[..input.len() - 4]);
    let q = Package::parse(&out).unwrap();
    assert_eq!(
        (q.transaction, q.amount_msat, q.expiry, q.note),
        (p.transaction, p.amount_msat, p.expiry, p.note)
    );
    assert_eq!((q.signer, q.signature), (p.signer, p.signature));
    // The same record with an even (unknown, so mandatory) type is rejected.
    let mut even = input.clone();
    let len = even.len();
    even[len - 4] = 0x0a;
    assert!(Package::parse(&even).is_err());
}
