//! Sealed blobs: a payer seals a TLV plaintext (the asynchronous payment
//! [`Package`](crate::package::Package)) to the payee's public key; a
//! store-and-forward server holds it and learns only its size bucket.
//!
//! Construction (SPEC.md, "Encrypted blob"): a fresh ephemeral key `e`,
//! `E = e·G`; the shared point `S = e·R` (constant-time ECDH); HKDF-SHA256 with
//! the versioned label, bound to `E`, `R` and `SHA256(aad)`, gives a
//! ChaCha20-Poly1305 key and a 32-byte key commitment; the caller's associated
//! data also goes into the tag; the plaintext is length-prefixed and padded to a
//! Padmé bucket of at least 256 bytes. [`open`] accepts only the bucket [`seal`]
//! writes for the plaintext's length, so a blob's size is a function of that
//! length on both sides.
//!
//! ```text
//! blob = 0x02 || E (33) || commitment (32) || ChaCha20-Poly1305(len (4) || tlv || zeros) || tag (16)
//! ```
//!
//! The ephemeral key is hedged (BIP-340's aux-randomness pattern): `e` is a
//! tagged hash of 32 bytes from the RNG *and* the recipient key, `SHA256(aad)`
//! and `SHA256(plaintext)`, so a stuck or weak RNG cannot reuse a key for two
//! different messages; an RNG that returns only zeros is an error
//! ([`BlobError::RngFailure`]).
//!
//! Heap-free: [`seal`] and [`open`] write into caller buffers sized with
//! [`sealed_len`] and [`opened_buffer_len`].
//!
//! ```
//! # let mut rng = rand_core::UnwrapErr(rand_core::OsRng);
//! use ptlc::blob::{open, opened_buffer_len, seal, sealed_len};
//! use ptlc::secp256k1::{Keypair, SecretKey};
//! let kp = Keypair::from_secret_key(&SecretKey::from_secret_bytes([7; 32]).unwrap());
//! let pk = kp.public_key();
//! let tlv = [1u8, 3, b'a', b'b', b'c']; // one record, type 1
//! let mut blob = [0u8; 512];
//! let n = seal(&pk, b"mailbox-42", &tlv, &mut rng, &mut blob)?;
//! assert_eq!(n, sealed_len(tlv.len())?);
//! let mut buf = [0u8; 512];
//! assert!(buf.len() >= opened_buffer_len(n));
//! assert_eq!(open(&kp, b"mailbox-42", &blob[..n], &mut buf)?, &tlv);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![cfg_attr(
    not(feature = "test-vectors"),
    doc = r#"
With default features there is no way to choose the ephemeral key: the
fixed-ephemeral `seal_with_ephemeral`, which reuses key and nonce when called
twice with one secret, exists only with the `test-vectors` feature.

```compile_fail,E0432
use ptlc::blob::seal_with_ephemeral;
```
"#
)]

use core::fmt;

use chacha20poly1305::{AeadInOut, ChaCha20Poly1305, Key, KeyInit, Nonce, Tag};
use hkdf::Hkdf;
use rand_core::{CryptoRng, RngCore};
use secp256k1::{Keypair, PublicKey};
use sha2::{Digest, Sha256};
use subtle::{ConstantTimeEq, ConstantTimeGreater};
use zeroize::Zeroize;

use crate::arith::{base_mul_const_compressed, ecdh_compressed, tagged_hash, SecretScalar};
use crate::tlv::{self, TlvError};

/// The frame version this module writes and reads.
pub const VERSION: u8 = 0x02;
/// HKDF salt: the versioned domain-separation label.
pub const HKDF_SALT: &[u8] = b"ptlc/blob/v2";
/// HKDF info prefix; the info is this label `|| E || R || SHA256(aad)`
/// (compressed points).
pub const HKDF_INFO_LABEL: &[u8] = b"ptlc/blob/v2/keys";
/// BIP-340 tagged-hash tag of the hedged ephemeral key:
/// `e = int(hash_tag(rand || ser(R) || SHA256(aad) || SHA256(plaintext))) mod n`.
pub const EPHEMERAL_TAG: &[u8] = b"ptlc/blob/v2/ephemeral";
/// The number of bytes [`seal`] draws from its RNG (one `fill_bytes` call).
pub const RAND_LEN: usize = 32;
/// Length of the ephemeral public key (compressed).
pub const EPHEMERAL_LEN: usize = 33;
/// Length of the key commitment.
pub const COMMITMENT_LEN: usize = 32;
/// Length of the clear header: version, ephemeral key, commitment.
pub const HEADER_LEN: usize = 1 + EPHEMERAL_LEN + COMMITMENT_LEN;
/// Length of the Poly1305 tag.
pub const TAG_LEN: usize = 16;
/// Length of the encrypted plaintext-length prefix (big-endian `u32`).
pub const LENGTH_PREFIX_LEN: usize = 4;
/// The smallest padded body: every plaintext up to 252 bytes looks the same.
pub const MIN_BUCKET: usize = 256;
/// The largest plaintext [`seal`] accepts and [`open`] returns (64 KiB).
pub const MAX_PLAINTEXT_LEN: usize = 65_536;
/// The largest blob [`open`] accepts: `sealed_len(MAX_PLAINTEXT_LEN)` (67 666 bytes).
pub const MAX_BLOB_LEN: usize = frame_len(bucket(LENGTH_PREFIX_LEN + MAX_PLAINTEXT_LEN));
/// The smallest blob: a [`MIN_BUCKET`] body (338 bytes).
pub const MIN_BLOB_LEN: usize = frame_len(MIN_BUCKET);

/// Why sealing or opening failed. Each cause is its own variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlobError {
    /// The plaintext is longer than [`MAX_PLAINTEXT_LEN`] or the blob longer
    /// than [`MAX_BLOB_LEN`].
    TooLarge,
    /// The output buffer is smaller than [`sealed_len`] / [`opened_buffer_len`].
    BufferTooSmall,
    /// The blob is shorter than the smallest frame ([`MIN_BLOB_LEN`]).
    Truncated,
    /// The first byte is not a known version.
    UnknownVersion(u8),
    /// The body length is not a padding bucket.
    InvalidLength,
    /// The ephemeral key is not a valid compressed point; or, sealing, the
    /// derived ephemeral secret is 0 (probability 2^-256), or the secret given
    /// to `seal_with_ephemeral` (feature `test-vectors`) is 0 or `>= n`.
    InvalidEphemeralKey,
    /// The RNG returned 32 zero bytes: it is broken, and [`seal`] refuses to
    /// derive a key from it.
    RngFailure,
    /// The key commitment does not match: the blob is not for this key or
    /// this associated data, or its ephemeral key or commitment bytes were
    /// altered.
    KeyCommitmentMismatch,
    /// The Poly1305 tag does not verify: ciphertext or tag differ from what
    /// was sealed.
    AuthenticationFailed,
    /// Authenticated, but the length prefix or the zero padding is malformed
    /// (only a sender holding the key can produce this).
    BadPadding,
    /// Authenticated, but the plaintext is longer than [`MAX_PLAINTEXT_LEN`]
    /// (only a sender holding the key can produce this).
    PlaintextTooLong,
    /// Authenticated, but the body is not the padding bucket [`seal`] uses for
    /// the plaintext's length (only a sender holding the key can produce this).
    NonCanonicalBucket,
    /// The plaintext is not a well-formed TLV stream.
    Tlv(TlvError),
}

impl fmt::Display for BlobError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BlobError::TooLarge => f.write_str("blob or plaintext over the maximum size"),
            BlobError::BufferTooSmall => f.write_str("output buffer too small"),
            BlobError::Truncated => f.write_str("blob shorter than the smallest frame"),
            BlobError::UnknownVersion(v) => write!(f, "unknown blob version {v:#04x}"),
            BlobError::InvalidLength => f.write_str("blob body length is not a padding bucket"),
            BlobError::InvalidEphemeralKey => f.write_str("invalid ephemeral key"),
            BlobError::RngFailure => f.write_str("the RNG returned only zero bytes"),
            BlobError::KeyCommitmentMismatch => {
                f.write_str("key commitment mismatch (wrong key or altered header)")
            }
            BlobError::AuthenticationFailed => {
                f.write_str("authentication failed (altered ciphertext or tag)")
            }
            BlobError::BadPadding => f.write_str("malformed length prefix or padding"),
            BlobError::PlaintextTooLong => f.write_str("opened plaintext over the maximum size"),
            BlobError::NonCanonicalBucket => {
                f.write_str("blob body is not the padding bucket for its plaintext length")
            }
            BlobError::Tlv(e) => write!(f, "blob plaintext: {e}"),
        }
    }
}

impl core::error::Error for BlobError {}

impl From<TlvError> for BlobError {
    fn from(e: TlvError) -> Self {
        BlobError::Tlv(e)
    }
}

/// Padmé (Nikitin et al., PETS 2019): rounds `l` up so that only the top
/// `floor(log2 floor(log2 l)) + 1` bits may be non-zero.
const fn padme(l: usize) -> usize {
    if l < 2 {
        return l;
    }
    let e = usize::BITS.wrapping_sub(1).wrapping_sub(l.leading_zeros()); // floor(log2 l)
    let s = u32::BITS.wrapping_sub(e.leading_zeros()); // floor(log2 e) + 1
    let last_bits = e.wrapping_sub(s);
    let mask = (1usize << last_bits).wrapping_sub(1);
    l.wrapping_add(mask) & !mask
}

/// The padded body length for `n` bytes (length prefix included).
const fn bucket(n: usize) -> usize {
    let p = padme(n);
    if p < MIN_BUCKET {
        MIN_BUCKET
    } else {
        p
    }
}

const fn frame_len(body: usize) -> usize {
    HEADER_LEN.wrapping_add(body).wrapping_add(TAG_LEN)
}

/// Whether `body` is a length [`seal`] can produce.
fn is_bucket(body: usize) -> bool {
    body >= MIN_BUCKET && padme(body) == body
}

/// The exact size of the blob [`seal`] writes for a plaintext of
/// `plaintext_len` bytes. It depends only on the bucket.
///
/// ```
/// use ptlc::blob::{sealed_len, BlobError, MAX_PLAINTEXT_LEN, MIN_BLOB_LEN};
/// assert_eq!(sealed_len(0), Ok(MIN_BLOB_LEN));
/// assert_eq!(sealed_len(252), Ok(MIN_BLOB_LEN));
/// assert_eq!(sealed_len(253), Ok(MIN_BLOB_LEN + 16));
/// assert_eq!(sealed_len(MAX_PLAINTEXT_LEN + 1), Err(BlobError::TooLarge));
/// ```
pub fn sealed_len(plaintext_len: usize) -> Result<usize, BlobError> {
    if plaintext_len > MAX_PLAINTEXT_LEN {
        return Err(BlobError::TooLarge);
    }
    Ok(frame_len(bucket(
        plaintext_len.saturating_add(LENGTH_PREFIX_LEN),
    )))
}

/// The size of the working buffer [`open`] needs for a blob of `blob_len`
/// bytes: the padded body (the plaintext is returned as a sub-slice of it).
///
/// ```
/// assert_eq!(ptlc::blob::opened_buffer_len(ptlc::blob::MIN_BLOB_LEN), 256);
/// assert_eq!(ptlc::blob::opened_buffer_len(3), 0);
/// ```
pub fn opened_buffer_len(blob_len: usize) -> usize {
    blob_len.saturating_sub(frame_len(0))
}

/// Seals `plaintext` (a TLV stream) to `recipient`, binding `aad` into the
/// key derivation and the tag;
/// writes [`sealed_len`]`(plaintext.len())` bytes to `out` and returns that count.
///
/// Draws [`RAND_LEN`] bytes from `rng` and derives the ephemeral secret from
/// them and the recipient key, associated data and plaintext ([`EPHEMERAL_TAG`]):
/// a stuck RNG still gives a fresh key for every different message (sealing the
/// same message twice then gives the same blob, which reveals only that), and an
/// RNG that returns only zeros gives [`BlobError::RngFailure`].
///
/// ```
/// # let mut rng = rand_core::UnwrapErr(rand_core::OsRng);
/// use ptlc::blob::{seal, BlobError};
/// # let pk = ptlc::secp256k1::PublicKey::from_secret_key(&ptlc::secp256k1::SecretKey::from_secret_bytes([7; 32]).unwrap());
/// let mut small = [0u8; 100];
/// assert_eq!(seal(&pk, b"", &[], &mut rng, &mut small), Err(BlobError::BufferTooSmall));
/// let mut out = [0u8; 400];
/// assert_eq!(seal(&pk, b"", &[2, 0, 1, 0], &mut rng, &mut out), Err(BlobError::Tlv(ptlc::tlv::TlvError::NotAscending)));
/// assert_eq!(seal(&pk, b"", &[], &mut rng, &mut out), Ok(338));
/// // An RNG stuck at zero is refused.
/// struct Zeros;
/// impl rand_core::RngCore for Zeros {
///     fn next_u32(&mut self) -> u32 { 0 }
///     fn next_u64(&mut self) -> u64 { 0 }
///     fn fill_bytes(&mut self, dst: &mut [u8]) { dst.fill(0) }
/// }
/// impl rand_core::CryptoRng for Zeros {}
/// assert_eq!(seal(&pk, b"", &[], &mut Zeros, &mut out), Err(BlobError::RngFailure));
/// ```
pub fn seal<R: RngCore + CryptoRng + ?Sized>(
    recipient: &PublicKey,
    aad: &[u8],
    plaintext: &[u8],
    rng: &mut R,
    out: &mut [u8],
) -> Result<usize, BlobError> {
    check_seal_inputs(plaintext, out.len())?;
    let e = hedged_ephemeral(rng, &recipient.serialize(), aad, plaintext)?;
    seal_inner(recipient, aad, plaintext, &e, out)
}

/// SPEC.md sealing step 2: `rand` from the RNG (all zeros is
/// [`BlobError::RngFailure`]), then
/// `e = int(hash_tag(rand || ser(R) || SHA256(aad) || SHA256(plaintext))) mod n`.
fn hedged_ephemeral<R: RngCore + CryptoRng + ?Sized>(
    rng: &mut R,
    recipient: &[u8; 33],
    aad: &[u8],
    plaintext: &[u8],
) -> Result<SecretScalar, BlobError> {
    let mut rand = [0u8; RAND_LEN];
    rng.fill_bytes(&mut rand);
    // The verdict is public (it is the error); declassified for ci/ctime/.
    let mut stuck = rand.ct_eq(&[0u8; RAND_LEN]).unwrap_u8();
    crate::ctime_hooks::declassify(&mut stuck);
    if stuck == 1 {
        return Err(BlobError::RngFailure);
    }
    let aad_hash: [u8; 32] = Sha256::digest(aad).into();
    let mut pt_hash: [u8; 32] = Sha256::digest(plaintext).into();
    let mut h = tagged_hash(EPHEMERAL_TAG, &[&rand, recipient, &aad_hash, &pt_hash]);
    let e = SecretScalar::from_hash_reduced(&h);
    rand.zeroize();
    pt_hash.zeroize();
    h.zeroize();
    e.ok_or(BlobError::InvalidEphemeralKey)
}

/// [`seal`] with a caller-chosen ephemeral secret. **Never use it in
/// production**: it exists, behind the `test-vectors` feature (off by
/// default), for harnesses that must hold the ephemeral key fixed.
///
/// Sealing two plaintexts to the same recipient with the same ephemeral secret
/// reuses the ChaCha20-Poly1305 key and nonce, which reveals their XOR (the
/// sold signature's `s`, for two packages) and lets anyone forge tags. [`seal`]
/// derives a fresh key for every message; vectors fix its RNG output instead.
///
/// ```
/// use ptlc::blob::{seal_with_ephemeral, BlobError};
/// # let pk = ptlc::secp256k1::PublicKey::from_secret_key(&ptlc::secp256k1::SecretKey::from_secret_bytes([7; 32]).unwrap());
/// let mut out = [0u8; 400];
/// let n = seal_with_ephemeral(&pk, b"", &[], &[3; 32], &mut out)?;
/// assert_eq!(out[0], ptlc::blob::VERSION);
/// assert_eq!(seal_with_ephemeral(&pk, b"", &[], &[0; 32], &mut out), Err(BlobError::InvalidEphemeralKey));
/// # let _ = n; Ok::<(), BlobError>(())
/// ```
#[cfg(feature = "test-vectors")]
#[cfg_attr(docsrs, doc(cfg(feature = "test-vectors")))]
pub fn seal_with_ephemeral(
    recipient: &PublicKey,
    aad: &[u8],
    plaintext: &[u8],
    ephemeral_secret: &[u8; 32],
    out: &mut [u8],
) -> Result<usize, BlobError> {
    check_seal_inputs(plaintext, out.len())?;
    let e = SecretScalar::from_bytes(ephemeral_secret).ok_or(BlobError::InvalidEphemeralKey)?;
    seal_inner(recipient, aad, plaintext, &e, out)
}

fn check_seal_inputs(plaintext: &[u8], out_len: usize) -> Result<(), BlobError> {
    let need = sealed_len(plaintext.len())?;
    tlv::validate(plaintext)?;
    if out_len < need {
        return Err(BlobError::BufferTooSmall);
    }
    Ok(())
}

/// HKDF-SHA256 output: the AEAD key and the key commitment.
struct DerivedKeys {
    key: [u8; 32],
    commitment: [u8; COMMITMENT_LEN],
}

impl Drop for DerivedKeys {
    fn drop(&mut self) {
        self.key.zeroize();
        self.commitment.zeroize();
    }
}

impl DerivedKeys {
    /// `OKM = HKDF-SHA256(salt = HKDF_SALT, IKM = ser(S),
    /// info = HKDF_INFO_LABEL || ser(E) || ser(R) || SHA256(aad), L = 64)`;
    /// key = OKM[0..32], commitment = OKM[32..64].
    fn derive(shared: &[u8; 33], ephemeral: &[u8; 33], recipient: &[u8; 33], aad: &[u8]) -> Self {
        let aad_hash: [u8; 32] = Sha256::digest(aad).into();
        let hk = Hkdf::<Sha256>::new(Some(HKDF_SALT), shared);
        let mut okm = [0u8; 64];
        // 64 <= 255·32: expand cannot fail.
        let _ = hk.expand_multi_info(
            &[HKDF_INFO_LABEL, ephemeral, recipient, &aad_hash],
            &mut okm,
        );
        let mut out = DerivedKeys {
            key: [0u8; 32],
            commitment: [0u8; COMMITMENT_LEN],
        };
        let (k, c) = okm.split_at(32);
        out.key.copy_from_slice(k);
        out.commitment.copy_from_slice(c);
        okm.zeroize();
        out
    }

    fn cipher(&self) -> ChaCha20Poly1305 {
        let mut key = Key::from(self.key);
        let c = ChaCha20Poly1305::new(&key);
        key.as_mut_slice().zeroize();
        c
    }
}

/// The fixed nonce: every key encrypts exactly one message.
fn nonce() -> Nonce {
    Nonce::default()
}

fn seal_inner(
    recipient: &PublicKey,
    aad: &[u8],
    plaintext: &[u8],
    e: &SecretScalar,
    out: &mut [u8],
) -> Result<usize, BlobError> {
    let total = sealed_len(plaintext.len())?;
    let body_len = total.saturating_sub(frame_len(0));
    let pt_len = u32::try_from(plaintext.len()).map_err(|_| BlobError::TooLarge)?;
    let frame = out.get_mut(..total).ok_or(BlobError::BufferTooSmall)?;

    let ephemeral = base_mul_const_compressed(e);
    let recipient_ser = recipient.serialize();
    let mut shared = ecdh_compressed(recipient, e);
    let keys = DerivedKeys::derive(&shared, &ephemeral, &recipient_ser, aad);
    shared.zeroize();

    let (header, rest) = frame.split_at_mut(HEADER_LEN);
    let (body, tag_out) = rest.split_at_mut(body_len);
    let (version, hdr) = header.split_at_mut(1);
    let (eph_out, commit_out) = hdr.split_at_mut(EPHEMERAL_LEN);
    version.copy_from_slice(&[VERSION]);
    eph_out.copy_from_slice(&ephemeral);
    commit_out.copy_from_slice(&keys.commitment);

    let (len_out, padded) = body.split_at_mut(LENGTH_PREFIX_LEN);
    len_out.copy_from_slice(&pt_len.to_be_bytes());
    let (pt_out, pad) = padded.split_at_mut(plaintext.len());
    pt_out.copy_from_slice(plaintext);
    pad.fill(0);

    let cipher = keys.cipher();
    match cipher.encrypt_inout_detached(&nonce(), aad, body.into()) {
        Ok(tag) => {
            tag_out.copy_from_slice(tag.as_slice());
            Ok(total)
        }
        Err(_) => {
            // Unreachable within MAX_PLAINTEXT_LEN; never leave plaintext behind.
            frame.zeroize();
            Err(BlobError::TooLarge)
        }
    }
}

/// The checks that need no key: version, size, bucket, ephemeral point.
/// Returns the ephemeral key and the body length.
fn parse_frame(blob: &[u8]) -> Result<(PublicKey, usize), BlobError> {
    let (&version, _) = blob.split_first().ok_or(BlobError::Truncated)?;
    if version != VERSION {
        return Err(BlobError::UnknownVersion(version));
    }
    if blob.len() > MAX_BLOB_LEN {
        return Err(BlobError::TooLarge);
    }
    if blob.len() < MIN_BLOB_LEN {
        return Err(BlobError::Truncated);
    }
    let body_len = opened_buffer_len(blob.len());
    if !is_bucket(body_len) {
        return Err(BlobError::InvalidLength);
    }
    let eph = blob.get(1..1 + EPHEMERAL_LEN).ok_or(BlobError::Truncated)?;
    let eph = PublicKey::from_slice(eph).map_err(|_| BlobError::InvalidEphemeralKey)?;
    Ok((eph, body_len))
}

/// Checks a blob's frame without a key, as a server may before storing it:
/// version, size limits, padding bucket and ephemeral point.
///
/// ```
/// use ptlc::blob::{check_frame, BlobError};
/// assert_eq!(check_frame(&[]), Err(BlobError::Truncated));
/// assert_eq!(check_frame(&[1; 400]), Err(BlobError::UnknownVersion(1)));
/// assert_eq!(check_frame(&[2; 100]), Err(BlobError::Truncated));
/// ```
pub fn check_frame(blob: &[u8]) -> Result<(), BlobError> {
    parse_frame(blob).map(|_| ())
}

/// Opens a blob sealed to `recipient`'s public key with associated data `aad`.
///
/// `out` is the working buffer (at least [`opened_buffer_len`]`(blob.len())`
/// bytes); the returned plaintext TLV stream is a sub-slice of it. On any error
/// `out` holds no plaintext. On success the caller owns the plaintext in `out`
/// (it holds the signature pay-for-signature sells) and should wipe it after use.
/// What opens is at most [`MAX_PLAINTEXT_LEN`] bytes and came in a blob of
/// exactly [`sealed_len`]`(plaintext.len())` bytes: [`open`] rejects every other
/// size, even with a valid tag.
///
/// The recipient is a [`Keypair`]: the key derivation is bound to the public key
/// `R`, which is read from the keypair, so opening costs one constant-time scalar
/// multiplication (the ECDH). A caller holding only a [`SecretKey`](secp256k1::SecretKey)
/// builds [`Keypair::from_secret_key`] once and keeps it, rather than once per blob.
///
/// ```
/// # let mut rng = rand_core::UnwrapErr(rand_core::OsRng);
/// use ptlc::blob::{open, seal, BlobError};
/// use ptlc::secp256k1::{Keypair, SecretKey};
/// let kp = Keypair::from_secret_key(&SecretKey::from_secret_bytes([7; 32]).unwrap());
/// let other = Keypair::from_secret_key(&SecretKey::from_secret_bytes([8; 32]).unwrap());
/// let mut blob = [0u8; 338];
/// seal(&kp.public_key(), b"id", &[], &mut rng, &mut blob)?;
/// let mut buf = [0u8; 256];
/// assert_eq!(open(&other, b"id", &blob, &mut buf), Err(BlobError::KeyCommitmentMismatch));
/// assert_eq!(open(&kp, b"other id", &blob, &mut buf), Err(BlobError::KeyCommitmentMismatch));
/// assert_eq!(open(&kp, b"id", &blob, &mut buf)?, &[]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn open<'o>(
    recipient: &Keypair,
    aad: &[u8],
    blob: &[u8],
    out: &'o mut [u8],
) -> Result<&'o [u8], BlobError> {
    let r = recipient_scalar(recipient);
    let range = open_into(&r, &recipient.public_key(), aad, blob, out)?;
    out.get(range).ok_or(BlobError::BufferTooSmall)
}

/// The keypair's secret as a [`SecretScalar`]; the intermediate `SecretKey`
/// copy (which is `Copy` and cannot zeroize) is erased.
fn recipient_scalar(recipient: &Keypair) -> SecretScalar {
    let mut sk = recipient.secret_key();
    let r = SecretScalar::from_secret_key(&sk);
    sk.non_secure_erase();
    r
}

/// Decrypts into `out[..body_len]`; returns the plaintext's range in `out`.
/// Every error after decryption wipes the buffer. `recipient` is `R = r·G`.
fn open_into(
    r: &SecretScalar,
    recipient: &PublicKey,
    aad: &[u8],
    blob: &[u8],
    out: &mut [u8],
) -> Result<core::ops::Range<usize>, BlobError> {
    let (eph, body_len) = parse_frame(blob)?;
    let work = out.get_mut(..body_len).ok_or(BlobError::BufferTooSmall)?;
    let (header, rest) = blob.split_at(HEADER_LEN);
    let (ciphertext, tag) = rest.split_at(body_len);
    let (eph_ser, commitment) = header
        .get(1..)
        .ok_or(BlobError::Truncated)?
        .split_at(EPHEMERAL_LEN);
    let eph_ser: &[u8; 33] = eph_ser.try_into().map_err(|_| BlobError::Truncated)?;
    let tag: [u8; TAG_LEN] = tag.try_into().map_err(|_| BlobError::Truncated)?;

    let recipient_ser = recipient.serialize();
    let mut shared = ecdh_compressed(&eph, r);
    let keys = DerivedKeys::derive(&shared, eph_ser, &recipient_ser, aad);
    shared.zeroize();

    // The verdict is public (it is the error the caller gets); declassified
    // for the valgrind check (ci/ctime/) before it is branched on.
    let mut committed = keys.commitment.as_slice().ct_eq(commitment).unwrap_u8();
    crate::ctime_hooks::declassify(&mut committed);
    if committed == 0 {
        return Err(BlobError::KeyCommitmentMismatch);
    }

    work.copy_from_slice(ciphertext);
    let cipher = keys.cipher();
    drop(keys);
    let decrypted =
        cipher.decrypt_inout_detached(&nonce(), aad, (&mut *work).into(), &Tag::from(tag));
    // The tag verdict is public (AuthenticationFailed); declassified for the
    // valgrind check (ci/ctime/) before it is branched on.
    let mut authentic = u8::from(decrypted.is_ok());
    crate::ctime_hooks::declassify(&mut authentic);
    if authentic == 0 {
        work.zeroize();
        return Err(BlobError::AuthenticationFailed);
    }
    drop(cipher);

    match unpad(work).and_then(|len| check_canonical(len, body_len)) {
        Ok(len) => {
            // The plaintext is authentic and about to be returned. Its TLV
            // framing (record types and lengths) is parsed in variable time
            // below and by every caller that reads the package, so it is
            // declassified for the valgrind check (ci/ctime/); nothing in this
            // crate branches on the record values.
            crate::ctime_hooks::declassify(&mut *work);
            let end = LENGTH_PREFIX_LEN.saturating_add(len);
            let pt = work
                .get(LENGTH_PREFIX_LEN..end)
                .ok_or(BlobError::BadPadding);
            match pt.map(tlv::validate) {
                Ok(Ok(())) => Ok(LENGTH_PREFIX_LEN..end),
                Ok(Err(e)) => {
                    work.zeroize();
                    Err(BlobError::Tlv(e))
                }
                Err(e) => {
                    work.zeroize();
                    Err(e)
                }
            }
        }
        Err(e) => {
            work.zeroize();
            Err(e)
        }
    }
}

/// The strict-size rules, on the (public) plaintext length: at most
/// [`MAX_PLAINTEXT_LEN`], and the body exactly the bucket [`seal`] writes.
fn check_canonical(len: usize, body_len: usize) -> Result<usize, BlobError> {
    if len > MAX_PLAINTEXT_LEN {
        return Err(BlobError::PlaintextTooLong);
    }
    if bucket(LENGTH_PREFIX_LEN.saturating_add(len)) != body_len {
        return Err(BlobError::NonCanonicalBucket);
    }
    Ok(len)
}

/// Reads the length prefix and checks, without branching on the plaintext,
/// that it fits and that every byte after the plaintext is zero.
fn unpad(body: &[u8]) -> Result<usize, BlobError> {
    let (len_bytes, padded) = body.split_at(LENGTH_PREFIX_LEN.min(body.len()));
    let len_bytes: [u8; 4] = len_bytes.try_into().map_err(|_| BlobError::BadPadding)?;
    let len = u64::from(u32::from_be_bytes(len_bytes));
    let room = padded.len() as u64;
    let mut ok = !len.ct_gt(&room);
    let mut nonzero_pad = 0u8;
    for (i, b) in (0u64..).zip(padded.iter()) {
        // `before` is 1 while i < len (i, len < 2^32, so the subtraction's top
        // bit is the comparison), else 0; `mask` is 0xff on padding bytes.
        // Plain arithmetic, no branch and no table lookup on `len`.
        let before = (i.wrapping_sub(len) >> 63) as u8;
        let mask = before.wrapping_sub(1);
        nonzero_pad |= b & mask;
    }
    ok &= nonzero_pad.ct_eq(&0);
    // The verdict and the plaintext length are public (the error, or the
    // length of the returned plaintext): declassified for ci/ctime/.
    let mut verdict = ok.unwrap_u8();
    crate::ctime_hooks::declassify(&mut verdict);
    if verdict == 1 {
        let mut len = len;
        crate::ctime_hooks::declassify(&mut len);
        usize::try_from(len).map_err(|_| BlobError::BadPadding)
    } else {
        Err(BlobError::BadPadding)
    }
}

/// [`seal`] into a new `Vec` of exactly [`sealed_len`] bytes.
///
/// ```
/// # let mut rng = rand_core::UnwrapErr(rand_core::OsRng);
/// # let sk = ptlc::secp256k1::SecretKey::from_secret_bytes([7; 32]).unwrap();
/// # let kp = ptlc::secp256k1::Keypair::from_secret_key(&sk);
/// let blob = ptlc::blob::seal_to_vec(&kp.public_key(), b"", &[1, 1, 0xaa], &mut rng)?;
/// assert_eq!(*ptlc::blob::open_to_vec(&kp, b"", &blob)?, [1, 1, 0xaa]);
/// # Ok::<(), ptlc::blob::BlobError>(())
/// ```
#[cfg(feature = "alloc")]
pub fn seal_to_vec<R: RngCore + CryptoRng + ?Sized>(
    recipient: &PublicKey,
    aad: &[u8],
    plaintext: &[u8],
    rng: &mut R,
) -> Result<alloc::vec::Vec<u8>, BlobError> {
    let mut out = alloc::vec![0u8; sealed_len(plaintext.len())?];
    let n = seal(recipient, aad, plaintext, rng, &mut out)?;
    out.truncate(n);
    Ok(out)
}

/// [`open`] into a new `Vec` holding exactly the plaintext, wiped when it is
/// dropped (the plaintext carries the signature pay-for-signature sells). The
/// padding and length prefix are wiped from the allocation before it is returned.
///
/// ```
/// # let sk = ptlc::secp256k1::SecretKey::from_secret_bytes([7; 32]).unwrap();
/// let kp = ptlc::secp256k1::Keypair::from_secret_key(&sk);
/// assert_eq!(ptlc::blob::open_to_vec(&kp, b"", &[2]), Err(ptlc::blob::BlobError::Truncated));
/// ```
#[cfg(feature = "alloc")]
pub fn open_to_vec(
    recipient: &Keypair,
    aad: &[u8],
    blob: &[u8],
) -> Result<zeroize::Zeroizing<alloc::vec::Vec<u8>>, BlobError> {
    let mut out = zeroize::Zeroizing::new(alloc::vec![
        0u8;
        opened_buffer_len(blob.len()).min(MAX_BLOB_LEN)
    ]);
    let r = recipient_scalar(recipient);
    let range = open_into(&r, &recipient.public_key(), aad, blob, &mut out)?;
    let len = range.len();
    out.copy_within(range, 0);
    if let Some(tail) = out.get_mut(len..) {
        tail.zeroize();
    }
    // Shrinking never reallocates, so no copy of the plaintext is left behind.
    out.truncate(len);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn padme_buckets() {
        assert_eq!(padme(256), 256);
        assert_eq!(padme(257), 272);
        assert_eq!(padme(1000), 1024);
        assert_eq!(padme(1025), 1088);
        assert_eq!(padme(65540), 67584);
        assert_eq!(MAX_BLOB_LEN, 67_666);
        assert_eq!(MIN_BLOB_LEN, 338);
        // Buckets are fixed points; overhead stays under 12 %.
        for l in 2..70_000usize {
            let p = padme(l);
            assert!(p >= l && padme(p) == p);
            assert!((p - l) * 100 <= l * 12, "{l} -> {p}");
        }
        assert!(is_bucket(256) && !is_bucket(257) && is_bucket(272) && !is_bucket(240));
    }

    #[test]
    fn ecdh_matches_point_multiplication() {
        for i in 1u8..20 {
            let k = SecretScalar::from_bytes(&[i; 32]).unwrap();
            let p = SecretScalar::from_bytes(&[i.wrapping_mul(7); 32])
                .unwrap()
                .base_mul();
            // The variable-time multiplication as an independent reference.
            let tweak = secp256k1::Scalar::from_be_bytes(*k.as_bytes()).unwrap();
            let expect = p.mul_tweak(&tweak).unwrap();
            assert_eq!(ecdh_compressed(&p, &k), expect.serialize());
            assert_eq!(crate::arith::point_mul_secret(&p, &k), expect);
        }
    }

    #[test]
    fn const_base_mul_matches() {
        for i in 1u8..10 {
            let k = SecretScalar::from_bytes(&[i; 32]).unwrap();
            assert_eq!(base_mul_const_compressed(&k), k.base_mul().serialize());
        }
    }

    #[test]
    fn unpad_rules() {
        let mut body = [0u8; 256];
        assert_eq!(unpad(&body), Ok(0));
        body[3] = 252;
        assert_eq!(unpad(&body), Ok(252));
        body[3] = 253;
        assert_eq!(unpad(&body), Err(BlobError::BadPadding));
        body[3] = 10;
        body[4 + 9] = 1;
        assert_eq!(unpad(&body), Ok(10));
        body[4 + 10] = 1;
        assert_eq!(unpad(&body), Err(BlobError::BadPadding));
        body[0] = 0xff;
        assert_eq!(unpad(&body), Err(BlobError::BadPadding));
    }

    #[test]
    fn canonical_size_rules() {
        assert_eq!(check_canonical(0, 256), Ok(0));
        assert_eq!(check_canonical(252, 256), Ok(252));
        assert_eq!(check_canonical(253, 272), Ok(253));
        assert_eq!(check_canonical(5, 272), Err(BlobError::NonCanonicalBucket));
        let top = bucket(LENGTH_PREFIX_LEN + MAX_PLAINTEXT_LEN);
        assert_eq!(
            check_canonical(MAX_PLAINTEXT_LEN, top),
            Ok(MAX_PLAINTEXT_LEN)
        );
        // The largest bucket has room for more than MAX_PLAINTEXT_LEN bytes.
        assert_eq!(bucket(LENGTH_PREFIX_LEN + MAX_PLAINTEXT_LEN + 1), top);
        assert_eq!(
            check_canonical(MAX_PLAINTEXT_LEN + 1, top),
            Err(BlobError::PlaintextTooLong)
        );
    }
}
