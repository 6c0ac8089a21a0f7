//! Which values are encrypted: the one crypt rule a file may carry
//! (`unencrypted_suffix`, `encrypted_regex`, ...), checked against every
//! component of a leaf's path and against the comments above it.

use regex::Regex;

use crate::tree::Path;

/// The rule that decides which leaves are encrypted. A file has exactly one;
/// with none given, `unencrypted_suffix: _unencrypted` is used and written.
#[derive(Clone, Debug)]
pub enum CryptRule {
    UnencryptedSuffix(String),
    EncryptedSuffix(String),
    UnencryptedRegex(Regex),
    EncryptedRegex(Regex),
    UnencryptedCommentRegex(Regex),
    EncryptedCommentRegex(Regex),
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

impl CryptRule {
    /// Builds the rule from `(field name, value)` pairs whose names are in
    /// [`RULE_FIELDS`]; empty values count as absent. More than one → error.
    pub fn from_fields<'a>(
        fields: impl IntoIterator<Item = (&'static str, &'a str)>,
    ) -> Result<Option<Self>, RuleError> {
        let mut rule = None;
        for (field, value) in fields {
            if value.is_empty() {
                continue;
            }
            if rule.is_some() {
                return Err(RuleError::MoreThanOne);
            }
            let regex = || Regex::new(value).map_err(|source| RuleError::Regex { field, source });
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
        let rule = CryptRule::from_fields([("encrypted_regex", "^(data|password)$")])
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
        let rule = CryptRule::from_fields([("encrypted_comment_regex", "sops:enc")])
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
            CryptRule::from_fields([("encrypted_suffix", "_x"), ("unencrypted_regex", "y")]),
            Err(RuleError::MoreThanOne)
        ));
        assert!(CryptRule::from_fields([("encrypted_suffix", "")])
            .unwrap()
            .is_none());
        assert!(matches!(
            CryptRule::from_fields([("encrypted_regex", "(")]),
            Err(RuleError::Regex { .. })
        ));
    }
}
