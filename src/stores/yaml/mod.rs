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
mod style;
#[cfg(test)]
mod test_suite;
mod to_tree;

use std::ops::Range;

use zeroize::Zeroizing;

use super::{into_bytes, splice, Keeps, Layout, Store, StoreError, StoreOptions};
use crate::tree::{Map, Tree, Value};
use parse::line_start;
use parse::{Kind, MapItem, Node, Stream};
use rewrite::Rewriter;

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
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let valid = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
        let (line, column) = parse::line_col(valid, valid.len());
        StoreError::Parse {
            line,
            column,
            message: "the file is not valid UTF-8".into(),
        }
    })?;
    let mut stream = parse::parse(text)?;
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
        Ok(self
            .splice(tree, metadata, opts.yaml_indent)?
            .map(into_bytes))
    }
}

impl Source<'_> {
    /// The original text with the values of `tree` (which must have the
    /// shape read) and `sops` as every document's metadata block (`None`
    /// removes it); `None` when the text cannot be kept.
    fn splice(
        &self,
        tree: &Tree,
        sops: Option<&Value>,
        indent: usize,
    ) -> Result<Option<Zeroizing<String>>, StoreError> {
        if !self.shape.same_shape(tree) || self.shape.branches.len() != self.stream.docs.len() {
            return Ok(None);
        }
        let unit = if indent == 0 { DEFAULT_INDENT } else { indent };
        let crlf = self.text.contains("\r\n");
        let meta_text = sops.map(|m| {
            let mut out = String::new();
            emit::entry(&mut out, "sops", m, unit);
            if crlf {
                out = out.replace('\n', "\r\n");
            }
            out
        });
        let mut edits = Vec::new();
        for (i, doc) in self.stream.docs.iter().enumerate() {
            let (old, new) = (&self.shape.branches[i], &tree.branches[i]);
            let mut rw = Rewriter {
                text: self.text,
                doc,
                unit: self.unit,
                skip_sops: self.skip_sops,
                crlf,
                changed_anchors: Default::default(),
                edits: Vec::new(),
            };
            let root = match &doc.root {
                Some(
                    n @ Node {
                        kind: Kind::Map { flow: false, .. },
                        ..
                    },
                ) => Some(n),
                Some(Node {
                    kind: Kind::Scalar { .. },
                    start,
                    end,
                    ..
                }) if start == end => None,
                None => None,
                Some(_) => return Ok(None),
            };
            let kept = match root {
                Some(node) => rw.root(node, old, new).is_ok(),
                None => old == new,
            };
            if !kept {
                return Ok(None);
            }
            edits.append(&mut rw.edits);
            let existing = root.and_then(|n| self.sops_range(n));
            // The block goes at the column of the document's keys (a root
            // mapping may be indented as a whole).
            let margin = root.map_or(0, |n| {
                let before = &self.text[line_start(self.text, n.start)..n.start];
                if before.bytes().all(|b| b == b' ') {
                    before.len()
                } else {
                    0
                }
            });
            let meta = meta_text.as_deref().map(|m| indent_lines(m, margin));
            match (existing, meta) {
                (Some(range), Some(meta)) => edits.push((range, Zeroizing::new(meta))),
                (Some(range), None) => edits.push((range, Zeroizing::new(String::new()))),
                (None, Some(meta)) => {
                    let (range, text) = self.insertion(doc.end, &meta);
                    edits.push((range, Zeroizing::new(text)));
                }
                (None, None) => {}
            }
        }
        edits.sort_by_key(|(r, _)| (r.start, r.end));
        // Overlapping edits cannot be applied (the file is written anew);
        // checked before sizing the output, which assumes they do not.
        if edits.windows(2).any(|w| w[1].0.start < w[0].0.end) {
            return Ok(None);
        }
        let capacity = splice::capacity(self.text.len(), edits.iter().map(|(r, t)| (r, t.len())));
        let mut out = Zeroizing::new(String::with_capacity(capacity));
        let mut at = 0;
        for (range, replacement) in edits {
            out.push_str(&self.text[at..range.start]);
            out.push_str(&replacement);
            at = range.end;
        }
        out.push_str(&self.text[at..]);
        debug_assert!(out.len() <= capacity, "the YAML output outgrew its size");
        if out.trim().is_empty() {
            // Nothing but the `sops` block was there: an empty mapping, as
            // go-yaml writes it.
            out.clear();
            out.push_str("{}\n");
        }
        Ok(Some(out))
    }

    /// The text of a top-level `sops` entry, whole lines.
    fn sops_range(&self, root: &Node) -> Option<Range<usize>> {
        if !self.skip_sops {
            return None;
        }
        let Kind::Map { items, .. } = &root.kind else {
            return None;
        };
        let (k, v) = items.iter().find_map(|i| match i {
            MapItem::Entry(k, v) if k.is_sops_key() => Some((k, v)),
            _ => None,
        })?;
        let text: &str = self.text;
        let start = line_start(text, k.props_start);
        let end = if text[..v.end].ends_with('\n') {
            v.end
        } else {
            text[v.end..]
                .find('\n')
                .map_or(text.len(), |i| v.end + i + 1)
        };
        if end == text.len() && !text.ends_with('\n') && start > 0 {
            // Added after a file without a final line break: take back
            // the line break added before it (CRLF in a CRLF file).
            let newline = if text[..start].ends_with("\r\n") {
                2
            } else {
                1
            };
            return Some(start - newline..end);
        }
        Some(start..end)
    }

    /// Where and how to add a `sops` block at the end of a document.
    fn insertion(&self, at: usize, meta: &str) -> (Range<usize>, String) {
        let text: &str = self.text;
        if at == 0 || text[..at].ends_with('\n') {
            return (at..at, meta.to_owned());
        }
        // Mid-line (after `---` or at the end of a file without a final
        // line break): start a line, and let the text's own line break, if
        // any, end the block.
        let newline = if meta.ends_with("\r\n") { "\r\n" } else { "\n" };
        let mut block = format!("{newline}{}", meta.trim_end_matches(['\r', '\n']));
        if at < text.len() && !text[at..].starts_with(['\n', '\r']) {
            block.push_str(newline);
        }
        (at..at, block)
    }
}

/// `text` with `margin` spaces before every line.
fn indent_lines(text: &str, margin: usize) -> String {
    if margin == 0 {
        return text.to_owned();
    }
    let pad = " ".repeat(margin);
    text.split_inclusive('\n')
        .map(|line| format!("{pad}{line}"))
        .collect()
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
                let step = rewrite::column(text, v.start)
                    .checked_sub(rewrite::column(text, k.props_start))
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
