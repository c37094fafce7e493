//! Validation and resolution: parsed spec files in, an [`Api`] (IR) out, or every problem found.

use crate::diag::Diagnostics;
use crate::ir::*;
use crate::load::LoadedFile;
use crate::naming;
use crate::spec::{self, FieldDoc, Known, Scalar};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

const HTTP_METHODS: &[&str] = &["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"];
const CATEGORIES: &[&str] = &[
    "success", "invalid_parameter", "auth", "access_denied", "wrong_site", "rate_limited", "not_found", "conflict",
    "server", "business",
];

/// Resolves the loaded files into the IR, recording every problem in `diags`.
/// Returns `None` when there is at least one error.
pub fn resolve(files: &[LoadedFile], diags: &mut Diagnostics) -> Option<Api> {
    let texts = files.iter().map(|f| (f.path.clone(), f.text.as_str())).collect();
    let mut r = Resolver { diags, texts, model_files: HashMap::new(), enums: enum_values(files) };
    let service = r.service(files)?;
    let site_ids: BTreeSet<String> = service.sites.iter().map(|s| s.id.clone()).collect();
    let areas = r.areas(files);
    let errors = r.errors(files);
    let error_codes: BTreeSet<&str> = errors.iter().map(|e| e.code.as_str()).collect();

    let mut models = BTreeMap::new();
    for file in files {
        let area = file.doc.area.as_ref().map(|a| a.name.clone()).unwrap_or_default();
        for (name, doc) in &file.doc.models {
            if let Some(model) = r.model(&file.path, &area, name, doc, &site_ids) {
                if let Some(first) = r.model_files.get(name) {
                    r.diags
                        .error(&file.path, format!("models.{}", seg(name)), format!("model `{name}` is defined twice"))
                        .help(format!("it is also defined in {}", first.display()));
                    continue;
                }
                r.model_files.insert(name.clone(), file.path.clone());
                models.insert(name.clone(), model);
            }
        }
    }
    r.check_model_names(&models);
    r.check_references(&models);
    r.check_required_cycles(&models);
    box_recursive_fields(&mut models);

    let op_names: BTreeSet<String> =
        files.iter().flat_map(|f| f.doc.operations.keys().cloned()).collect();
    let mut operations: Vec<(PathBuf, Operation)> = Vec::new();
    let mut op_files: HashMap<String, PathBuf> = HashMap::new();
    for file in files {
        let area = file.doc.area.as_ref().map(|a| a.name.clone()).unwrap_or_default();
        for (name, doc) in &file.doc.operations {
            if let Some(other) = op_files.get(name) {
                r.diags
                    .error(&file.path, format!("operations.{name}"), format!("operation `{name}` is defined twice"))
                    .help(format!("it is also defined in {}", other.display()));
                continue;
            }
            op_files.insert(name.clone(), file.path.clone());
            let ctx = OpContext { models: &models, site_ids: &site_ids, error_codes: &error_codes, op_names: &op_names };
            if let Some(op) = r.operation(&file.path, &area, name, doc, &ctx) {
                operations.push((file.path.clone(), op));
            }
        }
    }
    r.check_operation_names(&operations, &models);
    r.check_routes(&operations);
    // With errors, an operation that failed to resolve would make its models look unused.
    if !r.diags.has_errors() {
        r.warn_unreachable(&models, &operations);
    }

    if r.diags.has_errors() {
        return None;
    }
    Some(Api {
        service,
        areas,
        models,
        operations: operations.into_iter().map(|(_, o)| o).collect(),
        errors,
    })
}

struct Resolver<'d> {
    diags: &'d mut Diagnostics,
    /// Each file's text, to read a number or a word exactly as written where YAML's reading of
    /// it (through a float, or as a number) would lose what the author wrote.
    texts: HashMap<PathBuf, &'d str>,
    model_files: HashMap<String, PathBuf>,
    /// Every enumeration's base type and values, read before anything else so that defaults of
    /// enum-typed fields can be checked wherever they appear.
    enums: HashMap<String, (TypeRef, Vec<Literal>)>,
}

struct OpContext<'a> {
    models: &'a BTreeMap<String, Model>,
    site_ids: &'a BTreeSet<String>,
    error_codes: &'a BTreeSet<&'a str>,
    op_names: &'a BTreeSet<String>,
}

impl Resolver<'_> {
    fn service(&mut self, files: &[LoadedFile]) -> Option<Service> {
        let with_service: Vec<&LoadedFile> = files.iter().filter(|f| f.doc.service.is_some()).collect();
        let Some(file) = with_service.first() else {
            let path = files.first().map(|f| f.path.clone()).unwrap_or_else(|| PathBuf::from("<spec>"));
            self.diags
                .error(&path, "service", "no file of the spec has a `service` block")
                .help("add a service.yaml with `service: { name, title, sites, variants }` (see spec/README.md)");
            return None;
        };
        for extra in &with_service[1..] {
            self.diags
                .error(&extra.path, "service", "a second `service` block")
                .help(format!("the service is already defined in {}", file.path.display()));
        }
        let doc = file.doc.service.as_ref()?;
        let path = &file.path;
        if let Some(problem) = toml_text_problem(&doc.title) {
            self.diags
                .error(path, "service.title", format!("the service title {problem}"))
                .help("the title is written into each generated Cargo.toml's `description`; keep it to one line of plain text");
        }
        let mut sites = Vec::new();
        for (id, site) in &doc.sites {
            if !is_spec_id(id) {
                self.diags
                    .error(path, format!("service.sites.{}", seg(id)), format!("site id `{id}` is not a simple name"))
                    .help("use ASCII letters, digits, `_` and `-`, starting with a letter (e.g. `cn`, `intl`)");
            }
            if !is_endpoint(&site.endpoint) {
                self.diags
                    .error(path, format!("service.sites.{}.endpoint", seg(id)), format!("endpoint `{}` is not an http(s) URL", site.endpoint))
                    .help("write the base URL, e.g. `https://bss.myhuaweicloud.com`");
            } else if let Some(extra) = endpoint_extra(&site.endpoint) {
                self.diags
                    .error(path, format!("service.sites.{}.endpoint", seg(id)), format!("endpoint `{}` has {extra}", site.endpoint))
                    .help("an endpoint is `scheme://host[:port]` only (the runtime refuses anything more at every call): put path prefixes into the operations' paths");
            }
            sites.push(Site {
                id: id.clone(),
                rust_name: naming::camel_ident(id),
                name: site.name.clone(),
                endpoint: site.endpoint.trim_end_matches('/').to_string(),
            });
        }
        if sites.is_empty() {
            self.diags.error(path, "service.sites", "the service has no sites");
        }
        for (a, b, ident) in naming::collisions(sites.iter().map(|s| (s.id.as_str(), s.rust_name.clone()))) {
            self.diags
                .error(path, format!("service.sites.{}", seg(b)), format!("sites `{a}` and `{b}` both become the Rust variant `Site::{ident}`"))
                .help("rename one of them");
        }
        let mut variants = Vec::new();
        let mut crates: HashMap<&str, &str> = HashMap::new();
        for (id, v) in &doc.variants {
            let at = format!("service.variants.{}", seg(id));
            if !is_spec_id(id) {
                self.diags
                    .error(path, &at, format!("variant id `{id}` is not a simple name"))
                    .help("it names the output folder (and `<variant>.rs` for build scripts): use ASCII letters, digits, `_` and `-`, starting with a letter");
            }
            self.check_site_list(path, &format!("{at}.sites"), &v.sites, doc.sites.keys());
            if v.sites.is_empty() {
                self.diags.error(path, format!("{at}.sites"), format!("variant `{id}` serves no site"));
            }
            if let Some(problem) = crate_name_problem(&v.crate_name) {
                self.diags
                    .error(path, format!("{at}.crate"), format!("`{}` is not a valid crate name: {problem}", v.crate_name))
                    .help("use ASCII letters, digits, `-` and `_`, starting with a letter, e.g. `huaweicloud-sdk-bss`");
            }
            if let Some(other) = crates.insert(&v.crate_name, id) {
                self.diags
                    .error(path, format!("{at}.crate"), format!("variants `{other}` and `{id}` both generate the crate `{}`", v.crate_name))
                    .help("give each variant its own crate name");
            }
            if let Some(problem) = naming::check_override(&v.client) {
                self.diags.error(path, format!("{at}.client"), format!("client name {problem}"));
            } else if !v.client.starts_with(|c: char| c.is_ascii_uppercase()) {
                self.diags
                    .error(path, format!("{at}.client"), format!("client name `{}` does not start with an uppercase letter", v.client))
                    .help("the client is a Rust type: use UpperCamelCase, e.g. `BssClient`");
            } else if naming::ROOT_ITEMS.contains(&v.client.as_str()) || naming::PRELUDE_NAMES.contains(&v.client.as_str()) {
                self.diags
                    .error(path, format!("{at}.client"), format!("client name `{}` is already used by the generated crate or Rust's prelude", v.client))
                    .help("choose a name such as `BssClient`");
            }
            variants.push(Variant { id: id.clone(), crate_name: v.crate_name.clone(), client: v.client.clone(), sites: v.sites.clone() });
        }
        if variants.is_empty() {
            self.diags.error(path, "service.variants", "the service has no variants: nothing would be generated");
        }
        let package = doc.package.as_ref().map(|p| self.package(path, p));
        Some(Service { name: doc.name.clone(), title: doc.title.clone(), description: doc.description.clone(), sites, variants, package })
    }

    /// `service.package`: every value goes into generated Cargo.toml files as a TOML string.
    fn package(&mut self, path: &Path, p: &spec::PackageDoc) -> Package {
        if !is_semver(&p.version) {
            self.diags
                .error(path, "service.package.version", format!("`{}` is not a version such as `0.1.0`", p.version))
                .help("write MAJOR.MINOR.PATCH (an optional -pre-release is allowed); `checked_against` adds the build metadata");
        }
        if let Some(v) = &p.checked_against {
            if v.is_empty() || !v.split('.').all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')) {
                self.diags
                    .error(path, "service.package.checked_against", format!("`{v}` cannot be semver build metadata"))
                    .help("write the official SDK's version, e.g. `3.1.219`");
            }
        }
        if !p.repository.starts_with("https://") || toml_text_problem(&p.repository).is_some() || p.repository.contains(char::is_whitespace) {
            self.diags.error(path, "service.package.repository", format!("`{}` is not an https URL", p.repository));
        }
        if p.keywords.len() > 5 {
            self.diags.error(path, "service.package.keywords", format!("{} keywords; crates.io accepts at most 5", p.keywords.len()));
        }
        for (i, k) in p.keywords.iter().enumerate() {
            let ok = k.len() <= 20 && k.starts_with(|c: char| c.is_ascii_alphabetic()) && k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
            if !ok {
                self.diags
                    .error(path, format!("service.package.keywords[{i}]"), format!("keyword `{k}` is not accepted by crates.io"))
                    .help("at most 20 ASCII letters, digits, `-` and `_`, starting with a letter");
            }
        }
        for (i, c) in p.categories.iter().enumerate() {
            if c.is_empty() || !c.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b':') {
                self.diags
                    .error(path, format!("service.package.categories[{i}]"), format!("`{c}` is not a crates.io category slug"))
                    .help("see https://crates.io/category_slugs, e.g. `api-bindings`");
            }
        }
        Package {
            version: p.version.clone(),
            checked_against: p.checked_against.clone(),
            repository: p.repository.clone(),
            keywords: p.keywords.clone(),
            categories: p.categories.clone(),
        }
    }

    fn areas(&mut self, files: &[LoadedFile]) -> Vec<Area> {
        let mut areas: Vec<Area> = Vec::new();
        let mut area_files: HashMap<String, PathBuf> = HashMap::new();
        for file in files {
            match &file.doc.area {
                Some(a) => {
                    if naming::is_keyword(&a.name) {
                        self.diags
                            .error(&file.path, "area.name", format!("area name `{}` is a Rust keyword", a.name))
                            .help("the area becomes a module and a cargo feature: choose another name");
                    } else if naming::snake_ident(&a.name) != a.name {
                        self.diags
                            .error(&file.path, "area.name", format!("area name `{}` is not a snake_case identifier", a.name))
                            .help(format!("use `{}`", naming::snake_ident(&a.name).trim_start_matches("r#")));
                    } else if naming::CRATE_FEATURES.contains(&a.name.as_str()) || naming::RESERVED_MODULES.contains(&a.name.as_str()) {
                        self.diags
                            .error(&file.path, "area.name", format!("area name `{}` is taken by the generated crate", a.name))
                            .help(format!(
                                "an area becomes a module and a cargo feature; these names are taken: {}, {}",
                                naming::CRATE_FEATURES.join(", "),
                                naming::RESERVED_MODULES.join(", ")
                            ));
                    }
                    if let Some(problem) = control_char_problem(&a.title) {
                        self.diags
                            .error(&file.path, "area.title", format!("the area title {problem}"))
                            .help("the title is written into the generated Cargo.toml as a comment: use plain text");
                    }
                    if let Some(first) = area_files.get(&a.name) {
                        self.diags
                            .error(&file.path, "area.name", format!("area `{}` is declared twice", a.name))
                            .help(format!("it is also declared in {}", first.display()));
                        continue;
                    }
                    area_files.insert(a.name.clone(), file.path.clone());
                    areas.push(Area { name: a.name.clone(), title: a.title.clone(), description: a.description.clone() });
                }
                None if !file.doc.models.is_empty() || !file.doc.operations.is_empty() => {
                    self.diags
                        .error(&file.path, "area", "a file with models or operations needs an `area` block")
                        .help("add `area: { name: <snake_case>, title: <Title> }` at the top of the file");
                }
                None => {}
            }
        }
        areas
    }

    fn errors(&mut self, files: &[LoadedFile]) -> Vec<ErrorCode> {
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
                if !naming::has_ident_chars(code) {
                    self.diags
                        .error(&file.path, &at, format!("error code `{code}` has no letters or digits"))
                        .help("an error code becomes a variant of `ErrorCode`; write it as `CBC.<digits>`");
                } else if naming::camel_ident(code) == "Unknown" {
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
                    status,
                    message: match &doc.message {
                        Known::Value(m) => Some(m.clone()),
                        Known::Unknown(_) => None,
                    },
                    description_zh: doc.description_zh.clone(),
                    description_en: doc.description_en.clone(),
                    category: doc.category.clone(),
                    retryable: doc.retryable,
                    replaced_by: doc.replaced_by.clone(),
                    replaces: None,
                    notes: doc.notes.clone(),
                });
            }
        }
        out.sort_by(|a, b| a.code.cmp(&b.code));
        for (a, b, ident) in naming::collisions(out.iter().map(|e| (e.code.as_str(), naming::camel_ident(&e.code)))) {
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

    fn model(&mut self, path: &Path, area: &str, name: &str, doc: &spec::ModelDoc, sites: &BTreeSet<String>) -> Option<Model> {
        let at = format!("models.{}", seg(name));
        if !crate::types::is_model_name(name) {
            self.diags
                .error(path, &at, format!("model name `{name}` cannot be written in a type expression"))
                .help("use ASCII letters, digits and `_`, starting with a letter; `rust_name` changes only the Rust name");
        }
        let rust_name = self.rust_name(path, &at, doc.rust_name.as_deref(), naming::camel_ident(name));
        if doc.rust_name.is_some() && naming::check_override(&rust_name).is_none() && !rust_name.starts_with(|c: char| c.is_ascii_uppercase()) {
            self.diags
                .error(path, format!("{at}.rust_name"), format!("rust_name `{rust_name}` does not start with an uppercase letter"))
                .help("a model is a Rust type: use UpperCamelCase");
        } else if naming::PRELUDE_NAMES.contains(&rust_name.as_str()) {
            let d = self.diags.error(path, &at, format!("model `{name}` would be the Rust type `{rust_name}`, which shadows Rust's own `{rust_name}` in generated code"));
            d.help(format!("give the model a `rust_name`, e.g. `rust_name: {rust_name}Model`"));
        }
        if crate::types::is_model_name(name) && naming::camel_ident(name).trim_start_matches("r#") != name && doc.rust_name.is_none() && !name.chars().all(|c| c.is_ascii_alphanumeric()) {
            self.diags.warning(path, &at, format!("model name `{name}` becomes `{}` in Rust", naming::camel_ident(name)));
        }
        let kind = match (&doc.fields, &doc.enumeration) {
            (Some(fields), None) => {
                for (wire, f) in fields {
                    if f.from_credentials.is_some() {
                        self.diags
                            .error(path, format!("{at}.fields.{}.from_credentials", seg(wire)), "`from_credentials` applies to path parameters only")
                            .help("remove it: a model field is always sent as written");
                    }
                }
                ModelKind::Object(self.fields(path, &format!("{at}.fields"), fields, sites))
            }
            (None, Some(e)) => ModelKind::Enum(self.enumeration(path, &format!("{at}.enum"), e)?),
            (Some(_), Some(_)) => {
                self.diags.error(path, &at, format!("model `{name}` has both `fields` and `enum`")).help("a model is an object or an enumeration, not both");
                return None;
            }
            (None, None) => {
                self.diags.error(path, &at, format!("model `{name}` has neither `fields` nor `enum`")).help("write `fields: {}` for an empty object");
                return None;
            }
        };
        Some(Model { name: name.to_string(), rust_name, area: area.to_string(), description: doc.description.clone(), deprecated: doc.deprecated, kind })
    }

    fn rust_name(&mut self, path: &Path, at: &str, given: Option<&str>, derived: String) -> String {
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

    fn enumeration(&mut self, path: &Path, at: &str, doc: &spec::EnumDoc) -> Option<EnumModel> {
        let base = match TypeRef::parse(&doc.base) {
            Ok(t @ (TypeRef::String | TypeRef::Int32 | TypeRef::Int64)) => t,
            _ => {
                self.diags.error(path, format!("{at}.type"), format!("enum base type `{}` is not `string`, `int32` or `int64`", doc.base));
                return None;
            }
        };
        if doc.values.is_empty() {
            self.diags.error(path, format!("{at}.values"), "an enumeration needs at least one value");
        }
        let mut values = Vec::new();
        let mut seen_values: Vec<Literal> = Vec::new();
        for (i, v) in doc.values.iter().enumerate() {
            let vat = format!("{at}.values.{i}");
            let Some(value) = self.literal_for(path, &format!("{vat}.value"), &v.value, &base) else { continue };
            if seen_values.contains(&value) {
                self.diags.error(path, format!("{vat}.value"), format!("value {value} appears twice"));
            }
            seen_values.push(value.clone());
            let rust_name = naming::camel_ident(&v.name);
            if !naming::has_ident_chars(&v.name) {
                self.diags
                    .warning(path, format!("{vat}.name"), format!("enum value name `{}` has no ASCII letters or digits: the variant is named `{rust_name}`", v.name))
                    .help("write an ASCII `name` (the value itself may be any text)");
            }
            if rust_name == "Unknown" {
                self.diags
                    .error(path, format!("{vat}.name"), "`Unknown` is reserved for values the spec does not list")
                    .help("name this value differently");
            }
            values.push(EnumValue { value, rust_name, description: v.description.clone() });
        }
        for (a, b, ident) in naming::collisions(values.iter().zip(&doc.values).map(|(v, d)| (d.name.as_str(), v.rust_name.clone()))) {
            let i = doc.values.iter().rposition(|v| v.name == b).unwrap_or(0);
            self.diags.error(path, format!("{at}.values.{i}.name"), format!("enum values `{a}` and `{b}` both become the variant `{ident}`")).help("rename one of them");
        }
        Some(EnumModel { base, values })
    }

    fn fields(&mut self, path: &Path, at: &str, docs: &indexmap::IndexMap<String, FieldDoc>, sites: &BTreeSet<String>) -> Vec<Field> {
        let fields: Vec<Field> = docs.iter().filter_map(|(wire, doc)| self.field(path, &format!("{at}.{}", seg(wire)), wire, doc, sites)).collect();
        self.check_field_collisions(path, at, &fields);
        fields
    }

    fn check_field_collisions(&mut self, path: &Path, at: &str, fields: &[Field]) {
        for (a, b, ident) in naming::collisions(fields.iter().map(|f| (f.wire_name.as_str(), f.rust_name.clone()))) {
            self.diags
                .error(path, format!("{at}.{}", seg(b)), format!("`{a}` and `{b}` both become the Rust name `{ident}`"))
                .help(format!("give `{b}` a different `rust_name`"));
        }
    }

    fn field(&mut self, path: &Path, at: &str, wire: &str, doc: &FieldDoc, sites: &BTreeSet<String>) -> Option<Field> {
        if wire.is_empty() {
            self.diags.error(path, at, "a field has an empty wire name");
            return None;
        }
        let ty = match TypeRef::parse(&doc.ty) {
            Ok(t) => t,
            Err(e) => {
                self.diags.error(path, format!("{at}.type"), e);
                return None;
            }
        };
        if nested_decimal(&ty) {
            self.diags
                .error(path, format!("{at}.type"), format!("`{ty}`: decimals are supported as `decimal` and `list<decimal>` only"))
                .help("exact JSON numbers inside maps or nested lists are not supported yet; use `json` or restructure");
        }
        let rust_name = self.rust_name(path, at, doc.rust_name.as_deref(), naming::snake_ident(wire));
        if doc.rust_name.is_none() && !naming::has_ident_chars(wire) {
            self.diags
                .warning(path, at, format!("wire name `{wire}` has no ASCII letters or digits: the Rust name is `{rust_name}`"))
                .help("give it a `rust_name`");
        }
        let field_sites = doc.sites.as_ref().map(|list| {
            self.check_site_list(path, &format!("{at}.sites"), list, sites.iter());
            list.iter().cloned().collect::<BTreeSet<_>>()
        });
        let constraints = self.constraints(path, at, doc, &ty);
        Some(Field {
            wire_name: wire.to_string(),
            rust_name,
            ty,
            required: doc.required,
            description: doc.description.clone(),
            deprecated: doc.deprecated,
            sites: field_sites,
            constraints,
            from_credentials: doc.from_credentials.clone(),
            boxed: false,
        })
    }

    fn constraints(&mut self, path: &Path, at: &str, doc: &FieldDoc, ty: &TypeRef) -> Constraints {
        let is_string = matches!(ty, TypeRef::String);
        let is_list = matches!(ty, TypeRef::List(_));
        // Constraints on a list apply to each item when they are about values.
        let item_ty = match ty {
            TypeRef::List(inner) => inner.as_ref(),
            other => other,
        };
        let mut c = Constraints {
            max_length: doc.max_length,
            min_length: doc.min_length,
            max_items: doc.max_items,
            min_items: doc.min_items,
            format: doc.format.clone(),
            ..Constraints::default()
        };
        if (doc.max_length.is_some() || doc.min_length.is_some()) && !matches!(item_ty, TypeRef::String) {
            self.diags.error(path, format!("{at}.max_length"), format!("length limits apply to strings, not `{ty}`"));
        }
        if (doc.max_items.is_some() || doc.min_items.is_some()) && !is_list {
            self.diags.error(path, format!("{at}.max_items"), format!("item limits apply to lists, not `{ty}`"));
        }
        if (doc.minimum.is_some() || doc.maximum.is_some()) && !item_ty.is_numeric() {
            self.diags.error(path, format!("{at}.minimum"), format!("numeric ranges apply to numbers, not `{ty}`"));
        } else {
            c.minimum = doc.minimum.as_ref().and_then(|v| self.literal_for(path, &format!("{at}.minimum"), v, item_ty));
            c.maximum = doc.maximum.as_ref().and_then(|v| self.literal_for(path, &format!("{at}.maximum"), v, item_ty));
        }
        if let (Some(lo), Some(hi)) = (c.min_length, c.max_length) {
            if lo > hi {
                self.diags.error(path, format!("{at}.min_length"), format!("min_length {lo} is greater than max_length {hi}"));
            }
        }
        if let (Some(lo), Some(hi)) = (c.min_items, c.max_items) {
            if lo > hi {
                self.diags.error(path, format!("{at}.min_items"), format!("min_items {lo} is greater than max_items {hi}"));
            }
        }
        if let (Some(lo), Some(hi)) = (&c.minimum, &c.maximum) {
            if compare_numbers(lo, hi) == Some(std::cmp::Ordering::Greater) {
                self.diags.error(path, format!("{at}.minimum"), format!("minimum {lo} is greater than maximum {hi}"));
            }
        }
        if let Some(values) = &doc.allowed {
            // On an enum-typed field, `enum` lists the values this place accepts of the enumeration's.
            let enum_item = item_ty.model().is_some_and(|m| self.enums.contains_key(m));
            let scalar_item = enum_item || !matches!(item_ty, TypeRef::Model(_) | TypeRef::Json | TypeRef::Map(_) | TypeRef::List(_));
            if !scalar_item {
                self.diags.error(path, format!("{at}.enum"), format!("`enum` values apply to scalars, not `{ty}`"));
            } else {
                for (i, v) in values.iter().enumerate() {
                    let Some(lit) = self.literal_for(path, &format!("{at}.enum.{i}"), v, item_ty) else { continue };
                    if c.allowed.contains(&lit) {
                        self.diags.error(path, format!("{at}.enum.{i}"), format!("{lit} appears twice in `enum`")).help("remove the repeated value");
                    } else {
                        c.allowed.push(lit);
                    }
                }
                if values.is_empty() {
                    self.diags.error(path, format!("{at}.enum"), "`enum` lists no values").help("list the allowed values, or remove `enum`");
                }
            }
        }
        if let Some(d) = &doc.default {
            let default_ty = if is_list { item_ty } else { ty };
            if let Some(lit) = self.literal_for(path, &format!("{at}.default"), d, default_ty) {
                self.check_default(path, at, &lit, &c);
                c.default = Some(lit);
            }
        }
        if let Some(f) = &c.format {
            if !is_string && !matches!(item_ty, TypeRef::String) {
                self.diags.error(path, format!("{at}.format"), format!("`format` applies to strings, not `{ty}`"));
            }
            if f.trim().is_empty() {
                self.diags.error(path, format!("{at}.format"), "`format` is empty");
            }
        }
        c
    }

    fn check_default(&mut self, path: &Path, at: &str, default: &Literal, c: &Constraints) {
        if !c.allowed.is_empty() && !c.allowed.contains(default) {
            self.diags.error(path, format!("{at}.default"), format!("default {default} is not one of the `enum` values"));
        }
        let below = c.minimum.as_ref().is_some_and(|lo| compare_numbers(default, lo) == Some(std::cmp::Ordering::Less));
        let above = c.maximum.as_ref().is_some_and(|hi| compare_numbers(default, hi) == Some(std::cmp::Ordering::Greater));
        if below || above {
            self.diags.error(path, format!("{at}.default"), format!("default {default} is outside the allowed range"));
        }
        if let Literal::Str(s) = default {
            let len = s.chars().count() as u64;
            if c.max_length.is_some_and(|m| len > m) || c.min_length.is_some_and(|m| len < m) {
                self.diags.error(path, format!("{at}.default"), format!("default {default} breaks the length limits"));
            }
        }
    }

    /// Converts a YAML scalar to a literal of the given type, or records why it does not fit.
    fn literal_for(&mut self, path: &Path, at: &str, value: &Scalar, ty: &TypeRef) -> Option<Literal> {
        let base = ty.model().and_then(|m| self.enums.get(m)).map_or(ty, |(base, _)| base);
        let text = self.texts.get(path).copied().unwrap_or("");
        let exact = match as_written(text, at, value, base) {
            Ok(exact) => exact,
            Err(problem) => {
                self.diags.error(path, at, problem).help("write the value in quotes (`\"99999999999999999.99\"`, `\"0x1F\"`) so that it is read as written");
                return None;
            }
        };
        if let (Scalar::Str(written), false) = (&exact, matches!(value, Scalar::Str(_))) {
            if *written != shown_scalar(value) {
                self.diags
                    .warning(path, at, format!("YAML reads `{written}` as {}; it is kept as the text `{written}`", shown_scalar(value)))
                    .help(format!("write it in quotes (`\"{written}\"`) to say so"));
            }
        }
        let value = &exact;
        if let Some((base, values)) = ty.model().and_then(|m| self.enums.get(m)) {
            // A default of an enum-typed field is written as the value on the wire.
            let lit = scalar_literal(value, base).filter(|l| values.contains(l));
            if lit.is_none() {
                let listed: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
                self.diags
                    .error(path, at, format!("{} is not a value of the enumeration `{ty}`", shown_scalar(value)))
                    .help(format!("write one of its values: {}", listed.join(", ")));
            }
            return lit;
        }
        let lit = match scalar_literal(value, ty) {
            Some(lit) => lit,
            None => {
                let d = self.diags.error(path, at, format!("{} is not a valid `{ty}` value", shown_scalar(value)));
                match ty {
                    TypeRef::Int32 => d.help("an int32 is a whole number from -2147483648 to 2147483647"),
                    TypeRef::Int64 => d.help("an int64 is a whole number"),
                    TypeRef::Decimal => d.help("a decimal is written like `12.5` or `\"0.01\"`, with at most 28 digits"),
                    TypeRef::Bool => d.help("write `true` or `false`"),
                    TypeRef::Model(_) | TypeRef::Json | TypeRef::Map(_) | TypeRef::List(_) => d.help("constraints apply to strings, numbers and booleans; defaults also to enumerations"),
                    TypeRef::String => d,
                };
                return None;
            }
        };
        Some(lit)
    }

    /// Every entry of a `sites:` list must be a known site, once.
    fn check_site_list<'a>(&mut self, path: &Path, at: &str, list: &[String], known: impl Iterator<Item = &'a String>) {
        let known: Vec<&String> = known.collect();
        for (i, site) in list.iter().enumerate() {
            let at = format!("{at}.{i}");
            if !known.contains(&site) {
                let d = self.diags.error(path, &at, format!("unknown site `{site}`"));
                match did_you_mean(site, known.iter().map(|s| s.as_str())) {
                    Some(s) => d.help(format!("did you mean `{s}`? sites are: {}", known.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", "))),
                    None => d.help(format!("sites are: {}", known.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", "))),
                };
            } else if list[..i].contains(site) {
                self.diags.error(path, &at, format!("site `{site}` is listed twice")).help("remove the repeated entry");
            }
        }
    }

    /// Setters of a call builder (optional parameters and an optional body) must be distinct.
    fn check_setters(&mut self, path: &Path, at: &str, params: &[(&str, &Field)], optional_body: bool) {
        let mut setters: Vec<(String, String)> = params
            .iter()
            .filter(|(_, f)| !f.required)
            .map(|(section, f)| (format!("{section}.{}", seg(&f.wire_name)), naming::setter_name(&f.rust_name)))
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

    fn check_model_names(&mut self, models: &BTreeMap<String, Model>) {
        for (a, b, ident) in naming::collisions(models.values().map(|m| (m.name.as_str(), m.rust_name.clone()))) {
            let file = self.model_files.get(b).cloned().unwrap_or_default();
            self.diags
                .error(&file, format!("models.{}", seg(b)), format!("models `{a}` and `{b}` both become the Rust type `{ident}`"))
                .help(format!("give `{b}` a `rust_name`"));
        }
    }

    /// Models that require each other through required fields (no list, map or optional field
    /// in the loop) have no finite value: neither a response nor a request could ever be built.
    fn check_required_cycles(&mut self, models: &BTreeMap<String, Model>) {
        let edges: BTreeMap<&str, Vec<(&str, &str)>> = models
            .iter()
            .map(|(name, m)| {
                let targets = match &m.kind {
                    ModelKind::Object(fields) => fields
                        .iter()
                        .filter_map(|f| match &f.ty {
                            TypeRef::Model(t) if f.required => Some((t.as_str(), f.wire_name.as_str())),
                            _ => None,
                        })
                        .collect(),
                    ModelKind::Enum(_) => Vec::new(),
                };
                (name.as_str(), targets)
            })
            .collect();
        let reaches = |from: &str, to: &str| {
            let mut stack = vec![from];
            let mut seen = BTreeSet::new();
            while let Some(n) = stack.pop() {
                if n == to {
                    return true;
                }
                if seen.insert(n) {
                    stack.extend(edges.get(n).into_iter().flatten().map(|(t, _)| *t));
                }
            }
            false
        };
        let mut reported: BTreeSet<&str> = BTreeSet::new();
        for (&name, targets) in &edges {
            if reported.contains(name) {
                continue;
            }
            let Some(&(_, field)) = targets.iter().find(|(t, _)| reaches(t, name)) else { continue };
            let members: Vec<&str> = edges.keys().copied().filter(|m| reaches(name, m) && reaches(m, name)).collect();
            reported.extend(members.iter().copied());
            let file = self.model_files.get(name).cloned().unwrap_or_default();
            let loop_text = if members.len() == 1 {
                format!("model `{name}` requires itself")
            } else {
                format!("models {} require each other", members.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", "))
            };
            self.diags
                .error(&file, format!("models.{}.fields.{}", seg(name), seg(field)), format!("{loop_text} through required fields: no finite value exists"))
                .help("make one field of the loop optional (drop `required: true`) or a list");
        }
    }

    fn check_references(&mut self, models: &BTreeMap<String, Model>) {
        let names: Vec<&str> = models.keys().map(String::as_str).collect();
        let mut problems = Vec::new();
        for model in models.values() {
            if let ModelKind::Object(fields) = &model.kind {
                for f in fields {
                    if let Some(target) = f.ty.model() {
                        if !models.contains_key(target) {
                            problems.push((model.name.clone(), f.wire_name.clone(), target.to_string()));
                        }
                    }
                }
            }
        }
        for (model, field, target) in problems {
            let file = self.model_files.get(&model).cloned().unwrap_or_default();
            let d = self.diags.error(&file, format!("models.{}.fields.{}.type", seg(&model), seg(&field)), format!("unknown type `{target}`"));
            if let Some(s) = did_you_mean(&target, names.iter().copied()) {
                d.help(format!("did you mean `{s}`?"));
            }
        }
    }

    fn operation(&mut self, path: &Path, area: &str, name: &str, doc: &spec::OperationDoc, ctx: &OpContext) -> Option<Operation> {
        let at = format!("operations.{}", seg(name));
        let method = doc.method.to_ascii_uppercase();
        if !HTTP_METHODS.contains(&method.as_str()) {
            self.diags.error(path, format!("{at}.method"), format!("`{}` is not an HTTP method", doc.method)).help(format!("use one of {}", HTTP_METHODS.join(", ")));
        }
        if !doc.path.starts_with('/') {
            self.diags.error(path, format!("{at}.path"), format!("path `{}` does not start with `/`", doc.path));
        }
        if let Some(c) = doc.path.chars().find(|c| c.is_whitespace() || c.is_control() || matches!(c, '?' | '#' | '"' | '\\')) {
            self.diags
                .error(path, format!("{at}.path"), format!("path `{}` contains {c:?}", doc.path.escape_debug()))
                .help("a path template holds the URL path only: no spaces, quotes, backslashes, `?query` or `#fragment` (query parameters go in `query`)");
        } else if let Some(segment) = doc.path.split('/').skip(1).find(|s| matches!(*s, "." | "..")).or_else(|| doc.path.trim_end_matches('/').split('/').skip(1).find(|s| s.is_empty())) {
            let what = if segment.is_empty() { "an empty segment (`//`)".to_string() } else { format!("a `{segment}` segment") };
            self.diags
                .error(path, format!("{at}.path"), format!("path `{}` has {what}", doc.path.escape_debug()))
                .help("clients and proxies normalise `.`, `..` and empty segments away, so the signed path would not be the one sent: write the resolved path");
        }
        let method_name = naming::snake_ident(name);
        if naming::camel_ident(name) != name {
            self.diags.error(path, &at, format!("operation name `{name}` is not UpperCamelCase")).help(format!("use `{}`", naming::camel_ident(name)));
        } else if naming::CLIENT_METHODS.contains(&method_name.as_str()) {
            self.diags
                .error(path, &at, format!("operation `{name}` becomes the method `{method_name}`, which the client type already has"))
                .help(format!("the client's own methods are {}: rename the operation", naming::CLIENT_METHODS.join(", ")));
        }
        let sites = doc.sites.as_ref().map(|list| {
            self.check_site_list(path, &format!("{at}.sites"), list, ctx.site_ids.iter());
            list.iter().cloned().collect::<BTreeSet<_>>()
        });
        let caller = match doc.caller.as_deref() {
            None | Some("unknown") => Caller::Unknown,
            Some("customer") => Caller::Customer,
            Some("partner") => Caller::Partner,
            Some("either") => Caller::Either,
            Some("enterprise_master") => Caller::EnterpriseMaster,
            Some(other) => {
                self.diags.error(path, format!("{at}.caller"), format!("unknown caller `{other}`")).help("use customer, partner, enterprise_master, either or unknown");
                Caller::Unknown
            }
        };

        let mut path_params = self.fields(path, &format!("{at}.path_params"), &doc.path_params, ctx.site_ids);
        let query = self.fields(path, &format!("{at}.query"), &doc.query, ctx.site_ids);
        let headers = self.fields(path, &format!("{at}.headers"), &doc.headers, ctx.site_ids);
        self.check_placeholders(path, &at, &doc.path, &mut path_params);
        for (section, params) in [("query", &query), ("headers", &headers)] {
            for p in params {
                if p.from_credentials.is_some() {
                    self.diags.error(path, format!("{at}.{section}.{}.from_credentials", seg(&p.wire_name)), "`from_credentials` applies to path parameters only");
                }
                self.check_param_type(path, &format!("{at}.{section}.{}", seg(&p.wire_name)), &p.ty, ctx.models, section == "query");
            }
        }
        let mut header_names: HashMap<String, &str> = HashMap::new();
        for h in &headers {
            let at_h = format!("{at}.headers.{}", seg(&h.wire_name));
            if !is_header_name(&h.wire_name) {
                self.diags
                    .error(path, &at_h, format!("`{}` is not a valid HTTP header name", h.wire_name.escape_debug()))
                    .help("header names are ASCII letters, digits and `-` (also ``!#$%&'*+.^_`|~``), e.g. `X-Language`");
                continue;
            }
            let lower = h.wire_name.to_ascii_lowercase();
            if RUNTIME_HEADERS.contains(&lower.as_str()) {
                self.diags
                    .error(path, &at_h, format!("header `{}` is set by the runtime", h.wire_name))
                    .help(format!("the runtime owns these headers (signing, credentials, framing): {}", RUNTIME_HEADERS.join(", ")));
            } else if let Some(first) = header_names.get(&lower) {
                self.diags
                    .error(path, &at_h, format!("header `{}` is the same header as `{first}` (header names ignore case)", h.wire_name))
                    .help("keep one of them");
            } else {
                header_names.insert(lower, &h.wire_name);
            }
        }
        for p in &path_params {
            self.check_param_type(path, &format!("{at}.path_params.{}", seg(&p.wire_name)), &p.ty, ctx.models, false);
            if p.from_credentials.is_some() && p.ty != TypeRef::String {
                self.diags
                    .error(path, format!("{at}.path_params.{}.type", seg(&p.wire_name)), format!("a parameter filled `from_credentials` is a string, not `{}`", p.ty))
                    .help("write `type: string`");
            }
        }

        let body = doc.body.as_ref().and_then(|model| {
            if matches!(method.as_str(), "GET" | "HEAD") {
                self.diags.error(path, format!("{at}.body"), format!("a {method} request cannot have a body")).help("move the values to `query`, or change the method");
            }
            self.check_object_model(path, &format!("{at}.body"), model, ctx.models)?;
            Some(Body { model: model.clone(), rust_name: "body".into(), required: doc.body_required })
        });
        if doc.body.is_none() && doc.body_required {
            self.diags.error(path, format!("{at}.body_required"), "`body_required` without a `body`");
        }
        let response = doc.response.as_ref().and_then(|model| {
            self.check_model_exists(path, &format!("{at}.response"), model, ctx.models)?;
            Some(model.clone())
        });

        let mut all_params: Vec<Field> = path_params.iter().filter(|p| p.from_credentials.is_none()).cloned().collect();
        all_params.extend(query.iter().cloned());
        all_params.extend(headers.iter().cloned());
        if let Some(b) = &body {
            all_params.push(Field { wire_name: "body".into(), rust_name: b.rust_name.clone(), ..param_stub() });
        }
        self.check_field_collisions(path, &at, &all_params);
        let settable: Vec<(&str, &Field)> = path_params
            .iter()
            .filter(|p| p.from_credentials.is_none())
            .map(|p| ("path_params", p))
            .chain(query.iter().map(|p| ("query", p)))
            .chain(headers.iter().map(|p| ("headers", p)))
            .collect();
        self.check_setters(path, &at, &settable, body.as_ref().is_some_and(|b| !b.required));

        let errors = doc
            .errors
            .iter()
            .enumerate()
            .filter_map(|(i, e)| {
                let (code, status, description_zh, message) = match e {
                    spec::OperationErrorDoc::Code(c) => (c.clone(), None, None, None),
                    spec::OperationErrorDoc::Detailed(d) => (
                        d.code.clone(),
                        d.status.as_ref().and_then(|s| match s {
                            Known::Value(v) => Some(*v),
                            Known::Unknown(_) => None,
                        }),
                        d.description_zh.clone(),
                        d.message.clone(),
                    ),
                };
                if doc.errors[..i].iter().any(|e| error_code_of(e) == code) {
                    self.diags.error(path, format!("{at}.errors.{i}"), format!("error code `{code}` is listed twice")).help("remove the repeated entry");
                    return None;
                }
                if !ctx.error_codes.contains(code.as_str()) {
                    let d = self.diags.error(path, format!("{at}.errors.{i}"), format!("error code `{code}` is not in the error catalog"));
                    match did_you_mean(&code, ctx.error_codes.iter().copied()) {
                        Some(s) => d.help(format!("did you mean `{s}`? otherwise add it to errors.yaml")),
                        None => d.help("add it to errors.yaml"),
                    };
                    return None;
                }
                Some(OperationError { code, status, description_zh, message })
            })
            .collect();

        let deprecated = doc.deprecated.as_ref().and_then(|d| match d {
            spec::DeprecatedDoc::Flag(false) => None,
            spec::DeprecatedDoc::Flag(true) => Some(Deprecation { successor: None, note: None }),
            spec::DeprecatedDoc::Detailed(d) => {
                if let Some(s) = &d.successor {
                    if !ctx.op_names.contains(s) {
                        let diag = self.diags.error(path, format!("{at}.deprecated.successor"), format!("successor `{s}` is not an operation of the spec"));
                        if let Some(m) = did_you_mean(s, ctx.op_names.iter().map(String::as_str).filter(|n| *n != name)) {
                            diag.help(format!("did you mean `{m}`?"));
                        }
                    } else if s == name {
                        self.diags.error(path, format!("{at}.deprecated.successor"), "an operation cannot be its own successor");
                    }
                }
                Some(Deprecation { successor: d.successor.clone(), note: d.note.clone() })
            }
        });

        let idempotent = doc.retry_safe.unwrap_or(matches!(method.as_str(), "GET" | "HEAD" | "PUT" | "DELETE"));
        let pagination = doc.pagination.as_ref().and_then(|p| self.pagination(path, &at, p, &query, response.as_deref(), ctx.models));
        Some(Operation {
            idempotent,
            pagination,
            name: name.to_string(),
            method_name,
            request_type: naming::request_type_name(name),
            area: area.to_string(),
            summary: doc.summary.clone(),
            description: doc.description.clone(),
            http_method: method,
            path: doc.path.clone(),
            sites,
            caller,
            path_params,
            query,
            headers,
            body,
            response,
            errors,
            deprecated,
        })
    }

    fn pagination(
        &mut self,
        path: &Path,
        at: &str,
        doc: &spec::PaginationDoc,
        query: &[Field],
        response: Option<&str>,
        models: &BTreeMap<String, Model>,
    ) -> Option<Pagination> {
        let at = format!("{at}.pagination");
        let page_number = match doc.style.as_str() {
            "record_offset" => false,
            "page_number" => true,
            other => {
                self.diags.error(path, format!("{at}.style"), format!("unknown pagination style `{other}`")).help("use `record_offset` (from 0) or `page_number` (from 1)");
                return None;
            }
        };
        let mut query_param = |name: &str, key: &str| {
            let found = query.iter().find(|f| f.wire_name == name && f.ty.is_integer()).cloned();
            match &found {
                None => {
                    self.diags.error(path, format!("{at}.{key}"), format!("`{name}` is not an integer query parameter of the operation"));
                }
                Some(f) if f.required => {
                    self.diags
                        .error(path, format!("{at}.{key}"), format!("the {key} parameter `{name}` is required; paging sets it itself"))
                        .help(format!("remove `required: true` from query parameter `{name}`"));
                }
                Some(f) if f.sites.is_some() => {
                    self.diags
                        .error(path, format!("{at}.{key}"), format!("the {key} parameter `{name}` exists only on some sites"))
                        .help("paging needs it in every variant of the operation: remove its `sites`");
                }
                Some(_) => {}
            }
            found
        };
        let offset = query_param(&doc.offset, "offset");
        let limit = match &doc.limit {
            Some(l) => Some(query_param(l, "limit")?),
            None => None,
        };
        let Some(fields) = response.and_then(|r| match &models.get(r)?.kind {
            ModelKind::Object(fields) => Some(fields.clone()),
            ModelKind::Enum(_) => None,
        }) else {
            self.diags.error(path, &at, "pagination needs an object `response`");
            return None;
        };
        let items = fields.iter().find(|f| f.wire_name == doc.items && matches!(f.ty, TypeRef::List(_))).cloned();
        if items.is_none() {
            self.diags.error(path, format!("{at}.items"), format!("`{}` is not a list field of the response", doc.items));
        }
        let total = match &doc.total {
            Some(t) => {
                let found = fields.iter().find(|f| &f.wire_name == t && f.ty.is_integer()).cloned();
                if found.is_none() {
                    self.diags.error(path, format!("{at}.total"), format!("`{t}` is not an integer field of the response"));
                }
                Some(found?)
            }
            None => None,
        };
        for (key, f) in [("items", items.as_ref()), ("total", total.as_ref())] {
            if let Some(f) = f.filter(|f| f.sites.is_some()) {
                self.diags
                    .error(path, format!("{at}.{key}"), format!("the response field `{}` exists only on some sites", f.wire_name))
                    .help("paging needs it in every variant of the operation: remove its `sites`");
            }
        }
        Some(Pagination { page_number, offset: offset?, limit, items: items?, total })
    }

    fn check_placeholders(&mut self, path: &Path, at: &str, template: &str, params: &mut [Field]) {
        let placeholders = match placeholders(template) {
            Ok(p) => p,
            Err(e) => {
                self.diags.error(path, format!("{at}.path"), e);
                return;
            }
        };
        for p in &placeholders {
            if !params.iter().any(|f| &f.wire_name == p) {
                self.diags
                    .error(path, format!("{at}.path"), format!("placeholder `{{{p}}}` has no path parameter"))
                    .help(format!("add `path_params: {{ {p}: {{ type: string }} }}`"));
            }
        }
        for f in params.iter() {
            if !placeholders.contains(&f.wire_name) {
                self.diags.error(path, format!("{at}.path_params.{}", seg(&f.wire_name)), format!("path parameter `{}` has no `{{{}}}` in the path", f.wire_name, f.wire_name));
            }
            if let Some(source) = &f.from_credentials {
                if source != "domain_id" {
                    self.diags.error(path, format!("{at}.path_params.{}.from_credentials", seg(&f.wire_name)), format!("credentials have no `{source}`")).help("the only credential value is `domain_id`");
                }
            }
        }
        // Path parameters are always required; keep them in template order.
        for f in params.iter_mut() {
            f.required = true;
        }
        params.sort_by_key(|f| placeholders.iter().position(|p| p == &f.wire_name));
    }

    fn check_param_type(&mut self, path: &Path, at: &str, ty: &TypeRef, models: &BTreeMap<String, Model>, allow_list: bool) {
        let scalar_ok = |t: &TypeRef| match t {
            TypeRef::String | TypeRef::Int32 | TypeRef::Int64 | TypeRef::Bool | TypeRef::Decimal => true,
            TypeRef::Model(m) => matches!(models.get(m), Some(Model { kind: ModelKind::Enum(_), .. })),
            _ => false,
        };
        let ok = match ty {
            TypeRef::List(inner) if allow_list => scalar_ok(inner),
            other => scalar_ok(other),
        };
        if let Some(m) = ty.model() {
            if !models.contains_key(m) {
                self.check_model_exists(path, &format!("{at}.type"), m, models);
                return;
            }
        }
        if !ok {
            let allowed = if allow_list { "a scalar, an enumeration or a list of them" } else { "a scalar or an enumeration" };
            self.diags.error(path, format!("{at}.type"), format!("a parameter of type `{ty}` cannot be sent here")).help(format!("use {allowed}"));
        }
    }

    fn check_model_exists(&mut self, path: &Path, at: &str, model: &str, models: &BTreeMap<String, Model>) -> Option<()> {
        if models.contains_key(model) {
            return Some(());
        }
        let d = self.diags.error(path, at, format!("unknown model `{model}`"));
        if let Some(s) = did_you_mean(model, models.keys().map(String::as_str)) {
            d.help(format!("did you mean `{s}`?"));
        }
        None
    }

    fn check_object_model(&mut self, path: &Path, at: &str, model: &str, models: &BTreeMap<String, Model>) -> Option<()> {
        self.check_model_exists(path, at, model, models)?;
        if matches!(models.get(model).map(|m| &m.kind), Some(ModelKind::Enum(_))) {
            self.diags.error(path, at, format!("the body `{model}` is an enumeration; a body must be an object model"));
            return None;
        }
        Some(())
    }

    /// No two operations answer the same request: the same method and path template once the
    /// placeholders' names are ignored, in files of their own or not, unless their sites never meet.
    fn check_routes(&mut self, operations: &[(PathBuf, Operation)]) {
        let mut seen: HashMap<(String, String), Vec<(&PathBuf, &Operation)>> = HashMap::new();
        for (file, op) in operations {
            let route = (op.http_method.clone(), route_shape(&op.path));
            let earlier = seen.entry(route).or_default();
            for (other_file, other) in earlier.iter() {
                let meet = match (&op.sites, &other.sites) {
                    (Some(a), Some(b)) => a.intersection(b).next().is_some(),
                    _ => true,
                };
                if meet {
                    let place = if *other_file == file { String::new() } else { format!(" in {}", other_file.display()) };
                    self.diags
                        .error(file, format!("operations.{}.path", seg(&op.name)), format!("`{} {}` is the same route as operation `{}`{place} (`{} {}`)", op.http_method, op.path, other.name, other.http_method, other.path))
                        .help("a server cannot tell two operations on one route apart: remove one, or restrict them to different `sites`");
                    break;
                }
            }
            earlier.push((file, op));
        }
    }

    fn check_operation_names(&mut self, ops: &[(PathBuf, Operation)], models: &BTreeMap<String, Model>) {
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

    fn warn_unreachable(&mut self, models: &BTreeMap<String, Model>, ops: &[(PathBuf, Operation)]) {
        let reached = reachable(models, ops.iter().map(|(_, o)| o));
        for name in models.keys().filter(|n| !reached.contains(*n)) {
            let file = self.model_files.get(name).cloned().unwrap_or_default();
            self.diags
                .warning(&file, format!("models.{}", seg(name)), format!("model `{name}` is not used by any operation"))
                .help("it is still generated; remove it if it is not part of the API");
        }
    }
}

/// The `{name}` placeholders of a path template, in order.
pub fn placeholders(template: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let close = after.find('}').ok_or_else(|| format!("path `{template}` has an unclosed `{{`"))?;
        let name = &after[..close];
        if name.is_empty() || name.contains('{') {
            return Err(format!("path `{template}` has an empty or nested placeholder"));
        }
        if out.iter().any(|p| p == name) {
            return Err(format!("placeholder `{{{name}}}` appears twice in the path"));
        }
        out.push(name.to_string());
        rest = &after[close + 1..];
    }
    if rest.contains('}') {
        return Err(format!("path `{template}` has a `}}` without `{{`"));
    }
    Ok(out)
}

/// Marks fields that make a model contain itself without a list or map in between as boxed.
fn box_recursive_fields(models: &mut BTreeMap<String, Model>) {
    let direct: BTreeMap<String, Vec<String>> = models
        .iter()
        .map(|(name, m)| {
            let targets = match &m.kind {
                ModelKind::Object(fields) => fields.iter().filter_map(|f| match &f.ty {
                    TypeRef::Model(t) => Some(t.clone()),
                    _ => None,
                }).collect(),
                ModelKind::Enum(_) => Vec::new(),
            };
            (name.clone(), targets)
        })
        .collect();
    let reaches = |from: &str, to: &str| {
        let mut stack = vec![from.to_string()];
        let mut seen = BTreeSet::new();
        while let Some(n) = stack.pop() {
            if n == to {
                return true;
            }
            if seen.insert(n.clone()) {
                stack.extend(direct.get(&n).into_iter().flatten().cloned());
            }
        }
        false
    };
    let mut to_box = Vec::new();
    for (name, m) in models.iter() {
        if let ModelKind::Object(fields) = &m.kind {
            for (i, f) in fields.iter().enumerate() {
                if let TypeRef::Model(t) = &f.ty {
                    if reaches(t, name) {
                        to_box.push((name.clone(), i));
                    }
                }
            }
        }
    }
    for (name, i) in to_box {
        if let Some(Model { kind: ModelKind::Object(fields), .. }) = models.get_mut(&name) {
            fields[i].boxed = true;
        }
    }
}

/// Decimals deeper than `list<decimal>` (maps, nested lists) have no exact serde helper.
fn nested_decimal(ty: &TypeRef) -> bool {
    fn contains_decimal(t: &TypeRef) -> bool {
        match t {
            TypeRef::Decimal => true,
            TypeRef::List(i) | TypeRef::Map(i) => contains_decimal(i),
            _ => false,
        }
    }
    match ty {
        TypeRef::Map(inner) => contains_decimal(inner),
        TypeRef::List(inner) => !matches!(**inner, TypeRef::Decimal) && contains_decimal(inner),
        _ => false,
    }
}

fn param_stub() -> Field {
    Field {
        wire_name: String::new(),
        rust_name: String::new(),
        ty: TypeRef::Json,
        required: false,
        description: None,
        deprecated: false,
        sites: None,
        constraints: Constraints::default(),
        from_credentials: None,
        boxed: false,
    }
}

/// A YAML scalar as a literal of a scalar type, when it is one.
fn scalar_literal(value: &Scalar, ty: &TypeRef) -> Option<Literal> {
    Some(match (ty, value) {
        (TypeRef::String, Scalar::Str(s)) => Literal::Str(s.clone()),
        // YAML reads `1` and `true` as non-strings; for string fields they are the text.
        (TypeRef::String, Scalar::Int(i)) => Literal::Str(i.to_string()),
        (TypeRef::String, Scalar::Bool(b)) => Literal::Str(b.to_string()),
        (TypeRef::Int32, Scalar::Int(i)) if i32::try_from(*i).is_ok() => Literal::Int(*i),
        (TypeRef::Int64, Scalar::Int(i)) => Literal::Int(*i),
        (TypeRef::Decimal, Scalar::Int(i)) => Literal::Int(*i),
        (TypeRef::Decimal, Scalar::Float(f)) if f.is_finite() && is_decimal_text(&f.to_string()) => Literal::Number(f.to_string()),
        (TypeRef::Decimal, Scalar::Str(s)) if is_decimal_text(s) => Literal::Number(s.clone()),
        (TypeRef::Bool, Scalar::Bool(b)) => Literal::Bool(*b),
        _ => return None,
    })
}

fn shown_scalar(value: &Scalar) -> String {
    match value {
        Scalar::Str(s) => format!("{s:?}"),
        Scalar::Int(i) => i.to_string(),
        Scalar::Float(f) => f.to_string(),
        Scalar::Bool(b) => b.to_string(),
    }
}

/// Base type and values of every well-formed enumeration in the spec (the enumerations'
/// problems are reported when they are resolved).
fn enum_values(files: &[LoadedFile]) -> HashMap<String, (TypeRef, Vec<Literal>)> {
    let mut out = HashMap::new();
    for (file, name, doc) in files.iter().flat_map(|f| f.doc.models.iter().map(move |(n, d)| (f, n, d))) {
        let Some(e) = &doc.enumeration else { continue };
        let Ok(base @ (TypeRef::String | TypeRef::Int32 | TypeRef::Int64)) = TypeRef::parse(&e.base) else { continue };
        let values = e
            .values
            .iter()
            .enumerate()
            .filter_map(|(i, v)| {
                let at = format!("models.{}.enum.values.{i}.value", seg(name));
                let exact = as_written(&file.text, &at, &v.value, &base).ok()?;
                scalar_literal(&exact, &base)
            })
            .collect();
        out.entry(name.clone()).or_insert((base, values));
    }
    out
}

/// The order of two numeric literals, compared exactly (decimal text, never through a float).
fn compare_numbers(a: &Literal, b: &Literal) -> Option<std::cmp::Ordering> {
    let text = |l: &Literal| match l {
        Literal::Int(i) => Some(i.to_string()),
        Literal::Number(n) => Some(n.clone()),
        _ => None,
    };
    Some(compare_decimal_text(&text(a)?, &text(b)?))
}

/// Compares two decimal texts (`-12.50`, `3`) by value.
fn compare_decimal_text(a: &str, b: &str) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    fn parts(t: &str) -> (bool, String, String) {
        let (neg, body) = t.strip_prefix('-').map_or((false, t), |r| (true, r));
        let (int, frac) = body.split_once('.').unwrap_or((body, ""));
        let int = int.trim_start_matches('0').to_string();
        let frac = frac.trim_end_matches('0').to_string();
        let zero = int.is_empty() && frac.is_empty();
        (neg && !zero, int, frac)
    }
    let (na, ia, fa) = parts(a);
    let (nb, ib, fb) = parts(b);
    let magnitude = ia.len().cmp(&ib.len()).then_with(|| ia.cmp(&ib)).then_with(|| fa.cmp(&fb));
    match (na, nb) {
        (false, true) => Ordering::Greater,
        (true, false) => Ordering::Less,
        (false, false) => magnitude,
        (true, true) => magnitude.reverse(),
    }
}

/// The scalar at `at` as its author wrote it, where YAML's own reading loses that: a number
/// for a decimal read through a float (`99999999999999999.99`), and a number or boolean where
/// text is expected (`0x1F`, `1.0`, `True`). Other values are returned as they are.
///
/// The written text is taken from the file and checked to read back as the same YAML value;
/// when it cannot be found, a decimal that a float may have changed is an error.
fn as_written(text: &str, at: &str, value: &Scalar, ty: &TypeRef) -> Result<Scalar, String> {
    match (ty, value) {
        (TypeRef::String, Scalar::Int(_) | Scalar::Float(_) | Scalar::Bool(_)) => {
            Ok(written_token(text, at, value).map_or_else(|| value.clone(), Scalar::Str))
        }
        (TypeRef::Decimal, Scalar::Float(f)) => match written_token(text, at, value) {
            Some(token) if is_decimal_text(&token) => Ok(Scalar::Str(token)),
            // Scientific or out of range: the usual check below says what is wrong with it.
            Some(_) => Ok(value.clone()),
            // Without the written text, only a float that cannot have been rounded is safe:
            // at most 15 significant digits and below 2^53.
            None if f.abs() < 9_007_199_254_740_992.0 && significant_digits(&f.to_string()) <= 15 => Ok(value.clone()),
            None => Err(format!("the decimal {f} may not be the value written (YAML reads unquoted numbers as floats)")),
        },
        _ => Ok(value.clone()),
    }
}

fn significant_digits(text: &str) -> usize {
    let digits: String = text.chars().take_while(|c| *c != 'e' && *c != 'E').filter(char::is_ascii_digit).collect();
    digits.trim_start_matches('0').trim_end_matches('0').len().max(1)
}

/// The plain (unquoted) token written at `at`, when it can be found and reads back as `value`.
fn written_token(text: &str, at: &str, value: &Scalar) -> Option<String> {
    let (line, column) = crate::diag::locate(text, at)?;
    let line = text.lines().nth(line.checked_sub(1)?)?;
    let byte = line.char_indices().nth(column.checked_sub(1)?).map_or(line.len(), |(b, _)| b);
    let mut rest = &line[byte..];
    let last = at.rsplit('.').next().unwrap_or("");
    if !last.chars().all(|c| c.is_ascii_digit()) {
        // A key: step over it and its colon.
        rest = rest.strip_prefix(last)?.trim_start().strip_prefix(':')?;
    }
    let rest = rest.trim_start().trim_start_matches("- ").trim_start();
    let end = rest.find([',', '}', ']']).unwrap_or(rest.len());
    let end = rest[..end].find(" #").unwrap_or(end);
    let token = rest[..end].trim();
    if token.is_empty() || token.starts_with(['"', '\'', '&', '*', '!']) {
        return None;
    }
    // Only a token YAML reads as exactly this value is the one that was meant.
    let reads_as = crate::load::read_scalar(token)?;
    let same = match (&reads_as, value) {
        (Scalar::Float(a), Scalar::Float(b)) => a.to_bits() == b.to_bits(),
        (a, b) => a == b,
    };
    same.then(|| token.to_string())
}

fn is_cbc_code(code: &str) -> bool {
    code.strip_prefix("CBC.").is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()))
}

/// A YAML path segment for a key: keys with dots are bracketed (`errors.[CBC.0100]`).
fn seg(key: &str) -> String {
    if key.contains('.') || key.starts_with('[') {
        format!("[{key}]")
    } else {
        key.to_string()
    }
}

/// What makes `name` unusable as the package name of a generated crate, if anything.
fn crate_name_problem(name: &str) -> Option<&'static str> {
    if !(name.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')) {
        return Some("a crate name is ASCII letters, digits, `-` and `_`, starting with a letter");
    }
    let ident = name.replace('-', "_");
    if naming::is_keyword(&ident) {
        return Some("it is a Rust keyword");
    }
    if ["std", "core", "alloc", "proc_macro", "test", "huaweicloud_sdk_runtime"].contains(&ident.as_str()) {
        return Some("the name is taken by Rust's own crates or by the runtime the generated crate depends on");
    }
    if name.len() > 64 {
        return Some("it is longer than 64 characters");
    }
    None
}

/// A site or variant id: ASCII letters, digits, `_` and `-`, starting with a letter.
fn is_spec_id(id: &str) -> bool {
    id.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// A path template with every placeholder's name dropped: `/v2/{a}/x` and `/v2/{b}/x` are one route.
fn route_shape(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_placeholder = false;
    for c in path.trim_end_matches('/').chars() {
        match c {
            '{' => {
                in_placeholder = true;
                out.push_str("{}");
            }
            '}' => in_placeholder = false,
            _ if in_placeholder => {}
            _ => out.push(c),
        }
    }
    out
}

/// `http(s)://host…` without spaces or control characters.
fn is_endpoint(url: &str) -> bool {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
    rest.is_some_and(|r| {
        let host = r.trim_end_matches('/');
        !host.is_empty() && !host.starts_with('/') && !r.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '\\'))
    })
}

/// Headers the runtime sets on every request (signing, credentials, body framing, connection):
/// a header parameter of the same name would be overwritten or would break the signature.
const RUNTIME_HEADERS: &[&str] = &[
    "authorization",
    "connection",
    "content-length",
    "content-type",
    "host",
    "transfer-encoding",
    "user-agent",
    "x-auth-token",
    "x-domain-id",
    "x-sdk-date",
    "x-security-token",
];

/// What an http(s) endpoint has beyond `scheme://host[:port]`, in words; `None` when nothing.
fn endpoint_extra(url: &str) -> Option<&'static str> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, after) = rest.split_at(authority_end);
    if authority.contains('@') {
        return Some("user information (`user@`)");
    }
    match after.chars().next() {
        Some('?') => Some("a query"),
        Some('#') => Some("a fragment"),
        Some('/') if after.trim_end_matches('/').is_empty() => None,
        Some('/') if after.contains(['?', '#']) => Some("a path and a query"),
        Some('/') => Some("a path"),
        _ => None,
    }
}

/// An HTTP header name (RFC 9110 token).
fn is_header_name(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c))
}

/// A decimal literal the runtime's exact decimal type can hold: `-12.50`, at most 28 digits.
fn is_decimal_text(text: &str) -> bool {
    let body = text.strip_prefix('-').unwrap_or(text);
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    !int.is_empty() && digits(int) && digits(frac) && (body.contains('.') <= !frac.is_empty()) && int.trim_start_matches('0').len() + frac.len() <= 28
}

/// Why text cannot go into a Cargo.toml string (quotes, backslashes, control characters).
/// `MAJOR.MINOR.PATCH` with an optional `-pre.release`, no build metadata.
fn is_semver(v: &str) -> bool {
    let (core, pre) = match v.split_once('-') {
        Some((c, p)) => (c, Some(p)),
        None => (v, None),
    };
    let numbers: Vec<&str> = core.split('.').collect();
    let number = |n: &&str| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) && (n.len() == 1 || !n.starts_with('0'));
    numbers.len() == 3
        && numbers.iter().all(number)
        && pre.is_none_or(|p| p.split('.').all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')))
}

fn toml_text_problem(text: &str) -> Option<String> {
    if let Some(c) = text.chars().find(|c| matches!(c, '"' | '\\')) {
        return Some(format!("contains {c:?}"));
    }
    text.chars().find(|c| c.is_control()).map(|c| format!("contains the control character {c:?}"))
}

/// Why text cannot go into a Cargo.toml comment (control characters other than newline and tab).
fn control_char_problem(text: &str) -> Option<String> {
    text.chars().find(|c| c.is_control() && !matches!(c, '\n' | '\t')).map(|c| format!("contains the control character {c:?}"))
}

fn error_code_of(e: &spec::OperationErrorDoc) -> &str {
    match e {
        spec::OperationErrorDoc::Code(c) => c,
        spec::OperationErrorDoc::Detailed(d) => &d.code,
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

fn edit_distance(a: &str, b: &str) -> usize {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_found_in_order() {
        assert_eq!(placeholders("/v1.0/{domain_id}/x/{id}").unwrap(), vec!["domain_id", "id"]);
        assert!(placeholders("/a/{x").is_err());
        assert!(placeholders("/a/{x}/{x}").is_err());
        assert!(placeholders("/a/}").is_err());
    }

    #[test]
    fn suggestions_are_close_names() {
        let known = ["CustomerOrderV2", "OrderLineItem"];
        assert_eq!(did_you_mean("CustomerOrderV3", known.iter().copied()), Some("CustomerOrderV2"));
        assert_eq!(did_you_mean("Totally", known.iter().copied()), None);
    }
}
