//! GCP Cloud KMS keys against a FAKE Cloud KMS REST server
//! (tests/kms_support/fake_gcp_kms.py): Google ships no emulator, so the
//! fake implements the documented `:encrypt` / `:decrypt` calls and the
//! OAuth JWT exchange, and refuses any request of another shape. sops 3.11
//! cannot be pointed at it (its GCP client has no endpoint setting before
//! sops 3.13), so these tests check rsops against the published API only.

mod common;
mod kms_support;

use std::path::PathBuf;
use std::process::Command;

use common::{fails, ok, Scratch};
use kms_support::{decrypt, fake_python, logged_requests, start_fake, Server};

const PLAIN: &str = "password: hunter2\nn: 1\n";
const KEY_A: &str = "projects/p/locations/global/keyRings/r/cryptoKeys/a";
const KEY_B: &str = "projects/p/locations/europe-west1/keyRings/r2/cryptoKeys/b";
const TOKEN: &str = "ya29.static-token-must-not-be-printed";

struct Gcp {
    server: Server,
    s: Scratch,
    /// A service-account key file whose JWTs the fake accepts.
    sa_file: PathBuf,
}

impl Gcp {
    fn start() -> Gcp {
        let s = Scratch::new();
        let mut c = Command::new(fake_python());
        c.arg("-c")
            .arg(
                "import sys\n\
                 from cryptography.hazmat.primitives.asymmetric import rsa\n\
                 from cryptography.hazmat.primitives import serialization as s\n\
                 k = rsa.generate_private_key(public_exponent=65537, key_size=2048)\n\
                 open(sys.argv[1], 'wb').write(k.private_bytes(s.Encoding.PEM, s.PrivateFormat.PKCS8, s.NoEncryption()))\n\
                 open(sys.argv[2], 'wb').write(k.public_key().public_bytes(s.Encoding.PEM, s.PublicFormat.SubjectPublicKeyInfo))\n",
            )
            .arg(s.path("sa.pem"))
            .arg(s.path("sa.pub"));
        ok(c);
        let server = start_fake(
            &s,
            "fake_gcp_kms.py",
            [
                s.path("sa.pub").as_os_str(),
                TOKEN.as_ref(),
                KEY_A.as_ref(),
                KEY_B.as_ref(),
            ],
        );
        let private = String::from_utf8(s.read("sa.pem")).unwrap();
        let sa = serde_json::json!({
            "type": "service_account",
            "project_id": "p",
            "private_key_id": "0123abcd",
            "private_key": private,
            "client_email": "sops@p.iam.gserviceaccount.com",
            "client_id": "1",
            "token_uri": format!("{}/token", server.url()),
        });
        let sa_file = s.write("sa.json", sa.to_string());
        Gcp { server, s, sa_file }
    }

    /// rsops with the fake as endpoint and no Google credentials but the
    /// static token.
    fn rsops(&self) -> Command {
        let mut c = self.s.rsops();
        for v in [
            "GOOGLE_CREDENTIALS",
            "GOOGLE_APPLICATION_CREDENTIALS",
            "GOOGLE_OAUTH_ACCESS_TOKEN",
            "SOPS_GCP_KMS_UNIVERSE_DOMAIN",
            "CLOUDSDK_CONFIG",
        ] {
            c.env_remove(v);
        }
        c.env("SOPS_GCP_KMS_ENDPOINT", self.server.url())
            .env("GOOGLE_OAUTH_ACCESS_TOKEN", TOKEN);
        c
    }

    fn encrypt(&self, mut c: Command, keys: &str) -> PathBuf {
        let plain = self.s.write("plain.yaml", PLAIN);
        c.args(["encrypt", "--gcp-kms", keys]).arg(&plain);
        self.s.write("enc.yaml", ok(c))
    }
}

#[test]
fn access_token_round_trip_with_documented_requests() {
    let g = Gcp::start();
    let file = g.encrypt(g.rsops(), &format!("{KEY_A},{KEY_B}"));
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains(&format!("resource_id: {KEY_A}")), "{text}");
    assert_eq!(decrypt(g.rsops(), &file), PLAIN);

    let requests = logged_requests(&g.s);
    let encrypts: Vec<_> = requests
        .iter()
        .filter(|r| r["path"].as_str().unwrap().ends_with(":encrypt"))
        .collect();
    assert_eq!(encrypts.len(), 2);
    assert_eq!(encrypts[0]["path"], format!("/v1/{KEY_A}:encrypt"));
    assert_eq!(encrypts[1]["path"], format!("/v1/{KEY_B}:encrypt"));
    for r in &requests {
        assert_eq!(r["authorization"], format!("Bearer {TOKEN}"));
        assert_eq!(r["content_type"], "application/json; charset=utf-8");
    }
    // The body is exactly {"plaintext": base64 of the 32-byte data key}.
    let body: serde_json::Value =
        serde_json::from_str(encrypts[0]["body"].as_str().unwrap()).unwrap();
    let fields: Vec<&String> = body.as_object().unwrap().keys().collect();
    assert_eq!(fields, ["plaintext"]);
    assert_eq!(body["plaintext"].as_str().unwrap().len(), 44);
    // Decryption stops at the first key that works.
    let decrypts: Vec<_> = requests
        .iter()
        .filter(|r| r["path"].as_str().unwrap().ends_with(":decrypt"))
        .collect();
    assert_eq!(decrypts.len(), 1);
}

#[test]
fn service_account_jwt_from_a_file_or_inline() {
    let g = Gcp::start();
    let file = g.encrypt(g.rsops(), KEY_B);
    let inline = std::fs::read_to_string(&g.sa_file).unwrap();
    for creds in [g.sa_file.to_string_lossy().into_owned(), inline] {
        let mut c = g.rsops();
        c.env_remove("GOOGLE_OAUTH_ACCESS_TOKEN")
            .env("GOOGLE_CREDENTIALS", &creds);
        assert_eq!(decrypt(c, &file), PLAIN);
    }
    let mut c = g.rsops();
    c.env_remove("GOOGLE_OAUTH_ACCESS_TOKEN")
        .env("GOOGLE_APPLICATION_CREDENTIALS", &g.sa_file);
    assert_eq!(decrypt(c, &file), PLAIN);
    let tokens = logged_requests(&g.s)
        .into_iter()
        .filter(|r| r["path"] == "/token")
        .count();
    assert_eq!(tokens, 3, "one JWT exchange per run");
}

#[test]
fn service_errors_name_the_key_and_the_next_key_is_tried() {
    let g = Gcp::start();
    let plain = g.s.write("plain.yaml", PLAIN);
    let mut c = g.rsops();
    c.args(["encrypt", "--gcp-kms", KEY_A, "--age", &g.s.recipient])
        .arg(&plain);
    let file = g.s.write("mixed.yaml", ok(c));

    let mut c = g.rsops();
    c.env("GOOGLE_OAUTH_ACCESS_TOKEN", "ya29.wrong")
        .env_remove("SOPS_AGE_KEY_FILE")
        .arg("decrypt")
        .arg(&file);
    let err = fails(c, 128);
    assert!(
        err.contains(KEY_A) && err.contains("GCP KMS") && err.contains("UNAUTHENTICATED"),
        "{err}"
    );
    assert!(!err.contains("ya29.wrong") && !err.contains(TOKEN), "{err}");

    // The same failure, with the age key available: decryption moves on.
    let mut c = g.rsops();
    c.env("GOOGLE_OAUTH_ACCESS_TOKEN", "ya29.wrong")
        .env("SOPS_DECRYPTION_ORDER", "gcp_kms,age");
    assert_eq!(decrypt(c, &file), PLAIN);

    // A key the service does not know: its own NOT_FOUND message.
    let mut c = g.rsops();
    let unknown = "projects/p/locations/global/keyRings/r/cryptoKeys/none";
    c.args(["encrypt", "--gcp-kms", unknown]).arg(&plain);
    let err = fails(c, 1);
    assert!(err.contains(unknown) && err.contains("NOT_FOUND"), "{err}");
}

#[test]
fn plain_http_endpoints_elsewhere_are_refused() {
    let g = Gcp::start();
    let plain = g.s.write("plain.yaml", PLAIN);
    let mut c = g.rsops();
    c.env("SOPS_GCP_KMS_ENDPOINT", "http://kms.example.com:80")
        .args(["encrypt", "--gcp-kms", KEY_A])
        .arg(&plain);
    let err = fails(c, 1);
    assert!(err.contains("unencrypted"), "{err}");
}
