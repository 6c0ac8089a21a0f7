//! dotenv files cross between rsops and the real sops 3.11 in both
//! directions, come back from rsops byte for byte, and fail like sops.

mod common;

use common::{both_fail, both_print_the_same, check_corpus_with_sops, encrypt, Scratch};

#[test]
fn corpus_round_trips_and_crosses_with_sops_both_ways() {
    check_corpus_with_sops("dotenv");
}

/// docs/format.md §4.4: `sops_`-prefixed, sorted by name, newlines written
/// as `\n`.
#[test]
fn metadata_lines_are_prefixed_sorted_and_escaped() {
    let s = Scratch::new();
    let file = s.write("a.env", "A=1\n");
    let enc = String::from_utf8(encrypt(&s, false, &file)).unwrap();
    let names: Vec<&str> = enc
        .lines()
        .filter_map(|l| l.strip_prefix("sops_"))
        .map(|l| l.split('=').next().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "age__list_0__map_enc",
            "age__list_0__map_recipient",
            "lastmodified",
            "mac",
            "unencrypted_suffix",
            "version"
        ]
    );
    let enc_line = enc
        .lines()
        .find(|l| l.starts_with("sops_age__list_0__map_enc="))
        .unwrap();
    assert!(
        enc_line.contains("-----BEGIN AGE ENCRYPTED FILE-----\\n"),
        "{enc_line}"
    );
    assert!(
        enc_line.ends_with("-----END AGE ENCRYPTED FILE-----\\n"),
        "{enc_line}"
    );
}

#[test]
fn sops_keys_in_a_plain_file_are_exit_203() {
    let s = Scratch::new();
    s.write("plain.env", "A=1\nsops_version=3.11.0\n");
    let err = both_fail(&s, &["encrypt", "--age", &s.recipient, "plain.env"], 203);
    assert!(err.contains("plain.env"), "{err}");
}

/// Only `sops_*` keys are metadata; a key named `sops` is data to sops.
#[test]
fn a_key_named_sops_is_data() {
    let s = Scratch::new();
    let file = s.write("a.env", "sops=1\n");
    s.write("a.enc.env", encrypt(&s, false, &file));
    assert_eq!(
        both_print_the_same(&s, &["decrypt", "a.enc.env"]),
        b"sops=1\n"
    );
}

#[test]
fn a_line_without_equals_is_exit_2_with_its_number_and_the_file_is_untouched() {
    let s = Scratch::new();
    let text = "A=1\n\nthis line is wrong\n";
    s.write("bad.env", text);
    let err = both_fail(&s, &["encrypt", "-i", "--age", &s.recipient, "bad.env"], 2);
    assert!(err.contains("bad.env") && err.contains("line 3"), "{err}");
    assert!(
        !err.contains("this line is wrong"),
        "a line may be a secret: {err}"
    );
    assert_eq!(s.read("bad.env"), text.as_bytes());
}

#[test]
fn decrypting_a_file_without_metadata_is_exit_1() {
    let s = Scratch::new();
    s.write("plain.env", "A=1\n");
    let err = both_fail(&s, &["decrypt", "plain.env"], 1);
    assert!(err.contains("metadata not found"), "{err}");
}

/// `ValueToString`: floats as Go `%G` with `.0` added, `<nil>` for null,
/// `\n` for newlines.
#[test]
fn json_decrypts_to_dotenv_as_sops_writes_it() {
    let s = Scratch::new();
    let file = s.write(
        "c.json",
        r#"{"s": "x\ny", "n": 1000, "f": 2.5, "big": 1e21, "small": 1e-7, "neg": -0.0, "t": true, "z": null, "e": ""}"#,
    );
    s.write("c.enc.json", encrypt(&s, true, &file));
    let out = both_print_the_same(&s, &["decrypt", "--output-type", "dotenv", "c.enc.json"]);
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "s=x\\ny\nn=1000.0\nf=2.5\nbig=1E+21\nsmall=1E-07\nneg=-0.0\nt=true\nz=<nil>\ne=\n"
    );
    let nested = s.write("n.json", r#"{"a": {"b": 1}}"#);
    s.write("n.enc.json", encrypt(&s, true, &nested));
    let err = both_fail(&s, &["decrypt", "--output-type", "dotenv", "n.enc.json"], 4);
    assert!(err.contains("complex value"), "{err}");
}

#[test]
fn dotenv_decrypts_to_json_as_sops_writes_it() {
    let s = Scratch::new();
    let file = s.write("a.env", "# c\nQ=\"quoted\"\nNL=a\\nb\n");
    s.write("a.enc.env", encrypt(&s, false, &file));
    let out = both_print_the_same(&s, &["decrypt", "--output-type", "json", "a.enc.env"]);
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "{\n\t\"Q\": \"\\\"quoted\\\"\",\n\t\"NL\": \"a\\nb\"\n}\n"
    );
}

#[test]
fn extract_prints_one_value_raw() {
    let s = Scratch::new();
    common::rsops_encrypted(&s, "a.env", "A=one\nB=two\n");
    let out = both_print_the_same(&s, &["decrypt", "--extract", "[\"B\"]", "enc-a.env"]);
    assert_eq!(out, b"two");
}

/// The encrypted layout: blank lines and comments where they were, the
/// `sops_*` lines sorted at the end.
#[test]
fn encrypted_layout() {
    let s = Scratch::new();
    let text = "# about\nA=1\n\nexport B = \"two\"\nC_unencrypted=visible\n";
    let (_, enc) = common::rsops_encrypted(&s, "a.env", text);
    insta::assert_snapshot!(common::redact(&enc));
}
