//! `rsops decrypt`: decrypts a file (or one value of it) to standard output,
//! a file, or in place.

use std::path::{Path, PathBuf};

use clap::Args;

use super::error::Error;
use super::repo::{self, RepoFlags};
use super::{io, KeyServiceFlags, OutputFlags, TypeFlags};
use crate::config;
use crate::keys::{DecryptionOrder, KeyContext};
use crate::ops::{self, DecryptOptions};
use crate::repo::walk::looks_encrypted;
use crate::repo::{Status, Target, Want};
use crate::stores::Format;

#[derive(Args, Debug)]
pub struct DecryptArgs {
    /// The files (or with -r folders) to decrypt; standard input when absent. Many files to
    /// standard output make one multi-document YAML stream
    #[arg(value_name = "FILE")]
    files: Vec<PathBuf>,
    #[command(flatten)]
    repo: RepoFlags,
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
    #[command(flatten)]
    pub(super) open: OpenFlags,
}

/// Flags of every command that decrypts a file to change it or show it.
#[derive(Args, Debug, Default, Clone)]
pub struct OpenFlags {
    /// Do not check the MAC (for files edited by hand; check them first)
    #[arg(long)]
    pub(super) ignore_mac: bool,
    #[command(flatten)]
    pub(super) order: OrderFlag,
}

impl OpenFlags {
    pub(super) fn decryption_order(&self) -> Result<DecryptionOrder, Error> {
        self.order.parse()
    }
}

/// `--decryption-order`, for every command that unwraps a data key.
#[derive(Args, Debug, Default, Clone)]
pub struct OrderFlag {
    /// Comma-separated key types to try first, e.g. age,pgp
    #[arg(
        long,
        env = "SOPS_DECRYPTION_ORDER",
        hide_env_values = true,
        value_name = "TYPES"
    )]
    pub(super) decryption_order: Option<String>,
}

impl OrderFlag {
    /// The order given, or the default one.
    pub(super) fn parse(&self) -> Result<DecryptionOrder, Error> {
        Ok(match &self.decryption_order {
            Some(s) => DecryptionOrder::parse(s)?,
            None => DecryptionOrder::default(),
        })
    }
}

pub fn run(args: DecryptArgs, config_flag: Option<&Path>) -> Result<i32, Error> {
    let keys = args.keyservice.context()?;
    if args.repo.many(&args.files) {
        return decrypt_many(&args, &keys, config_flag);
    }
    decrypt_file(
        args.files.first().map(PathBuf::as_path),
        args.filename_override.as_deref(),
        &args.output,
        &args.types,
        &args.flags,
        None,
        &keys,
        config_flag,
    )
    .map(|()| 0)
}

/// Decrypts many files in parallel, in place or into one YAML stream on
/// standard output (in the order of the files), and reports on each.
fn decrypt_many(
    args: &DecryptArgs,
    keys: &KeyContext,
    config_flag: Option<&Path>,
) -> Result<i32, Error> {
    repo::one_file_flags(
        args.output.output.as_deref(),
        args.filename_override.as_deref(),
    )?;
    let in_place = args.output.in_place;
    if args.repo.json && !in_place && !args.repo.dry_run {
        return Err(Error::Conflict(
            "--json prints the report on standard output, where the plaintext would go: add -i (--in-place) or --dry-run".into(),
        ));
    }
    let config = config::load(config::find(config_flag, super::WARN).as_deref())?;
    let targets = args.repo.targets(&args.files, &config, Want::Encrypted)?;
    let output_format = |t: &Target| args.types.formats(Some(&t.absolute)).1;
    if !in_place {
        if let Some(t) = targets.iter().find(|t| output_format(t) != Format::Yaml) {
            return Err(Error::Conflict(format!(
                "{} decrypts to {}: many files go to standard output as one YAML stream; add --output-type yaml, or -i (--in-place)",
                t.path.display(),
                output_format(t).name()
            )));
        }
    }
    let extract = parse_extract(&args.flags)?;
    let options = DecryptOptions {
        ignore_mac: args.flags.open.ignore_mac,
        extract,
        decryption_order: args.flags.open.decryption_order()?,
        stores: config.stores,
        process_exits_after: false,
        warn: super::WARN,
    };
    let results = args.repo.run(&targets, |t| {
        let bytes = match repo::read(t) {
            Ok(b) => b,
            Err(e) => return (repo::failed(t, &e), None),
        };
        if t.from_folder && !looks_encrypted(&bytes) {
            return (
                repo::line(t, Status::Skipped, "not encrypted by sops"),
                None,
            );
        }
        if args.repo.dry_run {
            let plan = if in_place {
                "decrypt in place"
            } else {
                "decrypt to standard output"
            };
            return (repo::line(t, Status::Planned, plan), None);
        }
        let (input_format, output_format) = args.types.formats(Some(&t.absolute));
        let name = t.path.display().to_string();
        match ops::decrypt(&bytes, input_format, output_format, &options, keys, &name) {
            Err(e) => (repo::failed(t, &e.into()), None),
            Ok(plain) if in_place => (repo::write(t, &plain, true), None),
            Ok(plain) => (repo::line(t, Status::Done, ""), Some(plain)),
        }
    });
    let mut reports = Vec::with_capacity(results.len());
    let mut stream = zeroize::Zeroizing::new(Vec::new());
    for (report, plain) in results {
        if let Some(plain) = plain {
            if !stream.is_empty() {
                if !stream.ends_with(b"\n") {
                    stream.push(b'\n');
                }
                stream.extend_from_slice(b"---\n");
            }
            stream.extend_from_slice(&plain);
        }
        reports.push(report);
    }
    if !stream.is_empty() {
        io::write_output(&args.output, None, &stream, true)?;
    }
    args.repo.finish(&reports)
}

/// The `--extract` path; an empty one extracts the whole file, as in sops.
fn parse_extract(flags: &DecryptFlags) -> Result<Option<Vec<crate::tree_path::Step>>, Error> {
    flags
        .extract
        .as_deref()
        .filter(|p| !p.is_empty())
        .map(|p| {
            crate::tree_path::parse(p).map_err(|source| Error::TreePath {
                path: p.to_owned(),
                source,
            })
        })
        .transpose()
}

/// Reads, decrypts and writes one file.
#[allow(clippy::too_many_arguments)]
pub(super) fn decrypt_file(
    file: Option<&Path>,
    filename_override: Option<&Path>,
    output: &OutputFlags,
    types: &TypeFlags,
    flags: &DecryptFlags,
    indent: Option<usize>,
    keys: &KeyContext,
    config_flag: Option<&Path>,
) -> Result<(), Error> {
    io::check_output(output, file)?;
    let decryption_order = flags.open.decryption_order()?;
    let extract = parse_extract(flags)?;
    let input = io::read_input(file, filename_override)?;
    let mut stores = config::load_stores(config::find(config_flag, super::WARN).as_deref())?;
    if let Some(spaces) = indent {
        stores.set_indent(spaces);
    }
    let (input_format, output_format) = types.formats(input.path.as_deref());
    let options = DecryptOptions {
        ignore_mac: flags.open.ignore_mac,
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
        keys,
        &input.name,
    )?;
    let written = io::write_output(output, file, &plain, true);
    // The input of a decrypt is the encrypted file: nothing in it needs
    // wiping, and the process exits next, so its memory is left to the
    // operating system (zeroizing 1.4 MB byte by byte takes 0.15 ms).
    std::mem::forget(input);
    written
}
