//! `rotate`, `updatekeys`, `groups`, `filestatus` and the commands this
//! build does not have, against the reference sops.

mod common;

use common::{both_fail, decrypt, encrypt, fails, ok, rsops_encrypted, run, Scratch};

const PLAIN: &str =
    "# settings\ndb:\n    user: admin\n    password: s3cret\nlist:\n    - 1\n    - two\n";

/// The `iv:` of every `ENC[...]` and the whole tokens.
fn tokens(text: &str) -> Vec<(String, String)> {
    text.match_indices("ENC[")
        .map(|(i, _)| {
            let end = text[i..].find(']').map_or(text.len(), |e| i + e + 1);
            let token = &text[i..end];
            let iv = token
                .split(",iv:")
                .nth(1)
                .unwrap_or("")
                .split(',')
                .next()
                .unwrap_or("");
            (token.to_owned(), iv.to_owned())
        })
        .collect()
}

#[test]
fn rotate_changes_every_ciphertext_keeps_the_ivs_and_sops_decrypts() {
    let s = Scratch::new();
    let (path, before) = rsops_encrypted(&s, "r.yaml", PLAIN);
    let mut c = s.rsops();
    c.args(["rotate", "-i"]).arg(&path);
    ok(c);
    let after = String::from_utf8(s.read("enc-r.yaml")).unwrap();
    let (old, new) = (tokens(&before), tokens(&after));
    assert_eq!(old.len(), new.len());
    // Every value but the MAC (the last token, which gets a new IV).
    for ((a, iv_a), (b, iv_b)) in old.iter().zip(&new).take(old.len() - 1) {
        assert_ne!(a, b, "a value kept its ciphertext");
        assert_eq!(iv_a, iv_b, "a value got a new IV");
    }
    assert_eq!(
        String::from_utf8(decrypt(&s, true, &path, &[])).unwrap(),
        PLAIN
    );
    // And rsops rotates what sops wrote.
    let plain = s.write("p.yaml", PLAIN);
    let by_sops = s.write("s.yaml", encrypt(&s, true, &plain));
    let mut c = s.rsops();
    c.args(["rotate", "--output", "out.yaml"]).arg(&by_sops);
    ok(c);
    assert_eq!(
        decrypt(&s, true, &s.path("out.yaml"), &[]),
        decrypt(&s, true, &by_sops, &[])
    );
}

#[test]
fn rotate_adds_and_removes_age_recipients() {
    let s = Scratch::new();
    let (path, _) = rsops_encrypted(&s, "k.yaml", PLAIN);
    let mut c = s.rsops();
    c.args(["rotate", "-i", "--add-age", &s.other_recipient])
        .arg(&path);
    ok(c);
    let mut c = s.sops();
    c.env("SOPS_AGE_KEY_FILE", &s.other_key_file)
        .arg("decrypt")
        .arg(&path);
    ok(c);
    let mut c = s.rsops();
    c.args(["-r", "-i", "--rm-age", &s.recipient]).arg(&path);
    ok(c);
    let mut c = s.sops();
    c.arg("decrypt").arg(&path);
    fails(c, 128);
    let mut c = s.sops();
    c.env("SOPS_AGE_KEY_FILE", &s.other_key_file)
        .arg("decrypt")
        .arg(&path);
    assert_eq!(String::from_utf8(ok(c)).unwrap(), PLAIN);
}

#[test]
fn rotate_errors_exit_as_sops_does() {
    let s = Scratch::new();
    let (path, _) = rsops_encrypted(&s, "e.yaml", PLAIN);
    let f = path.to_str().unwrap();
    let r = s.recipient.clone();
    for (args, code) in [
        (vec!["rotate"], 100),
        (vec!["rotate", "missing.yaml"], 2),
        (vec!["rotate", "--add-age", &r, "missing.yaml"], 49),
        (vec!["rotate", "--rm-pgp", "ABCD", "missing.yaml"], 49),
        (vec!["rotate", "-i", "--output", "x.yaml", f], 8),
        (vec!["-r", "missing.yaml"], 100),
        (vec!["-r", "--add-age", &r, "missing.yaml"], 49),
    ] {
        both_fail(&s, &args, code);
    }
}

fn config(s: &Scratch, recipients: &[&str]) {
    s.write(
        ".sops.yaml",
        format!("creation_rules:\n  - age: {}\n", recipients.join(",")),
    );
}

#[test]
fn updatekeys_follows_the_config_and_sops_agrees() {
    let s = Scratch::new();
    config(&s, &[&s.recipient]);
    let plain = s.write("u.yaml", PLAIN);
    let mut c = s.rsops();
    c.args(["encrypt", "-i"]).arg(&plain);
    ok(c);
    let before = String::from_utf8(s.read("u.yaml")).unwrap();
    // Add the second key: the diff as sops prints it, then the prompt.
    config(&s, &[&s.recipient, &s.other_recipient]);
    let mut c = s.rsops();
    c.args(["updatekeys", "u.yaml"])
        .stdin(std::process::Stdio::piped());
    let mut child = c.stdout(std::process::Stdio::piped()).spawn().unwrap();
    {
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(b"maybe\nn\n")
            .unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let expected_diff = format!(
        "The following changes will be made to the file's groups:\nGroup 1\n    {}\n+++ {}\n",
        s.recipient, s.other_recipient
    );
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        format!("{expected_diff}Is this okay? (y/n):Is this okay? (y/n):")
    );
    assert_eq!(
        String::from_utf8(s.read("u.yaml")).unwrap(),
        before,
        "'n' changed the file"
    );
    // The end of the input is an error, as in sops.
    let mut c = s.rsops();
    c.args(["updatekeys", "u.yaml"]);
    fails(c, 1);
    let mut c = s.rsops();
    c.args(["updatekeys", "-y", "u.yaml"]);
    assert_eq!(String::from_utf8(ok(c)).unwrap(), expected_diff);
    let after = String::from_utf8(s.read("u.yaml")).unwrap();
    // Values, MAC and lastmodified stay.
    let data = |t: &str| t.split("sops:").next().unwrap_or("").to_owned();
    assert_eq!(data(&after), data(&before));
    let line = |t: &str, key: &str| {
        t.lines()
            .find(|l| l.trim_start().starts_with(key))
            .map(str::to_owned)
    };
    assert_eq!(line(&after, "mac:"), line(&before, "mac:"));
    assert_eq!(
        line(&after, "lastmodified:"),
        line(&before, "lastmodified:")
    );
    let mut c = s.sops();
    c.env("SOPS_AGE_KEY_FILE", &s.other_key_file)
        .args(["decrypt", "u.yaml"]);
    assert_eq!(String::from_utf8(ok(c)).unwrap(), PLAIN);
    // Nothing left to do: exit 0, file untouched.
    let mut c = s.rsops();
    c.args(["updatekeys", "-y", "u.yaml"]);
    assert!(ok(c).is_empty());
    assert_eq!(String::from_utf8(s.read("u.yaml")).unwrap(), after);
    // Remove the first key: sops opens the file with the second, not the first.
    config(&s, &[&s.other_recipient]);
    let mut c = s.rsops();
    c.args(["updatekeys", "-y", "u.yaml"]);
    ok(c);
    let mut c = s.sops();
    c.args(["decrypt", "u.yaml"]);
    fails(c, 128);
    let mut c = s.sops();
    c.env("SOPS_AGE_KEY_FILE", &s.other_key_file)
        .args(["decrypt", "u.yaml"]);
    assert_eq!(String::from_utf8(ok(c)).unwrap(), PLAIN);
}

#[test]
fn updatekeys_sets_the_threshold_by_sops_rule() {
    let s = Scratch::new();
    let plain = s.write("t.yaml", PLAIN);
    s.write(
        ".sops.yaml",
        format!(
            "creation_rules:\n  - shamir_threshold: 2\n    key_groups:\n      - age: [{}]\n      - age: [{}]\n",
            s.recipient, s.other_recipient
        ),
    );
    let mut c = s.sops();
    c.args(["encrypt", "-i"]).arg(&plain);
    ok(c);
    // One group left in the rule: the threshold drops to 1.
    config(&s, &[&s.recipient]);
    let mut c = s.rsops();
    c.env("SOPS_AGE_KEY_FILE", both_keys(&s))
        .args(["updatekeys", "-y", "t.yaml"]);
    let out = String::from_utf8(ok(c)).unwrap();
    assert!(
        out.contains("\n+++ shamir_threshold: 1\n--- shamir_threshold: 2\nGroup 1\n"),
        "{out}"
    );
    assert_eq!(
        String::from_utf8(decrypt(&s, true, &plain, &[])).unwrap(),
        PLAIN
    );
}

#[test]
fn updatekeys_of_several_files_carries_on_and_fails_at_the_end() {
    let s = Scratch::new();
    config(&s, &[&s.recipient]);
    for name in ["a.yaml", "b.yaml"] {
        let p = s.write(name, PLAIN);
        let mut c = s.rsops();
        c.args(["encrypt", "-i"]).arg(&p);
        ok(c);
    }
    config(&s, &[&s.recipient, &s.other_recipient]);
    let mut c = s.rsops();
    c.args(["updatekeys", "-y", "a.yaml", "missing.yaml", "b.yaml"]);
    let err = fails(c, 1);
    assert!(err.contains("failed updating 1 file"), "{err}");
    for name in ["a.yaml", "b.yaml"] {
        let mut c = s.sops();
        c.env("SOPS_AGE_KEY_FILE", &s.other_key_file)
            .args(["decrypt", name]);
        ok(c);
    }
}

#[test]
fn updatekeys_errors_exit_as_sops_does() {
    let s = Scratch::new();
    let (path, _) = rsops_encrypted(&s, "e.yaml", PLAIN);
    let f = path.to_str().unwrap();
    // No config at all.
    both_fail(&s, &["updatekeys", "-y", f], 1);
    config(&s, &[&s.recipient]);
    both_fail(&s, &["updatekeys"], 100);
    both_fail(&s, &["updatekeys", "-y", "missing.yaml"], 1);
    s.write("p.yaml", PLAIN);
    both_fail(&s, &["updatekeys", "-y", "p.yaml"], 1);
    s.write(
        ".sops.yaml",
        "creation_rules:\n  - path_regex: \\.json$\n    age: x\n",
    );
    both_fail(&s, &["updatekeys", "-y", f], 1);
    s.write(".sops.yaml", "{}\n");
    both_fail(&s, &["updatekeys", "-y", f], 1);
}

#[test]
fn a_rule_without_keys_is_reported_as_such() {
    let s = Scratch::new();
    let (path, _) = rsops_encrypted(&s, "e.yaml", PLAIN);
    let plain = s.write("p.yaml", PLAIN);
    for rule in [
        "  - path_regex: yaml\n",
        "  - key_groups: []\n",
        "  - key_groups: [{}]\n",
    ] {
        s.write(".sops.yaml", format!("creation_rules:\n{rule}"));
        let err = both_fail(&s, &["encrypt", plain.to_str().unwrap()], 1);
        assert!(err.contains("empty key group provided"), "{rule}: {err}");
        assert!(err.contains("creation_rules[0]"), "{rule}: {err}");
        let err = both_fail(&s, &["updatekeys", "-y", path.to_str().unwrap()], 1);
        assert!(err.contains("empty key group provided"), "{rule}: {err}");
    }
}

/// A key file holding both age identities of `s`.
fn both_keys(s: &Scratch) -> std::path::PathBuf {
    let mut text = std::fs::read(&s.key_file).unwrap();
    text.extend(std::fs::read(&s.other_key_file).unwrap());
    s.write("both-keys.txt", text)
}

#[test]
fn groups_add_and_delete() {
    let s = Scratch::new();
    let (path, before) = rsops_encrypted(&s, "g.yaml", PLAIN);
    let f = path.to_str().unwrap();
    // A threshold of 1 over two groups: sops 3.11 writes a file whose
    // second group cannot be opened; rsops refuses.
    let mut c = s.rsops();
    c.args([
        "groups",
        "add",
        "-f",
        f,
        "--age",
        &s.other_recipient,
        "--shamir-secret-sharing-threshold",
        "1",
    ]);
    fails(c, 1);
    let mut c = s.rsops();
    c.args(["groups", "add", "-f", f, "--age", &s.other_recipient, "-i"]);
    ok(c);
    let two = String::from_utf8(s.read("enc-g.yaml")).unwrap();
    assert_eq!(
        two.split("sops:").next(),
        before.split("sops:").next(),
        "values changed"
    );
    assert!(
        two.contains("key_groups:") && two.contains("shamir_threshold: 2"),
        "{two}"
    );
    let both = both_keys(&s);
    let mut c = s.sops();
    c.env("SOPS_AGE_KEY_FILE", &both).args(["decrypt", f]);
    assert_eq!(String::from_utf8(ok(c)).unwrap(), PLAIN);
    let mut c = s.sops();
    c.args(["decrypt", f]);
    fails(c, 128);
    // Delete group 0 to standard output: only the second key opens it.
    let mut c = s.rsops();
    c.env("SOPS_AGE_KEY_FILE", &both).args([
        "groups",
        "delete",
        "-f",
        f,
        "--shamir-secret-sharing-threshold",
        "1",
        "0",
    ]);
    let one = s.write("one.yaml", ok(c));
    let mut c = s.sops();
    c.arg("decrypt").arg(&one);
    fails(c, 128);
    let mut c = s.sops();
    c.env("SOPS_AGE_KEY_FILE", &s.other_key_file)
        .arg("decrypt")
        .arg(&one);
    assert_eq!(String::from_utf8(ok(c)).unwrap(), PLAIN);
    // Errors: as sops, and a refusal where sops writes a file nobody can
    // open (an empty group, no group at all).
    let (single, _) = rsops_encrypted(&s, "single.yaml", PLAIN);
    let f = single.to_str().unwrap();
    both_fail(&s, &["groups", "delete", "-f", f], 1);
    both_fail(&s, &["groups", "delete", "-f", f, "x"], 1);
    both_fail(&s, &["groups", "delete", "-f", f, "7"], 2);
    both_fail(&s, &["groups", "add", "-f", f, "extra"], 1);
    both_fail(
        &s,
        &["groups", "add", "-f", "missing.yaml", "--age", &s.recipient],
        2,
    );
    let mut c = s.rsops();
    c.args(["groups", "add", "-f", f]);
    fails(c, 1);
    let mut c = s.rsops();
    c.args(["groups", "delete", "-f", f, "0"]);
    fails(c, 1);
}

#[test]
fn filestatus_prints_what_sops_prints() {
    let s = Scratch::new();
    let (path, _) = rsops_encrypted(&s, "f.yaml", PLAIN);
    s.write("p.yaml", PLAIN);
    s.write("p.json", "{\"a\": 1}\n");
    s.write("p.env", "A=1\n");
    s.write("b.bin", "not json\n");
    for file in [path.to_str().unwrap(), "p.yaml", "p.json", "p.env"] {
        common::both_print_the_same(&s, &["filestatus", file]);
    }
    both_fail(&s, &["filestatus"], 100);
    both_fail(&s, &["filestatus", "missing.yaml"], 1);
    both_fail(&s, &["filestatus", "b.bin"], 1);
}

#[test]
fn commands_this_build_lacks_say_so_by_name() {
    let s = Scratch::new();
    // The key service is a cargo feature (on by default); a build without
    // it refuses the command by name and keeps it out of --help.
    let has_keyservice = cfg!(feature = "keyservice");
    if !has_keyservice {
        let mut c = s.rsops();
        c.args(["keyservice", "some-file", "--flag"]);
        let err = fails(c, 1);
        assert!(
            err.contains("'keyservice' is not available in this build"),
            "{err}"
        );
        assert!(!err.contains("unexpected argument"), "{err}");
    }
    let mut c = s.rsops();
    c.arg("--help");
    let help = String::from_utf8(run(c).stdout).unwrap();
    for shown in [
        "set",
        "unset",
        "rotate",
        "updatekeys",
        "groups",
        "filestatus",
        "publish",
    ] {
        assert!(
            help.contains(&format!("\n  {shown} ")),
            "{shown} missing from --help"
        );
    }
    assert_eq!(
        help.contains("\n  keyservice "),
        has_keyservice,
        "keyservice in --help: {help}"
    );
}
