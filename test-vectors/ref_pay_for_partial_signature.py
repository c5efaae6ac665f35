"""Reference checker for pay_for_partial_signature.json (SPEC.md,
"Pay-for-partial-signature"). Standard library only; reuses ref_musig.py's
BIP-327 functions, written from SPEC.md, not from the Rust code."""

import json
import pathlib

from ref_common import (Failure, Tally, N, base_mul, bip340_verify, bytes_from_int, error_of,
                        has_even_y, int_from_bytes, point_add, point_mul, point_neg,
                        point_to_compressed, tagged_hash, unhex)
from ref_musig import (cpoint, hx, key_agg_and_tweak, key_agg_coeff, nonce_agg, nonce_gen,
                       partial_sig_agg_s, partial_sig_verify, session_values, sign, tweak_lists, xbytes)
from ref_schnorr_adaptor import adapt, verify as adaptor_verify

HERE = pathlib.Path(__file__).resolve().parent


def partial_signature_point(pubnonces, pks, tweaks, is_xonly, msg, i, adaptor=None):
    """SPEC.md, Partial-signature point: Re' + e*a*g*gacc*X for signer i."""
    aggnonce = nonce_agg(pubnonces)
    q, gacc, _, b, r, e = session_values(aggnonce, pks, tweaks, is_xonly, msg, adaptor)
    pubnonce = pubnonces[i]
    re_ = point_add(cpoint(pubnonce[0:33]), point_mul(cpoint(pubnonce[33:66]), b))
    re = re_ if has_even_y(r) else point_neg(re_)
    a = key_agg_coeff(pks, pks[i])
    g = 1 if has_even_y(q) else N - 1
    point = point_add(re, point_mul(cpoint(pks[i]), e * a * g * gacc % N))
    if point is None:
        raise Failure("degenerate")
    return point


def partial_signature_scalar(psig, pubnonces, pks, tweaks, is_xonly, msg, i, adaptor=None) -> int:
    """SPEC.md, Seller: the partial signature must open the point."""
    s = int_from_bytes(psig)
    if not 0 < s < N:
        raise Failure("degenerate")
    if base_mul(s) != partial_signature_point(pubnonces, pks, tweaks, is_xonly, msg, i, adaptor):
        raise Failure("invalid_partial_signature")
    return s


def complete(s, own, pubnonces, pks, tweaks, is_xonly, msg, i, adaptor=None) -> bytes:
    """SPEC.md, Complete (buyer): the 64-byte signature, or the 65-byte
    pre-signature of an adaptor session."""
    if base_mul(s) != partial_signature_point(pubnonces, pks, tweaks, is_xonly, msg, i, adaptor):
        raise Failure("wrong_scalar")
    aggnonce = nonce_agg(pubnonces)
    r, total = partial_sig_agg_s([bytes_from_int(s)] + own, aggnonce, pks, tweaks, is_xonly, msg, adaptor)
    q = key_agg_and_tweak(pks, tweaks, is_xonly)[0]
    if adaptor is None:
        sig = xbytes(r) + bytes_from_int(total)
        if not bip340_verify(msg, xbytes(q), sig):
            raise Failure("invalid_signature")
        return sig
    pre = point_to_compressed(r) + bytes_from_int(total)
    # Schnorr adaptor verification raises its own failure (invalid_pre_signature);
    # here it is the aggregate that does not verify: invalid signature (SPEC.md, step 3).
    if error_of(adaptor_verify, pre, xbytes(q), msg, adaptor) is not None:
        raise Failure("invalid_signature")
    return pre


def fields(c):
    tweaks, is_xonly = tweak_lists(c)
    adaptor = unhex(c["adaptor"]) if c["adaptor"] is not None else None
    return hx(c["pubnonces"]), hx(c["public_keys"]), tweaks, is_xonly, unhex(c["message"]), c["signer_index"], adaptor


def check(path=None):
    """Checks `path` (a file in pay_for_partial_signature.json's schema), or the committed file."""
    tally = Tally("pay_for_partial_signature")
    record = tally.record
    data = json.loads(pathlib.Path(path or HERE / "pay_for_partial_signature.json").read_text())
    for c in data["valid"]:
        pubnonces, pks, tweaks, is_xonly, msg, i, adaptor = fields(c)
        sks = hx(c["secret_keys"])
        q = key_agg_and_tweak(pks, tweaks, is_xonly)[0]
        ok = xbytes(q).hex() == c["aggregate_key"]
        ok &= all(point_to_compressed(base_mul(int_from_bytes(s))) == p for s, p in zip(sks, pks))
        secnonces = []
        for j, rand in enumerate(hx(c["nonce_rands"])):
            sec, pub = nonce_gen(rand, None, pks[j], None, None, None)  # nonce_gen_with_rand, no extras
            ok &= pub == pubnonces[j]
            secnonces.append(sec)
        aggnonce = nonce_agg(pubnonces)
        psigs = [sign(sec, sks[j], aggnonce, pks, tweaks, is_xonly, msg, adaptor) for j, sec in enumerate(secnonces)]
        ok &= [p.hex() for p in psigs] == c["partial_signatures"]
        ok &= all(partial_sig_verify(p, pubnonces, pks, tweaks, is_xonly, msg, j, adaptor) for j, p in enumerate(psigs))
        ok &= tagged_hash("ptlc/pubnonce_id", pubnonces[i]).hex() == c["nonce_id"]
        point = partial_signature_point(pubnonces, pks, tweaks, is_xonly, msg, i, adaptor)
        ok &= point_to_compressed(point).hex() == c["partial_signature_point"]
        s = partial_signature_scalar(psigs[i], pubnonces, pks, tweaks, is_xonly, msg, i, adaptor)
        ok &= base_mul(s) == point
        # The point of signer i differs from every other signer's partial signature.
        ok &= all(base_mul(int_from_bytes(p)) != point for j, p in enumerate(psigs) if j != i)
        own = [p for j, p in enumerate(psigs) if j != i]
        out = complete(s, own, pubnonces, pks, tweaks, is_xonly, msg, i, adaptor)
        if adaptor is None:
            sig = out
        else:
            ok &= out.hex() == c["pre_signature"]
            sig = adapt(out, int_from_bytes(unhex(c["adaptor_secret"])), xbytes(q), msg)
        ok &= sig.hex() == c["signature"] and bip340_verify(msg, xbytes(q), sig)
        record(ok, f"valid: {c['comment']}")
    for c in data["partial_signature_invalid"]:
        pubnonces, pks, tweaks, is_xonly, msg, i, adaptor = fields(c)
        psig = unhex(c["partial_signature"])
        err = error_of(partial_signature_scalar, psig, pubnonces, pks, tweaks, is_xonly, msg, i, adaptor)
        ok = err == c["error"] and not partial_sig_verify(psig, pubnonces, pks, tweaks, is_xonly, msg, i, adaptor)
        record(ok, f"partial_signature_invalid: {c['comment']}")
    for c in data["complete_invalid"]:
        pubnonces, pks, tweaks, is_xonly, msg, i, adaptor = fields(c)
        err = error_of(complete, int_from_bytes(unhex(c["scalar"])), hx(c["own_partial_signatures"]),
                       pubnonces, pks, tweaks, is_xonly, msg, i, adaptor)
        record(err == c["error"], f"complete_invalid: {c['comment']}")
    return tally.result()
