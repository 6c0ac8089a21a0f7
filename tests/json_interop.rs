//! JSON files cross between rsops and the real sops 3.11 in both
//! directions, and come back from rsops byte for byte.

mod common;

use common::{corpus, ok, Scratch};

/// Parses JSON with every number as an f64, which is how sops sees numbers.
fn parse(bytes: &[u8], what: &str) -> serde_json::Value {
    fn floats(v: serde_json::Value) -> serde_json::Value {
        use serde_json::Value;
        match v {
            Value::Number(n) => serde_json::json!(n.as_f64().expect("finite")),
            Value::Array(a) => Value::Array(a.into_iter().map(floats).collect()),
            Value::Object(o) => Value::Object(o.into_iter().map(|(k, v)| (k, floats(v))).collect()),
            other => other,
        }
    }
    floats(serde_json::from_slice(bytes).unwrap_or_else(|e| panic!("{what} is not JSON: {e}")))
}

#[test]
fn rsops_round_trip_gives_back_the_original_bytes() {
    let s = Scratch::new();
    for file in corpus("json") {
        let original = std::fs::read(&file).unwrap();
        let enc = s.write("in.enc.json", {
            let mut c = s.rsops();
            c.args(["encrypt", "--age", &s.recipient]).arg(&file);
            ok(c)
        });
        let mut c = s.rsops();
        c.arg("decrypt").arg(&enc);
        let decrypted = ok(c);
        assert_eq!(
            String::from_utf8_lossy(&decrypted),
            String::from_utf8_lossy(&original),
            "{} did not survive encrypt + decrypt",
            file.display()
        );
    }
}

#[test]
fn sops_decrypts_what_rsops_encrypts_with_a_valid_mac() {
    let s = Scratch::new();
    for file in corpus("json") {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let by_rsops = s.write(&format!("rsops-{name}"), {
            let mut c = s.rsops();
            c.args(["encrypt", "--age", &s.recipient]).arg(&file);
            ok(c)
        });
        let by_sops = s.write(&format!("sops-{name}"), {
            let mut c = s.sops();
            c.args(["encrypt", "--age", &s.recipient]).arg(&file);
            ok(c)
        });
        // sops checks the MAC on decrypt, so success proves it matches.
        let from_rsops = ok({
            let mut c = s.sops();
            c.arg("decrypt").arg(&by_rsops);
            c
        });
        let from_sops = ok({
            let mut c = s.sops();
            c.arg("decrypt").arg(&by_sops);
            c
        });
        assert_eq!(
            String::from_utf8_lossy(&from_rsops),
            String::from_utf8_lossy(&from_sops),
            "sops reads {name} differently when rsops encrypted it"
        );
    }
}

#[test]
fn rsops_decrypts_what_sops_encrypts_to_the_same_data() {
    let s = Scratch::new();
    for file in corpus("json") {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let by_sops = s.write(&format!("sops-{name}"), {
            let mut c = s.sops();
            c.args(["encrypt", "--age", &s.recipient]).arg(&file);
            ok(c)
        });
        let by_rsops = ok({
            let mut c = s.rsops();
            c.arg("decrypt").arg(&by_sops);
            c
        });
        let by_sops_again = ok({
            let mut c = s.sops();
            c.arg("decrypt").arg(&by_sops);
            c
        });
        assert_eq!(
            parse(&by_rsops, "rsops' output"),
            parse(&by_sops_again, "sops' output"),
            "{name}"
        );
        assert_eq!(
            parse(&by_rsops, "rsops' output"),
            parse(&std::fs::read(&file).unwrap(), "the original"),
            "{name}"
        );
    }
}

/// A file that sops wrote in its default layout decrypts with rsops to
/// exactly what `sops decrypt` prints.
#[test]
fn sops_layout_decrypts_to_the_same_bytes_as_sops() {
    let s = Scratch::new();
    let file = corpus("json")
        .into_iter()
        .find(|f| f.ends_with("tab-indented-like-sops.json"))
        .unwrap();
    let by_sops = s.write("x.json", {
        let mut c = s.sops();
        c.args(["encrypt", "--age", &s.recipient]).arg(&file);
        ok(c)
    });
    let rsops_out = ok({
        let mut c = s.rsops();
        c.arg("decrypt").arg(&by_sops);
        c
    });
    let sops_out = ok({
        let mut c = s.sops();
        c.arg("decrypt").arg(&by_sops);
        c
    });
    assert_eq!(
        String::from_utf8_lossy(&rsops_out),
        String::from_utf8_lossy(&sops_out)
    );
}

#[test]
fn metadata_layout_matches_sops() {
    let s = Scratch::new();
    let file = s.write("plain.json", "{\n\t\"a\": \"b\"\n}\n");
    let enc = String::from_utf8(ok({
        let mut c = s.rsops();
        c.args(["encrypt", "--age", &s.recipient]).arg(&file);
        c
    }))
    .unwrap();
    // Everything but the random parts, in sops' field order and layout.
    let shape: String = enc
        .lines()
        .map(|l| {
            let l = regex_lite(l);
            format!("{l}\n")
        })
        .collect();
    insta::assert_snapshot!(shape);
}

/// Replaces the random parts of a line (ciphertext, recipient, time).
fn regex_lite(line: &str) -> String {
    let mut out = line.to_owned();
    for (start, end) in [
        ("ENC[", "]"),
        ("age1", "\""),
        ("-----BEGIN", "\""),
        ("\"lastmodified\": \"", "\""),
    ] {
        if let Some(i) = out.find(start) {
            let from = i + start.len();
            if let Some(j) = out[from..].find(end) {
                out.replace_range(from..from + j, "…");
            }
        }
    }
    out
}

/// sops keeps a YAML list's comments when it writes the file as JSON, as
/// `ENC[…,type:comment]` elements, and leaves them out when it decrypts
/// the JSON: the list has its data only, in both tools.
#[test]
fn list_comments_stored_in_json_are_left_out_on_decrypt() {
    let s = Scratch::new();
    let yaml = s.write("in.yaml", "list:\n  - a\n  # c1\n  - b\n");
    let by_sops = s.write("s.json", {
        let mut c = s.sops();
        c.args(["encrypt", "--age", &s.recipient, "--output-type", "json"])
            .arg(&yaml);
        ok(c)
    });
    assert!(
        std::fs::read_to_string(&by_sops)
            .unwrap()
            .contains("type:comment"),
        "sops stored the comment"
    );
    let decrypt = |tool: &str| {
        let mut c = s.tool(tool);
        c.arg("decrypt").arg(&by_sops);
        String::from_utf8(ok(c)).unwrap()
    };
    let rsops = decrypt("rsops");
    assert_eq!(rsops, decrypt("sops"));
    assert!(!rsops.contains("c1"), "{rsops}");
}
