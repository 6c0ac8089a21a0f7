//! `rsops git …`: the textconv, the merge driver, the resolution of its
//! conflicts and the set-up that wires them into git (src/git).

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use super::error::Error;
use crate::config;
use crate::git::merge;
use crate::git::textconv::{self, Shown};
use crate::git::tree_merge::Side;
use crate::keys::KeyContext;
use crate::ops::DecryptOptions;

#[derive(Args, Debug)]
pub struct GitArgs {
    #[command(subcommand)]
    command: GitCommand,
}

#[derive(Subcommand, Debug)]
enum GitCommand {
    /// Print FILE decrypted, for git's diff.rsops.textconv (the file as it is when it cannot be decrypted)
    Textconv {
        /// The file git hands over
        file: PathBuf,
    },
    /// Merge driver: merge BASE and THEIRS into OURS value by value (git's %O %A %B %P)
    Merge {
        /// The common ancestor's version (%O)
        base: PathBuf,
        /// Our version, rewritten with the result (%A)
        ours: PathBuf,
        /// Their version (%B)
        theirs: PathBuf,
        /// The file's path in the repository, which chooses its format (%P)
        path: String,
    },
    /// Resolve a conflicted encrypted file from the versions in git's index, without plaintext in the work tree
    Resolve(ResolveArgs),
    /// Configure the textconv and merge driver, and write .gitattributes for the files .sops.yaml selects
    Setup(SetupArgs),
}

#[derive(Args, Debug)]
struct ResolveArgs {
    /// The conflicted file
    file: PathBuf,
    /// Take our value wherever both sides changed one differently
    #[arg(long, conflicts_with = "theirs")]
    ours: bool,
    /// Take their value wherever both sides changed one differently
    #[arg(long)]
    theirs: bool,
}

#[derive(Args, Debug)]
struct SetupArgs {
    /// Write the git config to ~/.gitconfig instead of the repository's
    #[arg(long)]
    global: bool,
    /// Change nothing; report what is missing and exit non-zero if anything is
    #[arg(long)]
    check: bool,
}

fn decrypt_options(config_flag: Option<&Path>) -> Result<DecryptOptions, Error> {
    let config = config::load(config::find(config_flag, super::WARN).as_deref())?;
    Ok(DecryptOptions {
        stores: config.stores,
        warn: super::WARN,
        ..DecryptOptions::default()
    })
}

pub fn run(args: GitArgs, config_flag: Option<&Path>) -> Result<(), Error> {
    let keys = KeyContext::default();
    match args.command {
        GitCommand::Textconv { file } => {
            let data = std::fs::read(&file).map_err(|source| Error::Read {
                file: file.display().to_string(),
                source,
            })?;
            // A diff must not fail on a broken .sops.yaml either.
            let options = decrypt_options(config_flag).unwrap_or_default();
            let bytes = match textconv::show(data, &file, &options, &keys) {
                Shown::Plain(plain) => plain.to_vec(),
                Shown::Raw(raw, note) => {
                    eprintln!("rsops: {note}");
                    raw
                }
            };
            std::io::stdout()
                .write_all(&bytes)
                .map_err(|source| Error::Write {
                    file: PathBuf::from("standard output"),
                    source,
                })
        }
        GitCommand::Merge {
            base,
            ours,
            theirs,
            path,
        } => {
            let options = decrypt_options(config_flag)?;
            for note in merge::driver(&base, &ours, &theirs, &path, &options, &keys)? {
                eprintln!("rsops: {note}");
            }
            Ok(())
        }
        GitCommand::Resolve(a) => {
            let options = decrypt_options(config_flag)?;
            let prefer = match (a.ours, a.theirs) {
                (true, _) => Some(Side::Ours),
                (_, true) => Some(Side::Theirs),
                _ => None,
            };
            let outcome = merge::resolve(&a.file, prefer, &options, &keys)?;
            for note in &outcome.notes {
                eprintln!("rsops: {note}");
            }
            let side = if a.theirs { "theirs" } else { "ours" };
            for path in &outcome.conflicts {
                eprintln!("rsops: {}: took {side} for {path}", a.file.display());
            }
            eprintln!(
                "rsops: {} merged, encrypted and staged; check it with `rsops decrypt {0}` (change a value with `rsops edit {0}`), then commit",
                a.file.display()
            );
            Ok(())
        }
        GitCommand::Setup(a) => {
            let config = config::load(config::find(config_flag, super::WARN).as_deref())?;
            let cwd = std::env::current_dir().map_err(|source| Error::Read {
                file: ".".to_owned(),
                source,
            })?;
            let report = crate::git::setup::setup(&cwd, &config, a.global, a.check)?;
            let verb = if a.check { "missing" } else { "done" };
            for change in &report.changes {
                println!("{verb}: {change}");
            }
            for note in &report.notes {
                eprintln!("rsops: {note}");
            }
            if a.check && !report.changes.is_empty() {
                return Err(crate::git::GitError::SetupIncomplete.into());
            }
            if report.changes.is_empty() {
                println!("rsops git set-up is complete");
            }
            Ok(())
        }
    }
}
