use super::{apps, base_path, callback_paths, redirect_uris, strip_base};
use crate::declare_rule;
use crate::diagnostic::Finding;
use crate::facts::routes::{CallbackStyle, SpaCoverage, callbacks, route_matches, spa_coverage};
use crate::rules::CheckContext;

declare_rule! {
    /// ### What it does
    /// Finds a redirect URI whose path matches no route that completes sign-in, while such a
    /// route exists at another path: Next.js `app/<path>/route.ts` exporting
    /// `GET = handleAuth()`, TanStack Start `handleCallbackRoute`, React Router / Remix
    /// `authLoader()`, SvelteKit `authKit.handleCallback()`. For a single-page app it fires when
    /// `AuthKitProvider` renders only under other routes, or when the client router has no route
    /// for the path (the code is exchanged, then the app shows no page).
    ///
    /// When the app has no callback handler at all, `nextjs/callback-route-missing` or
    /// `framework/callback-handler-missing` reports it instead, not this rule. A path that misses
    /// only the app's base path is `redirect/base-path`'s finding.
    ///
    /// ### Why is this bad?
    /// WorkOS redirects to exactly the registered URI with `?code=…&state=…`. If nothing there
    /// exchanges the code, the browser gets a 404 (or an empty page) and no session is created.
    ///
    /// ### Symptom
    /// After the WorkOS sign-in page, a 404 or blank page at the callback URL; the user stays
    /// signed out.
    ///
    /// ### Fix
    /// Point the redirect URI at the handler's path (and register it in the WorkOS dashboard), or
    /// move the handler to the redirect URI's path.
    ///
    /// ### Example
    /// ```sh
    /// # app/callback/route.ts exports GET = handleAuth()
    /// # before
    /// NEXT_PUBLIC_WORKOS_REDIRECT_URI=http://localhost:3000/auth/callback
    /// # after
    /// NEXT_PUBLIC_WORKOS_REDIRECT_URI=http://localhost:3000/callback
    /// ```
    pub static RULE = {
        id: "redirect/no-callback-route",
        severity: Error,
        symptoms: [CallbackFails],
        summary: "the redirect URI's path has no route that completes sign-in",
    };
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for view in apps(cx) {
        let uris = redirect_uris(&view);
        let base = base_path(&view).map(|(b, _, _)| b);
        if view.style == CallbackStyle::Spa {
            check_spa(&view, &uris, out);
            continue;
        }
        let Some(cbs) = callbacks(cx.project, view.app, view.facts) else { continue };
        // No handler at all is the nextjs/framework rule's finding; a hidden one may serve any path.
        if cbs.routes.is_empty() || cbs.opaque {
            continue;
        }
        let call = view.style.handler().map(|h| h.call_text()).unwrap_or("the callback handler");
        for (path, uri) in callback_paths(&uris) {
            let served = strip_base(path, base.as_deref());
            if cbs.may_serve(&served) {
                continue;
            }
            let known = cbs.known_paths();
            let mut finding = RULE
                .finding(format!("no route completes sign-in at {path}, the path of the redirect URI {} ({})", uri.text, uri.described()))
                .at(uri.location.clone())
                .help(format!("{call} is served at {}; WorkOS redirects to {path} and gets a 404.", known.join(", ")))
                .fix(match known.first() {
                    Some(p) => {
                        format!("Use the path {p} in the redirect URI (and in the WorkOS dashboard), or move the handler to {path}.")
                    }
                    None => format!("Move the handler to {path}."),
                });
            for route in &cbs.routes {
                finding = finding.related(route.location.clone(), format!("{call} is here"));
            }
            out.push(finding);
        }
    }
}

fn check_spa(view: &super::AppView, uris: &[super::RedirectUri], out: &mut Vec<Finding>) {
    match spa_coverage(view.facts) {
        SpaCoverage::NoProvider => {}
        SpaCoverage::Only(paths) => {
            for (path, uri) in callback_paths(uris) {
                if paths.iter().any(|p| route_matches(p, path)) {
                    continue;
                }
                out.push(
                    RULE.finding(format!("AuthKitProvider renders only at {}, so nothing finishes sign-in at {path} ({})", paths.join(", "), uri.described()))
                        .at(uri.location.clone())
                        .help("authkit-react exchanges ?code= only where AuthKitProvider is rendered and the pathname equals the redirect URI's path.")
                        .fix("Render AuthKitProvider around the whole app (outside the router), or point the redirect URI at a path where it renders."),
                );
            }
        }
        SpaCoverage::Everywhere { routes } => {
            if routes.is_empty() {
                return;
            }
            for (path, uri) in callback_paths(uris) {
                if path == "/" || routes.iter().any(|r| route_matches(r, path)) {
                    continue;
                }
                out.push(
                    RULE.finding(format!("no client route matches {path}, the path of the redirect URI {} ({})", uri.text, uri.described()))
                        .at(uri.location.clone())
                        .help("AuthKitProvider exchanges the code, but the router then renders no page at this path, so the user sees an empty or not-found page after signing in.")
                        .fix(format!("Add a route for {path} (it can wait for `isLoading` to be false and navigate home), or point the redirect URI at an existing route.")),
                );
            }
        }
    }
}
