//! PGP master keys cross between rsops and sops 3.11 through a throwaway
//! GnuPG home, through rsops' built-in OpenPGP on a host without gpg, and
//! fail the way sops fails (exit 128) with messages that say what to do.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{fails, ok, run, Scratch};

/// The throwaway ed25519 test key in testdata/pgp (no passphrase).
#[cfg(feature = "pgp-native")]
const SPEC_FP: &str = "DFC5968E02F91A35C29B9509D8F3A5D49DE77DB7";

/// The secret key of [`SPEC_FP`], armored.
#[cfg(feature = "pgp-native")]
fn spec_key() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/pgp/spec-ed25519-throwaway-no-passphrase.sec.asc")
}

const PLAIN: &str = "{\n\t\"password\": \"hunter2\",\n\t\"n\": 1\n}\n";

/// The real gpg. Fails loudly when missing: these tests must not be
/// skipped silently.
fn gpg_bin() -> PathBuf {
    std::env::var_os("PATH")
        .and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|d| d.join("gpg"))
                .find(|p| p.is_file())
        })
        .expect("GnuPG (gpg) is needed for these tests: apt-get install gnupg")
}

/// A scratch directory with a GnuPG home of throwaway keys, and helpers to
/// run rsops and sops against it.
struct Pgp {
    s: Scratch,
    home: PathBuf,
    /// An ed25519/cv25519 key without passphrase.
    fp: String,
    /// Its encryption subkey's fingerprint.
    sub_fp: String,
}

impl Pgp {
    fn new() -> Self {
        let s = Scratch::new();
        let home = s.path("gnupg");
        std::fs::create_dir(&home).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&home, std::fs::Permissions::from_mode(0o700)).unwrap();
        }
        let mut p = Pgp {
            s,
            home,
            fp: String::new(),
            sub_fp: String::new(),
        };
        let fps = p.gen_key("Throwaway <throwaway@example.invalid>", "");
        p.fp = fps[0].clone();
        p.sub_fp = fps[1].clone();
        p
    }

    fn gpg(&self) -> Command {
        let mut c = Command::new(gpg_bin());
        c.env("GNUPGHOME", &self.home)
            .arg("--batch")
            .stdin(std::process::Stdio::null());
        c
    }

    /// Generates a key (primary and encryption subkey); returns both
    /// fingerprints.
    fn gen_key(&self, uid: &str, passphrase: &str) -> Vec<String> {
        let mut c = self.gpg();
        c.args(["--pinentry-mode", "loopback", "--passphrase", passphrase])
            .args(["--quick-gen-key", uid, "future-default", "default", "never"]);
        ok(c);
        let mut c = self.gpg();
        c.args(["--with-colons", "--list-keys", uid]);
        String::from_utf8(ok(c))
            .unwrap()
            .lines()
            .filter_map(|l| l.strip_prefix("fpr:"))
            .map(|l| l.trim_matches(':').to_owned())
            .collect()
    }

    #[cfg(feature = "pgp-native")]
    fn export(&self, fp: &str, secret: bool, name: &str) -> PathBuf {
        let mut c = self.gpg();
        c.arg("-a")
            .arg(if secret {
                "--export-secret-keys"
            } else {
                "--export"
            })
            .arg(fp);
        let armored = ok(c);
        assert!(!armored.is_empty(), "gpg exported nothing for {fp}");
        self.s.write(name, armored)
    }

    fn rsops(&self) -> Command {
        let mut c = self.s.rsops();
        c.env("GNUPGHOME", &self.home);
        c
    }

    fn sops(&self) -> Command {
        let mut c = self.s.sops();
        c.env("GNUPGHOME", &self.home);
        c
    }

    /// rsops with a PATH that holds no gpg, and no GnuPG home.
    fn rsops_without_gpg(&self) -> Command {
        let empty = self.s.path("no-gpg-here");
        std::fs::create_dir_all(&empty).unwrap();
        let mut c = self.s.rsops();
        c.env("PATH", &empty)
            .env("GNUPGHOME", self.s.path("no-gnupg-home"));
        c
    }

    /// Encrypts the plain file with `cmd` and `args`; returns the path.
    fn encrypt(&self, mut cmd: Command, args: &[&str], name: &str) -> PathBuf {
        let plain = self.s.write("plain.json", PLAIN);
        cmd.arg("encrypt").args(args).arg(&plain);
        let out = ok(cmd);
        self.s.write(name, out)
    }

    /// A SOPS_GPG_EXEC wrapper that appends its argv (one line per call)
    /// to `log` and runs the real gpg.
    fn wrapper(&self, log: &Path) -> PathBuf {
        let script = format!(
            "#!/bin/sh\nprintf '%s\\n' \"$*\" >> '{}'\nexec '{}' \"$@\"\n",
            log.display(),
            gpg_bin().display()
        );
        let path = self.s.write("gpg-wrapper.sh", script);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        path
    }
}

impl Drop for Pgp {
    fn drop(&mut self) {
        // Each GnuPG home starts its own gpg-agent; do not leave it behind.
        let _ = Command::new("gpgconf")
            .env("GNUPGHOME", &self.home)
            .args(["--kill", "gpg-agent"])
            .output();
    }
}

/// sops and rsops both fail to decrypt `file` with exit 128 (no key could
/// recover the data key); returns what rsops said.
fn both_fail_to_decrypt(p: &Pgp, file: &Path) -> String {
    let mut c = p.sops();
    c.arg("decrypt").arg(file);
    fails(c, 128);
    let mut c = p.rsops();
    c.arg("decrypt").arg(file);
    fails(c, 128)
}

/// Decrypts `file` with `c` and returns the `password` value.
fn password_from(mut c: Command, file: &Path) -> String {
    c.arg("decrypt").arg(file);
    decrypted_password(&ok(c))
}

fn decrypted_password(out: &[u8]) -> String {
    let v: serde_json::Value = serde_json::from_slice(out).expect("decrypted JSON");
    v["password"].as_str().expect("password").to_owned()
}

fn pgp_entries(file: &Path) -> Vec<serde_json::Value> {
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap();
    v["sops"]["pgp"].as_array().cloned().unwrap_or_default()
}

#[test]
fn sops_encrypts_with_pgp_and_rsops_decrypts_with_gpg() {
    let p = Pgp::new();
    let enc = p.encrypt(p.sops(), &["--pgp", &p.fp], "by-sops.json");
    assert_eq!(password_from(p.rsops(), &enc), "hunter2");
}

#[test]
fn rsops_encrypts_with_gpg_and_sops_decrypts() {
    let p = Pgp::new();
    let enc = p.encrypt(p.rsops(), &["--pgp", &p.fp], "by-rsops.json");
    let entries = pgp_entries(&enc);
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["fp"], p.fp.as_str());
    let armored = entries[0]["enc"].as_str().unwrap();
    assert!(
        armored.starts_with("-----BEGIN PGP MESSAGE-----\n"),
        "{armored}"
    );
    assert!(
        armored.ends_with("-----END PGP MESSAGE-----"),
        "not trimmed: {armored:?}"
    );
    assert_eq!(password_from(p.sops(), &enc), "hunter2");
}

#[test]
#[cfg(feature = "pgp-native")]
fn builtin_openpgp_decrypts_sops_files_without_gpg_on_path() {
    let p = Pgp::new();
    let enc = p.encrypt(p.sops(), &["--pgp", &p.fp], "by-sops.json");
    let key = p.export(&p.fp, true, "secret.asc");
    // From a file ...
    let mut c = p.rsops_without_gpg();
    c.env("SOPS_PGP_KEY_FILE", &key);
    assert_eq!(password_from(c, &enc), "hunter2");
    // ... and inline, as CI secrets hold it.
    let mut c = p.rsops_without_gpg();
    c.env("SOPS_PGP_KEY", std::fs::read_to_string(&key).unwrap());
    assert_eq!(password_from(c, &enc), "hunter2");
}

#[test]
#[cfg(feature = "pgp-native")]
fn builtin_openpgp_encrypts_to_a_public_key_and_sops_decrypts() {
    let p = Pgp::new();
    let public = p.export(&p.fp, false, "public.asc");
    let enc = p.encrypt(
        {
            let mut c = p.rsops_without_gpg();
            c.env("SOPS_PGP_KEY_FILE", &public);
            c
        },
        &["--pgp", &p.fp],
        "by-rsops-native.json",
    );
    let armored = pgp_entries(&enc)[0]["enc"].as_str().unwrap().to_owned();
    assert!(armored.starts_with("-----BEGIN PGP MESSAGE-----"));
    assert_eq!(armored.trim(), armored);
    assert_eq!(password_from(p.sops(), &enc), "hunter2");
}

#[test]
#[cfg(feature = "pgp-native")]
fn spec_ed25519_key_round_trips_between_gpg_and_builtin_openpgp() {
    let p = Pgp::new();
    let key = spec_key();
    ok({
        let mut c = p.gpg();
        c.arg("--import").arg(&key);
        c
    });
    // sops (through gpg) encrypts, the built-in backend decrypts.
    let enc = p.encrypt(p.sops(), &["--pgp", SPEC_FP], "by-sops.json");
    let mut c = p.rsops_without_gpg();
    c.env("SOPS_PGP_KEY_FILE", &key);
    assert_eq!(password_from(c, &enc), "hunter2");
    // The built-in backend encrypts (to the secret key's public part), gpg decrypts.
    let enc = p.encrypt(
        {
            let mut c = p.rsops_without_gpg();
            c.env("SOPS_PGP_KEY_FILE", &key);
            c
        },
        &["--pgp", SPEC_FP],
        "by-rsops.json",
    );
    assert_eq!(password_from(p.sops(), &enc), "hunter2");
}

#[test]
fn age_and_pgp_file_decrypts_with_either_key_in_both_tools() {
    let p = Pgp::new();
    let keys = ["--age", p.s.recipient.as_str(), "--pgp", p.fp.as_str()];
    let by_sops = p.encrypt(p.sops(), &keys, "by-sops.json");
    let by_rsops = p.encrypt(p.rsops(), &keys, "by-rsops.json");
    let no_age = p.s.path("no-age-key.txt");
    for file in [&by_sops, &by_rsops] {
        for (tool, mut with_pgp_only) in [("rsops", p.rsops()), ("sops", p.sops())] {
            with_pgp_only
                .env("SOPS_AGE_KEY_FILE", &no_age)
                .arg("decrypt")
                .arg(file);
            assert_eq!(
                decrypted_password(&ok(with_pgp_only)),
                "hunter2",
                "{tool}, PGP only, {}",
                file.display()
            );
        }
        let mut with_age_only = p.rsops();
        with_age_only
            .env("GNUPGHOME", p.s.path("empty-gnupg"))
            .arg("decrypt")
            .arg(file);
        assert_eq!(decrypted_password(&ok(with_age_only)), "hunter2");
    }
}

#[test]
fn age_is_tried_first_and_gpg_runs_only_when_the_order_asks() {
    let p = Pgp::new();
    let enc = p.encrypt(
        p.sops(),
        &["--age", &p.s.recipient, "--pgp", &p.fp],
        "both.json",
    );
    let log = p.s.path("gpg-calls.log");
    let wrapper = p.wrapper(&log);
    let calls = || std::fs::read_to_string(&log).unwrap_or_default();

    ok({
        let mut c = p.rsops();
        c.env("SOPS_GPG_EXEC", &wrapper).arg("decrypt").arg(&enc);
        c
    });
    assert_eq!(calls(), "", "gpg ran although the age key decrypts");

    ok({
        let mut c = p.rsops();
        c.env("SOPS_GPG_EXEC", &wrapper)
            .args(["decrypt", "--decryption-order", "pgp,age"])
            .arg(&enc);
        c
    });
    assert_eq!(calls(), "-d\n");

    ok({
        let mut c = p.rsops();
        c.env("SOPS_GPG_EXEC", &wrapper)
            .env("SOPS_DECRYPTION_ORDER", "pgp")
            .arg("decrypt")
            .arg(&enc);
        c
    });
    assert_eq!(calls(), "-d\n-d\n");
}

#[test]
fn gpg_wrapper_sees_exactly_the_argv_of_sops() {
    let p = Pgp::new();
    let mut argv = Vec::new();
    for tool in ["sops", "rsops"] {
        let log = p.s.path(&format!("{tool}-argv.log"));
        let wrapper = p.wrapper(&log);
        let cmd = |p: &Pgp| {
            let mut c = if tool == "sops" { p.sops() } else { p.rsops() };
            c.env("SOPS_GPG_EXEC", &wrapper);
            c
        };
        let enc = p.encrypt(cmd(&p), &["--pgp", &p.fp], &format!("{tool}.json"));
        ok({
            let mut c = cmd(&p);
            c.arg("decrypt").arg(&enc);
            c
        });
        argv.push(std::fs::read_to_string(&log).unwrap());
    }
    let long_id = &p.fp[p.fp.len() - 16..];
    assert_eq!(
        argv[0],
        format!(
            "--no-default-recipient --yes --encrypt -a -r {} --trusted-key {long_id} --no-encrypt-to\n-d\n",
            p.fp
        ),
        "sops' own argv changed; update docs/format.md §6.2"
    );
    assert_eq!(argv[1], argv[0]);
}

#[test]
fn fingerprints_are_taken_as_sops_takes_them() {
    let p = Pgp::new();
    // Spaces are removed, as sops does; gpg resolves the rest.
    for given in fingerprint_forms(&p) {
        let enc = p.encrypt(p.rsops(), &["--pgp", &given], "fp.json");
        assert_eq!(
            pgp_entries(&enc)[0]["fp"],
            given.replace(' ', ""),
            "{given}"
        );
        assert_eq!(password_from(p.sops(), &enc), "hunter2", "{given}");
    }
}

#[test]
#[cfg(feature = "pgp-native")]
fn builtin_openpgp_resolves_the_fingerprint_forms_gpg_resolves() {
    let p = Pgp::new();
    let public = p.export(&p.fp, false, "public.asc");
    for given in fingerprint_forms(&p) {
        let mut c = p.rsops_without_gpg();
        c.env("SOPS_PGP_KEY_FILE", &public);
        let enc = p.encrypt(c, &["--pgp", &given], "fp-native.json");
        assert_eq!(password_from(p.sops(), &enc), "hunter2", "{given}");
    }
}

/// The key written with spaces, as its long key ID, and as its encryption
/// subkey with gpg's "exactly this one" `!`.
fn fingerprint_forms(p: &Pgp) -> [String; 3] {
    let spaced =
        p.fp.as_bytes()
            .chunks(4)
            .map(|c| std::str::from_utf8(c).unwrap())
            .collect::<Vec<_>>()
            .join(" ");
    [
        spaced,
        p.fp[p.fp.len() - 16..].to_owned(),
        format!("{}!", p.sub_fp),
    ]
}

#[test]
fn pgp_keys_come_from_sops_pgp_fp_and_creation_rules() {
    let p = Pgp::new();
    let enc = p.encrypt(
        {
            let mut c = p.rsops();
            c.env("SOPS_PGP_FP", &p.fp);
            c
        },
        &[],
        "from-env.json",
    );
    assert_eq!(pgp_entries(&enc)[0]["fp"], p.fp.as_str());

    p.s.write(
        ".sops.yaml",
        format!(
            "creation_rules:\n  - pgp: '{}'\n    age: '{}'\n",
            p.fp, p.s.recipient
        ),
    );
    let enc = p.encrypt(p.rsops(), &[], "from-config.json");
    // Without the age key, the PGP key alone decrypts, in both tools.
    for mut c in [p.sops(), p.rsops()] {
        c.env("SOPS_AGE_KEY_FILE", p.s.path("no-age-key.txt"))
            .arg("decrypt")
            .arg(&enc);
        assert_eq!(decrypted_password(&ok(c)), "hunter2");
    }
}

#[test]
fn missing_secret_key_fails_with_128_and_names_the_key() {
    let p = Pgp::new();
    let enc = p.encrypt(p.rsops(), &["--pgp", &p.fp], "x.json");
    ok({
        let mut c = p.gpg();
        c.args(["--yes", "--delete-secret-keys", &p.fp]);
        c
    });
    let err = both_fail_to_decrypt(&p, &enc);
    assert!(err.contains(&p.fp), "{err}");
    assert!(err.contains("not in the GnuPG keyring"), "{err}");
    assert!(err.contains("gpg --import"), "{err}");
}

#[test]
fn wrong_passphrase_fails_with_128_and_says_so() {
    let p = Pgp::new();
    let fps = p.gen_key("Locked <locked@example.invalid>", "right horse");
    let enc = p.encrypt(p.rsops(), &["--pgp", &fps[0]], "locked.json");
    // No pinentry: gpg takes the (wrong) passphrase in loopback mode.
    p.s.write(
        "gnupg/gpg.conf",
        "pinentry-mode loopback\npassphrase battery staple\n",
    );
    let err = both_fail_to_decrypt(&p, &enc);
    assert!(err.contains(&fps[0]), "{err}");
    assert!(err.contains("wrong passphrase"), "{err}");
    assert!(!err.contains("battery"), "the passphrase leaked: {err}");

    // In batch mode gpg cannot ask at all.
    p.s.write("gnupg/gpg.conf", "pinentry-mode loopback\nbatch\n");
    let mut c = p.rsops();
    c.arg("decrypt").arg(&enc);
    let err = fails(c, 128);
    assert!(err.contains("could not ask for the passphrase"), "{err}");
}

#[test]
#[cfg(feature = "pgp-native")]
fn builtin_openpgp_refuses_a_locked_key_and_says_why() {
    let p = Pgp::new();
    let fps = p.gen_key("Locked <locked@example.invalid>", "right horse");
    let enc = p.encrypt(p.rsops(), &["--pgp", &fps[0]], "locked.json");
    let locked = {
        let mut c = p.gpg();
        c.args(["--pinentry-mode", "loopback", "--passphrase", "right horse"])
            .args(["-a", "--export-secret-keys", &fps[0]]);
        p.s.write("locked.asc", ok(c))
    };
    let mut c = p.rsops_without_gpg();
    c.env("SOPS_PGP_KEY_FILE", &locked).arg("decrypt").arg(&enc);
    let err = fails(c, 128);
    assert!(err.contains("protected by a passphrase"), "{err}");
}

#[test]
fn missing_gpg_is_a_clear_error_with_sops_exit_codes() {
    let p = Pgp::new();
    let enc = p.encrypt(p.sops(), &["--pgp", &p.fp], "x.json");
    let mut c = p.rsops_without_gpg();
    c.arg("decrypt").arg(&enc);
    let err = fails(c, 128);
    assert!(err.contains("gpg was not found on PATH"), "{err}");
    if cfg!(feature = "pgp-native") {
        assert!(err.contains("SOPS_PGP_KEY_FILE"), "{err}");
    }

    let mut c = p.rsops();
    c.env("SOPS_GPG_EXEC", p.s.path("no-such-gpg"))
        .arg("decrypt")
        .arg(&enc);
    let err = fails(c, 128);
    assert!(
        err.contains("no-such-gpg was not found (SOPS_GPG_EXEC)"),
        "{err}"
    );

    // Encryption fails with sops' generic code, naming the key.
    let plain = p.s.write("plain.json", PLAIN);
    let mut c = p.rsops_without_gpg();
    c.args(["encrypt", "--pgp", &p.fp]).arg(&plain);
    let err = fails(c, 1);
    assert!(err.contains(&p.fp), "{err}");
    let mut c = p.sops();
    c.env("PATH", p.s.path("no-gpg-here"))
        .args(["encrypt", "--pgp", &p.fp])
        .arg(&plain);
    fails(c, 1);
}

#[test]
fn unknown_public_key_fails_encryption_with_advice() {
    let p = Pgp::new();
    let plain = p.s.write("plain.json", PLAIN);
    let unknown = "0123456789ABCDEF0123456789ABCDEF01234567";
    let mut c = p.rsops();
    c.args(["encrypt", "--pgp", unknown]).arg(&plain);
    let err = fails(c, 1);
    assert!(err.contains(unknown), "{err}");
    assert!(err.contains("not in the GnuPG keyring"), "{err}");
    let out = run({
        let mut c = p.sops();
        c.args(["encrypt", "--pgp", unknown]).arg(&plain);
        c
    });
    assert_eq!(out.status.code(), Some(1));
}

#[test]
#[cfg(feature = "pgp-native")]
fn builtin_openpgp_names_the_keys_it_has_when_none_fits() {
    let p = Pgp::new();
    let other = spec_key();
    let plain = p.s.write("plain.json", PLAIN);
    let mut c = p.rsops_without_gpg();
    c.env("SOPS_PGP_KEY_FILE", &other)
        .args(["encrypt", "--pgp", &p.fp])
        .arg(&plain);
    let err = fails(c, 1);
    assert!(
        err.contains(&format!("no key from SOPS_PGP_KEY_FILE matches {}", p.fp)),
        "{err}"
    );
    assert!(err.contains(SPEC_FP), "{err}");
    assert!(err.contains("gpg was not found"), "{err}");

    let enc = p.encrypt(p.sops(), &["--pgp", &p.fp], "x.json");
    let mut c = p.rsops_without_gpg();
    c.env("SOPS_PGP_KEY_FILE", &other).arg("decrypt").arg(&enc);
    let err = fails(c, 128);
    assert!(
        err.contains("no secret key from SOPS_PGP_KEY_FILE is a recipient"),
        "{err}"
    );
    assert!(err.contains(SPEC_FP), "{err}");
}

/// In a two-group Shamir file the PGP key wraps a 33-byte share, not the
/// data key; both groups are needed, in both tools.
#[test]
fn pgp_key_group_wraps_a_shamir_share_that_sops_reads() {
    let p = Pgp::new();
    let config = p.s.write(
        "shamir.sops.yaml",
        format!(
            "creation_rules:\n  - shamir_threshold: 2\n    key_groups:\n      - pgp: ['{}']\n      - age: ['{}']\n",
            p.fp, p.s.recipient
        ),
    );
    let mut c = p.rsops();
    c.env("SOPS_CONFIG", &config);
    let enc = p.encrypt(c, &[], "shamir.json");
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&enc).unwrap()).unwrap();
    assert_eq!(v["sops"]["shamir_threshold"], 2);
    assert_eq!(v["sops"]["key_groups"][0]["pgp"][0]["fp"], p.fp.as_str());

    let share = ok({
        let mut c = p.gpg();
        c.arg("-d").stdin(
            std::fs::File::open(
                p.s.write(
                    "share.asc",
                    v["sops"]["key_groups"][0]["pgp"][0]["enc"]
                        .as_str()
                        .unwrap(),
                ),
            )
            .unwrap(),
        );
        c
    });
    assert_eq!(share.len(), 33, "a Shamir share is 32 bytes and its x");
    assert_eq!(share[32], 1, "group 0 holds share x=1");

    assert_eq!(password_from(p.sops(), &enc), "hunter2");
    let mut c = p.rsops();
    c.env("GNUPGHOME", p.s.path("empty-gnupg"));
    c.arg("decrypt").arg(&enc);
    fails(c, 128);
}

/// gpg's stdin is the message, so pinentry-curses needs GPG_TTY to find the
/// terminal; rsops passes its own when GPG_TTY is unset, and leaves a set
/// value alone.
#[test]
#[cfg(unix)]
fn gpg_is_told_the_terminal_when_gpg_tty_is_unset() {
    use std::os::unix::fs::PermissionsExt;
    let p = Pgp::new();
    let enc = p.encrypt(p.rsops(), &["--pgp", &p.fp], "x.json");
    let log = p.s.path("tty.log");
    let wrapper = p.s.write(
        "tty-wrapper.sh",
        format!(
            "#!/bin/sh\necho \"GPG_TTY=$GPG_TTY\" >> '{}'\nexec '{}' \"$@\"\n",
            log.display(),
            gpg_bin().display()
        ),
    );
    std::fs::set_permissions(&wrapper, std::fs::Permissions::from_mode(0o755)).unwrap();
    let rsops = env!("CARGO_BIN_EXE_rsops");
    let under_a_terminal = |gpg_tty: Option<&str>| {
        // script(1) (util-linux) runs the command on a new pseudo-terminal,
        // in the same clean environment as every rsops run here.
        let mut c = Command::new("script");
        for (k, v) in p.rsops().get_envs() {
            match v {
                Some(v) => c.env(k, v),
                None => c.env_remove(k),
            };
        }
        c.env("SOPS_GPG_EXEC", &wrapper)
            .env_remove("GPG_TTY")
            .current_dir(p.s.dir.path())
            .args([
                "-qec",
                &format!("'{rsops}' decrypt '{}'", enc.display()),
                "/dev/null",
            ]);
        if let Some(v) = gpg_tty {
            c.env("GPG_TTY", v);
        }
        ok(c);
    };
    under_a_terminal(None);
    under_a_terminal(Some("/dev/tty-given"));
    ok({
        let mut c = p.rsops();
        c.env("SOPS_GPG_EXEC", &wrapper).arg("decrypt").arg(&enc);
        c
    });
    let lines: Vec<String> = std::fs::read_to_string(&log)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert!(lines[0].starts_with("GPG_TTY=/dev/"), "{lines:?}");
    assert_eq!(lines[1], "GPG_TTY=/dev/tty-given");
    assert_eq!(lines[2], "GPG_TTY=", "no terminal, nothing to tell");
}
