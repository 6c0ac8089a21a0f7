//! age master keys: the data key wrapped as an ASCII-armored age file for one
//! recipient (X25519, SSH or plugin), unwrapped with identities found where
//! sops looks for them.

use std::collections::HashMap;
use std::io::{BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};

use age::cli_common::UiCallbacks;
use age::{Identity, IdentityFile, Recipient};
use zeroize::Zeroizing;

use super::{KeyError, MetadataError};
use crate::tree::{Map, Value};

/// An age recipient and the data key wrapped for it.
#[derive(Clone, Debug, PartialEq)]
pub struct AgeKey {
    pub recipient: String,
    pub enc: String,
}

impl AgeKey {
    pub fn new(recipient: &str) -> Self {
        AgeKey {
            recipient: recipient.trim().to_owned(),
            enc: String::new(),
        }
    }

    pub fn from_metadata(map: &Map) -> Result<Self, MetadataError> {
        Ok(AgeKey {
            recipient: super::required(map, "age", "recipient")?,
            enc: super::optional(map, "enc"),
        })
    }

    pub fn to_metadata(&self) -> Map {
        let mut m = Map::default();
        m.push("recipient", Value::Str(self.recipient.clone()));
        m.push("enc", Value::Str(self.enc.clone()));
        m
    }

    /// Wraps `secret` for this recipient as an armored age file.
    pub fn wrap(&mut self, secret: &[u8]) -> Result<(), KeyError> {
        let recipient = parse_recipient(&self.recipient)?;
        let fail = |e: &dyn std::fmt::Display| KeyError::Wrap {
            key: self.recipient.clone(),
            reason: e.to_string(),
        };
        let encryptor = age::Encryptor::with_recipients(std::iter::once(&*recipient as _))
            .map_err(|e| fail(&e))?;
        let mut out = Vec::new();
        let armor =
            age::armor::ArmoredWriter::wrap_output(&mut out, age::armor::Format::AsciiArmor)
                .map_err(|e| fail(&e))?;
        let mut writer = encryptor.wrap_output(armor).map_err(|e| fail(&e))?;
        writer.write_all(secret).map_err(|e| fail(&e))?;
        writer
            .finish()
            .and_then(|armor| armor.finish())
            .map_err(|e| fail(&e))?;
        self.enc = String::from_utf8(out).map_err(|e| fail(&e))?;
        Ok(())
    }

    /// Unwraps the data key (or Shamir share) with the identities found.
    pub fn unwrap(&self, identities: &Identities) -> Result<Zeroizing<Vec<u8>>, KeyError> {
        let fail = |reason: String| KeyError::Unwrap {
            key: self.recipient.clone(),
            reason,
        };
        let loaded = identities.get(&self.recipient);
        if loaded.identities.is_empty() {
            return Err(fail(loaded.no_identity_help()));
        }
        let reader = age::armor::ArmoredReader::new(self.enc.as_bytes());
        let decryptor = age::Decryptor::new_buffered(reader).map_err(|e| fail(e.to_string()))?;
        let mut stream = decryptor
            .decrypt(loaded.identities.iter().map(|i| &**i as &dyn Identity))
            .map_err(|e| {
                fail(match e {
                    age::DecryptError::NoMatchingKeys => loaded.no_match_help(),
                    other => format!("{other} ({})", loaded.found_and_searched()),
                })
            })?;
        let mut plain = Zeroizing::new(Vec::new());
        stream
            .read_to_end(&mut plain)
            .map_err(|e| fail(e.to_string()))?;
        Ok(plain)
    }
}

type BoxedRecipient = Box<dyn Recipient + Send>;
type BoxedIdentity = Box<dyn Identity + Send + Sync>;

/// Parses a recipient as sops does: `age1…` X25519, `age1<plugin>1…` plugin,
/// `ssh-ed25519 …` / `ssh-rsa …`.
// age 0.13 deprecates X25519 and SSH recipients because they are not
// post-quantum; rsops encrypts to whatever recipients the user's files and
// .sops.yaml name, as sops does, so it must keep using them.
#[allow(deprecated)]
fn parse_recipient(s: &str) -> Result<BoxedRecipient, KeyError> {
    let bad = |reason: &str| KeyError::Recipient {
        recipient: s.to_owned(),
        reason: reason.to_owned(),
    };
    // Checked before plugins: `age1pq1…` holds a second `1` but is a
    // native hybrid post-quantum (ML-KEM-768 + X25519) recipient.
    if s.starts_with("age1pq1") {
        let r: age::pq::Recipient = s.parse().map_err(bad)?;
        return Ok(Box::new(r));
    }
    if s.starts_with("age1") && s.matches('1').count() > 1 {
        let recipient: age::plugin::Recipient = s.parse().map_err(bad)?;
        let plugin = age::plugin::RecipientPluginV1::new(
            recipient.plugin(),
            std::slice::from_ref(&recipient),
            &[],
            UiCallbacks,
        )
        .map_err(|e| bad(&e.to_string()))?;
        return Ok(Box::new(plugin));
    }
    if s.starts_with("age1") {
        let r: age::x25519::Recipient = s.parse().map_err(bad)?;
        return Ok(Box::new(r));
    }
    if s.starts_with("ssh-") {
        let r: age::ssh::Recipient = s
            .parse()
            .map_err(|_| bad("not a valid ssh-ed25519 or ssh-rsa public key"))?;
        return Ok(Box::new(r));
    }
    Err(bad(
        "unknown recipient type; expected age1…, ssh-ed25519 … or ssh-rsa …",
    ))
}

/// Checks that a recipient string parses, so that a typo in `--age` fails
/// before anything is written.
pub fn validate_recipient(s: &str) -> Result<(), KeyError> {
    parse_recipient(s.trim()).map(drop)
}

/// Every age identity available to this process, loaded on first use from
/// the places sops reads. `SOPS_AGE_KEY_CMD` is told which recipient is
/// being decrypted, so with it set the identities are loaded per recipient.
#[derive(Default)]
pub struct Identities {
    cache: Mutex<HashMap<String, Arc<Loaded>>>,
}

struct Loaded {
    identities: Vec<BoxedIdentity>,
    /// Where identities were found, each with the recipients they open
    /// (public keys only): `SOPS_AGE_KEY_FILE (path): age1…`.
    found: Vec<String>,
    /// Sources that were set but failed, with why (never their contents).
    errors: Vec<String>,
    /// Places looked at that were not set or not there.
    searched: Vec<String>,
}

impl Identities {
    fn get(&self, recipient: &str) -> Arc<Loaded> {
        let key = if std::env::var_os("SOPS_AGE_KEY_CMD").is_some() {
            recipient
        } else {
            ""
        };
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        cache
            .entry(key.to_owned())
            .or_insert_with(|| Arc::new(load(recipient)))
            .clone()
    }
}

impl Loaded {
    /// No identity anywhere: where rsops looked, and where to put one.
    fn no_identity_help(&self) -> String {
        let mut msg = String::from("no age identity found");
        if !self.errors.is_empty() {
            msg.push_str(&format!(" ({})", self.errors.join("; ")));
        }
        msg.push_str(&format!(
            ". Looked in: {}. Put the identity (AGE-SECRET-KEY-1…) of this recipient in {}, \
             or point SOPS_AGE_KEY_FILE at a file holding it, or set SOPS_AGE_KEY or SOPS_AGE_KEY_CMD",
            self.searched.join(", "),
            self.default_file_hint(),
        ));
        msg
    }

    /// Identities were found but none opens the file: which ones (by their
    /// public keys), where else rsops looked, and what to do.
    fn no_match_help(&self) -> String {
        format!(
            "none of the age identities found is this recipient's ({}). \
             Add this recipient's identity to one of those places, or ask someone who can \
             decrypt the file to add one of your recipients to it (.sops.yaml and updatekeys, \
             or rotate --add-age)",
            self.found_and_searched()
        )
    }

    /// `found: …; also looked in: …; errors`, for messages.
    fn found_and_searched(&self) -> String {
        let mut parts = vec![format!("found: {}", self.found.join("; "))];
        if !self.searched.is_empty() {
            parts.push(format!("also looked in: {}", self.searched.join(", ")));
        }
        parts.extend(self.errors.iter().cloned());
        parts.join("; ")
    }

    fn default_file_hint(&self) -> String {
        default_key_file(std::env::var_os("HOME").map(PathBuf::from).as_deref()).map_or_else(
            || "sops/age/keys.txt in your configuration folder".to_owned(),
            |p| p.display().to_string(),
        )
    }
}

fn load(recipient: &str) -> Loaded {
    let mut l = Loaded {
        identities: Vec::new(),
        found: Vec::new(),
        errors: Vec::new(),
        searched: Vec::new(),
    };
    let home = std::env::var_os("HOME").map(PathBuf::from);

    match std::env::var_os("SOPS_AGE_SSH_PRIVATE_KEY_FILE") {
        Some(path) => l.ssh_file(
            Path::new(&path),
            &format!(
                "SOPS_AGE_SSH_PRIVATE_KEY_FILE ({})",
                Path::new(&path).display()
            ),
        ),
        None if std::env::var_os("SOPS_AGE_SSH_PRIVATE_KEY_CMD").is_some() => l.ssh_command(),
        None => {
            l.searched
                .push("SOPS_AGE_SSH_PRIVATE_KEY_FILE (not set)".into());
            if let Some(home) = &home {
                for name in ["id_ed25519", "id_rsa"] {
                    let path = home.join(".ssh").join(name);
                    if path.exists() {
                        l.ssh_file(&path, &path.display().to_string());
                    } else {
                        l.searched
                            .push(format!("{} (no such file)", path.display()));
                    }
                }
            }
        }
    }
    match std::env::var("SOPS_AGE_KEY") {
        // sops allows several space-separated keys per line here.
        Ok(text) => {
            let one_per_line =
                Zeroizing::new(text.split_whitespace().collect::<Vec<_>>().join("\n"));
            l.identity_text(one_per_line.as_bytes(), "SOPS_AGE_KEY");
        }
        Err(_) => l.searched.push("SOPS_AGE_KEY (not set)".into()),
    }
    match std::env::var_os("SOPS_AGE_KEY_FILE") {
        Some(path) => l.identity_file(
            Path::new(&path),
            &format!("SOPS_AGE_KEY_FILE ({})", Path::new(&path).display()),
        ),
        None => l.searched.push("SOPS_AGE_KEY_FILE (not set)".into()),
    }
    match std::env::var("SOPS_AGE_KEY_CMD") {
        Ok(cmd) => l.identity_command(&cmd, recipient),
        Err(_) => l.searched.push("SOPS_AGE_KEY_CMD (not set)".into()),
    }
    if let Some(path) = default_key_file(home.as_deref()) {
        if path.exists() {
            l.identity_file(&path, &path.display().to_string());
        } else {
            l.searched
                .push(format!("{} (no such file)", path.display()));
        }
    }
    l
}

/// `<user config dir>/sops/age/keys.txt`, as Go's `os.UserConfigDir`.
fn default_key_file(home: Option<&Path>) -> Option<PathBuf> {
    let base = if cfg!(target_os = "macos") {
        std::env::var_os("XDG_CONFIG_HOME")
            .map(PathBuf::from)
            .or_else(|| home.map(|h| h.join("Library/Application Support")))
    } else if cfg!(windows) {
        std::env::var_os("AppData").map(PathBuf::from)
    } else {
        std::env::var_os("XDG_CONFIG_HOME")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .or_else(|| home.map(|h| h.join(".config")))
    };
    base.map(|b| b.join("sops").join("age").join("keys.txt"))
}

impl Loaded {
    fn identity_text(&mut self, text: &[u8], source: &str) {
        let parsed = IdentityFile::from_buffer(BufReader::new(text)).and_then(|file| {
            // The public keys, for messages; a file with plugin identities
            // has none to show (only the plugin can tell).
            let mut public = Vec::new();
            let recipients = match file.write_recipients_file(&mut public) {
                Ok(()) => String::from_utf8_lossy(&public)
                    .lines()
                    .collect::<Vec<_>>()
                    .join(", "),
                Err(_) => "plugin identities".to_owned(),
            };
            file.with_callbacks(UiCallbacks)
                .into_identities()
                .map(|ids| (ids, recipients))
                .map_err(|e| std::io::Error::other(e.to_string()))
        });
        match parsed {
            Ok((ids, _)) if ids.is_empty() => self
                .errors
                .push(format!("{source} holds no age identity")),
            Ok((ids, recipients)) => {
                self.identities.extend(ids);
                self.found.push(format!("{source}: {recipients}"));
            }
            Err(_) => self.errors.push(format!(
                "{source} does not hold valid age identities (one AGE-SECRET-KEY-1…, AGE-SECRET-KEY-PQ-1… or AGE-PLUGIN-… per line)"
            )),
        }
    }

    fn identity_file(&mut self, path: &Path, source: &str) {
        match std::fs::read(path) {
            Ok(bytes) => self.identity_text(&Zeroizing::new(bytes), source),
            Err(e) => self
                .errors
                .push(format!("cannot read {source} ({}): {e}", path.display())),
        }
    }

    fn identity_command(&mut self, cmd: &str, recipient: &str) {
        if let Some(stdout) = self.run_command(cmd, "SOPS_AGE_KEY_CMD", Some(recipient)) {
            self.identity_text(&stdout, "SOPS_AGE_KEY_CMD output");
        }
    }

    /// sops 3.12's `SOPS_AGE_SSH_PRIVATE_KEY_CMD`: a command (shell-split,
    /// not run by a shell) that prints an SSH private key.
    fn ssh_command(&mut self) {
        let cmd = std::env::var("SOPS_AGE_SSH_PRIVATE_KEY_CMD").unwrap_or_default();
        let Some(stdout) = self.run_command(&cmd, "SOPS_AGE_SSH_PRIVATE_KEY_CMD", None) else {
            return;
        };
        match age::ssh::Identity::from_buffer(
            BufReader::new(stdout.as_slice()),
            Some("SOPS_AGE_SSH_PRIVATE_KEY_CMD".into()),
        ) {
            Ok(identity) => self.add_ssh(identity, "SOPS_AGE_SSH_PRIVATE_KEY_CMD"),
            Err(e) => self.errors.push(format!(
                "SOPS_AGE_SSH_PRIVATE_KEY_CMD did not print a usable SSH private key: {e}"
            )),
        }
    }

    /// Runs a key command; its standard output, or `None` with the reason
    /// recorded.
    fn run_command(
        &mut self,
        cmd: &str,
        var: &str,
        recipient: Option<&str>,
    ) -> Option<Zeroizing<Vec<u8>>> {
        let Some(argv) = shlex::split(cmd).filter(|a| !a.is_empty()) else {
            self.errors
                .push(format!("{var} is not a valid command line"));
            return None;
        };
        let mut command = Command::new(&argv[0]);
        command
            .args(&argv[1..])
            .stderr(std::process::Stdio::inherit());
        if let Some(r) = recipient {
            command.env("SOPS_AGE_RECIPIENT", r);
        }
        match command.output() {
            Ok(out) if out.status.success() => Some(Zeroizing::new(out.stdout)),
            Ok(out) => {
                self.errors.push(format!("{var} failed ({})", out.status));
                None
            }
            Err(e) => {
                self.errors
                    .push(format!("cannot run {var} {:?}: {e}", argv[0]));
                None
            }
        }
    }

    fn ssh_file(&mut self, path: &Path, source: &str) {
        let parsed = std::fs::File::open(path).and_then(|f| {
            age::ssh::Identity::from_buffer(BufReader::new(f), Some(path.display().to_string()))
        });
        match parsed {
            Ok(identity) => self.add_ssh(identity, source),
            Err(e) => self
                .errors
                .push(format!("cannot use SSH key {source}: {e}")),
        }
    }

    /// Keeps an SSH identity, noting its public key for messages.
    // The SSH recipient (deprecated by age 0.13, see parse_recipient) is
    // only printed here: it is how sops' metadata names the key.
    #[allow(deprecated)]
    fn add_ssh(&mut self, identity: age::ssh::Identity, source: &str) {
        let public = age::ssh::Recipient::try_from(identity.clone()).map_or_else(
            |_| "an SSH key of a type age cannot use".to_owned(),
            |r| r.to_string(),
        );
        self.found.push(format!("{source}: {public}"));
        self.identities
            .push(Box::new(identity.with_callbacks(UiCallbacks)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recipient_types_are_recognised() {
        assert!(validate_recipient(
            "age1tupqm0m28ea5r89mfa4dt2kzux8ukhnkcs8e4rm6vplspdzjn4tsnreqm7"
        )
        .is_ok());
        let err = validate_recipient("age1nope").unwrap_err().to_string();
        assert!(err.contains("age1nope"), "{err}");
        assert!(validate_recipient("pgp-ish").is_err());
    }

    #[test]
    fn default_key_file_follows_xdg() {
        let p = default_key_file(Some(Path::new("/home/u"))).unwrap();
        if std::env::var_os("XDG_CONFIG_HOME").is_none() {
            assert_eq!(p, Path::new("/home/u/.config/sops/age/keys.txt"));
        }
        assert!(p.ends_with("sops/age/keys.txt"));
    }
}
