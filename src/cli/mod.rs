//! The command line: sops' subcommands, flags, environment variables and
//! legacy `-e`/`-d` mode. Each subcommand is its own file that turns flags
//! into options and calls the library; this file holds what they share.

#![doc(hidden)]

pub mod argocd;
pub mod check;
pub mod completion;
mod config_explain;
pub mod decrypt;
pub mod edit;
pub mod encrypt;
pub mod error;
#[cfg(unix)]
mod exec;
mod filestatus;
pub mod git;
mod groups;
mod io;
#[cfg(all(unix, feature = "keyservice"))]
mod keyservice;
pub mod krm;
mod ksops;
mod legacy;
pub mod plugin;
mod publish;
mod repo;
mod rotate;
mod set;
mod unset;
mod updatekeys;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};

use crate::keys::azure_kv::AzureKvKey;
use crate::keys::gcp_kms::GcpKmsKey;
use crate::keys::hc_vault::HcVaultKey;
use crate::keys::hckms::HckmsKey;
use crate::keys::kms::KmsKey;
use crate::keys::pgp::PgpKey;
use crate::keys::MasterKey;
use crate::stores::Format;
use crate::warning::{Warn, Warning};
use error::Error;

const ABOUT: &str = "Encrypt and decrypt secrets files the way sops does, keeping files as you wrote them.

rsops reads and writes the same files as sops 3.x (MAC included), takes the same commands, flags, environment variables and .sops.yaml, and exits with the same codes.";

/// The `rsops` command line.
#[derive(Parser, Debug)]
#[command(
    name = "rsops",
    version = concat!(env!("CARGO_PKG_VERSION"), " (sops 3.11.0 compatible)"),
    about = "Encrypt and decrypt secrets files the way sops does, keeping files as you wrote them",
    long_about = ABOUT,
    max_term_width = 100,
    // A flag given twice takes its last value, as in sops (scripts that
    // append a flag to a base command rely on it).
    args_override_self = true
)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,

    #[command(flatten)]
    legacy: legacy::LegacyArgs,

    /// Path to the .sops.yaml to use instead of searching from the working directory upward
    #[arg(
        long,
        global = true,
        env = "SOPS_CONFIG",
        hide_env_values = true,
        value_name = "FILE",
        value_hint = clap::ValueHint::FilePath
    )]
    config: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Encrypt a file, or standard input
    Encrypt(Lazy<Box<encrypt::EncryptArgs>>),
    /// Decrypt a file, or standard input
    Decrypt(Lazy<Box<decrypt::DecryptArgs>>),
    /// Edit an encrypted file in $SOPS_EDITOR or $EDITOR (creating it when it does not exist)
    #[command(long_about = edit::LONG_ABOUT)]
    Edit(Lazy<Box<edit::EditArgs>>),
    /// Print a shell completion script
    Completion(Lazy<completion::CompletionArgs>),
    /// Run as a Kustomize KRM function (ksops drop-in): ResourceList on stdin
    Krm(Lazy<krm::KrmArgs>),
    /// Install rsops as a Kustomize plugin (ksops drop-in)
    Plugin(Lazy<plugin::PluginArgs>),
    /// Argo CD Config Management Plugin commands
    Argocd(Lazy<argocd::ArgocdArgs>),
    /// Set one value of an encrypted file: FILE PATH VALUE
    Set(Lazy<Box<set::SetArgs>>),
    /// Remove one key or list element of an encrypted file: FILE PATH
    Unset(Lazy<Box<unset::UnsetArgs>>),
    /// Make a new data key for a file, optionally adding or removing master keys
    Rotate(Lazy<Box<rotate::RotateArgs>>),
    /// Give files the keys of the .sops.yaml creation rule that applies to them
    Updatekeys(Lazy<Box<updatekeys::UpdatekeysArgs>>),
    /// Add or delete key groups of an encrypted file
    Groups(Lazy<groups::GroupsArgs>),
    /// Print whether a file is sops-encrypted, as JSON
    Filestatus(Lazy<filestatus::FilestatusArgs>),
    /// Encrypted files in git: decrypted diffs, a merge driver, conflict resolution, set-up
    Git(Lazy<git::GitArgs>),
    /// Leak gate: files .sops.yaml says must be encrypted but are not, broken or tampered sops files
    Check(Lazy<check::CheckArgs>),
    /// Explain the configuration: which .sops.yaml and creation rule apply to each path, and why
    Config(Lazy<config_explain::ConfigArgs>),
    /// Run a command with the decrypted values in its environment
    #[cfg(unix)]
    ExecEnv(Lazy<exec::ExecEnvArgs>),
    /// Run a command with the decrypted file in a temporary named pipe or file ({} is its path)
    #[cfg(unix)]
    ExecFile(Lazy<exec::ExecFileArgs>),
    /// Serve this machine's keys to sops and rsops clients (--keyservice) over gRPC, without
    /// authentication
    #[cfg(all(unix, feature = "keyservice"))]
    Keyservice(Lazy<keyservice::KeyserviceArgs>),
    /// sops' key service, not available in this build
    #[cfg(not(all(unix, feature = "keyservice")))]
    #[command(hide = true)]
    Keyservice(Lazy<Unavailable>),
    /// Publish encrypted files to S3, GCS or Vault KV, as .sops.yaml's destination_rules say
    Publish(Lazy<Box<publish::PublishArgs>>),
}

/// While set, a subcommand's arguments are made only when the command line
/// names that subcommand (clap's `Command::defer`). Making every
/// subcommand's arguments, and freeing them, was a third of the
/// instructions of a one-value decrypt. Only [`run`]'s parse sets it: the
/// man pages and completion scripts read every subcommand, and add
/// `--config` to them, so they are made whole.
static DEFER_ARGS: AtomicBool = AtomicBool::new(false);

/// A subcommand's arguments, made lazily while [`DEFER_ARGS`] is set.
#[derive(Debug)]
struct Lazy<T>(T);

impl<T: Args> Args for Lazy<T> {
    fn augment_args(cmd: clap::Command) -> clap::Command {
        if DEFER_ARGS.load(Ordering::Relaxed) {
            cmd.defer(keeping_about::<T>)
        } else {
            T::augment_args(cmd)
        }
    }

    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        // Only `update_from_arg_matches` uses this, never rsops' parse.
        T::augment_args_for_update(cmd)
    }
}

/// `T`'s arguments added to `cmd` later than the derive would add them:
/// after the subcommand's own help text, which the doc comment of a
/// flattened argument struct must not replace.
fn keeping_about<T: Args>(cmd: clap::Command) -> clap::Command {
    let about = cmd.get_about().cloned();
    let long_about = cmd.get_long_about().cloned();
    let cmd = T::augment_args(cmd);
    let cmd = match about {
        Some(about) => cmd.about(about),
        None => cmd.about(None::<&'static str>),
    };
    match long_about {
        Some(long_about) => cmd.long_about(long_about),
        None => cmd.long_about(None::<&'static str>),
    }
}

impl<T: FromArgMatches> FromArgMatches for Lazy<T> {
    fn from_arg_matches(matches: &clap::ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches(matches).map(Lazy)
    }

    fn from_arg_matches_mut(matches: &mut clap::ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches_mut(matches).map(Lazy)
    }

    fn update_from_arg_matches(&mut self, matches: &clap::ArgMatches) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches(matches)
    }

    fn update_from_arg_matches_mut(
        &mut self,
        matches: &mut clap::ArgMatches,
    ) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches_mut(matches)
    }
}

/// The arguments of a sops command this build does not have: anything, so
/// that the refusal names the command rather than an argument.
#[cfg(not(all(unix, feature = "keyservice")))]
#[derive(Args, Debug)]
struct Unavailable {
    #[arg(
        hide = true,
        trailing_var_arg = true,
        allow_hyphen_values = true,
        num_args = 0..
    )]
    rest: Vec<std::ffi::OsString>,
}

#[cfg(not(all(unix, feature = "keyservice")))]
fn unavailable(name: &str) -> Result<(), Error> {
    Err(Error::Unsupported(format!(
        "'{name}' is not available in this build of rsops; run `sops {name}` for it (see `rsops --help` for the commands rsops has)"
    )))
}

/// Subcommands that never read `.sops.yaml`: `--config` (a global flag, so
/// that it may follow the subcommand) is hidden from their help, man pages
/// and completions.
const WITHOUT_CONFIG: [&str; 4] = ["completion", "krm", "plugin", "argocd"];

/// The clap definition, for the parser, completions and the man pages.
pub fn command() -> clap::Command {
    let command = Cli::command();
    let Some(config) = command.get_arguments().find(|a| a.get_id() == "config") else {
        return command;
    };
    // clap copies a global flag into a subcommand only when it has none of
    // that name, so a hidden copy here (global too, for their own
    // subcommands) is what `plugin --help` and the rest show: nothing.
    let hidden = config.clone().hide(true);
    WITHOUT_CONFIG.iter().fold(command, |command, name| {
        command.mut_subcommand(name, |sub| sub.arg(hidden.clone()))
    })
}

/// The clap definition for completion scripts. clap_complete's bash and
/// elvish scripts offer hidden flags too, so here `--config` is not global:
/// it is given to each command that reads `.sops.yaml` (and the commands
/// under it), and not to those of [`WITHOUT_CONFIG`].
pub fn completion_command() -> clap::Command {
    let command = Cli::command();
    let Some(config) = command.get_arguments().find(|a| a.get_id() == "config") else {
        return command;
    };
    let config = config.clone().global(false);
    let reading: Vec<String> = command
        .get_subcommands()
        .map(|s| s.get_name().to_owned())
        .filter(|name| !WITHOUT_CONFIG.contains(&name.as_str()))
        .collect();
    let command = command.mut_arg("config", |a| a.global(false));
    reading.iter().fold(command, |command, name| {
        command.mut_subcommand(name, |sub| with_arg(sub, &config))
    })
}

/// `command` and every command under it, with `arg` added.
fn with_arg(command: clap::Command, arg: &clap::Arg) -> clap::Command {
    let names: Vec<String> = command
        .get_subcommands()
        .map(|s| s.get_name().to_owned())
        .collect();
    names
        .iter()
        .fold(command.arg(arg.clone()), |command, name| {
            command.mut_subcommand(name, |sub| with_arg(sub, arg))
        })
}

/// Runs the command line and returns the process exit code.
pub fn run<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let args: Vec<std::ffi::OsString> = args.into_iter().map(Into::into).collect();
    if let Some(result) = ksops::dispatch(&args) {
        return report(result);
    }
    DEFER_ARGS.store(true, Ordering::Relaxed);
    let parser = command();
    DEFER_ARGS.store(false, Ordering::Relaxed);
    let parsed = parser
        .try_get_matches_from(args)
        .and_then(|mut matches| Cli::from_arg_matches_mut(&mut matches));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            // sops exits 1 on flag errors; help and version are successes.
            return if e.use_stderr() { 1 } else { 0 };
        }
    };
    let config = cli.config.as_deref();
    let result = match cli.command {
        Some(Command::Encrypt(Lazy(args))) => return report_code(encrypt::run(*args, config)),
        Some(Command::Decrypt(Lazy(args))) => return report_code(decrypt::run(*args, config)),
        Some(Command::Edit(Lazy(args))) => edit::run(*args, config),
        Some(Command::Completion(Lazy(args))) => completion::run(args),
        Some(Command::Krm(Lazy(args))) => krm::run(args),
        Some(Command::Plugin(Lazy(args))) => plugin::run(args),
        Some(Command::Argocd(Lazy(args))) => argocd::run(args),
        Some(Command::Config(Lazy(args))) => config_explain::run(args, config),
        #[cfg(unix)]
        Some(Command::ExecEnv(Lazy(args))) => return report_code(exec::run_env(args, config)),
        #[cfg(unix)]
        Some(Command::ExecFile(Lazy(args))) => return report_code(exec::run_file(args, config)),
        Some(Command::Set(Lazy(args))) => set::run(*args, config),
        Some(Command::Unset(Lazy(args))) => unset::run(*args, config),
        Some(Command::Rotate(Lazy(args))) => return report_code(rotate::run(*args, config)),
        Some(Command::Updatekeys(Lazy(args))) => {
            return report_code(updatekeys::run_any(*args, config))
        }
        Some(Command::Groups(Lazy(args))) => groups::run(args, config),
        Some(Command::Filestatus(Lazy(args))) => return report_code(filestatus::run(args, config)),
        #[cfg(all(unix, feature = "keyservice"))]
        Some(Command::Keyservice(Lazy(args))) => keyservice::run(args),
        #[cfg(not(all(unix, feature = "keyservice")))]
        Some(Command::Keyservice(Lazy(_))) => unavailable("keyservice"),
        Some(Command::Publish(Lazy(args))) => publish::run(*args, config),
        Some(Command::Git(Lazy(args))) => git::run(args, config),
        Some(Command::Check(Lazy(args))) => check::run(args, config),
        None => legacy::run(cli.legacy, config),
    };
    report(result)
}

/// Where the library's warnings go: stderr, as sops prints its own. The
/// edit prompt asks a question, so it is not labelled a warning.
pub(crate) const WARN: Warn = Warn(|w| match w {
    Warning::EditRejected { .. } => eprintln!("rsops: {w}"),
    _ => eprintln!("rsops: warning: {w}"),
});

/// The exit code a command chose (a child's, or a many-file run's), or
/// its error printed.
fn report_code(result: Result<i32, Error>) -> i32 {
    result.unwrap_or_else(|e| report(Err(e)))
}

/// Prints the error of a command, if any, and returns the exit code.
fn report(result: Result<(), Error>) -> i32 {
    match result {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("rsops: {e}");
            e.exit_code()
        }
    }
}

/// Master-key flags of `encrypt` (and legacy `-e`); each has sops'
/// environment variable.
#[derive(Args, Debug, Default, Clone)]
pub struct KeyFlags {
    /// Comma-separated age recipients
    #[arg(
        short = 'a',
        long,
        env = "SOPS_AGE_RECIPIENTS",
        hide_env_values = true,
        value_name = "RECIPIENTS"
    )]
    age: Option<String>,
    /// Comma-separated PGP fingerprints (gpg encrypts, or rsops itself with keys from SOPS_PGP_KEY_FILE)
    #[arg(
        short = 'p',
        long,
        env = "SOPS_PGP_FP",
        hide_env_values = true,
        value_name = "FINGERPRINTS"
    )]
    pgp: Option<String>,
    /// Comma-separated AWS KMS ARNs (ARN+roleARN to assume a role)
    #[arg(
        short = 'k',
        long,
        env = "SOPS_KMS_ARN",
        hide_env_values = true,
        value_name = "ARNS"
    )]
    kms: Option<String>,
    /// AWS profile to use for the KMS keys
    #[arg(long, value_name = "PROFILE", default_value = "")]
    aws_profile: String,
    /// Comma-separated GCP KMS resource IDs
    #[arg(
        long,
        env = "SOPS_GCP_KMS_IDS",
        hide_env_values = true,
        value_name = "IDS"
    )]
    gcp_kms: Option<String>,
    /// Comma-separated HuaweiCloud KMS key IDs (region:key-uuid)
    #[arg(
        long,
        env = "SOPS_HUAWEICLOUD_KMS_IDS",
        hide_env_values = true,
        value_name = "IDS"
    )]
    hckms: Option<String>,
    /// Comma-separated Azure Key Vault key URLs
    #[arg(
        long,
        env = "SOPS_AZURE_KEYVAULT_URLS",
        hide_env_values = true,
        value_name = "URLS"
    )]
    azure_kv: Option<String>,
    /// Comma-separated Vault transit key URIs
    #[arg(
        long,
        env = "SOPS_VAULT_URIS",
        hide_env_values = true,
        value_name = "URIS"
    )]
    hc_vault_transit: Option<String>,
    /// KMS encryption context, as key:value pairs separated by commas
    #[arg(long, value_name = "CONTEXT")]
    encryption_context: Option<String>,
    /// Number of key groups needed to decrypt (Shamir threshold)
    #[arg(long, value_name = "N")]
    shamir_secret_sharing_threshold: Option<usize>,
}

impl KeyFlags {
    /// The keys given on the command line as one group (sops' CLI group
    /// order), or `None` when no key flag was given.
    fn group(&self) -> Result<Option<Vec<MasterKey>>, Error> {
        let context = parse_context(self.encryption_context.as_deref())?;
        let mut group = Vec::new();
        let items = |s: &Option<String>| -> Vec<String> {
            s.as_deref()
                .unwrap_or("")
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect()
        };
        for arn in items(&self.kms) {
            group.push(MasterKey::Kms(KmsKey::from_spec(
                &arn,
                context.clone(),
                &self.aws_profile,
            )));
        }
        for id in items(&self.gcp_kms) {
            group.push(MasterKey::GcpKms(GcpKmsKey::new(&id)));
        }
        for id in items(&self.hckms) {
            group.push(MasterKey::Hckms(HckmsKey::new(&id)));
        }
        for url in items(&self.azure_kv) {
            let key = AzureKvKey::from_url(&url).map_err(|e| Error::Usage(e.to_string()))?;
            group.push(MasterKey::AzureKv(key));
        }
        for fp in items(&self.pgp) {
            group.push(MasterKey::Pgp(PgpKey::new(&fp)));
        }
        for uri in items(&self.hc_vault_transit) {
            let key = HcVaultKey::from_uri(&uri).map_err(|e| Error::Usage(e.to_string()))?;
            group.push(MasterKey::HcVault(key));
        }
        for r in items(&self.age) {
            crate::keys::age::validate_recipient(&r).map_err(|e| Error::Usage(e.to_string()))?;
            group.push(MasterKey::Age(crate::keys::age::AgeKey::new(&r)));
        }
        Ok((!group.is_empty()).then_some(group))
    }
}

fn parse_context(text: Option<&str>) -> Result<std::collections::BTreeMap<String, String>, Error> {
    let mut map = std::collections::BTreeMap::new();
    for pair in text.unwrap_or("").split(',').filter(|p| !p.is_empty()) {
        let parts: Vec<&str> = pair.split(':').collect();
        let [k, v] = parts[..] else {
            return Err(Error::EncryptionContext(pair.to_owned()));
        };
        map.insert(k.to_owned(), v.to_owned());
    }
    Ok(map)
}

/// Crypt-rule flags shared by `encrypt` and legacy mode.
#[derive(Args, Debug, Default, Clone)]
pub struct RuleFlags {
    /// Leave values unencrypted when a key of their path ends with this suffix
    #[arg(long, value_name = "SUFFIX")]
    unencrypted_suffix: Option<String>,
    /// Encrypt only values with a key in their path ending with this suffix
    #[arg(long, value_name = "SUFFIX")]
    encrypted_suffix: Option<String>,
    /// Leave values unencrypted when a key of their path matches this regex
    #[arg(long, value_name = "REGEX")]
    unencrypted_regex: Option<String>,
    /// Encrypt only values with a key in their path matching this regex
    #[arg(long, value_name = "REGEX")]
    encrypted_regex: Option<String>,
}

/// `--input-type` / `--output-type`.
#[derive(Args, Debug, Default, Clone)]
pub struct TypeFlags {
    /// Input format; default: from the file name (.toml is TOML). toml is an rsops extra: sops
    /// cannot read TOML files rsops encrypts
    #[arg(long, value_name = "TYPE", value_parser = type_names())]
    input_type: Option<String>,
    /// Output format; default: from the file name (.toml is TOML). toml is an rsops extra: sops
    /// cannot read TOML files rsops encrypts
    #[arg(long, value_name = "TYPE", value_parser = type_names())]
    output_type: Option<String>,
}

/// The names `--input-type` and `--output-type` take, in the order help
/// and completions list them.
const TYPE_NAMES: [&str; 6] = ["yaml", "json", "dotenv", "ini", "binary", "toml"];

/// The parser of `--input-type`/`--output-type`: sops reads an unknown
/// name (such as `env` for `dotenv`) as "from the file name" without a
/// word, which silently treats a dotenv file as binary; rsops refuses it,
/// lists the valid names and suggests the one meant. An empty value still
/// means "from the file name", as in sops, for scripts that pass
/// `--input-type "$TYPE"`; it is hidden so that help and completions offer
/// only the names.
pub(super) fn type_names() -> TypeNameParser {
    TypeNameParser
}

#[derive(Clone)]
pub(super) struct TypeNameParser;

impl TypeNameParser {
    fn names() -> clap::builder::PossibleValuesParser {
        let names = TYPE_NAMES.map(clap::builder::PossibleValue::new);
        clap::builder::PossibleValuesParser::new(
            names
                .into_iter()
                .chain([clap::builder::PossibleValue::new("").hide(true)]),
        )
    }

    /// The type name a mistaken one most likely meant: a file extension
    /// (`env`, `yml`) or the name in capitals.
    fn meant(value: &std::ffi::OsStr) -> Option<&'static str> {
        let lower = value.to_str()?.to_ascii_lowercase();
        match lower.as_str() {
            "env" => Some("dotenv"),
            "yml" => Some("yaml"),
            _ => TYPE_NAMES.into_iter().find(|n| *n == lower),
        }
    }
}

impl clap::builder::TypedValueParser for TypeNameParser {
    type Value = String;

    fn parse_ref(
        &self,
        command: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        Self::names()
            .parse_ref(command, arg, value)
            .map_err(|mut error| {
                if let Some(meant) = Self::meant(value) {
                    error.insert(
                        clap::error::ContextKind::SuggestedValue,
                        clap::error::ContextValue::String(meant.to_owned()),
                    );
                }
                error
            })
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(
            TYPE_NAMES
                .into_iter()
                .map(clap::builder::PossibleValue::new),
        ))
    }
}

impl TypeFlags {
    /// The input and output formats for `path`: the flag's, else the
    /// file name's. The output format does not follow the input format, as
    /// in sops.
    fn formats(&self, path: Option<&Path>) -> (Format, Format) {
        let by_name = path.map_or(Format::Binary, Format::from_path);
        let pick = |flag: &Option<String>| {
            flag.as_deref()
                .and_then(Format::from_name)
                .unwrap_or(by_name)
        };
        (pick(&self.input_type), pick(&self.output_type))
    }
}

/// Where the result goes.
#[derive(Args, Debug, Default, Clone)]
pub struct OutputFlags {
    /// Write the result back to the input file (atomically)
    #[arg(short = 'i', long)]
    in_place: bool,
    /// Write the result to this file instead of standard output
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    output: Option<PathBuf>,
}

/// Key service flags of every command that wraps or unwraps a data key.
#[derive(Args, Debug, Default, Clone)]
pub struct KeyServiceFlags {
    /// Use this machine's keys (the local key service); --enable-local-keyservice=false uses only
    /// the --keyservice servers
    #[arg(
        long,
        env = "SOPS_ENABLE_LOCAL_KEYSERVICE",
        hide_env_values = true,
        value_name = "BOOL",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "true",
        default_value = "true",
        hide_default_value = true
    )]
    enable_local_keyservice: String,
    /// Key service to use after the local one: tcp://host:port or unix:///path (repeatable; the
    /// variable takes a comma-separated list)
    #[arg(
        long,
        env = "SOPS_KEYSERVICE",
        hide_env_values = true,
        value_name = "URI",
        value_delimiter = ','
    )]
    keyservice: Vec<String>,
}

impl KeyServiceFlags {
    /// The keys at hand for a command: this process's, then each
    /// `--keyservice`, as sops tries them. Nothing connects until a key
    /// needs a remote service.
    fn context(&self) -> Result<crate::keys::KeyContext, Error> {
        Ok(crate::keys::KeyContext {
            services: self.services()?,
            ..Default::default()
        })
    }

    fn services(&self) -> Result<crate::keys::KeyServices, Error> {
        use crate::keys::KeyService;
        // Go's strconv.ParseBool, which sops' flag parsing uses; an empty
        // variable is ignored, as sops ignores it.
        let local = match self.enable_local_keyservice.as_str() {
            "" | "1" | "t" | "T" | "true" | "TRUE" | "True" => true,
            "0" | "f" | "F" | "false" | "FALSE" | "False" => false,
            other => {
                return Err(Error::Usage(format!(
                    "--enable-local-keyservice (or SOPS_ENABLE_LOCAL_KEYSERVICE) {other:?} is not a boolean: use true or false"
                )))
            }
        };
        let mut services = Vec::new();
        if local {
            services.push(KeyService::Local);
        }
        for uri in self
            .keyservice
            .iter()
            .map(|u| u.trim())
            .filter(|u| !u.is_empty())
        {
            services.push(remote(uri)?);
        }
        Ok(crate::keys::KeyServices::new(services))
    }
}

#[cfg(feature = "keyservice")]
fn remote(uri: &str) -> Result<crate::keys::KeyService, Error> {
    let address = crate::keyservice::Address::parse(uri, "--keyservice (or SOPS_KEYSERVICE)")
        .map_err(|e| Error::Usage(e.to_string()))?;
    Ok(crate::keys::KeyService::Remote(std::sync::Arc::new(
        crate::keyservice::Remote::new(address),
    )))
}

#[cfg(not(feature = "keyservice"))]
fn remote(uri: &str) -> Result<crate::keys::KeyService, Error> {
    Err(Error::Unsupported(format!(
        "--keyservice {uri:?}: this rsops was built without the `keyservice` cargo feature; use a build with it, or sops"
    )))
}
