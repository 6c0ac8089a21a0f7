//! `rsops decrypt`: decrypts a file (or one value of it) to standard output,
//! a file, or in place.

use std::path::{Path, PathBuf};

use clap::Args;

use super::error::Error;
use super::{io, KeyServiceFlags, OutputFlags, TypeFlags};
use crate::config;
use crate::keys::{DecryptionOrder, KeyContext};
use crate::ops::{self, DecryptOptions};

#[derive(Args, Debug)]
pub struct DecryptArgs {
    /// The file to decrypt; standard input when absent
    file: Option<PathBuf>,
    #[command(flatten)]
    output: OutputFlags,
    #[command(flatten)]
    types: TypeFlags,
    #[command(flatten)]
    flags: DecryptFlags,
    /// Use this file name to choose formats
    #[arg(long, value_name = "NAME")]
    filename_override: Option<PathBuf>,
    #[command(flatten)]
    keyservice: KeyServiceFlags,
}

/// Flags that only decryption has.
#[derive(Args, Debug, Default, Clone)]
pub struct DecryptFlags {
    /// Print only the value at this tree path, e.g. '["db"]["password"]'
    #[arg(long, value_name = "PATH")]
    extract: Option<String>,
    /// Do not check the MAC (for files edited by hand; check them first)
    #[arg(long)]
    pub(super) ignore_mac: bool,
    /// Comma-separated key types to try first, e.g. age,pgp
    #[arg(
        long,
        env = "SOPS_DECRYPTION_ORDER",
        hide_env_values = true,
        value_name = "TYPES"
    )]
    pub(super) decryption_order: Option<String>,
}

pub fn run(args: DecryptArgs, config_flag: Option<&Path>) -> Result<(), Error> {
    args.keyservice.check()?;
    decrypt_file(
        args.file.as_deref(),
        args.filename_override.as_deref(),
        &args.output,
        &args.types,
        &args.flags,
        None,
        config_flag,
    )
}

/// Reads, decrypts and writes one file.
pub(super) fn decrypt_file(
    file: Option<&Path>,
    filename_override: Option<&Path>,
    output: &OutputFlags,
    types: &TypeFlags,
    flags: &DecryptFlags,
    indent: Option<usize>,
    config_flag: Option<&Path>,
) -> Result<(), Error> {
    io::check_output(output, file)?;
    let decryption_order = match &flags.decryption_order {
        Some(s) => DecryptionOrder::parse(s)?,
        None => DecryptionOrder::default(),
    };
    // An empty path extracts the whole file, as in sops.
    let extract = flags
        .extract
        .as_deref()
        .filter(|p| !p.is_empty())
        .map(|p| {
            crate::tree_path::parse(p).map_err(|source| Error::TreePath {
                path: p.to_owned(),
                source,
            })
        })
        .transpose()?;
    let input = io::read_input(file, filename_override)?;
    let config = config::load(config::find(config_flag, super::WARN).as_deref())?;
    let mut stores = config.stores;
    if let Some(spaces) = indent {
        stores.set_indent(spaces);
    }
    let (input_format, output_format) = types.formats(input.path.as_deref());
    let options = DecryptOptions {
        ignore_mac: flags.ignore_mac,
        extract,
        decryption_order,
        stores,
        process_exits_after: true,
        warn: super::WARN,
    };
    let plain = ops::decrypt(
        &input.bytes,
        input_format,
        output_format,
        &options,
        &KeyContext::default(),
        &input.name,
    )?;
    let written = io::write_output(output, file, &plain, true);
    // The input of a decrypt is the encrypted file: nothing in it needs
    // wiping, and the process exits next, so its memory is left to the
    // operating system (zeroizing 1.4 MB byte by byte takes 0.15 ms).
    std::mem::forget(input);
    written
}
