use crate::declare_rule;

declare_rule! {
    /// ### What it does
    /// Reports a token whose `nbf` (not before) or `iat` (issued at) is more than 5 seconds after the
    /// current time (or `--now`).
    ///
    /// Produced by `authkit-doctor token`, not by the project scan.
    ///
    /// ### Why is this bad?
    /// Convex rejects it with `Could not validate token: Token will be valid in <n> seconds`.
    ///
    /// ### Symptom
    /// Sign-in fails right after login and works a little later; usually a clock that runs behind on
    /// the machine running the backend, or ahead where the token was minted.
    ///
    /// ### Fix
    /// Synchronise the clocks (NTP). If you mint tokens yourself, set `iat`/`nbf` to the current time,
    /// not a future one.
    ///
    /// ### Example
    /// ```json
    /// // before (minted with a clock 2 minutes fast)
    /// { "iat": 1800000120, "nbf": 1800000120, "exp": 1800000420 }
    /// // after
    /// { "iat": 1800000000, "exp": 1800000300 }
    /// ```
    pub static RULE = {
        id: "token/not-yet-valid",
        severity: Error,
        symptoms: [ConvexUnauthenticated, TokenRejected],
        summary: "nbf or iat lies more than 5 s in the future",
        runs_on: TokenVerdict,
    };
}
