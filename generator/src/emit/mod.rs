//! Emission: one crate's IR in (names and facts all decided by `resolve`), the Rust token
//! streams and text files of the crate out.

mod call;
mod docs;
pub use docs::{deferring, DeferredDocs, MARKER as DOC_MARKER};
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

use crate::ir::{Api, Area, CrateSpec, Model, Operation, SharedCrate, TypeRef};
use std::collections::HashMap;
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

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

/// What emitters share: the crate's API and spec, the runtime path, whether features exist.
pub struct Ctx<'a> {
    /// The crate's part of the API.
    pub api: &'a Api,
    /// The crate being emitted.
    pub crate_spec: &'a CrateSpec,
    /// The path of the runtime crate, as tokens (`::huaweicloud_sdk_runtime`).
    pub runtime_path: TokenStream,
    /// Cargo features per area are generated (standalone crates only).
    pub features: bool,
    /// The crate's name as a Rust path segment, for doc examples (standalone crates only).
    pub crate_ident: Option<String>,
    /// The crate this one shares the error catalog and some models with, which it re-exports
    /// (standalone SDK crates of a spec with `service.shared_crate`; `None` in the shared crate).
    pub shared: Option<&'a SharedCrate>,
    /// The crate's operations and own models by area.
    pub by_area: ByArea<'a>,
}

/// A crate's operations and the models it defines (not those of the shared crate), grouped by
/// area in API order: an area's file looks its items up instead of scanning the whole API
/// (which grew with areas × items: a tenth of a generation at 5,000 operations).
#[derive(Debug, Default)]
pub struct ByArea<'a> {
    operations: HashMap<&'a str, Vec<&'a Operation>>,
    models: HashMap<&'a str, Vec<&'a Model>>,
}

impl<'a> ByArea<'a> {
    /// Groups `api`'s operations and own models.
    pub fn new(api: &'a Api) -> Self {
        let mut by_area = ByArea::default();
        for op in &api.operations {
            by_area.operations.entry(op.area.as_str()).or_default().push(op);
        }
        for model in api.models.values().filter(|m| !m.shared) {
            by_area.models.entry(model.area.as_str()).or_default().push(model);
        }
        by_area
    }

    /// The operations of `area`, in API order.
    pub fn operations(&self, area: &str) -> &[&'a Operation] {
        self.operations.get(area).map_or(&[], Vec::as_slice)
    }

    /// The models `area` defines in this crate, in API (name) order.
    pub fn models(&self, area: &str) -> &[&'a Model] {
        self.models.get(area).map_or(&[], Vec::as_slice)
    }
}

/// One file of a crate's output. Files are emitted independently of each other, so that they
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
    /// The shared crate's `src/lib.rs`.
    SharedLib,
    /// The shared crate's `Cargo.toml`.
    SharedCargoToml,
    /// The shared crate's `README.md`.
    SharedReadme,
    /// `<id>.rs`: the whole crate as one file of inline modules (build.rs output).
    Inline,
}

/// The files of one crate, keyed by path relative to the crate root; or, for build.rs use
/// (`standalone_crate == false`), one file `<id>.rs` of inline modules.
pub fn plan(api: &Api, crate_spec: &CrateSpec, options: &EmitOptions) -> Vec<(String, FileKind)> {
    if !options.standalone_crate {
        return vec![(format!("{}.rs", crate_spec.id), FileKind::Inline)];
    }
    let mut files = vec![
        ("src/lib.rs".to_string(), FileKind::Lib),
        ("src/__samples.rs".to_string(), FileKind::Samples),
        ("src/client.rs".to_string(), FileKind::Client),
        ("src/call.rs".to_string(), FileKind::Call),
    ];
    if shared_crate(api, options).is_none() {
        files.push(("src/errors.rs".to_string(), FileKind::Errors));
    }
    files.push(("src/models/mod.rs".to_string(), FileKind::ModelsMod));
    files.push(("src/operations/mod.rs".to_string(), FileKind::OperationsMod));
    files.extend(model_area_files(api));
    files.extend(operation_areas(api).map(|a| (format!("src/operations/{}.rs", a.module.bare), FileKind::OperationArea(a.name.clone()))));
    files.push(("Cargo.toml".to_string(), FileKind::CargoToml));
    files.push(("README.md".to_string(), FileKind::Readme));
    if api.service.package.is_some() {
        files.push(("LICENSE".to_string(), FileKind::License));
    }
    files
}

/// The shared crate, when the SDK crates share one (`shared` is its part, from
/// [`share_models`](crate::resolve::share_models)): its folder (relative to the output folder)
/// and its files (relative to that folder).
pub fn plan_shared_crate<'a>(shared: &'a Api, options: &EmitOptions) -> Option<(&'a SharedCrate, Vec<(String, FileKind)>)> {
    let shared_crate = shared_crate(shared, options)?;
    let mut files = vec![
        ("src/lib.rs".to_string(), FileKind::SharedLib),
        ("src/errors.rs".to_string(), FileKind::Errors),
        ("src/models/mod.rs".to_string(), FileKind::ModelsMod),
    ];
    files.extend(model_area_files(shared));
    files.push(("Cargo.toml".to_string(), FileKind::SharedCargoToml));
    files.push(("README.md".to_string(), FileKind::SharedReadme));
    if shared.service.package.is_some() {
        files.push(("LICENSE".to_string(), FileKind::License));
    }
    Some((shared_crate, files))
}

/// One `src/models/<area>.rs` per area that defines models in the crate.
fn model_area_files(api: &Api) -> impl Iterator<Item = (String, FileKind)> + '_ {
    model_areas(api).map(|a| (format!("src/models/{}.rs", a.module.bare), FileKind::ModelArea(a.name.clone())))
}

/// The shared crate, when the spec has one and full crates are generated (build-script output
/// is one file, which cannot depend on another crate).
fn shared_crate<'a>(api: &'a Api, options: &EmitOptions) -> Option<&'a SharedCrate> {
    api.service.shared_crate.as_ref().filter(|_| options.standalone_crate)
}

/// A rough relative cost of emitting and formatting a file, so that parallel emission can start
/// with the largest files.
pub fn estimated_cost(api: &Api, by_area: &ByArea, kind: &FileKind) -> usize {
    match kind {
        FileKind::OperationArea(area) => 4 * by_area.operations(area).len(),
        FileKind::ModelArea(area) => by_area.models(area).len(),
        FileKind::Samples => api.operations.len() + api.models.len(),
        FileKind::Inline => 5 * api.operations.len() + 2 * api.models.len(),
        FileKind::Errors => api.errors.len() / 4,
        _ => 1,
    }
}

/// Emits the files of one crate.
pub struct Emitter<'a> {
    ctx: Ctx<'a>,
    #[cfg_attr(not(feature = "crates"), allow(dead_code))]
    options: &'a EmitOptions,
}

impl<'a> Emitter<'a> {
    /// What the files of `crate_spec` share (`api` is the crate's part of the API, from
    /// [`Api::for_crate`]).
    pub fn new(api: &'a Api, crate_spec: &'a CrateSpec, options: &'a EmitOptions) -> Self {
        Self::with_shared(api, crate_spec, options, shared_crate(api, options))
    }

    /// The emitter of the shared crate (`api` is its part, from
    /// [`share_models`](crate::resolve::share_models)). What it emits names no SDK crate in
    /// particular; the first stands in where the context wants one.
    pub fn for_shared_crate(api: &'a Api, options: &'a EmitOptions) -> Self {
        let any_crate = api.service.crates.first().expect("a resolved service has crates");
        Self::with_shared(api, any_crate, options, None)
    }

    fn with_shared(api: &'a Api, crate_spec: &'a CrateSpec, options: &'a EmitOptions, shared: Option<&'a SharedCrate>) -> Self {
        let runtime_path: TokenStream = options.runtime_path.parse().expect("runtime path is validated by the caller");
        let features = options.standalone_crate;
        let ctx = Ctx {
            api,
            crate_spec,
            runtime_path,
            features,
            crate_ident: features.then(|| crate_spec.lib_name.clone()),
            shared,
            by_area: ByArea::new(api),
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
            FileKind::SharedLib => root::shared_lib_rs(ctx),
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
            #[cfg(feature = "crates")]
            FileKind::SharedCargoToml => return Emitted::Text(templates::shared_cargo_toml(ctx, self.options)),
            #[cfg(feature = "crates")]
            FileKind::SharedReadme => return Emitted::Text(templates::shared_readme(ctx)),
            // Standalone crates are refused without the feature, so these are never planned.
            #[cfg(not(feature = "crates"))]
            FileKind::CargoToml | FileKind::Readme | FileKind::License | FileKind::SharedCargoToml | FileKind::SharedReadme => {
                return Emitted::Text(String::new())
            }
            FileKind::Inline => self.inline_crate(),
        })
    }

    /// One self-contained file of inline modules: `include!` resolves `mod x;` against the
    /// including file's folder, so a module tree of files cannot be included from OUT_DIR.
    fn inline_crate(&self) -> TokenStream {
        let ctx = &self.ctx;
        let model_files: Vec<(String, TokenStream)> =
            model_areas(ctx.api).map(|a| (a.name.clone(), models::area_file(ctx, &a.name))).collect();
        let op_files: Vec<(String, TokenStream)> =
            operation_areas(ctx.api).map(|a| (a.name.clone(), operations::area_file(ctx, &a.name))).collect();
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

/// Areas that define at least one model of this crate, in area order.
pub fn model_areas(api: &Api) -> impl Iterator<Item = &Area> {
    api.areas.iter().filter(|a| a.has_models)
}

/// Areas that define at least one operation of this crate, in area order.
pub fn operation_areas(api: &Api) -> impl Iterator<Item = &Area> {
    api.areas.iter().filter(|a| a.has_operations)
}

/// An identifier token from a name as written in code, raw (`r#type`) or not: the one place
/// that turns [`RustName::ident`](crate::ir::RustName) text into tokens (pure formatting; the
/// name itself was decided by `resolve`).
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

impl Ctx<'_> {
    /// The Rust type of a spec type, as used inside the generated crate.
    pub fn rust_type(&self, ty: &TypeRef) -> TokenStream {
        let rt = &self.runtime_path;
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
        let rt = &self.runtime_path;
        quote!(#rt::__private::serde)
    }
}

/// `;` for a module in its own file, or `{ contents }` for an inline module.
fn module_body(inline: Option<&[(String, TokenStream)]>, area: &str) -> TokenStream {
    match inline.and_then(|files| files.iter().find(|(a, _)| a == area)) {
        Some((_, tokens)) => quote!({ #tokens }),
        None => quote!(;),
    }
}
