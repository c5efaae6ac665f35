//! MuSig2 nonce parsers with attacker input: a 66-byte public or aggregate
//! nonce, a 97-byte secret nonce, or a list of 66-byte public nonces for
//! NonceAgg. Never panics; what parses re-encodes to the same bytes; NonceAgg
//! blames exactly the first nonce that does not parse.
#![no_main]
use libfuzzer_sys::fuzz_target;
use ptlc::musig::nonces::{self, AggNonce, PubNonce, SecNonce};
use ptlc::musig::{Contribution, MusigError};

fuzz_target!(|data: &[u8]| {
    if let Ok(b) = <&[u8; 66]>::try_from(data) {
        if let Ok(p) = PubNonce::from_bytes(b) {
            assert_eq!(&p.to_bytes(), b);
            assert_eq!(p.to_string().parse::<PubNonce>(), Ok(p));
            // A public nonce is also a valid aggregate nonce.
            assert_eq!(AggNonce::from_bytes(b).map(|a| a.to_bytes()), Ok(*b));
        }
        if let Ok(a) = AggNonce::from_bytes(b) {
            assert_eq!(&a.to_bytes(), b);
        }
    }
    if let Ok(b) = <&[u8; 97]>::try_from(data) {
        if let Ok(s) = SecNonce::dangerous_from_bytes(b) {
            assert_eq!(&*s.dangerous_into_bytes(), b);
        }
    }
    let list: Vec<[u8; 66]> = data
        .chunks_exact(66)
        .map(|c| c.try_into().unwrap())
        .collect();
    let first_bad = list.iter().position(|b| PubNonce::from_bytes(b).is_err());
    match nonces::nonce_agg(&list) {
        Ok(agg) => {
            assert!(first_bad.is_none() && !list.is_empty());
            let parsed: Vec<PubNonce> = list
                .iter()
                .map(|b| PubNonce::from_bytes(b).unwrap())
                .collect();
            assert_eq!(AggNonce::sum(&parsed), agg);
        }
        Err(MusigError::EmptyList) => assert!(list.is_empty()),
        Err(e) => assert_eq!(
            e,
            MusigError::InvalidContribution {
                signer: first_bad,
                contribution: Contribution::PublicNonce
            }
        ),
    }
});
