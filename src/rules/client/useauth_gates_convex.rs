use super::{apps, push};
use crate::declare_rule;
use crate::diagnostic::Finding;
use crate::facts::react::{AppCode, Ident, PROVIDER_PACKAGES};
use crate::rules::CheckContext;

declare_rule! {
    /// ### What it does
    /// Finds Convex queries gated on WorkOS's `useAuth().user` instead of on Convex's own auth
    /// state: a `useQuery(…, user ? args : "skip")`, or a component that calls `useQuery`
    /// rendered under `{user && …}` / after `if (!user) return …`, with no `useConvexAuth()` value
    /// in the condition and no `<Authenticated>` around it.
    ///
    /// ### Why is this bad?
    /// AuthKit knows the user before Convex has fetched, sent and validated the access token. In
    /// that window the query runs unauthenticated: `ctx.auth.getUserIdentity()` is `null`, and
    /// functions that throw on a missing identity fail (Convex docs, "getUserIdentity() null on
    /// page load").
    ///
    /// ### Symptom
    /// A burst of "Unauthenticated"/`null`-identity errors right after sign-in or on reload,
    /// then the data appears.
    ///
    /// ### Fix
    /// Gate on Convex: render the component inside `<Authenticated>` from `convex/react`, or use
    /// `useConvexAuth().isAuthenticated` in the condition.
    ///
    /// ### Example
    /// ```tsx
    /// // before
    /// const { user } = useAuth();
    /// const notes = useQuery(api.notes.list, user ? {} : "skip");
    /// // after
    /// const { isAuthenticated } = useConvexAuth();
    /// const notes = useQuery(api.notes.list, isAuthenticated ? {} : "skip");
    /// ```
    pub static RULE = {
        id: "client/useauth-gates-convex",
        severity: Warning,
        symptoms: [ConvexUnauthenticated],
        summary: "Convex queries gated on WorkOS useAuth().user instead of useConvexAuth()",
    };
}

const QUERY_HOOKS: &[&str] = &["useQuery", "usePaginatedQuery"];

/// Names bound from `useConvexAuth()` in a unit (`isAuthenticated`, or the whole result).
fn convex_auth_names(a: &AppCode, file: usize, unit: Option<usize>) -> Vec<String> {
    a.hooks_from(file, "useConvexAuth", &["convex"])
        .filter(|h| h.unit == unit)
        .flat_map(|h| h.bindings.iter().map(|(_, l)| l.clone()).chain(h.whole.clone()))
        .collect()
}

fn reads_any(names: &[String], of: &[String]) -> bool {
    names.iter().any(|n| of.iter().any(|c| n == c || n.starts_with(&format!("{c}."))))
}

/// Units (file, unit) that call a Convex query hook without gating it on `useConvexAuth()`.
fn query_units(a: &AppCode) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (f, _) in a.files() {
        for hook in QUERY_HOOKS {
            for h in a.hooks_from(f, hook, &["convex"]) {
                if let Some(u) = h.unit
                    && !reads_any(&h.arg_names, &convex_auth_names(a, f, h.unit))
                {
                    out.push((f, u));
                }
            }
        }
    }
    out
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for a in apps(cx) {
        let queries = query_units(&a);
        for (f, file) in a.files() {
            for auth in a.hooks_from(f, "useAuth", PROVIDER_PACKAGES) {
                let user = auth.names_for("user");
                // Values from useConvexAuth() in the same component make the gate Convex's own.
                let convex = convex_auth_names(&a, f, auth.unit);
                let gated = |names: &[String]| reads_any(names, &user) && !reads_any(names, &convex);
                for hook in QUERY_HOOKS {
                    for q in a.hooks_from(f, hook, &["convex"]).filter(|q| q.unit == auth.unit) {
                        if gated(&q.arg_names) {
                            push(out,
                                RULE.finding(format!("`{hook}` is skipped until WorkOS's `user` is set, not until Convex has accepted the token: it first runs unauthenticated"))
                                    .at(a.loc(f, q.span))
                                    .help("AuthKit knows the user before Convex has fetched and validated the access token; in between, `ctx.auth.getUserIdentity()` is null for this query.")
                                    .fix("Gate on Convex: `const { isAuthenticated } = useConvexAuth();` and `isAuthenticated ? args : \"skip\"`, or render the component inside `<Authenticated>`."),
                            );
                        }
                    }
                }
                for (i, el) in file.react.elements.iter().enumerate() {
                    if el.unit != auth.unit || !gated(&el.conds) || file.react.inside(i, &["Authenticated"]) {
                        continue;
                    }
                    let Ident::Unit { file: tf, unit: tu } = a.graph.ident(f, i) else { continue };
                    if !queries.contains(&(tf, tu)) {
                        continue;
                    }
                    push(out,
                        RULE.finding(format!("`<{}>` calls `useQuery` and is rendered as soon as WorkOS's `user` is set, before Convex has accepted the token", el.name))
                            .at(a.loc(f, el.span))
                            .help("AuthKit knows the user before Convex has fetched and validated the access token; in between, the component's queries run with a null identity.")
                            .fix(format!("Render it inside `<Authenticated>` from 'convex/react' (`<Authenticated><{} /></Authenticated>`), or gate on `useConvexAuth().isAuthenticated`.", el.name)),
                    );
                }
            }
        }
    }
}
