//! Service, sites, generated crates and areas: the spec's `service` and `area` blocks in, [`Service`] and [`Area`]s out.

use super::*;
use super::names::yaml_key;

impl Resolver<'_> {
    pub(super) fn service(&mut self, files: &[LoadedFile]) -> Option<Service> {
        let with_service: Vec<&LoadedFile> = files.iter().filter(|f| f.doc.service.is_some()).collect();
        let Some(file) = with_service.first() else {
            let path = files.first().map(|f| f.path.clone()).unwrap_or_else(|| PathBuf::from("<spec>"));
            self.diags
                .error(&path, "service", "no file of the spec has a `service` block")
                .help("add a service.yaml with `service: { name, title, sites, crates }` (see spec/README.md)");
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
                    .error(path, format!("service.sites.{}", yaml_key(id)), format!("site id `{id}` is not a simple name"))
                    .help("use ASCII letters, digits, `_` and `-`, starting with a letter (e.g. `cn`, `intl`)");
            }
            if !is_endpoint(&site.endpoint) {
                self.diags
                    .error(path, format!("service.sites.{}.endpoint", yaml_key(id)), format!("endpoint `{}` is not an http(s) URL", site.endpoint))
                    .help("write the base URL, e.g. `https://bss.myhuaweicloud.com`");
            } else if let Some(extra) = endpoint_extra(&site.endpoint) {
                self.diags
                    .error(path, format!("service.sites.{}.endpoint", yaml_key(id)), format!("endpoint `{}` has {extra}", site.endpoint))
                    .help("an endpoint is `scheme://host[:port]` only (the runtime refuses anything more at every call): put path prefixes into the operations' paths");
            }
            sites.push(Site {
                id: id.clone(),
                rust_name: RustName::new(naming::camel_ident(id)),
                name: site.name.clone(),
                endpoint: site.endpoint.trim_end_matches('/').to_string(),
            });
        }
        if sites.is_empty() {
            self.diags.error(path, "service.sites", "the service has no sites");
        }
        for (a, b, ident) in naming::collisions(sites.iter().map(|s| (s.id.as_str(), &s.rust_name))) {
            self.diags
                .error(path, format!("service.sites.{}", yaml_key(b)), format!("sites `{a}` and `{b}` both become the Rust variant `Site::{ident}`"))
                .help("rename one of them");
        }
        let mut crate_specs = Vec::new();
        let mut crates: HashMap<&str, &str> = HashMap::new();
        if doc.variants.is_some() {
            self.diags.error(path, "service.variants", "`service.variants` is now called `service.crates`").help("rename the key to `crates`");
        }
        for (id, v) in &doc.crates {
            let at = format!("service.crates.{}", yaml_key(id));
            if !is_spec_id(id) {
                self.diags
                    .error(path, &at, format!("crate id `{id}` is not a simple name"))
                    .help("it names the output folder (and `<id>.rs` for build scripts): use ASCII letters, digits, `_` and `-`, starting with a letter");
            }
            self.check_site_list(path, &format!("{at}.sites"), &v.sites, doc.sites.keys());
            if v.sites.is_empty() {
                self.diags.error(path, format!("{at}.sites"), format!("crate `{id}` serves no site"));
            }
            if let Some(problem) = crate_name_problem(&v.crate_name) {
                self.diags
                    .error(path, format!("{at}.crate"), format!("`{}` is not a valid crate name: {problem}", v.crate_name))
                    .help("use ASCII letters, digits, `-` and `_`, starting with a letter, e.g. `huaweicloud-sdk-bss`");
            }
            if let Some(other) = crates.insert(&v.crate_name, id) {
                self.diags
                    .error(path, format!("{at}.crate"), format!("crates `{other}` and `{id}` both have the crate name `{}`", v.crate_name))
                    .help("give each its own crate name");
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
            crate_specs.push(CrateSpec {
                id: id.clone(),
                crate_name: v.crate_name.clone(),
                lib_name: v.crate_name.replace('-', "_"),
                client: RustName::new(v.client.clone()),
                sites: v.sites.clone(),
            });
        }
        if crate_specs.is_empty() && doc.variants.is_none() {
            self.diags.error(path, "service.crates", "the service has no crates: nothing would be generated");
        }
        let package = doc.package.as_ref().map(|p| self.package(path, p));
        let shared_crate = doc.shared_crate.as_ref().map(|e| self.shared_crate(path, e, &crate_specs));
        Some(Service {
            name: doc.name.clone(),
            title: doc.title.clone(),
            description: doc.description.clone(),
            sites,
            crates: crate_specs,
            package,
            shared_crate,
        })
    }

    /// `service.shared_crate`: a folder and a package of its own, beside the SDK crates'.
    fn shared_crate(&mut self, path: &Path, doc: &spec::SharedCrateDoc, crates: &[CrateSpec]) -> SharedCrate {
        if !is_spec_id(&doc.id) {
            self.diags
                .error(path, "service.shared_crate.id", format!("shared crate id `{}` is not a simple name", doc.id))
                .help("it names the output folder: use ASCII letters, digits, `_` and `-`, starting with a letter, e.g. `shared`");
        } else if crates.iter().any(|c| c.id == doc.id) {
            self.diags
                .error(path, "service.shared_crate.id", format!("`{}` is already the id of an SDK crate", doc.id))
                .help("each crate needs its own output folder: give the shared crate another id, e.g. `shared`");
        }
        if let Some(problem) = crate_name_problem(&doc.crate_name) {
            self.diags
                .error(path, "service.shared_crate.crate", format!("`{}` is not a valid crate name: {problem}", doc.crate_name))
                .help("use ASCII letters, digits, `-` and `_`, starting with a letter, e.g. `huaweicloud-sdk-bss-shared`");
        } else if let Some(other) = crates.iter().find(|c| c.lib_name == doc.crate_name.replace('-', "_")) {
            self.diags
                .error(path, "service.shared_crate.crate", format!("the SDK crate `{}` already has the crate name `{}`", other.id, other.crate_name))
                .help("give the shared crate its own name, e.g. `<sdk crate>-shared`");
        }
        SharedCrate { id: doc.id.clone(), crate_name: doc.crate_name.clone(), lib_name: doc.crate_name.replace('-', "_") }
    }

    /// `service.package`: every value goes into generated Cargo.toml files as a TOML string.
    pub(super) fn package(&mut self, path: &Path, p: &spec::PackageDoc) -> Package {
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

    pub(super) fn areas(&mut self, files: &[LoadedFile]) -> Vec<Area> {
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
                    areas.push(Area {
                        name: a.name.clone(),
                        module: RustName::new(a.name.clone()),
                        feature: a.name.clone(),
                        title: a.title.clone(),
                        description: a.description.clone(),
                        has_models: false,
                        has_operations: false,
                        needs_shared_models: false,
                    });
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

    /// Every entry of a `sites:` list must be a known site, once.
    pub(super) fn check_site_list<'a>(&mut self, path: &Path, at: &str, list: &[String], known: impl Iterator<Item = &'a String>) {
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
}

/// What makes `name` unusable as the package name of a generated crate, if anything.
pub(super) fn crate_name_problem(name: &str) -> Option<&'static str> {
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

/// A site or crate id: ASCII letters, digits, `_` and `-`, starting with a letter.
pub(super) fn is_spec_id(id: &str) -> bool {
    id.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// `http(s)://host…` without spaces or control characters.
pub(super) fn is_endpoint(url: &str) -> bool {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
    rest.is_some_and(|r| {
        let host = r.trim_end_matches('/');
        !host.is_empty() && !host.starts_with('/') && !r.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '\\'))
    })
}

/// What an http(s) endpoint has beyond `scheme://host[:port]`, in words; `None` when nothing.
pub(super) fn endpoint_extra(url: &str) -> Option<&'static str> {
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

/// `MAJOR.MINOR.PATCH` with an optional `-pre.release`, no build metadata.
pub(super) fn is_semver(v: &str) -> bool {
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

/// Why text cannot go into a Cargo.toml string (quotes, backslashes, control characters).
pub(super) fn toml_text_problem(text: &str) -> Option<String> {
    if let Some(c) = text.chars().find(|c| matches!(c, '"' | '\\')) {
        return Some(format!("contains {c:?}"));
    }
    text.chars().find(|c| c.is_control()).map(|c| format!("contains the control character {c:?}"))
}

/// Why text cannot go into a Cargo.toml comment (control characters other than newline and tab).
pub(super) fn control_char_problem(text: &str) -> Option<String> {
    text.chars().find(|c| c.is_control() && !matches!(c, '\n' | '\t')).map(|c| format!("contains the control character {c:?}"))
}
