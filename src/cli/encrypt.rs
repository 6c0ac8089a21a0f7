//! `rsops encrypt`: encrypts a plain file with the keys from the command
//! line or the matching `.sops.yaml` creation rule.

use std::path::{Path, PathBuf};

use clap::Args;

use super::error::Error;
use super::repo::{self, RepoFlags};
use super::{io, KeyFlags, KeyServiceFlags, OutputFlags, RuleFlags, TypeFlags};
use crate::config::{self, Config};
use crate::crypt_rules::{CryptRule, InvalidRegex};
use crate::keys::KeyServices;
use crate::ops::{self, EncryptOptions};
use crate::repo::walk::looks_encrypted;
use crate::repo::{Status, Want};

#[derive(Args, Debug)]
pub struct EncryptArgs {
    /// The files (or with -r folders) to encrypt; standard input when absent (then
    /// --filename-override is required). Many files need -i
    #[arg(value_name = "FILE")]
    files: Vec<PathBuf>,
    #[command(flatten)]
    repo: RepoFlags,
    #[command(flatten)]
    output: OutputFlags,
    #[command(flatten)]
    new: NewFileFlags,
    /// Use this file name to choose formats and the creation rule
    #[arg(long, value_name = "NAME")]
    filename_override: Option<PathBuf>,
    #[command(flatten)]
    keyservice: KeyServiceFlags,
}

/// How a file is encrypted anew: its keys, its formats and which values
/// are encrypted. `encrypt`, legacy mode and `edit` (for a file that does
/// not exist yet) take them in the same order, so their help reads alike.
#[derive(Args, Debug, Default)]
pub(super) struct NewFileFlags {
    #[command(flatten)]
    pub keys: KeyFlags,
    #[command(flatten)]
    pub types: TypeFlags,
    #[command(flatten)]
    pub rules: RuleFlags,
}

pub fn run(args: EncryptArgs, config_flag: Option<&Path>) -> Result<i32, Error> {
    let services = args.keyservice.context()?.services;
    if args.repo.many(&args.files) {
        return encrypt_many(&args, &services, config_flag);
    }
    let file = args.files.first().map(PathBuf::as_path);
    io::check_output(&args.output, file)?;
    if file.is_none() && args.filename_override.is_none() {
        return Err(Error::Conflict(
            "encrypting standard input needs --filename-override NAME to choose the format and creation rule".into(),
        ));
    }
    let extra = Extra::default();
    encrypt_file(
        file,
        args.filename_override.as_deref(),
        &args.output,
        &args.new,
        &extra,
        &services,
        config_flag,
    )
    .map(|()| 0)
}

/// Encrypts many files in place, in parallel, each with the keys of the
/// creation rule that selects it (or the key flags), and reports on each.
/// Files found in folders that are encrypted already are passed over.
fn encrypt_many(
    args: &EncryptArgs,
    services: &KeyServices,
    config_flag: Option<&Path>,
) -> Result<i32, Error> {
    repo::one_file_flags(
        args.output.output.as_deref(),
        args.filename_override.as_deref(),
    )?;
    if !args.output.in_place && !args.repo.dry_run {
        return Err(Error::Conflict(
            "encrypting many files writes each back to itself: add -i (--in-place), or --dry-run to see the plan".into(),
        ));
    }
    let config = config::load(config::find(config_flag, super::WARN).as_deref())?;
    let targets = args.repo.targets(&args.files, &config, Want::Plain)?;
    let extra = Extra::default();
    let reports = args.repo.run(&targets, |t| {
        let bytes = match repo::read(t) {
            Ok(b) => b,
            Err(e) => return repo::failed(t, &e),
        };
        if t.from_folder && looks_encrypted(&bytes) {
            return repo::line(t, Status::Skipped, "encrypted already");
        }
        let options = match options(Some(&t.absolute), &args.new, &extra, services, &config) {
            Ok(o) => o,
            Err(e) => return repo::failed(t, &e),
        };
        if args.repo.dry_run {
            let plan = format!(
                "encrypt in place for {}{}",
                crate::repo::describe_groups(&options.key_groups, options.shamir_threshold),
                match options.rule.field() {
                    (_, "") => String::new(),
                    (field, value) => format!("; {field}: {value}"),
                }
            );
            return repo::line(t, Status::Planned, plan);
        }
        let (input_format, output_format) = args.new.types.formats(Some(&t.absolute));
        let name = t.path.display().to_string();
        match ops::encrypt(&bytes, input_format, output_format, &options, &name) {
            Ok(encrypted) => repo::write(t, &encrypted, false),
            Err(e) => repo::failed(t, &e.into()),
        }
    });
    args.repo.finish(&reports)
}

/// Settings only legacy mode has flags for (subcommand users set them in
/// `.sops.yaml`).
#[derive(Debug, Default)]
pub(super) struct Extra {
    pub unencrypted_comment_regex: Option<String>,
    pub encrypted_comment_regex: Option<String>,
    pub mac_only_encrypted: bool,
    pub indent: Option<usize>,
}

/// Reads, encrypts and writes one file.
pub(super) fn encrypt_file(
    file: Option<&Path>,
    filename_override: Option<&Path>,
    output: &OutputFlags,
    new: &NewFileFlags,
    extra: &Extra,
    services: &KeyServices,
    config_flag: Option<&Path>,
) -> Result<(), Error> {
    let input = io::read_input(file, filename_override)?;
    let config = config::load(config::find(config_flag, super::WARN).as_deref())?;
    let options = options(input.path.as_deref(), new, extra, services, &config)?;
    let (input_format, output_format) = new.types.formats(input.path.as_deref());
    let encrypted = ops::encrypt(
        &input.bytes,
        input_format,
        output_format,
        &options,
        &input.name,
    )?;
    io::write_output(output, file, &encrypted, false)
}

/// Combines command-line flags with the matching creation rule, with sops'
/// precedence: any key flag replaces the rule's keys; a crypt-rule flag
/// replaces the rule's value of the same kind, and two different kinds are
/// a conflict.
pub(super) fn options(
    path: Option<&Path>,
    new: &NewFileFlags,
    extra: &Extra,
    services: &KeyServices,
    config: &Config,
) -> Result<EncryptOptions, Error> {
    let NewFileFlags { keys, rules, .. } = new;
    let rule = match path {
        Some(p) => config.rule_for(p)?,
        None => None,
    };
    let key_groups = match (keys.group()?, rule) {
        (Some(group), _) => vec![group],
        (None, Some(rule)) => rule
            .checked_key_groups(path.unwrap_or(Path::new("")))?
            .to_vec(),
        (None, None) => {
            return Err(Error::Usage(
                "config file not found, or has no creation rules, and no keys provided through command line options: give --age RECIPIENT (or SOPS_AGE_RECIPIENTS), or add a creation rule to .sops.yaml".into(),
            ))
        }
    };
    let cli_fields: Vec<(&'static str, String)> = [
        ("unencrypted_suffix", &rules.unencrypted_suffix),
        ("encrypted_suffix", &rules.encrypted_suffix),
        ("unencrypted_regex", &rules.unencrypted_regex),
        ("encrypted_regex", &rules.encrypted_regex),
        (
            "unencrypted_comment_regex",
            &extra.unencrypted_comment_regex,
        ),
        ("encrypted_comment_regex", &extra.encrypted_comment_regex),
    ]
    .into_iter()
    .filter_map(|(f, v)| v.clone().filter(|v| !v.is_empty()).map(|v| (f, v)))
    .collect();
    let config_fields = rule.map(|r| r.crypt_fields.clone()).unwrap_or_default();
    let fields = match (cli_fields.len(), config_fields.first()) {
        (0, _) => config_fields.clone(),
        (1, Some((config_field, _))) if *config_field != cli_fields[0].0 => {
            return Err(Error::ConflictingRules(
                crate::crypt_rules::RuleError::MoreThanOne,
            ))
        }
        _ => cli_fields,
    };
    let crypt_rule = CryptRule::from_fields(
        fields.iter().map(|(f, v)| (*f, v.as_str())),
        InvalidRegex::Refuse,
    )
    .map_err(Error::ConflictingRules)?
    .unwrap_or_default();
    let mut stores = config.stores;
    if let Some(spaces) = extra.indent {
        stores.set_indent(spaces);
    }
    Ok(EncryptOptions {
        key_groups,
        shamir_threshold: keys
            .shamir_secret_sharing_threshold
            .or(rule.map(|r| r.shamir_threshold))
            .unwrap_or(0),
        rule: crypt_rule,
        mac_only_encrypted: extra.mac_only_encrypted || rule.is_some_and(|r| r.mac_only_encrypted),
        stores,
        warn: super::WARN,
        services: services.clone(),
    })
}
