//! Text artefacts: values computed from the IR in, Cargo.toml and README.md rendered by minijinja out.

use super::docs::code;
use super::{Ctx, EmitOptions};
use minijinja::{context, Environment};
use serde::Serialize;

const CARGO_TOML: &str = include_str!("../../templates/Cargo.toml.j2");
const README: &str = include_str!("../../templates/README.md.j2");
const SHARED_CARGO_TOML: &str = include_str!("../../templates/shared-Cargo.toml.j2");
const SHARED_README: &str = include_str!("../../templates/shared-README.md.j2");
/// The error-code table both READMEs include.
const ERROR_TABLE: &str = include_str!("../../templates/error-table.md.j2");
/// The licence of generated crates (`license = "Apache-2.0"` in their Cargo.toml): the generator's
/// own licence file.
pub const LICENSE: &str = include_str!("../../LICENSE");

fn render(name: &str, source: &str, ctx: minijinja::Value) -> String {
    let mut env = Environment::new();
    env.set_keep_trailing_newline(true);
    env.add_template("error-table.md", ERROR_TABLE).expect("templates are checked by tests");
    env.add_template(name, source).expect("templates are checked by tests");
    env.get_template(name).and_then(|t| t.render(ctx)).expect("templates are checked by tests")
}

pub fn cargo_toml(ctx: &Ctx, options: &EmitOptions) -> String {
    render(
        "Cargo.toml",
        CARGO_TOML,
        context! {
            crate_name => ctx.crate_spec.crate_name,
            version => options.crate_version,
            rust_version => options.rust_version,
            package => package_metadata(ctx),
            description => format!("{} SDK ({} sites), generated from the spec.", ctx.api.service.title, ctx.crate_spec.sites.join(", ")),
            runtime_dependency => options.runtime_dependency,
            shared_crate => ctx.shared.map(|e| context! {
                name => e.crate_name,
                dir => e.id,
                requirement => version_requirement(&options.crate_version),
            }),
            all_areas => super::features::ALL_AREAS,
            areas => feature_areas(ctx),
        },
    )
}

/// The shared crate's Cargo.toml: the package, a feature per area of its models, the runtime
/// dependency.
pub fn shared_cargo_toml(ctx: &Ctx, options: &EmitOptions) -> String {
    let shared = shared_crate(ctx);
    render(
        "shared-Cargo.toml",
        SHARED_CARGO_TOML,
        context! {
            crate_name => shared.crate_name,
            version => options.crate_version,
            rust_version => options.rust_version,
            package => package_metadata(ctx),
            description => format!("The error catalog and shared models of the {} SDK crates, generated from the spec.", ctx.api.service.title),
            runtime_dependency => options.runtime_dependency,
            all_areas => super::features::ALL_AREAS,
            areas => shared_feature_areas(ctx),
        },
    )
}

/// The shared crate's README: what it is for, an example and the table of codes.
pub fn shared_readme(ctx: &Ctx) -> String {
    let shared = shared_crate(ctx);
    render(
        "shared-README.md",
        SHARED_README,
        context! {
            title => ctx.api.service.title,
            crate_name => shared.crate_name,
            crate_ident => shared.lib_name,
            users => ctx.api.service.crates.iter().map(|c| c.crate_name.clone()).collect::<Vec<_>>(),
            example_code => ctx.api.errors.first().map_or("CBC.0100", |e| e.code.as_str()),
            errors => error_rows(ctx),
            model_count => ctx.api.models.len(),
            package => readme_package(ctx),
        },
    )
}

fn shared_crate<'a>(ctx: &Ctx<'a>) -> &'a crate::ir::SharedCrate {
    ctx.api.service.shared_crate.as_ref().expect("planned only for a spec with a shared crate")
}

/// The features of the shared crate: every area with operations in some SDK crate (each SDK
/// crate's area feature turns on the same one here when it needs a shared model).
fn shared_feature_areas(ctx: &Ctx) -> Vec<FeatureRow> {
    super::operation_areas(ctx.api).map(|a| FeatureRow { title: a.title.replace('\n', " "), name: a.feature.clone(), forward: false }).collect()
}

/// A dependency requirement on a crate of the same generation: its version without build
/// metadata (which cargo ignores in requirements and warns about).
fn version_requirement(version: &str) -> &str {
    version.split('+').next().unwrap_or(version)
}

/// `service.package` as the Cargo.toml templates read it.
fn package_metadata(ctx: &Ctx) -> Option<minijinja::Value> {
    ctx.api.service.package.as_ref().map(|p| context! {
        repository => p.repository,
        keywords => p.keywords,
        categories => p.categories,
    })
}

#[derive(Serialize)]
struct FeatureRow {
    name: String,
    title: String,
    /// The area needs shared models: the feature turns on the shared crate's of the same name.
    forward: bool,
}

/// The areas with operations: one cargo feature each.
fn feature_areas(ctx: &Ctx) -> Vec<FeatureRow> {
    super::operation_areas(ctx.api)
        .map(|a| FeatureRow {
            title: a.title.replace('\n', " "),
            name: a.feature.clone(),
            forward: ctx.shared.is_some() && a.needs_shared_models,
        })
        .collect()
}

#[derive(Serialize)]
struct OpRow {
    method_name: String,
    http: String,
    summary: String,
    deprecated: bool,
}

#[derive(Serialize)]
struct AreaRow {
    title: String,
    ops: Vec<OpRow>,
}

#[derive(Serialize)]
struct ErrorRow {
    code: String,
    status: String,
    message: String,
    zh: String,
}

pub fn readme(ctx: &Ctx) -> String {
    let areas: Vec<AreaRow> = super::operation_areas(ctx.api)
        .map(|area| AreaRow {
            title: area.title.clone(),
            ops: ctx
                .by_area
                .operations(&area.name)
                .iter()
                .map(|o| OpRow {
                    method_name: o.method_name.ident.clone(),
                    http: code(&format!("{} {}", o.http_method, o.path)),
                    summary: table_cell(&o.summary),
                    deprecated: o.deprecated.is_some(),
                })
                .collect(),
        })
        .collect();
    let sites: Vec<String> = ctx
        .api
        .service
        .sites
        .iter()
        .filter(|s| ctx.crate_spec.sites.contains(&s.id))
        .map(|s| format!("{} (`{}`, {})", s.name, s.rust_name, s.endpoint))
        .collect();
    render(
        "README.md",
        README,
        context! {
            title => ctx.api.service.title,
            crate_name => ctx.crate_spec.crate_name,
            crate_ident => ctx.crate_spec.lib_name,
            client => ctx.crate_spec.client.ident,
            sites => sites,
            areas => areas,
            errors => error_rows(ctx),
            package => readme_package(ctx),
            op_count => ctx.api.operations.len(),
            model_count => ctx.api.models.len(),
        },
    )
}

/// The catalog as README table rows.
fn error_rows(ctx: &Ctx) -> Vec<ErrorRow> {
    ctx.api
        .errors
        .iter()
        .map(|e| ErrorRow {
            code: e.code.clone(),
            status: e.status.map_or("unknown".into(), |s| s.to_string()),
            message: table_cell(e.message.as_deref().unwrap_or("unknown")),
            zh: table_cell(e.description_zh.as_deref().unwrap_or("")),
        })
        .collect()
}

/// `service.package` as the README templates read it: version, requirement and where the
/// version comes from.
fn readme_package(ctx: &Ctx) -> Option<minijinja::Value> {
    ctx.api.service.package.as_ref().map(|p| context! {
        version => p.crate_version(),
        requirement => p.version.split('.').take(2).collect::<Vec<_>>().join("."),
        repository => p.repository,
        explanation => match &p.checked_against {
            Some(v) => format!("the spec was checked against version {v} of Huawei's official SDK packages (the build metadata `+sdk.{v}`); the version before `+` changes with the spec and the generator, minor versions follow the runtime crate's."),
            None => "the version changes with the spec and the generator; minor versions follow the runtime crate's.".to_string(),
        },
    })
}

fn table_cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}
