use crate::declare_rule;

declare_rule! {
    /// ### What it does
    /// Reports a token whose payload Convex cannot parse. Convex splits the token on `.`, decodes the
    /// second part as unpadded base64url and reads it as JSON with typed registered claims: `iss`,
    /// `sub`, `jti` strings; `aud` a string or an array of strings; `exp`, `nbf`, `iat` non-negative
    /// numbers (fractions are rounded). A claim of the wrong type, a negative time, a registered claim
    /// given twice, or a token with fewer than two parts fails the whole parse. A token with only two
    /// parts (no signature) is reported here too: Convex parses it, then refuses to verify it.
    ///
    /// Produced by `authkit-doctor token`, not by the project scan.
    ///
    /// ### Why is this bad?
    /// This is the first thing Convex checks: every such token is rejected with
    /// `Could not parse JWT payload. Check that the token is a valid JWT format with three
    /// base64-encoded parts separated by dots.` before the auth config is even consulted.
    ///
    /// ### Symptom
    /// The browser console shows `Failed to authenticate: "Could not parse JWT payload…"` and
    /// `useConvexAuth()` stays `false`.
    ///
    /// ### Fix
    /// Hand Convex the AuthKit access token exactly as `getAccessToken()` returns it: not the refresh
    /// token, not a session cookie, not a JSON-encoded or `Bearer `-prefixed string. If you mint your
    /// own tokens, write times as numbers of seconds.
    ///
    /// ### Example
    /// ```ts
    /// // before: the token arrives wrapped in quotes
    /// fetchAccessToken: async () => JSON.stringify(await getAccessToken()),
    /// // after
    /// fetchAccessToken: async () => (await getAccessToken()) ?? null,
    /// ```
    pub static RULE = {
        id: "token/malformed",
        severity: Error,
        symptoms: [ConvexUnauthenticated, TokenRejected],
        summary: "The token is not a JWT Convex can parse (parts, base64url, JSON, claim types)",
        runs_on: TokenVerdict,
    };
}
