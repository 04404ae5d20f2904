use crate::declare_rule;

declare_rule! {
    /// ### What it does
    /// Reports a token whose header has no `kid`, or a header Convex cannot parse at all (then it cannot
    /// read a `kid` either: an unknown `alg` such as `EdDSA`, `kid` that is not a string).
    ///
    /// Produced by `authkit-doctor token`, not by the project scan.
    ///
    /// ### Why is this bad?
    /// Convex looks the signing key up by `kid`; without it the token is rejected even when the key set
    /// has a single key, with `Could not decode token. JWT may be missing a 'kid' (key ID) header.`
    /// This message is the same on development and production deployments.
    ///
    /// ### Symptom
    /// `Failed to authenticate: "Could not decode token. JWT may be missing a 'kid'…"`.
    ///
    /// ### Fix
    /// WorkOS always sets `kid`. A token without it was minted by hand or by another library: set the
    /// key id of the signing key in the header, matching a `kid` of the JWKS.
    ///
    /// ### Example
    /// ```json
    /// // before
    /// { "alg": "RS256", "typ": "JWT" }
    /// // after
    /// { "alg": "RS256", "typ": "JWT", "kid": "sso_oidc_key_pair_01…" }
    /// ```
    pub static RULE = {
        id: "token/missing-kid",
        severity: Error,
        symptoms: [ConvexUnauthenticated, TokenRejected],
        summary: "The token header has no `kid`",
        runs_on: TokenVerdict,
    };
}
