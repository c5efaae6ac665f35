"""Reference checker for MuSig2 (BIP-327) and its adaptor sessions (SPEC.md,
"MuSig2 adaptor signatures"): every case of BIP-327's eight vector files in
external/bip327/, and musig_adaptor.json (or, as `reference.py musig_adaptor FILE`,
any file in its schema). Standard library only; written from
BIP-327's text and SPEC.md, not from the Rust code."""

import json
import pathlib

from ref_common import (Failure, Tally, N, G, base_mul, bip340_verify, bytes_from_int, has_even_y,
                        int_from_bytes, point_add, point_from_compressed, point_mul, point_neg,
                        point_to_compressed, tagged_hash, unhex, xor_bytes)
from ref_schnorr_adaptor import adapt, extract, verify as adaptor_verify

HERE = pathlib.Path(__file__).resolve().parent


class InvalidContribution(Exception):
    def __init__(self, signer, contrib):
        super().__init__(f"{contrib} of signer {signer}")
        self.signer = signer
        self.contrib = contrib


class Invalid(Exception):
    """A BIP-327 ValueError; the message is BIP-327's."""


# --- encodings ------------------------------------------------------------------

def cpoint(b: bytes):
    p = point_from_compressed(b)
    if p is None:
        raise ValueError("not a compressed point")
    return p


def cpoint_ext(b: bytes):
    return None if b == bytes(33) else cpoint(b)


def cbytes_ext(p) -> bytes:
    return bytes(33) if p is None else point_to_compressed(p)


def xbytes(p) -> bytes:
    return bytes_from_int(p[0])


# --- key aggregation (BIP-327 KeyAgg, ApplyTweak) ---------------------------------

def second_key(pks):
    for pk in pks[1:]:
        if pk != pks[0]:
            return pk
    return bytes(33)


def key_agg_coeff(pks, pk) -> int:
    if pk == second_key(pks):
        return 1
    keys_hash = tagged_hash("KeyAgg list", b"".join(pks))
    return int_from_bytes(tagged_hash("KeyAgg coefficient", keys_hash, pk)) % N


def key_agg(pks):
    q = None
    for i, pk in enumerate(pks):
        try:
            p = cpoint(pk)
        except ValueError:
            raise InvalidContribution(i, "pubkey")
        q = point_add(q, point_mul(p, key_agg_coeff(pks, pk)))
    assert q is not None
    return q, 1, 0


def apply_tweak(ctx, tweak: bytes, is_xonly: bool):
    q, gacc, tacc = ctx
    g = N - 1 if is_xonly and not has_even_y(q) else 1
    t = int_from_bytes(tweak)
    if t >= N:
        raise Invalid("The tweak must be less than n.")
    q2 = point_add(point_mul(q, g), base_mul(t))
    if q2 is None:
        raise Invalid("The result of tweaking cannot be infinity.")
    return q2, g * gacc % N, (t + g * tacc) % N


_KEY_CTX = {}


def key_agg_and_tweak(pks, tweaks, is_xonly):
    """KeyAgg then ApplyTweak in order (memoized: the checks below ask for the same
    context many times, and the affine point arithmetic here is slow)."""
    memo = (tuple(pks), tuple(tweaks), tuple(is_xonly))
    if memo not in _KEY_CTX:
        ctx = key_agg(pks)
        for t, x in zip(tweaks, is_xonly):
            ctx = apply_tweak(ctx, t, x)
        _KEY_CTX[memo] = ctx
    return _KEY_CTX[memo]


# --- nonces (BIP-327 NonceGen, NonceAgg) -----------------------------------------

def nonce_gen(rand_, sk, pk, aggpk, msg, extra_in):
    rand = xor_bytes(sk, tagged_hash("MuSig/aux", rand_)) if sk is not None else rand_
    aggpk = aggpk if aggpk is not None else b""
    msg_prefixed = b"\x00" if msg is None else b"\x01" + len(msg).to_bytes(8, "big") + msg
    extra_in = extra_in if extra_in is not None else b""
    prefix = (rand + bytes([len(pk)]) + pk + bytes([len(aggpk)]) + aggpk + msg_prefixed
              + len(extra_in).to_bytes(4, "big") + extra_in)
    k = [int_from_bytes(tagged_hash("MuSig/nonce", prefix, bytes([i]))) % N for i in (0, 1)]
    pubnonce = point_to_compressed(base_mul(k[0])) + point_to_compressed(base_mul(k[1]))
    return bytes_from_int(k[0]) + bytes_from_int(k[1]) + pk, pubnonce


def nonce_agg(pubnonces) -> bytes:
    out = b""
    for j in (0, 1):
        r = None
        for i, pn in enumerate(pubnonces):
            try:
                r = point_add(r, cpoint(pn[33 * j:33 * (j + 1)]))
            except ValueError:
                raise InvalidContribution(i, "pubnonce")
        out += cbytes_ext(r)
    return out


# --- session (GetSessionValues, with the optional adaptor point) -----------------

_SESSION = {}


def session_values(aggnonce, pks, tweaks, is_xonly, msg, adaptor=None):
    """Memoized GetSessionValues (see session_values_uncached)."""
    memo = (aggnonce, tuple(pks), tuple(tweaks), tuple(is_xonly), msg, adaptor)
    if memo not in _SESSION:
        _SESSION[memo] = session_values_uncached(aggnonce, pks, tweaks, is_xonly, msg, adaptor)
    return _SESSION[memo]


def session_values_uncached(aggnonce, pks, tweaks, is_xonly, msg, adaptor):
    """(Q, gacc, tacc, b, R, e); with an adaptor T, R1 := R1 + T before b (SPEC.md)."""
    q, gacc, tacc = key_agg_and_tweak(pks, tweaks, is_xonly)
    try:
        r1 = cpoint_ext(aggnonce[0:33])
        r2 = cpoint_ext(aggnonce[33:66])
    except ValueError:
        raise InvalidContribution(None, "aggnonce")
    if adaptor is not None:
        r1 = point_add(r1, cpoint(adaptor))
    b = int_from_bytes(tagged_hash("MuSig/noncecoef", cbytes_ext(r1), cbytes_ext(r2), xbytes(q), msg)) % N
    r = point_add(r1, point_mul(r2, b) if r2 is not None else None)
    if r is None:
        r = G
    e = int_from_bytes(tagged_hash("BIP0340/challenge", xbytes(r), xbytes(q), msg)) % N
    return q, gacc, tacc, b, r, e


def session_coeff(pks, pk) -> int:
    if pk not in pks:
        raise Invalid("The signer's pubkey must be included in the list of pubkeys.")
    return key_agg_coeff(pks, pk)


# --- signing ---------------------------------------------------------------------

def sign(secnonce, sk, aggnonce, pks, tweaks, is_xonly, msg, adaptor=None) -> bytes:
    q, gacc, _, b, r, e = session_values(aggnonce, pks, tweaks, is_xonly, msg, adaptor)
    k1_, k2_ = int_from_bytes(secnonce[0:32]), int_from_bytes(secnonce[32:64])
    if not 0 < k1_ < N:
        raise Invalid("first secnonce value is out of range.")
    if not 0 < k2_ < N:
        raise Invalid("second secnonce value is out of range.")
    k1, k2 = (k1_, k2_) if has_even_y(r) else (N - k1_, N - k2_)
    d_ = int_from_bytes(sk)
    pk = point_to_compressed(base_mul(d_))
    if pk != secnonce[64:97]:
        raise Invalid("Public key does not match nonce_gen argument")
    a = session_coeff(pks, pk)
    g = 1 if has_even_y(q) else N - 1
    d = g * gacc * d_ % N
    return bytes_from_int((k1 + b * k2 + e * a * d) % N)


def partial_sig_verify_internal(psig, pubnonce, pk, aggnonce, pks, tweaks, is_xonly, msg, adaptor=None):
    q, gacc, _, b, r, e = session_values(aggnonce, pks, tweaks, is_xonly, msg, adaptor)
    s = int_from_bytes(psig)
    if s >= N:
        return False
    re_ = point_add(cpoint(pubnonce[0:33]), point_mul(cpoint(pubnonce[33:66]), b))
    re = re_ if has_even_y(r) else point_neg(re_)
    p = cpoint(pk)
    a = session_coeff(pks, pk)
    g = 1 if has_even_y(q) else N - 1
    return base_mul(s) == point_add(re, point_mul(p, e * a * g * gacc % N))


def partial_sig_verify(psig, pubnonces, pks, tweaks, is_xonly, msg, i, adaptor=None):
    aggnonce = nonce_agg(pubnonces)
    return partial_sig_verify_internal(psig, pubnonces[i], pks[i], aggnonce, pks, tweaks, is_xonly,
                                       msg, adaptor)


def partial_sig_agg_s(psigs, aggnonce, pks, tweaks, is_xonly, msg, adaptor=None):
    q, _, tacc, _, r, e = session_values(aggnonce, pks, tweaks, is_xonly, msg, adaptor)
    s = 0
    for i, p in enumerate(psigs):
        si = int_from_bytes(p)
        if si >= N:
            raise InvalidContribution(i, "psig")
        s = (s + si) % N
    g = 1 if has_even_y(q) else N - 1
    return r, (s + e * g * tacc) % N


def partial_sig_agg(psigs, aggnonce, pks, tweaks, is_xonly, msg) -> bytes:
    r, s = partial_sig_agg_s(psigs, aggnonce, pks, tweaks, is_xonly, msg)
    return xbytes(r) + bytes_from_int(s)


def deterministic_sign(sk, aggothernonce, pks, tweaks, is_xonly, msg, rand):
    sk_ = xor_bytes(sk, tagged_hash("MuSig/aux", rand)) if rand is not None else sk
    q, _, _ = key_agg_and_tweak(pks, tweaks, is_xonly)
    prefix = sk_ + aggothernonce + xbytes(q) + len(msg).to_bytes(8, "big") + msg
    k = [int_from_bytes(tagged_hash("MuSig/deterministic/nonce", prefix, bytes([i]))) % N for i in (0, 1)]
    pubnonce = point_to_compressed(base_mul(k[0])) + point_to_compressed(base_mul(k[1]))
    pk = point_to_compressed(base_mul(int_from_bytes(sk)))
    secnonce = bytes_from_int(k[0]) + bytes_from_int(k[1]) + pk
    try:
        aggnonce = nonce_agg([pubnonce, aggothernonce])
    except InvalidContribution:
        raise InvalidContribution(None, "aggothernonce")
    return pubnonce, sign(secnonce, sk, aggnonce, pks, tweaks, is_xonly, msg)


# --- checking --------------------------------------------------------------------

def raises(expected, f, *args) -> bool:
    """Whether f(*args) raises exactly the BIP-327 error `expected` names."""
    try:
        f(*args)
    except InvalidContribution as e:
        return (expected["type"] == "invalid_contribution" and e.signer == expected["signer"]
                and e.contrib == expected["contrib"])
    except Invalid as e:
        return expected["type"] == "value" and str(e) == expected["message"]
    return False


def load(name):
    return json.loads((HERE / "external" / "bip327" / name).read_text())


def hx(values):
    return [unhex(v) for v in values]


def check_bip327(record):
    v = load("key_sort_vectors.json")
    record(sorted(hx(v["pubkeys"])) == hx(v["sorted_pubkeys"]), "key_sort")

    v = load("key_agg_vectors.json")
    x, t = hx(v["pubkeys"]), hx(v["tweaks"])
    for c in v["valid_test_cases"]:
        record(xbytes(key_agg([x[i] for i in c["key_indices"]])[0]).hex() == c["expected"].lower(),
               f"key_agg {c['key_indices']}")
    for c in v["error_test_cases"]:
        record(raises(c["error"], key_agg_and_tweak, [x[i] for i in c["key_indices"]],
                      [t[i] for i in c["tweak_indices"]], c["is_xonly"]), f"key_agg error: {c['comment']}")

    v = load("nonce_gen_vectors.json")
    for c in v["test_cases"]:
        opt = lambda k: unhex(c[k]) if c[k] is not None else None
        got = nonce_gen(unhex(c["rand_"]), opt("sk"), unhex(c["pk"]), opt("aggpk"), opt("msg"), opt("extra_in"))
        record(got == (unhex(c["expected_secnonce"]), unhex(c["expected_pubnonce"])), "nonce_gen")

    v = load("nonce_agg_vectors.json")
    pn = hx(v["pnonces"])
    for c in v["valid_test_cases"]:
        record(nonce_agg([pn[i] for i in c["pnonce_indices"]]).hex() == c["expected"].lower(),
               f"nonce_agg {c['pnonce_indices']}")
    for c in v["error_test_cases"]:
        record(raises(c["error"], nonce_agg, [pn[i] for i in c["pnonce_indices"]]),
               f"nonce_agg error: {c['comment']}")

    v = load("sign_verify_vectors.json")
    sk, x, sn, pn, an, msgs = (unhex(v["sk"]), hx(v["pubkeys"]), hx(v["secnonces"]), hx(v["pnonces"]),
                               hx(v["aggnonces"]), hx(v["msgs"]))
    for c in v["valid_test_cases"]:
        pks = [x[i] for i in c["key_indices"]]
        pubnonces = [pn[i] for i in c["nonce_indices"]]
        aggnonce, msg = an[c["aggnonce_index"]], msgs[c["msg_index"]]
        psig = sign(sn[0], sk, aggnonce, pks, [], [], msg)
        ok = nonce_agg(pubnonces) == aggnonce and psig.hex() == c["expected"].lower()
        ok &= partial_sig_verify(psig, pubnonces, pks, [], [], msg, c["signer_index"])
        record(ok, f"sign_verify valid {c['key_indices']}")
    for c in v["sign_error_test_cases"]:
        pks = [x[i] for i in c["key_indices"]]
        record(raises(c["error"], sign, sn[c["secnonce_index"]], sk, an[c["aggnonce_index"]], pks, [], [],
                      msgs[c["msg_index"]]), f"sign error: {c['comment']}")
    for c in v["verify_fail_test_cases"]:
        record(not partial_sig_verify(unhex(c["sig"]), [pn[i] for i in c["nonce_indices"]],
                                      [x[i] for i in c["key_indices"]], [], [], msgs[c["msg_index"]],
                                      c["signer_index"]), f"verify fail: {c['comment']}")
    for c in v["verify_error_test_cases"]:
        record(raises(c["error"], partial_sig_verify, unhex(c["sig"]), [pn[i] for i in c["nonce_indices"]],
                      [x[i] for i in c["key_indices"]], [], [], msgs[c["msg_index"]], c["signer_index"]),
               f"verify error: {c['comment']}")

    v = load("tweak_vectors.json")
    sk, x, secnonce, pn, aggnonce, tw, msg = (unhex(v["sk"]), hx(v["pubkeys"]), unhex(v["secnonce"]),
                                              hx(v["pnonces"]), unhex(v["aggnonce"]), hx(v["tweaks"]),
                                              unhex(v["msg"]))
    for c in v["valid_test_cases"]:
        pks = [x[i] for i in c["key_indices"]]
        tweaks = [tw[i] for i in c["tweak_indices"]]
        psig = sign(secnonce, sk, aggnonce, pks, tweaks, c["is_xonly"], msg)
        ok = psig.hex() == c["expected"].lower()
        ok &= partial_sig_verify(psig, [pn[i] for i in c["nonce_indices"]], pks, tweaks, c["is_xonly"], msg,
                                 c["signer_index"])
        record(ok, f"tweak: {c['comment']}")
    for c in v["error_test_cases"]:
        record(raises(c["error"], sign, secnonce, sk, aggnonce, [x[i] for i in c["key_indices"]],
                      [tw[i] for i in c["tweak_indices"]], c["is_xonly"], msg), f"tweak error: {c['comment']}")

    v = load("det_sign_vectors.json")
    sk, x, msgs = unhex(v["sk"]), hx(v["pubkeys"]), hx(v["msgs"])
    for c in v["valid_test_cases"]:
        pks = [x[i] for i in c["key_indices"]]
        tweaks, msg = hx(c["tweaks"]), msgs[c["msg_index"]]
        rand = unhex(c["rand"]) if c["rand"] is not None else None
        other = unhex(c["aggothernonce"])
        pubnonce, psig = deterministic_sign(sk, other, pks, tweaks, c["is_xonly"], msg, rand)
        ok = [pubnonce.hex(), psig.hex()] == [e.lower() for e in c["expected"]]
        ok &= partial_sig_verify_internal(psig, pubnonce, pks[c["signer_index"]], nonce_agg([other, pubnonce]),
                                          pks, tweaks, c["is_xonly"], msg)
        record(ok, f"det_sign {c.get('comment', c['key_indices'])}")
    for c in v["error_test_cases"]:
        rand = unhex(c["rand"]) if c["rand"] is not None else None
        record(raises(c["error"], deterministic_sign, sk, unhex(c["aggothernonce"]),
                      [x[i] for i in c["key_indices"]], hx(c["tweaks"]), c["is_xonly"], msgs[c["msg_index"]],
                      rand), f"det_sign error: {c['comment']}")

    v = load("sig_agg_vectors.json")
    x, pn, tw, ps, msg = hx(v["pubkeys"]), hx(v["pnonces"]), hx(v["tweaks"]), hx(v["psigs"]), unhex(v["msg"])
    for c in v["valid_test_cases"]:
        aggnonce = nonce_agg([pn[i] for i in c["nonce_indices"]])
        pks = [x[i] for i in c["key_indices"]]
        tweaks = [tw[i] for i in c["tweak_indices"]]
        sig = partial_sig_agg([ps[i] for i in c["psig_indices"]], aggnonce, pks, tweaks, c["is_xonly"], msg)
        q = key_agg_and_tweak(pks, tweaks, c["is_xonly"])[0]
        ok = aggnonce.hex() == c["aggnonce"].lower() and sig.hex() == c["expected"].lower()
        record(ok and bip340_verify(msg, xbytes(q), sig), f"sig_agg {c['psig_indices']}")
    for c in v["error_test_cases"]:
        aggnonce = nonce_agg([pn[i] for i in c["nonce_indices"]])
        record(raises(c["error"], partial_sig_agg, [ps[i] for i in c["psig_indices"]], aggnonce,
                      [x[i] for i in c["key_indices"]], [tw[i] for i in c["tweak_indices"]], c["is_xonly"], msg),
               f"sig_agg error: {c['comment']}")


def tweak_lists(entry):
    return [unhex(t["tweak"]) for t in entry["tweaks"]], [t["is_xonly"] for t in entry["tweaks"]]


def check_adaptor(record, path=None):
    data = json.loads(pathlib.Path(path or HERE / "musig_adaptor.json").read_text())
    for c in data["valid"]:
        sks, pks = hx(c["secret_keys"]), hx(c["public_keys"])
        tweaks, is_xonly = tweak_lists(c)
        msg, adaptor, t = unhex(c["message"]), unhex(c["adaptor"]), int_from_bytes(unhex(c["adaptor_secret"]))
        q = key_agg_and_tweak(pks, tweaks, is_xonly)[0]
        ok = xbytes(q).hex() == c["aggregate_key"] and point_to_compressed(base_mul(t)) == adaptor
        ok &= all(point_to_compressed(base_mul(int_from_bytes(s))) == p for s, p in zip(sks, pks))
        for j, rand in enumerate(hx(c["nonce_rands"])):
            sec, pub = nonce_gen(rand, sks[j], pks[j], xbytes(q), msg, None)
            ok &= sec.hex() == c["secnonces"][j] and pub.hex() == c["pubnonces"][j]
        pubnonces = hx(c["pubnonces"])
        aggnonce = nonce_agg(pubnonces)
        ok &= aggnonce.hex() == c["aggnonce"]
        _, _, _, b, r, _ = session_values(aggnonce, pks, tweaks, is_xonly, msg, adaptor)
        ok &= bytes_from_int(b).hex() == c["nonce_coefficient"]
        ok &= point_to_compressed(r).hex() == c["final_nonce"] and (not has_even_y(r)) == c["nonce_parity"]
        psigs = [sign(unhex(sn), sks[j], aggnonce, pks, tweaks, is_xonly, msg, adaptor)
                 for j, sn in enumerate(c["secnonces"])]
        ok &= [p.hex() for p in psigs] == c["partial_signatures"]
        ok &= all(partial_sig_verify(p, pubnonces, pks, tweaks, is_xonly, msg, j, adaptor)
                  for j, p in enumerate(psigs))
        r, s = partial_sig_agg_s(psigs, aggnonce, pks, tweaks, is_xonly, msg, adaptor)
        pre = point_to_compressed(r) + bytes_from_int(s)
        ok &= pre.hex() == c["pre_signature"] and (xbytes(r) + bytes_from_int(s)).hex() == c["zkp_pre_sig"]
        ok &= adaptor_verify(pre, xbytes(q), msg, adaptor) is None
        sig = adapt(pre, t, xbytes(q), msg)
        ok &= sig.hex() == c["signature"] and bip340_verify(msg, xbytes(q), sig)
        ok &= extract(pre, sig, adaptor) == t
        record(ok, f"musig_adaptor valid: {c['comment']}")
    for c in data["invalid"]:
        e = c["error"]
        if "partial_signature" in c:
            tweaks, is_xonly = tweak_lists(c)
            adaptor = unhex(c["adaptor"]) if c["adaptor"] is not None else None
            ok = not partial_sig_verify(unhex(c["partial_signature"]), hx(c["pubnonces"]), hx(c["public_keys"]),
                                        tweaks, is_xonly, unhex(c["message"]), c["signer_index"], adaptor)
            ok &= e["type"] == "invalid_contribution" and e["signer"] == c["signer_index"] and e["contrib"] == "psig"
        elif "partial_signatures" in c:
            tweaks, is_xonly = tweak_lists(c)
            ok = raises(e, partial_sig_agg_s, hx(c["partial_signatures"]), unhex(c["aggnonce"]),
                        hx(c["public_keys"]), tweaks, is_xonly, unhex(c["message"]), unhex(c["adaptor"]))
        else:
            try:
                adaptor_verify(unhex(c["pre_signature"]), unhex(c["aggregate_key"]), unhex(c["message"]),
                               unhex(c["adaptor"]))
                got = None
            except Failure as ex:
                got = str(ex)
            ok = got == e
        record(ok, f"musig_adaptor invalid: {c['comment']}")


def check(path=None):
    """musig_adaptor.json (or the file at `path` in its schema); BIP-327's own
    vectors too when no path is given."""
    tally = Tally("musig")
    check_adaptor(tally.record, path)
    if path is None:
        check_bip327(tally.record)
    return tally.result()
