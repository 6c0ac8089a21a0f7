//! GCP Cloud KMS master keys (metadata only in this build).

use super::{created_at, now_rfc3339, optional, required, string_fields, MetadataError};
use crate::tree::Map;

/// A Cloud KMS CryptoKey and the data key encrypted with it.
#[derive(Clone, Debug, PartialEq)]
pub struct GcpKmsKey {
    pub resource_id: String,
    pub created_at: String,
    pub enc: String,
}

impl GcpKmsKey {
    /// A key from a CryptoKey resource ID, spaces removed as sops does.
    pub fn new(resource_id: &str) -> Self {
        GcpKmsKey {
            resource_id: resource_id.replace(' ', ""),
            created_at: now_rfc3339(),
            enc: String::new(),
        }
    }

    pub fn from_metadata(map: &Map) -> Result<Self, MetadataError> {
        Ok(GcpKmsKey {
            resource_id: required(map, "gcp_kms", "resource_id")?,
            created_at: created_at(map)?,
            enc: optional(map, "enc"),
        })
    }

    pub fn to_metadata(&self) -> Map {
        string_fields(&[
            ("resource_id", &self.resource_id),
            ("created_at", &self.created_at),
            ("enc", &self.enc),
        ])
    }
}
