//! The workspace's integration tests, one binary: `cargo test -p sdk-tests --test it` (a module
//! alone: `… --test it golden::`). The end-to-end suite against a local BSS server is the other
//! binary, `e2e`.
//!
//! | module | what |
//! |---|---|
//! | `golden` | `generated/` and `tests/golden/` are what the generator makes of `spec/` and `tests/fixtures/`; determinism; each construct alone generates what it does among the others |
//! | `diagnostics`, `diagnostics_trust`, `diagnostics_corpus` | bad specs: precise errors, never a panic; the corpus's expected diagnostics |
//! | `proptest_specs` | random valid specs generate code that parses |
//! | `conformance` | the spec says what Huawei's official SDK packages say |
//! | `required_inputs` | every client method takes exactly its operation's required inputs |
//! | `build_rs` | the build-script API |
//! | `client`, `generated_api` | the generated crates against in-memory transports |
//!
//! Expected files (goldens, corpus diagnostics) are compared; `UPDATE_GOLDENS=1` rewrites them,
//! as does `cargo run -p sdk-tests --bin accept` without building this binary (`sdk_tests::expect`).

mod build_rs;
mod client;
mod conformance;
mod diagnostics;
mod diagnostics_corpus;
mod diagnostics_trust;
mod generated_api;
mod golden;
mod proptest_specs;
mod required_inputs;
mod stubs;

use std::sync::OnceLock;

/// `spec/` generated once for every test of the binary (in a debug build a generation takes
/// seconds).
pub fn main_generation() -> &'static sdkgen::Generation {
    static GENERATION: OnceLock<sdkgen::Generation> = OnceLock::new();
    GENERATION.get_or_init(|| sdk_tests::expect::main_config().generate().unwrap_or_else(|e| panic!("spec/ does not generate:\n{e}")))
}

/// `tests/fixtures/` generated once.
pub fn fixture_generation() -> &'static sdkgen::Generation {
    static GENERATION: OnceLock<sdkgen::Generation> = OnceLock::new();
    GENERATION.get_or_init(|| {
        sdk_tests::expect::fixture_config().generate().unwrap_or_else(|e| panic!("tests/fixtures/ does not generate:\n{e}"))
    })
}
