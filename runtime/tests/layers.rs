//! The runtime's module graph: a vocabulary layer (values and errors every part speaks) below the
//! implementation (encoding, signing, transport, retry, credentials, client, pagination), with no
//! cycle anywhere. Read from the sources, so a new `use` that closes a loop fails here.

use std::collections::{BTreeMap, BTreeSet};

/// Modules that only define what the rest uses; they may depend on each other, never above.
const VOCABULARY: &[&str] = &["credentials", "decimal", "encode", "error", "http", "model", "operation", "redact", "validate"];

fn sources() -> BTreeMap<String, String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.clone()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                // `a/b.rs` and `a/mod.rs` belong to the top-level module `a`.
                let rel = path.strip_prefix(&dir).unwrap();
                let top = rel.components().next().unwrap().as_os_str().to_string_lossy().trim_end_matches(".rs").to_string();
                let text = std::fs::read_to_string(&path).unwrap();
                out.entry(top).or_insert_with(String::new).push_str(&text);
            }
        }
    }
    out
}

/// Code without comments and without the test module (tests may use anything).
fn code_of(text: &str) -> String {
    let text = text.split("#[cfg(test)]\nmod tests").next().unwrap_or(text);
    text.lines()
        .map(|l| match l.find("//") {
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The name → module map of `lib.rs`'s `pub use module::{A, B}` re-exports.
fn reexports(lib: &str) -> BTreeMap<String, String> {
    let mut map = BTreeMap::new();
    for line in lib.lines() {
        let Some(rest) = line.trim().strip_prefix("pub use ") else { continue };
        let Some((module, names)) = rest.split_once("::") else { continue };
        let names = names.trim_end_matches(';').trim_matches(|c| c == '{' || c == '}');
        for name in names.split(',') {
            map.insert(name.trim().to_string(), module.trim().to_string());
        }
    }
    map
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let sources = sources();
    let modules: BTreeSet<String> = sources.keys().filter(|m| *m != "lib").cloned().collect();
    let names = reexports(&sources["lib"]);
    let mut graph = BTreeMap::new();
    for (module, text) in &sources {
        if module == "lib" {
            continue;
        }
        let code = code_of(text);
        let mut deps = BTreeSet::new();
        for (i, _) in code.match_indices("crate::") {
            let rest = &code[i + "crate::".len()..];
            let ident: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            let target = if modules.contains(&ident) { Some(ident.clone()) } else { names.get(&ident).cloned() };
            if let Some(t) = target.filter(|t| t != module) {
                deps.insert(t);
            }
        }
        graph.insert(module.clone(), deps);
    }
    graph
}

fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(n: &str, g: &BTreeMap<String, BTreeSet<String>>, path: &mut Vec<String>, done: &mut BTreeSet<String>) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|p| p == n) {
            let mut cycle = path[at..].to_vec();
            cycle.push(n.to_string());
            return Some(cycle);
        }
        if done.contains(n) {
            return None;
        }
        path.push(n.to_string());
        for d in g.get(n).into_iter().flatten() {
            if let Some(c) = visit(d, g, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(n.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph.keys().find_map(|n| visit(n, graph, &mut Vec::new(), &mut done))
}

#[test]
fn the_module_graph_has_no_cycle() {
    let g = graph();
    assert!(g.len() >= 12, "only {} modules found", g.len());
    assert!(g["client"].contains("signing") && g["signing"].contains("http"), "the scan finds no dependencies: {g:?}");
    if let Some(cycle) = find_cycle(&g) {
        panic!("module cycle: {}", cycle.join(" -> "));
    }
}

#[test]
fn the_vocabulary_does_not_reach_into_the_implementation() {
    let g = graph();
    for module in VOCABULARY {
        let deps = g.get(*module).unwrap_or_else(|| panic!("no module `{module}`"));
        let above: Vec<&String> = deps.iter().filter(|d| !VOCABULARY.contains(&d.as_str())).collect();
        assert!(above.is_empty(), "vocabulary module `{module}` depends on {above:?}");
    }
}

#[test]
fn the_cycle_finder_finds_cycles() {
    let mut g = BTreeMap::new();
    g.insert("a".to_string(), BTreeSet::from(["b".to_string()]));
    g.insert("b".to_string(), BTreeSet::from(["a".to_string()]));
    assert_eq!(find_cycle(&g), Some(vec!["a".into(), "b".into(), "a".into()]));
}
