//! The TOML store, an rsops extra: sops has no TOML store and cannot read
//! these files (it would treat them as binary). See `docs/toml.md`.
//!
//! The file is read with `toml_edit`, which keeps every byte of layout, and
//! maps onto the same tree as the other stores: tables and inline tables
//! are mappings, arrays and arrays of tables are lists, strings, integers,
//! floats and booleans are leaves, and offset date-times are times.
//! Comments (above entries, after values, inside arrays, at the end) are
//! comment items, encrypted like YAML comments. The metadata is a `[sops]`
//! table with the fields JSON and YAML files have.
//! Written back, only the changed values and the `[sops]` table differ;
//! a string keeps its quoting style (`'…'`, `"""…"""`) when it can.

use std::str::FromStr;

use toml_edit::{ArrayOfTables, DocumentMut, InlineTable, Item as TomlItem, RawString, Table};
use zeroize::Zeroizing;

use super::text::TextStore;
use super::{into_bytes, Keeps, StoreError};
use crate::tree::{Float, Item, Map, Path, Shape, Tree, Value};

const SOPS: &str = "sops";

/// The original text of a TOML file, for rewriting it in place.
pub struct Source<'a> {
    text: &'a str,
    shape: Shape,
}

/// The TOML store (an rsops extra).
pub struct TomlStore;

impl TextStore for TomlStore {
    type Source<'a> = Source<'a>;

    /// A TOML file written anew has no comments: toml_edit places a
    /// comment only as the decoration of an existing item.
    const KEEPS: Keeps = Keeps {
        comments: false,
        types: true,
    };

    fn read(bytes: &[u8]) -> Result<(Tree, Option<Value>, Source<'_>), StoreError> {
        read(bytes)
    }

    fn emit(tree: &Tree, metadata: Option<&Value>) -> Result<Zeroizing<Vec<u8>>, StoreError> {
        emit(tree, metadata).map(into_bytes)
    }

    fn rewrite(
        source: &Source<'_>,
        tree: &Tree,
        metadata: Option<&Value>,
    ) -> Result<Option<Zeroizing<Vec<u8>>>, StoreError> {
        Ok(source.splice(tree, metadata)?.map(into_bytes))
    }
}

/// Parses a TOML document; a top-level `sops` table is the metadata.
fn read(bytes: &[u8]) -> Result<(Tree, Option<Value>, Source<'_>), StoreError> {
    let text = std::str::from_utf8(bytes)
        .map_err(|e| parse_error(bytes, e.valid_up_to(), "the file is not valid UTF-8"))?;
    let doc = parse(text)?;
    let mut path = Path::default();
    let mut root = table_map(doc.as_table(), &mut path, true)?;
    root.0.extend(
        comments(Some(doc.trailing()))
            .into_iter()
            .map(Item::Comment),
    );
    let metadata = match doc.get(SOPS) {
        Some(item) => item_value(item, &mut path)?,
        None => None,
    };
    let tree = Tree::single(root);
    let shape = tree.shape();
    Ok((tree, metadata, Source { text, shape }))
}

/// The comments in a stretch of TOML white space: each `#` to the end of
/// its line, without the `#`.
fn comments(raw: Option<&RawString>) -> Vec<String> {
    let text = raw.and_then(RawString::as_str).unwrap_or("");
    text.split('\n')
        .filter_map(|line| line.trim_start().strip_prefix('#'))
        .map(|c| c.strip_suffix('\r').unwrap_or(c).to_owned())
        .collect()
}

/// `raw` with the text of each comment replaced, in order, by `texts`
/// (`None` when there was no white space recorded, to leave it unset).
fn replace_comments(
    raw: Option<&RawString>,
    texts: &mut dyn Iterator<Item = String>,
) -> Option<String> {
    let text = raw?.as_str()?;
    let lines: Vec<String> = text
        .split('\n')
        .map(|line| {
            let indent = line.len() - line.trim_start().len();
            match line[indent..].strip_prefix('#') {
                Some(rest) => {
                    let cr = if rest.ends_with('\r') { "\r" } else { "" };
                    let new = texts.next().unwrap_or_default();
                    format!("{}#{new}{cr}", &line[..indent])
                }
                None => line.to_owned(),
            }
        })
        .collect();
    Some(lines.join("\n"))
}

/// Puts new comment texts into a decor: `before` into its prefix, `after`
/// into its suffix.
fn set_decor(decor: &mut toml_edit::Decor, before: Vec<String>, after: Vec<String>) {
    if let Some(prefix) = replace_comments(decor.prefix(), &mut before.into_iter()) {
        decor.set_prefix(prefix);
    }
    if let Some(suffix) = replace_comments(decor.suffix(), &mut after.into_iter()) {
        decor.set_suffix(suffix);
    }
}

/// The comments above an entry (its prefix) and after it on its line.
fn entry_comments(table: &Table, key: &str, item: &TomlItem) -> (Vec<String>, Vec<String>) {
    match item {
        TomlItem::Value(v) => (
            comments(table.key(key).and_then(|k| k.leaf_decor().prefix())),
            comments(v.decor().suffix()),
        ),
        TomlItem::Table(t) => (comments(t.decor().prefix()), comments(t.decor().suffix())),
        _ => (Vec::new(), Vec::new()),
    }
}

fn parse(text: &str) -> Result<DocumentMut, StoreError> {
    DocumentMut::from_str(text).map_err(|e| {
        let at = e.span().map_or(0, |s| s.start);
        let message = e.message().to_owned();
        parse_error(text.as_bytes(), at, &message)
    })
}

fn parse_error(bytes: &[u8], at: usize, message: &str) -> StoreError {
    let before = &bytes[..at.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    StoreError::Parse {
        line,
        column: String::from_utf8_lossy(&before[line_start..])
            .chars()
            .count()
            + 1,
        message: message.to_owned(),
    }
}

fn item_value(item: &TomlItem, path: &mut Path) -> Result<Option<Value>, StoreError> {
    Ok(Some(match item {
        TomlItem::None => return Ok(None),
        TomlItem::Value(v) => value_of(v, path)?,
        TomlItem::Table(t) => Value::Map(table_map(t, path, false)?),
        TomlItem::ArrayOfTables(a) => {
            let mut list = Vec::new();
            for t in a.iter() {
                list.extend(comments(t.decor().prefix()).into_iter().map(Value::Comment));
                list.push(Value::Map(table_map(t, path, false)?));
                list.extend(comments(t.decor().suffix()).into_iter().map(Value::Comment));
            }
            Value::List(list)
        }
    }))
}

/// A table as a mapping, with the comments around each entry as comment
/// items before and after it (the `sops` table left out at the top).
fn table_map(table: &Table, path: &mut Path, top: bool) -> Result<Map, StoreError> {
    let mut map = Map::default();
    for (key, item) in table.iter() {
        if top && key == SOPS {
            continue;
        }
        let (before, after) = entry_comments(table, key, item);
        map.0.extend(before.into_iter().map(Item::Comment));
        path.push(key);
        let value = item_value(item, path)?;
        path.pop();
        if let Some(v) = value {
            map.push(key, v);
        }
        map.0.extend(after.into_iter().map(Item::Comment));
    }
    Ok(map)
}

fn value_of(v: &toml_edit::Value, path: &mut Path) -> Result<Value, StoreError> {
    use toml_edit::Value as V;
    Ok(match v {
        V::String(s) => Value::Str(s.value().clone()),
        V::Integer(i) => Value::Int(*i.value()),
        V::Float(f) => {
            let raw = f
                .as_repr()
                .and_then(|r| r.as_raw().as_str())
                .map(str::to_owned);
            Value::Float(Float {
                value: *f.value(),
                text: raw.filter(|t| crate::number::is_json_number(t)),
            })
        }
        V::Boolean(b) => Value::Bool(*b.value()),
        V::Datetime(d) => {
            let dt = d.value();
            if dt.date.is_none() || dt.time.is_none() || dt.offset.is_none() {
                return Err(StoreError::Invalid(format!(
                    "the value at {path} is a TOML local date or time, which rsops cannot encrypt yet; write it with an offset (1979-05-27T07:32:00Z) or as a string"
                )));
            }
            let text = dt.to_string().replacen(' ', "T", 1);
            Value::Time(
                time::OffsetDateTime::parse(&text, &time::format_description::well_known::Rfc3339)
                    .map_err(|_| {
                        StoreError::Invalid(format!("the date-time at {path} is out of range"))
                    })?,
            )
        }
        V::Array(a) => {
            let mut list = Vec::new();
            for v in a.iter() {
                list.extend(comments(v.decor().prefix()).into_iter().map(Value::Comment));
                list.push(value_of(v, path)?);
                list.extend(comments(v.decor().suffix()).into_iter().map(Value::Comment));
            }
            list.extend(comments(Some(a.trailing())).into_iter().map(Value::Comment));
            Value::List(list)
        }
        V::InlineTable(t) => {
            let mut map = Map::default();
            for (key, v) in t.iter() {
                path.push(key);
                let value = value_of(v, path)?;
                path.pop();
                map.push(key, value);
            }
            Value::Map(map)
        }
    })
}

/// A tree value as a TOML value; `like` is the value it replaces, whose
/// string quoting is kept when it can hold the new text.
fn toml_value(
    value: &Value,
    like: Option<&toml_edit::Value>,
) -> Result<toml_edit::Value, StoreError> {
    use toml_edit::Value as V;
    Ok(match value {
        Value::Str(s) => string_like(s, like),
        Value::Bytes(b) => string_like(&String::from_utf8_lossy(b), like),
        Value::Comment(c) => string_like(c, like),
        Value::Int(i) => V::from(*i),
        Value::Bool(b) => V::from(*b),
        Value::Float(f) => {
            let text = f
                .text
                .clone()
                .filter(|t| crate::number::is_json_number(t))
                .unwrap_or_else(|| toml_float(f.value));
            V::from_str(&text).unwrap_or_else(|_| V::from(f.value))
        }
        Value::Time(t) => V::from_str(&crate::encoding::format_time(t))
            .map_err(|_| StoreError::Emit("a time cannot be written in TOML".into()))?,
        Value::Null => {
            return Err(StoreError::Emit(
                "TOML has no null value; remove the key or give it a value".into(),
            ))
        }
        Value::List(items) => {
            let mut array = toml_edit::Array::new();
            for item in items.iter().filter(|v| !matches!(v, Value::Comment(_))) {
                array.push(toml_value(item, None)?);
            }
            V::Array(array)
        }
        Value::Map(m) => {
            let mut table = InlineTable::new();
            for item in &m.0 {
                if let Item::Entry(k, v) = item {
                    table.insert(k, toml_value(v, None)?);
                }
            }
            V::InlineTable(table)
        }
    })
}

/// TOML's spelling of a float with no remembered text.
fn toml_float(v: f64) -> String {
    if v.is_nan() {
        "nan".into()
    } else if v.is_infinite() {
        if v > 0.0 {
            "inf".into()
        } else {
            "-inf".into()
        }
    } else {
        let s = crate::number::format_plain(v);
        if s.contains('.') {
            s
        } else {
            format!("{s}.0")
        }
    }
}

/// `s` as a TOML string in the quoting style of `like` when that style can
/// hold it, else in `toml_edit`'s default style.
fn string_like(s: &str, like: Option<&toml_edit::Value>) -> toml_edit::Value {
    let raw = match like {
        Some(toml_edit::Value::String(f)) => f.as_repr().and_then(|r| r.as_raw().as_str()),
        _ => None,
    }
    .unwrap_or("");
    let newline = |q: &str| {
        raw.strip_prefix(q)
            .is_some_and(|r| r.starts_with('\n') || r.starts_with("\r\n"))
    };
    let candidate = if raw.starts_with("'''") {
        let lead = if newline("'''") { "\n" } else { "" };
        Some(format!("'''{lead}{s}'''"))
    } else if raw.starts_with('\'') {
        Some(format!("'{s}'"))
    } else if raw.starts_with("\"\"\"") {
        let lead = if newline("\"\"\"") { "\n" } else { "" };
        let body = s.replace('\\', "\\\\").replace("\"\"\"", "\"\"\\\"");
        Some(format!("\"\"\"{lead}{body}\"\"\""))
    } else {
        None
    };
    candidate
        .and_then(|c| toml_edit::Value::from_str(&c).ok())
        .filter(|v| v.as_str() == Some(s))
        .unwrap_or_else(|| toml_edit::Value::from(s))
}

/// The text of a comment item (a comment inside a list is a string once
/// encrypted).
fn comment_text(value: &Value) -> String {
    match value {
        Value::Comment(c) | Value::Str(c) => c.clone(),
        other => crate::stores::value_to_string(other),
    }
}

/// Takes from `items` the texts of as many comment items as `raw` holds
/// comments.
fn take_comments<'a>(
    items: &mut impl Iterator<Item = &'a Value>,
    raw: Option<&RawString>,
) -> Vec<String> {
    items.take(comments(raw).len()).map(comment_text).collect()
}

/// Puts the leaves and comments of `value` into `item`, which has the
/// same shape.
fn put(item: &mut TomlItem, value: &Value) -> Result<(), StoreError> {
    match (item, value) {
        (TomlItem::Table(t), Value::Map(m)) => put_table(t, &mut m.0.iter(), false),
        (TomlItem::ArrayOfTables(a), Value::List(items)) => {
            let mut items = items.iter();
            for t in a.iter_mut() {
                let before = take_comments(&mut items, t.decor().prefix());
                if let Some(Value::Map(m)) = items.next() {
                    put_table(t, &mut m.0.iter(), false)?;
                }
                let after = take_comments(&mut items, t.decor().suffix());
                set_decor(t.decor_mut(), before, after);
            }
            Ok(())
        }
        (TomlItem::Value(v), value) => put_value(v, value),
        _ => Ok(()),
    }
}

/// Walks `table` in order, taking from `items` the comments before each
/// entry, the entry, and the comments after it.
fn put_table<'a>(
    table: &mut Table,
    items: &mut impl Iterator<Item = &'a Item>,
    top: bool,
) -> Result<(), StoreError> {
    let keys: Vec<String> = table.iter().map(|(k, _)| k.to_owned()).collect();
    let texts_of = |items: &mut dyn Iterator<Item = &'a Item>, n: usize| -> Vec<String> {
        items
            .take(n)
            .map(|i| match i {
                Item::Comment(c) => c.clone(),
                Item::Entry(_, v) => comment_text(v),
            })
            .collect()
    };
    for key in keys {
        if top && key == SOPS {
            continue;
        }
        let Some(item) = table.get(&key) else {
            continue;
        };
        let (before, after) = entry_comments(table, &key, item);
        let before = texts_of(items, before.len());
        let entry = items.next();
        let after = texts_of(items, after.len());
        match table.get_mut(&key) {
            Some(TomlItem::Table(t)) => {
                set_decor(t.decor_mut(), before, after);
            }
            Some(TomlItem::Value(v)) => {
                set_decor(v.decor_mut(), Vec::new(), after);
                if let Some(mut k) = table.key_mut(&key) {
                    set_decor(k.leaf_decor_mut(), before, Vec::new());
                }
            }
            _ => {}
        }
        if let (Some(Item::Entry(_, value)), Some(item)) = (entry, table.get_mut(&key)) {
            put(item, value)?;
        }
    }
    Ok(())
}

fn put_value(slot: &mut toml_edit::Value, value: &Value) -> Result<(), StoreError> {
    match (&mut *slot, value) {
        (toml_edit::Value::Array(a), Value::List(items)) => {
            let mut items = items.iter();
            for v in a.iter_mut() {
                let before = take_comments(&mut items, v.decor().prefix());
                let item = items.next();
                let after = take_comments(&mut items, v.decor().suffix());
                let mut decor = v.decor().clone();
                if let Some(item) = item {
                    put_value(v, item)?;
                }
                set_decor(&mut decor, before, after);
                *v.decor_mut() = decor;
            }
            let mut rest = items.map(comment_text);
            if let Some(trailing) = replace_comments(Some(a.trailing()), &mut rest) {
                a.set_trailing(trailing);
            }
        }
        (toml_edit::Value::InlineTable(t), Value::Map(m)) => {
            for item in &m.0 {
                if let Item::Entry(k, v) = item {
                    if let Some(slot) = t.get_mut(k) {
                        put_value(slot, v)?;
                    }
                }
            }
        }
        _ => {
            let decor = slot.decor().clone();
            *slot = toml_value(value, Some(slot))?;
            *slot.decor_mut() = decor;
        }
    }
    Ok(())
}

/// The metadata value as a `[sops]` table (key lists as arrays of tables).
fn metadata_table(meta: &Value) -> Result<Table, StoreError> {
    let mut table = Table::new();
    table.decor_mut().set_prefix("\n");
    if let Value::Map(m) = meta {
        fill_table(&mut table, m)?;
    }
    Ok(table)
}

fn fill_table(table: &mut Table, map: &Map) -> Result<(), StoreError> {
    for item in &map.0 {
        let Item::Entry(k, v) = item else { continue };
        match v {
            Value::Null => {}
            Value::List(items)
                if !items.is_empty() && items.iter().all(|i| matches!(i, Value::Map(_))) =>
            {
                let mut array = ArrayOfTables::new();
                for i in items {
                    let mut t = Table::new();
                    if let Value::Map(m) = i {
                        fill_table(&mut t, m)?;
                    }
                    array.push(t);
                }
                table.insert(k, TomlItem::ArrayOfTables(array));
            }
            Value::Map(m) => {
                let mut t = Table::new();
                fill_table(&mut t, m)?;
                table.insert(k, TomlItem::Table(t));
            }
            other => {
                table.insert(k, TomlItem::Value(toml_value(other, None)?));
            }
        }
    }
    Ok(())
}

/// Writes a new TOML document: the tree's top level as a table, with the
/// metadata table last.
fn emit(tree: &Tree, meta: Option<&Value>) -> Result<Zeroizing<String>, StoreError> {
    let mut doc = DocumentMut::new();
    if let Some(root) = tree.branches.first() {
        fill_table(doc.as_table_mut(), root)?;
    }
    if let Some(meta) = meta {
        doc.insert(SOPS, TomlItem::Table(metadata_table(meta)?));
    }
    Ok(Zeroizing::new(doc.to_string()))
}

impl Source<'_> {
    /// The original text with the leaves of `tree` and the metadata `meta`
    /// (`None` removes the `sops` table); `None` when the shape differs.
    fn splice(
        &self,
        tree: &Tree,
        meta: Option<&Value>,
    ) -> Result<Option<Zeroizing<String>>, StoreError> {
        if self.shape != tree.shape() {
            return Ok(None);
        }
        let mut doc = parse(self.text)?;
        if let Some(root) = tree.branches.first() {
            let mut items = root.0.iter();
            put_table(doc.as_table_mut(), &mut items, true)?;
            let mut rest = items.map(|i| match i {
                Item::Comment(c) => c.clone(),
                Item::Entry(_, v) => comment_text(v),
            });
            if let Some(trailing) = replace_comments(Some(doc.trailing()), &mut rest) {
                doc.set_trailing(trailing);
            }
        }
        match meta {
            Some(meta) => {
                let table = metadata_table(meta)?;
                match doc.get_mut(SOPS) {
                    Some(existing) => *existing = TomlItem::Table(table),
                    None => {
                        doc.insert(SOPS, TomlItem::Table(table));
                    }
                }
            }
            None => {
                doc.remove(SOPS);
            }
        }
        Ok(Some(Zeroizing::new(doc.to_string())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_same_tree_as_json_would() {
        let text = "a = 'x'\nn = 1\nf = 1.50\nt = 1979-05-27T07:32:00Z\n[s]\nl = [1, 'y']\n[[arr]]\nk = true\n";
        let (tree, meta, _) = read(text.as_bytes()).unwrap();
        assert!(meta.is_none());
        let root = &tree.branches[0];
        assert_eq!(root.get("a"), Some(&Value::Str("x".into())));
        assert_eq!(root.get("n"), Some(&Value::Int(1)));
        assert!(
            matches!(root.get("f"), Some(Value::Float(f)) if f.text.as_deref() == Some("1.50"))
        );
        assert!(matches!(root.get("t"), Some(Value::Time(_))));
        assert!(matches!(root.get("arr"), Some(Value::List(l)) if l.len() == 1));
    }

    #[test]
    fn rewrite_keeps_quoting_and_comments() {
        let text = "# head\nlit = 'a\\b' # tail\nml = \"\"\"\nline\n\"\"\"\n";
        let (tree, _, src) = read(text.as_bytes()).unwrap();
        let mut meta = Map::default();
        meta.push("version", Value::Str("3.11.0".into()));
        let with = src.splice(&tree, Some(&Value::Map(meta))).unwrap().unwrap();
        assert!(with.contains("[sops]"), "{}", &*with);
        let (tree2, found, src2) = read(with.as_bytes()).unwrap();
        assert!(found.is_some());
        let back = src2.splice(&tree2, None).unwrap().unwrap();
        assert_eq!(&*back, text);
    }

    #[test]
    fn local_dates_and_bad_syntax_are_errors() {
        assert!(read(b"d = 1979-05-27\n").is_err());
        match read(b"a = 1\nb = = 2\n") {
            Err(StoreError::Parse { line, .. }) => assert_eq!(line, 2),
            other => panic!("{:?}", other.map(|_| ())),
        }
    }
}
