//! `rsops groups add` and `rsops groups delete`: change a file's key groups
//! without touching its values.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use super::error::Error;
use super::{io, KeyFlags, KeyServiceFlags, OutputFlags};
use crate::config;
use crate::keys::KeyContext;
use crate::rekey::{self, RekeyError, RekeyOptions};
use crate::stores::Format;

#[derive(Args, Debug)]
pub struct GroupsArgs {
    #[command(subcommand)]
    command: GroupsCommand,
}

#[derive(Subcommand, Debug)]
enum GroupsCommand {
    /// Add a key group made of the given keys
    Add(Box<AddArgs>),
    /// Delete the key group at INDEX (numbered from 0)
    Delete(DeleteArgs),
}

/// Flags both subcommands have.
#[derive(Args, Debug)]
struct Common {
    /// The encrypted file
    #[arg(short = 'f', long, value_name = "FILE")]
    file: Option<PathBuf>,
    /// Write the result back to the file instead of standard output
    #[arg(short = 'i', long)]
    in_place: bool,
    /// Number of key groups needed to decrypt (Shamir threshold)
    #[arg(long, value_name = "N")]
    shamir_secret_sharing_threshold: Option<usize>,
    #[command(flatten)]
    keyservice: KeyServiceFlags,
}

#[derive(Args, Debug)]
struct AddArgs {
    #[command(flatten)]
    common: Common,
    /// PGP fingerprint for the new group (repeatable)
    #[arg(long, value_name = "FINGERPRINT")]
    pgp: Vec<String>,
    /// AWS KMS ARN for the new group (repeatable)
    #[arg(long, value_name = "ARN")]
    kms: Vec<String>,
    /// AWS profile for the KMS keys
    #[arg(long, value_name = "PROFILE", default_value = "")]
    aws_profile: String,
    /// GCP KMS resource ID for the new group (repeatable)
    #[arg(long, value_name = "ID")]
    gcp_kms: Vec<String>,
    /// HuaweiCloud KMS key ID (region:key-uuid) for the new group (repeatable)
    #[arg(long, value_name = "ID")]
    hckms: Vec<String>,
    /// Azure Key Vault key URL for the new group (repeatable)
    #[arg(long, value_name = "URL")]
    azure_kv: Vec<String>,
    /// Vault transit key URI for the new group (repeatable)
    #[arg(long, value_name = "URI")]
    hc_vault_transit: Vec<String>,
    /// age recipient for the new group (repeatable)
    #[arg(long, value_name = "RECIPIENT")]
    age: Vec<String>,
    /// KMS encryption context, as key:value pairs separated by commas
    #[arg(long, value_name = "CONTEXT")]
    encryption_context: Option<String>,
    /// Positional arguments, refused as sops refuses them
    #[arg(hide = true)]
    extra: Vec<String>,
}

#[derive(Args, Debug)]
struct DeleteArgs {
    #[command(flatten)]
    common: Common,
    /// Index of the group to delete, from 0
    #[arg(value_name = "INDEX")]
    index: Vec<String>,
}

pub fn run(args: GroupsArgs, config_flag: Option<&Path>) -> Result<(), Error> {
    match args.command {
        GroupsCommand::Add(a) => add(*a, config_flag),
        GroupsCommand::Delete(d) => delete(d, config_flag),
    }
}

fn add(args: AddArgs, config_flag: Option<&Path>) -> Result<(), Error> {
    if !args.extra.is_empty() {
        return Err(Error::Usage(
            "groups add takes no positional arguments; name the file with -f".into(),
        ));
    }
    let joined = |v: &[String]| (!v.is_empty()).then(|| v.join(","));
    let flags = KeyFlags {
        age: joined(&args.age),
        pgp: joined(&args.pgp),
        kms: joined(&args.kms),
        aws_profile: args.aws_profile.clone(),
        gcp_kms: joined(&args.gcp_kms),
        hckms: joined(&args.hckms),
        azure_kv: joined(&args.azure_kv),
        hc_vault_transit: joined(&args.hc_vault_transit),
        encryption_context: args.encryption_context.clone(),
        shamir_secret_sharing_threshold: None,
    };
    let group = flags.group()?.unwrap_or_default();
    let threshold = args.common.shamir_secret_sharing_threshold;
    change(
        &args.common,
        config_flag,
        |bytes, format, options, keys, name| {
            rekey::add_group(bytes, format, group, threshold, options, keys, name)
        },
    )
}

fn delete(args: DeleteArgs, config_flag: Option<&Path>) -> Result<(), Error> {
    let [index] = args.index.as_slice() else {
        return Err(Error::Usage(
            "groups delete takes exactly one positional argument: the INDEX of the group".into(),
        ));
    };
    let index: u32 = index.parse().map_err(|_| {
        Error::Usage(format!(
            "groups delete: {index:?} is not a group index; give a number from 0"
        ))
    })?;
    let threshold = args.common.shamir_secret_sharing_threshold;
    change(
        &args.common,
        config_flag,
        |bytes, format, options, keys, name| {
            rekey::delete_group(
                bytes,
                format,
                index as usize,
                threshold,
                options,
                keys,
                name,
            )
        },
    )
}

/// Reads the `-f` file, applies `change` and writes the result to standard
/// output or, with `-i`, the file.
fn change(
    common: &Common,
    config_flag: Option<&Path>,
    change: impl FnOnce(&[u8], Format, &RekeyOptions, &KeyContext, &str) -> Result<Vec<u8>, RekeyError>,
) -> Result<(), Error> {
    let keys = common.keyservice.context()?;
    let file = common.file.as_deref().unwrap_or(Path::new(""));
    let input = super::set::read_encrypted(file, None)?;
    let config = config::load(config::find(config_flag, super::WARN).as_deref())?;
    let options = RekeyOptions {
        stores: config.stores,
        ..RekeyOptions::default()
    };
    let changed = change(
        &input.bytes,
        Format::from_path(file),
        &options,
        &keys,
        &input.name,
    )
    .map_err(|e| match e {
        // sops reports an unwrap failure here without its own code.
        RekeyError::Lib(e @ crate::Error::Recovery { .. }) => Error::Failed(e.to_string()),
        other => Error::Rekey(other),
    })?;
    let output = OutputFlags {
        in_place: common.in_place,
        output: None,
    };
    io::write_output(&output, Some(file), &changed, false)
}
