//! Tampered files are refused by rsops exactly as by sops: the same exit
//! code for a moved value (25), reordered list elements or an edited
//! unencrypted value (51), and a missing or unbound MAC (51).

mod common;

use common::{fails, ok, run, Scratch};
use serde_json::{json, Value};

/// Encrypts `plain` with rsops and returns the encrypted document.
fn encrypted(s: &Scratch, plain: &Value) -> Value {
    let file = s.write("plain.json", serde_json::to_vec_pretty(plain).unwrap());
    let mut c = s.rsops();
    c.args(["encrypt", "--age", &s.recipient]).arg(&file);
    serde_json::from_slice(&ok(c)).unwrap()
}

/// Writes `doc` and checks that rsops and sops both exit with `code`.
fn both_refuse(s: &Scratch, doc: &Value, code: i32) -> String {
    let file = s.write("tampered.json", serde_json::to_vec_pretty(doc).unwrap());
    let mut c = s.sops();
    c.arg("decrypt").arg(&file);
    fails(c, code);
    let mut c = s.rsops();
    c.arg("decrypt").arg(&file);
    fails(c, code)
}

fn decrypt_ignoring_mac(s: &Scratch) -> Value {
    let mut c = s.rsops();
    c.args(["decrypt", "--ignore-mac"])
        .arg(s.path("tampered.json"));
    serde_json::from_slice(&ok(c)).unwrap()
}

#[test]
fn a_value_moved_to_another_key_does_not_decrypt() {
    let s = Scratch::new();
    let mut doc = encrypted(&s, &json!({"user": "admin", "password": "hunter2"}));
    doc["user"] = doc["password"].clone();
    let err = both_refuse(&s, &doc, 25);
    assert!(err.contains(r#"["user"]"#), "{err}");
    assert!(!err.contains("hunter2"), "{err}");
}

#[test]
fn swapped_list_elements_fail_the_mac_but_decrypt_with_ignore_mac() {
    let s = Scratch::new();
    let mut doc = encrypted(&s, &json!({"hosts": ["a.example", "b.example"]}));
    let hosts = doc["hosts"].as_array_mut().unwrap();
    hosts.swap(0, 1);
    let err = both_refuse(&s, &doc, 51);
    assert!(err.contains("MAC mismatch"), "{err}");
    assert_eq!(
        decrypt_ignoring_mac(&s),
        json!({"hosts": ["b.example", "a.example"]})
    );
}

#[test]
fn an_edited_unencrypted_value_fails_the_mac() {
    let s = Scratch::new();
    let mut doc = encrypted(&s, &json!({"secret": "x", "replicas_unencrypted": 3}));
    doc["replicas_unencrypted"] = json!(30);
    both_refuse(&s, &doc, 51);
    assert_eq!(
        decrypt_ignoring_mac(&s),
        json!({"secret": "x", "replicas_unencrypted": 30})
    );
}

#[test]
fn an_empty_mac_is_refused() {
    let s = Scratch::new();
    let mut doc = encrypted(&s, &json!({"secret": "x"}));
    doc["sops"]["mac"] = json!("");
    let err = both_refuse(&s, &doc, 51);
    assert!(err.contains("File has no MAC"), "{err}");
}

#[test]
fn the_mac_is_bound_to_lastmodified() {
    let s = Scratch::new();
    let mut doc = encrypted(&s, &json!({"secret": "x"}));
    let original = doc["sops"]["lastmodified"].as_str().unwrap().to_owned();
    doc["sops"]["lastmodified"] = json!("2001-01-01T00:00:00Z");
    let err = both_refuse(&s, &doc, 51);
    assert!(err.contains("Cannot decrypt MAC"), "{err}");
    // Other spellings of the same instant still verify, as in sops.
    for spelling in [
        original.replace('Z', "+00:00"),
        original.replace('Z', ".000Z"),
    ] {
        doc["sops"]["lastmodified"] = json!(spelling);
        let file = s.write("respelled.json", serde_json::to_vec_pretty(&doc).unwrap());
        for mut c in [s.rsops(), s.sops()] {
            c.arg("decrypt").arg(&file);
            ok(c);
        }
    }
}

#[test]
fn a_broken_enc_value_is_exit_25() {
    let s = Scratch::new();
    let mut doc = encrypted(&s, &json!({"secret": "x"}));
    doc["secret"] = json!("ENC[AES256_GCM,data:nonsense]");
    let err = both_refuse(&s, &doc, 25);
    assert!(err.contains("sops' data format"), "{err}");
}

#[test]
fn a_plain_number_where_a_secret_belongs_is_refused() {
    let s = Scratch::new();
    let mut doc = encrypted(&s, &json!({"secret": "x"}));
    doc["secret"] = json!(1);
    let file = s.write("tampered.json", serde_json::to_vec_pretty(&doc).unwrap());
    // sops panics here (exit 2); rsops reports the path.
    let mut c = s.rsops();
    c.arg("decrypt").arg(&file);
    let err = fails(c, 25);
    assert!(
        err.contains(r#"["secret"] should be encrypted but is a number"#),
        "{err}"
    );
    let mut c = s.sops();
    c.arg("decrypt").arg(&file);
    assert!(!run(c).status.success());
}
