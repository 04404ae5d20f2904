//! The per-file half: [`collect`] records what one file does for sign-in routing (calls
//! `handleAuth`, passes a redirect URI, declares `<Route path=…>`, sets `base`/`basePath`).

use super::*;

pub(super) fn file_name(path: &str) -> &str {
    crate::read::split_dir(path).1
}

/// `vite.config.ts` → ("vite.config", "ts").
pub(super) fn config_kind(path: &str) -> Option<BundlerKind> {
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
pub(super) type Import = (String, String);

pub(super) struct RouteCollector<'a, 'b> {
    pub(super) path: &'b str,
    pub(super) facts: RouteFileFacts,
    /// Top-level `const NAME = expr`.
    pub(super) bindings: HashMap<&'b str, &'b Expression<'a>>,
    /// Local name → (module, imported name).
    pub(super) imports: HashMap<&'b str, Import>,
    /// Full paths of the client routes being visited (innermost last).
    pub(super) route_stack: Vec<String>,
}

/// `process.env` or `import.meta.env`.
pub(super) fn is_env_object(object: &Expression) -> bool {
    let Expression::StaticMemberExpression(inner) = object.without_parentheses() else { return false };
    inner.property.name == "env"
        && (matches!(&inner.object, Expression::Identifier(id) if id.name == "process")
            || matches!(&inner.object, Expression::ImportMeta(_)))
}

/// The env var a `process.env.X` / `import.meta.env.X` names.
pub(super) fn static_env_member(m: &StaticMemberExpression) -> Option<String> {
    is_env_object(&m.object).then(|| m.property.name.to_string())
}

/// The env var a `process.env["X"]` names.
pub(super) fn computed_env_member(m: &ComputedMemberExpression) -> Option<String> {
    match &m.expression {
        Expression::StringLiteral(s) if is_env_object(&m.object) => Some(s.value.to_string()),
        _ => None,
    }
}

pub(super) fn env_member(expr: &Expression) -> Option<String> {
    match expr {
        Expression::StaticMemberExpression(m) => static_env_member(m),
        Expression::ComputedMemberExpression(m) => computed_env_member(m),
        _ => None,
    }
}

/// Strips parentheses and TypeScript-only wrappers (`x!`, `x as T`, `x satisfies T`).
pub(super) fn unwrap_ts<'x, 'a>(mut expr: &'x Expression<'a>) -> &'x Expression<'a> {
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

pub(super) fn static_string(expr: &Expression) -> Option<String> {
    match unwrap_ts(expr) {
        Expression::StringLiteral(s) => Some(s.value.to_string()),
        Expression::TemplateLiteral(t) if t.expressions.is_empty() => {
            t.quasis.first().map(|q| q.value.cooked.as_ref().map(|c| c.to_string()).unwrap_or_else(|| q.value.raw.to_string()))
        }
        _ => None,
    }
}

/// The callee's name: `f(…)` → `f`, `a.b.f(…)` → `f`.
pub(super) fn callee_name<'x>(call: &'x CallExpression) -> Option<&'x str> {
    match unwrap_ts(&call.callee) {
        Expression::Identifier(id) => Some(id.name.as_str()),
        Expression::StaticMemberExpression(m) => Some(m.property.name.as_str()),
        _ => None,
    }
}

pub(super) fn jsx_attr<'x, 'a>(element: &'x JSXOpeningElement<'a>, name: &str) -> Option<&'x JSXAttribute<'a>> {
    element.attributes.iter().find_map(|item| match item {
        JSXAttributeItem::Attribute(a) if matches!(&a.name, JSXAttributeName::Identifier(n) if n.name == name) => Some(&**a),
        _ => None,
    })
}

pub(super) fn jsx_attr_string(attr: &JSXAttribute) -> Option<String> {
    match attr.value.as_ref()? {
        JSXAttributeValue::StringLiteral(s) => Some(s.value.to_string()),
        JSXAttributeValue::ExpressionContainer(c) => c.expression.as_expression().and_then(static_string),
        _ => None,
    }
}

pub(super) fn object_property<'x, 'a>(object: &'x ObjectExpression<'a>, key: &str) -> Option<&'x ObjectProperty<'a>> {
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
pub(super) fn handler_kind(name: &str) -> Option<HandlerKind> {
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
pub(super) fn may_be_workos_source(source: &str) -> bool {
    source.contains("workos")
        || source.starts_with('.')
        || source.starts_with("@/")
        || source.starts_with("~/")
        || source.starts_with('#')
        || source.starts_with("$lib")
}

impl<'a, 'b> RouteCollector<'a, 'b> {
    pub(super) fn loc(&self, span: oxc_span::Span) -> Location {
        Span::new(span.start as usize, span.end as usize).in_file(self.path)
    }

    /// Imports, top-level constants and exports, in one pass over the module body.
    pub(super) fn scan_module(&mut self, program: &'b Program<'a>) {
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

    pub(super) fn bind(&mut self, decl: &'b VariableDeclaration<'a>, exported: bool) {
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
    pub(super) fn imported_from_workos(&self, name: &str) -> bool {
        self.imports.get(name).is_some_and(|(source, _)| may_be_workos_source(source))
    }

    /// What a redirect URI expression evaluates to, as far as it is static.
    pub(super) fn uri_value(&self, expr: &Expression<'a>, depth: usize) -> UriValue {
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

    pub(super) fn redirect_uri_use(&self, consumer: UriConsumer, expr: &Expression<'a>) -> RedirectUriUse {
        let value = self.uri_value(expr, 0);
        let location = self.loc(unwrap_ts(expr).span());
        RedirectUriUse { consumer, value, location }
    }

    /// The object an options argument refers to: inline, or a top-level constant.
    pub(super) fn options_object<'x>(&'x self, expr: &'x Expression<'a>) -> Option<&'x ObjectExpression<'a>> {
        match unwrap_ts(expr) {
            Expression::ObjectExpression(o) => Some(o),
            Expression::Identifier(id) => match self.bindings.get(id.name.as_str()).map(|e| unwrap_ts(e)) {
                Some(Expression::ObjectExpression(o)) => Some(o),
                _ => None,
            },
            _ => None,
        }
    }

    pub(super) fn current_route(&self) -> Option<&str> {
        self.route_stack.last().map(String::as_str)
    }

    /// A route object (`{ path, element }`) of React Router's data APIs: `Some(path)` for a
    /// route (`path` is `None` for an index or layout route, or a path that is not static).
    pub(super) fn route_object_path(&self, object: &ObjectExpression<'a>) -> Option<Option<String>> {
        const ROUTE_KEYS: &[&str] = &["element", "Component", "lazy", "children", "loader", "errorElement"];
        let is_route = is_index_route(object)
            || object.properties.iter().any(|p| match p {
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

    pub(super) fn bundler_config(&self, kind: BundlerKind, program: &'b Program<'a>) -> BundlerConfig {
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
    pub(super) fn default_export(&self, program: &'b Program<'a>) -> Option<&'b Expression<'a>> {
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
    pub(super) fn config_object(&self, expr: &'b Expression<'a>, depth: usize) -> Option<&'b ObjectExpression<'a>> {
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
    pub(super) fn route_config(&self, program: &'b Program<'a>) -> RouteConfig {
        let mut config = RouteConfig { complete: true, ..Default::default() };
        match self.default_export(program).map(|e| self.resolve(e)) {
            Some(Expression::ArrayExpression(array)) => self.route_config_entries(&array.elements, None, &mut config),
            _ => config.complete = false,
        }
        config
    }

    pub(super) fn resolve(&self, expr: &'b Expression<'a>) -> &'b Expression<'a> {
        let expr = unwrap_ts(expr);
        if let Expression::Identifier(id) = expr
            && let Some(init) = self.bindings.get(id.name.as_str())
        {
            return unwrap_ts(init);
        }
        expr
    }

    pub(super) fn route_config_entries(&self, elements: &'b [ArrayExpressionElement<'a>], prefix: Option<&str>, config: &mut RouteConfig) {
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
pub(super) fn returned_expression<'x, 'a>(statements: &'x [Statement<'a>]) -> Option<&'x Expression<'a>> {
    statements.iter().rev().find_map(|s| match s {
        Statement::ReturnStatement(r) => r.argument.as_ref(),
        _ => None,
    })
}

/// Env vars read anywhere inside an expression, and the identifiers it mentions (to follow one
/// level of top-level constants).
#[derive(Default)]
pub(super) struct EnvNames {
    pub(super) names: Vec<String>,
    pub(super) identifiers: Vec<String>,
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
        let name = crate::facts::react::jsx_name(&opening.name);
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
                None if is_index_route(it) => {
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

/// Whether a route object is an index route (`index: true`). Only the literal counts: a data
/// row such as `{ index: index + 1 }` is no route.
fn is_index_route(object: &ObjectExpression<'_>) -> bool {
    object_property(object, "index").is_some_and(|p| matches!(&p.value, Expression::BooleanLiteral(b) if b.value))
}
