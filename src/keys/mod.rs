//! Master keys: everything that can wrap a file's data key (or its Shamir
//! share) and unwrap it again.
//!
//! Every key type is a variant of [`MasterKey`] with the same operations:
//! its metadata form, its string form (for diffs, `--rm-*` and error
//! reports), wrap and unwrap. Key types whose backend is not built in (a
//! cargo feature left out, or HuaweiCloud KMS) keep their metadata exactly,
//! so files that use them still decrypt with another key and are re-written
//! with those entries untouched.

#![doc(hidden)]

pub mod age;
pub mod azure_kv;
pub mod gcp_kms;
pub mod hc_vault;
pub mod hckms;
#[cfg(feature = "http")]
pub(crate) mod http;
pub mod kms;
#[cfg(any(feature = "gcp-kms", feature = "azure-kv"))]
mod oauth;
pub mod pgp;

use std::fmt::Write as _;

use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;
use zeroize::Zeroizing;

use crate::cipher::DataKey;
use crate::shamir;
use crate::tree::{Map, Value};

/// The kinds of master key, in the order sops builds a group from metadata.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyType {
    Kms,
    GcpKms,
    Hckms,
    AzureKv,
    HcVault,
    Pgp,
    Age,
}

impl KeyType {
    pub const ALL: [KeyType; 7] = [
        KeyType::Kms,
        KeyType::GcpKms,
        KeyType::Hckms,
        KeyType::AzureKv,
        KeyType::HcVault,
        KeyType::Pgp,
        KeyType::Age,
    ];

    /// The identifier used in metadata and in `--decryption-order`.
    pub fn id(self) -> &'static str {
        match self {
            KeyType::Kms => "kms",
            KeyType::GcpKms => "gcp_kms",
            KeyType::Hckms => "hckms",
            KeyType::AzureKv => "azure_kv",
            KeyType::HcVault => "hc_vault",
            KeyType::Pgp => "pgp",
            KeyType::Age => "age",
        }
    }

    pub fn from_id(id: &str) -> Option<Self> {
        KeyType::ALL.into_iter().find(|t| t.id() == id)
    }
}

/// One master key.
#[derive(Clone, Debug, PartialEq)]
pub enum MasterKey {
    Age(age::AgeKey),
    Pgp(pgp::PgpKey),
    Kms(kms::KmsKey),
    GcpKms(gcp_kms::GcpKmsKey),
    Hckms(hckms::HckmsKey),
    AzureKv(azure_kv::AzureKvKey),
    HcVault(hc_vault::HcVaultKey),
}

/// Why a metadata block could not be read.
#[derive(Debug, thiserror::Error)]
pub enum MetadataError {
    #[error("sops metadata: {key_type} key entry has no {field:?}")]
    MissingField {
        key_type: &'static str,
        field: &'static str,
    },
    #[error("sops metadata: {field:?} is not a valid RFC 3339 time: {value:?}")]
    Time { field: String, value: String },
    #[error("sops metadata: {0}")]
    Invalid(String),
}

/// Why a master key could not wrap or unwrap.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("invalid recipient {recipient:?}: {reason}")]
    Recipient { recipient: String, reason: String },
    #[error("could not encrypt the data key with {key}: {reason}")]
    Wrap { key: String, reason: String },
    #[error("{reason}")]
    Unwrap { key: String, reason: String },
    #[error("{what} key {key}: {why}")]
    Unsupported {
        key: String,
        what: &'static str,
        why: &'static str,
    },
    /// A key service answered with an error (sops' text of a gRPC status).
    #[error("key service {service}: rpc error: code = {code} desc = {message}")]
    Remote {
        service: String,
        code: String,
        message: String,
    },
    #[error(
        "no key service to use for {key}: --enable-local-keyservice=false needs a --keyservice"
    )]
    NoService { key: String },
    /// Every key service failed, each for its own reason.
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Services(Vec<KeyError>),
}

/// Shared state for key operations, such as the age identities and the
/// built-in OpenPGP keys, loaded once per process, and the key services
/// that wrap and unwrap.
#[derive(Default)]
pub struct KeyContext {
    pub age_identities: age::Identities,
    pub pgp_keys: pgp::Keyring,
    pub services: KeyServices,
}

/// Where a data key is wrapped or unwrapped: in this process with the keys
/// it has, or by a key service (`--keyservice`).
#[derive(Clone, Debug)]
pub enum KeyService {
    Local,
    #[cfg(feature = "keyservice")]
    Remote(std::sync::Arc<crate::keyservice::Remote>),
}

/// The key services to try for each key, in order; the first that succeeds
/// wins, as in sops. The default is this process alone.
#[derive(Clone, Debug)]
pub struct KeyServices(Vec<KeyService>);

impl Default for KeyServices {
    fn default() -> Self {
        KeyServices(vec![KeyService::Local])
    }
}

impl KeyServices {
    pub fn new(services: Vec<KeyService>) -> Self {
        KeyServices(services)
    }

    /// Wraps `secret` with `key` through the first service that can.
    fn wrap(&self, key: &mut MasterKey, secret: &[u8]) -> Result<(), KeyError> {
        let mut errors = Vec::new();
        for service in &self.0 {
            let result = match service {
                KeyService::Local => key.wrap(secret),
                #[cfg(feature = "keyservice")]
                KeyService::Remote(remote) => {
                    remote.encrypt(key, secret).map(|enc| key.set_enc(enc))
                }
            };
            match result {
                Ok(()) => return Ok(()),
                Err(e) => errors.push(e),
            }
        }
        Err(match errors.len() {
            0 => KeyError::NoService {
                key: key.identifier(),
            },
            1 => errors.remove(0),
            _ => KeyError::Services(errors),
        })
    }

    /// Unwraps `key`'s data key through the first service that can; else
    /// what each service said.
    fn unwrap(
        &self,
        key: &MasterKey,
        ctx: &KeyContext,
    ) -> Result<Zeroizing<Vec<u8>>, Vec<KeyError>> {
        let mut errors = Vec::new();
        for service in &self.0 {
            let result = match service {
                KeyService::Local => key.unwrap(ctx),
                #[cfg(feature = "keyservice")]
                KeyService::Remote(remote) => remote.decrypt(key),
            };
            match result {
                Ok(secret) => return Ok(secret),
                Err(e) => errors.push(e),
            }
        }
        if errors.is_empty() {
            errors.push(KeyError::NoService {
                key: key.identifier(),
            });
        }
        Err(errors)
    }
}

impl MasterKey {
    pub fn key_type(&self) -> KeyType {
        match self {
            MasterKey::Age(_) => KeyType::Age,
            MasterKey::Pgp(_) => KeyType::Pgp,
            MasterKey::Kms(_) => KeyType::Kms,
            MasterKey::GcpKms(_) => KeyType::GcpKms,
            MasterKey::Hckms(_) => KeyType::Hckms,
            MasterKey::AzureKv(_) => KeyType::AzureKv,
            MasterKey::HcVault(_) => KeyType::HcVault,
        }
    }

    /// The key's string form, as sops prints and matches it.
    pub fn identifier(&self) -> String {
        match self {
            MasterKey::Age(k) => k.recipient.clone(),
            MasterKey::Pgp(k) => k.fp.clone(),
            MasterKey::Kms(k) => k.identifier(),
            MasterKey::GcpKms(k) => k.resource_id.clone(),
            MasterKey::Hckms(k) => k.key_id.clone(),
            MasterKey::AzureKv(k) => k.url(),
            MasterKey::HcVault(k) => k.uri(),
        }
    }

    /// The wrapped data key, as metadata holds it.
    pub fn enc(&self) -> &str {
        match self {
            MasterKey::Age(k) => &k.enc,
            MasterKey::Pgp(k) => &k.enc,
            MasterKey::Kms(k) => &k.enc,
            MasterKey::GcpKms(k) => &k.enc,
            MasterKey::Hckms(k) => &k.enc,
            MasterKey::AzureKv(k) => &k.enc,
            MasterKey::HcVault(k) => &k.enc,
        }
    }

    /// Stores a data key wrapped elsewhere (by a key service).
    pub fn set_enc(&mut self, enc: String) {
        match self {
            MasterKey::Age(k) => k.enc = enc,
            MasterKey::Pgp(k) => k.enc = enc,
            MasterKey::Kms(k) => k.enc = enc,
            MasterKey::GcpKms(k) => k.enc = enc,
            MasterKey::Hckms(k) => k.enc = enc,
            MasterKey::AzureKv(k) => k.enc = enc,
            MasterKey::HcVault(k) => k.enc = enc,
        }
    }

    pub fn from_metadata(key_type: KeyType, map: &Map) -> Result<Self, MetadataError> {
        Ok(match key_type {
            KeyType::Age => MasterKey::Age(age::AgeKey::from_metadata(map)?),
            KeyType::Pgp => MasterKey::Pgp(pgp::PgpKey::from_metadata(map)?),
            KeyType::Kms => MasterKey::Kms(kms::KmsKey::from_metadata(map)?),
            KeyType::GcpKms => MasterKey::GcpKms(gcp_kms::GcpKmsKey::from_metadata(map)?),
            KeyType::Hckms => MasterKey::Hckms(hckms::HckmsKey::from_metadata(map)?),
            KeyType::AzureKv => MasterKey::AzureKv(azure_kv::AzureKvKey::from_metadata(map)?),
            KeyType::HcVault => MasterKey::HcVault(hc_vault::HcVaultKey::from_metadata(map)?),
        })
    }

    pub fn to_metadata(&self) -> Map {
        match self {
            MasterKey::Age(k) => k.to_metadata(),
            MasterKey::Pgp(k) => k.to_metadata(),
            MasterKey::Kms(k) => k.to_metadata(),
            MasterKey::GcpKms(k) => k.to_metadata(),
            MasterKey::Hckms(k) => k.to_metadata(),
            MasterKey::AzureKv(k) => k.to_metadata(),
            MasterKey::HcVault(k) => k.to_metadata(),
        }
    }

    /// Wraps the data key (or a Shamir share) and stores the result in the
    /// key's `enc`.
    pub fn wrap(&mut self, secret: &[u8]) -> Result<(), KeyError> {
        match self {
            MasterKey::Age(k) => k.wrap(secret),
            MasterKey::Pgp(k) => k.wrap(secret),
            #[cfg(feature = "aws-kms")]
            MasterKey::Kms(k) => k.wrap(secret),
            #[cfg(feature = "gcp-kms")]
            MasterKey::GcpKms(k) => k.wrap(secret),
            #[cfg(feature = "azure-kv")]
            MasterKey::AzureKv(k) => k.wrap(secret),
            #[cfg(feature = "hc-vault")]
            MasterKey::HcVault(k) => k.wrap(secret),
            other => Err(other.unsupported()),
        }
    }

    /// Unwraps the data key (or Shamir share) from the key's `enc`.
    pub fn unwrap(&self, ctx: &KeyContext) -> Result<Zeroizing<Vec<u8>>, KeyError> {
        match self {
            MasterKey::Age(k) => k.unwrap(&ctx.age_identities),
            MasterKey::Pgp(k) => k.unwrap(&ctx.pgp_keys),
            #[cfg(feature = "aws-kms")]
            MasterKey::Kms(k) => k.unwrap(),
            #[cfg(feature = "gcp-kms")]
            MasterKey::GcpKms(k) => k.unwrap(),
            #[cfg(feature = "azure-kv")]
            MasterKey::AzureKv(k) => k.unwrap(),
            #[cfg(feature = "hc-vault")]
            MasterKey::HcVault(k) => k.unwrap(),
            other => Err(other.unsupported()),
        }
    }

    /// The error for a key type this build cannot use, saying what to do.
    fn unsupported(&self) -> KeyError {
        let (what, why) = match self.key_type() {
            KeyType::Age => ("age", ""),
            KeyType::Pgp => ("PGP", ""),
            KeyType::Kms => (
                "AWS KMS",
                "this rsops was built without the `aws-kms` cargo feature; use a build with it, or another key of the file",
            ),
            KeyType::GcpKms => (
                "GCP KMS",
                "this rsops was built without the `gcp-kms` cargo feature; use a build with it, or another key of the file",
            ),
            KeyType::Hckms => (
                "HuaweiCloud KMS",
                "rsops does not support HuaweiCloud KMS; use sops (it reads HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK and HUAWEICLOUD_SDK_PROJECT_ID, or ~/.huaweicloud/credentials), or another key of the file",
            ),
            KeyType::AzureKv => (
                "Azure Key Vault",
                "this rsops was built without the `azure-kv` cargo feature; use a build with it, or another key of the file",
            ),
            KeyType::HcVault => (
                "HashiCorp Vault transit",
                "this rsops was built without the `hc-vault` cargo feature; use a build with it, or another key of the file",
            ),
        };
        KeyError::Unsupported {
            key: self.identifier(),
            what,
            why,
        }
    }
}

/// A key group: every key in it wraps the same secret.
pub type KeyGroup = Vec<MasterKey>;

/// The order in which key types are tried when unwrapping (`--decryption-order`).
#[derive(Clone, Debug)]
pub struct DecryptionOrder(Vec<KeyType>);

impl Default for DecryptionOrder {
    fn default() -> Self {
        DecryptionOrder(vec![KeyType::Age, KeyType::Pgp])
    }
}

impl DecryptionOrder {
    /// Parses a comma-separated list of key type ids.
    pub fn parse(s: &str) -> Result<Self, OrderError> {
        let mut order = Vec::new();
        for id in s.split(',').map(str::trim).filter(|id| !id.is_empty()) {
            let t = KeyType::from_id(id).ok_or_else(|| OrderError::Unknown(id.to_owned()))?;
            if order.contains(&t) {
                return Err(OrderError::Duplicate(id.to_owned()));
            }
            order.push(t);
        }
        Ok(DecryptionOrder(order))
    }

    fn rank(&self, t: KeyType) -> usize {
        self.0.iter().position(|o| *o == t).unwrap_or(self.0.len())
    }
}

/// A `--decryption-order` that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum OrderError {
    #[error("duplicate key type {0:?} in the decryption order")]
    Duplicate(String),
    #[error("unknown key type {0:?} in the decryption order; use age, pgp, kms, gcp_kms, hckms, azure_kv or hc_vault")]
    Unknown(String),
}

/// The data key could not be recovered; the report says what each key said.
#[derive(Debug, thiserror::Error)]
#[error("{report}")]
pub struct RecoveryError {
    report: String,
}

/// Wraps the data key for every key of every group. With two or more groups
/// the key is split with Shamir's scheme and group `i` wraps share `i`.
/// Returns the threshold to record (0 when not set and not needed).
pub fn wrap_data_key(
    groups: &mut [KeyGroup],
    threshold: usize,
    data_key: &DataKey,
    services: &KeyServices,
) -> Result<usize, WrapError> {
    if groups.iter().any(Vec::is_empty) || groups.is_empty() {
        return Err(WrapError::EmptyGroup);
    }
    let (secrets, threshold) = if groups.len() == 1 {
        (
            vec![Zeroizing::new(data_key.as_bytes().to_vec())],
            threshold,
        )
    } else {
        let threshold = if threshold == 0 {
            groups.len()
        } else {
            threshold
        };
        let shares = shamir::split(data_key.as_bytes(), groups.len(), threshold)
            .map_err(|e| WrapError::Shamir(e.to_string()))?;
        (shares, threshold)
    };
    for (group, secret) in groups.iter_mut().zip(&secrets) {
        for key in group {
            services.wrap(key, secret).map_err(WrapError::Key)?;
        }
    }
    Ok(threshold)
}

#[derive(Debug, thiserror::Error)]
pub enum WrapError {
    #[error("no keys to encrypt the data key with: give --age (or SOPS_AGE_RECIPIENTS), or add a creation rule with keys to .sops.yaml")]
    EmptyGroup,
    #[error("could not split the data key into key-group shares: {0}")]
    Shamir(String),
    #[error(transparent)]
    Key(KeyError),
}

/// Recovers the data key: each group is unwrapped by the first of its keys
/// that succeeds (in decryption order); with several groups, at least
/// `threshold` shares are combined.
pub fn unwrap_data_key(
    groups: &[KeyGroup],
    threshold: usize,
    order: &DecryptionOrder,
    ctx: &KeyContext,
) -> Result<DataKey, RecoveryError> {
    let mut shares = Vec::new();
    let mut report = String::from("Failed to get the data key required to decrypt the file.\n");
    for (i, group) in groups.iter().enumerate() {
        let mut keys: Vec<&MasterKey> = group.iter().collect();
        keys.sort_by_key(|k| order.rank(k.key_type()));
        let mut failures = Vec::new();
        let mut share = None;
        for key in keys {
            match ctx.services.unwrap(key, ctx) {
                Ok(secret) => {
                    share = Some(secret);
                    break;
                }
                Err(errors) => failures.push((key.identifier(), errors)),
            }
        }
        match share {
            Some(s) => {
                let _ = write!(report, "\nGroup {i}: OK\n");
                shares.push(s);
            }
            None => {
                let _ = write!(report, "\nGroup {i}: FAILED\n");
                for (id, errors) in failures {
                    let _ = writeln!(report, "  {id}: FAILED");
                    for why in errors {
                        let _ = writeln!(report, "    - {why}");
                    }
                }
            }
        }
    }
    let fail = |mut report: String, why: &str| {
        report.push('\n');
        report.push_str(why);
        RecoveryError { report }
    };
    if groups.len() <= 1 {
        let Some(secret) = shares.pop() else {
            return Err(fail(
                report,
                "Recovery failed because no master key was able to decrypt the file. \
                 Make one of the keys listed above available (for age: SOPS_AGE_KEY_FILE \
                 or ~/.config/sops/age/keys.txt; for PGP: the secret key in GnuPG, \
                 or SOPS_PGP_KEY_FILE; for a cloud KMS or Vault: that service's \
                 credentials and network access, as its error above says).",
            ));
        };
        return DataKey::from_bytes(&secret).map_err(|e| fail(report, &e.to_string()));
    }
    let needed = if threshold == 0 {
        groups.len()
    } else {
        threshold
    };
    if shares.len() < needed {
        let why = format!(
            "Recovery failed because only {} of {} key groups could be decrypted, \
             and this file needs {needed} (shamir_threshold).",
            shares.len(),
            groups.len()
        );
        return Err(fail(report, &why));
    }
    let refs: Vec<&[u8]> = shares.iter().map(|s| s.as_slice()).collect();
    shamir::combine(&refs)
        .map_err(|e| fail(report.clone(), &e.to_string()))
        .and_then(|key| DataKey::from_bytes(&key).map_err(|e| fail(report, &e.to_string())))
}

/// Reads a required string field of a key entry.
fn required(
    map: &Map,
    key_type: &'static str,
    field: &'static str,
) -> Result<String, MetadataError> {
    match map.get(field) {
        Some(Value::Str(s)) => Ok(s.clone()),
        _ => Err(MetadataError::MissingField { key_type, field }),
    }
}

/// Reads an optional string field of a key entry ("" when absent).
fn optional(map: &Map, field: &str) -> String {
    match map.get(field) {
        Some(Value::Str(s)) => s.clone(),
        _ => String::new(),
    }
}

/// Reads a `created_at` field, which must be RFC 3339 as sops requires.
fn created_at(map: &Map) -> Result<String, MetadataError> {
    let value = optional(map, "created_at");
    check_time("created_at", &value)?;
    Ok(value)
}

/// Fails unless `value` is an RFC 3339 time.
pub fn check_time(field: &str, value: &str) -> Result<OffsetDateTime, MetadataError> {
    OffsetDateTime::parse(value, &Rfc3339).map_err(|_| MetadataError::Time {
        field: field.to_owned(),
        value: value.to_owned(),
    })
}

/// Builds a key entry map from string fields in order.
fn string_fields(fields: &[(&str, &str)]) -> Map {
    let mut m = Map::default();
    for (k, v) in fields {
        m.push(*k, Value::Str((*v).to_owned()));
    }
    m
}

/// `created_at` for a key made now: RFC 3339, UTC, seconds.
pub fn now_rfc3339() -> String {
    crate::encoding::format_time(
        &OffsetDateTime::now_utc()
            .replace_nanosecond(0)
            .unwrap_or_else(|_| OffsetDateTime::now_utc()),
    )
}
