//! The READMEs show the user's unit test exactly as it runs in CI (`user_unit_test.rs`).

#[test]
fn both_readmes_show_the_user_unit_test_as_it_runs() {
    let root = sdk_tests::workspace_root();
    let test = std::fs::read_to_string(root.join("tests/tests/user_unit_test.rs")).unwrap();
    assert!(test.contains("Stubs::new()") && test.contains("#[tokio::test]"), "the user test is not a stubs test");
    let block = format!("```rust,ignore\n{test}```\n");
    for readme in ["README.md", "runtime/README.md"] {
        let text = std::fs::read_to_string(root.join(readme)).unwrap();
        assert!(text.contains(&block), "{readme} does not show tests/tests/user_unit_test.rs as it is");
    }
}
