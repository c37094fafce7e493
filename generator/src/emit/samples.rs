//! Sample calls for end-to-end tests: one crate's IR in, a hidden `__samples` module out (behind
//! the generated crate's `test-support` feature), with one function per operation that sets every
//! parameter and every body field to a value that satisfies the spec's constraints and sends it.
//!
//! The values come from [`operation_samples`], which tests call too: a test server reading the
//! same spec knows exactly what each sample call must send, and what to answer so that every
//! response field is present. So a new operation in the spec is exercised without new test code.
//!
//! How values are chosen (deterministic, from the spec only):
//!
//! * enumerations and `enum` constraints: the first value (list items: the first values in turn);
//! * numbers: 2 (list items 2, 3, …), moved into `[minimum, maximum]`; decimals `12.34` (then
//!   `56.78`, …), always with a fraction when the range allows one;
//! * strings: `date-time`, `YYYY-MM` and `YYYY-MM-DD` formats get a date, `digits` and `decimal`
//!   a number; a JSON field named `error_code` gets
//!   the success code `CBC.0000` (the runtime reads any other code in a 2xx body as a business
//!   error, and some BSS responses carry `error_code` next to their data); path parameters hold
//!   characters that must be percent-encoded (`a b/c+中`), query values `&`, `=`, `+`, `/` and
//!   non-ASCII, header values plain ASCII; then cut to `max_length` and padded to `min_length`
//!   (in characters);
//! * lists: two items (fewer when `max_items` says so, more when `min_items` does), so that query
//!   lists show repeated keys; maps: two entries; `json`: a small object;
//! * objects: every field; a model already being filled (recursion) is left out when optional, or
//!   empty when it is a required list or map.

use super::{ident, Ctx};
use crate::ir::{Api, Field, Literal, Location, ModelKind, Operation, Param, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// A sample value, in its wire form (JSON for bodies, text for parameters).
#[derive(Debug, Clone, PartialEq)]
pub enum Sample {
    /// `true` or `false`.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A decimal number, as written (always with a fraction, e.g. `12.34`).
    Decimal(String),
    /// Text.
    Str(String),
    /// A JSON array (or the items of a repeated query parameter).
    List(Vec<Sample>),
    /// A JSON object: a model's fields that are set (wire names, in field order), a map's entries,
    /// or the value of a `json` field.
    Object(Vec<(String, Sample)>),
}

impl Sample {
    /// The value as JSON text.
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        self.write_json(&mut out);
        out
    }

    fn write_json(&self, out: &mut String) {
        match self {
            Sample::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Sample::Int(i) => out.push_str(&i.to_string()),
            Sample::Decimal(d) => out.push_str(d),
            Sample::Str(s) => json_string(s, out),
            Sample::List(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write_json(out);
                }
                out.push(']');
            }
            Sample::Object(entries) => {
                out.push('{');
                for (i, (k, v)) in entries.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    json_string(k, out);
                    out.push(':');
                    v.write_json(out);
                }
                out.push('}');
            }
        }
    }

    /// The unencoded text of a path, query or header value (`None` for lists and objects).
    pub fn to_param(&self) -> Option<String> {
        match self {
            Sample::Bool(b) => Some(b.to_string()),
            Sample::Int(i) => Some(i.to_string()),
            Sample::Decimal(d) => Some(d.clone()),
            Sample::Str(s) => Some(s.clone()),
            Sample::List(_) | Sample::Object(_) => None,
        }
    }

    /// The query pairs of a parameter named `name`: one per list item, or one for a scalar.
    pub fn query_pairs(&self, name: &str) -> Vec<(String, String)> {
        match self {
            Sample::List(items) => items.iter().filter_map(|i| i.to_param()).map(|v| (name.to_string(), v)).collect(),
            other => other.to_param().map(|v| (name.to_string(), v)).into_iter().collect(),
        }
    }

    fn as_object(&self) -> &[(String, Sample)] {
        match self {
            Sample::Object(entries) => entries,
            _ => &[],
        }
    }
}

fn json_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Where a parameter goes: what its text may hold depends on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// A path parameter: characters that must be encoded, to test encoding.
    Path,
    /// A query parameter: characters with a meaning in query strings, and non-ASCII.
    Query,
    /// A header: plain ASCII.
    Header,
    /// A JSON body or response field.
    Json,
}

/// The sample values of one operation: what its sample call sends and what a server answers.
#[derive(Debug, Clone)]
pub struct OperationSample {
    /// Path parameters set by the caller (not those filled from the credentials), by wire name.
    pub path: Vec<(String, Sample)>,
    /// Query parameters by wire name (lists are [`Sample::List`]), in spec order.
    pub query: Vec<(String, Sample)>,
    /// Header parameters by wire name.
    pub headers: Vec<(String, Sample)>,
    /// The request body, when the operation has one.
    pub body: Option<Sample>,
    /// A response with every field present, when the operation has a response model.
    pub response: Option<Sample>,
}

/// The sample values of `op` in `api` (one crate's API, as [`Api::for_crate`] gives it).
pub fn operation_samples(api: &Api, op: &Operation) -> OperationSample {
    let params = |location: Location, place: Place| -> Vec<(String, Sample)> {
        op.params_at(location)
            .filter(|p| p.set_by_caller())
            .map(|p| (p.wire_name.clone(), field_sample(api, p, place, 0, &mut Vec::new())))
            .collect()
    };
    OperationSample {
        path: params(Location::Path, Place::Path),
        query: params(Location::Query, Place::Query),
        headers: params(Location::Header, Place::Header),
        body: op.body.as_ref().map(|b| model_sample(api, &b.model, 0, &mut Vec::new())),
        response: op.response.as_ref().map(|m| model_sample(api, m, 0, &mut Vec::new())),
    }
}

/// A sample of model `name` (every field of an object; the first value of an enumeration).
pub fn model_sample(api: &Api, name: &str, n: usize, stack: &mut Vec<String>) -> Sample {
    let Some(model) = api.models.get(name) else { return Sample::Object(Vec::new()) };
    match &model.kind {
        ModelKind::Enum(e) => match e.values.get(n % e.values.len().max(1)) {
            Some(v) => literal_sample(&v.value, &e.base),
            None => Sample::Str(String::new()),
        },
        ModelKind::Object(fields) => {
            stack.push(name.to_string());
            let entries = fields
                .iter()
                .filter_map(|f| {
                    let recursive = f.ty.model().is_some_and(|m| stack.iter().any(|s| s == m));
                    // A required direct reference is followed: the cycle has an optional or list
                    // link somewhere, which is cut when it comes round.
                    let direct_required = f.required && matches!(f.ty, TypeRef::Model(_));
                    if !recursive || direct_required {
                        return Some((f.wire_name.clone(), field_sample(api, f, Place::Json, 0, stack)));
                    }
                    match (&f.ty, f.required) {
                        (TypeRef::List(_), true) => Some((f.wire_name.clone(), Sample::List(Vec::new()))),
                        (TypeRef::Map(_), true) => Some((f.wire_name.clone(), Sample::Object(Vec::new()))),
                        _ => None,
                    }
                })
                .collect();
            stack.pop();
            Sample::Object(entries)
        }
    }
}

fn literal_sample(l: &Literal, ty: &TypeRef) -> Sample {
    match (l, ty) {
        (Literal::Str(s), _) => Sample::Str(s.clone()),
        (Literal::Int(i), TypeRef::String) => Sample::Str(i.to_string()),
        (Literal::Int(i), TypeRef::Decimal) => Sample::Decimal(format!("{i}.0")),
        (Literal::Int(i), _) => Sample::Int(*i),
        (Literal::Number(n), TypeRef::String) => Sample::Str(n.clone()),
        (Literal::Number(n), _) => Sample::Decimal(n.clone()),
        (Literal::Bool(b), TypeRef::String) => Sample::Str(b.to_string()),
        (Literal::Bool(b), _) => Sample::Bool(*b),
    }
}

/// A sample of a field or parameter; `n` numbers list items, so that they differ.
fn field_sample(api: &Api, f: &Field, place: Place, n: usize, stack: &mut Vec<String>) -> Sample {
    value_sample(api, f, &f.ty, place, n, stack)
}

fn value_sample(api: &Api, f: &Field, ty: &TypeRef, place: Place, n: usize, stack: &mut Vec<String>) -> Sample {
    let c = &f.constraints;
    if !c.allowed.is_empty() {
        let allowed = &c.allowed[n % c.allowed.len()];
        match ty {
            TypeRef::String | TypeRef::Int32 | TypeRef::Int64 | TypeRef::Decimal => return literal_sample(allowed, ty),
            TypeRef::Model(m) => {
                if let Some(ModelKind::Enum(e)) = api.models.get(m).map(|m| &m.kind) {
                    return literal_sample(allowed, &e.base);
                }
            }
            _ => {}
        }
    }
    match ty {
        TypeRef::String => Sample::Str(text_sample(f, place, n)),
        TypeRef::Int32 | TypeRef::Int64 => {
            let mut v = 2 + n as i64;
            if let Some(lo) = bound_int(&c.minimum).filter(|lo| v < *lo) {
                v = lo;
            }
            if let Some(hi) = bound_int(&c.maximum).filter(|hi| v > *hi) {
                v = hi;
            }
            Sample::Int(v)
        }
        TypeRef::Bool => Sample::Bool(n.is_multiple_of(2)),
        TypeRef::Decimal => Sample::Decimal(decimal_sample(c.minimum.as_ref(), c.maximum.as_ref(), n)),
        TypeRef::Json => Sample::Object(vec![
            ("key".into(), Sample::Str("value".into())),
            ("count".into(), Sample::Int(2)),
            ("nested".into(), Sample::Object(vec![("list".into(), Sample::List(vec![Sample::Int(1), Sample::Bool(true)]))])),
        ]),
        TypeRef::List(inner) => {
            let mut count = 2u64;
            if let Some(max) = c.max_items {
                count = count.min(max);
            }
            if let Some(min) = c.min_items {
                count = count.max(min);
            }
            Sample::List((0..count as usize).map(|i| value_sample(api, f, inner, place, i, stack)).collect())
        }
        TypeRef::Map(inner) => Sample::Object(
            (0..2).map(|i| (format!("key{}", i + 1), value_sample(api, f, inner, place, i, stack))).collect(),
        ),
        TypeRef::Model(m) => model_sample(api, m, n, stack),
    }
}

fn bound_int(l: &Option<Literal>) -> Option<i64> {
    match l {
        Some(Literal::Int(i)) => Some(*i),
        Some(Literal::Number(s)) => s.parse::<f64>().ok().map(|f| f.ceil() as i64),
        _ => None,
    }
}

fn bound_f64(l: Option<&Literal>) -> Option<f64> {
    match l {
        Some(Literal::Int(i)) => Some(*i as f64),
        Some(Literal::Number(s)) => s.parse().ok(),
        _ => None,
    }
}

/// `12.34`, `56.78`, … moved into `[lo, hi]`, keeping a fraction when the range allows one.
fn decimal_sample(lo: Option<&Literal>, hi: Option<&Literal>, n: usize) -> String {
    let base = ["12.34", "56.78", "90.12", "34.56"][n % 4];
    let value: f64 = base.parse().expect("a decimal");
    let (lo, hi) = (bound_f64(lo), bound_f64(hi));
    let fits = |v: f64| lo.is_none_or(|l| v >= l) && hi.is_none_or(|h| v <= h);
    if fits(value) {
        return base.to_string();
    }
    // Out of range: the bound nearest to the base, plus or minus a quarter when that still fits.
    let (bound, step) = match (lo, hi) {
        (Some(l), _) if value < l => (l, 0.25),
        (_, Some(h)) => (h, -0.25),
        (Some(l), None) => (l, 0.25),
        (None, None) => return base.to_string(),
    };
    let candidate = bound + step;
    let chosen = if fits(candidate) { candidate } else { bound };
    format!("{chosen:.2}")
}

/// Text for a string field or parameter, within its length limits.
fn text_sample(f: &Field, place: Place, n: usize) -> String {
    let c = &f.constraints;
    let wire = &f.wire_name;
    let text = match c.format.as_deref().map(str::trim) {
        Some("date-time") => format!("2024-01-0{}T03:04:05Z", 2 + n % 7),
        Some("YYYY-MM") => format!("2024-{:02}", 1 + n % 12),
        Some("YYYY-MM-DD") => format!("2024-01-{:02}", 2 + n % 27),
        Some("digits") => format!("{}", 2 + n),
        Some("decimal") => format!("{}.{:02}", 12 + n, 34 + n % 60),
        _ if place == Place::Json && wire == "error_code" => "CBC.0000".to_string(),
        _ => match place {
            Place::Path => format!("a b/c+中 {wire}"),
            Place::Query => format!("{wire} {n}&x=y+z/中"),
            Place::Header => format!("sample-{n}"),
            Place::Json => format!("{wire} {n} \"中\""),
        },
    };
    let mut chars: Vec<char> = text.chars().collect();
    if let Some(max) = c.max_length {
        chars.truncate(max as usize);
    }
    let min = c.min_length.unwrap_or(0).max(1) as usize;
    while chars.len() < min {
        chars.push('x');
    }
    chars.into_iter().collect()
}

// ---------------------------------------------------------------------------------------------
// Emission

/// The declaration of the module in the crate root.
pub fn module_decl() -> TokenStream {
    quote! {
        /// Sample calls of every operation, for end-to-end tests (feature `test-support`).
        #[cfg(feature = "test-support")]
        #[doc(hidden)]
        pub mod __samples;
    }
}

/// The module: a `SampleCall` per operation (gated by its area's feature) and `calls()`.
pub fn samples_rs(ctx: &Ctx) -> TokenStream {
    let rt = &ctx.runtime_path;
    let client = ident(&ctx.crate_spec.client);
    let json = quote!(#rt::__private::serde_json);
    let mut fns = Vec::new();
    let mut entries = Vec::new();
    for op in &ctx.api.operations {
        let samples = operation_samples(ctx.api, op);
        let fn_name = ident(&format!("sample_{}", op.method_name.bare));
        let call = call_expr(ctx, op, &samples);
        let area = &op.area;
        let name = &op.name;
        let doc = format!(" `{name}` with every parameter and body field set.");
        fns.push(quote! {
            #[doc = #doc]
            #[cfg(feature = #area)]
            fn #fn_name(client: &super::#client) -> SampleFuture<'_> {
                sample(#call)
            }
        });
        entries.push(quote! {
            #[cfg(feature = #area)]
            SampleCall { operation: #name, send: #fn_name },
        });
    }
    quote! {
        //! Sample calls of every operation, generated from the spec for end-to-end tests: each sets
        //! every parameter and body field to a value that satisfies the documented constraints.
        //! Not part of the API (feature `test-support`, off by default).
        #![allow(deprecated)]

        #[allow(unused_imports)]
        use super::models;

        /// One operation's sample call.
        #[derive(Debug, Clone, Copy)]
        pub struct SampleCall {
            /// The operation's spec name.
            pub operation: &'static str,
            /// Sends the sample request and returns the decoded response serialised back to JSON
            /// (`null` for operations without a response body).
            pub send: for<'a> fn(&'a super::#client) -> SampleFuture<'a>,
        }

        /// A sample call under way: the decoded response serialised back to JSON (`null` for
        /// operations without a response body), or the call's error.
        pub type SampleFuture<'a> = #rt::BoxFuture<'a, Result<#json::Value, #rt::Error>>;

        /// Sends `call` and serialises its decoded response back to JSON.
        #[allow(dead_code)]
        fn sample<'a, R>(call: super::Call<'a, R>) -> SampleFuture<'a>
        where
            R: #rt::Operation + Send + Sync + 'a,
            R::Output: #rt::__private::serde::Serialize + Send,
        {
            Box::pin(async move {
                let response = call.send().await?;
                Ok(#json::to_value(&response).expect("a decoded response serialises"))
            })
        }

        /// The sample call of every operation whose area feature is on, in spec order.
        pub const CALLS: &[SampleCall] = &[#(#entries)*];

        /// [`CALLS`] as a vector.
        pub fn calls() -> Vec<SampleCall> {
            CALLS.to_vec()
        }

        #(#fns)*
    }
}

/// `client.method(required…).setter(value)…` with every parameter and the body set.
fn call_expr(ctx: &Ctx, op: &Operation, samples: &OperationSample) -> TokenStream {
    let method = ident(&op.method_name);
    let params = op.caller_params();
    let lookup = |p: &Param| -> Sample {
        let list = match p.location {
            Location::Path => &samples.path,
            Location::Query => &samples.query,
            Location::Header => &samples.headers,
        };
        list.iter().find(|(w, _)| *w == p.wire_name).map(|(_, s)| s.clone()).expect("a sample per parameter")
    };
    let mut args = Vec::new();
    let mut setters = Vec::new();
    for p in params {
        // Arguments and setters of strings take `impl Into<String>`: a literal is enough.
        let value = match (&p.ty, lookup(p)) {
            (TypeRef::String, Sample::Str(s)) => {
                let s = super::docs::str_lit(&s);
                quote!(#s)
            }
            (ty, sample) => value_expr(ctx, ty, &sample),
        };
        match &p.setter {
            None => args.push(value),
            Some(setter) => {
                let setter = ident(setter);
                setters.push(quote!(.#setter(#value)));
            }
        }
    }
    if let (Some(b), Some(sample)) = (&op.body, &samples.body) {
        let value = value_expr(ctx, &TypeRef::Model(b.model.clone()), sample);
        match &b.setter {
            None => args.push(value),
            Some(setter) => {
                let setter = ident(setter);
                setters.push(quote!(.#setter(#value)));
            }
        }
    }
    quote!(client.#method(#(#args),*) #(#setters)*)
}

/// A Rust expression of type `ty` holding `sample`.
fn value_expr(ctx: &Ctx, ty: &TypeRef, sample: &Sample) -> TokenStream {
    let rt = &ctx.runtime_path;
    match (ty, sample) {
        (TypeRef::String, Sample::Str(s)) => {
            let s = super::docs::str_lit(s);
            quote!(String::from(#s))
        }
        (TypeRef::Int32, Sample::Int(i)) => {
            let lit = proc_macro2::Literal::i32_suffixed(i32::try_from(*i).unwrap_or(i32::MAX));
            quote!(#lit)
        }
        (TypeRef::Int64, Sample::Int(i)) => {
            let lit = proc_macro2::Literal::i64_suffixed(*i);
            quote!(#lit)
        }
        (TypeRef::Bool, Sample::Bool(b)) => quote!(#b),
        (TypeRef::Decimal, Sample::Decimal(d)) => {
            let (mantissa, scale) = decimal_parts(d);
            quote!(#rt::Decimal::new(#mantissa, #scale))
        }
        (TypeRef::Json, s) => {
            let text = s.to_json();
            let json = quote!(#rt::__private::serde_json);
            quote!(#json::from_str::<#json::Value>(#text).expect("sample JSON parses"))
        }
        (TypeRef::List(inner), Sample::List(items)) => {
            // `Vec::from([…])` rather than `vec![…]`: an array expression is laid out like the rest
            // of the code, a macro's body as one flowing paragraph of tokens.
            let items = items.iter().map(|i| value_expr(ctx, inner, i));
            quote!(Vec::from([#(#items),*]))
        }
        (TypeRef::Map(inner), Sample::Object(entries)) => {
            let entries = entries.iter().map(|(k, v)| {
                let v = value_expr(ctx, inner, v);
                quote!((String::from(#k), #v))
            });
            quote!(::std::collections::BTreeMap::from([#(#entries),*]))
        }
        (TypeRef::Model(name), s) => model_expr(ctx, name, s),
        (ty, s) => panic!("sample {s:?} does not fit type {ty:?}"),
    }
}

fn model_expr(ctx: &Ctx, name: &str, sample: &Sample) -> TokenStream {
    let model = &ctx.api.models[name];
    let ty = ident(&model.rust_name);
    match &model.kind {
        ModelKind::Enum(e) => {
            let value = e
                .values
                .iter()
                .find(|v| literal_sample(&v.value, &e.base) == *sample)
                .expect("an enumeration sample is one of its values");
            let variant = ident(&value.rust_name);
            quote!(models::#ty::#variant)
        }
        ModelKind::Object(fields) => {
            let entries = sample.as_object();
            let inits = fields.iter().map(|f| {
                let name = ident(&f.rust_name);
                let value = match entries.iter().find(|(w, _)| *w == f.wire_name) {
                    Some((_, s)) => {
                        let v = value_expr(ctx, &f.ty, s);
                        let v = if f.boxed { quote!(Box::new(#v)) } else { v };
                        if f.required { v } else { quote!(Some(#v)) }
                    }
                    None if f.required => quote!(Default::default()),
                    None => quote!(None),
                };
                quote!(#name: #value,)
            });
            quote!(models::#ty { #(#inits)* })
        }
    }
}

/// `12.34` → `(1234, 2)`, the arguments of `Decimal::new`.
fn decimal_parts(text: &str) -> (i64, u32) {
    let (int, frac) = text.split_once('.').unwrap_or((text, ""));
    let mantissa: i64 = format!("{int}{frac}").parse().expect("a decimal sample");
    (mantissa, frac.len() as u32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::Constraints;

    fn field(ty: TypeRef, constraints: Constraints) -> Field {
        Field {
            wire_name: "order_id".into(),
            rust_name: "order_id".into(),
            ty,
            required: false,
            description: None,
            deprecated: false,
            sites: None,
            constraints,
            from_credentials: None,
            boxed: false,
        }
    }

    #[test]
    fn values_respect_constraints() {
        let c = Constraints { max_length: Some(5), ..Default::default() };
        assert_eq!(text_sample(&field(TypeRef::String, c), Place::Path, 0), "a b/c");
        let c = Constraints { min_length: Some(40), ..Default::default() };
        assert_eq!(text_sample(&field(TypeRef::String, c), Place::Header, 0).chars().count(), 40);
        let c = Constraints { minimum: Some(Literal::Int(5)), maximum: Some(Literal::Int(9)), ..Default::default() };
        let api_less = |f: &Field| value_sample(&empty_api(), f, &f.ty, Place::Query, 0, &mut Vec::new());
        assert_eq!(api_less(&field(TypeRef::Int64, c)), Sample::Int(5));
        let c = Constraints { maximum: Some(Literal::Int(1)), ..Default::default() };
        assert_eq!(api_less(&field(TypeRef::Decimal, c)), Sample::Decimal("0.75".into()));
        let c = Constraints { minimum: Some(Literal::Int(100)), ..Default::default() };
        assert_eq!(api_less(&field(TypeRef::Decimal, c)), Sample::Decimal("100.25".into()));
        let c = Constraints { max_items: Some(1), ..Default::default() };
        assert_eq!(api_less(&field(TypeRef::List(Box::new(TypeRef::Int32)), c)), Sample::List(vec![Sample::Int(2)]));
        let c = Constraints { allowed: vec![Literal::Str("zh_CN".into()), Literal::Str("en_US".into())], ..Default::default() };
        let list = api_less(&field(TypeRef::List(Box::new(TypeRef::String)), c));
        assert_eq!(list.query_pairs("lang"), [("lang".to_string(), "zh_CN".to_string()), ("lang".to_string(), "en_US".to_string())]);
        assert_eq!(decimal_parts("12.34"), (1234, 2));
        assert_eq!(Sample::Object(vec![("a\"".into(), Sample::Str("中\n".into()))]).to_json(), r#"{"a\"":"中\n"}"#);
    }

    fn empty_api() -> Api {
        Api {
            service: crate::ir::Service { name: String::new(), title: String::new(), description: None, sites: vec![], crates: vec![], package: None, shared_crate: None },
            areas: vec![],
            models: Default::default(),
            operations: vec![],
            errors: vec![],
        }
    }
}
