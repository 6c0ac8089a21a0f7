//! Many files in one call: a generated tree of 1,000 files in four formats,
//! some in a .gitignored folder, one encrypted for a key rsops does not
//! have. Files written by rsops are checked with the real sops.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::{fails, ok, run, Scratch};

const FILES: usize = 1000;

/// The tree: `tree/` with `.sops.yaml`, a `.gitignore` that ignores
/// `tree/ignored/`, `FILES - 1` plain files the creation rule selects (and
/// a few it does not), and `bad.enc.yaml` encrypted for the other key.
struct Tree {
    s: Scratch,
    root: PathBuf,
    plain: BTreeMap<PathBuf, Vec<u8>>,
    bad: PathBuf,
}

fn plain_text(i: usize) -> (&'static str, String) {
    match i % 4 {
        0 => (
            "yaml",
            format!("# file {i}\nname: n{i}\npassword: p{i}\nport: {i}\n"),
        ),
        1 => (
            "json",
            format!("{{\n  \"name\": \"n{i}\",\n  \"password\": \"p{i}\"\n}}\n"),
        ),
        2 => ("env", format!("NAME=n{i}\nPASSWORD=p{i}\n")),
        _ => ("ini", format!("[db]\nname = n{i}\npassword = p{i}\n")),
    }
}

fn build() -> Tree {
    let s = Scratch::new();
    let root = s.path("tree");
    s.write(
        "tree/.sops.yaml",
        format!(
            "creation_rules:\n  - path_regex: \\.enc\\.(yaml|json|env|ini)$\n    age: {}\n",
            s.recipient
        ),
    );
    s.write("tree/.gitignore", "ignored/\n");
    let mut plain = BTreeMap::new();
    for i in 0..FILES - 1 {
        let (ext, text) = plain_text(i);
        let name = format!("tree/d{}/s{}/f{i}.enc.{ext}", i % 7, i % 3);
        plain.insert(s.write(&name, &text), text.into_bytes());
    }
    // Not selected: ignored by git, or matched by no rule.
    for i in 0..20 {
        s.write(
            &format!("tree/ignored/f{i}.enc.yaml"),
            "password: in-ignored\n",
        );
    }
    s.write("tree/README.md", "not a secret\n");
    // Encrypted for a third key that no command here has.
    #[allow(deprecated)]
    let third = age::x25519::Identity::generate().to_public().to_string();
    let bad_plain = s.write("bad-plain.yaml", "password: other\n");
    let mut c = s.rsops();
    c.args(["encrypt", "--age", &third]).arg(&bad_plain);
    let bad = s.write("tree/d0/bad.enc.yaml", ok(c));
    Tree {
        s,
        root,
        plain,
        bad,
    }
}

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                todo.push(p);
            } else {
                out.insert(p.clone(), std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

fn rsops_in(t: &Tree, args: &[&str]) -> std::process::Command {
    let mut c = t.s.rsops();
    c.current_dir(&t.root).args(args);
    c
}

/// Runs a many-file `--json` command over the tree, where rsops has no key
/// for the one bad file: it exits with sops' code for that (128), every
/// other file changed and the bad one failed. Returns the JSON report.
fn one_failed(c: std::process::Command) -> serde_json::Value {
    let out = run(c);
    assert_eq!(
        out.status.code(),
        Some(128),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["changed"], FILES - 1);
    assert_eq!(report["failed"], 1);
    report
}

#[test]
fn a_thousand_files_in_one_call_with_one_bad_file() {
    let t = build();
    let before = snapshot(&t.root);

    // The plan changes no byte.
    let plan = ok(rsops_in(
        &t,
        &["encrypt", "-i", "-r", "--dry-run", "--json", "."],
    ));
    let plan: serde_json::Value = serde_json::from_slice(&plan).unwrap();
    assert_eq!(plan["plan"], FILES - 1);
    assert_eq!(plan["skipped"], 1, "the bad file is encrypted already");
    assert_eq!(snapshot(&t.root), before);

    // Encrypt them all; the ignored folder and the unselected file stay.
    let out = run(rsops_in(&t, &["encrypt", "-i", "-r", "."]));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let encrypted = snapshot(&t.root);
    for (path, bytes) in &encrypted {
        let rel = path.strip_prefix(&t.root).unwrap();
        let untouched = rel.starts_with("ignored") || !t.plain.contains_key(path);
        assert_eq!(untouched, before[path] == *bytes, "{}", rel.display());
    }
    // sops reads what rsops wrote (key and MAC), in every format.
    for (path, text) in t.plain.iter().step_by(97) {
        let mut c = t.s.sops();
        c.arg("decrypt").arg(path);
        let by_sops = String::from_utf8(ok(c)).unwrap();
        let i = common::name_of(path);
        let i = i.trim_start_matches('f').split('.').next().unwrap();
        let password = format!("p{i}");
        assert!(text
            .windows(password.len())
            .any(|w| w == password.as_bytes()));
        assert!(
            [format!("{password}\n"), format!("{password}\"")]
                .iter()
                .any(|p| by_sops.contains(p.as_str())),
            "{}: {by_sops}",
            path.display()
        );
    }

    // Decrypt in place with one file rsops has no key for: 999 decrypted,
    // the bad one untouched and reported, the exit code sops gives for it.
    let dry = ok(rsops_in(&t, &["decrypt", "-i", "-r", "--dry-run", "."]));
    assert!(dry.is_empty());
    assert_eq!(snapshot(&t.root), encrypted);
    let report = one_failed(rsops_in(&t, &["decrypt", "-i", "-r", "--json", "."]));
    let failed: Vec<&serde_json::Value> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["status"] == "failed")
        .collect();
    assert_eq!(failed[0]["path"], "./d0/bad.enc.yaml");
    assert!(
        failed[0]["note"].as_str().unwrap().contains("age"),
        "{}",
        failed[0]["note"]
    );
    assert_eq!(std::fs::read(&t.bad).unwrap(), encrypted[&t.bad]);
    for (path, text) in &t.plain {
        assert_eq!(&std::fs::read(path).unwrap(), text, "{}", path.display());
    }
}

#[test]
fn updatekeys_rekeys_a_thousand_files_in_one_call() {
    let t = build();
    ok(rsops_in(&t, &["encrypt", "-i", "-r", "."]));
    // The rule now names the other key.
    t.s.write(
        "tree/.sops.yaml",
        format!(
            "creation_rules:\n  - path_regex: \\.enc\\.(yaml|json|env|ini)$\n    age: {}\n",
            t.s.other_recipient
        ),
    );
    let encrypted = snapshot(&t.root);

    let plan = ok(rsops_in(
        &t,
        &["updatekeys", "-r", "--dry-run", "--json", "."],
    ));
    let plan: serde_json::Value = serde_json::from_slice(&plan).unwrap();
    assert_eq!(plan["plan"], FILES);
    // The first file is the bad one; the second an ordinary one.
    let note = plan["files"][1]["note"].as_str().unwrap();
    assert_eq!(
        note,
        format!("+{}, -{}", t.s.other_recipient, t.s.recipient)
    );
    assert_eq!(snapshot(&t.root), encrypted);
    // Without -y there is no prompt to ask: refused, nothing changed.
    fails(rsops_in(&t, &["updatekeys", "-r", "."]), 8);
    assert_eq!(snapshot(&t.root), encrypted);

    let out = run(rsops_in(&t, &["updatekeys", "-r", "-y", "."]));
    let report = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(128), "{report}");
    assert!(
        report.contains(&format!("{FILES} files: {} changed, 1 failed", FILES - 1)),
        "{report}"
    );
    assert!(report.contains("failed    ./d0/bad.enc.yaml"), "{report}");
    assert_eq!(std::fs::read(&t.bad).unwrap(), encrypted[&t.bad]);
    for (path, bytes) in snapshot(&t.root) {
        let rekeyed = t.plain.contains_key(&path);
        assert_eq!(rekeyed, bytes != encrypted[&path], "{}", path.display());
    }
    // sops decrypts with the new key, and no longer with the old one.
    for (path, text) in t.plain.iter().step_by(97) {
        let mut c = t.s.sops();
        c.env("SOPS_AGE_KEY_FILE", &t.s.other_key_file)
            .args(["decrypt", "--output-type", "json"])
            .arg(path);
        let by_sops: serde_json::Value = serde_json::from_slice(&ok(c)).unwrap();
        let mut c = t.s.rsops();
        c.env("SOPS_AGE_KEY_FILE", &t.s.other_key_file)
            .args(["decrypt", "--output-type", "json"])
            .arg(path);
        let by_rsops: serde_json::Value = serde_json::from_slice(&ok(c)).unwrap();
        assert_eq!(by_sops, by_rsops, "{}", path.display());
        assert!(
            by_sops.to_string().contains("\"p"),
            "{}: {text:?}",
            path.display()
        );
        let mut c = t.s.sops();
        c.arg("decrypt").arg(path);
        fails(c, 128);
    }
    // Run again: all up to date but the bad file.
    let out = run(rsops_in(&t, &["updatekeys", "-r", "-y", "--json", "."]));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["unchanged"], FILES - 1);
}

#[test]
fn many_files_to_standard_output_make_one_yaml_stream() {
    let s = Scratch::new();
    let mut files = Vec::new();
    for (i, text) in ["a: 1\n", "b: two\nc: [3]\n"].iter().enumerate() {
        let plain = s.write(&format!("p{i}.yaml"), text);
        let mut c = s.rsops();
        c.args(["encrypt", "--age", &s.recipient]).arg(&plain);
        files.push(s.write(&format!("e{i}.yaml"), ok(c)));
    }
    let json = s.write("p.json", "{\"d\": 4}");
    let mut c = s.sops();
    c.args(["encrypt", "--age", &s.recipient]).arg(&json);
    let json = s.write("e.json", ok(c));

    let mut c = s.rsops();
    c.arg("decrypt").args(&files);
    assert_eq!(ok(c), b"a: 1\n---\nb: two\nc: [3]\n");
    // A JSON file among them: refused unless the output is YAML.
    let mut c = s.rsops();
    c.arg("decrypt").args(&files).arg(&json);
    let err = fails(c, 8);
    assert!(err.contains("--output-type yaml"), "{err}");
    let mut c = s.rsops();
    c.args(["decrypt", "--output-type", "yaml"])
        .args(&files)
        .arg(&json);
    assert_eq!(ok(c), b"a: 1\n---\nb: two\nc: [3]\n---\nd: 4\n");
    // --output names one file; a folder needs -r.
    let mut c = s.rsops();
    c.args(["decrypt", "--output", "x"]).args(&files);
    fails(c, 8);
    let mut c = s.rsops();
    c.arg("decrypt").arg(&files[0]).arg(s.path(""));
    fails(c, 1);
}

#[test]
fn one_file_keeps_the_one_file_behaviour() {
    let s = Scratch::new();
    // sops' exit codes for a missing file and a plain file are kept.
    common::both_fail(&s, &["decrypt", "missing.yaml"], 100);
    s.write("plain.yaml", "a: 1\n");
    common::both_fail(&s, &["decrypt", "plain.yaml"], 1);
    // In a many-file call the same failures are report lines.
    let mut c = s.rsops();
    c.args(["decrypt", "missing.yaml", "plain.yaml"]);
    let err = fails(c, 100);
    assert!(err.contains("failed    missing.yaml"), "{err}");
    assert!(err.contains("failed    plain.yaml"), "{err}");
}

/// `filestatus` and `rotate -i` over the same tree in one call each:
/// filestatus tells plain from encrypted file by file; rotate gives every
/// file rsops can open a new data key (sops still decrypts it), reports
/// the one it cannot open with sops' code and leaves it byte-identical.
#[test]
fn filestatus_and_rotate_over_a_thousand_files() {
    let t = build();
    let notes = |out: &[u8]| -> BTreeMap<String, usize> {
        let report: serde_json::Value = serde_json::from_slice(out).unwrap();
        let mut counts = BTreeMap::new();
        for f in report["files"].as_array().unwrap() {
            *counts
                .entry(f["note"].as_str().unwrap().to_owned())
                .or_default() += 1;
        }
        counts
    };
    let status = ok(rsops_in(&t, &["filestatus", "-r", "--json", "."]));
    assert_eq!(
        notes(&status),
        BTreeMap::from([
            ("encrypted".to_owned(), 1),
            ("not encrypted".to_owned(), FILES - 1)
        ])
    );
    ok(rsops_in(&t, &["encrypt", "-i", "-r", "."]));
    let status = ok(rsops_in(&t, &["filestatus", "-r", "--json", "."]));
    assert_eq!(
        notes(&status),
        BTreeMap::from([("encrypted".to_owned(), FILES)])
    );

    // Without -i there is nowhere to write many results.
    fails(rsops_in(&t, &["rotate", "-r", "."]), 8);
    let before = snapshot(&t.root);
    one_failed(rsops_in(&t, &["rotate", "-i", "-r", "--json", "."]));
    assert_eq!(std::fs::read(&t.bad).unwrap(), before[&t.bad]);
    for (path, text) in t.plain.iter().step_by(97) {
        let now = std::fs::read(path).unwrap();
        assert_ne!(now, before[path], "{}", path.display());
        let mut c = t.s.sops();
        c.arg("decrypt").arg(path);
        let by_sops = ok(c);
        let password = format!(
            "p{}",
            common::name_of(path)
                .trim_start_matches('f')
                .split('.')
                .next()
                .unwrap()
        );
        assert!(
            by_sops
                .windows(password.len())
                .any(|w| w == password.as_bytes()),
            "{}",
            path.display()
        );
        assert!(text
            .windows(password.len())
            .any(|w| w == password.as_bytes()));
    }
}
