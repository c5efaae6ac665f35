//! Builds blob frames directly from SPEC.md's construction, with any body, so
//! tests and vectors can produce authenticated-but-malformed blobs (bad padding,
//! bad TLV) that `seal` refuses to write.
#![allow(dead_code)]

use chacha20poly1305::{AeadInOut, ChaCha20Poly1305, Key, KeyInit, Nonce};
use hkdf::Hkdf;
use ptlc::secp256k1::{ecdh, PublicKey, SecretKey};
use sha2::{Digest, Sha256};

/// `ser(k·P)`, compressed.
pub fn ecdh_point(p: &PublicKey, k: &SecretKey) -> [u8; 33] {
    let xy = ecdh::shared_secret_point(p, k);
    let mut out = [0u8; 33];
    out[0] = 0x02 | (xy[63] & 1);
    out[1..].copy_from_slice(&xy[..32]);
    out
}

/// (ChaCha20-Poly1305 key, key commitment) per SPEC.md.
pub fn derive(
    shared: &[u8; 33],
    eph: &[u8; 33],
    recipient: &[u8; 33],
    aad: &[u8],
) -> ([u8; 32], [u8; 32]) {
    let hk = Hkdf::<Sha256>::new(Some(b"ptlc/blob/v2"), shared);
    let mut okm = [0u8; 64];
    let aad_hash = Sha256::digest(aad);
    hk.expand_multi_info(&[b"ptlc/blob/v2/keys", eph, recipient, &aad_hash], &mut okm)
        .unwrap();
    (okm[..32].try_into().unwrap(), okm[32..].try_into().unwrap())
}

/// A version-2 frame whose encrypted body is exactly `body` (length prefix and
/// padding included, as the caller wrote them).
pub fn craft(recipient: &PublicKey, eph_secret: &[u8; 32], aad: &[u8], body: &[u8]) -> Vec<u8> {
    let e = SecretKey::from_secret_bytes(*eph_secret).unwrap();
    let eph = PublicKey::from_secret_key(&e).serialize();
    let (key, commitment) = derive(
        &ecdh_point(recipient, &e),
        &eph,
        &recipient.serialize(),
        aad,
    );
    let cipher = ChaCha20Poly1305::new(&Key::from(key));
    let mut ct = body.to_vec();
    let tag = cipher
        .encrypt_inout_detached(&Nonce::default(), aad, ct.as_mut_slice().into())
        .unwrap();
    let mut out = vec![2u8];
    out.extend_from_slice(&eph);
    out.extend_from_slice(&commitment);
    out.extend_from_slice(&ct);
    out.extend_from_slice(tag.as_slice());
    out
}

/// A body: 4-byte big-endian `len`, then `plaintext`, then zeros up to `body_len`.
pub fn body(len: u32, plaintext: &[u8], body_len: usize) -> Vec<u8> {
    let mut b = len.to_be_bytes().to_vec();
    b.extend_from_slice(plaintext);
    b.resize(body_len, 0);
    b
}

/// An RNG that returns its 32 bytes over and over: a stuck RNG, or a vector's fixed
/// draw (`seal` draws 32 bytes, so `FixedRng(rand)` makes it deterministic).
pub struct FixedRng(pub [u8; 32]);

impl ptlc::rand_core::RngCore for FixedRng {
    fn next_u32(&mut self) -> u32 {
        u32::from_le_bytes(self.0[..4].try_into().unwrap())
    }
    fn next_u64(&mut self) -> u64 {
        u64::from_le_bytes(self.0[..8].try_into().unwrap())
    }
    fn fill_bytes(&mut self, dst: &mut [u8]) {
        for (d, s) in dst.iter_mut().zip(self.0.iter().cycle()) {
            *d = *s;
        }
    }
}

impl ptlc::rand_core::CryptoRng for FixedRng {}

/// SPEC.md sealing step 2, written out: the ephemeral secret `seal` derives from
/// `rand`. (`int(h) mod n` is taken as `h` itself: `h >= n` has probability
/// below 2^-127, and the unwrap would catch it.)
pub fn hedged_ephemeral(rand: &[u8; 32], recipient: &PublicKey, aad: &[u8], pt: &[u8]) -> [u8; 32] {
    let tag = Sha256::digest(b"ptlc/blob/v2/ephemeral");
    let mut h = Sha256::new();
    h.update(tag);
    h.update(tag);
    h.update(rand);
    h.update(recipient.serialize());
    h.update(Sha256::digest(aad));
    h.update(Sha256::digest(pt));
    let e: [u8; 32] = h.finalize().into();
    SecretKey::from_secret_bytes(e).unwrap();
    e
}
