//! Schnorr (BIP-340) adaptor signatures (SPEC.md, "Schnorr adaptor signatures").
//!
//! A [`PreSignature`] on a message under an x-only key, made for an adaptor
//! point `T`, is not a signature; [`adapt`] with the [`PaymentScalar`] `t` of
//! `T` turns it into a valid BIP-340 signature (and checks that it is one), and
//! whoever sees both the pre-signature and the published signature can
//! [`extract`] `t`.
//!
//! Compatibility: the anchor is the Schnorr adaptor specification's vectors
//! (ZhePang/Python_Specification_for_Schnorr_Adaptor, `presig_vectors.csv` and
//! `adapt_vectors.csv`), which this crate passes byte for byte. secp256k1-zkp's
//! `schnorr_adaptor` module follows that specification, but exists only in its
//! open pull request #299 (last commit c2f27098, October 2024): it is in no
//! secp256k1-zkp release and not on its master branch. The pre-signature is the 33-byte
//! compressed `R' = k·G + T` followed by the 32-byte `s'`, and the nonce is a
//! BIP-340-style synthetic nonce under the tags `SchnorrAdaptor/aux` and
//! `SchnorrAdaptor/nonce`.
//!
//! ```
//! use ptlc::{schnorr_adaptor, PaymentScalar};
//! use ptlc::secp256k1::{schnorr, Keypair};
//! let keypair = Keypair::from_secret_bytes([0x11; 32]).expect("valid key");
//! let (pubkey, _) = keypair.x_only_public_key();
//! let msg = [0x22; 32];
//! let t = PaymentScalar::from_bytes(&[0x33; 32])?;
//! let pre_sig = schnorr_adaptor::presign(&keypair, &msg, &t.point(), &[0x44; 32]);
//! schnorr_adaptor::verify(&pre_sig, &pubkey, &msg, &t.point())?;
//! let sig = schnorr_adaptor::adapt(&pre_sig, &t, &pubkey, &msg)?;
//! assert!(schnorr::verify(&sig, &msg, &pubkey).is_ok());
//! assert_eq!(schnorr_adaptor::extract(&pre_sig, &sig, &t.point())?, t);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use core::fmt;

use secp256k1::{schnorr, Keypair, PublicKey, Scalar, XOnlyPublicKey};
use sha2::Digest;
use subtle::{Choice, ConditionallySelectable};
use zeroize::Zeroize;

use crate::arith::{self, ErasingSecretKey, SecretScalar};
use crate::hex::{impl_hex_traits, HexError};
use crate::payment::{PaymentPoint, PaymentScalar};

/// Tag of the hash that masks the secret key with the aux randomness.
pub const AUX_TAG: &[u8] = b"SchnorrAdaptor/aux";
/// Tag of the nonce hash.
pub const NONCE_TAG: &[u8] = b"SchnorrAdaptor/nonce";

/// Why a pre-signature, a signature or a scalar was rejected.
///
/// ```
/// use ptlc::schnorr_adaptor::{PreSignature, SchnorrAdaptorError};
/// assert_eq!(PreSignature::from_bytes(&[0u8; 65]).unwrap_err(), SchnorrAdaptorError::InvalidNoncePoint);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchnorrAdaptorError {
    /// The input is not 65 bytes.
    InvalidLength,
    /// The hex string was malformed.
    Hex(HexError),
    /// `R'` has a prefix other than `0x02`/`0x03`, or is not on the curve.
    InvalidNoncePoint,
    /// `s'` is not below the group order `n`.
    ScalarOverflow,
    /// The pre-signature does not verify for this key, message and adaptor point.
    InvalidPreSignature,
    /// The signature's `s` is not below `n`.
    InvalidSignature,
    /// The signature's `R` is not the pre-signature's nonce: it was not adapted
    /// from this pre-signature.
    SignatureMismatch,
    /// The scalar does not open the adaptor point (extract), or adapting with
    /// it does not give a valid signature under the key and message (adapt).
    WrongScalar,
    /// A zero scalar or the point at infinity came out (negligible probability
    /// for honest inputs).
    Degenerate,
}

impl fmt::Display for SchnorrAdaptorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidLength => f.write_str("a Schnorr pre-signature is 65 bytes"),
            Self::Hex(e) => write!(f, "pre-signature hex: {e}"),
            Self::InvalidNoncePoint => {
                f.write_str("pre-signature nonce point is not a valid point")
            }
            Self::ScalarOverflow => f.write_str("pre-signature s' is not below the group order"),
            Self::InvalidPreSignature => f.write_str("pre-signature does not verify"),
            Self::InvalidSignature => f.write_str("signature s is not below the group order"),
            Self::SignatureMismatch => {
                f.write_str("signature was not adapted from this pre-signature")
            }
            Self::WrongScalar => f.write_str("scalar does not open the adaptor point"),
            Self::Degenerate => f.write_str("degenerate value (zero or infinity)"),
        }
    }
}

impl core::error::Error for SchnorrAdaptorError {}

impl From<HexError> for SchnorrAdaptorError {
    fn from(e: HexError) -> Self {
        Self::Hex(e)
    }
}

/// A Schnorr adaptor pre-signature: `R' = k·G + T` (33 bytes, compressed) then
/// `s'` (32 bytes). Public data.
///
/// The prefix of `R'` tells the adapter how to combine: `s = s' + t` if `R'`
/// has even y, `s = s' − t` if odd. Parsing checks that `R'` is a point and
/// `s' < n`; it does not verify.
///
/// ```
/// use ptlc::schnorr_adaptor::PreSignature;
/// let hex = "036179dbf3e13207853f880c7a7a85ec678bad64b897f108d476438ac4a932ee94\
///            97cc73b8c351f189b9d4fde893e3820d4bff7f49d4be1f8b02cb808cd31923a0";
/// let pre_sig: PreSignature = hex.parse()?;
/// assert_eq!(pre_sig.to_string(), hex);
/// assert_eq!(PreSignature::from_bytes(&pre_sig.to_bytes())?, pre_sig);
/// # Ok::<(), ptlc::schnorr_adaptor::SchnorrAdaptorError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct PreSignature {
    nonce: PublicKey,
    s: Scalar,
}

impl PreSignature {
    /// Parses the 65-byte encoding.
    ///
    /// ```
    /// use ptlc::schnorr_adaptor::{PreSignature, SchnorrAdaptorError};
    /// let mut bytes = [0xffu8; 65];
    /// bytes[..33].copy_from_slice(&ptlc::PaymentScalar::from_bytes(&[1; 32])?.point().to_bytes());
    /// assert_eq!(PreSignature::from_bytes(&bytes).unwrap_err(), SchnorrAdaptorError::ScalarOverflow);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_bytes(bytes: &[u8; 65]) -> Result<Self, SchnorrAdaptorError> {
        let (r, s) = bytes.split_at(33);
        let r: [u8; 33] = r
            .try_into()
            .map_err(|_| SchnorrAdaptorError::InvalidLength)?;
        let s: [u8; 32] = s
            .try_into()
            .map_err(|_| SchnorrAdaptorError::InvalidLength)?;
        if r[0] != 0x02 && r[0] != 0x03 {
            return Err(SchnorrAdaptorError::InvalidNoncePoint);
        }
        let nonce = PublicKey::from_byte_array_compressed(r)
            .map_err(|_| SchnorrAdaptorError::InvalidNoncePoint)?;
        let s = Scalar::from_be_bytes(s).map_err(|_| SchnorrAdaptorError::ScalarOverflow)?;
        Ok(Self { nonce, s })
    }

    /// Parses a slice that must be exactly 65 bytes.
    ///
    /// ```
    /// use ptlc::schnorr_adaptor::{PreSignature, SchnorrAdaptorError};
    /// assert_eq!(PreSignature::from_slice(&[2u8; 64]).unwrap_err(), SchnorrAdaptorError::InvalidLength);
    /// ```
    pub fn from_slice(bytes: &[u8]) -> Result<Self, SchnorrAdaptorError> {
        let arr: &[u8; 65] = bytes
            .try_into()
            .map_err(|_| SchnorrAdaptorError::InvalidLength)?;
        Self::from_bytes(arr)
    }

    /// The 65-byte encoding `R' || s'`.
    ///
    /// ```
    /// # use ptlc::{schnorr_adaptor, PaymentScalar, secp256k1::Keypair};
    /// # let keypair = Keypair::from_secret_bytes([0x11; 32]).expect("valid key");
    /// # let t = PaymentScalar::from_bytes(&[0x33; 32])?;
    /// let pre_sig = schnorr_adaptor::presign(&keypair, &[0; 32], &t.point(), &[0; 32]);
    /// assert_eq!(pre_sig.to_bytes()[..33], pre_sig.nonce().serialize());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_bytes(&self) -> [u8; 65] {
        let mut out = [0u8; 65];
        let (r, s) = out.split_at_mut(33);
        r.copy_from_slice(&self.nonce.serialize());
        s.copy_from_slice(&self.s.to_be_bytes());
        out
    }

    /// The nonce point `R' = k·G + T`, with the parity the adapter needs.
    ///
    /// ```
    /// # use ptlc::{schnorr_adaptor, PaymentScalar, secp256k1::Keypair};
    /// # let keypair = Keypair::from_secret_bytes([0x11; 32]).expect("valid key");
    /// # let t = PaymentScalar::from_bytes(&[0x33; 32])?;
    /// let pre_sig = schnorr_adaptor::presign(&keypair, &[0; 32], &t.point(), &[0; 32]);
    /// let sig = schnorr_adaptor::adapt(&pre_sig, &t, &keypair.x_only_public_key().0, &[0; 32])?;
    /// assert_eq!(sig.as_byte_array()[..32], pre_sig.nonce().serialize()[1..]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn nonce(&self) -> PublicKey {
        self.nonce
    }

    /// `s'`, the second half of the pre-signature.
    ///
    /// ```
    /// # use ptlc::{schnorr_adaptor, PaymentScalar, secp256k1::Keypair};
    /// # let keypair = Keypair::from_secret_bytes([0x11; 32]).expect("valid key");
    /// # let t = PaymentScalar::from_bytes(&[0x33; 32])?;
    /// let pre_sig = schnorr_adaptor::presign(&keypair, &[0; 32], &t.point(), &[0; 32]);
    /// assert_eq!(pre_sig.to_bytes()[33..], pre_sig.s().to_be_bytes());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn s(&self) -> Scalar {
        self.s
    }
}

impl fmt::Debug for PreSignature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PreSignature({self})")
    }
}

impl_hex_traits!(PreSignature, 65, SchnorrAdaptorError);

/// Creates a pre-signature on `msg` under `keypair` for the adaptor point `T`.
///
/// The nonce is synthetic (SPEC.md, presign steps 1–6): it commits to the
/// secret key (masked with `aux_rand`), `T`, the public key and the message,
/// so the same key and message with a different `T` never reuse a nonce.
/// `aux_rand` should be fresh randomness; all zeros still gives a safe,
/// deterministic pre-signature.
///
/// ```
/// use ptlc::{schnorr_adaptor, PaymentScalar, secp256k1::Keypair};
/// let keypair = Keypair::from_secret_bytes([0x11; 32]).expect("valid key");
/// let t = PaymentScalar::from_bytes(&[0x33; 32])?;
/// let a = schnorr_adaptor::presign(&keypair, &[0; 32], &t.point(), &[0; 32]);
/// let b = schnorr_adaptor::presign(&keypair, &[0; 32], &t.point(), &[0; 32]);
/// assert_eq!(a, b);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn presign(
    keypair: &Keypair,
    msg: &[u8; 32],
    adaptor: &PaymentPoint,
    aux_rand: &[u8; 32],
) -> PreSignature {
    let mut aux = *aux_rand;
    loop {
        // Fails only if the nonce hash is 0 mod n or k·G = −T: probability
        // about 2^-256 per attempt, and T cannot be chosen to force it without
        // predicting the hash. An API that cannot fail then retries with
        // aux_rand := SHA256(aux_rand) (SPEC.md, presign note).
        match try_presign(keypair, msg, adaptor, &aux) {
            Ok(p) => return p,
            Err(_) => aux = sha2::Sha256::digest(aux).into(),
        }
    }
}

/// [`presign`], reporting the negligible-probability degenerate cases
/// (nonce 0, `R'` at infinity) as [`SchnorrAdaptorError::Degenerate`] instead
/// of retrying.
///
/// ```
/// use ptlc::{schnorr_adaptor, PaymentScalar, secp256k1::Keypair};
/// let keypair = Keypair::from_secret_bytes([0x11; 32]).expect("valid key");
/// let t = PaymentScalar::from_bytes(&[0x33; 32])?;
/// let a = schnorr_adaptor::try_presign(&keypair, &[0; 32], &t.point(), &[0; 32])?;
/// assert_eq!(a, schnorr_adaptor::presign(&keypair, &[0; 32], &t.point(), &[0; 32]));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn try_presign(
    keypair: &Keypair,
    msg: &[u8; 32],
    adaptor: &PaymentPoint,
    aux_rand: &[u8; 32],
) -> Result<PreSignature, SchnorrAdaptorError> {
    // 1. d = d0 if P has even y, else n − d0 (selected branch-free).
    let (pubkey, parity) = keypair.x_only_public_key();
    let p_x = pubkey.to_byte_array();
    let p_odd = parity == secp256k1::Parity::Odd;
    // A valid keypair always has its secret key: the error is unreachable.
    let d0 = crate::context::keypair_secret_key(keypair).ok_or(SchnorrAdaptorError::Degenerate)?;
    let d0 = ErasingSecretKey(d0);
    let d_neg = ErasingSecretKey(d0.0.negate());
    let mut d_bytes = d0.0.to_secret_bytes();
    let mut neg_bytes = d_neg.0.to_secret_bytes();
    for (o, b) in d_bytes.iter_mut().zip(neg_bytes.iter()) {
        o.conditional_assign(b, Choice::from(u8::from(p_odd)));
    }
    neg_bytes.zeroize();
    drop(d_neg);

    // 2-3. Synthetic nonce k0 = int(hash_nonce(d ^ hash_aux(aux) || T || P || m)) mod n.
    let t_bytes = adaptor.to_bytes();
    let mut masked = arith::xor32(&d_bytes, &arith::tagged_hash(AUX_TAG, &[aux_rand]));
    d_bytes.zeroize();
    let mut k_hash = arith::tagged_hash(NONCE_TAG, &[&masked, &t_bytes, &p_x, msg]);
    masked.zeroize();
    let mut reduced = arith::reduce_mod_n(&k_hash);
    k_hash.zeroize();
    // The range check (constant time, verdict declassified) fails only for k0 = 0.
    let k0 = arith::secret_key_public_verdict(&reduced);
    reduced.zeroize();
    let k0 = ErasingSecretKey(k0.ok_or(SchnorrAdaptorError::Degenerate)?);

    // 4. R' = k0·G + T (constant-time base multiplication; k0·G = R' − T is
    // public once R' is, so it is declassified for the valgrind check before
    // the variable-time addition).
    let k0_g = arith::base_mul_secret_key(&k0.0);
    let r0 =
        arith::point_add(&k0_g, adaptor.as_public_key()).ok_or(SchnorrAdaptorError::Degenerate)?;
    let (r_x, r_odd) = arith::x_and_parity(&r0);

    // 5-6. e = challenge(R', P, m); s' = k + e·d with k = ±k0 (negated when R'
    // has odd y) and d = ±d0, computed as c·(k0 + c·e·d) with c = ±1: the
    // public sign of e absorbs both parities and the secret is negated by a
    // branch-free select.
    let e = arith::bip340_challenge(&r_x, &p_x, msg);
    let x = if p_odd != r_odd {
        arith::negate_public_scalar(&e)
    } else {
        e
    };
    let s = arith::schnorr_presign_scalar(&k0.0, &d0.0, &x, Choice::from(u8::from(r_odd)));
    Ok(PreSignature { nonce: r0, s })
}

/// The adaptor point `T` a pre-signature is bound to, given the key and the
/// message (secp256k1-zkp's `schnorr_adaptor_extract`):
/// `T = R' + (e·P − s'·G)` if `R'` has even y, `T = R' − (e·P − s'·G)` if odd.
///
/// ```
/// use ptlc::{schnorr_adaptor, PaymentScalar, secp256k1::Keypair};
/// let keypair = Keypair::from_secret_bytes([0x11; 32]).expect("valid key");
/// let t = PaymentScalar::from_bytes(&[0x33; 32])?;
/// let pre_sig = schnorr_adaptor::presign(&keypair, &[0; 32], &t.point(), &[0; 32]);
/// let point = schnorr_adaptor::adaptor_point(&pre_sig, &keypair.x_only_public_key().0, &[0; 32])?;
/// assert_eq!(point, t.point());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn adaptor_point(
    pre_sig: &PreSignature,
    pubkey: &XOnlyPublicKey,
    msg: &[u8; 32],
) -> Result<PaymentPoint, SchnorrAdaptorError> {
    let (r_x, r_odd) = arith::x_and_parity(&pre_sig.nonce);
    let e = arith::bip340_challenge(&r_x, &pubkey.to_byte_array(), msg);
    // ±(e·P − s'·G) in one multi-scalar multiplication; None: e·P = s'·G, T = R'.
    match arith::schnorr_verify_point(&e, pubkey, &pre_sig.s, r_odd) {
        Some(q) => arith::point_add(&pre_sig.nonce, &q)
            .map(PaymentPoint::from_public_key)
            .ok_or(SchnorrAdaptorError::InvalidPreSignature),
        None => Ok(PaymentPoint::from_public_key(pre_sig.nonce)),
    }
}

/// Verifies a pre-signature: `Ok` exactly when adapting it with the scalar of
/// `adaptor` gives a valid BIP-340 signature on `msg` under `pubkey`.
///
/// ```
/// use ptlc::{schnorr_adaptor, PaymentScalar, secp256k1::Keypair};
/// use ptlc::schnorr_adaptor::SchnorrAdaptorError;
/// let keypair = Keypair::from_secret_bytes([0x11; 32]).expect("valid key");
/// let (pubkey, _) = keypair.x_only_public_key();
/// let t = PaymentScalar::from_bytes(&[0x33; 32])?;
/// let pre_sig = schnorr_adaptor::presign(&keypair, &[0; 32], &t.point(), &[0; 32]);
/// assert!(schnorr_adaptor::verify(&pre_sig, &pubkey, &[0; 32], &t.point()).is_ok());
/// assert_eq!(
///     schnorr_adaptor::verify(&pre_sig, &pubkey, &[1; 32], &t.point()),
///     Err(SchnorrAdaptorError::InvalidPreSignature)
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn verify(
    pre_sig: &PreSignature,
    pubkey: &XOnlyPublicKey,
    msg: &[u8; 32],
    adaptor: &PaymentPoint,
) -> Result<(), SchnorrAdaptorError> {
    if adaptor_point(pre_sig, pubkey, msg)? == *adaptor {
        Ok(())
    } else {
        Err(SchnorrAdaptorError::InvalidPreSignature)
    }
}

/// Completes a pre-signature with the adaptor's secret scalar and checks the
/// result: `(x(R'), s' + t)` if `R'` has even y, `(x(R'), s' − t)` if odd, then
/// BIP-340 verification under `pubkey` and `msg`.
///
/// This is the call a payee makes. If the result does not verify — the
/// pre-signature was not made for `t·G`, or not for this key and message — it
/// returns [`SchnorrAdaptorError::WrongScalar`] and nothing else: publishing an
/// invalid adapted signature would hand `t` to the signer (who knows `s'`)
/// without paying the payee.
///
/// ```
/// use ptlc::{schnorr_adaptor, PaymentScalar, secp256k1::{schnorr, Keypair}};
/// use ptlc::schnorr_adaptor::SchnorrAdaptorError;
/// let keypair = Keypair::from_secret_bytes([0x11; 32]).expect("valid key");
/// let (pubkey, _) = keypair.x_only_public_key();
/// let t = PaymentScalar::from_bytes(&[0x33; 32])?;
/// let wrong = PaymentScalar::from_bytes(&[0x34; 32])?;
/// let pre_sig = schnorr_adaptor::presign(&keypair, &[0; 32], &t.point(), &[0; 32]);
/// let sig = schnorr_adaptor::adapt(&pre_sig, &t, &pubkey, &[0; 32])?;
/// assert!(schnorr::verify(&sig, &[0; 32], &pubkey).is_ok());
/// assert_eq!(
///     schnorr_adaptor::adapt(&pre_sig, &wrong, &pubkey, &[0; 32]),
///     Err(SchnorrAdaptorError::WrongScalar)
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn adapt(
    pre_sig: &PreSignature,
    t: &PaymentScalar,
    pubkey: &XOnlyPublicKey,
    msg: &[u8; 32],
) -> Result<schnorr::Signature, SchnorrAdaptorError> {
    let mut sig = adapt_unchecked(pre_sig, t)?;
    // The adapted signature is what the caller publishes; its verification is
    // variable-time work on it, so it is declassified for the valgrind check
    // (ci/ctime/). When it fails to verify it is wiped and never returned.
    crate::ctime_hooks::declassify(&mut sig);
    if schnorr::verify(&sig, msg, pubkey).is_ok() {
        Ok(sig)
    } else {
        let mut bytes = sig.to_byte_array();
        bytes.zeroize();
        Err(SchnorrAdaptorError::WrongScalar)
    }
}

/// [`adapt`] without the final BIP-340 verification: **only after
/// [`verify`]** has accepted this pre-signature for the key, the message and
/// `t·G`. Adapting an unverified pre-signature and publishing the result can
/// leak `t` to its signer.
///
/// The pre-signature alone does not say which point it was made for, so this
/// cannot check `t`. Never fails for a parsed pre-signature; the `Result` is
/// the API contract's.
///
/// ```
/// use ptlc::{schnorr_adaptor, PaymentScalar, secp256k1::{schnorr, Keypair}};
/// let keypair = Keypair::from_secret_bytes([0x11; 32]).expect("valid key");
/// let (pubkey, _) = keypair.x_only_public_key();
/// let t = PaymentScalar::from_bytes(&[0x33; 32])?;
/// let pre_sig = schnorr_adaptor::presign(&keypair, &[0; 32], &t.point(), &[0; 32]);
/// schnorr_adaptor::verify(&pre_sig, &pubkey, &[0; 32], &t.point())?;
/// let sig = schnorr_adaptor::adapt_unchecked(&pre_sig, &t)?;
/// assert!(schnorr::verify(&sig, &[0; 32], &pubkey).is_ok());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn adapt_unchecked(
    pre_sig: &PreSignature,
    t: &PaymentScalar,
) -> Result<schnorr::Signature, SchnorrAdaptorError> {
    let (r_x, r_odd) = arith::x_and_parity(&pre_sig.nonce);
    // s = s' + c·t = c·(t + c·s') with c = −1 for odd R': the public sign goes
    // on s', the secret is negated by a branch-free select. A zero sum
    // (probability 2^-256) is the valid s = 0.
    let t_sk = ErasingSecretKey(t.inner().to_secret_key());
    let c_s = if r_odd {
        arith::negate_public_scalar(&pre_sig.s)
    } else {
        pre_sig.s
    };
    let s_scalar = arith::schnorr_adapt_scalar(&t_sk.0, &c_s, Choice::from(u8::from(r_odd)));
    drop(t_sk);
    let mut s = s_scalar.to_be_bytes();
    let mut sig = [0u8; 64];
    let (r_half, s_half) = sig.split_at_mut(32);
    r_half.copy_from_slice(&r_x);
    s_half.copy_from_slice(&s);
    s.zeroize();
    let out = schnorr::Signature::from_byte_array(sig);
    sig.zeroize();
    Ok(out)
}

/// Recovers the adaptor's scalar from a pre-signature and the signature
/// adapted from it: `t = s − s'` if `R'` has even y, `t = s' − s` if odd,
/// checked to open `adaptor`.
///
/// ```
/// use ptlc::{schnorr_adaptor, PaymentScalar, secp256k1::Keypair};
/// let keypair = Keypair::from_secret_bytes([0x11; 32]).expect("valid key");
/// let t = PaymentScalar::from_bytes(&[0x33; 32])?;
/// let pre_sig = schnorr_adaptor::presign(&keypair, &[0; 32], &t.point(), &[0; 32]);
/// let sig = schnorr_adaptor::adapt(&pre_sig, &t, &keypair.x_only_public_key().0, &[0; 32])?;
/// assert_eq!(schnorr_adaptor::extract(&pre_sig, &sig, &t.point())?, t);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn extract(
    pre_sig: &PreSignature,
    sig: &schnorr::Signature,
    adaptor: &PaymentPoint,
) -> Result<PaymentScalar, SchnorrAdaptorError> {
    let (r_x, r_odd) = arith::x_and_parity(&pre_sig.nonce);
    let bytes = sig.as_byte_array();
    let (sig_r, sig_s) = bytes.split_at(32);
    if sig_r != r_x.as_slice() {
        return Err(SchnorrAdaptorError::SignatureMismatch);
    }
    let sig_s: [u8; 32] = sig_s
        .try_into()
        .map_err(|_| SchnorrAdaptorError::InvalidSignature)?;
    // s is public (a published signature); 0 is a valid s.
    let s = Scalar::from_be_bytes(sig_s).map_err(|_| SchnorrAdaptorError::InvalidSignature)?;
    // t = ±(s − s'): s − s' as s + (−s'), negated for odd R'.
    let minus_s_pre = arith::negate_public_scalar(&pre_sig.s);
    let diff = match SecretScalar::from_bytes(&s.to_be_bytes()) {
        Some(s) => s.add_public(&minus_s_pre),
        None => SecretScalar::from_bytes(&minus_s_pre.to_be_bytes()),
    };
    let mut t = diff.ok_or(SchnorrAdaptorError::WrongScalar)?;
    t.conditional_negate(Choice::from(u8::from(r_odd)));
    let t = PaymentScalar::from_inner(t);
    if t.opens(adaptor) {
        Ok(t)
    } else {
        Err(SchnorrAdaptorError::WrongScalar)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kp(b: u8) -> Keypair {
        Keypair::from_secret_bytes([b; 32]).unwrap()
    }

    #[test]
    fn round_trip_both_parities() {
        let mut seen = [false; 2];
        for i in 1u8..40 {
            let keypair = kp(i);
            let (pk, _) = keypair.x_only_public_key();
            let t = PaymentScalar::from_bytes(&[i.wrapping_mul(7); 32]).unwrap();
            let msg = [i; 32];
            let pre = presign(&keypair, &msg, &t.point(), &[i; 32]);
            seen[usize::from(pre.to_bytes()[0] & 1)] = true;
            verify(&pre, &pk, &msg, &t.point()).unwrap();
            let sig = adapt(&pre, &t, &pk, &msg).unwrap();
            schnorr::verify(&sig, &msg, &pk).unwrap();
            assert_eq!(extract(&pre, &sig, &t.point()).unwrap(), t);
        }
        assert_eq!(seen, [true, true]);
    }
}
