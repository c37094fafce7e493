//! The diagnostics corpus (`tests/diagnostics/`): every bad spec gets specific errors and never a
//! panic; valid specs with oddities generate, with their warnings.
//!
//! A case is a YAML file of `cases/` (generated together with the valid `base/` spec) or a folder
//! of `cases/` (a whole spec on its own). The rendered diagnostics of each case are an insta
//! snapshot in `tests/diagnostics/snapshots/`; accept changes with
//! `INSTA_UPDATE=always cargo test -p sdk-tests --test diagnostics_corpus` and review the diff.

use sdk_tests::workspace_root;
use sdkgen::diag::Severity;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

fn corpus() -> PathBuf {
    workspace_root().join("tests/diagnostics")
}

/// The cases of a corpus folder, sorted: `(name, path)`.
fn cases(folder: &str) -> Vec<(String, PathBuf)> {
    let mut out: Vec<(String, PathBuf)> = std::fs::read_dir(corpus().join(folder))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir() || p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| (p.file_stem().unwrap().to_string_lossy().into_owned(), p))
        .collect();
    out.sort();
    out
}

/// Copies a case into a fresh folder (with the base spec for a single file), byte for byte.
fn stage(name: &str, case: &Path) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sdkgen-corpus-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let copy_yaml_files = |from: &Path| {
        for entry in std::fs::read_dir(from).unwrap() {
            let p = entry.unwrap().path();
            if p.extension().is_some_and(|e| e == "yaml") {
                std::fs::copy(&p, dir.join(p.file_name().unwrap())).unwrap();
            }
        }
    };
    if case.is_dir() {
        copy_yaml_files(case);
    } else {
        copy_yaml_files(&corpus().join("base"));
        std::fs::copy(case, dir.join(case.file_name().unwrap())).unwrap();
    }
    dir
}

/// Generates a staged case, catching panics: `Err(panic message)` if the generator panicked.
fn generate(dir: &Path) -> Result<Result<sdkgen::Generation, sdkgen::Error>, String> {
    catch_unwind(AssertUnwindSafe(|| sdkgen::Config::new(dir).generate())).map_err(|p| {
        p.downcast_ref::<String>().cloned().or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string())).unwrap_or_default()
    })
}

fn normalise(text: &str, dir: &Path) -> String {
    text.replace(&format!("{}{}", dir.display(), std::path::MAIN_SEPARATOR), "").replace(&dir.display().to_string(), "<spec>")
}

fn snapshot(name: &str, text: &str) {
    insta::with_settings!({
        snapshot_path => corpus().join("snapshots"),
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!(name, text);
    });
}

#[test]
fn every_bad_spec_is_reported_precisely_and_never_panics() {
    let cases = cases("cases");
    assert!(cases.len() >= 40, "the corpus should hold at least 40 bad specs, found {}", cases.len());
    let mut failures = Vec::new();
    let mut rendered = Vec::new();
    for (name, path) in &cases {
        let dir = stage(name, path);
        let outcome = generate(&dir);
        let _ = std::fs::remove_dir_all(&dir);
        match outcome {
            Err(panic) => failures.push(format!("{name}: the generator panicked: {panic}")),
            Ok(Ok(_)) => failures.push(format!("{name}: a bad spec generated without errors")),
            Ok(Err(sdkgen::Error::Spec(diags))) => {
                if !diags.iter().any(|d| d.severity == Severity::Error) {
                    failures.push(format!("{name}: only warnings"));
                }
                for d in &diags {
                    if d.message.trim().is_empty() || d.file.as_os_str().is_empty() {
                        failures.push(format!("{name}: a diagnostic without message or file: {d:?}"));
                    }
                }
                rendered.push((name.clone(), normalise(&sdkgen::diag::render(&diags, false), &dir)));
            }
            Ok(Err(other)) => failures.push(format!("{name}: not a spec error: {other}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    for (name, text) in rendered {
        snapshot(&name, &text);
    }
}

#[test]
fn valid_specs_with_oddities_generate_with_their_warnings() {
    let cases = cases("valid");
    assert!(!cases.is_empty());
    for (name, path) in &cases {
        let dir = stage(name, path);
        let outcome = generate(&dir);
        let _ = std::fs::remove_dir_all(&dir);
        let generation = match outcome {
            Err(panic) => panic!("{name}: the generator panicked: {panic}"),
            Ok(Err(e)) => panic!("{name}: a valid spec failed:\n{e}"),
            Ok(Ok(g)) => g,
        };
        for (file, text) in &generation.files {
            if file.extension().is_some_and(|e| e == "rs") {
                syn::parse_file(text).unwrap_or_else(|e| panic!("{name}: {} does not parse: {e}", file.display()));
            }
        }
        snapshot(&format!("valid_{name}"), &normalise(&sdkgen::diag::render(&generation.warnings, false), &dir));
    }
}

#[test]
fn rendering_is_plain_unless_colour_is_asked_for() {
    let dir = stage("colour", &corpus().join("cases/unknown_type_suggestion.yaml"));
    let outcome = generate(&dir);
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
    let base = std::fs::read_to_string(corpus().join("base/service.yaml")).unwrap();
    let case = std::fs::read_to_string(corpus().join("cases/unknown_type_suggestion.yaml")).unwrap();
    let err = sdkgen::Config::new("unused")
        .generate_from_texts(&[("service.yaml", &base), ("unknown_type_suggestion.yaml", &case)])
        .unwrap_err();
    let text = err.to_string();
    assert!(text.contains("unknown_type_suggestion.yaml:9:") && text.contains("did you mean `OrderInfo`?"), "{text}");
}
