//! Goldens: generating from the committed specs gives exactly the committed crates, every time.
//!
//! `UPDATE_GOLDENS=1 cargo test -p sdk-tests --test golden` rewrites them; CI only compares.

use sdk_tests::{golden_runtime_dependency, update_goldens, workspace_root};
use std::path::{Path, PathBuf};

fn main_config() -> sdkgen::Config {
    sdkgen::Config::new(workspace_root().join("spec")).runtime_dependency(golden_runtime_dependency(2))
}

fn fixture_config() -> sdkgen::Config {
    let fixtures = workspace_root().join("tests/fixtures");
    sdkgen::Config::new(fixtures.join("common"))
        .input(fixtures.join("constructs"))
        .runtime_dependency(golden_runtime_dependency(3))
}

fn assert_golden(config: sdkgen::Config, out: &Path) {
    let generation = config.generate().unwrap_or_else(|e| panic!("generation failed:\n{e}"));
    if update_goldens() {
        generation.write_to(out).expect("write goldens");
        return;
    }
    let report = generation.check(out).expect("compare goldens");
    let stale: Vec<PathBuf> = report.stale();
    assert!(
        stale.is_empty(),
        "{} differs from a fresh generation in {} file(s): {stale:?}\nrun `cargo run` (or UPDATE_GOLDENS=1 for fixtures) and commit",
        out.display(),
        stale.len()
    );
    assert!(report.unchanged > 0, "the golden comparison compared nothing");
}

#[test]
fn generated_matches_spec() {
    assert_golden(main_config(), &workspace_root().join("generated"));
}

#[test]
fn fixture_goldens_match() {
    assert_golden(fixture_config(), &workspace_root().join("tests/golden"));
}

#[test]
fn generation_is_deterministic() {
    let first = main_config().generate().expect("first generation");
    let second = main_config().generate().expect("second generation");
    assert_eq!(first.files.len(), second.files.len());
    for (path, text) in &first.files {
        assert!(second.files.get(path) == Some(text), "{} differs between two generations", path.display());
    }
}

#[test]
fn the_spec_has_both_variants_and_the_whole_api() {
    let generation = main_config().generate().expect("generation");
    let api = &generation.api;
    let ids: Vec<&str> = api.service.variants.iter().map(|v| v.id.as_str()).collect();
    assert_eq!(ids, ["bss", "bssintl"]);
    let bss = api.for_variant(&api.service.variants[0]);
    let intl = api.for_variant(&api.service.variants[1]);
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
    let api = main_config().generate().expect("generation").api;
    assert!(api.operations.iter().any(|o| o.path == "/v2/orders/suscriptions/resources/query"));
    let has_wire = |name: &str| {
        api.models.values().any(|m| matches!(&m.kind, sdkgen::ir::ModelKind::Object(f) if f.iter().any(|f| f.wire_name == name)))
    };
    assert!(has_wire("resource_Type_code"));
    let invoices = api.operations.iter().find(|o| o.name == "ListInvoices").expect("ListInvoices");
    assert_eq!(invoices.path, "/v1.0/{domain_id}/payments/intl-invoices");
    assert_eq!(invoices.path_params[0].from_credentials.as_deref(), Some("domain_id"));
}

/// Every field and parameter of the real SDK has a description of its own: a doc that only
/// names the wire key ("JSON field `x`.", "Query parameter `x`.") is a gap in the spec.
#[test]
fn generated_crates_have_no_fallback_docs() {
    let fallbacks = ["/// JSON field `", "/// Query parameter `", "/// Path parameter `", "/// Header `", "/// Header parameter `"];
    let mut found = Vec::new();
    let mut files = 0;
    let mut stack = vec![workspace_root().join("generated")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("generated/ is readable") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files += 1;
                let text = std::fs::read_to_string(&path).expect("a generated file");
                for (n, line) in text.lines().enumerate() {
                    let line = line.trim_start();
                    if fallbacks.iter().any(|f| line.starts_with(f)) && line.ends_with("`.") {
                        found.push(format!("{}:{}: {line}", path.display(), n + 1));
                    }
                }
            }
        }
    }
    assert!(files > 20, "only {files} generated files were read");
    assert!(found.is_empty(), "{} fallback docs; give these a `description:` in spec/:\n{}", found.len(), found.join("\n"));
}
