//! Properties of payment scalars and points (SPEC.md, "Payment points and scalars"
//! and "Encodings").

use proptest::prelude::*;
use ptlc::secp256k1::constants::{CURVE_ORDER, FIELD_SIZE};
use ptlc::{PaymentPoint, PaymentScalar, PointError, ScalarError};

/// A valid scalar: 32 random bytes, retried by proptest's filter when out of range.
fn scalar_bytes() -> impl Strategy<Value = [u8; 32]> {
    any::<[u8; 32]>().prop_filter("in [1, n-1]", |b| *b != [0u8; 32] && *b < CURVE_ORDER)
}

/// Big-endian `a + b` of two 32-byte integers (wrapping at 2^256).
fn add_be(a: &[u8; 32], b: &[u8; 32]) -> [u8; 32] {
    let mut out = [0u8; 32];
    let mut carry = 0u16;
    for i in (0..32).rev() {
        let v = a[i] as u16 + b[i] as u16 + carry;
        out[i] = v as u8;
        carry = v >> 8;
    }
    out
}

/// Is `x` (big-endian, < p) the x-coordinate of a curve point? libsecp256k1's
/// own parser is the oracle: what is tested here is that our wrapper maps its
/// verdict to the right typed error.
fn on_curve(x: &[u8; 32]) -> bool {
    let mut enc = [0u8; 33];
    enc[0] = 2;
    enc[1..].copy_from_slice(x);
    ptlc::secp256k1::PublicKey::from_slice(&enc).is_ok()
}

proptest! {
    #[test]
    fn scalar_point_bytes_round_trip(b in scalar_bytes()) {
        let t = PaymentScalar::from_bytes(&b).unwrap();
        prop_assert_eq!(t.expose_secret(), &b);
        let point = t.point();
        let bytes = point.to_bytes();
        prop_assert!(bytes[0] == 2 || bytes[0] == 3);
        let parsed = PaymentPoint::from_bytes(&bytes).unwrap();
        prop_assert_eq!(parsed, point);
        prop_assert_eq!(PaymentPoint::from_slice(&bytes).unwrap(), point);
        prop_assert!(t.opens(&parsed));
        // Hex form: lowercase, 66 characters, round trips.
        let hex = point.to_string();
        prop_assert_eq!(hex.len(), 66);
        prop_assert_eq!(hex.to_lowercase(), hex.clone());
        prop_assert_eq!(hex.parse::<PaymentPoint>().unwrap(), point);
    }

    #[test]
    fn scalar_opens_only_its_own_point(a in scalar_bytes(), b in scalar_bytes()) {
        prop_assume!(a != b);
        let ta = PaymentScalar::from_bytes(&a).unwrap();
        let tb = PaymentScalar::from_bytes(&b).unwrap();
        prop_assert!(!ta.opens(&tb.point()));
        prop_assert!(ta != tb);
    }

    #[test]
    fn bad_prefixes_are_rejected(prefix in any::<u8>(), x in any::<[u8; 32]>()) {
        prop_assume!(prefix != 2 && prefix != 3);
        let mut enc = [0u8; 33];
        enc[0] = prefix;
        enc[1..].copy_from_slice(&x);
        prop_assert_eq!(PaymentPoint::from_bytes(&enc), Err(PointError::InvalidPrefix));
    }

    #[test]
    fn x_not_on_curve_is_rejected(x in any::<[u8; 32]>(), odd in any::<bool>()) {
        prop_assume!(x < FIELD_SIZE && !on_curve(&x));
        let mut enc = [0u8; 33];
        enc[0] = if odd { 3 } else { 2 };
        enc[1..].copy_from_slice(&x);
        prop_assert_eq!(PaymentPoint::from_bytes(&enc), Err(PointError::NotOnCurve));
    }

    #[test]
    fn x_at_or_above_p_is_rejected(extra in any::<[u8; 32]>(), odd in any::<bool>()) {
        // x = p + (extra mod 2^32), kept below 2^256.
        let mut small = [0u8; 32];
        small[28..].copy_from_slice(&extra[28..]);
        let x = add_be(&FIELD_SIZE, &small);
        prop_assume!(x >= FIELD_SIZE);
        let mut enc = [0u8; 33];
        enc[0] = if odd { 3 } else { 2 };
        enc[1..].copy_from_slice(&x);
        prop_assert_eq!(PaymentPoint::from_bytes(&enc), Err(PointError::NotOnCurve));
    }

    #[test]
    fn scalars_at_or_above_n_are_rejected(extra in any::<[u8; 32]>()) {
        let mut small = [0u8; 32];
        small[16..].copy_from_slice(&extra[16..]);
        let b = add_be(&CURVE_ORDER, &small);
        prop_assume!(b >= CURVE_ORDER);
        prop_assert_eq!(PaymentScalar::from_bytes(&b).unwrap_err(), ScalarError::Overflow);
    }

    #[test]
    fn wrong_lengths_are_rejected(len in 0usize..100) {
        prop_assume!(len != 33);
        let bytes = vec![2u8; len];
        prop_assert_eq!(PaymentPoint::from_slice(&bytes), Err(PointError::InvalidLength));
        if len != 32 {
            prop_assert_eq!(PaymentScalar::from_slice(&bytes).unwrap_err(), ScalarError::InvalidLength);
        }
    }

    #[test]
    fn bad_hex_is_rejected(s in "[0-9a-fA-Fxyz ]{0,70}") {
        if let Ok(p) = s.parse::<PaymentPoint>() {
            // Only a valid 66-digit encoding parses, and it prints back in lowercase.
            prop_assert_eq!(p.to_string(), s.to_lowercase());
        }
    }
}

#[test]
fn zero_and_order_are_rejected() {
    assert_eq!(
        PaymentScalar::from_bytes(&[0u8; 32]).unwrap_err(),
        ScalarError::Zero
    );
    assert_eq!(
        PaymentScalar::from_bytes(&CURVE_ORDER).unwrap_err(),
        ScalarError::Overflow
    );
    assert_eq!(
        PaymentScalar::from_bytes(&[0xff; 32]).unwrap_err(),
        ScalarError::Overflow
    );
    let mut n_minus_1 = CURVE_ORDER;
    n_minus_1[31] -= 1;
    assert!(PaymentScalar::from_bytes(&n_minus_1).is_ok());
}

#[test]
fn random_scalars_differ_and_open_their_points() {
    let mut rng = rand_core::UnwrapErr(rand_core::OsRng);
    let a = PaymentScalar::random(&mut rng).unwrap();
    let b = PaymentScalar::random(&mut rng).unwrap();
    assert!(a != b);
    assert!(a.opens(&a.point()));
}

#[cfg(feature = "serde")]
#[test]
fn serde_uses_the_hex_string() {
    let t = PaymentScalar::from_bytes(&[7u8; 32]).unwrap();
    let json = serde_json::to_string(&t.point()).unwrap();
    assert_eq!(json, format!("\"{}\"", t.point()));
    let back: PaymentPoint = serde_json::from_str(&json).unwrap();
    assert_eq!(back, t.point());
    assert!(serde_json::from_str::<PaymentPoint>("\"04\"").is_err());
    assert!(serde_json::from_str::<PaymentPoint>("[2, 3]").is_err());
}

/// An RNG stuck at zero: every draw is 0.
struct ZeroRng;

impl ptlc::rand_core::RngCore for ZeroRng {
    fn next_u32(&mut self) -> u32 {
        0
    }
    fn next_u64(&mut self) -> u64 {
        0
    }
    fn fill_bytes(&mut self, dst: &mut [u8]) {
        dst.fill(0);
    }
}

impl ptlc::rand_core::CryptoRng for ZeroRng {}

/// A stuck RNG gives a typed error after a bounded number of draws, not a
/// hang: for payment scalars and for route tweaks.
#[test]
fn a_stuck_rng_is_an_error_not_a_hang() {
    assert_eq!(
        PaymentScalar::random(&mut ZeroRng).unwrap_err(),
        ptlc::ScalarError::RngFailure
    );
    let t = PaymentScalar::from_bytes(&[5; 32]).unwrap();
    let mut payer = ptlc::RoutePayer::new(t.point());
    assert_eq!(
        payer.add_upstream_hop(&mut ZeroRng).unwrap_err(),
        ptlc::RouteError::RngFailure
    );
    assert_eq!(
        ptlc::decorrelate_route(&t.point(), 2, &mut ZeroRng).unwrap_err(),
        ptlc::RouteError::RngFailure
    );
}
