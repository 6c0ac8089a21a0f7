//! Dispatch on the name rsops was started as. Installed (or linked) as
//! `ksops` or `kustomize-sops`, rsops behaves as ksops does:
//!
//! | argv | mode |
//! |------|------|
//! | `ksops` (stdin not a terminal) | KRM function |
//! | `ksops FILE` | legacy exec plugin |
//! | `ksops install [--with-kustomize] DIR` | copy itself to `DIR/ksops` |
//! | `ksops --version` (or `-V`) | the version on stdout |
//! | anything else | usage on stderr, exit 1 |
//!
//! As `rsops`, two plugin invocations are recognised before the SOPS
//! command line, because kustomize cannot pass `krm` as an argument: one
//! file argument with `KUSTOMIZE_PLUGIN_CONFIG_ROOT` set (legacy plugin),
//! and no argument with a ResourceList on stdin (KRM function).
//! Extra plugin arguments (`argsOneLiner`) are refused like ksops does.

use std::ffi::OsString;
use std::io::IsTerminal;
use std::path::Path;

use super::error::Error;

const USAGE: &str = "rsops, running as ksops: a SOPS-decrypting Kustomize plugin

Usage:
  ksops                                 KRM function: reads a ResourceList on stdin
                                        (kustomize runs it for `exec: {path: ksops}`)
  ksops MANIFEST                        legacy exec plugin: reads a ksops manifest file
  ksops install [--with-kustomize] DIR  copy this binary to DIR/ksops
  ksops --version                       print the version

`cat generator.yaml | ksops` does not work: stdin must be a ResourceList.";

/// The names that select ksops behaviour.
fn is_ksops_name(argv0: &OsString) -> bool {
    let name = Path::new(argv0)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    name == "ksops" || name == "kustomize-sops"
}

/// Handles a plugin invocation and returns its exit code, or `None` when
/// the arguments are for the SOPS command line.
pub fn dispatch(args: &[OsString]) -> Option<Result<(), Error>> {
    let argv0 = args.first()?;
    let rest = &args[1..];
    if is_ksops_name(argv0) {
        return Some(as_ksops(rest));
    }
    if rest.len() == 1
        && std::env::var_os("KUSTOMIZE_PLUGIN_CONFIG_ROOT").is_some()
        && !rest[0].to_string_lossy().starts_with('-')
    {
        return Some(super::krm::legacy(Path::new(&rest[0])));
    }
    if rest.is_empty() && !std::io::stdin().is_terminal() {
        if let Ok(input) = super::io::read_stdin() {
            if looks_like_resource_list(&input) {
                return Some(super::krm::function(&input));
            }
        }
    }
    None
}

fn as_ksops(rest: &[OsString]) -> Result<(), Error> {
    let words: Vec<String> = rest
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    match &words[..] {
        [] if !std::io::stdin().is_terminal() => super::krm::function(&super::io::read_stdin()?),
        [flag] if flag == "--version" || flag == "-V" => {
            println!("{}", version());
            Ok(())
        }
        [cmd, flag, dir] if cmd == "install" && flag == "--with-kustomize" => {
            super::plugin::install(Path::new(dir), &["ksops"], true)
        }
        [cmd, dir] if cmd == "install" && !dir.starts_with('-') => {
            super::plugin::install(Path::new(dir), &["ksops"], false)
        }
        [file] if !file.starts_with('-') && file != "install" => {
            super::krm::legacy(Path::new(file))
        }
        _ => Err(Error::Usage(USAGE.into())),
    }
}

/// What `ksops --version` prints: rsops' version, saying which program
/// answers under the ksops name.
fn version() -> String {
    format!("ksops (rsops {})", env!("CARGO_PKG_VERSION"))
}

/// Whether stdin holds a ResourceList (cheap check on the first lines
/// before the full parse, which reports errors properly).
fn looks_like_resource_list(input: &[u8]) -> bool {
    let text = String::from_utf8_lossy(&input[..input.len().min(4096)]);
    text.lines().any(|l| {
        l.trim_end() == "kind: ResourceList" || l.trim_end() == "\"kind\": \"ResourceList\","
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_select_ksops() {
        for name in [
            "ksops",
            "/usr/local/bin/ksops",
            "kustomize-sops",
            "ksops.exe",
        ] {
            assert!(is_ksops_name(&OsString::from(name)), "{name}");
        }
        for name in ["rsops", "/x/ksops-exec", "sops"] {
            assert!(!is_ksops_name(&OsString::from(name)), "{name}");
        }
    }

    #[test]
    fn resource_lists_are_recognised_by_their_kind_line() {
        assert!(looks_like_resource_list(
            b"apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n"
        ));
        assert!(!looks_like_resource_list(b"kind: ksops\nfiles: []\n"));
        assert!(!looks_like_resource_list(
            b"items:\n  - kind: ResourceList\n"
        ));
    }
}
