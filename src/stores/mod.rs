//! Stores: one per file format, each converting bytes to the tree and back.
//!
//! Every store offers the same operations: load a file (plain or
//! encrypted), emit it encrypted, emit it plain and emit a single value.
//! When a file is written back in its own format the store rewrites the
//! original text where it can, so that only values (and the metadata block)
//! change.

#![doc(hidden)]

pub mod binary;
pub mod dotenv;
pub mod flatten;
pub mod ini;
pub mod json;
mod splice;
mod text;
pub mod toml;
pub mod yaml;

use std::path::Path;

use zeroize::Zeroizing;

use crate::cipher;
use crate::tree::{Item, Map, Tree, Value};

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
    /// Every format, sops' first.
    pub const ALL: [Format; 6] = [
        Format::Yaml,
        Format::Json,
        Format::Dotenv,
        Format::Ini,
        Format::Binary,
        Format::Toml,
    ];

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
    /// The encrypted text written in the store's own layout does not read
    /// back as what was meant (a bug in rsops); nothing was written.
    #[error("the encrypted {0} text rsops produced does not read back as the data it holds, so it was not written (this is a bug in rsops; please report it with the file's structure, not its values)")]
    ReadBack(&'static str),
}

/// A loaded file: its tree, the raw metadata value if there was one, and
/// what the store needs to write the file back in its own layout.
pub struct Document<'a> {
    pub tree: Tree,
    pub metadata: Option<Value>,
    /// The original text as the store keeps it; `None` for binary data.
    pub layout: Option<Box<dyn Layout + 'a>>,
}

impl<'a> Document<'a> {
    /// A loaded file whose store keeps its text in `layout`.
    pub fn new(tree: Tree, metadata: Option<Value>, layout: impl Layout + 'a) -> Self {
        Document {
            tree,
            metadata,
            layout: Some(Box::new(layout)),
        }
    }
}

/// A store: one file format, converting bytes to the tree and back (sops'
/// `Store` interface). [`Format::store`] picks one.
pub trait Store: Sync {
    /// Parses a file; `encrypted` says whether it carries sops metadata,
    /// which is then taken out of the tree and returned apart.
    fn load<'a>(&self, bytes: &'a [u8], encrypted: bool) -> Result<Document<'a>, StoreError>;

    /// Writes `tree` anew in the store's own layout (sops' layout), with
    /// `metadata` as its sops block when the file is encrypted.
    fn emit(
        &self,
        tree: &Tree,
        metadata: Option<&Value>,
        opts: &StoreOptions,
    ) -> Result<Zeroizing<Vec<u8>>, StoreError>;

    /// Writes one value, for `--extract`.
    fn emit_value(
        &self,
        value: &Value,
        opts: &StoreOptions,
    ) -> Result<Zeroizing<Vec<u8>>, StoreError>;

    /// What a file of this store keeps of a tree, for the read-back check.
    fn keeps(&self) -> Keeps;

    /// The tree and metadata of an encrypted file, as [`Store::load`] reads
    /// them, for the read-back check; a store may skip what only a rewrite
    /// of the text needs.
    fn read_back(&self, bytes: &[u8]) -> Result<(Tree, Option<Value>), StoreError> {
        self.load(bytes, true).map(|doc| (doc.tree, doc.metadata))
    }

    /// Whether `text`, an encrypted file this store wrote, reads back as
    /// `tree` with `meta` as its metadata, as far as the store keeps a tree.
    /// A store may answer without building a second tree, as long as it
    /// checks no less.
    fn reads_back(&self, text: &[u8], tree: &Tree, meta: &Value) -> bool {
        self.read_back(text).is_ok_and(|(read_tree, read_meta)| {
            same_as_written(&read_tree, read_meta.as_ref(), tree, meta, self.keeps())
        })
    }
}

/// What a store keeps of a tree when it writes it.
#[derive(Clone, Copy, Debug)]
pub struct Keeps {
    /// Comments (JSON has none).
    pub comments: bool,
    /// Scalar types; dotenv and INI values are all strings, so their
    /// values are compared as sops' `ValToString` prints them.
    pub types: bool,
}

/// The original text of a loaded file, kept by its store to write the file
/// back with only the values (and the metadata block) changed.
pub trait Layout {
    /// The original text with the values of `tree` and `metadata` as the
    /// sops block (`None` removes it); `None` when the text cannot be kept
    /// (the tree changed shape), and the file is written anew.
    fn rewrite(
        &self,
        tree: &Tree,
        metadata: Option<&Value>,
        opts: &StoreOptions,
    ) -> Result<Option<Zeroizing<Vec<u8>>>, StoreError>;
}

impl Format {
    /// The store that reads and writes this format.
    pub fn store(self) -> &'static dyn Store {
        match self {
            Format::Yaml => &yaml::YamlStore,
            Format::Json => &json::JsonStore,
            Format::Dotenv => &dotenv::DotenvStore,
            Format::Ini => &ini::IniStore,
            Format::Binary => &binary::BinaryStore,
            Format::Toml => &toml::TomlStore,
        }
    }
}

/// Parses a file in `format`; `encrypted` says whether it is expected to
/// carry sops metadata.
pub fn load(format: Format, bytes: &[u8], encrypted: bool) -> Result<Document<'_>, StoreError> {
    format.store().load(bytes, encrypted)
}

/// Writes `tree` in `format`: in the original layout when `original` is
/// given and can be kept, else anew. With `metadata` (an encrypted file)
/// the text is parsed back and compared with what was meant before it is
/// returned: an encrypted file that does not read back loses its secrets.
/// A rewrite that does not read back falls back to the store's own layout;
/// a new file that does not read back is refused.
pub fn write(
    format: Format,
    tree: &Tree,
    metadata: Option<&Value>,
    original: Option<&dyn Layout>,
    opts: &StoreOptions,
) -> Result<Zeroizing<Vec<u8>>, StoreError> {
    write_with(
        format.store(),
        format.name(),
        tree,
        metadata,
        original,
        opts,
    )
}

/// [`write`] with a given store.
fn write_with(
    store: &dyn Store,
    name: &'static str,
    tree: &Tree,
    metadata: Option<&Value>,
    original: Option<&dyn Layout>,
    opts: &StoreOptions,
) -> Result<Zeroizing<Vec<u8>>, StoreError> {
    let checked = |text: &[u8]| metadata.is_none_or(|meta| store.reads_back(text, tree, meta));
    if let Some(layout) = original {
        if let Some(text) = layout.rewrite(tree, metadata, opts)? {
            if checked(&text) {
                return Ok(text);
            }
        }
    }
    let text = store.emit(tree, metadata, opts)?;
    if !checked(&text) {
        return Err(StoreError::ReadBack(name));
    }
    Ok(text)
}

/// Writes one value, for `--extract`.
pub fn emit_value(
    format: Format,
    value: &Value,
    opts: &StoreOptions,
) -> Result<Zeroizing<Vec<u8>>, StoreError> {
    format.store().emit_value(value, opts)
}

/// Whether a tree and metadata read back from an encrypted file are
/// `tree` and `meta` as written, as far as the store `keeps` them.
pub(crate) fn same_as_written(
    read_tree: &Tree,
    read_meta: Option<&Value>,
    tree: &Tree,
    meta: &Value,
    keeps: Keeps,
) -> bool {
    // Compared as the flattened `name=value` pairs: what sops reads of
    // it, whatever types the store gives numbers and times.
    read_meta.is_some_and(|read| flatten::flatten(read) == flatten::flatten(meta))
        && read_tree.branches.len() == tree.branches.len()
        && read_tree
            .branches
            .iter()
            .zip(&tree.branches)
            .all(|(r, w)| same_map(r, w, keeps))
}

fn same_map(read: &Map, written: &Map, keeps: Keeps) -> bool {
    // An entry whose value is an empty mapping holds nothing that can be
    // lost, and the INI reader adds an empty `DEFAULT` section as go-ini
    // does.
    fn kept(m: &Map, keeps: Keeps) -> Vec<&Item> {
        m.0.iter()
            .filter(|i| match i {
                Item::Comment(_) => keeps.comments,
                Item::Entry(_, Value::Map(m)) => !m.0.is_empty(),
                Item::Entry(..) => true,
            })
            .collect()
    }
    let (read, written) = (kept(read, keeps), kept(written, keeps));
    read.len() == written.len()
        && read.iter().zip(&written).all(|pair| match pair {
            (Item::Entry(rk, rv), Item::Entry(wk, wv)) => rk == wk && same_value(rv, wv, keeps),
            (r, w) => r == w,
        })
}

pub(crate) fn same_value(read: &Value, written: &Value, keeps: Keeps) -> bool {
    match (read, written) {
        (Value::Str(r), Value::Str(w)) => same_text(r, w),
        // The walk leaves an encrypted list comment as a string; stores
        // read it back as the comment it is.
        (Value::Comment(r), Value::Str(w)) if cipher::is_enc_value(w) => same_text(r, w),
        (Value::List(r), Value::List(w)) => {
            // The walk leaves an encrypted list comment as a string.
            fn is_comment(v: &Value) -> bool {
                match v {
                    Value::Comment(_) => true,
                    Value::Str(s) => cipher::is_enc_value(s) && s.ends_with(",type:comment]"),
                    _ => false,
                }
            }
            fn kept(l: &[Value], keeps: Keeps) -> Vec<&Value> {
                l.iter()
                    .filter(|v| keeps.comments || !is_comment(v))
                    .collect()
            }
            let (r, w) = (kept(r, keeps), kept(w, keeps));
            r.len() == w.len() && r.iter().zip(&w).all(|(r, w)| same_value(r, w, keeps))
        }
        (Value::Map(r), Value::Map(w)) => same_map(r, w, keeps),
        (r, w) if !keeps.types => value_to_string(r) == value_to_string(w),
        (r, w) => r == w,
    }
}

/// A token written as a YAML block scalar reads back with the block's
/// final line break, which is ignored after the `]`.
pub(crate) fn same_text(read: &str, written: &str) -> bool {
    read == written
        || (cipher::is_enc_value(written) && read.trim_end_matches(['\n', '\r']) == written)
}

/// A scalar as sops' `ValToString` prints it in dotenv and INI files.
pub fn value_to_string(value: &Value) -> String {
    match value {
        Value::Str(s) | Value::Comment(s) => s.clone(),
        Value::Bytes(b) => String::from_utf8_lossy(b).into_owned(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => crate::number::format_dotenv(f.value),
        Value::Bool(b) => b.to_string(),
        Value::Time(t) => crate::encoding::format_time(&t.replace_nanosecond(0).unwrap_or(*t)),
        Value::Null => "<nil>".to_owned(),
        Value::Map(_) | Value::List(_) => String::new(),
    }
}

/// Turns emitted text into bytes without copying it (a copy would leave
/// one more plaintext buffer to zeroize).
pub(crate) fn into_bytes(text: Zeroizing<String>) -> Zeroizing<Vec<u8>> {
    Zeroizing::new(crate::memory::take_zeroizing(text).into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file with a comment, an encrypted-looking value, a number and
    /// metadata that every store can hold.
    fn encrypted_tree(format: Format) -> (Tree, Value) {
        let mut root = Map::default();
        // An INI comment before a section's first key is the section's.
        if !matches!(format, Format::Binary | Format::Ini) {
            root.0.push(Item::Comment(" note".into()));
        }
        let token = "ENC[AES256_GCM,data:AA==,iv:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=,tag:AAAAAAAAAAAAAAAAAAAAAA==,type:str]";
        root.push("data", Value::Str(token.into()));
        let mut meta = Map::default();
        meta.push("mac", Value::Str(token.into()));
        meta.push("version", Value::Str("3.11.0".into()));
        (Tree::single(root), Value::Map(meta))
    }

    /// A layout whose rewrite is wrong: it drops every value.
    struct Lossy;

    impl Layout for Lossy {
        fn rewrite(
            &self,
            _: &Tree,
            metadata: Option<&Value>,
            opts: &StoreOptions,
        ) -> Result<Option<Zeroizing<Vec<u8>>>, StoreError> {
            let mut empty = Map::default();
            empty.push("other", Value::Str("x".into()));
            Format::Yaml
                .store()
                .emit(&Tree::single(empty), metadata, opts)
                .map(Some)
        }
    }

    #[test]
    fn a_rewrite_that_does_not_read_back_falls_back_to_the_stores_layout() {
        let opts = StoreOptions::default();
        for format in Format::ALL {
            let (tree, meta) = encrypted_tree(format);
            let tree = if format == Format::Ini {
                // INI values live in sections.
                let mut root = Map::default();
                root.push("s", Value::Map(tree.branches[0].clone()));
                Tree::single(root)
            } else {
                tree
            };
            let written = write(format, &tree, Some(&meta), Some(&Lossy), &opts)
                .unwrap_or_else(|e| panic!("{format:?}: {e}"));
            let fresh = format.store().emit(&tree, Some(&meta), &opts).unwrap();
            assert_eq!(&written[..], &fresh[..], "{format:?}");
            assert!(
                format.store().reads_back(&written, &tree, &meta),
                "{format:?}"
            );
        }
    }

    /// A store whose own layout loses a value.
    struct Dropping;

    impl Store for Dropping {
        fn load<'a>(&self, bytes: &'a [u8], encrypted: bool) -> Result<Document<'a>, StoreError> {
            Format::Json.store().load(bytes, encrypted)
        }

        fn emit(
            &self,
            _: &Tree,
            metadata: Option<&Value>,
            opts: &StoreOptions,
        ) -> Result<Zeroizing<Vec<u8>>, StoreError> {
            Format::Json.store().emit(&Tree::default(), metadata, opts)
        }

        fn emit_value(
            &self,
            value: &Value,
            opts: &StoreOptions,
        ) -> Result<Zeroizing<Vec<u8>>, StoreError> {
            Format::Json.store().emit_value(value, opts)
        }

        fn keeps(&self) -> Keeps {
            Format::Json.store().keeps()
        }
    }

    #[test]
    fn an_encrypted_file_that_does_not_read_back_is_refused() {
        let (tree, meta) = encrypted_tree(Format::Json);
        let opts = StoreOptions::default();
        let result = write_with(&Dropping, "json", &tree, Some(&meta), None, &opts);
        assert!(matches!(result, Err(StoreError::ReadBack("json"))));
        // Plain output is not checked: nothing secret can be lost there.
        assert!(write_with(&Dropping, "json", &tree, None, None, &opts).is_ok());
    }
}
