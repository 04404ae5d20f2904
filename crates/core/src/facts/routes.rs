//! The routes of an app that matter for sign-in: which path completes the OAuth callback
//! (Next `app/**/route.ts` exporting `GET = handleAuth()`, TanStack `handleCallbackRoute`,
//! React Router / Remix `authLoader`, SvelteKit `authKit.handleCallback()`, SPA routes), the
//! redirect URIs passed in code, and the bundler settings that move routes (`base`, `basePath`,
//! `server.port`).
//!
//! Two halves meet here. [`collect`] runs during the single parse in [`super::code`] and says what
//! one file *does* (calls `handleAuth`, renders `<AuthKitProvider redirectUri=…>`, declares
//! `<Route path="/callback">`). [`RouteFacts::load`] says which URL each route *file* serves,
//! from its path alone (file-based routing). [`callbacks`] joins the two per app.

use crate::diagnostic::Location;
use crate::discover::{App, Project};
use crate::sdk;
use crate::source::{Files, SourceFile, Span};
use oxc_ast::ast::*;
use oxc_ast_visit::{Visit, walk};
use oxc_span::GetSpan;
use std::collections::HashMap;

/// Names that make a file worth parsing for route facts.
pub const NEEDLES: &[&str] = &[
    // Callback handlers of the server SDKs.
    "handleAuth",
    "handleCallbackRoute",
    "authLoader",
    "handleCallback",
    // A hand-written callback: the code exchange itself.
    "authenticateWithCode",
    // Redirect URIs in code, and the SPA provider that finishes sign-in on `?code=`.
    "redirectUri",
    "AuthKitProvider",
    // File routes and client-side routers.
    "createFileRoute",
    "createServerFileRoute",
    "createAPIFileRoute",
    "<Route",
    "createBrowserRouter",
    "useRoutes",
    "RouteObject",
    "@react-router/dev/routes",
    // Bundler config: vite.config (`defineConfig` or an import of vite), next.config `basePath`,
    // react-router.config `basename`.
    "defineConfig",
    "'vite'",
    "\"vite\"",
    "basePath",
    "basename",
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

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// `vite.config.ts` → ("vite.config", "ts").
fn config_kind(path: &str) -> Option<BundlerKind> {
    let name = file_name(path);
    let stem = name.rsplit_once('.').map(|(s, _)| s).unwrap_or(name);
    match stem {
        "vite.config" => Some(BundlerKind::Vite),
        "next.config" => Some(BundlerKind::Next),
        "react-router.config" => Some(BundlerKind::ReactRouter),
        _ => None,
    }
}

pub fn collect(file: &SourceFile, program: &Program) -> RouteFileFacts {
    let mut c = RouteCollector {
        path: &file.path,
        facts: RouteFileFacts::default(),
        bindings: HashMap::new(),
        imports: HashMap::new(),
        route_stack: Vec::new(),
    };
    c.scan_module(program);
    c.visit_program(program);
    if let Some(kind) = config_kind(&file.path) {
        c.facts.bundler_config = Some(c.bundler_config(kind, program));
    }
    if c.imports.values().any(|(source, _)| source == "@react-router/dev/routes") {
        c.facts.route_config = Some(c.route_config(program));
    }
    c.facts
}

/// Where an import binding comes from.
type Import = (String, String);

struct RouteCollector<'a, 'b> {
    path: &'b str,
    facts: RouteFileFacts,
    /// Top-level `const NAME = expr`.
    bindings: HashMap<&'b str, &'b Expression<'a>>,
    /// Local name → (module, imported name).
    imports: HashMap<&'b str, Import>,
    /// Full paths of the client routes being visited (innermost last).
    route_stack: Vec<String>,
}

/// `process.env` or `import.meta.env`.
fn is_env_object(object: &Expression) -> bool {
    let Expression::StaticMemberExpression(inner) = object.without_parentheses() else { return false };
    inner.property.name == "env"
        && (matches!(&inner.object, Expression::Identifier(id) if id.name == "process")
            || matches!(&inner.object, Expression::ImportMeta(_)))
}

/// The env var a `process.env.X` / `import.meta.env.X` names.
fn static_env_member(m: &StaticMemberExpression) -> Option<String> {
    is_env_object(&m.object).then(|| m.property.name.to_string())
}

/// The env var a `process.env["X"]` names.
fn computed_env_member(m: &ComputedMemberExpression) -> Option<String> {
    match &m.expression {
        Expression::StringLiteral(s) if is_env_object(&m.object) => Some(s.value.to_string()),
        _ => None,
    }
}

fn env_member(expr: &Expression) -> Option<String> {
    match expr {
        Expression::StaticMemberExpression(m) => static_env_member(m),
        Expression::ComputedMemberExpression(m) => computed_env_member(m),
        _ => None,
    }
}

/// Strips parentheses and TypeScript-only wrappers (`x!`, `x as T`, `x satisfies T`).
fn unwrap_ts<'x, 'a>(mut expr: &'x Expression<'a>) -> &'x Expression<'a> {
    loop {
        expr = match expr {
            Expression::ParenthesizedExpression(p) => &p.expression,
            Expression::TSAsExpression(e) => &e.expression,
            Expression::TSSatisfiesExpression(e) => &e.expression,
            Expression::TSNonNullExpression(e) => &e.expression,
            Expression::TSTypeAssertion(e) => &e.expression,
            _ => return expr,
        };
    }
}

fn static_string(expr: &Expression) -> Option<String> {
    match unwrap_ts(expr) {
        Expression::StringLiteral(s) => Some(s.value.to_string()),
        Expression::TemplateLiteral(t) if t.expressions.is_empty() => {
            t.quasis.first().map(|q| q.value.cooked.as_ref().map(|c| c.to_string()).unwrap_or_else(|| q.value.raw.to_string()))
        }
        _ => None,
    }
}

/// The callee's name: `f(…)` → `f`, `a.b.f(…)` → `f`.
fn callee_name<'x>(call: &'x CallExpression) -> Option<&'x str> {
    match unwrap_ts(&call.callee) {
        Expression::Identifier(id) => Some(id.name.as_str()),
        Expression::StaticMemberExpression(m) => Some(m.property.name.as_str()),
        _ => None,
    }
}

fn jsx_attr<'x, 'a>(element: &'x JSXOpeningElement<'a>, name: &str) -> Option<&'x JSXAttribute<'a>> {
    element.attributes.iter().find_map(|item| match item {
        JSXAttributeItem::Attribute(a) if matches!(&a.name, JSXAttributeName::Identifier(n) if n.name == name) => Some(&**a),
        _ => None,
    })
}

fn jsx_attr_string(attr: &JSXAttribute) -> Option<String> {
    match attr.value.as_ref()? {
        JSXAttributeValue::StringLiteral(s) => Some(s.value.to_string()),
        JSXAttributeValue::ExpressionContainer(c) => c.expression.as_expression().and_then(static_string),
        _ => None,
    }
}

fn object_property<'x, 'a>(object: &'x ObjectExpression<'a>, key: &str) -> Option<&'x ObjectProperty<'a>> {
    object.properties.iter().find_map(|p| match p {
        ObjectPropertyKind::ObjectProperty(p) if p.key.static_name().as_deref() == Some(key) => Some(&**p),
        _ => None,
    })
}

/// Joins a route path onto its parent's, the way nested routers do (`/auth` + `callback`).
pub fn join_route(parent: Option<&str>, child: &str) -> String {
    match parent {
        Some(parent) if !child.starts_with('/') => normalize_path(&format!("{parent}/{child}")),
        _ => normalize_path(child),
    }
}

/// `callback/` → `/callback`; `//a//b/` → `/a/b`; `` → `/`.
pub fn normalize_path(path: &str) -> String {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    format!("/{}", segments.join("/"))
}

/// Names under which the server SDKs export their callback handlers.
fn handler_kind(name: &str) -> Option<HandlerKind> {
    match name {
        "handleAuth" => Some(HandlerKind::HandleAuth),
        "handleCallbackRoute" => Some(HandlerKind::HandleCallbackRoute),
        "authLoader" => Some(HandlerKind::AuthLoader),
        _ => None,
    }
}

/// An import source the WorkOS helpers may come from: a WorkOS package, or the project's own
/// module (a relative path or an alias) that re-exports one. Other packages have functions
/// with the same names (Kinde's `handleAuth`).
fn may_be_workos_source(source: &str) -> bool {
    source.contains("workos")
        || source.starts_with('.')
        || source.starts_with("@/")
        || source.starts_with("~/")
        || source.starts_with('#')
        || source.starts_with("$lib")
}

impl<'a, 'b> RouteCollector<'a, 'b> {
    fn loc(&self, span: oxc_span::Span) -> Location {
        Span::new(span.start as usize, span.end as usize).in_file(self.path)
    }

    /// Imports, top-level constants and exports, in one pass over the module body.
    fn scan_module(&mut self, program: &'b Program<'a>) {
        for stmt in &program.body {
            match stmt {
                Statement::ImportDeclaration(import) => {
                    for spec in import.specifiers.iter().flatten() {
                        let imported = match spec {
                            ImportDeclarationSpecifier::ImportSpecifier(s) => s.imported.name().to_string(),
                            ImportDeclarationSpecifier::ImportDefaultSpecifier(_) => "default".to_string(),
                            ImportDeclarationSpecifier::ImportNamespaceSpecifier(_) => "*".to_string(),
                        };
                        self.imports.insert(spec.local().name.as_str(), (import.source.value.to_string(), imported));
                    }
                }
                Statement::VariableDeclaration(decl) => self.bind(decl, false),
                Statement::ExportDeclaration(export) => match &export.declaration {
                    Declaration::VariableDeclaration(decl) => self.bind(decl, true),
                    Declaration::FunctionDeclaration(f) => {
                        if let Some(id) = &f.id {
                            self.facts.exports.push(id.name.to_string());
                        }
                    }
                    Declaration::ClassDeclaration(c) => {
                        if let Some(id) = &c.id {
                            self.facts.exports.push(id.name.to_string());
                        }
                    }
                    _ => {}
                },
                Statement::ExportNamedDeclaration(export) => {
                    for spec in &export.specifiers {
                        let exported = spec.exported.name().to_string();
                        // `export { handleAuth as GET }`: the SDK function itself is the export.
                        if let Some(kind) = handler_kind(spec.local.name().as_str())
                            && self.imported_from_workos(spec.local.name().as_str())
                        {
                            let location = self.loc(spec.span);
                            self.facts.handlers.push(HandlerUse { kind, location });
                        }
                        self.facts.exports.push(exported);
                    }
                }
                Statement::ExportFromDeclaration(export) => {
                    for spec in &export.specifiers {
                        let exported = spec.exported.name().to_string();
                        if matches!(exported.as_str(), "GET" | "loader") && self.facts.reexported_handler.is_none() {
                            self.facts.reexported_handler = Some(self.loc(spec.span));
                        }
                        self.facts.exports.push(exported);
                    }
                }
                Statement::ExportDefaultDeclaration(_) => self.facts.exports.push("default".into()),
                _ => {}
            }
        }
    }

    fn bind(&mut self, decl: &'b VariableDeclaration<'a>, exported: bool) {
        for d in &decl.declarations {
            if let BindingPattern::BindingIdentifier(id) = &d.id {
                if let Some(init) = &d.init {
                    self.bindings.insert(id.name.as_str(), init);
                }
                if exported {
                    self.facts.exports.push(id.name.to_string());
                }
            }
        }
    }

    /// `name` is imported from a source WorkOS helpers may come from.
    fn imported_from_workos(&self, name: &str) -> bool {
        self.imports.get(name).is_some_and(|(source, _)| may_be_workos_source(source))
    }

    /// What a redirect URI expression evaluates to, as far as it is static.
    fn uri_value(&self, expr: &Expression<'a>, depth: usize) -> UriValue {
        let expr = unwrap_ts(expr);
        if let Some(text) = static_string(expr) {
            return UriValue::Literal(text);
        }
        if let Some(name) = env_member(expr) {
            return UriValue::Env { name, fallback: None };
        }
        match expr {
            Expression::LogicalExpression(l) if matches!(l.operator, LogicalOperator::Coalesce | LogicalOperator::Or) => {
                if let UriValue::Env { name, fallback: None } = self.uri_value(&l.left, depth + 1) {
                    let fallback = static_string(&l.right).filter(|s| !s.is_empty());
                    return UriValue::Env { name, fallback };
                }
            }
            Expression::Identifier(id) if depth < 4 => {
                if let Some(init) = self.bindings.get(id.name.as_str()) {
                    return self.uri_value(init, depth + 1);
                }
                // SvelteKit: `import { WORKOS_REDIRECT_URI } from '$env/static/private'`.
                if let Some((source, imported)) = self.imports.get(id.name.as_str())
                    && source.starts_with("$env/static/")
                {
                    return UriValue::Env { name: imported.clone(), fallback: None };
                }
            }
            // SvelteKit: `import { env } from '$env/dynamic/private'; env.WORKOS_REDIRECT_URI`.
            Expression::StaticMemberExpression(m) => {
                if let Expression::Identifier(object) = &m.object
                    && self.imports.get(object.name.as_str()).is_some_and(|(source, _)| source.starts_with("$env/dynamic/"))
                {
                    return UriValue::Env { name: m.property.name.to_string(), fallback: None };
                }
            }
            _ => {}
        }
        let mut names = EnvNames::default();
        names.visit_expression(expr);
        // One level through identifiers: `const base = process.env.VERCEL_URL; `${base}/callback``.
        for id in std::mem::take(&mut names.identifiers) {
            if let Some(init) = self.bindings.get(id.as_str()) {
                names.visit_expression(init);
            }
        }
        names.names.sort();
        names.names.dedup();
        UriValue::Computed { env: names.names }
    }

    fn redirect_uri_use(&self, consumer: UriConsumer, expr: &Expression<'a>) -> RedirectUriUse {
        let value = self.uri_value(expr, 0);
        let location = self.loc(unwrap_ts(expr).span());
        RedirectUriUse { consumer, value, location }
    }

    /// The object an options argument refers to: inline, or a top-level constant.
    fn options_object<'x>(&'x self, expr: &'x Expression<'a>) -> Option<&'x ObjectExpression<'a>> {
        match unwrap_ts(expr) {
            Expression::ObjectExpression(o) => Some(o),
            Expression::Identifier(id) => match self.bindings.get(id.name.as_str()).map(|e| unwrap_ts(e)) {
                Some(Expression::ObjectExpression(o)) => Some(o),
                _ => None,
            },
            _ => None,
        }
    }

    fn current_route(&self) -> Option<&str> {
        self.route_stack.last().map(String::as_str)
    }

    /// A route object (`{ path, element }`) of React Router's data APIs: `Some(path)` for a
    /// route (`path` is `None` for an index or layout route, or a path that is not static).
    fn route_object_path(&self, object: &ObjectExpression<'a>) -> Option<Option<String>> {
        const ROUTE_KEYS: &[&str] = &["element", "Component", "lazy", "children", "loader", "errorElement", "index"];
        let is_route = object.properties.iter().any(|p| match p {
            ObjectPropertyKind::ObjectProperty(p) => p.key.static_name().is_some_and(|k| ROUTE_KEYS.contains(&k.as_ref())),
            _ => false,
        });
        if !is_route {
            return None;
        }
        match object_property(object, "path") {
            Some(p) => Some(static_string(&p.value)),
            None => Some(None),
        }
    }

    fn bundler_config(&self, kind: BundlerKind, program: &'b Program<'a>) -> BundlerConfig {
        let mut config = BundlerConfig { kind, file: self.path.to_string(), resolved: false, base: None, port: None };
        let Some(object) = self.default_export(program).and_then(|e| self.config_object(e, 0)) else { return config };
        config.resolved = true;
        let base_key = match kind {
            BundlerKind::Vite => "base",
            BundlerKind::Next => "basePath",
            BundlerKind::ReactRouter => "basename",
        };
        if let Some(p) = object_property(object, base_key) {
            let location = self.loc(p.value.span());
            config.base = Some(match static_string(&p.value) {
                Some(text) => Setting::Known(text, location),
                None => Setting::Unknown(location),
            });
        }
        if kind == BundlerKind::Vite
            && let Some(server) = object_property(object, "server")
        {
            match self.options_object(&server.value) {
                Some(server) => {
                    if let Some(p) = object_property(server, "port") {
                        let location = self.loc(p.value.span());
                        config.port = Some(match unwrap_ts(&p.value) {
                            Expression::NumericLiteral(n) if n.value.fract() == 0.0 && (1.0..=65535.0).contains(&n.value) => {
                                Setting::Known(n.value as u16, location)
                            }
                            _ => Setting::Unknown(location),
                        });
                    }
                }
                None => config.port = Some(Setting::Unknown(self.loc(server.value.span()))),
            }
        }
        config
    }

    /// `export default X`, `export { X as default }` or `module.exports = X`.
    fn default_export(&self, program: &'b Program<'a>) -> Option<&'b Expression<'a>> {
        for stmt in &program.body {
            match stmt {
                Statement::ExportDefaultDeclaration(export) => return export.declaration.as_expression(),
                Statement::ExportNamedDeclaration(export) => {
                    for spec in &export.specifiers {
                        if spec.exported.name() == "default" {
                            return self.bindings.get(spec.local.name().as_str()).copied();
                        }
                    }
                }
                Statement::ExpressionStatement(s) => {
                    if let Expression::AssignmentExpression(assign) = &s.expression
                        && let AssignmentTarget::StaticMemberExpression(member) = &assign.left
                        && member.property.name == "exports"
                        && matches!(&member.object, Expression::Identifier(id) if id.name == "module")
                    {
                        return Some(&assign.right);
                    }
                }
                _ => {}
            }
        }
        None
    }

    /// The config object behind `defineConfig({...})`, `defineConfig(() => ({...}))`,
    /// `withPlugin(nextConfig)`, `const config = {...}; export default config`.
    fn config_object(&self, expr: &'b Expression<'a>, depth: usize) -> Option<&'b ObjectExpression<'a>> {
        if depth > 6 {
            return None;
        }
        match unwrap_ts(expr) {
            Expression::ObjectExpression(o) => Some(o),
            Expression::Identifier(id) => self.config_object(self.bindings.get(id.name.as_str())?, depth + 1),
            Expression::CallExpression(call) => {
                call.arguments.iter().filter_map(|a| a.as_expression()).find_map(|a| self.config_object(a, depth + 1))
            }
            Expression::ArrowFunctionExpression(f) => match f.get_expression() {
                Some(expr) => self.config_object(expr, depth + 1),
                None => returned_expression(&f.get_function_body()?.statements).and_then(|e| self.config_object(e, depth + 1)),
            },
            Expression::FunctionExpression(f) => {
                returned_expression(&f.body.as_ref()?.statements).and_then(|e| self.config_object(e, depth + 1))
            }
            _ => None,
        }
    }

    /// React Router's `app/routes.ts`: `export default [index(…), route("callback", "routes/callback.ts")]`.
    fn route_config(&self, program: &'b Program<'a>) -> RouteConfig {
        let mut config = RouteConfig { complete: true, ..Default::default() };
        match self.default_export(program).map(|e| self.resolve(e)) {
            Some(Expression::ArrayExpression(array)) => self.route_config_entries(&array.elements, None, &mut config),
            _ => config.complete = false,
        }
        config
    }

    fn resolve(&self, expr: &'b Expression<'a>) -> &'b Expression<'a> {
        let expr = unwrap_ts(expr);
        if let Expression::Identifier(id) = expr
            && let Some(init) = self.bindings.get(id.name.as_str())
        {
            return unwrap_ts(init);
        }
        expr
    }

    fn route_config_entries(&self, elements: &'b [ArrayExpressionElement<'a>], prefix: Option<&str>, config: &mut RouteConfig) {
        for element in elements {
            let expr = match element {
                ArrayExpressionElement::SpreadElement(s) => &s.argument,
                ArrayExpressionElement::Elision(_) => continue,
                other => match other.as_expression() {
                    Some(e) => e,
                    None => continue,
                },
            };
            let expr = match unwrap_ts(expr) {
                Expression::AwaitExpression(a) => unwrap_ts(&a.argument),
                e => e,
            };
            let Expression::CallExpression(call) = expr else {
                config.complete = false;
                continue;
            };
            let args: Vec<&Expression> = call.arguments.iter().filter_map(|a| a.as_expression()).collect();
            let children = args.last().and_then(|a| match self.resolve(a) {
                Expression::ArrayExpression(array) => Some(&array.elements),
                _ => None,
            });
            match callee_name(call) {
                Some("route") => {
                    let (Some(path), Some(file)) =
                        (args.first().and_then(|a| static_string(a)), args.get(1).and_then(|a| static_string(a)))
                    else {
                        config.complete = false;
                        continue;
                    };
                    let full = join_route(Some(prefix.unwrap_or("/")), &path);
                    config.routes.push(ConfigRoute { path: full.clone(), file });
                    if let Some(children) = children.filter(|_| args.len() > 2) {
                        self.route_config_entries(children, Some(&full), config);
                    }
                }
                Some("index") => match args.first().and_then(|a| static_string(a)) {
                    Some(file) => config.routes.push(ConfigRoute { path: normalize_path(prefix.unwrap_or("/")), file }),
                    None => config.complete = false,
                },
                Some("layout") => {
                    if let Some(children) = children.filter(|_| args.len() > 1) {
                        self.route_config_entries(children, prefix, config);
                    }
                }
                Some("prefix") => {
                    let Some(path) = args.first().and_then(|a| static_string(a)) else {
                        config.complete = false;
                        continue;
                    };
                    let full = join_route(Some(prefix.unwrap_or("/")), &path);
                    if let Some(children) = children {
                        self.route_config_entries(children, Some(&full), config);
                    }
                }
                Some("flatRoutes") => config.uses_file_routes = true,
                _ => config.complete = false,
            }
        }
    }
}

/// The expression of the last `return` among a function body's top-level statements.
fn returned_expression<'x, 'a>(statements: &'x [Statement<'a>]) -> Option<&'x Expression<'a>> {
    statements.iter().rev().find_map(|s| match s {
        Statement::ReturnStatement(r) => r.argument.as_ref(),
        _ => None,
    })
}

/// Env vars read anywhere inside an expression, and the identifiers it mentions (to follow one
/// level of top-level constants).
#[derive(Default)]
struct EnvNames {
    names: Vec<String>,
    identifiers: Vec<String>,
}

impl<'a> Visit<'a> for EnvNames {
    fn visit_static_member_expression(&mut self, it: &StaticMemberExpression<'a>) {
        if let Some(name) = static_env_member(it) {
            self.names.push(name);
        }
        walk::walk_static_member_expression(self, it);
    }

    fn visit_computed_member_expression(&mut self, it: &ComputedMemberExpression<'a>) {
        if let Some(name) = computed_env_member(it) {
            self.names.push(name);
        }
        walk::walk_computed_member_expression(self, it);
    }

    fn visit_identifier_reference(&mut self, it: &IdentifierReference<'a>) {
        self.identifiers.push(it.name.to_string());
    }
}

impl<'a, 'b> Visit<'a> for RouteCollector<'a, 'b> {
    fn visit_identifier_reference(&mut self, it: &IdentifierReference<'a>) {
        if !self.imported_from_workos(it.name.as_str()) {
            return;
        }
        if let Some(kind) = handler_kind(it.name.as_str()) {
            let location = self.loc(it.span);
            self.facts.handlers.push(HandlerUse { kind, location });
        } else if it.name == "authkitLoader" && self.facts.authkit_loader.is_none() {
            self.facts.authkit_loader = Some(self.loc(it.span));
        }
    }

    fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
        let name = callee_name(it);
        match name {
            Some("authenticateWithCode") => {
                let location = self.loc(it.span);
                self.facts.handlers.push(HandlerUse { kind: HandlerKind::CodeExchange, location });
            }
            Some("handleCallback") => {
                // `authKit.handleCallback()` (SvelteKit) or an imported `handleCallback`.
                let from_authkit = match unwrap_ts(&it.callee) {
                    Expression::StaticMemberExpression(m) => {
                        matches!(&m.object, Expression::Identifier(o) if o.name.to_ascii_lowercase().contains("authkit") || self.imported_from_workos(o.name.as_str()))
                    }
                    Expression::Identifier(id) => self.imported_from_workos(id.name.as_str()),
                    _ => false,
                };
                if from_authkit {
                    let location = self.loc(it.span);
                    self.facts.handlers.push(HandlerUse { kind: HandlerKind::SveltekitCallback, location });
                }
            }
            Some(
                "authkitMiddleware" | "authkitProxy" | "authkit" | "configureAuthKit" | "createClient" | "getSignInUrl" | "getSignUpUrl",
            ) => {
                let consumer = match name {
                    Some("createClient") => UriConsumer::Provider,
                    Some("getSignInUrl" | "getSignUpUrl") => UriConsumer::SignInUrl,
                    _ => UriConsumer::Middleware,
                };
                // `{ redirectUri: … }` or the shorthand `{ redirectUri }`.
                let uses: Vec<RedirectUriUse> = it
                    .arguments
                    .iter()
                    .filter_map(|a| a.as_expression())
                    .filter_map(|a| self.options_object(a))
                    .filter_map(|o| object_property(o, "redirectUri"))
                    .map(|p| self.redirect_uri_use(consumer, &p.value))
                    .collect();
                self.facts.redirect_uris.extend(uses);
            }
            Some("createFileRoute" | "createServerFileRoute" | "createAPIFileRoute") => {
                if let Some(arg) = it.arguments.first().and_then(|a| a.as_expression())
                    && let Some(path) = static_string(arg)
                {
                    let location = self.loc(arg.span());
                    self.facts.file_route_path.get_or_insert((path, location));
                }
            }
            Some("createBrowserRouter" | "createRouter" | "useRoutes" | "createRoutesFromElements") => {
                let router_name = name.unwrap_or_default().to_string();
                let routes_inline = it.arguments.first().and_then(|a| a.as_expression()).is_some_and(|a| {
                    matches!(
                        unwrap_ts(a),
                        Expression::ArrayExpression(_)
                            | Expression::JSXElement(_)
                            | Expression::JSXFragment(_)
                            | Expression::CallExpression(_)
                    ) || matches!(unwrap_ts(a), Expression::Identifier(id) if self.bindings.contains_key(id.name.as_str()))
                });
                if router_name != "createRouter" && !routes_inline {
                    self.facts.spa_routes_incomplete = true;
                }
                if matches!(router_name.as_str(), "createBrowserRouter" | "createRouter") {
                    let key = if router_name == "createRouter" { "basepath" } else { "basename" };
                    let basename = it
                        .arguments
                        .iter()
                        .filter_map(|a| a.as_expression())
                        .filter_map(|a| self.options_object(a))
                        .find_map(|o| object_property(o, key))
                        .map(|p| {
                            let location = self.loc(p.value.span());
                            match static_string(&p.value) {
                                Some(text) => Setting::Known(text, location),
                                None => Setting::Unknown(location),
                            }
                        });
                    let location = self.loc(it.span);
                    self.facts.routers.push(RouterUse { name: router_name, location, basename });
                }
            }
            _ => {}
        }
        walk::walk_call_expression(self, it);
    }

    fn visit_jsx_element(&mut self, it: &JSXElement<'a>) {
        let opening = &it.opening_element;
        let mut pushed = false;
        // The element's own name: `Route` for `<Router.Route>` too.
        let name = super::react::jsx_name(&opening.name);
        match name.rsplit('.').next() {
            Some("Route") => {
                let location = self.loc(opening.span);
                let path_attr = jsx_attr(opening, "path");
                let path = path_attr.and_then(jsx_attr_string);
                if path_attr.is_some() && path.is_none() {
                    self.facts.spa_routes_incomplete = true;
                }
                let is_index = jsx_attr(opening, "index").is_some();
                if let Some(path) = path {
                    let full = join_route(self.current_route(), &path);
                    self.facts.spa_routes.push(SpaRoute { path: full.clone(), location });
                    self.route_stack.push(full);
                    pushed = true;
                } else if is_index {
                    let full = normalize_path(self.current_route().unwrap_or("/"));
                    self.facts.spa_routes.push(SpaRoute { path: full, location });
                }
            }
            Some("AuthKitProvider") => {
                let spread = opening.attributes.iter().any(|a| matches!(a, JSXAttributeItem::SpreadAttribute(_)));
                let redirect_uri = match jsx_attr(opening, "redirectUri") {
                    Some(attr) => {
                        if let Some(JSXAttributeValue::StringLiteral(s)) = &attr.value {
                            let location = self.loc(s.span);
                            self.facts.redirect_uris.push(RedirectUriUse {
                                consumer: UriConsumer::Provider,
                                value: UriValue::Literal(s.value.to_string()),
                                location,
                            });
                        } else if let Some(JSXAttributeValue::ExpressionContainer(c)) = &attr.value
                            && let Some(expr) = c.expression.as_expression()
                        {
                            let uri = self.redirect_uri_use(UriConsumer::Provider, expr);
                            self.facts.redirect_uris.push(uri);
                        }
                        PropPresence::Present
                    }
                    None if spread => PropPresence::Unknown,
                    None => PropPresence::Absent,
                };
                let location = self.loc(opening.span);
                self.facts.providers.push(ProviderElement { location, redirect_uri, route_paths: self.route_stack.clone() });
            }
            Some("BrowserRouter") => {
                let location = self.loc(opening.span);
                let basename = jsx_attr(opening, "basename").map(|attr| {
                    let location = self.loc(attr.span);
                    match jsx_attr_string(attr) {
                        Some(text) => Setting::Known(text, location),
                        None => Setting::Unknown(location),
                    }
                });
                self.facts.routers.push(RouterUse { name: "BrowserRouter".into(), location, basename });
            }
            _ => {}
        }
        walk::walk_jsx_element(self, it);
        if pushed {
            self.route_stack.pop();
        }
    }

    fn visit_object_expression(&mut self, it: &ObjectExpression<'a>) {
        let mut pushed = false;
        if let Some(path) = self.route_object_path(it) {
            let location = self.loc(it.span);
            match path {
                Some(path) => {
                    let full = join_route(self.current_route(), &path);
                    self.facts.spa_routes.push(SpaRoute { path: full.clone(), location });
                    self.route_stack.push(full);
                    pushed = true;
                }
                None if object_property(it, "path").is_some() => self.facts.spa_routes_incomplete = true,
                None if object_property(it, "index").is_some() => {
                    let full = normalize_path(self.current_route().unwrap_or("/"));
                    self.facts.spa_routes.push(SpaRoute { path: full, location });
                }
                None => {}
            }
        }
        walk::walk_object_expression(self, it);
        if pushed {
            self.route_stack.pop();
        }
    }
}

/// How a route file's location becomes its URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RouteFileKind {
    /// Next `app/**/route.ts` (or `src/app`).
    NextAppRoute,
    /// Next `pages/api/**` (or `src/pages/api`).
    NextPagesApi,
    /// TanStack Router file route (`src/routes/**`, legacy `app/routes/**`).
    TanstackFile,
    /// React Router / Remix flat route (`app/routes/*`).
    FlatRoute,
    /// SvelteKit `src/routes/**/+server.ts`.
    SveltekitServer,
}

/// A file that file-based routing turns into a URL.
#[derive(Debug, Clone)]
pub struct RouteFile {
    pub file: String,
    pub kind: RouteFileKind,
    /// URL path pattern, before any base path: `/callback`, `/users/[id]`, `/files/$`.
    pub path: String,
}

/// The file-based routes of one app (from file paths alone; see [`callbacks`] for what the files do).
#[derive(Debug, Default, Clone)]
pub struct RouteFacts {
    pub files: Vec<RouteFile>,
}

const ROUTE_EXTENSIONS: &[&str] = &["ts", "tsx", "js", "jsx", "mjs", "mts"];

fn split_ext(name: &str) -> Option<(&str, &str)> {
    name.rsplit_once('.').filter(|(_, ext)| ROUTE_EXTENSIONS.contains(ext))
}

impl RouteFacts {
    pub fn load(project: &Project, app: &App, _files: &mut Files) -> Self {
        let mut facts = RouteFacts::default();
        for path in project.sources_under(&app.dir) {
            let rel = if app.dir.is_empty() { path } else { &path[app.dir.len() + 1..] };
            for (kind, url) in route_files(rel) {
                facts.files.push(RouteFile { file: path.to_string(), kind, path: url });
            }
        }
        facts
    }

    /// The route `path` is under the given conventions.
    pub fn route_of(&self, path: &str, kinds: &[RouteFileKind]) -> Option<&RouteFile> {
        self.files.iter().find(|f| f.file == path && kinds.contains(&f.kind))
    }

    pub fn is_route_file(&self, path: &str) -> bool {
        self.files.iter().any(|f| f.file == path)
    }
}

/// The route kinds and URLs an app-relative file path has under each convention it could
/// follow (`app/routes/x/route.ts` is a Next route and a flat route). Which convention applies is
/// decided by the framework when the facts are joined.
fn route_files(rel: &str) -> Vec<(RouteFileKind, String)> {
    let mut out = Vec::new();
    let (dir, name) = rel.rsplit_once('/').unwrap_or(("", rel));
    let Some((stem, _)) = split_ext(name) else { return out };
    for root in ["app", "src/app"] {
        if let Some(rest) = strip_dir(dir, root)
            && stem == "route"
            && let Some(path) = next_app_path(rest)
        {
            out.push((RouteFileKind::NextAppRoute, path));
        }
    }
    for root in ["pages/api", "src/pages/api"] {
        if let Some(rest) = strip_dir(dir, root) {
            let mut segments: Vec<&str> = vec!["api"];
            segments.extend(rest.split('/').filter(|s| !s.is_empty()));
            if stem != "index" {
                segments.push(stem);
            }
            out.push((RouteFileKind::NextPagesApi, normalize_path(&segments.join("/"))));
        }
    }
    if let Some(rest) = strip_dir(dir, "src/routes") {
        if stem == "+server" {
            out.push((RouteFileKind::SveltekitServer, sveltekit_path(rest)));
        } else if let Some(path) = tanstack_path(rest, stem) {
            out.push((RouteFileKind::TanstackFile, path));
        }
    }
    if let Some(rest) = strip_dir(dir, "app/routes") {
        // Flat routes: `app/routes/auth.callback.ts`, or a folder `app/routes/auth.callback/route.ts`.
        match (rest.is_empty(), stem) {
            (true, _) => out.push((RouteFileKind::FlatRoute, flat_route_path(stem))),
            (false, "route") if !rest.contains('/') => out.push((RouteFileKind::FlatRoute, flat_route_path(rest))),
            _ => {}
        }
        // Legacy TanStack Start kept its routes in `app/routes/` too.
        if let Some(path) = tanstack_path(rest, stem) {
            out.push((RouteFileKind::TanstackFile, path));
        }
    }
    out
}

/// `dir` inside `root` → the rest (`""` when equal).
fn strip_dir<'x>(dir: &'x str, root: &str) -> Option<&'x str> {
    if dir == root {
        return Some("");
    }
    dir.strip_prefix(root).and_then(|r| r.strip_prefix('/'))
}

/// Next app router: `(group)` and `@slot` folders add no segment; `_private` folders and
/// intercepting `(.)` routes are not routes.
fn next_app_path(rest: &str) -> Option<String> {
    let mut segments = Vec::new();
    for s in rest.split('/').filter(|s| !s.is_empty()) {
        if s.starts_with('_') || s.starts_with("(.") {
            return None;
        }
        if (s.starts_with('(') && s.ends_with(')')) || s.starts_with('@') {
            continue;
        }
        segments.push(s);
    }
    Some(normalize_path(&segments.join("/")))
}

fn sveltekit_path(rest: &str) -> String {
    let is_group = |s: &str| s.starts_with('(') && s.ends_with(')');
    let segments: Vec<&str> = rest.split('/').filter(|s| !s.is_empty() && !is_group(s)).collect();
    normalize_path(&segments.join("/"))
}

/// TanStack Router: folders and dots both nest; `index` and a trailing `route` name the parent;
/// `_layout` segments and `(group)` folders are pathless; `__root` and `-ignored` files are not routes.
fn tanstack_path(dir: &str, stem: &str) -> Option<String> {
    if stem.starts_with("__") || stem.starts_with('-') || stem.ends_with(".gen") || dir.split('/').any(|s| s.starts_with('-')) {
        return None;
    }
    let mut segments = Vec::new();
    let parts = dir.split('/').filter(|s| !s.is_empty()).chain(stem.split('.'));
    let all: Vec<&str> = parts.collect();
    for (i, s) in all.iter().enumerate() {
        let last = i + 1 == all.len();
        if s.is_empty() || (last && (*s == "index" || *s == "route")) || s.starts_with('_') || (s.starts_with('(') && s.ends_with(')')) {
            continue;
        }
        segments.push(s.trim_end_matches('_'));
    }
    Some(normalize_path(&segments.join("/")))
}

/// Remix / React Router flat routes: dots nest (`[.]` escapes one), `_index` is the parent,
/// `_layout` segments are pathless, a trailing `_` opts out of layout nesting.
fn flat_route_path(name: &str) -> String {
    let mut segments = Vec::new();
    let mut current = String::new();
    let mut escaped = false;
    for c in name.chars() {
        match c {
            '[' => escaped = true,
            ']' => escaped = false,
            '.' if !escaped => segments.push(std::mem::take(&mut current)),
            c => current.push(c),
        }
    }
    segments.push(current);
    let kept: Vec<String> = segments
        .iter()
        .filter(|s| !s.is_empty() && *s != "_index" && !s.starts_with('_') && *s != "route")
        .map(|s| s.trim_end_matches('_').to_string())
        .collect();
    normalize_path(&kept.join("/"))
}

/// Whether a URL path is served by a route pattern of any of the conventions above
/// (`[id]`, `$id`, `:id`, `($id)` match one segment; `[...rest]`, `$`, `*` match the rest).
pub fn route_matches(pattern: &str, path: &str) -> bool {
    let pattern: Vec<&str> = pattern.split('/').filter(|s| !s.is_empty()).collect();
    let path: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    segments_match(&pattern, &path)
}

fn segments_match(pattern: &[&str], path: &[&str]) -> bool {
    let Some((p, rest)) = pattern.split_first() else { return path.is_empty() };
    if *p == "*" || *p == "$" || p.starts_with("[...") || p.starts_with("[[...") {
        return true;
    }
    let optional = p.starts_with("[[") || (p.starts_with("($") && p.ends_with(')'));
    let dynamic = optional || p.starts_with('[') || p.starts_with('$') || p.starts_with(':');
    let here = path.first().is_some_and(|seg| dynamic || seg == p) && segments_match(rest, &path[1..]);
    // An optional segment may also be absent.
    here || (optional && segments_match(rest, path))
}

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

pub fn callback_style(project: &Project, app: &App, facts: &super::AppFacts) -> Option<CallbackStyle> {
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
pub fn callbacks(project: &Project, app: &App, facts: &super::AppFacts) -> Option<Callbacks> {
    let style = callback_style(project, app, facts)?;
    let kind = style.handler()?;
    // The SDK is declared, but no file of the app imports any AuthKit package: the app signs
    // in some other way (a hand-written WorkOS integration), and its routes are its own.
    let imports_authkit = facts.imports_where(|s| super::nextjs_code::is_authkit_package(s) || s.starts_with(sdk::CONVEX_DEV_WORKOS));
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
pub fn react_router_loader_routes(app: &App, facts: &super::AppFacts) -> Vec<(String, Location)> {
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

pub fn spa_coverage(facts: &super::AppFacts) -> SpaCoverage {
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
