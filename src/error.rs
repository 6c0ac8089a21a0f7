//! The error of a whole operation, and the one table that maps it to sops'
//! exit codes (so scripts that check `$?` keep working).

use std::path::PathBuf;

use crate::config::ConfigError;
use crate::crypt::CryptError;
use crate::crypt_rules::RuleError;
use crate::keys::{MetadataError, RecoveryError, WrapError};
use crate::mac::MacError;
use crate::stores::StoreError;

/// sops' exit codes (`cmd/sops/codes`).
pub mod code {
    pub const GENERIC: i32 = 1;
    pub const COULD_NOT_READ_INPUT_FILE: i32 = 2;
    pub const COULD_NOT_WRITE_OUTPUT_FILE: i32 = 3;
    pub const ERROR_DUMPING_TREE: i32 = 4;
    pub const INVALID_KMS_ENCRYPTION_CONTEXT_FORMAT: i32 = 6;
    pub const CONFLICTING_PARAMETERS: i32 = 8;
    pub const ERROR_ENCRYPTING_MAC: i32 = 21;
    pub const ERROR_ENCRYPTING_TREE: i32 = 23;
    pub const ERROR_DECRYPTING_TREE: i32 = 25;
    pub const MAC_MISMATCH: i32 = 51;
    pub const INVALID_TREE_PATH_FORMAT: i32 = 91;
    pub const NEED_AT_LEAST_ONE_DOCUMENT: i32 = 92;
    pub const NO_FILE_SPECIFIED: i32 = 100;
    pub const DUPLICATE_DECRYPTION_KEY_TYPE: i32 = 112;
    pub const COULD_NOT_RETRIEVE_KEY: i32 = 128;
    pub const FILE_ALREADY_ENCRYPTED: i32 = 203;
}

/// Everything that can make a command fail. Messages name the file and the
/// place in it and say what to do; none contains a secret value.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{file}: file does not exist")]
    NoSuchFile { file: String },
    #[error("no file given: pass a file name, or --filename-override when reading standard input")]
    NoFileSpecified,
    #[error("cannot read {file}: {source}")]
    Read {
        file: String,
        source: std::io::Error,
    },
    #[error("{file}: cannot parse it as {format}: {source}")]
    ParsePlain {
        file: String,
        format: &'static str,
        source: StoreError,
    },
    #[error("{file}: cannot parse it as an encrypted {format} file: {source}")]
    ParseEncrypted {
        file: String,
        format: &'static str,
        source: StoreError,
    },
    #[error("{file}: sops metadata not found; the file is not encrypted (or its type is wrong: try --input-type)")]
    MetadataNotFound { file: String },
    #[error("{file}: {source}")]
    Metadata { file: String, source: MetadataError },
    #[error("{file}: the file already has sops metadata (a top-level 'sops' key, 'sops_*' dotenv keys or an INI [sops] section), so it looks encrypted already; decrypt it first, or rename that key to encrypt the file")]
    AlreadyEncrypted { file: String },
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("{0}")]
    ConflictingRules(RuleError),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    Usage(String),
    #[error("{file}: {source}")]
    Wrap { file: String, source: WrapError },
    #[error("{file}: {source}")]
    Recovery { file: String, source: RecoveryError },
    #[error("{file}: {source}")]
    Decrypt { file: String, source: CryptError },
    #[error("{file}: {source}")]
    Encrypt { file: String, source: CryptError },
    #[error("{file}: {source}; the file was changed after it was encrypted (or values were moved or reordered). Use --ignore-mac only if you trust the file")]
    Mac { file: String, source: MacError },
    #[error("{file}: could not encrypt the MAC: {reason}")]
    EncryptMac { file: String, reason: String },
    #[error("{file}: cannot write it as {format}: {source}")]
    Emit {
        file: String,
        format: &'static str,
        source: StoreError,
    },
    #[error("cannot write {file}: {source}")]
    Write {
        file: PathBuf,
        source: std::io::Error,
    },
    #[error("invalid --extract path {path:?}: {reason}")]
    TreePath { path: String, reason: String },
    #[error("{file}: {reason}")]
    Extract { file: String, reason: String },
    #[error(transparent)]
    DecryptionOrder(#[from] crate::keys::OrderError),
    #[error("invalid encryption context {0:?}: use key:value pairs separated by commas")]
    EncryptionContext(String),
    #[error("{0}")]
    Unsupported(String),
    /// A Kustomize plugin failure; ksops exits 1 for every one.
    #[error(transparent)]
    Krm(#[from] crate::krm::KrmError),
    /// The Argo CD plugin refused to print the application.
    #[error(transparent)]
    Argocd(#[from] crate::krm::argocd::ArgocdError),
}

impl Error {
    /// The exit code sops uses for the same failure.
    pub fn exit_code(&self) -> i32 {
        use code::*;
        match self {
            Error::NoSuchFile { .. } | Error::NoFileSpecified => NO_FILE_SPECIFIED,
            Error::ParsePlain {
                source: StoreError::Unrepresentable { .. },
                ..
            } => ERROR_ENCRYPTING_TREE,
            Error::ParsePlain {
                source: StoreError::NoDocuments,
                ..
            } => NEED_AT_LEAST_ONE_DOCUMENT,
            Error::Read { .. } | Error::ParsePlain { .. } => COULD_NOT_READ_INPUT_FILE,
            // sops exits 1 when the file to decrypt does not parse.
            Error::ParseEncrypted { .. } => GENERIC,
            Error::AlreadyEncrypted { .. } => FILE_ALREADY_ENCRYPTED,
            Error::ConflictingRules(_) | Error::Conflict(_) => CONFLICTING_PARAMETERS,
            Error::Recovery { .. } => COULD_NOT_RETRIEVE_KEY,
            Error::Decrypt { .. } => ERROR_DECRYPTING_TREE,
            Error::Encrypt { .. } => ERROR_ENCRYPTING_TREE,
            Error::Mac { .. } => MAC_MISMATCH,
            Error::EncryptMac { .. } => ERROR_ENCRYPTING_MAC,
            Error::Emit { .. } => ERROR_DUMPING_TREE,
            Error::Write { .. } => COULD_NOT_WRITE_OUTPUT_FILE,
            Error::TreePath { .. } => INVALID_TREE_PATH_FORMAT,
            Error::DecryptionOrder(crate::keys::OrderError::Duplicate(_)) => {
                DUPLICATE_DECRYPTION_KEY_TYPE
            }
            Error::DecryptionOrder(crate::keys::OrderError::Unknown(_)) => GENERIC,
            Error::EncryptionContext(_) => INVALID_KMS_ENCRYPTION_CONTEXT_FORMAT,
            Error::Argocd(crate::krm::argocd::ArgocdError::Sops(e)) => e.exit_code(),
            Error::Argocd(_) => GENERIC,
            Error::MetadataNotFound { .. }
            | Error::Metadata { .. }
            | Error::Config(_)
            | Error::Usage(_)
            | Error::Wrap { .. }
            | Error::Extract { .. }
            | Error::Unsupported(_)
            | Error::Krm(_) => GENERIC,
        }
    }
}
