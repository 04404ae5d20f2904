//! `authkit-doctor add debug-page`: writes an auth debug page into the user's app and a Convex
//! `debugIdentity` query next to its functions.
//!
//! The page shows every link of the sign-in chain side by side — the WorkOS session, the access
//! token's decoded claims (never the signature), `useConvexAuth()`, and the identity the Convex
//! server builds — and says in words which link is the first to break. It is rendered inside
//! the app's own provider tree (a Next.js route below the root layout; a TanStack Start route
//! with a `getAuth()` loader; a component for an AuthKit React app, plus a route file when it
//! uses TanStack Router's file routes), so it shows what the app really hands to Convex.
//!
//! The templates live in `templates/` as real TSX (tests/debug_page.rs type-checks, builds and
//! renders them with the real packages); only a few `__PLACEHOLDER__`s are filled in here.

use crate::output::{EXIT_OK, input_error};
use authkit_doctor_core::check::{self, CheckOptions, CheckRun};
use authkit_doctor_core::discover::{App, Framework, Router};
use authkit_doctor_core::sdk;
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

const VIEW: &str = include_str!("templates/AuthDebugView.tsx");
const NEXT_PAGE: &str = include_str!("templates/next-page.tsx");
const NEXT_PANEL: &str = include_str!("templates/next-panel.tsx");
const REACT_PAGE: &str = include_str!("templates/react-page.tsx");
const TANSTACK_ROUTE: &str = include_str!("templates/tanstack-route.tsx");
const START_ROUTE: &str = include_str!("templates/start-route.tsx");
const CONVEX_QUERY: &str = include_str!("templates/debugIdentity.ts");

/// The Convex module and function the page queries (`convex/debugIdentity.ts`).
const CONVEX_MODULE: &str = "debugIdentity";

#[derive(Args, Debug, Clone)]
pub struct DebugPageArgs {
    /// Project folder (a monorepo root works)
    #[arg(value_name = "PATH")]
    pub path: Option<PathBuf>,
    /// The app to add the page to, relative to PATH (needed when the project has several)
    #[arg(long, value_name = "DIR")]
    pub app: Option<String>,
    /// URL path of the page (Next.js: the route folder under app/)
    #[arg(long, value_name = "PATH", default_value = "/auth-debug")]
    pub route: String,
    /// Print the files as a diff and write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Overwrite files a previous run wrote
    #[arg(long)]
    pub force: bool,
}

/// A file to create, relative to the project root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFile {
    pub path: String,
    pub contents: String,
}

/// What `add debug-page` will do for a project: the files and what to tell the user after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DebugPagePlan {
    pub files: Vec<NewFile>,
    pub next_steps: Vec<String>,
}

pub fn run(args: &DebugPageArgs) -> i32 {
    let path = args.path.clone().unwrap_or_else(|| PathBuf::from("."));
    let scan = match check::run(&path, &CheckOptions::default()) {
        Ok(scan) => scan,
        Err(e) => return input_error(&e.to_string()),
    };
    let plan = match plan(&scan, args) {
        Ok(plan) => plan,
        Err(message) => return input_error(&message),
    };
    let existing: Vec<&str> = plan.files.iter().filter(|f| scan.root.join(&f.path).exists()).map(|f| f.path.as_str()).collect();
    if !existing.is_empty() && !args.force && !args.dry_run {
        return input_error(&already_exist(&existing));
    }

    let mut out = std::io::stdout().lock();
    if args.dry_run {
        for file in &plan.files {
            let _ = out.write_all(creation_diff(&file.path, &file.contents).as_bytes());
        }
        let _ = writeln!(out, "(dry run: {} files not written)", plan.files.len());
        if !existing.is_empty() && !args.force {
            eprintln!("authkit-doctor: note: a real run would stop here: {}", already_exist(&existing));
        }
        write_next_steps(&mut out, &plan);
        return EXIT_OK;
    }
    // Every target is checked before the first write: a folder on the way that is a symlink
    // out of the project is refused (exit 2), and a file that is a link inside it is written
    // where it points, never replaced by a regular file.
    let mut targets = Vec::new();
    for file in &plan.files {
        match crate::fix::write_target(&scan.root, &file.path) {
            Ok(target) => targets.push(target),
            Err(e) => return input_error(&format!("cannot add {}: {e}; nothing was added", file.path)),
        }
    }
    // All files or none: a page without its query (or the reverse) only confuses.
    let mut created = Vec::new();
    for (file, target) in plan.files.iter().zip(targets) {
        let existed = target.exists();
        let written = target
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| crate::fix::write_atomic(&target, file.contents.as_bytes()));
        if let Err(e) = written {
            for path in &created {
                let _ = std::fs::remove_file(path);
            }
            return input_error(&format!("cannot write {}: {e} (nothing was added)", target.display()));
        }
        if !existed {
            created.push(target);
        }
    }
    for file in &plan.files {
        let _ = writeln!(out, "wrote {}", file.path);
    }
    write_next_steps(&mut out, &plan);
    EXIT_OK
}

/// The steps after writing the files; a dry run prints them too, so it shows the whole job.
fn write_next_steps(out: &mut impl Write, plan: &DebugPagePlan) {
    let _ = writeln!(out, "\nNext:");
    for (i, step) in plan.next_steps.iter().enumerate() {
        let _ = writeln!(out, "  {}. {step}", i + 1);
    }
}

/// Refusal to overwrite: which files of the plan exist, one per line.
fn already_exist(existing: &[&str]) -> String {
    match existing {
        [one] => format!("{one} already exists; pass --force to overwrite it"),
        several => format!("these files already exist; pass --force to overwrite them:\n  {}", several.join("\n  ")),
    }
}

/// How many candidate apps a message lists before "and N more" (a screenful).
const LISTED_APPS: usize = 20;

/// Apps as `--app` arguments, one per line, with what each is; at most [`LISTED_APPS`].
fn app_list(apps: &[&App]) -> String {
    let mut out = String::new();
    for app in apps.iter().take(LISTED_APPS) {
        let package = authkit_package(app).map(|p| format!(", {p}")).unwrap_or_default();
        out.push_str(&format!("\n  --app {}  ({}{package})", display_dir(&app.dir), app.framework.as_str()));
    }
    if apps.len() > LISTED_APPS {
        out.push_str(&format!("\n  and {} more", apps.len() - LISTED_APPS));
    }
    out
}

/// Decides which files to write for the scanned project, or says why it cannot.
pub fn plan(scan: &CheckRun, args: &DebugPageArgs) -> Result<DebugPagePlan, String> {
    let route = normalize_route(&args.route)?;
    let (app_index, app) = choose_app(scan, args.app.as_deref())?;
    let convex = app.convex.map(|i| &scan.project.convex_dirs[i]).ok_or_else(|| {
        format!("{}: no Convex functions folder found for this app (convex/ next to a package.json that depends on convex, or convex.json `functions`)", display_dir(&app.dir))
    })?;
    let convex_module = join(&convex.dir, &format!("{CONVEX_MODULE}.ts"));
    let fill = |template: &str| {
        template
            .replace("__ROUTE__", &route)
            .replace("__CONVEX_MODULE_PATH__", &convex_module)
            .replace("__CONVEX_FUNCTION__", &format!("{CONVEX_MODULE}:{CONVEX_MODULE}"))
    };

    let mut files = Vec::new();
    let mut next_steps = vec![format!("Run `npx convex dev` (or deploy) so the Convex deployment has {convex_module}.")];
    let page_path = match (app.framework, authkit_package(app)) {
        (Framework::Nextjs, Some(sdk::AUTHKIT_NEXTJS)) => {
            if app.router == Some(Router::Pages) {
                return Err(format!(
                    "{}: the debug page is written for the Next.js App Router; this app uses the Pages Router",
                    display_dir(&app.dir)
                ));
            }
            let app_router_dir = ["src/app", "app"]
                .iter()
                .map(|d| join(&app.dir, d))
                .find(|d| scan.root.join(d).is_dir())
                .unwrap_or_else(|| join(&app.dir, "app"));
            let folder = join(&app_router_dir, route.trim_start_matches('/'));
            files.push(NewFile { path: join(&folder, "page.tsx"), contents: fill(NEXT_PAGE) });
            files.push(NewFile { path: join(&folder, "AuthDebugPanel.tsx"), contents: fill(NEXT_PANEL) });
            files.push(NewFile { path: join(&folder, "AuthDebugView.tsx"), contents: fill(VIEW) });
            next_steps.push(format!("Start the app and open {route} (signed in, to see the whole chain)."));
            if let Some(note) = middleware_note(scan, app_index, &route) {
                next_steps.push(note);
            }
            folder
        }
        (Framework::TanstackStart, Some(sdk::AUTHKIT_TANSTACK)) => {
            let routes_dir = join(&app.dir, "src/routes");
            let folder = join(&app.dir, "src/auth-debug");
            files.push(NewFile { path: join(&folder, "AuthDebugView.tsx"), contents: view_without_directive(&fill(VIEW)) });
            let (route_file, src_prefix) = route_file(&routes_dir, &route);
            let contents = fill(START_ROUTE).replace("__SRC_PREFIX__", &src_prefix).replace("__COMPONENT_DIR__", &folder);
            files.push(NewFile { path: route_file, contents });
            next_steps.push(format!("Start the app and open {route}, signed in to see the whole chain."));
            folder
        }
        (_, Some(sdk::AUTHKIT_REACT)) => {
            let folder = join(&app.dir, "src/auth-debug");
            files.push(NewFile { path: join(&folder, "AuthDebug.tsx"), contents: fill(REACT_PAGE) });
            files.push(NewFile { path: join(&folder, "AuthDebugView.tsx"), contents: view_without_directive(&fill(VIEW)) });
            match tanstack_routes_dir(scan, app) {
                Some(routes_dir) => {
                    let (route_file, src_prefix) = route_file(&routes_dir, &route);
                    let contents = fill(TANSTACK_ROUTE).replace("__SRC_PREFIX__", &src_prefix).replace("__COMPONENT_DIR__", &folder);
                    files.push(NewFile { path: route_file.clone(), contents });
                    next_steps.push(format!(
                        "Start the app (the TanStack Router plugin adds {route_file} to the route tree) and open {route}, signed in to see the whole chain."
                    ));
                }
                None => next_steps.push(format!(
                    "Render <AuthDebug /> (from {folder}/AuthDebug.tsx) inside AuthKitProvider and the Convex provider, e.g. in your App for one path: `if (window.location.pathname === '{route}') return <AuthDebug />;`"
                )),
            }
            folder
        }
        (framework, package) => {
            return Err(format!(
                "{}: no debug page for {} apps{} yet: it is written for Next.js (App Router) with @workos-inc/authkit-nextjs, TanStack Start with @workos/authkit-tanstack-react-start, and React apps with @workos-inc/authkit-react",
                display_dir(&app.dir),
                framework.as_str(),
                package.map(|p| format!(" using {p}")).unwrap_or_default()
            ));
        }
    };
    files.push(NewFile { path: convex_module.clone(), contents: CONVEX_QUERY.replace("__PAGE_PATH__", &page_path) });
    if scan.facts.apps[app_index].code.convex_auth_uses.is_empty() {
        next_steps.push(
            "No ConvexProviderWithAuth / setAuth found in this app: the Convex client never receives the token, so the page will show Convex unauthenticated (see `authkit-doctor explain client/plain-convex-provider`)."
                .to_string(),
        );
    }
    let folder_prefix = format!("{page_path}/");
    let mut to_delete = vec![folder_prefix.clone()];
    to_delete.extend(files.iter().filter(|f| !f.path.starts_with(&folder_prefix)).map(|f| f.path.clone()));
    let last = to_delete.pop().unwrap_or_default();
    next_steps.push(format!("Delete {} and {last} when you are done.", to_delete.join(", ")));
    Ok(DebugPagePlan { files, next_steps })
}

/// The route file for `route` under a TanStack `routes_dir` (`/a/b` → `src/routes/a/b.tsx`) and
/// the relative path from it back to `src/` (`../../`).
fn route_file(routes_dir: &str, route: &str) -> (String, String) {
    let segments = route.trim_start_matches('/').split('/').count();
    (format!("{}.tsx", join(routes_dir, route.trim_start_matches('/'))), "../".repeat(segments))
}

/// Outside Next.js there are no server components: the directive would only make bundlers warn.
fn view_without_directive(view: &str) -> String {
    view.strip_prefix("'use client';\n\n").unwrap_or(view).to_string()
}

/// `src/routes` of an app that uses TanStack Router's file-based routes (it has the root
/// route file there), relative to the project root.
fn tanstack_routes_dir(scan: &CheckRun, app: &App) -> Option<String> {
    if !scan.project.package_of_app(app).depends_on("@tanstack/react-router") {
        return None;
    }
    let routes_dir = join(&app.dir, "src/routes");
    ["tsx", "jsx", "ts", "js"].iter().any(|ext| scan.root.join(&routes_dir).join(format!("__root.{ext}")).is_file()).then_some(routes_dir)
}

fn authkit_package(app: &App) -> Option<&str> {
    app.authkit_package.as_ref().map(|(name, _)| name.as_str())
}

/// The app to write into: the one named by `--app`, or the only app that uses AuthKit.
fn choose_app<'a>(scan: &'a CheckRun, wanted: Option<&str>) -> Result<(usize, &'a App), String> {
    let apps = &scan.project.apps;
    if let Some(wanted) = wanted {
        let wanted = wanted.trim_start_matches("./").trim_end_matches('/');
        let wanted = if wanted == "." { "" } else { wanted };
        return apps.iter().enumerate().find(|(_, a)| a.dir == wanted).ok_or_else(|| {
            let known: Vec<&App> = apps.iter().collect();
            if known.is_empty() {
                format!("--app {wanted}: no app there; apps found: none")
            } else {
                format!("--app {wanted}: no app there; apps found:{}", app_list(&known))
            }
        });
    }
    let with_authkit: Vec<(usize, &App)> = apps.iter().enumerate().filter(|(_, a)| a.authkit_package.is_some()).collect();
    match with_authkit.as_slice() {
        [one] => Ok(*one),
        [] => {
            Err("no app that depends on an AuthKit package (@workos-inc/authkit-nextjs, @workos-inc/authkit-react, …) was found"
                .to_string())
        }
        several => {
            let candidates: Vec<&App> = several.iter().map(|(_, a)| *a).collect();
            Err(format!("{} apps use AuthKit here: pick one with --app DIR{}", candidates.len(), app_list(&candidates)))
        }
    }
}

/// `/auth-debug`, `auth-debug/` → `/auth-debug`; refuses what cannot be a plain route folder.
fn normalize_route(route: &str) -> Result<String, String> {
    let trimmed = route.trim().trim_matches('/');
    let valid = !trimmed.is_empty()
        && trimmed.split('/').all(|segment| {
            !segment.is_empty()
                && segment != "."
                && segment != ".."
                && segment.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        });
    if valid {
        Ok(format!("/{trimmed}"))
    } else {
        Err(format!("--route {route}: use a plain path such as /auth-debug (letters, digits, - and _)"))
    }
}

/// A note when the middleware sends signed-out visitors of the route to sign in: the page then
/// never shows the signed-out state (harmless, but surprising).
fn middleware_note(scan: &CheckRun, app_index: usize, route: &str) -> Option<String> {
    let code = &scan.facts.apps[app_index].code;
    let (file, options) = code.files.iter().find_map(|f| f.nextjs.middleware_options.first().map(|o| (f.path.as_str(), o)))?;
    if options.middleware_auth_enabled != Some(true) {
        return None;
    }
    if options.unauthenticated_paths.iter().any(|(p, _)| p.as_deref() == Some(route)) {
        return None;
    }
    Some(format!(
        "{file} turns on middlewareAuth: signed-out visitors of {route} are sent to sign in. To see the signed-out state too, add '{route}' to unauthenticatedPaths while debugging."
    ))
}

fn join(dir: &str, rel: &str) -> String {
    if dir.is_empty() { rel.to_string() } else { format!("{dir}/{rel}") }
}

fn display_dir(dir: &str) -> String {
    if dir.is_empty() { ".".to_string() } else { dir.to_string() }
}

/// A unified diff that creates `path` (what `git apply` expects for a new file).
pub fn creation_diff(path: &str, contents: &str) -> String {
    let lines: Vec<&str> = contents.split_inclusive('\n').collect();
    let mut out = format!("--- /dev/null\n+++ b/{path}\n@@ -0,0 +1,{} @@\n", lines.len());
    for line in &lines {
        out.push('+');
        out.push_str(line);
    }
    if !contents.ends_with('\n') && !contents.is_empty() {
        out.push_str("\n\\ No newline at end of file\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_are_normalized_and_odd_ones_refused() {
        assert_eq!(normalize_route("/auth-debug").unwrap(), "/auth-debug");
        assert_eq!(normalize_route("debug/auth/").unwrap(), "/debug/auth");
        for bad in ["/", "", "/../x", "/a b", "/[id]", "/a//b"] {
            assert!(normalize_route(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn creation_diff_counts_lines() {
        assert_eq!(creation_diff("a.ts", "x\ny\n"), "--- /dev/null\n+++ b/a.ts\n@@ -0,0 +1,2 @@\n+x\n+y\n");
    }

    #[test]
    fn templates_have_no_unfilled_placeholder_after_filling() {
        for template in [VIEW, NEXT_PAGE, NEXT_PANEL, REACT_PAGE, TANSTACK_ROUTE, START_ROUTE, CONVEX_QUERY] {
            let filled = template
                .replace("__SRC_PREFIX__", "../")
                .replace("__COMPONENT_DIR__", "src/auth-debug")
                .replace("__ROUTE__", "/r")
                .replace("__CONVEX_MODULE_PATH__", "convex/debugIdentity.ts")
                .replace("__CONVEX_FUNCTION__", "debugIdentity:debugIdentity")
                .replace("__PAGE_PATH__", "app/r");
            assert!(!filled.contains("__"), "{filled}");
        }
    }
}
