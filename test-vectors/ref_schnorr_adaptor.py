"""Reference checker for schnorr_adaptor.json and the Schnorr adaptor
specification's vectors in external/schnorr_adaptor/ (SPEC.md, "Schnorr adaptor
signatures"). Standard library only; written from SPEC.md, not from the Rust code."""

import csv
import json
import pathlib

from ref_common import (Failure, Tally, error_of, N, P, base_mul, bip340_challenge, bip340_verify, bytes_from_int,
                        bytes_from_point, has_even_y, int_from_bytes, lift_x, point_add,
                        point_from_compressed, point_mul, point_neg, point_to_compressed,
                        tagged_hash, unhex, xor_bytes)

HERE = pathlib.Path(__file__).resolve().parent



def parse_pre_signature(b: bytes):
    """SPEC.md, Schnorr adaptor signatures, Encoding: returns (R', s')."""
    if len(b) != 65:
        raise Failure("invalid_length")
    if b[0] not in (2, 3) or int_from_bytes(b[1:33]) >= P:
        raise Failure("invalid_nonce_point")
    r = point_from_compressed(b[0:33])
    if r is None:
        raise Failure("invalid_nonce_point")
    s = int_from_bytes(b[33:65])
    if s >= N:
        raise Failure("scalar_overflow")
    return r, s


def presign(seckey: bytes, msg: bytes, adaptor33: bytes, aux_rand: bytes) -> bytes:
    """SPEC.md, Presign, steps 1-8."""
    d0 = int_from_bytes(seckey)
    assert 1 <= d0 <= N - 1
    p = base_mul(d0)
    d = d0 if has_even_y(p) else N - d0
    t_mask = xor_bytes(bytes_from_int(d), tagged_hash("SchnorrAdaptor/aux", aux_rand))
    k0 = int_from_bytes(tagged_hash("SchnorrAdaptor/nonce", t_mask, adaptor33,
                                    bytes_from_point(p), msg)) % N
    if k0 == 0:
        raise Failure("degenerate")
    r = point_add(base_mul(k0), point_from_compressed(adaptor33))
    if r is None:
        raise Failure("degenerate")
    k = k0 if has_even_y(r) else N - k0
    e = bip340_challenge(bytes_from_point(r), bytes_from_point(p), msg)
    return point_to_compressed(r) + bytes_from_int((k + e * d) % N)


def adaptor_point(pre: bytes, pubkey: bytes, msg: bytes):
    """SPEC.md, Adaptor point and verify, steps 1-4: T*."""
    r, s = parse_pre_signature(pre)
    pk = lift_x(int_from_bytes(pubkey))
    if pk is None:
        raise Failure("invalid_public_key")
    e = bip340_challenge(bytes_from_point(r), pubkey, msg)
    q = point_add(point_mul(pk, e), point_neg(base_mul(s)))
    t = point_add(r, q) if has_even_y(r) else point_add(r, point_neg(q))
    if t is None:
        raise Failure("invalid_pre_signature")
    return t


def verify(pre: bytes, pubkey: bytes, msg: bytes, adaptor33: bytes) -> None:
    """SPEC.md, Adaptor point and verify, step 5; raises Failure on rejection."""
    if adaptor_point(pre, pubkey, msg) != point_from_compressed(adaptor33):
        raise Failure("invalid_pre_signature")


def adapt_unchecked(pre: bytes, t: int) -> bytes:
    """SPEC.md, Adapt, steps 1, 2 and 4 (only after verify)."""
    r, s = parse_pre_signature(pre)
    s_final = (s + t) % N if has_even_y(r) else (s - t) % N
    return bytes_from_point(r) + bytes_from_int(s_final)


def adapt(pre: bytes, t: int, pubkey: bytes, msg: bytes) -> bytes:
    """SPEC.md, Adapt, steps 1-4: the result is BIP-340-verified."""
    sig = adapt_unchecked(pre, t)
    if not bip340_verify(msg, pubkey, sig):
        raise Failure("wrong_scalar")
    return sig


def extract(pre: bytes, sig: bytes, adaptor33: bytes) -> int:
    """SPEC.md, Extract, steps 1-5."""
    r, s_pre = parse_pre_signature(pre)
    if len(sig) != 64:
        raise Failure("invalid_signature")
    if sig[0:32] != bytes_from_point(r):
        raise Failure("signature_mismatch")
    s = int_from_bytes(sig[32:64])
    if s >= N:
        raise Failure("invalid_signature")
    t = (s - s_pre) % N if has_even_y(r) else (s_pre - s) % N
    if t == 0 or base_mul(t) != point_from_compressed(adaptor33):
        raise Failure("wrong_scalar")
    return t



def check(path=None):
    """Checks `path` (a file in schnorr_adaptor.json's schema, such as one `ptlc-kit gen` wrote),
    or with no path the committed schnorr_adaptor.json and the external vectors."""
    tally = Tally("schnorr_adaptor")
    record = tally.record

    data = json.loads(pathlib.Path(path or HERE / "schnorr_adaptor.json").read_text())
    for c in data["valid"]:
        sk, pk, aux, msg = (unhex(c[k]) for k in ("secret_key", "public_key", "aux_rand", "message"))
        t = int_from_bytes(unhex(c["adaptor_scalar"]))
        adaptor33 = unhex(c["adaptor"])
        pre = unhex(c["pre_signature"])
        sig = unhex(c["signature"])
        ok = point_to_compressed(base_mul(t)) == adaptor33
        ok &= bytes_from_point(base_mul(int_from_bytes(sk))) == pk
        ok &= presign(sk, msg, adaptor33, aux) == pre
        ok &= error_of(verify, pre, pk, msg, adaptor33) is None
        ok &= adapt(pre, t, pk, msg) == sig
        ok &= adapt_unchecked(pre, t) == sig
        ok &= bip340_verify(msg, pk, sig)
        ok &= extract(pre, sig, adaptor33) == t
        record(ok, f"valid: {c['comment']}")
    for c in data["verify_invalid"]:
        err = error_of(verify, unhex(c["pre_signature"]), unhex(c["public_key"]),
                       unhex(c["message"]), unhex(c["adaptor"]))
        record(err == c["error"], f"verify_invalid: {c['comment']}")
    for c in data["adapt_invalid"]:
        pre, t = unhex(c["pre_signature"]), int_from_bytes(unhex(c["adaptor_scalar"]))
        pk, msg = unhex(c["public_key"]), unhex(c["message"])
        sig = adapt_unchecked(pre, t)
        ok = sig.hex() == c["signature"] and not bip340_verify(msg, pk, sig)
        ok &= error_of(adapt, pre, t, pk, msg) == c["error"]
        record(ok, f"adapt_invalid: {c['comment']}")
    for c in data["extract_invalid"]:
        err = error_of(extract, unhex(c["pre_signature"]), unhex(c["signature"]),
                       unhex(c["adaptor"]))
        record(err == c["error"], f"extract_invalid: {c['comment']}")

    if path is not None:
        return tally.result()

    ext = HERE / "external" / "schnorr_adaptor"
    with open(ext / "presig_vectors.csv", newline="") as f:
        for row in csv.DictReader(f):
            pk, msg = unhex(row["public key"]), unhex(row["message"])
            adaptor33, pre = unhex(row["adaptor"]), unhex(row["pre-signature"])
            ok = True
            if row["secret key"]:
                ok &= presign(unhex(row["secret key"]), msg, adaptor33,
                              unhex(row["aux_rand"])) == pre
            valid = error_of(verify, pre, pk, msg, adaptor33) is None
            ok &= valid == (row["result"] == "TRUE")
            record(ok, f"external presig row {row['index']} {row['comment']}")
    with open(ext / "adapt_vectors.csv", newline="") as f:
        for row in csv.DictReader(f):
            pk, msg = unhex(row["pubkey"]), unhex(row["message"])
            t = int_from_bytes(unhex(row["secadaptor"]))
            pre, sig = unhex(row["pre-signature"]), unhex(row["BIP340 signature"])
            adaptor33 = point_to_compressed(base_mul(t))
            ok = error_of(verify, pre, pk, msg, adaptor33) is None
            ok &= adapt(pre, t, pk, msg) == sig and bip340_verify(msg, pk, sig)
            ok &= extract(pre, sig, adaptor33) == t
            ok &= (row["result"] == "TRUE")
            record(ok, f"external adapt row {row['index']}")
    return tally.result()
