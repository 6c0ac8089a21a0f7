//! Azure Key Vault master keys (metadata only in this build).

use super::{created_at, now_rfc3339, optional, required, string_fields, MetadataError};
use crate::tree::Map;

/// A Key Vault key version and the data key wrapped with it.
#[derive(Clone, Debug, PartialEq)]
pub struct AzureKvKey {
    pub vault_url: String,
    pub name: String,
    pub version: String,
    pub created_at: String,
    pub enc: String,
}

/// An Azure Key Vault key URL that cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("{url:?} is not an Azure Key Vault key URL (https://<vault>/keys/<name>[/<version>])")]
pub struct UrlError {
    url: String,
}

impl AzureKvKey {
    /// A key from its vault URL, name and version (empty: not pinned).
    pub fn new(vault_url: &str, name: &str, version: &str) -> Self {
        AzureKvKey {
            vault_url: vault_url.to_owned(),
            name: name.to_owned(),
            version: version.to_owned(),
            created_at: now_rfc3339(),
            enc: String::new(),
        }
    }

    /// A key from `https://<vault>/keys/<name>[/<version>]`, as sops'
    /// `NewMasterKeyFromURL` splits it.
    pub fn from_url(url: &str) -> Result<Self, UrlError> {
        let bad = || UrlError {
            url: url.to_owned(),
        };
        let rest = url.trim().strip_prefix("https://").ok_or_else(bad)?;
        let (host, path) = rest.split_once('/').ok_or_else(bad)?;
        let parts: Vec<&str> = path.split('/').collect();
        let (name, version) = match parts[..] {
            ["keys", name] => (name, ""),
            ["keys", name, version] => (name, version),
            _ => return Err(bad()),
        };
        if host.is_empty() || name.is_empty() {
            return Err(bad());
        }
        Ok(AzureKvKey::new(&format!("https://{host}"), name, version))
    }

    /// sops' string form: `<vault_url>/keys/<name>/<version>`.
    pub fn url(&self) -> String {
        format!("{}/keys/{}/{}", self.vault_url, self.name, self.version)
    }

    pub fn from_metadata(map: &Map) -> Result<Self, MetadataError> {
        Ok(AzureKvKey {
            vault_url: required(map, "azure_kv", "vault_url")?,
            name: required(map, "azure_kv", "name")?,
            version: optional(map, "version"),
            created_at: created_at(map)?,
            enc: optional(map, "enc"),
        })
    }

    pub fn to_metadata(&self) -> Map {
        string_fields(&[
            ("vault_url", &self.vault_url),
            ("name", &self.name),
            ("version", &self.version),
            ("created_at", &self.created_at),
            ("enc", &self.enc),
        ])
    }
}
