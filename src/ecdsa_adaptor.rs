//! ECDSA adaptor signatures (SPEC.md, "ECDSA adaptor signatures"), byte for
//! byte compatible with secp256k1-zkp's `ecdsa_adaptor` module.
//!
//! This is Fournier's one-time verifiably encrypted ECDSA signature: the signer
//! encrypts an ECDSA signature to a [`PaymentPoint`] `Y = y·G`. Anyone can check
//! the encrypted signature against the signer's key ([`verify`]); whoever knows
//! `y` can decrypt it into an ordinary, low-s ECDSA signature ([`adapt`]); and
//! whoever sees both the encrypted and the decrypted signature learns `y`
//! ([`extract`]). That last step is what settles a PTLC over a non-Taproot
//! channel.
//!
//! The 162-byte encoding, the nonce derivation, the tagged hashes and the DLEQ
//! proof are those of secp256k1-zkp (`secp256k1_ecdsa_adaptor_encrypt`,
//! `_verify`, `_decrypt`, `_recover`) with its default nonce function and
//! `aux_rand` as its `ndata`: the same inputs give the same bytes.
//!
//! **Key separation.** As Fournier's paper and secp256k1-zkp warn, an adaptor
//! signature leaks the Diffie-Hellman point `x·Y` between the signing key `X`
//! and the adaptor point `Y`. Do not use an adaptor-signing key in protocols
//! that rely on the CDH problem (ECDH, ElGamal); see SPEC.md, "Security notes".
//!
//! ```
//! use ptlc::ecdsa_adaptor::{adapt, extract, presign, verify};
//! use ptlc::secp256k1::{ecdsa, Message, PublicKey, SecretKey};
//! use ptlc::PaymentScalar;
//!
//! let sk = SecretKey::from_secret_bytes([0x11; 32])?;
//! let pk = PublicKey::from_secret_key(&sk);
//! let t = PaymentScalar::from_bytes(&[0x22; 32])?;
//! let msg = [0x33; 32];
//!
//! let pre = presign(&sk, &msg, &t.point(), &[0x44; 32]);
//! verify(&pre, &pk, &msg, &t.point())?;
//! let sig = adapt(&pre, &t, &pk, &msg)?;
//! ecdsa::verify(&sig, Message::from_digest(msg), &pk)?;
//! assert_eq!(extract(&pre, &sig, &t.point())?, t);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use core::fmt;

use secp256k1::{ecdsa::Signature, PublicKey, Scalar, SecretKey};
use sha2::{Digest, Sha256};
use subtle::{Choice, ConditionallySelectable};
use zeroize::Zeroize;

use crate::arith::{self, ErasingSecretKey, SecretScalar};
use crate::hex::{impl_hex_traits, HexError};
use crate::{PaymentPoint, PaymentScalar};

/// Length of an encoded [`AdaptorSignature`].
pub const ADAPTOR_SIGNATURE_LEN: usize = 162;

/// Tag of the hash that masks the secret with `aux_rand`.
const TAG_AUX: &[u8] = b"ECDSAadaptor/aux";
/// Tag of the signing nonce hash.
const TAG_NONCE: &[u8] = b"ECDSAadaptor/non";
/// Tag of the DLEQ nonce hash and of the DLEQ challenge.
const TAG_DLEQ: &[u8] = b"DLEQ";
/// Tag of the re-derivation of `aux_rand` after a (negligible) zero result.
const TAG_RETRY: &[u8] = b"ptlc/ecdsa-adaptor/retry";

/// Why an ECDSA adaptor signature operation failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EcdsaAdaptorError {
    /// The input is not 162 bytes.
    InvalidLength,
    /// `R` or `R'` is not a valid compressed point.
    InvalidPoint,
    /// `s'` is 0 or `>= n`, the DLEQ `s` is `>= n`, or `x(R) mod n` is 0.
    InvalidScalar,
    /// The hex string was malformed.
    Hex(HexError),
    /// The DLEQ proof does not show that `R = k·Y` for the `k` with `R' = k·G`.
    InvalidProof,
    /// `R'` is not `s'⁻¹·(m·G + r·X)`: the signature is not for this key and message.
    InvalidSignature,
    /// The ECDSA signature is not a decryption of this adaptor signature
    /// (its `r` differs, or its `s` is 0).
    SignatureMismatch,
    /// The scalar does not open the adaptor point: recovered from the two
    /// signatures by `extract`, or, in `adapt`, the decrypted signature does
    /// not verify under the key and message.
    ScalarMismatch,
    /// An internal value came out as zero (unreachable for valid inputs;
    /// reported rather than panicking).
    Degenerate,
}

impl fmt::Display for EcdsaAdaptorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidLength => f.write_str("an ECDSA adaptor signature is 162 bytes"),
            Self::InvalidPoint => f.write_str("adaptor signature point is not valid"),
            Self::InvalidScalar => f.write_str("adaptor signature scalar is out of range"),
            Self::Hex(e) => write!(f, "adaptor signature hex: {e}"),
            Self::InvalidProof => f.write_str("adaptor signature DLEQ proof is invalid"),
            Self::InvalidSignature => {
                f.write_str("adaptor signature does not verify for this key and message")
            }
            Self::SignatureMismatch => {
                f.write_str("ECDSA signature is not a decryption of the adaptor signature")
            }
            Self::ScalarMismatch => {
                f.write_str("scalar does not match the adaptor point (recovered, or used to adapt)")
            }
            Self::Degenerate => f.write_str("degenerate adaptor signature value"),
        }
    }
}

impl core::error::Error for EcdsaAdaptorError {}

impl From<HexError> for EcdsaAdaptorError {
    fn from(e: HexError) -> Self {
        Self::Hex(e)
    }
}

/// An ECDSA adaptor signature (a signature encrypted to a [`PaymentPoint`]).
///
/// 162 bytes, secp256k1-zkp's layout:
/// `R (33, compressed) || R' (33, compressed) || s' (32) || e (32) || s (32)`,
/// where `R = k·Y`, `R' = k·G`, `s' = k⁻¹·(m + x(R)·x)` and `(e, s)` is the
/// DLEQ proof that `log_G(R') = log_Y(R)`. Parsing checks the two points and
/// the scalar ranges; [`verify`] checks the rest.
///
/// `Display`/`FromStr` use lowercase hex, and so does serde behind `serde`.
///
/// ```
/// use ptlc::ecdsa_adaptor::{presign, AdaptorSignature};
/// use ptlc::{secp256k1::SecretKey, PaymentScalar};
/// let sk = SecretKey::from_secret_bytes([1; 32])?;
/// let t = PaymentScalar::from_bytes(&[2; 32])?;
/// let pre = presign(&sk, &[3; 32], &t.point(), &[4; 32]);
/// let parsed: AdaptorSignature = pre.to_string().parse()?;
/// assert_eq!(parsed, pre);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct AdaptorSignature {
    bytes: [u8; ADAPTOR_SIGNATURE_LEN],
    /// `R = k·Y`.
    r: PublicKey,
    /// `R' = k·G`.
    r_prime: PublicKey,
}

/// The parts of the encoding, by offset.
struct Parts<'a> {
    r: &'a [u8; 33],
    r_prime: &'a [u8; 33],
    s_prime: &'a [u8; 32],
    e: &'a [u8; 32],
    s: &'a [u8; 32],
}

fn split(bytes: &[u8; ADAPTOR_SIGNATURE_LEN]) -> Parts<'_> {
    let (r, rest) = bytes.split_first_chunk::<33>().unwrap_or((&[0; 33], &[]));
    let (r_prime, rest) = rest.split_first_chunk::<33>().unwrap_or((&[0; 33], &[]));
    let (s_prime, rest) = rest.split_first_chunk::<32>().unwrap_or((&[0; 32], &[]));
    let (e, rest) = rest.split_first_chunk::<32>().unwrap_or((&[0; 32], &[]));
    let s = rest.first_chunk::<32>().unwrap_or(&[0; 32]);
    Parts {
        r,
        r_prime,
        s_prime,
        e,
        s,
    }
}

fn x_bytes(point33: &[u8; 33]) -> &[u8; 32] {
    point33.last_chunk::<32>().unwrap_or(&[0; 32])
}

impl AdaptorSignature {
    /// Parses the 162-byte encoding.
    ///
    /// Fails with [`InvalidPoint`](EcdsaAdaptorError::InvalidPoint) if `R` or
    /// `R'` is not a valid compressed point and with
    /// [`InvalidScalar`](EcdsaAdaptorError::InvalidScalar) if `x(R) mod n = 0`,
    /// `s'` is not in `[1, n−1]` or the DLEQ `s` is `>= n`. The DLEQ challenge
    /// `e` is any 32 bytes, read modulo `n` (as secp256k1-zkp does).
    ///
    /// ```
    /// use ptlc::ecdsa_adaptor::{AdaptorSignature, EcdsaAdaptorError};
    /// assert_eq!(
    ///     AdaptorSignature::from_bytes(&[0u8; 162]),
    ///     Err(EcdsaAdaptorError::InvalidPoint)
    /// );
    /// ```
    pub fn from_bytes(bytes: &[u8; ADAPTOR_SIGNATURE_LEN]) -> Result<Self, EcdsaAdaptorError> {
        let parts = split(bytes);
        let r = parse_point(parts.r)?;
        if arith::reduce_mod_n(x_bytes(parts.r)) == [0u8; 32] {
            return Err(EcdsaAdaptorError::InvalidScalar);
        }
        let r_prime = parse_point(parts.r_prime)?;
        // s' must be in [1, n−1] (public: a plain range check).
        let s_prime =
            Scalar::from_be_bytes(*parts.s_prime).map_err(|_| EcdsaAdaptorError::InvalidScalar)?;
        if s_prime == Scalar::ZERO {
            return Err(EcdsaAdaptorError::InvalidScalar);
        }
        Scalar::from_be_bytes(*parts.s).map_err(|_| EcdsaAdaptorError::InvalidScalar)?;
        Ok(Self {
            bytes: *bytes,
            r,
            r_prime,
        })
    }

    /// Parses a slice that must be exactly 162 bytes.
    ///
    /// ```
    /// use ptlc::ecdsa_adaptor::{AdaptorSignature, EcdsaAdaptorError};
    /// assert_eq!(
    ///     AdaptorSignature::from_slice(&[0u8; 65]),
    ///     Err(EcdsaAdaptorError::InvalidLength)
    /// );
    /// ```
    pub fn from_slice(bytes: &[u8]) -> Result<Self, EcdsaAdaptorError> {
        let arr: &[u8; ADAPTOR_SIGNATURE_LEN] = bytes
            .try_into()
            .map_err(|_| EcdsaAdaptorError::InvalidLength)?;
        Self::from_bytes(arr)
    }

    /// The 162-byte encoding (exactly the bytes it was parsed from).
    ///
    /// ```
    /// use ptlc::ecdsa_adaptor::{presign, AdaptorSignature};
    /// use ptlc::{secp256k1::SecretKey, PaymentScalar};
    /// let sk = SecretKey::from_secret_bytes([1; 32])?;
    /// let t = PaymentScalar::from_bytes(&[2; 32])?;
    /// let pre = presign(&sk, &[3; 32], &t.point(), &[4; 32]);
    /// assert_eq!(AdaptorSignature::from_bytes(&pre.to_bytes())?, pre);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_bytes(&self) -> [u8; ADAPTOR_SIGNATURE_LEN] {
        self.bytes
    }

    /// The encrypted nonce `R = k·Y`; the `r` of the decrypted signature is
    /// `x(R) mod n`.
    ///
    /// ```
    /// use ptlc::ecdsa_adaptor::{adapt, presign};
    /// use ptlc::{secp256k1::{PublicKey, SecretKey}, PaymentScalar};
    /// let sk = SecretKey::from_secret_bytes([1; 32])?;
    /// let t = PaymentScalar::from_bytes(&[2; 32])?;
    /// let pre = presign(&sk, &[3; 32], &t.point(), &[4; 32]);
    /// let sig = adapt(&pre, &t, &PublicKey::from_secret_key(&sk), &[3; 32])?;
    /// assert_eq!(pre.encrypted_nonce().serialize()[1..], sig.serialize_compact()[..32]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn encrypted_nonce(&self) -> PublicKey {
        self.r
    }

    /// The public nonce `R' = k·G`.
    ///
    /// ```
    /// use ptlc::ecdsa_adaptor::presign;
    /// use ptlc::{secp256k1::SecretKey, PaymentScalar};
    /// let sk = SecretKey::from_secret_bytes([1; 32])?;
    /// let t = PaymentScalar::from_bytes(&[2; 32])?;
    /// let pre = presign(&sk, &[3; 32], &t.point(), &[4; 32]);
    /// assert_ne!(pre.public_nonce(), pre.encrypted_nonce());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn public_nonce(&self) -> PublicKey {
        self.r_prime
    }

    /// `r = x(R) mod n`, big-endian.
    fn r_scalar_bytes(&self) -> [u8; 32] {
        arith::reduce_mod_n(x_bytes(split(&self.bytes).r))
    }
}

impl fmt::Debug for AdaptorSignature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AdaptorSignature({self})")
    }
}

impl_hex_traits!(AdaptorSignature, ADAPTOR_SIGNATURE_LEN, EcdsaAdaptorError);

fn parse_point(bytes: &[u8; 33]) -> Result<PublicKey, EcdsaAdaptorError> {
    PaymentPoint::from_bytes(bytes)
        .map(PublicKey::from)
        .map_err(|_| EcdsaAdaptorError::InvalidPoint)
}

/// Encrypts an ECDSA signature of `msg` under `sk` to the adaptor point `Y`
/// (secp256k1-zkp's `secp256k1_ecdsa_adaptor_encrypt` with `aux_rand` as
/// `ndata`).
///
/// `aux_rand` should be 32 fresh random bytes (it hardens the synthetic nonces
/// against fault and side-channel attacks); any fixed value still gives a
/// secure, deterministic signature. Constant time in `sk`, the nonces and
/// `aux_rand`; no heap.
///
/// ```
/// use ptlc::ecdsa_adaptor::{presign, verify};
/// use ptlc::secp256k1::{PublicKey, SecretKey};
/// use ptlc::PaymentScalar;
/// let sk = SecretKey::from_secret_bytes([1; 32])?;
/// let t = PaymentScalar::from_bytes(&[2; 32])?;
/// let pre = presign(&sk, &[3; 32], &t.point(), &[4; 32]);
/// assert!(verify(&pre, &PublicKey::from_secret_key(&sk), &[3; 32], &t.point()).is_ok());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn presign(
    sk: &SecretKey,
    msg: &[u8; 32],
    adaptor: &PaymentPoint,
    aux_rand: &[u8; 32],
) -> AdaptorSignature {
    let mut aux = *aux_rand;
    loop {
        if let Some(sig) = try_presign(sk, msg, adaptor, &aux) {
            aux.zeroize();
            return sig;
        }
        // A nonce, `r` or `s'` came out as zero: probability about 2^-254 per
        // try. secp256k1-zkp returns an error here; we re-derive aux_rand.
        aux = arith::tagged_hash(TAG_RETRY, &[&aux]);
    }
}

/// One try of [`presign`]; `None` when a value is zero (negligible).
///
/// Secret scalar arithmetic uses libsecp256k1's constant-time `SecretKey`
/// tweaks and `arith::div_mod_n`; each libsecp256k1 call that goes through the
/// wrapper's global context costs microseconds, so there are as few as the
/// algorithm allows.
fn try_presign(
    x: &SecretKey,
    msg: &[u8; 32],
    adaptor: &PaymentPoint,
    aux: &[u8; 32],
) -> Option<AdaptorSignature> {
    let y = adaptor.as_public_key();
    let y33 = adaptor.to_bytes();
    let mut aux_hash = arith::tagged_hash(TAG_AUX, &[aux]);

    // k = int(hash_ECDSAadaptor/non((bytes(x) xor hash_ECDSAadaptor/aux(a)) || Y || m)) mod n
    let mut x_secret = x.to_secret_bytes();
    let k = derive_nonce(&x_secret, &aux_hash, TAG_NONCE, &y33, msg);
    x_secret.zeroize();
    let Some(mut k) = k else {
        aux_hash.zeroize();
        return None;
    };
    let r_prime = arith::base_mul_secret_key(&k);
    let r = arith::point_mul_secret_key(y, &k);
    let rp33 = r_prime.serialize();
    let r33 = r.serialize();

    let proof = dleq_prove(&k, &aux_hash, y, &y33, &rp33, &r33);
    aux_hash.zeroize();

    // s' = k⁻¹·(m + r·x), as one constant-time division.
    let r_scalar = arith::public_scalar_from_hash(x_bytes(&r33));
    let m = arith::public_scalar_from_hash(msg);
    // r·x and the sum are erased on every path (ErasingSecretKey wipes on drop).
    let rx = x.mul_tweak(&r_scalar).ok().map(ErasingSecretKey);
    let sum = rx
        .as_ref()
        .and_then(|rx| rx.0.add_tweak(&m).ok())
        .map(ErasingSecretKey);
    drop(rx);
    let k_scalar = SecretScalar::from_secret_key(&k);
    k.non_secure_erase();
    let (Some(sum), Some((e, s))) = (sum, proof) else {
        return None;
    };
    let mut sum_bytes = sum.0.to_secret_bytes();
    drop(sum);
    let s_prime = arith::div_mod_n(&sum_bytes, &k_scalar);
    sum_bytes.zeroize();
    drop(k_scalar);

    let mut bytes = [0u8; ADAPTOR_SIGNATURE_LEN];
    for (dst, src) in bytes.iter_mut().zip(
        r33.iter()
            .chain(rp33.iter())
            .chain(s_prime.iter())
            .chain(e.to_be_bytes().iter())
            .chain(s.iter()),
    ) {
        *dst = *src;
    }
    Some(AdaptorSignature { bytes, r, r_prime })
}

/// secp256k1-zkp's `nonce_function_ecdsa_adaptor` with non-NULL `data`:
/// `int(hash_tag((secret xor aux_hash) || pk33 || msg32)) mod n`; `None` if 0.
fn derive_nonce(
    secret: &[u8; 32],
    aux_hash: &[u8; 32],
    tag: &[u8],
    pk33: &[u8; 33],
    msg32: &[u8; 32],
) -> Option<SecretKey> {
    let mut masked = arith::xor32(secret, aux_hash);
    let mut hash = arith::tagged_hash(tag, &[&masked, pk33, msg32]);
    let mut reduced = arith::reduce_mod_n(&hash);
    // Only libsecp256k1's "zero" verdict is branched on.
    let k = crate::context::secret_key(&reduced);
    masked.zeroize();
    hash.zeroize();
    reduced.zeroize();
    k
}

/// The DLEQ challenge `e = int(hash_DLEQ(P1 || Y || P2 || A1 || A2)) mod n`.
fn dleq_challenge(
    y33: &[u8; 33],
    p1: &[u8; 33],
    p2: &[u8; 33],
    a1: &[u8; 33],
    a2: &[u8; 33],
) -> Scalar {
    arith::public_scalar_from_hash(&arith::tagged_hash(TAG_DLEQ, &[p1, y33, p2, a1, a2]))
}

/// Proves `log_G(P1) = log_Y(P2) = k`; returns `(e, bytes(s))`, or `None` if
/// the DLEQ nonce is zero.
fn dleq_prove(
    k: &SecretKey,
    aux_hash: &[u8; 32],
    y: &PublicKey,
    y33: &[u8; 33],
    p1: &[u8; 33],
    p2: &[u8; 33],
) -> Option<(Scalar, [u8; 32])> {
    let points_hash: [u8; 32] = Sha256::new()
        .chain_update(p1)
        .chain_update(p2)
        .finalize()
        .into();
    let mut k_bytes = k.to_secret_bytes();
    let a = derive_nonce(&k_bytes, aux_hash, TAG_DLEQ, y33, &points_hash);
    k_bytes.zeroize();
    let mut a = a?;
    let a1 = arith::base_mul_secret_key(&a).serialize();
    let a2 = arith::point_mul_secret_key(y, &a).serialize();
    let e = dleq_challenge(y33, p1, p2, &a1, &a2);
    // s = a + e·k. A zero sum (probability 2^-256) is encoded as 32 zero bytes,
    // as secp256k1-zkp does; only libsecp256k1's "zero result" code is branched on.
    // e·k and a's tweak copy are erased on every path.
    let s = match k.mul_tweak(&e) {
        Ok(mut ek) => {
            let mut a_tweak = Scalar::from(a);
            let bytes = match ek.add_tweak(&a_tweak) {
                Ok(mut s) => {
                    let bytes = s.to_secret_bytes();
                    s.non_secure_erase();
                    bytes
                }
                Err(_) => [0u8; 32],
            };
            ek.non_secure_erase();
            a_tweak.non_secure_erase();
            bytes
        }
        Err(_) => a.to_secret_bytes(), // e = 0
    };
    a.non_secure_erase();
    Some((e, s))
}

/// `-a mod n` for a public scalar.
fn negate_public(a: &Scalar) -> Scalar {
    if *a == Scalar::ZERO {
        return Scalar::ZERO;
    }
    Scalar::from_be_bytes(arith::negate_mod_n(&a.to_be_bytes())).unwrap_or(Scalar::ZERO)
}

/// `a / b mod n` for public scalars (0 if `b` is 0).
fn div_public(a: &Scalar, b: &Scalar) -> Scalar {
    match SecretScalar::from_bytes(&b.to_be_bytes()) {
        Some(b) => {
            Scalar::from_be_bytes(arith::div_mod_n(&a.to_be_bytes(), &b)).unwrap_or(Scalar::ZERO)
        }
        None => Scalar::ZERO,
    }
}

/// `a·P + b·Q` for public values; `None` at infinity.
fn lincomb_public(a: &Scalar, p: &PublicKey, b: &Scalar, q: &PublicKey) -> Option<PublicKey> {
    match (arith::point_mul_public(p, a), arith::point_mul_public(q, b)) {
        (Some(ap), Some(bq)) => arith::point_add(&ap, &bq),
        (Some(ap), None) => Some(ap),
        (None, Some(bq)) => Some(bq),
        (None, None) => None,
    }
}

/// Verifies an adaptor signature for `pubkey`, `msg` and the adaptor point `Y`
/// (secp256k1-zkp's `secp256k1_ecdsa_adaptor_verify`).
///
/// Checks the DLEQ proof (fails with
/// [`InvalidProof`](EcdsaAdaptorError::InvalidProof)), then that
/// `R' = s'⁻¹·(m·G + r·X)` (fails with
/// [`InvalidSignature`](EcdsaAdaptorError::InvalidSignature)). Variable time:
/// every input is public.
///
/// ```
/// use ptlc::ecdsa_adaptor::{presign, verify, EcdsaAdaptorError};
/// use ptlc::secp256k1::{PublicKey, SecretKey};
/// use ptlc::PaymentScalar;
/// let sk = SecretKey::from_secret_bytes([1; 32])?;
/// let pk = PublicKey::from_secret_key(&sk);
/// let t = PaymentScalar::from_bytes(&[2; 32])?;
/// let pre = presign(&sk, &[3; 32], &t.point(), &[4; 32]);
/// assert_eq!(verify(&pre, &pk, &[3; 32], &t.point()), Ok(()));
/// assert_eq!(
///     verify(&pre, &pk, &[5; 32], &t.point()),
///     Err(EcdsaAdaptorError::InvalidSignature)
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn verify(
    sig: &AdaptorSignature,
    pubkey: &PublicKey,
    msg: &[u8; 32],
    adaptor: &PaymentPoint,
) -> Result<(), EcdsaAdaptorError> {
    let parts = split(&sig.bytes);
    let y = adaptor.as_public_key();
    let y33 = adaptor.to_bytes();

    // DLEQ: A1 = s·G − e·R', A2 = s·Y − e·R, then e must equal the challenge.
    let e = arith::public_scalar_from_hash(parts.e);
    let s = Scalar::from_be_bytes(*parts.s).map_err(|_| EcdsaAdaptorError::InvalidScalar)?;
    let neg_e = negate_public(&e);
    let a1 = arith::double_mul_public(&neg_e, &sig.r_prime, &s)
        .ok_or(EcdsaAdaptorError::InvalidProof)?;
    let a2 = lincomb_public(&s, y, &neg_e, &sig.r).ok_or(EcdsaAdaptorError::InvalidProof)?;
    let expected = dleq_challenge(
        &y33,
        parts.r_prime,
        parts.r,
        &a1.serialize(),
        &a2.serialize(),
    );
    if expected != e {
        return Err(EcdsaAdaptorError::InvalidProof);
    }

    // R' = s'⁻¹·(m·G + r·X)
    let s_prime =
        Scalar::from_be_bytes(*parts.s_prime).map_err(|_| EcdsaAdaptorError::InvalidScalar)?;
    let m = arith::public_scalar_from_hash(msg);
    let r = arith::public_scalar_from_hash(&sig.r_scalar_bytes());
    let u1 = div_public(&m, &s_prime);
    let u2 = div_public(&r, &s_prime);
    let derived =
        arith::double_mul_public(&u2, pubkey, &u1).ok_or(EcdsaAdaptorError::InvalidSignature)?;
    if derived != sig.r_prime {
        return Err(EcdsaAdaptorError::InvalidSignature);
    }
    Ok(())
}

/// Decrypts an adaptor signature with the adaptor scalar `t` (`Y = t·G`) into
/// an ECDSA signature `(r, s'·t⁻¹)`, normalised to low `s` so that libsecp256k1
/// and Bitcoin's standardness rules accept it (secp256k1-zkp's
/// `secp256k1_ecdsa_adaptor_decrypt`), and checks it: ECDSA verification of
/// the result on `msg` under `pubkey`.
///
/// This is the call a payee makes. If the decrypted signature does not verify
/// (a wrong `t`, or an adaptor signature not made for `t·G`, this key and this
/// message), it returns [`EcdsaAdaptorError::ScalarMismatch`] and nothing else:
/// publishing an invalid decryption would let its signer recover `t` without
/// paying. Constant time in `t` up to the result, which is public once returned.
///
/// ```
/// use ptlc::ecdsa_adaptor::{adapt, presign, EcdsaAdaptorError};
/// use ptlc::secp256k1::{ecdsa, Message, PublicKey, SecretKey};
/// use ptlc::PaymentScalar;
/// let sk = SecretKey::from_secret_bytes([1; 32])?;
/// let pk = PublicKey::from_secret_key(&sk);
/// let t = PaymentScalar::from_bytes(&[2; 32])?;
/// let pre = presign(&sk, &[3; 32], &t.point(), &[4; 32]);
/// let sig = adapt(&pre, &t, &pk, &[3; 32])?;
/// ecdsa::verify(&sig, Message::from_digest([3; 32]), &pk)?;
/// let wrong = PaymentScalar::from_bytes(&[5; 32])?;
/// assert_eq!(adapt(&pre, &wrong, &pk, &[3; 32]), Err(EcdsaAdaptorError::ScalarMismatch));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn adapt(
    sig: &AdaptorSignature,
    t: &PaymentScalar,
    pubkey: &PublicKey,
    msg: &[u8; 32],
) -> Result<Signature, EcdsaAdaptorError> {
    // adapt_unchecked declassifies its output (it is published on success).
    let out = adapt_unchecked(sig, t)?;
    let digest = secp256k1::Message::from_digest(*msg);
    secp256k1::ecdsa::verify(&out, digest, pubkey)
        .map(|()| out)
        .map_err(|_| EcdsaAdaptorError::ScalarMismatch)
}

/// [`adapt`] without the final ECDSA verification: **only after [`verify`]**
/// has accepted this adaptor signature for the key, the message and `t·G`.
/// Decrypting an unverified adaptor signature and publishing the result can
/// leak `t` to its signer. Constant time in `t`; no heap.
///
/// ```
/// use ptlc::ecdsa_adaptor::{adapt_unchecked, presign, verify};
/// use ptlc::secp256k1::{ecdsa, Message, PublicKey, SecretKey};
/// use ptlc::PaymentScalar;
/// let sk = SecretKey::from_secret_bytes([1; 32])?;
/// let pk = PublicKey::from_secret_key(&sk);
/// let t = PaymentScalar::from_bytes(&[2; 32])?;
/// let pre = presign(&sk, &[3; 32], &t.point(), &[4; 32]);
/// verify(&pre, &pk, &[3; 32], &t.point())?;
/// let sig = adapt_unchecked(&pre, &t)?;
/// ecdsa::verify(&sig, Message::from_digest([3; 32]), &pk)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn adapt_unchecked(
    sig: &AdaptorSignature,
    t: &PaymentScalar,
) -> Result<Signature, EcdsaAdaptorError> {
    let parts = split(&sig.bytes);
    // s = s'·t⁻¹ in one constant-time division, then low s without branching.
    let mut s = arith::div_mod_n(parts.s_prime, t.inner());
    let mut negated = arith::negate_mod_n(&s);
    let high = arith::scalar_is_high(&s);
    for (a, b) in s.iter_mut().zip(negated.iter()) {
        a.conditional_assign(b, high);
    }
    let mut compact = [0u8; 64];
    for (dst, src) in compact
        .iter_mut()
        .zip(sig.r_scalar_bytes().iter().chain(s.iter()))
    {
        *dst = *src;
    }
    // The adapted signature is the (public) output; its parse is variable time
    // (declassified for the valgrind check, ci/ctime/).
    crate::ctime_hooks::declassify(&mut compact);
    let out = Signature::from_compact(&compact).map_err(|_| EcdsaAdaptorError::Degenerate);
    compact.zeroize();
    s.zeroize();
    negated.zeroize();
    out
}

/// Recovers the adaptor scalar `t` from an adaptor signature and the ECDSA
/// signature decrypted from it (secp256k1-zkp's
/// `secp256k1_ecdsa_adaptor_recover`).
///
/// `t = ±s⁻¹·s'`, the sign chosen so that `t·G = Y`: this works whether or not
/// the published signature was normalised to low `s`. Fails with
/// [`SignatureMismatch`](EcdsaAdaptorError::SignatureMismatch) if the
/// signature's `r` is not `x(R) mod n` or its `s` is 0, and with
/// [`ScalarMismatch`](EcdsaAdaptorError::ScalarMismatch) if neither sign opens
/// `Y`. Every input is public, and so is the result once the signature is.
///
/// ```
/// use ptlc::ecdsa_adaptor::{adapt, extract, presign};
/// use ptlc::{secp256k1::{PublicKey, SecretKey}, PaymentScalar};
/// let sk = SecretKey::from_secret_bytes([1; 32])?;
/// let t = PaymentScalar::from_bytes(&[2; 32])?;
/// let pre = presign(&sk, &[3; 32], &t.point(), &[4; 32]);
/// let sig = adapt(&pre, &t, &PublicKey::from_secret_key(&sk), &[3; 32])?;
/// assert_eq!(extract(&pre, &sig, &t.point())?, t);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn extract(
    sig: &AdaptorSignature,
    ecdsa_sig: &Signature,
    adaptor: &PaymentPoint,
) -> Result<PaymentScalar, EcdsaAdaptorError> {
    let parts = split(&sig.bytes);
    let compact = ecdsa_sig.serialize_compact();
    let (sig_r, sig_s) = compact
        .split_first_chunk::<32>()
        .ok_or(EcdsaAdaptorError::SignatureMismatch)?;
    if *sig_r != sig.r_scalar_bytes() {
        return Err(EcdsaAdaptorError::SignatureMismatch);
    }
    let sig_s: [u8; 32] = sig_s
        .try_into()
        .map_err(|_| EcdsaAdaptorError::SignatureMismatch)?;
    // s is public (a published signature); 0 is rejected here.
    let sig_s = SecretScalar::from_bytes(&sig_s).ok_or(EcdsaAdaptorError::SignatureMismatch)?;
    // t = s'/s (public inputs: anyone holding both signatures can compute it).
    let mut t = arith::div_mod_n(parts.s_prime, &sig_s);
    // t is public here (see above): variable-time multiplication is fine.
    let t_public = Scalar::from_be_bytes(t).map_err(|_| EcdsaAdaptorError::Degenerate)?;
    let implied = arith::base_mul_public(&t_public)
        .ok_or(EcdsaAdaptorError::Degenerate)?
        .serialize();
    let target = adaptor.to_bytes();
    if x_bytes(&implied) != x_bytes(&target) {
        t.zeroize();
        return Err(EcdsaAdaptorError::ScalarMismatch);
    }
    // t·G = −Y when the published s was negated: take −t.
    let mut negated = arith::negate_mod_n(&t);
    let flip = Choice::from(u8::from(implied.first() != target.first()));
    for (a, b) in t.iter_mut().zip(negated.iter()) {
        a.conditional_assign(b, flip);
    }
    let out = SecretScalar::from_bytes_ct(&t).ok_or(EcdsaAdaptorError::Degenerate);
    t.zeroize();
    negated.zeroize();
    Ok(PaymentScalar::from_inner(out?))
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use crate::arith::tests::scalar;

    #[test]
    fn secret_inversion_matches_fermat_and_public_inversion() {
        // n - 2 as the Fermat exponent, by square-and-multiply over mul.
        let mut exp = arith::CURVE_ORDER;
        exp[31] -= 2;
        for seed in 1u8..=40 {
            let x = SecretScalar::from_hash_reduced(&arith::tagged_hash(b"inv", &[&[seed]]))
                .unwrap_or_else(|| scalar(seed));
            let inv = arith::invert_secret(&x);
            assert_eq!(x.mul(&inv).unwrap().as_bytes(), scalar(1).as_bytes());
            let mut acc = scalar(1);
            for byte in exp {
                for bit in (0..8).rev() {
                    acc = acc.mul(&acc).unwrap();
                    if (byte >> bit) & 1 == 1 {
                        acc = acc.mul(&x).unwrap();
                    }
                }
            }
            assert_eq!(acc.as_bytes(), inv.as_bytes());
            let public = Scalar::from_be_bytes(*x.as_bytes()).unwrap();
            assert_eq!(
                arith::invert_public(&public).unwrap().to_be_bytes(),
                *inv.as_bytes()
            );
        }
        // Edge values: 1, n - 1.
        assert_eq!(
            arith::invert_secret(&scalar(1)).as_bytes(),
            scalar(1).as_bytes()
        );
        let minus_one = scalar(1).negate();
        assert_eq!(
            arith::invert_secret(&minus_one).as_bytes(),
            minus_one.as_bytes()
        );
        assert_eq!(arith::invert_public(&Scalar::ZERO), None);
    }

    #[test]
    fn high_s_boundary() {
        let half: [u8; 32] = [
            0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
            0xff, 0xff, 0x5d, 0x57, 0x6e, 0x73, 0x57, 0xa4, 0x50, 0x1d, 0xdf, 0xe9, 0x2f, 0x46,
            0x68, 0x1b, 0x20, 0xa0,
        ];
        assert!(!bool::from(arith::scalar_is_high(&half)));
        let mut above = half;
        above[31] += 1;
        assert!(bool::from(arith::scalar_is_high(&above)));
        let mut below = half;
        below[31] -= 1;
        assert!(!bool::from(arith::scalar_is_high(&below)));
        assert!(!bool::from(arith::scalar_is_high(&[0u8; 32])));
        let mut n_minus_1 = arith::CURVE_ORDER;
        n_minus_1[31] -= 1;
        assert!(bool::from(arith::scalar_is_high(&n_minus_1)));
    }

    #[test]
    fn public_scalar_helpers() {
        let three = Scalar::from_be_bytes(*scalar(3).as_bytes()).unwrap();
        let twelve = Scalar::from_be_bytes(*scalar(12).as_bytes()).unwrap();
        assert_eq!(
            div_public(&twelve, &three).to_be_bytes(),
            *scalar(4).as_bytes()
        );
        assert_eq!(div_public(&Scalar::ZERO, &three), Scalar::ZERO);
        assert_eq!(div_public(&three, &Scalar::ZERO), Scalar::ZERO);
        assert_eq!(
            negate_public(&three).to_be_bytes(),
            *scalar(3).negate().as_bytes()
        );
        assert_eq!(negate_public(&Scalar::ZERO), Scalar::ZERO);
        let p = scalar(5).base_mul();
        let q = scalar(7).base_mul();
        let four = Scalar::from_be_bytes(*scalar(4).as_bytes()).unwrap();
        assert_eq!(
            lincomb_public(&three, &p, &four, &q),
            Some(scalar(43).base_mul())
        );
        assert_eq!(
            lincomb_public(&Scalar::ZERO, &p, &four, &q),
            Some(scalar(28).base_mul())
        );
        assert_eq!(lincomb_public(&Scalar::ZERO, &p, &Scalar::ZERO, &q), None);
    }

    /// `div_mod_n` against `a·x` products computed by libsecp256k1, on many
    /// random values and the edges (1, n − 1, values near 2^255 and 2^256).
    #[test]
    fn div_mod_n_inverts_multiplication() {
        let mut n_minus = arith::CURVE_ORDER;
        n_minus[31] -= 1;
        let mut edges: std::vec::Vec<[u8; 32]> = std::vec![
            *scalar(1).as_bytes(),
            *scalar(2).as_bytes(),
            n_minus,
            [0x7f; 32],
            [0x80; 32],
            {
                let mut b = [0u8; 32];
                b[0] = 0x80;
                b
            },
            {
                let mut b = [0xff; 32];
                b[0] = 0xfe;
                b
            },
        ];
        for i in 0u32..2000 {
            edges.push(arith::tagged_hash(b"div", &[&i.to_be_bytes()]));
        }
        for (i, x) in edges.iter().enumerate() {
            let Some(x) = SecretScalar::from_bytes(x) else {
                continue;
            };
            let a = SecretScalar::from_hash_reduced(&arith::tagged_hash(
                b"num",
                &[&(i as u64).to_be_bytes()],
            ))
            .unwrap();
            let q = arith::div_mod_n(a.as_bytes(), &x);
            let q = SecretScalar::from_bytes(&q).unwrap();
            assert_eq!(
                q.mul(&x).unwrap().as_bytes(),
                a.as_bytes(),
                "x = {:?}",
                x.as_bytes()
            );
            let inv = arith::invert_secret(&x);
            assert_eq!(inv.mul(&x).unwrap().as_bytes(), scalar(1).as_bytes());
        }
        assert_eq!(arith::div_mod_n(&[0u8; 32], &scalar(5)), [0u8; 32]);
    }

    /// The edge classes of the dividend and of negation (0, 1, n − 1, n,
    /// 2^256 − 1) against an independent reference: crypto-bigint's modular
    /// arithmetic. A divisor of 0, n or 2^256 − 1 cannot be formed: its type is
    /// a `SecretScalar`, whose constructors reject them.
    #[test]
    fn div_and_negate_edge_classes_match_crypto_bigint() {
        use crypto_bigint::modular::{FixedMontyForm, FixedMontyParams};
        use crypto_bigint::{NonZero, Odd, U256};
        let n = Odd::new(U256::from_be_slice(&arith::CURVE_ORDER)).unwrap();
        let params = FixedMontyParams::new_vartime(n);
        let n_nonzero = NonZero::new(U256::from_be_slice(&arith::CURVE_ORDER)).unwrap();
        // Reduced by crypto-bigint's own division before entering Montgomery form.
        let reference =
            |v: &[u8; 32]| FixedMontyForm::new(&U256::from_be_slice(v).rem(&n_nonzero), &params);
        let bytes = |m: FixedMontyForm<{ U256::LIMBS }>| -> [u8; 32] {
            m.retrieve().to_be_bytes().as_ref().try_into().unwrap()
        };
        let mut n_minus_1 = arith::CURVE_ORDER;
        n_minus_1[31] -= 1;
        let edges = [
            [0u8; 32],
            *scalar(1).as_bytes(),
            n_minus_1,
            arith::CURVE_ORDER,
            [0xff; 32],
        ];
        for x in [&[0u8; 32], &arith::CURVE_ORDER, &[0xff; 32]] {
            assert!(SecretScalar::from_bytes(x).is_none());
        }
        let divisors = [
            scalar(1),
            scalar(7),
            SecretScalar::from_bytes(&n_minus_1).unwrap(),
        ];
        for a in &edges {
            // Negation: −(a mod n), and 0 stays 0 (never n).
            assert_eq!(
                arith::negate_mod_n(a),
                bytes(-reference(a)),
                "negate {a:02x?}"
            );
            for x in &divisors {
                let inv = reference(x.as_bytes()).invert().unwrap();
                assert_eq!(
                    arith::div_mod_n(a, x),
                    bytes(reference(a) * inv),
                    "{a:02x?} / {:02x?}",
                    x.as_bytes()
                );
            }
        }
        assert_eq!(arith::negate_mod_n(&[0u8; 32]), [0u8; 32]);
        assert_eq!(arith::negate_mod_n(&arith::CURVE_ORDER), [0u8; 32]);
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(1000))]
        /// `div_mod_n(a, x)·x = a` for random `a`, `x` (products by libsecp256k1).
        #[test]
        fn div_mod_n_random(a in proptest::prelude::any::<[u8; 32]>(), x in proptest::prelude::any::<[u8; 32]>()) {
            if let (Some(a), Some(x)) = (SecretScalar::from_bytes(&a), SecretScalar::from_bytes(&x)) {
                let q = SecretScalar::from_bytes(&arith::div_mod_n(a.as_bytes(), &x)).unwrap();
                let product = q.mul(&x).unwrap();
                proptest::prop_assert_eq!(product.as_bytes(), a.as_bytes());
            }
        }
    }

    #[test]
    fn negate_and_range_check() {
        let mut n_minus_1 = arith::CURVE_ORDER;
        n_minus_1[31] -= 1;
        assert_eq!(arith::negate_mod_n(scalar(1).as_bytes()), n_minus_1);
        assert_eq!(arith::negate_mod_n(&n_minus_1), *scalar(1).as_bytes());
        assert!(SecretScalar::from_bytes_ct(&[0u8; 32]).is_none());
        assert!(SecretScalar::from_bytes_ct(&arith::CURVE_ORDER).is_none());
        assert!(SecretScalar::from_bytes_ct(&[0xff; 32]).is_none());
        assert!(SecretScalar::from_bytes_ct(&n_minus_1).is_some());
        assert!(SecretScalar::from_bytes_ct(scalar(1).as_bytes()).is_some());
    }
}
