//! The dotenv reader for `secretFrom[].envs`, with godotenv v1.5.1's rules
//! (ksops parses decrypted env files with it, so its quirks are the
//! contract): `export` prefixes, `#` comments, `=` or `:` separators,
//! single-quoted literals, double-quoted escapes, and `$NAME`/`${NAME}`
//! expanded from keys defined earlier in the same file.
//!
//! This is deliberately not the dotenv *store*: the store reads what sops
//! writes (`KEY=VALUE`, no expansion), while a generator must read what
//! godotenv reads, which also accepts YAML-style `key: value` lines.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::{Captures, Regex};
use zeroize::Zeroizing;

/// Why an env file does not parse: the line and the problem, never the
/// line's text (values are decrypted secrets).
#[derive(Debug, thiserror::Error)]
#[error("line {line}: {problem}")]
pub struct EnvError {
    pub line: usize,
    pub problem: EnvProblem,
}

#[derive(Debug, thiserror::Error)]
pub enum EnvProblem {
    #[error("unexpected character {0:?} in a variable name")]
    NameCharacter(char),
    #[error("no '=' after the variable name")]
    NoSeparator,
    #[error("unterminated quoted value")]
    Unterminated,
}

/// Parses `text` into its entries; a later key overrides an earlier one.
///
/// ```
/// let env = rsops::krm::envs::parse("USER=admin\nexport PASS='p$x' # note\nURL=\"http://$USER@h\"\n").unwrap();
/// assert_eq!(env["PASS"], "p$x");
/// assert_eq!(env["URL"], "http://admin@h");
/// ```
pub fn parse(text: &str) -> Result<BTreeMap<String, String>, EnvError> {
    // A copy of decrypted text: wiped when parsing ends.
    let normalized = Zeroizing::new(text.replace("\r\n", "\n"));
    let text: &str = &normalized;
    let mut out = BTreeMap::new();
    let mut rest: &str = text;
    while let Some(statement) = statement_start(rest) {
        let line = text[..text.len() - statement.len()].matches('\n').count() + 1;
        let at_line = |problem| EnvError { line, problem };
        let (key, after_key) = key_name(statement).map_err(at_line)?;
        let (value, after_value) = value(after_key, &out).map_err(at_line)?;
        out.insert(key, value);
        rest = after_value;
    }
    Ok(out)
}

/// godotenv's `isSpace`: horizontal white space, not line ends.
fn is_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\u{b}' | '\u{c}' | '\r' | ' ' | '\u{85}' | '\u{a0}'
    )
}

/// Skips blank lines and comment lines; `None` at the end of the text.
fn statement_start(mut src: &str) -> Option<&str> {
    loop {
        src = src.trim_start();
        if src.is_empty() {
            return None;
        }
        if !src.starts_with('#') {
            return Some(src);
        }
        src = &src[src.find('\n')?..];
    }
}

fn key_name(src: &str) -> Result<(String, &str), EnvProblem> {
    let mut src = src.trim_start_matches(is_space);
    if let Some(trimmed) = src.strip_prefix("export") {
        if trimmed.starts_with(is_space) {
            src = trimmed.trim_start_matches(is_space);
        }
    }
    for (i, c) in src.char_indices() {
        if is_space(c) || c == '_' || c == '.' || c.is_alphanumeric() {
            continue;
        }
        if c == '=' || c == ':' {
            let key = src[..i].trim_end().to_owned();
            return Ok((key, src[i + 1..].trim_start_matches(is_space)));
        }
        return Err(EnvProblem::NameCharacter(c));
    }
    Err(EnvProblem::NoSeparator)
}

/// Reads one value and returns it with the text after it.
fn value<'a>(
    src: &'a str,
    vars: &BTreeMap<String, String>,
) -> Result<(String, &'a str), EnvProblem> {
    let quote = match src.chars().next() {
        Some(q @ ('"' | '\'')) => q,
        _ => {
            let end = src.find(['\n', '\r']).unwrap_or(src.len());
            let line = &src[..end];
            // The last ` #` (a space before the hash) starts a comment.
            let chars: Vec<(usize, char)> = line.char_indices().collect();
            let mut cut = line.len();
            for w in chars.windows(2).rev() {
                if w[1].1 == '#' && is_space(w[0].1) {
                    cut = w[1].0;
                    break;
                }
            }
            let trimmed = line[..cut].trim_matches(is_space);
            return Ok((expand(trimmed, vars), &src[end..]));
        }
    };
    let bytes = src.as_bytes();
    for i in 1..bytes.len() {
        if bytes[i] != quote as u8 || bytes[i - 1] == b'\\' {
            continue;
        }
        let inner = src[..i].trim_matches(quote);
        let value = if quote == '"' {
            expand(&unescape(inner), vars)
        } else {
            inner.to_owned()
        };
        return Ok((value, &src[i + 1..]));
    }
    Err(EnvProblem::Unterminated)
}

/// Double-quote escapes: `\n` and `\r` become line ends, `\X` becomes `X`
/// except `\$`, which expansion handles.
fn unescape(s: &str) -> String {
    static ESCAPE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\\.").expect("valid regex"));
    static UNESCAPE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\\([^$])").expect("valid regex"));
    let out = ESCAPE.replace_all(s, |c: &Captures| match &c[0] {
        "\\n" => "\n".to_owned(),
        "\\r" => "\r".to_owned(),
        other => other.to_owned(),
    });
    UNESCAPE.replace_all(&out, "$1").into_owned()
}

/// `$NAME` and `${NAME}` from earlier keys (unknown names become empty);
/// `\$` keeps the text literally.
fn expand(s: &str, vars: &BTreeMap<String, String>) -> String {
    static VAR: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(\\)?(\$)(\()?\{?([A-Z0-9_]+)?\}?").expect("valid regex"));
    VAR.replace_all(s, |c: &Captures| {
        if c.get(1).is_some() {
            c[0][1..].to_owned()
        } else if let Some(name) = c.get(4) {
            vars.get(name.as_str()).cloned().unwrap_or_default()
        } else {
            c[0].to_owned()
        }
    })
    .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str, key: &str) -> String {
        parse(text).unwrap()[key].clone()
    }

    #[test]
    fn export_comments_and_separators() {
        let env = parse("# c\nexport A=1\nB: two\n  C = x # trailing\nD=a#b\n").unwrap();
        assert_eq!(
            env.into_iter().collect::<Vec<_>>(),
            [
                ("A".into(), "1".into()),
                ("B".into(), "two".into()),
                ("C".into(), "x".into()),
                ("D".into(), "a#b".into())
            ]
        );
    }

    #[test]
    fn quotes_escapes_and_expansion() {
        assert_eq!(one("A='x $B \\n'", "A"), "x $B \\n");
        assert_eq!(one("B=bee\nA=\"l1\\nl2 $B ${B}\"", "A"), "l1\nl2 bee bee");
        assert_eq!(one("A=\"multi\nline\"", "A"), "multi\nline");
        assert_eq!(one("A=p$SECRET", "A"), "p");
        assert_eq!(one("A=\\$HOME", "A"), "$HOME");
        assert_eq!(one("A=\"say \\\"hi\\\" ok\"", "A"), "say \"hi\" ok");
        // godotenv trims every quote character at the ends, escaped or not.
        assert_eq!(one("A=\"say \\\"hi\\\"\"", "A"), "say \"hi\\");
        assert_eq!(one("A=", "A"), "");
    }

    #[test]
    fn later_keys_override_and_bad_names_fail() {
        assert_eq!(one("A=1\nA=2", "A"), "2");
        let err = parse("MY-KEY=1").unwrap_err().to_string();
        assert!(err.contains("unexpected character '-'"), "{err}");
        let err = parse("A=1\nB=\"s3cret").unwrap_err().to_string();
        assert!(
            err.contains("line 2: unterminated") && !err.contains("s3cret"),
            "{err}"
        );
    }
}
