//! The error-code catalog module: catalog entries in, a sorted static table and code constants out.

use super::docs::{code, doc_attrs, prose, str_lit};
use super::{ident, Ctx};
use proc_macro2::TokenStream;
use quote::{quote, ToTokens};

/// The `errors` module of an SDK crate that has its own catalog.
pub fn errors_rs(ctx: &Ctx) -> TokenStream {
    let items = catalog_items(ctx);
    quote! {
        #![doc = " The error-code catalog: every documented `CBC.xxxx` code with its HTTP status, English message and Chinese description."]
        #items
    }
}

/// The catalog, its lookups and the `ErrorCode` enum.
fn catalog_items(ctx: &Ctx) -> TokenStream {
    let rt = &ctx.runtime_path;
    let entries = ctx.api.errors.iter().map(|e| {
        let code_text = &e.code;
        let status = opt(e.status.map(|s| quote!(#s)));
        let message = opt(e.message.as_deref().map(|m| str_lit(m).into_token_stream()));
        let zh = opt(e.description_zh.as_deref().map(|m| str_lit(m).into_token_stream()));
        let category = opt(e.category.as_ref().map(|c| {
            let variant = ident(&c.rust_name);
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
    let variants: Vec<proc_macro2::Ident> = ctx.api.errors.iter().map(|e| ident(&e.rust_name)).collect();
    let codes: Vec<&String> = ctx.api.errors.iter().map(|e| &e.code).collect();
    let variant_docs = ctx.api.errors.iter().map(|e| {
        let mut doc = vec![format!("{}: {}", code(&e.code), e.message.as_deref().map_or("English message unknown.".to_string(), prose))];
        if let Some(zh) = &e.description_zh {
            doc.push(format!("中文: {}", prose(zh)));
        }
        doc.push(match e.status {
            Some(s) => format!("HTTP status: {s}."),
            None => "HTTP status: unknown.".into(),
        });
        if let Some(newer) = &e.replaced_by {
            doc.push(format!("Legacy code, replaced by {}: handle both.", code(newer)));
        }
        if let Some(legacy) = &e.replaces {
            doc.push(format!("Replaces the legacy code {}: handle both.", code(legacy)));
        }
        if let Some(n) = &e.notes {
            doc.push(format!("Note: {}", prose(n)));
        }
        doc_attrs(&doc.join("\n\n"))
    });
    let retryable_codes = ctx.api.errors.iter().filter(|e| e.retryable).map(|e| &e.code);
    let count = ctx.api.errors.len();
    let summary = format!("The {count} documented `CBC.xxxx` error codes, sorted by code.");
    quote! {
        #[doc = #summary]
        pub static CATALOG: &[#rt::ErrorCodeInfo] = &[ #(#entries),* ];

        /// The codes the catalog marks `retryable`: the same request sent again may succeed.
        /// Every operation's metadata points here, so the client retries them (idempotent
        /// operations only, as the runtime's retry policy says).
        pub const RETRYABLE_CODES: &[&str] = &[#(#retryable_codes),*];

        /// The catalog entry of `code` (e.g. `"CBC.0100"`), if documented.
        pub fn lookup(code: &str) -> Option<&'static #rt::ErrorCodeInfo> {
            #rt::error::lookup_code(CATALOG, code)
        }

        /// The catalog entry of the error code of `error`, if it has a documented one.
        pub fn describe(error: &#rt::Error) -> Option<&'static #rt::ErrorCodeInfo> {
            error.code().and_then(lookup)
        }

        /// A `CBC.xxxx` error code: the documented ones by name, any other kept as sent.
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum ErrorCode {
            #( #variant_docs #variants, )*
            /// A code the catalog does not document, kept as sent.
            Unknown(String),
        }

        impl ErrorCode {
            /// The code of `text` (e.g. `"CBC.0100"`).
            pub fn from_code(text: &str) -> Self {
                match text {
                    #( #codes => ErrorCode::#variants, )*
                    other => ErrorCode::Unknown(other.to_owned()),
                }
            }

            /// The code of a failed call, when the service sent one.
            pub fn of(error: &#rt::Error) -> Option<Self> {
                error.code().map(Self::from_code)
            }

            /// The code as text.
            pub fn as_str(&self) -> &str {
                match self {
                    #( ErrorCode::#variants => #codes, )*
                    ErrorCode::Unknown(other) => other.as_str(),
                }
            }

            /// The catalog entry; `None` for unknown codes.
            pub fn info(&self) -> Option<&'static #rt::ErrorCodeInfo> {
                lookup(self.as_str())
            }

            /// The documented HTTP status.
            pub fn status(&self) -> Option<u16> {
                self.info().and_then(|i| i.status)
            }

            /// The documented English message.
            pub fn message(&self) -> Option<&'static str> {
                self.info().and_then(|i| i.message)
            }

            /// The documented Chinese description.
            pub fn description_zh(&self) -> Option<&'static str> {
                self.info().and_then(|i| i.description_zh)
            }

            /// The broad class of the error.
            pub fn category(&self) -> Option<#rt::ErrorCategory> {
                self.info().and_then(|i| i.category)
            }
        }

        impl std::fmt::Display for ErrorCode {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    }
}

fn opt(v: Option<TokenStream>) -> TokenStream {
    match v {
        Some(t) => quote!(Some(#t)),
        None => quote!(None),
    }
}
