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

/// The standard base64 alphabet.
const BASE64_ALPHABET: &[u8; 64] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// The length of `n` bytes in padded standard base64.
pub fn base64_encoded_len(n: usize) -> usize {
    n.div_ceil(3) * 4
}

/// Appends `bytes` in padded standard base64. Written straight into `out`,
/// which the caller sized: an encrypted file is mostly base64, and the
/// `base64` crate's string encoder went through a chunked intermediate
/// buffer for each of its tens of thousands of short fields.
pub fn push_base64(out: &mut Vec<u8>, bytes: &[u8]) {
    let start = out.len();
    out.resize(start + base64_encoded_len(bytes.len()), b'=');
    let encoded = &mut out[start..];
    let sextet = |v: u32, shift: u32| BASE64_ALPHABET[(v >> shift & 0x3f) as usize];
    let mut triples = bytes.chunks_exact(3);
    for (triple, quad) in (&mut triples).zip(encoded.chunks_exact_mut(4)) {
        let v = u32::from(triple[0]) << 16 | u32::from(triple[1]) << 8 | u32::from(triple[2]);
        // As an array, the four characters are one store, not a copy call.
        if let Ok(quad) = <&mut [u8; 4]>::try_from(quad) {
            *quad = [sextet(v, 18), sextet(v, 12), sextet(v, 6), sextet(v, 0)];
        }
    }
    let rest = triples.remainder();
    if !rest.is_empty() {
        let mut triple = [0; 3];
        triple[..rest.len()].copy_from_slice(rest);
        let v = u32::from(triple[0]) << 16 | u32::from(triple[1]) << 8 | u32::from(triple[2]);
        let quad = [sextet(v, 18), sextet(v, 12), sextet(v, 6)];
        // One more character than bytes; the padding is already there.
        let tail = encoded.len() - 4;
        encoded[tail..tail + rest.len() + 1].copy_from_slice(&quad[..rest.len() + 1]);
    }
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
        let mut i = 0;
        while i < 64 {
            t[BASE64_ALPHABET[i] as usize] = i as u8;
            i += 1;
        }
        t
    };
    let bytes = s.as_bytes();
    let (body, last) = bytes.split_at(bytes.len().saturating_sub(4));
    let (full, tail) = out.split_at_mut(body.len() / 4 * 3);
    // Invalid characters map to 0xff; their high bit is collected rather
    // than tested per character, which keeps the loops free of branches.
    let mut invalid = 0;
    // Eight characters (48 bits) at a time, then the odd quad.
    let mut eights = body.chunks_exact(8);
    let mut sixes = full.chunks_exact_mut(6);
    for (eight, six) in (&mut eights).zip(&mut sixes) {
        let (v, bad) = sextets(eight, &TABLE);
        invalid |= bad;
        six.copy_from_slice(&v.to_be_bytes()[2..]);
    }
    let odd = eights.remainder();
    if !odd.is_empty() {
        let (v, bad) = sextets(odd, &TABLE);
        invalid |= bad;
        sixes
            .into_remainder()
            .copy_from_slice(&v.to_be_bytes()[5..]);
    }
    if !last.is_empty() {
        let used = tail.len() + 1;
        let mut quad = [b'A'; 4];
        quad[..used].copy_from_slice(&last[..used]);
        let (v, bad) = sextets(&quad, &TABLE);
        invalid |= bad;
        tail.copy_from_slice(&v.to_be_bytes()[5..4 + used]);
    }
    (invalid & 0x80 == 0).then_some(())
}

/// Up to ten base64 characters to their bits (the last character's in the
/// lowest six), and the OR of their table entries, whose high bit is set
/// if one is not in the alphabet.
fn sextets(chars: &[u8], table: &[u8; 256]) -> (u64, u8) {
    chars.iter().fold((0, 0), |(v, bad), &ch| {
        let t = table[usize::from(ch)];
        (v << 6 | u64::from(t & 0x3f), bad | t)
    })
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
    fn base64_encodes_as_the_base64_crate_does() {
        let bytes: Vec<u8> = (0..=255).rev().collect();
        for len in 0..40 {
            let mut out = b"x".to_vec();
            push_base64(&mut out, &bytes[..len]);
            assert_eq!(out[1..], *B64.encode(&bytes[..len]).as_bytes(), "{len}");
        }
    }

    #[test]
    fn base64_decodes_like_go() {
        let bytes: Vec<u8> = (0..=255).rev().collect();
        for len in 0..40 {
            let data = &bytes[len..2 * len];
            assert_eq!(decode_base64(&B64.encode(data)).as_deref(), Some(data));
        }
        // Go accepts set trailing bits ("QR==" is "QQ==" with one more bit).
        assert_eq!(decode_base64("QR==").as_deref(), Some(&b"A"[..]));
        for bad in [
            "QQ=",
            "Q===",
            "QQ=A",
            "Q Q=",
            "QQ==QQ==",
            "@@@@",
            "QUJDREVGR0hJSktM@U5P",
            "QUJDREVGR0h@SktMTU5P",
            "QUJDREVGR0hJSktMTU@PUFFS",
        ] {
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
