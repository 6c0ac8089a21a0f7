//! The preserving writer: a file written back by replacing only the text
//! that changed (scalar values, comment texts, the `sops:` block) and
//! copying everything else, so `git diff` shows only what changed.
//!
//! The syntax tree and the new tree are walked side by side; they have the
//! same shape (else the caller writes the file anew). An encrypted value is
//! written in the quoting style the value had (a block scalar keeps its
//! header and indentation), so decrypting gives the original spelling back.
//! Where sops' format forces a different shape (a comment inside a list is
//! a list element when encrypted, an alias is expanded) the text is edited
//! locally; `docs/yaml-fidelity.md` lists what cannot come back.

use std::ops::Range;

use granit_parser::ScalarStyle;
use zeroize::{Zeroize, Zeroizing};

use super::comments::key_start;
use super::emit;
use super::parse::{
    byte_column, is_blank_line, line_start, next_line, Doc, Kind, MapItem, Node, SeqItem,
};
use super::style::{
    block_can_hold, can_write, choose_quote_relaxed, format_non_string, is_float_spelling,
    is_yaml11_only_string, literal_header, plain_reads_back, write_block_lines, write_flow, Quote,
};
use crate::cipher::is_enc_value;
use crate::tree::{Item, Map, Value};

mod list_comments;

/// Text edits: byte range → replacement.
pub type Edits = Vec<(Range<usize>, Replacement)>;

/// The text of an edit. Text that may hold plaintext is zeroized once it
/// is written out; an `ENC[…]` token or the metadata block holds none, and
/// wiping each of a large file's tokens byte by byte costs about as much as
/// writing them.
pub enum Replacement {
    Secret(Zeroizing<String>),
    Public(String),
}

impl AsRef<[u8]> for Replacement {
    fn as_ref(&self) -> &[u8] {
        match self {
            Replacement::Secret(s) => s.as_bytes(),
            Replacement::Public(s) => s.as_bytes(),
        }
    }
}

impl Zeroize for Replacement {
    fn zeroize(&mut self) {
        if let Replacement::Secret(s) = self {
            s.zeroize();
        }
    }
}

/// The preserved layout cannot express the change; write the file anew.
#[derive(Debug)]
pub struct Fallback;

/// Where a value sits, for writing new text there.
#[derive(Clone, Copy)]
struct Ctx {
    flow: bool,
    /// Column of the key or `-` that owns the value, for new block content.
    owner: usize,
    /// Whether the owner is a `-` (content then starts two columns right).
    in_seq: bool,
}

pub struct Rewriter<'a> {
    text: &'a str,
    doc: &'a Doc<'a>,
    /// One level of indentation in this file.
    unit: usize,
    /// Top-level `sops` entries are not part of the tree.
    skip_sops: bool,
    /// The file's line breaks are CRLF.
    crlf: bool,
    /// Anchors of scalars whose text was replaced: an alias used as a key
    /// must then be written out.
    changed_anchors: std::collections::HashSet<usize>,
    edits: Edits,
}

impl<'a> Rewriter<'a> {
    /// A writer for one document of `text`, indented by `unit`; with
    /// `skip_sops`, its top-level `sops` entry is left to the caller.
    pub fn new(text: &'a str, doc: &'a Doc<'a>, unit: usize, skip_sops: bool) -> Self {
        Rewriter {
            text,
            doc,
            unit,
            skip_sops,
            crlf: text.contains("\r\n"),
            changed_anchors: Default::default(),
            edits: Vec::new(),
        }
    }

    /// The edits that write `new` where the root mapping `node` held
    /// `old`.
    pub fn root(mut self, node: &Node, old: &Map, new: &Map) -> Result<Edits, Fallback> {
        self.map(
            node,
            old,
            new,
            Ctx {
                flow: false,
                owner: 0,
                in_seq: false,
            },
            true,
        )?;
        Ok(self.edits)
    }
}

impl Rewriter<'_> {
    /// Replaces `range` with `text`, which may hold plaintext and is
    /// zeroized once the output is written.
    fn edit(&mut self, range: Range<usize>, text: String) {
        self.edits
            .push((range, Replacement::Secret(Zeroizing::new(text))));
    }

    fn map(
        &mut self,
        node: &Node,
        old: &Map,
        new: &Map,
        ctx: Ctx,
        root: bool,
    ) -> Result<(), Fallback> {
        let Kind::Map { items, flow } = &node.kind else {
            return Err(Fallback);
        };
        let ctx = Ctx {
            flow: ctx.flow || *flow,
            ..ctx
        };
        // `set` of a new key and `unset` change a mapping by one entry; a
        // block mapping takes that as one line more or less.
        let change = entry_change(old, new)?;
        if change != Change::Same && ctx.flow {
            return Err(Fallback);
        }
        let mut olds = old.0.iter().enumerate();
        let mut news = new.0.iter();
        for (at, item) in items.iter().enumerate() {
            match item {
                MapItem::Entry(k, _) if root && self.skip_sops && k.is_sops_key() => {}
                MapItem::Comment(ci) => {
                    let (Some((_, Item::Comment(a))), Some(Item::Comment(b)), c) =
                        (olds.next(), news.next(), &self.doc.comments[*ci])
                    else {
                        return Err(Fallback);
                    };
                    if a != b {
                        if b.contains('\n') {
                            return Err(Fallback);
                        }
                        self.edit(c.span.clone(), format!("#{b}"));
                    }
                }
                MapItem::Entry(k, v) => {
                    let Some((i, Item::Entry(key, a))) = olds.next() else {
                        return Err(Fallback);
                    };
                    if change == Change::Removed(i) {
                        self.remove_entry(k, v, items.get(at + 1))?;
                        continue;
                    }
                    let Some(Item::Entry(_, b)) = news.next() else {
                        return Err(Fallback);
                    };
                    if let Kind::Alias(id) = k.kind {
                        if self.changed_anchors.contains(&id) {
                            let mut text = String::new();
                            let quote = match choose_quote_relaxed(key, ctx.flow) {
                                Quote::Literal => Quote::Double,
                                q => q,
                            };
                            write_flow(&mut text, key, quote, false);
                            self.edit(k.start..k.end, text);
                        }
                    }
                    // An explicit key (`? k` then `: v`): what is nested
                    // is indented from the `?`.
                    let ctx = Ctx {
                        owner: byte_column(self.text, key_start(self.text, k)),
                        in_seq: false,
                        ..ctx
                    };
                    self.value(v, a, b, ctx)?;
                }
            }
        }
        if change == Change::Appended {
            let Some(Item::Entry(key, value)) = news.next() else {
                return Err(Fallback);
            };
            self.append_entry(items, root, key, value)?;
        }
        if olds.next().is_some() || news.next().is_some() {
            return Err(Fallback);
        }
        Ok(())
    }

    /// Removes the lines of the entry `k: v`, which must be whole lines. A
    /// comment after the value stays, on a line of its own (it belongs to
    /// the mapping, not to the entry). The first entry of a list element
    /// (`- k: v`) gives its place after the `- ` to the next entry.
    fn remove_entry(&mut self, k: &Node, v: &Node, next: Option<&MapItem>) -> Result<(), Fallback> {
        let key = key_start(self.text, k);
        let start = line_start(self.text, key);
        let end = next_line(self.text, v.end.max(k.end));
        let before = &self.text[start..key];
        let after = self.text[v.end.max(k.end)..end].trim_start_matches([' ', '\t']);
        if k.anchor != 0 || v.anchor != 0 {
            return Err(Fallback);
        }
        if !is_blank_line(before) {
            return match next {
                Some(MapItem::Entry(n, _))
                    if before.bytes().all(|b| b == b' ' || b == b'-')
                        && after.trim().is_empty() =>
                {
                    self.edit(key..key_start(self.text, n), String::new());
                    Ok(())
                }
                _ => Err(Fallback),
            };
        }
        let kept = if after.trim().is_empty() {
            String::new()
        } else if after.starts_with('#') {
            format!("{before}{after}")
        } else {
            return Err(Fallback);
        };
        self.edit(start..end, kept);
        Ok(())
    }

    /// Writes `key: value` as lines after the last item of the block
    /// mapping `items`, at the column of its keys.
    fn append_entry(
        &mut self,
        items: &[MapItem],
        root: bool,
        key: &str,
        value: &Value,
    ) -> Result<(), Fallback> {
        // In the root mapping the entry goes before a `sops` entry (the
        // metadata block stays last); anything after that block is not
        // expected.
        let data: Vec<&MapItem> = items
            .iter()
            .take_while(|i| {
                !(root && self.skip_sops && matches!(i, MapItem::Entry(k, _) if k.is_sops_key()))
            })
            .collect();
        let (Some(first), Some(last)) = (
            data.iter().find_map(|i| match i {
                MapItem::Entry(k, _) => Some(k),
                MapItem::Comment(_) => None,
            }),
            data.last(),
        ) else {
            return Err(Fallback);
        };
        // The first key starts its line, or follows the `- ` of a list
        // element; either way the others are at its column.
        let start = key_start(self.text, first);
        let before = &self.text[line_start(self.text, start)..start];
        if !before.bytes().all(|b| b == b' ' || b == b'-') {
            return Err(Fallback);
        }
        let col = byte_column(self.text, start);
        let end = match last {
            MapItem::Entry(k, v) => v.end.max(k.end),
            MapItem::Comment(ci) => self.doc.comments[*ci].span.end,
        };
        let at = next_line(self.text, end);
        let mut lines = String::new();
        emit::entry(&mut lines, key, value, self.unit);
        let newline = if self.crlf { "\r\n" } else { "\n" };
        let mut text = String::new();
        if !self.text[..at].ends_with('\n') {
            text.push_str(newline);
        }
        for line in lines.lines() {
            text.extend(std::iter::repeat_n(' ', col));
            text.push_str(line);
            text.push_str(newline);
        }
        self.edit(at..at, text);
        Ok(())
    }

    fn value(&mut self, node: &Node, old: &Value, new: &Value, ctx: Ctx) -> Result<(), Fallback> {
        // Unchanged text stays, aliases included (an alias of values that
        // are not encrypted is kept); but an alias used as a key inside
        // must be written out when its anchor's value changed.
        if old == new && !self.has_changed_alias_key(node) {
            return Ok(());
        }
        // A flow collection with a line indented by tabs: granit-parser
        // accepts that after a plain scalar but not after a quoted one, so
        // a changed quoting could make the file unreadable.
        if matches!(
            node.kind,
            Kind::Seq { flow: true, .. } | Kind::Map { flow: true, .. }
        ) && self.text[node.start..node.end]
            .lines()
            .skip(1)
            .any(|l| l.trim_start_matches(' ').starts_with('\t'))
        {
            return Err(Fallback);
        }
        match (&node.kind, old, new) {
            (Kind::Alias(_), _, _) => self.alias(node, new, ctx),
            (Kind::Map { .. }, Value::Map(a), Value::Map(b)) => self.map(node, a, b, ctx, false),
            (Kind::Seq { .. }, Value::List(a), Value::List(b)) => self.seq(node, a, b, ctx),
            (Kind::Scalar { .. }, _, _) => self.scalar(node, old, new, ctx),
            _ => Err(Fallback),
        }
    }

    fn seq(&mut self, node: &Node, old: &[Value], new: &[Value], ctx: Ctx) -> Result<(), Fallback> {
        let Kind::Seq { items, flow } = &node.kind else {
            return Err(Fallback);
        };
        if old.len() != new.len() {
            return Err(Fallback);
        }
        // A block list whose elements all become comments (sops stores an
        // empty list's comment as its one element) would be left with no
        // value at all, which reads as null: such a file is written anew,
        // as `[]` with the comment after it.
        if !*flow && new.iter().all(|v| matches!(v, Value::Comment(_))) {
            return Err(Fallback);
        }
        let ctx = Ctx {
            flow: ctx.flow || *flow,
            ..ctx
        };
        let dash_col = items.iter().find_map(|i| match i {
            SeqItem::Node(_, Some(d)) => Some(byte_column(self.text, *d)),
            _ => None,
        });
        for (i, (item, (a, b))) in items.iter().zip(old.iter().zip(new)).enumerate() {
            match item {
                SeqItem::Comment(ci) => {
                    if a == b {
                        continue;
                    }
                    let Value::Str(token) = b else {
                        return Err(Fallback);
                    };
                    if *flow {
                        self.comment_into_flow(node, *ci, token, &items[i + 1..])?;
                        continue;
                    }
                    let (Some(col), false) = (dash_col, ctx.flow) else {
                        return Err(Fallback);
                    };
                    let prev = i.checked_sub(1).map(|p| &items[p]);
                    self.comment_to_element(*ci, token, col, prev, &items[i + 1..])?;
                }
                SeqItem::Node(n, dash) => {
                    if let (Value::Comment(text), true) = (b, *flow) {
                        self.comment_out_of_flow(node, n, text, &items[i + 1..])?;
                        continue;
                    }
                    if let (Value::Comment(text), Some(dash)) = (b, dash) {
                        let prev = i.checked_sub(1).map(|p| &items[p]);
                        self.element_to_comment(n, *dash, text, prev, &items[i + 1..])?;
                        continue;
                    }
                    if matches!(b, Value::Comment(_)) {
                        return Err(Fallback);
                    }
                    let ctx = match dash {
                        Some(d) => Ctx {
                            owner: byte_column(self.text, *d),
                            in_seq: true,
                            ..ctx
                        },
                        None => ctx,
                    };
                    self.value(n, a, b, ctx)?;
                }
            }
        }
        Ok(())
    }

    /// An alias whose copy changed (it is encrypted under its own path) is
    /// replaced by that copy.
    fn alias(&mut self, node: &Node, new: &Value, ctx: Ctx) -> Result<(), Fallback> {
        match new {
            Value::Map(_) | Value::List(_) => {
                if ctx.flow || ctx.in_seq {
                    return Err(Fallback);
                }
                let mut out = String::new();
                emit::block_value(&mut out, new, ctx.owner, self.unit);
                if out.ends_with('\n') {
                    out.pop();
                }
                let ws_start = self.text[..node.start].trim_end_matches([' ', '\t']).len();
                self.edit(ws_start..node.end, self.newlines(out));
                Ok(())
            }
            scalar => {
                let token = matches!(scalar, Value::Str(s) if is_enc_value(s));
                let text = self.inline_scalar(scalar, token, Quote::Plain, ctx)?;
                self.edit(node.start..node.end, text);
                Ok(())
            }
        }
    }

    /// Whether a key somewhere inside `node` is an alias of a value that
    /// changed.
    fn has_changed_alias_key(&self, node: &Node) -> bool {
        if self.changed_anchors.is_empty() {
            return false;
        }
        match &node.kind {
            Kind::Map { items, .. } => items.iter().any(|i| match i {
                MapItem::Entry(k, v) => {
                    matches!(k.kind, Kind::Alias(id) if self.changed_anchors.contains(&id))
                        || self.has_changed_alias_key(v)
                }
                MapItem::Comment(_) => false,
            }),
            Kind::Seq { items, .. } => items.iter().any(|i| match i {
                SeqItem::Node(n, _) => self.has_changed_alias_key(n),
                SeqItem::Comment(_) => false,
            }),
            Kind::Scalar { .. } | Kind::Alias(_) => false,
        }
    }

    /// Writes a changed scalar where the old one was.
    fn scalar(&mut self, node: &Node, old: &Value, new: &Value, ctx: Ctx) -> Result<(), Fallback> {
        if node.anchor != 0 {
            self.changed_anchors.insert(node.anchor);
        }
        let Kind::Scalar { style, block, .. } = &node.kind else {
            return Err(Fallback);
        };
        if let Some((handle, suffix)) = node.tag.as_deref() {
            if handle == "tag:yaml.org,2002:" && suffix != "str" && suffix != "merge" {
                // The tag (`!!int "3"`) would apply to the `ENC[…]` token:
                // it goes, as sops drops it, and only from this value.
                return match new {
                    Value::Str(token)
                        if is_enc_value(token) && node.anchor == 0 && block.is_none() =>
                    {
                        let text = self.inline_scalar(new, true, Quote::Plain, ctx)?;
                        self.edit(node.props_start..node.end, text);
                        Ok(())
                    }
                    _ => Err(Fallback),
                };
            }
        }
        if let Some(b) = block {
            return self.block_scalar(node, *style, b, new, ctx);
        }
        // A comment between the lines of a multi-line plain scalar would
        // be lost with the old text.
        let i = self
            .doc
            .comments
            .partition_point(|c| c.span.start < node.start);
        if self
            .doc
            .comments
            .get(i)
            .is_some_and(|c| c.span.start < node.end)
        {
            return Err(Fallback);
        }
        let quote = match style {
            // In a flow collection an encrypted plain value is written in
            // single quotes (plain text cannot hold `,[]`).
            ScalarStyle::SingleQuoted
                if ctx.flow && matches!(old, Value::Str(s) if is_enc_value(s)) =>
            {
                Quote::Plain
            }
            ScalarStyle::SingleQuoted => Quote::Single,
            ScalarStyle::DoubleQuoted => Quote::Double,
            _ => Quote::Plain,
        };
        // Checked once: an `ENC[…]` token is long, and each check reads all
        // of it.
        let token = matches!(new, Value::Str(s) if is_enc_value(s));
        if let Some((range, text)) = self.hinted(node, *style, old, new, token, ctx) {
            self.edit(range, text);
            return Ok(());
        }
        if let Value::Str(s) = new {
            if !token && s.contains('\n') && !ctx.flow && quote == Quote::Plain && block_can_hold(s)
            {
                return self.plain_to_literal(node, s, ctx);
            }
        }
        let mut text = self.inline_scalar(new, token, quote, ctx)?;
        // An empty node right after a tag (`key: !!str`) needs a space.
        let after_token = self.text[..node.start].ends_with(|c: char| !c.is_whitespace());
        if node.start == node.end && after_token && node.props_start < node.start {
            text.insert(0, ' ');
        }
        if token {
            self.edits
                .push((node.start..node.end, Replacement::Public(text)));
        } else {
            self.edit(node.start..node.end, text);
        }
        Ok(())
    }

    /// Spellings sops would change but rsops can restore, by writing the
    /// encrypted value with a mark sops reads the same: a plain `yes` (a
    /// string go-yaml quotes for YAML 1.1 readers) is encrypted as
    /// `!!str ENC[…]`; a plain date `2026-12-31`, or a float go-yaml would
    /// print otherwise (`0.00001`), as `"ENC[…]"` (a quoted value is never
    /// a date or number, so the quotes are free to carry this). Returns the
    /// edit for such a value, encrypting or decrypting (`new_token`: `new`
    /// is an `ENC[…]` token).
    fn hinted(
        &self,
        node: &Node,
        style: ScalarStyle,
        old: &Value,
        new: &Value,
        new_token: bool,
        ctx: Ctx,
    ) -> Option<(Range<usize>, String)> {
        let props = &self.text[node.props_start..node.start];
        if ctx.flow {
            return self.flow_hinted(node, style, props, old, new);
        }
        let original = &self.text[node.start..node.end];
        match (old, new) {
            (Value::Str(s), Value::Str(token))
                if style == ScalarStyle::Plain && node.tag.is_none() && new_token =>
            {
                is_yaml11_only_string(s).then(|| (node.start..node.end, format!("!!str {token}")))
            }
            (Value::Time(_), Value::Str(token))
                if style == ScalarStyle::Plain && is_date(original) && new_token =>
            {
                Some((node.start..node.end, format!("\"{token}\"")))
            }
            (Value::Str(token), Value::Str(s))
                if props == "!!str "
                    && is_enc_value(token)
                    && is_yaml11_only_string(s)
                    && plain_reads_back(s, false) =>
            {
                Some((node.props_start..node.end, s.clone()))
            }
            (Value::Float(f), Value::Str(token))
                if style == ScalarStyle::Plain
                    && new_token
                    && original == crate::number::format_plain(f.value)
                    && original != crate::number::format_yaml(f.value) =>
            {
                Some((node.start..node.end, format!("\"{token}\"")))
            }
            (Value::Str(token), Value::Float(f))
                if style == ScalarStyle::DoubleQuoted && is_enc_value(token) =>
            {
                let text = f
                    .text
                    .as_deref()
                    .filter(|t| is_float_spelling(t, f.value))?;
                Some((node.start..node.end, text.to_owned()))
            }
            (Value::Str(token), Value::Time(t))
                if style == ScalarStyle::DoubleQuoted
                    && is_enc_value(token)
                    && t.offset().is_utc()
                    && t.time() == time::Time::MIDNIGHT =>
            {
                let date = crate::encoding::format_time(t);
                Some((node.start..node.end, date[..10].to_owned()))
            }
            _ => None,
        }
    }

    /// The same inside a flow collection, where every token is quoted
    /// (plain text cannot hold `,[]`): a plain value is encrypted as
    /// `'ENC[…]'` and a double-quoted one as `"ENC[…]"`, so a single-quoted
    /// one is marked `!!str 'ENC[…]'`, and a plain `yes` (which go-yaml
    /// quotes) `!!str "ENC[…]"`.
    fn flow_hinted(
        &self,
        node: &Node,
        style: ScalarStyle,
        props: &str,
        old: &Value,
        new: &Value,
    ) -> Option<(Range<usize>, String)> {
        let (Value::Str(old), Value::Str(new)) = (old, new) else {
            return None;
        };
        let range = node.props_start..node.end;
        // A `!!str` tag the user wrote goes (the value stays a string), so
        // that it cannot be taken for one of these marks.
        if is_enc_value(new) && (props.is_empty() || props == "!!str ") {
            return match style {
                ScalarStyle::SingleQuoted => Some((range, format!("!!str '{new}'"))),
                ScalarStyle::Plain if is_yaml11_only_string(old) => {
                    Some((range, format!("!!str \"{new}\"")))
                }
                ScalarStyle::DoubleQuoted if !props.is_empty() => {
                    Some((range, format!("\"{new}\"")))
                }
                _ if !props.is_empty() => Some((range, format!("'{new}'"))),
                _ => None,
            };
        }
        if !is_enc_value(old) || props != "!!str " {
            return None;
        }
        match style {
            ScalarStyle::SingleQuoted if can_write(new, Quote::Single, true) => {
                let mut out = String::new();
                write_flow(&mut out, new, Quote::Single, false);
                Some((range, out))
            }
            ScalarStyle::DoubleQuoted
                if is_yaml11_only_string(new) && plain_reads_back(new, true) =>
            {
                Some((range, new.clone()))
            }
            _ => None,
        }
    }

    /// The text of a scalar written in a flow style, keeping `quote` when
    /// it can hold the value; `token`: the value is an `ENC[…]` token.
    fn inline_scalar(
        &self,
        v: &Value,
        token: bool,
        quote: Quote,
        ctx: Ctx,
    ) -> Result<String, Fallback> {
        let s = match v {
            Value::Str(s) => s,
            Value::Bytes(b) => {
                let mut out = String::new();
                emit::binary(&mut out, b, 0);
                return Ok(out.replace('\n', "").replace("!!binary |", "!!binary "));
            }
            Value::Map(_) | Value::List(_) | Value::Comment(_) => return Err(Fallback),
            other => return format_non_string(other).ok_or(Fallback),
        };
        let mut out = String::new();
        let chosen = if token {
            match quote {
                Quote::Plain if ctx.flow => Quote::Single,
                q => q,
            }
        } else if quote != Quote::Plain && can_write(s, quote, ctx.flow) {
            quote
        } else {
            match choose_quote_relaxed(s, ctx.flow) {
                Quote::Literal => Quote::Double,
                q => q,
            }
        };
        write_flow(&mut out, s, chosen, false);
        Ok(out)
    }

    /// Where go-yaml indents block content of a value owned by `ctx`.
    fn content_indent(&self, ctx: Ctx) -> usize {
        if ctx.in_seq {
            ctx.owner + 2
        } else {
            emit::child_indent(ctx.owner, self.unit)
        }
    }

    /// A multi-line string where a plain scalar was: a literal block, as
    /// go-yaml writes it.
    fn plain_to_literal(&mut self, node: &Node, s: &str, ctx: Ctx) -> Result<(), Fallback> {
        let rest = line_rest(self.text, node.end);
        let indent = self.content_indent(ctx);
        // A comment, or a line of spaces, on the next lines indented that
        // deep would become part of the block.
        let next_line_indent = self.text[next_line(self.text, node.end)..]
            .lines()
            .map(|l| l.trim_end_matches('\r'))
            .find(|l| !l.is_empty())
            .map(|l| l.len() - l.trim_start_matches(' ').len());
        let multi_line = self.text[node.start..node.end].contains('\n');
        // An indentation indicator counts from the enclosing collection's
        // indentation, which is the owner's column when the owner (key or
        // `-`) starts its line (not so after `? ` or `- - `).
        let line = &self.text[line_start(self.text, node.start)..node.start];
        let owner_starts_line = line.len() - line.trim_start_matches(' ').len() == ctx.owner;
        if multi_line
            || (needs_indicator(s) && !owner_starts_line)
            || !rest.trim().is_empty()
            || next_line_indent.is_some_and(|i| i >= indent)
        {
            let mut out = String::new();
            write_flow(&mut out, s, Quote::Double, false);
            self.edit(node.start..node.end, out);
            return Ok(());
        }
        let mut out = literal_header(s, indent.saturating_sub(ctx.owner).max(1));
        out.push('\n');
        write_block_lines(&mut out, s, indent);
        out.pop();
        // Trailing spaces after the old value would join the last line.
        self.edit(node.start..node.end + rest.len(), self.newlines(out));
        Ok(())
    }

    /// A block scalar keeps its header; the content lines change. An
    /// encrypted value is one content line (`ENC[…]`), which sops reads as
    /// the same token.
    fn block_scalar(
        &mut self,
        node: &Node,
        style: ScalarStyle,
        b: &super::parse::Block,
        new: &Value,
        ctx: Ctx,
    ) -> Result<(), Fallback> {
        let content = &self.text[b.content.clone()];
        let header = &self.text[b.header.clone()];
        // Blank lines ending a kept (`|+`) block, before a comment, decide
        // with it where go-yaml attaches that comment; they are the
        // value's, so new content would move them.
        if header.contains('+')
            && content.lines().last().is_some_and(is_blank_line)
            && self.text[b.content.end..].trim_start().starts_with('#')
        {
            return Err(Fallback);
        }
        let indicator = header.chars().find_map(|c| c.to_digit(10));
        let indent = match (indicator, content.lines().find(|l| !is_blank_line(l))) {
            // An explicit indentation counts from the parent's column.
            (Some(d), _) => ctx.owner + d as usize,
            (None, Some(l)) => l.len() - l.trim_start_matches(' ').len(),
            (None, None) => self.content_indent(ctx),
        };
        let s = match new {
            Value::Str(s) => s.as_str(),
            other => {
                let text = format_non_string(other).ok_or(Fallback)?;
                self.edit(node.start..node.end, text);
                return Ok(());
            }
        };
        if is_enc_value(s) {
            let line = format!("{}{}\n", " ".repeat(indent), s.trim_end_matches('\n'));
            self.edit(b.content.clone(), self.content_lines(b, line));
            return Ok(());
        }
        if block_fits(style, header, s) {
            let mut out = String::new();
            write_block_lines(&mut out, s, indent);
            self.edit(b.content.clone(), self.content_lines(b, out));
            return Ok(());
        }
        // Another shape of text: a fresh literal block, or double quotes.
        let mut out = String::new();
        if can_write(s, Quote::Literal, false) && !needs_indicator(s) {
            out.push_str(&literal_header(s, indent.saturating_sub(ctx.owner).max(1)));
            self.edit(b.header.clone(), out);
            let mut lines = String::new();
            write_block_lines(&mut lines, s, indent);
            self.edit(b.content.clone(), self.content_lines(b, lines));
        } else {
            // Quotes where the header was (a comment after it stays), and
            // no content lines.
            write_flow(&mut out, s, Quote::Double, false);
            self.edit(b.header.clone(), out);
            self.edit(b.content.clone(), String::new());
        }
        Ok(())
    }

    /// New content lines of a block scalar; a header at the very end of a
    /// file without a line break first gets one.
    fn content_lines(&self, b: &super::parse::Block, lines: String) -> String {
        let at = b.content.start;
        if at > 0 && !self.text[..at].ends_with('\n') {
            self.newlines(format!("\n{lines}"))
        } else {
            self.newlines(lines)
        }
    }

    /// Text to insert, with the file's line breaks (CRLF files keep CRLF).
    fn newlines(&self, text: String) -> String {
        if self.crlf {
            text.replace('\n', "\r\n")
        } else {
            text
        }
    }
}

/// Whether a literal block for `s` would need an indentation indicator
/// (its first line with text starts with a space, or it starts with a
/// line break); new blocks avoid them and use double quotes instead.
fn needs_indicator(s: &str) -> bool {
    s.starts_with('\n')
        || s.lines()
            .find(|l| !l.is_empty())
            .is_some_and(|l| l.starts_with(' '))
}

/// Whether `s` reads back unchanged from content lines under `header`.
fn block_fits(style: ScalarStyle, header: &str, s: &str) -> bool {
    // Empty text and control characters need quotes.
    let body = s.trim_end_matches('\n');
    if body.is_empty() || s.chars().any(|c| c != '\n' && c != '\t' && c.is_control()) {
        return false;
    }
    // Without an indentation indicator the first line with text sets the
    // indentation, so it may not start with a space.
    let first = body.lines().find(|l| !l.is_empty()).unwrap_or("");
    if !header.chars().any(|c| c.is_ascii_digit()) && first.starts_with(' ') {
        return false;
    }
    let trailing = s.len() - s.trim_end_matches('\n').len();
    let chomp_ok = if header.contains('-') {
        trailing == 0
    } else if header.contains('+') {
        trailing >= 1
    } else {
        trailing == 1
    };
    chomp_ok
        && match style {
            // Literal content keeps every character of its lines.
            ScalarStyle::Literal => true,
            _ => !body.contains('\n') && !body.ends_with(' '),
        }
}

/// `YYYY-MM-DD`, the one date spelling that can be rebuilt from the value.
fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}

/// The text from `offset` to the end of its line (without `\r\n`).
fn line_rest(text: &str, offset: usize) -> &str {
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    text[offset..end]
        .strip_suffix('\r')
        .unwrap_or(&text[offset..end])
}

/// How a mapping's items changed, by position.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Change {
    /// The same entries and comments in the same places.
    Same,
    /// The entry at this index of the old items is gone.
    Removed(usize),
    /// One entry was added after the last item.
    Appended,
}

fn entry_change(old: &Map, new: &Map) -> Result<Change, Fallback> {
    let slot = |a: &Item, b: &Item| match (a, b) {
        (Item::Entry(x, _), Item::Entry(y, _)) => x == y,
        (Item::Comment(_), Item::Comment(_)) => true,
        _ => false,
    };
    let (o, n) = (&old.0, &new.0);
    if o.len() == n.len() {
        return Ok(Change::Same);
    }
    if n.len() == o.len() + 1
        && matches!(n.last(), Some(Item::Entry(..)))
        && o.iter().zip(n).all(|(a, b)| slot(a, b))
    {
        return Ok(Change::Appended);
    }
    if o.len() == n.len() + 1 && n.iter().any(|i| matches!(i, Item::Entry(..))) {
        for (j, gone) in o.iter().enumerate() {
            let Item::Entry(..) = gone else { continue };
            let rest = o[..j].iter().chain(&o[j + 1..]);
            if rest.zip(n).all(|(a, b)| slot(a, b)) {
                return Ok(Change::Removed(j));
            }
        }
    }
    Err(Fallback)
}
