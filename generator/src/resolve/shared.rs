//! Shared models: the parts of every SDK crate (from [`Api::for_crate`]) in, the part the shared
//! crate holds out, with the models it takes marked `shared` in each crate's part.

use crate::ir::{Api, Area, Model, ModelKind};
use std::collections::{BTreeMap, BTreeSet};

/// Moves the models that are the same in every crate's part into one shared part: each part
/// keeps them (so that types can still be looked up) marked `shared`, and no longer has model
/// modules of its own for areas left without models. A model is shared when every part has it
/// with the same fields, docs and derived facts (only the features that need it may differ: the
/// shared crate gates it by their union), and every model it refers to is shared too. With
/// fewer than two crates nothing is shared: the shared crate then holds only the error catalog.
pub fn share_models(parts: &mut [Api]) -> Api {
    let shared_names = if parts.len() < 2 { BTreeSet::new() } else { shared_model_names(parts) };
    let mut models: BTreeMap<String, Model> = BTreeMap::new();
    for name in &shared_names {
        let mut model = parts[0].models[name].clone();
        model.needed_by_areas = needed_by_any(parts.iter().map(|p| &p.models[name].needed_by_areas));
        models.insert(name.clone(), model);
    }
    for part in parts.iter_mut() {
        for name in &shared_names {
            if let Some(model) = part.models.get_mut(name) {
                model.shared = true;
            }
        }
        mark_model_areas(part);
        let needing: BTreeSet<&String> = part.models.values().filter(|m| m.shared).flat_map(|m| &m.needed_by_areas).collect();
        for area in &mut part.areas {
            area.needs_shared_models = needing.contains(&area.feature);
        }
    }
    // Every crate's areas, by name (each part has them in spec order, but parts may have
    // different ones), with operations where some crate has them: the shared crate has a
    // feature for each, which the SDK crates turn on.
    let mut areas: BTreeMap<&str, Area> = BTreeMap::new();
    for area in parts.iter().flat_map(|p| &p.areas) {
        let merged = areas.entry(area.name.as_str()).or_insert_with(|| Area { needs_shared_models: false, ..area.clone() });
        merged.has_operations |= area.has_operations;
    }
    let areas = areas.into_values().collect();
    let first = &parts[0];
    let mut shared = Api {
        service: first.service.clone(),
        areas,
        models,
        operations: Vec::new(),
        errors: first.errors.clone(),
    };
    mark_model_areas(&mut shared);
    shared
}

/// Names of the models every part has in the same shape, closed under reference.
fn shared_model_names(parts: &[Api]) -> BTreeSet<String> {
    let (first, rest) = parts.split_first().expect("at least two parts");
    let mut names: BTreeSet<String> = first
        .models
        .iter()
        .filter(|(name, model)| rest.iter().all(|p| p.models.get(*name).is_some_and(|m| same_shape(model, m))))
        .map(|(name, _)| name.clone())
        .collect();
    // A shared model can only refer to shared models: drop the others until none is left.
    loop {
        let unshareable: Vec<String> = names
            .iter()
            .filter(|name| match &first.models[*name].kind {
                ModelKind::Object(fields) => fields.iter().filter_map(|f| f.ty.model()).any(|target| !names.contains(target)),
                ModelKind::Enum(_) => false,
            })
            .cloned()
            .collect();
        if unshareable.is_empty() {
            return names;
        }
        for name in unshareable {
            names.remove(&name);
        }
    }
}

/// The two are the same in everything emission reads from a model except the features that
/// need it (a field added to `Model` must be listed here: the pattern names every one).
fn same_shape(a: &Model, b: &Model) -> bool {
    let Model { name, rust_name, area, description, deprecated, kind, defaultable, sent_in_requests, validated, needed_by_areas: _, shared: _ } = a;
    (name, rust_name, area, description, deprecated, kind, defaultable, sent_in_requests, validated)
        == (&b.name, &b.rust_name, &b.area, &b.description, &b.deprecated, &b.kind, &b.defaultable, &b.sent_in_requests, &b.validated)
}

/// The features that need a shared model: none (always compiled) if some crate needs it
/// whatever its features, else every crate's.
fn needed_by_any<'a>(sets: impl Iterator<Item = &'a BTreeSet<String>>) -> BTreeSet<String> {
    let mut union = BTreeSet::new();
    for set in sets {
        if set.is_empty() {
            return BTreeSet::new();
        }
        union.extend(set.iter().cloned());
    }
    union
}

/// An area has a model module where some model of the part is defined (not shared).
fn mark_model_areas(api: &mut Api) {
    let defined: BTreeSet<&str> = api.models.values().filter(|m| !m.shared).map(|m| m.area.as_str()).collect();
    for area in &mut api.areas {
        area.has_models = defined.contains(area.name.as_str());
    }
}
