//! Turning manifests into objects: every file a manifest names is read (and
//! decrypted, MAC checked) once, concurrently, with one [`KeyContext`] so
//! identities load once; then `files` entries become their documents and
//! each `secretFrom` entry becomes a Secret the way ksops builds it.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use base64::Engine as _;
use zeroize::Zeroizing;

use super::manifest::{Manifest, SecretFrom};
use super::mode::{Mode, Settings, PLACEHOLDER, PLACEHOLDER_ANNOTATION};
use super::resource_list::{objects, set_annotation};
use super::{envs, KrmError};
use crate::keys::KeyContext;
use crate::ops::{self, DecryptOptions};
use crate::stores::{self, Format, StoreOptions};
use crate::tree::{Item, Map, Tree, Value};

/// A file as the generator uses it.
struct Loaded {
    format: Format,
    /// Decrypted: the plaintext as `sops decrypt` prints it. Placeholder
    /// mode: the encrypted file as read.
    text: Zeroizing<Vec<u8>>,
    /// The plaintext's tree (YAML and JSON files, decrypt mode).
    tree: Option<Tree>,
}

/// Where a path is used, for error messages.
#[derive(Clone)]
struct Use {
    generator: String,
    field: String,
}

/// Generates the objects of each manifest, in ksops' order: the `files`
/// documents, then one Secret per `secretFrom` entry. Relative paths are
/// resolved against `base`. Nothing is returned unless everything worked.
pub fn generate(
    manifests: &[Manifest],
    base: &Path,
    settings: &Settings,
    keys: &KeyContext,
) -> Result<Vec<Map>, KrmError> {
    let mut paths: Vec<(String, Use)> = Vec::new();
    let mut seen = HashSet::new();
    for m in manifests {
        for (field, path) in uses(m) {
            if seen.insert(path.clone()) {
                let used = Use {
                    generator: m.name.clone(),
                    field,
                };
                paths.push((path, used));
            }
        }
    }
    let results =
        crate::parallel::try_map_concurrently(&paths, settings.concurrency, |(path, _)| {
            load(base, path, settings.mode, keys)
        });
    let mut loaded = HashMap::new();
    for ((path, used), result) in paths.iter().zip(results) {
        match result {
            Some(Ok(l)) => {
                loaded.insert(path.as_str(), l);
            }
            Some(Err(Failure::Other(reason))) if !base.join(path).exists() => {
                let hint = super::kustomization::missing_file_hint(base, &used.generator);
                return Err(file_error(used, path, format!("{reason}; {hint}")));
            }
            Some(Err(failure)) => return Err(failure.into_error(used, path)),
            None => {}
        }
    }
    // Every path is in `loaded` now: a failed one returned above.
    let mut out = Vec::new();
    for m in manifests {
        for path in &m.files {
            let used = Use {
                generator: m.name.clone(),
                field: "files".into(),
            };
            out.extend(
                documents(&loaded[path.as_str()], settings.mode)
                    .map_err(|r| file_error(&used, path, r.to_string()))?,
            );
        }
        for (i, entry) in m.secret_from.iter().enumerate() {
            let used = |field: &str| Use {
                generator: m.name.clone(),
                field: format!("secretFrom[{i}].{field}"),
            };
            out.push(secret(entry, settings.mode, &loaded, used)?);
        }
    }
    if settings.mode == Mode::Placeholder {
        for object in &mut out {
            set_annotation(object, PLACEHOLDER_ANNOTATION, "true");
        }
    }
    Ok(out)
}

/// Every (field, path) a manifest reads, in manifest order.
fn uses(m: &Manifest) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = m
        .files
        .iter()
        .map(|p| ("files".into(), p.clone()))
        .collect();
    for (i, s) in m.secret_from.iter().enumerate() {
        let field = |f: &str| format!("secretFrom[{i}].{f}");
        v.extend(s.files.iter().map(|e| (field("files"), e.path.clone())));
        v.extend(
            s.binary_files
                .iter()
                .map(|e| (field("binaryFiles"), e.path.clone())),
        );
        v.extend(s.envs.iter().map(|p| (field("envs"), p.clone())));
    }
    v
}

fn file_error(used: &Use, path: &str, reason: String) -> KrmError {
    KrmError::File {
        generator: used.generator.clone(),
        field: used.field.clone(),
        path: path.to_owned(),
        reason,
    }
}

/// Why a generator's file could not be used: a decryption failure keeps
/// its cause, which decides the exit code.
enum Failure {
    Decrypt(crate::Error),
    Other(String),
}

impl Failure {
    fn into_error(self, used: &Use, path: &str) -> KrmError {
        match self {
            Failure::Decrypt(source) => KrmError::Decrypt {
                generator: used.generator.clone(),
                field: used.field.clone(),
                path: path.to_owned(),
                source: Box::new(source),
            },
            Failure::Other(reason) => file_error(used, path, reason),
        }
    }
}

/// Reads one file: decrypts it (checking the MAC), or in placeholder mode
/// only reads it.
fn load(base: &Path, name: &str, mode: Mode, keys: &KeyContext) -> Result<Loaded, Failure> {
    let bytes = super::read::read(base, name).map_err(|e| Failure::Other(e.to_string()))?;
    let format = sops_format(name);
    if mode == Mode::Placeholder {
        return Ok(Loaded {
            format,
            text: bytes,
            tree: None,
        });
    }
    let plain = decrypt_verified(&bytes, format, keys, name).map_err(Failure::Decrypt)?;
    if format == Format::Binary {
        return Ok(Loaded {
            format,
            text: plain,
            tree: None,
        });
    }
    // What sops (and so ksops) prints is the tree written anew, not the
    // file's own layout; name hashes depend on these bytes.
    let other = |e: stores::StoreError| Failure::Other(e.to_string());
    let doc = stores::load(format, &plain, false).map_err(other)?;
    let text =
        stores::write(format, &doc.tree, None, None, &StoreOptions::default()).map_err(other)?;
    Ok(Loaded {
        format,
        text,
        tree: Some(doc.tree),
    })
}

/// The format ksops reads a file as: sops 3.x's `FormatForPath`, whatever
/// other formats rsops' own command line learns (`.toml` stays binary, as
/// a ksops user's files were encrypted that way).
pub(crate) fn sops_format(path: &str) -> Format {
    match Format::from_path(Path::new(path)) {
        f @ (Format::Yaml | Format::Json | Format::Dotenv | Format::Ini) => f,
        // Binary, and any format rsops adds beyond sops 3.x (e.g. TOML).
        _ => Format::Binary,
    }
}

/// Decrypts a whole SOPS file in its own format, MAC checked.
pub(crate) fn decrypt_verified(
    bytes: &[u8],
    format: Format,
    keys: &KeyContext,
    name: &str,
) -> Result<Zeroizing<Vec<u8>>, crate::Error> {
    ops::decrypt(
        bytes,
        format,
        format,
        &DecryptOptions::default(),
        keys,
        name,
    )
}

/// The objects of a `files` entry.
fn documents(file: &Loaded, mode: Mode) -> Result<Vec<Map>, Unusable> {
    let format = file.format.name();
    let tree = match (mode, &file.tree) {
        (Mode::Decrypt, Some(tree)) => tree.clone(),
        (Mode::Decrypt, None) => {
            stores::load(Format::Yaml, &file.text, false)
                .map_err(|source| Unusable::NotYaml { format, source })?
                .tree
        }
        (Mode::Placeholder, _) => {
            let mut doc = stores::load(file.format, &file.text, true)
                .map_err(|source| Unusable::Encrypted { format, source })?;
            for branch in &mut doc.tree.branches {
                mask_branch(branch);
            }
            doc.tree
        }
    };
    let objects = objects(tree);
    if let Some(i) = objects.iter().position(|o| !o.contains_key("kind")) {
        return Err(Unusable::NoKind(i + 1));
    }
    Ok(objects)
}

/// Why a file that loaded cannot be used as its generator entry says.
#[derive(Debug, thiserror::Error)]
enum Unusable {
    #[error("the decrypted {format} file is not YAML, so it cannot be a files entry (use secretFrom.files or binaryFiles): {source}")]
    NotYaml {
        format: &'static str,
        source: stores::StoreError,
    },
    #[error("cannot read it as an encrypted {format} file: {source}")]
    Encrypted {
        format: &'static str,
        source: stores::StoreError,
    },
    #[error("document {0} has no 'kind'; a files entry must hold Kubernetes objects (use secretFrom for other files)")]
    NoKind(usize),
    #[error("the decrypted file is not UTF-8 text")]
    NotUtf8,
    #[error(transparent)]
    Env(#[from] envs::EnvError),
}

/// Replaces every encrypted value of a document with the placeholder
/// (base64-encoded under `data` and `binaryData`, so a Secret stays valid).
fn mask_branch(branch: &mut Map) {
    for item in &mut branch.0 {
        if let Item::Entry(key, value) = item {
            let encoded = key == "data" || key == "binaryData";
            mask(value, encoded);
        }
    }
}

fn mask(value: &mut Value, encoded: bool) {
    match value {
        Value::Str(s) if crate::cipher::is_enc_value(s) => {
            *s = if encoded {
                base64(PLACEHOLDER.as_bytes())
            } else {
                PLACEHOLDER.to_owned()
            }
        }
        Value::List(items) => items.iter_mut().for_each(|v| mask(v, encoded)),
        Value::Map(m) => m.0.iter_mut().for_each(|item| {
            if let Item::Entry(_, v) = item {
                mask(v, encoded)
            }
        }),
        _ => {}
    }
}

fn base64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// The Secret of a `secretFrom` entry, as ksops writes it: `type`,
/// `stringData` (files, then envs) and `data` (binaryFiles), each only
/// when non-empty, keys sorted.
fn secret(
    entry: &SecretFrom,
    mode: Mode,
    loaded: &HashMap<&str, Loaded>,
    used: impl Fn(&str) -> Use,
) -> Result<Map, KrmError> {
    let mut string_data: BTreeMap<String, String> = BTreeMap::new();
    let mut data: BTreeMap<String, String> = BTreeMap::new();
    for e in &entry.files {
        let file = &loaded[e.path.as_str()];
        let value = match mode {
            Mode::Placeholder => PLACEHOLDER.to_owned(),
            Mode::Decrypt => String::from_utf8(file.text.to_vec()).map_err(|_| {
                file_error(
                    &used("files"),
                    &e.path,
                    "the decrypted file is not UTF-8 text; list it under binaryFiles".into(),
                )
            })?,
        };
        string_data.insert(e.key.clone(), value);
    }
    for path in &entry.envs {
        let file = &loaded[path.as_str()];
        let parsed = match mode {
            Mode::Decrypt => std::str::from_utf8(&file.text)
                .map_err(|_| Unusable::NotUtf8)
                .and_then(|text| Ok(envs::parse(text)?)),
            Mode::Placeholder => placeholder_env(file),
        }
        .map_err(|r| {
            file_error(
                &used("envs"),
                path,
                format!("cannot read it as a .env file: {r}"),
            )
        })?;
        string_data.extend(parsed);
    }
    for e in &entry.binary_files {
        let file = &loaded[e.path.as_str()];
        let value = match mode {
            Mode::Placeholder => base64(PLACEHOLDER.as_bytes()),
            Mode::Decrypt => base64(&file.text),
        };
        data.insert(e.key.clone(), value);
    }
    if entry.output_data {
        // stringData wins over data on the API server; keep that here.
        for (k, v) in std::mem::take(&mut string_data) {
            data.insert(k, base64(v.as_bytes()));
        }
    }
    let mut secret = Map::default();
    secret.push("apiVersion", Value::Str("v1".into()));
    secret.push("kind", Value::Str("Secret".into()));
    secret.push("metadata", Value::Map(entry.metadata.clone()));
    if let Some(t) = &entry.type_ {
        secret.push("type", Value::Str(t.clone()));
    }
    let to_map = |m: BTreeMap<String, String>| {
        let mut map = Map::default();
        for (k, v) in m {
            map.push(k, Value::Str(v));
        }
        Value::Map(map)
    };
    if !string_data.is_empty() {
        secret.push("stringData", to_map(string_data));
    }
    if !data.is_empty() {
        secret.push("data", to_map(data));
    }
    Ok(secret)
}

/// The keys of an encrypted env file (they are never encrypted), each with
/// the placeholder as its value.
fn placeholder_env(file: &Loaded) -> Result<BTreeMap<String, String>, Unusable> {
    let keys: Vec<String> = match file.format {
        Format::Yaml | Format::Json => {
            let doc = stores::load(file.format, &file.text, true).map_err(|source| {
                Unusable::Encrypted {
                    format: file.format.name(),
                    source,
                }
            })?;
            let first = doc.tree.branches.first().cloned().unwrap_or_default();
            super::manifest::entries(&first)
                .map(|(k, _)| k.to_owned())
                .collect()
        }
        _ => {
            let text = std::str::from_utf8(&file.text).map_err(|_| Unusable::NotUtf8)?;
            envs::parse(text)?
                .into_keys()
                .filter(|k| !k.starts_with("sops_"))
                .collect()
        }
    };
    Ok(keys
        .into_iter()
        .map(|k| (k, PLACEHOLDER.to_owned()))
        .collect())
}

/// The directory relative paths are resolved against: kpt's package path
/// when the config carries one, else the working directory (kustomize runs
/// plugins in the directory of the kustomization that lists them).
pub fn base_dir(config: Option<&Map>) -> PathBuf {
    config
        .and_then(|c| {
            super::resource_list::annotation(c, "internal.config.kubernetes.io/package-path")
        })
        .map(PathBuf::from)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_follow_sops_suffixes() {
        assert_eq!(sops_format("a.enc.yml"), Format::Yaml);
        assert_eq!(sops_format("./x.json"), Format::Json);
        assert_eq!(sops_format("s.enc.env"), Format::Dotenv);
        assert_eq!(sops_format("s.ini"), Format::Ini);
        for binary in ["app.toml", "cert.pem", "x.yaml.enc", "noext"] {
            assert_eq!(sops_format(binary), Format::Binary, "{binary}");
        }
    }

    #[test]
    fn placeholders_replace_encrypted_values_only() {
        let mut m = Map::default();
        let mut data = Map::default();
        data.push("k", Value::Str("ENC[AES256_GCM,data:x]".into()));
        m.push("data", Value::Map(data));
        m.push("kind", Value::Str("Secret".into()));
        mask_branch(&mut m);
        let Some(Value::Map(data)) = m.get("data") else {
            panic!()
        };
        assert_eq!(
            data.get("k"),
            Some(&Value::Str(base64(PLACEHOLDER.as_bytes())))
        );
        assert_eq!(m.get("kind"), Some(&Value::Str("Secret".into())));
    }
}
