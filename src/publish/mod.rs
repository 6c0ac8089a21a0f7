//! `publish`: copies encrypted files to where `.sops.yaml`'s
//! `destination_rules` say (docs/format.md §8.4): the encrypted file to an
//! S3 or GCS bucket (encrypted again for the rule's `recreation_rule` keys
//! when it names some), the decrypted values to a Vault KV secret.
//!
//! This module works on one file at a time, bytes in and a destination
//! out; the command line walks folders, asks before each upload and prints.

#![doc(hidden)]

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::cipher::DataKey;
use crate::config::{Config, CreationRule, DestinationRule};
use crate::crypt_rules::{CryptRule, InvalidRegex};
use crate::error::Error;
use crate::keys::{self, KeyContext};
use crate::metadata::SOPS_VERSION;
use crate::ops::{self, DecryptOptions};
use crate::rekey::KeyDiff;
use crate::stores::Format;
use crate::tree::Tree;

#[cfg(feature = "gcp-kms")]
mod gcs;
#[cfg(feature = "publish-s3")]
mod s3;
#[cfg(feature = "hc-vault")]
mod vault;

/// Why a file could not be published. Messages start with sops' own text
/// where sops has one, name the file and the rule, and never hold a value.
#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    #[error(transparent)]
    Lib(#[from] Error),
    #[error("error loading config: no matching destination found in config: no entry of destination_rules in {config} matches {file:?}; add one whose path_regex matches that path (it is matched as given on the command line)")]
    NoMatch { config: PathBuf, file: String },
    #[error("no destination configured for this file: destination_rules[{index}] of {config}, the rule for {file:?}, names none; give it s3_bucket, gcs_bucket or vault_path")]
    NoDestination {
        config: PathBuf,
        index: usize,
        file: String,
    },
    #[error("error loading config: more than one destinations were found in a single destination rule, you can only use one per rule: destination_rules[{index}] of {config}; split it into one rule per destination")]
    TwoDestinations { config: PathBuf, index: usize },
    #[error(
        "error loading config: destination_rules[{index}].recreation_rule of {config}: {source}"
    )]
    RecreationRule {
        config: PathBuf,
        index: usize,
        source: crate::crypt_rules::RuleError,
    },
    #[error("publishing to {what} is not in this build of rsops; build it with the {feature} feature (a default one), or run `sops publish`")]
    NotBuilt {
        what: &'static str,
        feature: &'static str,
    },
    #[error("cannot write to standard output: {0}")]
    Output(std::io::Error),
    #[error("{file}: cannot publish to {location}: {source}")]
    Upload {
        file: String,
        location: String,
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

/// Where a rule sends files.
#[derive(Clone, Debug, PartialEq)]
pub enum Destination {
    /// An S3 bucket; the object key is the prefix and the file's name.
    S3 { bucket: String, prefix: String },
    /// A Google Cloud Storage bucket, likewise.
    Gcs { bucket: String, prefix: String },
    /// A Vault (or OpenBao) KV secrets engine.
    Vault(VaultTarget),
}

/// A Vault KV destination, normalised as sops does: `path` and `mount` end
/// with `/`, the mount defaults to `secret/` and any version but 1 is 2.
#[derive(Clone, Debug, PartialEq)]
pub struct VaultTarget {
    /// `vault_address`; empty means `VAULT_ADDR`, else Vault's default.
    pub address: String,
    pub path: String,
    pub mount: String,
    pub version: u8,
}

impl VaultTarget {
    fn new(rule: &DestinationRule) -> Self {
        let slash = |s: &str| {
            if s.ends_with('/') {
                s.to_owned()
            } else {
                format!("{s}/")
            }
        };
        let mount = if rule.vault_kv_mount_name.is_empty() {
            "secret/".to_owned()
        } else {
            slash(&rule.vault_kv_mount_name)
        };
        VaultTarget {
            address: rule.vault_address.clone(),
            path: slash(&rule.vault_path),
            mount,
            version: if rule.vault_kv_version == 1 { 1 } else { 2 },
        }
    }

    /// The server's address: the rule's, else `VAULT_ADDR`, else the
    /// Vault client's default.
    pub fn address(&self) -> String {
        if !self.address.is_empty() {
            return self.address.clone();
        }
        std::env::var("VAULT_ADDR")
            .ok()
            .filter(|a| !a.is_empty())
            .unwrap_or_else(|| "https://127.0.0.1:8200".to_owned())
    }

    /// The API path of the secret for `name` (after `/v1/`): KV version 2
    /// puts `data/` after the mount.
    pub fn secret_path(&self, name: &str) -> String {
        let data = if self.version == 1 { "" } else { "data/" };
        format!("{}{data}{}{name}", self.mount, self.path)
    }
}

impl Destination {
    /// The destination of `rule`, which must name exactly one.
    pub fn from_rule(
        rule: &DestinationRule,
        config: &Path,
        file: &str,
    ) -> Result<Self, PublishError> {
        let named = [
            !rule.s3_bucket.is_empty(),
            !rule.gcs_bucket.is_empty(),
            !rule.vault_path.is_empty(),
        ];
        match named.iter().filter(|n| **n).count() {
            0 => {
                return Err(PublishError::NoDestination {
                    config: config.to_path_buf(),
                    index: rule.index,
                    file: file.to_owned(),
                })
            }
            1 => {}
            _ => {
                return Err(PublishError::TwoDestinations {
                    config: config.to_path_buf(),
                    index: rule.index,
                })
            }
        }
        Ok(if named[0] {
            Destination::S3 {
                bucket: rule.s3_bucket.clone(),
                prefix: rule.s3_prefix.clone(),
            }
        } else if named[1] {
            Destination::Gcs {
                bucket: rule.gcs_bucket.clone(),
                prefix: rule.gcs_prefix.clone(),
            }
        } else {
            Destination::Vault(VaultTarget::new(rule))
        })
    }

    /// Where a file published as `name` ends up, as sops prints it.
    pub fn location(&self, name: &str) -> String {
        match self {
            Destination::S3 { bucket, prefix } => format!("s3://{bucket}/{prefix}{name}"),
            Destination::Gcs { bucket, prefix } => format!("gcs://{bucket}/{prefix}{name}"),
            Destination::Vault(v) => format!("{}/v1/{}", v.address(), v.secret_path(name)),
        }
    }

    /// Refuses a destination this build cannot reach, before any key is
    /// used.
    pub fn check_built(&self) -> Result<(), PublishError> {
        let (what, feature, built) = match self {
            Destination::S3 { .. } => ("S3", "publish-s3", cfg!(feature = "publish-s3")),
            Destination::Gcs { .. } => ("GCS", "gcp-kms", cfg!(feature = "gcp-kms")),
            Destination::Vault(_) => ("Vault", "hc-vault", cfg!(feature = "hc-vault")),
        };
        if built {
            Ok(())
        } else {
            Err(PublishError::NotBuilt { what, feature })
        }
    }
}

/// The rule that applies to `path` (as given or walked, see
/// [`DestinationRule::matches`]) and its destination.
pub fn rule_for<'c>(
    config: &'c Config,
    path: &str,
) -> Result<(&'c DestinationRule, Destination), PublishError> {
    let config_path = config.path.clone().unwrap_or_default();
    let rule = config
        .destination_for(path)
        .ok_or_else(|| PublishError::NoMatch {
            config: config_path.clone(),
            file: path.to_owned(),
        })?;
    let destination = Destination::from_rule(rule, &config_path, path)?;
    Ok((rule, destination))
}

/// The name a file is published under, as sops makes it: the file's own
/// name, or with `--recursive` its path below the folder given
/// (`relative`, which is `.` for a file given itself); without its
/// extension when `omit_extensions`.
pub fn destination_name(path: &Path, relative: Option<&str>, omit_extensions: bool) -> String {
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = relative.map_or_else(|| file_name.clone(), str::to_owned);
    if !omit_extensions {
        return name;
    }
    // Go's filepath.Ext of the file: from its last dot, dot included.
    let extension = file_name.rfind('.').map_or("", |i| &file_name[i..]);
    name.strip_suffix(extension).unwrap_or(&name).to_owned()
}

/// What is sent: the encrypted file for a bucket, the plaintext for Vault.
pub enum Payload {
    File(Vec<u8>),
    Plain(Tree),
}

/// How to read and (for a recreation rule or Vault) decrypt the file.
pub struct PrepareOptions<'a> {
    pub decrypt: DecryptOptions,
    pub keys: &'a KeyContext,
    /// Where the change of keys a recreation rule makes is shown.
    pub diff_out: &'a mut dyn Write,
}

/// Reads the encrypted file `input` for `destination`: for a bucket the
/// file as it is, or re-encrypted for `rule`'s recreation keys when it has
/// some; for Vault its decrypted values. The MAC is checked whenever the
/// file is decrypted.
pub fn prepare(
    input: &[u8],
    format: Format,
    rule: &DestinationRule,
    destination: &Destination,
    options: PrepareOptions<'_>,
    name: &str,
) -> Result<Payload, PublishError> {
    if matches!(destination, Destination::Vault(_)) {
        let opened = ops::open(input, format, &options.decrypt, options.keys, name)?;
        return Ok(Payload::Plain(opened.tree));
    }
    let recreation = rule
        .recreation_rule
        .as_ref()
        .filter(|r| r.key_groups.first().is_some_and(|g| !g.is_empty()));
    let Some(recreation) = recreation else {
        // Not decrypted, but it must be a sops file.
        crate::rekey::load(input, format, name)?;
        return Ok(Payload::File(input.to_vec()));
    };
    reencrypt(input, format, rule, recreation, options, name).map(Payload::File)
}

/// sops' re-encryption for a bucket: the values under a new data key, for
/// the recreation rule's key groups and threshold, with only its suffix
/// rule (sops carries neither the file's crypt rule nor the rule's regexes
/// over) and this version.
fn reencrypt(
    input: &[u8],
    format: Format,
    rule: &DestinationRule,
    recreation: &CreationRule,
    options: PrepareOptions<'_>,
    name: &str,
) -> Result<Vec<u8>, PublishError> {
    let rule_error = |source| PublishError::RecreationRule {
        config: recreation.config_path().to_path_buf(),
        index: rule.index,
        source,
    };
    if recreation.crypt_fields.len() > 1 {
        return Err(rule_error(crate::crypt_rules::RuleError::MoreThanOne));
    }
    let suffixes = recreation
        .crypt_fields
        .iter()
        .filter(|(field, _)| field.ends_with("_suffix"))
        .map(|(field, value)| (*field, value.as_str()));
    let crypt_rule = CryptRule::from_fields(suffixes, InvalidRegex::Refuse)
        .map_err(rule_error)?
        .unwrap_or_default();
    let mut opened = ops::open(input, format, &options.decrypt, options.keys, name)?;
    let diff = KeyDiff::new(&opened.metadata.key_groups, &recreation.key_groups, 0, 0);
    if diff.changes() {
        let text = format!(
            "The following changes will be made to the file's key groups:\n{}",
            diff.render_groups()
        );
        options
            .diff_out
            .write_all(text.as_bytes())
            .and_then(|()| options.diff_out.flush())
            .map_err(PublishError::Output)?;
    }
    let file = || name.to_owned();
    let mut groups = recreation.key_groups.clone();
    let data_key = DataKey::generate().map_err(Error::DataKey)?;
    let threshold = keys::wrap_data_key(
        &mut groups,
        recreation.shamir_threshold,
        &data_key,
        &options.keys.services,
    )
    .map_err(|source| Error::Wrap {
        file: file(),
        source,
    })?;
    let metadata = &mut opened.metadata;
    metadata.key_groups = groups;
    metadata.shamir_threshold = threshold;
    metadata.rule = crypt_rule;
    metadata.mac_only_encrypted = false;
    metadata.version = SOPS_VERSION.to_owned();
    opened.replace_data_key(data_key);
    Ok(opened.seal(None, format, &options.decrypt.stores)?)
}

/// What an upload did.
#[derive(Debug, PartialEq)]
pub enum Outcome {
    Uploaded,
    /// Written to Vault without knowing whether it changed: the secret
    /// could not be read first (why is given), so KV version 2 may have a
    /// new version with the same values.
    UploadedUnchecked(String),
    /// Vault already held these values; nothing was written.
    UpToDate,
}

/// Sends `payload` to `destination` under `name`. `file` names the source
/// in messages.
pub fn upload(
    destination: &Destination,
    name: &str,
    payload: Payload,
    file: &str,
) -> Result<Outcome, PublishError> {
    destination.check_built()?;
    let location = destination.location(name);
    let failed = |source: Box<dyn std::error::Error + Send + Sync>| PublishError::Upload {
        file: file.to_owned(),
        location: location.clone(),
        source,
    };
    match (destination, payload) {
        #[cfg(feature = "publish-s3")]
        (Destination::S3 { bucket, prefix }, Payload::File(bytes)) => {
            s3::put(bucket, &format!("{prefix}{name}"), bytes).map_err(|e| failed(e.into()))?;
            Ok(Outcome::Uploaded)
        }
        #[cfg(feature = "gcp-kms")]
        (Destination::Gcs { bucket, prefix }, Payload::File(bytes)) => {
            gcs::upload(bucket, &format!("{prefix}{name}"), &bytes)
                .map_err(|e| failed(e.into()))?;
            Ok(Outcome::Uploaded)
        }
        #[cfg(feature = "hc-vault")]
        (Destination::Vault(target), Payload::Plain(tree)) => {
            vault::write(target, name, &tree).map_err(|e| failed(e.into()))
        }
        _ => Err(failed(
            "internal error: the payload does not suit the destination".into(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(text: &str) -> Config {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".sops.yaml");
        std::fs::write(&path, text).unwrap();
        crate::config::load(Some(&path)).unwrap()
    }

    #[test]
    fn names_as_sops_makes_them() {
        let file = Path::new("/repo/dir/app.json.yaml");
        assert_eq!(destination_name(file, None, false), "app.json.yaml");
        assert_eq!(destination_name(file, None, true), "app.json");
        assert_eq!(
            destination_name(file, Some("sub/app.json.yaml"), true),
            "sub/app.json"
        );
        assert_eq!(destination_name(file, Some("."), true), ".");
        assert_eq!(destination_name(Path::new("/r/.env"), None, true), "");
    }

    #[test]
    fn rules_give_one_destination_each() {
        let c = config(
            "destination_rules:\n  - path_regex: '['\n    s3_bucket: never\n  - path_regex: ^prod/\n    s3_bucket: b\n    s3_prefix: p/\n  - path_regex: ^kv1/\n    vault_path: team\n    vault_kv_mount_name: kv\n    vault_kv_version: 1\n  - path_regex: ^two/\n    s3_bucket: b\n    gcs_bucket: g\n  - vault_path: app/\n    vault_address: http://v:8200\n    vault_kv_version: 7\n",
        );
        let (_, d) = rule_for(&c, "prod/x.yaml").unwrap();
        assert_eq!(d.location("x.yaml"), "s3://b/p/x.yaml");
        let (_, d) = rule_for(&c, "kv1/x.yaml").unwrap();
        let Destination::Vault(v) = &d else {
            panic!("{d:?}")
        };
        assert_eq!(v.secret_path("x"), "kv/team/x");
        assert!(matches!(
            rule_for(&c, "two/x.yaml"),
            Err(PublishError::TwoDestinations { index: 3, .. })
        ));
        // An invalid path_regex matches nothing; the last rule everything.
        let (rule, d) = rule_for(&c, "[").unwrap();
        assert_eq!(rule.index, 4);
        assert_eq!(d.location("x"), "http://v:8200/v1/secret/data/app/x");
    }
}
