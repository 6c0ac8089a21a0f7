//! `publish` up to the upload, with rsops and sops 3.11 side by side: which
//! destination rule applies, the refusals, the `y/n` question and what
//! `--recursive` and `--omit-extensions` name the files. The destination is
//! a Vault address nobody listens on (a tripwire): every case here ends
//! before anything is sent, and the tripwire proves it.

mod common;
mod kms_support;

use std::io::Write;
use std::process::{Command, Output, Stdio};

use common::{fails, ok, run, Scratch};
use kms_support::Tripwire;

const PLAIN: &str = "user: admin\npassword: hunter2\n";

/// A scratch folder with an encrypted `app.yaml` and `.sops.yaml` holding
/// `rules` (destination rules in YAML, indented for the list).
fn setup(rules: &str) -> (Scratch, Tripwire) {
    let s = Scratch::new();
    let plain = s.write("plain.yaml", PLAIN);
    let mut c = s.rsops();
    c.args(["encrypt", "--age", &s.recipient]).arg(&plain);
    s.write("app.yaml", ok(c));
    let wire = Tripwire::new();
    let rules = rules.replace("ADDRESS", &wire.url());
    s.write(".sops.yaml", format!("destination_rules:\n{rules}"));
    (s, wire)
}

/// `tool publish args…` with `answers` on standard input.
fn publish(s: &Scratch, tool: &str, args: &[&str], answers: &str) -> Output {
    let mut c: Command = s.tool(tool);
    c.arg("publish").args(args).stdin(Stdio::piped());
    c.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = c.spawn().expect("the command runs");
    let mut stdin = child.stdin.take().expect("stdin");
    stdin
        .write_all(answers.as_bytes())
        .expect("answers written");
    drop(stdin);
    child.wait_with_output().expect("the command ends")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn a_rule_with_two_destinations_is_refused_with_sops_message() {
    let (s, wire) =
        setup("  - s3_bucket: bucket\n    vault_path: app\n    vault_address: ADDRESS\n");
    for tool in ["sops", "rsops"] {
        let mut c = s.tool(tool);
        c.args(["publish", "--yes", "app.yaml"]);
        let err = fails(c, 1);
        assert!(
            err.contains("more than one destinations were found in a single destination rule, you can only use one per rule"),
            "{tool}: {err}"
        );
    }
    assert!(!wire.touched());
}

#[test]
fn path_regex_sees_the_path_as_given() {
    let (s, wire) =
        setup("  - path_regex: ^app\\.yaml$\n    vault_path: app\n    vault_address: ADDRESS\n");
    for tool in ["sops", "rsops"] {
        // The same file, spelled otherwise, matches no rule.
        for spelling in [
            "./app.yaml".to_owned(),
            s.path("app.yaml").display().to_string(),
        ] {
            let mut c = s.tool(tool);
            c.args(["publish", "--yes", &spelling]);
            let err = fails(c, 1);
            assert!(
                err.contains("no matching destination found in config"),
                "{tool} {spelling}: {err}"
            );
        }
        // As written, it matches, and the question comes (end of input:
        // no answer, exit 1).
        let out = publish(&s, tool, &["app.yaml"], "");
        assert_eq!(out.status.code(), Some(1), "{tool}: {}", text(&out.stderr));
        let expected = format!(
            "uploading {} to {}/v1/secret/data/app/app.yaml ? (y/n): ",
            s.path("app.yaml").display(),
            wire.url()
        );
        assert_eq!(text(&out.stdout), expected, "{tool}");
    }
    assert!(!wire.touched());
}

#[test]
fn refusals_and_their_exit_codes_match_sops() {
    let (s, wire) = setup("  - path_regex: ^none/\n    vault_path: app\n    vault_address: ADDRESS\n  - path_regex: nothing\n");
    std::fs::create_dir(s.path("folder")).unwrap();
    for tool in ["sops", "rsops"] {
        let case = |args: &[&str], code: i32, says: &str| {
            let mut c = s.tool(tool);
            c.arg("publish").args(args);
            let err = fails(c, code);
            assert!(err.contains(says), "{tool} {args:?}: {err}");
        };
        case(&["--yes"], 100, "no file");
        case(&["--yes", "missing.yaml"], 1, "missing.yaml");
        case(
            &["--yes", "folder"],
            1,
            "can't operate on a directory without --recursive flag.",
        );
        case(
            &["--yes", "app.yaml"],
            1,
            "no matching destination found in config",
        );
    }
    // A matching rule without a destination.
    s.write(".sops.yaml", "destination_rules:\n  - path_regex: app\n");
    for tool in ["sops", "rsops"] {
        let mut c = s.tool(tool);
        c.args(["publish", "--yes", "app.yaml"]);
        let err = fails(c, 1);
        assert!(
            err.contains("no destination configured for this file"),
            "{tool}: {err}"
        );
    }
    // No config at all.
    std::fs::remove_file(s.path(".sops.yaml")).unwrap();
    for tool in ["sops", "rsops"] {
        let mut c = s.tool(tool);
        c.args(["publish", "--yes", "app.yaml"]);
        let err = fails(c, 1);
        assert!(err.contains("config file not found"), "{tool}: {err}");
    }
    assert!(!wire.touched());
}

#[test]
fn the_question_takes_y_or_n_and_n_cancels() {
    let (s, wire) = setup("  - vault_path: app\n    vault_address: ADDRESS\n");
    let question = format!(
        "uploading {} to {}/v1/secret/data/app/app.yaml ? (y/n): ",
        s.path("app.yaml").display(),
        wire.url()
    );
    for tool in ["sops", "rsops"] {
        // Anything but y or n is asked again; n cancels, which is a failure
        // for one file.
        let out = publish(&s, tool, &["app.yaml"], "yes\n n \n");
        assert_eq!(out.status.code(), Some(1), "{tool}");
        assert_eq!(text(&out.stdout), question.repeat(2), "{tool}");
        let canceled = format!("Publication of {} canceled", s.path("app.yaml").display());
        assert!(
            text(&out.stderr).contains(&canceled),
            "{tool}: {}",
            text(&out.stderr)
        );
        // An empty line or two words are errors.
        for answer in ["\n", "y y\n"] {
            let out = publish(&s, tool, &["app.yaml"], answer);
            assert_eq!(out.status.code(), Some(1), "{tool} {answer:?}");
            assert_eq!(text(&out.stdout), question, "{tool} {answer:?}");
        }
    }
    assert!(!wire.touched());
}

#[test]
fn recursive_names_files_below_the_folder_and_n_skips_one() {
    let (s, wire) = setup("  - vault_path: app\n    vault_address: ADDRESS\n");
    let encrypted = s.read("app.yaml");
    s.write("tree/b.yaml", &encrypted);
    s.write("tree/a.yaml", &encrypted);
    s.write("tree/sub/c.json.yaml", &encrypted);
    let base = format!("{}/v1/secret/data/app/", wire.url());
    let question = |file: &str, name: &str| {
        format!(
            "uploading {} to {base}{name} ? (y/n): Publication of {} canceled\n",
            s.path(file).display(),
            s.path(file).display()
        )
    };
    for tool in ["sops", "rsops"] {
        // In name order, named by the path below the folder given; each
        // refusal is printed and the run goes on, and succeeds.
        for (root, omit) in [("./tree", false), ("tree/", true)] {
            let mut args = vec!["--recursive", root];
            if omit {
                args.insert(0, "--omit-extensions");
            }
            let out = publish(&s, tool, &args, "n\nn\nn\n");
            assert_eq!(out.status.code(), Some(0), "{tool}: {}", text(&out.stderr));
            let names: [&str; 3] = if omit {
                ["a", "b", "sub/c.json"]
            } else {
                ["a.yaml", "b.yaml", "sub/c.json.yaml"]
            };
            let expected: String = ["tree/a.yaml", "tree/b.yaml", "tree/sub/c.json.yaml"]
                .iter()
                .zip(names)
                .map(|(file, name)| question(file, name))
                .collect();
            assert_eq!(text(&out.stdout), expected, "{tool} {root}");
        }
        // A file given with --recursive is its own root: sops names it ".".
        let out = publish(&s, tool, &["--recursive", "app.yaml"], "n\n");
        assert_eq!(out.status.code(), Some(0), "{tool}");
        assert_eq!(text(&out.stdout), question("app.yaml", "."), "{tool}");
    }
    assert!(!wire.touched());
}

#[test]
fn the_file_must_be_encrypted_and_open_before_the_question() {
    let (s, wire) = setup("  - vault_path: app\n    vault_address: ADDRESS\n");
    s.write("plain.yaml", PLAIN);
    let encrypted = s.read("app.yaml");
    let other = s.write("other.yaml", &encrypted);
    for tool in ["sops", "rsops"] {
        let out = run({
            let mut c = s.tool(tool);
            c.args(["publish", "--yes", "plain.yaml"]);
            c
        });
        assert_eq!(out.status.code(), Some(1), "{tool}");
        assert!(text(&out.stderr).contains("metadata not found"), "{tool}");
        // Without the key, Vault's values cannot be had: sops' code 128,
        // and no question asked.
        let mut c = s.tool(tool);
        c.env("SOPS_AGE_KEY_FILE", &s.other_key_file)
            .args(["publish", "--yes"])
            .arg(&other);
        fails(c, 128);
    }
    assert!(!wire.touched());
}
