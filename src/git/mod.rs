//! Encrypted files that behave in git: readable diffs ([`textconv`]), a
//! merge driver that merges the values rather than the ciphertext
//! ([`merge`]), and the configuration that wires both in ([`setup`]).
//!
//! The merge is tree-aware ([`tree_merge`]) with a line-based merge of the
//! plaintexts ([`diff3`]) for the layout; the result is encrypted again
//! under our data key, values unchanged from either side keeping their
//! ciphertext, so the merged file differs from each parent only where the
//! other parent changed it.

#![doc(hidden)]

pub mod diff3;
pub mod merge;
pub mod setup;
pub mod textconv;
pub mod tree_merge;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Why a git command of rsops failed. Names files and key paths, never a
/// value.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    /// A library operation on one of the files failed.
    #[error(transparent)]
    Lib(#[from] crate::Error),
    #[error("cannot read {file}: {source}")]
    Read {
        file: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write {file}: {source}")]
    Write {
        file: PathBuf,
        source: std::io::Error,
    },
    /// git itself could not be run or failed.
    #[error("`git {args}` failed: {message}")]
    Git { args: String, message: String },
    /// Both sides changed the same values differently.
    #[error("{file}: both branches changed {} differently:\n{}\n{file} is left as our version (still encrypted; no plaintext was written). To resolve:\n  rsops git resolve {file} --ours     # or --theirs: that side's value for the paths above, both sides' other changes\n  rsops edit {file}                   # optional: set a value to something else\n  git commit", count(.paths.len()), list(.paths))]
    Conflict { file: String, paths: Vec<String> },
    /// `rsops git resolve` on a file git has no conflict for.
    #[error("{file}: git has no merge conflict for this file (`git ls-files -u` lists nothing); run it during a merge, rebase or cherry-pick that stopped on it")]
    NotConflicted { file: String },
    /// `rsops git resolve` without a side, and there are conflicts.
    #[error("{file}: both branches changed {} differently:\n{}\nChoose a side for them: rsops git resolve {file} --ours (or --theirs)", count(.paths.len()), list(.paths))]
    ChooseSide { file: String, paths: Vec<String> },
    /// `rsops git setup --check` found something missing.
    #[error("the git set-up for rsops is incomplete; run `rsops git setup` to complete it")]
    SetupIncomplete,
}

fn count(n: usize) -> String {
    if n == 1 {
        "1 value".to_owned()
    } else {
        format!("{n} values")
    }
}

fn list(paths: &[String]) -> String {
    paths
        .iter()
        .map(|p| format!("  {p}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Runs `git args` in `dir` and returns its standard output.
pub fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, GitError> {
    git_with_input(dir, args, None)
}

/// [`git`] with `input` on its standard input (written from another
/// thread, so that a large answer cannot block a large question).
pub fn git_with_input(
    dir: &Path,
    args: &[&str],
    input: Option<Vec<u8>>,
) -> Result<Vec<u8>, GitError> {
    let failed = |message: String| GitError::Git {
        args: args.join(" "),
        message,
    };
    let mut child = Command::new("git")
        .args(args)
        .current_dir(dir)
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| failed(format!("{e} (is git installed and on PATH?)")))?;
    let writer = match (input, child.stdin.take()) {
        (Some(input), Some(mut stdin)) => Some(std::thread::spawn(move || stdin.write_all(&input))),
        _ => None,
    };
    let out = child
        .wait_with_output()
        .map_err(|e| failed(e.to_string()))?;
    if let Some(writer) = writer {
        // A write error shows as git's own failure below.
        let _ = writer.join();
    }
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        return Err(failed(stderr.trim().to_owned()));
    }
    Ok(out.stdout)
}

/// The top folder of the work tree that holds `dir`.
pub fn top_level(dir: &Path) -> Result<PathBuf, GitError> {
    let out = git(dir, &["rev-parse", "--show-toplevel"])?;
    Ok(PathBuf::from(
        String::from_utf8_lossy(&out).trim_end_matches(['\n', '\r']),
    ))
}
