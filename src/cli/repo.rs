//! What the many-file forms of the commands share: the flags, the list of
//! files, the report and the exit code ([`crate::repo`]).

use std::path::{Path, PathBuf};

use clap::Args;

use super::error::Error;
use crate::atomic_file::Written;
use crate::config::Config;
use crate::keys::KeyContext;
use crate::ops::DecryptOptions;
use crate::rekey::{self, KeyChanges, KeyDiff, RekeyOptions};
use crate::repo::walk::looks_encrypted;
use crate::repo::{run, walk, FileReport, Status, Target, Want};
use crate::stores::Format;

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

    /// Runs `job` on every sops file of `files` (and with `-r` of the
    /// folders among them) in parallel, then prints the report and returns
    /// the exit code, as [`RepoFlags::finish`].
    fn each_encrypted(
        &self,
        files: &[PathBuf],
        config: &Config,
        job: impl Fn(&Target) -> FileReport + Sync,
    ) -> Result<i32, Error> {
        let targets = self.targets(files, config, Want::Encrypted)?;
        let reports = self.run(&targets, job);
        self.finish(&reports)
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

/// Reads a target for a key command: a file found in a folder that sops
/// did not encrypt is skipped (a file named on the command line is not,
/// so that its error is sops' own).
fn read_sops_file(target: &Target) -> Result<zeroize::Zeroizing<Vec<u8>>, FileReport> {
    let bytes = read(target).map_err(|e| failed(target, &e))?;
    if target.from_folder && !looks_encrypted(&bytes) {
        return Err(line(target, Status::Skipped, "not encrypted by sops"));
    }
    Ok(bytes)
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

/// `updatekeys -y` over many files and folders: each file gets the keys of
/// the creation rule that applies to it, in parallel; `--dry-run` shows the
/// key changes.
pub fn updatekeys(
    files: &[PathBuf],
    format: Option<Format>,
    flags: &RepoFlags,
    config: &Config,
    keys: &KeyContext,
) -> Result<i32, Error> {
    let options = RekeyOptions {
        stores: config.stores,
        ..RekeyOptions::default()
    };
    flags.each_encrypted(files, config, |t| {
        let bytes = match read_sops_file(t) {
            Ok(b) => b,
            Err(report) => return report,
        };
        let rule = match config.rule_for(&t.absolute) {
            Ok(Some(rule)) => rule,
            Ok(None) => {
                return failed(
                    t,
                    &Error::Failed("the config file has no creation rules".into()),
                )
            }
            Err(e) => return failed(t, &e.into()),
        };
        let name = t.path.display().to_string();
        let format = format.unwrap_or_else(|| Format::from_path(&t.path));
        let plan = match rekey::updatekeys_plan(&bytes, format, rule, &name) {
            Ok(plan) => plan,
            Err(e) => return failed(t, &e.into()),
        };
        if plan.is_up_to_date() {
            return line(t, Status::Unchanged, "already up to date");
        }
        let change = one_line(plan.diff());
        if flags.dry_run {
            return line(t, Status::Planned, change);
        }
        if let Err(e) = rule.checked_key_groups(&t.absolute) {
            return failed(t, &e.into());
        }
        match plan.apply(&options, keys) {
            Ok(updated) => {
                let mut report = write(t, &updated, false);
                if report.status == Status::Changed && report.note.is_empty() {
                    report.note = change;
                }
                report
            }
            Err(e) => failed(t, &e.into()),
        }
    })
}

/// `filestatus` over many files and folders: whether each one is
/// sops-encrypted, as a report line (or JSON) instead of one JSON object
/// per file.
pub fn filestatus(
    files: &[PathBuf],
    format: Option<Format>,
    flags: &RepoFlags,
    config: &Config,
) -> Result<i32, Error> {
    flags.each_encrypted(files, config, |t| {
        let bytes = match read(t) {
            Ok(b) => b,
            Err(e) => return failed(t, &e),
        };
        let format = format.unwrap_or_else(|| Format::from_path(&t.path));
        match rekey::is_encrypted(&bytes, format, &t.path.display().to_string()) {
            Ok(true) => line(t, Status::Done, "encrypted"),
            Ok(false) => line(t, Status::Done, "not encrypted"),
            Err(e) => failed(t, &e.into()),
        }
    })
}

/// `rotate -i` over many files and folders: a new data key for each
/// sops-encrypted file, with `changes` applied to its keys; `--dry-run`
/// lists the files.
pub fn rotate(
    files: &[PathBuf],
    format: Option<Format>,
    changes: &KeyChanges,
    options: &DecryptOptions,
    flags: &RepoFlags,
    config: &Config,
    keys: &KeyContext,
) -> Result<i32, Error> {
    flags.each_encrypted(files, config, |t| {
        let bytes = match read_sops_file(t) {
            Ok(b) => b,
            Err(report) => return report,
        };
        if flags.dry_run {
            return line(t, Status::Planned, "a new data key");
        }
        let format = format.unwrap_or_else(|| Format::from_path(&t.path));
        let name = t.path.display().to_string();
        match rekey::rotate(&bytes, format, format, changes, options, keys, &name) {
            Ok(rotated) => write(t, &rotated, false),
            Err(e) => failed(t, &e.into()),
        }
    })
}

/// A key change on one line: `+age1…, -age1…` per group, and the threshold
/// when it changes.
fn one_line(diff: &KeyDiff) -> String {
    let mut parts = Vec::new();
    for (i, g) in diff.groups.iter().enumerate() {
        let keys: Vec<String> = g
            .added
            .iter()
            .map(|k| format!("+{k}"))
            .chain(g.removed.iter().map(|k| format!("-{k}")))
            .collect();
        if !keys.is_empty() {
            let group = if diff.groups.len() > 1 {
                format!("group {}: ", i + 1)
            } else {
                String::new()
            };
            parts.push(format!("{group}{}", keys.join(", ")));
        }
    }
    if diff.old_threshold != diff.new_threshold {
        parts.push(format!(
            "threshold {} -> {}",
            diff.old_threshold, diff.new_threshold
        ));
    }
    parts.join("; ")
}
