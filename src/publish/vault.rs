//! Vault (and OpenBao) KV: the decrypted values are written as one secret,
//! unless the secret already holds exactly them (so KV version 2 keeps its
//! version). KV version 1 takes the map itself, version 2 wraps it as
//! `{"data": …}` under `<mount>data/`.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use serde_json::{Map as JsonMap, Value as Json};
use time::format_description::well_known::Rfc3339;

use super::{Outcome, VaultTarget};
use crate::keys::hc_vault::token;
use crate::keys::http::{self, Body, HttpError, Request};
use crate::tree::{Item, Map, Tree, Value};

#[derive(Debug, thiserror::Error)]
pub(super) enum VaultError {
    #[error("{0}")]
    Http(#[from] HttpError),
    #[error("no token: set VAULT_TOKEN or log in so that ~/.vault-token exists")]
    NoToken,
    #[error("the value at {0} is not a finite number, which JSON cannot hold")]
    NotFinite(String),
}

/// Writes the values of `tree` as the secret for `name`, unless it holds
/// them already.
pub(super) fn write(target: &VaultTarget, name: &str, tree: &Tree) -> Result<Outcome, VaultError> {
    let mut data = JsonMap::new();
    // Several YAML documents make one secret, as in sops: a later key wins.
    for branch in &tree.branches {
        add_entries(&mut data, branch, "")?;
    }
    let data = Json::Object(data);
    let token = token().ok_or(VaultError::NoToken)?;
    let url = format!("{}/v1/{}", target.address(), target.secret_path(name));
    let mut headers = vec![("X-Vault-Token", token.to_string())];
    if let Some(ns) = std::env::var("VAULT_NAMESPACE")
        .ok()
        .filter(|n| !n.is_empty())
    {
        headers.push(("X-Vault-Namespace", ns));
    }
    let unchecked = match stored(&url, &headers, target.version) {
        Ok(Some(existing)) if existing == data => return Ok(Outcome::UpToDate),
        Ok(_) => None,
        Err(e) => Some(e.to_string()),
    };
    let body = if target.version == 1 {
        data
    } else {
        serde_json::json!({ "data": data })
    };
    let reply = http::send(&Request {
        url: &url,
        headers: &headers,
        body: Body::PutJson(&body),
    })?;
    // Version 1 answers 204 and no body, so only the status is read.
    if !(200..300).contains(&reply.status) {
        return Err(VaultError::Http(HttpError::Status {
            url,
            status: reply.status,
            body: reply.body.trim().to_owned(),
        }));
    }
    Ok(match unchecked {
        Some(reason) => Outcome::UploadedUnchecked(reason),
        None => Outcome::Uploaded,
    })
}

/// The values the secret holds now; `None` when there is none yet.
fn stored(url: &str, headers: &[(&str, String)], version: u8) -> Result<Option<Json>, HttpError> {
    let reply = http::send(&Request {
        url,
        headers,
        body: Body::Get,
    })?;
    if reply.status == 404 {
        return Ok(None);
    }
    let answer = http::ok_json(url, reply)?;
    let pointer = if version == 1 { "/data" } else { "/data/data" };
    Ok(answer.pointer(pointer).cloned())
}

fn add_entries(out: &mut JsonMap<String, Json>, map: &Map, at: &str) -> Result<(), VaultError> {
    for item in &map.0 {
        if let Item::Entry(key, value) = item {
            let path = format!("{at}/{key}");
            out.insert(key.clone(), to_json(value, &path)?);
        }
    }
    Ok(())
}

/// A value as JSON, as Go's encoder writes what sops hands it: bytes as
/// base64, times in RFC 3339. Comments are left out.
fn to_json(value: &Value, path: &str) -> Result<Json, VaultError> {
    Ok(match value {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Int(i) => Json::from(*i),
        Value::Float(f) => serde_json::Number::from_f64(f.value)
            .map(Json::Number)
            .ok_or_else(|| VaultError::NotFinite(path.to_owned()))?,
        Value::Str(s) => Json::String(s.clone()),
        Value::Bytes(b) => Json::String(STANDARD.encode(b)),
        Value::Time(t) => Json::String(t.format(&Rfc3339).unwrap_or_else(|_| t.to_string())),
        Value::Comment(_) => Json::Null,
        Value::List(items) => Json::Array(
            items
                .iter()
                .enumerate()
                .filter(|(_, v)| !matches!(v, Value::Comment(_)))
                .map(|(i, v)| to_json(v, &format!("{path}/{i}")))
                .collect::<Result<_, _>>()?,
        ),
        Value::Map(m) => {
            let mut out = JsonMap::new();
            add_entries(&mut out, m, path)?;
            Json::Object(out)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tree::Float;

    #[test]
    fn values_become_json_as_go_encodes_them() {
        let map = Map(vec![
            Item::Comment(" c".into()),
            Item::Entry("s".into(), Value::Str("x".into())),
            Item::Entry("n".into(), Value::Int(-3)),
            Item::Entry("f".into(), Value::Float(Float::new(1.5))),
            Item::Entry("b".into(), Value::Bytes(vec![0xff, 0])),
            Item::Entry(
                "l".into(),
                Value::List(vec![
                    Value::Comment(" x".into()),
                    Value::Map(Map(vec![Item::Entry("k".into(), Value::Null)])),
                ]),
            ),
        ]);
        let mut out = JsonMap::new();
        add_entries(&mut out, &map, "").unwrap();
        assert_eq!(
            Json::Object(out),
            serde_json::json!({"s": "x", "n": -3, "f": 1.5, "b": "/wA=", "l": [{"k": null}]})
        );
        let nan = Map(vec![Item::Entry(
            "x".into(),
            Value::Float(Float::new(f64::NAN)),
        )]);
        let err = add_entries(&mut JsonMap::new(), &nan, "").unwrap_err();
        assert_eq!(
            err.to_string(),
            "the value at /x is not a finite number, which JSON cannot hold"
        );
    }
}
