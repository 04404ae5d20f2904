//! The routes of an app that matter for sign-in: which path completes the OAuth callback
//! (Next `app/**/route.ts` exporting `GET = handleAuth()`, TanStack `handleCallbackRoute`,
//! React Router / Remix `authLoader`, SvelteKit `authKit.handleCallback()`, SPA routes), the
//! redirect URIs passed in code, and the bundler settings that move routes (`base`, `basePath`,
//! `server.port`).
//!
//! Two halves meet here. [`collect`] runs during the single parse in [`super::code`] and says what
//! one file *does* (calls `handleAuth`, renders `<AuthKitProvider redirectUri=…>`, declares
//! `<Route path="/callback">`). [`RouteFacts::load`] says which URL each route *file* serves,
//! from its path alone (file-based routing). [`callbacks()`] joins the two per app.

use crate::diagnostic::Location;
use crate::discover::{App, Project};
use crate::sdk;
use crate::source::{Files, SourceFile, Span};
use oxc_ast::ast::*;
use oxc_ast_visit::{Visit, walk};
use oxc_span::GetSpan;
use std::collections::HashMap;

mod callbacks;
mod collector;
mod file_routes;

pub use callbacks::*;
pub use collector::*;
pub use file_routes::*;

/// Names that make a file worth parsing for route facts, as the rare part of each name (see
/// `code::need`: `leCallback` finds `handleCallback` and `handleCallbackRoute`).
pub const NEEDLES: &[&str] = &[
    // Callback handlers of the server SDKs: `handleAuth`, `handleCallback(Route)`, `authLoader`.
    "leAuth",
    "leCallback",
    "thLoader",
    // A hand-written callback: the code exchange itself (`authenticateWithCode`).
    "uthenticateWithCode",
    // Redirect URIs in code (`redirectUri`), and the SPA provider that finishes sign-in on
    // `?code=` (`AuthKitProvider`).
    "ctUri",
    "thKitProvider",
    // File routes and client-side routers: `create(Server|API)FileRoute`, `<Route`,
    // `createBrowserRouter`, `useRoutes`, `RouteObject`, `@react-router/dev/routes`.
    "FileRoute",
    "<Route",
    "BrowserRouter",
    "seRoutes",
    "teObject",
    "r/dev/routes",
    // Bundler config: vite.config (`defineConfig` or an import of vite), next.config `basePath`,
    // react-router.config `basename`.
    "neConfig",
    "'vite'",
    "\"vite\"",
    "asePath",
    "asename",
];

/// The SDK call that completes sign-in on the redirect URI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HandlerKind {
    /// `@workos-inc/authkit-nextjs` `handleAuth()`.
    HandleAuth,
    /// `@workos/authkit-tanstack-react-start` `handleCallbackRoute`.
    HandleCallbackRoute,
    /// `@workos-inc/authkit-react-router` / `@workos-inc/authkit-remix` `authLoader()`.
    AuthLoader,
    /// `@workos/authkit-sveltekit` `authKit.handleCallback()`.
    SveltekitCallback,
    /// A hand-written handler: `workos.userManagement.authenticateWithCode(…)` (then
    /// `saveSession`, a sealed cookie, …). It completes sign-in as well as the SDK's helper.
    CodeExchange,
}

impl HandlerKind {
    pub fn call_text(self) -> &'static str {
        match self {
            HandlerKind::HandleAuth => "handleAuth()",
            HandlerKind::HandleCallbackRoute => "handleCallbackRoute()",
            HandlerKind::AuthLoader => "authLoader()",
            HandlerKind::SveltekitCallback => "authKit.handleCallback()",
            HandlerKind::CodeExchange => "authenticateWithCode()",
        }
    }
}

#[derive(Debug, Clone)]
pub struct HandlerUse {
    pub kind: HandlerKind,
    pub location: Location,
}

/// A redirect URI as code passes it. Env reads stay symbolic: the rules resolve them against
/// the env files of the mode they check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UriValue {
    /// A string known statically.
    Literal(String),
    /// `process.env.X`, `import.meta.env.X`, or SvelteKit's `$env/static/*` / `$env/dynamic/*`;
    /// `fallback` is a literal after `??` / `||`.
    Env { name: String, fallback: Option<String> },
    /// Computed at run time (a condition, a template with variables, a function call); the env
    /// vars the expression reads, e.g. `VERCEL_BRANCH_URL`.
    Computed { env: Vec<String> },
}

impl UriValue {
    /// Every env var the value depends on.
    pub fn env_names(&self) -> Vec<&str> {
        match self {
            UriValue::Literal(_) => Vec::new(),
            UriValue::Env { name, .. } => vec![name.as_str()],
            UriValue::Computed { env } => env.iter().map(String::as_str).collect(),
        }
    }
}

/// Who receives a redirect URI passed in code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UriConsumer {
    /// `<AuthKitProvider redirectUri>` or authkit-js `createClient(…, { redirectUri })`.
    Provider,
    /// `authkitMiddleware` / `authkitProxy` / `authkit()` options, SvelteKit `configureAuthKit`.
    Middleware,
    /// `getSignInUrl` / `getSignUpUrl` options.
    SignInUrl,
}

#[derive(Debug, Clone)]
pub struct RedirectUriUse {
    pub consumer: UriConsumer,
    pub value: UriValue,
    /// The value expression.
    pub location: Location,
}

/// Whether an `<AuthKitProvider>` element sets `redirectUri`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PropPresence {
    Present,
    Absent,
    /// A `{...spread}` attribute may set it.
    Unknown,
}

/// An `<AuthKitProvider>` element: it exchanges `?code=` on whatever path it renders at.
#[derive(Debug, Clone)]
pub struct ProviderElement {
    pub location: Location,
    pub redirect_uri: PropPresence,
    /// The client-side routes the element is nested in (`<Route path>` or a route object's
    /// `element`); empty when it renders outside any route, i.e. on every path.
    pub route_paths: Vec<String>,
}

/// A client-side route (React Router `<Route path>` or route object), full path.
#[derive(Debug, Clone)]
pub struct SpaRoute {
    pub path: String,
    pub location: Location,
}

/// A router that may be mounted under a base path.
#[derive(Debug, Clone)]
pub struct RouterUse {
    /// `BrowserRouter`, `createBrowserRouter`, `createRouter`.
    pub name: String,
    pub location: Location,
    /// `basename` (React Router) / `basepath` (TanStack Router).
    pub basename: Option<Setting<String>>,
}

/// A config value: known statically, or set to something computed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Setting<T> {
    Known(T, Location),
    Unknown(Location),
}

impl<T> Setting<T> {
    pub fn location(&self) -> &Location {
        match self {
            Setting::Known(_, l) | Setting::Unknown(l) => l,
        }
    }

    pub fn known(&self) -> Option<&T> {
        match self {
            Setting::Known(v, _) => Some(v),
            Setting::Unknown(_) => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BundlerKind {
    Vite,
    Next,
    ReactRouter,
}

/// `vite.config.*`, `next.config.*` or `react-router.config.*`.
#[derive(Debug, Clone)]
pub struct BundlerConfig {
    pub kind: BundlerKind,
    pub file: String,
    /// The exported config object was found; when false nothing below is known.
    pub resolved: bool,
    /// Vite `base`, Next `basePath`, React Router `basename`.
    pub base: Option<Setting<String>>,
    /// Vite `server.port`.
    pub port: Option<Setting<u16>>,
}

/// A route of React Router's `app/routes.ts` config.
#[derive(Debug, Clone)]
pub struct ConfigRoute {
    pub path: String,
    /// The module as written, relative to the `app/` dir (`routes/callback.ts`).
    pub file: String,
}

/// React Router's `app/routes.ts`.
#[derive(Debug, Clone, Default)]
pub struct RouteConfig {
    pub routes: Vec<ConfigRoute>,
    /// `flatRoutes()` adds the file-based routes of `app/routes/`.
    pub uses_file_routes: bool,
    /// Every entry was understood.
    pub complete: bool,
}

/// Route facts of one parsed file (filled during the single parse in [`super::code`]).
#[derive(Debug, Default, Clone)]
pub struct RouteFileFacts {
    pub handlers: Vec<HandlerUse>,
    /// Names the module exports (`GET`, `loader`, `default`, `Route`).
    pub exports: Vec<String>,
    /// `authkitLoader` (React Router / Remix's loader for any route, not the callback): kept to
    /// explain a callback route that uses it instead of `authLoader()`.
    pub authkit_loader: Option<Location>,
    /// `GET` or `loader` re-exported from another module: a handler this file does not show.
    pub reexported_handler: Option<Location>,
    /// The path named by TanStack `createFileRoute('/x')` / `createServerFileRoute('/x')`.
    pub file_route_path: Option<(String, Location)>,
    pub redirect_uris: Vec<RedirectUriUse>,
    pub providers: Vec<ProviderElement>,
    pub spa_routes: Vec<SpaRoute>,
    /// Some client routes are not known statically (an imported route array, a `path={CONST}`).
    pub spa_routes_incomplete: bool,
    pub routers: Vec<RouterUse>,
    pub bundler_config: Option<BundlerConfig>,
    pub route_config: Option<RouteConfig>,
}

impl RouteFileFacts {
    pub fn exports(&self, name: &str) -> bool {
        self.exports.iter().any(|e| e == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Decoding;

    fn facts(path: &str, text: &str) -> RouteFileFacts {
        crate::facts::code::extract_file(&SourceFile::new(path, text.into(), Decoding::Utf8)).routes
    }

    #[test]
    fn route_files_per_convention() {
        let cases = [
            ("app/callback/route.ts", Some((RouteFileKind::NextAppRoute, "/callback"))),
            ("src/app/(auth)/auth/callback/route.js", Some((RouteFileKind::NextAppRoute, "/auth/callback"))),
            ("app/_lib/route.ts", None),
            ("app/page.tsx", None),
            ("pages/api/auth/callback.ts", Some((RouteFileKind::NextPagesApi, "/api/auth/callback"))),
            ("pages/api/callback/index.ts", Some((RouteFileKind::NextPagesApi, "/api/callback"))),
            ("src/routes/callback.tsx", Some((RouteFileKind::TanstackFile, "/callback"))),
            ("src/routes/api.auth.callback.tsx", Some((RouteFileKind::TanstackFile, "/api/auth/callback"))),
            ("src/routes/api/auth/callback.tsx", Some((RouteFileKind::TanstackFile, "/api/auth/callback"))),
            ("src/routes/_authenticated/server.tsx", Some((RouteFileKind::TanstackFile, "/server"))),
            ("src/routes/__root.tsx", None),
            ("src/routes/auth/callback/+server.ts", Some((RouteFileKind::SveltekitServer, "/auth/callback"))),
            ("src/routes/(app)/callback/+server.js", Some((RouteFileKind::SveltekitServer, "/callback"))),
            ("app/routes/auth.callback.ts", Some((RouteFileKind::FlatRoute, "/auth/callback"))),
            ("app/routes/callback.tsx", Some((RouteFileKind::FlatRoute, "/callback"))),
            ("app/routes/_index.tsx", Some((RouteFileKind::FlatRoute, "/"))),
            ("app/routes/_auth.callback.ts", Some((RouteFileKind::FlatRoute, "/callback"))),
            ("app/routes/auth.callback/route.ts", Some((RouteFileKind::FlatRoute, "/auth/callback"))),
            ("app/routes/sitemap[.]xml.ts", Some((RouteFileKind::FlatRoute, "/sitemap.xml"))),
        ];
        for (path, want) in cases {
            let got = route_files(path);
            match want {
                Some((kind, url)) => assert!(got.iter().any(|(k, p)| *k == kind && p == url), "{path}: {got:?}"),
                None => assert!(got.iter().all(|(k, _)| *k == RouteFileKind::TanstackFile), "{path}: {got:?}"),
            }
        }
    }

    #[test]
    fn matching() {
        assert!(route_matches("/callback", "/callback"));
        assert!(route_matches("/", "/"));
        assert!(!route_matches("/callback", "/auth/callback"));
        assert!(route_matches("/auth/[provider]", "/auth/callback"));
        assert!(route_matches("/files/$", "/files/a/b"));
        assert!(route_matches("/*", "/callback"));
        assert!(route_matches("/app/*", "/app/callback"));
        assert!(!route_matches("/app/*", "/callback"));
        assert!(route_matches("/($lang)/callback", "/callback"));
        assert!(!route_matches("/callback/extra", "/callback"));
    }

    #[test]
    fn next_handle_auth_shapes() {
        let f = facts(
            "app/callback/route.ts",
            "import { handleAuth } from '@workos-inc/authkit-nextjs';\nexport const GET = handleAuth({ returnPathname: '/' });\n",
        );
        assert_eq!(f.handlers.len(), 1);
        assert!(f.exports("GET"));
        let f = facts("app/callback/route.ts", "import { handleAuth } from '@workos-inc/authkit-nextjs';\nexport { handleAuth as GET };\n");
        assert!(f.handlers.iter().any(|h| h.kind == HandlerKind::HandleAuth));
        assert!(f.exports("GET"));
        // Kinde's handleAuth is not WorkOS's.
        let f = facts(
            "app/callback/route.ts",
            "import { handleAuth } from '@kinde-oss/kinde-auth-nextjs/server';\nexport const GET = handleAuth();\n",
        );
        assert!(f.handlers.is_empty());
        let f = facts("app/callback/route.ts", "export { GET } from '@acme/auth/callback';\n");
        assert!(f.reexported_handler.is_some());
    }

    #[test]
    fn tanstack_and_sveltekit_and_react_router() {
        let f = facts(
            "src/routes/api.auth.callback.tsx",
            "import { createFileRoute } from '@tanstack/react-router';\nimport { handleCallbackRoute } from '@workos/authkit-tanstack-react-start';\nexport const Route = createFileRoute('/api/auth/callback')({ server: { handlers: { GET: handleCallbackRoute } } });\n",
        );
        assert_eq!(f.handlers[0].kind, HandlerKind::HandleCallbackRoute);
        assert_eq!(f.file_route_path.as_ref().map(|p| p.0.as_str()), Some("/api/auth/callback"));
        let f = facts(
            "src/routes/auth/callback/+server.ts",
            "import { authKit } from '@workos/authkit-sveltekit';\nexport const GET = async (event) => { const handler = authKit.handleCallback(); return handler(event); };\n",
        );
        assert_eq!(f.handlers[0].kind, HandlerKind::SveltekitCallback);
        let f = facts(
            "app/routes/callback.ts",
            "import { authLoader } from '@workos-inc/authkit-react-router';\nexport const loader = authLoader();\n",
        );
        assert_eq!(f.handlers[0].kind, HandlerKind::AuthLoader);
        assert!(f.exports("loader"));
        let f = facts(
            "app/routes.ts",
            "import { type RouteConfig, index, route, prefix, layout } from '@react-router/dev/routes';\nexport default [index('routes/home.tsx'), route('auth/callback', 'routes/callback.ts'), ...prefix('api', [route('x', 'routes/x.ts')]), layout('routes/l.tsx', [route('y', 'routes/y.tsx')])] satisfies RouteConfig;\n",
        );
        let config = f.route_config.unwrap();
        assert!(config.complete);
        let paths: Vec<(&str, &str)> = config.routes.iter().map(|r| (r.path.as_str(), r.file.as_str())).collect();
        assert_eq!(
            paths,
            vec![("/", "routes/home.tsx"), ("/auth/callback", "routes/callback.ts"), ("/api/x", "routes/x.ts"), ("/y", "routes/y.tsx")]
        );
    }

    #[test]
    fn redirect_uris_in_code() {
        let f = facts(
            "src/main.tsx",
            "import { AuthKitProvider } from '@workos-inc/authkit-react';\nconst uri = import.meta.env.VITE_WORKOS_REDIRECT_URI;\nrender(<AuthKitProvider clientId=\"x\" redirectUri={uri}><App/></AuthKitProvider>);\n",
        );
        assert_eq!(f.redirect_uris[0].value, UriValue::Env { name: "VITE_WORKOS_REDIRECT_URI".into(), fallback: None });
        assert_eq!(f.providers[0].redirect_uri, PropPresence::Present);
        assert!(f.providers[0].route_paths.is_empty());
        let f = facts(
            "proxy.ts",
            "import { authkitMiddleware } from '@workos-inc/authkit-nextjs';\nexport default authkitMiddleware({ redirectUri: process.env.VERCEL_ENV === 'preview' ? `https://${process.env.VERCEL_BRANCH_URL}/callback` : undefined });\n",
        );
        assert_eq!(f.redirect_uris[0].consumer, UriConsumer::Middleware);
        assert_eq!(f.redirect_uris[0].value, UriValue::Computed { env: vec!["VERCEL_BRANCH_URL".into(), "VERCEL_ENV".into()] });
        let f = facts(
            "src/hooks.server.ts",
            "import { WORKOS_REDIRECT_URI } from '$env/static/private';\nimport { configureAuthKit } from '@workos/authkit-sveltekit';\nconfigureAuthKit({ redirectUri: WORKOS_REDIRECT_URI });\n",
        );
        assert_eq!(f.redirect_uris[0].value, UriValue::Env { name: "WORKOS_REDIRECT_URI".into(), fallback: None });
    }

    #[test]
    fn spa_routes_and_provider_nesting() {
        let f = facts(
            "src/main.tsx",
            "import { BrowserRouter, Routes, Route } from 'react-router-dom';\nimport { AuthKitProvider } from '@workos-inc/authkit-react';\nrender(<BrowserRouter basename=\"/app\"><Routes><Route path=\"/\" element={<Layout/>}><Route path=\"callback\" element={<AuthKitProvider clientId=\"x\"><Cb/></AuthKitProvider>} /></Route></Routes></BrowserRouter>);\n",
        );
        let paths: Vec<&str> = f.spa_routes.iter().map(|r| r.path.as_str()).collect();
        assert_eq!(paths, vec!["/", "/callback"]);
        assert_eq!(f.providers[0].route_paths, vec!["/".to_string(), "/callback".to_string()]);
        assert_eq!(f.routers[0].basename.as_ref().and_then(|b| b.known()).map(String::as_str), Some("/app"));
        let f = facts(
            "src/router.tsx",
            "import { createBrowserRouter } from 'react-router-dom';\nexport const router = createBrowserRouter([{ path: '/', element: <Home/>, children: [{ path: 'auth/callback', element: <Cb/> }] }]);\n",
        );
        let paths: Vec<&str> = f.spa_routes.iter().map(|r| r.path.as_str()).collect();
        assert_eq!(paths, vec!["/", "/auth/callback"]);
        assert!(!f.spa_routes_incomplete);
        let f = facts(
            "src/router.tsx",
            "import { createBrowserRouter } from 'react-router-dom';\nimport { routes } from './routes';\nexport const router = createBrowserRouter(routes);\n",
        );
        assert!(f.spa_routes_incomplete);
        let f = facts(
            "src/App.tsx",
            "import { Routes, Route } from 'react-router-dom';\nimport { PATHS } from './paths';\nexport const App = () => <Routes><Route path={PATHS.callback} element={<Cb/>} /></Routes>;\n",
        );
        assert!(f.spa_routes_incomplete);
    }

    #[test]
    fn only_index_true_makes_an_index_route() {
        let f = facts(
            "src/router.tsx",
            "import { createBrowserRouter } from 'react-router-dom';\nexport const router = createBrowserRouter([{ path: '/app', element: <Shell/>, children: [{ index: true, element: <Home/> }] }]);\n",
        );
        let paths: Vec<&str> = f.spa_routes.iter().map(|r| r.path.as_str()).collect();
        assert_eq!(paths, vec!["/app", "/app"]);
        // A row of data that happens to have an `index` field (here in a file a provider's name
        // made worth parsing) is no route.
        let f = facts(
            "src/payload.ts",
            "export const rows = (providerName, xs) => xs.map((x, index) => ({ error: t('bad', { index: index + 1 }) }));\n",
        );
        assert!(f.spa_routes.is_empty());
    }

    #[test]
    fn bundler_configs() {
        let f = facts(
            "vite.config.ts",
            "import { defineConfig } from 'vite';\nexport default defineConfig({ base: '/app/', server: { port: 3000 } });\n",
        );
        let c = f.bundler_config.unwrap();
        assert!(c.resolved);
        assert_eq!(c.base.as_ref().and_then(|b| b.known()).map(String::as_str), Some("/app/"));
        assert_eq!(c.port.as_ref().and_then(|p| p.known()).copied(), Some(3000));
        let f = facts(
            "vite.config.mjs",
            "import { defineConfig } from 'vite';\nexport default defineConfig(({ mode }) => { return { server: { port: Number(process.env.PORT) } }; });\n",
        );
        let c = f.bundler_config.unwrap();
        assert!(matches!(c.port, Some(Setting::Unknown(_))));
        let f = facts("next.config.mjs", "const nextConfig = { basePath: '/docs' };\nexport default withSentry(nextConfig);\n");
        let c = f.bundler_config.unwrap();
        assert_eq!(c.base.as_ref().and_then(|b| b.known()).map(String::as_str), Some("/docs"));
        let f = facts("next.config.js", "module.exports = { basePath: process.env.BASE };\n");
        assert!(matches!(f.bundler_config.unwrap().base, Some(Setting::Unknown(_))));
    }
}
