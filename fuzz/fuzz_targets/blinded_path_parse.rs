//! Parsing attacker-chosen BOLT 12 `blinded_path` encodings
//! (ptlc::mailbox_route::BlindedPath). Never panics; what parses re-encodes
//! to exactly the input, with `num_hops` hops.
#![no_main]
use libfuzzer_sys::fuzz_target;
use ptlc::mailbox_route::blinded_path::{BlindedPath, IntroductionNode};

fuzz_target!(|data: &[u8]| {
    let Ok(path) = BlindedPath::parse(data) else { return };
    assert_eq!(path.as_bytes(), data);
    let mut enc = match path.introduction_node() {
        IntroductionNode::NodeId(id) => id.serialize().to_vec(),
        IntroductionNode::DirectedShortChannelId { direction, short_channel_id } => {
            assert!(direction <= 1);
            let mut v = vec![direction];
            v.extend_from_slice(&short_channel_id.to_be_bytes());
            v
        }
    };
    enc.extend_from_slice(&path.first_path_key().serialize());
    enc.push(path.num_hops() as u8);
    let mut count = 0;
    for hop in path.hops() {
        enc.extend_from_slice(&hop.blinded_node_id.serialize());
        enc.extend_from_slice(&(hop.encrypted_recipient_data.len() as u16).to_be_bytes());
        enc.extend_from_slice(hop.encrypted_recipient_data);
        count += 1;
    }
    assert_eq!(count, path.num_hops());
    assert!(count >= 1);
    assert_eq!(enc, data);
});
