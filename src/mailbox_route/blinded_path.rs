//! The payee side: a BOLT 4 blinded path to the mailbox (BOLT 4, "Route
//! Blinding"), in BOLT 12's `blinded_path` encoding.
//!
//! For hop `i` with node id `N_i`, from `e_0` (random) and `E_0 = e_0·G`:
//! `ss_i = SHA256(e_i·N_i)`, `rho_i = HMAC256("rho", ss_i)`,
//! `B_i = HMAC256("blinded_node_id", ss_i)·N_i`, and
//! `e_{i+1} = SHA256(E_i || ss_i)·e_i`, `E_{i+1} = SHA256(E_i || ss_i)·E_i`.
//! Each hop's `encrypted_data_tlv` is sealed with ChaCha20-Poly1305 under
//! `rho_i`, a zero nonce and no associated data.
//!
//! ```text
//! blinded_path = first_node_id (33) || first_path_key (33) || num_hops (1)
//!                || num_hops × (blinded_node_id (33) || enclen (u16) || encrypted_recipient_data)
//! ```
//!
//! [`build_mailbox_path`] makes the path the payee publishes: its relays each get
//! `next_node_id`, the mailbox gets `path_id` (the mailbox id), and every hop's
//! `encrypted_data_tlv` is padded (type 1) to the same length.
//!
//! ```
//! # let mut rng = rand_core::UnwrapErr(rand_core::OsRng);
//! use ptlc::mailbox_route::blinded_path::{build_mailbox_path, BlindedPath, IntroductionNode};
//! use ptlc::secp256k1::{PublicKey, SecretKey};
//! let node = |i: u8| PublicKey::from_secret_key(&SecretKey::from_secret_bytes([i; 32]).unwrap());
//! let mut buf = [0u8; 512];
//! let n = build_mailbox_path(&mut rng, &[node(1), node(2)], &node(3), b"mailbox-42", &mut buf)?;
//! let path = BlindedPath::parse(&buf[..n])?;
//! assert_eq!(path.introduction_node(), IntroductionNode::NodeId(node(1)));
//! assert_eq!(path.num_hops(), 3);
//! let lens: Vec<usize> = path.hops().map(|h| h.encrypted_recipient_data.len()).collect();
//! assert!(lens.iter().all(|l| *l == lens[0]));
//! # Ok::<(), ptlc::mailbox_route::MailboxRouteError>(())
//! ```

use core::fmt;

use chacha20poly1305::{AeadInOut, ChaCha20Poly1305, KeyInit, Nonce, Tag};
use rand_core::{CryptoRng, RngCore};
use secp256k1::{PublicKey, SecretKey};
use zeroize::Zeroize;

use super::keys::{mul_secret, public_base_mul, scalar_from_bytes, tweak_point, Secret32, RHO};
use super::{MailboxRouteError, MAX_PATH_ID_LEN};
use crate::arith::SecretScalar;
use crate::payment::random_secret_scalar;
use crate::tlv::{bigsize_len, TlvWriter};

/// The Poly1305 tag that `encrypted_recipient_data` adds to its plaintext.
pub const ENCRYPTED_DATA_TAG_LEN: usize = 16;
/// `encrypted_data_tlv` type 1: `padding`.
pub const TLV_PADDING: u64 = 1;
/// `encrypted_data_tlv` type 2: `short_channel_id`.
pub const TLV_SHORT_CHANNEL_ID: u64 = 2;
/// `encrypted_data_tlv` type 4: `next_node_id`.
pub const TLV_NEXT_NODE_ID: u64 = 4;
/// `encrypted_data_tlv` type 6: `path_id`.
pub const TLV_PATH_ID: u64 = 6;
/// `encrypted_data_tlv` type 8: `next_path_key_override`.
pub const TLV_NEXT_PATH_KEY_OVERRIDE: u64 = 8;
/// `encrypted_data_tlv` type 10: `payment_relay` (payments only).
pub const TLV_PAYMENT_RELAY: u64 = 10;
/// `encrypted_data_tlv` type 12: `payment_constraints` (payments only).
pub const TLV_PAYMENT_CONSTRAINTS: u64 = 12;
/// `encrypted_data_tlv` type 14: `allowed_features`.
pub const TLV_ALLOWED_FEATURES: u64 = 14;

const POINT_LEN: usize = 33;
const HEADER_LEN: usize = POINT_LEN + POINT_LEN + 1;
const HOP_HEADER_LEN: usize = POINT_LEN + 2;
/// `next_node_id` record: type, length, point.
pub(crate) const NEXT_NODE_RECORD_LEN: usize = 2 + POINT_LEN;

/// The route-blinding state of a path's writer: the current ephemeral secret
/// `e_i` and path key `E_i` (BOLT 4, "Route Blinding").
///
/// ```
/// # let mut rng = rand_core::UnwrapErr(rand_core::OsRng);
/// use ptlc::mailbox_route::blinded_path::{unblind, PathBlinder};
/// use ptlc::secp256k1::{PublicKey, SecretKey};
/// let k = SecretKey::from_secret_bytes([5; 32]).unwrap();
/// let mut blinder = PathBlinder::random(&mut rng)?;
/// let mut enc = [0u8; 64];
/// let hop = blinder.blind_hop(&PublicKey::from_secret_key(&k), &[6, 2, 0xab, 0xcd], &mut enc)?;
/// let mut buf = [0u8; 64];
/// let opened = unblind(&k, &hop.path_key, &enc[..hop.encrypted_len], &mut buf)?;
/// assert_eq!(opened.encrypted_data_tlv, &[6, 2, 0xab, 0xcd]);
/// # Ok::<(), ptlc::mailbox_route::MailboxRouteError>(())
/// ```
pub struct PathBlinder {
    e: SecretScalar,
    path_key: PublicKey,
    /// `SHA256(E_i || ss_i)` of the last hop, applied lazily so that the last
    /// hop of a path costs no unused key update.
    pending: Option<SecretScalar>,
}

impl fmt::Debug for PathBlinder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PathBlinder(<redacted>)")
    }
}

/// One hop as [`PathBlinder::blind_hop`] wrote it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlindedHopInfo {
    /// `E_i`, the path key this hop receives.
    pub path_key: PublicKey,
    /// `B_i`, the blinded node id.
    pub blinded_node_id: PublicKey,
    /// The length of the `encrypted_recipient_data` written (plaintext + 16).
    pub encrypted_len: usize,
}

impl PathBlinder {
    /// A writer with a fresh random `e_0`.
    ///
    /// ```
    /// # let mut rng = rand_core::UnwrapErr(rand_core::OsRng);
    /// let mut a = ptlc::mailbox_route::blinded_path::PathBlinder::random(&mut rng)?;
    /// let mut b = ptlc::mailbox_route::blinded_path::PathBlinder::random(&mut rng)?;
    /// assert_ne!(a.path_key(), b.path_key());
    /// # Ok::<(), ptlc::mailbox_route::MailboxRouteError>(())
    /// ```
    pub fn random<R: RngCore + CryptoRng + ?Sized>(rng: &mut R) -> Result<Self, MailboxRouteError> {
        random_secret_scalar(rng)
            .map(Self::from_scalar)
            .map_err(|_| MailboxRouteError::RngFailure)
    }

    /// A writer with a caller-chosen `e_0`, **for test vectors only**: a path
    /// key reused across paths links them. Production code calls [`random`](Self::random).
    ///
    /// ```
    /// use ptlc::mailbox_route::{blinded_path::PathBlinder, MailboxRouteError};
    /// assert!(PathBlinder::from_secret_bytes(&[1; 32]).is_ok());
    /// assert_eq!(PathBlinder::from_secret_bytes(&[0; 32]).err(), Some(MailboxRouteError::InvalidSecret));
    /// ```
    pub fn from_secret_bytes(e0: &[u8; 32]) -> Result<Self, MailboxRouteError> {
        scalar_from_bytes(e0)
            .map(Self::from_scalar)
            .ok_or(MailboxRouteError::InvalidSecret)
    }

    fn from_scalar(e: SecretScalar) -> Self {
        let path_key = public_base_mul(&e);
        PathBlinder {
            e,
            path_key,
            pending: None,
        }
    }

    fn advance(&mut self) -> Result<(), MailboxRouteError> {
        if let Some(f) = self.pending.take() {
            self.path_key = tweak_point(&self.path_key, &f);
            self.e = mul_secret(&self.e, &f)?;
        }
        Ok(())
    }

    /// The path key `E_i` the next hop written will receive.
    ///
    /// ```
    /// # let mut rng = rand_core::UnwrapErr(rand_core::OsRng);
    /// let mut b = ptlc::mailbox_route::blinded_path::PathBlinder::random(&mut rng)?;
    /// assert_eq!(b.path_key(), b.path_key());
    /// # Ok::<(), ptlc::mailbox_route::MailboxRouteError>(())
    /// ```
    pub fn path_key(&mut self) -> PublicKey {
        // A zero factor (probability 2^-256) leaves the key as it was.
        let _ = self.advance();
        self.path_key
    }

    /// Blinds the next hop: derives `ss_i`, writes `encrypted_recipient_data`
    /// (the sealed `encrypted_data_tlv`, `tlv.len() + 16` bytes) to the start
    /// of `out`, and returns `E_i`, `B_i` and the length written.
    ///
    /// ```
    /// # let mut rng = rand_core::UnwrapErr(rand_core::OsRng);
    /// use ptlc::mailbox_route::{blinded_path::PathBlinder, MailboxRouteError};
    /// # let n = ptlc::secp256k1::PublicKey::from_secret_key(&ptlc::secp256k1::SecretKey::from_secret_bytes([5; 32]).unwrap());
    /// let mut b = PathBlinder::random(&mut rng)?;
    /// assert_eq!(b.blind_hop(&n, &[1, 0], &mut [0u8; 17]).err(), Some(MailboxRouteError::BufferTooSmall));
    /// assert_eq!(b.blind_hop(&n, &[1, 0], &mut [0u8; 18])?.encrypted_len, 18);
    /// # Ok::<(), MailboxRouteError>(())
    /// ```
    pub fn blind_hop(
        &mut self,
        node_id: &PublicKey,
        encrypted_data_tlv: &[u8],
        out: &mut [u8],
    ) -> Result<BlindedHopInfo, MailboxRouteError> {
        let n = encrypted_data_tlv.len();
        let total = n
            .checked_add(ENCRYPTED_DATA_TAG_LEN)
            .ok_or(MailboxRouteError::TooLarge)?;
        let dst = out
            .get_mut(..total)
            .ok_or(MailboxRouteError::BufferTooSmall)?;
        self.advance()?;
        let ss = Secret32::ecdh(node_id, &self.e);
        let blinded_node_id = tweak_point(node_id, &ss.blinded_node_factor()?);
        seal_encrypted_data(&ss, encrypted_data_tlv, dst)?;
        let info = BlindedHopInfo {
            path_key: self.path_key,
            blinded_node_id,
            encrypted_len: total,
        };
        self.pending = Some(ss.next_key_factor(&self.path_key)?);
        Ok(info)
    }
}

/// ChaCha20-Poly1305 under `rho = HMAC256("rho", ss)`, zero nonce, no
/// associated data; `dst` is `plaintext.len() + 16` bytes.
fn seal_encrypted_data(
    ss: &Secret32,
    plaintext: &[u8],
    dst: &mut [u8],
) -> Result<(), MailboxRouteError> {
    let (body, tag_out) = dst.split_at_mut(plaintext.len());
    body.copy_from_slice(plaintext);
    let rho = ss.derive(RHO);
    let cipher = ChaCha20Poly1305::new(&(*rho.as_bytes()).into());
    match cipher.encrypt_inout_detached(&Nonce::default(), &[], body.into()) {
        Ok(tag) => {
            tag_out.copy_from_slice(tag.as_slice());
            Ok(())
        }
        Err(_) => {
            dst.zeroize();
            Err(MailboxRouteError::TooLarge)
        }
    }
}

/// Opens `encrypted_recipient_data` in place (`buf` = ciphertext || tag) with
/// `ss`; returns the plaintext length. The tag verdict is declassified before
/// it is branched on (it is the error the caller gets).
pub(crate) fn open_encrypted_data(
    ss: &Secret32,
    buf: &mut [u8],
) -> Result<usize, MailboxRouteError> {
    let n = buf
        .len()
        .checked_sub(ENCRYPTED_DATA_TAG_LEN)
        .ok_or(MailboxRouteError::UndecryptableEncryptedData)?;
    let (body, tag) = buf.split_at_mut(n);
    let tag: [u8; ENCRYPTED_DATA_TAG_LEN] = (*tag)
        .try_into()
        .map_err(|_| MailboxRouteError::UndecryptableEncryptedData)?;
    let rho = ss.derive(RHO);
    let cipher = ChaCha20Poly1305::new(&(*rho.as_bytes()).into());
    let opened =
        cipher.decrypt_inout_detached(&Nonce::default(), &[], (&mut *body).into(), &Tag::from(tag));
    let mut authentic = u8::from(opened.is_ok());
    crate::ctime_hooks::declassify(&mut authentic);
    if authentic == 0 {
        body.zeroize();
        return Err(MailboxRouteError::UndecryptableEncryptedData);
    }
    // Authentic: this hop's routing instructions, which it acts on in the open.
    crate::ctime_hooks::declassify(&mut *body);
    Ok(n)
}

/// A node's route-blinding secrets for one incoming path key: the shared
/// secret `ss_i = SHA256(k_i·E_i)` and the blinded secret key `b_i`.
pub(crate) struct HopSecrets {
    pub(crate) ss: Secret32,
    pub(crate) blinded: SecretScalar,
}

impl HopSecrets {
    pub(crate) fn derive(
        k: &SecretScalar,
        path_key: &PublicKey,
    ) -> Result<Self, MailboxRouteError> {
        let ss = Secret32::ecdh(path_key, k);
        let blinded = mul_secret(k, &ss.blinded_node_factor()?)?;
        Ok(HopSecrets { ss, blinded })
    }

    /// `E_{i+1} = SHA256(E_i || ss_i)·E_i`.
    pub(crate) fn next_path_key(
        &self,
        path_key: &PublicKey,
    ) -> Result<PublicKey, MailboxRouteError> {
        Ok(tweak_point(path_key, &self.ss.next_key_factor(path_key)?))
    }
}

/// A node's blinded secret key `b_i = HMAC256("blinded_node_id", ss_i)·k_i`,
/// wiped on drop.
pub struct BlindedNodeSecret(SecretScalar);

impl fmt::Debug for BlindedNodeSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("BlindedNodeSecret(<redacted>)")
    }
}

impl BlindedNodeSecret {
    /// The secret bytes (big-endian), to compare with a test vector.
    ///
    /// ```
    /// # let mut rng = rand_core::UnwrapErr(rand_core::OsRng);
    /// # use ptlc::mailbox_route::blinded_path::{unblind, PathBlinder};
    /// # use ptlc::secp256k1::{PublicKey, SecretKey};
    /// # let k = SecretKey::from_secret_bytes([5; 32]).unwrap();
    /// # let mut b = PathBlinder::random(&mut rng)?;
    /// # let mut enc = [0u8; 18];
    /// let hop = b.blind_hop(&PublicKey::from_secret_key(&k), &[1, 0], &mut enc)?;
    /// let mut buf = [0u8; 18];
    /// let opened = unblind(&k, &hop.path_key, &enc, &mut buf)?;
    /// let b_i = SecretKey::from_secret_bytes(*opened.blinded_secret.expose_secret()).unwrap();
    /// assert_eq!(PublicKey::from_secret_key(&b_i), hop.blinded_node_id);
    /// # Ok::<(), ptlc::mailbox_route::MailboxRouteError>(())
    /// ```
    pub fn expose_secret(&self) -> &[u8; 32] {
        self.0.as_bytes()
    }
}

/// What [`unblind`] recovers at one hop.
#[derive(Debug)]
pub struct Unblinded<'o> {
    /// The hop's blinded secret key `b_i`.
    pub blinded_secret: BlindedNodeSecret,
    /// The decrypted `encrypted_data_tlv` (a sub-slice of the caller's buffer).
    pub encrypted_data_tlv: &'o [u8],
    /// `E_{i+1} = SHA256(E_i || ss_i)·E_i` (what the next hop gets unless the
    /// data carries `next_path_key_override`).
    pub next_path_key: PublicKey,
}

/// The reader of `encrypted_recipient_data` (BOLT 4, "Route Blinding"): from
/// the node's secret `k_i` and the path key `E_i`, derives `b_i`, decrypts the
/// data into `out` (at least `encrypted.len()` bytes) and computes `E_{i+1}`.
/// The TLV content is not interpreted here (see [`peel`](mod@super::peel)).
///
/// ```
/// use ptlc::mailbox_route::{blinded_path::unblind, MailboxRouteError};
/// # use ptlc::secp256k1::{PublicKey, SecretKey};
/// # let k = SecretKey::from_secret_bytes([5; 32]).unwrap();
/// # let e = PublicKey::from_secret_key(&SecretKey::from_secret_bytes([6; 32]).unwrap());
/// assert_eq!(unblind(&k, &e, &[0; 20], &mut [0; 20]).err(), Some(MailboxRouteError::UndecryptableEncryptedData));
/// ```
pub fn unblind<'o>(
    node_secret: &SecretKey,
    path_key: &PublicKey,
    encrypted: &[u8],
    out: &'o mut [u8],
) -> Result<Unblinded<'o>, MailboxRouteError> {
    let buf = out
        .get_mut(..encrypted.len())
        .ok_or(MailboxRouteError::BufferTooSmall)?;
    let k = SecretScalar::from_secret_key(node_secret);
    let secrets = HopSecrets::derive(&k, path_key)?;
    buf.copy_from_slice(encrypted);
    let n = open_encrypted_data(&secrets.ss, buf)?;
    let next_path_key = secrets.next_path_key(path_key)?;
    let encrypted_data_tlv = buf.get(..n).ok_or(MailboxRouteError::BufferTooSmall)?;
    Ok(Unblinded {
        blinded_secret: BlindedNodeSecret(secrets.blinded),
        encrypted_data_tlv,
        next_path_key,
    })
}

// ---- BOLT 12 `blinded_path` encoding ----

/// A blinded path's introduction node (`sciddir_or_pubkey`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntroductionNode {
    /// A node id.
    NodeId(PublicKey),
    /// A directed short channel id: direction (0 or 1) and the channel.
    DirectedShortChannelId {
        /// 0: the channel's lesser node id; 1: the greater.
        direction: u8,
        /// The short channel id.
        short_channel_id: u64,
    },
}

/// One hop of a parsed blinded path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlindedHop<'a> {
    /// `B_i`.
    pub blinded_node_id: PublicKey,
    /// The sealed `encrypted_data_tlv` for this hop.
    pub encrypted_recipient_data: &'a [u8],
}

/// A BOLT 12 `blinded_path`, borrowed from its encoding and checked on parse
/// (every point valid, lengths consistent, no trailing bytes, at least one hop).
///
/// ```
/// use ptlc::mailbox_route::{blinded_path::BlindedPath, MailboxRouteError};
/// assert_eq!(BlindedPath::parse(&[]).err(), Some(MailboxRouteError::Truncated));
/// assert_eq!(BlindedPath::parse(&[4; 80]).err(), Some(MailboxRouteError::InvalidPoint));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlindedPath<'a> {
    bytes: &'a [u8],
    introduction: IntroductionNode,
    first_path_key: PublicKey,
    num_hops: u8,
    hops_start: usize,
}

fn parse_point(bytes: &[u8]) -> Result<PublicKey, MailboxRouteError> {
    PublicKey::from_slice(bytes).map_err(|_| MailboxRouteError::InvalidPoint)
}

fn take<'a>(bytes: &mut &'a [u8], n: usize) -> Result<&'a [u8], MailboxRouteError> {
    if bytes.len() < n {
        return Err(MailboxRouteError::Truncated);
    }
    let (head, tail) = bytes.split_at(n);
    *bytes = tail;
    Ok(head)
}

fn parse_hop<'a>(rest: &mut &'a [u8]) -> Result<BlindedHop<'a>, MailboxRouteError> {
    let blinded_node_id = parse_point(take(rest, POINT_LEN)?)?;
    let len = take(rest, 2)?;
    let len = usize::from(u16::from_be_bytes([
        len.first().copied().unwrap_or(0),
        len.get(1).copied().unwrap_or(0),
    ]));
    Ok(BlindedHop {
        blinded_node_id,
        encrypted_recipient_data: take(rest, len)?,
    })
}

impl<'a> BlindedPath<'a> {
    /// Parses and checks a `blinded_path` that fills `bytes` exactly.
    ///
    /// ```
    /// # let mut rng = rand_core::UnwrapErr(rand_core::OsRng);
    /// use ptlc::mailbox_route::{blinded_path::{build_mailbox_path, BlindedPath}, MailboxRouteError};
    /// # let node = |i: u8| ptlc::secp256k1::PublicKey::from_secret_key(&ptlc::secp256k1::SecretKey::from_secret_bytes([i; 32]).unwrap());
    /// let mut buf = [0u8; 300];
    /// let n = build_mailbox_path(&mut rng, &[node(1)], &node(2), b"id", &mut buf)?;
    /// assert!(BlindedPath::parse(&buf[..n]).is_ok());
    /// assert_eq!(BlindedPath::parse(&buf[..n + 1]).err(), Some(MailboxRouteError::TrailingBytes));
    /// assert_eq!(BlindedPath::parse(&buf[..n - 1]).err(), Some(MailboxRouteError::Truncated));
    /// # Ok::<(), MailboxRouteError>(())
    /// ```
    pub fn parse(bytes: &'a [u8]) -> Result<Self, MailboxRouteError> {
        let mut rest = bytes;
        let first = *rest.first().ok_or(MailboxRouteError::Truncated)?;
        let introduction = if first <= 1 {
            let sciddir = take(&mut rest, 9)?;
            let mut scid = [0u8; 8];
            scid.copy_from_slice(sciddir.get(1..).ok_or(MailboxRouteError::Truncated)?);
            IntroductionNode::DirectedShortChannelId {
                direction: first,
                short_channel_id: u64::from_be_bytes(scid),
            }
        } else {
            IntroductionNode::NodeId(parse_point(take(&mut rest, POINT_LEN)?)?)
        };
        let first_path_key = parse_point(take(&mut rest, POINT_LEN)?)?;
        let num_hops = *take(&mut rest, 1)?
            .first()
            .ok_or(MailboxRouteError::Truncated)?;
        if num_hops == 0 {
            return Err(MailboxRouteError::NoHops);
        }
        let hops_start = bytes.len().saturating_sub(rest.len());
        for _ in 0..num_hops {
            parse_hop(&mut rest)?;
        }
        if !rest.is_empty() {
            return Err(MailboxRouteError::TrailingBytes);
        }
        Ok(BlindedPath {
            bytes,
            introduction,
            first_path_key,
            num_hops,
            hops_start,
        })
    }

    /// `first_node_id`.
    ///
    /// ```
    /// # use ptlc::mailbox_route::blinded_path::{BlindedPath, IntroductionNode};
    /// # let mut b = vec![1u8, 0, 0, 0, 0, 0, 0, 0, 7];
    /// # b.extend_from_slice(&ptlc::secp256k1::PublicKey::from_secret_key(&ptlc::secp256k1::SecretKey::from_secret_bytes([1; 32]).unwrap()).serialize());
    /// # b.push(1); b.extend_from_slice(&b[9..42].to_vec()); b.extend_from_slice(&[0, 0]);
    /// let path = BlindedPath::parse(&b)?;
    /// assert_eq!(path.introduction_node(), IntroductionNode::DirectedShortChannelId { direction: 1, short_channel_id: 7 });
    /// # Ok::<(), ptlc::mailbox_route::MailboxRouteError>(())
    /// ```
    pub fn introduction_node(&self) -> IntroductionNode {
        self.introduction
    }

    /// `first_path_key` (`E_0`).
    ///
    /// ```
    /// # let mut rng = rand_core::UnwrapErr(rand_core::OsRng);
    /// # use ptlc::mailbox_route::blinded_path::{build_mailbox_path, BlindedPath};
    /// # let node = |i: u8| ptlc::secp256k1::PublicKey::from_secret_key(&ptlc::secp256k1::SecretKey::from_secret_bytes([i; 32]).unwrap());
    /// # let mut buf = [0u8; 300];
    /// let n = build_mailbox_path(&mut rng, &[], &node(2), b"id", &mut buf)?;
    /// assert_eq!(&BlindedPath::parse(&buf[..n])?.first_path_key().serialize()[..], &buf[33..66]);
    /// # Ok::<(), ptlc::mailbox_route::MailboxRouteError>(())
    /// ```
    pub fn first_path_key(&self) -> PublicKey {
        self.first_path_key
    }

    /// `num_hops` (at least 1).
    ///
    /// ```
    /// # let mut rng = rand_core::UnwrapErr(rand_core::OsRng);
    /// # use ptlc::mailbox_route::blinded_path::{build_mailbox_path, BlindedPath};
    /// # let node = |i: u8| ptlc::secp256k1::PublicKey::from_secret_key(&ptlc::secp256k1::SecretKey::from_secret_bytes([i; 32]).unwrap());
    /// # let mut buf = [0u8; 300];
    /// let n = build_mailbox_path(&mut rng, &[], &node(2), b"id", &mut buf)?;
    /// assert_eq!(BlindedPath::parse(&buf[..n])?.num_hops(), 1);
    /// # Ok::<(), ptlc::mailbox_route::MailboxRouteError>(())
    /// ```
    pub fn num_hops(&self) -> usize {
        usize::from(self.num_hops)
    }

    /// The hops, in order.
    ///
    /// ```
    /// # let mut rng = rand_core::UnwrapErr(rand_core::OsRng);
    /// # use ptlc::mailbox_route::blinded_path::{build_mailbox_path, BlindedPath};
    /// # let node = |i: u8| ptlc::secp256k1::PublicKey::from_secret_key(&ptlc::secp256k1::SecretKey::from_secret_bytes([i; 32]).unwrap());
    /// # let mut buf = [0u8; 300];
    /// let n = build_mailbox_path(&mut rng, &[node(1)], &node(2), b"id", &mut buf)?;
    /// assert_eq!(BlindedPath::parse(&buf[..n])?.hops().count(), 2);
    /// # Ok::<(), ptlc::mailbox_route::MailboxRouteError>(())
    /// ```
    pub fn hops(&self) -> BlindedHops<'a> {
        BlindedHops {
            rest: self.bytes.get(self.hops_start..).unwrap_or(&[]),
            left: self.num_hops,
        }
    }

    /// The encoding this path was parsed from.
    ///
    /// ```
    /// # let mut rng = rand_core::UnwrapErr(rand_core::OsRng);
    /// # use ptlc::mailbox_route::blinded_path::{build_mailbox_path, BlindedPath};
    /// # let node = |i: u8| ptlc::secp256k1::PublicKey::from_secret_key(&ptlc::secp256k1::SecretKey::from_secret_bytes([i; 32]).unwrap());
    /// # let mut buf = [0u8; 300];
    /// let n = build_mailbox_path(&mut rng, &[], &node(2), b"id", &mut buf)?;
    /// assert_eq!(BlindedPath::parse(&buf[..n])?.as_bytes(), &buf[..n]);
    /// # Ok::<(), ptlc::mailbox_route::MailboxRouteError>(())
    /// ```
    pub fn as_bytes(&self) -> &'a [u8] {
        self.bytes
    }
}

/// The hops of a [`BlindedPath`] (checked when the path was parsed).
#[derive(Debug, Clone)]
pub struct BlindedHops<'a> {
    rest: &'a [u8],
    left: u8,
}

impl<'a> Iterator for BlindedHops<'a> {
    type Item = BlindedHop<'a>;

    fn next(&mut self) -> Option<BlindedHop<'a>> {
        self.left = self.left.checked_sub(1)?;
        parse_hop(&mut self.rest).ok()
    }
}

// ---- the mailbox path ----

/// The plaintext `encrypted_data_tlv` length every hop of a mailbox path gets:
/// the longest content (a relay's `next_node_id`, or the mailbox's `path_id`)
/// plus a padding record of at least two bytes.
fn padded_tlv_len(mailbox_id_len: usize) -> usize {
    let path_id = 1usize
        .saturating_add(bigsize_len(mailbox_id_len as u64))
        .saturating_add(mailbox_id_len);
    path_id.max(NEXT_NODE_RECORD_LEN).saturating_add(2)
}

/// The length of the encoding [`build_mailbox_path`] writes.
///
/// ```
/// use ptlc::mailbox_route::{blinded_path::mailbox_path_len, MailboxRouteError};
/// assert_eq!(mailbox_path_len(2, 16), Ok(67 + 3 * (35 + 37 + 16)));
/// assert_eq!(mailbox_path_len(255, 16), Err(MailboxRouteError::TooManyHops));
/// assert_eq!(mailbox_path_len(0, 129), Err(MailboxRouteError::PathIdTooLong));
/// ```
pub fn mailbox_path_len(
    num_relays: usize,
    mailbox_id_len: usize,
) -> Result<usize, MailboxRouteError> {
    if mailbox_id_len > MAX_PATH_ID_LEN {
        return Err(MailboxRouteError::PathIdTooLong);
    }
    if num_relays >= usize::from(u8::MAX) {
        return Err(MailboxRouteError::TooManyHops);
    }
    let per_hop = HOP_HEADER_LEN
        .saturating_add(padded_tlv_len(mailbox_id_len))
        .saturating_add(ENCRYPTED_DATA_TAG_LEN);
    Ok(HEADER_LEN.saturating_add(per_hop.saturating_mul(num_relays.saturating_add(1))))
}

/// Writes a padded `encrypted_data_tlv`: `padding` to `total` bytes, then `record`.
pub(crate) fn padded_tlv(
    total: usize,
    records: &[(u64, &[u8])],
    out: &mut [u8],
) -> Result<usize, MailboxRouteError> {
    let content: usize = records
        .iter()
        .map(|(t, v)| crate::tlv::record_len(*t, v.len()))
        .fold(0usize, usize::saturating_add);
    let dst = out
        .get_mut(..total)
        .ok_or(MailboxRouteError::BufferTooSmall)?;
    let mut w = TlvWriter::new(dst);
    if let Some(pad_record) = total.checked_sub(content).filter(|p| *p > 0) {
        // A padding record of `pad_record` bytes: type (1) + length + zeros.
        let pad_len = pad_record
            .checked_sub(2)
            .ok_or(MailboxRouteError::TooLarge)?;
        if pad_len >= 253 {
            return Err(MailboxRouteError::TooLarge);
        }
        w.write(TLV_PADDING, ZEROS.get(..pad_len).unwrap_or(&[]))
            .map_err(|_| MailboxRouteError::BufferTooSmall)?;
    }
    for (t, v) in records {
        w.write(*t, v)
            .map_err(|_| MailboxRouteError::BufferTooSmall)?;
    }
    if w.finish() != total {
        return Err(MailboxRouteError::TooLarge);
    }
    Ok(total)
}

const ZEROS: [u8; 252] = [0u8; 252];

/// Builds the payee's blinded path `relays[0] → … → mailbox` in BOLT 12
/// encoding into `out` ([`mailbox_path_len`] bytes) and returns its length.
///
/// Each relay's `encrypted_data_tlv` holds `next_node_id`; the mailbox's holds
/// `path_id = mailbox_id`; all are padded to one length. With no relays the
/// mailbox is the (public) introduction node.
///
/// ```
/// # let mut rng = rand_core::UnwrapErr(rand_core::OsRng);
/// use ptlc::mailbox_route::{blinded_path::build_mailbox_path, MailboxRouteError};
/// # let node = |i: u8| ptlc::secp256k1::PublicKey::from_secret_key(&ptlc::secp256k1::SecretKey::from_secret_bytes([i; 32]).unwrap());
/// let mut small = [0u8; 100];
/// assert_eq!(build_mailbox_path(&mut rng, &[node(1)], &node(2), b"id", &mut small), Err(MailboxRouteError::BufferTooSmall));
/// ```
pub fn build_mailbox_path<R: RngCore + CryptoRng + ?Sized>(
    rng: &mut R,
    relays: &[PublicKey],
    mailbox: &PublicKey,
    mailbox_id: &[u8],
    out: &mut [u8],
) -> Result<usize, MailboxRouteError> {
    mailbox_path_len(relays.len(), mailbox_id.len())?;
    write_mailbox_path(PathBlinder::random(rng)?, relays, mailbox, mailbox_id, out)
}

/// [`build_mailbox_path`] with a caller-chosen `e_0`, **for test vectors only**.
///
/// ```
/// use ptlc::mailbox_route::blinded_path::build_mailbox_path_with_key;
/// # let node = |i: u8| ptlc::secp256k1::PublicKey::from_secret_key(&ptlc::secp256k1::SecretKey::from_secret_bytes([i; 32]).unwrap());
/// let (mut a, mut b) = ([0u8; 300], [0u8; 300]);
/// let n = build_mailbox_path_with_key(&[9; 32], &[node(1)], &node(2), b"id", &mut a)?;
/// build_mailbox_path_with_key(&[9; 32], &[node(1)], &node(2), b"id", &mut b)?;
/// assert_eq!(a[..n], b[..n]);
/// # Ok::<(), ptlc::mailbox_route::MailboxRouteError>(())
/// ```
pub fn build_mailbox_path_with_key(
    e0: &[u8; 32],
    relays: &[PublicKey],
    mailbox: &PublicKey,
    mailbox_id: &[u8],
    out: &mut [u8],
) -> Result<usize, MailboxRouteError> {
    write_mailbox_path(
        PathBlinder::from_secret_bytes(e0)?,
        relays,
        mailbox,
        mailbox_id,
        out,
    )
}

fn write_mailbox_path(
    mut blinder: PathBlinder,
    relays: &[PublicKey],
    mailbox: &PublicKey,
    mailbox_id: &[u8],
    out: &mut [u8],
) -> Result<usize, MailboxRouteError> {
    let total = mailbox_path_len(relays.len(), mailbox_id.len())?;
    let out = out
        .get_mut(..total)
        .ok_or(MailboxRouteError::BufferTooSmall)?;
    let tlv_len = padded_tlv_len(mailbox_id.len());
    let intro = relays.first().unwrap_or(mailbox);
    let (header, mut rest) = out.split_at_mut(HEADER_LEN);
    let (intro_out, header) = header.split_at_mut(POINT_LEN);
    let (key_out, count_out) = header.split_at_mut(POINT_LEN);
    intro_out.copy_from_slice(&intro.serialize());
    key_out.copy_from_slice(&blinder.path_key().serialize());
    count_out
        .copy_from_slice(&[u8::try_from(relays.len().saturating_add(1))
            .map_err(|_| MailboxRouteError::TooManyHops)?]);

    let mut tlv = [0u8; 2 * MAX_PATH_ID_LEN];
    let hops = relays
        .iter()
        .enumerate()
        .map(|(i, r)| (r, relays.get(i.saturating_add(1)).unwrap_or(mailbox)));
    for (node, next) in hops {
        let next = next.serialize();
        padded_tlv(tlv_len, &[(TLV_NEXT_NODE_ID, &next)], &mut tlv)?;
        rest = write_hop(&mut blinder, node, tlv.get(..tlv_len).unwrap_or(&[]), rest)?;
    }
    padded_tlv(tlv_len, &[(TLV_PATH_ID, mailbox_id)], &mut tlv)?;
    write_hop(
        &mut blinder,
        mailbox,
        tlv.get(..tlv_len).unwrap_or(&[]),
        rest,
    )?;
    tlv.zeroize();
    Ok(total)
}

/// Writes one `blinded_path_hop` at the start of `out`; returns the rest.
fn write_hop<'o>(
    blinder: &mut PathBlinder,
    node: &PublicKey,
    tlv: &[u8],
    out: &'o mut [u8],
) -> Result<&'o mut [u8], MailboxRouteError> {
    let enc_len = tlv.len().saturating_add(ENCRYPTED_DATA_TAG_LEN);
    let len16 = u16::try_from(enc_len).map_err(|_| MailboxRouteError::TooLarge)?;
    if out.len() < HOP_HEADER_LEN.saturating_add(enc_len) {
        return Err(MailboxRouteError::BufferTooSmall);
    }
    let (hdr, rest) = out.split_at_mut(HOP_HEADER_LEN);
    let (enc, rest) = rest.split_at_mut(enc_len);
    let info = blinder.blind_hop(node, tlv, enc)?;
    let (id_out, len_out) = hdr.split_at_mut(POINT_LEN);
    id_out.copy_from_slice(&info.blinded_node_id.serialize());
    len_out.copy_from_slice(&len16.to_be_bytes());
    Ok(rest)
}
