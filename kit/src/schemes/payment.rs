//! `payment`: payment scalars and points, and route decorrelation
//! (test-vectors/payment.json; SPEC.md "Encodings", "Payment points and
//! scalars", "Route decorrelation").

use ptlc::secp256k1::{Scalar, SecretKey};
use ptlc::{
    upstream_scalar, HopLock, HopTweak, PaymentPoint, PaymentScalar, RouteError, RoutePayer,
};
use serde_json::{json, Value};

use crate::case::{Case, Draw, Kind, Outcome, Rng, Scheme};
use crate::draw;
use crate::error_names::{point_error, route_error, scalar_error};
use crate::hex::encode as hex;

/// The scheme.
pub const SCHEME: Scheme = Scheme {
    name: "payment",
    described: true,
    kinds: &[
        Kind {
            key: "scalars",
            inputs: &["scalar"],
            invalid: false,
            compute: scalars,
        },
        Kind {
            key: "points",
            inputs: &["encoding"],
            invalid: false,
            compute: points,
        },
        Kind {
            key: "routes",
            inputs: &["payee_scalar", "tweaks"],
            invalid: false,
            compute: routes,
        },
        Kind {
            key: "invalid_hops",
            inputs: &["incoming", "outgoing", "tweak", "downstream_scalar"],
            invalid: true,
            compute: invalid_hops,
        },
        Kind {
            key: "invalid_routes",
            inputs: &["payee_point", "tweaks"],
            invalid: true,
            compute: invalid_routes,
        },
        Kind {
            key: "invalid_proofs",
            inputs: &["payee_point", "tweaks", "first_scalar"],
            invalid: true,
            compute: invalid_proofs,
        },
    ],
    draws: &[
        Draw {
            key: "scalars",
            comment: Some("random scalar"),
            draw: |rng| json!({"scalar": hex(&draw::secret(rng))}),
        },
        Draw {
            key: "scalars",
            comment: Some("zero"),
            draw: |_| json!({"scalar": hex(&[0; 32])}),
        },
        Draw {
            key: "scalars",
            comment: Some("n or above"),
            draw: |rng| json!({"scalar": hex(&draw::at_least_n(rng))}),
        },
        Draw {
            key: "scalars",
            comment: Some("not 32 bytes"),
            draw: |rng| json!({"scalar": hex(&draw::resize(&draw::secret(rng), rng))}),
        },
        Draw {
            key: "points",
            comment: Some("random point"),
            draw: |rng| json!({"encoding": hex(&random_point(rng))}),
        },
        Draw {
            key: "points",
            comment: Some("prefix neither 02 nor 03"),
            draw: |rng| {
                let mut p = random_point(rng);
                p[0] = draw::bad_prefix(rng);
                json!({"encoding": hex(&p)})
            },
        },
        Draw {
            key: "points",
            comment: Some("x is not on the curve"),
            draw: |rng| {
                let x = draw::off_curve_x(rng);
                json!({"encoding": hex(&with_x(rng, x))})
            },
        },
        Draw {
            key: "points",
            comment: Some("x is p or above"),
            draw: |rng| {
                let x = draw::at_least_p(rng);
                json!({"encoding": hex(&with_x(rng, x))})
            },
        },
        Draw {
            key: "points",
            comment: Some("not 33 bytes"),
            draw: |rng| json!({"encoding": hex(&draw::resize(&random_point(rng), rng))}),
        },
        Draw {
            key: "routes",
            comment: None,
            draw: |rng| {
                let hops = rng.below(6).saturating_add(1);
                json!({"payee_scalar": hex(draw::scalar(rng).expose_secret()), "tweaks": tweaks(rng, hops)})
            },
        },
        Draw {
            key: "invalid_hops",
            comment: Some("the tweak does not link the points"),
            draw: |rng| hop(rng, true, false, false),
        },
        Draw {
            key: "invalid_hops",
            comment: Some("the downstream scalar does not open the outgoing point"),
            draw: |rng| hop(rng, false, true, false),
        },
        Draw {
            key: "invalid_hops",
            comment: Some("wrong tweak and wrong scalar: the tweak is checked first"),
            draw: |rng| hop(rng, true, true, false),
        },
        Draw {
            key: "invalid_hops",
            comment: Some("incoming and outgoing swapped"),
            draw: |rng| hop(rng, false, false, true),
        },
        Draw {
            key: "invalid_routes",
            comment: Some("a running sum of the tweaks (from the payee's end) is 0"),
            draw: |rng| zero_sum_route(rng, false),
        },
        Draw {
            key: "invalid_routes",
            comment: Some("a hop's point is infinity: T plus a running sum of the tweaks is 0"),
            draw: |rng| zero_sum_route(rng, true),
        },
        Draw {
            key: "invalid_proofs",
            comment: Some("an unrelated scalar"),
            draw: |rng| proof(rng, |rng, _| draw::scalar(rng)),
        },
        Draw {
            key: "invalid_proofs",
            comment: Some("the payee's own t: it does not open X_1"),
            draw: |rng| proof(rng, |_, t| t.clone()),
        },
    ],
};

fn random_point(rng: &mut Rng) -> [u8; 33] {
    draw::scalar(rng).point().to_bytes()
}

fn with_x(rng: &mut Rng, x: [u8; 32]) -> [u8; 33] {
    let mut p = [2u8; 33];
    p[0] |= u8::from(rng.below(2) == 1);
    p[1..].copy_from_slice(&x);
    p
}

fn tweaks(rng: &mut Rng, hops: usize) -> Vec<String> {
    (0..hops)
        .map(|_| hex(draw::tweak(rng).expose_secret()))
        .collect()
}

/// Builds the route to `payee` with `tweaks` (index 0 nearest the payer),
/// adding hops from the payee's end; the hops come back in route order.
fn build(
    payee: PaymentPoint,
    tweaks: Vec<HopTweak>,
) -> Result<(RoutePayer, Vec<HopLock>), RouteError> {
    let mut payer = RoutePayer::new(payee);
    let mut hops = tweaks
        .into_iter()
        .rev()
        .map(|y| payer.add_upstream_hop_with_tweak(y))
        .collect::<Result<Vec<_>, _>>()?;
    hops.reverse();
    Ok((payer, hops))
}

/// `{error}` for a failure, `{}` (no error field) for a success.
fn error(e: Option<RouteError>) -> Value {
    crate::case::error_field(e.map(route_error))
}

fn scalars(c: &Case<'_>) -> Outcome {
    Ok(match PaymentScalar::from_slice(&c.bytes("scalar")?) {
        Ok(t) => json!({"point": hex(&t.point().to_bytes())}),
        Err(e) => json!({"error": scalar_error(e)}),
    })
}

fn points(c: &Case<'_>) -> Outcome {
    Ok(match PaymentPoint::from_slice(&c.bytes("encoding")?) {
        Ok(_) => json!({"valid": true}),
        Err(e) => json!({"valid": false, "error": point_error(e)}),
    })
}

fn routes(c: &Case<'_>) -> Outcome {
    let t = c.parse("payee_scalar", PaymentScalar::from_slice)?;
    let (_, hops) = match build(t.point(), c.parse_list("tweaks", tweak)?) {
        Ok(built) => built,
        Err(e) => return Ok(error(Some(e))),
    };
    let mut settle = Vec::new();
    let mut x = t.clone();
    for hop in hops.iter().rev() {
        x = match hop.upstream_scalar(&x) {
            Ok(x) => x,
            Err(e) => return Ok(error(Some(e))),
        };
        settle.push(hex(x.expose_secret()));
    }
    settle.reverse();
    Ok(json!({
        "payee_point": hex(&t.point().to_bytes()),
        "points": hops.iter().map(|h| hex(&h.incoming.to_bytes())).collect::<Vec<_>>(),
        "settle_scalars": settle,
    }))
}

fn invalid_hops(c: &Case<'_>) -> Outcome {
    let incoming = c.parse("incoming", PaymentPoint::from_slice)?;
    let outgoing = c.parse("outgoing", PaymentPoint::from_slice)?;
    let y = c.parse("tweak", tweak)?;
    let down = c.parse("downstream_scalar", PaymentScalar::from_slice)?;
    Ok(error(
        upstream_scalar(&incoming, &outgoing, &y, &down).err(),
    ))
}

fn invalid_routes(c: &Case<'_>) -> Outcome {
    let payee = c.parse("payee_point", PaymentPoint::from_slice)?;
    Ok(error(build(payee, c.parse_list("tweaks", tweak)?).err()))
}

fn invalid_proofs(c: &Case<'_>) -> Outcome {
    let payee = c.parse("payee_point", PaymentPoint::from_slice)?;
    let x = c.parse("first_scalar", PaymentScalar::from_slice)?;
    Ok(error(
        build(payee, c.parse_list("tweaks", tweak)?)
            .and_then(|(payer, _)| payer.proof_of_payment(&x))
            .err(),
    ))
}

fn tweak(b: &[u8]) -> Result<HopTweak, String> {
    let b: [u8; 32] = b
        .try_into()
        .map_err(|_| format!("{} bytes, not 32", b.len()))?;
    HopTweak::from_bytes(&b).map_err(|e| scalar_error(e).to_owned())
}

/// A hop of a random route; `wrong_tweak`, `wrong_scalar`, `swap` break it.
fn hop(rng: &mut Rng, wrong_tweak: bool, wrong_scalar: bool, swap: bool) -> Value {
    let t = draw::scalar(rng);
    let y = draw::tweak(rng);
    let y_hex = hex(y.expose_secret());
    let mut payer = RoutePayer::new(t.point());
    let Ok(h) = payer.add_upstream_hop_with_tweak(y) else {
        return json!({});
    };
    let (mut incoming, mut outgoing) = (h.incoming, h.outgoing);
    if swap {
        core::mem::swap(&mut incoming, &mut outgoing);
    }
    let tweak = if wrong_tweak {
        hex(draw::tweak(rng).expose_secret())
    } else {
        y_hex
    };
    let down = if wrong_scalar { draw::scalar(rng) } else { t };
    json!({
        "incoming": hex(&incoming.to_bytes()),
        "outgoing": hex(&outgoing.to_bytes()),
        "tweak": tweak,
        "downstream_scalar": hex(down.expose_secret()),
    })
}

/// `a + b mod n` and `-a mod n` on secret-key bytes (`None` for 0).
fn add(a: &[u8; 32], b: &[u8; 32]) -> Option<[u8; 32]> {
    let a = SecretKey::from_secret_bytes(*a).ok()?;
    let b = Scalar::from_be_bytes(*b).ok()?;
    Some(a.add_tweak(&b).ok()?.to_secret_bytes())
}

fn negate(a: &[u8; 32]) -> Option<[u8; 32]> {
    Some(
        SecretKey::from_secret_bytes(*a)
            .ok()?
            .negate()
            .to_secret_bytes(),
    )
}

/// A route where one tweak cancels the tweaks after it (`through_t`: cancels
/// them and `t`, so that hop's point is infinity).
fn zero_sum_route(rng: &mut Rng, through_t: bool) -> Value {
    let t = draw::scalar(rng);
    let hops = rng.below(4).saturating_add(2);
    let mut ys: Vec<[u8; 32]> = (0..hops)
        .map(|_| *draw::tweak(rng).expose_secret())
        .collect();
    let at = rng.below(hops.saturating_sub(1));
    let mut sum = if through_t {
        Some(*t.expose_secret())
    } else {
        None
    };
    for y in ys.iter().skip(at.saturating_add(1)) {
        sum = match sum {
            None => Some(*y),
            Some(s) => add(&s, y),
        };
    }
    if let (Some(s), Some(slot)) = (sum.and_then(|s| negate(&s)), ys.get_mut(at)) {
        *slot = s;
    }
    json!({
        "payee_point": hex(&t.point().to_bytes()),
        "tweaks": ys.iter().map(|y| hex(y)).collect::<Vec<_>>(),
    })
}

/// A random route and the first scalar `first(rng, t)` gives.
fn proof(rng: &mut Rng, first: fn(&mut Rng, &PaymentScalar) -> PaymentScalar) -> Value {
    let t = draw::scalar(rng);
    let hops = rng.below(4).saturating_add(1);
    let tweaks = tweaks(rng, hops);
    let x = first(rng, &t);
    json!({
        "payee_point": hex(&t.point().to_bytes()),
        "tweaks": tweaks,
        "first_scalar": hex(x.expose_secret()),
    })
}
