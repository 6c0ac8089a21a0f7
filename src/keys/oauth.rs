//! The OAuth 2.0 pieces that GCP Cloud KMS and Azure Key Vault share: JWTs
//! signed with an RSA key (RFC 7515, used as grants or client assertions by
//! RFC 7523) and token requests whose JSON answer carries `access_token`.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use rsa::signature::SignatureEncoding as _;
use rsa::RsaPrivateKey;
use serde_json::{json, Value};
use zeroize::Zeroizing;

use super::http::{self, Body, HttpError, Reply, Request};

/// How a JWT is signed.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Alg {
    /// RSASSA-PKCS1-v1_5 with SHA-256, what Google's token endpoint takes.
    #[cfg(feature = "gcp-kms")]
    Rs256,
    /// RSASSA-PSS with SHA-256, what Azure's SDK (MSAL) signs client
    /// assertions for Microsoft Entra ID with.
    #[cfg(feature = "azure-kv")]
    Ps256,
}

impl Alg {
    fn name(self) -> &'static str {
        match self {
            #[cfg(feature = "gcp-kms")]
            Alg::Rs256 => "RS256",
            #[cfg(feature = "azure-kv")]
            Alg::Ps256 => "PS256",
        }
    }
}

/// Seconds since the Unix epoch, for `iat`, `nbf` and `exp` claims.
pub fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// A compact JWT: the header is `alg`, `typ` and `extra_header`, the
/// payload `claims`, signed with `key`.
pub fn sign_jwt(
    key: RsaPrivateKey,
    alg: Alg,
    extra_header: &[(&str, Value)],
    claims: &Value,
) -> Zeroizing<String> {
    let mut header = json!({ "alg": alg.name(), "typ": "JWT" });
    for (name, value) in extra_header {
        header[*name] = value.clone();
    }
    let signing_input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    );
    let signature = match alg {
        #[cfg(feature = "gcp-kms")]
        Alg::Rs256 => {
            use rsa::signature::Signer as _;
            rsa::pkcs1v15::SigningKey::<sha2::Sha256>::new(key)
                .sign(signing_input.as_bytes())
                .to_vec()
        }
        #[cfg(feature = "azure-kv")]
        Alg::Ps256 => {
            use rsa::signature::RandomizedSigner as _;
            // The salt is as long as the hash, as Go's JWT library signs PS256.
            rsa::pss::SigningKey::<sha2::Sha256>::new(key)
                .sign_with_rng(&mut rsa::rand_core::OsRng, signing_input.as_bytes())
                .to_vec()
        }
    };
    Zeroizing::new(format!(
        "{signing_input}.{}",
        URL_SAFE_NO_PAD.encode(signature)
    ))
}

/// Posts an OAuth token request (a form) and returns the answer's
/// `access_token`; an error status carries the endpoint's own message.
pub fn exchange(url: &str, form: &[(&str, &str)]) -> Result<Zeroizing<String>, HttpError> {
    let reply = http::send(&Request {
        url,
        headers: &[],
        body: Body::PostForm(form),
    })?;
    access_token(url, reply)
}

/// The `access_token` of a token endpoint's (or metadata server's) reply.
pub fn access_token(url: &str, reply: Reply) -> Result<Zeroizing<String>, HttpError> {
    let answer = http::ok_json(url, reply)?;
    Ok(Zeroizing::new(
        http::string_at(url, &answer, "/access_token")?.to_owned(),
    ))
}
