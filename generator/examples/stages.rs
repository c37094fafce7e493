//! Per-stage timing of one generation of a spec on one thread (a profiling aid; figures in
//! bench/README.md): `cargo run --release -p huaweicloud-sdk-codegen --example stages -- [SPEC_DIR] [REPEAT]`.
//! With `PER_FILE=1`, also each file's emit and format time.
use sdkgen::{diag::Diagnostics, emit, format, load, resolve};
use std::time::{Duration, Instant};

fn main() {
    let mut args = std::env::args().skip(1);
    let spec = args.next().unwrap_or_else(|| "spec".into());
    let repeat: usize = args.next().map_or(3, |s| s.parse().expect("REPEAT is a number"));
    let per_file = std::env::var_os("PER_FILE").is_some();
    for _ in 0..repeat {
        let t = Instant::now();
        let paths = load::spec_files(&[spec.clone().into()]).expect("spec folder");
        let mut diags = Diagnostics::default();
        let files = load::load_files(&paths, &mut diags);
        let t_load = t.elapsed();
        let t = Instant::now();
        let api = resolve::resolve(&files, &mut diags).expect("a valid spec");
        let t_resolve = t.elapsed();
        let options = emit::EmitOptions {
            runtime_path: sdkgen::DEFAULT_RUNTIME_PATH.to_string(),
            runtime_dependency: "x".into(),
            crate_version: "0.1.0".into(),
            rust_version: "1.88".into(),
            standalone_crate: true,
            pretty: true,
        };
        let (mut t_part, mut t_emit, mut t_format, mut t_plain) = (Duration::ZERO, Duration::ZERO, Duration::ZERO, Duration::ZERO);
        let mut bytes = 0;
        for v in &api.service.crates {
            let t = Instant::now();
            let part = api.for_crate(v);
            t_part += t.elapsed();
            let t = Instant::now();
            let emitter = emit::Emitter::new(&part, v, &options);
            let plan = emit::plan(&part, v, &options);
            t_emit += t.elapsed();
            for (path, kind) in plan {
                let t = Instant::now();
                let (emitted, docs) = emit::deferring(|| emitter.emit(&kind));
                let d_emit = t.elapsed();
                t_emit += d_emit;
                if let emit::Emitted::Rust(tokens) = emitted {
                    let t = Instant::now();
                    drop(format::format_rust(&path, tokens.clone(), false).expect("prints"));
                    t_plain += t.elapsed();
                    let t = Instant::now();
                    let text = format::format_items(&path, format::Items::new(tokens, false), true, &docs).expect("formats");
                    let d_format = t.elapsed();
                    t_format += d_format;
                    bytes += text.len();
                    if per_file {
                        eprintln!("  {}/{path}: emit {d_emit:.2?} format {d_format:.2?} ({} bytes)", v.id, text.len());
                    }
                }
            }
        }
        eprintln!(
            "load {t_load:.2?} resolve {t_resolve:.2?} for_crate {t_part:.2?} emit {t_emit:.2?} format {t_format:.2?} \
             (unformatted: {t_plain:.2?}) {bytes} bytes of Rust"
        );
    }
}
