//! Values for doc examples: a field or model in, Rust expression text that a real call could
//! send out. Order ids look like order ids, months like months, ids like Huawei's 32-hex ids;
//! enumerations take their first allowed value; a body sets its required fields only.

use super::Ctx;
use crate::ir::{Field, Literal, ModelKind, TypeRef};

/// Example values of one crate.
pub struct Examples<'a, 'b> {
    /// The crate's context.
    pub ctx: &'a Ctx<'b>,
}

/// Recursion stops here: a required field this deep takes its type's default.
const MAX_DEPTH: usize = 4;

impl Examples<'_, '_> {
    /// A value of field `f`, as an argument or a struct field (texts are `impl Into<String>`
    /// arguments: a literal; in struct literals `.into()` is added by [`Self::model_value`]).
    pub fn field_value(&self, f: &Field, depth: usize) -> String {
        self.value(f, &f.ty, depth, false)
    }

    /// A value of type `ty` for field `f`; `owned` asks for a `String` rather than a literal.
    fn value(&self, f: &Field, ty: &TypeRef, depth: usize, owned: bool) -> String {
        let c = &f.constraints;
        match ty {
            TypeRef::String => {
                let text = format!("{:?}", example_text(f));
                if owned { format!("{text}.into()") } else { text }
            }
            TypeRef::Int32 | TypeRef::Int64 => example_int(f).to_string(),
            TypeRef::Bool => "true".into(),
            TypeRef::Decimal => format!("{}::Decimal::ONE_HUNDRED", self.ctx.crate_ident.as_deref().unwrap_or("crate")),
            TypeRef::List(inner) => {
                let count = c.min_items.unwrap_or(1).clamp(1, 3) as usize;
                let items: Vec<String> = (0..count).map(|_| self.value(f, inner, depth + 1, true)).collect();
                format!("vec![{}]", items.join(", "))
            }
            TypeRef::Map(_) | TypeRef::Json => "Default::default()".into(),
            TypeRef::Model(m) => match &self.ctx.api.models[m].kind {
                ModelKind::Enum(e) => {
                    let chosen = c.allowed.first().and_then(|a| e.values.iter().find(|v| literal_matches(&v.value, a)));
                    // A flag's "no" turns nothing on that would need other inputs (YES for
                    // `use_coupon` needs `coupon_infos`): the example stays complete.
                    let negative = e.values.iter().find(|v| matches!(v.rust_name.ident.as_str(), "No" | "False"));
                    let value = chosen.or(negative).or(e.values.first()).expect("an enumeration has values");
                    format!("models::{}::{}", self.ctx.api.models[m].rust_name, value.rust_name)
                }
                ModelKind::Object(_) => self.model_value(m, depth + 1),
            },
        }
    }

    /// A struct literal of object model `name` with its required fields set (and the rest left to
    /// `Default`, or `None` when the model has no `Default`).
    pub fn model_value(&self, name: &str, depth: usize) -> String {
        let model = &self.ctx.api.models[name];
        let ModelKind::Object(fields) = &model.kind else { return "Default::default()".into() };
        let defaultable = model.defaultable;
        if depth > MAX_DEPTH && defaultable {
            return "Default::default()".into();
        }
        let indent = "    ".repeat(depth + 1);
        let mut lines = Vec::new();
        for f in fields {
            let value = if f.required {
                let v = self.value(f, &f.ty, depth, true);
                if f.boxed { format!("Box::new({v})") } else { v }
            } else if defaultable {
                continue;
            } else {
                "None".into()
            };
            lines.push(format!("{indent}{}: {value},", f.rust_name));
        }
        if defaultable && lines.len() < fields.len() {
            lines.push(format!("{indent}..Default::default()"));
        }
        let close = "    ".repeat(depth);
        format!("models::{} {{\n{}\n{close}}}", model.rust_name, lines.join("\n"))
    }
}

fn literal_matches(value: &Literal, allowed: &Literal) -> bool {
    match (value, allowed) {
        (Literal::Str(a), Literal::Str(b)) => a == b,
        (Literal::Int(a), Literal::Int(b)) => a == b,
        (Literal::Str(a), Literal::Int(b)) | (Literal::Int(b), Literal::Str(a)) => *a == b.to_string(),
        _ => false,
    }
}

/// An integer within the documented range: the default, else the minimum, else a typical page
/// size for page sizes and 1 for anything else.
fn example_int(f: &Field) -> i64 {
    let c = &f.constraints;
    let int = |l: &Option<Literal>| match l {
        Some(Literal::Int(i)) => Some(*i),
        _ => None,
    };
    if let Some(first) = c.allowed.first().and_then(|a| int(&Some(a.clone()))) {
        return first;
    }
    let wire = f.wire_name.to_ascii_lowercase();
    let typical = if wire == "limit" || wire.ends_with("page_size") || wire == "pagesize" { 10 } else { 1 };
    let mut v = int(&c.default).unwrap_or(typical);
    if let Some(lo) = int(&c.minimum) {
        v = v.max(lo);
    }
    if let Some(hi) = int(&c.maximum) {
        v = v.min(hi);
    }
    v
}

/// Text a real request could carry, from the field's allowed values, format, name or description.
pub fn example_text(f: &Field) -> String {
    let c = &f.constraints;
    if let Some(first) = c.allowed.first() {
        return match first {
            Literal::Str(s) => s.clone(),
            other => other.to_string(),
        };
    }
    let wire = f.wire_name.to_ascii_lowercase();
    let desc = f.description.as_deref().unwrap_or_default();
    let format = c.format.as_deref().map(str::trim);
    let month = "2024-01";
    let text: String = match format {
        Some("date-time") => "2024-01-01T00:00:00Z".into(),
        Some("YYYY-MM") => month.into(),
        Some("YYYY-MM-DD") => "2024-01-31".into(),
        Some("digits") => "1".into(),
        Some("decimal") => "100.00".into(),
        _ if desc.contains("yyyy-MM-ddTHH:mm:ssZ") => "2024-01-01T00:00:00Z".into(),
        _ if desc.contains("YYYY-MM-DD") && !desc.contains("`YYYY-MM`") => "2024-01-31".into(),
        _ if desc.contains("YYYY-MM") || desc.contains("yyyy-MM") => month.into(),
        _ if wire.contains("order_id") => "CS2311230000ABCDE".into(),
        _ if wire.ends_with("cycle") || wire.ends_with("month") => month.into(),
        _ if wire.contains("service_type_code") || wire == "service_type" => "hws.service.type.ebs".into(),
        _ if wire.contains("resource_type_code") || wire == "resource_type" => "hws.resource.type.volume".into(),
        _ if wire.contains("region") => "cn-north-4".into(),
        _ if wire == "currency" => "CNY".into(),
        _ if wire.contains("email") => "user@example.com".into(),
        _ if wire.contains("phone") || wire.contains("mobile") => "13800000000".into(),
        _ if wire.contains("amount") => "100.00".into(),
        _ if wire.contains("resource_id") => "71e3eeb5-4b77-44ae-9c42-119ee7976cf7".into(),
        _ if wire.ends_with("id") || wire.ends_with("ids") => "0d2f8b6b7f00f5e90f87c00e1a8f1e31".into(),
        _ if wire.contains("name") => "example-name".into(),
        _ => "example".into(),
    };
    let mut chars: Vec<char> = text.chars().collect();
    if let Some(max) = c.max_length {
        chars.truncate(max as usize);
    }
    while chars.len() < c.min_length.unwrap_or(1) as usize {
        chars.push('0');
    }
    chars.into_iter().collect()
}
