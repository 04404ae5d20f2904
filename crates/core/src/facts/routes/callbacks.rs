//! The per-app join: which SDK completes sign-in, which route files and handlers serve the
//! callback, and which paths a single-page app's router covers.

use super::*;

/// Which SDK completes sign-in for an app, from its dependencies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallbackStyle {
    /// `@workos-inc/authkit-nextjs`: a route handler exporting `GET = handleAuth()`.
    Nextjs,
    /// `@workos/authkit-tanstack-react-start`: a server route with `handleCallbackRoute`.
    TanstackStart,
    /// `@workos-inc/authkit-react-router` / `@workos-inc/authkit-remix`: a route whose loader is `authLoader()`.
    ReactRouter,
    /// `@workos/authkit-sveltekit`: a `+server.ts` calling `authKit.handleCallback()`.
    Sveltekit,
    /// `@workos-inc/authkit-react` / `authkit-js`: `AuthKitProvider` finishes sign-in in the browser.
    Spa,
}

impl CallbackStyle {
    pub fn handler(self) -> Option<HandlerKind> {
        match self {
            CallbackStyle::Nextjs => Some(HandlerKind::HandleAuth),
            CallbackStyle::TanstackStart => Some(HandlerKind::HandleCallbackRoute),
            CallbackStyle::ReactRouter => Some(HandlerKind::AuthLoader),
            CallbackStyle::Sveltekit => Some(HandlerKind::SveltekitCallback),
            CallbackStyle::Spa => None,
        }
    }
}

pub fn callback_style(project: &Project, app: &App, facts: &crate::facts::AppFacts) -> Option<CallbackStyle> {
    let pkg = project.package_of_app(app);
    // A declared SDK the code never imports (left from a migration) does not decide how the
    // app signs in, unless no declared SDK is imported at all.
    let declared = |names: &[&str]| names.iter().any(|n| pkg.depends_on(n));
    let imported = |names: &[&str]| names.iter().any(|n| pkg.depends_on(n) && facts.imports_package(n));
    let all: [&[&str]; 5] = [
        &[sdk::AUTHKIT_NEXTJS],
        sdk::TANSTACK_SDKS,
        sdk::REACT_ROUTER_SDKS,
        sdk::SVELTEKIT_SDKS,
        &[sdk::AUTHKIT_REACT, sdk::AUTHKIT_JS, sdk::CONVEX_DEV_WORKOS],
    ];
    let any_imported = all.iter().any(|names| imported(names));
    let has = |names: &[&str]| if any_imported { imported(names) } else { declared(names) };
    if has(&[sdk::AUTHKIT_NEXTJS]) {
        Some(CallbackStyle::Nextjs)
    } else if has(sdk::TANSTACK_SDKS) {
        Some(CallbackStyle::TanstackStart)
    } else if has(sdk::REACT_ROUTER_SDKS) {
        Some(CallbackStyle::ReactRouter)
    } else if has(sdk::SVELTEKIT_SDKS) {
        Some(CallbackStyle::Sveltekit)
    } else if has(&[sdk::AUTHKIT_REACT, sdk::AUTHKIT_JS, sdk::CONVEX_DEV_WORKOS]) && app.framework != crate::discover::Framework::Expo {
        Some(CallbackStyle::Spa)
    } else {
        None
    }
}

/// A route that completes sign-in.
#[derive(Debug, Clone)]
pub struct CallbackRoute {
    /// The URL path it serves, before any base path; `None` when the handler is not in a file
    /// that routing maps to a URL (a helper module).
    pub path: Option<String>,
    pub file: String,
    pub location: Location,
}

/// Every route of an app that completes sign-in, for the app's [`CallbackStyle`].
#[derive(Debug, Clone)]
pub struct Callbacks {
    pub style: CallbackStyle,
    pub routes: Vec<CallbackRoute>,
    /// Some handler may hide where we cannot see it (a route re-exports `GET`/`loader`, or
    /// React Router's `routes.ts` is computed).
    pub opaque: bool,
}

impl Callbacks {
    /// A handler serves `path`, or one might (a handler whose URL is unknown).
    pub fn may_serve(&self, path: &str) -> bool {
        self.opaque || self.routes.iter().any(|r| r.path.as_deref().is_none_or(|p| route_matches(p, path)))
    }

    pub fn known_paths(&self) -> Vec<&str> {
        let mut paths: Vec<&str> = self.routes.iter().filter_map(|r| r.path.as_deref()).collect();
        paths.sort();
        paths.dedup();
        paths
    }
}

/// Joins what files do with where they are served, for a server framework's callback handler.
pub fn callbacks(project: &Project, app: &App, facts: &crate::facts::AppFacts) -> Option<Callbacks> {
    let style = callback_style(project, app, facts)?;
    let kind = style.handler()?;
    // The SDK is declared, but no file of the app imports any AuthKit package: the app signs
    // in some other way (a hand-written WorkOS integration), and its routes are its own.
    let imports_authkit =
        facts.imports_where(|s| crate::facts::nextjs_code::is_authkit_package(s) || s.starts_with(sdk::CONVEX_DEV_WORKOS));
    if !facts.code.files.is_empty() && !imports_authkit {
        return None;
    }
    let mut out = Callbacks { style, routes: Vec::new(), opaque: false };
    // React Router's routes.ts maps modules (relative to `app/`) to paths.
    let app_dir = crate::source::join_rel(&app.dir, "app");
    let route_config = facts.code.files.iter().find_map(|f| f.routes.route_config.as_ref());
    if route_config.is_some_and(|c| !c.complete) {
        out.opaque = true;
    }
    for file in &facts.code.files {
        let routes = &file.routes;
        if routes.reexported_handler.is_some() && facts.routes.is_route_file(&file.path) {
            out.opaque = true;
        }
        // The SDK's handler, or a hand-written one that exchanges the code itself, or calls the
        // SDK's `handleCallback` method (`(await getAuthkit()).handleCallback(request, …)` in a
        // TanStack Start server route does what `handleCallbackRoute()` does).
        let Some(handler) =
            routes.handlers.iter().find(|h| h.kind == kind || matches!(h.kind, HandlerKind::CodeExchange | HandlerKind::SveltekitCallback))
        else {
            continue;
        };
        let path = match style {
            CallbackStyle::Nextjs => {
                let app_route = facts.routes.route_of(&file.path, &[RouteFileKind::NextAppRoute]);
                let pages_api = facts.routes.route_of(&file.path, &[RouteFileKind::NextPagesApi]);
                let served = app_route
                    .filter(|_| routes.exports("GET"))
                    .or(pages_api.filter(|_| routes.exports("default") || routes.exports("GET")));
                // A route file whose handler is not exported as `GET` (say, `export default`)
                // answers the redirect with 405: it is not a callback, whatever it calls.
                if served.is_none() && (app_route.is_some() || pages_api.is_some()) {
                    continue;
                }
                served
            }
            CallbackStyle::TanstackStart => {
                if let Some((path, _)) = &routes.file_route_path {
                    out.routes.push(CallbackRoute {
                        path: Some(normalize_path(path)),
                        file: file.path.clone(),
                        location: handler.location.clone(),
                    });
                    continue;
                }
                facts.routes.route_of(&file.path, &[RouteFileKind::TanstackFile])
            }
            CallbackStyle::ReactRouter => {
                let configured = route_config.and_then(|c| {
                    let module = file.path.strip_prefix(&format!("{app_dir}/")).unwrap_or(&file.path);
                    c.routes.iter().find(|r| r.file.trim_start_matches("./") == module)
                });
                if let Some(route) = configured {
                    out.routes.push(CallbackRoute {
                        path: Some(route.path.clone()),
                        file: file.path.clone(),
                        location: handler.location.clone(),
                    });
                    continue;
                }
                // Without routes.ts (Remix), or with `flatRoutes()`, `app/routes/` is file-based.
                let file_based = route_config.is_none_or(|c| c.uses_file_routes);
                facts.routes.route_of(&file.path, &[RouteFileKind::FlatRoute]).filter(|_| file_based && routes.exports("loader"))
            }
            CallbackStyle::Sveltekit => {
                facts.routes.route_of(&file.path, &[RouteFileKind::SveltekitServer]).filter(|_| routes.exports("GET"))
            }
            CallbackStyle::Spa => None,
        };
        out.routes.push(CallbackRoute { path: path.map(|r| r.path.clone()), file: file.path.clone(), location: handler.location.clone() });
    }
    Some(out)
}

/// A React Router / Remix route whose loader uses `authkitLoader` where the callback needs
/// `authLoader()`, with the path it serves.
pub fn react_router_loader_routes(app: &App, facts: &crate::facts::AppFacts) -> Vec<(String, Location)> {
    let app_dir = crate::source::join_rel(&app.dir, "app");
    let route_config = facts.code.files.iter().find_map(|f| f.routes.route_config.as_ref());
    let mut out = Vec::new();
    for file in &facts.code.files {
        let Some(location) = &file.routes.authkit_loader else { continue };
        if !file.routes.exports("loader") {
            continue;
        }
        let module = file.path.strip_prefix(&format!("{app_dir}/")).unwrap_or(&file.path);
        let configured =
            route_config.and_then(|c| c.routes.iter().find(|r| r.file.trim_start_matches("./") == module)).map(|r| r.path.clone());
        let file_based = || {
            route_config
                .is_none_or(|c| c.uses_file_routes)
                .then(|| facts.routes.route_of(&file.path, &[RouteFileKind::FlatRoute]).map(|r| r.path.clone()))
                .flatten()
        };
        if let Some(path) = configured.or_else(file_based) {
            out.push((path, location.clone()));
        }
    }
    out
}

/// Where an SPA's `AuthKitProvider` can finish sign-in.
#[derive(Debug, Clone)]
pub enum SpaCoverage {
    /// No `AuthKitProvider` in the app's code (another rule's business).
    NoProvider,
    /// A provider renders outside every route, so it sees `?code=` on every path; `routes` are
    /// the client routes when all of them are known (empty when there is no router, or when
    /// some routes are defined where we cannot see them).
    Everywhere { routes: Vec<String> },
    /// Every provider is nested in routes: it renders only on these paths.
    Only(Vec<String>),
}

pub fn spa_coverage(facts: &crate::facts::AppFacts) -> SpaCoverage {
    let providers: Vec<&ProviderElement> = facts.code.files.iter().flat_map(|f| f.routes.providers.iter()).collect();
    if providers.is_empty() {
        return SpaCoverage::NoProvider;
    }
    if providers.iter().any(|p| p.route_paths.is_empty()) {
        let incomplete = facts.code.files.iter().any(|f| f.routes.spa_routes_incomplete);
        let mut routes: Vec<String> = if incomplete {
            Vec::new()
        } else {
            facts.code.files.iter().flat_map(|f| f.routes.spa_routes.iter().map(|r| r.path.clone())).collect()
        };
        routes.sort();
        routes.dedup();
        return SpaCoverage::Everywhere { routes };
    }
    let mut paths: Vec<String> = providers.iter().flat_map(|p| p.route_paths.last().cloned()).collect();
    paths.sort();
    paths.dedup();
    SpaCoverage::Only(paths)
}
