use crate::declare_rule;

declare_rule! {
    /// ### What it does
    /// Compares `exp` with the current time (or `--now`) using Convex's 5-second leeway: a token that
    /// expired 5 s ago is still accepted, 6 s ago is rejected.
    ///
    /// Produced by `authkit-doctor token`, not by the project scan.
    ///
    /// ### Why is this bad?
    /// Convex answers `Could not validate token: Token expired <n> seconds ago`. An open WebSocket
    /// session drops the identity as soon as `exp` passes (`Convex token identity expired`), and the
    /// client must fetch a fresh token.
    ///
    /// ### Symptom
    /// Users are signed out of Convex after a few minutes, or after the tab sleeps.
    ///
    /// ### Fix
    /// Let the Convex client refresh: `fetchAccessToken({ forceRefreshToken })` must return a new token
    /// when `forceRefreshToken` is true, not a cached one. When pasting a token here, paste a fresh one.
    ///
    /// ### Example
    /// ```ts
    /// // before: always the cached token
    /// fetchAccessToken: async () => cachedToken,
    /// // after
    /// fetchAccessToken: async ({ forceRefreshToken }) =>
    ///   (forceRefreshToken ? await refresh() : await getAccessToken()) ?? null,
    /// ```
    pub static RULE = {
        id: "token/expired",
        severity: Error,
        symptoms: [ConvexUnauthenticated, TokenRejected, RandomSignOuts],
        summary: "The token expired more than 5 s ago",
        runs_on: TokenVerdict,
    };
}
