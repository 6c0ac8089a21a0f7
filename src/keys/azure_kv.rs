//! Azure Key Vault master keys (metadata only in this build).

use super::{created_at, optional, required, string_fields, MetadataError};
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

impl AzureKvKey {
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
