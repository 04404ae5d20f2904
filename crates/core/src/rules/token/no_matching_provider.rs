use crate::declare_rule;

declare_rule! {
    /// ### What it does
    /// Compares the token's `iss` and `aud` with every provider of `convex/auth.config.ts`, in the
    /// order Convex stores them (OIDC first, then providers without `applicationID`, then by issuer),
    /// and says for each one why it does not match: the issuer differs (Convex only trims trailing
    /// slashes and adds a missing `https://`; case and `http`/`https` matter), or the provider has
    /// `applicationID` and the token's `aud` is missing or does not contain it.
    ///
    /// Produced by `authkit-doctor token`, not by the project scan.
    ///
    /// ### Why is this bad?
    /// Convex chooses the provider before checking any signature. When none matches, every request
    /// fails with `No auth provider found matching the given token. Check that your JWT's issuer and
    /// audience match one of your configured providers: [...]` (production deployments print only
    /// `No auth provider found matching the given token`).
    ///
    /// ### Symptom
    /// WorkOS sign-in works, but `useConvexAuth()` stays `false` and `getUserIdentity()` returns `null`.
    ///
    /// ### Fix
    /// Make one provider's `issuer` equal the token's `iss`. AuthKit access tokens carry
    /// `https://api.workos.com/user_management/<clientId>` and no `aud`, so that provider must not have
    /// `applicationID`. If the client id differs, the token comes from another WorkOS environment.
    ///
    /// ### Example
    /// ```ts
    /// // before: AuthKit tokens have no aud, so this provider never matches
    /// { type: "customJwt", issuer: `https://api.workos.com/user_management/${clientId}`,
    ///   algorithm: "RS256", jwks: `https://api.workos.com/sso/jwks/${clientId}`, applicationID: clientId },
    /// // after
    /// { type: "customJwt", issuer: `https://api.workos.com/user_management/${clientId}`,
    ///   algorithm: "RS256", jwks: `https://api.workos.com/sso/jwks/${clientId}` },
    /// ```
    pub static RULE = {
        id: "token/no-matching-provider",
        severity: Error,
        symptoms: [ConvexUnauthenticated, TokenRejected],
        summary: "No provider in auth.config.ts matches the token's iss (and aud)",
        runs_on: TokenVerdict,
    };
}
