//! ptlc's mailbox route against LDK `lightning` 0.2 (the version in Cargo.lock),
//! through LDK's public `create_onion_message` and `peel_onion_message`. Keys
//! and packets cross as bytes (LDK uses secp256k1 0.29, ptlc 0.33).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use lightning::bitcoin::secp256k1::{self as ldk_secp, Secp256k1};
use lightning::blinded_path::message::{BlindedMessagePath, NextMessageHop};
use lightning::blinded_path::EmptyNodeIdLookUp;
use lightning::io;
use lightning::ln::msgs::{DecodeError, OnionMessage};
use lightning::onion_message::messenger::{
    create_onion_message, peel_onion_message, CustomOnionMessageHandler, Destination,
    MessageSendInstructions, OnionMessagePath, PeeledOnion, Responder, ResponseInstruction,
};
use lightning::onion_message::packet::OnionMessageContents;
use lightning::sign::{KeysManager, NodeSigner, Recipient};
use lightning::util::logger::{Logger, Record};
use lightning::util::ser::{LengthReadable, Readable, Writeable, Writer};
use ptlc::mailbox_route::blinded_path::PathBlinder;
use ptlc::mailbox_route::packet::build_onion_with_keys;
use ptlc::mailbox_route::peel::NextHop;
use ptlc::mailbox_route::{
    build_mailbox_path, build_onion, peel, BlindedPath, MailboxRouteError, Peeled, BLOB_TLV_TYPE,
};
use ptlc::secp256k1::{PublicKey, SecretKey};
use ptlc::tlv::Record as TlvRecord;

/// The sealed blob as an LDK custom onion message of type [`BLOB_TLV_TYPE`].
#[derive(Clone, Debug, PartialEq, Eq)]
struct Blob(Vec<u8>);

impl Writeable for Blob {
    fn write<W: Writer>(&self, w: &mut W) -> Result<(), io::Error> {
        w.write_all(&self.0)
    }
}

impl OnionMessageContents for Blob {
    fn tlv_type(&self) -> u64 {
        BLOB_TLV_TYPE
    }
    fn msg_type(&self) -> &'static str {
        "ptlc sealed blob"
    }
}

struct BlobHandler;

impl CustomOnionMessageHandler for BlobHandler {
    type CustomMessage = Blob;
    fn handle_custom_message(
        &self,
        _: Blob,
        _: Option<Vec<u8>>,
        _: Option<Responder>,
    ) -> Option<(Blob, ResponseInstruction)> {
        None
    }
    fn read_custom_message<R: io::Read>(
        &self,
        message_type: u64,
        buffer: &mut R,
    ) -> Result<Option<Blob>, DecodeError> {
        if message_type != BLOB_TLV_TYPE {
            return Ok(None);
        }
        let mut v = Vec::new();
        let mut chunk = [0u8; 256];
        loop {
            match buffer.read(&mut chunk) {
                Ok(0) => return Ok(Some(Blob(v))),
                Ok(k) => v.extend_from_slice(&chunk[..k]),
                Err(_) => return Err(DecodeError::ShortRead),
            }
        }
    }
    fn release_pending_custom_messages(&self) -> Vec<(Blob, MessageSendInstructions)> {
        Vec::new()
    }
}

struct NoLog;
impl Logger for NoLog {
    fn log(&self, _: Record) {}
}

/// An LDK node and the same key on ptlc's side.
struct Node {
    keys: KeysManager,
    sk: SecretKey,
    id: PublicKey,
}

fn node(i: u8) -> Node {
    let keys = KeysManager::new(&[i; 32], 1_700_000_000, 0, true);
    let sk = SecretKey::from_secret_bytes(keys.get_node_secret_key().secret_bytes()).unwrap();
    let id = PublicKey::from_secret_key(&sk);
    let ldk_id = keys.get_node_id(Recipient::Node).unwrap();
    assert_eq!(ldk_id.serialize(), id.serialize());
    Node { keys, sk, id }
}

fn to_ldk(pk: &PublicKey) -> ldk_secp::PublicKey {
    ldk_secp::PublicKey::from_slice(&pk.serialize()).unwrap()
}

fn from_ldk(pk: &ldk_secp::PublicKey) -> PublicKey {
    PublicKey::from_slice(&pk.serialize()).unwrap()
}

/// ptlc's (path key, packet) as an LDK `OnionMessage` (its wire form).
fn wire(path_key: &PublicKey, packet: &[u8]) -> OnionMessage {
    let mut bytes = path_key.serialize().to_vec();
    bytes.extend_from_slice(&(packet.len() as u16).to_be_bytes());
    bytes.extend_from_slice(packet);
    OnionMessage::read_from_fixed_length_buffer(&mut &bytes[..]).unwrap()
}

/// An LDK `OnionMessage` as ptlc's (path key, packet).
fn unwire(msg: &OnionMessage) -> (PublicKey, Vec<u8>) {
    let bytes = msg.encode();
    let len = u16::from_be_bytes([bytes[33], bytes[34]]) as usize;
    assert_eq!(bytes.len(), 35 + len);
    (
        PublicKey::from_slice(&bytes[..33]).unwrap(),
        bytes[35..].to_vec(),
    )
}

fn ldk_peel(n: &Node, msg: &OnionMessage) -> Result<PeeledOnion<Blob>, ()> {
    peel_onion_message(msg, &Secp256k1::new(), &n.keys, &NoLog, &BlobHandler)
}

fn blob() -> Vec<u8> {
    (0..338u16).map(|i| (i * 13) as u8).collect()
}

/// ptlc builds A → 2 payer relays → 2 payee relays → mailbox; every relay is
/// an LDK node and peels with `peel_onion_message`; ptlc's mailbox gets the blob.
#[test]
fn ldk_relays_forward_a_ptlc_packet_hop_by_hop() {
    let mut rng = rand_core::UnwrapErr(rand_core::OsRng);
    let relays: Vec<Node> = (1..=4).map(node).collect();
    let mailbox = node(9);
    let mut path = [0u8; 512];
    let n = build_mailbox_path(
        &mut rng,
        &[relays[2].id, relays[3].id],
        &mailbox.id,
        b"mailbox-42",
        &mut path,
    )
    .unwrap();
    let path = BlindedPath::parse(&path[..n]).unwrap();
    let mut packet = [0u8; 1366];
    let blob = blob();
    let msg = build_onion(
        &mut rng,
        &[relays[0].id, relays[1].id],
        &path,
        &blob,
        &mut packet,
    )
    .unwrap();
    assert_eq!(msg.first_node_id, relays[0].id);

    let mut m = wire(&msg.path_key, &packet);
    for (i, r) in relays.iter().enumerate() {
        match ldk_peel(r, &m).unwrap() {
            PeeledOnion::Forward(NextMessageHop::NodeId(next), next_msg) => {
                let want = relays.get(i + 1).map_or(mailbox.id, |n| n.id);
                assert_eq!(from_ldk(&next), want, "LDK relay {i}");
                assert_eq!(next_msg.onion_routing_packet.hop_data.len(), 1300);
                // ptlc peels the same packet to the same next message.
                let mut out = [0u8; 1366];
                let (key, pkt) = unwire(&m);
                let Peeled::Forward(f) = peel(&r.sk, &key, &pkt, &mut out).unwrap() else {
                    panic!()
                };
                assert_eq!(
                    (f.next_hop, f.next_path_key, f.packet.to_vec()),
                    (
                        NextHop::NodeId(want),
                        unwire(&next_msg).0,
                        unwire(&next_msg).1
                    )
                );
                m = next_msg;
            }
            other => panic!("relay {i}: {other:?}"),
        }
    }
    let (key, pkt) = unwire(&m);
    let mut out = [0u8; 1366];
    assert_eq!(
        peel(&mailbox.sk, &key, &pkt, &mut out).unwrap(),
        Peeled::Final {
            path_id: b"mailbox-42",
            blob: &blob
        }
    );
    // LDK as the mailbox: it does not read `path_id` (encrypted_data_tlv type 6,
    // even); LDK 0.2 keeps its own context in type 65537, so it drops the message.
    assert!(ldk_peel(&mailbox, &m).is_err());
}

/// A ptlc packet whose final hop carries no `path_id` is received by LDK as
/// the custom message `BLOB_TLV_TYPE`, blob intact.
#[test]
fn ldk_receives_the_blob_from_a_ptlc_packet() {
    let relay = node(1);
    let payee_relay = node(2);
    let receiver = node(3);
    // The payee's path with the generic blinder: a relay, then the receiver
    // with only padding (LDK's receive TLVs).
    let mut blinder = PathBlinder::from_secret_bytes(&[0x31; 32]).unwrap();
    let first_key = blinder.path_key();
    let mut next = vec![4u8, 33];
    next.extend_from_slice(&receiver.id.serialize());
    let mut encoded = payee_relay.id.serialize().to_vec();
    encoded.extend_from_slice(&first_key.serialize());
    encoded.push(2);
    for (n, tlv) in [
        (&payee_relay, next.clone()),
        (&receiver, [&[1u8, 33][..], &[0; 33]].concat()),
    ] {
        let mut enc = vec![0u8; tlv.len() + 16];
        let info = blinder.blind_hop(&n.id, &tlv, &mut enc).unwrap();
        encoded.extend_from_slice(&info.blinded_node_id.serialize());
        encoded.extend_from_slice(&(enc.len() as u16).to_be_bytes());
        encoded.extend_from_slice(&enc);
    }
    let path = BlindedPath::parse(&encoded).unwrap();
    let blob = blob();
    let mut packet = [0u8; 1366];
    let msg = build_onion_with_keys(
        &[0x32; 32],
        &[0x33; 32],
        &[relay.id],
        &path,
        &[TlvRecord {
            typ: BLOB_TLV_TYPE,
            value: &blob,
        }],
        1300,
        &mut packet,
    )
    .unwrap();
    let mut m = wire(&msg.path_key, &packet);
    for r in [&relay, &payee_relay] {
        let Ok(PeeledOnion::Forward(_, next)) = ldk_peel(r, &m) else {
            panic!("forward")
        };
        m = next;
    }
    match ldk_peel(&receiver, &m).unwrap() {
        PeeledOnion::Custom(Blob(b), None, None) => assert_eq!(b, blob),
        other => panic!("{other:?}"),
    }
    // ptlc's mailbox-level peel wants the path_id that LDK does without.
    let (key, pkt) = unwire(&m);
    assert_eq!(
        peel(&receiver.sk, &key, &pkt, &mut [0u8; 1366]),
        Err(MailboxRouteError::MissingPathId)
    );
}

/// LDK's `create_onion_message` sends the blob through two LDK-chosen relays
/// to ptlc's blinded mailbox path; ptlc peels every hop and the mailbox gets
/// the mailbox id and the blob intact.
#[test]
fn ptlc_peels_an_ldk_built_message() {
    let mut rng = rand_core::UnwrapErr(rand_core::OsRng);
    let sender = node(7);
    let relays: Vec<Node> = (1..=4).map(node).collect();
    let mailbox = node(9);
    let mut path = [0u8; 512];
    let n = build_mailbox_path(
        &mut rng,
        &[relays[2].id, relays[3].id],
        &mailbox.id,
        b"mailbox-42",
        &mut path,
    )
    .unwrap();
    // Our BOLT 12 encoding is LDK's `BlindedMessagePath` encoding.
    let ldk_path: BlindedMessagePath = Readable::read(&mut &path[..n]).unwrap();
    assert_eq!(ldk_path.encode(), path[..n]);
    let blob = blob();
    let om_path = OnionMessagePath {
        intermediate_nodes: vec![to_ldk(&relays[0].id), to_ldk(&relays[1].id)],
        destination: Destination::BlindedPath(ldk_path),
        first_node_addresses: vec![],
    };
    let (first, m, _) = create_onion_message(
        &&sender.keys,
        &&sender.keys,
        &&EmptyNodeIdLookUp {},
        &Secp256k1::new(),
        om_path,
        Blob(blob.clone()),
        None,
    )
    .unwrap();
    assert_eq!(from_ldk(&first), relays[0].id);
    let (mut key, mut pkt) = unwire(&m);
    assert_eq!(pkt.len(), 1366);
    for (i, r) in relays.iter().enumerate() {
        let mut out = vec![0u8; pkt.len()];
        let Peeled::Forward(f) = peel(&r.sk, &key, &pkt, &mut out).unwrap() else {
            panic!("hop {i}")
        };
        assert_eq!(
            f.next_hop,
            NextHop::NodeId(relays.get(i + 1).map_or(mailbox.id, |n| n.id))
        );
        key = f.next_path_key;
        pkt = f.packet.to_vec();
    }
    let mut out = vec![0u8; pkt.len()];
    assert_eq!(
        peel(&mailbox.sk, &key, &pkt, &mut out).unwrap(),
        Peeled::Final {
            path_id: b"mailbox-42",
            blob: &blob
        }
    );
}
