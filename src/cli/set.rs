//! `rsops set FILE PATH VALUE`: sets one value of an encrypted file, and
//! what `set` and `unset` share: decrypt, change the first document, encrypt
//! again under the same data key and write the file in place.

use std::path::{Path, PathBuf};

use clap::Args;

use super::error::Error;
use super::{io, KeyServiceFlags, OutputFlags, TypeFlags};
use crate::config;
use crate::ops::{self, DecryptOptions};
use crate::tree::Map;
use crate::tree_path::{self, Step};

#[derive(Args, Debug)]
pub struct SetArgs {
    /// The encrypted file
    file: Option<PathBuf>,
    /// Tree path of the value, e.g. '["db"]["password"]'
    path: Option<String>,
    /// The value as JSON ('"text"', 5, true, '{"a":[1]}'); with --value-file, a file holding it
    value: Option<String>,
    /// Extra arguments, refused as sops refuses them
    #[arg(hide = true)]
    extra: Vec<String>,
    /// Read the value from the file named by VALUE (keeps it out of process listings)
    #[arg(long)]
    value_file: bool,
    /// Read the value from standard input; VALUE is then not given
    #[arg(long)]
    value_stdin: bool,
    /// Do nothing (and exit 0) when the path already has this value
    #[arg(long)]
    idempotent: bool,
    #[command(flatten)]
    change: ChangeFlags,
}

/// Flags `set` and `unset` share.
#[derive(Args, Debug, Default)]
pub(super) struct ChangeFlags {
    #[command(flatten)]
    pub(super) types: TypeFlags,
    /// Accepted for compatibility; sops does not use it for this command
    #[arg(long, value_name = "N")]
    pub(super) shamir_secret_sharing_threshold: Option<usize>,
    #[command(flatten)]
    pub(super) open: super::decrypt::OpenFlags,
    #[command(flatten)]
    pub(super) keyservice: KeyServiceFlags,
}

pub fn run(args: SetArgs, config_flag: Option<&Path>) -> Result<(), Error> {
    if args.value_file && args.value_stdin {
        return Err(Error::Usage(
            "cannot use both --value-file and --value-stdin; choose one".into(),
        ));
    }
    let given = [
        args.file.is_some(),
        args.path.is_some(),
        args.value.is_some(),
    ]
    .iter()
    .filter(|g| **g)
    .count()
        + args.extra.len();
    let (Some(file), Some(path)) = (args.file.as_deref(), args.path.as_deref()) else {
        return Err(arguments(args.value_stdin));
    };
    if given != if args.value_stdin { 2 } else { 3 } {
        return Err(arguments(args.value_stdin));
    }
    let steps = set_path(path)?;
    let text = if args.value_stdin {
        String::from_utf8_lossy(&io::read_stdin()?).into_owned()
    } else if args.value_file {
        let name = args.value.as_deref().unwrap_or_default();
        let bytes = std::fs::read(name).map_err(|source| {
            Error::Failed(format!("cannot read the value from {name}: {source}"))
        })?;
        String::from_utf8_lossy(&bytes).into_owned()
    } else {
        args.value.clone().unwrap_or_default()
    };
    let value = json_value(&text)?;
    change_file(file, &args.change, args.idempotent, config_flag, |branch| {
        tree_path::set(branch, &steps, value).map_err(|e| Error::SetFormat(e.to_string()))
    })
}

/// Legacy `--set '<path> <json>'`: the argument is split after the first
/// `] `, and the file is always written.
pub(super) fn legacy_set(
    file: &Path,
    argument: &str,
    flags: &ChangeFlags,
    config_flag: Option<&Path>,
) -> Result<(), Error> {
    let Some(at) = argument.find("] ") else {
        return Err(Error::SetFormat(format!(
            "invalid --set {argument:?}: give '<path> <json value>', e.g. '[\"db\"][\"password\"] \"x\"'"
        )));
    };
    let value = json_value(&argument[at + 2..])?;
    let steps = set_path(argument[..=at].trim_end_matches(' '))?;
    change_file(file, flags, false, config_flag, |branch| {
        tree_path::set(branch, &steps, value).map_err(|e| Error::SetFormat(e.to_string()))
    })
}

fn arguments(value_stdin: bool) -> Error {
    Error::Arguments(if value_stdin {
        "set --value-stdin takes exactly 2 arguments: FILE PATH (the value comes from standard input)".into()
    } else {
        "set takes exactly 3 arguments: FILE PATH VALUE (or FILE PATH with --value-stdin)".into()
    })
}

/// Reads the encrypted file of `set`, `unset` or `rotate`: a missing file
/// is a file sops fails to load (exit 2), not "no file specified".
pub(super) fn read_encrypted(
    file: &Path,
    filename_override: Option<&Path>,
) -> Result<io::Input, Error> {
    io::read_input(Some(file), filename_override).map_err(|e| match e {
        Error::NoSuchFile { file } => Error::Read {
            file,
            source: std::io::ErrorKind::NotFound.into(),
        },
        other => other,
    })
}

/// Parses a `set` or `unset` path; a malformed one is sops' exit 7.
pub(super) fn set_path(text: &str) -> Result<Vec<Step>, Error> {
    tree_path::parse(text).map_err(|e| {
        Error::SetFormat(format!(
            "invalid tree path {text:?}: {e}; write it as [\"key\"][0]"
        ))
    })
}

/// Parses a `set` value; invalid JSON is sops' exit 7.
pub(super) fn json_value(text: &str) -> Result<crate::tree::Value, Error> {
    tree_path::parse_json_value(text).ok_or_else(|| {
        Error::SetFormat(
            "the value is not valid JSON; quote strings as JSON does, e.g. '\"text\"'".into(),
        )
    })
}

/// Decrypts `file`, lets `change` edit its first document (returning
/// whether it changed anything) and writes the file back in place, with
/// unchanged values keeping their ciphertext. With `idempotent`, a file
/// that `change` left as it was is not written.
pub(super) fn change_file(
    file: &Path,
    flags: &ChangeFlags,
    idempotent: bool,
    config_flag: Option<&Path>,
    change: impl FnOnce(&mut Map) -> Result<bool, Error>,
) -> Result<(), Error> {
    let keys = flags.keyservice.context()?;
    let decryption_order = flags.open.decryption_order()?;
    let input = read_encrypted(file, None)?;
    let config = config::load(config::find(config_flag, super::WARN).as_deref())?;
    let (input_format, output_format) = flags.types.formats(input.path.as_deref());
    let options = DecryptOptions {
        ignore_mac: flags.open.ignore_mac,
        decryption_order,
        stores: config.stores,
        warn: super::WARN,
        ..DecryptOptions::default()
    };
    let mut opened = ops::open(&input.bytes, input_format, &options, &keys, &input.name)?;
    if opened.tree.branches.is_empty() {
        opened.tree.branches.push(Map::default());
    }
    let changed = change(&mut opened.tree.branches[0])?;
    if !changed && idempotent {
        eprintln!("rsops: {}: not written: nothing changed", input.name);
        return Ok(());
    }
    let sealed = opened.seal(None, output_format, &options.stores)?;
    let in_place = OutputFlags {
        in_place: true,
        output: None,
    };
    io::write_output(&in_place, Some(file), &sealed, false)
}
