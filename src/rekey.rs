//! Changing who can open a file: `updatekeys`, `groups add`/`delete` and
//! `rotate` (docs/format.md §9.7), one file at a time, bytes in and bytes
//! out, so that a caller can run them over many files in parallel.
//!
//! `updatekeys` and `groups` never decrypt a value: they unwrap the data key
//! the file already has, wrap it again for the new key groups and write the
//! file back with its values, `lastmodified`, MAC and version untouched.
//! `rotate` makes a new data key and so re-encrypts every value.

#![doc(hidden)]

use std::fmt::Write as _;

use crate::cipher::DataKey;
use crate::config::CreationRule;
use crate::error::Error;
use crate::keys::{self, DecryptionOrder, KeyContext, KeyGroup, KeyServices, MasterKey};
use crate::metadata::{Metadata, MetadataStyle};
use crate::ops::{self, DecryptOptions};
use crate::stores::{self, Format, Layout, StoreOptions};
use crate::tree::Tree;

/// Why a key change was refused, beyond what any operation can fail at.
#[derive(Debug, thiserror::Error)]
pub enum RekeyError {
    #[error(transparent)]
    Lib(#[from] Error),
    /// `groups delete` of a group the file does not have.
    #[error("{file}: there is no key group {index}: the file has {count} (numbered from 0); see them with `rsops decrypt` of the metadata or in the file's sops block")]
    NoSuchGroup {
        file: String,
        index: usize,
        count: usize,
    },
    /// `groups add` without a key.
    #[error("{file}: the new key group has no keys, so nobody could open it; give at least one of --age, --pgp, --kms, --gcp-kms, --hckms, --azure-kv, --hc-vault-transit")]
    EmptyGroup { file: String },
    /// `groups delete` of the only group.
    #[error("{file}: key group {index} is the file's only one; a file needs a key group, so add another first (rsops groups add)")]
    LastGroup { file: String, index: usize },
    /// Fewer groups would remain than the Shamir threshold needs.
    #[error("{file}: removing this key group will make the Shamir threshold impossible to satisfy: Shamir threshold is {threshold}, but only {groups} key groups would remain; give a lower --shamir-secret-sharing-threshold")]
    ThresholdTooHigh {
        file: String,
        threshold: usize,
        groups: usize,
    },
}

/// What happens to one key group (sops' `Group N` block).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GroupDiff {
    /// Keys in both, in the new group's order.
    pub common: Vec<String>,
    /// Keys only in the new group.
    pub added: Vec<String>,
    /// Keys only in the old group.
    pub removed: Vec<String>,
}

/// The difference between a file's key groups and threshold and the ones
/// it is about to get.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct KeyDiff {
    pub groups: Vec<GroupDiff>,
    pub old_threshold: usize,
    pub new_threshold: usize,
}

impl KeyDiff {
    /// Compares groups position by position, keys by their string form.
    pub fn new(
        old: &[KeyGroup],
        new: &[KeyGroup],
        old_threshold: usize,
        new_threshold: usize,
    ) -> Self {
        let ids = |g: Option<&KeyGroup>| -> Vec<String> {
            g.map(|g| g.iter().map(MasterKey::identifier).collect())
                .unwrap_or_default()
        };
        let groups = (0..old.len().max(new.len()))
            .map(|i| {
                let (ours, theirs) = (ids(old.get(i)), ids(new.get(i)));
                let (common, added) = theirs.iter().cloned().partition(|k| ours.contains(k));
                let removed = ours.into_iter().filter(|k| !theirs.contains(k)).collect();
                GroupDiff {
                    common,
                    added,
                    removed,
                }
            })
            .collect();
        KeyDiff {
            groups,
            old_threshold,
            new_threshold,
        }
    }

    /// Whether any key or the threshold changes.
    pub fn changes(&self) -> bool {
        self.old_threshold != self.new_threshold
            || self
                .groups
                .iter()
                .any(|g| !g.added.is_empty() || !g.removed.is_empty())
    }

    /// The change as sops prints it before asking: the threshold, then each
    /// group with its common (indented), added (`+++`) and removed (`---`)
    /// keys.
    pub fn render(&self) -> String {
        let mut out = String::from("The following changes will be made to the file's groups:\n");
        let (old, new) = (self.old_threshold, self.new_threshold);
        if old > 0 && old == new {
            let _ = writeln!(out, "shamir_threshold: {new}");
        } else {
            if new > 0 {
                let _ = writeln!(out, "+++ shamir_threshold: {new}");
            }
            if old > 0 {
                let _ = writeln!(out, "--- shamir_threshold: {old}");
            }
        }
        out.push_str(&self.render_groups());
        out
    }

    /// Each group with its common (indented), added (`+++`) and removed
    /// (`---`) keys; `publish` shows only this.
    pub fn render_groups(&self) -> String {
        let mut out = String::new();
        for (i, g) in self.groups.iter().enumerate() {
            let _ = writeln!(out, "Group {}", i + 1);
            for k in &g.common {
                let _ = writeln!(out, "    {k}");
            }
            for k in &g.added {
                let _ = writeln!(out, "+++ {k}");
            }
            for k in &g.removed {
                let _ = writeln!(out, "--- {k}");
            }
        }
        out
    }
}

/// How to unwrap the existing data key and write the file back.
#[derive(Clone, Debug, Default)]
pub struct RekeyOptions {
    pub decryption_order: DecryptionOrder,
    pub stores: StoreOptions,
}

/// An encrypted file read without decrypting its values: its tree stays as
/// the `ENC[...]` text it was.
pub struct Encrypted<'a> {
    tree: Tree,
    layout: Option<Box<dyn Layout + 'a>>,
    /// The file's metadata.
    pub metadata: Metadata,
    format: Format,
    name: String,
}

/// Reads the encrypted file `input` and its metadata; the MAC is not
/// checked and no value is decrypted.
pub fn load<'a>(input: &'a [u8], format: Format, name: &str) -> Result<Encrypted<'a>, Error> {
    let file = || name.to_owned();
    let doc = stores::load(format, input, true).map_err(|source| Error::ParseEncrypted {
        file: file(),
        format: format.name(),
        source,
    })?;
    let Some(raw) = &doc.metadata else {
        return Err(Error::MetadataNotFound { file: file() });
    };
    let metadata = Metadata::from_value(raw).map_err(|source| Error::Metadata {
        file: file(),
        source,
    })?;
    Ok(Encrypted {
        tree: doc.tree,
        layout: doc.layout,
        metadata,
        format,
        name: file(),
    })
}

impl Encrypted<'_> {
    /// The file's data key, unwrapped with the keys at hand.
    pub fn data_key(&self, order: &DecryptionOrder, keys: &KeyContext) -> Result<DataKey, Error> {
        keys::unwrap_data_key(
            &self.metadata.key_groups,
            self.metadata.shamir_threshold,
            order,
            keys,
        )
        .map_err(|source| Error::Recovery {
            file: self.name.clone(),
            source,
        })
    }

    /// Wraps `data_key` for `groups` with `threshold` and writes the file in
    /// its own layout; everything but the key groups and threshold stays.
    pub fn rewrap(
        mut self,
        mut groups: Vec<KeyGroup>,
        threshold: usize,
        data_key: &DataKey,
        stores: &StoreOptions,
        services: &KeyServices,
    ) -> Result<Vec<u8>, Error> {
        let file = self.name.clone();
        let threshold =
            keys::wrap_data_key(&mut groups, threshold, data_key, services).map_err(|source| {
                Error::Wrap {
                    file: file.clone(),
                    source,
                }
            })?;
        self.metadata.key_groups = groups;
        self.metadata.shamir_threshold = threshold;
        let style = MetadataStyle {
            empty_lists_as_null: self.format != Format::Yaml,
            with_rule: self.format != Format::Binary,
        };
        stores::write(
            self.format,
            &self.tree,
            Some(&self.metadata.to_value(style)),
            self.layout.as_deref(),
            stores,
        )
        .map(crate::memory::take_zeroizing)
        .map_err(|source| Error::Emit {
            file,
            format: self.format.name(),
            source,
        })
    }
}

/// What `updatekeys` would do to one file.
pub struct UpdatePlan<'a> {
    file: Encrypted<'a>,
    groups: Vec<KeyGroup>,
    threshold: usize,
    diff: KeyDiff,
}

/// Compares the key groups of the encrypted file `input` with those of the
/// creation rule that applies to it. The threshold becomes the smaller of
/// the file's and the number of the rule's groups (the rule's own
/// `shamir_threshold` is not used, as in sops).
pub fn updatekeys_plan<'a>(
    input: &'a [u8],
    format: Format,
    rule: &CreationRule,
    name: &str,
) -> Result<UpdatePlan<'a>, Error> {
    let file = load(input, format, name)?;
    let groups = rule.key_groups.clone();
    let old = file.metadata.shamir_threshold;
    let threshold = old.min(groups.len());
    let diff = KeyDiff::new(&file.metadata.key_groups, &groups, old, threshold);
    Ok(UpdatePlan {
        file,
        groups,
        threshold,
        diff,
    })
}

impl UpdatePlan<'_> {
    /// The change this plan makes.
    pub fn diff(&self) -> &KeyDiff {
        &self.diff
    }

    /// Whether the file already has the rule's keys and threshold.
    pub fn is_up_to_date(&self) -> bool {
        !self.diff.changes()
    }

    /// Unwraps the file's data key and wraps it for the new groups. Every
    /// key gets a new `enc`, even the unchanged ones.
    pub fn apply(self, options: &RekeyOptions, keys: &KeyContext) -> Result<Vec<u8>, Error> {
        let data_key = self.file.data_key(&options.decryption_order, keys)?;
        self.file.rewrap(
            self.groups,
            self.threshold,
            &data_key,
            &options.stores,
            &keys.services,
        )
    }
}

/// Appends `group` as a new key group (`groups add`); `threshold` replaces
/// the file's when given.
pub fn add_group(
    input: &[u8],
    format: Format,
    group: KeyGroup,
    threshold: Option<usize>,
    options: &RekeyOptions,
    keys: &KeyContext,
    name: &str,
) -> Result<Vec<u8>, RekeyError> {
    if group.is_empty() {
        return Err(RekeyError::EmptyGroup {
            file: name.to_owned(),
        });
    }
    let file = load(input, format, name)?;
    let data_key = file.data_key(&options.decryption_order, keys)?;
    let mut groups = file.metadata.key_groups.clone();
    groups.push(group);
    let threshold = threshold.unwrap_or(file.metadata.shamir_threshold);
    Ok(file.rewrap(
        groups,
        threshold,
        &data_key,
        &options.stores,
        &keys.services,
    )?)
}

/// Removes key group `index` (`groups delete`); `threshold` replaces the
/// file's when given, and must not exceed the groups that remain.
pub fn delete_group(
    input: &[u8],
    format: Format,
    index: usize,
    threshold: Option<usize>,
    options: &RekeyOptions,
    keys: &KeyContext,
    name: &str,
) -> Result<Vec<u8>, RekeyError> {
    let file = load(input, format, name)?;
    let data_key = file.data_key(&options.decryption_order, keys)?;
    let mut groups = file.metadata.key_groups.clone();
    if index >= groups.len() {
        return Err(RekeyError::NoSuchGroup {
            file: name.to_owned(),
            index,
            count: groups.len(),
        });
    }
    if groups.len() == 1 {
        return Err(RekeyError::LastGroup {
            file: name.to_owned(),
            index,
        });
    }
    groups.remove(index);
    let threshold = threshold.unwrap_or(file.metadata.shamir_threshold);
    if groups.len() < threshold {
        return Err(RekeyError::ThresholdTooHigh {
            file: name.to_owned(),
            threshold,
            groups: groups.len(),
        });
    }
    Ok(file.rewrap(
        groups,
        threshold,
        &data_key,
        &options.stores,
        &keys.services,
    )?)
}

/// `filestatus`: whether `input` is a sops-encrypted file, which is when
/// its metadata loads and has a version and a MAC. A file without metadata
/// is not; any other load failure is an error.
pub fn is_encrypted(input: &[u8], format: Format, name: &str) -> Result<bool, Error> {
    match load(input, format, name) {
        Ok(file) => Ok(!file.metadata.version.is_empty() && !file.metadata.mac.is_empty()),
        Err(Error::MetadataNotFound { .. }) => Ok(false),
        Err(e) => Err(e),
    }
}

/// The master keys `rotate` adds to the first group and removes from all.
#[derive(Clone, Debug, Default)]
pub struct KeyChanges {
    pub add: Vec<MasterKey>,
    pub remove: Vec<MasterKey>,
}

impl KeyChanges {
    /// Whether any key is added or removed.
    pub fn is_empty(&self) -> bool {
        self.add.is_empty() && self.remove.is_empty()
    }
}

/// `rotate`: decrypts `input` (MAC checked unless `options.ignore_mac`),
/// applies `changes`, makes a new data key, wraps it for every key and
/// encrypts every value again under it with its old IV (docs/format.md
/// §1.8). `version` stays; `lastmodified` and the MAC are new.
pub fn rotate(
    input: &[u8],
    format: Format,
    output_format: Format,
    changes: &KeyChanges,
    options: &DecryptOptions,
    keys: &KeyContext,
    name: &str,
) -> Result<Vec<u8>, Error> {
    let mut opened = ops::open(input, format, options, keys, name)?;
    let groups = &mut opened.metadata.key_groups;
    if let Some(first) = groups.first_mut() {
        first.extend(changes.add.iter().cloned());
    }
    for group in groups.iter_mut() {
        group.retain(|k| {
            !changes
                .remove
                .iter()
                .any(|r| r.identifier() == k.identifier())
        });
    }
    let data_key = DataKey::generate().map_err(Error::DataKey)?;
    opened.metadata.shamir_threshold = keys::wrap_data_key(
        &mut opened.metadata.key_groups,
        opened.metadata.shamir_threshold,
        &data_key,
        &keys.services,
    )
    .map_err(|source| Error::Wrap {
        file: name.to_owned(),
        source,
    })?;
    opened.replace_data_key(data_key);
    opened.seal(None, output_format, &options.stores)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::age::AgeKey;

    fn age(r: &str) -> MasterKey {
        MasterKey::Age(AgeKey::new(r))
    }

    #[test]
    fn diff_lists_common_added_and_removed_keys_per_group() {
        let old = vec![vec![age("a"), age("b")]];
        let new = vec![vec![age("b"), age("c")], vec![age("d")]];
        let diff = KeyDiff::new(&old, &new, 0, 0);
        assert!(diff.changes());
        assert_eq!(
            diff.render(),
            "The following changes will be made to the file's groups:\n\
             Group 1\n    b\n+++ c\n--- a\nGroup 2\n+++ d\n"
        );
        assert!(!KeyDiff::new(&old, &old, 0, 0).changes());
    }

    #[test]
    fn diff_shows_the_threshold_as_sops_does() {
        let g = vec![vec![age("a")], vec![age("b")]];
        let changed = KeyDiff::new(&g, &g, 3, 2);
        assert!(changed.changes());
        assert!(changed
            .render()
            .contains("\n+++ shamir_threshold: 2\n--- shamir_threshold: 3\n"));
        let same = KeyDiff::new(&g, &g, 2, 2);
        assert!(!same.changes());
        assert!(same.render().contains("\nshamir_threshold: 2\n"));
    }
}
