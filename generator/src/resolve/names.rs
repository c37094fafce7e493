//! Rust names: spec names and `rust_name` overrides in, checked identifiers out; collisions are found on the stored names.

use super::*;

impl Resolver<'_> {
    /// The Rust name of a field, model or enum value: the spec's `rust_name` override (checked to
    /// be an identifier), else the name derived from the spec name.
    pub(super) fn rust_name(&mut self, path: &Path, at: &str, given: Option<&str>, derived: String) -> RustName {
        match given {
            Some(name) => {
                if let Some(problem) = naming::check_override(name) {
                    self.diags.error(path, format!("{at}.rust_name"), format!("rust_name {problem}"));
                }
                RustName::new(name)
            }
            None => RustName::new(derived),
        }
    }

    /// Fields of one struct (or request type) must have distinct Rust names: `(wire name, name)` pairs.
    pub(super) fn check_field_collisions<'f>(&mut self, path: &Path, at: &str, fields: impl IntoIterator<Item = (&'f str, &'f RustName)>) {
        for (a, b, ident) in naming::collisions(fields) {
            self.diags
                .error(path, format!("{at}.{}", yaml_key(b)), format!("`{a}` and `{b}` both become the Rust name `{ident}`"))
                .help(format!("give `{b}` a different `rust_name`"));
        }
    }

    /// The stored setters of a call builder (optional parameters and an optional body) must be distinct.
    pub(super) fn check_setters(&mut self, path: &Path, at: &str, params: &[Param], body: Option<&Body>) {
        let mut setters: Vec<(String, &RustName)> = params
            .iter()
            .filter_map(|p| Some((format!("{}.{}", section(p.location), yaml_key(&p.wire_name)), p.setter.as_ref()?)))
            .collect();
        if let Some(setter) = body.and_then(|b| b.setter.as_ref()) {
            setters.push(("body".to_string(), setter));
        }
        for (a, b, ident) in naming::collisions(setters.iter().map(|(w, s)| (w.as_str(), *s))) {
            self.diags
                .error(path, format!("{at}.{b}"), format!("`{a}` and `{b}` both get the setter `{ident}` on the call builder"))
                .help(format!("give `{b}` a different `rust_name`"));
        }
    }

    pub(super) fn check_model_names(&mut self, models: &BTreeMap<String, Model>) {
        for (a, b, ident) in naming::collisions(models.values().map(|m| (m.name.as_str(), &m.rust_name))) {
            let file = self.model_files.get(b).cloned().unwrap_or_default();
            self.diags
                .error(&file, format!("models.{}", yaml_key(b)), format!("models `{a}` and `{b}` both become the Rust type `{ident}`"))
                .help(format!("give `{b}` a `rust_name`"));
        }
    }

    pub(super) fn check_operation_names(&mut self, ops: &[(PathBuf, Operation)], models: &BTreeMap<String, Model>) {
        for (a, b, ident) in naming::collisions(ops.iter().map(|(_, o)| (o.name.as_str(), &o.method_name))) {
            let file = ops.iter().find(|(_, o)| o.name == b).map(|(p, _)| p.clone()).unwrap_or_default();
            self.diags.error(&file, format!("operations.{b}"), format!("operations `{a}` and `{b}` both become the method `{ident}`")).help("rename one of them");
        }
        // The request types of every operation share the `operations` module.
        let types = ops.iter().map(|(_, o)| (o.name.as_str(), &o.request_type));
        for (a, b, ident) in naming::collisions(types) {
            let file = ops.iter().find(|(_, o)| o.name == b).map(|(p, _)| p.clone()).unwrap_or_default();
            self.diags
                .error(&file, format!("operations.{b}"), format!("operations `{a}` and `{b}` both generate the type `{ident}`"))
                .help("each operation generates `<Name>Request`: rename one of them");
        }
        let model_types: HashMap<&str, &Model> = models.values().map(|m| (m.rust_name.ident.as_str(), m)).collect();
        for (file, op) in ops {
            if let Some(m) = model_types.get(op.request_type.ident.as_str()) {
                self.diags
                    .error(file, format!("operations.{}", op.name), format!("the type `{}` generated for operation `{}` has the name of model `{}`", op.request_type, op.name, m.name))
                    .help(format!("give model `{}` a `rust_name`", m.name));
            }
        }
    }
}

/// The spec section of a parameter location (`query`), for YAML paths in diagnostics.
pub(super) fn section(location: Location) -> &'static str {
    match location {
        Location::Path => "path_params",
        Location::Query => "query",
        Location::Header => "headers",
    }
}

/// A YAML path segment for a key: keys with dots are bracketed (`errors.[CBC.0100]`).
pub(super) fn yaml_key(key: &str) -> String {
    if key.contains('.') || key.starts_with('[') {
        format!("[{key}]")
    } else {
        key.to_string()
    }
}

/// The closest known name within a small edit distance, for "did you mean" hints.
pub fn did_you_mean<'a>(wanted: &str, known: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    // Long names are not typos of short ones, and comparing them costs quadratic time.
    if wanted.len() > 128 {
        return None;
    }
    let limit = (wanted.chars().count() / 3).max(2);
    known
        .filter(|k| k.len() <= 128)
        .map(|k| (edit_distance(&wanted.to_lowercase(), &k.to_lowercase()), k))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, k)| k)
}

pub(super) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}
