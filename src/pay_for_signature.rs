//! Pay-for-signature (SPEC.md, "Pay-for-signature").
//!
//! A BIP-340 signature `(R, s)` by key `P` on message `m` satisfies
//! `s·G = R + e·P` with `e` the BIP-340 challenge. Anyone who knows `P`, `m`
//! and `R` can compute the **signature point** `S = R + e·P` before the
//! signature is revealed; `s` is its discrete logarithm. So a buyer can lock a
//! PTLC to `S`, and the seller, by claiming it, reveals `s` and thereby the
//! complete signature.
//!
//! ```
//! use ptlc::pay_for_signature::{signature_scalar, SignatureOffer};
//! use ptlc::secp256k1::{schnorr, Keypair};
//! // A signs; B holds the signature and sells it to S.
//! let keypair = Keypair::from_secret_bytes([0x11; 32]).expect("valid key");
//! let (pubkey, _) = keypair.x_only_public_key();
//! let msg = [0x22; 32];
//! let sig = schnorr::sign_with_aux_rand(&msg, &keypair, &[0; 32]);
//! let nonce: [u8; 32] = sig.as_byte_array()[..32].try_into()?;
//! // S knows the key and message; B reveals only R.
//! let offer = SignatureOffer::new(pubkey, msg, nonce)?;
//! let point = offer.point(); // S locks a PTLC to this
//! // B claims the PTLC with s ...
//! let s = signature_scalar(&sig, &pubkey, &msg)?;
//! assert!(s.opens(&point));
//! // ... and S assembles the signature.
//! assert_eq!(offer.complete(&s)?, sig);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use core::fmt;

use secp256k1::{schnorr, XOnlyPublicKey};

use crate::arith::{self, SecretScalar};
use crate::payment::{PaymentPoint, PaymentScalar};

/// Why a pay-for-signature step failed.
///
/// ```
/// use ptlc::pay_for_signature::{signature_point, PayForSignatureError};
/// let pk = ptlc::secp256k1::Keypair::from_secret_bytes([1; 32]).expect("valid key").x_only_public_key().0;
/// // x = 5 is not the x-coordinate of a curve point.
/// let mut nonce = [0u8; 32];
/// nonce[31] = 5;
/// assert_eq!(signature_point(&pk, &[0; 32], &nonce), Err(PayForSignatureError::InvalidNonce));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PayForSignatureError {
    /// The nonce `R` is not the x-coordinate of a curve point (`lift_x` fails).
    InvalidNonce,
    /// The signature does not verify for this key and message.
    InvalidSignature,
    /// The scalar does not complete the offered signature (it does not open
    /// the signature point).
    WrongScalar,
    /// The signature point is infinity or the signature's `s` is 0: no payment
    /// scalar exists (negligible for honest signatures).
    Degenerate,
}

impl fmt::Display for PayForSignatureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidNonce => f.write_str("signature nonce is not on the curve"),
            Self::InvalidSignature => f.write_str("signature does not verify"),
            Self::WrongScalar => f.write_str("scalar does not complete the offered signature"),
            Self::Degenerate => f.write_str("degenerate signature point or scalar"),
        }
    }
}

impl core::error::Error for PayForSignatureError {}

/// The signature point `S = lift_x(R) + e·lift_x(P)`, `e` the BIP-340
/// challenge of `(R, P, msg)`: the payment point a buyer locks its PTLC to.
///
/// ```
/// use ptlc::pay_for_signature::{signature_point, signature_scalar};
/// use ptlc::secp256k1::{schnorr, Keypair};
/// let keypair = Keypair::from_secret_bytes([0x11; 32]).expect("valid key");
/// let (pubkey, _) = keypair.x_only_public_key();
/// let sig = schnorr::sign_with_aux_rand(&[7; 32], &keypair, &[0; 32]);
/// let nonce: [u8; 32] = sig.as_byte_array()[..32].try_into()?;
/// let point = signature_point(&pubkey, &[7; 32], &nonce)?;
/// assert!(signature_scalar(&sig, &pubkey, &[7; 32])?.opens(&point));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn signature_point(
    pubkey: &XOnlyPublicKey,
    msg: &[u8; 32],
    nonce: &[u8; 32],
) -> Result<PaymentPoint, PayForSignatureError> {
    // 1. R = lift_x(nonce).
    let r =
        XOnlyPublicKey::from_byte_array(*nonce).map_err(|_| PayForSignatureError::InvalidNonce)?;
    let r = arith::lift_x(&r);
    // 2. e = challenge(R, P, m).
    let e = arith::bip340_challenge(nonce, &pubkey.to_byte_array(), msg);
    // 3. S = R + e·P (e = 0: S = R).
    let s = match arith::point_mul_public(&arith::lift_x(pubkey), &e) {
        Some(ep) => arith::point_add(&r, &ep),
        None => Some(r),
    };
    s.map(PaymentPoint::from_public_key)
        .ok_or(PayForSignatureError::Degenerate)
}

/// The seller's side: verifies `sig` under `pubkey` on `msg` (libsecp256k1's
/// BIP-340 verification) and returns its `s` as the payment scalar that opens
/// [`signature_point`].
///
/// ```
/// use ptlc::pay_for_signature::{signature_scalar, PayForSignatureError};
/// use ptlc::secp256k1::{schnorr, Keypair};
/// let keypair = Keypair::from_secret_bytes([0x11; 32]).expect("valid key");
/// let (pubkey, _) = keypair.x_only_public_key();
/// let sig = schnorr::sign_with_aux_rand(&[7; 32], &keypair, &[0; 32]);
/// assert!(signature_scalar(&sig, &pubkey, &[7; 32]).is_ok());
/// assert_eq!(signature_scalar(&sig, &pubkey, &[8; 32]), Err(PayForSignatureError::InvalidSignature));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn signature_scalar(
    sig: &schnorr::Signature,
    pubkey: &XOnlyPublicKey,
    msg: &[u8; 32],
) -> Result<PaymentScalar, PayForSignatureError> {
    schnorr::verify(sig, msg, pubkey).map_err(|_| PayForSignatureError::InvalidSignature)?;
    let mut s = [0u8; 32];
    s.copy_from_slice(sig.as_byte_array().get(32..).unwrap_or(&[0u8; 32]));
    // A verified s is below n; only s = 0 is rejected here.
    let out = SecretScalar::from_bytes(&s)
        .map(PaymentScalar::from_inner)
        .ok_or(PayForSignatureError::Degenerate);
    zeroize::Zeroize::zeroize(&mut s);
    out
}

/// What the buyer holds before paying: the signer's key `P`, the message and
/// the nonce `R` the seller revealed, with the signature point computed once.
///
/// ```
/// use ptlc::pay_for_signature::{signature_point, SignatureOffer};
/// use ptlc::secp256k1::{schnorr, Keypair};
/// let keypair = Keypair::from_secret_bytes([0x11; 32]).expect("valid key");
/// let (pubkey, _) = keypair.x_only_public_key();
/// let sig = schnorr::sign_with_aux_rand(&[7; 32], &keypair, &[0; 32]);
/// let nonce: [u8; 32] = sig.as_byte_array()[..32].try_into()?;
/// let offer = SignatureOffer::new(pubkey, [7; 32], nonce)?;
/// assert_eq!(offer.point(), signature_point(&pubkey, &[7; 32], &nonce)?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignatureOffer {
    pubkey: XOnlyPublicKey,
    msg: [u8; 32],
    nonce: [u8; 32],
    point: PaymentPoint,
}

impl SignatureOffer {
    /// Checks the nonce and computes the signature point.
    ///
    /// ```
    /// use ptlc::pay_for_signature::{PayForSignatureError, SignatureOffer};
    /// let pk = ptlc::secp256k1::Keypair::from_secret_bytes([1; 32]).expect("valid key").x_only_public_key().0;
    /// assert_eq!(SignatureOffer::new(pk, [0; 32], [0xff; 32]), Err(PayForSignatureError::InvalidNonce));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(
        pubkey: XOnlyPublicKey,
        msg: [u8; 32],
        nonce: [u8; 32],
    ) -> Result<Self, PayForSignatureError> {
        let point = signature_point(&pubkey, &msg, &nonce)?;
        Ok(Self {
            pubkey,
            msg,
            nonce,
            point,
        })
    }

    /// The signature point `S`, the payment point to lock the PTLC to.
    ///
    /// ```
    /// # use ptlc::pay_for_signature::SignatureOffer;
    /// # use ptlc::secp256k1::{schnorr, Keypair};
    /// # let keypair = Keypair::from_secret_bytes([0x11; 32]).expect("valid key");
    /// # let sig = schnorr::sign_with_aux_rand(&[7; 32], &keypair, &[0; 32]);
    /// # let nonce: [u8; 32] = sig.as_byte_array()[..32].try_into()?;
    /// let offer = SignatureOffer::new(keypair.x_only_public_key().0, [7; 32], nonce)?;
    /// let lock_to: ptlc::PaymentPoint = offer.point();
    /// # let _ = lock_to;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn point(&self) -> PaymentPoint {
        self.point
    }

    /// The signer's key.
    ///
    /// ```
    /// # use ptlc::pay_for_signature::SignatureOffer;
    /// # let keypair = ptlc::secp256k1::Keypair::from_secret_bytes([0x11; 32]).expect("valid key");
    /// let pk = keypair.x_only_public_key().0;
    /// let offer = SignatureOffer::new(pk, [7; 32], pk.to_byte_array())?;
    /// assert_eq!(offer.pubkey(), pk);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn pubkey(&self) -> XOnlyPublicKey {
        self.pubkey
    }

    /// The signed message.
    ///
    /// ```
    /// # use ptlc::pay_for_signature::SignatureOffer;
    /// # let pk = ptlc::secp256k1::Keypair::from_secret_bytes([0x11; 32]).expect("valid key").x_only_public_key().0;
    /// let offer = SignatureOffer::new(pk, [7; 32], pk.to_byte_array())?;
    /// assert_eq!(offer.msg(), &[7; 32]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn msg(&self) -> &[u8; 32] {
        &self.msg
    }

    /// The nonce `R` (x-only), the first half of the signature.
    ///
    /// ```
    /// # use ptlc::pay_for_signature::SignatureOffer;
    /// # let pk = ptlc::secp256k1::Keypair::from_secret_bytes([0x11; 32]).expect("valid key").x_only_public_key().0;
    /// let offer = SignatureOffer::new(pk, [7; 32], pk.to_byte_array())?;
    /// assert_eq!(offer.nonce(), &pk.to_byte_array());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn nonce(&self) -> &[u8; 32] {
        &self.nonce
    }

    /// The buyer's side: assembles `(R, s)` from the scalar learned when the
    /// PTLC was claimed, and returns it only if libsecp256k1's BIP-340
    /// verification accepts it ([`PayForSignatureError::WrongScalar`] otherwise).
    ///
    /// ```
    /// use ptlc::pay_for_signature::{signature_scalar, PayForSignatureError, SignatureOffer};
    /// use ptlc::{PaymentScalar, secp256k1::{schnorr, Keypair}};
    /// let keypair = Keypair::from_secret_bytes([0x11; 32]).expect("valid key");
    /// let (pubkey, _) = keypair.x_only_public_key();
    /// let sig = schnorr::sign_with_aux_rand(&[7; 32], &keypair, &[0; 32]);
    /// let nonce: [u8; 32] = sig.as_byte_array()[..32].try_into()?;
    /// let offer = SignatureOffer::new(pubkey, [7; 32], nonce)?;
    /// let s = signature_scalar(&sig, &pubkey, &[7; 32])?;
    /// assert_eq!(offer.complete(&s)?, sig);
    /// let wrong = PaymentScalar::from_bytes(&[1; 32])?;
    /// assert_eq!(offer.complete(&wrong), Err(PayForSignatureError::WrongScalar));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn complete(&self, s: &PaymentScalar) -> Result<schnorr::Signature, PayForSignatureError> {
        let mut bytes = [0u8; 64];
        let (r_half, s_half) = bytes.split_at_mut(32);
        r_half.copy_from_slice(&self.nonce);
        s_half.copy_from_slice(s.expose_secret());
        let mut sig = schnorr::Signature::from_byte_array(bytes);
        zeroize::Zeroize::zeroize(&mut bytes);
        // The completed signature is the output (public once returned), and
        // the verdict of its variable-time check is what the caller gets.
        crate::ctime_hooks::declassify(&mut sig);
        schnorr::verify(&sig, &self.msg, &self.pubkey)
            .map_err(|_| PayForSignatureError::WrongScalar)?;
        Ok(sig)
    }
}
