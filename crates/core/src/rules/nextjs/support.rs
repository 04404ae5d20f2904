//! What the `nextjs/*` rules share: which apps are Next.js + authkit-nextjs apps, where their
//! routes and middleware are, their route paths, and the SDK version.

use crate::diagnostic::Location;
use crate::discover::{App, Framework, is_under};
use crate::facts::AppFacts;
use crate::facts::code::CodeFileFacts;
use crate::facts::versions::{Version, VersionSource};
use crate::rules::CheckContext;
use crate::source::join_rel;

pub use crate::facts::react::AUTHKIT_NEXTJS;

/// Extensions Next accepts for `middleware` / `proxy` and route files.
const EXTENSIONS: &[&str] = &["ts", "tsx", "js", "jsx", "mjs", "mts"];

/// A Next.js app that signs in with `@workos-inc/authkit-nextjs`.
pub struct NextApp<'a> {
    pub app: &'a App,
    /// Names of the workspace's own packages (`@repo/auth`): imports of them are project code.
    pub workspace_packages: Vec<&'a str>,
    pub facts: &'a AppFacts,
    /// The app router dir (`app` or `src/app` under the app's dir), when there is one.
    pub app_dir: Option<String>,
    /// The pages router dir, when there is one.
    pub pages_dir: Option<String>,
    /// Where Next looks for `middleware.ts` / `proxy.ts`: next to `app/` / `pages/`.
    pub middleware_dir: String,
}

impl NextApp<'_> {
    /// Parsed facts of one of the app's files.
    pub fn file(&self, path: &str) -> Option<&CodeFileFacts> {
        self.facts.code.file(path)
    }

    /// The installed (or locked, or lowest declared) authkit-nextjs version.
    pub fn sdk_version(&self) -> Option<SdkVersion> {
        sdk_version(self.facts, AUTHKIT_NEXTJS)
    }
}

/// A package version and, when it only comes from the declared range, a note saying so.
pub struct SdkVersion {
    pub version: Version,
    /// `Some("declared `^3.0.1`; …")` when no lockfile or node_modules told the real version.
    pub from_range: Option<String>,
}

impl SdkVersion {
    /// `authkit-nextjs 3.0.1` or `authkit-nextjs ^3.0.1 (3.0.1 or newer: no lockfile or node_modules)`.
    pub fn describe(&self, package: &str) -> String {
        let short = package.rsplit('/').next().unwrap_or(package);
        match &self.from_range {
            None => format!("{short} {}", self.version),
            Some(declared) => {
                format!("{short} {declared} ({} or newer: no lockfile or node_modules to tell the installed version)", self.version)
            }
        }
    }
}

pub fn sdk_version(facts: &AppFacts, package: &str) -> Option<SdkVersion> {
    let v = facts.versions.get(package)?;
    let version = v.version?;
    let from_range = (v.source == VersionSource::DeclaredRange).then(|| v.declared.clone());
    Some(SdkVersion { version, from_range })
}

/// Every Next.js app that depends on authkit-nextjs.
pub fn next_apps<'a>(cx: &'a CheckContext) -> Vec<NextApp<'a>> {
    let mut out = Vec::new();
    for (app, facts) in cx.project.apps.iter().zip(&cx.facts.apps) {
        if app.framework != Framework::Nextjs || !facts.uses_sdk(cx.project.package_of_app(app), AUTHKIT_NEXTJS) {
            continue;
        }
        let has_sources = |dir: &str| cx.project.sources_under(dir).next().is_some();
        let (root_app, root_pages) = (join_rel(&app.dir, "app"), join_rel(&app.dir, "pages"));
        let (src_app, src_pages) = (join_rel(&app.dir, "src/app"), join_rel(&app.dir, "src/pages"));
        let (app_dir, pages_dir, middleware_dir) = if has_sources(&root_app) || has_sources(&root_pages) {
            (has_sources(&root_app).then_some(root_app), has_sources(&root_pages).then_some(root_pages), app.dir.clone())
        } else {
            (has_sources(&src_app).then_some(src_app), has_sources(&src_pages).then_some(src_pages), join_rel(&app.dir, "src"))
        };
        let workspace_packages = cx.project.packages.iter().filter_map(|p| p.name.as_deref()).collect();
        out.push(NextApp { app, workspace_packages, facts, app_dir, pages_dir, middleware_dir });
    }
    out
}

fn split_name(path: &str) -> (&str, &str, &str) {
    let (dir, name) = path.rsplit_once('/').unwrap_or(("", path));
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
    (dir, stem, ext)
}

// ---------------------------------------------------------------------------------------------
// Middleware / proxy files.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// Where Next runs it (next to `app/` / `pages/`).
    Active,
    /// At the app root while the routes live in `src/` (or the reverse): Next ignores it.
    OtherRoot,
    /// Inside `app/` or `pages/`: Next ignores it.
    InsideRoutes,
}

pub struct MiddlewareFile {
    pub path: String,
    /// `proxy.*` (Next 16) rather than `middleware.*`.
    pub proxy: bool,
    pub placement: Placement,
}

/// `middleware.*` / `proxy.*` files at the places Next looks at or that people put them by mistake.
pub fn middleware_files(cx: &CheckContext, next: &NextApp) -> Vec<MiddlewareFile> {
    let mut out = Vec::new();
    for path in cx.project.sources_under(&next.app.dir) {
        let (dir, stem, ext) = split_name(path);
        if !matches!(stem, "middleware" | "proxy") || !EXTENSIONS.contains(&ext) {
            continue;
        }
        let placement = if dir == next.middleware_dir {
            Placement::Active
        } else if dir == next.app.dir || dir == join_rel(&next.app.dir, "src") {
            Placement::OtherRoot
        } else if [&next.app_dir, &next.pages_dir].into_iter().flatten().any(|d| is_under(path, d)) {
            Placement::InsideRoutes
        } else {
            continue;
        };
        out.push(MiddlewareFile { path: path.to_string(), proxy: stem == "proxy", placement });
    }
    out
}

/// Whether a middleware file runs AuthKit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunsAuthkit {
    Yes,
    No,
    /// It imports project modules (or workspace packages) that may do it.
    Unknown,
}

pub fn runs_authkit(next: &NextApp, path: &str) -> RunsAuthkit {
    let Some(file) = next.file(path) else { return RunsAuthkit::No };
    let uses = |name: &str| file.nextjs.authkit_calls.iter().any(|c| c.name == name && c.package == AUTHKIT_NEXTJS);
    let reexports = file.nextjs.exports.iter().any(|e| ["authkitMiddleware", "authkitProxy"].iter().any(|n| e.reaches.contains(*n)));
    if uses("authkitMiddleware") || uses("authkitProxy") || uses("authkit") || reexports {
        RunsAuthkit::Yes
    } else if file.nextjs.imports_project_module
        || file.react.imports.iter().any(|i| next.workspace_packages.contains(&crate::facts::react::base_package(&i.source)))
    {
        // `export default authkitMiddleware(…)` from the monorepo's own auth package.
        RunsAuthkit::Unknown
    } else {
        RunsAuthkit::No
    }
}

// ---------------------------------------------------------------------------------------------
// Routes.

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    Static(String),
    Dynamic(String),
    CatchAll(String),
    OptionalCatchAll(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RouteKind {
    Page,
    /// An app-router `route.ts` handler, or a pages-router API route.
    Handler,
    Layout,
    Template,
    /// `default`, `not-found`, `loading`, `error`, ...
    OtherSpecial,
}

#[derive(Debug, Clone)]
pub struct RouteFile {
    pub path: String,
    pub kind: RouteKind,
    pub segments: Vec<Segment>,
    /// The file's directory (routes under a layout live under it).
    pub dir: String,
}

impl RouteFile {
    /// `/a/[id]`, as written in the file tree.
    pub fn route(&self) -> String {
        let parts: Vec<String> = self
            .segments
            .iter()
            .map(|s| match s {
                Segment::Static(n) => n.clone(),
                Segment::Dynamic(n) => format!("[{n}]"),
                Segment::CatchAll(n) => format!("[...{n}]"),
                Segment::OptionalCatchAll(n) => format!("[[...{n}]]"),
            })
            .collect();
        format!("/{}", parts.join("/"))
    }

    /// A concrete request path the route serves (dynamic segments take their param name).
    pub fn sample_path(&self) -> String {
        let parts: Vec<&str> = self
            .segments
            .iter()
            .filter_map(|s| match s {
                Segment::Static(n) | Segment::Dynamic(n) | Segment::CatchAll(n) => Some(n.as_str()),
                Segment::OptionalCatchAll(_) => None,
            })
            .collect();
        format!("/{}", parts.join("/"))
    }

    /// Whether the route serves the request path `path` (query and hash ignored).
    pub fn serves(&self, path: &str) -> bool {
        let path = path.split(['?', '#']).next().unwrap_or("");
        let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
        serves(&self.segments, &parts)
    }
}

fn serves(segments: &[Segment], parts: &[&str]) -> bool {
    match (segments.split_first(), parts.split_first()) {
        (None, None) => true,
        (Some((Segment::OptionalCatchAll(_), _)), _) => true,
        (Some((Segment::CatchAll(_), _)), Some(_)) => true,
        (Some((Segment::Static(s), rest)), Some((p, prest))) => s == p && serves(rest, prest),
        (Some((Segment::Dynamic(_), rest)), Some((_, prest))) => serves(rest, prest),
        _ => false,
    }
}

fn segment(name: &str) -> Option<Option<Segment>> {
    // `(group)` and `@slot` do not appear in the URL; `(.)x` intercepting routes and `_private`
    // folders are not routes of their own.
    if name.starts_with("(.") || name.starts_with('_') {
        return None;
    }
    if (name.starts_with('(') && name.ends_with(')')) || name.starts_with('@') {
        return Some(None);
    }
    let seg = if let Some(inner) = name.strip_prefix("[[...").and_then(|n| n.strip_suffix("]]")) {
        Segment::OptionalCatchAll(inner.to_string())
    } else if let Some(inner) = name.strip_prefix("[...").and_then(|n| n.strip_suffix(']')) {
        Segment::CatchAll(inner.to_string())
    } else if let Some(inner) = name.strip_prefix('[').and_then(|n| n.strip_suffix(']')) {
        Segment::Dynamic(inner.to_string())
    } else {
        Segment::Static(name.to_string())
    };
    Some(Some(seg))
}

/// The app router's special files (pages, route handlers, layouts, ...).
pub fn app_routes(cx: &CheckContext, next: &NextApp) -> Vec<RouteFile> {
    let Some(app_dir) = &next.app_dir else { return Vec::new() };
    let mut out = Vec::new();
    'files: for path in cx.project.sources_under(app_dir) {
        let (dir, stem, ext) = split_name(path);
        if !EXTENSIONS.contains(&ext) {
            continue;
        }
        let kind = match stem {
            "page" => RouteKind::Page,
            "route" => RouteKind::Handler,
            "layout" => RouteKind::Layout,
            "template" => RouteKind::Template,
            "default" | "not-found" | "loading" | "error" => RouteKind::OtherSpecial,
            _ => continue,
        };
        let rel = dir.strip_prefix(app_dir.as_str()).unwrap_or("");
        let mut segments = Vec::new();
        for name in rel.split('/').filter(|p| !p.is_empty()) {
            match segment(name) {
                None => continue 'files,
                Some(Some(s)) => segments.push(s),
                Some(None) => {}
            }
        }
        out.push(RouteFile { path: path.to_string(), kind, segments, dir: dir.to_string() });
    }
    out
}

/// The pages router's pages and API routes.
pub fn pages_routes(cx: &CheckContext, next: &NextApp) -> Vec<RouteFile> {
    let Some(pages_dir) = &next.pages_dir else { return Vec::new() };
    let mut out = Vec::new();
    'files: for path in cx.project.sources_under(pages_dir) {
        let rel = path.strip_prefix(pages_dir.as_str()).unwrap_or(path).trim_start_matches('/');
        let (dir, stem, ext) = split_name(rel);
        if !EXTENSIONS.contains(&ext) {
            continue;
        }
        let mut segments = Vec::new();
        for name in dir.split('/').filter(|p| !p.is_empty()).chain((stem != "index").then_some(stem)) {
            if name.starts_with('_') {
                continue 'files;
            }
            match segment(name) {
                None => continue 'files,
                Some(Some(s)) => segments.push(s),
                Some(None) => {}
            }
        }
        let kind = if rel.starts_with("api/") { RouteKind::Handler } else { RouteKind::Page };
        out.push(RouteFile { path: path.to_string(), kind, segments, dir: split_name(path).0.to_string() });
    }
    out
}

/// The app-router route handler serving `href`, if any.
pub fn handler_for<'r>(routes: &'r [RouteFile], href: &str) -> Option<&'r RouteFile> {
    if !href.starts_with('/') || href.starts_with("//") {
        return None;
    }
    // A static route wins over a dynamic one, as in Next.
    let mut candidates: Vec<&RouteFile> = routes.iter().filter(|r| r.kind == RouteKind::Handler && r.serves(href)).collect();
    candidates.sort_by_key(|r| r.segments.iter().filter(|s| !matches!(s, Segment::Static(_))).count());
    candidates.first().copied()
}

/// The location of a file's start, for findings about a whole file.
pub fn file_start(path: &str) -> Location {
    Location::file_start(path)
}

/// The app-router route handlers whose `GET` reaches one of the AuthKit functions `names`.
pub fn get_handlers_calling<'r>(
    next: &NextApp,
    routes: &'r [RouteFile],
    names: &[&str],
) -> Vec<(&'r RouteFile, crate::facts::nextjs_code::Export)> {
    routes
        .iter()
        .filter(|r| r.kind == RouteKind::Handler && next.app_dir.as_deref().is_some_and(|d| is_under(&r.path, d)))
        .filter_map(|r| {
            let get = next.file(&r.path)?.nextjs.export("GET")?;
            names.iter().any(|n| get.reaches.contains(*n)).then(|| (r, get.clone()))
        })
        .collect()
}

/// AuthKit's middleware auth (`middlewareAuth: { enabled: true }`): the middleware redirects a
/// signed-out request to sign-in before any page renders, except on `unauthenticatedPaths`
/// and on paths its matcher leaves out.
pub struct MiddlewareAuthGuard {
    /// The compiled matcher; `None` when the file has none (the middleware runs everywhere).
    matchers: Option<Vec<crate::path_pattern::PathRegex>>,
    open: Vec<crate::path_pattern::PathRegex>,
}

impl MiddlewareAuthGuard {
    /// Finds the guard of a Next app: an active middleware file running AuthKit with
    /// `middlewareAuth.enabled: true`, whose matcher and `unauthenticatedPaths` are all literals
    /// that compile. `None` when there is none or any part is unknown.
    pub fn of(cx: &CheckContext, next: &NextApp) -> Option<MiddlewareAuthGuard> {
        let files = middleware_files(cx, next);
        let middleware = files.iter().find(|f| f.placement == Placement::Active && runs_authkit(next, &f.path) == RunsAuthkit::Yes)?;
        let file = next.file(&middleware.path)?;
        let [options] = file.nextjs.middleware_options.as_slice() else { return None };
        if options.middleware_auth_enabled != Some(true) {
            return None;
        }
        let open = options
            .unauthenticated_paths
            .iter()
            .map(|(p, _)| p.as_deref().and_then(crate::path_pattern::authkit_path))
            .collect::<Option<Vec<_>>>()?;
        let matchers = match &file.nextjs.matcher {
            None => None,
            Some(m) => Some(
                m.entries
                    .iter()
                    .map(|e| if e.conditional { None } else { e.source.as_deref().and_then(crate::path_pattern::next_matcher) })
                    .collect::<Option<Vec<_>>>()?,
            ),
        };
        Some(MiddlewareAuthGuard { matchers, open })
    }

    /// Whether a signed-out request for `path` is sent to sign-in by the middleware; `None`
    /// when a pattern gave up.
    pub fn guards(&self, path: &str) -> Option<bool> {
        if let Some(matchers) = &self.matchers {
            let mut covered = false;
            for m in matchers {
                covered |= m.find(path)?;
            }
            if !covered {
                return Some(false);
            }
        }
        for open in &self.open {
            if open.find(path)? {
                return Some(false);
            }
        }
        Some(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn route(segments: &[&str]) -> RouteFile {
        let segments = segments.iter().filter_map(|s| segment(s).flatten()).collect();
        RouteFile { path: String::new(), kind: RouteKind::Page, segments, dir: String::new() }
    }

    #[test]
    fn route_paths() {
        let r = route(&["(auth)", "blog", "[slug]"]);
        assert_eq!(r.route(), "/blog/[slug]");
        assert_eq!(r.sample_path(), "/blog/slug");
        assert!(r.serves("/blog/hello?x=1"));
        assert!(!r.serves("/blog"));
        let docs = route(&["docs", "[[...rest]]"]);
        assert!(docs.serves("/docs") && docs.serves("/docs/a/b"));
        assert_eq!(docs.sample_path(), "/docs");
        assert!(route(&[]).serves("/"));
        assert!(segment("_components").is_none());
    }
}
