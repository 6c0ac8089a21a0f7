//! `publish` to the KV engines (versions 1 and 2) of an OpenBao dev server,
//! the open-source fork of Vault with the same HTTP API, with rsops and
//! sops 3.11 side by side: the secret read back is the decrypted file, and
//! publishing an unchanged file again writes no new version.

mod common;
mod kms_support;

use std::process::Command;

use serde_json::{json, Value};

use common::ok;
use kms_support::BaoDev as Bao;

const TOKEN: &str = "publish-test-root-token";
/// Strings, numbers, booleans, nesting and a list: what a secret holds.
const PLAIN: &str = "user: admin\npassword: hunter2\nport: 5432\nratio: 1.5\nenabled: true\nnested:\n    key: value\nhosts:\n    - a\n    - b\n";

impl Bao {
    /// A dev server with KV version 2 at `secret/` and version 1 at `kv1/`.
    fn start() -> Bao {
        let v = Bao::new(TOKEN);
        // The dev server mounts KV version 2 at secret/; version 1 here.
        v.bao(&["secrets", "enable", "-path=kv1", "-version=1", "kv"]);
        v
    }

    /// The API's answer for `path`, as JSON.
    fn read(&self, path: &str) -> Value {
        serde_json::from_slice(&self.bao(&["read", "-format=json", path])).expect("JSON")
    }

    /// `tool` with the token in the environment.
    fn cmd(&self, tool: &str) -> Command {
        let mut c = self.s.tool(tool);
        for v in ["VAULT_ADDR", "VAULT_NAMESPACE"] {
            c.env_remove(v);
        }
        c.env("VAULT_TOKEN", TOKEN);
        c
    }

    /// Encrypts PLAIN (or `plain`) as `name` with rsops.
    fn encrypted(&self, name: &str, plain: &str) {
        let file = self.s.write("plain.yaml", plain);
        let mut c = self.s.rsops();
        c.args(["encrypt", "--age", &self.s.recipient]).arg(&file);
        self.s.write(name, ok(c));
    }

    /// The decrypted file as the JSON map Vault holds.
    fn expected(&self, name: &str) -> Value {
        let mut c = self.s.rsops();
        c.args(["decrypt", "--output-type", "json", name]);
        serde_json::from_slice(&ok(c)).expect("JSON")
    }

    fn config(&self, rules: &str) {
        self.s.write(
            ".sops.yaml",
            format!(
                "destination_rules:\n{}",
                rules.replace("ADDRESS", &self.server.url())
            ),
        );
    }

    fn publish(&self, tool: &str, file: &str) -> String {
        let mut c = self.cmd(tool);
        c.args(["publish", "--yes", file]);
        let out = c.output().expect("publish runs");
        assert!(
            out.status.success(),
            "{tool} publish {file}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stderr).into_owned()
    }
}

#[test]
fn kv2_holds_the_decrypted_values_and_an_unchanged_file_adds_no_version() {
    let v = Bao::start();
    v.encrypted("app.yaml", PLAIN);
    v.config("  - path_regex: ^app\n    vault_path: rsops\n    vault_address: ADDRESS\n  - vault_path: sops\n    vault_address: ADDRESS\n");
    let expected = v.expected("app.yaml");
    assert_eq!(expected["port"], json!(5432));

    v.publish("rsops", "app.yaml");
    let secret = v.read("secret/data/rsops/app.yaml");
    assert_eq!(secret["data"]["data"], expected);
    assert_eq!(secret["data"]["metadata"]["version"], json!(1));

    // Again, unchanged: no new version.
    let err = v.publish("rsops", "app.yaml");
    assert!(err.contains("already up to date"), "{err}");
    let secret = v.read("secret/data/rsops/app.yaml");
    assert_eq!(secret["data"]["metadata"]["version"], json!(1));

    // Changed: a new version with the new value.
    let mut c = v.s.rsops();
    c.args(["set", "app.yaml", "[\"user\"]", "\"root\""]);
    ok(c);
    v.publish("rsops", "app.yaml");
    let secret = v.read("secret/data/rsops/app.yaml");
    assert_eq!(secret["data"]["metadata"]["version"], json!(2));
    assert_eq!(secret["data"]["data"]["user"], json!("root"));

    // sops writes the same values for the same file (under another path,
    // by the second rule).
    let copy = v.s.read("app.yaml");
    v.s.write("copy.yaml", copy);
    v.publish("sops", "copy.yaml");
    assert_eq!(
        v.read("secret/data/sops/copy.yaml")["data"]["data"],
        v.read("secret/data/rsops/app.yaml")["data"]["data"]
    );
}

#[test]
fn kv1_holds_the_map_itself() {
    let v = Bao::start();
    v.encrypted("app.yaml", PLAIN);
    v.config("  - vault_path: team/\n    vault_kv_mount_name: kv1\n    vault_kv_version: 1\n    vault_address: ADDRESS\n");
    let expected = v.expected("app.yaml");
    for tool in ["sops", "rsops"] {
        v.bao(&["delete", "kv1/team/app.yaml"]);
        v.publish(tool, "app.yaml");
        assert_eq!(v.read("kv1/team/app.yaml")["data"], expected, "{tool}");
    }
    // Unchanged: rsops leaves it alone.
    let err = v.publish("rsops", "app.yaml");
    assert!(err.contains("already up to date"), "{err}");
}

#[test]
fn the_address_comes_from_vault_addr_and_the_token_may_be_a_file() {
    let v = Bao::start();
    v.encrypted("app.yaml", PLAIN);
    v.config("  - vault_path: env\n");
    std::fs::write(v.s.path(".vault-token"), format!("{TOKEN}\n")).unwrap();
    let mut c = v.cmd("rsops");
    c.env_remove("VAULT_TOKEN")
        .env("VAULT_ADDR", v.server.url())
        .args(["publish", "--yes", "app.yaml"]);
    ok(c);
    assert_eq!(
        v.read("secret/data/env/app.yaml")["data"]["data"],
        v.expected("app.yaml")
    );
}

#[test]
fn a_refused_write_names_the_secret_but_not_the_token() {
    let v = Bao::start();
    v.encrypted("app.yaml", PLAIN);
    v.config("  - vault_path: app\n    vault_address: ADDRESS\n");
    let mut c = v.cmd("rsops");
    c.env("VAULT_TOKEN", "not-the-token")
        .args(["publish", "--yes", "app.yaml"]);
    let err = common::fails(c, 1);
    assert!(err.contains("/v1/secret/data/app/app.yaml"), "{err}");
    assert!(err.contains("403"), "{err}");
    assert!(
        !err.contains("not-the-token") && !err.contains("hunter2"),
        "{err}"
    );
}
