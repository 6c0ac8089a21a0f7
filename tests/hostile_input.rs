//! Hostile files: nesting and alias bombs end in a clean error within a
//! memory limit, and errors give nothing away.
#![cfg(unix)]

mod common;

use std::os::unix::process::CommandExt;
use std::process::Command;

use common::{fails, ok, Scratch};

/// Caps the address space of `c` at 2 GiB, so a bomb that escapes the
/// limits makes the process fail instead of the machine swap.
fn memory_limited(mut c: Command) -> Command {
    // SAFETY: only setrlimit, which is async-signal-safe, runs in the child.
    unsafe {
        c.pre_exec(|| {
            let limit = libc::rlimit {
                rlim_cur: 2 << 30,
                rlim_max: 2 << 30,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &limit) == 0 {
                Ok(())
            } else {
                Err(std::io::Error::last_os_error())
            }
        });
    }
    c
}

/// `{"a": [[[ … 1 … ]]]}` with `depth` objects and arrays in all.
fn nested_json(depth: usize) -> String {
    format!(
        "{{\"a\": {}1{}}}",
        "[".repeat(depth - 1),
        "]".repeat(depth - 1)
    )
}

/// JSON nests up to 10,000 levels, as in sops (Go's limit): such a file
/// round-trips and sops reads rsops' output; one level more, or 30,000,
/// is a clean parse error naming the place, on encrypt and on decrypt,
/// never a stack overflow.
#[test]
fn json_nesting_is_limited_like_sops() {
    let s = Scratch::new();
    let deepest = s.write("deepest.json", nested_json(10_000));
    let mut c = s.rsops();
    c.args(["encrypt", "--age", &s.recipient]).arg(&deepest);
    let encrypted = s.write("deepest.enc.json", ok(memory_limited(c)));
    let mut c = s.rsops();
    c.arg("decrypt").arg(&encrypted);
    assert!(ok(memory_limited(c)) == nested_json(10_000).as_bytes());
    let by_sops = common::decrypt(&s, true, &encrypted, &[]);
    let compact = |b: &[u8]| -> Vec<u8> {
        b.iter()
            .copied()
            .filter(|c| !c.is_ascii_whitespace())
            .collect()
    };
    assert!(compact(&by_sops) == compact(nested_json(10_000).as_bytes()));

    for depth in [10_001, 30_000] {
        let f = s.write("deep.json", nested_json(depth));
        let mut c = s.rsops();
        c.args(["encrypt", "--age", &s.recipient]).arg(&f);
        let stderr = fails(memory_limited(c), 2);
        assert!(
            stderr.contains("line 1, column 10006") && stderr.contains("10000 levels"),
            "{stderr}"
        );
        // The same nesting inside a file that claims to be encrypted.
        let f = s.write(
            "deep.enc.json",
            nested_json(depth).replacen('{', "{\"sops\": {\"version\": \"3.11.0\"}, ", 1),
        );
        let mut c = s.rsops();
        c.arg("decrypt").arg(&f);
        let stderr = fails(memory_limited(c), 1);
        assert!(stderr.contains("10000 levels"), "{stderr}");
    }
}

/// A 1 MiB string aliased 10,000 times would expand to 10 GB: refused with
/// a clean "excessive aliasing" error pointing at the alias, on encrypt and
/// on decrypt (before any MAC check), within the memory limit.
#[test]
fn yaml_alias_bomb_is_refused() {
    let s = Scratch::new();
    let mut bomb = format!("a: &a \"{}\"\nb:\n", "x".repeat(1 << 20));
    bomb.push_str(&"  - *a\n".repeat(10_000));
    let f = s.write("bomb.yaml", &bomb);
    let mut c = s.rsops();
    c.args(["encrypt", "--age", &s.recipient]).arg(&f);
    let stderr = fails(memory_limited(c), 2);
    assert!(stderr.contains("excessive aliasing"), "{stderr}");
    assert!(stderr.contains("line 67, column 5"), "{stderr}");
    bomb.push_str("sops:\n  version: 3.11.0\n");
    let f = s.write("bomb.enc.yaml", &bomb);
    let mut c = s.rsops();
    c.arg("decrypt").arg(&f);
    let stderr = fails(memory_limited(c), 1);
    assert!(stderr.contains("excessive aliasing"), "{stderr}");
}

/// The cap on alias expansion counts only copies made by aliases: a
/// 500,001-entry mapping (1,000,002 keys and values) is no bomb. A JSON file
/// of that size encrypted to YAML decrypts again. (Only one value is
/// encrypted, to keep an unoptimised build quick; sops is not asked, as it
/// takes minutes on a mapping this large.)
#[test]
fn large_yaml_without_aliases_round_trips() {
    let s = Scratch::new();
    let keys = 0..500_001;
    let json: String = format!(
        "{{{}}}",
        keys.clone()
            .map(|i| format!("\"k{i}\": \"v\""))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let yaml: String = keys.map(|i| format!("k{i}: v\n")).collect();
    let f = s.write("big.json", json);
    let mut c = s.rsops();
    c.args(["encrypt", "--age", &s.recipient])
        .args(["--encrypted-regex", "^k0$", "--output-type", "yaml"])
        .arg(&f);
    let encrypted = s.write("big.enc.yaml", ok(c));
    let mut c = s.rsops();
    c.arg("decrypt").arg(&encrypted);
    assert!(
        ok(c) == yaml.as_bytes(),
        "rsops cannot read back its own file"
    );
}

/// A folder named `.sops.yaml` ends the search for the config, as in sops
/// ("is a directory"): going on upward would encrypt with a parent's rules,
/// for other recipients.
#[test]
fn a_folder_named_sops_yaml_stops_the_config_search() {
    let s = Scratch::new();
    s.write(
        ".sops.yaml",
        format!("creation_rules:\n  - age: {}\n", s.other_recipient),
    );
    s.write("sub/.sops.yaml/placeholder", "");
    s.write("sub/f.yaml", "password: hunter2\n");
    for tool in ["sops", "rsops"] {
        let mut c = s.tool(tool);
        c.current_dir(s.path("sub")).args(["encrypt", "f.yaml"]);
        let stderr = fails(c, 1);
        assert!(
            stderr.contains(".sops.yaml") && stderr.to_lowercase().contains("is a directory"),
            "{tool}: {stderr}"
        );
    }
}

/// The MAC-mismatch error shows neither MAC: both are unkeyed SHA-512
/// digests of the values (128 hex digits), which would let anyone with the
/// log test guesses of a secret offline.
#[test]
fn mac_mismatch_error_shows_no_digest() {
    let s = Scratch::new();
    let f = s.write(
        "f.json",
        "{\"pin\": \"1234\", \"replicas_unencrypted\": 3}\n",
    );
    let encrypted = String::from_utf8(common::encrypt(&s, false, &f)).unwrap();
    let edited = encrypted.replace("\"replicas_unencrypted\": 3", "\"replicas_unencrypted\": 4");
    assert_ne!(edited, encrypted);
    let f = s.write("edited.json", edited);
    let mut c = s.rsops();
    c.arg("decrypt").arg(&f);
    let stderr = fails(c, 51);
    assert!(stderr.contains("MAC mismatch"), "{stderr}");
    let digest = regex::Regex::new("[0-9a-fA-F]{128}").unwrap();
    assert!(!digest.is_match(&stderr), "{stderr}");
}

/// A sops block without `version` (or with an empty one) is refused, with
/// sops' message and exit code.
#[test]
fn sops_block_without_version_is_refused() {
    let s = Scratch::new();
    let f = s.write("f.yaml", "password: hunter2\n");
    let encrypted = String::from_utf8(common::encrypt(&s, false, &f)).unwrap();
    let without: String = encrypted
        .lines()
        .filter(|l| !l.trim_start().starts_with("version:"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_ne!(without, encrypted);
    s.write("without.yaml", without);
    let stderr = common::both_fail(&s, &["decrypt", "without.yaml"], 1);
    assert!(stderr.contains("Version string empty"), "{stderr}");
    s.write(
        "empty.yaml",
        encrypted.replace("version: 3.11.0", "version: \"\""),
    );
    let stderr = common::both_fail(&s, &["decrypt", "empty.yaml"], 1);
    assert!(stderr.contains("Version string empty"), "{stderr}");
}

/// Runs the KRM function (rsops with a ResourceList on stdin) for a ksops
/// generator listing `files`, with the kustomization root `root`.
fn krm_function(
    s: &Scratch,
    root: &std::path::Path,
    files: &[&str],
    env: &[(&str, &str)],
) -> std::process::Output {
    use std::io::Write;
    let list = format!(
        "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n\
         functionConfig:\n  apiVersion: viaduct.ai/v1\n  kind: ksops\n  metadata:\n    name: gen\n    \
         annotations:\n      internal.config.kubernetes.io/package-path: {}\n  files:\n{}",
        root.display(),
        files.iter().map(|f| format!("    - {f}\n")).collect::<String>()
    );
    let mut c = s.rsops();
    // The package-path annotation is kpt's: allow printing the plaintext.
    c.env("RSOPS_ALLOW_PLAINTEXT_OUTPUT", "1")
        .envs(env.iter().copied())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = memory_limited(c).spawn().unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(list.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// The KRM function reads only regular files, at most 64 MiB each unless
/// `RSOPS_KRM_MAX_FILE_SIZE` says otherwise (`/dev/zero` was read without
/// end), and with `RSOPS_KRM_ROOT_ONLY=1` only inside the kustomization
/// root; by default a path outside it is read, as ksops does.
#[test]
fn krm_function_limits_what_it_reads() {
    let s = Scratch::new();
    let root = s.path("kust");
    std::fs::create_dir(&root).unwrap();
    let plain = s.write(
        "outside/secret.yaml",
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  password: hunter2\n",
    );
    s.write("outside/secret.yaml", common::encrypt(&s, false, &plain));
    let stderr_of = |out: &std::process::Output| String::from_utf8_lossy(&out.stderr).into_owned();

    let out = krm_function(&s, &root, &["/dev/zero"], &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("not a regular file"),
        "{}",
        stderr_of(&out)
    );

    let out = krm_function(&s, &root, &["../outside/secret.yaml"], &[]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("hunter2"));

    let out = krm_function(
        &s,
        &root,
        &["../outside/secret.yaml"],
        &[("RSOPS_KRM_MAX_FILE_SIZE", "100")],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr_of(&out).contains("larger than 100 bytes"),
        "{}",
        stderr_of(&out)
    );

    let out = krm_function(
        &s,
        &root,
        &["../outside/secret.yaml"],
        &[("RSOPS_KRM_ROOT_ONLY", "1")],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr_of(&out).contains("outside the kustomization root"),
        "{}",
        stderr_of(&out)
    );
    assert!(!String::from_utf8_lossy(&out.stdout).contains("hunter2"));
}

/// A flattened metadata name with a huge list index (dotenv and INI) is a
/// clean error naming the entry. sops 3.11 runs out of memory on it; rsops
/// aborted the same way before the index was bounded.
#[test]
fn huge_list_index_in_flattened_metadata_is_refused() {
    let s = Scratch::new();
    let name = "age__list_99999999999__map_enc";
    s.write("f.env", format!("sops_{name}=x\nsops_version=3.11.0\n"));
    s.write("f.ini", format!("[sops]\n{name}=x\nversion=3.11.0\n"));
    for file in ["f.env", "f.ini"] {
        let mut c = s.rsops();
        c.args(["decrypt", file]);
        let stderr = fails(memory_limited(c), 1);
        assert!(
            stderr.contains(&format!("{name}: list index 99999999999 is larger")),
            "{stderr}"
        );
    }
}
