//! age identities are found where sops finds them, and SSH and multiple
//! recipients work across rsops and sops.

mod common;

use std::path::Path;
use std::process::Command;

use common::{fails, ok, Scratch};

/// In sops' own layout, so that both tools print it back identically.
const PLAIN: &str = "{\n\t\"secret\": \"s3cr3t\"\n}\n";

fn encrypt_with(s: &Scratch, mut c: Command, recipients: &str) -> std::path::PathBuf {
    let plain = s.write("plain.json", PLAIN);
    c.args(["encrypt", "--age", recipients]).arg(&plain);
    s.write("enc.json", ok(c))
}

/// rsops decrypts `enc` with the environment `setup` gives it and no
/// SOPS_AGE_KEY_FILE.
fn decrypts(s: &Scratch, enc: &Path, setup: impl FnOnce(&mut Command)) {
    let mut c = s.rsops();
    c.env_remove("SOPS_AGE_KEY_FILE");
    setup(&mut c);
    c.arg("decrypt").arg(enc);
    assert_eq!(String::from_utf8(ok(c)).unwrap(), PLAIN);
}

fn key_text(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn identity_sources() {
    let s = Scratch::new();
    let enc = encrypt_with(&s, s.rsops(), &s.recipient);
    decrypts(&s, &enc, |c| {
        c.env("SOPS_AGE_KEY_FILE", &s.key_file);
    });
    // SOPS_AGE_KEY may hold several keys separated by spaces.
    let both = format!(
        "{} {}",
        key_text(&s.other_key_file).trim(),
        key_text(&s.key_file).trim()
    );
    decrypts(&s, &enc, |c| {
        c.env("SOPS_AGE_KEY", &both);
    });
    // SOPS_AGE_KEY_CMD gets the recipient being decrypted.
    let cmd = format!(
        "sh -c 'test \"$SOPS_AGE_RECIPIENT\" = {} && cat {}'",
        s.recipient,
        s.key_file.display()
    );
    decrypts(&s, &enc, |c| {
        c.env("SOPS_AGE_KEY_CMD", &cmd);
    });
    // The default key file, under XDG_CONFIG_HOME or ~/.config.
    let xdg = s.dir.path().join("xdg");
    std::fs::create_dir_all(xdg.join("sops/age")).unwrap();
    std::fs::copy(&s.key_file, xdg.join("sops/age/keys.txt")).unwrap();
    decrypts(&s, &enc, |c| {
        c.env("XDG_CONFIG_HOME", &xdg);
    });
    std::fs::create_dir_all(s.dir.path().join(".config/sops/age")).unwrap();
    std::fs::copy(&s.key_file, s.dir.path().join(".config/sops/age/keys.txt")).unwrap();
    decrypts(&s, &enc, |_| {});
}

#[test]
fn a_bad_key_source_is_named_without_its_contents() {
    let s = Scratch::new();
    let enc = encrypt_with(&s, s.rsops(), &s.recipient);
    let bad = s.write("bad-keys.txt", "AGE-SECRET-KEY-1NOTAKEYATALL\n");
    let mut c = s.rsops();
    c.env("SOPS_AGE_KEY_FILE", &bad).arg("decrypt").arg(&enc);
    let err = fails(c, 128);
    assert!(err.contains("SOPS_AGE_KEY_FILE"), "{err}");
    assert!(!err.contains("NOTAKEYATALL"), "{err}");
}

#[test]
fn several_recipients_each_decrypt() {
    let s = Scratch::new();
    let both = format!("{},{}", s.recipient, s.other_recipient);
    for encryptor in [s.rsops(), s.sops()] {
        let enc = encrypt_with(&s, encryptor, &both);
        for key in [&s.key_file, &s.other_key_file] {
            for mut c in [s.rsops(), s.sops()] {
                c.env("SOPS_AGE_KEY_FILE", key).arg("decrypt").arg(&enc);
                assert_eq!(String::from_utf8(ok(c)).unwrap(), PLAIN);
            }
        }
    }
}

fn ssh_key(s: &Scratch, kind: &str) -> (std::path::PathBuf, String) {
    let path = s.dir.path().join(format!("id_{kind}"));
    let mut c = Command::new("ssh-keygen");
    c.args(["-q", "-t", kind, "-N", "", "-C", "test", "-f"])
        .arg(&path);
    if kind == "rsa" {
        c.args(["-b", "2048"]);
    }
    ok(c);
    let public = std::fs::read_to_string(path.with_extension("pub")).unwrap();
    let public = public
        .split_whitespace()
        .take(2)
        .collect::<Vec<_>>()
        .join(" ");
    (path, public)
}

#[test]
fn ssh_recipients_cross_with_sops() {
    let s = Scratch::new();
    for kind in ["ed25519", "rsa"] {
        let (private, public) = ssh_key(&s, kind);
        for encryptor in [s.rsops(), s.sops()] {
            let enc = encrypt_with(&s, encryptor, &public);
            for mut c in [s.rsops(), s.sops()] {
                c.env_remove("SOPS_AGE_KEY_FILE")
                    .env("SOPS_AGE_SSH_PRIVATE_KEY_FILE", &private)
                    .arg("decrypt")
                    .arg(&enc);
                assert_eq!(String::from_utf8(ok(c)).unwrap(), PLAIN, "{kind}");
            }
        }
    }
}

#[test]
fn default_ssh_key_in_home() {
    let s = Scratch::new();
    let (private, public) = ssh_key(&s, "ed25519");
    std::fs::create_dir_all(s.dir.path().join(".ssh")).unwrap();
    std::fs::copy(&private, s.dir.path().join(".ssh/id_ed25519")).unwrap();
    let enc = encrypt_with(&s, s.rsops(), &public);
    decrypts(&s, &enc, |_| {});
}

#[test]
fn invalid_recipient_is_refused_before_writing() {
    let s = Scratch::new();
    let plain = s.write("plain.json", PLAIN);
    let mut c = s.rsops();
    c.args(["encrypt", "-i", "--age", "age1notarecipient"])
        .arg(&plain);
    let err = fails(c, 1);
    assert!(err.contains("age1notarecipient"), "{err}");
    assert_eq!(s.read("plain.json"), PLAIN.as_bytes());
}
