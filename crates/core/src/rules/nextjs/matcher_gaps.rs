use super::support::{Placement, RouteKind, RunsAuthkit, app_routes, middleware_files, next_apps, runs_authkit};
use crate::declare_rule;
use crate::diagnostic::Finding;
use crate::discover::is_under;
use crate::path_pattern::next_matcher;
use crate::rules::CheckContext;

declare_rule! {
    /// ### What it does
    /// Evaluates the middleware's `config.matcher` the way Next.js does (path-to-regexp
    /// patterns, negative lookaheads included) against the route of every page, layout and
    /// route handler that calls `withAuth()`. A layout counts for every page below it.
    ///
    /// ### Why is this bad?
    /// `withAuth()` reads the session the AuthKit middleware put on the request. On a route the
    /// matcher excludes, the middleware never runs and `withAuth()` throws.
    ///
    /// ### Symptom
    /// `You are calling 'withAuth' on /api/me that isn't covered by the AuthKit middleware. Make
    /// sure it is running on all paths you are calling 'withAuth' from by updating your
    /// middleware config in 'middleware.(js|ts)'.`
    ///
    /// ### Fix
    /// Widen the matcher so it covers the route (or stop calling `withAuth()` there).
    ///
    /// ### Example
    /// ```ts
    /// // before: excludes /api, but app/api/me/route.ts calls withAuth()
    /// export const config = { matcher: ['/((?!api|_next/static|_next/image|favicon.ico).*)'] };
    /// // after
    /// export const config = { matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'] };
    /// ```
    pub static RULE = {
        id: "nextjs/matcher-gaps",
        severity: Warning,
        symptoms: [ConvexUnauthenticated],
        summary: "the middleware matcher excludes routes that call withAuth",
    };
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for next in next_apps(cx) {
        let files = middleware_files(cx, &next);
        let Some(middleware) = files.iter().find(|f| f.placement == Placement::Active && runs_authkit(&next, &f.path) == RunsAuthkit::Yes)
        else {
            continue;
        };
        let Some(matcher) = next.file(&middleware.path).and_then(|f| f.nextjs.matcher.as_ref()) else { continue };
        // Every entry must be known and compile, or we cannot say what is covered.
        let Some(compiled) = matcher.entries.iter().map(|e| e.source.as_deref().and_then(next_matcher)).collect::<Option<Vec<_>>>() else {
            continue;
        };
        let covered = |path: &str| -> Option<bool> {
            let mut any = false;
            for re in &compiled {
                any |= re.find(path)?;
            }
            Some(any)
        };
        let routes = app_routes(cx, &next);
        for route in &routes {
            let Some(file) = next.file(&route.path) else { continue };
            let Some(call) = file.nextjs.calls("withAuth").next() else { continue };
            // The request paths on which this file's code runs.
            let served: Vec<&super::support::RouteFile> = match route.kind {
                RouteKind::Page | RouteKind::Handler => vec![route],
                RouteKind::Layout | RouteKind::Template => {
                    routes.iter().filter(|r| r.kind == RouteKind::Page && (r.dir == route.dir || is_under(&r.path, &route.dir))).collect()
                }
                RouteKind::OtherSpecial => continue,
            };
            let mut gaps = Vec::new();
            for r in served {
                match covered(&r.sample_path()) {
                    Some(false) => gaps.push(r.route()),
                    Some(true) => {}
                    None => {
                        gaps.clear();
                        break;
                    }
                }
            }
            if gaps.is_empty() {
                continue;
            }
            gaps.dedup();
            let shown: Vec<String> = gaps.iter().take(3).map(|g| format!("`{g}`")).collect();
            let more = if gaps.len() > 3 { format!(" and {} more", gaps.len() - 3) } else { String::new() };
            let what = if matches!(route.kind, RouteKind::Layout | RouteKind::Template) { "renders on" } else { "serves" };
            out.push(
                RULE.finding(format!(
                    "`withAuth()` runs here, but the matcher in {} does not cover {}{more}, which this file {what}: the middleware does not run there and `withAuth()` throws",
                    middleware.path,
                    shown.join(", ")
                ))
                .at(call.location.clone())
                .related(matcher.location.clone(), "the matcher")
                .help(format!(
                    "authkit-nextjs throws: You are calling 'withAuth' on {} that isn't covered by the AuthKit middleware. Make sure it is running on all paths you are calling 'withAuth' from by updating your middleware config in 'middleware.(js|ts)'.",
                    gaps[0]
                ))
                .fix(format!("Change the matcher in {} so it matches {}, e.g. `matcher: ['/((?!_next/static|_next/image|favicon.ico).*)']`.", middleware.path, shown.join(", "))),
            );
        }
    }
}
