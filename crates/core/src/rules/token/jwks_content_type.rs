use crate::declare_rule;

declare_rule! {
    /// ### What it does
    /// Checks the `Content-Type` of the JWKS response: Convex accepts only `application/json` or
    /// `application/jwk-set+json` (any letter case), with no charset other than `utf-8`.
    ///
    /// Produced by `authkit-doctor token` and `authkit-doctor probe`, not by the project scan.
    ///
    /// ### Why is this bad?
    /// Convex rejects every token with `Invalid Content-Type '<type>' when fetching JWKS from '<url>'.
    /// Expected 'application/json' or 'application/jwk-set+json'.` A JWKS URL that actually serves an
    /// HTML page (a login page, a 200 "not found" page of a SPA host) fails here.
    ///
    /// ### Symptom
    /// Every token is rejected; the console quotes a `text/html` content type.
    ///
    /// ### Fix
    /// Point `jwks` at the real key set (`https://api.workos.com/sso/jwks/<clientId>`), or serve your
    /// own JWKS file with `Content-Type: application/json`.
    ///
    /// ### Example
    /// ```ts
    /// // before: a page of your app, served as text/html
    /// jwks: "https://myapp.example.com/jwks",
    /// // after
    /// jwks: `https://api.workos.com/sso/jwks/${clientId}`,
    /// ```
    pub static RULE = {
        id: "token/jwks-content-type",
        severity: Error,
        symptoms: [ConvexUnauthenticated, TokenRejected],
        summary: "The JWKS is served with a Content-Type Convex refuses",
        runs_on: TokenVerdict,
    };
}
