#!/usr/bin/env bash
# Cross-builds ci/nostd-check (ptlc without std or alloc) for thumbv7em-none-eabihf,
# the Cortex-M4 of most hardware signers, from Debian packages only: Debian's
# rustc-web ships the library source that -Zbuild-std needs, and gcc-arm-none-eabi
# compiles libsecp256k1's C for the target.
set -euo pipefail
cd "$(dirname "$0")/nostd-check"

pkgs=(rustc-web cargo-web rust-web-src gcc-arm-none-eabi libnewlib-arm-none-eabi)
if ! dpkg -s "${pkgs[@]}" >/dev/null 2>&1; then
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "cross-m4: SKIPPED: apt-get is not available on this machine" >&2
        exit 0
    fi
    sudo_cmd=()
    if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1; then sudo_cmd=(sudo); fi
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${pkgs[@]}" >/dev/null
fi

# Both modes of ptlc's libsecp256k1 context (src/context.rs): randomized once,
# and re-randomized after every secret-key operation (feature `rerandomize`).
for mode in default rerandomize; do
    features=()
    [ "$mode" = rerandomize ] && features=(--features rerandomize)
    # Debian's toolchain, not rustup's: it is the one whose library source matches.
    RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc RUSTC_BOOTSTRAP=1 \
    CARGO_TARGET_DIR=target/cross \
        /usr/bin/cargo build --release --target thumbv7em-none-eabihf \
        -Zbuild-std=core,compiler_builtins -Zbuild-std-features=compiler-builtins-mem \
        "${features[@]}"

    lib=target/cross/thumbv7em-none-eabihf/release/libptlc_nostd_check.a
    test -s "$lib"
    symbols=$(arm-none-eabi-nm "$lib" 2>/dev/null || true)
    for sym in ptlc_nostd_check ptlc_nostd_blob_check ptlc_nostd_musig_check ptlc_nostd_mailbox_check; do
        grep -q " T $sym\$" <<<"$symbols" || { echo "cross-m4: FAILED: $sym not found in $lib" >&2; exit 1; }
    done
    if grep -q ' T ptlc_nostd_check$' <<<"$symbols"; then
        echo "cross-m4: [$mode] ok: $lib exports ptlc_nostd_check ($(du -h "$lib" | cut -f1))"
    else
        echo "cross-m4: FAILED: ptlc_nostd_check not found in $lib" >&2
        exit 1
    fi
done
