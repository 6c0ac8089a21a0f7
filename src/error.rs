//! The library's error: what an operation on a file can fail at. The
//! command line wraps it and owns the table of sops' exit codes.

use crate::cipher::CipherError;
use crate::config::ConfigError;
use crate::crypt::CryptError;
use crate::crypt_rules::RuleError;
use crate::keys::{MetadataError, RecoveryError, WrapError};
use crate::mac::MacError;
use crate::stores::StoreError;
use crate::tree_path::PathError;

/// Why a library operation failed. Messages name the file and the place in
/// it and say what to do; none contains a secret value. The command line
/// maps each to sops' exit code (`cli::error`).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The file could not be read.
    #[error("cannot read {file}: {source}")]
    Read {
        /// The file, as named to the operation (a path, or `stdin`).
        file: String,
        /// The cause.
        source: std::io::Error,
    },
    /// A plain file does not parse in its format.
    #[error("{file}: cannot parse it as {format}: {source}")]
    ParsePlain {
        /// The file, as named to the operation (a path, or `stdin`).
        file: String,
        /// The format's name, as in `--input-type`.
        format: &'static str,
        /// The cause.
        source: StoreError,
    },
    /// An encrypted file does not parse in its format.
    #[error("{file}: cannot parse it as an encrypted {format} file: {source}")]
    ParseEncrypted {
        /// The file, as named to the operation (a path, or `stdin`).
        file: String,
        /// The format's name, as in `--input-type`.
        format: &'static str,
        /// The cause.
        source: StoreError,
    },
    /// The file has no sops metadata: it is not encrypted.
    #[error("{file}: sops metadata not found; the file is not encrypted (or its type is wrong: try --input-type)")]
    MetadataNotFound {
        /// The file, as named to the operation (a path, or `stdin`).
        file: String,
    },
    /// The sops metadata is there but invalid.
    #[error("{file}: {source}")]
    Metadata {
        /// The file, as named to the operation (a path, or `stdin`).
        file: String,
        /// The cause.
        source: MetadataError,
    },
    /// The file to encrypt already carries sops metadata.
    #[error("{file}: the file already has sops metadata (a top-level 'sops' key, 'sops_*' dotenv keys or an INI [sops] section), so it looks encrypted already; decrypt it first, or rename that key to encrypt the file")]
    AlreadyEncrypted {
        /// The file, as named to the operation (a path, or `stdin`).
        file: String,
    },
    /// `.sops.yaml` could not be read or used.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The crypt rules conflict (more than one given) or are invalid.
    #[error("{0}")]
    ConflictingRules(#[source] RuleError),
    /// The operating system's random number generator failed.
    #[error("cannot make a data key: {0}")]
    DataKey(#[source] CipherError),
    /// The data key could not be wrapped for a master key.
    #[error("{file}: {source}")]
    Wrap {
        /// The file, as named to the operation (a path, or `stdin`).
        file: String,
        /// The cause.
        source: WrapError,
    },
    /// The data key could not be unwrapped with the keys at hand.
    #[error("{file}: {source}")]
    Recovery {
        /// The file, as named to the operation (a path, or `stdin`).
        file: String,
        /// The cause.
        source: RecoveryError,
    },
    /// A value did not decrypt.
    #[error("{file}: {source}")]
    Decrypt {
        /// The file, as named to the operation (a path, or `stdin`).
        file: String,
        /// The cause.
        source: CryptError,
    },
    /// A value could not be encrypted.
    #[error("{file}: {source}")]
    Encrypt {
        /// The file, as named to the operation (a path, or `stdin`).
        file: String,
        /// The cause.
        source: CryptError,
    },
    /// The MAC does not match the values: the file was tampered with.
    #[error("{file}: {source}; the file was changed after it was encrypted (or values were moved or reordered). Use --ignore-mac only if you trust the file")]
    Mac {
        /// The file, as named to the operation (a path, or `stdin`).
        file: String,
        /// The cause.
        source: MacError,
    },
    /// The MAC could not be encrypted.
    #[error("{file}: could not encrypt the MAC: {source}")]
    EncryptMac {
        /// The file, as named to the operation (a path, or `stdin`).
        file: String,
        /// The cause.
        source: CipherError,
    },
    /// The result could not be written in the output format.
    #[error("{file}: cannot write it as {format}: {source}")]
    Emit {
        /// The file, as named to the operation (a path, or `stdin`).
        file: String,
        /// The format's name, as in `--input-type`.
        format: &'static str,
        /// The cause.
        source: StoreError,
    },
    /// The `--extract` path is not in the file.
    #[error("{file}: {source}")]
    Extract {
        /// The file, as named to the operation (a path, or `stdin`).
        file: String,
        /// The cause.
        source: PathError,
    },
    /// `--decryption-order` names an unknown or repeated key type.
    #[error(transparent)]
    DecryptionOrder(#[from] crate::keys::OrderError),
}
