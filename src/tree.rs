//! The document tree: the one shape every store converts to and from.
//!
//! A [`Tree`] is a list of branches, one per YAML document (exactly one for
//! the other formats). A branch is an ordered [`Map`] whose items are
//! key/value entries or comments. Key order, duplicate keys and comment
//! positions are kept, because the MAC hashes leaves in document order and
//! because users want their files back as they wrote them.

use time::OffsetDateTime;
use zeroize::Zeroize;

/// A value in the tree.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(Float),
    Str(String),
    /// Raw bytes that are not valid UTF-8 (only the binary store makes these).
    Bytes(Vec<u8>),
    Time(OffsetDateTime),
    /// A comment inside a list (sops stores these as list elements).
    Comment(String),
    List(Vec<Value>),
    Map(Map),
}

/// A float together with the spelling it was written with.
///
/// sops hashes and encrypts every float in Go's canonical form, so `1.50`
/// becomes `1.5`. rsops encrypts the spelling the user wrote when it is valid
/// JSON number syntax (Go's `ParseFloat`, and so sops, reads it back to the
/// same value) and hashes the canonical form, so the MAC is unchanged and the
/// decrypted file shows `1.50` again.
#[derive(Clone, Debug)]
pub struct Float {
    pub value: f64,
    pub text: Option<String>,
}

impl PartialEq for Float {
    fn eq(&self, other: &Self) -> bool {
        // Bitwise, so that NaN equals itself and -0 differs from 0, as
        // their plaintexts do.
        self.value.to_bits() == other.value.to_bits()
    }
}

impl Float {
    /// A float with no remembered spelling.
    pub fn new(value: f64) -> Self {
        Float { value, text: None }
    }

    /// The text that is encrypted: the user's spelling when sops can parse
    /// it back, else Go's canonical form.
    pub fn plaintext(&self) -> String {
        match &self.text {
            Some(t) if self.value.is_finite() && crate::number::is_json_number(t) => t.clone(),
            _ => crate::number::format_plain(self.value),
        }
    }
}

/// One item of a mapping.
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    Entry(String, Value),
    Comment(String),
}

/// An ordered mapping (a sops "branch").
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Map(pub Vec<Item>);

impl Map {
    /// The value of the first entry named `key`.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.iter().find_map(|item| match item {
            Item::Entry(k, v) if k == key => Some(v),
            _ => None,
        })
    }

    /// Removes every entry named `key` and returns the first one's value.
    pub fn remove_all(&mut self, key: &str) -> Option<Value> {
        let mut found = None;
        let mut kept = Vec::with_capacity(self.0.len());
        for item in self.0.drain(..) {
            match item {
                Item::Entry(k, v) if k == key => {
                    found.get_or_insert(v);
                }
                other => kept.push(other),
            }
        }
        self.0 = kept;
        found
    }

    /// Appends an entry.
    pub fn push(&mut self, key: impl Into<String>, value: Value) {
        self.0.push(Item::Entry(key.into(), value));
    }

    /// Whether an entry named `key` exists.
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }
}

/// A whole document: one branch per YAML document, one for other formats.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tree {
    pub branches: Vec<Map>,
}

impl Tree {
    /// A tree with a single branch.
    pub fn single(map: Map) -> Self {
        Tree {
            branches: vec![map],
        }
    }

    /// True when both trees have the same keys, list lengths and comment
    /// positions, whatever their leaf values. A store may then rewrite only
    /// the leaves of the original text instead of emitting it anew.
    pub fn same_shape(&self, other: &Tree) -> bool {
        self.branches.len() == other.branches.len()
            && self
                .branches
                .iter()
                .zip(&other.branches)
                .all(|(a, b)| map_same_shape(a, b))
    }
}

impl Drop for Tree {
    fn drop(&mut self) {
        for branch in &mut self.branches {
            branch.zeroize();
        }
    }
}

fn map_same_shape(a: &Map, b: &Map) -> bool {
    a.0.len() == b.0.len()
        && a.0.iter().zip(&b.0).all(|pair| match pair {
            (Item::Entry(ka, va), Item::Entry(kb, vb)) => ka == kb && value_same_shape(va, vb),
            (Item::Comment(_), Item::Comment(_)) => true,
            _ => false,
        })
}

fn value_same_shape(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Map(a), Value::Map(b)) => map_same_shape(a, b),
        (Value::List(a), Value::List(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(a, b)| value_same_shape(a, b))
        }
        (Value::Map(_) | Value::List(_), _) | (_, Value::Map(_) | Value::List(_)) => false,
        _ => true,
    }
}

impl Zeroize for Map {
    fn zeroize(&mut self) {
        for item in &mut self.0 {
            match item {
                Item::Entry(k, v) => {
                    k.zeroize();
                    v.zeroize();
                }
                Item::Comment(c) => c.zeroize(),
            }
        }
    }
}

impl Zeroize for Value {
    fn zeroize(&mut self) {
        match self {
            Value::Str(s) | Value::Comment(s) => s.zeroize(),
            Value::Bytes(b) => b.zeroize(),
            Value::Float(f) => {
                f.value = 0.0;
                f.text.zeroize();
            }
            Value::Int(i) => *i = 0,
            Value::List(items) => items.iter_mut().for_each(Zeroize::zeroize),
            Value::Map(m) => m.zeroize(),
            Value::Null | Value::Bool(_) | Value::Time(_) => {}
        }
    }
}

/// A key path inside a document, from the root to a leaf. List indices are
/// not part of it: every element of a list shares its parent's path.
#[derive(Clone, Debug, Default)]
pub struct Path(Vec<String>);

impl Path {
    pub fn push(&mut self, key: &str) {
        self.0.push(key.to_owned());
    }

    pub fn pop(&mut self) {
        self.0.pop();
    }

    pub fn components(&self) -> &[String] {
        &self.0
    }

    /// The additional authenticated data of a value at this path: every key
    /// followed by `:` (so the empty path gives `:`).
    pub fn aad(&self) -> String {
        if self.0.is_empty() {
            return ":".to_owned();
        }
        let mut aad = String::new();
        for key in &self.0 {
            aad.push_str(key);
            aad.push(':');
        }
        aad
    }
}

impl std::fmt::Display for Path {
    /// Shown in errors in sops' tree-path syntax: `["db"]["password"]`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.0.is_empty() {
            return f.write_str("(top level)");
        }
        for key in &self.0 {
            write!(f, "[{key:?}]")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aad_joins_keys_with_trailing_colon() {
        let mut p = Path::default();
        assert_eq!(p.aad(), ":");
        p.push("nested");
        p.push("deeper");
        assert_eq!(p.aad(), "nested:deeper:");
        assert_eq!(p.to_string(), r#"["nested"]["deeper"]"#);
    }

    #[test]
    fn shape_ignores_leaf_values_but_not_keys() {
        let mut a = Map::default();
        a.push("k", Value::Str("x".into()));
        a.push("l", Value::List(vec![Value::Int(1)]));
        let mut b = Map::default();
        b.push("k", Value::Float(Float::new(1.0)));
        b.push("l", Value::List(vec![Value::Str("y".into())]));
        assert!(Tree::single(a.clone()).same_shape(&Tree::single(b)));
        let mut c = Map::default();
        c.push("k", Value::Str("x".into()));
        c.push("l", Value::List(vec![]));
        assert!(!Tree::single(a).same_shape(&Tree::single(c)));
    }
}
