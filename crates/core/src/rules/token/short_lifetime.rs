use crate::declare_rule;

declare_rule! {
    /// ### What it does
    /// Computes the token lifetime `exp - iat` and compares it with what the Convex browser client
    /// needs: more than 2 seconds to schedule a refresh at all, and more than its refresh leeway
    /// (10 s by default) to refresh before expiry.
    ///
    /// Produced by `authkit-doctor token`, not by the project scan.
    ///
    /// ### Why is this bad?
    /// With 2 s or less the client logs `Auth token does not live long enough, cannot refetch the
    /// token` and never refreshes. Up to the leeway it logs `Refetching auth token immediately,
    /// configured leeway 10s is larger than the token's lifetime <n>s` and fetches a new token in a
    /// tight loop.
    ///
    /// ### Symptom
    /// Sign-outs at random, or a busy loop of token fetches.
    ///
    /// ### Fix
    /// Issue tokens that live for minutes (WorkOS access tokens live 5 minutes by default), or lower
    /// `authRefreshTokenLeewaySeconds` on `ConvexReactClient` below the lifetime.
    ///
    /// ### Example
    /// ```json
    /// // before
    /// { "iat": 1800000000, "exp": 1800000005 }
    /// // after
    /// { "iat": 1800000000, "exp": 1800000300 }
    /// ```
    pub static RULE = {
        id: "token/short-lifetime",
        severity: Warning,
        symptoms: [RandomSignOuts, LoadingLoop],
        summary: "exp - iat is too short for the Convex client to refresh in time",
        runs_on: TokenVerdict,
    };
}
