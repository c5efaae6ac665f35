#!/usr/bin/env python3
"""Seeds fuzz/corpus/musig_*/ from test-vectors/musig_adaptor.json and BIP-327's
vectors in test-vectors/external/bip327/ (run by ci/fuzz.sh after
seed_corpora.py). The key context encoding (131 bytes: Q || gacc flag || tacc
|| hash of the key list || second key) is computed with test-vectors/ref_musig.py.
"""
import hashlib
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "test-vectors"))

import ref_musig as m  # noqa: E402
from ref_common import N, bytes_from_int, point_to_compressed, tagged_hash, unhex  # noqa: E402
from seed_corpora import all_strings, hex_bytes  # noqa: E402


def hex_strings(node):
    return (b for b in map(hex_bytes, all_strings(node)) if b is not None)


def context_bytes(pks, tweaks, is_xonly) -> bytes:
    q, gacc, tacc = m.key_agg_and_tweak(pks, tweaks, is_xonly)
    keys_hash = tagged_hash("KeyAgg list", b"".join(pks))
    return (point_to_compressed(q) + bytes([1 if gacc == N - 1 else 0]) + bytes_from_int(tacc)
            + keys_hash + m.second_key(pks))


def main():
    only = set(sys.argv[1:])
    docs = [json.loads(p.read_text()) for p in sorted((ROOT / "test-vectors").rglob("*.json"))]
    strings = [b for d in docs for b in hex_strings(d)]
    adaptor = json.loads((ROOT / "test-vectors" / "musig_adaptor.json").read_text())
    seeds = {
        "musig_nonce_parse": [b for b in strings if len(b) in (66, 97)],
        "musig_key_agg": [],
        "musig_partial_sig_verify": [b for b in strings if len(b) == 32],
    }
    for c in adaptor["valid"]:
        pks = [unhex(p) for p in c["public_keys"]]
        tweaks = [unhex(t["tweak"]) for t in c["tweaks"]]
        flags = [t["is_xonly"] for t in c["tweaks"]]
        seeds["musig_nonce_parse"].append(b"".join(unhex(p) for p in c["pubnonces"]))
        seeds["musig_key_agg"].append(bytes([len(pks)]) + b"".join(pks)
                                      + b"".join(bytes([int(x)]) + t for t, x in zip(tweaks, flags)))
        ctx = context_bytes(pks, tweaks, flags)
        seeds["musig_key_agg"].append(ctx)
        for j, psig in enumerate(c["partial_signatures"]):
            seeds["musig_partial_sig_verify"].append(
                ctx + unhex(c["aggnonce"]) + unhex(c["pubnonces"][j]) + pks[j] + unhex(psig)
                + b"\x01" + unhex(c["adaptor"]) + unhex(c["message"]))
    for target, items in seeds.items():
        if only and target not in only:
            continue
        out = ROOT / "fuzz" / "corpus" / target
        out.mkdir(parents=True, exist_ok=True)
        for s in items:
            (out / hashlib.sha1(s).hexdigest()).write_bytes(s)
        print(f"seed: {target}: {len(items)} seeds from test-vectors/")


if __name__ == "__main__":
    main()
