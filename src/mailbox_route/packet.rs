//! The payer side: BOLT 4's Sphinx packet (version 0, "Packet Construction",
//! "Filler Generation", "Onion Decryption") and the `onion_message_packet` that
//! carries the sealed blob to the mailbox.
//!
//! ```text
//! packet = version (0x00) || public_key (33) || hop_payloads (L) || hmac (32)
//! hop_payload = bigsize(len) || payload (len) || hmac (32)
//! ```
//!
//! `L` is 1300 ([`SMALL_PACKET_LEN`](super::SMALL_PACKET_LEN) = 1366 bytes)
//! or 32768 ([`LARGE_PACKET_LEN`](super::LARGE_PACKET_LEN) = 32834) for onion
//! messages, 1300 for the payment onion ([`sphinx_build`] takes `L` as a
//! parameter). Onion messages use no associated data.
//!
//! [`build_onion`] joins the payer's own relays to the payee's blinded path:
//! the payer blinds a path through its relays whose last `encrypted_data_tlv`
//! names the introduction node and carries `next_path_key_override =
//! first_path_key`; the final `onionmsg_tlv` holds `encrypted_recipient_data`
//! and the blob in record [`BLOB_TLV_TYPE`] (`0x7074_6c63`).
//!
//! ```
//! # let mut rng = rand_core::UnwrapErr(rand_core::OsRng);
//! use ptlc::mailbox_route::{blinded_path::build_mailbox_path, packet::build_onion, BlindedPath, SMALL_PACKET_LEN};
//! use ptlc::secp256k1::{PublicKey, SecretKey};
//! let node = |i: u8| PublicKey::from_secret_key(&SecretKey::from_secret_bytes([i; 32]).unwrap());
//! let mut path = [0u8; 512];
//! let n = build_mailbox_path(&mut rng, &[node(3)], &node(4), b"mailbox-42", &mut path)?;
//! let mut packet = [0u8; SMALL_PACKET_LEN];
//! let msg = build_onion(&mut rng, &[node(1), node(2)], &BlindedPath::parse(&path[..n])?, b"sealed blob", &mut packet)?;
//! assert_eq!((msg.first_node_id, msg.len), (node(1), SMALL_PACKET_LEN));
//! # Ok::<(), ptlc::mailbox_route::MailboxRouteError>(())
//! ```

use core::ops::Range;

use rand_core::{CryptoRng, RngCore};
use secp256k1::{PublicKey, SecretKey};
use zeroize::Zeroize;

use super::blinded_path::{
    padded_tlv, BlindedPath, IntroductionNode, PathBlinder, ENCRYPTED_DATA_TAG_LEN,
    NEXT_NODE_RECORD_LEN, TLV_NEXT_NODE_ID, TLV_NEXT_PATH_KEY_OVERRIDE,
};
use super::keys::{
    hmac256, macs_equal, mul_secret, public_base_mul, scalar_from_bytes, tweak_point, Secret32, MU,
    PAD, RHO,
};
use super::{
    MailboxRouteError, BLOB_TLV_TYPE, LARGE_HOP_PAYLOADS_LEN, MAX_HOPS, MAX_PAYER_RELAYS,
    SMALL_HOP_PAYLOADS_LEN, TLV_ENCRYPTED_RECIPIENT_DATA,
};
use crate::arith::SecretScalar;
use crate::payment::random_secret_scalar;
use crate::tlv::{bigsize_len, read_bigsize, record_len, write_bigsize, Record, TlvWriter};

/// Version byte, public key and HMAC around the hop payloads.
pub const PACKET_OVERHEAD: usize = 1 + 33 + 32;
const HMAC_LEN: usize = 32;
const PAYLOADS_START: usize = 34;

// ---- the Sphinx core ----

/// The hops of a packet to build: the key each is encrypted to and its payload.
pub(crate) trait Hops {
    fn count(&self) -> usize;
    fn key(&self, i: usize) -> Option<PublicKey>;
    /// Payload length (without the bigsize prefix).
    fn payload_len(&self, i: usize) -> Option<usize>;
    /// Writes the payload into `dst` (exactly `payload_len(i)` bytes).
    fn write_payload(&self, i: usize, dst: &mut [u8]) -> Result<(), MailboxRouteError>;
}

/// `bigsize(len) || payload || hmac` length of hop `i`.
fn shift_size(hops: &impl Hops, i: usize) -> Result<usize, MailboxRouteError> {
    let len = hops.payload_len(i).ok_or(MailboxRouteError::TooLarge)?;
    bigsize_len(len as u64)
        .checked_add(len)
        .and_then(|s| s.checked_add(HMAC_LEN))
        .ok_or(MailboxRouteError::TooLarge)
}

/// The sum of every hop's shift size.
pub(crate) fn payloads_total(hops: &impl Hops) -> Result<usize, MailboxRouteError> {
    (0..hops.count()).try_fold(0usize, |acc, i| {
        acc.checked_add(shift_size(hops, i)?)
            .ok_or(MailboxRouteError::TooLarge)
    })
}

fn write_hop_payload(
    hops: &impl Hops,
    i: usize,
    hmac: &[u8; 32],
    dst: &mut [u8],
) -> Result<(), MailboxRouteError> {
    let len = hops.payload_len(i).ok_or(MailboxRouteError::TooLarge)?;
    let b = write_bigsize(len as u64, dst).map_err(|_| MailboxRouteError::TooLarge)?;
    let rest = dst.get_mut(b..).ok_or(MailboxRouteError::TooLarge)?;
    let (payload, mac) = rest.split_at_mut(len.min(rest.len()));
    hops.write_payload(i, payload)?;
    mac.get_mut(..HMAC_LEN)
        .ok_or(MailboxRouteError::TooLarge)?
        .copy_from_slice(hmac);
    Ok(())
}

/// Builds a Sphinx packet with `l` bytes of hop payloads into `out[..l + 66]`.
pub(crate) fn build_core(
    session_key: &SecretScalar,
    hops: &impl Hops,
    associated_data: &[u8],
    l: usize,
    out: &mut [u8],
) -> Result<usize, MailboxRouteError> {
    let n = hops.count();
    if n == 0 {
        return Err(MailboxRouteError::NoHops);
    }
    if n > MAX_HOPS {
        return Err(MailboxRouteError::TooManyHops);
    }
    if payloads_total(hops)? > l {
        return Err(MailboxRouteError::TooLarge);
    }
    let total = l
        .checked_add(PACKET_OVERHEAD)
        .ok_or(MailboxRouteError::TooLarge)?;
    let out = out
        .get_mut(..total)
        .ok_or(MailboxRouteError::BufferTooSmall)?;

    // Shared secrets ss_i = SHA256(e_i·P_i), e_{i+1} = SHA256(E_i || ss_i)·e_i.
    let mut secrets: [Secret32; MAX_HOPS] = core::array::from_fn(|_| Secret32([0u8; 32]));
    let first_key = public_base_mul(session_key);
    let mut e = session_key.clone();
    let mut e_pub = first_key;
    for (i, slot) in secrets.iter_mut().enumerate().take(n) {
        let key = hops.key(i).ok_or(MailboxRouteError::NoHops)?;
        *slot = Secret32::ecdh(&key, &e);
        if i.saturating_add(1) < n {
            let f = slot.next_key_factor(&e_pub)?;
            e_pub = tweak_point(&e_pub, &f);
            e = mul_secret(&e, &f)?;
        }
    }
    drop(e);

    let (header, rest) = out.split_at_mut(PAYLOADS_START);
    let (payloads, mac_out) = rest.split_at_mut(l);
    let earlier = secrets
        .get(..n.saturating_sub(1))
        .ok_or(MailboxRouteError::NoHops)?;
    write_filler(hops, earlier, payloads)?;

    // The last hop: its payload, then the session key's "pad" stream, then the filler.
    let filler_len = payloads_total(hops)?.saturating_sub(shift_size(hops, n.saturating_sub(1))?);
    let last = n.saturating_sub(1);
    let h = shift_size(hops, last)?;
    let head_len = l.saturating_sub(filler_len);
    let head = payloads
        .get_mut(..head_len)
        .ok_or(MailboxRouteError::TooLarge)?;
    let (hop, pad) = head.split_at_mut(h.min(head_len));
    pad.fill(0);
    let pad_key = hmac256(PAD, &[session_key.as_bytes()]);
    pad_key.apply_stream(0, pad);
    write_hop_payload(hops, last, &[0u8; 32], hop)?;
    let rho = secrets
        .get(last)
        .ok_or(MailboxRouteError::NoHops)?
        .derive(RHO);
    rho.apply_stream(0, head);
    let mut hmac = hmac256(
        secrets
            .get(last)
            .ok_or(MailboxRouteError::NoHops)?
            .derive(MU)
            .as_bytes(),
        &[payloads, associated_data],
    )
    .0;

    // Every earlier hop, last to first: shift right, prepend, encrypt, MAC.
    for i in (0..last).rev() {
        let ss = secrets.get(i).ok_or(MailboxRouteError::NoHops)?;
        let h = shift_size(hops, i)?;
        payloads.copy_within(..l.saturating_sub(h), h);
        write_hop_payload(
            hops,
            i,
            &hmac,
            payloads.get_mut(..h).ok_or(MailboxRouteError::TooLarge)?,
        )?;
        ss.derive(RHO).apply_stream(0, payloads);
        hmac = hmac256(ss.derive(MU).as_bytes(), &[payloads, associated_data]).0;
    }
    header.fill(0);
    header
        .get_mut(1..)
        .ok_or(MailboxRouteError::BufferTooSmall)?
        .copy_from_slice(&first_key.serialize());
    mac_out.copy_from_slice(&hmac);
    Ok(total)
}

/// The filler (BOLT 4, "Filler Generation"), written to the tail of
/// `payloads`: what hops `0..n-1` shift in, as the last hop will see it.
/// `filler_i = (filler_{i-1} || 0^{h_i}) XOR stream_i[L - |filler_{i-1}| .. L + h_i]`.
fn write_filler(
    hops: &impl Hops,
    secrets: &[Secret32],
    payloads: &mut [u8],
) -> Result<(), MailboxRouteError> {
    let l = payloads.len();
    let total = (0..secrets.len()).try_fold(0usize, |acc, i| {
        acc.checked_add(shift_size(hops, i)?)
            .ok_or(MailboxRouteError::TooLarge)
    })?;
    let start = l.checked_sub(total).ok_or(MailboxRouteError::TooLarge)?;
    let filler = payloads
        .get_mut(start..)
        .ok_or(MailboxRouteError::TooLarge)?;
    filler.fill(0);
    let mut len = 0usize;
    for (i, ss) in secrets.iter().enumerate() {
        let h = shift_size(hops, i)?;
        let offset = l.checked_sub(len).ok_or(MailboxRouteError::TooLarge)?;
        len = len.checked_add(h).ok_or(MailboxRouteError::TooLarge)?;
        let active = filler.get_mut(..len).ok_or(MailboxRouteError::TooLarge)?;
        ss.derive(RHO).apply_stream(offset, active);
    }
    Ok(())
}

/// One layer of a packet, decrypted into the caller's buffer by [`unwrap_layer`].
pub(crate) struct Layer {
    ss: Secret32,
    onion_key: PublicKey,
    l: usize,
    shift: usize,
    /// The payload's range in the buffer.
    pub(crate) payload: Range<usize>,
    next_hmac: [u8; 32],
}

impl Layer {
    /// Whether this is the final hop (an all-zero next HMAC).
    pub(crate) fn is_final(&self) -> bool {
        self.next_hmac == [0u8; 32]
    }

    /// The packet length.
    pub(crate) fn packet_len(&self) -> usize {
        self.l.saturating_add(PACKET_OVERHEAD)
    }

    /// Turns the buffer into the packet for the next hop: the payloads shifted
    /// left by this hop's share and topped up with the keystream, the next
    /// ephemeral key `SHA256(E || ss)·E`, and the next HMAC.
    pub(crate) fn forward(&self, out: &mut [u8]) -> Result<(), MailboxRouteError> {
        let next_key = tweak_point(&self.onion_key, &self.ss.next_key_factor(&self.onion_key)?);
        let out = out
            .get_mut(..self.packet_len())
            .ok_or(MailboxRouteError::BufferTooSmall)?;
        let (header, rest) = out.split_at_mut(PAYLOADS_START);
        let (payloads, mac) = rest.split_at_mut(self.l);
        payloads.copy_within(self.shift.., 0);
        let tail_start = self.l.saturating_sub(self.shift);
        let tail = payloads
            .get_mut(tail_start..)
            .ok_or(MailboxRouteError::BufferTooSmall)?;
        tail.fill(0);
        self.ss.derive(RHO).apply_stream(self.l, tail);
        header
            .get_mut(1..)
            .ok_or(MailboxRouteError::BufferTooSmall)?
            .copy_from_slice(&next_key.serialize());
        mac.copy_from_slice(&self.next_hmac);
        Ok(())
    }
}

/// Checks and decrypts one layer of `packet` with the secret `k` into `out`
/// (BOLT 4, "Onion Decryption"): version, public key, HMAC (constant-time),
/// keystream, payload length. `out[..packet.len()]` then holds the packet with
/// its payloads decrypted.
pub(crate) fn unwrap_layer(
    k: &SecretScalar,
    packet: &[u8],
    associated_data: &[u8],
    out: &mut [u8],
) -> Result<Layer, MailboxRouteError> {
    let l = packet
        .len()
        .checked_sub(PACKET_OVERHEAD)
        .filter(|l| *l > 0)
        .ok_or(MailboxRouteError::InvalidPacketLength)?;
    let work = out
        .get_mut(..packet.len())
        .ok_or(MailboxRouteError::BufferTooSmall)?;
    let (header, rest) = packet.split_at(PAYLOADS_START);
    let (payloads, mac) = rest.split_at(l);
    let (&version, key) = header
        .split_first()
        .ok_or(MailboxRouteError::InvalidPacketLength)?;
    if version != 0 {
        return Err(MailboxRouteError::UnknownVersion(version));
    }
    let onion_key = PublicKey::from_slice(key).map_err(|_| MailboxRouteError::InvalidOnionKey)?;
    let ss = Secret32::ecdh(&onion_key, k);
    let expected = hmac256(ss.derive(MU).as_bytes(), &[payloads, associated_data]);
    if !macs_equal(&expected.0, mac) {
        return Err(MailboxRouteError::BadHmac);
    }
    work.copy_from_slice(packet);
    let decrypted = work
        .get_mut(PAYLOADS_START..PAYLOADS_START.saturating_add(l))
        .ok_or(MailboxRouteError::BufferTooSmall)?;
    ss.derive(RHO).apply_stream(0, decrypted);
    // This hop's share is what it acts on; the rest is the next hop's
    // ciphertext. Public to this node: declassified for ci/ctime/.
    crate::ctime_hooks::declassify(&mut *decrypted);
    let (len, b) = read_bigsize(decrypted).map_err(|_| MailboxRouteError::BadPayloadLength)?;
    let len = usize::try_from(len).map_err(|_| MailboxRouteError::BadPayloadLength)?;
    if len < 2 {
        return Err(MailboxRouteError::BadPayloadLength);
    }
    let shift = b
        .checked_add(len)
        .and_then(|s| s.checked_add(HMAC_LEN))
        .filter(|s| *s <= l)
        .ok_or(MailboxRouteError::BadPayloadLength)?;
    let payload_start = PAYLOADS_START.saturating_add(b);
    let payload_end = payload_start.saturating_add(len);
    let mut next_hmac = [0u8; 32];
    next_hmac.copy_from_slice(
        decrypted
            .get(b.saturating_add(len)..shift)
            .ok_or(MailboxRouteError::BadPayloadLength)?,
    );
    Ok(Layer {
        ss,
        onion_key,
        l,
        shift,
        payload: payload_start..payload_end,
        next_hmac,
    })
}

// ---- the generic Sphinx API (BOLT 4's onion-test.json runs through it) ----

struct SliceHops<'a>(&'a [(PublicKey, &'a [u8])]);

impl Hops for SliceHops<'_> {
    fn count(&self) -> usize {
        self.0.len()
    }
    fn key(&self, i: usize) -> Option<PublicKey> {
        self.0.get(i).map(|h| h.0)
    }
    fn payload_len(&self, i: usize) -> Option<usize> {
        self.0.get(i).map(|h| h.1.len())
    }
    fn write_payload(&self, i: usize, dst: &mut [u8]) -> Result<(), MailboxRouteError> {
        let src = self.0.get(i).ok_or(MailboxRouteError::NoHops)?.1;
        dst.get_mut(..src.len())
            .ok_or(MailboxRouteError::TooLarge)?
            .copy_from_slice(src);
        Ok(())
    }
}

/// Builds a BOLT 4 Sphinx packet (any use: payment onion with `L = 1300` and
/// associated data, or onion message) with `hop_payloads_len` bytes of hop
/// payloads into `out`; returns its length `hop_payloads_len + 66`.
///
/// `hops` lists each hop's public key and payload (without the bigsize length,
/// which is added). The session key is caller-chosen: it must be fresh and
/// random for every packet.
///
/// ```
/// use ptlc::mailbox_route::{packet::{sphinx_build, sphinx_peel, SphinxLayer}, MailboxRouteError};
/// use ptlc::secp256k1::{PublicKey, SecretKey};
/// let k = SecretKey::from_secret_bytes([5; 32]).unwrap();
/// let hops = [(PublicKey::from_secret_key(&k), &b"hi there"[..])];
/// let mut packet = [0u8; 366];
/// assert_eq!(sphinx_build(&[7; 32], &hops, b"ad", 300, &mut packet), Ok(366));
/// let mut out = [0u8; 400];
/// match sphinx_peel(&k, &packet, b"ad", &mut out)? {
///     SphinxLayer::Final { payload } => assert_eq!(payload, b"hi there"),
///     SphinxLayer::Forward { .. } => unreachable!(),
/// }
/// assert_eq!(sphinx_peel(&k, &packet, b"other", &mut out).err(), Some(MailboxRouteError::BadHmac));
/// # Ok::<(), MailboxRouteError>(())
/// ```
pub fn sphinx_build(
    session_key: &[u8; 32],
    hops: &[(PublicKey, &[u8])],
    associated_data: &[u8],
    hop_payloads_len: usize,
    out: &mut [u8],
) -> Result<usize, MailboxRouteError> {
    let s = scalar_from_bytes(session_key).ok_or(MailboxRouteError::InvalidSecret)?;
    build_core(&s, &SliceHops(hops), associated_data, hop_payloads_len, out)
}

/// One peeled Sphinx layer.
#[derive(Debug, PartialEq, Eq)]
pub enum SphinxLayer<'o> {
    /// Not the last hop: the payload and the packet to send on.
    Forward {
        /// This hop's payload.
        payload: &'o [u8],
        /// The next hop's packet (same length as the input).
        packet: &'o [u8],
    },
    /// The last hop (all-zero next HMAC).
    Final {
        /// This hop's payload.
        payload: &'o [u8],
    },
}

/// Peels one Sphinx layer with the node's secret key. `out` needs
/// `packet.len()` bytes plus, when forwarding, room for a copy of the payload
/// after the next packet (`2 * packet.len()` always suffices).
///
/// ```
/// use ptlc::mailbox_route::{packet::sphinx_peel, MailboxRouteError};
/// # let k = ptlc::secp256k1::SecretKey::from_secret_bytes([5; 32]).unwrap();
/// assert_eq!(sphinx_peel(&k, &[0; 66], &[], &mut [0; 66]).err(), Some(MailboxRouteError::InvalidPacketLength));
/// assert_eq!(sphinx_peel(&k, &[1; 100], &[], &mut [0; 100]).err(), Some(MailboxRouteError::UnknownVersion(1)));
/// ```
pub fn sphinx_peel<'o>(
    node_secret: &SecretKey,
    packet: &[u8],
    associated_data: &[u8],
    out: &'o mut [u8],
) -> Result<SphinxLayer<'o>, MailboxRouteError> {
    let k = SecretScalar::from_secret_key(node_secret);
    let layer = unwrap_layer(&k, packet, associated_data, out).inspect_err(|_| out.zeroize())?;
    let n = layer.packet_len();
    if layer.is_final() {
        let payload = out
            .get(layer.payload)
            .ok_or(MailboxRouteError::BufferTooSmall)?;
        return Ok(SphinxLayer::Final { payload });
    }
    let plen = layer.payload.len();
    let copy_to = n..n.saturating_add(plen);
    if out.len() < copy_to.end {
        out.zeroize();
        return Err(MailboxRouteError::BufferTooSmall);
    }
    out.copy_within(layer.payload.clone(), n);
    layer.forward(out)?;
    let (packet, rest) = out.split_at(n);
    let payload = rest.get(..plen).ok_or(MailboxRouteError::BufferTooSmall)?;
    Ok(SphinxLayer::Forward { payload, packet })
}

// ---- the onion message to the mailbox ----

/// A built onion message: send `packet` with `path_key` to `first_node_id`
/// (BOLT 4 `onion_message`, type 513).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OnionMessage {
    /// The peer to send it to.
    pub first_node_id: PublicKey,
    /// The `path_key` that goes with it.
    pub path_key: PublicKey,
    /// The packet length written to the caller's buffer (1366 or 32834).
    pub len: usize,
}

/// The payer's relays' `encrypted_data_tlv`: `next_node_id`, plus
/// `next_path_key_override` at the last; all padded to one length.
const PAYER_TLV_LEN: usize = 2 * NEXT_NODE_RECORD_LEN;
const PAYER_ENC_LEN: usize = PAYER_TLV_LEN + ENCRYPTED_DATA_TAG_LEN;

/// The hops of an onion message: the payer's blinded relays, then the payee's
/// path; keys and `encrypted_recipient_data` gathered once.
struct MessageHops<'a> {
    keys: [Option<PublicKey>; MAX_HOPS],
    enc: [&'a [u8]; MAX_HOPS],
    count: usize,
    final_records: &'a [Record<'a>],
}

impl Hops for MessageHops<'_> {
    fn count(&self) -> usize {
        self.count
    }
    fn key(&self, i: usize) -> Option<PublicKey> {
        *self.keys.get(i)?
    }
    fn payload_len(&self, i: usize) -> Option<usize> {
        let enc = record_len(TLV_ENCRYPTED_RECIPIENT_DATA, self.enc.get(i)?.len());
        if i.saturating_add(1) == self.count {
            self.final_records.iter().try_fold(enc, |acc, r| {
                acc.checked_add(record_len(r.typ, r.value.len()))
            })
        } else {
            Some(enc)
        }
    }
    fn write_payload(&self, i: usize, dst: &mut [u8]) -> Result<(), MailboxRouteError> {
        let enc = self.enc.get(i).ok_or(MailboxRouteError::NoHops)?;
        let mut w = TlvWriter::new(dst);
        let mut enc_written = false;
        if i.saturating_add(1) == self.count {
            for r in self.final_records {
                if !enc_written && r.typ > TLV_ENCRYPTED_RECIPIENT_DATA {
                    w.write(TLV_ENCRYPTED_RECIPIENT_DATA, enc)
                        .map_err(|_| MailboxRouteError::TooLarge)?;
                    enc_written = true;
                }
                w.write(r.typ, r.value)
                    .map_err(|_| MailboxRouteError::InvalidRecord)?;
            }
        }
        if !enc_written {
            w.write(TLV_ENCRYPTED_RECIPIENT_DATA, enc)
                .map_err(|_| MailboxRouteError::InvalidRecord)?;
        }
        Ok(())
    }
}

/// The payer's side with caller-chosen keys, **for test vectors only** (a
/// reused session key or path key links messages; production code calls
/// [`build_onion`]). `final_records` are the final hop's `onionmsg_tlv` records
/// besides `encrypted_recipient_data` (ascending types, none equal to 4).
/// `hop_payloads_len` is 1300 or 32768 for a standard-size message.
///
/// ```
/// use ptlc::mailbox_route::{blinded_path::build_mailbox_path_with_key, packet::build_onion_with_keys, BlindedPath};
/// use ptlc::tlv::Record;
/// # let node = |i: u8| ptlc::secp256k1::PublicKey::from_secret_key(&ptlc::secp256k1::SecretKey::from_secret_bytes([i; 32]).unwrap());
/// let mut path = [0u8; 300];
/// let n = build_mailbox_path_with_key(&[8; 32], &[], &node(2), b"id", &mut path)?;
/// let path = BlindedPath::parse(&path[..n])?;
/// let mut packet = [0u8; 1366];
/// let records = [Record { typ: 1, value: b"hello" }];
/// let msg = build_onion_with_keys(&[3; 32], &[6; 32], &[node(1)], &path, &records, 1300, &mut packet)?;
/// assert_eq!(msg.first_node_id, node(1));
/// # Ok::<(), ptlc::mailbox_route::MailboxRouteError>(())
/// ```
pub fn build_onion_with_keys(
    session_key: &[u8; 32],
    payer_path_key: &[u8; 32],
    payer_relays: &[PublicKey],
    path: &BlindedPath<'_>,
    final_records: &[Record<'_>],
    hop_payloads_len: usize,
    out: &mut [u8],
) -> Result<OnionMessage, MailboxRouteError> {
    let s = scalar_from_bytes(session_key).ok_or(MailboxRouteError::InvalidSecret)?;
    let blinder = PathBlinder::from_secret_bytes(payer_path_key)?;
    build_message(
        &s,
        blinder,
        payer_relays,
        path,
        final_records,
        Some(hop_payloads_len),
        out,
    )
}

/// Builds the onion message that carries `blob` through the payer's
/// `payer_relays` (0 to [`MAX_PAYER_RELAYS`]) and then the payee's blinded
/// `path` to its mailbox, into `out`. The packet is 1366 bytes if the payloads
/// fit, else 32834 if `out` has room for it.
///
/// ```
/// # let mut rng = rand_core::UnwrapErr(rand_core::OsRng);
/// use ptlc::mailbox_route::{blinded_path::build_mailbox_path, packet::build_onion, BlindedPath, MailboxRouteError};
/// # let node = |i: u8| ptlc::secp256k1::PublicKey::from_secret_key(&ptlc::secp256k1::SecretKey::from_secret_bytes([i; 32]).unwrap());
/// let mut path = [0u8; 300];
/// let n = build_mailbox_path(&mut rng, &[node(3)], &node(4), b"id", &mut path)?;
/// let path = BlindedPath::parse(&path[..n])?;
/// let mut packet = [0u8; 1366];
/// assert_eq!(build_onion(&mut rng, &[], &path, &[0; 2000], &mut packet), Err(MailboxRouteError::BufferTooSmall));
/// let msg = build_onion(&mut rng, &[], &path, &[0; 500], &mut packet)?;
/// assert_eq!((msg.first_node_id, msg.path_key), (node(3), path.first_path_key()));
/// # Ok::<(), MailboxRouteError>(())
/// ```
pub fn build_onion<R: RngCore + CryptoRng + ?Sized>(
    rng: &mut R,
    payer_relays: &[PublicKey],
    path: &BlindedPath<'_>,
    blob: &[u8],
    out: &mut [u8],
) -> Result<OnionMessage, MailboxRouteError> {
    let s = random_secret_scalar(rng).map_err(|_| MailboxRouteError::RngFailure)?;
    let blinder = PathBlinder::random(rng)?;
    let records = [Record {
        typ: BLOB_TLV_TYPE,
        value: blob,
    }];
    build_message(&s, blinder, payer_relays, path, &records, None, out)
}

/// [`build_onion`] into a new vector (the 32834-byte form when needed).
///
/// ```
/// # let mut rng = rand_core::UnwrapErr(rand_core::OsRng);
/// use ptlc::mailbox_route::{blinded_path::build_mailbox_path, packet::build_onion_to_vec, BlindedPath, LARGE_PACKET_LEN};
/// # let node = |i: u8| ptlc::secp256k1::PublicKey::from_secret_key(&ptlc::secp256k1::SecretKey::from_secret_bytes([i; 32]).unwrap());
/// let mut path = [0u8; 300];
/// let n = build_mailbox_path(&mut rng, &[node(3)], &node(4), b"id", &mut path)?;
/// let (msg, packet) = build_onion_to_vec(&mut rng, &[node(1)], &BlindedPath::parse(&path[..n])?, &[0; 5000])?;
/// assert_eq!((msg.len, packet.len()), (LARGE_PACKET_LEN, LARGE_PACKET_LEN));
/// # Ok::<(), ptlc::mailbox_route::MailboxRouteError>(())
/// ```
#[cfg(feature = "alloc")]
pub fn build_onion_to_vec<R: RngCore + CryptoRng + ?Sized>(
    rng: &mut R,
    payer_relays: &[PublicKey],
    path: &BlindedPath<'_>,
    blob: &[u8],
) -> Result<(OnionMessage, alloc::vec::Vec<u8>), MailboxRouteError> {
    let mut out = alloc::vec![0u8; super::LARGE_PACKET_LEN];
    let msg = build_onion(rng, payer_relays, path, blob, &mut out)?;
    out.truncate(msg.len);
    Ok((msg, out))
}

fn build_message(
    session_key: &SecretScalar,
    mut blinder: PathBlinder,
    payer_relays: &[PublicKey],
    path: &BlindedPath<'_>,
    final_records: &[Record<'_>],
    hop_payloads_len: Option<usize>,
    out: &mut [u8],
) -> Result<OnionMessage, MailboxRouteError> {
    if payer_relays.len() > MAX_PAYER_RELAYS {
        return Err(MailboxRouteError::TooManyHops);
    }
    if final_records
        .iter()
        .any(|r| r.typ == TLV_ENCRYPTED_RECIPIENT_DATA)
    {
        return Err(MailboxRouteError::InvalidRecord);
    }
    let IntroductionNode::NodeId(intro) = path.introduction_node() else {
        return Err(MailboxRouteError::UnsupportedIntroduction);
    };
    let count = payer_relays
        .len()
        .checked_add(path.num_hops())
        .filter(|c| *c <= MAX_HOPS)
        .ok_or(MailboxRouteError::TooManyHops)?;
    let path_key = blinder.path_key();
    let override_key = path.first_path_key().serialize();
    let mut payer_enc = [[0u8; PAYER_ENC_LEN]; MAX_PAYER_RELAYS];
    let mut keys = [None; MAX_HOPS];
    let mut tlv = [0u8; PAYER_TLV_LEN];
    for ((i, relay), enc) in payer_relays.iter().enumerate().zip(payer_enc.iter_mut()) {
        let next = payer_relays.get(i.saturating_add(1));
        let next_ser = next.unwrap_or(&intro).serialize();
        let records: &[(u64, &[u8])] = match next {
            Some(_) => &[(TLV_NEXT_NODE_ID, &next_ser)],
            None => &[
                (TLV_NEXT_NODE_ID, &next_ser),
                (TLV_NEXT_PATH_KEY_OVERRIDE, &override_key),
            ],
        };
        padded_tlv(PAYER_TLV_LEN, records, &mut tlv)?;
        let info = blinder.blind_hop(relay, &tlv, enc)?;
        if let Some(k) = keys.get_mut(i) {
            *k = Some(info.blinded_node_id);
        }
    }
    tlv.zeroize();
    let mut enc: [&[u8]; MAX_HOPS] = [&[]; MAX_HOPS];
    for (slot, e) in enc
        .iter_mut()
        .zip(payer_enc.iter().take(payer_relays.len()))
    {
        *slot = e;
    }
    let payee = keys.iter_mut().zip(enc.iter_mut()).skip(payer_relays.len());
    for ((k, e), hop) in payee.zip(path.hops()) {
        *k = Some(hop.blinded_node_id);
        *e = hop.encrypted_recipient_data;
    }
    let hops = MessageHops {
        keys,
        enc,
        count,
        final_records,
    };
    let need = payloads_total(&hops)?;
    let l = match hop_payloads_len {
        Some(l) => l,
        None if need <= SMALL_HOP_PAYLOADS_LEN => SMALL_HOP_PAYLOADS_LEN,
        None if need <= LARGE_HOP_PAYLOADS_LEN => LARGE_HOP_PAYLOADS_LEN,
        None => return Err(MailboxRouteError::TooLarge),
    };
    let len = build_core(session_key, &hops, &[], l, out)?;
    let (first_node_id, path_key) = match payer_relays.first() {
        Some(r) => (*r, path_key),
        None => (intro, path.first_path_key()),
    };
    Ok(OnionMessage {
        first_node_id,
        path_key,
        len,
    })
}
