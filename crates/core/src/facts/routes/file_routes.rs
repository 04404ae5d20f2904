//! File-based routing: which URL each route file serves, from its path alone (Next.js `app/`
//! and `pages/`, TanStack, React Router flat routes, SvelteKit), and matching paths against routes.

use super::*;

/// How a route file's location becomes its URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RouteFileKind {
    /// Next `app/**/route.ts` (or `src/app`).
    NextAppRoute,
    /// Next `pages/api/**` (or `src/pages/api`).
    NextPagesApi,
    /// TanStack Router file route (`src/routes/**`, legacy `app/routes/**`).
    TanstackFile,
    /// React Router / Remix flat route (`app/routes/*`).
    FlatRoute,
    /// SvelteKit `src/routes/**/+server.ts`.
    SveltekitServer,
}

/// A file that file-based routing turns into a URL.
#[derive(Debug, Clone)]
pub struct RouteFile {
    pub file: String,
    pub kind: RouteFileKind,
    /// URL path pattern, before any base path: `/callback`, `/users/[id]`, `/files/$`.
    pub path: String,
}

/// The file-based routes of one app (from file paths alone; see [`callbacks`] for what the files do).
#[derive(Debug, Default, Clone)]
pub struct RouteFacts {
    pub files: Vec<RouteFile>,
}

pub(super) const ROUTE_EXTENSIONS: &[&str] = &["ts", "tsx", "js", "jsx", "mjs", "mts"];

pub(super) fn split_ext(name: &str) -> Option<(&str, &str)> {
    name.rsplit_once('.').filter(|(_, ext)| ROUTE_EXTENSIONS.contains(ext))
}

impl RouteFacts {
    pub fn load(project: &Project, app: &App, _files: &mut Files) -> Self {
        let mut facts = RouteFacts::default();
        for path in project.sources_under(&app.dir) {
            let rel = if app.dir.is_empty() { path } else { &path[app.dir.len() + 1..] };
            for (kind, url) in route_files(rel) {
                facts.files.push(RouteFile { file: path.to_string(), kind, path: url });
            }
        }
        facts
    }

    /// The route `path` is under the given conventions.
    pub fn route_of(&self, path: &str, kinds: &[RouteFileKind]) -> Option<&RouteFile> {
        self.files.iter().find(|f| f.file == path && kinds.contains(&f.kind))
    }

    pub fn is_route_file(&self, path: &str) -> bool {
        self.files.iter().any(|f| f.file == path)
    }
}

/// The route kinds and URLs an app-relative file path has under each convention it could
/// follow (`app/routes/x/route.ts` is a Next route and a flat route). Which convention applies is
/// decided by the framework when the facts are joined.
pub(super) fn route_files(rel: &str) -> Vec<(RouteFileKind, String)> {
    let mut out = Vec::new();
    let (dir, name) = rel.rsplit_once('/').unwrap_or(("", rel));
    let Some((stem, _)) = split_ext(name) else { return out };
    for root in ["app", "src/app"] {
        if let Some(rest) = strip_dir(dir, root)
            && stem == "route"
            && let Some(path) = next_app_path(rest)
        {
            out.push((RouteFileKind::NextAppRoute, path));
        }
    }
    for root in ["pages/api", "src/pages/api"] {
        if let Some(rest) = strip_dir(dir, root) {
            let mut segments: Vec<&str> = vec!["api"];
            segments.extend(rest.split('/').filter(|s| !s.is_empty()));
            if stem != "index" {
                segments.push(stem);
            }
            out.push((RouteFileKind::NextPagesApi, normalize_path(&segments.join("/"))));
        }
    }
    if let Some(rest) = strip_dir(dir, "src/routes") {
        if stem == "+server" {
            out.push((RouteFileKind::SveltekitServer, sveltekit_path(rest)));
        } else if let Some(path) = tanstack_path(rest, stem) {
            out.push((RouteFileKind::TanstackFile, path));
        }
    }
    if let Some(rest) = strip_dir(dir, "app/routes") {
        // Flat routes: `app/routes/auth.callback.ts`, or a folder `app/routes/auth.callback/route.ts`.
        match (rest.is_empty(), stem) {
            (true, _) => out.push((RouteFileKind::FlatRoute, flat_route_path(stem))),
            (false, "route") if !rest.contains('/') => out.push((RouteFileKind::FlatRoute, flat_route_path(rest))),
            _ => {}
        }
        // Legacy TanStack Start kept its routes in `app/routes/` too.
        if let Some(path) = tanstack_path(rest, stem) {
            out.push((RouteFileKind::TanstackFile, path));
        }
    }
    out
}

/// `dir` inside `root` → the rest (`""` when equal).
pub(super) fn strip_dir<'x>(dir: &'x str, root: &str) -> Option<&'x str> {
    if dir == root {
        return Some("");
    }
    dir.strip_prefix(root).and_then(|r| r.strip_prefix('/'))
}

/// Next app router: `(group)` and `@slot` folders add no segment; `_private` folders and
/// intercepting `(.)` routes are not routes.
pub(super) fn next_app_path(rest: &str) -> Option<String> {
    let mut segments = Vec::new();
    for s in rest.split('/').filter(|s| !s.is_empty()) {
        if s.starts_with('_') || s.starts_with("(.") {
            return None;
        }
        if (s.starts_with('(') && s.ends_with(')')) || s.starts_with('@') {
            continue;
        }
        segments.push(s);
    }
    Some(normalize_path(&segments.join("/")))
}

pub(super) fn sveltekit_path(rest: &str) -> String {
    let is_group = |s: &str| s.starts_with('(') && s.ends_with(')');
    let segments: Vec<&str> = rest.split('/').filter(|s| !s.is_empty() && !is_group(s)).collect();
    normalize_path(&segments.join("/"))
}

/// TanStack Router: folders and dots both nest; `index` and a trailing `route` name the parent;
/// `_layout` segments and `(group)` folders are pathless; `__root` and `-ignored` files are not routes.
pub(super) fn tanstack_path(dir: &str, stem: &str) -> Option<String> {
    if stem.starts_with("__") || stem.starts_with('-') || stem.ends_with(".gen") || dir.split('/').any(|s| s.starts_with('-')) {
        return None;
    }
    let mut segments = Vec::new();
    let parts = dir.split('/').filter(|s| !s.is_empty()).chain(stem.split('.'));
    let all: Vec<&str> = parts.collect();
    for (i, s) in all.iter().enumerate() {
        let last = i + 1 == all.len();
        if s.is_empty() || (last && (*s == "index" || *s == "route")) || s.starts_with('_') || (s.starts_with('(') && s.ends_with(')')) {
            continue;
        }
        segments.push(s.trim_end_matches('_'));
    }
    Some(normalize_path(&segments.join("/")))
}

/// Remix / React Router flat routes: dots nest (`[.]` escapes one), `_index` is the parent,
/// `_layout` segments are pathless, a trailing `_` opts out of layout nesting.
pub(super) fn flat_route_path(name: &str) -> String {
    let mut segments = Vec::new();
    let mut current = String::new();
    let mut escaped = false;
    for c in name.chars() {
        match c {
            '[' => escaped = true,
            ']' => escaped = false,
            '.' if !escaped => segments.push(std::mem::take(&mut current)),
            c => current.push(c),
        }
    }
    segments.push(current);
    let kept: Vec<String> = segments
        .iter()
        .filter(|s| !s.is_empty() && *s != "_index" && !s.starts_with('_') && *s != "route")
        .map(|s| s.trim_end_matches('_').to_string())
        .collect();
    normalize_path(&kept.join("/"))
}

/// Whether a URL path is served by a route pattern of any of the conventions above
/// (`[id]`, `$id`, `:id`, `($id)` match one segment; `[...rest]`, `$`, `*` match the rest).
pub fn route_matches(pattern: &str, path: &str) -> bool {
    let pattern: Vec<&str> = pattern.split('/').filter(|s| !s.is_empty()).collect();
    let path: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    segments_match(&pattern, &path)
}

pub(super) fn segments_match(pattern: &[&str], path: &[&str]) -> bool {
    let Some((p, rest)) = pattern.split_first() else { return path.is_empty() };
    if *p == "*" || *p == "$" || p.starts_with("[...") || p.starts_with("[[...") {
        return true;
    }
    let optional = p.starts_with("[[") || (p.starts_with("($") && p.ends_with(')'));
    let dynamic = optional || p.starts_with('[') || p.starts_with('$') || p.starts_with(':');
    let here = path.first().is_some_and(|seg| dynamic || seg == p) && segments_match(rest, &path[1..]);
    // An optional segment may also be absent.
    here || (optional && segments_match(rest, path))
}
