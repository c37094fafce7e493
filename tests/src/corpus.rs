//! The diagnostics corpus (`tests/diagnostics/`): bad specs that must give specific errors and
//! never a panic, and valid specs with oddities that must generate with their warnings.
//!
//! A case is a YAML file of `cases/` or `valid/` (generated together with the valid `base/` spec)
//! or a folder there (a whole spec on its own). What the generator says about each case, rendered
//! as a terminal shows it without colour, is an expected file `expected/<case>.txt`
//! (`expected/valid_<case>.txt` for the valid ones), kept by [`crate::expect`].

use sdkgen::diag::Severity;
use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

/// `tests/diagnostics/`.
pub fn dir() -> PathBuf {
    crate::workspace_root().join("tests/diagnostics")
}

/// `tests/diagnostics/expected/`: one text file per case.
pub fn expected_dir() -> PathBuf {
    dir().join("expected")
}

/// The two kinds of cases, by folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `cases/`: bad specs.
    Bad,
    /// `valid/`: valid specs with oddities.
    Valid,
}

impl Kind {
    fn folder(self) -> &'static str {
        match self {
            Kind::Bad => "cases",
            Kind::Valid => "valid",
        }
    }
}

/// The cases of one kind, sorted: `(name, path)`.
pub fn cases(kind: Kind) -> Vec<(String, PathBuf)> {
    let mut out: Vec<(String, PathBuf)> = std::fs::read_dir(dir().join(kind.folder()))
        .expect("the corpus folder is readable")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.is_dir() || p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| (p.file_stem().expect("a name").to_string_lossy().into_owned(), p))
        .collect();
    out.sort();
    out
}

/// Copies a case into a fresh temporary folder (with the base spec for a single file), byte for
/// byte. The caller removes it.
pub fn stage(tag: &str, case: &Path) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sdkgen-corpus-{}-{tag}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let copy_yaml_files = |from: &Path| {
        for entry in std::fs::read_dir(from).expect("a readable folder") {
            let p = entry.expect("an entry").path();
            if p.extension().is_some_and(|e| e == "yaml") {
                std::fs::copy(&p, dir.join(p.file_name().expect("a name"))).expect("copy a case file");
            }
        }
    };
    if case.is_dir() {
        copy_yaml_files(case);
    } else {
        copy_yaml_files(&self::dir().join("base"));
        std::fs::copy(case, dir.join(case.file_name().expect("a name"))).expect("copy the case");
    }
    dir
}

/// Generates a staged case, catching panics: `Err(panic message)` if the generator panicked.
pub fn generate(dir: &Path) -> Result<Result<sdkgen::Generation, sdkgen::Error>, String> {
    catch_unwind(AssertUnwindSafe(|| sdkgen::Config::new(dir).generate())).map_err(|p| {
        p.downcast_ref::<String>().cloned().or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string())).unwrap_or_default()
    })
}

/// Takes the temporary folder out of rendered diagnostics.
pub fn normalise(text: &str, dir: &Path) -> String {
    text.replace(&format!("{}{}", dir.display(), std::path::MAIN_SEPARATOR), "").replace(&dir.display().to_string(), "<spec>")
}

/// One case, generated.
pub struct Ran {
    /// The case's name (its file or folder name without extension).
    pub name: String,
    /// Bad or valid.
    pub kind: Kind,
    /// What the generator did: `Err(panic message)` if it panicked.
    pub outcome: Result<Result<sdkgen::Generation, sdkgen::Error>, String>,
    /// The rendered diagnostics (errors of a bad case, warnings of a valid one), temporary folder
    /// taken out; `None` when there is nothing to render (a panic, or the wrong outcome).
    pub rendered: Option<String>,
}

impl Ran {
    /// The name of the case's expected file, without `.txt`.
    pub fn expected_name(&self) -> String {
        match self.kind {
            Kind::Bad => self.name.clone(),
            Kind::Valid => format!("valid_{}", self.name),
        }
    }

    /// What is wrong with the outcome, if anything: a panic; a bad case that generated, gave only
    /// warnings, a diagnostic without message or file, or an error that is not about the spec; a
    /// valid case that failed.
    pub fn problems(&self) -> Vec<String> {
        let name = &self.name;
        let mut out = Vec::new();
        match (self.kind, &self.outcome) {
            (_, Err(panic)) => out.push(format!("{name}: the generator panicked: {panic}")),
            (Kind::Bad, Ok(Ok(_))) => out.push(format!("{name}: a bad spec generated without errors")),
            (Kind::Bad, Ok(Err(sdkgen::Error::Spec(diags)))) => {
                if !diags.iter().any(|d| d.severity == Severity::Error) {
                    out.push(format!("{name}: only warnings"));
                }
                for d in diags {
                    if d.message.trim().is_empty() || d.file.as_os_str().is_empty() {
                        out.push(format!("{name}: a diagnostic without message or file: {d:?}"));
                    }
                }
            }
            (Kind::Bad, Ok(Err(other))) => out.push(format!("{name}: not a spec error: {other}")),
            (Kind::Valid, Ok(Err(e))) => out.push(format!("{name}: a valid spec failed:\n{e}")),
            (Kind::Valid, Ok(Ok(_))) => {}
        }
        out
    }
}

/// Generates every case of one kind (each in a temporary folder of its own, removed afterwards).
pub fn run(kind: Kind) -> Vec<Ran> {
    cases(kind)
        .into_iter()
        .map(|(name, path)| {
            let dir = stage(&format!("{}-{name}", kind.folder()), &path);
            let outcome = generate(&dir);
            let _ = std::fs::remove_dir_all(&dir);
            let rendered = match (kind, &outcome) {
                (Kind::Bad, Ok(Err(sdkgen::Error::Spec(diags)))) => Some(sdkgen::diag::render(diags, false)),
                (Kind::Valid, Ok(Ok(generation))) => Some(sdkgen::diag::render(&generation.warnings, false)),
                _ => None,
            }
            .map(|text| normalise(&text, &dir));
            Ran { name, kind, outcome, rendered }
        })
        .collect()
}

/// The expected texts of the cases that rendered something, by expected-file name.
pub fn expected_texts<'a>(ran: impl IntoIterator<Item = &'a Ran>) -> BTreeMap<String, String> {
    ran.into_iter().filter_map(|r| Some((r.expected_name(), r.rendered.clone()?))).collect()
}
