//! Percent-encoding with the RFC 3986 unreserved set, the one rule Huawei's SDKs use everywhere.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Everything except `A-Z a-z 0-9 - _ . ~` is encoded, as `%XX` with upper-case hex.
pub const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// Percent-encodes `s` (UTF-8) keeping only unreserved characters; a space becomes `%20`.
pub fn encode_unreserved(s: &str) -> String {
    utf8_percent_encode(s, UNRESERVED).to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn encodes_all_but_unreserved() {
        assert_eq!(super::encode_unreserved("a-b_c.d~e f+g/h=é"), "a-b_c.d~e%20f%2Bg%2Fh%3D%C3%A9");
    }
}
