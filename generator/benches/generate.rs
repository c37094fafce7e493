//! Generation time with criterion: the real spec end to end (generate + write; and a
//! regeneration where nothing changed, through the output folder's manifest, as `cargo run`
//! does), each stage of the pipeline on the real spec (load, resolve, emit, format), and whole
//! in-memory generations of synthetic specs of 100 and 1,000 operations (5,000 on request).
//!
//! ```sh
//! cargo bench -p huaweicloud-sdk-codegen --bench generate
//! SDKGEN_BENCH_LARGE=1 cargo bench -p huaweicloud-sdk-codegen --bench generate   # adds N = 5,000 (~4 min more)
//! cargo bench -p huaweicloud-sdk-codegen --bench generate -- real_spec/          # one group only
//! ```
//!
//! Synthetic specs come from `examples/synth.rs` (seed 42, like `bench/scale.sh`), written once
//! into a temporary folder before they are measured. Figures are in `bench/README.md`.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, SamplingMode, Throughput};
use proc_macro2::TokenStream;
use sdkgen::{diag::Diagnostics, emit, format, ir, load, resolve};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

// The synthetic spec writer, shared with the `synth` example (its `main` is unused here).
#[allow(dead_code)]
#[path = "../examples/synth.rs"]
mod synth;

/// Set to `1` to also measure the synthetic spec of 5,000 operations (~20 s per generation).
const LARGE_ENV: &str = "SDKGEN_BENCH_LARGE";

/// The seed `bench/scale.sh` uses, so figures are comparable.
const SYNTH_SEED: u64 = 42;

fn spec_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("spec")
}

/// What `Config::new` uses when emitting (its defaults, which are private to the library).
fn emit_options() -> emit::EmitOptions {
    emit::EmitOptions {
        runtime_path: sdkgen::DEFAULT_RUNTIME_PATH.to_string(),
        runtime_dependency: r#"huaweicloud-sdk-runtime = { version = "0.1.0", default-features = false }"#.to_string(),
        crate_version: "0.1.0".to_string(),
        rust_version: sdkgen::DEFAULT_RUST_VERSION.to_string(),
        standalone_crate: true,
        pretty: true,
    }
}

fn load_real() -> Vec<load::LoadedFile> {
    let paths = load::spec_files(&[spec_dir()]).expect("list spec/");
    let mut diags = Diagnostics::default();
    let files = load::load_files(&paths, &mut diags);
    assert!(!diags.has_errors(), "spec/ does not load");
    files
}

/// The real spec: end to end with writing, in memory, then stage by stage.
fn real_spec(c: &mut Criterion) {
    let config = sdkgen::Config::new(spec_dir());
    let files_out = config.generate().expect("the real spec generates").files.len();
    let mut g = c.benchmark_group("real_spec");
    // Whole generations take ~0.5-1 s: 10 samples of one iteration each.
    g.sample_size(10).sampling_mode(SamplingMode::Flat).warm_up_time(Duration::from_secs(1));
    g.measurement_time(Duration::from_secs(10));

    // What `cargo run` does, into an empty folder each time (every file is written).
    g.bench_function(format!("end_to_end_write_{files_out}_files"), |b| {
        b.iter_batched(
            || tempfile::tempdir().expect("temp dir"),
            |dir| {
                let generation = config.generate().expect("generate");
                generation.write_to(dir.path()).expect("write");
                dir // removed after the timing
            },
            BatchSize::PerIteration,
        )
    });
    // Re-running over an up-to-date output: generation plus comparing every file, no writes.
    let up_to_date = tempfile::tempdir().expect("temp dir");
    config.generate().expect("generate").write_to(up_to_date.path()).expect("write");
    g.bench_function("end_to_end_unchanged_output", |b| {
        b.iter(|| {
            let report = config.generate().expect("generate").write_to(up_to_date.path()).expect("write");
            assert!(report.changed.is_empty() && report.created.is_empty());
        })
    });
    // What `cargo run` does over an up-to-date output: `Config::generate_to` finds the folder's
    // manifest matching (spec, options, generator and the files' bytes) and generates nothing.
    let manifested = tempfile::tempdir().expect("temp dir");
    config.generate_to(manifested.path(), false).expect("generate");
    g.bench_function("generate_to_unchanged", |b| {
        b.iter(|| assert!(config.generate_to(manifested.path(), false).expect("generate").up_to_date))
    });
    g.bench_function("generate_in_memory", |b| b.iter(|| black_box(config.generate().expect("generate"))));

    // Stages (faster: more samples, less time). Load: list and read the YAML files, parse them.
    g.sample_size(20).measurement_time(Duration::from_secs(5));
    let spec = [spec_dir()];
    g.bench_function("stage_load", |b| {
        b.iter(|| {
            let paths = load::spec_files(black_box(&spec)).expect("list");
            let mut diags = Diagnostics::default();
            black_box(load::load_files(&paths, &mut diags))
        })
    });
    // Resolve: validation and the IR, from the parsed files.
    let files = load_real();
    g.bench_function("stage_resolve", |b| {
        b.iter(|| {
            let mut diags = Diagnostics::default();
            black_box(resolve::resolve(black_box(&files), &mut diags).expect("valid"))
        })
    });
    let mut diags = Diagnostics::default();
    let api = resolve::resolve(&files, &mut diags).expect("valid");
    let options = emit_options();
    let crates = api.service.crates.clone();
    // Every file of one crate, through the public entry points `Config` uses (plan, then emit).
    let emit_all = |part: &ir::Api, krate: &ir::CrateSpec| -> Vec<(String, emit::Emitted)> {
        let emitter = emit::Emitter::new(part, krate, &options);
        emit::plan(part, krate, &options).into_iter().map(|(path, kind)| (path, emitter.emit(&kind))).collect()
    };
    for variant in &crates {
        // Emit: the crate's part of the API (as `Config` computes it) to token streams and text.
        let part = api.for_crate(variant);
        g.bench_function(format!("stage_emit/{}", variant.id), |b| b.iter(|| black_box(emit_all(black_box(&part), variant))));
        // Format (~0.3-0.5 s a crate): syn check + prettyplease over every emitted Rust file of
        // the crate (fresh clones of the token streams each iteration, made outside the timing).
        let rust: Vec<(String, TokenStream)> = emit_all(&part, variant)
            .into_iter()
            .filter_map(|(path, e)| match e {
                emit::Emitted::Rust(tokens) => Some((path, tokens)),
                emit::Emitted::Text(_) => None,
            })
            .collect();
        g.sample_size(10).measurement_time(Duration::from_secs(6));
        g.bench_function(format!("stage_format/{}_{}_files", variant.id, rust.len()), |b| {
            b.iter_batched(
                || rust.clone(),
                |items| {
                    for (path, tokens) in items {
                        black_box(format::format_rust(&path, tokens, true).expect("formats"));
                    }
                },
                BatchSize::PerIteration,
            )
        });
        g.sample_size(20).measurement_time(Duration::from_secs(5));
    }
    g.finish();
    print_api_size(&api);
}

fn print_api_size(api: &ir::Api) {
    eprintln!(
        "real spec: {} operations, {} models, {} crates",
        api.operations.len(),
        api.models.len(),
        api.service.crates.len()
    );
}

/// Whole in-memory generations (`Config::generate`) of synthetic specs of N operations.
fn synthetic(c: &mut Criterion) {
    let large = std::env::var(LARGE_ENV).is_ok_and(|v| v == "1");
    let work = tempfile::tempdir().expect("temp dir");
    let mut sizes: Vec<(usize, Duration)> = vec![(100, Duration::from_secs(10)), (1_000, Duration::from_secs(60))];
    if large {
        sizes.push((5_000, Duration::from_secs(240)));
    }
    let mut g = c.benchmark_group("synthetic");
    g.sample_size(10).sampling_mode(SamplingMode::Flat).warm_up_time(Duration::from_secs(1));
    for (n, time) in sizes {
        let dir = work.path().join(format!("spec-{n}"));
        synth::write_spec(n, SYNTH_SEED, &dir).expect("write the synthetic spec");
        let config = sdkgen::Config::new(&dir);
        g.measurement_time(time);
        g.throughput(Throughput::Elements(n as u64));
        g.bench_function(format!("generate_in_memory/{n}_ops"), |b| {
            b.iter(|| black_box(config.generate().expect("the synthetic spec generates")))
        });
    }
    g.finish();
    if !large {
        eprintln!(
            "synthetic/generate_in_memory/5000_ops: skipped (~20 s per generation on a quiet machine, ~4 min in all); \
             run it with {LARGE_ENV}=1 cargo bench -p huaweicloud-sdk-codegen --bench generate -- synthetic/"
        );
    }
}

criterion_group!(benches, real_spec, synthetic);
criterion_main!(benches);
