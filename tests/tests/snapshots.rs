//! Snapshots of the generator's output for one small fixture spec per construct (insta).

use sdk_tests::workspace_root;
use std::path::Path;

fn generate_fixture(file: &Path) -> String {
    let fixtures = workspace_root().join("tests/fixtures");
    let generation = sdkgen::Config::new(fixtures.join("common"))
        .input(file)
        .generate()
        .unwrap_or_else(|e| panic!("{} does not generate:\n{e}", file.display()));
    let area = file.file_stem().unwrap().to_string_lossy().into_owned();
    // The area's own modules, for each variant: what the construct turns into.
    let mut out = String::new();
    for (path, text) in &generation.files {
        let p = path.to_string_lossy().replace('\\', "/");
        if p.ends_with(&format!("/{area}.rs")) {
            out.push_str(&format!("===== {p}\n{text}\n"));
        }
    }
    assert!(!out.is_empty(), "fixture {area} produced no module named after its area");
    out
}

#[test]
fn construct_snapshots() {
    let dir = workspace_root().join("tests/fixtures/constructs");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    assert!(files.len() >= 8, "expected one fixture per construct, found {}", files.len());
    for file in files {
        let name = file.file_stem().unwrap().to_string_lossy().into_owned();
        insta::assert_snapshot!(name, generate_fixture(&file));
    }
}

#[test]
fn naming_fixture_escapes_keywords_and_digits() {
    let out = generate_fixture(&workspace_root().join("tests/fixtures/constructs/naming.yaml"));
    for expected in ["pub r#type:", "pub r#ref:", "pub r#match:", "pub self_:", "pub crate_:", "pub _95th_percentile:", "pub struct Type", "pub r#async:", "m.serialize_entry(\"名称\"", "\"名称\",\n"] {
        assert!(out.contains(expected), "naming output lacks `{expected}`");
    }
}
