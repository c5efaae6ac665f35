//! Random inputs and mutations for `gen`.

use ptlc::secp256k1::constants::{CURVE_ORDER, FIELD_SIZE};
use ptlc::secp256k1::{Keypair, SecretKey};
use ptlc::{HopTweak, PaymentPoint, PaymentScalar};

use crate::case::Rng;

/// A change `gen` makes to an encoding (a pre-signature, a signature, a blob
/// frame...), at byte offsets; `apply` makes them in order.
pub enum Edit {
    /// Flips one random bit in `bytes[start..end]`.
    Flip(usize, usize),
    /// Flips one random bit in `bytes[start..len - tail]`.
    FlipInner {
        /// First byte that may change.
        start: usize,
        /// Bytes at the end that stay.
        tail: usize,
    },
    /// Flips one random bit in the last this many bytes.
    FlipTail(usize),
    /// XORs the byte at this offset with 1 (a compressed point's parity).
    Parity(usize),
    /// Sets the byte at this offset to one that is neither 02 nor 03.
    BadPrefix(usize),
    /// Sets the byte at this offset to any other value.
    Other(usize),
    /// Writes at this offset an x-coordinate below p that no point has.
    OffCurveX(usize),
    /// Writes at this offset 32 bytes that are p or above.
    AtLeastP(usize),
    /// Writes at this offset 32 bytes that are n or above.
    AtLeastN(usize),
    /// Writes these bytes at this offset.
    Put(usize, &'static [u8]),
    /// Cuts the encoding short or makes it longer.
    Resize,
    /// Cuts the encoding to a random length from 1 to one byte short.
    Truncate,
    /// Appends 1 to 15 zero bytes.
    Append,
    /// Empties the encoding.
    Clear,
}

/// `bytes` with `edits` made (an offset past the end changes nothing).
pub fn apply(bytes: &[u8], edits: &[Edit], rng: &mut Rng) -> Vec<u8> {
    let mut b = bytes.to_vec();
    for edit in edits {
        let len = b.len();
        match *edit {
            Edit::Flip(start, end) => flip_bit(&mut b, start..end.min(len), rng),
            Edit::FlipInner { start, tail } => {
                flip_bit(&mut b, start..len.saturating_sub(tail), rng)
            }
            Edit::FlipTail(n) => flip_bit(&mut b, len.saturating_sub(n)..len, rng),
            Edit::Parity(at) => b.get_mut(at).iter_mut().for_each(|x| **x ^= 1),
            Edit::BadPrefix(at) => put(&mut b, at, &[bad_prefix(rng)]),
            Edit::Other(at) => {
                let old = b.get(at).copied().unwrap_or(0);
                put(&mut b, at, &[old ^ byte(rng).max(1)]);
            }
            Edit::OffCurveX(at) => put(&mut b, at, &off_curve_x(rng)),
            Edit::AtLeastP(at) => put(&mut b, at, &at_least_p(rng)),
            Edit::AtLeastN(at) => put(&mut b, at, &at_least_n(rng)),
            Edit::Put(at, value) => put(&mut b, at, value),
            Edit::Resize => b = resize(&b, rng),
            Edit::Truncate => b.truncate(rng.below(len).max(1)),
            Edit::Append => b.resize(len.saturating_add(rng.below(15)).saturating_add(1), 0),
            Edit::Clear => b.clear(),
        }
    }
    b
}

/// Writes `value` over `bytes[at..]`, as far as `bytes` goes.
fn put(bytes: &mut [u8], at: usize, value: &[u8]) {
    if let Some(dst) = bytes.get_mut(at..) {
        dst.iter_mut().zip(value).for_each(|(d, v)| *d = *v);
    }
}

/// Random bytes that are a valid secret scalar (in `[1, n-1]`).
pub fn secret(rng: &mut Rng) -> [u8; 32] {
    loop {
        let b = rng.bytes::<32>();
        if SecretKey::from_secret_bytes(b).is_ok() {
            return b;
        }
    }
}

/// A random payment scalar.
pub fn scalar(rng: &mut Rng) -> PaymentScalar {
    loop {
        if let Ok(t) = PaymentScalar::from_bytes(&secret(rng)) {
            return t;
        }
    }
}

/// A random route tweak.
pub fn tweak(rng: &mut Rng) -> HopTweak {
    loop {
        if let Ok(y) = HopTweak::from_bytes(&secret(rng)) {
            return y;
        }
    }
}

/// A random key pair.
pub fn keypair(rng: &mut Rng) -> Keypair {
    loop {
        if let Ok(k) = Keypair::from_secret_bytes(secret(rng)) {
            return k;
        }
    }
}

/// Flips one random bit of `bytes[range]`.
pub fn flip_bit(bytes: &mut [u8], range: core::ops::Range<usize>, rng: &mut Rng) {
    let at = range.start.saturating_add(rng.below(range.len()));
    if let Some(b) = bytes.get_mut(at) {
        *b ^= 1 << rng.below(8);
    }
}

/// 32 bytes that are `n` or above: `n` itself one time in four.
pub fn at_least_n(rng: &mut Rng) -> [u8; 32] {
    if rng.below(4) == 0 {
        return CURVE_ORDER;
    }
    let mut b = rng.bytes::<32>();
    // The first 16 bytes of n are ff..fe, so 16 bytes of ff are above it.
    b.iter_mut().take(16).for_each(|x| *x = 0xff);
    b
}

/// 32 bytes that are `p` or above: `p` itself one time in four.
pub fn at_least_p(rng: &mut Rng) -> [u8; 32] {
    if rng.below(4) == 0 {
        return FIELD_SIZE;
    }
    let mut b = rng.bytes::<32>();
    // p is ff..ff fffffc2f: 31 bytes of ff are above it.
    b.iter_mut().take(31).for_each(|x| *x = 0xff);
    b
}

/// A random x-coordinate below `p` that no curve point has.
pub fn off_curve_x(rng: &mut Rng) -> [u8; 32] {
    loop {
        let x = rng.bytes::<32>();
        let mut enc = [2u8; 33];
        if let Some(tail) = enc.get_mut(1..) {
            tail.copy_from_slice(&x);
        }
        if x < FIELD_SIZE && PaymentPoint::from_bytes(&enc).is_err() {
            return x;
        }
    }
}

/// `bytes` cut short or made longer (random bytes added) by a random amount.
pub fn resize(bytes: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut out = bytes.to_vec();
    if rng.below(2) == 0 && !out.is_empty() {
        out.truncate(rng.below(out.len()));
    } else {
        let extra = rng.below(8).saturating_add(1);
        out.extend((0..extra).map(|_| byte(rng)));
    }
    out
}

/// A random byte.
pub fn byte(rng: &mut Rng) -> u8 {
    let [b] = rng.bytes::<1>();
    b
}

/// A random prefix byte that is neither `02` nor `03`.
pub fn bad_prefix(rng: &mut Rng) -> u8 {
    loop {
        let [b] = rng.bytes::<1>();
        if b != 2 && b != 3 {
            return b;
        }
    }
}
