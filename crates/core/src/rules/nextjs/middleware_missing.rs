use super::support::{NextApp, Placement, RunsAuthkit, middleware_files, next_apps, runs_authkit};
use crate::declare_rule;
use crate::diagnostic::{Finding, Location};
use crate::facts::versions::VersionSource;
use crate::rules::CheckContext;

declare_rule! {
    /// ### What it does
    /// Finds Next.js apps using `@workos-inc/authkit-nextjs` that have no `middleware.ts` /
    /// `proxy.ts` running `authkitMiddleware`, `authkitProxy` or `authkit()` where Next looks for
    /// it (next to `app/` / `pages/`: the project root, or `src/`). Also catches a `proxy.ts` on
    /// Next 15 or older, which only runs `middleware.ts`.
    ///
    /// ### Why is this bad?
    /// The middleware refreshes the session cookie and passes it to Server Components. Without
    /// it, `withAuth()` throws on every route, the session is never refreshed, and
    /// `AuthKitProvider`'s server actions fail.
    ///
    /// ### Symptom
    /// `You are calling 'withAuth' on a route that isn't covered by the AuthKit middleware`, or
    /// users are signed out when their access token expires.
    ///
    /// ### Fix
    /// Create `middleware.ts` (Next ≤ 15) or `proxy.ts` (Next 16) next to your `app/` dir.
    ///
    /// ### Example
    /// ```ts
    /// // middleware.ts
    /// import { authkitMiddleware } from '@workos-inc/authkit-nextjs';
    ///
    /// export default authkitMiddleware();
    ///
    /// export const config = {
    ///   matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
    /// };
    /// ```
    pub static RULE = {
        id: "nextjs/middleware-missing",
        severity: Error,
        symptoms: [ConvexUnauthenticated, RandomSignOuts],
        summary: "no middleware.ts / proxy.ts running the AuthKit middleware",
    };
}

const EXAMPLE: &str = "import { authkitMiddleware } from '@workos-inc/authkit-nextjs';\n\nexport default authkitMiddleware();\n\nexport const config = { matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'] };";

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for next in next_apps(cx) {
        let files = middleware_files(cx, &next);
        let active: Vec<_> = files.iter().filter(|f| f.placement == Placement::Active).collect();
        let where_ = if next.middleware_dir.is_empty() { "the project root".to_string() } else { format!("{}/", next.middleware_dir) };
        if active.is_empty() {
            // A misplaced middleware is reported by nextjs/middleware-wrong-location.
            if files.iter().any(|f| runs_authkit(&next, &f.path) != RunsAuthkit::No) {
                continue;
            }
            out.push(
                RULE.finding(format!("no middleware.ts or proxy.ts in {where_}: the AuthKit middleware never runs"))
                    .at(anchor(cx, &next))
                    .help("authkit-nextjs needs its middleware on every route that calls `withAuth()` or renders `AuthKitProvider`: it refreshes the session and hands it to Server Components.")
                    .fix(format!("Create {}middleware.ts (proxy.ts on Next 16):\n{EXAMPLE}", prefix(&next.middleware_dir))),
            );
            continue;
        }
        let middleware = active.iter().find(|f| !f.proxy);
        let proxy = active.iter().find(|f| f.proxy);
        // Next ≤ 15 only knows middleware.ts.
        if let (None, Some(proxy)) = (middleware, proxy)
            && let Some(major) = next_major(&next)
            && major < 16
        {
            out.push(
                RULE.finding(format!(
                    "{} is only read by Next 16+; this app uses Next {major}, so the AuthKit middleware never runs",
                    proxy.path
                ))
                .at(Location::file_start(proxy.path.as_str()))
                .help("`proxy.ts` replaced `middleware.ts` in Next 16. Older versions ignore it silently.")
                .fix(format!(
                    "Rename {} to middleware.ts (and `authkitProxy` to `authkitMiddleware` on authkit-nextjs 2.x), or upgrade to Next 16.",
                    proxy.path
                )),
            );
            continue;
        }
        // The file Next runs: middleware.ts on Next ≤ 15 (and when both exist, another rule's case).
        let Some(file) = middleware.or(proxy) else { continue };
        if runs_authkit(&next, &file.path) == RunsAuthkit::No {
            out.push(
                RULE.finding(format!("{} does not run the AuthKit middleware (no `authkitMiddleware`, `authkitProxy` or `authkit()`)", file.path))
                    .at(Location::file_start(file.path.as_str()))
                    .help("authkit-nextjs needs its middleware on every route that calls `withAuth()` or renders `AuthKitProvider`. If you compose several middlewares, call `authkit(request)` from this one.")
                    .fix(format!("Export the AuthKit middleware from {}:\n{EXAMPLE}", file.path)),
            );
        }
    }
}

fn prefix(dir: &str) -> String {
    if dir.is_empty() { String::new() } else { format!("{dir}/") }
}

/// The major version of `next` when it is certain.
fn next_major(next: &NextApp) -> Option<u64> {
    let v = next.facts.versions.get("next")?;
    let version = v.version?;
    let pinned = v.source != VersionSource::DeclaredRange
        || v.declared.trim_start().starts_with(|c: char| c == '^' || c == '~' || c.is_ascii_digit());
    pinned.then_some(version.major)
}

/// Where to point: the first `withAuth()` call (that is what throws), else the package.json.
fn anchor(cx: &CheckContext, next: &NextApp) -> Location {
    next.facts
        .code
        .files
        .iter()
        .flat_map(|f| f.nextjs.calls("withAuth"))
        .map(|c| c.location.clone())
        .next()
        .unwrap_or_else(|| Location::file_start(cx.project.package_of_app(next.app).path.as_str()))
}
