//! Crate root and client: the crate in, `lib.rs` (docs, modules, re-exports) and `client.rs` out.

use super::docs::prose;
use super::{ident, Ctx};
use proc_macro2::TokenStream;
use quote::quote;

pub fn lib_rs(ctx: &Ctx, standalone: bool) -> TokenStream {
    let rt = &ctx.runtime_path;
    let client = ident(&ctx.crate_spec.client);
    let crate_ident = &ctx.crate_spec.lib_name;
    // The quick start calls a paged operation if there is one, else any simple one.
    let simple = |o: &&crate::ir::Operation| {
        o.params.iter().all(|p| !p.required) && o.body.as_ref().is_none_or(|b| !b.required) && o.deprecated.is_none()
    };
    let paged = ctx.api.operations.iter().filter(simple).find(|o| o.pagination.is_some() && o.caller != crate::ir::Caller::Partner);
    let example_call = match (paged, ctx.api.operations.iter().find(simple)) {
        (Some(op), _) => format!(
            "// One page, with a parameter set:\nlet page = client.{m}().send().await?;\nprintln!(\"{{page:?}}\");\n\n\
             // Every item of every page:\nlet mut items = client.{m}().into_stream();\n\
             while let Some(item) = items.next_item().await {{\n    println!(\"{{:?}}\", item?);\n}}",
            m = op.method_name.bare
        ),
        (None, Some(op)) => format!(
            "let answer = client.{}().send().await?;\nprintln!(\"{{answer:?}}\");",
            op.method_name.bare
        ),
        (None, None) => String::new(),
    };
    let feature_list: Vec<String> = super::operation_areas(ctx.api).map(|a| format!("`{}`", a.feature)).collect();
    let site = ctx.api.service.sites.iter().find(|s| ctx.crate_spec.sites.contains(&s.id)).expect("a crate has sites");
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
         Each operation is a method on [`{client_name}`] that takes the required parameters and\n\
         returns a call: set optional parameters with its setters, then `send().await`; paged\n\
         operations also have `into_stream()`. Requests are checked against the documented constraints\n\
         before anything is sent. Prebuilt requests (types in [`operations`]) go through\n\
         [`{client_name}::send`]. Failures are [`Error`]s that keep the HTTP status, the `CBC.xxxx`\n\
         code, the message and the request id; [`errors::ErrorCode`] describes a code.\n\n\
         # Cargo features\n\n\
         One feature per API area ({features}), all on by default through `all-areas`; with\n\
         `default-features = false`, enable `reqwest` and the areas you call.",
        title = prose(&ctx.api.service.title),
        crate_name = ctx.crate_spec.crate_name,
        sites = ctx.api.service.sites.iter().filter(|s| ctx.crate_spec.sites.contains(&s.id)).map(|s| prose(&s.name)).collect::<Vec<_>>().join(", "),
        ops = ctx.api.operations.len(),
        models = ctx.api.models.len(),
        errors = ctx.api.errors.len(),
        client_name = ctx.crate_spec.client,
        site_variant = site.rust_name,
        features = feature_list.join(", "),
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
    let errors = match ctx.shared {
        Some(shared) => {
            let lib = ident(&shared.lib_name);
            quote! {
                #[doc(inline)]
                pub use ::#lib::errors;
            }
        }
        None => quote!(pub mod errors;),
    };
    let module_decls = standalone.then(|| quote! {
        mod call;
        mod client;
        #errors
        pub mod models;
        pub mod operations;
    });
    quote! {
        #inner_attrs

        #module_decls

        pub use call::Call;
        pub use client::{#client, Site};
        pub use #rt::{Credentials, Decimal, Error, ServiceError};
        /// The runtime this crate is built on: client builder, transports, signing.
        pub use #rt as runtime;
    }
}

/// The shared crate's root: docs, and the `errors` and `models` modules the SDK crates re-export.
pub fn shared_lib_rs(ctx: &Ctx) -> TokenStream {
    let service = &ctx.api.service;
    let users: Vec<String> = service.crates.iter().map(|c| format!("`{}`", c.crate_name)).collect();
    let doc = format!(
        "What the {title} SDK crates share:\n\
         {users}.\n\n\
         - [`errors`]: the `CBC.xxxx` error-code catalog, every documented code with its HTTP status,\n  \
         English message and Chinese description, and `ErrorCode` to match on them;\n\
         - [`models`]: the {count} models that are the same in every one of them.\n\n\
         Each SDK crate re-exports `errors` as its own and these models in its `models` module, so\n\
         code sees them through the SDK crate it uses, and code written for one crate's models\n\
         accepts the other's. It is a crate of its own so that it is compiled once for all of them.\n\
         Its cargo features are the API areas (all on by default); the SDK crates turn on the ones\n\
         they need. Generated from the spec by `sdkgen`; do not edit.",
        title = prose(&service.title),
        users = users.join(", "),
        count = ctx.api.models.len(),
    );
    let doc_lines: Vec<String> = doc.lines().map(|l| format!(" {l}").trim_end().to_string()).collect();
    quote! {
        #( #![doc = #doc_lines] )*
        #![forbid(unsafe_code)]
        #![warn(missing_docs)]
        pub mod errors;
        pub mod models;
    }
}

pub fn client_rs(ctx: &Ctx) -> TokenStream {
    let rt = &ctx.runtime_path;
    let client = ident(&ctx.crate_spec.client);
    let sites: Vec<_> = ctx.api.service.sites.iter().filter(|s| ctx.crate_spec.sites.contains(&s.id)).collect();
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
        ctx.crate_spec.crate_name
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
            /// A client for `site` with the default transport. `credentials` are fixed
            /// `Credentials` or any credentials provider, such as `Credentials::default_chain()`
            /// (environment, then profile file, then ECS metadata).
            pub fn new(site: Site, credentials: impl #rt::CredentialsProvider) -> Result<Self, #rt::Error> {
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

            /// Sends a prebuilt request (any request type of [`operations`](super::operations)):
            /// validates it, signs it, sends it and decodes the answer.
            pub async fn send<O: #rt::Operation>(&self, request: &O) -> Result<O::Output, #rt::Error> {
                self.inner.execute(request).await
            }
        }
    }
}
