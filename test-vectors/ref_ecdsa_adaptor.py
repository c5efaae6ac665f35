"""Reference checker for ecdsa_adaptor.json and external/dlcspecs/ecdsa_adaptor.json
(SPEC.md: ECDSA adaptor signatures). Standard library only, written from SPEC.md."""

import hashlib
import json
import pathlib

from ref_common import (Failure, Tally, error_of, N, P, base_mul, bytes_from_int, int_from_bytes, point_add, point_mul,
                        point_neg, point_from_compressed, point_to_compressed, tagged_hash,
                        unhex, xor_bytes)

HERE = pathlib.Path(__file__).resolve().parent



# --- encoding -----------------------------------------------------------------

def parse_point(b: bytes):
    if len(b) != 33 or b[0] not in (2, 3) or int_from_bytes(b[1:]) >= P:
        raise Failure("invalid_point")
    pt = point_from_compressed(b)
    if pt is None:
        raise Failure("invalid_point")
    return pt


def parse(sig: bytes):
    """Parsing, SPEC.md steps 1-5: returns (R, R', r, s', e, s)."""
    if len(sig) != 162:
        raise Failure("invalid_length")
    big_r = parse_point(sig[0:33])
    r = int_from_bytes(sig[1:33]) % N
    if r == 0:
        raise Failure("invalid_scalar")
    big_rp = parse_point(sig[33:66])
    sp = int_from_bytes(sig[66:98])
    if not 1 <= sp < N:
        raise Failure("invalid_scalar")
    e = int_from_bytes(sig[98:130]) % N
    s = int_from_bytes(sig[130:162])
    if s >= N:
        raise Failure("invalid_scalar")
    return big_r, big_rp, r, sp, e, s


def ser(pt) -> bytes:
    return point_to_compressed(pt)


# --- algorithms -----------------------------------------------------------------

def nonce(secret: int, aux: bytes, tag: str, pk33: bytes, msg32: bytes) -> int:
    masked = xor_bytes(bytes_from_int(secret), tagged_hash("ECDSAadaptor/aux", aux))
    return int_from_bytes(tagged_hash(tag, masked, pk33, msg32)) % N


def dleq_challenge(y33, p1, p2, a1, a2) -> int:
    return int_from_bytes(tagged_hash("DLEQ", p1, y33, p2, a1, a2)) % N


def presign(x: int, msg: bytes, big_y, aux: bytes) -> bytes:
    y33 = ser(big_y)
    k = nonce(x, aux, "ECDSAadaptor/non", y33, msg)
    assert k != 0
    big_rp = base_mul(k)
    big_r = point_mul(big_y, k)
    # DLEQ proof
    points_hash = hashlib.sha256(ser(big_rp) + ser(big_r)).digest()
    a = nonce(k, aux, "DLEQ", y33, points_hash)
    assert a != 0
    e = dleq_challenge(y33, ser(big_rp), ser(big_r), ser(base_mul(a)), ser(point_mul(big_y, a)))
    s = (a + e * k) % N
    r = big_r[0] % N
    sp = pow(k, N - 2, N) * (int_from_bytes(msg) % N + r * x) % N
    assert r != 0 and sp != 0
    return ser(big_r) + ser(big_rp) + bytes_from_int(sp) + bytes_from_int(e) + bytes_from_int(s)


def verify(sig: bytes, big_x, msg: bytes, big_y):
    """Raises Failure(error) or returns None."""
    big_r, big_rp, r, sp, e, s = parse(sig)
    y33 = ser(big_y)
    a1 = point_add(base_mul(s), point_neg(point_mul(big_rp, e)))
    a2 = point_add(point_mul(big_y, s), point_neg(point_mul(big_r, e)))
    if a1 is None or a2 is None:
        raise Failure("invalid_proof")
    if dleq_challenge(y33, ser(big_rp), ser(big_r), ser(a1), ser(a2)) != e:
        raise Failure("invalid_proof")
    w = pow(sp, N - 2, N)
    q = point_add(base_mul(int_from_bytes(msg) % N * w % N), point_mul(big_x, r * w % N))
    if q is None or q != big_rp:
        raise Failure("invalid_signature")


def adapt_unchecked(sig: bytes, t: int) -> bytes:
    """SPEC.md, Adapt (decrypt), steps 1-3 and 5 (only after verify)."""
    _, _, r, sp, _, _ = parse(sig)
    s = sp * pow(t, N - 2, N) % N
    if s > N // 2:
        s = N - s
    return bytes_from_int(r) + bytes_from_int(s)


def adapt(sig: bytes, t: int, big_x, msg: bytes) -> bytes:
    """SPEC.md, Adapt (decrypt), steps 1-5: the result is ECDSA-verified."""
    out = adapt_unchecked(sig, t)
    if not ecdsa_verify(out, msg, big_x):
        raise Failure("scalar_mismatch")
    return out


def extract(sig: bytes, ecdsa_sig: bytes, big_y) -> int:
    _, _, r, sp, _, _ = parse(sig)
    sig_r, sig_s = int_from_bytes(ecdsa_sig[:32]), int_from_bytes(ecdsa_sig[32:])
    if sig_r != r or sig_s == 0:
        raise Failure("signature_mismatch")
    t = sp * pow(sig_s, N - 2, N) % N
    implied = base_mul(t)
    if implied[0] != big_y[0]:
        raise Failure("scalar_mismatch")
    return t if implied == big_y else N - t


def ecdsa_verify(sig: bytes, msg: bytes, big_x) -> bool:
    r, s = int_from_bytes(sig[:32]), int_from_bytes(sig[32:])
    if not (1 <= r < N and 1 <= s < N):
        return False
    w = pow(s, N - 2, N)
    q = point_add(base_mul(int_from_bytes(msg) % N * w % N), point_mul(big_x, r * w % N))
    return q is not None and q[0] % N == r



# --- checks ---------------------------------------------------------------------

def check(path=None):
    """Checks `path` (a file in ecdsa_adaptor.json's schema, such as one `ptlc-kit gen` wrote),
    or with no path the committed ecdsa_adaptor.json and the external vectors."""
    tally = Tally("ecdsa_adaptor")
    record = tally.record

    data = json.loads(pathlib.Path(path or HERE / "ecdsa_adaptor.json").read_text())
    for c in data["valid"]:
        x = int_from_bytes(unhex(c["secret_key"]))
        t = int_from_bytes(unhex(c["adaptor_scalar"]))
        msg = unhex(c["message"])
        big_x = point_from_compressed(unhex(c["public_key"]))
        big_y = point_from_compressed(unhex(c["adaptor_point"]))
        sig = unhex(c["adaptor_sig"])
        ecdsa_sig = unhex(c["signature"])
        ok = ser(base_mul(x)).hex() == c["public_key"] and ser(base_mul(t)).hex() == c["adaptor_point"]
        ok &= presign(x, msg, big_y, unhex(c["aux_rand"])) == sig
        ok &= error_of(verify, sig, big_x, msg, big_y) is None
        ok &= adapt(sig, t, big_x, msg) == ecdsa_sig
        ok &= adapt_unchecked(sig, t) == ecdsa_sig
        ok &= int_from_bytes(ecdsa_sig[32:]) <= N // 2 and ecdsa_verify(ecdsa_sig, msg, big_x)
        ok &= extract(sig, ecdsa_sig, big_y) == t
        high = ecdsa_sig[:32] + bytes_from_int(N - int_from_bytes(ecdsa_sig[32:]))
        ok &= extract(sig, high, big_y) == t
        record(ok, f"valid {c['comment']}")

    for c in data["invalid_verify"]:
        err = error_of(verify, unhex(c["adaptor_sig"]),
                       point_from_compressed(unhex(c["public_key"])), unhex(c["message"]),
                       point_from_compressed(unhex(c["adaptor_point"])))
        record(err == c["error"], f"invalid_verify {c['comment']} (got {err})")

    for c in data["invalid_extract"]:
        err = error_of(extract, unhex(c["adaptor_sig"]), unhex(c["signature"]),
                       point_from_compressed(unhex(c["adaptor_point"])))
        record(err == c["error"], f"invalid_extract {c['comment']} (got {err})")

    if path is not None:
        return tally.result()

    # The DLC specification's vectors (made with secp256k1-zkp).
    ext = json.loads((HERE / "external" / "dlcspecs" / "ecdsa_adaptor.json").read_text())
    for c in ext:
        sig = unhex(c["adaptor_sig"])
        big_y = point_from_compressed(unhex(c["encryption_key"]))
        t = int_from_bytes(unhex(c["decryption_key"]))
        if c["kind"] == "verification":
            err = error_of(verify, sig, point_from_compressed(unhex(c["public_signing_key"])),
                           unhex(c["message_hash"]), big_y)
            if "error" in c:
                record(err is not None, f"dlcspecs verification {c['error']}")
            else:
                pk = point_from_compressed(unhex(c["public_signing_key"]))
                got = adapt(sig, t, pk, unhex(c["message_hash"]))
                record(err is None and got.hex() == c["signature"],
                       f"dlcspecs verification {c.get('comment')}")
        else:
            try:
                got = extract(sig, unhex(c["signature"]), big_y)
            except Failure:
                got = None
            if "error" in c:
                record(got is None, f"dlcspecs recovery {c['error']}")
            else:
                record(got == t, f"dlcspecs recovery {c.get('comment')}")
    return tally.result()
