//! Build-script integration: spec files in, one Rust file per crate of the spec in `OUT_DIR` out, the way
//! prost-build works.
//!
//! # A complete `build.rs`
//!
//! ```no_run
//! // build.rs of a crate with `[build-dependencies] huaweicloud-sdk-codegen = { version = "0.1",
//! // default-features = false }` and `[dependencies] huaweicloud-sdk-runtime = "0.1"`.
//! fn main() {
//!     sdkgen::build::Builder::new()
//!         .spec("spec")            // a folder of *.yaml files, or single files; repeatable
//!         .crate_id("bss")         // optional: only this crate of the spec
//!         .format(false)           // optional: skip pretty-printing (always off without the `format` feature)
//!         .generate();             // writes $OUT_DIR/bss.rs; on a bad spec, a readable error
//! }
//! ```
//!
//! and in the crate, one module per crate of the spec:
//!
//! ```ignore
//! pub mod bss {
//!     include!(concat!(env!("OUT_DIR"), "/bss.rs"));
//! }
//!
//! let client = bss::BssClient::new(bss::Site::Cn, bss::Credentials::from_env()?)?;
//! ```
//!
//! The generated file refers to its own items by relative paths, so the module can sit anywhere
//! in the crate, and to the runtime by [`Builder::runtime_path`] (default
//! `::huaweicloud_sdk_runtime`), which must be a dependency of the crate.
//!
//! Cargo reruns the build script only when a spec file it read changes, or a file is added to or
//! removed from a spec folder: the builder prints `cargo:rerun-if-changed` for exactly those.

// The example above is a whole build.rs, `fn main` included.
#![allow(clippy::needless_doctest_main)]

use crate::{Config, Error, DEFAULT_RUNTIME_PATH};
use std::path::{Path, PathBuf};

/// Configures and runs generation from a build script.
#[derive(Debug, Clone, Default)]
pub struct Builder {
    specs: Vec<PathBuf>,
    crate_ids: Option<Vec<String>>,
    areas: Option<Vec<String>>,
    runtime_path: Option<String>,
    out_dir: Option<PathBuf>,
    quiet_cargo: bool,
    unformatted: bool,
}

/// What a successful build-script generation did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildOutput {
    /// The files written (or left unchanged because identical), absolute.
    pub files: Vec<PathBuf>,
    /// The paths Cargo was told to watch.
    pub watched: Vec<PathBuf>,
    /// Warnings about the spec, as text (also printed as `cargo:warning`).
    pub warnings: Vec<String>,
}

impl Builder {
    /// A builder with no spec yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a spec folder (its `*.yaml` files) or a single spec file. Relative paths are relative
    /// to the build script's working directory, the package root.
    pub fn spec(mut self, path: impl AsRef<Path>) -> Self {
        self.specs.push(path.as_ref().to_path_buf());
        self
    }

    /// Generates only the crate with this id under `service.crates` (e.g. `bss`); call again for
    /// more. Default: every crate of the spec.
    pub fn crate_id(mut self, id: impl Into<String>) -> Self {
        self.crate_ids.get_or_insert_with(Vec::new).push(id.into());
        self
    }

    /// The former name of [`crate_id`](Self::crate_id).
    #[deprecated(note = "renamed to `crate_id`")]
    pub fn variant(self, id: impl Into<String>) -> Self {
        self.crate_id(id)
    }

    /// Generates only the operations of this area (by name) and the models they need; call again
    /// for more. Default: every area.
    pub fn area(mut self, name: impl Into<String>) -> Self {
        self.areas.get_or_insert_with(Vec::new).push(name.into());
        self
    }

    /// The path generated code uses for the runtime crate (e.g. `::my_runtime_fork`).
    pub fn runtime_path(mut self, path: impl Into<String>) -> Self {
        self.runtime_path = Some(path.into());
        self
    }

    /// Where to write; default `$OUT_DIR`.
    pub fn out_dir(mut self, dir: impl AsRef<Path>) -> Self {
        self.out_dir = Some(dir.as_ref().to_path_buf());
        self
    }

    /// Writes the generated code unformatted (the emitted tokens as they are): faster, and nobody
    /// reads code included from `OUT_DIR`. Without the generator's `format` feature
    /// (`default-features = false`, which also leaves syn, prettyplease and minijinja out of the
    /// build script's compile) output is always unformatted.
    pub fn format(mut self, pretty: bool) -> Self {
        self.unformatted = !pretty;
        self
    }

    /// Do not print `cargo:` directives (for use outside build scripts, e.g. tests).
    pub fn without_cargo_directives(mut self) -> Self {
        self.quiet_cargo = true;
        self
    }

    /// Generates, or returns the error (spec problems carry file, YAML path and line).
    /// Prints `cargo:rerun-if-changed` for every spec input, also when generation fails, so
    /// that fixing the spec reruns the script.
    pub fn try_generate(&self) -> Result<BuildOutput, Error> {
        if self.specs.is_empty() {
            return Err(Error::Config("no spec given: call Builder::spec(\"path/to/spec\")".into()));
        }
        let watched = self.watched_paths();
        if !self.quiet_cargo {
            for path in &watched {
                println!("cargo:rerun-if-changed={}", path.display());
            }
        }
        let out_dir = match &self.out_dir {
            Some(d) => d.clone(),
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or_else(|| Error::Config("OUT_DIR is not set: run from a build script, or call Builder::out_dir".into()))?,
        };
        // Skips the work when the spec, the options and the generator are unchanged and the
        // output is intact (the manifest `.sdkgen-manifest` in the folder records them).
        let written = self.config().generate_to(&out_dir, false)?;
        let warnings: Vec<String> = written.warnings.iter().map(ToString::to_string).collect();
        if !self.quiet_cargo {
            for w in &warnings {
                for line in w.lines() {
                    println!("cargo:warning={line}");
                }
            }
        }
        let files = written.files.iter().map(|p| out_dir.join(p)).collect();
        Ok(BuildOutput { files, watched, warnings })
    }

    /// Generates; on failure prints the error readably to stderr and exits the build script with
    /// status 1 (Cargo shows the text; there is no panic backtrace).
    pub fn generate(&self) -> BuildOutput {
        match self.try_generate() {
            Ok(output) => output,
            Err(e) => {
                eprintln!("error: the SDK could not be generated from the spec\n\n{e}");
                std::process::exit(1);
            }
        }
    }

    fn config(&self) -> Config {
        let mut config = Config::new(&self.specs[0]).standalone_crates(false).format(!self.unformatted);
        for more in &self.specs[1..] {
            config = config.input(more);
        }
        if let Some(v) = &self.crate_ids {
            config = config.crates(v.clone());
        }
        if let Some(a) = &self.areas {
            config = config.areas(a.clone());
        }
        config.runtime_path(self.runtime_path.clone().unwrap_or_else(|| DEFAULT_RUNTIME_PATH.to_string()))
    }

    /// Every spec file that will be read, plus each spec folder (so an added file is noticed).
    fn watched_paths(&self) -> Vec<PathBuf> {
        let mut watched = Vec::new();
        for spec in &self.specs {
            if spec.is_dir() {
                watched.push(spec.clone());
            }
        }
        watched.extend(crate::load::spec_files(&self.specs).unwrap_or_default());
        watched.sort();
        watched.dedup();
        watched
    }
}
