#!/usr/bin/env bash
# Builds every fuzz target and runs each for a few seconds from its seed
# corpus, so a target that no longer builds, or an input of testdata/ that
# crashes a parser, fails CI. Real fuzzing runs for hours by hand:
#   cargo +nightly fuzz run TARGET fuzz/corpus/TARGET SEED_DIR...
#
# Needs the nightly toolchain and cargo-fuzz (installed here when missing).
# FUZZ_SECONDS sets the time per target (default 3).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
SECONDS_EACH=${FUZZ_SECONDS:-3}

rustup run nightly rustc --version >/dev/null 2>&1 || {
    echo "fuzz smoke: the nightly toolchain is missing: rustup toolchain install nightly" >&2
    exit 1
}
command -v cargo-fuzz >/dev/null 2>&1 || cargo install --locked cargo-fuzz

# target=seed folders (libFuzzer reads folders recursively).
TARGETS=(
    "yaml_round_trip=testdata/yaml testdata/yaml-test-suite testdata/yaml-fuzz-regressions"
    "store_json=testdata/json"
    "store_dotenv=testdata/dotenv"
    "store_ini=testdata/ini"
    "store_toml=testdata/toml"
    "enc_token=testdata/vectors"
    "sops_metadata=testdata/vectors testdata/yaml"
    "sops_config=fuzz/seeds/sops_config"
    "krm_resource_list=testdata/krm"
    "ksops_manifest=testdata/krm"
)

# --dev: unoptimised, so the build (the main cost: every dependency built
# again with coverage instrumentation and ASan) is quicker; a few seconds of
# fuzzing do not need the speed. Long runs use the default (optimised).
cargo +nightly fuzz build --dev
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
for entry in "${TARGETS[@]}"; do
    target=${entry%%=*}
    seeds=()
    for d in ${entry#*=}; do seeds+=("$d"); done
    mkdir -p "$WORK/$target"
    echo "fuzz smoke: $target for ${SECONDS_EACH}s"
    # The new corpus goes to a scratch folder; crashes to fuzz/artifacts.
    cargo +nightly fuzz run --dev "$target" "$WORK/$target" "${seeds[@]}" -- \
        -seed=1 -max_total_time="$SECONDS_EACH" -close_fd_mask=3
done
