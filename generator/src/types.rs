//! Type expressions of the spec (`string`, `list<Model>`, `map<decimal>`, …): text in, [`TypeRef`] out.

use std::fmt;

/// How deeply `list<…>` and `map<…>` may nest (deeper is surely a mistake, and bounded recursion
/// keeps hostile input from overflowing the stack).
pub const MAX_DEPTH: usize = 8;

/// A resolved-shape type: primitives, containers and model references.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TypeRef {
    /// `string`
    String,
    /// `int32`
    Int32,
    /// `int64`
    Int64,
    /// `bool`
    Bool,
    /// `decimal`: exact decimal, used for money.
    Decimal,
    /// `json`: any JSON value.
    Json,
    /// `list<T>`
    List(Box<TypeRef>),
    /// `map<T>` with string keys.
    Map(Box<TypeRef>),
    /// A model by its spec name.
    Model(String),
}

impl TypeRef {
    /// Parses a type expression; the error says what is wrong.
    pub fn parse(text: &str) -> Result<TypeRef, String> {
        Self::parse_nested(text, 0)
    }

    fn parse_nested(text: &str, depth: usize) -> Result<TypeRef, String> {
        let t = text.trim();
        if depth > MAX_DEPTH {
            return Err(format!("the type nests lists and maps more than {MAX_DEPTH} levels deep"));
        }
        if let Some(inner) = generic(t, "list")? {
            return Ok(TypeRef::List(Box::new(TypeRef::parse_nested(inner, depth + 1)?)));
        }
        if let Some(inner) = generic(t, "map")? {
            return Ok(TypeRef::Map(Box::new(TypeRef::parse_nested(inner, depth + 1)?)));
        }
        Ok(match t {
            "string" => TypeRef::String,
            "int32" => TypeRef::Int32,
            "int64" => TypeRef::Int64,
            "bool" => TypeRef::Bool,
            "decimal" => TypeRef::Decimal,
            "json" => TypeRef::Json,
            "" => return Err("the type is empty".into()),
            "float" | "double" | "f32" | "f64" | "number" => {
                return Err(format!("`{t}` is not a spec type: use `decimal` (money and fractions are exact decimals)"))
            }
            "int" | "integer" | "long" | "i32" | "i64" => {
                return Err(format!("`{t}` is not a spec type: use `int32` or `int64`"))
            }
            "str" | "String" | "text" => return Err(format!("`{t}` is not a spec type: use `string`")),
            "boolean" => return Err("`boolean` is not a spec type: use `bool`".into()),
            name if is_model_name(name) => TypeRef::Model(name.to_string()),
            other if other.contains('<') || other.contains('>') => {
                return Err(format!("`{other}` is not a type expression: the containers are `list<T>` and `map<T>`"))
            }
            other => {
                return Err(format!(
                    "`{other}` is not a type expression: a type is `string`, `int32`, `int64`, `bool`, `decimal`, `json`, `list<T>`, `map<T>` or a model name"
                ))
            }
        })
    }

    /// The model this type refers to, through lists and maps.
    pub fn model(&self) -> Option<&str> {
        match self {
            TypeRef::Model(name) => Some(name),
            TypeRef::List(inner) | TypeRef::Map(inner) => inner.model(),
            _ => None,
        }
    }

    /// True for `int32`/`int64`/`decimal`: the types numeric ranges apply to.
    pub fn is_numeric(&self) -> bool {
        matches!(self, TypeRef::Int32 | TypeRef::Int64 | TypeRef::Decimal)
    }

    /// True for integers.
    pub fn is_integer(&self) -> bool {
        matches!(self, TypeRef::Int32 | TypeRef::Int64)
    }
}

impl fmt::Display for TypeRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TypeRef::String => f.write_str("string"),
            TypeRef::Int32 => f.write_str("int32"),
            TypeRef::Int64 => f.write_str("int64"),
            TypeRef::Bool => f.write_str("bool"),
            TypeRef::Decimal => f.write_str("decimal"),
            TypeRef::Json => f.write_str("json"),
            TypeRef::List(t) => write!(f, "list<{t}>"),
            TypeRef::Map(t) => write!(f, "map<{t}>"),
            TypeRef::Model(m) => f.write_str(m),
        }
    }
}

fn generic<'a>(t: &'a str, head: &str) -> Result<Option<&'a str>, String> {
    let Some(rest) = t.strip_prefix(head) else { return Ok(None) };
    let rest = rest.trim_start();
    let Some(rest) = rest.strip_prefix('<') else {
        return if rest.is_empty() { Err(format!("`{head}` needs an item type: `{head}<T>`")) } else { Ok(None) };
    };
    match rest.strip_suffix('>') {
        Some(inner) => Ok(Some(inner)),
        None => Err(format!("`{t}` is missing its closing `>`")),
    }
}

/// Whether `name` can name a model in a type expression: ASCII letters, digits and `_`, starting
/// with a letter.
pub fn is_model_name(name: &str) -> bool {
    name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_nested_types() {
        assert_eq!(
            TypeRef::parse("list<map<decimal>>").unwrap(),
            TypeRef::List(Box::new(TypeRef::Map(Box::new(TypeRef::Decimal))))
        );
        assert_eq!(TypeRef::parse(" list< CustomerOrderV2 > ").unwrap().model(), Some("CustomerOrderV2"));
        assert_eq!(TypeRef::parse("listing").unwrap(), TypeRef::Model("listing".into()));
    }

    #[test]
    fn rejects_floats_and_malformed() {
        assert!(TypeRef::parse("float").unwrap_err().contains("decimal"));
        assert!(TypeRef::parse("list<string").unwrap_err().contains("closing"));
        assert!(TypeRef::parse("list").unwrap_err().contains("item type"));
        assert!(TypeRef::parse("a b").is_err());
        assert!(TypeRef::parse("").is_err());
        assert!(TypeRef::parse("list<list<list<list<list<list<list<list<list<string>>>>>>>>>").unwrap_err().contains("levels"));
        let deep = format!("{}string{}", "list<".repeat(100_000), ">".repeat(100_000));
        assert!(TypeRef::parse(&deep).is_err());
        assert!(TypeRef::parse("set<string>").unwrap_err().contains("list<T>"));
    }

    #[test]
    fn display_round_trips() {
        for t in ["string", "list<Foo>", "map<list<int64>>", "json"] {
            assert_eq!(TypeRef::parse(t).unwrap().to_string(), t);
        }
    }
}
