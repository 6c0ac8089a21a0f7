//! The leak gate and the set-up in real git repositories: `rsops check`
//! finds a plaintext file a creation rule selects, passes encrypted files,
//! fails on a tampered MAC (which the reference sops refuses too);
//! `--staged` reads the index; the hook of `.pre-commit-hooks.yaml` stops a
//! real `git commit` through the real pre-commit; `rsops git setup` is
//! idempotent and `--check` reports what is missing.

mod common;
mod git_support;

use std::path::{Path, PathBuf};

use common::{ok, rsops_bin, run};
use git_support::Repo;

/// A repository with an encrypted `good.enc.yaml`, committed.
fn repo_with_secret() -> Repo {
    let repo = Repo::new();
    repo.write("good.enc.yaml", "password: hunter2\n");
    ok(repo.sops(&["encrypt", "-i", "good.enc.yaml"]));
    repo.write("README.md", "# hi\n");
    repo.commit_all("base");
    repo
}

fn json(out: &[u8]) -> serde_json::Value {
    serde_json::from_slice(out).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(out)))
}

#[test]
fn check_passes_encrypted_files_and_finds_plaintext_and_tampering() {
    let repo = repo_with_secret();
    let out = run(repo.rsops(&["check"]));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // A plaintext file the rule selects, tracked.
    repo.write("leak.enc.yaml", "password: hunter2\n");
    repo.ok_git(&["add", "leak.enc.yaml"]);
    let out = run(repo.rsops(&["check", "--json"]));
    assert_eq!(out.status.code(), Some(1));
    let report = json(&out.stdout);
    assert_eq!(report["ok"], false);
    assert_eq!(report["verified"], 1);
    let findings = report["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{report}");
    assert_eq!(findings[0]["file"], "leak.enc.yaml");
    assert_eq!(findings[0]["kind"], "not-encrypted");
    assert!(!String::from_utf8_lossy(&out.stdout).contains("hunter2"));
    ok(repo.sops(&["encrypt", "-i", "leak.enc.yaml"]));
    ok(repo.rsops(&["check"]));

    // A changed lastmodified: the MAC no longer verifies (sops refuses the
    // file too).
    let text = repo.read("good.enc.yaml");
    let tampered: String = text
        .lines()
        .map(|l| {
            if l.trim_start().starts_with("lastmodified:") {
                "    lastmodified: \"2001-01-01T00:00:00Z\"".to_owned()
            } else {
                l.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n";
    assert_ne!(tampered, text);
    repo.write("good.enc.yaml", &tampered);
    assert!(!run(repo.sops(&["decrypt", "good.enc.yaml"]))
        .status
        .success());
    let out = run(repo.rsops(&["check", "good.enc.yaml"]));
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.starts_with("good.enc.yaml: tampered: "), "{stdout}");

    // Without a key the MAC cannot be checked: said, not a finding.
    let mut c = repo.rsops(&["check", "good.enc.yaml"]);
    c.env("SOPS_AGE_KEY_FILE", &repo.s.other_key_file);
    let out = run(c);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not verified"));
}

#[test]
fn strict_finds_secret_looking_plaintext_values_by_path() {
    let repo = repo_with_secret();
    repo.write(
        "config/app.yaml",
        "db:\n  host: localhost\n  password: hunter2\n",
    );
    repo.write("app.env", "API_TOKEN=abc123\nDEBUG=1\n");
    repo.commit_all("config");
    ok(repo.rsops(&["check"]));
    let out = run(repo.rsops(&["check", "--strict", "--json"]));
    assert_eq!(out.status.code(), Some(1));
    let report = json(&out.stdout);
    let found: Vec<(String, String)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            assert_eq!(f["kind"], "secret-like");
            let path = f["message"].as_str().unwrap().split(' ').next().unwrap();
            (f["file"].as_str().unwrap().to_owned(), path.to_owned())
        })
        .collect();
    assert_eq!(
        found,
        [
            ("app.env".to_owned(), r#"["API_TOKEN"]"#.to_owned()),
            (
                "config/app.yaml".to_owned(),
                r#"["db"]["password"]"#.to_owned()
            ),
        ]
    );
    assert!(!String::from_utf8_lossy(&out.stdout).contains("hunter2"));
    assert!(!String::from_utf8_lossy(&out.stdout).contains("abc123"));
}

#[test]
fn staged_checks_the_content_in_the_index() {
    let repo = repo_with_secret();
    // Staged in plaintext, encrypted only in the work tree afterwards.
    repo.write("new.enc.yaml", "token: abc\n");
    repo.ok_git(&["add", "new.enc.yaml"]);
    ok(repo.sops(&["encrypt", "-i", "new.enc.yaml"]));
    ok(repo.rsops(&["check", "new.enc.yaml"]));
    let out = run(repo.rsops(&["check", "--staged"]));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stdout).starts_with("new.enc.yaml: not-encrypted: "),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    repo.ok_git(&["add", "new.enc.yaml"]);
    ok(repo.rsops(&["check", "--staged"]));
}

#[test]
fn setup_is_idempotent_and_check_reports_what_is_missing() {
    let repo = Repo::new();
    repo.write("a.enc.yaml", "k: v\n");
    ok(repo.sops(&["encrypt", "-i", "a.enc.yaml"]));
    repo.commit_all("base");
    let out = run(repo.rsops(&["git", "setup", "--check"]));
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("missing: git config --local diff.rsops.textconv"),
        "{stdout}"
    );
    assert!(
        stdout.contains("add `*.enc.yaml diff=rsops merge=rsops`"),
        "{stdout}"
    );
    assert!(!repo.path(".gitattributes").exists());

    ok(repo.rsops(&["git", "setup"]));
    let attributes = repo.read(".gitattributes");
    assert!(
        attributes.ends_with("*.enc.yaml diff=rsops merge=rsops\n"),
        "{attributes}"
    );
    let out = String::from_utf8(ok(repo.rsops(&["git", "setup"]))).unwrap();
    assert_eq!(out, "rsops git set-up is complete\n");
    assert_eq!(repo.read(".gitattributes"), attributes);
    ok(repo.rsops(&["git", "setup", "--check"]));
    assert_eq!(
        repo.ok_git(&["check-attr", "diff", "merge", "--", "a.enc.yaml"]),
        "a.enc.yaml: diff: rsops\na.enc.yaml: merge: rsops\n"
    );
    let driver = repo.ok_git(&["config", "merge.rsops.driver"]);
    assert!(driver.ends_with(" git merge %O %A %B %P\n"), "{driver}");

    // --global writes the user's config (HOME is the scratch folder).
    ok(repo.rsops(&["git", "setup", "--global"]));
    let global = repo.ok_git(&["config", "--global", "diff.rsops.textconv"]);
    assert!(global.ends_with(" git textconv\n"), "{global}");
}

/// The pre-commit program: on PATH (scripts/install-test-tools.sh puts it
/// in .tools/venv/bin, which scripts/test.sh adds).
fn pre_commit() -> PathBuf {
    std::env::var_os("PATH")
        .and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|d| d.join("pre-commit"))
                .find(|p| p.is_file())
        })
        .expect("pre-commit is needed for this test: run `bash scripts/test.sh` (scripts/install-test-tools.sh installs it into .tools/venv)")
}

#[test]
fn the_pre_commit_hook_stops_a_plaintext_commit() {
    let repo = repo_with_secret();
    // The hooks repository: this repository's .pre-commit-hooks.yaml,
    // committed in a repository of its own as pre-commit clones it.
    let hooks = repo.s.path("hooks");
    std::fs::create_dir_all(&hooks).unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(".pre-commit-hooks.yaml"),
        hooks.join(".pre-commit-hooks.yaml"),
    )
    .unwrap();
    let hooks_git = |args: &[&str]| {
        let mut c = repo.git(args);
        c.current_dir(&hooks);
        String::from_utf8(ok(c)).unwrap()
    };
    hooks_git(&["init", "-q", "-b", "main"]);
    hooks_git(&["add", "-A"]);
    hooks_git(&[
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@example.com",
        "commit",
        "-q",
        "-m",
        "hooks",
    ]);
    let rev = hooks_git(&["rev-parse", "HEAD"]);
    repo.write(
        ".pre-commit-config.yaml",
        format!(
            "repos:\n  - repo: {}\n    rev: {}\n    hooks: [{{id: rsops-check}}]\n",
            hooks.display(),
            rev.trim()
        ),
    );
    // `rsops` on PATH, as the hook calls it.
    let bin = repo.s.path("bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::os::unix::fs::symlink(rsops_bin(), bin.join("rsops")).unwrap();
    let path = std::env::join_paths(
        std::iter::once(bin).chain(std::env::split_paths(&std::env::var_os("PATH").unwrap())),
    )
    .unwrap();
    let with_path = |mut c: std::process::Command| {
        c.env("PATH", &path);
        c
    };
    ok(with_path(repo.git(&["add", ".pre-commit-config.yaml"])));
    let mut install_cmd = repo.s.command(&pre_commit());
    install_cmd.current_dir(&repo.dir).arg("install");
    ok(with_path(install_cmd));
    ok(with_path(repo.git(&["commit", "-q", "-m", "hooks"])));
    let head = repo.ok_git(&["rev-parse", "HEAD"]);

    repo.write("db.enc.yaml", "password: hunter2\n");
    ok(with_path(repo.git(&["add", "db.enc.yaml"])));
    let out = run(with_path(repo.git(&["commit", "-m", "leak"])));
    assert!(!out.status.success(), "the commit must be stopped");
    // pre-commit shows the hook's output on one stream or the other.
    let shown =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(shown.contains("db.enc.yaml: not-encrypted"), "{shown}");
    assert!(!shown.contains("hunter2"), "{shown}");
    assert_eq!(repo.ok_git(&["rev-parse", "HEAD"]), head);

    ok(repo.sops(&["encrypt", "-i", "db.enc.yaml"]));
    ok(with_path(repo.git(&["add", "db.enc.yaml"])));
    ok(with_path(repo.git(&["commit", "-q", "-m", "encrypted"])));
    assert_ne!(repo.ok_git(&["rev-parse", "HEAD"]), head);
}

#[test]
fn setup_lists_the_files_of_a_rule_without_a_glob() {
    let repo = Repo::new();
    repo.write(
        ".sops.yaml",
        format!(
            "creation_rules:\n  - path_regex: (prod|stage)/db\\.yaml$\n    age: {}\n",
            repo.s.recipient
        ),
    );
    repo.write("prod/db.yaml", "k: v\n");
    repo.write("dev/db.yaml", "k: v\n");
    repo.commit_all("base");
    let out = run(repo.rsops(&["git", "setup"]));
    assert!(out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("has no .gitattributes glob"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(repo
        .read(".gitattributes")
        .ends_with("\n/prod/db.yaml diff=rsops merge=rsops\n"));
    assert_eq!(
        repo.ok_git(&["check-attr", "merge", "--", "prod/db.yaml", "dev/db.yaml"]),
        "prod/db.yaml: merge: rsops\ndev/db.yaml: merge: unspecified\n"
    );
}
