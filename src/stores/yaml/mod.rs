//! The YAML store: keeps the file as written.
//!
//! sops reads YAML into its tree and writes it back in go-yaml's layout,
//! which moves comments, re-indents, turns flow collections into block
//! ones and changes quoting. rsops parses with a strict parser that keeps
//! byte spans ([`parse`]), builds the same tree sops builds ([`to_tree`],
//! reading scalars as go-yaml does: [`resolve`]), and when writing the
//! file back replaces only the values, comments and `sops:` block that
//! changed ([`rewrite`]). A file that changes shape, or comes from another
//! format, is written in go-yaml's layout ([`emit`], quoting as go-yaml
//! does: [`style`]). What cannot come back as written is listed in
//! `docs/yaml-fidelity.md`.

mod comments;
mod emit;
mod parse;
mod resolve;
mod rewrite;
mod sops_block;
mod style;
#[cfg(test)]
mod test_suite;
mod to_tree;

use zeroize::Zeroizing;

use super::{flatten, into_bytes, splice, Keeps, Layout, Store, StoreError, StoreOptions};
use crate::tree::{Map, Tree, Value};
use parse::{byte_column, Kind, MapItem, Node, Stream};
use rewrite::{Edits, Replacement, Rewriter};

/// sops' YAML indentation when none is configured.
pub const DEFAULT_INDENT: usize = 4;

/// What the reader keeps of a YAML text to write it back in place.
pub struct Source<'a> {
    text: &'a str,
    stream: Stream<'a>,
    /// The tree as read (without `sops` entries when read encrypted).
    shape: Tree,
    /// Whether top-level `sops` entries were taken out of the tree.
    skip_sops: bool,
    /// One level of indentation as the file uses it.
    unit: usize,
}

/// The YAML store.
pub struct YamlStore;

impl Store for YamlStore {
    /// One branch per document. When `encrypted`, the top-level `sops`
    /// entries are taken out of every document and the first document's is
    /// returned as the metadata.
    fn load<'a>(
        &self,
        bytes: &'a [u8],
        encrypted: bool,
    ) -> Result<super::Document<'a>, StoreError> {
        let (tree, metadata, source) = read(bytes, encrypted)?;
        Ok(super::Document::new(tree, metadata, source))
    }

    /// [`Store::load`] without what only a rewrite needs: no copy of the
    /// tree as read, no indentation detected.
    fn read_back(&self, bytes: &[u8]) -> Result<(Tree, Option<Value>), StoreError> {
        let text = utf8(bytes)?;
        let stream = parse::parse(text)?;
        let (tree, metadata, _) = stream_tree(text, stream, true)?;
        Ok((tree, metadata))
    }

    /// Reads `text` as [`Store::load`] does, up to the syntax tree with
    /// its comments placed, and compares that with `tree` and `meta` node by
    /// node (see `to_tree::check`): no second tree is built.
    fn reads_back(&self, text: &[u8], tree: &Tree, meta: &Value) -> bool {
        let Ok(text) = utf8(text) else {
            return false;
        };
        let Ok(mut stream) = parse::parse(text) else {
            return false;
        };
        if stream.docs.is_empty() || stream.docs.len() != tree.branches.len() {
            return false;
        }
        let mut read_meta = None;
        for (i, doc) in stream.docs.iter_mut().enumerate() {
            let loose = comments::place_comments(text, doc, true);
            let doc = &*doc;
            let mut sops = None;
            let mut converter = to_tree::Converter::new(text, doc, false);
            if !converter.branch_is(doc.root.as_ref(), &loose, &tree.branches[i], &mut sops) {
                return false;
            }
            if i == 0 {
                read_meta = sops;
            }
        }
        read_meta.is_some_and(|read| flatten::flatten(&read) == flatten::flatten(meta))
    }

    fn emit(
        &self,
        tree: &Tree,
        metadata: Option<&Value>,
        opts: &StoreOptions,
    ) -> Result<Zeroizing<Vec<u8>>, StoreError> {
        Ok(into_bytes(emit(tree, metadata, opts.yaml_indent)))
    }

    fn emit_value(
        &self,
        value: &Value,
        opts: &StoreOptions,
    ) -> Result<Zeroizing<Vec<u8>>, StoreError> {
        Ok(into_bytes(emit_value(value, opts.yaml_indent)))
    }

    fn keeps(&self) -> Keeps {
        Keeps {
            comments: true,
            types: true,
        }
    }
}

/// Parses a YAML stream into one branch per document.
fn read(bytes: &[u8], encrypted: bool) -> Result<(Tree, Option<Value>, Source<'_>), StoreError> {
    let text = utf8(bytes)?;
    let stream = parse::parse(text)?;
    let (tree, metadata, stream) = stream_tree(text, stream, encrypted)?;
    let unit = detect_unit(text, &stream).unwrap_or(DEFAULT_INDENT);
    let source = Source {
        text,
        stream,
        shape: tree.clone(),
        skip_sops: encrypted,
        unit,
    };
    Ok((tree, metadata, source))
}

fn utf8(bytes: &[u8]) -> Result<&str, StoreError> {
    std::str::from_utf8(bytes).map_err(|e| {
        let valid = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
        let (line, column) = parse::line_col(valid, valid.len());
        StoreError::Parse {
            line,
            column,
            message: "the file is not valid UTF-8".into(),
        }
    })
}

/// The tree of a parsed stream (comments placed, scalars resolved) and,
/// when `encrypted`, the first document's `sops` entry taken out of it.
fn stream_tree<'a>(
    text: &'a str,
    mut stream: Stream<'a>,
    encrypted: bool,
) -> Result<(Tree, Option<Value>, Stream<'a>), StoreError> {
    if stream.docs.is_empty() {
        // sops' own check is for zero bytes (exit 92); blank lines or only
        // comments fail its YAML reader instead (exit 2).
        return Err(if stream.stray_comments > 0 {
            StoreError::Invalid(
                "the file has only comments; a YAML file needs at least one mapping to encrypt"
                    .into(),
            )
        } else if !text.is_empty() {
            StoreError::Invalid(
                "the file has only blank lines; a YAML file needs at least one mapping to encrypt"
                    .into(),
            )
        } else {
            StoreError::NoDocuments
        });
    }
    let mut branches = Vec::with_capacity(stream.docs.len());
    for doc in &mut stream.docs {
        let loose = comments::place_comments(text, doc, encrypted);
        let mut converter = to_tree::Converter::new(text, doc, !encrypted);
        branches.push(converter.branch(doc.root.as_ref(), &loose)?);
    }
    let mut tree = Tree { branches };
    let metadata = if encrypted {
        let mut first = None;
        for (i, branch) in tree.branches.iter_mut().enumerate() {
            let found = branch.remove_all("sops");
            if i == 0 {
                first = found;
            }
        }
        first
    } else {
        None
    };
    Ok((tree, metadata, stream))
}

/// Writes a tree in go-yaml's layout with `sops` (when given) as the last
/// key of every document.
fn emit(tree: &Tree, sops: Option<&Value>, indent: usize) -> Zeroizing<String> {
    let unit = if indent == 0 { DEFAULT_INDENT } else { indent };
    let mut out = Zeroizing::new(String::new());
    let empty = Map::default();
    let branches: Vec<&Map> = if tree.branches.is_empty() {
        vec![&empty]
    } else {
        tree.branches.iter().collect()
    };
    for (i, branch) in branches.into_iter().enumerate() {
        if i > 0 {
            out.push_str("---\n");
        }
        emit::document(&mut out, branch, sops.map(|m| ("sops", m)), unit);
    }
    out
}

/// Writes one value (for `--extract`), as `yaml.Marshal` does.
fn emit_value(value: &Value, indent: usize) -> Zeroizing<String> {
    let unit = if indent == 0 { DEFAULT_INDENT } else { indent };
    let mut out = Zeroizing::new(String::new());
    emit::value(&mut out, value, unit);
    out
}

impl Layout for Source<'_> {
    fn rewrite(
        &self,
        tree: &Tree,
        metadata: Option<&Value>,
        opts: &StoreOptions,
    ) -> Result<Option<Zeroizing<Vec<u8>>>, StoreError> {
        self.rewrite_text(tree, metadata, opts.yaml_indent)
    }
}

impl Source<'_> {
    /// The original text with the values of `tree` (which must have the
    /// shape read) and `sops` as every document's metadata block (`None`
    /// removes it); `None` when the text cannot be kept.
    fn rewrite_text(
        &self,
        tree: &Tree,
        sops: Option<&Value>,
        indent: usize,
    ) -> Result<Option<Zeroizing<Vec<u8>>>, StoreError> {
        // The walk below checks the shape as it goes: it allows a mapping
        // one entry more at its end or one fewer (`set`, `unset`), and falls
        // back on any other change.
        if tree.branches.len() != self.shape.branches.len()
            || self.shape.branches.len() != self.stream.docs.len()
        {
            return Ok(None);
        }
        let unit = if indent == 0 { DEFAULT_INDENT } else { indent };
        let crlf = self.text.contains("\r\n");
        let block = sops.map(|m| sops_block::block_text(m, unit, crlf));
        let mut edits = Vec::new();
        for (i, doc) in self.stream.docs.iter().enumerate() {
            let (old, new) = (&self.shape.branches[i], &tree.branches[i]);
            let Some(mut found) = self.document_edits(doc, old, new, block.as_deref()) else {
                return Ok(None);
            };
            edits.append(&mut found);
        }
        let Some(mut out) = splice::apply(self.text.as_bytes(), edits) else {
            return Ok(None);
        };
        if out.iter().all(u8::is_ascii_whitespace) {
            // Nothing but the `sops` block was there: an empty mapping, as
            // go-yaml writes it.
            out.clear();
            out.extend_from_slice(b"{}\n");
        }
        Ok(Some(out))
    }

    /// The edits that write one document with the values of `new` (read as
    /// `old`) and `block` as its `sops:` block; `None` when its layout
    /// cannot be kept.
    fn document_edits(
        &self,
        doc: &parse::Doc,
        old: &Map,
        new: &Map,
        block: Option<&str>,
    ) -> Option<Edits> {
        let root = match &doc.root {
            Some(
                n @ Node {
                    kind: Kind::Map { flow: false, .. },
                    ..
                },
            ) => Some(n),
            // An empty document.
            Some(Node {
                kind: Kind::Scalar { .. },
                start,
                end,
                ..
            }) if start == end => None,
            None => None,
            Some(_) => return None,
        };
        let mut edits = match root {
            Some(node) => Rewriter::new(self.text, doc, self.unit, self.skip_sops)
                .root(node, old, new)
                .ok()?,
            None if old == new => Edits::new(),
            None => return None,
        };
        let sops_edit = sops_block::edit(self.text, root, doc.end, self.skip_sops, block);
        if let Some((range, text)) = sops_edit {
            edits.push((range, Replacement::Public(text)));
        }
        Some(edits)
    }
}

/// The indentation step of the first nested block mapping or sequence.
fn detect_unit(text: &str, stream: &Stream) -> Option<usize> {
    fn walk(text: &str, node: &Node) -> Option<usize> {
        let Kind::Map { items, flow: false } = &node.kind else {
            return None;
        };
        for item in items {
            let MapItem::Entry(k, v) = item else { continue };
            if matches!(v.kind, Kind::Map { flow: false, .. }) && v.start > k.end {
                let step = byte_column(text, v.start)
                    .checked_sub(byte_column(text, k.props_start))
                    .filter(|s| *s > 0);
                if step.is_some() {
                    return step;
                }
            }
            if let Some(step) = walk(text, v) {
                return Some(step);
            }
        }
        None
    }
    stream
        .docs
        .iter()
        .find_map(|d| d.root.as_ref().and_then(|r| walk(text, r)))
}
