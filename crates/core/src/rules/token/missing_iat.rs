use crate::declare_rule;

declare_rule! {
    /// ### What it does
    /// Reports a token without `iat` (or with `iat: 0`). Convex's server accepts it; the Convex
    /// browser client needs `iat` and `exp` to know when to fetch the next token.
    ///
    /// Produced by `authkit-doctor token`, not by the project scan.
    ///
    /// ### Why is this bad?
    /// The client logs `Auth token does not have required fields, cannot refetch the token` and never
    /// refreshes: when the token expires, the user drops out of Convex until the page reloads.
    ///
    /// ### Symptom
    /// Convex auth works for a few minutes after each page load, then stops.
    ///
    /// ### Fix
    /// Include `iat` in the tokens you mint (WorkOS access tokens have it).
    ///
    /// ### Example
    /// ```json
    /// // before
    /// { "iss": "…", "sub": "user_01…", "exp": 1800000300 }
    /// // after
    /// { "iss": "…", "sub": "user_01…", "iat": 1800000000, "exp": 1800000300 }
    /// ```
    pub static RULE = {
        id: "token/missing-iat",
        severity: Warning,
        symptoms: [RandomSignOuts],
        summary: "The token has no `iat`: the Convex client cannot schedule a refresh",
        runs_on: TokenVerdict,
    };
}
