//! The error-code catalog module: catalog entries in, a sorted static table and code constants out.

use super::docs::{code, doc_attrs, prose};
use super::Ctx;
use crate::naming;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

pub fn errors_rs(ctx: &Ctx) -> TokenStream {
    let rt = &ctx.rt;
    let entries = ctx.api.errors.iter().map(|e| {
        let code_text = &e.code;
        let status = opt(e.status.map(|s| quote!(#s)));
        let message = opt(e.message.as_ref().map(|m| quote!(#m)));
        let zh = opt(e.description_zh.as_ref().map(|m| quote!(#m)));
        let category = opt(e.category.as_ref().map(|c| {
            let variant = format_ident!("{}", naming::camel_ident(c));
            quote!(#rt::ErrorCategory::#variant)
        }));
        let retryable = e.retryable;
        let replaced_by = opt(e.replaced_by.as_ref().map(|m| quote!(#m)));
        let replaces = opt(e.replaces.as_ref().map(|m| quote!(#m)));
        quote! {
            #rt::ErrorCodeInfo {
                code: #code_text,
                status: #status,
                message: #message,
                description_zh: #zh,
                category: #category,
                retryable: #retryable,
                replaced_by: #replaced_by,
                replaces: #replaces,
            }
        }
    });
    let constants = ctx.api.errors.iter().map(|e| {
        let name = format_ident!("{}", naming::screaming_ident(&e.code));
        let value = &e.code;
        let mut doc = vec![format!("{}.", code(&e.code))];
        match &e.message {
            Some(m) => doc.push(prose(m)),
            None => doc.push("English message: unknown.".into()),
        }
        if let Some(zh) = &e.description_zh {
            doc.push(format!("中文: {}", prose(zh)));
        }
        match e.status {
            Some(s) => doc.push(format!("HTTP status: {s}.")),
            None => doc.push("HTTP status: unknown.".into()),
        }
        if let Some(newer) = &e.replaced_by {
            doc.push(format!("Legacy code, replaced by {}: handle both.", code(newer)));
        }
        if let Some(legacy) = &e.replaces {
            doc.push(format!("Replaces the legacy code {}: handle both.", code(legacy)));
        }
        if let Some(n) = &e.notes {
            doc.push(format!("Note: {}", prose(n)));
        }
        let doc = doc_attrs(&doc.join("\n\n"));
        quote! { #doc pub const #name: &str = #value; }
    });
    let count = ctx.api.errors.len();
    let summary = format!("The {count} documented `CBC.xxxx` error codes, sorted by code.");
    quote! {
        #![doc = " The error-code catalog: every documented `CBC.xxxx` code with its HTTP status, English message and Chinese description."]

        #[doc = #summary]
        pub static CATALOG: &[#rt::ErrorCodeInfo] = &[ #(#entries),* ];

        /// The catalog entry of `code` (e.g. `"CBC.0100"`), if documented.
        pub fn lookup(code: &str) -> Option<&'static #rt::ErrorCodeInfo> {
            #rt::error::lookup_code(CATALOG, code)
        }

        /// The catalog entry of the error code of `error`, if it has a documented one.
        pub fn describe(error: &#rt::Error) -> Option<&'static #rt::ErrorCodeInfo> {
            error.code().and_then(lookup)
        }

        /// Error codes as constants, for matching on [`Error::code`](super::super::Error::code).
        pub mod codes {
            #(#constants)*
        }
    }
}

fn opt(v: Option<TokenStream>) -> TokenStream {
    match v {
        Some(t) => quote!(Some(#t)),
        None => quote!(None),
    }
}
