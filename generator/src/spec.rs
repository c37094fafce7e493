//! Raw spec documents: the YAML files' shapes, exactly as written (in: YAML via `load`, out: `resolve`).
//!
//! Every struct denies unknown keys so a typo such as `requried` is an error, not a silent default.

use indexmap::IndexMap;
use serde::Deserialize;

/// One YAML file of the spec. Any of its blocks may be absent.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpecFile {
    /// The service block; exactly one file of the spec has it.
    pub service: Option<ServiceDoc>,
    /// The area this file's models and operations belong to.
    pub area: Option<AreaDoc>,
    /// The error-code catalog (or a part of it).
    #[serde(default)]
    pub errors: IndexMap<String, ErrorDoc>,
    /// Models by name.
    #[serde(default)]
    pub models: IndexMap<String, ModelDoc>,
    /// Operations by name.
    #[serde(default)]
    pub operations: IndexMap<String, OperationDoc>,
}

/// `service:`: name, sites and generated variants.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceDoc {
    pub name: String,
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    pub sites: IndexMap<String, SiteDoc>,
    pub variants: IndexMap<String, VariantDoc>,
}

/// One site (`cn`, `intl`, `eu`): a display name and its endpoint URL.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteDoc {
    pub name: String,
    pub endpoint: String,
}

/// One generated crate and the sites it serves.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VariantDoc {
    #[serde(rename = "crate")]
    pub crate_name: String,
    pub client: String,
    pub sites: Vec<String>,
}

/// `area:` of an area file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AreaDoc {
    pub name: String,
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
}

/// A value that may be explicitly `unknown`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Known<T> {
    Value(T),
    Unknown(UnknownWord),
}

/// The literal word `unknown`.
#[derive(Debug, Clone, Deserialize)]
pub enum UnknownWord {
    #[serde(rename = "unknown")]
    Unknown,
}

/// One entry of the error-code catalog.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorDoc {
    pub status: Known<u16>,
    pub message: Known<String>,
    #[serde(default)]
    pub description_zh: Option<String>,
    #[serde(default)]
    pub description_en: Option<String>,
    #[serde(default)]
    pub category: Option<String>,
    #[serde(default)]
    pub retryable: bool,
    #[serde(default)]
    pub replaced_by: Option<String>,
    #[serde(default)]
    pub notes: Option<String>,
}

/// A model: an object with fields or an enumeration.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelDoc {
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub rust_name: Option<String>,
    #[serde(default)]
    pub fields: Option<IndexMap<String, FieldDoc>>,
    #[serde(rename = "enum", default)]
    pub enumeration: Option<EnumDoc>,
    #[serde(default)]
    pub deprecated: bool,
}

/// `enum:` of an enumeration model.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnumDoc {
    #[serde(rename = "type")]
    pub base: String,
    pub values: Vec<EnumValueDoc>,
}

/// One named value of an enumeration.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnumValueDoc {
    pub value: Scalar,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
}

/// A literal in a constraint, default or enumeration.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum Scalar {
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
}

/// A model field or an operation parameter (the key is its wire name).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldDoc {
    #[serde(rename = "type")]
    pub ty: String,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub rust_name: Option<String>,
    #[serde(default)]
    pub deprecated: bool,
    #[serde(default)]
    pub sites: Option<Vec<String>>,
    #[serde(default)]
    pub from_credentials: Option<String>,
    #[serde(default)]
    pub max_length: Option<u64>,
    #[serde(default)]
    pub min_length: Option<u64>,
    #[serde(default)]
    pub minimum: Option<Scalar>,
    #[serde(default)]
    pub maximum: Option<Scalar>,
    #[serde(default)]
    pub max_items: Option<u64>,
    #[serde(default)]
    pub min_items: Option<u64>,
    #[serde(rename = "enum", default)]
    pub allowed: Option<Vec<Scalar>>,
    #[serde(default)]
    pub default: Option<Scalar>,
    #[serde(default)]
    pub format: Option<String>,
}

/// An operation.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperationDoc {
    pub summary: String,
    #[serde(default)]
    pub description: Option<String>,
    pub method: String,
    pub path: String,
    #[serde(default)]
    pub sites: Option<Vec<String>>,
    #[serde(default)]
    pub caller: Option<String>,
    #[serde(default)]
    pub path_params: IndexMap<String, FieldDoc>,
    #[serde(default)]
    pub query: IndexMap<String, FieldDoc>,
    #[serde(default)]
    pub headers: IndexMap<String, FieldDoc>,
    #[serde(default)]
    pub body: Option<String>,
    #[serde(default)]
    pub body_required: bool,
    #[serde(default)]
    pub response: Option<String>,
    #[serde(default)]
    pub errors: Vec<OperationErrorDoc>,
    #[serde(default)]
    pub deprecated: Option<DeprecatedDoc>,
    /// A non-idempotent method (POST, PATCH) that may still be retried safely (e.g. a query sent as POST).
    #[serde(default)]
    pub retry_safe: Option<bool>,
    /// How the operation pages its results, when it does.
    #[serde(default)]
    pub pagination: Option<PaginationDoc>,
}

/// `pagination:` of an operation paged by offset/limit.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaginationDoc {
    /// `record_offset` (offset counts records, from 0) or `page_number` (offset counts pages, from 1).
    pub style: String,
    /// The query parameter carrying the offset.
    pub offset: String,
    /// The query parameter carrying the page size.
    #[serde(default)]
    pub limit: Option<String>,
    /// The response field holding the page's items (a list).
    pub items: String,
    /// The response field holding the total number of records.
    #[serde(default)]
    pub total: Option<String>,
}

/// An entry of an operation's `errors`: a code, or a code with overrides.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum OperationErrorDoc {
    Code(String),
    Detailed(OperationErrorDetail),
}

/// A per-operation error entry that overrides the catalog.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperationErrorDetail {
    pub code: String,
    #[serde(default)]
    pub status: Option<Known<u16>>,
    #[serde(default)]
    pub description_zh: Option<String>,
    #[serde(default)]
    pub message: Option<String>,
}

/// `deprecated:` of an operation: `true`, or a successor and note.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum DeprecatedDoc {
    Flag(bool),
    Detailed(DeprecatedDetail),
}

/// The detailed form of `deprecated:`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeprecatedDetail {
    #[serde(default)]
    pub successor: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}
