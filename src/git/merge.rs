//! The merge driver (`rsops git merge %O %A %B %P`) and the resolution of
//! the conflicts it leaves (`rsops git resolve FILE`).
//!
//! All three versions are decrypted; their trees are merged three-way
//! ([`tree_merge`](super::tree_merge)); the plaintexts are also merged line
//! by line and, when that gives the same tree, its text is the layout of
//! the result (our layout otherwise). The result is encrypted again under
//! our data key with the IVs of ours and, when they share the data key,
//! theirs: every value unchanged from either side keeps its ciphertext.
//! A conflict writes nothing: the work tree keeps our encrypted file.

use std::path::Path;

use zeroize::Zeroizing;

use super::tree_merge::{self, Side};
use super::{diff3, git, GitError};
use crate::keys::KeyContext;
use crate::metadata::Metadata;
use crate::ops::{self, DecryptOptions, Opened};
use crate::stores::{self, Format};

/// A merged file.
pub struct Outcome {
    /// The encrypted result.
    pub bytes: Vec<u8>,
    /// Paths both sides changed differently (decided by the preferred side
    /// in `resolve`; a conflict otherwise).
    pub conflicts: Vec<String>,
    /// What the user should know about the result (one line each).
    pub notes: Vec<String>,
}

/// Merges three versions of the encrypted file `name` (its name chooses
/// the format). `base` is `None` when the file has no common ancestor.
/// Conflicting values go to `prefer`'s side, or are only reported when it
/// is `None` (and `bytes` must not be used).
pub fn merge_versions(
    base: Option<&[u8]>,
    ours: &[u8],
    theirs: &[u8],
    name: &str,
    prefer: Option<Side>,
    options: &DecryptOptions,
    keys: &KeyContext,
) -> Result<Outcome, GitError> {
    let format = Format::from_path(Path::new(name));
    let mut notes = Vec::new();
    let mut mine = ops::open(ours, format, options, keys, &format!("{name} (ours)"))?;
    let mut other = ops::open(theirs, format, options, keys, &format!("{name} (theirs)"))?;
    let base = base
        .filter(|b| !b.iter().all(u8::is_ascii_whitespace))
        .and_then(
            |b| match ops::open(b, format, options, keys, &format!("{name} (base)")) {
                Ok(opened) => Some(opened),
                Err(e) => {
                    notes.push(format!(
                        "the common ancestor was not used ({e}); values the branches both have differently are conflicts"
                    ));
                    None
                }
            },
        );
    let merged = tree_merge::merge(
        base.as_ref().map(|b| &b.tree),
        &mine.tree,
        &other.tree,
        prefer,
    );
    if !merged.conflicts.is_empty() && prefer.is_none() {
        return Ok(Outcome {
            bytes: Vec::new(),
            conflicts: merged.conflicts,
            notes,
        });
    }
    if key_ids(&mine.metadata) != key_ids(&other.metadata) {
        notes.push(format!(
            "{name}: the branches encrypt for different master keys; the result is encrypted for ours (run `rsops updatekeys {name}` to apply .sops.yaml's keys)"
        ));
    }
    if !mine.adopt_ivs(&mut other) {
        notes.push(format!(
            "{name}: the branches have different data keys; the values taken from theirs are encrypted again under ours"
        ));
    }
    let text = line_merged(base.as_ref(), &mine, &other, format, options);
    let doc = text
        .as_ref()
        .and_then(|t| stores::load(format, t, false).ok())
        .filter(|doc| doc.tree == merged.tree);
    mine.tree = merged.tree;
    let bytes = mine.seal(
        doc.as_ref().and_then(|d| d.layout.as_deref()),
        format,
        &options.stores,
    )?;
    Ok(Outcome {
        bytes,
        conflicts: merged.conflicts,
        notes,
    })
}

/// Each master key of a file as type and identifier, by group.
fn key_ids(metadata: &Metadata) -> Vec<Vec<(&'static str, String)>> {
    metadata
        .key_groups
        .iter()
        .map(|g| {
            g.iter()
                .map(|k| (k.key_type().id(), k.identifier()))
                .collect()
        })
        .collect()
}

/// The three plaintexts merged line by line, `None` on a conflict (or a
/// version that cannot be written as text).
fn line_merged(
    base: Option<&Opened<'_>>,
    ours: &Opened<'_>,
    theirs: &Opened<'_>,
    format: Format,
    options: &DecryptOptions,
) -> Option<Zeroizing<Vec<u8>>> {
    let text = |o: &Opened<'_>| o.plain_text(format, &options.stores).ok();
    let base = match base {
        Some(b) => text(b)?,
        None => Zeroizing::new(Vec::new()),
    };
    let (ours, theirs) = (text(ours)?, text(theirs)?);
    fn lines(t: &[u8]) -> Vec<&[u8]> {
        t.split_inclusive(|&b| b == b'\n').collect()
    }
    diff3::merge(&lines(&base), &lines(&ours), &lines(&theirs))
        .map(|merged| Zeroizing::new(merged.concat()))
}

/// The merge driver: merges `base` and `theirs` into `ours` (rewritten in
/// place) for the file `name`. On a conflict `ours` is left as it was.
pub fn driver(
    base: &Path,
    ours: &Path,
    theirs: &Path,
    name: &str,
    options: &DecryptOptions,
    keys: &KeyContext,
) -> Result<Vec<String>, GitError> {
    let read = |p: &Path| {
        std::fs::read(p).map_err(|source| GitError::Read {
            file: p.to_path_buf(),
            source,
        })
    };
    let (b, o, t) = (read(base)?, read(ours)?, read(theirs)?);
    let outcome = merge_versions(Some(&b), &o, &t, name, None, options, keys)?;
    if !outcome.conflicts.is_empty() {
        return Err(GitError::Conflict {
            file: name.to_owned(),
            paths: outcome.conflicts,
        });
    }
    std::fs::write(ours, &outcome.bytes).map_err(|source| GitError::Write {
        file: ours.to_path_buf(),
        source,
    })?;
    Ok(outcome.notes)
}

/// Resolves the conflicted file `file` (in the work tree) from the three
/// versions git keeps in its index, giving conflicting values to
/// `prefer`'s side; writes the encrypted result and stages it. Without a
/// side, only names the conflicts.
pub fn resolve(
    file: &Path,
    prefer: Option<Side>,
    options: &DecryptOptions,
    keys: &KeyContext,
) -> Result<Outcome, GitError> {
    let here = Path::new(".");
    let shown = file.display().to_string();
    let path = file.to_string_lossy();
    let listing = git(here, &["ls-files", "-u", "-z", "--", &path])?;
    // Each entry: "<mode> <object> <stage>\t<path>".
    let mut stages: [Option<String>; 3] = Default::default();
    for entry in listing.split(|&b| b == 0).filter(|e| !e.is_empty()) {
        let entry = String::from_utf8_lossy(entry);
        let mut fields = entry.split(['\t', ' ']);
        let (_, object, stage) = (fields.next(), fields.next(), fields.next());
        if let (Some(object), Some(Ok(stage @ 1..=3))) = (object, stage.map(str::parse::<usize>)) {
            stages[stage - 1] = Some(object.to_owned());
        }
    }
    if stages.iter().all(Option::is_none) {
        return Err(GitError::NotConflicted { file: shown });
    }
    let blob = |object: &Option<String>| -> Result<Option<Vec<u8>>, GitError> {
        object
            .as_deref()
            .map(|o| git(here, &["cat-file", "blob", o]))
            .transpose()
    };
    let (Some(ours), Some(theirs)) = (blob(&stages[1])?, blob(&stages[2])?) else {
        return Err(GitError::Git {
            args: format!("ls-files -u -- {shown}"),
            message: format!("one branch deleted {shown}; keep a version with `git checkout --ours {shown}` (or --theirs) and `git add {shown}`, or remove it with `git rm {shown}`"),
        });
    };
    let base = blob(&stages[0])?;
    let outcome = merge_versions(
        base.as_deref(),
        &ours,
        &theirs,
        &path,
        prefer,
        options,
        keys,
    )?;
    if prefer.is_none() && !outcome.conflicts.is_empty() {
        return Err(GitError::ChooseSide {
            file: shown,
            paths: outcome.conflicts,
        });
    }
    crate::atomic_file::replace(file, &outcome.bytes, false).map_err(|source| GitError::Write {
        file: file.to_path_buf(),
        source,
    })?;
    git(here, &["add", "--", &path])?;
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tree::{Item, Value};

    fn encrypted(plain: &str) -> Vec<u8> {
        let recipient = crate::test_util::age_recipient();
        crate::encrypt(
            plain.as_bytes(),
            Format::Yaml,
            &crate::Recipients::age(&[recipient.as_str()]),
        )
        .unwrap()
    }

    /// `file` with the value of `key` under `db` set to `value`, under the
    /// same data key (as `rsops edit` or `sops set` would write it).
    fn changed(file: &[u8], key: &str, value: &str) -> Vec<u8> {
        let keys = KeyContext::default();
        let mut opened =
            ops::open(file, Format::Yaml, &DecryptOptions::default(), &keys, "f").unwrap();
        for item in &mut opened.tree.branches[0].0 {
            if let Item::Entry(k, Value::Map(db)) = item {
                if k == "db" {
                    for item in &mut db.0 {
                        if let Item::Entry(k, v) = item {
                            if k == key {
                                *v = Value::Str(value.to_owned());
                            }
                        }
                    }
                }
            }
        }
        opened
            .seal(None, Format::Yaml, &Default::default())
            .unwrap()
    }

    #[test]
    fn the_merged_file_keeps_the_layout_and_comments() {
        let base = encrypted("# the database\ndb:\n  user: a   # who\n  password: b\n# end\n");
        let ours = changed(&base, "password", "B");
        let theirs = changed(&base, "user", "A");
        let keys = KeyContext::default();
        let options = DecryptOptions::default();
        let outcome =
            merge_versions(Some(&base), &ours, &theirs, "f.yaml", None, &options, &keys).unwrap();
        assert!(outcome.conflicts.is_empty());
        assert!(outcome.notes.is_empty(), "{:?}", outcome.notes);
        assert_eq!(
            &crate::decrypt(&outcome.bytes, Format::Yaml).unwrap()[..],
            b"# the database\ndb:\n  user: A   # who\n  password: B\n# end\n"
        );
    }

    #[test]
    fn a_conflict_gives_no_file() {
        let base = encrypted("db:\n  password: b\n");
        let ours = changed(&base, "password", "ours");
        let theirs = changed(&base, "password", "theirs");
        let outcome = merge_versions(
            Some(&base),
            &ours,
            &theirs,
            "f.yaml",
            None,
            &DecryptOptions::default(),
            &KeyContext::default(),
        )
        .unwrap();
        assert_eq!(outcome.conflicts, [r#"["db"]["password"]"#]);
        assert!(outcome.bytes.is_empty());
    }
}
