//! The signing session (BIP-327, "Session Context" and GetSessionValues),
//! with secp256k1-zkp's optional adaptor point.
//!
//! Session values from the aggregate nonce `(R1, R2)`, the key context and
//! the message, with an optional adaptor point `T`:
//!
//! 1. `R1' = R1 + T` (`R1' = R1` without an adaptor; either may be infinity);
//! 2. `b = int(hash_MuSig/noncecoef(cbytes_ext(R1') ‖ cbytes_ext(R2) ‖ x(Q) ‖ m)) mod n`;
//! 3. `R = R1' + b·R2`, or `G` if that is infinity;
//! 4. `e = int(hash_BIP0340/challenge(x(R) ‖ x(Q) ‖ m)) mod n`.
//!
//! With an adaptor, `R` is the final nonce `R_agg + T` of zkp's
//! `secp256k1_musig_nonce_process`, its y parity is zkp's `nonce_parity`,
//! and the aggregate of the partial signatures is a Schnorr adaptor
//! pre-signature ([`crate::schnorr_adaptor::PreSignature`]) for `T` under
//! the x-only aggregate key.

use secp256k1::{PublicKey, Scalar};

use super::error::MusigError;
use super::key_agg::{tagged_engine, KeyAggContext};
use super::math;
use super::nonces::AggNonce;
use crate::arith;
use crate::payment::PaymentPoint;
use crate::schnorr_adaptor::PreSignature;

/// The session values `(b, R, e)` of one signing session, with the key
/// context and the adaptor point they were computed from. Public data.
///
/// ```
/// use ptlc::musig::{key_agg::KeyAggContext, nonces, session::Session};
/// use ptlc::secp256k1::Keypair;
/// let pk = Keypair::from_secret_bytes([1; 32]).expect("key").public_key();
/// let ctx = KeyAggContext::new(&[pk.serialize()])?;
/// let (_, pubnonce) = nonces::nonce_gen_with_rand(&[7; 32], &pk, Default::default())?;
/// let aggnonce = nonces::nonce_agg(&[pubnonce.to_bytes()])?;
/// let session = Session::new(&ctx, &aggnonce, &[0x42; 32], None)?;
/// assert_eq!(session.nonce_parity(), session.final_nonce().serialize()[0] == 3);
/// # Ok::<(), ptlc::musig::MusigError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Session {
    pub(crate) key_ctx: KeyAggContext,
    pub(crate) b: Scalar,
    pub(crate) r: PublicKey,
    pub(crate) r_odd: bool,
    pub(crate) r_x: [u8; 32],
    pub(crate) e: Scalar,
    /// `e·g·tacc`, the aggregator's share of the final `s` (BIP-327 PartialSigAgg).
    pub(crate) s_part: Scalar,
    pub(crate) adaptor: Option<PaymentPoint>,
}

impl Session {
    /// GetSessionValues (steps in the module documentation), for an
    /// arbitrary-length message, with an optional adaptor point.
    ///
    /// ```
    /// # use ptlc::musig::{key_agg::KeyAggContext, nonces, session::Session};
    /// # use ptlc::secp256k1::Keypair;
    /// # let pk = Keypair::from_secret_bytes([1; 32]).expect("key").public_key();
    /// # let ctx = KeyAggContext::new(&[pk.serialize()])?;
    /// # let (_, pubnonce) = nonces::nonce_gen_with_rand(&[7; 32], &pk, Default::default())?;
    /// # let aggnonce = nonces::nonce_agg(&[pubnonce.to_bytes()])?;
    /// let t = ptlc::PaymentScalar::from_bytes(&[9; 32]).expect("scalar");
    /// let plain = Session::new(&ctx, &aggnonce, b"m", None)?;
    /// let adaptor = Session::new(&ctx, &aggnonce, b"m", Some(&t.point()))?;
    /// // b binds T.
    /// assert_ne!(plain.nonce_coefficient(), adaptor.nonce_coefficient());
    /// # Ok::<(), ptlc::musig::MusigError>(())
    /// ```
    pub fn new(
        key_ctx: &KeyAggContext,
        aggnonce: &AggNonce,
        msg: &[u8],
        adaptor: Option<&PaymentPoint>,
    ) -> Result<Self, MusigError> {
        use sha2::Digest;
        // 1. R1' = R1 + T.
        let r1 = math::add_ext(aggnonce.r1, adaptor.map(|t| *t.as_public_key()));
        let q_x = key_ctx.x_only_public_key().to_byte_array();
        // 2. b.
        let mut h = tagged_engine(b"MuSig/noncecoef");
        h.update(math::cbytes_ext(&r1));
        h.update(math::cbytes_ext(&aggnonce.r2));
        h.update(q_x);
        h.update(msg);
        let b = math::scalar_from_hash(&h.finalize().into());
        // 3. R = R1' + b·R2, G at infinity.
        let r = match math::add_ext(r1, math::mul_ext(aggnonce.r2, &b)) {
            Some(r) => r,
            None => arith::base_mul_public(&Scalar::ONE).ok_or(MusigError::Degenerate)?,
        };
        let (r_x, r_odd) = arith::x_and_parity(&r);
        // 4. e.
        let e = challenge(&r_x, &q_x, msg);
        let s_part = if key_ctx.tacc() == Scalar::ZERO {
            Scalar::ZERO
        } else {
            math::cond_negate(&math::mul_public(&e, &key_ctx.tacc()), key_ctx.q_is_odd())
        };
        Ok(Self {
            key_ctx: *key_ctx,
            b,
            r,
            r_odd,
            r_x,
            e,
            s_part,
            adaptor: adaptor.copied(),
        })
    }

    /// The nonce coefficient `b`.
    ///
    /// ```
    /// # use ptlc::musig::{key_agg::KeyAggContext, nonces, session::Session};
    /// # let pk = ptlc::secp256k1::Keypair::from_secret_bytes([1; 32]).expect("key").public_key();
    /// # let ctx = KeyAggContext::new(&[pk.serialize()])?;
    /// # let aggnonce = nonces::AggNonce::from_bytes(&[0; 66])?;
    /// let session = Session::new(&ctx, &aggnonce, b"m", None)?;
    /// assert_ne!(session.nonce_coefficient(), ptlc::secp256k1::Scalar::ZERO);
    /// # Ok::<(), ptlc::musig::MusigError>(())
    /// ```
    pub fn nonce_coefficient(&self) -> Scalar {
        self.b
    }

    /// The final nonce `R` (`R_agg + T` with an adaptor), with its parity.
    ///
    /// ```
    /// # use ptlc::musig::{key_agg::KeyAggContext, nonces, session::Session};
    /// # let pk = ptlc::secp256k1::Keypair::from_secret_bytes([1; 32]).expect("key").public_key();
    /// # let ctx = KeyAggContext::new(&[pk.serialize()])?;
    /// // Both aggregate nonce points at infinity: R = G.
    /// let aggnonce = nonces::AggNonce::from_bytes(&[0; 66])?;
    /// let session = Session::new(&ctx, &aggnonce, b"m", None)?;
    /// assert_eq!(session.final_nonce().serialize()[1..], ptlc::secp256k1::constants::GENERATOR_X);
    /// # Ok::<(), ptlc::musig::MusigError>(())
    /// ```
    pub fn final_nonce(&self) -> PublicKey {
        self.r
    }

    /// zkp's `nonce_parity`: whether the final nonce has odd y (then every
    /// signer negates its nonce, and adapting subtracts the adaptor secret).
    ///
    /// ```
    /// # use ptlc::musig::{key_agg::KeyAggContext, nonces, session::Session};
    /// # let pk = ptlc::secp256k1::Keypair::from_secret_bytes([1; 32]).expect("key").public_key();
    /// # let ctx = KeyAggContext::new(&[pk.serialize()])?;
    /// let session = Session::new(&ctx, &nonces::AggNonce::from_bytes(&[0; 66])?, b"m", None)?;
    /// assert!(!session.nonce_parity()); // R = G has even y
    /// # Ok::<(), ptlc::musig::MusigError>(())
    /// ```
    pub fn nonce_parity(&self) -> bool {
        self.r_odd
    }

    /// The BIP-340 challenge `e`.
    ///
    /// ```
    /// # use ptlc::musig::{key_agg::KeyAggContext, nonces, session::Session};
    /// # let pk = ptlc::secp256k1::Keypair::from_secret_bytes([1; 32]).expect("key").public_key();
    /// # let ctx = KeyAggContext::new(&[pk.serialize()])?;
    /// let session = Session::new(&ctx, &nonces::AggNonce::from_bytes(&[0; 66])?, b"m", None)?;
    /// assert_ne!(session.challenge(), ptlc::secp256k1::Scalar::ZERO);
    /// # Ok::<(), ptlc::musig::MusigError>(())
    /// ```
    pub fn challenge(&self) -> Scalar {
        self.e
    }

    /// The adaptor point of an adaptor session.
    ///
    /// ```
    /// # use ptlc::musig::{key_agg::KeyAggContext, nonces, session::Session};
    /// # let pk = ptlc::secp256k1::Keypair::from_secret_bytes([1; 32]).expect("key").public_key();
    /// # let ctx = KeyAggContext::new(&[pk.serialize()])?;
    /// let session = Session::new(&ctx, &nonces::AggNonce::from_bytes(&[0; 66])?, b"m", None)?;
    /// assert!(session.adaptor().is_none());
    /// # Ok::<(), ptlc::musig::MusigError>(())
    /// ```
    pub fn adaptor(&self) -> Option<&PaymentPoint> {
        self.adaptor.as_ref()
    }

    /// The key aggregation context of the session.
    ///
    /// ```
    /// # use ptlc::musig::{key_agg::KeyAggContext, nonces, session::Session};
    /// # let pk = ptlc::secp256k1::Keypair::from_secret_bytes([1; 32]).expect("key").public_key();
    /// let ctx = KeyAggContext::new(&[pk.serialize()])?;
    /// let session = Session::new(&ctx, &nonces::AggNonce::from_bytes(&[0; 66])?, b"m", None)?;
    /// assert_eq!(session.key_agg_context(), &ctx);
    /// # Ok::<(), ptlc::musig::MusigError>(())
    /// ```
    pub fn key_agg_context(&self) -> &KeyAggContext {
        &self.key_ctx
    }
}

/// `int(hash_BIP0340/challenge(r_x ‖ q_x ‖ m)) mod n` for any message length.
pub(crate) fn challenge(r_x: &[u8; 32], q_x: &[u8; 32], msg: &[u8]) -> Scalar {
    math::scalar_from_hash(&arith::tagged_hash(b"BIP0340/challenge", &[r_x, q_x, msg]))
}

/// secp256k1-zkp's form of an aggregate adaptor pre-signature: the 64-byte
/// `pre_sig` (`x(R + T) ‖ s'`, what `secp256k1_musig_partial_sig_agg` writes)
/// and `nonce_parity` (from `secp256k1_musig_nonce_parity`).
///
/// The 65-byte [`PreSignature`] of [`crate::schnorr_adaptor`] carries the same
/// information with the parity folded into the nonce's prefix byte.
///
/// ```
/// use ptlc::musig::session::ZkpPreSignature;
/// let zkp = ZkpPreSignature { pre_sig: [0; 64], nonce_parity: false };
/// assert!(zkp.to_pre_signature().is_err()); // x = 0 is not on the curve
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ZkpPreSignature {
    /// `x(R + T) ‖ s'`.
    pub pre_sig: [u8; 64],
    /// Whether `R + T` has odd y.
    pub nonce_parity: bool,
}

impl ZkpPreSignature {
    /// Splits a 65-byte pre-signature into zkp's two parts.
    ///
    /// ```
    /// use ptlc::musig::session::ZkpPreSignature;
    /// use ptlc::schnorr_adaptor::PreSignature;
    /// let hex = "036179dbf3e13207853f880c7a7a85ec678bad64b897f108d476438ac4a932ee94\
    ///            97cc73b8c351f189b9d4fde893e3820d4bff7f49d4be1f8b02cb808cd31923a0";
    /// let pre: PreSignature = hex.parse()?;
    /// let zkp = ZkpPreSignature::from_pre_signature(&pre);
    /// assert!(zkp.nonce_parity);
    /// assert_eq!(zkp.to_pre_signature()?, pre);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_pre_signature(pre: &PreSignature) -> Self {
        let bytes = pre.to_bytes();
        let mut pre_sig = [0u8; 64];
        if let (Some(src), Some(prefix)) = (bytes.get(1..), bytes.first()) {
            pre_sig.copy_from_slice(src);
            Self {
                pre_sig,
                nonce_parity: *prefix == 0x03,
            }
        } else {
            Self {
                pre_sig,
                nonce_parity: false,
            }
        }
    }

    /// Joins zkp's two parts into a 65-byte pre-signature:
    /// [`MusigError::InvalidPreSignature`] if `x(R + T)` is not on the curve
    /// or `s' ≥ n`.
    ///
    /// ```
    /// use ptlc::musig::{session::ZkpPreSignature, MusigError};
    /// let zkp = ZkpPreSignature { pre_sig: [0xff; 64], nonce_parity: true };
    /// assert_eq!(zkp.to_pre_signature().unwrap_err(), MusigError::InvalidPreSignature);
    /// ```
    pub fn to_pre_signature(&self) -> Result<PreSignature, MusigError> {
        let mut bytes = [0u8; 65];
        let (prefix, rest) = bytes.split_at_mut(1);
        prefix.copy_from_slice(&[0x02 | u8::from(self.nonce_parity)]);
        rest.copy_from_slice(&self.pre_sig);
        PreSignature::from_bytes(&bytes).map_err(|_| MusigError::InvalidPreSignature)
    }
}
