//! The JSON store.
//!
//! A small reader keeps the byte span of every scalar, so that when a file
//! is encrypted or decrypted only its values change and the `sops` member is
//! added or removed: indentation, key order, duplicate keys and number
//! spelling stay as the user wrote them. New layouts (another input format,
//! a changed shape) are written in Go's `json.MarshalIndent` style, as sops
//! writes them.

use std::borrow::Cow;
use std::ops::Range;

use zeroize::Zeroizing;

use super::{into_bytes, splice, Document, Indent, Keeps, Layout, Store, StoreError, StoreOptions};
use crate::tree::{Float, Item, Map, Shape, Tree, Value};

/// What the reader remembers of a JSON text for rewriting it in place.
pub struct Source<'a> {
    text: &'a str,
    /// Every scalar outside the `sops` member, in document order.
    leaves: Vec<Range<usize>>,
    /// The shape of the tree as read (without `sops`), to check it is
    /// unchanged.
    shape: Shape,
    /// Byte offsets just after `{` and of `}` of the root object.
    open: usize,
    close: usize,
    /// `(start of key, end of value)` of each root member.
    members: Vec<(usize, usize)>,
    /// Index into `members` and value span of the `sops` member(s).
    sops: Vec<(usize, Range<usize>)>,
    /// The file spells every character outside ASCII as a `\uXXXX` escape
    /// (Python's `json.dumps` does by default): written strings do too.
    escapes_non_ascii: bool,
}

/// The JSON store.
pub struct JsonStore;

impl Store for JsonStore {
    fn load<'a>(&self, bytes: &'a [u8], _encrypted: bool) -> Result<Document<'a>, StoreError> {
        let (tree, metadata, source) = read(bytes)?;
        Ok(Document::new(tree, metadata, source))
    }

    fn emit(
        &self,
        tree: &Tree,
        metadata: Option<&Value>,
        opts: &StoreOptions,
    ) -> Result<Zeroizing<Vec<u8>>, StoreError> {
        emit(tree, metadata, opts.json_indent).map(into_bytes)
    }

    fn emit_value(
        &self,
        value: &Value,
        opts: &StoreOptions,
    ) -> Result<Zeroizing<Vec<u8>>, StoreError> {
        emit_value(value, opts.json_indent).map(into_bytes)
    }

    fn keeps(&self) -> Keeps {
        KEEPS
    }

    /// Parses `text` with the reader [`Store::load`] uses, comparing each
    /// key, scalar and nesting with `tree` as it goes instead of building
    /// a second tree: the same answer as the default, for a fraction of
    /// the work (strings are compared where they lie in the text).
    fn reads_back(&self, text: &[u8], tree: &Tree, meta: &Value) -> bool {
        matches!(check_text(text, tree, meta), Ok(true))
    }
}

/// What a JSON file keeps of a tree: types, not comments.
const KEEPS: Keeps = Keeps {
    comments: false,
    types: true,
};

/// Whether `bytes` parses as [`read`] parses it into `tree` with `meta` as
/// its metadata, compared as [`super::same_as_written`] compares them.
fn check_text(bytes: &[u8], tree: &Tree, meta: &Value) -> Result<bool, StoreError> {
    let ([root], Ok(text)) = (&tree.branches[..], std::str::from_utf8(bytes)) else {
        return Ok(false);
    };
    let mut p = Parser {
        text,
        pos: 0,
        leaves: Vec::new(),
        depth: 1,
        objects: None,
    };
    p.skip_ws();
    if p.peek() != Some(b'{') {
        return Ok(false);
    }
    let mut metadata = None;
    if !p.check_object(root, Some(&mut metadata))? {
        return Ok(false);
    }
    p.skip_ws();
    Ok(p.pos == text.len() && metadata.is_some_and(|read| super::same_metadata(&read, meta)))
}

/// Parses a JSON document whose root is an object.
pub(super) fn read(bytes: &[u8]) -> Result<(Tree, Option<Value>, Source<'_>), StoreError> {
    let (tree, metadata, source, _) = parse_text(bytes, false)?;
    Ok((tree, metadata, source))
}

/// What [`read`] returns and, with `record`, where every nested object is.
fn parse_text(
    bytes: &[u8],
    record: bool,
) -> Result<(Tree, Option<Value>, Source<'_>, Vec<Object>), StoreError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let (line, column) = line_col(bytes, e.valid_up_to());
        StoreError::Parse {
            line,
            column,
            message: "the file is not valid UTF-8".into(),
        }
    })?;
    let mut p = Parser {
        text,
        pos: 0,
        leaves: Vec::new(),
        depth: 1,
        objects: record.then(Vec::new),
    };
    p.skip_ws();
    if p.peek() != Some(b'{') {
        return Err(p.error("expected a JSON object at the top level (sops stores only objects)"));
    }
    p.pos += 1;
    let open = p.pos;
    let mut root = Map::default();
    let mut members = Vec::new();
    let mut sops = Vec::new();
    let mut metadata = None;
    p.skip_ws();
    if p.peek() == Some(b'}') {
        p.pos += 1;
    } else {
        loop {
            p.skip_ws();
            let key_start = p.pos;
            let key = p.string()?;
            p.skip_ws();
            p.expect(b':')?;
            p.skip_ws();
            let value_start = p.pos;
            if key == "sops" {
                let saved = std::mem::take(&mut p.leaves);
                let value = p.value()?;
                p.leaves = saved;
                sops.push((members.len(), value_start..p.pos));
                metadata.get_or_insert(value);
            } else {
                let value = p.value()?;
                root.push(key, value);
            }
            members.push((key_start, p.pos));
            p.skip_ws();
            match p.next() {
                Some(b',') => continue,
                Some(b'}') => break,
                _ => return Err(p.back().error("expected ',' or '}' after an object member")),
            }
        }
    }
    let close = p.pos - 1;
    p.skip_ws();
    if p.pos != text.len() {
        return Err(p.error("unexpected text after the JSON object"));
    }
    let tree = Tree::single(root);
    let source = Source {
        text,
        leaves: p.leaves,
        shape: tree.shape(),
        open,
        close,
        members,
        sops,
        escapes_non_ascii: escapes_non_ascii(text),
    };
    Ok((tree, metadata, source, p.objects.unwrap_or_default()))
}

/// How deeply objects and arrays may nest, the top-level object included:
/// Go's encoding/json limit, so sops and rsops refuse the same files. Every
/// walk over the tree recurses, and the CLI's stack is sized for this depth.
pub const MAX_DEPTH: usize = 10_000;

struct Parser<'a> {
    text: &'a str,
    pos: usize,
    leaves: Vec<Range<usize>>,
    /// Objects and arrays open around the current position.
    depth: usize,
    /// The nested objects, in document order, when they are wanted (only
    /// to add or remove a member; see [`Source::one_member_changed`]).
    objects: Option<Vec<Object>>,
}

/// Where a nested object and its members are.
struct Object {
    /// Just after its `{`, and at its `}`.
    open: usize,
    close: usize,
    /// `(start of key, end of value)` of each member.
    members: Vec<(usize, usize)>,
    /// How deeply it nests (the root's members are at 1).
    depth: usize,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let b = self.peek();
        self.pos += usize::from(b.is_some());
        b
    }

    fn back(&mut self) -> &mut Self {
        self.pos = self.pos.saturating_sub(1);
        self
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn error(&self, message: &str) -> StoreError {
        let (line, column) = line_col(self.text.as_bytes(), self.pos);
        let found = match self.peek() {
            None => " (found the end of the file)".to_owned(),
            Some(_) => String::new(),
        };
        StoreError::Parse {
            line,
            column,
            message: format!("{message}{found}"),
        }
    }

    fn expect(&mut self, b: u8) -> Result<(), StoreError> {
        if self.peek() == Some(b) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.error(&format!("expected '{}'", b as char)))
        }
    }

    fn value(&mut self) -> Result<Value, StoreError> {
        let start = self.pos;
        let value = match self.peek() {
            Some(b'{') => return self.nested(Self::object),
            Some(b'[') => return self.nested(Self::array),
            Some(b'"') => Value::Str(self.string()?),
            Some(b'-' | b'0'..=b'9') => self.number()?,
            Some(b't') => self.literal("true", Value::Bool(true))?,
            Some(b'f') => self.literal("false", Value::Bool(false))?,
            Some(b'n') => self.literal("null", Value::Null)?,
            _ => return Err(self.error("expected a JSON value")),
        };
        self.leaves.push(start..self.pos);
        Ok(value)
    }

    /// Parses an object or array one level deeper, within [`MAX_DEPTH`].
    fn nested<T>(
        &mut self,
        parse: impl FnOnce(&mut Self) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        if self.depth == MAX_DEPTH {
            return Err(self.error(&format!(
                "objects and arrays nest more than {MAX_DEPTH} levels deep here; \
                 rsops (like sops) reads no deeper: flatten the document"
            )));
        }
        self.depth += 1;
        let value = parse(self);
        self.depth -= 1;
        value
    }

    fn literal(&mut self, word: &str, value: Value) -> Result<Value, StoreError> {
        if self.text[self.pos..].starts_with(word) {
            self.pos += word.len();
            Ok(value)
        } else {
            Err(self.error("expected a JSON value"))
        }
    }

    fn object(&mut self) -> Result<Value, StoreError> {
        self.pos += 1;
        let slot = self.objects.as_mut().map(|objects| {
            objects.push(Object {
                open: self.pos,
                close: self.pos,
                members: Vec::new(),
                depth: self.depth,
            });
            objects.len() - 1
        });
        let mut map = Map::default();
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            self.close_object(slot);
            return Ok(Value::Map(map));
        }
        loop {
            self.skip_ws();
            let key_start = self.pos;
            let key = self.string()?;
            self.skip_ws();
            self.expect(b':')?;
            self.skip_ws();
            let value = self.value()?;
            map.push(key, value);
            if let (Some(i), Some(objects)) = (slot, self.objects.as_mut()) {
                objects[i].members.push((key_start, self.pos));
            }
            self.skip_ws();
            match self.next() {
                Some(b',') => continue,
                Some(b'}') => {
                    self.close_object(slot);
                    return Ok(Value::Map(map));
                }
                _ => {
                    return Err(self
                        .back()
                        .error("expected ',' or '}' after an object member"))
                }
            }
        }
    }

    /// Reads a value, comparing it with `expected` as
    /// [`super::same_value`] compares a value read back; `false` as soon
    /// as they differ.
    fn check_value(&mut self, expected: &Value) -> Result<bool, StoreError> {
        match (self.peek(), expected) {
            (Some(b'{'), Value::Map(map)) => self.nested(|p| p.check_object(map, None)),
            (Some(b'['), Value::List(items)) => self.nested(|p| p.check_array(items)),
            (Some(b'{' | b'['), _) => Ok(false),
            (Some(b'"'), _) => {
                let read = self.string_text()?;
                Ok(matches!(expected, Value::Str(w) if super::same_text(&read, w)))
            }
            // Compared as `Float`'s equality does, without copying the
            // spelling.
            (Some(b'-' | b'0'..=b'9'), _) => {
                let (_, read) = self.number_text()?;
                Ok(matches!(expected, Value::Float(w) if w.value.to_bits() == read.to_bits()))
            }
            _ => {
                let read = self.value()?;
                Ok(super::same_value(&read, expected, KEEPS))
            }
        }
    }

    /// Reads an object (the `{` next), comparing its members with the
    /// items of `expected` the check keeps. With `metadata`, it is the root:
    /// its `sops` members are not data, and the first one's value is put
    /// there.
    fn check_object(
        &mut self,
        expected: &Map,
        mut metadata: Option<&mut Option<Value>>,
    ) -> Result<bool, StoreError> {
        let mut want = expected.0.iter().filter(|i| super::kept_item(i, KEEPS));
        if self.open_collection(b'}') {
            return Ok(want.next().is_none());
        }
        loop {
            self.skip_ws();
            let key = self.string_text()?;
            self.skip_ws();
            self.expect(b':')?;
            self.skip_ws();
            match metadata.as_deref_mut() {
                Some(meta) if key == "sops" => {
                    let value = self.value()?;
                    meta.get_or_insert(value);
                }
                // An empty object is not compared (see `kept_item`).
                _ if self.empty_object_next() => {
                    self.value()?;
                }
                _ => match want.next() {
                    Some(Item::Entry(k, v)) if *k == key => {
                        if !self.check_value(v)? {
                            return Ok(false);
                        }
                    }
                    _ => return Ok(false),
                },
            }
            if self.after_item(b'}', "expected ',' or '}' after an object member")? {
                return Ok(want.next().is_none());
            }
        }
    }

    /// Reads what follows an object member or array element: `true` at
    /// the collection's `close`, `false` at a comma.
    fn after_item(&mut self, close: u8, expected: &str) -> Result<bool, StoreError> {
        self.skip_ws();
        match self.next() {
            Some(b',') => Ok(false),
            Some(b) if b == close => Ok(true),
            _ => Err(self.back().error(expected)),
        }
    }

    /// Steps over an object's or array's opening bracket, and over `close`
    /// too when it follows: then the collection is empty, and the answer
    /// is true.
    fn open_collection(&mut self, close: u8) -> bool {
        self.pos += 1;
        self.skip_ws();
        let empty = self.peek() == Some(close);
        self.pos += usize::from(empty);
        empty
    }

    /// Whether an object with no members comes next.
    fn empty_object_next(&self) -> bool {
        let bytes = self.text.as_bytes();
        bytes.get(self.pos) == Some(&b'{')
            && bytes[self.pos + 1..]
                .iter()
                .find(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
                == Some(&b'}')
    }

    /// Reads an array (the `[` next), comparing its elements with those of
    /// `expected`, comments left out on both sides.
    fn check_array(&mut self, expected: &[Value]) -> Result<bool, StoreError> {
        let mut want = expected.iter().filter(|v| !super::is_list_comment(v));
        if self.open_collection(b']') {
            return Ok(want.next().is_none());
        }
        loop {
            self.skip_ws();
            let same = if self.peek() == Some(b'"') {
                let read = self.string_text()?;
                super::is_comment_token(&read)
                    || matches!(want.next(), Some(Value::Str(w)) if super::same_text(&read, w))
            } else {
                match want.next() {
                    Some(w) => self.check_value(w)?,
                    None => false,
                }
            };
            if !same {
                return Ok(false);
            }
            if self.after_item(b']', "expected ',' or ']' after an array element")? {
                return Ok(want.next().is_none());
            }
        }
    }

    /// Records where object `slot` (if recorded) closes: at the `}` just
    /// read.
    fn close_object(&mut self, slot: Option<usize>) {
        if let (Some(i), Some(objects)) = (slot, self.objects.as_mut()) {
            objects[i].close = self.pos - 1;
        }
    }

    fn array(&mut self) -> Result<Value, StoreError> {
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Value::List(items));
        }
        loop {
            self.skip_ws();
            items.push(self.value()?);
            self.skip_ws();
            match self.next() {
                Some(b',') => continue,
                Some(b']') => return Ok(Value::List(items)),
                _ => {
                    return Err(self
                        .back()
                        .error("expected ',' or ']' after an array element"))
                }
            }
        }
    }

    fn number(&mut self) -> Result<Value, StoreError> {
        let (text, value) = self.number_text()?;
        Ok(Value::Float(Float {
            value,
            text: Some(text.to_owned()),
        }))
    }

    /// A number's spelling and value.
    fn number_text(&mut self) -> Result<(&'a str, f64), StoreError> {
        let text = self.text;
        let start = self.pos;
        let bytes = self.text.as_bytes();
        let mut end = start;
        while end < bytes.len()
            && matches!(bytes[end], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
        {
            end += 1;
        }
        let text = &text[start..end];
        if !crate::number::is_json_number(text) {
            return Err(self.error("invalid number"));
        }
        let value: f64 = text.parse().map_err(|_| self.error("invalid number"))?;
        if !value.is_finite() {
            return Err(self.error(
                "the number is too large for a 64-bit float, which is how sops reads JSON numbers",
            ));
        }
        self.pos = end;
        Ok((text, value))
    }

    fn string(&mut self) -> Result<String, StoreError> {
        self.string_text().map(Cow::into_owned)
    }

    /// A string's text, borrowed from the input when it has no escape (most
    /// keys and every `ENC[...]` token): such a string is then copied once,
    /// into an allocation of its exact size, if at all.
    fn string_text(&mut self) -> Result<Cow<'a, str>, StoreError> {
        if self.peek() != Some(b'"') {
            return Err(self.error("expected a string"));
        }
        self.pos += 1;
        let first = self.segment()?;
        if self.next() == Some(b'"') {
            return Ok(Cow::Borrowed(first));
        }
        let mut out = String::with_capacity(first.len() + 16);
        out.push_str(first);
        loop {
            self.escape(&mut out)?;
            out.push_str(self.segment()?);
            if self.next() == Some(b'"') {
                return Ok(Cow::Owned(out));
            }
        }
    }

    /// The text up to the next `"` or `\\`, which is left to read.
    fn segment(&mut self) -> Result<&'a str, StoreError> {
        let text = self.text;
        let bytes = text.as_bytes();
        let start = self.pos;
        let stop = memchr::memchr2(b'"', b'\\', &bytes[start..])
            .ok_or_else(|| self.error("unterminated string"))?;
        // Branch-free so that it vectorises; strings are mostly long
        // ENC[...] tokens.
        let segment = &bytes[start..start + stop];
        if segment.iter().fold(false, |bad, &b| bad | (b < 0x20)) {
            self.pos += segment.iter().position(|&b| b < 0x20).unwrap_or(0);
            return Err(
                self.error("control character in a string; write it as an escape such as \\n")
            );
        }
        self.pos += stop;
        // Both stops are ASCII, so the cut is on a UTF-8 boundary.
        Ok(&text[start..start + stop])
    }

    fn escape(&mut self, out: &mut String) -> Result<(), StoreError> {
        let c = match self.next() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                let first = self.hex4()?;
                if (0xD800..0xDC00).contains(&first) && self.text[self.pos..].starts_with("\\u") {
                    let save = self.pos;
                    self.pos += 2;
                    let second = self.hex4()?;
                    if (0xDC00..0xE000).contains(&second) {
                        let c = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
                        out.push(char::from_u32(c).unwrap_or('\u{FFFD}'));
                        return Ok(());
                    }
                    self.pos = save;
                }
                // A lone surrogate becomes U+FFFD, as Go decodes it.
                char::from_u32(first).unwrap_or('\u{FFFD}')
            }
            _ => return Err(self.back().error("invalid escape in a string")),
        };
        out.push(c);
        Ok(())
    }

    fn hex4(&mut self) -> Result<u32, StoreError> {
        let digits = self
            .text
            .get(self.pos..self.pos + 4)
            .filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit()))
            .ok_or_else(|| self.error("invalid \\u escape"))?;
        self.pos += 4;
        Ok(u32::from_str_radix(digits, 16).unwrap_or(0xFFFD))
    }
}

fn line_col(bytes: &[u8], pos: usize) -> (usize, usize) {
    let before = &bytes[..pos.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, column)
}

impl Layout for Source<'_> {
    fn rewrite(
        &self,
        tree: &Tree,
        metadata: Option<&Value>,
        _opts: &StoreOptions,
    ) -> Result<Option<Zeroizing<Vec<u8>>>, StoreError> {
        self.splice(tree, metadata)
    }
}

impl Source<'_> {
    /// The original text with the leaves of `tree` (which must have the
    /// shape read) and with `sops` as the metadata member (`None` removes
    /// it); `None` when the text cannot be kept.
    fn splice(
        &self,
        tree: &Tree,
        sops: Option<&Value>,
    ) -> Result<Option<Zeroizing<Vec<u8>>>, StoreError> {
        if self.sops.len() > 1 {
            return Ok(None);
        }
        if self.shape != tree.shape() {
            return self.one_member_changed(tree, sops);
        }
        let unit = self.layout();
        // At most one edit besides the leaves: the `sops` member.
        let meta_edit: Option<(Range<usize>, String)> = match (self.sops.first(), sops) {
            (Some((_, span)), Some(meta)) => {
                let mut out = String::new();
                write_value(&mut out, meta, &unit, 1)?;
                Some((span.clone(), out))
            }
            (Some((index, _)), None) => Some((self.member_removal(*index), String::new())),
            (None, Some(meta)) => {
                let sep = self.separator();
                let mut out = String::new();
                match self.members.last() {
                    Some(&(_, end)) => {
                        out.push(',');
                        out.push_str(&sep);
                        push_sops_member(&mut out, meta, &unit)?;
                        Some((end..end, out))
                    }
                    None => {
                        out.push_str(&sep);
                        push_sops_member(&mut out, meta, &unit)?;
                        if sep.contains('\n') {
                            out.push('\n');
                        }
                        Some((self.open..self.close, out))
                    }
                }
            }
            (None, None) => None,
        };
        let mut leaves = Vec::with_capacity(self.leaves.len());
        collect_leaves(tree, &mut leaves);
        // A list element that decrypted to a comment (sops stores a YAML
        // list's comments so in JSON) is left out, as sops leaves it out:
        // the text cannot be kept.
        if leaves.iter().any(|leaf| matches!(leaf, Value::Comment(_))) {
            return Ok(None);
        }
        // Reserve what the output can need, so that it never grows (growing
        // would leave copies of plaintext behind) and zeroizing it on drop
        // touches no more memory than was written.
        let ascii = self.escapes_non_ascii;
        let bounds = leaves.iter().map(|leaf| scalar_len_bound(leaf, ascii));
        let capacity = splice::capacity(
            self.text.len(),
            self.leaves
                .iter()
                .zip(bounds)
                .chain(meta_edit.as_ref().map(|(range, text)| (range, text.len()))),
        );
        // Leaf spans are in document order and never overlap the `sops`
        // member, so one pass splices everything. Each scalar is written
        // into one reused (and zeroized) buffer, then copied in place.
        let mut out = splice::Splicer::new(self.text.as_bytes(), capacity);
        let mut scalar = Zeroizing::new(String::new());
        let mut meta_edit = meta_edit;
        for (span, leaf) in self.leaves.iter().zip(leaves) {
            if let Some((range, text)) = meta_edit.take_if(|(r, _)| r.start <= span.start) {
                out.replace(range).extend_from_slice(text.as_bytes());
            }
            scalar.clear();
            write_scalar(&mut scalar, leaf, ascii)?;
            out.replace(span.clone())
                .extend_from_slice(scalar.as_bytes());
        }
        if let Some((range, text)) = meta_edit {
            out.replace(range).extend_from_slice(text.as_bytes());
        }
        let out = out.finish();
        debug_assert!(out.len() <= capacity, "the JSON output outgrew its bound");
        Ok(Some(out))
    }

    /// The white space before the first root member (`"\n\t"` in a
    /// tab-indented file), used before an added member.
    fn separator(&self) -> String {
        match self.members.first() {
            Some(&(key_start, _)) => self.text[self.open..key_start].to_owned(),
            None => "\n\t".to_owned(),
        }
    }

    /// The file's line break and one level of indentation; `None` for a
    /// compact single-line file.
    fn layout(&self) -> Option<Pretty> {
        let sep = self.separator();
        sep.rfind('\n').map(|i| Pretty {
            newline: if sep.contains("\r\n") { "\r\n" } else { "\n" },
            unit: sep[i + 1..].to_owned(),
        })
    }

    /// The text to cut to remove root member `index` and one comma.
    fn member_removal(&self, index: usize) -> Range<usize> {
        member_removal(&self.members, index, self.open..self.close)
    }

    /// `set` of a new key or `unset` changed one object by one member: the
    /// text gets that member added after the object's last one (in the
    /// object's own layout) or cut out, and is then spliced as usual.
    /// `None` for any other change.
    fn one_member_changed(
        &self,
        tree: &Tree,
        sops: Option<&Value>,
    ) -> Result<Option<Zeroizing<Vec<u8>>>, StoreError> {
        let Ok((old, _, _, objects)) = parse_text(self.text.as_bytes(), true) else {
            return Ok(None);
        };
        let (Some(old_root), Some(new_root)) = (old.branches.first(), tree.branches.first()) else {
            return Ok(None);
        };
        let mut found = Found::Nothing;
        walk_map(old_root, new_root, None, &mut 0, &mut found);
        let Found::One(which, change) = found else {
            return Ok(None);
        };
        // The object's members that hold data (the root's `sops` is not).
        let (members, inside, depth): (Vec<(usize, usize)>, Range<usize>, usize) = match which {
            None => (
                (0..self.members.len())
                    .filter(|i| !self.sops.iter().any(|(s, _)| s == i))
                    .map(|i| self.members[i])
                    .collect(),
                self.open..self.close,
                1,
            ),
            Some(i) => match objects.get(i) {
                Some(o) => (o.members.clone(), o.open..o.close, o.depth),
                None => return Ok(None),
            },
        };
        let (range, text) = match change {
            Change::Removed(j) => {
                let Some(&(start, _)) = members.get(j) else {
                    return Ok(None);
                };
                // In the root, cut by the position among all members, so
                // that a `sops` member next to it keeps its comma.
                let range = match which {
                    None => {
                        let Some(m) = self.members.iter().position(|&(s, _)| s == start) else {
                            return Ok(None);
                        };
                        self.member_removal(m)
                    }
                    Some(_) => member_removal(&members, j, inside),
                };
                (range, String::new())
            }
            Change::Appended => {
                let (Some(&(first, _)), Some(&(_, end))) = (members.first(), members.last()) else {
                    return Ok(None);
                };
                let Some(Item::Entry(key, value)) =
                    new_map(new_root, which).and_then(|m| m.0.last())
                else {
                    return Ok(None);
                };
                let unit = self.layout();
                let mut out = String::from(",");
                out.push_str(&self.text[inside.start..first]);
                quote(&mut out, key, self.escapes_non_ascii);
                out.push(':');
                if unit.is_some() {
                    out.push(' ');
                }
                write_value(&mut out, value, &unit, depth)?;
                (end..end, out)
            }
        };
        let mut edited = Zeroizing::new(String::with_capacity(self.text.len() + text.len()));
        edited.push_str(&self.text[..range.start]);
        edited.push_str(&text);
        edited.push_str(&self.text[range.end..]);
        let Ok((_, _, source, _)) = parse_text(edited.as_bytes(), false) else {
            return Ok(None);
        };
        if source.shape != tree.shape() {
            return Ok(None);
        }
        source.splice(tree, sops)
    }
}

/// The text to cut to remove member `index` of an object and one comma;
/// `inside` is between its braces.
fn member_removal(members: &[(usize, usize)], index: usize, inside: Range<usize>) -> Range<usize> {
    let (start, end) = members[index];
    if index > 0 {
        members[index - 1].1..end
    } else if let Some(&(next_start, _)) = members.get(1) {
        start..next_start
    } else {
        inside
    }
}

/// How one object's members changed.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Change {
    Removed(usize),
    Appended,
}

/// What [`walk_map`] found: no changed object yet, exactly one (`None` is
/// the root, else its index among the nested objects in document order),
/// or another kind of change.
enum Found {
    Nothing,
    One(Option<usize>, Change),
    Other,
}

fn walk_map(old: &Map, new: &Map, me: Option<usize>, next: &mut usize, found: &mut Found) {
    fn keys(m: &Map) -> Vec<&str> {
        m.0.iter()
            .filter_map(|i| match i {
                Item::Entry(k, _) => Some(k.as_str()),
                Item::Comment(_) => None,
            })
            .collect()
    }
    let (o, n) = (keys(old), keys(new));
    let change = if o == n {
        None
    } else if n.len() == o.len() + 1 && n[..o.len()] == o[..] {
        Some(Change::Appended)
    } else if o.len() == n.len() + 1 {
        (0..o.len())
            .find(|&j| o[..j].iter().chain(&o[j + 1..]).eq(n.iter()))
            .map(Change::Removed)
    } else {
        None
    };
    match (change, o == n, &found) {
        (Some(c), _, Found::Nothing) => *found = Found::One(me, c),
        (Some(_), _, _) | (None, false, _) => *found = Found::Other,
        _ => {}
    }
    let mut news = new.0.iter();
    for (j, item) in old.0.iter().enumerate() {
        let Item::Entry(_, a) = item else { continue };
        if change == Some(Change::Removed(j)) {
            count_objects(a, next);
            continue;
        }
        match news.next() {
            Some(Item::Entry(_, b)) => walk_value(a, b, next, found),
            _ => count_objects(a, next),
        }
    }
}

fn walk_value(old: &Value, new: &Value, next: &mut usize, found: &mut Found) {
    match (old, new) {
        (Value::Map(a), Value::Map(b)) => {
            let me = *next;
            *next += 1;
            walk_map(a, b, Some(me), next, found);
        }
        (Value::List(a), Value::List(b)) if a.len() == b.len() => {
            for (x, y) in a.iter().zip(b) {
                walk_value(x, y, next, found);
            }
        }
        (Value::Map(_) | Value::List(_), _) | (_, Value::Map(_) | Value::List(_)) => {
            *found = Found::Other;
        }
        _ => {}
    }
}

/// Counts the objects inside a value that is skipped, so that the next
/// ones keep their document-order numbers.
fn count_objects(value: &Value, next: &mut usize) {
    match value {
        Value::Map(m) => {
            *next += 1;
            for item in &m.0 {
                if let Item::Entry(_, v) = item {
                    count_objects(v, next);
                }
            }
        }
        Value::List(items) => items.iter().for_each(|v| count_objects(v, next)),
        _ => {}
    }
}

/// The map of the new tree at object `which` (numbered as in the old tree,
/// which is the same up to the changed object).
fn new_map(root: &Map, which: Option<usize>) -> Option<&Map> {
    let Some(target) = which else {
        return Some(root);
    };
    fn find<'t>(value: &'t Value, target: usize, next: &mut usize) -> Option<&'t Map> {
        match value {
            Value::Map(m) => {
                if *next == target {
                    return Some(m);
                }
                *next += 1;
                m.0.iter().find_map(|i| match i {
                    Item::Entry(_, v) => find(v, target, next),
                    Item::Comment(_) => None,
                })
            }
            Value::List(items) => items.iter().find_map(|v| find(v, target, next)),
            _ => None,
        }
    }
    let mut next = 0;
    root.0.iter().find_map(|i| match i {
        Item::Entry(_, v) => find(v, target, &mut next),
        Item::Comment(_) => None,
    })
}

fn push_sops_member(
    out: &mut String,
    meta: &Value,
    unit: &Option<Pretty>,
) -> Result<(), StoreError> {
    out.push_str("\"sops\":");
    if unit.is_some() {
        out.push(' ');
    }
    write_value(out, meta, unit, 1)
}

fn collect_leaves<'a>(tree: &'a Tree, out: &mut Vec<&'a Value>) {
    fn value<'a>(v: &'a Value, out: &mut Vec<&'a Value>) {
        match v {
            Value::Map(m) => map(m, out),
            Value::List(items) => items.iter().for_each(|i| value(i, out)),
            leaf => out.push(leaf),
        }
    }
    fn map<'a>(m: &'a Map, out: &mut Vec<&'a Value>) {
        for item in &m.0 {
            if let Item::Entry(_, v) = item {
                value(v, out);
            }
        }
    }
    tree.branches.iter().for_each(|b| map(b, out));
}

/// Writes a whole document in Go's `MarshalIndent` layout plus a final
/// newline, as sops does.
fn emit(
    tree: &Tree,
    sops: Option<&Value>,
    indent: Indent,
) -> Result<Zeroizing<String>, StoreError> {
    let mut root = tree.branches.first().cloned().unwrap_or_default();
    if let Some(meta) = sops {
        root.push("sops", meta.clone());
    }
    let mut out = Zeroizing::new(String::new());
    write_value(&mut out, &Value::Map(root), &Some(Pretty::from(indent)), 0)?;
    out.push('\n');
    Ok(out)
}

/// Writes one value (for `--extract`), without a final newline.
fn emit_value(value: &Value, indent: Indent) -> Result<Zeroizing<String>, StoreError> {
    let mut out = Zeroizing::new(String::new());
    write_value(&mut out, value, &Some(Pretty::from(indent)), 0)?;
    Ok(out)
}

/// Line break and indentation of pretty-printed JSON.
struct Pretty {
    newline: &'static str,
    unit: String,
}

impl From<Indent> for Pretty {
    fn from(indent: Indent) -> Self {
        Pretty {
            newline: "\n",
            unit: indent.unit(),
        }
    }
}

/// Writes `value` at nesting `level`; `unit` gives the layout, `None` for
/// compact output.
fn write_value(
    out: &mut String,
    value: &Value,
    unit: &Option<Pretty>,
    level: usize,
) -> Result<(), StoreError> {
    let newline = |out: &mut String, level: usize| {
        if let Some(layout) = unit {
            out.push_str(layout.newline);
            for _ in 0..level {
                out.push_str(&layout.unit);
            }
        }
    };
    match value {
        Value::Map(m) => {
            let entries: Vec<(&String, &Value)> =
                m.0.iter()
                    .filter_map(|i| match i {
                        Item::Entry(k, v) => Some((k, v)),
                        Item::Comment(_) => None,
                    })
                    .collect();
            if entries.is_empty() {
                out.push_str("{}");
                return Ok(());
            }
            out.push('{');
            for (i, (k, v)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, level + 1);
                quote(out, k, false);
                out.push(':');
                if unit.is_some() {
                    out.push(' ');
                }
                write_value(out, v, unit, level + 1)?;
            }
            newline(out, level);
            out.push('}');
        }
        Value::List(items) => {
            let items: Vec<&Value> = items
                .iter()
                .filter(|v| !matches!(v, Value::Comment(_)))
                .collect();
            if items.is_empty() {
                out.push_str("[]");
                return Ok(());
            }
            out.push('[');
            for (i, v) in items.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, level + 1);
                write_value(out, v, unit, level + 1)?;
            }
            newline(out, level);
            out.push(']');
        }
        leaf => write_scalar(out, leaf, false)?,
    }
    Ok(())
}

/// Writes the JSON text of a scalar (characters outside ASCII as escapes
/// when `ascii`). A float keeps the spelling it was read or decrypted with
/// when that is valid JSON.
fn write_scalar(out: &mut String, value: &Value, ascii: bool) -> Result<(), StoreError> {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => out.push_str(&i.to_string()),
        Value::Float(f) => match &f.text {
            Some(t) if crate::number::is_json_number(t) => out.push_str(t),
            _ => out.push_str(&crate::number::format_json(f.value).ok_or_else(|| {
                StoreError::Emit(format!(
                    "JSON cannot represent the number {}",
                    crate::number::format_plain(f.value)
                ))
            })?),
        },
        Value::Str(s) | Value::Comment(s) => quote(out, s, ascii),
        Value::Bytes(b) => quote(out, &go_lossy(b), ascii),
        Value::Time(t) => {
            out.push('"');
            out.push_str(&crate::encoding::format_time(t));
            out.push('"');
        }
        Value::Map(_) | Value::List(_) => unreachable!("collections are not scalars"),
    }
    Ok(())
}

/// Writes `\uXXXX` (lowercase hex) straight into `out`: a temporary string
/// would leave a copy of plaintext behind.
fn push_u_escape(out: &mut String, unit: u16) {
    out.push_str("\\u");
    for shift in [12, 8, 4, 0] {
        let digit = u32::from((unit >> shift) & 0xf);
        out.extend(char::from_digit(digit, 16));
    }
}

/// Whether a JSON text spells characters outside ASCII as `\uXXXX`
/// escapes only: it is all ASCII and has at least one such escape.
fn escapes_non_ascii(text: &str) -> bool {
    if !text.is_ascii() {
        return false;
    }
    let bytes = text.as_bytes();
    let mut i = 0;
    // memchr to each backslash: a byte-by-byte loop over a 1.4 MB encrypted
    // file cost about 4 million instructions, and a backslash is rare.
    while let Some(at) = bytes.get(i..).and_then(|rest| memchr::memchr(b'\\', rest)) {
        i += at;
        let code = text
            .get(i + 2..i + 6)
            .filter(|_| bytes.get(i + 1) == Some(&b'u'))
            .and_then(|hex| u32::from_str_radix(hex, 16).ok());
        if code.is_some_and(|c| c >= 0x80) {
            return true;
        }
        // Skip the escaped character (`\\` cannot start another escape).
        i += 2;
    }
    false
}

/// Bytes that are not UTF-8 as Go's JSON encoder writes them (sops): each
/// byte of an invalid sequence becomes U+FFFD (Rust's `from_utf8_lossy`
/// replaces a whole truncated sequence with one).
fn go_lossy(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        out.extend(std::iter::repeat_n('\u{FFFD}', chunk.invalid().len()));
    }
    out
}

/// At least as many bytes as [`write_scalar`] writes for `value`.
fn scalar_len_bound(value: &Value, ascii: bool) -> usize {
    // An escape is at most six bytes (`\u001f`) for one byte of text; a
    // character outside ASCII, two to four bytes, at most twelve (`\ud83d\ude00`).
    // Summed without branches, so that it vectorises.
    let wide = usize::from(ascii);
    let escaped = |s: &[u8]| {
        // Most strings (every ENC[...] token) have nothing to escape; that
        // test is much cheaper than the sum.
        if !needs_escape(s, ascii) {
            return 2 + s.len();
        }
        2 + s.len()
            + s.iter()
                .map(|&b| {
                    5 * usize::from((b < 0x20) | (b == b'"') | (b == b'\\'))
                        + 2 * wide * usize::from(b >= 0x80)
                })
                .sum::<usize>()
    };
    match value {
        Value::Str(s) | Value::Comment(s) => escaped(s.as_bytes()),
        // Each invalid byte may become U+FFFD, three bytes.
        Value::Bytes(b) => 3 * escaped(b),
        Value::Float(f) => f.text.as_ref().map_or(0, String::len).max(32),
        _ => 40,
    }
}

/// Whether a string has a character to escape (with `ascii`, any outside
/// ASCII). Most strings (every ENC[...] token) have none; this branch-free
/// scan, which vectorises, finds that out before any careful loop.
fn needs_escape(s: &[u8], ascii: bool) -> bool {
    s.iter().fold(false, |esc, &b| {
        esc | (b < 0x20) | (b == b'"') | (b == b'\\') | (ascii & (b >= 0x80))
    })
}

/// Writes a JSON string with the minimal escaping (quote, backslash,
/// control characters, and with `ascii` every character outside ASCII), so
/// decrypted strings come back as users write them.
fn quote(out: &mut String, s: &str, ascii: bool) {
    out.push('"');
    if !needs_escape(s.as_bytes(), ascii) {
        out.push_str(s);
        out.push('"');
        return;
    }
    let mut start = 0;
    // Every character that needs escaping is ASCII, so scanning bytes finds
    // them at UTF-8 boundaries.
    for (i, &b) in s.as_bytes().iter().enumerate() {
        let esc = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            b if b < 0x20 => "",
            // The first byte of a character outside ASCII: its UTF-16
            // units, as Python writes them.
            b if ascii && b >= 0xc0 => {
                let Some(c) = s[i..].chars().next() else {
                    continue;
                };
                out.push_str(&s[start..i]);
                for unit in c.encode_utf16(&mut [0; 2]) {
                    push_u_escape(out, *unit);
                }
                start = i + c.len_utf8();
                continue;
            }
            _ => continue,
        };
        out.push_str(&s[start..i]);
        if esc.is_empty() {
            push_u_escape(out, u16::from(b));
        } else {
            out.push_str(esc);
        }
        start = i + 1;
    }
    out.push_str(&s[start..]);
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    /// As Go's encoder: one U+FFFD per invalid byte.
    #[test]
    fn invalid_utf8_becomes_one_replacement_per_byte() {
        assert_eq!(go_lossy(b"a\xE2\x82b"), "a\u{FFFD}\u{FFFD}b");
        assert_eq!(go_lossy(b"\xFF\xFEok\xC3\xA9"), "\u{FFFD}\u{FFFD}ok\u{e9}");
    }

    fn leaves_of(text: &str) -> Vec<&str> {
        let (_, _, src) = read(text.as_bytes()).unwrap();
        src.leaves.iter().map(|r| &text[r.clone()]).collect()
    }

    /// The read-back check without a second tree answers as the default
    /// one (read the text into a tree, compare), and catches a wrong text.
    #[test]
    fn read_back_check_catches_every_wrong_text() {
        let token = "ENC[AES256_GCM,data:AA==,iv:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=,tag:AAAAAAAAAAAAAAAAAAAAAA==,type:str]";
        let comment = token.replace("type:str", "type:comment");
        let right = format!(
            r#"{{"a": "{token}", "n": {{"x": [1.5, true, null, "{comment}", "B", {{}}], "e": {{}}}}, "a": "v", "sops": {{"mac": "m", "version": "3.11.0"}}}}"#
        );
        let (tree, meta, _) = read(right.as_bytes()).unwrap();
        let meta = meta.unwrap();
        let default = |text: &str| {
            read(text.as_bytes()).is_ok_and(|(t, m, _)| {
                super::super::same_as_written(&t, m.as_ref(), &tree, &meta, KEEPS)
            })
        };
        let fast = |text: &str| JsonStore.reads_back(text.as_bytes(), &tree, &meta);
        let same = [
            right.clone(),
            right.replace("1.5", "1.50"),
            right.replace(r#""B""#, r#""\u0042""#),
            right.replace(r#", "e": {}"#, ""),
            right.replace(r#""a": "v","#, r#""a": "v", "z": {  },"#),
            right.replace(&format!(r#""{comment}", "#), ""),
            format!(r#"{}, "sops": 1}}"#, &right[..right.len() - 1]),
            right.replace('}', "}\n"),
        ];
        let wrong = [
            right.replace("data:AA==", "data:AB=="),
            right.replace(r#""a": "v""#, r#""a": "w""#),
            right.replace(r#""a": "v","#, ""),
            right.replace(r#""a": "v""#, r#""b": "v""#),
            right.replace(r#""a": "v""#, r#""a": "v", "b": 1"#),
            right.replace("1.5", "\"1.5\""),
            right.replace("1.5", "2.5"),
            right.replace("true", "false"),
            right.replace("null", "\"\""),
            right.replace(r#""B""#, r#""B", "C""#),
            right.replace(r#", "B""#, ""),
            right.replace("[1.5", "{\"k\": 1.5}, [1.5"),
            right.replace(r#", {}]"#, r#", {"k": 1}]"#),
            right.replace(r#""version": "3.11.0""#, r#""version": "3.12.0""#),
            right.replace(r#""mac": "m", "#, ""),
            right.replace(r#", "sops": {"mac": "m", "version": "3.11.0"}"#, ""),
            right.replace(r#""sops""#, r#""sops": {}, "sops""#),
            format!("{right}x"),
            right.replace(r#"{"a""#, r#"{"a":"#),
            right.replace(r#""B""#, "\"B\u{1}\""),
            right[..right.len() - 1].to_owned(),
        ];
        for text in &same {
            assert!(fast(text) && default(text), "{text}");
        }
        for text in &wrong {
            assert!(!fast(text) && !default(text), "{text}");
        }
    }

    #[test]
    fn spans_cover_scalars_in_order() {
        assert_eq!(
            leaves_of(r#"{"a": 1.50, "b": ["x", true, null], "c": {"d": -0.0}}"#),
            ["1.50", "\"x\"", "true", "null", "-0.0"]
        );
    }

    #[test]
    fn keeps_duplicate_keys_and_spelling() {
        let (tree, _, _) = read(br#"{"a": 1, "a": 2E3}"#).unwrap();
        let root = &tree.branches[0];
        assert_eq!(root.0.len(), 2);
        assert!(
            matches!(&root.0[1], Item::Entry(_, Value::Float(f)) if f.text.as_deref() == Some("2E3"))
        );
    }

    #[test]
    fn rewrite_adds_and_removes_the_sops_member() {
        for text in [
            "{\n  \"a\": \"b\"\n}\n",
            "{\"a\":\"b\"}",
            "{}",
            "{\n\t\"x\": [1, 2]\n}",
        ] {
            let (tree, _, src) = read(text.as_bytes()).unwrap();
            let mut meta = Map::default();
            meta.push("version", Value::Str("3.11.0".into()));
            let with = src.splice(&tree, Some(&Value::Map(meta))).unwrap().unwrap();
            let shown = String::from_utf8_lossy(&with);
            let (tree2, found, src2) = read(&with).unwrap();
            assert!(found.is_some(), "{shown}");
            let without = src2.splice(&tree2, None).unwrap().unwrap();
            assert_eq!(String::from_utf8_lossy(&without), text, "via {shown}");
        }
    }

    #[test]
    fn errors_have_line_and_column() {
        let err = read(b"{\n  \"a\": tru\n}").err().unwrap().to_string();
        assert!(err.contains("line 2, column 8"), "{err}");
        assert!(read(b"[1]").is_err());
        assert!(read(b"").is_err());
        assert!(read(b"{\"a\": 1e999}").is_err());
        // A malformed value may be a secret: the error gives its place only.
        let err = read(b"{\"pin\": 12.34.56}").err().unwrap().to_string();
        assert!(
            err.contains("line 1, column 9") && !err.contains("12.34"),
            "{err}"
        );
        assert!(read(b"{\"a\": \"x\ny\"}").is_err());
    }

    #[test]
    fn escaped_non_ascii_keeps_its_spelling() {
        // As Python's `json.dumps` writes it: a surrogate pair for U+1F510.
        let text = r#"{"caf\u00e9": "cr\u00e8me \ud83d\udd10", "n": ["a\u0007\n"]}"#;
        let (tree, _, source) = read(text.as_bytes()).unwrap();
        let out = source.splice(&tree, None).unwrap().unwrap();
        assert_eq!(String::from_utf8_lossy(&out), text);
    }

    #[test]
    fn only_an_ascii_file_with_such_escapes_asks_for_them() {
        assert!(escapes_non_ascii(r#"{"k\u00e9": 1}"#));
        assert!(!escapes_non_ascii(r#"{"k": "\u00e9", "l": "é"}"#));
        assert!(!escapes_non_ascii(r#"{"k": "\\u00e9"}"#));
        assert!(!escapes_non_ascii(r#"{"k": "\u007f\u0007"}"#));
    }

    #[test]
    fn strings_round_trip_with_minimal_escaping() {
        let text = r#"{"s": "<b>&\"quoted\"\\ \u00e9 \ud83d\ude00 \t"}"#;
        let (tree, _, _) = read(text.as_bytes()).unwrap();
        let out = emit(&tree, None, Indent::Spaces(0)).unwrap();
        assert_eq!(&*out, "{\n\"s\": \"<b>&\\\"quoted\\\"\\\\ é 😀 \\t\"\n}\n");
    }

    #[test]
    fn emit_matches_go_layout() {
        let (tree, _, _) = read(br#"{"a":{"b":[1,{}],"c":[]},"d":"e"}"#).unwrap();
        let out = emit(&tree, None, Indent::Tab).unwrap();
        assert_eq!(
            &*out,
            "{\n\t\"a\": {\n\t\t\"b\": [\n\t\t\t1,\n\t\t\t{}\n\t\t],\n\t\t\"c\": []\n\t},\n\t\"d\": \"e\"\n}\n"
        );
    }
}
