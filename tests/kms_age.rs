//! age additions of sops 3.12/3.13 and the age 0.13 library: hybrid
//! post-quantum keys (`age1pq1…`, `AGE-SECRET-KEY-PQ-1…`) and
//! `SOPS_AGE_SSH_PRIVATE_KEY_CMD`, both ways with sops 3.11.

mod common;

use std::process::Command;

use age::secrecy::ExposeSecret;
use common::{ok, run, Scratch};

const PLAIN: &str = "password: hunter2\ncount: 1\n";

#[test]
fn post_quantum_recipient_round_trip() {
    let s = Scratch::new();
    let identity = age::pq::Identity::generate();
    let recipient = identity.to_public().to_string();
    assert!(recipient.starts_with("age1pq1"), "{recipient}");
    let key_file = s.write(
        "pq-keys.txt",
        format!("# a PQ key\n{}\n", identity.to_string().expose_secret()),
    );
    let plain = s.write("plain.yaml", PLAIN);
    let mut c = s.rsops();
    c.args([
        "encrypt",
        "--age",
        &format!("{recipient},{}", s.other_recipient),
    ])
    .arg(&plain);
    let enc = s.write("enc.yaml", ok(c));
    let text = String::from_utf8(s.read("enc.yaml")).unwrap();
    assert!(text.contains(&format!("recipient: {recipient}")), "{text}");

    // The PQ identity alone, from a key file or SOPS_AGE_KEY.
    let mut c = s.rsops();
    c.env("SOPS_AGE_KEY_FILE", &key_file)
        .arg("decrypt")
        .arg(&enc);
    assert_eq!(String::from_utf8(ok(c)).unwrap(), PLAIN);
    // SOPS_AGE_KEY with several keys separated by spaces, the PQ one last.
    let unrelated = age::pq::Identity::generate();
    let mut c = s.rsops();
    c.env_remove("SOPS_AGE_KEY_FILE")
        .env(
            "SOPS_AGE_KEY",
            format!(
                "{} {}",
                unrelated.to_string().expose_secret(),
                identity.to_string().expose_secret()
            ),
        )
        .arg("decrypt")
        .arg(&enc);
    assert_eq!(String::from_utf8(ok(c)).unwrap(), PLAIN);

    // sops 3.11 takes PQ keys too: each tool reads the other's file with
    // the PQ identity alone.
    let mut c = s.sops();
    c.env("SOPS_AGE_KEY_FILE", &key_file)
        .arg("decrypt")
        .arg(&enc);
    assert_eq!(String::from_utf8(ok(c)).unwrap(), PLAIN);
    let mut c = s.sops();
    c.args(["encrypt", "--age", &recipient]).arg(&plain);
    let by_sops = s.write("by-sops.yaml", ok(c));
    let mut c = s.rsops();
    c.env("SOPS_AGE_KEY_FILE", &key_file)
        .arg("decrypt")
        .arg(&by_sops);
    assert_eq!(String::from_utf8(ok(c)).unwrap(), PLAIN);
}

#[test]
fn ssh_private_key_from_a_command() {
    let s = Scratch::new();
    let path = s.path("id_ed25519");
    let mut c = Command::new("ssh-keygen");
    c.args(["-q", "-t", "ed25519", "-N", "", "-C", "test", "-f"])
        .arg(&path);
    ok(c);
    let public = std::fs::read_to_string(path.with_extension("pub")).unwrap();
    let public: Vec<&str> = public.split_whitespace().take(2).collect();
    let plain = s.write("plain.yaml", PLAIN);
    let mut c = s.rsops();
    c.args(["encrypt", "--age", &public.join(" ")]).arg(&plain);
    let enc = s.write("enc.yaml", ok(c));
    // The key lives outside HOME's ~/.ssh, reachable only through the command.
    let mut c = s.rsops();
    c.env_remove("SOPS_AGE_KEY_FILE")
        .env(
            "SOPS_AGE_SSH_PRIVATE_KEY_CMD",
            format!("cat {}", path.display()),
        )
        .arg("decrypt")
        .arg(&enc);
    assert_eq!(String::from_utf8(ok(c)).unwrap(), PLAIN);
    let mut c = s.rsops();
    c.env_remove("SOPS_AGE_KEY_FILE")
        .env("SOPS_AGE_SSH_PRIVATE_KEY_CMD", "false")
        .arg("decrypt")
        .arg(&enc);
    let out = run(c);
    assert_eq!(out.status.code(), Some(128));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("SOPS_AGE_SSH_PRIVATE_KEY_CMD failed"), "{err}");
}
