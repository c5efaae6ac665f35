//! Small public-value helpers the MuSig2 steps share (all variable time: they
//! only ever see public scalars and points).

use secp256k1::{PublicKey, Scalar};

use crate::arith::{self, CURVE_ORDER};

/// `a + b mod n` for public scalars.
pub(crate) fn add_public(a: &Scalar, b: &Scalar) -> Scalar {
    from_limbs(&add_limbs(
        &limbs(&a.to_be_bytes()),
        &limbs(&b.to_be_bytes()),
    ))
}

/// Public scalars as little-endian 64-bit limbs, for sums of many terms
/// (PartialSigAgg) without a conversion per term.
pub(crate) type Limbs = [u64; 4];

/// `x - n` with its borrow (the borrow is set iff `x < n`).
fn sub_n(x: &Limbs) -> (Limbs, bool) {
    let n = limbs(&CURVE_ORDER);
    let mut diff = [0u64; 4];
    let mut borrow = false;
    for ((d, xi), ni) in diff.iter_mut().zip(x).zip(n) {
        let (v, b1) = xi.overflowing_sub(ni);
        let (v, b2) = v.overflowing_sub(u64::from(borrow));
        *d = v;
        borrow = b1 || b2;
    }
    (diff, borrow)
}

/// Whether limbs hold a value below n.
pub(crate) fn below_n(x: &Limbs) -> bool {
    sub_n(x).1
}

/// `a + b mod n` for `a, b < n`.
pub(crate) fn add_limbs(a: &Limbs, b: &Limbs) -> Limbs {
    let mut sum = [0u64; 4];
    let mut carry = false;
    for ((s, xi), yi) in sum.iter_mut().zip(a).zip(b) {
        let (v, c1) = xi.overflowing_add(*yi);
        let (v, c2) = v.overflowing_add(u64::from(carry));
        *s = v;
        carry = c1 || c2;
    }
    // a + b < 2n: subtract n once if the sum overflowed 2^256 or is >= n.
    let (diff, borrow) = sub_n(&sum);
    if carry || !borrow {
        diff
    } else {
        sum
    }
}

/// Big-endian bytes to little-endian 64-bit limbs.
pub(crate) fn limbs(b: &[u8; 32]) -> Limbs {
    let mut out = [0u64; 4];
    for (o, chunk) in out.iter_mut().rev().zip(b.chunks_exact(8)) {
        let mut w = [0u8; 8];
        w.copy_from_slice(chunk);
        *o = u64::from_be_bytes(w);
    }
    out
}

/// Limbs (a value below n) back to big-endian bytes.
pub(crate) fn limb_bytes(x: &Limbs) -> [u8; 32] {
    let mut bytes = [0u8; 32];
    for (chunk, limb) in bytes.chunks_exact_mut(8).zip(x.iter().rev()) {
        chunk.copy_from_slice(&limb.to_be_bytes());
    }
    bytes
}

fn from_limbs(x: &Limbs) -> Scalar {
    Scalar::from_be_bytes(limb_bytes(x)).unwrap_or(Scalar::ZERO)
}

/// `a · b mod n` for public scalars.
pub(crate) fn mul_public(a: &Scalar, b: &Scalar) -> Scalar {
    arith::mul_mod_n_public(a, b)
}

/// `-a mod n`, or `a` itself when `negate` is false.
pub(crate) fn cond_negate(a: &Scalar, negate: bool) -> Scalar {
    if negate {
        arith::negate_public_scalar(a)
    } else {
        *a
    }
}

/// A hash as a public scalar, `int(h) mod n`.
pub(crate) fn scalar_from_hash(h: &[u8; 32]) -> Scalar {
    arith::public_scalar_from_hash(h)
}

/// `P + Q` with `None` standing for the point at infinity.
pub(crate) fn add_ext(p: Option<PublicKey>, q: Option<PublicKey>) -> Option<PublicKey> {
    match (p, q) {
        (Some(a), Some(b)) => arith::point_add(&a, &b),
        (a, None) => a,
        (None, b) => b,
    }
}

/// `a·P` with `None` for infinity (`a = 0` or `P` at infinity).
pub(crate) fn mul_ext(p: Option<PublicKey>, a: &Scalar) -> Option<PublicKey> {
    p.and_then(|p| arith::point_mul_public(&p, a))
}

/// BIP-327's `cbytes_ext`: the compressed point, or 33 zero bytes for infinity.
pub(crate) fn cbytes_ext(p: &Option<PublicKey>) -> [u8; 33] {
    p.map_or([0u8; 33], |p| p.serialize())
}

/// BIP-327's `cpoint`: a compressed point with prefix 2 or 3.
pub(crate) fn cpoint(bytes: &[u8; 33]) -> Option<PublicKey> {
    if bytes[0] != 0x02 && bytes[0] != 0x03 {
        return None;
    }
    PublicKey::from_byte_array_compressed(*bytes).ok()
}

/// BIP-327's `cpoint_ext`: 33 zero bytes are infinity (`Some(None)`).
pub(crate) fn cpoint_ext(bytes: &[u8; 33]) -> Option<Option<PublicKey>> {
    if *bytes == [0u8; 33] {
        Some(None)
    } else {
        cpoint(bytes).map(Some)
    }
}

/// Splits 66 bytes into two 33-byte halves.
pub(crate) fn halves(bytes: &[u8; 66]) -> ([u8; 33], [u8; 33]) {
    let mut a = [0u8; 33];
    let mut b = [0u8; 33];
    let (x, y) = bytes.split_at(33);
    a.copy_from_slice(x);
    b.copy_from_slice(y);
    (a, b)
}

/// Joins two 33-byte halves.
pub(crate) fn join(a: &[u8; 33], b: &[u8; 33]) -> [u8; 66] {
    let mut out = [0u8; 66];
    let (x, y) = out.split_at_mut(33);
    x.copy_from_slice(a);
    y.copy_from_slice(b);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn add_public_wraps_at_n() {
        let mut n1 = CURVE_ORDER;
        n1[31] -= 1;
        let minus_one = Scalar::from_be_bytes(n1).unwrap();
        assert_eq!(add_public(&minus_one, &Scalar::ONE), Scalar::ZERO);
        let two = add_public(&Scalar::ONE, &Scalar::ONE);
        assert_eq!(two.to_be_bytes()[31], 2);
        assert_eq!(add_public(&minus_one, &two), Scalar::ONE);
        assert_eq!(
            add_public(&Scalar::MAX, &Scalar::MAX),
            add_public(&minus_one, &Scalar::MAX)
        );
    }
}
