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

#[cfg(feature = "gcp-kms")]
pub(crate) use cloud_kms::oauth_token;

#[cfg(feature = "gcp-kms")]
mod cloud_kms {
    use base64::engine::general_purpose::STANDARD;
    use base64::Engine as _;
    use serde_json::{json, Value};
    use zeroize::Zeroizing;

    use super::GcpKmsKey;
    use crate::keys::http::{self, Body, HttpError, Request};
    use crate::keys::oauth::{self, Alg};
    use crate::keys::KeyError;

    /// The OAuth scope a service account's token is asked for.
    const KMS_SCOPE: &str = "https://www.googleapis.com/auth/cloudkms";

    /// Why a Cloud KMS call failed; the text says what to do.
    #[derive(Debug, thiserror::Error)]
    enum GcpError {
        #[error("GCP KMS: {0}")]
        Http(#[from] HttpError),
        #[error("GCP KMS: {0:?} is not a CryptoKey resource ID (projects/<p>/locations/<l>/keyRings/<r>/cryptoKeys/<k>)")]
        ResourceId(String),
        #[error("GCP KMS: no credentials: set GOOGLE_OAUTH_ACCESS_TOKEN, GOOGLE_CREDENTIALS or GOOGLE_APPLICATION_CREDENTIALS, or run `gcloud auth application-default login`")]
        NoCredentials,
        #[error("GCP KMS: credentials {source_name}: {reason}")]
        Credentials { source_name: String, reason: String },
        #[error("GCP KMS: SOPS_GCP_KMS_ENDPOINT {0:?} sends the token unencrypted; plain http is only allowed to this machine (127.0.0.1, localhost)")]
        PlainHttp(String),
        #[error("GCP KMS: the answer's {0} is not base64")]
        Base64(&'static str),
    }

    impl GcpKmsKey {
        pub fn wrap(&mut self, secret: &[u8]) -> Result<(), KeyError> {
            let body = json!({ "plaintext": STANDARD.encode(secret) });
            let ciphertext =
                self.call("encrypt", &body, "/ciphertext")
                    .map_err(|e| KeyError::Wrap {
                        key: self.resource_id.clone(),
                        reason: e.to_string(),
                    })?;
            self.enc = ciphertext.to_string();
            Ok(())
        }

        pub fn unwrap(&self) -> Result<Zeroizing<Vec<u8>>, KeyError> {
            let fail = |e: GcpError| KeyError::Unwrap {
                key: self.resource_id.clone(),
                reason: e.to_string(),
            };
            let body = json!({ "ciphertext": self.enc });
            let plaintext = self.call("decrypt", &body, "/plaintext").map_err(fail)?;
            STANDARD
                .decode(plaintext.as_bytes())
                .map(Zeroizing::new)
                .map_err(|_| fail(GcpError::Base64("plaintext")))
        }

        /// `POST <endpoint>/v1/<resource id>:<op>` and the base64 string
        /// at `field` of the answer.
        fn call(&self, op: &str, body: &Value, field: &str) -> Result<Zeroizing<String>, GcpError> {
            if !valid_resource_id(&self.resource_id) {
                return Err(GcpError::ResourceId(self.resource_id.clone()));
            }
            let base = endpoint()?;
            let token = access_token(KMS_SCOPE)?;
            let url = format!("{base}/v1/{}:{op}", self.resource_id);
            let answer = http::send_ok(&Request {
                url: &url,
                headers: &[("Authorization", format!("Bearer {}", token.as_str()))],
                body: Body::PostJson(body),
            })?;
            let value = Zeroizing::new(http::string_at(&url, &answer, field)?.to_owned());
            // Checked here so that a bad answer is reported as the
            // service's, not as a corrupt file later.
            STANDARD.decode(value.as_bytes()).map_err(|_| {
                GcpError::Base64(if op == "encrypt" {
                    "ciphertext"
                } else {
                    "plaintext"
                })
            })?;
            Ok(value)
        }
    }

    /// sops' check: `projects/…/locations/…/keyRings/…/cryptoKeys/…`.
    fn valid_resource_id(id: &str) -> bool {
        let parts: Vec<&str> = id.split('/').collect();
        parts.len() == 8
            && ["projects", "locations", "keyRings", "cryptoKeys"]
                .iter()
                .enumerate()
                .all(|(i, name)| parts[2 * i] == *name && !parts[2 * i + 1].is_empty())
    }

    /// The API's base URL: `SOPS_GCP_KMS_ENDPOINT` (sops 3.13; `host:port`
    /// as sops takes it, or a URL), else `cloudkms.<SOPS_GCP_KMS_UNIVERSE_DOMAIN>`,
    /// else Google's.
    fn endpoint() -> Result<String, GcpError> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let Some(endpoint) = var("SOPS_GCP_KMS_ENDPOINT") else {
            let domain =
                var("SOPS_GCP_KMS_UNIVERSE_DOMAIN").unwrap_or_else(|| "googleapis.com".into());
            return Ok(format!("https://cloudkms.{}", domain.trim()));
        };
        let endpoint = endpoint.trim().trim_end_matches('/');
        if let Some(rest) = endpoint.strip_prefix("http://") {
            let host = rest.split(['/', ':']).next().unwrap_or("");
            if !matches!(host, "127.0.0.1" | "localhost" | "[::1]") {
                return Err(GcpError::PlainHttp(endpoint.to_owned()));
            }
            return Ok(endpoint.to_owned());
        }
        if endpoint.starts_with("https://") {
            return Ok(endpoint.to_owned());
        }
        Ok(format!("https://{}", endpoint.trim_end_matches(":443")))
    }

    /// [`access_token`], for another Google API (`publish` to GCS) and
    /// its `scope`: a service account's token carries only the scope it is
    /// asked for (gcloud's and the metadata server's carry cloud-platform).
    pub(crate) fn oauth_token(
        scope: &str,
    ) -> Result<Zeroizing<String>, impl std::error::Error + Send + Sync + 'static> {
        access_token(scope)
    }

    /// An OAuth access token, found as sops finds credentials:
    /// `GOOGLE_CREDENTIALS` (a file or the JSON itself), else
    /// `GOOGLE_OAUTH_ACCESS_TOKEN`, else Application Default Credentials
    /// (`GOOGLE_APPLICATION_CREDENTIALS`, gcloud's file, the metadata server).
    fn access_token(scope: &str) -> Result<Zeroizing<String>, GcpError> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        if let Some(given) = var("GOOGLE_CREDENTIALS") {
            let text = if given.trim_start().starts_with('{') {
                Zeroizing::new(given)
            } else {
                Zeroizing::new(std::fs::read_to_string(&given).map_err(|e| {
                    GcpError::Credentials {
                        source_name: format!("GOOGLE_CREDENTIALS file {given}"),
                        reason: e.to_string(),
                    }
                })?)
            };
            return token_from_json(&text, "GOOGLE_CREDENTIALS", scope);
        }
        if let Some(token) = var("GOOGLE_OAUTH_ACCESS_TOKEN") {
            return Ok(Zeroizing::new(token.trim().to_owned()));
        }
        let adc_file = var("GOOGLE_APPLICATION_CREDENTIALS")
            .map(std::path::PathBuf::from)
            .or_else(|| {
                let config = var("CLOUDSDK_CONFIG")
                    .map(std::path::PathBuf::from)
                    .or_else(|| {
                        var("HOME").map(|h| std::path::Path::new(&h).join(".config/gcloud"))
                    })?;
                let file = config.join("application_default_credentials.json");
                file.is_file().then_some(file)
            });
        if let Some(file) = adc_file {
            let name = format!("file {}", file.display());
            let text = Zeroizing::new(std::fs::read_to_string(&file).map_err(|e| {
                GcpError::Credentials {
                    source_name: name.clone(),
                    reason: e.to_string(),
                }
            })?);
            return token_from_json(&text, &name, scope);
        }
        metadata_token()
    }

    /// A token from a credentials JSON: a service account (a signed JWT
    /// exchanged at its `token_uri`) or gcloud's authorized user (its
    /// refresh token exchanged).
    fn token_from_json(
        text: &str,
        source_name: &str,
        scope: &str,
    ) -> Result<Zeroizing<String>, GcpError> {
        let bad = |reason: String| GcpError::Credentials {
            source_name: source_name.to_owned(),
            reason,
        };
        let creds: Value =
            serde_json::from_str(text).map_err(|e| bad(format!("not JSON ({e})")))?;
        let field = |name: &str| {
            creds
                .get(name)
                .and_then(Value::as_str)
                .ok_or_else(|| bad(format!("no {name:?}")))
        };
        match field("type")? {
            "service_account" => {
                let token_uri = creds
                    .get("token_uri")
                    .and_then(Value::as_str)
                    .unwrap_or("https://oauth2.googleapis.com/token");
                let assertion = service_account_jwt(
                    field("client_email")?,
                    field("private_key")?,
                    creds.get("private_key_id").and_then(Value::as_str),
                    token_uri,
                    scope,
                )
                .map_err(|e| bad(format!("private_key is not a PKCS#8 RSA key ({e})")))?;
                Ok(oauth::exchange(
                    token_uri,
                    &[
                        ("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"),
                        ("assertion", &assertion),
                    ],
                )?)
            }
            "authorized_user" => Ok(oauth::exchange(
                "https://oauth2.googleapis.com/token",
                &[
                    ("grant_type", "refresh_token"),
                    ("client_id", field("client_id")?),
                    ("client_secret", field("client_secret")?),
                    ("refresh_token", field("refresh_token")?),
                ],
            )?),
            other => Err(bad(format!("credential type {other:?} is not supported; use a service account key or gcloud's application default credentials"))),
        }
    }

    /// A JWT for Google's OAuth token endpoint (RFC 7523), signed RS256
    /// with the service account's key.
    fn service_account_jwt(
        email: &str,
        private_key_pem: &str,
        key_id: Option<&str>,
        audience: &str,
        scope: &str,
    ) -> Result<Zeroizing<String>, rsa::pkcs8::Error> {
        use rsa::pkcs8::DecodePrivateKey;

        let key = rsa::RsaPrivateKey::from_pkcs8_pem(private_key_pem)?;
        let now = oauth::now();
        let kid: Vec<(&str, Value)> = key_id
            .map(|kid| ("kid", Value::String(kid.to_owned())))
            .into_iter()
            .collect();
        let claims = json!({
            "iss": email,
            "scope": scope,
            "aud": audience,
            "iat": now,
            "exp": now + 3600,
        });
        Ok(oauth::sign_jwt(key, Alg::Rs256, &kid, &claims))
    }

    /// The metadata server's token for the instance's service account
    /// (Compute Engine, GKE, Cloud Run). `GCE_METADATA_HOST` moves it.
    fn metadata_token() -> Result<Zeroizing<String>, GcpError> {
        let host = std::env::var("GCE_METADATA_HOST").unwrap_or_else(|_| "169.254.169.254".into());
        let url =
            format!("http://{host}/computeMetadata/v1/instance/service-accounts/default/token");
        let reply = http::send_quick(&Request {
            url: &url,
            headers: &[("Metadata-Flavor", "Google".to_owned())],
            body: Body::Get,
        })
        .map_err(|_| GcpError::NoCredentials)?;
        Ok(oauth::access_token(&url, reply)?)
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn resource_ids_as_sops_checks_them() {
            assert!(valid_resource_id(
                "projects/p/locations/global/keyRings/r/cryptoKeys/k"
            ));
            for bad in [
                "projects/p/locations/global/keyRings/r/cryptoKeys/",
                "projects/p/locations/global/keyRings/r",
                "projects/p/locations/global/keyRings/r/cryptoKeys/k/cryptoKeyVersions/1",
                "project/p/locations/global/keyRings/r/cryptoKeys/k",
            ] {
                assert!(!valid_resource_id(bad), "{bad}");
            }
        }
    }
}
