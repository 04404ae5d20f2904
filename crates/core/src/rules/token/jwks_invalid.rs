use crate::declare_rule;

declare_rule! {
    /// ### What it does
    /// Parses the provider's JWKS with the rules of Convex's JWT library: a JSON object with a `keys`
    /// array in which **every** key parses. One key of an unknown `kty`, with `"alg": "EdDSA"`, or with
    /// a field of the wrong type makes the whole set invalid. Also reports a `data:` JWKS URI that
    /// cannot be decoded.
    ///
    /// Produced by `authkit-doctor token` and `authkit-doctor probe`, not by the project scan.
    ///
    /// ### Why is this bad?
    /// Every token is rejected with `Invalid JWKS response body from '<url>'. The response is not valid
    /// JSON or doesn't match the expected JWKS format.` (or `Invalid JWKS data URL…`), whatever its
    /// `kid`.
    ///
    /// ### Symptom
    /// All tokens fail, even ones signed by a key that is in the set.
    ///
    /// ### Fix
    /// Serve only RSA/EC signing keys, or remove the unsupported key. For a `data:` JWKS, encode the
    /// JSON with standard base64 after `;base64,`.
    ///
    /// ### Example
    /// ```json
    /// // before
    /// { "keys": [ { "kty": "RSA", "kid": "k1", "n": "…", "e": "AQAB" },
    ///             { "kty": "OKP", "crv": "Ed25519", "alg": "EdDSA", "x": "…" } ] }
    /// // after
    /// { "keys": [ { "kty": "RSA", "kid": "k1", "n": "…", "e": "AQAB" } ] }
    /// ```
    pub static RULE = {
        id: "token/jwks-invalid",
        severity: Error,
        symptoms: [ConvexUnauthenticated, TokenRejected],
        summary: "The JWKS is not a key set Convex accepts (one bad key invalidates all)",
        runs_on: TokenVerdict,
    };
}
