//! `rsops config explain`: the rule it names for a path is the one sops
//! uses (checked by encrypting with sops and looking at the recipient), and
//! it warns about `.sops.yml` and rules that no file matches.

mod common;

use common::{ok, Scratch};

#[test]
fn explain_names_the_rule_sops_uses_and_warns() {
    let s = Scratch::new();
    s.write(
        ".sops.yaml",
        format!(
            "creation_rules:\n  - path_regex: ^prod/\n    age: {}\n    encrypted_regex: ^pass\n  - path_regex: \\.yaml$\n    age: {}\n  - path_regex: ^prod/only\n    age: {}\n  - path_regex: ^nothing/\n    age: {}\n",
            s.recipient, s.other_recipient, s.other_recipient, s.other_recipient
        ),
    );
    s.write("prod/a.yaml", "password: x\n");
    s.write("prod/only.yaml", "password: z\n");
    s.write("dev/b.yaml", "password: y\n");
    s.write("dev/c.json", "{}\n");
    s.write("dev/.sops.yml", "creation_rules: []\n");

    let mut c = s.rsops();
    c.current_dir(s.path("dev"))
        .args(["config", "explain", "../prod/a.yaml", "b.yaml", "c.json"]);
    let out = c.output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    let config = s.path(".sops.yaml");
    assert!(
        text.starts_with(&format!(
            "config: {} (the first .sops.yaml found",
            config.display()
        )),
        "{text}"
    );
    let section = |name: &str| -> String {
        let start = text
            .find(&format!("\n{name}\n"))
            .unwrap_or_else(|| panic!("{name}: {text}"));
        let rest = &text[start + 1..];
        rest[..rest.find("\n\n").unwrap_or(rest.len())].to_owned()
    };
    let a = section("../prod/a.yaml");
    assert!(
        a.contains("path_regex is matched against: prod/a.yaml"),
        "{a}"
    );
    assert!(
        a.contains("creation rule 1 (path_regex ^prod/): matches"),
        "{a}"
    );
    assert!(a.contains(&format!("keys: age {}", s.recipient)), "{a}");
    assert!(a.contains("crypt rule: encrypted_regex ^pass"), "{a}");
    let b = section("b.yaml");
    assert!(
        b.contains("creation rule 1 (path_regex ^prod/): does not match"),
        "{b}"
    );
    assert!(
        b.contains("creation rule 2 (path_regex \\.yaml$): matches"),
        "{b}"
    );
    assert!(
        b.contains(&format!("keys: age {}", s.other_recipient)),
        "{b}"
    );
    assert!(!b.contains("creation rule 3"), "{b}");
    let c = section("c.json");
    assert!(c.contains("no rule matches"), "{c}");
    assert!(
        text.contains("warning: creation rule 3 (path_regex ^prod/only) is never used"),
        "{text}"
    );
    assert!(
        text.contains("warning: creation rule 4 (path_regex ^nothing/) matches no file"),
        "{text}"
    );
    assert!(err.contains(".sops.yml is ignored"), "{err}");

    // sops picks the same rules: its files name the recipient explained.
    for (file, recipient) in [
        ("prod/a.yaml", &s.recipient),
        ("dev/b.yaml", &s.other_recipient),
    ] {
        let mut c = s.sops();
        c.current_dir(s.path("dev"))
            .args(["encrypt", &format!("../{file}")]);
        let encrypted = String::from_utf8(ok(c)).unwrap();
        assert!(
            encrypted.contains(recipient.as_str()),
            "{file}: {encrypted}"
        );
    }
    let mut c = s.sops();
    c.current_dir(s.path("dev")).args(["encrypt", "c.json"]);
    assert!(!c.output().unwrap().status.success());
}

#[test]
fn explain_without_a_config() {
    let s = Scratch::new();
    let mut c = s.rsops();
    c.args(["config", "explain", "x.yaml"]);
    let text = String::from_utf8(ok(c)).unwrap();
    assert!(text.starts_with("config: none"), "{text}");
    assert!(
        text.contains("no creation rules: encrypt uses only the key flags"),
        "{text}"
    );
}
