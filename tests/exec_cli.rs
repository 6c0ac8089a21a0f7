//! `exec-env` and `exec-file` against the real sops: the command sees the
//! values, its exit code becomes rsops', and no plaintext is left in the
//! temporary directory afterwards, even when the command or rsops is killed.
#![cfg(unix)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{fails, ok, run, Scratch};

const PLAIN: &str = "# a comment\nDB_USER: admin\nDB_PASS: \"s3cret value\"\nPORT: 5432\nRATIO: 2.50\nDEBUG: true\n";

/// A scratch folder with `secrets.yaml` encrypted by sops, and a private
/// temporary directory that both tools are pointed at.
fn setup() -> (Scratch, PathBuf, PathBuf) {
    let s = Scratch::new();
    let plain = s.write("plain.yaml", PLAIN);
    let mut c = s.sops();
    c.args(["encrypt", "--age", &s.recipient]).arg(&plain);
    let enc = s.write("secrets.yaml", ok(c));
    let tmp = s.path("tmp");
    std::fs::create_dir(&tmp).unwrap();
    (s, enc, tmp)
}

fn tool(s: &Scratch, name: &str, tmp: &Path, args: &[&str]) -> Command {
    let mut c = s.tool(name);
    c.env("TMPDIR", tmp).args(args);
    c
}

/// `exec-file --no-fifo secrets.yaml COMMAND` with `name`'s tool.
fn exec_file(s: &Scratch, name: &str, tmp: &Path, command: &str) -> Command {
    tool(
        s,
        name,
        tmp,
        &["exec-file", "--no-fifo", "secrets.yaml", command],
    )
}

fn left_in(tmp: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(tmp)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect()
}

#[test]
fn exec_env_gives_the_values_and_the_exit_code_as_sops() {
    let (s, _, tmp) = setup();
    let show = "printf '%s|%s|%s|%s|%s' \"$DB_USER\" \"$DB_PASS\" \"$PORT\" \"$RATIO\" \"$DEBUG\"";
    let by_sops = ok(tool(&s, "sops", &tmp, &["exec-env", "secrets.yaml", show]));
    let by_rsops = ok(tool(&s, "rsops", &tmp, &["exec-env", "secrets.yaml", show]));
    assert_eq!(
        String::from_utf8_lossy(&by_rsops),
        "admin|s3cret value|5432|2.5|true"
    );
    assert_eq!(by_rsops, by_sops);
    for name in ["sops", "rsops"] {
        fails(
            tool(&s, name, &tmp, &["exec-env", "secrets.yaml", "exit 7"]),
            7,
        );
        // Killed by a signal: sops exits 255.
        fails(
            tool(&s, name, &tmp, &["exec-env", "secrets.yaml", "kill -9 $$"]),
            255,
        );
        let pristine = ok(tool(
            &s,
            name,
            &tmp,
            &["exec-env", "--pristine", "secrets.yaml", "echo \"[$HOME]\""],
        ));
        assert_eq!(pristine, b"[]\n", "{name}");
    }
    let same = tool(
        &s,
        "rsops",
        &tmp,
        &[
            "exec-env",
            "--same-process",
            "secrets.yaml",
            "echo $DB_USER; exit 3",
        ],
    );
    let out = run(same);
    assert_eq!(
        (out.status.code(), &out.stdout[..]),
        (Some(3), &b"admin\n"[..])
    );
}

#[test]
fn exec_env_errors_exit_as_sops() {
    let (s, _, tmp) = setup();
    let nested = s.write("nested-plain.yaml", "a:\n  b: 1\n");
    let mut c = s.sops();
    c.args(["encrypt", "--age", &s.recipient]).arg(&nested);
    s.write("nested.yaml", ok(c));
    for name in ["sops", "rsops"] {
        fails(
            tool(&s, name, &tmp, &["exec-env", "nested.yaml", "true"]),
            1,
        );
        fails(tool(&s, name, &tmp, &["exec-env", "secrets.yaml"]), 1);
        fails(tool(&s, name, &tmp, &["exec-env"]), 1);
        fails(
            tool(&s, name, &tmp, &["exec-env", "missing.yaml", "true"]),
            2,
        );
        fails(
            tool(&s, name, &tmp, &["exec-file", "missing.yaml", "true"]),
            2,
        );
    }
}

#[test]
fn exec_file_hands_the_plaintext_over_and_removes_it() {
    let (s, _, tmp) = setup();
    for extra in [
        &[][..],
        &["--no-fifo"][..],
        &["--filename", "x.json", "--output-type", "json"][..],
    ] {
        let mut outputs = Vec::new();
        for name in ["sops", "rsops"] {
            let mut args = vec!["exec-file"];
            args.extend_from_slice(extra);
            args.extend(["secrets.yaml", "cat {}; echo {} > where.txt"]);
            outputs.push(ok(tool(&s, name, &tmp, &args)));
            let used = String::from_utf8(s.read("where.txt")).unwrap();
            let used = Path::new(used.trim());
            assert!(
                used.starts_with(&tmp),
                "{name} {extra:?}: {}",
                used.display()
            );
            assert!(
                !used.exists(),
                "{name} {extra:?}: {} is left",
                used.display()
            );
            assert!(
                left_in(&tmp).is_empty(),
                "{name} {extra:?}: {:?}",
                left_in(&tmp)
            );
        }
        assert_eq!(outputs[1], outputs[0], "{extra:?}");
    }
    let plain = ok(tool(
        &s,
        "rsops",
        &tmp,
        &["exec-file", "secrets.yaml", "cat {}"],
    ));
    assert_eq!(
        plain,
        ok(tool(&s, "rsops", &tmp, &["decrypt", "secrets.yaml"]))
    );
}

#[test]
fn exec_file_keeps_the_plaintext_private() {
    let (s, _, tmp) = setup();
    let out = ok(exec_file(&s, "rsops", &tmp, "stat -c %a {} $(dirname {})"));
    assert_eq!(String::from_utf8_lossy(&out), "600\n700\n");
    let out = ok(tool(
        &s,
        "rsops",
        &tmp,
        &["exec-file", "secrets.yaml", "stat -c %a%F {}"],
    ));
    assert_eq!(String::from_utf8_lossy(&out), "600fifo\n");
    // A name that leaves the private folder is refused.
    fails(
        tool(
            &s,
            "rsops",
            &tmp,
            &["exec-file", "--filename", "../x", "secrets.yaml", "true"],
        ),
        1,
    );
    assert!(left_in(&tmp).is_empty());
}

#[test]
fn exec_file_cleans_up_when_the_command_is_killed_or_ignores_the_pipe() {
    let (s, _, tmp) = setup();
    for name in ["sops", "rsops"] {
        fails(exec_file(&s, name, &tmp, "exit 4"), 4);
        fails(exec_file(&s, name, &tmp, "kill -9 $$"), 255);
        // The pipe is never opened: rsops must not wait for a reader.
        ok(tool(&s, name, &tmp, &["exec-file", "secrets.yaml", "true"]));
        assert!(left_in(&tmp).is_empty(), "{name}: {:?}", left_in(&tmp));
    }
}

#[test]
fn a_signal_to_rsops_reaches_the_command_and_the_plaintext_is_removed() {
    let (s, _, tmp) = setup();
    let mut c = exec_file(&s, "rsops", &tmp, "echo {} > where.txt; sleep 30");
    let mut child = c.spawn().unwrap();
    let marker = s.path("where.txt");
    for _ in 0..500 {
        if std::fs::read(&marker).is_ok_and(|b| b.ends_with(b"\n")) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let used = String::from_utf8(s.read("where.txt")).unwrap();
    assert!(Path::new(used.trim()).exists());
    ok({
        let mut k = Command::new("kill");
        k.args(["-TERM", &child.id().to_string()]);
        k
    });
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(255), "the command ended by the signal");
    assert!(left_in(&tmp).is_empty(), "{:?}", left_in(&tmp));
}

#[test]
fn user_runs_the_command_as_that_user() {
    let (s, _, tmp) = setup();
    // SAFETY: a plain system call.
    let root = unsafe { libc::geteuid() } == 0;
    let args = [
        "exec-env",
        "--user",
        "nobody",
        "secrets.yaml",
        "echo $(id -un) $USER $LOGNAME $DB_USER",
    ];
    if !root {
        // Only root may switch users; the refusal says so.
        let err = fails(tool(&s, "rsops", &tmp, &args), 1);
        assert!(err.contains("nobody"), "{err}");
        return;
    }
    let out = ok(tool(&s, "rsops", &tmp, &args));
    assert_eq!(
        String::from_utf8_lossy(&out),
        "nobody nobody nobody admin\n"
    );
    // The other user makes its private folder in the temporary directory.
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(s.dir.path(), std::fs::Permissions::from_mode(0o711)).unwrap();
    std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o1777)).unwrap();
    let out = ok(tool(
        &s,
        "rsops",
        &tmp,
        &[
            "exec-file",
            "--user",
            "nobody",
            "secrets.yaml",
            "id -u; cat {} | head -2 | tail -1",
        ],
    ));
    assert_eq!(String::from_utf8_lossy(&out), "65534\nDB_USER: admin\n");
    assert!(left_in(&tmp).is_empty());
    fails(
        tool(
            &s,
            "rsops",
            &tmp,
            &[
                "exec-env",
                "--user",
                "no-such-user-x",
                "secrets.yaml",
                "true",
            ],
        ),
        1,
    );
}
