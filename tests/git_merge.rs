//! Encrypted files in real git repositories: the merge driver merges two
//! branches value by value (the reference sops decrypts the result, and the
//! merge differs from each parent only by the other side's values and the
//! MAC), a true conflict leaves no plaintext in the work tree and resolves
//! with `rsops git resolve`, and the textconv makes `git diff` and
//! `git log -p` show values, or the ciphertext when there is no key.

mod common;
mod git_support;

use common::{fails, ok, run};
use git_support::Repo;

const BASE: &str = "# the database\ndb:\n    user: admin\n    password: base-password\napi:\n    token: base-token\n    url: https://example.com\n";

/// A repository set up by `rsops git setup`, with `s.enc.yaml` (encrypted
/// by the reference sops from [`BASE`]) committed on main.
fn repo_with_secret() -> Repo {
    let repo = Repo::new();
    repo.write("s.enc.yaml", BASE);
    ok(repo.sops(&["encrypt", "-i", "s.enc.yaml"]));
    ok(repo.rsops(&["git", "setup"]));
    repo.commit_all("base");
    repo
}

/// The changed lines (`-`/`+`, without the file headers) of the raw diff
/// between two commits.
fn changed_lines(repo: &Repo, from: &str, to: &str) -> Vec<String> {
    repo.ok_git(&["diff", "--no-textconv", from, to, "--", "s.enc.yaml"])
        .lines()
        .filter(|l| {
            (l.starts_with('-') || l.starts_with('+'))
                && !l.starts_with("---")
                && !l.starts_with("+++")
        })
        .map(str::to_owned)
        .collect()
}

/// The keys the changed lines are for (`password` for
/// `+    password: ENC[…]`).
fn changed_keys(lines: &[String]) -> Vec<String> {
    let mut keys: Vec<String> = lines
        .iter()
        .map(|l| l[1..].trim().split(':').next().unwrap().to_owned())
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

#[test]
fn branches_that_change_different_values_merge_by_value() {
    let repo = repo_with_secret();
    repo.ok_git(&["checkout", "-q", "-b", "feature"]);
    // Theirs: the value next to the one ours changes, another one, and a
    // new key.
    repo.sops_set("s.enc.yaml", r#"["db"]["user"]"#, r#""root""#);
    repo.sops_set("s.enc.yaml", r#"["api"]["token"]"#, r#""their-token""#);
    repo.sops_set("s.enc.yaml", r#"["api"]["timeout"]"#, "30");
    repo.commit_all("theirs");
    repo.ok_git(&["checkout", "-q", "main"]);
    repo.sops_set("s.enc.yaml", r#"["db"]["password"]"#, r#""our-password""#);
    repo.commit_all("ours");

    let out = run(repo.git(&["merge", "--no-edit", "feature"]));
    assert!(
        out.status.success(),
        "merge failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        repo.sops_decrypt("s.enc.yaml"),
        "# the database\ndb:\n    user: root\n    password: our-password\napi:\n    token: their-token\n    url: https://example.com\n    timeout: 30\n"
    );
    // Against each parent, only the other side's values change, with the
    // MAC and lastmodified: every other value keeps its ciphertext.
    let against_ours = changed_lines(&repo, "HEAD^1", "HEAD");
    let against_theirs = changed_lines(&repo, "HEAD^2", "HEAD");
    for (lines, keys) in [
        (&against_ours, vec!["mac", "timeout", "token", "user"]),
        (&against_theirs, vec!["mac", "password"]),
    ] {
        let mut got = changed_keys(lines);
        got.retain(|k| k != "lastmodified");
        assert_eq!(got, keys, "{lines:#?}");
        for line in lines.iter().filter(|l| !l.contains("lastmodified")) {
            assert!(line.contains("ENC[AES256_GCM,"), "{line}");
        }
    }
}

#[test]
fn a_true_conflict_leaves_no_plaintext_and_resolves() {
    let repo = repo_with_secret();
    repo.ok_git(&["checkout", "-q", "-b", "feature"]);
    repo.sops_set("s.enc.yaml", r#"["db"]["password"]"#, r#""their-password""#);
    repo.sops_set("s.enc.yaml", r#"["api"]["token"]"#, r#""their-token""#);
    repo.commit_all("theirs");
    repo.ok_git(&["checkout", "-q", "main"]);
    repo.sops_set("s.enc.yaml", r#"["db"]["password"]"#, r#""our-password""#);
    repo.commit_all("ours");
    let ours_blob = repo.ok_git(&["show", "HEAD:s.enc.yaml"]);

    let out = run(repo.git(&["merge", "--no-edit", "feature"]));
    assert!(!out.status.success(), "the merge must stop on the conflict");
    let stderr =
        String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout);
    assert!(stderr.contains(r#"["db"]["password"]"#), "{stderr}");
    assert!(stderr.contains("rsops git resolve s.enc.yaml"), "{stderr}");
    for secret in [
        "our-password",
        "their-password",
        "their-token",
        "base-password",
    ] {
        assert!(!stderr.contains(secret), "{secret} printed: {stderr}");
        assert_no_plaintext_in_work_tree(&repo, secret);
    }
    assert_eq!(
        repo.read("s.enc.yaml"),
        ours_blob,
        "the work tree keeps ours"
    );
    assert!(repo
        .ok_git(&["status", "--porcelain"])
        .contains("UU s.enc.yaml"));

    // Without a side, resolve names the conflict and changes nothing.
    let stderr = fails(repo.rsops(&["git", "resolve", "s.enc.yaml"]), 1);
    assert!(stderr.contains(r#"["db"]["password"]"#), "{stderr}");
    assert_eq!(repo.read("s.enc.yaml"), ours_blob);

    let out = ok(repo.rsops(&["git", "resolve", "s.enc.yaml", "--theirs"]));
    assert!(out.is_empty());
    for secret in ["our-password", "their-password", "their-token"] {
        assert_no_plaintext_in_work_tree(&repo, secret);
    }
    assert_eq!(
        repo.sops_decrypt("s.enc.yaml"),
        BASE.replace("base-password", "their-password")
            .replace("base-token", "their-token")
    );
    assert_eq!(repo.ok_git(&["status", "--porcelain"]), "M  s.enc.yaml\n");
    repo.ok_git(&["commit", "-q", "--no-edit"]);
    assert_eq!(
        repo.ok_git(&["rev-list", "--parents", "-n1", "HEAD"])
            .split_whitespace()
            .count(),
        3,
        "a merge commit"
    );
}

/// No file of the work tree (nor git's own folder, where a merge keeps
/// its temporary files) holds `secret`.
fn assert_no_plaintext_in_work_tree(repo: &Repo, secret: &str) {
    let mut stack = vec![repo.dir.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                // git's objects are compressed: a plaintext blob there
                // would not show as text, and none is ever written.
                if !path.ends_with("objects") {
                    stack.push(path);
                }
            } else {
                let bytes = std::fs::read(&path).unwrap();
                assert!(
                    !String::from_utf8_lossy(&bytes).contains(secret),
                    "{} holds the plaintext {secret}",
                    path.display()
                );
            }
        }
    }
}

#[test]
fn diffs_show_values_and_still_work_without_a_key() {
    let repo = repo_with_secret();
    repo.sops_set("s.enc.yaml", r#"["db"]["password"]"#, r#""new-password""#);
    repo.commit_all("change");

    let log = repo.ok_git(&["log", "-p", "-1"]);
    assert!(log.contains("-    password: base-password\n"), "{log}");
    assert!(log.contains("+    password: new-password\n"), "{log}");
    assert!(!log.contains("ENC["), "{log}");
    let diff = repo.ok_git(&["diff", "HEAD~1", "HEAD"]);
    assert!(diff.contains("+    password: new-password\n"), "{diff}");

    // With a key that cannot open the file: the raw file, and a note.
    let mut git = repo.git(&["log", "-p", "-1"]);
    git.env("SOPS_AGE_KEY_FILE", &repo.s.other_key_file);
    let out = run(git);
    assert!(out.status.success());
    let log = String::from_utf8_lossy(&out.stdout);
    assert!(log.contains("+    password: ENC[AES256_GCM,"), "{log}");
    assert!(!log.contains("new-password"), "{log}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("shown encrypted"), "{stderr}");
}

#[test]
fn textconv_prints_the_decrypted_file() {
    let repo = repo_with_secret();
    let out = ok(repo.rsops(&["git", "textconv", "s.enc.yaml"]));
    assert_eq!(String::from_utf8(out).unwrap(), BASE);
    repo.write("plain.yaml", "a: 1\n");
    let out = run(repo.rsops(&["git", "textconv", "plain.yaml"]));
    assert!(out.status.success());
    assert_eq!(out.stdout, b"a: 1\n");
    assert!(String::from_utf8_lossy(&out.stderr).contains("not encrypted"));
}

/// Runs the driver as git does on copies of three versions of `name`;
/// returns the exit status's success, the rewritten "ours" and stderr.
fn drive(repo: &Repo, name: &str, versions: [&[u8]; 3]) -> (bool, Vec<u8>, String) {
    let [base, ours, theirs] = versions;
    let (b, o, t) = (
        repo.s.write("merge/base", base),
        repo.s.write("merge/ours", ours),
        repo.s.write("merge/theirs", theirs),
    );
    let mut c = repo.s.rsops();
    c.args(["git", "merge"]).args([&b, &o, &t]).arg(name);
    let out = run(c);
    (
        out.status.success(),
        std::fs::read(&o).unwrap(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `name` encrypted by the reference sops from `plain`, then changed by
/// `sops set` for each (path, value): the versions of two branches.
fn version(repo: &Repo, name: &str, plain: &str, sets: &[(&str, &str)]) -> Vec<u8> {
    let file = repo.s.write(name, plain);
    let mut c = repo.s.sops();
    c.args(["encrypt", "-i", "--age", &repo.s.recipient])
        .arg(&file);
    ok(c);
    for (path, value) in sets {
        let mut c = repo.s.sops();
        c.arg("set").arg(&file).args([path, value]);
        ok(c);
    }
    std::fs::read(&file).unwrap()
}

/// `base` changed by `sops set` into a new version (same data key).
fn changed(repo: &Repo, name: &str, base: &[u8], sets: &[(&str, &str)]) -> Vec<u8> {
    let file = repo.s.write(name, base);
    for (path, value) in sets {
        let mut c = repo.s.sops();
        c.arg("set").arg(&file).args([path, value]);
        ok(c);
    }
    std::fs::read(&file).unwrap()
}

#[test]
fn json_and_dotenv_files_merge_by_value() {
    let repo = Repo::new();
    for (name, plain, expected) in [
        (
            "app.json",
            "{\"a\": \"1\", \"b\": \"2\", \"c\": {\"d\": \"3\"}}",
            "{\n\t\"a\": \"ours\",\n\t\"b\": \"2\",\n\t\"c\": {\n\t\t\"d\": \"theirs\"\n\t}\n}",
        ),
        ("app.env", "A=1\nB=2\nC=3\n", "A=ours\nB=2\nC=theirs"),
    ] {
        let base = version(&repo, name, plain, &[]);
        let (a, c) = if name.ends_with(".json") {
            (r#"["a"]"#, r#"["c"]["d"]"#)
        } else {
            (r#"["A"]"#, r#"["C"]"#)
        };
        let ours = changed(&repo, name, &base, &[(a, r#""ours""#)]);
        let theirs = changed(&repo, name, &base, &[(c, r#""theirs""#)]);
        let (clean, merged, stderr) = drive(&repo, name, [&base, &ours, &theirs]);
        assert!(clean, "{name}: {stderr}");
        let file = repo.s.write(name, &merged);
        let mut c = repo.s.sops();
        c.arg("decrypt").arg(&file);
        let plain = String::from_utf8(ok(c)).unwrap();
        assert_eq!(plain.trim_end(), expected, "{name}");
    }
}

#[test]
fn different_master_keys_on_the_branches_give_ours_and_say_so() {
    let repo = Repo::new();
    let base = version(&repo, "k.enc.yaml", "a: 1\nb: 2\n", &[]);
    let ours = changed(&repo, "k.enc.yaml", &base, &[(r#"["a"]"#, r#""ours""#)]);
    // Theirs adds a recipient (a new data key) and changes b.
    let file = repo.s.write("k.enc.yaml", &base);
    let mut c = repo.s.sops();
    c.args(["rotate", "-i", "--add-age", &repo.s.other_recipient])
        .arg(&file);
    ok(c);
    let theirs = changed(
        &repo,
        "k.enc.yaml",
        &std::fs::read(&file).unwrap(),
        &[(r#"["b"]"#, r#""theirs""#)],
    );
    let (clean, merged, stderr) = drive(&repo, "k.enc.yaml", [&base, &ours, &theirs]);
    assert!(clean, "{stderr}");
    assert!(stderr.contains("different master keys"), "{stderr}");
    assert!(stderr.contains("different data keys"), "{stderr}");
    let file = repo.s.write("k.enc.yaml", &merged);
    let mut c = repo.s.sops();
    c.arg("decrypt").arg(&file);
    assert_eq!(ok(c), b"a: ours\nb: theirs\n");
    // Ours' keys only: the key theirs added cannot open it.
    let mut c = repo.s.sops();
    c.env("SOPS_AGE_KEY_FILE", &repo.s.other_key_file)
        .arg("decrypt")
        .arg(&file);
    assert!(!run(c).status.success());
}

#[test]
fn without_a_key_the_driver_fails_and_leaves_ours() {
    let repo = Repo::new();
    let base = version(&repo, "n.enc.yaml", "a: 1\n", &[]);
    let ours = changed(&repo, "n.enc.yaml", &base, &[(r#"["a"]"#, r#""2""#)]);
    let theirs = changed(&repo, "n.enc.yaml", &base, &[(r#"["b"]"#, r#""3""#)]);
    let (b, o, t) = (
        repo.s.write("merge/base", &base),
        repo.s.write("merge/ours", &ours),
        repo.s.write("merge/theirs", &theirs),
    );
    let mut c = repo.s.rsops();
    c.env("SOPS_AGE_KEY_FILE", &repo.s.other_key_file)
        .args(["git", "merge"])
        .args([&b, &o, &t])
        .arg("n.enc.yaml");
    let stderr = fails(c, 128);
    assert!(stderr.contains("n.enc.yaml (ours)"), "{stderr}");
    assert_eq!(std::fs::read(&o).unwrap(), ours);
}
