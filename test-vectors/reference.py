#!/usr/bin/env python3
"""Independent reference implementation of SPEC.md, standard library only.

Slow and readable on purpose. Each area lives in its own module beside this
file (ref_*.py); this driver runs every module's `check()` and exits non-zero
if any vector disagrees.
"""
import importlib
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

MODULES = sorted(p.stem for p in HERE.glob("ref_*.py") if p.stem != "ref_common")


def main() -> int:
    passed = failed = 0
    for name in MODULES:
        mod = importlib.import_module(name)
        p, f = mod.check()
        print(f"{name}: {p} passed, {f} failed")
        passed += p
        failed += f
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
