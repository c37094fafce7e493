//! Percent-encoding with the RFC 3986 unreserved set, the one rule Huawei's SDKs use everywhere.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC};

/// Everything except `A-Z a-z 0-9 - _ . ~` is encoded, as `%XX` with upper-case hex.
pub const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

const UPPER_HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Whether `b` stays as it is: `A-Z a-z 0-9 - _ . ~` (the complement of [`UNRESERVED`]).
#[inline]
pub(crate) fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~')
}

/// Percent-encodes `s` (UTF-8) keeping only unreserved characters; a space becomes `%20`.
pub fn encode_unreserved(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    push_encoded(&mut out, s, |_| false);
    out
}

/// Appends `s` to `out`, percent-encoded like [`encode_unreserved`] except that bytes for which
/// `keep` is true are copied as they are (`keep` must only accept ASCII bytes).
///
/// Runs of unreserved bytes are copied at once: this is the signer's hot loop, and the generic
/// `percent_encoding` iterator went through `fmt` for every piece.
#[inline]
pub(crate) fn push_encoded(out: &mut String, s: &str, keep: impl Fn(u8) -> bool) {
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if is_unreserved(b) || keep(b) {
            continue;
        }
        // A non-empty `start..i` holds only ASCII bytes, so both ends are char boundaries.
        if start < i {
            out.push_str(&s[start..i]);
        }
        out.push('%');
        out.push(char::from(UPPER_HEX[usize::from(b >> 4)]));
        out.push(char::from(UPPER_HEX[usize::from(b & 0xf)]));
        start = i + 1;
    }
    out.push_str(&s[start..]);
}

/// Appends the lower-case hex form of `bytes` to `out`.
pub(crate) fn push_hex_lower(out: &mut String, bytes: &[u8]) {
    const LOWER_HEX: &[u8; 16] = b"0123456789abcdef";
    // Through a stack buffer, one `push_str` per 32 bytes: pushing char by char cost more than
    // the rest of the hex encoding.
    let mut buf = [0u8; 64];
    for chunk in bytes.chunks(32) {
        for (pair, &b) in buf.chunks_exact_mut(2).zip(chunk) {
            pair[0] = LOWER_HEX[usize::from(b >> 4)];
            pair[1] = LOWER_HEX[usize::from(b & 0xf)];
        }
        let hex = &buf[..chunk.len() * 2];
        out.push_str(std::str::from_utf8(hex).expect("hex digits are ASCII"));
    }
}

/// Keeps nothing but the unreserved set (the `keep` argument of [`push_encoded`]).
pub(crate) fn keep_nothing(_: u8) -> bool {
    false
}

/// Appends [`canonical_query_string`] to `out`, without intermediate strings.
pub(crate) fn push_canonical_query(out: &mut String, query: &[(String, String)]) {
    let mut pairs: Vec<&(String, String)> = query.iter().collect();
    // `String` orders by UTF-8 bytes, which is the same as Unicode code point order. Pairs that
    // compare equal are identical, so an unstable sort gives the same string.
    pairs.sort_unstable();
    for (i, (k, v)) in pairs.into_iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        push_encoded(out, k, keep_nothing);
        out.push('=');
        push_encoded(out, v, keep_nothing);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_all_but_unreserved() {
        assert_eq!(super::encode_unreserved("a-b_c.d~e f+g/h=é"), "a-b_c.d~e%20f%2Bg%2Fh%3D%C3%A9");
    }

    #[test]
    fn agrees_with_the_unreserved_ascii_set() {
        for b in 0..=255u8 {
            let expected = percent_encoding::percent_encode(&[b], UNRESERVED).to_string();
            if let Ok(s) = std::str::from_utf8(&[b]) {
                assert_eq!(encode_unreserved(s), expected, "{b:#04x}");
            }
            assert_eq!(is_unreserved(b), expected.len() == 1, "{b:#04x}");
        }
        let all: String = (0..=0x24ffu32).filter_map(char::from_u32).collect();
        assert_eq!(encode_unreserved(&all), percent_encoding::utf8_percent_encode(&all, UNRESERVED).to_string());
    }

    #[test]
    fn keeps_requested_bytes() {
        let mut out = String::from(">");
        push_encoded(&mut out, "/a b/é/", |b| b == b'/');
        assert_eq!(out, ">/a%20b/%C3%A9/");
    }

    #[test]
    fn hex_is_lower_case() {
        let mut out = String::new();
        push_hex_lower(&mut out, &[0x00, 0x9f, 0xa0, 0xff]);
        assert_eq!(out, "009fa0ff");
        let long: Vec<u8> = (0..=255).collect();
        out.clear();
        push_hex_lower(&mut out, &long);
        assert_eq!(out, hex::encode(&long));
    }
}
