//! The `sdkgen` binary as a process: exit codes when its output streams misbehave.

const SERVICE: &str = "service:\n  name: t\n  title: T\n  sites:\n    cn: { name: China, endpoint: \"https://bss.example.com\" }\n  crates:\n    t: { crate: t-sdk, client: TClient, sites: [cn] }\n";

#[test]
fn a_closed_stderr_does_not_crash_the_generator() {
    let dir = std::env::temp_dir().join(format!("sdkgen-cli-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("service.yaml"), SERVICE).unwrap();
    std::fs::write(dir.join("a.yaml"), "area: { name: a, title: A }\nmodels:\n  M:\n    fields:\n      x: { type: strin }\n").unwrap();
    for closed_before_start in [true, false] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_sdkgen"))
            .args(["--spec", dir.to_str().unwrap(), "--out", dir.join("out").to_str().unwrap()])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("the generator runs");
        if closed_before_start {
            drop(child.stderr.take());
        } else {
            // Read nothing, then close: the write fails with a broken pipe either way.
            let err = child.stderr.take();
            std::thread::sleep(std::time::Duration::from_millis(10));
            drop(err);
        }
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(1), "a bad spec exits 1 even when stderr is closed (101 would be a panic)");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A build script's unformatted output is the same code as the formatted one: pretty-printing it
/// gives the formatted text exactly.
#[cfg(feature = "format")]
#[test]
fn unformatted_output_is_the_same_code() {
    let spec = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/consumer/spec");
    let config = || sdkgen::Config::new(&spec).standalone_crates(false);
    let pretty = config().generate().expect("the example spec generates");
    let plain = config().format(false).generate().expect("the example spec generates");
    assert_eq!(pretty.files.keys().collect::<Vec<_>>(), plain.files.keys().collect::<Vec<_>>());
    for (path, pretty_text) in &pretty.files {
        let plain_text = &plain.files[path];
        assert!(plain_text.len() < pretty_text.len(), "{} is not unformatted", path.display());
        let body = |text: &str| text.split_once("\n\n").map(|(_, b)| b.to_string()).expect("a header line");
        let reprinted = prettyplease::unparse(&syn::parse_file(&body(plain_text)).expect("the unformatted code parses"));
        assert_eq!(reprinted, body(pretty_text), "{} differs", path.display());
    }
}
