//! rsops as ksops inside the real tools: the ksops test cases rendered by
//! the standalone kustomize 4.5.4 (`exec:` KRM function), by `kubectl
//! kustomize` (legacy exec plugin) and by `kpt fn eval --exec`. Outputs are
//! compared byte for byte with ksops' expected `want.yaml`.

mod common;

use common::krm::{make_container, make_legacy, Plugin};
use common::{ok, run};

/// ksops' test cases (`test/krm/*`), plus `envs-godotenv` for the dotenv
/// rules ksops applies to `envs`. `envs` (a `.env` file) needs the dotenv
/// store and has its own test below.
const CASES: &[&str] = &[
    "single",
    "multiple",
    "hash",
    "behaviors",
    "file",
    "binaryfile",
    "override",
    "metadata",
    "envs-godotenv",
];

fn want(plugin: &Plugin, case: &str) -> String {
    String::from_utf8(plugin.scratch.read(&format!("{case}/want.yaml"))).unwrap()
}

#[test]
fn krm_function_renders_the_ksops_cases_under_kustomize() {
    let p = Plugin::new();
    for case in CASES {
        // kustomize 4.5.4 runs exec functions in the directory of a
        // kustomization it loaded as a resource (here `./base`), not the
        // one that lists the generator; kustomize 5 (below, and in Argo
        // CD) fixed that. See kustomize_4_working_directory_is_explained.
        if *case == "behaviors" {
            continue;
        }
        let dir = p.case(case);
        let out = String::from_utf8(ok(p.kustomize(&dir))).unwrap();
        assert_eq!(out, want(&p, case), "case {case}");
    }
}

#[test]
fn krm_function_renders_the_ksops_cases_under_kustomize_5() {
    let p = Plugin::new();
    for case in CASES {
        let dir = p.case(case);
        make_container(&dir);
        let out = String::from_utf8(ok(p.kubectl_krm(&dir))).unwrap();
        assert_eq!(out, want(&p, case), "case {case}");
    }
}

#[test]
fn legacy_plugin_renders_the_ksops_cases_under_kubectl() {
    let p = Plugin::new();
    for case in CASES {
        let dir = p.case(case);
        make_legacy(&dir);
        let out = String::from_utf8(ok(p.kubectl_kustomize(&dir))).unwrap();
        assert_eq!(out, want(&p, case), "case {case}");
    }
}

#[test]
fn envs_from_a_dotenv_file() {
    let p = Plugin::new();
    let dir = p.case("envs");
    let out = String::from_utf8(ok(p.kustomize(&dir))).unwrap();
    assert_eq!(out, want(&p, "envs"));
    make_legacy(&dir);
    let out = String::from_utf8(ok(p.kubectl_kustomize(&dir))).unwrap();
    assert_eq!(out, want(&p, "envs"));
}

#[test]
fn secret_from_files_hold_what_sops_decrypt_prints() {
    let p = Plugin::new();
    let dir = p.case("file");
    // Re-encrypt a layout sops would rewrite (flow style, comment), so the
    // value must be sops' re-emission, not the file as written.
    let plain = p.scratch.write(
        "layout.yaml",
        "# db\ncreds: {user: admin, pass: x}\nlist: [1, 2]\n",
    );
    p.encrypt(&plain, &dir.join("secret.enc.yaml"));
    let mut c = p.scratch.sops();
    c.arg("decrypt").arg(dir.join("secret.enc.yaml"));
    let expected = String::from_utf8(ok(c)).unwrap();
    let out = String::from_utf8(ok(p.kustomize(&dir))).unwrap();
    let indented: String = expected.lines().map(|l| format!("    {l}\n")).collect();
    assert!(
        out.contains(&format!("  secret.enc.yaml: |\n{indented}")),
        "{out}\nshould hold\n{expected}"
    );
}

#[test]
fn paths_resolve_against_the_kustomization_that_lists_the_generator() {
    let p = Plugin::new();
    let base = p.case("single");
    // overlay -> base; the generator sits in a sub-directory of the base
    // but its paths stay relative to the base kustomization.
    std::fs::create_dir_all(base.join("gens")).unwrap();
    let manifest = std::fs::read_to_string(base.join("generate-resources.yaml")).unwrap();
    std::fs::write(base.join("gens/gen.yaml"), manifest).unwrap();
    std::fs::remove_file(base.join("generate-resources.yaml")).unwrap();
    std::fs::write(
        base.join("kustomization.yaml"),
        "generators:\n  - gens/gen.yaml\n",
    )
    .unwrap();
    let overlay = p.scratch.path("overlay");
    std::fs::create_dir_all(&overlay).unwrap();
    std::fs::write(
        overlay.join("kustomization.yaml"),
        "resources:\n  - ../single\nnamespace: prod\n",
    )
    .unwrap();
    let out = String::from_utf8(ok(p.kustomize(&overlay))).unwrap();
    assert!(
        out.contains("  name: mysecret\n  namespace: prod\n"),
        "{out}"
    );
    assert!(out.contains("password: MWYyZDFlMmU2N2Rm"), "{out}");
}

#[test]
fn kustomize_4_working_directory_is_explained() {
    let p = Plugin::new();
    // ksops' `behaviors` case: the generator sits next to `resources:
    // [./base]`, and kustomize 4.5.4 runs it in ./base (kustomize#4350).
    let dir = p.case("behaviors");
    let out = run(p.kustomize(&dir));
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    let base = dir.join("base").canonicalize().unwrap();
    for needle in [
        "cannot read ./secret.enc.yaml".to_owned(),
        format!(
            "kustomize ran the generator in {}, whose kustomization does not list it",
            base.display()
        ),
        "kustomize 4.x quirk (kustomize#4350)".to_owned(),
        "use kustomize 5, or put the generator beside its files in a folder of their own"
            .to_owned(),
    ] {
        assert!(stderr.contains(&needle), "{needle}\n{stderr}");
    }
    assert!(!stderr.contains("the folder of the kustomization that lists the generator"));

    // The work-around: the generator and its files in a folder of their
    // own, listed under resources next to the base.
    let app = p.scratch.path("app");
    std::fs::create_dir_all(app.join("base")).unwrap();
    std::fs::rename(p.case("single"), app.join("secrets")).unwrap();
    std::fs::write(
        app.join("base/kustomization.yaml"),
        "resources: [cm.yaml]\n",
    )
    .unwrap();
    std::fs::write(
        app.join("base/cm.yaml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n",
    )
    .unwrap();
    std::fs::write(
        app.join("kustomization.yaml"),
        "resources:\n  - ./base\n  - ./secrets\n",
    )
    .unwrap();
    let out = String::from_utf8(ok(p.kustomize(&app))).unwrap();
    assert!(out.contains("password: MWYyZDFlMmU2N2Rm"), "{out}");

    // A file that is simply missing says where it was looked for, without
    // the kustomize 4.x story.
    std::fs::remove_file(app.join("secrets/secret.enc.yaml")).unwrap();
    let out = run(p.kustomize(&app));
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let secrets = app.join("secrets").canonicalize().unwrap();
    let needle = format!(
        "relative paths are resolved against {}, the folder of the kustomization that lists the generator",
        secrets.display()
    );
    assert!(stderr.contains(&needle), "{stderr}");
    assert!(!stderr.contains("4.x"), "{stderr}");
}

#[test]
fn plugin_check_lists_the_generators_and_the_flags_they_need() {
    let p = Plugin::new();
    let check = |dir: &std::path::Path| {
        let mut c = p.scratch.rsops();
        c.current_dir(p.scratch.path(""))
            .args(["plugin", "check"])
            .arg(dir);
        String::from_utf8(ok(c)).unwrap()
    };
    // An exec function next to `resources: [./base]`.
    let dir = p.case("behaviors");
    assert_eq!(
        check(std::path::Path::new("behaviors")),
        "behaviors/generate-resources.yaml: ksops generator \"ksops-behavior-replace-file-generator\" (exec function, path ksops)\n  \
         needs: kustomize build --enable-alpha-plugins --enable-exec (`kubectl kustomize` has no --enable-exec and skips it without an error)\n  \
         relative paths in it are resolved against behaviors (kustomize 5)\n  \
         kustomize 4.x runs it in the folder of a kustomization listed under resources instead (kustomize#4350): use kustomize 5, or put it beside its files in a folder of their own listed under resources\n\
         build with: kustomize build --enable-alpha-plugins --enable-exec behaviors\n"
    );
    // What the check warns about: kubectl's kustomize skips the exec
    // generator, exits 0 and renders no Secret.
    let out = String::from_utf8(ok(p.kubectl_kustomize(&dir))).unwrap();
    assert!(!out.contains("replace-file"), "{out}");

    // A legacy plugin in a base reached from an overlay.
    let base = p.case("single");
    make_legacy(&base);
    let overlay = p.scratch.path("overlay");
    std::fs::create_dir_all(&overlay).unwrap();
    std::fs::write(
        overlay.join("kustomization.yaml"),
        "resources:\n  - ../single\n  - github.com/example/repo//base?ref=v1\n",
    )
    .unwrap();
    let report = check(std::path::Path::new("overlay"));
    assert!(
        report.starts_with(
            "overlay/../single/generate-resources.yaml: ksops generator \"ksops-single-file-generator\" (legacy exec plugin)\n  \
             needs: --enable-alpha-plugins and the plugin installed as <plugin home>/viaduct.ai/v1/ksops/ksops"
        ),
        "{report}"
    );
    assert!(
        report.ends_with(
            "not followed: github.com/example/repo//base?ref=v1 in overlay (remote)\n\
             build with: kustomize build --enable-alpha-plugins (or kubectl kustomize --enable-alpha-plugins) overlay\n"
        ),
        "{report}"
    );
    assert!(!report.contains("4.x"), "{report}");

    let plain = p.scratch.path("plain");
    std::fs::create_dir_all(&plain).unwrap();
    std::fs::write(plain.join("kustomization.yaml"), "resources: []\n").unwrap();
    assert_eq!(
        check(std::path::Path::new("plain")),
        "no ksops generator: a build of plain runs none\n"
    );
}

#[test]
fn concurrency_limit_does_not_change_the_output() {
    let p = Plugin::new();
    let dir = p.case("multiple");
    let expected = want(&p, "multiple");
    for limit in ["1", "2", "20"] {
        let mut c = p.kustomize(&dir);
        c.env("KSOPS_CONCURRENCY_LIMIT", limit);
        assert_eq!(String::from_utf8(ok(c)).unwrap(), expected, "limit {limit}");
    }
}

#[test]
fn kpt_eval_keeps_the_package_and_adds_the_secret_only_when_allowed() {
    let p = Plugin::new();
    let dir = p.case("single");
    std::fs::write(
        dir.join("deployment.yaml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata: {a: b}\n",
    )
    .unwrap();
    let config = dir.join("generate-resources.yaml");

    // In place without the opt-in: refused, and the package is untouched.
    let before = package_files(&dir);
    let out = run(p.kpt_eval(&dir, &config, &[]));
    assert!(!out.status.success());
    let printed =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(
        printed.contains("RSOPS_ALLOW_PLAINTEXT_OUTPUT"),
        "{printed}"
    );
    assert_eq!(package_files(&dir), before);

    // To stdout with the opt-in: every package item plus the Secret.
    let mut c = p.kpt_eval(&dir, &config, &["-o", "stdout"]);
    c.env("RSOPS_ALLOW_PLAINTEXT_OUTPUT", "1");
    let out = String::from_utf8(ok(c)).unwrap();
    assert!(out.contains("kind: ConfigMap"), "{out}");
    assert!(out.contains("  name: app\n"), "{out}");
    assert!(out.contains("kind: ksops"), "{out}");
    assert!(out.contains("password: MWYyZDFlMmU2N2Rm"), "{out}");
    assert!(out.contains("application: kustomize-sops"), "{out}");
}

/// Every file of a package directory with its bytes, sorted by name.
fn package_files(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p.file_name().unwrap().to_string_lossy().into_owned(), bytes)
        })
        .collect();
    files.sort();
    files
}

#[test]
fn kpt_render_resolves_paths_against_the_package_from_another_directory() {
    let p = Plugin::new();
    let dir = p.case("single");
    // A Kptfile mutator; kpt runs it in its own working directory (the
    // scratch root here), so paths must come from the package path.
    std::fs::write(
        dir.join("Kptfile"),
        format!(
            "apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: single\npipeline:\n  mutators:\n    - exec: {}\n      configPath: generate-resources.yaml\n",
            p.scratch.path("bin/ksops").display()
        ),
    )
    .unwrap();
    let render = |allow: bool| {
        let mut c = p.scratch.command(std::path::Path::new("kpt"));
        c.args(["fn", "render", "single", "--allow-exec", "-o", "stdout"]);
        if allow {
            c.env("RSOPS_ALLOW_PLAINTEXT_OUTPUT", "1");
        }
        run(c)
    };
    let refused = render(false);
    assert!(!refused.status.success());
    let out = render(true);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("application: kustomize-sops"), "{text}");
}

#[test]
fn output_data_annotation_keeps_keys_through_a_merge() {
    let p = Plugin::new();
    let file = p.case("file").join("secret.enc.yaml");
    let generator = |key: &str, annotations: &str| {
        format!(
            "apiVersion: viaduct.ai/v1\nkind: ksops\nmetadata:\n  name: gen\n  annotations:\n    config.kubernetes.io/function: |\n      container:\n        image: ksops\nsecretFrom:\n  - metadata:\n      name: app\n      annotations:\n{annotations}    files:\n      - {key}=./secret.enc.yaml\n"
        )
    };
    let build = |output: &str| {
        let root = p.scratch.path(&format!("merge-{output}"));
        for (dir, key, extra, kustomization) in [
            ("base", "a.yaml", "", "generators:\n  - gen.yaml\n"),
            (
                "overlay",
                "b.yaml",
                "        kustomize.config.k8s.io/behavior: merge\n",
                "resources:\n  - ../base\ngenerators:\n  - gen.yaml\n",
            ),
        ] {
            let d = root.join(dir);
            std::fs::create_dir_all(&d).unwrap();
            std::fs::copy(&file, d.join("secret.enc.yaml")).unwrap();
            let annotations = format!("{extra}        rsops.io/output: {output}\n");
            std::fs::write(d.join("gen.yaml"), generator(key, &annotations)).unwrap();
            std::fs::write(d.join("kustomization.yaml"), kustomization).unwrap();
        }
        String::from_utf8(ok(p.kubectl_krm(&root.join("overlay")))).unwrap()
    };
    let merged = build("data");
    assert!(merged.contains("  a.yaml: "), "{merged}");
    assert!(merged.contains("  b.yaml: "), "{merged}");
    assert!(!merged.contains("stringData"), "{merged}");
    assert!(!merged.contains("rsops.io/output"), "{merged}");
    // ksops' layout (stringData) loses the base's key in kustomize 5.5.
    let lost = build("stringData");
    assert!(!lost.contains("a.yaml"), "{lost}");
    assert!(lost.contains("b.yaml"), "{lost}");
}

#[test]
fn age_identities_are_loaded_once_for_all_files() {
    let p = Plugin::new();
    let dir = p.case("multiple");
    // SOPS_AGE_KEY_CMD is run each time identities are loaded; count runs.
    let count = p.scratch.path("key-cmd-runs");
    let cmd = p.scratch.write(
        "key-cmd.sh",
        format!(
            "#!/bin/sh\necho run >> '{}'\ncat '{}'\n",
            count.display(),
            p.scratch.key_file.display()
        ),
    );
    std::fs::set_permissions(&cmd, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let mut c = p.kustomize(&dir);
    c.env_remove("SOPS_AGE_KEY_FILE")
        .env("SOPS_AGE_KEY_CMD", &cmd);
    assert_eq!(String::from_utf8(ok(c)).unwrap(), want(&p, "multiple"));
    assert_eq!(std::fs::read_to_string(&count).unwrap(), "run\n");
}

#[test]
fn formats_come_from_the_file_suffix() {
    use base64::Engine as _;
    let p = Plugin::new();
    let dir = p.scratch.path("formats");
    std::fs::create_dir_all(&dir).unwrap();
    // A JSON Secret emitted whole; a JSON config as text; raw bytes that
    // are not UTF-8 as a binary file.
    let secret = p.scratch.write(
        "secret.plain.json",
        r#"{"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "from-json"}, "stringData": {"k": "v"}}"#,
    );
    p.encrypt(&secret, &dir.join("secret.enc.json"));
    let config = p
        .scratch
        .write("config.plain.json", r#"{"a": {"b": [1, 2.50, "x"]}}"#);
    p.encrypt(&config, &dir.join("config.enc.json"));
    let bytes: Vec<u8> = (0..=255u8).rev().collect();
    let blob = p.scratch.write("blob.plain", &bytes);
    p.encrypt(&blob, &dir.join("blob.enc"));
    std::fs::write(
        dir.join("generate-resources.yaml"),
        "apiVersion: viaduct.ai/v1\nkind: ksops\nmetadata:\n  name: formats\n  annotations:\n    config.kubernetes.io/function: |\n      exec:\n        path: ksops\nfiles:\n  - ./secret.enc.json\nsecretFrom:\n  - metadata:\n      name: mixed\n    files:\n      - ./config.enc.json\n    binaryFiles:\n      - blob=./blob.enc\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("kustomization.yaml"),
        "generators:\n  - generate-resources.yaml\n",
    )
    .unwrap();
    let out = String::from_utf8(ok(p.kustomize(&dir))).unwrap();

    assert!(
        out.contains("  name: from-json\nstringData:\n  k: v\n"),
        "{out}"
    );
    let b64 = base64::engine::general_purpose::STANDARD.encode(&bytes);
    assert!(out.contains(&format!("  blob: {b64}\n")), "{out}");
    let mut c = p.scratch.sops();
    c.arg("decrypt").arg(dir.join("config.enc.json"));
    let sops_text = String::from_utf8(ok(c)).unwrap();
    let value = string_data_value(&out, "mixed", "config.enc.json");
    assert_eq!(value, sops_text);
}

/// `stringData[key]` of the object named `name` in a YAML stream.
fn string_data_value(stream: &str, name: &str, key: &str) -> String {
    use rsops::tree::Value;
    let tree = rsops::krm::resource_list::read_yaml(stream.as_bytes()).unwrap();
    let field = |v: Option<&Value>, k: &str| match v {
        Some(Value::Map(m)) => m.get(k).cloned(),
        _ => None,
    };
    tree.branches
        .iter()
        .map(|b| Value::Map(b.clone()))
        .find(|o| {
            field(field(Some(o), "metadata").as_ref(), "name") == Some(Value::Str(name.into()))
        })
        .and_then(|o| field(field(Some(&o), "stringData").as_ref(), key))
        .and_then(|v| match v {
            Value::Str(s) => Some(s),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no stringData[{key}] in {name}: {stream}"))
}

#[test]
fn decrypting_transformer_keeps_what_kustomize_did() {
    let p = Plugin::new();
    let dir = p.case("single");
    std::fs::write(
        dir.join("kustomization.yaml"),
        "namePrefix: p-\nnamespace: ns\nresources:\n  - secret.enc.yaml\ntransformers:\n  - decrypt.yaml\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("decrypt.yaml"),
        "apiVersion: rsops.io/v1\nkind: SopsDecryptor\nmetadata:\n  name: decrypt\n  annotations:\n    config.kubernetes.io/function: |\n      exec:\n        path: ksops\n",
    )
    .unwrap();
    let expected = "apiVersion: v1\ndata:\n  password: MWYyZDFlMmU2N2Rm\n  username: YWRtaW4=\nkind: Secret\nmetadata:\n  name: p-mysecret\n  namespace: ns\nstringData:\n  application: kustomize-sops\ntype: Opaque\n";
    assert_eq!(String::from_utf8(ok(p.kustomize(&dir))).unwrap(), expected);
    // kustomize 5.5, as a container function.
    let text = std::fs::read_to_string(dir.join("decrypt.yaml")).unwrap();
    std::fs::write(
        dir.join("decrypt.yaml"),
        text.replace(
            "exec:\n        path: ksops",
            "container:\n        image: ksops",
        ),
    )
    .unwrap();
    assert_eq!(
        String::from_utf8(ok(p.kubectl_krm(&dir))).unwrap(),
        expected
    );
}
