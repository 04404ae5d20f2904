use crate::declare_rule;

declare_rule! {
    /// ### What it does
    /// Reports a token without `sub` or without `exp`. Convex checks the other claims first and then
    /// builds the user identity, which needs both.
    ///
    /// Produced by `authkit-doctor token`, not by the project scan.
    ///
    /// ### Why is this bad?
    /// Convex rejects the token with the generic `Could not verify token claim. Check that the JWT
    /// contains valid claims and matches your auth provider configuration.` (the inner "Missing
    /// subject" / "Missing expiry" is not shown to you).
    ///
    /// ### Symptom
    /// Sign-in looks fine, the console shows "Could not verify token claim".
    ///
    /// ### Fix
    /// WorkOS access tokens always have both, so this is a hand-made or foreign token: add `sub` (the
    /// user id) and `exp`.
    ///
    /// ### Example
    /// ```json
    /// // before
    /// { "iss": "https://api.workos.com/user_management/client_01…", "iat": 1800000000 }
    /// // after
    /// { "iss": "https://api.workos.com/user_management/client_01…", "sub": "user_01…", "iat": 1800000000, "exp": 1800000300 }
    /// ```
    pub static RULE = {
        id: "token/missing-claim",
        severity: Error,
        symptoms: [ConvexUnauthenticated, TokenRejected],
        summary: "The token lacks `sub` or `exp`",
        runs_on: TokenVerdict,
    };
}
