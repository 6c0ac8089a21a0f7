//! Which values are encrypted: the one crypt rule a file may carry
//! (`unencrypted_suffix`, `encrypted_regex`, ...), checked against every
//! component of a leaf's path and against the comments above it.

#![doc(hidden)]

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

use regex::Regex;

use crate::tree::Path;

/// The rule that decides which leaves are encrypted. A file has exactly one;
/// with none given, `unencrypted_suffix: _unencrypted` is used and written.
#[derive(Clone, Debug)]
pub enum CryptRule {
    UnencryptedSuffix(String),
    EncryptedSuffix(String),
    UnencryptedRegex(GoRegex),
    EncryptedRegex(GoRegex),
    UnencryptedCommentRegex(GoRegex),
    EncryptedCommentRegex(GoRegex),
}

/// The suffix sops uses when no rule is given.
pub const DEFAULT_UNENCRYPTED_SUFFIX: &str = "_unencrypted";

/// The metadata and `.sops.yaml` field names, in sops' emission order.
pub const RULE_FIELDS: [&str; 6] = [
    "unencrypted_suffix",
    "encrypted_suffix",
    "unencrypted_regex",
    "encrypted_regex",
    "unencrypted_comment_regex",
    "encrypted_comment_regex",
];

#[derive(Debug, thiserror::Error)]
pub enum RuleError {
    #[error("cannot use more than one of {}", RULE_FIELDS.join(", "))]
    MoreThanOne,
    #[error("{field} is not a valid regular expression: {source}")]
    Regex {
        field: &'static str,
        source: regex::Error,
    },
}

impl Default for CryptRule {
    fn default() -> Self {
        CryptRule::UnencryptedSuffix(DEFAULT_UNENCRYPTED_SUFFIX.to_owned())
    }
}

/// What to do with a regex that does not compile.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InvalidRegex {
    /// Refuse it (flags and `.sops.yaml`: say so before encrypting).
    Refuse,
    /// Match nothing, as sops does (it never checks its regexes): for a
    /// file's metadata, so that a file sops wrote still decrypts.
    MatchNothing,
}

/// A regex that matches no text.
static MATCHES_NOTHING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b\B").expect("a valid regex"));

/// A crypt-rule regex: the pattern as written, which the metadata keeps
/// (sops compiles it again), and its compiled form with Go's meaning.
#[derive(Clone, Debug)]
pub struct GoRegex {
    written: String,
    compiled: Regex,
    /// The pattern did not compile and matches nothing (a file sops wrote).
    invalid: bool,
}

impl GoRegex {
    pub fn is_match(&self, text: &str) -> bool {
        self.compiled.is_match(text)
    }

    /// The pattern as the user wrote it.
    pub fn as_str(&self) -> &str {
        &self.written
    }
}

/// Compiles a regex as Go's `regexp` (RE2, which sops uses) reads it. Rust's
/// `regex` has the same syntax, but its `\d`, `\s`, `\w` and `\b` are
/// Unicode-aware where Go's are ASCII-only (`\s` is `[\t\n\f\r ]`), so
/// they are rewritten to Go's classes; Go's `\Q…\E` quoting is expanded.
///
/// Compiled regexes are kept by pattern for the life of the process: a run
/// over many files (the Kustomize plugin, `-r`) reads the same rule from
/// every file's metadata, and compiling it again took about half as long
/// as decrypting a small Secret. A regex is immutable and cheap to clone.
pub fn go_regex(pattern: &str) -> Result<Regex, regex::Error> {
    // Patterns come from files: a bound keeps a run over many files with
    // all-different rules from growing the cache without end.
    const MAX_KEPT: usize = 64;
    static COMPILED: LazyLock<Mutex<HashMap<String, Regex>>> = LazyLock::new(Default::default);
    let mut compiled = COMPILED.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(regex) = compiled.get(pattern) {
        return Ok(regex.clone());
    }
    let regex = Regex::new(&go_to_rust_syntax(pattern))?;
    if compiled.len() >= MAX_KEPT {
        compiled.clear();
    }
    compiled.insert(pattern.to_owned(), regex.clone());
    Ok(regex)
}

fn go_to_rust_syntax(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut chars = pattern.chars().peekable();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let Some(e) = chars.next() else {
                    out.push('\\');
                    break;
                };
                let (positive, negated) = match e {
                    'd' | 'D' => ("0-9", "[^0-9]"),
                    's' | 'S' => ("\\t\\n\\f\\r ", "[^\\t\\n\\f\\r ]"),
                    'w' | 'W' => ("0-9A-Za-z_", "[^0-9A-Za-z_]"),
                    'b' | 'B' if !in_class => {
                        out.push_str(if e == 'b' { "(?-u:\\b)" } else { "(?-u:\\B)" });
                        continue;
                    }
                    'Q' if !in_class => {
                        let mut literal = String::new();
                        while let Some(q) = chars.next() {
                            if q == '\\' && chars.peek() == Some(&'E') {
                                chars.next();
                                break;
                            }
                            literal.push(q);
                        }
                        out.push_str(&regex::escape(&literal));
                        continue;
                    }
                    other => {
                        out.push('\\');
                        out.push(other);
                        continue;
                    }
                };
                match (e.is_ascii_lowercase(), in_class) {
                    (true, true) => out.push_str(positive),
                    (true, false) => {
                        out.push('[');
                        out.push_str(positive);
                        out.push(']');
                    }
                    (false, _) => out.push_str(negated),
                }
            }
            '[' if !in_class => {
                in_class = true;
                out.push('[');
                if chars.peek() == Some(&'^') {
                    out.push('^');
                    chars.next();
                }
                // A `]` first in a class is a literal.
                if chars.peek() == Some(&']') {
                    out.push_str("\\]");
                    chars.next();
                }
            }
            '[' if chars.peek() == Some(&':') => {
                // A POSIX class (`[:alpha:]`) inside a class.
                out.push('[');
                for p in chars.by_ref() {
                    out.push(p);
                    if p == ']' {
                        break;
                    }
                }
            }
            ']' if in_class => {
                in_class = false;
                out.push(']');
            }
            other => out.push(other),
        }
    }
    out
}

impl CryptRule {
    /// Builds the rule from `(field name, value)` pairs whose names are in
    /// [`RULE_FIELDS`]; empty values count as absent. More than one → error.
    pub fn from_fields<'a>(
        fields: impl IntoIterator<Item = (&'static str, &'a str)>,
        invalid: InvalidRegex,
    ) -> Result<Option<Self>, RuleError> {
        let mut rule = None;
        for (field, value) in fields {
            if value.is_empty() {
                continue;
            }
            if rule.is_some() {
                return Err(RuleError::MoreThanOne);
            }
            let regex = || {
                let (compiled, invalid) = match (go_regex(value), invalid) {
                    (Ok(r), _) => (r, false),
                    (Err(source), InvalidRegex::Refuse) => {
                        return Err(RuleError::Regex { field, source })
                    }
                    (Err(_), InvalidRegex::MatchNothing) => (MATCHES_NOTHING.clone(), true),
                };
                Ok(GoRegex {
                    written: value.to_owned(),
                    compiled,
                    invalid,
                })
            };
            rule = Some(match field {
                "unencrypted_suffix" => CryptRule::UnencryptedSuffix(value.to_owned()),
                "encrypted_suffix" => CryptRule::EncryptedSuffix(value.to_owned()),
                "unencrypted_regex" => CryptRule::UnencryptedRegex(regex()?),
                "encrypted_regex" => CryptRule::EncryptedRegex(regex()?),
                "unencrypted_comment_regex" => CryptRule::UnencryptedCommentRegex(regex()?),
                "encrypted_comment_regex" => CryptRule::EncryptedCommentRegex(regex()?),
                other => unreachable!("{other} is not a crypt rule field"),
            });
        }
        Ok(rule)
    }

    /// The metadata field name and value of this rule.
    pub fn field(&self) -> (&'static str, &str) {
        match self {
            CryptRule::UnencryptedSuffix(s) => (RULE_FIELDS[0], s),
            CryptRule::EncryptedSuffix(s) => (RULE_FIELDS[1], s),
            CryptRule::UnencryptedRegex(r) => (RULE_FIELDS[2], r.as_str()),
            CryptRule::EncryptedRegex(r) => (RULE_FIELDS[3], r.as_str()),
            CryptRule::UnencryptedCommentRegex(r) => (RULE_FIELDS[4], r.as_str()),
            CryptRule::EncryptedCommentRegex(r) => (RULE_FIELDS[5], r.as_str()),
        }
    }

    /// The field of a regex rule that did not compile and so matches
    /// nothing (only in files sops wrote; rsops refuses to write one).
    pub fn invalid_regex(&self) -> Option<&'static str> {
        match self {
            CryptRule::UnencryptedRegex(r)
            | CryptRule::EncryptedRegex(r)
            | CryptRule::UnencryptedCommentRegex(r)
            | CryptRule::EncryptedCommentRegex(r)
                if r.invalid =>
            {
                Some(self.field().0)
            }
            _ => None,
        }
    }

    /// Whether the leaf at `path` is encrypted. `comments` holds the active
    /// comments of every enclosing level (see [`crate::crypt`]); when the
    /// leaf is itself a comment it is the last one of the last level, and an
    /// `encrypted_comment_regex` marker does not encrypt itself.
    pub fn should_encrypt(&self, path: &Path, comments: &[Vec<String>], is_comment: bool) -> bool {
        let mut path = path.components();
        match self {
            CryptRule::UnencryptedSuffix(s) => !path.any(|k| k.ends_with(s.as_str())),
            CryptRule::EncryptedSuffix(s) => path.any(|k| k.ends_with(s.as_str())),
            CryptRule::UnencryptedRegex(r) => !path.any(|k| r.is_match(k)),
            CryptRule::EncryptedRegex(r) => path.any(|k| r.is_match(k)),
            CryptRule::UnencryptedCommentRegex(r) => {
                !comments.iter().flatten().any(|c| r.is_match(c))
            }
            CryptRule::EncryptedCommentRegex(r) => {
                let levels = comments.len();
                comments.iter().enumerate().any(|(i, level)| {
                    level.iter().enumerate().any(|(j, c)| {
                        let is_self = is_comment && i + 1 == levels && j + 1 == level.len();
                        !is_self && r.is_match(c)
                    })
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(keys: &[&str]) -> Path {
        let mut p = Path::default();
        keys.iter().for_each(|k| p.push(k));
        p
    }

    #[test]
    fn rules_apply_to_every_path_component() {
        let rule = CryptRule::from_fields(
            [("encrypted_regex", "^(data|password)$")],
            InvalidRegex::Refuse,
        )
        .unwrap()
        .unwrap();
        assert!(rule.should_encrypt(&path(&["data", "nested", "inner"]), &[], false));
        assert!(rule.should_encrypt(&path(&["a", "password"]), &[], false));
        assert!(!rule.should_encrypt(&path(&["a", "user"]), &[], false));
        let rule = CryptRule::default();
        assert!(!rule.should_encrypt(&path(&["cfg_unencrypted", "x"]), &[], false));
        assert!(rule.should_encrypt(&path(&["cfg", "x"]), &[], false));
    }

    #[test]
    fn encrypted_comment_marker_stays_plain() {
        let rule = CryptRule::from_fields(
            [("encrypted_comment_regex", "sops:enc")],
            InvalidRegex::Refuse,
        )
        .unwrap()
        .unwrap();
        let marker = vec![vec![" sops:enc".to_string()]];
        assert!(!rule.should_encrypt(&path(&[]), &marker, true));
        assert!(rule.should_encrypt(&path(&["k"]), &marker, false));
        assert!(!rule.should_encrypt(&path(&["k"]), &[vec![" other".into()]], false));
    }

    #[test]
    fn at_most_one_rule() {
        assert!(matches!(
            CryptRule::from_fields(
                [("encrypted_suffix", "_x"), ("unencrypted_regex", "y")],
                InvalidRegex::Refuse
            ),
            Err(RuleError::MoreThanOne)
        ));
        assert!(
            CryptRule::from_fields([("encrypted_suffix", "")], InvalidRegex::Refuse)
                .unwrap()
                .is_none()
        );
        assert!(matches!(
            CryptRule::from_fields([("encrypted_regex", "(")], InvalidRegex::Refuse),
            Err(RuleError::Regex { .. })
        ));
    }

    /// Go's Perl classes are ASCII-only; Rust's would match these keys.
    #[test]
    fn regexes_read_as_go_reads_them() {
        let cases = [
            (r"\s", "k\u{a0}nb", false),
            (r"\s", "a b", true),
            (r"\d", "key\u{661}", false),
            (r"\d$", "key1", true),
            (r"^\w+$", "\u{c9}COLE", false),
            (r"^\w+$", "ECOLE_1", true),
            (r"\bx", "\u{e9}x", true),
            (r"[\d_]+", "\u{661}", false),
            (r"[\D]", "1", false),
            (r"^[^\s]+$", "a\u{a0}b", true),
            (r"\Qa.b\E", "a.b", true),
            (r"\Qa.b\E", "axb", false),
            (r"(?i)\pL", "\u{e9}", true),
            (r"[]a]", "]", true),
            (r"[[:alpha:]]", "a", true),
            (r"\\d", "\\d", true),
        ];
        for (pattern, text, matches) in cases {
            let re = go_regex(pattern).unwrap_or_else(|e| panic!("{pattern}: {e}"));
            assert_eq!(re.is_match(text), matches, "{pattern} on {text:?}");
        }
        // The metadata keeps the pattern as written: sops compiles it.
        let rule =
            CryptRule::from_fields([("encrypted_regex", r"\bpass\d*")], InvalidRegex::Refuse)
                .unwrap()
                .unwrap();
        assert_eq!(rule.field(), ("encrypted_regex", r"\bpass\d*"));
    }

    /// sops never checks its regexes: an invalid one matches nothing.
    #[test]
    fn a_file_with_an_invalid_regex_still_decrypts() {
        let rule = CryptRule::from_fields([("encrypted_regex", "[")], InvalidRegex::MatchNothing)
            .unwrap()
            .unwrap();
        assert!(!rule.should_encrypt(&path(&["a"]), &[], false));
        let rule = CryptRule::from_fields([("unencrypted_regex", "[")], InvalidRegex::MatchNothing)
            .unwrap()
            .unwrap();
        assert!(rule.should_encrypt(&path(&["a"]), &[], false));
    }
}
