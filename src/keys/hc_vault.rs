//! HashiCorp Vault (and OpenBao) transit master keys: the data key is sent
//! to `<address>/v1/<engine>/encrypt/<key>` and the `vault:v1:…` answer is
//! kept as `enc`.

use super::{created_at, now_rfc3339, optional, required, string_fields, MetadataError};
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

/// A Vault transit key URI that cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("{uri:?} is not a Vault transit key URI (https://host:port/v1/<engine>/keys/<name>)")]
pub struct UriError {
    uri: String,
}

impl HcVaultKey {
    /// A key from `scheme://host[:port]/v1/<engine…>/keys/<name>`, as sops
    /// parses it: the engine path may hold slashes, and nothing may come
    /// between the address and `/v1/`.
    pub fn from_uri(uri: &str) -> Result<Self, UriError> {
        let bad = || UriError {
            uri: uri.to_owned(),
        };
        let (scheme, rest) = uri.trim().split_once("://").ok_or_else(bad)?;
        let (host, path) = rest.split_once('/').ok_or_else(bad)?;
        let path = path.strip_prefix("v1/").ok_or_else(bad)?;
        let segments: Vec<&str> = path.split('/').collect();
        if segments.len() < 3 || segments[segments.len() - 2] != "keys" {
            return Err(bad());
        }
        Ok(HcVaultKey {
            vault_address: format!("{scheme}://{host}"),
            engine_path: segments[..segments.len() - 2].join("/"),
            key_name: segments[segments.len() - 1].to_owned(),
            created_at: now_rfc3339(),
            enc: String::new(),
        })
    }

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

    /// The key's URI, sops' string form of it.
    pub fn uri(&self) -> String {
        format!(
            "{}/v1/{}/keys/{}",
            self.vault_address, self.engine_path, self.key_name
        )
    }
}

#[cfg(feature = "hc-vault")]
pub(crate) use transit::token;

#[cfg(feature = "hc-vault")]
mod transit {
    use base64::engine::general_purpose::STANDARD;
    use base64::Engine as _;
    use serde_json::json;
    use zeroize::Zeroizing;

    use super::HcVaultKey;
    use crate::keys::http::{self, Body, HttpError, Request};
    use crate::keys::KeyError;

    const ALLOWLIST: &str = "SOPS_HC_VAULT_ALLOWLIST";

    /// Why a transit call failed; the text says what to do.
    #[derive(Debug, thiserror::Error)]
    enum VaultError {
        #[error("Vault transit: {0}")]
        Http(#[from] HttpError),
        #[error(
            "Vault transit: no token: set VAULT_TOKEN or log in so that ~/.vault-token exists"
        )]
        NoToken,
        #[error("Vault transit: {uri} is not allowed by {ALLOWLIST}={list:?}; add a prefix of it to that comma-separated list (or set it to \"all\") to allow it")]
        NotAllowed { uri: String, list: String },
        #[error("Vault transit: the answer's plaintext is not base64 ({0})")]
        Plaintext(base64::DecodeError),
    }

    impl HcVaultKey {
        pub fn wrap(&mut self, secret: &[u8]) -> Result<(), KeyError> {
            let body = json!({ "plaintext": STANDARD.encode(secret) });
            let answer = self.call("encrypt", &body).map_err(|e| KeyError::Wrap {
                key: self.uri(),
                reason: e.to_string(),
            })?;
            self.enc = answer;
            Ok(())
        }

        pub fn unwrap(&self) -> Result<Zeroizing<Vec<u8>>, KeyError> {
            let fail = |e: VaultError| KeyError::Unwrap {
                key: self.uri(),
                reason: e.to_string(),
            };
            let body = json!({ "ciphertext": self.enc });
            let plaintext = Zeroizing::new(self.call("decrypt", &body).map_err(fail)?);
            STANDARD
                .decode(plaintext.as_bytes())
                .map(Zeroizing::new)
                .map_err(|e| fail(VaultError::Plaintext(e)))
        }

        /// Writes `body` to `<engine>/<op>/<key>` and returns the answer's
        /// `data.ciphertext` (encrypt) or `data.plaintext` (decrypt).
        fn call(&self, op: &str, body: &serde_json::Value) -> Result<String, VaultError> {
            // Checked before the token is read or anything is sent: a file
            // names its own Vault address, and a hostile file must not get
            // the user's token sent to a server of its choosing.
            self.check_allowed()?;
            let token = token().ok_or(VaultError::NoToken)?;
            let url = format!(
                "{}/v1/{}/{op}/{}",
                self.vault_address, self.engine_path, self.key_name
            );
            let mut headers = vec![("X-Vault-Token", token.to_string())];
            if let Some(ns) = std::env::var("VAULT_NAMESPACE")
                .ok()
                .filter(|n| !n.is_empty())
            {
                headers.push(("X-Vault-Namespace", ns));
            }
            let answer = http::send_ok(&Request {
                url: &url,
                headers: &headers,
                body: Body::PutJson(body),
            })?;
            let field = if op == "encrypt" {
                "/data/ciphertext"
            } else {
                "/data/plaintext"
            };
            Ok(http::string_at(&url, &answer, field)?.to_owned())
        }

        /// sops 3.13's `SOPS_HC_VAULT_ALLOWLIST`: unset or `all` allows every
        /// address, `none` none, otherwise a comma-separated list of URL
        /// prefixes, each taken to end with `/`.
        fn check_allowed(&self) -> Result<(), VaultError> {
            let list = std::env::var(ALLOWLIST).unwrap_or_default();
            let list = list.trim();
            let uri = self.uri();
            let allowed = match list {
                "" | "all" => true,
                "none" => false,
                _ => list
                    .split(',')
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                    .any(|p| {
                        let prefix = if p.ends_with('/') {
                            p.to_owned()
                        } else {
                            format!("{p}/")
                        };
                        uri.starts_with(&prefix)
                    }),
            };
            if allowed {
                Ok(())
            } else {
                Err(VaultError::NotAllowed {
                    uri,
                    list: list.to_owned(),
                })
            }
        }
    }

    /// The Vault client's token: `VAULT_TOKEN`, else `~/.vault-token`.
    pub(crate) fn token() -> Option<Zeroizing<String>> {
        if let Some(t) = std::env::var("VAULT_TOKEN").ok().filter(|t| !t.is_empty()) {
            return Some(Zeroizing::new(t));
        }
        let home = std::env::var_os("HOME")?;
        let text = Zeroizing::new(
            std::fs::read_to_string(std::path::Path::new(&home).join(".vault-token")).ok()?,
        );
        let t = text.trim();
        (!t.is_empty()).then(|| Zeroizing::new(t.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_as_sops_parses_them() {
        let k = HcVaultKey::from_uri("https://v.example:8200/v1/sops/transit/keys/dev").unwrap();
        assert_eq!(k.vault_address, "https://v.example:8200");
        assert_eq!(k.engine_path, "sops/transit");
        assert_eq!(k.key_name, "dev");
        assert_eq!(k.uri(), "https://v.example:8200/v1/sops/transit/keys/dev");
        for bad in [
            "https://v/prefix/v1/t/keys/k",
            "https://v/v1/keys/k",
            "https://v/v1/t/k",
            "v/v1/t/keys/k",
        ] {
            assert!(HcVaultKey::from_uri(bad).is_err(), "{bad}");
        }
    }
}
