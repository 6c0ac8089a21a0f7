//! `rsops filestatus FILE`: prints whether a file is sops-encrypted, as
//! JSON.

use std::path::PathBuf;

use clap::Args;

use super::error::Error;
use crate::stores::Format;

#[derive(Args, Debug)]
pub struct FilestatusArgs {
    /// The file to check
    file: Option<PathBuf>,
    /// Input format (yaml, json, dotenv, ini, binary, toml); default: from the file name
    #[arg(long, value_name = "TYPE")]
    input_type: Option<String>,
}

pub fn run(args: FilestatusArgs) -> Result<(), Error> {
    let Some(file) = args.file.as_deref() else {
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
    Ok(())
}
