//! The build-script path timed: `sdkgen::build::Builder` into a fresh folder and again into the
//! same folder (nothing changed), unformatted as a build script without the `format` feature
//! writes, N times each; prints the medians (figures in bench/README.md):
//! `cargo run --release -p huaweicloud-sdk-codegen --example buildrs -- [SPEC_DIR] [N]`.
use std::time::{Duration, Instant};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let mut args = std::env::args().skip(1);
    let spec = args.next().unwrap_or_else(|| "spec".into());
    let n: usize = args.next().map_or(9, |s| s.parse().expect("N is a number"));
    let out = std::env::temp_dir().join(format!("sdkgen-buildrs-bench-{}", std::process::id()));
    let builder = sdkgen::build::Builder::new().spec(&spec).out_dir(&out).format(false).without_cargo_directives();
    let (mut fresh, mut again) = (Vec::new(), Vec::new());
    for _ in 0..n {
        let _ = std::fs::remove_dir_all(&out);
        let t = Instant::now();
        builder.try_generate().expect("generates");
        fresh.push(t.elapsed());
        let t = Instant::now();
        builder.try_generate().expect("generates");
        again.push(t.elapsed());
    }
    let _ = std::fs::remove_dir_all(&out);
    println!("build.rs path ({spec}, unformatted): fresh folder {:.1?}, unchanged {:.1?} (medians of {n})", median(fresh), median(again));
}
