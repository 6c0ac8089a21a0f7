//! `rsops rotate FILE` (and legacy `-r`): a new data key for the file, with
//! master keys added or removed on the way.

use std::path::{Path, PathBuf};

use clap::Args;

use super::error::Error;
use super::{io, KeyFlags, KeyServiceFlags, OutputFlags, TypeFlags};
use crate::config;
use crate::keys::{DecryptionOrder, KeyContext};
use crate::ops::DecryptOptions;
use crate::rekey::{self, KeyChanges};
use crate::stores::Format;

#[derive(Args, Debug)]
pub struct RotateArgs {
    /// The encrypted file
    file: Option<PathBuf>,
    /// Extra arguments, ignored with a warning as sops does
    #[arg(hide = true)]
    extra: Vec<String>,
    #[command(flatten)]
    output: OutputFlags,
    #[command(flatten)]
    types: TypeFlags,
    #[command(flatten)]
    keys: AddRemoveFlags,
    /// KMS encryption context for added KMS keys, as key:value pairs separated by commas
    #[arg(long, value_name = "CONTEXT")]
    encryption_context: Option<String>,
    /// Use this file name to choose formats
    #[arg(long, value_name = "NAME")]
    filename_override: Option<PathBuf>,
    #[command(flatten)]
    order: super::decrypt::OrderFlag,
    #[command(flatten)]
    keyservice: KeyServiceFlags,
    #[command(flatten)]
    repo: super::repo::RepoFlags,
}

/// `--add-*` and `--rm-*` for every key type, each a comma-separated list.
#[derive(Args, Debug, Default, Clone)]
pub(super) struct AddRemoveFlags {
    /// Add these AWS KMS ARNs to the first key group
    #[arg(long, value_name = "ARNS")]
    add_kms: Option<String>,
    /// Remove these AWS KMS ARNs from every key group
    #[arg(long, value_name = "ARNS")]
    rm_kms: Option<String>,
    /// Add these GCP KMS resource IDs to the first key group
    #[arg(long, value_name = "IDS")]
    add_gcp_kms: Option<String>,
    /// Remove these GCP KMS resource IDs from every key group
    #[arg(long, value_name = "IDS")]
    rm_gcp_kms: Option<String>,
    /// Add these HuaweiCloud KMS key IDs (region:key-uuid) to the first key group
    #[arg(long, value_name = "IDS")]
    add_hckms: Option<String>,
    /// Remove these HuaweiCloud KMS key IDs from every key group
    #[arg(long, value_name = "IDS")]
    rm_hckms: Option<String>,
    /// Add these Azure Key Vault key URLs to the first key group
    #[arg(long, value_name = "URLS")]
    add_azure_kv: Option<String>,
    /// Remove these Azure Key Vault key URLs from every key group
    #[arg(long, value_name = "URLS")]
    rm_azure_kv: Option<String>,
    /// Add these Vault transit key URIs to the first key group
    #[arg(long, value_name = "URIS")]
    add_hc_vault_transit: Option<String>,
    /// Remove these Vault transit key URIs from every key group
    #[arg(long, value_name = "URIS")]
    rm_hc_vault_transit: Option<String>,
    /// Add these age recipients to the first key group
    #[arg(long, value_name = "RECIPIENTS")]
    add_age: Option<String>,
    /// Remove these age recipients from every key group
    #[arg(long, value_name = "RECIPIENTS")]
    rm_age: Option<String>,
    /// Add these PGP fingerprints to the first key group
    #[arg(long, value_name = "FINGERPRINTS")]
    add_pgp: Option<String>,
    /// Remove these PGP fingerprints from every key group
    #[arg(long, value_name = "FINGERPRINTS")]
    rm_pgp: Option<String>,
}

impl AddRemoveFlags {
    /// Whether any `--add-*` or `--rm-*` flag was given.
    pub(super) fn any(&self) -> bool {
        [
            &self.add_kms,
            &self.rm_kms,
            &self.add_gcp_kms,
            &self.rm_gcp_kms,
            &self.add_hckms,
            &self.rm_hckms,
            &self.add_azure_kv,
            &self.rm_azure_kv,
            &self.add_hc_vault_transit,
            &self.rm_hc_vault_transit,
            &self.add_age,
            &self.rm_age,
            &self.add_pgp,
            &self.rm_pgp,
        ]
        .iter()
        .any(|f| f.as_deref().is_some_and(|v| !v.is_empty()))
    }

    /// The keys to add and to remove, parsed as the key flags of `encrypt`;
    /// `encryption_context` goes to added KMS keys.
    fn changes(&self, encryption_context: Option<&str>) -> Result<KeyChanges, Error> {
        let add = KeyFlags {
            age: self.add_age.clone(),
            pgp: self.add_pgp.clone(),
            kms: self.add_kms.clone(),
            gcp_kms: self.add_gcp_kms.clone(),
            hckms: self.add_hckms.clone(),
            azure_kv: self.add_azure_kv.clone(),
            hc_vault_transit: self.add_hc_vault_transit.clone(),
            encryption_context: encryption_context.map(str::to_owned),
            ..KeyFlags::default()
        };
        let remove = KeyFlags {
            age: self.rm_age.clone(),
            pgp: self.rm_pgp.clone(),
            kms: self.rm_kms.clone(),
            gcp_kms: self.rm_gcp_kms.clone(),
            hckms: self.rm_hckms.clone(),
            azure_kv: self.rm_azure_kv.clone(),
            hc_vault_transit: self.rm_hc_vault_transit.clone(),
            ..KeyFlags::default()
        };
        Ok(KeyChanges {
            add: add.group()?.unwrap_or_default(),
            remove: remove.group()?.unwrap_or_default(),
        })
    }
}

pub fn run(args: RotateArgs, config_flag: Option<&Path>) -> Result<i32, Error> {
    let keys = args.keyservice.context()?;
    let Some(file) = args.file.as_deref() else {
        return Err(Error::NoFileSpecified);
    };
    if args.repo.recursive || args.repo.dry_run || args.repo.json {
        return run_many(&args, file, &keys, config_flag);
    }
    if !args.extra.is_empty() {
        eprintln!(
            "rsops: warning: more than one file given; only {} is rotated",
            file.display()
        );
    }
    rotate_file(
        file,
        args.filename_override.as_deref(),
        &args.output,
        &args.types,
        &args.keys,
        args.encryption_context.as_deref(),
        args.order.decryption_order.as_deref(),
        false,
        &keys,
        config_flag,
    )
    .map(|()| 0)
}

/// `rotate -i -r` and friends: every file named (the first and the rest),
/// in parallel.
fn run_many(
    args: &RotateArgs,
    first: &Path,
    keys: &KeyContext,
    config_flag: Option<&Path>,
) -> Result<i32, Error> {
    if !args.output.in_place && !args.repo.dry_run {
        return Err(Error::Conflict(
            "rotate over many files writes each file back: give -i (--in-place), or --dry-run"
                .into(),
        ));
    }
    super::repo::one_file_flags(
        args.output.output.as_deref(),
        args.filename_override.as_deref(),
    )?;
    let files: Vec<PathBuf> = std::iter::once(first.to_path_buf())
        .chain(args.extra.iter().map(PathBuf::from))
        .collect();
    let config = config::load(config::find(config_flag, super::WARN).as_deref())?;
    let options = DecryptOptions {
        decryption_order: args.order.parse()?,
        stores: config.stores,
        warn: super::WARN,
        ..DecryptOptions::default()
    };
    let changes = args.keys.changes(args.encryption_context.as_deref())?;
    let format = args.types.input_type.as_deref().and_then(Format::from_name);
    super::repo::rotate(
        &files, format, &changes, &options, &args.repo, &config, keys,
    )
}

/// Rotates one file and writes it where `output` says.
#[allow(clippy::too_many_arguments)]
pub(super) fn rotate_file(
    file: &Path,
    filename_override: Option<&Path>,
    output: &OutputFlags,
    types: &TypeFlags,
    keys: &AddRemoveFlags,
    encryption_context: Option<&str>,
    decryption_order: Option<&str>,
    ignore_mac: bool,
    context: &KeyContext,
    config_flag: Option<&Path>,
) -> Result<(), Error> {
    io::check_output(output, Some(file))?;
    if keys.any() && !file.exists() {
        return Err(Error::KeysOnMissingFile {
            file: config::absolute(file).display().to_string(),
        });
    }
    let changes = keys.changes(encryption_context)?;
    let decryption_order = match decryption_order {
        Some(s) => DecryptionOrder::parse(s)?,
        None => DecryptionOrder::default(),
    };
    let input = super::set::read_encrypted(file, filename_override)?;
    let config = config::load(config::find(config_flag, super::WARN).as_deref())?;
    let (input_format, output_format) = types.formats(input.path.as_deref());
    let options = DecryptOptions {
        ignore_mac,
        decryption_order,
        stores: config.stores,
        warn: super::WARN,
        ..DecryptOptions::default()
    };
    let rotated = rekey::rotate(
        &input.bytes,
        input_format,
        output_format,
        &changes,
        &options,
        context,
        &input.name,
    )?;
    io::write_output(output, Some(file), &rotated, false)
}
