//! Peeling attacker-chosen onion messages (ptlc::mailbox_route::peel).
//!
//! Inputs of 136 bytes or more are `node_secret (32) || onion_message`, the
//! BOLT 4 wire message (type (2) || path_key (33) || len (2) || packet) as in
//! blinded-onion-message-onion-test.json's `privkey` and `onion_message`; the
//! type and length are not checked. Shorter inputs fuzz the reader rules behind
//! a valid HMAC: `flags (1) || tlv_len (1) || encrypted_data_tlv || suffix`
//! becomes one hop (final if flags is odd, else a relay before a final hop)
//! whose sealed `encrypted_data_tlv` is the given bytes and whose payload is
//! `encrypted_recipient_data` followed by the raw suffix.
//!
//! Never panics; every error leaves the output buffer zeroed; a forwarded
//! packet has the input's length; `peel` agrees with `peel_onion_message`.
#![no_main]
use libfuzzer_sys::fuzz_target;
use ptlc::mailbox_route::blinded_path::PathBlinder;
use ptlc::mailbox_route::packet::sphinx_build;
use ptlc::mailbox_route::peel::{peel, peel_onion_message, Received};
use ptlc::mailbox_route::{Peeled, BLOB_TLV_TYPE};
use ptlc::secp256k1::{PublicKey, SecretKey};

fn check(sk: &SecretKey, path_key: &PublicKey, packet: &[u8]) {
    let mut out = vec![0u8; packet.len()];
    let mut out2 = vec![0u8; packet.len()];
    let low = peel_onion_message(sk, path_key, packet, &mut out);
    let high = peel(sk, path_key, packet, &mut out2);
    match (low, high) {
        (Ok(Received::Forward(a)), Ok(Peeled::Forward(b))) => {
            assert_eq!(a, b);
            assert_eq!(a.packet.len(), packet.len());
        }
        (Ok(Received::Final(f)), high) => {
            match high {
                Ok(Peeled::Final { path_id, blob }) => {
                    assert_eq!(Some(path_id), f.path_id);
                    assert_eq!(Some((BLOB_TLV_TYPE, blob)), f.message);
                }
                Ok(Peeled::Forward(_)) => panic!("final at one level, forward at the other"),
                Err(_) => assert!(out2.iter().all(|b| *b == 0)),
            }
        }
        (Err(a), Err(b)) => {
            assert_eq!(a, b);
            assert!(out.iter().all(|b| *b == 0));
            assert!(out2.iter().all(|b| *b == 0));
        }
        (a, b) => panic!("levels disagree: {a:?} / {b:?}"),
    }
}

fn raw(data: &[u8]) {
    let Some((sk, rest)) = data.split_first_chunk::<32>() else { return };
    let Ok(sk) = SecretKey::from_secret_bytes(*sk) else { return };
    let Some(key) = rest.get(2..35) else { return };
    let Ok(path_key) = PublicKey::from_slice(key) else { return };
    let Some(packet) = rest.get(37..) else { return };
    check(&sk, &path_key, packet);
}

fn crafted(data: &[u8]) {
    let Some((&flags, rest)) = data.split_first() else { return };
    let Some((&tlv_len, rest)) = rest.split_first() else { return };
    let Some((tlv, suffix)) = rest.split_at_checked(usize::from(tlv_len)) else { return };
    let sk = SecretKey::from_secret_bytes([0x41; 32]).unwrap();
    let next = SecretKey::from_secret_bytes([0x42; 32]).unwrap();
    let mut blinder = PathBlinder::from_secret_bytes(&[0x11; 32]).unwrap();
    let mut enc = vec![0u8; tlv.len() + 16];
    let info = blinder.blind_hop(&PublicKey::from_secret_key(&sk), tlv, &mut enc).unwrap();
    let mut payload = vec![4u8];
    let mut len = [0u8; 9];
    let n = ptlc::tlv::write_bigsize(enc.len() as u64, &mut len).unwrap();
    payload.extend_from_slice(&len[..n]);
    payload.extend_from_slice(&enc);
    payload.extend_from_slice(suffix);
    let mut hops = vec![(info.blinded_node_id, &payload[..])];
    let mut blinder2 = PathBlinder::from_secret_bytes(&[0x12; 32]).unwrap();
    let mut enc2 = [0u8; 20];
    let final_payload;
    if flags & 1 == 0 {
        let info2 = blinder2.blind_hop(&PublicKey::from_secret_key(&next), &[6, 2, 1, 2], &mut enc2).unwrap();
        final_payload = [&[4u8, 20][..], &enc2].concat();
        hops.push((info2.blinded_node_id, &final_payload[..]));
    }
    let mut packet = vec![0u8; 1366];
    if sphinx_build(&[0x22; 32], &hops, &[], 1300, &mut packet).is_err() {
        return;
    }
    check(&sk, &info.path_key, &packet);
}

fuzz_target!(|data: &[u8]| {
    if data.len() >= 136 {
        raw(data)
    } else {
        crafted(data)
    }
});
