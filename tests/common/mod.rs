//! Test helpers: a scratch directory with throwaway age keys, and runners for
//! rsops and the reference sops with a clean, isolated environment.
#![allow(dead_code)] // each test binary uses a different part of this file

pub mod krm;

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

/// The rsops binary under test: cargo's, or `RSOPS_TEST_BIN` (a copy, for
/// machines where several worktrees share one target directory and so
/// overwrite each other's `target/debug/rsops`).
pub fn rsops_bin() -> PathBuf {
    std::env::var_os("RSOPS_TEST_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_rsops")))
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

    /// A command for `program` in the scratch directory, with HOME there,
    /// the developer's keys scrubbed and the first key available.
    pub fn command(&self, program: &Path) -> Command {
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
    pub fn rsops(&self) -> Command {
        self.command(&rsops_bin())
    }

    /// A command for the reference sops, with the first key available.
    pub fn sops(&self) -> Command {
        let mut c = self.command(&sops_bin());
        c.arg("--disable-version-check");
        c
    }

    /// [`Self::sops`] for `"sops"`, else [`Self::rsops`]: for checks run
    /// with both tools.
    pub fn tool(&self, name: &str) -> Command {
        if name == "sops" {
            self.sops()
        } else {
            self.rsops()
        }
    }
}

// X25519 keys, as sops users have them (age 0.13 deprecates generating them
// because they are not post-quantum).
#[allow(deprecated)]
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

/// The file name of `path`, for messages.
pub fn name_of(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

/// `encrypt --age <first key> <file>` with rsops (`sops == false`) or sops.
pub fn encrypt(s: &Scratch, sops: bool, file: &Path) -> Vec<u8> {
    let mut c = if sops { s.sops() } else { s.rsops() };
    c.args(["encrypt", "--age", &s.recipient]).arg(file);
    ok(c)
}

/// `decrypt <file> [extra args]` with rsops or sops.
pub fn decrypt(s: &Scratch, sops: bool, file: &Path, extra: &[&str]) -> Vec<u8> {
    let mut c = if sops { s.sops() } else { s.rsops() };
    c.arg("decrypt").args(extra).arg(file);
    ok(c)
}

/// Asserts two outputs are the same bytes, showing them as text if not.
pub fn assert_same(left: &[u8], right: &[u8], what: &str) {
    assert!(
        left == right,
        "{what}\n--- left\n{}\n--- right\n{}",
        String::from_utf8_lossy(left),
        String::from_utf8_lossy(right)
    );
}

/// For every file of a testdata folder: rsops gives back the original
/// bytes after encrypt + decrypt; sops decrypts rsops' file (so the MAC
/// verifies) to what it decrypts its own file to; rsops decrypts sops'
/// file to exactly what sops prints.
pub fn check_corpus_with_sops(folder: &str) {
    let s = Scratch::new();
    for file in corpus(folder) {
        let name = name_of(&file);
        let original = std::fs::read(&file).unwrap();
        let by_rsops = s.write(&format!("rsops-{name}"), encrypt(&s, false, &file));
        let by_sops = s.write(&format!("sops-{name}"), encrypt(&s, true, &file));
        assert_same(
            &decrypt(&s, false, &by_rsops, &[]),
            &original,
            &format!("{name}: rsops encrypt + decrypt changed the file"),
        );
        let sops_own = decrypt(&s, true, &by_sops, &[]);
        assert_same(
            &decrypt(&s, true, &by_rsops, &[]),
            &sops_own,
            &format!("{name}: sops reads rsops' file differently from its own"),
        );
        assert_same(
            &decrypt(&s, false, &by_sops, &[]),
            &sops_own,
            &format!("{name}: rsops decrypts sops' file differently from sops"),
        );
    }
}

/// Runs the same command line with rsops and sops in `s` and asserts both
/// exit with `code`; returns rsops' standard error.
pub fn both_fail(s: &Scratch, args: &[&str], code: i32) -> String {
    let mut c = s.sops();
    c.args(args);
    fails(c, code);
    let mut c = s.rsops();
    c.args(args);
    fails(c, code)
}

/// Runs the same command line with both tools, asserts both succeed and
/// print the same bytes, and returns them.
pub fn both_print_the_same(s: &Scratch, args: &[&str]) -> Vec<u8> {
    let mut c = s.sops();
    c.args(args);
    let by_sops = ok(c);
    let mut c = s.rsops();
    c.args(args);
    let by_rsops = ok(c);
    assert_same(
        &by_rsops,
        &by_sops,
        &format!("rsops and sops differ on {args:?}"),
    );
    by_rsops
}

/// Replaces the random parts of an encrypted file (ciphertexts, recipients,
/// wrapped keys, times) so its layout can be compared with a snapshot.
pub fn redact(text: &str) -> String {
    let rules = [
        (r"ENC\[AES256_GCM,[^\]]*type:(\w+)\]", "ENC[…,type:$1]"),
        (r"age1[0-9a-z]{58}", "age1…"),
        (
            r"-----BEGIN AGE ENCRYPTED FILE-----(\\n|\n)[\s\S]*?-----END AGE ENCRYPTED FILE-----(\\n|\n)?",
            "<armor>",
        ),
        (r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", "<time>"),
    ];
    rules.iter().fold(text.to_owned(), |text, (pattern, with)| {
        regex::Regex::new(pattern)
            .unwrap()
            .replace_all(&text, *with)
            .into_owned()
    })
}

/// Writes `text` as `name`, encrypts it with rsops into `enc-<name>` and
/// returns that path and the encrypted text.
pub fn rsops_encrypted(s: &Scratch, name: &str, text: &str) -> (PathBuf, String) {
    let file = s.write(name, text);
    let enc = encrypt(s, false, &file);
    let path = s.write(&format!("enc-{name}"), &enc);
    (
        path,
        String::from_utf8(enc).expect("encrypted files are text"),
    )
}

/// A GnuPG home (0700) for one test, with an armoured secret key imported
/// when one is given; the gpg-agent gpg starts for it is stopped on drop.
pub struct Gnupg {
    pub home: PathBuf,
}

impl Gnupg {
    pub fn new(home: PathBuf, key: Option<&Path>) -> Gnupg {
        std::fs::create_dir(&home).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&home, std::fs::Permissions::from_mode(0o700)).unwrap();
        }
        if let Some(key) = key {
            let mut c = Command::new("gpg");
            c.env("GNUPGHOME", &home)
                .args(["--batch", "--quiet", "--import"])
                .arg(key)
                .stdin(Stdio::null());
            ok(c);
        }
        Gnupg { home }
    }
}

impl Drop for Gnupg {
    fn drop(&mut self) {
        let _ = Command::new("gpgconf")
            .env("GNUPGHOME", &self.home)
            .args(["--kill", "gpg-agent"])
            .output();
    }
}
