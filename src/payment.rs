//! Payment points and payment scalars (SPEC.md, "Payment points and scalars").
//!
//! A PTLC is locked to a [`PaymentPoint`] `T = t·G` and released by revealing
//! the [`PaymentScalar`] `t`. Knowing `t` is the proof of payment.

use core::fmt;

use rand_core::{CryptoRng, RngCore};
use secp256k1::PublicKey;
use subtle::{Choice, ConstantTimeEq};
use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::arith::{self, SecretScalar};
use crate::error::{PointError, ScalarError};
use crate::hex::impl_hex_traits;

/// A secret payment scalar `t` in `[1, n-1]`.
///
/// Not `Copy`; wiped on drop; `Debug` never shows the value; `==` is constant
/// time. The bytes are reachable only through the explicitly named
/// [`expose_secret`](Self::expose_secret).
///
/// ```
/// use ptlc::PaymentScalar;
/// let t = PaymentScalar::from_bytes(&[7u8; 32])?;
/// let point = t.point();
/// assert!(t.opens(&point));
/// assert_eq!(format!("{t:?}"), "PaymentScalar(<redacted>)");
/// # Ok::<(), ptlc::ScalarError>(())
/// ```
#[derive(Clone)]
pub struct PaymentScalar(SecretScalar);

impl PaymentScalar {
    /// Draws a uniformly random scalar from a cryptographic RNG.
    ///
    /// A working RNG needs a second draw with probability below 2^-127; an RNG
    /// whose [`MAX_RNG_DRAWS`] draws are all 0 or `>= n` (one stuck at zero, say)
    /// is broken, and this returns [`ScalarError::RngFailure`] instead of
    /// looping.
    ///
    /// ```
    /// # let mut rng = rand_core::UnwrapErr(rand_core::OsRng);
    /// let t = ptlc::PaymentScalar::random(&mut rng)?;
    /// assert!(t.opens(&t.point()));
    /// # Ok::<(), ptlc::ScalarError>(())
    /// ```
    pub fn random<R: RngCore + CryptoRng + ?Sized>(rng: &mut R) -> Result<Self, ScalarError> {
        random_secret_scalar(rng).map(Self)
    }

    /// Parses 32 big-endian bytes. 0 and values `>= n` are rejected.
    ///
    /// ```
    /// use ptlc::{PaymentScalar, ScalarError};
    /// assert_eq!(PaymentScalar::from_bytes(&[0u8; 32]).unwrap_err(), ScalarError::Zero);
    /// assert_eq!(PaymentScalar::from_bytes(&[0xff; 32]).unwrap_err(), ScalarError::Overflow);
    /// ```
    pub fn from_bytes(bytes: &[u8; 32]) -> Result<Self, ScalarError> {
        match SecretScalar::from_bytes(bytes) {
            Some(s) => Ok(Self(s)),
            // Only a rejected input is classified; a valid secret never reaches here.
            None if bytes.iter().all(|b| *b == 0) => Err(ScalarError::Zero),
            None => Err(ScalarError::Overflow),
        }
    }

    /// Parses a slice that must be exactly 32 bytes.
    ///
    /// ```
    /// use ptlc::{PaymentScalar, ScalarError};
    /// assert_eq!(PaymentScalar::from_slice(&[1u8; 31]).unwrap_err(), ScalarError::InvalidLength);
    /// ```
    pub fn from_slice(bytes: &[u8]) -> Result<Self, ScalarError> {
        let arr: &[u8; 32] = bytes.try_into().map_err(|_| ScalarError::InvalidLength)?;
        Self::from_bytes(arr)
    }

    /// The secret value, 32 bytes big-endian. Revealing these bytes is what
    /// settles a PTLC; handle them as the secret they are.
    ///
    /// ```
    /// let t = ptlc::PaymentScalar::from_bytes(&[7u8; 32])?;
    /// assert_eq!(t.expose_secret(), &[7u8; 32]);
    /// # Ok::<(), ptlc::ScalarError>(())
    /// ```
    pub fn expose_secret(&self) -> &[u8; 32] {
        self.0.as_bytes()
    }

    /// The payment point `T = t·G`.
    ///
    /// ```
    /// let t = ptlc::PaymentScalar::from_bytes(&[7u8; 32])?;
    /// assert_eq!(t.point(), t.point());
    /// # Ok::<(), ptlc::ScalarError>(())
    /// ```
    pub fn point(&self) -> PaymentPoint {
        PaymentPoint(self.0.base_mul())
    }

    /// Proof of payment: whether `t·G == point`, compared in constant time.
    ///
    /// ```
    /// use ptlc::PaymentScalar;
    /// let t = PaymentScalar::from_bytes(&[7u8; 32])?;
    /// let other = PaymentScalar::from_bytes(&[8u8; 32])?;
    /// assert!(t.opens(&t.point()));
    /// assert!(!other.opens(&t.point()));
    /// # Ok::<(), ptlc::ScalarError>(())
    /// ```
    pub fn opens(&self, point: &PaymentPoint) -> bool {
        let computed = self.0.base_mul().serialize();
        bool::from(computed.ct_eq(&point.to_bytes()))
    }

    pub(crate) fn from_inner(s: SecretScalar) -> Self {
        Self(s)
    }

    pub(crate) fn inner(&self) -> &SecretScalar {
        &self.0
    }
}

/// How many 32-byte draws [`PaymentScalar::random`] (and every other random
/// secret scalar of the crate) makes before it reports a broken RNG. A working
/// RNG fails one draw with probability below 2^-127, so four failures in a row
/// (below 2^-508) mean the RNG is stuck.
pub const MAX_RNG_DRAWS: usize = 4;

/// Draws a secret scalar by rejection sampling, at most [`MAX_RNG_DRAWS`] times.
pub(crate) fn random_secret_scalar<R: RngCore + CryptoRng + ?Sized>(
    rng: &mut R,
) -> Result<SecretScalar, ScalarError> {
    let mut bytes = [0u8; 32];
    for _ in 0..MAX_RNG_DRAWS {
        rng.fill_bytes(&mut bytes);
        // Only the range verdict is branched on (SecretScalar::from_bytes).
        if let Some(s) = SecretScalar::from_bytes(&bytes) {
            bytes.zeroize();
            return Ok(s);
        }
    }
    bytes.zeroize();
    Err(ScalarError::RngFailure)
}

impl fmt::Debug for PaymentScalar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PaymentScalar(<redacted>)")
    }
}

impl ConstantTimeEq for PaymentScalar {
    fn ct_eq(&self, other: &Self) -> Choice {
        self.0.ct_eq(&other.0)
    }
}

impl PartialEq for PaymentScalar {
    fn eq(&self, other: &Self) -> bool {
        bool::from(self.ct_eq(other))
    }
}

impl Eq for PaymentScalar {}

// The only field wipes itself on drop.
impl ZeroizeOnDrop for PaymentScalar {}

/// A payment point `T = t·G`: a point on secp256k1, never the point at infinity.
///
/// Encoded as 33 bytes (SEC1 compressed); `Display`/`FromStr` use lowercase hex,
/// and so does serde behind the `serde` feature.
///
/// ```
/// use ptlc::PaymentPoint;
/// let g: PaymentPoint =
///     "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798".parse()?;
/// assert_eq!(g.to_string(), "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798");
/// # Ok::<(), ptlc::PointError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PaymentPoint(PublicKey);

impl PaymentPoint {
    /// Parses the 33-byte compressed encoding.
    ///
    /// ```
    /// use ptlc::{PaymentPoint, PointError};
    /// let mut bytes = [0u8; 33];
    /// bytes[0] = 0x04;
    /// assert_eq!(PaymentPoint::from_bytes(&bytes).unwrap_err(), PointError::InvalidPrefix);
    /// ```
    pub fn from_bytes(bytes: &[u8; 33]) -> Result<Self, PointError> {
        if bytes[0] != 0x02 && bytes[0] != 0x03 {
            return Err(PointError::InvalidPrefix);
        }
        PublicKey::from_byte_array_compressed(*bytes)
            .map(Self)
            .map_err(|_| PointError::NotOnCurve)
    }

    /// Parses a slice that must be exactly 33 bytes.
    ///
    /// ```
    /// use ptlc::{PaymentPoint, PointError};
    /// assert_eq!(PaymentPoint::from_slice(&[2u8; 32]).unwrap_err(), PointError::InvalidLength);
    /// ```
    pub fn from_slice(bytes: &[u8]) -> Result<Self, PointError> {
        let arr: &[u8; 33] = bytes.try_into().map_err(|_| PointError::InvalidLength)?;
        Self::from_bytes(arr)
    }

    /// The 33-byte compressed encoding.
    ///
    /// ```
    /// let t = ptlc::PaymentScalar::from_bytes(&[7u8; 32])?;
    /// let bytes = t.point().to_bytes();
    /// assert_eq!(ptlc::PaymentPoint::from_bytes(&bytes), Ok(t.point()));
    /// # Ok::<(), ptlc::ScalarError>(())
    /// ```
    pub fn to_bytes(&self) -> [u8; 33] {
        self.0.serialize()
    }

    /// Wraps a libsecp256k1 public key (every `PublicKey` is a valid point).
    ///
    /// ```
    /// use ptlc::{secp256k1::PublicKey, PaymentPoint};
    /// let t = ptlc::PaymentScalar::from_bytes(&[7u8; 32])?;
    /// let pk: PublicKey = t.point().into();
    /// assert_eq!(PaymentPoint::from_public_key(pk), t.point());
    /// # Ok::<(), ptlc::ScalarError>(())
    /// ```
    pub fn from_public_key(pk: PublicKey) -> Self {
        Self(pk)
    }

    /// The point as a libsecp256k1 public key.
    ///
    /// ```
    /// let t = ptlc::PaymentScalar::from_bytes(&[7u8; 32])?;
    /// assert_eq!(t.point().as_public_key().serialize(), t.point().to_bytes());
    /// # Ok::<(), ptlc::ScalarError>(())
    /// ```
    pub fn as_public_key(&self) -> &PublicKey {
        &self.0
    }

    /// `self + other`; `None` if the sum is the point at infinity.
    ///
    /// ```
    /// use ptlc::PaymentScalar;
    /// let a = PaymentScalar::from_bytes(&[1u8; 32])?;
    /// let b = PaymentScalar::from_bytes(&[2u8; 32])?;
    /// assert!(a.point().combine(&b.point()).is_some());
    /// # Ok::<(), ptlc::ScalarError>(())
    /// ```
    pub fn combine(&self, other: &PaymentPoint) -> Option<PaymentPoint> {
        arith::point_add(&self.0, &other.0).map(Self)
    }
}

impl From<PaymentPoint> for PublicKey {
    fn from(p: PaymentPoint) -> Self {
        p.0
    }
}

impl From<PublicKey> for PaymentPoint {
    fn from(pk: PublicKey) -> Self {
        Self(pk)
    }
}

impl fmt::Debug for PaymentPoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PaymentPoint({self})")
    }
}

impl_hex_traits!(PaymentPoint, 33, PointError);

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use std::format;

    #[test]
    fn debug_of_scalar_hides_every_byte() {
        let t = PaymentScalar::from_bytes(&[0xab; 32]).unwrap();
        let s = format!("{t:?}");
        assert!(!s.to_lowercase().contains("ab"), "{s}");
        assert!(!s.contains("171"), "{s}");
    }

    #[test]
    fn x_not_below_p_is_rejected() {
        let mut bytes = [0xffu8; 33];
        bytes[0] = 0x02;
        assert_eq!(
            PaymentPoint::from_bytes(&bytes),
            Err(PointError::NotOnCurve)
        );
    }

    #[test]
    fn hex_errors_are_point_errors() {
        assert_eq!(
            "zz".parse::<PaymentPoint>(),
            Err(PointError::Hex(crate::HexError::InvalidLength))
        );
    }
}
