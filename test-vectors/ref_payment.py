"""Reference checker for payment.json (SPEC.md: Encodings, Payment points and
scalars, Route decorrelation). Standard library only."""

import json
import pathlib

from ref_common import (Tally, N, P, base_mul, int_from_bytes, bytes_from_int, point_add,
                        point_from_compressed, point_to_compressed, unhex)

HERE = pathlib.Path(__file__).resolve().parent


def parse_scalar(b: bytes):
    """Returns (scalar, None) or (None, error name) per SPEC.md, Encodings."""
    if len(b) != 32:
        return None, "invalid_length"
    x = int_from_bytes(b)
    if x == 0:
        return None, "zero"
    if x >= N:
        return None, "overflow"
    return x, None


def parse_point(b: bytes):
    """Returns (point, None) or (None, error name) per SPEC.md, Encodings."""
    if len(b) != 33:
        return None, "invalid_length"
    if b[0] not in (2, 3):
        return None, "invalid_prefix"
    if int_from_bytes(b[1:]) >= P:
        return None, "not_on_curve"
    pt = point_from_compressed(b)
    if pt is None:
        return None, "not_on_curve"
    return pt, None


def opens(t: int, point) -> bool:
    return base_mul(t) == point


def build_route(t: int, tweaks: list):
    """Payer side, steps 1-3: X_{N+1} = T, X_i = X_{i+1} + y_i·G."""
    x = base_mul(t)
    points = [None] * len(tweaks)
    for i in reversed(range(len(tweaks))):
        x = point_add(x, base_mul(tweaks[i]))
        points[i] = x
    return points


def settle(t: int, tweaks: list):
    """Hop side, step 2, from the payee back: x_i = x_{i+1} + y_i."""
    x = t
    out = [None] * len(tweaks)
    for i in reversed(range(len(tweaks))):
        x = (x + tweaks[i]) % N
        out[i] = x
    return out


def route_error(t_point, tweaks: list):
    """Payer side, step 2, from the payee back: X_i = X + y_i·G fails
    (degenerate) if it is infinity, and so does a running sum Y of 0."""
    x, y = t_point, 0
    for tweak in reversed(tweaks):
        x = point_add(x, base_mul(tweak))
        y = (y + tweak) % N
        if x is None or y == 0:
            return "degenerate"
    return None


def upstream_error(incoming, outgoing, tweak: int, downstream: int):
    if point_add(outgoing, base_mul(tweak)) != incoming:
        return "tweak_mismatch"
    if not opens(downstream, outgoing):
        return "wrong_scalar"
    return None


def check(path=None):
    """Checks `path` (a file in payment.json's schema, such as one `ptlc-kit gen` wrote),
    or with no path the committed payment.json."""
    data = json.loads(pathlib.Path(path or HERE / "payment.json").read_text())
    tally = Tally("payment.json")
    record = tally.record

    for case in data["scalars"]:
        t, err = parse_scalar(unhex(case["scalar"]))
        if "error" in case:
            record(err == case["error"], f"scalar {case['comment']}")
        else:
            record(err is None and point_to_compressed(base_mul(t)).hex() == case["point"],
                   f"scalar {case['comment']}")

    for case in data["points"]:
        pt, err = parse_point(unhex(case["encoding"]))
        if case["valid"]:
            record(err is None and point_to_compressed(pt).hex() == case["encoding"],
                   f"point {case['comment']}")
        else:
            record(err == case["error"], f"point {case['comment']}")

    for k, case in enumerate(data["routes"]):
        t = int_from_bytes(unhex(case["payee_scalar"]))
        tweaks = [int_from_bytes(unhex(y)) for y in case["tweaks"]]
        points = build_route(t, tweaks)
        scalars = settle(t, tweaks)
        ok = point_to_compressed(base_mul(t)).hex() == case["payee_point"]
        ok &= [point_to_compressed(x).hex() for x in points] == case["points"]
        ok &= [bytes_from_int(x).hex() for x in scalars] == case["settle_scalars"]
        ok &= all(opens(x, pt) for x, pt in zip(scalars, points))
        ok &= len({point_to_compressed(x) for x in points + [base_mul(t)]}) == len(points) + 1
        # Proof of payment: x_1 minus every tweak gives t back.
        ok &= (scalars[0] - sum(tweaks)) % N == t
        record(ok, f"route {k}")

    for case in data["invalid_hops"]:
        err = upstream_error(point_from_compressed(unhex(case["incoming"])),
                             point_from_compressed(unhex(case["outgoing"])),
                             int_from_bytes(unhex(case["tweak"])),
                             int_from_bytes(unhex(case["downstream_scalar"])))
        record(err == case["error"], f"hop {case['comment']}")

    for case in data["invalid_routes"]:
        tweaks = [int_from_bytes(unhex(y)) for y in case["tweaks"]]
        err = route_error(point_from_compressed(unhex(case["payee_point"])), tweaks)
        record(err == case["error"], f"route {case['comment']}")

    for case in data["invalid_proofs"]:
        t_point = point_from_compressed(unhex(case["payee_point"]))
        total = sum(int_from_bytes(unhex(y)) for y in case["tweaks"]) % N
        first_point = point_add(t_point, base_mul(total))
        x = int_from_bytes(unhex(case["first_scalar"]))
        if not opens(x, first_point):
            err = "wrong_scalar"
        else:
            err = None if opens((x - total) % N, t_point) else "wrong_scalar"
        record(err == case["error"], f"proof of payment {case['comment']}")

    return tally.result()
