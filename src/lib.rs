//! rsops: a SOPS-compatible secrets tool that keeps files as you wrote them.
//!
//! Files are trees of values; each leaf is encrypted with AES-256-GCM under
//! a random data key, which is wrapped for one or more master keys (age,
//! PGP, cloud KMS). A MAC over all values detects tampering. Files written
//! by rsops decrypt with sops 3.x and the other way round.
//!
//! The modules follow the data: [`stores`] turn bytes into a [`tree`];
//! [`crypt`] walks it with the [`cipher`], the [`crypt_rules`] and the
//! [`mac`]; [`keys`] wrap the data key recorded in the [`metadata`];
//! [`config`] reads `.sops.yaml`; [`cli`] wires it all to the command line.
//!
//! The API for other programs is small: [`encrypt`], [`decrypt`] and
//! [`decrypt_file`] on bytes; [`ops`] for the options and for changing an
//! encrypted file in place ([`ops::open`], then [`Opened::seal`], which keeps
//! the ciphertext of every unchanged value); the [`tree`] that `open` gives;
//! [`Error`] and [`Warning`]. The other modules are public only for the
//! binary, the tests and the fuzz targets, and hidden from the documentation.
//!
//! For programs that embed rsops, [`decrypt`] and [`encrypt`] work on bytes:
//!
//! ```
//! use rsops::{decrypt, encrypt, Format, Recipients};
//!
//! # let key = age::x25519::Identity::generate();
//! # let recipient = key.to_public().to_string();
//! # std::env::set_var("SOPS_AGE_KEY", key.to_string().expose_secret());
//! # use age::secrecy::ExposeSecret;
//! let plain = br#"{"password": "hunter2", "port_unencrypted": 5432}"#;
//! let encrypted = encrypt(plain, Format::Json, &Recipients::age(&[recipient.as_str()])).unwrap();
//! assert!(String::from_utf8_lossy(&encrypted).contains("ENC[AES256_GCM,"));
//!
//! // Identities come from the same places as for sops: SOPS_AGE_KEY,
//! // SOPS_AGE_KEY_FILE, ~/.config/sops/age/keys.txt, ...
//! let decrypted = decrypt(&encrypted, Format::Json).unwrap();
//! assert_eq!(&decrypted[..], &plain[..]);
//! ```

// Unsafe code is limited to a few system calls (umask, linkat, fchown,
// setrlimit, ttyname_r, gethostname; for exec-*: mkfifo, sigaction, kill,
// getpwnam_r, getgrouplist, setgroups, setgid, setuid), each allowed where it is with a
// SAFETY comment.
#![deny(unsafe_code)]
#![deny(missing_docs)]

// The public API: what a program embedding rsops needs. The functions
// below work on bytes; `ops` gives the options and the open/change/seal
// cycle; `tree` is what `ops::Opened` exposes.
pub mod error;
pub mod ops;
pub mod tree;
pub mod warning;

pub use error::Error;
pub use ops::{DecryptOptions, EncryptOptions, Opened};
pub use stores::Format;
pub use warning::{Warn, Warning};

// Public so that the binary, the integration tests and the fuzz targets can
// reach them, but not a stable API: each says `#![doc(hidden)]`, which
// keeps it out of the documentation and exempts it from `missing_docs`.
pub mod atomic_file;
pub mod check;
pub mod cipher;
pub mod cli;
pub mod config;
pub mod crypt;
pub mod crypt_rules;
pub mod edit;
#[cfg(unix)]
pub mod exec;
pub mod git;
pub mod keys;
#[cfg(feature = "keyservice")]
pub mod keyservice;
pub mod krm;
pub mod mac;
pub mod metadata;
pub mod publish;
pub mod rekey;
pub mod repo;
pub mod stores;
pub mod tree_path;

mod encoding;
mod memory;
mod number;
mod parallel;
mod shamir;
#[cfg(unix)]
mod signal;

#[cfg(test)]
mod test_util;

/// The README's Rust example, compiled as a doctest so it cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctest;

use zeroize::Zeroizing;

/// Decrypts an encrypted document held in memory, checking its MAC, with
/// the identities available to this process (as sops' `decrypt.Data`).
pub fn decrypt(data: &[u8], format: Format) -> Result<Zeroizing<Vec<u8>>, Error> {
    ops::decrypt(
        data,
        format,
        format,
        &ops::DecryptOptions::default(),
        &keys::KeyContext::default(),
        "input",
    )
}

/// Decrypts the file at `path`, choosing the format from its name.
pub fn decrypt_file(path: &std::path::Path) -> Result<Zeroizing<Vec<u8>>, Error> {
    let data = std::fs::read(path).map_err(|source| Error::Read {
        file: path.display().to_string(),
        source,
    })?;
    let format = Format::from_path(path);
    ops::decrypt(
        &data,
        format,
        format,
        &ops::DecryptOptions::default(),
        &keys::KeyContext::default(),
        &path.display().to_string(),
    )
}

/// The master keys to encrypt for.
#[derive(Clone, Debug, Default)]
pub struct Recipients {
    groups: Vec<keys::KeyGroup>,
}

impl Recipients {
    /// One key group of age recipients (`age1…`, `ssh-ed25519 …`).
    pub fn age(recipients: &[&str]) -> Self {
        let group = recipients
            .iter()
            .map(|r| keys::MasterKey::Age(keys::age::AgeKey::new(r)))
            .collect();
        Recipients {
            groups: vec![group],
        }
    }
}

/// Encrypts a plain document for `recipients` with sops' defaults
/// (`unencrypted_suffix: _unencrypted`), keeping its layout.
pub fn encrypt(data: &[u8], format: Format, recipients: &Recipients) -> Result<Vec<u8>, Error> {
    let options = ops::EncryptOptions {
        key_groups: recipients.groups.clone(),
        shamir_threshold: 0,
        rule: crypt_rules::CryptRule::default(),
        mac_only_encrypted: false,
        stores: stores::StoreOptions::default(),
        warn: warning::Warn::default(),
        services: keys::KeyServices::default(),
    };
    ops::encrypt(data, format, format, &options, "input")
}
