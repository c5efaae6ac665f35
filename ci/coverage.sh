#!/usr/bin/env bash
# Line coverage of src/ by the test suite (cargo-llvm-cov, all features).
# On demand, not in .ci/run:
#   bash ci/coverage.sh            # summary table for src/
#   bash ci/coverage.sh --html     # plus target/llvm-cov/html/index.html
#   COVERAGE_DOCTESTS=1 bash ci/coverage.sh   # also count doc tests (nightly)
# Uses rustup's llvm-tools if installed, else Debian's LLVM of the same major
# version as rustc's (apt-get install llvm-N) through LLVM_COV / LLVM_PROFDATA.
# Doc tests are counted only with COVERAGE_DOCTESTS=1 (nightly's --doctests;
# nightly's LLVM must have the same major version as the llvm-cov used).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! cargo llvm-cov --version >/dev/null 2>&1; then
    cargo install cargo-llvm-cov --locked
fi
sysroot=$(rustc --print sysroot)
if ! ls "$sysroot"/lib/rustlib/*/bin/llvm-cov >/dev/null 2>&1; then
    major=$(rustc -vV | sed -n 's/^LLVM version: \([0-9]*\).*/\1/p')
    if [ ! -x "/usr/lib/llvm-$major/bin/llvm-cov" ]; then
        sudo_cmd=()
        if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1; then sudo_cmd=(sudo); fi
        "${sudo_cmd[@]}" apt-get update -qq
        DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "llvm-$major" >/dev/null
    fi
    export LLVM_COV="/usr/lib/llvm-$major/bin/llvm-cov"
    export LLVM_PROFDATA="/usr/lib/llvm-$major/bin/llvm-profdata"
fi

# Only the library's own sources: not tests/, benches/, examples/ or dependencies.
ignore='(^|/)(tests|benches|examples|ci|fuzz)/|\.cargo/registry'
extra=()
toolchain=()
[ "${1:-}" = --html ] && extra=(--html)
if [ "${COVERAGE_DOCTESTS:-0}" = 1 ]; then toolchain=(+nightly); extra+=(--doctests); fi
cargo "${toolchain[@]}" llvm-cov --all-features --ignore-filename-regex "$ignore" "${extra[@]}" \
    --summary-only 2>&1 | tee target/coverage-summary.txt | grep -vE '^\s*(Compiling|Running|Finished|Doc-tests)'
total=$(awk '/^TOTAL/ {print $10}' target/coverage-summary.txt)
echo "coverage: line coverage of src/: ${total:-?}"
