//! The two operations everything else is built from: encrypting a plain
//! document and decrypting an encrypted one. Data flows one way: bytes →
//! store → tree → cipher and MAC → store → bytes.

use zeroize::Zeroizing;

use crate::cipher::{Cipher, DataKey};
use crate::crypt::{decrypt_tree, encrypt_tree};
use crate::crypt_rules::CryptRule;
use crate::error::Error;
use crate::keys::{self, DecryptionOrder, KeyContext, KeyGroup, KeyServices};
use crate::mac::{encrypt_mac, verify_mac};
use crate::metadata::{Metadata, MetadataStyle, SOPS_VERSION};
use crate::stores::{self, Format, Layout, StoreOptions};
use crate::tree::{Tree, Value};
use crate::tree_path::Step;
use crate::warning::{Warn, Warning};

/// How to encrypt a document.
#[derive(Clone, Debug)]
pub struct EncryptOptions {
    /// The master keys, in groups; the data key is wrapped for each key.
    pub key_groups: Vec<KeyGroup>,
    /// Shamir threshold; 0 means "all groups" when there are several.
    pub shamir_threshold: usize,
    /// Which values to encrypt (sops' `--encrypted-regex` and friends).
    pub rule: CryptRule,
    /// Hash only the encrypted values into the MAC (`mac_only_encrypted`).
    pub mac_only_encrypted: bool,
    /// How the stores write (indentation).
    pub stores: StoreOptions,
    /// Where warnings go.
    pub warn: Warn,
    /// Where the data key is wrapped (`--keyservice`).
    pub services: KeyServices,
}

/// How to decrypt a document.
#[derive(Clone, Debug, Default)]
pub struct DecryptOptions {
    /// Do not check the MAC (`--ignore-mac`).
    pub ignore_mac: bool,
    /// Return only the value at this path (`--extract`).
    pub extract: Option<Vec<Step>>,
    /// Which key types to try first (`--decryption-order`).
    pub decryption_order: DecryptionOrder,
    /// How the stores write (indentation).
    pub stores: StoreOptions,
    /// The process exits once the result is written (the command line).
    /// The decrypted tree is then zeroized but not freed, and the parsed
    /// source (ciphertext) is not freed either: the operating system takes
    /// the memory back at exit faster than tens of thousands of `free`
    /// calls would (about 6% of a large YAML decrypt). Leave it `false` in a
    /// long-running process.
    pub process_exits_after: bool,
    /// Where warnings go.
    pub warn: Warn,
}

/// Encrypts the plain document `input` (in `input_format`) and writes it in
/// `output_format`. `name` is used in error messages.
pub fn encrypt(
    input: &[u8],
    input_format: Format,
    output_format: Format,
    options: &EncryptOptions,
    name: &str,
) -> Result<Vec<u8>, Error> {
    let file = || name.to_owned();
    let mut doc = stores::load(input_format, input, false).map_err(|source| Error::ParsePlain {
        file: file(),
        format: input_format.name(),
        source,
    })?;
    let mut tree = std::mem::take(&mut doc.tree);
    // A dotenv key `sops` is ordinary data to sops (only `sops_*` is
    // metadata, which the store has already taken out).
    let sops_key = input_format != Format::Dotenv && crate::metadata::has_sops_key(&tree);
    if doc.metadata.is_some() || sops_key {
        return Err(Error::AlreadyEncrypted { file: file() });
    }
    let mut key_groups = options.key_groups.clone();
    let data_key = DataKey::generate().map_err(Error::DataKey)?;
    let shamir_threshold = keys::wrap_data_key(
        &mut key_groups,
        options.shamir_threshold,
        &data_key,
        &options.services,
    )
    .map_err(|source| Error::Wrap {
        file: file(),
        source,
    })?;
    let cipher = Cipher::new(data_key);
    // sops writes no crypt rule for a binary input, whatever the output
    // format (and writes one for a YAML or JSON file output as binary).
    let (rule, mac_only_encrypted) = if input_format == Format::Binary {
        let (field, value) = options.rule.field();
        if options.rule.field() != CryptRule::default().field() {
            options.warn.send(Warning::RuleIgnoredForBinary {
                field,
                value: value.to_owned(),
            });
        }
        (CryptRule::default(), false)
    } else {
        (options.rule.clone(), options.mac_only_encrypted)
    };
    let mac = encrypt_tree(&mut tree, &rule, &cipher, mac_only_encrypted).map_err(|source| {
        Error::Encrypt {
            file: file(),
            source,
        }
    })?;
    let mut metadata = Metadata {
        key_groups,
        shamir_threshold,
        lastmodified: keys::now_rfc3339(),
        mac: String::new(),
        rule,
        mac_only_encrypted,
        version: SOPS_VERSION.to_owned(),
    };
    let aad = metadata.mac_aad().map_err(|source| Error::Metadata {
        file: file(),
        source,
    })?;
    metadata.mac = encrypt_mac(&cipher, &mac, &aad).map_err(|source| Error::EncryptMac {
        file: file(),
        source,
    })?;
    let style = MetadataStyle {
        empty_lists_as_null: output_format != Format::Yaml,
        with_rule: input_format != Format::Binary,
    };
    let original = same_format_layout(&doc, input_format, output_format);
    write_encrypted(
        tree,
        output_format,
        &metadata.to_value(style),
        original,
        &options.stores,
        file(),
    )
}

/// Writes an encrypted tree in `output_format` and frees it (see
/// [`Tree::drop_encrypted`]).
fn write_encrypted(
    tree: Tree,
    output_format: Format,
    metadata: &Value,
    original: Option<&dyn Layout>,
    options: &StoreOptions,
    file: String,
) -> Result<Vec<u8>, Error> {
    let written = stores::write(output_format, &tree, Some(metadata), original, options);
    tree.drop_encrypted();
    written
        .map(crate::memory::take_zeroizing)
        .map_err(|source| Error::Emit {
            file,
            format: output_format.name(),
            source,
        })
}

/// Decrypts the encrypted document `input` and writes it plain in
/// `output_format` (or only the `--extract`ed value).
pub fn decrypt(
    input: &[u8],
    input_format: Format,
    output_format: Format,
    options: &DecryptOptions,
    keys: &KeyContext,
    name: &str,
) -> Result<Zeroizing<Vec<u8>>, Error> {
    let Opened {
        tree,
        layout,
        format,
        ..
    } = open_with(input, input_format, options, keys, name, false)?;
    let emit_error = |source| Error::Emit {
        file: name.to_owned(),
        format: output_format.name(),
        source,
    };
    if let Some(steps) = &options.extract {
        let first = tree.branches.first().cloned().unwrap_or_default();
        let value = crate::tree_path::get(&first, steps).map_err(|source| Error::Extract {
            file: name.to_owned(),
            source,
        })?;
        return match value {
            crate::tree::Value::Str(s) => Ok(Zeroizing::new(s.as_bytes().to_vec())),
            crate::tree::Value::Bytes(b) => Ok(Zeroizing::new(b.clone())),
            crate::tree::Value::Map(m) => stores::write(
                output_format,
                &crate::tree::Tree::single(m.clone()),
                None,
                None,
                &options.stores,
            )
            .map_err(emit_error),
            other => stores::emit_value(output_format, other, &options.stores).map_err(emit_error),
        };
    }
    let original = layout.as_deref().filter(|_| format == output_format);
    let plain = stores::write(output_format, &tree, None, original, &options.stores);
    if options.process_exits_after {
        tree.zeroize_and_leak();
        std::mem::forget(layout);
    }
    plain.map_err(emit_error)
}

/// Checks an encrypted document without writing its plaintext anywhere:
/// its metadata, the data key (with the keys at hand), every value and
/// the MAC. Returns the metadata.
pub fn verify(
    input: &[u8],
    format: Format,
    options: &DecryptOptions,
    keys: &KeyContext,
    name: &str,
) -> Result<Metadata, Error> {
    open_with(input, format, options, keys, name, false).map(|opened| opened.metadata)
}

/// An encrypted document decrypted so that it can be changed and encrypted
/// again under the same data key (edit, set, unset, rotate, groups).
///
/// The cipher remembers the IV of every value it decrypted, so a value whose
/// plaintext and path are unchanged gets the very same `ENC[...]` text back
/// (docs/format.md §1.8) and diffs show only what changed.
pub struct Opened<'a> {
    /// The plaintext tree; change it freely before [`Opened::seal`].
    pub tree: Tree,
    /// The file's metadata; key changes go here (with
    /// [`Opened::replace_data_key`] when the data key changes).
    pub metadata: Metadata,
    cipher: Cipher,
    format: Format,
    layout: Option<Box<dyn Layout + 'a>>,
    name: String,
}

/// Decrypts `input` (MAC checked unless `options.ignore_mac`) for a change
/// and a [`Opened::seal`]. `options.extract` is not used.
pub fn open<'a>(
    input: &'a [u8],
    format: Format,
    options: &DecryptOptions,
    keys: &KeyContext,
    name: &str,
) -> Result<Opened<'a>, Error> {
    open_with(input, format, options, keys, name, true)
}

fn open_with<'a>(
    input: &'a [u8],
    format: Format,
    options: &DecryptOptions,
    keys: &KeyContext,
    name: &str,
    remember_ivs: bool,
) -> Result<Opened<'a>, Error> {
    let file = || name.to_owned();
    let mut doc = stores::load(format, input, true).map_err(|source| Error::ParseEncrypted {
        file: file(),
        format: format.name(),
        source,
    })?;
    let Some(raw_metadata) = &doc.metadata else {
        return Err(Error::MetadataNotFound { file: file() });
    };
    let metadata = Metadata::from_value(raw_metadata).map_err(|source| Error::Metadata {
        file: file(),
        source,
    })?;
    if let Some(field) = metadata.rule.invalid_regex() {
        options
            .warn
            .send(Warning::InvalidRegexMatchesNothing { field });
    }
    let data_key = keys::unwrap_data_key(
        &metadata.key_groups,
        metadata.shamir_threshold,
        &options.decryption_order,
        keys,
    )
    .map_err(|source| Error::Recovery {
        file: file(),
        source,
    })?;
    let mut cipher = Cipher::new(data_key);
    if remember_ivs {
        cipher = cipher.remember_ivs();
    }
    let mut tree = std::mem::take(&mut doc.tree);
    let computed = decrypt_tree(
        &mut tree,
        &metadata.rule,
        &mut cipher,
        metadata.mac_only_encrypted,
    )
    .map_err(|source| Error::Decrypt {
        file: file(),
        source,
    })?;
    if !options.ignore_mac {
        let aad = metadata.mac_aad().map_err(|source| Error::Metadata {
            file: file(),
            source,
        })?;
        verify_mac(&mut cipher, &metadata.mac, &aad, &computed).map_err(|source| Error::Mac {
            file: file(),
            source,
        })?;
    }
    Ok(Opened {
        tree,
        metadata,
        cipher,
        format,
        layout: doc.layout,
        name: file(),
    })
}

impl<'a> Opened<'a> {
    /// The data key the values are (and will be) encrypted under.
    pub fn data_key(&self) -> &DataKey {
        self.cipher.data_key()
    }

    /// Encrypts under `key` from now on, keeping each value's old IV
    /// (`rotate`, docs/format.md §1.8). The caller wraps `key` into
    /// `metadata.key_groups`.
    pub fn replace_data_key(&mut self, key: DataKey) {
        self.cipher.replace_key(key);
    }

    /// Remembers the IVs of `other`'s values too (this file's own win), so
    /// that values a merge takes from `other` keep their ciphertext. Returns
    /// `false`, taking nothing, when `other` is under another data key.
    pub fn adopt_ivs(&mut self, other: &mut Opened<'_>) -> bool {
        if self.data_key().as_bytes() != other.data_key().as_bytes() {
            return false;
        }
        self.cipher.adopt_ivs(&mut other.cipher);
        true
    }

    /// The format the file was read in.
    pub fn format(&self) -> Format {
        self.format
    }

    /// The plaintext in `output_format`, in the file's own layout when the
    /// format is the same (what `edit` shows and `exec-*` hands over).
    pub fn plain_text(
        &self,
        output_format: Format,
        options: &StoreOptions,
    ) -> Result<Zeroizing<Vec<u8>>, Error> {
        self.plain_text_with(output_format, None, options)
    }

    /// [`Opened::plain_text`] with `metadata` as its sops block (what
    /// `edit --show-master-keys` shows; see [`Opened::metadata_value`]).
    pub fn plain_text_with(
        &self,
        output_format: Format,
        metadata: Option<&crate::tree::Value>,
        options: &StoreOptions,
    ) -> Result<Zeroizing<Vec<u8>>, Error> {
        let original = self
            .layout
            .as_deref()
            .filter(|_| self.format == output_format);
        stores::write(output_format, &self.tree, metadata, original, options).map_err(|source| {
            Error::Emit {
                file: self.name.clone(),
                format: output_format.name(),
                source,
            }
        })
    }

    /// The metadata as [`Opened::seal`] writes it in `output_format`.
    pub fn metadata_value(&self, output_format: Format) -> crate::tree::Value {
        self.metadata.to_value(self.metadata_style(output_format))
    }

    fn metadata_style(&self, output_format: Format) -> MetadataStyle {
        MetadataStyle {
            empty_lists_as_null: output_format != Format::Yaml,
            with_rule: self.format != Format::Binary,
        }
    }

    /// Encrypts the tree again with a new `lastmodified` and MAC, and writes
    /// it in `output_format`: in `layout` when given (for example the text
    /// the user edited), else in the file's own layout when the format is
    /// unchanged. Unchanged values keep their ciphertext.
    pub fn seal(
        mut self,
        layout: Option<&dyn Layout>,
        output_format: Format,
        options: &StoreOptions,
    ) -> Result<Vec<u8>, Error> {
        let file = || self.name.clone();
        let mut metadata = self.metadata.clone();
        let mac = encrypt_tree(
            &mut self.tree,
            &metadata.rule,
            &self.cipher,
            metadata.mac_only_encrypted,
        )
        .map_err(|source| Error::Encrypt {
            file: file(),
            source,
        })?;
        metadata.lastmodified = keys::now_rfc3339();
        let aad = metadata.mac_aad().map_err(|source| Error::Metadata {
            file: file(),
            source,
        })?;
        metadata.mac =
            encrypt_mac(&self.cipher, &mac, &aad).map_err(|source| Error::EncryptMac {
                file: file(),
                source,
            })?;
        let style = self.metadata_style(output_format);
        let tree = std::mem::take(&mut self.tree);
        let original = layout.or_else(|| {
            self.layout
                .as_deref()
                .filter(|_| self.format == output_format)
        });
        write_encrypted(
            tree,
            output_format,
            &metadata.to_value(style),
            original,
            options,
            file(),
        )
    }
}

/// The original text is only reused when the output is in the same format.
fn same_format_layout<'d>(
    doc: &'d stores::Document<'_>,
    input: Format,
    output: Format,
) -> Option<&'d dyn Layout> {
    doc.layout.as_deref().filter(|_| input == output)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tree::Value;

    fn enc_values(text: &[u8]) -> Vec<String> {
        String::from_utf8_lossy(text)
            .split("ENC[")
            .skip(1)
            .map(|s| s.split(']').next().unwrap_or_default().to_owned())
            .collect()
    }

    fn encrypted(plain: &[u8]) -> Vec<u8> {
        let recipient = crate::test_util::age_recipient();
        crate::encrypt(
            plain,
            Format::Yaml,
            &crate::Recipients::age(&[recipient.as_str()]),
        )
        .unwrap()
    }

    fn opened(encrypted: &[u8]) -> Opened<'_> {
        open(
            encrypted,
            Format::Yaml,
            &DecryptOptions::default(),
            &KeyContext::default(),
            "f.yaml",
        )
        .unwrap()
    }

    #[test]
    fn seal_keeps_the_ciphertext_of_unchanged_values() {
        let before = encrypted(b"# db\na: one # first\nb: two\nlist:\n  - 3\n  - x\n");
        let mut opened = opened(&before);
        for item in &mut opened.tree.branches[0].0 {
            if let crate::tree::Item::Entry(k, v) = item {
                if k == "b" {
                    *v = Value::Str("changed".into());
                }
            }
        }
        let after = opened
            .seal(None, Format::Yaml, &StoreOptions::default())
            .unwrap();
        let (old, new) = (enc_values(&before), enc_values(&after));
        assert_eq!(old.len(), new.len());
        // Only b and the MAC (the last) change; comments and the other
        // values keep their text.
        let changed: Vec<usize> = (0..old.len()).filter(|&i| old[i] != new[i]).collect();
        assert_eq!(changed.len(), 2, "{changed:?}");
        assert_eq!(changed[1], old.len() - 1);
        let plain = crate::decrypt(&after, Format::Yaml).unwrap();
        assert_eq!(
            String::from_utf8_lossy(&plain),
            "# db\na: one # first\nb: changed\nlist:\n  - 3\n  - x\n"
        );
    }

    #[test]
    fn a_new_data_key_keeps_the_ivs() {
        let before = encrypted(b"a: one\n");
        let mut opened = opened(&before);
        let key = DataKey::generate().unwrap();
        keys::wrap_data_key(
            &mut opened.metadata.key_groups,
            0,
            &key,
            &KeyServices::default(),
        )
        .unwrap();
        opened.replace_data_key(key);
        let after = opened
            .seal(None, Format::Yaml, &StoreOptions::default())
            .unwrap();
        let iv = |t: &str| {
            t.split(",iv:")
                .nth(1)
                .unwrap()
                .split(',')
                .next()
                .unwrap()
                .to_owned()
        };
        let (old, new) = (enc_values(&before), enc_values(&after));
        assert_ne!(old[0], new[0]);
        assert_eq!(iv(&old[0]), iv(&new[0]));
        assert_eq!(
            &crate::decrypt(&after, Format::Yaml).unwrap()[..],
            b"a: one\n"
        );
    }
}
