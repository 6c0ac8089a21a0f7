//! `completions/` and `man/` are generated from the clap definition; this
//! test fails when they are stale. Regenerate with
//! `RSOPS_UPDATE_GENERATED=1 cargo test --test generated`.

use std::path::Path;

use clap_complete::Shell;

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
    let command = rsops::cli::command();
    let mut out = Vec::new();
    clap_mangen::Man::new(command.clone())
        .render(&mut out)
        .unwrap();
    check("man/rsops.1", out);
    for sub in command.get_subcommands() {
        let name = format!("rsops-{}", sub.get_name());
        let mut out = Vec::new();
        clap_mangen::Man::new(sub.clone().name(name.clone()))
            .render(&mut out)
            .unwrap();
        check(&format!("man/{name}.1"), out);
    }
}
