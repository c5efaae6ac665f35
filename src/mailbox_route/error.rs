//! The one error type of the mailbox route.

use core::fmt;

use crate::tlv::TlvError;

/// Why building, parsing or peeling a mailbox route failed. Each cause is its
/// own variant; the reader rules of BOLT 4 ("MUST ignore the message") map to
/// the peel variants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailboxRouteError {
    /// An output buffer is too small.
    BufferTooSmall,
    /// A route or blinded path with no hop.
    NoHops,
    /// More hops than [`MAX_HOPS`](super::MAX_HOPS) (or than a blinded path's
    /// one-byte count).
    TooManyHops,
    /// The hop payloads do not fit the packet.
    TooLarge,
    /// The mailbox id is longer than [`MAX_PATH_ID_LEN`](super::MAX_PATH_ID_LEN).
    PathIdTooLong,
    /// A caller-chosen secret (test-vector entry points) is 0 or not below n.
    InvalidSecret,
    /// A hash used as a scalar was 0 mod n (probability about 2^-256).
    ZeroScalar,
    /// The RNG gave no valid secret scalar in repeated draws (see
    /// [`ScalarError::RngFailure`](crate::ScalarError::RngFailure)).
    RngFailure,
    /// The blinded path's introduction node is given as a short channel id,
    /// which this crate cannot resolve to a node id.
    UnsupportedIntroduction,
    /// A blinded path encoding ends early.
    Truncated,
    /// Bytes follow a complete blinded path encoding.
    TrailingBytes,
    /// A point in a blinded path is not a valid compressed public key.
    InvalidPoint,
    /// A final-hop TLV record has a type the builder cannot use (4, or not
    /// ascending).
    InvalidRecord,
    /// The packet is shorter than a header, HMAC and one byte of payloads.
    InvalidPacketLength,
    /// The packet's version is not 0.
    UnknownVersion(u8),
    /// The packet's public key is not a valid point.
    InvalidOnionKey,
    /// The packet HMAC does not verify: altered, or not for this node and path key.
    BadHmac,
    /// The hop payload's length is malformed, below 2 or runs past the payloads.
    BadPayloadLength,
    /// The hop payload (`onionmsg_tlv`) is not a valid TLV stream or has an
    /// unknown even type.
    Payload(TlvError),
    /// The hop payload has no `encrypted_recipient_data`.
    MissingEncryptedData,
    /// `encrypted_recipient_data` does not decrypt under this hop's key.
    UndecryptableEncryptedData,
    /// The decrypted `encrypted_data_tlv` is not a valid TLV stream, has an
    /// unknown even type or a malformed value.
    EncryptedData(TlvError),
    /// A non-final hop's payload has a field other than `encrypted_recipient_data`.
    UnexpectedFieldAtRelay(u64),
    /// A non-final hop's `encrypted_data_tlv` has a `path_id`.
    PathIdAtRelay,
    /// A non-final hop's `encrypted_data_tlv` names no next hop.
    NoNextHop,
    /// `payment_relay` or `payment_constraints` in an onion message's
    /// `encrypted_data_tlv` (BOLT 4 forbids them there).
    PaymentFieldInMessage(u64),
    /// `allowed_features` has a feature bit set (none is known).
    UnknownFeature,
    /// The final hop's `encrypted_data_tlv` has a next hop or path key override.
    ForwardFieldAtFinal,
    /// The final hop's `encrypted_data_tlv` has no `path_id` (the mailbox id).
    MissingPathId,
    /// The final hop's payload carries no sealed blob.
    MissingBlob,
    /// The final hop's payload has a message field other than the blob, or more than one.
    UnexpectedPayload(u64),
    /// The final hop's payload has a `reply_path`; a mailbox never replies.
    ReplyPathUnsupported,
}

impl fmt::Display for MailboxRouteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use MailboxRouteError as E;
        match self {
            E::BufferTooSmall => f.write_str("output buffer too small"),
            E::NoHops => f.write_str("route or blinded path without hops"),
            E::TooManyHops => f.write_str("too many hops"),
            E::TooLarge => f.write_str("hop payloads do not fit the packet"),
            E::PathIdTooLong => f.write_str("mailbox id too long"),
            E::InvalidSecret => f.write_str("secret is 0 or not below the group order"),
            E::ZeroScalar => f.write_str("derived scalar is zero"),
            E::RngFailure => f.write_str("the RNG returned no valid secret in repeated draws"),
            E::UnsupportedIntroduction => {
                f.write_str("introduction node given as a short channel id")
            }
            E::Truncated => f.write_str("blinded path encoding ends early"),
            E::TrailingBytes => f.write_str("bytes after the blinded path"),
            E::InvalidPoint => f.write_str("invalid point in blinded path"),
            E::InvalidRecord => f.write_str("final-hop record type unusable"),
            E::InvalidPacketLength => f.write_str("onion packet too short"),
            E::UnknownVersion(v) => write!(f, "unknown onion packet version {v}"),
            E::InvalidOnionKey => f.write_str("invalid onion public key"),
            E::BadHmac => f.write_str("onion HMAC does not verify"),
            E::BadPayloadLength => f.write_str("malformed hop payload length"),
            E::Payload(e) => write!(f, "hop payload: {e}"),
            E::MissingEncryptedData => f.write_str("hop payload without encrypted_recipient_data"),
            E::UndecryptableEncryptedData => {
                f.write_str("encrypted_recipient_data does not decrypt")
            }
            E::EncryptedData(e) => write!(f, "encrypted_data_tlv: {e}"),
            E::UnexpectedFieldAtRelay(t) => write!(f, "field {t} in a relay's payload"),
            E::PathIdAtRelay => f.write_str("path_id at a non-final hop"),
            E::NoNextHop => f.write_str("non-final hop without a next hop"),
            E::PaymentFieldInMessage(t) => write!(f, "payment field {t} in an onion message"),
            E::UnknownFeature => f.write_str("allowed_features has an unknown feature bit"),
            E::ForwardFieldAtFinal => f.write_str("next hop fields at the final hop"),
            E::MissingPathId => f.write_str("final hop without path_id"),
            E::MissingBlob => f.write_str("final hop without a sealed blob"),
            E::UnexpectedPayload(t) => write!(f, "unexpected message field {t} at the final hop"),
            E::ReplyPathUnsupported => f.write_str("reply_path at the mailbox"),
        }
    }
}

impl core::error::Error for MailboxRouteError {}
