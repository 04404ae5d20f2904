//! Discovery: walk the tree once and find every package, app, Convex functions dir and env
//! file. Nothing here parses TypeScript; that is the facts stage.

use crate::source::{Files, join_rel, rel_path};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Directory names never worth entering, whatever `.gitignore` says.
pub const SKIPPED_DIRS: &[&str] = &[
    "node_modules",
    ".next",
    "dist",
    "build",
    "_generated",
    ".git",
    ".turbo",
    ".vercel",
    ".output",
    ".svelte-kit",
    ".expo",
    "coverage",
    ".netlify",
    ".cache",
    "target",
];

use crate::sdk;
pub use crate::sdk::AUTHKIT_PACKAGES;

const SOURCE_EXTENSIONS: &[&str] = &["ts", "tsx", "js", "jsx", "mjs", "cjs", "mts", "cts"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Framework {
    Nextjs,
    ViteReact,
    TanstackStart,
    ReactRouter,
    Remix,
    Sveltekit,
    Expo,
    Unknown,
}

impl Framework {
    pub fn as_str(self) -> &'static str {
        match self {
            Framework::Nextjs => "nextjs",
            Framework::ViteReact => "vite-react",
            Framework::TanstackStart => "tanstack-start",
            Framework::ReactRouter => "react-router",
            Framework::Remix => "remix",
            Framework::Sveltekit => "sveltekit",
            Framework::Expo => "expo",
            Framework::Unknown => "unknown",
        }
    }

    /// Frameworks whose AuthKit package runs on a server (API key, cookie password).
    pub fn is_server(self) -> bool {
        matches!(self, Framework::Nextjs | Framework::TanstackStart | Framework::ReactRouter | Framework::Remix | Framework::Sveltekit)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Router {
    App,
    Pages,
}

#[derive(Debug, Clone)]
pub struct PackageJson {
    /// Directory, relative to the root (`""` for the root itself).
    pub dir: String,
    /// The `package.json` path, relative to the root.
    pub path: String,
    pub name: Option<String>,
    /// dependencies + devDependencies + peerDependencies: name → declared range.
    pub deps: BTreeMap<String, String>,
    pub scripts: BTreeMap<String, String>,
    pub workspaces: Vec<String>,
    /// Names declared only under `devDependencies`/`peerDependencies` (not needed at run time).
    pub build_only_deps: BTreeSet<String>,
    /// The package says how others import it (`main`, `module`, `exports` or `bin`): a library
    /// or a tool, unless it also runs a framework.
    pub library_entry: bool,
    /// `Some(message)` when the file did not parse as JSON.
    pub parse_error: Option<String>,
}

impl PackageJson {
    pub fn depends_on(&self, name: &str) -> bool {
        self.deps.contains_key(name)
    }
}

#[derive(Debug, Clone)]
pub struct App {
    pub dir: String,
    pub package: usize,
    pub framework: Framework,
    pub router: Option<Router>,
    /// The AuthKit package the app uses and its declared version range.
    pub authkit_package: Option<(String, String)>,
    /// Index into [`Project::convex_dirs`] of the Convex deployment this app talks to.
    pub convex: Option<usize>,
    /// Env files in the app's dir, relative paths, sorted.
    pub env_files: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct ConvexDir {
    /// The functions dir, relative to the root (e.g. `packages/backend/convex`).
    pub dir: String,
    /// The dir holding the package.json / convex.json that owns it.
    pub package_dir: String,
    pub package: Option<usize>,
    pub auth_config_ts: Option<String>,
    pub auth_config_js: Option<String>,
    /// `convex.json` of the package, when present.
    pub convex_json: Option<String>,
    /// `Some(message)` when `convex.json` exists but does not parse.
    pub convex_json_error: Option<String>,
    /// Env files in the package dir (where `npx convex dev` writes `CONVEX_DEPLOYMENT`).
    pub env_files: Vec<String>,
}

impl ConvexDir {
    /// The auth config Convex would push (the `.ts` wins when both exist; the CLI refuses that anyway).
    pub fn auth_config(&self) -> Option<&str> {
        self.auth_config_ts.as_deref().or(self.auth_config_js.as_deref())
    }
}

#[derive(Debug, Default)]
pub struct Project {
    pub root: PathBuf,
    pub packages: Vec<PackageJson>,
    pub apps: Vec<App>,
    pub convex_dirs: Vec<ConvexDir>,
    /// Every TS/JS source file, relative, sorted, with its size in bytes.
    pub source_files: Vec<String>,
    /// Markdown docs (`.md`, `.mdx`; not changelogs) the walk saw, sorted.
    pub doc_files: Vec<String>,
    /// Every file seen by the walk (for the summary).
    pub files_seen: usize,
}

impl Project {
    pub fn package_of_app(&self, app: &App) -> &PackageJson {
        &self.packages[app.package]
    }

    /// Whether `path` (relative, `/`-separated) is one of the project's source files.
    pub fn has_source_file(&self, path: &str) -> bool {
        self.source_files.binary_search_by(|p| p.as_str().cmp(path)).is_ok()
    }

    /// Source files under a relative directory.
    pub fn sources_under<'a>(&'a self, dir: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        sorted_under(&self.source_files, dir, String::as_str).iter().map(String::as_str)
    }
}

/// The items of `sorted` (ordered by `path`) that lie inside the relative dir `dir`, as
/// [`is_under`] decides. They form one run: every path that starts with `dir/` sorts at or
/// after `dir/` and before any other path that does not, so two binary searches find it instead
/// of a test of every path, which rules and facts did once per app on trees of tens of
/// thousands of files.
pub fn sorted_under<'a, T>(sorted: &'a [T], dir: &str, path: impl Fn(&T) -> &str) -> &'a [T] {
    &sorted[sorted_under_range(sorted, dir, path)]
}

/// Where [`sorted_under`]'s run lies in `sorted`.
pub fn sorted_under_range<T>(sorted: &[T], dir: &str, path: impl Fn(&T) -> &str) -> std::ops::Range<usize> {
    if dir.is_empty() || dir == "." {
        return 0..sorted.len();
    }
    let prefix = format!("{dir}/");
    let start = sorted.partition_point(|item| path(item) < prefix.as_str());
    let len = sorted[start..].partition_point(|item| path(item).starts_with(prefix.as_str()));
    start..start + len
}

/// Whether the relative path `path` lies inside the relative dir `dir`.
pub fn is_under(path: &str, dir: &str) -> bool {
    dir.is_empty() || dir == "." || (path.len() > dir.len() && path.starts_with(dir) && path.as_bytes()[dir.len()] == b'/')
}

/// Errors that stop discovery (the path itself is unusable).
#[derive(Debug)]
pub enum DiscoverError {
    NotFound(PathBuf),
    NotADirectory(PathBuf),
}

impl std::fmt::Display for DiscoverError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DiscoverError::NotFound(p) => write!(f, "{}: no such file or directory", p.display()),
            DiscoverError::NotADirectory(p) => write!(f, "{}: not a directory (pass the project folder)", p.display()),
        }
    }
}

/// One walk entry, as the parallel walkers report it.
enum Seen {
    Dir(String),
    File { rel: String },
}

/// Walks `root` once, in parallel, and classifies what it finds. Source files are only listed
/// here: the facts stage reads each one once, when it knows which belong to an app. `package.json`
/// and `convex.json` are read through `files` so they are available for code frames later.
pub fn discover(root: &Path, files: &mut Files) -> Result<Project, DiscoverError> {
    let meta = std::fs::metadata(root).map_err(|_| DiscoverError::NotFound(root.to_path_buf()))?;
    if !meta.is_dir() {
        return Err(DiscoverError::NotADirectory(root.to_path_buf()));
    }
    let mut project = Project { root: root.to_path_buf(), ..Default::default() };
    let mut package_paths = Vec::new();
    let mut convex_json_dirs = BTreeSet::new();
    let mut dirs = BTreeSet::new();

    // The walker's own ignore-file handling is off: it opens `.gitignore`/`.ignore` with a plain
    // `open`, which hangs on a FIFO and reads `/dev/zero` forever. [`IgnoreRules`] applies the
    // same files, read through the one bounded reader.
    let rules = std::sync::Arc::new(IgnoreRules::new(root));
    let walker = ignore::WalkBuilder::new(root)
        .hidden(false)
        .git_ignore(false)
        .git_global(false)
        .git_exclude(false)
        .require_git(false)
        .ignore(false)
        .parents(false)
        .follow_links(false)
        .threads(std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).min(8))
        .filter_entry(move |e| {
            let is_dir = e.file_type().is_some_and(|t| t.is_dir());
            if is_dir && e.depth() > 0 && SKIPPED_DIRS.contains(&e.file_name().to_string_lossy().as_ref()) {
                return false;
            }
            e.depth() == 0 || !rules.is_ignored(e.path(), is_dir)
        })
        .build_parallel();
    let seen = std::sync::Mutex::new(Vec::new());
    walker.run(|| {
        let mut batch = Batch { local: Vec::new(), shared: &seen };
        Box::new(move |entry| {
            if let Ok(entry) = entry {
                batch.local.extend(visit(root, &entry));
            }
            ignore::WalkState::Continue
        })
    });
    let mut seen = seen.into_inner().unwrap_or_else(|e| e.into_inner());
    // Parallel walkers report in any order; everything downstream wants a stable one. Each
    // walker thread sorted its own share (`Batch`): this sort finds those runs and merges them.
    seen.sort_by(|a, b| seen_key(a).cmp(seen_key(b)));
    for item in seen {
        match item {
            Seen::Dir(rel) => {
                dirs.insert(rel);
            }
            Seen::File { rel } => {
                project.files_seen += 1;
                let name = file_name(&rel);
                match name {
                    "package.json" => package_paths.push(rel.clone()),
                    "convex.json" => {
                        convex_json_dirs.insert(parent_dir(&rel).to_string());
                    }
                    _ => {}
                }
                if is_source_name(name) {
                    project.source_files.push(rel);
                } else if is_doc_name(name) {
                    project.doc_files.push(rel);
                }
            }
        }
    }
    for path in &package_paths {
        project.packages.push(read_package_json(path, files));
    }
    find_convex_dirs(&mut project, &convex_json_dirs, &dirs, files);
    find_apps(&mut project, &dirs);
    Ok(project)
}

/// `.ignore`, `.gitignore` (in every directory from the root down) and `.git/info/exclude` (at
/// the root), with git's precedence: the deepest directory with a matching pattern decides,
/// `.ignore` before `.gitignore` in one directory. Each file is read once, through
/// [`crate::read::project_file`]; one that is not a regular file, or is over
/// [`crate::read::MAX_IGNORE_BYTES`], is treated as empty.
struct IgnoreRules {
    root: PathBuf,
    /// Per directory: the non-empty matchers that apply inside it, the directory's own first
    /// (`.ignore`, then `.gitignore`), then its parent's chain. Built once per directory;
    /// walker threads mostly only read it.
    chains: std::sync::RwLock<std::collections::HashMap<PathBuf, IgnoreChain>>,
    exclude: ignore::gitignore::Gitignore,
}

type IgnoreChain = std::sync::Arc<[std::sync::Arc<ignore::gitignore::Gitignore>]>;

impl IgnoreRules {
    fn new(root: &Path) -> Self {
        let exclude = crate::read::ignore_matcher(root, &[root.join(".git/info/exclude")]);
        IgnoreRules { root: root.to_path_buf(), chains: Default::default(), exclude }
    }

    fn chain(&self, dir: &Path) -> IgnoreChain {
        if let Some(chain) = self.chains.read().unwrap_or_else(|e| e.into_inner()).get(dir) {
            return chain.clone();
        }
        // Built outside the lock (it reads files); two threads may both build one, same result.
        let parent = match dir.parent() {
            Some(parent) if dir != self.root && parent.starts_with(&self.root) => self.chain(parent),
            _ => std::sync::Arc::from(Vec::new()),
        };
        let own = [".ignore", ".gitignore"]
            .iter()
            .map(|name| crate::read::ignore_matcher(dir, &[dir.join(name)]))
            .filter(|m| !m.is_empty())
            .map(std::sync::Arc::new);
        let chain: IgnoreChain = own.chain(parent.iter().cloned()).collect();
        self.chains.write().unwrap_or_else(|e| e.into_inner()).insert(dir.to_path_buf(), chain.clone());
        chain
    }

    fn is_ignored(&self, path: &Path, is_dir: bool) -> bool {
        let Some(dir) = path.parent() else { return false };
        // A walker thread sees a directory's entries one after another: keeping the last
        // directory's chain saves hashing the path of every file into the shared map.
        thread_local! {
            static LAST: std::cell::RefCell<Option<(PathBuf, IgnoreChain)>> = const { std::cell::RefCell::new(None) };
        }
        let cached = LAST.with_borrow(|last| last.as_ref().filter(|(d, _)| d.as_os_str() == dir.as_os_str()).map(|(_, c)| c.clone()));
        let chain = cached.unwrap_or_else(|| {
            let chain = self.chain(dir);
            LAST.set(Some((dir.to_path_buf(), chain.clone())));
            chain
        });
        for m in chain.iter() {
            match m.matched(path, is_dir) {
                ignore::Match::Ignore(_) => return true,
                ignore::Match::Whitelist(_) => return false,
                ignore::Match::None => {}
            }
        }
        self.exclude.matched(path, is_dir).is_ignore()
    }
}

/// Hands a walker thread's entries over in one lock when the thread is done, sorted on that
/// thread: the walk's threads sort in parallel, and the main thread only merges.
struct Batch<'a> {
    local: Vec<Seen>,
    shared: &'a std::sync::Mutex<Vec<Seen>>,
}

impl Drop for Batch<'_> {
    fn drop(&mut self) {
        self.local.sort_unstable_by(|a, b| seen_key(a).cmp(seen_key(b)));
        if let Ok(mut shared) = self.shared.lock() {
            shared.append(&mut self.local);
        }
    }
}

fn seen_key(s: &Seen) -> &str {
    match s {
        Seen::Dir(rel) | Seen::File { rel } => rel,
    }
}

fn is_source_name(name: &str) -> bool {
    let ext = Path::new(name).extension().and_then(|e| e.to_str()).unwrap_or("");
    SOURCE_EXTENSIONS.contains(&ext) && !name.ends_with(".d.ts")
}

/// Docs a developer follows. A changelog that mentions a command records history; it is not
/// an instruction.
fn is_doc_name(name: &str) -> bool {
    let name = name.as_bytes();
    let ends_with = |suffix: &[u8]| name.len() >= suffix.len() && name[name.len() - suffix.len()..].eq_ignore_ascii_case(suffix);
    (ends_with(b".md") || ends_with(b".mdx")) && !name.get(..9).is_some_and(|start| start.eq_ignore_ascii_case(b"changelog"))
}

fn visit(root: &Path, entry: &ignore::DirEntry) -> Option<Seen> {
    let ft = entry.file_type()?;
    let rel = rel_path(root, entry.path());
    if ft.is_dir() {
        return Some(Seen::Dir(rel));
    }
    if !ft.is_file() {
        return None;
    }
    // No `metadata()` here: one `stat` per file is a fifth of the walk. The size cap is
    // checked on the open handle when a file is read.
    Some(Seen::File { rel })
}

/// The last component of a relative path.
fn file_name(rel: &str) -> &str {
    crate::read::split_dir(rel).1
}

fn parent_dir(rel: &str) -> &str {
    crate::read::split_dir(rel).0
}

fn read_package_json(path: &str, files: &mut Files) -> PackageJson {
    let mut pkg = PackageJson {
        dir: parent_dir(path).to_string(),
        path: path.to_string(),
        name: None,
        deps: BTreeMap::new(),
        scripts: BTreeMap::new(),
        workspaces: Vec::new(),
        build_only_deps: BTreeSet::new(),
        library_entry: false,
        parse_error: None,
    };
    let Some(file) = files.load(path) else {
        pkg.parse_error = Some("cannot be read".into());
        return pkg;
    };
    let json: serde_json::Value = match serde_json::from_str(&file.text) {
        Ok(v) => v,
        Err(e) => {
            pkg.parse_error = Some(e.to_string());
            return pkg;
        }
    };
    pkg.name = json.get("name").and_then(|n| n.as_str()).map(str::to_string);
    for section in ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"] {
        if let Some(map) = json.get(section).and_then(|d| d.as_object()) {
            for (k, v) in map {
                pkg.deps.entry(k.clone()).or_insert_with(|| v.as_str().unwrap_or("").to_string());
            }
        }
    }
    let runtime: BTreeSet<&String> = ["dependencies", "optionalDependencies"]
        .iter()
        .filter_map(|section| json.get(section).and_then(|d| d.as_object()))
        .flat_map(|map| map.keys())
        .collect();
    pkg.build_only_deps = pkg.deps.keys().filter(|k| !runtime.contains(k)).cloned().collect();
    pkg.library_entry = ["main", "module", "exports", "bin"].iter().any(|k| json.get(k).is_some());
    if let Some(map) = json.get("scripts").and_then(|d| d.as_object()) {
        for (k, v) in map {
            pkg.scripts.insert(k.clone(), v.as_str().unwrap_or("").to_string());
        }
    }
    let ws = json.get("workspaces");
    let ws = ws.and_then(|w| w.get("packages")).or(ws);
    if let Some(list) = ws.and_then(|w| w.as_array()) {
        pkg.workspaces = list.iter().filter_map(|v| v.as_str().map(str::to_string)).collect();
    }
    pkg
}

/// The `functions` field of a `convex.json` (JSONC), or an error message.
fn convex_json_functions(text: &str) -> Result<Option<String>, String> {
    let value: Option<serde_json::Value> = jsonc_parser::parse_to_serde_value(text, &Default::default()).map_err(|e| e.to_string())?;
    let Some(value) = value else { return Err("the file is empty".into()) };
    if !value.is_object() {
        return Err("expected a JSON object".into());
    }
    Ok(value.get("functions").and_then(|f| f.as_str()).map(|s| s.trim_end_matches('/').trim_start_matches("./").to_string()))
}

fn find_convex_dirs(project: &mut Project, convex_json_dirs: &BTreeSet<String>, dirs: &BTreeSet<String>, files: &mut Files) {
    let mut owners: BTreeSet<String> = convex_json_dirs.clone();
    for pkg in &project.packages {
        if pkg.depends_on("convex") {
            owners.insert(pkg.dir.clone());
        }
    }
    for owner in owners {
        let mut functions = "convex".to_string();
        let mut convex_json = None;
        let mut convex_json_error = None;
        if convex_json_dirs.contains(&owner) {
            let path = join_rel(&owner, "convex.json");
            if let Some(file) = files.load(&path) {
                match convex_json_functions(&file.text) {
                    Ok(Some(f)) if !f.is_empty() => functions = f,
                    Ok(_) => {}
                    Err(e) => convex_json_error = Some(e),
                }
            }
            convex_json = Some(path);
        }
        let dir = join_rel(&owner, &functions);
        if !dirs.contains(&dir) {
            continue;
        }
        let abs = project.root.join(&dir);
        let existing = |name: &str| abs.join(name).is_file().then(|| join_rel(&dir, name));
        let package = project.packages.iter().position(|p| p.dir == owner);
        project.convex_dirs.push(ConvexDir {
            auth_config_ts: existing("auth.config.ts"),
            auth_config_js: existing("auth.config.js"),
            env_files: list_env_files(&project.root, &owner),
            dir,
            package_dir: owner,
            package,
            convex_json,
            convex_json_error,
        });
    }
}

/// The `.env*` files directly in a directory (they are usually git-ignored, so the walk
/// does not see them; listing one directory is cheap).
pub fn list_env_files(root: &Path, dir: &str) -> Vec<String> {
    let mut out = Vec::new();
    let Ok(read) = std::fs::read_dir(root.join(dir)) else { return out };
    for entry in read.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let is_env = name == ".env" || name.starts_with(".env.");
        if is_env && !name.ends_with(".swp") && entry.file_type().is_ok_and(|t| t.is_file()) {
            out.push(join_rel(dir, &name));
        }
    }
    out.sort();
    out
}

fn classify(pkg: &PackageJson, root: &Path) -> (Framework, Option<Router>) {
    let has = |n: &str| pkg.depends_on(n);
    let dir_exists = |d: &str| root.join(&pkg.dir).join(d).is_dir();
    if has("next") || has(sdk::AUTHKIT_NEXTJS) {
        let router = if dir_exists("app") || dir_exists("src/app") {
            Some(Router::App)
        } else if dir_exists("pages") || dir_exists("src/pages") {
            Some(Router::Pages)
        } else {
            None
        };
        return (Framework::Nextjs, router);
    }
    let framework = if has("@tanstack/react-start") || has("@tanstack/start") || sdk::TANSTACK_SDKS.iter().any(|p| has(p)) {
        Framework::TanstackStart
    } else if has(sdk::AUTHKIT_REMIX) || pkg.deps.keys().any(|k| k.starts_with("@remix-run/")) {
        Framework::Remix
    } else if has(sdk::AUTHKIT_REACT_ROUTER) || has("@react-router/dev") {
        Framework::ReactRouter
    } else if has("@sveltejs/kit") || has(sdk::AUTHKIT_SVELTEKIT) || has(sdk::AUTHKIT_SVELTEKIT_LEGACY) {
        Framework::Sveltekit
    } else if has("expo") {
        Framework::Expo
    } else if has("vite") || has("react") {
        Framework::ViteReact
    } else {
        Framework::Unknown
    };
    (framework, None)
}

/// The packages whose presence makes a package.json a framework app rather than a plain library.
const FRAMEWORK_PACKAGES: &[&str] = &[
    "next",
    "vite",
    "react",
    "react-dom",
    "@tanstack/react-start",
    "@tanstack/start",
    "@sveltejs/kit",
    "@react-router/dev",
    "@remix-run/react",
    "expo",
];

/// The framework packages an app using `sdk` depends on itself.
fn frameworks_for_sdk(sdk: &str) -> &'static [&'static str] {
    match sdk {
        sdk::AUTHKIT_NEXTJS => &["next"],
        sdk::AUTHKIT_TANSTACK | sdk::AUTHKIT_TANSTACK_LEGACY => &["@tanstack/react-start", "@tanstack/start"],
        sdk::AUTHKIT_REACT_ROUTER => &["react-router", "@react-router/dev"],
        sdk::AUTHKIT_REMIX => &["@remix-run/react", "@remix-run/node"],
        sdk::AUTHKIT_SVELTEKIT | sdk::AUTHKIT_SVELTEKIT_LEGACY => &["@sveltejs/kit"],
        _ => &["react", "vite"],
    }
}

/// A package others import or run as a tool (it has `main`/`exports`/`bin`), that needs its
/// framework only to build or as a peer, and whose scripts start no dev server: an auth helper
/// package of a monorepo or a code generator, not an app.
fn is_library_package(pkg: &PackageJson) -> bool {
    let runs_framework = FRAMEWORK_PACKAGES.iter().any(|f| pkg.depends_on(f) && !pkg.build_only_deps.contains(*f));
    let serves = pkg.scripts.values().any(|script| {
        script
            .split(|c: char| c.is_whitespace() || c == '&' || c == ';')
            .any(|word| matches!(word, "next" | "vite" | "svelte-kit" | "react-router" | "remix" | "expo" | "vinxi"))
    });
    pkg.library_entry && !runs_framework && !serves
}

/// A workspace root that declares an AuthKit SDK for its members (hoisted) but runs no framework
/// itself: the members with the SDK's framework and no SDK of their own are the apps.
fn hoisted_sdk_members(project: &Project, root: usize) -> Vec<usize> {
    let pkg = &project.packages[root];
    if pkg.workspaces.is_empty() || FRAMEWORK_PACKAGES.iter().any(|f| pkg.depends_on(f)) {
        return Vec::new();
    }
    let Some(sdk) = AUTHKIT_PACKAGES.iter().find(|p| pkg.depends_on(p)) else { return Vec::new() };
    let prefix = if pkg.dir.is_empty() { String::new() } else { format!("{}/", pkg.dir) };
    (0..project.packages.len())
        .filter(|&i| i != root)
        .filter(|&i| {
            let member = &project.packages[i];
            member.dir.starts_with(&prefix)
                && !AUTHKIT_PACKAGES.iter().any(|p| member.depends_on(p))
                && frameworks_for_sdk(sdk).iter().any(|f| member.depends_on(f))
        })
        .collect()
}

fn find_apps(project: &mut Project, _dirs: &BTreeSet<String>) {
    // Hoisted SDKs first: members inherit the root's AuthKit dependency, and the root stops
    // being an app of its own.
    let mut hoisting_roots = BTreeSet::new();
    for root in 0..project.packages.len() {
        let members = hoisted_sdk_members(project, root);
        if members.is_empty() {
            continue;
        }
        hoisting_roots.insert(root);
        let inherited: Vec<(String, String)> = project.packages[root]
            .deps
            .iter()
            .filter(|(name, _)| AUTHKIT_PACKAGES.contains(&name.as_str()))
            .map(|(name, range)| (name.clone(), range.clone()))
            .collect();
        for member in members {
            for (name, range) in &inherited {
                project.packages[member].deps.entry(name.clone()).or_insert_with(|| range.clone());
            }
        }
    }
    let mut apps = Vec::new();
    for (i, pkg) in project.packages.iter().enumerate() {
        if hoisting_roots.contains(&i) || is_library_package(pkg) {
            continue;
        }
        let Some(authkit) = AUTHKIT_PACKAGES.iter().find(|p| pkg.depends_on(p)) else { continue };
        // A Convex backend package that only uses the AuthKit *component* is not a frontend app.
        let only_component =
            *authkit == "@convex-dev/workos-authkit" && !pkg.deps.keys().any(|k| k == "react" || k == "next" || k == "vite");
        if only_component {
            continue;
        }
        let (framework, router) = classify(pkg, &project.root);
        apps.push(App {
            dir: pkg.dir.clone(),
            package: i,
            framework,
            router,
            authkit_package: Some((authkit.to_string(), pkg.deps[*authkit].clone())),
            convex: pair_with_convex(project, pkg),
            env_files: list_env_files(&project.root, &pkg.dir),
        });
    }
    project.apps = apps;
}

/// Which Convex functions dir an app talks to: its own, else the one of a workspace package it
/// depends on, else the only one there is, else the nearest by path.
fn pair_with_convex(project: &Project, pkg: &PackageJson) -> Option<usize> {
    let dirs = &project.convex_dirs;
    if let Some(i) = dirs.iter().position(|c| c.package_dir == pkg.dir) {
        return Some(i);
    }
    for (i, c) in dirs.iter().enumerate() {
        let owner_name = c.package.and_then(|p| project.packages[p].name.as_deref());
        if owner_name.is_some_and(|n| pkg.depends_on(n)) {
            return Some(i);
        }
    }
    // Otherwise guess by place — but never take the backend of another frontend (an example
    // app's `convex/` inside a repo whose main app talks to a hosted deployment).
    let owned_by_other_frontend = |c: &ConvexDir| {
        c.package.is_some_and(|p| {
            let owner = &project.packages[p];
            owner.dir != pkg.dir && ["react", "next", "vite", "react-native", "expo"].iter().any(|d| owner.depends_on(d))
        })
    };
    let candidates: Vec<usize> = (0..dirs.len()).filter(|&i| !owned_by_other_frontend(&dirs[i])).collect();
    if candidates.len() == 1 {
        return Some(candidates[0]);
    }
    candidates.into_iter().max_by_key(|&i| common_prefix_len(&dirs[i].package_dir, &pkg.dir))
}

fn common_prefix_len(a: &str, b: &str) -> usize {
    a.split('/').zip(b.split('/')).take_while(|(x, y)| x == y).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, rel: &str, text: &str) {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// The binary search finds exactly what a test of every path with `is_under` finds, with
    /// neighbours that share the dir's name (`app-x`, `app.old`, `appz`) on both sides.
    #[test]
    fn sorted_under_matches_is_under() {
        let mut paths: Vec<String> =
            ["a.ts", "app", "app-x/a.ts", "app.old/x.ts", "app/a.ts", "app/b/c.ts", "app/z.ts", "appz", "b/app/a.ts"]
                .iter()
                .map(|p| p.to_string())
                .collect();
        paths.sort();
        for dir in ["", ".", "app", "app/b", "app-x", "b", "b/app", "missing", "app/a.ts"] {
            let fast: Vec<&String> = sorted_under(&paths, dir, String::as_str).iter().collect();
            let slow: Vec<&String> = paths.iter().filter(|p| is_under(p, dir)).collect();
            assert_eq!(fast, slow, "dir {dir:?}");
        }
    }

    /// Ignore files are applied as git does (deeper wins, `!` re-includes, `.ignore` too),
    /// though they are read by us rather than by the walker.
    #[test]
    fn ignore_files_are_applied_with_git_precedence() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, ".gitignore", "gen/\n*.skip.ts\n");
        write(root, ".ignore", "private/\n");
        write(root, "src/.gitignore", "!keep.skip.ts\n");
        for file in ["src/a.ts", "src/b.skip.ts", "src/keep.skip.ts", "gen/c.ts", "private/d.ts", "src/gen/e.ts"] {
            write(root, file, "export {};\n");
        }
        let mut files = Files::new(root);
        let project = discover(root, &mut files).unwrap();
        let sources: Vec<&str> = project.source_files.iter().map(String::as_str).collect();
        assert_eq!(sources, ["src/a.ts", "src/keep.skip.ts"]);
    }

    #[cfg(unix)]
    #[test]
    fn an_ignore_file_that_is_a_fifo_or_a_device_is_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "src/a.ts", "export {};\n");
        assert!(std::process::Command::new("mkfifo").arg(root.join(".gitignore")).status().unwrap().success());
        std::os::unix::fs::symlink("/dev/zero", root.join("src/.ignore")).unwrap();
        let mut files = Files::new(root);
        let project = discover(root, &mut files).unwrap();
        assert_eq!(project.source_files.len(), 1);
    }
}
