//! sops' legacy mode: `rsops -e FILE`, `rsops -d FILE` and friends, with
//! the flags before the file; `rsops FILE` edits the file.

use std::path::{Path, PathBuf};

use clap::Args;

use super::decrypt::{decrypt_file, DecryptFlags};
use super::edit::{edit_file, Request};
use super::encrypt::{encrypt_file, Extra, NewFileFlags};
use super::error::Error;
use super::{KeyServiceFlags, OutputFlags};

#[derive(Args, Debug, Default)]
pub struct LegacyArgs {
    /// File to work on (legacy mode): edited, or with -e or -d encrypted or decrypted
    file: Option<PathBuf>,
    /// Encrypt the file (legacy mode)
    #[arg(short = 'e', long)]
    encrypt: bool,
    /// Decrypt the file (legacy mode)
    #[arg(short = 'd', long)]
    decrypt: bool,
    /// Make a new data key for the file (legacy mode)
    #[arg(short = 'r', long)]
    rotate: bool,
    /// Set one value and write the file: '<path> <json>', e.g. '["db"]["password"] "x"' (legacy mode)
    #[arg(long, value_name = "PATH_AND_VALUE")]
    set: Option<String>,
    #[command(flatten)]
    add_remove: super::rotate::AddRemoveFlags,
    #[command(flatten)]
    output: OutputFlags,
    #[command(flatten)]
    new: NewFileFlags,
    #[command(flatten)]
    decrypt_flags: DecryptFlags,
    #[command(flatten)]
    keyservice: KeyServiceFlags,
    /// Show the sops metadata block in the editor too (legacy mode; changes to it are refused)
    #[arg(short = 's', long)]
    show_master_keys: bool,
    /// Leave values unencrypted when a comment above them matches this regex
    #[arg(long, value_name = "REGEX")]
    unencrypted_comment_regex: Option<String>,
    /// Encrypt only values under a comment matching this regex
    #[arg(long, value_name = "REGEX")]
    encrypted_comment_regex: Option<String>,
    /// Compute the MAC over encrypted values only
    #[arg(long)]
    mac_only_encrypted: bool,
    /// JSON indentation in spaces for the output (legacy mode)
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    indent: Option<i64>,
    /// Use this file name to choose formats and the creation rule
    #[arg(long, value_name = "NAME")]
    filename_override: Option<PathBuf>,
    /// Accepted for compatibility; rsops logs only errors and warnings
    #[arg(long)]
    verbose: bool,
    /// Accepted for compatibility; rsops never checks for updates
    #[arg(long)]
    disable_version_check: bool,
}

pub fn run(args: LegacyArgs, config_flag: Option<&Path>) -> Result<(), Error> {
    if !args.encrypt && !args.decrypt && (args.rotate || args.set.is_some()) {
        return rotate_or_set(args, config_flag);
    }
    let Some(file) = args.file.as_deref() else {
        if !args.encrypt && !args.decrypt {
            // Nothing asked: the help, with sops' exit code for no file.
            eprintln!("{}", super::command().render_help());
        }
        return Err(Error::NoFileSpecified);
    };
    let context = args.keyservice.context()?;
    let indent = match args.indent {
        None => None,
        Some(n) => Some(
            usize::try_from(n)
                .map_err(|_| Error::Usage(format!("--indent {n} is not valid; use 0 or more")))?,
        ),
    };
    if args.decrypt && !args.encrypt {
        return decrypt_file(
            Some(file),
            args.filename_override.as_deref(),
            &args.output,
            &args.new.types,
            &args.decrypt_flags,
            indent,
            &context,
            config_flag,
        );
    }
    let extra = Extra {
        unencrypted_comment_regex: args.unencrypted_comment_regex,
        encrypted_comment_regex: args.encrypted_comment_regex,
        mac_only_encrypted: args.mac_only_encrypted,
        indent,
    };
    if !args.encrypt {
        let request = Request {
            file,
            new: &args.new,
            open: &args.decrypt_flags.open,
            extra: &extra,
            show_master_keys: args.show_master_keys,
            context: &context,
        };
        return edit_file(&request, config_flag);
    }
    encrypt_file(
        Some(file),
        args.filename_override.as_deref(),
        &args.output,
        &args.new,
        &extra,
        &context.services,
        config_flag,
    )
}

/// `-r` and `--set FILE`.
fn rotate_or_set(args: LegacyArgs, config_flag: Option<&Path>) -> Result<(), Error> {
    let Some(file) = args.file.as_deref() else {
        return Err(Error::NoFileSpecified);
    };
    if let Some(argument) = &args.set {
        let flags = super::set::ChangeFlags {
            types: args.new.types.clone(),
            open: args.decrypt_flags.open.clone(),
            keyservice: args.keyservice.clone(),
            ..Default::default()
        };
        return super::set::legacy_set(file, argument, &flags, config_flag);
    }
    if !file.exists() && !args.add_remove.any() {
        return Err(Error::NoSuchFile {
            file: file.display().to_string(),
        });
    }
    super::rotate::rotate_file(
        file,
        args.filename_override.as_deref(),
        &args.output,
        &args.new.types,
        &args.add_remove,
        args.new.keys.encryption_context.as_deref(),
        args.decrypt_flags.open.order.decryption_order.as_deref(),
        args.decrypt_flags.open.ignore_mac,
        &args.keyservice.context()?,
        config_flag,
    )
}
