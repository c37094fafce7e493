//! Generates this crate's SDK from `spec/` into `$OUT_DIR/bss.rs`.
fn main() {
    sdkgen::build::Builder::new().spec("spec").generate();
}
