//! No public operation can be called without its required inputs: read from the generated
//! source of both crates (the generation, which `golden::generated_matches_spec` holds equal to
//! `generated/`), every client method takes exactly the operation's required path, query
//! and header parameters and its required body as arguments (in that order), every optional input
//! has a setter on `Call<'_, Request>`, nothing required has one, and only request types without
//! a required input implement `Default`. `tests/src/lib.rs` has the
//! matching compile-fail doctest (`client.pay_orders()` without a body does not compile).

use std::collections::BTreeMap;
use syn::{FnArg, ImplItem, Item, Pat, Type};

/// Per method: its argument names; per request type: its setter names.
#[derive(Default)]
struct Surface {
    methods: BTreeMap<String, Vec<String>>,
    setters: BTreeMap<String, Vec<String>>,
    /// Request types that implement `Default`.
    defaults: std::collections::BTreeSet<String>,
}

fn read_surface(variant: &str, client: &str) -> Surface {
    let mut surface = Surface::default();
    let dir = std::path::Path::new(variant).join("src/operations");
    let files: Vec<_> = crate::main_generation().files.iter().filter(|(path, _)| path.parent() == Some(dir.as_path())).collect();
    assert!(!files.is_empty(), "no {}/ files", dir.display());
    for (path, text) in files {
        let file = syn::parse_file(text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for item in file.items {
            if let Item::Struct(s) = &item {
                let derives_default = s.attrs.iter().any(|a| {
                    a.path().is_ident("derive") && a.meta.require_list().is_ok_and(|l| l.tokens.to_string().split(", ").any(|t| t.trim() == "Default"))
                });
                if derives_default {
                    surface.defaults.insert(s.ident.to_string());
                }
            }
            let Item::Impl(imp) = item else { continue };
            let Type::Path(self_ty) = &*imp.self_ty else { continue };
            let last = self_ty.path.segments.last().expect("a type name");
            let fns = imp.items.iter().filter_map(|i| match i {
                ImplItem::Fn(f) if matches!(f.vis, syn::Visibility::Public(_)) => Some(f),
                _ => None,
            });
            if last.ident == client {
                for f in fns {
                    let args = f
                        .sig
                        .inputs
                        .iter()
                        .filter_map(|a| match a {
                            FnArg::Typed(t) => match &*t.pat {
                                Pat::Ident(i) => Some(i.ident.to_string()),
                                _ => None,
                            },
                            FnArg::Receiver(_) => None,
                        })
                        .collect();
                    surface.methods.insert(f.sig.ident.to_string(), args);
                }
            } else if last.ident == "Call" {
                let syn::PathArguments::AngleBracketed(generics) = &last.arguments else { continue };
                let request = generics.args.iter().find_map(|g| match g {
                    syn::GenericArgument::Type(Type::Path(p)) => Some(p.path.segments.last()?.ident.to_string()),
                    _ => None,
                });
                let names = fns.map(|f| f.sig.ident.to_string()).collect();
                surface.setters.insert(request.expect("Call<'_, Request>"), names);
            }
        }
    }
    surface
}

fn raw(name: &str) -> String {
    name.trim_start_matches("r#").to_string()
}

#[test]
fn every_operation_takes_its_required_inputs_as_arguments_and_only_those() {
    let api = &crate::main_generation().api;
    let mut checked = 0;
    for variant in &api.service.crates {
        let part = api.for_crate(variant);
        let surface = read_surface(&variant.id, &variant.client);
        let mut problems = Vec::new();
        for op in &part.operations {
            let params: Vec<&sdkgen::ir::Param> = op.params.iter().filter(|p| p.from_credentials.is_none()).collect();
            let mut required: Vec<String> = params.iter().filter(|p| p.required).map(|p| raw(&p.rust_name)).collect();
            let mut optional: Vec<String> =
                params.iter().filter(|p| !p.required).map(|p| raw(&sdkgen::naming::setter_name(&p.rust_name))).collect();
            if let Some(b) = &op.body {
                if b.required {
                    required.push(raw(&b.rust_name));
                } else {
                    optional.push(raw(&sdkgen::naming::setter_name(&b.rust_name)));
                }
            }
            let method = raw(&op.method_name);
            match surface.methods.get(&method) {
                None => problems.push(format!("{}: no client method `{method}`", op.name)),
                Some(args) if *args != required => {
                    problems.push(format!("{}: `{method}` takes {args:?}, its required inputs are {required:?}", op.name))
                }
                Some(_) => {}
            }
            // A request implements `Default` exactly when it has no required input.
            if surface.defaults.contains(&op.request_type.ident) != required.is_empty() {
                problems.push(format!("{}: `Default` on {} with required inputs {required:?}", op.name, op.request_type.ident));
            }
            let setters = surface.setters.get(&op.request_type.ident).cloned().unwrap_or_default();
            let setters: Vec<String> = setters.iter().map(|s| raw(s)).collect();
            if setters != optional {
                problems.push(format!("{}: setters {setters:?}, optional inputs {optional:?}", op.name));
            }
            checked += 1;
        }
        assert!(problems.is_empty(), "{}:\n{}", variant.id, problems.join("\n"));
        // Bodies that are required are arguments in every operation that has one.
        let bodies = part.operations.iter().filter(|o| o.body.as_ref().is_some_and(|b| b.required)).count();
        assert!(bodies > 10, "{}: only {bodies} required bodies", variant.id);
    }
    assert!(checked > 140, "only {checked} operations checked");
}

#[test]
fn the_default_check_sees_derives() {
    let surface = read_surface("bss", "BssClient");
    assert!(surface.defaults.contains("ListCustomerOrdersRequest"), "no required input: Default");
    assert!(!surface.defaults.contains("CancelCustomerOrderRequest"), "a required body: no Default");
}
