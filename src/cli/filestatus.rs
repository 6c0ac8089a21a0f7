//! `rsops filestatus FILE`: prints whether a file is sops-encrypted, as
//! JSON.

use std::path::{Path, PathBuf};

use clap::Args;

use super::error::Error;
use super::repo::RepoFlags;
use crate::stores::Format;

#[derive(Args, Debug)]
pub struct FilestatusArgs {
    /// The file to check; with -r, --json or several files, each file and folder named
    files: Vec<PathBuf>,
    /// Input format; default: from the file name
    #[arg(long, value_name = "TYPE", value_parser = super::type_names())]
    input_type: Option<String>,
    #[command(flatten)]
    repo: RepoFlags,
}

/// One file as sops answers it, or many with a report.
pub fn run(args: FilestatusArgs, config_flag: Option<&Path>) -> Result<i32, Error> {
    if args.repo.many(&args.files) {
        let config = crate::config::load(crate::config::find(config_flag, super::WARN).as_deref())?;
        let format = args.input_type.as_deref().and_then(Format::from_name);
        return super::repo::filestatus(&args.files, format, &args.repo, &config);
    }
    let Some(file) = args.files.first() else {
        return Err(Error::NoFileSpecified);
    };
    let format = args
        .input_type
        .as_deref()
        .and_then(Format::from_name)
        .unwrap_or_else(|| Format::from_path(file));
    let name = file.display().to_string();
    let bytes = std::fs::read(file).map_err(|source| {
        Error::Failed(format!(
            "cannot check the status of {name}: cannot read it: {source}"
        ))
    })?;
    let encrypted = crate::rekey::is_encrypted(&bytes, format, &name)
        .map_err(|e| Error::Failed(format!("cannot check the status of {name}: {e}")))?;
    println!("{{\"encrypted\":{encrypted}}}");
    Ok(0)
}
