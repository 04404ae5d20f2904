use crate::declare_rule;

declare_rule! {
    /// ### What it does
    /// Compares the token header's `alg`, the `alg` of the JWKS key (when it has one) and the
    /// provider's `algorithm` in `convex/auth.config.ts`. Convex requires them to be equal.
    ///
    /// Produced by `authkit-doctor token`, not by the project scan.
    ///
    /// ### Why is this bad?
    /// Any mismatch rejects the token with the `'kid'` message (`Could not decode token. The JWT's
    /// 'kid' (key ID) header is …`), which does not mention the algorithm at all. An `alg` Convex's JWT
    /// library does not know (`EdDSA`) makes the header unreadable and gives `JWT may be missing a
    /// 'kid'`.
    ///
    /// ### Symptom
    /// Every token is rejected although the `kid` is in the JWKS.
    ///
    /// ### Fix
    /// WorkOS signs access tokens with RS256: set `algorithm: "RS256"` on WorkOS providers.
    ///
    /// ### Example
    /// ```ts
    /// // before
    /// { type: "customJwt", issuer, jwks, algorithm: "ES256" },
    /// // after
    /// { type: "customJwt", issuer, jwks, algorithm: "RS256" },
    /// ```
    pub static RULE = {
        id: "token/algorithm-mismatch",
        severity: Error,
        symptoms: [ConvexUnauthenticated, TokenRejected],
        summary: "Header alg, JWK alg and the provider's algorithm disagree",
        runs_on: TokenVerdict,
    };
}
