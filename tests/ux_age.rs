//! When no age identity opens a file, the message lists every place rsops
//! looked (the SSH keys in ~/.ssh included), the identities it found by
//! their public keys, and the recipients of the file, so the user can see
//! which key is missing; never a secret. Exit 128, as sops.

mod common;

use std::path::Path;
use std::process::Command;

use common::{fails, Scratch};

/// A file encrypted by sops for the scratch's first recipient.
fn encrypted(s: &Scratch) -> std::path::PathBuf {
    let plain = s.write("app.yaml", "password: hunter2\n");
    s.write("app.enc.yaml", common::encrypt(s, true, &plain))
}

/// Runs `decrypt file` with the scratch's key variables unset.
fn decrypt_without_keys(s: &Scratch, file: &Path, setup: impl FnOnce(&mut Command)) -> String {
    let mut c = s.rsops();
    c.env_remove("SOPS_AGE_KEY_FILE")
        .env_remove("SOPS_AGE_SSH_PRIVATE_KEY_CMD")
        .arg("decrypt")
        .arg(file);
    setup(&mut c);
    fails(c, 128)
}

/// The scratch directory and the keys, which change at every run.
fn redact(s: &Scratch, text: &str) -> String {
    text.replace(&s.dir.path().display().to_string(), "<scratch>")
        .replace(&s.recipient, "<file's recipient>")
        .replace(&s.other_recipient, "<other recipient>")
}

#[test]
fn no_identity_lists_every_place_looked_in() {
    let s = Scratch::new();
    let file = encrypted(&s);

    let mut c = s.sops();
    c.env_remove("SOPS_AGE_KEY_FILE").arg("decrypt").arg(&file);
    fails(c, 128);

    let stderr = decrypt_without_keys(&s, &file, |_| {});
    insta::assert_snapshot!("no_identity", redact(&s, &stderr));
}

#[test]
fn wrong_identities_are_named_by_their_public_keys() {
    let s = Scratch::new();
    let file = encrypted(&s);
    let ssh = s.path(".ssh/id_ed25519");
    std::fs::create_dir_all(ssh.parent().unwrap()).unwrap();
    let made = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", "test", "-f"])
        .arg(&ssh)
        .status()
        .expect("ssh-keygen (openssh-client) is needed for this test");
    assert!(made.success());
    let ssh_public = std::fs::read_to_string(ssh.with_extension("pub")).unwrap();
    let ssh_public = ssh_public.trim().trim_end_matches(" test");

    let stderr = decrypt_without_keys(&s, &file, |c| {
        c.env("SOPS_AGE_KEY_FILE", &s.other_key_file);
    });
    assert!(stderr.contains(ssh_public), "{stderr}");
    let secret_key = std::fs::read_to_string(&s.other_key_file).unwrap();
    let ssh_secret = std::fs::read_to_string(&ssh).unwrap();
    assert!(!stderr.contains("AGE-SECRET-KEY"), "{stderr}");
    assert!(!stderr.contains(secret_key.trim()), "{stderr}");
    for line in ssh_secret.lines().filter(|l| !l.starts_with("-----")) {
        assert!(!stderr.contains(line), "{stderr}");
    }
    assert!(!stderr.contains("hunter2"), "{stderr}");
    insta::assert_snapshot!(
        "wrong_identities",
        redact(&s, &stderr).replace(ssh_public, "<ssh public key>")
    );
}

/// A key source that is set but unusable is named, with why, next to the
/// identities that were found.
#[test]
fn unusable_source_is_named_beside_what_was_found() {
    let s = Scratch::new();
    let file = encrypted(&s);
    let stderr = decrypt_without_keys(&s, &file, |c| {
        c.env("SOPS_AGE_KEY_FILE", &s.other_key_file)
            .env("SOPS_AGE_KEY", "AGE-SECRET-KEY-NOT-VALID");
    });
    let text = redact(&s, &stderr);
    assert!(
        text.contains("SOPS_AGE_KEY_FILE (<scratch>/other-key.txt): <other recipient>"),
        "{text}"
    );
    assert!(
        text.contains("SOPS_AGE_KEY does not hold valid age identities"),
        "{text}"
    );
    assert!(!text.contains("NOT-VALID"), "{text}");
}
