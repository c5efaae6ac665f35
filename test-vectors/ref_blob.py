"""Reference checker for blob.json (SPEC.md: Encrypted blob). Standard library
only: ChaCha20-Poly1305 (RFC 8439) and HKDF-SHA256 (RFC 5869) are written out
here from their RFCs; hashlib/hmac provide SHA-256 and HMAC."""

import hashlib
import hmac
import json
import pathlib
import struct

from ref_common import (Tally, N, P, base_mul, int_from_bytes, lift_x, point_from_compressed,
                        point_mul, point_to_compressed, tagged_hash, unhex)

HERE = pathlib.Path(__file__).resolve().parent

VERSION = 2
SALT = b"ptlc/blob/v2"
INFO = b"ptlc/blob/v2/keys"
EPHEMERAL_TAG = "ptlc/blob/v2/ephemeral"
HEADER_LEN = 1 + 33 + 32
TAG_LEN = 16
MIN_BUCKET = 256
MAX_PLAINTEXT_LEN = 65536


# --- RFC 8439 -------------------------------------------------------------------

def _rotl(v, c):
    return ((v << c) & 0xFFFFFFFF) | (v >> (32 - c))


def _quarter(s, a, b, c, d):
    s[a] = (s[a] + s[b]) & 0xFFFFFFFF; s[d] = _rotl(s[d] ^ s[a], 16)
    s[c] = (s[c] + s[d]) & 0xFFFFFFFF; s[b] = _rotl(s[b] ^ s[c], 12)
    s[a] = (s[a] + s[b]) & 0xFFFFFFFF; s[d] = _rotl(s[d] ^ s[a], 8)
    s[c] = (s[c] + s[d]) & 0xFFFFFFFF; s[b] = _rotl(s[b] ^ s[c], 7)


def chacha20_block(key, counter, nonce):
    state = ([0x61707865, 0x3320646E, 0x79622D32, 0x6B206574]
             + list(struct.unpack("<8I", key)) + [counter] + list(struct.unpack("<3I", nonce)))
    w = list(state)
    for _ in range(10):
        _quarter(w, 0, 4, 8, 12); _quarter(w, 1, 5, 9, 13)
        _quarter(w, 2, 6, 10, 14); _quarter(w, 3, 7, 11, 15)
        _quarter(w, 0, 5, 10, 15); _quarter(w, 1, 6, 11, 12)
        _quarter(w, 2, 7, 8, 13); _quarter(w, 3, 4, 9, 14)
    return struct.pack("<16I", *((a + b) & 0xFFFFFFFF for a, b in zip(w, state)))


def chacha20_xor(key, counter, nonce, data):
    out = bytearray()
    for i in range(0, len(data), 64):
        block = chacha20_block(key, counter + i // 64, nonce)
        out += bytes(x ^ y for x, y in zip(data[i:i + 64], block))
    return bytes(out)


def poly1305(key, msg):
    r = int.from_bytes(key[:16], "little") & 0x0FFFFFFC0FFFFFFC0FFFFFFC0FFFFFFF
    s = int.from_bytes(key[16:], "little")
    p = (1 << 130) - 5
    acc = 0
    for i in range(0, len(msg), 16):
        n = int.from_bytes(msg[i:i + 16] + b"\x01", "little")
        acc = ((acc + n) * r) % p
    return ((acc + s) % (1 << 128)).to_bytes(16, "little")


def _pad16(b):
    return b"\x00" * (-len(b) % 16)


def _tag(key, nonce, aad, ct):
    otk = chacha20_block(key, 0, nonce)[:32]
    mac_data = aad + _pad16(aad) + ct + _pad16(ct) + struct.pack("<QQ", len(aad), len(ct))
    return poly1305(otk, mac_data)


def aead_encrypt(key, nonce, aad, pt):
    ct = chacha20_xor(key, 1, nonce, pt)
    return ct, _tag(key, nonce, aad, ct)


def aead_decrypt(key, nonce, aad, ct, tag):
    if not hmac.compare_digest(_tag(key, nonce, aad, ct), tag):
        return None
    return chacha20_xor(key, 1, nonce, ct)


# --- RFC 5869 -------------------------------------------------------------------

def hkdf_sha256(salt, ikm, info, length):
    prk = hmac.new(salt, ikm, hashlib.sha256).digest()
    okm, t, i = b"", b"", 1
    while len(okm) < length:
        t = hmac.new(prk, t + info + bytes([i]), hashlib.sha256).digest()
        okm += t
        i += 1
    return okm[:length]


# --- SPEC.md, Encrypted blob -----------------------------------------------------

def padme(length):
    if length < 2:
        return length
    e = length.bit_length() - 1
    s = e.bit_length()
    mask = (1 << (e - s)) - 1
    return (length + mask) & ~mask


def bucket(n):
    return max(MIN_BUCKET, padme(n))


MAX_BLOB_LEN = HEADER_LEN + bucket(4 + MAX_PLAINTEXT_LEN) + TAG_LEN
MIN_BLOB_LEN = HEADER_LEN + MIN_BUCKET + TAG_LEN


def derive(shared_point, eph_ser, rcpt_ser, aad):
    # ikm is the compressed shared point itself, not libsecp256k1's default
    # (hashed) ECDH output.
    info = INFO + eph_ser + rcpt_ser + hashlib.sha256(aad).digest()
    okm = hkdf_sha256(SALT, point_to_compressed(shared_point), info, 64)
    return okm[:32], okm[32:]


def hedged_ephemeral(rand, rcpt_point, aad, plaintext):
    """Sealing step 2: e from the RNG's 32 bytes, the recipient, aad and plaintext."""
    if rand == b"\x00" * 32:
        raise ValueError("rng_failure")
    h = tagged_hash(EPHEMERAL_TAG, rand, point_to_compressed(rcpt_point),
                    hashlib.sha256(aad).digest(), hashlib.sha256(plaintext).digest())
    e = int_from_bytes(h) % N
    if e == 0:
        raise ValueError("invalid_ephemeral_key")
    return e


def seal(rcpt_point, aad, plaintext, rand):
    return seal_with_ephemeral(rcpt_point, aad, plaintext,
                               hedged_ephemeral(rand, rcpt_point, aad, plaintext))


def seal_with_ephemeral(rcpt_point, aad, plaintext, e):
    E = base_mul(e)
    eph_ser, rcpt_ser = point_to_compressed(E), point_to_compressed(rcpt_point)
    key, commitment = derive(point_mul(rcpt_point, e), eph_ser, rcpt_ser, aad)
    body_len = bucket(4 + len(plaintext))
    body = struct.pack(">I", len(plaintext)) + plaintext
    body += b"\x00" * (body_len - len(body))
    ct, tag = aead_encrypt(key, b"\x00" * 12, aad, body)
    return bytes([VERSION]) + eph_ser + commitment + ct + tag


class OpenError(Exception):
    def __init__(self, name, tlv=None):
        super().__init__(name)
        self.name, self.tlv = name, tlv


def open_blob(r, aad, blob):
    """Returns the plaintext or raises OpenError with SPEC.md's error name."""
    if len(blob) == 0:
        raise OpenError("truncated")
    if blob[0] != VERSION:
        raise OpenError("unknown_version")
    if len(blob) > MAX_BLOB_LEN:
        raise OpenError("too_large")
    if len(blob) < MIN_BLOB_LEN:
        raise OpenError("truncated")
    body_len = len(blob) - HEADER_LEN - TAG_LEN
    if bucket(body_len) != body_len:
        raise OpenError("invalid_length")
    eph_ser, commitment = blob[1:34], blob[34:66]
    E = point_from_compressed(eph_ser)
    if E is None:
        raise OpenError("invalid_ephemeral_key")
    key, expect = derive(point_mul(E, r), eph_ser, point_to_compressed(base_mul(r)), aad)
    if not hmac.compare_digest(expect, commitment):
        raise OpenError("key_commitment_mismatch")
    body = aead_decrypt(key, b"\x00" * 12, aad, blob[66:66 + body_len], blob[66 + body_len:])
    if body is None:
        raise OpenError("authentication_failed")
    n = struct.unpack(">I", body[:4])[0]
    if n > body_len - 4 or any(body[4 + n:]):
        raise OpenError("bad_padding")
    if n > MAX_PLAINTEXT_LEN:
        raise OpenError("plaintext_too_long")
    if bucket(4 + n) != body_len:
        raise OpenError("non_canonical_bucket")
    pt = body[4:4 + n]
    err = tlv_validate(pt)
    if err is not None:
        raise OpenError("tlv", err)
    return pt


# --- BOLT #1 TLV ---------------------------------------------------------------

class TlvError(Exception):
    def __init__(self, name, typ=None):
        super().__init__(name)
        self.name, self.typ = name, typ

    def as_dict(self):
        d = {"error": self.name}
        if self.typ is not None:
            d["type"] = self.typ
        return d


def read_bigsize(b, i):
    if i >= len(b):
        raise TlvError("truncated")
    first = b[i]
    if first < 0xFD:
        return first, i + 1
    width, minimum = {0xFD: (2, 0xFD), 0xFE: (4, 0x10000), 0xFF: (8, 0x100000000)}[first]
    if i + 1 + width > len(b):
        raise TlvError("truncated")
    v = int.from_bytes(b[i + 1:i + 1 + width], "big")
    if v < minimum:
        raise TlvError("non_minimal_bigsize")
    return v, i + 1 + width


def tlv_records(b):
    """Yields (type, value); raises TlvError per SPEC.md's rule order."""
    i, last = 0, None
    while i < len(b):
        typ, i = read_bigsize(b, i)
        length, i = read_bigsize(b, i)
        if last is not None and typ == last:
            raise TlvError("duplicate")
        if last is not None and typ < last:
            raise TlvError("not_ascending")
        if length > len(b) - i:
            raise TlvError("length_overrun")
        yield typ, b[i:i + length]
        i += length
        last = typ


def tlv_validate(b):
    try:
        for _ in tlv_records(b):
            pass
    except TlvError as e:
        return e.as_dict()
    return None


def parse_tu(v, max_len, typ):
    if len(v) > max_len or (len(v) > 0 and v[0] == 0):
        raise TlvError("invalid_value", typ)
    return int.from_bytes(v, "big")


def parse_package(b):
    fields = {}
    for typ, v in tlv_records(b):
        if typ == 0:
            if not 1 <= len(v) <= 60000:
                raise TlvError("invalid_value", 0)
            fields["transaction"] = v
        elif typ == 2:
            if len(v) != 32 or lift_x(int_from_bytes(v)) is None:
                raise TlvError("invalid_value", 2)
            fields["signer"] = v
        elif typ == 4:
            if len(v) != 64:
                raise TlvError("invalid_value", 4)
            fields["signature"] = v
        elif typ == 6:
            fields["amount_msat"] = parse_tu(v, 8, 6)
        elif typ == 8:
            fields["expiry"] = parse_tu(v, 8, 8)
        elif typ == 9:
            fields["note"] = v
        elif typ % 2 == 0:
            raise TlvError("unknown_even_type", typ)
    for typ, name in ((0, "transaction"), (2, "signer"), (4, "signature"),
                      (6, "amount_msat"), (8, "expiry")):
        if name not in fields:
            raise TlvError("missing_record", typ)
    fields.setdefault("note", None)
    return fields


# --- SPEC.md, The MuSig2 package ----------------------------------------------------

def _compressed(v):
    return point_from_compressed(v) is not None


# type: (name, value rule). Types 0, 6, 8 and 9 are the package's own; 10 to 20
# replace the BIP-340 signer (2) and signature (4), which are unknown even types here.
MUSIG_RECORDS = {
    0: ("transaction", lambda v: 1 <= len(v) <= 60000),
    6: ("amount_msat", None),
    8: ("expiry", None),
    9: ("note", lambda v: True),
    10: ("musig_keys", lambda v: len(v) == 66 and _compressed(v[:33]) and _compressed(v[33:])),
    12: ("musig_tweak", lambda v: len(v) == 32),
    14: ("musig_payer_index", lambda v: v in (b"\x00", b"\x01")),
    16: ("musig_payer_nonce", lambda v: len(v) == 66 and _compressed(v[:33]) and _compressed(v[33:])),
    18: ("musig_cosigner_nonce_id", lambda v: len(v) == 32),
    20: ("musig_partial_signature", lambda v: len(v) == 32),
}


def parse_musig_package(b):
    """The fields as musig_packages entries write them, or TlvError. Each record's
    value rule runs as it is read; missing records after the whole stream, lowest type first."""
    raw = {}
    for typ, v in tlv_records(b):
        if typ in (6, 8):
            raw[typ] = parse_tu(v, 8, typ)
        elif typ in MUSIG_RECORDS:
            if not MUSIG_RECORDS[typ][1](v):
                raise TlvError("invalid_value", typ)
            raw[typ] = v
        elif typ % 2 == 0:
            raise TlvError("unknown_even_type", typ)
    for typ in sorted(MUSIG_RECORDS):
        if typ != 9 and typ not in raw:
            raise TlvError("missing_record", typ)
    fields = {}
    for typ, (name, _) in MUSIG_RECORDS.items():
        v = raw.get(typ)
        if typ == 10:
            v = [v[:33].hex(), v[33:].hex()]
        elif typ == 14:
            v = v[0]
        elif isinstance(v, bytes):
            v = v.hex()
        fields[name] = v
    return fields


def write_bigsize(n):
    if n < 0xFD:
        return bytes([n])
    for prefix, width in ((0xFD, 2), (0xFE, 4), (0xFF, 8)):
        if n < 1 << (8 * width):
            return bytes([prefix]) + n.to_bytes(width, "big")
    raise ValueError(n)


def tu64(n):
    return n.to_bytes(8, "big").lstrip(b"\x00")


def encode_musig_package(f):
    """A musig_packages entry's fields, encoded: every record in ascending type order."""
    values = {
        0: unhex(f["transaction"]),
        6: tu64(f["amount_msat"]),
        8: tu64(f["expiry"]),
        9: unhex(f["note"]) if f["note"] is not None else None,
        10: b"".join(unhex(k) for k in f["musig_keys"]),
        12: unhex(f["musig_tweak"]),
        14: bytes([f["musig_payer_index"]]),
        16: unhex(f["musig_payer_nonce"]),
        18: unhex(f["musig_cosigner_nonce_id"]),
        20: unhex(f["musig_partial_signature"]),
    }
    return b"".join(write_bigsize(t) + write_bigsize(len(v)) + v
                    for t, v in sorted(values.items()) if v is not None)


# --- checks ---------------------------------------------------------------------

def _rfc8439_self_test():
    # RFC 8439 section 2.8.2 AEAD test vector.
    key = bytes(range(0x80, 0xA0))
    nonce = unhex("070000004041424344454647")
    aad = unhex("50515253c0c1c2c3c4c5c6c7")
    pt = (b"Ladies and Gentlemen of the class of '99: If I could offer you only one "
          b"tip for the future, sunscreen would be it.")
    ct, tag = aead_encrypt(key, nonce, aad, pt)
    ok = (ct[:16].hex() == "d31a8d34648e60db7b86afbc53ef7ec2"
          and tag.hex() == "1ae10b594f09e26a7e902ecbd0600691"
          and aead_decrypt(key, nonce, aad, ct, tag) == pt)
    # RFC 5869 test case 1.
    okm = hkdf_sha256(unhex("000102030405060708090a0b0c"), b"\x0b" * 22,
                      unhex("f0f1f2f3f4f5f6f7f8f9"), 42)
    return ok and okm.hex().startswith("3cb25f25faacd57a90434f64d0362f2a")


def check(path=None):
    """Checks `path` (a file in blob.json's schema, such as one `ptlc-kit gen` wrote),
    or with no path the committed blob.json."""
    data = json.loads(pathlib.Path(path or HERE / "blob.json").read_text())
    tally = Tally("blob")
    record = tally.record

    record(_rfc8439_self_test(), "RFC 8439 / RFC 5869 self-test")

    for v in data["blobs"]:
        r = int_from_bytes(unhex(v["recipient_secret"]))
        rand = unhex(v["rand"])
        rcpt = base_mul(r)
        aad, pt, blob = unhex(v["aad"]), unhex(v["plaintext"]), unhex(v["blob"])
        ok = point_to_compressed(rcpt).hex() == v["recipient_pubkey"]
        ok = ok and seal(rcpt, aad, pt, rand) == blob
        try:
            ok = ok and open_blob(r, aad, blob) == pt
        except OpenError:
            ok = False
        record(ok, v["comment"])

    for v in data["invalid_blobs"]:
        r = int_from_bytes(unhex(v["recipient_secret"]))
        try:
            open_blob(r, unhex(v["aad"]), unhex(v["blob"]))
            record(False, v["comment"] + " (opened)")
        except OpenError as err:
            record(err.name == v["error"] and err.tlv == v.get("tlv"),
                   f'{v["comment"]}: got {err.name} {err.tlv}')

    for v in data["tlv_streams"]:
        err = tlv_validate(unhex(v["stream"]))
        if v["valid"]:
            record(err is None, v["comment"])
        else:
            want = {"error": v["error"]}
            if "type" in v:
                want["type"] = v["type"]
            record(err == want, f'{v["comment"]}: got {err}')

    for v in data["packages"]:
        try:
            f = parse_package(unhex(v["encoding"]))
            ok = (f["transaction"].hex() == v["transaction"] and f["signer"].hex() == v["signer"]
                  and f["signature"].hex() == v["signature"]
                  and f["amount_msat"] == v["amount_msat"] and f["expiry"] == v["expiry"]
                  and (f["note"].hex() if f["note"] is not None else None) == v["note"])
        except TlvError:
            ok = False
        record(ok, v["comment"])

    for kind, parse in (("invalid_packages", parse_package),
                        ("invalid_musig_packages", parse_musig_package)):
        for v in data[kind]:
            try:
                parse(unhex(v["encoding"]))
                record(v["valid"], v["comment"])
            except TlvError as err:
                want = {"error": v.get("error")}
                if "type" in v:
                    want["type"] = v["type"]
                record(not v["valid"] and err.as_dict() == want, f'{v["comment"]}: got {err.as_dict()}')

    for v in data["musig_packages"]:
        enc = unhex(v["encoding"])
        fields = {k: x for k, x in v.items() if k not in ("encoding", "comment")}
        try:
            ok = encode_musig_package(fields) == enc and parse_musig_package(enc) == fields
        except (TlvError, KeyError, ValueError):
            ok = False
        record(ok, v["comment"])

    return tally.result()


if __name__ == "__main__":
    print(check())
