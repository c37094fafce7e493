//! A consumer crate with its own spec: the SDK is generated at build time into `OUT_DIR`.

/// The generated SDK of this crate's spec (`spec/`), included from `OUT_DIR`.
pub mod bss {
    include!(concat!(env!("OUT_DIR"), "/bss.rs"));
}
