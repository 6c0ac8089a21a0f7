//! `.sops.yaml` creation rules pick the same keys and crypt rules in rsops
//! as in sops, and key groups with Shamir's scheme cross between the two.

mod common;

use common::{fails, ok, Scratch};
use serde_json::Value;

const PLAIN: &str = "{\n\t\"data\": {\n\t\t\"password\": \"p\"\n\t},\n\t\"user\": \"u\"\n}\n";

fn encrypt(s: &Scratch, mut c: std::process::Command, file: &str) -> Value {
    let plain = s.write(file, PLAIN);
    c.arg("encrypt").arg(&plain);
    serde_json::from_slice(&ok(c)).unwrap()
}

fn recipients(doc: &Value) -> Vec<String> {
    let mut r: Vec<String> = doc["sops"]["age"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|k| k["recipient"].as_str().unwrap().to_owned())
                .collect()
        })
        .unwrap_or_default();
    r.sort();
    r
}

#[test]
fn first_matching_rule_is_used_by_both() {
    let s = Scratch::new();
    s.write(
        ".sops.yaml",
        format!(
            "creation_rules:\n  - path_regex: ^prod/.*\\.json$\n    age: {}\n    encrypted_regex: ^data$\n  - age: >-\n      {},\n      {}\n",
            s.other_recipient, s.recipient, s.other_recipient
        ),
    );
    for (file, want) in [
        ("prod/a.json", vec![s.other_recipient.clone()]),
        ("dev/a.json", {
            let mut v = vec![s.recipient.clone(), s.other_recipient.clone()];
            v.sort();
            v
        }),
    ] {
        let by_rsops = encrypt(&s, s.rsops(), file);
        let by_sops = encrypt(&s, s.sops(), file);
        assert_eq!(recipients(&by_rsops), want, "{file}");
        assert_eq!(recipients(&by_sops), want, "{file}");
        assert_eq!(
            by_rsops["sops"]["encrypted_regex"],
            by_sops["sops"]["encrypted_regex"]
        );
        assert_eq!(
            by_rsops["user"].as_str().unwrap().starts_with("ENC["),
            by_sops["user"].as_str().unwrap().starts_with("ENC[")
        );
    }
}

#[test]
fn config_is_found_from_the_working_directory_upward() {
    let s = Scratch::new();
    s.write(
        ".sops.yaml",
        format!("creation_rules:\n  - age: {}\n", s.recipient),
    );
    let nested = s.dir.path().join("a/b");
    std::fs::create_dir_all(&nested).unwrap();
    let plain = s.write("a/b/x.json", PLAIN);
    let mut c = s.rsops();
    c.current_dir(&nested).arg("encrypt").arg(&plain);
    let doc: Value = serde_json::from_slice(&ok(c)).unwrap();
    assert_eq!(recipients(&doc), vec![s.recipient.clone()]);
    // An explicit --config wins, and SOPS_CONFIG does the same.
    let other = s.write(
        "other.yaml",
        format!("creation_rules:\n  - age: {}\n", s.other_recipient),
    );
    for via_env in [false, true] {
        let mut c = s.rsops();
        if via_env {
            c.env("SOPS_CONFIG", &other);
        } else {
            c.arg("--config").arg(&other);
        }
        c.arg("encrypt").arg(&plain);
        let doc: Value = serde_json::from_slice(&ok(c)).unwrap();
        assert_eq!(recipients(&doc), vec![s.other_recipient.clone()]);
    }
}

#[test]
fn no_matching_rule_is_exit_1_even_with_keys_given() {
    let s = Scratch::new();
    s.write(
        ".sops.yaml",
        format!(
            "creation_rules:\n  - path_regex: \\.yaml$\n    age: {}\n",
            s.recipient
        ),
    );
    let plain = s.write("x.json", PLAIN);
    for mut c in [s.rsops(), s.sops()] {
        c.args(["encrypt", "--age", &s.recipient]).arg(&plain);
        fails(c, 1);
    }
}

#[test]
fn cli_crypt_rule_of_another_kind_conflicts_with_the_config() {
    let s = Scratch::new();
    s.write(
        ".sops.yaml",
        format!(
            "creation_rules:\n  - age: {}\n    encrypted_regex: ^data$\n",
            s.recipient
        ),
    );
    let plain = s.write("x.json", PLAIN);
    for mut c in [s.rsops(), s.sops()] {
        c.args(["encrypt", "--unencrypted-suffix", "_plain"])
            .arg(&plain);
        fails(c, 8);
    }
    // The same kind on the command line replaces the config's value.
    let mut c = s.rsops();
    c.args(["encrypt", "--encrypted-regex", "^user$"])
        .arg(&plain);
    let doc: Value = serde_json::from_slice(&ok(c)).unwrap();
    assert_eq!(doc["sops"]["encrypted_regex"], "^user$");
    assert_eq!(doc["data"]["password"], "p");
}

#[test]
fn a_broken_config_breaks_decrypt_too() {
    let s = Scratch::new();
    let plain = s.write("x.json", PLAIN);
    let mut c = s.rsops();
    c.args(["encrypt", "--age", &s.recipient]).arg(&plain);
    let enc = s.write("x.enc.json", ok(c));
    s.write(".sops.yaml", "creation_rules: [\n");
    let mut c = s.rsops();
    c.arg("decrypt").arg(&enc);
    let err = fails(c, 1);
    assert!(err.contains(".sops.yaml"), "{err}");
}

/// sops' decrypt and exec-* read only `stores:` from the config: a creation
/// rule they never use may be wrong (an invalid regex, a bad key) without
/// stopping them. rsops used to build every rule and exit 1.
#[test]
fn decrypt_reads_only_the_stores_of_the_config() {
    let s = Scratch::new();
    let plain = s.write("x.yaml", "data:\n    password: p\nuser: u\n");
    let mut c = s.rsops();
    c.args(["encrypt", "--age", &s.recipient]).arg(&plain);
    let enc = s.write("x.enc.yaml", ok(c));
    s.write(
        ".sops.yaml",
        "stores:\n  json:\n    indent: 2\ncreation_rules:\n  - path_regex: \"(\"\n    age: not-a-key\n",
    );
    // Written anew as JSON, with the config's indentation.
    let two_spaces = "{\n  \"data\": {\n    \"password\": \"p\"\n  },\n  \"user\": \"u\"\n}\n";
    for mut c in [s.sops(), s.rsops()] {
        c.args(["decrypt", "--output-type", "json"]).arg(&enc);
        assert_eq!(String::from_utf8(ok(c)).unwrap(), two_spaces);
    }
    for mut c in [s.sops(), s.rsops()] {
        c.args(["exec-file", "--no-fifo", "--output-type", "json"])
            .arg(&enc)
            .arg("cat {}");
        assert_eq!(String::from_utf8(ok(c)).unwrap(), two_spaces);
    }
}

#[test]
fn mac_only_encrypted_from_the_config() {
    let s = Scratch::new();
    s.write(".sops.yaml", format!("creation_rules:\n  - age: {}\n    encrypted_regex: ^data$\n    mac_only_encrypted: true\n", s.recipient));
    let plain = s.write("x.json", PLAIN);
    let mut c = s.rsops();
    c.arg("encrypt").arg(&plain);
    let enc = s.write("x.enc.json", ok(c));
    let doc: Value = serde_json::from_slice(&s.read("x.enc.json")).unwrap();
    assert_eq!(doc["sops"]["mac_only_encrypted"], true);
    // An unencrypted value may change without breaking the MAC.
    let edited = String::from_utf8(s.read("x.enc.json"))
        .unwrap()
        .replace("\"u\"", "\"changed\"");
    std::fs::write(&enc, edited).unwrap();
    for mut c in [s.rsops(), s.sops()] {
        c.arg("decrypt").arg(&enc);
        let out: Value = serde_json::from_slice(&ok(c)).unwrap();
        assert_eq!(out["user"], "changed");
    }
}

#[test]
fn shamir_key_groups_cross_with_sops() {
    let s = Scratch::new();
    s.write(
        ".sops.yaml",
        format!(
            "creation_rules:\n  - shamir_threshold: 2\n    key_groups:\n      - age: [{}]\n      - age: [{}]\n",
            s.recipient, s.other_recipient
        ),
    );
    let both = format!(
        "{}\n{}",
        std::fs::read_to_string(&s.key_file).unwrap(),
        std::fs::read_to_string(&s.other_key_file).unwrap()
    );
    let keys = s.write("both-keys.txt", both);
    for encryptor in ["rsops", "sops"] {
        let c = if encryptor == "rsops" {
            s.rsops()
        } else {
            s.sops()
        };
        let doc = encrypt(&s, c, "x.json");
        assert_eq!(doc["sops"]["shamir_threshold"], 2, "{encryptor}");
        assert_eq!(doc["sops"]["key_groups"].as_array().unwrap().len(), 2);
        let enc = s.write("x.enc.json", serde_json::to_vec(&doc).unwrap());
        for mut c in [s.rsops(), s.sops()] {
            c.env("SOPS_AGE_KEY_FILE", &keys).arg("decrypt").arg(&enc);
            let out: Value = serde_json::from_slice(&ok(c)).unwrap();
            assert_eq!(out["data"]["password"], "p", "{encryptor}");
        }
        // One group is not enough for a threshold of two.
        for mut c in [s.rsops(), s.sops()] {
            c.arg("decrypt").arg(&enc);
            fails(c, 128);
        }
    }
}

#[test]
fn store_indent_settings_shape_new_documents() {
    let s = Scratch::new();
    s.write(
        ".sops.yaml",
        format!(
            "creation_rules:\n  - age: {}\nstores:\n  json_binary:\n    indent: 2\n",
            s.recipient
        ),
    );
    let blob = s.write("blob.bin", "raw bytes\n");
    let mut c = s.rsops();
    c.arg("encrypt").arg(&blob);
    let out = String::from_utf8(ok(c)).unwrap();
    assert!(out.starts_with("{\n  \"data\": \"ENC["), "{out}");
    let enc = s.write("blob.enc", &out);
    // sops lays the same file out the same way.
    let mut c = s.sops();
    c.arg("encrypt").arg(&blob);
    assert!(String::from_utf8(ok(c))
        .unwrap()
        .starts_with("{\n  \"data\": \"ENC["));
    let mut c = s.rsops();
    c.arg("decrypt").arg(&enc);
    assert_eq!(ok(c), b"raw bytes\n");
}

/// The library does not print: its warnings reach stderr through the
/// command line, once each, with sops' wording.
#[test]
fn a_sops_yml_is_ignored_with_a_warning_on_stderr() {
    let s = Scratch::new();
    s.write(
        ".sops.yml",
        format!("creation_rules:\n  - age: {}\n", s.other_recipient),
    );
    let plain = s.write("x.json", PLAIN);
    let mut c = s.rsops();
    c.arg("encrypt").arg("--age").arg(&s.recipient).arg(&plain);
    let out = common::run(c);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    let warning = format!(
        "rsops: warning: {} is ignored; sops only reads .sops.yaml\n",
        s.path(".sops.yml").display()
    );
    assert_eq!(stderr, warning);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(recipients(&doc), vec![s.recipient.clone()]);
}
