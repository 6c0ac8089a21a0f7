//! `rsops git setup`: the git config for the textconv and the merge driver
//! (local, or `--global`), and the `.gitattributes` lines that route the
//! files `.sops.yaml`'s creation rules select to them. Idempotent;
//! `--check` only reports what is missing.
//!
//! `diff.rsops.cachetextconv` is deliberately not set: git would keep the
//! decrypted text in `refs/notes/textconv/rsops`, inside the repository.

use std::path::Path;

use super::{git, git_with_input, GitError};
use crate::check::must_be_encrypted;
use crate::config::Config;

/// The attributes each selected file gets.
const ATTRIBUTES: &str = "diff=rsops merge=rsops";

/// The comment above the lines rsops adds to `.gitattributes`.
const MARKER: &str = "# sops-encrypted files: decrypted diffs and value merges (rsops git setup)";

/// What setup did, or with `check` what is missing.
#[derive(Debug, Default)]
pub struct Report {
    /// One line per change made (or, checking, per change needed).
    pub changes: Vec<String>,
    /// What the user should know (patterns that could not be written as
    /// globs, files still not covered).
    pub notes: Vec<String>,
}

/// Sets up (or with `check` only inspects) the repository around `cwd` for
/// the files `config` selects.
pub fn setup(cwd: &Path, config: &Config, global: bool, check: bool) -> Result<Report, GitError> {
    let mut report = Report::default();
    let command = command_name();
    let scope = if global { "--global" } else { "--local" };
    let wanted = [
        ("diff.rsops.textconv", format!("{command} git textconv")),
        (
            "merge.rsops.name",
            "rsops: merge sops-encrypted files value by value".to_owned(),
        ),
        (
            "merge.rsops.driver",
            format!("{command} git merge %O %A %B %P"),
        ),
    ];
    for (key, value) in &wanted {
        // `git config --get` exits 1 when the key is not set.
        let current = git(cwd, &["config", scope, "--get", key]).ok();
        let current = current
            .as_deref()
            .map(|c| String::from_utf8_lossy(c).trim_end().to_owned());
        if current.as_deref() == Some(value.as_str()) {
            continue;
        }
        report
            .changes
            .push(format!("git config {scope} {key} '{value}'"));
        if !check {
            git(cwd, &["config", scope, key, value])?;
        }
    }
    let Some(config_path) = &config.path else {
        report.notes.push(
            "no .sops.yaml found: no .gitattributes lines written (they follow its creation rules)"
                .to_owned(),
        );
        return Ok(report);
    };
    let dir = config_path.parent().unwrap_or(Path::new("/")).to_path_buf();
    let tracked = tracked_files(&dir)?;
    let selected: Vec<&str> = tracked
        .iter()
        .map(String::as_str)
        .filter(|f| must_be_encrypted(config, f))
        .collect();
    let patterns = patterns(config, &tracked, &mut report.notes);
    let attributes_file = dir.join(".gitattributes");
    let existing = match std::fs::read_to_string(&attributes_file) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(source) => {
            return Err(GitError::Read {
                file: attributes_file,
                source,
            })
        }
    };
    let have: Vec<&str> = existing.lines().map(str::trim).collect();
    let missing: Vec<String> = patterns
        .iter()
        .map(|p| format!("{p} {ATTRIBUTES}"))
        .filter(|line| !have.contains(&line.as_str()))
        .collect();
    for line in &missing {
        report
            .changes
            .push(format!("{}: add `{line}`", attributes_file.display()));
    }
    if !missing.is_empty() && !check {
        let mut text = existing.clone();
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        if !have.contains(&MARKER) {
            text.push_str(MARKER);
            text.push('\n');
        }
        for line in &missing {
            text.push_str(line);
            text.push('\n');
        }
        crate::atomic_file::replace(&attributes_file, text.as_bytes(), false).map_err(
            |source| GitError::Write {
                file: attributes_file.clone(),
                source,
            },
        )?;
    }
    if !check || missing.is_empty() {
        for file in uncovered(&dir, &selected)? {
            report.notes.push(format!(
                "{file}: a creation rule selects it but its attributes are not {ATTRIBUTES} (another .gitattributes line overrides them?)"
            ));
        }
    }
    Ok(report)
}

/// How git should call rsops: `rsops` when that is this program on PATH,
/// else this program's full path.
fn command_name() -> String {
    let me = std::env::current_exe().and_then(std::fs::canonicalize).ok();
    let on_path = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join("rsops"))
            .find(|p| p.is_file())
    });
    match (&me, on_path.and_then(|p| std::fs::canonicalize(p).ok())) {
        (Some(me), Some(found)) if *me == found => "rsops".to_owned(),
        (Some(me), _) => shlex::try_quote(&me.to_string_lossy())
            .map(|q| q.into_owned())
            .unwrap_or_else(|_| "rsops".to_owned()),
        (None, _) => "rsops".to_owned(),
    }
}

/// The files git tracks under `dir`, relative to it.
fn tracked_files(dir: &Path) -> Result<Vec<String>, GitError> {
    let out = git(dir, &["ls-files", "-z"])?;
    Ok(out
        .split(|&b| b == 0)
        .filter(|f| !f.is_empty())
        .map(|f| String::from_utf8_lossy(f).into_owned())
        .collect())
}

/// The `.gitattributes` patterns for the files the creation rules select:
/// a glob when the rule's `path_regex` has one, else the tracked files it
/// selects one by one.
fn patterns(config: &Config, tracked: &[String], notes: &mut Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (i, rule) in config.rules.iter().enumerate() {
        let Some(re) = rule.path_regex() else {
            continue;
        };
        if let Some(globs) = glob_for(re) {
            out.extend(globs);
            continue;
        }
        let files: Vec<&String> = tracked
            .iter()
            .filter(|f| rule.matches(f) && must_be_encrypted(config, f))
            .collect();
        notes.push(format!(
            "creation_rules[{i}]: path_regex {:?} has no .gitattributes glob; listed the {} tracked files it selects (run `rsops git setup` again after adding files)",
            re,
            files.len()
        ));
        for f in files {
            if f.chars()
                .any(|c| c.is_whitespace() || "*?[\\\"".contains(c))
            {
                notes.push(format!(
                    "{f}: its name cannot be written in .gitattributes; add a line for it by hand"
                ));
            } else {
                out.push(format!("/{f}"));
            }
        }
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|p| seen.insert(p.clone()));
    out
}

/// A part of a simple regex: literal text or `.*`.
#[derive(Debug, PartialEq)]
enum Part {
    Text(String),
    Any,
}

/// `.gitattributes` globs that select what the regex `re` matches (on
/// paths relative to the folder of `.sops.yaml`), for the shapes rules
/// are usually written in: `\.enc\.yaml$`, `^secrets/`, `^prod/.*\.env$`,
/// `^config/db\.yaml$`. `None` for anything else.
pub fn glob_for(re: &str) -> Option<Vec<String>> {
    let (mut anchored, rest) = match re.strip_prefix('^') {
        Some(r) => (true, r),
        None => (false, re),
    };
    let mut parts: Vec<Part> = Vec::new();
    let mut ended = false;
    let mut chars = rest.chars().peekable();
    let mut text = String::new();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let e = chars.next()?;
                if e.is_ascii_alphanumeric() {
                    return None;
                }
                text.push(e);
            }
            '.' if matches!(chars.peek(), Some('*') | Some('+')) => {
                chars.next();
                if !text.is_empty() {
                    parts.push(Part::Text(std::mem::take(&mut text)));
                }
                parts.push(Part::Any);
            }
            '$' if chars.peek().is_none() => ended = true,
            '.' | '*' | '+' | '?' | '(' | ')' | '[' | ']' | '{' | '}' | '|' | '^' | '$' => {
                return None
            }
            c => text.push(c),
        }
    }
    if !text.is_empty() {
        parts.push(Part::Text(text));
    }
    // A leading `.*` is what an unanchored regex does anyway; a trailing
    // one is what a regex without `$` does.
    if parts.first() == Some(&Part::Any) {
        parts.remove(0);
        anchored = false;
    }
    if parts.last() == Some(&Part::Any) {
        parts.pop();
        ended = false;
    }
    let glob_text = |t: &str| !t.contains(['*', '?', '[', ' ', '\t', '!', '#']);
    let start = |first: &str| -> String {
        match (anchored, first.contains('/')) {
            (true, _) => "/".to_owned(),
            (false, false) => "*".to_owned(),
            (false, true) => "**/*".to_owned(),
        }
    };
    match parts.as_slice() {
        [Part::Text(t)] if glob_text(t) => match (ended, t.ends_with('/')) {
            (true, _) => Some(vec![format!("{}{t}", start(t))]),
            (false, true) => Some(vec![format!("{}{t}**", start(t))]),
            (false, false) if anchored => Some(vec![format!("/{t}*"), format!("/{t}*/**")]),
            (false, false) => None,
        },
        [Part::Text(before), Part::Any, Part::Text(after)]
            if ended
                && before.ends_with('/')
                && !after.contains('/')
                && glob_text(before)
                && glob_text(after) =>
        {
            Some(vec![format!("{}{before}**/*{after}", start(before))])
        }
        _ => None,
    }
}

/// The files of `selected` (relative to `dir`) whose `diff` or `merge`
/// attribute is not `rsops`.
fn uncovered(dir: &Path, selected: &[&str]) -> Result<Vec<String>, GitError> {
    if selected.is_empty() {
        return Ok(Vec::new());
    }
    let mut input = Vec::new();
    for f in selected {
        input.extend_from_slice(f.as_bytes());
        input.push(0);
    }
    let stdout = git_with_input(
        dir,
        &["check-attr", "-z", "--stdin", "diff", "merge"],
        Some(input),
    )?;
    // Triples of path, attribute, value.
    let fields: Vec<&[u8]> = stdout.split(|&b| b == 0).collect();
    let mut bad: Vec<String> = Vec::new();
    for triple in fields.chunks_exact(3) {
        if triple[2] != b"rsops" {
            let path = String::from_utf8_lossy(triple[0]).into_owned();
            if bad.last() != Some(&path) {
                bad.push(path);
            }
        }
    }
    Ok(bad)
}

#[cfg(test)]
mod tests {
    use super::glob_for;

    fn glob(re: &str) -> Option<Vec<String>> {
        glob_for(re)
    }

    #[test]
    fn usual_rules_become_globs() {
        assert_eq!(glob(r"\.enc\.yaml$").unwrap(), ["*.enc.yaml"]);
        assert_eq!(glob(r".*\.enc\.yaml$").unwrap(), ["*.enc.yaml"]);
        assert_eq!(glob(r"^secrets/").unwrap(), ["/secrets/**"]);
        assert_eq!(glob(r"^secrets/.*").unwrap(), ["/secrets/**"]);
        assert_eq!(glob(r"^prod/.*\.env$").unwrap(), ["/prod/**/*.env"]);
        assert_eq!(glob(r"^config/db\.yaml$").unwrap(), ["/config/db.yaml"]);
        assert_eq!(glob(r"secrets/db\.yaml$").unwrap(), ["**/*secrets/db.yaml"]);
        assert_eq!(glob(r"^prod").unwrap(), ["/prod*", "/prod*/**"]);
    }

    #[test]
    fn other_regexes_have_no_glob() {
        for re in [
            r"\d+\.yaml$",
            r"(a|b)\.yaml",
            r"x[ab]\.yaml",
            "prod",
            r"^a/.*/b/.*\.y$",
        ] {
            assert_eq!(glob(re), None, "{re}");
        }
    }
}
