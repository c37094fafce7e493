//! Redaction: credential values out of any text a server sent back (error messages, body
//! snippets, request ids, `Location` headers), before that text is cut, stored or shown.
//!
//! A proxy or WAF error page may echo request headers whole or in part, escaped for JSON or for
//! a URL. So every run of [`MIN_RUN`] or more characters that also occurs in a secret (in any of
//! its escaped spellings) is blanked, not only the whole secret. Control characters and terminal
//! escapes are shown escaped, so server text cannot drive the terminal that prints an error.

use std::collections::HashSet;

/// The shortest run of a secret's characters that is blanked. Shorter runs are common words and
/// numbers; at 8 characters a run of a random key or token is specific to it.
pub const MIN_RUN: usize = 8;

/// The marker that replaces a blanked run.
pub const REDACTED: &str = "<redacted>";

/// Blanks the runs of known secrets in text. Built from the secrets of one call's credentials.
#[derive(Default)]
pub struct Redactor {
    /// Every window of [`MIN_RUN`] bytes of every spelling of every secret.
    windows: HashSet<Vec<u8>>,
}

impl std::fmt::Debug for Redactor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Redactor").field("windows", &self.windows.len()).finish()
    }
}

impl Redactor {
    /// A redactor for these secrets; secrets shorter than [`MIN_RUN`] are blanked only whole
    /// (they are padded to no window), which real keys and tokens never are.
    pub fn new<'a>(secrets: impl IntoIterator<Item = &'a str>) -> Self {
        let mut windows = HashSet::new();
        for secret in secrets {
            for spelling in spellings(secret) {
                let bytes = spelling.as_bytes();
                if bytes.len() >= MIN_RUN {
                    windows.extend(bytes.windows(MIN_RUN).map(<[u8]>::to_vec));
                }
            }
        }
        Redactor { windows }
    }

    /// Whether there is nothing to blank.
    pub fn is_empty(&self) -> bool {
        self.windows.is_empty()
    }

    /// `text` with every run of secret characters replaced by [`REDACTED`] (adjacent and
    /// overlapping runs merge into one marker), then made safe to print ([`printable`]).
    pub fn clean(&self, text: &str) -> String {
        printable(&self.blank(text))
    }

    /// `text` with every run of secret characters replaced by [`REDACTED`].
    pub fn blank(&self, text: &str) -> String {
        let bytes = text.as_bytes();
        if self.windows.is_empty() || bytes.len() < MIN_RUN {
            return text.to_owned();
        }
        // Mark every byte covered by a window that occurs in a secret.
        let mut covered = vec![false; bytes.len()];
        let mut any = false;
        for (i, w) in bytes.windows(MIN_RUN).enumerate() {
            if self.windows.contains(w) {
                covered[i..i + MIN_RUN].iter_mut().for_each(|c| *c = true);
                any = true;
            }
        }
        if !any {
            return text.to_owned();
        }
        let mut out = String::with_capacity(text.len());
        let mut in_run = false;
        for (i, ch) in text.char_indices() {
            // A character is blanked when any of its bytes is covered (runs may cut a UTF-8
            // sequence in the middle).
            let hit = covered[i..i + ch.len_utf8()].iter().any(|c| *c);
            if hit {
                if !in_run {
                    out.push_str(REDACTED);
                }
                in_run = true;
            } else {
                in_run = false;
                out.push(ch);
            }
        }
        out
    }
}

/// The ways a secret may appear in text a server sends back: as is, JSON-escaped (`\/`, `\u002b`),
/// percent-encoded (upper and lower case), and HTML-escaped.
fn spellings(secret: &str) -> Vec<String> {
    let mut out = vec![secret.to_owned()];
    let json = serde_json::to_string(secret).unwrap_or_default();
    let json = json.trim_matches('"').to_owned();
    out.push(json.clone());
    out.push(json.replace('/', "\\/"));
    out.push(secret.replace('/', "\\/"));
    let unicode_escaped: String = secret
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_string() } else { format!("\\u{:04x}", c as u32) })
        .collect();
    out.push(unicode_escaped.clone());
    out.push(unicode_escaped.to_uppercase().replace("\\U", "\\u"));
    let percent: String = secret
        .bytes()
        .map(|b| if b.is_ascii_alphanumeric() || b"-._~".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect();
    out.push(percent.clone());
    out.push(percent.to_lowercase_escapes());
    let html: String = secret
        .chars()
        .map(|c| match c {
            '&' => "&amp;".to_owned(),
            '<' => "&lt;".to_owned(),
            '>' => "&gt;".to_owned(),
            '"' => "&quot;".to_owned(),
            '\'' => "&#39;".to_owned(),
            '+' => "&#43;".to_owned(),
            '/' => "&#47;".to_owned(),
            '=' => "&#61;".to_owned(),
            c => c.to_string(),
        })
        .collect();
    out.push(html);
    out.sort();
    out.dedup();
    out
}

trait LowercaseEscapes {
    fn to_lowercase_escapes(&self) -> String;
}

impl LowercaseEscapes for String {
    /// `%2F` → `%2f`, leaving the other characters as they are.
    fn to_lowercase_escapes(&self) -> String {
        let mut out = String::with_capacity(self.len());
        let mut chars = self.chars();
        while let Some(c) = chars.next() {
            out.push(c);
            if c == '%' {
                for _ in 0..2 {
                    if let Some(h) = chars.next() {
                        out.push(h.to_ascii_lowercase());
                    }
                }
            }
        }
        out
    }
}

/// `text` with control characters (line breaks included), terminal escape sequences' introducer
/// and the invisible direction overrides shown as `\u{…}` escapes, so that text from a server
/// prints as one inert line.
pub fn printable(text: &str) -> String {
    if !text.chars().any(needs_escape) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if needs_escape(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

fn needs_escape(c: char) -> bool {
    c.is_control() || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    const SK: &str = "Zx9+Qw/ErTy8uIo0pAsDfGhJkL12mnBvCxZ4a/Sd";

    #[test]
    fn whole_and_partial_runs_are_blanked() {
        let r = Redactor::new([SK]);
        assert_eq!(r.clean(&format!("key={SK}!")), "key=<redacted>!");
        // A run cut anywhere (a proxy keeps only part of a header).
        let part = &SK[5..30];
        assert_eq!(r.clean(&format!("echo: {part} end")), "echo: <redacted> end");
        // Two runs of the secret side by side make one marker.
        assert_eq!(r.clean(&format!("{}{}", &SK[..10], &SK[20..35])), "<redacted>");
        // A run shorter than MIN_RUN is left alone.
        assert_eq!(r.clean("Zx9+Qw/ ok"), "Zx9+Qw/ ok");
    }

    #[test]
    fn escaped_spellings_are_blanked() {
        let r = Redactor::new([SK]);
        for spelled in [SK.replace('/', "\\/"), SK.replace('/', "%2F").replace('+', "%2B"), SK.replace('/', "%2f").replace('+', "%2b"), SK.replace('+', "\\u002b")] {
            let text = format!("{{\"header\":\"{spelled}\"}}");
            let cleaned = r.clean(&text);
            assert!(!cleaned.contains("ErTy8uIo0p"), "{spelled} -> {cleaned}");
            assert!(cleaned.contains(REDACTED), "{cleaned}");
        }
    }

    #[test]
    fn long_tokens_leave_nothing_meaningful() {
        let token: String = (0..3000).map(|i| char::from(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"[(i * 7 + i / 64) % 64])).collect();
        let r = Redactor::new([token.as_str()]);
        let page = format!("<html><pre>X-Security-Token: {}</pre></html>", &token[100..2900]);
        let cleaned = r.clean(&page);
        assert_eq!(cleaned, "<html><pre>X-Security-Token: <redacted></pre></html>");
    }

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(printable("a\u{1b}[31mred\r\nx\u{202e}"), "a\\u{1b}[31mred\\u{d}\\u{a}x\\u{202e}");
        assert_eq!(printable("plain 中文 text"), "plain 中文 text");
        let r = Redactor::default();
        assert_eq!(r.clean("bell\u{7}"), "bell\\u{7}");
    }

    #[test]
    fn multibyte_text_is_cut_on_character_boundaries() {
        let secret = "秘密秘密秘密-secret-value";
        let r = Redactor::new([secret]);
        let cleaned = r.clean(&format!("前{}後", &secret[3..]));
        assert_eq!(cleaned, "前<redacted>後");
    }
}
