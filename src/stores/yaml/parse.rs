//! YAML text → syntax tree with byte spans, from granit-parser's events.
//!
//! The syntax tree keeps what the writers need to change a file in place:
//! where every scalar, comment, collection and document begins and ends,
//! each scalar's style, and the anchors. Comments are collected per
//! document; `to_tree` decides which mapping or sequence each belongs to.

use std::borrow::Cow;
use std::ops::Range;

use granit_parser::{Event, Parser, Placement, ScalarStyle, Span, StructureStyle};
use zeroize::Zeroize;

use crate::stores::StoreError;

/// A comment as written: `#` and its text, excluding the line break.
#[derive(Clone, Debug)]
pub struct Comment {
    pub span: Range<usize>,
    /// Everything after the `#`.
    pub text: String,
    /// 0-based column of the `#`.
    pub col: usize,
    /// On the same line as content before it (`key: v # c`).
    pub right: bool,
}

/// A node of the syntax tree.
#[derive(Clone, Debug)]
pub struct Node<'a> {
    pub kind: Kind<'a>,
    /// Where the node's text starts and ends (a block collection ends with
    /// its last child; a block scalar spans its header and content).
    pub start: usize,
    pub end: usize,
    /// Where its properties (anchor, tag) start, or `start`.
    pub props_start: usize,
    /// Anchor id, 0 for none.
    pub anchor: usize,
    /// An explicit tag: its handle and suffix (`tag:yaml.org,2002:`, `str`).
    /// Boxed, like `block`: they are rare, and a node's size is paid for
    /// every value of a large file.
    pub tag: Option<Box<(String, String)>>,
    /// Unique per document; comments are attached by it.
    pub id: usize,
}

#[derive(Clone, Debug)]
pub enum Kind<'a> {
    Scalar {
        /// Borrowed from the text where the scalar is written as is.
        value: Cow<'a, str>,
        style: ScalarStyle,
        block: Option<Box<Block>>,
    },
    Seq {
        items: Vec<SeqItem<'a>>,
        flow: bool,
    },
    Map {
        items: Vec<MapItem<'a>>,
        flow: bool,
    },
    Alias(usize),
}

/// Where the parts of a block scalar (`|`, `>`) are.
#[derive(Clone, Debug)]
pub struct Block {
    /// The header (`|-`, `>2` …) up to the end of its line (a comment on
    /// the header line is not included).
    pub header: Range<usize>,
    /// The content lines, each with its line break.
    pub content: Range<usize>,
}

// Entries are nearly all items; boxing them would cost an allocation each.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug)]
pub enum MapItem<'a> {
    Entry(Node<'a>, Node<'a>),
    /// Index into the document's comments.
    Comment(usize),
}

#[derive(Clone, Debug)]
pub enum SeqItem<'a> {
    /// An element; `dash` is the offset of its `-` in a block sequence.
    Node(Node<'a>, Option<usize>),
    Comment(usize),
}

/// One YAML document.
#[derive(Debug)]
pub struct Doc<'a> {
    pub root: Option<Node<'a>>,
    pub comments: Vec<Comment>,
    /// Where the document's content ends: the start of `...`, of the next
    /// `---`, or of the end of the file.
    pub end: usize,
    /// Whether any node has an anchor (most files have none, and then no
    /// walk looks for them).
    pub anchored: bool,
}

/// A plaintext file's scalars that had to be unescaped or folded, and its
/// comments, are copies of plaintext: wiped when the document is dropped.
impl Drop for Doc<'_> {
    fn drop(&mut self) {
        fn wipe(node: &mut Node) {
            match &mut node.kind {
                Kind::Scalar {
                    value: Cow::Owned(s),
                    ..
                } => s.zeroize(),
                Kind::Map { items, .. } => {
                    for item in items {
                        if let MapItem::Entry(k, v) = item {
                            wipe(k);
                            wipe(v);
                        }
                    }
                }
                Kind::Seq { items, .. } => {
                    for item in items {
                        if let SeqItem::Node(n, _) = item {
                            wipe(n);
                        }
                    }
                }
                _ => {}
            }
        }
        if let Some(root) = &mut self.root {
            wipe(root);
        }
        for comment in &mut self.comments {
            comment.text.zeroize();
        }
    }
}

/// Where a double-quoted scalar's text has the escape `\/`, if anywhere.
fn slash_escape(raw: &str) -> Option<usize> {
    let bytes = raw.as_bytes();
    let mut from = 0;
    while let Some(i) = memchr::memchr(b'\\', &bytes[from..]) {
        let at = from + i;
        if bytes.get(at + 1) == Some(&b'/') {
            return Some(at);
        }
        // Skip the escaped character too (`\\/` is a backslash and `/`).
        from = (at + 2).min(bytes.len());
    }
    None
}

/// The children of a node's `kind`, through `iter` or `iter_mut` (one body
/// for both borrows).
macro_rules! children {
    ($kind:expr, $iter:ident) => {{
        let (entries, elements) = match $kind {
            Kind::Map { items, .. } => (Some(items), None),
            Kind::Seq { items, .. } => (None, Some(items)),
            Kind::Scalar { .. } | Kind::Alias(_) => (None, None),
        };
        let pairs = entries.into_iter().flat_map(|items| items.$iter());
        let elements = elements.into_iter().flat_map(|items| items.$iter());
        pairs
            .flat_map(|i| match i {
                MapItem::Entry(k, v) => [Some(k), Some(v)],
                MapItem::Comment(_) => [None, None],
            })
            .flatten()
            .chain(elements.filter_map(|i| match i {
                SeqItem::Node(n, _) => Some(n),
                SeqItem::Comment(_) => None,
            }))
    }};
}

impl<'a> Node<'a> {
    /// Whether this mapping key is `sops`, the metadata entry.
    pub fn is_sops_key(&self) -> bool {
        matches!(&self.kind, Kind::Scalar { value, .. } if value == "sops")
    }

    /// The nodes directly inside: a mapping's keys and values in order, a
    /// sequence's elements.
    pub fn children(&self) -> impl Iterator<Item = &Node<'a>> {
        children!(&self.kind, iter)
    }

    /// [`Self::children`], to change them.
    pub fn children_mut(&mut self) -> impl Iterator<Item = &mut Node<'a>> {
        children!(&mut self.kind, iter_mut)
    }
}

/// The parsed stream: its documents; an empty list for an empty file.
#[derive(Debug)]
pub struct Stream<'a> {
    pub docs: Vec<Doc<'a>>,
    /// Comments outside any document (a file with only comments).
    pub stray_comments: usize,
}

enum Frame<'a> {
    Seq(Node<'a>, Vec<SeqItem<'a>>),
    Map(Node<'a>, Vec<MapItem<'a>>, Option<Node<'a>>),
}

struct Builder<'a> {
    text: &'a str,
    stack: Vec<Frame<'a>>,
    docs: Vec<Doc<'a>>,
    root: Option<Node<'a>>,
    comments: Vec<Comment>,
    next_id: usize,
    /// End of the last event with text, to find block scalar headers.
    last_end: usize,
    /// Whether the current document has an anchor.
    anchored: bool,
}

/// Parses a YAML stream strictly (granit-parser rejects what the YAML
/// spec rejects) and returns its syntax tree.
pub fn parse(text: &str) -> Result<Stream<'_>, StoreError> {
    // YAML also breaks lines at a lone CR (classic Mac OS); the writers
    // work with LF and CRLF only, so such files are refused, not mangled.
    if let Some(at) = text
        .match_indices('\r')
        .map(|(i, _)| i)
        .find(|&i| !text[i + 1..].starts_with('\n'))
    {
        let (line, column) = line_col(text, at);
        return Err(StoreError::Parse {
            line,
            column,
            message: "a carriage return without a line feed; use LF or CRLF line breaks".into(),
        });
    }
    // go-yaml (sops) also breaks lines at NEL, U+2028 and U+2029, which
    // YAML 1.2 reads as ordinary characters: the two would read such a
    // file differently, so it is refused.
    if let Some((at, code)) = go_line_break(text) {
        let (line, column) = line_col(text, at);
        return Err(StoreError::Parse {
            line,
            column,
            message: format!(
                "U+{code:04X} is a line break to sops' YAML reader (go-yaml) but not in YAML 1.2; write it as the escape \\u{code:04X} in a double-quoted string"
            ),
        });
    }
    // Not `strict_indentation`: it refuses a flow collection closed at its
    // key's column (`args: [\n  a,\n]`), which go-yaml and kubectl read
    // and real files use.
    let options = granit_parser::options! { emit_anchor_events: true };
    let mut b = Builder {
        text,
        stack: Vec::new(),
        docs: Vec::new(),
        root: None,
        comments: Vec::new(),
        next_id: 1,
        last_end: 0,
        anchored: false,
    };
    for next in Parser::new_from_str_with_options(text, options) {
        let (event, span) = next.map_err(|e| {
            let mut message = e.info();
            // go-yaml (sops) reads `\'` as `'`; YAML 1.2 has no such escape.
            if message.contains("unknown escape") && text.contains("\\'") {
                message.push_str(" (\\' is not a YAML 1.2 escape, though sops accepts it: write ' without the backslash)");
            }
            StoreError::Parse {
                line: e.marker().line(),
                column: e.marker().col() + 1,
                message,
            }
        })?;
        b.event(event, span)?;
    }
    let stray_comments = b.comments.len();
    if let Some(last) = b.docs.last_mut() {
        last.comments.append(&mut b.comments);
    }
    Ok(Stream {
        docs: b.docs,
        stray_comments,
    })
}

fn range(span: &Span) -> Range<usize> {
    span.byte_range().unwrap_or(0..0)
}

impl<'a> Builder<'a> {
    fn event(&mut self, event: Event<'a>, span: Span) -> Result<(), StoreError> {
        let r = range(&span);
        match event {
            Event::StreamStart | Event::StreamEnd => {}
            Event::DocumentStart(_, version) => {
                // go-yaml v3 (and so sops) refuses any other version.
                if let Some(v) = version.filter(|v| (v.major, v.minor) != (1, 1)) {
                    return Err(self.error(
                        r.start,
                        &format!(
                            "%YAML {}.{} is not supported: sops reads only YAML 1.1 directives; remove the %YAML line",
                            v.major, v.minor
                        ),
                    ));
                }
                self.root = None;
            }
            Event::DocumentEnd => {
                self.docs.push(Doc {
                    root: self.root.take(),
                    comments: std::mem::take(&mut self.comments),
                    end: r.start,
                    anchored: std::mem::take(&mut self.anchored),
                });
            }
            Event::Comment(text, placement) => {
                self.comments.push(Comment {
                    span: r.clone(),
                    text: text.into_owned(),
                    col: span.start.col(),
                    right: placement == Placement::Right,
                });
            }
            Event::Anchor(..) => {
                if let Some(node) = self.last_node_mut() {
                    node.props_start = node.props_start.min(r.start);
                }
            }
            Event::Alias(id) => {
                let node = self.node(Kind::Alias(id), r.clone(), 0, None, &span);
                self.last_end = r.end;
                self.finish(node);
            }
            Event::UnresolvedAlias(_) => {
                return Err(self.error(r.start, "an alias refers to an unknown anchor"));
            }
            Event::Scalar(value, style, anchor, tag) => {
                if style == ScalarStyle::DoubleQuoted {
                    if let Some(at) = slash_escape(&self.text[r.clone()]) {
                        return Err(self.error(
                            r.start + at,
                            "the escape \\/ is YAML 1.2 only, and sops' YAML reader (go-yaml) refuses it; write / without the backslash",
                        ));
                    }
                }
                let mut r = r;
                let mut value = value;
                let block = match style {
                    ScalarStyle::Literal | ScalarStyle::Folded => {
                        let b = self.block(&r, value.is_empty());
                        r = b.header.start..b.content.end;
                        // A block that ends the file without a line break
                        // has no final line break to keep (YAML 1.2, and
                        // go-yaml); granit-parser adds one.
                        if b.content.end == self.text.len()
                            && !self.text.ends_with('\n')
                            && value.ends_with('\n')
                        {
                            value.to_mut().pop();
                        }
                        Some(Box::new(b))
                    }
                    _ => None,
                };
                let tag = tag.map(|t| Box::new((t.handle().to_owned(), t.suffix().to_owned())));
                let kind = Kind::Scalar {
                    value,
                    style,
                    block,
                };
                let node = self.node(kind, r.clone(), anchor, tag, &span);
                self.last_end = r.end;
                self.finish(node);
            }
            Event::SequenceStart(style, anchor, tag) => {
                let tag = tag.map(|t| Box::new((t.handle().to_owned(), t.suffix().to_owned())));
                let flow = style == StructureStyle::Flow;
                let kind = Kind::Seq {
                    items: Vec::new(),
                    flow,
                };
                let node = self.node(kind, r.clone(), anchor, tag, &span);
                self.last_end = r.end;
                self.stack.push(Frame::Seq(node, Vec::new()));
            }
            Event::MappingStart(style, anchor, tag) => {
                let tag = tag.map(|t| Box::new((t.handle().to_owned(), t.suffix().to_owned())));
                let flow = style == StructureStyle::Flow;
                let kind = Kind::Map {
                    items: Vec::new(),
                    flow,
                };
                let node = self.node(kind, r.clone(), anchor, tag, &span);
                self.last_end = r.end;
                self.stack.push(Frame::Map(node, Vec::new(), None));
            }
            Event::SequenceEnd => {
                let Some(Frame::Seq(mut node, mut items)) = self.stack.pop() else {
                    return Err(self.error(r.start, "unbalanced sequence"));
                };
                let flow = matches!(node.kind, Kind::Seq { flow: true, .. });
                if !flow {
                    // An indentless sequence's event starts at its first
                    // item, after the dash.
                    let mut from = line_start(self.text, node.start);
                    for item in &mut items {
                        if let SeqItem::Node(n, dash) = item {
                            *dash = find_dash(self.text, from, n.props_start);
                            from = n.end;
                        }
                    }
                }
                node.end = if flow {
                    r.end
                } else {
                    last_end_seq(&items).unwrap_or(node.start)
                };
                node.kind = Kind::Seq { items, flow };
                self.last_end = self.last_end.max(r.end);
                self.finish(node);
            }
            Event::MappingEnd => {
                let Some(Frame::Map(mut node, items, _)) = self.stack.pop() else {
                    return Err(self.error(r.start, "unbalanced mapping"));
                };
                let flow = matches!(node.kind, Kind::Map { flow: true, .. });
                node.end = if flow {
                    r.end
                } else {
                    last_end_map(&items).unwrap_or(node.start)
                };
                node.kind = Kind::Map { items, flow };
                self.last_end = self.last_end.max(r.end);
                self.finish(node);
            }
            _ => {}
        }
        Ok(())
    }

    fn node(
        &mut self,
        kind: Kind<'a>,
        r: Range<usize>,
        anchor: usize,
        tag: Option<Box<(String, String)>>,
        span: &Span,
    ) -> Node<'a> {
        let id = self.next_id;
        self.next_id += 1;
        self.anchored |= anchor != 0;
        let tag_start = span
            .tag_span()
            .and_then(|t| t.byte_range())
            .map_or(r.start, |t| t.start);
        Node {
            kind,
            start: r.start,
            end: r.end,
            props_start: r.start.min(tag_start),
            anchor,
            tag,
            id,
        }
    }

    /// Adds a finished node to its parent (or makes it the document root).
    fn finish(&mut self, node: Node<'a>) {
        match self.stack.last_mut() {
            // The dash is found when the sequence ends: an anchor event
            // may still move the node's start.
            Some(Frame::Seq(_, items)) => items.push(SeqItem::Node(node, None)),
            Some(Frame::Map(_, items, pending)) => match pending.take() {
                Some(key) => items.push(MapItem::Entry(key, node)),
                None => *pending = Some(node),
            },
            None => self.root = Some(node),
        }
    }

    /// The node an `Anchor` event describes: the one just started or
    /// finished.
    fn last_node_mut(&mut self) -> Option<&mut Node<'a>> {
        let (open, last_child) = match self.stack.last_mut()? {
            Frame::Seq(node, items) if items.is_empty() => (Some(node), None),
            Frame::Map(node, items, None) if items.is_empty() => (Some(node), None),
            Frame::Seq(_, items) => (
                None,
                items.last_mut().and_then(|i| match i {
                    SeqItem::Node(n, _) => Some(n),
                    SeqItem::Comment(_) => None,
                }),
            ),
            Frame::Map(_, items, pending) => (
                None,
                match pending {
                    Some(key) => Some(key),
                    None => items.last_mut().and_then(|i| match i {
                        MapItem::Entry(_, v) => Some(v),
                        MapItem::Comment(_) => None,
                    }),
                },
            ),
        };
        open.or(last_child)
    }

    fn error(&self, offset: usize, message: &str) -> StoreError {
        let (line, column) = line_col(self.text, offset);
        StoreError::Parse {
            line,
            column,
            message: message.to_owned(),
        }
    }

    /// Locates a block scalar's header and content (`empty`: its value is
    /// the empty string). granit's span starts at the first content
    /// character and runs into the next line's indentation.
    fn block(&self, r: &Range<usize>, empty: bool) -> Block {
        let bytes = self.text.as_bytes();
        let indicator = find_block_indicator(self.text, self.last_end, r.start);
        if !matches!(bytes.get(indicator), Some(b'|' | b'>')) {
            // Not found (granit reported something unexpected): treat the
            // span as the content; writers then leave the header alone.
            return Block {
                header: r.start..r.start,
                content: r.clone(),
            };
        }
        let header_end = self.text[indicator..]
            .find('\n')
            .map_or(self.text.len(), |i| indicator + i);
        // The header is the indicator and its modifiers (`|-`, `>2+`).
        let header_len = self.text[indicator + 1..header_end]
            .find(|c: char| !matches!(c, '+' | '-' | '1'..='9'))
            .unwrap_or(header_end - indicator - 1);
        let header_text = &self.text[indicator..indicator + 1 + header_len];
        let keep = header_text.contains('+');
        let content_start = (header_end + 1).min(self.text.len());
        let span_end = r.end.max(content_start);
        let content_end = if keep && span_end >= self.text.len() {
            // Kept to the end of a file without a final line break.
            self.text.len()
        } else if keep {
            self.text[content_start..span_end]
                .rfind('\n')
                .map_or(content_start, |i| content_start + i + 1)
        } else {
            // The end of the last content line, with its line break. A line
            // of spaces is content when it is longer than the indentation
            // (set by the first line with other characters).
            let region = &self.text[content_start..span_end];
            // With an indentation indicator and only lines of spaces, the
            // spaces past the indicated indentation are content too; an
            // empty value has none (the spaces are the next line's
            // indentation).
            let explicit = header_text.bytes().any(|b| b.is_ascii_digit());
            let indent = region
                .split('\n')
                .find(|l| !is_blank_line(l))
                .map_or(if explicit && !empty { 0 } else { usize::MAX }, |l| {
                    l.len() - l.trim_start_matches(' ').len()
                });
            let is_content = |line: &str| {
                let line = line.trim_end_matches('\r');
                !is_blank_line(line) || line.len() > indent
            };
            let mut end = content_start;
            let mut line_start = content_start;
            for (i, &c) in bytes[content_start..span_end].iter().enumerate() {
                let at = content_start + i;
                if c == b'\n' {
                    if is_content(&self.text[line_start..at]) {
                        end = at + 1;
                    }
                    line_start = at + 1;
                }
            }
            if is_content(&self.text[line_start..span_end]) {
                end = span_end;
            }
            end
        };
        Block {
            header: indicator..indicator + header_text.len(),
            content: content_start..content_end.max(content_start),
        }
    }
}

/// A line of a block scalar with only spaces (a tab is content).
pub fn is_blank_line(line: &str) -> bool {
    line.trim_end_matches('\r').bytes().all(|b| b == b' ')
}

fn last_end_seq(items: &[SeqItem]) -> Option<usize> {
    items.iter().rev().find_map(|i| match i {
        SeqItem::Node(n, _) => Some(n.end),
        SeqItem::Comment(_) => None,
    })
}

fn last_end_map(items: &[MapItem]) -> Option<usize> {
    items.iter().rev().find_map(|i| match i {
        MapItem::Entry(_, v) => Some(v.end),
        MapItem::Comment(_) => None,
    })
}

/// The `|` or `>` that starts a block scalar, searched from the end of the
/// previous token, skipping comments.
fn find_block_indicator(text: &str, from: usize, content: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = from.min(content);
    let mut in_comment = false;
    while i < content {
        let token_start = i == 0 || matches!(bytes[i - 1], b' ' | b'\t' | b'\n');
        match bytes[i] {
            b'\n' => in_comment = false,
            b'#' if token_start => in_comment = true,
            // An anchor or a tag (`&>-`, `!a|b`) may hold the indicators.
            b'&' | b'!' if token_start && !in_comment => {
                while i + 1 < content && !matches!(bytes[i + 1], b' ' | b'\t' | b'\n') {
                    i += 1;
                }
            }
            b'|' | b'>' if !in_comment => return i,
            _ => {}
        }
        i += 1;
    }
    content
}

/// The first NEL, U+2028 or U+2029 in `text`: where and which.
fn go_line_break(text: &str) -> Option<(usize, u32)> {
    // By their UTF-8 lead bytes (NEL is C2 85, the others E2 80 A8/A9):
    // memchr over the bytes, where a search by characters decodes each one
    // (about 8 instructions a byte on a large file).
    let bytes = text.as_bytes();
    memchr::memchr2_iter(0xC2, 0xE2, bytes).find_map(|at| {
        let code = match bytes[at..] {
            [0xC2, 0x85, ..] => 0x85,
            [0xE2, 0x80, 0xA8, ..] => 0x2028,
            [0xE2, 0x80, 0xA9, ..] => 0x2029,
            _ => return None,
        };
        Some((at, code))
    })
}

/// The offset where the line holding `offset` starts.
pub fn line_start(text: &str, offset: usize) -> usize {
    // memrchr directly: `str::rfind` with a char pattern costs about 200
    // instructions a call on top, and this runs twice per key.
    memchr::memrchr(b'\n', &text.as_bytes()[..offset]).map_or(0, |i| i + 1)
}

/// Where the first line's indentation starts: after a byte-order mark,
/// which does not indent it.
fn indent_start(text: &str, offset: usize) -> usize {
    match line_start(text, offset) {
        0 if text.starts_with('\u{feff}') => '\u{feff}'.len_utf8().min(offset),
        start => start,
    }
}

/// The column of `offset` in bytes: what the writer counts when it writes
/// spaces to reach it.
pub fn byte_column(text: &str, offset: usize) -> usize {
    offset - indent_start(text, offset)
}

/// The column of `offset` in characters: what go-yaml's scanner counts,
/// and so what decides where it attaches a comment.
pub fn char_column(text: &str, offset: usize) -> usize {
    text[indent_start(text, offset)..offset].chars().count()
}

/// The offset after the line break that ends the line at `offset`.
pub fn next_line(text: &str, offset: usize) -> usize {
    text[offset..]
        .find('\n')
        .map_or(text.len(), |i| offset + i + 1)
}

/// The `-` of a block sequence entry whose node (or properties) start at
/// `start`, searched from the end of the previous entry (`from`), skipping
/// comments.
fn find_dash(text: &str, from: usize, start: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut dash = None;
    let mut i = from.min(start);
    while i < start {
        match bytes[i] {
            b'#' if i == 0 || matches!(bytes[i - 1], b' ' | b'\t' | b'\n' | b'\r') => {
                while i < start && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'-' if matches!(bytes.get(i + 1), Some(b' ' | b'\t' | b'\n' | b'\r') | None)
                || i + 1 == start =>
            {
                dash = Some(i);
            }
            _ => {}
        }
        i += 1;
    }
    dash
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The items of the first document's root mapping.
    fn root_items<'s>(s: &'s Stream<'_>) -> &'s [MapItem<'s>] {
        match &s.docs[0].root {
            Some(Node {
                kind: Kind::Map { items, .. },
                ..
            }) => items,
            other => panic!("the root is not a mapping: {other:?}"),
        }
    }

    #[test]
    fn block_scalar_spans_cover_header_and_content() {
        let text = "a: |\n  one\n  two\n\nb: >- # c\n  x\nc: 1\n";
        let s = parse(text).unwrap();
        let items = root_items(&s);
        let spans: Vec<(&str, &str)> = items
            .iter()
            .filter_map(|i| match i {
                MapItem::Entry(
                    _,
                    Node {
                        kind: Kind::Scalar { block: Some(b), .. },
                        ..
                    },
                ) => Some((&text[b.header.clone()], &text[b.content.clone()])),
                _ => None,
            })
            .collect();
        assert_eq!(spans, [("|", "  one\n  two\n"), (">-", "  x\n")]);
    }

    #[test]
    fn go_yaml_line_breaks_are_refused_where_they_are() {
        for (text, at) in [
            ("a: 'x\u{2028}y'\n", "line 1, column 6"),
            ("a: 1\n# c\u{2029}\n", "line 2, column 4"),
            ("a: \"\u{85}\"\n", "line 1, column 5"),
        ] {
            let err = parse(text).unwrap_err().to_string();
            assert!(err.starts_with(at) && err.contains("go-yaml"), "{err}");
        }
        assert!(parse("a: \"\\L\\P\\N\"\n").is_ok());
    }

    #[test]
    fn an_escaped_single_quote_gets_advice() {
        let err = parse("k: \"it\\'s\"\n").unwrap_err().to_string();
        assert!(
            err.starts_with("line 1, column") && err.contains("write ' without"),
            "{err}"
        );
    }

    #[test]
    fn errors_have_line_and_column() {
        let err = parse("a: b\n  c: d\n").unwrap_err().to_string();
        assert!(err.starts_with("line 2, column"), "{err}");
    }

    #[test]
    fn dashes_are_found() {
        let text = "l:\n  - a\n  - &x b\n  - - c\n";
        let s = parse(text).unwrap();
        let items = root_items(&s);
        let MapItem::Entry(_, seq) = &items[0] else {
            panic!()
        };
        let Kind::Seq { items, .. } = &seq.kind else {
            panic!()
        };
        let dashes: Vec<usize> = items
            .iter()
            .filter_map(|i| match i {
                SeqItem::Node(_, d) => *d,
                _ => None,
            })
            .collect();
        assert_eq!(dashes, [5, 11, 20]);
    }
}
