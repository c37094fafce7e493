//! Naming: spec names in, Rust identifiers out (case, keywords, digits, generated names,
//! collisions). `resolve` calls these once and stores the results in the IR; emission reads them.

use crate::ir::RustName;
use heck::{ToSnakeCase, ToUpperCamelCase};

/// Keywords that are valid as raw identifiers (`r#type`).
const RAW_KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "false", "fn", "for", "if",
    "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "static", "struct",
    "trait", "true", "type", "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final",
    "gen", "macro", "override", "priv", "try", "typeof", "unsized", "virtual", "yield", "union",
];

/// Keywords that cannot be raw identifiers: they get a trailing underscore instead.
const NON_RAW_KEYWORDS: &[&str] = &["self", "Self", "super", "crate", "extern", "_"];

/// A Rust identifier as text: either plain (`limit`) or raw (`r#type`).
pub fn is_raw(ident: &str) -> bool {
    ident.starts_with("r#")
}

/// snake_case identifier for a field, parameter, method or module.
pub fn snake_ident(name: &str) -> String {
    let snake = keep_ident_chars(&name.to_snake_case());
    escape(prefix_digit(snake, "_"))
}

/// UpperCamelCase identifier for a type or enum variant.
pub fn camel_ident(name: &str) -> String {
    let camel = keep_ident_chars(&name.to_upper_camel_case());
    escape(prefix_digit(camel, "V"))
}

/// SCREAMING_SNAKE_CASE identifier for a constant.
pub fn screaming_ident(name: &str) -> String {
    let upper = keep_ident_chars(&name.to_snake_case()).to_uppercase();
    escape(prefix_digit(upper, "_"))
}

/// Checks a hand-written `rust_name` override: `None` when usable, else what is wrong.
pub fn check_override(name: &str) -> Option<String> {
    if name.is_empty() {
        return Some("is empty".into());
    }
    let body = name.strip_prefix("r#").unwrap_or(name);
    let Some(first) = body.chars().next() else {
        return Some(format!("`{name}` is not a Rust identifier (nothing after `r#`)"));
    };
    if !(first.is_ascii_alphabetic() || first == '_') || !body.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Some(format!("`{name}` is not a Rust identifier (ASCII letters, digits, `_`; no leading digit)"));
    }
    if NON_RAW_KEYWORDS.contains(&body) || (RAW_KEYWORDS.contains(&body) && !is_raw(name)) {
        return Some(format!("`{name}` is a Rust keyword"));
    }
    None
}

/// Whether `name` is a Rust keyword (strict, reserved or edition-2024 `gen`), raw-able or not.
pub fn is_keyword(name: &str) -> bool {
    RAW_KEYWORDS.contains(&name) || NON_RAW_KEYWORDS.contains(&name)
}

/// Whether the name has something to build an identifier from (an ASCII letter or digit); names
/// without one become placeholders such as `_empty`.
pub fn has_ident_chars(name: &str) -> bool {
    name.chars().any(|c| c.is_ascii_alphanumeric())
}

/// Methods of the generated client type itself (and of the traits it derives), which an
/// operation's method must not shadow.
pub const CLIENT_METHODS: &[&str] = &["new", "builder", "from_runtime", "runtime", "send", "clone", "clone_from", "fmt"];

/// Cargo features every generated crate has, which an area (also a feature) must not reuse.
pub const CRATE_FEATURES: &[&str] = &["default", "reqwest", "blocking", "all-areas"];

/// Names an area module must not take: paths the generated code (or a glob re-export of the
/// area) relies on.
pub const RESERVED_MODULES: &[&str] = &["std", "core", "alloc", "models", "operations", "errors", "client", "call", "runtime"];

/// Items at the root of a generated crate, which the client type must not take.
pub const ROOT_ITEMS: &[&str] =
    &["Site", "Credentials", "Decimal", "Error", "ServiceError", "client", "errors", "models", "operations", "runtime"];

/// Names generated code uses unqualified inside the `models` and `operations` modules (std
/// prelude types, traits, variants and primitives): a model or request type must not shadow them.
pub const PRELUDE_NAMES: &[&str] = &[
    "Option", "Some", "None", "Result", "Ok", "Err", "String", "Vec", "Box", "ToString", "ToOwned", "Clone",
    "Copy", "Send", "Sync", "Sized", "Unpin", "Drop", "Fn", "FnMut", "FnOnce", "Default", "Debug", "PartialEq",
    "Eq", "PartialOrd", "Ord", "Hash", "Iterator", "IntoIterator", "Extend", "DoubleEndedIterator",
    "ExactSizeIterator", "From", "Into", "TryFrom", "TryInto", "AsRef", "AsMut", "FromIterator", "IntoFuture",
    "Future", "Self", "bool", "char", "str", "i8", "i16", "i32", "i64", "i128", "isize", "u8", "u16", "u32",
    "u64", "u128", "usize", "f32", "f64", "std", "core", "alloc", "models", "super", "crate",
];

/// The request type of an operation (`ListOrders` → `ListOrdersRequest`).
pub fn request_type_name(operation: &str) -> String {
    format!("{}Request", camel_ident(operation))
}

/// Methods of a call builder itself; a parameter with one of these names gets a `set_` setter.
pub const CALL_METHODS: &[&str] =
    &["new", "with", "send", "send_blocking", "request", "request_mut", "into_request", "into_stream", "into_blocking_iter"];

/// The setter of an optional input on the call builder: the field name, or `set_<name>` for raw
/// identifiers and the builder's own method names.
pub fn setter_name(field: &RustName) -> RustName {
    if CALL_METHODS.contains(&field.bare.as_str()) || field.is_raw() {
        RustName::new(format!("set_{}", field.bare))
    } else {
        field.clone()
    }
}

fn keep_ident_chars(s: &str) -> String {
    let kept: String = s.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
    // Dropped characters must not leave a dangling separator behind (`amount_元` -> `amount`).
    let trimmed = kept.trim_end_matches('_');
    if trimmed.is_empty() { kept } else { trimmed.to_string() }
}

fn prefix_digit(s: String, prefix: &str) -> String {
    match s.chars().next() {
        None => format!("{prefix}empty"),
        Some(c) if c.is_ascii_digit() => format!("{prefix}{s}"),
        Some(_) => s,
    }
}

fn escape(s: String) -> String {
    if NON_RAW_KEYWORDS.contains(&s.as_str()) {
        format!("{s}_")
    } else if RAW_KEYWORDS.contains(&s.as_str()) {
        format!("r#{s}")
    } else {
        s
    }
}

/// Pairs of source names whose stored Rust names are the same identifier (compared bare, so
/// `type` and `r#type` clash), in source order: `(first, second, name)`.
pub fn collisions<'a, 'n>(names: impl IntoIterator<Item = (&'a str, &'n RustName)>) -> Vec<(&'a str, &'a str, &'n RustName)> {
    // A map, not a scan: specs with thousands of models call this on every model name.
    let mut seen: std::collections::HashMap<&'n str, &'a str> = std::collections::HashMap::new();
    let mut out = Vec::new();
    for (source, name) in names {
        match seen.get(name.bare.as_str()) {
            Some(first) => out.push((*first, source, name)),
            None => {
                seen.insert(&name.bare, source);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_become_raw_or_suffixed() {
        assert_eq!(snake_ident("type"), "r#type");
        assert_eq!(snake_ident("ref"), "r#ref");
        assert_eq!(snake_ident("match"), "r#match");
        assert_eq!(snake_ident("self"), "self_");
        assert_eq!(snake_ident("crate"), "crate_");
        assert_eq!(camel_ident("self"), "Self_");
        assert_eq!(snake_ident("async"), "r#async");
    }

    #[test]
    fn wire_names_convert() {
        assert_eq!(snake_ident("resource_Type_code"), "resource_type_code");
        assert_eq!(snake_ident("X-Language"), "x_language");
        assert_eq!(snake_ident("customerId"), "customer_id");
        assert_eq!(snake_ident("ListCustomerselfResourceRecords"), "list_customerself_resource_records");
        assert_eq!(camel_ident("list_customer_orders"), "ListCustomerOrders");
        assert_eq!(screaming_ident("CBC.0100"), "CBC_0100");
    }

    #[test]
    fn leading_digits_get_prefixed() {
        assert_eq!(snake_ident("95th_usage"), "_95th_usage");
        assert_eq!(camel_ident("1"), "V1");
        assert_eq!(camel_ident("3rd-party"), "V3rdParty");
    }

    #[test]
    fn non_ascii_is_dropped_and_empty_gets_a_name() {
        assert_eq!(snake_ident("名称"), "_empty");
        assert_eq!(snake_ident("amount_元"), "amount");
    }

    #[test]
    fn collisions_after_case_conversion_are_found() {
        let names = ["resourceType", "resource_type", "other", "Other"];
        let idents: Vec<RustName> = names.iter().map(|n| RustName::new(snake_ident(n))).collect();
        let found = collisions(names.iter().copied().zip(&idents));
        let found: Vec<(&str, &str, &str)> = found.into_iter().map(|(a, b, n)| (a, b, n.ident.as_str())).collect();
        assert_eq!(found, vec![("resourceType", "resource_type", "resource_type"), ("other", "Other", "other")]);
        let keywords = [RustName::new("type"), RustName::new("r#type")];
        assert_eq!(collisions([("type", &keywords[0]), ("r#type", &keywords[1])]).len(), 1);
    }

    #[test]
    fn overrides_are_checked() {
        assert_eq!(check_override("good_name"), None);
        assert_eq!(check_override("r#type"), None);
        assert!(check_override("type").unwrap().contains("keyword"));
        assert!(check_override("1abc").is_some());
        assert!(check_override("has-dash").is_some());
        assert!(check_override("self").is_some());
        assert!(check_override("r#").is_some());
        assert!(check_override("r#self").is_some());
        assert!(check_override("_").is_some());
    }

    #[test]
    fn every_conversion_is_a_valid_identifier() {
        for name in ["", "_", "__", "r#", "名称", "1", "-", "self", "Self", "type", "a b", "🎉x", "x_", "_1", "gen", "crate", "super"] {
            for ident in [snake_ident(name), camel_ident(name), screaming_ident(name)] {
                let bare = ident.strip_prefix("r#").unwrap_or(&ident);
                assert!(check_override(&ident).is_none() || bare.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'), "{name:?} -> {ident:?}");
                assert!(!bare.is_empty() && bare != "_" && !bare.starts_with(|c: char| c.is_ascii_digit()), "{name:?} -> {ident:?}");
            }
        }
    }

    #[test]
    fn generated_type_names() {
        assert_eq!(request_type_name("ListOrders"), "ListOrdersRequest");
        assert_eq!(setter_name(&RustName::new("r#type")), RustName { ident: "set_type".into(), bare: "set_type".into() });
        assert_eq!(setter_name(&"send".into()), "set_send");
        assert_eq!(setter_name(&"limit".into()), "limit");
    }
}
