//! OpenPGP master keys. This build keeps their metadata (so files that also
//! have PGP keys decrypt with another key and keep their PGP entries); the
//! gpg and native backends plug in here.

use super::{created_at, optional, required, string_fields, MetadataError};
use crate::tree::Map;

/// A PGP fingerprint and the data key encrypted to it.
#[derive(Clone, Debug, PartialEq)]
pub struct PgpKey {
    pub fp: String,
    pub created_at: String,
    pub enc: String,
}

impl PgpKey {
    pub fn from_metadata(map: &Map) -> Result<Self, MetadataError> {
        Ok(PgpKey {
            fp: required(map, "pgp", "fp")?,
            created_at: created_at(map)?,
            enc: optional(map, "enc"),
        })
    }

    pub fn to_metadata(&self) -> Map {
        string_fields(&[
            ("created_at", &self.created_at),
            ("enc", &self.enc),
            ("fp", &self.fp),
        ])
    }
}
