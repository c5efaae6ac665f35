"""Shared secp256k1 maths for the reference checkers (standard library only).

Slow, readable and variable-time: this is a reference, not the product. Written
from SPEC.md's notation section and BIP-340. Points are affine `(x, y)` tuples;
`None` is the point at infinity.
"""

import hashlib

P = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFC2F
N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
G = (
    0x79BE667EF9DCBBAC55A06295CE870B07029BFCDB2DCE28D959F2815B16F81798,
    0x483ADA7726A3C4655DA4FBFC0E1108A8FD17B448A68554199C47D08FFB10D4B8,
)


# --- integers and bytes ----------------------------------------------------

def int_from_bytes(b: bytes) -> int:
    return int.from_bytes(b, "big")


def bytes_from_int(x: int, length: int = 32) -> bytes:
    return x.to_bytes(length, "big")


def unhex(s: str) -> bytes:
    return bytes.fromhex(s)


# --- hashing ----------------------------------------------------------------

def sha256(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def tagged_hash(tag: str, *parts: bytes) -> bytes:
    """BIP-340 tagged hash: SHA256(SHA256(tag) || SHA256(tag) || parts)."""
    t = sha256(tag.encode())
    return sha256(t + t + b"".join(parts))


def xor_bytes(a: bytes, b: bytes) -> bytes:
    return bytes(x ^ y for x, y in zip(a, b))


# --- group ------------------------------------------------------------------

def is_infinite(p) -> bool:
    return p is None


def point_add(p1, p2):
    if p1 is None:
        return p2
    if p2 is None:
        return p1
    if p1[0] == p2[0] and p1[1] != p2[1]:
        return None
    if p1 == p2:
        lam = (3 * p1[0] * p1[0] * pow(2 * p1[1], P - 2, P)) % P
    else:
        lam = ((p2[1] - p1[1]) * pow(p2[0] - p1[0], P - 2, P)) % P
    x3 = (lam * lam - p1[0] - p2[0]) % P
    return (x3, (lam * (p1[0] - x3) - p1[1]) % P)


def point_neg(p):
    return None if p is None else (p[0], (P - p[1]) % P)


# k·P by double-and-add in Jacobian coordinates (X/Z^2, Y/Z^3): one field
# inversion at the end instead of one per step, the textbook formulas
# (Hankerson, Menezes, Vanstone, "Guide to Elliptic Curve Cryptography", 3.2.2;
# a = 0 for secp256k1). Infinity is Z = 0.

def _jacobian_double(p):
    x, y, z = p
    if y == 0 or z == 0:
        return (0, 1, 0)
    s = 4 * x * y * y % P
    m = 3 * x * x % P
    x2 = (m * m - 2 * s) % P
    return (x2, (m * (s - x2) - 8 * pow(y, 4, P)) % P, 2 * y * z % P)


def _jacobian_add(p, q):
    if p[2] == 0:
        return q
    if q[2] == 0:
        return p
    z1z1, z2z2 = p[2] * p[2] % P, q[2] * q[2] % P
    u1, u2 = p[0] * z2z2 % P, q[0] * z1z1 % P
    s1, s2 = p[1] * z2z2 * q[2] % P, q[1] * z1z1 * p[2] % P
    if u1 == u2:
        return _jacobian_double(p) if s1 == s2 else (0, 1, 0)
    h, r = (u2 - u1) % P, (s2 - s1) % P
    h2 = h * h % P
    h3 = h * h2 % P
    x3 = (r * r - h3 - 2 * u1 * h2) % P
    return (x3, (r * (u1 * h2 - x3) - s1 * h3) % P, h * p[2] * q[2] % P)


def point_mul(p, k: int):
    """k·p for an affine point p (None is infinity)."""
    if p is None:
        return None
    r, q = (0, 1, 0), (p[0], p[1], 1)
    k %= N
    while k:
        if k & 1:
            r = _jacobian_add(r, q)
        q = _jacobian_double(q)
        k >>= 1
    if r[2] == 0:
        return None
    zi = pow(r[2], P - 2, P)
    return (r[0] * zi * zi % P, r[1] * zi * zi * zi % P)


def base_mul(k: int):
    return point_mul(G, k)


def has_even_y(p) -> bool:
    return p[1] % 2 == 0


def lift_x(x: int):
    """The point with x-coordinate x and even y, or None (BIP-340 lift_x)."""
    if x >= P:
        return None
    y_sq = (pow(x, 3, P) + 7) % P
    y = pow(y_sq, (P + 1) // 4, P)
    if pow(y, 2, P) != y_sq:
        return None
    return (x, y if y % 2 == 0 else P - y)


def bytes_from_point(p) -> bytes:
    """32-byte x-only encoding."""
    return bytes_from_int(p[0])


def point_to_compressed(p) -> bytes:
    return bytes([2 if p[1] % 2 == 0 else 3]) + bytes_from_int(p[0])


def point_from_compressed(b: bytes):
    """Parses a 33-byte compressed point; None if the encoding is invalid."""
    if len(b) != 33 or b[0] not in (2, 3):
        return None
    p = lift_x(int_from_bytes(b[1:]))
    if p is None:
        return None
    if (b[0] == 3) != (p[1] % 2 == 1):
        p = point_neg(p)
    return p


# --- BIP-340 ------------------------------------------------------------------

def bip340_challenge(r_x: bytes, pk_x: bytes, msg: bytes) -> int:
    return int_from_bytes(tagged_hash("BIP0340/challenge", r_x, pk_x, msg)) % N


def bip340_pubkey(seckey: bytes) -> bytes:
    d = int_from_bytes(seckey)
    if not 1 <= d <= N - 1:
        raise ValueError("secret key out of range")
    return bytes_from_point(base_mul(d))


def bip340_sign(msg: bytes, seckey: bytes, aux_rand: bytes) -> bytes:
    d0 = int_from_bytes(seckey)
    if not 1 <= d0 <= N - 1:
        raise ValueError("secret key out of range")
    pk = base_mul(d0)
    d = d0 if has_even_y(pk) else N - d0
    t = xor_bytes(bytes_from_int(d), tagged_hash("BIP0340/aux", aux_rand))
    k0 = int_from_bytes(tagged_hash("BIP0340/nonce", t, bytes_from_point(pk), msg)) % N
    if k0 == 0:
        raise RuntimeError("nonce is zero")
    r = base_mul(k0)
    k = k0 if has_even_y(r) else N - k0
    e = bip340_challenge(bytes_from_point(r), bytes_from_point(pk), msg)
    sig = bytes_from_point(r) + bytes_from_int((k + e * d) % N)
    if not bip340_verify(msg, bytes_from_point(pk), sig):
        raise RuntimeError("produced signature does not verify")
    return sig


def bip340_verify(msg: bytes, pubkey: bytes, sig: bytes) -> bool:
    if len(pubkey) != 32 or len(sig) != 64:
        return False
    pk = lift_x(int_from_bytes(pubkey))
    r = int_from_bytes(sig[0:32])
    s = int_from_bytes(sig[32:64])
    if pk is None or r >= P or s >= N:
        return False
    e = bip340_challenge(sig[0:32], pubkey, msg)
    big_r = point_add(base_mul(s), point_neg(point_mul(pk, e)))
    return big_r is not None and has_even_y(big_r) and big_r[0] == r


# --- checking -----------------------------------------------------------------

class Failure(Exception):
    """A SPEC.md failure case; the message is the error name used in the vectors."""


def error_of(f, *args):
    """The failure name `f(*args)` raises, or None if it succeeds."""
    try:
        f(*args)
    except Failure as e:
        return str(e)
    return None


class Tally:
    """Counts a module's checks and prints each one that fails."""

    def __init__(self, name: str):
        self.name = name
        self.passed = 0
        self.failed = 0

    def record(self, ok, what) -> None:
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            print(f"  {self.name}: FAILED {what}")

    def result(self):
        return self.passed, self.failed
