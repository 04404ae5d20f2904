//! The per-app join: an app's React facts ([`AppReact`]) built from its files, the entry
//! points and what they reach, and which files Convex deploys.

use super::*;

/// What a JSX element or a name stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ident {
    /// An export of a registry package: (import source, exported name).
    Package { source: String, name: String },
    /// A unit (component) of a parsed project file: (file id, unit).
    Unit { file: usize, unit: usize },
    /// A DOM element, a local that is not a unit, `Ctx.Provider`: renders its children.
    Intrinsic(String),
    /// A project component that could not be looked into (file not parsed, export not found).
    Opaque(String),
}

impl Ident {
    pub fn is_package_export(&self, packages: &[&str], names: &[&str]) -> bool {
        matches!(self, Ident::Package { source, name } if packages.contains(&base_package(source)) && names.contains(&name.as_str()))
    }

    /// `AuthKitProvider` from any AuthKit client package.
    pub fn is_authkit_provider(&self) -> bool {
        self.is_package_export(PROVIDER_PACKAGES, &["AuthKitProvider"])
    }

    /// A Convex provider that fetches tokens: `ConvexProviderWithAuth` (convex/react) or
    /// `ConvexProviderWithAuthKit` (@convex-dev/workos).
    pub fn is_convex_auth_provider(&self) -> bool {
        matches!(self, Ident::Package { source, name }
            if (source == CONVEX_REACT && name == "ConvexProviderWithAuth") || (base_package(source) == CONVEX_DEV_WORKOS && name == "ConvexProviderWithAuthKit"))
    }
}

/// What a local name of a file is bound to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Binding {
    Package {
        source: String,
        imported: String,
    },
    /// Imported from a project file (resolved path).
    File {
        path: String,
        imported: String,
    },
    /// Imported from a project path that matched no file.
    Unresolved,
    Unit(usize),
    None,
}

/// One component or package element reached from a root, with the components and package
/// elements around it (outermost first; DOM elements are left out).
#[derive(Debug, Clone)]
pub struct Rendered {
    pub file: usize,
    pub element: usize,
    pub ancestors: Vec<Ident>,
}

/// A file the app is deployed with (`netlify.toml`, `vercel.json`, `_redirects`).
#[derive(Debug, Clone)]
pub struct DeployConfig {
    pub path: String,
}

/// An app's React wiring, joined across its files (and the workspace packages it uses).
#[derive(Debug, Default)]
pub struct AppReact {
    /// Parsed files of workspace packages the app depends on, outside the app's dir (file ids
    /// continue after the app's own `code.files`).
    pub workspace_files: Vec<CodeFileFacts>,
    /// Per file id, per import: what the source resolves to.
    pub import_targets: Vec<Vec<Target>>,
    /// Per file id, per re-export.
    pub reexport_targets: Vec<Vec<Target>>,
    /// Per file id: the owning package (index into [`Project::packages`]).
    pub file_packages: Vec<Option<usize>>,
    /// Per file id: an app file, or a workspace file the app's files import (directly or
    /// through other files). Workspace files the app does not use are only there to resolve.
    pub used: Vec<bool>,
    /// Every element reached from the app's roots.
    pub rendered: Vec<Rendered>,
    /// Where the tree walk started (file id, what: `app/layout.tsx default export`, …).
    pub roots: Vec<(usize, String)>,
    /// Providers around the app's routed content (`{children}` of the root layout, the router
    /// outlet inside TanStack's wrappers).
    pub page_slots: Vec<Vec<Ident>>,
    /// False when the walk met project components it could not look into.
    pub complete: bool,
    pub deploy_configs: Vec<DeployConfig>,
    /// Parsed files of the app's dir that no entry reaches (left out of the app's code facts).
    pub unreachable: Vec<String>,
    /// Whether the app's entry files were found: otherwise every file counts as the app's.
    pub entries_known: bool,
}

impl AppReact {
    /// Joins an app's files. `candidates` are the parsed files inside the app's dir; those the
    /// app's entries ([`crate::facts::entries`]) never reach through imports are dropped here, so a
    /// backup folder, an unused old adapter or a test is neither evidence nor a place to report.
    /// Returns the app's code facts (reachable files only) with the joined wiring.
    /// `reachable` is [`app_reachable_files`] of the app.
    pub fn build(
        project: &Project,
        app: &App,
        candidates: Vec<&CodeFileFacts>,
        reachable: Option<&HashSet<String>>,
        index: &CodeIndex,
        files: &mut Files,
    ) -> (CodeFacts, AppReact) {
        let packages = workspace_packages(project, app);
        let mut resolver = Resolver::new(project);
        // Tests and stories never run in the app, reachable or not.
        let counts = |path: &str| !is_test_or_story(path) && reachable.as_ref().is_none_or(|r| r.contains(path));
        let unreachable: Vec<String> = candidates.iter().filter(|f| !counts(&f.path)).map(|f| f.path.clone()).collect();
        let code = CodeFacts::merge(candidates.into_iter().filter(|f| counts(&f.path)));
        let workspace_files: Vec<CodeFileFacts> = index
            .files
            .iter()
            .filter(|f| {
                packages.iter().any(|&p| is_under(&f.path, &project.packages[p].dir))
                    && !is_under(&f.path, &app.dir)
                    && !project.convex_dirs.iter().any(|c| is_under(&f.path, &c.dir))
            })
            .cloned()
            .collect();
        let all: Vec<&CodeFileFacts> = code.files.iter().chain(workspace_files.iter()).collect();
        let mut import_targets = Vec::with_capacity(all.len());
        let mut reexport_targets = Vec::with_capacity(all.len());
        let mut file_packages = Vec::with_capacity(all.len());
        for f in &all {
            import_targets.push(f.react.imports.iter().map(|i| resolver.resolve(&f.path, &i.source, files)).collect::<Vec<_>>());
            reexport_targets.push(f.react.reexports.iter().map(|r| resolver.resolve(&f.path, &r.source, files)).collect::<Vec<_>>());
            file_packages.push(resolver.package_of(&f.path));
        }
        let own = code.files.len();
        let mut used: Vec<bool> = (0..all.len()).map(|i| i < own).collect();
        match &reachable {
            // Workspace files the entries reach are the app's; the rest only help resolve.
            Some(reached) => {
                for (i, f) in all.iter().enumerate().skip(own) {
                    used[i] = reached.contains(&f.path);
                }
            }
            None => {
                let by_path: HashMap<&str, usize> = all.iter().enumerate().map(|(i, f)| (f.path.as_str(), i)).collect();
                let mut queue: Vec<usize> = (0..own).collect();
                while let Some(f) = queue.pop() {
                    for t in import_targets[f].iter().chain(&reexport_targets[f]) {
                        if let Target::File(path) = t
                            && let Some(&g) = by_path.get(path.as_str())
                            && !used[g]
                        {
                            used[g] = true;
                            queue.push(g);
                        }
                    }
                }
            }
        }
        let graph = Graph::new(all, &import_targets, &reexport_targets);
        let mut walker = Walker { graph: &graph, out: Vec::new(), complete: true, budget: 200_000, slots: Vec::new() };
        let roots = walker.walk_from_roots(app);
        let (rendered, complete, page_slots) = (walker.out, walker.complete, walker.slots);
        drop(graph);
        let react = AppReact {
            workspace_files,
            import_targets,
            reexport_targets,
            file_packages,
            used,
            rendered,
            roots,
            page_slots,
            complete,
            deploy_configs: deploy_configs(project, app),
            unreachable,
            entries_known: reachable.is_some(),
        };
        (code, react)
    }
}

/// Every file the entries reach through imports and re-exports (module specifiers from
/// [`CodeIndex::module_imports`], resolved like the element tree's imports). `None` when a
/// reached file imports project code the resolver cannot find (an alias from a tsconfig it
/// could not read, say): the graph has a hole, so nothing may be called unreachable.
pub(super) fn reach(entries: &[String], index: &CodeIndex, resolver: &mut Resolver, files: &mut Files) -> Option<HashSet<String>> {
    let mut seen: HashSet<String> = entries.iter().cloned().collect();
    let mut queue: Vec<String> = entries.to_vec();
    while let Some(file) = queue.pop() {
        let Some(sources) = index.module_imports.get(&file) else { continue };
        for source in sources {
            match resolver.resolve(&file, source, files) {
                Target::File(target) if seen.insert(target.clone()) => queue.push(target),
                Target::File(_) => {}
                _ if names_project_code(source) && !is_tooling(&file) => {
                    if std::env::var_os("AUTHKIT_DOCTOR_DEBUG_REACH").is_some() {
                        eprintln!("reach: {file} imports {source}, which does not resolve: every file counts");
                    }
                    return None;
                }
                _ => {}
            }
        }
    }
    Some(seen)
}

/// The files an app's entry points ([`crate::facts::entries`]) reach through imports; `None`
/// when the entries are unknown or an import of project code does not resolve (every file
/// then counts).
pub fn app_reachable_files(project: &Project, app: &App, index: &CodeIndex, files: &mut Files) -> Option<HashSet<String>> {
    let entries = crate::facts::entries::app_entries(project, app, files)?;
    reach(&entries, index, &mut Resolver::new(project), files)
}

/// The files of a Convex functions dir that run on the deployment: the entry points the Convex
/// CLI bundles (see [`is_convex_entry_point`]) and every file they import. `None` when an
/// import of project code does not resolve (nothing may then be called dead).
pub fn convex_deployed_files(project: &Project, dir: &str, index: &CodeIndex, files: &mut Files) -> Option<HashSet<String>> {
    let entries: Vec<String> = project.sources_under(dir).filter(|p| is_convex_entry_point(&p[dir.len()..])).map(str::to_string).collect();
    reach(&entries, index, &mut Resolver::new(project), files)
}

/// Whether a file of a Convex functions dir (path relative to it) is one the Convex CLI bundles
/// as a module of its own: a JS/TS file, not under `_generated/`, not a dotfile or `#` editor
/// file, not the schema, with one dot in its name (`users.ts`, not `users.test.ts`) and no
/// space in its path (`myfunctions copy.ts` is skipped). Such files still run when an entry
/// point imports them.
pub fn is_convex_entry_point(rel: &str) -> bool {
    let rel = rel.trim_start_matches('/');
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let code = [".js", ".mjs", ".cjs", ".ts", ".tsx", ".mts", ".cts", ".jsx"].iter().any(|e| name.ends_with(e));
    code && !rel.split('/').any(|p| p == "_generated")
        && !name.starts_with('.')
        && !name.starts_with('#')
        && !matches!(name, "schema.ts" | "schema.js")
        && name.matches('.').count() == 1
        && !rel.contains(' ')
}

/// Test and story files (`*.test.tsx`, `__tests__/`, `*.stories.tsx`, `e2e/`): code that
/// exercises the app, never part of it.
pub fn is_test_or_story(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    [".test.", ".spec.", ".stories.", ".story."].iter().any(|m| name.contains(m))
        || path.split('/').any(|part| matches!(part, "__tests__" | "__mocks__" | "e2e" | "cypress" | "playwright" | "test" | "tests"))
}

/// Config, test and script files: what they fail to import leaves no hole in the app itself.
pub(super) fn is_tooling(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    [".config.", ".test.", ".spec.", ".stories."].iter().any(|m| name.contains(m))
        || path.split('/').any(|part| matches!(part, "__tests__" | "scripts" | "e2e" | "test" | "tests"))
}

/// A specifier that can only mean a file of the project: relative, or an alias (`@/…`, `~/…`,
/// `#…`) — and a module, not an asset (`./styles.css`, `./logo.svg`).
pub(super) fn names_project_code(source: &str) -> bool {
    // Vite's `?url`, `?raw`, `?inline` suffixes ask for an asset, not a module.
    let source = source.split('?').next().unwrap_or(source);
    // Convex's generated client (`convex/_generated/api`) is code, but not the app's.
    if source.contains("/_generated/") || source.ends_with("/_generated") {
        return false;
    }
    let project_like = source.starts_with('.') || source.starts_with("@/") || source.starts_with('~') || source.starts_with('#');
    let name = source.rsplit('/').next().unwrap_or(source);
    let module_like = match name.rsplit_once('.') {
        Some((_, ext)) => SOURCE_EXTS.iter().any(|e| e[1..] == *ext) || !ext.chars().all(|c| c.is_ascii_alphanumeric()) || ext.len() > 5,
        None => true,
    };
    project_like && module_like
}

pub(super) fn deploy_configs(project: &Project, app: &App) -> Vec<DeployConfig> {
    let mut out = Vec::new();
    let mut dirs = vec![app.dir.as_str()];
    if !app.dir.is_empty() {
        dirs.push("");
    }
    for dir in dirs {
        for name in ["netlify.toml", "vercel.json", "_redirects", "public/_redirects"] {
            let path = join_rel(dir, name);
            if project.root.join(&path).is_file() {
                out.push(DeployConfig { path });
            }
        }
    }
    out
}
