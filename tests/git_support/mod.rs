//! A real git repository in a scratch folder, with a `.sops.yaml` whose rule
//! selects `*.enc.yaml` for the scratch age key, and runners for git, rsops
//! and the reference sops inside it.
#![allow(dead_code)] // each test binary uses a different part of this file

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{ok, Scratch};

pub struct Repo {
    pub s: Scratch,
    pub dir: PathBuf,
}

impl Repo {
    pub fn new() -> Self {
        let s = Scratch::new();
        let dir = s.path("repo");
        std::fs::create_dir_all(&dir).unwrap();
        let repo = Repo { s, dir };
        repo.ok_git(&["init", "-q", "-b", "main"]);
        for (k, v) in [
            ("user.name", "rsops test"),
            ("user.email", "test@example.com"),
            ("commit.gpgsign", "false"),
        ] {
            repo.ok_git(&["config", k, v]);
        }
        repo.write(
            ".sops.yaml",
            format!(
                "creation_rules:\n  - path_regex: \\.enc\\.yaml$\n    age: {}\n",
                repo.s.recipient
            ),
        );
        repo
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, bytes).unwrap();
        p
    }

    pub fn read(&self, name: &str) -> String {
        String::from_utf8(std::fs::read(self.path(name)).unwrap()).unwrap()
    }

    /// git in the repository, with the scratch HOME (so no global config
    /// of the developer) and no system config.
    pub fn git(&self, args: &[&str]) -> Command {
        let mut c = self.s.command(Path::new("git"));
        c.current_dir(&self.dir)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .args(args);
        c
    }

    pub fn ok_git(&self, args: &[&str]) -> String {
        String::from_utf8(ok(self.git(args))).unwrap()
    }

    pub fn rsops(&self, args: &[&str]) -> Command {
        let mut c = self.s.rsops();
        c.current_dir(&self.dir).args(args);
        c
    }

    pub fn sops(&self, args: &[&str]) -> Command {
        let mut c = self.s.sops();
        c.current_dir(&self.dir).args(args);
        c
    }

    /// `sops set FILE PATH JSON-VALUE` with the reference sops.
    pub fn sops_set(&self, file: &str, path: &str, value: &str) {
        ok(self.sops(&["set", file, path, value]));
    }

    /// The file decrypted by the reference sops.
    pub fn sops_decrypt(&self, file: &str) -> String {
        String::from_utf8(ok(self.sops(&["decrypt", file]))).unwrap()
    }

    /// Commits everything with `message`.
    pub fn commit_all(&self, message: &str) {
        self.ok_git(&["add", "-A"]);
        self.ok_git(&["commit", "-q", "-m", message]);
    }
}
