#!/usr/bin/env bash
# Constant-time check (ci/ctime/): runs every secret-handling operation of ptlc
# with its secrets marked undefined for valgrind memcheck. Any branch or memory
# index that depends on a secret is an error. Then proves the harness works: the
# deliberately leaky controls must be flagged, and without the suppressions the
# secp256k1 wrapper's return-code branches must show up (the secrets really do
# reach libsecp256k1; the check is not vacuous).
#
#   bash ci/ctime.sh              # everything, as CI runs it
#   bash ci/ctime.sh --verbose    # also print valgrind's full clean-mode output
#
# Re-run one check by hand (names from `ptlc-ctime list`):
#   valgrind --error-exitcode=42 --suppressions=ci/ctime/secp256k1.supp \
#       ci/ctime/target/ctime/ptlc-ctime route_build
set -euo pipefail
cd "$(dirname "$0")/ctime"

if ! command -v valgrind >/dev/null 2>&1; then
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "ctime: FAILED: valgrind is missing and apt-get is not available" >&2
        exit 1
    fi
    sudo_cmd=()
    if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1; then sudo_cmd=(sudo); fi
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq valgrind >/dev/null
fi
if [ "$(uname -m)" != x86_64 ]; then
    echo "ctime: FAILED: the client requests are written for x86_64" >&2
    exit 1
fi

# Both randomization modes of ptlc's libsecp256k1 context (src/context.rs):
# randomized once (default), and re-randomized after every secret-key
# operation (feature `rerandomize`), where every blinding derives from secrets.
bin=${CARGO_TARGET_DIR:-target}/ctime/ptlc-ctime
vg=(valgrind --error-exitcode=42 --num-callers=30)
log=$(mktemp)
xml=$(mktemp)
trap 'rm -f "$log" "$xml"' EXIT
for ctx_mode in default rerandomize; do
    features=()
    [ "$ctx_mode" = rerandomize ] && features=(--features rerandomize)
    cargo build --profile ctime --quiet "${features[@]}"

    # 1. Every library operation, with the narrow wrapper suppressions: must be clean.
    # valgrind 3.19 names many inlined wrapper frames `UnknownInlinedFun`, so some
    # wrapper return-code reports escape the name-based suppressions; those are
    # judged by check_report.py, which tolerates only the same wrapper branches,
    # identified by source file and line of the innermost frame.
    echo "ctime: [$ctx_mode] clean run ($("$bin" list | wc -l) checks)"
    set +e
    "${vg[@]}" --suppressions=secp256k1.supp --xml=yes --xml-file="$xml" "$bin" >"$log" 2>&1
    rc=$?
    set -e
    if [ "$rc" != 0 ] && [ "$rc" != 42 ]; then
        cat "$log" >&2
        echo "ctime: FAILED: the harness itself failed (exit $rc)" >&2
        exit 1
    fi
    if ! python3 check_report.py "$xml"; then
        echo "ctime: FAILED: valgrind reports a secret-dependent branch or index (above)" >&2
        exit 1
    fi
    [ "${1:-}" = --verbose ] && cat "$log"

    # 2. The controls must be flagged with the error exit code.
    expect_flagged() {
        local what=$1; shift
        set +e
        "$@" >"$log" 2>&1
        local rc=$?
        set -e
        if [ "$rc" != 42 ]; then
            cat "$log" >&2
            echo "ctime: FAILED: $what was not flagged (exit $rc, expected 42)" >&2
            exit 1
        fi
        local n
        n=$(cat "$log" "$xml" | grep -c -E 'Conditional jump|Use of uninitialised' || true)
        echo "ctime: [$ctx_mode] ok: $what flagged ($n reports)"
    }
    for mode in leaky-branch leaky-index; do
        expect_flagged "leaky control $mode" \
            "${vg[@]}" --suppressions=secp256k1.supp --xml=yes --xml-file="$xml" "$bin" "$mode"
        # ... and the allowlist does not excuse it.
        expect_flagged "leaky control $mode (check_report.py)" python3 check_report.py "$xml"
    done
    expect_flagged "clean run without suppressions (secrets reach libsecp256k1)" \
        "${vg[@]}" "$bin"
done

# 3. Natively the binary must refuse to pass (nothing is checked outside valgrind).
set +e
"$bin" >/dev/null 2>&1
rc=$?
set -e
[ "$rc" = 3 ] || { echo "ctime: FAILED: native run exited $rc, expected 3" >&2; exit 1; }
echo "ctime: ok"
