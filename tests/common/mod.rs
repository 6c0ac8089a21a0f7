//! Test helpers: a scratch directory with throwaway age keys, and runners for
//! rsops and the reference sops with a clean, isolated environment.
#![allow(dead_code)] // each test binary uses a different part of this file

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use age::secrecy::ExposeSecret;

/// Variables that would let the developer's own keys or config leak in.
const SCRUBBED: &[&str] = &[
    "SOPS_AGE_KEY",
    "SOPS_AGE_KEY_FILE",
    "SOPS_AGE_KEY_CMD",
    "SOPS_AGE_SSH_PRIVATE_KEY_FILE",
    "SOPS_AGE_RECIPIENTS",
    "SOPS_PGP_FP",
    "SOPS_KMS_ARN",
    "SOPS_CONFIG",
    "SOPS_DECRYPTION_ORDER",
    "SOPS_GCP_KMS_IDS",
    "SOPS_AZURE_KEYVAULT_URLS",
    "SOPS_VAULT_URIS",
    "SOPS_HUAWEICLOUD_KMS_IDS",
    "SOPS_KEYSERVICE",
    "SOPS_ENABLE_LOCAL_KEYSERVICE",
    "XDG_CONFIG_HOME",
    "GNUPGHOME",
];

/// The path of the reference sops binary. Fails loudly when it is missing:
/// compatibility tests must never be skipped silently.
pub fn sops_bin() -> PathBuf {
    if let Some(p) = std::env::var_os("RSOPS_SOPS_BIN") {
        return PathBuf::from(p);
    }
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join("sops"))
            .find(|p| p.is_file())
    });
    found.expect(
        "the reference sops 3.11 is needed for this test: run `bash scripts/test.sh` \
         (it installs it into .tools/) or set RSOPS_SOPS_BIN",
    )
}

/// A scratch directory with two age keys; commands run inside it with HOME
/// pointing at it.
pub struct Scratch {
    pub dir: tempfile::TempDir,
    pub recipient: String,
    pub key_file: PathBuf,
    pub other_recipient: String,
    pub other_key_file: PathBuf,
}

impl Scratch {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let (recipient, key_file) = new_age_key(dir.path(), "key.txt");
        let (other_recipient, other_key_file) = new_age_key(dir.path(), "other-key.txt");
        Scratch {
            dir,
            recipient,
            key_file,
            other_recipient,
            other_key_file,
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&p, bytes).unwrap();
        p
    }

    pub fn read(&self, name: &str) -> Vec<u8> {
        std::fs::read(self.path(name)).unwrap()
    }

    fn command(&self, program: &Path) -> Command {
        let mut c = Command::new(program);
        for v in SCRUBBED {
            c.env_remove(v);
        }
        c.env("HOME", self.dir.path())
            .env("SOPS_AGE_KEY_FILE", &self.key_file)
            .current_dir(self.dir.path())
            .stdin(Stdio::null());
        c
    }

    /// A command for rsops, with the first key available for decryption.
    /// `RSOPS_BIN` overrides the binary: with a target directory shared
    /// between worktrees, `target/debug/rsops` may be another branch's.
    pub fn rsops(&self) -> Command {
        match std::env::var_os("RSOPS_BIN") {
            Some(bin) => self.command(Path::new(&bin)),
            None => self.command(Path::new(env!("CARGO_BIN_EXE_rsops"))),
        }
    }

    /// A command for the reference sops, with the first key available.
    pub fn sops(&self) -> Command {
        let mut c = self.command(&sops_bin());
        c.arg("--disable-version-check");
        c
    }
}

fn new_age_key(dir: &Path, name: &str) -> (String, PathBuf) {
    let identity = age::x25519::Identity::generate();
    let path = dir.join(name);
    std::fs::write(&path, format!("{}\n", identity.to_string().expose_secret())).unwrap();
    (identity.to_public().to_string(), path)
}

/// Runs a command and returns its output, whatever the exit status.
pub fn run(mut c: Command) -> Output {
    c.output().expect("the command runs")
}

/// Runs a command that must succeed and returns its standard output.
pub fn ok(c: Command) -> Vec<u8> {
    let desc = format!("{c:?}");
    let out = run(c);
    assert!(
        out.status.success(),
        "{desc} failed with {}: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Runs a command that must fail with `code`; returns its standard error.
pub fn fails(c: Command, code: i32) -> String {
    let desc = format!("{c:?}");
    let out = run(c);
    assert_eq!(
        out.status.code(),
        Some(code),
        "{desc}: expected exit {code}; stdout: {} stderr: {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The files of a testdata folder, sorted by name.
pub fn corpus(folder: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata")
        .join(folder);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{} is empty", dir.display());
    files
}
