//! Azure Key Vault keys against a FAKE Key Vault and token endpoint
//! (tests/kms_support/fake_azure_kv.py): Microsoft ships no Key Vault
//! emulator reachable here, so the fake implements the documented key
//! operations (RSA-OAEP-256 encrypt/decrypt, with real RSA), the 401 bearer
//! challenge and the client-credentials token grant (client secret,
//! federated token, or a certificate-signed client assertion whose signature
//! and thumbprint it verifies), over HTTPS with a certificate from a
//! throwaway CA that the clients trust through SSL_CERT_FILE, and refuses
//! requests of any other shape. Client certificates are made with openssl.

mod common;
mod kms_support;

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use common::{fails, ok, Scratch};
use kms_support::{decrypt, logged_requests, start_fake, tool, Server};
use sha2::{Digest as _, Sha256};

const PLAIN: &str = "password: hunter2\nn: 1\n";
const CLIENT_ID: &str = "11111111-client";
const SECRET: &str = "client-secret-must-not-be-printed";
const VERSION: &str = "0123456789abcdef0123456789abcdef";
const PFX_PASSWORD: &str = "pfx-password-must-not-be-printed";

struct Azure {
    server: Server,
    s: Scratch,
    ca: PathBuf,
}

impl Azure {
    /// The fake, with `client.pem` as the certificate registered for
    /// CLIENT_ID; `client.key` (PKCS#8) is its key.
    fn start() -> Azure {
        let s = Scratch::new();
        let ca = s.path("ca.pem");
        s.write("federated-token", "federated-assertion-jwt\n");
        openssl(&s, "req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=rsops-client -keyout client.key -out client.pem");
        let server = start_fake(
            &s,
            "fake_azure_kv.py",
            [
                ca.as_os_str(),
                CLIENT_ID.as_ref(),
                SECRET.as_ref(),
                s.path("federated-token").as_os_str(),
                s.path("client.pem").as_os_str(),
                "sops-key".as_ref(),
                "other-key".as_ref(),
            ],
        );
        // A readiness wait: the fake writes its CA once it serves TLS.
        let deadline = Instant::now() + Duration::from_secs(60);
        while !ca.is_file() {
            assert!(Instant::now() < deadline, "the fake wrote no CA");
            std::thread::sleep(Duration::from_millis(50));
        }
        Azure { server, s, ca }
    }

    fn vault(&self) -> String {
        format!("https://127.0.0.1:{}", self.server.port)
    }

    /// rsops with the fake's CA trusted, its authority host, and a client
    /// secret in the environment.
    fn rsops(&self) -> Command {
        let mut c = self.s.rsops();
        for v in [
            "AZURE_CLIENT_CERTIFICATE_PATH",
            "AZURE_CLIENT_CERTIFICATE_PASSWORD",
            "AZURE_CLIENT_SEND_CERTIFICATE_CHAIN",
            "AZURE_FEDERATED_TOKEN_FILE",
            "AZURE_USERNAME",
            "IDENTITY_ENDPOINT",
            "IDENTITY_HEADER",
            "SSL_CERT_DIR",
        ] {
            c.env_remove(v);
        }
        c.env("SSL_CERT_FILE", &self.ca)
            .env("AZURE_AUTHORITY_HOST", self.vault())
            .env("AZURE_TENANT_ID", "00000000-fake-tenant")
            .env("AZURE_CLIENT_ID", CLIENT_ID)
            .env("AZURE_CLIENT_SECRET", SECRET);
        c
    }

    /// rsops with the certificate credentials in `file` and no secret.
    fn rsops_with_certificate(&self, file: &str) -> Command {
        let mut c = self.rsops();
        c.env_remove("AZURE_CLIENT_SECRET")
            .env("AZURE_CLIENT_CERTIFICATE_PATH", self.s.path(file));
        c
    }

    fn token_requests(&self) -> Vec<serde_json::Value> {
        logged_requests(&self.s)
            .into_iter()
            .filter(|r| r["path"] == "/00000000-fake-tenant/oauth2/v2.0/token")
            .collect()
    }
}

/// `openssl ARGS` in the scratch directory; fails the test if it fails.
fn openssl(s: &Scratch, args: &str) -> Vec<u8> {
    let mut c = Command::new(tool("openssl", "openssl (the distribution's package)"));
    c.current_dir(s.dir.path()).args(args.split(' '));
    ok(c)
}

/// Concatenates scratch files into `name`, as a credentials file.
fn concat(s: &Scratch, name: &str, parts: &[&str]) -> String {
    let text: Vec<u8> = parts.iter().flat_map(|p| s.read(p)).collect();
    s.write(name, text);
    name.to_owned()
}

/// `c` made to encrypt PLAIN for the vault's `sops-key`.
fn encrypting(a: &Azure, mut c: Command) -> Command {
    let key = format!("{}/keys/sops-key", a.vault());
    c.args(["encrypt", "--azure-kv", &key])
        .arg(a.s.write("plain.yaml", PLAIN));
    c
}

/// Encrypts PLAIN for the vault's `sops-key` with `c`.
fn encrypt(a: &Azure, c: Command) -> PathBuf {
    a.s.write("enc.yaml", ok(encrypting(a, c)))
}

/// Encrypting with `c` fails; its error, checked to hold no secret.
fn encrypt_error(a: &Azure, c: Command) -> String {
    let err = fails(encrypting(a, c), 1);
    let key = String::from_utf8(a.s.read("client.key")).unwrap();
    let key_line = key.lines().nth(1).unwrap();
    for secret in [SECRET, PFX_PASSWORD, key_line] {
        assert!(!err.contains(secret), "{err}");
    }
    err
}

/// A JWT's decoded header and claims.
fn jwt_parts(jwt: &str) -> (serde_json::Value, serde_json::Value) {
    let parts: Vec<&str> = jwt.split('.').collect();
    assert_eq!(parts.len(), 3, "{jwt}");
    let decode = |p: &str| {
        serde_json::from_slice::<serde_json::Value>(&URL_SAFE_NO_PAD.decode(p).unwrap()).unwrap()
    };
    (decode(parts[0]), decode(parts[1]))
}

#[test]
fn client_secret_round_trip_with_challenge_and_documented_requests() {
    let a = Azure::start();
    let plain = a.s.write("plain.yaml", PLAIN);
    // Without a version the key's current one is looked up and pinned.
    let keys = format!(
        "{v}/keys/sops-key,{v}/keys/other-key/{VERSION}",
        v = a.vault()
    );
    let mut c = a.rsops();
    c.args(["encrypt", "--azure-kv", &keys]).arg(&plain);
    let file = a.s.write("enc.yaml", ok(c));
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.contains(&format!(
            "vault_url: {}\n          name: sops-key\n          version: {VERSION}\n",
            a.vault()
        )),
        "{text}"
    );
    // enc is base64url without padding of a 2048-bit RSA-OAEP ciphertext.
    let enc_line = text.lines().find(|l| l.contains("enc: ")).unwrap();
    let enc = enc_line.trim().trim_start_matches("enc: ");
    assert_eq!(enc.len(), 342, "{enc}");
    assert!(enc
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
    assert_eq!(decrypt(a.rsops(), &file), PLAIN);

    let requests = logged_requests(&a.s);
    // Each key starts with an unauthenticated GET that gets the challenge.
    assert_eq!(requests[0]["method"], "GET");
    assert_eq!(requests[0]["path"], "/keys/sops-key?api-version=7.6");
    assert!(requests[0]["authorization"].is_null());
    let token = requests
        .iter()
        .find(|r| r["path"] == "/00000000-fake-tenant/oauth2/v2.0/token")
        .expect("a token request");
    assert_eq!(token["content_type"], "application/x-www-form-urlencoded");
    let encrypt = requests
        .iter()
        .find(|r| r["path"] == format!("/keys/other-key/{VERSION}/encrypt?api-version=7.6"))
        .expect("an encrypt request");
    assert_eq!(encrypt["authorization"], "Bearer azure-fake-access-token");
    let body: serde_json::Value = serde_json::from_str(encrypt["body"].as_str().unwrap()).unwrap();
    let fields: Vec<&String> = body.as_object().unwrap().keys().collect();
    assert_eq!(fields, ["alg", "value"]);
    assert_eq!(body["alg"], "RSA-OAEP-256");
    assert_eq!(
        body["value"].as_str().unwrap().len(),
        43,
        "32 bytes, base64url unpadded"
    );
}

#[test]
fn workload_identity_token_file() {
    let a = Azure::start();
    let plain = a.s.write("plain.yaml", PLAIN);
    let mut c = a.rsops();
    c.env_remove("AZURE_CLIENT_SECRET")
        .env("AZURE_FEDERATED_TOKEN_FILE", a.s.path("federated-token"))
        .args([
            "encrypt",
            "--azure-kv",
            &format!("{}/keys/sops-key", a.vault()),
        ])
        .arg(&plain);
    let file = a.s.write("enc.yaml", ok(c));
    assert_eq!(decrypt(a.rsops(), &file), PLAIN);
}

#[test]
fn errors_name_key_and_service_and_the_next_key_is_tried() {
    let a = Azure::start();
    let plain = a.s.write("plain.yaml", PLAIN);
    let key = format!("{}/keys/sops-key/{VERSION}", a.vault());
    let mut c = a.rsops();
    c.args(["encrypt", "--azure-kv", &key, "--age", &a.s.recipient])
        .arg(&plain);
    let file = a.s.write("mixed.yaml", ok(c));

    let mut c = a.rsops();
    c.env("AZURE_CLIENT_SECRET", "wrong-secret-not-printed")
        .env_remove("SOPS_AGE_KEY_FILE")
        .arg("decrypt")
        .arg(&file);
    let err = fails(c, 128);
    assert!(
        err.contains(&key) && err.contains("Azure Key Vault") && err.contains("AADSTS7000215"),
        "{err}"
    );
    assert!(
        !err.contains("wrong-secret-not-printed") && !err.contains(SECRET),
        "{err}"
    );

    let mut c = a.rsops();
    c.env("AZURE_CLIENT_SECRET", "wrong")
        .env("SOPS_DECRYPTION_ORDER", "azure_kv,age");
    assert_eq!(decrypt(c, &file), PLAIN);

    // Without the fake's CA the TLS check fails, and says so.
    let mut c = a.rsops();
    c.env("SSL_CERT_FILE", a.s.path("no-such-ca.pem"))
        .env_remove("SOPS_AGE_KEY_FILE")
        .arg("decrypt")
        .arg(&file);
    let err = fails(c, 128);
    assert!(
        err.contains(&key) && err.to_lowercase().contains("certificate"),
        "{err}"
    );
}

/// The expected form of a certificate token request, byte for byte (as
/// Azure's SDK sends it, less MSAL's extra `client_info` and OIDC scopes).
fn assertion_form(assertion: &str) -> String {
    format!(
        "grant_type=client_credentials&client_id={CLIENT_ID}\
         &client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer\
         &client_assertion={assertion}&scope=https%3A%2F%2F127.0.0.1%2F.default"
    )
}

/// The client assertion of a logged token request, after checking the
/// request's form byte for byte.
fn checked_assertion(request: &serde_json::Value) -> String {
    assert_eq!(request["content_type"], "application/x-www-form-urlencoded");
    let body = request["body"].as_str().unwrap();
    let assertion = body
        .split('&')
        .find_map(|f| f.strip_prefix("client_assertion="))
        .expect("a client assertion");
    assert_eq!(body, assertion_form(assertion));
    assertion.to_owned()
}

#[test]
fn certificate_credentials_with_pkcs8_and_pkcs1_keys() {
    let a = Azure::start();
    openssl(
        &a.s,
        "rsa -in client.key -traditional -out client-pkcs1.key",
    );
    assert!(String::from_utf8(a.s.read("client-pkcs1.key"))
        .unwrap()
        .starts_with("-----BEGIN RSA PRIVATE KEY-----"));
    let pkcs8 = concat(&a.s, "pkcs8.pem", &["client.pem", "client.key"]);
    // Key first: the order of the blocks does not matter.
    let pkcs1 = concat(&a.s, "pkcs1.pem", &["client-pkcs1.key", "client.pem"]);
    let der = openssl(&a.s, "x509 -in client.pem -outform DER");
    let thumbprint = URL_SAFE_NO_PAD.encode(Sha256::digest(&der));

    for file in [pkcs8, pkcs1] {
        let before = a.token_requests().len();
        let enc = encrypt(&a, a.rsops_with_certificate(&file));
        assert_eq!(decrypt(a.rsops_with_certificate(&file), &enc), PLAIN);
        let tokens = a.token_requests();
        assert_eq!(tokens.len(), before + 2, "one token per run");
        // The fake verified the signature with the registered certificate;
        // here the JWT's shape is checked against what Azure's SDK sends.
        let (header, claims) = jwt_parts(&checked_assertion(&tokens[before]));
        assert_eq!(
            header,
            serde_json::json!({"alg": "PS256", "typ": "JWT", "x5t#S256": thumbprint}),
            "{file}"
        );
        let fields: Vec<&String> = claims.as_object().unwrap().keys().collect();
        assert_eq!(fields, ["aud", "exp", "iss", "jti", "nbf", "sub"]);
        assert_eq!(
            claims["aud"],
            format!("{}/00000000-fake-tenant/oauth2/v2.0/token", a.vault())
        );
        assert_eq!(claims["iss"], CLIENT_ID);
        assert_eq!(claims["sub"], CLIENT_ID);
        assert_eq!(claims["jti"].as_str().unwrap().len(), 36);
        assert_eq!(
            claims["exp"].as_u64().unwrap() - claims["nbf"].as_u64().unwrap(),
            600
        );
    }
}

#[test]
fn certificate_chain_is_sent_when_asked() {
    let a = Azure::start();
    openssl(&a.s, "req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=rsops-ca -keyout ca.key -out issuer.pem");
    // The issuer first: the signing certificate is found by its key and
    // sent first all the same.
    let file = concat(
        &a.s,
        "chain.pem",
        &["issuer.pem", "client.pem", "client.key"],
    );
    let mut c = a.rsops_with_certificate(&file);
    c.env("AZURE_CLIENT_SEND_CERTIFICATE_CHAIN", "true");
    encrypt(&a, c);
    let (header, _) = jwt_parts(&checked_assertion(&a.token_requests()[0]));
    let x5c: Vec<Vec<u8>> = header["x5c"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| STANDARD.decode(c.as_str().unwrap()).unwrap())
        .collect();
    assert_eq!(
        x5c,
        [
            openssl(&a.s, "x509 -in client.pem -outform DER"),
            openssl(&a.s, "x509 -in issuer.pem -outform DER")
        ]
    );
}

#[test]
fn client_secret_wins_over_a_certificate() {
    // Azure's EnvironmentCredential: a secret is used before a certificate,
    // whose file is then not even read.
    let a = Azure::start();
    let mut c = a.rsops();
    c.env(
        "AZURE_CLIENT_CERTIFICATE_PATH",
        a.s.path("no-such-file.pem"),
    );
    encrypt(&a, c);
    let body = a.token_requests()[0]["body"].as_str().unwrap().to_owned();
    assert!(body.contains("&client_secret="), "{body}");
    assert!(!body.contains("client_assertion"), "{body}");
}

#[test]
fn certificate_errors_name_the_file_and_what_is_wrong() {
    let a = Azure::start();
    openssl(&a.s, "req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=unregistered -keyout other.key -out other.pem");
    openssl(
        &a.s,
        &format!("pkcs12 -export -in client.pem -inkey client.key -out client.pfx -passout pass:{PFX_PASSWORD}"),
    );
    openssl(
        &a.s,
        "pkcs8 -topk8 -in client.key -out encrypted.key -v2 aes-256-cbc -passout pass:pw",
    );
    concat(&a.s, "cert-only.pem", &["client.pem"]);
    concat(&a.s, "key-only.pem", &["client.key"]);
    concat(&a.s, "mismatch.pem", &["client.pem", "other.key"]);
    concat(&a.s, "encrypted.pem", &["client.pem", "encrypted.key"]);
    concat(&a.s, "unregistered.pem", &["other.pem", "other.key"]);

    let cases = [
        ("client.pfx", "openssl pkcs12 -in FILE -out cert.pem -nodes"),
        ("cert-only.pem", "holds no private key"),
        ("key-only.pem", "holds no CERTIFICATE block"),
        (
            "mismatch.pem",
            "none of its certificates is for its private key",
        ),
        ("encrypted.pem", "private key is encrypted"),
        ("no-such-file.pem", "No such file"),
    ];
    for (file, what) in cases {
        let mut c = a.rsops_with_certificate(file);
        c.env("AZURE_CLIENT_CERTIFICATE_PASSWORD", PFX_PASSWORD);
        let err = encrypt_error(&a, c);
        let path = a.s.path(file);
        assert!(
            err.contains(&format!(
                "AZURE_CLIENT_CERTIFICATE_PATH {}: ",
                path.display()
            )) && err.contains(what)
                && err.contains("Azure Key Vault"),
            "{file}: {err}"
        );
    }
    // None of these reached the token endpoint.
    assert!(a.token_requests().is_empty());

    // A well-formed certificate that is not the application's: the fake
    // checks the thumbprint and the signature, and refuses it.
    let err = encrypt_error(&a, a.rsops_with_certificate("unregistered.pem"));
    assert!(err.contains("AADSTS700027"), "{err}");
}
