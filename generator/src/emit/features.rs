//! Cargo features per API area: which areas need each model, and the `#[cfg]` gates that follow.

use crate::ir::{reachable, Api};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};

/// The feature that enables every area.
pub const ALL_AREAS: &str = "all-areas";

/// For each model reached by some operation: the areas (features) whose operations reach it.
pub fn model_features(api: &Api) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for area in super::operation_areas(api) {
        let ops = api.operations.iter().filter(|o| o.area == area);
        for model in reachable(&api.models, ops) {
            out.entry(model).or_default().insert(area.clone());
        }
    }
    out
}

/// `#[cfg(any(feature = "a", …))]` for a set of areas.
pub fn cfg_any(areas: &BTreeSet<String>) -> TokenStream {
    if let [only] = areas.iter().collect::<Vec<_>>()[..] {
        return quote!(#[cfg(feature = #only)]);
    }
    let names = areas.iter();
    quote!(#[cfg(any(#(feature = #names),*))])
}

/// Adds `gate` to every item of `tokens` (a sequence of items).
pub fn gate_items(tokens: TokenStream, gate: &TokenStream) -> TokenStream {
    let mut file: syn::File = syn::parse2(tokens).expect("emitted model items parse");
    let attrs: Vec<syn::Attribute> = syn::parse::Parser::parse2(syn::Attribute::parse_outer, gate.clone()).expect("a cfg attribute");
    for item in &mut file.items {
        if let Some(existing) = item_attrs(item) {
            existing.splice(0..0, attrs.iter().cloned());
        }
    }
    let items = file.items;
    quote!(#(#items)*)
}

fn item_attrs(item: &mut syn::Item) -> Option<&mut Vec<syn::Attribute>> {
    use syn::Item::*;
    Some(match item {
        Struct(i) => &mut i.attrs,
        Enum(i) => &mut i.attrs,
        Impl(i) => &mut i.attrs,
        Const(i) => &mut i.attrs,
        Fn(i) => &mut i.attrs,
        Static(i) => &mut i.attrs,
        Type(i) => &mut i.attrs,
        Use(i) => &mut i.attrs,
        Mod(i) => &mut i.attrs,
        Trait(i) => &mut i.attrs,
        _ => return None,
    })
}
