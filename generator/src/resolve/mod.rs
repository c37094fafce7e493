//! Validation and resolution: parsed spec files in, an [`Api`] (IR) out, or every problem found.

use crate::diag::Diagnostics;
use crate::ir::*;
use crate::load::LoadedFile;
use crate::naming;
use crate::spec::{self, FieldDoc, Known, Scalar};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

mod errors;
mod literals;
mod models;
mod names;
mod operations;
mod service;

pub use names::did_you_mean;
pub use operations::placeholders;
use literals::enum_values;
use models::box_recursive_fields;
use names::yaml_key;

/// Resolves the loaded files into the IR, recording every problem in `diags`.
/// Returns `None` when there is at least one error.
pub fn resolve(files: &[LoadedFile], diags: &mut Diagnostics) -> Option<Api> {
    let texts = files.iter().map(|f| (f.path.clone(), f.text.as_str())).collect();
    let mut r = Resolver { diags, texts, model_files: HashMap::new(), enums: enum_values(files) };
    let service = r.service(files)?;
    let site_ids: BTreeSet<String> = service.sites.iter().map(|s| s.id.clone()).collect();
    let areas = r.areas(files);
    let errors = r.errors(files);
    let error_codes: BTreeSet<&str> = errors.iter().map(|e| e.code.as_str()).collect();

    let mut models = BTreeMap::new();
    for file in files {
        let area = file.doc.area.as_ref().map(|a| a.name.clone()).unwrap_or_default();
        for (name, doc) in &file.doc.models {
            if let Some(model) = r.model(&file.path, &area, name, doc, &site_ids) {
                if let Some(first) = r.model_files.get(name) {
                    r.diags
                        .error(&file.path, format!("models.{}", yaml_key(name)), format!("model `{name}` is defined twice"))
                        .help(format!("it is also defined in {}", first.display()));
                    continue;
                }
                r.model_files.insert(name.clone(), file.path.clone());
                models.insert(name.clone(), model);
            }
        }
    }
    r.check_model_names(&models);
    r.check_references(&models);
    r.check_required_cycles(&models);
    box_recursive_fields(&mut models);

    let op_names: BTreeSet<String> =
        files.iter().flat_map(|f| f.doc.operations.keys().cloned()).collect();
    let mut operations: Vec<(PathBuf, Operation)> = Vec::new();
    let mut op_files: HashMap<String, PathBuf> = HashMap::new();
    for file in files {
        let area = file.doc.area.as_ref().map(|a| a.name.clone()).unwrap_or_default();
        for (name, doc) in &file.doc.operations {
            if let Some(other) = op_files.get(name) {
                r.diags
                    .error(&file.path, format!("operations.{name}"), format!("operation `{name}` is defined twice"))
                    .help(format!("it is also defined in {}", other.display()));
                continue;
            }
            op_files.insert(name.clone(), file.path.clone());
            let ctx = OpContext { models: &models, site_ids: &site_ids, error_codes: &error_codes, op_names: &op_names };
            if let Some(op) = r.operation(&file.path, &area, name, doc, &ctx) {
                operations.push((file.path.clone(), op));
            }
        }
    }
    r.check_operation_names(&operations, &models);
    r.check_routes(&operations);
    // With errors, an operation that failed to resolve would make its models look unused.
    if !r.diags.has_errors() {
        r.warn_unreachable(&models, &operations);
    }

    if r.diags.has_errors() {
        return None;
    }
    Some(Api {
        service,
        areas,
        models,
        operations: operations.into_iter().map(|(_, o)| o).collect(),
        errors,
    })
}

struct Resolver<'d> {
    diags: &'d mut Diagnostics,
    /// Each file's text, to read a number or a word exactly as written where YAML's reading of
    /// it (through a float, or as a number) would lose what the author wrote.
    texts: HashMap<PathBuf, &'d str>,
    model_files: HashMap<String, PathBuf>,
    /// Every enumeration's base type and values, read before anything else so that defaults of
    /// enum-typed fields can be checked wherever they appear.
    enums: HashMap<String, (TypeRef, Vec<Literal>)>,
}

struct OpContext<'a> {
    models: &'a BTreeMap<String, Model>,
    site_ids: &'a BTreeSet<String>,
    error_codes: &'a BTreeSet<&'a str>,
    op_names: &'a BTreeSet<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_found_in_order() {
        assert_eq!(placeholders("/v1.0/{domain_id}/x/{id}").unwrap(), vec!["domain_id", "id"]);
        assert!(placeholders("/a/{x").is_err());
        assert!(placeholders("/a/{x}/{x}").is_err());
        assert!(placeholders("/a/}").is_err());
    }

    #[test]
    fn suggestions_are_close_names() {
        let known = ["CustomerOrderV2", "OrderLineItem"];
        assert_eq!(did_you_mean("CustomerOrderV3", known.iter().copied()), Some("CustomerOrderV2"));
        assert_eq!(did_you_mean("Totally", known.iter().copied()), None);
    }
}
