//! The document tree: the one shape every store converts to and from.
//!
//! A [`Tree`] is a list of branches, one per YAML document (exactly one for
//! the other formats). A branch is an ordered [`Map`] whose items are
//! key/value entries or comments. Key order, duplicate keys and comment
//! positions are kept, because the MAC hashes leaves in document order and
//! because users want their files back as they wrote them.

use std::hash::{Hash, Hasher};

use time::OffsetDateTime;
use zeroize::Zeroize;

/// A value in the tree.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// YAML `null` / `~`, JSON `null`.
    Null,
    /// A boolean.
    Bool(bool),
    /// An integer that fits in 64 bits.
    Int(i64),
    /// A float, with its spelling.
    Float(Float),
    /// A string (every dotenv and INI value).
    Str(String),
    /// Raw bytes that are not valid UTF-8 (only the binary store makes these).
    Bytes(Vec<u8>),
    /// A YAML timestamp.
    Time(OffsetDateTime),
    /// A comment inside a list (sops stores these as list elements).
    Comment(String),
    /// A sequence.
    List(Vec<Value>),
    /// A mapping.
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
    /// The value.
    pub value: f64,
    /// How the file spelled it, when known.
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
    /// A key and its value.
    Entry(String, Value),
    /// A comment line (its text without the `#`).
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
    /// The documents, in order.
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
        self.shape() == other.shape()
    }

    /// A fingerprint of the tree's shape (keys, list lengths, where comments
    /// and leaves are), so a store can remember it without keeping a copy of
    /// the values.
    pub fn shape(&self) -> Shape {
        let mut h = ShapeHasher(0);
        for branch in &self.branches {
            map_shape(branch, &mut h);
        }
        Shape(h.finish())
    }
}

/// A fast, non-cryptographic hasher (multiply and rotate per word, as in
/// rustc's FxHash): a shape fingerprint needs no protection from adversarial
/// collisions, because a store also checks leaf counts when it rewrites.
struct ShapeHasher(u64);

impl Hasher for ShapeHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.add(u64::from_le_bytes(chunk.try_into().unwrap_or_default()));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            // The last few bytes as one word, with their count so that
            // trailing zero bytes still count.
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word) ^ (rest.len() as u64) << 56);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl ShapeHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

/// See [`Tree::shape`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shape(u64);

fn map_shape(map: &Map, h: &mut impl Hasher) {
    h.write_u8(b'{');
    h.write_usize(map.0.len());
    for item in &map.0 {
        match item {
            Item::Entry(k, v) => {
                k.hash(h);
                value_shape(v, h);
            }
            Item::Comment(_) => h.write_u8(b'#'),
        }
    }
}

fn value_shape(value: &Value, h: &mut impl Hasher) {
    match value {
        Value::Map(m) => map_shape(m, h),
        Value::List(items) => {
            h.write_u8(b'[');
            h.write_usize(items.len());
            items.iter().for_each(|v| value_shape(v, h));
        }
        _ => h.write_u8(b'.'),
    }
}

impl Drop for Tree {
    fn drop(&mut self) {
        for branch in &mut self.branches {
            branch.zeroize();
        }
    }
}

impl Tree {
    /// Frees a tree that has been encrypted, without zeroizing it: it holds
    /// only what the encrypted file written from it holds (ciphertext, and
    /// the keys and values the rules leave in clear), and encrypting has
    /// already zeroized each plaintext it replaced. Zeroizing the
    /// ciphertext again cost a tenth of an encryption.
    pub fn drop_encrypted(mut self) {
        drop(std::mem::take(&mut self.branches));
    }

    /// Zeroizes every key and value and leaves the memory to the operating
    /// system, for a process about to exit (see
    /// [`crate::ops::DecryptOptions::process_exits_after`]).
    pub fn zeroize_and_leak(mut self) {
        for branch in &mut self.branches {
            branch.zeroize();
        }
        std::mem::forget(self);
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
///
/// It keeps the additional data string (`key:key:`) up to date as keys are
/// pushed and popped, so a walk builds it once per key, not once per leaf.
#[derive(Clone, Debug, Default)]
pub struct Path {
    aad: String,
    /// Where each component ends in `aad` (before its `:`).
    ends: Vec<usize>,
}

impl Path {
    /// Enters `key` (a mapping key or a list index as text).
    pub fn push(&mut self, key: &str) {
        self.aad.push_str(key);
        self.ends.push(self.aad.len());
        self.aad.push(':');
    }

    /// Leaves the last key entered.
    pub fn pop(&mut self) {
        if let Some(end) = self.ends.pop() {
            self.aad.truncate(end - self.key_len(self.ends.len(), end));
        }
    }

    fn key_len(&self, index: usize, end: usize) -> usize {
        let start = if index == 0 {
            0
        } else {
            self.ends[index - 1] + 1
        };
        end - start
    }

    /// The keys from the root.
    pub fn components(&self) -> impl Iterator<Item = &str> + Clone {
        let mut start = 0;
        self.ends.iter().map(move |&end| {
            let key = &self.aad[start..end];
            start = end + 1;
            key
        })
    }

    /// The additional authenticated data of a value at this path: every key
    /// followed by `:` (so the empty path gives `:`).
    pub fn aad(&self) -> &str {
        if self.ends.is_empty() {
            ":"
        } else {
            &self.aad
        }
    }

    /// The additional data of the enclosing paths, innermost first, ending
    /// with the top level's `:`.
    pub fn ancestor_aads(&self) -> impl Iterator<Item = &str> {
        (0..self.ends.len()).rev().map(|k| match k {
            0 => ":",
            k => &self.aad[..self.ends[k - 1] + 1],
        })
    }
}

impl std::fmt::Display for Path {
    /// Shown in errors in sops' tree-path syntax: `["db"]["password"]`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.ends.is_empty() {
            return f.write_str("(top level)");
        }
        for key in self.components() {
            write!(f, "[{key:?}]")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ancestors_go_up_to_the_top_level() {
        let mut p = Path::default();
        for key in ["a", "b", "c"] {
            p.push(key);
        }
        assert_eq!(p.ancestor_aads().collect::<Vec<_>>(), ["a:b:", "a:", ":"]);
        assert_eq!(Path::default().ancestor_aads().count(), 0);
    }

    #[test]
    fn aad_joins_keys_with_trailing_colon() {
        let mut p = Path::default();
        assert_eq!(p.aad(), ":");
        p.push("nested");
        p.push("deeper");
        assert_eq!(p.aad(), "nested:deeper:");
        assert_eq!(p.to_string(), r#"["nested"]["deeper"]"#);
        p.pop();
        p.push("x:y");
        assert_eq!(p.aad(), "nested:x:y:");
        assert_eq!(p.components().collect::<Vec<_>>(), ["nested", "x:y"]);
        p.pop();
        p.pop();
        assert_eq!(p.aad(), ":");
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
