//! Operations: the spec's `operations` in, [`Operation`]s with parameters, body, errors, deprecation and paging out (routes checked).

use super::*;
use super::names::yaml_key;

const HTTP_METHODS: &[&str] = &["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"];

impl Resolver<'_> {
    pub(super) fn operation(&mut self, path: &Path, area: &str, name: &str, doc: &spec::OperationDoc, ctx: &OpContext) -> Option<Operation> {
        let at = format!("operations.{}", yaml_key(name));
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
        let method_name = ctx.method_names[name].clone();
        if naming::camel_ident(name) != name {
            self.diags.error(path, &at, format!("operation name `{name}` is not UpperCamelCase")).help(format!("use `{}`", naming::camel_ident(name)));
        } else if naming::CLIENT_METHODS.contains(&method_name.bare.as_str()) {
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
                    self.diags.error(path, format!("{at}.{section}.{}.from_credentials", yaml_key(&p.wire_name)), "`from_credentials` applies to path parameters only");
                }
                self.check_param_type(path, &format!("{at}.{section}.{}", yaml_key(&p.wire_name)), &p.ty, ctx.models, section == "query");
            }
        }
        let mut header_names: HashMap<String, &str> = HashMap::new();
        for h in &headers {
            let at_h = format!("{at}.headers.{}", yaml_key(&h.wire_name));
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
            self.check_param_type(path, &format!("{at}.path_params.{}", yaml_key(&p.wire_name)), &p.ty, ctx.models, false);
            if p.from_credentials.is_some() && p.ty != TypeRef::String {
                self.diags
                    .error(path, format!("{at}.path_params.{}.type", yaml_key(&p.wire_name)), format!("a parameter filled `from_credentials` is a string, not `{}`", p.ty))
                    .help("write `type: string`");
            }
        }

        let body = doc.body.as_ref().and_then(|model| {
            if matches!(method.as_str(), "GET" | "HEAD") {
                self.diags.error(path, format!("{at}.body"), format!("a {method} request cannot have a body")).help("move the values to `query`, or change the method");
            }
            self.check_object_model(path, &format!("{at}.body"), model, ctx.models)?;
            let rust_name = RustName::new("body");
            let setter = (!doc.body_required).then(|| naming::setter_name(&rust_name));
            Some(Body { model: model.clone(), rust_name, required: doc.body_required, setter })
        });
        if doc.body.is_none() && doc.body_required {
            self.diags.error(path, format!("{at}.body_required"), "`body_required` without a `body`");
        }
        let response = doc.response.as_ref().and_then(|model| {
            self.check_model_exists(path, &format!("{at}.response"), model, ctx.models)?;
            Some(model.clone())
        });

        let pagination = doc.pagination.as_ref().and_then(|p| self.pagination(path, &at, p, &query, response.as_deref(), ctx.models));
        let located = |location: Location, fields: Vec<Field>| fields.into_iter().map(move |field| (location, field));
        let params: Vec<Param> = located(Location::Path, path_params)
            .chain(located(Location::Query, query))
            .chain(located(Location::Header, headers))
            .map(|(location, field)| {
                let setter = (field.from_credentials.is_none() && !field.required).then(|| naming::setter_name(&field.rust_name));
                Param { location, field, setter }
            })
            .collect();
        let request_fields = params.iter().filter(|p| p.set_by_caller()).map(|p| (p.wire_name.as_str(), &p.rust_name));
        self.check_field_collisions(path, &at, request_fields.chain(body.iter().map(|b| ("body", &b.rust_name))));
        self.check_setters(path, &at, &params, body.as_ref());
        // What is required is an argument: required parameters the caller sets, then a required body.
        let mut arguments: Vec<Argument> = params.iter().filter(|p| p.set_by_caller() && p.required).map(|p| Argument::Param(Box::new(p.clone()))).collect();
        arguments.extend(body.iter().filter(|b| b.required).cloned().map(Argument::Body));

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
                let successor = d.successor.as_ref().and_then(|s| {
                    Some(Successor { operation: s.clone(), method_name: ctx.method_names.get(s)?.clone() })
                });
                Some(Deprecation { successor, note: d.note.clone() })
            }
        });

        if doc.retry_safe.is_some() {
            self.diags
                .error(path, format!("{at}.retry_safe"), "`retry_safe` is now called `idempotent`")
                .help("did you mean `idempotent`? one name for the concept, as in the runtime's `OperationMeta::idempotent`");
        }
        let idempotent = doc.idempotent.unwrap_or(matches!(method.as_str(), "GET" | "HEAD" | "PUT" | "DELETE"));
        Some(Operation {
            idempotent,
            pagination,
            name: name.to_string(),
            method_name,
            request_type: RustName::new(naming::request_type_name(name)),
            area: area.to_string(),
            summary: doc.summary.clone(),
            description: doc.description.clone(),
            http_method: method,
            path: doc.path.clone(),
            sites,
            caller,
            params,
            body,
            arguments,
            // Decided for the whole API by `derive_facts`.
            defaultable: false,
            response,
            errors,
            deprecated,
        })
    }

    pub(super) fn pagination(
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
                        .help("paging needs it in every crate that has the operation: remove its `sites`");
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
                    .help("paging needs it in every crate that has the operation: remove its `sites`");
            }
        }
        let items = items?;
        let item = match &items.ty {
            TypeRef::List(inner) => (**inner).clone(),
            other => other.clone(),
        };
        Some(Pagination { page_number, offset: offset?, limit, items, item, total })
    }

    pub(super) fn check_placeholders(&mut self, path: &Path, at: &str, template: &str, params: &mut [Field]) {
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
                self.diags.error(path, format!("{at}.path_params.{}", yaml_key(&f.wire_name)), format!("path parameter `{}` has no `{{{}}}` in the path", f.wire_name, f.wire_name));
            }
            if let Some(source) = &f.from_credentials {
                if source != "domain_id" {
                    self.diags.error(path, format!("{at}.path_params.{}.from_credentials", yaml_key(&f.wire_name)), format!("credentials have no `{source}`")).help("the only credential value is `domain_id`");
                }
            }
        }
        // Path parameters are always required; keep them in template order.
        for f in params.iter_mut() {
            f.required = true;
        }
        params.sort_by_key(|f| placeholders.iter().position(|p| p == &f.wire_name));
    }

    pub(super) fn check_param_type(&mut self, path: &Path, at: &str, ty: &TypeRef, models: &BTreeMap<String, Model>, allow_list: bool) {
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

    pub(super) fn check_model_exists(&mut self, path: &Path, at: &str, model: &str, models: &BTreeMap<String, Model>) -> Option<()> {
        if models.contains_key(model) {
            return Some(());
        }
        let d = self.diags.error(path, at, format!("unknown model `{model}`"));
        if let Some(s) = did_you_mean(model, models.keys().map(String::as_str)) {
            d.help(format!("did you mean `{s}`?"));
        }
        None
    }

    pub(super) fn check_object_model(&mut self, path: &Path, at: &str, model: &str, models: &BTreeMap<String, Model>) -> Option<()> {
        self.check_model_exists(path, at, model, models)?;
        if matches!(models.get(model).map(|m| &m.kind), Some(ModelKind::Enum(_))) {
            self.diags.error(path, at, format!("the body `{model}` is an enumeration; a body must be an object model"));
            return None;
        }
        Some(())
    }

    /// No two operations answer the same request: the same method and path template once the
    /// placeholders' names are ignored, in files of their own or not, unless their sites never meet.
    pub(super) fn check_routes(&mut self, operations: &[(PathBuf, Operation)]) {
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
                        .error(file, format!("operations.{}.path", yaml_key(&op.name)), format!("`{} {}` is the same route as operation `{}`{place} (`{} {}`)", op.http_method, op.path, other.name, other.http_method, other.path))
                        .help("a server cannot tell two operations on one route apart: remove one, or restrict them to different `sites`");
                    break;
                }
            }
            earlier.push((file, op));
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

/// A path template with every placeholder's name dropped: `/v2/{a}/x` and `/v2/{b}/x` are one route.
pub(super) fn route_shape(path: &str) -> String {
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

/// Headers the runtime sets on every request (signing, credentials, body framing, connection):
/// a header parameter of the same name would be overwritten or would break the signature.
pub(super) const RUNTIME_HEADERS: &[&str] = &[
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

/// An HTTP header name (RFC 9110 token).
pub(super) fn is_header_name(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c))
}

pub(super) fn error_code_of(e: &spec::OperationErrorDoc) -> &str {
    match e {
        spec::OperationErrorDoc::Code(c) => c,
        spec::OperationErrorDoc::Detailed(d) => &d.code,
    }
}

