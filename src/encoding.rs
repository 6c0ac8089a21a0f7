//! Encodings as Go writes and reads them, where sops' files depend on Go's
//! exact behaviour: lenient base64 (the `ENC[…]` fields), `strconv.Atoi`
//! and `time.RFC3339Nano`; and JSON strings for the machine-readable
//! reports. Number spelling lives beside this in [`crate::number`].

use time::OffsetDateTime;

/// Appends `s` as a JSON string, quotes included.
pub fn push_json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Decodes standard base64 with padding as Go's `base64.StdEncoding` does:
/// unused bits of the last character may be set (the `base64` crate refuses
/// those), whitespace is not allowed. Table-driven, because a large file has
/// tens of thousands of tokens to decode.
pub fn decode_base64(s: &str) -> Option<Vec<u8>> {
    let mut out = vec![0; base64_decoded_len(s)?];
    decode_base64_to(s, &mut out)?;
    Some(out)
}

/// How many bytes `s` decodes to, if its length and padding are valid.
pub fn base64_decoded_len(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    if !bytes.len().is_multiple_of(4) {
        return None;
    }
    let padding = bytes.iter().rev().take_while(|&&b| b == b'=').count();
    if padding > 2 {
        return None;
    }
    Some(bytes.len() / 4 * 3 - padding)
}

/// Decodes `s` into `out`, which is exactly [`base64_decoded_len`] bytes long.
pub fn decode_base64_to(s: &str, out: &mut [u8]) -> Option<()> {
    const INVALID: u8 = 0xff;
    static TABLE: [u8; 256] = {
        let mut t = [INVALID; 256];
        let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut i = 0;
        while i < 64 {
            t[alphabet[i] as usize] = i as u8;
            i += 1;
        }
        t
    };
    let bytes = s.as_bytes();
    let (body, last) = bytes.split_at(bytes.len().saturating_sub(4));
    let (full, tail) = out.split_at_mut(body.len() / 4 * 3);
    // Invalid characters map to 0xff; their high bit is collected rather
    // than tested per quad, which keeps the loop free of branches.
    let mut invalid = 0;
    for (quad, triple) in body.chunks_exact(4).zip(full.chunks_exact_mut(3)) {
        let (v, bad) = base64_quad([quad[0], quad[1], quad[2], quad[3]], &TABLE);
        invalid |= bad;
        triple.copy_from_slice(&v.to_be_bytes()[1..]);
    }
    if !last.is_empty() {
        let used = tail.len() + 1;
        let mut quad = [b'A'; 4];
        quad[..used].copy_from_slice(&last[..used]);
        let (v, bad) = base64_quad(quad, &TABLE);
        invalid |= bad;
        tail.copy_from_slice(&v.to_be_bytes()[1..used]);
    }
    (invalid & 0x80 == 0).then_some(())
}

/// Four base64 characters to 24 bits, and the OR of their table entries,
/// whose high bit is set if one is not in the alphabet.
fn base64_quad(quad: [u8; 4], table: &[u8; 256]) -> (u32, u8) {
    let [a, b, c, d] = quad.map(|ch| table[usize::from(ch)]);
    let v = u32::from(a & 0x3f) << 18
        | u32::from(b & 0x3f) << 12
        | u32::from(c & 0x3f) << 6
        | u32::from(d & 0x3f);
    (v, a | b | c | d)
}

/// Go's `strconv.Atoi`: optional sign, decimal digits.
pub fn parse_atoi(s: &str) -> Option<i64> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// RFC 3339 with nanoseconds, trailing zeros trimmed, offset kept (Go's
/// `time.RFC3339Nano`).
pub fn format_time(t: &OffsetDateTime) -> String {
    let mut out = format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    );
    let nanos = t.nanosecond();
    if nanos != 0 {
        let frac = format!("{nanos:09}");
        out.push('.');
        out.push_str(frac.trim_end_matches('0'));
    }
    let offset = t.offset();
    if offset.is_utc() {
        out.push('Z');
    } else {
        let (h, m, _) = offset.as_hms();
        let sign = if offset.is_negative() { '-' } else { '+' };
        out.push_str(&format!("{sign}{:02}:{:02}", h.abs(), m.abs()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::engine::general_purpose::STANDARD as B64;
    use base64::Engine;
    use time::format_description::well_known::Rfc3339;

    #[test]
    fn base64_decodes_like_go() {
        for data in [&b""[..], b"a", b"ab", b"abc", b"abcd", &[0xff, 0, 0x80, 7]] {
            assert_eq!(decode_base64(&B64.encode(data)).as_deref(), Some(data));
        }
        // Go accepts set trailing bits ("QR==" is "QQ==" with one more bit).
        assert_eq!(decode_base64("QR==").as_deref(), Some(&b"A"[..]));
        for bad in ["QQ=", "Q===", "QQ=A", "Q Q=", "QQ==QQ==", "@@@@"] {
            assert_eq!(decode_base64(bad), None, "{bad}");
        }
    }

    #[test]
    fn times_are_written_as_go_writes_rfc3339_nano() {
        let t = OffsetDateTime::parse("2001-12-14T21:59:43.10-05:00", &Rfc3339).unwrap();
        assert_eq!(format_time(&t), "2001-12-14T21:59:43.1-05:00");
    }

    #[test]
    fn atoi_takes_a_sign_and_digits_only() {
        assert_eq!(parse_atoi("+12"), Some(12));
        assert_eq!(parse_atoi("-0"), Some(0));
        for bad in ["", "+", "1_000", "0x10", " 1", "1e3"] {
            assert_eq!(parse_atoi(bad), None, "{bad}");
        }
    }
}
