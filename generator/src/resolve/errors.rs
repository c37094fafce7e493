//! The error-code catalog: the spec's `errors` maps in, the sorted [`ErrorCode`] catalog out.

use super::*;

/// The error categories the runtime's `ErrorCategory` knows (snake_case spec spelling).
const CATEGORIES: &[&str] = &[
    "success", "invalid_parameter", "auth", "access_denied", "wrong_site", "rate_limited", "not_found", "conflict",
    "server", "business",
];

impl Resolver<'_> {
    pub(super) fn errors(&mut self, files: &[LoadedFile]) -> Vec<ErrorCode> {
        let mut seen: HashMap<String, PathBuf> = HashMap::new();
        let mut out = Vec::new();
        for file in files {
            for (code, doc) in &file.doc.errors {
                let at = format!("errors.[{code}]");
                if let Some(first) = seen.get(code) {
                    self.diags
                        .error(&file.path, &at, format!("error code `{code}` is defined twice"))
                        .help(format!("it is also defined in {}", first.display()));
                    continue;
                }
                seen.insert(code.clone(), file.path.clone());
                let rust_name = RustName::new(naming::camel_ident(code));
                if !naming::has_ident_chars(code) {
                    self.diags
                        .error(&file.path, &at, format!("error code `{code}` has no letters or digits"))
                        .help("an error code becomes a variant of `ErrorCode`; write it as `CBC.<digits>`");
                } else if rust_name == "Unknown" {
                    self.diags
                        .error(&file.path, &at, format!("error code `{code}` would become the variant `ErrorCode::Unknown`"))
                        .help("`Unknown` holds the codes the catalog does not list; write the code as `CBC.<digits>`");
                }
                if !is_cbc_code(code) {
                    self.diags
                        .warning(&file.path, &at, format!("error code `{code}` does not look like `CBC.<digits>`"));
                }
                if let Some(c) = &doc.category {
                    if !CATEGORIES.contains(&c.as_str()) {
                        self.diags
                            .error(&file.path, format!("{at}.category"), format!("unknown category `{c}`"))
                            .help(format!("use one of: {}", CATEGORIES.join(", ")));
                    }
                }
                let status = match doc.status {
                    Known::Value(s) if !(100..=599).contains(&s) => {
                        self.diags.error(&file.path, format!("{at}.status"), format!("`{s}` is not an HTTP status"));
                        None
                    }
                    Known::Value(s) => Some(s),
                    Known::Unknown(_) => None,
                };
                out.push(ErrorCode {
                    code: code.clone(),
                    rust_name,
                    status,
                    message: match &doc.message {
                        Known::Value(m) => Some(m.clone()),
                        Known::Unknown(_) => None,
                    },
                    description_zh: doc.description_zh.clone(),
                    description_en: doc.description_en.clone(),
                    category: doc.category.as_ref().map(|c| ErrorCategory { name: c.clone(), rust_name: RustName::new(naming::camel_ident(c)) }),
                    retryable: doc.retryable,
                    replaced_by: doc.replaced_by.clone(),
                    replaces: None,
                    notes: doc.notes.clone(),
                });
            }
        }
        out.sort_by(|a, b| a.code.cmp(&b.code));
        for (a, b, ident) in naming::collisions(out.iter().map(|e| (e.code.as_str(), &e.rust_name))) {
            let file = seen.get(b).cloned().unwrap_or_default();
            self.diags
                .error(&file, format!("errors.[{b}]"), format!("error codes `{a}` and `{b}` both become the variant `ErrorCode::{ident}`"))
                .help("error codes are told apart by their letters and digits only: remove or rename one of them");
        }
        let codes: BTreeSet<String> = out.iter().map(|e| e.code.clone()).collect();
        let mut reverse: Vec<(String, String)> = Vec::new();
        for e in &out {
            if let Some(newer) = &e.replaced_by {
                let file = seen.get(&e.code).cloned().unwrap_or_default();
                if !codes.contains(newer) {
                    self.diags.error(&file, format!("errors.[{}].replaced_by", e.code), format!("`{newer}` is not in the error catalog"));
                } else if newer == &e.code {
                    self.diags.error(&file, format!("errors.[{}].replaced_by", e.code), "a code cannot replace itself");
                } else {
                    reverse.push((newer.clone(), e.code.clone()));
                }
            }
        }
        for (newer, legacy) in reverse {
            if let Some(e) = out.iter_mut().find(|e| e.code == newer) {
                e.replaces = Some(legacy);
            }
        }
        out
    }
}

pub(super) fn is_cbc_code(code: &str) -> bool {
    code.strip_prefix("CBC.").is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()))
}
