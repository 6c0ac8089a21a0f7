//! The canonical writer: a tree written in go-yaml v3's layout, as sops
//! writes it. Used for files that change shape (a new file, another input
//! format, values added) and for the `sops:` metadata block.
//!
//! Layout (indent `unit`, 4 by default), as go-yaml's emitter computes it:
//! what is nested under a key at column `k` starts at the next multiple of
//! `unit` after `k` (so sequences are indented under their key); a mapping
//! or sequence inside a sequence starts on the `- ` line, two columns right
//! of the dash; comments are `#text` lines at the column of the item they
//! precede.

use super::style::{
    choose_quote, format_non_string, literal_header, write_block_lines, write_flow, Quote,
};
use crate::tree::{Item, Map, Value};

/// Writes one document's root mapping (with `extra` entries appended, such
/// as the `sops` block) and a final line break.
pub fn document(out: &mut String, root: &Map, extra: Option<(&str, &Value)>, unit: usize) {
    let w = Writer { unit };
    w.map(out, root, extra, 0, false);
    if !has_entries(root) && extra.is_none() {
        // Comments alone would not read back as a document.
        out.push_str("{}\n");
    }
}

/// Writes a value on its own, as `yaml.Marshal` does (for `--extract`).
pub fn value(out: &mut String, v: &Value, unit: usize) {
    let w = Writer { unit };
    match v {
        Value::Map(m) => document(out, m, None, unit),
        Value::List(items) if has_elements(items) => w.seq(out, items, 0, false),
        other => {
            w.inline(out, other, 0, unit);
            out.push('\n');
        }
    }
}

/// Writes the `key: value` lines of a single entry at `col` (used to add
/// the `sops` block to a preserved document).
pub fn entry(out: &mut String, key: &str, v: &Value, unit: usize) {
    let w = Writer { unit };
    w.entry(out, key, v, 0);
}

/// Writes the value of a key at column `key_col` as a block starting on a
/// new line (used to expand aliases in place).
pub fn block_value(out: &mut String, v: &Value, key_col: usize, unit: usize) {
    let w = Writer { unit };
    w.value_after_key(out, v, key_col);
}

/// The column go-yaml indents what is nested under a key at `col`: the
/// next multiple of `unit`.
pub fn child_indent(col: usize, unit: usize) -> usize {
    let unit = unit.max(1);
    unit * ((col + unit) / unit)
}

struct Writer {
    unit: usize,
}

fn spaces(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n(' ', n));
}

impl Writer {
    /// A mapping whose keys are at `col`. With `inline_first`, the first
    /// line continues a `- ` already written.
    fn map(
        &self,
        out: &mut String,
        m: &Map,
        extra: Option<(&str, &Value)>,
        col: usize,
        inline_first: bool,
    ) {
        let mut first = inline_first;
        let mut indent = |out: &mut String| {
            if first {
                first = false;
            } else {
                spaces(out, col);
            }
        };
        for item in &m.0 {
            match item {
                Item::Comment(c) => {
                    indent(out);
                    out.push('#');
                    out.push_str(c);
                    out.push('\n');
                }
                Item::Entry(k, v) => {
                    // (An empty mapping's comments go inside its braces.)
                    let stranded = match v {
                        Value::Map(_) => Vec::new(),
                        v => stranded_comments(v),
                    };
                    for c in stranded {
                        indent(out);
                        out.push('#');
                        out.push_str(c);
                        out.push('\n');
                    }
                    indent(out);
                    self.entry(out, k, v, col);
                }
            }
        }
        if let Some((k, v)) = extra {
            indent(out);
            self.entry(out, k, v, col);
        }
        // Comments after the last entry of a nested mapping whose value is
        // a block collection: go-yaml reads them into that deeper
        // collection unless a blank line follows (sops writes none, and
        // then cannot decrypt them in its own files).
        let last = m.0.iter().rposition(|i| matches!(i, Item::Entry(..)));
        if let Some((Item::Entry(_, v), true)) = last.map(|i| (&m.0[i], i + 1 < m.0.len())) {
            let block = match v {
                Value::Map(inner) => has_entries(inner),
                Value::List(items) => has_elements(items),
                _ => false,
            };
            if col > 0 && block {
                out.push('\n');
            }
        }
    }

    /// `key: value` with the key already indented.
    fn entry(&self, out: &mut String, k: &str, v: &Value, col: usize) {
        // go-yaml writes keys over 128 bytes (or over lines) as explicit
        // `? key` / `: value` pairs; an implicit key may not be that long.
        if k.len() > 128 || k.contains('\n') {
            out.push_str("? ");
            self.key(out, k);
            out.push('\n');
            spaces(out, col);
        } else {
            self.key(out, k);
        }
        out.push(':');
        self.value_after_key(out, v, col);
    }

    fn key(&self, out: &mut String, k: &str) {
        if k == "<<" {
            out.push_str("!!merge <<");
            return;
        }
        let quote = match choose_quote(k, false, true) {
            Quote::Literal => Quote::Double,
            q => q,
        };
        write_flow(out, k, quote, true);
    }

    /// Everything after `key:` (a space and a scalar, or a block on the
    /// next lines), ending with a line break.
    fn value_after_key(&self, out: &mut String, v: &Value, key_col: usize) {
        let child = child_indent(key_col, self.unit);
        match v {
            Value::Map(m) if has_entries(m) => {
                out.push('\n');
                self.map(out, m, None, child, false);
            }
            Value::List(items) if has_elements(items) => {
                out.push('\n');
                self.seq(out, items, child, false);
            }
            // go-yaml writes the comments of an empty mapping inside its
            // braces (closing them at column 0), where sops reads them as
            // that mapping's, with its path.
            Value::Map(m) if !m.0.is_empty() => {
                out.push_str(" {\n");
                for item in &m.0 {
                    if let Item::Comment(c) = item {
                        spaces(out, child);
                        out.push('#');
                        out.push_str(c);
                        out.push('\n');
                    }
                }
                out.push_str("}\n");
            }
            other => {
                out.push(' ');
                self.inline(out, other, key_col, child);
                out.push('\n');
            }
        }
    }

    /// A block sequence with dashes at `col`.
    fn seq(&self, out: &mut String, items: &[Value], col: usize, inline_first: bool) {
        let mut first = inline_first;
        for item in items {
            for c in stranded_comments(item) {
                if first {
                    first = false;
                } else {
                    spaces(out, col);
                }
                out.push('#');
                out.push_str(c);
                out.push('\n');
            }
            if first {
                first = false;
            } else {
                spaces(out, col);
            }
            if let Value::Comment(c) = item {
                out.push('#');
                out.push_str(c);
                out.push('\n');
                continue;
            }
            out.push_str("- ");
            match item {
                Value::Map(m) if has_entries(m) => self.map(out, m, None, col + 2, true),
                Value::List(inner) if has_elements(inner) => self.seq(out, inner, col + 2, true),
                other => {
                    self.inline(out, other, col, col + 2);
                    out.push('\n');
                }
            }
        }
    }

    /// A scalar (or empty collection) on the current line; a multi-line
    /// string continues as a literal block indented at `content`.
    /// `parent` is the indentation of the enclosing collection, `content`
    /// where a block's lines go.
    fn inline(&self, out: &mut String, v: &Value, parent: usize, content: usize) {
        match v {
            Value::Map(_) => out.push_str("{}"),
            Value::List(_) => out.push_str("[]"),
            Value::Str(s) | Value::Comment(s) => self.string(out, s, parent, content),
            Value::Bytes(b) => binary(out, b, content),
            other => out.push_str(&format_non_string(other).unwrap_or_default()),
        }
    }

    fn string(&self, out: &mut String, s: &str, parent: usize, content: usize) {
        match choose_quote(s, false, false) {
            Quote::Literal => {
                out.push_str(&literal_header(s, content - parent));
                out.push('\n');
                write_block_lines(out, s, content);
                // The caller ends the line; the block already did.
                if out.ends_with('\n') {
                    out.pop();
                }
            }
            q => write_flow(out, s, q, true),
        }
    }
}

/// The comments of a collection with nothing else, which is written `{}`
/// or `[]`: they are written above its key instead of being lost.
fn stranded_comments(v: &Value) -> Vec<&str> {
    match v {
        Value::Map(m) if !has_entries(m) => {
            m.0.iter()
                .filter_map(|i| match i {
                    Item::Comment(c) => Some(c.as_str()),
                    Item::Entry(..) => None,
                })
                .collect()
        }
        Value::List(items) if !has_elements(items) => items
            .iter()
            .filter_map(|i| match i {
                Value::Comment(c) => Some(c.as_str()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Whether a mapping has entries; one with only comments is written `{}`.
fn has_entries(m: &Map) -> bool {
    m.0.iter().any(|i| matches!(i, Item::Entry(..)))
}

fn has_elements(items: &[Value]) -> bool {
    items.iter().any(|v| !matches!(v, Value::Comment(_)))
}

/// Bytes that are not UTF-8, as go-yaml writes them: `!!binary` and
/// base64 in lines of 70 (a literal block when there are several).
pub fn binary(out: &mut String, bytes: &[u8], content: usize) {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD.encode(bytes);
    out.push_str("!!binary ");
    if b64.len() <= 70 {
        out.push_str(&b64);
        return;
    }
    out.push_str("|\n");
    let lines: Vec<&str> = b64
        .as_bytes()
        .chunks(70)
        .map(|c| std::str::from_utf8(c).unwrap_or_default())
        .collect();
    write_block_lines(out, &lines.join("\n"), content);
    out.pop();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tree::Float;

    #[test]
    fn layout_matches_go_yaml() {
        let mut inner = Map::default();
        inner.push("recipient", Value::Str("age1x".into()));
        inner.push("enc", Value::Str("-----BEGIN-----\nabc\n".into()));
        let mut group = Map::default();
        group.push("hc_vault", Value::List(vec![]));
        group.push("age", Value::List(vec![Value::Map(inner.clone())]));
        let mut root = Map::default();
        root.0.push(Item::Comment(" top".into()));
        root.push("age", Value::List(vec![Value::Map(inner)]));
        root.push("key_groups", Value::List(vec![Value::Map(group)]));
        root.push("lastmodified", Value::Str("2026-11-26T03:14:34Z".into()));
        root.push("num", Value::Float(Float::new(1234567.0)));
        root.push(
            "l",
            Value::List(vec![
                Value::Comment(" c".into()),
                Value::List(vec![Value::Int(1), Value::Int(2)]),
            ]),
        );
        let mut out = String::new();
        document(&mut out, &root, None, 4);
        assert_eq!(
            out,
            "# top\nage:\n    - recipient: age1x\n      enc: |\n        -----BEGIN-----\n        abc\nkey_groups:\n    - hc_vault: []\n      age:\n        - recipient: age1x\n          enc: |\n            -----BEGIN-----\n            abc\nlastmodified: \"2026-11-26T03:14:34Z\"\nnum: 1.234567e+06\nl:\n    # c\n    - - 1\n      - 2\n"
        );
    }
}
