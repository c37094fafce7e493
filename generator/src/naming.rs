//! Naming: every conversion of spec names into Rust identifiers (case, keywords, digits, collisions).

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
    let mut chars = body.chars();
    let first = chars.next()?;
    if !(first.is_ascii_alphabetic() || first == '_') || !body.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Some(format!("`{name}` is not a Rust identifier (ASCII letters, digits, `_`; no leading digit)"));
    }
    if NON_RAW_KEYWORDS.contains(&body) || (RAW_KEYWORDS.contains(&body) && !is_raw(name)) {
        return Some(format!("`{name}` is a Rust keyword"));
    }
    None
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

/// Pairs of source names that map to the same identifier, in source order: `(first, second, ident)`.
pub fn collisions<'a>(names: impl IntoIterator<Item = (&'a str, String)>) -> Vec<(&'a str, &'a str, String)> {
    let mut seen: Vec<(&'a str, String)> = Vec::new();
    let mut out = Vec::new();
    for (source, ident) in names {
        let bare = ident.trim_start_matches("r#").to_string();
        if let Some((first, _)) = seen.iter().find(|(_, i)| *i == bare) {
            out.push((*first, source, ident.clone()));
        } else {
            seen.push((source, bare));
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
        let found = collisions(names.iter().map(|n| (*n, snake_ident(n))));
        assert_eq!(found, vec![("resourceType", "resource_type", "resource_type".to_string()), ("other", "Other", "other".to_string())]);
        let keywords = ["type", "r#type"];
        assert_eq!(collisions(keywords.iter().map(|n| (*n, n.to_string()))).len(), 1);
    }

    #[test]
    fn overrides_are_checked() {
        assert_eq!(check_override("good_name"), None);
        assert_eq!(check_override("r#type"), None);
        assert!(check_override("type").unwrap().contains("keyword"));
        assert!(check_override("1abc").is_some());
        assert!(check_override("has-dash").is_some());
        assert!(check_override("self").is_some());
    }
}
