//! The binary store: any bytes, NUL and 0xFF included, cross between rsops
//! and the real sops 3.11 unchanged in both directions.

mod common;

use common::{both_fail, both_print_the_same, decrypt, encrypt, Scratch};

/// Bytes that are not UTF-8, with NUL and 0xFF, from a fixed generator so
/// a failure can be reproduced.
fn awkward_bytes() -> Vec<u8> {
    let mut x: u32 = 0x9E37_79B9;
    let mut out: Vec<u8> = (0..4096)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            (x >> 24) as u8
        })
        .collect();
    out.extend_from_slice(&[0x00, 0xff, 0x00, 0xfe, 0xff, b'\n']);
    out
}

#[test]
fn arbitrary_bytes_round_trip_through_both_tools() {
    let s = Scratch::new();
    let data = awkward_bytes();
    let file = s.write("blob.bin", &data);
    let by_rsops = s.write("rsops.enc", encrypt(&s, false, &file));
    let by_sops = s.write("sops.enc", encrypt(&s, true, &file));
    for (encrypted, who) in [(&by_rsops, "rsops"), (&by_sops, "sops")] {
        for sops in [false, true] {
            assert!(
                decrypt(&s, sops, encrypted, &[]) == data,
                "{who}'s file decrypted by {} differs",
                if sops { "sops" } else { "rsops" }
            );
        }
    }
}

#[test]
fn the_envelope_is_json_with_data_and_sops_and_no_rule() {
    let s = Scratch::new();
    let file = s.write("hello.txt", "hello world\n");
    let enc = String::from_utf8(encrypt(&s, false, &file)).unwrap();
    assert!(enc.starts_with("{\n\t\"data\": \"ENC[AES256_GCM,"), "{enc}");
    assert!(enc.contains("\n\t\"sops\": {\n"), "{enc}");
    assert!(!enc.contains("unencrypted_suffix"), "{enc}");
}

/// Whether the crypt rule is written follows the input format, as in sops:
/// a binary file written as JSON has none, a YAML file written as binary
/// has one.
#[test]
fn the_rule_is_left_out_for_binary_input_whatever_the_output() {
    let s = Scratch::new();
    let bin = s.write("in.bin", "raw bytes");
    let yaml = s.write("in.yaml", "data: x\n");
    for (file, output_type) in [(&bin, "json"), (&yaml, "binary")] {
        let has_rule = |sops: bool| {
            let mut c = if sops { s.sops() } else { s.rsops() };
            c.args([
                "encrypt",
                "--age",
                &s.recipient,
                "--output-type",
                output_type,
            ])
            .arg(file);
            String::from_utf8(common::ok(c))
                .unwrap()
                .contains("unencrypted_suffix")
        };
        assert_eq!(has_rule(false), has_rule(true), "{output_type}");
    }
}

/// sops ignores crypt rules for binary files with a warning; so does rsops.
#[test]
fn a_crypt_rule_only_warns() {
    let s = Scratch::new();
    let file = s.write("hello.txt", "hello world\n");
    let mut c = s.rsops();
    c.args([
        "encrypt",
        "--age",
        &s.recipient,
        "--unencrypted-suffix",
        "_x",
    ])
    .arg(&file);
    let out = c.output().unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("warning") && stderr.contains("ignored"),
        "{stderr}"
    );
    let enc = s.write("hello.enc", &out.stdout);
    assert_eq!(decrypt(&s, true, &enc, &[]), b"hello world\n");
}

#[test]
fn extracting_data_prints_the_raw_bytes() {
    let s = Scratch::new();
    let data = awkward_bytes();
    let file = s.write("blob.bin", &data);
    s.write("blob.enc", encrypt(&s, true, &file));
    let out = both_print_the_same(&s, &["decrypt", "--extract", "[\"data\"]", "blob.enc"]);
    assert!(out == data);
}

#[test]
fn a_json_file_without_data_is_exit_4() {
    let s = Scratch::new();
    let file = s.write("x.json", r#"{"a": "b"}"#);
    s.write("x.enc.json", encrypt(&s, true, &file));
    let err = both_fail(&s, &["decrypt", "--output-type", "binary", "x.enc.json"], 4);
    assert!(err.contains("binary"), "{err}");
}
