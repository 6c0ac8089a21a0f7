//! Failing loudly: every error of the Kustomize plugin exits non-zero,
//! names the generator and the file, and prints nothing on stdout (ksops
//! failing silently in Argo CD: ksops #217, #226). Also the opt-ins that
//! change behaviour: placeholder mode and the concurrency limit.

mod common;

use std::io::Write;
use std::process::{Command, Output, Stdio};

use common::krm::{make_legacy, Plugin};
use common::{ok, run};

/// Runs `c` with `input` on stdin.
fn run_with_stdin(mut c: Command, input: &[u8]) -> Output {
    c.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = c.spawn().expect("the command starts");
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

/// The ResourceList kustomize sends for a generator (docs/format.md §11.3).
fn resource_list(manifest: &str) -> Vec<u8> {
    let indented: String = manifest.lines().map(|l| format!("  {l}\n")).collect();
    format!("apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\nfunctionConfig:\n{indented}")
        .into_bytes()
}

/// Checks a failed build: non-zero, nothing on stdout, the message names
/// `what`, and no secret value leaked into it.
fn assert_fails_naming(out: &Output, what: &[&str]) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "should fail; stderr: {stderr}");
    assert!(
        out.stdout.is_empty(),
        "stdout: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    for w in what {
        assert!(stderr.contains(w), "stderr should name {w:?}: {stderr}");
    }
    for secret in ["1f2d1e2e67df", "MWYyZDFlMmU2N2Rm", "kustomize-sops"] {
        assert!(!stderr.contains(secret), "a secret leaked: {stderr}");
    }
}

/// Runs a broken case through the KRM function and the legacy plugin.
fn both_harnesses_fail(p: &Plugin, case: &str, what: &[&str], setup: impl Fn(&mut Command)) {
    let dir = p.scratch.path(case);
    let mut c = p.kustomize(&dir);
    setup(&mut c);
    assert_fails_naming(&run(c), what);
    make_legacy(&dir);
    let mut c = p.kubectl_kustomize(&dir);
    setup(&mut c);
    assert_fails_naming(&run(c), what);
}

#[test]
fn missing_key_fails_and_names_the_file() {
    let p = Plugin::new();
    p.case("single");
    let other = p.scratch.other_key_file.clone();
    both_harnesses_fail(
        &p,
        "single",
        &["secret.enc.yaml", "ksops-single-file-generator"],
        |c| {
            c.env("SOPS_AGE_KEY_FILE", &other);
        },
    );
}

#[test]
fn tampered_file_fails_the_mac_check() {
    let p = Plugin::new();
    let dir = p.case("single");
    let file = dir.join("secret.enc.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    // The name is plaintext but covered by the MAC.
    std::fs::write(&file, text.replace("name: mysecret", "name: attacker")).unwrap();
    both_harnesses_fail(&p, "single", &["secret.enc.yaml", "MAC"], |_| {});
}

#[test]
fn missing_file_fails_and_names_it() {
    let p = Plugin::new();
    let dir = p.case("multiple");
    std::fs::remove_file(dir.join("secret-B.enc.yaml")).unwrap();
    both_harnesses_fail(&p, "multiple", &["secret-B.enc.yaml", "files"], |_| {});
}

#[test]
fn bad_manifests_fail_before_decrypting() {
    let p = Plugin::new();
    for (manifest, what) in [
        (
            "kind: ksops\nmetadata: {name: g}\nsecretFrom:\n- metadata: {name: s}\n  files: [a=b=c]\n",
            "a=b=c",
        ),
        ("kind: ksops\nmetadata: {name: g}\n", "neither 'files' nor 'secretFrom'"),
    ] {
        let out = run_with_stdin(p.scratch.command(&p.scratch.path("bin/ksops")), &resource_list(manifest));
        assert_fails_naming(&out, &[what]);
    }
    // `files: []` is valid and generates nothing.
    let out = run_with_stdin(
        p.scratch.command(&p.scratch.path("bin/ksops")),
        &resource_list("kind: ksops\nmetadata: {name: g}\nfiles: []\n"),
    );
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("items: []"));
}

#[test]
fn direct_invocation_prints_nothing_on_error() {
    let p = Plugin::new();
    p.case("single");
    let input = resource_list("kind: ksops\nmetadata: {name: g}\nfiles: [./single/secret.enc.yaml, ./single/nope.enc.yaml]\n");
    // As ksops (argv0) and as plain `rsops` reading a ResourceList.
    for program in [p.scratch.path("bin/ksops"), common::rsops_bin()] {
        let out = run_with_stdin(p.scratch.command(&program), &input);
        assert_fails_naming(&out, &["nope.enc.yaml", "\"g\""]);
    }
}

#[test]
fn concurrency_limit_must_be_a_positive_integer() {
    let p = Plugin::new();
    let dir = p.case("single");
    for bad in ["0", "abc"] {
        let mut c = p.kustomize(&dir);
        c.env("KSOPS_CONCURRENCY_LIMIT", bad);
        assert_fails_naming(&run(c), &["KSOPS_CONCURRENCY_LIMIT"]);
    }
}

#[test]
fn placeholder_mode_needs_the_exact_value_and_marks_everything() {
    let p = Plugin::new();
    let dir = p.case("single");
    p.case("file");
    // A .env file: its keys are read without the dotenv store or a key.
    p.case("envs");
    // No key at all.
    let no_key = |c: &mut Command| {
        c.env_remove("SOPS_AGE_KEY_FILE");
    };
    let mut c = p.kustomize(&dir);
    no_key(&mut c);
    c.env("RSOPS_DRY_RUN", "true");
    assert_fails_naming(&run(c), &["RSOPS_DRY_RUN"]);

    for case in ["single", "file", "envs"] {
        let mut c = p.kustomize(&p.scratch.path(case));
        no_key(&mut c);
        c.env("RSOPS_DRY_RUN", "placeholder");
        let out = run(c);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        insta::assert_snapshot!(
            format!("placeholder_{case}"),
            String::from_utf8(out.stdout).unwrap()
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("nothing was decrypted"), "{stderr}");
    }
}

#[test]
fn ksops_install_copies_itself() {
    let p = Plugin::new();
    let ksops = p.scratch.path("bin/ksops");
    let dir = p.scratch.path("tools");
    let mut c = p.scratch.command(&ksops);
    c.arg("install").arg(&dir);
    let out = run(c);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("installed"));
    let installed = dir.join("ksops");
    assert_eq!(
        std::fs::read(&installed).unwrap(),
        std::fs::read(common::rsops_bin()).unwrap()
    );
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&installed).unwrap().permissions().mode() & 0o777,
        0o755
    );

    let mut c = p.scratch.command(&ksops);
    c.arg("install");
    let out = run(c);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Usage"));

    let mut c = p.scratch.rsops();
    c.args(["plugin", "install", "--legacy"])
        .arg(p.scratch.path("home"));
    ok(c);
    assert!(p.scratch.path("home/viaduct.ai/v1/ksops/ksops").is_file());
}

#[test]
fn ksops_version_prints_the_version() {
    let p = Plugin::new();
    for flag in ["--version", "-V"] {
        let mut c = p.scratch.command(&p.scratch.path("bin/ksops"));
        c.arg(flag).stdin(Stdio::null());
        let out = run(c);
        assert_eq!(out.status.code(), Some(0), "{flag}");
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            format!("ksops (rsops {})\n", env!("CARGO_PKG_VERSION")),
            "{flag}"
        );
    }
}

#[test]
fn ksops_with_a_terminal_on_stdin_prints_usage_instead_of_waiting() {
    let p = Plugin::new();
    // `script` gives the command a terminal as stdin.
    let mut c = p.scratch.command(std::path::Path::new("script"));
    c.arg("-qec")
        .arg(p.scratch.path("bin/ksops"))
        .arg("/dev/null")
        .stdin(Stdio::null());
    let out = run(c);
    assert_eq!(out.status.code(), Some(1));
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(printed.contains("Usage"), "{printed}");
}

/// Run directly (Argo CD, scripts), the plugin exits with sops' code for a
/// decryption failure, as `sops decrypt` would: 128 when no key unwraps
/// the data key, 51 for a MAC mismatch, 25 for a value that no longer
/// decrypts. Other failures (a bad manifest, a missing file) stay 1, as
/// in ksops.
#[test]
fn direct_invocation_exits_with_sops_codes_for_decryption_failures() {
    let p = Plugin::new();
    let dir = p.case("single");
    let input =
        resource_list("kind: ksops\nmetadata: {name: g}\nfiles: [./single/secret.enc.yaml]\n");
    let code = |setup: &dyn Fn(&mut Command)| {
        let mut c = p.scratch.command(&p.scratch.path("bin/ksops"));
        setup(&mut c);
        let out = run_with_stdin(c, &input);
        assert_fails_naming(&out, &["secret.enc.yaml"]);
        out.status.code()
    };
    let other = p.scratch.other_key_file.clone();
    assert_eq!(
        code(&|c| {
            c.env("SOPS_AGE_KEY_FILE", &other);
        }),
        Some(128)
    );

    let file = dir.join("secret.enc.yaml");
    let original = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, original.replace("name: mysecret", "name: attacker")).unwrap();
    assert_eq!(code(&|_| {}), Some(51));

    // Two encrypted values swapped: each fails authentication at the
    // other's path.
    let tokens: Vec<&str> = original
        .lines()
        .filter_map(|l| l.split_once(": ENC[").map(|(_, t)| t))
        .take(2)
        .collect();
    let [a, b] = tokens[..] else {
        panic!("the fixture has two encrypted values: {original}")
    };
    let swapped = original
        .replacen(a, "\u{0}", 1)
        .replacen(b, a, 1)
        .replacen('\u{0}', b, 1);
    std::fs::write(&file, swapped).unwrap();
    assert_eq!(code(&|_| {}), Some(25));

    std::fs::write(&file, &original).unwrap();
    let missing =
        resource_list("kind: ksops\nmetadata: {name: g}\nfiles: [./single/nope.enc.yaml]\n");
    let out = run_with_stdin(p.scratch.command(&p.scratch.path("bin/ksops")), &missing);
    assert_eq!(out.status.code(), Some(1));
}
