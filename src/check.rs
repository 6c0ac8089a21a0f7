//! `rsops check`: the leak gate. Finds files that `.sops.yaml` says must be
//! encrypted but are not, sops files whose metadata is broken or whose MAC
//! does not verify, and (strict) plaintext values under secret-looking
//! keys outside encrypted files.
//!
//! It reads only what it must, so that a pre-commit hook over a large
//! repository stays fast: a file is read when a creation rule selects it or
//! when its format can hold sops metadata, and a file without the marker
//! of that metadata is not parsed (unless `strict`).

#![doc(hidden)]

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::git::{git, git_with_input, GitError};
use crate::keys::KeyContext;
use crate::ops::{self, DecryptOptions};
use crate::stores::Format;
use crate::tree::{Item, Map, Value};

/// What is wrong with a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A creation rule selects it, and it has no sops metadata.
    NotEncrypted,
    /// Its sops metadata is there but cannot be read.
    BrokenMetadata,
    /// A value does not decrypt or the MAC does not match: changed after
    /// encryption.
    Tampered,
    /// (strict) A plaintext value under a key that names a secret.
    SecretLike,
}

impl Kind {
    /// The name in `--json` output.
    pub fn id(self) -> &'static str {
        match self {
            Kind::NotEncrypted => "not-encrypted",
            Kind::BrokenMetadata => "broken-metadata",
            Kind::Tampered => "tampered",
            Kind::SecretLike => "secret-like",
        }
    }
}

/// One problem of one file; `message` never holds a value.
#[derive(Clone, Debug)]
pub struct Finding {
    pub file: String,
    pub kind: Kind,
    pub message: String,
}

/// The result of a check.
#[derive(Debug, Default)]
pub struct Report {
    pub findings: Vec<Finding>,
    /// Files looked at (read or not).
    pub files: usize,
    /// sops files whose values and MAC were verified.
    pub verified: usize,
    /// sops files that could not be verified because no key was at hand.
    pub unverified: Vec<String>,
}

/// Where the files' content comes from.
pub enum Source {
    /// The files as they are on disk.
    WorkTree,
    /// The content of each file, read beforehand (staged blobs); `None`
    /// when there is none.
    Given(Vec<Option<Vec<u8>>>),
}

/// How to check.
pub struct CheckOptions<'a> {
    pub config: &'a Config,
    /// Also look for plaintext secrets by key name.
    pub strict: bool,
    pub decrypt: DecryptOptions,
    pub keys: &'a KeyContext,
}

/// Whether `config` requires the file at `relative` (to the config's
/// folder, `/`-separated) to be encrypted: the first creation rule that
/// matches it has a `path_regex`. A rule without one (a catch-all for the
/// keys) selects no file, else every README would have to be encrypted.
pub fn must_be_encrypted(config: &Config, relative: &str) -> bool {
    config
        .rules
        .iter()
        .find(|r| r.matches(relative))
        .is_some_and(|r| r.path_regex().is_some())
}

/// `file` (relative to the working directory `cwd`) relative to the folder
/// of `config`, as creation rules match it; `None` outside that folder.
pub fn relative_to_config(config: &Config, cwd: &Path, file: &Path) -> Option<String> {
    let dir = config.path.as_deref()?.parent()?;
    let absolute = crate::config::absolute(&cwd.join(file));
    absolute
        .strip_prefix(dir)
        .ok()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
}

/// Whether a creation rule requires `file` (relative to `cwd`) to be
/// encrypted.
fn selected(file: &Path, cwd: &Path, options: &CheckOptions) -> bool {
    relative_to_config(options.config, cwd, file)
        .is_some_and(|rel| must_be_encrypted(options.config, &rel))
}

/// Whether checking `file` (relative to `cwd`) needs its content.
pub fn wants(file: &Path, cwd: &Path, options: &CheckOptions) -> bool {
    needs_reading(
        selected(file, cwd, options),
        Format::from_path(file),
        options.strict,
    )
}

/// Whether a file of `format` must be read to be checked.
fn needs_reading(selected: bool, format: Format, strict: bool) -> bool {
    selected || can_hold_metadata(format) || (strict && format != Format::Binary)
}

/// The formats sops metadata can be found in without a creation rule
/// saying so (a binary file encrypted by sops is only checked when a rule
/// selects it, since any file name can hold one).
fn can_hold_metadata(format: Format) -> bool {
    format != Format::Binary
}

/// Checks `files` (relative to `cwd`).
pub fn check(files: &[PathBuf], cwd: &Path, source: Source, options: &CheckOptions) -> Report {
    let given = match &source {
        Source::Given(contents) => Some(contents),
        Source::WorkTree => None,
    };
    let indices: Vec<usize> = (0..files.len()).collect();
    let results = crate::parallel::map_in_parallel(&indices, |&i| {
        let file = &files[i];
        let content = match given {
            Some(contents) => Content::Given(contents.get(i).and_then(Option::as_deref)),
            None => Content::Disk(cwd.join(file)),
        };
        check_file(file, content, cwd, options)
    });
    let mut report = Report {
        files: files.len(),
        ..Report::default()
    };
    for result in results {
        match result {
            Outcome::Fine => {}
            Outcome::Verified => report.verified += 1,
            Outcome::NoKey(file) => report.unverified.push(file),
            Outcome::Found(found) => report.findings.extend(found),
        }
    }
    report
}

enum Content<'a> {
    Disk(PathBuf),
    Given(Option<&'a [u8]>),
}

enum Outcome {
    Fine,
    Verified,
    NoKey(String),
    Found(Vec<Finding>),
}

fn check_file(file: &Path, content: Content<'_>, cwd: &Path, options: &CheckOptions) -> Outcome {
    let name = file.display().to_string();
    let format = Format::from_path(file);
    let selected = selected(file, cwd, options);
    if !needs_reading(selected, format, options.strict) {
        return Outcome::Fine;
    }
    let owned;
    let bytes: &[u8] = match content {
        Content::Given(Some(b)) => b,
        Content::Given(None) => return Outcome::Fine,
        Content::Disk(path) => match std::fs::read(&path) {
            Ok(b) => {
                owned = b;
                &owned
            }
            // Deleted but still tracked, or not a file: nothing to leak.
            Err(_) => return Outcome::Fine,
        },
    };
    let found = |kind, message: String| {
        Outcome::Found(vec![Finding {
            file: name.clone(),
            kind,
            message,
        }])
    };
    if !selected && !has_marker(format, bytes) {
        return match options.strict {
            true => secret_like(&name, format, bytes),
            false => Outcome::Fine,
        };
    }
    // A selected binary-named file is read as sops reads it: JSON.
    let parse_as = if format == Format::Binary {
        Format::Json
    } else {
        format
    };
    match ops::verify(bytes, parse_as, &options.decrypt, options.keys, &name) {
        Ok(_) => Outcome::Verified,
        Err(crate::Error::Recovery { .. }) => Outcome::NoKey(name),
        Err(crate::Error::MetadataNotFound { .. } | crate::Error::ParseEncrypted { .. })
            if selected =>
        {
            found(
                Kind::NotEncrypted,
                "a creation rule of .sops.yaml selects this file, but it is not encrypted; encrypt it with `rsops encrypt -i` (and take any secret in it out of git history)".to_owned(),
            )
        }
        Err(crate::Error::MetadataNotFound { .. } | crate::Error::ParseEncrypted { .. }) => {
            match options.strict {
                true => secret_like(&name, format, bytes),
                false => Outcome::Fine,
            }
        }
        Err(e @ crate::Error::Metadata { .. }) => found(Kind::BrokenMetadata, e.to_string()),
        Err(e @ (crate::Error::Mac { .. } | crate::Error::Decrypt { .. })) => {
            found(Kind::Tampered, e.to_string())
        }
        Err(e) => found(Kind::BrokenMetadata, e.to_string()),
    }
}

/// Whether `bytes` may hold sops metadata in `format`: a cheap byte search
/// that spares parsing the files that cannot.
fn has_marker(format: Format, bytes: &[u8]) -> bool {
    let find = |needle: &[u8]| memchr::memmem::find(bytes, needle).is_some();
    match format {
        Format::Dotenv => find(b"sops_"),
        Format::Ini | Format::Toml => find(b"[sops]"),
        _ => find(b"sops"),
    }
}

/// Key names that say their value is a secret (matched as parts of the
/// lower-cased key, `-` read as `_`).
const SECRET_WORDS: &[&str] = &[
    "password",
    "passwd",
    "passphrase",
    "secret",
    "token",
    "private_key",
    "privatekey",
    "api_key",
    "apikey",
    "access_key",
    "credential",
];

/// Whether `key` names a secret.
pub fn is_secret_key(key: &str) -> bool {
    let key = key.to_ascii_lowercase().replace('-', "_");
    SECRET_WORDS.iter().any(|w| key.contains(w))
}

/// (strict) The plaintext values of a file not encrypted by sops whose key
/// names a secret, by path.
fn secret_like(name: &str, format: Format, bytes: &[u8]) -> Outcome {
    if !matches!(
        format,
        Format::Yaml | Format::Json | Format::Dotenv | Format::Ini
    ) {
        return Outcome::Fine;
    }
    let Ok(doc) = crate::stores::load(format, bytes, false) else {
        return Outcome::Fine;
    };
    let mut paths = Vec::new();
    for branch in &doc.tree.branches {
        walk_map(branch, &mut String::new(), false, &mut paths);
    }
    if paths.is_empty() {
        return Outcome::Fine;
    }
    Outcome::Found(
        paths
            .into_iter()
            .map(|path| Finding {
                file: name.to_owned(),
                kind: Kind::SecretLike,
                message: format!("{path} holds a plaintext value under a key that names a secret; encrypt the file with sops/rsops (add a creation rule for it), or move the value out of git"),
            })
            .collect(),
    )
}

fn walk_map(map: &Map, path: &mut String, secret: bool, out: &mut Vec<String>) {
    for item in &map.0 {
        if let Item::Entry(k, v) = item {
            let len = path.len();
            path.push_str(&format!("[{k:?}]"));
            walk_value(v, path, secret || is_secret_key(k), out);
            path.truncate(len);
        }
    }
}

fn walk_value(value: &Value, path: &mut String, secret: bool, out: &mut Vec<String>) {
    match value {
        Value::Map(m) => walk_map(m, path, secret, out),
        Value::List(items) => {
            for (i, v) in items.iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                walk_value(v, path, secret, out);
                path.truncate(len);
            }
        }
        Value::Str(s) if secret && looks_like_a_value(s) => out.push(path.clone()),
        Value::Int(_) | Value::Float(_) | Value::Bytes(_) if secret => out.push(path.clone()),
        _ => {}
    }
}

/// Whether a string under a secret key is a real value rather than empty,
/// already encrypted, or a reference to one elsewhere (`${VAR}`,
/// `{{ template }}`, `<placeholder>`).
fn looks_like_a_value(s: &str) -> bool {
    let s = s.trim();
    !(s.is_empty()
        || crate::cipher::is_enc_value(s)
        || s.starts_with("${")
        || s.starts_with("{{")
        || (s.starts_with('<') && s.ends_with('>')))
}

/// The files git tracks under `cwd`, relative to it.
pub fn tracked_files(cwd: &Path) -> Result<Vec<PathBuf>, GitError> {
    Ok(split_z(&git(cwd, &["ls-files", "-z"])?))
}

/// The files staged for the next commit (added, copied, changed or
/// renamed; a deletion leaks nothing), relative to the top folder of the
/// work tree, limited to `paths` (relative to `cwd`) when given.
pub fn staged_files(cwd: &Path, paths: &[PathBuf]) -> Result<Vec<PathBuf>, GitError> {
    let mut args: Vec<String> = [
        "diff",
        "--cached",
        "--name-only",
        "-z",
        "--diff-filter=ACMR",
        "--",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    args.extend(paths.iter().map(|p| p.to_string_lossy().into_owned()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    Ok(split_z(&git(cwd, &args)?))
}

fn split_z(out: &[u8]) -> Vec<PathBuf> {
    out.split(|&b| b == 0)
        .filter(|f| !f.is_empty())
        .map(|f| PathBuf::from(String::from_utf8_lossy(f).into_owned()))
        .collect()
}

/// The staged content of each of `files` (relative to the top folder
/// `top`) that `wanted`, read through one `git cat-file --batch`.
pub fn read_staged(
    top: &Path,
    files: &[PathBuf],
    wanted: impl Fn(&Path) -> bool,
) -> Result<Vec<Option<Vec<u8>>>, GitError> {
    let failed = |message: String| GitError::Git {
        args: "cat-file --batch".to_owned(),
        message,
    };
    let wanted: Vec<bool> = files
        .iter()
        .map(|f| wanted(f) && !f.to_string_lossy().contains('\n'))
        .collect();
    let mut input = Vec::new();
    for (f, _) in files.iter().zip(&wanted).filter(|(_, w)| **w) {
        input.extend_from_slice(format!(":{}\n", f.to_string_lossy()).as_bytes());
    }
    let stdout = git_with_input(top, &["cat-file", "--batch"], Some(input))?;
    // Each answer: "<object> blob <size>\n<content>\n", or "<name> missing\n".
    let mut rest: &[u8] = &stdout;
    let mut contents = Vec::with_capacity(files.len());
    for w in wanted {
        if !w {
            contents.push(None);
            continue;
        }
        let end = memchr::memchr(b'\n', rest).ok_or_else(|| failed("short output".into()))?;
        let header = String::from_utf8_lossy(&rest[..end]).into_owned();
        rest = &rest[end + 1..];
        let size = header.strip_suffix(" missing").map_or_else(
            || header.rsplit(' ').next()?.parse::<usize>().ok(),
            |_| None,
        );
        match size {
            Some(size) if rest.len() > size => {
                contents.push(Some(rest[..size].to_vec()));
                rest = &rest[size + 1..];
            }
            _ => contents.push(None),
        }
    }
    Ok(contents)
}

/// The files of `paths`: files as given, folders walked (without `.git`).
pub fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>, (PathBuf, std::io::Error)> {
    let mut out = Vec::new();
    let mut stack: Vec<PathBuf> = paths.iter().rev().cloned().collect();
    while let Some(p) = stack.pop() {
        let meta = std::fs::metadata(&p).map_err(|e| (p.clone(), e))?;
        if !meta.is_dir() {
            out.push(p);
            continue;
        }
        let mut entries: Vec<PathBuf> = std::fs::read_dir(&p)
            .map_err(|e| (p.clone(), e))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|e| e.file_name().is_none_or(|n| n != ".git"))
            .collect();
        entries.sort();
        stack.extend(entries.into_iter().rev());
    }
    Ok(out)
}

/// `s` as a JSON string, quotes included.
pub fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    crate::encoding::push_json_string(&mut out, s);
    out
}

impl Report {
    /// The report as one JSON document.
    pub fn to_json(&self) -> String {
        let findings: Vec<String> = self
            .findings
            .iter()
            .map(|f| {
                format!(
                    "{{\"file\":{},\"kind\":{},\"message\":{}}}",
                    json_string(&f.file),
                    json_string(f.kind.id()),
                    json_string(&f.message)
                )
            })
            .collect();
        let unverified: Vec<String> = self.unverified.iter().map(|f| json_string(f)).collect();
        format!(
            "{{\"ok\":{},\"files\":{},\"verified\":{},\"unverified\":[{}],\"findings\":[{}]}}\n",
            self.findings.is_empty(),
            self.files,
            self.verified,
            unverified.join(","),
            findings.join(",")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_names_are_found_in_any_spelling() {
        for key in [
            "password",
            "DB_PASSWORD",
            "api-key",
            "githubToken",
            "ssh_private_key",
        ] {
            assert!(is_secret_key(key), "{key}");
        }
        assert!(!is_secret_key("username"));
        assert!(!is_secret_key("hostname"));
    }

    #[test]
    fn strict_names_paths_and_skips_references() {
        let yaml = b"db:\n  user: u\n  password: hunter2\nref:\n  token: ${TOKEN}\nkeys:\n  api_key:\n    - a\n    - ENC[AES256_GCM,data:x,iv:y,tag:z,type:str]\n";
        let Outcome::Found(found) = secret_like("f.yaml", Format::Yaml, yaml) else {
            panic!("nothing found");
        };
        let paths: Vec<&str> = found.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(found.len(), 2, "{paths:?}");
        assert!(paths[0].starts_with(r#"["db"]["password"] "#));
        assert!(paths[1].starts_with(r#"["keys"]["api_key"][0] "#));
        assert!(found.iter().all(|f| !f.message.contains("hunter2")));
    }

    #[test]
    fn json_strings_are_escaped() {
        assert_eq!(json_string("a\"b\\c\n\u{1}"), r#""a\"b\\c\n\u0001""#);
    }
}
