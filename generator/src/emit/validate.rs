//! Validation code: fields with documented constraints in, `Validate` checks calling the runtime out.

use super::{ident, Ctx};
use crate::ir::{Api, Constraints, Field, Literal, ModelKind, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeSet;

/// Models that have something to check: a constrained field, or a field of such a model.
pub fn validated_models(api: &Api) -> BTreeSet<String> {
    let mut set = BTreeSet::new();
    loop {
        let before = set.len();
        for (name, model) in &api.models {
            if let ModelKind::Object(fields) = &model.kind {
                if fields.iter().any(|f| field_needs_check(f, &set)) {
                    set.insert(name.clone());
                }
            }
        }
        if set.len() == before {
            return set;
        }
    }
}

fn field_needs_check(f: &Field, validated: &BTreeSet<String>) -> bool {
    !f.constraints.is_empty_for_validation() || f.ty.model().is_some_and(|m| validated.contains(m) && !matches!(f.ty, TypeRef::Map(_)))
}

impl Constraints {
    /// True when no constraint is checked client-side (`default` and `format` are documentation).
    pub fn is_empty_for_validation(&self) -> bool {
        self.max_length.is_none()
            && self.min_length.is_none()
            && self.minimum.is_none()
            && self.maximum.is_none()
            && self.max_items.is_none()
            && self.min_items.is_none()
            && self.allowed.is_empty()
    }
}

/// The checks of `fields`, reading each as `self.<rust_name>`.
pub fn checks(ctx: &Ctx, fields: &[&Field]) -> Vec<TokenStream> {
    fields.iter().filter_map(|f| check(ctx, f)).collect()
}

fn opt_usize(v: Option<u64>) -> TokenStream {
    match v {
        Some(n) => {
            let n = n as usize;
            quote!(Some(#n))
        }
        None => quote!(None),
    }
}

fn int_lit(l: &Option<Literal>) -> TokenStream {
    match l {
        Some(Literal::Int(i)) => quote!(Some(#i)),
        _ => quote!(None),
    }
}

fn text_lit(l: &Option<Literal>) -> TokenStream {
    match l {
        Some(Literal::Int(i)) => {
            let s = i.to_string();
            quote!(Some(#s))
        }
        Some(Literal::Number(n)) => quote!(Some(#n)),
        _ => quote!(None),
    }
}

fn check(ctx: &Ctx, f: &Field) -> Option<TokenStream> {
    let rt = &ctx.rt;
    let name = ident(&f.rust_name);
    let wire = &f.wire_name;
    let c = &f.constraints;
    let req = f.required;
    // Each check reads the value as the Option the runtime expects, without needless conversions.
    let pick = |required: TokenStream, optional: TokenStream| if req { required } else { optional };
    let mut out = Vec::new();
    let (min_len, max_len) = (opt_usize(c.min_length), opt_usize(c.max_length));
    let (min_items, max_items) = (opt_usize(c.min_items), opt_usize(c.max_items));
    let has_length = c.min_length.is_some() || c.max_length.is_some();
    let has_range = c.minimum.is_some() || c.maximum.is_some();
    match &f.ty {
        TypeRef::String => {
            let text = pick(quote!(Some(self.#name.as_str())), quote!(self.#name.as_deref()));
            if has_length {
                out.push(quote!(v.length(#wire, #text, #min_len, #max_len);));
            }
            if !c.allowed.is_empty() {
                let allowed = literals_as_str(&c.allowed);
                out.push(quote!(v.one_of(#wire, #text, &[#(#allowed),*]);));
            }
        }
        TypeRef::Int32 | TypeRef::Int64 => {
            if has_range {
                let (lo, hi) = (int_lit(&c.minimum), int_lit(&c.maximum));
                let number = match (&f.ty, req) {
                    (TypeRef::Int32, true) => quote!(Some(i64::from(self.#name))),
                    (TypeRef::Int32, false) => quote!(self.#name.map(i64::from)),
                    (_, true) => quote!(Some(self.#name)),
                    (_, false) => quote!(self.#name),
                };
                out.push(quote!(v.range(#wire, #number, #lo, #hi);));
            }
            if !c.allowed.is_empty() {
                let allowed = allowed_tokens(&c.allowed, false);
                let value = pick(quote!(Some(&self.#name)), quote!(self.#name.as_ref()));
                out.push(quote!(v.one_of(#wire, #value, &[#(#allowed),*]);));
            }
        }
        TypeRef::Decimal if has_range => {
            let (lo, hi) = (text_lit(&c.minimum), text_lit(&c.maximum));
            let number = pick(quote!(Some(self.#name)), quote!(self.#name));
            out.push(quote!(v.decimal_range(#wire, #number, #lo, #hi);));
        }
        TypeRef::List(inner) => {
            if c.min_items.is_some() || c.max_items.is_some() {
                let len = pick(quote!(Some(self.#name.len())), quote!(self.#name.as_ref().map(Vec::len)));
                out.push(quote!(v.items(#wire, #len, #min_items, #max_items);));
            }
            if **inner == TypeRef::String && has_length {
                let slice = pick(quote!(Some(self.#name.as_slice())), quote!(self.#name.as_deref()));
                out.push(quote!(v.each_length(#wire, #slice, #min_len, #max_len);));
            }
            if **inner == TypeRef::String && !c.allowed.is_empty() {
                let allowed = literals_as_str(&c.allowed);
                let iter = pick(quote!(self.#name.iter()), quote!(self.#name.iter().flatten()));
                out.push(quote! {
                    for (i, item) in #iter.enumerate() {
                        v.one_of(&format!("{}[{i}]", #wire), Some(item.as_str()), &[#(#allowed),*]);
                    }
                });
            }
            if let Some(text_enum) = enum_base_is_text(ctx, inner).filter(|_| !c.allowed.is_empty()) {
                let allowed = allowed_tokens(&c.allowed, text_enum);
                let iter = pick(quote!(self.#name.iter()), quote!(self.#name.iter().flatten()));
                let item = if text_enum { quote!(Some(item.as_str())) } else { quote!(Some(&item.value())) };
                out.push(quote! {
                    for (i, item) in #iter.enumerate() {
                        v.one_of(&format!("{}[{i}]", #wire), #item, &[#(#allowed),*]);
                    }
                });
            }
        }
        TypeRef::Model(_) if !c.allowed.is_empty() => {
            if let Some(text_enum) = enum_base_is_text(ctx, &f.ty) {
                let allowed = allowed_tokens(&c.allowed, text_enum);
                let value = match (text_enum, req) {
                    (true, true) => quote!(Some(self.#name.as_str())),
                    (true, false) => quote!(self.#name.as_ref().map(|e| e.as_str())),
                    (false, true) => quote!(Some(&self.#name.value())),
                    (false, false) => quote!(self.#name.as_ref().map(|e| e.value()).as_ref()),
                };
                out.push(quote!(v.one_of(#wire, #value, &[#(#allowed),*]);));
            }
        }
        _ => {}
    }
    if let Some(m) = f.ty.model() {
        if ctx.validated.contains(m) && !matches!(f.ty, TypeRef::Map(_)) {
            out.push(quote!(v.nested(#wire, |v| #rt::Validate::validate(&self.#name, v));));
        }
    }
    (!out.is_empty()).then(|| quote!(#(#out)*))
}

/// For an enumeration type: whether its wire values are text (`Some(true)`) or integers.
fn enum_base_is_text(ctx: &Ctx, ty: &TypeRef) -> Option<bool> {
    match &ctx.api.models.get(ty.model()?)?.kind {
        ModelKind::Enum(e) => Some(e.base == TypeRef::String),
        ModelKind::Object(_) => None,
    }
}

/// Allowed values as `&str` or integer literals.
fn allowed_tokens(values: &[Literal], text: bool) -> Vec<TokenStream> {
    if text {
        return literals_as_str(values);
    }
    values
        .iter()
        .filter_map(|l| match l {
            Literal::Int(i) => {
                let lit = proc_macro2::Literal::i64_unsuffixed(*i);
                Some(quote!(&#lit))
            }
            _ => None,
        })
        .collect()
}

fn literals_as_str(values: &[Literal]) -> Vec<TokenStream> {
    values
        .iter()
        .map(|l| match l {
            Literal::Str(s) => quote!(#s),
            other => {
                let s = other.to_string();
                quote!(#s)
            }
        })
        .collect()
}
