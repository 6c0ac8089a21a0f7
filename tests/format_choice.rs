//! Which store reads and which writes, chosen as sops chooses
//! (docs/format.md §5.1): the output follows --output-type or the file
//! name, never the input type.

mod common;

use std::process::Stdio;

use common::{both_fail, both_print_the_same, encrypt, Scratch};

#[test]
fn the_output_store_follows_the_file_name_not_the_input_type() {
    let s = Scratch::new();
    let file = s.write("x.json", r#"{"a": "b"}"#);
    s.write("x.txt", encrypt(&s, true, &file));
    let err = both_fail(&s, &["decrypt", "--input-type", "json", "x.txt"], 4);
    assert!(err.contains("binary"), "{err}");
    let out = both_print_the_same(
        &s,
        &[
            "decrypt",
            "--input-type",
            "json",
            "--output-type",
            "dotenv",
            "x.txt",
        ],
    );
    assert_eq!(out, b"a=b\n");
}

#[test]
fn standard_input_is_binary_unless_a_file_name_is_given() {
    let s = Scratch::new();
    let file = s.write("a.env", "A=1\n");
    let enc = s.write("a.enc.env", encrypt(&s, true, &file));
    for (tool, mut c) in [("sops", s.sops()), ("rsops", s.rsops())] {
        c.args(["decrypt", "--filename-override", "whatever.env"])
            .stdin(Stdio::from(std::fs::File::open(&enc).unwrap()));
        assert_eq!(common::ok(c), b"A=1\n", "{tool}");
    }
    for (tool, mut c) in [("sops", s.sops()), ("rsops", s.rsops())] {
        c.arg("decrypt")
            .stdin(Stdio::from(std::fs::File::open(&enc).unwrap()));
        let out = c.output().unwrap();
        assert_ne!(
            out.status.code(),
            Some(0),
            "{tool} read dotenv from stdin as binary"
        );
    }
}

/// sops reads an unknown type name as "from the file name"; rsops refuses
/// it on purpose (a typo such as `env` would read a dotenv file as binary),
/// with exit 1 and the valid names (tests/ux_cli.rs has the message).
#[test]
fn an_unknown_type_name_falls_back_in_sops_and_is_refused_by_rsops() {
    let s = Scratch::new();
    let file = s.write("a.ini", "[s]\nk = v\n");
    s.write("a.enc.ini", encrypt(&s, true, &file));
    let args = ["decrypt", "--output-type", "nonsense", "a.enc.ini"];
    let mut c = s.sops();
    c.args(args);
    assert_eq!(common::ok(c), b"[s]\nk = v\n");
    let mut c = s.rsops();
    c.args(args);
    assert!(
        common::fails(c, 1).contains("[possible values: yaml, json, dotenv, ini, binary, toml]")
    );
}
