//! Vault transit keys against a real OpenBao dev server (OpenBao keeps
//! Vault's transit API; HashiCorp's own server is not in any registry
//! reachable here). rsops and sops 3.11 read each other's files, keys in
//! several mounts work, a token comes from VAULT_TOKEN or ~/.vault-token,
//! and SOPS_HC_VAULT_ALLOWLIST refuses a key before anything is sent.

mod common;
mod kms_support;

use std::process::Command;

use common::{fails, ok};
use kms_support::{BaoDev as Bao, Tripwire};

const PLAIN: &str = "password: hunter2\nlist:\n    - a\n    - 1\n";
const TOKEN: &str = "root-token-for-tests";

impl Bao {
    /// A dev server with transit engines at `transit` and `sops/transit`.
    fn start() -> Bao {
        let v = Bao::new(TOKEN);
        for (mount, key) in [("transit", "k1"), ("sops/transit", "second")] {
            v.bao(&["secrets", "enable", &format!("-path={mount}"), "transit"]);
            v.bao(&["write", "-f", &format!("{mount}/keys/{key}")]);
        }
        v
    }

    fn key(&self, mount: &str, name: &str) -> String {
        format!("{}/v1/{mount}/keys/{name}", self.server.url())
    }

    /// `tool` (rsops or sops) with the server's address and token.
    fn cmd(&self, tool: &str) -> Command {
        let mut c = self.s.tool(tool);
        for v in ["VAULT_TOKEN", "VAULT_NAMESPACE", "SOPS_HC_VAULT_ALLOWLIST"] {
            c.env_remove(v);
        }
        c.env("VAULT_ADDR", self.server.url())
            .env("VAULT_TOKEN", TOKEN);
        c
    }
}

fn encrypt(v: &Bao, tool: &str, keys: &str, name: &str) -> std::path::PathBuf {
    let plain = v.s.write("plain.yaml", PLAIN);
    let mut c = v.cmd(tool);
    c.args(["encrypt", "--hc-vault-transit", keys]).arg(&plain);
    v.s.write(name, ok(c))
}

fn decrypt(v: &Bao, tool: &str, file: &std::path::Path) -> String {
    let mut c = v.cmd(tool);
    c.arg("decrypt").arg(file);
    String::from_utf8(ok(c)).unwrap()
}

#[test]
fn rsops_and_sops_read_each_others_vault_files() {
    let v = Bao::start();
    let keys = format!(
        "{},{}",
        v.key("transit", "k1"),
        v.key("sops/transit", "second")
    );
    for (writer, reader) in [("rsops", "sops"), ("sops", "rsops"), ("rsops", "rsops")] {
        let file = encrypt(&v, writer, &keys, &format!("{writer}-{reader}.yaml"));
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(text.contains("engine_path: sops/transit"), "{text}");
        assert!(text.contains("enc: vault:v1:"), "{text}");
        assert_eq!(decrypt(&v, reader, &file), PLAIN, "{writer} -> {reader}");
        // Each key alone decrypts: the other one is made unreachable.
        for (mount, key) in [("transit", "k1"), ("sops/transit", "second")] {
            let broken = text.replace(&format!("key_name: {key}"), "key_name: gone");
            assert_ne!(broken, text);
            let only = v.s.write("only.yaml", broken);
            assert_eq!(
                decrypt(&v, reader, &only),
                PLAIN,
                "{writer} -> {reader} without {mount}/{key}"
            );
        }
    }
}

#[test]
fn creation_rule_uri_and_vault_token_file() {
    let v = Bao::start();
    v.s.write(
        ".sops.yaml",
        format!(
            "creation_rules:\n  - hc_vault_transit_uri: {}\n",
            v.key("sops/transit", "second")
        ),
    );
    let plain = v.s.write("plain.yaml", PLAIN);
    let mut c = v.cmd("rsops");
    c.arg("encrypt").arg(&plain);
    let file = v.s.write("enc.yaml", ok(c));
    // No VAULT_TOKEN: the token comes from ~/.vault-token, as Vault's
    // client (and sops) read it.
    v.s.write(".vault-token", format!("{TOKEN}\n"));
    for tool in ["rsops", "sops"] {
        let mut c = v.cmd(tool);
        c.env_remove("VAULT_TOKEN").arg("decrypt").arg(&file);
        assert_eq!(String::from_utf8(ok(c)).unwrap(), PLAIN, "{tool}");
    }
}

#[test]
fn a_service_error_names_key_and_service_but_not_the_token() {
    let v = Bao::start();
    let file = encrypt(&v, "sops", &v.key("transit", "k1"), "enc.yaml");
    let wrong = "s.wrong-token-must-not-be-printed";
    let mut c = v.cmd("rsops");
    c.env("VAULT_TOKEN", wrong).arg("decrypt").arg(&file);
    let err = fails(c, 128);
    assert!(err.contains(&v.key("transit", "k1")), "{err}");
    assert!(err.contains("Vault transit"), "{err}");
    assert!(err.contains("permission denied"), "{err}");
    assert!(!err.contains(wrong) && !err.contains(TOKEN), "{err}");

    // Encrypting with a key that does not exist reports the service's
    // own words too.
    let plain = v.s.write("plain.yaml", PLAIN);
    let mut c = v.cmd("rsops");
    c.args(["encrypt", "--hc-vault-transit", &v.key("nowhere", "k")])
        .arg(&plain);
    let out = c.output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&v.key("nowhere", "k")) && err.contains("HTTP 4"),
        "{err}"
    );
}

#[test]
fn allowlist_refuses_a_key_before_any_request() {
    let v = Bao::start();
    let plain = v.s.write("plain.yaml", PLAIN);
    let mut c = v.cmd("sops");
    c.args(["encrypt", "--age", &v.s.recipient])
        .args(["--hc-vault-transit", &v.key("transit", "k1")])
        .arg(&plain);
    let text = String::from_utf8(ok(c)).unwrap();
    // The same file, naming an address where nothing may connect: what a
    // hostile file would do to collect the user's token.
    let trap = Tripwire::new();
    let moved =
        v.s.write("moved.yaml", text.replace(&v.server.url(), &trap.url()));
    let real = v.s.write("real.yaml", &text);

    for list in [
        "none".to_owned(),
        v.server.url(),
        format!("{},http://other:1/", v.server.url()),
    ] {
        let mut c = v.cmd("rsops");
        c.env("SOPS_HC_VAULT_ALLOWLIST", &list)
            .env_remove("SOPS_AGE_KEY_FILE")
            .arg("decrypt")
            .arg(&moved);
        let err = fails(c, 128);
        assert!(err.contains("SOPS_HC_VAULT_ALLOWLIST"), "{err}");
        assert!(err.contains(&trap.url()), "{err}");
        assert!(!trap.touched(), "rsops connected to a key outside {list}");
    }
    // A prefix ends at a path boundary: /v1/transit does not allow
    // /v1/transit2.
    let mut c = v.cmd("rsops");
    c.env(
        "SOPS_HC_VAULT_ALLOWLIST",
        format!("{}/v1/transi", v.server.url()),
    )
    .env_remove("SOPS_AGE_KEY_FILE")
    .arg("decrypt")
    .arg(&real);
    fails(c, 128);
    // Allowed by address or by engine path, the same file decrypts.
    for list in [
        v.server.url(),
        format!("{}/v1/transit/", v.server.url()),
        "all".to_owned(),
    ] {
        let mut c = v.cmd("rsops");
        c.env("SOPS_HC_VAULT_ALLOWLIST", &list)
            .env_remove("SOPS_AGE_KEY_FILE")
            .arg("decrypt")
            .arg(&real);
        assert_eq!(String::from_utf8(ok(c)).unwrap(), PLAIN, "{list}");
    }
    // A refused Vault key tried first does not stop the age key.
    let mut c = v.cmd("rsops");
    c.env("SOPS_HC_VAULT_ALLOWLIST", "none")
        .env("SOPS_DECRYPTION_ORDER", "hc_vault,age")
        .arg("decrypt")
        .arg(&moved);
    assert_eq!(String::from_utf8(ok(c)).unwrap(), PLAIN);
    assert!(!trap.touched());
}
