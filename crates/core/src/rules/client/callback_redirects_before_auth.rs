use super::{apps, is_spa, path_of, push, redirect_uris};
use crate::declare_rule;
use crate::diagnostic::Finding;
use crate::facts::react::{AppCode, Ident, Marker, PROVIDER_PACKAGES, RouteTarget};
use crate::rules::CheckContext;
use std::collections::BTreeSet;

declare_rule! {
    /// ### What it does
    /// In a browser-only app (authkit-react), finds the component that handles the sign-in
    /// callback — the route element at the redirect URI's path (`<Route path="/callback">`,
    /// `{ path: "/callback", element }`, `createFileRoute("/callback")`), or a component that
    /// compares `location.pathname` with that path or reads `code` from the query string — and
    /// reports navigations in it that run on render or mount (in the component body, a
    /// `useEffect`/`useLayoutEffect` callback, or a rendered `<Navigate>`; not in event handlers)
    /// — `navigate()`, `router.push()`, `window.location.replace()`, `history.replaceState()`,
    /// `location.href = …` — and do not wait for AuthKit: no `isLoading` (or `user`) from
    /// `useAuth()` in their condition.
    ///
    /// ### Why is this bad?
    /// `AuthKitProvider` finishes sign-in by reading `?code=` at the redirect path when its own
    /// effect runs — after the effects of the components inside it. A child that navigates on
    /// mount changes the URL first: the code is gone, the exchange never happens and the user
    /// stays signed out.
    ///
    /// ### Symptom
    /// After the hosted sign-in page, the app lands on the home page still signed out; signing in
    /// again loops.
    ///
    /// ### Fix
    /// Navigate only once `isLoading` is false (and, if you like, `user` is set).
    ///
    /// ### Example
    /// ```tsx
    /// // before
    /// useEffect(() => { navigate('/'); }, []);
    /// // after
    /// const { isLoading } = useAuth();
    /// useEffect(() => { if (!isLoading) navigate('/'); }, [isLoading]);
    /// ```
    pub static RULE = {
        id: "client/callback-redirects-before-auth",
        severity: Error,
        symptoms: [CallbackFails, SignInDoesNothing],
        summary: "an SPA callback component navigates away before AuthKit has finished",
    };
}

fn normalize(path: &str) -> String {
    let p = path.trim().trim_end_matches('/');
    if p.starts_with('/') { p.to_string() } else { format!("/{p}") }
}

/// (file, unit) of the components that handle the callback at `path`.
fn callback_units(a: &AppCode, path: Option<&str>) -> BTreeSet<(usize, usize)> {
    let mut out = BTreeSet::new();
    let matches = |p: &str| match path {
        Some(path) => normalize(p) == path,
        None => normalize(p).ends_with("/callback"),
    };
    for (f, file) in a.files() {
        for route in file.react.routes.iter().filter(|r| matches(&r.path)) {
            let ident = match &route.target {
                RouteTarget::Element(i) => a.graph.ident(f, *i),
                RouteTarget::Name(n) => match file.react.unit_named(n) {
                    Some(u) => Ident::Unit { file: f, unit: u },
                    None => a.graph.ident_of_name(f, n),
                },
            };
            if let Ident::Unit { file, unit } = ident {
                out.insert((file, unit));
            }
        }
        for (unit, marker) in &file.react.markers {
            let Some(unit) = unit else { continue };
            let hit = match marker {
                Marker::CodeParam => true,
                Marker::Path(p) => matches(p),
                Marker::PathConst(name) => file.react.string_const(name).is_some_and(matches),
            };
            if hit {
                out.insert((f, *unit));
            }
        }
    }
    out
}

/// The root route's component renders its `<Outlet />` only inside Convex's `<Authenticated>`:
/// no child route (the callback included) mounts before Convex has accepted an AuthKit token,
/// and AuthKit has a token only after it has exchanged the code.
fn routes_mount_after_convex_auth(a: &AppCode) -> bool {
    let mut outlets = 0;
    for (_, file) in a.files() {
        for (_, root) in file.react.wrappers.iter().filter(|(key, _)| key == "root:component") {
            let Some(unit) = file.react.unit_named(root) else { continue };
            for (i, el) in file.react.elements.iter().enumerate() {
                if el.unit == Some(unit) && el.name == "Outlet" {
                    if !file.react.inside(i, &["Authenticated"]) {
                        return false;
                    }
                    outlets += 1;
                }
            }
        }
    }
    outlets > 0
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for a in apps(cx) {
        if !is_spa(&a) {
            continue;
        }
        let uris = redirect_uris(&a);
        let configured = uris.iter().find(|u| !u.example).or(uris.first());
        let path = configured.and_then(|u| path_of(&u.url));
        if path.as_deref() == Some("/") {
            // The app root is the callback: any navigation there is ordinary app code.
            continue;
        }
        let behind_convex_auth = routes_mount_after_convex_auth(&a);
        for (f, unit) in callback_units(&a, path.as_deref()) {
            let file = a.file(f);
            if behind_convex_auth && !file.react.wrappers.iter().any(|(key, _)| key.starts_with("root:")) {
                continue;
            }
            // Convex's `useConvexAuth()` stays loading while the auth provider is loading and
            // until Convex has judged the token: waiting on it waits for AuthKit too.
            let waits: Vec<String> = a
                .hooks_from(f, "useAuth", PROVIDER_PACKAGES)
                .chain(a.hooks_from(f, "useConvexAuth", &["convex"]))
                .filter(|h| h.unit == Some(unit))
                .flat_map(|h| ["isLoading", "loading", "user"].into_iter().flat_map(|p| h.names_for(p)).collect::<Vec<_>>())
                .collect();
            for nav in file.react.navigations.iter().filter(|n| n.unit == Some(unit) && n.on_mount) {
                let waited = nav.conds.iter().any(|c| waits.iter().any(|w| c == w || c.starts_with(&format!("{w}."))));
                if waited {
                    continue;
                }
                push(out,
                    RULE.finding(format!(
                        "`{}` runs on the sign-in callback page{} without waiting for AuthKit's `isLoading` to be false: the `?code=` is dropped before it is exchanged",
                        nav.what,
                        path.as_ref().map(|p| format!(" ({p})")).unwrap_or_default()
                    ))
                    .at(a.loc(f, nav.span))
                    .help("AuthKitProvider reads `?code=` when its own effect runs, after the effects of the components inside it; navigating on mount changes the URL first, so the user stays signed out.")
                    .fix("Take `isLoading` from `useAuth()` and navigate only when it is false: `useEffect(() => { if (!isLoading) navigate('/'); }, [isLoading]);`."),
                );
            }
        }
    }
}
