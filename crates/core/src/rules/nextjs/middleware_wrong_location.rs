use super::support::{Placement, RunsAuthkit, middleware_files, next_apps, runs_authkit};
use crate::declare_rule;
use crate::diagnostic::{Finding, Location};
use crate::rules::CheckContext;

declare_rule! {
    /// ### What it does
    /// Finds the AuthKit middleware (`middleware.ts` / `proxy.ts` calling `authkitMiddleware`,
    /// `authkitProxy` or `authkit()`) in a place Next.js never loads it from: inside `app/` or
    /// `pages/`, or at the project root while the routes live in `src/` (or the reverse).
    ///
    /// ### Why is this bad?
    /// Next only runs the middleware file that sits next to the `app/` (or `pages/`) dir, and
    /// ignores others without a warning. The AuthKit middleware then never runs.
    ///
    /// ### Symptom
    /// `You are calling 'withAuth' on a route that isn't covered by the AuthKit middleware`,
    /// although a middleware file exists.
    ///
    /// ### Fix
    /// Move the file next to `app/`: the project root, or `src/` when the app lives in `src/app`.
    ///
    /// ### Example
    /// ```text
    /// app/middleware.ts   ->  middleware.ts
    /// middleware.ts       ->  src/middleware.ts   (routes in src/app)
    /// ```
    pub static RULE = {
        id: "nextjs/middleware-wrong-location",
        severity: Error,
        symptoms: [ConvexUnauthenticated, RandomSignOuts],
        summary: "the middleware/proxy file is where Next does not load it",
    };
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for next in next_apps(cx) {
        let files = middleware_files(cx, &next);
        let active_authkit = files.iter().any(|f| f.placement == Placement::Active && runs_authkit(&next, &f.path) == RunsAuthkit::Yes);
        for file in &files {
            if file.placement == Placement::Active || runs_authkit(&next, &file.path) != RunsAuthkit::Yes {
                continue;
            }
            let name = file.path.rsplit('/').next().unwrap_or(&file.path);
            let target = if next.middleware_dir.is_empty() { name.to_string() } else { format!("{}/{name}", next.middleware_dir) };
            let why = match file.placement {
                Placement::InsideRoutes => "Next only loads it from next to the `app/` / `pages/` dir, not from inside it".to_string(),
                _ => format!(
                    "the routes live in {}, so Next only loads {target}",
                    next.app_dir.as_deref().or(next.pages_dir.as_deref()).unwrap_or("another dir")
                ),
            };
            let mut finding = RULE
                .finding(format!("{} is never loaded: {why}", file.path))
                .at(Location::file_start(file.path.as_str()))
                .help("Next ignores a middleware/proxy file in any other place, silently: `withAuth()` then throws and sessions are never refreshed.")
                .fix(format!("Move {} to {target}.", file.path));
            if active_authkit {
                finding = finding
                    .severity(crate::diagnostic::Severity::Warning)
                    .help("Another middleware file runs AuthKit already; this copy is dead code that may confuse whoever edits it.");
            }
            out.push(finding);
        }
    }
}
