//! `completions/` and `man/` are generated from the clap definition; this
//! test fails when they are stale. Regenerate with
//! `RSOPS_UPDATE_GENERATED=1 cargo test --test generated`.
//!
//! The man pages are clap's sections (name, synopsis, description,
//! options) plus what clap cannot know, written here: ENVIRONMENT, FILES,
//! EXIT STATUS, EXAMPLES and SEE ALSO. A page is made for every command
//! and subcommand except clap's `help`, and SEE ALSO names only those.

use std::collections::BTreeSet;
use std::path::Path;

use clap_complete::Shell;
use clap_mangen::roff::{bold, italic, roman, Roff};

fn check(relative: &str, generated: Vec<u8>) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    if std::env::var_os("RSOPS_UPDATE_GENERATED").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &generated).unwrap();
        return;
    }
    let committed = std::fs::read(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{relative} is stale: run `RSOPS_UPDATE_GENERATED=1 cargo test --test generated` and commit the result"
    );
}

#[test]
fn completions_are_current() {
    for (shell, file) in [
        (Shell::Bash, "completions/rsops.bash"),
        (Shell::Zsh, "completions/_rsops"),
        (Shell::Fish, "completions/rsops.fish"),
        (Shell::PowerShell, "completions/_rsops.ps1"),
        (Shell::Elvish, "completions/rsops.elv"),
    ] {
        let mut out = Vec::new();
        rsops::cli::completion::generate(shell, &mut out);
        check(file, out);
    }
}

#[test]
fn man_pages_are_current() {
    let pages = man_pages();
    let names: BTreeSet<&str> = pages.iter().map(|(name, _)| name.as_str()).collect();
    for (name, text) in &pages {
        for reference in references(text) {
            assert!(
                names.contains(reference.as_str()) || EXTERNAL_PAGES.contains(&reference.as_str()),
                "man/{name}.1 names {reference}(1), which is not shipped in man/"
            );
        }
        check(&format!("man/{name}.1"), text.clone().into_bytes());
    }
    // A page of a subcommand that no longer exists would be left behind.
    for entry in std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("man")).unwrap() {
        let file = entry.unwrap().file_name().to_string_lossy().into_owned();
        let name = file.trim_end_matches(".1");
        assert!(
            names.contains(name),
            "man/{file} is not generated any more: delete it"
        );
    }
}

/// Every `SOPS_*` variable rsops reads is described in rsops(1).
#[test]
fn man_page_lists_every_sops_variable() {
    let pages = man_pages();
    let root = &pages[0].1;
    let environment = &root[root.find(".SH ENVIRONMENT").unwrap()..];
    let environment = &environment[..environment[4..].find(".SH ").unwrap() + 4];
    let pattern = regex::Regex::new(r#""((?:SOPS|RSOPS|KSOPS)_[A-Z0-9_]+)""#).unwrap();
    let mut read = BTreeSet::new();
    collect_variables(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &pattern,
        &mut read,
    );
    assert!(
        read.contains("SOPS_AGE_KEY_FILE"),
        "the source scan found nothing"
    );
    for variable in read {
        assert!(
            environment.contains(&variable.replace('_', "\\_")) || environment.contains(&variable),
            "rsops(1) ENVIRONMENT does not describe {variable}"
        );
    }
}

fn collect_variables(dir: &Path, pattern: &regex::Regex, found: &mut BTreeSet<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect_variables(&path, pattern, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            // Variables only tests set (e.g. a fake editor's) are not the user's.
            let text = text.split("#[cfg(test)]").next().unwrap_or_default();
            found.extend(pattern.captures_iter(text).map(|c| c[1].to_owned()));
        }
    }
}

/// Pages outside rsops that SEE ALSO may name: installed with age and GnuPG.
const EXTERNAL_PAGES: [&str; 3] = ["age", "age-keygen", "gpg"];

/// The `name(1)` references in a page.
fn references(text: &str) -> Vec<String> {
    let plain = text
        .replace("\\-", "-")
        .replace("\\fB", "")
        .replace("\\fR", "");
    regex::Regex::new(r"([a-z][a-z0-9-]*)\(1\)")
        .unwrap()
        .captures_iter(&plain)
        .map(|c| c[1].to_owned())
        .collect()
}

/// (page name, roff text) for rsops and each of its subcommands, rsops first.
fn man_pages() -> Vec<(String, String)> {
    let mut root = rsops::cli::command();
    // Building copies the global flags (--config) into the subcommands and
    // names each `rsops-<sub>`, as its page is called.
    root.build();
    let mut pages = Vec::new();
    add_pages(&root, None, &mut pages);
    pages
}

fn add_pages(command: &clap::Command, parent: Option<&str>, pages: &mut Vec<(String, String)>) {
    let name = page_name(command);
    let children: Vec<&clap::Command> = command
        .get_subcommands()
        .filter(|s| s.get_name() != "help" && !s.is_hide_set())
        .collect();
    pages.push((name.clone(), render_page(command, &name, parent, &children)));
    for child in children {
        add_pages(child, Some(&name), pages);
    }
}

fn page_name(command: &clap::Command) -> String {
    command
        .get_display_name()
        .unwrap_or_else(|| command.get_name())
        .to_owned()
}

fn render_page(
    command: &clap::Command,
    name: &str,
    parent: Option<&str>,
    children: &[&clap::Command],
) -> String {
    let version = rsops::cli::command()
        .get_version()
        .unwrap_or_default()
        .to_owned();
    let man = clap_mangen::Man::new(command.clone()).source(format!("rsops {version}"));
    let mut out = Vec::new();
    man.render_title(&mut out).unwrap();
    man.render_name_section(&mut out).unwrap();
    man.render_synopsis_section(&mut out).unwrap();
    man.render_description_section(&mut out).unwrap();
    if command.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(&mut out).unwrap();
    }
    let mut roff = Roff::new();
    if !children.is_empty() {
        roff.control("SH", ["SUBCOMMANDS"]);
        for child in children {
            roff.control("TP", []);
            roff.text([bold(format!("{}(1)", page_name(child)))]);
            if let Some(about) = child.get_about() {
                roff.text([roman(about.to_string())]);
            }
        }
    }
    environment(&mut roff, command, parent.is_none());
    if parent.is_none() {
        files(&mut roff);
        exit_status(&mut roff);
    }
    examples(&mut roff, name);
    see_also(&mut roff, name, parent, children);
    roff.control("SH", ["VERSION"]);
    roff.text([roman(format!("v{version}"))]);
    let preamble = Roff::new().render();
    let text = String::from_utf8(out).unwrap();
    // Each clap section is rendered with the preamble; keep the first only.
    let mut page = preamble.clone();
    page.push_str(&text.replace(&preamble, ""));
    page.push_str(roff.render().trim_start_matches(&preamble));
    page
}

/// A titled list: `.TP`, the term in bold, then the text.
fn entry(roff: &mut Roff, term: &str, text: &str) {
    roff.control("TP", []);
    roff.text([bold(term)]);
    roff.text([roman(text)]);
}

/// Variables that are no flag's default: keys, tools, and rsops' own.
const VARIABLES: &[(&str, &str)] = &[
    ("SOPS_AGE_KEY", "age identities (AGE-SECRET-KEY-1..., AGE-SECRET-KEY-PQ-1..., AGE-PLUGIN-...), separated by new lines or spaces."),
    ("SOPS_AGE_KEY_FILE", "A file of age identities. Without it, rsops reads $XDG_CONFIG_HOME/sops/age/keys.txt (default ~/.config/sops/age/keys.txt; on macOS ~/Library/Application Support/sops/age/keys.txt)."),
    ("SOPS_AGE_KEY_CMD", "A command (split like a shell command, not run by a shell) that prints age identities; it is run with SOPS_AGE_RECIPIENT set to the recipient being decrypted."),
    ("SOPS_AGE_RECIPIENT", "Set by rsops for SOPS_AGE_KEY_CMD, not read."),
    ("SOPS_AGE_SSH_PRIVATE_KEY_FILE", "An SSH private key (ed25519 or RSA) to decrypt ssh-ed25519 and ssh-rsa recipients. Without it (and without SOPS_AGE_SSH_PRIVATE_KEY_CMD), rsops tries ~/.ssh/id_ed25519 and ~/.ssh/id_rsa."),
    ("SOPS_AGE_SSH_PRIVATE_KEY_CMD", "A command that prints an SSH private key, instead of SOPS_AGE_SSH_PRIVATE_KEY_FILE."),
    ("SOPS_EDITOR, EDITOR", "The editor of rsops edit, split like a shell command line (so EDITOR=\"code --wait\" works); without either, the first of vim, nano and vi."),
    ("SOPS_GPG_EXEC", "The gpg program to run for PGP keys (default gpg)."),
    ("GNUPGHOME", "The GnuPG home gpg uses."),
    ("SOPS_PGP_KEY, SOPS_PGP_KEY_FILE", "An armored OpenPGP secret key (or a file of them) for rsops' built-in OpenPGP, on hosts without gpg. An rsops extra."),
    ("SOPS_GCP_KMS_ENDPOINT, SOPS_GCP_KMS_UNIVERSE_DOMAIN", "Where GCP Cloud KMS requests go, for private endpoints and other universes."),
    ("SOPS_HC_VAULT_ALLOWLIST", "Vault addresses rsops may contact for hc_vault keys: all (the default), none, or comma-separated URL prefixes."),
    ("AWS_PROFILE, AWS_REGION, AWS_ACCESS_KEY_ID, ...", "The AWS SDK's credential chain, for KMS keys and rsops publish to S3."),
    ("GOOGLE_APPLICATION_CREDENTIALS, GOOGLE_CREDENTIALS, GOOGLE_OAUTH_ACCESS_TOKEN", "Credentials for GCP Cloud KMS keys and rsops publish to GCS."),
    ("STORAGE_EMULATOR_HOST", "host:port of a Google Cloud Storage emulator: rsops publish sends there over http, without a token, as Google's clients do."),
    ("AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET, ...", "Credentials for Azure Key Vault keys."),
    ("VAULT_TOKEN, VAULT_NAMESPACE", "The Vault token and namespace for hc_vault keys and rsops publish to Vault KV."),
    ("VAULT_ADDR", "The Vault address for rsops publish when the destination rule has no vault_address (default https://127.0.0.1:8200)."),
    ("HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK, HUAWEICLOUD_SDK_PROJECT_ID", "HuaweiCloud credentials, which sops reads for hckms keys; rsops keeps hckms entries of files but cannot use them to decrypt."),
    ("KSOPS_CONCURRENCY_LIMIT", "How many files the Kustomize plugin decrypts at once (default 20)."),
    ("RSOPS_KRM_MAX_FILE_SIZE", "The largest file, in bytes, the Kustomize plugin reads (default 64 MiB)."),
    ("RSOPS_KRM_ROOT_ONLY", "1: the Kustomize plugin reads only files inside the kustomization root."),
    ("RSOPS_DRY_RUN", "placeholder: the Kustomize plugin reads no keys and puts a placeholder where each secret goes (for previews and CI diffs)."),
    ("RSOPS_ALLOW_PLAINTEXT_OUTPUT", "1: decrypt under kpt, which writes its output back to the package."),
    ("ARGOCD_ENV_RSOPS_MODE", "How rsops argocd generate builds the application: auto (the default), kustomize, flux or directory."),
    ("RSOPS_KUSTOMIZE", "The kustomize rsops argocd generate runs (default: kustomize on PATH)."),
    ("RSOPS_ARGOCD_RUN_LOG", "Set by rsops argocd generate for the plugin runs it starts, not by users."),
];

fn environment(roff: &mut Roff, command: &clap::Command, root: bool) {
    // The variables that stand for flags, from the clap definition so they
    // cannot drift; the root page lists every command's.
    let mut flag_variables: Vec<(String, String)> = Vec::new();
    let mut seen = BTreeSet::new();
    let mut visit = vec![command];
    while let Some(c) = visit.pop() {
        for arg in c.get_arguments().filter(|a| !a.is_hide_set()) {
            if let Some(var) = arg.get_env() {
                let var = var.to_string_lossy().into_owned();
                if seen.insert(var.clone()) {
                    let help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
                    let flag = arg.get_long().map(|l| format!("--{l}")).unwrap_or_default();
                    flag_variables.push((var, format!("The default of {flag}: {help}.")));
                }
            }
        }
        if root {
            visit.extend(c.get_subcommands());
        }
    }
    if flag_variables.is_empty() && !root {
        return;
    }
    roff.control("SH", ["ENVIRONMENT"]);
    for (var, text) in &flag_variables {
        entry(roff, var, text);
    }
    if root {
        for (var, text) in VARIABLES {
            entry(roff, var, text);
        }
        roff.control("PP", []);
        roff.text([roman(
            "age identities are looked for in this order, and all that are found are tried: \
             SOPS_AGE_SSH_PRIVATE_KEY_FILE (else SOPS_AGE_SSH_PRIVATE_KEY_CMD, else ~/.ssh/id_ed25519 and ~/.ssh/id_rsa), \
             SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, SOPS_AGE_KEY_CMD, then the keys.txt of the user's configuration folder. \
             Master keys are tried in the order of --decryption-order (default: age, then PGP, then the cloud services).",
        )]);
    } else {
        roff.control("PP", []);
        roff.text([
            roman("The variables that find keys are listed in "),
            bold("rsops"),
            roman("(1)."),
        ]);
    }
}

fn files(roff: &mut Roff) {
    roff.control("SH", ["FILES"]);
    entry(
        roff,
        ".sops.yaml",
        "The configuration: creation rules (which keys encrypt which files), and store settings. \
         rsops looks for it in the working directory and each directory above it, unless --config or SOPS_CONFIG names one. \
         Creation rules apply when a file is encrypted; decrypt reads only the store settings.",
    );
    entry(
        roff,
        "~/.config/sops/age/keys.txt",
        "age identities, one per line (see SOPS_AGE_KEY_FILE and XDG_CONFIG_HOME).",
    );
    entry(
        roff,
        "~/.ssh/id_ed25519, ~/.ssh/id_rsa",
        "SSH keys tried for ssh-ed25519 and ssh-rsa age recipients.",
    );
    entry(
        roff,
        "~/.gnupg",
        "The GnuPG home gpg uses for PGP keys (see GNUPGHOME).",
    );
}

/// sops' exit codes (`rsops::cli::error::code`), with what triggers each.
const EXIT_CODES: &[(i32, &str)] = &[
    (0, "Success."),
    (1, "A generic error: bad flags or values, no sops metadata, configuration errors, a missing --extract path."),
    (2, "The input file could not be read, or a plain file does not parse."),
    (3, "The output file could not be written."),
    (4, "The result cannot be written in the output format."),
    (6, "--encryption-context is not key:value pairs."),
    (8, "Conflicting flags, such as --in-place with --output."),
    (21, "The MAC could not be encrypted."),
    (23, "A value could not be encrypted."),
    (25, "A value could not be decrypted: the file was changed, or a value moved."),
    (51, "The MAC does not match: the file was changed after it was encrypted."),
    (91, "The --extract path is malformed."),
    (92, "The file to encrypt has no document."),
    (100, "No file was given, or the file does not exist."),
    (112, "--decryption-order names a key type twice."),
    (128, "No master key could decrypt the data key (not enough key groups)."),
    (203, "The file to encrypt is already encrypted."),
];

fn exit_status(roff: &mut Roff) {
    roff.control("SH", ["EXIT STATUS"]);
    roff.text([roman(
        "rsops exits with the codes sops uses, so scripts that check them keep working:",
    )]);
    for (code, text) in EXIT_CODES {
        entry(roff, &code.to_string(), text);
    }
}

/// Examples by page; a page without any has no EXAMPLES section.
const EXAMPLES: &[(&str, &[(&str, &str)])] = &[
    (
        "rsops",
        &[
            (
                "Encrypt a file for an age recipient, in place:",
                "rsops encrypt --age age1... --in-place secrets.yaml",
            ),
            (
                "Decrypt it to standard output:",
                "rsops decrypt secrets.yaml",
            ),
            (
                "Print one value:",
                "rsops decrypt --extract '[\"db\"][\"password\"]' secrets.yaml",
            ),
            ("The same with sops' legacy flags:", "rsops -d secrets.yaml"),
            (
                "Decrypt in CI with a key from a secret, writing nothing to disk:",
                "SOPS_AGE_KEY=\"$AGE_KEY\" rsops decrypt --output-type dotenv app.enc.env",
            ),
        ],
    ),
    (
        "rsops-encrypt",
        &[
            (
                "Encrypt with the keys of the matching .sops.yaml creation rule:",
                "rsops encrypt --in-place secrets.yaml",
            ),
            (
                "Encrypt standard input as JSON:",
                "printf '{\"a\":1}' | rsops encrypt --filename-override x.json --age age1...",
            ),
            (
                "Leave keys ending in _public readable:",
                "rsops encrypt --unencrypted-suffix _public --age age1... app.yaml",
            ),
        ],
    ),
    (
        "rsops-decrypt",
        &[
            (
                "Decrypt to a file:",
                "rsops decrypt --output plain.yaml secrets.yaml",
            ),
            (
                "Read a dotenv file under another name:",
                "rsops decrypt --input-type dotenv --output-type json prod.secrets",
            ),
            (
                "Print one value:",
                "rsops decrypt --extract '[\"db\"][\"password\"]' secrets.yaml",
            ),
        ],
    ),
    (
        "rsops-set",
        &[(
            "Set a value (given as JSON) and write the file back:",
            "rsops set secrets.yaml '[\"db\"][\"password\"]' '\"n3w\"'",
        )],
    ),
    (
        "rsops-unset",
        &[(
            "Remove a key:",
            "rsops unset secrets.yaml '[\"old_token\"]'",
        )],
    ),
    (
        "rsops-rotate",
        &[(
            "Make a new data key and add an age recipient, in place:",
            "rsops rotate --in-place --add-age age1... secrets.yaml",
        )],
    ),
    (
        "rsops-updatekeys",
        &[(
            "Give a file the keys its .sops.yaml creation rule now lists, without asking:",
            "rsops updatekeys --yes secrets.yaml",
        )],
    ),
    (
        "rsops-publish",
        &[
            (
                "Send a file where its .sops.yaml destination rule says, asking first:",
                "rsops publish secrets/prod.yaml",
            ),
            (
                "Send every file under a folder, named by its path below it, without asking:",
                "rsops publish --yes --recursive secrets/",
            ),
        ],
    ),
    (
        "rsops-groups-add",
        &[(
            "Add a key group of one age recipient:",
            "rsops groups add --file secrets.yaml --age age1... --in-place",
        )],
    ),
    (
        "rsops-filestatus",
        &[(
            "Tell whether a file is encrypted:",
            "rsops filestatus secrets.yaml",
        )],
    ),
    (
        "rsops-completion",
        &[
            (
                "Load bash completion for the running shell:",
                "source <(rsops completion bash)",
            ),
            (
                "Install zsh completion:",
                "rsops completion zsh > \"${fpath[1]}/_rsops\"",
            ),
        ],
    ),
    (
        "rsops-plugin-install",
        &[(
            "Copy rsops and ksops into an Argo CD init container's shared folder:",
            "rsops plugin install /custom-tools",
        )],
    ),
    (
        "rsops-plugin-check",
        &[(
            "List the ksops generators of an overlay and the flags they need:",
            "rsops plugin check overlays/prod",
        )],
    ),
    (
        "rsops-krm",
        &[(
            "Run as a KRM function by hand:",
            "kustomize build --enable-alpha-plugins --enable-exec overlays/prod",
        )],
    ),
];

fn examples(roff: &mut Roff, name: &str) {
    let Some((_, list)) = EXAMPLES.iter().find(|(page, _)| *page == name) else {
        return;
    };
    roff.control("SH", ["EXAMPLES"]);
    for (what, command) in *list {
        roff.control("PP", []);
        roff.text([roman(*what)]);
        roff.control("PP", []);
        roff.control("RS", ["4"]);
        roff.text([bold(*command)]);
        roff.control("RE", []);
    }
}

fn see_also(roff: &mut Roff, name: &str, parent: Option<&str>, children: &[&clap::Command]) {
    let mut pages: Vec<String> = Vec::new();
    if name != "rsops" {
        pages.push("rsops".into());
    }
    if let Some(parent) = parent.filter(|p| *p != "rsops") {
        pages.push(parent.into());
    }
    pages.extend(children.iter().map(|c| page_name(c)));
    pages.extend(EXTERNAL_PAGES.iter().map(|p| (*p).to_owned()));
    roff.control("SH", ["SEE ALSO"]);
    let mut inlines = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        if i > 0 {
            inlines.push(roman(", "));
        }
        inlines.push(bold(page.as_str()));
        inlines.push(roman("(1)"));
    }
    roff.text(inlines);
    roff.control("PP", []);
    roff.text([
        roman("The file format and sops compatibility: "),
        italic("docs/format.md"),
        roman(" in rsops' source."),
    ]);
}

/// The key service's protobuf types and gRPC client and server, generated
/// from sops' `proto/keyservice.proto` with a pure-Rust protobuf compiler
/// (protox), so that building rsops needs no `protoc`.
#[test]
fn keyservice_proto_code_is_current() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let descriptors = protox::compile(["keyservice.proto"], [root.join("proto")]).unwrap();
    let out = tempfile::tempdir().unwrap();
    tonic_prost_build::configure()
        .build_transport(false)
        .out_dir(out.path())
        .compile_fds(descriptors)
        .unwrap();
    // The proto has no package, so prost names its file `_.rs`.
    let code = std::fs::read_to_string(out.path().join("_.rs")).unwrap();
    let header = "// Generated from proto/keyservice.proto by tests/generated.rs; do not edit.\n\
                  // Regenerate with `RSOPS_UPDATE_GENERATED=1 cargo test --test generated`.\n\n";
    check(
        "src/keyservice/proto.rs",
        format!("{header}{code}").into_bytes(),
    );
}
