//! `.sops.yaml`: finding it, reading its creation rules and store settings,
//! and picking the rule for a file, exactly as sops does (including its
//! quirks that scripts rely on: discovery starts at the working directory,
//! the first matching rule wins, and no match is an error even when keys are
//! given on the command line).

#![doc(hidden)]

use crate::warning::{Warn, Warning};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use regex::Regex;
use serde::Deserialize;

use crate::crypt_rules::RULE_FIELDS;
use crate::keys::age::AgeKey;
use crate::keys::azure_kv::AzureKvKey;
use crate::keys::gcp_kms::GcpKmsKey;
use crate::keys::hc_vault::HcVaultKey;
use crate::keys::hckms::HckmsKey;
use crate::keys::kms::KmsKey;
use crate::keys::pgp::PgpKey;
use crate::keys::{KeyGroup, MasterKey};
use crate::stores::{Indent, StoreOptions};

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("config file {path} is not valid: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("no matching creation rules found in {path} for {file}; add a rule whose path_regex matches it")]
    NoMatchingRule { path: PathBuf, file: String },
    /// The rule that applies gives no keys, or a key group without keys
    /// (sops: `Could not generate data key: [empty key group provided]`).
    #[error("Could not generate data key: [empty key group provided]: creation_rules[{index}] of {path}, the rule for {file}, {what}; add keys (age, pgp, kms, ...) to it")]
    EmptyKeyGroup {
        path: PathBuf,
        index: usize,
        file: String,
        what: &'static str,
    },
}

/// Why one creation rule cannot be used.
#[derive(Debug, thiserror::Error)]
enum RuleProblem {
    #[error("invalid path_regex: {0}")]
    PathRegex(#[from] regex::Error),
    #[error(transparent)]
    AzureUrl(#[from] crate::keys::azure_kv::UrlError),
    #[error(transparent)]
    VaultUri(#[from] crate::keys::hc_vault::UriError),
}

/// A loaded `.sops.yaml`.
#[derive(Debug, Default)]
pub struct Config {
    /// The config file, absolute; `None` when there is none.
    pub path: Option<PathBuf>,
    pub rules: Vec<CreationRule>,
    pub stores: StoreOptions,
    /// `destination_rules`, for `publish`.
    pub destinations: Vec<DestinationRule>,
}

/// One entry of `creation_rules`.
#[derive(Debug)]
pub struct CreationRule {
    /// Where the rule is: its position in `creation_rules` and the file.
    index: usize,
    config: PathBuf,
    path_regex: Option<Regex>,
    /// `path_regex` as written in the file (the regex is translated from Go's syntax).
    path_regex_text: String,
    pub key_groups: Vec<KeyGroup>,
    pub shamir_threshold: usize,
    /// The crypt rule fields set in this rule, as `(field, value)`.
    pub crypt_fields: Vec<(&'static str, String)>,
    pub mac_only_encrypted: bool,
}

impl CreationRule {
    /// The config file the rule is in.
    pub fn config_path(&self) -> &Path {
        &self.config
    }

    /// The rule's `path_regex`, `None` when it has none (it matches every
    /// file).
    pub fn path_regex(&self) -> Option<&str> {
        self.path_regex
            .as_ref()
            .map(|_| self.path_regex_text.as_str())
    }

    /// Whether the rule applies to a file at `relative` (see
    /// [`Config::rule_path`]).
    pub fn matches(&self, relative: &str) -> bool {
        self.path_regex
            .as_ref()
            .is_none_or(|re| re.is_match(relative))
    }
}

/// Finds the config file: `explicit` (from `--config` or `SOPS_CONFIG`) as
/// given, else `.sops.yaml` in the working directory or up to 100 parents.
/// As in sops, the first `.sops.yaml` that exists ends the search, even a
/// folder (which [`load`] then refuses): skipping it would apply a parent's
/// rules, and so perhaps other recipients.
pub fn find(explicit: Option<&Path>, warn: Warn) -> Option<PathBuf> {
    if let Some(p) = explicit {
        return Some(p.to_path_buf());
    }
    let mut dir = std::env::current_dir().ok()?;
    for _ in 0..100 {
        let candidate = dir.join(".sops.yaml");
        if candidate.exists() {
            return Some(candidate);
        }
        let yml = dir.join(".sops.yml");
        if yml.is_file() {
            warn.send(Warning::IgnoredConfigFile { path: yml });
        }
        if !dir.pop() {
            break;
        }
    }
    None
}

/// `path` made absolute and cleaned as Go's `filepath.Abs` does: `.` and
/// `..` are resolved by the text of the path (not by following links), so
/// `sub/../sub/f.yaml` matches a creation rule exactly as `sub/f.yaml`.
pub fn absolute(path: &Path) -> PathBuf {
    use std::path::Component;
    let joined = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for part in joined.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                // `..` at the root stays at the root.
                if matches!(out.components().next_back(), Some(Component::Normal(_))) {
                    out.pop();
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// Loads the config file at `path`, or the empty config when `path` is
/// `None`.
pub fn load(path: Option<&Path>) -> Result<Config, ConfigError> {
    match read(path)? {
        Some((text, path)) => parse(&text, path),
        None => Ok(Config::default()),
    }
}

fn parse(text: &str, path: PathBuf) -> Result<Config, ConfigError> {
    let raw = parse_raw(text, &path)?;
    let invalid = |message: String| ConfigError::Parse {
        path: path.clone(),
        message,
    };
    let store_options = store_options(raw.stores, &path)?;
    let mut rules = Vec::new();
    for (i, r) in raw
        .creation_rules
        .unwrap_or_default()
        .into_iter()
        .enumerate()
    {
        rules.push(
            r.build(i, &path)
                .map_err(|m| invalid(format!("creation_rules[{i}]: {m}")))?,
        );
    }
    let mut destinations = Vec::new();
    for (i, d) in raw
        .destination_rules
        .unwrap_or_default()
        .into_iter()
        .enumerate()
    {
        destinations.push(
            d.build(i, &path)
                .map_err(|m| invalid(format!("destination_rules[{i}]: {m}")))?,
        );
    }
    Ok(Config {
        path: Some(path),
        rules,
        stores: store_options,
        destinations,
    })
}

/// Only the `stores` settings of the config file at `path` (the defaults
/// when `path` is `None`), for the commands that only read files: sops'
/// decrypt and exec-* read nothing else, so a creation rule they never use
/// (an invalid `path_regex`, a bad key) does not stop them, and its regexes
/// are not compiled. A file that does not parse still fails, as in sops.
pub fn load_stores(path: Option<&Path>) -> Result<StoreOptions, ConfigError> {
    match read(path)? {
        Some((text, path)) => store_options(parse_raw(&text, &path)?.stores, &path),
        None => Ok(StoreOptions::default()),
    }
}

/// Reads the config file at `path`; `None` when there is none. The path
/// returned is absolute.
fn read(path: Option<&Path>) -> Result<Option<(String, PathBuf)>, ConfigError> {
    let Some(path) = path else {
        return Ok(None);
    };
    let read_error = |source| ConfigError::Read {
        path: path.to_path_buf(),
        source,
    };
    // A folder fails to read by itself; a FIFO or a device would block or
    // never end.
    let meta = std::fs::metadata(path).map_err(read_error)?;
    if !meta.is_file() && !meta.is_dir() {
        return Err(read_error(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "it is not a regular file; make it one or point --config at one",
        )));
    }
    let text = std::fs::read_to_string(path).map_err(read_error)?;
    Ok(Some((text, absolute(path))))
}

fn parse_raw(text: &str, path: &Path) -> Result<RawConfig, ConfigError> {
    let raw: Option<RawConfig> = if text.trim().is_empty() {
        None
    } else {
        serde_saphyr::from_str(text).map_err(|e| ConfigError::Parse {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?
    };
    Ok(raw.unwrap_or_default())
}

/// The `stores` section as store settings.
fn store_options(stores: Option<RawStores>, path: &Path) -> Result<StoreOptions, ConfigError> {
    let invalid = |message: String| ConfigError::Parse {
        path: path.to_path_buf(),
        message,
    };
    let stores = stores.unwrap_or_default();
    let json_indent = |i: Option<i64>, name: &str| match i {
        None | Some(-1) => Ok(Indent::Tab),
        Some(n) if n >= 0 => Ok(Indent::Spaces(n as usize)),
        Some(n) => Err(invalid(format!(
            "stores.{name}.indent is {n}; use -1 (tabs), 0 or more"
        ))),
    };
    let yaml_indent = match stores.yaml.indent {
        None => 0,
        Some(n) if n >= 0 => n as usize,
        Some(n) => {
            return Err(invalid(format!(
                "stores.yaml.indent is {n}; use a positive number"
            )))
        }
    };
    Ok(StoreOptions {
        json_indent: json_indent(stores.json.indent, "json")?,
        json_binary_indent: json_indent(stores.json_binary.indent, "json_binary")?,
        yaml_indent,
    })
}

impl Config {
    /// `file` (an absolute path) as `path_regex` sees it: relative to the
    /// config file's folder when it is inside it, else whole.
    pub fn rule_path(&self, file: &Path) -> String {
        let file_str = file.to_string_lossy();
        self.path
            .as_ref()
            .and_then(|config| config.parent())
            .map(|dir| format!("{}/", dir.display()))
            .and_then(|prefix| file_str.strip_prefix(&prefix).map(str::to_owned))
            .unwrap_or_else(|| file_str.into_owned())
    }

    /// The index of the first rule whose `path_regex` matches `file` (an
    /// absolute path), without checking the rule itself.
    pub fn first_match(&self, file: &Path) -> Option<usize> {
        let relative = self.rule_path(file);
        self.rules.iter().position(|r| r.matches(&relative))
    }

    /// The first rule matching `file` (an absolute path). `Ok(None)` when
    /// there are no rules at all.
    pub fn rule_for(&self, file: &Path) -> Result<Option<&CreationRule>, ConfigError> {
        let Some(config_path) = &self.path else {
            return Ok(None);
        };
        if self.rules.is_empty() {
            return Ok(None);
        }
        let i = self
            .first_match(file)
            .ok_or_else(|| ConfigError::NoMatchingRule {
                path: config_path.clone(),
                file: file.to_string_lossy().into_owned(),
            })?;
        let rule = &self.rules[i];
        // Checked only for the rule that applies, as sops does: a rule for
        // other files may be wrong without stopping this one.
        if rule.crypt_fields.len() > 1 {
            return Err(ConfigError::Parse {
                path: config_path.clone(),
                message: format!(
                    "creation_rules[{i}]: cannot use more than one of {}",
                    RULE_FIELDS.join(", ")
                ),
            });
        }
        Ok(Some(rule))
    }
}

#[derive(Deserialize, Default)]
struct RawConfig {
    #[serde(default)]
    creation_rules: Option<Vec<RawRule>>,
    #[serde(default)]
    stores: Option<RawStores>,
    #[serde(default)]
    destination_rules: Option<Vec<RawDestination>>,
}

/// One entry of `destination_rules`: where `publish` sends the files whose
/// path it matches.
#[derive(Debug)]
pub struct DestinationRule {
    /// Its position in `destination_rules`, for messages.
    pub index: usize,
    path_regex: PathMatch,
    pub s3_bucket: String,
    pub s3_prefix: String,
    pub gcs_bucket: String,
    pub gcs_prefix: String,
    pub vault_path: String,
    pub vault_address: String,
    pub vault_kv_mount_name: String,
    pub vault_kv_version: i64,
    /// The keys (and suffix rule) S3 and GCS copies are encrypted for
    /// instead of the file's own; `None` when the rule names no key.
    pub recreation_rule: Option<CreationRule>,
    pub omit_extensions: bool,
}

#[derive(Debug)]
enum PathMatch {
    All,
    Regex(Regex),
    /// sops ignores a `path_regex` that does not compile, so the rule
    /// matches no file.
    Nothing,
}

impl DestinationRule {
    /// Whether the rule applies to `path`, the file's path as `publish`
    /// was given it (or found it under the folder it was given): unlike a
    /// creation rule's, it is neither made absolute nor relative to the
    /// config file.
    pub fn matches(&self, path: &str) -> bool {
        match &self.path_regex {
            PathMatch::All => true,
            PathMatch::Regex(re) => re.is_match(path),
            PathMatch::Nothing => false,
        }
    }
}

impl Config {
    /// The first destination rule that applies to `path` (see
    /// [`DestinationRule::matches`]).
    pub fn destination_for(&self, path: &str) -> Option<&DestinationRule> {
        self.destinations.iter().find(|d| d.matches(path))
    }
}

#[derive(Deserialize, Default)]
struct RawDestination {
    #[serde(default)]
    path_regex: String,
    #[serde(default)]
    s3_bucket: String,
    #[serde(default)]
    s3_prefix: String,
    #[serde(default)]
    gcs_bucket: String,
    #[serde(default)]
    gcs_prefix: String,
    #[serde(default)]
    vault_path: String,
    #[serde(default)]
    vault_address: String,
    #[serde(default)]
    vault_kv_mount_name: String,
    #[serde(default)]
    vault_kv_version: i64,
    recreation_rule: Option<RawRule>,
    #[serde(default)]
    omit_extensions: bool,
}

impl RawDestination {
    fn build(self, index: usize, config: &Path) -> Result<DestinationRule, RuleProblem> {
        let path_regex = if self.path_regex.is_empty() {
            PathMatch::All
        } else {
            crate::crypt_rules::go_regex(&self.path_regex)
                .map_or(PathMatch::Nothing, PathMatch::Regex)
        };
        let recreation_rule = match self.recreation_rule {
            // sops never reads a recreation rule's own path_regex.
            Some(raw) => Some(
                RawRule {
                    path_regex: String::new(),
                    ..raw
                }
                .build(index, config)?,
            ),
            None => None,
        };
        Ok(DestinationRule {
            index,
            path_regex,
            s3_bucket: self.s3_bucket,
            s3_prefix: self.s3_prefix,
            gcs_bucket: self.gcs_bucket,
            gcs_prefix: self.gcs_prefix,
            vault_path: self.vault_path,
            vault_address: self.vault_address,
            vault_kv_mount_name: self.vault_kv_mount_name,
            vault_kv_version: self.vault_kv_version,
            recreation_rule,
            omit_extensions: self.omit_extensions,
        })
    }
}

#[derive(Deserialize, Default)]
struct RawStores {
    #[serde(default)]
    yaml: RawIndent,
    #[serde(default)]
    json: RawIndent,
    #[serde(default)]
    json_binary: RawIndent,
}

#[derive(Deserialize, Default)]
struct RawIndent {
    #[serde(default)]
    indent: Option<i64>,
}

/// sops accepts a comma-separated string or a list for key fields.
#[derive(Deserialize)]
#[serde(untagged)]
enum StringOrList {
    One(String),
    Many(Vec<String>),
}

impl StringOrList {
    fn items(self) -> Vec<String> {
        match self {
            StringOrList::One(s) => s
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
            StringOrList::Many(v) => v.into_iter().map(|s| s.trim().to_owned()).collect(),
        }
    }
}

#[derive(Deserialize, Default)]
struct RawRule {
    #[serde(default)]
    path_regex: String,
    age: Option<StringOrList>,
    pgp: Option<StringOrList>,
    kms: Option<StringOrList>,
    #[serde(default)]
    aws_profile: String,
    gcp_kms: Option<StringOrList>,
    hckms: Option<Vec<String>>,
    azure_keyvault: Option<StringOrList>,
    hc_vault_transit_uri: Option<StringOrList>,
    key_groups: Option<Vec<RawGroup>>,
    shamir_threshold: Option<usize>,
    unencrypted_suffix: Option<String>,
    encrypted_suffix: Option<String>,
    unencrypted_regex: Option<String>,
    encrypted_regex: Option<String>,
    unencrypted_comment_regex: Option<String>,
    encrypted_comment_regex: Option<String>,
    mac_only_encrypted: Option<bool>,
}

#[derive(Deserialize, Default)]
struct RawGroup {
    #[serde(default)]
    age: Vec<String>,
    #[serde(default)]
    pgp: Vec<String>,
    #[serde(default)]
    kms: Vec<RawKms>,
    #[serde(default)]
    gcp_kms: Vec<RawGcp>,
    #[serde(default)]
    hckms: Vec<RawHckms>,
    #[serde(default)]
    azure_keyvault: Vec<RawAzure>,
    #[serde(default)]
    hc_vault: Vec<String>,
    #[serde(default)]
    merge: Vec<RawGroup>,
}

#[derive(Deserialize)]
struct RawKms {
    arn: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    context: BTreeMap<String, String>,
    #[serde(default)]
    aws_profile: String,
}

#[derive(Deserialize)]
struct RawGcp {
    resource_id: String,
}

#[derive(Deserialize)]
struct RawHckms {
    key_id: String,
}

#[derive(Deserialize)]
struct RawAzure {
    #[serde(rename = "vaultUrl")]
    vault_url: String,
    key: String,
    #[serde(default)]
    version: String,
}

impl CreationRule {
    /// The rule's key groups for `file`, refused when the rule has none or
    /// one of them is empty: nobody could open what they would encrypt.
    pub fn checked_key_groups(&self, file: &Path) -> Result<&[KeyGroup], ConfigError> {
        let what = if self.key_groups.is_empty() {
            "has no keys"
        } else if self.key_groups.iter().any(Vec::is_empty) {
            "has a key group without keys"
        } else {
            return Ok(&self.key_groups);
        };
        Err(ConfigError::EmptyKeyGroup {
            path: self.config.clone(),
            index: self.index,
            file: file.display().to_string(),
            what,
        })
    }
}

impl RawRule {
    fn build(self, index: usize, config: &Path) -> Result<CreationRule, RuleProblem> {
        let path_regex = if self.path_regex.is_empty() {
            None
        } else {
            Some(crate::crypt_rules::go_regex(&self.path_regex)?)
        };
        let key_groups = match self.key_groups {
            Some(groups) if !groups.is_empty() => groups
                .into_iter()
                .map(RawGroup::build)
                .collect::<Result<Vec<_>, _>>()?,
            _ => {
                let mut group = Vec::new();
                let mut add =
                    |list: Option<StringOrList>,
                     make: &dyn Fn(&str) -> Result<MasterKey, RuleProblem>| {
                        for item in list.map(StringOrList::items).unwrap_or_default() {
                            group.push(make(&item)?);
                        }
                        Ok::<(), RuleProblem>(())
                    };
                let profile = self.aws_profile.clone();
                add(self.kms, &|s| {
                    Ok(MasterKey::Kms(KmsKey::from_spec(
                        s,
                        BTreeMap::new(),
                        &profile,
                    )))
                })?;
                add(self.gcp_kms, &|s| Ok(MasterKey::GcpKms(GcpKmsKey::new(s))))?;
                add(self.hckms.map(StringOrList::Many), &|s| {
                    Ok(MasterKey::Hckms(HckmsKey::new(s)))
                })?;
                add(self.azure_keyvault, &|s| {
                    Ok(MasterKey::AzureKv(AzureKvKey::from_url(s)?))
                })?;
                add(self.pgp, &|s| Ok(MasterKey::Pgp(PgpKey::new(s))))?;
                add(self.hc_vault_transit_uri, &|s| {
                    Ok(MasterKey::HcVault(HcVaultKey::from_uri(s)?))
                })?;
                add(self.age, &|s| Ok(MasterKey::Age(AgeKey::new(s))))?;
                if group.is_empty() {
                    Vec::new()
                } else {
                    vec![group]
                }
            }
        };
        let crypt = [
            self.unencrypted_suffix,
            self.encrypted_suffix,
            self.unencrypted_regex,
            self.encrypted_regex,
            self.unencrypted_comment_regex,
            self.encrypted_comment_regex,
        ];
        let crypt_fields: Vec<(&'static str, String)> = RULE_FIELDS
            .iter()
            .zip(crypt)
            .filter_map(|(f, v)| v.filter(|v| !v.is_empty()).map(|v| (*f, v)))
            .collect();
        Ok(CreationRule {
            index,
            config: config.to_path_buf(),
            path_regex,
            path_regex_text: self.path_regex,
            key_groups,
            shamir_threshold: self.shamir_threshold.unwrap_or(0),
            crypt_fields,
            mac_only_encrypted: self.mac_only_encrypted.unwrap_or(false),
        })
    }
}

impl RawGroup {
    fn build(self) -> Result<KeyGroup, RuleProblem> {
        let mut group: KeyGroup = Vec::new();
        let mut push = |key: MasterKey| {
            let id = (key.key_type(), key.identifier());
            if !group.iter().any(|k| (k.key_type(), k.identifier()) == id) {
                group.push(key);
            }
        };
        for k in self.kms {
            let mut key = KmsKey::from_spec(&k.arn, k.context, &k.aws_profile);
            if !k.role.is_empty() {
                key.role = k.role;
            }
            push(MasterKey::Kms(key));
        }
        self.gcp_kms
            .iter()
            .for_each(|g| push(MasterKey::GcpKms(GcpKmsKey::new(&g.resource_id))));
        self.hckms
            .iter()
            .for_each(|h| push(MasterKey::Hckms(HckmsKey::new(&h.key_id))));
        for a in self.azure_keyvault {
            push(MasterKey::AzureKv(AzureKvKey::new(
                &a.vault_url,
                &a.key,
                &a.version,
            )));
        }
        for uri in &self.hc_vault {
            push(MasterKey::HcVault(HcVaultKey::from_uri(uri)?));
        }
        self.pgp
            .iter()
            .for_each(|fp| push(MasterKey::Pgp(PgpKey::new(fp))));
        self.age
            .iter()
            .for_each(|r| push(MasterKey::Age(AgeKey::new(r))));
        for merged in self.merge {
            for key in merged.build()? {
                push(key);
            }
        }
        Ok(group)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(text: &str) -> Config {
        parse(text, PathBuf::from("/repo/.sops.yaml")).unwrap()
    }

    #[test]
    fn first_matching_rule_wins_relative_to_config_dir() {
        let c = cfg(
            "creation_rules:\n  - path_regex: ^prod/\n    age: age1a,age1b\n  - age: [age1c]\n",
        );
        let r = c.rule_for(Path::new("/repo/prod/x.json")).unwrap().unwrap();
        assert_eq!(r.key_groups[0].len(), 2);
        let r = c.rule_for(Path::new("/repo/dev/x.json")).unwrap().unwrap();
        assert_eq!(r.key_groups[0][0].identifier(), "age1c");
    }

    #[test]
    fn paths_are_cleaned_as_go_does() {
        for (given, clean) in [
            ("/repo/sub/../prod/./x.json", "/repo/prod/x.json"),
            ("/../repo//prod/x.json", "/repo/prod/x.json"),
            ("/repo/a/b/../../prod/x.json", "/repo/prod/x.json"),
        ] {
            assert_eq!(absolute(Path::new(given)), Path::new(clean), "{given}");
        }
        let c = cfg("creation_rules:\n  - path_regex: ^prod/\n    age: age1a\n  - age: age1c\n");
        let file = absolute(Path::new("/repo/dev/../prod/x.json"));
        let r = c.rule_for(&file).unwrap().unwrap();
        assert_eq!(r.key_groups[0][0].identifier(), "age1a");
        let relative = absolute(Path::new("prod/../prod/x.json"));
        assert!(relative.is_absolute() && !relative.to_string_lossy().contains(".."));
    }

    #[test]
    fn no_match_is_an_error() {
        let c = cfg("creation_rules:\n  - path_regex: \\.yaml$\n    age: age1a\n");
        assert!(matches!(
            c.rule_for(Path::new("/repo/x.json")),
            Err(ConfigError::NoMatchingRule { .. })
        ));
    }

    #[test]
    fn unknown_keys_are_ignored_and_two_crypt_rules_refused() {
        let c = cfg("creation_rules:\n  - filename_regex: foo\n    age: age1a\n");
        assert!(c.rule_for(Path::new("/elsewhere/x")).unwrap().is_some());
        // Two crypt rules in one creation rule: an error when that rule
        // applies, not before (as in sops).
        let c = cfg("creation_rules:\n  - path_regex: ^bad/\n    age: a\n    encrypted_regex: x\n    unencrypted_suffix: y\n  - age: b\n");
        assert!(matches!(
            c.rule_for(Path::new("/repo/bad/x.yaml")),
            Err(ConfigError::Parse { message, .. }) if message.starts_with("creation_rules[0]: cannot use more than one")
        ));
        assert!(c
            .rule_for(Path::new("/repo/good/x.yaml"))
            .unwrap()
            .is_some());
    }

    #[test]
    fn key_groups_with_merge_drop_duplicates() {
        let c = cfg("creation_rules:\n  - shamir_threshold: 2\n    key_groups:\n      - age: [age1a]\n        merge:\n          - age: [age1a, age1b]\n      - pgp: ['AB CD']\n");
        let r = &c.rules[0];
        assert_eq!(r.key_groups.len(), 2);
        assert_eq!(r.key_groups[0].len(), 2);
        assert_eq!(r.key_groups[1][0].identifier(), "ABCD");
        assert_eq!(r.shamir_threshold, 2);
    }

    #[test]
    fn a_rule_without_keys_says_so() {
        for rules in [
            "  - path_regex: x\n",
            "  - key_groups: []\n",
            "  - key_groups: [{}]\n",
        ] {
            let c = cfg(&format!(
                "creation_rules:\n  - path_regex: ^y\n    age: a\n{rules}"
            ));
            let rule = c.rule_for(Path::new("/repo/x")).unwrap().unwrap();
            let err = rule.checked_key_groups(Path::new("/repo/x")).unwrap_err();
            assert!(
                err.to_string()
                    .starts_with("Could not generate data key: [empty key group provided]: creation_rules[1] of /repo/.sops.yaml"),
                "{err}"
            );
        }
    }

    #[test]
    fn stores_indent() {
        let c = cfg("stores:\n  json:\n    indent: 3\n");
        assert_eq!(c.stores.json_indent, Indent::Spaces(3));
        assert_eq!(c.stores.json_binary_indent, Indent::Tab);
    }

    #[test]
    fn vault_and_azure_uris() {
        let c = cfg("creation_rules:\n  - hc_vault_transit_uri: https://v.example:8200/v1/sops/transit/keys/dev\n    azure_keyvault: https://kv.vault.azure.net/keys/k/abc\n");
        let ids: Vec<String> = c.rules[0].key_groups[0]
            .iter()
            .map(MasterKey::identifier)
            .collect();
        assert_eq!(
            ids,
            [
                "https://kv.vault.azure.net/keys/k/abc",
                "https://v.example:8200/v1/sops/transit/keys/dev"
            ]
        );
        let err = parse(
            "creation_rules:\n  - hc_vault_transit_uri: https://v/prefix/v1/t/keys/k\n",
            PathBuf::from("/repo/.sops.yaml"),
        )
        .unwrap_err();
        assert!(err.to_string().contains("creation_rules[0]"), "{err}");
    }
}
