//! The blocking HTTPS client the REST key services (Vault transit, GCP
//! Cloud KMS, Azure Key Vault) share: one rustls stack on ring, trusting the
//! system's certificates. Like Go's TLS, `SSL_CERT_FILE` and `SSL_CERT_DIR`
//! replace the system locations, which is how a private CA (or a test
//! server's self-signed certificate) is trusted.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use ureq::tls::{Certificate, RootCerts, TlsConfig};

/// Why a request got no usable answer. The text never holds a request
/// header, so no token reaches an error report.
#[derive(Debug, thiserror::Error)]
pub enum HttpError {
    /// The request did not get through (DNS, connection, TLS).
    #[error("request to {url} failed: {reason}")]
    Transport { url: String, reason: String },
    /// The service answered with an error status; `body` is its own message.
    #[error("{url} answered HTTP {status}: {body}")]
    Status {
        url: String,
        status: u16,
        body: String,
    },
    /// The service answered 2xx but not with what the API documents.
    #[error("unexpected answer from {url}: {reason}")]
    Answer { url: String, reason: String },
}

/// One JSON request (a PUT, as Vault's client writes): `headers` are sent
/// as given (tokens go here).
pub struct Request<'a> {
    pub url: &'a str,
    pub headers: &'a [(&'a str, String)],
    pub body: &'a serde_json::Value,
}

/// A service's reply, whatever its status.
pub struct Reply {
    pub status: u16,
    pub body: String,
}

/// Network waits are bounded so a dead endpoint fails the key (and lets the
/// next key try) instead of hanging the run.
const TIMEOUT: Duration = Duration::from_secs(60);

fn agent() -> &'static ureq::Agent {
    static AGENT: OnceLock<ureq::Agent> = OnceLock::new();
    AGENT.get_or_init(|| {
        let loaded = rustls_native_certs::load_native_certs();
        let roots: Vec<Certificate<'static>> = loaded
            .certs
            .iter()
            .map(|c| Certificate::from_der(c.as_ref()).to_owned())
            .collect();
        let tls = TlsConfig::builder()
            .root_certs(RootCerts::new_with_certs(&roots))
            .unversioned_rustls_crypto_provider(Arc::new(ring_provider()))
            .build();
        ureq::Agent::config_builder()
            .tls_config(tls)
            .http_status_as_error(false)
            .timeout_global(Some(TIMEOUT))
            .build()
            .into()
    })
}

/// rustls' ring provider. rustls deprecates it only because ring has no
/// post-quantum key exchange; rsops keeps it because the alternative
/// (aws-lc-rs) compiles a large C library, which costs build time and
/// complicates the static release build, for no gain in how data keys are
/// protected (they are wrapped by the key service, not by TLS).
#[allow(deprecated)]
fn ring_provider() -> rustls::crypto::CryptoProvider {
    rustls::crypto::ring::default_provider()
}

/// Sends `req` and returns the reply, whatever its status.
pub fn send(req: &Request) -> Result<Reply, HttpError> {
    let transport = |e: ureq::Error| HttpError::Transport {
        url: req.url.to_owned(),
        reason: e.to_string(),
    };
    let mut builder = agent().put(req.url);
    for (name, value) in req.headers {
        builder = builder.header(*name, value);
    }
    let mut response = builder.send_json(req.body).map_err(transport)?;
    let status = response.status().as_u16();
    let body = response.body_mut().read_to_string().map_err(transport)?;
    Ok(Reply { status, body })
}

/// Sends `req` and parses a 2xx JSON answer; any other status is an error
/// carrying the service's message.
pub fn send_ok(req: &Request) -> Result<serde_json::Value, HttpError> {
    let reply = send(req)?;
    if !(200..300).contains(&reply.status) {
        return Err(HttpError::Status {
            url: req.url.to_owned(),
            status: reply.status,
            body: reply.body.trim().to_owned(),
        });
    }
    parse(req.url, &reply.body)
}

/// Parses a JSON answer body.
pub fn parse(url: &str, body: &str) -> Result<serde_json::Value, HttpError> {
    serde_json::from_str(body).map_err(|e| HttpError::Answer {
        url: url.to_owned(),
        reason: format!("not JSON ({e})"),
    })
}

/// The string at `pointer` (RFC 6901) in an answer.
pub fn string_at<'v>(
    url: &str,
    value: &'v serde_json::Value,
    pointer: &str,
) -> Result<&'v str, HttpError> {
    value
        .pointer(pointer)
        .and_then(serde_json::Value::as_str)
        .ok_or_else(|| HttpError::Answer {
            url: url.to_owned(),
            reason: format!("no string at {pointer}"),
        })
}
