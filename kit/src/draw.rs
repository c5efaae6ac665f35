//! Random inputs and mutations for `gen`.

use ptlc::secp256k1::constants::{CURVE_ORDER, FIELD_SIZE};
use ptlc::secp256k1::{Keypair, SecretKey};
use ptlc::{HopTweak, PaymentPoint, PaymentScalar};

use crate::case::Rng;

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
