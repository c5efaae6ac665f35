#!/usr/bin/env bash
# Fuzz smoke test: every cargo-fuzz target in fuzz/ runs for FUZZ_SECONDS
# (default 20) from a corpus seeded with the vectors in test-vectors/.
#
#   bash ci/fuzz.sh                       # all targets, 20 s each (CI)
#   FUZZ_SECONDS=600 bash ci/fuzz.sh      # longer run, every target
#   bash ci/fuzz.sh route_hop             # chosen targets only
#
# A long run of one target on all cores (corpus grows in fuzz/corpus/TARGET):
#   python3 fuzz/seed_corpora.py route_hop
#   cd fuzz && cargo +nightly fuzz run route_hop -O --jobs 2 -- -max_total_time=3600
#
# A crash is saved under fuzz/artifacts/TARGET/; reproduce it with
#   cd fuzz && cargo +nightly fuzz run TARGET artifacts/TARGET/crash-...
# then turn it into a regression test in tests/fuzz_regressions.rs (the input
# bytes inline, asserting the typed error) before fixing it.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${FUZZ_SECONDS:-20}
if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi

python3 fuzz/seed_corpora.py "$@"
# The musig_* targets (nonce, key context and partial signature parsers,
# PartialSigVerify) are seeded from the MuSig2 vectors by their own script.
python3 fuzz/seed_musig.py "$@"
cd fuzz
if [ $# -gt 0 ]; then targets=("$@"); else mapfile -t targets < <(cargo +nightly fuzz list); fi

cargo +nightly fuzz build -O
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
failed=()
for t in "${targets[@]}"; do
    start=$SECONDS
    if cargo +nightly fuzz run "$t" -O -- -max_total_time="$seconds" -print_final_stats=1 \
        >"$logs/$t.log" 2>&1; then
        runs=$(awk '/^stat::number_of_executed_units/ {print $2}' "$logs/$t.log")
        cov=$(awk '/DONE/ {for (i = 1; i < NF; i++) if ($i == "cov:") print "cov: " $(i + 1)}' \
            "$logs/$t.log")
        echo "fuzz: ok: $t: ${runs:-?} runs in $((SECONDS - start)) s, ${cov:-cov: ?}"
    else
        tail -40 "$logs/$t.log" >&2
        echo "fuzz: FAILED: $t (input saved under fuzz/artifacts/$t/)" >&2
        failed+=("$t")
    fi
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz: FAILED targets: ${failed[*]}" >&2
    exit 1
fi
