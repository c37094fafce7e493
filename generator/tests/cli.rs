//! The `sdkgen` binary as a process: exit codes when its output streams misbehave.

const SERVICE: &str = "service:\n  name: t\n  title: T\n  sites:\n    cn: { name: China, endpoint: \"https://bss.example.com\" }\n  variants:\n    t: { crate: t-sdk, client: TClient, sites: [cn] }\n";

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
