//! Operation modules: the operations of one area in, request types, `Operation` impls and client methods out.

use super::docs::{code, doc_attrs, prose};
use super::{ident, Ctx};
use crate::ir::{Argument, Field, Location, Operation, Param, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// The `operations` module: one sub-module per area, as files or (`inline`) with their contents.
pub fn operations_mod(ctx: &Ctx, inline: Option<&[(String, TokenStream)]>) -> TokenStream {
    let mods = super::operation_areas(ctx.api).map(|a| {
        let m = ident(&a.module);
        let body = super::module_body(inline, &a.name);
        let doc = format!(" {}: request types and client methods.", prose(&a.title));
        let feature = &a.feature;
        let gate = ctx.features.then(|| quote!(#[cfg(feature = #feature)]));
        quote! { #[doc = #doc] #gate mod #m #body #gate pub use #m::*; }
    });
    quote! {
        #![doc = " Operations: one request type per operation, and the client methods that send them."]
        #(#mods)*
    }
}

pub fn area_file(ctx: &Ctx, area: &str) -> TokenStream {
    let ops = ctx.by_area.operations(area);
    let items = ops.iter().map(|op| {
        let request = request_type(ctx, op);
        let paged = op.pagination.as_ref().map(|p| paged_impl(ctx, op, p));
        let setters = setters(ctx, op);
        quote! { #request #paged #setters }
    });
    let methods = ops.iter().map(|op| client_method(ctx, op));
    let client = ident(&ctx.crate_spec.client);
    let rt_path = &ctx.runtime_path;
    quote! {
        #[allow(unused_imports)]
        use super::super::models;
        use super::super::Call;
        use #rt_path as rt;

        #(#items)*

        impl super::super::#client {
            #(#methods)*
        }
    }
}

/// `(argument, initialiser)` of a required value taken by `new` and by the client method.
fn required_arg(ctx: &Ctx, arg: &Argument) -> (TokenStream, TokenStream) {
    let n = ident(arg.rust_name());
    match arg.ty() {
        TypeRef::String => (quote!(#n: impl Into<String>), quote!(#n: #n.into(),)),
        other => {
            let t = ctx.rust_type(&other);
            (quote!(#n: #t), quote!(#n,))
        }
    }
}

fn request_type(ctx: &Ctx, op: &Operation) -> TokenStream {
    let rt = quote!(rt);
    let name = ident(&op.request_type);
    let method_link = format!(
        " Request of [`{client}::{m}`](super::super::{client}::{m}): {summary}",
        client = ctx.crate_spec.client,
        m = op.method_name.bare,
        summary = prose(&op.summary)
    );
    let mut fields: Vec<TokenStream> = Vec::new();
    for p in op.caller_params() {
        let field_name = ident(&p.rust_name);
        let doc = doc_attrs(&param_doc(p));
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
    let default = op.defaultable.then(|| quote!(Default,));
    let (ctor_args, required_inits): (Vec<TokenStream>, Vec<TokenStream>) = op.arguments.iter().map(|a| required_arg(ctx, a)).unzip();
    let ctor_body = if op.defaultable {
        quote!(Self::default())
    } else {
        let optional_inits = op.caller_params().filter(|p| !p.required).map(|p| {
            let n = ident(&p.rust_name);
            quote!(#n: None,)
        });
        let body_init = op.body.as_ref().filter(|b| !b.required).map(|b| {
            let n = ident(&b.rust_name);
            quote!(#n: None,)
        });
        quote!(#name { #(#required_inits)* #(#optional_inits)* #body_init })
    };
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
    let writes_something = !(op.params.is_empty() && op.body.is_none());
    let writer = if writes_something { quote!(w) } else { quote!(_w) };
    let validate = validate_fn(ctx, op);
    quote! {
        #[doc = #method_link]
        #[derive(Debug, Clone, PartialEq, #default)]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            /// A request with its required inputs set and every optional one unset.
            #too_many
            pub fn new(#(#ctor_args),*) -> Self {
                #ctor_body
            }
        }

        impl #rt::Operation for #name {
            type Output = #output;
            const META: #rt::OperationMeta = #rt::OperationMeta {
                name: #op_name,
                method: #http_method,
                path: #path,
                errors: &[#(#error_codes),*],
                retryable_codes: super::super::errors::RETRYABLE_CODES,
                idempotent: #idempotent,
                caller: #rt::Caller::#caller,
            };
            fn write(&self, #writer: &mut #rt::RequestWriter) -> Result<(), #rt::Error> {
                #(#writes)*
            }
            #validate
        }
    }
}

/// The doc of a request field: the description, then where it goes and its constraints on one line.
fn param_doc(p: &Param) -> String {
    let mut facts = vec![format!("Sent as {} {}", p.location.describe(), code(&p.wire_name))];
    facts.extend(p.constraints.describe());
    if let Some(sites) = &p.sites {
        facts.push(format!("only on sites {}", sites.iter().map(|s| code(s)).collect::<Vec<_>>().join(", ")));
    }
    let facts = format!("{}.", facts.join("; "));
    match &p.description {
        Some(d) => format!("{}\n{facts}", prose(d)),
        None => facts,
    }
}

/// `fn validate` of a request: its parameters' constraints, required texts, and the body's.
fn validate_fn(ctx: &Ctx, op: &Operation) -> Option<TokenStream> {
    let rt = quote!(rt);
    let params: Vec<&Field> = op.caller_params().map(|p| &p.field).collect();
    let mut checks = super::validate::checks(ctx, &rt, &params, true);
    if let Some(b) = op.body.as_ref().filter(|b| ctx.api.models[&b.model].validated) {
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

/// The body of `write`: one call per parameter, the body last (its result is the function's).
fn write_calls(op: &Operation) -> Vec<TokenStream> {
    let mut out = Vec::new();
    for p in &op.params {
        let (wire, n) = (&p.wire_name, ident(&p.rust_name));
        out.push(match p.location {
            Location::Path if !p.set_by_caller() => quote! { w.path_param_from_credentials(#wire); },
            Location::Path => quote! { w.path_param(#wire, &self.#n); },
            Location::Query => quote! { w.query(#wire, &self.#n); },
            Location::Header => quote! { w.header(#wire, &self.#n); },
        });
    }
    match &op.body {
        Some(b) => {
            let n = ident(&b.rust_name);
            if b.required {
                out.push(quote! { w.json_body_required(&self.#n) });
            } else {
                out.push(quote! { w.json_body(&self.#n) });
            }
        }
        None => out.push(quote!(Ok(()))),
    }
    out
}

fn output_type(ctx: &Ctx, op: &Operation) -> TokenStream {
    match &op.response {
        Some(m) => ctx.rust_type(&TypeRef::Model(m.clone())),
        None => quote!(()),
    }
}

/// The setters of the optional inputs, on `Call<'_, Request>`.
fn setters(ctx: &Ctx, op: &Operation) -> Option<TokenStream> {
    let request = ident(&op.request_type);
    let mut setters: Vec<TokenStream> = Vec::new();
    for p in op.caller_params() {
        let Some(setter) = &p.setter else { continue };
        let field = ident(&p.rust_name);
        let setter = ident(setter);
        let t = ctx.rust_type(&p.ty);
        let sdoc = setter_doc(&op.request_type, p);
        setters.push(quote! {
            #[doc = #sdoc]
            pub fn #setter(self, value: impl Into<#t>) -> Self {
                self.with(|r| r.#field = Some(value.into()))
            }
        });
    }
    if let Some((b, setter)) = op.body.as_ref().and_then(|b| Some((b, b.setter.as_ref()?))) {
        let field = ident(&b.rust_name);
        let setter = ident(setter);
        let t = ctx.rust_type(&TypeRef::Model(b.model.clone()));
        let sdoc = format!(" Sets the JSON body ({}).", code(&b.model));
        setters.push(quote! {
            #[doc = #sdoc]
            pub fn #setter(self, value: #t) -> Self {
                self.with(|r| r.#field = Some(value))
            }
        });
    }
    (!setters.is_empty()).then(|| quote! {
        impl Call<'_, #request> {
            #(#setters)*
        }
    })
}

/// One line: what the setter sets (linking the field, whose doc has the details) and the first
/// sentence of its description.
fn setter_doc(request: &str, p: &Field) -> String {
    // Intra-doc links cannot name raw identifiers (`r#type`): those link to the request type.
    let target = if p.rust_name.is_raw() { request.to_string() } else { format!("{request}::{}", p.rust_name.bare) };
    let link = format!("[`{}`]({target})", p.wire_name.replace('`', ""));
    match p.description.as_deref().map(prose) {
        Some(d) => format!(" Sets {link}: {}", first_sentence(&d)),
        None => format!(" Sets {link}."),
    }
}

/// The first sentence of doc text (its first line, cut after the first `. ` outside code spans).
fn first_sentence(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default();
    let mut in_code = false;
    let bytes = line.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        match b {
            b'`' => in_code = !in_code,
            b'.' if !in_code && bytes.get(i + 1) == Some(&b' ') => {
                let before = &line[..i];
                // Abbreviations do not end a sentence.
                if !(before.ends_with("e.g") || before.ends_with("i.e") || before.ends_with("etc") || before.ends_with("vs")) {
                    return line[..=i].to_string();
                }
            }
            _ => {}
        }
    }
    line.to_string()
}

/// `impl Paged`: how the generic page stream reads and moves this request's offset.
fn paged_impl(ctx: &Ctx, op: &Operation, p: &crate::ir::Pagination) -> TokenStream {
    let name = ident(&op.request_type);
    let item = ctx.rust_type(&p.item);
    let offset = ident(&p.offset.rust_name);
    let items = ident(&p.items.rust_name);
    let style = if p.page_number { quote!(PageNumber) } else { quote!(RecordOffset) };
    // Offsets, sizes and totals are i64 in the runtime; i32 values widen, i64 ones pass as they are.
    let widen = |ty: &TypeRef| if *ty == TypeRef::Int32 { quote!(.map(i64::from)) } else { quote!() };
    let set_offset = match p.offset.ty {
        TypeRef::Int32 => quote!(self.#offset = Some(i32::try_from(offset).unwrap_or(i32::MAX));),
        _ => quote!(self.#offset = Some(offset);),
    };
    let offset_widen = widen(&p.offset.ty);
    let page_size = match &p.limit {
        Some(l) => {
            let (n, w) = (ident(&l.rust_name), widen(&l.ty));
            quote!(self.#n #w)
        }
        None => quote!(None),
    };
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
    quote! {
        impl rt::paginate::Paged for #name {
            type Item = #item;
            const STYLE: rt::paginate::PageStyle = rt::paginate::PageStyle::#style;
            fn offset(&self) -> Option<i64> {
                self.#offset #offset_widen
            }
            fn set_offset(&mut self, offset: i64) {
                #set_offset
            }
            fn page_size(&self) -> Option<i64> {
                #page_size
            }
            fn page(response: Self::Output) -> rt::paginate::Page<Self::Item> {
                rt::paginate::Page { items: #take_items, total: #take_total }
            }
        }
    }
}

fn client_method(ctx: &Ctx, op: &Operation) -> TokenStream {
    let method = ident(&op.method_name);
    let request = ident(&op.request_type);
    let doc = doc_attrs(&method_doc(ctx, op));
    let deprecated = op.deprecated.as_ref().map(|d| {
        let successor = d.successor.as_ref().map(|s| format!("{}::{}", ctx.crate_spec.client, s.method_name.bare));
        let note = d.note_text(successor.as_deref());
        quote!(#[deprecated(note = #note)])
    });
    let args: Vec<TokenStream> = op.arguments.iter().map(|a| required_arg(ctx, a).0).collect();
    let names = op.arguments.iter().map(|a| ident(a.rust_name()));
    let too_many = (args.len() > 6).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    quote! {
        #doc
        #deprecated
        #too_many
        pub fn #method(&self, #(#args),*) -> Call<'_, #request> {
            Call::new(self, #request::new(#(#names),*))
        }
    }
}

fn method_doc(ctx: &Ctx, op: &Operation) -> String {
    // The English description is the summary line rustdoc lists; the API reference's own title
    // (Chinese for BSS) follows, so the page is easy to find.
    let mut parts = Vec::new();
    let reference = match &op.description {
        Some(d) => {
            parts.push(prose(d));
            (op.summary != *d).then(|| format!(" (API reference: {})", prose(&op.summary)))
        }
        None => {
            parts.push(prose(&op.summary));
            None
        }
    };
    let sites: Vec<String> = ctx
        .api
        .service
        .sites
        .iter()
        .filter(|s| op.sites.as_ref().is_none_or(|set| set.contains(&s.id)))
        .filter(|s| ctx.crate_spec.sites.contains(&s.id))
        .map(|s| prose(&s.name))
        .collect();
    parts.push(format!(
        "- `{} {}`{}\n- Sites: {}; caller: {}",
        op.http_method,
        op.path.replace('`', ""),
        reference.unwrap_or_default(),
        sites.join(", "),
        op.caller.describe()
    ));
    if !op.errors.is_empty() {
        let mut lines = vec!["# Errors".to_string(), String::new()];
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

/// A compiled (not run) usage example, for standalone crates whose name doctests can use: the
/// required inputs get realistic values (see [`super::examples`]), so the call could succeed.
fn example(ctx: &Ctx, op: &Operation) -> Option<String> {
    let krate = ctx.crate_ident.as_ref()?;
    let ex = super::examples::Examples { ctx };
    let mut lets = String::new();
    let mut args = Vec::new();
    for argument in &op.arguments {
        match argument {
            Argument::Param(p) => args.push(ex.field_value(p, 0)),
            Argument::Body(b) => {
                let value = ex.model_value(&b.model, 0);
                lets.push_str(&format!("let {} = {value};\n", b.rust_name.bare));
                args.push(b.rust_name.bare.clone());
            }
        }
    }
    let method = &op.method_name.bare;
    let mut setters = String::new();
    // A documented integer default makes a plausible setter call; enum-typed defaults do not.
    let integer_defaults = op.params_at(Location::Query).filter(|p| matches!(p.ty, TypeRef::Int32 | TypeRef::Int64));
    for p in integer_defaults.filter(|p| p.constraints.default.is_some()).take(1) {
        if let (Some(crate::ir::Literal::Int(i)), Some(setter)) = (&p.constraints.default, &p.setter) {
            setters.push_str(&format!(".{setter}({i})"));
        }
    }
    let allow = if op.deprecated.is_some() { "# #[allow(deprecated)]\n" } else { "" };
    let args = args.join(", ");
    let call = match &op.pagination {
        Some(_) => format!("let all = client.{method}({args}){setters}.into_stream().collect_all().await?;"),
        None if op.response.is_none() => format!("client.{method}({args}){setters}.send().await?;"),
        None => format!("let response = client.{method}({args}){setters}.send().await?;"),
    };
    let uses = if lets.contains("models::") || args.contains("models::") { format!("use {krate}::models;\n") } else { String::new() };
    Some(format!(
        "# Example\n\n```no_run\n{allow}# async fn example(client: &{krate}::{client}) -> Result<(), {krate}::Error> {{\n{uses}{lets}{call}\n# Ok(()) }}\n```",
        client = ctx.crate_spec.client
    ))
}
