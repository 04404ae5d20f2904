use crate::declare_rule;

declare_rule! {
    /// ### What it does
    /// Fetches the matched provider's `jwks` URL as Convex does (`GET`, `Accept: application/json`)
    /// and reports a network error, a timeout, or any status other than exactly 200. Needs `--online`
    /// (or `--jwks URL`); `authkit-doctor probe --online` checks every JWKS the project uses.
    ///
    /// Produced by `authkit-doctor token` and `authkit-doctor probe`, not by the project scan.
    ///
    /// ### Why is this bad?
    /// Convex fetches the JWKS for every authentication and rejects the token with `Could not fetch
    /// JWKS from URL '<url>': HTTP 404 Not Found. Check that the URL is correct and accessible.` (or the
    /// HTTP client's error text).
    ///
    /// ### Symptom
    /// Every token is rejected; the console quotes the JWKS URL.
    ///
    /// ### Fix
    /// Use `https://api.workos.com/sso/jwks/<clientId>` (or your custom auth domain) with a client id
    /// that exists; `/user_management/jwks/…` and a missing client id give 404.
    ///
    /// ### Example
    /// ```ts
    /// // before
    /// jwks: `https://api.workos.com/user_management/jwks/${clientId}`,
    /// // after
    /// jwks: `https://api.workos.com/sso/jwks/${clientId}`,
    /// ```
    pub static RULE = {
        id: "token/jwks-unreachable",
        severity: Error,
        symptoms: [ConvexUnauthenticated, TokenRejected],
        summary: "The provider's JWKS URL cannot be fetched (network error or status not 200)",
        runs_on: TokenVerdict,
    };
}
