//! The recipes of docs/ci.md that need nothing but rsops and bash: the age
//! key from `SOPS_AGE_KEY` (no key file), one value into a variable, a
//! dotenv file into a shell's environment; and the job's folder holds no
//! new file afterwards.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::Scratch;

fn listing(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn ci_recipes_decrypt_from_the_key_text_without_writing_files() {
    let s = Scratch::new();
    let plain = s.write(
        "secrets.yaml",
        "api_token: t0k3n\ndb:\n    password: hunter2\n",
    );
    s.write("secrets.enc.yaml", common::encrypt(&s, false, &plain));
    let plain = s.write("app.env", "TOKEN=abc123\nMODE=prod\n");
    s.write("app.enc.env", common::encrypt(&s, false, &plain));
    for name in ["secrets.yaml", "app.env"] {
        std::fs::remove_file(s.path(name)).unwrap();
    }
    let key_text = std::fs::read_to_string(&s.key_file).unwrap();
    std::fs::remove_file(&s.key_file).unwrap();

    let job = r#"
        set -euo pipefail
        token=$(rsops decrypt --extract '["api_token"]' secrets.enc.yaml)
        password=$(rsops decrypt --extract '["db"]["password"]' secrets.enc.yaml)
        set -a; . <(rsops decrypt app.enc.env); set +a
        printf '%s|%s|%s|%s\n' "$token" "$password" "$TOKEN" "$MODE"
        bash -c 'printf "%s\n" "$TOKEN"'
    "#;
    // `rsops` on PATH, as the install step leaves it: a link to the binary
    // under test (which may be a copy with another name, RSOPS_TEST_BIN).
    let bin = s.path("bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::os::unix::fs::symlink(common::rsops_bin(), bin.join("rsops")).unwrap();
    let before = listing(s.dir.path());
    let mut c = s.command(Path::new("bash"));
    c.args(["--noprofile", "--norc", "-c", job])
        .env_remove("SOPS_AGE_KEY_FILE")
        .env("SOPS_AGE_KEY", key_text.trim())
        .env(
            "PATH",
            format!(
                "{}:{}",
                bin.display(),
                std::env::var("PATH").unwrap_or_default()
            ),
        );
    let out = common::ok(c);
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "t0k3n|hunter2|abc123|prod\nabc123\n"
    );
    assert_eq!(listing(s.dir.path()), before, "the recipes wrote files");
}

/// The `::error` line and exit status a job sees when the key is wrong.
#[test]
fn ci_job_stops_with_exit_128_when_the_key_does_not_open_the_file() {
    let s = Scratch::new();
    let plain = s.write("secrets.yaml", "api_token: t0k3n\n");
    s.write("secrets.enc.yaml", common::encrypt(&s, false, &plain));
    let other = std::fs::read_to_string(&s.other_key_file).unwrap();
    let mut c = s.rsops();
    c.env_remove("SOPS_AGE_KEY_FILE")
        .env("SOPS_AGE_KEY", other.trim())
        .args([
            "decrypt",
            "--extract",
            "[\"api_token\"]",
            "secrets.enc.yaml",
        ]);
    let stderr = common::fails(c, 128);
    assert!(stderr.contains(&s.recipient), "{stderr}");
    assert!(
        stderr.contains(&format!("SOPS_AGE_KEY: {}", s.other_recipient)),
        "{stderr}"
    );
    assert!(!stderr.contains("AGE-SECRET-KEY"), "{stderr}");
}

#[test]
fn ci_doc_names_what_exists() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/ci.md")).unwrap();
    for name in [
        "action.yml",
        "plugin/README.md",
        "Dockerfile",
        "SHA256SUMS",
        "rsops-linux-amd64",
    ] {
        assert!(doc.contains(name), "docs/ci.md lost {name}");
    }
    for file in ["action.yml", "plugin/README.md", "Dockerfile"] {
        assert!(
            Path::new(env!("CARGO_MANIFEST_DIR")).join(file).exists(),
            "docs/ci.md names {file}, which is missing"
        );
    }
}
