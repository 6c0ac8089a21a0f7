//! The INI store, read and written as sops does it with go-ini v1
//! (docs/format.md §5.5).
//!
//! Every section is a top-level key whose value is a mapping of its keys;
//! keys before the first section belong to `DEFAULT`, which always comes
//! first (empty when unused). Values are strings, read by go-ini's rules:
//! `"""…"""` (may span lines) and `` `…` `` are taken verbatim, otherwise
//! the value is trimmed, a trailing `\` continues it on the next line, the
//! first `#` or `;` starts an inline comment, and one pair of surrounding
//! `"` or `'` is removed. Comment lines above a key and its inline comment
//! make one comment item placed after the key; comments above a section
//! header make the section's first item. The `[sops]` section holds the
//! flattened metadata.
//!
//! A file written back in the same shape keeps its layout: only the text
//! of values and comments and the `[sops]` section change, values keep their
//! quoting, and `=` is not re-aligned. See `docs/store-fidelity.md` for
//! what cannot be kept.

use std::ops::Range;

use zeroize::Zeroizing;

use super::text::TextStore;
use super::{flatten, into_bytes, splice, value_to_string, Keeps, StoreError};
use crate::tree::{Item, Map, Shape, Tree, Value};

const DEFAULT: &str = "DEFAULT";
const SOPS: &str = "sops";

/// How a value was quoted in the file.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Quote {
    Plain,
    Double,
    Single,
    Backtick,
    Triple,
    /// Unquoted and continued over several lines with a trailing `\`.
    Continued,
}

/// Where the text of a tree item lies in the file.
enum Span {
    Value {
        inner: Range<usize>,
        outer: Range<usize>,
        quote: Quote,
        inline_comment: bool,
    },
    /// One range per comment piece (a comment line or an inline comment),
    /// each from its comment character to its last non-space character,
    /// except the first, which starts after the `;`/`#` and spaces that
    /// sops strips.
    Comment {
        pieces: Vec<Range<usize>>,
        first_is_line: bool,
        /// The piece after a section header (`[s] ; c`), if any: go-ini
        /// takes a section name up to the last `]` of the line, so that
        /// piece must never hold one.
        header_piece: Option<usize>,
        /// Where the first piece starts, its `;`/`#` included.
        lead: usize,
    },
}

/// The original text of an INI file, for rewriting it in place.
pub struct Source<'a> {
    text: &'a str,
    shape: Shape,
    spans: Vec<Span>,
    /// Each `[sops]` section, from its header to the end of its last key.
    sops_blocks: Vec<Range<usize>>,
    /// Comment lines go-ini attaches to nothing (after the last key of the
    /// file, or above `[sops]`), with their line breaks.
    orphans: Vec<Range<usize>>,
    newline: &'static str,
    /// False when the text cannot be kept (a key given twice in a section).
    rewritable: bool,
}

/// Comment pieces waiting for the key or section they belong to, kept as
/// go-ini keeps them (raw text, joined) plus where each piece is.
#[derive(Default)]
struct Pending {
    raw: String,
    pieces: Vec<Range<usize>>,
    lines: Vec<Range<usize>>,
    first_is_line: bool,
    header_piece: Option<usize>,
}

impl Pending {
    /// Adds a piece: `raw` as go-ini buffers it, found at `at` in the file.
    fn add(&mut self, raw: &str, at: usize, whole_line: Option<Range<usize>>) {
        if self.pieces.is_empty() {
            self.first_is_line = whole_line.is_some();
        }
        self.raw.push_str(raw);
        let trimmed = raw.trim_end();
        self.pieces.push(at..at + trimmed.len());
        self.lines.extend(whole_line);
    }

    /// The comment as sops reads it (`None` when there is none) and where
    /// its pieces are.
    fn take(&mut self) -> Option<(String, Span)> {
        let pending = std::mem::take(self);
        let merged = pending.raw.trim();
        if merged.is_empty() {
            return None;
        }
        let stripped = strip_comment_char(merged);
        let mut pieces = pending.pieces;
        let first = &mut pieces[0];
        let lead = first.start;
        first.start = (first.start + merged.len() - stripped.len()).min(first.end);
        Some((
            stripped.to_owned(),
            Span::Comment {
                pieces,
                first_is_line: pending.first_is_line,
                header_piece: pending.header_piece,
                lead,
            },
        ))
    }
}

/// sops' `stripCommentChar`.
fn strip_comment_char(comment: &str) -> &str {
    if comment.starts_with(';') {
        comment.trim_start_matches([';', ' '])
    } else if comment.starts_with('#') {
        comment.trim_start_matches(['#', ' '])
    } else {
        comment
    }
}

struct Key {
    name: String,
    value: String,
    span: Span,
    comment: Option<(String, Span)>,
}

struct Section {
    name: String,
    comment: Option<(String, Span)>,
    keys: Vec<Key>,
    /// From the header (or the first key) to the end of the last key.
    extent: Option<Range<usize>>,
}

/// Reads the file line by line, as go-ini's parser does.
struct Parser<'a> {
    text: &'a str,
    pos: usize,
    line_no: usize,
}

/// One line: where it starts, its text with the line break, and its text
/// without the line break.
struct Line<'a> {
    start: usize,
    full: &'a str,
    number: usize,
}

impl<'a> Parser<'a> {
    fn next_line(&mut self) -> Option<Line<'a>> {
        if self.pos >= self.text.len() {
            return None;
        }
        let rest = &self.text[self.pos..];
        let len = rest.find('\n').map_or(rest.len(), |i| i + 1);
        let line = Line {
            start: self.pos,
            full: &rest[..len],
            number: self.line_no,
        };
        self.pos += len;
        self.line_no += 1;
        Some(line)
    }

    fn error(line: usize, message: impl Into<String>) -> StoreError {
        StoreError::Parse {
            line,
            column: 1,
            message: message.into(),
        }
    }
}

/// The INI store.
pub struct IniStore;

impl TextStore for IniStore {
    type Source<'a> = Source<'a>;

    const KEEPS: Keeps = Keeps {
        comments: true,
        types: false,
    };

    fn read(bytes: &[u8]) -> Result<(Tree, Option<Value>, Source<'_>), StoreError> {
        read(bytes)
    }

    fn read_encrypted(tree: &mut Tree) {
        collapse_encrypted_comments(tree);
    }

    fn emit(tree: &Tree, metadata: Option<&Value>) -> Result<Zeroizing<Vec<u8>>, StoreError> {
        emit(tree, metadata).map(into_bytes)
    }

    fn rewrite(
        source: &Source<'_>,
        tree: &Tree,
        meta: Option<&Value>,
    ) -> Result<Option<Zeroizing<Vec<u8>>>, StoreError> {
        if !source.rewritable || source.shape != tree.shape() {
            return Ok(None);
        }
        let mut items = Vec::new();
        for section in tree.branches.iter().flat_map(|b| &b.0) {
            if let Item::Entry(_, Value::Map(m)) = section {
                items.extend(&m.0);
            }
        }
        let mut edits = Vec::new();
        for (item, span) in items.into_iter().zip(&source.spans) {
            let ok = match (item, span) {
                (Item::Entry(_, value), Span::Value { .. }) => {
                    source.value_edit(value, span, &mut edits)
                }
                (
                    Item::Comment(text),
                    Span::Comment {
                        pieces,
                        first_is_line,
                        header_piece,
                        lead,
                    },
                ) => {
                    let mut pieces_edits = Vec::new();
                    let ok =
                        source.comment_edit(text, pieces, *lead, *first_is_line, &mut pieces_edits);
                    let header_safe = header_piece.is_none_or(|h| {
                        pieces_edits
                            .iter()
                            .all(|(r, t)| r.end != pieces[h].end || !t.contains(&b']'))
                    });
                    edits.extend(pieces_edits);
                    ok && header_safe
                }
                _ => false,
            };
            if !ok {
                return Ok(None);
            }
        }
        if meta.is_some() {
            for orphan in &source.orphans {
                edits.push((orphan.clone(), Vec::new()));
            }
        }
        let lines = meta.map(|meta| {
            let keys: Vec<_> = flatten::flatten(meta)
                .into_iter()
                .map(|(k, v)| (k, v, None))
                .collect();
            let mut section = String::new();
            key_lines(&mut section, &keys);
            let mut lines = vec![format!("[{SOPS}]")];
            lines.extend(section.lines().map(str::to_owned));
            lines
        });
        let block = splice::Block {
            newline: source.newline,
            blank_line_before: true,
        };
        edits.extend(block.edits(
            source.text.as_bytes(),
            &source.sops_blocks,
            lines.as_deref(),
        ));
        Ok(splice::apply(source.text.as_bytes(), edits))
    }
}

/// Parses an INI file; the `[sops]` section becomes the metadata value.
fn read(bytes: &[u8]) -> Result<(Tree, Option<Value>, Source<'_>), StoreError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        Parser::error(line, "the file is not valid UTF-8")
    })?;
    let body_start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut p = Parser {
        text,
        pos: body_start,
        line_no: 1,
    };
    let mut sections = vec![Section {
        name: DEFAULT.to_owned(),
        comment: None,
        keys: Vec::new(),
        extent: None,
    }];
    let mut pending = Pending::default();
    let mut orphans = Vec::new();
    let mut rewritable = true;
    let mut auto_increment = 1;
    while let Some(line) = p.next_line() {
        let trimmed = line.full.trim_start();
        let at = line.start + line.full.len() - trimmed.len();
        if trimmed.is_empty() {
            continue;
        }
        if trimmed.starts_with(['#', ';']) {
            pending.add(trimmed, at, Some(line.start..line.start + line.full.len()));
            continue;
        }
        let current = sections.len() - 1;
        if trimmed.starts_with('[') {
            let close = trimmed.rfind(']').ok_or_else(|| {
                Parser::error(line.number, "unclosed section: a '[' line needs a ']'")
            })?;
            let name = &trimmed[1..close];
            if name.is_empty() {
                return Err(Parser::error(line.number, "empty section name"));
            }
            if name == SOPS {
                orphans.append(&mut pending.lines);
            }
            let after = &trimmed[close + 1..];
            if let Some(i) = after.find(['#', ';']) {
                pending.add(&after[i..], at + close + 1 + i, None);
                pending.header_piece = Some(pending.pieces.len() - 1);
            }
            sections.push(Section {
                name: name.to_owned(),
                comment: pending.take(),
                keys: Vec::new(),
                extent: Some(line.start..at + trimmed.trim_end().len()),
            });
            auto_increment = 1;
            continue;
        }
        let (mut name, offset) = read_key_name(trimmed, line.number)?;
        if name == "-" {
            name = format!("#{auto_increment}");
            auto_increment += 1;
        }
        let (value, span, end) = read_value(
            &mut p,
            &trimmed[offset..],
            at + offset,
            line.number,
            &mut pending,
        )?;
        if name.is_empty() {
            return Err(Parser::error(line.number, "empty key name"));
        }
        let section = &mut sections[current];
        section.extent = Some(
            section
                .extent
                .clone()
                .map_or(line.start..end, |e| e.start..end),
        );
        let comment = pending.take();
        if let Some(existing) = section.keys.iter_mut().find(|k| k.name == name) {
            // go-ini keeps the first position and the last value.
            existing.value = value;
            existing.comment = comment;
            rewritable = false;
            continue;
        }
        section.keys.push(Key {
            name,
            value,
            span,
            comment,
        });
    }
    orphans.append(&mut pending.lines);
    build(text, sections, orphans, rewritable)
}

/// Turns the parsed sections into the tree, the metadata and the source.
fn build(
    text: &str,
    sections: Vec<Section>,
    orphans: Vec<Range<usize>>,
    rewritable: bool,
) -> Result<(Tree, Option<Value>, Source<'_>), StoreError> {
    let mut root = Map::default();
    let mut spans = Vec::new();
    let mut metadata = None;
    let mut sops_blocks = Vec::new();
    for section in sections {
        if section.name == SOPS {
            if metadata.is_none() {
                let pairs = section
                    .keys
                    .iter()
                    .map(|k| (k.name.as_str(), k.value.as_str()));
                metadata = Some(flatten::unflatten(pairs).map_err(|why| {
                    StoreError::Invalid(format!("the [sops] section is malformed: {why}"))
                })?);
            }
            sops_blocks.extend(section.extent);
            continue;
        }
        let mut map = Map::default();
        if let Some((comment, span)) = section.comment {
            map.0.push(Item::Comment(comment));
            spans.push(span);
        }
        for key in section.keys {
            map.push(key.name, Value::Str(key.value));
            spans.push(key.span);
            if let Some((comment, span)) = key.comment {
                map.0.push(Item::Comment(comment));
                spans.push(span);
            }
        }
        root.push(section.name, Value::Map(map));
    }
    let tree = Tree::single(root);
    let source = Source {
        text,
        shape: tree.shape(),
        spans,
        sops_blocks,
        orphans,
        newline: if text.contains("\r\n") { "\r\n" } else { "\n" },
        rewritable,
    };
    Ok((tree, metadata, source))
}

/// go-ini's `readKeyName` with the delimiters `=` and `:`: the key name and
/// where the value starts.
fn read_key_name(line: &str, number: usize) -> Result<(String, usize), StoreError> {
    let quote = if line.starts_with("\"\"\"") && line.len() > 6 {
        "\"\"\""
    } else if line.starts_with('"') {
        "\""
    } else if line.starts_with('`') {
        "`"
    } else {
        ""
    };
    let no_delimiter = || {
        Parser::error(
            number,
            "key-value delimiter not found: a line must be 'key = value', a [section] or a ; comment",
        )
    };
    if !quote.is_empty() {
        let q = quote.len();
        let close = line[q..]
            .find(quote)
            .ok_or_else(|| Parser::error(number, "missing closing key quote"))?
            + q;
        let i = line[close + q..]
            .find(['=', ':'])
            .ok_or_else(no_delimiter)?;
        return Ok((line[q..close].trim().to_owned(), close + q + i + 1));
    }
    match line.find(['=', ':']) {
        None => Err(no_delimiter()),
        Some(0) => Err(Parser::error(number, "empty key name")),
        Some(i) => Ok((line[..i].trim().to_owned(), i + 1)),
    }
}

/// go-ini's `readValue`: the value of a key, where it is, and the end of
/// the last line it uses. Inline comments go to `pending`.
fn read_value(
    p: &mut Parser<'_>,
    rest: &str,
    rest_at: usize,
    number: usize,
    pending: &mut Pending,
) -> Result<(String, Span, usize), StoreError> {
    let line = rest.trim_start();
    let at = rest_at + rest.len() - line.len();
    let content_end = at + line.trim_end_matches(['\n', '\r']).len();
    let value_span =
        |inner: Range<usize>, outer: Range<usize>, quote, inline_comment| Span::Value {
            inner,
            outer,
            quote,
            inline_comment,
        };
    if line.is_empty() || line.trim().is_empty() {
        let end = rest_at + rest.trim_end_matches(['\n', '\r']).len();
        return Ok((
            String::new(),
            value_span(end..end, end..end, Quote::Plain, false),
            end,
        ));
    }
    let quote = if line.len() > 3 && line.starts_with("\"\"\"") {
        Some(("\"\"\"", Quote::Triple))
    } else if line.starts_with('`') {
        Some(("`", Quote::Backtick))
    } else {
        None
    };
    if let Some((q, style)) = quote {
        let body = &line[q.len()..];
        if let Some(close) = body.rfind(q) {
            let inner = at + q.len()..at + q.len() + close;
            let outer = at..inner.end + q.len();
            return Ok((
                body[..close].to_owned(),
                value_span(inner, outer, style, false),
                content_end,
            ));
        }
        let mut value = body.to_owned();
        loop {
            let Some(next) = p.next_line() else {
                return Err(Parser::error(
                    number,
                    "missing closing quote of a multi-line value",
                ));
            };
            if let Some(close) = next.full.rfind(q) {
                value.push_str(&next.full[..close]);
                let after = &next.full[close..];
                let comment = after.find(['#', ';']);
                if let Some(i) = comment {
                    pending.add(after[i..].trim(), next.start + close + i, None);
                }
                let inner = at + q.len()..next.start + close;
                let outer = at..inner.end + q.len();
                let end = next.start + next.full.trim_end_matches(['\n', '\r']).len();
                let span = value_span(inner, outer, style, comment.is_some());
                return Ok((value, span, end));
            }
            value.push_str(next.full);
            if !next.full.ends_with('\n') {
                return Err(Parser::error(
                    number,
                    "missing closing quote of a multi-line value",
                ));
            }
        }
    }
    let mut line = line.trim();
    if let Some(head) = line.strip_suffix('\\') {
        let mut value = head.to_owned();
        let mut end = at + line.len();
        while let Some(next) = p.next_line() {
            let piece = next.full.trim();
            if piece.is_empty() {
                break;
            }
            value.push_str(piece);
            end = next.start + next.full.trim_end().len();
            match value.strip_suffix('\\') {
                Some(v) => value = v.to_owned(),
                None => break,
            }
        }
        return Ok((
            value,
            value_span(at..end, at..end, Quote::Continued, false),
            end,
        ));
    }
    let mut inline_comment = false;
    if let Some(i) = line.find(['#', ';']) {
        pending.add(&line[i..], at + i, None);
        line = line[..i].trim();
        inline_comment = true;
    }
    let outer = at..at + line.len();
    for (q, style) in [('\'', Quote::Single), ('"', Quote::Double)] {
        if surrounded(line, q) {
            let inner = outer.start + 1..outer.end - 1;
            return Ok((
                line[1..line.len() - 1].to_owned(),
                value_span(inner, outer, style, inline_comment),
                content_end,
            ));
        }
    }
    Ok((
        line.to_owned(),
        value_span(outer.clone(), outer, Quote::Plain, inline_comment),
        content_end,
    ))
}

/// go-ini's `hasSurroundedQuote`: quoted at both ends and nowhere else.
fn surrounded(s: &str, q: char) -> bool {
    s.len() >= 2 && s.starts_with(q) && s.ends_with(q) && !s[1..s.len() - 1].contains(q)
}

/// Whether go-ini reads `value` back unchanged when it is written in
/// `quote` style.
fn fits(value: &str, quote: Quote) -> bool {
    let one_line = !value.contains(['\n', '\r']);
    match quote {
        Quote::Plain => {
            one_line
                && !value.contains(['#', ';'])
                && value.trim() == value
                && !value.starts_with('`')
                && !value.starts_with("\"\"\"")
                && !value.ends_with('\\')
                && !surrounded(value, '"')
                && !surrounded(value, '\'')
        }
        Quote::Double => one_line && !value.contains(['"', '#', ';']),
        Quote::Single => one_line && !value.contains(['\'', '#', ';']),
        Quote::Backtick => one_line && !value.contains('`'),
        Quote::Triple => !value.contains("\"\"\""),
        Quote::Continued => false,
    }
}

/// A value as go-ini writes it: `"""` around text with a line break or a
/// backtick, backticks around `#`/`;`, double quotes around surrounding
/// white space.
///
/// go-ini writes some other values bare that it then misreads: one that
/// starts with `"""`, ends with `\`, or is wrapped in a pair of quotes. Those
/// get backticks (a value holding a backtick is already in `"""`), so that
/// decrypted output reads back as the same value.
fn quote_value(value: &str) -> String {
    if value.contains(['\n', '`']) {
        format!("\"\"\"{value}\"\"\"")
    } else if value.contains(['#', ';']) {
        format!("`{value}`")
    } else if value.trim() != value {
        format!("\"{value}\"")
    } else if fits(value, Quote::Plain) {
        value.to_owned()
    } else {
        format!("`{value}`")
    }
}

/// A key as go-ini writes it.
fn quote_key(key: &str) -> String {
    if key.contains(['"', '=', ':']) {
        format!("`{key}`")
    } else if key.contains('`') {
        format!("\"\"\"{key}\"\"\"")
    } else {
        key.to_owned()
    }
}

/// The string go-ini is given for a value (sops' `ValToString`); nested
/// values print as Go's `%v` does.
fn ini_value(value: &Value) -> String {
    match value {
        Value::Map(_) | Value::List(_) => go_debug(value),
        other => value_to_string(other),
    }
}

/// Go's `%v` of a tree value: `[{key value} …]` for a mapping, `[a b]` for
/// a list, floats in `%g` form.
fn go_debug(value: &Value) -> String {
    match value {
        Value::Map(m) => {
            let items: Vec<String> =
                m.0.iter()
                    .map(|item| match item {
                        Item::Entry(k, v) => format!("{{{k} {}}}", go_debug(v)),
                        Item::Comment(c) => format!("{{{{{c}}} <nil>}}"),
                    })
                    .collect();
            format!("[{}]", items.join(" "))
        }
        Value::List(items) => {
            let items: Vec<String> = items.iter().map(go_debug).collect();
            format!("[{}]", items.join(" "))
        }
        Value::Float(f) if f.value.is_finite() => crate::number::format_yaml(f.value),
        other => value_to_string(other),
    }
}

/// Writes comment lines as go-ini does (`; ` added unless the line starts
/// with `;` or `#`).
fn push_comment(out: &mut String, comment: &str, trim_plain: bool) {
    for line in comment.split('\n') {
        match line.chars().next() {
            Some(c @ ('#' | ';')) => {
                out.push(c);
                out.push(' ');
                out.push_str(line[1..].trim());
            }
            _ => {
                out.push_str("; ");
                out.push_str(if trim_plain { line.trim() } else { line });
            }
        }
        out.push('\n');
    }
}

/// One section ready to be written: name, comment and keys with their
/// values and comments, after go-ini's merging of repeated keys.
type Written = (
    String,
    Option<String>,
    Vec<(String, String, Option<String>)>,
);

fn sections_of(tree: &Tree, meta: Option<&Value>) -> Result<Vec<Written>, StoreError> {
    let mut sections = Vec::new();
    let root = tree.branches.first().map(|b| b.0.as_slice()).unwrap_or(&[]);
    for item in root {
        let Item::Entry(name, value) = item else {
            continue;
        };
        let Value::Map(map) = value else {
            return Err(StoreError::Emit(format!(
                "Error encoding section {name}: Section values should always be TreeBranches (an INI file holds only sections of keys)"
            )));
        };
        let mut comment = None;
        let mut keys: Vec<(String, String, Option<String>)> = Vec::new();
        let mut last: Option<usize> = None;
        for (i, item) in map.0.iter().enumerate() {
            match item {
                Item::Comment(c) if i == 0 => comment = Some(c.clone()),
                Item::Comment(c) => {
                    if let Some(l) = last {
                        keys[l].2 = Some(c.clone());
                    }
                }
                Item::Entry(k, v) => {
                    let v = ini_value(v);
                    match keys.iter().position(|key| &key.0 == k) {
                        Some(pos) => {
                            keys[pos].1 = v;
                            last = Some(pos);
                        }
                        None => {
                            keys.push((k.clone(), v, None));
                            last = Some(keys.len() - 1);
                        }
                    }
                }
            }
        }
        sections.push((name.clone(), comment, keys));
    }
    if let Some(meta) = meta {
        let keys = flatten::flatten(meta)
            .into_iter()
            .map(|(k, v)| (k, v, None))
            .collect();
        sections.push((SOPS.to_owned(), None, keys));
    }
    Ok(sections)
}

/// The `key = value` lines of a section, `=` aligned as go-ini aligns it.
fn key_lines(out: &mut String, keys: &[(String, String, Option<String>)]) {
    let names: Vec<String> = keys.iter().map(|k| quote_key(&k.0)).collect();
    let width = names.iter().map(String::len).max().unwrap_or(0);
    for ((_, value, comment), name) in keys.iter().zip(&names) {
        if let Some(c) = comment.as_deref().filter(|c| !c.is_empty()) {
            push_comment(out, c, true);
        }
        out.push_str(name);
        out.push_str(&" ".repeat(width - name.len()));
        out.push_str(" = ");
        out.push_str(&quote_value(value));
        out.push('\n');
    }
}

/// Writes a whole file as sops does with go-ini: `DEFAULT` keys first
/// without a header, a blank line between sections, `=` aligned.
fn emit(tree: &Tree, meta: Option<&Value>) -> Result<Zeroizing<String>, StoreError> {
    let sections = sections_of(tree, meta)?;
    let mut out = Zeroizing::new(String::new());
    let last = sections.len().saturating_sub(1);
    for (i, (name, comment, keys)) in sections.iter().enumerate() {
        if let Some(c) = comment.as_deref().filter(|c| !c.is_empty()) {
            push_comment(&mut out, c, false);
        }
        if i > 0 || !name.eq_ignore_ascii_case(DEFAULT) {
            out.push('[');
            out.push_str(name);
            out.push_str("]\n");
        } else if keys.is_empty() {
            continue;
        }
        key_lines(&mut out, keys);
        if i != last {
            out.push('\n');
        }
    }
    Ok(out)
}

/// Collapses a comment read from an encrypted file whose first line is an
/// `ENC[...]` token and whose other lines are bare comment characters (as
/// rsops writes a comment that spans several pieces) to the token.
fn collapse_encrypted_comments(tree: &mut Tree) {
    for section in tree.branches.iter_mut().flat_map(|b| b.0.iter_mut()) {
        if let Item::Entry(_, Value::Map(m)) = section {
            for item in &mut m.0 {
                if let Item::Comment(c) = item {
                    let mut lines = c.split('\n');
                    let first = lines.next().unwrap_or("").trim_end();
                    if crate::cipher::is_enc_value(first)
                        && lines.all(|l| matches!(l.trim(), ";" | "#"))
                    {
                        *c = first.to_owned();
                    }
                }
            }
        }
    }
}

impl Source<'_> {
    fn value_edit(
        &self,
        value: &Value,
        span: &Span,
        edits: &mut Vec<(Range<usize>, Vec<u8>)>,
    ) -> bool {
        let Span::Value {
            inner,
            outer,
            quote,
            inline_comment,
        } = span
        else {
            return false;
        };
        if matches!(value, Value::Map(_) | Value::List(_)) {
            return false;
        }
        let text = ini_value(value);
        if *inline_comment && *quote == Quote::Triple && !text.contains('\n') {
            // A comment after a multi-line value's closing quotes is lost
            // once the value fits on one line (go-ini ignores the rest of
            // such a line).
            return false;
        }
        if fits(&text, *quote) {
            edits.push((inner.clone(), text.into_bytes()));
            return true;
        }
        let quoted = quote_value(&text);
        if *inline_comment && (quoted.starts_with('`') || quoted.starts_with("\"\"\"")) {
            // go-ini ignores the rest of a line after a quoted value, so
            // the comment would be lost.
            return false;
        }
        edits.push((outer.clone(), quoted.into_bytes()));
        true
    }

    fn comment_edit(
        &self,
        text: &str,
        pieces: &[Range<usize>],
        lead: usize,
        first_is_line: bool,
        edits: &mut Vec<(Range<usize>, Vec<u8>)>,
    ) -> bool {
        let lines: Vec<&str> = text.split('\n').collect();
        let first = lines[0].trim_end();
        // The first line goes after the `;`/`#` prefix the file has, unless
        // sops would then read another text (a sops-written `; ` before a
        // text that starts with `;`): then it is written as go-ini writes it.
        let prefix = &self.text[lead..pieces[0].start];
        let (first_range, first) = if strip_comment_char(&format!("{prefix}{first}")) == first {
            (pieces[0].clone(), first.to_owned())
        } else {
            let mut line = String::new();
            push_comment(&mut line, first, true);
            (lead..pieces[0].end, line.trim_end().to_owned())
        };
        if lines.len() == pieces.len() {
            edits.push((first_range, first.into_bytes()));
            for (line, piece) in lines.iter().zip(pieces).skip(1) {
                edits.push((piece.clone(), line.trim_end().as_bytes().to_vec()));
            }
        } else if lines.len() == 1 {
            // An encrypted comment: the whole text goes in the first piece,
            // and the others keep only their comment character, which sops
            // and rsops read as an empty continuation of the same comment.
            edits.push((first_range, first.into_bytes()));
            for piece in &pieces[1..] {
                let marker = self.text[piece.clone()]
                    .chars()
                    .next()
                    .map_or(String::new(), String::from);
                edits.push((piece.clone(), marker.into_bytes()));
            }
        } else if pieces.len() == 1 && first_is_line {
            // A comment sops wrote as one line: the other lines follow it
            // as go-ini writes them.
            let mut rest = String::new();
            push_comment(&mut rest, &lines[1..].join("\n"), true);
            let mut joined = first;
            for line in rest.lines() {
                joined.push_str(self.newline);
                joined.push_str(line);
            }
            edits.push((first_range, joined.into_bytes()));
        } else {
            return false;
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stores::StoreOptions;

    fn section<'a>(tree: &'a Tree, name: &str) -> &'a Map {
        match tree.branches[0].get(name) {
            Some(Value::Map(m)) => m,
            other => panic!("{name}: {other:?}"),
        }
    }

    #[test]
    fn reads_values_like_go_ini() {
        let text = "top = level\n[s]\na = x ; c\nb = \"q \"\nc = 'x'\nd = `a;b` ; ignored\ne: v\nf = \"\"\"l1\nl2\"\"\"\ng = ab \\\n  cd\nh =\n";
        let (tree, meta, _) = read(text.as_bytes()).unwrap();
        assert!(meta.is_none());
        assert_eq!(
            section(&tree, DEFAULT).get("top"),
            Some(&Value::Str("level".into()))
        );
        let s = section(&tree, "s");
        let get = |k: &str| match s.get(k) {
            Some(Value::Str(v)) => v.clone(),
            other => panic!("{k}: {other:?}"),
        };
        assert_eq!(get("a"), "x");
        assert_eq!(s.0[1], Item::Comment("c".into()));
        assert_eq!(get("b"), "q ");
        assert_eq!(get("c"), "x");
        assert_eq!(get("d"), "a;b");
        assert_eq!(get("e"), "v");
        assert_eq!(get("f"), "l1\nl2");
        assert_eq!(get("g"), "ab cd");
        assert_eq!(get("h"), "");
    }

    /// Found by the store_ini fuzz target: go-ini (and so sops) writes these
    /// values bare and reads them back as something else.
    #[test]
    fn values_go_ini_would_misread_are_quoted() {
        for value in [r#"""""-----END-----"#, "ends\\", "\"q\"", "'q'"] {
            let mut m = Map::default();
            m.push("k", Value::Str(value.into()));
            let mut top = Map::default();
            top.push("s", Value::Map(m));
            let text = crate::stores::write(
                crate::Format::Ini,
                &Tree::single(top),
                None,
                None,
                &StoreOptions::default(),
            )
            .unwrap();
            let (tree, _, _) = read(&text).unwrap();
            assert_eq!(
                section(&tree, "s").get("k"),
                Some(&Value::Str(value.into())),
                "{}",
                String::from_utf8_lossy(&text)
            );
        }
    }

    #[test]
    fn comments_merge_and_attach_after_their_key() {
        let text = "; file\n[s]\n; above\nk = v ; inline\n";
        let (tree, _, _) = read(text.as_bytes()).unwrap();
        let s = section(&tree, "s");
        assert_eq!(s.0[0], Item::Comment("file".into()));
        assert_eq!(s.0[2], Item::Comment("above\n; inline".into()));
    }

    #[test]
    fn errors_name_the_line() {
        for (text, line) in [
            ("[s]\nnoequals\n", 2),
            ("= v\n", 1),
            ("a = 1\n[unclosed\n", 2),
            ("[]\n", 1),
            ("k = \"\"\"open\nstill\n", 1),
        ] {
            match read(text.as_bytes()) {
                Err(StoreError::Parse { line: l, .. }) => assert_eq!(l, line, "{text:?}"),
                other => panic!("{text:?}: {:?}", other.map(|_| ())),
            }
        }
    }

    #[test]
    fn emit_aligns_and_quotes_like_go_ini() {
        let mut s = Map::default();
        s.0.push(Item::Comment("section".into()));
        s.push("user", Value::Str("admin".into()));
        s.push("password", Value::Str(" p ".into()));
        s.0.push(Item::Comment("about password".into()));
        s.push("semi", Value::Str("a;b".into()));
        s.push("multi", Value::Str("a\nb".into()));
        let mut root = Map::default();
        root.push(DEFAULT, Value::Map(Map::default()));
        root.push("db", Value::Map(s));
        root.push("empty", Value::Map(Map::default()));
        let out = emit(&Tree::single(root), None).unwrap();
        assert_eq!(
            &*out,
            "; section\n[db]\nuser     = admin\n; about password\npassword = \" p \"\nsemi     = `a;b`\nmulti    = \"\"\"a\nb\"\"\"\n\n[empty]\n"
        );
    }

    #[test]
    fn new_metadata_replaces_the_sops_section_in_place() {
        let text = "[a]\nk = v\n\n[sops]\nversion = 3.10.0\nmac     = x\n\n; next\n[b]\nj = w\n";
        let (tree, meta, src) = read(text.as_bytes()).unwrap();
        assert!(meta.is_some());
        let mut m = Map::default();
        m.push("version", Value::Str("3.11.0".into()));
        let out = IniStore::rewrite(&src, &tree, Some(&Value::Map(m)))
            .unwrap()
            .unwrap();
        assert_eq!(
            String::from_utf8_lossy(&out),
            "[a]\nk = v\n\n[sops]\nversion = 3.11.0\n\n; next\n[b]\nj = w\n"
        );
        let out = IniStore::rewrite(&src, &tree, None).unwrap().unwrap();
        assert_eq!(
            String::from_utf8_lossy(&out),
            "[a]\nk = v\n\n; next\n[b]\nj = w\n"
        );
    }

    /// sops writes `; ENC[...]`; a decrypted text starting with `;` is
    /// then written as go-ini writes it, as sops prints it.
    #[test]
    fn a_comment_that_the_kept_prefix_would_change_is_written_as_go_ini_does() {
        let (mut tree, _, src) = read(b"[s]\n; ENC[x]\nk = v\n").unwrap();
        if let Some(Item::Entry(_, Value::Map(m))) = tree.branches[0].0.get_mut(1) {
            m.0[1] = Item::Comment(";mixed".into());
        }
        let out = IniStore::rewrite(&src, &tree, None).unwrap().unwrap();
        assert_eq!(String::from_utf8_lossy(&out), "[s]\n; mixed\nk = v\n");
    }

    #[test]
    fn a_header_comment_never_receives_a_bracket() {
        let (mut tree, _, src) = read(b"[s] ; c\nk = v\n").unwrap();
        if let Some(Item::Entry(_, Value::Map(m))) = tree.branches[0].0.get_mut(1) {
            m.0[0] = Item::Comment("ENC[AES256_GCM,data:x,type:comment]".into());
        }
        assert!(IniStore::rewrite(&src, &tree, None).unwrap().is_none());
    }

    #[test]
    fn rewrite_keeps_layout_and_quoting() {
        let text = "; c1\n  ;  c2  \n[s]\nkey=\"v \" ; inline\nother   :  plain\n";
        let (tree, _, src) = read(text.as_bytes()).unwrap();
        let out = IniStore::rewrite(&src, &tree, None).unwrap().unwrap();
        assert_eq!(String::from_utf8_lossy(&out), text);
    }
}
