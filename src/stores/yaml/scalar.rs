//! YAML scalars as go-yaml v3 reads and writes them.
//!
//! Reading: a plain scalar is resolved with go-yaml v3's core schema (the
//! one sops sees): null, bool, int (any base, `_` allowed), float,
//! timestamp, else string. Writing: a string is plain unless go-yaml would
//! quote it, single-quoted unless that cannot hold it, else double-quoted;
//! a multi-line string is a literal block.

use base64::Engine;
use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

use crate::tree::{Float, Value};

/// What a plain (or `!!`-tagged) scalar means.
#[derive(Debug)]
pub enum Resolved {
    Value(Value),
    /// An integer that fits u64 but not i64: sops refuses it.
    Uint,
}

/// Resolves a plain scalar like go-yaml v3's `resolve("", s)`.
pub fn resolve_plain(s: &str) -> Resolved {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return Resolved::Value(Value::Null),
        "true" | "True" | "TRUE" => return Resolved::Value(Value::Bool(true)),
        "false" | "False" | "FALSE" => return Resolved::Value(Value::Bool(false)),
        ".nan" | ".NaN" | ".NAN" => return float(f64::NAN, s),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => return float(f64::INFINITY, s),
        "-.inf" | "-.Inf" | "-.INF" => return float(f64::NEG_INFINITY, s),
        _ => {}
    }
    match s.as_bytes()[0] {
        b'0'..=b'9' | b'+' | b'-' => {
            if let Some(t) = parse_timestamp(s) {
                return Resolved::Value(Value::Time(t));
            }
            let plain = s.replace('_', "");
            if let Some(i) = parse_go_int(&plain) {
                return Resolved::Value(Value::Int(i));
            }
            if parse_go_uint(&plain).is_some() {
                return Resolved::Uint;
            }
            if is_yaml_style_float(&plain) {
                if let Some(v) = crate::number::parse_go_float(&plain) {
                    return float(v, s);
                }
            }
            Resolved::Value(Value::Str(s.to_owned()))
        }
        b'.' => match crate::number::parse_go_float(s) {
            Some(v) if s.len() > 1 => float(v, s),
            _ => Resolved::Value(Value::Str(s.to_owned())),
        },
        _ => Resolved::Value(Value::Str(s.to_owned())),
    }
}

fn float(value: f64, text: &str) -> Resolved {
    Resolved::Value(Value::Float(Float {
        value,
        text: Some(text.to_owned()),
    }))
}

/// Resolves a scalar with an explicit core-schema tag (`!!int 3`). `None`
/// when the text does not fit the tag.
pub fn resolve_tagged(suffix: &str, s: &str) -> Option<Resolved> {
    let plain = resolve_plain(s);
    let ok = match (suffix, &plain) {
        ("str", _) => return Some(Resolved::Value(Value::Str(s.to_owned()))),
        ("null", Resolved::Value(Value::Null))
        | ("bool", Resolved::Value(Value::Bool(_)))
        | ("int", Resolved::Value(Value::Int(_)) | Resolved::Uint)
        | ("float", Resolved::Value(Value::Float(_)))
        | ("timestamp", Resolved::Value(Value::Time(_))) => true,
        ("float", Resolved::Value(Value::Int(i))) => {
            return Some(Resolved::Value(Value::Float(Float {
                value: *i as f64,
                text: None,
            })))
        }
        ("binary", _) => {
            let compact: String = s.chars().filter(|c| !c.is_whitespace()).collect();
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(compact)
                .ok()?;
            return Some(Resolved::Value(match String::from_utf8(bytes) {
                Ok(s) => Value::Str(s),
                Err(e) => Value::Bytes(e.into_bytes()),
            }));
        }
        _ => false,
    };
    ok.then_some(plain)
}

/// Go's `strconv.ParseInt(s, 0, 64)`: sign, then `0x`, `0o`, `0b`, a
/// leading `0` (octal) or decimal digits.
fn parse_go_int(s: &str) -> Option<i64> {
    let (neg, body) = split_sign(s);
    let magnitude = parse_go_magnitude(body)?;
    if neg {
        0i64.checked_sub_unsigned(magnitude)
    } else {
        i64::try_from(magnitude).ok()
    }
}

/// Go's `strconv.ParseUint(s, 0, 64)` (no sign allowed).
fn parse_go_uint(s: &str) -> Option<u64> {
    if s.starts_with(['+', '-']) {
        return None;
    }
    parse_go_magnitude(s)
}

fn split_sign(s: &str) -> (bool, &str) {
    match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    }
}

fn parse_go_magnitude(body: &str) -> Option<u64> {
    let lower = body.to_ascii_lowercase();
    let (radix, digits) = if let Some(d) = lower.strip_prefix("0x") {
        (16, d)
    } else if let Some(d) = lower.strip_prefix("0o") {
        (8, d)
    } else if let Some(d) = lower.strip_prefix("0b") {
        (2, d)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, &lower[1..])
    } else {
        (10, lower.as_str())
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    u64::from_str_radix(digits, radix).ok()
}

/// go-yaml's `yamlStyleFloat`: `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
fn is_yaml_style_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    let digits = |i: usize| b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
    if b.get(i) == Some(&b'.') {
        let n = digits(i + 1);
        if n == 0 {
            return false;
        }
        i += 1 + n;
    } else {
        let n = digits(i);
        if n == 0 {
            return false;
        }
        i += n;
        if b.get(i) == Some(&b'.') {
            i += 1 + digits(i + 1);
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let n = digits(i);
        if n == 0 {
            return false;
        }
        i += n;
    }
    i == b.len()
}

/// go-yaml v3's timestamp forms: `2006-1-2`, `2006-1-2T15:4:5.999999999Z07:00`
/// (also lower-case `t`) and `2006-1-2 15:4:5.999999999` (UTC).
pub fn parse_timestamp(s: &str) -> Option<OffsetDateTime> {
    let b = s.as_bytes();
    if b.len() < 8 || !b[..4].iter().all(u8::is_ascii_digit) || b[4] != b'-' {
        return None;
    }
    let mut p = Cursor { s: b, i: 5 };
    let year: i32 = std::str::from_utf8(&b[..4]).ok()?.parse().ok()?;
    let month = p.number(1, 2)?;
    p.expect(b'-')?;
    let day = p.number(1, 2)?;
    let date =
        Date::from_calendar_date(year, Month::try_from(month as u8).ok()?, day as u8).ok()?;
    if p.done() {
        return Some(PrimitiveDateTime::new(date, Time::MIDNIGHT).assume_utc());
    }
    let zoned = match p.next()? {
        b'T' | b't' => true,
        b' ' => false,
        _ => return None,
    };
    let hour = p.number(1, 2)?;
    p.expect(b':')?;
    let minute = p.number(1, 2)?;
    p.expect(b':')?;
    let second = p.number(1, 2)?;
    let mut nanos = 0u32;
    if p.peek() == Some(b'.') {
        p.i += 1;
        let start = p.i;
        while p.peek().is_some_and(|c| c.is_ascii_digit()) {
            p.i += 1;
        }
        let frac = &b[start..p.i];
        if frac.is_empty() || frac.len() > 9 {
            return None;
        }
        let mut digits = std::str::from_utf8(frac).ok()?.to_owned();
        while digits.len() < 9 {
            digits.push('0');
        }
        nanos = digits.parse().ok()?;
    }
    let time = Time::from_hms_nano(hour as u8, minute as u8, second as u8, nanos).ok()?;
    let local = PrimitiveDateTime::new(date, time);
    if !zoned {
        return p.done().then(|| local.assume_utc());
    }
    let offset = match p.next()? {
        b'Z' => UtcOffset::UTC,
        sign @ (b'+' | b'-') => {
            let h = p.number(2, 2)?;
            p.expect(b':')?;
            let m = p.number(2, 2)?;
            let (h, m) = (h as i8, m as i8);
            if sign == b'-' {
                UtcOffset::from_hms(-h, -m, 0).ok()?
            } else {
                UtcOffset::from_hms(h, m, 0).ok()?
            }
        }
        _ => return None,
    };
    p.done().then(|| local.assume_offset(offset))
}

struct Cursor<'a> {
    s: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }
    fn next(&mut self) -> Option<u8> {
        let c = self.peek();
        self.i += 1;
        c
    }
    fn done(&self) -> bool {
        self.i == self.s.len()
    }
    fn expect(&mut self, c: u8) -> Option<()> {
        (self.next()? == c).then_some(())
    }
    fn number(&mut self, min: usize, max: usize) -> Option<u32> {
        let start = self.i;
        while self.i - start < max && self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.i += 1;
        }
        if self.i - start < min {
            return None;
        }
        std::str::from_utf8(&self.s[start..self.i])
            .ok()?
            .parse()
            .ok()
    }
}

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
        } else if !is_printable(c) || (go_printable && (c as u32) > 0xFFFF) {
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
    if leading_space || leading_break || trailing_space || trailing_break {
        a.flow_plain = false;
        a.block_plain = false;
    }
    if trailing_space {
        a.block = false;
    }
    if break_space {
        a.flow_plain = false;
        a.block_plain = false;
        a.single = false;
    }
    if space_break || tab || special {
        a.flow_plain = false;
        a.block_plain = false;
        a.single = false;
    }
    if space_break || special {
        a.block = false;
    }
    if a.multiline {
        a.flow_plain = false;
        a.block_plain = false;
    }
    if flow_ind {
        a.flow_plain = false;
    }
    if block_ind {
        a.block_plain = false;
    }
    a
}

fn is_printable(c: char) -> bool {
    matches!(c as u32,
        0x0A | 0x20..=0x7E | 0x85 | 0xA0..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF)
        && c != '\u{FEFF}'
}

/// Whether go-yaml would write `s` plain (its encoder's `stringv`): the
/// text must read back as a string, also under YAML 1.1 (`yes`, `1:20`).
fn plain_is_string(s: &str) -> bool {
    matches!(resolve_plain(s), Resolved::Value(Value::Str(_)))
        && !is_old_bool(s)
        && !is_base60_float(s)
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
    !s.contains('\n')
        && (if flow { a.flow_plain } else { a.block_plain })
        && matches!(resolve_plain(s), Resolved::Value(Value::Str(_)))
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
        Value::Time(t) => crate::cipher::format_time(t),
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

    fn kind(s: &str) -> &'static str {
        match resolve_plain(s) {
            Resolved::Uint => "uint",
            Resolved::Value(v) => match v {
                Value::Null => "null",
                Value::Bool(_) => "bool",
                Value::Int(_) => "int",
                Value::Float(_) => "float",
                Value::Time(_) => "time",
                Value::Str(_) => "str",
                _ => "other",
            },
        }
    }

    #[test]
    fn resolves_like_go_yaml_v3() {
        for (s, k) in [
            ("~", "null"),
            ("", "null"),
            ("True", "bool"),
            ("yes", "str"),
            ("0x1F", "int"),
            ("0o17", "int"),
            ("017", "int"),
            ("1_000", "int"),
            ("+12", "int"),
            ("9223372036854775807", "int"),
            ("9223372036854775808", "uint"),
            ("18446744073709551616", "float"),
            ("1.50", "float"),
            (".5", "float"),
            ("1e3", "float"),
            (".inf", "float"),
            ("-.Inf", "float"),
            (".", "str"),
            ("1.2.3", "str"),
            ("2001-12-14", "time"),
            ("2001-12-14t21:59:43.10-05:00", "time"),
            ("2001-12-14 21:59:43.10", "time"),
            ("2001-12-14 21:59:43.10 -5", "str"),
            ("12:30", "str"),
            ("3.11.0", "str"),
        ] {
            assert_eq!(kind(s), k, "{s:?}");
        }
    }

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

    #[test]
    fn timestamps_keep_their_offset() {
        let t = parse_timestamp("2001-12-14t21:59:43.10-05:00").unwrap();
        assert_eq!(
            crate::cipher::format_time(&t),
            "2001-12-14T21:59:43.1-05:00"
        );
        let d = parse_timestamp("2001-1-2").unwrap();
        assert_eq!(crate::cipher::format_time(&d), "2001-01-02T00:00:00Z");
    }
}
