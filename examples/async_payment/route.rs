//! The mailbox route of the example (SPEC.md, "Mailbox route"): B publishes a
//! blinded path through two relays it chose to its mailbox; A sends the sealed
//! blob as one BOLT 4 onion message through two relays it chose and then B's
//! path. Every node runs in-process and says what it learned.

use std::collections::HashMap;

use ptlc::mailbox_route::peel::NextHop;
use ptlc::mailbox_route::{
    build_mailbox_path, build_onion, peel, BlindedPath, Peeled, SMALL_PACKET_LEN,
};
use ptlc::rand_core::{CryptoRng, RngCore};
use ptlc::secp256k1 as secp;

use crate::flow::{random_keypair, short, FlowError, Log};

/// A store-and-forward node: a relay or the mailbox.
pub struct Node {
    /// Who runs it (for the narration only; no node learns another's name).
    pub name: &'static str,
    /// Its node key.
    pub key: secp::Keypair,
}

/// The nodes of one payment's route: the relays A chose, the relays B chose,
/// and B's mailbox, which holds blobs by mailbox id until B fetches them.
pub struct MailboxRoute {
    nodes: Vec<Node>,
    /// Blobs the mailbox holds, by mailbox id.
    stored: HashMap<Vec<u8>, Vec<Vec<u8>>>,
}

/// Which nodes are whose, by index into `nodes`.
const PAYER_RELAYS: [usize; 2] = [0, 1];
const PAYEE_RELAYS: [usize; 2] = [2, 3];
const MAILBOX: usize = 4;

impl MailboxRoute {
    /// Fresh keys for A's two relays, B's two relays and B's mailbox.
    pub fn new<R: RngCore + ?Sized>(rng: &mut R) -> Self {
        let names = [
            "relay P1 (A's)",
            "relay P2 (A's)",
            "relay Q1 (B's)",
            "relay Q2 (B's)",
            "mailbox M (B's)",
        ];
        MailboxRoute {
            nodes: names
                .into_iter()
                .map(|name| Node {
                    name,
                    key: random_keypair(rng),
                })
                .collect(),
            stored: HashMap::new(),
        }
    }

    fn public_keys(&self, which: &[usize]) -> Vec<secp::PublicKey> {
        which
            .iter()
            .map(|&i| self.nodes[i].key.public_key())
            .collect()
    }

    fn node(&self, id: &secp::PublicKey) -> Option<&Node> {
        self.nodes.iter().find(|n| n.key.public_key() == *id)
    }

    /// Step 0: B, while online, builds a blinded path through its relays to
    /// its mailbox, with a mailbox id only the mailbox can read, and publishes
    /// it (in an offer, say). Returns the encoded path.
    pub fn b_publishes_path<R: RngCore + CryptoRng + ?Sized>(
        &self,
        rng: &mut R,
        mailbox_id: &[u8],
        log: &mut Log,
    ) -> Result<Vec<u8>, FlowError> {
        let relays = self.public_keys(&PAYEE_RELAYS);
        let mailbox = self.nodes[MAILBOX].key.public_key();
        let mut path = vec![0u8; 1024];
        let n = build_mailbox_path(rng, &relays, &mailbox, mailbox_id, &mut path)?;
        path.truncate(n);
        log.say(format!(
            "B  publishes a blinded path to its mailbox: introduction node {} ({}), then 2 blinded hops; {n} B",
            self.nodes[PAYEE_RELAYS[0]].name,
            short(&relays[0].serialize()),
        ));
        Ok(path)
    }

    /// Step 1, continued: A wraps the sealed blob in an onion message through
    /// its own relays and B's blinded path, and hands it to its first relay;
    /// each node peels one layer. The mailbox keeps the blob.
    pub fn a_sends<R: RngCore + CryptoRng + ?Sized>(
        &mut self,
        rng: &mut R,
        path: &[u8],
        blob: &[u8],
        log: &mut Log,
    ) -> Result<(), FlowError> {
        let path = BlindedPath::parse(path)?;
        let mut packet = [0u8; SMALL_PACKET_LEN];
        let relays = self.public_keys(&PAYER_RELAYS);
        let msg = build_onion(rng, &relays, &path, blob, &mut packet)?;
        log.say(format!(
            "A → {}: onion message of {} B (every hop sees the same length)",
            self.nodes[PAYER_RELAYS[0]].name, msg.len
        ));
        let (mut at, mut path_key, mut from) = (msg.first_node_id, msg.path_key, "A");
        loop {
            let node = self.node(&at).ok_or(FlowError::Protocol("no such node"))?;
            let mut out = [0u8; SMALL_PACKET_LEN];
            match peel(
                &node.key.secret_key(),
                &path_key,
                &packet[..msg.len],
                &mut out,
            )? {
                Peeled::Forward(f) => {
                    let NextHop::NodeId(next) = f.next_hop else {
                        return Err(FlowError::Protocol("next hop by channel id"));
                    };
                    let next_name = self.node(&next).map_or("?", |n| n.name);
                    log.say(format!(
                        "   {} learned: a message from {from}, to forward to {next_name}; nothing else",
                        node.name
                    ));
                    packet[..msg.len].copy_from_slice(f.packet);
                    (at, path_key, from) = (next, f.next_path_key, node.name);
                }
                Peeled::Final { path_id, blob } => {
                    log.say(format!(
                        "   {} learned: a message from {from} for mailbox id {:?}, and an opaque blob of {} B",
                        node.name,
                        String::from_utf8_lossy(path_id),
                        blob.len()
                    ));
                    self.stored
                        .entry(path_id.to_vec())
                        .or_default()
                        .push(blob.to_vec());
                    return Ok(());
                }
            }
        }
    }

    /// Step 2: B fetches its blobs from the mailbox by its mailbox id.
    pub fn b_fetches(&mut self, mailbox_id: &[u8]) -> Vec<Vec<u8>> {
        self.stored.remove(mailbox_id).unwrap_or_default()
    }

    /// What a misbehaving (or faulty) mailbox does: flips one bit of every
    /// blob it holds, at position `at`.
    pub fn tamper(&mut self, at: usize) {
        for blob in self.stored.values_mut().flatten() {
            let i = at % blob.len();
            blob[i] ^= 0x01;
        }
    }
}
