//! Flux-style decryption of whole resources, after kustomize has built
//! them: an object whose top level carries a `sops` block with a `mac`
//! (an encrypted file listed under `resources:`) is decrypted, and so is a
//! Secret `data` value that is itself a SOPS file (`secretGenerator.files:
//! [token=token.enc]`). The annotation `kustomize.toolkit.fluxcd.io/decrypt:
//! Disabled` leaves an object alone. This is what Flux's kustomize-controller
//! does, so repositories written for Flux render the same here.
//!
//! Whole objects are decrypted **without the MAC check**: kustomize changes
//! their metadata (namespace, name prefix, labels), which the MAC covers.
//! Each encrypted value is still authenticated by its own GCM tag, bound to
//! its path. A Secret `data` value is untouched by kustomize, so its MAC is
//! checked.

use base64::Engine as _;

use super::resource_list::{is_encrypted, read_yaml};
use super::KrmError;
use crate::keys::KeyContext;
use crate::ops::{self, DecryptOptions};
use crate::stores::{Format, StoreOptions};
use crate::tree::{Item, Map, Tree, Value};

/// The opt-out annotation, as Flux names it.
pub const DISABLE_ANNOTATION: &str = "kustomize.toolkit.fluxcd.io/decrypt";

/// Decrypts every encrypted object and Secret `data` value of `objects`;
/// `name` says where they came from, for error messages.
pub fn decrypt_objects(
    objects: Vec<Map>,
    keys: &KeyContext,
    name: &str,
) -> Result<Vec<Map>, KrmError> {
    objects
        .into_iter()
        .map(|object| {
            if disabled(&object) {
                return Ok(object);
            }
            let id = describe(&object, name);
            let object = if is_encrypted(&object) {
                decrypt_object(&object, keys, &id)?
            } else {
                object
            };
            decrypt_secret_data(object, keys, &id)
        })
        .collect()
}

fn disabled(object: &Map) -> bool {
    super::resource_list::annotation(object, DISABLE_ANNOTATION)
        .is_some_and(|v| v.eq_ignore_ascii_case("disabled"))
}

/// `Kind/name in <where>`, for messages.
fn describe(object: &Map, name: &str) -> String {
    let kind = match object.get("kind") {
        Some(Value::Str(k)) => k.as_str(),
        _ => "object",
    };
    format!("{kind}/{} in {name}", super::manifest::object_name(object))
}

fn decrypt_failed(id: &str, source: crate::Error) -> KrmError {
    KrmError::DecryptResource {
        resource: id.to_owned(),
        source: Box::new(source),
    }
}

fn failed(id: &str, reason: String) -> KrmError {
    KrmError::Resource {
        resource: id.to_owned(),
        reason,
    }
}

fn decrypt_object(object: &Map, keys: &KeyContext, id: &str) -> Result<Map, KrmError> {
    let text = Format::Yaml
        .store()
        .emit(
            &Tree::single(object.clone()),
            None,
            &StoreOptions::default(),
        )
        .map_err(|e| failed(id, e.to_string()))?;
    let options = DecryptOptions {
        ignore_mac: true,
        ..DecryptOptions::default()
    };
    let plain = ops::decrypt(&text, Format::Yaml, Format::Yaml, &options, keys, id)
        .map_err(|source| decrypt_failed(id, source))?;
    let tree = read_yaml(&plain).map_err(|e| failed(id, e.to_string()))?;
    tree.branches
        .first()
        .cloned()
        .ok_or_else(|| failed(id, "decrypted to nothing".into()))
}

/// The format of a Secret `data` value named `key`, as Flux picks it.
fn data_format(key: &str) -> Format {
    if key.ends_with(".dockerconfigjson") {
        Format::Json
    } else {
        super::generate::sops_format(key)
    }
}

/// Whether decoded bytes are a SOPS file of any format (Flux's markers).
fn looks_encrypted(bytes: &[u8]) -> bool {
    let has = |needle: &[u8]| memchr::memmem::find(bytes, needle).is_some();
    has(b"mac: ENC[") || has(b"\"mac\": \"ENC[") || has(b"sops_mac=ENC[") || has(b"[sops]")
}

/// A `data` value's bytes; kustomize wraps long base64 over lines.
fn decode_base64(value: &str) -> Option<Vec<u8>> {
    let compact: String = value.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    base64::engine::general_purpose::STANDARD
        .decode(compact)
        .ok()
}

fn decrypt_secret_data(mut object: Map, keys: &KeyContext, id: &str) -> Result<Map, KrmError> {
    if !matches!(object.get("kind"), Some(Value::Str(k)) if k == "Secret") {
        return Ok(object);
    }
    let engine = base64::engine::general_purpose::STANDARD;
    for item in &mut object.0 {
        let Item::Entry(field, Value::Map(data)) = item else {
            continue;
        };
        if field != "data" {
            continue;
        }
        for entry in &mut data.0 {
            let Item::Entry(key, Value::Str(value)) = entry else {
                continue;
            };
            let Some(bytes) = decode_base64(value) else {
                continue;
            };
            if !looks_encrypted(&bytes) {
                continue;
            }
            let format = data_format(key);
            let what = format!("{id}, data[{key}]");
            let plain = super::generate::decrypt_verified(&bytes, format, keys, &what)
                .map_err(|source| decrypt_failed(id, source))?;
            *value = engine.encode(&plain[..]);
        }
    }
    Ok(object)
}

/// Whether an object has anything [`decrypt_objects`] would decrypt.
fn needs_decryption(object: &Map) -> bool {
    if disabled(object) {
        return false;
    }
    if is_encrypted(object) {
        return true;
    }
    matches!(object.get("kind"), Some(Value::Str(k)) if k == "Secret")
        && matches!(object.get("data"), Some(Value::Map(data)) if super::manifest::entries(data).any(|(_, v)| {
            matches!(v, Value::Str(s) if decode_base64(s).is_some_and(|b| looks_encrypted(&b)))
        }))
}

/// Decrypts a whole YAML stream (the output of `kustomize build`); a
/// stream with nothing to decrypt comes back byte for byte.
pub fn decrypt_stream(stream: &[u8], keys: &KeyContext, name: &str) -> Result<Vec<u8>, KrmError> {
    if stream.iter().all(u8::is_ascii_whitespace) {
        return Ok(stream.to_vec());
    }
    let tree =
        read_yaml(stream).map_err(|e| KrmError::Input(format!("{name} is not YAML: {e}")))?;
    let objects = super::resource_list::objects(tree);
    if !objects.iter().any(needs_decryption) {
        return Ok(stream.to_vec());
    }
    let objects = decrypt_objects(objects, keys, name)?;
    super::resource_list::emit_stream(objects)
}

/// The first object (not opted out) that still holds a SOPS-encrypted
/// value, described as `Kind/name`.
pub fn still_encrypted(objects: &[Map]) -> Option<String> {
    fn holds(v: &Value) -> bool {
        match v {
            Value::Str(s) => crate::cipher::is_enc_value(s),
            Value::List(items) => items.iter().any(holds),
            Value::Map(m) => super::manifest::entries(m).any(|(_, v)| holds(v)),
            _ => false,
        }
    }
    objects
        .iter()
        .find(|o| !disabled(o) && super::manifest::entries(o).any(|(_, v)| holds(v)))
        .map(|o| describe(o, "the output"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_and_formats_as_flux() {
        assert!(looks_encrypted(b"a: ENC[x]\nsops:\n    mac: ENC[AES"));
        assert!(looks_encrypted(b"{\n\t\"sops\": {\n\t\t\"mac\": \"ENC[AES"));
        assert!(looks_encrypted(b"A=ENC[x]\nsops_mac=ENC[AES"));
        assert!(!looks_encrypted(b"password: hunter2\n"));
        assert_eq!(data_format(".dockerconfigjson"), Format::Json);
        assert_eq!(data_format("token.encrypted"), Format::Binary);
        assert_eq!(data_format("app.env"), Format::Dotenv);
    }

    #[test]
    fn disabled_objects_are_left_alone() {
        let tree = read_yaml(
            b"kind: Secret\nmetadata:\n  name: s\n  annotations:\n    kustomize.toolkit.fluxcd.io/decrypt: disabled\ndata:\n  a: ENC[AES256_GCM,data:x,iv:y,tag:z,type:str]\nsops:\n  mac: ENC[x]\n",
        )
        .unwrap();
        let objects = tree.branches.clone();
        let out = decrypt_objects(objects.clone(), &KeyContext::default(), "test").unwrap();
        assert_eq!(out, objects);
    }
}
