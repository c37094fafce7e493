//! Intermediate representation: what `resolve` decides (every Rust name and derived fact) in,
//! what `emit` reads out; emission computes no name and no fact of its own.

pub use crate::types::TypeRef;
use std::collections::{BTreeMap, BTreeSet};

/// A Rust identifier decided by `resolve`, in both the forms generated code needs.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct RustName {
    /// As written in Rust code: `r#type` for a keyword, else the same as `bare`.
    pub ident: String,
    /// Without the `r#` prefix (`type`): for text such as doc links, prefixed names and collision checks.
    pub bare: String,
}

impl RustName {
    /// The name of an identifier as written in code (`r#type` or `limit`).
    pub fn new(ident: impl Into<String>) -> Self {
        let ident = ident.into();
        let bare = ident.strip_prefix("r#").unwrap_or(&ident).to_string();
        RustName { ident, bare }
    }

    /// Whether the identifier is raw (`r#type`).
    pub fn is_raw(&self) -> bool {
        self.ident.len() != self.bare.len()
    }
}

/// The identifier as written in code, so that `&name` is usable wherever a `&str` identifier is.
impl std::ops::Deref for RustName {
    type Target = str;
    fn deref(&self) -> &str {
        &self.ident
    }
}

impl std::fmt::Display for RustName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.ident)
    }
}

impl From<&str> for RustName {
    fn from(ident: &str) -> Self {
        RustName::new(ident)
    }
}

impl From<String> for RustName {
    fn from(ident: String) -> Self {
        RustName::new(ident)
    }
}

impl PartialEq<str> for RustName {
    fn eq(&self, other: &str) -> bool {
        self.ident == other
    }
}

impl PartialEq<&str> for RustName {
    fn eq(&self, other: &&str) -> bool {
        self.ident == *other
    }
}

impl PartialEq<String> for RustName {
    fn eq(&self, other: &String) -> bool {
        &self.ident == other
    }
}

/// The whole API, or the part of it one generated crate contains.
#[derive(Debug, Clone)]
pub struct Api {
    /// The `service` block: name, sites, generated crates, publishing.
    pub service: Service,
    /// Areas in file order (only those with models or operations, once narrowed to a crate).
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
    /// The crates generated from the spec (`service.crates`), in spec order.
    pub crates: Vec<CrateSpec>,
    /// Publishing metadata; `None`: the crates are not published.
    pub package: Option<Package>,
    /// The crate the SDK crates share when full crates are generated (`service.shared_crate`):
    /// the error-code catalog, which every SDK crate re-exports as `errors`, and the models that
    /// are the same in every SDK crate, which each re-exports in `models`. `None`: each SDK crate
    /// has all of its own. Build-script output always has all of its own.
    pub shared_crate: Option<SharedCrate>,
}

/// The crate that holds what the SDK crates of the spec share.
#[derive(Debug, Clone)]
pub struct SharedCrate {
    /// Spec id (`shared`): the output folder, next to the SDK crates' folders.
    pub id: String,
    /// Cargo package name (`huaweicloud-sdk-bss-shared`).
    pub crate_name: String,
    /// The package name as a Rust path segment (`huaweicloud_sdk_bss_shared`): how the SDK
    /// crates re-export its modules.
    pub lib_name: String,
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
    /// The variant of the generated `Site` enum (`Cn`).
    pub rust_name: RustName,
    /// Display name, for docs (`Chinese mainland`).
    pub name: String,
    /// Endpoint URL.
    pub endpoint: String,
}

/// One generated crate (an entry of `service.crates` in the spec).
#[derive(Debug, Clone)]
pub struct CrateSpec {
    /// Spec id (`bss`): the output folder, or `<id>.rs` for build scripts.
    pub id: String,
    /// Cargo package name (`huaweicloud-sdk-bss`).
    pub crate_name: String,
    /// The package name as a Rust path segment (`huaweicloud_sdk_bss`), for doc examples.
    pub lib_name: String,
    /// The client type (`BssClient`).
    pub client: RustName,
    /// Site ids it serves.
    pub sites: Vec<String>,
}

/// The former name of [`CrateSpec`].
#[deprecated(note = "renamed to `CrateSpec`: \"variant\" now means enum variants only")]
pub type Variant = CrateSpec;

/// An API area: a module under `models` and `operations`, and a cargo feature.
#[derive(Debug, Clone)]
pub struct Area {
    /// snake_case spec name (`orders`).
    pub name: String,
    /// The module of the area, under `models` and under `operations`.
    pub module: RustName,
    /// The cargo feature that turns the area's operations on.
    pub feature: String,
    /// Human title, for module docs and Cargo.toml comments.
    pub title: String,
    /// Optional longer text from the spec.
    pub description: Option<String>,
    /// Some model of the API is defined in the area's file (so `models::<area>` exists).
    pub has_models: bool,
    /// Some operation of the API is defined in the area's file (so `operations::<area>` exists).
    pub has_operations: bool,
    /// In a crate's part: the area's operations reach a model of the shared crate, so the
    /// area's feature turns on the shared crate's feature of the same name.
    pub needs_shared_models: bool,
}

/// A model: a JSON object or an enumeration of the API.
#[derive(Debug, Clone)]
pub struct Model {
    /// Spec name (`CustomerOrderV2`).
    pub name: String,
    /// The Rust type in `models` (`CustomerOrderV2`, or the spec's `rust_name`).
    pub rust_name: RustName,
    /// Area of the file that defines it.
    pub area: String,
    /// The spec's description, for the type's doc.
    pub description: Option<String>,
    /// Marked deprecated in the spec.
    pub deprecated: bool,
    /// Object or enumeration.
    pub kind: ModelKind,
    /// Derived: every required field has a `Default`, so the type derives `Default` (never enums).
    pub defaultable: bool,
    /// Derived: requests send it (as a body or parameter, or inside one), so its required texts must not be empty.
    pub sent_in_requests: bool,
    /// Derived: it has something to check (a constraint, a required text of a request model, a
    /// nested model that has), so it implements `Validate`.
    pub validated: bool,
    /// Derived: the areas whose operations reach it, i.e. the features that need it (empty when
    /// no operation reaches it: then it is always compiled).
    pub needed_by_areas: BTreeSet<String>,
    /// Derived, in a crate's part: the model is the same in every SDK crate and is defined
    /// once in the shared crate (`service.shared_crate`), which this crate re-exports.
    pub shared: bool,
}

/// What a model is.
#[derive(Debug, Clone, PartialEq)]
pub enum ModelKind {
    /// A JSON object.
    Object(Vec<Field>),
    /// An enumeration with a fallback for unknown values.
    Enum(EnumModel),
}

/// An enumeration: named wire values and a fallback for unknown ones.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumModel {
    /// `string`, `int32` or `int64`.
    pub base: TypeRef,
    /// The named values, in spec order.
    pub values: Vec<EnumValue>,
}

/// A named enumeration value.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumValue {
    /// The wire value.
    pub value: Literal,
    /// The enum variant (`Monthly`).
    pub rust_name: RustName,
    /// The spec's description, for the variant's doc.
    pub description: Option<String>,
}

/// A literal value from the spec.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    /// Text (`"monthly"`).
    Str(String),
    /// A whole number (`100`).
    Int(i64),
    /// Number with a fraction (kept as written).
    Number(String),
    /// `true` or `false`.
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
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Wire name (JSON key, query key, header name, placeholder).
    pub wire_name: String,
    /// The Rust field (may be raw, `r#type`).
    pub rust_name: RustName,
    /// The spec type.
    pub ty: TypeRef,
    /// Required: `T` instead of `Option<T>`.
    pub required: bool,
    /// The spec's description, for the field's doc.
    pub description: Option<String>,
    /// Marked deprecated in the spec.
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
    /// The value the server assumes when none is sent (documentation only).
    pub default: Option<Literal>,
    /// Text format (`date-time`, `YYYY-MM`, …); checked when the runtime knows it.
    pub format: Option<String>,
}

impl Constraints {
    /// True when no constraint is checked client-side (`default` is documentation, and so is a
    /// `format` the runtime does not know).
    pub fn is_empty_for_validation(&self) -> bool {
        self.max_length.is_none()
            && self.min_length.is_none()
            && self.minimum.is_none()
            && self.maximum.is_none()
            && self.max_items.is_none()
            && self.min_items.is_none()
            && self.allowed.is_empty()
            && self.format.as_deref().and_then(runtime_format).is_none()
    }

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

/// The runtime's `Format` variant of a spec `format`, when the runtime checks it.
pub fn runtime_format(format: &str) -> Option<&'static str> {
    match format.trim() {
        "date-time" => Some("DateTime"),
        "YYYY-MM" => Some("YearMonth"),
        "YYYY-MM-DD" => Some("Date"),
        "digits" => Some("Digits"),
        "decimal" => Some("DecimalText"),
        _ => None,
    }
}

impl Field {
    /// A required text of a request: refused when empty, unless the spec says `min_length: 0`.
    pub fn must_not_be_empty(&self) -> bool {
        self.required && self.ty == TypeRef::String && self.constraints.min_length != Some(0)
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

/// An operation: one HTTP request of the API, a request type and a client method.
#[derive(Debug, Clone)]
pub struct Operation {
    /// Spec name (`ListCustomerOrders`).
    pub name: String,
    /// The client method (`list_customer_orders`).
    pub method_name: RustName,
    /// The request type in `operations` (`ListCustomerOrdersRequest`).
    pub request_type: RustName,
    /// Area of the file that defines it.
    pub area: String,
    /// Documented title (the API reference's, Chinese for BSS).
    pub summary: String,
    /// The spec's description (English), the first line of the method's doc.
    pub description: Option<String>,
    /// Upper-case HTTP method.
    pub http_method: String,
    /// Path template with `{placeholders}` (`/v2/orders/customer-orders/{order_id}`).
    pub path: String,
    /// Sites offering it; `None` = every site.
    pub sites: Option<BTreeSet<String>>,
    /// Who may call it.
    pub caller: Caller,
    /// Parameters in the order they are written into the request: path parameters in template
    /// order, then query parameters, then headers (each in spec order).
    pub params: Vec<Param>,
    /// The JSON body.
    pub body: Option<Body>,
    /// The required inputs, in the order the request's `new` and the client method take them:
    /// required parameters the caller sets, then a required body.
    pub arguments: Vec<Argument>,
    /// The request has no required input, so its type derives `Default` (an empty request is a
    /// complete one).
    pub defaultable: bool,
    /// Response model (spec name).
    pub response: Option<String>,
    /// Documented error codes.
    pub errors: Vec<OperationError>,
    /// Whether and why the operation is deprecated; `None` when it is not.
    pub deprecated: Option<Deprecation>,
    /// Sending twice equals sending once: retried even after the request may have reached the server.
    pub idempotent: bool,
    /// Offset/limit paging, when the operation pages.
    pub pagination: Option<Pagination>,
}

/// Where a parameter goes in the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// A `{placeholder}` of the path template.
    Path,
    /// A query parameter.
    Query,
    /// A header.
    Header,
}

impl Location {
    /// The phrase for docs (`query parameter`).
    pub fn describe(self) -> &'static str {
        match self {
            Location::Path => "path parameter",
            Location::Query => "query parameter",
            Location::Header => "header",
        }
    }
}

/// A parameter of an operation: a [`Field`] (through `Deref`) and where it goes.
#[derive(Debug, Clone)]
pub struct Param {
    /// Where it goes.
    pub location: Location,
    /// Name, type, constraints.
    pub field: Field,
    /// The call builder's setter, for an optional parameter the caller sets: the field name, or
    /// `set_<name>` for raw identifiers and the builder's own method names.
    pub setter: Option<RustName>,
}

impl Param {
    /// Set by the caller (a field of the request type), not filled from the credentials.
    pub fn set_by_caller(&self) -> bool {
        self.field.from_credentials.is_none()
    }
}

impl std::ops::Deref for Param {
    type Target = Field;
    fn deref(&self) -> &Field {
        &self.field
    }
}

/// A required input: an argument of the request's `new` and of the client method.
#[derive(Debug, Clone)]
pub enum Argument {
    /// A required parameter the caller sets.
    Param(Box<Param>),
    /// The required body.
    Body(Body),
}

impl Argument {
    /// The argument's (and the request field's) name.
    pub fn rust_name(&self) -> &RustName {
        match self {
            Argument::Param(p) => &p.rust_name,
            Argument::Body(b) => &b.rust_name,
        }
    }

    /// The argument's spec type.
    pub fn ty(&self) -> TypeRef {
        match self {
            Argument::Param(p) => p.ty.clone(),
            Argument::Body(b) => TypeRef::Model(b.model.clone()),
        }
    }
}

impl Operation {
    /// The parameters at one location, in order.
    pub fn params_at(&self, location: Location) -> impl Iterator<Item = &Param> {
        self.params.iter().filter(move |p| p.location == location)
    }

    /// The parameters the caller sets (fields of the request type), in order.
    pub fn caller_params(&self) -> impl Iterator<Item = &Param> {
        self.params.iter().filter(|p| p.set_by_caller())
    }
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
    /// The type of one item of a page (the element type of `items`).
    pub item: TypeRef,
    /// The response's total-count field.
    pub total: Option<Field>,
}

/// A request body.
#[derive(Debug, Clone)]
pub struct Body {
    /// Model name (spec name of an object model).
    pub model: String,
    /// The field of the request type (`body`).
    pub rust_name: RustName,
    /// Required: an argument of the client method instead of a setter.
    pub required: bool,
    /// The call builder's setter, when the body is optional.
    pub setter: Option<RustName>,
}

/// An error code an operation documents.
#[derive(Debug, Clone)]
pub struct OperationError {
    /// The catalog code (`CBC.0100`).
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
    /// The operation to use instead, when the crate has it.
    pub successor: Option<Successor>,
    /// The spec's note.
    pub note: Option<String>,
}

/// The operation that replaces a deprecated one.
#[derive(Debug, Clone)]
pub struct Successor {
    /// Spec name.
    pub operation: String,
    /// Its client method.
    pub method_name: RustName,
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
    /// The variant of the generated `ErrorCode` enum (`Cbc0100`).
    pub rust_name: RustName,
    /// HTTP status, when known.
    pub status: Option<u16>,
    /// English message, when known.
    pub message: Option<String>,
    /// Chinese description from the API reference.
    pub description_zh: Option<String>,
    /// English description, when the reference has one.
    pub description_en: Option<String>,
    /// The broad class of the error.
    pub category: Option<ErrorCategory>,
    /// Whether retrying the same request may succeed.
    pub retryable: bool,
    /// The newer code that replaces this legacy code.
    pub replaced_by: Option<String>,
    /// The legacy code this code replaces (the reverse of `replaced_by`).
    pub replaces: Option<String>,
    /// The spec's notes, for the variant's doc.
    pub notes: Option<String>,
}

/// A category of the error catalog.
#[derive(Debug, Clone)]
pub struct ErrorCategory {
    /// Spec spelling (`invalid_parameter`).
    pub name: String,
    /// The runtime's `ErrorCategory` variant (`InvalidParameter`).
    pub rust_name: RustName,
}

impl Api {
    /// [`for_crate`](Self::for_crate), consuming the API: a crate that serves every site of the
    /// spec has all of it (only areas with neither models nor operations are left out), so the
    /// API is kept as it is instead of copied and its facts decided again (what a one-crate spec,
    /// as a build script's, generates).
    pub fn into_crate_part(mut self, krate: &CrateSpec) -> Api {
        if !self.service.sites.iter().all(|s| krate.sites.contains(&s.id)) {
            return self.for_crate(krate);
        }
        self.areas.retain(|a| a.has_models || a.has_operations);
        self
    }

    /// The part of the API that a generated crate serves: its operations, the fields of its sites,
    /// and the models those reach (plus models no operation reaches, so that nothing silently
    /// disappears); the derived facts are decided again for that part.
    pub fn for_crate(&self, krate: &CrateSpec) -> Api {
        let serves = |sites: &Option<BTreeSet<String>>| sites.as_ref().is_none_or(|s| krate.sites.iter().any(|v| s.contains(v)));
        let mut operations: Vec<Operation> = self.operations.iter().filter(|op| serves(&op.sites)).cloned().collect();
        for op in &mut operations {
            op.params.retain(|p| p.location == Location::Path || serves(&p.sites));
            op.arguments.retain(|a| match a {
                Argument::Param(p) => p.location == Location::Path || serves(&p.sites),
                Argument::Body(_) => true,
            });
            if let Some(dep) = &mut op.deprecated {
                // A successor the crate lacks cannot be named.
                if dep.successor.as_ref().is_some_and(|s| !self.operations.iter().any(|o| o.name == s.operation && serves(&o.sites))) {
                    dep.successor = None;
                }
            }
        }
        // Fields for other sites are dropped, so they reach nothing here. Only the kept models
        // are copied.
        let served_field = |f: &Field| serves(&f.sites);
        let reachable_all = reachable(&self.models, self.operations.iter());
        let reachable_here = reachable_through(&self.models, operations.iter(), true, served_field);
        // Kept: what this crate's operations reach, the models no operation reaches, and
        // whatever those refer to (a kept model never names a dropped one).
        let mut keep: BTreeSet<String> = self
            .models
            .keys()
            .filter(|name| reachable_here.contains(*name) || !reachable_all.contains(*name))
            .cloned()
            .collect();
        let mut stack: Vec<String> = keep.iter().cloned().collect();
        while let Some(name) = stack.pop() {
            if let Some(Model { kind: ModelKind::Object(fields), .. }) = self.models.get(&name) {
                for target in fields.iter().filter(|f| served_field(f)).filter_map(|f| f.ty.model()) {
                    if keep.insert(target.to_string()) {
                        stack.push(target.to_string());
                    }
                }
            }
        }
        let models: BTreeMap<String, Model> = self
            .models
            .iter()
            .filter(|(name, _)| keep.contains(*name))
            .map(|(name, model)| {
                let mut model = model.clone();
                if let ModelKind::Object(fields) = &mut model.kind {
                    fields.retain(served_field);
                }
                (name.clone(), model)
            })
            .collect();
        let used: BTreeSet<&str> = operations.iter().map(|o| o.area.as_str()).chain(models.values().map(|m| m.area.as_str())).collect();
        let areas = self.areas.iter().filter(|a| used.contains(a.name.as_str())).cloned().collect();
        let mut api = Api { service: self.service.clone(), areas, models, operations, errors: self.errors.clone() };
        crate::resolve::derive_facts(&mut api);
        api
    }

    /// The former name of [`for_crate`](Self::for_crate).
    #[deprecated(note = "renamed to `for_crate`")]
    pub fn for_variant(&self, krate: &CrateSpec) -> Api {
        self.for_crate(krate)
    }

    /// Only the operations of `areas`, and only the models they reach; the derived facts are
    /// decided again for that part.
    pub fn restrict_to_areas(&self, areas: &[String]) -> Api {
        let operations: Vec<Operation> = self.operations.iter().filter(|o| areas.contains(&o.area)).cloned().collect();
        let keep = reachable(&self.models, operations.iter());
        let models: BTreeMap<String, Model> =
            self.models.iter().filter(|(n, _)| keep.contains(*n)).map(|(n, m)| (n.clone(), m.clone())).collect();
        let used: BTreeSet<&str> = operations.iter().map(|o| o.area.as_str()).chain(models.values().map(|m| m.area.as_str())).collect();
        let areas = self.areas.iter().filter(|a| used.contains(a.name.as_str())).cloned().collect();
        let mut api = Api { service: self.service.clone(), areas, models, operations, errors: self.errors.clone() };
        crate::resolve::derive_facts(&mut api);
        api
    }
}

/// Names of the models reachable from the given operations.
pub fn reachable<'a>(models: &BTreeMap<String, Model>, ops: impl Iterator<Item = &'a Operation>) -> BTreeSet<String> {
    reachable_from(models, ops, true)
}

/// Names of the models reachable from the given operations' inputs and, with `responses`, their
/// responses.
pub fn reachable_from<'a>(models: &BTreeMap<String, Model>, ops: impl Iterator<Item = &'a Operation>, responses: bool) -> BTreeSet<String> {
    reachable_through(models, ops, responses, |_| true)
}

/// [`reachable_from`] following only the fields `follows` accepts.
fn reachable_through<'a>(
    models: &BTreeMap<String, Model>,
    ops: impl Iterator<Item = &'a Operation>,
    responses: bool,
    follows: impl Fn(&Field) -> bool,
) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<String> = Vec::new();
    for op in ops {
        stack.extend(op.body.iter().map(|b| b.model.clone()));
        if responses {
            stack.extend(op.response.iter().cloned());
        }
        for p in &op.params {
            stack.extend(p.ty.model().map(str::to_string));
        }
    }
    while let Some(name) = stack.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        if let Some(Model { kind: ModelKind::Object(fields), .. }) = models.get(&name) {
            stack.extend(fields.iter().filter(|f| follows(f)).filter_map(|f| f.ty.model().map(str::to_string)));
        }
    }
    seen
}
