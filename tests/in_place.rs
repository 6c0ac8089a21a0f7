//! `--in-place` writes: interrupted runs leave no temporary file, hard links
//! keep sharing one content, the owner and group stay, and a folder the user
//! cannot write to does not stop the write.
#![cfg(unix)]

mod common;

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use common::{fails, ok, run, Scratch};

/// The account the ownership tests switch to (Debian's `nobody:nogroup`).
const NOBODY: u32 = 65534;

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

/// The names in `dir` other than `keep`, sorted.
fn others(dir: &Path, keep: &[&str]) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !keep.contains(&n.as_str()))
        .collect();
    names.sort();
    names
}

/// Sends `signal` to the running child.
fn signal(child: &std::process::Child, signal: libc::c_int) {
    // SAFETY: kill has no memory preconditions; the child is not reaped yet.
    unsafe {
        libc::kill(child.id() as libc::pid_t, signal);
    }
}

/// A `decrypt -i` of a few MB, interrupted by SIGTERM, SIGINT and SIGKILL:
/// once the moment a temporary file shows up in the folder (while the
/// plaintext is written), and at points spread over the whole run. Nothing
/// but the file may be left, and the file is either all old or all new.
#[test]
fn interrupted_decrypt_in_place_leaves_no_temp_file() {
    let s = Scratch::new();
    let plain: String = (0..500)
        .map(|i| format!("key{i}: {}\n", "s".repeat(4000)))
        .collect();
    let plain_file = s.write("plain.yaml", &plain);
    let encrypted = common::encrypt(&s, false, &plain_file);
    std::fs::remove_file(&plain_file).unwrap();
    let dir = s.path("work");
    std::fs::create_dir(&dir).unwrap();
    let target = dir.join("secret.yaml");

    let start = |s: &Scratch| {
        std::fs::write(&target, &encrypted).unwrap();
        let mut c = s.rsops();
        c.args(["decrypt", "-i"])
            .arg(&target)
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        c.spawn().unwrap()
    };
    let check = |how: &str| {
        assert_eq!(
            others(&dir, &["secret.yaml"]),
            Vec::<String>::new(),
            "{how}: a temporary file was left"
        );
        let now = std::fs::read(&target).unwrap();
        assert!(
            now == encrypted || now == plain.as_bytes(),
            "{how}: the file is neither the old nor the new content"
        );
    };

    // How long a whole run takes, to spread the signals over it.
    let began = Instant::now();
    assert!(start(&s).wait().unwrap().success());
    let whole = began.elapsed();
    check("uninterrupted");

    for (sig, name) in [
        (libc::SIGTERM, "SIGTERM"),
        (libc::SIGINT, "SIGINT"),
        (libc::SIGKILL, "SIGKILL"),
    ] {
        let mut child = start(&s);
        let seen = loop {
            if !others(&dir, &["secret.yaml"]).is_empty() {
                signal(&child, sig);
                break true;
            }
            if child.try_wait().unwrap().is_some() {
                break false;
            }
        };
        child.wait().unwrap();
        check(&format!(
            "{name} when a temporary file appeared (seen: {seen})"
        ));
        for step in 1..=3u32 {
            let mut child = start(&s);
            std::thread::sleep(whole * step / 4);
            signal(&child, sig);
            child.wait().unwrap();
            check(&format!("{name} at {step}/4 of a run"));
        }
    }
}

/// `ln a b; encrypt -i a` must leave `b` encrypted too (sops writes through
/// the link): a rename would give `a` a new inode and keep the plaintext
/// under `b`.
#[test]
fn hard_linked_file_is_encrypted_under_every_name() {
    let s = Scratch::new();
    let a = s.write("a.yaml", "password: hunter2\n");
    let b = s.path("b.yaml");
    std::fs::hard_link(&a, &b).unwrap();
    let mut c = s.rsops();
    c.args(["encrypt", "-i", "--age", &s.recipient]).arg(&a);
    let out = run(c);
    assert!(out.status.success(), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("not atomically"),
        "the in-place write is announced: {out:?}"
    );
    assert_eq!(
        std::fs::metadata(&a).unwrap().ino(),
        std::fs::metadata(&b).unwrap().ino()
    );
    let under_b = String::from_utf8(std::fs::read(&b).unwrap()).unwrap();
    assert!(!under_b.contains("hunter2"), "plaintext left under b.yaml");
    assert_eq!(common::decrypt(&s, true, &b, &[]), b"password: hunter2\n");
}

/// A `nobody:nogroup` 0640 file keeps its owner, group and mode through
/// `encrypt -i` run as root, as with sops. Changing the owner needs root.
#[test]
fn owner_and_group_are_kept() {
    if !is_root() {
        eprintln!("skipped: changing a file's owner needs root");
        return;
    }
    let s = Scratch::new();
    let f = s.write("secret.yaml", "password: hunter2\n");
    std::os::unix::fs::chown(&f, Some(NOBODY), Some(NOBODY)).unwrap();
    std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o640)).unwrap();
    let mut c = s.rsops();
    c.args(["encrypt", "-i", "--age", &s.recipient]).arg(&f);
    ok(c);
    let m = std::fs::metadata(&f).unwrap();
    assert_eq!(
        (m.uid(), m.gid(), m.mode() & 0o7777),
        (NOBODY, NOBODY, 0o640)
    );
    assert_eq!(common::decrypt(&s, true, &f, &[]), b"password: hunter2\n");
}

/// A scratch folder that `nobody` can enter, with a key it can read.
fn scratch_for_nobody() -> Scratch {
    let s = Scratch::new();
    for p in [s.dir.path(), s.key_file.as_path()] {
        let mode = if p.is_dir() { 0o755 } else { 0o644 };
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
    }
    s
}

fn as_nobody(mut c: Command) -> Command {
    c.uid(NOBODY).gid(NOBODY);
    c
}

/// Run as a user who may write the file but not create files in its
/// folder, `encrypt -i` writes over the file in place (as sops does) and
/// says that this write was not atomic.
#[test]
fn in_place_in_a_folder_that_is_not_writable() {
    if !is_root() {
        eprintln!("skipped: switching to another user needs root");
        return;
    }
    let s = scratch_for_nobody();
    let dir = s.path("locked");
    std::fs::create_dir(&dir).unwrap();
    let f = s.write("locked/secret.yaml", "password: hunter2\n");
    std::os::unix::fs::chown(&f, Some(NOBODY), Some(NOBODY)).unwrap();
    let mut c = s.rsops();
    c.args(["encrypt", "-i", "--age", &s.recipient]).arg(&f);
    let out = run(as_nobody(c));
    assert!(out.status.success(), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("not atomically") && stderr.contains("folder is not writable"));
    assert!(!String::from_utf8_lossy(&std::fs::read(&f).unwrap()).contains("hunter2"));
    assert_eq!(common::decrypt(&s, true, &f, &[]), b"password: hunter2\n");
    assert_eq!(others(&dir, &["secret.yaml"]), Vec::<String>::new());
}

/// When the new file could not be given the old one's owner (here: a
/// world-writable file of root's, rewritten by `nobody`), rsops fails before
/// writing anything rather than hand the secret to another owner.
#[test]
fn refuses_to_change_the_owner() {
    if !is_root() {
        eprintln!("skipped: switching to another user needs root");
        return;
    }
    let s = scratch_for_nobody();
    let dir = s.path("shared");
    std::fs::create_dir(&dir).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o777)).unwrap();
    let f = s.write("shared/secret.yaml", "password: hunter2\n");
    std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o666)).unwrap();
    let mut c = s.rsops();
    c.args(["encrypt", "-i", "--age", &s.recipient]).arg(&f);
    let stderr = fails(as_nobody(c), 3);
    assert!(stderr.contains("owner"), "{stderr}");
    assert_eq!(std::fs::read(&f).unwrap(), b"password: hunter2\n");
    assert_eq!(std::fs::metadata(&f).unwrap().uid(), 0);
    assert_eq!(others(&dir, &["secret.yaml"]), Vec::<String>::new());
}

/// rsops makes itself non-dumpable (no core dump, no ptrace or
/// /proc/PID/mem by other processes of the user) with a core size limit of
/// 0. A non-dumpable process's /proc entries belong to root, which shows
/// when it runs as another user; here it waits for standard input.
#[cfg(target_os = "linux")]
#[test]
fn no_core_dumps_of_plaintext() {
    if !is_root() {
        eprintln!("skipped: switching to another user needs root");
        return;
    }
    let s = scratch_for_nobody();
    let mut c = s.rsops();
    c.args(["decrypt", "--input-type", "json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let mut child = as_nobody(c).spawn().unwrap();
    let proc = std::path::PathBuf::from(format!("/proc/{}", child.id()));
    // Wait until the process runs rsops (not the test's fork) and is set up.
    // Soft and hard limit of the core size.
    let core_limits = || -> Vec<String> {
        let limits = std::fs::read_to_string(proc.join("limits")).unwrap_or_default();
        limits
            .lines()
            .find(|l| l.starts_with("Max core file size"))
            .map(|l| {
                l.split_whitespace()
                    .skip(4)
                    .take(2)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut limits = core_limits();
    for _ in 0..1000 {
        let exe = std::fs::read_link(proc.join("exe")).unwrap_or_default();
        if exe.ends_with("rsops") && limits == ["0", "0"] {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
        limits = core_limits();
    }
    let owner = std::fs::metadata(proc.join("status")).unwrap().uid();
    drop(child.stdin.take());
    child.wait().unwrap();
    assert_eq!(limits, ["0", "0"]);
    assert_eq!(owner, 0, "the process is still dumpable");
}
