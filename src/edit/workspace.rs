//! Where the plaintext lives while it is edited: a fresh private folder
//! (mode 0700) under `$XDG_RUNTIME_DIR` when there is one (a per-user tmpfs,
//! so nothing reaches a disk), else the system temp folder; in it one file
//! (mode 0600) with the edited file's base name, so that editors recognise
//! its type. Never in the edited file's own folder, which may be a
//! repository or a synced folder. The folder is removed when the workspace
//! is dropped, whatever ended the edit.

use std::ffi::OsStr;
use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

pub struct Workspace {
    /// Removed, with all in it, when dropped.
    _dir: tempfile::TempDir,
    file: PathBuf,
}

impl Workspace {
    /// A new private folder holding `text` in a file named `name`.
    pub fn create(name: &OsStr, text: &[u8]) -> io::Result<Workspace> {
        let dir = private_builder("rsops-edit-", 0o700).tempdir_in(base_folder())?;
        let file = dir.path().join(name);
        let mut f = private_file().create_new(true).open(&file)?;
        f.write_all(text)?;
        f.sync_all()?;
        Ok(Workspace { _dir: dir, file })
    }

    /// The file the editor opens.
    pub fn file(&self) -> &Path {
        &self.file
    }

    /// The text as the editor left it.
    pub fn read(&self) -> io::Result<Zeroizing<Vec<u8>>> {
        fs::read(&self.file).map(Zeroizing::new)
    }
}

/// Keeps `text` in a new private file (mode 0600) beside where workspaces
/// are made, named after `name` so that its type shows, and returns its
/// path: what the user typed is not lost when it cannot be saved.
pub fn keep(name: &OsStr, text: &[u8]) -> io::Result<PathBuf> {
    let suffix = format!("-{}", name.to_string_lossy());
    let mut file = private_builder("rsops-unsaved-", 0o600)
        .suffix(&suffix)
        .tempfile_in(base_folder())?;
    file.write_all(text)?;
    file.as_file().sync_all()?;
    file.keep().map(|(_, path)| path).map_err(|e| e.error)
}

/// `$XDG_RUNTIME_DIR` when it is an absolute folder, else the temp folder.
fn base_folder() -> PathBuf {
    std::env::var_os("XDG_RUNTIME_DIR")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute() && p.is_dir())
        .unwrap_or_else(std::env::temp_dir)
}

/// A name starting with `prefix`, made with `mode` (0700 for a folder,
/// 0600 for a file) whatever the umask.
#[cfg_attr(not(unix), allow(unused_variables))]
fn private_builder(prefix: &str, mode: u32) -> tempfile::Builder<'_, 'static> {
    let mut b = tempfile::Builder::new();
    b.prefix(prefix);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        b.permissions(fs::Permissions::from_mode(mode));
    }
    b
}

fn private_file() -> OpenOptions {
    let mut o = OpenOptions::new();
    o.write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(p: &Path) -> u32 {
        fs::metadata(p).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn private_folder_and_file_removed_on_drop() {
        let w = Workspace::create(OsStr::new("secrets.yaml"), b"a: 1\n").unwrap();
        let folder = w.file().parent().unwrap().to_path_buf();
        assert_eq!(mode(&folder), 0o700);
        assert_eq!(mode(w.file()), 0o600);
        assert_eq!(w.file().file_name().unwrap(), "secrets.yaml");
        assert_eq!(&w.read().unwrap()[..], b"a: 1\n");
        // What an editor may leave beside the file goes too.
        fs::write(folder.join(".secrets.yaml.swp"), "x").unwrap();
        drop(w);
        assert!(!folder.exists());
    }

    #[test]
    fn a_kept_copy_is_private_and_named_after_the_file() {
        let path = keep(OsStr::new("app.env"), b"A=1\n").unwrap();
        assert_eq!(mode(&path), 0o600);
        assert!(path.to_string_lossy().ends_with("-app.env"));
        assert_eq!(fs::read(&path).unwrap(), b"A=1\n");
        fs::remove_file(path).unwrap();
    }
}
