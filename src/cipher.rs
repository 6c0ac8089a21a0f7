//! The value cipher: AES-256-GCM over one leaf value, in sops' `ENC[...]`
//! syntax.
//!
//! Each value is encrypted under the file's data key with a fresh 32-byte IV
//! (GCM with a non-standard nonce length, as sops does) and its key path as
//! additional data, so a value moved to another key no longer decrypts.

#![doc(hidden)]

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;

use aes_gcm::aead::consts::{U12, U32};
use aes_gcm::aead::generic_array::{ArrayLength, GenericArray};
use aes_gcm::aead::{AeadInPlace, KeyInit};
use aes_gcm::aes::Aes256;
use aes_gcm::AesGcm;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;
use zeroize::{Zeroize, Zeroizing};

use crate::encoding;
use crate::memory::Locked;
use crate::tree::{Float, Value};

/// The 32-byte key that encrypts every value of one file.
///
/// It lives on locked pages left out of core dumps, is zeroized when
/// dropped and is never printed.
#[derive(Clone)]
pub struct DataKey(Locked<[u8; 32]>);

impl DataKey {
    /// A new random data key from the operating system's CSPRNG.
    pub fn generate() -> Result<Self, CipherError> {
        let mut key = Locked::<[u8; 32]>::new();
        getrandom::getrandom(&mut key[..]).map_err(|_| CipherError::Random)?;
        Ok(DataKey(key))
    }

    /// Takes a key recovered from a master key; it must be 32 bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, CipherError> {
        if bytes.len() != 32 {
            return Err(CipherError::KeyLength(bytes.len()));
        }
        let mut key = Locked::<[u8; 32]>::new();
        key.copy_from_slice(bytes);
        Ok(DataKey(key))
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.0[..]
    }
}

impl fmt::Debug for DataKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DataKey(<redacted>)")
    }
}

/// The `type:` field of an encrypted value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ValueType {
    Str,
    Int,
    Float,
    Bool,
    Time,
    Comment,
}

impl ValueType {
    fn name(self) -> &'static str {
        match self {
            ValueType::Str => "str",
            ValueType::Int => "int",
            ValueType::Float => "float",
            ValueType::Bool => "bool",
            ValueType::Time => "time",
            ValueType::Comment => "comment",
        }
    }

    fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "str" => ValueType::Str,
            "int" => ValueType::Int,
            "float" => ValueType::Float,
            "bool" => ValueType::Bool,
            "time" => ValueType::Time,
            "comment" => ValueType::Comment,
            _ => return None,
        })
    }
}

/// Why a value could not be encrypted or decrypted. Never carries a secret.
#[derive(Debug, thiserror::Error)]
pub enum CipherError {
    #[error("the operating system's random number generator failed")]
    Random,
    #[error("a data key must be 32 bytes, got {0}")]
    KeyLength(usize),
    #[error("the value does not match sops' data format ENC[AES256_GCM,data:…,iv:…,tag:…,type:…]")]
    Format,
    #[error("the value has an unknown type {0:?}")]
    UnknownType(String),
    #[error("the value has a {0}-byte IV; rsops decrypts 12- and 32-byte IVs")]
    IvLength(usize),
    #[error("the value does not decrypt with this data key at this path (it was changed, moved to another key, or encrypted with another key)")]
    Authentication,
    #[error("the decrypted value is not a valid {0}")]
    Plaintext(&'static str),
}

/// A parsed `ENC[AES256_GCM,data:…,iv:…,tag:…,type:…]` string.
struct EncToken {
    data: Vec<u8>,
    iv: Short,
    tag: Short,
    value_type: ValueType,
}

/// Up to 32 decoded bytes kept inline: IVs and tags, so that parsing a
/// token allocates only for its data. `len` may exceed 32 for a field too
/// long to keep, which is then reported by its length.
#[derive(Clone, Copy)]
struct Short {
    bytes: [u8; 32],
    len: usize,
}

impl Short {
    fn from_slice(bytes: &[u8]) -> Self {
        let mut short = Short {
            bytes: [0; 32],
            len: bytes.len(),
        };
        if let Some(head) = short.bytes.get_mut(..bytes.len()) {
            head.copy_from_slice(bytes);
        }
        short
    }

    fn decode(s: &str) -> Option<Self> {
        let len = encoding::base64_decoded_len(s)?;
        let mut short = Short {
            bytes: [0; 32],
            len,
        };
        match short.bytes.get_mut(..len) {
            Some(out) => encoding::decode_base64_to(s, out)?,
            None => drop(encoding::decode_base64(s)?),
        }
        Some(short)
    }

    fn as_slice(&self) -> &[u8] {
        self.bytes.get(..self.len).unwrap_or(&[])
    }
}

impl EncToken {
    /// Parses like sops' regex `^ENC\[AES256_GCM,data:(.+),iv:(.+),tag:(.+),type:(.+)\]`:
    /// greedy groups, and anything after the final `]` is ignored.
    fn parse(s: &str) -> Result<Self, CipherError> {
        let body = s
            .strip_prefix("ENC[AES256_GCM,data:")
            .ok_or(CipherError::Format)?;
        let end = body.rfind(']').ok_or(CipherError::Format)?;
        let body = &body[..end];
        let mut commas = memchr::memchr_iter(b',', body.as_bytes());
        let fields = (commas.next(), commas.next(), commas.next(), commas.next());
        let (data, iv, tag, ty) = match fields {
            // Base64 has no commas, so a well-formed token has exactly three
            // commas; finding them is much faster than searching for labels.
            (Some(a), Some(b), Some(c), None)
                if body[a..].starts_with(",iv:")
                    && body[b..].starts_with(",tag:")
                    && body[c..].starts_with(",type:") =>
            {
                (&body[..a], &body[a + 4..b], &body[b + 5..c], &body[c + 6..])
            }
            _ => {
                let (rest, ty) = body.rsplit_once(",type:").ok_or(CipherError::Format)?;
                let (rest, tag) = rest.rsplit_once(",tag:").ok_or(CipherError::Format)?;
                let (data, iv) = rest.rsplit_once(",iv:").ok_or(CipherError::Format)?;
                (data, iv, tag, ty)
            }
        };
        if data.is_empty() || iv.is_empty() || tag.is_empty() || ty.is_empty() {
            return Err(CipherError::Format);
        }
        Ok(EncToken {
            data: encoding::decode_base64(data).ok_or(CipherError::Format)?,
            iv: Short::decode(iv).ok_or(CipherError::Format)?,
            tag: Short::decode(tag).ok_or(CipherError::Format)?,
            value_type: ValueType::parse(ty).ok_or_else(|| CipherError::UnknownType(ty.into()))?,
        })
    }

    /// The token of ciphertext `data`.
    fn emit(data: &[u8], iv: Short, tag: Short, value_type: ValueType) -> String {
        let b64 = encoding::base64_encoded_len;
        let ty = value_type.name();
        let mut out =
            Vec::with_capacity(48 + b64(data.len()) + b64(iv.len) + b64(tag.len) + ty.len());
        out.extend_from_slice(b"ENC[AES256_GCM,data:");
        encoding::push_base64(&mut out, data);
        out.extend_from_slice(b",iv:");
        encoding::push_base64(&mut out, iv.as_slice());
        out.extend_from_slice(b",tag:");
        encoding::push_base64(&mut out, tag.as_slice());
        out.extend_from_slice(b",type:");
        out.extend_from_slice(ty.as_bytes());
        out.push(b']');
        String::from_utf8(out).expect("base64 and the token's labels are ASCII")
    }
}

/// Whether `s` is an `ENC[…]` value: the one test of the whole crate for
/// "is this encrypted" (comments, values to skip, double encryption, the
/// plugin's leftovers). A shape check, not a parse: it runs for every value
/// written, so the character test is written to vectorise (no table, no
/// early exit); decryption parses and authenticates every real token. A
/// YAML block scalar's token may end with its line break.
pub fn is_enc_value(s: &str) -> bool {
    let token = s.strip_suffix('\n').unwrap_or(s);
    token.starts_with("ENC[AES256_GCM,data:")
        && token.ends_with(']')
        && token.bytes().fold(true, |ok, b| {
            ok & (b.is_ascii_alphanumeric()
                | (b == b'+')
                | (b == b'/')
                | (b == b'=')
                | (b == b',')
                | (b == b':')
                | (b == b'[')
                | (b == b']')
                | (b == b'_'))
        })
}

/// A decrypted value: plaintext, type and the IV it was encrypted with.
type Opened = (Zeroizing<Vec<u8>>, ValueType, Short);

/// Encrypts and decrypts values under one data key.
///
/// It remembers the IV of every value it decrypts, keyed by type, plaintext
/// and path, and reuses it when the same value is encrypted again at the same
/// path. Unchanged values then keep byte-identical ciphertext after an edit,
/// which keeps diffs small (sops does the same).
pub struct Cipher {
    key: DataKey,
    /// The expanded AES key for sops' 32-byte IVs, made once per file rather
    /// than once per value.
    gcm32: AesGcm<Aes256, U32>,
    /// Whether to remember IVs of decrypted values for re-encryption.
    remember_ivs: bool,
    /// Keys are type, path and plaintext; zeroized on drop.
    iv_stash: HashMap<Vec<u8>, Vec<u8>>,
    /// Random bytes from the OS, fetched 4 KiB at a time: one system call
    /// per 128 IVs instead of one per value.
    random: std::sync::Mutex<Vec<u8>>,
}

impl Cipher {
    pub fn new(key: DataKey) -> Self {
        Cipher {
            gcm32: AesGcm::new(GenericArray::from_slice(key.as_bytes())),
            key,
            remember_ivs: false,
            iv_stash: HashMap::new(),
            random: std::sync::Mutex::new(Vec::new()),
        }
    }

    /// Makes the cipher remember the IV of every value it decrypts, for a
    /// document that is decrypted and then encrypted again (edit, set,
    /// rotate). Plain decryption does not pay for it.
    pub fn remember_ivs(mut self) -> Self {
        self.remember_ivs = true;
        self
    }

    pub fn data_key(&self) -> &DataKey {
        &self.key
    }

    /// Takes over the IVs `other` remembered, keeping this cipher's own
    /// where both know a value, so that a merge gives values taken from
    /// either side their old ciphertext. Only for two ciphers under the same
    /// data key: an IV is reused only with the plaintext and path it was
    /// first used for.
    pub fn adopt_ivs(&mut self, other: &mut Cipher) {
        for (mut k, mut iv) in other.iv_stash.drain() {
            // Not the entry API: it would drop a known key (a plaintext)
            // without zeroizing it.
            let known = self.iv_stash.contains_key(&k);
            if known {
                k.zeroize();
                iv.zeroize();
            } else {
                self.iv_stash.insert(k, iv);
            }
        }
    }

    /// Encrypts under `key` from now on. The IV stash is kept: `rotate`
    /// re-encrypts every value with its old IV under the new key, as sops
    /// does.
    pub fn replace_key(&mut self, key: DataKey) {
        self.gcm32 = AesGcm::new(GenericArray::from_slice(key.as_bytes()));
        self.key = key;
    }

    fn stash_key(value_type: ValueType, plaintext: &[u8], aad: &str) -> Zeroizing<Vec<u8>> {
        let mut k = Zeroizing::new(Vec::with_capacity(plaintext.len() + aad.len() + 10));
        k.extend_from_slice(value_type.name().as_bytes());
        k.push(0);
        k.extend_from_slice(&(aad.len() as u64).to_le_bytes());
        k.extend_from_slice(aad.as_bytes());
        k.extend_from_slice(plaintext);
        k
    }

    /// Encrypts `plaintext` of the given type for the value at `aad`.
    pub fn encrypt(
        &self,
        plaintext: &[u8],
        value_type: ValueType,
        aad: &str,
    ) -> Result<String, CipherError> {
        self.seal_token(Zeroizing::new(plaintext.to_vec()), value_type, aad)
    }

    /// Encrypts `data` in place (it holds the plaintext, and the
    /// ciphertext after) and writes the token.
    fn seal_token(
        &self,
        mut data: Zeroizing<Vec<u8>>,
        value_type: ValueType,
        aad: &str,
    ) -> Result<String, CipherError> {
        let stashed = if self.iv_stash.is_empty() {
            None
        } else {
            self.iv_stash.get(&*Self::stash_key(value_type, &data, aad))
        };
        let iv = match stashed {
            Some(iv) => Short::from_slice(iv),
            None => {
                let mut iv = Short::from_slice(&[0; 32]);
                self.random_iv(&mut iv.bytes)?;
                iv
            }
        };
        let tag = match iv.len {
            32 => seal(&self.gcm32, iv.as_slice(), aad, &mut data),
            12 => seal(&self.gcm12(), iv.as_slice(), aad, &mut data),
            n => return Err(CipherError::IvLength(n)),
        }?;
        Ok(EncToken::emit(&data, iv, tag, value_type))
    }

    /// Decrypts an `ENC[...]` string written for the value at `aad`,
    /// returning its plaintext and type.
    pub fn decrypt(
        &mut self,
        token: &str,
        aad: &str,
    ) -> Result<(Zeroizing<Vec<u8>>, ValueType), CipherError> {
        let (plain, value_type, iv) = self.open_token(token, aad)?;
        if self.remember_ivs {
            let mut key = Self::stash_key(value_type, &plain, aad);
            self.iv_stash
                .insert(std::mem::take(&mut *key), iv.as_slice().to_vec());
        }
        Ok((plain, value_type))
    }

    /// Decrypts a token without touching the IV stash, so it can run on
    /// several threads at once.
    fn open_token(&self, token: &str, aad: &str) -> Result<Opened, CipherError> {
        let EncToken {
            data,
            iv,
            tag,
            value_type,
        } = EncToken::parse(token)?;
        let mut plain = Zeroizing::new(data);
        match iv.len {
            32 => open(&self.gcm32, iv.as_slice(), aad, &mut plain, tag.as_slice()),
            12 => open(
                &self.gcm12(),
                iv.as_slice(),
                aad,
                &mut plain,
                tag.as_slice(),
            ),
            n => Err(CipherError::IvLength(n)),
        }?;
        Ok((plain, value_type, iv))
    }

    /// Decrypts a batch of values, in order. Large batches are split across
    /// the machine's cores; values are independent, so only the IV stash
    /// (when enabled) needs them one at a time.
    pub fn decrypt_values(&mut self, jobs: &Jobs) -> Vec<Result<Value, CipherError>> {
        let aad = |range: &Range<usize>| &jobs.aads[range.clone()];
        if self.remember_ivs {
            return jobs
                .tokens
                .iter()
                .map(|(range, token)| self.decrypt_value(token, aad(range)))
                .collect();
        }
        let this = &*self;
        crate::parallel::map_in_parallel(&jobs.tokens, |(range, token)| {
            this.open_token(token, aad(range))
                .and_then(|(plain, ty, _)| deserialize(plain, ty))
        })
    }

    /// Encrypts a tree leaf, serialising it as sops does
    /// (docs/format.md §1.5).
    pub fn encrypt_value(&self, value: &Value, aad: &str) -> Result<String, CipherError> {
        let (plain, ty) = serialize(value);
        self.seal_token(plain, ty, aad)
    }

    /// Decrypts a leaf and parses it back into a typed value.
    pub fn decrypt_value(&mut self, token: &str, aad: &str) -> Result<Value, CipherError> {
        let (plain, ty) = self.decrypt(token, aad)?;
        deserialize(plain, ty)
    }

    /// Fills `iv` with fresh random bytes from the OS generator.
    fn random_iv(&self, iv: &mut [u8]) -> Result<(), CipherError> {
        const BATCH: usize = 4096;
        let mut pool = self.random.lock().unwrap_or_else(|e| e.into_inner());
        if pool.len() < iv.len() {
            pool.resize(BATCH, 0);
            getrandom::getrandom(&mut pool).map_err(|_| CipherError::Random)?;
        }
        let rest = pool.len() - iv.len();
        iv.copy_from_slice(&pool[rest..]);
        pool.truncate(rest);
        Ok(())
    }

    /// GCM with 12-byte IVs, which other tools may write; rare, so made on
    /// demand.
    fn gcm12(&self) -> AesGcm<Aes256, U12> {
        AesGcm::new(GenericArray::from_slice(self.key.as_bytes()))
    }
}

/// Encrypted values to decrypt as one batch: each token with the range of
/// its AAD in one shared buffer (one allocation for all paths, not one per
/// value).
#[derive(Default)]
pub struct Jobs {
    aads: String,
    tokens: Vec<(Range<usize>, String)>,
}

impl Jobs {
    pub fn push(&mut self, aad: &str, token: String) {
        let start = self.aads.len();
        self.aads.push_str(aad);
        self.tokens.push((start..self.aads.len(), token));
    }
}

fn seal<N: ArrayLength<u8>>(
    cipher: &AesGcm<Aes256, N>,
    iv: &[u8],
    aad: &str,
    data: &mut [u8],
) -> Result<Short, CipherError> {
    cipher
        .encrypt_in_place_detached(GenericArray::from_slice(iv), aad.as_bytes(), data)
        .map(|tag| Short::from_slice(&tag))
        .map_err(|_| CipherError::Authentication)
}

fn open<N: ArrayLength<u8>>(
    cipher: &AesGcm<Aes256, N>,
    iv: &[u8],
    aad: &str,
    data: &mut [u8],
    tag: &[u8],
) -> Result<(), CipherError> {
    if tag.len() != 16 {
        return Err(CipherError::Authentication);
    }
    cipher
        .decrypt_in_place_detached(
            GenericArray::from_slice(iv),
            aad.as_bytes(),
            data,
            GenericArray::from_slice(tag),
        )
        .map_err(|_| CipherError::Authentication)
}

/// The bytes sops encrypts for a leaf, and its type name.
pub fn serialize(value: &Value) -> (Zeroizing<Vec<u8>>, ValueType) {
    let (bytes, ty) = match value {
        Value::Str(s) => (s.as_bytes().to_vec(), ValueType::Str),
        Value::Bytes(b) => (b.clone(), ValueType::Str),
        Value::Comment(s) => (s.as_bytes().to_vec(), ValueType::Comment),
        Value::Int(i) => (i.to_string().into_bytes(), ValueType::Int),
        Value::Float(f) => (f.plaintext().into_bytes(), ValueType::Float),
        Value::Bool(b) => (
            if *b { "True" } else { "False" }.as_bytes().to_vec(),
            ValueType::Bool,
        ),
        Value::Time(t) => (
            crate::encoding::format_time(t).into_bytes(),
            ValueType::Time,
        ),
        Value::Null | Value::List(_) | Value::Map(_) => (Vec::new(), ValueType::Str),
    };
    (Zeroizing::new(bytes), ty)
}

/// Calls `f` with the bytes a leaf contributes to the MAC: its canonical
/// form, which for a float is Go's shortest positional spelling whatever
/// was written. Borrowed from the value where they are its own text (most
/// leaves), so hashing a large file does not copy each value.
pub fn with_canonical_bytes<R>(value: &Value, f: impl FnOnce(&[u8]) -> R) -> R {
    match value {
        Value::Str(s) => f(s.as_bytes()),
        Value::Bytes(b) => f(b),
        Value::Bool(b) => f(if *b { b"True" } else { b"False" }),
        Value::Float(Float {
            value,
            text: Some(text),
        }) if crate::number::is_plain_canonical(text, *value) => f(text.as_bytes()),
        Value::Float(float) => f(&Zeroizing::new(
            crate::number::format_plain(float.value).into_bytes(),
        )),
        other => f(&serialize(other).0),
    }
}

fn deserialize(plain: Zeroizing<Vec<u8>>, ty: ValueType) -> Result<Value, CipherError> {
    let text = || std::str::from_utf8(&plain).map_err(|_| CipherError::Plaintext("UTF-8 text"));
    Ok(match ty {
        ValueType::Str => match String::from_utf8(crate::memory::take_zeroizing(plain)) {
            Ok(s) => Value::Str(s),
            Err(e) => Value::Bytes(e.into_bytes()),
        },
        ValueType::Comment => Value::Comment(text()?.to_owned()),
        ValueType::Int => Value::Int(
            crate::encoding::parse_atoi(text()?).ok_or(CipherError::Plaintext("integer"))?,
        ),
        ValueType::Float => {
            let t = text()?;
            let value = crate::number::parse_go_float(t).ok_or(CipherError::Plaintext("float"))?;
            Value::Float(Float {
                value,
                text: Some(t.to_owned()),
            })
        }
        ValueType::Bool => Value::Bool(match text()? {
            "1" | "t" | "T" | "TRUE" | "true" | "True" => true,
            "0" | "f" | "F" | "FALSE" | "false" | "False" => false,
            _ => return Err(CipherError::Plaintext("boolean")),
        }),
        ValueType::Time => Value::Time(
            OffsetDateTime::parse(text()?, &Rfc3339)
                .map_err(|_| CipherError::Plaintext("RFC 3339 time"))?,
        ),
    })
}

impl Drop for Cipher {
    fn drop(&mut self) {
        for (mut k, mut v) in self.iv_stash.drain() {
            k.zeroize();
            v.zeroize();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::hex;
    use base64::engine::general_purpose::STANDARD as B64;
    use base64::Engine;

    fn vector_key() -> DataKey {
        DataKey::from_bytes(&hex(
            "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
        ))
        .unwrap()
    }

    /// A fixed-key vector with a 32-byte IV (docs/format.md §1.2) on which
    /// Go's crypto/cipher, Python's cryptography and the aes-gcm crate agree.
    #[test]
    fn aes_gcm_32_byte_iv_vector() {
        let token = "ENC[AES256_GCM,data:f6SdJOIvpUy2Ig==,iv:ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=,tag:MHGYK4XlUyDcFO3l2OADeA==,type:str]";
        let mut c = Cipher::new(vector_key()).remember_ivs();
        let (plain, ty) = c.decrypt(token, "example:key:").unwrap();
        assert_eq!(&plain[..], b"hello sops");
        assert_eq!(ty, ValueType::Str);
        // The stashed IV makes re-encryption reproduce the token exactly.
        assert_eq!(
            c.encrypt(b"hello sops", ValueType::Str, "example:key:")
                .unwrap(),
            token
        );
        let mut data = Vec::new();
        let tag = seal(
            &Cipher::new(vector_key()).gcm32,
            &hex("202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"),
            "x:",
            &mut data,
        )
        .unwrap();
        assert_eq!(tag.as_slice(), hex("75d362a9e98c6ac71272c45c0cfca4e0"));
    }

    #[test]
    fn wrong_path_is_refused() {
        let token = "ENC[AES256_GCM,data:f6SdJOIvpUy2Ig==,iv:ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=,tag:MHGYK4XlUyDcFO3l2OADeA==,type:str]";
        let mut c = Cipher::new(vector_key());
        assert!(matches!(
            c.decrypt(token, "other:key:"),
            Err(CipherError::Authentication)
        ));
    }

    #[test]
    fn twelve_byte_iv_decrypts() {
        let c = Cipher::new(vector_key());
        let mut data = b"short iv".to_vec();
        let iv = [7u8; 12];
        let tag = seal(&c.gcm12(), &iv, "k:", &mut data).unwrap();
        let token = EncToken::emit(&data, Short::from_slice(&iv), tag, ValueType::Str);
        drop(c);
        let mut c = Cipher::new(vector_key());
        assert_eq!(
            c.decrypt_value(&token, "k:").unwrap(),
            Value::Str("short iv".into())
        );
    }

    #[test]
    fn other_iv_lengths_are_named() {
        let mut c = Cipher::new(vector_key());
        for n in [16, 40] {
            let token = format!(
                "ENC[AES256_GCM,data:AA==,iv:{},tag:{},type:str]",
                B64.encode(vec![1u8; n]),
                B64.encode([2u8; 16])
            );
            assert!(
                matches!(c.decrypt(&token, "k:"), Err(CipherError::IvLength(m)) if m == n),
                "{n}"
            );
        }
        let bad = "ENC[AES256_GCM,data:AA==,iv:@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@,tag:AA==,type:str]";
        assert!(!is_enc_value(bad));
    }

    /// A batch big enough to be split across threads comes back in order,
    /// with a failure reported at its own position.
    #[test]
    fn large_batches_decrypt_in_order() {
        let mut cipher = Cipher::new(vector_key());
        let mut jobs = Jobs::default();
        for i in 0..3000 {
            let aad = format!("k{i}:");
            let token = cipher
                .encrypt(i.to_string().as_bytes(), ValueType::Int, &aad)
                .unwrap();
            // One value is asked for under another path.
            let aad = if i == 1777 {
                "elsewhere:".to_owned()
            } else {
                aad
            };
            jobs.push(&aad, token);
        }
        let results = cipher.decrypt_values(&jobs);
        assert_eq!(results.len(), 3000);
        for (i, result) in results.into_iter().enumerate() {
            match result {
                Ok(Value::Int(n)) => assert_eq!(n, i as i64),
                Err(CipherError::Authentication) => assert_eq!(i, 1777),
                other => panic!("value {i}: {other:?}"),
            }
        }
    }

    #[test]
    fn fresh_ivs_are_32_bytes_and_differ() {
        let c = Cipher::new(DataKey::generate().unwrap());
        let a = EncToken::parse(&c.encrypt(b"x", ValueType::Str, "a:").unwrap()).unwrap();
        let b = EncToken::parse(&c.encrypt(b"x", ValueType::Str, "a:").unwrap()).unwrap();
        assert_eq!(a.iv.len, 32);
        assert_ne!(a.iv.as_slice(), b.iv.as_slice());
    }

    #[test]
    fn malformed_tokens_are_format_errors() {
        for bad in [
            "ENC[AES256_GCM,data:,iv:AA==,tag:AA==,type:str]",
            "ENC[AES256_GCM,data:AA==,iv:AA==,tag:AA==]",
            "plain",
            "ENC[AES256_GCM,data:@@,iv:AA==,tag:AA==,type:str]",
        ] {
            assert!(
                matches!(EncToken::parse(bad), Err(CipherError::Format)),
                "{bad}"
            );
        }
        assert!(matches!(
            EncToken::parse("ENC[AES256_GCM,data:AA==,iv:AA==,tag:AA==,type:bytes]"),
            Err(CipherError::UnknownType(_))
        ));
    }

    #[test]
    fn typed_plaintexts_follow_sops() {
        let bytes = |v: &Value| String::from_utf8(serialize(v).0.to_vec()).unwrap();
        assert_eq!(bytes(&Value::Bool(true)), "True");
        assert_eq!(bytes(&Value::Int(-31)), "-31");
        assert_eq!(bytes(&Value::Float(Float::new(1.0))), "1");
        let spelled = Float {
            value: 1.5,
            text: Some("1.50".into()),
        };
        assert_eq!(bytes(&Value::Float(spelled.clone())), "1.50");
        assert_eq!(
            with_canonical_bytes(&Value::Float(spelled), <[u8]>::to_vec),
            b"1.5"
        );
    }

    #[test]
    fn debug_never_shows_the_key() {
        assert_eq!(format!("{:?}", vector_key()), "DataKey(<redacted>)");
    }
}
