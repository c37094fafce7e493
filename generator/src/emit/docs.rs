//! Doc text: spec prose in, `#[doc]` attributes that rustdoc renders without warnings out.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = "…"]` attributes, one per line of `text`.
pub fn doc_attrs(text: &str) -> TokenStream {
    let lines = text.lines().map(|l| {
        let l = l.trim_end();
        let mut repr = String::with_capacity(l.len() + 4);
        repr.push('"');
        if !l.is_empty() {
            repr.push(' ');
            escape_into(&mut repr, l);
        }
        repr.push('"');
        literal(&repr)
    });
    quote! { #( #[doc = #lines] )* }
}

/// The literal of a checked representation.
fn literal(repr: &str) -> proc_macro2::Literal {
    repr.parse().expect("an escaped string literal")
}

/// Appends `text` escaped exactly as [`proc_macro2::Literal::string`] escapes it (the token
/// text must not change), but faster on doc text: that escapes each character through
/// `char::escape_debug`, whose Unicode table look-ups dominate on Chinese text; here characters
/// are looked up once per thread and remembered (a generation's docs use few distinct ones).
fn escape_into(repr: &mut String, text: &str) {
    thread_local! {
        /// Direct-mapped: slot `c % 4096` holds the last non-ASCII `c` seen there that
        /// `escape_debug` leaves as it is.
        static VERBATIM: std::cell::RefCell<Vec<u32>> = std::cell::RefCell::new(vec![0; 4096]);
    }
    VERBATIM.with(|verbatim| {
        let mut verbatim = verbatim.borrow_mut();
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            match c {
                ' '..='~' if c != '"' && c != '\\' => repr.push(c),
                // `Literal::string` leaves `'` as it is and picks `\x00` before an octal digit.
                '\'' => repr.push(c),
                '\0' => repr.push_str(if chars.as_str().starts_with(|n: char| ('0'..='7').contains(&n)) { "\\x00" } else { "\\0" }),
                c if !c.is_ascii() => {
                    let slot = &mut verbatim[c as usize % 4096];
                    if *slot == c as u32 {
                        repr.push(c);
                    } else {
                        let mut escaped = c.escape_debug();
                        if escaped.len() == 1 {
                            *slot = c as u32;
                            repr.push(c);
                        } else {
                            repr.extend(&mut escaped);
                        }
                    }
                }
                c => repr.extend(c.escape_debug()),
            }
        }
    });
}

/// Makes free text from the spec safe for rustdoc: no accidental code blocks, HTML tags,
/// intra-doc links or bare URLs. Code spans the spec writes (`` `measure_id` ``, balanced
/// backticks on one line) stay code spans; everything else is escaped.
pub fn prose(text: &str) -> String {
    let mut out = Vec::new();
    for line in text.trim().lines() {
        // Indented lines would become code blocks (and doctests).
        let line = line.trim_start();
        if let Some(spans) = with_code_spans(line) {
            out.push(spans);
            continue;
        }
        let mut escaped = String::with_capacity(line.len());
        for word in line.split(' ') {
            if !escaped.is_empty() || line.starts_with(' ') {
                escaped.push(' ');
            }
            if word.starts_with("http://") || word.starts_with("https://") {
                escaped.push('<');
                escaped.push_str(&word.replace(['<', '>'], ""));
                escaped.push('>');
            } else {
                escaped.push_str(&escape_markdown(word));
            }
        }
        out.push(escaped);
    }
    out.join("\n")
}

/// A line with balanced, non-empty backtick code spans: the spans kept as they are (rustdoc shows
/// their content literally) and the text between them escaped. `None` when the line has no
/// backticks or they do not pair up.
fn with_code_spans(line: &str) -> Option<String> {
    if !line.contains('`') {
        return None;
    }
    let parts: Vec<&str> = line.split('`').collect();
    // An even number of backticks splits into an odd number of parts; spans sit at odd indices.
    let balanced = parts.len() % 2 == 1 && parts.iter().skip(1).step_by(2).all(|p| !p.is_empty() && !p.trim().is_empty());
    if !balanced {
        return None;
    }
    let mut out = String::with_capacity(line.len() + 8);
    for (i, part) in parts.iter().enumerate() {
        if i % 2 == 1 {
            out.push('`');
            out.push_str(part);
            out.push('`');
        } else {
            out.push_str(&prose_words(part));
        }
    }
    Some(out)
}

/// Escaped text between code spans, with URLs made into autolinks.
fn prose_words(text: &str) -> String {
    text.split(' ')
        .map(|word| {
            if word.starts_with("http://") || word.starts_with("https://") {
                format!("<{}>", word.replace(['<', '>'], ""))
            } else {
                escape_markdown(word)
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn escape_markdown(word: &str) -> String {
    let mut s = String::with_capacity(word.len());
    for c in word.chars() {
        match c {
            '<' => s.push_str("&lt;"),
            '>' => s.push_str("&gt;"),
            '&' => s.push_str("&amp;"),
            '[' | ']' | '`' | '*' | '_' | '#' | '|' | '\\' => {
                s.push('\\');
                s.push(c);
            }
            _ => s.push(c),
        }
    }
    s
}

/// Inline code span that survives any content (backticks inside get a longer fence).
pub fn code(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') { " " } else { "" };
    format!("{fence}{pad}{text}{pad}{fence}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_neutralises_markdown_hazards() {
        assert_eq!(prose("see [link] <b> a*b"), "see \\[link\\] &lt;b&gt; a\\*b");
        assert_eq!(prose("    indented code"), "indented code");
        assert_eq!(prose("at https://x.y/z now"), "at <https://x.y/z> now");
        assert_eq!(prose("*/ \"# 文字 🎉"), "\\*/ \"\\# 文字 🎉");
    }

    #[test]
    fn balanced_code_spans_stay_code() {
        assert_eq!(prose("in the unit of `measure_id` [x]"), "in the unit of `measure_id` \\[x\\]");
        assert_eq!(prose("`<b>` and `a_b`"), "`<b>` and `a_b`");
        // Unbalanced or empty spans are escaped like any other text.
        assert_eq!(prose("a ` b"), "a \\` b");
        assert_eq!(prose("a `` b"), "a \\`\\` b");
    }

    #[test]
    fn doc_literals_are_the_tokens_literal_string_makes() {
        for text in ["plain", "中文: 成功。 🎉", "a\"b\\c\td\re'f", "\0\x01\u{7f}\u{85}\u{200b}\u{202e}\u{301}x\u{301}", "\u{0}7 \u{0}a", "  "] {
            let ours = doc_attrs(text).to_string();
            let lines: Vec<String> = text.lines().map(|l| format!(" {l}").trim_end().to_string()).collect();
            let theirs = quote! { #( #[doc = #lines] )* }.to_string();
            assert_eq!(ours, theirs, "{text:?}");
        }
    }

    #[test]
    fn code_spans_fence_backticks() {
        assert_eq!(code("a"), "`a`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`x"), "`` `x ``");
    }
}
