//! `rsops unset FILE PATH`: removes one key or list element of an
//! encrypted file.

use std::path::{Path, PathBuf};

use clap::Args;

use super::error::Error;
use super::set::{change_file, set_path, ChangeFlags};
use crate::tree_path::{self, UnsetError};

#[derive(Args, Debug)]
pub struct UnsetArgs {
    /// The encrypted file
    file: Option<PathBuf>,
    /// Tree path of the key or element to remove, e.g. '["db"]["password"]'
    path: Option<String>,
    /// Extra arguments, refused as sops refuses them
    #[arg(hide = true)]
    extra: Vec<String>,
    /// Do nothing (and exit 0) when the path does not exist
    #[arg(long)]
    idempotent: bool,
    #[command(flatten)]
    change: ChangeFlags,
}

pub fn run(args: UnsetArgs, config_flag: Option<&Path>) -> Result<(), Error> {
    let (Some(file), Some(path), true) = (
        args.file.as_deref(),
        args.path.as_deref(),
        args.extra.is_empty(),
    ) else {
        return Err(Error::Arguments(
            "unset takes exactly 2 arguments: FILE PATH".into(),
        ));
    };
    let steps = set_path(path)?;
    let name = file.display().to_string();
    change_file(
        file,
        &args.change,
        args.idempotent,
        config_flag,
        |branch| match tree_path::unset(branch, &steps) {
            Ok(()) => Ok(true),
            Err(UnsetError::NotFound(_)) if args.idempotent => Ok(false),
            Err(source) => Err(Error::Unset { file: name, source }),
        },
    )
}
