//! Encrypting and decrypting a whole tree: walks the leaves in document
//! order, asks the crypt rule which to encrypt, runs the value cipher and
//! feeds the MAC.
//!
//! The walk keeps sops' stack of "active comments": one list per nesting
//! level; a comment is appended to its level, and any other item clears the
//! level once it (and its subtree) has been processed. The comment regex
//! rules read that stack.

#![doc(hidden)]

use zeroize::Zeroize;

use crate::cipher::{is_enc_value, with_canonical_bytes, Cipher, CipherError, Jobs};
use crate::crypt_rules::CryptRule;
use crate::mac::MacHasher;
use crate::tree::{Item, Map, Path, Tree, Value};

/// A value that could not be encrypted or decrypted, with its location.
#[derive(Debug, thiserror::Error)]
pub enum CryptError {
    #[error("could not encrypt the value at {path}: {source}")]
    Encrypt { path: String, source: CipherError },
    #[error("could not decrypt the value at {path}: {source}")]
    Decrypt { path: String, source: CipherError },
    #[error("the value at {path} should be encrypted but is a {kind}; was it edited by hand? Restore it from version control, or use --ignore-mac after checking the file")]
    NotEncrypted { path: String, kind: &'static str },
    #[error("an encrypted comment at {path} matches unencrypted_comment_regex, so it would not be decrypted again; choose a regex that cannot match ENC[...] text")]
    CommentMatchesRegex { path: String },
}

struct Walker<F> {
    path: Path,
    comments: Vec<Vec<String>>,
    /// Called for each leaf with its path, the active comments and whether
    /// it is a comment.
    visit: F,
}

impl<F> Walker<F>
where
    F: FnMut(&mut Value, &Path, &[Vec<String>], bool) -> Result<(), CryptError>,
{
    fn value(&mut self, value: &mut Value) -> Result<(), CryptError> {
        match value {
            Value::Map(map) => self.map(map),
            Value::List(items) => self.list(items),
            Value::Null => Ok(()),
            leaf => {
                let is_comment = matches!(leaf, Value::Comment(_));
                (self.visit)(leaf, &self.path, &self.comments, is_comment)
            }
        }
    }

    fn list(&mut self, items: &mut [Value]) -> Result<(), CryptError> {
        self.comments.push(Vec::new());
        for item in items {
            let comment = match item {
                Value::Comment(c) => Some(c.clone()),
                _ => None,
            };
            if let Some(c) = &comment {
                self.active().push(c.clone());
            }
            self.value(item)?;
            if comment.is_none() {
                self.active().clear();
            }
        }
        self.comments.pop();
        Ok(())
    }

    fn map(&mut self, map: &mut Map) -> Result<(), CryptError> {
        self.comments.push(Vec::new());
        for item in &mut map.0 {
            match item {
                Item::Comment(text) => {
                    self.active().push(text.clone());
                    let mut leaf = Value::Comment(std::mem::take(text));
                    (self.visit)(&mut leaf, &self.path, &self.comments, true)?;
                    *text = match leaf {
                        Value::Comment(s) | Value::Str(s) => s,
                        _ => unreachable!("a comment visit yields text"),
                    };
                }
                Item::Entry(key, value) => {
                    self.path.push(key);
                    let result = self.value(value);
                    self.path.pop();
                    result?;
                    self.active().clear();
                }
            }
        }
        self.comments.pop();
        Ok(())
    }

    fn active(&mut self) -> &mut Vec<String> {
        self.comments
            .last_mut()
            .expect("a level is pushed before items are walked")
    }
}

fn walk<F>(tree: &mut Tree, visit: F) -> Result<(), CryptError>
where
    F: FnMut(&mut Value, &Path, &[Vec<String>], bool) -> Result<(), CryptError>,
{
    let mut walker = Walker {
        path: Path::default(),
        comments: Vec::new(),
        visit,
    };
    for branch in &mut tree.branches {
        walker.map(branch)?;
    }
    Ok(())
}

fn is_empty_text(value: &Value) -> bool {
    matches!(value, Value::Str(s) | Value::Comment(s) if s.is_empty())
}

/// Encrypts every leaf the rule selects, in place, and returns the MAC
/// (uppercase hex) over the plaintext values.
pub fn encrypt_tree(
    tree: &mut Tree,
    rule: &CryptRule,
    cipher: &Cipher,
    mac_only_encrypted: bool,
) -> Result<String, CryptError> {
    let mut mac = MacHasher::new(mac_only_encrypted);
    walk(tree, |value, path, comments, is_comment| {
        let encrypted = rule.should_encrypt(path, comments, is_comment);
        if !is_comment {
            add_to_mac(&mut mac, value, encrypted);
        }
        if !encrypted || is_empty_text(value) {
            return Ok(());
        }
        let token =
            cipher
                .encrypt_value(value, path.aad())
                .map_err(|source| CryptError::Encrypt {
                    path: path.to_string(),
                    source,
                })?;
        if is_comment {
            if let CryptRule::UnencryptedCommentRegex(r) = rule {
                if r.is_match(&token) {
                    return Err(CryptError::CommentMatchesRegex {
                        path: path.to_string(),
                    });
                }
            }
        }
        // The plaintext is about to be dropped: wipe it first.
        value.zeroize();
        *value = Value::Str(token);
        Ok(())
    })?;
    Ok(mac.finish())
}

/// Decrypts every leaf the rule says is encrypted, in place, and returns the
/// MAC computed over the result.
///
/// Encrypted strings are first taken out of the tree in document order and
/// decrypted as one batch (on several cores for large files); a second walk
/// puts the results back, reports the first failure by its path, and feeds
/// the MAC. Comments are decrypted in that second walk.
pub fn decrypt_tree(
    tree: &mut Tree,
    rule: &CryptRule,
    cipher: &mut Cipher,
    mac_only_encrypted: bool,
) -> Result<String, CryptError> {
    let mut jobs = Jobs::default();
    // For every leaf the walks visit, whether the rule encrypts it and
    // whether it went into `jobs`: the second walk sees the same leaves,
    // paths and comments, so the rule is asked once.
    let mut visits: Vec<(bool, bool)> = Vec::new();
    walk(tree, |value, path, comments, is_comment| {
        let encrypted = rule.should_encrypt(path, comments, is_comment);
        let take = encrypted && !is_comment && matches!(value, Value::Str(s) if !s.is_empty());
        if let (true, Value::Str(token)) = (take, value) {
            jobs.push(path.aad(), std::mem::take(token));
        }
        visits.push((encrypted, take));
        Ok(())
    })?;
    let mut results = cipher.decrypt_values(&jobs).into_iter();
    drop(jobs);
    let mut visits = visits.into_iter();
    let mut mac = MacHasher::new(mac_only_encrypted);
    let walked = walk(tree, |value, path, _, _| {
        let (encrypted, batched) = visits.next().expect("both walks visit the same leaves");
        if batched {
            let result = results.next().expect("one result per batched value");
            *value = result.map_err(|source| CryptError::Decrypt {
                path: path.to_string(),
                source,
            })?;
        } else if encrypted && !is_empty_text(value) {
            match value {
                Value::Comment(text) => {
                    // Comments written by sops before comment encryption
                    // existed are plain text; keep them as they are. sops
                    // also writes comments that go-yaml then reads into a
                    // collection inside the one sops encrypted them for
                    // (its path is the additional data): the enclosing
                    // paths are tried too, and authentication tells.
                    let plain = std::iter::once(path.aad())
                        .chain(path.ancestor_aads())
                        .find_map(|aad| match cipher.decrypt_value(text, aad) {
                            Ok(Value::Comment(plain) | Value::Str(plain)) => Some(plain),
                            _ => None,
                        });
                    if let Some(plain) = plain {
                        *text = plain;
                    }
                }
                other => {
                    return Err(CryptError::NotEncrypted {
                        path: path.to_string(),
                        kind: kind_name(other),
                    })
                }
            }
        }
        if !matches!(value, Value::Comment(_)) {
            add_to_mac(&mut mac, value, encrypted);
        }
        Ok(())
    });
    // A failure stops the walk: wipe the decrypted values it did not place.
    for mut value in results.flatten() {
        value.zeroize();
    }
    walked?;
    Ok(mac.finish())
}

/// Feeds a leaf's canonical bytes to the MAC.
fn add_to_mac(mac: &mut MacHasher, value: &Value, encrypted: bool) {
    with_canonical_bytes(value, |bytes| mac.add(bytes, encrypted));
}

fn kind_name(value: &Value) -> &'static str {
    match value {
        Value::Bool(_) => "boolean",
        Value::Int(_) => "integer",
        Value::Float(_) => "number",
        Value::Time(_) => "timestamp",
        _ => "non-string value",
    }
}

/// True when any leaf of the tree is an `ENC[...]` value; used to warn
/// before encrypting a file twice.
pub fn has_encrypted_values(tree: &Tree) -> bool {
    fn value(v: &Value) -> bool {
        match v {
            Value::Str(s) => is_enc_value(s),
            Value::List(items) => items.iter().any(value),
            Value::Map(m) => map(m),
            _ => false,
        }
    }
    fn map(m: &Map) -> bool {
        m.0.iter().any(|item| match item {
            Item::Entry(_, v) => value(v),
            Item::Comment(_) => false,
        })
    }
    tree.branches.iter().any(map)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cipher::DataKey;
    use crate::tree::Float;

    fn sample() -> Tree {
        let mut db = Map::default();
        db.push("user", Value::Str("admin".into()));
        db.push("password", Value::Str("hunter2".into()));
        db.push("port", Value::Int(5432));
        db.push("ratio", Value::Float(Float::new(0.5)));
        db.push("enabled", Value::Bool(true));
        let mut root = Map::default();
        root.0.push(Item::Comment(" example".into()));
        root.push("db", Value::Map(db));
        root.push(
            "hosts",
            Value::List(vec![
                Value::Str("a.example".into()),
                Value::Str("b.example".into()),
            ]),
        );
        root.push("note_unencrypted", Value::Str("visible".into()));
        root.push("empty", Value::Str(String::new()));
        root.push("nothing", Value::Null);
        Tree::single(root)
    }

    /// Vector V1's MAC (docs/format.md §2.5), and a full round trip.
    #[test]
    fn round_trip_and_v1_mac() {
        let original = sample();
        let mut tree = original.clone();
        let rule = CryptRule::default();
        let cipher = Cipher::new(DataKey::generate().unwrap());
        let mac = encrypt_tree(&mut tree, &rule, &cipher, false).unwrap();
        assert!(mac.starts_with("D4ACE69DB2CF0080"));
        let root = &tree.branches[0];
        assert!(matches!(&root.0[0], Item::Comment(c) if c.starts_with("ENC[")));
        assert_eq!(
            root.get("note_unencrypted"),
            Some(&Value::Str("visible".into()))
        );
        assert_eq!(root.get("empty"), Some(&Value::Str(String::new())));
        assert_eq!(root.get("nothing"), Some(&Value::Null));
        let mut cipher = Cipher::new(cipher.data_key().clone());
        let again = decrypt_tree(&mut tree, &rule, &mut cipher, false).unwrap();
        assert_eq!(again, mac);
        assert_eq!(tree, original);
    }

    #[test]
    fn swapped_list_elements_change_the_mac() {
        let rule = CryptRule::default();
        let cipher = Cipher::new(DataKey::generate().unwrap());
        let mut tree = sample();
        let mac = encrypt_tree(&mut tree, &rule, &cipher, false).unwrap();
        if let Some(Item::Entry(_, Value::List(l))) = tree.branches[0].0.get_mut(2) {
            l.swap(0, 1);
        }
        let mut cipher = Cipher::new(cipher.data_key().clone());
        assert_ne!(
            decrypt_tree(&mut tree, &rule, &mut cipher, false).unwrap(),
            mac
        );
    }

    #[test]
    fn plain_number_at_encrypted_path_is_an_error() {
        let mut root = Map::default();
        root.push("port", Value::Int(1));
        let mut tree = Tree::single(root);
        let mut cipher = Cipher::new(DataKey::generate().unwrap());
        let err = decrypt_tree(&mut tree, &CryptRule::default(), &mut cipher, false).unwrap_err();
        assert!(err.to_string().contains(r#"["port"]"#), "{err}");
    }
}
