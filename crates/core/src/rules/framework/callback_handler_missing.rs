use crate::declare_rule;
use crate::diagnostic::Finding;
use crate::diagnostic::Location;
use crate::facts::routes::{CallbackStyle, RouteFileKind, callbacks, react_router_loader_routes, route_matches};
use crate::rules::CheckContext;
use crate::rules::nextjs::callback_route_missing::anchor;
use crate::rules::redirect::{apps, callback_paths, redirect_uris};

declare_rule! {
    /// ### What it does
    /// Finds a TanStack Start, React Router, Remix or SvelteKit app using its AuthKit SDK where
    /// no route completes sign-in: no `handleCallbackRoute` (TanStack Start), no loader calling
    /// `authLoader()` (React Router / Remix; `authkitLoader` is the root loader, not the
    /// callback), no `+server.ts` calling `authKit.handleCallback()` (SvelteKit). A route that
    /// re-exports its loader/handler from elsewhere, or a computed `routes.ts`, keeps it quiet.
    ///
    /// When the route at the redirect path uses `authkitLoader` instead, or a route file already
    /// serves that path but only renders a page, the finding points at that route, so the fix
    /// goes there rather than into a second route for the same path. This rule fires only when the app has no callback handler at all. When one exists but at
    /// another path than the redirect URI's, `redirect/no-callback-route` reports it instead.
    ///
    /// ### Why is this bad?
    /// WorkOS sends the browser to the redirect URI with `?code=…`; only the SDK's callback
    /// handler exchanges it for a session. Without one the callback is a 404 (or renders a page
    /// that ignores the code) and nobody is signed in.
    ///
    /// ### Symptom
    /// After the WorkOS sign-in page, a 404 or an unchanged signed-out page at the callback URL.
    ///
    /// ### Fix
    /// Add the SDK's callback route at the redirect URI's path.
    ///
    /// ### Example
    /// ```ts
    /// // src/routes/callback.tsx (TanStack Start)
    /// import { createFileRoute } from "@tanstack/react-router";
    /// import { handleCallbackRoute } from "@workos/authkit-tanstack-react-start";
    ///
    /// export const Route = createFileRoute("/callback")({
    ///   server: { handlers: { GET: handleCallbackRoute() } },
    /// });
    /// ```
    pub static RULE = {
        id: "framework/callback-handler-missing",
        severity: Error,
        symptoms: [CallbackFails],
        summary: "no route completes sign-in (TanStack Start, React Router, Remix, SvelteKit)",
    };
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for view in apps(cx) {
        // What completes sign-in, the SDK packages, where a new callback route goes, and its code.
        let (what, sdks, new_route, code): (_, &[&str], _, _) = match view.style {
            CallbackStyle::TanstackStart => (
                "handleCallbackRoute",
                crate::sdk::TANSTACK_SDKS,
                "a route file (e.g. src/routes/callback.tsx)",
                "`createFileRoute('{path}')({ server: { handlers: { GET: handleCallbackRoute() } } })`",
            ),
            CallbackStyle::ReactRouter => (
                "a loader calling authLoader()",
                crate::sdk::REACT_ROUTER_SDKS,
                "a route module at {path}",
                "`export const loader = authLoader();`",
            ),
            CallbackStyle::Sveltekit => (
                "authKit.handleCallback()",
                crate::sdk::SVELTEKIT_SDKS,
                "src/routes{path}/+server.ts",
                "`export const GET = (event) => authKit.handleCallback()(event);`",
            ),
            CallbackStyle::Nextjs | CallbackStyle::Spa => continue,
        };
        let Some(cbs) = callbacks(cx.project, view.app, view.facts) else { continue };
        if !cbs.routes.is_empty() || cbs.opaque {
            continue;
        }
        let uris = redirect_uris(&view);
        // No file imports the SDK and no redirect URI is set: the app's code is not in view (a
        // package.json skeleton), so there is nothing to say about its routes.
        if view.facts.code.files.is_empty() && uris.is_empty() {
            continue;
        }
        let path = callback_paths(&uris).first().map(|(p, _)| p.to_string()).unwrap_or_else(|| "/callback".into());
        // The documented mistake: `authkitLoader` (for any route) on the callback route.
        if view.style == CallbackStyle::ReactRouter
            && let Some((_, location)) = react_router_loader_routes(view.app, view.facts).into_iter().find(|(p, _)| route_matches(p, &path))
        {
            out.push(
                RULE.finding(format!("the route at {path} loads with authkitLoader, which reads the session but never exchanges the sign-in code"))
                    .at(location)
                    .help("authkitLoader is the loader for routes that need the user; the callback route needs authLoader(), which exchanges ?code= for a session.")
                    .fix("Use `export const loader = authLoader();` (from the same package) in the callback route."),
            );
            continue;
        }
        // A route file already serves the callback path but only renders a page: name it, so the
        // fix goes into that file instead of a second route for the same path.
        let kind = match view.style {
            CallbackStyle::TanstackStart => RouteFileKind::TanstackFile,
            CallbackStyle::ReactRouter => RouteFileKind::FlatRoute,
            _ => RouteFileKind::SveltekitServer,
        };
        if let Some(route) = view.facts.routes.files.iter().find(|f| f.kind == kind && route_matches(&f.path, &path)) {
            // The route's declaration when it can be found; the file's start otherwise.
            let (start, end) = cx
                .text(&route.file)
                .and_then(|t| ["createFileRoute(", "export "].iter().find_map(|n| t.find(n).map(|at| (at, at + n.len() - 1))))
                .unwrap_or((0, 0));
            out.push(
                RULE.finding(format!(
                    "{} serves {path}, the redirect URI's path, but never calls {what}: the sign-in code WorkOS sends there is not exchanged",
                    route.file
                ))
                .at(Location::new(route.file.clone(), start, end))
                .help("A route at the callback path that only renders a page leaves the user without a session; the SDK's callback handler is what exchanges ?code= and sets the session cookie.")
                .fix(format!("Make this route the callback: {}.", code.replace("{path}", &path))),
            );
            continue;
        }
        let Some(location) = anchor(&view, &uris, sdks) else { continue };
        out.push(
            RULE.finding(format!("no route of {} uses {what}: WorkOS redirects to {path} and nothing completes sign-in", view.name()))
                .at(location)
                .help("Only the SDK's callback handler exchanges the code WorkOS sends to the redirect URI for a session.")
                .fix(format!("Add {} with {}.", new_route.replace("{path}", &path), code.replace("{path}", &path))),
        );
    }
}
