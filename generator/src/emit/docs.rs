//! Doc text: spec prose in, `#[doc]` attributes that rustdoc renders without warnings out.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = "…"]` attributes, one per line of `text`. While [`deferring`], one marker
/// attribute stands for all of them instead (see [`DeferredDocs`]).
pub fn doc_attrs(text: &str) -> TokenStream {
    if text.lines().next().is_none() {
        return TokenStream::new();
    }
    let deferred = DEFERRED.with(|deferred| deferred.borrow_mut().as_mut().map(|table| table.marker(text)));
    if let Some(marker) = deferred {
        return quote! { #[doc = #marker] };
    }
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

/// The first character of a deferred doc text's marker: a private-use character, which the
/// token printer escapes in every string literal, so that it only appears raw in printed doc
/// comments, where markers are.
pub const MARKER: char = '\u{E000}';

/// Doc texts set aside while a file is emitted for pretty-printing ([`deferring`]): each text
/// is emitted as one attribute, `#[doc = "\u{E000}<hash>"]` (the 128-bit hash of the text, in
/// hex), and [`DeferredDocs::fill`] writes its lines in the printed file where the printer wrote
/// the marker, after `///` and at its indentation. The printer would only have copied the lines
/// (a `///` comment each), but lexing, parsing and printing an attribute per line made a large
/// part of a generation's work. Markers are hashes of their text, not counters, so equal
/// tokens still mean equal text (the shared formatting and the manifest's token hashes rely on
/// that).
#[derive(Debug, Default)]
pub struct DeferredDocs {
    texts: std::collections::HashMap<crate::manifest::Hash, String>,
}

thread_local! {
    /// The table of the file being emitted on this thread, while deferring.
    static DEFERRED: std::cell::RefCell<Option<DeferredDocs>> = const { std::cell::RefCell::new(None) };
}

/// Runs `emit` with doc texts deferred, and returns its result with the deferred texts.
pub fn deferring<T>(emit: impl FnOnce() -> T) -> (T, DeferredDocs) {
    DEFERRED.with(|d| *d.borrow_mut() = Some(DeferredDocs::default()));
    let out = emit();
    let table = DEFERRED.with(|d| d.borrow_mut().take()).unwrap_or_default();
    (out, table)
}

impl DeferredDocs {
    /// The marker literal of a doc text, remembering the text.
    fn marker(&mut self, text: &str) -> proc_macro2::Literal {
        let hash = crate::manifest::Hasher128::hash(text.as_bytes());
        self.texts.entry(hash).or_insert_with(|| text.to_string());
        // The token printer writes the marker character as `\u{e000}`: the same token as lexing
        // that text, without the lexer.
        proc_macro2::Literal::string(&format!("{MARKER}{hash:032x}"))
    }

    /// The doc text that the value of a `#[doc]` attribute stands for when it is one of this
    /// table's markers (the marker character and 32 hex digits).
    pub fn text_of(&self, value: &str) -> Option<&str> {
        let hex = value.strip_prefix(MARKER)?;
        if hex.len() != 32 {
            return None;
        }
        self.texts.get(&u128::from_str_radix(hex, 16).ok()?).map(String::as_str)
    }

    /// `printed` with every marker replaced by the lines of its text, as one attribute per line would have
    /// had them printed: `/// line` (`///` for an empty line), each at the marker's indentation.
    /// `Err` names a marker this table does not know (a generator bug).
    pub fn fill(&self, printed: String) -> Result<String, String> {
        if !printed.contains(MARKER) {
            return Ok(printed);
        }
        let mut out = String::with_capacity(printed.len() + self.texts.values().map(|t| t.len() + 16 * t.lines().count()).sum::<usize>());
        let mut rest = printed.as_str();
        while let Some(at) = rest.find(MARKER) {
            out.push_str(&rest[..at]);
            let hex_start = at + MARKER.len_utf8();
            let hex = rest.get(hex_start..hex_start + 32).ok_or("generator bug: a cut doc marker")?;
            let text = u128::from_str_radix(hex, 16)
                .ok()
                .and_then(|hash| self.texts.get(&hash))
                .ok_or_else(|| format!("generator bug: unknown doc marker {hex}"))?;
            // `out` ends with the marker's `<indent>///`.
            if !out.ends_with("///") {
                return Err(format!("generator bug: doc marker {hex} outside a `///` comment"));
            }
            let line_start = out.rfind('\n').map_or(0, |i| i + 1);
            let prefix = format!("\n{}", &out[line_start..]);
            out.truncate(out.len() - 3);
            for (i, line) in text.lines().enumerate() {
                if i > 0 {
                    out.push_str(&prefix);
                } else {
                    out.push_str("///");
                }
                let line = line.trim_end();
                if !line.is_empty() {
                    out.push(' ');
                    out.push_str(line);
                }
            }
            rest = &rest[hex_start + 32..];
        }
        out.push_str(rest);
        Ok(out)
    }
}

/// `text` as a string literal token, the same token as [`proc_macro2::Literal::string`] makes
/// (see [`escape_into`]): for spec text interpolated as a string, often Chinese.
pub fn str_lit(text: &str) -> proc_macro2::Literal {
    let mut repr = String::with_capacity(text.len() + 2);
    repr.push('"');
    escape_into(&mut repr, text);
    repr.push('"');
    literal(&repr)
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
                escape_markdown_into(&mut escaped, word);
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
    escape_markdown_into(&mut s, word);
    s
}

/// Appends [`escape_markdown`] of `word` (without a string of its own: docs have many words).
fn escape_markdown_into(s: &mut String, word: &str) {
    // Most words need no escape.
    if !word.contains(['<', '>', '&', '[', ']', '`', '*', '_', '#', '|', '\\']) {
        s.push_str(word);
        return;
    }
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

    #[cfg(feature = "format")]
    #[test]
    fn deferred_docs_print_as_the_printer_prints_them() {
        let texts = ["one line", "para\n\nnext para   \n  indented", "中文: 成功。 🎉\ttab\rcr \u{202e}bidi", "\n", "", "x\n"];
        for text in texts {
            let file = |doc: TokenStream| {
                let tokens = quote! { #doc pub struct A; pub mod m { #doc pub struct B { #doc pub f: u8 } } impl A { #doc pub fn f(&self) {} } };
                crate::format::format_items("t.rs", crate::format::Items::new(tokens, false), true, &DeferredDocs::default())
            };
            let plain = file(doc_attrs(text)).unwrap();
            let (doc, docs) = deferring(|| doc_attrs(text));
            let tokens = quote! { #doc pub struct A; pub mod m { #doc pub struct B { #doc pub f: u8 } } impl A { #doc pub fn f(&self) {} } };
            let deferred = crate::format::format_items("t.rs", crate::format::Items::new(tokens, false), true, &docs).unwrap();
            assert_eq!(deferred, plain, "{text:?}");
            assert!(!deferred.contains(MARKER));
        }
        // A marker the table does not know is a generator bug, never output.
        let (doc, _) = deferring(|| doc_attrs("lost"));
        let err = crate::format::format_items("t.rs", crate::format::Items::new(quote! { #doc pub struct A; }, false), true, &DeferredDocs::default());
        assert!(err.unwrap_err().contains("unknown doc marker"));
    }

    #[test]
    fn doc_literals_are_the_tokens_literal_string_makes() {
        for text in ["plain", "中文: 成功。 🎉", "a\"b\\c\td\re'f", "\0\x01\u{7f}\u{85}\u{200b}\u{202e}\u{301}x\u{301}", "\u{0}7 \u{0}a", "  "] {
            let ours = doc_attrs(text).to_string();
            let lines: Vec<String> = text.lines().map(|l| format!(" {l}").trim_end().to_string()).collect();
            let theirs = quote! { #( #[doc = #lines] )* }.to_string();
            assert_eq!(ours, theirs, "{text:?}");
            assert_eq!(str_lit(text).to_string(), proc_macro2::Literal::string(text).to_string(), "{text:?}");
        }
    }

    #[test]
    fn code_spans_fence_backticks() {
        assert_eq!(code("a"), "`a`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`x"), "`` `x ``");
    }
}
