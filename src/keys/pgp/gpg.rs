//! The GnuPG backend: runs `gpg` with exactly the arguments sops 3.11 uses,
//! so keys in keyrings, gpg-agent, smartcards and YubiKeys work as they do
//! for sops, and a `SOPS_GPG_EXEC` wrapper sees the same command line.
//!
//! gpg's own stderr is kept, but only after a sentence that says which key
//! failed, why, and what to try.

use std::ffi::OsString;
use std::io::Write;
use std::process::{Command, Stdio};

use zeroize::Zeroizing;

/// Why gpg could not do what was asked. The `Display` form is the whole
/// explanation shown to the user.
#[derive(Debug, thiserror::Error)]
pub enum GpgError {
    #[error("{program} was not found{how}; install GnuPG, or set SOPS_GPG_EXEC to the gpg to use{native}")]
    NotFound {
        program: String,
        how: &'static str,
        native: &'static str,
    },
    #[error("cannot run {program}: {source}")]
    Spawn {
        program: String,
        source: std::io::Error,
    },
    #[error("{explanation}{}", gpg_said(.stderr))]
    Failed { explanation: String, stderr: String },
}

/// The program to run: `SOPS_GPG_EXEC` verbatim (sops 3.11 neither splits it
/// nor requires an absolute path), else `gpg` from `PATH`.
fn program() -> (OsString, bool) {
    match std::env::var_os("SOPS_GPG_EXEC") {
        Some(p) if !p.is_empty() => (p, true),
        _ => (OsString::from("gpg"), false),
    }
}

/// The last 16 characters of a fingerprint (the long key ID), keeping a
/// trailing `!` as sops does (getsops/sops#1365).
pub fn long_key_id(fp: &str) -> &str {
    let keep = if fp.ends_with('!') { 17 } else { 16 };
    match fp.char_indices().rev().nth(keep - 1) {
        Some((i, _)) if i > 0 => &fp[i..],
        _ => fp,
    }
}

/// The arguments sops passes to encrypt to `fp` (docs/format.md §6.2).
pub fn encrypt_args(fp: &str) -> Vec<String> {
    [
        "--no-default-recipient",
        "--yes",
        "--encrypt",
        "-a",
        "-r",
        fp,
        "--trusted-key",
        long_key_id(fp),
        "--no-encrypt-to",
    ]
    .map(str::to_owned)
    .to_vec()
}

/// Encrypts `secret` to `fp`; returns the armored message, whitespace-trimmed.
pub fn encrypt(fp: &str, secret: &[u8]) -> Result<String, GpgError> {
    let out = run(&encrypt_args(fp), secret)?;
    if !out.success {
        return Err(GpgError::Failed {
            explanation: explain_encrypt(fp, &out.stderr),
            stderr: out.stderr,
        });
    }
    let armored = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    if !armored.starts_with("-----BEGIN PGP MESSAGE-----") {
        return Err(GpgError::Failed {
            explanation: "gpg did not print an armored PGP message".into(),
            stderr: out.stderr,
        });
    }
    Ok(armored)
}

/// Decrypts an armored message with `gpg -d`, the only argument sops 3.11
/// passes; gpg finds the key and asks gpg-agent for it.
pub fn decrypt(enc: &str) -> Result<Zeroizing<Vec<u8>>, GpgError> {
    let out = run(&["-d".to_owned()], enc.as_bytes())?;
    if !out.success {
        return Err(GpgError::Failed {
            explanation: explain_decrypt(&out.stderr),
            stderr: out.stderr,
        });
    }
    if out.stdout.is_empty() {
        // Seen when an old gpg drops AEAD packets it does not know
        // (getsops/sops#896); sops rejects it the same way.
        return Err(GpgError::Failed {
            explanation: "gpg decrypted the data key to zero bytes; the message may use a \
                          newer format than this gpg supports (upgrade GnuPG)"
                .into(),
            stderr: out.stderr,
        });
    }
    Ok(out.stdout)
}

struct GpgOutput {
    success: bool,
    stdout: Zeroizing<Vec<u8>>,
    stderr: String,
}

fn run(args: &[String], stdin: &[u8]) -> Result<GpgOutput, GpgError> {
    let (program, from_env) = program();
    let shown = program.to_string_lossy().into_owned();
    let mut cmd = Command::new(&program);
    cmd.args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // gpg's stdin is the message, so pinentry-curses cannot find the
    // terminal by itself; tell it which one we have (as `GPG_TTY=$(tty)`).
    if std::env::var_os("GPG_TTY").is_none() {
        if let Some(tty) = terminal_name() {
            cmd.env("GPG_TTY", tty);
        }
    }
    let mut child = cmd.spawn().map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => GpgError::NotFound {
            program: shown.clone(),
            how: if from_env {
                " (SOPS_GPG_EXEC)"
            } else {
                " on PATH"
            },
            native: if cfg!(feature = "pgp-native") {
                ", or give the armored key to rsops' built-in OpenPGP with SOPS_PGP_KEY_FILE or SOPS_PGP_KEY"
            } else {
                ""
            },
        },
        _ => GpgError::Spawn {
            program: shown.clone(),
            source: e,
        },
    })?;
    // The input is at most a few kilobytes, well under a pipe's buffer, so
    // writing it all before reading cannot deadlock.
    if let Some(mut input) = child.stdin.take() {
        // gpg may exit before reading (bad arguments); its status says why.
        let _ = input.write_all(stdin);
    }
    let out = child.wait_with_output().map_err(|e| GpgError::Spawn {
        program: shown,
        source: e,
    })?;
    Ok(GpgOutput {
        success: out.status.success(),
        stdout: Zeroizing::new(out.stdout),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    })
}

/// The name of the terminal on stdin, stdout or stderr, if any.
#[cfg(unix)]
#[allow(unsafe_code)]
fn terminal_name() -> Option<OsString> {
    use std::os::unix::ffi::OsStrExt;
    for fd in [0, 1, 2] {
        let mut buf = [0u8; 256];
        // SAFETY: the buffer is valid for its length; ttyname_r writes a
        // NUL-terminated name into it or returns an error.
        let rc = unsafe { libc::ttyname_r(fd, buf.as_mut_ptr().cast(), buf.len()) };
        if rc == 0 {
            let len = buf.iter().position(|&b| b == 0)?;
            return Some(std::ffi::OsStr::from_bytes(&buf[..len]).to_owned());
        }
    }
    None
}

#[cfg(not(unix))]
fn terminal_name() -> Option<OsString> {
    None
}

/// Where gpg looks for keys, for messages.
fn gnupg_home() -> String {
    match std::env::var("GNUPGHOME") {
        Ok(h) if !h.is_empty() => format!("GNUPGHOME={h}"),
        _ => "~/.gnupg".into(),
    }
}

/// The key IDs gpg names in "encrypted with … key, ID …" lines.
fn recipient_ids(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter_map(|l| l.split(", ID ").nth(1))
        .filter_map(|rest| rest.split([',', ' ']).next())
        .filter(|id| !id.is_empty())
        .collect()
}

fn explain_decrypt(stderr: &str) -> String {
    let ids = recipient_ids(stderr);
    let which = if ids.is_empty() {
        "the secret key".to_owned()
    } else {
        format!("the secret key {}", ids.join(" or "))
    };
    let has = |needle: &str| stderr.contains(needle);
    if has("Bad passphrase") {
        format!("gpg was given a wrong passphrase for {which}; try again, or check the passphrase given to gpg-agent (loopback/passphrase settings in gpg.conf)")
    } else if has("Inappropriate ioctl for device")
        || has("can't get input")
        || has("No pinentry")
        || has("No passphrase given")
        || has("Operation cancelled")
        || has("Timeout")
    {
        format!("gpg could not ask for the passphrase of {which}: no terminal or pinentry is available. Run `export GPG_TTY=$(tty)` in an interactive shell, configure a graphical pinentry, or unlock the key in gpg-agent before running rsops")
    } else if has("card") && (has("not present") || has("No such device") || has("Card error")) {
        format!("{which} is on a smartcard that gpg cannot reach; insert the card (YubiKey) and check `gpg --card-status`")
    } else if has("No secret key") {
        format!("{which} is not in the GnuPG keyring ({}); import it with `gpg --import`, or insert the smartcard that holds it", gnupg_home())
    } else if has("no valid OpenPGP data found") || has("invalid armor") {
        "the enc field of this key is not a valid armored PGP message".into()
    } else {
        format!("gpg could not decrypt the data key with {which}")
    }
}

fn explain_encrypt(fp: &str, stderr: &str) -> String {
    let has = |needle: &str| stderr.contains(needle);
    if has("No public key") {
        format!("the public key {fp} is not in the GnuPG keyring ({}); import it with `gpg --import key.asc` (or `gpg --recv-keys {fp}`), or check the fingerprint", gnupg_home())
    } else if has("nusable public key") || has("unusable") {
        format!("the public key {fp} cannot encrypt: it is expired, revoked or has no encryption subkey (see `gpg --list-keys {fp}`)")
    } else if has("no assurance") || has("not certain") {
        format!("gpg does not trust the key {fp}; sign it locally (`gpg --lsign-key {fp}`) or set its owner trust")
    } else {
        format!("gpg could not encrypt to {fp}")
    }
}

/// gpg's own lines, indented, after the explanation.
fn gpg_said(stderr: &str) -> String {
    let lines: Vec<&str> = stderr
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if lines.is_empty() {
        return String::new();
    }
    format!(" (gpg said: {})", lines.join(" / "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_key_id_is_the_last_16_characters_and_keeps_a_bang() {
        let fp = "B42D7886A4D483874202149AB99368ECA619B37D";
        assert_eq!(long_key_id(fp), "B99368ECA619B37D");
        assert_eq!(
            long_key_id("B42D7886A4D483874202149AB99368ECA619B37D!"),
            "B99368ECA619B37D!"
        );
        assert_eq!(long_key_id("B99368ECA619B37D"), "B99368ECA619B37D");
        assert_eq!(long_key_id("ECA619B37D"), "ECA619B37D");
    }

    #[test]
    fn encrypt_args_are_sops_argv() {
        assert_eq!(
            encrypt_args("B42D7886A4D483874202149AB99368ECA619B37D").join(" "),
            "--no-default-recipient --yes --encrypt -a -r \
             B42D7886A4D483874202149AB99368ECA619B37D --trusted-key B99368ECA619B37D --no-encrypt-to"
        );
    }

    #[test]
    fn decrypt_failures_are_explained() {
        let wrong = "gpg: encrypted with 255-bit ECDH key, ID 41E21B63CBA054C7, created 2026-11-26\n      \"WithPass <wp@example.invalid>\"\ngpg: public key decryption failed: Bad passphrase\ngpg: decryption failed: No secret key\n";
        let e = explain_decrypt(wrong);
        assert!(e.contains("wrong passphrase"), "{e}");
        assert!(e.contains("41E21B63CBA054C7"), "{e}");
        let tty = wrong.replace("Bad passphrase", "Inappropriate ioctl for device");
        assert!(explain_decrypt(&tty).contains("GPG_TTY"));
        let missing = "gpg: encrypted with 255-bit ECDH key, ID 41E21B63CBA054C7, created 2026-11-26\ngpg: decryption failed: No secret key\n";
        assert!(explain_decrypt(missing).contains("not in the GnuPG keyring"));
    }

    #[test]
    fn encrypt_failures_are_explained() {
        let e = explain_encrypt(
            "0123",
            "gpg: 0123: skipped: No public key\ngpg: [stdin]: encryption failed: No public key\n",
        );
        assert!(e.contains("gpg --import"), "{e}");
    }
}
