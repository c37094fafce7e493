//! Shared helpers of the workspace tests: where the workspace is, and how to generate in memory.

use std::path::PathBuf;

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The dependency line the committed goldens use for the runtime (relative to each crate).
pub fn golden_runtime_dependency(levels_up: usize) -> String {
    let up = "../".repeat(levels_up);
    format!(r#"huaweicloud-sdk-runtime = {{ path = "{up}runtime", version = "0.1.0", default-features = false }}"#)
}

/// True when goldens should be rewritten instead of compared (`UPDATE_GOLDENS=1`).
pub fn update_goldens() -> bool {
    std::env::var("UPDATE_GOLDENS").is_ok_and(|v| v == "1")
}
