//! `sdkgen`: generates Rust SDK crates for Huawei Cloud BSS from a YAML spec.
//!
//! The pipeline, one module per stage:
//! [`load`] (YAML files → [`spec`] documents) → [`resolve`] (validation → [`ir::Api`]) →
//! [`emit`] (IR → token streams and text) → [`format`](mod@format) (prettyplease's layout: the common item shapes
//! laid out from their tokens, the rest checked with syn and printed by prettyplease) → [`write`](mod@write)
//! (only changed bytes hit the disk). [`naming`] owns every identifier conversion.
//!
//! ```no_run
//! let generation = sdkgen::Config::new("spec").generate()?;
//! for (path, contents) in &generation.files {
//!     println!("{} ({} bytes)", path.display(), contents.len());
//! }
//! # Ok::<(), sdkgen::Error>(())
//! ```

pub mod build;
pub mod diag;
pub mod emit;
pub mod format;
pub mod ir;
pub mod load;
pub mod manifest;
pub mod naming;
mod parallel;
pub mod resolve;
pub mod spec;
pub mod types;
pub mod write;

use diag::{Diagnostic, Diagnostics};
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// The runtime crate path generated code uses by default.
pub const DEFAULT_RUNTIME_PATH: &str = "::huaweicloud_sdk_runtime";

/// The `rust-version` of generated crates by default: the generator's own, which is the
/// workspace's (generated crates depend on the runtime of the same workspace, so they cannot
/// need less).
pub const DEFAULT_RUST_VERSION: &str = env!("CARGO_PKG_RUST_VERSION");

/// What to generate from which spec.
#[derive(Debug, Clone)]
pub struct Config {
    inputs: Vec<PathBuf>,
    crate_ids: Option<Vec<String>>,
    runtime_path: String,
    runtime_dependency: String,
    crate_version: Option<String>,
    rust_version: String,
    standalone_crates: bool,
    areas: Option<Vec<String>>,
    /// Pretty-print Rust output (with the `format` feature).
    pretty: bool,
}

/// The result of a generation: files relative to the output folder, and the warnings.
#[derive(Debug, Clone)]
pub struct Generation {
    /// Generated files, keyed by path relative to the output folder (`<crate id>/src/lib.rs`).
    pub files: BTreeMap<PathBuf, String>,
    /// The folder of each generated crate, relative to the output folder.
    pub crate_dirs: Vec<PathBuf>,
    /// Spec files that were read.
    pub inputs: Vec<PathBuf>,
    /// Problems that did not stop generation.
    pub warnings: Vec<Diagnostic>,
    /// The resolved API (all crates), for tools and tests.
    pub api: ir::Api,
}

/// What [`Config::generate_to`] did.
#[derive(Debug, Clone)]
pub struct Written {
    /// What changed in the output folder (or, when checking, would change).
    pub report: write::SyncReport,
    /// The generated files, relative to the output folder.
    pub files: Vec<PathBuf>,
    /// Problems that did not stop generation.
    pub warnings: Vec<Diagnostic>,
    /// True when the manifest showed the folder to be up to date and nothing was generated.
    pub up_to_date: bool,
}

/// Receives each finished file from a worker thread: its path, text and token hash, and whether
/// the text was taken from the output folder (so it is known to be there already).
type Sink<'a> = dyn Fn(PathBuf, Done, bool) -> Result<(), Error> + Sync + 'a;

/// What [`Config::generate_loaded`] returns besides the files it gave the sink.
struct Generated {
    crate_dirs: Vec<PathBuf>,
    warnings: Vec<Diagnostic>,
    api: Option<ir::Api>,
}

/// What streaming a generation into a folder did.
struct Streamed {
    report: write::SyncReport,
    entries: BTreeMap<PathBuf, manifest::Entry>,
    crate_dirs: Vec<PathBuf>,
    warnings: Vec<Diagnostic>,
}

/// Where formatted files may be taken from instead of formatted again.
struct Reuse<'a> {
    out_dir: &'a Path,
    /// The folder's manifest, when it was written by the same generator and formatting option.
    previous: Option<&'a manifest::Manifest>,
    /// The folder's manifest, whoever wrote it: what the last generation wrote and owned.
    written_last: Option<&'a manifest::Manifest>,
}

/// Why a generation failed.
#[derive(Debug)]
pub enum Error {
    /// The spec has errors; every one found is listed (warnings too).
    Spec(Vec<Diagnostic>),
    /// Reading inputs or writing outputs failed.
    Io {
        /// The path involved.
        path: PathBuf,
        /// The error.
        error: std::io::Error,
    },
    /// A configuration value is unusable.
    Config(String),
    /// The generator produced something invalid: a bug in the generator, not in the spec.
    Internal(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Spec(diags) => {
                let errors = diags.iter().filter(|d| d.severity == diag::Severity::Error).count();
                for d in diags {
                    writeln!(f, "{d}")?;
                }
                write!(f, "the spec has {errors} error(s)")
            }
            Error::Io { path, error } => write!(f, "{}: {error}", path.display()),
            Error::Config(m) => write!(f, "invalid configuration: {m}"),
            Error::Internal(m) => write!(f, "{m}"),
        }
    }
}

impl std::error::Error for Error {}

impl Error {
    /// The error for a reader: spec problems with their source lines and a summary (see
    /// [`diag::render`]), with ANSI colours when `color` is true; other errors as `Display`.
    pub fn render(&self, color: bool) -> String {
        match self {
            Error::Spec(diags) => diag::render(diags, color),
            other => {
                let (red, reset) = if color { ("\x1b[1;31m", "\x1b[0m") } else { ("", "") };
                format!("{red}error{reset}: {other}")
            }
        }
    }
}

impl Config {
    /// Generation from one spec folder or file, with every crate and default settings.
    pub fn new(spec: impl AsRef<Path>) -> Self {
        Config {
            inputs: vec![spec.as_ref().to_path_buf()],
            crate_ids: None,
            runtime_path: DEFAULT_RUNTIME_PATH.to_string(),
            runtime_dependency: r#"huaweicloud-sdk-runtime = { version = "0.1.0", default-features = false }"#.to_string(),
            crate_version: None,
            rust_version: DEFAULT_RUST_VERSION.to_string(),
            standalone_crates: true,
            areas: None,
            pretty: true,
        }
    }

    /// Adds another spec folder or file.
    pub fn input(mut self, spec: impl AsRef<Path>) -> Self {
        self.inputs.push(spec.as_ref().to_path_buf());
        self
    }

    /// Generates only these crates (by spec id under `service.crates`, e.g. `bss`).
    pub fn crates<I: IntoIterator<Item = S>, S: Into<String>>(mut self, ids: I) -> Self {
        self.crate_ids = Some(ids.into_iter().map(Into::into).collect());
        self
    }

    /// The former name of [`crates`](Self::crates).
    #[deprecated(note = "renamed to `crates`")]
    pub fn variants<I: IntoIterator<Item = S>, S: Into<String>>(self, ids: I) -> Self {
        self.crates(ids)
    }

    /// The path generated code uses to reach the runtime crate.
    pub fn runtime_path(mut self, path: impl Into<String>) -> Self {
        self.runtime_path = path.into();
        self
    }

    /// The dependency line for the runtime crate in generated Cargo.toml files.
    pub fn runtime_dependency(mut self, line: impl Into<String>) -> Self {
        self.runtime_dependency = line.into();
        self
    }

    /// The version written into generated Cargo.toml files. Without it: the spec's
    /// `service.package` version (with `+sdk.<checked_against>` build metadata), else `0.1.0`.
    pub fn crate_version(mut self, version: impl Into<String>) -> Self {
        self.crate_version = Some(version.into());
        self
    }

    /// The `rust-version` (MSRV) of generated crates; [`DEFAULT_RUST_VERSION`] unless set.
    pub fn rust_version(mut self, version: impl Into<String>) -> Self {
        self.rust_version = version.into();
        self
    }

    /// Generates only the operations of these areas (by area name, e.g. `orders`) and the models
    /// they need.
    pub fn areas<I: IntoIterator<Item = S>, S: Into<String>>(mut self, names: I) -> Self {
        self.areas = Some(names.into_iter().map(Into::into).collect());
        self
    }

    /// The spec files and folders this configuration reads.
    pub fn inputs(&self) -> &[PathBuf] {
        &self.inputs
    }

    /// `true` (default): Rust output is pretty-printed in prettyplease's layout (the common item
    /// shapes recognised from their tokens and laid out directly, any other checked to parse with
    /// syn and printed by prettyplease);
    /// `false`: written as the emitted tokens, unformatted, which is faster and what a build
    /// script that nobody reads the output of needs. Without the `format` cargo feature output
    /// is always unformatted.
    pub fn format(mut self, pretty: bool) -> Self {
        self.pretty = pretty;
        self
    }

    /// `true` (default): full crates with Cargo.toml and README, under `<crate id>/` (needs the
    /// `crates` cargo feature); `false`: one file `<crate id>.rs` of inline modules, for
    /// `include!` from a build script.
    pub fn standalone_crates(mut self, yes: bool) -> Self {
        self.standalone_crates = yes;
        self
    }

    /// Checks the options and loads every spec file (in parallel): the files, their paths, and
    /// the diagnostics of loading.
    fn load(&self) -> Result<(Vec<load::LoadedFile>, Vec<PathBuf>, Diagnostics), Error> {
        self.check_runtime_path()?;
        let paths = load::spec_files(&self.inputs).map_err(|(path, error)| Error::Io { path, error })?;
        if paths.is_empty() {
            return Err(Error::Config(format!("no spec files (*.yaml) in {}", display_paths(&self.inputs))));
        }
        let mut diags = Diagnostics::default();
        let t = std::time::Instant::now();
        let files = load_in_parallel(&paths, &mut diags);
        timing("load", t);
        Ok((files, paths, diags))
    }

    /// Runs load → resolve → emit → format, in memory.
    pub fn generate(&self) -> Result<Generation, Error> {
        let (files, paths, diags) = self.load()?;
        self.generate_in_memory(files, paths, diags)
    }

    /// Like [`generate`](Self::generate), from spec texts in memory instead of the configured
    /// inputs: each `(name, text)` is one spec file (the name is used in diagnostics only).
    /// For tools, tests and fuzzing; nothing is read from disk.
    ///
    /// ```
    /// let service = "service:\n  name: t\n  title: T\n  sites: { cn: { name: C, endpoint: \"https://x.example\" } }\n  crates: { t: { crate: t-sdk, client: TClient, sites: [cn] } }\n";
    /// let area = "area: { name: a, title: A }\nmodels:\n  M: { fields: { x: { type: strin } } }\n";
    /// let err = sdkgen::Config::new("spec").generate_from_texts(&[("service.yaml", service), ("a.yaml", area)]).unwrap_err();
    /// assert!(err.to_string().contains("a.yaml:3:"));
    /// ```
    pub fn generate_from_texts(&self, texts: &[(&str, &str)]) -> Result<Generation, Error> {
        self.check_runtime_path()?;
        if texts.is_empty() {
            return Err(Error::Config("no spec texts".into()));
        }
        let mut diags = Diagnostics::default();
        let owned: Vec<(PathBuf, String)> = texts.iter().map(|(n, t)| (PathBuf::from(n), t.to_string())).collect();
        let paths = owned.iter().map(|(p, _)| p.clone()).collect();
        let files = load::load_texts(owned, &mut diags);
        self.generate_in_memory(files, paths, diags)
    }

    /// The files of a generation, kept in memory.
    fn generate_in_memory(&self, files: Vec<load::LoadedFile>, paths: Vec<PathBuf>, diags: Diagnostics) -> Result<Generation, Error> {
        let collected = std::sync::Mutex::new(BTreeMap::new());
        let sink = |path: PathBuf, done: Done, _: bool| {
            collected.lock().map_err(|_| Error::Internal("generator bug: a worker panicked".into()))?.insert(path, done.0);
            Ok(())
        };
        let generated = self.generate_loaded(files, diags, None, &sink, true)?;
        let files = collected.into_inner().map_err(|_| Error::Internal("generator bug: a worker panicked".into()))?;
        let api = generated.api.expect("kept");
        Ok(Generation { files, crate_dirs: generated.crate_dirs, inputs: paths, warnings: generated.warnings, api })
    }

    /// Generates into `out_dir` (like [`generate`](Self::generate) and then
    /// [`Generation::write_to`], or [`Generation::check`] when `check_only`), skipping the work
    /// that the folder's manifest ([`manifest`]) shows to be done already: when neither the spec,
    /// the options nor the generator changed and the files on disk are the ones written last
    /// time (compared by the hash of their bytes), nothing is parsed or generated; otherwise
    /// Rust files whose emitted tokens are unchanged are taken from disk instead of formatted
    /// again. Writes the manifest (not when `check_only`). What the CLI and the build-script
    /// [`Builder`](build::Builder) use.
    pub fn generate_to(&self, out_dir: &Path, check_only: bool) -> Result<Written, Error> {
        let previous = manifest::Manifest::read(out_dir);
        let Some(previous_manifest) = &previous else {
            // Nothing to compare with: generate, and compute the key for the new manifest on
            // another thread meanwhile, once the spec is loaded (loading keeps every core busy;
            // resolution has parts on one thread).
            return std::thread::scope(|scope| {
                let (loaded, wait_for_load) = std::sync::mpsc::channel::<()>();
                let key = scope.spawn(move || {
                    let _ = wait_for_load.recv();
                    self.input_key()
                });
                let reuse = Reuse { out_dir, previous: None, written_last: None };
                let written = self.generate_streaming(out_dir, check_only, &reuse, Some(loaded));
                let key = key.join().unwrap_or(None);
                self.finish_to(out_dir, check_only, key, written?)
            });
        };
        let t = std::time::Instant::now();
        let key = self.input_key();
        timing("manifest key", t);
        if let Some((key, _)) = key {
            let t = std::time::Instant::now();
            let m = previous_manifest;
            let up_to_date = m.key == key && m.warnings == 0 && m.matches_disk(out_dir);
            timing("manifest check", t);
            if up_to_date {
                let report = write::SyncReport { unchanged: m.files.len(), ..Default::default() };
                return Ok(Written { report, files: m.files.keys().cloned().collect(), warnings: Vec::new(), up_to_date: true });
            }
        }
        let formatter = key.map(|(_, f)| f);
        let reuse = Reuse {
            out_dir,
            previous: previous.as_ref().filter(|m| formatter == Some(m.formatter)),
            written_last: previous.as_ref(),
        };
        let written = self.generate_streaming(out_dir, check_only, &reuse, None)?;
        self.finish_to(out_dir, check_only, key, written)
    }

    /// Generates into `out_dir` as files are finished (they are not all kept in memory): each
    /// is compared with the folder and written if it differs; then leftovers are removed.
    /// `loaded` is told when the spec has been read.
    fn generate_streaming(&self, out_dir: &Path, check_only: bool, reuse: &Reuse, loaded: Option<std::sync::mpsc::Sender<()>>) -> Result<Streamed, Error> {
        let loading = self.load();
        drop(loaded);
        let (files, _paths, diags) = loading?;
        let io = |error| Error::Io { path: out_dir.to_path_buf(), error };
        let state = std::sync::Mutex::new((write::SyncReport::default(), BTreeMap::new()));
        let sink = |path: PathBuf, (text, tokens): Done, from_disk: bool| {
            let status = if from_disk { write::FileStatus::Unchanged } else { write::sync_file(out_dir, &path, &text, check_only).map_err(io)? };
            let entry = manifest::Entry { bytes: manifest::Hasher128::hash(text.as_bytes()), tokens };
            let mut state = state.lock().map_err(|_| Error::Internal("generator bug: a worker panicked".into()))?;
            state.0.record(path.clone(), status);
            state.1.insert(path, entry);
            Ok(())
        };
        let generated = self.generate_loaded(files, diags, Some(reuse), &sink, false)?;
        let t = std::time::Instant::now();
        let (mut report, entries) = state.into_inner().map_err(|_| Error::Internal("generator bug: a worker panicked".into()))?;
        report.changed.sort();
        report.created.sort();
        report.removed = write::remove_leftovers(out_dir, &generated.crate_dirs, |rel| entries.contains_key(rel), check_only).map_err(io)?;
        if let Some(last) = reuse.written_last {
            report.removed.extend(write::remove_abandoned(out_dir, &last.files, &last.dirs, &generated.crate_dirs, check_only).map_err(io)?);
            report.removed.sort();
        }
        timing("leftovers", t);
        Ok(Streamed { report, entries, crate_dirs: generated.crate_dirs, warnings: generated.warnings })
    }

    /// The end of [`generate_to`](Self::generate_to): write the manifest.
    fn finish_to(&self, out_dir: &Path, check_only: bool, key: Option<(manifest::Hash, manifest::Hash)>, streamed: Streamed) -> Result<Written, Error> {
        if let (false, Some((key, formatter))) = (check_only, key) {
            let t = std::time::Instant::now();
            let m = manifest::Manifest {
                key,
                formatter,
                warnings: streamed.warnings.len(),
                dirs: streamed.crate_dirs.clone(),
                files: streamed.entries.clone(),
            };
            m.write(out_dir).map_err(|error| Error::Io { path: out_dir.join(manifest::FILE_NAME), error })?;
            timing("manifest write", t);
        }
        let files = streamed.entries.into_keys().collect();
        Ok(Written { report: streamed.report, files, warnings: streamed.warnings, up_to_date: false })
    }

    /// The hash of everything a generation into a folder depends on (see [`manifest`]), and the
    /// hash of the part that decides how tokens become text; `None` when an input cannot be read
    /// (generation then reports the problem).
    fn input_key(&self) -> Option<(manifest::Hash, manifest::Hash)> {
        let mut formatter = manifest::Hasher128::new();
        formatter.update(env!("CARGO_PKG_VERSION").as_bytes());
        formatter.update(&manifest::generator_hash()?.to_le_bytes());
        formatter.update(&[u8::from(self.pretty), u8::from(cfg!(feature = "format"))]);
        let formatter = formatter.finish();
        let mut key = manifest::Hasher128::new();
        key.update(&formatter.to_le_bytes());
        key.update(format!("{self:?} crates={}", cfg!(feature = "crates")).as_bytes());
        for path in load::spec_files(&self.inputs).ok()? {
            key.update(path.to_string_lossy().as_bytes());
            key.update(&std::fs::read(&path).ok()?);
        }
        Some((key.finish(), formatter))
    }

    fn check_runtime_path(&self) -> Result<(), Error> {
        // A plain path (`::a::b`): it is also written into serde attributes as text.
        if is_plain_path(&self.runtime_path) {
            Ok(())
        } else {
            Err(Error::Config(format!("runtime path `{}` is not a plain Rust path such as `::huaweicloud_sdk_runtime`", self.runtime_path)))
        }
    }

    /// Resolves the loaded spec and emits and formats every file into `sink`; keeps the API
    /// when `keep_api` (else it is dropped as soon as each crate has its part).
    fn generate_loaded(
        &self,
        files: Vec<load::LoadedFile>,
        mut diags: Diagnostics,
        reuse: Option<&Reuse>,
        sink: &Sink,
        keep_api: bool,
    ) -> Result<Generated, Error> {
        let t = std::time::Instant::now();
        let api = if diags.has_errors() { None } else { resolve::resolve(&files, &mut diags) };
        timing("resolve", t);
        let t = std::time::Instant::now();
        diags.locate_with(|p| files.iter().find(|f| f.path == p).map(|f| f.text.clone()));
        // The parsed YAML is not needed any more (large for large specs).
        drop(files);
        let Some(api) = api.filter(|_| !diags.has_errors()) else {
            return Err(Error::Spec(diags.sorted()));
        };
        let crates = self.selected_crates(&api)?;
        if self.standalone_crates && !cfg!(feature = "crates") {
            return Err(Error::Config(
                "standalone crates (Cargo.toml, README) need the generator's `crates` feature; a build script uses standalone_crates(false)".into(),
            ));
        }
        if let Some(areas) = &self.areas {
            for a in areas {
                if !api.areas.iter().any(|x| &x.name == a) {
                    let known: Vec<&str> = api.areas.iter().map(|x| x.name.as_str()).collect();
                    return Err(Error::Config(format!("unknown area `{a}`; the spec has: {}", known.join(", "))));
                }
            }
        }
        let options = emit::EmitOptions {
            runtime_path: self.runtime_path.clone(),
            runtime_dependency: self.runtime_dependency.clone(),
            crate_version: self
                .crate_version
                .clone()
                .or_else(|| api.service.package.as_ref().map(ir::Package::crate_version))
                .unwrap_or_else(|| "0.1.0".to_string()),
            rust_version: self.rust_version.clone(),
            standalone_crate: self.standalone_crates,
            pretty: self.pretty,
        };
        timing("check", t);
        let t = std::time::Instant::now();
        let (parts, shared, api) = match (keep_api, &crates[..]) {
            // One crate and the API not wanted afterwards: the part can take the API over.
            (false, [only]) if !self.shares(&api) => (vec![self.restrict(api.into_crate_part(only))], None, None),
            _ => {
                let (parts, shared) = self.crate_parts(&api, &crates);
                (parts, shared, keep_api.then_some(api))
            }
        };
        timing("parts", t);
        let t = std::time::Instant::now();
        emit_in_parallel(&parts, &crates, shared.as_ref(), &options, reuse, sink)?;
        timing("emit+format", t);
        let mut crate_dirs: Vec<PathBuf> =
            if self.standalone_crates { crates.iter().map(|v| PathBuf::from(&v.id)).collect() } else { Vec::new() };
        if let Some((shared_crate, _)) = shared.as_ref().and_then(|part| emit::plan_shared_crate(part, &options)) {
            crate_dirs.push(PathBuf::from(&shared_crate.id));
        }
        Ok(Generated { crate_dirs, warnings: diags.warnings(), api })
    }

    /// The parts of the API the selected crates contain, and the shared crate's part when full
    /// crates are generated from a spec with `service.shared_crate`. What is shared is decided
    /// over every crate of the spec, whichever are selected, so that the shared crate is the
    /// same however many of them are generated into a folder.
    fn crate_parts(&self, api: &ir::Api, selected: &[ir::CrateSpec]) -> (Vec<ir::Api>, Option<ir::Api>) {
        if !self.shares(api) {
            return (self.crate_parts_in_parallel(api, selected), None);
        }
        let all = &api.service.crates;
        let mut parts = self.crate_parts_in_parallel(api, all);
        let shared = resolve::share_models(&mut parts);
        let mut by_id: BTreeMap<&str, ir::Api> = all.iter().map(|v| v.id.as_str()).zip(parts).collect();
        let selected = selected.iter().map(|v| by_id.remove(v.id.as_str()).expect("selected crates are crates of the spec")).collect();
        (selected, Some(shared))
    }

    /// [`crate_part`](Self::crate_part) of each crate, the crates taken in turn by as many threads
    /// as there are cores (each part is an independent copy of the API, so the work divides).
    fn crate_parts_in_parallel(&self, api: &ir::Api, crates: &[ir::CrateSpec]) -> Vec<ir::Api> {
        parallel::map(crates, || (), |_, _, krate| self.crate_part(api, krate)).0
    }

    /// The generation has a shared crate (full crates from a spec with `service.shared_crate`).
    fn shares(&self, api: &ir::Api) -> bool {
        self.standalone_crates && api.service.shared_crate.is_some()
    }

    /// The part of the API one crate contains.
    fn crate_part(&self, api: &ir::Api, krate: &ir::CrateSpec) -> ir::Api {
        self.restrict(api.for_crate(krate))
    }

    /// A crate's part, narrowed to the configured areas.
    fn restrict(&self, part: ir::Api) -> ir::Api {
        match &self.areas {
            Some(areas) => part.restrict_to_areas(areas),
            None => part,
        }
    }

    fn selected_crates(&self, api: &ir::Api) -> Result<Vec<ir::CrateSpec>, Error> {
        let all = &api.service.crates;
        match &self.crate_ids {
            None => Ok(all.clone()),
            Some(ids) => ids
                .iter()
                .map(|id| {
                    all.iter().find(|v| &v.id == id).cloned().ok_or_else(|| {
                        let known: Vec<&str> = all.iter().map(|v| v.id.as_str()).collect();
                        Error::Config(format!("unknown crate `{id}`; the spec has: {}", known.join(", ")))
                    })
                })
                .collect(),
        }
    }
}

/// [`load::load_files`] on all cores: spec files are read and parsed independently, each
/// thread taking the next file; the files come back in their order, and diagnostics are
/// reported sorted anyway.
fn load_in_parallel(paths: &[PathBuf], diags: &mut Diagnostics) -> Vec<load::LoadedFile> {
    // Largest first, so that no thread is left with a big file at the end.
    let mut order: Vec<usize> = (0..paths.len()).collect();
    order.sort_by_cached_key(|&i| std::cmp::Reverse(std::fs::metadata(&paths[i]).map_or(0, |m| m.len())));
    let (mut loaded, _) = parallel::map(&order, || (), |_, _, &i| {
        let mut d = Diagnostics::default();
        let files = load::load_files(std::slice::from_ref(&paths[i]), &mut d);
        (i, files, d)
    });
    loaded.sort_by_key(|(i, _, _)| *i);
    let mut files = Vec::with_capacity(paths.len());
    for (_, file, d) in loaded {
        files.extend(file);
        for diagnostic in d.sorted() {
            diags.add(diagnostic);
        }
    }
    files
}

/// A plain Rust path: `::a::b`, `crate::x`, `a` (identifiers joined by `::`, no generics).
fn is_plain_path(path: &str) -> bool {
    let body = path.strip_prefix("::").unwrap_or(path);
    let ident = |s: &str| {
        let s = s.strip_prefix("r#").unwrap_or(s);
        s.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_')
            && s != "_"
            && s.chars().all(|c| c.is_alphanumeric() || c == '_')
    };
    !body.is_empty() && body.split("::").all(ident)
}

impl Generation {
    /// Writes the files under `out_dir`, touching only files whose bytes changed and removing
    /// files of the crate folders that are no longer generated.
    pub fn write_to(&self, out_dir: &Path) -> Result<write::SyncReport, Error> {
        write::sync(out_dir, &self.files, &self.crate_dirs, false).map_err(|error| Error::Io { path: out_dir.to_path_buf(), error })
    }

    /// Compares `out_dir` with the generation without changing anything.
    pub fn check(&self, out_dir: &Path) -> Result<write::SyncReport, Error> {
        write::sync(out_dir, &self.files, &self.crate_dirs, true).map_err(|error| Error::Io { path: out_dir.to_path_buf(), error })
    }
}

/// A finished file: its text and the hash of the tokens it was formatted from (0: not hashed).
type Done = (String, manifest::Hash);

/// Emits and formats every file of every crate, keyed by path relative to the output folder.
/// Files are independent: worker threads take them largest first from a shared list. Token
/// streams are not `Send`, so each worker emits and formats whole files, with its own
/// [`emit::Emitter`] per crate.
fn emit_in_parallel(
    parts: &[ir::Api],
    crates: &[ir::CrateSpec],
    shared_part: Option<&ir::Api>,
    options: &emit::EmitOptions,
    reuse: Option<&Reuse>,
    sink: &Sink,
) -> Result<(), Error> {
    // (the crate whose emitter emits the file, the file's path, what it is); the shared crate's
    // emitter comes after the SDK crates'.
    let mut jobs: Vec<(usize, PathBuf, emit::FileKind)> = Vec::new();
    let in_folder = |dir: &str, rel: String| if options.standalone_crate { PathBuf::from(dir).join(rel) } else { PathBuf::from(rel) };
    for (i, (part, krate)) in parts.iter().zip(crates).enumerate() {
        jobs.extend(emit::plan(part, krate, options).into_iter().map(|(rel, kind)| (i, in_folder(&krate.id, rel), kind)));
    }
    let shared_index = parts.len();
    if let Some((shared_crate, files)) = shared_part.and_then(|part| emit::plan_shared_crate(part, options)) {
        jobs.extend(files.into_iter().map(|(rel, kind)| (shared_index, in_folder(&shared_crate.id, rel), kind)));
    }
    // The part each job's emitter reads, by the job's crate index.
    let units: Vec<&ir::Api> = parts.iter().chain(shared_part).collect();
    let indexes: Vec<emit::ByArea> = units.iter().map(|part| emit::ByArea::new(part)).collect();
    // Largest first, so that no worker is left with a big file at the end.
    jobs.sort_by_cached_key(|(i, _, kind)| std::cmp::Reverse(emit::estimated_cost(units[*i], &indexes[*i], kind)));
    // Its own work list rather than `parallel::map`: a worker stops at its first error, files are
    // handed to `sink` as they are done, and a panic becomes an error.
    let next = std::sync::atomic::AtomicUsize::new(0);
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(jobs.len()).max(1);
    let work = || -> Result<(), Error> {
        let mut emitters: Vec<Option<emit::Emitter>> = units.iter().map(|_| None).collect();
        while let Some((i, path, kind)) = jobs.get(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed)) {
            let emitter = emitters[*i].get_or_insert_with(|| match crates.get(*i) {
                Some(krate) => emit::Emitter::new(units[*i], krate, options),
                None => emit::Emitter::for_shared_crate(units[*i], options),
            });
            let path = path.clone();
            // Long doc lines skip the printer when it runs (see `emit::DeferredDocs`).
            let (emitted, docs) = if options.pretty { emit::deferring(|| emitter.emit(kind)) } else { (emitter.emit(kind), Default::default()) };
            let (text, token_hash, from_disk) = match emitted {
                emit::Emitted::Rust(tokens) => {
                    // Items are hashed when regenerating into a folder with a manifest: then the
                    // file's token hash goes into the new manifest, and a file formatted from the
                    // same tokens last time is taken from disk. A first generation into a folder
                    // skips the hashing; the next regeneration records the hashes.
                    let regenerating = reuse.is_some_and(|r| r.previous.is_some());
                    let items = format::Items::new(tokens, regenerating);
                    let token_hash = if reuse.is_some() { items.hash() } else { 0 };
                    match reuse.and_then(|r| reusable(r, &path, token_hash)) {
                        Some(text) => (text, token_hash, true),
                        None => {
                            let text = format::format_items(&path.display().to_string(), items, options.pretty, &docs)
                                .map_err(Error::Internal)?;
                            (text, token_hash, false)
                        }
                    }
                }
                emit::Emitted::Text(text) => (text, 0, false),
            };
            sink(path, (text, token_hash), from_disk)?;
        }
        Ok(())
    };
    let results: Vec<Result<(), Error>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers).map(|_| parallel::spawn(scope, work)).collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|_| Err(Error::Internal("generator bug: emission panicked".into()))))
            .collect()
    });
    results.into_iter().collect()
}

/// The text of `path` on disk, if the manifest shows it was formatted from tokens of this hash
/// and the bytes on disk are the ones written then.
fn reusable(reuse: &Reuse, path: &Path, token_hash: manifest::Hash) -> Option<String> {
    let entry = reuse.previous?.files.get(path)?;
    if entry.tokens != token_hash || token_hash == 0 {
        return None;
    }
    let bytes = std::fs::read(reuse.out_dir.join(path)).ok()?;
    if manifest::Hasher128::hash(&bytes) != entry.bytes {
        return None;
    }
    String::from_utf8(bytes).ok()
}

/// With `SDKGEN_TIMINGS=1`, prints how long a stage took to stderr (profiling aid).
/// Where the resident set is known (Linux), it follows: the memory in use when the stage ended,
/// and the peak so far.
pub fn timing(stage: &str, since: std::time::Instant) {
    if std::env::var_os("SDKGEN_TIMINGS").is_some_and(|v| v == "1") {
        eprintln!("sdkgen timing: {stage} {:.2?}{}", since.elapsed(), resident_set());
    }
}

/// ` (resident N MiB, peak M MiB)` from `/proc/self/status`, or nothing.
fn resident_set() -> String {
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else { return String::new() };
    let field = |name: &str| {
        status.lines().find_map(|l| l.strip_prefix(name)).and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
    };
    match (field("VmRSS:"), field("VmHWM:")) {
        (Some(now), Some(peak)) => format!(" (resident {} MiB, peak {} MiB)", now / 1024, peak / 1024),
        _ => String::new(),
    }
}

fn display_paths(paths: &[PathBuf]) -> String {
    paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
}
