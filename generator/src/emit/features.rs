//! Cargo features per API area: the areas that need a model (decided by `resolve`) in, the
//! `#[cfg]` gates that follow out.

use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeSet;

/// The feature that enables every area.
#[cfg_attr(not(feature = "crates"), allow(dead_code))]
pub const ALL_AREAS: &str = "all-areas";

/// `#[cfg(any(feature = "a", …))]` for a set of areas.
pub fn cfg_any(areas: &BTreeSet<String>) -> TokenStream {
    if let [only] = areas.iter().collect::<Vec<_>>()[..] {
        return quote!(#[cfg(feature = #only)]);
    }
    let names = areas.iter();
    quote!(#[cfg(any(#(feature = #names),*))])
}
