//! BOLT 4's official vectors (lightning/bolts `bolt04/`, copied into
//! test-vectors/external/bolt04/) against `ptlc::mailbox_route`, byte for byte:
//! the onion message joined to a blinded path, route blinding, and the Sphinx
//! core with the 1300-byte payment layout.

use ptlc::mailbox_route::blinded_path::{unblind, BlindedPath, IntroductionNode, PathBlinder};
use ptlc::mailbox_route::packet::{build_onion_with_keys, sphinx_build, sphinx_peel, SphinxLayer};
use ptlc::mailbox_route::peel::{peel, peel_onion_message, NextHop, Received};
use ptlc::mailbox_route::MailboxRouteError;
use ptlc::secp256k1::{PublicKey, SecretKey};
use ptlc::tlv::{read_bigsize, Record, TlvStream};
use serde_json::Value;

fn load(name: &str) -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("test-vectors/external/bolt04")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn unhex(s: &str) -> Vec<u8> {
    assert!(s.len().is_multiple_of(2), "odd hex length");
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

fn bytes(v: &Value) -> Vec<u8> {
    unhex(v.as_str().unwrap())
}

fn b32(v: &Value) -> [u8; 32] {
    bytes(v).try_into().unwrap()
}

fn point(v: &Value) -> PublicKey {
    PublicKey::from_slice(&bytes(v)).unwrap()
}

fn secret(v: &Value) -> SecretKey {
    SecretKey::from_secret_bytes(b32(v)).unwrap()
}

/// BOLT 12 `blinded_path` bytes from its parts.
fn encode_path(
    first_node: &PublicKey,
    first_key: &PublicKey,
    hops: &[(PublicKey, Vec<u8>)],
) -> Vec<u8> {
    let mut out = first_node.serialize().to_vec();
    out.extend_from_slice(&first_key.serialize());
    out.push(hops.len() as u8);
    for (b, enc) in hops {
        out.extend_from_slice(&b.serialize());
        out.extend_from_slice(&(enc.len() as u16).to_be_bytes());
        out.extend_from_slice(enc);
    }
    out
}

/// Blinds `hops` (node id, `encrypted_data_tlv`) from `e0`, checking each
/// hop's path key, blinded node id and ciphertext against the vector.
fn blind_and_check(
    e0: &Value,
    hops: &[(PublicKey, Vec<u8>, &Value)],
    keys: (&str, &str, &str),
) -> Vec<(PublicKey, Vec<u8>)> {
    let mut blinder = PathBlinder::from_secret_bytes(&b32(e0)).unwrap();
    let mut out = Vec::new();
    for (node, tlv, want) in hops {
        let mut enc = vec![0u8; tlv.len() + 16];
        let info = blinder.blind_hop(node, tlv, &mut enc).unwrap();
        assert_eq!(info.path_key, point(&want[keys.0]), "path key");
        assert_eq!(
            info.blinded_node_id,
            point(&want[keys.1]),
            "blinded node id"
        );
        assert_eq!(enc, bytes(&want[keys.2]), "encrypted data");
        out.push((info.blinded_node_id, enc));
    }
    out
}

#[test]
fn blinded_onion_message_build_and_peel() {
    let v = load("blinded-onion-message-onion-test.json");
    let gen = v["generate"]["hops"].as_array().unwrap();
    let alice = point(&v["route"]["first_node_id"]);
    let bob = point(&gen[0]["tlvs"]["next_node_id"]);
    let carol = point(&gen[1]["tlvs"]["next_node_id"]);
    let dave = point(&gen[2]["tlvs"]["next_node_id"]);

    // Dave's blinded path Bob → Carol → Dave, from Bob's path key secret.
    let payee_hops: Vec<_> = [bob, carol, dave]
        .into_iter()
        .zip(&gen[1..])
        .map(|(n, h)| (n, bytes(&h["encrypted_data_tlv"]), h))
        .collect();
    let blinded = blind_and_check(
        &gen[1]["path_key_secret"],
        &payee_hops,
        ("E", "blinded_node_id", "encrypted_recipient_data"),
    );
    // The sender's own hop to Alice, as the vector states it.
    blind_and_check(
        &gen[0]["path_key_secret"],
        &[(alice, bytes(&gen[0]["encrypted_data_tlv"]), &gen[0])],
        ("E", "blinded_node_id", "encrypted_recipient_data"),
    );
    for (h, want) in gen.iter().zip(v["route"]["hops"].as_array().unwrap()) {
        assert_eq!(h["blinded_node_id"], want["blinded_node_id"]);
        assert_eq!(
            h["encrypted_recipient_data"],
            want["encrypted_recipient_data"]
        );
        // `next_e` is the next path key secret followed by a stray 01 byte.
        let next_e = bytes(&h["next_e"]);
        assert_eq!((next_e.len(), next_e[32]), (33, 1));
    }
    for (h, next) in gen.iter().zip(&gen[1..]) {
        if h["tlvs"].get("next_path_key_override").is_none() {
            assert_eq!(
                bytes(&h["next_e"])[..32],
                bytes(&next["path_key_secret"])[..]
            );
        }
    }

    // The payer side: Alice (unblinded relay of the sender) joined to Dave's path.
    let encoded = encode_path(&bob, &point(&gen[1]["E"]), &blinded);
    let path = BlindedPath::parse(&encoded).unwrap();
    assert_eq!(path.introduction_node(), IntroductionNode::NodeId(bob));
    let hello = bytes(&v["onionmessage"]["unknown_tag_1"]);
    let mut packet = vec![0u8; 1366];
    let msg = build_onion_with_keys(
        &b32(&v["generate"]["session_key"]),
        &b32(&gen[0]["path_key_secret"]),
        &[alice],
        &path,
        &[Record {
            typ: 1,
            value: &hello,
        }],
        1300,
        &mut packet,
    )
    .unwrap();
    assert_eq!(msg.first_node_id, alice);
    assert_eq!(msg.path_key, point(&v["route"]["first_path_key"]));
    assert_eq!(msg.len, 1366);
    assert_eq!(packet, bytes(&v["onionmessage"]["onion_message_packet"]));

    // Every hop peels the `onion_message` it is given to the next one.
    let dec = v["decrypt"]["hops"].as_array().unwrap();
    let wire: Vec<(PublicKey, Vec<u8>)> = dec
        .iter()
        .map(|h| {
            let m = bytes(&h["onion_message"]);
            assert_eq!(m[..2], [0x02, 0x01], "type 513");
            let len = u16::from_be_bytes([m[35], m[36]]) as usize;
            assert_eq!(m.len(), 37 + len);
            (PublicKey::from_slice(&m[2..35]).unwrap(), m[37..].to_vec())
        })
        .collect();
    assert_eq!(wire[0], (msg.path_key, packet));
    for (i, h) in dec.iter().enumerate() {
        let (key, pkt) = &wire[i];
        let mut out = vec![0u8; pkt.len()];
        match peel_onion_message(&secret(&h["privkey"]), key, pkt, &mut out).unwrap() {
            Received::Forward(f) => {
                assert_eq!(
                    f.next_hop,
                    NextHop::NodeId(point(&h["next_node_id"])),
                    "hop {i}"
                );
                assert_eq!((f.next_path_key, f.packet.to_vec()), wire[i + 1], "hop {i}");
            }
            Received::Final(f) => {
                assert_eq!(i, 3);
                // `onionmsg_tlv` as peeled, with `encrypted_recipient_data`
                // opened in place: plaintext, then the 16-byte tag.
                let records: Vec<(u64, Vec<u8>)> = TlvStream::new(f.onionmsg_tlv)
                    .map(|r| r.map(|r| (r.typ, r.value.to_vec())).unwrap())
                    .collect();
                let ciphertext = bytes(&h["tlvs"]["encrypted_recipient_data"]);
                let plaintext = bytes(&gen[3]["encrypted_data_tlv"]);
                assert_eq!(records.len(), 2);
                assert_eq!(records[0], (1, hello.clone()));
                assert_eq!((records[1].0, records[1].1.len()), (4, ciphertext.len()));
                assert_eq!(records[1].1[..plaintext.len()], plaintext[..]);
                assert_eq!(f.encrypted_data_tlv, &plaintext[..]);
                // The stated `onionmsg_tlv` itself, ciphertext included: the
                // Sphinx layer peeled with Dave's blinded secret key.
                let mut scratch = vec![0u8; 64];
                let u = unblind(&secret(&h["privkey"]), key, &ciphertext, &mut scratch).unwrap();
                let b = SecretKey::from_secret_bytes(*u.blinded_secret.expose_secret()).unwrap();
                let mut raw = vec![0u8; 2 * pkt.len()];
                let SphinxLayer::Final { payload } = sphinx_peel(&b, pkt, &[], &mut raw).unwrap()
                else {
                    panic!("Dave is the final hop");
                };
                let mut stated = vec![1, 5];
                stated.extend_from_slice(&hello);
                stated.extend_from_slice(&[4, ciphertext.len() as u8]);
                stated.extend_from_slice(&ciphertext);
                assert_eq!(payload, &stated[..]);
                assert_eq!(f.path_id, Some(&bytes(&gen[3]["tlvs"]["path_id"])[..]));
                assert_eq!(f.message, None, "type 1 is not a message field");
                // The mailbox-level peel wants a blob there.
                let mut out2 = vec![0u8; pkt.len()];
                assert_eq!(
                    peel(&secret(&h["privkey"]), key, pkt, &mut out2),
                    Err(MailboxRouteError::MissingBlob)
                );
            }
        }
    }
}

#[test]
fn route_blinding_build_and_unblind() {
    let v = load("route-blinding-test.json");
    let gen = v["generate"]["hops"].as_array().unwrap();
    let hop = |i: usize| {
        (
            point(&gen[i]["node_id"]),
            bytes(&gen[i]["encoded_tlvs"]),
            &gen[i],
        )
    };
    let keys = ("path_key", "blinded_node_id", "encrypted_data");
    // Bob's route Bob → Carol, concatenated with Eve's route Dave → Eve.
    let mut blinded = blind_and_check(&gen[0]["session_key"], &[hop(0), hop(1)], keys);
    blinded.extend(blind_and_check(
        &gen[2]["session_key"],
        &[hop(2), hop(3)],
        keys,
    ));
    for (h, (b, enc)) in v["route"]["hops"].as_array().unwrap().iter().zip(&blinded) {
        assert_eq!(
            (point(&h["blinded_node_id"]), bytes(&h["encrypted_data"])),
            (*b, enc.clone())
        );
    }
    let first_node = point(&v["route"]["first_node_id"]);
    let first_key = point(&v["route"]["first_path_key"]);
    assert_eq!(first_key, point(&gen[0]["path_key"]));
    // Carol's data carries Dave's first path key as the override.
    assert_eq!(
        point(&gen[1]["tlvs"]["next_path_key_override"]),
        point(&gen[2]["path_key"])
    );

    // BOLT 12 encoding round trip.
    let encoded = encode_path(&first_node, &first_key, &blinded);
    let path = BlindedPath::parse(&encoded).unwrap();
    assert_eq!(
        path.introduction_node(),
        IntroductionNode::NodeId(first_node)
    );
    assert_eq!(path.first_path_key(), first_key);
    let parsed: Vec<_> = path
        .hops()
        .map(|h| (h.blinded_node_id, h.encrypted_recipient_data.to_vec()))
        .collect();
    assert_eq!(parsed, blinded);
    assert_eq!(path.as_bytes(), &encoded[..]);

    // Each hop unblinds its data.
    for (h, (_, enc)) in v["unblind"]["hops"]
        .as_array()
        .unwrap()
        .iter()
        .zip(&blinded)
    {
        let mut out = vec![0u8; enc.len()];
        let u = unblind(
            &secret(&h["node_privkey"]),
            &point(&h["path_key"]),
            enc,
            &mut out,
        )
        .unwrap();
        assert_eq!(
            u.blinded_secret.expose_secret(),
            &b32(&h["blinded_privkey"])
        );
        assert_eq!(u.encrypted_data_tlv, &bytes(&h["decrypted_data"])[..]);
        assert_eq!(u.next_path_key, point(&h["next_path_key"]));
    }
}

#[test]
fn onion_test_sphinx_core_payment_layout() {
    let v = load("onion-test.json");
    let gen = &v["generate"];
    let ad = bytes(&gen["associated_data"]);
    // The vector's payloads carry their bigsize length; the API adds it.
    let payloads: Vec<Vec<u8>> = gen["hops"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            let raw = bytes(&h["payload"]);
            let (len, n) = read_bigsize(&raw).unwrap();
            assert_eq!(raw.len(), n + len as usize);
            raw[n..].to_vec()
        })
        .collect();
    let keys: Vec<PublicKey> = gen["hops"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| point(&h["pubkey"]))
        .collect();
    let hops: Vec<(PublicKey, &[u8])> = keys
        .iter()
        .copied()
        .zip(payloads.iter().map(|p| &p[..]))
        .collect();
    let mut packet = vec![0u8; 1366];
    assert_eq!(
        sphinx_build(&b32(&gen["session_key"]), &hops, &ad, 1300, &mut packet),
        Ok(1366)
    );
    assert_eq!(packet, bytes(&v["onion"]));

    let privs = v["decode"].as_array().unwrap();
    for (i, sk) in privs.iter().enumerate() {
        let mut out = vec![0u8; 2 * packet.len()];
        match sphinx_peel(&secret(sk), &packet, &ad, &mut out).unwrap() {
            SphinxLayer::Forward {
                payload,
                packet: next,
            } => {
                assert!(i < privs.len() - 1);
                assert_eq!(payload, &payloads[i][..]);
                assert_eq!(next.len(), 1366);
                packet = next.to_vec();
            }
            SphinxLayer::Final { payload } => {
                assert_eq!(i, privs.len() - 1);
                assert_eq!(payload, &payloads[i][..]);
            }
        }
    }
}
