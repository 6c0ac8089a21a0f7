//! `rsops check [PATH…]`: the leak gate (src/check.rs) over the files git
//! tracks, the staged files, or the paths given.

use std::path::{Path, PathBuf};

use clap::Args;

use super::error::Error;
use crate::check::{self, CheckOptions, Source};
use crate::config;
use crate::keys::KeyContext;
use crate::ops::DecryptOptions;

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Files or folders to check; default: the files git tracks (or, with --staged, the staged ones)
    paths: Vec<PathBuf>,
    /// Check the staged content of the files staged for the next commit (for pre-commit hooks)
    #[arg(long)]
    staged: bool,
    /// Also report plaintext values under secret-looking keys (password, token, secret, private_key, …) outside encrypted files
    #[arg(long)]
    strict: bool,
    /// Print the report as JSON on standard output
    #[arg(long)]
    json: bool,
}

pub fn run(args: CheckArgs, config_flag: Option<&Path>) -> Result<(), Error> {
    let config = config::load(config::find(config_flag, super::WARN).as_deref())?;
    let keys = KeyContext::default();
    let options = CheckOptions {
        config: &config,
        strict: args.strict,
        decrypt: DecryptOptions {
            stores: config.stores,
            warn: super::WARN,
            ..DecryptOptions::default()
        },
        keys: &keys,
    };
    let cwd = std::env::current_dir().map_err(|source| Error::Read {
        file: ".".to_owned(),
        source,
    })?;
    let (root, files, source) = if args.staged {
        let top = crate::git::top_level(&cwd)?;
        let files = check::staged_files(&cwd, &args.paths)?;
        let contents = check::read_staged(&top, &files, |f| check::wants(f, &top, &options))?;
        (top, files, Source::Given(contents))
    } else if args.paths.is_empty() {
        (cwd.clone(), check::tracked_files(&cwd)?, Source::WorkTree)
    } else {
        let files = check::expand(&args.paths).map_err(|(file, source)| Error::Read {
            file: file.display().to_string(),
            source,
        })?;
        (cwd.clone(), files, Source::WorkTree)
    };
    let report = check::check(&files, &root, source, &options);
    if args.json {
        print!("{}", report.to_json());
    } else {
        for f in &report.findings {
            println!("{}: {}: {}", f.file, f.kind.id(), f.message);
        }
    }
    if !report.unverified.is_empty() {
        eprintln!(
            "rsops: {} sops file(s) not verified (no key to decrypt them here): {}",
            report.unverified.len(),
            report.unverified.join(", ")
        );
    }
    if report.findings.is_empty() {
        if !args.json {
            eprintln!(
                "rsops: {} file(s) checked, {} sops file(s) verified, nothing found",
                report.files, report.verified
            );
        }
        Ok(())
    } else {
        Err(Error::Findings(report.findings.len()))
    }
}
