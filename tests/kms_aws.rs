//! AWS KMS keys against moto's KMS and STS (a local implementation of the
//! AWS APIs, from PyPI; it does not check signatures, so these tests prove
//! the protocol and the SDK set-up, not AWS's access policies). Both rsops
//! and sops 3.11 reach it through AWS_ENDPOINT_URL.

mod common;
mod kms_support;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{fails, ok, Scratch};
use kms_support::{free_port, moto, python, Server, AWS_VARS};

const PLAIN: &str = "password: hunter2\nlist:\n    - a\n    - 1\n";
/// Credentials moto accepts; the secret must never appear in a report.
const ACCESS_KEY: &str = "AKIAMOTOTESTKEY";
const SECRET_KEY: &str = "moto-secret-must-not-be-printed";

struct Moto {
    server: Server,
    s: Scratch,
    /// Two key ARNs and an alias ARN of the first.
    key: String,
    other: String,
    alias: String,
}

impl Moto {
    fn start() -> Moto {
        let s = Scratch::new();
        let server = moto(&s.path("moto.log"));
        let mut c = Command::new(python());
        c.arg("-c")
            .arg(
                "import boto3, sys\n\
                 k = boto3.client('kms', endpoint_url=sys.argv[1], region_name='us-east-1',\n\
                     aws_access_key_id='x', aws_secret_access_key='x')\n\
                 a = k.create_key()['KeyMetadata']['Arn']\n\
                 b = k.create_key()['KeyMetadata']['Arn']\n\
                 k.create_alias(AliasName='alias/sops-test', TargetKeyId=a)\n\
                 print(a); print(b)\n",
            )
            .arg(server.url());
        let out = String::from_utf8(ok(c)).unwrap();
        let mut arns = out.lines().map(str::to_owned);
        let key = arns.next().expect("first key ARN");
        let other = arns.next().expect("second key ARN");
        let alias = format!("{}:alias/sops-test", &key[..key.find(":key/").unwrap()]);
        Moto {
            server,
            s,
            key,
            other,
            alias,
        }
    }

    /// `tool` (rsops or sops) with moto as every AWS endpoint and static
    /// credentials in the environment.
    fn cmd(&self, tool: &str) -> Command {
        self.cmd_at(tool, &self.server.url())
    }

    fn cmd_at(&self, tool: &str, endpoint: &str) -> Command {
        let mut c = self.s.tool(tool);
        for v in AWS_VARS {
            c.env_remove(v);
        }
        c.env("AWS_ENDPOINT_URL", endpoint)
            .env("AWS_ACCESS_KEY_ID", ACCESS_KEY)
            .env("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
            .env("AWS_CONFIG_FILE", self.s.path("aws-config"))
            .env(
                "AWS_SHARED_CREDENTIALS_FILE",
                self.s.path("aws-credentials"),
            )
            .env("AWS_EC2_METADATA_DISABLED", "true");
        c
    }

    fn encrypt(&self, tool: &str, args: &[&str], name: &str) -> PathBuf {
        let plain = self.s.write("plain.yaml", PLAIN);
        let mut c = self.cmd(tool);
        c.arg("encrypt").args(args).arg(&plain);
        self.s.write(name, ok(c))
    }

    fn decrypt(&self, mut c: Command, file: &Path) -> String {
        c.arg("decrypt").arg(file);
        String::from_utf8(ok(c)).unwrap()
    }
}

#[test]
fn rsops_and_sops_read_each_others_kms_files_with_context() {
    let m = Moto::start();
    let keys = format!("{},{}", m.key, m.alias);
    for (writer, reader) in [("rsops", "sops"), ("sops", "rsops"), ("rsops", "rsops")] {
        let file = m.encrypt(
            writer,
            &["--kms", &keys, "--encryption-context", "app:web,env:prod"],
            &format!("{writer}-{reader}.yaml"),
        );
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(text.contains(&format!("arn: {}", m.alias)), "{text}");
        assert!(
            text.contains("context:\n            app: web\n            env: prod\n"),
            "{text}"
        );
        assert_eq!(
            m.decrypt(m.cmd(reader), &file),
            PLAIN,
            "{writer} -> {reader}"
        );
    }
}

#[test]
fn a_wrong_encryption_context_fails_with_kms_own_error() {
    let m = Moto::start();
    let file = m.encrypt(
        "sops",
        &["--kms", &m.key, "--encryption-context", "env:prod"],
        "enc.yaml",
    );
    let text = std::fs::read_to_string(&file).unwrap();
    let wrong =
        m.s.write("wrong.yaml", text.replace("env: prod", "env: dev"));
    let mut c = m.cmd("sops");
    c.arg("decrypt").arg(&wrong);
    fails(c, 128);
    let mut c = m.cmd("rsops");
    c.arg("decrypt").arg(&wrong);
    let err = fails(c, 128);
    assert!(err.contains(&format!("{}|env:dev", m.key)), "{err}");
    assert!(
        err.contains("AWS KMS") && err.contains("InvalidCiphertextException"),
        "{err}"
    );
    assert!(!err.contains(SECRET_KEY), "{err}");
}

#[test]
fn a_role_is_assumed_through_sts() {
    let m = Moto::start();
    let role = "arn:aws:iam::123456789012:role/sops-test";
    let spec = format!("{}+{role}", m.alias);
    for (writer, reader) in [("rsops", "sops"), ("sops", "rsops")] {
        let file = m.encrypt(writer, &["--kms", &spec], &format!("{writer}.yaml"));
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(text.contains(&format!("role: {role}")), "{text}");
        assert_eq!(
            m.decrypt(m.cmd(reader), &file),
            PLAIN,
            "{writer} -> {reader}"
        );
        // STS somewhere unreachable: the role key fails, naming the key,
        // which shows the role goes through STS.
        let mut c = m.cmd("rsops");
        c.env(
            "AWS_ENDPOINT_URL_STS",
            format!("http://127.0.0.1:{}", free_port()),
        )
        .arg("decrypt")
        .arg(&file);
        let err = fails(c, 128);
        assert!(err.contains(&spec) && err.contains("AWS KMS"), "{err}");
    }
}

#[test]
fn a_profile_from_the_shared_files() {
    let m = Moto::start();
    m.s.write(
        "aws-credentials",
        format!("[team]\naws_access_key_id = {ACCESS_KEY}\naws_secret_access_key = {SECRET_KEY}\n"),
    );
    let plain = m.s.write("plain.yaml", PLAIN);
    let mut c = m.cmd("rsops");
    c.env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .args(["encrypt", "--kms", &m.key, "--aws-profile", "team"])
        .arg(&plain);
    let file = m.s.write("enc.yaml", ok(c));
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("aws_profile: team"), "{text}");
    for tool in ["rsops", "sops"] {
        let mut c = m.cmd(tool);
        c.env_remove("AWS_ACCESS_KEY_ID")
            .env_remove("AWS_SECRET_ACCESS_KEY");
        assert_eq!(m.decrypt(c, &file), PLAIN, "{tool}");
    }
}

#[test]
fn mixed_age_and_kms_file_and_key_groups() {
    let m = Moto::start();
    let file = m.encrypt(
        "rsops",
        &["--kms", &m.key, "--age", &m.s.recipient],
        "mixed.yaml",
    );
    // KMS alone (no age identity), and age alone (AWS unreachable, tried
    // first): each key is enough, and a failing one does not stop the other.
    let mut c = m.cmd("rsops");
    c.env_remove("SOPS_AGE_KEY_FILE");
    assert_eq!(m.decrypt(c, &file), PLAIN);
    let closed = format!("http://127.0.0.1:{}", free_port());
    let mut c = m.cmd_at("rsops", &closed);
    c.env("SOPS_DECRYPTION_ORDER", "kms,age");
    assert_eq!(m.decrypt(c, &file), PLAIN);
    let mut c = m.cmd("sops");
    c.env_remove("SOPS_AGE_KEY_FILE");
    assert_eq!(m.decrypt(c, &file), PLAIN);

    // Two key groups (KMS, age) with Shamir: each share is needed.
    m.s.write(
        ".sops.yaml",
        format!(
            "creation_rules:\n  - key_groups:\n      - kms:\n          - arn: {}\n            context:\n              team: a\n      - age: [{}]\n",
            m.other, m.s.recipient
        ),
    );
    let plain = m.s.write("plain.yaml", PLAIN);
    let mut c = m.cmd("rsops");
    c.arg("encrypt").arg(&plain);
    let groups = m.s.write("groups.yaml", ok(c));
    assert_eq!(m.decrypt(m.cmd("sops"), &groups), PLAIN);
    assert_eq!(m.decrypt(m.cmd("rsops"), &groups), PLAIN);
    let mut c = m.cmd_at("rsops", &closed);
    c.arg("decrypt").arg(&groups);
    let err = fails(c, 128);
    assert!(
        err.contains("Group 0: FAILED") && err.contains(&format!("{}|team:a", m.other)),
        "{err}"
    );
}
