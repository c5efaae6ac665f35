//! Writes / checks test-vectors/payment.json: scalar and point encodings and
//! decorrelated routes (SPEC.md, "Encodings", "Payment points and scalars",
//! "Route decorrelation").

mod common;

use common::vector_fields::{point_error, route_error, scalar_error};
use common::{check_or_regenerate, det_bytes, hex};
use ptlc::secp256k1::constants::{CURVE_ORDER, FIELD_SIZE};
use ptlc::{upstream_scalar, HopTweak, PaymentPoint, PaymentScalar, RoutePayer};
use serde_json::{json, Value};

fn scalar_case(bytes: &[u8], comment: &str) -> Value {
    match PaymentScalar::from_slice(bytes) {
        Ok(t) => {
            json!({"scalar": hex(bytes), "point": hex(&t.point().to_bytes()), "comment": comment})
        }
        Err(e) => json!({"scalar": hex(bytes), "error": scalar_error(e), "comment": comment}),
    }
}

fn point_case(bytes: &[u8], comment: &str) -> Value {
    match PaymentPoint::from_slice(bytes) {
        Ok(_) => json!({"encoding": hex(bytes), "valid": true, "comment": comment}),
        Err(e) => {
            json!({"encoding": hex(bytes), "valid": false, "error": point_error(e), "comment": comment})
        }
    }
}

fn scalars() -> Vec<Value> {
    let mut one = [0u8; 32];
    one[31] = 1;
    let mut n_minus_1 = CURVE_ORDER;
    n_minus_1[31] -= 1;
    vec![
        scalar_case(&one, "smallest scalar, T = G"),
        scalar_case(&n_minus_1, "largest scalar, T = -G"),
        scalar_case(&det_bytes("ptlc/vectors/scalar", 0), "random"),
        scalar_case(&det_bytes("ptlc/vectors/scalar", 1), "random"),
        scalar_case(&[0u8; 32], "zero"),
        scalar_case(&CURVE_ORDER, "n"),
        scalar_case(&[0xff; 32], "2^256 - 1"),
        scalar_case(&one[1..], "31 bytes"),
        scalar_case(&[1u8; 33], "33 bytes"),
    ]
}

fn points() -> Vec<Value> {
    let t = PaymentScalar::from_bytes(&det_bytes("ptlc/vectors/scalar", 0)).unwrap();
    let good = t.point().to_bytes();
    let mut wrong_prefix = good;
    wrong_prefix[0] = 0x04;
    let mut zero_prefix = good;
    zero_prefix[0] = 0x00;
    let mut flipped_parity = good;
    flipped_parity[0] ^= 1;
    let mut x_is_p = [0u8; 33];
    x_is_p[0] = 2;
    x_is_p[1..].copy_from_slice(&FIELD_SIZE);
    // x = 5: 5^3 + 7 = 132 is not a square mod p.
    let mut x_not_on_curve = [0u8; 33];
    x_not_on_curve[0] = 3;
    x_not_on_curve[32] = 5;
    let mut x_zero = [0u8; 33];
    x_zero[0] = 2;
    vec![
        point_case(&good, "valid"),
        point_case(&flipped_parity, "valid: the negated point"),
        point_case(&wrong_prefix, "uncompressed prefix with 32 bytes of x"),
        point_case(&zero_prefix, "prefix 00"),
        point_case(&x_is_p, "x = p"),
        point_case(&x_not_on_curve, "x = 5 is not on the curve"),
        point_case(&x_zero, "x = 0 is not on the curve"),
        point_case(&good[..32], "32 bytes"),
        point_case(&[], "empty"),
    ]
}

fn route(index: u32, hops: u32) -> Value {
    let t = PaymentScalar::from_bytes(&det_bytes("ptlc/vectors/route/t", index)).unwrap();
    let mut payer = RoutePayer::new(t.point());
    let mut built = Vec::new();
    for h in (0..hops).rev() {
        let y = HopTweak::from_bytes(&det_bytes(&format!("ptlc/vectors/route/{index}/tweak"), h))
            .unwrap();
        built.push(payer.add_upstream_hop_with_tweak(y).unwrap());
    }
    built.reverse(); // hop 1 (nearest the payer) first
    let mut settle = Vec::new();
    let mut x = t.clone();
    for hop in built.iter().rev() {
        x = hop.upstream_scalar(&x).unwrap();
        settle.push(hex(x.expose_secret()));
    }
    settle.reverse();
    assert_eq!(payer.proof_of_payment(&x).unwrap(), t);
    json!({
        "payee_scalar": hex(t.expose_secret()),
        "payee_point": hex(&t.point().to_bytes()),
        "tweaks": built.iter().map(|h| hex(h.tweak.expose_secret())).collect::<Vec<_>>(),
        "points": built.iter().map(|h| hex(&h.incoming.to_bytes())).collect::<Vec<_>>(),
        "settle_scalars": settle,
    })
}

fn invalid_hops() -> Vec<Value> {
    let t = PaymentScalar::from_bytes(&det_bytes("ptlc/vectors/route/t", 0)).unwrap();
    let y = HopTweak::from_bytes(&det_bytes("ptlc/vectors/hop/tweak", 0)).unwrap();
    let wrong_y = HopTweak::from_bytes(&det_bytes("ptlc/vectors/hop/tweak", 1)).unwrap();
    let mut payer = RoutePayer::new(t.point());
    let hop = payer.add_upstream_hop_with_tweak(y.clone()).unwrap();
    let bogus = PaymentScalar::from_bytes(&det_bytes("ptlc/vectors/scalar", 1)).unwrap();
    let case = |tweak: &HopTweak, down: &PaymentScalar, comment: &str| {
        let err = upstream_scalar(&hop.incoming, &hop.outgoing, tweak, down).unwrap_err();
        json!({
            "incoming": hex(&hop.incoming.to_bytes()),
            "outgoing": hex(&hop.outgoing.to_bytes()),
            "tweak": hex(tweak.expose_secret()),
            "downstream_scalar": hex(down.expose_secret()),
            "error": route_error(err),
            "comment": comment,
        })
    };
    // A hop whose outgoing point is −y·G: outgoing + y·G is infinity, which
    // no incoming point equals (a tweak mismatch, not a degenerate value).
    let minus_y_g = PaymentPoint::from_public_key(
        PaymentScalar::from_bytes(y.expose_secret())
            .unwrap()
            .point()
            .as_public_key()
            .negate(),
    );
    let err = upstream_scalar(&hop.incoming, &minus_y_g, &y, &t).unwrap_err();
    let at_infinity = json!({
        "incoming": hex(&hop.incoming.to_bytes()),
        "outgoing": hex(&minus_y_g.to_bytes()),
        "tweak": hex(y.expose_secret()),
        "downstream_scalar": hex(t.expose_secret()),
        "error": route_error(err),
        "comment": "outgoing = -tweak·G: outgoing + tweak·G is infinity, so no incoming point matches",
    });
    vec![
        case(&wrong_y, &t, "the tweak does not link the points"),
        case(
            &y,
            &bogus,
            "the downstream scalar does not open the outgoing point",
        ),
        at_infinity,
    ]
}

/// Route building that fails: the running sum of the tweaks (the payer's
/// total) comes out as 0 mod n.
fn invalid_routes() -> Vec<Value> {
    let t = PaymentScalar::from_bytes(&det_bytes("ptlc/vectors/route/t", 3)).unwrap();
    let y1 = HopTweak::from_bytes(&det_bytes("ptlc/vectors/route/zero-sum", 0)).unwrap();
    let minus_y1 = PaymentScalar::from_bytes(y1.expose_secret())
        .unwrap()
        .point()
        .as_public_key()
        .negate();
    // n − y1, the tweak that cancels y1.
    let neg = {
        let sk = ptlc::secp256k1::SecretKey::from_secret_bytes(*y1.expose_secret()).unwrap();
        HopTweak::from_bytes(&sk.negate().to_secret_bytes()).unwrap()
    };
    assert_eq!(
        PaymentScalar::from_bytes(neg.expose_secret())
            .unwrap()
            .point()
            .as_public_key(),
        &minus_y1
    );
    let mut payer = RoutePayer::new(t.point());
    payer.add_upstream_hop_with_tweak(y1.clone()).unwrap();
    let err = payer.add_upstream_hop_with_tweak(neg.clone()).unwrap_err();
    vec![json!({
        "payee_point": hex(&t.point().to_bytes()),
        "tweaks": [hex(neg.expose_secret()), hex(y1.expose_secret())],
        "error": route_error(err),
        "comment": "tweaks[1] is added first, then tweaks[0] = n - tweaks[1]: the running sum is 0",
    })]
}

/// The payer's proof of payment from a scalar that does not settle its route.
fn invalid_proofs() -> Vec<Value> {
    let t = PaymentScalar::from_bytes(&det_bytes("ptlc/vectors/route/t", 1)).unwrap();
    let mut payer = RoutePayer::new(t.point());
    let mut tweaks = Vec::new();
    for h in (0..3).rev() {
        let y = HopTweak::from_bytes(&det_bytes("ptlc/vectors/route/1/tweak", h)).unwrap();
        tweaks.push(hex(y.expose_secret()));
        payer.add_upstream_hop_with_tweak(y).unwrap();
    }
    tweaks.reverse();
    let case = |x: &PaymentScalar, comment: &str| {
        let err = payer.proof_of_payment(x).unwrap_err();
        json!({
            "payee_point": hex(&t.point().to_bytes()),
            "tweaks": tweaks,
            "first_scalar": hex(x.expose_secret()),
            "error": route_error(err),
            "comment": comment,
        })
    };
    let bogus = PaymentScalar::from_bytes(&det_bytes("ptlc/vectors/scalar", 2)).unwrap();
    vec![
        case(
            &t,
            "the payee's own t: it does not open the payer's first point X_1",
        ),
        case(&bogus, "an unrelated scalar"),
    ]
}

#[test]
fn payment_vectors() {
    let value = json!({
        "description": "ptlc payment scalars, payment points and route decorrelation (SPEC.md). All byte strings are lowercase hex. Hops are numbered from the payer: tweaks[0], points[0] and settle_scalars[0] belong to hop 1; points[i] is hop i+1's incoming point X_{i+1}; settle_scalars[i] opens points[i]. invalid_hops: upstream_scalar fails with error. invalid_routes: the payer adds the hops from the last tweak to the first (nearest the payee first) and building fails with error. invalid_proofs: proof_of_payment(first_scalar) for the route with these tweaks fails with error.",
        "scalars": scalars(),
        "points": points(),
        "routes": [route(0, 1), route(1, 3), route(2, 5)],
        "invalid_hops": invalid_hops(),
        "invalid_routes": invalid_routes(),
        "invalid_proofs": invalid_proofs(),
    });
    check_or_regenerate("payment.json", &value);
}
