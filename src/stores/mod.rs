//! Stores: one per file format, each converting bytes to the tree and back.
//!
//! Every store offers the same operations: load a file (plain or
//! encrypted), emit it encrypted, emit it plain and emit a single value.
//! When a file is written back in its own format the store rewrites the
//! original text where it can, so that only values (and the metadata block)
//! change.

pub mod binary;
pub mod dotenv;
pub mod flatten;
pub mod ini;
pub mod json;
mod splice;
pub mod toml;
pub mod yaml;

use std::path::Path;

use zeroize::Zeroizing;

use crate::metadata::{Metadata, MetadataStyle};
use crate::tree::{Tree, Value};

/// A file format sops knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Json,
    Dotenv,
    Ini,
    Binary,
    /// An rsops extra: sops has no TOML store.
    Toml,
}

impl Format {
    /// The format sops infers from a file name: `.yaml`/`.yml`, `.json`,
    /// `.env`, `.ini`, anything else binary; and `.toml`, which only rsops
    /// reads (sops takes it as binary).
    pub fn from_path(path: &Path) -> Format {
        let name = path.to_string_lossy();
        if name.ends_with(".yaml") || name.ends_with(".yml") {
            Format::Yaml
        } else if name.ends_with(".json") {
            Format::Json
        } else if name.ends_with(".env") {
            Format::Dotenv
        } else if name.ends_with(".ini") {
            Format::Ini
        } else if name.ends_with(".toml") {
            Format::Toml
        } else {
            Format::Binary
        }
    }

    /// Parses an `--input-type`/`--output-type` value.
    pub fn from_name(name: &str) -> Option<Format> {
        Some(match name {
            "yaml" => Format::Yaml,
            "json" => Format::Json,
            "dotenv" => Format::Dotenv,
            "ini" => Format::Ini,
            "binary" => Format::Binary,
            "toml" => Format::Toml,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Yaml => "yaml",
            Format::Json => "json",
            Format::Dotenv => "dotenv",
            Format::Ini => "ini",
            Format::Binary => "binary",
            Format::Toml => "toml",
        }
    }
}

/// JSON indentation: a tab per level (sops' default) or N spaces.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Indent {
    #[default]
    Tab,
    Spaces(usize),
}

impl Indent {
    /// One level of indentation.
    pub fn unit(self) -> String {
        match self {
            Indent::Tab => "\t".to_owned(),
            Indent::Spaces(n) => " ".repeat(n),
        }
    }
}

/// Per-store settings (`stores:` in `.sops.yaml`).
#[derive(Clone, Copy, Debug, Default)]
pub struct StoreOptions {
    pub json_indent: Indent,
    pub json_binary_indent: Indent,
    /// Spaces per level for YAML written anew (`stores.yaml.indent`, legacy
    /// `--indent`); 0 means sops' default of 4.
    pub yaml_indent: usize,
}

impl StoreOptions {
    /// Applies legacy `--indent N`, which sets every store's indentation.
    pub fn set_indent(&mut self, spaces: usize) {
        self.json_indent = Indent::Spaces(spaces);
        self.json_binary_indent = Indent::Spaces(spaces);
        self.yaml_indent = spaces;
    }
}

/// Why a file could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("line {line}, column {column}: {message}")]
    Parse {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{0}")]
    Invalid(String),
    #[error("{0}")]
    Emit(String),
    #[error("the {0} store is not available in this rsops build yet")]
    Unsupported(&'static str),
    /// A value sops cannot put in its tree (a non-string key, an integer
    /// above i64); sops exits 23 for these.
    #[error("line {line}, column {column}: {message}")]
    Unrepresentable {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("the file has no YAML document; sops needs at least one")]
    NoDocuments,
}

/// A loaded file: its tree, the raw metadata value if there was one, and
/// what the store needs to rewrite the original text.
pub struct Document<'a> {
    pub tree: Tree,
    pub metadata: Option<Value>,
    pub source: Source<'a>,
}

/// The original text of a loaded file, per store; it borrows the text it
/// was loaded from rather than copying it.
pub enum Source<'a> {
    Json(json::Source<'a>),
    Dotenv(dotenv::Source<'a>),
    Ini(ini::Source<'a>),
    Toml(toml::Source<'a>),
    Yaml(yaml::Source<'a>),
    /// Nothing to keep (binary data, or a store without a rewriter).
    None,
}

/// Parses a file in `format`; `encrypted` says whether it is expected to
/// carry sops metadata (only the binary store reads the two differently).
pub fn load(format: Format, bytes: &[u8], encrypted: bool) -> Result<Document<'_>, StoreError> {
    match format {
        Format::Json => {
            let (tree, metadata, source) = json::load(bytes)?;
            Ok(Document {
                tree,
                metadata,
                source: Source::Json(source),
            })
        }
        Format::Dotenv => {
            let (tree, metadata, source) = dotenv::load(bytes)?;
            Ok(Document {
                tree,
                metadata,
                source: Source::Dotenv(source),
            })
        }
        Format::Ini => {
            let (mut tree, metadata, source) = ini::load(bytes)?;
            if encrypted {
                ini::collapse_encrypted_comments(&mut tree);
            }
            Ok(Document {
                tree,
                metadata,
                source: Source::Ini(source),
            })
        }
        Format::Toml => {
            let (tree, metadata, source) = toml::load(bytes)?;
            Ok(Document {
                tree,
                metadata,
                source: Source::Toml(source),
            })
        }
        Format::Yaml => {
            let (tree, metadata, source) = yaml::load(bytes, encrypted)?;
            Ok(Document {
                tree,
                metadata,
                source: Source::Yaml(source),
            })
        }
        Format::Binary if encrypted => binary::load_encrypted(bytes),
        Format::Binary => binary::load_plain(bytes),
    }
}

/// Writes an encrypted document: the encrypted tree plus `metadata`.
pub fn emit_encrypted(
    format: Format,
    tree: &Tree,
    metadata: &Metadata,
    with_rule: bool,
    original: &Source,
    opts: &StoreOptions,
) -> Result<Vec<u8>, StoreError> {
    let style = MetadataStyle {
        empty_lists_as_null: format != Format::Yaml,
        with_rule,
    };
    let meta = metadata.to_value(style);
    match (format, original) {
        (Format::Json, Source::Json(src)) => {
            if let Some(text) = src.rewrite(tree, Some(&meta))? {
                return Ok(text.as_bytes().to_vec());
            }
            Ok(json::emit(tree, Some(&meta), opts.json_indent)?
                .as_bytes()
                .to_vec())
        }
        (Format::Json, _) => Ok(json::emit(tree, Some(&meta), opts.json_indent)?
            .as_bytes()
            .to_vec()),
        (Format::Yaml, Source::Yaml(src)) => {
            // An encrypted file that cannot be read back loses its secrets,
            // so a rewrite of the user's layout is kept only when it reads
            // back as exactly what was meant; otherwise (a layout the
            // rewriter gets wrong) the file is written in go-yaml's layout.
            let text = src
                .rewrite(tree, Some(&meta), opts.yaml_indent)?
                .filter(|text| yaml::reads_back(text, tree, &meta))
                .unwrap_or_else(|| yaml::emit(tree, Some(&meta), opts.yaml_indent));
            Ok(text.as_bytes().to_vec())
        }
        (Format::Yaml, _) => Ok(yaml::emit(tree, Some(&meta), opts.yaml_indent)
            .as_bytes()
            .to_vec()),
        (Format::Binary, _) => Ok(json::emit(tree, Some(&meta), opts.json_binary_indent)?
            .as_bytes()
            .to_vec()),
        (Format::Dotenv | Format::Ini | Format::Toml, original) => {
            Ok(rewritten_or_new(format, tree, Some(&meta), original)?.to_vec())
        }
    }
}

/// A dotenv, INI or TOML file: the original text rewritten when there is
/// one of the same shape, else a new file.
fn rewritten_or_new(
    format: Format,
    tree: &Tree,
    meta: Option<&Value>,
    original: &Source,
) -> Result<Zeroizing<Vec<u8>>, StoreError> {
    let bytes = into_bytes;
    let kept = match original {
        Source::Dotenv(src) if format == Format::Dotenv => src.rewrite(tree, meta)?,
        Source::Ini(src) if format == Format::Ini => src.rewrite(tree, meta)?.map(bytes),
        Source::Toml(src) if format == Format::Toml => src.rewrite(tree, meta)?.map(bytes),
        _ => None,
    };
    match (kept, format) {
        (Some(text), _) => Ok(text),
        (None, Format::Dotenv) => dotenv::emit(tree, meta),
        (None, Format::Ini) => ini::emit(tree, meta).map(bytes),
        (None, Format::Toml) => toml::emit(tree, meta).map(bytes),
        (None, other) => Err(StoreError::Unsupported(other.name())),
    }
}

/// A scalar as sops' `ValToString` prints it in dotenv and INI files.
pub fn value_to_string(value: &Value) -> String {
    match value {
        Value::Str(s) | Value::Comment(s) => s.clone(),
        Value::Bytes(b) => String::from_utf8_lossy(b).into_owned(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => crate::number::format_dotenv(f.value),
        Value::Bool(b) => b.to_string(),
        Value::Time(t) => crate::cipher::format_time(&t.replace_nanosecond(0).unwrap_or(*t)),
        Value::Null => "<nil>".to_owned(),
        Value::Map(_) | Value::List(_) => String::new(),
    }
}

/// Writes a decrypted document.
pub fn emit_plain(
    format: Format,
    tree: &Tree,
    original: &Source,
    opts: &StoreOptions,
) -> Result<Zeroizing<Vec<u8>>, StoreError> {
    let text = match (format, original) {
        (Format::Json, Source::Json(src)) => match src.rewrite(tree, None)? {
            Some(text) => text,
            None => json::emit(tree, None, opts.json_indent)?,
        },
        (Format::Json, _) => json::emit(tree, None, opts.json_indent)?,
        (Format::Yaml, Source::Yaml(src)) => match src.rewrite(tree, None, opts.yaml_indent)? {
            Some(text) => text,
            None => yaml::emit(tree, None, opts.yaml_indent),
        },
        (Format::Yaml, _) => yaml::emit(tree, None, opts.yaml_indent),
        (Format::Binary, _) => return binary::emit_plain(tree),
        (Format::Dotenv | Format::Ini | Format::Toml, original) => {
            return rewritten_or_new(format, tree, None, original)
        }
    };
    Ok(into_bytes(text))
}

/// Turns emitted text into bytes without copying it (a copy would leave
/// one more plaintext buffer to zeroize).
fn into_bytes(text: Zeroizing<String>) -> Zeroizing<Vec<u8>> {
    Zeroizing::new(crate::cipher::take_zeroizing(text).into_bytes())
}

/// Writes one value, for `--extract`.
pub fn emit_value(
    format: Format,
    value: &Value,
    opts: &StoreOptions,
) -> Result<Zeroizing<Vec<u8>>, StoreError> {
    match format {
        Format::Json => Ok(Zeroizing::new(
            json::emit_value(value, opts.json_indent)?
                .as_bytes()
                .to_vec(),
        )),
        // sops' INI store writes a single value as JSON; so does TOML.
        Format::Ini | Format::Toml => Ok(Zeroizing::new(
            json::emit_value(value, opts.json_indent)?
                .as_bytes()
                .to_vec(),
        )),
        Format::Dotenv => Err(StoreError::Emit(
            "the dotenv store only supports emitting strings; use --output-type json".into(),
        )),
        Format::Yaml => Ok(Zeroizing::new(
            yaml::emit_value(value, opts.yaml_indent)
                .as_bytes()
                .to_vec(),
        )),
        Format::Binary => Err(StoreError::Emit(
            "the binary store cannot extract a value; use --output-type json".into(),
        )),
    }
}
