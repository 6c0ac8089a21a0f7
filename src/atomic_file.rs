//! Replacing a file whole, for `--in-place` and `--output`: a reader, a crash
//! or an interrupt sees the old content or the new one, never a mix, and no
//! copy of the content is left behind under another name.
//!
//! The new content goes to a temporary file in the target's folder, is synced
//! to disk, given the target's owner, group and mode, and renamed over it.
//!
//! - On Linux the temporary file is made with `O_TMPFILE`: it has no name
//!   while it is written, so even SIGKILL leaves nothing behind. It gets a
//!   name (`.rsops-XXXXXX.tmp`) only between its `linkat` and the rename.
//! - Elsewhere, or on a filesystem without `O_TMPFILE`, it is named
//!   `.rsops-XXXXXX.tmp` from the start. On Unix a SIGINT, SIGTERM or SIGHUP
//!   handler, installed only while such a name exists, removes it before the
//!   signal takes its course; after SIGKILL it may stay.
//!
//! Two cases cannot be replaced by a rename, and are written over in place,
//! as sops always does (reported as [`Written::InPlace`], so the caller can
//! say that this write was not atomic):
//! - a file with more than one hard link: a rename would give this name a
//!   new inode and leave the old content (perhaps plaintext) under the others;
//! - a writable file in a folder where no temporary file can be created.
//!
//! The owner and group are kept; when they cannot be (not root, and the file
//! belongs to someone else), nothing is written and the error says why.

#![doc(hidden)]

use std::fs::{File, Metadata, OpenOptions};
use std::io::{self, Seek, Write};
use std::path::{Path, PathBuf};

/// How a file was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// Atomically, through a temporary file and a rename (or a new file).
    Replaced,
    /// Over the existing file, without atomicity, for the reason given.
    InPlace(InPlaceReason),
}

/// Why a file was written over in place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InPlaceReason {
    /// The file has this many hard links, which a rename would break.
    HardLinks(u64),
    /// The folder does not let this user create the temporary file.
    FolderNotWritable,
}

impl std::fmt::Display for InPlaceReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InPlaceReason::HardLinks(n) => write!(
                f,
                "it has {n} hard links, and replacing it would leave the old content under the other names"
            ),
            InPlaceReason::FolderNotWritable => write!(
                f,
                "its folder is not writable, so no temporary file could be made beside it"
            ),
        }
    }
}

/// Replaces the content of `path` with `bytes` (following a symlink, so the
/// link stays a link). `secret` marks plaintext: a newly created file is
/// then private (mode 0600); an existing file keeps its mode.
pub fn replace(path: &Path, bytes: &[u8], secret: bool) -> io::Result<Written> {
    replace_with(path, secret, |file| file.write_all(bytes))
}

/// [`replace`] with the content written by `fill`.
fn replace_with(
    path: &Path,
    secret: bool,
    fill: impl FnOnce(&mut File) -> io::Result<()>,
) -> io::Result<Written> {
    let target = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let existing = std::fs::metadata(&target).ok();
    if let Some(links) = existing.as_ref().map(link_count).filter(|&n| n > 1) {
        write_in_place(&target, fill)?;
        return Ok(Written::InPlace(InPlaceReason::HardLinks(links)));
    }
    let mut temp = match Temp::new(&dir) {
        Ok(t) => t,
        Err(e) if existing.is_some() && e.kind() == io::ErrorKind::PermissionDenied => {
            write_in_place(&target, fill)?;
            return Ok(Written::InPlace(InPlaceReason::FolderNotWritable));
        }
        Err(e) => return Err(e),
    };
    // The owner first: changing it may clear set-id bits of the mode, and
    // nothing is written yet if it is refused.
    if let Some(original) = &existing {
        keep_owner(temp.file(), original)?;
    }
    fill(temp.file())?;
    temp.file().sync_all()?;
    let permissions = match &existing {
        Some(m) => m.permissions(),
        None => new_file_permissions(secret),
    };
    temp.file().set_permissions(permissions)?;
    temp.commit(&target)?;
    // Make the rename itself durable.
    if let Ok(d) = File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(Written::Replaced)
}

/// Writes over the existing file, keeping its inode, owner and mode.
fn write_in_place(target: &Path, fill: impl FnOnce(&mut File) -> io::Result<()>) -> io::Result<()> {
    // Not truncated first: until the new content is complete the file holds
    // as much of the old as possible.
    let mut file = OpenOptions::new().write(true).open(target)?;
    fill(&mut file)?;
    let end = file.stream_position()?;
    file.set_len(end)?;
    file.sync_all()
}

fn builder() -> tempfile::Builder<'static, 'static> {
    let mut b = tempfile::Builder::new();
    b.prefix(".rsops-").suffix(".tmp");
    b
}

/// The temporary file being written.
enum Temp {
    /// Made with `O_TMPFILE`: no name yet.
    #[cfg(target_os = "linux")]
    Unnamed { file: File, dir: PathBuf },
    /// Named from the start; removed on drop and on SIGINT/SIGTERM/SIGHUP.
    Named(tempfile::NamedTempFile, signals::Cleanup),
}

impl Temp {
    fn new(dir: &Path) -> io::Result<Temp> {
        #[cfg(target_os = "linux")]
        if let Some(file) = unnamed::create(dir)? {
            return Ok(Temp::Unnamed {
                file,
                dir: dir.to_path_buf(),
            });
        }
        let cleanup = signals::Cleanup::install();
        let file = builder().make_in(dir, |path| {
            let file = new_private_file(path)?;
            cleanup.arm(path);
            Ok(file)
        })?;
        Ok(Temp::Named(file, cleanup))
    }

    fn file(&mut self) -> &mut File {
        match self {
            #[cfg(target_os = "linux")]
            Temp::Unnamed { file, .. } => file,
            Temp::Named(file, _) => file.as_file_mut(),
        }
    }

    fn commit(self, target: &Path) -> io::Result<()> {
        match self {
            #[cfg(target_os = "linux")]
            Temp::Unnamed { file, dir } => {
                let cleanup = signals::Cleanup::install();
                let named = builder().make_in(&dir, |path| {
                    unnamed::link(&file, path)?;
                    cleanup.arm(path);
                    Ok(())
                })?;
                named.into_temp_path().persist(target).map_err(|e| e.error)
            }
            Temp::Named(file, _cleanup) => file.persist(target).map(drop).map_err(|e| e.error),
        }
    }
}

#[cfg(unix)]
fn new_private_file(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    OpenOptions::new()
        .read(true)
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
}

#[cfg(not(unix))]
fn new_private_file(path: &Path) -> io::Result<File> {
    OpenOptions::new()
        .read(true)
        .write(true)
        .create_new(true)
        .open(path)
}

#[cfg(unix)]
fn link_count(m: &Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::nlink(m)
}

#[cfg(not(unix))]
fn link_count(_: &Metadata) -> u64 {
    1
}

/// Gives `file` the owner and group of `original`, or says why it cannot.
#[cfg(unix)]
fn keep_owner(file: &File, original: &Metadata) -> io::Result<()> {
    use std::os::unix::fs::MetadataExt;
    let now = file.metadata()?;
    if now.uid() == original.uid() && now.gid() == original.gid() {
        return Ok(());
    }
    std::os::unix::fs::fchown(file, Some(original.uid()), Some(original.gid())).map_err(|e| {
        io::Error::new(
            e.kind(),
            format!(
                "the new file cannot be given the owner and group of the old one \
                 (uid {}, gid {}): {e}. rsops does not change who owns a secret: \
                 run it as that owner or as root",
                original.uid(),
                original.gid()
            ),
        )
    })
}

#[cfg(not(unix))]
fn keep_owner(_: &File, _: &Metadata) -> io::Result<()> {
    Ok(())
}

#[cfg(unix)]
#[allow(unsafe_code)]
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

/// `O_TMPFILE` files and `linkat` through `/proc/self/fd`.
#[cfg(target_os = "linux")]
mod unnamed {
    use std::ffi::CString;
    use std::fs::File;
    use std::io;
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::OpenOptionsExt;
    use std::os::unix::io::AsRawFd;
    use std::path::Path;

    /// An unnamed file in `dir`, or `None` where that is not possible:
    /// filesystems without `O_TMPFILE` (`EOPNOTSUPP`; `EISDIR` or `EINVAL`
    /// from kernels older than 3.11), or no `/proc` to link it through.
    pub fn create(dir: &Path) -> io::Result<Option<File>> {
        if !Path::new("/proc/self/fd").is_dir() {
            return Ok(None);
        }
        let opened = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .custom_flags(libc::O_TMPFILE)
            .mode(0o600)
            .open(dir);
        match opened {
            Ok(file) => Ok(Some(file)),
            Err(e)
                if matches!(
                    e.raw_os_error(),
                    Some(libc::EOPNOTSUPP | libc::EISDIR | libc::EINVAL)
                ) =>
            {
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }

    /// Gives the unnamed `file` the name `path`.
    #[allow(unsafe_code)]
    pub fn link(file: &File, path: &Path) -> io::Result<()> {
        let from = CString::new(format!("/proc/self/fd/{}", file.as_raw_fd()))?;
        let to = CString::new(path.as_os_str().as_bytes())?;
        // SAFETY: both are valid NUL-terminated strings that outlive the call.
        let rc = unsafe {
            libc::linkat(
                libc::AT_FDCWD,
                from.as_ptr(),
                libc::AT_FDCWD,
                to.as_ptr(),
                libc::AT_SYMLINK_FOLLOW,
            )
        };
        if rc == 0 {
            Ok(())
        } else {
            Err(io::Error::last_os_error())
        }
    }
}

/// Removing a named temporary file when SIGINT, SIGTERM or SIGHUP ends the
/// process. The handlers are installed only while such a file exists, one
/// write at a time; a signal the process ignores stays ignored.
#[cfg(unix)]
mod signals {
    use std::cell::UnsafeCell;
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    use std::path::Path;
    use std::ptr;
    use std::sync::atomic::{AtomicPtr, Ordering};
    use std::sync::{Mutex, MutexGuard, PoisonError};

    const SIGNALS: [libc::c_int; 3] = [libc::SIGINT, libc::SIGTERM, libc::SIGHUP];

    /// The path to remove: a `CString` given up with `into_raw`. Whoever
    /// swaps it out (the handler, or `Cleanup` when done) owns it.
    static ARMED: AtomicPtr<libc::c_char> = AtomicPtr::new(ptr::null_mut());

    /// One write at a time owns the handlers.
    static LOCK: Mutex<()> = Mutex::new(());

    /// The dispositions to restore, per entry of `SIGNALS`; `None` where ours
    /// is not installed. Written only under `LOCK` while no handler of ours
    /// is installed, read by the handler.
    struct Previous(UnsafeCell<[Option<libc::sigaction>; 3]>);
    // SAFETY: see the field's comment: writes and handler reads never overlap.
    #[allow(unsafe_code)]
    unsafe impl Sync for Previous {}
    static PREVIOUS: Previous = Previous(UnsafeCell::new([None; 3]));

    pub struct Cleanup {
        _lock: MutexGuard<'static, ()>,
    }

    impl Cleanup {
        #[allow(unsafe_code)]
        pub fn install() -> Cleanup {
            let lock = LOCK.lock().unwrap_or_else(PoisonError::into_inner);
            // SAFETY: `LOCK` is held and none of our handlers is installed,
            // so nothing reads `PREVIOUS` meanwhile. Each slot is filled
            // before its handler is installed, which reads it.
            let previous = unsafe { &mut *PREVIOUS.0.get() };
            for (slot, &sig) in previous.iter_mut().zip(SIGNALS.iter()) {
                *slot = crate::signal::previous(sig);
                if slot.is_some() {
                    crate::signal::install(sig, on_signal, false);
                }
            }
            Cleanup { _lock: lock }
        }

        /// From now on a signal removes `path`.
        pub fn arm(&self, path: &Path) {
            if let Ok(c) = CString::new(path.as_os_str().as_bytes()) {
                free(ARMED.swap(c.into_raw(), Ordering::SeqCst));
            }
        }
    }

    impl Drop for Cleanup {
        #[allow(unsafe_code)]
        fn drop(&mut self) {
            free(ARMED.swap(ptr::null_mut(), Ordering::SeqCst));
            // SAFETY: `LOCK` is still held; restoring the saved dispositions.
            unsafe {
                let previous = &*PREVIOUS.0.get();
                for (slot, &sig) in previous.iter().zip(SIGNALS.iter()) {
                    if let Some(old) = slot {
                        crate::signal::restore(sig, old);
                    }
                }
            }
        }
    }

    #[allow(unsafe_code)]
    fn free(p: *mut libc::c_char) {
        if !p.is_null() {
            // SAFETY: every non-null value of ARMED came from into_raw, and
            // the swap that returned it made us its only owner.
            drop(unsafe { CString::from_raw(p) });
        }
    }

    /// Removes the armed file, puts the previous disposition back and raises
    /// the signal again, so it ends the process (or reaches the previous
    /// handler) once this returns. Only async-signal-safe calls.
    #[allow(unsafe_code)]
    extern "C" fn on_signal(sig: libc::c_int) {
        let path = ARMED.swap(ptr::null_mut(), Ordering::SeqCst);
        // SAFETY: `path` is a valid C string that nobody else frees now (it
        // is left allocated: the process is about to end); `PREVIOUS` is not
        // written while this handler is installed.
        unsafe {
            if !path.is_null() {
                libc::unlink(path);
            }
            let previous = &*PREVIOUS.0.get();
            for (slot, &s) in previous.iter().zip(SIGNALS.iter()) {
                if let (true, Some(old)) = (s == sig, slot) {
                    crate::signal::restore(sig, old);
                }
            }
            libc::raise(sig);
        }
    }
}

/// Without Unix signals there is nothing to install; the temporary file is
/// still removed when the write fails.
#[cfg(not(unix))]
mod signals {
    use std::path::Path;

    pub struct Cleanup;

    impl Cleanup {
        pub fn install() -> Cleanup {
            Cleanup
        }

        pub fn arm(&self, _path: &Path) {}
    }
}

#[cfg(test)]
#[path = "../tests/support/dir_entries.rs"]
mod dir_entries;

#[cfg(test)]
mod tests {
    use super::dir_entries::names;
    use super::*;

    #[cfg(unix)]
    #[test]
    fn keeps_mode_and_leaves_no_temp_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("secret.json");
        std::fs::write(&f, "old").unwrap();
        std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o640)).unwrap();
        assert_eq!(replace(&f, b"new", false).unwrap(), Written::Replaced);
        assert_eq!(std::fs::read(&f).unwrap(), b"new");
        assert_eq!(
            std::fs::metadata(&f).unwrap().permissions().mode() & 0o777,
            0o640
        );
        assert_eq!(names(dir.path()), ["secret.json"]);
        let fresh = dir.path().join("plain.json");
        replace(&fresh, b"x", true).unwrap();
        assert_eq!(
            std::fs::metadata(&fresh).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }

    /// With `O_TMPFILE` nothing in the folder has a name while the new
    /// content is written, so no interrupt can leave plaintext behind.
    #[cfg(target_os = "linux")]
    #[test]
    fn nothing_is_named_while_the_content_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("secret.yaml");
        std::fs::write(&f, "old").unwrap();
        let mut seen = Vec::new();
        replace_with(&f, true, |file| {
            seen = names(dir.path());
            file.write_all(b"new")
        })
        .unwrap();
        assert_eq!(seen, ["secret.yaml"]);
        assert_eq!(std::fs::read(&f).unwrap(), b"new");
        assert_eq!(names(dir.path()), ["secret.yaml"]);
    }
}
