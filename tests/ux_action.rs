//! The composite GitHub Action (`action.yml`): it parses, its download
//! names are the ones scripts/release.sh publishes, and its install script,
//! run by bash as the runner would (inputs through the environment, files
//! from a local release folder through curl's file://), installs a working
//! rsops and refuses a binary that does not match SHA256SUMS.
//!
//! Not tested here: a real GitHub runner (none can run on this machine);
//! the runner's part is only to set the step's env and run the script.

mod common;

use std::path::Path;
use std::process::Command;

use serde_json::Value;

fn repo_file(name: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(name)).unwrap()
}

fn action() -> Value {
    serde_saphyr::from_str(&repo_file("action.yml")).expect("action.yml parses as YAML")
}

/// The one step's shell script.
fn script() -> String {
    let action = action();
    let steps = action["runs"]["steps"].as_array().expect("runs.steps");
    assert_eq!(steps.len(), 1);
    steps[0]["run"].as_str().expect("a run script").to_owned()
}

#[test]
fn action_is_a_composite_action_with_its_inputs() {
    let action = action();
    assert_eq!(action["runs"]["using"], "composite");
    assert!(action["name"].is_string() && action["description"].is_string());
    assert_eq!(action["inputs"]["version"]["required"], true);
    for input in ["base-url", "install-dir"] {
        assert_eq!(action["inputs"][input]["required"], false, "{input}");
    }
    let step = &action["runs"]["steps"][0];
    assert_eq!(step["shell"], "bash");
    assert_eq!(
        action["outputs"]["path"]["value"],
        format!(
            "${{{{ steps.{}.outputs.path }}}}",
            step["id"].as_str().unwrap()
        )
    );
    // Inputs reach the script through env only, never spliced into it.
    assert!(
        !script().contains("${{"),
        "the script must not use expressions"
    );
    for (var, expression) in step["env"].as_object().unwrap() {
        let input = expression.as_str().unwrap();
        assert!(
            input.starts_with("${{ ") && input.ends_with(" }}"),
            "{var}: {input}"
        );
    }
}

#[test]
fn action_downloads_what_the_release_script_publishes() {
    let release = repo_file("scripts/release.sh");
    let script = script();
    for (release_text, action_text) in [
        (
            "cp \"$BIN\" \"dist/rsops-linux-$ARCH\"",
            "rsops-linux-$arch",
        ),
        (
            "sha256sum \"rsops-linux-$ARCH\" \"$NAME.tar.gz\" > SHA256SUMS",
            "SHA256SUMS",
        ),
        ("x86_64) ARCH=amd64", "x86_64) arch=amd64"),
        ("aarch64) ARCH=arm64", "aarch64) arch=arm64"),
    ] {
        assert!(
            release.contains(release_text),
            "scripts/release.sh no longer has {release_text:?}: update action.yml"
        );
        assert!(
            script.contains(action_text),
            "action.yml lacks {action_text:?}"
        );
    }
}

/// A release folder as scripts/release.sh lays it out, with this build's
/// rsops as the binary.
fn release_folder(dir: &Path) -> String {
    let arch = match std::env::consts::ARCH {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        other => other,
    };
    let binary = format!("rsops-linux-{arch}");
    std::fs::create_dir_all(dir).unwrap();
    std::fs::copy(common::rsops_bin(), dir.join(&binary)).unwrap();
    std::fs::write(dir.join("rsops-0.1.0-linux-x.tar.gz"), b"archive").unwrap();
    let sums = Command::new("sha256sum")
        .arg(&binary)
        .arg("rsops-0.1.0-linux-x.tar.gz")
        .current_dir(dir)
        .output()
        .expect("sha256sum (coreutils) runs");
    assert!(sums.status.success());
    std::fs::write(dir.join("SHA256SUMS"), sums.stdout).unwrap();
    binary
}

/// Runs the action's script as the runner would.
fn run_action(work: &Path, release: &Path) -> std::process::Output {
    std::fs::write(work.join("github_path"), "").unwrap();
    std::fs::write(work.join("github_output"), "").unwrap();
    Command::new("bash")
        .args(["--noprofile", "--norc", "-e", "-c", &script()])
        .env("RSOPS_VERSION", "0.1.0")
        .env("RSOPS_BASE_URL", format!("file://{}", release.display()))
        .env("RSOPS_INSTALL_DIR", work.join("bin"))
        .env("RSOPS_ACTION_REPOSITORY", "example/rsops")
        .env("GITHUB_PATH", work.join("github_path"))
        .env("GITHUB_OUTPUT", work.join("github_output"))
        .env("RUNNER_TEMP", work)
        .output()
        .expect("bash runs")
}

#[test]
fn action_script_installs_rsops_and_ksops() {
    let work = tempfile::tempdir().unwrap();
    let release = work.path().join("release");
    release_folder(&release);
    let out = run_action(work.path(), &release);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bin = work.path().join("bin");
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("rsops "));
    let mut ksops = Command::new(bin.join("ksops"));
    ksops.arg("--version");
    assert!(!common::ok(ksops).is_empty());
    assert_eq!(
        std::fs::read_to_string(work.path().join("github_path")).unwrap(),
        format!("{}\n", bin.display())
    );
    assert_eq!(
        std::fs::read_to_string(work.path().join("github_output")).unwrap(),
        format!("path={}\n", bin.join("rsops").display())
    );
}

#[test]
fn action_script_refuses_a_binary_that_does_not_match_its_sum() {
    let work = tempfile::tempdir().unwrap();
    let release = work.path().join("release");
    let binary = release_folder(&release);
    std::fs::write(release.join(&binary), b"#!/bin/sh\necho tampered\n").unwrap();
    let out = run_action(work.path(), &release);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "::error title=rsops install::{binary} does not match the SHA256SUMS"
        )),
        "{stderr}"
    );
    assert!(!work.path().join("bin/rsops").exists());

    std::fs::remove_file(release.join("SHA256SUMS")).unwrap();
    let out = run_action(work.path(), &release);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot download"));
}
