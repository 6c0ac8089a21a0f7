//! `publish` to S3 against moto's S3 (a local implementation of the AWS
//! APIs, from PyPI; it does not check signatures, so these tests prove the
//! requests and the SDK set-up, not AWS's access policies). Both rsops and
//! sops 3.11 reach it through AWS_ENDPOINT_URL; objects are read back with
//! boto3.

mod common;
mod kms_support;

use std::process::Command;

use common::{fails, ok, Scratch};
use kms_support::{moto, python, Server, AWS_VARS};

const PLAIN: &str = "user: admin\npassword: hunter2\nport: 5432\n";

struct Moto {
    server: Server,
    s: Scratch,
}

impl Moto {
    /// moto with an empty bucket `sops-bucket`.
    fn start() -> Moto {
        let s = Scratch::new();
        let server = moto(&s.path("moto.log"));
        let m = Moto { server, s };
        m.boto("s3.create_bucket(Bucket='sops-bucket')", &[]);
        m
    }

    /// Runs `code` with `s3`, a boto3 client of moto, and `sys.argv[2:]`
    /// = `args`; returns its standard output.
    fn boto(&self, code: &str, args: &[&str]) -> Vec<u8> {
        let mut c = Command::new(python());
        c.arg("-c")
            .arg(format!(
                "import boto3, sys\n\
                 s3 = boto3.client('s3', endpoint_url=sys.argv[1], region_name='us-east-1',\n\
                     aws_access_key_id='x', aws_secret_access_key='x')\n\
                 {code}\n"
            ))
            .arg(self.server.url())
            .args(args);
        ok(c)
    }

    /// The object at `key`, written to the scratch folder as `name`.
    fn object(&self, key: &str, name: &str) -> Vec<u8> {
        let path = self.s.path(name);
        let path = path.to_str().expect("UTF-8 path");
        self.boto(
            "s3.download_file('sops-bucket', sys.argv[2], sys.argv[3])",
            &[key, path],
        );
        std::fs::read(path).expect("downloaded object")
    }

    /// `tool` with moto as every AWS endpoint and static credentials.
    fn cmd(&self, tool: &str) -> Command {
        let mut c = self.s.tool(tool);
        for v in AWS_VARS {
            c.env_remove(v);
        }
        c.env("AWS_ENDPOINT_URL", self.server.url())
            .env("AWS_ACCESS_KEY_ID", "AKIAMOTOTESTKEY")
            .env("AWS_SECRET_ACCESS_KEY", "moto-secret-must-not-be-printed")
            .env("AWS_REGION", "us-east-1")
            .env("AWS_CONFIG_FILE", self.s.path("aws-config"))
            .env(
                "AWS_SHARED_CREDENTIALS_FILE",
                self.s.path("aws-credentials"),
            )
            .env("AWS_EC2_METADATA_DISABLED", "true");
        c
    }

    fn encrypted(&self, name: &str) -> Vec<u8> {
        let plain = self.s.write("plain.yaml", PLAIN);
        let mut c = self.s.rsops();
        c.args(["encrypt", "--age", &self.s.recipient]).arg(&plain);
        let bytes = ok(c);
        self.s.write(name, &bytes);
        bytes
    }
}

#[test]
fn the_encrypted_file_is_put_as_is_and_sops_puts_the_same() {
    let m = Moto::start();
    let encrypted = m.encrypted("app.yaml");
    m.s.write(
        ".sops.yaml",
        "destination_rules:\n  - path_regex: rsops\n    s3_bucket: sops-bucket\n    s3_prefix: from-rsops/\n  - s3_bucket: sops-bucket\n    s3_prefix: from-sops/\n",
    );
    m.s.write("rsops/app.yaml", &encrypted);
    for (tool, file) in [("rsops", "rsops/app.yaml"), ("sops", "app.yaml")] {
        let mut c = m.cmd(tool);
        c.args(["publish", "--yes", file]);
        ok(c);
    }
    let ours = m.object("from-rsops/app.yaml", "ours.yaml");
    assert_eq!(ours, encrypted);
    assert_eq!(m.object("from-sops/app.yaml", "theirs.yaml"), encrypted);
    let mut c = m.s.sops();
    c.args(["decrypt", "ours.yaml"]);
    assert_eq!(String::from_utf8(ok(c)).unwrap(), PLAIN);
}

#[test]
fn a_recreation_rule_encrypts_the_copy_for_its_keys_only() {
    let m = Moto::start();
    let encrypted = m.encrypted("app.yaml");
    m.s.write(
        ".sops.yaml",
        format!(
            "destination_rules:\n  - s3_bucket: sops-bucket\n    s3_prefix: shared/\n    recreation_rule:\n      age: {}\n",
            m.s.other_recipient
        ),
    );
    let mut c = m.cmd("rsops");
    c.args(["publish", "--yes", "app.yaml"]);
    let shown = String::from_utf8(ok(c)).unwrap();
    assert_eq!(
        shown,
        format!(
            "The following changes will be made to the file's key groups:\nGroup 1\n+++ {}\n--- {}\n",
            m.s.other_recipient, m.s.recipient
        )
    );
    // The file itself is unchanged.
    assert_eq!(m.s.read("app.yaml"), encrypted);
    m.object("shared/app.yaml", "copy.yaml");
    // sops shows the same change.
    let mut c = m.cmd("sops");
    c.args(["publish", "--yes", "app.yaml"]);
    assert_eq!(String::from_utf8(ok(c)).unwrap(), shown);
    let copy = String::from_utf8(m.s.read("copy.yaml")).unwrap();
    assert!(!copy.contains(&m.s.recipient), "{copy}");
    // sops opens the copy with the new key, and not with the old one.
    let mut c = m.s.sops();
    c.env("SOPS_AGE_KEY_FILE", &m.s.other_key_file)
        .args(["decrypt", "copy.yaml"]);
    assert_eq!(String::from_utf8(ok(c)).unwrap(), PLAIN);
    let mut c = m.s.sops();
    c.args(["decrypt", "copy.yaml"]);
    fails(c, 128);
}

#[test]
fn a_missing_bucket_is_aws_s_error_without_the_secret_key() {
    let m = Moto::start();
    m.encrypted("app.yaml");
    m.s.write(
        ".sops.yaml",
        "destination_rules:\n  - s3_bucket: no-such-bucket\n",
    );
    let mut c = m.cmd("rsops");
    c.args(["publish", "--yes", "app.yaml"]);
    let err = fails(c, 1);
    assert!(err.contains("s3://no-such-bucket/app.yaml"), "{err}");
    assert!(err.contains("NoSuchBucket"), "{err}");
    assert!(!err.contains("moto-secret-must-not-be-printed"), "{err}");
}
