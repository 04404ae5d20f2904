//! The layers of ARCHITECTURE.md, checked on the source: which top-level modules of a crate name
//! which others (`crate::x` paths and `use crate::x`, outside `#[cfg(test)]` code).
//!
//! The compiler already keeps the crates in line (the core crate cannot name the binary). Inside
//! each crate, these tests keep the modules in layers: no import cycle, and the lower layers of
//! the core never reach up.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Top-level module of the crate whose sources are in `src` (relative to the repository) → the
/// top-level modules its non-test code names.
fn module_graph(src: &str) -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join(src);
    let mut modules = BTreeSet::new();
    for entry in std::fs::read_dir(&src).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        match name.strip_suffix(".rs") {
            Some(m) if m != "lib" && m != "main" => {
                modules.insert(m.to_string());
            }
            None if entry.path().is_dir() => {
                modules.insert(name);
            }
            _ => {}
        }
    }
    let mut graph: BTreeMap<String, BTreeSet<String>> = modules.iter().map(|m| (m.clone(), BTreeSet::new())).collect();
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().and_then(|e| e.to_str()) != Some("rs") {
                continue;
            }
            let rel = path.strip_prefix(&src).unwrap();
            let first = rel.components().next().unwrap().as_os_str().to_string_lossy().into_owned();
            let module = first.strip_suffix(".rs").unwrap_or(&first).to_string();
            if !graph.contains_key(&module) {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            // Test modules may reach anywhere; they come last in a file here.
            let code = text.split("#[cfg(test)]").next().unwrap_or("");
            for line in code.lines() {
                // Doc links (`[`crate::rules::Rule`]`) are prose, not dependencies.
                if line.trim_start().starts_with("//") {
                    continue;
                }
                for (at, _) in line.match_indices("crate::") {
                    let name: String =
                        line[at + "crate::".len()..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
                    if name != module && modules.contains(&name) {
                        graph.get_mut(&module).unwrap().insert(name);
                    }
                }
            }
        }
    }
    graph
}

/// Modules reachable from `from` (not counting `from` unless a cycle leads back).
fn reachable(graph: &BTreeMap<String, BTreeSet<String>>, from: &str) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut todo: Vec<&str> = graph[from].iter().map(String::as_str).collect();
    while let Some(m) = todo.pop() {
        if seen.insert(m.to_string()) {
            todo.extend(graph[m].iter().map(String::as_str));
        }
    }
    seen
}

const CORE: &str = "crates/core/src";
const BINARY: &str = "src";

#[test]
fn lower_layers_never_reach_up() {
    let graph = module_graph(CORE);
    // Each of these may use only the modules listed (and nothing that uses them back).
    let allowed: &[(&str, &[&str])] = &[
        ("read", &[]),
        ("sdk", &[]),
        ("path_pattern", &[]),
        ("url", &[]),
        ("env_file", &[]),
        ("source", &["read"]),
        ("workos", &["url"]),
        ("redact", &["env_file"]),
        ("edit", &["diagnostic", "source"]),
        ("error", &[]),
        ("diagnostic", &[]),
        ("jwt", &[]),
        ("convex", &["jwt"]),
        ("discover", &["read", "sdk", "source"]),
        // Facts are built from the project, its files and what WorkOS and Convex are known to do;
        // never from rules, reports or commands.
        ("facts", &["convex", "diagnostic", "discover", "env_file", "error", "read", "redact", "sdk", "source", "url", "workos"]),
        // Rules are pure functions over facts; they build edits as data and never call the
        // analyses that run them (check, har, logs, token, probe) or the reporters.
        (
            "rules",
            &["convex", "diagnostic", "discover", "edit", "env_file", "facts", "path_pattern", "redact", "sdk", "source", "url", "workos"],
        ),
    ];
    for (module, may_use) in allowed {
        let uses = &graph[*module];
        let extra: Vec<&String> = uses.iter().filter(|u| !may_use.contains(&u.as_str())).collect();
        assert!(extra.is_empty(), "{module} must not use {extra:?} (allowed: {may_use:?})");
    }
}

#[test]
fn no_import_cycle_in_either_crate() {
    for src in [CORE, BINARY] {
        let graph = module_graph(src);
        for module in graph.keys() {
            assert!(
                !reachable(&graph, module).contains(module),
                "{src}: {module} is in an import cycle (it uses {:?}); a lower layer must not name a higher one",
                graph[module]
            );
        }
    }
}
