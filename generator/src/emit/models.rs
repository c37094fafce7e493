//! Model modules: the models of one area in, serde structs and forward-compatible enums out.

use super::docs::{code, doc_attrs, prose};
use super::{ident, Ctx};
use crate::ir::{EnumModel, Field, Literal, Model, ModelKind, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// The `models` module: one sub-module per area, as files or (`inline`) with their contents.
pub fn models_mod(ctx: &Ctx, inline: Option<&[(String, TokenStream)]>) -> TokenStream {
    let areas = super::model_areas(ctx.api);
    let mods = areas.iter().map(|a| {
        let m = ident(a);
        let doc = format!(" Models of the `{a}` area.");
        let body = super::module_body(inline, a);
        let gate = area_gate(ctx, a);
        quote! { #[doc = #doc] #gate mod #m #body #gate pub use #m::*; }
    });
    quote! {
        #![doc = " Models: the JSON bodies of requests and responses, one struct or enum per spec model."]
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
    for m in ctx.api.models.values().filter(|m| m.area == area) {
        union.extend(ctx.model_features.get(&m.name)?.iter().cloned());
    }
    Some(super::features::cfg_any(&union))
}

pub fn area_file(ctx: &Ctx, area: &str) -> TokenStream {
    let items = ctx.api.models.values().filter(|m| m.area == area).map(|m| {
        // Every item of a model carries the features that need it (emitted directly: parsing
        // the tokens back to add attributes cost a quarter of the generation time).
        let gate = ctx.model_features.get(&m.name).map(super::features::cfg_any);
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
    if m.name != m.rust_name {
        text.push_str(&format!("\n\nSpec name: {}.", code(&m.name)));
    }
    doc_attrs(&text)
}

fn object(ctx: &Ctx, m: &Model, fields: &[Field], gate: Option<&TokenStream>) -> TokenStream {
    let name = ident(&m.rust_name);
    let doc = model_doc(m);
    let default = ctx.defaultable.contains(&m.name).then(|| quote!(Default,));
    let deprecated = m.deprecated.then(|| quote!(#[deprecated(note = "deprecated in the spec")]));
    let validate = ctx.validated.contains(&m.name).then(|| {
        let rt = &ctx.rt;
        let refs: Vec<&Field> = fields.iter().collect();
        let checks = super::validate::checks(ctx, rt, &refs, ctx.request_models.contains(&m.name));
        quote! {
            #gate
            impl #rt::Validate for #name {
                fn validate(&self, v: &mut #rt::Violations) {
                    #(#checks)*
                }
            }
        }
    });
    let serialize = serialize_impl(ctx, &name, fields, gate);
    let deserialize = deserialize_impl(ctx, &name, fields, gate);
    let fields = fields.iter().map(|f| field(ctx, f));
    quote! {
        #gate
        #doc
        #deprecated
        #[derive(Debug, Clone, PartialEq, #default)]
        pub struct #name {
            #(#fields)*
        }
        #serialize
        #deserialize
        #validate
    }
}

/// How a field's value meets serde: directly, or through the runtime's exact-decimal wrappers.
enum Codec {
    Plain,
    Decimal,
    DecimalList,
}

fn codec(ty: &TypeRef) -> Codec {
    match ty {
        TypeRef::Decimal => Codec::Decimal,
        TypeRef::List(inner) if **inner == TypeRef::Decimal => Codec::DecimalList,
        _ => Codec::Plain,
    }
}

/// `Serialize` as a map of the fields in spec order, leaving out `None`s (what a derive with
/// `skip_serializing_if` would do, at a fraction of the compile time).
fn serialize_impl(ctx: &Ctx, name: &proc_macro2::Ident, fields: &[Field], gate: Option<&TokenStream>) -> TokenStream {
    let rt = &ctx.rt;
    let serde = ctx.serde_path();
    let entries = fields.iter().map(|f| {
        let member = ident(&f.rust_name);
        let wire = &f.wire_name;
        // `place` is the field itself (required) or `v`, a reference to the value (optional).
        let value = |place: TokenStream, by_ref: bool| match (codec(&f.ty), by_ref) {
            (Codec::Plain, true) => place,
            (Codec::Plain, false) => quote!(&#place),
            (Codec::Decimal, true) => quote!(&#rt::model::Dec(*#place)),
            (Codec::Decimal, false) => quote!(&#rt::model::Dec(#place)),
            (Codec::DecimalList, true) => quote!(&#rt::model::DecList(#place)),
            (Codec::DecimalList, false) => quote!(&#rt::model::DecList(&#place)),
        };
        if f.required {
            let v = value(quote!(self.#member), false);
            quote!(m.serialize_entry(#wire, #v)?;)
        } else {
            let v = value(quote!(v), true);
            quote!(if let Some(v) = &self.#member { m.serialize_entry(#wire, #v)?; })
        }
    });
    let m = if fields.is_empty() { quote!(m) } else { quote!(mut m) };
    quote! {
        #gate
        #[allow(deprecated)]
        impl #serde::Serialize for #name {
            fn serialize<S: #serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use #rt::model::SerializeMap as _;
                let #m = s.serialize_map(None)?;
                #(#entries)*
                m.end()
            }
        }
    }
}

/// `Deserialize` as one loop over the object's keys: known keys fill their field, unknown ones
/// are skipped, `null` reads as `None`, and a missing required field is an error naming it.
fn deserialize_impl(ctx: &Ctx, name: &proc_macro2::Ident, fields: &[Field], gate: Option<&TokenStream>) -> TokenStream {
    let rt = &ctx.rt;
    let serde = ctx.serde_path();
    let expecting = format!("struct {name}");
    let wires: Vec<&str> = fields.iter().map(|f| f.wire_name.as_str()).collect();
    let locals: Vec<proc_macro2::Ident> = (0..fields.len()).map(|i| quote::format_ident!("f{i}")).collect();
    let arms = fields.iter().zip(&locals).enumerate().map(|(i, (f, local))| {
        let read = match (codec(&f.ty), f.required) {
            (Codec::Plain, true) => quote!(Some(m.next_value()?)),
            (Codec::Plain, false) => quote!(m.next_value()?),
            (Codec::Decimal, true) => quote!(Some(m.next_value::<#rt::model::Dec>()?.0)),
            (Codec::Decimal, false) => quote!(m.next_value::<Option<#rt::model::Dec>>()?.map(|d| d.0)),
            (Codec::DecimalList, true) => quote!(Some(#rt::model::decimals(m.next_value()?))),
            (Codec::DecimalList, false) => quote!(m.next_value::<Option<Vec<#rt::model::Dec>>>()?.map(#rt::model::decimals)),
        };
        quote!(Some(#i) => #local = #read,)
    });
    let inits = fields.iter().zip(&locals).map(|(f, local)| {
        let member = ident(&f.rust_name);
        let wire = &f.wire_name;
        if f.required {
            quote!(#member: #local.ok_or_else(|| #rt::model::missing(#wire))?,)
        } else {
            quote!(#member: #local,)
        }
    });
    quote! {
        #gate
        #[allow(deprecated)]
        impl<'de> #serde::Deserialize<'de> for #name {
            fn deserialize<D: #serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl<'de> #rt::model::Visitor<'de> for V {
                    type Value = #name;
                    fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        f.write_str(#expecting)
                    }
                    fn visit_map<A: #rt::model::MapAccess<'de>>(self, mut m: A) -> Result<#name, A::Error> {
                        #(let mut #locals = None;)*
                        while let Some(key) = m.next_key_seed(#rt::model::FieldIndex(&[#(#wires),*]))? {
                            match key {
                                #(#arms)*
                                _ => {
                                    m.next_value::<#rt::model::IgnoredAny>()?;
                                }
                            }
                        }
                        Ok(#name { #(#inits)* })
                    }
                }
                d.deserialize_map(V)
            }
        }
    }
}

/// Doc text of a field or parameter: description, wire name, constraints.
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
    if f.description.is_some() {
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
    let rt = &ctx.rt;
    let serde = ctx.serde_path();
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
    let value_arms = e.values.iter().map(|v| {
        let var = ident(&v.rust_name);
        let lit = literal_tokens(&v.value);
        quote! { #name::#var => #lit, }
    });
    let parse_arms = e.values.iter().map(|v| {
        let var = ident(&v.rust_name);
        let lit = literal_tokens(&v.value);
        quote! { #lit => #name::#var, }
    });
    let (value_fn, from_impl, ser, de_ty) = if is_string {
        (
            quote! {
                /// The wire value.
                pub fn as_str(&self) -> &str {
                    match self { #(#value_arms)* #name::Unknown(other) => other.as_str() }
                }
            },
            quote! {
                #gate
                impl From<&str> for #name {
                    fn from(value: &str) -> Self {
                        match value { #(#parse_arms)* other => #name::Unknown(other.to_owned()) }
                    }
                }
                #gate
                impl std::fmt::Display for #name {
                    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { f.write_str(self.as_str()) }
                }
                #gate
                impl #rt::ParamValue for #name {
                    fn to_param(&self) -> String { self.as_str().to_owned() }
                }
            },
            quote! { serializer.serialize_str(self.as_str()) },
            quote! { String },
        )
    } else {
        (
            quote! {
                /// The wire value.
                pub fn value(&self) -> #raw_ty {
                    match self { #(#value_arms)* #name::Unknown(other) => *other }
                }
            },
            quote! {
                #gate
                impl From<#raw_ty> for #name {
                    fn from(value: #raw_ty) -> Self {
                        match value { #(#parse_arms)* other => #name::Unknown(other) }
                    }
                }
                #gate
                impl std::fmt::Display for #name {
                    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { write!(f, "{}", self.value()) }
                }
                #gate
                impl #rt::ParamValue for #name {
                    fn to_param(&self) -> String { self.value().to_string() }
                }
            },
            quote! { #serde::Serialize::serialize(&self.value(), serializer) },
            quote! { #raw_ty },
        )
    };
    let from_call = if is_string { quote!(#name::from(raw.as_str())) } else { quote!(#name::from(raw)) };
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
        #gate
        impl #name {
            #value_fn
        }
        #from_impl
        #gate
        impl #serde::Serialize for #name {
            fn serialize<S: #serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> { #ser }
        }
        #gate
        impl<'de> #serde::Deserialize<'de> for #name {
            fn deserialize<D: #serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let raw = <#de_ty as #serde::Deserialize>::deserialize(deserializer)?;
                Ok(#from_call)
            }
        }
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
