//! The dotenv store, read and written the way sops' dotenv store does
//! (docs/format.md §5.4).
//!
//! A file is a list of lines. An empty line is skipped; a line starting
//! with `#` is a comment (its text is everything after the `#`); any other
//! line is `KEY=value`, where the key is every byte before the first `=`
//! (spaces and `export ` included) and the value every byte after it, with
//! each two-character `\n` read as a newline. There is no quoting, trimming
//! or variable expansion: sops keeps quotes as part of the value, and so
//! does rsops. Keys starting with `sops_` hold the flattened metadata.
//!
//! When a file is written back in the same shape only the values, comments
//! and `sops_*` lines change, so blank lines and everything else the user
//! wrote stay (sops drops blank lines).

use std::ops::Range;

use zeroize::Zeroizing;

use super::text::TextStore;
use super::{flatten, splice, Keeps, StoreError, StoreOptions};
use crate::tree::{Item, Map, Shape, Tree, Value};

const SOPS_PREFIX: &str = "sops_";

/// The original text of a dotenv file, for rewriting it in place.
pub struct Source<'a> {
    text: &'a [u8],
    /// The shape of the tree as read, to check that a rewrite keeps it.
    shape: Shape,
    /// The bytes of each item's text (value after `=`, comment after `#`),
    /// in tree order.
    spans: Vec<Range<usize>>,
    /// Runs of consecutive `sops_*` lines, without the final line break.
    sops_blocks: Vec<Range<usize>>,
}

/// The dotenv store.
pub struct DotenvStore;

impl TextStore for DotenvStore {
    type Source<'a> = Source<'a>;

    const KEEPS: Keeps = Keeps {
        comments: true,
        types: false,
    };

    fn read(bytes: &[u8]) -> Result<(Tree, Option<Value>, Source<'_>), StoreError> {
        read(bytes)
    }

    fn emit(tree: &Tree, metadata: Option<&Value>) -> Result<Zeroizing<Vec<u8>>, StoreError> {
        emit(tree, metadata)
    }

    fn rewrite(
        source: &Source<'_>,
        tree: &Tree,
        meta: Option<&Value>,
    ) -> Result<Option<Zeroizing<Vec<u8>>>, StoreError> {
        let items = tree.branches.first().map(|b| b.0.as_slice()).unwrap_or(&[]);
        // The shape is a hash; the count makes a collision harmless.
        if source.shape != tree.shape() || items.len() != source.spans.len() {
            return Ok(None);
        }
        let mut edits = Vec::new();
        for (item, span) in items.iter().zip(&source.spans) {
            let text = match item {
                Item::Comment(c) => c.as_bytes().to_vec(),
                Item::Entry(k, v) => render(k, v)?,
            };
            edits.push((span.clone(), text));
        }
        let block = splice::Block {
            newline: "\n",
            blank_line_before: false,
        };
        let lines = meta.map(metadata_lines);
        edits.extend(block.edits(source.text, &source.sops_blocks, lines.as_deref()));
        Ok(splice::apply(source.text, edits))
    }

    fn emit_value(_value: &Value, _opts: &StoreOptions) -> Result<Zeroizing<Vec<u8>>, StoreError> {
        Err(StoreError::Emit(
            "the dotenv store only supports emitting strings; use --output-type json".into(),
        ))
    }
}

/// Parses a dotenv file; the `sops_*` keys become the metadata value.
fn read(bytes: &[u8]) -> Result<(Tree, Option<Value>, Source<'_>), StoreError> {
    let mut root = Map::default();
    let mut spans = Vec::new();
    let mut sops_pairs: Vec<(String, String)> = Vec::new();
    let mut sops_blocks: Vec<Range<usize>> = Vec::new();
    let mut start = 0;
    for (index, line) in bytes.split(|&b| b == b'\n').enumerate() {
        let range = start..start + line.len();
        start = range.end + 1;
        let number = index + 1;
        if line.is_empty() {
            continue;
        }
        if line[0] == b'#' {
            root.0
                .push(Item::Comment(utf8(&line[1..], number, 2, "comment")?));
            spans.push(range.start + 1..range.end);
            continue;
        }
        let Some(eq) = line.iter().position(|&b| b == b'=') else {
            return Err(StoreError::Parse {
                line: number,
                column: 1,
                message: "this line has no '=': every line must be KEY=value, a # comment or empty"
                    .into(),
            });
        };
        let key = utf8(&line[..eq], number, 1, "key")?;
        let raw = &line[eq + 1..];
        if let Some(name) = key.strip_prefix(SOPS_PREFIX) {
            sops_pairs.push((name.to_owned(), utf8(raw, number, eq + 2, "value")?));
            match sops_blocks.last_mut() {
                Some(block) if block.end + 1 == range.start => block.end = range.end,
                _ => sops_blocks.push(range),
            }
            continue;
        }
        let value = unescape(raw);
        root.push(
            key,
            match String::from_utf8(value) {
                Ok(s) => Value::Str(s),
                Err(e) => Value::Bytes(e.into_bytes()),
            },
        );
        spans.push(range.start + eq + 1..range.end);
    }
    let metadata = if sops_pairs.is_empty() {
        None
    } else {
        let pairs = sops_pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()));
        Some(flatten::unflatten(pairs).map_err(|why| {
            StoreError::Invalid(format!("the sops_* metadata lines are malformed: {why}"))
        })?)
    };
    let tree = Tree::single(root);
    let source = Source {
        text: bytes,
        shape: tree.shape(),
        spans,
        sops_blocks,
    };
    Ok((tree, metadata, source))
}

fn utf8(bytes: &[u8], line: usize, column: usize, what: &str) -> Result<String, StoreError> {
    String::from_utf8(bytes.to_vec()).map_err(|e| StoreError::Parse {
        line,
        column: column + e.utf8_error().valid_up_to(),
        message: format!("this {what} is not valid UTF-8"),
    })
}

/// Replaces every two-character `\n` with a newline.
fn unescape(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'\\' && raw.get(i + 1) == Some(&b'n') {
            out.push(b'\n');
            i += 2;
        } else {
            out.push(raw[i]);
            i += 1;
        }
    }
    out
}

/// Writes `bytes` with each newline as the two characters `\n`.
fn escape(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    for &b in bytes {
        if b == b'\n' {
            out.extend_from_slice(b"\\n");
        } else {
            out.push(b);
        }
    }
    out
}

/// The text of a value as sops' `ValueToString` writes it, newlines
/// escaped. Lists and mappings cannot be written.
fn render(key: &str, value: &Value) -> Result<Vec<u8>, StoreError> {
    let text = match value {
        Value::Str(s) | Value::Comment(s) => return Ok(escape(s.as_bytes())),
        Value::Bytes(b) => return Ok(escape(b)),
        Value::Map(_) | Value::List(_) => {
            return Err(StoreError::Emit(format!(
                "cannot use complex value in dotenv file; offending key {key}"
            )))
        }
        scalar => super::value_to_string(scalar),
    };
    Ok(escape(text.as_bytes()))
}

fn metadata_lines(meta: &Value) -> Vec<String> {
    flatten::flatten(meta)
        .into_iter()
        .map(|(k, v)| format!("{SOPS_PREFIX}{k}={v}"))
        .collect()
}

/// Writes a whole file the way sops does: one line per item, then the
/// metadata lines sorted by name.
fn emit(tree: &Tree, meta: Option<&Value>) -> Result<Zeroizing<Vec<u8>>, StoreError> {
    let mut out = Zeroizing::new(Vec::new());
    if let Some(root) = tree.branches.first() {
        for item in &root.0 {
            match item {
                Item::Comment(c) => {
                    out.push(b'#');
                    out.extend_from_slice(c.as_bytes());
                }
                Item::Entry(k, v) => {
                    out.extend_from_slice(k.as_bytes());
                    out.push(b'=');
                    out.extend(render(k, v)?);
                }
            }
            out.push(b'\n');
        }
    }
    for line in meta.map(metadata_lines).unwrap_or_default() {
        out.extend_from_slice(line.as_bytes());
        out.push(b'\n');
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_verbatim_except_newline_escapes() {
        let text = b"# c\n\nexport A = \"x\\ny\" \n=e\nsops_version=3.11.0\n";
        let (tree, meta, _) = read(text).unwrap();
        let root = &tree.branches[0];
        assert_eq!(root.0[0], Item::Comment(" c".into()));
        assert_eq!(
            root.get("export A "),
            Some(&Value::Str(" \"x\ny\" ".into()))
        );
        assert_eq!(root.get(""), Some(&Value::Str("e".into())));
        assert!(meta.is_some());
        assert_eq!(root.0.len(), 3);
    }

    #[test]
    fn new_metadata_replaces_the_old_lines_in_place() {
        let text = b"A=1\nsops_version=3.10.0\nsops_mac=x\n\n#tail\n";
        let (tree, meta, src) = read(text).unwrap();
        assert!(meta.is_some());
        let mut m = Map::default();
        m.push("version", Value::Str("3.11.0".into()));
        let out = DotenvStore::rewrite(&src, &tree, Some(&Value::Map(m)))
            .unwrap()
            .unwrap();
        assert_eq!(&out[..], b"A=1\nsops_version=3.11.0\n\n#tail\n");
    }

    #[test]
    fn a_line_without_equals_is_an_error_with_its_number() {
        let err = read(b"A=1\n\nsecret-looking-line\n").err().unwrap();
        assert_eq!(
            err.to_string(),
            "line 3, column 1: this line has no '=': every line must be KEY=value, a # comment or empty"
        );
    }

    #[test]
    fn non_utf8_values_are_bytes() {
        let (tree, _, src) = read(b"A=\xff\x00\n").unwrap();
        assert_eq!(
            tree.branches[0].get("A"),
            Some(&Value::Bytes(vec![0xff, 0]))
        );
        let out = DotenvStore::rewrite(&src, &tree, None).unwrap().unwrap();
        assert_eq!(&out[..], b"A=\xff\x00\n");
    }

    #[test]
    fn emit_escapes_newlines_and_refuses_nesting() {
        let mut root = Map::default();
        root.0.push(Item::Comment(" hi".into()));
        root.push("A", Value::Str("x\ny".into()));
        root.push("N", Value::Float(crate::tree::Float::new(1000.0)));
        let out = emit(&Tree::single(root.clone()), None).unwrap();
        assert_eq!(&out[..], b"# hi\nA=x\\ny\nN=1000.0\n");
        root.push("M", Value::Map(Map::default()));
        assert!(emit(&Tree::single(root), None).is_err());
    }
}
