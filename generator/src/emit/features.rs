//! Cargo features per API area: which areas need each model, and the `#[cfg]` gates that follow.

use crate::ir::{reachable, Api};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};

/// The feature that enables every area.
#[cfg_attr(not(feature = "crates"), allow(dead_code))]
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
