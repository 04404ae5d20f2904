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
    /// It depends on the Convex adapter. `ConvexProviderWithAuth` calls `setAuth` from an effect
    /// that runs before its children's queries subscribe, and `setAuth` holds queries back until
    /// the token is fetched: when the adapter's `isAuthenticated` is `!!user` (the templates,
    /// `ConvexProviderWithAuthKit`), the gate opens in the same render and nothing runs early.
    /// When `isAuthenticated` waits for more than the user (an access token that arrives later,
    /// `user && accessToken`), the query runs unauthenticated in between:
    /// `ctx.auth.getUserIdentity()` is `null`, and functions that throw on a missing identity
    /// fail. The rule cannot see which adapter behaviour applies at run time, so it is a note
    /// that names the condition, and only for apps whose Convex functions read `ctx.auth`.
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
        severity: Info,
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

/// Whether a query hook call can skip (`cond ? args : "skip"`): it then waits for its own
/// condition (a prop, a click, loaded data), not only for the component to mount.
fn can_skip(cx: &CheckContext, a: &AppCode, file: usize, call: &crate::facts::react::HookCall) -> bool {
    let Some(source) = cx.files.get(&a.graph.files[file].path) else { return true };
    let text = source.text.get(call.span.start..call.span.end).unwrap_or("");
    text.contains("\"skip\"") || text.contains("'skip'") || text.contains("`skip`")
}

/// Units (file, unit) that call a Convex query hook as soon as they mount: not gated on
/// `useConvexAuth()`, and with no `"skip"` of their own.
fn query_units(cx: &CheckContext, a: &AppCode) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (f, _) in a.files() {
        for hook in QUERY_HOOKS {
            for h in a.hooks_from(f, hook, &["convex"]) {
                if let Some(u) = h.unit
                    && !reads_any(&h.arg_names, &convex_auth_names(a, f, h.unit))
                    && !can_skip(cx, a, f, h)
                {
                    out.push((f, u));
                }
            }
        }
    }
    out
}

/// The names a unit binds from WorkOS's `useAuth()` for the user and its loading state.
fn workos_auth_names(a: &AppCode, file: usize, unit: Option<usize>) -> Vec<String> {
    a.hooks_from(file, "useAuth", PROVIDER_PACKAGES)
        .filter(|h| h.unit == unit)
        .flat_map(|h| ["user", "loading", "isLoading"].into_iter().flat_map(|p| h.names_for(p)))
        .collect()
}

/// Whether every place that renders the component `(file, unit)` does so under a condition
/// other than WorkOS's user (`{escalated > 0 && <Panel/>}`, a dialog's `open` state, loaded
/// data): it then mounts after a user action or after data arrived, not in the moment between
/// AuthKit knowing the user and Convex accepting the token. `false` when no render site is
/// known (rendered through props, lazily, or from an entry file).
fn mounts_only_later(a: &AppCode, target: (usize, usize)) -> bool {
    let mut sites = 0;
    for (f, file) in a.files() {
        for (i, el) in file.react.elements.iter().enumerate() {
            let Ident::Unit { file: tf, unit: tu } = a.graph.ident(f, i) else { continue };
            if (tf, tu) != target {
                continue;
            }
            sites += 1;
            let auth = workos_auth_names(a, f, el.unit);
            let other_condition = el.conds.iter().any(|c| !reads_any(std::slice::from_ref(c), &auth));
            if !other_condition {
                return false;
            }
        }
    }
    sites > 0
}

/// Names bound to the results of Convex query hooks in a unit (`const deal = useQuery(…)`).
fn query_result_names(a: &AppCode, file: usize, unit: Option<usize>) -> Vec<String> {
    QUERY_HOOKS
        .iter()
        .flat_map(|hook| a.hooks_from(file, hook, &["convex"]))
        .filter(|h| h.unit == unit)
        .flat_map(|h| h.bindings.iter().map(|(_, l)| l.clone()).chain(h.whole.clone()))
        .collect()
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for a in apps(cx) {
        // Only a backend that asks who the user is can answer differently before the token.
        let backend_reads_auth = a.app.convex.is_some_and(|c| !cx.facts.convex[c].identity_calls.is_empty());
        if !backend_reads_auth {
            continue;
        }
        let queries = query_units(cx, &a);
        for (f, file) in a.files() {
            for auth in a.hooks_from(f, "useAuth", PROVIDER_PACKAGES) {
                let user = auth.names_for("user");
                // Values from useConvexAuth() in the same component make the gate Convex's own.
                let convex = convex_auth_names(&a, f, auth.unit);
                let gated = |names: &[String]| reads_any(names, &user) && !reads_any(names, &convex);
                for hook in QUERY_HOOKS {
                    for q in a.hooks_from(f, hook, &["convex"]).filter(|q| q.unit == auth.unit) {
                        // A query that also waits for another query's result cannot run before
                        // that one returned: the first query in the chain carries the finding.
                        let waits_for_query = reads_any(&q.arg_names, &query_result_names(&a, f, q.unit));
                        let later = q.unit.is_some_and(|u| mounts_only_later(&a, (f, u)));
                        if gated(&q.arg_names) && !waits_for_query && !later {
                            push(out,
                                RULE.finding(format!("`{hook}` is skipped until WorkOS's `user` is set, not until Convex has accepted the token: it runs unauthenticated first if your Convex adapter's `isAuthenticated` waits for more than the user"))
                                    .at(a.loc(f, q.span))
                                    .help("ConvexProviderWithAuth holds queries back once its adapter reports `isAuthenticated`; an adapter that reports it later than AuthKit's `user` appears (`user && accessToken`) leaves a window where `ctx.auth.getUserIdentity()` is null for this query. Gating on Convex's own state closes it whatever the adapter does.")
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
                        RULE.finding(format!("`<{}>` calls `useQuery` and is rendered as soon as WorkOS's `user` is set, not when Convex has accepted the token: its queries run unauthenticated first if your Convex adapter's `isAuthenticated` waits for more than the user", el.name))
                            .at(a.loc(f, el.span))
                            .help("ConvexProviderWithAuth holds queries back once its adapter reports `isAuthenticated`; an adapter that reports it later than AuthKit's `user` appears leaves a window where the component's queries run with a null identity. `<Authenticated>` closes it whatever the adapter does.")
                            .fix(format!("Render it inside `<Authenticated>` from 'convex/react' (`<Authenticated><{} /></Authenticated>`), or gate on `useConvexAuth().isAuthenticated`.", el.name)),
                    );
                }
            }
        }
    }
}
