# syntax=docker/dockerfile:1
#
# The rsops image: the static binary and nothing else that runs (no shell,
# no package manager), as user 999. It serves two purposes:
#
# - an init container copies the binary into a shared volume without a
#   shell: `rsops plugin install /custom-tools` (rsops and ksops), or
#   `ksops install /custom-tools` as with ksops' own image;
# - a tool image: `docker run --rm -v "$PWD:/w" -w /w IMAGE decrypt f.yaml`.
#
# The binary is not compiled here: scripts/release.sh builds it once with
# scripts/build-release.sh (statically linked) and puts it in dist/, so the
# image holds exactly the released file. Build with `scripts/release.sh
# --image NAME`, or after it `docker build -t NAME .`.
#
# distroless/static rather than scratch: it adds CA certificates (cloud
# key services over TLS), /etc/passwd, time zone data and a /tmp that the
# Argo CD plugin's build writes to. Pin it by digest where you build.
FROM gcr.io/distroless/static-debian12

# Set by BuildKit for each platform; the default serves the classic builder.
ARG TARGETARCH=amd64

COPY --chmod=0755 dist/rsops-linux-${TARGETARCH} /usr/local/bin/rsops
# Under the name ksops rsops behaves as ksops, so manifests and init
# containers written for ksops' image work unchanged.
COPY --chmod=0755 dist/rsops-linux-${TARGETARCH} /usr/local/bin/ksops

# Argo CD runs its repo-server and plugin sidecars as 999.
USER 999:999

ENTRYPOINT ["/usr/local/bin/rsops"]
CMD ["--help"]
