//! Model modules: the models of one area in, serde structs and forward-compatible enums out.

use super::docs::{code, doc_attrs, prose};
use super::{ident, Ctx};
use crate::ir::{EnumModel, Field, Literal, Model, ModelKind, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// The `models` module: one sub-module per area, as files or (`inline`) with their contents.
pub fn models_mod(ctx: &Ctx, inline: Option<&[(String, TokenStream)]>) -> TokenStream {
    let mods = super::model_areas(ctx.api).map(|a| {
        let m = ident(&a.module);
        let doc = format!(" Models of the `{}` area.", a.name);
        let body = super::module_body(inline, &a.name);
        let gate = area_gate(ctx, &a.name);
        quote! { #[doc = #doc] #gate mod #m #body #gate pub use #m::*; }
    });
    // The models shared with the other SDK crates come from the shared crate (with some
    // features, none of them: the glob then imports nothing).
    let shared = ctx.shared.map(|shared| {
        let lib = ident(&shared.lib_name);
        quote! {
            #[doc(inline)]
            #[allow(unused_imports)]
            pub use ::#lib::models::*;
        }
    });
    quote! {
        #![doc = " Models: the JSON bodies of requests and responses, one struct or enum per spec model."]
        #shared
        #(#mods)*
    }
}

/// The union of the features of an area's models, so that a module whose models are all
/// switched off disappears too (and its glob re-export does not warn); `None` when some model of
/// the area is needed whatever the features.
fn area_gate(ctx: &Ctx, area: &str) -> Option<TokenStream> {
    if !ctx.features {
        return None;
    }
    let mut union = std::collections::BTreeSet::new();
    for m in ctx.by_area.models(area) {
        if m.needed_by_areas.is_empty() {
            return None;
        }
        union.extend(m.needed_by_areas.iter().cloned());
    }
    Some(super::features::cfg_any(&union))
}

pub fn area_file(ctx: &Ctx, area: &str) -> TokenStream {
    let items = ctx.by_area.models(area).iter().map(|m| {
        // Every item of a model carries the features that need it (emitted directly: parsing
        // the tokens back to add attributes cost a quarter of the generation time).
        let gate = (ctx.features && !m.needed_by_areas.is_empty()).then(|| super::features::cfg_any(&m.needed_by_areas));
        model(ctx, m, gate.as_ref())
    });
    quote! {
        #[allow(unused_imports)]
        use super::super::models;

        #(#items)*
    }
}

fn model(ctx: &Ctx, m: &Model, gate: Option<&TokenStream>) -> TokenStream {
    match &m.kind {
        ModelKind::Object(fields) => object(ctx, m, fields, gate),
        ModelKind::Enum(e) => enumeration(ctx, m, e, gate),
    }
}

fn model_doc(m: &Model) -> TokenStream {
    let mut text = match &m.description {
        Some(d) => prose(d),
        None => format!("The {} model.", code(&m.name)),
    };
    if m.rust_name != m.name {
        text.push_str(&format!("\n\nSpec name: {}.", code(&m.name)));
    }
    doc_attrs(&text)
}

fn object(ctx: &Ctx, m: &Model, fields: &[Field], gate: Option<&TokenStream>) -> TokenStream {
    let name = ident(&m.rust_name);
    let doc = model_doc(m);
    let default = m.defaultable.then(|| quote!(Default,));
    let deprecated = m.deprecated.then(|| quote!(#[deprecated(note = "deprecated in the spec")]));
    let validate = m.validated.then(|| {
        let rt = &ctx.runtime_path;
        let refs: Vec<&Field> = fields.iter().collect();
        let checks = super::validate::checks(ctx, rt, &refs, m.sent_in_requests);
        quote! {
            #gate
            impl #rt::Validate for #name {
                fn validate(&self, v: &mut #rt::Violations) {
                    #(#checks)*
                }
            }
        }
    });
    let serde = serde_impls(ctx, &name, fields, gate);
    let fields = fields.iter().map(|f| field(ctx, f));
    quote! {
        #gate
        #doc
        #deprecated
        #[derive(Debug, Clone, PartialEq, #default)]
        pub struct #name {
            #(#fields)*
        }
        #serde
        #validate
    }
}

/// The runtime slot kind of a field (see the runtime's `model` module): optional or required,
/// read directly or as exact decimals.
fn kind(f: &Field) -> &'static str {
    let decimal = match &f.ty {
        TypeRef::Decimal => Some(false),
        TypeRef::List(inner) if **inner == TypeRef::Decimal => Some(true),
        _ => None,
    };
    match (f.required, decimal) {
        (false, None) => "Opt",
        (true, None) => "Req",
        (false, Some(false)) => "OptDec",
        (true, Some(false)) => "ReqDec",
        (false, Some(true)) => "OptDecs",
        (true, Some(true)) => "ReqDecs",
    }
}

/// Fields per group of the runtime's `object_serde!` (it implements its traits for tuples of up to
/// 12 slots).
const GROUP: usize = 12;

/// `Serialize` and `Deserialize` as a declaration: the runtime's `object_serde!` with each field's
/// Rust name, slot kind and wire name, in spec order (the order of keys in JSON bodies).
fn serde_impls(ctx: &Ctx, name: &proc_macro2::Ident, fields: &[Field], gate: Option<&TokenStream>) -> TokenStream {
    let rt = &ctx.runtime_path;
    let groups = fields.chunks(GROUP).map(|group| {
        let entries = group.iter().map(|f| {
            let member = ident(&f.rust_name);
            let kind = ident(kind(f));
            let wire = &f.wire_name;
            quote!(#member: #kind #wire)
        });
        quote!([#(#entries),*])
    });
    quote! {
        #rt::object_serde! { #gate #name { #(#groups)* } }
    }
}

/// Doc text of a field: description, constraints, sites, and the wire name when it differs from
/// the Rust name.
pub fn field_doc(f: &Field, wire_label: &str) -> String {
    let mut parts = Vec::new();
    match &f.description {
        Some(d) => parts.push(prose(d)),
        None => parts.push(format!("{} {}.", wire_label, code(&f.wire_name))),
    }
    let constraints = f.constraints.describe();
    if !constraints.is_empty() {
        parts.push(format!("Constraints: {}.", constraints.join("; ")));
    }
    if let Some(sites) = &f.sites {
        parts.push(format!("Only on sites: {}.", sites.iter().map(|s| code(s)).collect::<Vec<_>>().join(", ")));
    }
    // The JSON key is worth a line only where the Rust name does not already spell it.
    if f.description.is_some() && f.rust_name.trim_start_matches("r#") != f.wire_name {
        parts.push(format!("Wire name: {}.", code(&f.wire_name)));
    }
    parts.join("\n\n")
}

fn field(ctx: &Ctx, f: &Field) -> TokenStream {
    let name = ident(&f.rust_name);
    let doc = doc_attrs(&field_doc(f, "JSON field"));
    let inner = ctx.rust_type(&f.ty);
    let inner = if f.boxed { quote!(Box<#inner>) } else { inner };
    let ty = if f.required { inner } else { quote!(Option<#inner>) };
    let deprecated = f.deprecated.then(|| quote!(#[deprecated(note = "deprecated in the spec")]));
    quote! {
        #doc
        #deprecated
        pub #name: #ty,
    }
}

fn enumeration(ctx: &Ctx, m: &Model, e: &EnumModel, gate: Option<&TokenStream>) -> TokenStream {
    let rt = &ctx.runtime_path;
    let name = ident(&m.rust_name);
    let doc = model_doc(m);
    let is_string = e.base == TypeRef::String;
    let raw_ty = if is_string { quote!(String) } else { ctx.rust_type(&e.base) };
    let variants = e.values.iter().map(|v| {
        let var = ident(&v.rust_name);
        let text = match &v.description {
            Some(d) => format!("{}: {}", code(&v.value.to_string()), prose(d)),
            None => format!("The value {}.", code(&v.value.to_string())),
        };
        let doc = doc_attrs(&text);
        quote! { #doc #var, }
    });
    let arms = e.values.iter().map(|v| {
        let var = ident(&v.rust_name);
        let lit = literal_tokens(&v.value);
        quote!(#var = #lit)
    });
    let base = if is_string { quote!(str) } else { raw_ty.clone() };
    quote! {
        #gate
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this version of the SDK does not know; kept as sent.
            Unknown(#raw_ty),
        }
        #rt::enum_serde! { #gate #name: #base { #(#arms),* } }
    }
}

fn literal_tokens(l: &Literal) -> TokenStream {
    match l {
        Literal::Str(s) => quote!(#s),
        Literal::Int(i) => {
            let lit = proc_macro2::Literal::i64_unsuffixed(*i);
            quote!(#lit)
        }
        Literal::Bool(b) => quote!(#b),
        Literal::Number(n) => quote!(#n),
    }
}
