//! Small public-value helpers the MuSig2 steps share (all variable time: they
//! only ever see public scalars and points).

use secp256k1::{PublicKey, Scalar};

use crate::arith::{self, CURVE_ORDER};

/// `a + b mod n` for public scalars.
pub(crate) fn add_public(a: &Scalar, b: &Scalar) -> Scalar {
    let (x, y) = (a.to_be_bytes(), b.to_be_bytes());
    let mut sum = [0u8; 32];
    let mut carry: u16 = 0;
    for ((s, xi), yi) in sum.iter_mut().zip(x.iter()).zip(y.iter()).rev() {
        let v = u16::from(*xi)
            .wrapping_add(u16::from(*yi))
            .wrapping_add(carry);
        *s = v.to_be_bytes()[1];
        carry = v >> 8;
    }
    // a, b < n, so a + b < 2n: subtract n once if the sum overflowed 2^256 or is >= n.
    if carry == 1 || sum >= CURVE_ORDER {
        let mut out = [0u8; 32];
        let mut borrow: u16 = 0;
        for ((o, si), ni) in out.iter_mut().zip(sum.iter()).zip(CURVE_ORDER.iter()).rev() {
            let v = u16::from(*si)
                .wrapping_sub(u16::from(*ni))
                .wrapping_sub(borrow);
            *o = v.to_be_bytes()[1];
            borrow = (v >> 8) & 1;
        }
        sum = out;
    }
    Scalar::from_be_bytes(sum).unwrap_or(Scalar::ZERO)
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
