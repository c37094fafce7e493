//! Conformance: the spec says what Huawei's official SDK packages say.
//!
//! `tests/data/official-facts/{bss,bssintl}.json` are extracted from the PyPI packages
//! `huaweicloudsdkbss` / `huaweicloudsdkbssintl` by `tools/facts/extract_facts.py`. This test loads
//! them and the spec (through the generator library, variant by variant) and compares: the set of
//! operations; per operation the method, path, every parameter's location, wire name, type and
//! required flag, the body model and whether it is required, the response model; per model
//! reachable from the operations its fields' wire names, types and required flags.
//!
//! Every difference is listed. Deliberate ones are in `tests/data/conformance-allowlist.yaml`, each
//! with a reason; an entry that matches no difference is stale and fails the test too.

use sdk_tests::workspace_root;
use sdkgen::ir::{Api, Location, ModelKind, Operation, TypeRef};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

// ---------------------------------------------------------------------------------------------
// The facts file (only the parts compared here; other keys are ignored).

#[derive(Debug, Clone, Deserialize)]
struct Facts {
    package: PackageFacts,
    operations: BTreeMap<String, OperationFacts>,
    models: BTreeMap<String, ModelFacts>,
}

#[derive(Debug, Clone, Deserialize)]
struct PackageFacts {
    name: String,
    version: String,
}

#[derive(Debug, Clone, Deserialize)]
struct OperationFacts {
    method: String,
    path: String,
    path_params: Vec<ParamFacts>,
    credential_path_params: Vec<String>,
    query_params: Vec<ParamFacts>,
    header_params: Vec<ParamFacts>,
    form_params: Vec<ParamFacts>,
    unplaced_request_attrs: Vec<String>,
    body: Option<BodyFacts>,
    response_model: String,
    response_fields_count: usize,
}

#[derive(Debug, Clone, Deserialize)]
struct ParamFacts {
    wire: String,
    #[serde(rename = "type")]
    ty: String,
    required: bool,
    collection_format: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
struct BodyFacts {
    #[serde(rename = "type")]
    ty: String,
    required: bool,
}

#[derive(Debug, Clone, Deserialize)]
struct ModelFacts {
    role: String,
    fields: Vec<FieldFacts>,
}

#[derive(Debug, Clone, Deserialize)]
struct FieldFacts {
    wire: String,
    #[serde(rename = "type")]
    ty: String,
    required: bool,
}

/// Package key (`bss`, `bssintl`) = spec variant id.
const PACKAGES: [&str; 2] = ["bss", "bssintl"];

fn load_facts(package: &str) -> Facts {
    let path = workspace_root().join("tests/data/official-facts").join(format!("{package}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The spec's whole API, generated once per test binary.
fn api() -> &'static Api {
    &crate::main_generation().api
}

fn variant_api(api: &Api, id: &str) -> Api {
    let variant = api.service.crates.iter().find(|v| v.id == id).unwrap_or_else(|| panic!("no crate `{id}`"));
    api.for_crate(variant)
}

// ---------------------------------------------------------------------------------------------
// Differences.

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Subject {
    Operation(String),
    Model(String),
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Subject::Operation(n) => write!(f, "operation {n}"),
            Subject::Model(n) => write!(f, "model {n}"),
        }
    }
}

/// One way the spec and an SDK package disagree.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Difference {
    /// `bss` or `bssintl`.
    package: String,
    subject: Subject,
    /// What inside the subject: `operation`, `model`, `method`, `path`, `body`, `response`,
    /// `param <wire>`, `field <wire>`.
    item: String,
    /// What differs: `presence`, `value`, `location`, `type`, `required`, `model`, `collection_format`.
    aspect: String,
    spec: String,
    sdk: String,
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "[{}] {}, {}: {} differs (spec: {}, SDK: {})",
            self.package, self.subject, self.item, self.aspect, self.spec, self.sdk
        )
    }
}

impl Difference {
    /// The allow-list entry that would accept this difference (without its reason).
    fn allow_entry(&self) -> String {
        let (kind, name) = match &self.subject {
            Subject::Operation(n) => ("operation", n),
            Subject::Model(n) => ("model", n),
        };
        format!(
            "  - {{ packages: [{}], {kind}: {name}, item: {:?}, aspect: {}, spec: {:?}, sdk: {:?}, reason: \"…\" }}",
            self.package, self.item, self.aspect, self.spec, self.sdk
        )
    }
}

struct Differ<'a> {
    package: &'a str,
    api: &'a Api,
    out: Vec<Difference>,
}

impl Differ<'_> {
    fn push(&mut self, subject: &Subject, item: &str, aspect: &str, spec: impl ToString, sdk: impl ToString) {
        self.out.push(Difference {
            package: self.package.to_string(),
            subject: subject.clone(),
            item: item.to_string(),
            aspect: aspect.to_string(),
            spec: spec.to_string(),
            sdk: sdk.to_string(),
        });
    }

    /// Does the spec type match the SDK's Python type string?
    fn type_matches(&self, spec: &TypeRef, sdk: &str) -> bool {
        let sdk = sdk.trim();
        if let Some(inner) = sdk.strip_prefix("list[").and_then(|s| s.strip_suffix(']')) {
            return matches!(spec, TypeRef::List(t) if self.type_matches(t, inner));
        }
        if let Some(inner) = sdk.strip_prefix("dict(").and_then(|s| s.strip_suffix(')')) {
            let value = inner.split_once(',').map(|(k, v)| (k.trim(), v.trim()));
            return matches!((spec, value), (TypeRef::Map(t), Some(("str", v))) if self.type_matches(t, v));
        }
        // A spec enumeration matches its base type.
        let spec = match spec {
            TypeRef::Model(name) => match self.api.models.get(name).map(|m| &m.kind) {
                Some(ModelKind::Enum(e)) => &e.base,
                _ => spec,
            },
            other => other,
        };
        match sdk {
            "str" => *spec == TypeRef::String,
            "int" => matches!(spec, TypeRef::Int32 | TypeRef::Int64),
            "bool" => *spec == TypeRef::Bool,
            "float" | "decimal.Decimal" => *spec == TypeRef::Decimal,
            "object" => *spec == TypeRef::Json,
            model => matches!(spec, TypeRef::Model(m) if m == model),
        }
    }

    fn compare_operation(&mut self, name: &str, op: &Operation, facts: &OperationFacts) {
        let subject = Subject::Operation(name.to_string());
        if !op.http_method.eq_ignore_ascii_case(&facts.method) {
            self.push(&subject, "method", "value", &op.http_method, &facts.method);
        }
        if op.path != facts.path {
            self.push(&subject, "path", "value", &op.path, &facts.path);
        }

        // Parameters by wire name: location, then type and required.
        let mut sdk: BTreeMap<&str, (&str, Option<&ParamFacts>)> = BTreeMap::new();
        for (location, params) in [
            ("path", &facts.path_params),
            ("query", &facts.query_params),
            ("header", &facts.header_params),
            ("form", &facts.form_params),
        ] {
            for p in params {
                sdk.insert(&p.wire, (location, Some(p)));
            }
        }
        for wire in &facts.credential_path_params {
            sdk.insert(wire, ("path from credentials", None));
        }
        for attr in &facts.unplaced_request_attrs {
            sdk.insert(attr, ("unplaced", None));
        }
        let mut spec: BTreeMap<&str, (&str, &sdkgen::ir::Field)> = BTreeMap::new();
        for p in &op.params {
            let location = match p.location {
                Location::Path if p.from_credentials.is_some() => "path from credentials",
                Location::Path => "path",
                Location::Query => "query",
                Location::Header => "header",
            };
            spec.insert(&p.wire_name, (location, &p.field));
        }
        let wires: BTreeSet<&str> = sdk.keys().chain(spec.keys()).copied().collect();
        for wire in wires {
            let item = format!("param {wire}");
            match (spec.get(wire), sdk.get(wire)) {
                (Some((loc, _)), None) => self.push(&subject, &item, "presence", loc, "missing"),
                (None, Some((loc, _))) => self.push(&subject, &item, "presence", "missing", loc),
                (Some((spec_loc, field)), Some((sdk_loc, facts))) => {
                    if spec_loc != sdk_loc {
                        self.push(&subject, &item, "location", spec_loc, sdk_loc);
                    }
                    let Some(facts) = facts else { continue };
                    if !self.type_matches(&field.ty, &facts.ty) {
                        self.push(&subject, &item, "type", &field.ty, &facts.ty);
                    }
                    if field.required != facts.required {
                        self.push(&subject, &item, "required", field.required, facts.required);
                    }
                    // The runtime sends a list as one `key=value` pair per element ("multi").
                    if let Some(format) = &facts.collection_format {
                        if format != "multi" {
                            self.push(&subject, &item, "collection_format", "multi", format);
                        }
                    }
                }
                (None, None) => unreachable!(),
            }
        }

        // Body.
        let sdk_body = facts.body.as_ref();
        match (&op.body, sdk_body) {
            (None, None) => {}
            (Some(b), None) => self.push(&subject, "body", "presence", &b.model, "missing"),
            (None, Some(b)) => self.push(&subject, "body", "presence", "missing", &b.ty),
            (Some(spec_body), Some(sdk_body)) => {
                if !self.type_matches(&TypeRef::Model(spec_body.model.clone()), &sdk_body.ty) {
                    self.push(&subject, "body", "model", &spec_body.model, &sdk_body.ty);
                }
                if spec_body.required != sdk_body.required {
                    self.push(&subject, "body", "required", spec_body.required, sdk_body.required);
                }
            }
        }

        // Response: the spec leaves out response models without fields.
        match &op.response {
            Some(model) if *model != facts.response_model => {
                self.push(&subject, "response", "model", model, &facts.response_model)
            }
            Some(_) => {}
            None if facts.response_fields_count == 0 => {}
            None => self.push(&subject, "response", "model", "missing", &facts.response_model),
        }
    }

    fn compare_model(&mut self, name: &str, facts: &ModelFacts) {
        let subject = Subject::Model(name.to_string());
        let Some(model) = self.api.models.get(name) else {
            self.push(&subject, "model", "presence", "missing", "present");
            return;
        };
        let ModelKind::Object(fields) = &model.kind else {
            self.push(&subject, "model", "kind", "enumeration", "object");
            return;
        };
        let spec: BTreeMap<&str, &sdkgen::ir::Field> = fields.iter().map(|f| (f.wire_name.as_str(), f)).collect();
        let sdk: BTreeMap<&str, &FieldFacts> = facts.fields.iter().map(|f| (f.wire.as_str(), f)).collect();
        let wires: BTreeSet<&str> = spec.keys().chain(sdk.keys()).copied().collect();
        for wire in wires {
            let item = format!("field {wire}");
            match (spec.get(wire), sdk.get(wire)) {
                (Some(f), None) => self.push(&subject, &item, "presence", &f.ty, "missing"),
                (None, Some(f)) => self.push(&subject, &item, "presence", "missing", &f.ty),
                (Some(field), Some(facts)) => {
                    if !self.type_matches(&field.ty, &facts.ty) {
                        self.push(&subject, &item, "type", &field.ty, &facts.ty);
                    }
                    if field.required != facts.required {
                        self.push(&subject, &item, "required", field.required, facts.required);
                    }
                }
                (None, None) => unreachable!(),
            }
        }
    }
}

/// Model names a Python type string refers to.
fn sdk_type_models(ty: &str, out: &mut Vec<String>) {
    let ty = ty.trim();
    if let Some(inner) = ty.strip_prefix("list[").and_then(|s| s.strip_suffix(']')) {
        return sdk_type_models(inner, out);
    }
    if let Some(inner) = ty.strip_prefix("dict(").and_then(|s| s.strip_suffix(')')) {
        if let Some((_, v)) = inner.split_once(',') {
            sdk_type_models(v, out);
        }
        return;
    }
    if !matches!(ty, "str" | "int" | "bool" | "float" | "decimal.Decimal" | "object") {
        out.push(ty.to_string());
    }
}

/// The models the SDK's operations reach (bodies, responses, and what their fields refer to).
fn sdk_reachable(facts: &Facts) -> BTreeSet<String> {
    let mut stack: Vec<String> = Vec::new();
    for op in facts.operations.values() {
        stack.push(op.response_model.clone());
        if let Some(body) = &op.body {
            sdk_type_models(&body.ty, &mut stack);
        }
        for p in op.path_params.iter().chain(&op.query_params).chain(&op.header_params).chain(&op.form_params) {
            sdk_type_models(&p.ty, &mut stack);
        }
    }
    let mut seen = BTreeSet::new();
    while let Some(name) = stack.pop() {
        if seen.insert(name.clone()) {
            if let Some(model) = facts.models.get(&name) {
                for f in &model.fields {
                    sdk_type_models(&f.ty, &mut stack);
                }
            }
        }
    }
    seen
}

/// Every difference between one variant of the spec and one package's facts, sorted.
fn compare(package: &str, api: &Api, facts: &Facts) -> Vec<Difference> {
    let mut d = Differ { package, api, out: Vec::new() };

    let spec_ops: BTreeMap<&str, &Operation> = api.operations.iter().map(|o| (o.name.as_str(), o)).collect();
    let names: BTreeSet<&str> = spec_ops.keys().copied().chain(facts.operations.keys().map(String::as_str)).collect();
    for name in names {
        let subject = Subject::Operation(name.to_string());
        match (spec_ops.get(name), facts.operations.get(name)) {
            (Some(_), None) => d.push(&subject, "operation", "presence", "present", "missing"),
            (None, Some(_)) => d.push(&subject, "operation", "presence", "missing", "present"),
            (Some(op), Some(f)) => d.compare_operation(name, op, f),
            (None, None) => unreachable!(),
        }
    }

    // Models: what the SDK's operations reach, and what the spec's operations reach.
    let sdk_models = sdk_reachable(facts);
    let spec_models = sdkgen::ir::reachable(&api.models, api.operations.iter());
    for name in &sdk_models {
        let Some(model) = facts.models.get(name) else {
            d.push(&Subject::Model(name.clone()), "model", "presence", "?", "referenced but not defined");
            continue;
        };
        // Request models are the operations' parameters, compared above.
        if model.role == "request" {
            continue;
        }
        // The spec leaves out response models without fields.
        if model.role == "response" && model.fields.is_empty() && !api.models.contains_key(name) {
            continue;
        }
        d.compare_model(name, model);
    }
    // Enumerations exist only in the spec: the SDK types their fields as plain `str`/`int`, and
    // each such field's base type is compared where the field is.
    let is_enum = |name: &String| api.models.get(name).is_some_and(|m| matches!(m.kind, sdkgen::ir::ModelKind::Enum(_)));
    for name in spec_models.difference(&sdk_models).filter(|n| !is_enum(n)) {
        d.push(&Subject::Model(name.clone()), "model", "presence", "present", "missing");
    }

    d.out.sort();
    d.out.dedup();
    d.out
}

// ---------------------------------------------------------------------------------------------
// The allow-list.

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct AllowList {
    allow: Vec<AllowEntry>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct AllowEntry {
    packages: Vec<String>,
    #[serde(default)]
    operation: Option<String>,
    /// Several operations with the same difference and the same reason.
    #[serde(default)]
    operations: Vec<String>,
    #[serde(default)]
    model: Option<String>,
    /// Several models with the same difference and the same reason.
    #[serde(default)]
    models: Vec<String>,
    item: String,
    aspect: String,
    spec: String,
    sdk: String,
    reason: String,
}

impl AllowEntry {
    fn subjects(&self) -> Result<Vec<Subject>, String> {
        let named = usize::from(self.operation.is_some())
            + usize::from(!self.operations.is_empty())
            + usize::from(self.model.is_some())
            + usize::from(!self.models.is_empty());
        if named != 1 {
            return Err("needs exactly one of `operation`, `operations`, `model` and `models`".into());
        }
        let operations = self.operation.iter().chain(&self.operations).map(|o| Subject::Operation(o.clone()));
        let models = self.model.iter().chain(&self.models).map(|m| Subject::Model(m.clone()));
        Ok(operations.chain(models).collect())
    }

    /// The differences this entry accepts, one per subject and package.
    fn differences(&self) -> Result<Vec<Difference>, String> {
        let subjects = self.subjects()?;
        if self.reason.trim().is_empty() {
            return Err("has no `reason`".into());
        }
        if self.packages.is_empty() {
            return Err("names no package".into());
        }
        let pairs = subjects.iter().flat_map(|s| self.packages.iter().map(move |p| (s, p)));
        pairs
            .map(|(subject, p)| {
                if !PACKAGES.contains(&p.as_str()) {
                    return Err(format!("unknown package `{p}` (one of {PACKAGES:?})"));
                }
                Ok(Difference {
                    package: p.clone(),
                    subject: subject.clone(),
                    item: self.item.clone(),
                    aspect: self.aspect.clone(),
                    spec: self.spec.clone(),
                    sdk: self.sdk.clone(),
                })
            })
            .collect()
    }
}

fn load_allow_list() -> AllowList {
    let path = workspace_root().join("tests/data/conformance-allowlist.yaml");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// What the allow-list does not cover, and the allow-list entries that match nothing.
struct Verdict {
    unexpected: Vec<Difference>,
    stale: Vec<String>,
    malformed: Vec<String>,
    allowed: usize,
}

fn judge(differences: &[Difference], allow: &AllowList) -> Verdict {
    let mut accepted: BTreeSet<Difference> = BTreeSet::new();
    let mut stale = Vec::new();
    let mut malformed = Vec::new();
    let found: BTreeSet<&Difference> = differences.iter().collect();
    for (i, entry) in allow.allow.iter().enumerate() {
        match entry.differences() {
            Err(e) => malformed.push(format!("entry {} ({:?} {:?} {}): {e}", i + 1, entry.operation, entry.model, entry.item)),
            Ok(expected) => {
                for diff in expected {
                    if found.contains(&diff) {
                        accepted.insert(diff);
                    } else {
                        stale.push(format!("entry {}: {diff}", i + 1));
                    }
                }
            }
        }
    }
    let unexpected: Vec<Difference> = differences.iter().filter(|d| !accepted.contains(*d)).cloned().collect();
    Verdict { unexpected, stale, malformed, allowed: accepted.len() }
}

fn all_differences(api: &Api, facts: &[(&str, Facts)]) -> Vec<Difference> {
    let mut all = Vec::new();
    for (package, facts) in facts {
        all.extend(compare(package, &variant_api(api, package), facts));
    }
    all
}

// ---------------------------------------------------------------------------------------------
// Tests.

#[test]
fn spec_conforms_to_official_sdk() {
    let facts: Vec<(&str, Facts)> = PACKAGES.iter().map(|p| (*p, load_facts(p))).collect();
    for (package, f) in &facts {
        assert_eq!(f.package.name, format!("huaweicloudsdk{package}"), "facts file of {package}");
        assert!(!f.package.version.is_empty());
        assert!(!f.operations.is_empty(), "{package}: the facts hold no operations");
    }
    let differences = all_differences(api(), &facts);
    let verdict = judge(&differences, &load_allow_list());

    let mut report = String::new();
    if !verdict.malformed.is_empty() {
        report.push_str(&format!("\nmalformed allow-list entries ({}):\n", verdict.malformed.len()));
        for m in &verdict.malformed {
            report.push_str(&format!("  {m}\n"));
        }
    }
    if !verdict.unexpected.is_empty() {
        report.push_str(&format!(
            "\n{} difference(s) between spec/ and the official SDK facts (fix the spec, or allow-list with a reason):\n",
            verdict.unexpected.len()
        ));
        for d in &verdict.unexpected {
            report.push_str(&format!("  {d}\n"));
        }
        report.push_str("\nallow-list entries for them, if deliberate (tests/data/conformance-allowlist.yaml):\n");
        for d in &verdict.unexpected {
            report.push_str(&format!("{}\n", d.allow_entry()));
        }
    }
    if !verdict.stale.is_empty() {
        report.push_str(&format!("\nstale allow-list entries, matching no difference ({}):\n", verdict.stale.len()));
        for s in &verdict.stale {
            report.push_str(&format!("  {s}\n"));
        }
    }
    assert!(report.is_empty(), "conformance with the official SDK failed:{report}");
    eprintln!("conformance: {} allow-listed difference(s), nothing else", verdict.allowed);
}

#[test]
fn every_sdk_operation_is_in_the_spec_once() {
    let api = api();
    let mut all: BTreeSet<String> = BTreeSet::new();
    for package in PACKAGES {
        let facts = load_facts(package);
        let variant = variant_api(api, package);
        let names: BTreeSet<&str> = variant.operations.iter().map(|o| o.name.as_str()).collect();
        for name in facts.operations.keys() {
            assert!(names.contains(name.as_str()), "{package}: {name} is missing from the spec");
        }
        all.extend(facts.operations.keys().cloned());
    }
    let spec: BTreeSet<String> = api.operations.iter().map(|o| o.name.clone()).collect();
    assert_eq!(api.operations.len(), spec.len(), "an operation is written twice");
    assert!(all.is_subset(&spec));
}

/// The comparison must be able to fail: mutated facts give the expected differences.
#[test]
fn mutated_facts_are_reported() {
    let api = variant_api(api(), "bss");
    let pristine = load_facts("bss");
    let baseline: BTreeSet<Difference> = compare("bss", &api, &pristine).into_iter().collect();
    let new_differences = |facts: &Facts| -> Vec<Difference> {
        compare("bss", &api, facts).into_iter().filter(|d| !baseline.contains(d)).collect()
    };
    let has = |diffs: &[Difference], subject: Subject, item: &str, aspect: &str| {
        assert!(
            diffs.iter().any(|d| d.subject == subject && d.item == item && d.aspect == aspect),
            "expected a `{aspect}` difference at {subject} / {item}, got: {diffs:#?}"
        );
    };
    let op = |n: &str| Subject::Operation(n.to_string());
    let model = |n: &str| Subject::Model(n.to_string());

    let mut f = pristine.clone();
    f.operations.get_mut("ListCustomerOrders").unwrap().method = "POST".into();
    has(&new_differences(&f), op("ListCustomerOrders"), "method", "value");

    let mut f = pristine.clone();
    f.operations.get_mut("ListCustomerOrders").unwrap().path.push_str("/x");
    has(&new_differences(&f), op("ListCustomerOrders"), "path", "value");

    let mut f = pristine.clone();
    let limit = f.operations.get_mut("ListCustomerOrders").unwrap().query_params.iter_mut().find(|p| p.wire == "limit");
    limit.unwrap().ty = "str".into();
    has(&new_differences(&f), op("ListCustomerOrders"), "param limit", "type");

    let mut f = pristine.clone();
    let o = f.operations.get_mut("ShowCustomerOrderDetails").unwrap();
    let p = o.path_params.remove(0);
    o.query_params.push(p);
    has(&new_differences(&f), op("ShowCustomerOrderDetails"), "param order_id", "location");

    let mut f = pristine.clone();
    let o = f.operations.get_mut("ListCustomerOrders").unwrap();
    o.query_params[0].wire.push('X');
    let diffs = new_differences(&f);
    has(&diffs, op("ListCustomerOrders"), "param order_idX", "presence");
    has(&diffs, op("ListCustomerOrders"), "param order_id", "presence");

    let mut f = pristine.clone();
    f.operations.get_mut("ListCustomerOrders").unwrap().query_params[0].required ^= true;
    has(&new_differences(&f), op("ListCustomerOrders"), "param order_id", "required");

    let mut f = pristine.clone();
    f.operations.get_mut("PayOrders").unwrap().body.as_mut().unwrap().ty = "OtherReq".into();
    has(&new_differences(&f), op("PayOrders"), "body", "model");

    let mut f = pristine.clone();
    f.operations.get_mut("ListCustomerOrders").unwrap().response_model = "Other".into();
    has(&new_differences(&f), op("ListCustomerOrders"), "response", "model");

    let mut f = pristine.clone();
    let o = f.operations.get("ListCustomerOrders").unwrap().clone();
    f.operations.insert("ListSomethingNew".into(), o);
    has(&new_differences(&f), op("ListSomethingNew"), "operation", "presence");

    let mut f = pristine.clone();
    f.operations.remove("ListCustomerOrders");
    has(&new_differences(&f), op("ListCustomerOrders"), "operation", "presence");

    let mut f = pristine.clone();
    let m = f.models.get_mut("CustomerOrderV2").unwrap();
    m.fields.iter_mut().find(|x| x.wire == "amount_after_discount").unwrap().ty = "str".into();
    m.fields.iter_mut().find(|x| x.wire == "order_id").unwrap().required ^= true;
    m.fields.retain(|x| x.wire != "currency");
    m.fields.push(FieldFacts { wire: "new_field".into(), ty: "int".into(), required: false });
    let diffs = new_differences(&f);
    has(&diffs, model("CustomerOrderV2"), "field amount_after_discount", "type");
    has(&diffs, model("CustomerOrderV2"), "field order_id", "required");
    has(&diffs, model("CustomerOrderV2"), "field currency", "presence");
    has(&diffs, model("CustomerOrderV2"), "field new_field", "presence");

    // A float in the SDK must be a decimal in the spec, not any number type.
    let mut f = pristine.clone();
    f.models.get_mut("CustomerOrderV2").unwrap().fields.iter_mut().find(|x| x.wire == "status").unwrap().ty =
        "float".into();
    has(&new_differences(&f), model("CustomerOrderV2"), "field status", "type");
}

#[test]
fn allow_list_matching_reports_stale_and_unlisted() {
    let diff = |item: &str| Difference {
        package: "bss".into(),
        subject: Subject::Operation("Op".into()),
        item: item.into(),
        aspect: "required".into(),
        spec: "true".into(),
        sdk: "false".into(),
    };
    let entry = |item: &str, packages: &[&str], reason: &str| AllowEntry {
        packages: packages.iter().map(|p| p.to_string()).collect(),
        operation: Some("Op".into()),
        operations: Vec::new(),
        model: None,
        models: Vec::new(),
        item: item.into(),
        aspect: "required".into(),
        spec: "true".into(),
        sdk: "false".into(),
        reason: reason.into(),
    };
    let differences = vec![diff("body"), diff("param x")];
    let allow = AllowList { allow: vec![entry("body", &["bss", "bssintl"], "documented"), entry("gone", &["bss"], "old")] };
    let verdict = judge(&differences, &allow);
    assert_eq!(verdict.allowed, 1);
    assert_eq!(verdict.unexpected, vec![diff("param x")]);
    // `body` for bssintl matches nothing, and `gone` matches nothing.
    assert_eq!(verdict.stale.len(), 2, "{:?}", verdict.stale);
    assert!(verdict.malformed.is_empty());

    let allow = AllowList { allow: vec![entry("body", &["bss"], " ")] };
    assert_eq!(judge(&differences, &allow).malformed.len(), 1, "an entry without a reason is refused");
}
