//! Doc text: spec prose in, `#[doc]` attributes that rustdoc renders without warnings out.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = "…"]` attributes, one per line of `text`.
pub fn doc_attrs(text: &str) -> TokenStream {
    let lines: Vec<String> = text.lines().map(|l| format!(" {l}").trim_end().to_string()).collect();
    quote! { #( #[doc = #lines] )* }
}

/// Makes free text from the spec safe for rustdoc: no accidental code blocks, HTML tags,
/// intra-doc links or bare URLs.
pub fn prose(text: &str) -> String {
    let mut out = Vec::new();
    for line in text.trim().lines() {
        // Indented lines would become code blocks (and doctests).
        let line = line.trim_start();
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
    fn code_spans_fence_backticks() {
        assert_eq!(code("a"), "`a`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`x"), "`` `x ``");
    }
}
