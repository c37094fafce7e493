//! Crate root and client: the variant in, `lib.rs` (docs, modules, re-exports) and `client.rs` out.

use super::docs::prose;
use super::{ident, Ctx};
use proc_macro2::TokenStream;
use quote::quote;

pub fn lib_rs(ctx: &Ctx, standalone: bool) -> TokenStream {
    let rt = &ctx.rt;
    let client = ident(&ctx.variant.client);
    let crate_ident = ctx.variant.crate_name.replace('-', "_");
    let first_op = ctx.api.operations.iter().find(|o| o.query.iter().chain(&o.path_params).all(|p| !p.required) && o.body.is_none() && o.deprecated.is_none());
    let example_call = match first_op {
        Some(op) => format!(
            "let answer = client.{}(&{}::operations::{}::default()).await?;\nprintln!(\"{{answer:?}}\");",
            op.method_name, crate_ident, op.request_type
        ),
        None => String::new(),
    };
    let site = ctx.api.service.sites.iter().find(|s| ctx.variant.sites.contains(&s.id)).expect("a variant has sites");
    let doc = format!(
        "{title}: the `{crate_name}` SDK (sites: {sites}).\n\n\
         Generated from the spec by `sdkgen`; do not edit. {ops} operations, {models} models, {errors} error codes.\n\n\
         # Quick start\n\n\
         ```no_run\n\
         use {crate_ident}::{{{client_name}, Credentials, Site}};\n\n\
         # async fn run() -> Result<(), {crate_ident}::Error> {{\n\
         // Reads HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK and HUAWEICLOUD_SDK_DOMAIN_ID.\n\
         let client = {client_name}::new(Site::{site_variant}, Credentials::from_env()?)?;\n\
         {example_call}\n\
         # Ok(())\n\
         # }}\n\
         ```\n\n\
         Every operation is a request type in [`operations`] and an async method on [`{client_name}`];\n\
         failures are [`Error`]s that keep the HTTP status, the `CBC.xxxx` code, the message and the\n\
         request id. [`errors::lookup`] describes a code.",
        title = prose(&ctx.api.service.title),
        crate_name = ctx.variant.crate_name,
        sites = ctx.api.service.sites.iter().filter(|s| ctx.variant.sites.contains(&s.id)).map(|s| prose(&s.name)).collect::<Vec<_>>().join(", "),
        ops = ctx.api.operations.len(),
        models = ctx.api.models.len(),
        errors = ctx.api.errors.len(),
        client_name = ctx.variant.client,
        site_variant = site.rust_name,
    );
    let doc_lines: Vec<String> = doc.lines().map(|l| format!(" {l}").trim_end().to_string()).collect();
    // Inner attributes belong to a crate root only; inside a consumer's module (build.rs use)
    // the crate docs and lint levels are the consumer's.
    let inner_attrs = if standalone {
        quote! {
            #( #![doc = #doc_lines] )*
            #![forbid(unsafe_code)]
            #![warn(missing_docs)]
        }
    } else {
        quote!()
    };
    // Standalone crates keep modules in files; build.rs output inlines them after this root.
    let module_decls = standalone.then(|| quote! {
        mod client;
        pub mod errors;
        pub mod models;
        pub mod operations;
    });
    quote! {
        #inner_attrs

        #module_decls

        pub use client::{#client, Site};
        pub use #rt::{Credentials, Decimal, Error, ServiceError};
        /// The runtime this crate is built on: client builder, transports, signing.
        pub use #rt as runtime;
    }
}

pub fn client_rs(ctx: &Ctx) -> TokenStream {
    let rt = &ctx.rt;
    let client = ident(&ctx.variant.client);
    let sites: Vec<_> = ctx.api.service.sites.iter().filter(|s| ctx.variant.sites.contains(&s.id)).collect();
    let variants = sites.iter().map(|s| {
        let v = ident(&s.rust_name);
        let doc = format!(" {} (<{}>).", prose(&s.name), s.endpoint);
        quote! { #[doc = #doc] #v, }
    });
    let endpoint_arms = sites.iter().map(|s| {
        let v = ident(&s.rust_name);
        let e = &s.endpoint;
        quote! { Site::#v => #e, }
    });
    let id_arms = sites.iter().map(|s| {
        let v = ident(&s.rust_name);
        let id = &s.id;
        quote! { Site::#v => #id, }
    });
    let all = sites.iter().map(|s| {
        let v = ident(&s.rust_name);
        quote!(Site::#v)
    });
    let client_doc = format!(
        " Client of the `{}` operations: one async method per operation (see [`operations`](super::operations)).",
        ctx.variant.crate_name
    );
    quote! {
        #![doc = " The client type and the sites it can talk to."]

        /// A site of Huawei Cloud that serves this API, with its endpoint.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Site {
            #(#variants)*
        }

        impl Site {
            /// Every site of this crate.
            pub const ALL: &'static [Site] = &[#(#all),*];

            /// The site's endpoint URL.
            pub fn endpoint(self) -> &'static str {
                match self { #(#endpoint_arms)* }
            }

            /// The site's id in the spec.
            pub fn id(self) -> &'static str {
                match self { #(#id_arms)* }
            }
        }

        #[doc = #client_doc]
        #[derive(Debug, Clone)]
        pub struct #client {
            pub(crate) inner: #rt::Client,
        }

        impl #client {
            /// A client for `site` with the default transport.
            pub fn new(site: Site, credentials: #rt::Credentials) -> Result<Self, #rt::Error> {
                Self::builder(site).credentials(credentials).build().map(Self::from_runtime)
            }

            /// A runtime builder preset with the site's endpoint: set credentials, transport,
            /// timeouts, then pass the built client to [`Self::from_runtime`].
            pub fn builder(site: Site) -> #rt::ClientBuilder {
                #rt::ClientBuilder::new().endpoint(site.endpoint())
            }

            /// Wraps a configured runtime client (any endpoint, e.g. a proxy or a local test server).
            pub fn from_runtime(inner: #rt::Client) -> Self {
                Self { inner }
            }

            /// The runtime client underneath.
            pub fn runtime(&self) -> &#rt::Client {
                &self.inner
            }
        }
    }
}
