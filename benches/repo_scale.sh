#!/usr/bin/env bash
# Benchmark many-file work: `decrypt` and `updatekeys -y` over a tree of
# 1,000 encrypted files (YAML, JSON, dotenv and INI) in ONE rsops call,
# against what users do with sops today: a shell loop of one sops process
# per file, and `xargs -P2` of sops.
#
# Usage: bash benches/repo_scale.sh [--save]
#   --save   also write the table to bench/repo-scale-results.md
# Environment:
#   RSOPS_BIN=/path/to/rsops  use that binary (default: scripts/build-release.sh)
#   RSOPS_SOPS_BIN=/path/to/sops  the reference sops (default: sops on PATH)
#   BENCH_FILES=N             tree size (default 1000)
#   BENCH_RUNS=N              hyperfine runs of the rsops commands (default 10);
#                             the sops commands run 2 times (each takes seconds)
#
# Method: sops encrypts one file per format with a throwaway age key; the
# tree is made of copies of these (the work per file is the same as for
# distinct files). For updatekeys, .sops.yaml names a second key, and
# hyperfine's --prepare puts the pristine tree back before every run, so
# every run re-keys all files. Before timing, rsops' decrypted stream is
# checked against sops' output per file. The benchmark reports; it asserts
# nothing about timings.
set -euo pipefail

# shellcheck source=bench/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../bench/common.sh"

FILES=${BENCH_FILES:-1000}
RUNS=${BENCH_RUNS:-10}
SOPS=${RSOPS_SOPS_BIN:-$(command -v sops || true)}
[[ -x "$SOPS" ]] || die "the reference sops is needed: run scripts/install-test-tools.sh or set RSOPS_SOPS_BIN"
command -v hyperfine > /dev/null || die "hyperfine is needed: run scripts/install-test-tools.sh"
command -v age-keygen > /dev/null || die "age-keygen is needed: run scripts/install-test-tools.sh"
bench_binary

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
step "generating $FILES encrypted files in $WORK"
age-keygen -o "$WORK/key.txt" 2> /dev/null
age-keygen -o "$WORK/new.txt" 2> /dev/null
cat "$WORK/new.txt" >> "$WORK/key.txt"
OLD=$(age-keygen -y "$WORK/key.txt" | head -1)
NEW=$(age-keygen -y "$WORK/new.txt")
export SOPS_AGE_KEY_FILE="$WORK/key.txt"
mkdir -p "$WORK/seed" "$WORK/pristine"
printf '# db\nname: app\npassword: hunter2\nport: 5432\n' > "$WORK/seed/s.enc.yaml"
printf '{\n  "name": "app",\n  "password": "hunter2"\n}\n' > "$WORK/seed/s.enc.json"
printf 'NAME=app\nPASSWORD=hunter2\n' > "$WORK/seed/s.enc.env"
printf '[db]\nname = app\npassword = hunter2\n' > "$WORK/seed/s.enc.ini"
exts=(yaml json env ini)
for ext in "${exts[@]}"; do
    "$SOPS" encrypt --age "$OLD" "$WORK/seed/s.enc.$ext" > "$WORK/seed/e.enc.$ext"
done
for ((i = 0; i < FILES; i++)); do
    ext=${exts[i % 4]}
    dir="$WORK/pristine/d$((i % 10))"
    mkdir -p "$dir"
    cp "$WORK/seed/e.enc.$ext" "$dir/f$i.enc.$ext"
done
rule='creation_rules:\n  - path_regex: \\.enc\\.(yaml|json|env|ini)$\n    age: %s\n'
# shellcheck disable=SC2059
printf "$rule" "$NEW" > "$WORK/pristine/.sops.yaml"
cp -a "$WORK/pristine" "$WORK/tree"
(cd "$WORK/tree" && find . -name '*.enc.*' | sort > ../list)

step "checking rsops against sops"
first=$(head -1 "$WORK/list")
(cd "$WORK/tree" && "$RSOPS_BIN" decrypt --output-type yaml "$first") > "$WORK/by-rsops"
(cd "$WORK/tree" && "$SOPS" decrypt --output-type yaml "$first") > "$WORK/by-sops"
cmp -s "$WORK/by-rsops" "$WORK/by-sops" || die "rsops decrypts $first differently from sops"

RESULTS="$WORK/results.md"
: > "$RESULTS"
measure() { # name, runs, prepare, command...
    local name=$1 runs=$2 prepare=$3
    shift 3
    local args=(--warmup 1 --runs "$runs" --export-markdown "$WORK/one.md" --command-name "$name")
    [[ -n "$prepare" ]] && args+=(--prepare "$prepare")
    (cd "$WORK/tree" && hyperfine "${args[@]}" "$@" > /dev/null)
    tail -n +3 "$WORK/one.md" >> "$RESULTS"
}
restore="cp -a $WORK/pristine/. $WORK/tree/"

step "decrypt"
measure "rsops decrypt -r (one call)" "$RUNS" "" \
    "$RSOPS_BIN decrypt -r --output-type yaml . > /dev/null"
measure "sops decrypt, shell loop" 2 "" \
    "while read -r f; do $SOPS decrypt \"\$f\" > /dev/null; done < ../list"
measure "sops decrypt, xargs -P2" 2 "" \
    "xargs -P2 -n1 $SOPS decrypt < ../list > /dev/null"

step "updatekeys -y (the tree restored before each run)"
measure "rsops updatekeys -r -y (one call)" "$RUNS" "$restore" \
    "$RSOPS_BIN updatekeys -r -y . 2> /dev/null"
measure "sops updatekeys -y, shell loop" 2 "$restore" \
    "while read -r f; do $SOPS updatekeys -y \"\$f\" > /dev/null 2>&1; done < ../list"
measure "sops updatekeys -y, xargs -P2" 2 "$restore" \
    "xargs -P2 -n1 $SOPS updatekeys -y < ../list > /dev/null 2>&1"

table=$(printf '| Command | Mean [s] | Min [s] | Max [s] | Relative |\n|:---|---:|---:|---:|---:|\n'; cat "$RESULTS")
echo "$table"
if [[ $SAVE == 1 ]]; then
    printf '# Many files in one call (%s files, %s)\n\n%s\n' "$FILES" "$(nproc) cores" "$table" > bench/repo-scale-results.md
fi
