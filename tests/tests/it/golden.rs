//! Goldens: generating from the committed specs gives exactly the committed crates, every time.
//!
//! `generated/` (from `spec/`) and `tests/golden/` (from `tests/fixtures/`) are expected files
//! (`sdk_tests::expect`): compared here; `cargo run -p sdk-tests --bin accept` or
//! `UPDATE_GOLDENS=1` rewrites them. CI has no separate `cargo run -- --check`: this test is it.

use crate::{fixture_generation, main_generation};
use sdk_tests::expect::{self, Set};
use sdk_tests::workspace_root;
use std::path::Path;

#[test]
fn generated_matches_spec() {
    let set = Set::Generated;
    expect::assert_up_to_date(set, expect::sync_generation(main_generation(), &set.dir(), expect::update_requested()));
}

#[test]
fn fixture_goldens_match() {
    let set = Set::FixtureGoldens;
    expect::assert_up_to_date(set, expect::sync_generation(fixture_generation(), &set.dir(), expect::update_requested()));
}

/// The area modules one construct file generates on its own (with the common fixture service):
/// `(path, text)` of every `<variant>/src/**/<area>.rs`.
fn generate_construct(file: &Path) -> Vec<(String, String)> {
    let fixtures = workspace_root().join("tests/fixtures");
    let generation = sdkgen::Config::new(fixtures.join("common"))
        .input(file)
        .generate()
        .unwrap_or_else(|e| panic!("{} does not generate:\n{e}", file.display()));
    let area = file.file_stem().unwrap().to_string_lossy().into_owned();
    let out: Vec<(String, String)> = generation
        .files
        .iter()
        .map(|(path, text)| (path.to_string_lossy().replace('\\', "/"), text.clone()))
        .filter(|(p, _)| p.ends_with(&format!("/{area}.rs")))
        .collect();
    assert!(!out.is_empty(), "fixture {area} produced no module named after its area");
    out
}

/// Each construct's modules are the same alone as among all the others, so the fixture goldens
/// (`tests/golden/<variant>/src/{models,operations}/<construct>.rs`) show what each construct
/// turns into.
#[test]
fn each_construct_generates_alone_what_it_does_among_the_others() {
    let dir = workspace_root().join("tests/fixtures/constructs");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    assert!(files.len() >= 8, "expected one fixture per construct, found {}", files.len());
    let together = &fixture_generation().files;
    for file in files {
        for (path, text) in generate_construct(&file) {
            let among_others = together.get(Path::new(&path)).unwrap_or_else(|| panic!("{path} is not in the fixture goldens"));
            assert!(
                *among_others == text,
                "{path} differs alone and among the other constructs: {}",
                expect::first_difference(among_others, &text)
            );
        }
    }
}

#[test]
fn naming_fixture_escapes_keywords_and_digits() {
    let out: String = generate_construct(&workspace_root().join("tests/fixtures/constructs/naming.yaml"))
        .into_iter()
        .map(|(path, text)| format!("===== {path}\n{text}\n"))
        .collect();
    for expected in ["pub r#type:", "pub r#ref:", "pub r#match:", "pub self_:", "pub crate_:", "pub _95th_percentile:", "pub struct Type", "pub r#async:", "name_zh: Opt \"名称\""] {
        assert!(out.contains(expected), "naming output lacks `{expected}`");
    }
}

#[test]
fn generation_is_deterministic() {
    let first = main_generation();
    let second = expect::main_config().generate().expect("second generation");
    assert_eq!(first.files.len(), second.files.len());
    for (path, text) in &first.files {
        assert!(second.files.get(path) == Some(text), "{} differs between two generations", path.display());
    }
}

#[test]
fn the_spec_has_both_variants_and_the_whole_api() {
    let generation = main_generation();
    let api = &generation.api;
    let ids: Vec<&str> = api.service.crates.iter().map(|v| v.id.as_str()).collect();
    assert_eq!(ids, ["bss", "bssintl"]);
    let bss = api.for_crate(&api.service.crates[0]);
    let intl = api.for_crate(&api.service.crates[1]);
    // Counts of the official SDK packages (huaweicloudsdkbss / huaweicloudsdkbssintl 3.1.219),
    // plus the old (v1.0) operations the official SDK lacks, all deprecated.
    let current = |ops: &[sdkgen::ir::Operation]| ops.iter().filter(|o| o.deprecated.is_none()).count();
    let legacy = |ops: &[sdkgen::ir::Operation]| ops.iter().filter(|o| o.deprecated.is_some() && o.path.starts_with("/v1.0/")).count();
    assert_eq!((current(&bss.operations), legacy(&bss.operations), bss.operations.len()), (92, 10, 102));
    assert_eq!((current(&intl.operations), legacy(&intl.operations), intl.operations.len()), (55, 7, 62));
    for op in ["ListCustomerOrdersV1", "ShowCustomerOrderDetailsV1", "ShowRealnameAuthenticationReviewResultV1", "ListPayPerUseCustomerResourcesV1"] {
        assert!(bss.operations.iter().any(|o| o.name == op && o.deprecated.is_some()), "legacy {op} missing from bss");
    }
    for op in ["ListFreeResourceUsages", "ListCustomerOrders", "ListPartnerCouponsRecord", "ShowRealnameAuthenticationReviewResult", "ShowCustomerMonthlySum", "ListCustomerselfResourceRecordDetails"] {
        assert!(bss.operations.iter().any(|o| o.name == op), "{op} missing from bss");
    }
    assert!(generation.warnings.is_empty(), "the committed spec has warnings: {:?}", generation.warnings);
    assert!(api.errors.iter().any(|e| e.code == "CBC.0250" && e.status == Some(429) && e.retryable));
}

#[test]
fn documented_oddities_are_kept() {
    let api = &main_generation().api;
    assert!(api.operations.iter().any(|o| o.path == "/v2/orders/suscriptions/resources/query"));
    let has_wire = |name: &str| {
        api.models.values().any(|m| matches!(&m.kind, sdkgen::ir::ModelKind::Object(f) if f.iter().any(|f| f.wire_name == name)))
    };
    assert!(has_wire("resource_Type_code"));
    let invoices = api.operations.iter().find(|o| o.name == "ListInvoices").expect("ListInvoices");
    assert_eq!(invoices.path, "/v1.0/{domain_id}/payments/intl-invoices");
    assert_eq!(invoices.params[0].from_credentials.as_deref(), Some("domain_id"));
}

/// Every field and parameter of the real SDK has a description of its own: a doc that only
/// names the wire key ("JSON field `x`.", "Query parameter `x`.") is a gap in the spec. Read from
/// the generation, which `generated_matches_spec` holds equal to `generated/`.
#[test]
fn generated_crates_have_no_fallback_docs() {
    let fallbacks = ["/// JSON field `", "/// Query parameter `", "/// Path parameter `", "/// Header `", "/// Header parameter `"];
    let mut found = Vec::new();
    let mut files = 0;
    for (path, text) in &main_generation().files {
        if path.extension().is_some_and(|e| e == "rs") {
            files += 1;
            for (n, line) in text.lines().enumerate() {
                let line = line.trim_start();
                if fallbacks.iter().any(|f| line.starts_with(f)) && line.ends_with("`.") {
                    found.push(format!("generated/{}:{}: {line}", path.display(), n + 1));
                }
            }
        }
    }
    assert!(files > 20, "only {files} generated files were read");
    assert!(found.is_empty(), "{} fallback docs; give these a `description:` in spec/:\n{}", found.len(), found.join("\n"));
}

/// `Validate` is implemented by the models requests send that have something to check, and by
/// no model that is only received: the client checks what it sends, never what it gets.
#[test]
fn only_models_that_requests_send_implement_validate() {
    let generation = crate::main_generation();
    for krate in &generation.api.service.crates {
        let api = generation.api.for_crate(krate);
        let sent = sdkgen::ir::reachable_from(&api.models, api.operations.iter(), false);
        // The crate's own models and those it re-exports from the shared crate.
        let mut dirs = vec![std::path::Path::new(&krate.id).join("src/models")];
        dirs.extend(generation.api.service.shared_crate.iter().map(|s| std::path::Path::new(&s.id).join("src/models")));
        let mut validated = std::collections::BTreeSet::new();
        for (path, text) in generation.files.iter().filter(|(p, _)| dirs.iter().any(|d| p.parent() == Some(d.as_path()))) {
            let file = syn::parse_file(text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            for item in file.items {
                let syn::Item::Impl(imp) = item else { continue };
                let Some((_, trait_path, _)) = &imp.trait_ else { continue };
                if trait_path.segments.last().is_some_and(|s| s.ident == "Validate") {
                    let syn::Type::Path(ty) = &*imp.self_ty else { panic!("{}: Validate for an odd type", path.display()) };
                    validated.insert(ty.path.segments.last().expect("a name").ident.to_string());
                }
            }
        }
        let received_only: Vec<_> = validated.iter().filter(|name| !sent.contains(*name)).collect();
        assert!(received_only.is_empty(), "{}: models only received implement Validate: {received_only:?}", krate.id);
        // Not vacuous: request bodies with constraints are validated.
        let expected: Vec<_> = api.models.iter().filter(|(_, m)| m.validated).map(|(n, _)| n.clone()).collect();
        assert!(expected.len() > 20, "{}: only {} validated models", krate.id, expected.len());
        for name in expected {
            assert!(validated.contains(&name), "{}: {name} is marked validated but implements no Validate", krate.id);
        }
    }
}
