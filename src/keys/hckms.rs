//! HuaweiCloud KMS master keys (metadata only in this build).

use super::{created_at, now_rfc3339, optional, required, string_fields, MetadataError};
use crate::tree::Map;

/// A HuaweiCloud KMS key (`region:key-uuid`) and the data key encrypted with it.
#[derive(Clone, Debug, PartialEq)]
pub struct HckmsKey {
    pub key_id: String,
    pub created_at: String,
    pub enc: String,
}

impl HckmsKey {
    /// A key from its `region:key-uuid` id.
    pub fn new(key_id: &str) -> Self {
        HckmsKey {
            key_id: key_id.trim().to_owned(),
            created_at: now_rfc3339(),
            enc: String::new(),
        }
    }

    pub fn from_metadata(map: &Map) -> Result<Self, MetadataError> {
        Ok(HckmsKey {
            key_id: required(map, "hckms", "key_id")?,
            created_at: created_at(map)?,
            enc: optional(map, "enc"),
        })
    }

    pub fn to_metadata(&self) -> Map {
        string_fields(&[
            ("key_id", &self.key_id),
            ("created_at", &self.created_at),
            ("enc", &self.enc),
        ])
    }
}
