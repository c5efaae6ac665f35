//! BOLT 4's key material as zeroizing newtypes: shared secrets, the keys
//! derived from them, blinding factors, and the ChaCha20 keystream.
//!
//! Everything here runs in constant time in its secret inputs: ECDH is
//! libsecp256k1's `ecmult_const`, HMAC-SHA256 and ChaCha20 are branch-free
//! (RustCrypto), and scalar products go through libsecp256k1's
//! `seckey_tweak_mul`.

use chacha20::cipher::{KeyIvInit, StreamCipher, StreamCipherSeek};
use chacha20::ChaCha20;
use hmac::{Hmac, KeyInit, Mac};
use secp256k1::PublicKey;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use zeroize::{Zeroize, ZeroizeOnDrop};

use super::MailboxRouteError;
use crate::arith::{base_mul_const_compressed, ecdh_compressed, point_mul_secret, SecretScalar};

/// BOLT 4 key type for the keystream.
pub(crate) const RHO: &[u8] = b"rho";
/// BOLT 4 key type for the packet HMAC.
pub(crate) const MU: &[u8] = b"mu";
/// BOLT 4 key type for the initial random bytes of a packet.
pub(crate) const PAD: &[u8] = b"pad";
/// BOLT 4 key type for a blinded node id's factor.
pub(crate) const BLINDED_NODE_ID: &[u8] = b"blinded_node_id";

/// A 32-byte secret (an ECDH shared secret or a key derived from one), wiped on drop.
pub(crate) struct Secret32(pub(crate) [u8; 32]);

impl Drop for Secret32 {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl ZeroizeOnDrop for Secret32 {}

impl Secret32 {
    /// BOLT 4's shared secret: `SHA256(compressed(k·P))` (libsecp256k1's
    /// default ECDH), through constant-time `ecmult_const`.
    pub(crate) fn ecdh(p: &PublicKey, k: &SecretScalar) -> Self {
        let mut point = ecdh_compressed(p, k);
        let out = Secret32(Sha256::digest(point).into());
        point.zeroize();
        out
    }

    /// BOLT 4 key generation: `HMAC256(key = key_type, msg = self)`.
    pub(crate) fn derive(&self, key_type: &[u8]) -> Secret32 {
        hmac256(key_type, &[&self.0])
    }

    /// `SHA256(point || self)` as a scalar: the factor that turns the ephemeral
    /// or path key `point` into the next one (BOLT 4, "Blinding Ephemeral Onion
    /// Keys"; "Route Blinding", `E_{i+1}`).
    pub(crate) fn next_key_factor(
        &self,
        point: &PublicKey,
    ) -> Result<SecretScalar, MailboxRouteError> {
        let mut h = Sha256::new();
        h.update(point.serialize());
        h.update(self.0);
        let mut digest: [u8; 32] = h.finalize().into();
        let out = SecretScalar::from_hash_reduced(&digest);
        digest.zeroize();
        out.ok_or(MailboxRouteError::ZeroScalar)
    }

    /// `HMAC256("blinded_node_id", self)` as a scalar (route blinding's `B_i`
    /// and `b_i` factor).
    pub(crate) fn blinded_node_factor(&self) -> Result<SecretScalar, MailboxRouteError> {
        let key = self.derive(BLINDED_NODE_ID);
        SecretScalar::from_hash_reduced(&key.0).ok_or(MailboxRouteError::ZeroScalar)
    }

    /// XORs the ChaCha20 keystream (key `self`, zero nonce, counter 0) at byte
    /// offset `offset` into `buf`.
    pub(crate) fn apply_stream(&self, offset: usize, buf: &mut [u8]) {
        let mut cipher = ChaCha20::new(&self.0.into(), &[0u8; 12].into());
        cipher.seek(offset as u64);
        cipher.apply_keystream(buf);
    }

    /// The bytes, for a cipher key.
    pub(crate) fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

/// `HMAC-SHA256(key, parts[0] || parts[1] || ...)`.
pub(crate) fn hmac256(key: &[u8], parts: &[&[u8]]) -> Secret32 {
    // HMAC takes keys of any length: the error arm cannot happen.
    let mut mac = match <Hmac<Sha256> as KeyInit>::new_from_slice(key) {
        Ok(m) => m,
        Err(_) => return Secret32([0u8; 32]),
    };
    for p in parts {
        mac.update(p);
    }
    Secret32(mac.finalize().into_bytes().into())
}

/// Constant-time comparison of two MACs; the verdict is public (the packet is
/// dropped in the open) and declassified before it is returned.
pub(crate) fn macs_equal(a: &[u8; 32], b: &[u8]) -> bool {
    let mut ok = a.as_slice().ct_eq(b).unwrap_u8();
    crate::ctime_hooks::declassify(&mut ok);
    ok == 1
}

/// `factor · point` in constant time (the product is public: a next path key,
/// a next ephemeral key or a blinded node id).
pub(crate) fn tweak_point(point: &PublicKey, factor: &SecretScalar) -> PublicKey {
    point_mul_secret(point, factor)
}

/// `a · b mod n` for secrets.
pub(crate) fn mul_secret(
    a: &SecretScalar,
    b: &SecretScalar,
) -> Result<SecretScalar, MailboxRouteError> {
    a.mul(b).ok_or(MailboxRouteError::ZeroScalar)
}

/// A secret scalar from 32 caller bytes (test-vector entry points), `None`
/// outside `[1, n-1]`.
pub(crate) fn scalar_from_bytes(bytes: &[u8; 32]) -> Option<SecretScalar> {
    SecretScalar::from_bytes(bytes)
}

/// `k·G` as a public key, through the constant-time `ecmult_const` (no
/// global-context rerandomisation). The point is public (a path key or the
/// packet's first ephemeral key) and declassified before it is parsed.
pub(crate) fn public_base_mul(k: &SecretScalar) -> PublicKey {
    let mut c = base_mul_const_compressed(k);
    crate::ctime_hooks::declassify(&mut c);
    // k ≠ 0, so k·G is a valid point; the fallback is unreachable.
    PublicKey::from_byte_array_compressed(c).unwrap_or_else(|_| k.base_mul())
}
