use super::support::{Placement, RouteKind, app_routes, middleware_files, next_apps, pages_routes};
use crate::declare_rule;
use crate::diagnostic::Finding;
use crate::path_pattern::{authkit_path, is_literal_path};
use crate::rules::CheckContext;

declare_rule! {
    /// ### What it does
    /// Checks each `middlewareAuth.unauthenticatedPaths` entry of the AuthKit middleware against
    /// the app's routes (app-router pages and route handlers, pages-router pages) and reports
    /// entries that match none of them.
    ///
    /// ### Why is this bad?
    /// A typo (`/signin` for `/sign-in`) or a route that was moved leaves the real route behind
    /// the sign-in wall: visitors are sent to AuthKit on a page meant to be public.
    ///
    /// ### Symptom
    /// A page meant to be public (landing page, docs, pricing) sends visitors to the AuthKit
    /// sign-in page.
    ///
    /// ### Fix
    /// Make each entry name a route that exists (patterns such as `/docs/:path*` are fine).
    ///
    /// ### Example
    /// ```ts
    /// // before: the route is app/sign-in/route.ts
    /// middlewareAuth: { enabled: true, unauthenticatedPaths: ['/', '/signin'] },
    /// // after
    /// middlewareAuth: { enabled: true, unauthenticatedPaths: ['/', '/sign-in'] },
    /// ```
    pub static RULE = {
        id: "nextjs/unauthenticated-path-unknown",
        severity: Info,
        symptoms: [SignInDoesNothing],
        summary: "unauthenticatedPaths names routes that do not exist",
    };
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for next in next_apps(cx) {
        let routes: Vec<_> = app_routes(cx, &next)
            .into_iter()
            .chain(pages_routes(cx, &next))
            .filter(|r| matches!(r.kind, RouteKind::Page | RouteKind::Handler))
            .collect();
        if routes.is_empty() {
            continue;
        }
        for file in middleware_files(cx, &next).iter().filter(|f| f.placement == Placement::Active) {
            let Some(facts) = next.file(&file.path) else { continue };
            for options in &facts.nextjs.middleware_options {
                for (entry, location) in &options.unauthenticated_paths {
                    let Some(entry) = entry else { continue };
                    // Static files (`/favicon.ico`, `/robots.txt`) are not in the source tree.
                    if entry.rsplit('/').next().is_some_and(|last| last.contains('.')) {
                        continue;
                    }
                    let exists = if is_literal_path(entry) {
                        routes.iter().any(|r| r.serves(entry))
                    } else {
                        let Some(re) = authkit_path(entry) else { continue };
                        let mut any = Some(false);
                        for r in &routes {
                            match re.find(&r.sample_path()) {
                                Some(true) => {
                                    any = Some(true);
                                    break;
                                }
                                Some(false) => {}
                                None => any = None,
                            }
                        }
                        match any {
                            Some(found) => found,
                            None => continue,
                        }
                    };
                    if exists {
                        continue;
                    }
                    let similar = routes.iter().map(|r| r.route()).find(|r| squash(r) == squash(entry));
                    let mut finding = RULE
                        .finding(format!("`unauthenticatedPaths` lists `{entry}`, but no page or route handler serves it"))
                        .at(location.clone())
                        .help("Entries match request paths (path-to-regexp patterns such as `/docs/:path*` allowed). A path that matches no route protects nothing, and the route you meant still requires sign-in.");
                    finding = match similar {
                        Some(route) => finding.fix(format!("Did you mean `{route}`? Replace `{entry}` with it.")),
                        None => finding.fix(format!("Remove `{entry}`, or correct it to the route you meant to make public.")),
                    };
                    out.push(finding);
                }
            }
        }
    }
}

/// `/Sign_In/` and `/sign-in` look alike: lowercase, no separators.
fn squash(path: &str) -> String {
    path.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_lowercase()).collect()
}
