//! The read-back check without a second tree: a document's syntax tree
//! (comments placed) compared with the tree that was written, node by node,
//! with the rules `same_as_written` applies to a tree read back. Each node
//! is read exactly as [`Converter::value`] reads it (aliases expanded under
//! the same limits, scalars resolved and tagged the same way); only the
//! strings it would copy are compared where they are.

use super::super::parse::{Kind, MapItem, Node, SeqItem};
use super::super::resolve::{plain_is_str, resolve_plain, Resolved};
use super::Converter;
use crate::cipher::is_enc_value;
use crate::stores::{same_text, same_value, Keeps};
use crate::tree::{Item, Map, Value};
use granit_parser::ScalarStyle;

/// What a YAML file keeps: comments and scalar types.
const KEEPS: Keeps = Keeps {
    comments: true,
    types: true,
};

impl<'a> Converter<'a> {
    /// Whether the branch [`Converter::branch`] reads from `root` (with
    /// `loose` comments), less its top-level `sops` entries, is `expected`
    /// as `same_as_written` compares them; `sops` gets the value of the
    /// first `sops` entry. A document the reader refuses is not the same.
    pub fn branch_is(
        &mut self,
        root: Option<&'a Node<'a>>,
        loose: &[usize],
        expected: &Map,
        sops: &mut Option<Value>,
    ) -> bool {
        match root {
            Some(Node {
                kind: Kind::Map { items, .. },
                ..
            }) => self.items_are(items, expected, Some(sops)),
            Some(Node {
                kind:
                    Kind::Scalar {
                        style: ScalarStyle::Plain,
                        value,
                        ..
                    },
                tag: None,
                ..
            }) if matches!(resolve_plain(value), Resolved::Value(Value::Null)) => {
                self.loose_are(loose, expected)
            }
            None => self.loose_are(loose, expected),
            Some(_) => false,
        }
    }

    /// The loose comments of a document without content against `expected`.
    fn loose_are(&self, loose: &[usize], expected: &Map) -> bool {
        let mut written = kept(expected);
        loose.iter().all(
            |&ci| matches!(written.next(), Some(Item::Comment(w)) if *w == self.comments[ci].text),
        ) && written.next().is_none()
    }

    /// A mapping's items against `expected`, without the entries
    /// `same_as_written` skips: an empty mapping as value and, at the root
    /// (given `sops`, which gets the first one's value), the `sops`
    /// entries. Those are still read, as the reader reads them.
    fn items_are(
        &mut self,
        items: &'a [MapItem<'a>],
        expected: &Map,
        mut sops: Option<&mut Option<Value>>,
    ) -> bool {
        let mut written = kept(expected);
        for item in items {
            let same = match item {
                MapItem::Comment(ci) => {
                    matches!(written.next(), Some(Item::Comment(w)) if *w == self.comments[*ci].text)
                }
                MapItem::Entry(k, v) => {
                    if let Some(first) = sops.as_deref_mut() {
                        match self.key(k) {
                            Err(_) => return false,
                            Ok(key) if key == "sops" => {
                                let Ok(value) = self.value(v) else {
                                    return false;
                                };
                                first.get_or_insert(value);
                                continue;
                            }
                            Ok(_) => {}
                        }
                    }
                    match self.is_empty_map(v) {
                        None => false,
                        Some(true) => {
                            if self.value(v).is_err() {
                                return false;
                            }
                            continue;
                        }
                        Some(false) => match written.next() {
                            Some(Item::Entry(wk, wv)) => self.key_is(k, wk) && self.is(v, wv),
                            _ => false,
                        },
                    }
                }
            };
            if !same {
                return false;
            }
        }
        written.next().is_none()
    }

    /// Whether `node` reads as an empty mapping; `None` when it names an
    /// unknown anchor.
    fn is_empty_map(&self, node: &'a Node<'a>) -> Option<bool> {
        let target = self.target(node).ok()?;
        Some(matches!(&target.kind, Kind::Map { items, .. } if items.is_empty()))
    }

    /// Whether the key node `k` reads as the key `expected`.
    fn key_is(&mut self, k: &'a Node<'a>, expected: &str) -> bool {
        match plain_string(k) {
            Some(s) => (self.alias_depth == 0 || self.count_copy(k).is_ok()) && s == expected,
            None => self.key(k).is_ok_and(|key| key == expected),
        }
    }

    /// Whether `node` reads as `expected` (`same_value`'s rules), counted
    /// and expanded as [`Converter::value`] does.
    fn is(&mut self, node: &'a Node<'a>, expected: &Value) -> bool {
        if self.alias_depth > 0 && self.count_copy(node).is_err() {
            return false;
        }
        if node.anchor == 0 {
            return self.unanchored_is(node, expected);
        }
        self.open_anchors.push(node.anchor);
        let same = self.unanchored_is(node, expected);
        self.open_anchors.pop();
        same
    }

    fn unanchored_is(&mut self, node: &'a Node<'a>, expected: &Value) -> bool {
        match (&node.kind, expected) {
            (Kind::Alias(id), _) => {
                if self.open_anchors.contains(id) {
                    return false;
                }
                let Ok(target) = self.target(node) else {
                    return false;
                };
                if self.alias_depth == 0 {
                    self.alias_start = node.start;
                }
                self.alias_depth += 1;
                let same = self.is(target, expected);
                self.alias_depth -= 1;
                same
            }
            (Kind::Map { items, .. }, Value::Map(m)) => self.items_are(items, m, None),
            (Kind::Seq { items, .. }, Value::List(list)) => {
                items.len() == list.len()
                    && items.iter().zip(list).all(|(item, w)| match item {
                        SeqItem::Comment(ci) => {
                            let text = &self.comments[*ci].text;
                            match w {
                                Value::Comment(w) => text == w,
                                Value::Str(w) => is_enc_value(w) && same_text(text, w),
                                _ => false,
                            }
                        }
                        SeqItem::Node(n, _) => self.is(n, w),
                    })
            }
            (Kind::Map { .. } | Kind::Seq { .. }, _) => false,
            (Kind::Scalar { value, style, .. }, _) => match (plain_string(node), expected) {
                // The common case, compared without copying the string.
                (Some(s), Value::Str(w)) => same_text(s, w),
                (Some(_), _) => false,
                (None, _) => self
                    .scalar(node, value, *style)
                    .is_ok_and(|read| same_value(&read, expected, KEEPS)),
            },
        }
    }
}

/// The string an untagged scalar reads as, when it reads as one: quoted
/// and block scalars always, plain ones unless they resolve to another type.
fn plain_string<'n>(node: &'n Node) -> Option<&'n str> {
    match &node.kind {
        Kind::Scalar { value, style, .. } if node.tag.is_none() => {
            (*style != ScalarStyle::Plain || plain_is_str(value)).then_some(value.as_ref())
        }
        _ => None,
    }
}

/// The items of a written mapping that `same_as_written` compares: all but
/// the entries whose value is an empty mapping.
fn kept(m: &Map) -> impl Iterator<Item = &Item> {
    m.0.iter()
        .filter(|i| !matches!(i, Item::Entry(_, Value::Map(m)) if m.0.is_empty()))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::stores::{same_as_written, write, Format, Store, StoreOptions};
    use crate::tree::{Float, Item, Map, Tree, Value};

    fn store() -> &'static dyn Store {
        Format::Yaml.store()
    }

    /// The check this module replaces: a second tree, compared.
    fn with_a_second_tree(text: &[u8], tree: &Tree, meta: &Value) -> bool {
        store().read_back(text).is_ok_and(|(read, read_meta)| {
            same_as_written(&read, read_meta.as_ref(), tree, meta, store().keeps())
        })
    }

    fn metadata() -> Value {
        let mut m = Map::default();
        m.push(
            "mac",
            Value::Str("ENC[AES256_GCM,data:AA==,iv:AA==,tag:AA==,type:str]".into()),
        );
        m.push("version", Value::Str("3.11.0".into()));
        Value::Map(m)
    }

    /// Changes the `n`th leaf (scalar or comment) of `value`, depth first;
    /// counts the leaves seen in `seen`.
    fn change_leaf(value: &mut Value, n: usize, seen: &mut usize) -> bool {
        match value {
            Value::Map(m) => change_in_map(m, n, seen),
            Value::List(l) => l.iter_mut().any(|v| change_leaf(v, n, seen)),
            leaf => {
                *seen += 1;
                if *seen - 1 != n {
                    return false;
                }
                *leaf = match leaf {
                    Value::Str(s) => Value::Str(format!("{s}x")),
                    Value::Comment(s) => Value::Comment(format!("{s}x")),
                    Value::Int(i) => Value::Int(i.wrapping_add(1)),
                    Value::Bool(b) => Value::Bool(!*b),
                    Value::Float(f) => Value::Float(Float::new(f.value + 1.0)),
                    _ => Value::Str("changed".into()),
                };
                true
            }
        }
    }

    fn change_in_map(m: &mut Map, n: usize, seen: &mut usize) -> bool {
        m.0.iter_mut().any(|item| match item {
            Item::Comment(c) => {
                *seen += 1;
                if *seen - 1 == n {
                    c.push('x');
                }
                *seen - 1 == n
            }
            Item::Entry(_, v) => change_leaf(v, n, seen),
        })
    }

    /// Every leaf changed in turn, a key renamed, an entry added and one
    /// removed, a document added.
    fn wrong_trees(tree: &Tree) -> Vec<Tree> {
        let mut out = Vec::new();
        for n in 0.. {
            let mut changed = tree.clone();
            let mut seen = 0;
            let found = changed
                .branches
                .iter_mut()
                .any(|b| change_in_map(b, n, &mut seen));
            if !found {
                break;
            }
            out.push(changed);
        }
        // (An entry whose value is an empty mapping holds nothing to lose:
        // the check skips it.)
        let holds = |i: &Item| matches!(i, Item::Entry(_, v) if !matches!(v, Value::Map(m) if m.0.is_empty()));
        let mut renamed = tree.clone();
        if let Some(Item::Entry(k, _)) = renamed.branches[0].0.iter_mut().find(|i| holds(i)) {
            k.push('x');
            out.push(renamed);
        }
        let mut added = tree.clone();
        added.branches[0].push("added", Value::Str("x".into()));
        out.push(added);
        let mut removed = tree.clone();
        if let Some(at) = removed.branches[0].0.iter().rposition(holds) {
            removed.branches[0].0.remove(at);
            out.push(removed);
        }
        let mut more = tree.clone();
        more.branches.push(Map::default());
        out.push(more);
        out
    }

    /// The YAML files of the test data: plain files as the user wrote
    /// them, with every feature the rewrite keeps.
    fn fixtures() -> Vec<(String, Vec<u8>)> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/yaml");
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect();
        files.sort();
        files
            .into_iter()
            .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
            .collect()
    }

    /// A token shaped as sops writes them, numbered.
    fn token(n: &mut usize, kind: &str) -> String {
        *n += 1;
        format!("ENC[AES256_GCM,data:{n}AA==,iv:AA==,tag:AA==,type:{kind}]")
    }

    /// What encrypting does to the tree's shape: every scalar and comment
    /// a token (list comments become strings, as the walk leaves them).
    fn tokens(value: &mut Value, n: &mut usize) {
        match value {
            Value::Map(m) => map_tokens(m, n),
            Value::List(l) => l.iter_mut().for_each(|v| tokens(v, n)),
            Value::Comment(_) => *value = Value::Str(token(n, "comment")),
            leaf => *leaf = Value::Str(token(n, "str")),
        }
    }

    fn map_tokens(m: &mut Map, n: &mut usize) {
        for item in &mut m.0 {
            match item {
                Item::Comment(c) => *c = token(n, "comment"),
                Item::Entry(_, v) => tokens(v, n),
            }
        }
    }

    /// Each fixture's tree with tokens for its values and comments, and the
    /// text written for it with [`metadata`]: the rewrite of the fixture,
    /// or go-yaml's layout where that does not read back (on which both
    /// checks must agree).
    fn written() -> Vec<(String, Tree, Vec<u8>)> {
        let meta = metadata();
        let opts = StoreOptions::default();
        fixtures()
            .into_iter()
            .map(|(name, bytes)| {
                let doc = store().load(&bytes, false).unwrap();
                let mut tree = doc.tree.clone();
                let mut n = 0;
                tree.branches.iter_mut().for_each(|b| map_tokens(b, &mut n));
                let layout = doc.layout.unwrap();
                if let Some(text) = layout.rewrite(&tree, Some(&meta), &opts).unwrap() {
                    assert_eq!(
                        store().reads_back(&text, &tree, &meta),
                        with_a_second_tree(&text, &tree, &meta),
                        "{name}"
                    );
                }
                let text = write(Format::Yaml, &tree, Some(&meta), Some(&*layout), &opts).unwrap();
                (name, tree, text.to_vec())
            })
            .collect()
    }

    #[test]
    fn a_wrong_rewrite_is_caught_as_a_second_tree_would_catch_it() {
        let meta = metadata();
        for (name, tree, text) in written() {
            assert!(store().reads_back(&text, &tree, &meta), "{name}");
            assert!(with_a_second_tree(&text, &tree, &meta), "{name}");
            for wrong in wrong_trees(&tree) {
                assert!(
                    !store().reads_back(&text, &wrong, &meta),
                    "{name}: {wrong:?}"
                );
                assert!(!with_a_second_tree(&text, &wrong, &meta), "{name}");
            }
            let mut other_meta = metadata();
            if let Value::Map(m) = &mut other_meta {
                m.push("lastmodified", Value::Str("2026-01-01T00:00:00Z".into()));
            }
            assert!(!store().reads_back(&text, &tree, &other_meta), "{name}");
        }
    }

    #[test]
    fn a_changed_text_is_judged_as_a_second_tree_would_judge_it() {
        let meta = metadata();
        for (name, tree, text) in written() {
            // Each ASCII byte in turn replaced by a letter, a space, a
            // colon and a `#`: some changes read the same, most do not.
            // (At most about 200 places a file, to keep the test short.)
            let step = text.len() / 200 + 1;
            for at in (0..text.len())
                .step_by(step)
                .filter(|&i| text[i].is_ascii())
            {
                for b in [b'x', b' ', b':', b'#', b'&', b'*'] {
                    let mut changed = text.to_vec();
                    changed[at] = b;
                    assert_eq!(
                        store().reads_back(&changed, &tree, &meta),
                        with_a_second_tree(&changed, &tree, &meta),
                        "{name}: byte {at} as {:?}",
                        b as char
                    );
                }
            }
        }
    }
}
