//! Fuzz target `spec`: arbitrary bytes as spec files, through load → resolve → emit → format.
//!
//! The input is split at NUL bytes into up to four spec files. Unless one of them has a
//! `service` block, a valid service and error catalog are added, so that area files (the usual
//! seed) get past the service checks into model and operation validation and code generation.
//! Any outcome is fine except a panic, a crash, a hang or runaway memory.

#![no_main]

use libfuzzer_sys::fuzz_target;

const SERVICE: &str = "service:
  name: fuzz
  title: Fuzz service
  sites:
    cn: { name: China site, endpoint: \"https://bss.myhuaweicloud.com\" }
    intl: { name: International site, endpoint: \"https://bss-intl.myhuaweicloud.com\" }
    eu: { name: Europe site, endpoint: \"https://bss.myhuaweicloud.eu\" }
  variants:
    bss: { crate: huaweicloud-sdk-bss, client: BssClient, sites: [cn] }
    bssintl: { crate: huaweicloud-sdk-bssintl, client: BssintlClient, sites: [intl, eu] }
";

const ERRORS: &str = "errors:
  CBC.0100: { status: 400, message: Invalid parameter., category: invalid_parameter }
  CBC.0151: { status: 403, message: Access denied. }
  CBC.0250: { status: 429, message: Flow control., retryable: true }
  CBC.99003106: { status: 400, message: unknown }
";

const NAMES: [&str; 4] = ["a.yaml", "b.yaml", "c.yaml", "d.yaml"];

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut files: Vec<(&str, &str)> = NAMES.iter().copied().zip(text.splitn(NAMES.len(), '\0')).collect();
    if !files.iter().any(|(_, t)| t.lines().any(|l| l.starts_with("service"))) {
        files.insert(0, ("service.yaml", SERVICE));
        files.insert(1, ("errors.yaml", ERRORS));
    }
    let _ = sdkgen::Config::new("fuzz").generate_from_texts(&files);
});
