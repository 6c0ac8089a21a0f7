//! Google Cloud Storage: the encrypted file is uploaded as one object with
//! the JSON API's simple (`uploadType=media`) upload, authorised with an
//! OAuth token found as for Cloud KMS keys but for Cloud Storage's scope. `STORAGE_EMULATOR_HOST` (what Google's
//! Go client, and so sops, reads) sends it to an emulator instead, over
//! plain http and without a token.

use zeroize::Zeroizing;

use crate::keys::gcp_kms::oauth_token;
use crate::keys::http::{self, Body, HttpError, Request};

/// The scope Google's Go storage client (and so sops) asks for by default.
const SCOPE: &str = "https://www.googleapis.com/auth/devstorage.full_control";

#[derive(Debug, thiserror::Error)]
pub(super) enum GcsError {
    #[error("{0}")]
    Http(#[from] HttpError),
    #[error("{0}")]
    Token(Box<dyn std::error::Error + Send + Sync>),
}

/// Uploads `body` as object `name` of `bucket`.
pub(super) fn upload(bucket: &str, name: &str, body: &[u8]) -> Result<(), GcsError> {
    let emulator = std::env::var("STORAGE_EMULATOR_HOST")
        .ok()
        .filter(|h| !h.trim().is_empty());
    let (base, token) = match emulator {
        Some(host) => {
            let host = host.trim().trim_end_matches('/');
            let base = if host.contains("://") {
                host.to_owned()
            } else {
                format!("http://{host}")
            };
            (base, None)
        }
        None => (
            "https://storage.googleapis.com".to_owned(),
            Some(oauth_token(SCOPE).map_err(|e| GcsError::Token(Box::new(e)))?),
        ),
    };
    let url = format!(
        "{base}/upload/storage/v1/b/{}/o?uploadType=media&name={}",
        percent_encode(bucket),
        percent_encode(name)
    );
    let headers: Vec<(&str, String)> = token
        .as_ref()
        .map(|t: &Zeroizing<String>| ("Authorization", format!("Bearer {}", t.as_str())))
        .into_iter()
        .collect();
    http::send_ok(&Request {
        url: &url,
        headers: &headers,
        body: Body::PostBytes {
            content_type: content_type(body),
            bytes: body,
        },
    })?;
    Ok(())
}

/// The object's type as Go's content sniffing (which sops' client uses)
/// names a sops file: text for YAML, JSON, dotenv and INI, bytes otherwise.
fn content_type(body: &[u8]) -> &'static str {
    if std::str::from_utf8(body).is_ok() && !body.contains(&0) {
        "text/plain; charset=utf-8"
    } else {
        "application/octet-stream"
    }
}

/// `text` for a URL path segment or query value: everything but RFC 3986's
/// unreserved characters as `%XX`, so an object name's `/` is kept in it.
fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_percent_encoded() {
        assert_eq!(percent_encode("dir/a b+c.yaml"), "dir%2Fa%20b%2Bc.yaml");
        assert_eq!(percent_encode("é~"), "%C3%A9~");
    }
}
