//! `Config::generate_to`: the output folder's manifest skips unchanged work and never hides a
//! change (spec, option, hand edit, deleted or extra file), and `--check` mode writes nothing.

use sdkgen::manifest::FILE_NAME;
use std::path::{Path, PathBuf};

fn consumer_spec() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/consumer/spec")
}

fn copy_spec(to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(consumer_spec()).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, to.join(path.file_name().unwrap())).unwrap();
    }
}

#[test]
fn unchanged_inputs_skip_the_work_and_every_change_is_noticed() {
    let dir = tempfile::tempdir().unwrap();
    let (spec, out) = (dir.path().join("spec"), dir.path().join("out"));
    copy_spec(&spec);
    let config = sdkgen::Config::new(&spec);
    let fresh = sdkgen::Config::new(&spec).generate().unwrap();

    let first = config.generate_to(&out, false).unwrap();
    assert!(!first.up_to_date && !first.report.created.is_empty());
    assert!(out.join(FILE_NAME).is_file());
    let manifest = std::fs::read(out.join(FILE_NAME)).unwrap();

    let again = config.generate_to(&out, false).unwrap();
    assert!(again.up_to_date, "nothing changed: skipped");
    assert_eq!(again.files, first.files);
    assert!(config.generate_to(&out, true).unwrap().up_to_date);
    assert_eq!(std::fs::read(out.join(FILE_NAME)).unwrap(), manifest, "the manifest is deterministic");

    // A hand edit is noticed (by the bytes) and restored.
    let lib = out.join("bss/src/lib.rs");
    let original = std::fs::read_to_string(&lib).unwrap();
    std::fs::write(&lib, format!("{original}// edited\n")).unwrap();
    let check = config.generate_to(&out, true).unwrap();
    assert!(!check.up_to_date && check.report.changed == vec![PathBuf::from("bss/src/lib.rs")]);
    let restored = config.generate_to(&out, false).unwrap();
    assert_eq!(restored.report.changed, vec![PathBuf::from("bss/src/lib.rs")]);
    assert_eq!(std::fs::read_to_string(&lib).unwrap(), original);

    // A deleted file comes back; an extra file in a generated crate goes.
    std::fs::remove_file(out.join("bss/README.md")).unwrap();
    std::fs::write(out.join("bss/src/extra.rs"), "").unwrap();
    let fixed = config.generate_to(&out, false).unwrap();
    assert_eq!((fixed.report.created.len(), fixed.report.removed.len()), (1, 1));
    assert!(config.generate_to(&out, false).unwrap().up_to_date);

    // A changed option is a different generation.
    let other = sdkgen::Config::new(&spec).crate_version("9.9.9");
    let changed = other.generate_to(&out, false).unwrap();
    assert!(!changed.up_to_date && changed.report.changed.contains(&PathBuf::from("bss/Cargo.toml")));
    assert!(other.generate_to(&out, false).unwrap().up_to_date);

    // A changed spec too; Rust files whose tokens did not change are kept from disk, and the
    // result is what a generation from scratch writes.
    config.generate_to(&out, false).unwrap();
    let orders = spec.join("orders.yaml");
    let text = std::fs::read_to_string(&orders).unwrap();
    let edited = text.replacen("description: A page of orders.", "description: A page of orders, edited.", 1);
    assert_ne!(edited, text);
    std::fs::write(&orders, edited).unwrap();
    let after = config.generate_to(&out, false).unwrap();
    assert!(!after.up_to_date && !after.report.changed.is_empty());
    let scratch = dir.path().join("scratch");
    sdkgen::Config::new(&spec).generate().unwrap().write_to(&scratch).unwrap();
    for path in &after.files {
        assert_eq!(std::fs::read(out.join(path)).unwrap(), std::fs::read(scratch.join(path)).unwrap(), "{}", path.display());
    }

    // `check` mode never writes the manifest.
    let checked = dir.path().join("checked");
    fresh.write_to(&checked).unwrap();
    let _ = config.generate_to(&checked, true).unwrap();
    assert!(!checked.join(FILE_NAME).exists());
}

/// A crate folder the spec no longer generates (a crate renamed or dropped) goes away with the
/// next generation, except for what was edited or added by hand there.
#[test]
fn folders_a_previous_generation_owned_are_removed_unless_edited() {
    let dir = tempfile::tempdir().unwrap();
    let (spec, out) = (dir.path().join("spec"), dir.path().join("out"));
    copy_spec(&spec);
    let config = sdkgen::Config::new(&spec);
    config.generate_to(&out, false).unwrap();
    assert!(out.join("bss/src/lib.rs").is_file());

    let service = std::fs::read_to_string(spec.join("service.yaml")).unwrap();
    std::fs::write(spec.join("service.yaml"), service.replace("    bss: {", "    orders: {")).unwrap();
    let check = config.generate_to(&out, true).unwrap();
    assert!(check.report.removed.contains(&PathBuf::from("bss/src/lib.rs")), "{:?}", check.report.removed);
    assert!(out.join("bss/src/lib.rs").is_file(), "--check changes nothing");
    let renamed = config.generate_to(&out, false).unwrap();
    assert!(renamed.report.removed.contains(&PathBuf::from("bss/Cargo.toml")), "{:?}", renamed.report.removed);
    assert!(!out.join("bss").exists(), "the old folder is gone");
    assert!(out.join("orders/src/lib.rs").is_file());

    // Back to `bss`; then a hand-edited file and an added one keep the old folder alive.
    std::fs::write(spec.join("service.yaml"), &service).unwrap();
    config.generate_to(&out, false).unwrap();
    assert!(!out.join("orders").exists());
    std::fs::write(out.join("bss/notes.txt"), "mine").unwrap();
    let readme = out.join("bss/README.md");
    std::fs::write(&readme, "edited by hand").unwrap();
    std::fs::write(spec.join("service.yaml"), service.replace("    bss: {", "    orders: {")).unwrap();
    let kept = config.generate_to(&out, false).unwrap();
    assert!(!kept.report.removed.contains(&PathBuf::from("bss/README.md")));
    assert_eq!(std::fs::read_to_string(&readme).unwrap(), "edited by hand");
    assert_eq!(std::fs::read_to_string(out.join("bss/notes.txt")).unwrap(), "mine");
    assert!(!out.join("bss/src/lib.rs").exists(), "generated files that were not edited go");
}
