//! Validation code: fields with documented constraints (and which models are validated, decided
//! by `resolve`) in, `Validate` checks calling the runtime out.

use super::{ident, Ctx};
use crate::ir::{runtime_format, Field, Literal, ModelKind, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// The checks of `fields`, reading each as `self.<rust_name>`; `request` adds the rule that
/// required texts are not empty. `rt` is the runtime path as the calling file spells it.
pub fn checks(ctx: &Ctx, rt: &TokenStream, fields: &[&Field], request: bool) -> Vec<TokenStream> {
    fields.iter().filter_map(|f| check(ctx, rt, f, request)).collect()
}

fn usize_or(v: Option<u64>, none: TokenStream) -> TokenStream {
    match v {
        Some(n) => {
            let lit = proc_macro2::Literal::u64_unsuffixed(n);
            quote!(#lit)
        }
        None => none,
    }
}

fn opt_usize(v: Option<u64>) -> TokenStream {
    match v {
        Some(n) => {
            let n = proc_macro2::Literal::u64_unsuffixed(n);
            quote!(Some(#n))
        }
        None => quote!(None),
    }
}

fn int_or(l: &Option<Literal>, none: TokenStream) -> TokenStream {
    match l {
        Some(Literal::Int(i)) => {
            let lit = proc_macro2::Literal::i64_unsuffixed(*i);
            quote!(#lit)
        }
        _ => none,
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

fn check(ctx: &Ctx, rt: &TokenStream, f: &Field, request: bool) -> Option<TokenStream> {
    let name = ident(&f.rust_name);
    let wire = &f.wire_name;
    let c = &f.constraints;
    let req = f.required;
    // Each check reads the value as the Option the runtime expects, without needless conversions.
    let pick = |required: TokenStream, optional: TokenStream| if req { required } else { optional };
    let mut out = Vec::new();
    let (min_items, max_items) = (opt_usize(c.min_items), opt_usize(c.max_items));
    let has_length = c.min_length.is_some() || c.max_length.is_some();
    let has_range = c.minimum.is_some() || c.maximum.is_some();
    match &f.ty {
        TypeRef::String => {
            if request && f.must_not_be_empty() {
                out.push(quote!(v.not_empty(#wire, &self.#name);));
            }
            if has_length {
                let (lo, hi) = (usize_or(c.min_length, quote!(0)), usize_or(c.max_length, quote!(usize::MAX)));
                out.push(quote!(v.chars(#wire, &self.#name, #lo, #hi);));
            }
            if !c.allowed.is_empty() {
                let text = pick(quote!(Some(self.#name.as_str())), quote!(self.#name.as_deref()));
                let allowed = literals_as_str(&c.allowed);
                out.push(quote!(v.one_of(#wire, #text, &[#(#allowed),*]);));
            }
            if let Some(format) = c.format.as_deref().and_then(runtime_format) {
                let format = ident(format);
                out.push(quote!(v.format(#wire, &self.#name, #rt::Format::#format);));
            }
        }
        TypeRef::Int32 | TypeRef::Int64 => {
            if has_range {
                let (lo, hi) = (int_or(&c.minimum, quote!(i64::MIN)), int_or(&c.maximum, quote!(i64::MAX)));
                out.push(quote!(v.int_range(#wire, &self.#name, #lo, #hi);));
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
                let (min_len, max_len) = (opt_usize(c.min_length), opt_usize(c.max_length));
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
        if ctx.api.models.get(m).is_some_and(|m| m.validated) && !matches!(f.ty, TypeRef::Map(_)) {
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
