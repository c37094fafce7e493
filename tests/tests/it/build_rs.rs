//! The build-script API: output into a folder as one includable file, the exact set of watched
//! files, readable errors, and area selection.

use sdk_tests::workspace_root;
use sdkgen::build::Builder;
use std::path::PathBuf;

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sdkgen-buildrs-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn consumer_spec() -> PathBuf {
    workspace_root().join("examples/consumer/spec")
}

#[test]
fn writes_one_includable_file_and_watches_exactly_the_spec_files() {
    let out = scratch("basic");
    let output = Builder::new().spec(consumer_spec()).out_dir(&out).without_cargo_directives().try_generate().expect("generates");
    assert_eq!(output.files, vec![out.join("bss.rs")]);
    let mut expected: Vec<PathBuf> =
        ["errors.yaml", "orders.yaml", "service.yaml"].iter().map(|f| consumer_spec().join(f)).collect();
    expected.push(consumer_spec());
    expected.sort();
    assert_eq!(output.watched, expected, "watch each spec file and the folder, nothing else");

    let text = std::fs::read_to_string(out.join("bss.rs")).unwrap();
    let file = syn::parse_file(&text).expect("the output parses");
    assert!(file.attrs.iter().all(|a| matches!(a.style, syn::AttrStyle::Outer)), "no inner attributes: include! would reject them");
    // The module may live anywhere in a consumer crate: no path may assume it is the crate root.
    assert!(!text.contains("crate::"), "generated code must use relative paths");
    assert!(!text.contains("\nmod client;"), "modules must be inline, not files");
    std::fs::remove_dir_all(&out).unwrap();
}

#[test]
fn areas_and_variants_select_what_is_generated() {
    let out = scratch("areas");
    Builder::new()
        .spec(workspace_root().join("spec"))
        .crate_id("bssintl")
        .area("invoices")
        .out_dir(&out)
        .without_cargo_directives()
        .try_generate()
        .expect("generates");
    let text = std::fs::read_to_string(out.join("bssintl.rs")).unwrap();
    assert!(text.contains("pub fn list_invoices("));
    assert!(!text.contains("pub fn list_customer_orders("), "other areas are left out");
    assert!(!out.join("bss.rs").exists(), "other variants are left out");

    let err = Builder::new().spec(workspace_root().join("spec")).area("nope").out_dir(&out).without_cargo_directives().try_generate().unwrap_err();
    assert!(err.to_string().contains("unknown area `nope`"), "{err}");
    std::fs::remove_dir_all(&out).unwrap();
}

#[test]
fn a_broken_spec_gives_file_path_and_line_not_a_panic() {
    let spec = scratch("broken-spec");
    for f in ["service.yaml", "errors.yaml"] {
        std::fs::copy(consumer_spec().join(f), spec.join(f)).unwrap();
    }
    let orders = std::fs::read_to_string(consumer_spec().join("orders.yaml")).unwrap();
    std::fs::write(spec.join("orders.yaml"), orders.replace("type: int64, minimum: 1", "type: int64, minmum: 1")).unwrap();
    let out = scratch("broken-out");
    let err = Builder::new().spec(&spec).out_dir(&out).without_cargo_directives().try_generate().unwrap_err();
    let text = err.to_string();
    assert!(text.contains("orders.yaml:") && text.contains("unknown field `minmum`"), "{text}");
    assert!(text.contains("operations.ListCustomerOrders.query.limit"), "{text}");
    assert!(!out.join("bss.rs").exists(), "nothing is written for a broken spec");
    std::fs::remove_dir_all(&spec).unwrap();
    std::fs::remove_dir_all(&out).unwrap();
}

#[test]
fn no_spec_or_out_dir_is_a_clear_configuration_error() {
    let err = Builder::new().without_cargo_directives().try_generate().unwrap_err();
    assert!(err.to_string().contains("no spec given"), "{err}");
}
