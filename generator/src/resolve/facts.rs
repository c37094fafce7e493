//! Derived facts: a resolved API (or the part of it one crate contains) in, the same API with the
//! facts emission reads decided out: which models derive `Default`, are sent by requests, are
//! validated, and which areas need them; which requests derive `Default`; which areas have models
//! or operations.

use crate::ir::{reachable, reachable_from, Api, ModelKind, TypeRef};
use std::collections::{BTreeSet, HashMap};

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

/// Models whose every required field has a `Default` (enums have none): the least fixed point,
/// reached from the models with no required model field by following the fields back (each
/// model waits for as many of its required model fields as it has; a cycle never gets there).
fn defaultable_models(api: &Api) -> BTreeSet<String> {
    let mut waiting: HashMap<&str, usize> = HashMap::new();
    let mut waiters: HashMap<&str, Vec<&str>> = HashMap::new();
    let mut ready: Vec<&str> = Vec::new();
    for (name, model) in &api.models {
        let ModelKind::Object(fields) = &model.kind else { continue };
        let mut count = 0;
        for f in fields.iter().filter(|f| f.required) {
            if let TypeRef::Model(target) = &f.ty {
                count += 1;
                waiters.entry(target.as_str()).or_default().push(name.as_str());
            }
        }
        waiting.insert(name.as_str(), count);
        if count == 0 {
            ready.push(name.as_str());
        }
    }
    let mut ok: BTreeSet<String> = BTreeSet::new();
    while let Some(name) = ready.pop() {
        ok.insert(name.to_string());
        for waiter in waiters.get(name).into_iter().flatten() {
            let count = waiting.get_mut(waiter).expect("every waiter is an object model");
            *count -= 1;
            if *count == 0 {
                ready.push(waiter);
            }
        }
    }
    ok
}

/// Models that requests send and that have something to check: a constrained field, a required
/// text (it must not be empty), or a field of such a model. `requests` are the models requests
/// send. Models only received are not validated: the client checks what it sends, never what it
/// gets, and an impl nobody calls costs every build of the crate.
fn validated_models(api: &Api, requests: &BTreeSet<String>) -> BTreeSet<String> {
    // The models with a check of their own, then whatever sent model has a field of one of
    // them (not a map's values), and so on back along the fields.
    let mut holders: HashMap<&str, Vec<&str>> = HashMap::new();
    let mut found: Vec<&str> = Vec::new();
    for (name, model) in &api.models {
        if !requests.contains(name) {
            continue;
        }
        let ModelKind::Object(fields) = &model.kind else { continue };
        if fields.iter().any(|f| !f.constraints.is_empty_for_validation() || f.must_not_be_empty()) {
            found.push(name.as_str());
        }
        for f in fields.iter().filter(|f| !matches!(f.ty, TypeRef::Map(_))) {
            if let Some(target) = f.ty.model() {
                holders.entry(target).or_default().push(name.as_str());
            }
        }
    }
    let mut set: BTreeSet<String> = BTreeSet::new();
    while let Some(name) = found.pop() {
        if set.insert(name.to_string()) {
            found.extend(holders.get(name).into_iter().flatten().copied());
        }
    }
    set
}
