//! Derived facts: a resolved API (or the part of it one crate contains) in, the same API with the
//! facts emission reads decided out: which models derive `Default`, are sent by requests, are
//! validated, and which areas need them; which requests derive `Default`; which areas have models
//! or operations.

use crate::ir::{reachable, reachable_from, Api, ModelKind, TypeRef};
use std::collections::BTreeSet;

/// Decides every derived fact of `api` from its names, models and operations. Run by `resolve`,
/// and again whenever an API is narrowed (to a crate, to areas), since the facts depend on which
/// operations and fields are left.
pub fn derive_facts(api: &mut Api) {
    let defaultable = defaultable_models(api);
    let sent = reachable_from(&api.models, api.operations.iter(), false);
    let validated = validated_models(api, &sent);
    let mut needed_by: std::collections::BTreeMap<String, BTreeSet<String>> = Default::default();
    for op in &api.operations {
        for model in reachable(&api.models, std::iter::once(op)) {
            needed_by.entry(model).or_default().insert(op.area.clone());
        }
    }
    for (name, model) in &mut api.models {
        model.defaultable = defaultable.contains(name);
        model.sent_in_requests = sent.contains(name);
        model.validated = validated.contains(name);
        model.needed_by_areas = needed_by.remove(name).unwrap_or_default();
    }
    for op in &mut api.operations {
        // `Default` only where it is a complete request: with a required input, `new` (or the
        // client method) is the only way to build one, so none is sent with a value left out.
        op.defaultable = op.arguments.is_empty();
    }
    let model_areas: BTreeSet<&str> = api.models.values().map(|m| m.area.as_str()).collect();
    let operation_areas: BTreeSet<&str> = api.operations.iter().map(|o| o.area.as_str()).collect();
    for area in &mut api.areas {
        area.has_models = model_areas.contains(area.name.as_str());
        area.has_operations = operation_areas.contains(area.name.as_str());
    }
}

/// Models whose every required field has a `Default` (enums have none), computed to a fixed point.
fn defaultable_models(api: &Api) -> BTreeSet<String> {
    let mut ok: BTreeSet<String> = BTreeSet::new();
    loop {
        let before = ok.len();
        for (name, model) in &api.models {
            if let ModelKind::Object(fields) = &model.kind {
                if fields.iter().all(|f| !f.required || type_has_default(&f.ty, &ok)) {
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
fn type_has_default(ty: &TypeRef, defaultable: &BTreeSet<String>) -> bool {
    match ty {
        TypeRef::Model(m) => defaultable.contains(m),
        _ => true,
    }
}

/// Models that requests send and that have something to check: a constrained field, a required
/// text (it must not be empty), or a field of such a model. `requests` are the models requests
/// send. Models only received are not validated: the client checks what it sends, never what it
/// gets, and an impl nobody calls costs every build of the crate.
fn validated_models(api: &Api, requests: &BTreeSet<String>) -> BTreeSet<String> {
    let mut set = BTreeSet::new();
    loop {
        let before = set.len();
        for (name, model) in &api.models {
            if !requests.contains(name) {
                continue;
            }
            if let ModelKind::Object(fields) = &model.kind {
                let needs_check = |f: &crate::ir::Field| {
                    !f.constraints.is_empty_for_validation()
                        || f.must_not_be_empty()
                        || f.ty.model().is_some_and(|m| set.contains(m) && !matches!(f.ty, TypeRef::Map(_)))
                };
                if fields.iter().any(needs_check) {
                    set.insert(name.clone());
                }
            }
        }
        if set.len() == before {
            return set;
        }
    }
}
