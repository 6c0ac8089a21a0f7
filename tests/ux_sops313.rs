//! Files as sops 3.12 and 3.13 write them decrypt in rsops.
//!
//! `testdata/sops-3.13/` holds upstream's own fixtures (see its README):
//! files written by sops 3.13.1 and 3.13.2, among them the INI file whose
//! metadata 3.13.0/3.13.1 wrote with newlines escaped once, and a file with
//! encrypted (`type:comment`) comments, the case 3.13.2 broke (#2256). They
//! are encrypted to sops' public functional-test PGP key, which is there
//! too. The expected plaintexts are those upstream's tests assert; sops 3.11
//! must print the same.
//!
//! Where no upstream fixture exists, a file is made the way 3.13 writes it
//! from a file sops 3.11 wrote, and the test says how.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{ok, Gnupg, Scratch};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/sops-3.13")
        .join(name)
}

/// (file, what upstream's functional tests expect it to decrypt to).
const UPSTREAM: &[(&str, &str)] = &[
    ("format.enc.yaml", "foo: bar\n"),
    ("format.enc.json", "{\n\t\"foo\": \"bar\"\n}\n"),
    ("format.enc.env", "foo = bar\n"),
    ("format.enc.ini", "[foo]\nbar = baz\n"),
    // Written by 3.13.1: metadata newlines escaped once (go-ini `"""`).
    ("format-2.enc.ini", "[foo]\nbar = baz\n"),
];

fn decrypt(mut c: Command, file: &Path) -> Vec<u8> {
    c.arg("decrypt").arg(file);
    ok(c)
}

#[test]
fn upstream_3_13_fixtures_decrypt_as_upstream_expects() {
    let s = Scratch::new();
    let gnupg = Gnupg::new(
        s.path("gnupg"),
        Some(&fixture("sops_functional_tests_key.asc")),
    );
    // Upstream's comments.yaml, with the final newline sops prints.
    let comments = (
        "comments.enc.yaml",
        "# first comment in file\nlorem: ipsum\n# this-is-a-comment\ndolor: sit\n",
    );
    for (name, expected) in UPSTREAM.iter().chain([&comments]) {
        let file = fixture(name);
        let mut c = s.rsops();
        c.env("GNUPGHOME", &gnupg.home);
        let by_rsops = decrypt(c, &file);
        common::assert_same(
            &by_rsops,
            expected.as_bytes(),
            &format!("rsops decrypt {name}"),
        );
        let mut c = s.sops();
        c.env("GNUPGHOME", &gnupg.home);
        common::assert_same(
            &decrypt(c, &file),
            &by_rsops,
            &format!("sops 3.11 decrypt {name}"),
        );
    }
}

/// The same files with rsops' built-in OpenPGP and no gpg at all.
#[cfg(feature = "pgp-native")]
#[test]
fn upstream_3_13_fixtures_decrypt_without_gpg() {
    let s = Scratch::new();
    let empty = s.path("no-gpg-here");
    std::fs::create_dir_all(&empty).unwrap();
    for (name, expected) in UPSTREAM {
        let mut c = s.rsops();
        c.env("PATH", &empty)
            .env("GNUPGHOME", s.path("no-gnupg-home"))
            .env(
                "SOPS_PGP_KEY_FILE",
                fixture("sops_functional_tests_key.asc"),
            );
        common::assert_same(
            &decrypt(c, &fixture(name)),
            expected.as_bytes(),
            &format!("rsops (built-in OpenPGP) decrypt {name}"),
        );
    }
}

/// sops 3.13 keeps a YAML line comment at the end of its line (#2131)
/// instead of moving it above the key: `key: ENC[…] #ENC[…,type:comment]`.
/// Its tree is the same as 3.11's (the comment item before the key), and
/// a comment's ciphertext does not depend on where it stands, so moving
/// each `#ENC[…]` line of a 3.11 file to the end of the next line gives
/// the file 3.13 writes, MAC included. rsops decrypts it with the comment
/// still at the end of the line; sops 3.11 reads it too (moving it up).
#[test]
fn yaml_line_comments_where_sops_3_13_writes_them() {
    let s = Scratch::new();
    let plain = "user: admin # the login\npassword: hunter2 # rotate yearly\n";
    let file = s.write("app.yaml", plain);
    let by_3_11 = String::from_utf8(common::encrypt(&s, true, &file)).unwrap();
    let mut lines: Vec<String> = Vec::new();
    let mut pending: Option<String> = None;
    for line in by_3_11.lines() {
        if line.starts_with("#ENC[") {
            pending = Some(line.to_owned());
        } else if let Some(comment) = pending.take() {
            lines.push(format!("{line} {comment}"));
        } else {
            lines.push(line.to_owned());
        }
    }
    let like_3_13 = lines.join("\n") + "\n";
    assert!(
        like_3_13.contains(",type:str] #ENC[AES256_GCM,"),
        "no line comment was moved:\n{like_3_13}"
    );
    let enc = s.write("app.enc.yaml", like_3_13);
    common::assert_same(
        &common::decrypt(&s, false, &enc, &[]),
        plain.as_bytes(),
        "rsops decrypt of a 3.13 YAML file with line comments",
    );
    let by_sops = common::decrypt(&s, true, &enc, &[]);
    assert_eq!(
        String::from_utf8(by_sops).unwrap(),
        "# the login\nuser: admin\n# rotate yearly\npassword: hunter2\n"
    );
}

/// sops 3.13.2 keeps JSON integers that fit in 64 bits as integers
/// (`type:int`, #2222) where 3.11 made them floats. Such a file is what
/// sops 3.11 itself writes from YAML integers with `--output-type json`;
/// rsops prints the integers exactly, as sops does.
#[test]
fn json_integers_as_sops_3_13_2_writes_them() {
    let s = Scratch::new();
    let yaml = s.write("n.yaml", "big: 9007199254740993\nsmall: -5\n");
    let mut c = s.sops();
    c.args(["encrypt", "--age", &s.recipient, "--output-type", "json"])
        .arg(&yaml);
    let enc = String::from_utf8(ok(c)).unwrap();
    assert_eq!(enc.matches("type:int]").count(), 2, "{enc}");
    s.write("n.enc.json", enc);
    let out = common::both_print_the_same(&s, &["decrypt", "n.enc.json"]);
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "{\n\t\"big\": 9007199254740993,\n\t\"small\": -5\n}\n"
    );
}

/// sops 3.13 explains a top-level array instead of Go's unmarshalling
/// error (#2138); rsops says where and what the top level must be, with
/// sops' exit code 2.
#[test]
fn top_level_arrays_are_refused_with_a_clear_message() {
    let s = Scratch::new();
    s.write("list.json", "[1, 2]\n");
    s.write("list.yaml", "- a\n- b\n");
    let recipient = s.recipient.clone();
    let json = common::both_fail(&s, &["encrypt", "--age", &recipient, "list.json"], 2);
    assert_eq!(
        json,
        "rsops: list.json: cannot parse it as json: line 1, column 1: expected a JSON object at the top level (sops stores only objects)\n"
    );
    let yaml = common::both_fail(&s, &["encrypt", "--age", &recipient, "list.yaml"], 2);
    assert_eq!(
        yaml,
        "rsops: list.yaml: cannot parse it as yaml: line 1, column 1: YAML documents that are sequences are not supported: the top level must be a mapping\n"
    );
}
