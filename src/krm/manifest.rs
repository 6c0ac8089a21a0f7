//! The ksops generator manifest (`apiVersion: viaduct.ai/v1`, `kind:
//! ksops`), read as leniently as ksops reads it: `apiVersion`, `kind` and
//! unknown fields are ignored; `files` or `secretFrom` must be there.

use super::KrmError;
use crate::tree::{Item, Map, Value};

/// One generator.
#[derive(Clone, Debug, PartialEq)]
pub struct Manifest {
    /// `metadata.name`, for error messages.
    pub name: String,
    /// SOPS files emitted whole, every document of each.
    pub files: Vec<String>,
    /// One Secret per entry.
    pub secret_from: Vec<SecretFrom>,
}

/// A `secretFrom` entry: the Secret to build and where its values come from.
#[derive(Clone, Debug, PartialEq)]
pub struct SecretFrom {
    /// Only `name`, `namespace`, `labels` and `annotations` (kustomize's
    /// `types.ObjectMeta`); other metadata fields are dropped, as in ksops.
    pub metadata: Map,
    pub type_: Option<String>,
    /// `stringData[key]` = the decrypted text.
    pub files: Vec<FileEntry>,
    /// `data[key]` = base64 of the decrypted bytes.
    pub binary_files: Vec<FileEntry>,
    /// `stringData` entries parsed from decrypted dotenv text.
    pub envs: Vec<String>,
    /// Write the `stringData` values base64-encoded under `data` instead
    /// (annotation [`OUTPUT_ANNOTATION`]`: data`): kustomize 5.5's
    /// `behavior: merge` drops the base's `stringData` (ksops #112).
    pub output_data: bool,
}

/// The rsops extension annotation choosing where text values go
/// (`stringData`, the default, or `data`); removed from the output.
pub const OUTPUT_ANNOTATION: &str = "rsops.io/output";

/// What is wrong with a ksops manifest.
#[derive(Debug, thiserror::Error)]
pub enum ManifestError {
    #[error(
        "it has neither 'files' nor 'secretFrom'; a ksops manifest needs at least one of them"
    )]
    Empty,
    #[error("secretFrom[{0}] is not a mapping")]
    SecretFromItem(usize),
    #[error("'secretFrom' is not a list")]
    SecretFromList,
    #[error("secretFrom[{index}]: {problem}")]
    InSecretFrom {
        index: usize,
        problem: Box<ManifestError>,
    },
    #[error("'metadata' is not a mapping")]
    Metadata,
    #[error("annotation {OUTPUT_ANNOTATION} must be \"data\" or \"stringData\", not {0}")]
    Output(String),
    #[error("metadata.name must be set to the Secret's name")]
    NoName,
    #[error("'type' is not a string")]
    Type,
    #[error("'{0}' must be a list of file paths")]
    Paths(String),
    #[error("invalid format in file generator {0:?}: use PATH or KEY=PATH")]
    Entry(String),
}

/// A `[key=]path` entry; the key defaults to the path's file name.
#[derive(Clone, Debug, PartialEq)]
pub struct FileEntry {
    pub key: String,
    pub path: String,
}

impl FileEntry {
    /// Splits `key=path` on every `=`, as ksops does: more than one `=` is
    /// an error rather than a key or path with `=` in it.
    pub fn parse(entry: &str) -> Result<FileEntry, ManifestError> {
        let parts: Vec<&str> = entry.split('=').collect();
        match parts[..] {
            [path] => Ok(FileEntry {
                key: path.rsplit('/').next().unwrap_or(path).to_owned(),
                path: path.to_owned(),
            }),
            [key, path] => Ok(FileEntry {
                key: key.to_owned(),
                path: path.to_owned(),
            }),
            _ => Err(ManifestError::Entry(entry.to_owned())),
        }
    }
}

/// Whether an object is a generator manifest (it has `files` or
/// `secretFrom`, whatever its kind).
pub fn is_manifest(object: &Map) -> bool {
    non_null(object, "files").is_some() || non_null(object, "secretFrom").is_some()
}

impl Manifest {
    /// Reads a manifest object.
    pub fn from_map(object: &Map) -> Result<Manifest, KrmError> {
        let name = object_name(object);
        let bad = |reason: ManifestError| KrmError::Manifest {
            generator: name.clone(),
            reason,
        };
        if !is_manifest(object) {
            return Err(bad(ManifestError::Empty));
        }
        let files = strings(object, "files").map_err(&bad)?;
        let mut secret_from = Vec::new();
        match non_null(object, "secretFrom") {
            None => {}
            Some(Value::List(entries)) => {
                for (i, entry) in entries.iter().enumerate() {
                    let Value::Map(entry) = entry else {
                        return Err(bad(ManifestError::SecretFromItem(i)));
                    };
                    secret_from.push(SecretFrom::from_map(entry).map_err(|problem| {
                        bad(ManifestError::InSecretFrom {
                            index: i,
                            problem: Box::new(problem),
                        })
                    })?);
                }
            }
            Some(_) => return Err(bad(ManifestError::SecretFromList)),
        }
        Ok(Manifest {
            name,
            files,
            secret_from,
        })
    }
}

impl SecretFrom {
    fn from_map(entry: &Map) -> Result<SecretFrom, ManifestError> {
        let mut metadata = Map::default();
        if let Some(meta) = non_null(entry, "metadata") {
            let Value::Map(meta) = meta else {
                return Err(ManifestError::Metadata);
            };
            for field in ["name", "namespace", "labels", "annotations"] {
                if let Some(v) = non_null(meta, field) {
                    metadata.push(field, v.clone());
                }
            }
        }
        let output_data = match take_annotation(&mut metadata, OUTPUT_ANNOTATION) {
            None => false,
            Some(Value::Str(v)) if v == "data" => true,
            Some(Value::Str(v)) if v == "stringData" => false,
            Some(other) => return Err(ManifestError::Output(format!("{other:?}"))),
        };
        if !matches!(metadata.get("name"), Some(Value::Str(n)) if !n.is_empty()) {
            return Err(ManifestError::NoName);
        }
        let type_ = match non_null(entry, "type") {
            None => None,
            Some(Value::Str(t)) if t.is_empty() => None,
            Some(Value::Str(t)) => Some(t.clone()),
            Some(_) => return Err(ManifestError::Type),
        };
        let entries = |field: &str| -> Result<Vec<FileEntry>, ManifestError> {
            strings(entry, field)?
                .iter()
                .map(|e| FileEntry::parse(e))
                .collect()
        };
        Ok(SecretFrom {
            metadata,
            type_,
            files: entries("files")?,
            binary_files: entries("binaryFiles")?,
            envs: strings(entry, "envs")?,
            output_data,
        })
    }
}

/// Removes an annotation from a metadata map (and the then empty
/// `annotations`), returning its value.
fn take_annotation(metadata: &mut Map, name: &str) -> Option<Value> {
    let found = metadata.0.iter_mut().find_map(|item| match item {
        Item::Entry(k, Value::Map(a)) if k == "annotations" => Some(a),
        _ => None,
    })?;
    let value = found.remove_all(name);
    if !found.0.iter().any(|i| matches!(i, Item::Entry(..))) {
        metadata.remove_all("annotations");
    }
    value
}

/// `metadata.name` of an object, or `(unnamed)`.
pub fn object_name(object: &Map) -> String {
    match object.get("metadata") {
        Some(Value::Map(meta)) => match meta.get("name") {
            Some(Value::Str(name)) => name.clone(),
            _ => "(unnamed)".into(),
        },
        _ => "(unnamed)".into(),
    }
}

fn non_null<'a>(map: &'a Map, key: &str) -> Option<&'a Value> {
    map.get(key).filter(|v| !matches!(v, Value::Null))
}

/// A list of strings, or none when the field is absent or null.
fn strings(map: &Map, key: &str) -> Result<Vec<String>, ManifestError> {
    match non_null(map, key) {
        None => Ok(Vec::new()),
        Some(Value::List(items)) => items
            .iter()
            .filter(|v| !matches!(v, Value::Comment(_)))
            .map(|v| match v {
                Value::Str(s) => Ok(s.clone()),
                _ => Err(ManifestError::Paths(key.to_owned())),
            })
            .collect(),
        Some(_) => Err(ManifestError::Paths(key.to_owned())),
    }
}

/// Entries of a map, without comments.
pub fn entries(map: &Map) -> impl Iterator<Item = (&str, &Value)> {
    map.0.iter().filter_map(|item| match item {
        Item::Entry(k, v) => Some((k.as_str(), v)),
        Item::Comment(_) => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Map {
        let tree = crate::krm::resource_list::read_yaml(text.as_bytes()).unwrap();
        tree.branches[0].clone()
    }

    #[test]
    fn file_entries_split_on_every_equals_sign() {
        assert_eq!(
            FileEntry::parse("./dir/app.enc.conf").unwrap(),
            FileEntry {
                key: "app.enc.conf".into(),
                path: "./dir/app.enc.conf".into()
            }
        );
        assert_eq!(FileEntry::parse("k=p").unwrap().key, "k");
        let err = FileEntry::parse("a=b=c").unwrap_err().to_string();
        assert!(err.contains("a=b=c"), "{err}");
    }

    #[test]
    fn reads_every_field_and_drops_other_metadata() {
        let m = Manifest::from_map(&load(
            "apiVersion: viaduct.ai/v2\nkind: ksops\nmetadata: {name: gen}\nextra: 1\n\
             files: [a.enc.yaml]\nsecretFrom:\n- metadata: {name: s, namespace: ns, uid: x}\n  \
             type: kubernetes.io/tls\n  files: [k=f.enc]\n  binaryFiles: [b.enc]\n  envs: [e.enc.env]\n",
        ))
        .unwrap();
        assert_eq!(m.name, "gen");
        assert_eq!(m.files, ["a.enc.yaml"]);
        let s = &m.secret_from[0];
        assert_eq!(s.type_.as_deref(), Some("kubernetes.io/tls"));
        assert!(s.metadata.get("uid").is_none());
        assert_eq!(s.metadata.get("namespace"), Some(&Value::Str("ns".into())));
        assert_eq!(s.files[0].key, "k");
        assert_eq!(s.binary_files[0].key, "b.enc");
        assert_eq!(s.envs, ["e.enc.env"]);
    }

    #[test]
    fn output_annotation_is_read_and_removed() {
        let m = Manifest::from_map(&load(
            "metadata: {name: g}\nsecretFrom:\n- metadata:\n    name: s\n    annotations: {rsops.io/output: data}\n  files: [a]\n",
        ))
        .unwrap();
        assert!(m.secret_from[0].output_data);
        assert!(m.secret_from[0].metadata.get("annotations").is_none());
        let err = Manifest::from_map(&load(
            "metadata: {name: g}\nsecretFrom:\n- metadata:\n    name: s\n    annotations: {rsops.io/output: base64}\n  files: [a]\n",
        ))
        .unwrap_err();
        assert!(err.to_string().contains("rsops.io/output"), "{err}");
    }

    #[test]
    fn needs_files_or_secret_from() {
        let err = Manifest::from_map(&load("kind: ksops\nmetadata: {name: g}\n")).unwrap_err();
        assert!(err.to_string().contains("\"g\""), "{err}");
        assert!(Manifest::from_map(&load("metadata: {name: g}\nfiles: []\n")).is_ok());
    }
}
