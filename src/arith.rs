//! Group and scalar arithmetic over libsecp256k1, the one place the crate does
//! curve maths.
//!
//! Every operation on a [`SecretScalar`] goes through libsecp256k1's
//! constant-time scalar and point routines (`secp256k1_ec_seckey_*`,
//! `secp256k1_ec_pubkey_create`, `secp256k1_ec_pubkey_tweak_mul`) or through
//! branch-free code written here with `subtle`. Public values (`Scalar`,
//! `PublicKey`) may take variable-time paths.
//!
//! The few places where libsecp256k1 reports "the result is zero" are the only
//! data-dependent branches: a zero result happens with negligible probability
//! for honest inputs, and the error is what the caller sees anyway.

// Some helpers serve modules that are not built in every configuration.
#![allow(dead_code)]

use secp256k1::{PublicKey, Scalar, SecretKey, XOnlyPublicKey};
use sha2::{Digest, Sha256};
use subtle::{Choice, ConditionallySelectable, ConstantTimeEq};
use zeroize::{Zeroize, ZeroizeOnDrop};

/// The group order n, big-endian.
pub(crate) const CURVE_ORDER: [u8; 32] = secp256k1::constants::CURVE_ORDER;

/// A secret scalar in `[1, n-1]`, stored big-endian and wiped on drop.
///
/// This is the internal building block of every secret newtype
/// (`PaymentScalar`, nonces, hop tweaks). It is deliberately not `Copy`.
#[derive(Clone)]
pub(crate) struct SecretScalar([u8; 32]);

impl Drop for SecretScalar {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl ZeroizeOnDrop for SecretScalar {}

impl SecretScalar {
    /// Parses 32 big-endian bytes; `None` for 0 or values `>= n`.
    ///
    /// The range check is libsecp256k1's constant-time `seckey_verify`; only
    /// its verdict is branched on.
    pub(crate) fn from_bytes(bytes: &[u8; 32]) -> Option<Self> {
        SecretKey::from_secret_bytes(*bytes)
            .ok()
            .map(|sk| Self::from_secret_key(&sk))
    }

    /// Interprets a 32-byte hash as an integer and reduces it modulo n in
    /// constant time (BIP340's `int(hash) mod n`). `None` only if the result is 0.
    pub(crate) fn from_hash_reduced(hash: &[u8; 32]) -> Option<Self> {
        let mut reduced = reduce_mod_n(hash);
        let out = Self::from_bytes(&reduced);
        reduced.zeroize();
        out
    }

    /// Takes the value of a libsecp256k1 secret key.
    pub(crate) fn from_secret_key(sk: &SecretKey) -> Self {
        Self(sk.to_secret_bytes())
    }

    /// A libsecp256k1 `SecretKey` with the same value. The caller should
    /// `non_secure_erase` it when done; `SecretKey` is `Copy` and cannot zeroize.
    pub(crate) fn to_secret_key(&self) -> SecretKey {
        // Invariant: `self.0` is in [1, n-1], so this never fails. Written without
        // unwrap: the fallback path is unreachable and still returns a valid key.
        match SecretKey::from_secret_bytes(self.0) {
            Ok(sk) => sk,
            Err(_) => unreachable_secret_key(),
        }
    }

    /// The secret bytes, big-endian.
    pub(crate) fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// `self·G`, the public point.
    pub(crate) fn base_mul(&self) -> PublicKey {
        let mut sk = self.to_secret_key();
        let mut p = PublicKey::from_secret_key(&sk);
        sk.non_secure_erase();
        // `self·G` is public in every protocol here (payment points, nonce
        // points, hop points); variable-time point code may follow.
        crate::ctime_hooks::declassify(&mut p);
        p
    }

    /// `self + other mod n`; `None` if the sum is 0.
    pub(crate) fn add(&self, other: &SecretScalar) -> Option<SecretScalar> {
        let mut tweak = other.to_tweak();
        let out = self.add_scalar(&tweak);
        tweak.non_secure_erase();
        out
    }

    /// `self + other mod n` for a public scalar; `None` if the sum is 0.
    pub(crate) fn add_public(&self, other: &Scalar) -> Option<SecretScalar> {
        self.add_scalar(other)
    }

    fn add_scalar(&self, tweak: &Scalar) -> Option<SecretScalar> {
        let mut sk = self.to_secret_key();
        let out = sk.add_tweak(tweak).ok().map(|s| Self::from_secret_key(&s));
        sk.non_secure_erase();
        out
    }

    /// The value as a libsecp256k1 tweak, without a variable-time range check:
    /// `Scalar::from_be_bytes` compares with n through `memcmp`, which
    /// branches on the secret (found by the valgrind check, ci/ctime/).
    fn to_tweak(&self) -> Scalar {
        let mut sk = self.to_secret_key();
        let tweak = Scalar::from(sk);
        sk.non_secure_erase();
        tweak
    }

    /// `-self mod n`.
    pub(crate) fn negate(&self) -> SecretScalar {
        let mut sk = self.to_secret_key();
        let out = Self::from_secret_key(&sk.negate());
        sk.non_secure_erase();
        out
    }

    /// Negates `self` in place when `choice` is set, without branching on it.
    pub(crate) fn conditional_negate(&mut self, choice: Choice) {
        let negated = self.negate();
        for (a, b) in self.0.iter_mut().zip(negated.0.iter()) {
            a.conditional_assign(b, choice);
        }
    }

    /// `self · other mod n` (never 0: n is prime and both are non-zero).
    pub(crate) fn mul(&self, other: &SecretScalar) -> Option<SecretScalar> {
        let mut tweak = other.to_tweak();
        let out = self.mul_scalar(&tweak);
        tweak.non_secure_erase();
        out
    }

    /// `self · other mod n` for a public scalar; `None` if `other` is 0.
    pub(crate) fn mul_public(&self, other: &Scalar) -> Option<SecretScalar> {
        self.mul_scalar(other)
    }

    fn mul_scalar(&self, tweak: &Scalar) -> Option<SecretScalar> {
        let mut sk = self.to_secret_key();
        let out = sk.mul_tweak(tweak).ok().map(|s| Self::from_secret_key(&s));
        sk.non_secure_erase();
        out
    }

    /// Constant-time equality.
    pub(crate) fn ct_eq(&self, other: &SecretScalar) -> Choice {
        self.0.ct_eq(&other.0)
    }
}

#[cold]
fn unreachable_secret_key() -> SecretKey {
    // 1 is a valid secret key; this path cannot be reached from a SecretScalar.
    let mut one = [0u8; 32];
    one[31] = 1;
    match SecretKey::from_secret_bytes(one) {
        Ok(sk) => sk,
        Err(_) => unreachable_secret_key(),
    }
}

/// Reduces a 256-bit big-endian integer modulo n in constant time.
///
/// Since n > 2^255, one conditional subtraction is enough.
pub(crate) fn reduce_mod_n(x: &[u8; 32]) -> [u8; 32] {
    let mut diff = [0u8; 32];
    let mut borrow: u16 = 0;
    for ((d, xi), ni) in diff.iter_mut().zip(x.iter()).zip(CURVE_ORDER.iter()).rev() {
        let v = u16::from(*xi)
            .wrapping_sub(u16::from(*ni))
            .wrapping_sub(borrow);
        *d = v.to_be_bytes()[1];
        borrow = (v >> 8) & 1;
    }
    // borrow == 1 means x < n: keep x; otherwise take x - n.
    let keep = Choice::from(u8::from(borrow == 1));
    let mut out = [0u8; 32];
    for ((o, d), xi) in out.iter_mut().zip(diff.iter()).zip(x.iter()) {
        *o = u8::conditional_select(d, xi, keep);
    }
    diff.zeroize();
    out
}

/// Public scalar from a hash, reduced mod n (variable time is fine: public).
pub(crate) fn public_scalar_from_hash(hash: &[u8; 32]) -> Scalar {
    let reduced = reduce_mod_n(hash);
    match Scalar::from_be_bytes(reduced) {
        Ok(s) => s,
        Err(_) => Scalar::ZERO,
    }
}

/// `a + b`; `None` at infinity.
pub(crate) fn point_add(a: &PublicKey, b: &PublicKey) -> Option<PublicKey> {
    a.combine(b).ok()
}

/// `-a`.
pub(crate) fn point_negate(a: &PublicKey) -> PublicKey {
    a.negate()
}

/// `k·P` for a secret `k` (libsecp256k1's constant-time `ecmult_const`).
pub(crate) fn point_mul_secret(p: &PublicKey, k: &SecretScalar) -> PublicKey {
    // `to_tweak`, not `Scalar::from_be_bytes`: no variable-time range check.
    let mut tweak = k.to_tweak();
    let out = match p.mul_tweak(&tweak) {
        Ok(q) => q,
        Err(_) => *p, // unreachable: k != 0 and P has prime order
    };
    tweak.non_secure_erase();
    out
}

/// `a·P` for a public `a`; `None` if `a` is 0.
pub(crate) fn point_mul_public(p: &PublicKey, a: &Scalar) -> Option<PublicKey> {
    p.mul_tweak(a).ok()
}

/// `a·G` for a public `a`; `None` if `a` is 0.
pub(crate) fn base_mul_public(a: &Scalar) -> Option<PublicKey> {
    let sk = SecretKey::from_secret_bytes(a.to_be_bytes()).ok()?;
    Some(PublicKey::from_secret_key(&sk))
}

/// `a·P + b·G` for public `a`, `b` and `P` in one multi-scalar multiplication;
/// `None` if the result is the point at infinity.
///
/// libsecp256k1 exports no double-scalar multiplication, but ECDSA public-key
/// recovery computes `Q = r⁻¹·(s·R − z·G)` with Strauss' algorithm. Taking
/// `R = P` (so `r = x(P) mod n` and the recovery id carries P's parity),
/// `s = a·r` and `z = −b·r` gives `Q = a·P + b·G`. Degenerate inputs (`a` or `b`
/// zero, `x(P) >= n`) take the plain two-multiplication path. Variable time:
/// never pass a secret here.
pub(crate) fn double_mul_public(a: &Scalar, p: &PublicKey, b: &Scalar) -> Option<PublicKey> {
    if *b == Scalar::ZERO {
        return point_mul_public(p, a);
    }
    if *a == Scalar::ZERO {
        return base_mul_public(b);
    }
    match double_mul_by_recovery(a, p, b) {
        Some(q) => Some(q),
        None => point_add(&point_mul_public(p, a)?, &base_mul_public(b)?),
    }
}

/// The recovery route of [`double_mul_public`]; `None` when it does not apply
/// (`x(P) >= n`, probability about 2⁻¹²⁸) or the result is infinity.
fn double_mul_by_recovery(a: &Scalar, p: &PublicKey, b: &Scalar) -> Option<PublicKey> {
    use secp256k1::ecdsa::{RecoverableSignature, RecoveryId};
    let ser = p.serialize();
    let (prefix, x) = ser.split_first()?;
    let r = Scalar::from_be_bytes(<[u8; 32]>::try_from(x).ok()?).ok()?;
    let r_sk = SecretKey::from_secret_bytes(r.to_be_bytes()).ok()?;
    let s = SecretKey::from_secret_bytes(a.to_be_bytes())
        .ok()?
        .mul_tweak(&r)
        .ok()?;
    let z = SecretKey::from_secret_bytes(b.to_be_bytes())
        .ok()?
        .mul_tweak(&r)
        .ok()?
        .negate();
    let mut compact = [0u8; 64];
    let (r_half, s_half) = compact.split_at_mut(32);
    r_half.copy_from_slice(&r_sk.to_secret_bytes());
    s_half.copy_from_slice(&s.to_secret_bytes());
    let recid = RecoveryId::from_u8_masked(prefix & 1);
    let sig = RecoverableSignature::from_compact(&compact, recid).ok()?;
    sig.recover(secp256k1::Message::from_digest(z.to_secret_bytes()))
        .ok()
}

/// The point with x-coordinate `x` and even y (BIP340 `lift_x`).
pub(crate) fn lift_x(x: &XOnlyPublicKey) -> PublicKey {
    x.public_key(secp256k1::Parity::Even)
}

/// BIP340 tagged hash: `SHA256(SHA256(tag) || SHA256(tag) || parts...)`.
pub(crate) fn tagged_hash(tag: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    let tag_hash = Sha256::digest(tag);
    let mut h = Sha256::new();
    h.update(tag_hash);
    h.update(tag_hash);
    for p in parts {
        h.update(p);
    }
    h.finalize().into()
}

/// XORs two 32-byte strings (used to mask a secret key with a hash of aux data).
pub(crate) fn xor32(a: &[u8; 32], b: &[u8; 32]) -> [u8; 32] {
    let mut out = [0u8; 32];
    for ((o, x), y) in out.iter_mut().zip(a.iter()).zip(b.iter()) {
        *o = x ^ y;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scalar(v: u8) -> SecretScalar {
        let mut b = [0u8; 32];
        b[31] = v;
        SecretScalar::from_bytes(&b).unwrap()
    }

    #[test]
    fn double_mul_matches_two_multiplications() {
        let p = scalar(7).base_mul();
        for seed in 1u8..40 {
            let a = public_scalar_from_hash(&tagged_hash(b"a", &[&[seed]]));
            let b = public_scalar_from_hash(&tagged_hash(b"b", &[&[seed]]));
            let q = point_mul_public(&scalar(seed).base_mul(), &a).unwrap();
            let naive = point_add(
                &point_mul_public(&q, &a).unwrap(),
                &base_mul_public(&b).unwrap(),
            );
            assert_eq!(double_mul_public(&a, &q, &b), naive);
        }
        // Zero coefficients and a result at infinity.
        let one = Scalar::ONE;
        assert_eq!(
            double_mul_public(&Scalar::ZERO, &p, &one),
            base_mul_public(&one)
        );
        assert_eq!(double_mul_public(&one, &p, &Scalar::ZERO), Some(p));
        let minus_seven = Scalar::from_be_bytes(*scalar(7).negate().as_bytes()).unwrap();
        assert_eq!(double_mul_public(&one, &p, &minus_seven), None);
    }

    #[test]
    fn reduce_below_and_above_n() {
        let mut x = CURVE_ORDER;
        assert_eq!(reduce_mod_n(&x), [0u8; 32]);
        x[31] += 5;
        let mut five = [0u8; 32];
        five[31] = 5;
        assert_eq!(reduce_mod_n(&x), five);
        assert_eq!(reduce_mod_n(&five), five);
        let ff = [0xffu8; 32];
        let r = reduce_mod_n(&ff);
        // 2^256 - 1 - n
        assert_eq!(r[0..15], [0u8; 15]);
        assert_eq!(r[15], 1);
    }

    #[test]
    fn scalar_ops() {
        let a = scalar(3);
        let b = scalar(4);
        assert_eq!(a.add(&b).unwrap().as_bytes()[31], 7);
        assert_eq!(a.mul(&b).unwrap().as_bytes()[31], 12);
        assert!(a.add(&a.negate()).is_none());
        let mut c = scalar(3);
        c.conditional_negate(Choice::from(1));
        assert!(bool::from(c.ct_eq(&a.negate())));
        c.conditional_negate(Choice::from(0));
        assert!(bool::from(c.ct_eq(&a.negate())));
        assert!(SecretScalar::from_bytes(&[0u8; 32]).is_none());
        assert!(SecretScalar::from_bytes(&CURVE_ORDER).is_none());
        assert!(SecretScalar::from_hash_reduced(&CURVE_ORDER).is_none());
    }

    #[test]
    fn point_ops() {
        let a = scalar(3);
        let b = scalar(4);
        let p = point_add(&a.base_mul(), &b.base_mul()).unwrap();
        assert_eq!(p, scalar(7).base_mul());
        assert_eq!(point_mul_secret(&a.base_mul(), &b), scalar(12).base_mul());
        let four = Scalar::from_be_bytes(*b.as_bytes()).unwrap();
        assert_eq!(
            point_mul_public(&a.base_mul(), &four).unwrap(),
            scalar(12).base_mul()
        );
        assert_eq!(base_mul_public(&four).unwrap(), b.base_mul());
        assert!(base_mul_public(&Scalar::ZERO).is_none());
        assert!(point_add(&a.base_mul(), &point_negate(&a.base_mul())).is_none());
    }

    #[test]
    fn tagged_hash_matches_bip340_construction() {
        let direct = {
            let t = Sha256::digest(b"BIP0340/challenge");
            let mut h = Sha256::new();
            h.update(t);
            h.update(t);
            h.update(b"abc");
            let out: [u8; 32] = h.finalize().into();
            out
        };
        assert_eq!(tagged_hash(b"BIP0340/challenge", &[b"a", b"bc"]), direct);
    }
}
