//! HashiCorp Vault (and OpenBao) transit master keys (metadata only in this
//! build).

use super::{created_at, optional, required, string_fields, MetadataError};
use crate::tree::Map;

/// A transit key and the data key encrypted with it (`vault:v1:…`).
#[derive(Clone, Debug, PartialEq)]
pub struct HcVaultKey {
    pub vault_address: String,
    pub engine_path: String,
    pub key_name: String,
    pub created_at: String,
    pub enc: String,
}

impl HcVaultKey {
    pub fn from_metadata(map: &Map) -> Result<Self, MetadataError> {
        Ok(HcVaultKey {
            vault_address: required(map, "hc_vault", "vault_address")?,
            engine_path: required(map, "hc_vault", "engine_path")?,
            key_name: required(map, "hc_vault", "key_name")?,
            created_at: created_at(map)?,
            enc: optional(map, "enc"),
        })
    }

    pub fn to_metadata(&self) -> Map {
        string_fields(&[
            ("vault_address", &self.vault_address),
            ("engine_path", &self.engine_path),
            ("key_name", &self.key_name),
            ("created_at", &self.created_at),
            ("enc", &self.enc),
        ])
    }
}
