//! Go-compatible number formatting and parsing.
//!
//! sops is written in Go, and the spelling of a float is observable: it is
//! the plaintext that is encrypted and fed to the MAC, it is what decrypted
//! YAML, JSON, dotenv and INI files show, and it is what is parsed back on
//! decrypt. Rust's float formatting differs from Go's in exponent thresholds,
//! exponent digits, the spelling of infinities and even in one tie-breaking
//! rule of the shortest digits, so this module rebuilds Go's `strconv` and
//! `encoding/json` output on top of Rust's shortest round-trip digits.

/// Precision that makes `{:.*e}` print the complete exact expansion of any
/// `f64`, which has at most 767 significant decimal digits.
const EXACT_PRECISION: usize = 800;

/// A finite float in the form Go's `strconv` formats from (its
/// `decimalSlice`): value = ±0.d₁d₂…dₙ × 10^dp.
struct Decimal {
    neg: bool,
    /// ASCII digits without leading or trailing zeros; empty for zero.
    digits: Vec<u8>,
    /// Position of the decimal point relative to the first digit.
    dp: i32,
}

impl Decimal {
    /// The shortest digits that read back as `v` (finite), chosen as Go's
    /// `FormatFloat(v, _, -1, 64)` chooses them.
    fn shortest(v: f64) -> Decimal {
        let abs = v.abs();
        let neg = v.is_sign_negative();
        if abs == 0.0 {
            return Decimal {
                neg,
                digits: Vec::new(),
                dp: 0,
            };
        }
        let (digits, exp) = split_exp(&format!("{abs:e}"));
        let dp = exp + 1;
        let digits = go_tie_break(abs, &digits, dp).unwrap_or(digits);
        Decimal { neg, digits, dp }
    }

    /// Digit `i` (0-based from the first significant digit), `'0'` outside
    /// the stored digits, as Go pads.
    fn digit(&self, i: i32) -> char {
        usize::try_from(i)
            .ok()
            .and_then(|i| self.digits.get(i))
            .map_or('0', |&d| char::from(d))
    }

    /// Go's `fmtF` with the shortest precision: positional, never an
    /// exponent, no trailing fractional zeros.
    fn fmt_f(&self) -> String {
        let mut out = String::new();
        if self.neg {
            out.push('-');
        }
        if self.dp > 0 {
            out.extend((0..self.dp).map(|i| self.digit(i)));
        } else {
            out.push('0');
        }
        let frac = (self.digits.len() as i32 - self.dp).max(0);
        if frac > 0 {
            out.push('.');
            out.extend((0..frac).map(|i| self.digit(self.dp + i)));
        }
        out
    }

    /// Go's `fmtE` with the shortest precision: `d[.ddd]e±XX`, at least two
    /// exponent digits. Never used for zero (Go's `'g'` prints zero
    /// positionally and JSON never picks `'e'` for it).
    fn fmt_e(&self, e: char) -> String {
        let mut out = String::new();
        if self.neg {
            out.push('-');
        }
        out.push(self.digit(0));
        if self.digits.len() > 1 {
            out.push('.');
            out.extend(self.digits[1..].iter().map(|&d| char::from(d)));
        }
        let exp = self.dp - 1;
        out.push(e);
        out.push(if exp < 0 { '-' } else { '+' });
        out.push_str(&format!("{:02}", exp.unsigned_abs()));
        out
    }

    /// Go's `'g'`/`'G'` with precision -1: exponent form when the decimal
    /// exponent is < -4 or >= 6 (Go fixes `eprec` at 6 for the shortest
    /// precision), positional otherwise.
    fn fmt_g(&self, e: char) -> String {
        if (-4..6).contains(&(self.dp - 1)) {
            self.fmt_f()
        } else {
            self.fmt_e(e)
        }
    }
}

/// Splits Rust's `{:e}` output of a non-negative finite number (`1.25e-7`)
/// into its significant digits and decimal exponent.
fn split_exp(s: &str) -> (Vec<u8>, i32) {
    let (mantissa, exp) = s.split_once('e').expect("`{:e}` output has an exponent");
    let digits = mantissa.bytes().filter(|&b| b != b'.').collect();
    (digits, exp.parse().expect("`{:e}` exponent is an integer"))
}

/// When the exact value of `abs` lies exactly halfway between two shortest
/// candidates, Go's Ryū picks the one with the even last digit, Rust's
/// formatter the upper one (2^50 + 0.25: Go `1125899906842624.2`, Rust
/// `…624.3`). Given Rust's digits, returns Go's when they differ.
fn go_tie_break(abs: f64, digits: &[u8], dp: i32) -> Option<Vec<u8>> {
    let &last = digits.last()?;
    if digits.len() < 2 || last % 2 == 0 {
        return None;
    }
    let mut lower = digits.to_vec();
    *lower.last_mut()? -= 1;
    let mut midpoint = lower.clone();
    midpoint.push(b'5');
    // Cheap filter: an exact midpoint is what rounding to its length gives.
    if split_exp(&format!("{abs:.*e}", digits.len())) != (midpoint.clone(), dp - 1) {
        return None;
    }
    let (exact, exp) = split_exp(&format!("{abs:.*e}", EXACT_PRECISION));
    let (head, tail) = exact.split_at(midpoint.len());
    if exp != dp - 1 || head != midpoint || tail.iter().any(|&d| d != b'0') {
        return None;
    }
    // Next to a power of two the lower neighbour is nearer, so the lower
    // candidate may not read back as `abs`; then it is no candidate at all.
    let text = format!("0.{}e{dp}", std::str::from_utf8(&lower).ok()?);
    if text.parse::<f64>().ok()? != abs {
        return None;
    }
    while lower.last() == Some(&b'0') {
        lower.pop();
    }
    Some(lower)
}

/// Go's spelling of a non-finite float (`strconv.FormatFloat` in any
/// format), `None` for finite values.
fn go_special(v: f64) -> Option<&'static str> {
    if v.is_nan() {
        Some("NaN")
    } else if v == f64::INFINITY {
        Some("+Inf")
    } else if v == f64::NEG_INFINITY {
        Some("-Inf")
    } else {
        None
    }
}

/// Go `strconv.FormatFloat(v, 'f', -1, 64)`: shortest round-trip digits,
/// positional, never an exponent; `+Inf`, `-Inf`, `NaN`.
///
/// This is the plaintext sops encrypts for a float and feeds to the MAC, so
/// it must match byte for byte (`1e21` → `1000000000000000000000`, `-0.0` →
/// `-0`, `5e-324` → `0.` + 323 zeros + `5`).
pub fn format_plain(v: f64) -> String {
    go_special(v).map_or_else(|| Decimal::shortest(v).fmt_f(), str::to_owned)
}

/// Whether `text`, the spelling of `value`, is already what
/// [`format_plain`] writes for it, so the MAC can hash the text without
/// formatting the number again. True for `-?(0|[1-9][0-9]*)(\.[0-9]*[1-9])?`
/// with at most 15 significant digits for a normal (or zero) value: every
/// such decimal comes back from an f64 unchanged, and no shorter one names
/// the same f64, so it is the shortest spelling, written positionally.
/// Subnormal values have fewer digits of precision (`0.000…4` reads as
/// 5e-324, which Go spells `0.000…5`), so they are always formatted.
pub fn is_plain_canonical(text: &str, value: f64) -> bool {
    if value != 0.0 && value.abs() < f64::MIN_POSITIVE {
        return false;
    }
    let b = text.as_bytes();
    let body = b.strip_prefix(b"-").unwrap_or(b);
    let (int, frac) = match body.iter().position(|&c| c == b'.') {
        Some(dot) => (&body[..dot], Some(&body[dot + 1..])),
        None => (body, None),
    };
    let digits = |s: &[u8]| !s.is_empty() && s.iter().all(u8::is_ascii_digit);
    let int_ok = digits(int) && (int == b"0" || int[0] != b'0');
    let frac_ok = frac.is_none_or(|f| digits(f) && f.last() != Some(&b'0'));
    if !int_ok || !frac_ok {
        return false;
    }
    let significant = body
        .iter()
        .filter(|c| c.is_ascii_digit())
        .skip_while(|&&c| c == b'0')
        .count();
    significant <= 15
        && text
            .parse::<f64>()
            .is_ok_and(|v| v.to_bits() == value.to_bits())
}

/// How go-yaml v3 writes a float in decrypted YAML: Go
/// `FormatFloat(v, 'g', -1, 64)` with `.inf`, `-.inf`, `.nan` for the
/// specials (`1234567.0` → `1.234567e+06`, `1e-5` → `1e-05`, `1.0` → `1`).
pub fn format_yaml(v: f64) -> String {
    if v.is_nan() {
        ".nan".to_owned()
    } else if v == f64::INFINITY {
        ".inf".to_owned()
    } else if v == f64::NEG_INFINITY {
        "-.inf".to_owned()
    } else {
        Decimal::shortest(v).fmt_g('e')
    }
}

/// How Go's `encoding/json` writes a float64 in decrypted JSON: positional
/// unless 0 < |v| < 1e-6 or |v| >= 1e21, then `'e'` form with a two-digit
/// negative exponent's leading zero removed (`1e-7`, `1e+21`, `5e-324`).
/// `None` for Inf and NaN, which `encoding/json` refuses to encode.
pub fn format_json(v: f64) -> Option<String> {
    if !v.is_finite() {
        return None;
    }
    let abs = v.abs();
    let d = Decimal::shortest(v);
    if abs == 0.0 || (1e-6..1e21).contains(&abs) {
        return Some(d.fmt_f());
    }
    let mut s = d.fmt_e('e');
    if let Some(pos) = s.find("e-0") {
        s.remove(pos + 2);
    }
    Some(s)
}

/// How sops' `stores.ValToString` writes a float into dotenv and INI
/// output: Go `FormatFloat(v, 'G', -1, 64)`, and when that has neither `.`
/// nor `E` it is replaced by `FormatFloat(v, 'f', 1, 64)`, which for those
/// values (integers below 1e6, and zero) appends `.0` (`1000` → `1000.0`,
/// `1e6` → `1E+06`, `-0` → `-0.0`) and for Inf/NaN is still `+Inf`, `-Inf`,
/// `NaN`.
pub fn format_dotenv(v: f64) -> String {
    if let Some(s) = go_special(v) {
        return s.to_owned();
    }
    let mut s = Decimal::shortest(v).fmt_g('E');
    if !s.contains(['.', 'E']) {
        s.push_str(".0");
    }
    s
}

/// Go `strconv.ParseFloat(s, 64)` for decimal input, used to read the
/// plaintext of a decrypted `type:float` value.
///
/// Accepts an optional sign, digits with at most one `.` (`1.`, `.5`), an
/// optional exponent (`e`/`E`, optional sign, digits), underscores only
/// between digits as Go allows them (`1_000.5`), and case-insensitive
/// `inf`/`infinity` with an optional sign and unsigned `nan`. Returns `None`
/// on a syntax error and, like Go's `ErrRange`, when finite digits overflow
/// to infinity; underflow gives zero as in Go. Go's hexadecimal floats
/// (`0x1p-2`) are rejected: sops never writes them.
pub fn parse_go_float(s: &str) -> Option<f64> {
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if body.eq_ignore_ascii_case("inf") || body.eq_ignore_ascii_case("infinity") {
        return Some(if neg {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        });
    }
    if s.eq_ignore_ascii_case("nan") {
        return Some(f64::NAN);
    }
    if !is_go_decimal(s) {
        return None;
    }
    // The syntax accepted above is a subset of Rust's once underscores are
    // gone, and both round to nearest, ties to even.
    let v: f64 = s.replace('_', "").parse().ok()?;
    v.is_finite().then_some(v)
}

/// The decimal syntax of Go's `readFloat`, including its underscore rule.
fn is_go_decimal(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    let mut saw_digits = false;
    let mut saw_dot = false;
    let mut underscores = false;
    while let Some(&c) = b.get(i) {
        match c {
            b'_' => underscores = true,
            b'.' if !saw_dot => saw_dot = true,
            b'0'..=b'9' => saw_digits = true,
            _ => break,
        }
        i += 1;
    }
    if !saw_digits {
        return false;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if !matches!(b.get(i), Some(b'0'..=b'9')) {
            return false;
        }
        while let Some(&c) = b.get(i) {
            match c {
                b'_' => underscores = true,
                b'0'..=b'9' => {}
                _ => break,
            }
            i += 1;
        }
    }
    i == b.len() && (!underscores || underscores_ok(b))
}

/// Go's `underscoreOK` for decimal input: every `_` sits between two digits.
fn underscores_ok(b: &[u8]) -> bool {
    let b = b
        .strip_prefix(b"-")
        .or_else(|| b.strip_prefix(b"+"))
        .unwrap_or(b);
    // Class of the previous byte: digit, underscore, or anything else
    // (including the start).
    #[derive(PartialEq)]
    enum Saw {
        Digit,
        Underscore,
        Other,
    }
    let mut saw = Saw::Other;
    for &c in b {
        saw = match c {
            b'0'..=b'9' => Saw::Digit,
            b'_' if saw == Saw::Digit => Saw::Underscore,
            _ if saw == Saw::Underscore || c == b'_' => return false,
            _ => Saw::Other,
        };
    }
    saw != Saw::Underscore
}

/// Whether `s` is exactly a number in the JSON grammar (RFC 8259 §6):
/// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`. A float whose original
/// spelling passes this can be kept verbatim: every such spelling is valid
/// Go `ParseFloat` syntax, so sops reads it back (as long as its value is
/// finite: `1e400` is a JSON number but a `ParseFloat` range error).
pub fn is_json_number(s: &str) -> bool {
    let b = s.as_bytes();
    let digits_from = |i: usize| i + b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
    let mut i = usize::from(b.first() == Some(&b'-'));
    i = match b.get(i) {
        Some(b'0') => i + 1,
        Some(b'1'..=b'9') => digits_from(i),
        _ => return false,
    };
    if b.get(i) == Some(&b'.') {
        let end = digits_from(i + 1);
        if end == i + 1 {
            return false;
        }
        i = end;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let end = digits_from(i);
        if end == i {
            return false;
        }
        i = end;
    }
    i == b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shortcut agrees with formatting wherever it says yes, on
    /// spellings of every length and magnitude, and says no to spellings
    /// that are not canonical or that it cannot vouch for (more than 15
    /// digits).
    #[test]
    fn plain_canonical_texts_are_what_formatting_gives() {
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut accepted = 0;
        for _ in 0..200_000 {
            let r = next();
            let digits = 1 + (r % 17) as usize;
            let mut text: String = (0..digits)
                .map(|_| char::from(b'0' + (next() % 10) as u8))
                .collect();
            let point = (r >> 8) as usize % (digits + 3);
            if point < digits {
                text.insert(point, '.');
                if point == 0 {
                    text.insert(0, '0');
                }
            }
            if r & (1 << 40) != 0 {
                text.insert(0, '-');
            }
            let Ok(value) = text.parse::<f64>() else {
                continue;
            };
            if is_plain_canonical(&text, value) {
                accepted += 1;
                assert_eq!(format_plain(value), text);
            }
        }
        assert!(accepted > 20_000, "{accepted}");
        for (text, value) in [
            ("1.50", 1.5),
            ("01", 1.0),
            ("1e3", 1000.0),
            ("+1", 1.0),
            (".5", 0.5),
            ("1.", 1.0),
            ("0.1000000000000000055511151231257827", 0.1),
            ("1234567890123456", 1234567890123456.0),
            ("2", 3.0),
        ] {
            assert!(!is_plain_canonical(text, value), "{text}");
        }
        assert!(is_plain_canonical("-0", -0.0));
        assert_eq!(format_plain(-0.0), "-0");
        // Subnormals: one significant digit is not enough to be shortest.
        let tiny = format!("0.{}4", "0".repeat(323));
        let value: f64 = tiny.parse().unwrap();
        assert_eq!(value, 5e-324);
        assert!(!is_plain_canonical(&tiny, value));
        assert_eq!(format_plain(value), format!("0.{}5", "0".repeat(323)));
    }

    /// 2^50 + 1/4: its two shortest spellings are equally near.
    const TIE: f64 = 1_125_899_906_842_624.0 + 0.25;

    fn zeros(n: usize) -> String {
        "0".repeat(n)
    }

    #[test]
    #[allow(clippy::approx_constant)] // 3.14 is a row of docs/format.md §1.6
    fn plain_spec_table() {
        let cases: &[(f64, &str)] = &[
            (3.14, "3.14"),
            (1.0, "1"),
            (1.50, "1.5"),
            (-0.0, "-0"),
            (1e10, "10000000000"),
            (1e21, "1000000000000000000000"),
            (12345678901234567890.0, "12345678901234567000"),
            (
                123456789012345678901234567890.0,
                "123456789012345680000000000000",
            ),
            (1e-7, "0.0000001"),
            (-1.5e-7, "-0.00000015"),
            (f64::INFINITY, "+Inf"),
            (f64::NEG_INFINITY, "-Inf"),
            (f64::NAN, "NaN"),
            (-f64::NAN, "NaN"),
        ];
        for &(v, want) in cases {
            assert_eq!(format_plain(v), want, "{v:?}");
        }
        assert_eq!(format_plain(5e-324), format!("0.{}5", zeros(323)));
    }

    #[test]
    fn plain_edges() {
        assert_eq!(format_plain(0.0), "0");
        assert_eq!(format_plain(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(format_plain(0.5), "0.5");
        assert_eq!(format_plain(-123.456), "-123.456");
        assert_eq!(
            format_plain(f64::MIN_POSITIVE),
            format!("0.{}22250738585072014", zeros(307))
        );
        assert_eq!(
            format_plain(f64::MAX),
            format!("17976931348623157{}", zeros(292))
        );
        assert_eq!(
            format_plain(f64::MIN),
            format!("-17976931348623157{}", zeros(292))
        );
        assert_eq!(format_plain(1e23), format!("1{}", zeros(23)));
        assert_eq!(format_plain(9007199254740993.0), "9007199254740992");
        assert_eq!(format_plain(1234.56789), "1234.56789");
    }

    #[test]
    fn shortest_ties_go_to_even_like_go() {
        assert_eq!(format_plain(TIE), "1125899906842624.2");
        assert_eq!(format_plain(-TIE), "-1125899906842624.2");
        // The lower candidate is odd here, so both pick the upper one.
        assert_eq!(format_plain(TIE + 0.5), "1125899906842624.8");
        // 2^-24 = 5.9604644775390625e-8 exactly, but the lower candidate
        // …062 lies outside the narrower interval below a power of two.
        assert_eq!(format_plain(2f64.powi(-24)), "0.00000005960464477539063");
        assert_eq!(format_yaml(2f64.powi(-24)), "5.960464477539063e-08");
        assert_eq!(format_yaml(TIE), "1.1258999068426242e+15");
        assert_eq!(format_json(TIE).as_deref(), Some("1125899906842624.2"));
        assert_eq!(format_dotenv(TIE), "1.1258999068426242E+15");
        // Not a tie: a single value has an odd last digit and stays.
        assert_eq!(
            format_plain(562_949_953_421_312.0 + 0.125),
            "562949953421312.1"
        );
    }

    #[test]
    fn yaml_spec_observed() {
        let cases: &[(f64, &str)] = &[
            (1000.0, "1000"),
            (123456.0, "123456"),
            (1234567.0, "1.234567e+06"),
            (1e20, "1e+20"),
            (123456.789e3, "1.23456789e+08"),
            (0.0001, "0.0001"),
            (1e-5, "1e-05"),
            (-1.5e-7, "-1.5e-07"),
            (1.0, "1"),
            (-0.0, "-0"),
            (5e-324, "5e-324"),
        ];
        for &(v, want) in cases {
            assert_eq!(format_yaml(v), want, "{v:?}");
        }
    }

    #[test]
    #[allow(clippy::approx_constant)] // 3.14 as in docs/format.md §1.6
    fn yaml_edges() {
        let cases: &[(f64, &str)] = &[
            (0.0, "0"),
            (999999.0, "999999"),
            (1e6, "1e+06"),
            (999999.5, "999999.5"),
            (12345678.0, "1.2345678e+07"),
            (100000000.0, "1e+08"),
            (0.00012345, "0.00012345"),
            (9.999999999999999e-5, "9.999999999999999e-05"),
            (9.999999999999999e5, "999999.9999999999"),
            (0.000012345, "1.2345e-05"),
            (1e100, "1e+100"),
            (1e-100, "1e-100"),
            (3.14, "3.14"),
            (0.1 + 0.2, "0.30000000000000004"),
            (f64::MAX, "1.7976931348623157e+308"),
            (f64::MIN_POSITIVE, "2.2250738585072014e-308"),
            (f64::INFINITY, ".inf"),
            (f64::NEG_INFINITY, "-.inf"),
            (f64::NAN, ".nan"),
        ];
        for &(v, want) in cases {
            assert_eq!(format_yaml(v), want, "{v:?}");
        }
    }

    #[test]
    fn json_formats() {
        let cases: &[(f64, &str)] = &[
            (1.0, "1"),
            (1.5, "1.5"),
            (0.0, "0"),
            (-0.0, "-0"),
            (1e20, "100000000000000000000"),
            (999999999999999900000.0, "999999999999999900000"),
            (1e21, "1e+21"),
            (-1e21, "-1e+21"),
            (1.5e300, "1.5e+300"),
            (1e-6, "0.000001"),
            (9.99e-7, "9.99e-7"),
            (1e-7, "1e-7"),
            (-1.5e-7, "-1.5e-7"),
            (1e-9, "1e-9"),
            (1.5e-10, "1.5e-10"),
            (1.23e-18, "1.23e-18"),
            (5e-324, "5e-324"),
            (12345678901234567890.0, "12345678901234567000"),
            (f64::MAX, "1.7976931348623157e+308"),
            (f64::MIN_POSITIVE, "2.2250738585072014e-308"),
        ];
        for &(v, want) in cases {
            assert_eq!(format_json(v).as_deref(), Some(want), "{v:?}");
        }
        // Neighbours of the cut-offs.
        let below = |v: f64| f64::from_bits(v.to_bits() - 1);
        assert_eq!(
            format_json(below(1e-6)).as_deref(),
            Some("9.999999999999997e-7")
        );
        assert_eq!(
            format_json(below(1e21)).as_deref(),
            Some("999999999999999900000")
        );
        assert_eq!(format_json(f64::INFINITY), None);
        assert_eq!(format_json(f64::NEG_INFINITY), None);
        assert_eq!(format_json(f64::NAN), None);
    }

    #[test]
    fn dotenv_formats() {
        let cases: &[(f64, &str)] = &[
            (1000.0, "1000.0"),
            (100000.0, "100000.0"),
            (999999.0, "999999.0"),
            (1e6, "1E+06"),
            (1234567.0, "1.234567E+06"),
            (1e20, "1E+20"),
            (1e-7, "1E-07"),
            (2.5, "2.5"),
            (-0.0, "-0.0"),
            (0.0, "0.0"),
            (1.0, "1.0"),
            (0.0001, "0.0001"),
            (5e-324, "5E-324"),
            (f64::INFINITY, "+Inf"),
            (f64::NEG_INFINITY, "-Inf"),
            (f64::NAN, "NaN"),
        ];
        for &(v, want) in cases {
            assert_eq!(format_dotenv(v), want, "{v:?}");
        }
    }

    #[test]
    fn parse_accepts_go_syntax() {
        let cases: &[(&str, f64)] = &[
            ("0", 0.0),
            ("1", 1.0),
            ("+1", 1.0),
            ("-2.5", -2.5),
            ("1.", 1.0),
            (".5", 0.5),
            ("-.5e-3", -0.0005),
            ("1e10", 1e10),
            ("1E+05", 1e5),
            ("0.1", 0.1),
            ("12345678901234567890", 12345678901234567890.0),
            ("1_000", 1000.0),
            ("1_000.000_5", 1000.0005),
            ("1e1_0", 1e10),
            ("0_1", 1.0),
            ("1.7976931348623157e308", f64::MAX),
            // Within half an ulp of MAX: rounds down, no range error.
            ("1.7976931348623158e308", f64::MAX),
            ("1e-400", 0.0),
            ("0e99999999999999999999", 0.0),
            ("inf", f64::INFINITY),
            ("+Inf", f64::INFINITY),
            ("-inf", f64::NEG_INFINITY),
            ("Infinity", f64::INFINITY),
            ("-INFINITY", f64::NEG_INFINITY),
        ];
        for &(s, want) in cases {
            assert_eq!(parse_go_float(s), Some(want), "{s:?}");
        }
        assert!(parse_go_float("-0").unwrap().is_sign_negative());
        assert!(parse_go_float("-1e-400").unwrap().is_sign_negative());
        for s in ["nan", "NaN", "NAN"] {
            assert!(parse_go_float(s).unwrap().is_nan(), "{s:?}");
        }
    }

    #[test]
    fn parse_rejects() {
        for s in [
            "",
            "+",
            "-",
            ".",
            "e5",
            "1e",
            "1e+",
            "1e_5",
            "1.2.3",
            "1..2",
            " 1",
            "1 ",
            "1,5",
            "1f",
            "+nan",
            "-nan",
            "nan1",
            "infin",
            "infinityy",
            "in",
            "_1",
            "1_",
            "1__0",
            "1_.5",
            "1._5",
            "1e5_",
            "0x1p-2",
            "0x10",
            "1e400",
            "-1e400",
            "1.7976931348623159e308",
            "1e99999999999999999999",
            "١",
        ] {
            assert_eq!(parse_go_float(s), None, "{s:?}");
        }
    }

    #[test]
    fn formats_parse_back() {
        let values = [
            0.0,
            -0.0,
            1.0,
            0.1 + 0.2,
            1e21,
            1e-7,
            5e-324,
            f64::MIN_POSITIVE,
            f64::MAX,
            f64::MIN,
            TIE,
            2f64.powi(-24),
            123456.789e3,
            -1.5e-7,
            std::f64::consts::PI,
        ];
        for v in values {
            let texts = [
                format_plain(v),
                format_yaml(v),
                format_json(v).unwrap(),
                format_dotenv(v),
            ];
            for t in texts {
                let back = parse_go_float(&t).unwrap_or_else(|| panic!("{t:?}"));
                assert_eq!(back.to_bits(), v.to_bits(), "{t:?}");
            }
        }
        for v in [f64::INFINITY, f64::NEG_INFINITY] {
            assert_eq!(parse_go_float(&format_plain(v)), Some(v));
            assert_eq!(parse_go_float(&format_dotenv(v)), Some(v));
        }
        assert!(parse_go_float(&format_plain(f64::NAN)).unwrap().is_nan());
    }

    #[test]
    fn json_number_grammar() {
        for s in [
            "0", "-0", "1", "123", "1.5", "-1.5e-7", "1e10", "1E+10", "1e-0", "0.0", "10.01e00",
        ] {
            assert!(is_json_number(s), "{s:?}");
        }
        for s in [
            "", "-", "01", "-01", "+1", ".5", "1.", "1.e5", "1e", "1e+", "--1", "1.5.5", "NaN",
            "Infinity", "0x10", " 1", "1 ", "1_000", "1,5", "e5",
        ] {
            assert!(!is_json_number(s), "{s:?}");
        }
        // Every JSON number is Go ParseFloat syntax.
        assert_eq!(parse_go_float("10.01e00"), Some(10.01));
    }
}
