//! `rsops updatekeys FILE…`: gives files the keys of the creation rule that
//! now applies to them, showing the change and asking first unless `-y`.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;

use super::error::Error;
use super::repo::RepoFlags;
use super::{io, KeyServiceFlags, OutputFlags};
use crate::config::{self, Config};
use crate::keys::KeyContext;
use crate::rekey::{self, RekeyOptions};
use crate::stores::Format;

#[derive(Args, Debug)]
pub struct UpdatekeysArgs {
    /// The encrypted files
    files: Vec<PathBuf>,
    /// Make the changes without asking
    #[arg(short = 'y', long)]
    yes: bool,
    /// Input format; default: from the file name
    #[arg(long, value_name = "TYPE", value_parser = super::type_names())]
    input_type: Option<String>,
    #[command(flatten)]
    keyservice: KeyServiceFlags,
    #[command(flatten)]
    repo: RepoFlags,
}

/// `updatekeys`, in parallel over many files with -r, --dry-run or --json
/// (these need -y or --dry-run: there is no prompt per file), else file by
/// file as sops does it.
pub fn run_any(args: UpdatekeysArgs, config_flag: Option<&Path>) -> Result<i32, Error> {
    let repo = &args.repo;
    if !(repo.recursive || repo.dry_run || repo.json) {
        return run(args, config_flag).map(|()| 0);
    }
    let keys = args.keyservice.context()?;
    if !args.yes && !repo.dry_run {
        return Err(Error::Conflict(
            "updatekeys over many files does not ask file by file: give -y, or --dry-run to see the changes first".into(),
        ));
    }
    let Some(config_path) = config::find(config_flag, super::WARN) else {
        return Err(Error::Failed(
            "config file not found: updatekeys takes the keys from .sops.yaml; create one, or give --config".into(),
        ));
    };
    let config = config::load(Some(&config_path))?;
    let format = args.input_type.as_deref().and_then(Format::from_name);
    super::repo::updatekeys(&args.files, format, repo, &config, &keys)
}

pub fn run(args: UpdatekeysArgs, config_flag: Option<&Path>) -> Result<(), Error> {
    let keys = args.keyservice.context()?;
    let Some(config_path) = config::find(config_flag, super::WARN) else {
        return Err(Error::Failed(
            "config file not found: updatekeys takes the keys from .sops.yaml; create one, or give --config".into(),
        ));
    };
    if args.files.is_empty() {
        return Err(Error::NoFileSpecified);
    }
    let config = config::load(Some(&config_path))?;
    let format = args.input_type.as_deref().and_then(Format::from_name);
    if let [file] = args.files.as_slice() {
        return update(file, format, args.yes, &config, &keys);
    }
    // Several files: carry on after a failure and fail at the end, as sops.
    let mut failed = 0;
    for file in &args.files {
        if let Err(e) = update(file, format, args.yes, &config, &keys) {
            eprintln!("rsops: {e}");
            failed += 1;
        }
    }
    match failed {
        0 => Ok(()),
        n => Err(Error::SomeFailed(n)),
    }
}

/// Updates one file, in place.
fn update(
    file: &Path,
    format: Option<Format>,
    yes: bool,
    config: &Config,
    keys: &KeyContext,
) -> Result<(), Error> {
    let name = file.display().to_string();
    let path = config::absolute(file);
    if path.is_dir() {
        return Err(Error::Failed(format!(
            "{name}: can't operate on a directory; name the files in it"
        )));
    }
    let bytes = std::fs::read(file)
        .map_err(|source| Error::Failed(format!("cannot read {name}: {source}")))?;
    let format = format.unwrap_or_else(|| Format::from_path(file));
    let Some(rule) = config.rule_for(&path)? else {
        return Err(Error::Failed(format!(
            "the config file {} does not contain any creation rule; add one with the keys for {name}",
            config.path.as_deref().unwrap_or(Path::new(".sops.yaml")).display()
        )));
    };
    let plan = rekey::updatekeys_plan(&bytes, format, rule, &name)?;
    if plan.is_up_to_date() {
        eprintln!("rsops: {name}: already up to date");
        return Ok(());
    }
    let mut stdout = std::io::stdout().lock();
    let shown = stdout
        .write_all(plan.diff().render().as_bytes())
        .and_then(|()| stdout.flush());
    drop(stdout);
    shown.map_err(|source| Error::Write {
        file: PathBuf::from("standard output"),
        source,
    })?;
    if !yes && !io::confirm("Is this okay? (y/n):", "give -y to update without asking")? {
        eprintln!("rsops: {name}: left unchanged");
        return Ok(());
    }
    rule.checked_key_groups(&path)?;
    let options = RekeyOptions {
        stores: config.stores,
        ..RekeyOptions::default()
    };
    let updated = plan.apply(&options, keys)?;
    let in_place = OutputFlags {
        in_place: true,
        output: None,
    };
    io::write_output(&in_place, Some(file), &updated, false)?;
    eprintln!("rsops: {name}: synced with new keys");
    Ok(())
}
