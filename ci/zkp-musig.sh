#!/usr/bin/env bash
# Cross-test of ptlc's MuSig2 adaptor sessions against secp256k1-zkp's C musig
# module (ci/zkp-musig/: the copy vendored in secp256k1-zkp-sys 0.10.1, compiled
# with ENABLE_MODULE_MUSIG). Exits non-zero on any disagreement.
#
#   bash ci/zkp-musig.sh          # 500 random sessions and test-vectors/musig_adaptor.json
#   bash ci/zkp-musig.sh 5000     # more sessions
set -euo pipefail
cd "$(dirname "$0")/.."
# The vendored C source comes from the secp256k1-zkp-sys crate (a dev-dependency).
cargo fetch --quiet
cd ci/zkp-musig
cargo run --release --quiet -- "${1:-500}"
