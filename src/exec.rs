//! `exec-env` and `exec-file`: hand decrypted values to a command without
//! leaving them on disk (docs/format.md §9.9).
//!
//! The command runs as `/bin/sh -c COMMAND`, and its exit status becomes
//! rsops' own. For `exec-file` the plaintext goes through a named pipe, or
//! with `--no-fifo` a 0600 file, inside a fresh 0700 folder under the
//! temporary directory; the folder is removed on every way out of
//! [`run_with_file`], including an interrupt or a termination signal sent to
//! rsops (they are passed on to the command, which ends, and rsops cleans up
//! before it exits with the command's status).

#![doc(hidden)]

use std::ffi::OsString;
use std::io::{self, Read, Write};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus};
use std::sync::atomic::{AtomicI32, Ordering};

use zeroize::Zeroizing;

use crate::tree::{Item, Tree, Value};

/// The name of the file (or pipe) when `--filename` is not given.
pub const FALLBACK_FILENAME: &str = "tmp-file";

/// Why a command could not be run with the decrypted values.
#[derive(Debug, thiserror::Error)]
pub enum ExecError {
    /// A top-level value is a list or a mapping.
    #[error("{file}: cannot use complex value in environment: the value of '{key}' is a {kind}; exec-env needs a flat file (one KEY: value per line)")]
    ComplexValue {
        file: String,
        key: String,
        kind: &'static str,
    },
    /// A top-level key cannot be an environment variable name.
    #[error("{file}: cannot use keys with '=' in environment: '{key}'; rename it")]
    KeyWithEquals { file: String, key: String },
    /// `--user` names no user of this system.
    #[error("no user named '{0}' on this system; give an existing user name to --user")]
    NoSuchUser(String),
    /// Switching to the `--user` failed (usually: rsops is not root).
    #[error(
        "cannot switch to user '{user}': {source} (only root can run a command as another user)"
    )]
    SwitchUser { user: String, source: io::Error },
    /// `--filename` is not a plain file name.
    #[error("--filename {0:?} must be a plain file name, without '/' or '..'")]
    BadFilename(String),
    /// The temporary folder, file or pipe could not be made.
    #[error("cannot create the temporary {what} for the plaintext: {source}")]
    Temp {
        what: &'static str,
        source: io::Error,
    },
    /// The shell could not be started.
    #[error("cannot run /bin/sh: {0}")]
    Spawn(#[source] io::Error),
}

/// How to run the command.
#[derive(Debug, Default, Clone)]
pub struct ExecOptions {
    /// Start from an empty environment instead of rsops' own.
    pub pristine: bool,
    /// Run as this user (rsops must be root).
    pub user: Option<String>,
    /// Replace rsops with the shell instead of waiting for a child
    /// (`exec-env` only).
    pub same_process: bool,
    /// Start the command and return without waiting (sops' deprecated
    /// `--background`; `exec-env` only, as `exec-file` must wait to remove
    /// the plaintext).
    pub background: bool,
}

/// Where `exec-file` puts the plaintext.
#[derive(Debug, Default, Clone)]
pub struct FileOptions {
    /// A regular 0600 file instead of a named pipe.
    pub no_fifo: bool,
    /// The file's name inside the fresh folder.
    pub filename: Option<String>,
}

/// One environment variable; the value is wiped when dropped.
pub type EnvVar = (String, Zeroizing<String>);

/// The top level of a decrypted file as environment variables, in file
/// order; comments are skipped, and values other than strings are written
/// as sops writes them into a dotenv file.
pub fn env_vars(tree: &Tree, file: &str) -> Result<Vec<EnvVar>, ExecError> {
    let mut vars = Vec::new();
    let Some(branch) = tree.branches.first() else {
        return Ok(vars);
    };
    for item in &branch.0 {
        let Item::Entry(key, value) = item else {
            continue;
        };
        let kind = match value {
            Value::Map(_) => Some("mapping"),
            Value::List(_) => Some("list"),
            _ => None,
        };
        if let Some(kind) = kind {
            return Err(ExecError::ComplexValue {
                file: file.to_owned(),
                key: key.clone(),
                kind,
            });
        }
        if key.contains('=') {
            return Err(ExecError::KeyWithEquals {
                file: file.to_owned(),
                key: key.clone(),
            });
        }
        vars.push((
            key.clone(),
            Zeroizing::new(crate::stores::value_to_string(value)),
        ));
    }
    Ok(vars)
}

/// Runs `command` with `vars` added to the environment and returns its exit
/// code (with `same_process`, only returns on failure).
pub fn run_with_env(
    command: &str,
    vars: &[EnvVar],
    options: &ExecOptions,
) -> Result<i32, ExecError> {
    let target = options.user.as_deref().map(lookup_user).transpose()?;
    let mut cmd = shell(command, options.pristine, target.as_ref());
    cmd.envs(vars.iter().map(|(k, v)| (k, v.as_str())));
    if let Some(user) = &target {
        switch_user(user)?;
    }
    if options.same_process {
        return Err(ExecError::Spawn(cmd.exec()));
    }
    if options.background {
        cmd.spawn().map_err(ExecError::Spawn)?;
        return Ok(0);
    }
    wait_forwarding_signals(cmd)
}

/// Writes `plaintext` to a pipe or file in a fresh private folder, runs
/// `command` with every `{}` replaced by its path, removes the folder and
/// returns the command's exit code.
pub fn run_with_file(
    command: &str,
    plaintext: &[u8],
    file: &FileOptions,
    options: &ExecOptions,
) -> Result<i32, ExecError> {
    if let Some(name) = &file.filename {
        let plain = Path::new(name)
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
        if !plain || name.is_empty() || name.contains('/') {
            return Err(ExecError::BadFilename(name.clone()));
        }
    }
    let target = options.user.as_deref().map(lookup_user).transpose()?;
    // Switched first, as sops does, so that the folder and the file belong
    // to the user who runs the command.
    if let Some(user) = &target {
        switch_user(user)?;
    }
    let temp = |what| move |source| ExecError::Temp { what, source };
    // Private from the start (mode 0700, whatever the umask); removed when
    // `dir` drops.
    let dir = tempfile::Builder::new()
        .prefix(".sops")
        .permissions(std::os::unix::fs::PermissionsExt::from_mode(0o700))
        .tempdir()
        .map_err(temp("folder"))?;
    let path = if file.no_fifo {
        write_private_file(dir.path(), file.filename.as_deref(), plaintext).map_err(temp("file"))?
    } else {
        let path = dir
            .path()
            .join(file.filename.as_deref().unwrap_or(FALLBACK_FILENAME));
        make_fifo(&path).map_err(temp("named pipe"))?;
        path
    };
    let placeholder = path.to_string_lossy();
    let cmd = shell(
        &command.replace("{}", &placeholder),
        options.pristine,
        target.as_ref(),
    );
    let code = if file.no_fifo {
        wait_forwarding_signals(cmd)
    } else {
        serve_fifo(&path, plaintext, cmd)
    };
    drop(dir);
    code
}

/// Runs `cmd` while another thread feeds `plaintext` into the pipe at
/// `path` (opening a pipe for writing waits for a reader). Once the command
/// has ended, a writer still waiting is let go by opening the read end.
fn serve_fifo(path: &Path, plaintext: &[u8], cmd: Command) -> Result<i32, ExecError> {
    std::thread::scope(|scope| {
        let writer = scope.spawn(|| {
            // A reader that closes early is not an error of rsops'.
            if let Ok(mut pipe) = std::fs::OpenOptions::new().write(true).open(path) {
                let _ = pipe.write_all(plaintext);
            }
        });
        let code = wait_forwarding_signals(cmd);
        if !writer.is_finished() {
            drain(path, &writer);
        }
        code
    })
}

/// Reads and discards what the writer still writes until it is done.
fn drain(path: &Path, writer: &std::thread::ScopedJoinHandle<'_, ()>) {
    use std::os::unix::fs::OpenOptionsExt;
    let Ok(mut reader) = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
    else {
        return;
    };
    let mut sink = Zeroizing::new([0u8; 8192]);
    while !writer.is_finished() {
        match reader.read(&mut sink[..]) {
            Ok(n) if n > 0 => {}
            _ => std::thread::sleep(std::time::Duration::from_millis(1)),
        }
    }
}

fn write_private_file(dir: &Path, name: Option<&str>, bytes: &[u8]) -> io::Result<PathBuf> {
    use std::os::unix::fs::OpenOptionsExt;
    let (mut file, path) = match name {
        Some(name) => {
            let path = dir.join(name);
            let file = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(&path)?;
            (file, path)
        }
        None => {
            // tempfile creates it with mode 0600; kept, the folder goes.
            let (file, path) = tempfile::Builder::new()
                .prefix(FALLBACK_FILENAME)
                .tempfile_in(dir)?
                .keep()
                .map_err(|e| e.error)?;
            (file, path)
        }
    };
    file.write_all(bytes)?;
    file.sync_all()?;
    Ok(path)
}

#[allow(unsafe_code)]
fn make_fifo(path: &Path) -> io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let c_path = std::ffi::CString::new(path.as_os_str().as_bytes())
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
    // SAFETY: a valid NUL-terminated path.
    if unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) } != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

/// `/bin/sh -c command` with rsops' environment (or none), and for another
/// user that user's `HOME`, `USER` and `LOGNAME`, as sops 3.13.2 does.
fn shell(command: &str, pristine: bool, user: Option<&User>) -> Command {
    let mut cmd = Command::new("/bin/sh");
    cmd.arg("-c").arg(command);
    if pristine {
        cmd.env_clear();
    }
    if let Some(user) = user {
        cmd.env("HOME", &user.home)
            .env("USER", &user.name)
            .env("LOGNAME", &user.name);
    }
    cmd
}

/// The child being waited for, so that a signal handler can pass on the
/// signals rsops receives; 0 when there is none.
static CHILD: AtomicI32 = AtomicI32::new(0);

const FORWARDED: [libc::c_int; 4] = [libc::SIGHUP, libc::SIGINT, libc::SIGTERM, libc::SIGQUIT];

#[allow(unsafe_code)]
extern "C" fn forward(signal: libc::c_int) {
    let pid = CHILD.load(Ordering::SeqCst);
    if pid > 0 {
        // SAFETY: kill is async-signal-safe.
        unsafe {
            libc::kill(pid, signal);
        }
    }
}

/// Starts `cmd`, passes SIGHUP, SIGINT, SIGTERM and SIGQUIT on to it while
/// it runs (so rsops lives to clean up after it), and returns its exit code.
#[allow(unsafe_code)]
fn wait_forwarding_signals(mut cmd: Command) -> Result<i32, ExecError> {
    // The handler only calls kill(2); an ignored signal stays ignored.
    let mut previous = Vec::with_capacity(FORWARDED.len());
    for sig in FORWARDED {
        if let Some(old) = crate::signal::previous(sig) {
            if crate::signal::install(sig, forward, true) {
                previous.push((sig, old));
            }
        }
    }
    let result = cmd.spawn().and_then(|mut child| {
        CHILD.store(child.id() as i32, Ordering::SeqCst);
        let status = child.wait();
        CHILD.store(0, Ordering::SeqCst);
        status
    });
    for (sig, old) in &previous {
        crate::signal::restore(*sig, old);
    }
    result.map(exit_code).map_err(ExecError::Spawn)
}

/// The exit code of a finished command. One killed by a signal gives 255,
/// as sops gives (Go reports -1 for it, which the process exit turns into
/// 255).
fn exit_code(status: ExitStatus) -> i32 {
    status.code().unwrap_or(255)
}

/// A user from the password database.
#[derive(Debug)]
struct User {
    name: String,
    uid: libc::uid_t,
    gid: libc::gid_t,
    home: OsString,
}

#[allow(unsafe_code)]
fn lookup_user(name: &str) -> Result<User, ExecError> {
    use std::os::unix::ffi::OsStrExt;
    let c_name =
        std::ffi::CString::new(name).map_err(|_| ExecError::NoSuchUser(name.to_owned()))?;
    let mut buf = vec![0 as libc::c_char; 16384];
    // SAFETY: getpwnam_r writes into `entry` and `buf`, both valid for the
    // sizes given; `found` points at `entry` or is null.
    let (entry, found) = unsafe {
        let mut entry: libc::passwd = std::mem::zeroed();
        let mut found: *mut libc::passwd = std::ptr::null_mut();
        libc::getpwnam_r(
            c_name.as_ptr(),
            &mut entry,
            buf.as_mut_ptr(),
            buf.len(),
            &mut found,
        );
        (entry, found)
    };
    if found.is_null() {
        return Err(ExecError::NoSuchUser(name.to_owned()));
    }
    // SAFETY: pw_dir points into `buf`, NUL-terminated, when an entry was found.
    let home = unsafe { std::ffi::CStr::from_ptr(entry.pw_dir) };
    Ok(User {
        name: name.to_owned(),
        uid: entry.pw_uid,
        gid: entry.pw_gid,
        home: std::ffi::OsStr::from_bytes(home.to_bytes()).to_os_string(),
    })
}

/// Makes this process `user`: its groups (the supplementary ones reset to
/// the user's own), then its group, then its user id.
#[allow(unsafe_code)]
fn switch_user(user: &User) -> Result<(), ExecError> {
    let fail = |source| ExecError::SwitchUser {
        user: user.name.clone(),
        source,
    };
    let c_name = std::ffi::CString::new(user.name.as_str())
        .map_err(|_| ExecError::NoSuchUser(user.name.clone()))?;
    let mut groups: Vec<libc::gid_t> = vec![0; 64];
    let mut count = groups.len() as libc::c_int;
    loop {
        // SAFETY: `groups` holds `count` entries.
        let r = unsafe {
            libc::getgrouplist(
                c_name.as_ptr(),
                user.gid as _,
                groups.as_mut_ptr() as *mut _,
                &mut count,
            )
        };
        if r >= 0 {
            groups.truncate(count.max(0) as usize);
            break;
        }
        if count as usize <= groups.len() {
            groups = vec![user.gid];
            break;
        }
        groups.resize(count as usize, 0);
    }
    // SAFETY: plain system calls with valid arguments.
    unsafe {
        if libc::setgroups(groups.len() as _, groups.as_ptr()) != 0 {
            return Err(fail(io::Error::last_os_error()));
        }
        if libc::setgid(user.gid) != 0 {
            return Err(fail(io::Error::last_os_error()));
        }
        if libc::setuid(user.uid) != 0 {
            return Err(fail(io::Error::last_os_error()));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tree::Map;

    fn tree(items: Vec<Item>) -> Tree {
        Tree::single(Map(items))
    }

    #[test]
    fn flat_values_become_variables_and_nesting_is_refused() {
        let t = tree(vec![
            Item::Comment("c".into()),
            Item::Entry("A".into(), Value::Str("x\ny".into())),
            Item::Entry("B".into(), Value::Int(7)),
            Item::Entry("C".into(), Value::Bool(true)),
        ]);
        let vars = env_vars(&t, "f").unwrap();
        let got: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(got, [("A", "x\ny"), ("B", "7"), ("C", "true")]);
        let t = tree(vec![Item::Entry("N".into(), Value::List(vec![]))]);
        assert!(matches!(
            env_vars(&t, "f"),
            Err(ExecError::ComplexValue { kind: "list", .. })
        ));
        let t = tree(vec![Item::Entry("A=B".into(), Value::Null)]);
        assert!(matches!(
            env_vars(&t, "f"),
            Err(ExecError::KeyWithEquals { .. })
        ));
    }

    #[test]
    fn filenames_with_folders_are_refused() {
        for name in ["../x", "a/b", "..", ""] {
            let file = FileOptions {
                no_fifo: true,
                filename: Some(name.into()),
            };
            assert!(
                matches!(
                    run_with_file("true", b"", &file, &ExecOptions::default()),
                    Err(ExecError::BadFilename(_))
                ),
                "{name}"
            );
        }
    }
}
