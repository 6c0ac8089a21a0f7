//! AWS KMS master keys (metadata only in this build).

use std::collections::BTreeMap;

use super::{created_at, now_rfc3339, optional, required, MetadataError};
use crate::tree::{Item, Map, Value};

/// A KMS key ARN, its optional role, encryption context and profile, and the
/// data key encrypted with it.
#[derive(Clone, Debug, PartialEq)]
pub struct KmsKey {
    pub arn: String,
    pub role: String,
    /// Encryption context, sorted by key as sops writes it.
    pub context: Vec<(String, String)>,
    pub created_at: String,
    pub enc: String,
    pub aws_profile: String,
}

impl KmsKey {
    /// A key from sops' `ARN[+roleARN]` form (spaces removed), with the
    /// encryption context and AWS profile to use with it.
    pub fn from_spec(spec: &str, context: BTreeMap<String, String>, profile: &str) -> Self {
        let spec = spec.replace(' ', "");
        let (arn, role) = match spec.find("+arn:aws") {
            Some(i) => (spec[..i].to_owned(), spec[i + 1..].to_owned()),
            None => (spec, String::new()),
        };
        KmsKey {
            arn,
            role,
            context: context.into_iter().collect(),
            created_at: now_rfc3339(),
            enc: String::new(),
            aws_profile: profile.to_owned(),
        }
    }

    pub fn from_metadata(map: &Map) -> Result<Self, MetadataError> {
        let mut context = Vec::new();
        match map.get("context") {
            Some(Value::Map(ctx)) => {
                for item in &ctx.0 {
                    if let Item::Entry(k, v) = item {
                        let Value::Str(v) = v else {
                            return Err(MetadataError::Invalid(format!(
                                "kms context value for {k:?} must be a string"
                            )));
                        };
                        context.push((k.clone(), v.clone()));
                    }
                }
            }
            None | Some(Value::Null) => {}
            Some(_) => {
                return Err(MetadataError::Invalid(
                    "kms context must be a mapping".into(),
                ))
            }
        }
        context.sort();
        Ok(KmsKey {
            arn: required(map, "kms", "arn")?,
            role: optional(map, "role"),
            context,
            created_at: created_at(map)?,
            enc: optional(map, "enc"),
            aws_profile: optional(map, "aws_profile"),
        })
    }

    pub fn to_metadata(&self) -> Map {
        let mut m = Map::default();
        m.push("arn", Value::Str(self.arn.clone()));
        if !self.role.is_empty() {
            m.push("role", Value::Str(self.role.clone()));
        }
        if !self.context.is_empty() {
            let mut ctx = Map::default();
            for (k, v) in &self.context {
                ctx.push(k.clone(), Value::Str(v.clone()));
            }
            m.push("context", Value::Map(ctx));
        }
        m.push("created_at", Value::Str(self.created_at.clone()));
        m.push("enc", Value::Str(self.enc.clone()));
        m.push("aws_profile", Value::Str(self.aws_profile.clone()));
        m
    }

    /// sops' string form: `arn[+role][|k:v,…][|profile]`.
    pub fn identifier(&self) -> String {
        let mut s = self.arn.clone();
        if !self.role.is_empty() {
            s.push('+');
            s.push_str(&self.role);
        }
        if !self.context.is_empty() || !self.aws_profile.is_empty() {
            s.push('|');
            let pairs: Vec<String> = self
                .context
                .iter()
                .map(|(k, v)| format!("{k}:{v}"))
                .collect();
            s.push_str(&pairs.join(","));
        }
        if !self.aws_profile.is_empty() {
            s.push('|');
            s.push_str(&self.aws_profile);
        }
        s
    }
}

#[cfg(feature = "aws-kms")]
pub(crate) use aws::{chain as sdk_error_chain, https_client};

#[cfg(feature = "aws-kms")]
mod aws {
    use std::collections::HashMap;

    use aws_config::sts::AssumeRoleProvider;
    use aws_config::{BehaviorVersion, Region, SdkConfig};
    use aws_sdk_kms::config::SharedCredentialsProvider;
    use aws_sdk_kms::primitives::Blob;
    use aws_smithy_http_client::tls;
    use base64::engine::general_purpose::STANDARD;
    use base64::Engine as _;
    use zeroize::Zeroizing;

    use super::KmsKey;
    use crate::keys::KeyError;

    /// Why a KMS call failed; the SDK's error chain carries AWS's own code
    /// and message (never the credentials).
    #[derive(Debug, thiserror::Error)]
    enum AwsError {
        #[error("AWS KMS: {0:?} is not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id> or alias/<name>)")]
        Arn(String),
        #[error("AWS KMS: cannot start the async runtime: {0}")]
        Runtime(std::io::Error),
        #[error("AWS KMS: {0}")]
        Service(String),
        #[error("AWS KMS: the answer has no {0}")]
        Answer(&'static str),
        #[error("AWS KMS: enc is not base64 ({0})")]
        Enc(base64::DecodeError),
    }

    impl KmsKey {
        pub fn wrap(&mut self, secret: &[u8]) -> Result<(), KeyError> {
            let blob = self.run(|client, key| async move {
                let out = client
                    .encrypt()
                    .key_id(&key.arn)
                    .plaintext(Blob::new(secret))
                    .set_encryption_context(key.context_map())
                    .send()
                    .await
                    .map_err(|e| AwsError::Service(chain(&e)))?;
                out.ciphertext_blob
                    .map(Blob::into_inner)
                    .ok_or(AwsError::Answer("CiphertextBlob"))
            });
            self.enc = STANDARD.encode(blob.map_err(|e| KeyError::Wrap {
                key: self.identifier(),
                reason: e.to_string(),
            })?);
            Ok(())
        }

        pub fn unwrap(&self) -> Result<Zeroizing<Vec<u8>>, KeyError> {
            let fail = |e: AwsError| KeyError::Unwrap {
                key: self.identifier(),
                reason: e.to_string(),
            };
            let blob = STANDARD
                .decode(self.enc.trim())
                .map_err(|e| fail(AwsError::Enc(e)))?;
            self.run(|client, key| async move {
                let out = client
                    .decrypt()
                    .key_id(&key.arn)
                    .ciphertext_blob(Blob::new(blob))
                    .set_encryption_context(key.context_map())
                    .send()
                    .await
                    .map_err(|e| AwsError::Service(chain(&e)))?;
                out.plaintext
                    .map(|p| Zeroizing::new(p.into_inner()))
                    .ok_or(AwsError::Answer("Plaintext"))
            })
            .map_err(fail)
        }

        fn context_map(&self) -> Option<HashMap<String, String>> {
            (!self.context.is_empty()).then(|| self.context.iter().cloned().collect())
        }

        /// Runs one KMS call on a client for this key, on a runtime made
        /// for it: the rest of rsops is synchronous, and a call per key is
        /// rare enough that a shared runtime would gain nothing.
        fn run<'a, T, F, Fut>(&'a self, call: F) -> Result<T, AwsError>
        where
            F: FnOnce(aws_sdk_kms::Client, &'a KmsKey) -> Fut,
            Fut: std::future::Future<Output = Result<T, AwsError>>,
        {
            let region = region(&self.arn).ok_or_else(|| AwsError::Arn(self.arn.clone()))?;
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(AwsError::Runtime)?;
            runtime.block_on(async {
                let config = self.config(region).await;
                call(aws_sdk_kms::Client::new(&config), self).await
            })
        }

        /// The SDK's configuration as sops sets it up: the standard chain
        /// (environment, shared files, SSO, web identity, containers,
        /// instance metadata), the key's profile if it names one, the
        /// region of the ARN, and the key's role assumed on top.
        async fn config(&self, region: String) -> SdkConfig {
            let mut loader = aws_config::defaults(BehaviorVersion::latest())
                .region(Region::new(region))
                .http_client(https_client());
            if !self.aws_profile.is_empty() {
                loader = loader.profile_name(&self.aws_profile);
            }
            let config = loader.load().await;
            if self.role.is_empty() {
                return config;
            }
            let role = AssumeRoleProvider::builder(&self.role)
                .session_name(session_name())
                .configure(&config)
                .build()
                .await;
            config
                .into_builder()
                .credentials_provider(SharedCredentialsProvider::new(role))
                .build()
        }
    }

    /// The SDK's HTTPS client on the rustls and ring stack the rest of
    /// rsops uses (`publish` to S3 shares it).
    pub(crate) fn https_client() -> aws_sdk_kms::config::SharedHttpClient {
        aws_smithy_http_client::Builder::new()
            .tls_provider(tls::Provider::Rustls(
                tls::rustls_provider::CryptoMode::Ring,
            ))
            .build_https()
    }

    /// An SDK error and its sources on one line, each said once: the SDK's
    /// own top level ("service error", "dispatch failure") says little, and
    /// AWS's code and message are in a source. The debug form would dump
    /// whole responses.
    pub(crate) fn chain(e: &dyn std::error::Error) -> String {
        let mut parts: Vec<String> = Vec::new();
        let mut next = Some(e);
        while let Some(err) = next {
            let text = err.to_string();
            if !parts.iter().any(|p| p.contains(&text)) {
                parts.push(text);
            }
            next = err.source();
        }
        parts.join(": ")
    }

    /// The region of a KMS key ARN (`arn:<partition>:kms:<region>:…`).
    fn region(arn: &str) -> Option<String> {
        let mut parts = arn.splitn(6, ':');
        let (Some("arn"), Some(partition), Some("kms"), Some(region), Some(account), Some(rest)) = (
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
        ) else {
            return None;
        };
        let ok = partition.starts_with("aws")
            && !region.is_empty()
            && !account.is_empty()
            && account.bytes().all(|b| b.is_ascii_digit())
            && (rest.starts_with("key/") || rest.starts_with("alias/"));
        ok.then(|| region.to_owned())
    }

    /// sops' role session name: `sops@<host name>`, keeping only the
    /// characters STS accepts, at most 64 of them.
    fn session_name() -> String {
        let host: String = hostname()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || "=,.@-_".contains(*c))
            .collect();
        format!("sops@{host}").chars().take(64).collect()
    }

    #[cfg(unix)]
    #[allow(unsafe_code)]
    fn hostname() -> String {
        let mut buf = [0u8; 256];
        // SAFETY: the buffer is valid for its length; gethostname writes at
        // most that many bytes.
        let rc = unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) };
        if rc != 0 {
            return String::new();
        }
        let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
        String::from_utf8_lossy(&buf[..end]).into_owned()
    }

    #[cfg(not(unix))]
    fn hostname() -> String {
        std::env::var("COMPUTERNAME").unwrap_or_default()
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn region_comes_from_the_arn_in_any_partition() {
            for (arn, want) in [
                (
                    "arn:aws:kms:us-east-1:123456789012:key/abc",
                    Some("us-east-1"),
                ),
                (
                    "arn:aws-cn:kms:cn-north-1:123456789012:alias/x",
                    Some("cn-north-1"),
                ),
                (
                    "arn:aws-us-gov:kms:us-gov-west-1:1:key/k",
                    Some("us-gov-west-1"),
                ),
                ("arn:aws:kms:us-east-1:acct:key/abc", None),
                ("arn:aws:s3:us-east-1:1:key/abc", None),
                ("arn:aws:kms:us-east-1:1:role/abc", None),
                ("alias/x", None),
            ] {
                assert_eq!(region(arn).as_deref(), want, "{arn}");
            }
        }

        #[test]
        fn session_name_is_sops_at_host_within_sts_limits() {
            let name = session_name();
            assert!(name.starts_with("sops@") && name.len() <= 64, "{name}");
            assert!(name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "=,.@-_".contains(c)));
        }
    }
}
