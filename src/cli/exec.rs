//! `rsops exec-env` and `rsops exec-file`: run a command with the decrypted
//! values in its environment or in a temporary file ([`crate::exec`]).

use std::path::{Path, PathBuf};

use clap::Args;

use super::error::Error;
use super::{KeyServiceFlags, TypeFlags};
use crate::config;
use crate::exec::{ExecOptions, FileOptions};
use crate::ops::{self, DecryptOptions};
use crate::stores::Format;

/// What both commands take.
#[derive(Args, Debug)]
pub struct Common {
    /// The encrypted file
    file: Option<PathBuf>,
    /// The command to run with /bin/sh -c
    command: Option<String>,
    /// Run the command as this user (rsops must run as root); sets HOME, USER and LOGNAME
    #[arg(long, value_name = "USER")]
    user: Option<String>,
    /// Start the command and do not wait for it (deprecated in sops)
    #[arg(long, hide = true)]
    background: bool,
    #[command(flatten)]
    order: super::decrypt::OrderFlag,
    #[command(flatten)]
    keyservice: KeyServiceFlags,
}

#[derive(Args, Debug)]
pub struct ExecEnvArgs {
    #[command(flatten)]
    common: Common,
    /// Give the command only the decrypted values, not rsops' environment
    #[arg(long)]
    pristine: bool,
    /// Replace rsops with the command instead of starting a child process
    #[arg(long)]
    same_process: bool,
}

#[derive(Args, Debug)]
pub struct ExecFileArgs {
    #[command(flatten)]
    common: Common,
    /// Write the plaintext to a regular 0600 file instead of a named pipe
    #[arg(long)]
    no_fifo: bool,
    /// Name of the temporary file (default: tmp-file)
    #[arg(long, value_name = "NAME")]
    filename: Option<String>,
    #[command(flatten)]
    types: TypeFlags,
}

pub fn run_env(args: ExecEnvArgs, config_flag: Option<&Path>) -> Result<i32, Error> {
    let (file, command) = args.common.file_and_command()?;
    if args.common.background && args.same_process {
        return Err(Error::Conflict(
            "--same-process cannot be used with --background; choose one".into(),
        ));
    }
    let (input_format, _) = TypeFlags::default().formats(Some(file));
    let vars = args
        .common
        .open(file, input_format, config_flag, |opened, name, _| {
            Ok(crate::exec::env_vars(&opened.tree, name)?)
        })?;
    let options = ExecOptions {
        pristine: args.pristine,
        user: args.common.user.clone(),
        same_process: args.same_process,
        background: args.common.background,
    };
    Ok(crate::exec::run_with_env(command, &vars, &options)?)
}

pub fn run_file(args: ExecFileArgs, config_flag: Option<&Path>) -> Result<i32, Error> {
    let (file, command) = args.common.file_and_command()?;
    let (input_format, output_format) = args.types.formats(Some(file));
    let plain = args
        .common
        .open(file, input_format, config_flag, |opened, _, stores| {
            Ok(opened.plain_text(output_format, stores)?)
        })?;
    let options = ExecOptions {
        user: args.common.user.clone(),
        ..ExecOptions::default()
    };
    let file_options = FileOptions {
        no_fifo: args.no_fifo,
        filename: args.filename,
    };
    Ok(crate::exec::run_with_file(
        command,
        &plain,
        &file_options,
        &options,
    )?)
}

impl Common {
    fn file_and_command(&self) -> Result<(&Path, &str), Error> {
        match (&self.file, &self.command) {
            (Some(file), Some(command)) => Ok((file, command)),
            // sops' message and exit code (1) for either missing.
            _ => Err(Error::Usage(
                "missing file to decrypt: give the encrypted file, then the command to run".into(),
            )),
        }
    }

    /// Decrypts `file` and hands the opened document to `take`.
    fn open<T>(
        &self,
        file: &Path,
        format: Format,
        config_flag: Option<&Path>,
        take: impl FnOnce(&ops::Opened<'_>, &str, &crate::stores::StoreOptions) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let decryption_order = self.order.parse()?;
        let name = file.display().to_string();
        // sops exits 2 for a missing file here (not 100 as in decrypt).
        let bytes = zeroize::Zeroizing::new(std::fs::read(file).map_err(|source| Error::Read {
            file: name.clone(),
            source,
        })?);
        let stores = config::load_stores(config::find(config_flag, super::WARN).as_deref())?;
        let options = DecryptOptions {
            decryption_order,
            stores,
            warn: super::WARN,
            ..DecryptOptions::default()
        };
        let keys = self.keyservice.context()?;
        let opened = ops::open(&bytes, format, &options, &keys, &name)?;
        take(&opened, &name, &stores)
    }
}
