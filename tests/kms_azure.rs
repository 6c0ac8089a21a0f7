//! Azure Key Vault keys against a FAKE Key Vault and token endpoint
//! (tests/kms_support/fake_azure_kv.py): Microsoft ships no Key Vault
//! emulator reachable here, so the fake implements the documented key
//! operations (RSA-OAEP-256 encrypt/decrypt, with real RSA), the 401 bearer
//! challenge and the client-credentials token grant, over HTTPS with a
//! certificate from a throwaway CA that the clients trust through
//! SSL_CERT_FILE, and refuses requests of any other shape.

mod common;
mod kms_support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use common::{fails, ok, Scratch};
use kms_support::{free_port, tool, Server};

const PLAIN: &str = "password: hunter2\nn: 1\n";
const CLIENT_ID: &str = "11111111-client";
const SECRET: &str = "client-secret-must-not-be-printed";
const VERSION: &str = "0123456789abcdef0123456789abcdef";

struct Azure {
    server: Server,
    s: Scratch,
    ca: PathBuf,
}

impl Azure {
    fn start() -> Azure {
        let s = Scratch::new();
        let port = free_port();
        let python = tool("moto_server", "moto[server]").with_file_name("python");
        let fake = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/kms_support/fake_azure_kv.py");
        let ca = s.path("ca.pem");
        s.write("federated-token", "federated-assertion-jwt\n");
        let mut cmd = Command::new(python);
        cmd.arg(fake)
            .arg(port.to_string())
            .arg(s.path("requests.log"))
            .arg(&ca)
            .args([CLIENT_ID, SECRET])
            .arg(s.path("federated-token"))
            .args(["sops-key", "other-key"]);
        let server = Server::start(cmd, port, &s.path("fake.log"));
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

    fn requests(&self) -> Vec<serde_json::Value> {
        String::from_utf8(self.s.read("requests.log"))
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }
}

fn decrypt(mut c: Command, file: &Path) -> String {
    c.arg("decrypt").arg(file);
    String::from_utf8(ok(c)).unwrap()
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

    let requests = a.requests();
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
