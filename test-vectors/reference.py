#!/usr/bin/env python3
"""Independent reference implementation of SPEC.md, standard library only.

Slow and readable on purpose. Each area lives in its own module beside this
file (ref_*.py); this driver runs every module's `check()` and exits non-zero
if any vector disagrees.

    python3 reference.py               every committed vector file
    python3 reference.py SCHEME FILE   one file in test-vectors/SCHEME.json's schema
                                       (such as one `ptlc-kit gen SCHEME` wrote)
"""
import importlib
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

MODULES = sorted(p.stem for p in HERE.glob("ref_*.py") if p.stem != "ref_common")
# Schemes whose module is named otherwise (ref_musig also checks BIP-327's vectors).
MODULE_OF = {"musig_adaptor": "ref_musig"}


def module_of(scheme: str) -> str:
    return MODULE_OF.get(scheme, f"ref_{scheme}")


def main(args) -> int:
    if args:
        if len(args) != 2 or module_of(args[0]) not in MODULES:
            schemes = ", ".join(sorted({m[len("ref_"):] for m in MODULES} | set(MODULE_OF)))
            print(f"usage: reference.py [SCHEME FILE] (SCHEME one of {schemes})", file=sys.stderr)
            return 2
        runs = [(module_of(args[0]), args[1])]
    else:
        runs = [(name, None) for name in MODULES]
    passed = failed = 0
    for name, path in runs:
        mod = importlib.import_module(name)
        p, f = mod.check() if path is None else mod.check(path)
        print(f"{name}: {p} passed, {f} failed")
        passed += p
        failed += f
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
