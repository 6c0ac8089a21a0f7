//! Helpers shared by unit tests.

/// Decodes a hex string of a test vector.
pub fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("test vectors are hex"))
        .collect()
}

/// An age recipient whose identity this test process can use: one key for
/// the whole process, put in `SOPS_AGE_KEY` once (the variable is only ever
/// set to this value, so tests running in parallel agree on it).
pub fn age_recipient() -> String {
    use age::secrecy::ExposeSecret;
    static RECIPIENT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    RECIPIENT
        .get_or_init(|| {
            // X25519 on purpose: the keys sops 3.11 users have.
            #[allow(deprecated)]
            let key = age::x25519::Identity::generate();
            std::env::set_var("SOPS_AGE_KEY", key.to_string().expose_secret());
            key.to_public().to_string()
        })
        .clone()
}
