"""Reference checker for pay_for_signature.json and BIP-340's official vectors in
external/bip340/ (SPEC.md, "Pay-for-signature"). Standard library only; written
from SPEC.md and BIP-340."""

import csv
import json
import pathlib

from ref_common import (Failure, Tally, error_of, N, P, base_mul, bip340_challenge, bip340_sign, bip340_verify,
                        int_from_bytes, lift_x, point_add, point_mul, point_to_compressed,
                        unhex)

HERE = pathlib.Path(__file__).resolve().parent



def signature_point(pubkey: bytes, msg: bytes, nonce: bytes):
    """SPEC.md, Signature point, steps 1-4."""
    r = lift_x(int_from_bytes(nonce))
    if r is None:
        raise Failure("invalid_nonce")
    pk = lift_x(int_from_bytes(pubkey))
    e = bip340_challenge(nonce, pubkey, msg)
    s = point_add(r, point_mul(pk, e))
    if s is None:
        raise Failure("degenerate")
    return s


def signature_scalar(sig: bytes, pubkey: bytes, msg: bytes) -> int:
    """SPEC.md, Signature scalar (seller)."""
    if not bip340_verify(msg, pubkey, sig):
        raise Failure("invalid_signature")
    s = int_from_bytes(sig[32:64])
    if s == 0:
        raise Failure("degenerate")
    return s


def complete(pubkey: bytes, msg: bytes, nonce: bytes, s: int) -> bytes:
    """SPEC.md, Complete (buyer)."""
    signature_point(pubkey, msg, nonce)  # the offer exists only for a valid nonce
    sig = nonce + s.to_bytes(32, "big")
    if not bip340_verify(msg, pubkey, sig):
        raise Failure("wrong_scalar")
    return sig



def check(path=None):
    """Checks `path` (a file in pay_for_signature.json's schema, such as one `ptlc-kit gen` wrote),
    or with no path the committed pay_for_signature.json and the external vectors."""
    tally = Tally("pay_for_signature")
    record = tally.record

    data = json.loads(pathlib.Path(path or HERE / "pay_for_signature.json").read_text())
    for c in data["valid"]:
        sk, pk, aux, msg = (unhex(c[k]) for k in ("secret_key", "public_key", "aux_rand", "message"))
        sig, nonce = unhex(c["signature"]), unhex(c["nonce"])
        ok = bip340_sign(msg, sk, aux) == sig and sig[0:32] == nonce
        point = signature_point(pk, msg, nonce)
        ok &= point_to_compressed(point).hex() == c["signature_point"]
        s = signature_scalar(sig, pk, msg)
        ok &= s.to_bytes(32, "big").hex() == c["signature_scalar"]
        ok &= base_mul(s) == point
        ok &= complete(pk, msg, nonce, s) == sig
        record(ok, f"valid: {c['comment']}")
    for c in data["signature_point_invalid"]:
        err = error_of(signature_point, unhex(c["public_key"]), unhex(c["message"]), unhex(c["nonce"]))
        record(err == c["error"], f"signature_point_invalid: {c['comment']}")
    for c in data["signature_scalar_invalid"]:
        err = error_of(signature_scalar, unhex(c["signature"]), unhex(c["public_key"]), unhex(c["message"]))
        record(err == c["error"], f"signature_scalar_invalid: {c['comment']}")
    for c in data["complete_invalid"]:
        err = error_of(complete, unhex(c["public_key"]), unhex(c["message"]), unhex(c["nonce"]),
                       int_from_bytes(unhex(c["scalar"])))
        record(err == c["error"], f"complete_invalid: {c['comment']}")

    if path is not None:
        return tally.result()

    # BIP-340's official vectors: signing, verification, and the signature point
    # relation s·G = lift_x(R) + e·P for 32-byte messages.
    with open(HERE / "external" / "bip340" / "test-vectors.csv", newline="") as f:
        for row in csv.DictReader(f):
            pk, msg, sig = unhex(row["public key"]), unhex(row["message"]), unhex(row["signature"])
            expected = row["verification result"] == "TRUE"
            ok = True
            if row["secret key"]:
                ok &= bip340_sign(msg, unhex(row["secret key"]), unhex(row["aux_rand"])) == sig
            ok &= bip340_verify(msg, pk, sig) == expected
            if len(msg) == 32 and lift_x(int_from_bytes(pk)) is not None:
                s = int_from_bytes(sig[32:64])
                try:
                    opens = 0 < s < N and base_mul(s) == signature_point(pk, msg, sig[0:32])
                except Failure:
                    opens = False
                ok &= opens == expected
            record(ok, f"external bip340 row {row['index']} {row['comment']}")
    return tally.result()
