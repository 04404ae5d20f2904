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

mod app;
mod collector;
mod flow;
mod query;
mod resolve;
mod tree;

pub use app::*;
// Explicit, so it wins over `oxc_ast::ast::Ident` from the glob import above.
pub use app::Ident;
pub use collector::*;
use flow::*;
pub use query::*;
pub use resolve::*;
pub use tree::*;

/// Names that make a file worth parsing for React facts. Each is specific to AuthKit/Convex
/// wiring or to the files an element tree starts from (root layouts render `<html`, SPAs call
/// `createRoot`), so ordinary components are still skipped after the byte scan. Each is the
/// rare part of the name (see `code::need`): `seAuth` finds `useAuth`, `teRoot` finds
/// `createRoot`, `hydrateRoot` and `createRootRoute`.
pub const NEEDLES: &[&str] = &[
    // Providers and provider components (`AuthKitProvider`, `ConvexProvider…`, `Providers`).
    "rovider",
    // `useAuth`, `useAccessToken`/`fetchAccessToken`, `useConvexAuth`.
    "seAuth",
    "AccessToken",
    "nvexAuth",
    // Convex's auth gates (`<Authenticated>`, `<Unauthenticated>`, `<AuthLoading>`).
    "uthenticated",
    "thLoading",
    // `getSignInUrl`, `getSignUpUrl`, a hand-built `user_management/authorize` URL.
    "tSignInUrl",
    "tSignUpUrl",
    "_management/authorize",
    // Where element trees start: `createRoot`/`hydrateRoot`/`createRootRoute`, `<html`,
    // `next/app`, `InnerWrap`.
    "teRoot",
    "<html",
    "xt/app",
    "InnerWrap",
    // SPA callback handling: the redirect path, reading `?code=` (`get('code')`), navigating
    // away (`useNavigate`, `<Navigate`, `replaceState`, `location.replace`).
    "/callback",
    "('code')",
    "(\"code\")",
    "Navigate",
    "ceState",
    "on.replace",
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
    /// Calls nothing and returns only `null`/`undefined`: a placeholder that signs nobody in
    /// (an adapter rendered before mount or during SSR), so it has no token to refresh.
    NoToken,
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
