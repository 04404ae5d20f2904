use crate::declare_rule;

declare_rule! {
    /// ### What it does
    /// Reports a token whose payload has no `iss` claim (or `"iss": null`).
    ///
    /// Produced by `authkit-doctor token`, not by the project scan.
    ///
    /// ### Why is this bad?
    /// Convex picks the auth provider by the token's issuer. Without one it stops at once with
    /// `Missing issuer claim ('iss') in JWT payload. The JWT must include an 'iss' claim that matches
    /// one of your configured auth providers.`
    ///
    /// ### Symptom
    /// `Failed to authenticate: "Missing issuer claim ('iss')…"` in the browser console.
    ///
    /// ### Fix
    /// WorkOS access tokens always carry `iss`, so a token without one is something else: an opaque
    /// session value, or a token you minted yourself. Pass the AuthKit access token, or add `iss` to the
    /// tokens you mint, equal to the `issuer` of a provider in `convex/auth.config.ts`.
    ///
    /// ### Example
    /// ```json
    /// // before
    /// { "sub": "user_01…", "exp": 1800000300 }
    /// // after
    /// { "iss": "https://api.workos.com/user_management/client_01…", "sub": "user_01…", "exp": 1800000300 }
    /// ```
    pub static RULE = {
        id: "token/missing-issuer",
        severity: Error,
        symptoms: [ConvexUnauthenticated, TokenRejected],
        summary: "The token has no `iss` claim",
        runs_on: TokenVerdict,
    };
}
