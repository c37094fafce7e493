//! Validation and resolution: parsed spec files in, an [`Api`] (IR) out, or every problem found.

use crate::diag::Diagnostics;
use crate::ir::*;
use crate::load::LoadedFile;
use crate::naming;
use crate::spec::{self, FieldDoc, Known, Scalar};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

mod errors;
mod facts;
mod graph;
mod literals;
mod models;
mod names;
mod operations;
mod service;
mod shared;

pub use facts::derive_facts;
pub use shared::share_models;
pub use names::did_you_mean;
pub use operations::placeholders;
use literals::enum_values;
use models::box_recursive_fields;
use names::yaml_key;

/// Resolves the loaded files into the IR, recording every problem in `diags`.
/// Returns `None` when there is at least one error.
pub fn resolve(files: &[LoadedFile], diags: &mut Diagnostics) -> Option<Api> {
    let texts: HashMap<PathBuf, &str> = files.iter().map(|f| (f.path.clone(), f.text.as_str())).collect();
    let enums = enum_values(files);
    let mut r = Resolver { diags, texts: &texts, model_files: HashMap::new(), enums: &enums };
    let service = r.service(files)?;
    let site_ids: BTreeSet<String> = service.sites.iter().map(|s| s.id.clone()).collect();
    let areas = r.areas(files);
    let errors = r.errors(files);
    let error_codes: BTreeSet<&str> = errors.iter().map(|e| e.code.as_str()).collect();

    // Each file's models are resolved on their own (on every core); the names are then checked
    // across files in file order.
    let resolved = r.per_file(files, |r, _, file| {
        let area = file.doc.area.as_ref().map(|a| a.name.clone()).unwrap_or_default();
        file.doc.models.iter().map(|(name, doc)| r.model(&file.path, &area, name, doc, &site_ids)).collect::<Vec<_>>()
    });
    let mut models = BTreeMap::new();
    for (file, file_models) in files.iter().zip(resolved) {
        for ((name, _), model) in file.doc.models.iter().zip(file_models) {
            if let Some(model) = model {
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
    let method_names: HashMap<String, RustName> = op_names.iter().map(|n| (n.clone(), RustName::new(naming::snake_ident(n)))).collect();
    // The first definition of each operation name is resolved (on every core, file by file);
    // a later one is reported.
    let mut first_definition: HashMap<&str, &Path> = HashMap::new();
    let mut is_first: Vec<Vec<bool>> = Vec::with_capacity(files.len());
    for file in files {
        let mut firsts = Vec::with_capacity(file.doc.operations.len());
        for name in file.doc.operations.keys() {
            match first_definition.get(name.as_str()) {
                Some(other) => {
                    r.diags
                        .error(&file.path, format!("operations.{name}"), format!("operation `{name}` is defined twice"))
                        .help(format!("it is also defined in {}", other.display()));
                    firsts.push(false);
                }
                None => {
                    first_definition.insert(name, &file.path);
                    firsts.push(true);
                }
            }
        }
        is_first.push(firsts);
    }
    let ctx = OpContext { models: &models, site_ids: &site_ids, error_codes: &error_codes, op_names: &op_names, method_names: &method_names };
    let resolved = r.per_file(files, |r, i, file| {
        let area = file.doc.area.as_ref().map(|a| a.name.clone()).unwrap_or_default();
        file.doc
            .operations
            .iter()
            .zip(&is_first[i])
            .filter(|(_, first)| **first)
            .filter_map(|((name, doc), _)| r.operation(&file.path, &area, name, doc, &ctx))
            .collect::<Vec<_>>()
    });
    let operations: Vec<(PathBuf, Operation)> =
        files.iter().zip(resolved).flat_map(|(file, ops)| ops.into_iter().map(move |op| (file.path.clone(), op))).collect();
    r.check_operation_names(&operations, &models);
    r.check_routes(&operations);
    // With errors, an operation that failed to resolve would make its models look unused.
    if !r.diags.has_errors() {
        r.warn_unreachable(&models, &operations);
    }

    if r.diags.has_errors() {
        return None;
    }
    let mut api = Api { service, areas, models, operations: operations.into_iter().map(|(_, o)| o).collect(), errors };
    derive_facts(&mut api);
    Some(api)
}

struct Resolver<'d> {
    diags: &'d mut Diagnostics,
    /// Each file's text, to read a number or a word exactly as written where YAML's reading of
    /// it (through a float, or as a number) would lose what the author wrote.
    texts: &'d HashMap<PathBuf, &'d str>,
    model_files: HashMap<String, PathBuf>,
    /// Every enumeration's base type and values, read before anything else so that defaults of
    /// enum-typed fields can be checked wherever they appear.
    enums: &'d HashMap<String, (TypeRef, Vec<Literal>)>,
}

impl Resolver<'_> {
    /// `resolve_file(resolver, index, file)` of every file, the files taken in turn by as many
    /// threads as there are cores, each with a resolver of its own whose diagnostics are then
    /// added to this one's (they are reported sorted, so their order does not matter); the
    /// results in file order.
    fn per_file<T: Send>(&mut self, files: &[LoadedFile], resolve_file: impl Fn(&mut Resolver, usize, &LoadedFile) -> T + Sync) -> Vec<T> {
        let (texts, enums) = (self.texts, self.enums);
        let (results, diagnostics) = crate::parallel::map(files, Diagnostics::default, |diags, i, file| {
            let mut r = Resolver { diags, texts, model_files: HashMap::new(), enums };
            resolve_file(&mut r, i, file)
        });
        for d in diagnostics.iter().flat_map(Diagnostics::sorted) {
            self.diags.add(d);
        }
        results
    }
}

struct OpContext<'a> {
    models: &'a BTreeMap<String, Model>,
    site_ids: &'a BTreeSet<String>,
    error_codes: &'a BTreeSet<&'a str>,
    op_names: &'a BTreeSet<String>,
    /// The client method of every operation of the spec, by operation name.
    method_names: &'a HashMap<String, RustName>,
}

#[cfg(test)]
mod tests {
    use super::*;

    const SERVICE: &str = "service:\n  name: t\n  title: T\n  sites: { cn: { name: C, endpoint: \"https://x.example\" } }\n  crates: { t: { crate: t-sdk, client: TClient, sites: [cn] } }\n";

    /// Resolves a service file plus one area file; the diagnostics' messages on failure.
    fn resolve_area(area: &str) -> Result<Api, Vec<String>> {
        let mut diags = Diagnostics::default();
        let texts = vec![(PathBuf::from("service.yaml"), SERVICE.to_string()), (PathBuf::from("a.yaml"), area.to_string())];
        let files = crate::load::load_texts(texts, &mut diags);
        let api = resolve(&files, &mut diags);
        api.filter(|_| !diags.has_errors()).ok_or_else(|| diags.sorted().iter().map(|d| d.message.clone()).collect())
    }

    #[test]
    fn names_and_facts_are_decided_once_in_the_ir() {
        let api = resolve_area(
            "area: { name: orders, title: Orders }\n\
             models:\n  \
               Body: { fields: { name: { type: string, required: true } } }\n  \
               Page: { fields: { items: { type: list<Item> }, total: { type: int32 } } }\n  \
               Item: { fields: { id: { type: string } } }\n\
             operations:\n  \
               ListItems:\n    summary: s\n    method: POST\n    path: /v1/{domain_id}/{id}/items\n    \
                 path_params: { domain_id: { type: string, from_credentials: domain_id }, id: { type: string } }\n    \
                 query: { type: { type: string }, send: { type: string }, offset: { type: int32 }, lang: { type: string, required: true } }\n    \
                 body: Body\n    body_required: true\n    response: Page\n    \
                 pagination: { style: record_offset, offset: offset, items: items, total: total }\n",
        )
        .expect("valid");
        let op = &api.operations[0];
        assert_eq!((op.method_name.ident.as_str(), op.request_type.ident.as_str()), ("list_items", "ListItemsRequest"));
        let args: Vec<&str> = op.arguments.iter().map(|a| a.rust_name().ident.as_str()).collect();
        assert_eq!(args, ["id", "lang", "body"], "required caller inputs in order, the body last");
        let setters: Vec<(&str, Option<&str>)> =
            op.params.iter().map(|p| (p.rust_name.ident.as_str(), p.setter.as_ref().map(|s| s.ident.as_str()))).collect();
        assert_eq!(
            setters,
            [("domain_id", None), ("id", None), ("r#type", Some("set_type")), ("send", Some("set_send")), ("offset", Some("offset")), ("lang", None)]
        );
        let field = &op.params[2].rust_name;
        assert_eq!((field.ident.as_str(), field.bare.as_str(), field.is_raw()), ("r#type", "type", true));
        assert_eq!(op.params.iter().map(|p| p.location).collect::<Vec<_>>()[..3], [Location::Path, Location::Path, Location::Query]);
        assert!(op.body.as_ref().is_some_and(|b| b.setter.is_none()));
        assert_eq!(op.pagination.as_ref().map(|p| p.item.clone()), Some(TypeRef::Model("Item".into())));
        assert!(!op.defaultable, "required inputs (the id, a required body): no `Default`, `new` takes them");
        let body = &api.models["Body"];
        assert!(body.defaultable && body.sent_in_requests && body.validated, "a required text of a request model is checked");
        let page = &api.models["Page"];
        assert!(!page.sent_in_requests && !page.validated);
        assert_eq!(page.needed_by_areas.iter().collect::<Vec<_>>(), ["orders"]);
        let area = &api.areas[0];
        assert_eq!((area.module.ident.as_str(), area.feature.as_str(), area.has_models, area.has_operations), ("orders", "orders", true, true));
        assert_eq!(api.service.crates[0].lib_name, "t_sdk");
    }

    #[test]
    fn collisions_are_found_on_the_stored_setter_names() {
        // `type` is stored as the field `r#type` with the setter `set_type`, which `set_type` also gets.
        let problems = resolve_area(
            "area: { name: a, title: A }\noperations:\n  GetX:\n    summary: s\n    method: GET\n    path: /x\n    \
             query: { type: { type: string }, set_type: { type: string } }\n",
        )
        .unwrap_err();
        assert!(problems.iter().any(|m| m.contains("both get the setter `set_type`")), "{problems:?}");
    }

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
