//! Syntax tree → sops tree, as sops' YAML store builds it
//! (docs/format.md §5.2), once every comment has its place (see
//! `comments`): scalars resolved by go-yaml's core schema, aliases expanded
//! (each copy gets its own path), comments as comment items.

use std::collections::{HashMap, HashSet};

use super::parse::{Comment, Doc, Kind, MapItem, Node, SeqItem};
use super::resolve::{resolve_plain, resolve_tagged, Resolved};
use crate::stores::StoreError;
use crate::tree::{Item, Map, Value};
use granit_parser::ScalarStyle;

mod check;

/// Most values the aliases of a document may expand to, against "billion
/// laughs" files (go-yaml refuses excessive aliasing too). Only copies made
/// by alias expansion count: a large document without aliases is fine.
const MAX_EXPANDED: usize = 1_000_000;

/// Most bytes of scalar text the aliases of a document may expand to: a few
/// aliases of one huge string would otherwise need gigabytes (every copy is
/// a value of its own, encrypted under its own path).
const MAX_EXPANDED_BYTES: usize = 64 << 20;

/// Converts one document to a branch.
pub struct Converter<'a> {
    pub text: &'a str,
    pub comments: &'a [Comment],
    anchors: HashMap<usize, &'a Node<'a>>,
    /// Reading a plain file (to encrypt): duplicate keys and empty
    /// comments inside lists are refused.
    pub plain: bool,
    /// Values and scalar bytes copied by alias expansion so far.
    expanded: usize,
    expanded_bytes: usize,
    /// How many aliases are being expanded around the current node, and
    /// where the outermost one is (errors point there).
    alias_depth: usize,
    alias_start: usize,
    /// Anchors of the nodes being converted, to refuse an alias inside
    /// the node it names (which would expand forever).
    open_anchors: Vec<usize>,
}

impl<'a> Converter<'a> {
    pub fn new(text: &'a str, doc: &'a Doc<'a>, plain: bool) -> Self {
        let mut anchors = HashMap::new();
        if let Some(root) = doc.root.as_ref().filter(|_| doc.anchored) {
            collect_anchors(root, &mut anchors);
        }
        Converter {
            text,
            comments: &doc.comments,
            anchors,
            plain,
            expanded: 0,
            expanded_bytes: 0,
            alias_depth: 0,
            alias_start: 0,
            open_anchors: Vec::new(),
        }
    }

    /// The branch of a document whose root is `root` (`None`: empty).
    pub fn branch(
        &mut self,
        root: Option<&'a Node<'a>>,
        loose: &[usize],
    ) -> Result<Map, StoreError> {
        let mut map = Map::default();
        match root {
            None => {}
            Some(node) => match &node.kind {
                Kind::Map { .. } => return self.map(node),
                Kind::Scalar {
                    style: ScalarStyle::Plain,
                    value,
                    ..
                } if node.tag.is_none()
                    && matches!(resolve_plain(value), Resolved::Value(Value::Null)) => {}
                Kind::Seq { .. } => {
                    return Err(self.error(
                        node.start,
                        "YAML documents that are sequences are not supported: the top level must be a mapping",
                    ))
                }
                Kind::Alias(_) | Kind::Scalar { .. } => {
                    return Err(self.error(
                        node.start,
                        "YAML documents that are values are not supported: the top level must be a mapping",
                    ))
                }
            },
        }
        for &ci in loose {
            map.0.push(Item::Comment(self.comments[ci].text.clone()));
        }
        Ok(map)
    }

    fn error(&self, offset: usize, message: &str) -> StoreError {
        let (line, column) = super::parse::line_col(self.text, offset);
        StoreError::Parse {
            line,
            column,
            message: message.to_owned(),
        }
    }

    fn unrepresentable(&self, offset: usize, message: String) -> StoreError {
        let (line, column) = super::parse::line_col(self.text, offset);
        StoreError::Unrepresentable {
            line,
            column,
            message,
        }
    }

    fn target(&self, node: &'a Node<'a>) -> Result<&'a Node<'a>, StoreError> {
        let mut node = node;
        while let Kind::Alias(id) = node.kind {
            node =
                self.anchors.get(&id).copied().ok_or_else(|| {
                    self.error(node.start, "an alias refers to an unknown anchor")
                })?;
        }
        Ok(node)
    }

    fn map(&mut self, node: &'a Node<'a>) -> Result<Map, StoreError> {
        let Kind::Map { items, .. } = &node.kind else {
            return Err(self.error(node.start, "expected a mapping"));
        };
        let mut map = Map(Vec::with_capacity(items.len()));
        let mut seen = HashSet::new();
        for item in items {
            match item {
                MapItem::Comment(ci) => map.0.push(Item::Comment(self.comments[*ci].text.clone())),
                MapItem::Entry(k, v) => {
                    let key = self.key(k)?;
                    if self.plain && !seen.insert(key.clone()) {
                        return Err(self.error(
                            k.start,
                            &format!("mapping key {key:?} already defined earlier in this mapping"),
                        ));
                    }
                    let value = self.value(v)?;
                    map.0.push(Item::Entry(key, value));
                }
            }
        }
        Ok(map)
    }

    fn key(&mut self, k: &'a Node<'a>) -> Result<String, StoreError> {
        match self.value(k)? {
            Value::Str(s) => Ok(s),
            _ => Err(self.unrepresentable(
                k.start,
                "Tree contains a non-string key: sops supports only string keys (quote it)".into(),
            )),
        }
    }

    pub fn value(&mut self, node: &'a Node<'a>) -> Result<Value, StoreError> {
        if self.alias_depth > 0 {
            self.count_copy(node)?;
        }
        if node.anchor == 0 {
            return self.unanchored(node);
        }
        self.open_anchors.push(node.anchor);
        let value = self.unanchored(node);
        self.open_anchors.pop();
        value
    }

    /// Counts a copy made by alias expansion, before it is made, against
    /// the limits.
    fn count_copy(&mut self, node: &Node) -> Result<(), StoreError> {
        self.expanded += 1;
        if let Kind::Scalar { value, .. } = &node.kind {
            self.expanded_bytes += value.len();
        }
        if self.expanded > MAX_EXPANDED {
            return Err(self.error(
                self.alias_start,
                &format!(
                    "excessive aliasing: the aliases of this document expand to more than \
                     {MAX_EXPANDED} values; write the values out or use fewer aliases"
                ),
            ));
        }
        if self.expanded_bytes > MAX_EXPANDED_BYTES {
            return Err(self.error(
                self.alias_start,
                &format!(
                    "excessive aliasing: the aliases of this document expand to more than \
                     {} MiB of text; write the values out or use fewer aliases",
                    MAX_EXPANDED_BYTES >> 20
                ),
            ));
        }
        Ok(())
    }

    fn unanchored(&mut self, node: &'a Node<'a>) -> Result<Value, StoreError> {
        match &node.kind {
            Kind::Alias(id) => {
                if self.open_anchors.contains(id) {
                    return Err(self.error(
                        node.start,
                        "an alias refers to the node that contains it; sops cannot expand it",
                    ));
                }
                let target = self.target(node)?;
                if self.alias_depth == 0 {
                    self.alias_start = node.start;
                }
                self.alias_depth += 1;
                let value = self.value(target);
                self.alias_depth -= 1;
                value
            }
            Kind::Map { .. } => Ok(Value::Map(self.map(node)?)),
            Kind::Seq { items, .. } => {
                let mut list = Vec::with_capacity(items.len());
                for item in items {
                    list.push(match item {
                        SeqItem::Comment(ci) => {
                            let comment = &self.comments[*ci];
                            // sops turns a bare `#` inside a list into an
                            // empty string element: the tools would read
                            // different data.
                            if self.plain && comment.text.trim().is_empty() {
                                return Err(self.error(
                                    comment.span.start,
                                    "an empty comment inside a list is read by sops as an empty string element; give the comment some text or remove it",
                                ));
                            }
                            Value::Comment(comment.text.clone())
                        }
                        SeqItem::Node(n, _) => self.value(n)?,
                    });
                }
                Ok(Value::List(list))
            }
            Kind::Scalar { value, style, .. } => self.scalar(node, value, *style),
        }
    }

    fn scalar(&self, node: &Node, value: &str, style: ScalarStyle) -> Result<Value, StoreError> {
        let resolved = match node.tag.as_deref() {
            // `!!merge <<`, as sops writes merge keys.
            Some((handle, suffix)) if handle == "tag:yaml.org,2002:" && suffix == "merge" => {
                Resolved::Value(Value::Str(value.to_owned()))
            }
            Some((handle, suffix)) if handle == "tag:yaml.org,2002:" => {
                resolve_tagged(suffix, value).ok_or_else(|| {
                    self.error(
                        node.props_start,
                        &format!("the value does not fit its tag !!{suffix}"),
                    )
                })?
            }
            Some(_) => Resolved::Value(Value::Str(value.to_owned())),
            None if style == ScalarStyle::Plain => resolve_plain(value),
            None => Resolved::Value(Value::Str(value.to_owned())),
        };
        match resolved {
            Resolved::Value(v) => Ok(v),
            Resolved::Uint => Err(self.unrepresentable(
                node.start,
                "unknown type: uint64 (sops cannot encrypt integers above 9223372036854775807; quote the value to store it as a string)".into(),
            )),
        }
    }
}

fn collect_anchors<'a>(node: &'a Node<'a>, out: &mut HashMap<usize, &'a Node<'a>>) {
    if node.anchor != 0 {
        out.insert(node.anchor, node);
    }
    for child in node.children() {
        collect_anchors(child, out);
    }
}

#[cfg(test)]
mod tests {
    use super::super::comments::place_comments;
    use super::super::parse::parse;
    use super::*;

    fn branch(text: &str) -> Map {
        let mut s = parse(text).unwrap();
        let doc = &mut s.docs[0];
        let loose = place_comments(text, doc, false);
        let doc = &s.docs[0];
        Converter::new(text, doc, true)
            .branch(doc.root.as_ref(), &loose)
            .unwrap()
    }

    fn outline(m: &Map, depth: usize, out: &mut Vec<String>) {
        for item in &m.0 {
            match item {
                Item::Comment(c) => out.push(format!("{depth}#{c}")),
                Item::Entry(k, v) => {
                    out.push(format!("{depth}{k}"));
                    value_outline(v, depth + 1, out);
                }
            }
        }
    }

    fn value_outline(v: &Value, depth: usize, out: &mut Vec<String>) {
        match v {
            Value::Map(m) => outline(m, depth, out),
            Value::List(l) => l.iter().for_each(|v| value_outline(v, depth + 1, out)),
            Value::Comment(c) => out.push(format!("{depth}#{c}")),
            _ => {}
        }
    }

    /// The placements sops 3.11 gives the same file (observed by running
    /// it: see testdata/yaml/comments-everywhere.yaml).
    #[test]
    fn comments_go_where_sops_puts_them() {
        let text = "# head\napp: &a # on anchor\n  name: x # right\n  l: [1] # flow\n  # foot of app\nprod:\n  <<: *a\n  list:\n    - one # item\n    # between\n    - - nested\n  # after list\ncompact:\n- a\n# after compact\nlast: x\n# doc foot\n";
        let mut out = Vec::new();
        outline(&branch(text), 0, &mut out);
        let want = [
            "0# head",
            "0app",
            "1# on anchor",
            "1# right",
            "1name",
            "1l",
            "3# flow",
            "1# foot of app",
            "0prod",
            "1<<",
            "2# on anchor",
            "2# right",
            "2name",
            "2l",
            "4# flow",
            "2# foot of app",
            "1list",
            "3# item",
            "3# between",
            "4# after list",
            "0compact",
            "0# after compact",
            "0last",
            "0# doc foot",
        ];
        assert_eq!(out, want);
    }

    #[test]
    fn an_alias_inside_its_own_anchor_is_refused() {
        for text in ["a: &x\n  b: *x\n", "a: &x {*x : 1}\n"] {
            let s = parse(text).unwrap();
            let err = Converter::new(text, &s.docs[0], true)
                .branch(s.docs[0].root.as_ref(), &[])
                .unwrap_err();
            assert!(err.to_string().contains("contains it"), "{err}");
        }
    }

    #[test]
    fn duplicate_and_non_string_keys_are_refused() {
        let mut s = parse("a: 1\nb:\n  c: 1\n  c: 2\n").unwrap();
        let doc = &mut s.docs[0];
        place_comments("a: 1\nb:\n  c: 1\n  c: 2\n", doc, false);
        let err = Converter::new("a: 1\nb:\n  c: 1\n  c: 2\n", doc, true)
            .branch(doc.root.as_ref(), &[])
            .unwrap_err();
        assert!(err.to_string().starts_with("line 4, column 3"), "{err}");
        let text = "1: x\n";
        let s = parse(text).unwrap();
        let err = Converter::new(text, &s.docs[0], true)
            .branch(s.docs[0].root.as_ref(), &[])
            .unwrap_err();
        assert!(matches!(err, StoreError::Unrepresentable { .. }));
    }
}
