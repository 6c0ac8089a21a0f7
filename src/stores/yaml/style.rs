//! How go-yaml v3 (and so sops) writes a scalar: a string is plain unless
//! go-yaml would quote it, single-quoted unless that cannot hold it, else
//! double-quoted; a multi-line string is a literal block; numbers, booleans
//! and times in go-yaml's spelling.

use super::resolve::{plain_is_str, resolve_plain, Resolved};
use crate::tree::Value;

/// How a string is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quote {
    Plain,
    Single,
    Double,
    Literal,
}

/// What go-yaml's emitter may do with a string (its `analyze_scalar`).
struct Analysis {
    block_plain: bool,
    flow_plain: bool,
    single: bool,
    block: bool,
    multiline: bool,
}

/// `go_printable`: judge characters as go-yaml's emitter does, which
/// escapes everything outside the Basic Multilingual Plane (emoji).
fn analyze(s: &str, go_printable: bool) -> Analysis {
    let mut a = Analysis {
        block_plain: true,
        flow_plain: true,
        single: true,
        block: true,
        multiline: false,
    };
    if s.is_empty() {
        a.block_plain = false;
        a.flow_plain = false;
        a.block = false;
        return a;
    }
    let (mut flow_ind, mut block_ind) = (false, false);
    if s.starts_with("---") || s.starts_with("...") {
        flow_ind = true;
        block_ind = true;
    }
    let blankz = |c: Option<char>| matches!(c, None | Some(' ' | '\t' | '\n' | '\r'));
    let (mut special, mut tab, mut space_break, mut break_space) = (false, false, false, false);
    let (mut prev_space, mut prev_break) = (false, false);
    let (mut leading_space, mut leading_break, mut trailing_space, mut trailing_break) =
        (false, false, false, false);
    let mut chars = s.chars().peekable();
    let mut first = true;
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        let last = next.is_none();
        if first {
            match c {
                '#' | ',' | '[' | ']' | '{' | '}' | '&' | '*' | '!' | '|' | '>' | '\'' | '"'
                | '%' | '@' | '`' => {
                    flow_ind = true;
                    block_ind = true;
                }
                '?' | ':' => {
                    flow_ind = true;
                    if blankz(next) {
                        block_ind = true;
                    }
                }
                '-' if blankz(next) => {
                    flow_ind = true;
                    block_ind = true;
                }
                _ => {}
            }
        } else {
            match c {
                ',' | '?' | '[' | ']' | '{' | '}' => flow_ind = true,
                ':' => {
                    flow_ind = true;
                    if blankz(next) {
                        block_ind = true;
                    }
                }
                '#' if prev_space || prev_break => {
                    flow_ind = true;
                    block_ind = true;
                }
                _ => {}
            }
        }
        if c == '\t' {
            tab = true;
        } else if !is_printable(c)
            || (go_printable && (c as u32) > 0xFFFF)
            || matches!(c, '\u{2028}' | '\u{2029}')
        {
            // U+2028 and U+2029 are escaped (`\L`, `\P`): go-yaml reads them
            // as line breaks, YAML 1.2 as characters, and rsops refuses
            // them unescaped.
            special = true;
        }
        if c == ' ' {
            if first {
                leading_space = true;
            }
            if last {
                trailing_space = true;
            }
            if prev_break {
                break_space = true;
            }
            prev_space = true;
            prev_break = false;
        } else if c == '\n' || c == '\r' || c == '\u{85}' || c == '\u{2028}' || c == '\u{2029}' {
            a.multiline = true;
            if first {
                leading_break = true;
            }
            if last {
                trailing_break = true;
            }
            if prev_space {
                space_break = true;
            }
            prev_space = false;
            prev_break = true;
        } else {
            prev_space = false;
            prev_break = false;
        }
        first = false;
    }
    // go-yaml's rules, condensed: what rules out plain, single-quoted and
    // block styles.
    let no_plain = leading_space
        || leading_break
        || trailing_space
        || trailing_break
        || break_space
        || space_break
        || tab
        || special
        || a.multiline;
    a.flow_plain = !no_plain && !flow_ind;
    a.block_plain = !no_plain && !block_ind;
    a.single = !(break_space || space_break || tab || special);
    a.block = !(trailing_space || space_break || special);
    a
}

/// go-yaml's `is_printable`, which (unlike the YAML spec) leaves out NEL
/// (U+0085).
fn is_printable(c: char) -> bool {
    matches!(c as u32,
        0x0A | 0x20..=0x7E | 0xA0..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF)
        && c != '\u{FEFF}'
}

/// Whether a literal block holds `s` so that sops reads it back: printable
/// characters only (no carriage return, as a block's line breaks read back
/// as `\n`; no U+2028 or U+2029).
pub fn block_can_hold(s: &str) -> bool {
    analyze(s, false).block
}

/// Whether go-yaml would write `s` plain (its encoder's `stringv`): the
/// text must read back as a string, also under YAML 1.1 (`yes`, `1:20`).
fn plain_is_string(s: &str) -> bool {
    plain_is_str(s) && !is_old_bool(s) && !is_base60_float(s)
}

fn is_old_bool(s: &str) -> bool {
    matches!(
        s,
        "y" | "Y"
            | "yes"
            | "Yes"
            | "YES"
            | "on"
            | "On"
            | "ON"
            | "n"
            | "N"
            | "no"
            | "No"
            | "NO"
            | "off"
            | "Off"
            | "OFF"
    )
}

/// go-yaml's `isBase60Float`: `^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`.
fn is_base60_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    if !b.get(i).is_some_and(u8::is_ascii_digit) {
        return false;
    }
    while b.get(i).is_some_and(|c| c.is_ascii_digit() || *c == b'_') {
        i += 1;
    }
    let mut groups = 0;
    while b.get(i) == Some(&b':') {
        i += 1;
        let start = i;
        while i - start < 2 && b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        match i - start {
            1 => {}
            2 if b[start] <= b'5' => {}
            _ => return false,
        }
        groups += 1;
    }
    if groups == 0 {
        return false;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        while b.get(i).is_some_and(|c| c.is_ascii_digit() || *c == b'_') {
            i += 1;
        }
    }
    i == b.len()
}

/// The style go-yaml v3 picks for a string value (`flow`: inside a flow
/// collection; `key`: a mapping key).
pub fn choose_quote(s: &str, flow: bool, key: bool) -> Quote {
    pick_quote(s, flow, key, true)
}

/// Like [`choose_quote`], but writes characters outside the BMP as they
/// are (valid YAML that every reader reads the same), for values written
/// into a file the user laid out.
pub fn choose_quote_relaxed(s: &str, flow: bool) -> Quote {
    pick_quote(s, flow, false, false)
}

fn pick_quote(s: &str, flow: bool, key: bool, go_printable: bool) -> Quote {
    if is_simple(s) {
        // What `analyze` finds for such a string, without its work per
        // character: nothing rules out the plain style.
        return if plain_is_string(s) {
            Quote::Plain
        } else {
            Quote::Double
        };
    }
    let a = analyze(s, go_printable);
    if s.contains('\n') {
        return if flow || key || !a.block {
            Quote::Double
        } else {
            Quote::Literal
        };
    }
    if !plain_is_string(s) {
        return Quote::Double;
    }
    let plain_ok = if flow { a.flow_plain } else { a.block_plain };
    if plain_ok && !s.is_empty() {
        Quote::Plain
    } else if a.single {
        Quote::Single
    } else {
        Quote::Double
    }
}

/// A word of letters, digits and `_-./+=`, starting with a letter, digit
/// or `_`: no indicator, space, line break or special character, so plain
/// in block and flow context alike when it reads back as a string. Most
/// values are such words.
fn is_simple(s: &str) -> bool {
    let ok =
        |b: &u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b'/' | b'+' | b'=');
    s.as_bytes()
        .first()
        .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
        && s.as_bytes().iter().all(ok)
}

/// Whether `s` can be written in `quote` (single quotes cannot hold line
/// breaks or special characters; plain must read back as this string).
pub fn can_write(s: &str, quote: Quote, flow: bool) -> bool {
    let a = analyze(s, false);
    match quote {
        Quote::Plain => {
            !s.contains('\n')
                && (if flow { a.flow_plain } else { a.block_plain })
                && plain_is_string(s)
        }
        Quote::Single => a.single && !a.multiline,
        Quote::Double => true,
        Quote::Literal => a.block && a.multiline && !flow,
    }
}

/// Writes a single-line string in a flow style (`Plain`, `Single` or
/// `Double`). `go_escapes`: escape characters outside the BMP in double
/// quotes, as go-yaml does.
pub fn write_flow(out: &mut String, s: &str, quote: Quote, go_escapes: bool) {
    match quote {
        Quote::Plain => out.push_str(s),
        Quote::Single => {
            out.push('\'');
            out.push_str(&s.replace('\'', "''"));
            out.push('\'');
        }
        Quote::Double | Quote::Literal => write_double(out, s, go_escapes),
    }
}

/// Whether `s` reads back as this string when written plain under YAML
/// 1.2 (it may still read as a boolean or number under YAML 1.1: `yes`).
pub fn plain_reads_back(s: &str, flow: bool) -> bool {
    let a = analyze(s, false);
    !s.contains('\n') && (if flow { a.flow_plain } else { a.block_plain }) && plain_is_str(s)
}

/// True for strings go-yaml quotes only for YAML 1.1 readers (`yes`,
/// `on`, `1:20`).
pub fn is_yaml11_only_string(s: &str) -> bool {
    is_old_bool(s) || is_base60_float(s)
}

/// go-yaml's double-quoted escaping.
fn write_double(out: &mut String, s: &str, go_escapes: bool) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\0' => out.push_str("\\0"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{b}' => out.push_str("\\v"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            '\u{1b}' => out.push_str("\\e"),
            '\u{85}' => out.push_str("\\N"),
            '\u{a0}' => out.push_str("\\_"),
            '\u{2028}' => out.push_str("\\L"),
            '\u{2029}' => out.push_str("\\P"),
            c if is_printable(c) && (!go_escapes || (c as u32) <= 0xFFFF) => out.push(c),
            c if (c as u32) <= 0xFF => out.push_str(&format!("\\x{:02X}", c as u32)),
            c if (c as u32) <= 0xFFFF => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push_str(&format!("\\U{:08X}", c as u32)),
        }
    }
    out.push('"');
}

/// The header of a literal block for `s` (`|`, `|-`, `|+`, with an
/// indentation indicator when the text starts with a space or break).
pub fn literal_header(s: &str, indent: usize) -> String {
    let mut h = String::from("|");
    if s.starts_with([' ', '\n']) {
        h.push_str(&indent.to_string());
    }
    if !s.ends_with('\n') {
        h.push('-');
    } else if s.ends_with("\n\n") || s == "\n" {
        h.push('+');
    }
    h
}

/// Writes the lines of a block scalar's content, each indented by
/// `indent` spaces (empty lines stay empty), ending with a line break.
pub fn write_block_lines(out: &mut String, s: &str, indent: usize) {
    let body = s.strip_suffix('\n').unwrap_or(s);
    for line in body.split('\n') {
        if !line.is_empty() {
            out.extend(std::iter::repeat_n(' ', indent));
            out.push_str(line);
        }
        out.push('\n');
    }
}

/// The plain text of a non-string scalar as go-yaml writes it; a float
/// keeps the spelling it was read or decrypted with when that reads back
/// as the same float.
pub fn format_non_string(value: &Value) -> Option<String> {
    Some(match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        // The canonical plaintext (what sops encrypts) is printed the way
        // go-yaml prints floats; any other spelling was the user's.
        Value::Float(f) => match &f.text {
            Some(t)
                if is_float_spelling(t, f.value) && *t != crate::number::format_plain(f.value) =>
            {
                t.clone()
            }
            _ => crate::number::format_yaml(f.value),
        },
        Value::Time(t) => crate::encoding::format_time(t),
        _ => return None,
    })
}

/// True when `text` is a plain scalar that go-yaml reads as the float
/// `value` (not as an int).
pub fn is_float_spelling(text: &str, value: f64) -> bool {
    match resolve_plain(text) {
        Resolved::Value(Value::Float(f)) => f.value.to_bits() == value.to_bits(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_like_go_yaml_v3() {
        for (s, q) in [
            ("plain", "plain"),
            ("yes", "double"),
            ("y", "double"),
            ("123", "double"),
            ("1:20", "double"),
            ("2026-11-26T03:14:34Z", "double"),
            ("", "double"),
            ("a: b", "single"),
            (" x", "single"),
            ("x ", "single"),
            ("#c", "single"),
            ("a #c", "single"),
            ("it's", "plain"),
            ("tab\there", "double"),
            ("a\nb", "literal"),
            ("ENC[AES256_GCM,data:x,iv:y,tag:z,type:str]", "plain"),
            ("-", "single"),
            ("- x", "single"),
            ("@x", "single"),
            // Line breaks to go-yaml but not to YAML 1.2: always escaped.
            ("x\u{2028}y", "double"),
            ("x\u{2029}y", "double"),
            ("x\u{85}y", "double"),
            ("a\nb\u{2028}", "double"),
            ("a\r\nb", "double"),
        ] {
            let got = match choose_quote(s, false, false) {
                Quote::Plain => "plain",
                Quote::Single => "single",
                Quote::Double => "double",
                Quote::Literal => "literal",
            };
            assert_eq!(got, q, "{s:?}");
        }
    }
}
