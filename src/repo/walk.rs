//! Which files a many-file command works on: the files named, and with
//! `-r` the files in the folders named that `.sops.yaml`'s creation rules
//! select, without `.git` and what `.gitignore` files ignore.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::config::Config;

/// One file to work on.
#[derive(Debug, Clone)]
pub struct Target {
    /// As named on the command line, or found under a folder named there.
    pub path: PathBuf,
    /// Absolute and cleaned, as creation rules see it.
    pub absolute: PathBuf,
    /// The index of the creation rule that selects it, if any.
    pub rule: Option<usize>,
    /// Found in a folder (not named): a file of the wrong kind (plain for
    /// decrypt, encrypted for encrypt) is passed over, not an error.
    pub from_folder: bool,
}

/// Which files in a folder a command wants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Want {
    /// Plain files (encrypt); the creation rules must select them.
    Plain,
    /// Encrypted files (decrypt, updatekeys, rotate, filestatus); when
    /// there are creation rules, one must select them.
    Encrypted,
}

/// Why the files could not be listed.
#[derive(Debug, thiserror::Error)]
pub enum WalkError {
    /// A folder was named without `-r`.
    #[error("{0} is a folder: add -r (--recursive) to work on the files in it")]
    Folder(PathBuf),
    /// Encrypting a folder needs creation rules to say which files.
    #[error("{0}: no .sops.yaml creation rules to say which files in it to encrypt; add a creation rule with a path_regex, or name the files")]
    NoRules(PathBuf),
    /// The folder could not be read.
    #[error("cannot read folder {path}: {source}")]
    Read {
        path: PathBuf,
        source: ignore::Error,
    },
}

/// Whether `bytes` may be a sops-encrypted file: every format keeps the
/// MAC as an `ENC[AES256_GCM,…]` value beside a `sops` key. Files found in
/// a folder that fail this are passed over by the commands that want
/// encrypted files (and by encrypt when they pass it); anything that passes
/// is worked on, so a damaged encrypted file is reported, not skipped.
pub fn looks_encrypted(bytes: &[u8]) -> bool {
    memchr::memmem::find(bytes, b"ENC[AES256_GCM,").is_some()
        && memchr::memmem::find(bytes, b"sops").is_some()
}

/// Names that are never secrets files themselves.
const NEVER: [&str; 3] = [".sops.yaml", ".sops.yml", ".gitignore"];

/// The files to work on, in command-line order and each once; a folder's
/// files sorted by path.
pub fn collect(
    inputs: &[PathBuf],
    config: &Config,
    recursive: bool,
    want: Want,
) -> Result<Vec<Target>, WalkError> {
    let mut seen = HashSet::new();
    let mut targets = Vec::new();
    let mut add = |path: PathBuf, from_folder: bool| {
        let absolute = crate::config::absolute(&path);
        let rule = config.first_match(&absolute);
        if seen.insert(absolute.clone()) {
            targets.push(Target {
                path,
                absolute,
                rule,
                from_folder,
            });
        }
    };
    for input in inputs {
        if !input.is_dir() {
            // A missing file fails when it is read, in its own report line.
            add(input.clone(), false);
            continue;
        }
        if !recursive {
            return Err(WalkError::Folder(input.clone()));
        }
        if want == Want::Plain && config.rules.is_empty() {
            return Err(WalkError::NoRules(input.clone()));
        }
        for path in walk(input)? {
            let absolute = crate::config::absolute(&path);
            let selected = config.rules.is_empty() || config.first_match(&absolute).is_some();
            if selected && config.path.as_deref() != Some(absolute.as_path()) {
                add(path, true);
            }
        }
    }
    Ok(targets)
}

/// The regular files under `dir`, sorted, without `.git` and what
/// `.gitignore` files (in it and its parents, in a git repository or not)
/// and `.git/info/exclude` ignore. Links are not followed.
fn walk(dir: &Path) -> Result<Vec<PathBuf>, WalkError> {
    let mut files = Vec::new();
    let walker = ignore::WalkBuilder::new(dir)
        .hidden(false)
        .parents(true)
        .ignore(false)
        .git_global(false)
        .git_ignore(true)
        .git_exclude(true)
        .require_git(false)
        .follow_links(false)
        .filter_entry(|e| e.file_name() != ".git")
        .sort_by_file_path(Path::cmp)
        .build();
    for entry in walker {
        let entry = entry.map_err(|source| WalkError::Read {
            path: dir.to_path_buf(),
            source,
        })?;
        let is_file = entry.file_type().is_some_and(|t| t.is_file());
        let name = entry.file_name().to_string_lossy();
        if is_file && !NEVER.contains(&name.as_ref()) {
            files.push(entry.into_path());
        }
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encrypted_files_are_told_from_plain_ones() {
        assert!(looks_encrypted(
            b"a: ENC[AES256_GCM,data:x]\nsops:\n  mac: ENC[AES256_GCM,data:y]\n"
        ));
        assert!(!looks_encrypted(b"a: b\n"));
        assert!(!looks_encrypted(b"sops: ENC[AES256_CBC,"));
    }

    #[test]
    fn folders_skip_git_and_gitignored_files_and_follow_the_rules() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for f in [
            "a.enc.yaml",
            "b.txt",
            "sub/c.enc.json",
            "ignored/d.enc.yaml",
            "sub/e.enc.yaml",
            ".git/f.enc.yaml",
        ] {
            let p = root.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "x").unwrap();
        }
        std::fs::write(root.join(".gitignore"), "ignored/\nsub/e.*\n").unwrap();
        let config_path = root.join(".sops.yaml");
        std::fs::write(
            &config_path,
            "creation_rules:\n  - path_regex: \\.enc\\.\n    age: age1x\n",
        )
        .unwrap();
        let config = crate::config::load(Some(&config_path)).unwrap();
        let names = |targets: Vec<Target>| -> Vec<String> {
            targets
                .iter()
                .map(|t| {
                    t.path
                        .strip_prefix(root)
                        .unwrap()
                        .to_string_lossy()
                        .into_owned()
                })
                .collect()
        };
        let found = collect(&[root.to_path_buf()], &config, true, Want::Encrypted).unwrap();
        assert!(found.iter().all(|t| t.rule == Some(0) && t.from_folder));
        assert_eq!(names(found), ["a.enc.yaml", "sub/c.enc.json"]);
        // Without rules, every file (the job then passes over plain ones).
        let none = Config::default();
        let found = collect(&[root.to_path_buf()], &none, true, Want::Encrypted).unwrap();
        assert_eq!(names(found), ["a.enc.yaml", "b.txt", "sub/c.enc.json"]);
        assert!(matches!(
            collect(&[root.to_path_buf()], &none, true, Want::Plain),
            Err(WalkError::NoRules(_))
        ));
        assert!(matches!(
            collect(&[root.to_path_buf()], &config, false, Want::Encrypted),
            Err(WalkError::Folder(_))
        ));
        // A file named twice, or named and found, is worked on once.
        let twice = [root.join("a.enc.yaml"), root.to_path_buf()];
        let found = collect(&twice, &config, true, Want::Encrypted).unwrap();
        assert_eq!(found.len(), 2);
        assert!(!found[0].from_folder);
    }
}
