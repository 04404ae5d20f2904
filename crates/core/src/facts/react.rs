//! React wiring facts.
//!
//! Two halves. [`collect`] runs during the single parse in [`super::code`] and records what one
//! file *does*: its imports and exports, the functions it defines ("units": components, hooks),
//! every JSX element with its parent, attributes and the conditions it renders under, hook calls
//! and what they destructure (`useAuth`, `useAccessToken`, `useConvexAuth`, `useQuery`, …),
//! Convex token fetchers (`fetchAccessToken`, `setAuth(…)`) judged by data flow,
//! `getSignInUrl()` calls, hand-built authorize URLs, navigations, client-side routes and the
//! roots React renders from (`createRoot(…).render(…)`, TanStack `Wrap`/`InnerWrap`).
//!
//! [`AppReact::build`] then joins an app's files: it resolves imports (relative paths with
//! extension and index lookup, tsconfig `paths` aliases such as `@/components/…`, workspace
//! packages by their `package.json` name) and walks the element tree from the app's roots (the
//! Next root layout, `main.tsx`, the TanStack router wrappers, …) through provider components in
//! other files and packages, so rules can ask "which providers wrap this element?".

use super::code::{CodeFacts, CodeFileFacts, CodeIndex};
use crate::diagnostic::Location;
use crate::discover::{App, Framework, PackageJson, Project, is_under};
use crate::source::{Files, SourceFile, Span, join_rel};
use oxc_ast::AstKind;
use oxc_ast::ast::*;
use oxc_ast_visit::{Visit, walk};
use oxc_span::GetSpan;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

/// Names that make a file worth parsing for React facts. Each is specific to AuthKit/Convex
/// wiring or to the files an element tree starts from (root layouts render `<html`, SPAs call
/// `createRoot`), so ordinary components are still skipped after the byte scan.
pub const NEEDLES: &[&str] = &[
    // Providers and provider components (`AuthKitProvider`, `ConvexProvider…`, `Providers`).
    "Provider",
    "useAuth",
    "useAccessToken",
    "useConvexAuth",
    // Convex's auth gates (`<Authenticated>`, `<Unauthenticated>`, `<AuthLoading>`).
    "Authenticated",
    "AuthLoading",
    "fetchAccessToken",
    "getSignInUrl",
    "getSignUpUrl",
    "user_management/authorize",
    // Where element trees start.
    "createRoot",
    "hydrateRoot",
    "<html",
    "next/app",
    "InnerWrap",
    "createRootRoute",
    // SPA callback handling: the redirect path, reading `?code=`, navigating away.
    "/callback",
    "get('code')",
    "get(\"code\")",
    "useNavigate",
    "<Navigate",
    "replaceState",
    "location.replace",
];

pub use crate::sdk::{AUTHKIT_NEXTJS, AUTHKIT_REACT, AUTHKIT_TANSTACK, CONVEX_DEV_WORKOS};
pub const CONVEX_REACT: &str = "convex/react";

/// Packages whose `AuthKitProvider` and hooks work on the client through one React context.
pub const PROVIDER_PACKAGES: &[&str] = &[AUTHKIT_NEXTJS, AUTHKIT_REACT, AUTHKIT_TANSTACK, crate::sdk::AUTHKIT_TANSTACK_LEGACY];

/// Packages that export AuthKit React hooks (a project must use the one of its framework).
pub const HOOK_PACKAGES: &[&str] = &[
    AUTHKIT_NEXTJS,
    AUTHKIT_REACT,
    AUTHKIT_TANSTACK,
    crate::sdk::AUTHKIT_TANSTACK_LEGACY,
    crate::sdk::AUTHKIT_REACT_ROUTER,
    crate::sdk::AUTHKIT_REMIX,
];

/// Hooks whose calls (and destructured results) are recorded.
const HOOKS: &[&str] =
    &["useAuth", "useAccessToken", "useConvexAuth", "useQuery", "usePaginatedQuery", "useNavigate", "useRouter", "useLocation"];

/// `@scope/name/sub/path` → `@scope/name`; `name/sub` → `name`.
pub fn base_package(source: &str) -> &str {
    let mut parts = source.splitn(3, '/');
    let first = parts.next().unwrap_or("");
    if first.starts_with('@') {
        match parts.next() {
            Some(second) => &source[..first.len() + 1 + second.len()],
            None => source,
        }
    } else {
        first
    }
}

// ---------------------------------------------------------------------------------------------
// Per-file facts
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedName {
    /// The exported name (`default` for a default import, `*` for a namespace import).
    pub imported: String,
    pub local: String,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Import {
    pub source: String,
    /// The source string literal, quotes included.
    pub source_span: Span,
    pub span: Span,
    pub names: Vec<ImportedName>,
    /// `import type { … }`: erased at build time.
    pub type_only: bool,
}

/// `export { a as b } from './x'` (`names`), or `export * from './x'` (`names` is `None`).
#[derive(Debug, Clone)]
pub struct ReExport {
    pub source: String,
    pub names: Option<Vec<(String, String)>>,
}

/// `exported` is the public name, `local` the binding in this file.
#[derive(Debug, Clone)]
pub struct Export {
    pub exported: String,
    pub local: String,
}

/// A named function of the file: a component, a hook, a helper. Elements and calls inside it
/// point at it.
#[derive(Debug, Clone)]
pub struct Unit {
    pub name: String,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum AttrValue {
    /// `<X flag />`
    Flag,
    Str(String),
    Bool(bool),
    Ident(String),
    /// `element={<Y />}`: index of the element.
    Element(usize),
    Expr,
}

#[derive(Debug, Clone)]
pub struct Attr {
    pub name: String,
    pub span: Span,
    pub value: AttrValue,
}

/// Name of the pseudo-element recorded where a component renders `{children}`.
pub const CHILDREN: &str = "#children";

#[derive(Debug, Clone)]
pub struct Element {
    /// `AuthKitProvider`, `Foo.Bar`, `div`, or [`CHILDREN`].
    pub name: String,
    /// The opening tag.
    pub span: Span,
    pub parent: Option<usize>,
    pub unit: Option<usize>,
    pub attrs: Vec<Attr>,
    /// Has a `{...spread}` attribute: any prop may be set.
    pub spread: bool,
    /// Names and `a.b` paths in the conditions this element renders under (`{user && <X/>}`,
    /// `if (!user) return …;` before it).
    pub conds: Vec<String>,
}

impl Element {
    pub fn attr(&self, name: &str) -> Option<&Attr> {
        self.attrs.iter().find(|a| a.name == name)
    }
}

#[derive(Debug, Clone)]
pub struct HookCall {
    /// The local name called (`useAuth`).
    pub callee: String,
    pub span: Span,
    pub unit: Option<usize>,
    /// `const { user, isLoading: loading } = useAuth()` → `[("user","user"),("isLoading","loading")]`.
    pub bindings: Vec<(String, String)>,
    /// `const auth = useAuth()` → `auth`.
    pub whole: Option<String>,
    /// Names read by the arguments after the first (`useQuery(api.x, user ? {} : "skip")`).
    pub arg_names: Vec<String>,
    pub conds: Vec<String>,
}

impl HookCall {
    /// The local names bound to `prop` of the hook's result, and `whole.prop` paths.
    pub fn names_for(&self, prop: &str) -> Vec<String> {
        let mut out: Vec<String> = self.bindings.iter().filter(|(p, _)| p == prop).map(|(_, l)| l.clone()).collect();
        if let Some(w) = &self.whole {
            out.push(format!("{w}.{prop}"));
        }
        out
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FetcherKind {
    /// The `fetchAccessToken` an adapter hook returns to `ConvexProviderWithAuth`.
    Adapter,
    /// The first argument of `convex.setAuth(…)`.
    SetAuth,
}

/// What a token fetcher does with Convex's `{ forceRefreshToken }` argument, found by following
/// the argument through the function body (not by names of the functions involved).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// `forceRefreshToken` reaches a call (`getAccessToken({ forceRefresh: forceRefreshToken })`,
    /// `fetchToken(args)`) or decides which call runs (`forceRefreshToken ? refresh() : …`).
    Honours,
    /// The function declares no parameter, so it cannot see `forceRefreshToken`.
    NoParam { returns: Option<String> },
    /// It takes the argument, but `forceRefreshToken` never reaches a call.
    Ignored { returns: Option<String> },
    /// Returns a value captured outside the function and calls nothing (`async () => token`).
    Captured { what: String },
    /// Not a function: a token value (`setAuth(token)`).
    Value { what: String },
    /// Passes an SDK getter as is (`setAuth(getAccessToken)`): it is called with
    /// `{ forceRefreshToken }`, a key it does not read.
    Getter { name: String },
    /// Could not be followed (a parameter, an imported helper).
    Unknown,
}

#[derive(Debug, Clone)]
pub struct TokenFetcher {
    pub kind: FetcherKind,
    /// The function (from its start to the end of its parameters), or the value passed.
    pub span: Span,
    pub unit: Option<usize>,
    pub verdict: Verdict,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Usage {
    /// The result is thrown away: `onClick={() => getSignInUrl()}`, `getSignInUrl();`.
    Discarded,
    /// The promise itself is rendered: `href={getSignInUrl()}`.
    Rendered,
    /// Awaited, assigned, passed on.
    Used,
}

#[derive(Debug, Clone)]
pub struct SignInUrlCall {
    /// `getSignInUrl` or `getSignUpUrl` as called (the local name).
    pub callee: String,
    /// `auth` in `auth.getSignInUrl()`.
    pub object: Option<String>,
    pub span: Span,
    pub unit: Option<usize>,
    pub usage: Usage,
}

#[derive(Debug, Clone)]
pub enum RouteTarget {
    Element(usize),
    /// A component by local name (or an inline unit's name).
    Name(String),
}

/// A client-side route: `<Route path="/callback" element={<Callback />} />`,
/// `{ path: "/callback", element: … }`, TanStack `createFileRoute("/callback")({ component })`.
#[derive(Debug, Clone)]
pub struct RouteDecl {
    pub path: String,
    pub span: Span,
    pub target: RouteTarget,
}

#[derive(Debug, Clone)]
pub struct Navigation {
    /// What navigates, for messages: `navigate()`, `window.location.replace()`, `<Navigate>`.
    pub what: String,
    pub span: Span,
    pub unit: Option<usize>,
    pub conds: Vec<String>,
    /// Runs when the component renders or mounts: in its body, in a `useEffect` /
    /// `useLayoutEffect` callback, or as a rendered `<Navigate>`; not in an event handler or
    /// another callback.
    pub on_mount: bool,
}

/// Something in a unit that shows it handles the OAuth callback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Marker {
    /// `location.pathname === "/callback"`.
    Path(String),
    /// `location.pathname === CALLBACK_PATH` (a name, resolved through `string_consts`).
    PathConst(String),
    /// Reads `code` from the query string.
    CodeParam,
}

/// React wiring facts of one file.
#[derive(Debug, Default, Clone)]
pub struct ReactFileFacts {
    pub imports: Vec<Import>,
    pub reexports: Vec<ReExport>,
    pub exports: Vec<Export>,
    pub units: Vec<Unit>,
    pub elements: Vec<Element>,
    pub hooks: Vec<HookCall>,
    pub fetchers: Vec<TokenFetcher>,
    pub sign_in_url_calls: Vec<SignInUrlCall>,
    pub authorize_urls: Vec<Span>,
    /// Elements passed to `root.render(…)` / `hydrateRoot(…)`.
    pub render_roots: Vec<usize>,
    /// TanStack router wrappers and root route components: (`Wrap` | `InnerWrap` |
    /// `shellComponent` | `component`, unit name).
    pub wrappers: Vec<(String, String)>,
    pub routes: Vec<RouteDecl>,
    pub navigations: Vec<Navigation>,
    pub markers: Vec<(Option<usize>, Marker)>,
    /// Top-level `const NAME = "literal"`.
    pub string_consts: Vec<(String, String)>,
}

impl ReactFileFacts {
    pub fn children_of(&self, element: usize) -> impl Iterator<Item = usize> + '_ {
        self.elements.iter().enumerate().filter(move |(_, e)| e.parent == Some(element)).map(|(i, _)| i)
    }

    /// Whether `element` sits (in this file) inside an element named one of `names`.
    pub fn inside(&self, element: usize, names: &[&str]) -> bool {
        let mut at = self.elements[element].parent;
        while let Some(p) = at {
            if names.contains(&self.elements[p].name.as_str()) {
                return true;
            }
            at = self.elements[p].parent;
        }
        false
    }

    pub fn unit_named(&self, name: &str) -> Option<usize> {
        self.units.iter().position(|u| u.name == name)
    }

    pub fn string_const(&self, name: &str) -> Option<&str> {
        self.string_consts.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

fn sp(s: oxc_span::Span) -> Span {
    Span::new(s.start as usize, s.end as usize)
}

/// Parses nothing: reads the program the single parse produced.
pub fn collect<'a>(file: &SourceFile, program: &Program<'a>) -> ReactFileFacts {
    let mut c = Collector::new(&file.text);
    c.module_items(program);
    c.visit_program(program);
    c.finish()
}

#[derive(Clone, Copy)]
enum DeclValue<'a> {
    Expr(&'a Expression<'a>),
    Func(&'a Function<'a>),
    /// A name bound by destructuring: the property it came from (`[0]` for arrays).
    Destructured(&'a str),
}

struct Decl<'a> {
    name: &'a str,
    /// The innermost function around the declaration; `None` at module level.
    scope: Option<oxc_span::Span>,
    value: DeclValue<'a>,
}

struct Candidate<'a> {
    kind: FetcherKind,
    expr: &'a Expression<'a>,
    unit: Option<usize>,
    scopes: Vec<oxc_span::Span>,
}

struct Collector<'a, 't> {
    text: &'t str,
    facts: ReactFileFacts,
    units: Vec<usize>,
    /// Entered function nodes (span, whether it opened a unit), innermost last.
    fns: Vec<(oxc_span::Span, bool)>,
    /// Open JSX elements.
    open: Vec<usize>,
    conds: Vec<Vec<String>>,
    /// Function span start → unit name, for functions whose name comes from their context.
    named: HashMap<u32, String>,
    decls: Vec<Decl<'a>>,
    candidates: Vec<Candidate<'a>>,
    discarded: HashSet<u32>,
    rendered_calls: HashSet<u32>,
    hooked: HashSet<u32>,
    /// Locals bound from `useNavigate()` / `useRouter()`.
    nav_bindings: HashSet<String>,
    pending_routes: Vec<(String, Span, u32)>,
    /// Span starts of functions passed to `useEffect` / `useLayoutEffect`.
    effect_fns: HashSet<u32>,
}

const ROUTE_COMPONENT_KEYS: &[&str] = &["component", "Component"];

impl<'a, 't> Collector<'a, 't> {
    fn new(text: &'t str) -> Self {
        Collector {
            text,
            facts: ReactFileFacts::default(),
            units: Vec::new(),
            fns: Vec::new(),
            open: Vec::new(),
            conds: Vec::new(),
            named: HashMap::new(),
            decls: Vec::new(),
            candidates: Vec::new(),
            discarded: HashSet::new(),
            rendered_calls: HashSet::new(),
            hooked: HashSet::new(),
            nav_bindings: HashSet::new(),
            pending_routes: Vec::new(),
            effect_fns: HashSet::new(),
        }
    }

    fn slice(&self, s: oxc_span::Span) -> &'t str {
        self.text.get(s.start as usize..s.end as usize).unwrap_or("")
    }

    /// A short one-line rendering of an expression for messages.
    fn short(&self, s: oxc_span::Span) -> String {
        let t = self.slice(s).split_whitespace().collect::<Vec<_>>().join(" ");
        if t.chars().count() > 48 { t.chars().take(45).collect::<String>() + "…" } else { t }
    }

    fn unit(&self) -> Option<usize> {
        self.units.last().copied()
    }

    fn flat_conds(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for c in self.conds.iter().flatten() {
            if !out.contains(c) {
                out.push(c.clone());
            }
        }
        out
    }

    /// Imports, exports and default-export names from the module's top-level items.
    fn module_items(&mut self, program: &Program<'a>) {
        for stmt in &program.body {
            match stmt {
                Statement::ImportDeclaration(d) => {
                    let names = d
                        .specifiers
                        .iter()
                        .flatten()
                        .map(|s| match s {
                            ImportDeclarationSpecifier::ImportSpecifier(s) => {
                                ImportedName { imported: s.imported.name().to_string(), local: s.local.name.to_string(), span: sp(s.span) }
                            }
                            ImportDeclarationSpecifier::ImportDefaultSpecifier(s) => {
                                ImportedName { imported: "default".into(), local: s.local.name.to_string(), span: sp(s.span) }
                            }
                            ImportDeclarationSpecifier::ImportNamespaceSpecifier(s) => {
                                ImportedName { imported: "*".into(), local: s.local.name.to_string(), span: sp(s.span) }
                            }
                        })
                        .collect();
                    self.facts.imports.push(Import {
                        source: d.source.value.to_string(),
                        source_span: sp(d.source.span),
                        span: sp(d.span),
                        names,
                        type_only: d.import_kind.is_type(),
                    });
                }
                Statement::ExportDeclaration(d) => match &d.declaration {
                    Declaration::FunctionDeclaration(f) => {
                        if let Some(id) = &f.id {
                            self.facts.exports.push(Export { exported: id.name.to_string(), local: id.name.to_string() });
                        }
                    }
                    Declaration::VariableDeclaration(v) => {
                        for d in &v.declarations {
                            for b in d.id.get_binding_identifiers() {
                                self.facts.exports.push(Export { exported: b.name.to_string(), local: b.name.to_string() });
                            }
                        }
                    }
                    _ => {}
                },
                Statement::ExportNamedDeclaration(d) => {
                    for s in &d.specifiers {
                        self.facts.exports.push(Export { exported: s.exported.name().to_string(), local: s.local.name().to_string() });
                    }
                }
                Statement::ExportFromDeclaration(d) => {
                    let names = d.specifiers.iter().map(|s| (s.exported.name().to_string(), s.local.name().to_string())).collect();
                    self.facts.reexports.push(ReExport { source: d.source.value.to_string(), names: Some(names) });
                }
                Statement::ExportAllDeclaration(d) if d.exported.is_none() => {
                    self.facts.reexports.push(ReExport { source: d.source.value.to_string(), names: None });
                }
                Statement::ExportDefaultDeclaration(d) => match &d.declaration {
                    ExportDefaultDeclarationKind::FunctionDeclaration(f) => match &f.id {
                        Some(id) => self.facts.exports.push(Export { exported: "default".into(), local: id.name.to_string() }),
                        None => {
                            self.named.insert(f.span.start, "default".into());
                            self.facts.exports.push(Export { exported: "default".into(), local: "default".into() });
                        }
                    },
                    other => {
                        if let Some(e) = other.as_expression() {
                            match e.get_inner_expression() {
                                Expression::Identifier(id) => {
                                    self.facts.exports.push(Export { exported: "default".into(), local: id.name.to_string() })
                                }
                                inner => {
                                    if let Some(f) = inner_function(inner) {
                                        self.named.insert(f.start, "default".into());
                                        self.facts.exports.push(Export { exported: "default".into(), local: "default".into() });
                                    } else if let Some(name) = wrapped_identifier(inner) {
                                        self.facts.exports.push(Export { exported: "default".into(), local: name.to_string() });
                                    }
                                }
                            }
                        }
                    }
                },
                _ => {}
            }
        }
    }

    fn enter_fn(&mut self, span: oxc_span::Span, name: Option<String>) {
        let opened = name.is_some();
        if let Some(name) = name {
            self.units.push(self.facts.units.len());
            self.facts.units.push(Unit { name, span: sp(span) });
        }
        self.fns.push((span, opened));
    }

    fn leave_fn(&mut self) {
        if let Some((_, opened)) = self.fns.pop()
            && opened
        {
            self.units.pop();
        }
    }

    fn scope(&self) -> Option<oxc_span::Span> {
        self.fns.last().map(|(s, _)| *s)
    }

    fn push_element(&mut self, name: String, span: oxc_span::Span, parent: Option<usize>, attrs: Vec<Attr>, spread: bool) -> usize {
        let idx = self.facts.elements.len();
        let conds = self.flat_conds();
        self.facts.elements.push(Element { name, span: sp(span), parent, unit: self.unit(), attrs, spread, conds });
        idx
    }

    fn navigation(&mut self, what: String, span: oxc_span::Span) {
        let conds = self.flat_conds();
        // Every function between the component and this call must be an effect callback.
        let from = self.fns.iter().rposition(|(_, opened)| *opened).map(|i| i + 1).unwrap_or(0);
        let on_mount = self.fns[from..].iter().all(|(s, _)| self.effect_fns.contains(&s.start));
        self.facts.navigations.push(Navigation { what, span: sp(span), unit: self.unit(), conds, on_mount });
    }

    fn record_hook(&mut self, call: &CallExpression<'a>, name: &str, bindings: Vec<(String, String)>, whole: Option<String>) {
        if !self.hooked.insert(call.span.start) {
            return;
        }
        let mut arg_names = Vec::new();
        for arg in call.arguments.iter().skip(1) {
            if let Some(e) = arg.as_expression() {
                arg_names.extend(names_in(e));
            }
        }
        if matches!(name, "useNavigate" | "useRouter") {
            self.nav_bindings.extend(bindings.iter().map(|(_, l)| l.clone()));
            self.nav_bindings.extend(whole.clone());
        }
        let conds = self.flat_conds();
        self.facts.hooks.push(HookCall {
            callee: name.to_string(),
            span: sp(call.span),
            unit: self.unit(),
            bindings,
            whole,
            arg_names,
            conds,
        });
    }

    fn sign_in_url_call(&mut self, callee: &str, object: Option<String>, span: oxc_span::Span, usage: Usage) {
        self.facts.sign_in_url_calls.push(SignInUrlCall { callee: callee.to_string(), object, span: sp(span), unit: self.unit(), usage });
    }

    fn wrapper(&mut self, key: &str, value: &Expression<'a>) {
        let value = value.get_inner_expression();
        if let Some(f) = inner_function(value) {
            let name = format!("{key}@{}", f.start);
            self.named.insert(f.start, name.clone());
            self.facts.wrappers.push((key.to_string(), name));
        } else if let Expression::Identifier(id) = value {
            self.facts.wrappers.push((key.to_string(), id.name.to_string()));
        }
    }

    /// A route to `path` rendering `value` (an element, a component name, an inline component).
    fn route_to(&mut self, path: &str, span: oxc_span::Span, value: &Expression<'a>) {
        let value = value.get_inner_expression();
        match value {
            Expression::JSXElement(el) => self.pending_routes.push((path.to_string(), sp(span), el.opening_element.span.start)),
            Expression::Identifier(id) => {
                self.facts.routes.push(RouteDecl { path: path.to_string(), span: sp(span), target: RouteTarget::Name(id.name.to_string()) })
            }
            other => {
                if let Some(f) = inner_function(other) {
                    let name = format!("route@{}", f.start);
                    self.named.insert(f.start, name.clone());
                    self.facts.routes.push(RouteDecl { path: path.to_string(), span: sp(span), target: RouteTarget::Name(name) });
                }
            }
        }
    }

    fn route_options(&mut self, path: &str, span: oxc_span::Span, options: &Expression<'a>) {
        if let Expression::ObjectExpression(o) = options.get_inner_expression() {
            for p in o.properties.iter().filter_map(|p| p.as_property()) {
                if p.key.static_name().is_some_and(|k| ROUTE_COMPONENT_KEYS.contains(&k.as_ref())) {
                    self.route_to(path, span, &p.value);
                }
            }
        }
    }

    fn finish(mut self) -> ReactFileFacts {
        for (path, span, start) in std::mem::take(&mut self.pending_routes) {
            if let Some(i) = self.facts.elements.iter().position(|e| e.span.start == start as usize) {
                self.facts.routes.push(RouteDecl { path, span, target: RouteTarget::Element(i) });
            }
        }
        let candidates = std::mem::take(&mut self.candidates);
        for c in candidates {
            let (span, verdict) = match self.resolve(c.expr, &c.scopes, 0) {
                Resolution::Fn(f) => (f.head(), self.analyze(f)),
                Resolution::Value(what) => (sp(c.expr.span()), Verdict::Value { what }),
                Resolution::Getter(name) => (sp(c.expr.span()), Verdict::Getter { name }),
                Resolution::Unknown => (sp(c.expr.span()), Verdict::Unknown),
            };
            self.facts.fetchers.push(TokenFetcher { kind: c.kind, span, unit: c.unit, verdict });
        }
        self.facts
    }

    // -- token fetchers ---------------------------------------------------------------------

    fn lookup(&self, name: &str, scopes: &[oxc_span::Span]) -> Option<&Decl<'a>> {
        let chain = scopes.iter().rev().map(|s| Some(*s)).chain(std::iter::once(None));
        for scope in chain {
            if let Some(d) = self.decls.iter().rev().find(|d| d.name == name && d.scope == scope) {
                return Some(d);
            }
        }
        None
    }

    fn resolve(&self, expr: &'a Expression<'a>, scopes: &[oxc_span::Span], depth: u8) -> Resolution<'a> {
        if depth > 6 {
            return Resolution::Unknown;
        }
        let e = expr.get_inner_expression();
        match e {
            Expression::ArrowFunctionExpression(a) => Resolution::Fn(FnRef::Arrow(a)),
            Expression::FunctionExpression(f) => Resolution::Fn(FnRef::Func(f)),
            Expression::CallExpression(call) => {
                let callee = call.callee.get_inner_expression();
                let name = match callee {
                    Expression::Identifier(id) => Some(id.name.as_str()),
                    _ => callee.as_member_expression().and_then(|m| m.static_property_name()),
                };
                match name {
                    Some("useCallback") => match call.arguments.first().and_then(|a| a.as_expression()) {
                        Some(f) => self.resolve(f, scopes, depth + 1),
                        None => Resolution::Unknown,
                    },
                    Some("useMemo") => match call.arguments.first().and_then(|a| a.as_expression()).map(|e| e.get_inner_expression()) {
                        Some(Expression::ArrowFunctionExpression(a)) => match a.get_expression() {
                            Some(body) => self.resolve(body, scopes, depth + 1),
                            None => Resolution::Unknown,
                        },
                        _ => Resolution::Unknown,
                    },
                    _ => Resolution::Unknown,
                }
            }
            Expression::Identifier(id) => match self.lookup(id.name.as_str(), scopes) {
                Some(Decl { value: DeclValue::Func(f), .. }) => Resolution::Fn(FnRef::Func(f)),
                Some(Decl { value: DeclValue::Expr(init), .. }) => self.resolve(init, scopes, depth + 1),
                Some(Decl { value: DeclValue::Destructured(prop), .. }) => {
                    if *prop == "getAccessToken" {
                        Resolution::Getter(prop.to_string())
                    } else if ["get", "fetch", "refresh"].iter().any(|p| prop.starts_with(p)) {
                        Resolution::Unknown
                    } else {
                        Resolution::Value(id.name.to_string())
                    }
                }
                None => Resolution::Unknown,
            },
            Expression::StringLiteral(_)
            | Expression::TemplateLiteral(_)
            | Expression::StaticMemberExpression(_)
            | Expression::ComputedMemberExpression(_)
            | Expression::AwaitExpression(_) => Resolution::Value(self.short(e.span())),
            _ => Resolution::Unknown,
        }
    }

    fn analyze(&self, f: FnRef<'a>) -> Verdict {
        let mut flow = Flow::default();
        let mut no_param = false;
        match f.params().items.first().map(|p| &p.pattern) {
            None => no_param = f.params().rest.is_none(),
            Some(pattern) => flow.bind_param(pattern),
        }
        // Names computed from the argument carry it on: `const force = args.forceRefreshToken`.
        for _ in 0..4 {
            let before = flow.taint.len();
            let mut p = Propagate { flow: &mut flow };
            f.visit_body(&mut p);
            if flow.taint.len() == before {
                break;
            }
        }
        let mut v = FlowVisitor { flow: &flow, honours: false, calls: 0 };
        f.visit_body(&mut v);
        if v.honours {
            return Verdict::Honours;
        }
        let mut locals = Locals::default();
        f.visit_body(&mut locals);
        let mut params = Locals::default();
        params.visit_formal_parameters(f.params());
        let mut returns = Returns::default();
        f.visit_returns(&mut returns);
        let cached = returns
            .values
            .iter()
            .find_map(|e| cached_value(e, |name| locals.names.contains(name) || params.names.contains(name)).map(|s| self.short(s)));
        match (v.calls, cached) {
            (0, Some(what)) => Verdict::Captured { what },
            (_, cached) if no_param => Verdict::NoParam { returns: cached },
            (_, cached) => Verdict::Ignored { returns: cached },
        }
    }
}

enum Resolution<'a> {
    Fn(FnRef<'a>),
    Value(String),
    Getter(String),
    Unknown,
}

#[derive(Clone, Copy)]
enum FnRef<'a> {
    Arrow(&'a ArrowFunctionExpression<'a>),
    Func(&'a Function<'a>),
}

impl<'a> FnRef<'a> {
    fn params(&self) -> &'a FormalParameters<'a> {
        match self {
            FnRef::Arrow(a) => &a.params,
            FnRef::Func(f) => &f.params,
        }
    }

    /// From the start of the function to the end of its parameter list.
    fn head(&self) -> Span {
        let (start, end) = match self {
            FnRef::Arrow(a) => (a.span.start, a.params.span.end),
            FnRef::Func(f) => (f.span.start, f.params.span.end),
        };
        Span::new(start as usize, end as usize)
    }

    fn visit_body<V: Visit<'a>>(&self, v: &mut V) {
        match self {
            FnRef::Arrow(a) => match &a.body {
                ArrowFunctionBody::FunctionBody(b) => v.visit_function_body(b),
                other => {
                    if let Some(e) = other.as_expression() {
                        v.visit_expression(e)
                    }
                }
            },
            FnRef::Func(f) => {
                if let Some(b) = &f.body {
                    v.visit_function_body(b)
                }
            }
        }
    }

    fn visit_returns(&self, r: &mut Returns<'a>) {
        match self {
            FnRef::Arrow(a) => match a.get_expression() {
                Some(e) => r.values.push(e),
                None => self.visit_body(r),
            },
            FnRef::Func(_) => self.visit_body(r),
        }
    }
}

/// What a fetcher's argument flows into.
#[derive(Default)]
struct Flow {
    /// Names holding `forceRefreshToken` (or derived from it).
    taint: HashSet<String>,
    /// The parameter when it is taken whole (`args`).
    whole: Option<String>,
}

impl Flow {
    fn bind_param(&mut self, pattern: &BindingPattern) {
        match pattern {
            BindingPattern::ObjectPattern(o) => {
                for p in &o.properties {
                    if p.key.static_name().as_deref() == Some("forceRefreshToken") {
                        self.taint.extend(p.value.get_binding_identifiers().iter().map(|b| b.name.to_string()));
                    }
                }
            }
            BindingPattern::BindingIdentifier(id) => self.whole = Some(id.name.to_string()),
            BindingPattern::AssignmentPattern(a) => self.bind_param(&a.left),
            BindingPattern::ArrayPattern(_) => {}
        }
    }

    /// Whether an expression reads the flag (or hands the whole argument on, with `pass_whole`).
    fn mentions(&self, e: &Expression, pass_whole: bool) -> bool {
        let names = names_in(e);
        names.iter().any(|n| {
            self.taint.contains(n) || self.whole.as_ref().is_some_and(|w| *n == format!("{w}.forceRefreshToken") || (pass_whole && n == w))
        })
    }
}

struct Propagate<'f> {
    flow: &'f mut Flow,
}

impl<'a> Visit<'a> for Propagate<'_> {
    fn visit_variable_declarator(&mut self, it: &VariableDeclarator<'a>) {
        if let Some(init) = &it.init
            && self.flow.mentions(init, false)
        {
            self.flow.taint.extend(it.id.get_binding_identifiers().iter().map(|b| b.name.to_string()));
        }
        walk::walk_variable_declarator(self, it);
    }
}

struct FlowVisitor<'f> {
    flow: &'f Flow,
    honours: bool,
    /// Calls other than `console.*` / `Promise.*`.
    calls: usize,
}

fn counted_call(call: &CallExpression) -> bool {
    let callee = call.callee.get_inner_expression();
    match callee.as_member_expression().map(|m| m.object().get_inner_expression()) {
        Some(Expression::Identifier(id)) => !matches!(id.name.as_str(), "console" | "Promise"),
        _ => true,
    }
}

#[derive(Default)]
struct CallCount(usize);

impl<'a> Visit<'a> for CallCount {
    fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
        if counted_call(it) {
            self.0 += 1;
        }
        walk::walk_call_expression(self, it);
    }
}

fn has_call_stmt<'a>(s: &Statement<'a>) -> bool {
    let mut c = CallCount::default();
    c.visit_statement(s);
    c.0 > 0
}

fn has_call_expr<'a>(e: &Expression<'a>) -> bool {
    let mut c = CallCount::default();
    c.visit_expression(e);
    c.0 > 0
}

impl<'a> Visit<'a> for FlowVisitor<'_> {
    fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
        if counted_call(it) {
            self.calls += 1;
            if it.arguments.iter().filter_map(|a| a.as_expression()).any(|a| self.flow.mentions(a, true)) {
                self.honours = true;
            }
        }
        walk::walk_call_expression(self, it);
    }

    fn visit_conditional_expression(&mut self, it: &ConditionalExpression<'a>) {
        if self.flow.mentions(&it.test, false) && (has_call_expr(&it.consequent) || has_call_expr(&it.alternate)) {
            self.honours = true;
        }
        walk::walk_conditional_expression(self, it);
    }

    fn visit_logical_expression(&mut self, it: &LogicalExpression<'a>) {
        if self.flow.mentions(&it.left, false) && has_call_expr(&it.right) {
            self.honours = true;
        }
        walk::walk_logical_expression(self, it);
    }

    fn visit_statements(&mut self, it: &oxc_allocator::Vec<'a, Statement<'a>>) {
        for (i, s) in it.iter().enumerate() {
            if let Statement::IfStatement(ifs) = s
                && self.flow.mentions(&ifs.test, false)
            {
                let branches = has_call_stmt(&ifs.consequent) || ifs.alternate.as_ref().is_some_and(has_call_stmt);
                if branches || it.iter().skip(i + 1).any(has_call_stmt) {
                    self.honours = true;
                }
            }
            self.visit_statement(s);
        }
    }
}

/// Names declared anywhere in a function body (or bound by its parameters).
#[derive(Default)]
struct Locals {
    names: HashSet<String>,
}

impl<'a> Visit<'a> for Locals {
    fn visit_binding_identifier(&mut self, it: &BindingIdentifier<'a>) {
        self.names.insert(it.name.to_string());
    }
}

/// The values a function returns (not those of nested functions).
#[derive(Default)]
struct Returns<'a> {
    values: Vec<&'a Expression<'a>>,
    depth: usize,
}

impl<'a> Visit<'a> for Returns<'a> {
    fn enter_node(&mut self, kind: AstKind<'a>) {
        if matches!(kind, AstKind::Function(_) | AstKind::ArrowFunctionExpression(_)) {
            self.depth += 1;
        }
    }

    fn leave_node(&mut self, kind: AstKind<'a>) {
        if matches!(kind, AstKind::Function(_) | AstKind::ArrowFunctionExpression(_)) {
            self.depth -= 1;
        }
    }

    fn visit_return_statement(&mut self, it: &ReturnStatement<'a>) {
        if self.depth == 0
            && let Some(arg) = &it.argument
        {
            let arg = self.alloc(arg);
            self.values.push(arg);
        }
        walk::walk_return_statement(self, it);
    }
}

/// `tokenRef.current`, or a name declared outside the function: a value cached elsewhere.
fn cached_value(e: &Expression, local: impl Fn(&str) -> bool) -> Option<oxc_span::Span> {
    let e = e.get_inner_expression();
    match e {
        Expression::AwaitExpression(a) => cached_value(&a.argument, local),
        Expression::LogicalExpression(l) => cached_value(&l.left, local),
        Expression::StaticMemberExpression(m) if m.property.name == "current" => Some(m.span),
        Expression::Identifier(id) if id.name != "undefined" && !local(id.name.as_str()) => Some(id.span),
        _ => None,
    }
}

/// The function an initializer defines: `() => …`, `function () {}`, `memo(() => …)`,
/// `forwardRef(function X() {})`.
fn inner_function(e: &Expression) -> Option<oxc_span::Span> {
    match e.get_inner_expression() {
        Expression::ArrowFunctionExpression(a) => Some(a.span),
        Expression::FunctionExpression(f) => Some(f.span),
        Expression::CallExpression(c) if is_wrapper_call(c) => c.arguments.first().and_then(|a| a.as_expression()).and_then(inner_function),
        _ => None,
    }
}

fn is_wrapper_call(c: &CallExpression) -> bool {
    let callee = c.callee.get_inner_expression();
    let name = match callee {
        Expression::Identifier(id) => Some(id.name.as_str()),
        _ => callee.as_member_expression().and_then(|m| m.static_property_name()),
    };
    matches!(name, Some("memo" | "forwardRef" | "observer"))
}

/// `memo(Foo)` → `Foo`.
fn wrapped_identifier<'a>(e: &Expression<'a>) -> Option<&'a str> {
    match e.get_inner_expression() {
        Expression::CallExpression(c) if is_wrapper_call(c) => match c.arguments.first().and_then(|a| a.as_expression()) {
            Some(Expression::Identifier(id)) => Some(id.name.as_str()),
            _ => None,
        },
        _ => None,
    }
}

/// Identifiers and one-level `a.b` paths an expression reads (nested functions included).
pub fn names_in(e: &Expression) -> Vec<String> {
    let mut n = Names::default();
    n.visit_expression(e);
    n.out
}

#[derive(Default)]
struct Names {
    out: Vec<String>,
}

impl<'a> Visit<'a> for Names {
    fn visit_identifier_reference(&mut self, it: &IdentifierReference<'a>) {
        self.out.push(it.name.to_string());
    }

    fn visit_static_member_expression(&mut self, it: &StaticMemberExpression<'a>) {
        if let Expression::Identifier(id) = it.object.get_inner_expression() {
            self.out.push(format!("{}.{}", id.name, it.property.name));
        }
        walk::walk_static_member_expression(self, it);
    }
}

/// An element's name as written: `AuthKitProvider`, `Foo.Bar`, `svg:path`.
pub fn jsx_name(name: &JSXElementName) -> String {
    match name {
        JSXElementName::Identifier(id) => id.name.to_string(),
        JSXElementName::IdentifierReference(id) => id.name.to_string(),
        JSXElementName::NamespacedName(n) => format!("{}:{}", n.namespace.name, n.name.name),
        JSXElementName::MemberExpression(m) => jsx_member(m),
        JSXElementName::ThisExpression(_) => "this".into(),
    }
}

fn jsx_member(m: &JSXMemberExpression) -> String {
    let object = match &m.object {
        JSXMemberExpressionObject::IdentifierReference(id) => id.name.to_string(),
        JSXMemberExpressionObject::MemberExpression(inner) => jsx_member(inner),
        JSXMemberExpressionObject::ThisExpression(_) => "this".into(),
    };
    format!("{object}.{}", m.property.name)
}

fn is_children(e: &Expression) -> bool {
    match e.get_inner_expression() {
        Expression::Identifier(id) => id.name == "children",
        Expression::StaticMemberExpression(m) => m.property.name == "children",
        _ => false,
    }
}

/// `window.location`, `location`, `document.location`.
fn is_location(e: &Expression) -> bool {
    match e.get_inner_expression() {
        Expression::Identifier(id) => id.name == "location",
        Expression::StaticMemberExpression(m) => {
            m.property.name == "location"
                && matches!(m.object.get_inner_expression(), Expression::Identifier(o) if o.name == "window" || o.name == "document")
        }
        _ => false,
    }
}

fn is_history(e: &Expression) -> bool {
    match e.get_inner_expression() {
        Expression::Identifier(id) => id.name == "history",
        Expression::StaticMemberExpression(m) => {
            m.property.name == "history" && matches!(m.object.get_inner_expression(), Expression::Identifier(o) if o.name == "window")
        }
        _ => false,
    }
}

fn is_pathname(e: &Expression) -> bool {
    match e.get_inner_expression() {
        Expression::Identifier(id) => id.name == "pathname",
        Expression::StaticMemberExpression(m) => m.property.name == "pathname",
        _ => false,
    }
}

fn exits(s: &Statement) -> bool {
    match s {
        Statement::ReturnStatement(_) | Statement::ThrowStatement(_) => true,
        Statement::BlockStatement(b) => b.body.last().is_some_and(exits),
        _ => false,
    }
}

fn string_value<'a>(e: &Expression<'a>) -> Option<&'a str> {
    match e.get_inner_expression() {
        Expression::StringLiteral(s) => Some(s.value.as_str()),
        Expression::TemplateLiteral(t) if t.expressions.is_empty() => t.quasis.first().map(|q| q.value.raw.as_str()),
        _ => None,
    }
}

impl<'a> Visit<'a> for Collector<'a, '_> {
    fn enter_node(&mut self, kind: AstKind<'a>) {
        match kind {
            AstKind::Function(f) => {
                let declaration = f.r#type == FunctionType::FunctionDeclaration;
                if declaration && let Some(id) = &f.id {
                    self.decls.push(Decl { name: id.name.as_str(), scope: self.scope(), value: DeclValue::Func(f) });
                }
                let top_level_named = if declaration && self.fns.is_empty() { f.id.as_ref().map(|i| i.name.to_string()) } else { None };
                let name = self.named.remove(&f.span.start).or(top_level_named);
                self.enter_fn(f.span, name);
            }
            AstKind::ArrowFunctionExpression(a) => {
                let name = self.named.remove(&a.span.start);
                self.enter_fn(a.span, name);
                if let Some(e) = a.get_expression()
                    && is_children(e)
                {
                    let parent = self.open.last().copied();
                    self.push_element(CHILDREN.into(), e.span(), parent, Vec::new(), false);
                }
            }
            AstKind::VariableDeclarator(d) => {
                let scope = self.scope();
                match &d.id {
                    BindingPattern::BindingIdentifier(id) => {
                        if let Some(init) = &d.init {
                            self.decls.push(Decl { name: id.name.as_str(), scope, value: DeclValue::Expr(init) });
                            if self.fns.is_empty() {
                                if let Some(f) = inner_function(init) {
                                    self.named.insert(f.start, id.name.to_string());
                                }
                                if let Some(s) = string_value(init) {
                                    self.facts.string_consts.push((id.name.to_string(), s.to_string()));
                                }
                            }
                        }
                    }
                    BindingPattern::ObjectPattern(o) => {
                        for p in &o.properties {
                            let Some(key) = p.key.static_name() else { continue };
                            let key: &'a str = match key {
                                std::borrow::Cow::Borrowed(k) => k,
                                std::borrow::Cow::Owned(_) => continue,
                            };
                            for b in p.value.get_binding_identifiers() {
                                self.decls.push(Decl { name: b.name.as_str(), scope, value: DeclValue::Destructured(key) });
                            }
                        }
                    }
                    BindingPattern::ArrayPattern(a) => {
                        for b in a.elements.iter().flatten().flat_map(|e| e.get_binding_identifiers()) {
                            self.decls.push(Decl { name: b.name.as_str(), scope, value: DeclValue::Destructured("[]") });
                        }
                    }
                    BindingPattern::AssignmentPattern(_) => {}
                }
            }
            _ => {}
        }
    }

    fn leave_node(&mut self, kind: AstKind<'a>) {
        if matches!(kind, AstKind::Function(_) | AstKind::ArrowFunctionExpression(_)) {
            self.leave_fn();
        }
    }

    fn visit_variable_declarator(&mut self, it: &VariableDeclarator<'a>) {
        if let Some(init) = &it.init {
            let mut e = init.get_inner_expression();
            if let Expression::AwaitExpression(a) = e {
                e = a.argument.get_inner_expression();
            }
            if let Expression::CallExpression(call) = e
                && let Expression::Identifier(callee) = call.callee.get_inner_expression()
                && HOOKS.contains(&callee.name.as_str())
            {
                let (bindings, whole) = match &it.id {
                    BindingPattern::ObjectPattern(o) => (
                        o.properties
                            .iter()
                            .filter_map(|p| {
                                let key = p.key.static_name()?.to_string();
                                let local = p.value.get_binding_identifiers().first()?.name.to_string();
                                Some((key, local))
                            })
                            .collect(),
                        None,
                    ),
                    BindingPattern::BindingIdentifier(id) => (Vec::new(), Some(id.name.to_string())),
                    _ => (Vec::new(), None),
                };
                let call = self.alloc(call.as_ref());
                self.record_hook(call, callee.name.as_str(), bindings, whole);
            }
        }
        walk::walk_variable_declarator(self, it);
    }

    fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
        let callee = it.callee.get_inner_expression();
        let arg = |i: usize| it.arguments.get(i).and_then(|a| a.as_expression());
        let before = self.facts.elements.len();
        let mut root_arg: Option<oxc_span::Span> = None;
        match callee {
            Expression::Identifier(id) => {
                let name = id.name.as_str();
                if HOOKS.contains(&name) {
                    self.record_hook(it, name, Vec::new(), None);
                }
                if matches!(name, "getSignInUrl" | "getSignUpUrl") {
                    let usage = if self.discarded.contains(&it.span.start) {
                        Usage::Discarded
                    } else if self.rendered_calls.contains(&it.span.start) {
                        Usage::Rendered
                    } else {
                        Usage::Used
                    };
                    self.sign_in_url_call(name, None, it.span, usage);
                }
                if name == "navigate" || self.nav_bindings.contains(name) {
                    self.navigation(format!("{name}()"), it.span);
                }
                if name == "hydrateRoot" {
                    root_arg = arg(1).map(|a| a.span());
                }
                if matches!(name, "useEffect" | "useLayoutEffect")
                    && let Some(f) = arg(0).and_then(inner_function)
                {
                    self.effect_fns.insert(f.start);
                }
                if matches!(name, "createRootRoute" | "createRootRouteWithContext")
                    && let Some(Expression::ObjectExpression(o)) = arg(0).map(|a| a.get_inner_expression())
                {
                    for p in o.properties.iter().filter_map(|p| p.as_property()) {
                        if let Some(key) = p.key.static_name()
                            && matches!(key.as_ref(), "component" | "shellComponent")
                        {
                            self.wrapper(&format!("root:{key}"), &p.value);
                        }
                    }
                }
            }
            Expression::CallExpression(inner) => {
                // `createFileRoute("/callback")({ component })`, `createRootRouteWithContext<T>()({ … })`.
                if let Expression::Identifier(id) = inner.callee.get_inner_expression() {
                    match id.name.as_str() {
                        "createFileRoute" => {
                            if let (Some(path), Some(options)) =
                                (inner.arguments.first().and_then(|a| a.as_expression()).and_then(string_value), arg(0))
                            {
                                self.route_options(path, it.span, options);
                            }
                        }
                        "createRootRouteWithContext" => {
                            if let Some(Expression::ObjectExpression(o)) = arg(0).map(|a| a.get_inner_expression()) {
                                for p in o.properties.iter().filter_map(|p| p.as_property()) {
                                    if let Some(key) = p.key.static_name()
                                        && matches!(key.as_ref(), "component" | "shellComponent")
                                    {
                                        self.wrapper(&format!("root:{key}"), &p.value);
                                    }
                                }
                            }
                        }
                        _ => {}
                    }
                }
            }
            _ => {
                if let Some(member) = callee.as_member_expression() {
                    let object = member.object().get_inner_expression();
                    let object_name = match object {
                        Expression::Identifier(o) => Some(o.name.to_string()),
                        _ => None,
                    };
                    match member.static_property_name() {
                        Some("useEffect" | "useLayoutEffect") => {
                            if let Some(f) = arg(0).and_then(inner_function) {
                                self.effect_fns.insert(f.start);
                            }
                        }
                        Some("setAuth") => {
                            if let Some(a) = arg(0) {
                                let expr = self.alloc(a);
                                let scopes = self.fns.iter().map(|(s, _)| *s).collect();
                                self.candidates.push(Candidate { kind: FetcherKind::SetAuth, expr, unit: self.unit(), scopes });
                            }
                        }
                        Some(p @ ("getSignInUrl" | "getSignUpUrl")) => {
                            let usage = if self.discarded.contains(&it.span.start) {
                                Usage::Discarded
                            } else if self.rendered_calls.contains(&it.span.start) {
                                Usage::Rendered
                            } else {
                                Usage::Used
                            };
                            self.sign_in_url_call(p, object_name.clone(), it.span, usage);
                        }
                        Some("render") => {
                            if matches!(
                                arg(0).map(|a| a.get_inner_expression()),
                                Some(Expression::JSXElement(_) | Expression::JSXFragment(_))
                            ) {
                                root_arg = arg(0).map(|a| a.span());
                            }
                        }
                        Some(p @ ("replace" | "assign")) if is_location(object) => {
                            let what = format!("{}.{p}()", self.slice(object.span()));
                            self.navigation(what, it.span);
                        }
                        Some(p @ ("replaceState" | "pushState")) if is_history(object) => {
                            let what = format!("{}.{p}()", self.slice(object.span()));
                            self.navigation(what, it.span);
                        }
                        Some(p @ ("navigate" | "push" | "replace"))
                            if object_name.as_ref().is_some_and(|o| self.nav_bindings.contains(o) || o == "router") =>
                        {
                            let what = format!("{}.{p}()", object_name.clone().unwrap_or_default());
                            self.navigation(what, it.span);
                        }
                        Some("get") if arg(0).and_then(string_value) == Some("code") => {
                            self.facts.markers.push((self.unit(), Marker::CodeParam));
                        }
                        Some("startsWith" | "endsWith" | "includes") if is_pathname(object) => {
                            if let Some(a) = arg(0) {
                                self.path_marker(a);
                            }
                        }
                        _ => {}
                    }
                }
            }
        }
        walk::walk_call_expression(self, it);
        if let Some(span) = root_arg {
            let elements = &self.facts.elements;
            let roots: Vec<usize> = (before..elements.len())
                .filter(|&i| {
                    let e = &elements[i];
                    e.span.start >= span.start as usize && e.span.end <= span.end as usize && e.parent.is_none_or(|p| p < before)
                })
                .collect();
            self.facts.render_roots.extend(roots);
        }
    }

    fn visit_expression_statement(&mut self, it: &ExpressionStatement<'a>) {
        let mut e = it.expression.get_inner_expression();
        loop {
            e = match e {
                Expression::AwaitExpression(a) => a.argument.get_inner_expression(),
                Expression::UnaryExpression(u) if u.operator == UnaryOperator::Void => u.argument.get_inner_expression(),
                _ => break,
            };
        }
        if let Expression::CallExpression(c) = e {
            self.discarded.insert(c.span.start);
        }
        walk::walk_expression_statement(self, it);
    }

    fn visit_jsx_attribute(&mut self, it: &JSXAttribute<'a>) {
        let name = match &it.name {
            JSXAttributeName::Identifier(id) => id.name.to_string(),
            JSXAttributeName::NamespacedName(n) => format!("{}:{}", n.namespace.name, n.name.name),
        };
        if let Some(JSXAttributeValue::ExpressionContainer(c)) = &it.value
            && let Some(e) = c.expression.as_expression()
        {
            let e = e.get_inner_expression();
            if name.starts_with("on") {
                match e {
                    Expression::Identifier(id) if matches!(id.name.as_str(), "getSignInUrl" | "getSignUpUrl") => {
                        self.sign_in_url_call(id.name.as_str(), None, id.span, Usage::Discarded);
                    }
                    Expression::ArrowFunctionExpression(a) => {
                        if let Some(Expression::CallExpression(call)) = a.get_expression().map(|b| b.get_inner_expression()) {
                            self.discarded.insert(call.span.start);
                        }
                    }
                    _ => {}
                }
            } else if let Expression::CallExpression(call) = e {
                self.rendered_calls.insert(call.span.start);
            }
        }
        walk::walk_jsx_attribute(self, it);
    }

    fn visit_jsx_element(&mut self, it: &JSXElement<'a>) {
        let opening = &it.opening_element;
        let name = jsx_name(&opening.name);
        let mut attrs = Vec::new();
        let mut spread = false;
        let mut element_attrs: Vec<(usize, u32)> = Vec::new();
        for item in &opening.attributes {
            match item {
                JSXAttributeItem::SpreadAttribute(_) => spread = true,
                JSXAttributeItem::Attribute(a) => {
                    let attr_name = match &a.name {
                        JSXAttributeName::Identifier(id) => id.name.to_string(),
                        JSXAttributeName::NamespacedName(n) => format!("{}:{}", n.namespace.name, n.name.name),
                    };
                    let value = match &a.value {
                        None => AttrValue::Flag,
                        Some(JSXAttributeValue::StringLiteral(s)) => AttrValue::Str(s.value.to_string()),
                        Some(JSXAttributeValue::ExpressionContainer(c)) => {
                            match c.expression.as_expression().map(|e| e.get_inner_expression()) {
                                Some(Expression::BooleanLiteral(b)) => AttrValue::Bool(b.value),
                                Some(Expression::Identifier(id)) => AttrValue::Ident(id.name.to_string()),
                                Some(e) => match string_value(e) {
                                    Some(s) => AttrValue::Str(s.to_string()),
                                    None => {
                                        if let Expression::JSXElement(el) = e {
                                            element_attrs.push((attrs.len(), el.opening_element.span.start));
                                        }
                                        AttrValue::Expr
                                    }
                                },
                                None => AttrValue::Expr,
                            }
                        }
                        Some(JSXAttributeValue::Element(el)) => {
                            element_attrs.push((attrs.len(), el.opening_element.span.start));
                            AttrValue::Expr
                        }
                        Some(JSXAttributeValue::Fragment(_)) => AttrValue::Expr,
                    };
                    attrs.push(Attr { name: attr_name, span: sp(a.span), value });
                }
            }
        }
        let parent = self.open.last().copied();
        let idx = self.push_element(name.clone(), opening.span, parent, attrs, spread);
        if name == "Navigate" {
            self.navigation("<Navigate>".into(), opening.span);
        }
        self.open.push(idx);
        walk::walk_jsx_element(self, it);
        self.open.pop();
        for (attr, start) in element_attrs {
            // Nested elements are recorded after this one.
            if let Some(i) = self.facts.elements.iter().skip(idx + 1).position(|e| e.span.start == start as usize).map(|i| i + idx + 1) {
                self.facts.elements[idx].attrs[attr].value = AttrValue::Element(i);
            }
        }
        if name == "Route" {
            let el = &self.facts.elements[idx];
            let path = match el.attr("path").map(|a| &a.value) {
                Some(AttrValue::Str(p)) => Some(p.clone()),
                _ => None,
            };
            let target = el.attrs.iter().find_map(|a| match (&a.name[..], &a.value) {
                ("element", AttrValue::Element(i)) => Some(RouteTarget::Element(*i)),
                ("Component" | "component", AttrValue::Ident(n)) => Some(RouteTarget::Name(n.clone())),
                _ => None,
            });
            if let (Some(path), Some(target)) = (path, target) {
                self.facts.routes.push(RouteDecl { path, span: sp(opening.span), target });
            }
        }
    }

    fn visit_jsx_child(&mut self, it: &JSXChild<'a>) {
        if let JSXChild::ExpressionContainer(c) = it
            && let Some(e) = c.expression.as_expression()
            && is_children(e)
        {
            let parent = self.open.last().copied();
            self.push_element(CHILDREN.into(), c.span, parent, Vec::new(), false);
        }
        walk::walk_jsx_child(self, it);
    }

    fn visit_return_statement(&mut self, it: &ReturnStatement<'a>) {
        if let Some(arg) = &it.argument
            && is_children(arg)
        {
            let parent = self.open.last().copied();
            self.push_element(CHILDREN.into(), arg.span(), parent, Vec::new(), false);
        }
        walk::walk_return_statement(self, it);
    }

    fn visit_object_property(&mut self, it: &ObjectProperty<'a>) {
        if let Some(key) = it.key.static_name() {
            match key.as_ref() {
                "fetchAccessToken" => {
                    let expr = self.alloc(&it.value);
                    let scopes = self.fns.iter().map(|(s, _)| *s).collect();
                    self.candidates.push(Candidate { kind: FetcherKind::Adapter, expr, unit: self.unit(), scopes });
                }
                "Wrap" | "InnerWrap" => self.wrapper(&key, &it.value),
                _ => {}
            }
        }
        walk::walk_object_property(self, it);
    }

    fn visit_object_expression(&mut self, it: &ObjectExpression<'a>) {
        let props: Vec<&ObjectProperty<'a>> = it.properties.iter().filter_map(|p| p.as_property()).collect();
        let path = props.iter().find(|p| p.key.static_name().as_deref() == Some("path")).and_then(|p| string_value(&p.value));
        if let Some(path) = path {
            for p in &props {
                if let Some(key) = p.key.static_name()
                    && matches!(key.as_ref(), "element" | "component" | "Component")
                {
                    self.route_to(path, it.span, &p.value);
                }
            }
        }
        walk::walk_object_expression(self, it);
    }

    fn visit_assignment_expression(&mut self, it: &AssignmentExpression<'a>) {
        if let Some(m) = it.left.as_member_expression() {
            let object = m.object().get_inner_expression();
            let is_nav = match m.static_property_name() {
                Some("href") => is_location(object),
                Some("location") => matches!(object, Expression::Identifier(o) if o.name == "window" || o.name == "document"),
                _ => false,
            };
            if is_nav {
                let what = format!("{} = …", self.slice(m.span()));
                self.navigation(what, it.span);
            }
        }
        walk::walk_assignment_expression(self, it);
    }

    fn visit_binary_expression(&mut self, it: &BinaryExpression<'a>) {
        if it.operator.is_equality() {
            if is_pathname(&it.left) {
                self.path_marker(&it.right);
            } else if is_pathname(&it.right) {
                self.path_marker(&it.left);
            }
        }
        walk::walk_binary_expression(self, it);
    }

    // A URL being built carries its query (`…/authorize?client_id=…`) or interpolates into it;
    // the bare path is how code *recognises* such URLs (`url.endsWith(…)`) or proxies them.
    fn visit_string_literal(&mut self, it: &StringLiteral<'a>) {
        if it.value.contains("user_management/authorize?") {
            self.facts.authorize_urls.push(sp(it.span));
        }
    }

    fn visit_template_literal(&mut self, it: &TemplateLiteral<'a>) {
        let builds = it.quasis.iter().any(|q| q.value.raw.contains("user_management/authorize?"))
            || (!it.expressions.is_empty() && it.quasis.iter().any(|q| q.value.raw.contains("user_management/authorize")));
        if builds {
            self.facts.authorize_urls.push(sp(it.span));
        }
        walk::walk_template_literal(self, it);
    }

    fn visit_if_statement(&mut self, it: &IfStatement<'a>) {
        self.visit_expression(&it.test);
        self.conds.push(names_in(&it.test));
        self.visit_statement(&it.consequent);
        if let Some(alt) = &it.alternate {
            self.visit_statement(alt);
        }
        self.conds.pop();
    }

    fn visit_conditional_expression(&mut self, it: &ConditionalExpression<'a>) {
        self.visit_expression(&it.test);
        self.conds.push(names_in(&it.test));
        self.visit_expression(&it.consequent);
        self.visit_expression(&it.alternate);
        self.conds.pop();
    }

    fn visit_logical_expression(&mut self, it: &LogicalExpression<'a>) {
        self.visit_expression(&it.left);
        self.conds.push(names_in(&it.left));
        self.visit_expression(&it.right);
        self.conds.pop();
    }

    fn visit_statements(&mut self, it: &oxc_allocator::Vec<'a, Statement<'a>>) {
        let depth = self.conds.len();
        for s in it {
            self.visit_statement(s);
            // `if (cond) return …;`: everything after it runs only when `cond` is false.
            if let Statement::IfStatement(i) = s
                && i.alternate.is_none()
                && exits(&i.consequent)
            {
                self.conds.push(names_in(&i.test));
            }
        }
        self.conds.truncate(depth);
    }
}

impl<'a> Collector<'a, '_> {
    fn path_marker(&mut self, e: &Expression<'a>) {
        let marker = match e.get_inner_expression() {
            Expression::Identifier(id) => Marker::PathConst(id.name.to_string()),
            other => match string_value(other) {
                Some(s) => Marker::Path(s.to_string()),
                None => return,
            },
        };
        self.facts.markers.push((self.unit(), marker));
    }
}

// ---------------------------------------------------------------------------------------------
// Across files: module resolution and the element tree of an app
// ---------------------------------------------------------------------------------------------

/// Workspace packages (indices into [`Project::packages`]) an app depends on, directly or
/// through other workspace packages: their code is part of the app (`packages/ui` holding the
/// provider component). The root package and packages inside the app's dir are not included.
pub fn workspace_packages(project: &Project, app: &App) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::new();
    let mut queue = vec![app.package];
    while let Some(p) = queue.pop() {
        for dep in project.packages[p].deps.keys() {
            let found = project.packages.iter().position(|q| q.name.as_deref() == Some(dep.as_str()));
            if let Some(q) = found
                && q != app.package
                && !out.contains(&q)
                && !project.packages[q].dir.is_empty()
                && !is_under(&project.packages[q].dir, &app.dir)
            {
                out.push(q);
                queue.push(q);
            }
        }
    }
    out.sort();
    out
}

/// What an import's source names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A package from the registry (`convex/react`, `@workos-inc/authkit-nextjs/components`).
    Package,
    /// A project source file (relative path, alias or workspace package), parsed or not.
    File(String),
    /// Looked like a project path but matched no file.
    Unresolved,
}

/// `compilerOptions.paths` of one tsconfig, made relative to the project root.
#[derive(Debug, Clone, Default)]
struct TsPaths {
    /// `(pattern, targets)`; targets already joined with `baseUrl`.
    paths: Vec<(String, Vec<String>)>,
    /// `baseUrl`, when set: bare specifiers may name files under it.
    base: Option<String>,
}

const SOURCE_EXTS: &[&str] = &[".tsx", ".ts", ".jsx", ".js", ".mjs", ".mts", ".cjs", ".cts"];

struct Resolver<'p> {
    project: &'p Project,
    tsconfigs: HashMap<String, TsPaths>,
    entries: HashMap<(usize, String), Option<String>>,
    /// Importing file's dir → specifier → target: files of one folder share their answers,
    /// and the module-graph walk and the element tree ask the same questions.
    resolved: HashMap<String, HashMap<String, Target>>,
}

fn parent_of(path: &str) -> &str {
    path.rfind('/').map(|i| &path[..i]).unwrap_or("")
}

/// Joins and normalises `.`/`..` segments of `/`-separated relative paths.
pub fn normalize_join(base: &str, rel: &str) -> String {
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

impl<'p> Resolver<'p> {
    fn new(project: &'p Project) -> Self {
        Resolver { project, tsconfigs: HashMap::new(), entries: HashMap::new(), resolved: HashMap::new() }
    }

    fn is_source(&self, path: &str) -> bool {
        self.project.has_source_file(path)
    }

    /// `path`, `path.tsx`, …, `path/index.tsx`, … (and `x.js` written for `x.ts`).
    fn file_at(&self, path: &str) -> Option<String> {
        if self.is_source(path) {
            return Some(path.to_string());
        }
        for ext in SOURCE_EXTS {
            let p = format!("{path}{ext}");
            if self.is_source(&p) {
                return Some(p);
            }
        }
        for ext in SOURCE_EXTS {
            let p = format!("{path}/index{ext}");
            if self.is_source(&p) {
                return Some(p);
            }
        }
        for (js, ts) in [(".js", ".ts"), (".js", ".tsx"), (".jsx", ".tsx"), (".mjs", ".mts")] {
            if let Some(stem) = path.strip_suffix(js) {
                let p = format!("{stem}{ts}");
                if self.is_source(&p) {
                    return Some(p);
                }
            }
        }
        None
    }

    /// The package dir owning a file (the longest package dir that contains it).
    fn package_of(&self, file: &str) -> Option<usize> {
        self.project.packages.iter().enumerate().filter(|(_, p)| is_under(file, &p.dir)).max_by_key(|(_, p)| p.dir.len()).map(|(i, _)| i)
    }

    fn tsconfig(&mut self, dir: &str, files: &mut Files) -> &TsPaths {
        if !self.tsconfigs.contains_key(dir) {
            let paths = load_tsconfig_paths(dir, files);
            self.tsconfigs.insert(dir.to_string(), paths);
        }
        &self.tsconfigs[dir]
    }

    fn resolve(&mut self, from: &str, source: &str, files: &mut Files) -> Target {
        let dir = parent_of(from);
        if let Some(hit) = self.resolved.get(dir).and_then(|by_source| by_source.get(source)) {
            return hit.clone();
        }
        let target = self.resolve_uncached(from, source, files);
        self.resolved.entry(dir.to_string()).or_default().insert(source.to_string(), target.clone());
        target
    }

    fn resolve_uncached(&mut self, from: &str, source: &str, files: &mut Files) -> Target {
        if source.starts_with("./") || source.starts_with("../") || source == "." || source == ".." {
            let joined = normalize_join(parent_of(from), source);
            return self.file_at(&joined).map(Target::File).unwrap_or(Target::Unresolved);
        }
        let pkg = self.package_of(from);
        let dir = pkg.map(|p| self.project.packages[p].dir.clone()).unwrap_or_default();
        let ts = self.tsconfig(&dir, files).clone();
        for (pattern, targets) in &ts.paths {
            let captured = match pattern.split_once('*') {
                Some((pre, post)) => source.strip_prefix(pre).and_then(|r| r.strip_suffix(post)),
                None => (source == pattern).then_some(""),
            };
            let Some(captured) = captured else { continue };
            for t in targets {
                let candidate = t.replacen('*', captured, 1);
                if let Some(f) = self.file_at(&candidate) {
                    return Target::File(f);
                }
            }
            // A catch-all `"*"` alias also covers registry packages.
            if pattern != "*" {
                return Target::Unresolved;
            }
        }
        if let Some(base) = &ts.base
            && let Some(f) = self.file_at(&normalize_join(base, source))
        {
            return Target::File(f);
        }
        let base = base_package(source);
        if let Some(p) = self.project.packages.iter().position(|p| p.name.as_deref() == Some(base) && !p.dir.is_empty()) {
            let sub = source[base.len()..].trim_start_matches('/').to_string();
            return self.package_entry(p, &sub, files).map(Target::File).unwrap_or(Target::Unresolved);
        }
        Target::Package
    }

    /// The file a workspace package exposes at `sub` (`""` for the package itself): `exports`,
    /// then `main`/`module`/`types`, then `src/index`/`index`; `dist/x.js` is mapped back to
    /// `src/x.ts` (internal packages are often consumed from source).
    fn package_entry(&mut self, pkg: usize, sub: &str, files: &mut Files) -> Option<String> {
        let key = (pkg, sub.to_string());
        if let Some(hit) = self.entries.get(&key) {
            return hit.clone();
        }
        let p: &PackageJson = &self.project.packages[pkg];
        let json: serde_json::Value = files.load(&p.path).and_then(|f| serde_json::from_str(&f.text).ok()).unwrap_or_default();
        let mut candidates: Vec<String> = Vec::new();
        let export_key = if sub.is_empty() { ".".to_string() } else { format!("./{sub}") };
        if let Some(exports) = json.get("exports") {
            let entry = match exports {
                serde_json::Value::String(s) if sub.is_empty() => Some(serde_json::Value::String(s.clone())),
                serde_json::Value::Object(map) => map.get(&export_key).cloned().or_else(|| {
                    // `"./*": "./src/*.tsx"`
                    map.iter().find_map(|(k, v)| {
                        let (pre, post) = k.split_once('*')?;
                        let captured = export_key.strip_prefix(pre)?.strip_suffix(post)?;
                        Some(replace_star(v, captured))
                    })
                }),
                _ => None,
            };
            if let Some(entry) = entry {
                candidates.extend(condition_targets(&entry));
            }
            if sub.is_empty()
                && let serde_json::Value::Object(map) = exports
                && !map.keys().any(|k| k.starts_with('.'))
            {
                candidates.extend(condition_targets(exports));
            }
        }
        if sub.is_empty() {
            for field in ["source", "module", "main", "types", "typings"] {
                if let Some(s) = json.get(field).and_then(|v| v.as_str()) {
                    candidates.push(s.to_string());
                }
            }
            candidates.extend(["src/index".to_string(), "index".to_string()]);
        } else {
            candidates.extend([sub.to_string(), format!("src/{sub}")]);
        }
        let dir = p.dir.clone();
        let mut found = None;
        for c in candidates {
            let rel = normalize_join(&dir, &c);
            if let Some(f) = self.file_at(&rel) {
                found = Some(f);
                break;
            }
            // Built output → its source.
            let src = rel.replacen("/dist/", "/src/", 1).replacen("/build/", "/src/", 1);
            let src = src
                .strip_suffix(".d.ts")
                .or_else(|| src.strip_suffix(".js"))
                .or_else(|| src.strip_suffix(".mjs"))
                .unwrap_or(&src)
                .to_string();
            if let Some(f) = self.file_at(&src) {
                found = Some(f);
                break;
            }
        }
        self.entries.insert(key, found.clone());
        found
    }
}

fn replace_star(v: &serde_json::Value, captured: &str) -> serde_json::Value {
    match v {
        serde_json::Value::String(s) => serde_json::Value::String(s.replacen('*', captured, 1)),
        serde_json::Value::Object(m) => serde_json::Value::Object(m.iter().map(|(k, v)| (k.clone(), replace_star(v, captured))).collect()),
        other => other.clone(),
    }
}

/// The paths an `exports` entry points at, source-like conditions first.
fn condition_targets(v: &serde_json::Value) -> Vec<String> {
    match v {
        serde_json::Value::String(s) => vec![s.clone()],
        serde_json::Value::Object(m) => {
            let mut out = Vec::new();
            for key in ["source", "development", "import", "default", "types", "require", "node", "browser"] {
                if let Some(inner) = m.get(key) {
                    out.extend(condition_targets(inner));
                }
            }
            out
        }
        serde_json::Value::Array(a) => a.iter().flat_map(condition_targets).collect(),
        _ => Vec::new(),
    }
}

/// `compilerOptions.paths` of `<dir>/tsconfig.json`, following one `extends` (a relative path)
/// for what the file itself does not set. Targets are relative to the project root.
fn load_tsconfig_paths(dir: &str, files: &mut Files) -> TsPaths {
    let path = join_rel(dir, "tsconfig.json");
    let Some(config) = read_jsonc(&path, files) else { return TsPaths::default() };
    let mut options = config.get("compilerOptions").cloned().unwrap_or_default();
    let mut options_dir = dir.to_string();
    if options.get("paths").is_none()
        && let Some(ext) = config.get("extends").and_then(|e| e.as_str())
        && ext.starts_with('.')
    {
        let mut ext_path = normalize_join(dir, ext);
        if !ext_path.ends_with(".json") {
            ext_path.push_str(".json");
        }
        if let Some(parent) = read_jsonc(&ext_path, files)
            && let Some(parent_options) = parent.get("compilerOptions")
            && parent_options.get("paths").is_some()
        {
            options = parent_options.clone();
            options_dir = parent_of(&ext_path).to_string();
        }
    }
    let base_url = options.get("baseUrl").and_then(|b| b.as_str()).map(|b| normalize_join(&options_dir, b));
    let base = base_url.clone().unwrap_or(options_dir);
    let mut out = TsPaths { paths: Vec::new(), base: base_url };
    if let Some(map) = options.get("paths").and_then(|p| p.as_object()) {
        for (pattern, targets) in map {
            let targets = targets
                .as_array()
                .map(|a| a.iter().filter_map(|t| t.as_str()).map(|t| normalize_join(&base, t)).collect())
                .unwrap_or_default();
            out.paths.push((pattern.clone(), targets));
        }
    }
    out
}

fn read_jsonc(path: &str, files: &mut Files) -> Option<serde_json::Value> {
    let file = files.load(path)?;
    jsonc_parser::parse_to_serde_value(&file.text, &Default::default()).ok().flatten()
}

/// What a JSX element or a name stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ident {
    /// An export of a registry package: (import source, exported name).
    Package { source: String, name: String },
    /// A unit (component) of a parsed project file: (file id, unit).
    Unit { file: usize, unit: usize },
    /// A DOM element, a local that is not a unit, `Ctx.Provider`: renders its children.
    Intrinsic(String),
    /// A project component that could not be looked into (file not parsed, export not found).
    Opaque(String),
}

impl Ident {
    pub fn is_package_export(&self, packages: &[&str], names: &[&str]) -> bool {
        matches!(self, Ident::Package { source, name } if packages.contains(&base_package(source)) && names.contains(&name.as_str()))
    }

    /// `AuthKitProvider` from any AuthKit client package.
    pub fn is_authkit_provider(&self) -> bool {
        self.is_package_export(PROVIDER_PACKAGES, &["AuthKitProvider"])
    }

    /// A Convex provider that fetches tokens: `ConvexProviderWithAuth` (convex/react) or
    /// `ConvexProviderWithAuthKit` (@convex-dev/workos).
    pub fn is_convex_auth_provider(&self) -> bool {
        matches!(self, Ident::Package { source, name }
            if (source == CONVEX_REACT && name == "ConvexProviderWithAuth") || (base_package(source) == CONVEX_DEV_WORKOS && name == "ConvexProviderWithAuthKit"))
    }
}

/// What a local name of a file is bound to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Binding {
    Package {
        source: String,
        imported: String,
    },
    /// Imported from a project file (resolved path).
    File {
        path: String,
        imported: String,
    },
    /// Imported from a project path that matched no file.
    Unresolved,
    Unit(usize),
    None,
}

/// One component or package element reached from a root, with the components and package
/// elements around it (outermost first; DOM elements are left out).
#[derive(Debug, Clone)]
pub struct Rendered {
    pub file: usize,
    pub element: usize,
    pub ancestors: Vec<Ident>,
}

/// A file the app is deployed with (`netlify.toml`, `vercel.json`, `_redirects`).
#[derive(Debug, Clone)]
pub struct DeployConfig {
    pub path: String,
}

/// An app's React wiring, joined across its files (and the workspace packages it uses).
#[derive(Debug, Default)]
pub struct AppReact {
    /// Parsed files of workspace packages the app depends on, outside the app's dir (file ids
    /// continue after the app's own `code.files`).
    pub workspace_files: Vec<CodeFileFacts>,
    /// Per file id, per import: what the source resolves to.
    pub import_targets: Vec<Vec<Target>>,
    /// Per file id, per re-export.
    pub reexport_targets: Vec<Vec<Target>>,
    /// Per file id: the owning package (index into [`Project::packages`]).
    pub file_packages: Vec<Option<usize>>,
    /// Per file id: an app file, or a workspace file the app's files import (directly or
    /// through other files). Workspace files the app does not use are only there to resolve.
    pub used: Vec<bool>,
    /// Every element reached from the app's roots.
    pub rendered: Vec<Rendered>,
    /// Where the tree walk started (file id, what: `app/layout.tsx default export`, …).
    pub roots: Vec<(usize, String)>,
    /// Providers around the app's routed content (`{children}` of the root layout, the router
    /// outlet inside TanStack's wrappers).
    pub page_slots: Vec<Vec<Ident>>,
    /// False when the walk met project components it could not look into.
    pub complete: bool,
    pub deploy_configs: Vec<DeployConfig>,
    /// Parsed files of the app's dir that no entry reaches (left out of the app's code facts).
    pub unreachable: Vec<String>,
    /// Whether the app's entry files were found: otherwise every file counts as the app's.
    pub entries_known: bool,
}

impl AppReact {
    /// Joins an app's files. `candidates` are the parsed files inside the app's dir; those the
    /// app's entries ([`super::entries`]) never reach through imports are dropped here, so a
    /// backup folder, an unused old adapter or a test is neither evidence nor a place to report.
    /// Returns the app's code facts (reachable files only) with the joined wiring.
    pub fn build(
        project: &Project,
        app: &App,
        candidates: Vec<&CodeFileFacts>,
        index: &CodeIndex,
        files: &mut Files,
    ) -> (CodeFacts, AppReact) {
        let packages = workspace_packages(project, app);
        let mut resolver = Resolver::new(project);
        let reachable = super::entries::app_entries(project, app, files).and_then(|entries| reach(&entries, index, &mut resolver, files));
        // Tests and stories never run in the app, reachable or not.
        let counts = |path: &str| !is_test_or_story(path) && reachable.as_ref().is_none_or(|r| r.contains(path));
        let unreachable: Vec<String> = candidates.iter().filter(|f| !counts(&f.path)).map(|f| f.path.clone()).collect();
        let code = CodeFacts::merge(candidates.into_iter().filter(|f| counts(&f.path)));
        let workspace_files: Vec<CodeFileFacts> = index
            .files
            .iter()
            .filter(|f| {
                packages.iter().any(|&p| is_under(&f.path, &project.packages[p].dir))
                    && !is_under(&f.path, &app.dir)
                    && !project.convex_dirs.iter().any(|c| is_under(&f.path, &c.dir))
            })
            .cloned()
            .collect();
        let all: Vec<&CodeFileFacts> = code.files.iter().chain(workspace_files.iter()).collect();
        let mut import_targets = Vec::with_capacity(all.len());
        let mut reexport_targets = Vec::with_capacity(all.len());
        let mut file_packages = Vec::with_capacity(all.len());
        for f in &all {
            import_targets.push(f.react.imports.iter().map(|i| resolver.resolve(&f.path, &i.source, files)).collect::<Vec<_>>());
            reexport_targets.push(f.react.reexports.iter().map(|r| resolver.resolve(&f.path, &r.source, files)).collect::<Vec<_>>());
            file_packages.push(resolver.package_of(&f.path));
        }
        let own = code.files.len();
        let mut used: Vec<bool> = (0..all.len()).map(|i| i < own).collect();
        match &reachable {
            // Workspace files the entries reach are the app's; the rest only help resolve.
            Some(reached) => {
                for (i, f) in all.iter().enumerate().skip(own) {
                    used[i] = reached.contains(&f.path);
                }
            }
            None => {
                let by_path: HashMap<&str, usize> = all.iter().enumerate().map(|(i, f)| (f.path.as_str(), i)).collect();
                let mut queue: Vec<usize> = (0..own).collect();
                while let Some(f) = queue.pop() {
                    for t in import_targets[f].iter().chain(&reexport_targets[f]) {
                        if let Target::File(path) = t
                            && let Some(&g) = by_path.get(path.as_str())
                            && !used[g]
                        {
                            used[g] = true;
                            queue.push(g);
                        }
                    }
                }
            }
        }
        let graph = Graph::new(all, &import_targets, &reexport_targets);
        let mut walker = Walker { graph: &graph, out: Vec::new(), complete: true, budget: 200_000, slots: Vec::new() };
        let roots = walker.walk_from_roots(app);
        let (rendered, complete, page_slots) = (walker.out, walker.complete, walker.slots);
        drop(graph);
        let react = AppReact {
            workspace_files,
            import_targets,
            reexport_targets,
            file_packages,
            used,
            rendered,
            roots,
            page_slots,
            complete,
            deploy_configs: deploy_configs(project, app),
            unreachable,
            entries_known: reachable.is_some(),
        };
        (code, react)
    }
}

/// Every file the entries reach through imports and re-exports (module specifiers from
/// [`CodeIndex::module_imports`], resolved like the element tree's imports). `None` when a
/// reached file imports project code the resolver cannot find (an alias from a tsconfig it
/// could not read, say): the graph has a hole, so nothing may be called unreachable.
fn reach(entries: &[String], index: &CodeIndex, resolver: &mut Resolver, files: &mut Files) -> Option<HashSet<String>> {
    let mut seen: HashSet<String> = entries.iter().cloned().collect();
    let mut queue: Vec<String> = entries.to_vec();
    while let Some(file) = queue.pop() {
        let Some(sources) = index.module_imports.get(&file) else { continue };
        for source in sources {
            match resolver.resolve(&file, source, files) {
                Target::File(target) if seen.insert(target.clone()) => queue.push(target),
                Target::File(_) => {}
                _ if names_project_code(source) && !is_tooling(&file) => {
                    if std::env::var_os("AUTHKIT_DOCTOR_DEBUG_REACH").is_some() {
                        eprintln!("reach: {file} imports {source}, which does not resolve: every file counts");
                    }
                    return None;
                }
                _ => {}
            }
        }
    }
    Some(seen)
}

/// The files of a Convex functions dir that run on the deployment: the entry points the Convex
/// CLI bundles (see [`is_convex_entry_point`]) and every file they import. `None` when an
/// import of project code does not resolve (nothing may then be called dead).
pub fn convex_deployed_files(project: &Project, dir: &str, index: &CodeIndex, files: &mut Files) -> Option<HashSet<String>> {
    let entries: Vec<String> = project.sources_under(dir).filter(|p| is_convex_entry_point(&p[dir.len()..])).map(str::to_string).collect();
    reach(&entries, index, &mut Resolver::new(project), files)
}

/// Whether a file of a Convex functions dir (path relative to it) is one the Convex CLI bundles
/// as a module of its own: a JS/TS file, not under `_generated/`, not a dotfile or `#` editor
/// file, not the schema, with one dot in its name (`users.ts`, not `users.test.ts`) and no
/// space in its path (`myfunctions copy.ts` is skipped). Such files still run when an entry
/// point imports them.
pub fn is_convex_entry_point(rel: &str) -> bool {
    let rel = rel.trim_start_matches('/');
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let code = [".js", ".mjs", ".cjs", ".ts", ".tsx", ".mts", ".cts", ".jsx"].iter().any(|e| name.ends_with(e));
    code && !rel.split('/').any(|p| p == "_generated")
        && !name.starts_with('.')
        && !name.starts_with('#')
        && !matches!(name, "schema.ts" | "schema.js")
        && name.matches('.').count() == 1
        && !rel.contains(' ')
}

/// Test and story files (`*.test.tsx`, `__tests__/`, `*.stories.tsx`, `e2e/`): code that
/// exercises the app, never part of it.
pub fn is_test_or_story(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    [".test.", ".spec.", ".stories.", ".story."].iter().any(|m| name.contains(m))
        || path.split('/').any(|part| matches!(part, "__tests__" | "__mocks__" | "e2e" | "cypress" | "playwright" | "test" | "tests"))
}

/// Config, test and script files: what they fail to import leaves no hole in the app itself.
fn is_tooling(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    [".config.", ".test.", ".spec.", ".stories."].iter().any(|m| name.contains(m))
        || path.split('/').any(|part| matches!(part, "__tests__" | "scripts" | "e2e" | "test" | "tests"))
}

/// A specifier that can only mean a file of the project: relative, or an alias (`@/…`, `~/…`,
/// `#…`) — and a module, not an asset (`./styles.css`, `./logo.svg`).
fn names_project_code(source: &str) -> bool {
    // Vite's `?url`, `?raw`, `?inline` suffixes ask for an asset, not a module.
    let source = source.split('?').next().unwrap_or(source);
    // Convex's generated client (`convex/_generated/api`) is code, but not the app's.
    if source.contains("/_generated/") || source.ends_with("/_generated") {
        return false;
    }
    let project_like = source.starts_with('.') || source.starts_with("@/") || source.starts_with('~') || source.starts_with('#');
    let name = source.rsplit('/').next().unwrap_or(source);
    let module_like = match name.rsplit_once('.') {
        Some((_, ext)) => SOURCE_EXTS.iter().any(|e| e[1..] == *ext) || !ext.chars().all(|c| c.is_ascii_alphanumeric()) || ext.len() > 5,
        None => true,
    };
    project_like && module_like
}

fn deploy_configs(project: &Project, app: &App) -> Vec<DeployConfig> {
    let mut out = Vec::new();
    let mut dirs = vec![app.dir.as_str()];
    if !app.dir.is_empty() {
        dirs.push("");
    }
    for dir in dirs {
        for name in ["netlify.toml", "vercel.json", "_redirects", "public/_redirects"] {
            let path = join_rel(dir, name);
            if project.root.join(&path).is_file() {
                out.push(DeployConfig { path });
            }
        }
    }
    out
}

/// An app's parsed files (its own, then workspace ones) with their resolved imports: answers
/// "what is `<X>` in this file?" across files.
pub struct Graph<'a> {
    pub files: Vec<&'a CodeFileFacts>,
    import_targets: &'a [Vec<Target>],
    reexport_targets: &'a [Vec<Target>],
    by_path: HashMap<&'a str, usize>,
    children: Vec<Vec<Vec<usize>>>,
}

impl<'a> Graph<'a> {
    fn new(files: Vec<&'a CodeFileFacts>, import_targets: &'a [Vec<Target>], reexport_targets: &'a [Vec<Target>]) -> Self {
        let by_path = files.iter().enumerate().map(|(i, f)| (f.path.as_str(), i)).collect();
        let children = files
            .iter()
            .map(|f| {
                let mut c = vec![Vec::new(); f.react.elements.len()];
                for (i, e) in f.react.elements.iter().enumerate() {
                    if let Some(p) = e.parent {
                        c[p].push(i);
                    }
                }
                c
            })
            .collect();
        Graph { files, import_targets, reexport_targets, by_path, children }
    }

    pub fn file_id(&self, path: &str) -> Option<usize> {
        self.by_path.get(path).copied()
    }

    pub fn children(&self, file: usize, element: usize) -> &[usize] {
        &self.children[file][element]
    }

    /// What `local` is bound to in `file`.
    pub fn binding(&self, file: usize, local: &str) -> Binding {
        let r = &self.files[file].react;
        for (i, imp) in r.imports.iter().enumerate() {
            if let Some(n) = imp.names.iter().find(|n| n.local == local) {
                return match &self.import_targets[file][i] {
                    Target::Package => Binding::Package { source: imp.source.clone(), imported: n.imported.clone() },
                    Target::File(path) => Binding::File { path: path.clone(), imported: n.imported.clone() },
                    Target::Unresolved => Binding::Unresolved,
                };
            }
        }
        match r.unit_named(local) {
            Some(u) => Binding::Unit(u),
            None => Binding::None,
        }
    }

    /// The package export a local name comes from, if any: (source, exported name).
    pub fn package_binding(&self, file: usize, local: &str) -> Option<(String, String)> {
        match self.binding(file, local) {
            Binding::Package { source, imported } => Some((source, imported)),
            _ => None,
        }
    }

    /// The unit `name` exported by the project file `path`, following re-exports.
    pub fn export_unit(&self, path: &str, name: &str, depth: u8) -> Option<(usize, usize)> {
        if depth > 8 {
            return None;
        }
        let file = self.file_id(path)?;
        let r = &self.files[file].react;
        if let Some(ex) = r.exports.iter().find(|e| e.exported == name) {
            if let Some(u) = r.unit_named(&ex.local) {
                return Some((file, u));
            }
            return match self.binding(file, &ex.local) {
                Binding::File { path, imported } => self.export_unit(&path, &imported, depth + 1),
                _ => None,
            };
        }
        for (i, re) in r.reexports.iter().enumerate() {
            let Target::File(target) = &self.reexport_targets[file][i] else { continue };
            match &re.names {
                Some(names) => {
                    if let Some((_, imported)) = names.iter().find(|(exported, _)| exported == name) {
                        return self.export_unit(target, imported, depth + 1);
                    }
                }
                None if name != "default" => {
                    if let Some(hit) = self.export_unit(target, name, depth + 1) {
                        return Some(hit);
                    }
                }
                None => {}
            }
        }
        None
    }

    /// What a local name (used as a component or a function) stands for.
    pub fn ident_of_name(&self, file: usize, name: &str) -> Ident {
        if let Some((ns, prop)) = name.split_once('.') {
            return match self.binding(file, ns) {
                Binding::Package { source, imported } if imported == "*" => Ident::Package { source, name: prop.to_string() },
                _ => Ident::Intrinsic(name.to_string()),
            };
        }
        match self.binding(file, name) {
            Binding::Package { source, imported } => Ident::Package { source, name: imported },
            Binding::File { path, imported } => match self.export_unit(&path, &imported, 0) {
                Some((file, unit)) => Ident::Unit { file, unit },
                None => Ident::Opaque(path),
            },
            Binding::Unresolved => Ident::Opaque(name.to_string()),
            Binding::Unit(unit) => Ident::Unit { file, unit },
            Binding::None => Ident::Intrinsic(name.to_string()),
        }
    }

    pub fn ident(&self, file: usize, element: usize) -> Ident {
        let name = &self.files[file].react.elements[element].name;
        if name.starts_with('#') || name.starts_with(|c: char| c.is_ascii_lowercase()) && !name.contains('.') {
            return Ident::Intrinsic(name.clone());
        }
        self.ident_of_name(file, name)
    }
}

/// The context a component is expanded in: whose `{children}` it renders.
enum Ctx {
    Root,
    Usage { file: usize, element: usize, outer: Rc<Ctx> },
}

struct Walker<'g, 'a> {
    graph: &'g Graph<'a>,
    out: Vec<Rendered>,
    complete: bool,
    budget: usize,
    /// Ancestors at each `{children}` reached from a root context.
    slots: Vec<Vec<Ident>>,
}

impl Walker<'_, '_> {
    /// Starts from the app's roots: the Next root layout (or `pages/_app`), React Router/Remix
    /// `app/root`, Expo `app/_layout`, `createRoot(…).render(…)`, TanStack's router wrappers
    /// and root route. Returns where it started.
    fn walk_from_roots(&mut self, app: &App) -> Vec<(usize, String)> {
        let g = self.graph;
        let mut roots = Vec::new();
        let under = |rel: &str| join_rel(&app.dir, rel);
        let find = |stem: &str| -> Option<usize> { SOURCE_EXTS.iter().find_map(|ext| g.file_id(&under(&format!("{stem}{ext}")))) };
        let mut unit_chain: Vec<(usize, usize)> = Vec::new();
        let layout_files: &[&str] = match app.framework {
            Framework::Nextjs => &["app/layout", "src/app/layout", "pages/_app", "src/pages/_app"],
            Framework::ReactRouter | Framework::Remix => &["app/root"],
            Framework::Expo => &["app/_layout", "src/app/_layout"],
            _ => &[],
        };
        for stem in layout_files {
            if let Some(f) = find(stem) {
                let path = g.files[f].path.clone();
                // React Router / Remix: `Layout` wraps the default export.
                for export in ["Layout", "default"] {
                    if let Some(hit) = g.export_unit(&path, export, 0) {
                        roots.push((f, format!("{} ({export} export)", g.files[f].path)));
                        unit_chain.push(hit);
                    }
                }
                break;
            }
        }
        // TanStack: Wrap > InnerWrap > root shell > root component.
        for key in ["Wrap", "InnerWrap", "root:shellComponent", "root:component"] {
            for (f, file) in g.files.iter().enumerate() {
                for (k, name) in &file.react.wrappers {
                    if k != key {
                        continue;
                    }
                    let hit = match file.react.unit_named(name) {
                        Some(u) => Some((f, u)),
                        None => match g.ident_of_name(f, name) {
                            Ident::Unit { file, unit } => Some((file, unit)),
                            _ => None,
                        },
                    };
                    if let Some(hit) = hit {
                        roots.push((f, format!("{} ({key})", file.path)));
                        unit_chain.push(hit);
                    }
                }
            }
        }
        let mut outer: Vec<Vec<Ident>> = vec![Vec::new()];
        for (file, unit) in unit_chain {
            let mut next = Vec::new();
            for anc in &outer {
                self.slots.clear();
                let mut anc = anc.clone();
                self.expand_unit(file, unit, &mut anc, Rc::new(Ctx::Root), &mut Vec::new());
                next.append(&mut self.slots);
            }
            if !next.is_empty() {
                outer = next;
            }
        }
        let page_slots = if roots.is_empty() { Vec::new() } else { outer };
        // Next.js renders nested layouts, templates and pages inside the root layout's children.
        if app.framework == Framework::Nextjs && !page_slots.is_empty() {
            let inner = page_slots[0].clone();
            for (f, file) in g.files.iter().enumerate() {
                let Some(rel) = file.path.strip_prefix(&app.dir).map(|p| p.trim_start_matches('/')) else { continue };
                let routed = ["app/", "src/app/"].iter().any(|d| rel.starts_with(d))
                    && ["layout", "template", "page"].iter().any(|n| SOURCE_EXTS.iter().any(|e| rel.ends_with(&format!("/{n}{e}"))));
                if !routed || roots.iter().any(|(r, _)| *r == f) {
                    continue;
                }
                if let Some(hit) = g.export_unit(&file.path, "default", 0) {
                    let mut anc = inner.clone();
                    self.expand_unit(hit.0, hit.1, &mut anc, Rc::new(Ctx::Root), &mut Vec::new());
                }
            }
        }
        self.slots = page_slots;
        for (f, file) in g.files.iter().enumerate() {
            for &r in &file.react.render_roots {
                roots.push((f, format!("{} (render)", file.path)));
                self.visit(f, r, &mut Vec::new(), &Rc::new(Ctx::Root), &mut Vec::new());
            }
        }
        roots
    }

    fn expand_unit(&mut self, file: usize, unit: usize, anc: &mut Vec<Ident>, ctx: Rc<Ctx>, stack: &mut Vec<(usize, usize)>) {
        if stack.contains(&(file, unit)) || stack.len() > 48 || self.budget == 0 {
            return;
        }
        stack.push((file, unit));
        let r = &self.graph.files[file].react;
        let tops: Vec<usize> =
            r.elements.iter().enumerate().filter(|(_, e)| e.unit == Some(unit) && e.parent.is_none()).map(|(i, _)| i).collect();
        let renders_children = r.elements.iter().any(|e| e.unit == Some(unit) && e.name == CHILDREN);
        for e in tops {
            self.visit(file, e, anc, &ctx, stack);
        }
        if !renders_children && let Ctx::Usage { file: uf, element: ue, outer } = &*ctx {
            // It may pass children on in a way we do not follow: assume they render inside.
            for &c in self.graph.children(*uf, *ue).to_vec().iter() {
                self.visit(*uf, c, anc, outer, stack);
            }
        }
        stack.pop();
    }

    fn visit(&mut self, file: usize, element: usize, anc: &mut Vec<Ident>, ctx: &Rc<Ctx>, stack: &mut Vec<(usize, usize)>) {
        if self.budget == 0 {
            self.complete = false;
            return;
        }
        self.budget -= 1;
        let g = self.graph;
        let el = &g.files[file].react.elements[element];
        if el.name == CHILDREN {
            match &**ctx {
                Ctx::Usage { file: uf, element: ue, outer } => {
                    for &c in g.children(*uf, *ue) {
                        self.visit(*uf, c, anc, outer, stack);
                    }
                }
                Ctx::Root => self.slots.push(anc.clone()),
            }
            return;
        }
        let ident = g.ident(file, element);
        if let Ident::Intrinsic(_) = ident {
            // DOM elements and locals only pass their children through: keep the ancestor
            // lists short by leaving them out.
            for &c in g.children(file, element) {
                self.visit(file, c, anc, ctx, stack);
            }
            return;
        }
        self.out.push(Rendered { file, element, ancestors: anc.clone() });
        anc.push(ident.clone());
        match ident {
            Ident::Unit { file: f2, unit } => {
                let inner = Rc::new(Ctx::Usage { file, element, outer: ctx.clone() });
                self.expand_unit(f2, unit, anc, inner, stack);
            }
            other => {
                if matches!(other, Ident::Opaque(_)) {
                    self.complete = false;
                }
                for &c in g.children(file, element) {
                    self.visit(file, c, anc, ctx, stack);
                }
            }
        }
        anc.pop();
    }
}

/// One app's code as rules see it: its facts plus the cross-file graph.
pub struct AppCode<'a> {
    pub index: usize,
    pub app: &'a App,
    pub facts: &'a super::AppFacts,
    pub project: &'a Project,
    pub graph: Graph<'a>,
}

impl<'a> AppCode<'a> {
    pub fn new(project: &'a Project, index: usize, facts: &'a super::AppFacts) -> Self {
        let react = &facts.react;
        let files: Vec<&CodeFileFacts> = facts.code.files.iter().chain(react.workspace_files.iter()).collect();
        let graph = if react.import_targets.len() == files.len() {
            Graph::new(files, &react.import_targets, &react.reexport_targets)
        } else {
            // Built without `AppReact::build` (tests): no cross-file resolution.
            Graph::new(Vec::new(), &[], &[])
        };
        AppCode { index, app: &project.apps[index], facts, project, graph }
    }

    pub fn react(&self) -> &'a AppReact {
        &self.facts.react
    }

    /// The app's files and the workspace files it uses, with their ids.
    pub fn files(&self) -> impl Iterator<Item = (usize, &'a CodeFileFacts)> + '_ {
        let used = &self.facts.react.used;
        self.graph.files.iter().copied().enumerate().filter(move |(i, _)| used.get(*i).copied().unwrap_or(true))
    }

    /// A file of the app's own dir (not of a workspace package).
    pub fn is_own(&self, file: usize) -> bool {
        file < self.facts.code.files.len()
    }

    pub fn file(&self, id: usize) -> &'a CodeFileFacts {
        self.graph.files[id]
    }

    pub fn loc(&self, file: usize, span: Span) -> Location {
        span.in_file(&self.graph.files[file].path)
    }

    /// The registry package a hook call's callee comes from.
    pub fn callee_package(&self, file: usize, local: &str) -> Option<(String, String)> {
        self.graph.package_binding(file, local)
    }

    /// Whether `package` is declared where `file` can use it: the file's own package, the app's,
    /// or the workspace root (hoisted).
    pub fn declares(&self, file: usize, package: &str) -> bool {
        let own = self.react().file_packages.get(file).copied().flatten();
        let root = self.project.packages.iter().position(|p| p.dir.is_empty());
        [own, Some(self.app.package), root].into_iter().flatten().any(|p| self.project.packages[p].depends_on(package))
    }

    /// Hook calls of `file` whose callee is `hook` imported from one of `packages`.
    pub fn hooks_from<'s>(&'s self, file: usize, hook: &'s str, packages: &'s [&'s str]) -> impl Iterator<Item = &'a HookCall> + 's {
        self.graph.files[file].react.hooks.iter().filter(move |h| {
            self.callee_package(file, &h.callee).is_some_and(|(source, name)| name == hook && packages.contains(&base_package(&source)))
        })
    }

    /// Rendered occurrences whose element satisfies `pred`.
    pub fn rendered_where(&self, pred: impl Fn(&Ident) -> bool) -> Vec<&'a Rendered> {
        self.react().rendered.iter().filter(|r| pred(&self.graph.ident(r.file, r.element))).collect()
    }

    /// All elements (rendered or not) of the app's files that satisfy `pred`.
    pub fn elements_where(&self, pred: impl Fn(&Ident) -> bool) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for (f, file) in self.files() {
            for (i, e) in file.react.elements.iter().enumerate() {
                if e.name != CHILDREN && e.name.starts_with(|c: char| c.is_ascii_uppercase()) && pred(&self.graph.ident(f, i)) {
                    out.push((f, i));
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn project_code_specifiers() {
        for yes in ["./Nav", "../lib/auth.config", "@/components/Nav", "~/lib/convex", "#app/env", "./x.ts", "./utils.server"] {
            assert!(names_project_code(yes), "{yes}");
        }
        for no in [
            "react",
            "@workos-inc/authkit-react",
            "./styles.css",
            "../logo.svg",
            "./data.json",
            "../app.css?url",
            "@/convex/_generated/api",
        ] {
            assert!(!names_project_code(no), "{no}");
        }
    }
    use oxc_allocator::Allocator;
    use oxc_parser::Parser;
    use oxc_span::SourceType;

    fn facts(text: &str) -> ReactFileFacts {
        let file = SourceFile::new("src/x.tsx", text.to_string(), crate::source::Decoding::Utf8);
        let allocator = Allocator::default();
        let parsed = Parser::new(&allocator, &file.text, SourceType::tsx()).parse();
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        collect(&file, &parsed.program)
    }

    fn verdicts(text: &str) -> Vec<Verdict> {
        facts(text).fetchers.into_iter().map(|f| f.verdict).collect()
    }

    #[test]
    fn adapters_that_honour_force_refresh() {
        // authkit-nextjs template: the flag picks refresh() over getAccessToken().
        let nextjs = r#"
            function useAuthFromAuthKit() {
              const { user, loading } = useAuth();
              const { getAccessToken, refresh } = useAccessToken();
              const fetchAccessToken = useCallback(async ({ forceRefreshToken }: { forceRefreshToken: boolean }) => {
                if (!user) return null;
                return forceRefreshToken ? ((await refresh()) ?? null) : ((await getAccessToken()) ?? null);
              }, [user, refresh, getAccessToken]);
              return useMemo(() => ({ isLoading: loading, isAuthenticated: !!user, fetchAccessToken }), [loading, user, fetchAccessToken]);
            }"#;
        assert_eq!(verdicts(nextjs), vec![Verdict::Honours]);
        // authkit-react: the flag is passed on.
        let react = r#"function useX() { const { getAccessToken } = useAuth();
            const fetchAccessToken = useCallback(async ({ forceRefreshToken }) => getAccessToken({ forceRefresh: forceRefreshToken }), [getAccessToken]);
            return { isLoading: false, isAuthenticated: true, fetchAccessToken }; }"#;
        assert_eq!(verdicts(react), vec![Verdict::Honours]);
        // Early return on the flag, cached fallback after it (template PR #17 shape).
        let early = r#"function useX() { const { accessToken, refresh } = useAccessToken();
            return { fetchAccessToken: async ({ forceRefreshToken: force }) => {
              if (force) { return (await refresh()) ?? null; }
              return accessToken ?? null;
            } }; }"#;
        assert_eq!(verdicts(early), vec![Verdict::Honours]);
        // The whole argument object handed on, and a value derived from it.
        assert_eq!(verdicts("const a = { fetchAccessToken: async (args) => fetchToken(args) };"), vec![Verdict::Honours]);
        let derived = "const a = { fetchAccessToken: async (args) => { const force = args.forceRefreshToken; return getAccessToken({ forceRefresh: force }); } };";
        assert_eq!(verdicts(derived), vec![Verdict::Honours]);
        // A function declaration referenced by the shorthand property.
        let decl = r#"function useX() {
            async function fetchAccessToken({ forceRefreshToken }) { return forceRefreshToken ? refresh() : getAccessToken(); }
            return { isLoading, isAuthenticated, fetchAccessToken }; }"#;
        assert_eq!(verdicts(decl), vec![Verdict::Honours]);
    }

    #[test]
    fn adapters_that_ignore_force_refresh() {
        // @convex-dev/workos 0.0.3 (and the Vite template's copy).
        let convex_dev = r#"function useAuthFromWorkOS() {
            const { isLoading, user, getAccessToken } = useAuth();
            const fetchAccessToken = useCallback(async () => {
              try { const token = await getAccessToken(); return token; } catch { return null; }
            }, [getAccessToken]);
            return useMemo(() => ({ isLoading, isAuthenticated: !!user, fetchAccessToken }), [isLoading, user, fetchAccessToken]); }"#;
        assert_eq!(verdicts(convex_dev), vec![Verdict::NoParam { returns: None }]);
        // A cached ref, whatever the argument says.
        let cached = r#"function useX() { const tokenRef = useRef(null);
            const fetchAccessToken = useCallback(async ({ forceRefreshToken }) => tokenRef.current, []);
            return { fetchAccessToken }; }"#;
        assert_eq!(verdicts(cached), vec![Verdict::Captured { what: "tokenRef.current".into() }]);
        // Read, but only logged.
        let logged = r#"const a = { fetchAccessToken: async ({ forceRefreshToken }) => { console.log(forceRefreshToken); return await getAccessToken(); } };"#;
        assert_eq!(verdicts(logged), vec![Verdict::Ignored { returns: None }]);
        // Other keys destructured; a state value returned after a call.
        let state = r#"function useX() { const [token, setToken] = useState(null);
            return { fetchAccessToken: useMemo(() => async ({ other }) => { await warmUp(); return token; }, [token]) }; }"#;
        assert_eq!(verdicts(state), vec![Verdict::Ignored { returns: Some("token".into()) }]);
    }

    #[test]
    fn set_auth_arguments() {
        let value =
            "function C() { const { accessToken: token } = useAccessToken(); useEffect(() => { convex.setAuth(token); }, [token]); }";
        assert_eq!(verdicts(value), vec![Verdict::Value { what: "token".into() }]);
        let captured = "function C() { const { accessToken } = useAccessToken(); useEffect(() => { convex.setAuth(async () => accessToken); }, [accessToken]); }";
        assert_eq!(verdicts(captured), vec![Verdict::Captured { what: "accessToken".into() }]);
        let getter = "function C() { const { getAccessToken } = useAuth(); convex.setAuth(getAccessToken); }";
        assert_eq!(verdicts(getter), vec![Verdict::Getter { name: "getAccessToken".into() }]);
        let good = "function C() { const { getAccessToken, refresh } = useAccessToken(); convex.setAuth(async ({ forceRefreshToken }) => (forceRefreshToken ? await refresh() : await getAccessToken()) ?? null); }";
        assert_eq!(verdicts(good), vec![Verdict::Honours]);
        // A parameter of the surrounding function: cannot be followed.
        assert_eq!(verdicts("function setup(fetcher) { convex.setAuth(fetcher); }"), vec![Verdict::Unknown]);
    }

    #[test]
    fn elements_hooks_and_conditions() {
        let f = facts(
            r#"import { useAuth } from '@workos-inc/authkit-react';
            export default function App() {
              const { user, isLoading, getSignInUrl } = useAuth();
              const notes = useQuery(api.notes.list, user ? {} : "skip");
              if (isLoading) return null;
              return (<main>{user && <Notes />}<button onClick={() => getSignInUrl()}>x</button><a href={getSignInUrl()}>y</a></main>);
            }"#,
        );
        assert_eq!(f.units.iter().map(|u| u.name.as_str()).collect::<Vec<_>>(), vec!["App"]);
        assert_eq!(f.exports.iter().map(|e| (e.exported.as_str(), e.local.as_str())).collect::<Vec<_>>(), vec![("default", "App")]);
        let query = f.hooks.iter().find(|h| h.callee == "useQuery").unwrap();
        assert_eq!(query.arg_names, vec!["user"]);
        let notes = f.elements.iter().find(|e| e.name == "Notes").unwrap();
        assert_eq!(notes.conds, vec!["isLoading", "user"]);
        assert_eq!(f.elements[notes.parent.unwrap()].name, "main");
        let usages: Vec<Usage> = f.sign_in_url_calls.iter().map(|c| c.usage).collect();
        assert_eq!(usages, vec![Usage::Discarded, Usage::Rendered]);
    }

    #[test]
    fn roots_routes_navigations_and_markers() {
        let f = facts(
            r#"const CALLBACK = '/callback';
            function Callback() {
              const navigate = useNavigate();
              const { isLoading } = useAuth();
              useEffect(() => { if (!isLoading) navigate('/'); }, [isLoading]);
              useEffect(() => { window.location.replace('/'); }, []);
              return window.location.pathname === CALLBACK ? <Navigate to="/" /> : null;
            }
            createRoot(document.getElementById('root')!).render(
              <StrictMode><Providers><Routes><Route path="/callback" element={<Callback />} /></Routes></Providers></StrictMode>,
            );"#,
        );
        assert_eq!(f.render_roots.iter().map(|&i| f.elements[i].name.as_str()).collect::<Vec<_>>(), vec!["StrictMode"]);
        assert!(f.navigations.iter().all(|n| n.on_mount));
        let navs: Vec<(&str, &Vec<String>)> = f.navigations.iter().map(|n| (n.what.as_str(), &n.conds)).collect();
        assert_eq!(navs[0].0, "navigate()");
        assert_eq!(navs[0].1, &vec!["isLoading".to_string()]);
        assert_eq!(navs[1].0, "window.location.replace()");
        assert!(navs[1].1.is_empty());
        assert_eq!(navs[2].0, "<Navigate>");
        assert_eq!(f.markers, vec![(Some(0), Marker::PathConst("CALLBACK".into()))]);
        assert_eq!(f.string_const("CALLBACK"), Some("/callback"));
        let route = &f.routes[0];
        assert_eq!(route.path, "/callback");
        assert!(matches!(route.target, RouteTarget::Element(i) if f.elements[i].name == "Callback"));
    }

    #[test]
    fn navigations_in_handlers_do_not_run_on_mount() {
        let f = facts(
            r#"function Callback() {
              const navigate = useNavigate();
              const goHome = () => navigate('/');
              return <button onClick={() => navigate('/')}>Home</button>;
            }"#,
        );
        assert_eq!(f.navigations.len(), 2);
        assert!(f.navigations.iter().all(|n| !n.on_mount));
    }

    #[test]
    fn tanstack_wrappers_and_children_slots() {
        let f = facts(
            r#"export function getRouter() {
              return createRouter({
                routeTree,
                InnerWrap: ({ children }) => (<AuthKitProvider><ConvexProviderWithAuth client={c} useAuth={useAuthFromAuthKit}>{children}</ConvexProviderWithAuth></AuthKitProvider>),
              });
            }
            export const Providers = ({ children }) => children;"#,
        );
        assert_eq!(f.wrappers.len(), 1);
        let (key, unit) = &f.wrappers[0];
        assert_eq!(key, "InnerWrap");
        let u = f.unit_named(unit).unwrap();
        let slot = f.elements.iter().position(|e| e.name == CHILDREN && e.unit == Some(u)).unwrap();
        assert!(f.inside(slot, &["ConvexProviderWithAuth"]));
        let providers = f.unit_named("Providers").unwrap();
        assert!(f.elements.iter().any(|e| e.name == CHILDREN && e.unit == Some(providers) && e.parent.is_none()));
    }

    #[test]
    fn authorize_urls_and_paths() {
        let f = facts(
            "const u = `https://api.workos.com/user_management/authorize?client_id=${id}`; const v = 'https://x/user_management/authorize?client_id=c';\nconst isHosted = url.endsWith('/user_management/authorize');",
        );
        assert_eq!(f.authorize_urls.len(), 2);
        assert_eq!(base_package("@workos-inc/authkit-nextjs/components"), "@workos-inc/authkit-nextjs");
        assert_eq!(base_package("convex/react"), "convex");
        assert_eq!(normalize_join("apps/web/components", "../lib/./x"), "apps/web/lib/x");
    }
}
