//! What a user of the command line sees first: format names that are
//! checked, `--config` only where it means something, and completions that
//! offer the format names.

mod common;

use std::process::Command;

use common::{fails, ok, Scratch};

/// An encrypted dotenv file, by rsops, in `s` as `app.enc.env`.
fn dotenv_file(s: &Scratch) -> std::path::PathBuf {
    let plain = s.write("app.env", "TOKEN=abc\n");
    s.write("app.enc.env", common::encrypt(s, false, &plain))
}

/// sops 3.11 takes an unknown type name as "from the file name" and says
/// nothing, so a typo such as `env` for `dotenv` reads a dotenv file as
/// binary. rsops refuses the name with exit 1 (sops' code for a bad flag),
/// lists the valid names and suggests the one meant.
#[test]
fn unknown_type_name_is_refused_with_the_valid_ones() {
    let s = Scratch::new();
    let file = dotenv_file(&s);

    // The oracle: sops accepts the typo and exits 0.
    let mut c = s.sops();
    c.args(["decrypt", "--input-type", "env"]).arg(&file);
    assert_eq!(ok(c), b"TOKEN=abc\n");

    let mut c = s.rsops();
    c.args(["decrypt", "--input-type", "env"]).arg(&file);
    let stderr = fails(c, 1);
    insta::assert_snapshot!("input_type_env", stderr);

    let mut c = s.rsops();
    c.args(["decrypt", "--output-type", "YAML"]).arg(&file);
    let stderr = fails(c, 1);
    insta::assert_snapshot!("output_type_capitals", stderr);

    // Legacy mode and encrypt check the same way.
    let mut c = s.rsops();
    c.args(["-d", "--output-type", "yml"]).arg(&file);
    assert!(fails(c, 1).contains("a similar value exists: 'yaml'"));
    for command in ["filestatus", "updatekeys"] {
        let mut c = s.rsops();
        c.args([command, "--input-type", "env"]).arg(&file);
        assert!(fails(c, 1).contains("a similar value exists: 'dotenv'"));
    }
    let mut c = s.rsops();
    c.args(["encrypt", "--age", &s.recipient, "--input-type", "txt"])
        .arg(s.path("app.env"));
    let stderr = fails(c, 1);
    assert!(
        stderr.contains("[possible values: yaml, json, dotenv, ini, binary, toml]"),
        "{stderr}"
    );
}

/// Every valid name works, and an empty one means "from the file name" as
/// in sops (scripts pass `--input-type "$TYPE"`).
#[test]
fn valid_and_empty_type_names_behave_as_in_sops() {
    let s = Scratch::new();
    dotenv_file(&s);
    for args in [
        &["decrypt", "--input-type", "", "app.enc.env"][..],
        &[
            "decrypt",
            "--input-type",
            "dotenv",
            "--output-type",
            "json",
            "app.enc.env",
        ],
        &["decrypt", "--output-type", "yaml", "app.enc.env"],
    ] {
        common::both_print_the_same(&s, args);
    }
    let plain = s.write("x.json", "{\"a\": \"b\"}\n");
    for name in ["yaml", "json", "binary"] {
        let mut c = s.rsops();
        c.args(["encrypt", "--age", &s.recipient, "--output-type", name])
            .arg(&plain);
        ok(c);
    }
}

fn help(s: &Scratch, args: &[&str]) -> String {
    let mut c = s.rsops();
    c.args(args).arg("--help");
    String::from_utf8(ok(c)).unwrap()
}

/// `--config` shows only on the commands that read `.sops.yaml`; it is
/// still accepted (and ignored) anywhere, as a global flag.
#[test]
fn config_flag_shows_only_where_it_has_an_effect() {
    let s = Scratch::new();
    for args in [
        &["completion"][..],
        &["krm"],
        &["plugin"],
        &["plugin", "install"],
        &["plugin", "check"],
        &["argocd"],
        &["argocd", "generate"],
    ] {
        let text = help(&s, args);
        assert!(!text.contains("--config"), "{args:?} --help:\n{text}");
    }
    for args in [
        &[][..],
        &["encrypt"],
        &["decrypt"],
        &["set"],
        &["rotate"],
        &["updatekeys"],
        &["groups", "add"],
        // Its many-file form (-r) reads the creation rules.
        &["filestatus"],
    ] {
        let text = help(&s, args);
        assert!(text.contains("--config <FILE>"), "{args:?} --help:\n{text}");
    }
    let mut c = s.rsops();
    c.args(["--config", "nowhere.yaml", "completion", "bash"]);
    ok(c);
    let mut c = s.rsops();
    c.args(["completion", "bash", "--config", "nowhere.yaml"]);
    ok(c);
    // Where it matters it is still read, before or after the subcommand.
    let file = dotenv_file(&s);
    for args in [
        ["--config", "nowhere.yaml", "decrypt"],
        ["decrypt", "--config", "nowhere.yaml"],
    ] {
        let mut c = s.rsops();
        c.args(args).arg(&file);
        let stderr = fails(c, 1);
        assert!(stderr.contains("nowhere.yaml"), "{stderr}");
    }
}

/// What bash offers after `words`, with the committed completion script.
fn bash_completes(words: &[&str]) -> Vec<String> {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/completions/rsops.bash");
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let current = words.len() - 1;
    let program = format!(
        "source '{script}'; COMP_WORDS=({words}); COMP_CWORD={current}; \
         _rsops rsops '{cur}' '{prev}'; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        words = quoted.join(" "),
        cur = words[current],
        prev = words[current - 1],
    );
    // An empty directory: file names must not be offered.
    let empty = tempfile::tempdir().unwrap();
    let out = Command::new("bash")
        .args(["--norc", "-c", &program])
        .current_dir(empty.path())
        .output()
        .expect("bash runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

#[test]
fn bash_completes_format_names_and_config_only_where_read() {
    let names = ["yaml", "json", "dotenv", "ini", "binary", "toml"];
    assert_eq!(
        bash_completes(&["rsops", "decrypt", "--input-type", ""]),
        names
    );
    assert_eq!(
        bash_completes(&["rsops", "encrypt", "--output-type", ""]),
        names
    );
    assert_eq!(bash_completes(&["rsops", "--input-type", "d"]), ["dotenv"]);
    assert_eq!(bash_completes(&["rsops", "decrypt", "--con"]), ["--config"]);
    assert_eq!(bash_completes(&["rsops", "--con"]), ["--config"]);
    assert!(bash_completes(&["rsops", "completion", "--con"]).is_empty());
    assert!(bash_completes(&["rsops", "plugin", "install", "--con"]).is_empty());
}
