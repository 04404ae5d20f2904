//! The app model's starting points: the files an app's framework itself runs (route files,
//! layouts, middleware, the page's module script, config files). Everything else belongs to the
//! app only if one of these imports it, directly or through other files; see
//! [`super::react::AppReact::build`], which walks the module graph from here.

use crate::discover::{App, Framework, Project};
use crate::source::{Files, join_rel};

/// Next.js file conventions inside `app/`: the files the router runs.
const NEXT_APP_FILES: &[&str] = &[
    "page",
    "layout",
    "template",
    "route",
    "loading",
    "error",
    "global-error",
    "not-found",
    "forbidden",
    "unauthorized",
    "default",
    "icon",
    "apple-icon",
    "opengraph-image",
    "twitter-image",
    "sitemap",
    "robots",
    "manifest",
];

/// Files some runtime loads by name, wherever the framework: middleware, instrumentation,
/// TanStack/Start/Router wiring, client and server entries.
const RUNTIME_FILES: &[&str] = &[
    "middleware",
    "proxy",
    "instrumentation",
    "instrumentation-client",
    "router",
    "start",
    "client",
    "server",
    "ssr",
    "entry.client",
    "entry.server",
    "root",
    "main",
    "index",
    "routes",
];

/// The app's entry files (relative to the project root), or `None` when the layout is not one
/// the doctor knows: then every file counts as part of the app, as before the model existed.
pub fn app_entries(project: &Project, app: &App, files: &mut Files) -> Option<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    let mut routed = false;
    for path in project.sources_under(&app.dir) {
        let rel = if app.dir.is_empty() { path } else { &path[app.dir.len() + 1..] };
        let (dir, name) = rel.rsplit_once('/').unwrap_or(("", rel));
        let stem = strip_source_ext(name);
        let entry = match app.framework {
            Framework::Nextjs => {
                let in_app = under_any(rel, &["app", "src/app"]);
                let in_pages = under_any(rel, &["pages", "src/pages"]);
                routed |= in_app || in_pages;
                (in_app && NEXT_APP_FILES.contains(&stem.split('.').next().unwrap_or(stem))) || in_pages
            }
            Framework::ReactRouter | Framework::Remix => {
                // Routes may be named in `app/routes.ts` by string: take the whole app dir.
                let hit = under_any(rel, &["app"]);
                routed |= hit;
                hit
            }
            Framework::Expo => {
                let hit = under_any(rel, &["app", "src/app"]);
                routed |= hit;
                hit
            }
            Framework::Sveltekit => {
                let hit = under_any(rel, &["src"]);
                routed |= hit;
                hit
            }
            Framework::TanstackStart | Framework::ViteReact | Framework::Unknown => {
                // File routes (TanStack Router, generouted, …) are imported by a generated tree.
                let hit = under_any(rel, &["src/routes", "app/routes", "src/pages", "routes"]);
                routed |= hit;
                hit
            }
        };
        let wired = (dir.is_empty() || dir == "src" || dir == "app") && RUNTIME_FILES.contains(&stem);
        let config = dir.is_empty() && name.contains(".config.");
        // Serverless functions and servers next to an SPA (`api/`, `server/`) are another
        // program: they count as the app's only when its own code imports them.
        if entry || wired || config {
            out.push(path.to_string());
        }
    }
    let scripts = html_module_scripts(project, app, files);
    routed |= !scripts.is_empty();
    out.extend(scripts);
    out.sort();
    out.dedup();
    // Without a routed folder or a page script, the entry list is a guess: judge every file.
    (routed && !out.is_empty()).then_some(out)
}

/// `<script type="module" src="/src/main.tsx">` of the app's `index.html` (Vite's entry), or
/// of `src/index.html` (Bun's and Parcel's HTML entry, `src="./frontend.tsx"`). A `/` path is
/// from the app's root; any other is from the HTML file's folder.
fn html_module_scripts(project: &Project, app: &App, files: &mut Files) -> Vec<String> {
    let mut out = Vec::new();
    for page in ["index.html", "src/index.html"] {
        let page = join_rel(&app.dir, page);
        let Some(html) = files.load(&page) else { continue };
        let page_dir = page.rsplit_once('/').map_or("", |(d, _)| d);
        for tag in html.text.split("<script").skip(1) {
            let head = tag.split('>').next().unwrap_or("");
            let Some(src) = attribute(head, "src") else { continue };
            let path = match src.strip_prefix('/') {
                Some(from_root) => join_rel(&app.dir, from_root),
                None => join_rel(page_dir, src.trim_start_matches("./")),
            };
            if project.has_source_file(&path) {
                out.push(path);
            }
        }
    }
    out
}

fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let at = tag.find(&format!("{name}="))?;
    let rest = &tag[at + name.len() + 1..];
    let q = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    rest[1..].split(q).next()
}

fn under_any(rel: &str, dirs: &[&str]) -> bool {
    dirs.iter().any(|d| rel.len() > d.len() && rel.starts_with(d) && rel.as_bytes()[d.len()] == b'/')
}

fn strip_source_ext(name: &str) -> &str {
    name.rsplit_once('.').map(|(stem, _)| stem).unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers() {
        assert!(under_any("src/app/page.tsx", &["app", "src/app"]));
        assert!(!under_any("application/page.tsx", &["app"]));
        assert_eq!(strip_source_ext("page.tsx"), "page");
        assert_eq!(strip_source_ext("entry.client.tsx"), "entry.client");
        assert_eq!(attribute(r#" type="module" src="/src/main.tsx""#, "src"), Some("/src/main.tsx"));
    }
}
