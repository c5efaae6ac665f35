//! Opening attacker-chosen blobs: recipient_secret (32) || aad_len (1) ||
//! aad || blob. Never panics; what opens is a valid TLV stream no longer than
//! the blob, and `open_to_vec` agrees with `open`.
#![no_main]
use libfuzzer_sys::fuzz_target;
use ptlc::blob;
use ptlc::secp256k1::{Keypair, SecretKey};

fuzz_target!(|data: &[u8]| {
    let Some((sk, rest)) = data.split_first_chunk::<32>() else { return };
    let Ok(sk) = SecretKey::from_secret_bytes(*sk) else { return };
    let kp = Keypair::from_secret_key(&sk);
    let Some((&aad_len, rest)) = rest.split_first() else { return };
    let Some((aad, b)) = rest.split_at_checked(usize::from(aad_len)) else { return };
    let mut out = vec![0u8; blob::opened_buffer_len(b.len())];
    let opened = blob::open(&kp, aad, b, &mut out).map(|pt| pt.to_vec());
    if let Ok(pt) = &opened {
        assert!(pt.len() < b.len());
        assert!(ptlc::tlv::validate(pt).is_ok());
    }
    assert_eq!(blob::open_to_vec(&kp, aad, b).map(|pt| pt.to_vec()), opened);
});
