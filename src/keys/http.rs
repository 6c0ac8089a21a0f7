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

/// A request's method and body.
pub enum Body<'a> {
    /// PUT with a JSON body, as Vault's client writes.
    PutJson(&'a serde_json::Value),
    /// POST with a JSON body (GCP, Azure).
    PostJson(&'a serde_json::Value),
    /// POST with a form body (OAuth token endpoints).
    PostForm(&'a [(&'a str, &'a str)]),
    /// POST of raw bytes (a GCS object upload).
    PostBytes {
        content_type: &'a str,
        bytes: &'a [u8],
    },
    /// GET (metadata servers, Azure key versions, challenges).
    Get,
}

/// One request: `headers` are sent as given (tokens go here).
pub struct Request<'a> {
    pub url: &'a str,
    pub headers: &'a [(&'a str, String)],
    pub body: Body<'a>,
}

/// A service's reply, whatever its status.
pub struct Reply {
    pub status: u16,
    /// `WWW-Authenticate`, where Azure Key Vault says where to get a token.
    pub authenticate: Option<String>,
    pub body: String,
}

/// Network waits are bounded so a dead endpoint fails the key (and lets the
/// next key try) instead of hanging the run.
const TIMEOUT: Duration = Duration::from_secs(60);

fn agent() -> &'static ureq::Agent {
    static AGENT: OnceLock<ureq::Agent> = OnceLock::new();
    AGENT.get_or_init(|| build_agent(TIMEOUT))
}

/// For probes of services that are usually absent (a cloud's instance
/// metadata): outside that cloud nothing answers, and waiting the full
/// timeout would delay every run.
#[cfg(any(feature = "gcp-kms", feature = "azure-kv"))]
fn quick_agent() -> &'static ureq::Agent {
    static AGENT: OnceLock<ureq::Agent> = OnceLock::new();
    AGENT.get_or_init(|| build_agent(Duration::from_secs(2)))
}

fn build_agent(timeout: Duration) -> ureq::Agent {
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
        .timeout_global(Some(timeout))
        .build()
        .into()
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
    send_with(agent(), req)
}

/// [`send`] with a short timeout, for probes (see [`quick_agent`]).
#[cfg(any(feature = "gcp-kms", feature = "azure-kv"))]
pub fn send_quick(req: &Request) -> Result<Reply, HttpError> {
    send_with(quick_agent(), req)
}

fn send_with(agent: &ureq::Agent, req: &Request) -> Result<Reply, HttpError> {
    let transport = |e: ureq::Error| HttpError::Transport {
        url: req.url.to_owned(),
        reason: e.to_string(),
    };
    let with_headers = |mut b: ureq::RequestBuilder<ureq::typestate::WithBody>| {
        for (name, value) in req.headers {
            b = b.header(*name, value);
        }
        b
    };
    let mut response = match req.body {
        Body::PutJson(json) => with_headers(agent.put(req.url)).send_json(json),
        Body::PostJson(json) => with_headers(agent.post(req.url)).send_json(json),
        Body::PostForm(form) => with_headers(agent.post(req.url)).send_form(form.iter().copied()),
        Body::PostBytes {
            content_type,
            bytes,
        } => with_headers(agent.post(req.url))
            .header("Content-Type", content_type)
            .send(bytes),
        Body::Get => {
            let mut b = agent.get(req.url);
            for (name, value) in req.headers {
                b = b.header(*name, value);
            }
            b.call()
        }
    }
    .map_err(transport)?;
    let status = response.status().as_u16();
    let authenticate = response
        .headers()
        .get("www-authenticate")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let body = response.body_mut().read_to_string().map_err(transport)?;
    Ok(Reply {
        status,
        authenticate,
        body,
    })
}

/// Sends `req` and parses a 2xx JSON answer; any other status is an error
/// carrying the service's message.
pub fn send_ok(req: &Request) -> Result<serde_json::Value, HttpError> {
    ok_json(req.url, send(req)?)
}

/// A 2xx reply's JSON; any other status is an error with the service's
/// message.
pub fn ok_json(url: &str, reply: Reply) -> Result<serde_json::Value, HttpError> {
    if !(200..300).contains(&reply.status) {
        return Err(HttpError::Status {
            url: url.to_owned(),
            status: reply.status,
            body: reply.body.trim().to_owned(),
        });
    }
    parse(url, &reply.body)
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
