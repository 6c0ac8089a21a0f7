//! OpenPGP master keys: the data key encrypted to a fingerprint as an
//! armored PGP message.
//!
//! Two backends do the work. [`gpg`] runs GnuPG exactly as sops does, so
//! keyrings, gpg-agent, smartcards and YubiKeys work unchanged. With the
//! `pgp-native` feature, [`native`] (rpgp) handles keys given in
//! `SOPS_PGP_KEY` / `SOPS_PGP_KEY_FILE`, for hosts without gpg. Like sops,
//! which tries its built-in OpenPGP on the legacy keyring before gpg, the
//! built-in backend goes first when it holds the key, and gpg is used
//! otherwise (see docs/design.md).

mod gpg;
#[cfg(feature = "pgp-native")]
mod native;

#[cfg(feature = "pgp-native")]
use std::sync::OnceLock;

use zeroize::Zeroizing;

use super::{created_at, optional, required, string_fields, KeyError, MetadataError};
use crate::tree::Map;

/// A PGP fingerprint and the data key encrypted to it.
#[derive(Clone, Debug, PartialEq)]
pub struct PgpKey {
    pub fp: String,
    pub created_at: String,
    pub enc: String,
}

/// Per-process PGP state: the built-in backend's keys, read from the
/// environment once, on first use.
#[derive(Default)]
pub struct Keyring {
    #[cfg(feature = "pgp-native")]
    native: OnceLock<native::NativeKeys>,
}

impl Keyring {
    #[cfg(feature = "pgp-native")]
    fn native(&self) -> &native::NativeKeys {
        self.native.get_or_init(native::NativeKeys::from_env)
    }
}

impl PgpKey {
    /// A key from a fingerprint as given, spaces removed (sops keeps the case).
    pub fn new(fp: &str) -> Self {
        PgpKey {
            fp: fp.replace(' ', ""),
            created_at: super::now_rfc3339(),
            enc: String::new(),
        }
    }

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

    /// Encrypts `secret` (data key or Shamir share) to this fingerprint.
    /// Encryption reads the built-in backend's keys afresh: it runs once
    /// per key when a file is created, and needs no shared state.
    pub fn wrap(&mut self, secret: &[u8]) -> Result<(), KeyError> {
        let fail = |reason: String| KeyError::Wrap {
            key: self.fp.clone(),
            reason,
        };
        #[cfg(feature = "pgp-native")]
        let native = native::NativeKeys::from_env();
        #[cfg(feature = "pgp-native")]
        if let Some(armored) = native
            .encrypt(&self.fp, secret)
            .map_err(|e| fail(e.to_string()))?
        {
            self.enc = armored;
            return Ok(());
        }
        self.enc = gpg::encrypt(&self.fp, secret).map_err(|e| {
            #[cfg(feature = "pgp-native")]
            if native.configured() {
                return fail(format!(
                    "built-in OpenPGP: {}; then gpg: {e}",
                    native.no_key_for(&self.fp)
                ));
            }
            fail(e.to_string())
        })?;
        Ok(())
    }

    /// Decrypts the data key (or Shamir share) from `enc`.
    pub fn unwrap(&self, keys: &Keyring) -> Result<Zeroizing<Vec<u8>>, KeyError> {
        let fail = |reason: String| KeyError::Unwrap {
            key: self.fp.clone(),
            reason,
        };
        if self.enc.trim().is_empty() {
            return Err(fail("the key entry has no enc value".into()));
        }
        #[cfg(feature = "pgp-native")]
        {
            let native = keys.native();
            // A key in SOPS_PGP_KEY[_FILE] that cannot do it (not a
            // recipient, passphrase-protected) may still be in gpg-agent,
            // so gpg gets its turn and the report gives both reasons.
            let why_not = match native.decrypt(&self.enc) {
                Ok(Some(secret)) => return Ok(secret),
                Ok(None) if !native.configured() => None,
                Ok(None) => Some(native.not_a_recipient()),
                Err(e) => Some(e.to_string()),
            };
            if let Some(why_not) = why_not {
                return gpg::decrypt(&self.enc)
                    .map_err(|e| fail(format!("built-in OpenPGP: {why_not}; then gpg: {e}")));
            }
        }
        #[cfg(not(feature = "pgp-native"))]
        let _ = keys;
        gpg::decrypt(&self.enc).map_err(|e| fail(e.to_string()))
    }
}
