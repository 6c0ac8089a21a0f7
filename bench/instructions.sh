#!/usr/bin/env bash
# Count the instructions rsops executes for the benchmark's operations and
# compare them with the floor (benches/floor.rs), under valgrind's callgrind.
# Unlike wall time, an instruction count does not change when other
# processes load the machine, so this compares builds on a shared machine.
#
# Usage: bash bench/instructions.sh
# Environment:
#   BENCH_INPUTS=DIR           a folder with bench/gen.py's files, already
#                              encrypted by sops as bench/bench.sh does
#                              (big.enc.json, ...), and the key in key.txt;
#                              default: made here in a temporary folder
#                              (needs sops and age)
#   RSOPS_BIN=/path/to/rsops   the binary to count (default: built by
#                              scripts/build-release.sh)
#   FLOOR_BIN=/path/to/floor   benches/floor.rs built with its symbols (default:
#                              `cargo bench --profile profiling --bench floor
#                              --no-run`; the bench profile strips them, and
#                              callgrind then finds no function to count)
#
# Counts are user-space instructions of the whole process, all threads
# (callgrind runs them one at a time): a measure of work, not of time. AES
# and carry-less multiply instructions count one each, as they take about
# as long as any other. The floor is rsops' own start-up (`rsops --version`)
# plus, counted inside benches/floor.rs alone, the AES-GCM opens, the base64
# decoding and (YAML) reading the parser's events.
set -euo pipefail

# shellcheck source=bench/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
command -v valgrind >/dev/null || die "valgrind is needed (apt-get install valgrind)"
bench_binary

DIR=${BENCH_INPUTS:-}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
if [[ -z "$DIR" ]]; then
    DIR=$WORK/in
    mkdir -p "$DIR"
    SOPS=${RSOPS_SOPS_BIN:-$(command -v sops || true)}
    [[ -x "$SOPS" ]] || die "the reference sops is needed to make the inputs: set RSOPS_SOPS_BIN"
    age-keygen -o "$DIR/key.txt" 2>/dev/null
    python3 bench/gen.py "$DIR" >&2
    recipient=$(age-keygen -y "$DIR/key.txt")
    for name in big.json big.yaml small.json commented.yaml; do
        SOPS_AGE_KEY_FILE=$DIR/key.txt "$SOPS" encrypt --age "$recipient" "$DIR/$name" \
            >"$DIR/${name%.*}.enc.${name##*.}"
    done
fi
export SOPS_AGE_KEY_FILE=$DIR/key.txt
RECIPIENT=$(age-keygen -y "$DIR/key.txt")

if [[ -z "${FLOOR_BIN:-}" ]]; then
    FLOOR_BIN=$(cargo bench --profile profiling --bench floor --locked --no-run --message-format=json 2>/dev/null |
        python3 -c 'import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "floor" and m.get("executable"):
        print(m["executable"])')
fi
[[ -x "$FLOOR_BIN" ]] || die "no floor binary (set FLOOR_BIN)"

# count [callgrind options --] CMD... : instructions counted, on stdout.
count() {
    local opts=()
    while [[ "$1" != -- ]]; do opts+=("$1"); shift; done
    shift
    valgrind --tool=callgrind --callgrind-out-file="$WORK/cg.out" "${opts[@]}" "$@" \
        >/dev/null 2>"$WORK/cg.err" || { cat "$WORK/cg.err" >&2; die "valgrind failed on: $*"; }
    sed -n 's/^totals: *\([0-9]*\).*/\1/p; s/^summary: *\([0-9]*\).*/\1/p' "$WORK/cg.out" | tail -n 1
}

# The floor's parts, per file, counted inside the floor binary.
floor_part() { # FILE FUNCTION
    local n
    n=$(count "--toggle-collect=floor::$2" -- "$FLOOR_BIN" --bench --once "$1")
    [[ "$n" -gt 0 ]] || die "no instructions counted in floor::$2: is $FLOOR_BIN stripped?"
    echo "$n"
}

START=$(count -- "$RSOPS_BIN" --version)
echo "| file | operation | rsops instructions | floor instructions | rsops / floor |"
echo "|---|---|---:|---:|---:|"
for name in big.json big.yaml commented.yaml small.json; do
    ext=${name##*.}
    enc=$DIR/${name%.*}.enc.$ext
    floor=$START
    for part in open_all decode_all; do
        floor=$((floor + $(floor_part "$enc" "$part")))
    done
    [[ "$ext" == yaml ]] && floor=$((floor + $(floor_part "$enc" parse_yaml)))
    for op in decrypt encrypt; do
        if [[ "$op" == decrypt ]]; then
            n=$(count -- "$RSOPS_BIN" decrypt "$enc")
        else
            n=$(count -- "$RSOPS_BIN" encrypt --age "$RECIPIENT" "$DIR/$name")
        fi
        python3 -c 'import sys
name, op, n, f = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
print(f"| {name} | {op} | {n / 1e6:.1f} M | {f / 1e6:.1f} M | {n / f:.2f} |")' "$name" "$op" "$n" "$floor"
    done
done
echo
echo "start-up (rsops --version): $(python3 -c "print(f'{$START / 1e6:.2f} M')") instructions"
