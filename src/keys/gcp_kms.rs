//! GCP Cloud KMS master keys (metadata only in this build).

use super::{created_at, optional, required, string_fields, MetadataError};
use crate::tree::Map;

/// A Cloud KMS CryptoKey and the data key encrypted with it.
#[derive(Clone, Debug, PartialEq)]
pub struct GcpKmsKey {
    pub resource_id: String,
    pub created_at: String,
    pub enc: String,
}

impl GcpKmsKey {
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
