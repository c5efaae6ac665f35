//! Key generation and aggregation (BIP-327, "Key Generation and Aggregation"
//! and "Tweaking"): KeySort, KeyAgg with its coefficients and the second-key
//! rule, and ApplyTweak on the key aggregation context.

use secp256k1::{PublicKey, Scalar, XOnlyPublicKey};

use super::error::{invalid, Contribution, MusigError};
use super::math;
use crate::arith;

/// Length of a serialized [`KeyAggContext`]: `Q` (33) ‖ gacc flag (1) ‖ tacc
/// (32) ‖ hash of the key list (32) ‖ second key (33).
pub const KEY_AGG_CONTEXT_LEN: usize = 131;

/// BIP-327 KeySort: sorts 33-byte public keys lexicographically, in place.
///
/// ```
/// let mut keys = [[3u8; 33], [2u8; 33]];
/// ptlc::musig::key_agg::key_sort(&mut keys);
/// assert_eq!(keys, [[2u8; 33], [3u8; 33]]);
/// ```
pub fn key_sort(pubkeys: &mut [[u8; 33]]) {
    pubkeys.sort_unstable();
}

/// A tweak for [`KeyAggContext::apply_tweak`].
///
/// ```
/// use ptlc::musig::key_agg::Tweak;
/// let t = Tweak::XOnly([1; 32]);
/// assert!(t.is_xonly());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tweak {
    /// A plain tweak: `Q' = Q + t·G` (BIP-32-style derivation).
    Plain([u8; 32]),
    /// An x-only tweak: `Q' = g·Q + t·G` with `g = ±1` making `Q` even
    /// (BIP-341 Taproot commitments).
    XOnly([u8; 32]),
}

impl Tweak {
    /// Whether this is an x-only tweak (BIP-327's `is_xonly_t`).
    ///
    /// ```
    /// assert!(!ptlc::musig::key_agg::Tweak::Plain([0; 32]).is_xonly());
    /// ```
    pub fn is_xonly(&self) -> bool {
        matches!(self, Self::XOnly(_))
    }

    /// The 32-byte tweak value.
    ///
    /// ```
    /// assert_eq!(ptlc::musig::key_agg::Tweak::Plain([7; 32]).bytes(), &[7; 32]);
    /// ```
    pub fn bytes(&self) -> &[u8; 32] {
        match self {
            Self::Plain(b) | Self::XOnly(b) => b,
        }
    }
}

/// BIP-327's KeyAgg Context `(Q, gacc, tacc)`, plus what the key aggregation
/// coefficients need (the hash `L` of the key list and the second key), so
/// that signing never needs the key list again. Public data; `Copy`.
///
/// ```
/// use ptlc::musig::key_agg::KeyAggContext;
/// use ptlc::secp256k1::Keypair;
/// let a = Keypair::from_secret_bytes([1; 32]).expect("key").public_key().serialize();
/// let b = Keypair::from_secret_bytes([2; 32]).expect("key").public_key().serialize();
/// let ctx = KeyAggContext::new(&[a, b])?;
/// assert_eq!(KeyAggContext::from_bytes(&ctx.to_bytes())?, ctx);
/// # Ok::<(), ptlc::musig::MusigError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeyAggContext {
    q: PublicKey,
    /// `gacc = n − 1` (true) or `1` (false).
    gacc_negated: bool,
    tacc: Scalar,
    keys_hash: [u8; 32],
    /// The second distinct key, or 33 zero bytes if all keys are equal.
    second_key: [u8; 33],
}

/// BIP-327 HashKeys: `hash_KeyAgg list(pk_1 ‖ … ‖ pk_u)`.
fn hash_keys(pubkeys: impl Iterator<Item = [u8; 33]>) -> [u8; 32] {
    use sha2::Digest;
    let mut h = tagged_engine(b"KeyAgg list");
    for pk in pubkeys {
        h.update(pk);
    }
    h.finalize().into()
}

/// A SHA-256 engine primed with `SHA256(tag) ‖ SHA256(tag)`.
pub(crate) fn tagged_engine(tag: &[u8]) -> sha2::Sha256 {
    use sha2::Digest;
    let t = sha2::Sha256::digest(tag);
    let mut h = sha2::Sha256::new();
    h.update(t);
    h.update(t);
    h
}

/// BIP-327 GetSecondKey: the first key different from the first one.
fn second_key(mut pubkeys: impl Iterator<Item = [u8; 33]>) -> [u8; 33] {
    let Some(first) = pubkeys.next() else {
        return [0u8; 33];
    };
    pubkeys.find(|pk| *pk != first).unwrap_or([0u8; 33])
}

/// `a_i·P_i` (`None` for infinity), skipping the multiplication for `a_i = 1`.
fn weighted(
    keys_hash: &[u8; 32],
    second_key: &[u8; 33],
    p: &PublicKey,
    pk: &[u8; 33],
) -> Option<PublicKey> {
    let a = coeff(keys_hash, second_key, pk);
    if a == Scalar::ONE {
        Some(*p)
    } else {
        arith::point_mul_public(p, &a)
    }
}

/// BIP-327 KeyAggCoeffInternal.
fn coeff(keys_hash: &[u8; 32], second_key: &[u8; 33], pk: &[u8; 33]) -> Scalar {
    if pk == second_key {
        return Scalar::ONE;
    }
    math::scalar_from_hash(&arith::tagged_hash(b"KeyAgg coefficient", &[keys_hash, pk]))
}

impl KeyAggContext {
    /// BIP-327 KeyAgg over 33-byte compressed keys, in the order given (sort
    /// them with [`key_sort`] first for an order-independent key).
    ///
    /// Fails with [`MusigError::InvalidContribution`] naming the first key
    /// that does not parse, or [`MusigError::EmptyList`].
    ///
    /// ```
    /// use ptlc::musig::key_agg::KeyAggContext;
    /// use ptlc::secp256k1::Keypair;
    /// let pk = Keypair::from_secret_bytes([1; 32]).expect("key").public_key();
    /// let ctx = KeyAggContext::new(&[pk.serialize()])?;
    /// // One key: its coefficient is H(L ‖ pk), so Q is not pk.
    /// assert_ne!(ctx.aggregate_key(), pk);
    /// # Ok::<(), ptlc::musig::MusigError>(())
    /// ```
    pub fn new(pubkeys: &[[u8; 33]]) -> Result<Self, MusigError> {
        if pubkeys.is_empty() {
            return Err(MusigError::EmptyList);
        }
        let keys_hash = hash_keys(pubkeys.iter().copied());
        let second_key = second_key(pubkeys.iter().copied());
        let mut q: Option<PublicKey> = None;
        for (i, pk) in pubkeys.iter().enumerate() {
            let p = math::cpoint(pk).ok_or(invalid(Some(i), Contribution::PublicKey))?;
            q = math::add_ext(q, weighted(&keys_hash, &second_key, &p, pk));
        }
        Self::from_sum(q, keys_hash, second_key)
    }

    /// KeyAgg over already parsed keys (their 33-byte encodings are what is
    /// hashed), in the order given; as [`new`](Self::new) without the parsing.
    ///
    /// ```
    /// use ptlc::musig::key_agg::KeyAggContext;
    /// use ptlc::secp256k1::Keypair;
    /// let a = Keypair::from_secret_bytes([1; 32]).expect("key").public_key();
    /// let b = Keypair::from_secret_bytes([2; 32]).expect("key").public_key();
    /// assert_eq!(
    ///     KeyAggContext::from_public_keys(&[a, b])?,
    ///     KeyAggContext::new(&[a.serialize(), b.serialize()])?
    /// );
    /// # Ok::<(), ptlc::musig::MusigError>(())
    /// ```
    pub fn from_public_keys(pubkeys: &[PublicKey]) -> Result<Self, MusigError> {
        if pubkeys.is_empty() {
            return Err(MusigError::EmptyList);
        }
        let keys_hash = hash_keys(pubkeys.iter().map(PublicKey::serialize));
        let second_key = second_key(pubkeys.iter().map(PublicKey::serialize));
        let mut q: Option<PublicKey> = None;
        for p in pubkeys {
            q = math::add_ext(q, weighted(&keys_hash, &second_key, p, &p.serialize()));
        }
        Self::from_sum(q, keys_hash, second_key)
    }

    fn from_sum(
        q: Option<PublicKey>,
        keys_hash: [u8; 32],
        second_key: [u8; 33],
    ) -> Result<Self, MusigError> {
        // Q at infinity needs a hash collision-like event (BIP-327 asserts it away).
        let q = q.ok_or(MusigError::Degenerate)?;
        Ok(Self {
            q,
            gacc_negated: false,
            tacc: Scalar::ZERO,
            keys_hash,
            second_key,
        })
    }

    /// BIP-327 ApplyTweak: a new context for `Q' = g·Q + t·G`, with `g = −1`
    /// only for an x-only tweak of an odd `Q`.
    ///
    /// ```
    /// use ptlc::musig::key_agg::{KeyAggContext, Tweak};
    /// use ptlc::musig::MusigError;
    /// use ptlc::secp256k1::Keypair;
    /// let pk = Keypair::from_secret_bytes([1; 32]).expect("key").public_key().serialize();
    /// let ctx = KeyAggContext::new(&[pk])?;
    /// let tweaked = ctx.apply_tweak(&Tweak::XOnly([5; 32]))?;
    /// assert_ne!(tweaked.x_only_public_key(), ctx.x_only_public_key());
    /// assert_eq!(ctx.apply_tweak(&Tweak::Plain([0xff; 32])), Err(MusigError::TweakOutOfRange));
    /// # Ok::<(), MusigError>(())
    /// ```
    pub fn apply_tweak(&self, tweak: &Tweak) -> Result<Self, MusigError> {
        let g_negated = tweak.is_xonly() && self.q_is_odd();
        let t = Scalar::from_be_bytes(*tweak.bytes()).map_err(|_| MusigError::TweakOutOfRange)?;
        let gq = if g_negated {
            arith::point_negate(&self.q)
        } else {
            self.q
        };
        let q = if t == Scalar::ZERO {
            gq
        } else {
            gq.add_exp_tweak(&t)
                .map_err(|_| MusigError::TweakToInfinity)?
        };
        Ok(Self {
            q,
            gacc_negated: self.gacc_negated != g_negated,
            tacc: math::add_public(&t, &math::cond_negate(&self.tacc, g_negated)),
            ..*self
        })
    }

    /// Applies several tweaks in order.
    ///
    /// ```
    /// use ptlc::musig::key_agg::{KeyAggContext, Tweak};
    /// use ptlc::secp256k1::Keypair;
    /// let pk = Keypair::from_secret_bytes([1; 32]).expect("key").public_key().serialize();
    /// let ctx = KeyAggContext::new(&[pk])?;
    /// let both = ctx.apply_tweaks(&[Tweak::Plain([1; 32]), Tweak::XOnly([2; 32])])?;
    /// assert_eq!(both, ctx.apply_tweak(&Tweak::Plain([1; 32]))?.apply_tweak(&Tweak::XOnly([2; 32]))?);
    /// # Ok::<(), ptlc::musig::MusigError>(())
    /// ```
    pub fn apply_tweaks(&self, tweaks: &[Tweak]) -> Result<Self, MusigError> {
        tweaks.iter().try_fold(*self, |ctx, t| ctx.apply_tweak(t))
    }

    /// The BIP-341 Taproot output key tweak: an x-only tweak by
    /// `t = hash_TapTweak(x(Q) ‖ merkle_root)` (no script tree: `merkle_root`
    /// `None`, as for a Taproot channel's funding output).
    ///
    /// ```
    /// use ptlc::musig::key_agg::KeyAggContext;
    /// use ptlc::secp256k1::Keypair;
    /// let pk = Keypair::from_secret_bytes([1; 32]).expect("key").public_key().serialize();
    /// let ctx = KeyAggContext::new(&[pk])?;
    /// let out = ctx.taproot_tweak(None)?;
    /// // The same as the secp256k1 crate's Taproot tweak of the internal key.
    /// let internal = ctx.x_only_public_key();
    /// let t = ptlc::musig::key_agg::taproot_tweak_scalar(&internal, None)?;
    /// let (expected, _) = internal.add_tweak(&t).expect("tweak");
    /// assert_eq!(out.x_only_public_key(), expected);
    /// # Ok::<(), ptlc::musig::MusigError>(())
    /// ```
    pub fn taproot_tweak(&self, merkle_root: Option<&[u8; 32]>) -> Result<Self, MusigError> {
        let t = taproot_tweak_scalar(&self.x_only_public_key(), merkle_root)?;
        self.apply_tweak(&Tweak::XOnly(t.to_be_bytes()))
    }

    /// BIP-327 GetPlainPubkey: the aggregate (possibly tweaked) point `Q`.
    ///
    /// ```
    /// # use ptlc::musig::key_agg::KeyAggContext;
    /// # let pk = ptlc::secp256k1::Keypair::from_secret_bytes([1; 32]).expect("key").public_key().serialize();
    /// let ctx = KeyAggContext::new(&[pk])?;
    /// assert_eq!(ctx.aggregate_key().x_only_public_key().0, ctx.x_only_public_key());
    /// # Ok::<(), ptlc::musig::MusigError>(())
    /// ```
    pub fn aggregate_key(&self) -> PublicKey {
        self.q
    }

    /// BIP-327 GetXonlyPubkey: the x-only aggregate key BIP-340 signatures of
    /// the group verify under.
    ///
    /// ```
    /// # use ptlc::musig::key_agg::KeyAggContext;
    /// # let pk = ptlc::secp256k1::Keypair::from_secret_bytes([1; 32]).expect("key").public_key().serialize();
    /// let ctx = KeyAggContext::new(&[pk])?;
    /// assert_eq!(ctx.x_only_public_key().to_byte_array().len(), 32);
    /// # Ok::<(), ptlc::musig::MusigError>(())
    /// ```
    pub fn x_only_public_key(&self) -> XOnlyPublicKey {
        self.q.x_only_public_key().0
    }

    /// The parity accumulator `gacc`: `true` for `n − 1`, `false` for `1`.
    ///
    /// ```
    /// # use ptlc::musig::key_agg::KeyAggContext;
    /// # let pk = ptlc::secp256k1::Keypair::from_secret_bytes([1; 32]).expect("key").public_key().serialize();
    /// let ctx = KeyAggContext::new(&[pk])?;
    /// assert!(!ctx.gacc_negated());
    /// # Ok::<(), ptlc::musig::MusigError>(())
    /// ```
    pub fn gacc_negated(&self) -> bool {
        self.gacc_negated
    }

    /// The tweak accumulator `tacc`.
    ///
    /// ```
    /// # use ptlc::musig::key_agg::{KeyAggContext, Tweak};
    /// # let pk = ptlc::secp256k1::Keypair::from_secret_bytes([1; 32]).expect("key").public_key().serialize();
    /// let ctx = KeyAggContext::new(&[pk])?;
    /// assert_eq!(ctx.apply_tweak(&Tweak::Plain([3; 32]))?.tacc().to_be_bytes(), [3; 32]);
    /// # Ok::<(), ptlc::musig::MusigError>(())
    /// ```
    pub fn tacc(&self) -> Scalar {
        self.tacc
    }

    /// BIP-327 KeyAggCoeff for one of the aggregated keys. Does not check that
    /// `pk` was in the list (the context no longer holds it).
    ///
    /// ```
    /// # use ptlc::musig::key_agg::KeyAggContext;
    /// # use ptlc::secp256k1::Scalar;
    /// # let a = ptlc::secp256k1::Keypair::from_secret_bytes([1; 32]).expect("key").public_key().serialize();
    /// # let b = ptlc::secp256k1::Keypair::from_secret_bytes([2; 32]).expect("key").public_key().serialize();
    /// let ctx = KeyAggContext::new(&[a, b])?;
    /// assert_eq!(ctx.key_agg_coeff(&b), Scalar::ONE); // the second-key rule
    /// assert_ne!(ctx.key_agg_coeff(&a), Scalar::ONE);
    /// # Ok::<(), ptlc::musig::MusigError>(())
    /// ```
    pub fn key_agg_coeff(&self, pk: &[u8; 33]) -> Scalar {
        coeff(&self.keys_hash, &self.second_key, pk)
    }

    /// BIP-327's check in GetSessionKeyAggCoeff that a signer's key is in the
    /// key list: `pubkeys` must be the list this context was aggregated from
    /// (its hash must match) and contain `pk`. [`sign`](super::signing::sign)
    /// leaves this optional check to the caller, who holds the list.
    ///
    /// ```
    /// use ptlc::musig::{key_agg::KeyAggContext, MusigError};
    /// # let a = ptlc::secp256k1::Keypair::from_secret_bytes([1; 32]).expect("key").public_key().serialize();
    /// # let b = ptlc::secp256k1::Keypair::from_secret_bytes([2; 32]).expect("key").public_key().serialize();
    /// let ctx = KeyAggContext::new(&[a])?;
    /// assert_eq!(ctx.check_signer(&[a], &a), Ok(()));
    /// assert_eq!(ctx.check_signer(&[a], &b), Err(MusigError::SignerNotInKeys));
    /// assert_eq!(ctx.check_signer(&[b], &b), Err(MusigError::SignerNotInKeys));
    /// # Ok::<(), MusigError>(())
    /// ```
    pub fn check_signer(&self, pubkeys: &[[u8; 33]], pk: &[u8; 33]) -> Result<(), MusigError> {
        if hash_keys(pubkeys.iter().copied()) == self.keys_hash && pubkeys.contains(pk) {
            Ok(())
        } else {
            Err(MusigError::SignerNotInKeys)
        }
    }

    /// Whether `Q` has odd y (then `g = −1` in signing).
    pub(crate) fn q_is_odd(&self) -> bool {
        arith::x_and_parity(&self.q).1
    }

    /// `g·gacc` as a sign: whether signers negate their key.
    pub(crate) fn key_negated(&self) -> bool {
        self.q_is_odd() != self.gacc_negated
    }

    /// The 131-byte encoding (see [`KEY_AGG_CONTEXT_LEN`]), for storing a
    /// context with a channel.
    ///
    /// ```
    /// # use ptlc::musig::key_agg::KeyAggContext;
    /// # let pk = ptlc::secp256k1::Keypair::from_secret_bytes([1; 32]).expect("key").public_key().serialize();
    /// let ctx = KeyAggContext::new(&[pk])?;
    /// assert_eq!(ctx.to_bytes()[..33], ctx.aggregate_key().serialize());
    /// # Ok::<(), ptlc::musig::MusigError>(())
    /// ```
    pub fn to_bytes(&self) -> [u8; KEY_AGG_CONTEXT_LEN] {
        let mut out = [0u8; KEY_AGG_CONTEXT_LEN];
        let (q, rest) = out.split_at_mut(33);
        q.copy_from_slice(&self.q.serialize());
        let (flag, rest) = rest.split_at_mut(1);
        flag.copy_from_slice(&[u8::from(self.gacc_negated)]);
        let (tacc, rest) = rest.split_at_mut(32);
        tacc.copy_from_slice(&self.tacc.to_be_bytes());
        let (l, pk2) = rest.split_at_mut(32);
        l.copy_from_slice(&self.keys_hash);
        pk2.copy_from_slice(&self.second_key);
        out
    }

    /// Parses [`to_bytes`](Self::to_bytes)' encoding: `Q` a point, the flag 0
    /// or 1, `tacc < n`, the second key a point or 33 zero bytes.
    ///
    /// ```
    /// use ptlc::musig::{key_agg::KeyAggContext, MusigError};
    /// assert_eq!(KeyAggContext::from_bytes(&[0; 131]), Err(MusigError::InvalidKeyAggContext));
    /// ```
    pub fn from_bytes(bytes: &[u8; KEY_AGG_CONTEXT_LEN]) -> Result<Self, MusigError> {
        let bad = MusigError::InvalidKeyAggContext;
        let (q, rest) = bytes.split_at(33);
        let (flag, rest) = rest.split_at(1);
        let (tacc, rest) = rest.split_at(32);
        let (l, pk2) = rest.split_at(32);
        let q = math::cpoint(&q.try_into().map_err(|_| bad)?).ok_or(bad)?;
        let gacc_negated = match flag {
            [0] => false,
            [1] => true,
            _ => return Err(bad),
        };
        let tacc = Scalar::from_be_bytes(tacc.try_into().map_err(|_| bad)?).map_err(|_| bad)?;
        let second_key: [u8; 33] = pk2.try_into().map_err(|_| bad)?;
        if math::cpoint_ext(&second_key).is_none() {
            return Err(bad);
        }
        Ok(Self {
            q,
            gacc_negated,
            tacc,
            keys_hash: l.try_into().map_err(|_| bad)?,
            second_key,
        })
    }
}

/// The BIP-341 TapTweak scalar `int(hash_TapTweak(x(P) ‖ merkle_root))`,
/// rejected ([`MusigError::TweakOutOfRange`]) if not below n.
///
/// ```
/// # let p = ptlc::secp256k1::Keypair::from_secret_bytes([1; 32]).expect("key").x_only_public_key().0;
/// let t = ptlc::musig::key_agg::taproot_tweak_scalar(&p, Some(&[0; 32]))?;
/// assert_ne!(t, ptlc::musig::key_agg::taproot_tweak_scalar(&p, None)?);
/// # Ok::<(), ptlc::musig::MusigError>(())
/// ```
pub fn taproot_tweak_scalar(
    internal_key: &XOnlyPublicKey,
    merkle_root: Option<&[u8; 32]>,
) -> Result<Scalar, MusigError> {
    let x = internal_key.to_byte_array();
    let h = match merkle_root {
        Some(root) => arith::tagged_hash(b"TapTweak", &[&x, root]),
        None => arith::tagged_hash(b"TapTweak", &[&x]),
    };
    Scalar::from_be_bytes(h).map_err(|_| MusigError::TweakOutOfRange)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_key_rule() {
        let second = |keys: &[[u8; 33]]| second_key(keys.iter().copied());
        assert_eq!(second(&[[2; 33], [2; 33]]), [0; 33]);
        assert_eq!(second(&[[2; 33], [2; 33], [3; 33]]), [3; 33]);
        assert_eq!(second(&[[2; 33]]), [0; 33]);
        assert_eq!(second(&[]), [0; 33]);
    }

    #[test]
    fn context_encoding_rejects_bad_fields() {
        let pk = arith::tests::scalar(9).base_mul().serialize();
        let ctx = KeyAggContext::new(&[pk, pk]).unwrap();
        let good = ctx.to_bytes();
        assert_eq!(KeyAggContext::from_bytes(&good), Ok(ctx));
        for (at, v) in [(0usize, 4u8), (33, 2), (34, 0xff), (99, 5)] {
            let mut b = good;
            b[at] = v;
            if at == 34 {
                b[34..66].copy_from_slice(&[0xff; 32]);
            }
            assert_eq!(
                KeyAggContext::from_bytes(&b),
                Err(MusigError::InvalidKeyAggContext),
                "{at}"
            );
        }
    }
}
