# Shared start of the benchmark scripts; sourced, not run.
#
# Goes to the repository root, defines `step` and `die`, reads the one
# option (`--save` sets SAVE=1; `--help` prints the calling script's
# leading comment) and, after `bench_binary`, sets RSOPS_BIN to a release
# binary (RSOPS_BIN from the environment, else scripts/build-release.sh).

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

step() { printf '\n==> %s\n' "$*" >&2; }
die() { echo "bench: ERROR: $*" >&2; exit 1; }

SAVE=0
for arg in "$@"; do
    case "$arg" in
        --save) SAVE=1 ;;
        -h | --help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
        *) echo "bench: unknown argument '$arg' (try --help)" >&2; exit 2 ;;
    esac
done

bench_binary() {
    if [[ -z "${RSOPS_BIN:-}" ]]; then
        RSOPS_BIN=$(bash scripts/build-release.sh)
    fi
    [[ -x "$RSOPS_BIN" ]] || die "no rsops binary at $RSOPS_BIN"
}
