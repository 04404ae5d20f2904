use super::{apps, push};
use crate::declare_rule;
use crate::diagnostic::Finding;
use crate::facts::react::{FetcherKind, Verdict};
use crate::rules::CheckContext;

declare_rule! {
    /// ### What it does
    /// Finds `convex.setAuth(…)` calls whose fetcher returns a token captured when `setAuth` was
    /// called and calls nothing to get a new one (`setAuth(async () => accessToken)`). Judged by
    /// data flow: the argument is followed through local variables, `useCallback` and function
    /// declarations. `setAuth(token)` with a plain value is `ConvexHttpClient`'s API (server
    /// code, TanStack Start's `serverHttpClient` during SSR), one token per request, and is not
    /// reported.
    ///
    /// ### Why is this bad?
    /// Convex calls the fetcher again when the token is about to expire or was rejected, with
    /// `{ forceRefreshToken: true }`. A captured token cannot be refreshed: Convex gets the same
    /// expired token back, gives up after two attempts and treats the user as signed out.
    /// AuthKit access tokens live for minutes.
    ///
    /// ### Symptom
    /// Convex auth works after sign-in, then `useConvexAuth().isAuthenticated` turns `false` a few
    /// minutes later (or after the laptop wakes) until the page is reloaded.
    ///
    /// ### Fix
    /// Pass a fetcher that asks AuthKit for the token each time, and forces a refresh when Convex
    /// asks for one — or use `ConvexProviderWithAuth` with an adapter hook.
    ///
    /// ### Example
    /// ```tsx
    /// // before
    /// const { accessToken } = useAccessToken();
    /// useEffect(() => { if (accessToken) convex.setAuth(async () => accessToken); }, [accessToken]);
    /// // after
    /// const { getAccessToken, refresh } = useAccessToken();
    /// useEffect(() => {
    ///   convex.setAuth(async ({ forceRefreshToken }) => (forceRefreshToken ? await refresh() : await getAccessToken()) ?? null);
    /// }, [getAccessToken, refresh]);
    /// ```
    pub static RULE = {
        id: "client/static-set-auth",
        severity: Warning,
        symptoms: [RandomSignOuts, ConvexUnauthenticated],
        summary: "setAuth gets a token captured once: it is never refreshed",
    };
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for a in apps(cx) {
        for (f, file) in a.files() {
            for fetcher in file.react.fetchers.iter().filter(|x| x.kind == FetcherKind::SetAuth) {
                let message = match &fetcher.verdict {
                    // `setAuth(token)` with a value is `ConvexHttpClient`'s API (server code, a
                    // TanStack Start loader's `serverHttpClient`): one request, one token, right
                    // as it is. The browser client only takes a fetcher.
                    Verdict::Value { .. } => continue,
                    Verdict::Captured { what } => {
                        format!("the `setAuth` fetcher only returns `{what}`, captured when it was set: Convex can never get a fresh token")
                    }
                    _ => continue,
                };
                push(out,
                    RULE.finding(message)
                        .at(a.loc(f, fetcher.span))
                        .help("Convex calls the fetcher again, with `{ forceRefreshToken: true }`, when the token expires or is rejected. A captured token comes back expired, Convex gives up after two attempts and `useConvexAuth()` turns false.")
                        .fix("Pass a function that asks AuthKit each time: `convex.setAuth(async ({ forceRefreshToken }) => (forceRefreshToken ? await refresh() : await getAccessToken()) ?? null)`, or use `ConvexProviderWithAuth` with an adapter hook."),
                );
            }
        }
    }
}
