//! The `ENC[AES256_GCM,data:…,iv:…,tag:…,type:…]` grammar: any text, as a
//! value or as the MAC, decrypts or fails cleanly. The first line is the
//! additional data (the value's path), the rest the token. Seed:
//! `testdata/vectors`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rsops::cipher::{Cipher, DataKey};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (aad, token) = text.split_once('\n').unwrap_or(("", &text));
    let Ok(key) = DataKey::from_bytes(&[7u8; 32]) else {
        return;
    };
    let mut cipher = Cipher::new(key);
    let _ = cipher.decrypt(token, aad);
    let _ = cipher.decrypt_value(token, aad);
    let _ = rsops::mac::verify_mac(&mut cipher, token, aad, "");
});
