//! `rsops git textconv FILE`: the decrypted file for git's
//! `diff.rsops.textconv`, so `git diff`, `git log -p` and `git show` show
//! values instead of ciphertext.

use std::path::Path;

use zeroize::Zeroizing;

use crate::keys::KeyContext;
use crate::ops::{self, DecryptOptions};
use crate::stores::Format;

/// What textconv prints.
pub enum Shown {
    /// The decrypted text.
    Plain(Zeroizing<Vec<u8>>),
    /// The file as it is, and why it could not be decrypted: a diff must
    /// never fail because a key is missing or a version is not encrypted.
    Raw(Vec<u8>, String),
}

/// The text git should diff for `data`, a version of the file `name` (git
/// hands textconv a temporary copy whose name ends with the file's own,
/// so the format comes from it). The MAC is not checked: a diff shows what
/// a version holds, and `rsops check` is where tampering is reported.
pub fn show(data: Vec<u8>, name: &Path, options: &DecryptOptions, keys: &KeyContext) -> Shown {
    let format = Format::from_path(name);
    let options = DecryptOptions {
        ignore_mac: true,
        ..options.clone()
    };
    let shown = name.display().to_string();
    match ops::decrypt(&data, format, format, &options, keys, &shown) {
        Ok(plain) => Shown::Plain(plain),
        Err(crate::Error::MetadataNotFound { .. } | crate::Error::ParseEncrypted { .. }) => {
            Shown::Raw(data, format!("{shown} is not encrypted; shown as it is"))
        }
        Err(e) => Shown::Raw(data, format!("{e}; shown encrypted")),
    }
}
