//! Raw spec documents: the YAML files' shapes, exactly as written (in: YAML via `load`, out: `resolve`).
//!
//! Every struct denies unknown keys so a typo such as `requried` is an error, not a silent default.

use indexmap::IndexMap;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use std::fmt;

/// One YAML file of the spec. Any of its blocks may be absent.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpecFile {
    /// The service block; exactly one file of the spec has it.
    pub service: Option<ServiceDoc>,
    /// The area this file's models and operations belong to.
    pub area: Option<AreaDoc>,
    /// The error-code catalog (or a part of it).
    #[serde(default, deserialize_with = "unique_map")]
    pub errors: IndexMap<String, ErrorDoc>,
    /// Models by name.
    #[serde(default, deserialize_with = "unique_map")]
    pub models: IndexMap<String, ModelDoc>,
    /// Operations by name.
    #[serde(default, deserialize_with = "unique_map")]
    pub operations: IndexMap<String, OperationDoc>,
}

/// `service:`: name, sites and the crates to generate.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceDoc {
    pub name: String,
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(deserialize_with = "unique_map")]
    pub sites: IndexMap<String, SiteDoc>,
    #[serde(default, deserialize_with = "unique_map")]
    pub crates: IndexMap<String, CrateDoc>,
    /// The former name of `crates`, read only to refuse it with a hint.
    #[serde(default)]
    pub variants: Option<serde::de::IgnoredAny>,
    /// Publishing metadata of the generated crates; without it they are `publish = false`.
    #[serde(default)]
    pub package: Option<PackageDoc>,
    /// The crate the SDK crates share: the error-code catalog and the models identical in all
    /// of them, generated once for every SDK crate to re-export; without it each SDK crate has
    /// its own copy.
    #[serde(default)]
    pub shared_crate: Option<SharedCrateDoc>,
}

/// `service.shared_crate`: the folder id and package name of the crate the SDK crates share.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SharedCrateDoc {
    pub id: String,
    #[serde(rename = "crate")]
    pub crate_name: String,
}

/// `service.package`: how the generated crates are published.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackageDoc {
    /// The crates' version (`MAJOR.MINOR.PATCH`, no build metadata).
    pub version: String,
    /// The version of the official SDK packages the spec was checked against (`3.1.219`); it
    /// becomes the version's build metadata (`0.1.0+sdk.3.1.219`).
    #[serde(default)]
    pub checked_against: Option<String>,
    /// Source repository URL.
    pub repository: String,
    /// crates.io keywords (at most 5).
    #[serde(default)]
    pub keywords: Vec<String>,
    /// crates.io category slugs.
    #[serde(default)]
    pub categories: Vec<String>,
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
pub struct CrateDoc {
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
#[derive(Debug, Clone)]
pub enum Known<T> {
    Value(T),
    Unknown(UnknownWord),
}

/// The literal word `unknown`.
#[derive(Debug, Clone)]
pub enum UnknownWord {
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
    #[serde(default, deserialize_with = "unique_map_opt")]
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
#[derive(Debug, Clone, PartialEq)]
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
    #[serde(default, deserialize_with = "unique_map")]
    pub path_params: IndexMap<String, FieldDoc>,
    #[serde(default, deserialize_with = "unique_map")]
    pub query: IndexMap<String, FieldDoc>,
    #[serde(default, deserialize_with = "unique_map")]
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
    /// Sending twice equals sending once, so the runtime may retry after the request may have
    /// reached the server: the default for GET/HEAD/PUT/DELETE; a POST that only queries may say so.
    #[serde(default)]
    pub idempotent: Option<bool>,
    /// The former name of `idempotent`, read only to refuse it with a hint.
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
#[derive(Debug)]
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
#[derive(Debug)]
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

// Hand-written deserialisers: untagged enums would answer a mistake with "data did not match any
// variant of untagged enum"; these say what was expected, and keep the inner errors (an unknown
// key inside `{ code: …, statuss: 400 }` is reported as such).

/// A mapping whose keys must be unique: serde's map visitors keep the last of two equal keys
/// silently, and a model or field written twice must be an error, not a quiet overwrite.
fn unique_map<'de, D: Deserializer<'de>, V: Deserialize<'de>>(d: D) -> Result<IndexMap<String, V>, D::Error> {
    d.deserialize_map(UniqueMapVisitor(std::marker::PhantomData))
}

fn unique_map_opt<'de, D: Deserializer<'de>, V: Deserialize<'de>>(d: D) -> Result<Option<IndexMap<String, V>>, D::Error> {
    struct Wrapper<V>(IndexMap<String, V>);
    impl<'de, V: Deserialize<'de>> Deserialize<'de> for Wrapper<V> {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            unique_map(d).map(Wrapper)
        }
    }
    Ok(Option::<Wrapper<V>>::deserialize(d)?.map(|w| w.0))
}

struct UniqueMapVisitor<V>(std::marker::PhantomData<V>);

impl<'de, V: Deserialize<'de>> Visitor<'de> for UniqueMapVisitor<V> {
    type Value = IndexMap<String, V>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a map")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = IndexMap::new();
        while let Some(key) = map.next_key::<String>()? {
            if out.contains_key(&key) {
                return Err(de::Error::custom(format_args!("duplicate key `{key}`: it appears twice in the same mapping")));
            }
            let value = map.next_value()?;
            out.insert(key, value);
        }
        Ok(out)
    }
}

const UNKNOWN: &str = "unknown";

impl<'de> Deserialize<'de> for Known<u16> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Known<u16>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an HTTP status (a number such as 400) or `unknown`")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                u16::try_from(v).map(Known::Value).map_err(|_| E::custom(format_args!("{v} is not an HTTP status (100 to 599) or `unknown`")))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                u16::try_from(v).map(Known::Value).map_err(|_| E::custom(format_args!("{v} is not an HTTP status (100 to 599) or `unknown`")))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                match v {
                    UNKNOWN => Ok(Known::Unknown(UnknownWord::Unknown)),
                    other => other.parse().map(Known::Value).map_err(|_| E::invalid_value(de::Unexpected::Str(other), &self)),
                }
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for Known<String> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Known<String>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("text, or `unknown`")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(if v == UNKNOWN { Known::Unknown(UnknownWord::Unknown) } else { Known::Value(v.to_string()) })
            }
        }
        d.deserialize_str(V)
    }
}

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Scalar;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a single value: a number, text, `true` or `false`")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
                Ok(Scalar::Bool(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(Scalar::Int(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(i64::try_from(v).map_or(Scalar::Float(v as f64), Scalar::Int))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                Ok(Scalar::Float(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Scalar::Str(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for OperationErrorDoc {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = OperationErrorDoc;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an error code (`CBC.0100`) or a mapping `{ code: CBC.0100, status: 400, description_zh: …, message: … }`")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(OperationErrorDoc::Code(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                OperationErrorDetail::deserialize(de::value::MapAccessDeserializer::new(map)).map(OperationErrorDoc::Detailed)
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for DeprecatedDoc {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = DeprecatedDoc;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("`true`, `false` or a mapping `{ successor: OperationName, note: … }`")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
                Ok(DeprecatedDoc::Flag(v))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                DeprecatedDetail::deserialize(de::value::MapAccessDeserializer::new(map)).map(DeprecatedDoc::Detailed)
            }
        }
        d.deserialize_any(V)
    }
}
