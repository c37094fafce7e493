//! Diagnostics: problems found in a spec, each tied to a file, a YAML path and (where known) a line.

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
    /// 1-based line and column, where known.
    pub location: Option<(usize, usize)>,
    /// What is wrong.
    pub message: String,
    /// How to fix it, where there is a useful hint.
    pub help: Option<String>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(f, "{level}: {}", self.message)?;
        write!(f, "  --> {}", self.file.display())?;
        if let Some((line, col)) = self.location {
            write!(f, ":{line}:{col}")?;
        }
        if !self.yaml_path.is_empty() {
            write!(f, " at `{}`", self.yaml_path)?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n  = help: {help}")?;
        }
        Ok(())
    }
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
        self.items.push(Diagnostic {
            severity,
            file: file.to_path_buf(),
            yaml_path,
            location: None,
            message,
            help: None,
        });
        self.items.last_mut().expect("just pushed")
    }

    /// Adds an already built diagnostic.
    pub fn add(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// True when at least one error (not warning) was recorded.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// All diagnostics, in a stable order: by file, then line, then path.
    pub fn sorted(&self) -> Vec<Diagnostic> {
        let mut items = self.items.clone();
        items.sort_by(|a, b| {
            (&a.file, a.location, &a.yaml_path, &a.message).cmp(&(&b.file, b.location, &b.yaml_path, &b.message))
        });
        items
    }

    /// The warnings only.
    pub fn warnings(&self) -> Vec<Diagnostic> {
        self.sorted().into_iter().filter(|d| d.severity == Severity::Warning).collect()
    }

    /// Fills in line and column of every diagnostic whose file text is known.
    pub fn locate_with(&mut self, text_of: impl Fn(&Path) -> Option<String>) {
        for d in &mut self.items {
            if d.location.is_none() {
                if let Some(text) = text_of(&d.file) {
                    d.location = locate(&text, &d.yaml_path);
                }
            }
        }
    }
}

impl Diagnostic {
    /// Adds a hint on how to fix the problem.
    pub fn help(&mut self, help: impl Into<String>) -> &mut Self {
        self.help = Some(help.into());
        self
    }
}

/// Finds the line and column of a dotted YAML path in a block-style YAML text.
///
/// A best-effort scan: each segment is looked for as a mapping key (`key:`) indented deeper than
/// the previous one, or inside a flow mapping on the same line. Returns the deepest segment found.
pub fn locate(text: &str, yaml_path: &str) -> Option<(usize, usize)> {
    if yaml_path.is_empty() {
        return None;
    }
    let lines: Vec<&str> = text.lines().collect();
    let mut found: Option<(usize, usize)> = None;
    let mut start = 0usize;
    let mut min_indent = 0usize;
    for segment in split_path(yaml_path) {
        // Inside a flow mapping found on the previous line: look on that same line.
        if let Some((line, col)) = found {
            let rest = &lines[line - 1][col..];
            if let Some(pos) = find_flow_key(rest, &segment) {
                found = Some((line, col + pos + 1));
                continue;
            }
        }
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
            Some((i, col)) => {
                found = Some((i + 1, col + 1));
                start = i + 1;
                min_indent = col + 1;
            }
            None => break,
        }
    }
    found
}

fn split_path(path: &str) -> Vec<String> {
    // Keys such as `CBC.0100` contain dots; a segment in brackets is kept whole.
    let mut out = Vec::new();
    let mut current = String::new();
    let mut in_brackets = false;
    for c in path.chars() {
        match c {
            '[' if current.is_empty() => in_brackets = true,
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
    let mut from = 0;
    while let Some(pos) = text[from..].find(key) {
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
}
