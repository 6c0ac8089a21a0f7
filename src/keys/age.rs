//! age master keys: the data key wrapped as an ASCII-armored age file for one
//! recipient (X25519, SSH or plugin), unwrapped with identities found where
//! sops looks for them.

use std::collections::HashMap;
use std::io::{BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex, OnceLock};

use age::cli_common::UiCallbacks;
use age::secrecy::ExposeSecret;
use age::{Identity, IdentityFile, Recipient};
use age_core::format::{FileKey, Stanza};
use age_core::primitives::{aead_decrypt, hkdf_into};
use base64::engine::general_purpose::STANDARD_NO_PAD;
use base64::Engine;
use bech32::primitives::decode::CheckedHrpstring;
use bech32::Bech32;
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
/// Shared, so that messages can reach rsops' own X25519 identities.
type SharedIdentity = Arc<dyn Identity + Send + Sync>;

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
    identities: Vec<SharedIdentity>,
    /// Where identities were found, each with the recipients they open
    /// (public keys only), for messages.
    found: Vec<Found>,
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
        let found: Vec<String> = self.found.iter().map(Found::describe).collect();
        let mut parts = vec![format!("found: {}", found.join("; "))];
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
        let invalid = || {
            format!(
                "{source} does not hold valid age identities (one AGE-SECRET-KEY-1…, AGE-SECRET-KEY-PQ-1… or AGE-PLUGIN-… per line)"
            )
        };
        let Ok(text) = std::str::from_utf8(text) else {
            self.errors.push(invalid());
            return;
        };
        // X25519 identities are read here (see X25519Identity); age reads
        // the other lines, with its own checks.
        let mut x25519 = Vec::new();
        let mut rest = Zeroizing::new(String::new());
        for line in text.lines() {
            if line.starts_with("AGE-SECRET-KEY-1") {
                match X25519Identity::parse(line) {
                    Some(identity) => x25519.push(Arc::new(identity)),
                    None => {
                        self.errors.push(invalid());
                        return;
                    }
                }
            } else {
                rest.push_str(line);
                rest.push('\n');
            }
        }
        let holds_more = rest
            .lines()
            .any(|line| !line.is_empty() && !line.starts_with('#'));
        let (others, public) = if holds_more {
            let parsed =
                IdentityFile::from_buffer(BufReader::new(rest.as_bytes())).and_then(|file| {
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
                Ok(parsed) => parsed,
                Err(_) => {
                    self.errors.push(invalid());
                    return;
                }
            }
        } else {
            (Vec::new(), String::new())
        };
        if x25519.is_empty() && others.is_empty() {
            self.errors.push(format!("{source} holds no age identity"));
            return;
        }
        self.identities.extend(
            x25519
                .iter()
                .map(|identity| Arc::clone(identity) as SharedIdentity),
        );
        self.identities
            .extend(others.into_iter().map(SharedIdentity::from));
        self.found.push(Found {
            source: source.to_owned(),
            x25519,
            public,
        });
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
        self.found.push(Found {
            source: source.to_owned(),
            x25519: Vec::new(),
            public,
        });
        self.identities
            .push(Arc::new(identity.with_callbacks(UiCallbacks)));
    }
}

/// A place identities were found, for messages:
/// `SOPS_AGE_KEY_FILE (path): age1…, age1…`.
struct Found {
    source: String,
    /// Its X25519 identities, whose public keys are derived only when a
    /// message shows them.
    x25519: Vec<Arc<X25519Identity>>,
    /// The public keys of its other identities, as text.
    public: String,
}

impl Found {
    fn describe(&self) -> String {
        let keys: Vec<String> = self
            .x25519
            .iter()
            .map(|identity| identity.recipient())
            .chain((!self.public.is_empty()).then(|| self.public.clone()))
            .collect();
        format!("{}: {}", self.source, keys.join(", "))
    }
}

/// An age X25519 identity (`AGE-SECRET-KEY-1…`) that derives its public key
/// once. age's own identity derives it again for every file it opens (a
/// scalar multiplication: a tenth of the instructions of the Kustomize
/// plugin over 100 small Secrets), and the messages above need it only
/// when something fails. It unwraps the X25519 stanza as the age format
/// (c2sp.org/age) defines it, with age's own primitives.
struct X25519Identity {
    secret: x25519_dalek::StaticSecret,
    public: OnceLock<x25519_dalek::PublicKey>,
}

/// The stanza tag, HKDF label and sizes of the age format's X25519 recipient type.
const X25519_TAG: &str = "X25519";
const X25519_LABEL: &[u8] = b"age-encryption.org/v1/X25519";
const FILE_KEY_BYTES: usize = 16;
const WRAPPED_FILE_KEY_BYTES: usize = FILE_KEY_BYTES + 16;

impl X25519Identity {
    /// Parses one identity-file line; `None` when it is not a valid
    /// X25519 identity (Bech32, `age-secret-key-`, 32 bytes).
    fn parse(line: &str) -> Option<Self> {
        let checked = CheckedHrpstring::new::<Bech32>(line).ok()?;
        if !checked
            .hrp()
            .as_str()
            .eq_ignore_ascii_case("age-secret-key-")
        {
            return None;
        }
        let mut bytes = Zeroizing::new([0u8; 32]);
        let mut data = checked.byte_iter();
        for byte in bytes.iter_mut() {
            *byte = data.next()?;
        }
        if data.next().is_some() {
            return None;
        }
        Some(X25519Identity {
            secret: x25519_dalek::StaticSecret::from(*bytes),
            public: OnceLock::new(),
        })
    }

    fn public(&self) -> &x25519_dalek::PublicKey {
        self.public
            .get_or_init(|| x25519_dalek::PublicKey::from(&self.secret))
    }

    /// The recipient, `age1…`.
    fn recipient(&self) -> String {
        let hrp = bech32::Hrp::parse_unchecked("age");
        bech32::encode_lower::<Bech32>(hrp, self.public().as_bytes())
            .unwrap_or_else(|_| "an age public key".to_owned())
    }
}

impl Identity for X25519Identity {
    fn unwrap_stanza(&self, stanza: &Stanza) -> Option<Result<FileKey, age::DecryptError>> {
        if stanza.tag != X25519_TAG {
            return None;
        }
        // The format allows only one canonical form: one unpadded base64
        // argument of 32 bytes, and a 32-byte body.
        let share: Option<[u8; 32]> = match stanza.args.as_slice() {
            [arg] => STANDARD_NO_PAD
                .decode(arg)
                .ok()
                .and_then(|bytes| bytes.try_into().ok()),
            _ => None,
        };
        let Some(share) = share else {
            return Some(Err(age::DecryptError::InvalidHeader));
        };
        if stanza.body.len() != WRAPPED_FILE_KEY_BYTES {
            return Some(Err(age::DecryptError::InvalidHeader));
        }
        let shared = self
            .secret
            .diffie_hellman(&x25519_dalek::PublicKey::from(share));
        if !shared.was_contributory() {
            return Some(Err(age::DecryptError::InvalidHeader));
        }
        let mut salt = [0u8; 64];
        salt[..32].copy_from_slice(&share);
        salt[32..].copy_from_slice(self.public().as_bytes());
        let mut key = Zeroizing::new([0u8; 32]);
        hkdf_into(&salt, X25519_LABEL, shared.as_bytes(), &mut key);
        // A stanza for another key fails to decrypt: not this identity's,
        // and the next identity is tried.
        let plain = aead_decrypt(&key, FILE_KEY_BYTES, &stanza.body).ok()?;
        Some(Ok(FileKey::init_with_mut(|file_key| {
            file_key.copy_from_slice(plain.expose_secret());
        })))
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

    /// rsops' X25519 identity reads the keys age reads, names the same
    /// recipient, and opens what age wraps for it, and only that.
    // X25519 keys are what sops' age files use, deprecated by age 0.13 or not.
    #[allow(deprecated)]
    #[test]
    fn x25519_identity_matches_age() {
        use std::str::FromStr;
        let age_identity = age::x25519::Identity::generate();
        let line = age_identity.to_string();
        let ours = X25519Identity::parse(line.expose_secret()).expect("parses");
        let recipient = age_identity.to_public();
        assert_eq!(ours.recipient(), recipient.to_string());

        let mut armored = Vec::new();
        let encryptor =
            age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn Recipient)).unwrap();
        let mut writer = encryptor.wrap_output(&mut armored).unwrap();
        writer.write_all(b"data key").unwrap();
        writer.finish().unwrap();
        let open = |identity: &dyn Identity| -> Result<Vec<u8>, age::DecryptError> {
            let decryptor = age::Decryptor::new(&armored[..])?;
            let mut plain = Vec::new();
            decryptor
                .decrypt(std::iter::once(identity))?
                .read_to_end(&mut plain)
                .map_err(age::DecryptError::Io)?;
            Ok(plain)
        };
        assert_eq!(open(&ours).unwrap(), b"data key");
        let other_line = age::x25519::Identity::generate().to_string();
        let other = X25519Identity::parse(other_line.expose_secret()).unwrap();
        assert!(matches!(
            open(&other),
            Err(age::DecryptError::NoMatchingKeys)
        ));

        // What age refuses, rsops refuses: another prefix, a mixed case,
        // a broken checksum.
        let text = line.expose_secret();
        assert!(
            X25519Identity::parse(&text.replace("AGE-SECRET-KEY-1", "AGE-SECRET-KEZ-1")).is_none()
        );
        assert!(X25519Identity::parse(&text.to_lowercase()).is_some());
        let mixed = format!("{}{}", &text[..20], text[20..].to_lowercase());
        assert!(X25519Identity::parse(&mixed).is_none());
        let mut flipped = text.to_owned();
        let last = if flipped.ends_with('Q') { "P" } else { "Q" };
        flipped.replace_range(flipped.len() - 1.., last);
        assert!(X25519Identity::parse(&flipped).is_none());
        assert!(age::x25519::Identity::from_str(&flipped).is_err());
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
