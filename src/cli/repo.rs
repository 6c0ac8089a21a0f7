//! What the many-file forms of the commands share: the flags, the list of
//! files, the report and the exit code ([`crate::repo`]).

use std::path::{Path, PathBuf};

use clap::Args;

use super::error::Error;
use crate::atomic_file::Written;
use crate::config::Config;
use crate::repo::{run, walk, FileReport, Status, Target, Want};

/// `-r`, `--dry-run` and `--json`.
#[derive(Args, Debug, Default, Clone)]
pub struct RepoFlags {
    /// Work on the files in the folders named: those .sops.yaml's creation rules select, without
    /// .git and what .gitignore ignores
    #[arg(short = 'r', long)]
    pub recursive: bool,
    /// Print which files would be worked on, with which creation rule and keys, and change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Print the report as one JSON object on standard output
    #[arg(long)]
    pub json: bool,
}

impl RepoFlags {
    /// Whether the command runs in its many-file form; one file without
    /// these flags keeps the one-file behaviour, messages and exit codes.
    pub fn many(&self, files: &[PathBuf]) -> bool {
        files.len() > 1 || self.recursive || self.dry_run || self.json
    }

    /// The files to work on.
    pub fn targets(
        &self,
        files: &[PathBuf],
        config: &Config,
        want: Want,
    ) -> Result<Vec<Target>, Error> {
        walk::collect(files, config, self.recursive, want).map_err(Error::Walk)
    }

    /// Runs `job` on every target in parallel.
    pub fn run<R: Send>(&self, targets: &[Target], job: impl Fn(&Target) -> R + Sync) -> Vec<R> {
        run::for_each(targets, !self.json, job)
    }

    /// Prints the report (JSON on standard output, else text on standard
    /// error) and returns the exit code: the first failed file's, else 0.
    pub fn finish(&self, reports: &[FileReport]) -> Result<i32, Error> {
        let written = if self.json {
            crate::repo::report::write_json(&mut std::io::stdout().lock(), reports)
        } else {
            crate::repo::report::write_text(&mut std::io::stderr().lock(), reports)
        };
        written.map_err(|source| Error::Write {
            file: PathBuf::from(if self.json {
                "standard output"
            } else {
                "standard error"
            }),
            source,
        })?;
        Ok(crate::repo::report::exit_code(reports))
    }
}

/// Refuses flags that name one file when there are many.
pub fn one_file_flags(
    output: Option<&Path>,
    filename_override: Option<&Path>,
) -> Result<(), Error> {
    if output.is_some() {
        return Err(Error::Conflict(
            "--output takes one file; with many files use -i (--in-place)".into(),
        ));
    }
    if filename_override.is_some() {
        return Err(Error::Conflict(
            "--filename-override takes one file; name the files themselves".into(),
        ));
    }
    Ok(())
}

/// A line of the report for `target`.
pub fn line(target: &Target, status: Status, note: impl Into<String>) -> FileReport {
    FileReport::new(target.path.clone(), target.rule, status, note.into())
}

/// The report line of a file that failed, with sops' exit code for it.
pub fn failed(target: &Target, error: &Error) -> FileReport {
    // The message names the file already; the report line does too.
    let message = error.to_string();
    let prefix = format!("{}: ", target.path.display());
    let note = message.strip_prefix(&prefix).unwrap_or(&message);
    let mut report = line(target, Status::Failed, note);
    report.exit_code = error.exit_code();
    report
}

/// Reads a target (a missing file fails as in the one-file commands).
pub fn read(target: &Target) -> Result<zeroize::Zeroizing<Vec<u8>>, Error> {
    super::io::read_input(Some(&target.path), None).map(|input| input.bytes)
}

/// Replaces a target's content atomically; the line says when it could not
/// be atomic.
pub fn write(target: &Target, bytes: &[u8], secret: bool) -> FileReport {
    match crate::atomic_file::replace(&target.path, bytes, secret) {
        Ok(Written::Replaced) => line(target, Status::Changed, ""),
        Ok(Written::InPlace(reason)) => line(
            target,
            Status::Changed,
            format!("written over in place, not atomically: {reason}"),
        ),
        Err(source) => failed(
            target,
            &Error::Write {
                file: target.path.clone(),
                source,
            },
        ),
    }
}
