//! A generator that refuses every bad spec: routes, endpoints, headers, exact numbers and text,
//! file-level hazards (line ends, links, alias bombs, a closed stderr) and every error of a file
//! in one run. Each class has cases of its own, not only the example that found it.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const AREA: &str = "area: { name: a, title: A }\n";

fn service(endpoint: &str) -> String {
    format!(
        "service:\n  name: t\n  title: T\n  sites:\n    cn: {{ name: China, endpoint: \"{endpoint}\" }}\n    intl: {{ name: Intl, endpoint: \"https://intl.example.com\" }}\n  crates:\n    t: {{ crate: t-sdk, client: TClient, sites: [cn, intl] }}\n"
    )
}

fn folder(case: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sdkgen-trust-{}-{case}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Generates from `files` (name, text) plus a service file; the diagnostics text, or `Ok` output.
fn run(case: &str, endpoint: &str, files: &[(&str, &str)]) -> Result<sdkgen::Generation, String> {
    let dir = folder(case);
    std::fs::write(dir.join("service.yaml"), service(endpoint)).unwrap();
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
    let result = sdkgen::Config::new(&dir).generate().map_err(|e| e.to_string());
    std::fs::remove_dir_all(&dir).unwrap();
    result
}

fn refused(case: &str, files: &[(&str, &str)], expected: &[&str]) -> String {
    let text = match run(case, "https://bss.example.com", files) {
        Ok(_) => panic!("case {case}: a bad spec generated"),
        Err(e) => e,
    };
    for e in expected {
        assert!(text.contains(e), "case {case}: diagnostics lack `{e}`:\n{text}");
    }
    text
}

fn op(name: &str, method: &str, path: &str, extra: &str) -> String {
    format!("  {name}:\n    summary: s\n    method: {method}\n    path: \"{path}\"\n    caller: customer\n{extra}")
}

fn params(names: &[&str]) -> String {
    let mut s = String::from("    path_params:\n");
    for n in names {
        s.push_str(&format!("      {n}: {{ type: string }}\n"));
    }
    s
}

#[test]
fn two_operations_on_one_route_are_refused() {
    // Renamed placeholders, another method case, a trailing slash.
    let same_file = format!(
        "{AREA}operations:\n{}{}{}",
        op("GetA", "GET", "/v2/things/{id}", &params(&["id"])),
        op("GetB", "get", "/v2/things/{thing_id}/", &params(&["thing_id"])),
        op("PostA", "POST", "/v2/things/{id}", &params(&["id"])),
    );
    refused("route-same-file", &[("a.yaml", &same_file)], &["`GET /v2/things/{thing_id}/` is the same route as operation `GetA`", "operations.GetB.path"]);
    // Across files.
    let b = format!("area: {{ name: b, title: B }}\noperations:\n{}", op("GetC", "GET", "/v2/things/{x}", &params(&["x"])));
    let a = format!("{AREA}operations:\n{}", op("GetA", "GET", "/v2/things/{id}", &params(&["id"])));
    refused("route-files", &[("a.yaml", &a), ("b.yaml", &b)], &["is the same route as operation `GetA` in", "a.yaml"]);
    // Different methods, or sites that never meet, are fine.
    let ok = format!(
        "{AREA}operations:\n{}{}{}",
        op("GetA", "GET", "/v2/things/{id}", &params(&["id"])),
        op("PutA", "PUT", "/v2/things/{id}", &params(&["id"])),
        op("GetIntl", "GET", "/v2/things/{id}", &format!("{}    sites: [intl]\n", params(&["id"]))),
    );
    // GetA has no sites (all), so GetIntl on intl meets it: refused; restricted to cn it is fine.
    refused("route-sites-meet", &[("a.yaml", &ok)], &["is the same route as operation `GetA`"]);
    let disjoint = ok.replace(
        "  GetA:\n    summary: s\n    method: GET\n    path: \"/v2/things/{id}\"\n    caller: customer\n",
        "  GetA:\n    summary: s\n    method: GET\n    path: \"/v2/things/{id}\"\n    caller: customer\n    sites: [cn]\n",
    );
    run("route-disjoint", "https://bss.example.com", &[("a.yaml", &disjoint)]).unwrap_or_else(|e| panic!("sites that never meet may share a route:\n{e}"));
}

#[test]
fn endpoints_are_scheme_host_and_port_only() {
    let area = format!("{AREA}operations:\n{}", op("GetA", "GET", "/v2/a", ""));
    for (endpoint, what) in [
        ("https://host.example.com/v2?x=1", "a path and a query"),
        ("https://host.example.com/v2", "a path"),
        ("https://host.example.com?x=1", "a query"),
        ("https://host.example.com#frag", "a fragment"),
        ("https://user:pw@host.example.com", "user information"),
    ] {
        let text = run(endpoint, endpoint, &[("a.yaml", &area)]).err().unwrap_or_else(|| panic!("{endpoint} accepted"));
        assert!(text.contains(what) && text.contains("service.sites.cn.endpoint"), "{endpoint}:\n{text}");
    }
    for good in ["https://host.example.com", "https://host.example.com/", "http://127.0.0.1:8080"] {
        run("good-endpoint", good, &[("a.yaml", &area)]).unwrap_or_else(|e| panic!("{good} refused:\n{e}"));
    }
}

#[test]
fn paths_with_dot_segments_are_refused() {
    for (path, what) in [("/v2/../admin", "`..` segment"), ("/v2/./x", "`.` segment"), ("/v2//x", "empty segment"), ("/v2/x/..", "`..` segment")] {
        let area = format!("{AREA}operations:\n{}", op("GetA", "GET", path, ""));
        refused(path, &[("a.yaml", &area)], &[what, "operations.GetA.path"]);
    }
}

#[test]
fn header_parameters_that_collide_or_that_the_runtime_owns_are_refused() {
    let headers = |list: &[&str]| {
        let mut s = String::from("    headers:\n");
        for (i, h) in list.iter().enumerate() {
            s.push_str(&format!("      {h}: {{ type: string, rust_name: h{i} }}\n"));
        }
        s
    };
    let area = format!("{AREA}operations:\n{}", op("GetA", "GET", "/v2/a", &headers(&["X-Language", "x-language", "X-LANGUAGE"])));
    refused("headers-case", &[("a.yaml", &area)], &["header `x-language` is the same header as `X-Language`", "header `X-LANGUAGE` is the same header"]);
    for owned in ["Authorization", "host", "X-Sdk-Date", "Content-Length", "content-type", "X-Security-Token", "X-Auth-Token", "Transfer-Encoding", "User-Agent", "X-Domain-Id"] {
        let area = format!("{AREA}operations:\n{}", op("GetA", "GET", "/v2/a", &headers(&[owned])));
        refused(owned, &[("a.yaml", &area)], &[&format!("header `{owned}` is set by the runtime")]);
    }
}

#[test]
fn decimal_bounds_are_read_exactly() {
    let model = |min: &str, max: &str| format!("{AREA}models:\n  M:\n    fields:\n      amount: {{ type: decimal, minimum: {min}, maximum: {max} }}\noperations:\n{}", op("PostA", "POST", "/v2/a", "    body: M\n"));
    // Beyond f64's precision: the emitted bound is the written one.
    let generation = run("exact-max", "https://bss.example.com", &[("a.yaml", &model("0.01", "99999999999999999.99"))]).expect("valid");
    let code: String = generation.files.values().map(|s| s.as_str()).collect();
    assert!(code.contains("99999999999999999.99"), "the bound was rounded");
    assert!(!code.contains("100000000000000000"), "a rounded bound is emitted");
    // min > max only in digits a float cannot tell apart.
    refused("exact-order", &[("a.yaml", &model("99999999999999999.99", "99999999999999999.98"))], &["minimum 99999999999999999.99 is greater than maximum 99999999999999999.98"]);
    refused("exact-order-small", &[("a.yaml", &model("0.30000000000000004", "0.3"))], &["is greater than maximum 0.3"]);
    // Quoted decimals were always exact, and still are.
    run("quoted", "https://bss.example.com", &[("a.yaml", &model("\"0.01\"", "\"99999999999999999.99\""))]).expect("quoted decimals");
}

#[test]
fn text_values_keep_their_written_form() {
    let spec = format!(
        "{AREA}models:\n  Code:\n    description: c\n    enum:\n      type: string\n      values:\n        - {{ value: 0x1F, name: Hex }}\n        - {{ value: 1.0, name: OnePointZero }}\n        - {{ value: 0o17, name: Octal }}\n        - {{ value: \"31\", name: ThirtyOne }}\n  M:\n    fields:\n      c: {{ type: Code }}\n      s: {{ type: string, enum: [0x10, 2.50], default: 0x10 }}\noperations:\n{}",
        op("PostA", "POST", "/v2/a", "    body: M\n")
    );
    let generation = run("text", "https://bss.example.com", &[("a.yaml", &spec)]).expect("valid, with warnings");
    let code: String = generation.files.values().map(|s| s.as_str()).collect();
    for written in ["\"0x1F\"", "\"1.0\"", "\"0o17\"", "\"31\"", "\"0x10\"", "\"2.50\""] {
        assert!(code.contains(written), "{written} was not kept as written");
    }
    let warned: Vec<String> = generation.warnings.iter().map(|w| w.to_string()).collect();
    assert!(warned.iter().any(|w| w.contains("YAML reads `0x1F` as 31")), "{warned:?}");
    // Two values that YAML reads as the same number are still two texts, not a duplicate.
    assert!(!warned.iter().any(|w| w.contains("appears twice")));
}

#[test]
fn files_with_old_mac_line_ends_are_read_line_by_line() {
    let unix = format!("# a comment first\n{AREA}models:\n  M:\n    fields:\n      x: {{ type: strin }}\n");
    for (name, text) in [("cr", unix.replace('\n', "\r")), ("crlf", unix.replace('\n', "\r\n"))] {
        let out = refused(name, &[("a.yaml", &text)], &["unknown type `strin`", "models.M.fields.x.type", "a.yaml:6:"]);
        assert!(!out.contains('\r'), "{name}: a carriage return reached the output");
    }
    let good = format!("{AREA}models:\n  M:\n    fields:\n      x: {{ type: string }}\noperations:\n{}", op("PostA", "POST", "/v2/a", "    body: M\n")).replace('\n', "\r");
    let generation = run("cr-good", "https://bss.example.com", &[("a.yaml", &good)]).expect("a CR-only file is valid");
    assert!(generation.files.values().any(|f| f.contains("pub struct M")));
}

#[cfg(unix)]
#[test]
fn links_that_cannot_be_followed_are_errors_not_skipped() {
    let area = format!("{AREA}operations:\n{}", op("GetA", "GET", "/v2/a", ""));
    for (case, make) in [
        ("dangling", Box::new(|d: &Path| std::os::unix::fs::symlink(d.join("missing.yaml"), d.join("b.yaml")).unwrap()) as Box<dyn Fn(&Path)>),
        ("loop", Box::new(|d: &Path| {
            std::os::unix::fs::symlink(d.join("c.yaml"), d.join("b.yaml")).unwrap();
            std::os::unix::fs::symlink(d.join("b.yaml"), d.join("c.yaml")).unwrap();
        })),
    ] {
        let dir = folder(case);
        std::fs::write(dir.join("service.yaml"), service("https://bss.example.com")).unwrap();
        std::fs::write(dir.join("a.yaml"), &area).unwrap();
        make(&dir);
        let err = sdkgen::Config::new(&dir).generate().err().unwrap_or_else(|| panic!("{case}: generated"));
        let text = err.to_string();
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(text.contains("b.yaml") && text.contains("symbolic link"), "{case}: {text}");
    }
}

#[test]
fn alias_bombs_are_bounded() {
    // A type-correct enumeration whose value list is aliased many times over.
    let values: Vec<String> = (0..5000).map(|i| format!("{{ value: v{i}, name: V{i} }}")).collect();
    let mut spec = format!("{AREA}models:\n  E0:\n    description: e\n    enum:\n      type: string\n      values: &vals [{}]\n", values.join(", "));
    for i in 1..2000 {
        spec.push_str(&format!("  E{i}:\n    description: e\n    enum:\n      type: string\n      values: *vals\n"));
    }
    let started = Instant::now();
    let text = refused("bomb", &[("a.yaml", &spec)], &["anchors and aliases", "a.yaml"]);
    let took = started.elapsed();
    assert!(took < Duration::from_secs(20), "took {took:?}");
    assert_eq!(text.matches("error:").count(), 1, "one error, no re-expansion:\n{}", &text[..text.len().min(2000)]);
    // A few honest aliases are fine.
    let honest = format!(
        "{AREA}models:\n  M:\n    fields:\n      a: &s {{ type: string, max_length: 5 }}\n      b: *s\noperations:\n{}",
        op("PostA", "POST", "/v2/a", "    body: M\n")
    );
    run("honest", "https://bss.example.com", &[("a.yaml", &honest)]).expect("aliases within the budget");
}

#[test]
fn every_entry_of_a_file_reports_its_own_error() {
    let spec = format!(
        "{AREA}models:\n  A:\n    fields:\n      x: {{ type: string, max_length: -1 }}\n  B:\n    fieldz: {{}}\n  C:\n    fields:\n      y: {{ type: string, requird: true }}\noperations:\n  Op:\n    summary: s\n    metod: GET\n    path: /v2/a\n"
    );
    let text = refused("many-in-one", &[("a.yaml", &spec)], &["models.A.fields.x.max_length", "unknown field `fieldz`", "unknown field `requird`", "unknown field `metod`", "a.yaml:12:"]);
    assert!(text.contains("4 error(s)"), "{text}");
}

/// A chain of a thousand required models nests the sample call's struct literals a thousand deep:
/// emitting, laying out and (for the parts left to it) printing that recurse as deep, which
/// overflowed the default 2 MiB thread stack before the generator's threads had stacks of their
/// own. It generates, and the innermost level is there.
#[test]
fn a_thousand_nested_required_models_generate() {
    let levels = 1_200;
    let mut area = String::from("area: { name: a, title: A }\nmodels:\n");
    for i in 0..levels {
        area.push_str(&format!("  Level{i}:\n    description: Level {i}.\n    fields:\n"));
        if i + 1 < levels {
            area.push_str(&format!("      next: {{ type: Level{}, required: true, description: The next level. }}\n", i + 1));
        }
        area.push_str("      name: { type: string, required: true, description: A name. }\n");
    }
    area.push_str("operations:\n");
    area.push_str(&op("CreateDeep", "POST", "/v2/deep", "    body: Level0\n"));
    let generation = run("deep", "https://bss.example.com", &[("a.yaml", &area)]).unwrap_or_else(|e| panic!("a deep spec did not generate:\n{e}"));
    let samples = generation.files.iter().find(|(p, _)| p.ends_with("src/__samples.rs")).map(|(_, t)| t).expect("a samples file");
    assert!(samples.contains(&format!("models::Level{} {{", levels - 1)), "the innermost level is missing");
}
