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

#[cfg(feature = "azure-kv")]
mod key_vault {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine as _;
    use serde_json::{json, Value};
    use zeroize::Zeroizing;

    use super::AzureKvKey;
    use crate::keys::http::{self, Body, HttpError, Request};
    use crate::keys::oauth;
    use crate::keys::KeyError;

    /// The Key Vault REST API version sops' SDK speaks.
    const API_VERSION: &str = "7.6";

    /// Why a Key Vault call failed; the text says what to do.
    #[derive(Debug, thiserror::Error)]
    enum AzureError {
        #[error("Azure Key Vault: {0}")]
        Http(#[from] HttpError),
        #[error("Azure Key Vault: {0}")]
        Challenge(String),
        #[error("Azure Key Vault: no credentials: set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (or AZURE_CLIENT_CERTIFICATE_PATH, or AZURE_FEDERATED_TOKEN_FILE), use a managed identity, or run `az login`")]
        NoCredentials,
        #[error("Azure Key Vault: {0}")]
        Credentials(String),
        #[error("Azure Key Vault: the answer's value is not base64url")]
        Base64,
        #[error("Azure Key Vault: {0}")]
        Certificate(#[from] certificate::CertificateError),
    }

    impl AzureKvKey {
        pub fn wrap(&mut self, secret: &[u8]) -> Result<(), KeyError> {
            let fail = |key: &AzureKvKey, e: AzureError| KeyError::Wrap {
                key: key.url(),
                reason: e.to_string(),
            };
            let token = self.token().map_err(|e| fail(self, e))?;
            if self.version.is_empty() {
                // sops pins the key's current version when it makes the key.
                self.version = self.current_version(&token).map_err(|e| fail(self, e))?;
            }
            let value = self
                .call("encrypt", &token, secret)
                .map_err(|e| fail(self, e))?;
            self.enc = URL_SAFE_NO_PAD.encode(value);
            Ok(())
        }

        pub fn unwrap(&self) -> Result<Zeroizing<Vec<u8>>, KeyError> {
            let fail = |e: AzureError| KeyError::Unwrap {
                key: self.url(),
                reason: e.to_string(),
            };
            let ciphertext = URL_SAFE_NO_PAD
                .decode(self.enc.trim().trim_end_matches('='))
                .map_err(|_| fail(AzureError::Base64))?;
            let token = self.token().map_err(fail)?;
            self.call("decrypt", &token, &ciphertext).map_err(fail)
        }

        /// `POST <vault>/keys/<name>/<version>/<op>` with RSA-OAEP-256;
        /// returns the answer's value, decoded.
        fn call(
            &self,
            op: &str,
            token: &str,
            value: &[u8],
        ) -> Result<Zeroizing<Vec<u8>>, AzureError> {
            let url = format!(
                "{}/keys/{}/{}/{op}?api-version={API_VERSION}",
                self.vault_url, self.name, self.version
            );
            let body = json!({ "alg": "RSA-OAEP-256", "value": URL_SAFE_NO_PAD.encode(value) });
            let answer = http::send_ok(&Request {
                url: &url,
                headers: &[("Authorization", format!("Bearer {token}"))],
                body: Body::PostJson(&body),
            })?;
            let value = http::string_at(&url, &answer, "/value")?;
            URL_SAFE_NO_PAD
                .decode(value.trim_end_matches('='))
                .map(Zeroizing::new)
                .map_err(|_| AzureError::Base64)
        }

        /// The key's current version: the last segment of its `kid`.
        fn current_version(&self, token: &str) -> Result<String, AzureError> {
            let url = format!(
                "{}/keys/{}?api-version={API_VERSION}",
                self.vault_url, self.name
            );
            let answer = http::send_ok(&Request {
                url: &url,
                headers: &[("Authorization", format!("Bearer {token}"))],
                body: Body::Get,
            })?;
            let kid = http::string_at(&url, &answer, "/key/kid")?;
            Ok(kid.rsplit('/').next().unwrap_or_default().to_owned())
        }

        /// A token for this vault. As Azure's SDK does, an unauthenticated
        /// request first gets the vault's 401 challenge, which names the
        /// tenant and the resource to ask a token for; the resource must be
        /// the vault's own domain, so a vault named in a file cannot obtain
        /// a token for another service.
        fn token(&self) -> Result<Zeroizing<String>, AzureError> {
            let url = format!(
                "{}/keys/{}?api-version={API_VERSION}",
                self.vault_url, self.name
            );
            let reply = http::send(&Request {
                url: &url,
                headers: &[],
                body: Body::Get,
            })?;
            let challenge = match (reply.status, reply.authenticate) {
                (401, Some(c)) => c,
                (status, _) => {
                    return Err(AzureError::Challenge(format!(
                    "{url} answered HTTP {status} without a bearer challenge; is it a Key Vault?"
                )))
                }
            };
            let (tenant, resource) = parse_challenge(&challenge).ok_or_else(|| {
                AzureError::Challenge(format!("cannot read the bearer challenge {challenge:?}"))
            })?;
            let vault_host = host_of(&self.vault_url);
            let resource_host = host_of(&resource);
            if !(vault_host == resource_host || vault_host.ends_with(&format!(".{resource_host}")))
            {
                return Err(AzureError::Challenge(format!(
                    "the vault asks for a token for {resource}, which is not its own domain"
                )));
            }
            let scope = format!("{}/.default", resource.trim_end_matches('/'));
            credentials::token(&tenant, &resource, &scope)
        }
    }

    /// `Bearer authorization="https://login…/<tenant>", resource="…"` (or
    /// `scope="…/.default"`): the tenant and the resource.
    fn parse_challenge(challenge: &str) -> Option<(String, String)> {
        let rest = challenge.trim().strip_prefix("Bearer")?;
        let mut authorization = None;
        let mut resource = None;
        for part in rest.split(',') {
            let (k, v) = part.trim().split_once('=')?;
            let v = v.trim().trim_matches('"').to_owned();
            match k.trim() {
                "authorization" | "authorization_uri" => authorization = Some(v),
                "resource" => resource = Some(v),
                "scope" if resource.is_none() => {
                    resource = Some(v.trim_end_matches("/.default").to_owned())
                }
                _ => {}
            }
        }
        let tenant = authorization?
            .trim_end_matches('/')
            .rsplit('/')
            .next()?
            .to_owned();
        Some((tenant, resource?))
    }

    fn host_of(url: &str) -> String {
        let rest = url.split_once("://").map_or(url, |(_, r)| r);
        rest.split(['/', ':'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase()
    }

    /// Azure's default credential chain, in its order: environment (client
    /// secret, else client certificate), workload identity, managed
    /// identity, Azure CLI.
    mod credentials {
        use super::*;

        fn var(name: &str) -> Option<String> {
            std::env::var(name).ok().filter(|v| !v.trim().is_empty())
        }

        pub fn token(
            challenge_tenant: &str,
            resource: &str,
            scope: &str,
        ) -> Result<Zeroizing<String>, AzureError> {
            let tenant = var("AZURE_TENANT_ID").unwrap_or_else(|| challenge_tenant.to_owned());
            let authority = var("AZURE_AUTHORITY_HOST")
                .unwrap_or_else(|| "https://login.microsoftonline.com".into());
            let token_url = format!(
                "{}/{tenant}/oauth2/v2.0/token",
                authority.trim_end_matches('/')
            );
            if let (Some(client), Some(secret)) =
                (var("AZURE_CLIENT_ID"), var("AZURE_CLIENT_SECRET"))
            {
                let secret = Zeroizing::new(secret);
                return Ok(oauth::exchange(
                    &token_url,
                    &[
                        ("grant_type", "client_credentials"),
                        ("client_id", &client),
                        ("client_secret", &secret),
                        ("scope", scope),
                    ],
                )?);
            }
            if let (Some(client), Some(path)) =
                (var("AZURE_CLIENT_ID"), var("AZURE_CLIENT_CERTIFICATE_PATH"))
            {
                let send_chain = var("AZURE_CLIENT_SEND_CERTIFICATE_CHAIN")
                    .is_some_and(|v| v == "1" || v.eq_ignore_ascii_case("true"));
                let assertion = certificate::Certificate::load(&path)?
                    .assertion(&client, &token_url, send_chain);
                return client_assertion(&token_url, &client, &assertion, scope);
            }
            if let (Some(client), Some(file)) =
                (var("AZURE_CLIENT_ID"), var("AZURE_FEDERATED_TOKEN_FILE"))
            {
                let assertion = Zeroizing::new(std::fs::read_to_string(&file).map_err(|e| {
                    AzureError::Credentials(format!("AZURE_FEDERATED_TOKEN_FILE {file}: {e}"))
                })?);
                return client_assertion(&token_url, &client, assertion.trim(), scope);
            }
            if let Some(token) = managed_identity(resource)? {
                return Ok(token);
            }
            azure_cli(resource)
        }

        /// The client-credentials grant with a JWT that proves who the
        /// client is (signed with its certificate, or federated).
        fn client_assertion(
            url: &str,
            client: &str,
            assertion: &str,
            scope: &str,
        ) -> Result<Zeroizing<String>, AzureError> {
            Ok(oauth::exchange(
                url,
                &[
                    ("grant_type", "client_credentials"),
                    ("client_id", client),
                    (
                        "client_assertion_type",
                        "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                    ),
                    ("client_assertion", assertion),
                    ("scope", scope),
                ],
            )?)
        }

        /// App Service / Functions (`IDENTITY_ENDPOINT`), else the VM's
        /// instance metadata service, asked with a short wait because on a
        /// machine outside Azure nothing answers there.
        fn managed_identity(resource: &str) -> Result<Option<Zeroizing<String>>, AzureError> {
            let client = var("AZURE_CLIENT_ID");
            let client_q = client
                .as_deref()
                .map(|c| format!("&client_id={c}"))
                .unwrap_or_default();
            let (url, headers, quick) = match (var("IDENTITY_ENDPOINT"), var("IDENTITY_HEADER")) {
                (Some(endpoint), Some(header)) => (
                    format!("{endpoint}?api-version=2019-08-01&resource={resource}{client_q}"),
                    vec![("X-IDENTITY-HEADER", header)],
                    false,
                ),
                _ => (
                    format!("http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource={resource}{client_q}"),
                    vec![("Metadata", "true".to_owned())],
                    true,
                ),
            };
            let req = Request {
                url: &url,
                headers: &headers,
                body: Body::Get,
            };
            let reply = if quick {
                http::send_quick(&req)
            } else {
                http::send(&req)
            };
            let Ok(reply) = reply else {
                return if quick {
                    Ok(None)
                } else {
                    Err(reply
                        .err()
                        .map_or(AzureError::NoCredentials, AzureError::Http))
                };
            };
            Ok(Some(oauth::access_token(&url, reply)?))
        }

        /// `az account get-access-token`, as the SDK's CLI credential runs it.
        fn azure_cli(resource: &str) -> Result<Zeroizing<String>, AzureError> {
            let out = std::process::Command::new("az")
                .args([
                    "account",
                    "get-access-token",
                    "--output",
                    "json",
                    "--resource",
                    resource,
                ])
                .stdin(std::process::Stdio::null())
                .output()
                .map_err(|_| AzureError::NoCredentials)?;
            if !out.status.success() {
                return Err(AzureError::Credentials(format!(
                    "`az account get-access-token` failed: {}",
                    String::from_utf8_lossy(&out.stderr).trim()
                )));
            }
            let stdout = Zeroizing::new(out.stdout);
            let answer: Value = serde_json::from_slice(&stdout).map_err(|_| {
                AzureError::Credentials("`az account get-access-token` printed no JSON".into())
            })?;
            answer
                .get("accessToken")
                .and_then(Value::as_str)
                .map(|t| Zeroizing::new(t.to_owned()))
                .ok_or_else(|| {
                    AzureError::Credentials(
                        "`az account get-access-token` printed no accessToken".into(),
                    )
                })
        }
    }

    /// Client certificate credentials (`AZURE_CLIENT_CERTIFICATE_PATH`): a
    /// PEM file with the certificate (and any chain) and its unencrypted RSA
    /// key, PKCS#8 or PKCS#1, read as Azure's SDK reads it. The token request
    /// carries a JWT signed with the key, as Azure's SDK (MSAL for Go) signs
    /// it for Microsoft Entra ID: PS256, the certificate named by its SHA-256
    /// thumbprint (`x5t#S256`), and the certificates themselves (`x5c`) when
    /// AZURE_CLIENT_SEND_CERTIFICATE_CHAIN asks for them.
    mod certificate {
        use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
        use base64::Engine as _;
        use rsa::pkcs1::DecodeRsaPrivateKey as _;
        use rsa::pkcs8::der::{self, pem, Reader as _};
        use rsa::pkcs8::{DecodePrivateKey as _, DecodePublicKey as _};
        use rsa::{RsaPrivateKey, RsaPublicKey};
        use serde_json::{json, Value};
        use sha2::{Digest as _, Sha256};
        use zeroize::Zeroizing;

        use crate::keys::oauth::{self, Alg};

        /// Why a certificate file cannot be used. Never holds key bytes.
        #[derive(Debug, thiserror::Error)]
        #[error("AZURE_CLIENT_CERTIFICATE_PATH {path}: {reason}")]
        pub struct CertificateError {
            path: String,
            reason: String,
        }

        /// The key and the certificates of a credentials file.
        pub struct Certificate {
            key: RsaPrivateKey,
            /// DER certificates, the one whose public key is `key`'s first
            /// (as `x5c` wants them), then the others in file order.
            chain: Vec<Vec<u8>>,
        }

        impl Certificate {
            pub fn load(path: &str) -> Result<Certificate, CertificateError> {
                let bad = |reason: String| CertificateError {
                    path: path.to_owned(),
                    reason,
                };
                let bytes = Zeroizing::new(std::fs::read(path).map_err(|e| bad(e.to_string()))?);
                let text = std::str::from_utf8(&bytes)
                    .ok()
                    .filter(|t| t.contains("-----BEGIN "))
                    .ok_or_else(|| {
                        bad("not a PEM file; rsops reads PEM only, so convert a PKCS#12 (.pfx, .p12) file with `openssl pkcs12 -in FILE -out cert.pem -nodes` and keep cert.pem as private as the .pfx".into())
                    })?;
                let mut key = None;
                let mut certs = Vec::new();
                for block in blocks(text).map_err(bad)? {
                    if block.contains("Proc-Type:") {
                        return Err(bad(encrypted()));
                    }
                    let (label, body) = pem::decode_vec(block.as_bytes())
                        .map_err(|e| bad(format!("a PEM block cannot be read ({e})")))?;
                    let body = Zeroizing::new(body);
                    let parsed = match label {
                        "CERTIFICATE" => {
                            certs.push(body.to_vec());
                            continue;
                        }
                        "PRIVATE KEY" => RsaPrivateKey::from_pkcs8_der(&body)
                            .or_else(|_| RsaPrivateKey::from_pkcs1_der(&body).map_err(|_| ()))
                            .map_err(|_| "its PRIVATE KEY is not an RSA key; Azure certificate credentials need RSA"),
                        "RSA PRIVATE KEY" => RsaPrivateKey::from_pkcs1_der(&body)
                            .map_err(|_| "its RSA PRIVATE KEY block is not a PKCS#1 RSA key"),
                        "ENCRYPTED PRIVATE KEY" => return Err(bad(encrypted())),
                        _ => continue,
                    };
                    if key.is_some() {
                        return Err(bad(
                            "it holds more than one private key; keep only the certificate's"
                                .into(),
                        ));
                    }
                    key = Some(parsed.map_err(|e| bad(e.into()))?);
                }
                let key = key.ok_or_else(|| {
                    bad("it holds no private key (a PRIVATE KEY or RSA PRIVATE KEY block); the file must hold the certificate and its key".into())
                })?;
                if certs.is_empty() {
                    return Err(bad("it holds no CERTIFICATE block; the file must hold the certificate and its key".into()));
                }
                let public = key.to_public_key();
                let mut signing = None;
                for (i, cert) in certs.iter().enumerate() {
                    let spki = subject_public_key_info(cert).map_err(|e| {
                        bad(format!(
                            "CERTIFICATE block {} is not an X.509 certificate ({e})",
                            i + 1
                        ))
                    })?;
                    // A certificate with another kind of key is part of the
                    // chain, not the signing one.
                    if RsaPublicKey::from_public_key_der(spki).is_ok_and(|k| k == public) {
                        signing = Some(i);
                        break;
                    }
                }
                let signing = signing.ok_or_else(|| {
                    bad("none of its certificates is for its private key; put the key's own certificate in the file".into())
                })?;
                let first = certs.remove(signing);
                certs.insert(0, first);
                Ok(Certificate { key, chain: certs })
            }

            /// The client assertion for `token_url` (its audience).
            pub fn assertion(
                self,
                client_id: &str,
                token_url: &str,
                send_chain: bool,
            ) -> Zeroizing<String> {
                let thumbprint = URL_SAFE_NO_PAD.encode(Sha256::digest(&self.chain[0]));
                let mut header = vec![("x5t#S256", Value::String(thumbprint))];
                if send_chain {
                    let x5c = self.chain.iter().map(|c| Value::String(STANDARD.encode(c)));
                    header.push(("x5c", Value::Array(x5c.collect())));
                }
                let now = oauth::now();
                let claims = json!({
                    "aud": token_url,
                    "exp": now + 600,
                    "iss": client_id,
                    "jti": jti(),
                    "nbf": now,
                    "sub": client_id,
                });
                oauth::sign_jwt(self.key, Alg::Ps256, &header, &claims)
            }
        }

        fn encrypted() -> String {
            "its private key is encrypted, which rsops cannot open (Azure's SDK cannot either); write it unencrypted with `openssl pkey -in FILE -out key.pem`, put it beside the certificate and keep the file private".into()
        }

        /// The `-----BEGIN …-----` to `-----END …-----` blocks of a PEM file;
        /// text around them (such as openssl's "Bag Attributes") is skipped.
        fn blocks(text: &str) -> Result<Vec<&str>, String> {
            let mut found = Vec::new();
            let mut rest = text;
            while let Some(start) = rest.find("-----BEGIN ") {
                let block = &rest[start..];
                let end = block
                    .find("-----END ")
                    .and_then(|e| block[e + 9..].find("-----").map(|c| e + 9 + c + 5))
                    .ok_or("a PEM block has no -----END line")?;
                found.push(&block[..end]);
                rest = &block[end..];
            }
            Ok(found)
        }

        /// A certificate's SubjectPublicKeyInfo (RFC 5280 §4.1): the
        /// seventh field of tbsCertificate when the version is present.
        fn subject_public_key_info(cert: &[u8]) -> der::Result<&[u8]> {
            let version = der::Tag::ContextSpecific {
                constructed: true,
                number: der::TagNumber::N0,
            };
            let mut reader = der::SliceReader::new(cert)?;
            reader.sequence(|certificate| {
                let spki = certificate.sequence(|tbs| {
                    if tbs.peek_tag()? == version {
                        tbs.tlv_bytes()?;
                    }
                    // serialNumber, signature, issuer, validity, subject
                    for _ in 0..5 {
                        tbs.tlv_bytes()?;
                    }
                    let spki = tbs.tlv_bytes()?;
                    while !tbs.is_finished() {
                        tbs.tlv_bytes()?;
                    }
                    Ok(spki)
                })?;
                while !certificate.is_finished() {
                    certificate.tlv_bytes()?;
                }
                Ok(spki)
            })
        }

        /// A random (version 4) UUID: the assertion's unique `jti`.
        fn jti() -> String {
            use rsa::rand_core::RngCore as _;
            use std::fmt::Write as _;
            let mut b = [0u8; 16];
            // The same source as the PS256 salt.
            rsa::rand_core::OsRng.fill_bytes(&mut b);
            b[6] = (b[6] & 0x0f) | 0x40;
            b[8] = (b[8] & 0x3f) | 0x80;
            let hex = b.iter().fold(String::new(), |mut hex, x| {
                let _ = write!(hex, "{x:02x}");
                hex
            });
            format!(
                "{}-{}-{}-{}-{}",
                &hex[..8],
                &hex[8..12],
                &hex[12..16],
                &hex[16..20],
                &hex[20..]
            )
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn challenges_as_key_vault_sends_them() {
            assert_eq!(
                parse_challenge(
                    r#"Bearer authorization="https://login.microsoftonline.com/72f988bf", resource="https://vault.azure.net""#
                ),
                Some(("72f988bf".into(), "https://vault.azure.net".into()))
            );
            assert_eq!(
                parse_challenge(
                    r#"Bearer authorization="https://login.example/t1/", scope="https://vault.azure.net/.default""#
                ),
                Some(("t1".into(), "https://vault.azure.net".into()))
            );
            assert_eq!(parse_challenge("Basic realm=x"), None);
            assert_eq!(
                host_of("https://kv.vault.azure.net:443/keys"),
                "kv.vault.azure.net"
            );
        }
    }
}
