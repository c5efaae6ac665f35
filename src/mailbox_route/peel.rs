//! The relay and mailbox side: peel one layer of an onion message (BOLT 4,
//! "Onion Decryption" with a `path_key`, and the `onion_message` reader rules).
//!
//! With the node's secret `k` and the incoming `path_key` `E`:
//! `ss = SHA256(k·E)`, the blinded secret `b = HMAC256("blinded_node_id", ss)·k`;
//! the packet layer is decrypted with `b`; the payload's
//! `encrypted_recipient_data` is opened under `HMAC256("rho", ss)`. A relay
//! learns the next hop and forwards the packet with the next path key
//! (`next_path_key_override`, or `SHA256(E || ss)·E`); the mailbox (final hop)
//! learns its `path_id` (the mailbox id) and the blob.
//!
//! Every violation of BOLT 4's reader rules is a typed error (the node then
//! drops the message), and on every error `out` is wiped.
//!
//! ```
//! # let mut rng = rand_core::UnwrapErr(rand_core::OsRng);
//! use ptlc::mailbox_route::{blinded_path::build_mailbox_path, packet::build_onion, peel::{peel, Peeled, NextHop}, BlindedPath};
//! use ptlc::secp256k1::{PublicKey, SecretKey};
//! let sk = |i: u8| SecretKey::from_secret_bytes([i; 32]).unwrap();
//! let node = |i: u8| PublicKey::from_secret_key(&sk(i));
//! let mut path = [0u8; 300];
//! let n = build_mailbox_path(&mut rng, &[], &node(2), b"mailbox-42", &mut path)?;
//! let mut packet = [0u8; 1366];
//! let msg = build_onion(&mut rng, &[node(1)], &BlindedPath::parse(&path[..n])?, b"blob", &mut packet)?;
//! let mut out = [0u8; 1366];
//! let Peeled::Forward(fwd) = peel(&sk(1), &msg.path_key, &packet, &mut out)? else { unreachable!() };
//! assert_eq!(fwd.next_hop, NextHop::NodeId(node(2)));
//! let (next_key, next_packet) = (fwd.next_path_key, fwd.packet.to_vec());
//! let mut out2 = [0u8; 1366];
//! assert_eq!(peel(&sk(2), &next_key, &next_packet, &mut out2)?, Peeled::Final { path_id: b"mailbox-42", blob: b"blob" });
//! # Ok::<(), ptlc::mailbox_route::MailboxRouteError>(())
//! ```

use secp256k1::{PublicKey, SecretKey};
use zeroize::Zeroize;

use super::blinded_path::{
    open_encrypted_data, HopSecrets, TLV_ALLOWED_FEATURES, TLV_NEXT_NODE_ID,
    TLV_NEXT_PATH_KEY_OVERRIDE, TLV_PADDING, TLV_PATH_ID, TLV_PAYMENT_CONSTRAINTS,
    TLV_PAYMENT_RELAY, TLV_SHORT_CHANNEL_ID,
};
use super::packet::unwrap_layer;
use super::{MailboxRouteError, BLOB_TLV_TYPE, TLV_ENCRYPTED_RECIPIENT_DATA};
use crate::arith::SecretScalar;
use crate::tlv::{bigsize_len, check_unknown, TlvError, TlvStream};

/// `onionmsg_tlv` type 2: `reply_path`.
pub const TLV_REPLY_PATH: u64 = 2;
/// The first `onionmsg_tlv` type reserved for the final hop's message.
pub const FIRST_MESSAGE_TYPE: u64 = 64;
/// BOLT 12's message types (`invoice_request`, `invoice`, `invoice_error`).
const BOLT12_MESSAGE_TYPES: [u64; 3] = [64, 66, 68];

/// Where a relay sends the packet next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextHop {
    /// `next_node_id`.
    NodeId(PublicKey),
    /// `short_channel_id` (the peer at the other end of that channel), when no
    /// `next_node_id` is given.
    ShortChannelId(u64),
}

/// A relay's instructions: send `packet` with `next_path_key` to `next_hop`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Forward<'o> {
    /// The next peer.
    pub next_hop: NextHop,
    /// The `path_key` to send along.
    pub next_path_key: PublicKey,
    /// The next packet (in the caller's buffer, same length as the input).
    pub packet: &'o [u8],
}

/// The final hop's decrypted `onionmsg_tlv` and `encrypted_data_tlv`, checked
/// against BOLT 4's reader rules but not interpreted further.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FinalHop<'o> {
    /// The whole `onionmsg_tlv`, with its `encrypted_recipient_data` value
    /// opened in place (the plaintext, then the 16 tag bytes).
    pub onionmsg_tlv: &'o [u8],
    /// The whole decrypted `encrypted_data_tlv`.
    pub encrypted_data_tlv: &'o [u8],
    /// `path_id`, if present.
    pub path_id: Option<&'o [u8]>,
    /// The one message field (type ≥ 64), if present.
    pub message: Option<(u64, &'o [u8])>,
}

/// One peeled onion-message layer, BOLT 4 level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Received<'o> {
    /// This node relays.
    Forward(Forward<'o>),
    /// This node is the final hop.
    Final(FinalHop<'o>),
}

/// One peeled layer of a mailbox route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Peeled<'o> {
    /// This node relays.
    Forward(Forward<'o>),
    /// This node is the mailbox: store `blob` under `path_id`.
    Final {
        /// The mailbox id the payee put in its blinded path.
        path_id: &'o [u8],
        /// The sealed blob (see [`blob`](crate::blob)).
        blob: &'o [u8],
    },
}

/// Peels a mailbox-route layer: [`peel_onion_message`], then at the final hop
/// requires a `path_id` and the blob record [`BLOB_TLV_TYPE`] as the message.
/// `out` needs `packet.len()` bytes; results borrow from it.
///
/// ```
/// use ptlc::mailbox_route::{peel::peel, MailboxRouteError};
/// # let k = ptlc::secp256k1::SecretKey::from_secret_bytes([5; 32]).unwrap();
/// # let e = ptlc::secp256k1::PublicKey::from_secret_key(&k);
/// let mut out = [0u8; 1366];
/// assert_eq!(peel(&k, &e, &[0; 1366], &mut out), Err(MailboxRouteError::InvalidOnionKey));
/// ```
pub fn peel<'o>(
    node_secret: &SecretKey,
    path_key: &PublicKey,
    packet: &[u8],
    out: &'o mut [u8],
) -> Result<Peeled<'o>, MailboxRouteError> {
    let (parsed, out) = peel_checked(node_secret, path_key, packet, out, |f| {
        match (&f.path_id, &f.message) {
            (None, _) => Err(MailboxRouteError::MissingPathId),
            (Some(_), Some((BLOB_TLV_TYPE, _))) => Ok(()),
            (Some(_), Some((t, _))) => Err(MailboxRouteError::UnexpectedPayload(*t)),
            (Some(_), None) => Err(MailboxRouteError::MissingBlob),
        }
    })?;
    match parsed {
        Parsed::Forward(f) => f.view(out).map(Peeled::Forward),
        Parsed::Final(f) => Ok(Peeled::Final {
            path_id: f.path_id.and_then(|r| out.get(r)).unwrap_or(&[]),
            blob: f.message.and_then(|(_, r)| out.get(r)).unwrap_or(&[]),
        }),
    }
}

/// Peels one onion-message layer (BOLT 4, "Onion Messages", reader side).
/// `out` needs `packet.len()` bytes; it is wiped on error.
///
/// ```
/// use ptlc::mailbox_route::{peel::peel_onion_message, MailboxRouteError};
/// # let k = ptlc::secp256k1::SecretKey::from_secret_bytes([5; 32]).unwrap();
/// # let e = ptlc::secp256k1::PublicKey::from_secret_key(&k);
/// let mut packet = [0u8; 1366];
/// packet[1..34].copy_from_slice(&e.serialize());
/// let mut out = [0u8; 1366];
/// assert_eq!(peel_onion_message(&k, &e, &packet, &mut out), Err(MailboxRouteError::BadHmac));
/// assert_eq!(peel_onion_message(&k, &e, &packet, &mut [0; 10]), Err(MailboxRouteError::BufferTooSmall));
/// ```
pub fn peel_onion_message<'o>(
    node_secret: &SecretKey,
    path_key: &PublicKey,
    packet: &[u8],
    out: &'o mut [u8],
) -> Result<Received<'o>, MailboxRouteError> {
    let (parsed, out) = peel_checked(node_secret, path_key, packet, out, |_| Ok(()))?;
    match parsed {
        Parsed::Forward(f) => f.view(out).map(Received::Forward),
        Parsed::Final(f) => {
            let slice = |r: Span| out.get(r).unwrap_or(&[]);
            Ok(Received::Final(FinalHop {
                onionmsg_tlv: slice(f.payload),
                encrypted_data_tlv: slice(f.data),
                path_id: f.path_id.map(slice),
                message: f.message.map(|(t, r)| (t, slice(r))),
            }))
        }
    }
}

/// Peels into `out`, then applies `check` to a final hop; wipes `out` on any error.
fn peel_checked<'o>(
    node_secret: &SecretKey,
    path_key: &PublicKey,
    packet: &[u8],
    out: &'o mut [u8],
    check: impl Fn(&FinalSpans) -> Result<(), MailboxRouteError>,
) -> Result<(Parsed, &'o [u8]), MailboxRouteError> {
    let k = SecretScalar::from_secret_key(node_secret);
    let parsed = peel_into(&k, path_key, packet, out).and_then(|p| match &p {
        Parsed::Final(f) => check(f).map(|()| p),
        Parsed::Forward(_) => Ok(p),
    });
    match parsed {
        Ok(p) => Ok((p, out)),
        Err(e) => {
            out.zeroize();
            Err(e)
        }
    }
}

type Span = core::ops::Range<usize>;

struct FinalSpans {
    payload: Span,
    data: Span,
    path_id: Option<Span>,
    message: Option<(u64, Span)>,
}

struct ForwardSpans {
    next_hop: NextHop,
    next_path_key: PublicKey,
    len: usize,
}

impl ForwardSpans {
    fn view(self, out: &[u8]) -> Result<Forward<'_>, MailboxRouteError> {
        Ok(Forward {
            next_hop: self.next_hop,
            next_path_key: self.next_path_key,
            packet: out
                .get(..self.len)
                .ok_or(MailboxRouteError::BufferTooSmall)?,
        })
    }
}

enum Parsed {
    Forward(ForwardSpans),
    Final(FinalSpans),
}

/// The records of a TLV stream at `base` in a buffer, with each value's range.
fn records(bytes: &[u8], base: usize) -> impl Iterator<Item = Result<(u64, Span), TlvError>> + '_ {
    let mut pos = base;
    TlvStream::new(bytes).map(move |r| {
        r.map(|r| {
            let start = pos
                .saturating_add(bigsize_len(r.typ))
                .saturating_add(bigsize_len(r.value.len() as u64));
            let end = start.saturating_add(r.value.len());
            pos = end;
            (r.typ, start..end)
        })
    })
}

/// What the payload (`onionmsg_tlv`) holds. The rules that depend on the
/// hop's position are applied after decryption (SPEC.md, "Peeling": the
/// checks run in its order, each over the whole stream).
struct PayloadFields {
    encrypted: Span,
    message: Option<(u64, Span)>,
    /// The type of the first record other than `encrypted_recipient_data`.
    first_other: Option<u64>,
    /// The type of a second message field, if any.
    second_message: Option<u64>,
    reply_path: bool,
}

impl PayloadFields {
    /// A relay's payload holds `encrypted_recipient_data` only.
    fn check_relay(&self) -> Result<(), MailboxRouteError> {
        match self.first_other {
            Some(t) => Err(MailboxRouteError::UnexpectedFieldAtRelay(t)),
            None => Ok(()),
        }
    }

    /// The final hop's payload holds at most one message field and no reply path.
    fn check_final(&self) -> Result<(), MailboxRouteError> {
        if let Some(t) = self.second_message {
            return Err(MailboxRouteError::UnexpectedPayload(t));
        }
        if self.reply_path {
            return Err(MailboxRouteError::ReplyPathUnsupported);
        }
        Ok(())
    }
}

/// The payload as a TLV stream without unknown even types (`Payload`), with
/// `encrypted_recipient_data` (`MissingEncryptedData`).
fn parse_payload(bytes: &[u8], base: usize) -> Result<PayloadFields, MailboxRouteError> {
    let mut encrypted = None;
    let mut message = None;
    let mut second_message = None;
    let mut first_other = None;
    let mut reply_path = false;
    for r in records(bytes, base) {
        let (typ, span) = r.map_err(MailboxRouteError::Payload)?;
        if typ != TLV_ENCRYPTED_RECIPIENT_DATA && first_other.is_none() {
            first_other = Some(typ);
        }
        match typ {
            TLV_ENCRYPTED_RECIPIENT_DATA => encrypted = Some(span),
            TLV_REPLY_PATH => reply_path = true,
            t if t >= FIRST_MESSAGE_TYPE => {
                if t & 1 == 0 && !BOLT12_MESSAGE_TYPES.contains(&t) {
                    return Err(MailboxRouteError::Payload(TlvError::UnknownEvenType(t)));
                }
                if message.is_none() {
                    message = Some((t, span));
                } else if second_message.is_none() {
                    second_message = Some(t);
                }
            }
            t => check_unknown(t).map_err(MailboxRouteError::Payload)?,
        }
    }
    Ok(PayloadFields {
        encrypted: encrypted.ok_or(MailboxRouteError::MissingEncryptedData)?,
        message,
        first_other,
        second_message,
        reply_path,
    })
}

/// What the decrypted `encrypted_data_tlv` holds.
#[derive(Default)]
struct DataFields {
    next_node_id: Option<PublicKey>,
    short_channel_id: Option<u64>,
    path_id: Option<Span>,
    path_key_override: Option<PublicKey>,
}

fn point_value(typ: u64, v: &[u8]) -> Result<PublicKey, MailboxRouteError> {
    PublicKey::from_slice(v)
        .map_err(|_| MailboxRouteError::EncryptedData(TlvError::InvalidValue(typ)))
}

/// The decrypted `encrypted_data_tlv`: a TLV stream without unknown even
/// types and with well-formed values (`EncryptedData`), then without payment
/// fields (`PaymentFieldInMessage`) and feature bits (`UnknownFeature`).
fn parse_data(bytes: &[u8], base: usize) -> Result<DataFields, MailboxRouteError> {
    let mut f = DataFields::default();
    let mut payment_field = None;
    let mut feature_bit = false;
    for r in records(bytes, base) {
        let (typ, span) = r.map_err(MailboxRouteError::EncryptedData)?;
        let v = bytes
            .get(span.start.saturating_sub(base)..span.end.saturating_sub(base))
            .unwrap_or(&[]);
        match typ {
            TLV_PADDING => {}
            TLV_SHORT_CHANNEL_ID => {
                let scid: [u8; 8] = v
                    .try_into()
                    .map_err(|_| MailboxRouteError::EncryptedData(TlvError::InvalidValue(typ)))?;
                f.short_channel_id = Some(u64::from_be_bytes(scid));
            }
            TLV_NEXT_NODE_ID => f.next_node_id = Some(point_value(typ, v)?),
            TLV_PATH_ID => f.path_id = Some(span),
            TLV_NEXT_PATH_KEY_OVERRIDE => f.path_key_override = Some(point_value(typ, v)?),
            TLV_PAYMENT_RELAY | TLV_PAYMENT_CONSTRAINTS => {
                payment_field = payment_field.or(Some(typ));
            }
            TLV_ALLOWED_FEATURES => feature_bit |= v.iter().any(|b| *b != 0),
            t => check_unknown(t).map_err(MailboxRouteError::EncryptedData)?,
        }
    }
    if let Some(t) = payment_field {
        return Err(MailboxRouteError::PaymentFieldInMessage(t));
    }
    if feature_bit {
        return Err(MailboxRouteError::UnknownFeature);
    }
    Ok(f)
}

fn peel_into(
    k: &SecretScalar,
    path_key: &PublicKey,
    packet: &[u8],
    out: &mut [u8],
) -> Result<Parsed, MailboxRouteError> {
    let secrets = HopSecrets::derive(k, path_key)?;
    let layer = unwrap_layer(&secrets.blinded, packet, &[], out)?;
    let is_final = layer.is_final();
    let payload_bytes = out
        .get(layer.payload.clone())
        .ok_or(MailboxRouteError::BufferTooSmall)?;
    let fields = parse_payload(payload_bytes, layer.payload.start)?;
    let enc = out
        .get_mut(fields.encrypted.clone())
        .ok_or(MailboxRouteError::BufferTooSmall)?;
    let n = open_encrypted_data(&secrets.ss, enc)?;
    let data_span = fields.encrypted.start..fields.encrypted.start.saturating_add(n);
    let data_bytes = out
        .get(data_span.clone())
        .ok_or(MailboxRouteError::BufferTooSmall)?;
    let data = parse_data(data_bytes, data_span.start)?;
    if is_final {
        if data.next_node_id.is_some()
            || data.short_channel_id.is_some()
            || data.path_key_override.is_some()
        {
            return Err(MailboxRouteError::ForwardFieldAtFinal);
        }
        fields.check_final()?;
        return Ok(Parsed::Final(FinalSpans {
            payload: layer.payload,
            data: data_span,
            path_id: data.path_id,
            message: fields.message,
        }));
    }
    fields.check_relay()?;
    if data.path_id.is_some() {
        return Err(MailboxRouteError::PathIdAtRelay);
    }
    let next_hop = match (data.next_node_id, data.short_channel_id) {
        (Some(id), _) => NextHop::NodeId(id),
        (None, Some(scid)) => NextHop::ShortChannelId(scid),
        (None, None) => return Err(MailboxRouteError::NoNextHop),
    };
    let next_path_key = match data.path_key_override {
        Some(key) => key,
        None => secrets.next_path_key(path_key)?,
    };
    layer.forward(out)?;
    Ok(Parsed::Forward(ForwardSpans {
        next_hop,
        next_path_key,
        len: layer.packet_len(),
    }))
}
