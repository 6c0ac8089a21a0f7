//! The command line's error: the library's, the Kustomize plugin's, and
//! what only the command line can get wrong (flags, missing files). This
//! file holds the one table from errors to sops' exit codes, so scripts
//! that check `$?` keep working.

use std::path::PathBuf;

use crate::crypt_rules::RuleError;
use crate::krm::argocd::ArgocdError;
use crate::krm::KrmError;
use crate::stores::StoreError;
use crate::tree_path::PathError;

/// sops' exit codes (`cmd/sops/codes`; docs/format.md §9.11).
pub mod code {
    pub const GENERIC: i32 = 1;
    pub const COULD_NOT_READ_INPUT_FILE: i32 = 2;
    /// What a Go panic exits with, for the cases where sops crashes.
    pub const GO_PANIC: i32 = 2;
    pub const COULD_NOT_WRITE_OUTPUT_FILE: i32 = 3;
    pub const ERROR_DUMPING_TREE: i32 = 4;
    pub const INVALID_KMS_ENCRYPTION_CONTEXT_FORMAT: i32 = 6;
    pub const INVALID_SET_FORMAT: i32 = 7;
    pub const CONFLICTING_PARAMETERS: i32 = 8;
    pub const ERROR_ENCRYPTING_MAC: i32 = 21;
    pub const ERROR_ENCRYPTING_TREE: i32 = 23;
    pub const ERROR_DECRYPTING_TREE: i32 = 25;
    pub const CANNOT_CHANGE_KEYS_FROM_NON_EXISTENT_FILE: i32 = 49;
    pub const MAC_MISMATCH: i32 = 51;
    pub const INVALID_TREE_PATH_FORMAT: i32 = 91;
    pub const NEED_AT_LEAST_ONE_DOCUMENT: i32 = 92;
    pub const NO_FILE_SPECIFIED: i32 = 100;
    pub const DUPLICATE_DECRYPTION_KEY_TYPE: i32 = 112;
    pub const COULD_NOT_RETRIEVE_KEY: i32 = 128;
    pub const FILE_HAS_NOT_BEEN_MODIFIED: i32 = 200;
    pub const NO_EDITOR_FOUND: i32 = 201;
    pub const FAILED_TO_COMPARE_VERSIONS: i32 = 202;
    pub const FILE_ALREADY_ENCRYPTED: i32 = 203;
}

/// Everything that can make a command fail. Messages name the file and the
/// place in it and say what to do; none contains a secret value.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A library operation failed.
    #[error(transparent)]
    Lib(#[from] crate::Error),
    /// An edit did not end in a file to write.
    #[error(transparent)]
    Edit(#[from] crate::edit::EditError),
    /// The Kustomize plugin failed.
    #[error(transparent)]
    Krm(#[from] KrmError),
    /// The Argo CD plugin refused to print the application.
    #[error(transparent)]
    Argocd(#[from] ArgocdError),
    /// `exec-env` or `exec-file` could not run the command.
    #[cfg(unix)]
    #[error(transparent)]
    Exec(#[from] crate::exec::ExecError),
    /// The files of a many-file command could not be listed.
    #[error(transparent)]
    Walk(crate::repo::walk::WalkError),
    /// The file named on the command line does not exist.
    #[error("{file}: file does not exist")]
    NoSuchFile { file: String },
    /// No file was named where one is needed.
    #[error("no file given: pass a file name, or --filename-override when reading standard input")]
    NoFileSpecified,
    /// A file the command line reads could not be read.
    #[error("cannot read {file}: {source}")]
    Read {
        file: String,
        source: std::io::Error,
    },
    /// The output could not be written.
    #[error("cannot write {file}: {source}")]
    Write {
        file: PathBuf,
        source: std::io::Error,
    },
    /// Flags that cannot go together.
    #[error("{0}")]
    Conflict(String),
    /// More than one crypt rule was given.
    #[error("{0}")]
    ConflictingRules(RuleError),
    /// A flag's value is malformed.
    #[error("{0}")]
    Usage(String),
    /// The `--extract` path does not parse.
    #[error("invalid --extract path {path:?}: {source}")]
    TreePath { path: String, source: PathError },
    /// `--encryption-context` is not `key:value` pairs.
    #[error("invalid encryption context {0:?}: use key:value pairs separated by commas")]
    EncryptionContext(String),
    /// A feature of sops this build does not have.
    #[error("{0}")]
    Unsupported(String),
    /// Too few or too many arguments for the command.
    #[error("{0}")]
    Arguments(String),
    /// A `set` path or value that does not parse.
    #[error("{0}")]
    SetFormat(String),
    /// `unset` found nothing at the path, or cannot go through a value.
    #[error("{file}: {source}")]
    Unset {
        file: String,
        source: crate::tree_path::UnsetError,
    },
    /// A key change refused by `groups` (or any library failure under it).
    #[error(transparent)]
    Rekey(#[from] crate::rekey::RekeyError),
    /// `rotate --add-*`/`--rm-*` on a file that does not exist.
    #[error("cannot add or remove keys on non-existent file {file:?}, use the `edit` subcommand instead")]
    KeysOnMissingFile { file: String },
    /// Some of several files could not be updated (each was reported).
    #[error("failed updating {0} file(s)")]
    SomeFailed(usize),
    /// A command that ends with an error message and sops' generic code.
    #[error("{0}")]
    Failed(String),
    /// A git command of rsops failed (`rsops git …`, `rsops check`).
    #[error(transparent)]
    Git(#[from] crate::git::GitError),
    /// An edit whose text parsed could not be saved; the text is kept.
    #[error("{source}; the edit of {file} was not saved, and your text is kept in {} (mode 0600): run the edit again and take your changes from it, then delete it", kept.display())]
    EditNotSaved {
        file: String,
        kept: PathBuf,
        source: Box<Error>,
    },
    /// An edit whose text parsed could not be saved, nor its text kept.
    #[error("{source}; the edit of {file} was not saved, and your text could not be kept: {lost}")]
    EditLost {
        file: String,
        lost: std::io::Error,
        source: Box<Error>,
    },
    /// `rsops check` found problems (printed above).
    #[error("check failed: {0} finding(s) above; a file that must be encrypted is not, or a sops file is broken or tampered with")]
    Findings(usize),
}

impl Error {
    /// The exit code sops uses for the same failure.
    pub fn exit_code(&self) -> i32 {
        use code::*;
        match self {
            Error::Lib(e) => library_code(e),
            Error::Edit(e) => edit_code(e),
            Error::EditNotSaved { source, .. } | Error::EditLost { source, .. } => {
                match &**source {
                    // sops' edit fails to wrap a new file's data key with 128
                    // (its encrypt, like rsops encrypt, with 1).
                    Error::Lib(crate::Error::Wrap { .. }) => COULD_NOT_RETRIEVE_KEY,
                    e => e.exit_code(),
                }
            }
            Error::Krm(e) => e.library_error().map_or(GENERIC, library_code),
            Error::Argocd(ArgocdError::Sops(e)) => library_code(e),
            Error::Argocd(ArgocdError::Krm(e)) => e.library_error().map_or(GENERIC, library_code),
            Error::Argocd(_) => GENERIC,
            Error::NoSuchFile { .. } | Error::NoFileSpecified => NO_FILE_SPECIFIED,
            Error::Read { .. } => COULD_NOT_READ_INPUT_FILE,
            Error::Write { .. } => COULD_NOT_WRITE_OUTPUT_FILE,
            Error::Conflict(_) | Error::ConflictingRules(_) => CONFLICTING_PARAMETERS,
            Error::TreePath { .. } => INVALID_TREE_PATH_FORMAT,
            Error::EncryptionContext(_) => INVALID_KMS_ENCRYPTION_CONTEXT_FORMAT,
            Error::Usage(_) | Error::Unsupported(_) | Error::Walk(_) => GENERIC,
            #[cfg(unix)]
            Error::Exec(_) => GENERIC,
            Error::Arguments(_) => NO_FILE_SPECIFIED,
            Error::SetFormat(_) => INVALID_SET_FORMAT,
            Error::Unset { .. } | Error::SomeFailed(_) | Error::Failed(_) => GENERIC,
            Error::Rekey(crate::rekey::RekeyError::Lib(e)) => library_code(e),
            // sops crashes on an index out of range (a Go panic is exit 2).
            Error::Rekey(crate::rekey::RekeyError::NoSuchGroup { .. }) => GO_PANIC,
            Error::Rekey(_) => GENERIC,
            Error::KeysOnMissingFile { .. } => CANNOT_CHANGE_KEYS_FROM_NON_EXISTENT_FILE,
            Error::Git(crate::git::GitError::Lib(e)) => library_code(e),
            Error::Git(_) | Error::Findings(_) => GENERIC,
        }
    }
}

/// The exit code sops uses for a failed edit. A signal gives the shell's
/// code for a process it ended (128 + its number), which is what sops 3.11,
/// killed by it, leaves.
fn edit_code(error: &crate::edit::EditError) -> i32 {
    use crate::edit::{EditError as E, Problem};
    use code::*;
    match error {
        E::Lib(e) => library_code(e),
        E::Workspace(_) => COULD_NOT_WRITE_OUTPUT_FILE,
        E::NoEditor | E::EditorVariable { .. } | E::EditorStart { .. } | E::EditorFailed { .. } => {
            NO_EDITOR_FOUND
        }
        E::Wait(_) => GENERIC,
        E::ReadEdited { .. } => COULD_NOT_READ_INPUT_FILE,
        E::Unchanged { .. } | E::EmptyNewFile { .. } => FILE_HAS_NOT_BEEN_MODIFIED,
        E::Rejected { problem, .. } | E::RejectedLost { problem, .. } => match problem {
            Problem::Parse {
                source: StoreError::Unrepresentable { .. },
                ..
            } => ERROR_ENCRYPTING_TREE,
            Problem::Parse {
                source: StoreError::NoDocuments,
                ..
            } => NEED_AT_LEAST_ONE_DOCUMENT,
            Problem::Parse { .. } => COULD_NOT_READ_INPUT_FILE,
            Problem::SopsKey => FILE_ALREADY_ENCRYPTED,
            Problem::MetadataChanged | Problem::MetadataRemoved => GENERIC,
        },
        E::Version { .. } => FAILED_TO_COMPARE_VERSIONS,
        E::Signal(sig) => 128 + sig,
    }
}

/// The exit code sops uses for a library failure.
pub fn library_code(error: &crate::Error) -> i32 {
    use crate::Error as E;
    use code::*;
    match error {
        E::ParsePlain {
            source: StoreError::Unrepresentable { .. },
            ..
        } => ERROR_ENCRYPTING_TREE,
        E::ParsePlain {
            source: StoreError::NoDocuments,
            ..
        } => NEED_AT_LEAST_ONE_DOCUMENT,
        E::Read { .. } | E::ParsePlain { .. } => COULD_NOT_READ_INPUT_FILE,
        // sops exits 1 when the file to decrypt does not parse.
        E::ParseEncrypted { .. } => GENERIC,
        E::AlreadyEncrypted { .. } => FILE_ALREADY_ENCRYPTED,
        E::ConflictingRules(_) => CONFLICTING_PARAMETERS,
        E::Recovery { .. } => COULD_NOT_RETRIEVE_KEY,
        E::Decrypt { .. } => ERROR_DECRYPTING_TREE,
        E::Encrypt { .. } => ERROR_ENCRYPTING_TREE,
        E::Mac { .. } => MAC_MISMATCH,
        E::EncryptMac { .. } => ERROR_ENCRYPTING_MAC,
        E::Emit { .. } => ERROR_DUMPING_TREE,
        E::DecryptionOrder(crate::keys::OrderError::Duplicate(_)) => DUPLICATE_DECRYPTION_KEY_TYPE,
        E::DecryptionOrder(crate::keys::OrderError::Unknown(_))
        | E::MetadataNotFound { .. }
        | E::Metadata { .. }
        | E::Config(_)
        | E::DataKey(_)
        | E::Wrap { .. }
        | E::Extract { .. } => GENERIC,
    }
}

impl From<crate::config::ConfigError> for Error {
    fn from(e: crate::config::ConfigError) -> Self {
        Error::Lib(e.into())
    }
}

impl From<crate::keys::OrderError> for Error {
    fn from(e: crate::keys::OrderError) -> Self {
        Error::Lib(e.into())
    }
}
