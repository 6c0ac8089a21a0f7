//! The command line behaves like sops': flags, legacy mode, standard input,
//! output destinations, `--extract`, and exit codes for bad input. Bad input
//! never changes the file on disk.

mod common;

use std::io::Write;
use std::process::Stdio;

use common::{fails, ok, run, Scratch};

fn encrypt_file(s: &Scratch, name: &str, text: &str) -> std::path::PathBuf {
    let plain = s.write(&format!("plain-{name}"), text);
    let mut c = s.rsops();
    c.args(["encrypt", "--age", &s.recipient]).arg(&plain);
    s.write(name, ok(c))
}

fn with_stdin(mut c: std::process::Command, input: &[u8]) -> std::process::Output {
    c.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = c.spawn().unwrap();
    // The command may refuse before reading its input.
    let _ = child.stdin.take().unwrap().write_all(input);
    child.wait_with_output().unwrap()
}

#[test]
fn legacy_flags_work_like_subcommands() {
    let s = Scratch::new();
    let plain = s.write("a.json", "{\"k\": \"v\"}\n");
    let mut c = s.rsops();
    c.args(["-e", "--age", &s.recipient]).arg(&plain);
    let enc = s.write("a.enc.json", ok(c));
    let mut c = s.rsops();
    c.arg("-d").arg(&enc);
    assert_eq!(ok(c), b"{\"k\": \"v\"}\n");
}

/// A regex is compiled with Go's meaning but stored as written, so sops
/// reads the metadata and the MAC as rsops wrote them.
#[test]
fn a_regex_rule_is_stored_as_written() {
    let s = Scratch::new();
    let plain = s.write("rg.yaml", "password1: x\nuser: u\n");
    let mut c = s.rsops();
    c.args([
        "encrypt",
        "--age",
        &s.recipient,
        "--encrypted-regex",
        r"\bpass\w*\d",
    ])
    .arg(&plain);
    let enc = s.write("rg.enc.yaml", ok(c));
    let text = std::fs::read_to_string(&enc).unwrap();
    assert!(text.contains(r"encrypted_regex: \bpass\w*\d"), "{text}");
    let mut c = s.sops();
    c.arg("decrypt").arg(&enc);
    assert_eq!(ok(c), b"password1: x\nuser: u\n");
}

/// A flag given twice takes its last value, in both tools.
#[test]
fn a_repeated_flag_takes_its_last_value() {
    let s = Scratch::new();
    let plain = s.write("r.yaml", "a_x: 1\nb_y: 2\n");
    for tool in ["sops", "rsops"] {
        let mut c = s.tool(tool);
        c.args(["encrypt", "--age", &s.recipient, "--age", &s.recipient])
            .args(["--encrypted-suffix", "_x", "--encrypted-suffix", "_y"])
            .arg(&plain);
        let out = String::from_utf8(ok(c)).unwrap();
        assert!(out.starts_with("a_x: 1\nb_y: ENC["), "{tool}: {out}");
    }
}

#[test]
fn in_place_and_output_files() {
    let s = Scratch::new();
    let file = s.write("a.json", "{\"k\": \"v\"}\n");
    let mut c = s.rsops();
    c.args(["encrypt", "-i", "--age", &s.recipient]).arg(&file);
    assert!(ok(c).is_empty());
    assert!(String::from_utf8(s.read("a.json"))
        .unwrap()
        .contains("ENC[AES256_GCM"));
    let out = s.path("out.json");
    let mut c = s.rsops();
    c.arg("decrypt").arg(&file).arg("--output").arg(&out);
    ok(c);
    assert_eq!(std::fs::read(&out).unwrap(), b"{\"k\": \"v\"}\n");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "decrypted output files are private");
    }
    let mut c = s.rsops();
    c.args(["decrypt", "-i"]).arg(&file);
    ok(c);
    assert_eq!(s.read("a.json"), b"{\"k\": \"v\"}\n");
}

/// Files of 64 KiB and more are mapped rather than read; an in-place
/// encrypt and decrypt of one replaces the mapped file by rename and gives
/// back its bytes, and sops reads what rsops wrote.
#[test]
fn large_files_in_place() {
    let s = Scratch::new();
    let mut text = String::from("{\n");
    for i in 0..4000 {
        text.push_str(&format!("    \"key_{i:04}\": \"value number {i} é\",\n"));
    }
    text.push_str("    \"last\": 1.50\n}\n");
    assert!(text.len() > 64 * 1024);
    let file = s.write("big.json", &text);
    let mut c = s.rsops();
    c.args(["encrypt", "-i", "--age", &s.recipient]).arg(&file);
    ok(c);
    let encrypted = String::from_utf8(s.read("big.json")).unwrap();
    // 4,001 values and the MAC.
    assert_eq!(encrypted.matches("ENC[AES256_GCM").count(), 4002);
    let mut c = s.sops();
    c.arg("decrypt").arg(&file);
    let from_sops: serde_json::Value = serde_json::from_slice(&ok(c)).unwrap();
    assert_eq!(
        from_sops,
        serde_json::from_str::<serde_json::Value>(&text).unwrap()
    );
    let mut c = s.rsops();
    c.args(["decrypt", "-i"]).arg(&file);
    ok(c);
    assert_eq!(s.read("big.json"), text.as_bytes());
}

#[test]
fn standard_input() {
    let s = Scratch::new();
    let mut c = s.rsops();
    c.args([
        "encrypt",
        "--age",
        &s.recipient,
        "--filename-override",
        "x.json",
    ]);
    let out = with_stdin(c, b"{\"k\": \"v\"}");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut c = s.rsops();
    c.args(["decrypt", "--input-type", "json", "--output-type", "json"]);
    let out = with_stdin(c, &out.stdout);
    assert_eq!(out.stdout, b"{\"k\": \"v\"}");
}

#[test]
fn conflicting_parameters_are_exit_8() {
    let s = Scratch::new();
    let file = s.write("a.json", "{\"k\": \"v\"}\n");
    let mut c = s.rsops();
    c.args(["encrypt", "-i", "--output", "x.json", "--age", &s.recipient])
        .arg(&file);
    fails(c, 8);
    let mut c = s.rsops();
    c.args(["encrypt", "--age", &s.recipient]);
    let out = with_stdin(c, b"{}");
    assert_eq!(out.status.code(), Some(8));
    let mut c = s.rsops();
    c.args(["decrypt", "-i"]);
    assert_eq!(with_stdin(c, b"{}").status.code(), Some(8));
    let mut c = s.rsops();
    c.args([
        "encrypt",
        "--age",
        &s.recipient,
        "--encrypted-regex",
        "a",
        "--unencrypted-regex",
        "b",
    ])
    .arg(&file);
    fails(c, 8);
}

#[test]
fn missing_file_is_exit_100_and_unknown_flag_exit_1() {
    let s = Scratch::new();
    for sub in ["encrypt", "decrypt"] {
        let mut c = s.rsops();
        c.args([sub, "--age", &s.recipient, "missing.json"]);
        if sub == "decrypt" {
            c = s.rsops();
            c.args([sub, "missing.json"]);
        }
        let err = fails(c, 100);
        assert!(err.contains("missing.json"), "{err}");
    }
    let mut c = s.rsops();
    c.args(["decrypt", "--no-such-flag", "x.json"]);
    fails(c, 1);
}

#[test]
fn no_keys_is_exit_1() {
    let s = Scratch::new();
    let file = s.write("a.json", "{\"k\": \"v\"}\n");
    let mut c = s.rsops();
    c.arg("encrypt").arg(&file);
    let err = fails(c, 1);
    assert!(err.contains("--age"), "{err}");
}

#[test]
fn bad_input_is_reported_with_its_place_and_the_file_is_untouched() {
    let s = Scratch::new();
    for (text, code, needle) in [
        (
            "{\n  \"a\": 1,\n  \"b\": [1, 2,]\n}\n",
            2,
            "line 3, column 14",
        ),
        ("[1, 2]\n", 2, "expected a JSON object"),
        ("", 2, "expected a JSON object"),
        (
            "{\"sops\": {\"version\": \"3.11.0\"}}",
            203,
            "already has sops metadata",
        ),
    ] {
        let file = s.write("bad.json", text);
        let mut c = s.rsops();
        c.args(["encrypt", "-i", "--age", &s.recipient]).arg(&file);
        let err = fails(c, code);
        assert!(
            err.contains("bad.json") && err.contains(needle),
            "{text:?}: {err}"
        );
        assert_eq!(s.read("bad.json"), text.as_bytes(), "{text:?} was changed");
    }
    assert_eq!(
        std::fs::read_dir(s.dir.path()).unwrap().count(),
        3,
        "no temporary files are left"
    );
}

#[test]
fn a_file_to_decrypt_that_does_not_parse_is_exit_1_as_in_sops() {
    let s = Scratch::new();
    for (name, text) in [
        ("bad.json", "{\"a\": "),
        ("bad.yaml", "a: [\n"),
        ("bad.env", "noequals\n"),
        ("list.json", "[1]"),
    ] {
        let file = s.write(name, text);
        for tool in ["sops", "rsops"] {
            let mut c = s.tool(tool);
            c.arg("decrypt").arg(&file);
            let err = fails(c, 1);
            assert!(tool == "sops" || err.contains(name), "{err}");
        }
    }
}

#[test]
fn decrypt_errors_leave_the_file_untouched() {
    let s = Scratch::new();
    let plain = s.write("plain.json", "{\"k\": \"v\"}\n");
    let mut c = s.rsops();
    c.arg("decrypt").arg(&plain);
    let err = fails(c, 1);
    assert!(err.contains("sops metadata not found"), "{err}");
    let enc = encrypt_file(&s, "a.json", "{\"k\": \"v\"}\n");
    let before = std::fs::read(&enc).unwrap();
    let mut c = s.rsops();
    c.env("SOPS_AGE_KEY_FILE", &s.other_key_file)
        .args(["decrypt", "-i"])
        .arg(&enc);
    let err = fails(c, 128);
    assert!(
        err.contains(&s.recipient) && err.contains("a.json"),
        "{err}"
    );
    assert_eq!(std::fs::read(&enc).unwrap(), before);
}

#[test]
fn metadata_without_usable_keys() {
    let s = Scratch::new();
    let meta = |keys: &str| {
        format!(
            "{{\"k\": \"ENC[AES256_GCM,data:AA==,iv:AA==,tag:AA==,type:str]\", \"sops\": {{{keys}\"lastmodified\": \"2024-01-02T03:04:05Z\", \"mac\": \"\", \"version\": \"3.11.0\"}}}}"
        )
    };
    let file = s.write("nokeys.json", meta(""));
    let mut c = s.rsops();
    c.arg("decrypt").arg(&file);
    let err = fails(c, 1);
    assert!(err.contains("No keys found"), "{err}");
    let hckms = r#""hckms": [{"key_id": "cn-north-4:0f6d2a7c", "created_at": "2024-01-02T03:04:05Z", "enc": "AQ=="}], "#;
    let file = s.write("hckms.json", meta(hckms));
    let mut c = s.rsops();
    c.arg("decrypt").arg(&file);
    let err = fails(c, 128);
    assert!(
        err.contains("HuaweiCloud KMS key cn-north-4:0f6d2a7c")
            && err.contains("does not support")
            && err.contains("HUAWEICLOUD_SDK_AK"),
        "{err}"
    );
}

#[test]
fn extract() {
    let s = Scratch::new();
    let enc = encrypt_file(
        &s,
        "a.json",
        "{\"db\": {\"password\": \"hunter2\", \"port\": 5432}, \"l\": [1]}\n",
    );
    let extract = |path: &str| {
        let mut c = s.rsops();
        c.args(["decrypt", "--extract", path]).arg(&enc);
        run(c)
    };
    assert_eq!(extract(r#"["db"]["password"]"#).stdout, b"hunter2");
    assert_eq!(extract(r#"["db"]["port"]"#).stdout, b"5432");
    assert_eq!(
        extract(r#"["db"]"#).stdout,
        b"{\n\t\"password\": \"hunter2\",\n\t\"port\": 5432\n}\n"
    );
    assert_eq!(extract("db").status.code(), Some(91));
    assert_eq!(extract(r#"["l"][3]"#).status.code(), Some(1));
    assert_eq!(extract(r#"["nope"]"#).status.code(), Some(1));
    // As sops: an empty path is the whole file, and indices are read as
    // Go's Atoi reads them.
    assert_eq!(
        extract("").stdout,
        b"{\"db\": {\"password\": \"hunter2\", \"port\": 5432}, \"l\": [1]}\n"
    );
    assert_eq!(extract(r#"["l"][-0]"#).stdout, b"1");
    assert_eq!(
        extract(r#"["l"][9223372036854775808]"#).status.code(),
        Some(91)
    );
}

#[test]
fn decryption_order_duplicates_are_exit_112() {
    let s = Scratch::new();
    let enc = encrypt_file(&s, "a.json", "{\"k\": \"v\"}\n");
    let mut c = s.rsops();
    c.args(["decrypt", "--decryption-order", "age,age"])
        .arg(&enc);
    fails(c, 112);
}

#[test]
fn binary_files_round_trip_exactly() {
    let s = Scratch::new();
    let bytes: Vec<u8> = (0..=255u8).chain([0, 0xff, b'\n']).collect();
    let file = s.write("blob.bin", &bytes);
    let mut c = s.rsops();
    c.args(["encrypt", "--age", &s.recipient]).arg(&file);
    let enc = s.write("blob.enc", ok(c));
    for mut c in [s.rsops(), s.sops()] {
        c.arg("decrypt").arg(&enc);
        assert_eq!(ok(c), bytes);
    }
}

#[test]
fn version_and_help() {
    let s = Scratch::new();
    let mut c = s.rsops();
    c.arg("--version");
    let v = String::from_utf8(ok(c)).unwrap();
    assert!(
        v.starts_with("rsops ") && v.contains("sops 3.11.0 compatible"),
        "{v}"
    );
    let mut c = s.rsops();
    c.args(["encrypt", "--help"]);
    insta::assert_snapshot!(String::from_utf8(ok(c)).unwrap());
}
