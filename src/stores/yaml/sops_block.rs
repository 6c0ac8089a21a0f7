//! The `sops:` block of an encrypted document in the user's layout: where
//! an existing block's lines are, and where a new one goes (the last key of
//! the document, at the column of its keys, with the file's line breaks).

use std::ops::Range;

use super::emit;
use super::parse::{line_start, Kind, MapItem, Node};
use crate::tree::Value;

/// The block for `sops` in go-yaml's layout, with CRLF line breaks in a
/// CRLF file, at the left margin.
pub fn block_text(sops: &Value, unit: usize, crlf: bool) -> String {
    let mut out = String::new();
    emit::entry(&mut out, "sops", sops, unit);
    if crlf {
        out = out.replace('\n', "\r\n");
    }
    out
}

/// The edit that makes the document (with root mapping `root`, ending at
/// `end`) hold `block` (`None` removes it). `existing` says whether the
/// document's top-level `sops` entry was read as the metadata.
pub fn edit(
    text: &str,
    root: Option<&Node>,
    end: usize,
    existing: bool,
    block: Option<&str>,
) -> Option<(Range<usize>, String)> {
    let found = root.filter(|_| existing).and_then(|n| sops_range(text, n));
    // The block goes at the column of the document's keys (a root mapping
    // may be indented as a whole).
    let block = block.map(|b| indent_lines(b, root.map_or(0, |n| margin(text, n))));
    match (found, block) {
        (Some(range), block) => Some((range, block.unwrap_or_default())),
        (None, Some(block)) => Some(insertion(text, end, &block)),
        (None, None) => None,
    }
}

/// The spaces before a root mapping that starts its line.
fn margin(text: &str, root: &Node) -> usize {
    let before = &text[line_start(text, root.start)..root.start];
    if before.bytes().all(|b| b == b' ') {
        before.len()
    } else {
        0
    }
}

/// The text of a top-level `sops` entry, whole lines.
fn sops_range(text: &str, root: &Node) -> Option<Range<usize>> {
    let Kind::Map { items, .. } = &root.kind else {
        return None;
    };
    let (k, v) = items.iter().find_map(|i| match i {
        MapItem::Entry(k, v) if k.is_sops_key() => Some((k, v)),
        _ => None,
    })?;
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
fn insertion(text: &str, at: usize, block: &str) -> (Range<usize>, String) {
    if at == 0 || text[..at].ends_with('\n') {
        return (at..at, block.to_owned());
    }
    // Mid-line (after `---` or at the end of a file without a final
    // line break): start a line, and let the text's own line break, if
    // any, end the block.
    let newline = if block.ends_with("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let mut out = format!("{newline}{}", block.trim_end_matches(['\r', '\n']));
    if at < text.len() && !text[at..].starts_with(['\n', '\r']) {
        out.push_str(newline);
    }
    (at..at, out)
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
