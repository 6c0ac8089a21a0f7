//! `rsops edit` with a scripted editor (a shell script as `EDITOR`), checked
//! against the real sops: the edited file decrypts with sops to the original
//! plus the change, every unchanged `ENC[...]` value keeps its bytes, no
//! change is exit 200 with the file untouched, text that does not parse is
//! kept in a private file, and the plaintext folder never outlives the run
//! (editor killed, rsops sent SIGTERM, SIGINT or SIGHUP).
#![cfg(unix)]

mod common;
#[path = "support/dir_entries.rs"]
mod dir_entries;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{fails, ok, run, Scratch};
use dir_entries::names as entries;

/// Writes an executable editor script `name` with `body` (sh; `$1` is the
/// file to edit).
fn editor(s: &Scratch, name: &str, body: &str) -> PathBuf {
    let path = s.write(name, format!("#!/bin/sh\n{body}\n"));
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

/// An editor that replaces `from` with `to` in the file, and logs where the
/// file is and the modes of it and its folder to `editor.log`.
fn replacing(s: &Scratch, from: &str, to: &str) -> PathBuf {
    editor(
        s,
        "replace.sh",
        &format!(
            "stat -c '%a %n' \"$(dirname \"$1\")\" \"$1\" > '{log}'\nsed -i 's/{from}/{to}/' \"$1\"",
            log = s.path("editor.log").display()
        ),
    )
}

/// The runtime folder rsops makes its private folder in, for the tests.
fn runtime(s: &Scratch) -> PathBuf {
    let dir = s.path("run");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700)).unwrap();
    dir
}

/// `rsops edit FILE` with `editor` as EDITOR and the scratch runtime folder.
fn rsops_edit(s: &Scratch, editor: &Path, file: &Path) -> Command {
    let mut c = s.rsops();
    c.env_remove("SOPS_EDITOR")
        .env("EDITOR", editor)
        .env("XDG_RUNTIME_DIR", runtime(s))
        .arg("edit")
        .arg(file);
    c
}

/// `sops edit FILE` with `editor` and its temp folder in the scratch.
fn sops_edit(s: &Scratch, editor: &Path, file: &Path) -> Command {
    let tmp = s.path("sops-tmp");
    std::fs::create_dir_all(&tmp).unwrap();
    let mut c = s.sops();
    c.env_remove("SOPS_EDITOR")
        .env("EDITOR", editor)
        .env("TMPDIR", tmp)
        .arg("edit")
        .arg(file);
    c
}

/// The `ENC[...]` tokens of an encrypted file, in order: those of the
/// values and comments, and those of the MAC (once per YAML document).
fn tokens(text: &[u8]) -> (Vec<String>, Vec<String>) {
    let re = regex::Regex::new(r"ENC\[AES256_GCM,[^\]]*\]").unwrap();
    let (mut values, mut macs) = (Vec::new(), Vec::new());
    for line in String::from_utf8_lossy(text).lines() {
        let found = re.find_iter(line).map(|m| m.as_str().to_owned());
        if line.contains("mac") {
            macs.extend(found);
        } else {
            values.extend(found);
        }
    }
    (values, macs)
}

fn decrypt_with(s: &Scratch, sops: bool, file: &Path) -> Vec<u8> {
    common::decrypt(s, sops, file, &[])
}

/// One format: the plain text, the file name, and the line key of the
/// value that changes (`hunter2` becomes `hunter3`).
struct Case {
    name: &'static str,
    plain: &'static str,
    /// sops cannot read TOML; rsops encrypts and checks those files.
    sops_reads: bool,
}

const CASES: &[Case] = &[
    Case {
        name: "app.yaml",
        plain: "# Database settings\ndb:\n  user: admin # who\n  password: hunter2\n  port: 5432\n\n# Feature flags\nflags:\n  - one\n  - 'two'\napi_key: \"k-123\"\n",
        sops_reads: true,
    },
    Case {
        name: "multi.yaml",
        plain: "a: one\nsecret: hunter2\n---\n# second\nb: two\nc: [1, 2]\n",
        sops_reads: true,
    },
    Case {
        name: "app.json",
        plain: "{\n  \"db\": {\"user\": \"admin\", \"password\": \"hunter2\"},\n  \"port\": 5432,\n  \"list\": [true, null, 1.5]\n}\n",
        sops_reads: true,
    },
    Case {
        name: "app.env",
        plain: "# comment\nUSER=admin\nPASSWORD=hunter2\nPORT=5432\n",
        sops_reads: true,
    },
    Case {
        name: "app.ini",
        plain: "[db]\nuser = admin\npassword = hunter2\n\n[other]\nkey = value\n",
        sops_reads: true,
    },
    Case {
        name: "app.bin",
        plain: "line one\npassword hunter2\nlast\n",
        sops_reads: true,
    },
    Case {
        name: "app.toml",
        plain: "# settings\ntitle = \"x\"\n\n[db]\nuser = \"admin\"\npassword = \"hunter2\" # secret\nport = 5432\n",
        sops_reads: false,
    },
];

/// A scripted edit changes one value: the file decrypts (with sops) to what
/// it decrypted to before plus that change; of the `ENC[...]` values only
/// the changed one and the MAC differ; no other line of the file changes
/// but `lastmodified`.
#[test]
fn one_changed_value_is_the_only_change() {
    let s = Scratch::new();
    let ed = replacing(&s, "hunter2", "hunter3");
    for case in CASES {
        let plain = s.write(&format!("plain-{}", case.name), case.plain);
        let target = s.write(case.name, common::encrypt(&s, case.sops_reads, &plain));
        let before = std::fs::read(&target).unwrap();
        let shown_before = decrypt_with(&s, case.sops_reads, &target);

        ok(rsops_edit(&s, &ed, &target));

        let after = std::fs::read(&target).unwrap();
        let shown_after = decrypt_with(&s, case.sops_reads, &target);
        let expected = String::from_utf8(shown_before)
            .unwrap()
            .replace("hunter2", "hunter3");
        common::assert_same(
            &shown_after,
            expected.as_bytes(),
            &format!("{}: decrypts to the original plus the change", case.name),
        );
        // The plaintext as it was shown (the file's own layout) is what
        // the editor saw: comments and all.
        if case.name != "app.bin" {
            let log = std::fs::read_to_string(s.path("editor.log")).unwrap();
            assert!(log.contains(case.name), "{log}");
        }
        let ((old, old_macs), (new, new_macs)) = (tokens(&before), tokens(&after));
        assert_eq!(old.len(), new.len(), "{}", case.name);
        let changed = old.iter().zip(&new).filter(|(a, b)| a != b).count();
        assert_eq!(changed, 1, "{}: only the changed value", case.name);
        assert!(!new_macs.is_empty() && old_macs.len() == new_macs.len());
        assert!(old_macs.iter().zip(&new_macs).all(|(a, b)| a != b));
        // sops writes an INI [sops] section in Go's random map order, and
        // rsops in its own: only the data lines are compared there.
        let data = |text: &[u8]| -> Vec<String> {
            let text = String::from_utf8_lossy(text).into_owned();
            let text = match case.name.ends_with(".ini") {
                true => text.split("\n[sops]").next().unwrap_or_default().to_owned(),
                false => text,
            };
            text.split('\n').map(str::to_owned).collect()
        };
        let (old_lines, new_lines) = (data(&before), data(&after));
        assert_eq!(old_lines.len(), new_lines.len(), "{}", case.name);
        for (o, n) in old_lines.iter().zip(&new_lines) {
            if o != n {
                let line = n;
                assert!(
                    [
                        "password",
                        "PASSWORD",
                        "secret",
                        "mac",
                        "lastmodified",
                        "\"data\""
                    ]
                    .iter()
                    .any(|k| line.contains(k)),
                    "{}: unexpected changed line {line}",
                    case.name
                );
            }
        }
    }
}

/// Nothing changed: exit 200 and the very same bytes, as with sops; an
/// editor that returned at once gets the hint for GUI editors.
#[test]
fn no_change_is_exit_200_and_the_same_bytes() {
    let s = Scratch::new();
    let unchanged = editor(&s, "noop.sh", "true");
    let plain = s.write("plain.yaml", "# c\na: 1 # x\nb: [x, y]\n");
    for tool in ["sops", "rsops"] {
        let target = s.write(&format!("{tool}.yaml"), common::encrypt(&s, true, &plain));
        let before = std::fs::read(&target).unwrap();
        let c = if tool == "sops" {
            sops_edit(&s, &unchanged, &target)
        } else {
            rsops_edit(&s, &unchanged, &target)
        };
        let err = fails(c, 200);
        assert_eq!(std::fs::read(&target).unwrap(), before, "{tool}");
        if tool == "rsops" {
            assert!(err.contains("has not changed"), "{err}");
            assert!(err.contains("--wait"), "{err}");
        }
    }
}

/// Invalid YAML and no terminal: sops would reopen the editor for ever
/// (it waits for a key on standard input, which is at its end); rsops
/// stops with sops' exit code for input that does not parse (2), leaves
/// the file alone, and keeps the text in a 0600 file the message names.
/// The private folder is gone all the same.
#[test]
fn invalid_text_without_a_terminal_is_kept_in_a_private_file() {
    let s = Scratch::new();
    let bad = "a: [unclosed\nb: secret-text\n";
    let ed = editor(&s, "bad.sh", &format!("printf '{bad}' > \"$1\""));
    let plain = s.write("plain.yaml", "a: 1\nb: 2\n");
    let target = s.write("secrets.yaml", common::encrypt(&s, true, &plain));
    let before = std::fs::read(&target).unwrap();
    let err = fails(rsops_edit(&s, &ed, &target), 2);
    assert_eq!(std::fs::read(&target).unwrap(), before);
    assert!(err.contains("line"), "says where: {err}");
    assert!(
        !err.contains("secret-text"),
        "no plaintext in messages: {err}"
    );
    let kept: Vec<String> = entries(&runtime(&s));
    assert_eq!(kept.len(), 1, "only the kept copy: {kept:?}");
    assert!(kept[0].starts_with("rsops-unsaved-") && kept[0].ends_with("-secrets.yaml"));
    let kept = runtime(&s).join(&kept[0]);
    assert!(err.contains(&kept.display().to_string()), "{err}");
    assert_eq!(std::fs::read_to_string(&kept).unwrap(), bad);
    let mode = std::fs::metadata(&kept).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
}

/// The one file rsops kept the edited text in: named in `err`, mode 0600.
fn kept_text(s: &Scratch, err: &str) -> String {
    let kept: Vec<String> = entries(&runtime(s));
    assert_eq!(kept.len(), 1, "only the kept copy: {kept:?}");
    let kept = runtime(s).join(&kept[0]);
    assert!(err.contains(&kept.display().to_string()), "{err}");
    let mode = std::fs::metadata(&kept).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    std::fs::read_to_string(&kept).unwrap()
}

/// Text that parsed but could not be saved is kept like text that does
/// not parse. Here the editor removes the file's folder, so writing it
/// fails: sops exits 3 (and loses the text); rsops exits 3 and keeps it.
#[test]
fn a_save_that_fails_keeps_the_edited_text() {
    let s = Scratch::new();
    let plain = s.write("plain.yaml", "password: hunter2\n");
    for tool in ["sops", "rsops"] {
        let folder = s.path(&format!("gone-{tool}"));
        let target = s.write(
            &format!("gone-{tool}/f.yaml"),
            common::encrypt(&s, true, &plain),
        );
        let ed = editor(
            &s,
            &format!("remove-{tool}.sh"),
            &format!(
                "sed -i 's/hunter2/hunter3/' \"$1\"\nrm -r '{}'",
                folder.display()
            ),
        );
        let c = if tool == "sops" {
            sops_edit(&s, &ed, &target)
        } else {
            rsops_edit(&s, &ed, &target)
        };
        let err = fails(c, 3);
        if tool == "rsops" {
            assert!(err.contains("f.yaml"), "{err}");
            assert!(!err.contains("hunter3"), "no plaintext in messages: {err}");
            assert_eq!(kept_text(&s, &err), "password: hunter3\n");
        }
    }
}

/// A new file whose data key cannot be wrapped (a Vault nobody listens
/// at) fails with sops' exit code, 128, and the text is kept. sops 3.11
/// wraps the key before it opens the editor, so it fails before any text
/// is written; rsops encrypts after the edit.
#[test]
fn a_new_file_whose_key_wrap_fails_keeps_the_edited_text() {
    let s = Scratch::new();
    let ed = replacing(&s, "example_value", "mine");
    let vault = "http://127.0.0.1:1/v1/transit/keys/none";
    let target = s.path("new.yaml");
    let edit = |mut c: Command| {
        c.env_remove("SOPS_EDITOR")
            .env("EDITOR", &ed)
            .env("XDG_RUNTIME_DIR", runtime(&s))
            .env("TMPDIR", runtime(&s))
            .env("VAULT_TOKEN", "t")
            .args(["edit", "--hc-vault-transit", vault])
            .arg(&target);
        c
    };
    fails(edit(s.sops()), 128);
    assert!(
        entries(&runtime(&s)).is_empty(),
        "sops stops before the editor"
    );
    let err = fails(edit(s.rsops()), 128);
    assert!(!target.exists());
    let text = kept_text(&s, &err);
    assert!(text.contains("example_key: mine"), "{text}");
}

/// A top-level `sops` key in the edited text is refused (sops 3.12 does):
/// exit 203, the file untouched.
#[test]
fn a_top_level_sops_key_is_refused() {
    let s = Scratch::new();
    let ed = editor(&s, "sops-key.sh", "echo 'sops: mine' >> \"$1\"");
    let plain = s.write("plain.yaml", "a: 1\n");
    let target = s.write("f.yaml", common::encrypt(&s, true, &plain));
    let before = std::fs::read(&target).unwrap();
    let err = fails(rsops_edit(&s, &ed, &target), 203);
    assert!(err.contains("'sops' key"), "{err}");
    assert_eq!(std::fs::read(&target).unwrap(), before);
}

/// The editor gets a file with the edited file's name, mode 0600, alone in
/// a fresh 0700 folder under `$XDG_RUNTIME_DIR` (else `$TMPDIR`), and the
/// folder is gone afterwards.
#[test]
fn the_temporary_file_is_private_and_removed() {
    let s = Scratch::new();
    let ed = replacing(&s, "one", "two");
    let plain = s.write("plain.yaml", "a: one\n");
    let target = s.write("my.secrets.yaml", common::encrypt(&s, true, &plain));
    ok(rsops_edit(&s, &ed, &target));
    let log = std::fs::read_to_string(s.path("editor.log")).unwrap();
    let lines: Vec<&str> = log.lines().collect();
    let run = runtime(&s);
    let folder = lines[0].strip_prefix("700 ").expect("folder mode 0700");
    let file = lines[1].strip_prefix("600 ").expect("file mode 0600");
    assert_eq!(Path::new(folder).parent(), Some(run.as_path()));
    assert_eq!(Path::new(file), Path::new(folder).join("my.secrets.yaml"));
    assert!(!Path::new(folder).exists());
    assert!(entries(&run).is_empty());

    // Without XDG_RUNTIME_DIR: the temp folder.
    let tmp = s.path("tmp");
    std::fs::create_dir_all(&tmp).unwrap();
    let mut c = rsops_edit(&s, &ed, &target);
    c.env_remove("XDG_RUNTIME_DIR").env("TMPDIR", &tmp);
    let ed2 = replacing(&s, "two", "three");
    c.env("EDITOR", ed2);
    ok(c);
    let log = std::fs::read_to_string(s.path("editor.log")).unwrap();
    assert!(log.contains(&tmp.display().to_string()), "{log}");
    assert!(entries(&tmp).is_empty());
    assert_eq!(decrypt_with(&s, true, &target), b"a: three\n");
}

/// An editor killed with SIGKILL: sops' "no editor" code 201, the file
/// untouched, the folder removed.
#[test]
fn a_killed_editor_leaves_nothing() {
    let s = Scratch::new();
    let ed = editor(&s, "die.sh", "echo x >> \"$1\"\nkill -9 $$");
    let plain = s.write("plain.yaml", "a: 1\n");
    let target = s.write("f.yaml", common::encrypt(&s, true, &plain));
    let before = std::fs::read(&target).unwrap();
    fails(rsops_edit(&s, &ed, &target), 201);
    assert_eq!(std::fs::read(&target).unwrap(), before);
    assert!(entries(&runtime(&s)).is_empty());
}

/// rsops gets SIGTERM, SIGINT or SIGHUP while the editor runs: the editor
/// is stopped, the folder removed, nothing written, and rsops ends with
/// 128 + the signal's number (what a shell reports for sops 3.11, which
/// the signal kills, leaving its folder behind).
#[test]
fn a_signal_while_the_editor_runs_removes_the_plaintext() {
    let s = Scratch::new();
    let started = s.path("started");
    let ed = editor(
        &s,
        "slow.sh",
        &format!("echo \"$1\" > '{}'\nexec sleep 60", started.display()),
    );
    let plain = s.write("plain.yaml", "a: 1\n");
    let target = s.write("f.yaml", common::encrypt(&s, true, &plain));
    let before = std::fs::read(&target).unwrap();
    for sig in [libc::SIGTERM, libc::SIGINT, libc::SIGHUP] {
        let _ = std::fs::remove_file(&started);
        let mut c = rsops_edit(&s, &ed, &target);
        let child = c
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(60);
        while !started.exists() {
            assert!(Instant::now() < deadline, "the editor never started");
            std::thread::sleep(Duration::from_millis(20));
        }
        let shown = std::fs::read_to_string(&started).unwrap();
        let folder = Path::new(shown.trim()).parent().unwrap().to_path_buf();
        assert!(folder.exists());
        // SAFETY: kill on our own child, which has not been reaped.
        unsafe {
            libc::kill(child.id() as libc::pid_t, sig);
        }
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(128 + sig), "signal {sig}");
        assert!(!folder.exists(), "signal {sig}: folder left behind");
        assert!(entries(&runtime(&s)).is_empty());
        assert_eq!(std::fs::read(&target).unwrap(), before);
    }
}

/// A file that does not exist is created from sops' example content, with
/// the keys of the matching `.sops.yaml` creation rule, and sops decrypts
/// it. Left unchanged it is not created (exit 200, as sops).
#[test]
fn a_new_file_follows_the_creation_rules() {
    let s = Scratch::new();
    s.write(
        ".sops.yaml",
        format!(
            "creation_rules:\n  - path_regex: \\.yaml$\n    age: {}\n  - path_regex: \\.json$\n    age: {}\n",
            s.recipient, s.recipient
        ),
    );
    let ed = replacing(&s, "example_value", "mine");
    for name in ["new.yaml", "new.json"] {
        let target = s.path(name);
        ok(rsops_edit(&s, &ed, &target));
        let shown = String::from_utf8(decrypt_with(&s, true, &target)).unwrap();
        assert!(
            shown.contains("Welcome to SOPS! Edit this file as you please!"),
            "{shown}"
        );
        assert!(
            shown.contains("example_key") && shown.contains("mine"),
            "{shown}"
        );
        let text = std::fs::read_to_string(&target).unwrap();
        assert!(text.contains(&s.recipient), "{text}");
    }
    let unchanged = editor(&s, "noop.sh", "true");
    for tool in ["sops", "rsops"] {
        let target = s.path(&format!("never-{tool}.yaml"));
        let c = if tool == "sops" {
            sops_edit(&s, &unchanged, &target)
        } else {
            rsops_edit(&s, &unchanged, &target)
        };
        fails(c, 200);
        assert!(!target.exists(), "{tool}");
    }
}

/// `-s` shows the sops block: a changed value is saved (sops 3.11 writes
/// the old values back, a defect), a changed sops block is refused.
#[test]
fn show_master_keys_keeps_the_block_as_it_is() {
    let s = Scratch::new();
    let plain = s.write("plain.yaml", "a: one\n");
    let target = s.write("f.yaml", common::encrypt(&s, true, &plain));
    let ed = editor(
        &s,
        "both.sh",
        &format!(
            "cp \"$1\" '{}'\nsed -i 's/one/two/' \"$1\"",
            s.path("shown.yaml").display()
        ),
    );
    let mut c = rsops_edit(&s, &ed, &target);
    c.arg("--show-master-keys");
    ok(c);
    let shown = std::fs::read_to_string(s.path("shown.yaml")).unwrap();
    assert!(
        shown.contains("sops:") && shown.contains(&s.recipient),
        "{shown}"
    );
    assert_eq!(decrypt_with(&s, true, &target), b"a: two\n");

    let before = std::fs::read(&target).unwrap();
    let meddle = editor(
        &s,
        "meddle.sh",
        "sed -i 's/version: 3.11.0/version: 3.12.0/' \"$1\"",
    );
    let mut c = rsops_edit(&s, &meddle, &target);
    c.arg("-s");
    let err = fails(c, 1);
    assert!(err.contains("sops block was changed"), "{err}");
    assert_eq!(std::fs::read(&target).unwrap(), before);
}

/// sops' `edit` raises an older `version` to its own; a version that does
/// not compare is exit 202 (before the editor opens, so nothing is lost).
#[test]
fn the_version_is_raised_or_refused() {
    let s = Scratch::new();
    let plain = s.write("plain.yaml", "a: one\n");
    let encrypted = String::from_utf8(common::encrypt(&s, true, &plain)).unwrap();
    let ed = replacing(&s, "one", "two");
    let target = s.write(
        "old.yaml",
        encrypted.replace("version: 3.11.0", "version: 3.7.3"),
    );
    ok(rsops_edit(&s, &ed, &target));
    let text = std::fs::read_to_string(&target).unwrap();
    assert!(text.contains("version: 3.11.0"), "{text}");
    assert_eq!(decrypt_with(&s, true, &target), b"a: two\n");

    let target = s.write(
        "odd.yaml",
        encrypted.replace("version: 3.11.0", "version: three"),
    );
    let _ = std::fs::remove_file(s.path("editor.log"));
    fails(rsops_edit(&s, &ed, &target), 202);
    assert!(!s.path("editor.log").exists(), "the editor did not run");
}

/// sops' editor choice: SOPS_EDITOR before EDITOR, split like a shell
/// command line (arguments and quotes kept); none found is exit 201.
#[test]
fn the_editor_is_chosen_and_split_as_sops_does() {
    let s = Scratch::new();
    let plain = s.write("plain.yaml", "a: one\n");
    let target = s.write("f.yaml", common::encrypt(&s, true, &plain));
    let ed = editor(&s, "with args.sh", "sed -i \"s/$1/$2/\" \"$3\"");
    let mut c = rsops_edit(&s, Path::new("false"), &target);
    c.env("SOPS_EDITOR", format!("'{}' one 'two words'", ed.display()));
    ok(c);
    assert_eq!(decrypt_with(&s, true, &target), b"a: two words\n");

    let mut c = rsops_edit(&s, Path::new("vim 'unclosed"), &target);
    c.env_remove("SOPS_EDITOR");
    let err = fails(c, 201);
    assert!(err.contains("EDITOR"), "{err}");

    let mut c = rsops_edit(&s, Path::new(""), &target);
    c.env_remove("EDITOR").env("PATH", s.path("empty-path"));
    let err = fails(c, 201);
    assert!(err.contains("no editor found"), "{err}");
}

/// `rsops FILE` edits (legacy mode, like `sops FILE`); `rsops` alone
/// prints the help and sops' exit code for no file.
#[test]
fn bare_rsops_file_edits() {
    let s = Scratch::new();
    let plain = s.write("plain.json", "{\"a\": \"one\"}");
    let target = s.write("f.json", common::encrypt(&s, true, &plain));
    let ed = replacing(&s, "one", "two");
    let mut c = s.rsops();
    c.env_remove("SOPS_EDITOR")
        .env("EDITOR", &ed)
        .env("XDG_RUNTIME_DIR", runtime(&s))
        .arg(&target);
    ok(c);
    assert_eq!(decrypt_with(&s, true, &target), b"{\n\t\"a\": \"two\"\n}\n");

    let out = run(s.rsops());
    assert_eq!(out.status.code(), Some(100));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("Usage:") && err.contains("edit"), "{err}");
}

/// `--ignore-mac` edits a file whose MAC does not match (exit 51 without
/// it), and the file written has a MAC sops accepts again.
#[test]
fn ignore_mac_repairs_the_mac() {
    let s = Scratch::new();
    let plain = s.write("plain.yaml", "a: one\nb: two\n");
    let encrypted = String::from_utf8(common::encrypt(&s, true, &plain)).unwrap();
    // Another file's MAC: every value still decrypts, the MAC does not
    // match.
    let other = s.write("other.yaml", "a: x\n");
    let other = String::from_utf8(common::encrypt(&s, true, &other)).unwrap();
    let mac = |t: &str| {
        t.lines()
            .find(|l| l.trim_start().starts_with("mac:"))
            .unwrap()
            .to_owned()
    };
    let target = s.write("f.yaml", encrypted.replace(&mac(&encrypted), &mac(&other)));
    let ed = replacing(&s, "one", "three");
    fails(rsops_edit(&s, &ed, &target), 51);
    let mut c = rsops_edit(&s, &ed, &target);
    c.arg("--ignore-mac");
    ok(c);
    assert_eq!(decrypt_with(&s, true, &target), b"a: three\nb: two\n");
}

/// `--input-type`/`--output-type` choose the format of a file whose name
/// does not; `--config` points at a .sops.yaml elsewhere for a new file.
#[test]
fn types_and_config_flags() {
    let s = Scratch::new();
    let plain = s.write("plain.yaml", "a: one\n");
    let target = s.write("secrets.txt", common::encrypt(&s, true, &plain));
    let ed = replacing(&s, "one", "two");
    let mut c = rsops_edit(&s, &ed, &target);
    c.args(["--input-type", "yaml", "--output-type", "yaml"]);
    ok(c);
    let mut c = s.sops();
    c.args(["decrypt", "--input-type", "yaml", "--output-type", "yaml"])
        .arg(&target);
    assert_eq!(ok(c), b"a: two\n");

    let config = s.write(
        "elsewhere/rules.yaml",
        format!("creation_rules:\n  - age: {}\n", s.other_recipient),
    );
    let target = s.path("new.yaml");
    let ed = replacing(&s, "example_value", "mine");
    let mut c = s.rsops();
    c.env_remove("SOPS_EDITOR")
        .env("EDITOR", &ed)
        .env("XDG_RUNTIME_DIR", runtime(&s))
        .arg("--config")
        .arg(&config)
        .arg("edit")
        .arg(&target);
    ok(c);
    let text = std::fs::read_to_string(&target).unwrap();
    assert!(text.contains(&s.other_recipient), "{text}");
    let mut c = s.sops();
    c.env("SOPS_AGE_KEY_FILE", &s.other_key_file)
        .arg("decrypt")
        .arg(&target);
    let shown = String::from_utf8(ok(c)).unwrap();
    assert!(shown.contains("example_key: mine"), "{shown}");
}
