//! Doc text: spec prose in, `#[doc]` attributes that rustdoc renders without warnings out.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = "…"]` attributes, one per line of `text`.
pub fn doc_attrs(text: &str) -> TokenStream {
    let lines: Vec<String> = text.lines().map(|l| format!(" {l}").trim_end().to_string()).collect();
    quote! { #( #[doc = #lines] )* }
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
    fn code_spans_fence_backticks() {
        assert_eq!(code("a"), "`a`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`x"), "`` `x ``");
    }
}
