use crate::declare_rule;

declare_rule! {
    /// ### What it does
    /// Reports a token whose header `kid` matches no key of the matched provider's JWKS (compared
    /// exactly, first match wins). Needs the key set: `--jwks FILE|URL`, a `data:` URI in the config,
    /// or `--online`.
    ///
    /// Produced by `authkit-doctor token`, not by the project scan.
    ///
    /// ### Why is this bad?
    /// Convex cannot verify the signature and rejects the token with `Could not decode token. The JWT's
    /// 'kid' (key ID) header is '<kid>', does this key match any key in the provider's JWKS?`
    /// (production: `… header doesn't match any key in the provider's JWKS, or the JWT signature is
    /// invalid.`).
    ///
    /// ### Symptom
    /// Sign-in works, Convex stays unauthenticated, and the console names the `kid`.
    ///
    /// ### Fix
    /// Point `jwks` at the key set of the WorkOS environment that issued the token:
    /// `https://api.workos.com/sso/jwks/<clientId>` with the same client id as the issuer. A `data:`
    /// JWKS copied into the config goes stale when WorkOS rotates keys: use the URL.
    ///
    /// ### Example
    /// ```ts
    /// // before: the dev client's keys for a prod client's tokens
    /// jwks: "https://api.workos.com/sso/jwks/client_01DEV…",
    /// // after
    /// jwks: `https://api.workos.com/sso/jwks/${process.env.WORKOS_CLIENT_ID}`,
    /// ```
    pub static RULE = {
        id: "token/kid-not-found",
        severity: Error,
        symptoms: [ConvexUnauthenticated, TokenRejected],
        summary: "The token's `kid` is not in the provider's JWKS",
        runs_on: TokenVerdict,
    };
}
