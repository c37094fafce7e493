//! Loading: spec folder or files in, parsed [`SpecFile`]s out. The only module that knows YAML.
//!
//! serde_yaml is archived upstream; swapping it for another YAML parser touches this file alone.

use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::spec::SpecFile;
use std::path::{Path, PathBuf};

/// A parsed spec file with its path and text (kept for locating diagnostics).
#[derive(Debug)]
pub struct LoadedFile {
    /// Path as given or found.
    pub path: PathBuf,
    /// The file's text.
    pub text: String,
    /// Its parsed contents.
    pub doc: SpecFile,
}

/// Expands folders into their `*.yaml`/`*.yml` files (sorted, not recursive); files stay as given.
/// A folder that cannot be listed is an error naming that folder, and so is a `*.yaml` entry that
/// cannot be followed (a dangling symbolic link, a link loop): skipping it would drop part of the
/// API without a word.
pub fn spec_files(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, (PathBuf, std::io::Error)> {
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let entries = std::fs::read_dir(input).map_err(|e| (input.clone(), e))?;
            let mut found = Vec::new();
            for entry in entries {
                let path = entry.map_err(|e| (input.clone(), e))?.path();
                if !matches!(path.extension().and_then(|e| e.to_str()), Some("yaml" | "yml")) {
                    continue;
                }
                // `metadata` follows links: a dangling one or a loop fails here, with the reason.
                let meta = std::fs::metadata(&path).map_err(|e| {
                    let why = if std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
                        format!("a symbolic link that cannot be followed ({e})")
                    } else {
                        e.to_string()
                    };
                    (path.clone(), std::io::Error::new(e.kind(), why))
                })?;
                if meta.is_file() {
                    found.push(path);
                }
            }
            found.sort();
            files.extend(found);
        } else {
            files.push(input.clone());
        }
    }
    Ok(files)
}

/// Reads and parses every file; a file that cannot be read or parsed becomes a diagnostic.
pub fn load_files(paths: &[PathBuf], diags: &mut Diagnostics) -> Vec<LoadedFile> {
    let mut texts = Vec::new();
    for path in paths {
        match std::fs::read(path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => texts.push((path.clone(), text)),
                Err(e) => {
                    let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
                    let before = String::from_utf8_lossy(valid);
                    let line = before.matches('\n').count() + 1;
                    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                    let d = diags.error(path, "", "the spec file is not UTF-8 text");
                    d.location = Some((line, column));
                    d.source_line = before.rsplit('\n').next().map(|l| format!("{l}…"));
                    d.help("save the file as UTF-8");
                }
            },
            Err(err) => {
                diags.error(path, "", format!("cannot read spec file: {err}"));
            }
        }
    }
    load_texts(texts, diags)
}

/// Parses spec texts already in memory (each with the path used in diagnostics). Line ends are
/// normalised first (`\r\n` and a lone `\r` become `\n`), so that a file saved with old Mac line
/// ends is read line by line, not as one comment line.
pub fn load_texts(texts: Vec<(PathBuf, String)>, diags: &mut Diagnostics) -> Vec<LoadedFile> {
    let mut loaded = Vec::new();
    for (path, text) in texts {
        let text = normalize_line_ends(text);
        match parse(&text) {
            Ok(doc) => loaded.push(LoadedFile { path, text, doc }),
            Err(err) => {
                let mut d = parse_error(&path, &err, &text);
                d.source_line = d.location.and_then(|(line, _)| text.lines().nth(line.saturating_sub(1))).map(|l| l.trim_end().to_string());
                let first_entry = entry_of(&d.yaml_path);
                let first_message = d.message.clone();
                diags.add(d);
                // serde stops at the first error; report the other entries' errors too.
                for extra in other_entry_errors(&path, &text, &first_entry) {
                    if extra.message != first_message {
                        diags.add(extra);
                    }
                }
            }
        }
    }
    loaded
}

/// How YAML reads one plain scalar token (`0x1F` is the number 31), for checking that text taken
/// from a file is the token a value was read from.
pub fn read_scalar(token: &str) -> Option<crate::spec::Scalar> {
    serde_yaml::from_str(token).ok()
}

/// `\r\n` and lone `\r` line ends as `\n`.
fn normalize_line_ends(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// Most values (scalars, lists, mappings) a spec file may expand to through YAML anchors and
/// aliases: generous for any real file (a value takes a few bytes of text), far below what an
/// alias bomb expands to.
fn expansion_budget(text: &str) -> u64 {
    100_000 + 2 * text.len() as u64
}

/// Parses one YAML text; an empty file (or one holding only comments) is an empty spec file.
pub fn parse(text: &str) -> Result<SpecFile, serde_yaml::Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let only_comments = text.lines().all(|l| {
        let l = l.trim();
        l.is_empty() || l.starts_with('#') || l == "---" || l == "..."
    });
    if only_comments {
        return Ok(SpecFile::default());
    }
    // Aliases are expanded while deserializing: count what they expand to before trusting them.
    if may_have_anchor(text) {
        within_budget(text)?;
    }
    serde_yaml::from_str(text)
}

/// Whether `text` may define a YAML anchor (`&name` starting a token), without which no alias
/// can expand to anything: a `&` that follows neither a letter nor a digit and is followed by
/// a name character. Errs on the side of yes (a `&` in prose like `a &b` counts); a `*` in prose
/// (`*.json`, `amortized_*`) no longer costs a second parse.
fn may_have_anchor(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| {
        b == b'&'
            && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric())
            && bytes.get(i + 1).is_some_and(|&n| !n.is_ascii_whitespace() && !b",[]{}".contains(&n))
    })
}

/// Fails when `text` expands, aliases included, to more values than [`expansion_budget`].
fn within_budget(text: &str) -> Result<(), serde_yaml::Error> {
    let seen = std::cell::Cell::new(0);
    serde::de::DeserializeSeed::deserialize(Budget { seen: &seen, limit: expansion_budget(text) }, serde_yaml::Deserializer::from_str(text))
}

/// Counts every value of a YAML document, aliases expanded, and fails past `limit`.
#[derive(Clone, Copy)]
struct Budget<'a> {
    seen: &'a std::cell::Cell<u64>,
    limit: u64,
}

impl Budget<'_> {
    fn bump<E: serde::de::Error>(self) -> Result<(), E> {
        self.seen.set(self.seen.get() + 1);
        if self.seen.get() > self.limit {
            return Err(E::custom(format!(
                "the file expands to more than {} values through YAML anchors and aliases (an alias bomb?); write the values out or use fewer aliases",
                self.limit
            )));
        }
        Ok(())
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for Budget<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Budget<'_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<(), E> {
        self.bump()
    }
    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<(), E> {
        self.bump()
    }
    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<(), E> {
        self.bump()
    }
    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<(), E> {
        self.bump()
    }
    fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<(), E> {
        self.bump()
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<(), E> {
        self.bump()
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<(), E> {
        self.bump()
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        serde::de::DeserializeSeed::deserialize(self, d)
    }
    fn visit_newtype_struct<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        serde::de::DeserializeSeed::deserialize(self, d)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.bump()?;
        while seq.next_element_seed(self)?.is_some() {}
        Ok(())
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.bump()?;
        while map.next_key_seed(self)?.is_some() {
            map.next_value_seed(self)?;
        }
        Ok(())
    }
    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
        use serde::de::VariantAccess as _;
        let (_, variant) = data.variant::<serde::de::IgnoredAny>()?;
        variant.newtype_variant_seed(self)
    }
}

/// The entry a YAML path points into: `models.A` for `models.A.fields.x`, `service` for
/// `service.sites`.
fn entry_of(yaml_path: &str) -> String {
    let mut parts = yaml_path.splitn(3, '.');
    match (parts.next(), parts.next()) {
        (Some(top @ ("models" | "operations" | "errors")), Some(name)) => format!("{top}.{name}"),
        (Some(top), _) => top.to_string(),
        _ => String::new(),
    }
}

/// The errors of every entry (each model, operation and error code, and the `service` and
/// `area` blocks) other than `skip`, each found by parsing that entry alone. Empty when the text
/// is not even a YAML mapping (its syntax error is the one to fix first).
fn other_entry_errors(path: &Path, text: &str, skip: &str) -> Vec<Diagnostic> {
    if text.contains('*') && within_budget(text).is_err() {
        return Vec::new(); // an alias bomb: already reported, and not to be expanded again
    }
    let Ok(serde_yaml::Value::Mapping(top)) = serde_yaml::from_str::<serde_yaml::Value>(text) else { return Vec::new() };
    let mut out = Vec::new();
    let mut check = |entry: String, doc: serde_yaml::Mapping| {
        if entry == skip || entry.is_empty() {
            return;
        }
        let Ok(alone) = serde_yaml::to_string(&serde_yaml::Value::Mapping(doc)) else { return };
        if let Err(err) = serde_yaml::from_str::<SpecFile>(&alone) {
            let mut d = parse_error(path, &err, &alone);
            if d.yaml_path.is_empty() {
                d.yaml_path = entry;
            }
            // Positions in the re-written entry mean nothing in the file: locate by path.
            d.location = crate::diag::locate(text, &d.yaml_path);
            d.source_line = d.location.and_then(|(line, _)| text.lines().nth(line.saturating_sub(1))).map(|l| l.trim_end().to_string());
            out.push(d);
        }
    };
    for (key, value) in &top {
        let Some(block) = key.as_str() else { continue };
        match (block, value) {
            ("models" | "operations" | "errors", serde_yaml::Value::Mapping(entries)) => {
                for (name, entry) in entries {
                    let Some(name_text) = name.as_str() else { continue };
                    let mut inner = serde_yaml::Mapping::new();
                    inner.insert(name.clone(), entry.clone());
                    let mut doc = serde_yaml::Mapping::new();
                    doc.insert(key.clone(), serde_yaml::Value::Mapping(inner));
                    check(format!("{block}.{name_text}"), doc);
                }
            }
            _ => {
                let mut doc = serde_yaml::Mapping::new();
                doc.insert(key.clone(), value.clone());
                check(block.to_string(), doc);
            }
        }
    }
    out
}

fn parse_error(path: &Path, err: &serde_yaml::Error, text: &str) -> Diagnostic {
    let mut location = err.location().map(|l| (l.line(), l.column()));
    let full = err.to_string();
    // serde_yaml prefixes the message with the YAML path and adds the position (at the end, and
    // for syntax errors also inside); split them out.
    let without_position = strip_positions(&full);
    let (mut yaml_path, message) = match without_position.split_once(": ") {
        Some((p, m)) if !p.contains(' ') && !p.is_empty() => (serde_path(p), m.to_string()),
        _ => (String::new(), without_position.clone()),
    };
    let (message, mut help) = explain(&message);
    // A repeated key is reported where its mapping starts: point at the second occurrence.
    if let Some(key) = quoted_after(&message, "duplicate key `").or_else(|| quoted_after(&message, "duplicate field `")) {
        if let Some(second) = location.and_then(|at| second_occurrence(text, at, &key)) {
            location = Some(second);
            let segment = if key.contains('.') { format!("[{key}]") } else { key.clone() };
            yaml_path = if yaml_path.is_empty() { segment } else { format!("{yaml_path}.{segment}") };
        }
    }
    if message.contains("more than one document") {
        location = text.lines().enumerate().skip(1).find(|(_, l)| l.starts_with("---")).map(|(i, _)| (i + 1, 1));
        help = Some("a spec file holds one YAML document: remove the `---` line or split the file".into());
    }
    let line_text = location.and_then(|(line, _)| text.lines().nth(line.saturating_sub(1))).unwrap_or("");
    if line_text.starts_with('\t') || (message.contains("cannot start any token") && line_text.trim_start_matches(' ').starts_with('\t')) {
        help = Some("YAML indents with spaces, never tabs".into());
    }
    Diagnostic {
        severity: Severity::Error,
        file: path.to_path_buf(),
        yaml_path,
        location,
        message: format!("invalid spec: {message}"),
        help,
        source_line: None,
    }
}

/// The message without serde_yaml's ` at line N column M` positions.
fn strip_positions(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(i) = rest.find(" at line ") {
        out.push_str(&rest[..i]);
        let after = &rest[i + " at line ".len()..];
        let digits = |s: &str| s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let n = digits(after);
        let Some(col) = after[n..].strip_prefix(" column ") else {
            out.push_str(" at line ");
            rest = after;
            continue;
        };
        rest = &col[digits(col)..];
    }
    out.push_str(rest);
    out
}

/// The text between `prefix` and the next backtick.
fn quoted_after(message: &str, prefix: &str) -> Option<String> {
    let start = message.find(prefix)? + prefix.len();
    let len = message[start..].find('`')?;
    Some(message[start..start + len].to_string())
}

/// Where `key` appears for the second time in the mapping that starts at `at` (1-based line and
/// column, as serde_yaml reports it): a flow mapping on that line, or a block mapping below.
fn second_occurrence(text: &str, at: (usize, usize), key: &str) -> Option<(usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let line = *lines.get(at.0.checked_sub(1)?)?;
    let col = at.1.checked_sub(1)?;
    let start = line.char_indices().nth(col).map_or(line.len(), |(b, _)| b);
    let rest = &line[start..];
    let char_col = |line: &str, byte: usize| line.get(..byte).map_or(0, |s| s.chars().count()) + 1;
    let is_key = |s: &str| [key.to_string(), format!("\"{key}\""), format!("'{key}'")].iter().any(|k| {
        s.strip_prefix(k.as_str()).is_some_and(|r| r.trim_start().starts_with(':'))
    });
    if rest.starts_with('{') {
        let mut seen = 0;
        for (i, _) in rest.char_indices() {
            let before = rest[..i].trim_end().chars().last();
            if matches!(before, Some('{') | Some(',')) && is_key(&rest[i..]) {
                seen += 1;
                if seen == 2 {
                    return Some((at.0, char_col(line, start + i)));
                }
            }
        }
        return None;
    }
    let indent = line.len() - line.trim_start().len();
    let mut seen = 0;
    for (i, l) in lines.iter().enumerate().skip(at.0 - 1) {
        let t = l.trim_start();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let this = l.len() - t.len();
        if this < indent {
            break;
        }
        if this == indent && is_key(t) {
            seen += 1;
            if seen == 2 {
                return Some((i + 1, this + 1));
            }
        }
    }
    None
}

/// serde_yaml writes list items as `key[3]`; the diagnostics' paths write `key.3`.
fn serde_path(p: &str) -> String {
    let mut out = String::with_capacity(p.len());
    for c in p.chars() {
        match c {
            '[' => out.push('.'),
            ']' => {}
            _ => out.push(c),
        }
    }
    out.trim_start_matches('.').to_string()
}

/// serde's wording in the spec's words ("a list", "a whole number"), and a hint where one helps.
fn explain(message: &str) -> (String, Option<String>) {
    const WORDS: &[(&str, &str)] = &[
        ("expected u64", "expected a whole number (0 or more)"),
        ("expected u32", "expected a whole number (0 or more)"),
        ("expected u16", "expected a whole number (0 or more)"),
        ("expected i64", "expected a whole number"),
        ("expected a boolean", "expected `true` or `false`"),
        ("expected a sequence", "expected a list (`[a, b]` or `- a` lines)"),
        ("expected a map", "expected a mapping (`key: value` lines or `{ key: value }`)"),
        ("expected struct SpecFile", "expected a mapping of the blocks `service`, `area`, `errors`, `models`, `operations`"),
        ("expected struct ", "expected a mapping for "),
        ("invalid type: unit value", "invalid type: an empty value (null)"),
        ("invalid type: sequence", "invalid type: a list"),
        ("invalid type: map", "invalid type: a mapping"),
    ];
    let mut text = message.to_string();
    for (from, to) in WORDS {
        text = text.replace(from, to);
    }
    let help = if message.contains("unknown field") {
        Some("check the spelling of the key; spec/README.md lists the keys each block accepts")
    } else if message.contains("duplicate field") || message.contains("duplicate key") {
        Some("a key may appear only once in a mapping: remove or rename one of them")
    } else if message.contains("missing field") {
        Some("spec/README.md shows the keys each block requires")
    } else if message.contains("expected a boolean") {
        Some("YAML 1.2 booleans are `true` and `false` (not `yes`/`no`)")
    } else if message.contains("did not find expected") || message.contains("mapping values are not allowed") || message.contains("found character that cannot start") {
        Some("a YAML syntax error: check indentation, colons and quotes around text with `:`, `#`, `{` or `[`")
    } else {
        None
    };
    (text, help.map(str::to_string))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(text: &str) -> Diagnostic {
        parse_error(Path::new("a.yaml"), &parse(text).unwrap_err(), text)
    }

    #[test]
    fn duplicate_keys_in_maps_are_errors_at_the_second_key() {
        let d = problem("models:\n  A:\n    fields: {}\n  A:\n    fields: {}\n");
        assert!(d.message.contains("duplicate key `A`"), "{d}");
        assert_eq!((d.yaml_path.as_str(), d.location), ("models.A", Some((4, 3))));
        let d = problem("models:\n  A:\n    fields:\n      x: { type: string }\n      y: { type: string }\n      x: { type: int32 }\n");
        assert!(d.message.contains("duplicate key `x`"), "{d}");
        assert_eq!(d.location, Some((6, 7)));
        let d = problem("models:\n  A:\n    fields:\n      x: { type: string, type: int32 }\n");
        assert!(d.message.contains("duplicate field `type`"), "{d}");
        assert_eq!(d.location, Some((4, 26)));
    }

    #[test]
    fn positions_are_taken_out_of_messages() {
        assert_eq!(strip_positions("did not find x at line 3 column 7, while parsing at line 2 column 1"), "did not find x, while parsing");
        assert_eq!(strip_positions("at line x"), "at line x");
    }

    #[test]
    fn wrong_value_types_are_worded_for_spec_authors() {
        let d = problem("models:\n  A:\n    fields:\n      x: { type: string, max_length: -1 }\n");
        assert!(d.message.contains("whole number"), "{d}");
        let d = problem("errors:\n  CBC.1:\n    status: often\n    message: m\n");
        assert!(d.message.contains("HTTP status"), "{d}");
        let d = problem("- a\n- b\n");
        assert!(d.message.contains("`service`, `area`"), "{d}");
    }

    #[test]
    fn empty_and_comment_only_files_are_empty_specs() {
        for text in ["", "\n", "# nothing\n", "---\n", "\u{feff}"] {
            assert!(parse(text).is_ok(), "{text:?}");
        }
    }
}
