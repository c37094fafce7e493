//! The diagnostics corpus (`tests/diagnostics/`): every bad spec gets specific errors and never a
//! panic; valid specs with oddities generate, with their warnings.
//!
//! A case is a YAML file of `cases/` (generated together with the valid `base/` spec) or a folder
//! of `cases/` (a whole spec on its own); `sdk_tests::corpus` runs them. The rendered diagnostics
//! of each case are an expected file in `tests/diagnostics/expected/`; accept changes with
//! `cargo run -p sdk-tests --bin accept` (or `UPDATE_GOLDENS=1`) and review the diff.

use sdk_tests::corpus::{self, Kind, Ran};
use sdk_tests::expect::{self, Set};
use std::sync::OnceLock;

/// The cases of one kind, generated once for the tests below.
fn ran(kind: Kind) -> &'static [Ran] {
    static BAD: OnceLock<Vec<Ran>> = OnceLock::new();
    static VALID: OnceLock<Vec<Ran>> = OnceLock::new();
    match kind {
        Kind::Bad => BAD.get_or_init(|| corpus::run(Kind::Bad)),
        Kind::Valid => VALID.get_or_init(|| corpus::run(Kind::Valid)),
    }
}

#[test]
fn every_bad_spec_is_reported_precisely_and_never_panics() {
    let cases = ran(Kind::Bad);
    assert!(cases.len() >= 40, "the corpus should hold at least 40 bad specs, found {}", cases.len());
    let failures: Vec<String> = cases.iter().flat_map(Ran::problems).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn valid_specs_with_oddities_generate_with_their_warnings() {
    let cases = ran(Kind::Valid);
    assert!(!cases.is_empty());
    for case in cases {
        let problems = case.problems();
        assert!(problems.is_empty(), "{}", problems.join("\n"));
        let Ok(Ok(generation)) = &case.outcome else { unreachable!("no problems means generated") };
        for (file, text) in &generation.files {
            if file.extension().is_some_and(|e| e == "rs") {
                syn::parse_file(text).unwrap_or_else(|e| panic!("{}: {} does not parse: {e}", case.name, file.display()));
            }
        }
    }
}

/// What each case renders is its expected file, and every expected file belongs to a case.
#[test]
fn diagnostics_are_the_expected_ones() {
    let all = ran(Kind::Bad).iter().chain(ran(Kind::Valid));
    let texts = corpus::expected_texts(all);
    assert_eq!(texts.len(), ran(Kind::Bad).len() + ran(Kind::Valid).len(), "a case rendered nothing (see the tests above)");
    let set = Set::Diagnostics;
    expect::assert_up_to_date(set, expect::sync_texts(&set.dir(), &texts, expect::update_requested()));
}

#[test]
fn rendering_is_plain_unless_colour_is_asked_for() {
    let dir = corpus::stage("colour", &corpus::dir().join("cases/unknown_type_suggestion.yaml"));
    let outcome = corpus::generate(&dir);
    let _ = std::fs::remove_dir_all(&dir);
    let Ok(Err(err)) = outcome else { panic!("expected spec errors") };
    let plain = err.render(false);
    let coloured = err.render(true);
    assert!(!plain.contains('\x1b') && !err.to_string().contains('\x1b'));
    assert!(coloured.contains("\x1b[1;31merror\x1b[0m") && coloured.contains("\x1b[0m"));
    // Stripping the escapes gives the plain text back.
    let mut stripped = String::new();
    let mut chars = coloured.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            for c in chars.by_ref() {
                if c == 'm' {
                    break;
                }
            }
        } else {
            stripped.push(c);
        }
    }
    assert_eq!(stripped, plain);
    assert!(!sdkgen::diag::color_for(false), "never colour when stderr is not a terminal");
}

#[test]
fn in_memory_texts_give_the_same_diagnostics() {
    let base = std::fs::read_to_string(corpus::dir().join("base/service.yaml")).unwrap();
    let case = std::fs::read_to_string(corpus::dir().join("cases/unknown_type_suggestion.yaml")).unwrap();
    let err = sdkgen::Config::new("unused")
        .generate_from_texts(&[("service.yaml", &base), ("unknown_type_suggestion.yaml", &case)])
        .unwrap_err();
    let text = err.to_string();
    assert!(text.contains("unknown_type_suggestion.yaml:9:") && text.contains("did you mean `OrderInfo`?"), "{text}");
}
