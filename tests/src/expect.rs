//! Expected files: one mechanism for every file a test compares output with.
//!
//! A test computes what a committed file should hold and compares; with `UPDATE_GOLDENS=1` it
//! writes the file instead (the idea of rust-analyzer's `ensure_file_contents`). The accept
//! command, `cargo run -p sdk-tests --bin accept`, rewrites every set at once and builds only the
//! generator and this library, so it works even when a generator change breaks the code it
//! generates (the test binaries depend on the fixture crates and would not build).
//!
//! The sets ([`Set`]):
//! - `generated/`: the SDK crates from `spec/` (what `cargo run` writes);
//! - `tests/golden/`: the fixture crates from `tests/fixtures/` (one construct per file; they must
//!   compile, and the sample calls of the end-to-end suite run against them);
//! - `tests/diagnostics/expected/`: the rendered diagnostics of every case of the corpus
//!   ([`crate::corpus`]).
//!
//! Review what an accept changed with `git diff` before committing.

use crate::{golden_runtime_dependency, workspace_root};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The environment variable that makes tests write expected files instead of comparing.
pub const UPDATE_VAR: &str = "UPDATE_GOLDENS";

/// The command that rewrites every expected file.
pub const ACCEPT: &str = "cargo run -p sdk-tests --bin accept";

/// True when tests should write expected files instead of comparing (`UPDATE_GOLDENS=1`).
pub fn update_requested() -> bool {
    std::env::var(UPDATE_VAR).is_ok_and(|v| v == "1")
}

/// A set of expected files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Set {
    /// `generated/`, from `spec/`.
    Generated,
    /// `tests/golden/`, from `tests/fixtures/`.
    FixtureGoldens,
    /// `tests/diagnostics/expected/`, from the corpus cases.
    Diagnostics,
}

impl Set {
    /// Every set, in the order the accept command writes them.
    pub const ALL: [Set; 3] = [Set::Generated, Set::FixtureGoldens, Set::Diagnostics];

    /// The set's folder, relative to the workspace root.
    pub fn name(self) -> &'static str {
        match self {
            Set::Generated => "generated/",
            Set::FixtureGoldens => "tests/golden/",
            Set::Diagnostics => "tests/diagnostics/expected/",
        }
    }

    /// The folder the set's files live in.
    pub fn dir(self) -> PathBuf {
        let root = workspace_root();
        match self {
            Set::Generated => root.join("generated"),
            Set::FixtureGoldens => root.join("tests/golden"),
            Set::Diagnostics => crate::corpus::expected_dir(),
        }
    }
}

/// The generator configuration of `generated/`: the whole spec, the runtime by relative path.
pub fn main_config() -> sdkgen::Config {
    sdkgen::Config::new(workspace_root().join("spec")).runtime_dependency(golden_runtime_dependency(2))
}

/// The generator configuration of `tests/golden/`: the common fixture service plus every
/// construct file.
pub fn fixture_config() -> sdkgen::Config {
    let fixtures = workspace_root().join("tests/fixtures");
    sdkgen::Config::new(fixtures.join("common")).input(fixtures.join("constructs")).runtime_dependency(golden_runtime_dependency(3))
}

/// What comparing (or writing) one set found.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Files that differ from the expectation, are missing, or should not exist (paths relative
    /// to the set's folder). When writing, these are the files that were rewritten or removed.
    pub stale: Vec<PathBuf>,
    /// For each stale file that exists on both sides, where it first differs.
    pub details: Vec<String>,
    /// Files that already matched.
    pub unchanged: usize,
}

/// Compares a generation with the folder it belongs in, or writes it there when `write`.
pub fn sync_generation(generation: &sdkgen::Generation, dir: &Path, write: bool) -> Result<Outcome, String> {
    let report = if write { generation.write_to(dir) } else { generation.check(dir) }.map_err(|e| e.to_string())?;
    Ok(Outcome { stale: report.stale(), details: Vec::new(), unchanged: report.unchanged })
}

/// Compares named texts with the `<name>.txt` files of `dir`, a folder that holds nothing else;
/// with `write`, writes the texts that differ and removes the files of no name.
pub fn sync_texts(dir: &Path, texts: &BTreeMap<String, String>, write: bool) -> Result<Outcome, String> {
    let io = |path: &Path, e: std::io::Error| format!("{}: {e}", path.display());
    let mut outcome = Outcome::default();
    let mut wanted = BTreeMap::new();
    for (name, text) in texts {
        wanted.insert(PathBuf::from(format!("{name}.txt")), format!("{}\n", text.trim_end_matches('\n')));
    }
    if write {
        std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    }
    for (rel, text) in &wanted {
        let path = dir.join(rel);
        match std::fs::read_to_string(&path) {
            Ok(existing) if existing == *text => outcome.unchanged += 1,
            Ok(existing) => {
                outcome.details.push(format!("{}: {}", rel.display(), first_difference(&existing, text)));
                outcome.stale.push(rel.clone());
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => outcome.stale.push(rel.clone()),
            Err(e) => return Err(io(&path, e)),
        }
        if write && outcome.stale.last() == Some(rel) {
            std::fs::write(&path, text).map_err(|e| io(&path, e))?;
        }
    }
    if dir.is_dir() {
        for entry in std::fs::read_dir(dir).map_err(|e| io(dir, e))? {
            let path = entry.map_err(|e| io(dir, e))?.path();
            let rel = PathBuf::from(path.file_name().expect("a file name"));
            if !wanted.contains_key(&rel) {
                outcome.stale.push(rel);
                if write {
                    std::fs::remove_file(&path).map_err(|e| io(&path, e))?;
                }
            }
        }
    }
    outcome.stale.sort();
    Ok(outcome)
}

/// The first line where `committed` and `now` differ, both shown.
pub fn first_difference(committed: &str, now: &str) -> String {
    let (old, new): (Vec<&str>, Vec<&str>) = (committed.lines().collect(), now.lines().collect());
    for i in 0..old.len().max(new.len()) {
        if old.get(i) != new.get(i) {
            let show = |l: Option<&&str>| l.map_or_else(|| "(end of file)".to_string(), |l| format!("{l:?}"));
            return format!("line {}: committed {}, now {}", i + 1, show(old.get(i)), show(new.get(i)));
        }
    }
    "line ends differ".to_string()
}

/// For tests: compares (or, with `UPDATE_GOLDENS=1`, writes) and panics if anything differed
/// while comparing, naming the files and the accept command.
#[track_caller]
pub fn assert_up_to_date(set: Set, outcome: Result<Outcome, String>) {
    let outcome = outcome.unwrap_or_else(|e| panic!("{}: {e}", set.name()));
    if update_requested() {
        return;
    }
    assert!(
        outcome.stale.is_empty(),
        "{} differs from what the tests expect in {} file(s): {:?}\n{}run `{ACCEPT}` (or `{UPDATE_VAR}=1 cargo test -p sdk-tests`), review `git diff` and commit",
        set.name(),
        outcome.stale.len(),
        outcome.stale,
        outcome.details.iter().map(|d| format!("{d}\n")).collect::<String>(),
    );
    assert!(outcome.unchanged > 0, "the comparison of {} compared nothing", set.name());
}
