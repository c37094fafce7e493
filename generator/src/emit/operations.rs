//! Operation modules: the operations of one area in, request types, `Operation` impls and client methods out.

use super::docs::{code, doc_attrs, prose};
use super::models::field_doc;
use super::{ident, type_has_default, Ctx};
use crate::ir::{Field, Operation, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// The `operations` module: one sub-module per area, as files or (`inline`) with their contents.
pub fn operations_mod(ctx: &Ctx, inline: Option<&[(String, TokenStream)]>) -> TokenStream {
    let mods = super::operation_areas(ctx.api).into_iter().map(|a| {
        let m = ident(&a);
        let body = super::module_body(inline, &a);
        let title = ctx.api.areas.iter().find(|x| x.name == a).map(|x| x.title.clone()).unwrap_or_default();
        let doc = format!(" {}: request types and client methods.", prose(&title));
        quote! { #[doc = #doc] mod #m #body pub use #m::*; }
    });
    quote! {
        #![doc = " Operations: one request type per operation, and the client methods that send them."]
        #(#mods)*
    }
}

pub fn area_file(ctx: &Ctx, area: &str) -> TokenStream {
    let ops: Vec<&Operation> = ctx.api.operations.iter().filter(|o| o.area == area).collect();
    let requests = ops.iter().map(|op| request_type(ctx, op));
    let methods = ops.iter().map(|op| client_method(ctx, op));
    let client = ident(&ctx.variant.client);
    quote! {
        #[allow(unused_imports)]
        use super::super::models;

        #(#requests)*

        impl super::super::#client {
            #(#methods)*
        }
    }
}

/// Parameters the caller sets: path parameters not filled from credentials, query, headers.
fn caller_params(op: &Operation) -> impl Iterator<Item = &Field> {
    op.path_params.iter().filter(|p| p.from_credentials.is_none()).chain(&op.query).chain(&op.headers)
}

fn request_type(ctx: &Ctx, op: &Operation) -> TokenStream {
    let rt = &ctx.rt;
    let name = ident(&op.request_type);
    let method_link = format!(
        " Request of [`{client}::{m}`](super::super::{client}::{m}): {summary}",
        client = ctx.variant.client,
        m = op.method_name.trim_start_matches("r#"),
        summary = prose(&op.summary)
    );
    let mut fields: Vec<TokenStream> = Vec::new();
    for p in caller_params(op) {
        let field_name = ident(&p.rust_name);
        let label = if op.path_params.iter().any(|x| x.wire_name == p.wire_name) {
            "Path parameter"
        } else if op.query.iter().any(|x| x.wire_name == p.wire_name) {
            "Query parameter"
        } else {
            "Header"
        };
        let doc = doc_attrs(&field_doc(p, label));
        let ty = param_type(ctx, p);
        fields.push(quote! { #doc pub #field_name: #ty, });
    }
    if let Some(body) = &op.body {
        let field_name = ident(&body.rust_name);
        let model = ctx.rust_type(&TypeRef::Model(body.model.clone()));
        let ty = if body.required { model } else { quote!(Option<#model>) };
        let doc = format!(" JSON body ({}).", code(&body.model));
        fields.push(quote! { #[doc = #doc] pub #field_name: #ty, });
    }
    let all_default = caller_params(op).all(|p| !p.required || type_has_default(&p.ty, &ctx.defaultable))
        && op.body.as_ref().is_none_or(|b| !b.required || ctx.defaultable.contains(&b.model));
    let default = all_default.then(|| quote!(Default,));

    let required: Vec<&Field> = caller_params(op).filter(|p| p.required).collect();
    let ctor_args = required.iter().map(|p| {
        let n = ident(&p.rust_name);
        match &p.ty {
            TypeRef::String => quote!(#n: impl Into<String>),
            other => {
                let t = ctx.rust_type(other);
                quote!(#n: #t)
            }
        }
    });
    let body_arg = op.body.as_ref().filter(|b| b.required).map(|b| {
        let n = ident(&b.rust_name);
        let t = ctx.rust_type(&TypeRef::Model(b.model.clone()));
        quote!(#n: #t)
    });
    let ctor_inits = caller_params(op).map(|p| {
        let n = ident(&p.rust_name);
        match (&p.ty, p.required) {
            (TypeRef::String, true) => quote!(#n: #n.into(),),
            (_, true) => quote!(#n,),
            (_, false) => quote!(#n: None,),
        }
    });
    let body_init = op.body.as_ref().map(|b| {
        let n = ident(&b.rust_name);
        if b.required { quote!(#n,) } else { quote!(#n: None,) }
    });
    let ctor_args: Vec<TokenStream> = ctor_args.chain(body_arg).collect();
    let too_many = (ctor_args.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));

    let writes = write_calls(op);
    let output = output_type(ctx, op);
    let op_name = &op.name;
    let http_method = &op.http_method;
    let path = &op.path;
    let error_codes = op.errors.iter().map(|e| &e.code);
    let idempotent = op.idempotent;
    // An operation without parameters writes nothing; the unused writer must not warn.
    let writer = if writes.is_empty() { quote!(_w) } else { quote!(w) };
    quote! {
        #[doc = #method_link]
        #[derive(Debug, Clone, PartialEq, #default)]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            /// A request with its required parameters set and every optional one unset.
            #too_many
            pub fn new(#(#ctor_args),*) -> Self {
                #name { #(#ctor_inits)* #body_init }
            }
        }

        impl #rt::Operation for #name {
            type Output = #output;
            const META: #rt::OperationMeta = #rt::OperationMeta {
                name: #op_name,
                method: #http_method,
                path: #path,
                errors: &[#(#error_codes),*],
                idempotent: #idempotent,
            };
            fn write(&self, #writer: &mut #rt::RequestWriter) -> Result<(), #rt::Error> {
                #(#writes)*
                Ok(())
            }
        }
    }
}

fn param_type(ctx: &Ctx, p: &Field) -> TokenStream {
    let t = ctx.rust_type(&p.ty);
    if p.required { t } else { quote!(Option<#t>) }
}

fn write_calls(op: &Operation) -> Vec<TokenStream> {
    let mut out = Vec::new();
    for p in &op.path_params {
        let wire = &p.wire_name;
        if p.from_credentials.is_some() {
            out.push(quote! { w.path_param_from_credentials(#wire); });
        } else {
            let n = ident(&p.rust_name);
            out.push(quote! { w.path_param(#wire, &self.#n); });
        }
    }
    for p in &op.query {
        let (wire, n) = (&p.wire_name, ident(&p.rust_name));
        out.push(quote! { w.query(#wire, &self.#n); });
    }
    for p in &op.headers {
        let (wire, n) = (&p.wire_name, ident(&p.rust_name));
        out.push(quote! { w.header(#wire, &self.#n); });
    }
    if let Some(b) = &op.body {
        let n = ident(&b.rust_name);
        if b.required {
            out.push(quote! { w.json_body_required(&self.#n)?; });
        } else {
            out.push(quote! { w.json_body(&self.#n)?; });
        }
    }
    out
}

fn output_type(ctx: &Ctx, op: &Operation) -> TokenStream {
    let rt = &ctx.rt;
    match &op.response {
        Some(m) => ctx.rust_type(&TypeRef::Model(m.clone())),
        None => quote!(#rt::NoContent),
    }
}

fn client_method(ctx: &Ctx, op: &Operation) -> TokenStream {
    let rt = &ctx.rt;
    let method = ident(&op.method_name);
    let request = ident(&op.request_type);
    let doc = doc_attrs(&method_doc(ctx, op));
    let deprecated = op.deprecated.as_ref().map(|d| {
        let successor = d.successor.as_ref().and_then(|s| ctx.api.operations.iter().find(|o| &o.name == s)).map(|o| {
            format!("{}::{}", ctx.variant.client, o.method_name.trim_start_matches("r#"))
        });
        let note = d.note_text(successor.as_deref());
        quote!(#[deprecated(note = #note)])
    });
    let (ret, body) = match &op.response {
        Some(_) => {
            let out = output_type(ctx, op);
            (quote!(Result<#out, #rt::Error>), quote!(self.inner.execute(request).await))
        }
        None => (quote!(Result<(), #rt::Error>), quote!(self.inner.execute(request).await.map(|_| ()))),
    };
    quote! {
        #doc
        #deprecated
        pub async fn #method(&self, request: &#request) -> #ret {
            #body
        }
    }
}

fn method_doc(ctx: &Ctx, op: &Operation) -> String {
    let mut parts = vec![prose(&op.summary)];
    if let Some(d) = &op.description {
        parts.push(prose(d));
    }
    parts.push(format!("`{} {}`", op.http_method, op.path.replace('`', "")));
    let sites: Vec<String> = ctx
        .api
        .service
        .sites
        .iter()
        .filter(|s| op.sites.as_ref().is_none_or(|set| set.contains(&s.id)))
        .filter(|s| ctx.variant.sites.contains(&s.id))
        .map(|s| prose(&s.name))
        .collect();
    parts.push(format!("- Sites: {}\n- Caller: {}", sites.join(", "), op.caller.describe()));
    if !op.errors.is_empty() {
        let mut lines = vec!["# Errors".to_string(), String::new(), "Documented error codes:".to_string()];
        for e in &op.errors {
            let catalog = ctx.api.errors.iter().find(|c| c.code == e.code);
            let status = e.status.or(catalog.and_then(|c| c.status)).map_or("status unknown".to_string(), |s| format!("HTTP {s}"));
            let text = e
                .description_zh
                .clone()
                .or_else(|| e.message.clone())
                .or_else(|| catalog.and_then(|c| c.message.clone().or(c.description_zh.clone())))
                .unwrap_or_default();
            lines.push(format!("- {} ({status}): {}", code(&e.code), prose(&text)));
        }
        parts.push(lines.join("\n"));
    }
    parts.join("\n\n")
}
