//! Signing (BIP-327, "Signing", "Partial Signature Verification",
//! "Partial Signature Aggregation" and "Deterministic and Stateless
//! Signing"): Sign, PartialSigVerify, PartialSigAgg, DeterministicSign.

use secp256k1::{schnorr, Keypair, PublicKey, Scalar, SecretKey};
use sha2::Digest;
use subtle::Choice;
use zeroize::Zeroize;

use super::error::{invalid, Contribution, MusigError};
use super::key_agg::{tagged_engine, KeyAggContext, Tweak};
use super::math;
use super::nonces::{self, nonce_scalar, PubNonce, SecNonce};
use super::session::Session;
use crate::arith::{self, ErasingSecretKey};
use crate::hex::impl_hex_traits;
use crate::payment::PaymentPoint;
use crate::schnorr_adaptor::PreSignature;

/// A partial signature: a scalar below n (32 bytes). Public once sent.
///
/// ```
/// use ptlc::musig::{signing::PartialSignature, Contribution, MusigError};
/// let psig = PartialSignature::from_bytes(&[1; 32])?;
/// assert_eq!(psig.to_bytes(), [1; 32]);
/// assert_eq!(
///     PartialSignature::from_bytes(&[0xff; 32]).unwrap_err(),
///     MusigError::InvalidContribution { signer: None, contribution: Contribution::PartialSignature }
/// );
/// # Ok::<(), MusigError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PartialSignature(Scalar);

impl PartialSignature {
    /// Parses 32 bytes; values `≥ n` are rejected.
    ///
    /// ```
    /// # use ptlc::musig::signing::PartialSignature;
    /// assert!(PartialSignature::from_bytes(&[0; 32]).is_ok());
    /// ```
    pub fn from_bytes(bytes: &[u8; 32]) -> Result<Self, MusigError> {
        Scalar::from_be_bytes(*bytes)
            .map(Self)
            .map_err(|_| invalid(None, Contribution::PartialSignature))
    }

    /// The 32-byte encoding.
    ///
    /// ```
    /// # use ptlc::musig::signing::PartialSignature;
    /// assert_eq!(PartialSignature::from_bytes(&[2; 32])?.to_bytes(), [2; 32]);
    /// # Ok::<(), ptlc::musig::MusigError>(())
    /// ```
    pub fn to_bytes(&self) -> [u8; 32] {
        self.0.to_be_bytes()
    }
}

impl_hex_traits!(PartialSignature, 32, MusigError);

/// BIP-327 Sign: the partial signature `s = k1 + b·k2 + e·a·d` (with `k1, k2`
/// negated for an odd final nonce and `d = g·gacc·d'`), consuming the secret
/// nonce.
///
/// Secret values (the key, the nonce, `k1 + b·k2`) go only through
/// libsecp256k1's constant-time scalar routines; the result is public. Does
/// not check that the signer's key is in the key list (BIP-327 makes that
/// optional; the context no longer holds the list, so the caller runs
/// [`KeyAggContext::check_signer`] with it). Does not verify its own output
/// (BIP-327's optional final check).
///
/// ```
/// use ptlc::musig::{key_agg::KeyAggContext, nonces, session::Session, signing};
/// use ptlc::secp256k1::Keypair;
/// let keypair = Keypair::from_secret_bytes([1; 32]).expect("key");
/// let pk = keypair.public_key();
/// let ctx = KeyAggContext::new(&[pk.serialize()])?;
/// let (secnonce, pubnonce) = nonces::nonce_gen_with_rand(&[7; 32], &pk, Default::default())?;
/// let aggnonce = nonces::nonce_agg(&[pubnonce.to_bytes()])?;
/// let session = Session::new(&ctx, &aggnonce, b"msg", None)?;
/// let psig = signing::sign(secnonce, &keypair, &session)?;
/// signing::partial_sig_verify(&session, &psig, &pubnonce, &pk, 0)?;
/// # Ok::<(), ptlc::musig::MusigError>(())
/// ```
pub fn sign(
    secnonce: SecNonce,
    keypair: &Keypair,
    session: &Session,
) -> Result<PartialSignature, MusigError> {
    let pk = keypair.public_key().serialize();
    if pk != secnonce.pk {
        return Err(MusigError::SecretKeyMismatch);
    }
    let a = session.key_ctx.key_agg_coeff(&pk);
    // s = c·(k1 + b·k2 + c·g'·e·a·d') with c = −1 for an odd final nonce and
    // g' = g·gacc: the public signs all go on x = ±e·a.
    let negate_x = session.r_odd != session.key_ctx.key_negated();
    let x = math::cond_negate(&math::mul_public(&session.e, &a), negate_x);
    let k = nonce_sum(&secnonce, &session.b).ok_or(MusigError::Degenerate)?;
    drop(secnonce);
    let d = ErasingSecretKey(keypair.secret_key());
    let s = arith::schnorr_presign_scalar(&k.0, &d.0, &x, Choice::from(u8::from(session.r_odd)));
    Ok(PartialSignature(s))
}

/// `k1 + b·k2` in libsecp256k1's constant-time scalar arithmetic; `None` if
/// it is zero (probability 2^-256).
fn nonce_sum(secnonce: &SecNonce, b: &Scalar) -> Option<ErasingSecretKey> {
    if *b == Scalar::ZERO {
        return Some(ErasingSecretKey(secnonce.k1.0));
    }
    let b_k2 = ErasingSecretKey(secnonce.k2.0.mul_tweak(b).ok()?);
    let mut tweak = Scalar::from(b_k2.0);
    let sum = secnonce.k1.0.add_tweak(&tweak).ok().map(ErasingSecretKey);
    tweak.non_secure_erase();
    sum
}

/// BIP-327 PartialSigVerifyInternal: `s·G = ±(R1 + b·R2) + e·a·g'·P` for the
/// signer at index `signer` with public nonce `pubnonce` and key `pk`.
/// Failure is an [`MusigError::InvalidContribution`] blaming `signer`'s
/// partial signature.
///
/// ```
/// # use ptlc::musig::{key_agg::KeyAggContext, nonces, session::Session, signing};
/// # use ptlc::musig::{Contribution, MusigError};
/// # use ptlc::secp256k1::Keypair;
/// # let keypair = Keypair::from_secret_bytes([1; 32]).expect("key");
/// # let pk = keypair.public_key();
/// # let ctx = KeyAggContext::new(&[pk.serialize()])?;
/// # let (secnonce, pubnonce) = nonces::nonce_gen_with_rand(&[7; 32], &pk, Default::default())?;
/// # let session = Session::new(&ctx, &nonces::nonce_agg(&[pubnonce.to_bytes()])?, b"msg", None)?;
/// let bogus = signing::PartialSignature::from_bytes(&[1; 32])?;
/// assert_eq!(
///     signing::partial_sig_verify(&session, &bogus, &pubnonce, &pk, 3),
///     Err(MusigError::InvalidContribution { signer: Some(3), contribution: Contribution::PartialSignature })
/// );
/// # Ok::<(), MusigError>(())
/// ```
pub fn partial_sig_verify(
    session: &Session,
    psig: &PartialSignature,
    pubnonce: &PubNonce,
    pk: &PublicKey,
    signer: usize,
) -> Result<(), MusigError> {
    let (x, r1, b) = verify_terms(session, pubnonce, pk);
    // Re = ±(R1 + b·R2), None for infinity.
    let re = math::add_ext(Some(r1), math::mul_ext(Some(pubnonce.r2), &b));
    // s·G − x·P in one multi-scalar multiplication.
    let lhs = arith::double_mul_public(&arith::negate_public_scalar(&x), pk, &psig.0);
    if lhs == re {
        Ok(())
    } else {
        Err(invalid(Some(signer), Contribution::PartialSignature))
    }
}

/// PartialSigVerifyInternal's public terms besides `s` and `P`: `x = e·a·g'`
/// (`g' = g·gacc`, the aggregate key's sign) and `Re = ±(R1 + b·R2)` (negated
/// for an odd final nonce) as `(±R1, ±b)`, the sign folded into `R1` and `b`.
fn verify_terms(
    session: &Session,
    pubnonce: &PubNonce,
    pk: &PublicKey,
) -> (Scalar, PublicKey, Scalar) {
    let a = session.key_ctx.key_agg_coeff(&pk.serialize());
    let x = math::cond_negate(
        &math::mul_public(&session.e, &a),
        session.key_ctx.key_negated(),
    );
    let r1 = if session.r_odd {
        pubnonce.r1.negate()
    } else {
        pubnonce.r1
    };
    (x, r1, math::cond_negate(&session.b, session.r_odd))
}

/// The right-hand side of PartialSigVerify, `Re + e·a·g'·P`: the point
/// `s·G` of the honest partial signature of the signer with public nonce
/// `pubnonce` and key `pk` (SPEC.md, "Pay-for-partial-signature"), summed
/// with one conversion to affine. `None` if it is infinity.
pub(crate) fn partial_sig_point(
    session: &Session,
    pubnonce: &PubNonce,
    pk: &PublicKey,
) -> Option<PublicKey> {
    let (x, r1, b) = verify_terms(session, pubnonce, pk);
    let b_r2 = math::mul_ext(Some(pubnonce.r2), &b);
    let x_p = arith::point_mul_public(pk, &x);
    match (b_r2, x_p) {
        (Some(q), Some(p)) => arith::point_add3(&r1, &q, &p),
        // b = 0 or x = 0 (probability 2^-256 each).
        (q, p) => math::add_ext(math::add_ext(Some(r1), q), p),
    }
}

/// `Σ s_i + e·g·tacc` over 32-byte partial signatures (as big-endian bytes);
/// an out-of-range one is blamed on its index.
fn aggregate_s(session: &Session, psigs: &[[u8; 32]]) -> Result<[u8; 32], MusigError> {
    if psigs.is_empty() {
        return Err(MusigError::EmptyList);
    }
    let mut s = math::limbs(&session.s_part.to_be_bytes());
    for (i, bytes) in psigs.iter().enumerate() {
        let si = math::limbs(bytes);
        if !math::below_n(&si) {
            return Err(invalid(Some(i), Contribution::PartialSignature));
        }
        s = math::add_limbs(&s, &si);
    }
    Ok(math::limb_bytes(&s))
}

/// BIP-327 PartialSigAgg for a session without adaptor: the BIP-340
/// signature `x(R) ‖ s`. [`MusigError::AdaptorMismatch`] for an adaptor
/// session (use [`partial_sig_agg_adaptor`]). Does not verify the result.
///
/// ```
/// # use ptlc::musig::{key_agg::KeyAggContext, nonces, session::Session, signing};
/// # use ptlc::secp256k1::{schnorr, Keypair};
/// # let keypair = Keypair::from_secret_bytes([1; 32]).expect("key");
/// # let pk = keypair.public_key();
/// # let ctx = KeyAggContext::new(&[pk.serialize()])?;
/// # let (secnonce, pubnonce) = nonces::nonce_gen_with_rand(&[7; 32], &pk, Default::default())?;
/// # let session = Session::new(&ctx, &nonces::nonce_agg(&[pubnonce.to_bytes()])?, &[5; 32], None)?;
/// let psig = signing::sign(secnonce, &keypair, &session)?;
/// let sig = signing::partial_sig_agg(&session, &[psig.to_bytes()])?;
/// assert!(schnorr::verify(&sig, &[5; 32], &ctx.x_only_public_key()).is_ok());
/// # Ok::<(), ptlc::musig::MusigError>(())
/// ```
pub fn partial_sig_agg(
    session: &Session,
    psigs: &[[u8; 32]],
) -> Result<schnorr::Signature, MusigError> {
    if session.adaptor.is_some() {
        return Err(MusigError::AdaptorMismatch);
    }
    let s = aggregate_s(session, psigs)?;
    let mut sig = [0u8; 64];
    let (r, s_half) = sig.split_at_mut(32);
    r.copy_from_slice(&session.r_x);
    s_half.copy_from_slice(&s);
    Ok(schnorr::Signature::from_byte_array(sig))
}

/// PartialSigAgg for an adaptor session: the Schnorr adaptor pre-signature
/// `(R + T, s')` of [`crate::schnorr_adaptor`] for the session's adaptor point
/// under the x-only aggregate key; [`MusigError::AdaptorMismatch`] for a plain
/// session. Check it with `schnorr_adaptor::verify`, complete it with
/// `schnorr_adaptor::adapt`, recover `t` with `schnorr_adaptor::extract`.
///
/// ```
/// # use ptlc::musig::{key_agg::KeyAggContext, nonces, session::Session, signing};
/// # use ptlc::secp256k1::{schnorr, Keypair};
/// use ptlc::{schnorr_adaptor, PaymentScalar};
/// # let keypair = Keypair::from_secret_bytes([1; 32]).expect("key");
/// # let pk = keypair.public_key();
/// # let ctx = KeyAggContext::new(&[pk.serialize()])?;
/// # let (secnonce, pubnonce) = nonces::nonce_gen_with_rand(&[7; 32], &pk, Default::default())?;
/// let t = PaymentScalar::from_bytes(&[9; 32])?;
/// let aggnonce = nonces::nonce_agg(&[pubnonce.to_bytes()])?;
/// let session = Session::new(&ctx, &aggnonce, &[5; 32], Some(&t.point()))?;
/// let psig = signing::sign(secnonce, &keypair, &session)?;
/// let pre = signing::partial_sig_agg_adaptor(&session, &[psig.to_bytes()])?;
/// let key = ctx.x_only_public_key();
/// schnorr_adaptor::verify(&pre, &key, &[5; 32], &t.point())?;
/// let sig = schnorr_adaptor::adapt(&pre, &t, &key, &[5; 32])?;
/// assert!(schnorr::verify(&sig, &[5; 32], &key).is_ok());
/// assert_eq!(schnorr_adaptor::extract(&pre, &sig, &t.point())?, t);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn partial_sig_agg_adaptor(
    session: &Session,
    psigs: &[[u8; 32]],
) -> Result<PreSignature, MusigError> {
    if session.adaptor.is_none() {
        return Err(MusigError::AdaptorMismatch);
    }
    let s = aggregate_s(session, psigs)?;
    let mut bytes = [0u8; 65];
    let (r, s_half) = bytes.split_at_mut(33);
    r.copy_from_slice(&session.r.serialize());
    s_half.copy_from_slice(&s);
    PreSignature::from_bytes(&bytes).map_err(|_| MusigError::Degenerate)
}

/// BIP-327 DeterministicSign: the stateless last signer. Derives its nonce
/// from its secret key, the other signers' aggregate nonce, the (tweaked)
/// aggregate key and the message (and `rand`, if given), then signs; returns
/// its public nonce and partial signature.
///
/// With `adaptor`, the session is an adaptor session and the adaptor point is
/// also hashed into the nonce (after the message): otherwise the same nonce
/// would sign for different `T`s with different `b`s, which reveals the key.
/// Without `adaptor` this is BIP-327 exactly.
///
/// Only for a signer that signs *after* every other signer has sent its
/// nonce; `aggothernonce` must be their aggregate.
///
/// ```
/// use ptlc::musig::{key_agg::KeyAggContext, nonces, session::Session, signing};
/// use ptlc::secp256k1::Keypair;
/// let keypair = Keypair::from_secret_bytes([1; 32]).expect("key");
/// let other = Keypair::from_secret_bytes([2; 32]).expect("key");
/// let keys = [keypair.public_key().serialize(), other.public_key().serialize()];
/// let (_, other_nonce) = nonces::nonce_gen_with_rand(&[7; 32], &other.public_key(), Default::default())?;
/// let (pubnonce, psig) = signing::deterministic_sign(
///     &keypair, &other_nonce.to_bytes(), &keys, &[], b"msg", None, None)?;
/// let ctx = KeyAggContext::new(&keys)?;
/// let aggnonce = nonces::nonce_agg(&[pubnonce.to_bytes(), other_nonce.to_bytes()])?;
/// let session = Session::new(&ctx, &aggnonce, b"msg", None)?;
/// signing::partial_sig_verify(&session, &psig, &pubnonce, &keypair.public_key(), 0)?;
/// # Ok::<(), ptlc::musig::MusigError>(())
/// ```
pub fn deterministic_sign(
    keypair: &Keypair,
    aggothernonce: &[u8; 66],
    pubkeys: &[[u8; 33]],
    tweaks: &[Tweak],
    msg: &[u8],
    rand: Option<&[u8; 32]>,
    adaptor: Option<&PaymentPoint>,
) -> Result<(PubNonce, PartialSignature), MusigError> {
    let key_ctx = KeyAggContext::new(pubkeys)?.apply_tweaks(tweaks)?;
    let sk = ErasingSecretKey(keypair.secret_key());
    let pk = keypair.public_key().serialize();
    let (secnonce, pubnonce) =
        deterministic_nonce(&sk.0, &pk, aggothernonce, &key_ctx, msg, rand, adaptor)?;
    let aggnonce = nonces::nonce_agg(&[pubnonce.to_bytes(), *aggothernonce])
        .map_err(|_| invalid(None, Contribution::AggregateOtherNonce))?;
    if !pubkeys.contains(&secnonce.pk) {
        return Err(MusigError::SignerNotInKeys);
    }
    let session = Session::new(&key_ctx, &aggnonce, msg, adaptor)?;
    let psig = sign(secnonce, keypair, &session)?;
    Ok((pubnonce, psig))
}

/// DeterministicSign's nonce: `k_i = int(hash_MuSig/deterministic/nonce(sk' ‖
/// aggothernonce ‖ x(Q) ‖ len(m) ‖ m [‖ T] ‖ i)) mod n`.
fn deterministic_nonce(
    sk: &SecretKey,
    pk: &[u8; 33],
    aggothernonce: &[u8; 66],
    key_ctx: &KeyAggContext,
    msg: &[u8],
    rand: Option<&[u8; 32]>,
    adaptor: Option<&PaymentPoint>,
) -> Result<(SecNonce, PubNonce), MusigError> {
    let mut sk_bytes = sk.to_secret_bytes();
    if let Some(rand) = rand {
        let masked = arith::xor32(&sk_bytes, &arith::tagged_hash(b"MuSig/aux", &[rand]));
        sk_bytes = masked;
    }
    let mut h = tagged_engine(b"MuSig/deterministic/nonce");
    h.update(sk_bytes);
    sk_bytes.zeroize();
    h.update(aggothernonce);
    h.update(key_ctx.x_only_public_key().to_byte_array());
    let len = u64::try_from(msg.len()).map_err(|_| MusigError::InvalidLength)?;
    h.update(len.to_be_bytes());
    h.update(msg);
    if let Some(t) = adaptor {
        h.update(t.to_bytes());
    }
    let k1 = nonce_scalar(h.clone(), 0)?;
    let k2 = nonce_scalar(h, 1)?;
    let pubnonce = PubNonce {
        r1: arith::base_mul_secret_key(&k1.0),
        r2: arith::base_mul_secret_key(&k2.0),
    };
    Ok((SecNonce { k1, k2, pk: *pk }, pubnonce))
}
