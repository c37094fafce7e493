//! Printing without parsing: the tokens of one top-level item in, the text prettyplease prints
//! for that item out, for the shapes sdkgen emits (structs, enums, `impl` blocks and functions,
//! constants and statics, `mod` and `use`); `Err` with the item given back for any other shape.
//!
//! Parsing the emitted tokens back with syn cost 2.6× printing them and was the largest part of
//! a generation. The items sdkgen emits are a small, regular part of Rust, laid out by a handful
//! of prettyplease's rules, which this module applies directly:
//! - items, fields, variants, statements, `match` arms and the entries of a broken list each
//!   start a line at the block's indentation (4 spaces a level);
//! - a construct stays on one line when it fits: prettyplease measures it up to the next place
//!   outside it where the printer may break (a `;` or the comma after a list entry counts, the
//!   comma a broken list adds after its last entry does not: see `Suffix`), and the line must end
//!   by column 89, or 60 columns after its indentation when that is further;
//! - a struct literal stays on one line only when it also takes at most 34 columns (its
//!   `end_with_max_width(34)`), else one field per line with a trailing comma;
//! - arrays, call arguments, parameters and attribute lists that do not fit break one entry per
//!   line, all of them (a consistent box); a lone struct, array, tuple or closure argument
//!   follows the `(` directly;
//! - a method chain on a variable breaks before every method; at the start of a statement a
//!   call on a variable of at most 4 characters breaks only its arguments;
//! - literals and paths have nowhere to break and are written whatever their length.
//!
//! Anything else (generics and `where` clauses, blocks inside expressions, macros, operators, a
//! `match` arm or generic arguments that would have to break) gives the item back to syn and
//! prettyplease, and so does every token sequence this module does not recognise: recognising an
//! item checks it as parsing would for the constructs involved. `SDKGEN_VERIFY_LAYOUT=1` prints
//! every laid-out item both ways and fails on a difference; the tests below sweep widths across
//! the margin, and the property test of random specs runs with the check on.

use crate::emit::DeferredDocs;
use proc_macro2::{Delimiter, Spacing, TokenStream};

/// prettyplease's line width and the least room it leaves after a deep indentation.
const MARGIN: usize = 89;
const MIN_SPACE: usize = 60;
/// prettyplease's widest struct literal written on one line.
const STRUCT_LITERAL_MAX_WIDTH: usize = 34;

/// The printed text of a top-level item (ending with a newline) and whether it starts with inner
/// attributes (`//!` docs, `#![…]`, valid only at the start of a file), or `None` when the item is
/// not of a shape this module lays out. Doc texts deferred while emitting (`docs`) are written in
/// place of their markers, as `DeferredDocs::fill` writes them.
///
/// The item is taken apart without copying its tokens (see [`unpack`]); when it is not laid out,
/// `Err` gives it back, whole. With `first` false, an item with inner attributes is given back.
pub fn print_item(item: TokenStream, first: bool, docs: &DeferredDocs) -> Result<(String, bool), TokenStream> {
    let tokens = unpack(item);
    match lay_out(&tokens, docs) {
        Some((text, inner)) if first || !inner => Ok((text, inner)),
        _ => Err(repack(tokens)),
    }
}

/// A token of an item being laid out: proc_macro2's, with each group's tokens held directly.
enum TokenTree {
    Ident(proc_macro2::Ident),
    Punct(proc_macro2::Punct),
    Literal(proc_macro2::Literal),
    Group(Delimiter, Vec<TokenTree>),
}

impl std::fmt::Display for TokenTree {
    /// The token as proc_macro2 writes it (groups are never written this way here).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TokenTree::Ident(i) => i.fmt(f),
            TokenTree::Punct(p) => p.fmt(f),
            TokenTree::Literal(l) => l.fmt(f),
            TokenTree::Group(..) => Err(std::fmt::Error),
        }
    }
}

/// The tokens of a stream, moved out of it: a proc_macro2 stream can only be iterated by value,
/// and iterating one that is shared (a group's, while the group holds it) copies every token.
/// Each group is dropped before its stream is iterated, so nothing is copied.
fn unpack(stream: TokenStream) -> Vec<TokenTree> {
    stream
        .into_iter()
        .map(|tree| match tree {
            proc_macro2::TokenTree::Group(group) => {
                let delimiter = group.delimiter();
                let inner = group.stream();
                drop(group);
                TokenTree::Group(delimiter, unpack(inner))
            }
            proc_macro2::TokenTree::Ident(i) => TokenTree::Ident(i),
            proc_macro2::TokenTree::Punct(p) => TokenTree::Punct(p),
            proc_macro2::TokenTree::Literal(l) => TokenTree::Literal(l),
        })
        .collect()
}

/// The stream [`unpack`] took apart, put back together.
fn repack(tokens: Vec<TokenTree>) -> TokenStream {
    tokens
        .into_iter()
        .map(|token| match token {
            TokenTree::Group(delimiter, inner) => proc_macro2::TokenTree::Group(proc_macro2::Group::new(delimiter, repack(inner))),
            TokenTree::Ident(i) => proc_macro2::TokenTree::Ident(i),
            TokenTree::Punct(p) => proc_macro2::TokenTree::Punct(p),
            TokenTree::Literal(l) => proc_macro2::TokenTree::Literal(l),
        })
        .collect()
}

/// [`print_item`] on the unpacked tokens.
fn lay_out(tokens: &[TokenTree], docs: &DeferredDocs) -> Option<(String, bool)> {
    let mut out = Lines { text: String::new(), docs };
    let mut cur = Cursor::new(tokens);
    let inner = inner_attrs(&mut cur, &mut out)?;
    let attrs = outer_attrs(&mut cur)?;
    out.attrs(0, &attrs)?;
    let vis = visibility(&mut cur)?;
    match cur.ident_str()?.as_str() {
        "struct" => item_struct(&mut cur, &vis, &mut out)?,
        "enum" => item_enum(&mut cur, &vis, &mut out)?,
        "impl" if vis.is_empty() => item_impl(&mut cur, &mut out)?,
        keyword @ ("const" | "static") => item_value(&mut cur, keyword, &vis, 0, &mut out)?,
        "fn" => item_fn(&mut cur, &vis, 0, &mut out)?,
        "mod" => {
            let name = cur.ident_str()?;
            cur.punct(';')?;
            out.line(0, &format!("{vis}mod {name};"))?;
        }
        "use" => {
            let mut path = simple_path(&mut cur)?;
            if cur.eat_path_sep() {
                cur.punct('*')?;
                path.push_str("::*");
            }
            cur.punct(';')?;
            out.line(0, &format!("{vis}use {path};"))?;
        }
        _ => return None,
    }
    cur.end()?;
    Some((out.text, inner))
}

/// `#![…]` attributes, written as `//!` lines (docs) or as they are; whether there were any.
fn inner_attrs(cur: &mut Cursor, out: &mut Lines) -> Option<bool> {
    let mut any = false;
    while cur.is_punct('#') && matches!(cur.peek_at(1), Some(TokenTree::Punct(p)) if p.as_char() == '!') {
        cur.next();
        cur.next();
        match attr(cur.group(Delimiter::Bracket)?, true)? {
            Attr::Doc(text) if !text.contains(crate::emit::DOC_MARKER) => out.push(0, &format!("//!{text}")),
            Attr::Doc(_) => return None,
            Attr::Other(text) | Attr::List { flat: text, .. } => out.line(0, &format!("#!{}", &text[1..]))?,
        }
        any = true;
    }
    Some(any)
}

/// Printed lines, each checked to fit where prettyplease would keep it on one line.
struct Lines<'d> {
    text: String,
    docs: &'d DeferredDocs,
}

impl Lines<'_> {
    /// Writes `text` as a line at `indent`; `None` when prettyplease would break it.
    fn line(&mut self, indent: usize, text: &str) -> Option<()> {
        if indent + text.len() > line_limit(indent) {
            return None;
        }
        self.push(indent, text);
        Some(())
    }

    /// A `///` comment of `value`, or the lines of the deferred text it marks: `/// line` each,
    /// `///` for an empty one. `None` for a marker of another table (a generator bug, reported
    /// by the fallback's `fill`).
    fn doc(&mut self, indent: usize, value: &str) -> Option<()> {
        if !value.contains(crate::emit::DOC_MARKER) {
            self.text.extend(std::iter::repeat_n(' ', indent));
            self.text.push_str("///");
            self.text.push_str(value);
            self.text.push('\n');
            return Some(());
        }
        let text = self.docs.text_of(value)?;
        let mut any = false;
        for line in text.lines() {
            any = true;
            self.text.extend(std::iter::repeat_n(' ', indent));
            self.text.push_str("///");
            let line = line.trim_end();
            if !line.is_empty() {
                self.text.push(' ');
                self.text.push_str(line);
            }
            self.text.push('\n');
        }
        any.then_some(())
    }

    /// Writes the first line of a broken construct, `text`, which starts with `prefix`: the
    /// construct itself has no place to break before its first line ends, so the line is
    /// written whatever its length unless the prefix may break (a type's generic arguments,
    /// after `const NAME: `), in which case it must fit.
    fn opening(&mut self, indent: usize, prefix: &str, text: &str) -> Option<()> {
        if prefix.contains('<') {
            return self.line(indent, text);
        }
        self.push(indent, text);
        Some(())
    }

    /// Writes a line that prettyplease never breaks (a doc comment).
    fn push(&mut self, indent: usize, text: &str) {
        self.text.extend(std::iter::repeat_n(' ', indent));
        self.text.push_str(text);
        self.text.push('\n');
    }

    fn attrs(&mut self, indent: usize, attrs: &[Attr]) -> Option<()> {
        for attr in attrs {
            match attr {
                Attr::Doc(text) => self.doc(indent, text)?,
                Attr::Other(text) => self.line(indent, text)?,
                Attr::List { flat, head, entries } => {
                    if fits(indent, indent, flat) {
                        self.push(indent, flat);
                    } else {
                        self.line(indent, head)?;
                        for entry in entries {
                            self.push(indent + 4, entry);
                        }
                        self.line(indent, ")]")?;
                    }
                }
            }
        }
        Some(())
    }
}

/// The last column of a line starting at `indent` (prettyplease's margin, or its minimum room).
fn line_limit(indent: usize) -> usize {
    indent + MARGIN.saturating_sub(indent).max(MIN_SPACE)
}

/// Whether `text` fits on a line started at `indent` whose first `column` bytes are taken.
fn fits(indent: usize, column: usize, text: &str) -> bool {
    column + text.len() <= line_limit(indent)
}

/// An outer attribute as printed: a doc comment's text, or the whole `#[…]`.
enum Attr {
    Doc(String),
    Other(String),
    /// `#[path(entries)]` whose entries are plain (`name`, `"text"`, `name = "text"`), so that
    /// when it does not fit it breaks as `#[path(`, one entry per line, `)]`: the one-line text,
    /// the entries as written on their own lines, and the text before them.
    List { flat: String, head: String, entries: Vec<String> },
}

/// A position in a token sequence.
struct Cursor<'a> {
    tokens: &'a [TokenTree],
    at: usize,
}

impl<'a> Cursor<'a> {
    fn new(tokens: &'a [TokenTree]) -> Self {
        Cursor { tokens, at: 0 }
    }

    fn peek(&self) -> Option<&'a TokenTree> {
        self.tokens.get(self.at)
    }

    fn peek_at(&self, ahead: usize) -> Option<&'a TokenTree> {
        self.tokens.get(self.at + ahead)
    }

    fn next(&mut self) -> Option<&'a TokenTree> {
        let t = self.tokens.get(self.at)?;
        self.at += 1;
        Some(t)
    }

    fn is_end(&self) -> bool {
        self.at >= self.tokens.len()
    }

    fn end(&self) -> Option<()> {
        self.is_end().then_some(())
    }

    fn is_punct(&self, c: char) -> bool {
        matches!(self.peek(), Some(TokenTree::Punct(p)) if p.as_char() == c)
    }

    fn eat_punct(&mut self, c: char) -> bool {
        let yes = self.is_punct(c);
        if yes {
            self.at += 1;
        }
        yes
    }

    fn punct(&mut self, c: char) -> Option<()> {
        self.eat_punct(c).then_some(())
    }

    /// `::` here.
    fn is_path_sep(&self) -> bool {
        matches!((self.peek(), self.peek_at(1)),
            (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b)))
                if a.as_char() == ':' && a.spacing() == Spacing::Joint && b.as_char() == ':')
    }

    fn eat_path_sep(&mut self) -> bool {
        let yes = self.is_path_sep();
        if yes {
            self.at += 2;
        }
        yes
    }

    fn is_ident(&self, name: &str) -> bool {
        matches!(self.peek(), Some(TokenTree::Ident(i)) if i == name)
    }

    fn eat_ident(&mut self, name: &str) -> bool {
        let yes = self.is_ident(name);
        if yes {
            self.at += 1;
        }
        yes
    }

    fn ident_str(&mut self) -> Option<String> {
        match self.next()? {
            TokenTree::Ident(i) => Some(i.to_string()),
            _ => None,
        }
    }

    fn group(&mut self, delimiter: Delimiter) -> Option<&'a [TokenTree]> {
        match self.peek()? {
            TokenTree::Group(d, inner) if *d == delimiter => {
                self.at += 1;
                Some(inner)
            }
            _ => None,
        }
    }

    fn is_group(&self, delimiter: Delimiter) -> bool {
        matches!(self.peek(), Some(TokenTree::Group(d, _)) if *d == delimiter)
    }

    /// The tokens up to (not including) the next top-level `c`, or to the end; the `c` is consumed.
    fn until_punct(&mut self, c: char) -> &'a [TokenTree] {
        let start = self.at;
        while let Some(t) = self.peek() {
            if matches!(t, TokenTree::Punct(p) if p.as_char() == c) {
                let part = &self.tokens[start..self.at];
                self.at += 1;
                return part;
            }
            self.at += 1;
        }
        &self.tokens[start..]
    }
}

/// Splits tokens at their top-level commas (a trailing comma ends no entry).
fn comma_separated(tokens: &[TokenTree]) -> Vec<&[TokenTree]> {
    let mut entries = Vec::new();
    let mut cur = Cursor::new(tokens);
    while !cur.is_end() {
        entries.push(cur.until_punct(','));
    }
    entries
}

fn outer_attrs(cur: &mut Cursor) -> Option<Vec<Attr>> {
    let mut attrs = Vec::new();
    while cur.is_punct('#') {
        cur.next();
        let body = cur.group(Delimiter::Bracket)?;
        attrs.push(attr(body, false)?);
    }
    Some(attrs)
}

/// One attribute's content (`doc = "…"`, `derive(…)`, `non_exhaustive`) as prettyplease prints it
/// (an outer doc comment cannot start with `/`, which would make it `////`).
fn attr(body: &[TokenTree], inner: bool) -> Option<Attr> {
    let mut cur = Cursor::new(body);
    let path = simple_path(&mut cur)?;
    if cur.is_end() {
        return Some(Attr::Other(format!("#[{path}]")));
    }
    if cur.eat_punct('=') {
        let Some(TokenTree::Literal(value)) = cur.next() else { return None };
        cur.end()?;
        let value = value.to_string();
        if path == "doc" {
            let mut doc = string_value(&value)?;
            if doc.contains('\n') || (!inner && doc.starts_with('/')) {
                return None;
            }
            doc.truncate(doc.trim_end_matches(' ').len());
            return Some(Attr::Doc(doc));
        }
        return Some(Attr::Other(format!("#[{path} = {value}]")));
    }
    let list @ TokenTree::Group(delimiter, entries) = cur.next()? else { return None };
    cur.end()?;
    let mut text = format!("#[{path}");
    attr_tokens(&mut text, std::slice::from_ref(list))?;
    text.push(']');
    match plain_entries(*delimiter, entries) {
        Some(entries) => Some(Attr::List { flat: text, head: format!("#[{path}("), entries }),
        None => Some(Attr::Other(text)),
    }
}

/// The entries of an attribute's parenthesized list as written one per line when it breaks
/// (each but the last with its comma; the last with one only if the list had a trailing comma),
/// when every entry is `name`, a literal or `name = literal`.
fn plain_entries(delimiter: Delimiter, tokens: &[TokenTree]) -> Option<Vec<String>> {
    if delimiter != Delimiter::Parenthesis {
        return None;
    }
    let trailing = matches!(tokens.last(), Some(TokenTree::Punct(p)) if p.as_char() == ',');
    let entries = comma_separated(tokens);
    let count = entries.len();
    entries
        .into_iter()
        .enumerate()
        .map(|(i, entry)| {
            let mut text = match entry {
                [TokenTree::Ident(_) | TokenTree::Literal(_)] => entry[0].to_string(),
                [TokenTree::Ident(name), TokenTree::Punct(eq), TokenTree::Literal(value)] if eq.as_char() == '=' => format!("{name} = {value}"),
                _ => return None,
            };
            if i + 1 < count || trailing {
                text.push(',');
            }
            Some(text)
        })
        .collect()
}

/// The tokens of an attribute's list on one line, spaced as prettyplease spaces them: a space
/// between two words and around `=`, after (not before) a comma, none inside delimiters, and no
/// trailing comma.
fn attr_tokens(out: &mut String, tokens: &[TokenTree]) -> Option<()> {
    #[derive(PartialEq)]
    enum State {
        Word,
        Punct,
    }
    let mut state = State::Punct;
    for (i, t) in tokens.iter().enumerate() {
        match t {
            TokenTree::Ident(_) | TokenTree::Literal(_) => {
                if state == State::Word {
                    out.push(' ');
                }
                out.push_str(&t.to_string());
                state = State::Word;
            }
            TokenTree::Punct(p) => {
                let c = p.as_char();
                if c == ',' && i + 1 == tokens.len() {
                    state = State::Punct;
                    continue;
                }
                if !matches!(c, '=' | ',' | ':') {
                    return None;
                }
                if state == State::Word && c == '=' {
                    out.push(' ');
                }
                out.push(c);
                if c == '=' || c == ',' {
                    out.push(' ');
                }
                state = State::Punct;
            }
            TokenTree::Group(delimiter, inner) => {
                let (open, close) = match delimiter {
                    Delimiter::Parenthesis => ('(', ')'),
                    Delimiter::Bracket => ('[', ']'),
                    _ => return None,
                };
                out.push(open);
                attr_tokens(out, inner)?;
                out.push(close);
                state = State::Punct;
            }
        }
    }
    Some(())
}

/// The value of a string literal token: `"…"` with escapes, or a raw `r"…"`, `r#"…"#`.
fn string_value(token: &str) -> Option<String> {
    if let Some(raw) = token.strip_prefix('r') {
        let hashes = raw.len() - raw.trim_start_matches('#').len();
        let fence = &raw[..hashes];
        return Some(raw[hashes..].strip_prefix('"')?.strip_suffix(fence)?.strip_suffix('"')?.to_string());
    }
    let body = token.strip_prefix('"')?.strip_suffix('"')?;
    let mut value = String::with_capacity(body.len());
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            value.push(c);
            continue;
        }
        value.push(match chars.next()? {
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            '0' => '\0',
            '\\' => '\\',
            '"' => '"',
            '\'' => '\'',
            'x' => {
                let hex: String = chars.by_ref().take(2).collect();
                char::from(u8::from_str_radix(&hex, 16).ok().filter(|b| b.is_ascii())?)
            }
            'u' => {
                if chars.next()? != '{' {
                    return None;
                }
                let hex: String = chars.by_ref().take_while(|&c| c != '}').collect();
                char::from_u32(u32::from_str_radix(&hex.replace('_', ""), 16).ok()?)?
            }
            _ => return None,
        });
    }
    Some(value)
}

/// `a::b::c` or `::a::b` (no generics); a `::` followed by punctuation (`::*`, `::<`) is left to
/// the caller.
fn simple_path(cur: &mut Cursor) -> Option<String> {
    let mut path = String::new();
    if cur.eat_path_sep() {
        path.push_str("::");
    }
    path.push_str(&cur.ident_str()?);
    while cur.is_path_sep() && !matches!(cur.peek_at(2), Some(TokenTree::Punct(_))) {
        cur.eat_path_sep();
        path.push_str("::");
        path.push_str(&cur.ident_str()?);
    }
    Some(path)
}

/// `pub `, `pub(crate) `, `pub(super) `, `pub(self) ` or nothing.
fn visibility(cur: &mut Cursor) -> Option<String> {
    if !cur.eat_ident("pub") {
        return Some(String::new());
    }
    if cur.is_group(Delimiter::Parenthesis) {
        let inner = cur.group(Delimiter::Parenthesis)?;
        match inner {
            [TokenTree::Ident(i)] if i == "crate" || i == "super" || i == "self" => return Some(format!("pub({i}) ")),
            _ => return None,
        }
    }
    Some("pub ".to_string())
}

fn item_struct(cur: &mut Cursor, vis: &str, out: &mut Lines) -> Option<()> {
    let name = cur.ident_str()?;
    if cur.eat_punct(';') {
        return out.line(0, &format!("{vis}struct {name};"));
    }
    let body = cur.group(Delimiter::Brace)?;
    let fields = comma_separated(body);
    if fields.is_empty() {
        return out.line(0, &format!("{vis}struct {name} {{}}"));
    }
    out.line(0, &format!("{vis}struct {name} {{"))?;
    for field in fields {
        let mut cur = Cursor::new(field);
        let attrs = outer_attrs(&mut cur)?;
        out.attrs(4, &attrs)?;
        let vis = visibility(&mut cur)?;
        let name = cur.ident_str()?;
        cur.punct(':')?;
        let ty = ty(&mut cur)?;
        cur.end()?;
        out.line(4, &format!("{vis}{name}: {ty},"))?;
    }
    out.line(0, "}")
}

fn item_enum(cur: &mut Cursor, vis: &str, out: &mut Lines) -> Option<()> {
    let name = cur.ident_str()?;
    let body = cur.group(Delimiter::Brace)?;
    let variants = comma_separated(body);
    if variants.is_empty() {
        return out.line(0, &format!("{vis}enum {name} {{}}"));
    }
    out.line(0, &format!("{vis}enum {name} {{"))?;
    for variant in variants {
        let mut cur = Cursor::new(variant);
        let attrs = outer_attrs(&mut cur)?;
        out.attrs(4, &attrs)?;
        let mut text = cur.ident_str()?;
        if cur.is_group(Delimiter::Parenthesis) {
            let inner = cur.group(Delimiter::Parenthesis)?;
            let types = type_list(inner)?;
            text.push('(');
            text.push_str(&types.join(", "));
            text.push(')');
        }
        if cur.eat_punct('=') {
            let Some(TokenTree::Literal(value)) = cur.next() else { return None };
            text.push_str(&format!(" = {value}"));
        }
        cur.end()?;
        text.push(',');
        out.line(4, &text)?;
    }
    out.line(0, "}")
}

fn item_impl(cur: &mut Cursor, out: &mut Lines) -> Option<()> {
    if cur.is_punct('<') {
        return None;
    }
    let first = ty(cur)?;
    let header = if cur.eat_ident("for") { format!("impl {first} for {}", ty(cur)?) } else { format!("impl {first}") };
    let body = cur.group(Delimiter::Brace)?;
    if body.is_empty() {
        return out.line(0, &format!("{header} {{}}"));
    }
    out.line(0, &format!("{header} {{"))?;
    let mut cur = Cursor::new(body);
    while !cur.is_end() {
        let attrs = outer_attrs(&mut cur)?;
        out.attrs(4, &attrs)?;
        let vis = visibility(&mut cur)?;
        match cur.ident_str()?.as_str() {
            "fn" => item_fn(&mut cur, &vis, 4, out)?,
            "const" => item_value(&mut cur, "const", &vis, 4, out)?,
            "type" => {
                let name = cur.ident_str()?;
                cur.punct('=')?;
                let ty = ty(&mut cur)?;
                cur.punct(';')?;
                out.line(4, &format!("{vis}type {name} = {ty};"))?;
            }
            _ => return None,
        }
    }
    out.line(0, "}")
}

/// `const NAME: Type = value;` or `static NAME: Type = value;`, the keyword just read.
fn item_value(cur: &mut Cursor, keyword: &str, vis: &str, indent: usize, out: &mut Lines) -> Option<()> {
    if cur.is_ident("mut") {
        return None;
    }
    let name = cur.ident_str()?;
    cur.punct(':')?;
    let ty = ty(cur)?;
    cur.punct('=')?;
    let rest = &cur.tokens[cur.at..];
    let semi = rest.iter().position(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == ';'))?;
    let value = &rest[..semi];
    cur.at += semi + 1;
    expr_lines(value, indent, &format!("{vis}{keyword} {name}: {ty} = "), ";", out)
}

/// A function, `fn` just read: its signature on one line, then its statements.
fn item_fn(cur: &mut Cursor, vis: &str, indent: usize, out: &mut Lines) -> Option<()> {
    let name = cur.ident_str()?;
    let params = comma_separated(cur.group(Delimiter::Parenthesis)?).into_iter().map(fn_param).collect::<Option<Vec<_>>>()?;
    let mut ret = String::new();
    if cur.is_punct('-') {
        cur.next();
        cur.punct('>')?;
        ret = format!(" -> {}", ty(cur)?);
    }
    let body = cur.group(Delimiter::Brace)?;
    let open = format!("{vis}fn {name}(");
    let flat = format!("{open}{}){ret}", params.join(", "));
    // The parameters' box is measured up to the first place outside it where the printer may
    // break: after the `{` of the body (the return type's own boxes are still open before it).
    if fits(indent, indent, &format!("{flat} {{")) {
        return block(body, indent, &flat, out);
    }
    if params.is_empty() {
        return None;
    }
    out.line(indent, &open)?;
    for param in &params {
        out.line(indent + 4, &format!("{param},"))?;
    }
    block(body, indent, &format!("){ret}"), out)
}

/// `self`, `&self`, `&mut self`, `mut self` or `name: Type`.
fn fn_param(tokens: &[TokenTree]) -> Option<String> {
    let mut cur = Cursor::new(tokens);
    let mut text = String::new();
    if cur.eat_punct('&') {
        text.push('&');
        if cur.is_punct('\'') {
            text.push_str(&lifetime(&mut cur)?);
            text.push(' ');
        }
    }
    if cur.eat_ident("mut") {
        text.push_str("mut ");
    }
    let name = cur.ident_str()?;
    text.push_str(&name);
    if name == "self" {
        cur.end()?;
        return Some(text);
    }
    if text.starts_with('&') {
        return None;
    }
    cur.punct(':')?;
    text.push_str(": ");
    text.push_str(&ty(&mut cur)?);
    cur.end()?;
    Some(text)
}

/// `'a` (the `'` joint with the name).
fn lifetime(cur: &mut Cursor) -> Option<String> {
    cur.punct('\'')?;
    Some(format!("'{}", cur.ident_str()?))
}

/// A block after `head` (a signature): `head {}` when empty, else `head {`, one line per
/// statement, and `}`.
fn block(body: &[TokenTree], indent: usize, head: &str, out: &mut Lines) -> Option<()> {
    if body.is_empty() {
        return out.line(indent, &format!("{head} {{}}"));
    }
    out.line(indent, &format!("{head} {{"))?;
    let inner = indent + 4;
    for (stmt, semi) in statements(body)? {
        let mut scur = Cursor::new(stmt);
        if scur.eat_ident("match") {
            match_lines(&mut scur, inner, semi, out)?;
        } else if scur.eat_ident("let") {
            let mut pat = String::new();
            if scur.eat_ident("mut") {
                pat.push_str("mut ");
            }
            pat.push_str(&scur.ident_str()?);
            if scur.eat_punct(':') {
                pat.push_str(": ");
                pat.push_str(&ty(&mut scur)?);
            }
            if scur.is_end() {
                out.line(inner, &format!("let {pat}{semi}"))?;
                continue;
            }
            scur.punct('=')?;
            expr_lines(&stmt[scur.at..], inner, &format!("let {pat} = "), semi, out)?;
        } else {
            let expr = Expr::parse(stmt)?.at_line_start();
            expr_layout(&expr, inner, "", &Suffix { text: semi.to_string(), counted: semi.len() }, out)?;
        }
    }
    out.line(indent, "}")
}

/// `match scrutinee { pattern => value, … }` (`match` just read) as a statement: the arms one per
/// line, each on one line (an arm that does not fit, a block body or a guard falls back).
fn match_lines(cur: &mut Cursor, indent: usize, semi: &str, out: &mut Lines) -> Option<()> {
    let start = cur.at;
    while !cur.is_group(Delimiter::Brace) {
        cur.next()?;
    }
    let scrutinee = Expr::parse(&cur.tokens[start..cur.at])?.flat()?;
    let arms = cur.group(Delimiter::Brace)?;
    cur.end()?;
    if arms.is_empty() {
        return out.line(indent, &format!("match {scrutinee} {{}}{semi}"));
    }
    out.line(indent, &format!("match {scrutinee} {{"))?;
    for arm in comma_separated(arms) {
        let arrow = arm.windows(2).position(|pair| {
            matches!(pair, [TokenTree::Punct(eq), TokenTree::Punct(gt)] if eq.as_char() == '=' && eq.spacing() == Spacing::Joint && gt.as_char() == '>')
        })?;
        let pattern = pattern(&arm[..arrow])?;
        let body = Expr::parse(&arm[arrow + 2..])?;
        if matches!(body, Expr::Struct { .. }) {
            return None;
        }
        out.line(indent + 4, &format!("{pattern} => {},", body.flat()?))?;
    }
    out.line(indent, &format!("}}{semi}"))
}

/// A match arm's pattern on one line: a literal, `_`, a binding, a path, or a path with
/// bindings (`ErrorCode::Unknown(other)`).
fn pattern(tokens: &[TokenTree]) -> Option<String> {
    let mut cur = Cursor::new(tokens);
    let text = match cur.peek()? {
        TokenTree::Literal(l) => {
            cur.next();
            l.to_string()
        }
        TokenTree::Ident(i) if i == "_" => {
            cur.next();
            "_".to_string()
        }
        _ => {
            let mut path = simple_path(&mut cur)?;
            if cur.is_group(Delimiter::Parenthesis) {
                let inner = cur.group(Delimiter::Parenthesis)?;
                let bindings = comma_separated(inner)
                    .into_iter()
                    .map(|b| match b {
                        [TokenTree::Ident(name)] => Some(name.to_string()),
                        _ => None,
                    })
                    .collect::<Option<Vec<_>>>()?;
                path.push('(');
                path.push_str(&bindings.join(", "));
                path.push(')');
            }
            path
        }
    };
    cur.end()?;
    Some(text)
}

/// A block's statements, each with its `;` or, for the last, without: `None` when a statement
/// other than the last lacks one (an expression ending in a block, which this module does not
/// lay out) or is empty.
fn statements(body: &[TokenTree]) -> Option<Vec<(&[TokenTree], &'static str)>> {
    let mut statements = Vec::new();
    let mut start = 0;
    for (i, t) in body.iter().enumerate() {
        if matches!(t, TokenTree::Punct(p) if p.as_char() == ';') {
            statements.push((&body[start..i], ";"));
            start = i + 1;
        }
    }
    if start < body.len() {
        statements.push((&body[start..], ""));
    }
    statements.iter().all(|(s, _)| !s.is_empty()).then_some(statements)
}

/// An expression written after `prefix` and followed by `suffix` on a line at `indent`: on one
/// line when it fits, else a struct or array literal or a call's arguments broken over lines.
/// Statements and item values end with a `;` that counts toward the room.
fn expr_lines(tokens: &[TokenTree], indent: usize, prefix: &str, suffix: &str, out: &mut Lines) -> Option<()> {
    let expr = Expr::parse(tokens)?;
    expr_layout(&expr, indent, prefix, &Suffix { text: suffix.to_string(), counted: suffix.len() }, out)
}

/// What follows an expression on its line: `text`, of which the first `counted` bytes count
/// toward the room its layout needs. prettyplease writes the comma after the last field, element
/// or argument of a broken list only because the list broke (its width is not counted), the one
/// after any other entry as text that must fit.
struct Suffix {
    text: String,
    counted: usize,
}

impl Suffix {
    /// The comma after an entry of a broken list.
    fn comma(last: bool) -> Suffix {
        Suffix { text: ",".into(), counted: usize::from(!last) }
    }

    /// `close` (a closing bracket, counted) before this suffix.
    fn after(&self, close: char) -> Suffix {
        Suffix { text: format!("{close}{}", self.text), counted: 1 + self.counted }
    }

    fn counted(&self) -> &str {
        &self.text[..self.counted]
    }
}

fn expr_layout(expr: &Expr, indent: usize, prefix: &str, suffix: &Suffix, out: &mut Lines) -> Option<()> {
    let column = indent + prefix.len();
    let text = &suffix.text;
    match expr {
        Expr::Struct { path, fields } => {
            // `flat` is `None` when the literal, or one inside it, is wider than 34 columns.
            if let Some(flat) = expr.flat() {
                if fits(indent, column, &format!("{flat}{}", suffix.counted())) {
                    out.push(indent, &format!("{prefix}{flat}{text}"));
                    return Some(());
                }
            }
            out.opening(indent, prefix, &format!("{prefix}{path} {{"))?;
            for (i, (name, value)) in fields.iter().enumerate() {
                let comma = Suffix::comma(i + 1 == fields.len());
                match value {
                    None => out.line(indent + 4, &format!("{name},"))?,
                    Some(value) => expr_layout(value, indent + 4, &format!("{name}: "), &comma, out)?,
                }
            }
            closing(out, indent, &suffix.after('}'))
        }
        Expr::Array { reference, elements } => list_lines(elements, indent, prefix, &format!("{prefix}{reference}["), ']', suffix, out),
        Expr::Call(callee, args) if matches!(**callee, Expr::Text(_)) => {
            let Expr::Text(name) = &**callee else { return None };
            let open = format!("{prefix}{name}(");
            if let [arg] = args.as_slice() {
                if arg.is_blocklike() {
                    // A lone struct, array, tuple or closure argument follows the `(` directly.
                    return expr_layout(arg, indent, &open, &suffix.after(')'), out);
                }
            }
            list_lines(args, indent, prefix, &open, ')', suffix, out)
        }
        Expr::Call(..) if expr.method_chain().is_some() => {
            // `flat` is `None` when a struct literal in it is wider than 34 columns.
            if let Some(flat) = expr.flat() {
                if fits(indent, column, &format!("{flat}{}", suffix.counted())) {
                    out.push(indent, &format!("{prefix}{flat}{text}"));
                    return Some(());
                }
            }
            method_chain_lines(expr, indent, prefix, suffix, out)
        }
        Expr::Attributed(attrs, inner) => {
            // Only as an element of a broken array (the attribute then takes its own line), and
            // only when the element itself is broken, so the array is broken whatever the room.
            if !prefix.is_empty() || inner.flat().is_some() {
                return None;
            }
            for attr in attrs {
                out.line(indent, attr)?;
            }
            expr_layout(inner, indent, prefix, suffix, out)
        }
        // A literal or path has nowhere to break: prettyplease writes it whatever its length.
        _ if expr.is_unbreakable() && prefix_is_plain(prefix) => {
            out.push(indent, &format!("{prefix}{}{text}", expr.flat()?));
            Some(())
        }
        // Anything else is written on one line when it fits, and left to prettyplease when not.
        _ => {
            let flat = expr.flat()?;
            if !fits(indent, column, &format!("{flat}{}", suffix.counted())) {
                return None;
            }
            out.push(indent, &format!("{prefix}{flat}{text}"));
            Some(())
        }
    }
}

/// A chain of method calls on a variable or path that does not fit on its line, as prettyplease
/// breaks it: the receiver, then each `.method(…)` on a line of its own one level deeper (the
/// breaks before the methods are all taken or none), each argument list on one line when it
/// fits up to its `)`, else broken like a call's.
fn method_chain_lines(expr: &Expr, indent: usize, prefix: &str, suffix: &Suffix, out: &mut Lines) -> Option<()> {
    let (base, calls) = expr.method_chain()?;
    out.opening(indent, prefix, &format!("{prefix}{base}"))?;
    let inner = indent + 4;
    for (i, (method, args)) in calls.iter().enumerate() {
        // After a call's `)` comes the break before the next method, or the chain's suffix.
        let after = if i + 1 == calls.len() { Suffix { text: suffix.text.clone(), counted: suffix.counted } } else { Suffix { text: String::new(), counted: 0 } };
        let open = format!("{method}(");
        if let [arg] = *args {
            if arg.is_blocklike() {
                expr_layout(arg, inner, &open, &after.after(')'), out)?;
                continue;
            }
        }
        let mut flat = String::new();
        if write_list(&mut flat, args).is_some() && fits(inner, inner + open.len(), &format!("{flat}){}", after.counted())) {
            out.push(inner, &format!("{open}{flat}){}", after.text));
            continue;
        }
        out.opening(inner, "", &open)?;
        for (j, arg) in args.iter().enumerate() {
            expr_layout(arg, inner + 4, "", &Suffix::comma(j + 1 == args.len()), out)?;
        }
        closing(out, inner, &after.after(')'))?;
    }
    Some(())
}

/// The entries of an array or argument list after `open` (which ends with the opening bracket):
/// on that line when they fit up to the closing bracket and what counts of the suffix, else one
/// entry per line, a level deeper, each with its comma (prettyplease's consistent box: all its
/// breaks or none).
fn list_lines(entries: &[Expr], indent: usize, prefix: &str, open: &str, close: char, suffix: &Suffix, out: &mut Lines) -> Option<()> {
    let mut flat = String::new();
    if write_list(&mut flat, entries).is_some() && fits(indent, indent + open.len(), &format!("{flat}{close}{}", suffix.counted())) {
        out.push(indent, &format!("{open}{flat}{close}{}", suffix.text));
        return Some(());
    }
    out.opening(indent, prefix, open)?;
    for (i, entry) in entries.iter().enumerate() {
        expr_layout(entry, indent + 4, "", &Suffix::comma(i + 1 == entries.len()), out)?;
    }
    closing(out, indent, &suffix.after(close))
}

/// The line closing a broken literal or argument list: the bracket and what follows.
fn closing(out: &mut Lines, indent: usize, suffix: &Suffix) -> Option<()> {
    if !fits(indent, indent, suffix.counted()) {
        return None;
    }
    out.push(indent, &suffix.text);
    Some(())
}

/// Whether a line's text before an expression holds no place the printer may break: nothing, a
/// field name (`name: `) or a plain `let`.
fn prefix_is_plain(prefix: &str) -> bool {
    prefix.is_empty()
        || prefix.strip_suffix(": ").is_some_and(|name| name.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '#'))
        || prefix.strip_prefix("let ").and_then(|p| p.strip_suffix(" = ")).is_some_and(|p| p.chars().all(|c| c.is_alphanumeric() || c == '_' || c == ' '))
}

/// One `.method(arguments)` of a method chain.
type MethodCall<'a> = (&'a str, &'a [Expr]);

/// The expressions sdkgen's items are made of.
enum Expr {
    /// A literal, path or other text printed as it is.
    Text(String),
    /// `path { field: value, shorthand }`.
    Struct { path: String, fields: Vec<(String, Option<Expr>)> },
    /// `[a, b]`, `&[a, b]`.
    Array { reference: &'static str, elements: Vec<Expr> },
    /// `prefix operand`: `&x`, `&mut x`, `-x`, `!x`.
    Unary(&'static str, Box<Expr>),
    /// `receiver.method(args)`, `callee(args)`, `base.field`, `e?`, `e.await`: the operand and
    /// the text after it.
    Postfix(Box<Expr>, String),
    /// `callee(args)` with arguments that are expressions.
    Call(Box<Expr>, Vec<Expr>),
    /// `|params| body`, `move |params| body`.
    Closure(String, Box<Expr>),
    /// `place = value`.
    Assign(Box<Expr>, Box<Expr>),
    /// `(a, b)`, `()`, `(a)`.
    Paren(Vec<Expr>),
    /// `#[attr] expr` (array elements only; see `expr_layout`).
    Attributed(Vec<String>, Box<Expr>),
}

impl Expr {
    fn parse(tokens: &[TokenTree]) -> Option<Expr> {
        let mut cur = Cursor::new(tokens);
        let expr = Expr::assign(&mut cur)?;
        cur.end()?;
        Some(expr)
    }

    fn assign(cur: &mut Cursor) -> Option<Expr> {
        let place = Expr::unary(cur)?;
        if cur.is_punct('=') {
            if let Some(TokenTree::Punct(p)) = cur.peek() {
                if p.spacing() == Spacing::Joint {
                    return None;
                }
            }
            cur.next();
            let value = Expr::assign(cur)?;
            return Some(Expr::Assign(Box::new(place), Box::new(value)));
        }
        Some(place)
    }

    fn unary(cur: &mut Cursor) -> Option<Expr> {
        if cur.is_punct('&') {
            if matches!(cur.peek(), Some(TokenTree::Punct(p)) if p.spacing() == Spacing::Joint) {
                return None;
            }
            cur.next();
            if cur.is_group(Delimiter::Bracket) {
                let elements = Expr::elements(cur.group(Delimiter::Bracket)?)?;
                return Some(Expr::Array { reference: "&", elements });
            }
            let prefix = if cur.eat_ident("mut") { "&mut " } else { "&" };
            return Some(Expr::Unary(prefix, Box::new(Expr::unary(cur)?)));
        }
        if cur.eat_punct('!') {
            return Some(Expr::Unary("!", Box::new(Expr::unary(cur)?)));
        }
        if cur.eat_punct('-') {
            return Some(Expr::Unary("-", Box::new(Expr::unary(cur)?)));
        }
        let primary = Expr::primary(cur)?;
        Expr::postfix(cur, primary)
    }

    fn elements(tokens: &[TokenTree]) -> Option<Vec<Expr>> {
        comma_separated(tokens).into_iter().map(Expr::element).collect()
    }

    /// An element of a list, with its outer attributes.
    fn element(tokens: &[TokenTree]) -> Option<Expr> {
        let mut cur = Cursor::new(tokens);
        let attrs = outer_attrs(&mut cur)?;
        let expr = Expr::parse(&tokens[cur.at..])?;
        if attrs.is_empty() {
            return Some(expr);
        }
        let attrs = attrs
            .into_iter()
            .map(|a| match a {
                Attr::Other(text) | Attr::List { flat: text, .. } => Some(text),
                Attr::Doc(_) => None,
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Expr::Attributed(attrs, Box::new(expr)))
    }

    /// The expression as laid out at the start of a statement: there prettyplease never breaks
    /// before the method of a call on a short variable (`v.format(…)`), whose arguments then
    /// break as a plain call's do.
    fn at_line_start(self) -> Expr {
        match self {
            Expr::Call(callee, args) => match *callee {
                Expr::Postfix(receiver, method) => match *receiver {
                    Expr::Text(name) if name.len() <= 4 && !name.contains(':') && method.starts_with('.') && !method[1..].starts_with(|c: char| c.is_ascii_digit()) => {
                        Expr::Call(Box::new(Expr::Text(format!("{name}{method}"))), args)
                    }
                    receiver => Expr::Call(Box::new(Expr::Postfix(Box::new(receiver), method)), args),
                },
                callee => Expr::Call(Box::new(callee), args),
            },
            other => other,
        }
    }

    /// `base.a(…).b(…)…` as its base (a variable or path longer than 4 characters, before
    /// whose first method prettyplease may break) and its calls, each `.method` with its
    /// arguments; `None` for anything else (a field or `.await` in the chain, a short base).
    fn method_chain(&self) -> Option<(&str, Vec<MethodCall<'_>>)> {
        let mut calls = Vec::new();
        let mut at = self;
        loop {
            match at {
                Expr::Call(callee, args) => match &**callee {
                    Expr::Postfix(receiver, method) if method.starts_with('.') && !method[1..].starts_with(|c: char| c.is_ascii_digit()) => {
                        calls.push((method.as_str(), args.as_slice()));
                        at = receiver;
                    }
                    _ => return None,
                },
                Expr::Text(base) if base.len() > 4 && !base.starts_with(|c: char| c == '"' || c.is_ascii_digit()) && !calls.is_empty() => {
                    calls.reverse();
                    return Some((base, calls));
                }
                _ => return None,
            }
        }
    }

    /// prettyplease writes a lone argument of these kinds right after the `(`.
    fn is_blocklike(&self) -> bool {
        matches!(self, Expr::Struct { .. } | Expr::Array { reference: "", .. } | Expr::Closure(..) | Expr::Paren(..))
    }

    /// A literal, a path, or one behind `&`, `-` or `!`.
    fn is_unbreakable(&self) -> bool {
        match self {
            Expr::Text(_) => true,
            Expr::Unary(_, operand) => operand.is_unbreakable(),
            _ => false,
        }
    }

    fn primary(cur: &mut Cursor) -> Option<Expr> {
        match cur.peek()? {
            TokenTree::Literal(l) => {
                cur.next();
                Some(Expr::Text(l.to_string()))
            }
            TokenTree::Group(delimiter, _) => match delimiter {
                Delimiter::Parenthesis => {
                    let inner = cur.group(Delimiter::Parenthesis)?;
                    let trailing = matches!(inner.last(), Some(TokenTree::Punct(p)) if p.as_char() == ',');
                    let elements = Expr::elements(inner)?;
                    if trailing && elements.len() == 1 {
                        return None;
                    }
                    Some(Expr::Paren(elements))
                }
                Delimiter::Bracket => {
                    let elements = Expr::elements(cur.group(Delimiter::Bracket)?)?;
                    Some(Expr::Array { reference: "", elements })
                }
                _ => None,
            },
            TokenTree::Punct(p) if p.as_char() == '|' => Expr::closure(cur, ""),
            TokenTree::Punct(p) if p.as_char() == ':' => Expr::path(cur),
            TokenTree::Ident(i) => {
                let word = i.to_string();
                match word.as_str() {
                    "move" => {
                        cur.next();
                        Expr::closure(cur, "move ")
                    }
                    "true" | "false" => {
                        cur.next();
                        Some(Expr::Text(word))
                    }
                    "if" | "match" | "loop" | "while" | "for" | "async" | "unsafe" | "return" | "break" | "continue"
                    | "let" | "as" | "in" | "box" | "yield" | "static" | "const" | "fn" | "impl" | "dyn" | "where" => None,
                    _ => Expr::path(cur),
                }
            }
            _ => None,
        }
    }

    /// A path expression, and the struct literal it may start.
    fn path(cur: &mut Cursor) -> Option<Expr> {
        let path = simple_path(cur)?;
        // A turbofish (`::<`) or a macro (`!`).
        if cur.is_path_sep() || cur.is_punct('!') {
            return None;
        }
        if cur.is_group(Delimiter::Brace) {
            let body = cur.group(Delimiter::Brace)?;
            let mut fields = Vec::new();
            for field in comma_separated(body) {
                let mut fcur = Cursor::new(field);
                let name = match fcur.next()? {
                    TokenTree::Ident(i) => i.to_string(),
                    TokenTree::Literal(l) => l.to_string(),
                    _ => return None,
                };
                if fcur.is_end() {
                    fields.push((name, None));
                    continue;
                }
                // `name: value`; a joint `:` would start a path (`name::x`), not a field.
                match fcur.next()? {
                    TokenTree::Punct(p) if p.as_char() == ':' && p.spacing() == Spacing::Alone => {}
                    _ => return None,
                }
                fields.push((name, Some(Expr::parse(&field[fcur.at..])?)));
            }
            return Some(Expr::Struct { path, fields });
        }
        Some(Expr::Text(path))
    }

    fn closure(cur: &mut Cursor, prefix: &'static str) -> Option<Expr> {
        cur.punct('|')?;
        let mut params = Vec::new();
        // `||` is two joint `|` tokens: no parameters.
        while !cur.eat_punct('|') {
            params.push(cur.ident_str()?);
            if !cur.is_punct('|') {
                cur.punct(',')?;
            }
        }
        if cur.is_group(Delimiter::Brace) || cur.is_punct('-') {
            return None;
        }
        let body = Expr::assign(cur)?;
        Some(Expr::Closure(format!("{prefix}|{}|", params.join(", ")), Box::new(body)))
    }

    fn postfix(cur: &mut Cursor, mut expr: Expr) -> Option<Expr> {
        loop {
            if cur.eat_punct('?') {
                expr = Expr::Postfix(Box::new(expr), "?".into());
            } else if cur.is_punct('.') {
                if matches!(cur.peek(), Some(TokenTree::Punct(p)) if p.spacing() == Spacing::Joint) {
                    return None;
                }
                cur.next();
                let member = match cur.next()? {
                    TokenTree::Ident(i) => i.to_string(),
                    TokenTree::Literal(l) => l.to_string(),
                    _ => return None,
                };
                if cur.is_path_sep() {
                    return None;
                }
                expr = Expr::Postfix(Box::new(expr), format!(".{member}"));
                if cur.is_group(Delimiter::Parenthesis) {
                    let args = Expr::elements(cur.group(Delimiter::Parenthesis)?)?;
                    expr = Expr::Call(Box::new(expr), args);
                }
            } else if cur.is_group(Delimiter::Parenthesis) {
                let args = Expr::elements(cur.group(Delimiter::Parenthesis)?)?;
                expr = Expr::Call(Box::new(expr), args);
            } else {
                return Some(expr);
            }
        }
    }

    /// The expression on one line, or `None` when prettyplease would break part of it whatever
    /// the room (a struct literal wider than 34 columns).
    fn flat(&self) -> Option<String> {
        let mut text = String::new();
        self.write_flat(&mut text)?;
        Some(text)
    }

    /// Appends [`flat`](Self::flat)'s text.
    fn write_flat(&self, out: &mut String) -> Option<()> {
        match self {
            Expr::Text(text) => out.push_str(text),
            Expr::Struct { path, fields } => {
                let start = out.len();
                out.push_str(path);
                if fields.is_empty() {
                    out.push_str(" {}");
                    return Some(());
                }
                out.push_str(" { ");
                for (i, (name, value)) in fields.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(name);
                    if let Some(value) = value {
                        out.push_str(": ");
                        value.write_flat(out)?;
                    }
                }
                out.push_str(" }");
                if out.len() - start - 1 > STRUCT_LITERAL_MAX_WIDTH {
                    return None;
                }
            }
            Expr::Array { reference, elements } => {
                out.push_str(reference);
                out.push('[');
                write_list(out, elements)?;
                out.push(']');
            }
            Expr::Unary(op, operand) => {
                out.push_str(op);
                operand.write_flat(out)?;
            }
            Expr::Postfix(operand, tail) => {
                operand.write_flat(out)?;
                out.push_str(tail);
            }
            Expr::Call(callee, args) => {
                callee.write_flat(out)?;
                out.push('(');
                write_list(out, args)?;
                out.push(')');
            }
            Expr::Closure(head, body) => {
                out.push_str(head);
                out.push(' ');
                body.write_flat(out)?;
            }
            Expr::Assign(place, value) => {
                place.write_flat(out)?;
                out.push_str(" = ");
                value.write_flat(out)?;
            }
            Expr::Paren(elements) => {
                out.push('(');
                write_list(out, elements)?;
                out.push(')');
            }
            Expr::Attributed(..) => return None,
        }
        Some(())
    }
}

/// Appends the expressions' flat texts separated by `, `.
fn write_list(out: &mut String, exprs: &[Expr]) -> Option<()> {
    for (i, expr) in exprs.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        expr.write_flat(out)?;
    }
    Some(())
}

/// The comma-separated types of a tuple or tuple variant, each on one line.
fn type_list(tokens: &[TokenTree]) -> Option<Vec<String>> {
    comma_separated(tokens)
        .into_iter()
        .map(|t| {
            let mut cur = Cursor::new(t);
            let ty = ty(&mut cur)?;
            cur.end()?;
            Some(ty)
        })
        .collect()
}

/// A type on one line: paths with generic arguments, references, tuples, slices, `impl Trait`.
fn ty(cur: &mut Cursor) -> Option<String> {
    if cur.eat_punct('&') {
        let mut text = String::from("&");
        if cur.is_punct('\'') {
            text.push_str(&lifetime(cur)?);
            text.push(' ');
        }
        if cur.eat_ident("mut") {
            text.push_str("mut ");
        }
        text.push_str(&ty(cur)?);
        return Some(text);
    }
    if cur.is_group(Delimiter::Parenthesis) {
        let inner = cur.group(Delimiter::Parenthesis)?;
        let trailing = matches!(inner.last(), Some(TokenTree::Punct(p)) if p.as_char() == ',');
        let types = type_list(inner)?;
        if trailing && types.len() == 1 {
            return None;
        }
        return Some(format!("({})", types.join(", ")));
    }
    if cur.is_group(Delimiter::Bracket) {
        let inner = cur.group(Delimiter::Bracket)?;
        let mut c = Cursor::new(inner);
        let elem = ty(&mut c)?;
        c.end()?;
        return Some(format!("[{elem}]"));
    }
    if cur.eat_ident("impl") {
        return Some(format!("impl {}", type_path(cur)?));
    }
    type_path(cur)
}

/// `::a::b<T, 'a>::c` in type position.
fn type_path(cur: &mut Cursor) -> Option<String> {
    let mut text = String::new();
    if cur.eat_path_sep() {
        text.push_str("::");
    }
    loop {
        let name = cur.ident_str()?;
        if matches!(name.as_str(), "dyn" | "fn" | "for" | "impl" | "unsafe" | "extern") {
            return None;
        }
        text.push_str(&name);
        if cur.is_punct('<') {
            cur.next();
            text.push('<');
            let mut first = true;
            while !cur.eat_punct('>') {
                if !first {
                    cur.punct(',')?;
                    if cur.eat_punct('>') {
                        break;
                    }
                    text.push_str(", ");
                }
                first = false;
                if cur.is_punct('\'') {
                    text.push_str(&lifetime(cur)?);
                } else {
                    text.push_str(&ty(cur)?);
                }
            }
            text.push('>');
        }
        if !cur.eat_path_sep() {
            return Some(text);
        }
        text.push_str("::");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn pretty(tokens: &TokenStream) -> String {
        prettyplease::unparse(&syn::parse2(tokens.clone()).expect("parses"))
    }

    /// Every item the layout accepts prints as prettyplease prints it.
    fn same(tokens: TokenStream) -> bool {
        match print_item(tokens.clone(), true, &DeferredDocs::default()).ok() {
            Some((text, _)) => {
                assert_eq!(text, pretty(&tokens), "layout differs from prettyplease for {tokens}");
                true
            }
            None => false,
        }
    }

    #[test]
    fn structs_enums_and_impls_print_as_prettyplease_prints_them() {
        assert!(same(quote! {
            #[doc = " A model."]
            #[derive(Debug, Clone, PartialEq, Default)]
            #[cfg(any(feature = "a", feature = "b"))]
            pub struct A { #[doc = " x "] pub a: Option<Vec<models::B>>, pub(crate) b: &'static str, c: ::rt::Decimal, }
        }));
        assert!(same(quote! { pub struct Empty {} }));
        assert!(same(quote! { #[doc = " Models."] #[cfg(feature = "a")] mod accounts; }));
        assert!(same(quote! { #[doc(inline)] pub use ::shared::models::*; }));
        assert!(same(quote! { use super::super::models; }));
        assert!(same(quote! {
            impl E {
                pub fn from_code(text: &str) -> Self { match text { "CBC.0000" => E::Success, "" => E::Empty, other => E::Unknown(other.to_owned()), } }
                pub fn as_str(&self) -> &str { match self { E::Success => "CBC.0000", E::Unknown(code) => code, _ => "" } }
                pub fn none(&self) { match self {} }
            }
        }));
        assert!(same(quote! { #[non_exhaustive] pub enum E { A, #[doc = "b"] B(i64), C = 3 } }));
        assert!(same(quote! {
            impl rt::Operation for X {
                type Output = models::Y;
                const META: rt::OperationMeta = rt::OperationMeta { name: "X", method: "GET", errors: &[], idempotent: true };
                fn write(&self, w: &mut rt::RequestWriter) -> Result<(), rt::Error> { w.query("a", &self.a); Ok(()) }
                fn validate(&self, v: &mut rt::Violations) {}
            }
        }));
        assert!(same(quote! {
            impl Call<'_, X> {
                pub fn a(self, value: impl Into<String>) -> Self { self.with(|r| r.a = Some(value.into())) }
                pub fn new(a: impl Into<String>) -> Self { X { a: a.into(), b: None, c: None, d: None } }
                pub fn s() -> Self { Self { a } }
            }
        }));
        assert!(same(quote! {
            pub static CATALOG: &[E] = &[E { code: "CBC.0001", message: "some long message text here" }, E { code: "CBC.0002", message: "m" }];
        }));
    }

    #[test]
    fn inner_attributes_broken_calls_signatures_and_attributed_elements_print_as_prettyplease_prints_them() {
        assert!(same(quote! {
            #![doc = " Module docs."]
            #![allow(deprecated)]
            #[doc = r" Raw docs with `code`."]
            pub static CATALOG: &[::rt::ErrorCodeInfo] = &[
                ::rt::ErrorCodeInfo { code: "CBC.0150", message: Some("Access denied. The customer does not belong to the website you are now at."), category: Some(::huaweicloud_sdk_runtime::ErrorCategory::InvalidParameter), retryable: false },
            ];
        }));
        assert!(same(quote! {
            pub const CALLS: &[SampleCall] = &[
                #[cfg(feature = "accounts")]
                SampleCall { operation: "ListCustomerAccountChangeRecords", send: sample_list_customer_account_change_records },
            ];
        }));
        assert!(same(quote! {
            impl super::super::BssClient {
                pub fn list_customer_account_change_records(&self, balance_type: models::BalanceType) -> Call<'_, ListCustomerAccountChangeRecordsRequest> {
                    Call::new(self, ListCustomerAccountChangeRecordsRequest::new(balance_type))
                }
            }
        }));
    }

    /// The room decisions at every width around the margin: a call's arguments, a struct literal
    /// and an array as the last and as a middle field of a broken struct literal, and a statement.
    #[test]
    fn width_decisions_match_prettyplease_at_every_length() {
        let mut laid_out = 0;
        for n in 20..110 {
            let text = "x".repeat(n);
            let wide = "y".repeat(n / 3);
            let ident = proc_macro2::Ident::new(&format!("f{}", "g".repeat(n / 2)), proc_macro2::Span::call_site());
            for tokens in [
                quote! { const C: E = E { a: Some(#text), b: None, c: Some(#text) }; },
                quote! { const C: E = E { a: &[#text, #wide, #wide], b: Some(P { x: #wide }) }; },
                quote! { const C: E = E { b: Some(P { x: #wide, y: 1 }), a: &[#wide, #text] }; },
                quote! { fn f() { w.query(#text, &self.x); } },
                quote! { fn f(&self, value: impl Into<String>) -> Call<'_, X> { #ident(self, #wide) } },
                quote! { pub fn #ident(&self, body: models::ListConsumeSubCustomersReq) -> Call<'_, X> { Call::new(self) } },
                quote! { pub fn #ident(&self, body: models::ListConsumeSubCustomersReq) -> &'static str { "" } },
                quote! { fn f(client: &C) -> F<'_> { sample(client.list_x(models::B::Debit).trade_id(#text).offset(2i64).limit(#wide)) } },
                quote! { fn f(client: &C) -> F<'_> { sample(client.#ident(models::R { project_id: String::from(#wide), infos: Some(1) }).a(#wide, #text)) } },
            ] {
                laid_out += usize::from(same(tokens));
            }
        }
        // Most of these are laid out here, not left to prettyplease.
        assert!(laid_out > 400, "only {laid_out} laid out");
    }

    #[test]
    fn long_lines_and_unknown_shapes_fall_back() {
        let long = proc_macro2::Ident::new(&"a".repeat(90), proc_macro2::Span::call_site());
        assert!(!same(quote! { pub struct #long { pub x: i64 } }));
        assert!(!same(quote! { pub struct A<T> { pub x: T } }));
        assert!(!same(quote! { fn f() { match x { _ => {} } } }));
        assert!(!same(quote! { fn f() { let x = a + b; } }));
    }
}
