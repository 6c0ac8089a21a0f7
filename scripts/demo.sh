#!/usr/bin/env bash
# Build rsops and run its main job once, end to end:
#   generate a throwaway age key -> encrypt a sample JSON secret file ->
#   show the encrypted file -> decrypt it -> check it is byte-identical.
#
# Usage: bash scripts/demo.sh
# Set RSOPS_BIN=/path/to/rsops to skip the build and use that binary.
#
# Works on a fresh machine: age-keygen is installed through
# scripts/install-test-tools.sh if it is missing. Everything else happens in a
# temporary folder that is removed on exit.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

step() { printf '\n==> %s\n' "$*"; }

if [[ -z "${RSOPS_BIN:-}" ]]; then
    RSOPS_BIN=$(bash scripts/build-release.sh)
fi
[[ -x "$RSOPS_BIN" ]] || { echo "demo: no rsops binary at $RSOPS_BIN" >&2; exit 1; }

if ! command -v age-keygen >/dev/null 2>&1; then
    step "installing age (age-keygen is missing)"
    bash scripts/install-test-tools.sh age
fi

# Keys and recipients from the caller's environment would change what the demo
# does; it must use only the key it generates.
unset SOPS_AGE_KEY SOPS_AGE_KEY_FILE SOPS_AGE_KEY_CMD SOPS_AGE_RECIPIENTS

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"

step "generating a throwaway age key in $WORK/key.txt"
age-keygen -o key.txt 2>/dev/null
RECIPIENT=$(age-keygen -y key.txt)
echo "recipient: $RECIPIENT"

# Two-space indentation, keys in no particular order and a number spelled
# 1.50: sops would rewrite all three (tabs, 1.5); rsops gives them back.
step "sample.json (plaintext)"
cat > sample.json <<'JSON'
{
  "db_user": "admin",
  "db_password": "correct horse battery staple",
  "port": 5432,
  "ratio": 1.50,
  "api": {"token": "tok_9f8e7d6c5b4a", "scopes": ["read", "write"]},
  "region_unencrypted": "eu-west-1"
}
JSON
cat sample.json

step "rsops encrypt --age $RECIPIENT sample.json > sample.enc.json"
"$RSOPS_BIN" encrypt --age "$RECIPIENT" sample.json > sample.enc.json
cat sample.enc.json

step "SOPS_AGE_KEY_FILE=key.txt rsops decrypt sample.enc.json"
SOPS_AGE_KEY_FILE="$WORK/key.txt" "$RSOPS_BIN" decrypt sample.enc.json > sample.dec.json
cat sample.dec.json

if cmp sample.json sample.dec.json; then
    echo
    echo "round trip OK: decrypted file is byte-identical"
else
    echo "round trip FAILED: decrypted file differs from the original" >&2
    diff -u sample.json sample.dec.json >&2 || true
    exit 1
fi
