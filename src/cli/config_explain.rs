//! `rsops config explain PATH…`: which `.sops.yaml` applies and why, which
//! creation rule each path gets (and why the earlier rules did not match),
//! and what an encrypt would use: keys, groups, threshold, crypt rule.
//! It also points out a `.sops.yml` that sops would not read and rules that
//! no file in the repository matches.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use super::error::Error;
use crate::config::{self, Config};
use crate::stores::Format;

#[derive(Args, Debug)]
pub struct ConfigArgs {
    #[command(subcommand)]
    command: ConfigCommand,
}

#[derive(Subcommand, Debug)]
enum ConfigCommand {
    /// Show which .sops.yaml applies and which creation rule, keys and crypt rule each path gets
    Explain(ExplainArgs),
}

#[derive(Args, Debug)]
struct ExplainArgs {
    /// The files to explain (they need not exist yet)
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
}

pub fn run(args: ConfigArgs, config_flag: Option<&Path>) -> Result<(), Error> {
    let ConfigCommand::Explain(args) = args.command;
    let mut text = String::new();
    let mut notes = Vec::new();
    let found = config::find(
        config_flag,
        crate::warning::Warn(|w| eprintln!("rsops: warning: {w}")),
    );
    let config = config::load(found.as_deref())?;
    describe_source(&mut text, config_flag, found.as_deref(), &mut notes);
    if let Some(path) = &config.path {
        unmatched_rules(&config, path, &mut notes).map_err(Error::Walk)?;
    }
    for path in &args.paths {
        text.push('\n');
        explain_path(&mut text, &config, path);
    }
    if !notes.is_empty() {
        text.push('\n');
    }
    for note in notes {
        let _ = writeln!(text, "warning: {note}");
    }
    print!("{text}");
    Ok(())
}

fn describe_source(
    text: &mut String,
    config_flag: Option<&Path>,
    found: Option<&Path>,
    notes: &mut Vec<String>,
) {
    let cwd = std::env::current_dir().unwrap_or_default();
    match (found, config_flag) {
        (Some(path), Some(_)) => {
            let _ = writeln!(
                text,
                "config: {} (given by --config or SOPS_CONFIG)",
                config::absolute(path).display()
            );
        }
        (Some(path), None) => {
            let _ = writeln!(
                text,
                "config: {} (the first .sops.yaml found from the working directory {} upward)",
                config::absolute(path).display(),
                cwd.display()
            );
            if let Some(yml) = path.parent().map(|d| d.join(".sops.yml")) {
                if yml.is_file() {
                    notes.push(format!(
                        "{} is ignored: sops reads only .sops.yaml",
                        yml.display()
                    ));
                }
            }
        }
        (None, _) => {
            let _ = writeln!(
                text,
                "config: none (no .sops.yaml in {} or its parents); encrypt needs keys on the command line",
                cwd.display()
            );
        }
    }
}

/// One path: the rule that matches it, the rules before it, and what an
/// encrypt would use.
fn explain_path(text: &mut String, config: &Config, path: &Path) {
    let absolute = config::absolute(path);
    let format = Format::from_path(&absolute);
    let _ = writeln!(
        text,
        "{}\n  format: {} (from the file name; --input-type changes it)",
        path.display(),
        format.name()
    );
    if config.path.is_none() || config.rules.is_empty() {
        let _ = writeln!(
            text,
            "  no creation rules: encrypt uses only the key flags (--age, --pgp, ...)"
        );
        return;
    }
    let relative = config.rule_path(&absolute);
    let _ = writeln!(text, "  path_regex is matched against: {relative}");
    let chosen = config.first_match(&absolute);
    for (i, rule) in config.rules.iter().enumerate() {
        let regex = rule
            .path_regex()
            .map_or("no path_regex".to_owned(), |r| format!("path_regex {r}"));
        let verdict = match chosen {
            Some(c) if c == i => "matches: this rule applies",
            Some(c) if c < i => break,
            _ => "does not match",
        };
        let _ = writeln!(text, "  creation rule {} ({regex}): {verdict}", i + 1);
    }
    let Some(i) = chosen else {
        let _ = writeln!(
            text,
            "  no rule matches: encrypt fails with \"no matching creation rules found\" (as sops), even with key flags"
        );
        return;
    };
    let rule = &config.rules[i];
    let keys = if rule.key_groups.iter().all(Vec::is_empty) {
        "none: encrypt fails (sops: \"empty key group provided\")".to_owned()
    } else {
        crate::repo::describe_groups(&rule.key_groups, rule.shamir_threshold)
    };
    let _ = writeln!(text, "  keys: {keys}");
    if rule.key_groups.len() > 1 {
        let _ = writeln!(
            text,
            "  each of the {} key groups holds a share of the data key",
            rule.key_groups.len()
        );
    }
    let crypt = match rule.crypt_fields.as_slice() {
        [] => "unencrypted_suffix \"_unencrypted\" (the default)".to_owned(),
        [(field, value)] => format!("{field} {value}"),
        many => format!(
            "{} are all set: encrypt fails, a rule may have only one",
            many.iter().map(|(f, _)| *f).collect::<Vec<_>>().join(", ")
        ),
    };
    let _ = writeln!(text, "  crypt rule: {crypt}");
    if rule.mac_only_encrypted {
        let _ = writeln!(
            text,
            "  mac_only_encrypted: the MAC covers only encrypted values"
        );
    }
    let _ = writeln!(
        text,
        "  key flags (--age, --pgp, ...) replace these keys; a crypt rule flag replaces the crypt rule"
    );
}

/// Rules no file under the config's folder (without .git and what
/// .gitignore ignores) matches, and rules every file of which an earlier
/// rule takes.
fn unmatched_rules(
    config: &Config,
    config_path: &Path,
    notes: &mut Vec<String>,
) -> Result<(), crate::repo::walk::WalkError> {
    let Some(dir) = config_path.parent() else {
        return Ok(());
    };
    let files = crate::repo::walk::collect(
        &[dir.to_path_buf()],
        &Config::default(),
        true,
        crate::repo::Want::Encrypted,
    )?;
    let mut matched = vec![false; config.rules.len()];
    let mut chosen = vec![false; config.rules.len()];
    for file in &files {
        let relative = config.rule_path(&file.absolute);
        for (i, rule) in config.rules.iter().enumerate() {
            if rule.matches(&relative) {
                matched[i] = true;
            }
        }
        if let Some(i) = config.first_match(&file.absolute) {
            chosen[i] = true;
        }
    }
    for (i, rule) in config.rules.iter().enumerate() {
        let regex = rule.path_regex().unwrap_or("");
        if !matched[i] {
            notes.push(format!(
                "creation rule {} (path_regex {regex}) matches no file under {} (fine for files still to be created; else check the regex: it is matched against paths relative to that folder)",
                i + 1,
                dir.display()
            ));
        } else if !chosen[i] {
            notes.push(format!(
                "creation rule {} (path_regex {regex}) is never used: an earlier rule takes every file it matches (the first matching rule wins)",
                i + 1
            ));
        }
    }
    Ok(())
}
