use super::{adapter_example, apps, push};
use crate::declare_rule;
use crate::diagnostic::Finding;
use crate::rules::CheckContext;

declare_rule! {
    /// ### What it does
    /// Finds apps that sign users in with WorkOS AuthKit but render Convex with the plain
    /// `ConvexProvider` from `convex/react`, and never hand Convex a token any other way: no
    /// `ConvexProviderWithAuth`/`ConvexProviderWithAuthKit` and no `convex.setAuth(…)` anywhere in
    /// the app or the workspace packages it uses.
    ///
    /// ### Why is this bad?
    /// `ConvexProvider` connects anonymously. The WorkOS session lives in AuthKit; nothing passes
    /// its access token to the Convex client, so every query and mutation runs without identity.
    ///
    /// ### Symptom
    /// WorkOS sign-in works and `useAuth().user` is set, but `useConvexAuth().isAuthenticated`
    /// stays `false` and `ctx.auth.getUserIdentity()` returns `null` in every function.
    ///
    /// ### Fix
    /// Replace `ConvexProvider` with `ConvexProviderWithAuth` inside `AuthKitProvider`, with an
    /// adapter hook that returns `{ isLoading, isAuthenticated, fetchAccessToken }`.
    ///
    /// ### Example
    /// ```tsx
    /// // before
    /// <AuthKitProvider clientId={…}>
    ///   <ConvexProvider client={convex}><App /></ConvexProvider>
    /// </AuthKitProvider>
    /// // after
    /// <AuthKitProvider clientId={…}>
    ///   <ConvexProviderWithAuth client={convex} useAuth={useAuthFromAuthKit}><App /></ConvexProviderWithAuth>
    /// </AuthKitProvider>
    /// ```
    pub static RULE = {
        id: "client/plain-convex-provider",
        severity: Error,
        symptoms: [ConvexUnauthenticated],
        summary: "Convex is rendered with plain ConvexProvider: no token ever reaches Convex",
    };
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for a in apps(cx) {
        let hands_tokens = a.files().any(|(_, f)| !f.convex_auth_uses.is_empty() || !f.react.fetchers.is_empty());
        // An app whose code never signs in with WorkOS (AuthKit only in package.json) has no
        // token to hand over.
        if hands_tokens || !a.facts.shows_workos_sign_in() {
            continue;
        }
        // Only when the backend relies on Convex auth: an auth config, or functions asking who
        // the user is. A Convex backend without auth gets nothing from a token.
        let backend_uses_auth = a
            .app
            .convex
            .is_some_and(|c| cx.project.convex_dirs[c].auth_config().is_some() || !cx.facts.convex[c].identity_calls.is_empty());
        if !backend_uses_auth {
            continue;
        }
        let plain = |i: &crate::facts::react::Ident| i.is_package_export(&["convex"], &["ConvexProvider"]);
        let mut sites: Vec<(usize, usize)> = a.rendered_where(plain).iter().map(|r| (r.file, r.element)).collect();
        if sites.is_empty() {
            sites = a
                .elements_where(plain)
                .into_iter()
                .filter(|(f, _)| !crate::facts::react::is_test_or_story(&a.file(*f).path))
                .take(1)
                .collect();
        }
        sites.sort();
        sites.dedup();
        for (f, i) in sites {
            let el = &a.file(f).react.elements[i];
            push(out,
                RULE.finding("Convex is rendered with plain `ConvexProvider` and the app never calls `setAuth`: the WorkOS access token never reaches Convex")
                    .at(a.loc(f, el.span))
                    .help("`ConvexProvider` connects anonymously. With AuthKit, render `ConvexProviderWithAuth` inside `AuthKitProvider` and give it an adapter hook that fetches the access token.")
                    .fix(format!("Replace `ConvexProvider` with `ConvexProviderWithAuth` and an adapter:\n{}", adapter_example(&a))),
            );
        }
    }
}
