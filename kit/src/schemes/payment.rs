//! `payment`: payment scalars and points, and route decorrelation
//! (test-vectors/payment.json; SPEC.md "Encodings", "Payment points and
//! scalars", "Route decorrelation").

use ptlc::secp256k1::{Scalar, SecretKey};
use ptlc::{
    upstream_scalar, HopLock, HopTweak, PaymentPoint, PaymentScalar, RouteError, RoutePayer,
};
use serde_json::{json, Value};

use crate::case::{Case, Draw, Edit, Kind, Outcome, Rng, Scheme};
use crate::draw;
use crate::hex::encode as hex;
use crate::vector_fields::{point_error, route_error, scalar_error};

/// The scheme.
pub const SCHEME: Scheme = Scheme {
    name: "payment",
    described: true,
    kinds: &[
        Kind::new("scalars", &["scalar"], scalars),
        Kind::new("points", &["encoding"], points),
        Kind::new("routes", &["payee_scalar", "tweaks"], routes),
        Kind::invalid(
            "invalid_hops",
            &["incoming", "outgoing", "tweak", "downstream_scalar"],
            invalid_hops,
        ),
        Kind::invalid("invalid_routes", &["payee_point", "tweaks"], invalid_routes),
        Kind::invalid(
            "invalid_proofs",
            &["payee_point", "tweaks", "first_scalar"],
            invalid_proofs,
        ),
    ],
    draws: &[
        Draw::new(
            "scalars",
            "random scalar",
            |rng, _| json!({"scalar": hex(&draw::secret(rng))}),
        ),
        Draw::mutations(
            "scalars",
            edit_scalar,
            &[
                ("zero", &[Edit::Put(0, &[0; 32])]),
                ("n or above", &[Edit::AtLeastN(0)]),
                ("not 32 bytes", &[Edit::Resize]),
            ],
        ),
        Draw::mutations(
            "points",
            edit_point,
            &[
                ("random point", &[]),
                ("prefix neither 02 nor 03", &[Edit::BadPrefix(0)]),
                ("x is not on the curve", &[Edit::OffCurveX(1)]),
                ("x is p or above", &[Edit::AtLeastP(1)]),
                ("not 33 bytes", &[Edit::Resize]),
            ],
        ),
        Draw {
            key: "routes",
            comment: None,
            draw: random_route,
            mutations: &[],
        },
        Draw::new(
            "invalid_hops",
            "the tweak does not link the points",
            |rng, _| hop(rng, true, false, false),
        ),
        Draw::new(
            "invalid_hops",
            "the downstream scalar does not open the outgoing point",
            |rng, _| hop(rng, false, true, false),
        ),
        Draw::new(
            "invalid_hops",
            "wrong tweak and wrong scalar: the tweak is checked first",
            |rng, _| hop(rng, true, true, false),
        ),
        Draw::new("invalid_hops", "incoming and outgoing swapped", |rng, _| {
            hop(rng, false, false, true)
        }),
        Draw::new(
            "invalid_routes",
            "a running sum of the tweaks (from the payee's end) is 0",
            |rng, _| zero_sum_route(rng, false),
        ),
        Draw::new(
            "invalid_routes",
            "a hop's point is infinity: T plus a running sum of the tweaks is 0",
            |rng, _| zero_sum_route(rng, true),
        ),
        Draw::new("invalid_proofs", "an unrelated scalar", |rng, _| {
            proof(rng, |rng, _| draw::scalar(rng))
        }),
        Draw::new(
            "invalid_proofs",
            "the payee's own t: it does not open X_1",
            |rng, _| proof(rng, |_, t| t.clone()),
        ),
    ],
};

/// A scalar case: random valid scalar bytes, edited.
fn edit_scalar(rng: &mut Rng, edits: &[Edit]) -> Value {
    let b = draw::secret(rng);
    json!({"scalar": hex(&draw::apply(&b, edits, rng))})
}

/// A point case: a random point's encoding, edited.
fn edit_point(rng: &mut Rng, edits: &[Edit]) -> Value {
    let p = draw::scalar(rng).point().to_bytes();
    json!({"encoding": hex(&draw::apply(&p, edits, rng))})
}

fn random_route(rng: &mut Rng, _: &[Edit]) -> Value {
    let hops = rng.below(6).saturating_add(1);
    json!({"payee_scalar": hex(draw::scalar(rng).expose_secret()), "tweaks": tweaks(rng, hops)})
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
