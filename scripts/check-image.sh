#!/usr/bin/env bash
# Test what the image relies on without a container runtime: the released
# binary runs in an empty root (nothing but itself: no C library, no
# shell, no /etc) as user 999, `rsops plugin install` and `ksops install`
# copy it as an init container does, it decrypts with an age key, and it
# works as a KRM function there.
#
# Usage: bash scripts/check-image.sh [BINARY]   (default: dist/rsops-linux-<arch>
#        from scripts/release.sh)
#
# Needs root (chroot, unshare) and age-keygen. What it cannot test: pulling the base
# image and `docker build` (that needs a running docker daemon; when one is
# reachable, the image is built and its binaries run too).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

case "$(uname -m)" in
    x86_64) ARCH=amd64 ;;
    aarch64) ARCH=arm64 ;;
    *) ARCH=$(uname -m) ;;
esac
BIN=${1:-dist/rsops-linux-$ARCH}
[[ -x "$BIN" ]] || { echo "check-image: no binary at $BIN: run scripts/release.sh first" >&2; exit 1; }
[[ $(id -u) == 0 ]] || { echo "check-image: needs root for chroot" >&2; exit 1; }
command -v age-keygen >/dev/null || { echo "check-image: needs age-keygen (scripts/install-test-tools.sh)" >&2; exit 1; }

CHROOT=$(command -v chroot) || { echo "check-image: needs chroot" >&2; exit 1; }
UNSHARE=$(command -v unshare) || { echo "check-image: needs unshare" >&2; exit 1; }

fail() { echo "check-image: FAIL: $*" >&2; exit 1; }
pass() { echo "check-image: ok: $*" >&2; }

if ldd "$BIN" >/dev/null 2>&1 && ! ldd "$BIN" 2>&1 | grep -q 'statically linked'; then
    fail "$BIN is dynamically linked"
fi
pass "$BIN is statically linked"

EMPTY=$(mktemp -d)
trap 'rm -rf "$EMPTY"' EXIT
# The image's layout: the binary twice, a volume 999 may write, a /tmp.
chmod 0755 "$EMPTY"
mkdir -p "$EMPTY/usr/local/bin" "$EMPTY/custom-tools" "$EMPTY/tmp" "$EMPTY/work" "$EMPTY/proc"
install -m 0755 "$BIN" "$EMPTY/usr/local/bin/rsops"
install -m 0755 "$BIN" "$EMPTY/usr/local/bin/ksops"
chown 999:999 "$EMPTY/custom-tools" "$EMPTY/work"
chmod 1777 "$EMPTY/tmp"

# Everything below runs inside the empty root as 999:999, with a clean
# environment, in new mount and PID namespaces with /proc mounted, as a
# container runtime does (finding its own executable to copy needs /proc,
# as it does for ksops).
in_root() {
    env -i PATH=/usr/local/bin SOPS_AGE_KEY_FILE=/work/keys.txt \
        "$UNSHARE" --mount --pid --fork --mount-proc="$EMPTY/proc" \
        "$CHROOT" --userspec=999:999 "$EMPTY" "$@"
}

version=$(in_root /usr/local/bin/rsops --version) || fail "rsops --version"
pass "rsops --version: $version"
version=$(in_root /usr/local/bin/ksops --version) || fail "ksops --version"
pass "ksops --version: $version"

in_root /usr/local/bin/rsops plugin install /custom-tools 2>/dev/null || fail "rsops plugin install"
for name in rsops ksops; do
    cmp -s "$BIN" "$EMPTY/custom-tools/$name" || fail "plugin install: /custom-tools/$name differs from the binary"
    [[ $(stat -c %a "$EMPTY/custom-tools/$name") == 755 ]] || fail "plugin install: /custom-tools/$name is not mode 755"
done
rm -f "$EMPTY/custom-tools/rsops" "$EMPTY/custom-tools/ksops"
in_root /usr/local/bin/ksops install /custom-tools 2>/dev/null || fail "ksops install"
cmp -s "$BIN" "$EMPTY/custom-tools/ksops" || fail "ksops install: /custom-tools/ksops differs"
pass "rsops plugin install and ksops install copy the binary as 999, without a shell"

# Decrypt with an age key, and generate a Secret as a KRM function.
age-keygen -o "$EMPTY/work/keys.txt" 2>/dev/null
RECIPIENT=$(sed -n 's/^# public key: //p' "$EMPTY/work/keys.txt")
printf 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: hunter2\n' > "$EMPTY/work/plain.yaml"
"$BIN" encrypt --age "$RECIPIENT" --encrypted-regex '^(data|stringData)$' \
    "$EMPTY/work/plain.yaml" > "$EMPTY/work/db.enc.yaml"
chown -R 999:999 "$EMPTY/work"
out=$(in_root /usr/local/bin/rsops decrypt /work/db.enc.yaml) || fail "decrypt in the empty root"
[[ "$out" == "$(cat "$EMPTY/work/plain.yaml")" ]] || fail "decrypt printed something else: $out"
pass "rsops decrypt with SOPS_AGE_KEY_FILE"

# chroot starts in /, so the manifest names the file by its absolute path.
LIST='apiVersion: config.kubernetes.io/v1
kind: ResourceList
items: []
functionConfig:
  apiVersion: viaduct.ai/v1
  kind: ksops
  metadata:
    name: gen
  files:
    - /work/db.enc.yaml
'
out=$(printf '%s' "$LIST" | in_root /usr/local/bin/ksops) || fail "ksops as a KRM function"
grep -q 'password: hunter2' <<<"$out" || fail "the KRM function did not generate the Secret: $out"
pass "ksops KRM function generates the Secret"

if docker info >/dev/null 2>&1; then
    TAG=rsops-check:local
    docker build -q --build-arg "TARGETARCH=$ARCH" -t "$TAG" . >/dev/null || fail "docker build"
    docker run --rm "$TAG" --version >/dev/null || fail "docker run $TAG --version"
    docker run --rm --entrypoint /usr/local/bin/ksops "$TAG" --version >/dev/null || fail "docker run ksops --version"
    [[ $(docker image inspect -f '{{.Config.User}}' "$TAG") == 999:999 ]] || fail "the image does not run as 999:999"
    pass "docker build and run"
else
    echo "check-image: skipped: docker build (no docker daemon reachable)" >&2
fi
echo "check-image: all checks passed" >&2
