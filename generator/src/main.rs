//! `sdkgen` command line: regenerate `generated/` from `spec/`, or check that it is up to date.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

/// Prints to stdout, ignoring a closed pipe (`sdkgen --help | head` must not panic).
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

/// Prints to stderr, ignoring a closed stream: diagnostics written to a closed stderr must not
/// turn a clean exit code into a panic (the exit code still tells the result).
macro_rules! complain {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

const USAGE: &str = "\
sdkgen: generate the Huawei Cloud BSS Rust SDK crates from the YAML spec.

Usage: cargo run -- [--spec DIR] [--out DIR] [--check] [--quiet]

  --spec DIR   spec folder or file; repeat to merge several (default: spec/ of the workspace)
  --out DIR    output folder (default: generated/ of the workspace)
  --check      change nothing; exit 1 and list stale files if the output differs
  --quiet      print only problems
  -h, --help   this text

Exit codes: 0 success, 1 spec errors or stale output, 2 usage error.";

struct Args {
    specs: Vec<PathBuf>,
    out: PathBuf,
    check: bool,
    quiet: bool,
}

fn parse_args() -> Result<Option<Args>, String> {
    let root = workspace_root();
    let mut args = Args { specs: Vec::new(), out: root.join("generated"), check: false, quiet: false };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--spec" => args.specs.push(it.next().ok_or("--spec needs a folder")?.into()),
            "--out" => args.out = it.next().ok_or("--out needs a folder")?.into(),
            "--check" => args.check = true,
            "--quiet" | "-q" => args.quiet = true,
            "-h" | "--help" => return Ok(None),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    if args.specs.is_empty() {
        args.specs.push(root.join("spec"));
    }
    Ok(Some(args))
}

/// The workspace root when run through cargo from this repository, else the current folder.
fn workspace_root() -> PathBuf {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    if cwd.join("spec").is_dir() {
        return cwd;
    }
    let built_in = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    if built_in.join("spec").is_dir() { built_in } else { cwd }
}

#[cfg(feature = "fast-alloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's settings for a short-lived program that should stay small: arenas are committed
/// as they are used, so that freed memory is decommitted (returned) rather than reset (kept in
/// the resident set until the kernel needs it): peak RSS on the real spec 68 → 33 MiB at the
/// same speed. Freed memory is returned after 100 ms instead of mimalloc's 1 s: the parsed spec,
/// freed by the main thread once resolved, then leaves before the workers' emission peaks
/// (5,000 synthetic operations: peak 247 → 203 MiB at the same speed, 5 alternating runs; 200
/// and 400 ms: 224 and 234 MiB; immediate purging, 0, saves a little more but costs 15% time).
#[cfg(feature = "fast-alloc")]
fn configure_allocator() {
    extern "C" {
        fn mi_option_set(option: std::os::raw::c_int, value: std::os::raw::c_long);
    }
    /// `mi_option_arena_eager_commit` in mimalloc.h (v3 and v2).
    const ARENA_EAGER_COMMIT: std::os::raw::c_int = 4;
    /// `mi_option_purge_delay` in mimalloc.h (v3 and v2), in milliseconds.
    const PURGE_DELAY: std::os::raw::c_int = 15;
    // SAFETY: sets options of the linked mimalloc, plain C calls with valid arguments.
    unsafe {
        mi_option_set(ARENA_EAGER_COMMIT, 0);
        mi_option_set(PURGE_DELAY, 100);
    }
}

/// Runs [`configure_allocator`] before anything allocates (the Rust runtime allocates before
/// `main`, and mimalloc reserves its first arena then).
#[cfg(all(feature = "fast-alloc", target_os = "linux"))]
#[used]
#[link_section = ".init_array"]
static CONFIGURE_ALLOCATOR: extern "C" fn() = {
    extern "C" fn configure() {
        configure_allocator();
    }
    configure
};

fn main() -> ExitCode {
    #[cfg(all(feature = "fast-alloc", not(target_os = "linux")))]
    configure_allocator();
    // Colour on a terminal only, and never with NO_COLOR set; plain text in logs and pipes.
    let color = sdkgen::diag::stderr_color();
    // A check of the formatter for its tests and for anyone changing it: every item laid out
    // without parsing is printed by prettyplease too, and a difference fails the run.
    #[cfg(feature = "format")]
    if std::env::var_os("SDKGEN_VERIFY_LAYOUT").is_some_and(|v| v == "1") {
        sdkgen::format::verify_layout(true);
    }
    let args = match parse_args() {
        Ok(Some(a)) => a,
        Ok(None) => {
            say!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            let (red, reset) = if color { ("\x1b[1;31m", "\x1b[0m") } else { ("", "") };
            complain!("{red}error{reset}: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let started = Instant::now();
    sdkgen::timing("startup", started);
    let mut config = sdkgen::Config::new(&args.specs[0]).runtime_dependency(runtime_dependency(&args.out));
    for more in &args.specs[1..] {
        config = config.input(more);
    }
    // Generation into the folder, skipping what its manifest (`.sdkgen-manifest`) shows to be
    // done already; `--check` compares without writing anything.
    let written = match config.generate_to(&args.out, args.check) {
        Ok(w) => w,
        Err(e) => {
            complain!("{}", e.render(color));
            return ExitCode::from(match e {
                sdkgen::Error::Config(_) => 2,
                _ => 1,
            });
        }
    };
    if !args.quiet && !written.warnings.is_empty() {
        complain!("{}", sdkgen::diag::render(&written.warnings, color));
    }
    let report = written.report;
    let elapsed = started.elapsed();
    if args.check {
        if report.is_clean() {
            if !args.quiet {
                say!("{} is up to date ({} files, {:.0?})", args.out.display(), written.files.len(), elapsed);
            }
            return ExitCode::SUCCESS;
        }
        complain!("{} is stale; run `cargo run` to regenerate:", args.out.display());
        for path in report.stale() {
            complain!("  {}", path.display());
        }
        return ExitCode::from(1);
    }
    if !args.quiet {
        say!(
            "generated {} files into {} ({} written, {} removed, {} unchanged) in {:.0?}",
            written.files.len(),
            args.out.display(),
            report.changed.len() + report.created.len(),
            report.removed.len(),
            report.unchanged,
            elapsed
        );
    }
    ExitCode::SUCCESS
}

/// Generated crates depend on the workspace's runtime crate by a path relative to their folder
/// (`<out>/<crate id>`), so the output folder can be anywhere.
fn runtime_dependency(out: &std::path::Path) -> String {
    let runtime = absolute(&workspace_root().join("runtime"));
    let crate_dir = absolute(out).join("crate");
    let rel = relative_path(&runtime, &crate_dir);
    format!(r#"huaweicloud-sdk-runtime = {{ path = "{}", version = "0.1.0", default-features = false }}"#, rel.replace('\\', "/"))
}

fn absolute(p: &std::path::Path) -> PathBuf {
    let joined = if p.is_absolute() { p.to_path_buf() } else { std::env::current_dir().unwrap_or_default().join(p) };
    // Resolve `.` and `..` lexically; the folders may not exist yet.
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// `target` relative to `from` (both absolute and normalised).
fn relative_path(target: &std::path::Path, from: &std::path::Path) -> String {
    let t: Vec<_> = target.components().collect();
    let f: Vec<_> = from.components().collect();
    let common = t.iter().zip(&f).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_string(); f.len() - common];
    parts.extend(t[common..].iter().map(|c| c.as_os_str().to_string_lossy().into_owned()));
    parts.join("/")
}
