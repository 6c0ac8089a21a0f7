//! Which editor to run, as sops chooses it: `SOPS_EDITOR`, else `EDITOR`
//! (split into words like a shell command line, so `code --wait` and
//! `emacsclient -t` work; the file's path is added as the last argument),
//! else the first of `vim`, `nano` and `vi` found on `PATH`.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Child, Command};

use super::EditError;

/// The editors sops looks for when neither variable is set, in its order.
const FALLBACKS: [&str; 3] = ["vim", "nano", "vi"];

/// An editor command line, without the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Editor {
    program: OsString,
    args: Vec<String>,
}

impl Editor {
    /// The editor the environment asks for.
    pub fn from_env() -> Result<Editor, EditError> {
        for var in ["SOPS_EDITOR", "EDITOR"] {
            match std::env::var_os(var) {
                Some(value) if !value.is_empty() => return Editor::parse(var, &value),
                _ => {}
            }
        }
        let path = std::env::var_os("PATH").unwrap_or_default();
        FALLBACKS
            .iter()
            .find_map(|name| find_on_path(name, &path))
            .map(|program| Editor {
                program: program.into_os_string(),
                args: Vec::new(),
            })
            .ok_or(EditError::NoEditor)
    }

    /// Splits the value of `var` as sops does (shell-like words and quotes).
    fn parse(var: &'static str, value: &std::ffi::OsStr) -> Result<Editor, EditError> {
        let invalid = || EditError::EditorVariable {
            var,
            value: value.to_string_lossy().into_owned(),
        };
        let text = value.to_str().ok_or_else(invalid)?;
        let mut words = shlex::split(text).ok_or_else(invalid)?.into_iter();
        let program = words.next().ok_or_else(invalid)?;
        Ok(Editor {
            program: program.into(),
            args: words.collect(),
        })
    }

    /// The command line as it is shown in messages.
    pub fn display(&self) -> String {
        let mut line = self.program.to_string_lossy().into_owned();
        for a in &self.args {
            line.push(' ');
            line.push_str(a);
        }
        line
    }

    /// Starts the editor on `file`, on this process's terminal.
    pub fn spawn(&self, file: &Path) -> Result<Child, EditError> {
        Command::new(&self.program)
            .args(&self.args)
            .arg(file)
            .spawn()
            .map_err(|source| EditError::EditorStart {
                editor: self.display(),
                source,
            })
    }
}

/// The first executable file called `name` in the folders of `path`.
fn find_on_path(name: &str, path: &std::ffi::OsStr) -> Option<PathBuf> {
    std::env::split_paths(path)
        .map(|dir| dir.join(name))
        .find(|candidate| is_executable(candidate))
}

#[cfg(unix)]
fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(path: &Path) -> bool {
    path.is_file()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(value: &str) -> Result<Editor, EditError> {
        Editor::parse("EDITOR", std::ffi::OsStr::new(value))
    }

    #[test]
    fn splits_like_a_shell() {
        let e = parse("code --wait").unwrap();
        assert_eq!(e.program, "code");
        assert_eq!(e.args, ["--wait"]);
        let e = parse(r#"'/opt/My Editor/bin/ed' -t "a b" c\ d"#).unwrap();
        assert_eq!(e.program, "/opt/My Editor/bin/ed");
        assert_eq!(e.args, ["-t", "a b", "c d"]);
    }

    #[test]
    fn refuses_what_does_not_split() {
        assert!(matches!(
            parse("vim 'unclosed"),
            Err(EditError::EditorVariable { var: "EDITOR", .. })
        ));
        assert!(matches!(
            parse("   "),
            Err(EditError::EditorVariable { .. })
        ));
    }

    #[test]
    fn finds_the_first_fallback_on_path() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        std::fs::create_dir_all(&a).unwrap();
        std::fs::create_dir_all(&b).unwrap();
        let nano = b.join("nano");
        std::fs::write(&nano, "").unwrap();
        // Not executable: skipped.
        std::fs::write(a.join("vim"), "").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&nano, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        let path = std::env::join_paths([&a, &b]).unwrap();
        let found = FALLBACKS.iter().find_map(|n| find_on_path(n, &path));
        assert_eq!(found, Some(nano));
    }
}
