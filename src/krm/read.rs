//! Reading the files a generator names. The plugin runs with the user's
//! rights on paths taken from a manifest that may come from anyone who can
//! commit to the repository, and kustomize's load restrictor does not apply
//! to exec functions, so:
//! - only regular files are read (not `/dev/zero`, a FIFO or a folder);
//! - at most `RSOPS_KRM_MAX_FILE_SIZE` bytes (default 64 MiB) per file;
//! - with `RSOPS_KRM_ROOT_ONLY=1`, only files inside the kustomization root
//!   (after following symlinks); by default, as in ksops, any path.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

/// Largest file read unless `RSOPS_KRM_MAX_FILE_SIZE` says otherwise.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 64 << 20;

pub const MAX_FILE_SIZE_VAR: &str = "RSOPS_KRM_MAX_FILE_SIZE";
pub const ROOT_ONLY_VAR: &str = "RSOPS_KRM_ROOT_ONLY";

/// Why a generator's file was not read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("cannot read {path} (relative paths are resolved against the directory of the kustomization that lists the generator): {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is not a regular file; the plugin reads only regular files")]
    NotRegular { path: PathBuf },
    #[error("{path} is larger than {limit} bytes; set {MAX_FILE_SIZE_VAR} to a larger number of bytes to read it")]
    TooLarge { path: PathBuf, limit: u64 },
    #[error("{path} is outside the kustomization root {root} ({ROOT_ONLY_VAR}=1 allows only files inside it)")]
    OutsideRoot { path: PathBuf, root: PathBuf },
    #[error("{name} must be {expected}, not {value:?}")]
    Setting {
        name: &'static str,
        expected: &'static str,
        value: String,
    },
}

/// Reads `name`, resolved against the kustomization root `base` (empty:
/// the working directory), within the limits above.
pub fn read(base: &Path, name: &str) -> Result<Zeroizing<Vec<u8>>, ReadError> {
    let path = base.join(name);
    let io = |source| ReadError::Io {
        path: path.clone(),
        source,
    };
    if root_only()? {
        let root = std::fs::canonicalize(if base.as_os_str().is_empty() {
            Path::new(".")
        } else {
            base
        })
        .map_err(io)?;
        let real = std::fs::canonicalize(&path).map_err(io)?;
        if !real.starts_with(&root) {
            return Err(ReadError::OutsideRoot { path: real, root });
        }
    }
    let limit = max_file_size()?;
    let file = open(&path).map_err(io)?;
    let meta = file.metadata().map_err(io)?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular { path });
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge { path, limit });
    }
    let mut bytes = Zeroizing::new(Vec::with_capacity(meta.len() as usize));
    // The file may grow after the check: never read past the limit.
    file.take(limit + 1).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { path, limit });
    }
    Ok(bytes)
}

/// Opens without blocking on a FIFO, so that it can be refused.
#[cfg(unix)]
fn open(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open(path: &Path) -> std::io::Result<File> {
    File::open(path)
}

fn root_only() -> Result<bool, ReadError> {
    match std::env::var(ROOT_ONLY_VAR) {
        Err(_) => Ok(false),
        Ok(v) if v.is_empty() || v == "0" => Ok(false),
        Ok(v) if v == "1" => Ok(true),
        Ok(value) => Err(ReadError::Setting {
            name: ROOT_ONLY_VAR,
            expected: "1 or 0",
            value,
        }),
    }
}

fn max_file_size() -> Result<u64, ReadError> {
    match std::env::var(MAX_FILE_SIZE_VAR) {
        Err(_) => Ok(DEFAULT_MAX_FILE_SIZE),
        Ok(v) => v.trim().parse().map_err(|_| ReadError::Setting {
            name: MAX_FILE_SIZE_VAR,
            expected: "a number of bytes",
            value: v,
        }),
    }
}
