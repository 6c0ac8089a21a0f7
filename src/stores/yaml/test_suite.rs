//! The yaml-test-suite (testdata/yaml-test-suite): every valid input parses
//! to the scalars its event file lists, in order; every invalid one is
//! refused. rsops must never encrypt what sops or kubectl would read
//! differently, so the parser is held to the YAML spec.

use std::path::{Path, PathBuf};

use super::parse::{parse, Kind, Node};

/// Invalid inputs granit-parser accepts without `strict_indentation` (3 of
/// 94): under-indented continuation lines of a flow sequence and of a
/// double-quoted scalar, and a tab before a quoted continuation. go-yaml
/// accepts them too and reads the same values, so nothing is read
/// differently; the strict option would refuse `[` … `]` closed at the
/// key's column, common in real files (see `parse`).
const ACCEPTED_INVALID: &[&str] = &["9C9N", "DK95/01", "QB6E"];

/// Valid YAML 1.2 that sops' reader (go-yaml) refuses, and so rsops does:
/// the `\/` escape, which a file for sops cannot use.
const REFUSED_LIKE_GO_YAML: &[&str] = &["3UYS"];

/// Valid cases rsops reads as go-yaml (sops) and PyYAML do, not as the
/// suite expects: a block scalar whose last line, of spaces only, ends the
/// file without a line break gets no final line break (`- |+` then two
/// spaces is `""`, not `"\n"`).
const READ_LIKE_GO_YAML: &[&str] = &["JEF9/02", "L24T/01"];

fn cases(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    entries.sort();
    for entry in entries {
        if entry.join("in.yaml").is_file() {
            out.push(entry.clone());
        }
        cases(&entry, out);
    }
}

/// The scalars of an event file: `=VAL` values and `*` for `=ALI`.
fn expected_scalars(events: &str) -> Vec<String> {
    events
        .lines()
        .filter_map(|line| {
            if line.starts_with("=ALI") {
                return Some("*".to_owned());
            }
            let mut rest = line.strip_prefix("=VAL ")?;
            loop {
                if rest.starts_with('&') {
                    rest = rest.split_once(' ').map_or("", |(_, r)| r);
                } else if rest.starts_with('<') {
                    rest = rest.split_once("> ").map_or("", |(_, r)| r);
                } else {
                    break;
                }
            }
            Some(unescape(rest.get(1..).unwrap_or("")))
        })
        .collect()
}

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('b') => out.push('\u{8}'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

fn scalars(node: &Node, out: &mut Vec<String>) {
    match &node.kind {
        // An empty node is reported as `~` with an empty span.
        Kind::Scalar { value, .. } if node.start == node.end && value == "~" => {
            out.push(String::new())
        }
        Kind::Scalar { value, .. } => out.push(value.to_string()),
        Kind::Alias(_) => out.push("*".to_owned()),
        Kind::Map { .. } | Kind::Seq { .. } => {
            for child in node.children() {
                scalars(child, out);
            }
        }
    }
}

#[test]
fn yaml_test_suite() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/yaml-test-suite");
    let mut all = Vec::new();
    cases(&root, &mut all);
    assert!(all.len() > 400, "the suite has 402 cases");
    let mut failures = Vec::new();
    let (mut valid, mut refused, mut version_refused) = (0, 0, 0);
    for case in &all {
        let id = case.strip_prefix(&root).unwrap().display().to_string();
        let input = std::fs::read(case.join("in.yaml")).unwrap();
        let Ok(text) = std::str::from_utf8(&input) else {
            continue;
        };
        let result = parse(text);
        if case.join("error").is_file() {
            refused += 1;
            match (result.is_ok(), ACCEPTED_INVALID.contains(&id.as_str())) {
                (true, false) => failures.push(format!("{id}: invalid input accepted")),
                (false, true) => {
                    failures.push(format!("{id}: refused now; update ACCEPTED_INVALID"))
                }
                _ => {}
            }
            continue;
        }
        valid += 1;
        let events = std::fs::read_to_string(case.join("test.event")).unwrap();
        let want = expected_scalars(&events);
        match result {
            // sops (go-yaml) reads only YAML 1.1 directives; rsops refuses
            // the others rather than read them differently.
            Err(e) if e.to_string().contains("%YAML") => version_refused += 1,
            Err(_) if REFUSED_LIKE_GO_YAML.contains(&id.as_str()) => version_refused += 1,
            Err(e) => failures.push(format!("{id}: valid input refused: {e}")),
            Ok(stream) => {
                let mut got = Vec::new();
                for doc in &stream.docs {
                    if let Some(root) = &doc.root {
                        scalars(root, &mut got);
                    }
                }
                if got != want && !READ_LIKE_GO_YAML.contains(&id.as_str()) {
                    failures.push(format!("{id}: scalars {got:?}, expected {want:?}"));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases ({valid} valid, {refused} invalid, {version_refused} refused as go-yaml does):\n{}",
        failures.len(),
        all.len(),
        failures.join("\n")
    );
}
