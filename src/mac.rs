//! The MAC: SHA-512 over every leaf value in document order, stored
//! encrypted in the metadata with `lastmodified` as additional data.
//!
//! It binds the values together, so swapping two list elements or editing an
//! unencrypted value by hand is detected even though each value still
//! decrypts on its own.

#![doc(hidden)]

use sha2::{Digest, Sha512};

use crate::cipher::{Cipher, CipherError, ValueType};

/// SHA-256("sops"), prepended when only encrypted values are hashed, so that
/// such a MAC can never equal one over all values.
const MAC_ONLY_ENCRYPTED_PREFIX: [u8; 32] = [
    0x8a, 0x3f, 0xd2, 0xad, 0x54, 0xce, 0x66, 0x52, 0x7b, 0x10, 0x34, 0xf3, 0xd1, 0x47, 0xbe, 0x0b,
    0x0b, 0x97, 0x5b, 0x3b, 0xf4, 0x4f, 0x72, 0xc6, 0xfd, 0xad, 0xec, 0x81, 0x76, 0xf2, 0x7d, 0x69,
];

/// Accumulates the MAC while a tree is encrypted or decrypted.
pub struct MacHasher {
    hash: Sha512,
    only_encrypted: bool,
}

impl MacHasher {
    pub fn new(only_encrypted: bool) -> Self {
        let mut hash = Sha512::new();
        if only_encrypted {
            hash.update(MAC_ONLY_ENCRYPTED_PREFIX);
        }
        MacHasher {
            hash,
            only_encrypted,
        }
    }

    /// Adds a leaf's canonical bytes; unencrypted leaves count unless the
    /// file says `mac_only_encrypted`.
    pub fn add(&mut self, canonical: &[u8], encrypted: bool) {
        if encrypted || !self.only_encrypted {
            self.hash.update(canonical);
        }
    }

    /// The MAC as 128 uppercase hex digits.
    pub fn finish(self) -> String {
        self.hash
            .finalize()
            .iter()
            .map(|b| format!("{b:02X}"))
            .collect()
    }
}

/// Encrypts a MAC for storage, bound to the `lastmodified` timestamp.
pub fn encrypt_mac(cipher: &Cipher, mac: &str, lastmodified: &str) -> Result<String, CipherError> {
    cipher.encrypt(mac.as_bytes(), ValueType::Str, lastmodified)
}

/// Why a file's MAC does not verify.
#[derive(Debug, thiserror::Error)]
pub enum MacError {
    #[error("Cannot decrypt MAC: {0}")]
    Decrypt(CipherError),
    /// Neither MAC is shown: each is an unkeyed SHA-512 over the values,
    /// against which anyone reading a log could test guesses of a secret.
    #[error("MAC mismatch: the MAC stored in the file does not match its values")]
    Mismatch,
    #[error("MAC mismatch. File has no MAC")]
    Missing,
}

/// Checks a stored (encrypted) MAC against the one computed from the values.
pub fn verify_mac(
    cipher: &mut Cipher,
    stored: &str,
    lastmodified: &str,
    computed: &str,
) -> Result<(), MacError> {
    if stored.is_empty() {
        return Err(MacError::Missing);
    }
    let (plain, _) = cipher
        .decrypt(stored, lastmodified)
        .map_err(MacError::Decrypt)?;
    if &plain[..] != computed.as_bytes() {
        return Err(MacError::Mismatch);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::Sha256;

    fn mac_of(parts: &[&str], only_encrypted: bool) -> String {
        let mut h = MacHasher::new(only_encrypted);
        for p in parts {
            h.add(p.as_bytes(), true);
        }
        h.finish()
    }

    /// docs/format.md §2.5: the leaves of vector V1.
    #[test]
    fn v1_mac() {
        assert_eq!(
            mac_of(
                &["admin", "hunter2", "5432", "0.5", "True", "a.example", "b.example", "visible"],
                false
            ),
            "D4ACE69DB2CF00809AA68330E852319241936857CEA94C15002983C4DD85DB728F1606EA677D6B8452C637EEC006EF4C3464C9789C794A3841F2058E00E80A6F"
        );
    }

    #[test]
    fn prefix_is_sha256_of_sops() {
        assert_eq!(Sha256::digest(b"sops")[..], MAC_ONLY_ENCRYPTED_PREFIX);
        let mut h = MacHasher::new(true);
        h.add(b"skipped", false);
        h.add(b"x", true);
        assert_eq!(h.finish(), mac_of(&["x"], true));
        assert_ne!(mac_of(&["x"], true), mac_of(&["x"], false));
    }
}
