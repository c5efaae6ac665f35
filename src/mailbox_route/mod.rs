//! The mailbox route (SPEC.md, "Mailbox route"): the sealed package travels to
//! the payee's mailbox as a BOLT 4 **onion message** over a **blinded path**,
//! through relays the payer chose and then relays the payee chose, so that no
//! single node learns both who pays and who is paid.
//!
//! * [`blinded_path`]: the payee builds and publishes a blinded path to its
//!   mailbox (BOLT 4 route blinding, BOLT 12 `blinded_path` encoding).
//! * [`packet`]: the payer builds the Sphinx `onion_message_packet` (1366 or
//!   32834 bytes) whose final payload carries the blob in record [`BLOB_TLV_TYPE`].
//! * [`peel`](mod@peel): each relay peels one layer and learns only the next hop; the
//!   mailbox gets the mailbox id (`path_id`) and the blob.
//!
//! Everything builds and peels into caller buffers without a heap;
//! [`packet::build_onion_to_vec`] (feature `alloc`) is the convenience for the
//! 32834-byte form.
//!
//! ```
//! # let mut rng = rand_core::UnwrapErr(rand_core::OsRng);
//! use ptlc::mailbox_route::{build_mailbox_path, build_onion, peel, BlindedPath, Peeled, SMALL_PACKET_LEN};
//! use ptlc::secp256k1::{PublicKey, SecretKey};
//! let sk = |i: u8| SecretKey::from_secret_bytes([i; 32]).unwrap();
//! let node = |i: u8| PublicKey::from_secret_key(&sk(i));
//! // The payee: relay 3, then its mailbox 4.
//! let mut path = [0u8; 300];
//! let n = build_mailbox_path(&mut rng, &[node(3)], &node(4), b"mailbox-42", &mut path)?;
//! // The payer: relay 1, then the payee's path.
//! let mut packet = [0u8; SMALL_PACKET_LEN];
//! let msg = build_onion(&mut rng, &[node(1)], &BlindedPath::parse(&path[..n])?, b"sealed", &mut packet)?;
//! let (mut key, mut buf) = (msg.path_key, [0u8; SMALL_PACKET_LEN]);
//! for hop in [1, 3, 4] {
//!     let mut out = [0u8; SMALL_PACKET_LEN];
//!     match peel(&sk(hop), &key, &packet, &mut out)? {
//!         Peeled::Forward(f) => { key = f.next_path_key; buf.copy_from_slice(f.packet); }
//!         Peeled::Final { path_id, blob } => assert_eq!((hop, path_id, blob), (4, &b"mailbox-42"[..], &b"sealed"[..])),
//!     }
//!     packet = buf;
//! }
//! # Ok::<(), ptlc::mailbox_route::MailboxRouteError>(())
//! ```

pub mod blinded_path;
mod error;
mod keys;
pub mod packet;
pub mod peel;

pub use blinded_path::{build_mailbox_path, BlindedPath};
pub use error::MailboxRouteError;
pub use packet::{build_onion, OnionMessage};
pub use peel::{peel, Peeled};

/// The `onionmsg_tlv` record that carries the sealed blob at the final hop:
/// `0x7074_6c63` (ASCII "ptlc"), odd (readers that do not know it may ignore
/// it) and in BOLT 4's range for final-hop messages (≥ 64), above 65536 (the
/// custom range).
pub const BLOB_TLV_TYPE: u64 = 0x7074_6c63;
/// `onionmsg_tlv` type 4: `encrypted_recipient_data`.
pub const TLV_ENCRYPTED_RECIPIENT_DATA: u64 = 4;
/// The standard onion message packet: 1366 bytes (1300 bytes of payloads,
/// the size of a payment onion).
pub const SMALL_PACKET_LEN: usize = 1366;
/// The large onion message packet: 32834 bytes (32768 bytes of payloads).
pub const LARGE_PACKET_LEN: usize = 32834;
/// Hop payloads of a [`SMALL_PACKET_LEN`] packet.
pub const SMALL_HOP_PAYLOADS_LEN: usize = 1300;
/// Hop payloads of a [`LARGE_PACKET_LEN`] packet.
pub const LARGE_HOP_PAYLOADS_LEN: usize = 32768;
/// The most hops one packet is built for (payer relays and blinded hops together).
pub const MAX_HOPS: usize = 32;
/// The most relays the payer may put before the payee's path.
pub const MAX_PAYER_RELAYS: usize = 8;
/// The longest mailbox id (`path_id`) [`build_mailbox_path`] accepts.
pub const MAX_PATH_ID_LEN: usize = 128;
