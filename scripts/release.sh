#!/usr/bin/env bash
# Build what is released: the static binary (scripts/build-release.sh), an
# archive with the man pages and completions, their SHA-256 sums, and
# optionally the container image (Dockerfile).
#
# Usage: bash scripts/release.sh [--image NAME]
#
# Writes into dist/:
#   rsops-linux-<arch>                      the binary the Dockerfile copies
#   rsops-<version>-linux-<arch>.tar.gz     rsops, a ksops link, man/, completions/, plugin/, README
#   SHA256SUMS
# With --image NAME it also runs `docker build -t NAME:<version> .` (the
# daemon must be running); push the image with your registry's name. Run
# scripts/check-image.sh to test the binary in an empty root as user 999.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

IMAGE=
case "${1:-}" in
    --image) IMAGE=${2:?"--image needs a NAME (e.g. registry.example.org/rsops)"} ;;
    "") ;;
    *) echo "usage: bash scripts/release.sh [--image NAME]" >&2; exit 2 ;;
esac

VERSION=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
[[ -n "$VERSION" ]] || { echo "release: no version in Cargo.toml" >&2; exit 1; }

BIN=$(bash scripts/build-release.sh)
case "$(uname -m)" in
    x86_64) ARCH=amd64 ;;
    aarch64) ARCH=arm64 ;;
    *) ARCH=$(uname -m) ;;
esac

# The image has no C library: refuse a binary that needs one.
if ldd "$BIN" >/dev/null 2>&1 && ! ldd "$BIN" 2>&1 | grep -q 'statically linked'; then
    echo "release: $BIN is dynamically linked; the image needs a static binary (see scripts/build-release.sh)" >&2
    ldd "$BIN" >&2
    exit 1
fi

mkdir -p dist
cp "$BIN" "dist/rsops-linux-$ARCH"

NAME="rsops-$VERSION-linux-$ARCH"
STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
mkdir -p "$STAGE/$NAME"
cp "$BIN" "$STAGE/$NAME/rsops"
ln -s rsops "$STAGE/$NAME/ksops"
cp -R man completions README.md "$STAGE/$NAME/"
cp -R plugin "$STAGE/$NAME/plugin"
tar -C "$STAGE" --owner=0 --group=0 --sort=name -czf "dist/$NAME.tar.gz" "$NAME"

(cd dist && sha256sum "rsops-linux-$ARCH" "$NAME.tar.gz" > SHA256SUMS)
echo "==> dist/$NAME.tar.gz, dist/rsops-linux-$ARCH, dist/SHA256SUMS" >&2

if [[ -n "$IMAGE" ]]; then
    docker build --build-arg "TARGETARCH=$ARCH" -t "$IMAGE:$VERSION" .
    echo "==> image $IMAGE:$VERSION" >&2
fi
