//! `publish` to Google Cloud Storage, against a FAKE of its upload API
//! (tests/kms_support/fake_gcs.py): Google ships no Cloud Storage emulator.
//! Both rsops and sops 3.11 reach it as Google's clients reach an emulator,
//! through STORAGE_EMULATOR_HOST; the fake logs each request, which is
//! checked byte for byte.

mod common;
mod kms_support;

use std::path::Path;
use std::process::Command;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use serde_json::Value;

use common::{ok, Scratch};
use kms_support::{free_port, python, Server};

const PLAIN: &str = "user: admin\npassword: hunter2\n";

struct Gcs {
    _server: Server,
    s: Scratch,
    host: String,
}

impl Gcs {
    fn start() -> Gcs {
        let s = Scratch::new();
        let port = free_port();
        let fake = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/kms_support/fake_gcs.py");
        let mut cmd = Command::new(python());
        cmd.arg(fake)
            .arg(port.to_string())
            .arg(s.path("requests.log"));
        let server = Server::start(cmd, port, &s.path("fake.log"));
        Gcs {
            _server: server,
            s,
            host: format!("127.0.0.1:{port}"),
        }
    }

    /// Each request the fake logged, in order.
    fn requests(&self) -> Vec<Value> {
        let text = std::fs::read_to_string(self.s.path("requests.log")).unwrap_or_default();
        text.lines()
            .map(|l| serde_json::from_str(l).expect("JSON line"))
            .collect()
    }

    fn publish(&self, tool: &str, file: &str) {
        let mut c = self.s.tool(tool);
        for v in [
            "GOOGLE_CREDENTIALS",
            "GOOGLE_APPLICATION_CREDENTIALS",
            "GOOGLE_OAUTH_ACCESS_TOKEN",
        ] {
            c.env_remove(v);
        }
        c.env("STORAGE_EMULATOR_HOST", &self.host)
            .args(["publish", "--yes", file]);
        ok(c);
    }
}

fn data(request: &Value) -> Vec<u8> {
    STANDARD
        .decode(request["data"].as_str().expect("data"))
        .expect("base64")
}

#[test]
fn the_upload_is_the_file_under_the_prefix_as_sops_sends_it() {
    let g = Gcs::start();
    let plain = g.s.write("plain.yaml", PLAIN);
    let mut c = g.s.rsops();
    c.args(["encrypt", "--age", &g.s.recipient]).arg(&plain);
    let encrypted = ok(c);
    g.s.write("dir/app secret.yaml", &encrypted);
    g.s.write(
        ".sops.yaml",
        "destination_rules:\n  - gcs_bucket: my-bucket\n    gcs_prefix: team/\n",
    );
    g.publish("rsops", "dir/app secret.yaml");
    g.publish("sops", "dir/app secret.yaml");
    let requests = g.requests();
    assert_eq!(requests.len(), 2, "{requests:?}");
    let (ours, theirs) = (&requests[0], &requests[1]);

    // rsops: one simple upload, no token (an emulator), the file's bytes.
    assert_eq!(ours["path"], "/upload/storage/v1/b/my-bucket/o");
    assert_eq!(
        ours["query"],
        "uploadType=media&name=team%2Fapp%20secret.yaml"
    );
    assert_eq!(ours["headers"]["content-type"], "text/plain; charset=utf-8");
    assert_eq!(
        ours["headers"]["content-length"],
        encrypted.len().to_string()
    );
    assert!(ours["headers"].get("authorization").is_none(), "{ours}");
    assert_eq!(data(ours), encrypted);

    // sops sends the same object to the same place, with the same type.
    for field in ["path", "bucket", "name", "content_type"] {
        assert_eq!(ours[field], theirs[field], "{field}");
    }
    assert_eq!(data(theirs), encrypted);
}
