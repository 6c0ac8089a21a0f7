//! Reading the input and writing the result: standard input and output,
//! `--output`, and atomic in-place writes.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

use super::error::Error;
use super::OutputFlags;

/// The bytes to work on and the names that go with them.
pub struct Input {
    /// Wiped when dropped: it may be plaintext.
    pub bytes: Zeroizing<Vec<u8>>,
    /// How the input is named in messages.
    pub name: String,
    /// The path that decides formats and creation rules: the override made
    /// absolute, else the file made absolute; `None` for bare stdin.
    pub path: Option<PathBuf>,
}

/// Reads `file`, or standard input when it is `None`.
pub fn read_input(file: Option<&Path>, filename_override: Option<&Path>) -> Result<Input, Error> {
    let path = filename_override.or(file).map(crate::config::absolute);
    let (bytes, name) = match file {
        Some(f) => {
            let name = f.display().to_string();
            let bytes = std::fs::read(f).map_err(|source| {
                if source.kind() == std::io::ErrorKind::NotFound {
                    Error::NoSuchFile { file: name.clone() }
                } else {
                    Error::Read {
                        file: name.clone(),
                        source,
                    }
                }
            })?;
            (Zeroizing::new(bytes), name)
        }
        None => (Zeroizing::new(read_stdin()?), "standard input".to_owned()),
    };
    Ok(Input { bytes, name, path })
}

/// Checks the output flags against the input before any work is done.
pub fn check_output(out: &OutputFlags, file: Option<&Path>) -> Result<(), Error> {
    if out.in_place && out.output.is_some() {
        return Err(Error::Conflict(
            "cannot use --in-place and --output together; choose one".into(),
        ));
    }
    if out.in_place && file.is_none() {
        return Err(Error::Conflict(
            "cannot use --in-place when reading standard input; give a file".into(),
        ));
    }
    Ok(())
}

/// Writes the result where the flags say. `secret` marks plaintext, which a
/// newly created file keeps private (mode 0600).
pub fn write_output(
    out: &OutputFlags,
    file: Option<&Path>,
    bytes: &[u8],
    secret: bool,
) -> Result<(), Error> {
    let target = match (&out.output, out.in_place, file) {
        (Some(path), _, _) => path.as_path(),
        (None, true, Some(file)) => file,
        _ => {
            let mut stdout = std::io::stdout().lock();
            return stdout
                .write_all(bytes)
                .and_then(|()| stdout.flush())
                .map_err(|source| Error::Write {
                    file: PathBuf::from("standard output"),
                    source,
                });
        }
    };
    write_atomic(target, bytes, secret).map_err(|source| Error::Write {
        file: target.to_path_buf(),
        source,
    })
}

/// Replaces `path` atomically: a temporary file in the same directory is
/// written, flushed to disk and renamed over it, keeping the original's
/// permissions. A failure leaves the original untouched and no temporary
/// file behind. A symlink is followed, so the link stays a link.
pub fn write_atomic(path: &Path, bytes: &[u8], secret: bool) -> std::io::Result<()> {
    let target = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let permissions = match std::fs::metadata(&target) {
        Ok(m) => m.permissions(),
        Err(_) => new_file_permissions(secret),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".rsops-")
        .suffix(".tmp")
        .tempfile_in(&dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.as_file().set_permissions(permissions)?;
    tmp.persist(&target).map_err(|e| e.error)?;
    // Make the rename itself durable.
    if let Ok(d) = std::fs::File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

#[cfg(unix)]
fn new_file_permissions(secret: bool) -> std::fs::Permissions {
    use std::os::unix::fs::PermissionsExt;
    if secret {
        return std::fs::Permissions::from_mode(0o600);
    }
    // SAFETY: umask has no preconditions; it is set back at once.
    let mask = unsafe {
        let m = libc::umask(0o022);
        libc::umask(m);
        m
    };
    std::fs::Permissions::from_mode(0o666 & !(mask as u32))
}

#[cfg(not(unix))]
fn new_file_permissions(_secret: bool) -> std::fs::Permissions {
    std::fs::metadata(".")
        .map(|m| m.permissions())
        .expect("current directory")
}

/// All of standard input.
pub fn read_stdin() -> Result<Vec<u8>, Error> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .read_to_end(&mut bytes)
        .map_err(|source| Error::Read {
            file: "standard input".into(),
            source,
        })?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn atomic_write_keeps_mode_and_leaves_no_temp_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("secret.json");
        std::fs::write(&f, "old").unwrap();
        std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&f, b"new", false).unwrap();
        assert_eq!(std::fs::read(&f).unwrap(), b"new");
        assert_eq!(
            std::fs::metadata(&f).unwrap().permissions().mode() & 0o777,
            0o640
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        let fresh = dir.path().join("plain.json");
        write_atomic(&fresh, b"x", true).unwrap();
        assert_eq!(
            std::fs::metadata(&fresh).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
}
