//! TOML, an rsops extra: files come back byte for byte, hold the same tree
//! and metadata as JSON, and `--help` says sops cannot read them.

mod common;

use common::{corpus, decrypt, encrypt, name_of, ok, Scratch};

#[test]
fn corpus_round_trips_byte_for_byte() {
    let s = Scratch::new();
    for file in corpus("toml") {
        let name = name_of(&file);
        let enc = s.write(&format!("enc-{name}"), encrypt(&s, false, &file));
        let text = String::from_utf8(std::fs::read(&enc).unwrap()).unwrap();
        assert!(text.contains("\n[sops]\n"), "{name}: {text}");
        common::assert_same(
            &decrypt(&s, false, &enc, &[]),
            &std::fs::read(&file).unwrap(),
            &format!("{name}: encrypt + decrypt changed the file"),
        );
    }
}

/// TOML values keep their types in the tree (encrypted as int, float,
/// bool, str) and convert to the JSON the same data would be.
#[test]
fn values_keep_their_types() {
    let s = Scratch::new();
    let (enc, text) = common::rsops_encrypted(
        &s,
        "a.toml",
        "s = 'x'\nn = 5\nf = 1.5\nb = true\n[t]\nl = [1, 'y']\n[t.deep]\nk = \"v\"\n",
    );
    for ty in ["type:str", "type:int", "type:float", "type:bool"] {
        assert!(text.contains(ty), "{ty}: {text}");
    }
    let json = decrypt(&s, false, &enc, &["--output-type", "json"]);
    assert_eq!(
        String::from_utf8(json).unwrap(),
        "{\n\t\"s\": \"x\",\n\t\"n\": 5,\n\t\"f\": 1.5,\n\t\"b\": true,\n\t\"t\": {\n\t\t\"l\": [\n\t\t\t1,\n\t\t\t\"y\"\n\t\t],\n\t\t\"deep\": {\n\t\t\t\"k\": \"v\"\n\t\t}\n\t}\n}\n"
    );
}

#[test]
fn the_sops_table_and_bad_input_are_refused_like_the_other_stores() {
    let s = Scratch::new();
    s.write("plain.toml", "a = 1\n[sops]\nversion = '3.11.0'\n");
    let mut c = s.rsops();
    c.args(["encrypt", "--age", &s.recipient, "plain.toml"]);
    common::fails(c, 203);
    let text = "a = 1\nb = = 2\n";
    s.write("bad.toml", text);
    let mut c = s.rsops();
    c.args(["encrypt", "-i", "--age", &s.recipient, "bad.toml"]);
    let err = common::fails(c, 2);
    assert!(err.contains("bad.toml") && err.contains("line 2"), "{err}");
    assert_eq!(s.read("bad.toml"), text.as_bytes());
}

#[test]
fn help_says_sops_cannot_read_toml() {
    let s = Scratch::new();
    let mut c = s.rsops();
    c.args(["encrypt", "--help"]);
    let help = String::from_utf8(ok(c)).unwrap();
    // Help is wrapped to the terminal width: compare the words.
    let words = help.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(words.contains("sops cannot read TOML"), "{help}");
}

/// Comments are encrypted like the other stores' comments (above keys and
/// tables, after values, inside arrays, at the end), except under an
/// `_unencrypted` key.
#[test]
fn comments_are_encrypted_except_under_unencrypted_keys() {
    let s = Scratch::new();
    let file = corpus("toml")
        .into_iter()
        .find(|f| f.ends_with("comments-everywhere.toml"))
        .unwrap();
    let enc = String::from_utf8(encrypt(&s, false, &file)).unwrap();
    let plain: Vec<&str> = enc
        .lines()
        .filter_map(|l| l.split_once('#').map(|(_, c)| c))
        .filter(|c| !c.starts_with("ENC[AES256_GCM,"))
        .collect();
    assert_eq!(plain, [" visible comment"], "{enc}");
}
