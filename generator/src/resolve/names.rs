//! Rust names: spec names and `rust_name` overrides in, checked identifiers out; collisions are found on the stored names.

use super::*;

impl Resolver<'_> {
    pub(super) fn rust_name(&mut self, path: &Path, at: &str, given: Option<&str>, derived: String) -> String {
        match given {
            Some(name) => {
                if let Some(problem) = naming::check_override(name) {
                    self.diags.error(path, format!("{at}.rust_name"), format!("rust_name {problem}"));
                }
                name.to_string()
            }
            None => derived,
        }
    }

    pub(super) fn check_field_collisions(&mut self, path: &Path, at: &str, fields: &[Field]) {
        for (a, b, ident) in naming::collisions(fields.iter().map(|f| (f.wire_name.as_str(), f.rust_name.clone()))) {
            self.diags
                .error(path, format!("{at}.{}", yaml_key(b)), format!("`{a}` and `{b}` both become the Rust name `{ident}`"))
                .help(format!("give `{b}` a different `rust_name`"));
        }
    }

    /// Setters of a call builder (optional parameters and an optional body) must be distinct.
    pub(super) fn check_setters(&mut self, path: &Path, at: &str, params: &[(&str, &Field)], optional_body: bool) {
        let mut setters: Vec<(String, String)> = params
            .iter()
            .filter(|(_, f)| !f.required)
            .map(|(section, f)| (format!("{section}.{}", yaml_key(&f.wire_name)), naming::setter_name(&f.rust_name)))
            .collect();
        if optional_body {
            setters.push(("body".to_string(), naming::setter_name("body")));
        }
        for (a, b, ident) in naming::collisions(setters.iter().map(|(w, s)| (w.as_str(), s.clone()))) {
            self.diags
                .error(path, format!("{at}.{b}"), format!("`{a}` and `{b}` both get the setter `{ident}` on the call builder"))
                .help(format!("give `{b}` a different `rust_name`"));
        }
    }

    pub(super) fn check_model_names(&mut self, models: &BTreeMap<String, Model>) {
        for (a, b, ident) in naming::collisions(models.values().map(|m| (m.name.as_str(), m.rust_name.clone()))) {
            let file = self.model_files.get(b).cloned().unwrap_or_default();
            self.diags
                .error(&file, format!("models.{}", yaml_key(b)), format!("models `{a}` and `{b}` both become the Rust type `{ident}`"))
                .help(format!("give `{b}` a `rust_name`"));
        }
    }

    pub(super) fn check_operation_names(&mut self, ops: &[(PathBuf, Operation)], models: &BTreeMap<String, Model>) {
        for (a, b, ident) in naming::collisions(ops.iter().map(|(_, o)| (o.name.as_str(), o.method_name.clone()))) {
            let file = ops.iter().find(|(_, o)| o.name == b).map(|(p, _)| p.clone()).unwrap_or_default();
            self.diags.error(&file, format!("operations.{b}"), format!("operations `{a}` and `{b}` both become the method `{ident}`")).help("rename one of them");
        }
        // The request and call types of every operation share the `operations` module.
        let types = ops.iter().flat_map(|(_, o)| {
            [(o.name.as_str(), o.request_type.clone()), (o.name.as_str(), naming::call_type_name(&o.request_type))]
        });
        for (a, b, ident) in naming::collisions(types) {
            if a == b {
                continue;
            }
            let file = ops.iter().find(|(_, o)| o.name == b).map(|(p, _)| p.clone()).unwrap_or_default();
            self.diags
                .error(&file, format!("operations.{b}"), format!("operations `{a}` and `{b}` both generate the type `{ident}`"))
                .help("each operation generates `<Name>Request` and `<Name>Call`: rename one of them");
        }
        let model_types: HashMap<&str, &Model> = models.values().map(|m| (m.rust_name.as_str(), m)).collect();
        for (file, op) in ops {
            for ty in [op.request_type.clone(), naming::call_type_name(&op.request_type)] {
                if let Some(m) = model_types.get(ty.as_str()) {
                    self.diags
                        .error(file, format!("operations.{}", op.name), format!("the type `{ty}` generated for operation `{}` has the name of model `{}`", op.name, m.name))
                        .help(format!("give model `{}` a `rust_name`", m.name));
                }
            }
        }
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
