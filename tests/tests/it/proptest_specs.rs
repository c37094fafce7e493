//! Property test: random VALID specs generate without errors, and every generated Rust file parses;
//! with a shared crate too, and then every model of every crate is defined exactly once (in the
//! crate or in the shared crate).
//!
//! A spec is built from an "entropy tape" of numbers that proptest generates and shrinks: every
//! choice reads the tape, and an exhausted tape (or a zero) always picks the simplest option, so a
//! failure shrinks towards a small spec. Random models (objects and enums, nesting, recursion),
//! field names with keywords, digits and odd characters, types, required/optional, constraints
//! consistent with their types, hostile text, operations with path/query/header parameters,
//! bodies, responses, error lists, deprecations, site restrictions and pagination.
//!
//! `PROPTEST_CASES=1000 cargo test -p sdk-tests --test it proptest_specs::` runs more cases.

use proptest::prelude::*;
use sdkgen::naming;
use serde_json::{json, Map, Value};
use std::collections::BTreeSet;

const SERVICE: &str = r#"service:
  name: prop
  title: Property test service
  sites:
    cn: { name: China site, endpoint: "https://bss.myhuaweicloud.com" }
    intl: { name: International site, endpoint: "https://bss-intl.myhuaweicloud.com" }
  crates:
    prop: { crate: prop-sdk, client: PropClient, sites: [cn] }
    propintl: { crate: prop-sdk-intl, client: PropIntlClient, sites: [intl] }
"#;

const FIELD_WORDS: &[&str] = &[
    "id", "name", "type", "ref", "match", "self", "crate", "super", "async", "await", "gen", "fn", "impl", "mod",
    "Self", "_", "customerId", "customer_id", "X-Lang", "95th", "1", "amount", "resource_Type_code", "send",
    "request", "into_stream", "set_send", "value", "v", "__x", "名称", "a.b", "with space", "limit", "offset",
    "body", "default", "new", "Option", "String",
];
const MODEL_WORDS: &[&str] = &["Order", "type", "self", "item", "x_y", "A1", "Request", "Call", "Option", "unknown", "Vec"];
const OP_WORDS: &[&str] = &["List", "Show", "Create", "Items", "V2", "Request", "Call", "New", "Send"];
const ENUM_NAMES: &[&str] = &["A", "b", "type", "Self", "1", "on-demand", "OnDemand", "名称", "x y", "Unset", "unknown", "None", "Some"];
const TEXTS: &[&str] = &[
    "Plain text.",
    "*/ \"# \\ {} {{}} {0} 🎉 مرحبا שלום",
    "line one\nline two\n\n  indented",
    "bidi \u{202E}evil\u{202C} and \u{2066}isolate\u{2069}",
    "tab\there, cr\rhere, nul\0here, esc\u{1b}[31m",
    "",
    "`code` ``` [link](x) <b>bold</b> https://example.com/a_b",
    "r#\"raw\"# '\\'' \"",
];
const STRING_VALUES: &[&str] = &["a", "b", "*/", "\"#", "\\", "{}", "line\nbreak", "🎉", "مرحبا", "", " ", "zh_CN", "\u{202E}x"];
const HEADER_NAMES: &[&str] = &["X-Language", "X-Request-Id", "x-a", "X_B", "X-Type", "Self", "X.1"];

/// Choices read from the tape; past its end every choice is 0.
struct Tape {
    data: Vec<u32>,
    pos: usize,
}

impl Tape {
    fn next(&mut self, n: usize) -> usize {
        let v = self.data.get(self.pos).copied().unwrap_or(0);
        self.pos += 1;
        if n == 0 {
            0
        } else {
            v as usize % n
        }
    }
    fn chance(&mut self, one_in: usize) -> bool {
        self.next(one_in) == one_in - 1
    }
    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.next(from.len())]
    }
    fn text(&mut self) -> Option<String> {
        (self.next(3) != 0).then(|| self.pick(TEXTS).to_string())
    }
}

#[derive(Clone)]
struct ModelInfo {
    name: String,
    is_enum: bool,
}

/// Names already used in one scope, by every identifier they turn into.
#[derive(Default)]
struct Scope {
    used: BTreeSet<String>,
}

impl Scope {
    /// True (and reserves it) when `wire` gets a field name and setter nobody in this scope has.
    fn take_field(&mut self, wire: &str) -> bool {
        let rust = sdkgen::ir::RustName::new(naming::snake_ident(wire));
        let keys = [format!("f:{}", rust.bare), format!("s:{}", naming::setter_name(&rust)), format!("w:{wire}")];
        if keys.iter().any(|k| self.used.contains(k)) {
            return false;
        }
        self.used.extend(keys);
        true
    }
}

fn scalar_type(t: &mut Tape, enums: &[&ModelInfo]) -> String {
    match t.next(7) {
        0 => "string".into(),
        1 => "int32".into(),
        2 => "int64".into(),
        3 => "bool".into(),
        4 => "decimal".into(),
        5 if !enums.is_empty() => enums[t.next(enums.len())].name.clone(),
        _ => "string".into(),
    }
}

fn field_type(t: &mut Tape, models: &[ModelInfo]) -> String {
    let enums: Vec<&ModelInfo> = models.iter().filter(|m| m.is_enum).collect();
    match t.next(10) {
        0..=3 => scalar_type(t, &enums),
        4 => "json".into(),
        5 => format!("list<{}>", scalar_type(t, &enums)),
        6 => format!("map<{}>", ["string", "int64", "bool", "json"][t.next(4)]),
        7 | 8 => models[t.next(models.len())].name.clone(),
        _ => {
            let m = &models[t.next(models.len())].name;
            if t.chance(2) { format!("list<{m}>") } else { format!("map<{m}>") }
        }
    }
}

/// Constraints (and a default) consistent with the type, on `f`.
fn constraints(t: &mut Tape, ty: &str, f: &mut Map<String, Value>) {
    let item = ty.strip_prefix("list<").and_then(|s| s.strip_suffix('>')).unwrap_or(ty);
    let is_list = item != ty;
    if is_list && t.chance(3) {
        let lo = t.next(3);
        f.insert("min_items".into(), json!(lo));
        f.insert("max_items".into(), json!(lo + t.next(5)));
    }
    match item {
        "string" => {
            let (lo, hi) = (t.next(3), 3 + t.next(60));
            if t.chance(2) {
                f.insert("min_length".into(), json!(lo));
                f.insert("max_length".into(), json!(hi));
            }
            if t.chance(3) {
                f.insert("format".into(), json!(t.pick(&["date-time", "YYYY-MM", "*/ \"#"])));
            }
            if t.chance(3) {
                let mut values: Vec<&str> = Vec::new();
                for _ in 0..1 + t.next(4) {
                    let v = t.pick(STRING_VALUES);
                    if !values.contains(&v) {
                        values.push(v);
                    }
                }
                f.insert("enum".into(), json!(values));
                if !is_list && t.chance(2) {
                    // A default from the list that also respects any length limit.
                    let limited = f.contains_key("min_length");
                    if let Some(d) = values.iter().find(|v| !limited || (lo..=hi).contains(&v.chars().count())) {
                        f.insert("default".into(), json!(d));
                    }
                }
            } else if !is_list && t.chance(3) {
                let len = if f.contains_key("min_length") { lo } else { t.next(4) };
                f.insert("default".into(), json!("x".repeat(len)));
            }
        }
        "int32" | "int64" => {
            let wide = item == "int64";
            let lo: i64 = if wide && t.chance(4) { i64::MIN } else { t.next(200) as i64 - 100 };
            let hi: i64 = if wide && t.chance(4) { i64::MAX } else { lo.max(-100) + t.next(200) as i64 };
            if t.chance(2) {
                f.insert("minimum".into(), json!(lo));
                f.insert("maximum".into(), json!(hi));
                if !is_list && t.chance(2) {
                    f.insert("default".into(), json!(lo));
                }
            } else if t.chance(3) {
                f.insert("enum".into(), json!([1, 2, 3]));
                if !is_list && t.chance(2) {
                    f.insert("default".into(), json!(2));
                }
            }
        }
        "decimal" if t.chance(2) => {
            let lo = t.next(100) as i64;
            f.insert("minimum".into(), json!(format!("{lo}.5")));
            f.insert("maximum".into(), json!(lo + 1 + t.next(1000) as i64));
            if !is_list && t.chance(2) {
                f.insert("default".into(), json!(format!("{}.75", lo)));
            }
        }
        "bool" if !is_list && t.chance(3) => {
            f.insert("default".into(), json!(t.chance(2)));
        }
        _ => {}
    }
}

fn sites(t: &mut Tape) -> Option<Value> {
    match t.next(6) {
        1 => Some(json!(["cn"])),
        2 => Some(json!(["intl"])),
        3 => Some(json!(["intl", "cn"])),
        _ => None,
    }
}

fn field(t: &mut Tape, ty: String, allow_sites: bool) -> Map<String, Value> {
    let mut f = Map::new();
    constraints(t, &ty, &mut f);
    f.insert("type".into(), json!(ty));
    if t.chance(2) {
        f.insert("required".into(), json!(true));
    }
    if let Some(d) = t.text() {
        f.insert("description".into(), json!(d));
    }
    if t.chance(6) {
        f.insert("deprecated".into(), json!(true));
    }
    if allow_sites {
        if let Some(s) = sites(t) {
            f.insert("sites".into(), s);
        }
    }
    f
}

/// A random valid spec: `(file name, text)` pairs besides the service.
fn random_spec(t: &mut Tape) -> Vec<(String, String)> {
    // Models: names first (fields may refer to any model, including later ones and themselves).
    let mut models: Vec<ModelInfo> = Vec::new();
    let mut type_names: BTreeSet<String> = BTreeSet::new();
    for i in 0..1 + t.next(6) {
        let name = format!("M{i}{}", t.pick(MODEL_WORDS));
        let rust = naming::camel_ident(&name);
        if !type_names.insert(rust.clone()) || naming::PRELUDE_NAMES.contains(&rust.as_str()) {
            continue;
        }
        models.push(ModelInfo { name, is_enum: t.chance(4) });
    }
    let codes: Vec<String> = (0..1 + t.next(4)).map(|i| format!("CBC.{}", 100 + i)).collect();
    let mut errors = Map::new();
    for c in &codes {
        let mut e = Map::new();
        e.insert("status".into(), if t.chance(4) { json!("unknown") } else { json!(400 + t.next(100)) });
        e.insert("message".into(), json!(t.text().unwrap_or_else(|| "unknown".into())));
        if let Some(d) = t.text() {
            e.insert("description_zh".into(), json!(d));
        }
        errors.insert(c.clone(), Value::Object(e));
    }

    let mut model_docs = Map::new();
    for m in &models {
        let mut doc = Map::new();
        if let Some(d) = t.text() {
            doc.insert("description".into(), json!(d));
        }
        if m.is_enum {
            let base = ["string", "int32", "int64"][t.next(3)];
            let mut values = Vec::new();
            let mut names = BTreeSet::new();
            let mut seen_values = BTreeSet::new();
            for i in 0..1 + t.next(5) {
                let name = format!("{}{}", t.pick(ENUM_NAMES), if t.chance(2) { i.to_string() } else { String::new() });
                let rust = naming::camel_ident(&name);
                if rust == "Unknown" || !names.insert(rust) {
                    continue;
                }
                let value = if base == "string" { json!(t.pick(STRING_VALUES)) } else { json!(t.next(10) as i64 - 3) };
                if !seen_values.insert(value.to_string()) {
                    continue;
                }
                let mut v = Map::new();
                v.insert("value".into(), value);
                v.insert("name".into(), json!(name));
                if let Some(d) = t.text() {
                    v.insert("description".into(), json!(d));
                }
                values.push(Value::Object(v));
            }
            if values.is_empty() {
                values.push(json!({ "value": if base == "string" { json!("only") } else { json!(0) }, "name": "Only" }));
            }
            doc.insert("enum".into(), json!({ "type": base, "values": values }));
        } else {
            let mut fields = Map::new();
            let mut scope = Scope::default();
            let index = models.iter().position(|x| x.name == m.name).unwrap_or(0);
            for _ in 0..t.next(6) {
                let wire = t.pick(FIELD_WORDS);
                if scope.take_field(wire) {
                    let ty = field_type(t, &models);
                    let mut f = field(t, ty.clone(), true);
                    // A loop of required model fields has no finite value (the spec is invalid):
                    // a field naming the same or an earlier object model directly stays optional.
                    if let Some(target) = models.iter().position(|x| x.name == ty && !x.is_enum) {
                        if target <= index {
                            f.remove("required");
                        }
                    }
                    fields.insert(wire.to_string(), Value::Object(f));
                }
            }
            doc.insert("fields".into(), Value::Object(fields));
        }
        model_docs.insert(m.name.clone(), Value::Object(doc));
    }

    // Operations.
    let objects: Vec<&ModelInfo> = models.iter().filter(|m| !m.is_enum).collect();
    let enums: Vec<&ModelInfo> = models.iter().filter(|m| m.is_enum).collect();
    let mut ops = Map::new();
    let mut op_names: Vec<String> = Vec::new();
    for i in 0..t.next(5) {
        let name = format!("Op{i}{}", t.pick(OP_WORDS));
        if naming::camel_ident(&name) != name {
            continue;
        }
        let method = ["GET", "POST", "PUT", "DELETE", "PATCH"][t.next(5)];
        let mut op = Map::new();
        op.insert("summary".into(), json!(t.text().unwrap_or_else(|| "s".into())));
        if let Some(d) = t.text() {
            op.insert("description".into(), json!(d));
        }
        op.insert("method".into(), json!(method));
        let mut scope = Scope::default();
        let mut path = format!("/v2/op{i}");
        let mut path_params = Map::new();
        for _ in 0..t.next(3) {
            let wire = t.pick(&["id", "type", "self", "order_id", "95th", "customerId", "x"]);
            if scope.take_field(wire) {
                path.push_str(&format!("/{{{wire}}}"));
                let ty = scalar_type(t, &enums);
                let mut p = field(t, ty, false);
                p.remove("required");
                path_params.insert(wire.to_string(), Value::Object(p));
            }
        }
        if t.chance(4) && scope.take_field("domain_id") {
            path = format!("/v1.0/{{domain_id}}{path}");
            path_params.insert("domain_id".into(), json!({ "type": "string", "from_credentials": "domain_id" }));
        }
        op.insert("path".into(), json!(path));
        op.insert("path_params".into(), Value::Object(path_params));
        let mut query = Map::new();
        for _ in 0..t.next(4) {
            let wire = t.pick(FIELD_WORDS);
            if wire != "body" && scope.take_field(wire) {
                let ty = if t.chance(3) { format!("list<{}>", scalar_type(t, &enums)) } else { scalar_type(t, &enums) };
                query.insert(wire.to_string(), Value::Object(field(t, ty, true)));
            }
        }
        let mut headers = Map::new();
        for _ in 0..t.next(3) {
            let wire = t.pick(HEADER_NAMES);
            if scope.take_field(wire) {
                let ty = scalar_type(t, &enums);
                headers.insert(wire.to_string(), Value::Object(field(t, ty, true)));
            }
        }
        if method != "GET" && !objects.is_empty() && t.chance(2) && scope.take_field("body") {
            op.insert("body".into(), json!(objects[t.next(objects.len())].name));
            if t.chance(2) {
                op.insert("body_required".into(), json!(true));
            }
        }
        // Paged operations get their own response model and parameters.
        if t.chance(4) && scope.take_field("page_offset") && scope.take_field("page_limit") {
            let page = format!("Op{i}Page");
            let int = if t.chance(2) { "int32" } else { "int64" };
            query.insert("page_offset".into(), json!({ "type": int, "minimum": 0 }));
            query.insert("page_limit".into(), json!({ "type": "int32", "minimum": 1, "maximum": 100 }));
            let item = if models.is_empty() || t.chance(2) { "string".to_string() } else { models[t.next(models.len())].name.clone() };
            model_docs.insert(
                page.clone(),
                json!({ "fields": { "rows": { "type": format!("list<{item}>"), "required": t.chance(2) }, "total": { "type": int, "required": t.chance(2) } } }),
            );
            op.insert("response".into(), json!(page));
            let style = if t.chance(2) { "page_number" } else { "record_offset" };
            op.insert("pagination".into(), json!({ "style": style, "offset": "page_offset", "limit": "page_limit", "items": "rows", "total": "total" }));
        } else if !models.is_empty() && t.chance(2) {
            op.insert("response".into(), json!(models[t.next(models.len())].name));
        }
        op.insert("query".into(), Value::Object(query));
        op.insert("headers".into(), Value::Object(headers));
        if let Some(s) = sites(t) {
            op.insert("sites".into(), s);
        }
        let mut errs = Vec::new();
        for c in &codes {
            if t.chance(2) {
                errs.push(if t.chance(3) { json!({ "code": c, "status": 404, "description_zh": t.pick(TEXTS) }) } else { json!(c) });
            }
        }
        op.insert("errors".into(), Value::Array(errs));
        op.insert("caller".into(), json!(["customer", "partner", "either", "unknown"][t.next(4)]));
        if t.chance(4) {
            op.insert("idempotent".into(), json!(true));
        }
        op_names.push(name.clone());
        ops.insert(name, Value::Object(op));
    }
    // Deprecations, once every operation name is known.
    for name in &op_names {
        if t.chance(4) {
            let others: Vec<&String> = op_names.iter().filter(|n| *n != name).collect();
            let dep = if !others.is_empty() && t.chance(2) {
                json!({ "successor": others[t.next(others.len())], "note": t.pick(TEXTS) })
            } else {
                json!(true)
            };
            if let Some(Value::Object(op)) = ops.get_mut(name) {
                op.insert("deprecated".into(), dep);
            }
        }
    }

    let mut files = vec![("errors.yaml".to_string(), serde_json::to_string_pretty(&json!({ "errors": errors })).unwrap())];
    let area = json!({
        "area": { "name": "prop_area", "title": "Random area", "description": t.pick(TEXTS) },
        "models": model_docs,
        "operations": ops,
    });
    files.push(("area.yaml".to_string(), serde_json::to_string_pretty(&area).unwrap()));
    files
}

fn check(tape: Vec<u32>) -> Result<(), TestCaseError> {
    // Every item the formatter lays out without parsing is printed by prettyplease too and
    // compared (a difference fails the generation).
    sdkgen::format::verify_layout(true);
    let mut t = Tape { data: tape, pos: 0 };
    let files = random_spec(&mut t);
    let mut texts: Vec<(&str, &str)> = vec![("service.yaml", SERVICE)];
    texts.extend(files.iter().map(|(n, s)| (n.as_str(), s.as_str())));
    let generation = sdkgen::Config::new("unused").generate_from_texts(&texts).map_err(|e| {
        let spec: String = files.iter().map(|(n, s)| format!("--- {n}\n{s}\n")).collect();
        TestCaseError::fail(format!("a valid spec failed to generate:\n{e}\n\nspec:\n{spec}"))
    })?;
    prop_assert!(generation.files.keys().any(|p| p.extension().is_some_and(|e| e == "rs")));
    all_rust_parses(&generation)?;

    // The same spec with a shared crate: every model of every crate is defined exactly once,
    // in the crate or in the shared crate, and the shared crate holds only models every crate has.
    let shared_service = format!("{SERVICE}  shared_crate: {{ id: common, crate: prop-common }}\n");
    texts[0] = ("service.yaml", &shared_service);
    let shared = sdkgen::Config::new("unused").generate_from_texts(&texts).map_err(|e| TestCaseError::fail(format!("with a shared crate: {e}")))?;
    all_rust_parses(&shared)?;
    let definitions = |dir: &str, ident: &str| -> usize {
        let (as_struct, as_enum) = (format!("pub struct {ident} {{"), format!("pub enum {ident} {{"));
        shared
            .files
            .iter()
            .filter(|(p, _)| p.starts_with(dir) && p.parent().is_some_and(|d| d.ends_with("models")))
            .map(|(_, text)| text.lines().filter(|l| l.starts_with(&as_struct) || l.starts_with(&as_enum)).count())
            .sum()
    };
    let parts: Vec<_> = shared.api.service.crates.iter().map(|k| (k.id.clone(), shared.api.for_crate(k))).collect();
    for (id, part) in &parts {
        for model in part.models.values() {
            let ident = &model.rust_name.ident;
            let (own, common) = (definitions(id, ident), definitions("common", ident));
            prop_assert_eq!(own + common, 1, "{}: model {} defined {} times in the crate and {} in the shared crate", id, ident, own, common);
            if common == 1 {
                prop_assert!(parts.iter().all(|(_, p)| p.models.contains_key(&model.name)), "shared model {} is missing from a crate", ident);
            }
        }
    }
    Ok(())
}

fn all_rust_parses(generation: &sdkgen::Generation) -> Result<(), TestCaseError> {
    for (path, text) in &generation.files {
        if path.extension().is_some_and(|e| e == "rs") {
            if let Err(e) = syn::parse_file(text) {
                return Err(TestCaseError::fail(format!("{} does not parse: {e}", path.display())));
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, max_shrink_iters: 2000, ..ProptestConfig::default() })]

    #[test]
    fn random_valid_specs_generate_parsable_code(tape in prop::collection::vec(any::<u32>(), 0..400)) {
        check(tape)?;
    }
}

#[test]
fn the_simplest_spec_generates() {
    check(Vec::new()).unwrap();
}
