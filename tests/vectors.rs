//! The test vectors in testdata/vectors (docs/format.md §5.7), written by
//! sops 3.11, decrypt with rsops to the stated plaintext.

mod common;

use std::path::Path;

use common::{fails, ok, Scratch};

fn vector(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/vectors")
        .join(name)
}

fn with_vector_keys(s: &Scratch) -> std::process::Command {
    let mut c = s.rsops();
    c.env("SOPS_AGE_KEY_FILE", vector("age-keys-a1-a2.txt"));
    c
}

/// What `rsops decrypt` prints for a vector, with the vector keys.
fn decrypted(name: &str) -> Vec<u8> {
    let s = Scratch::new();
    let mut c = with_vector_keys(&s);
    c.arg("decrypt").arg(vector(name));
    ok(c)
}

#[test]
fn v2_json() {
    assert_eq!(
        String::from_utf8(decrypted("v2-json.enc.json")).unwrap(),
        "{\n\t\"api_key\": \"s3cr3t\",\n\t\"n\": 1.5,\n\t\"nested\": {\n\t\t\"list\": [\n\t\t\t1,\n\t\t\t\"x\",\n\t\t\tfalse\n\t\t]\n\t},\n\t\"public_unencrypted\": \"ok\"\n}\n"
    );
}

#[test]
fn v5_binary() {
    assert_eq!(decrypted("v5-binary.enc"), b"hello world\n");
}

#[test]
fn v2_without_the_key_is_exit_128() {
    let s = Scratch::new();
    let mut c = s.rsops();
    c.arg("decrypt").arg(vector("v2-json.enc.json"));
    let err = fails(c, 128);
    assert!(
        err.contains("age1tupqm0m28ea5r89mfa4dt2kzux8ukhnkcs8e4rm6vplspdzjn4tsnreqm7"),
        "{err}"
    );
    assert!(!err.contains("s3cr3t"));
}

#[test]
fn v3_dotenv() {
    assert_eq!(
        String::from_utf8(decrypted("v3-dotenv.enc.env")).unwrap(),
        "# db creds\nDB_USER=admin\nDB_PASS=hunter2\n"
    );
}

#[test]
fn v4_ini() {
    assert_eq!(
        String::from_utf8(decrypted("v4-ini.enc.ini")).unwrap(),
        "[database]\nuser     = admin\npassword = hunter2\n"
    );
}

#[test]
fn v1_yaml() {
    let s = Scratch::new();
    let mut c = with_vector_keys(&s);
    c.arg("decrypt").arg(vector("v1-yaml.enc.yaml"));
    let plain = std::fs::read_to_string(vector("v1-yaml.plain.yaml")).unwrap();
    assert_eq!(String::from_utf8(ok(c)).unwrap(), plain);
}

#[test]
fn v6_shamir_needs_both_groups() {
    let s = Scratch::new();
    let mut c = with_vector_keys(&s);
    c.arg("decrypt").arg(vector("v6-shamir.enc.yaml"));
    assert_eq!(String::from_utf8(ok(c)).unwrap(), "secret: shamir\n");
    // Only key A1: one share is not enough for the threshold of 2.
    let only_a1 = s.write(
        "a1.txt",
        std::fs::read_to_string(vector("age-keys-a1-a2.txt"))
            .unwrap()
            .lines()
            .take_while(|l| !l.contains("age key A2"))
            .collect::<Vec<_>>()
            .join("\n"),
    );
    let mut c = s.rsops();
    c.env("SOPS_AGE_KEY_FILE", only_a1)
        .arg("decrypt")
        .arg(vector("v6-shamir.enc.yaml"));
    fails(c, 128);
}
