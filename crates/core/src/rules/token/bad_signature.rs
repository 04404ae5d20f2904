use crate::declare_rule;

declare_rule! {
    /// ### What it does
    /// Verifies the token's signature with the JWKS key its `kid` names, as Convex does: RSA keys of
    /// 2048 to 8192 bits for RS256, P-256 keys for ES256. Reports a signature that does not verify, a
    /// signature that is not base64url, or a key of the wrong type.
    ///
    /// Produced by `authkit-doctor token`, not by the project scan.
    ///
    /// ### Why is this bad?
    /// Convex rejects the token with the same text as a missing key: `Could not decode token. The JWT's
    /// 'kid' (key ID) header is '<kid>', does this key match any key in the provider's JWKS?`.
    ///
    /// ### Symptom
    /// The console names a `kid` that is in the JWKS, which is confusing: the key is found, the
    /// signature is what fails.
    ///
    /// ### Fix
    /// Send the token unmodified (no re-encoding, no truncation). If you mint tokens yourself, sign with
    /// the private key whose public half is in the JWKS under that `kid`.
    ///
    /// ### Example
    /// ```ts
    /// // before: the payload was edited after signing
    /// const token = tamper(await getAccessToken());
    /// // after
    /// const token = await getAccessToken();
    /// ```
    pub static RULE = {
        id: "token/bad-signature",
        severity: Error,
        symptoms: [ConvexUnauthenticated, TokenRejected],
        summary: "The signature does not verify with the provider's key",
        runs_on: TokenVerdict,
    };
}
