#!/usr/bin/env python3
"""Seeds fuzz/corpus/TARGET/ from the JSON vector files in test-vectors/.

Corpora are generated at run time (and gitignored). Each target names the
fields it reads from one JSON object, in input order; every object (at any
depth, in any test-vectors/*.json file) that has all of them gives one seed: the
hex-decoded fields concatenated. Fields given as `"len:N"` instead take every
hex string of N bytes anywhere in the vectors. A target whose input is text
(`"text:"` prefix) takes the hex strings themselves as seeds.

Adding a target: one line in TARGETS.
"""
import hashlib
import json
import os
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent

TARGETS = {
    "payment_point": [["len:33"]],
    "payment_scalar": [["len:32"]],
    "hex_parse": [["text:len:33"]],
    "route_hop": [["incoming", "outgoing", "tweak", "downstream_scalar"]],
    "schnorr_presig_verify": [["pre_signature", "public_key", "message", "adaptor"], ["len:65"]],
    "schnorr_extract": [["pre_signature", "signature", "adaptor"]],
    "pay_for_signature": [
        ["public_key", "message", "nonce", "signature_scalar"],
        ["public_key", "message", "nonce", "scalar"],
    ],
    "tlv_parse": [["stream"]],
    "package_parse": [["encoding"]],
    "blob_open": [["recipient_secret", "u8len:aad", "blob"]],
    "ecdsa_adaptor_verify": [["adaptor_sig", "public_key", "message", "adaptor_point"]],
    "ecdsa_extract": [["adaptor_sig", "signature", "adaptor_point"]],
    "mailbox_peel": [["privkey", "onion_message"]],
    "blinded_path_parse": [],
    "pay_for_partial_signature": [],
}


def walk(node):
    if isinstance(node, dict):
        yield node
        for v in node.values():
            yield from walk(v)
    elif isinstance(node, list):
        for v in node:
            yield from walk(v)


def hex_bytes(v):
    if not isinstance(v, str) or len(v) % 2:
        return None
    try:
        return bytes.fromhex(v)
    except ValueError:
        return None


def all_strings(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for v in node.values():
            yield from all_strings(v)
    elif isinstance(node, list):
        for v in node:
            yield from all_strings(v)


def field_bytes(obj, field):
    """A hex field; `u8len:NAME` prefixes it with its length as one byte."""
    if field.startswith("u8len:"):
        b = hex_bytes(obj.get(field[6:]))
        return None if b is None or len(b) > 255 else bytes([len(b)]) + b
    return hex_bytes(obj.get(field))


def seeds_for(rule, docs):
    field = rule[0]
    if field.startswith("text:len:") or field.startswith("len:"):
        n = int(field.rsplit(":", 1)[1])
        for doc in docs:
            for s in all_strings(doc):
                b = hex_bytes(s)
                if b is not None and len(b) == n:
                    yield s.encode() if field.startswith("text:") else b
        return
    for doc in docs:
        for obj in walk(doc):
            parts = [field_bytes(obj, f) for f in rule]
            if all(p is not None for p in parts):
                yield b"".join(parts)


def main():
    docs = []
    for path in sorted((ROOT / "test-vectors").rglob("*.json")):
        with open(path) as f:
            docs.append(json.load(f))
    only = set(sys.argv[1:])
    for target, rules in TARGETS.items():
        if only and target not in only:
            continue
        out = ROOT / "fuzz" / "corpus" / target
        out.mkdir(parents=True, exist_ok=True)
        n = 0
        for rule in rules:
            for seed in seeds_for(rule, docs):
                name = hashlib.sha1(seed).hexdigest()
                (out / name).write_bytes(seed)
                n += 1
        print(f"seed: {target}: {n} seeds from test-vectors/")


if __name__ == "__main__":
    main()
