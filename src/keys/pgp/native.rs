//! The built-in OpenPGP backend (rpgp), for hosts without gpg: Argo CD
//! plugin containers, CI runners, distroless images.
//!
//! Keys come from two variables, named after sops' age ones:
//! `SOPS_PGP_KEY` (armored key blocks as text) and `SOPS_PGP_KEY_FILE` (a
//! file of armored or binary keys, as `gpg --export[-secret-keys]` writes).
//! Secret keys decrypt and encrypt; public keys only encrypt. Keys protected
//! by a passphrase cannot be used here (there is no agent to ask); export
//! them without one for CI, or let gpg decrypt.

use std::io::{BufReader, Read};

use pgp::composed::{
    Esk, Message, MessageBuilder, PublicOrSecret, SignedPublicKey, SignedSecretKey,
};
use pgp::crypto::sym::SymmetricKeyAlgorithm;
use pgp::packet::{Signature, SignatureType};
use pgp::types::{KeyDetails, Password, Timestamp};
use zeroize::Zeroizing;

/// More than any data key or Shamir share, less than a page.
const MAX_SECRET: usize = 1024;

/// Why the built-in backend could not use a key it has.
#[derive(Debug, thiserror::Error)]
pub enum NativeError {
    #[error("key {fingerprint} (from {sources}) has no usable encryption subkey: it is expired, revoked or sign-only")]
    NoEncryptionSubkey {
        fingerprint: String,
        sources: String,
    },
    #[error("OpenPGP encryption failed: {0}")]
    Encrypt(pgp::errors::Error),
    #[error("the enc field is not an armored PGP message: {0}")]
    NotArmored(pgp::errors::Error),
    #[error("the enc field is a PGP message that is not encrypted")]
    NotEncrypted,
    #[error("the secret key {fingerprint} (from {sources}) is protected by a passphrase, which rsops' built-in OpenPGP cannot ask for; export it without a passphrase for this use, or import it into GnuPG and let gpg-agent unlock it")]
    Locked {
        fingerprint: String,
        sources: String,
    },
    #[error("OpenPGP decryption with the secret key {fingerprint} failed: {reason}")]
    Decrypt { fingerprint: String, reason: String },
}

/// Every key found in `SOPS_PGP_KEY` and `SOPS_PGP_KEY_FILE`.
#[derive(Default)]
pub struct NativeKeys {
    secret: Vec<SignedSecretKey>,
    public: Vec<SignedPublicKey>,
    /// The variables that were set, for messages.
    sources: Vec<&'static str>,
    /// Keys or sources that could not be used, with why (never key material).
    errors: Vec<String>,
}

impl NativeKeys {
    /// Loads the keys from the environment.
    pub fn from_env() -> Self {
        let mut keys = NativeKeys::default();
        // Empty values count as unset, as CI templates often leave them.
        let set = |name| std::env::var_os(name).filter(|v| !v.is_empty());
        if let Some(text) = set("SOPS_PGP_KEY") {
            let text = Zeroizing::new(text.into_encoded_bytes());
            keys.add(&text, "SOPS_PGP_KEY");
        }
        if let Some(path) = set("SOPS_PGP_KEY_FILE") {
            match std::fs::read(&path) {
                Ok(bytes) => keys.add(&Zeroizing::new(bytes), "SOPS_PGP_KEY_FILE"),
                Err(e) => {
                    keys.sources.push("SOPS_PGP_KEY_FILE");
                    keys.errors.push(format!(
                        "cannot read SOPS_PGP_KEY_FILE ({}): {e}",
                        std::path::Path::new(&path).display()
                    ));
                }
            }
        }
        keys
    }

    /// Whether either variable is set (even if it held no usable key).
    pub fn configured(&self) -> bool {
        !self.sources.is_empty()
    }

    fn add(&mut self, bytes: &[u8], source: &'static str) {
        self.sources.push(source);
        let keys_before = self.secret.len() + self.public.len();
        let errors_before = self.errors.len();
        for block in blocks(bytes) {
            let parsed = PublicOrSecret::from_reader_many(BufReader::new(block));
            let iter = match parsed {
                Ok((iter, _)) => iter,
                Err(e) => {
                    self.errors
                        .push(format!("{source} holds no readable OpenPGP key: {e}"));
                    continue;
                }
            };
            for key in iter {
                let key = match key {
                    Ok(key) => key,
                    Err(e) => {
                        self.errors
                            .push(format!("{source} holds an unreadable OpenPGP key: {e}"));
                        continue;
                    }
                };
                if let Err(e) = key.verify_bindings() {
                    let fp = match &key {
                        PublicOrSecret::Secret(k) => k.fingerprint(),
                        PublicOrSecret::Public(k) => k.fingerprint(),
                    };
                    self.errors.push(format!(
                        "key {} in {source} has invalid self-signatures: {e}",
                        hex(fp.as_bytes())
                    ));
                    continue;
                }
                match key {
                    PublicOrSecret::Secret(k) => self.secret.push(k),
                    PublicOrSecret::Public(k) => self.public.push(k),
                }
            }
        }
        let found = self.secret.len() + self.public.len() - keys_before;
        if found == 0 && self.errors.len() == errors_before {
            self.errors.push(format!(
                "{source} holds no OpenPGP key (expected -----BEGIN PGP PRIVATE KEY BLOCK----- or PUBLIC KEY BLOCK)"
            ));
        }
    }

    /// The certificate for `fp` (a fingerprint, long or short key ID of the
    /// key or one of its subkeys), if one was loaded.
    fn cert(&self, fp: &str) -> Option<SignedPublicKey> {
        let want = KeyRef::parse(fp);
        self.secret
            .iter()
            .map(SignedSecretKey::to_public_key)
            .chain(self.public.iter().cloned())
            .find(|cert| want.matches_cert(cert))
    }

    /// Encrypts `secret` to `fp` when its key was loaded: `Ok(None)` when it
    /// was not, so the caller can fall back to gpg.
    pub fn encrypt(&self, fp: &str, secret: &[u8]) -> Result<Option<String>, NativeError> {
        let Some(cert) = self.cert(fp) else {
            return Ok(None);
        };
        let want = KeyRef::parse(fp);
        let mut rng = rand::thread_rng();
        // SEIPDv1 with AES-256: what gpg 2.2 and sops' go-crypto read and write.
        // Read from the caller's buffer, so no unzeroized copy is made here.
        let mut builder = MessageBuilder::from_reader("", secret)
            .seipd_v1(&mut rng, SymmetricKeyAlgorithm::AES256);
        let now = Timestamp::now();
        let exact_subkey = want
            .exact
            .then(|| cert.public_subkeys.iter().find(|s| want.matches(&s.key)));
        let result = match exact_subkey {
            Some(Some(sub)) => builder.encrypt_to_key(&mut rng, sub).map(drop),
            _ => match encryption_subkey(&cert, now) {
                Some(sub) => builder.encrypt_to_key(&mut rng, sub).map(drop),
                None if primary_can_encrypt(&cert, now) => builder
                    .encrypt_to_key(&mut rng, &cert.primary_key)
                    .map(drop),
                None => {
                    return Err(NativeError::NoEncryptionSubkey {
                        fingerprint: hex(cert.fingerprint().as_bytes()),
                        sources: self.sources.join(" or "),
                    })
                }
            },
        };
        result.map_err(NativeError::Encrypt)?;
        let armored = builder
            .to_armored_string(&mut rng, Default::default())
            .map_err(NativeError::Encrypt)?;
        Ok(Some(armored.trim().to_owned()))
    }

    /// Decrypts an armored message when one of the loaded secret keys is a
    /// recipient: `Ok(None)` when none is, so the caller can try gpg.
    pub fn decrypt(&self, enc: &str) -> Result<Option<Zeroizing<Vec<u8>>>, NativeError> {
        if self.secret.is_empty() {
            return Ok(None);
        }
        let (message, _) =
            Message::from_armor(BufReader::new(enc.as_bytes())).map_err(NativeError::NotArmored)?;
        let Message::Encrypted { esk, .. } = &message else {
            return Err(NativeError::NotEncrypted);
        };
        let Some((key, locked)) = self.recipient_key(esk) else {
            return Ok(None);
        };
        if locked {
            return Err(NativeError::Locked {
                fingerprint: hex(key.fingerprint().as_bytes()),
                sources: self.sources.join(" or "),
            });
        }
        let fail = |e: &dyn std::fmt::Display| NativeError::Decrypt {
            fingerprint: hex(key.fingerprint().as_bytes()),
            reason: e.to_string(),
        };
        let mut plain = message
            .decrypt(&Password::empty(), key)
            .map_err(|e| fail(&e))?;
        // gpg compresses what it encrypts (a ZLIB packet by default).
        while plain.is_compressed() {
            plain = plain.decompress().map_err(|e| fail(&e))?;
        }
        // A data key is 32 bytes and a Shamir share 33; reserving room up
        // front keeps the plaintext in one zeroized allocation.
        let mut data = Zeroizing::new(Vec::with_capacity(MAX_SECRET + 1));
        (&mut plain)
            .take(MAX_SECRET as u64 + 1)
            .read_to_end(&mut data)
            .map_err(|e| fail(&e))?;
        if data.len() > MAX_SECRET {
            return Err(fail(&"the message holds more than a data key"));
        }
        Ok(Some(data))
    }

    /// The loaded secret key with a component named in a PKESK of the
    /// message, and whether that component is passphrase-protected.
    fn recipient_key(&self, esk: &[Esk]) -> Option<(&SignedSecretKey, bool)> {
        let pkesks: Vec<_> = esk
            .iter()
            .filter_map(|e| match e {
                Esk::PublicKeyEncryptedSessionKey(p) => Some(p),
                Esk::SymKeyEncryptedSessionKey(_) => None,
            })
            .collect();
        for key in &self.secret {
            for pkesk in &pkesks {
                if pkesk.match_identity(key.primary_key.public_key()) {
                    return Some((key, key.primary_key.secret_params().is_encrypted()));
                }
                for sub in &key.secret_subkeys {
                    if pkesk.match_identity(sub.key.public_key()) {
                        return Some((key, sub.key.secret_params().is_encrypted()));
                    }
                }
            }
        }
        None
    }

    /// Why decryption fell through to gpg: no loaded secret key is a
    /// recipient of the message.
    pub fn not_a_recipient(&self) -> String {
        format!(
            "no secret key from {} is a recipient of this message{}",
            self.sources.join(" or "),
            self.loaded()
        )
    }

    /// Why encryption fell through to gpg: no loaded key matches `fp`.
    pub fn no_key_for(&self, fp: &str) -> String {
        format!(
            "no key from {} matches {fp}{}",
            self.sources.join(" or "),
            self.loaded()
        )
    }

    /// " (loaded: …; errors)", for messages.
    fn loaded(&self) -> String {
        let mut parts: Vec<String> = self
            .secret
            .iter()
            .map(|k| format!("secret key {}", hex(k.fingerprint().as_bytes())))
            .chain(
                self.public
                    .iter()
                    .map(|k| format!("public key {}", hex(k.fingerprint().as_bytes()))),
            )
            .collect();
        if parts.is_empty() {
            parts.push("no usable key".into());
        }
        parts.extend(self.errors.iter().cloned());
        format!(" (loaded: {})", parts.join("; "))
    }
}

/// Splits text holding several armored blocks (e.g. a public and a private
/// key block pasted together) into one slice per block; binary data is one
/// block.
fn blocks(bytes: &[u8]) -> Vec<&[u8]> {
    const BEGIN: &[u8] = b"-----BEGIN PGP ";
    let starts: Vec<usize> = (0..bytes.len())
        .filter(|&i| bytes[i..].starts_with(BEGIN))
        .collect();
    if starts.is_empty() {
        return vec![bytes];
    }
    starts
        .iter()
        .enumerate()
        .map(|(n, &s)| &bytes[s..starts.get(n + 1).copied().unwrap_or(bytes.len())])
        .collect()
}

/// A key as written in `--pgp`/`.sops.yaml`: fingerprint or key ID, spaces
/// and `0x` ignored, case-insensitive; a trailing `!` names exactly that
/// (sub)key, as in gpg.
struct KeyRef {
    hex: String,
    exact: bool,
}

impl KeyRef {
    fn parse(fp: &str) -> Self {
        let s: String = fp.chars().filter(|c| !c.is_whitespace()).collect();
        let exact = s.ends_with('!');
        let s = s.trim_end_matches('!');
        let s = s
            .strip_prefix("0x")
            .or_else(|| s.strip_prefix("0X"))
            .unwrap_or(s);
        KeyRef {
            hex: s.to_ascii_uppercase(),
            exact,
        }
    }

    /// Whether this (sub)key is meant: its whole fingerprint, its key ID
    /// (16 hex digits) or short key ID (the key ID's last 8).
    fn matches(&self, key: &impl KeyDetails) -> bool {
        match self.hex.len() {
            16 => hex(key.legacy_key_id().as_ref()) == self.hex,
            8 => hex(key.legacy_key_id().as_ref()).ends_with(&self.hex),
            _ => hex(key.fingerprint().as_bytes()) == self.hex,
        }
    }

    fn matches_cert(&self, cert: &SignedPublicKey) -> bool {
        self.matches(&cert.primary_key) || cert.public_subkeys.iter().any(|s| self.matches(&s.key))
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}

/// The newest binding signature of a component.
fn newest<'a>(sigs: impl Iterator<Item = &'a Signature>) -> Option<&'a Signature> {
    sigs.max_by_key(|s| s.created().map(Timestamp::as_secs).unwrap_or(0))
}

fn expired(created: Timestamp, sig: &Signature, now: Timestamp) -> bool {
    match sig.key_expiration_time() {
        Some(d) if d.as_secs() > 0 => {
            u64::from(created.as_secs()) + u64::from(d.as_secs()) <= u64::from(now.as_secs())
        }
        _ => false,
    }
}

/// The subkey gpg would pick: valid, flagged for encryption, newest.
fn encryption_subkey(
    cert: &SignedPublicKey,
    now: Timestamp,
) -> Option<&pgp::composed::SignedPublicSubKey> {
    cert.public_subkeys
        .iter()
        .filter(|s| s.key.algorithm().can_encrypt())
        .filter(|s| {
            !s.signatures
                .iter()
                .any(|sig| sig.typ() == Some(SignatureType::SubkeyRevocation))
        })
        .filter(|s| {
            let binding = newest(
                s.signatures
                    .iter()
                    .filter(|sig| sig.typ() == Some(SignatureType::SubkeyBinding)),
            );
            binding.is_some_and(|b| {
                let flags = b.key_flags();
                (flags.encrypt_comms() || flags.encrypt_storage())
                    && !expired(s.key.created_at(), b, now)
            })
        })
        .max_by_key(|s| s.key.created_at().as_secs())
}

/// Old RSA keys may encrypt with the primary key itself.
fn primary_can_encrypt(cert: &SignedPublicKey, now: Timestamp) -> bool {
    if !cert.primary_key.algorithm().can_encrypt() || !cert.details.revocation_signatures.is_empty()
    {
        return false;
    }
    let self_sig = newest(cert.details.users.iter().flat_map(|u| u.signatures.iter()));
    self_sig.is_some_and(|sig| {
        let flags = sig.key_flags();
        (flags.encrypt_comms() || flags.encrypt_storage())
            && !expired(cert.primary_key.created_at(), sig, now)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_refs_accept_fingerprints_and_key_ids() {
        let mut keys = NativeKeys::default();
        keys.add(
            &testdata("spec-ed25519-throwaway-no-passphrase.sec.asc"),
            "SOPS_PGP_KEY",
        );
        let cert = keys.secret[0].to_public_key();
        let sub = hex(cert.public_subkeys[0].key.fingerprint().as_bytes());
        for r in [
            "DFC5968E02F91A35C29B9509D8F3A5D49DE77DB7",
            "dfc5968e02f91a35c29b9509d8f3a5d49de77db7",
            "DFC5 968E 02F9 1A35 C29B  9509 D8F3 A5D4 9DE7 7DB7",
            "0xD8F3A5D49DE77DB7",
            "D8F3A5D49DE77DB7",
            "9DE77DB7",
            "DFC5968E02F91A35C29B9509D8F3A5D49DE77DB7!",
            &sub,
            &sub[sub.len() - 16..],
        ] {
            assert!(KeyRef::parse(r).matches_cert(&cert), "{r}");
        }
        assert!(!KeyRef::parse("9DE77DB8").matches_cert(&cert));
        assert!(!KeyRef::parse("C29B9509D8F3A5D4").matches_cert(&cert));
        assert!(KeyRef::parse("x!").exact);
    }

    fn testdata(name: &str) -> Vec<u8> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("testdata/pgp")
            .join(name);
        std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// gpg compresses with ZLIB by default, and with ZIP or BZIP2 when the
    /// key's preferences say so; all of them (and none) must decrypt.
    #[test]
    fn gpg_messages_decrypt_with_every_compression() {
        let mut keys = NativeKeys::default();
        keys.add(
            &testdata("spec-ed25519-throwaway-no-passphrase.sec.asc"),
            "SOPS_PGP_KEY_FILE",
        );
        assert!(keys.errors.is_empty(), "{:?}", keys.errors);
        for algo in ["zlib", "zip", "bzip2"] {
            let msg =
                String::from_utf8(testdata(&format!("compressed-{algo}-to-spec-key.asc"))).unwrap();
            let plain = keys.decrypt(&msg).unwrap().expect("a recipient");
            assert_eq!(&plain[..], format!("rsops pgp fixture: {algo}").as_bytes());
        }
        let msg = String::from_utf8(testdata("uncompressed-to-spec-key.asc")).unwrap();
        let plain = keys.decrypt(&msg).unwrap().expect("a recipient");
        assert_eq!(&plain[..], b"rsops pgp fixture: none");
    }

    #[test]
    fn encrypts_to_the_public_part_of_a_secret_key_and_decrypts_again() {
        let mut keys = NativeKeys::default();
        keys.add(
            &testdata("spec-ed25519-throwaway-no-passphrase.sec.asc"),
            "SOPS_PGP_KEY",
        );
        let armored = keys
            .encrypt("D8F3A5D49DE77DB7", b"0123456789abcdef0123456789abcdef")
            .unwrap()
            .expect("the key is loaded");
        assert!(armored.starts_with("-----BEGIN PGP MESSAGE-----"));
        assert!(armored.ends_with("-----END PGP MESSAGE-----"));
        let plain = keys.decrypt(&armored).unwrap().expect("a recipient");
        assert_eq!(&plain[..], b"0123456789abcdef0123456789abcdef");
        assert_eq!(keys.encrypt("0123456789ABCDEF", b"x").unwrap(), None);
    }

    #[test]
    fn binary_key_exports_load_like_armored_ones() {
        let mut keys = NativeKeys::default();
        keys.add(
            &testdata("spec-ed25519-throwaway-no-passphrase.sec.gpg"),
            "SOPS_PGP_KEY_FILE",
        );
        assert!(keys.errors.is_empty(), "{:?}", keys.errors);
        assert_eq!(keys.secret.len(), 1);
    }

    #[test]
    fn text_without_keys_is_reported_without_echoing_it() {
        let mut keys = NativeKeys::default();
        keys.add(b"AGE-SECRET-KEY-1NOTAPGPKEY", "SOPS_PGP_KEY");
        assert!(keys.secret.is_empty() && keys.public.is_empty());
        assert_eq!(keys.errors.len(), 1, "{:?}", keys.errors);
        assert!(
            keys.errors[0].starts_with("SOPS_PGP_KEY holds"),
            "{:?}",
            keys.errors
        );
        assert!(!keys.errors[0].contains("NOTAPGPKEY"), "{:?}", keys.errors);
        assert!(keys.configured());
    }

    #[test]
    fn pasted_blocks_are_split() {
        let text = b"junk\n-----BEGIN PGP PUBLIC KEY BLOCK-----\na\n-----END PGP PUBLIC KEY BLOCK-----\n-----BEGIN PGP PRIVATE KEY BLOCK-----\nb\n";
        let b = blocks(text);
        assert_eq!(b.len(), 2);
        assert!(b[1].starts_with(b"-----BEGIN PGP PRIVATE"));
        assert_eq!(blocks(b"\x99\x01").len(), 1);
    }
}
