//! Module resolution across an app's files: relative paths with extension and index lookup,
//! tsconfig `paths` aliases, and workspace packages by their `package.json` name.

use super::*;

// ---------------------------------------------------------------------------------------------
// Across files: module resolution and the element tree of an app
// ---------------------------------------------------------------------------------------------

/// Workspace packages (indices into [`Project::packages`]) an app depends on, directly or
/// through other workspace packages: their code is part of the app (`packages/ui` holding the
/// provider component). The root package and packages inside the app's dir are not included.
pub fn workspace_packages(project: &Project, app: &App) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::new();
    let mut queue = vec![app.package];
    while let Some(p) = queue.pop() {
        for dep in project.packages[p].deps.keys() {
            let found = project.packages.iter().position(|q| q.name.as_deref() == Some(dep.as_str()));
            if let Some(q) = found
                && q != app.package
                && !out.contains(&q)
                && !project.packages[q].dir.is_empty()
                && !is_under(&project.packages[q].dir, &app.dir)
            {
                out.push(q);
                queue.push(q);
            }
        }
    }
    out.sort();
    out
}

/// What an import's source names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A package from the registry (`convex/react`, `@workos-inc/authkit-nextjs/components`).
    Package,
    /// A project source file (relative path, alias or workspace package), parsed or not.
    File(String),
    /// Looked like a project path but matched no file.
    Unresolved,
}

/// `compilerOptions.paths` of one tsconfig, made relative to the project root.
#[derive(Debug, Clone, Default)]
pub(super) struct TsPaths {
    /// `(pattern, targets)`; targets already joined with `baseUrl`.
    pub(super) paths: Vec<(String, Vec<String>)>,
    /// `baseUrl`, when set: bare specifiers may name files under it.
    pub(super) base: Option<String>,
}

pub(super) const SOURCE_EXTS: &[&str] = &[".tsx", ".ts", ".jsx", ".js", ".mjs", ".mts", ".cjs", ".cts"];

pub(super) struct Resolver<'p> {
    pub(super) project: &'p Project,
    pub(super) tsconfigs: HashMap<String, TsPaths>,
    pub(super) entries: HashMap<(usize, String), Option<String>>,
    /// Importing file's dir → specifier → target: files of one folder share their answers,
    /// and the module-graph walk and the element tree ask the same questions.
    pub(super) resolved: HashMap<String, HashMap<String, Target>>,
}

pub(super) fn parent_of(path: &str) -> &str {
    crate::read::split_dir(path).0
}

/// Joins and normalises `.`/`..` segments of `/`-separated relative paths.
pub fn normalize_join(base: &str, rel: &str) -> String {
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

impl<'p> Resolver<'p> {
    pub(super) fn new(project: &'p Project) -> Self {
        Resolver { project, tsconfigs: HashMap::new(), entries: HashMap::new(), resolved: HashMap::new() }
    }

    pub(super) fn is_source(&self, path: &str) -> bool {
        self.project.has_source_file(path)
    }

    /// `path`, `path.tsx`, …, `path/index.tsx`, … (and `x.js` written for `x.ts`).
    pub(super) fn file_at(&self, path: &str) -> Option<String> {
        if self.is_source(path) {
            return Some(path.to_string());
        }
        for ext in SOURCE_EXTS {
            let p = format!("{path}{ext}");
            if self.is_source(&p) {
                return Some(p);
            }
        }
        for ext in SOURCE_EXTS {
            let p = format!("{path}/index{ext}");
            if self.is_source(&p) {
                return Some(p);
            }
        }
        for (js, ts) in [(".js", ".ts"), (".js", ".tsx"), (".jsx", ".tsx"), (".mjs", ".mts")] {
            if let Some(stem) = path.strip_suffix(js) {
                let p = format!("{stem}{ts}");
                if self.is_source(&p) {
                    return Some(p);
                }
            }
        }
        None
    }

    /// The package dir owning a file (the longest package dir that contains it).
    pub(super) fn package_of(&self, file: &str) -> Option<usize> {
        self.project.packages.iter().enumerate().filter(|(_, p)| is_under(file, &p.dir)).max_by_key(|(_, p)| p.dir.len()).map(|(i, _)| i)
    }

    pub(super) fn tsconfig(&mut self, dir: &str, files: &mut Files) -> &TsPaths {
        if !self.tsconfigs.contains_key(dir) {
            let paths = load_tsconfig_paths(dir, files);
            self.tsconfigs.insert(dir.to_string(), paths);
        }
        &self.tsconfigs[dir]
    }

    pub(super) fn resolve(&mut self, from: &str, source: &str, files: &mut Files) -> Target {
        let dir = parent_of(from);
        if let Some(hit) = self.resolved.get(dir).and_then(|by_source| by_source.get(source)) {
            return hit.clone();
        }
        let target = self.resolve_uncached(from, source, files);
        self.resolved.entry(dir.to_string()).or_default().insert(source.to_string(), target.clone());
        target
    }

    pub(super) fn resolve_uncached(&mut self, from: &str, source: &str, files: &mut Files) -> Target {
        if source.starts_with("./") || source.starts_with("../") || source == "." || source == ".." {
            let joined = normalize_join(parent_of(from), source);
            return self.file_at(&joined).map(Target::File).unwrap_or(Target::Unresolved);
        }
        let pkg = self.package_of(from);
        let dir = pkg.map(|p| self.project.packages[p].dir.clone()).unwrap_or_default();
        let ts = self.tsconfig(&dir, files).clone();
        for (pattern, targets) in &ts.paths {
            let captured = match pattern.split_once('*') {
                Some((pre, post)) => source.strip_prefix(pre).and_then(|r| r.strip_suffix(post)),
                None => (source == pattern).then_some(""),
            };
            let Some(captured) = captured else { continue };
            for t in targets {
                let candidate = t.replacen('*', captured, 1);
                if let Some(f) = self.file_at(&candidate) {
                    return Target::File(f);
                }
            }
            // A catch-all `"*"` alias also covers registry packages.
            if pattern != "*" {
                return Target::Unresolved;
            }
        }
        if let Some(base) = &ts.base
            && let Some(f) = self.file_at(&normalize_join(base, source))
        {
            return Target::File(f);
        }
        let base = base_package(source);
        if let Some(p) = self.project.packages.iter().position(|p| p.name.as_deref() == Some(base) && !p.dir.is_empty()) {
            let sub = source[base.len()..].trim_start_matches('/').to_string();
            return self.package_entry(p, &sub, files).map(Target::File).unwrap_or(Target::Unresolved);
        }
        Target::Package
    }

    /// The file a workspace package exposes at `sub` (`""` for the package itself): `exports`,
    /// then `main`/`module`/`types`, then `src/index`/`index`; `dist/x.js` is mapped back to
    /// `src/x.ts` (internal packages are often consumed from source).
    pub(super) fn package_entry(&mut self, pkg: usize, sub: &str, files: &mut Files) -> Option<String> {
        let key = (pkg, sub.to_string());
        if let Some(hit) = self.entries.get(&key) {
            return hit.clone();
        }
        let p: &PackageJson = &self.project.packages[pkg];
        let json: serde_json::Value = files.load(&p.path).and_then(|f| serde_json::from_str(&f.text).ok()).unwrap_or_default();
        let mut candidates: Vec<String> = Vec::new();
        let export_key = if sub.is_empty() { ".".to_string() } else { format!("./{sub}") };
        if let Some(exports) = json.get("exports") {
            let entry = match exports {
                serde_json::Value::String(s) if sub.is_empty() => Some(serde_json::Value::String(s.clone())),
                serde_json::Value::Object(map) => map.get(&export_key).cloned().or_else(|| {
                    // `"./*": "./src/*.tsx"`
                    map.iter().find_map(|(k, v)| {
                        let (pre, post) = k.split_once('*')?;
                        let captured = export_key.strip_prefix(pre)?.strip_suffix(post)?;
                        Some(replace_star(v, captured))
                    })
                }),
                _ => None,
            };
            if let Some(entry) = entry {
                candidates.extend(condition_targets(&entry));
            }
            if sub.is_empty()
                && let serde_json::Value::Object(map) = exports
                && !map.keys().any(|k| k.starts_with('.'))
            {
                candidates.extend(condition_targets(exports));
            }
        }
        if sub.is_empty() {
            for field in ["source", "module", "main", "types", "typings"] {
                if let Some(s) = json.get(field).and_then(|v| v.as_str()) {
                    candidates.push(s.to_string());
                }
            }
            candidates.extend(["src/index".to_string(), "index".to_string()]);
        } else {
            candidates.extend([sub.to_string(), format!("src/{sub}")]);
        }
        let dir = p.dir.clone();
        let mut found = None;
        for c in candidates {
            let rel = normalize_join(&dir, &c);
            if let Some(f) = self.file_at(&rel) {
                found = Some(f);
                break;
            }
            // Built output → its source.
            let src = rel.replacen("/dist/", "/src/", 1).replacen("/build/", "/src/", 1);
            let src = src
                .strip_suffix(".d.ts")
                .or_else(|| src.strip_suffix(".js"))
                .or_else(|| src.strip_suffix(".mjs"))
                .unwrap_or(&src)
                .to_string();
            if let Some(f) = self.file_at(&src) {
                found = Some(f);
                break;
            }
        }
        self.entries.insert(key, found.clone());
        found
    }
}

pub(super) fn replace_star(v: &serde_json::Value, captured: &str) -> serde_json::Value {
    match v {
        serde_json::Value::String(s) => serde_json::Value::String(s.replacen('*', captured, 1)),
        serde_json::Value::Object(m) => serde_json::Value::Object(m.iter().map(|(k, v)| (k.clone(), replace_star(v, captured))).collect()),
        other => other.clone(),
    }
}

/// The paths an `exports` entry points at, source-like conditions first.
pub(super) fn condition_targets(v: &serde_json::Value) -> Vec<String> {
    match v {
        serde_json::Value::String(s) => vec![s.clone()],
        serde_json::Value::Object(m) => {
            let mut out = Vec::new();
            for key in ["source", "development", "import", "default", "types", "require", "node", "browser"] {
                if let Some(inner) = m.get(key) {
                    out.extend(condition_targets(inner));
                }
            }
            out
        }
        serde_json::Value::Array(a) => a.iter().flat_map(condition_targets).collect(),
        _ => Vec::new(),
    }
}

/// `compilerOptions.paths` of `<dir>/tsconfig.json`, following one `extends` (a relative path)
/// for what the file itself does not set. Targets are relative to the project root.
pub(super) fn load_tsconfig_paths(dir: &str, files: &mut Files) -> TsPaths {
    let path = join_rel(dir, "tsconfig.json");
    let Some(config) = read_jsonc(&path, files) else { return TsPaths::default() };
    let mut options = config.get("compilerOptions").cloned().unwrap_or_default();
    let mut options_dir = dir.to_string();
    if options.get("paths").is_none()
        && let Some(ext) = config.get("extends").and_then(|e| e.as_str())
        && ext.starts_with('.')
    {
        let mut ext_path = normalize_join(dir, ext);
        if !ext_path.ends_with(".json") {
            ext_path.push_str(".json");
        }
        if let Some(parent) = read_jsonc(&ext_path, files)
            && let Some(parent_options) = parent.get("compilerOptions")
            && parent_options.get("paths").is_some()
        {
            options = parent_options.clone();
            options_dir = parent_of(&ext_path).to_string();
        }
    }
    let base_url = options.get("baseUrl").and_then(|b| b.as_str()).map(|b| normalize_join(&options_dir, b));
    let base = base_url.clone().unwrap_or(options_dir);
    let mut out = TsPaths { paths: Vec::new(), base: base_url };
    if let Some(map) = options.get("paths").and_then(|p| p.as_object()) {
        for (pattern, targets) in map {
            let targets = targets
                .as_array()
                .map(|a| a.iter().filter_map(|t| t.as_str()).map(|t| normalize_join(&base, t)).collect())
                .unwrap_or_default();
            out.paths.push((pattern.clone(), targets));
        }
    }
    out
}

pub(super) fn read_jsonc(path: &str, files: &mut Files) -> Option<serde_json::Value> {
    let file = files.load(path)?;
    jsonc_parser::parse_to_serde_value(&file.text, &Default::default()).ok().flatten()
}
