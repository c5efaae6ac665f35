//! Pay-for-partial-signature (SPEC.md, "Pay-for-partial-signature"): the
//! asynchronous payment over a MuSig2 (BIP-327) channel.
//!
//! A partial signature `s_i` of signer `i` in a MuSig2 session satisfies
//! BIP-327's PartialSigVerify equation `s_i·G = Re_i' + e·a_i·g'·X_i`, with
//! `Re_i' = R1_i + b·R2_i` negated for an odd final nonce and `g'` the
//! aggregate key's sign (parity of `Q` times the tweak accumulator's `gacc`).
//! Anyone holding the session's public data computes that right-hand side,
//! the **partial-signature point**, before `s_i` is revealed. So a buyer
//! locks a PTLC to it; the seller, claiming the PTLC, reveals `s_i`; the
//! buyer adds its own partial signature(s) and has the 2-of-2 signature.
//!
//! ```
//! use ptlc::musig::{key_agg::KeyAggContext, nonces, signing};
//! use ptlc::pay_for_partial_signature::{partial_signature_scalar, PartialSignatureOffer};
//! use ptlc::secp256k1::{schnorr, Keypair};
//! # let mut rng = rand_core::UnwrapErr(rand_core::OsRng);
//! let a = Keypair::from_secret_bytes([0x11; 32]).expect("key");
//! let s = Keypair::from_secret_bytes([0x22; 32]).expect("key");
//! let keys = [a.public_key().serialize(), s.public_key().serialize()];
//! let ctx = KeyAggContext::new(&keys)?.taproot_tweak(None)?;
//! let msg = [0x42; 32];
//! let (a_sec, a_pub) = nonces::nonce_gen(&mut rng, &a.public_key(), Default::default())?;
//! let (s_sec, s_pub) = nonces::nonce_gen(&mut rng, &s.public_key(), Default::default())?;
//! let aggnonce = nonces::nonce_agg(&[a_pub.to_bytes(), s_pub.to_bytes()])?;
//! // S (the buyer) computes A's partial-signature point itself.
//! let offer = PartialSignatureOffer::new(&ctx, &aggnonce, msg, None, a.public_key(), a_pub)?;
//! // A signed; B (the seller) holds A's partial signature and checks it.
//! let a_sig = signing::sign(a_sec, &a, offer.session())?;
//! let s_a = partial_signature_scalar(offer.session(), &a_sig, &a_pub, &a.public_key(), 0)?;
//! assert!(s_a.opens(&offer.point()));
//! // S learns s_A from the PTLC claim, adds its own partial signature.
//! let s_sig = signing::sign(s_sec, &s, offer.session())?;
//! let sig = offer.complete(&s_a, &[s_sig])?;
//! assert!(schnorr::verify(&sig, &msg, &ctx.x_only_public_key()).is_ok());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use core::fmt;

use secp256k1::{schnorr, PublicKey};
use subtle::ConstantTimeEq;

use crate::arith::SecretScalar;
use crate::musig::key_agg::KeyAggContext;
use crate::musig::nonces::{AggNonce, PubNonce};
use crate::musig::session::Session;
use crate::musig::signing::{self, PartialSignature};
use crate::musig::MusigError;
use crate::payment::{PaymentPoint, PaymentScalar};
use crate::schnorr_adaptor::{self, PreSignature};

/// Why a pay-for-partial-signature step failed.
///
/// ```
/// use ptlc::pay_for_partial_signature::PayForPartialSignatureError;
/// let e = PayForPartialSignatureError::WrongScalar;
/// assert_eq!(e.to_string(), "scalar does not open the partial-signature point");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PayForPartialSignatureError {
    /// The partial signature of this signer does not verify against the
    /// session (BIP-327 PartialSigVerify fails).
    InvalidPartialSignature {
        /// The index of the signer it was checked as.
        signer: usize,
    },
    /// The revealed scalar does not open the partial-signature point.
    WrongScalar,
    /// The aggregate does not verify: one of the buyer's own partial
    /// signatures is wrong.
    InvalidSignature,
    /// `complete` on an adaptor session or `complete_adaptor` on a plain one.
    AdaptorMismatch,
    /// The partial-signature point is infinity, or a scalar or the aggregate
    /// is 0 (negligible for honest sessions).
    Degenerate,
    /// Building the session failed.
    Musig(MusigError),
}

impl fmt::Display for PayForPartialSignatureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidPartialSignature { signer } => {
                write!(f, "partial signature of signer {signer} does not verify")
            }
            Self::WrongScalar => f.write_str("scalar does not open the partial-signature point"),
            Self::InvalidSignature => f.write_str("aggregate signature does not verify"),
            Self::AdaptorMismatch => f.write_str("adaptor and plain session mixed up"),
            Self::Degenerate => f.write_str("degenerate point or scalar"),
            Self::Musig(e) => write!(f, "musig: {e}"),
        }
    }
}

impl core::error::Error for PayForPartialSignatureError {}

impl From<MusigError> for PayForPartialSignatureError {
    fn from(e: MusigError) -> Self {
        Self::Musig(e)
    }
}

/// The partial-signature point `Re' + e·a·g'·X` of the signer with key `pk`
/// and public nonce `pubnonce` in `session` (PartialSigVerify's right-hand
/// side): the payment point a buyer locks its PTLC to.
///
/// ```
/// # use ptlc::musig::{key_agg::KeyAggContext, nonces, session::Session, signing};
/// use ptlc::pay_for_partial_signature::partial_signature_point;
/// # use ptlc::secp256k1::Keypair;
/// # let keypair = Keypair::from_secret_bytes([1; 32]).expect("key");
/// # let pk = keypair.public_key();
/// # let ctx = KeyAggContext::new(&[pk.serialize()])?;
/// # let (secnonce, pubnonce) = nonces::nonce_gen_with_rand(&[7; 32], &pk, Default::default())?;
/// # let session = Session::new(&ctx, &nonces::nonce_agg(&[pubnonce.to_bytes()])?, b"msg", None)?;
/// let point = partial_signature_point(&session, &pubnonce, &pk)?;
/// let psig = signing::sign(secnonce, &keypair, &session)?;
/// assert!(ptlc::PaymentScalar::from_bytes(&psig.to_bytes())?.opens(&point));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn partial_signature_point(
    session: &Session,
    pubnonce: &PubNonce,
    pk: &PublicKey,
) -> Result<PaymentPoint, PayForPartialSignatureError> {
    signing::partial_sig_point(session, pubnonce, pk)
        .map(PaymentPoint::from_public_key)
        .ok_or(PayForPartialSignatureError::Degenerate)
}

/// The seller's side: checks `psig` as signer `signer`'s partial signature
/// in `session` and returns it as the payment scalar that opens
/// [`partial_signature_point`].
///
/// The check is `psig·G == point` with `psig·G` computed in constant time
/// (the partial signature is the secret being sold); only the verdict is
/// public.
///
/// ```
/// # use ptlc::musig::{key_agg::KeyAggContext, nonces, session::Session, signing};
/// use ptlc::pay_for_partial_signature::{partial_signature_scalar, PayForPartialSignatureError};
/// # use ptlc::secp256k1::Keypair;
/// # let keypair = Keypair::from_secret_bytes([1; 32]).expect("key");
/// # let pk = keypair.public_key();
/// # let ctx = KeyAggContext::new(&[pk.serialize()])?;
/// # let (secnonce, pubnonce) = nonces::nonce_gen_with_rand(&[7; 32], &pk, Default::default())?;
/// # let session = Session::new(&ctx, &nonces::nonce_agg(&[pubnonce.to_bytes()])?, b"msg", None)?;
/// let psig = signing::sign(secnonce, &keypair, &session)?;
/// assert!(partial_signature_scalar(&session, &psig, &pubnonce, &pk, 0).is_ok());
/// let bogus = signing::PartialSignature::from_bytes(&[1; 32])?;
/// assert_eq!(
///     partial_signature_scalar(&session, &bogus, &pubnonce, &pk, 0).unwrap_err(),
///     PayForPartialSignatureError::InvalidPartialSignature { signer: 0 }
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn partial_signature_scalar(
    session: &Session,
    psig: &PartialSignature,
    pubnonce: &PubNonce,
    pk: &PublicKey,
    signer: usize,
) -> Result<PaymentScalar, PayForPartialSignatureError> {
    let point = partial_signature_point(session, pubnonce, pk)?;
    let mut bytes = psig.to_bytes();
    // Constant-time range and zero check (a partial signature is below n).
    let scalar = SecretScalar::from_bytes(&bytes).map(PaymentScalar::from_inner);
    zeroize::Zeroize::zeroize(&mut bytes);
    let scalar = scalar.ok_or(PayForPartialSignatureError::Degenerate)?;
    if scalar.opens(&point) {
        Ok(scalar)
    } else {
        Err(PayForPartialSignatureError::InvalidPartialSignature { signer })
    }
}

/// What the buyer holds before paying: the session (built by the buyer from
/// the key context, aggregate nonce, message and optional adaptor), the
/// seller-side signer's key and public nonce, and the partial-signature
/// point computed from them (never taken from the seller).
///
/// ```
/// # use ptlc::musig::{key_agg::KeyAggContext, nonces};
/// use ptlc::pay_for_partial_signature::{partial_signature_point, PartialSignatureOffer};
/// # use ptlc::secp256k1::Keypair;
/// # let pk = Keypair::from_secret_bytes([1; 32]).expect("key").public_key();
/// # let ctx = KeyAggContext::new(&[pk.serialize()])?;
/// # let (_, pubnonce) = nonces::nonce_gen_with_rand(&[7; 32], &pk, Default::default())?;
/// # let aggnonce = nonces::nonce_agg(&[pubnonce.to_bytes()])?;
/// let offer = PartialSignatureOffer::new(&ctx, &aggnonce, [5; 32], None, pk, pubnonce)?;
/// assert_eq!(offer.point(), partial_signature_point(offer.session(), &pubnonce, &pk)?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartialSignatureOffer {
    session: Session,
    msg: [u8; 32],
    pubkey: PublicKey,
    pubnonce: PubNonce,
    point: PaymentPoint,
}

impl PartialSignatureOffer {
    /// Builds the session (BIP-327 GetSessionValues) and computes the
    /// partial-signature point of the signer with `pubkey` and `pubnonce`.
    ///
    /// ```
    /// # use ptlc::musig::{key_agg::KeyAggContext, nonces};
    /// use ptlc::pay_for_partial_signature::PartialSignatureOffer;
    /// # use ptlc::secp256k1::Keypair;
    /// # let pk = Keypair::from_secret_bytes([1; 32]).expect("key").public_key();
    /// # let ctx = KeyAggContext::new(&[pk.serialize()])?;
    /// # let (_, pubnonce) = nonces::nonce_gen_with_rand(&[7; 32], &pk, Default::default())?;
    /// # let aggnonce = nonces::nonce_agg(&[pubnonce.to_bytes()])?;
    /// let t = ptlc::PaymentScalar::from_bytes(&[9; 32])?;
    /// let offer = PartialSignatureOffer::new(&ctx, &aggnonce, [5; 32], Some(&t.point()), pk, pubnonce)?;
    /// assert_eq!(offer.session().adaptor(), Some(&t.point()));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(
        key_ctx: &KeyAggContext,
        aggnonce: &AggNonce,
        msg: [u8; 32],
        adaptor: Option<&PaymentPoint>,
        pubkey: PublicKey,
        pubnonce: PubNonce,
    ) -> Result<Self, PayForPartialSignatureError> {
        let session = Session::new(key_ctx, aggnonce, &msg, adaptor)?;
        let point = partial_signature_point(&session, &pubnonce, &pubkey)?;
        Ok(Self {
            session,
            msg,
            pubkey,
            pubnonce,
            point,
        })
    }

    /// The partial-signature point, the payment point to lock the PTLC to.
    ///
    /// ```
    /// # use ptlc::musig::{key_agg::KeyAggContext, nonces};
    /// # use ptlc::pay_for_partial_signature::PartialSignatureOffer;
    /// # let pk = ptlc::secp256k1::Keypair::from_secret_bytes([1; 32]).expect("key").public_key();
    /// # let ctx = KeyAggContext::new(&[pk.serialize()])?;
    /// # let (_, pubnonce) = nonces::nonce_gen_with_rand(&[7; 32], &pk, Default::default())?;
    /// # let aggnonce = nonces::nonce_agg(&[pubnonce.to_bytes()])?;
    /// let offer = PartialSignatureOffer::new(&ctx, &aggnonce, [5; 32], None, pk, pubnonce)?;
    /// let lock_to: ptlc::PaymentPoint = offer.point();
    /// # let _ = lock_to;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn point(&self) -> PaymentPoint {
        self.point
    }

    /// The session the point was computed in.
    ///
    /// ```
    /// # use ptlc::musig::{key_agg::KeyAggContext, nonces};
    /// # use ptlc::pay_for_partial_signature::PartialSignatureOffer;
    /// # let pk = ptlc::secp256k1::Keypair::from_secret_bytes([1; 32]).expect("key").public_key();
    /// # let ctx = KeyAggContext::new(&[pk.serialize()])?;
    /// # let (_, pubnonce) = nonces::nonce_gen_with_rand(&[7; 32], &pk, Default::default())?;
    /// # let aggnonce = nonces::nonce_agg(&[pubnonce.to_bytes()])?;
    /// let offer = PartialSignatureOffer::new(&ctx, &aggnonce, [5; 32], None, pk, pubnonce)?;
    /// assert_eq!(offer.session().key_agg_context(), &ctx);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// The signed message (32 bytes, a sighash).
    ///
    /// ```
    /// # use ptlc::musig::{key_agg::KeyAggContext, nonces};
    /// # use ptlc::pay_for_partial_signature::PartialSignatureOffer;
    /// # let pk = ptlc::secp256k1::Keypair::from_secret_bytes([1; 32]).expect("key").public_key();
    /// # let ctx = KeyAggContext::new(&[pk.serialize()])?;
    /// # let (_, pubnonce) = nonces::nonce_gen_with_rand(&[7; 32], &pk, Default::default())?;
    /// # let aggnonce = nonces::nonce_agg(&[pubnonce.to_bytes()])?;
    /// let offer = PartialSignatureOffer::new(&ctx, &aggnonce, [5; 32], None, pk, pubnonce)?;
    /// assert_eq!(offer.msg(), &[5; 32]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn msg(&self) -> &[u8; 32] {
        &self.msg
    }

    /// The key and public nonce of the signer whose partial signature is sold.
    ///
    /// ```
    /// # use ptlc::musig::{key_agg::KeyAggContext, nonces};
    /// # use ptlc::pay_for_partial_signature::PartialSignatureOffer;
    /// # let pk = ptlc::secp256k1::Keypair::from_secret_bytes([1; 32]).expect("key").public_key();
    /// # let ctx = KeyAggContext::new(&[pk.serialize()])?;
    /// # let (_, pubnonce) = nonces::nonce_gen_with_rand(&[7; 32], &pk, Default::default())?;
    /// # let aggnonce = nonces::nonce_agg(&[pubnonce.to_bytes()])?;
    /// let offer = PartialSignatureOffer::new(&ctx, &aggnonce, [5; 32], None, pk, pubnonce)?;
    /// assert_eq!(offer.signer(), (pk, pubnonce));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn signer(&self) -> (PublicKey, PubNonce) {
        (self.pubkey, self.pubnonce)
    }

    /// `s + Σ own + e·g·tacc` in constant time, after checking that `s`
    /// opens the point (its verdict public).
    fn aggregate(
        &self,
        s: &PaymentScalar,
        own: &[PartialSignature],
    ) -> Result<[u8; 32], PayForPartialSignatureError> {
        if !s.opens(&self.point) {
            return Err(PayForPartialSignatureError::WrongScalar);
        }
        let mut sum =
            crate::arith::add_mod_n(s.expose_secret(), &self.session.s_part.to_be_bytes());
        for psig in own {
            let mut term = psig.to_bytes();
            let next = crate::arith::add_mod_n(&sum, &term);
            zeroize::Zeroize::zeroize(&mut term);
            zeroize::Zeroize::zeroize(&mut sum);
            sum = next;
        }
        // The aggregate s is the output: public once returned.
        crate::ctime_hooks::declassify(&mut sum);
        if sum == [0u8; 32] {
            return Err(PayForPartialSignatureError::Degenerate);
        }
        Ok(sum)
    }

    /// The buyer's side for a plain session: checks that `s` (learned when
    /// the PTLC was claimed) opens the point, adds the buyer's own partial
    /// signature(s), and returns the BIP-340 signature only if
    /// libsecp256k1's verification accepts it under the (tweaked) aggregate
    /// key. [`PayForPartialSignatureError::WrongScalar`] for a scalar that
    /// does not open the point, `InvalidSignature` if the buyer's own partial
    /// signature is wrong.
    ///
    /// ```
    /// # use ptlc::musig::{key_agg::KeyAggContext, nonces, signing};
    /// use ptlc::pay_for_partial_signature::{PartialSignatureOffer, PayForPartialSignatureError};
    /// # use ptlc::secp256k1::Keypair;
    /// # let kp = Keypair::from_secret_bytes([1; 32]).expect("key");
    /// # let pk = kp.public_key();
    /// # let ctx = KeyAggContext::new(&[pk.serialize()])?;
    /// # let (secnonce, pubnonce) = nonces::nonce_gen_with_rand(&[7; 32], &pk, Default::default())?;
    /// # let aggnonce = nonces::nonce_agg(&[pubnonce.to_bytes()])?;
    /// let offer = PartialSignatureOffer::new(&ctx, &aggnonce, [5; 32], None, pk, pubnonce)?;
    /// let psig = signing::sign(secnonce, &kp, offer.session())?;
    /// let s = ptlc::PaymentScalar::from_bytes(&psig.to_bytes())?;
    /// assert!(offer.complete(&s, &[]).is_ok()); // one signer: nothing to add
    /// let wrong = ptlc::PaymentScalar::from_bytes(&[3; 32])?;
    /// assert_eq!(offer.complete(&wrong, &[]), Err(PayForPartialSignatureError::WrongScalar));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn complete(
        &self,
        s: &PaymentScalar,
        own: &[PartialSignature],
    ) -> Result<schnorr::Signature, PayForPartialSignatureError> {
        if self.session.adaptor().is_some() {
            return Err(PayForPartialSignatureError::AdaptorMismatch);
        }
        let total = self.aggregate(s, own)?;
        let mut bytes = [0u8; 64];
        let (r_half, s_half) = bytes.split_at_mut(32);
        r_half.copy_from_slice(&self.session.r_x);
        s_half.copy_from_slice(&total);
        let sig = schnorr::Signature::from_byte_array(bytes);
        let key = self.session.key_agg_context().x_only_public_key();
        schnorr::verify(&sig, &self.msg, &key)
            .map_err(|_| PayForPartialSignatureError::InvalidSignature)?;
        Ok(sig)
    }

    /// The buyer's side for an adaptor session: as [`Self::complete`], but
    /// the aggregate is a Schnorr adaptor pre-signature for the session's
    /// adaptor point, returned only if `schnorr_adaptor::verify` accepts it.
    ///
    /// ```
    /// # use ptlc::musig::{key_agg::KeyAggContext, nonces, signing};
    /// use ptlc::pay_for_partial_signature::PartialSignatureOffer;
    /// use ptlc::{schnorr_adaptor, PaymentScalar};
    /// # use ptlc::secp256k1::{schnorr, Keypair};
    /// # let kp = Keypair::from_secret_bytes([1; 32]).expect("key");
    /// # let pk = kp.public_key();
    /// # let ctx = KeyAggContext::new(&[pk.serialize()])?;
    /// # let (secnonce, pubnonce) = nonces::nonce_gen_with_rand(&[7; 32], &pk, Default::default())?;
    /// # let aggnonce = nonces::nonce_agg(&[pubnonce.to_bytes()])?;
    /// let t = PaymentScalar::from_bytes(&[9; 32])?;
    /// let offer = PartialSignatureOffer::new(&ctx, &aggnonce, [5; 32], Some(&t.point()), pk, pubnonce)?;
    /// let psig = signing::sign(secnonce, &kp, offer.session())?;
    /// let pre = offer.complete_adaptor(&PaymentScalar::from_bytes(&psig.to_bytes())?, &[])?;
    /// let key = ctx.x_only_public_key();
    /// let sig = schnorr_adaptor::adapt(&pre, &t, &key, &[5; 32])?;
    /// assert!(schnorr::verify(&sig, &[5; 32], &key).is_ok());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn complete_adaptor(
        &self,
        s: &PaymentScalar,
        own: &[PartialSignature],
    ) -> Result<PreSignature, PayForPartialSignatureError> {
        let Some(adaptor) = self.session.adaptor().copied() else {
            return Err(PayForPartialSignatureError::AdaptorMismatch);
        };
        let total = self.aggregate(s, own)?;
        let mut bytes = [0u8; 65];
        let (r_half, s_half) = bytes.split_at_mut(33);
        r_half.copy_from_slice(&self.session.final_nonce().serialize());
        s_half.copy_from_slice(&total);
        let pre = PreSignature::from_bytes(&bytes)
            .map_err(|_| PayForPartialSignatureError::Degenerate)?;
        let key = self.session.key_agg_context().x_only_public_key();
        schnorr_adaptor::verify(&pre, &key, &self.msg, &adaptor)
            .map_err(|_| PayForPartialSignatureError::InvalidSignature)?;
        Ok(pre)
    }
}

/// The identifier of a pre-shared public nonce: the tagged hash
/// `hash_ptlc/pubnonce_id(pubnonce)` of its 66 bytes (SPEC.md,
/// "Pay-for-partial-signature", nonce pre-sharing). The package carries it so that the nonce's owner
/// finds, and consumes, the secret nonce kept for that slot.
///
/// ```
/// use ptlc::pay_for_partial_signature::NonceId;
/// # let pk = ptlc::secp256k1::Keypair::from_secret_bytes([1; 32]).expect("key").public_key();
/// # let (_, pubnonce) = ptlc::musig::nonces::nonce_gen_with_rand(&[7; 32], &pk, Default::default())?;
/// let id = NonceId::of(&pubnonce);
/// assert_eq!(NonceId::from_bytes(id.to_bytes()), id);
/// # Ok::<(), ptlc::musig::MusigError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NonceId([u8; 32]);

impl NonceId {
    /// The identifier of `pubnonce`.
    ///
    /// ```
    /// # use ptlc::pay_for_partial_signature::NonceId;
    /// # let pk = ptlc::secp256k1::Keypair::from_secret_bytes([1; 32]).expect("key").public_key();
    /// # let (_, a) = ptlc::musig::nonces::nonce_gen_with_rand(&[7; 32], &pk, Default::default())?;
    /// # let (_, b) = ptlc::musig::nonces::nonce_gen_with_rand(&[8; 32], &pk, Default::default())?;
    /// assert_ne!(NonceId::of(&a), NonceId::of(&b));
    /// # Ok::<(), ptlc::musig::MusigError>(())
    /// ```
    pub fn of(pubnonce: &PubNonce) -> Self {
        Self(crate::arith::tagged_hash(
            b"ptlc/pubnonce_id",
            &[&pubnonce.to_bytes()],
        ))
    }

    /// Wraps 32 bytes read from a package.
    ///
    /// ```
    /// # use ptlc::pay_for_partial_signature::NonceId;
    /// assert_eq!(NonceId::from_bytes([1; 32]).to_bytes(), [1; 32]);
    /// ```
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// The 32 bytes.
    ///
    /// ```
    /// # use ptlc::pay_for_partial_signature::NonceId;
    /// assert_eq!(NonceId::from_bytes([2; 32]).to_bytes(), [2; 32]);
    /// ```
    pub fn to_bytes(&self) -> [u8; 32] {
        self.0
    }

    /// Whether `pubnonce` has this identifier (public data: not constant time).
    ///
    /// ```
    /// # use ptlc::pay_for_partial_signature::NonceId;
    /// # let pk = ptlc::secp256k1::Keypair::from_secret_bytes([1; 32]).expect("key").public_key();
    /// # let (_, n) = ptlc::musig::nonces::nonce_gen_with_rand(&[7; 32], &pk, Default::default())?;
    /// assert!(NonceId::of(&n).matches(&n));
    /// # Ok::<(), ptlc::musig::MusigError>(())
    /// ```
    pub fn matches(&self, pubnonce: &PubNonce) -> bool {
        bool::from(Self::of(pubnonce).0.ct_eq(&self.0))
    }
}
