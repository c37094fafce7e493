//! Models and fields: the spec's `models` in, [`Model`]s with typed, constrained [`Field`]s out (cycles boxed, references checked).

use super::*;
use super::literals::compare_numbers;
use super::names::yaml_key;

impl Resolver<'_> {
    pub(super) fn model(&mut self, path: &Path, area: &str, name: &str, doc: &spec::ModelDoc, sites: &BTreeSet<String>) -> Option<Model> {
        let at = format!("models.{}", yaml_key(name));
        if !crate::types::is_model_name(name) {
            self.diags
                .error(path, &at, format!("model name `{name}` cannot be written in a type expression"))
                .help("use ASCII letters, digits and `_`, starting with a letter; `rust_name` changes only the Rust name");
        }
        let rust_name = self.rust_name(path, &at, doc.rust_name.as_deref(), naming::camel_ident(name));
        if doc.rust_name.is_some() && naming::check_override(&rust_name.ident).is_none() && !rust_name.starts_with(|c: char| c.is_ascii_uppercase()) {
            self.diags
                .error(path, format!("{at}.rust_name"), format!("rust_name `{rust_name}` does not start with an uppercase letter"))
                .help("a model is a Rust type: use UpperCamelCase");
        } else if naming::PRELUDE_NAMES.contains(&rust_name.ident.as_str()) {
            let d = self.diags.error(path, &at, format!("model `{name}` would be the Rust type `{rust_name}`, which shadows Rust's own `{rust_name}` in generated code"));
            d.help(format!("give the model a `rust_name`, e.g. `rust_name: {rust_name}Model`"));
        }
        if crate::types::is_model_name(name) && RustName::new(naming::camel_ident(name)).bare != name && doc.rust_name.is_none() && !name.chars().all(|c| c.is_ascii_alphanumeric()) {
            self.diags.warning(path, &at, format!("model name `{name}` becomes `{}` in Rust", naming::camel_ident(name)));
        }
        let kind = match (&doc.fields, &doc.enumeration) {
            (Some(fields), None) => {
                for (wire, f) in fields {
                    if f.from_credentials.is_some() {
                        self.diags
                            .error(path, format!("{at}.fields.{}.from_credentials", yaml_key(wire)), "`from_credentials` applies to path parameters only")
                            .help("remove it: a model field is always sent as written");
                    }
                }
                ModelKind::Object(self.fields(path, &format!("{at}.fields"), fields, sites))
            }
            (None, Some(e)) => ModelKind::Enum(self.enumeration(path, &format!("{at}.enum"), e)?),
            (Some(_), Some(_)) => {
                self.diags.error(path, &at, format!("model `{name}` has both `fields` and `enum`")).help("a model is an object or an enumeration, not both");
                return None;
            }
            (None, None) => {
                self.diags.error(path, &at, format!("model `{name}` has neither `fields` nor `enum`")).help("write `fields: {}` for an empty object");
                return None;
            }
        };
        Some(Model {
            name: name.to_string(),
            rust_name,
            area: area.to_string(),
            description: doc.description.clone(),
            deprecated: doc.deprecated,
            kind,
            // Decided for the whole API by `derive_facts`.
            defaultable: false,
            sent_in_requests: false,
            validated: false,
            needed_by_areas: BTreeSet::new(),
            // Decided per generation by `resolve::share_models`.
            shared: false,
        })
    }

    pub(super) fn enumeration(&mut self, path: &Path, at: &str, doc: &spec::EnumDoc) -> Option<EnumModel> {
        let base = match TypeRef::parse(&doc.base) {
            Ok(t @ (TypeRef::String | TypeRef::Int32 | TypeRef::Int64)) => t,
            _ => {
                self.diags.error(path, format!("{at}.type"), format!("enum base type `{}` is not `string`, `int32` or `int64`", doc.base));
                return None;
            }
        };
        if doc.values.is_empty() {
            self.diags.error(path, format!("{at}.values"), "an enumeration needs at least one value");
        }
        let mut values = Vec::new();
        let mut seen_values: Vec<Literal> = Vec::new();
        for (i, v) in doc.values.iter().enumerate() {
            let vat = format!("{at}.values.{i}");
            let Some(value) = self.literal_for(path, &format!("{vat}.value"), &v.value, &base) else { continue };
            if seen_values.contains(&value) {
                self.diags.error(path, format!("{vat}.value"), format!("value {value} appears twice"));
            }
            seen_values.push(value.clone());
            let rust_name = RustName::new(naming::camel_ident(&v.name));
            if !naming::has_ident_chars(&v.name) {
                self.diags
                    .warning(path, format!("{vat}.name"), format!("enum value name `{}` has no ASCII letters or digits: the variant is named `{rust_name}`", v.name))
                    .help("write an ASCII `name` (the value itself may be any text)");
            }
            if rust_name == "Unknown" {
                self.diags
                    .error(path, format!("{vat}.name"), "`Unknown` is reserved for values the spec does not list")
                    .help("name this value differently");
            }
            values.push(EnumValue { value, rust_name, description: v.description.clone() });
        }
        for (a, b, ident) in naming::collisions(values.iter().zip(&doc.values).map(|(v, d)| (d.name.as_str(), &v.rust_name))) {
            let i = doc.values.iter().rposition(|v| v.name == b).unwrap_or(0);
            self.diags.error(path, format!("{at}.values.{i}.name"), format!("enum values `{a}` and `{b}` both become the variant `{ident}`")).help("rename one of them");
        }
        Some(EnumModel { base, values })
    }

    pub(super) fn fields(&mut self, path: &Path, at: &str, docs: &indexmap::IndexMap<String, FieldDoc>, sites: &BTreeSet<String>) -> Vec<Field> {
        let fields: Vec<Field> = docs.iter().filter_map(|(wire, doc)| self.field(path, &format!("{at}.{}", yaml_key(wire)), wire, doc, sites)).collect();
        self.check_field_collisions(path, at, fields.iter().map(|f| (f.wire_name.as_str(), &f.rust_name)));
        fields
    }

    pub(super) fn field(&mut self, path: &Path, at: &str, wire: &str, doc: &FieldDoc, sites: &BTreeSet<String>) -> Option<Field> {
        if wire.is_empty() {
            self.diags.error(path, at, "a field has an empty wire name");
            return None;
        }
        let ty = match TypeRef::parse(&doc.ty) {
            Ok(t) => t,
            Err(e) => {
                self.diags.error(path, format!("{at}.type"), e);
                return None;
            }
        };
        if nested_decimal(&ty) {
            self.diags
                .error(path, format!("{at}.type"), format!("`{ty}`: decimals are supported as `decimal` and `list<decimal>` only"))
                .help("exact JSON numbers inside maps or nested lists are not supported yet; use `json` or restructure");
        }
        let rust_name = self.rust_name(path, at, doc.rust_name.as_deref(), naming::snake_ident(wire));
        if doc.rust_name.is_none() && !naming::has_ident_chars(wire) {
            self.diags
                .warning(path, at, format!("wire name `{wire}` has no ASCII letters or digits: the Rust name is `{rust_name}`"))
                .help("give it a `rust_name`");
        }
        let field_sites = doc.sites.as_ref().map(|list| {
            self.check_site_list(path, &format!("{at}.sites"), list, sites.iter());
            list.iter().cloned().collect::<BTreeSet<_>>()
        });
        let constraints = self.constraints(path, at, doc, &ty);
        Some(Field {
            wire_name: wire.to_string(),
            rust_name,
            ty,
            required: doc.required,
            description: doc.description.clone(),
            deprecated: doc.deprecated,
            sites: field_sites,
            constraints,
            from_credentials: doc.from_credentials.clone(),
            boxed: false,
        })
    }

    pub(super) fn constraints(&mut self, path: &Path, at: &str, doc: &FieldDoc, ty: &TypeRef) -> Constraints {
        let is_string = matches!(ty, TypeRef::String);
        let is_list = matches!(ty, TypeRef::List(_));
        // Constraints on a list apply to each item when they are about values.
        let item_ty = match ty {
            TypeRef::List(inner) => inner.as_ref(),
            other => other,
        };
        let mut c = Constraints {
            max_length: doc.max_length,
            min_length: doc.min_length,
            max_items: doc.max_items,
            min_items: doc.min_items,
            format: doc.format.clone(),
            ..Constraints::default()
        };
        if (doc.max_length.is_some() || doc.min_length.is_some()) && !matches!(item_ty, TypeRef::String) {
            self.diags.error(path, format!("{at}.max_length"), format!("length limits apply to strings, not `{ty}`"));
        }
        if (doc.max_items.is_some() || doc.min_items.is_some()) && !is_list {
            self.diags.error(path, format!("{at}.max_items"), format!("item limits apply to lists, not `{ty}`"));
        }
        if (doc.minimum.is_some() || doc.maximum.is_some()) && !item_ty.is_numeric() {
            self.diags.error(path, format!("{at}.minimum"), format!("numeric ranges apply to numbers, not `{ty}`"));
        } else {
            c.minimum = doc.minimum.as_ref().and_then(|v| self.literal_for(path, &format!("{at}.minimum"), v, item_ty));
            c.maximum = doc.maximum.as_ref().and_then(|v| self.literal_for(path, &format!("{at}.maximum"), v, item_ty));
        }
        if let (Some(lo), Some(hi)) = (c.min_length, c.max_length) {
            if lo > hi {
                self.diags.error(path, format!("{at}.min_length"), format!("min_length {lo} is greater than max_length {hi}"));
            }
        }
        if let (Some(lo), Some(hi)) = (c.min_items, c.max_items) {
            if lo > hi {
                self.diags.error(path, format!("{at}.min_items"), format!("min_items {lo} is greater than max_items {hi}"));
            }
        }
        if let (Some(lo), Some(hi)) = (&c.minimum, &c.maximum) {
            if compare_numbers(lo, hi) == Some(std::cmp::Ordering::Greater) {
                self.diags.error(path, format!("{at}.minimum"), format!("minimum {lo} is greater than maximum {hi}"));
            }
        }
        if let Some(values) = &doc.allowed {
            // On an enum-typed field, `enum` lists the values this place accepts of the enumeration's.
            let enum_item = item_ty.model().is_some_and(|m| self.enums.contains_key(m));
            let scalar_item = enum_item || !matches!(item_ty, TypeRef::Model(_) | TypeRef::Json | TypeRef::Map(_) | TypeRef::List(_));
            if !scalar_item {
                self.diags.error(path, format!("{at}.enum"), format!("`enum` values apply to scalars, not `{ty}`"));
            } else {
                for (i, v) in values.iter().enumerate() {
                    let Some(lit) = self.literal_for(path, &format!("{at}.enum.{i}"), v, item_ty) else { continue };
                    if c.allowed.contains(&lit) {
                        self.diags.error(path, format!("{at}.enum.{i}"), format!("{lit} appears twice in `enum`")).help("remove the repeated value");
                    } else {
                        c.allowed.push(lit);
                    }
                }
                if values.is_empty() {
                    self.diags.error(path, format!("{at}.enum"), "`enum` lists no values").help("list the allowed values, or remove `enum`");
                }
            }
        }
        if let Some(d) = &doc.default {
            let default_ty = if is_list { item_ty } else { ty };
            if let Some(lit) = self.literal_for(path, &format!("{at}.default"), d, default_ty) {
                self.check_default(path, at, &lit, &c);
                c.default = Some(lit);
            }
        }
        if let Some(f) = &c.format {
            if !is_string && !matches!(item_ty, TypeRef::String) {
                self.diags.error(path, format!("{at}.format"), format!("`format` applies to strings, not `{ty}`"));
            }
            if f.trim().is_empty() {
                self.diags.error(path, format!("{at}.format"), "`format` is empty");
            }
        }
        c
    }

    pub(super) fn check_default(&mut self, path: &Path, at: &str, default: &Literal, c: &Constraints) {
        if !c.allowed.is_empty() && !c.allowed.contains(default) {
            self.diags.error(path, format!("{at}.default"), format!("default {default} is not one of the `enum` values"));
        }
        let below = c.minimum.as_ref().is_some_and(|lo| compare_numbers(default, lo) == Some(std::cmp::Ordering::Less));
        let above = c.maximum.as_ref().is_some_and(|hi| compare_numbers(default, hi) == Some(std::cmp::Ordering::Greater));
        if below || above {
            self.diags.error(path, format!("{at}.default"), format!("default {default} is outside the allowed range"));
        }
        if let Literal::Str(s) = default {
            let len = s.chars().count() as u64;
            if c.max_length.is_some_and(|m| len > m) || c.min_length.is_some_and(|m| len < m) {
                self.diags.error(path, format!("{at}.default"), format!("default {default} breaks the length limits"));
            }
        }
    }

    /// Models that require each other through required fields (no list, map or optional field
    /// in the loop) have no finite value: neither a response nor a request could ever be built.
    pub(super) fn check_required_cycles(&mut self, models: &BTreeMap<String, Model>) {
        let edges: BTreeMap<&str, Vec<(&str, &str)>> = models
            .iter()
            .map(|(name, m)| {
                let targets = match &m.kind {
                    ModelKind::Object(fields) => fields
                        .iter()
                        .filter_map(|f| match &f.ty {
                            TypeRef::Model(t) if f.required => Some((t.as_str(), f.wire_name.as_str())),
                            _ => None,
                        })
                        .collect(),
                    ModelKind::Enum(_) => Vec::new(),
                };
                (name.as_str(), targets)
            })
            .collect();
        // Along required fields, two models reach each other exactly when they share a component.
        let targets: std::collections::HashMap<&str, Vec<&str>> =
            edges.iter().map(|(name, targets)| (*name, targets.iter().map(|(t, _)| *t).collect())).collect();
        let component = super::graph::components(&targets, edges.keys().copied());
        let reaches = |from: &str, to: &str| component.get(from).is_some_and(|c| component.get(to) == Some(c));
        let mut reported: BTreeSet<&str> = BTreeSet::new();
        for (&name, targets) in &edges {
            if reported.contains(name) {
                continue;
            }
            let Some(&(_, field)) = targets.iter().find(|(t, _)| reaches(t, name)) else { continue };
            let members: Vec<&str> = edges.keys().copied().filter(|m| reaches(name, m) && reaches(m, name)).collect();
            reported.extend(members.iter().copied());
            let file = self.model_files.get(name).cloned().unwrap_or_default();
            let loop_text = if members.len() == 1 {
                format!("model `{name}` requires itself")
            } else {
                format!("models {} require each other", members.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", "))
            };
            self.diags
                .error(&file, format!("models.{}.fields.{}", yaml_key(name), yaml_key(field)), format!("{loop_text} through required fields: no finite value exists"))
                .help("make one field of the loop optional (drop `required: true`) or a list");
        }
    }

    pub(super) fn check_references(&mut self, models: &BTreeMap<String, Model>) {
        let names: Vec<&str> = models.keys().map(String::as_str).collect();
        let mut problems = Vec::new();
        for model in models.values() {
            if let ModelKind::Object(fields) = &model.kind {
                for f in fields {
                    if let Some(target) = f.ty.model() {
                        if !models.contains_key(target) {
                            problems.push((model.name.clone(), f.wire_name.clone(), target.to_string()));
                        }
                    }
                }
            }
        }
        for (model, field, target) in problems {
            let file = self.model_files.get(&model).cloned().unwrap_or_default();
            let d = self.diags.error(&file, format!("models.{}.fields.{}.type", yaml_key(&model), yaml_key(&field)), format!("unknown type `{target}`"));
            if let Some(s) = did_you_mean(&target, names.iter().copied()) {
                d.help(format!("did you mean `{s}`?"));
            }
        }
    }

    pub(super) fn warn_unreachable(&mut self, models: &BTreeMap<String, Model>, ops: &[(PathBuf, Operation)]) {
        let reached = reachable(models, ops.iter().map(|(_, o)| o));
        for name in models.keys().filter(|n| !reached.contains(*n)) {
            let file = self.model_files.get(name).cloned().unwrap_or_default();
            self.diags
                .warning(&file, format!("models.{}", yaml_key(name)), format!("model `{name}` is not used by any operation"))
                .help("it is still generated; remove it if it is not part of the API");
        }
    }
}

/// Marks fields that make a model contain itself without a list or map in between as boxed.
pub(super) fn box_recursive_fields(models: &mut BTreeMap<String, Model>) {
    // A field of model type leads back to its model exactly when both are in one component.
    let direct: std::collections::HashMap<&str, Vec<&str>> = models
        .iter()
        .map(|(name, m)| {
            let targets = match &m.kind {
                ModelKind::Object(fields) => fields.iter().filter_map(|f| match &f.ty {
                    TypeRef::Model(t) => Some(t.as_str()),
                    _ => None,
                }).collect(),
                ModelKind::Enum(_) => Vec::new(),
            };
            (name.as_str(), targets)
        })
        .collect();
    let component = super::graph::components(&direct, models.keys().map(String::as_str));
    let reaches = |from: &str, to: &str| component.get(from).is_some_and(|c| component.get(to) == Some(c));
    let mut to_box = Vec::new();
    for (name, m) in models.iter() {
        if let ModelKind::Object(fields) = &m.kind {
            for (i, f) in fields.iter().enumerate() {
                if let TypeRef::Model(t) = &f.ty {
                    if reaches(t, name) {
                        to_box.push((name.clone(), i));
                    }
                }
            }
        }
    }
    for (name, i) in to_box {
        if let Some(Model { kind: ModelKind::Object(fields), .. }) = models.get_mut(&name) {
            fields[i].boxed = true;
        }
    }
}

/// Decimals deeper than `list<decimal>` (maps, nested lists) have no exact serde helper.
pub(super) fn nested_decimal(ty: &TypeRef) -> bool {
    fn contains_decimal(t: &TypeRef) -> bool {
        match t {
            TypeRef::Decimal => true,
            TypeRef::List(i) | TypeRef::Map(i) => contains_decimal(i),
            _ => false,
        }
    }
    match ty {
        TypeRef::Map(inner) => contains_decimal(inner),
        TypeRef::List(inner) => !matches!(**inner, TypeRef::Decimal) && contains_decimal(inner),
        _ => false,
    }
}
