//! The Argo CD Config Management Plugin, simulated. Argo CD itself cannot
//! run here, so this reproduces the CMP server's contract
//! (docs/format.md §11.6): the commands come from `plugin/plugin.yaml`;
//! they run in the application's source directory with file modes reset, a
//! clean environment holding the sidecar's variables, Argo CD's build
//! variables and `plugin.env` entries prefixed `ARGOCD_ENV_`; stdout must
//! be nothing but Kubernetes objects, and a failure must leave it empty.
//! kustomize is the real one.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::krm::{kustomize_bin, Plugin};
use common::run;
use rsops::tree::Value;

/// A command of plugin.yaml (`generate` or `discover`), with `rsops`
/// pointing at the binary under test.
fn plugin_command(which: &str) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("plugin/plugin.yaml");
    let tree = rsops::krm::resource_list::read_yaml(&std::fs::read(path).unwrap()).unwrap();
    let get = |v: &Value, k: &str| match v {
        Value::Map(m) => m.get(k).cloned().unwrap(),
        _ => panic!("plugin.yaml: {k} is not under a mapping"),
    };
    let spec = get(&Value::Map(tree.branches[0].clone()), "spec");
    let command = match which {
        "generate" => get(&get(&spec, "generate"), "command"),
        _ => get(&get(&get(&spec, "discover"), "find"), "command"),
    };
    let Value::List(words) = command else {
        panic!("command is not a list")
    };
    words
        .into_iter()
        .map(|w| match w {
            Value::Str(s) if s == "rsops" => common::rsops_bin().display().to_string(),
            Value::Str(s) => s,
            other => panic!("{other:?}"),
        })
        .collect()
}

/// Runs a CMP command for the app in `app` the way the CMP server does,
/// the repository unpacked into `app`'s parent.
fn cmp(p: &Plugin, which: &str, app: &Path, app_env: &[(&str, &str)], key: &Path) -> Output {
    let source = Path::new(app.file_name().unwrap());
    cmp_at(p, which, app, source, app_env, key)
}

/// As [`cmp`], for the app at `source` inside the repository (Argo CD's
/// `spec.source.path`).
fn cmp_at(
    p: &Plugin,
    which: &str,
    app: &Path,
    source: &Path,
    app_env: &[(&str, &str)],
    key: &Path,
) -> Output {
    // The repo arrives as a tarball: no exec bits survive.
    reset_modes(app);
    let tools = p.scratch.path("sidecar-bin");
    if !tools.exists() {
        std::fs::create_dir_all(&tools).unwrap();
        std::os::unix::fs::symlink(kustomize_bin(), tools.join("kustomize")).unwrap();
    }
    let argv = plugin_command(which);
    let mut c = Command::new(&argv[0]);
    c.args(&argv[1..])
        .current_dir(app)
        .env_clear()
        // sidecar environment
        .env(
            "PATH",
            format!("{}:/usr/local/bin:/usr/bin:/bin", tools.display()),
        )
        .env("HOME", p.scratch.path("home"))
        .env("SOPS_AGE_KEY_FILE", key)
        // build environment
        .env("ARGOCD_APP_NAME", "guestbook")
        .env("ARGOCD_APP_NAMESPACE", "default")
        .env("ARGOCD_APP_PROJECT_NAME", "default")
        .env(
            "ARGOCD_APP_REVISION",
            "0123456789abcdef0123456789abcdef01234567",
        )
        .env("ARGOCD_APP_SOURCE_PATH", source)
        .env("ARGOCD_APP_SOURCE_REPO_URL", "https://git.example/repo.git")
        .env("KUBE_VERSION", "1.32.4");
    for (k, v) in app_env {
        c.env(format!("ARGOCD_ENV_{k}"), v);
    }
    run(c)
}

fn reset_modes(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            reset_modes(&path);
        } else {
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        }
    }
}

/// The stderr of a command that failed and printed nothing on stdout (what
/// Argo CD needs to keep the last good manifests).
fn refused(out: &Output) -> String {
    assert!(!out.status.success());
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

#[test]
fn generate_renders_a_kustomize_app_with_ksops_generators() {
    let p = Plugin::new();
    let app = p.case("multiple");
    let key = p.scratch.key_file.clone();
    let out = stdout(&cmp(&p, "generate", &app, &[], &key));
    assert_eq!(
        out,
        String::from_utf8(p.scratch.read("multiple/want.yaml")).unwrap()
    );
    // The app's own extra build options reach kustomize.
    let out = cmp(
        &p,
        "generate",
        &app,
        &[("KUSTOMIZE_BUILD_OPTIONS", "--no-such-flag")],
        &key,
    );
    assert!(!out.status.success());
    assert!(out.stdout.is_empty());
}

#[test]
fn generate_decrypts_a_plain_directory_of_sops_files() {
    let p = Plugin::new();
    let app = p.scratch.path("plain-app");
    std::fs::create_dir_all(app.join("nested")).unwrap();
    let plain = p.scratch.write(
        "secret.plain",
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: hunter2\n",
    );
    p.encrypt(&plain, &app.join("nested/db.sops.yaml"));
    std::fs::write(
        app.join("app.yaml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  mode: prod\n",
    )
    .unwrap();
    std::fs::write(app.join(".sops.yaml"), "creation_rules: []\n").unwrap();
    let key = p.scratch.key_file.clone();
    let out = stdout(&cmp(&p, "generate", &app, &[], &key));
    assert_eq!(
        out,
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n    name: app\ndata:\n    mode: prod\n---\n\
         apiVersion: v1\nkind: Secret\nmetadata:\n    name: db\nstringData:\n    password: hunter2\n"
    );
    let discovered = stdout(&cmp(&p, "discover", &app, &[], &key));
    assert_eq!(discovered.trim(), "./nested/db.sops.yaml");

    // A sub-directory with its own kustomization (here a ksops generator)
    // is built as one unit, in sorted place.
    let sub = p.case("single");
    std::fs::rename(&sub, app.join("sub")).unwrap();
    let out = stdout(&cmp(&p, "generate", &app, &[], &key));
    let at = |needle: &str| {
        out.find(needle)
            .unwrap_or_else(|| panic!("{needle}: {out}"))
    };
    assert!(at("name: app\n") < at("name: db\n"), "{out}");
    assert!(at("name: db\n") < at("name: mysecret\n"), "{out}");
    assert!(out.contains("password: MWYyZDFlMmU2N2Rm"), "{out}");
    assert!(!out.contains("kind: ksops"), "{out}");
}

#[test]
fn generate_fails_with_empty_stdout_without_the_key() {
    let p = Plugin::new();
    let app = p.case("single");
    let wrong = p.scratch.other_key_file.clone();
    let out = cmp(&p, "generate", &app, &[], &wrong);
    assert!(!out.status.success());
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("secret.enc.yaml"), "{stderr}");
    // Also in directory mode.
    let out = cmp(&p, "generate", &app, &[("RSOPS_MODE", "directory")], &wrong);
    assert!(!out.status.success());
    assert!(out.stdout.is_empty());
}

#[test]
fn generate_refuses_output_that_is_still_encrypted_or_empty() {
    let p = Plugin::new();
    let key = p.scratch.key_file.clone();
    // An encrypted file listed as a plain resource renders ciphertext.
    let app = p.case("single");
    std::fs::write(
        app.join("kustomization.yaml"),
        "resources:\n  - secret.enc.yaml\n",
    )
    .unwrap();
    // kustomize mode (ksops semantics) refuses it, naming the object; auto
    // mode decrypts it (see flux_mode_decrypts_what_kustomize_passed_through).
    let stderr = refused(&cmp(
        &p,
        "generate",
        &app,
        &[("RSOPS_MODE", "kustomize")],
        &key,
    ));
    assert!(
        stderr.contains("Secret/mysecret in the output still holds SOPS-encrypted values"),
        "{stderr}"
    );
    // An app that renders nothing would make Argo CD prune everything.
    let empty = p.scratch.path("empty-app");
    std::fs::create_dir_all(&empty).unwrap();
    std::fs::write(empty.join("kustomization.yaml"), "resources: []\n").unwrap();
    let out = cmp(&p, "generate", &empty, &[], &key);
    assert!(!out.status.success());
    assert!(out.stdout.is_empty());
}

#[test]
fn generate_fails_when_a_ksops_generator_produced_nothing() {
    let p = Plugin::new();
    let key = p.scratch.key_file.clone();
    let app = p.case("single");
    std::fs::write(
        app.join("cm.yaml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n",
    )
    .unwrap();
    std::fs::write(
        app.join("kustomization.yaml"),
        "resources: [cm.yaml]\ngenerators: [generate-resources.yaml]\n",
    )
    .unwrap();
    let generator = std::fs::read_to_string(app.join("generate-resources.yaml")).unwrap();
    std::fs::write(
        app.join("generate-resources.yaml"),
        generator.replace("files:\n  - ./secret.enc.yaml\n", "files: []\n"),
    )
    .unwrap();
    let stderr = refused(&cmp(&p, "generate", &app, &[], &key));
    assert!(
        stderr.contains(
            "ksops generator \"ksops-single-file-generator\" (./generate-resources.yaml) produced nothing"
        ),
        "{stderr}"
    );

    // kubectl's kustomize (here standing in as the sidecar's kustomize)
    // has no --enable-exec: it skips the exec generator and exits 0.
    std::fs::write(app.join("generate-resources.yaml"), generator).unwrap();
    // The link to the real kustomize goes first: writing through it would
    // overwrite the tool.
    std::fs::remove_file(p.scratch.path("sidecar-bin/kustomize")).unwrap();
    let kubectl = p.scratch.write(
        "sidecar-bin/kustomize",
        "#!/bin/sh\nexec kubectl kustomize --enable-alpha-plugins .\n",
    );
    std::fs::set_permissions(
        &kubectl,
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .unwrap();
    let stderr = refused(&cmp(&p, "generate", &app, &[], &key));
    assert!(
        stderr.contains(
            "ksops generator \"ksops-single-file-generator\" (./generate-resources.yaml) did not run"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("--enable-exec"), "{stderr}");
}

#[test]
fn discover_matches_only_apps_that_need_rsops() {
    let p = Plugin::new();
    let key = p.scratch.key_file.clone();
    let app = p.case("single");
    let found = stdout(&cmp(&p, "discover", &app, &[], &key));
    assert_eq!(found.trim(), "./generate-resources.yaml");
    let plain: PathBuf = p.scratch.path("plain");
    std::fs::create_dir_all(&plain).unwrap();
    std::fs::write(plain.join("kustomization.yaml"), "resources: []\n").unwrap();
    assert_eq!(stdout(&cmp(&p, "discover", &plain, &[], &key)), "");
}

#[test]
fn discover_follows_an_overlay_to_its_base_inside_the_repository() {
    let p = Plugin::new();
    let key = p.scratch.key_file.clone();
    // repo/base holds the ksops generator; repo/overlays/prod only lists it.
    let repo = p.scratch.path("repo");
    std::fs::create_dir_all(repo.join("overlays/prod")).unwrap();
    std::fs::rename(p.case("single"), repo.join("base")).unwrap();
    let overlay = repo.join("overlays/prod");
    std::fs::write(
        overlay.join("kustomization.yaml"),
        "namePrefix: prod-\nresources:\n  - ../../base\n",
    )
    .unwrap();
    let source = Path::new("overlays/prod");
    let found = stdout(&cmp_at(&p, "discover", &overlay, source, &[], &key));
    assert_eq!(found, "./../../base/generate-resources.yaml\n");
    let out = stdout(&cmp_at(&p, "generate", &overlay, source, &[], &key));
    assert!(out.contains("name: prod-mysecret\n"), "{out}");
    assert!(out.contains("password: MWYyZDFlMmU2N2Rm\n"), "{out}");

    // A component is followed too.
    std::fs::write(
        overlay.join("kustomization.yaml"),
        "components:\n  - ../../base\n",
    )
    .unwrap();
    let found = stdout(&cmp_at(&p, "discover", &overlay, source, &[], &key));
    assert_eq!(found, "./../../base/generate-resources.yaml\n");

    // Nothing outside the repository root is read: with the app at the
    // top of the repository, ../../base is outside it.
    let found = stdout(&cmp_at(
        &p,
        "discover",
        &overlay,
        Path::new("prod"),
        &[],
        &key,
    ));
    assert_eq!(found, "");
}

#[test]
fn flux_mode_decrypts_what_kustomize_passed_through() {
    let p = Plugin::new();
    let key = p.scratch.key_file.clone();
    let app = p.case("single");
    // A binary SOPS file used by a plain secretGenerator (Flux decrypts
    // Secret data values that are SOPS files), and an object meant to stay
    // encrypted (opted out, as for sops-secrets-operator resources).
    let token = p.scratch.write("token.plain", "s3cret\n");
    p.encrypt(&token, &app.join("token.enc"));
    let kept = p.scratch.write(
        "kept.plain",
        "apiVersion: isindir.github.com/v1alpha3\nkind: SopsSecret\nmetadata:\n  name: kept\n  annotations:\n    kustomize.toolkit.fluxcd.io/decrypt: Disabled\ndata:\n  a: b\n",
    );
    p.encrypt(&kept, &app.join("kept.enc.yaml"));
    std::fs::write(
        app.join("kustomization.yaml"),
        "namePrefix: prod-\nresources:\n  - secret.enc.yaml\n  - kept.enc.yaml\nsecretGenerator:\n  - name: tokens\n    files:\n      - token=token.enc\ngeneratorOptions:\n  disableNameSuffixHash: true\n",
    )
    .unwrap();
    let out = stdout(&cmp(&p, "generate", &app, &[], &key));
    assert!(out.contains("name: prod-mysecret\n"), "{out}");
    assert!(out.contains("password: MWYyZDFlMmU2N2Rm\n"), "{out}");
    assert!(out.contains("application: kustomize-sops\n"), "{out}");
    // base64("s3cret\n")
    assert!(out.contains("token: czNjcmV0Cg==\n"), "{out}");
    let kept_doc = out
        .split("---")
        .find(|d| d.contains("name: prod-kept"))
        .unwrap();
    assert!(kept_doc.contains("ENC[AES256_GCM,"), "{out}");
    assert_eq!(
        out.matches("sops:").count(),
        1,
        "only the opted-out object keeps its metadata: {out}"
    );
}
