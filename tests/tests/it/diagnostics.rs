//! Bad specs get precise errors (file, YAML path, line) and never a panic or a partial output.

use std::path::PathBuf;

const SERVICE: &str = "service:\n  name: t\n  title: T\n  sites:\n    cn: { name: China, endpoint: \"https://bss.myhuaweicloud.com\" }\n  crates:\n    t: { crate: t-sdk, client: TClient, sites: [cn] }\n";

/// Writes `service.yaml` plus `area.yaml` with `body` into a fresh folder and generates from it.
fn diagnose(case: &str, body: &str) -> String {
    let dir = std::env::temp_dir().join(format!("sdkgen-diag-{}-{case}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("service.yaml"), SERVICE).unwrap();
    std::fs::write(dir.join("area.yaml"), body).unwrap();
    let result = sdkgen::Config::new(&dir).generate();
    std::fs::remove_dir_all(&dir).unwrap();
    match result {
        Ok(_) => panic!("case {case}: a bad spec generated"),
        Err(e) => e.to_string(),
    }
}

fn assert_mentions(case: &str, text: &str, expected: &[&str]) {
    for e in expected {
        assert!(text.contains(e), "case {case}: diagnostics lack `{e}`:\n{text}");
    }
}

const AREA: &str = "area: { name: a, title: A }\n";

#[test]
fn typo_in_a_key_names_file_path_and_line() {
    let text = diagnose("typo", &format!("{AREA}models:\n  M:\n    fields:\n      x: {{ type: string, requried: true }}\n"));
    assert_mentions("typo", &text, &["unknown field `requried`", "area.yaml:", "models.M.fields.x", "help:"]);
}

#[test]
fn unknown_type_suggests_the_close_name() {
    let text = diagnose("type", &format!("{AREA}models:\n  OrderInfo:\n    fields:\n      x: {{ type: string }}\n  Holder:\n    fields:\n      o: {{ type: OrderInfos }}\n"));
    assert_mentions("type", &text, &["unknown type `OrderInfos`", "did you mean `OrderInfo`?", "models.Holder.fields.o.type", "area.yaml:8:12"]);
}

#[test]
fn several_problems_are_reported_in_one_run() {
    let spec = format!(
        "{AREA}models:\n  R:\n    fields:\n      limit: {{ type: int32, minimum: 10, maximum: 1 }}\n      lang: {{ type: string, enum: [a, b], default: c }}\noperations:\n  GetX:\n    summary: x\n    method: GET\n    path: /v2/x/{{id}}\n    body: R\n  PostY:\n    summary: y\n    method: POST\n    path: /v2/y\n    path_params:\n      id: {{ type: string }}\n    deprecated: {{ successor: Nope }}\n    errors: [CBC.0100]\n"
    );
    let text = diagnose("many", &spec);
    assert_mentions(
        "many",
        &text,
        &[
            "minimum 10 is greater than maximum 1",
            "default \"c\" is not one of the `enum` values",
            "a GET request cannot have a body",
            "placeholder `{id}` has no path parameter",
            "path parameter `id` has no `{id}` in the path",
            "successor `Nope` is not an operation",
            "error code `CBC.0100` is not in the error catalog",
        ],
    );
    assert!(text.contains("the spec has 7 error(s)"), "{text}");
}

#[test]
fn yaml_syntax_errors_have_a_line() {
    let text = diagnose("syntax", "area: { name: a, title: A\nmodels: [\n");
    assert_mentions("syntax", &text, &["area.yaml:", "invalid spec"]);
}

#[test]
fn floats_are_refused_for_money() {
    let text = diagnose("float", &format!("{AREA}models:\n  M:\n    fields:\n      amount: {{ type: float }}\n"));
    assert_mentions("float", &text, &["use `decimal`", "models.M.fields.amount.type"]);
}

#[test]
fn decimals_inside_maps_are_refused_not_rounded() {
    let text = diagnose("mapdec", &format!("{AREA}models:\n  M:\n    fields:\n      by_month: {{ type: \"map<decimal>\" }}\n"));
    assert_mentions("mapdec", &text, &["decimals are supported as", "models.M.fields.by_month.type"]);
}

#[test]
fn names_colliding_after_case_conversion_ask_for_rust_name() {
    let text = diagnose("collide", &format!("{AREA}models:\n  M:\n    fields:\n      customerId: {{ type: string }}\n      customer_id: {{ type: string }}\n"));
    assert_mentions("collide", &text, &["both become the Rust name `customer_id`", "rust_name"]);
}

#[test]
fn a_missing_spec_folder_names_the_path() {
    let err = sdkgen::Config::new(PathBuf::from("/nonexistent/spec")).generate().unwrap_err();
    let text = err.to_string();
    assert!(text.contains("/nonexistent/spec") && text.contains("cannot read"), "{text}");
}

/// `service.package` makes generated crates publishable; its values are checked, since they go
/// into Cargo.toml and crates.io refuses bad ones.
#[test]
fn package_block_is_emitted_and_checked() {
    let area = "area: { name: a, title: A }\nmodels:\n  M: { fields: { x: { type: string } } }\n";
    let package = |body: &str| format!("{SERVICE}  package:\n{body}");
    let good = package("    version: 0.3.1\n    checked_against: 3.1.219\n    repository: https://example.com/r\n    keywords: [a, b-c]\n    categories: [api-bindings]\n");
    let generation = sdkgen::Config::new("spec").generate_from_texts(&[("service.yaml", &good), ("a.yaml", area)]).unwrap();
    let toml = &generation.files[&PathBuf::from("t/Cargo.toml")];
    for line in ["version = \"0.3.1+sdk.3.1.219\"", "repository = \"https://example.com/r\"", "keywords = [\"a\", \"b-c\"]", "categories = [\"api-bindings\"]", "documentation = \"https://docs.rs/t-sdk\""] {
        assert!(toml.contains(line), "{line} missing:\n{toml}");
    }
    assert!(!toml.contains("publish = false"), "{toml}");
    assert!(generation.files[&PathBuf::from("t/LICENSE")].contains("Apache License"));
    assert!(generation.files[&PathBuf::from("t/README.md")].contains("t-sdk = \"0.3\""));
    // Without the block: not publishable, no licence file.
    let plain = sdkgen::Config::new("spec").generate_from_texts(&[("service.yaml", SERVICE), ("a.yaml", area)]).unwrap();
    assert!(plain.files[&PathBuf::from("t/Cargo.toml")].contains("publish = false\n"));
    assert!(!plain.files.contains_key(&PathBuf::from("t/LICENSE")));

    let bad = package("    version: 1.0\n    checked_against: \"3 1\"\n    repository: http://x\n    keywords: [a, b, c, d, e, f, 9lives]\n    categories: [Api Bindings]\n");
    let err = sdkgen::Config::new("spec").generate_from_texts(&[("service.yaml", &bad), ("a.yaml", area)]).unwrap_err().to_string();
    assert_mentions(
        "package",
        &err,
        &[
            "service.package.version",
            "`1.0` is not a version",
            "cannot be semver build metadata",
            "is not an https URL",
            "7 keywords",
            "keyword `9lives`",
            "`Api Bindings` is not a crates.io category slug",
        ],
    );
}

/// `service.shared_crate` puts the error catalog, and the models that are the same in every SDK
/// crate, into a crate of their own that full SDK crates re-export (decided over every crate of
/// the spec, also when only some are generated); a build script's single file keeps all of its
/// own. Its id and name are checked like the SDK crates'.
#[test]
fn shared_crate_holds_the_catalog_and_the_common_models_and_is_checked() {
    let area = "area: { name: a, title: A }\nmodels:\n  Same: { fields: { x: { type: string }, i: { type: Inner } } }\n  Inner: { fields: { y: { type: int32 } } }\n  \
                Differs: { fields: { x: { type: string }, only_u: { type: string, sites: [us] } } }\n  UsesDiffers: { fields: { d: { type: Differs } } }\n\
                operations:\n  ShowSame: { summary: S, method: GET, path: /v2/same, response: Same }\n  ShowDiffers: { summary: D, method: GET, path: /v2/differs, response: UsesDiffers }\n";
    let catalog = "errors:\n  CBC.0100: { status: 400, message: Parameter error. }\n";
    let service = |line: &str| {
        format!("{}    us: {{ name: US, endpoint: \"https://us.example.com\" }}\n  crates:\n    t: {{ crate: t-sdk, client: TClient, sites: [cn] }}\n    u: {{ crate: u-sdk, client: UClient, sites: [us] }}\n  shared_crate: {line}\n",
            SERVICE.split("  crates:").next().unwrap())
    };
    let good = service("{ id: common, crate: t-shared }");
    let texts = [("service.yaml", good.as_str()), ("a.yaml", area), ("errors.yaml", catalog)];
    let generation = sdkgen::Config::new("spec").crates(["t"]).generate_from_texts(&texts).unwrap();
    let file = |p: &str| generation.files.get(&PathBuf::from(p)).unwrap_or_else(|| panic!("{p} not generated: {:?}", generation.files.keys()));
    let shared_models = file("common/src/models/a.rs");
    let own_models = file("t/src/models/a.rs");
    for (name, shared) in [("Same", true), ("Inner", true), ("Differs", false), ("UsesDiffers", false)] {
        let declared = format!("pub struct {name} {{");
        assert_eq!(shared_models.contains(&declared), shared, "{name} in the shared crate:\n{shared_models}");
        assert_eq!(own_models.contains(&declared), !shared, "{name} in t:\n{own_models}");
    }
    assert!(file("t/src/models/mod.rs").contains("pub use ::t_shared::models::*;"));
    assert!(file("common/src/errors.rs").contains("pub enum ErrorCode"));
    assert!(file("common/src/errors.rs").contains("\"CBC.0100\""));
    assert!(file("common/src/lib.rs").contains("pub mod errors;"));
    assert!(file("common/Cargo.toml").contains("name = \"t-shared\""));
    assert!(file("common/README.md").contains("`CBC.0100`"));
    let toml = file("t/Cargo.toml");
    assert!(toml.contains("t-shared = { path = \"../common\", version = \"0.1.0\", default-features = false }"), "{toml}");
    assert!(toml.contains("a = [\"t-shared/a\"]"), "{toml}");
    assert!(file("t/src/lib.rs").contains("pub use ::t_shared::errors;"));
    assert!(!generation.files.contains_key(&PathBuf::from("t/src/errors.rs")));
    assert!(!generation.files.keys().any(|p| p.starts_with("u")), "only `t` was asked for");
    assert_eq!(generation.crate_dirs, [PathBuf::from("t"), PathBuf::from("common")]);
    // The shared crate does not depend on which crates are generated.
    let both = sdkgen::Config::new("spec").generate_from_texts(&texts).unwrap();
    let none = sdkgen::Config::new("spec").crates(Vec::<String>::new()).generate_from_texts(&texts).unwrap();
    for (path, text) in generation.files.iter().filter(|(p, _)| p.starts_with("common")) {
        assert_eq!(&both.files[path], text, "{}", path.display());
        assert_eq!(&none.files[path], text, "{}", path.display());
    }
    assert!(none.files.keys().all(|p| p.starts_with("common")), "{:?}", none.files.keys());

    let inline = sdkgen::Config::new("spec").standalone_crates(false).generate_from_texts(&texts).unwrap();
    let t = &inline.files[&PathBuf::from("t.rs")];
    assert!(t.contains("pub mod errors {") && t.contains("pub enum ErrorCode") && t.contains("pub struct Same {") && !t.contains("t_shared"), "{t}");
    assert_eq!(inline.files.len(), 2, "{:?}", inline.files.keys());

    for (case, line, expected) in [
        ("id", "{ id: u, crate: t-shared }", &["service.yaml:10:", "service.shared_crate.id", "`u` is already the id of an SDK crate"][..]),
        ("name", "{ id: common, crate: u_sdk }", &["service.shared_crate.crate", "the SDK crate `u` already has the crate name `u-sdk`"]),
        ("bad", "{ id: 1c, crate: \"t shared\" }", &["`1c` is not a simple name", "`t shared` is not a valid crate name"]),
    ] {
        let bad = service(line);
        let err = sdkgen::Config::new("spec").generate_from_texts(&[("service.yaml", &bad), ("a.yaml", area), ("errors.yaml", catalog)]).unwrap_err();
        assert_mentions(case, &err.to_string(), expected);
    }
}
