//! Nonce generation and aggregation (BIP-327, "Nonce Generation" and "Nonce
//! Aggregation"): NonceGen, the single-use [`SecNonce`], the 66-byte
//! [`PubNonce`], NonceAgg and the [`AggNonce`] with its infinity encoding.

use core::fmt;

use rand_core::{CryptoRng, RngCore};
use secp256k1::{PublicKey, SecretKey};
use sha2::Digest;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use super::error::{invalid, Contribution, MusigError};
use super::key_agg::tagged_engine;
use super::math;
use crate::arith::{self, ErasingSecretKey};
use crate::hex::impl_hex_traits;

/// Length of a [`SecNonce`]'s BIP-327 encoding: `k1 ‖ k2 ‖ pk`.
pub const SEC_NONCE_LEN: usize = 97;

/// A secret nonce: the two scalars `k1, k2` and the public key it was
/// generated for.
///
/// Not `Copy`, not `Clone`; [`sign`](super::signing::sign) takes it by value,
/// so the compiler rejects a second use; wiped on drop; `Debug` prints
/// nothing secret. Reusing a secret nonce for two different sessions reveals
/// the secret key, which is why none of this is optional.
///
/// ```compile_fail
/// # use ptlc::musig::{key_agg::KeyAggContext, nonces, session::Session, signing};
/// # use ptlc::secp256k1::Keypair;
/// # let keypair = Keypair::from_secret_bytes([1; 32]).expect("key");
/// # let pk = keypair.public_key();
/// # let ctx = KeyAggContext::new(&[pk.serialize()]).expect("ctx");
/// # let (secnonce, pubnonce) = nonces::nonce_gen_with_rand(&[7; 32], &pk, Default::default()).expect("nonce");
/// # let aggnonce = nonces::nonce_agg(&[pubnonce.to_bytes()]).expect("agg");
/// # let session = Session::new(&ctx, &aggnonce, b"msg", None).expect("session");
/// let first = signing::sign(secnonce, &keypair, &session);
/// let second = signing::sign(secnonce, &keypair, &session); // error: use of moved value
/// ```
///
/// ```
/// # use ptlc::secp256k1::Keypair;
/// # let pk = Keypair::from_secret_bytes([1; 32]).expect("key").public_key();
/// let (secnonce, _) = ptlc::musig::nonces::nonce_gen_with_rand(&[7; 32], &pk, Default::default())?;
/// assert_eq!(format!("{secnonce:?}"), "SecNonce(<redacted>)");
/// # Ok::<(), ptlc::musig::MusigError>(())
/// ```
pub struct SecNonce {
    pub(crate) k1: ErasingSecretKey,
    pub(crate) k2: ErasingSecretKey,
    pub(crate) pk: [u8; 33],
}

impl ZeroizeOnDrop for SecNonce {}

impl fmt::Debug for SecNonce {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecNonce(<redacted>)")
    }
}

impl SecNonce {
    /// DANGEROUS: the secret nonce as BIP-327's 97 bytes, consuming it.
    ///
    /// Only for a device that must keep a nonce across a power cycle between
    /// sending its public nonce and signing. Whoever stores these bytes takes
    /// over the type system's job: the bytes must be kept secret, restored at
    /// most once, and deleted *before* the partial signature leaves the
    /// device; a copy restored twice (a backup, a retried write, a cloned VM)
    /// lets the co-signers compute the secret key from the two partial
    /// signatures. The returned buffer is wiped when dropped.
    ///
    /// ```
    /// # use ptlc::secp256k1::Keypair;
    /// # let pk = Keypair::from_secret_bytes([1; 32]).expect("key").public_key();
    /// use ptlc::musig::nonces::{self, SecNonce};
    /// let (secnonce, _) = nonces::nonce_gen_with_rand(&[7; 32], &pk, Default::default())?;
    /// let stored = secnonce.dangerous_into_bytes();
    /// let restored = SecNonce::dangerous_from_bytes(&stored)?;
    /// # let _ = restored;
    /// # Ok::<(), ptlc::musig::MusigError>(())
    /// ```
    pub fn dangerous_into_bytes(self) -> Zeroizing<[u8; SEC_NONCE_LEN]> {
        let mut out = Zeroizing::new([0u8; SEC_NONCE_LEN]);
        let (k1, rest) = out.split_at_mut(32);
        let (k2, pk) = rest.split_at_mut(32);
        let mut b1 = self.k1.0.to_secret_bytes();
        let mut b2 = self.k2.0.to_secret_bytes();
        k1.copy_from_slice(&b1);
        k2.copy_from_slice(&b2);
        pk.copy_from_slice(&self.pk);
        b1.zeroize();
        b2.zeroize();
        out
    }

    /// DANGEROUS: restores a secret nonce from BIP-327's 97 bytes (see
    /// [`dangerous_into_bytes`](Self::dangerous_into_bytes) for what the caller
    /// must guarantee). [`MusigError::SecretNonceOutOfRange`] if `k1` or `k2`
    /// is not in `[1, n−1]` (BIP-327 zeroes a used nonce, so this is also what
    /// a used one gives).
    ///
    /// ```
    /// use ptlc::musig::{nonces::SecNonce, MusigError};
    /// assert_eq!(SecNonce::dangerous_from_bytes(&[0; 97]).unwrap_err(), MusigError::SecretNonceOutOfRange);
    /// ```
    pub fn dangerous_from_bytes(bytes: &[u8; SEC_NONCE_LEN]) -> Result<Self, MusigError> {
        let (k1, rest) = bytes.split_at(32);
        let (k2, pk) = rest.split_at(32);
        let k1 = secret_key(k1).ok_or(MusigError::SecretNonceOutOfRange)?;
        let k2 = secret_key(k2).ok_or(MusigError::SecretNonceOutOfRange)?;
        let mut pk_bytes = [0u8; 33];
        pk_bytes.copy_from_slice(pk);
        Ok(Self {
            k1,
            k2,
            pk: pk_bytes,
        })
    }
}

/// A secret 32-byte slice as a key in `[1, n−1]`, checked in constant time
/// (only the verdict is public).
fn secret_key(bytes: &[u8]) -> Option<ErasingSecretKey> {
    let mut b = [0u8; 32];
    b.copy_from_slice(bytes.get(..32)?);
    let out = arith::secret_key_public_verdict(&b).map(ErasingSecretKey);
    b.zeroize();
    out
}

/// A public nonce `R1 ‖ R2` (66 bytes, two compressed points). Public data:
/// this is what a signer sends.
///
/// ```
/// # use ptlc::secp256k1::Keypair;
/// # let pk = Keypair::from_secret_bytes([1; 32]).expect("key").public_key();
/// use ptlc::musig::nonces::{self, PubNonce};
/// let (_, pubnonce) = nonces::nonce_gen_with_rand(&[7; 32], &pk, Default::default())?;
/// assert_eq!(PubNonce::from_bytes(&pubnonce.to_bytes())?, pubnonce);
/// assert_eq!(pubnonce.to_string().parse::<PubNonce>()?, pubnonce);
/// # Ok::<(), ptlc::musig::MusigError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PubNonce {
    pub(crate) r1: PublicKey,
    pub(crate) r2: PublicKey,
}

impl PubNonce {
    /// Parses 66 bytes: two compressed points with prefix 2 or 3.
    ///
    /// ```
    /// use ptlc::musig::{nonces::PubNonce, Contribution, MusigError};
    /// assert_eq!(
    ///     PubNonce::from_bytes(&[0; 66]).unwrap_err(),
    ///     MusigError::InvalidContribution { signer: None, contribution: Contribution::PublicNonce }
    /// );
    /// ```
    pub fn from_bytes(bytes: &[u8; 66]) -> Result<Self, MusigError> {
        let (a, b) = math::halves(bytes);
        let bad = invalid(None, Contribution::PublicNonce);
        Ok(Self {
            r1: math::cpoint(&a).ok_or(bad)?,
            r2: math::cpoint(&b).ok_or(bad)?,
        })
    }

    /// The 66-byte encoding.
    ///
    /// ```
    /// # use ptlc::secp256k1::Keypair;
    /// # let pk = Keypair::from_secret_bytes([1; 32]).expect("key").public_key();
    /// # let (_, pubnonce) = ptlc::musig::nonces::nonce_gen_with_rand(&[7; 32], &pk, Default::default())?;
    /// assert!(matches!(pubnonce.to_bytes()[0], 2 | 3));
    /// # Ok::<(), ptlc::musig::MusigError>(())
    /// ```
    pub fn to_bytes(&self) -> [u8; 66] {
        math::join(&self.r1.serialize(), &self.r2.serialize())
    }
}

impl_hex_traits!(PubNonce, 66, MusigError);

/// The aggregate nonce `R1 ‖ R2`, either of which may be the point at
/// infinity (encoded as 33 zero bytes). Public data.
///
/// ```
/// use ptlc::musig::nonces::AggNonce;
/// let infinity = AggNonce::from_bytes(&[0; 66])?;
/// assert_eq!(infinity.to_bytes(), [0; 66]);
/// # Ok::<(), ptlc::musig::MusigError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AggNonce {
    pub(crate) r1: Option<PublicKey>,
    pub(crate) r2: Option<PublicKey>,
}

impl AggNonce {
    /// Parses 66 bytes: two compressed points or 33 zero bytes each.
    ///
    /// ```
    /// use ptlc::musig::{nonces::AggNonce, Contribution, MusigError};
    /// assert_eq!(
    ///     AggNonce::from_bytes(&[4; 66]).unwrap_err(),
    ///     MusigError::InvalidContribution { signer: None, contribution: Contribution::AggregateNonce }
    /// );
    /// ```
    pub fn from_bytes(bytes: &[u8; 66]) -> Result<Self, MusigError> {
        let (a, b) = math::halves(bytes);
        let bad = invalid(None, Contribution::AggregateNonce);
        Ok(Self {
            r1: math::cpoint_ext(&a).ok_or(bad)?,
            r2: math::cpoint_ext(&b).ok_or(bad)?,
        })
    }

    /// The 66-byte encoding (BIP-327 `cbytes_ext(R1) ‖ cbytes_ext(R2)`).
    ///
    /// ```
    /// # use ptlc::musig::nonces::AggNonce;
    /// assert_eq!(AggNonce::from_bytes(&[0; 66])?.to_bytes(), [0; 66]);
    /// # Ok::<(), ptlc::musig::MusigError>(())
    /// ```
    pub fn to_bytes(&self) -> [u8; 66] {
        math::join(&math::cbytes_ext(&self.r1), &math::cbytes_ext(&self.r2))
    }

    /// NonceAgg over already parsed public nonces (cannot fail).
    ///
    /// ```
    /// # use ptlc::secp256k1::Keypair;
    /// # let pk = Keypair::from_secret_bytes([1; 32]).expect("key").public_key();
    /// use ptlc::musig::nonces::{self, AggNonce};
    /// let (_, a) = nonces::nonce_gen_with_rand(&[7; 32], &pk, Default::default())?;
    /// let (_, b) = nonces::nonce_gen_with_rand(&[8; 32], &pk, Default::default())?;
    /// assert_eq!(AggNonce::sum(&[a, b]), nonces::nonce_agg(&[a.to_bytes(), b.to_bytes()])?);
    /// # Ok::<(), ptlc::musig::MusigError>(())
    /// ```
    pub fn sum(pubnonces: &[PubNonce]) -> Self {
        pubnonces
            .iter()
            .fold(Self { r1: None, r2: None }, |acc, p| acc.add(p))
    }

    fn add(self, p: &PubNonce) -> Self {
        Self {
            r1: math::add_ext(self.r1, Some(p.r1)),
            r2: math::add_ext(self.r2, Some(p.r2)),
        }
    }
}

impl_hex_traits!(AggNonce, 66, MusigError);

/// BIP-327 NonceAgg over the signers' 66-byte public nonces, in signer order.
/// An unparsable nonce is blamed on its signer.
///
/// ```
/// use ptlc::musig::{nonces, Contribution, MusigError};
/// assert_eq!(
///     nonces::nonce_agg(&[[0; 66]]).unwrap_err(),
///     MusigError::InvalidContribution { signer: Some(0), contribution: Contribution::PublicNonce }
/// );
/// ```
pub fn nonce_agg(pubnonces: &[[u8; 66]]) -> Result<AggNonce, MusigError> {
    if pubnonces.is_empty() {
        return Err(MusigError::EmptyList);
    }
    let mut acc = AggNonce { r1: None, r2: None };
    for (i, bytes) in pubnonces.iter().enumerate() {
        let p =
            PubNonce::from_bytes(bytes).map_err(|_| invalid(Some(i), Contribution::PublicNonce))?;
        acc = acc.add(&p);
    }
    Ok(acc)
}

/// The optional inputs of BIP-327 NonceGen. Each one given makes the nonce
/// depend on it, which protects against a broken random number generator;
/// none of them replaces fresh randomness.
///
/// ```
/// use ptlc::musig::nonces::NonceGenInputs;
/// let inputs = NonceGenInputs { message: Some(b"msg"), ..Default::default() };
/// assert!(inputs.secret_key.is_none());
/// ```
#[derive(Default, Clone, Copy)]
pub struct NonceGenInputs<'a> {
    /// The signer's secret key (`sk`).
    pub secret_key: Option<&'a SecretKey>,
    /// The x-only aggregate key (`aggpk`), 32 bytes.
    pub aggregate_key: Option<&'a [u8; 32]>,
    /// The message to be signed (`m`), any length.
    pub message: Option<&'a [u8]>,
    /// Any extra input (`extra_in`), at most 2^32 − 1 bytes.
    pub extra_input: Option<&'a [u8]>,
}

/// BIP-327 NonceGen with 32 bytes of fresh randomness drawn from `rng`.
///
/// ```
/// # let mut rng = rand_core::UnwrapErr(rand_core::OsRng);
/// # use ptlc::secp256k1::Keypair;
/// # let pk = Keypair::from_secret_bytes([1; 32]).expect("key").public_key();
/// let (secnonce, pubnonce) = ptlc::musig::nonces::nonce_gen(&mut rng, &pk, Default::default())?;
/// # let _ = (secnonce, pubnonce);
/// # Ok::<(), ptlc::musig::MusigError>(())
/// ```
pub fn nonce_gen<R: RngCore + CryptoRng + ?Sized>(
    rng: &mut R,
    pk: &PublicKey,
    inputs: NonceGenInputs<'_>,
) -> Result<(SecNonce, PubNonce), MusigError> {
    let mut rand = Zeroizing::new([0u8; 32]);
    rng.fill_bytes(rand.as_mut());
    nonce_gen_with_rand(&rand, pk, inputs)
}

/// BIP-327 NonceGenInternal: NonceGen with the caller's 32 bytes `rand_`.
///
/// `rand` must be uniformly random, secret, and never used twice: the same
/// `rand` with the same inputs gives the same nonce, and a nonce used in two
/// sessions reveals the secret key. Prefer [`nonce_gen`]; this entry point
/// exists for BIP-327's test vectors and for callers with their own RNG.
///
/// ```
/// # use ptlc::secp256k1::Keypair;
/// # let pk = Keypair::from_secret_bytes([1; 32]).expect("key").public_key();
/// use ptlc::musig::nonces;
/// let (_, a) = nonces::nonce_gen_with_rand(&[7; 32], &pk, Default::default())?;
/// let (_, b) = nonces::nonce_gen_with_rand(&[7; 32], &pk, Default::default())?;
/// assert_eq!(a, b);
/// # Ok::<(), ptlc::musig::MusigError>(())
/// ```
pub fn nonce_gen_with_rand(
    rand: &[u8; 32],
    pk: &PublicKey,
    inputs: NonceGenInputs<'_>,
) -> Result<(SecNonce, PubNonce), MusigError> {
    // rand = sk XOR hash_MuSig/aux(rand') when sk is given, else rand'.
    let mut seed = Zeroizing::new(*rand);
    if let Some(sk) = inputs.secret_key {
        let mut sk_bytes = sk.to_secret_bytes();
        *seed = arith::xor32(&sk_bytes, &arith::tagged_hash(b"MuSig/aux", &[rand]));
        sk_bytes.zeroize();
    }
    let pk_bytes = pk.serialize();
    let mut h = tagged_engine(b"MuSig/nonce");
    h.update(seed.as_ref());
    h.update([33u8]);
    h.update(pk_bytes);
    match inputs.aggregate_key {
        Some(aggpk) => {
            h.update([32u8]);
            h.update(aggpk);
        }
        None => h.update([0u8]),
    }
    match inputs.message {
        Some(m) => {
            let len = u64::try_from(m.len()).map_err(|_| MusigError::InvalidLength)?;
            h.update([1u8]);
            h.update(len.to_be_bytes());
            h.update(m);
        }
        None => h.update([0u8]),
    }
    let extra = inputs.extra_input.unwrap_or(&[]);
    let extra_len = u32::try_from(extra.len()).map_err(|_| MusigError::InvalidLength)?;
    h.update(extra_len.to_be_bytes());
    h.update(extra);
    let k1 = nonce_scalar(h.clone(), 0)?;
    let k2 = nonce_scalar(h, 1)?;
    let pubnonce = PubNonce {
        r1: arith::base_mul_secret_key(&k1.0),
        r2: arith::base_mul_secret_key(&k2.0),
    };
    Ok((
        SecNonce {
            k1,
            k2,
            pk: pk_bytes,
        },
        pubnonce,
    ))
}

/// `int(hash(prefix ‖ i)) mod n` as a secret key; zero is [`MusigError::Degenerate`].
pub(crate) fn nonce_scalar(mut h: sha2::Sha256, i: u8) -> Result<ErasingSecretKey, MusigError> {
    h.update([i]);
    let mut digest: [u8; 32] = h.finalize().into();
    let mut reduced = arith::reduce_mod_n(&digest);
    digest.zeroize();
    let k = arith::secret_key_public_verdict(&reduced);
    reduced.zeroize();
    k.map(ErasingSecretKey).ok_or(MusigError::Degenerate)
}
