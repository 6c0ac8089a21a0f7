//! What a YAML scalar means, as go-yaml v3 (and so sops) reads it: a plain
//! scalar is resolved with go-yaml v3's core schema: null, bool, int (any
//! base, `_` allowed; beyond i64 sops refuses it), float, timestamp, else
//! string.

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
    if !may_be_other(s) {
        return Resolved::Value(Value::Str(s.to_owned()));
    }
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
            // Copied only when there is a `_` to take out.
            let plain: std::borrow::Cow<str> = if s.contains('_') {
                s.replace('_', "").into()
            } else {
                s.into()
            };
            if let Some(i) = parse_prefixed_int(&plain) {
                return Resolved::Value(Value::Int(i));
            }
            if parse_prefixed_uint(&plain).is_some() {
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

/// Whether a plain scalar resolves to a string, without copying it.
pub fn plain_is_str(s: &str) -> bool {
    !may_be_other(s) || matches!(resolve_plain(s), Resolved::Value(Value::Str(_)))
}

/// Whether a plain scalar may resolve to something other than a string,
/// by its first character: the empty scalar is null, and the special
/// words and numbers start with one of these. Most strings are told apart
/// by this alone.
fn may_be_other(s: &str) -> bool {
    matches!(
        s.as_bytes().first(),
        None | Some(
            b'0'..=b'9' | b'+' | b'-' | b'.' | b'~' | b'n' | b'N' | b't' | b'T' | b'f' | b'F'
        )
    )
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

/// Go's `strconv.ParseInt(s, 0, 64)`, as go-yaml reads a plain integer:
/// sign, then `0x`, `0o`, `0b`, a leading `0` (octal) or decimal digits.
/// (Decrypted integers are decimal only, Go's `Atoi`: `cipher.rs`.)
fn parse_prefixed_int(s: &str) -> Option<i64> {
    let (neg, body) = split_sign(s);
    let magnitude = parse_prefixed_magnitude(body)?;
    if neg {
        0i64.checked_sub_unsigned(magnitude)
    } else {
        i64::try_from(magnitude).ok()
    }
}

/// Go's `strconv.ParseUint(s, 0, 64)` (no sign allowed).
fn parse_prefixed_uint(s: &str) -> Option<u64> {
    if s.starts_with(['+', '-']) {
        return None;
    }
    parse_prefixed_magnitude(s)
}

fn split_sign(s: &str) -> (bool, &str) {
    match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    }
}

fn parse_prefixed_magnitude(body: &str) -> Option<u64> {
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
    fn timestamps_keep_their_offset() {
        let t = parse_timestamp("2001-12-14t21:59:43.10-05:00").unwrap();
        assert_eq!(
            crate::encoding::format_time(&t),
            "2001-12-14T21:59:43.1-05:00"
        );
        let d = parse_timestamp("2001-1-2").unwrap();
        assert_eq!(crate::encoding::format_time(&d), "2001-01-02T00:00:00Z");
    }
}
