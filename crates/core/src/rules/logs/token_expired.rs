use crate::declare_rule;
use crate::rules::logs::matcher::{Cause, Family, Hit, Level, Matcher};

declare_rule! {
    /// ### What it does
    /// Recognises Convex rejecting an expired token: `Could not validate token: Token expired N
    /// seconds ago`, the wording before July 2025 (`Could not validate token. This often
    /// happens due to timing issues: …`), and the WebSocket session's `Convex token identity
    /// expired`. Produced only by `authkit-doctor logs`, never by a project scan.
    ///
    /// ### Why is this bad?
    /// AuthKit access tokens live five minutes. The Convex client asks for a fresh one with
    /// `fetchAccessToken({ forceRefreshToken: true })`; an adapter that ignores the flag, or a
    /// token passed to `setAuth` once, hands Convex the same expired token again.
    ///
    /// ### Symptom
    /// Auth works for a few minutes after sign-in, then `useConvexAuth()` flips to false or
    /// queries lose the user.
    ///
    /// ### Fix
    /// Return a refreshed token when `forceRefreshToken` is true (authkit-react
    /// `getAccessToken({ forceRefresh: true })`, authkit-nextjs `useAccessToken().refresh()`).
    ///
    /// ### Example
    /// ```text
    /// Failed to authenticate: "Could not validate token: Token expired 312 seconds ago", check your server auth config
    /// ```
    pub static RULE = {
        id: "logs/token-expired",
        severity: Error,
        symptoms: [RandomSignOuts, TokenRejected],
        summary: "Convex rejected an expired token (the client did not refresh it)",
        runs_on: LogMessage(&MATCHER),
    };
}

pub static MATCHER: Matcher = Matcher {
    rule: &RULE,
    needles: &["could not validate token", "convex token identity expired"],
    unless: &["will be valid in"],
    level: Level::Specific,
    family: Family::ConvexAuth,
    explain,
};

fn explain(hit: &Hit) -> Cause {
    let seconds = hit.after("token expired ").and_then(|r| r.split_whitespace().next()).filter(|n| n.bytes().all(|b| b.is_ascii_digit()));
    let what = match seconds {
        Some(n) => format!("Convex rejected a token that had expired {n} seconds earlier"),
        None => "Convex rejected an expired token".to_string(),
    };
    let help = if seconds.is_some_and(|n| n.parse::<u64>().is_ok_and(|n| n > 60)) {
        "The token expired well before it was sent: the client handed Convex a cached token instead of a fresh one. AuthKit access tokens live five minutes; Convex asks for a new one with `fetchAccessToken({ forceRefreshToken: true })`, and an adapter that ignores the flag (`@convex-dev/workos` 0.0.x, a copied provider returning a cached ref) or a one-off `setAuth(token)` sends the stale token again."
    } else {
        "AuthKit access tokens live five minutes; Convex asks for a new one with `fetchAccessToken({ forceRefreshToken: true })`, and an adapter that ignores the flag (`@convex-dev/workos` 0.0.x, a copied provider returning a cached ref) or a one-off `setAuth(token)` sends the stale token again. A few seconds late can also be a skewed clock on the machine that minted it."
    };
    Cause::new(what)
        .help(help)
        .convex(hit.message())
        .fix("Make `fetchAccessToken` return a refreshed token when `forceRefreshToken` is true (authkit-react `getAccessToken({ forceRefresh: true })`; authkit-nextjs `useAccessToken().refresh()`).")
        .token("token/expired")
        .rules(&["client/fetch-access-token-ignores-force-refresh", "client/static-set-auth", "client/convex-dev-workos-adapter"])
}
