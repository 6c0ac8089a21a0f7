//! S3: the encrypted file is put as one object with the official SDK,
//! configured as sops configures its own: the standard chain for
//! credentials and region (environment, shared files, SSO, web identity,
//! containers, instance metadata) and for the endpoint (`AWS_ENDPOINT_URL`,
//! `AWS_ENDPOINT_URL_S3`).

use aws_config::BehaviorVersion;
use aws_sdk_s3::primitives::ByteStream;

use crate::keys::kms::{https_client, sdk_error_chain};

#[derive(Debug, thiserror::Error)]
pub(super) enum S3Error {
    #[error("cannot start the async runtime: {0}")]
    Runtime(std::io::Error),
    /// The SDK's error chain: AWS's code and message, never the
    /// credentials.
    #[error("{0}")]
    Service(String),
}

/// Puts `body` at `key` in `bucket`.
pub(super) fn put(bucket: &str, key: &str, body: Vec<u8>) -> Result<(), S3Error> {
    // One call, so a runtime of its own: the rest of rsops is synchronous.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(S3Error::Runtime)?;
    runtime.block_on(async {
        let config = aws_config::defaults(BehaviorVersion::latest())
            .http_client(https_client())
            .load()
            .await;
        aws_sdk_s3::Client::new(&config)
            .put_object()
            .bucket(bucket)
            .key(key)
            .body(ByteStream::from(body))
            .send()
            .await
            .map(|_| ())
            .map_err(|e| S3Error::Service(sdk_error_chain(&e)))
    })
}
