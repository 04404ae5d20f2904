//! Server-framework AuthKit facts of one file (Next.js mostly; also TanStack Start and React
//! Router / Remix entry points): what the file imports from the AuthKit SDKs and where it calls
//! them (`withAuth`, `getSignInUrl`, `signOut`, `authkitMiddleware`, `authkitLoader`, ...),
//! which exports reach those calls (route handlers `GET`, `loader`, the middleware's default
//! export), `next/link` `Link` elements (href, prefetch), forced token refreshes inside
//! effects / intervals / loops / catch blocks, and the middleware's `config.matcher` and
//! `unauthenticatedPaths`.
//!
//! Filled during the single parse in [`super::code`].

use crate::diagnostic::Location;
use crate::source::{SourceFile, Span};
use oxc_ast::AstKind;
use oxc_ast::ast::*;
use oxc_ast_visit::{Visit, walk};
use oxc_span::GetSpan;
use std::collections::{BTreeMap, BTreeSet};

/// Names that make a file worth parsing for these facts, as the rare part of each name (see
/// `code::need`): AuthKit imports (every SDK's package name contains `authkit`), `next/link`,
/// TanStack Start's `createStart`.
pub const NEEDLES: &[&str] = &["thkit", "thKit", "xt/link", "teStart"];

/// Whether an import source is one of the WorkOS AuthKit SDKs (any framework, any subpath).
pub fn is_authkit_package(source: &str) -> bool {
    source.starts_with("@workos-inc/authkit") || source.starts_with("@workos/authkit")
}

/// `import { imported as local } from "<package>"` for an AuthKit package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthkitImport {
    pub package: String,
    /// The exported name (`default` for a default import).
    pub imported: String,
    pub local: String,
    pub location: Location,
}

/// A call of a function imported from an AuthKit package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthkitCall {
    pub package: String,
    /// The name the package exports (`withAuth`, even when imported under another name).
    pub name: String,
    /// The whole call expression.
    pub location: Location,
    /// The first argument is an object literal with `ensureSignedIn: true`.
    pub ensure_signed_in: bool,
    /// Inside a function whose body starts with `'use server'` (an inline server action).
    pub in_server_action: bool,
}

/// One export of the file and the AuthKit functions it reaches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Export {
    /// The exported name (`GET`, `loader`, `default`, `config`, ...).
    pub name: String,
    pub location: Location,
    /// Names exported by AuthKit packages that the export uses, directly or through other
    /// top-level declarations of this file (`GET` → `handler` → `signOut`).
    pub reaches: BTreeSet<String>,
}

/// The `prefetch` prop of a `next/link` `Link`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prefetch {
    /// No prop, `null`, `undefined` or `"auto"`: Next prefetches in production.
    Default,
    /// `prefetch={false}`.
    Disabled,
    /// `prefetch` or `prefetch={true}`.
    Enabled,
    /// An expression we cannot evaluate.
    Unknown,
}

/// A `<Link>` element from `next/link`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The `href` when it is a static string (or `{ pathname: "..." }`).
    pub href: Option<String>,
    pub prefetch: Prefetch,
    /// The `prefetch` attribute (the last one, which wins), when the element has one.
    pub prefetch_attribute: Option<Location>,
    /// The last `{...spread}` attribute: it may set `prefetch` itself.
    pub last_spread: Option<Location>,
    /// The opening element.
    pub location: Location,
}

/// Where a forced refresh runs repeatedly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RepeatContext {
    /// The callback of `useEffect` / `useLayoutEffect`.
    Effect,
    /// The callback of `setInterval`.
    Interval,
    /// The body of a `for` / `while` / `do` loop.
    Loop,
    /// A `catch` block or a `.catch(...)` handler (a retry on error).
    Catch,
}

impl RepeatContext {
    pub fn describe(self) -> &'static str {
        match self {
            RepeatContext::Effect => "inside a `useEffect`",
            RepeatContext::Interval => "inside a `setInterval` callback",
            RepeatContext::Loop => "inside a loop",
            RepeatContext::Catch => "inside a catch block (a retry on error)",
        }
    }
}

/// A forced token refresh (`refresh()` from `useAccessToken`, `refreshAuth()` or
/// `getAccessToken({ forceRefresh: true })` from `useAuth`) that runs repeatedly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefreshCall {
    /// How the call reads, e.g. `refresh()`.
    pub call: String,
    pub context: RepeatContext,
    pub location: Location,
}

/// One entry of the middleware's `config.matcher`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatcherEntry {
    /// The source pattern, when it is a string literal.
    pub source: Option<String>,
    /// An object entry with `has` / `missing` conditions.
    pub conditional: bool,
    pub location: Location,
}

/// `export const config = { matcher: ... }`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matcher {
    pub entries: Vec<MatcherEntry>,
    /// The `matcher` property.
    pub location: Location,
}

/// The options object of an `authkitMiddleware(...)` / `authkitProxy(...)` call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MiddlewareOptions {
    /// `authkitMiddleware` or `authkitProxy`.
    pub function: String,
    pub location: Location,
    /// `middlewareAuth.enabled`, when a boolean literal.
    pub middleware_auth_enabled: Option<bool>,
    /// `middlewareAuth.unauthenticatedPaths` entries; `None` for an entry that is not a string.
    pub unauthenticated_paths: Vec<(Option<String>, Location)>,
}

#[derive(Debug, Default, Clone)]
pub struct FileFacts {
    pub authkit_imports: Vec<AuthkitImport>,
    /// The file imports a project module (a relative path or a `@/`, `~/`, `#` alias).
    pub imports_project_module: bool,
    pub authkit_calls: Vec<AuthkitCall>,
    pub exports: Vec<Export>,
    pub links: Vec<Link>,
    pub refresh_calls: Vec<RefreshCall>,
    /// `None` when the file has no `config` export with a `matcher`.
    pub matcher: Option<Matcher>,
    pub middleware_options: Vec<MiddlewareOptions>,
    /// TanStack Start's `createStart(...)` call.
    pub create_start: Option<Location>,
}

impl FileFacts {
    pub fn export(&self, name: &str) -> Option<&Export> {
        self.exports.iter().find(|e| e.name == name)
    }

    /// Calls of an AuthKit function by its exported name.
    pub fn calls<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a AuthkitCall> + 'a {
        self.authkit_calls.iter().filter(move |c| c.name == name)
    }

    /// Whether any export or call of the file uses the AuthKit function `name`.
    pub fn uses(&self, name: &str) -> bool {
        self.calls(name).next().is_some() || self.exports.iter().any(|e| e.reaches.contains(name))
    }
}

pub fn collect(file: &SourceFile, program: &Program) -> FileFacts {
    let mut c = Collector::new(file);
    c.read_imports(program);
    for (index, stmt) in program.body.iter().enumerate() {
        c.current_top = Some(index);
        c.tops.push(TopLevel::default());
        c.declare_top(stmt);
        c.visit_statement(stmt);
    }
    c.current_top = None;
    c.finish()
}

#[derive(Debug, Default)]
struct TopLevel {
    /// Bindings the statement declares.
    names: Vec<String>,
    /// Identifiers it references.
    refs: BTreeSet<String>,
    /// AuthKit exports it references.
    authkit: BTreeSet<String>,
}

struct PendingExport {
    name: String,
    location: Location,
    /// The top-level binding it exports, or the statement itself.
    target: ExportTarget,
}

enum ExportTarget {
    Local(String),
    Statement(usize),
    Authkit(String),
}

/// A local bound from an AuthKit hook, visible inside `scope` (the declaring function's span).
struct ScopedBinding {
    local: String,
    /// `refresh`, `refreshAuth` or `getAccessToken` (empty for a whole hook result).
    method: String,
    scope: (u32, u32),
}

impl ScopedBinding {
    /// The innermost binding of `name` whose scope contains `at`.
    fn resolve<'b>(bindings: &'b [ScopedBinding], name: &str, at: u32) -> Option<&'b ScopedBinding> {
        bindings.iter().filter(|b| b.local == name && b.scope.0 <= at && at <= b.scope.1).min_by_key(|b| b.scope.1 - b.scope.0)
    }
}

struct PendingRefresh {
    call: String,
    start: u32,
    end: u32,
}

struct Collector<'f> {
    file: &'f SourceFile,
    facts: FileFacts,
    /// local name → (package, imported name) for AuthKit imports.
    authkit_locals: BTreeMap<String, (String, String)>,
    /// Local name of `next/link`'s default export.
    link_locals: BTreeSet<String>,
    current_top: Option<usize>,
    tops: Vec<TopLevel>,
    exports: Vec<PendingExport>,
    /// Locals bound to `refresh` / `refreshAuth` / `getAccessToken` of an AuthKit hook.
    refresh_bindings: Vec<ScopedBinding>,
    /// Locals bound to a whole AuthKit hook result (`const auth = useAuth()`).
    hook_objects: Vec<ScopedBinding>,
    /// Spans of the functions being visited (innermost last).
    functions: Vec<(u32, u32)>,
    refreshes: Vec<PendingRefresh>,
    /// Byte ranges where code runs repeatedly.
    contexts: Vec<(u32, u32, RepeatContext)>,
    /// Bodies of functions with a `'use server'` directive.
    server_actions: Vec<(u32, u32)>,
    /// Call spans of AuthKit calls, to fill `in_server_action` at the end.
    call_spans: Vec<(u32, u32)>,
}

fn is_project_import(source: &str) -> bool {
    source.starts_with('.') || source.starts_with("@/") || source.starts_with("~/") || source.starts_with('#')
}

fn module_export_name(name: &ModuleExportName) -> String {
    match name {
        ModuleExportName::IdentifierName(n) => n.name.to_string(),
        ModuleExportName::IdentifierReference(n) => n.name.to_string(),
        ModuleExportName::StringLiteral(s) => s.value.to_string(),
    }
}

/// A string the expression statically is (string literal or template without substitutions).
pub(crate) fn static_string(expr: &Expression) -> Option<String> {
    match expr.get_inner_expression() {
        Expression::StringLiteral(s) => Some(s.value.to_string()),
        Expression::TemplateLiteral(t) => t.single_quasi().map(|s| s.to_string()),
        _ => None,
    }
}

fn bool_literal(expr: &Expression) -> Option<bool> {
    match expr.get_inner_expression() {
        Expression::BooleanLiteral(b) => Some(b.value),
        _ => None,
    }
}

/// The object literal's property `key`.
pub(crate) fn property<'b, 'a>(object: &'b ObjectExpression<'a>, key: &str) -> Option<&'b ObjectProperty<'a>> {
    object.properties.iter().find_map(|p| match p {
        ObjectPropertyKind::ObjectProperty(p) if p.key.static_name().as_deref() == Some(key) => Some(&**p),
        _ => None,
    })
}

fn first_arg_object<'b, 'a>(call: &'b CallExpression<'a>) -> Option<&'b ObjectExpression<'a>> {
    match call.arguments.first()?.as_expression()?.get_inner_expression() {
        Expression::ObjectExpression(o) => Some(o),
        _ => None,
    }
}

/// `useEffect`, `React.useEffect`, ... : the callee's name, for plain and member callees.
fn callee_name<'a>(call: &CallExpression<'a>) -> Option<&'a str> {
    match call.callee.get_inner_expression() {
        Expression::Identifier(id) => Some(id.name.as_str()),
        Expression::StaticMemberExpression(m) => Some(m.property.name.as_str()),
        _ => None,
    }
}

impl<'f> Collector<'f> {
    fn new(file: &'f SourceFile) -> Self {
        Collector {
            file,
            facts: FileFacts::default(),
            authkit_locals: BTreeMap::new(),
            link_locals: BTreeSet::new(),
            current_top: None,
            tops: Vec::new(),
            exports: Vec::new(),
            refresh_bindings: Vec::new(),
            hook_objects: Vec::new(),
            functions: Vec::new(),
            refreshes: Vec::new(),
            contexts: Vec::new(),
            server_actions: Vec::new(),
            call_spans: Vec::new(),
        }
    }

    fn loc(&self, span: oxc_span::Span) -> Location {
        Span::new(span.start as usize, span.end as usize).in_file(&self.file.path)
    }

    fn read_imports(&mut self, program: &Program) {
        for stmt in &program.body {
            let Statement::ImportDeclaration(import) = stmt else { continue };
            let source = import.source.value.as_str();
            if is_project_import(source) {
                self.facts.imports_project_module = true;
            }
            let Some(specifiers) = &import.specifiers else { continue };
            for spec in specifiers {
                let (imported, local, span) = match spec {
                    ImportDeclarationSpecifier::ImportSpecifier(s) => (module_export_name(&s.imported), s.local.name.to_string(), s.span),
                    ImportDeclarationSpecifier::ImportDefaultSpecifier(s) => ("default".to_string(), s.local.name.to_string(), s.span),
                    ImportDeclarationSpecifier::ImportNamespaceSpecifier(_) => continue,
                };
                if source == "next/link" && imported == "default" {
                    self.link_locals.insert(local);
                } else if is_authkit_package(source) {
                    let location = self.loc(span);
                    self.authkit_locals.insert(local.clone(), (source.to_string(), imported.clone()));
                    self.facts.authkit_imports.push(AuthkitImport { package: source.to_string(), imported, local, location });
                }
            }
        }
    }

    /// Records what a top-level statement declares and exports.
    fn declare_top(&mut self, stmt: &Statement) {
        let index = self.tops.len() - 1;
        match stmt {
            Statement::VariableDeclaration(d) => self.tops[index].names.extend(declared_names(d)),
            Statement::FunctionDeclaration(f) => self.tops[index].names.extend(f.id.as_ref().map(|id| id.name.to_string())),
            Statement::ClassDeclaration(c) => self.tops[index].names.extend(c.id.as_ref().map(|id| id.name.to_string())),
            Statement::ExportDeclaration(e) => {
                let declared: Vec<(String, oxc_span::Span)> = match &e.declaration {
                    Declaration::VariableDeclaration(d) => d
                        .declarations
                        .iter()
                        .flat_map(|d| d.id.get_binding_identifiers().into_iter().map(|b| (b.name.to_string(), b.span)))
                        .collect(),
                    Declaration::FunctionDeclaration(f) => f.id.iter().map(|id| (id.name.to_string(), id.span)).collect(),
                    Declaration::ClassDeclaration(c) => c.id.iter().map(|id| (id.name.to_string(), id.span)).collect(),
                    _ => Vec::new(),
                };
                for (name, span) in declared {
                    self.tops[index].names.push(name.clone());
                    let location = self.loc(span);
                    self.exports.push(PendingExport { name: name.clone(), location, target: ExportTarget::Local(name) });
                }
                if let Declaration::VariableDeclaration(d) = &e.declaration {
                    for decl in &d.declarations {
                        if decl.id.get_binding_identifier().is_some_and(|b| b.name == "config")
                            && let Some(Expression::ObjectExpression(o)) = decl.init.as_ref().map(|i| i.get_inner_expression())
                        {
                            self.read_config(o);
                        }
                    }
                }
            }
            Statement::ExportDefaultDeclaration(e) => {
                let (location, target) = match &e.declaration {
                    ExportDefaultDeclarationKind::FunctionDeclaration(f) => match &f.id {
                        Some(id) => {
                            self.tops[index].names.push(id.name.to_string());
                            (self.loc(id.span), ExportTarget::Statement(index))
                        }
                        None => (self.loc(e.span), ExportTarget::Statement(index)),
                    },
                    ExportDefaultDeclarationKind::Identifier(id) => (self.loc(id.span), ExportTarget::Local(id.name.to_string())),
                    _ => (self.loc(e.span), ExportTarget::Statement(index)),
                };
                self.exports.push(PendingExport { name: "default".into(), location, target });
            }
            Statement::ExportNamedDeclaration(e) => {
                for spec in &e.specifiers {
                    let location = self.loc(spec.span);
                    self.exports.push(PendingExport {
                        name: module_export_name(&spec.exported),
                        location,
                        target: ExportTarget::Local(module_export_name(&spec.local)),
                    });
                }
            }
            Statement::ExportFromDeclaration(e) if is_authkit_package(e.source.value.as_str()) => {
                for spec in &e.specifiers {
                    let location = self.loc(spec.span);
                    self.exports.push(PendingExport {
                        name: module_export_name(&spec.exported),
                        location,
                        target: ExportTarget::Authkit(module_export_name(&spec.local)),
                    });
                }
            }
            _ => {}
        }
    }

    /// `export const config = { matcher: ... }` (Next middleware / proxy).
    fn read_config(&mut self, config: &ObjectExpression) {
        let Some(prop) = property(config, "matcher") else { return };
        let location = self.loc(prop.span);
        let mut entries = Vec::new();
        let entry = |c: &Self, e: &Expression| -> MatcherEntry {
            let location = c.loc(e.span());
            if let Some(source) = static_string(e) {
                return MatcherEntry { source: Some(source), conditional: false, location };
            }
            if let Expression::ObjectExpression(o) = e.get_inner_expression() {
                let source = property(o, "source").and_then(|p| static_string(&p.value));
                let conditional = property(o, "has").is_some() || property(o, "missing").is_some();
                return MatcherEntry { source, conditional, location };
            }
            MatcherEntry { source: None, conditional: false, location }
        };
        match prop.value.get_inner_expression() {
            Expression::ArrayExpression(a) => {
                for el in &a.elements {
                    match el.as_expression() {
                        Some(e) => entries.push(entry(self, e)),
                        None => entries.push(MatcherEntry { source: None, conditional: false, location: location.clone() }),
                    }
                }
            }
            other => entries.push(entry(self, other)),
        }
        self.facts.matcher = Some(Matcher { entries, location });
    }

    fn read_middleware_options(&mut self, function: &str, call: &CallExpression) {
        let mut options = MiddlewareOptions {
            function: function.to_string(),
            location: self.loc(call.span),
            middleware_auth_enabled: None,
            unauthenticated_paths: Vec::new(),
        };
        if let Some(object) = first_arg_object(call)
            && let Some(auth) = property(object, "middlewareAuth")
            && let Expression::ObjectExpression(auth) = auth.value.get_inner_expression()
        {
            options.middleware_auth_enabled = property(auth, "enabled").and_then(|p| bool_literal(&p.value));
            if let Some(paths) = property(auth, "unauthenticatedPaths")
                && let Expression::ArrayExpression(paths) = paths.value.get_inner_expression()
            {
                for el in &paths.elements {
                    if let Some(e) = el.as_expression() {
                        let location = self.loc(e.span());
                        options.unauthenticated_paths.push((static_string(e), location));
                    }
                }
            }
        }
        self.facts.middleware_options.push(options);
    }

    fn read_link(&mut self, it: &JSXOpeningElement) {
        let mut href = None;
        let mut prefetch = Prefetch::Default;
        let mut prefetch_attribute = None;
        let mut last_spread = None;
        for attr in &it.attributes {
            let a = match attr {
                JSXAttributeItem::Attribute(a) => a,
                JSXAttributeItem::SpreadAttribute(spread) => {
                    last_spread = Some(self.loc(spread.span));
                    continue;
                }
            };
            let JSXAttributeName::Identifier(name) = &a.name else { continue };
            match name.name.as_str() {
                "href" => {
                    href = match &a.value {
                        Some(JSXAttributeValue::StringLiteral(s)) => Some(s.value.to_string()),
                        Some(JSXAttributeValue::ExpressionContainer(c)) => match c.expression.as_expression() {
                            Some(e) => match e.get_inner_expression() {
                                Expression::ObjectExpression(o) => property(o, "pathname").and_then(|p| static_string(&p.value)),
                                e => static_string(e),
                            },
                            None => None,
                        },
                        _ => None,
                    }
                }
                "prefetch" => {
                    prefetch_attribute = Some(self.loc(a.span));
                    prefetch = match &a.value {
                        None => Prefetch::Enabled,
                        Some(JSXAttributeValue::StringLiteral(s)) if s.value == "auto" => Prefetch::Default,
                        Some(JSXAttributeValue::ExpressionContainer(c)) => {
                            match c.expression.as_expression().map(|e| e.get_inner_expression()) {
                                Some(Expression::BooleanLiteral(b)) if b.value => Prefetch::Enabled,
                                Some(Expression::BooleanLiteral(_)) => Prefetch::Disabled,
                                Some(Expression::NullLiteral(_)) => Prefetch::Default,
                                Some(Expression::Identifier(id)) if id.name == "undefined" => Prefetch::Default,
                                Some(e) if static_string(e).as_deref() == Some("auto") => Prefetch::Default,
                                _ => Prefetch::Unknown,
                            }
                        }
                        _ => Prefetch::Unknown,
                    }
                }
                _ => {}
            }
        }
        let location = self.loc(it.span);
        self.facts.links.push(Link { href, prefetch, prefetch_attribute, last_spread, location });
    }

    /// `const { refresh } = useAccessToken()`, `const auth = useAuth()` with the hook from an
    /// AuthKit package.
    /// The span of the innermost function being visited (the whole file at top level).
    fn scope(&self) -> (u32, u32) {
        self.functions.last().copied().unwrap_or((0, u32::MAX))
    }

    fn read_hook_binding(&mut self, decl: &VariableDeclarator) {
        let Some(init) = &decl.init else { return };
        let Expression::CallExpression(call) = init.get_inner_expression() else { return };
        let Expression::Identifier(callee) = call.callee.get_inner_expression() else { return };
        let Some((_, imported)) = self.authkit_locals.get(callee.name.as_str()) else { return };
        if imported != "useAccessToken" && imported != "useAuth" {
            return;
        }
        match &decl.id {
            BindingPattern::BindingIdentifier(id) => {
                let scope = self.scope();
                self.hook_objects.push(ScopedBinding { local: id.name.to_string(), method: String::new(), scope });
            }
            BindingPattern::ObjectPattern(pattern) => {
                for prop in &pattern.properties {
                    let Some(key) = prop.key.static_name() else { continue };
                    if !matches!(key.as_ref(), "refresh" | "refreshAuth" | "getAccessToken") {
                        continue;
                    }
                    if let Some(local) = prop.value.get_binding_identifier() {
                        let scope = self.scope();
                        self.refresh_bindings.push(ScopedBinding { local: local.name.to_string(), method: key.to_string(), scope });
                    }
                }
            }
            _ => {}
        }
    }

    /// A forced refresh call, if `call` is one: its display text.
    fn refresh_call_text(&self, call: &CallExpression) -> Option<String> {
        let method = match call.callee.get_inner_expression() {
            Expression::Identifier(id) => ScopedBinding::resolve(&self.refresh_bindings, id.name.as_str(), call.span.start)?.method.clone(),
            Expression::StaticMemberExpression(m) => {
                let Expression::Identifier(obj) = m.object.get_inner_expression() else { return None };
                let name = m.property.name.as_str();
                let bound = ScopedBinding::resolve(&self.hook_objects, obj.name.as_str(), call.span.start).is_some();
                if !bound || !matches!(name, "refresh" | "refreshAuth" | "getAccessToken") {
                    return None;
                }
                name.to_string()
            }
            _ => return None,
        };
        match method.as_str() {
            "getAccessToken" => {
                let forced = first_arg_object(call).and_then(|o| property(o, "forceRefresh")).and_then(|p| bool_literal(&p.value));
                (forced == Some(true)).then(|| "getAccessToken({ forceRefresh: true })".to_string())
            }
            other => Some(format!("{other}()")),
        }
    }

    fn finish(mut self) -> FileFacts {
        // Exports and what they reach through the file's top-level declarations.
        let declared_by: BTreeMap<&str, usize> =
            self.tops.iter().enumerate().flat_map(|(i, t)| t.names.iter().map(move |n| (n.as_str(), i))).collect();
        for export in &self.exports {
            let mut reaches = BTreeSet::new();
            let start = match &export.target {
                ExportTarget::Statement(i) => Some(*i),
                ExportTarget::Local(name) => {
                    if let Some((_, imported)) = self.authkit_locals.get(name) {
                        reaches.insert(imported.clone());
                    }
                    declared_by.get(name.as_str()).copied()
                }
                ExportTarget::Authkit(name) => {
                    reaches.insert(name.clone());
                    None
                }
            };
            let mut seen = BTreeSet::new();
            let mut queue: Vec<usize> = start.into_iter().collect();
            while let Some(i) = queue.pop() {
                if !seen.insert(i) {
                    continue;
                }
                reaches.extend(self.tops[i].authkit.iter().cloned());
                queue.extend(self.tops[i].refs.iter().filter_map(|r| declared_by.get(r.as_str()).copied()));
            }
            self.facts.exports.push(Export { name: export.name.clone(), location: export.location.clone(), reaches });
        }
        // Server actions.
        for (call, span) in self.facts.authkit_calls.iter_mut().zip(&self.call_spans) {
            call.in_server_action = self.server_actions.iter().any(|(s, e)| *s <= span.0 && span.1 <= *e);
        }
        // Forced refreshes inside repeating code: the innermost context wins.
        for r in &self.refreshes {
            let inner = self.contexts.iter().filter(|(s, e, _)| *s <= r.start && r.end <= *e).min_by_key(|(s, e, _)| e - s);
            if let Some((_, _, context)) = inner {
                let location = Span::new(r.start as usize, r.end as usize).in_file(&self.file.path);
                self.facts.refresh_calls.push(RefreshCall { call: r.call.clone(), context: *context, location });
            }
        }
        self.facts
    }
}

fn declared_names(d: &VariableDeclaration) -> Vec<String> {
    d.declarations.iter().flat_map(|d| d.id.get_binding_identifiers().into_iter().map(|b| b.name.to_string())).collect()
}

fn body_has_use_server(body: &FunctionBody) -> bool {
    body.directives.iter().any(|d| d.directive == "use server")
}

impl<'a> Visit<'a> for Collector<'_> {
    fn leave_node(&mut self, kind: AstKind<'a>) {
        if matches!(kind, AstKind::Function(_) | AstKind::ArrowFunctionExpression(_)) {
            self.functions.pop();
        }
    }

    fn enter_node(&mut self, kind: AstKind<'a>) {
        match kind {
            AstKind::Function(f) => {
                self.functions.push((f.span.start, f.span.end));
                if let Some(body) = &f.body
                    && body_has_use_server(body)
                {
                    self.server_actions.push((body.span.start, body.span.end));
                }
            }
            AstKind::ArrowFunctionExpression(f) => {
                self.functions.push((f.span.start, f.span.end));
                if let ArrowFunctionBody::FunctionBody(body) = &f.body
                    && body_has_use_server(body)
                {
                    self.server_actions.push((body.span.start, body.span.end));
                }
            }
            AstKind::ForStatement(s) => self.contexts.push((s.body.span().start, s.body.span().end, RepeatContext::Loop)),
            AstKind::ForInStatement(s) => self.contexts.push((s.body.span().start, s.body.span().end, RepeatContext::Loop)),
            AstKind::ForOfStatement(s) => self.contexts.push((s.body.span().start, s.body.span().end, RepeatContext::Loop)),
            AstKind::WhileStatement(s) => self.contexts.push((s.body.span().start, s.body.span().end, RepeatContext::Loop)),
            AstKind::DoWhileStatement(s) => self.contexts.push((s.body.span().start, s.body.span().end, RepeatContext::Loop)),
            AstKind::CatchClause(c) => self.contexts.push((c.body.span.start, c.body.span.end, RepeatContext::Catch)),
            _ => {}
        }
    }

    fn visit_identifier_reference(&mut self, it: &IdentifierReference<'a>) {
        if let Some(top) = self.current_top {
            let name = it.name.as_str();
            self.tops[top].refs.insert(name.to_string());
            if let Some((_, imported)) = self.authkit_locals.get(name) {
                self.tops[top].authkit.insert(imported.clone());
            }
        }
        walk::walk_identifier_reference(self, it);
    }

    fn visit_variable_declarator(&mut self, it: &VariableDeclarator<'a>) {
        self.read_hook_binding(it);
        walk::walk_variable_declarator(self, it);
    }

    fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
        if let Expression::Identifier(callee) = it.callee.get_inner_expression()
            && let Some((package, imported)) = self.authkit_locals.get(callee.name.as_str()).cloned()
        {
            let ensure_signed_in =
                first_arg_object(it).and_then(|o| property(o, "ensureSignedIn")).and_then(|p| bool_literal(&p.value)) == Some(true);
            let location = self.loc(it.span);
            if package == crate::sdk::AUTHKIT_NEXTJS && matches!(imported.as_str(), "authkitMiddleware" | "authkitProxy") {
                self.read_middleware_options(&imported, it);
            }
            self.facts.authkit_calls.push(AuthkitCall { package, name: imported, location, ensure_signed_in, in_server_action: false });
            self.call_spans.push((it.span.start, it.span.end));
        }
        if let Some(call) = self.refresh_call_text(it) {
            self.refreshes.push(PendingRefresh { call, start: it.span.start, end: it.span.end });
        }
        let context = match callee_name(it) {
            Some("useEffect" | "useLayoutEffect") => Some(RepeatContext::Effect),
            Some("setInterval") => Some(RepeatContext::Interval),
            Some("catch") if it.callee.get_inner_expression().is_member_expression() => Some(RepeatContext::Catch),
            Some("createStart") => {
                if self.facts.create_start.is_none() {
                    self.facts.create_start = Some(self.loc(it.span));
                }
                None
            }
            _ => None,
        };
        if let Some(context) = context
            && let Some(arg) = it.arguments.first()
        {
            let span = arg.span();
            self.contexts.push((span.start, span.end, context));
        }
        walk::walk_call_expression(self, it);
    }

    fn visit_jsx_opening_element(&mut self, it: &JSXOpeningElement<'a>) {
        if let JSXElementName::IdentifierReference(id) = &it.name
            && self.link_locals.contains(id.name.as_str())
        {
            self.read_link(it);
        }
        walk::walk_jsx_opening_element(self, it);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Decoding;
    use oxc_allocator::Allocator;
    use oxc_parser::Parser;
    use oxc_span::SourceType;

    fn facts(path: &str, text: &str) -> FileFacts {
        let file = SourceFile::new(path, text.to_string(), Decoding::Utf8);
        let allocator = Allocator::default();
        let parsed = Parser::new(&allocator, &file.text, SourceType::from_path(path).unwrap()).parse();
        collect(&file, &parsed.program)
    }

    #[test]
    fn route_handler_exports_reach_authkit_calls() {
        let f = facts(
            "app/sign-out/route.ts",
            "import { signOut as so } from '@workos-inc/authkit-nextjs';\nasync function handler() { await so(); }\nexport { handler as GET };\nexport async function POST() { return 1; }\n",
        );
        assert!(f.export("GET").unwrap().reaches.contains("signOut"));
        assert!(f.export("POST").unwrap().reaches.is_empty());
        assert_eq!(f.calls("signOut").count(), 1);
    }

    #[test]
    fn middleware_config_and_options() {
        let f = facts(
            "middleware.ts",
            "import { authkitMiddleware } from '@workos-inc/authkit-nextjs';\nexport default authkitMiddleware({ middlewareAuth: { enabled: true, unauthenticatedPaths: ['/', '/about', x] } });\nexport const config = { matcher: ['/((?!_next).*)', { source: '/api/:path*', missing: [] }] };\n",
        );
        let m = f.matcher.as_ref().unwrap();
        assert_eq!(m.entries.len(), 2);
        assert_eq!(m.entries[0].source.as_deref(), Some("/((?!_next).*)"));
        assert!(m.entries[1].conditional);
        let o = &f.middleware_options[0];
        assert_eq!(o.middleware_auth_enabled, Some(true));
        let paths: Vec<_> = o.unauthenticated_paths.iter().map(|(p, _)| p.clone()).collect();
        assert_eq!(paths, vec![Some("/".into()), Some("/about".into()), None]);
        assert!(f.export("default").unwrap().reaches.contains("authkitMiddleware"));
    }

    #[test]
    fn links_and_prefetch() {
        let f = facts(
            "app/page.tsx",
            "import NextLink from 'next/link';\nexport default function P() { return <><NextLink href=\"/sign-out\">x</NextLink><NextLink href={{ pathname: '/a' }} prefetch={false} /><NextLink href={u} prefetch={p} /></>; }\n",
        );
        let got: Vec<_> = f.links.iter().map(|l| (l.href.clone(), l.prefetch)).collect();
        assert_eq!(
            got,
            vec![(Some("/sign-out".into()), Prefetch::Default), (Some("/a".into()), Prefetch::Disabled), (None, Prefetch::Unknown)]
        );
        let text = "import Link from 'next/link';\nexport default () => <><Link href=\"/a\" prefetch>x</Link><Link {...p} prefetch={null} href=\"/b\" /><Link href=\"/c\" {...q} /></>;\n";
        let f = facts("app/page.tsx", text);
        let attrs: Vec<_> = f.links.iter().map(|l| l.prefetch_attribute.as_ref().map(|a| &text[a.start..a.end])).collect();
        assert_eq!(attrs, vec![Some("prefetch"), Some("prefetch={null}"), None]);
        let spreads: Vec<_> = f.links.iter().map(|l| l.last_spread.as_ref().map(|a| &text[a.start..a.end])).collect();
        assert_eq!(spreads, vec![None, Some("{...p}"), Some("{...q}")]);
        assert_eq!(f.links[0].prefetch, Prefetch::Enabled);
    }

    #[test]
    fn forced_refresh_contexts() {
        let f = facts(
            "components/x.tsx",
            "'use client';\nimport { useAccessToken, useAuth } from '@workos-inc/authkit-nextjs/components';\nfunction A() {\n  const { refresh: r, getAccessToken } = useAccessToken();\n  const auth = useAuth();\n  useEffect(() => { const id = setInterval(() => r(), 1000); return () => clearInterval(id); }, [r]);\n  const cb = useCallback(async () => r(), [r]);\n  useEffect(() => { getAccessToken(); auth.refreshAuth(); }, []);\n  for (const x of xs) { getAccessToken({ forceRefresh: true }); }\n}\nfunction B() {\n  const { mutate: r } = useSWR('/x');\n  useEffect(() => { r(); }, []);\n}\n",
        );
        let got: Vec<_> = f.refresh_calls.iter().map(|r| (r.call.as_str(), r.context)).collect();
        assert_eq!(
            got,
            vec![
                ("refresh()", RepeatContext::Interval),
                ("refreshAuth()", RepeatContext::Effect),
                ("getAccessToken({ forceRefresh: true })", RepeatContext::Loop)
            ]
        );
    }

    #[test]
    fn server_actions_and_ensure_signed_in() {
        let f = facts(
            "app/page.tsx",
            "import { getSignInUrl, withAuth } from '@workos-inc/authkit-nextjs';\nexport default async function P() {\n  await withAuth({ ensureSignedIn: true });\n  async function go() { 'use server'; await getSignInUrl(); }\n  return null;\n}\n",
        );
        let calls: Vec<_> = f.authkit_calls.iter().map(|c| (c.name.as_str(), c.ensure_signed_in, c.in_server_action)).collect();
        assert_eq!(calls, vec![("withAuth", true, false), ("getSignInUrl", false, true)]);
    }
}
