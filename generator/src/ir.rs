//! Intermediate representation: a validated, resolved spec with Rust names decided (in: `resolve`, out: `emit`).

pub use crate::types::TypeRef;
use std::collections::{BTreeMap, BTreeSet};

/// The whole API, or one variant's part of it.
#[derive(Debug, Clone)]
pub struct Api {
    /// Service facts.
    pub service: Service,
    /// Areas in file order.
    pub areas: Vec<Area>,
    /// Models by spec name (sorted, so output order never depends on file order).
    pub models: BTreeMap<String, Model>,
    /// Operations in spec order (area file order, then written order).
    pub operations: Vec<Operation>,
    /// Error codes, sorted by code.
    pub errors: Vec<ErrorCode>,
}

/// The service block.
#[derive(Debug, Clone)]
pub struct Service {
    /// Short name (`bss`).
    pub name: String,
    /// Human title.
    pub title: String,
    /// Optional longer text.
    pub description: Option<String>,
    /// Sites in spec order.
    pub sites: Vec<Site>,
    /// Generated crates.
    pub variants: Vec<Variant>,
    /// Publishing metadata; `None`: the crates are not published.
    pub package: Option<Package>,
}

/// How the generated crates are published (`service.package` of the spec).
#[derive(Debug, Clone)]
pub struct Package {
    /// `MAJOR.MINOR.PATCH[-pre]`.
    pub version: String,
    /// The official SDK version the spec was checked against.
    pub checked_against: Option<String>,
    /// Source repository URL.
    pub repository: String,
    /// crates.io keywords.
    pub keywords: Vec<String>,
    /// crates.io categories.
    pub categories: Vec<String>,
}

impl Package {
    /// The crate version: `version`, with `+sdk.<checked_against>` build metadata when known.
    pub fn crate_version(&self) -> String {
        match &self.checked_against {
            Some(v) => format!("{}+sdk.{v}", self.version),
            None => self.version.clone(),
        }
    }
}

/// A site and its endpoint.
#[derive(Debug, Clone)]
pub struct Site {
    /// Spec id (`cn`).
    pub id: String,
    /// Enum variant name (`Cn`).
    pub rust_name: String,
    /// Display name.
    pub name: String,
    /// Endpoint URL.
    pub endpoint: String,
}

/// One generated crate.
#[derive(Debug, Clone)]
pub struct Variant {
    /// Spec id (`bss`).
    pub id: String,
    /// Cargo package name.
    pub crate_name: String,
    /// Client type name.
    pub client: String,
    /// Site ids it serves.
    pub sites: Vec<String>,
}

/// An API area: a module and (later) a cargo feature.
#[derive(Debug, Clone)]
pub struct Area {
    /// snake_case name.
    pub name: String,
    /// Title.
    pub title: String,
    /// Description.
    pub description: Option<String>,
}

/// A model.
#[derive(Debug, Clone)]
pub struct Model {
    /// Spec name.
    pub name: String,
    /// Rust type name.
    pub rust_name: String,
    /// Area of the file that defines it.
    pub area: String,
    /// Description.
    pub description: Option<String>,
    /// Marked deprecated.
    pub deprecated: bool,
    /// Object or enumeration.
    pub kind: ModelKind,
}

/// What a model is.
#[derive(Debug, Clone)]
pub enum ModelKind {
    /// A JSON object.
    Object(Vec<Field>),
    /// An enumeration with a fallback for unknown values.
    Enum(EnumModel),
}

/// An enumeration.
#[derive(Debug, Clone)]
pub struct EnumModel {
    /// `string`, `int32` or `int64`.
    pub base: TypeRef,
    /// Named values.
    pub values: Vec<EnumValue>,
}

/// A named enumeration value.
#[derive(Debug, Clone)]
pub struct EnumValue {
    /// The wire value.
    pub value: Literal,
    /// Rust variant name.
    pub rust_name: String,
    /// Description.
    pub description: Option<String>,
}

/// A literal value from the spec.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    /// Text.
    Str(String),
    /// Integer.
    Int(i64),
    /// Number with a fraction (kept as written).
    Number(String),
    /// Boolean.
    Bool(bool),
}

impl std::fmt::Display for Literal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Literal::Str(s) => write!(f, "\"{s}\""),
            Literal::Int(i) => write!(f, "{i}"),
            Literal::Number(n) => f.write_str(n),
            Literal::Bool(b) => write!(f, "{b}"),
        }
    }
}

/// A model field or an operation parameter.
#[derive(Debug, Clone)]
pub struct Field {
    /// Wire name (JSON key, query key, header name, placeholder).
    pub wire_name: String,
    /// Rust field name (may be raw, `r#type`).
    pub rust_name: String,
    /// Type.
    pub ty: TypeRef,
    /// Required: `T` instead of `Option<T>`.
    pub required: bool,
    /// Description.
    pub description: Option<String>,
    /// Deprecated.
    pub deprecated: bool,
    /// Sites that have it; `None` = every site.
    pub sites: Option<BTreeSet<String>>,
    /// Documented constraints.
    pub constraints: Constraints,
    /// Path placeholder filled from the credentials (e.g. `domain_id`).
    pub from_credentials: Option<String>,
    /// Boxed to break a recursive type.
    pub boxed: bool,
}

/// Documented constraints of a field or parameter.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    /// Max length in characters.
    pub max_length: Option<u64>,
    /// Min length in characters.
    pub min_length: Option<u64>,
    /// Inclusive minimum.
    pub minimum: Option<Literal>,
    /// Inclusive maximum.
    pub maximum: Option<Literal>,
    /// Max list items.
    pub max_items: Option<u64>,
    /// Min list items.
    pub min_items: Option<u64>,
    /// Allowed literal values.
    pub allowed: Vec<Literal>,
    /// Server default.
    pub default: Option<Literal>,
    /// Text format.
    pub format: Option<String>,
}

impl Constraints {
    /// True when nothing is constrained.
    pub fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }

    /// Human-readable list, for docs: `max length 64`, `range [1, 100]`, …
    pub fn describe(&self) -> Vec<String> {
        let mut out = Vec::new();
        match (&self.minimum, &self.maximum) {
            (Some(lo), Some(hi)) => out.push(format!("range [{lo}, {hi}]")),
            (Some(lo), None) => out.push(format!("minimum {lo}")),
            (None, Some(hi)) => out.push(format!("maximum {hi}")),
            (None, None) => {}
        }
        if let Some(n) = self.min_length {
            out.push(format!("min length {n}"));
        }
        if let Some(n) = self.max_length {
            out.push(format!("max length {n}"));
        }
        if let Some(n) = self.min_items {
            out.push(format!("min items {n}"));
        }
        if let Some(n) = self.max_items {
            out.push(format!("max items {n}"));
        }
        if !self.allowed.is_empty() {
            let values: Vec<String> = self.allowed.iter().map(|v| format!("`{v}`")).collect();
            out.push(format!("one of {}", values.join(", ")));
        }
        if let Some(f) = &self.format {
            out.push(format!("format `{f}`"));
        }
        if let Some(d) = &self.default {
            out.push(format!("default `{d}`"));
        }
        out
    }
}

/// Who may call an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caller {
    /// Customer credentials only.
    Customer,
    /// Partner credentials only.
    Partner,
    /// Enterprise master account credentials only.
    EnterpriseMaster,
    /// Customer or partner credentials.
    Either,
    /// Not documented.
    Unknown,
}

impl Caller {
    /// The runtime's `Caller` variant name.
    pub fn runtime_variant(self) -> &'static str {
        match self {
            Caller::Customer => "Customer",
            Caller::Partner => "Partner",
            Caller::EnterpriseMaster => "EnterpriseMaster",
            Caller::Either => "Either",
            Caller::Unknown => "Unknown",
        }
    }

    /// Text for docs.
    pub fn describe(self) -> &'static str {
        match self {
            Caller::Customer => "customer credentials only",
            Caller::Partner => "partner credentials only",
            Caller::EnterpriseMaster => "enterprise master account credentials only",
            Caller::Either => "customer or partner credentials",
            Caller::Unknown => "not documented",
        }
    }
}

/// An operation.
#[derive(Debug, Clone)]
pub struct Operation {
    /// Spec name (`ListCustomerOrders`).
    pub name: String,
    /// Client method name.
    pub method_name: String,
    /// Request type name.
    pub request_type: String,
    /// Area.
    pub area: String,
    /// Documented title.
    pub summary: String,
    /// Description.
    pub description: Option<String>,
    /// Upper-case HTTP method.
    pub http_method: String,
    /// Path template.
    pub path: String,
    /// Sites offering it; `None` = every site.
    pub sites: Option<BTreeSet<String>>,
    /// Who may call it.
    pub caller: Caller,
    /// Path parameters in template order.
    pub path_params: Vec<Field>,
    /// Query parameters.
    pub query: Vec<Field>,
    /// Header parameters.
    pub headers: Vec<Field>,
    /// Body model.
    pub body: Option<Body>,
    /// Response model.
    pub response: Option<String>,
    /// Documented error codes.
    pub errors: Vec<OperationError>,
    /// Deprecation.
    pub deprecated: Option<Deprecation>,
    /// Sending twice equals sending once: retried even after the request may have reached the server.
    pub idempotent: bool,
    /// Offset/limit paging, when the operation pages.
    pub pagination: Option<Pagination>,
}

/// How an operation pages.
#[derive(Debug, Clone)]
pub struct Pagination {
    /// Offsets count pages (from 1) instead of records (from 0).
    pub page_number: bool,
    /// The offset query parameter.
    pub offset: Field,
    /// The page-size query parameter.
    pub limit: Option<Field>,
    /// The response's item list field.
    pub items: Field,
    /// The response's total-count field.
    pub total: Option<Field>,
}

/// A request body.
#[derive(Debug, Clone)]
pub struct Body {
    /// Model name.
    pub model: String,
    /// Rust field name in the request type.
    pub rust_name: String,
    /// Required.
    pub required: bool,
}

/// An error code an operation documents.
#[derive(Debug, Clone)]
pub struct OperationError {
    /// Code.
    pub code: String,
    /// Status for this operation.
    pub status: Option<u16>,
    /// Chinese description for this operation.
    pub description_zh: Option<String>,
    /// English message for this operation.
    pub message: Option<String>,
}

/// Deprecation of an operation.
#[derive(Debug, Clone)]
pub struct Deprecation {
    /// Successor operation.
    pub successor: Option<String>,
    /// Note.
    pub note: Option<String>,
}

impl Deprecation {
    /// The `#[deprecated(note)]` text.
    pub fn note_text(&self, successor_method: Option<&str>) -> String {
        let mut parts = Vec::new();
        if let Some(m) = successor_method {
            parts.push(format!("use `{m}` instead"));
        }
        if let Some(n) = &self.note {
            parts.push(n.clone());
        }
        if parts.is_empty() {
            "deprecated by Huawei Cloud".to_string()
        } else {
            parts.join("; ")
        }
    }
}

/// An entry of the error-code catalog.
#[derive(Debug, Clone)]
pub struct ErrorCode {
    /// `CBC.xxxx`.
    pub code: String,
    /// HTTP status, when known.
    pub status: Option<u16>,
    /// English message, when known.
    pub message: Option<String>,
    /// Chinese description.
    pub description_zh: Option<String>,
    /// English description.
    pub description_en: Option<String>,
    /// Category.
    pub category: Option<String>,
    /// Retryable.
    pub retryable: bool,
    /// The newer code that replaces this legacy code.
    pub replaced_by: Option<String>,
    /// The legacy code this code replaces (the reverse of `replaced_by`).
    pub replaces: Option<String>,
    /// Notes.
    pub notes: Option<String>,
}

impl Api {
    /// The part of the API that a variant serves: its operations, the fields of its sites, and the
    /// models those reach (plus models no operation reaches, so that nothing silently disappears).
    pub fn for_variant(&self, variant: &Variant) -> Api {
        let serves = |sites: &Option<BTreeSet<String>>| {
            sites.as_ref().is_none_or(|s| variant.sites.iter().any(|v| s.contains(v)))
        };
        let mut operations: Vec<Operation> = self.operations.iter().filter(|op| serves(&op.sites)).cloned().collect();
        for op in &mut operations {
            op.query.retain(|f| serves(&f.sites));
            op.headers.retain(|f| serves(&f.sites));
            if let Some(dep) = &mut op.deprecated {
                // A successor the variant lacks cannot be named.
                if dep.successor.as_ref().is_some_and(|s| !self.operations.iter().any(|o| &o.name == s && serves(&o.sites))) {
                    dep.successor = None;
                }
            }
        }
        let mut models: BTreeMap<String, Model> = BTreeMap::new();
        for (name, model) in &self.models {
            let mut model = model.clone();
            if let ModelKind::Object(fields) = &mut model.kind {
                fields.retain(|f| serves(&f.sites));
            }
            models.insert(name.clone(), model);
        }
        let reachable_all = reachable(&self.models, self.operations.iter());
        let reachable_here = reachable(&models, operations.iter());
        // Kept: what this variant's operations reach, the models no operation reaches, and
        // whatever those refer to (a kept model never names a dropped one).
        let mut keep: BTreeSet<String> = models
            .keys()
            .filter(|name| reachable_here.contains(*name) || !reachable_all.contains(*name))
            .cloned()
            .collect();
        let mut stack: Vec<String> = keep.iter().cloned().collect();
        while let Some(name) = stack.pop() {
            if let Some(Model { kind: ModelKind::Object(fields), .. }) = models.get(&name) {
                for target in fields.iter().filter_map(|f| f.ty.model()) {
                    if keep.insert(target.to_string()) {
                        stack.push(target.to_string());
                    }
                }
            }
        }
        models.retain(|name, _| keep.contains(name));
        let used_areas: BTreeSet<&str> =
            operations.iter().map(|o| o.area.as_str()).chain(models.values().map(|m| m.area.as_str())).collect();
        Api {
            service: self.service.clone(),
            areas: self.areas.iter().filter(|a| used_areas.contains(a.name.as_str())).cloned().collect(),
            models,
            operations,
            errors: self.errors.clone(),
        }
    }
}

impl Api {
    /// Only the operations of `areas`, and only the models they reach.
    pub fn restrict_to_areas(&self, areas: &[String]) -> Api {
        let operations: Vec<Operation> = self.operations.iter().filter(|o| areas.contains(&o.area)).cloned().collect();
        let keep = reachable(&self.models, operations.iter());
        let models: BTreeMap<String, Model> =
            self.models.iter().filter(|(n, _)| keep.contains(*n)).map(|(n, m)| (n.clone(), m.clone())).collect();
        let used: BTreeSet<&str> =
            operations.iter().map(|o| o.area.as_str()).chain(models.values().map(|m| m.area.as_str())).collect();
        Api {
            service: self.service.clone(),
            areas: self.areas.iter().filter(|a| used.contains(a.name.as_str())).cloned().collect(),
            models,
            operations,
            errors: self.errors.clone(),
        }
    }
}

/// Names of the models reachable from the given operations.
pub fn reachable<'a>(models: &BTreeMap<String, Model>, ops: impl Iterator<Item = &'a Operation>) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<String> = Vec::new();
    for op in ops {
        stack.extend(op.body.iter().map(|b| b.model.clone()));
        stack.extend(op.response.iter().cloned());
        for p in op.path_params.iter().chain(&op.query).chain(&op.headers) {
            stack.extend(p.ty.model().map(str::to_string));
        }
    }
    while let Some(name) = stack.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        if let Some(Model { kind: ModelKind::Object(fields), .. }) = models.get(&name) {
            stack.extend(fields.iter().filter_map(|f| f.ty.model().map(str::to_string)));
        }
    }
    seen
}
