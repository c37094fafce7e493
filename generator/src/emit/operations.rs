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
        let gate = ctx.features.then(|| quote!(#[cfg(feature = #a)]));
        quote! { #[doc = #doc] #gate mod #m #body #gate pub use #m::*; }
    });
    quote! {
        #![doc = " Operations: one request type per operation, and the client methods that send them."]
        #(#mods)*
    }
}

pub fn area_file(ctx: &Ctx, area: &str) -> TokenStream {
    let ops: Vec<&Operation> = ctx.api.operations.iter().filter(|o| o.area == area).collect();
    let requests = ops.iter().map(|op| request_type(ctx, op));
    let calls = ops.iter().map(|op| call_type(ctx, op));
    let methods = ops.iter().map(|op| client_method(ctx, op));
    let client = ident(&ctx.variant.client);
    quote! {
        #[allow(unused_imports)]
        use super::super::models;

        #(#requests)*
        #(#calls)*

        impl super::super::#client {
            #(#methods)*
        }
    }
}

/// Parameters the caller sets: path parameters not filled from credentials, query, headers.
pub(super) fn caller_params(op: &Operation) -> impl Iterator<Item = &Field> {
    op.path_params.iter().filter(|p| p.from_credentials.is_none()).chain(&op.query).chain(&op.headers)
}

/// The setter of an optional parameter; the rule lives in `naming` so validation can check clashes.
pub(super) fn setter_name(field: &str) -> String {
    crate::naming::setter_name(field)
}

/// `(argument, initialiser)` of a required value taken by `new` and by the client method.
fn required_arg(ctx: &Ctx, name: &str, ty: &TypeRef) -> (TokenStream, TokenStream) {
    let n = ident(name);
    match ty {
        TypeRef::String => (quote!(#n: impl Into<String>), quote!(#n: #n.into(),)),
        other => {
            let t = ctx.rust_type(other);
            (quote!(#n: #t), quote!(#n,))
        }
    }
}

/// Required parameters then the required body: the arguments of `new` and of the client method.
fn required_args(op: &Operation) -> Vec<(String, TypeRef)> {
    let mut args: Vec<(String, TypeRef)> =
        caller_params(op).filter(|p| p.required).map(|p| (p.rust_name.clone(), p.ty.clone())).collect();
    if let Some(b) = op.body.as_ref().filter(|b| b.required) {
        args.push((b.rust_name.clone(), TypeRef::Model(b.model.clone())));
    }
    args
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
        let doc = doc_attrs(&field_doc(p, param_label(op, p)));
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

    let required = required_args(op);
    let (ctor_args, required_inits): (Vec<TokenStream>, Vec<TokenStream>) =
        required.iter().map(|(n, t)| required_arg(ctx, n, t)).unzip();
    let optional_inits = caller_params(op).filter(|p| !p.required).map(|p| {
        let n = ident(&p.rust_name);
        quote!(#n: None,)
    });
    let body_init = op.body.as_ref().filter(|b| !b.required).map(|b| {
        let n = ident(&b.rust_name);
        quote!(#n: None,)
    });
    let too_many = (ctor_args.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));

    let writes = write_calls(op);
    let output = output_type(ctx, op);
    let op_name = &op.name;
    let http_method = &op.http_method;
    let path = &op.path;
    let error_codes = op.errors.iter().map(|e| &e.code);
    let idempotent = op.idempotent;
    let caller = super::ident(op.caller.runtime_variant());
    // An operation without parameters writes nothing; the unused writer must not warn.
    let writer = if writes.is_empty() { quote!(_w) } else { quote!(w) };
    let validate = validate_fn(ctx, op);
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
                #name { #(#required_inits)* #(#optional_inits)* #body_init }
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
                caller: #rt::Caller::#caller,
            };
            fn write(&self, #writer: &mut #rt::RequestWriter) -> Result<(), #rt::Error> {
                #(#writes)*
                Ok(())
            }
            #validate
        }
    }
}

fn param_label(op: &Operation, p: &Field) -> &'static str {
    if op.path_params.iter().any(|x| x.wire_name == p.wire_name) {
        "Path parameter"
    } else if op.query.iter().any(|x| x.wire_name == p.wire_name) {
        "Query parameter"
    } else {
        "Header"
    }
}

/// `fn validate` of a request: its parameters' constraints, required path values, and the body's.
fn validate_fn(ctx: &Ctx, op: &Operation) -> Option<TokenStream> {
    let rt = &ctx.rt;
    let params: Vec<&Field> = caller_params(op).collect();
    let mut checks = super::validate::checks(ctx, &params);
    for p in op.path_params.iter().filter(|p| p.from_credentials.is_none() && p.ty == TypeRef::String) {
        let (n, wire) = (ident(&p.rust_name), &p.wire_name);
        checks.insert(0, quote!(v.required(#wire, !self.#n.is_empty());));
    }
    if let Some(b) = op.body.as_ref().filter(|b| ctx.validated.contains(&b.model)) {
        let n = ident(&b.rust_name);
        checks.push(quote!(#rt::Validate::validate(&self.#n, v);));
    }
    (!checks.is_empty()).then(|| {
        quote! {
            fn validate(&self, v: &mut #rt::Violations) {
                #(#checks)*
            }
        }
    })
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

/// The user-facing result type of a call: `()` for operations without a response body.
fn result_type(ctx: &Ctx, op: &Operation) -> TokenStream {
    let rt = &ctx.rt;
    match &op.response {
        Some(_) => {
            let out = output_type(ctx, op);
            quote!(Result<#out, #rt::Error>)
        }
        None => quote!(Result<(), #rt::Error>),
    }
}

fn call_name(op: &Operation) -> String {
    crate::naming::call_type_name(&op.request_type)
}

/// The call builder: the client method returns it; setters fill optional parameters; `send` runs it.
fn call_type(ctx: &Ctx, op: &Operation) -> TokenStream {
    let rt = &ctx.rt;
    let name = ident(&call_name(op));
    let request = ident(&op.request_type);
    let client = ident(&ctx.variant.client);
    let doc = format!(
        " A call of [`{client}::{m}`](super::super::{client}::{m}) being built: set optional parameters, then [`send`](Self::send) it.",
        client = ctx.variant.client,
        m = op.method_name.trim_start_matches("r#"),
    );
    let mut setters: Vec<TokenStream> = Vec::new();
    for p in caller_params(op).filter(|p| !p.required) {
        let field = ident(&p.rust_name);
        let setter = ident(&setter_name(&p.rust_name));
        let t = ctx.rust_type(&p.ty);
        let sdoc = doc_attrs(&format!("Sets {}.\n\n{}", code(&p.wire_name), field_doc(p, param_label(op, p))));
        setters.push(quote! {
            #sdoc
            pub fn #setter(mut self, value: impl Into<#t>) -> Self {
                self.request.#field = Some(value.into());
                self
            }
        });
    }
    if let Some(b) = op.body.as_ref().filter(|b| !b.required) {
        let field = ident(&b.rust_name);
        let setter = ident(&setter_name(&b.rust_name));
        let t = ctx.rust_type(&TypeRef::Model(b.model.clone()));
        let sdoc = format!(" Sets the JSON body ({}).", code(&b.model));
        setters.push(quote! {
            #[doc = #sdoc]
            pub fn #setter(mut self, value: #t) -> Self {
                self.request.#field = Some(value);
                self
            }
        });
    }
    let result = result_type(ctx, op);
    let send_body = match &op.response {
        Some(_) => quote!(self.client.inner.execute(&self.request).await),
        None => quote!(self.client.inner.execute(&self.request).await.map(|_| ())),
    };
    let stream = op.pagination.as_ref().map(|p| stream_fn(ctx, p));
    // Blocking variants need the generated crate's own `blocking` feature: standalone crates only.
    let blocking = ctx.features.then(|| {
        let send_blocking = match &op.response {
            Some(_) => quote!(self.client.inner.execute_blocking_owned(self.request)),
            None => quote!(self.client.inner.execute_blocking_owned(self.request).map(|_| ())),
        };
        let iter = op.pagination.as_ref().map(|p| {
            let item = match &p.items.ty {
                TypeRef::List(inner) => ctx.rust_type(inner),
                other => ctx.rust_type(other),
            };
            quote! {
                /// Every item of every page, like [`into_stream`](Self::into_stream), as a blocking iterator.
                #[cfg(feature = "blocking")]
                #[inline]
                pub fn into_blocking_iter(self) -> #rt::paginate::BlockingPages<#item> {
                    let client = self.client.inner.clone();
                    self.into_stream().into_blocking_iter(&client)
                }
            }
        });
        quote! {
            /// Like [`send`](Self::send), for code without an async runtime (feature `blocking`).
            #[cfg(feature = "blocking")]
            #[inline]
            pub fn send_blocking(self) -> #result {
                #send_blocking
            }
            #iter
        }
    });
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone)]
        #[must_use = "a call does nothing until `send` is awaited"]
        pub struct #name<'a> {
            client: &'a super::super::#client,
            request: #request,
        }

        impl<'a> #name<'a> {
            #(#setters)*

            /// The request as built so far.
            pub fn request(&self) -> &#request {
                &self.request
            }

            /// The request, to keep or to send later with the client's `send`.
            pub fn into_request(self) -> #request {
                self.request
            }

            /// Validates the request against the documented constraints, then sends it.
            #[inline]
            pub async fn send(self) -> #result {
                #send_body
            }

            #stream
            #blocking
        }

        impl<'a> std::future::IntoFuture for #name<'a> {
            type Output = #result;
            type IntoFuture = #rt::BoxFuture<'a, #result>;
            /// Awaiting a call sends it, like [`send`](Self::send).
            #[inline]
            fn into_future(self) -> Self::IntoFuture {
                Box::pin(self.send())
            }
        }

        impl<'a> From<#name<'a>> for #request {
            fn from(call: #name<'a>) -> Self {
                call.request
            }
        }
    }
}

/// `into_stream` of a paged operation: every item of every page, fetched as consumed.
fn stream_fn(ctx: &Ctx, p: &crate::ir::Pagination) -> TokenStream {
    let rt = &ctx.rt;
    let item = match &p.items.ty {
        TypeRef::List(inner) => ctx.rust_type(inner),
        other => ctx.rust_type(other),
    };
    let offset = ident(&p.offset.rust_name);
    let items = ident(&p.items.rust_name);
    let style = if p.page_number { quote!(#rt::paginate::PageStyle::PageNumber) } else { quote!(#rt::paginate::PageStyle::RecordOffset) };
    let first = if p.page_number { quote!(1) } else { quote!(0) };
    let set_offset = match p.offset.ty {
        TypeRef::Int32 => quote!(request.#offset = Some(i32::try_from(offset).unwrap_or(i32::MAX));),
        _ => quote!(request.#offset = Some(offset);),
    };
    // Offsets, sizes and totals are i64 in the runtime; i32 values widen, i64 ones pass as they are.
    let widen = |ty: &TypeRef| if *ty == TypeRef::Int32 { quote!(.map(i64::from)) } else { quote!() };
    let page_size = match &p.limit {
        Some(l) => {
            let (n, w) = (ident(&l.rust_name), widen(&l.ty));
            quote!(template.#n #w)
        }
        None => quote!(None),
    };
    let offset_widen = widen(&p.offset.ty);
    let take_items = if p.items.required { quote!(response.#items) } else { quote!(response.#items.unwrap_or_default()) };
    let take_total = match &p.total {
        Some(t) if t.required => {
            let n = ident(&t.rust_name);
            if t.ty == TypeRef::Int32 { quote!(Some(i64::from(response.#n))) } else { quote!(Some(response.#n)) }
        }
        Some(t) => {
            let (n, w) = (ident(&t.rust_name), widen(&t.ty));
            quote!(response.#n #w)
        }
        None => quote!(None),
    };
    let style_doc = if p.page_number { "page numbers from 1" } else { "record offsets from 0" };
    let doc = format!(
        " Every item of every page ({}), fetched page by page as the stream is consumed: the offset\n advances by {style_doc}, and the stream ends after an empty or short page, once the reported\n total is reached, or after the first error.",
        code(&p.items.wire_name)
    );
    quote! {
        #[doc = #doc]
        #[inline]
        pub fn into_stream(self) -> #rt::paginate::Paginator<#item> {
            let client = self.client.inner.clone();
            let template = self.request;
            let first = template.#offset #offset_widen.unwrap_or(#first);
            let page_size = #page_size;
            #rt::paginate::Paginator::new(#style, first, page_size, move |offset| {
                let client = client.clone();
                let mut request = template.clone();
                #set_offset
                Box::pin(async move {
                    let response = client.execute(&request).await?;
                    Ok(#rt::paginate::Page { items: #take_items, total: #take_total })
                })
            })
        }
    }
}

fn client_method(ctx: &Ctx, op: &Operation) -> TokenStream {
    let method = ident(&op.method_name);
    let call = ident(&call_name(op));
    let request = ident(&op.request_type);
    let doc = doc_attrs(&method_doc(ctx, op));
    let deprecated = op.deprecated.as_ref().map(|d| {
        let successor = d.successor.as_ref().and_then(|s| ctx.api.operations.iter().find(|o| &o.name == s)).map(|o| {
            format!("{}::{}", ctx.variant.client, o.method_name.trim_start_matches("r#"))
        });
        let note = d.note_text(successor.as_deref());
        quote!(#[deprecated(note = #note)])
    });
    let required = required_args(op);
    let args: Vec<TokenStream> = required.iter().map(|(n, t)| required_arg(ctx, n, t).0).collect();
    let names = required.iter().map(|(n, _)| ident(n));
    let too_many = (args.len() > 6).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    quote! {
        #doc
        #deprecated
        #too_many
        pub fn #method(&self, #(#args),*) -> #call<'_> {
            #call { client: self, request: #request::new(#(#names),*) }
        }
    }
}

fn method_doc(ctx: &Ctx, op: &Operation) -> String {
    // The English description is the summary line rustdoc lists; the API reference's own title
    // (Chinese for BSS) follows, so the page is easy to find.
    let mut parts = Vec::new();
    match &op.description {
        Some(d) => {
            parts.push(prose(d));
            if op.summary != *d {
                parts.push(format!("API reference: {}", prose(&op.summary)));
            }
        }
        None => parts.push(prose(&op.summary)),
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
            lines.push(format!("- {} ({status}): {}", code(&e.code), prose(&text).replace('\n', " ")));
        }
        parts.push(lines.join("\n"));
    }
    if let Some(example) = example(ctx, op) {
        parts.push(example);
    }
    parts.join("\n\n")
}

/// A compiled (not run) usage example, for standalone crates whose name doctests can use.
fn example(ctx: &Ctx, op: &Operation) -> Option<String> {
    let krate = ctx.crate_ident.as_ref()?;
    let args: Vec<String> = required_args(op).iter().map(|(_, t)| example_value(ctx, krate, t)).collect();
    let method = op.method_name.trim_start_matches("r#");
    let mut setters = String::new();
    // A documented integer default makes a plausible setter call; enum-typed defaults do not.
    let integer_defaults = op.query.iter().filter(|p| !p.required && matches!(p.ty, crate::ir::TypeRef::Int32 | crate::ir::TypeRef::Int64));
    for p in integer_defaults.filter(|p| p.constraints.default.is_some()).take(1) {
        if let Some(crate::ir::Literal::Int(i)) = &p.constraints.default {
            setters.push_str(&format!(".{}({i})", setter_name(&p.rust_name)));
        }
    }
    let allow = if op.deprecated.is_some() { "# #[allow(deprecated)]\n" } else { "" };
    let body = match &op.pagination {
        Some(_) => format!(
            "let mut items = client.{method}({args}){setters}.into_stream();\nwhile let Some(item) = items.next_item().await {{\n    let item = item?;\n    println!(\"{{item:?}}\");\n}}",
            args = args.join(", ")
        ),
        None => format!(
            "let response = client.{method}({args}){setters}.send().await?;\nprintln!(\"{{response:?}}\");",
            args = args.join(", ")
        ),
    };
    Some(format!(
        "# Example\n\n```no_run\n{allow}# async fn example(client: &{krate}::{client}) -> Result<(), {krate}::Error> {{\n{body}\n# Ok(())\n# }}\n```",
        client = ctx.variant.client
    ))
}

fn example_value(ctx: &Ctx, krate: &str, ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "\"example\"".into(),
        TypeRef::Int32 | TypeRef::Int64 => "1".into(),
        TypeRef::Bool => "true".into(),
        TypeRef::Decimal => format!("{krate}::Decimal::ONE"),
        TypeRef::List(_) => "vec![]".into(),
        TypeRef::Map(_) => "Default::default()".into(),
        TypeRef::Json => "Default::default()".into(),
        TypeRef::Model(m) if ctx.defaultable.contains(m) => "Default::default()".into(),
        TypeRef::Model(_) => "todo!()".into(),
    }
}
