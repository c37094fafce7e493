//! Emission: one variant's IR in, the Rust token streams and text files of its crate out.

mod call;
mod docs;
mod examples;
mod errors;
mod features;
mod models;
mod operations;
mod root;
pub mod samples;
#[cfg(feature = "crates")]
mod templates;
mod validate;

use crate::ir::{Api, ModelKind, TypeRef, Variant};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};

/// A file of the generated crate, before formatting (Rust) or as final text.
#[derive(Debug, Clone)]
pub enum Emitted {
    /// Rust source, still to be checked and formatted.
    Rust(TokenStream),
    /// Any other file, final.
    Text(String),
}

/// Emission settings.
#[derive(Debug, Clone)]
pub struct EmitOptions {
    /// Path generated code uses for the runtime crate, e.g. `::huaweicloud_sdk_runtime`.
    pub runtime_path: String,
    /// The dependency line of the runtime crate in the generated Cargo.toml.
    pub runtime_dependency: String,
    /// Crate version written to Cargo.toml.
    pub crate_version: String,
    /// `rust-version` written to Cargo.toml.
    pub rust_version: String,
    /// Emit Cargo.toml and README.md (a full crate) or only the Rust modules (build.rs use).
    pub standalone_crate: bool,
    /// Pretty-print Rust output (else the emitted tokens as they are).
    pub pretty: bool,
}

/// What emitters share: the runtime path, the variant and which models have `Default`.
pub struct Ctx<'a> {
    /// The variant's API.
    pub api: &'a Api,
    /// The variant.
    pub variant: &'a Variant,
    /// Runtime crate path tokens.
    pub rt: TokenStream,
    /// Runtime path as text (for serde attributes).
    pub rt_text: String,
    /// Models that can derive `Default`.
    pub defaultable: BTreeSet<String>,
    /// Models with constraints to check (directly or in nested models).
    pub validated: BTreeSet<String>,
    /// Models that requests send (bodies and what they reach): their required texts must not be empty.
    pub request_models: BTreeSet<String>,
    /// Per model, the area features that need it; empty when features are off (build.rs output).
    pub model_features: BTreeMap<String, BTreeSet<String>>,
    /// Cargo features per area are generated (standalone crates only).
    pub features: bool,
    /// The crate's name as a Rust path segment, for doc examples (standalone crates only).
    pub crate_ident: Option<String>,
}

/// One file of a variant's output. Files are emitted independently of each other, so that they
/// can be emitted and formatted on parallel threads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileKind {
    /// `src/lib.rs`: the crate root.
    Lib,
    /// `src/__samples.rs`: sample calls for the end-to-end tests (feature `test-support`).
    Samples,
    /// `src/client.rs`: the client type.
    Client,
    /// `src/call.rs`: the generic call type.
    Call,
    /// `src/errors.rs`: the error-code catalog.
    Errors,
    /// `src/models/mod.rs`.
    ModelsMod,
    /// `src/operations/mod.rs`.
    OperationsMod,
    /// `src/models/<area>.rs`.
    ModelArea(String),
    /// `src/operations/<area>.rs`.
    OperationArea(String),
    /// `Cargo.toml`.
    CargoToml,
    /// `README.md`.
    Readme,
    /// `LICENSE`: the Apache-2.0 text, for crates published to crates.io (`service.package`).
    License,
    /// `<variant>.rs`: the whole crate as one file of inline modules (build.rs output).
    Inline,
}

/// The files of one variant's crate, keyed by path relative to the crate root; or, for build.rs
/// use (`standalone_crate == false`), one file `<variant>.rs` of inline modules.
pub fn plan(api: &Api, variant: &Variant, options: &EmitOptions) -> Vec<(String, FileKind)> {
    if !options.standalone_crate {
        return vec![(format!("{}.rs", variant.id), FileKind::Inline)];
    }
    let mut files = vec![
        ("src/lib.rs".to_string(), FileKind::Lib),
        ("src/__samples.rs".to_string(), FileKind::Samples),
        ("src/client.rs".to_string(), FileKind::Client),
        ("src/call.rs".to_string(), FileKind::Call),
        ("src/errors.rs".to_string(), FileKind::Errors),
        ("src/models/mod.rs".to_string(), FileKind::ModelsMod),
        ("src/operations/mod.rs".to_string(), FileKind::OperationsMod),
    ];
    files.extend(model_areas(api).into_iter().map(|a| (format!("src/models/{a}.rs"), FileKind::ModelArea(a))));
    files.extend(operation_areas(api).into_iter().map(|a| (format!("src/operations/{a}.rs"), FileKind::OperationArea(a))));
    files.push(("Cargo.toml".to_string(), FileKind::CargoToml));
    files.push(("README.md".to_string(), FileKind::Readme));
    if api.service.package.is_some() {
        files.push(("LICENSE".to_string(), FileKind::License));
    }
    files
}

/// A rough relative cost of emitting and formatting a file, so that parallel emission can start
/// with the largest files.
pub fn estimated_cost(api: &Api, kind: &FileKind) -> usize {
    match kind {
        FileKind::OperationArea(area) => 4 * api.operations.iter().filter(|o| &o.area == area).count(),
        FileKind::ModelArea(area) => api.models.values().filter(|m| &m.area == area).count(),
        FileKind::Samples => api.operations.len() + api.models.len(),
        FileKind::Inline => 5 * api.operations.len() + 2 * api.models.len(),
        FileKind::Errors => api.errors.len() / 4,
        _ => 1,
    }
}

/// Emits the files of one variant; shares the facts computed once per variant.
pub struct Emitter<'a> {
    ctx: Ctx<'a>,
    #[cfg_attr(not(feature = "crates"), allow(dead_code))]
    options: &'a EmitOptions,
}

impl<'a> Emitter<'a> {
    /// Computes what the files of `variant` share (`api` is the variant's part of the API).
    pub fn new(api: &'a Api, variant: &'a Variant, options: &'a EmitOptions) -> Self {
        let rt_text = options.runtime_path.clone();
        let rt: TokenStream = rt_text.parse().expect("runtime path is validated by the caller");
        let features = options.standalone_crate;
        let request_models = validate::request_models(api);
        let ctx = Ctx {
            api,
            variant,
            rt,
            rt_text,
            defaultable: defaultable_models(api),
            validated: validate::validated_models(api, &request_models),
            request_models,
            model_features: if features { features::model_features(api) } else { BTreeMap::new() },
            features,
            crate_ident: features.then(|| variant.crate_name.replace('-', "_")),
        };
        Emitter { ctx, options }
    }

    /// Emits one file.
    pub fn emit(&self, kind: &FileKind) -> Emitted {
        let ctx = &self.ctx;
        Emitted::Rust(match kind {
            FileKind::Lib => {
                let mut lib = root::lib_rs(ctx, true);
                lib.extend(samples::module_decl());
                lib
            }
            FileKind::Samples => samples::samples_rs(ctx),
            FileKind::Client => root::client_rs(ctx),
            FileKind::Call => call::call_rs(ctx),
            FileKind::Errors => errors::errors_rs(ctx),
            FileKind::ModelsMod => models::models_mod(ctx, None),
            FileKind::OperationsMod => operations::operations_mod(ctx, None),
            FileKind::ModelArea(area) => models::area_file(ctx, area),
            FileKind::OperationArea(area) => operations::area_file(ctx, area),
            #[cfg(feature = "crates")]
            FileKind::CargoToml => return Emitted::Text(templates::cargo_toml(ctx, self.options)),
            #[cfg(feature = "crates")]
            FileKind::Readme => return Emitted::Text(templates::readme(ctx)),
            #[cfg(feature = "crates")]
            FileKind::License => return Emitted::Text(templates::LICENSE.to_string()),
            // Standalone crates are refused without the feature, so these are never planned.
            #[cfg(not(feature = "crates"))]
            FileKind::CargoToml | FileKind::Readme | FileKind::License => return Emitted::Text(String::new()),
            FileKind::Inline => self.inline_crate(),
        })
    }

    /// One self-contained file of inline modules: `include!` resolves `mod x;` against the
    /// including file's folder, so a module tree of files cannot be included from OUT_DIR.
    fn inline_crate(&self) -> TokenStream {
        let ctx = &self.ctx;
        let model_files: Vec<(String, TokenStream)> =
            model_areas(ctx.api).into_iter().map(|a| { let t = models::area_file(ctx, &a); (a, t) }).collect();
        let op_files: Vec<(String, TokenStream)> =
            operation_areas(ctx.api).into_iter().map(|a| { let t = operations::area_file(ctx, &a); (a, t) }).collect();
        let root = root::lib_rs(ctx, false);
        let client = root::client_rs(ctx);
        let call = call::call_rs(ctx);
        let errors = errors::errors_rs(ctx);
        let models = models::models_mod(ctx, Some(&model_files));
        let operations = operations::operations_mod(ctx, Some(&op_files));
        quote! {
            #root
            mod client { #client }
            mod call { #call }
            pub mod errors { #errors }
            pub mod models { #models }
            pub mod operations { #operations }
        }
    }
}

/// Emits every file of one variant's crate (see [`plan`]), on the calling thread.
pub fn emit_crate(api: &Api, variant: &Variant, options: &EmitOptions) -> BTreeMap<String, Emitted> {
    let emitter = Emitter::new(api, variant, options);
    plan(api, variant, options).into_iter().map(|(path, kind)| { let e = emitter.emit(&kind); (path, e) }).collect()
}

/// Areas that define at least one model of this variant, in area order.
pub fn model_areas(api: &Api) -> Vec<String> {
    let used: BTreeSet<&str> = api.models.values().map(|m| m.area.as_str()).collect();
    api.areas.iter().filter(|a| used.contains(a.name.as_str())).map(|a| a.name.clone()).collect()
}

/// Areas that define at least one operation of this variant, in area order.
pub fn operation_areas(api: &Api) -> Vec<String> {
    let used: BTreeSet<&str> = api.operations.iter().map(|o| o.area.as_str()).collect();
    api.areas.iter().filter(|a| used.contains(a.name.as_str())).map(|a| a.name.clone()).collect()
}

/// An identifier token from a name that may be raw (`r#type`).
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

impl Ctx<'_> {
    /// The Rust type of a spec type, as used inside the generated crate.
    pub fn rust_type(&self, ty: &TypeRef) -> TokenStream {
        let rt = &self.rt;
        match ty {
            TypeRef::String => quote!(String),
            TypeRef::Int32 => quote!(i32),
            TypeRef::Int64 => quote!(i64),
            TypeRef::Bool => quote!(bool),
            TypeRef::Decimal => quote!(#rt::Decimal),
            TypeRef::Json => quote!(#rt::__private::serde_json::Value),
            TypeRef::List(inner) => {
                let inner = self.rust_type(inner);
                quote!(Vec<#inner>)
            }
            TypeRef::Map(inner) => {
                let inner = self.rust_type(inner);
                quote!(::std::collections::BTreeMap<String, #inner>)
            }
            TypeRef::Model(name) => {
                let model = ident(&self.api.models[name].rust_name);
                quote!(models::#model)
            }
        }
    }

    /// Path of the runtime's serde, for derives.
    pub fn serde_path(&self) -> TokenStream {
        let rt = &self.rt;
        quote!(#rt::__private::serde)
    }
}

/// Models whose every required field has a `Default` (enums have none), computed to a fixed point.
fn defaultable_models(api: &Api) -> BTreeSet<String> {
    let mut ok: BTreeSet<String> = BTreeSet::new();
    loop {
        let before = ok.len();
        for (name, model) in &api.models {
            if let ModelKind::Object(fields) = &model.kind {
                let all = fields.iter().all(|f| !f.required || type_has_default(&f.ty, &ok));
                if all {
                    ok.insert(name.clone());
                }
            }
        }
        if ok.len() == before {
            return ok;
        }
    }
}

/// Whether a type implements `Default` given the set of defaultable models.
pub fn type_has_default(ty: &TypeRef, defaultable: &BTreeSet<String>) -> bool {
    match ty {
        TypeRef::Model(m) => defaultable.contains(m),
        _ => true,
    }
}

/// `;` for a module in its own file, or `{ contents }` for an inline module.
fn module_body(inline: Option<&[(String, TokenStream)]>, area: &str) -> TokenStream {
    match inline.and_then(|files| files.iter().find(|(a, _)| a == area)) {
        Some((_, tokens)) => quote!({ #tokens }),
        None => quote!(;),
    }
}
