//! Diagnostics: problems found in a spec, each tied to a file, a YAML path and (where known) a line.
//!
//! [`Diagnostic`]'s `Display` is plain text (tests and build scripts compare and print it);
//! [`render`] adds the source line under the location and, on a terminal, colour.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a problem is: errors stop generation, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Generation stops.
    Error,
    /// Reported; generation goes on.
    Warning,
}

/// One problem in a spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The spec file the problem is in.
    pub file: PathBuf,
    /// Dotted YAML path, e.g. `operations.ListCustomerOrders.query.limit.maximum`.
    pub yaml_path: String,
    /// 1-based line and column (in characters), where known.
    pub location: Option<(usize, usize)>,
    /// What is wrong.
    pub message: String,
    /// How to fix it, where there is a useful hint.
    pub help: Option<String>,
    /// The text of the source line at `location`, where known (shown by [`render`]).
    pub source_line: Option<String>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(f, "{level}: {}", visible(&self.message))?;
        write!(f, "  --> {}", visible(&self.file.display().to_string()))?;
        if let Some((line, col)) = self.location {
            write!(f, ":{line}:{col}")?;
        }
        if !self.yaml_path.is_empty() {
            write!(f, " at `{}`", visible(&self.yaml_path))?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n  = help: {}", visible(help))?;
        }
        Ok(())
    }
}

/// ANSI styles for [`Diagnostic::render`]; all empty when colour is off.
struct Style {
    error: &'static str,
    warning: &'static str,
    bold: &'static str,
    blue: &'static str,
    reset: &'static str,
}

impl Style {
    fn new(color: bool) -> Style {
        if color {
            Style { error: "\x1b[1;31m", warning: "\x1b[1;33m", bold: "\x1b[1m", blue: "\x1b[1;34m", reset: "\x1b[0m" }
        } else {
            Style { error: "", warning: "", bold: "", blue: "", reset: "" }
        }
    }
}

impl Diagnostic {
    /// Adds a hint on how to fix the problem.
    pub fn help(&mut self, help: impl Into<String>) -> &mut Self {
        self.help = Some(help.into());
        self
    }

    /// The diagnostic for a reader: like `Display`, plus the source line with a caret under the
    /// location; with ANSI colours when `color` is true.
    pub fn render(&self, color: bool) -> String {
        let s = Style::new(color);
        let (level, level_style) = match self.severity {
            Severity::Error => ("error", s.error),
            Severity::Warning => ("warning", s.warning),
        };
        let mut out = format!("{level_style}{level}{reset}{bold}: {}{reset}\n", visible(&self.message), reset = s.reset, bold = s.bold);
        out.push_str(&format!("{}  -->{} {}", s.blue, s.reset, visible(&self.file.display().to_string())));
        if let Some((line, col)) = self.location {
            out.push_str(&format!(":{line}:{col}"));
        }
        if !self.yaml_path.is_empty() {
            out.push_str(&format!(" at `{}`", visible(&self.yaml_path)));
        }
        if let (Some((line, col)), Some(text)) = (self.location, &self.source_line) {
            let number = line.to_string();
            let pad = " ".repeat(number.len());
            // Control and bidi characters are blanked so the line shows as written and the caret
            // (under the column; tabs kept so that it lines up) stays in place.
            let shown: String = text.chars().map(|c| if c != '\t' && is_invisible(c) { ' ' } else { c }).collect();
            let lead: String = text.chars().take(col.saturating_sub(1)).map(|c| if c == '\t' { '\t' } else { ' ' }).collect();
            out.push_str(&format!("\n{b}{pad} |{r}\n{b}{number} |{r} {shown}\n{b}{pad} |{r} {lead}{level_style}^{r}", b = s.blue, r = s.reset));
        }
        if let Some(help) = &self.help {
            out.push_str(&format!("\n{}  = help:{} {}", s.bold, s.reset, visible(help)));
        }
        out
    }
}

/// Spec text quoted in a message may hold anything: newlines, terminal escapes, bidi controls.
/// Those are shown escaped, so a diagnostic stays on its lines and cannot restyle a terminal.
fn visible(text: &str) -> String {
    if !text.chars().any(is_invisible) {
        return text.to_string();
    }
    text.chars().map(|c| if is_invisible(c) { c.escape_debug().to_string() } else { c.to_string() }).collect()
}

fn is_invisible(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Every diagnostic rendered (see [`Diagnostic::render`]), blank-line separated, then a summary.
pub fn render(diagnostics: &[Diagnostic], color: bool) -> String {
    let mut out = String::new();
    for d in diagnostics {
        out.push_str(&d.render(color));
        out.push_str("\n\n");
    }
    let errors = diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
    let warnings = diagnostics.len() - errors;
    let s = Style::new(color);
    match (errors, warnings) {
        (0, 0) => {}
        (0, w) => out.push_str(&format!("{}warning{}: the spec has {w} warning(s)", s.warning, s.reset)),
        (e, w) => out.push_str(&format!("{}error{}: the spec has {e} error(s) and {w} warning(s)", s.error, s.reset)),
    }
    out
}

/// Whether to colour output written to a stream: only on a terminal, and never when `NO_COLOR`
/// is set to a non-empty value (<https://no-color.org>) or `TERM` is `dumb`.
pub fn color_for(stream_is_terminal: bool) -> bool {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let dumb = std::env::var_os("TERM").is_some_and(|t| t == "dumb");
    stream_is_terminal && !no_color && !dumb
}

/// Whether stderr should get colour (see [`color_for`]).
pub fn stderr_color() -> bool {
    use std::io::IsTerminal;
    color_for(std::io::stderr().is_terminal())
}

/// Collects every problem of a run, so that one run reports all of them.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Records an error.
    pub fn error(&mut self, file: &Path, yaml_path: impl Into<String>, message: impl Into<String>) -> &mut Diagnostic {
        self.push(Severity::Error, file, yaml_path.into(), message.into())
    }

    /// Records a warning.
    pub fn warning(&mut self, file: &Path, yaml_path: impl Into<String>, message: impl Into<String>) -> &mut Diagnostic {
        self.push(Severity::Warning, file, yaml_path.into(), message.into())
    }

    fn push(&mut self, severity: Severity, file: &Path, yaml_path: String, message: String) -> &mut Diagnostic {
        let index = self.items.len();
        self.items.push(Diagnostic {
            severity,
            file: file.to_path_buf(),
            yaml_path,
            location: None,
            message,
            help: None,
            source_line: None,
        });
        &mut self.items[index]
    }

    /// Adds an already built diagnostic.
    pub fn add(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// True when at least one error (not warning) was recorded.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// All diagnostics, in a stable order: by file, then line, then path; exact repeats once.
    pub fn sorted(&self) -> Vec<Diagnostic> {
        let mut items = self.items.clone();
        items.sort_by(|a, b| {
            (&a.file, a.location, &a.yaml_path, &a.message, a.severity).cmp(&(&b.file, b.location, &b.yaml_path, &b.message, b.severity))
        });
        items.dedup();
        items
    }

    /// The warnings only.
    pub fn warnings(&self) -> Vec<Diagnostic> {
        self.sorted().into_iter().filter(|d| d.severity == Severity::Warning).collect()
    }

    /// Fills in line, column and source line of every diagnostic whose file text is known.
    pub fn locate_with(&mut self, text_of: impl Fn(&Path) -> Option<String>) {
        for d in &mut self.items {
            let Some(text) = text_of(&d.file) else { continue };
            if d.location.is_none() {
                d.location = locate(&text, &d.yaml_path);
            }
            if let Some((line, _)) = d.location {
                d.source_line = text.lines().nth(line.saturating_sub(1)).map(|l| l.trim_end().to_string());
            }
        }
    }
}

/// Finds the line and column (1-based, in characters) of a dotted YAML path in a block-style
/// YAML text.
///
/// A best-effort scan: each segment is looked for as a mapping key (`key:`) indented deeper than
/// the previous one, or inside a flow mapping on the same line; a numeric segment after a
/// sequence key counts `- ` items. Returns the deepest segment found. Never panics.
pub fn locate(text: &str, yaml_path: &str) -> Option<(usize, usize)> {
    if yaml_path.is_empty() {
        return None;
    }
    let lines: Vec<&str> = text.lines().collect();
    // (line index, byte offset in the line) of the deepest segment found.
    let mut found: Option<(usize, usize)> = None;
    let mut start = 0usize;
    let mut min_indent = 0usize;
    let mut at_item = false;
    for segment in split_path(yaml_path) {
        if let Some((line, byte)) = found {
            let current = lines.get(line).copied().unwrap_or("");
            // A list item: `key: [a, b]` on the line, or `- ` items on the lines below.
            if !at_item && !segment.is_empty() && segment.chars().all(|c| c.is_ascii_digit()) {
                let Ok(index) = segment.parse::<usize>() else { break };
                match sequence_item(&lines, line, byte, index) {
                    Some((l, b, block)) => {
                        found = Some((l, b));
                        if block {
                            start = l + 1;
                            min_indent = b;
                        }
                        at_item = true;
                        continue;
                    }
                    None => break,
                }
            }
            // A list item that is itself a block mapping starts with its first key (`- name: x`).
            if at_item && current.get(byte..).is_some_and(|rest| key_matches(rest, &segment)) {
                at_item = false;
                continue;
            }
            // Inside a flow mapping found on the previous line: look on that same line.
            let after = if at_item { byte } else { next_boundary(current, byte) };
            if let Some(pos) = current.get(after..).and_then(|rest| find_flow_key(rest, &segment)) {
                found = Some((line, after + pos));
                at_item = false;
                continue;
            }
        }
        at_item = false;
        let mut hit = None;
        for (i, line) in lines.iter().enumerate().skip(start) {
            let trimmed = line.trim_start();
            let indent = line.len() - trimmed.len();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            if found.is_some() && indent < min_indent {
                break;
            }
            let key_body = trimmed.trim_start_matches("- ");
            if key_matches(key_body, &segment) {
                hit = Some((i, indent + (trimmed.len() - key_body.len())));
                break;
            }
        }
        match hit {
            Some((i, byte)) => {
                found = Some((i, byte));
                start = i + 1;
                min_indent = byte + 1;
            }
            None => break,
        }
    }
    found.map(|(line, byte)| {
        let text = lines.get(line).copied().unwrap_or("");
        let col = text.get(..byte).map_or(byte, |s| s.chars().count());
        (line + 1, col + 1)
    })
}

/// Item `index` of the sequence that is the value of the key at `(line, byte)`: in a flow
/// sequence on the same line, or a block sequence below. Returns `(line, byte, is_block)`.
fn sequence_item(lines: &[&str], line: usize, byte: usize, index: usize) -> Option<(usize, usize, bool)> {
    let current = lines.get(line)?;
    let rest = current.get(byte..)?;
    let colon = rest.find(':')?;
    let value_at = byte + colon + 1;
    let value = current.get(value_at..)?;
    let trimmed = value.trim_start();
    if trimmed.starts_with('[') {
        let open = value_at + (value.len() - trimmed.len());
        return flow_item(current, open, index).map(|b| (line, b, false));
    }
    if !(trimmed.is_empty() || trimmed.starts_with('#')) {
        return None;
    }
    // Block sequence: `- ` lines at one indentation, below the key.
    let mut dash_indent = None;
    let mut count = 0usize;
    for (i, l) in lines.iter().enumerate().skip(line + 1) {
        let t = l.trim_start();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let indent = l.len() - t.len();
        let is_item = t == "-" || t.starts_with("- ");
        match dash_indent {
            None if is_item => dash_indent = Some(indent),
            None => return None,
            Some(d) if indent < d || (indent == d && !is_item) => return None,
            Some(_) => {}
        }
        if Some(indent) == dash_indent && is_item {
            if count == index {
                let content = t[1..].trim_start();
                return Some((i, l.len() - content.len(), true));
            }
            count += 1;
        }
    }
    None
}

/// The byte where element `index` of the flow sequence opened at `open` starts.
fn flow_item(line: &str, open: usize, index: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut count = 0usize;
    let mut quote: Option<char> = None;
    let mut element_start = None;
    for (i, c) in line.char_indices().skip_while(|(i, _)| *i < open) {
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '[' | '{' => {
                depth += 1;
                if depth == 1 {
                    element_start = None;
                    continue;
                }
            }
            ']' | '}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    break;
                }
            }
            ',' if depth == 1 => {
                count += 1;
                element_start = None;
                continue;
            }
            '"' | '\'' => quote = Some(c),
            _ => {}
        }
        if depth >= 1 && element_start.is_none() && !c.is_whitespace() {
            element_start = Some(i);
            if count == index {
                return Some(i);
            }
        }
    }
    None
}

/// The byte index just after the character at `byte` (or `byte` itself at the end).
fn next_boundary(text: &str, byte: usize) -> usize {
    text.get(byte..).and_then(|rest| rest.chars().next()).map_or(text.len(), |c| byte + c.len_utf8())
}

fn split_path(path: &str) -> Vec<String> {
    // Keys such as `CBC.0100` contain dots; a segment in brackets is kept whole.
    let mut out = Vec::new();
    let mut current = String::new();
    let mut in_brackets = false;
    for c in path.chars() {
        match c {
            '[' if current.is_empty() && !in_brackets => in_brackets = true,
            ']' if in_brackets => in_brackets = false,
            '.' if !in_brackets => out.push(std::mem::take(&mut current)),
            _ => current.push(c),
        }
    }
    out.push(current);
    out.into_iter().filter(|s| !s.is_empty()).collect()
}

fn key_matches(line: &str, key: &str) -> bool {
    [key.to_string(), format!("\"{key}\""), format!("'{key}'")]
        .iter()
        .any(|k| line.strip_prefix(k.as_str()).is_some_and(|rest| rest.trim_start().starts_with(':')))
}

fn find_flow_key(text: &str, key: &str) -> Option<usize> {
    if key.is_empty() {
        return None;
    }
    let mut from = 0;
    while let Some(pos) = text.get(from..)?.find(key) {
        let at = from + pos;
        let before = text[..at].trim_end().chars().last();
        let after = text[at + key.len()..].trim_start();
        if matches!(before, Some('{') | Some(',')) && after.starts_with(':') {
            return Some(at);
        }
        from = at + key.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_nested_block_and_flow_keys() {
        let text = "operations:\n  ListA:\n    query:\n      limit: { type: int32, maximum: 5 }\n";
        assert_eq!(locate(text, "operations.ListA.query.limit"), Some((4, 7)));
        assert_eq!(locate(text, "operations.ListA.query.limit.maximum"), Some((4, 29)));
        assert_eq!(locate(text, "operations.ListA"), Some((2, 3)));
    }

    #[test]
    fn keys_with_dots_are_bracketed() {
        let text = "errors:\n  CBC.0100:\n    status: 400\n";
        assert_eq!(locate(text, "errors.[CBC.0100].status"), Some((3, 5)));
    }

    #[test]
    fn missing_segment_stops_at_deepest_found() {
        let text = "models:\n  A:\n    fields: {}\n";
        assert_eq!(locate(text, "models.A.nothing"), Some((2, 3)));
        assert_eq!(locate(text, "operations.X"), None);
    }

    #[test]
    fn non_ascii_keys_are_located_in_characters() {
        let text = "models:\n  M:\n    fields:\n      名称: { type: Nope }\n";
        assert_eq!(locate(text, "models.M.fields.名称.type"), Some((4, 13)));
        assert_eq!(locate("名: {名: 1}", "名.名"), Some((1, 5)));
        for path in ["[", "]", "[.]", "..", "名.[名", "a.b.c.d"] {
            let _ = locate("名\n  名: {名\n- [a]: b", path);
        }
    }

    #[test]
    fn list_items_are_located_in_block_and_flow_sequences() {
        let text = "models:\n  E:\n    values:\n      - { value: 1, name: A }\n      - value: 2\n        name: B\n    errors: [CBC.1, { code: CBC.2 }, \"a,b\", CBC.3]\n";
        assert_eq!(locate(text, "models.E.values.0.name"), Some((4, 21)));
        assert_eq!(locate(text, "models.E.values.1"), Some((5, 9)));
        assert_eq!(locate(text, "models.E.values.1.value"), Some((5, 9)));
        assert_eq!(locate(text, "models.E.values.1.name"), Some((6, 9)));
        assert_eq!(locate(text, "models.E.errors.1.code"), Some((7, 23)));
        assert_eq!(locate(text, "models.E.errors.3"), Some((7, 45)));
        assert_eq!(locate(text, "models.E.values.7"), Some((3, 5)));
    }

    #[test]
    fn hostile_text_is_shown_escaped() {
        let mut diags = Diagnostics::default();
        diags.error(Path::new("a.yaml"), "models.a\nb", "unknown type `x\u{1b}[31m\u{202E}`");
        let shown = diags.sorted()[0].to_string();
        assert!(shown.contains("`x\\u{1b}[31m\\u{202e}`") && shown.contains("models.a\\nb"), "{shown}");
    }

    #[test]
    fn render_shows_the_line_and_colours_only_on_request() {
        let mut diags = Diagnostics::default();
        diags.error(Path::new("a.yaml"), "models.M", "bad").help("fix it");
        diags.locate_with(|_| Some("models:\n  M: {}\n".to_string()));
        let plain = render(&diags.sorted(), false);
        assert_eq!(plain, "error: bad\n  --> a.yaml:2:3 at `models.M`\n  |\n2 |   M: {}\n  |   ^\n  = help: fix it\n\nerror: the spec has 1 error(s) and 0 warning(s)");
        assert!(!plain.contains('\x1b'));
        assert!(render(&diags.sorted(), true).contains("\x1b[1;31merror\x1b[0m"));
        assert_eq!(diags.sorted()[0].to_string(), "error: bad\n  --> a.yaml:2:3 at `models.M`\n  = help: fix it");
    }
}
