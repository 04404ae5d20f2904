use crate::declare_rule;
use crate::rules::logs::matcher::{Cause, Family, Hit, Level, Matcher};

declare_rule! {
    /// ### What it does
    /// Recognises Convex's "Could not decode token" errors in every wording: the current ones
    /// (`The JWT's 'kid' (key ID) header is '…', does this key match any key in the provider's
    /// JWKS?`, the redacted production text, `JWT may be missing a 'kid' (key ID) header.`) and
    /// the ones before July 2025 (`… header is '…' but this doesn't match any key …`, `The JWT
    /// is missing a 'kid' (key ID) header, or the JWT signature is invalid.`). Produced only by
    /// `authkit-doctor logs`, never by a project scan.
    ///
    /// ### Why is this bad?
    /// A provider matched the token's issuer, but the signature did not verify with the keys
    /// at the provider's `jwks` URL. For WorkOS that means the JWKS URL names another client id
    /// than the one that issued the token, a wrong path, or an `algorithm` other than RS256.
    ///
    /// ### Symptom
    /// `useConvexAuth()` stays false after a successful WorkOS sign-in.
    ///
    /// ### Fix
    /// Use `jwks: https://api.workos.com/sso/jwks/${clientId}` with the client id the app signs
    /// in with, and `algorithm: "RS256"`.
    ///
    /// ### Example
    /// ```text
    /// Failed to authenticate: "Could not decode token. The JWT's 'kid' (key ID) header is 'sso_oidc_key_pair_01…', does this key match any key in the provider's JWKS?", check your server auth config
    /// ```
    pub static RULE = {
        id: "logs/could-not-decode-token",
        severity: Error,
        symptoms: [ConvexUnauthenticated, TokenRejected],
        summary: "Convex could not verify the token's signature with the provider's JWKS",
        runs_on: LogMessage(&MATCHER),
    };
}

pub static MATCHER: Matcher =
    Matcher { rule: &RULE, needles: &["could not decode token"], unless: &[], level: Level::Specific, family: Family::ConvexAuth, explain };

fn explain(hit: &Hit) -> Cause {
    let message = hit.message();
    let kid = hit.quoted_after("header is");
    let missing_kid = hit.contains("missing a 'kid'");
    let (what, token, key) = match kid {
        Some(kid) => (
            format!("Convex could not verify the token signed with key `{kid}` against the provider's JWKS"),
            "token/kid-not-found",
            kid.to_string(),
        ),
        None if missing_kid => (
            "Convex could not verify the token: it has no `kid` header, or its signature is invalid".to_string(),
            "token/missing-kid",
            "missing-kid".into(),
        ),
        None => {
            ("Convex could not verify the token's signature against the provider's JWKS".to_string(), "token/kid-not-found", String::new())
        }
    };
    Cause::new(what)
        .key(key)
        .help("A provider's issuer matched, so Convex fetched its `jwks` URL, but no key there verifies the token. With WorkOS: the JWKS URL names another client id than the one that issued the token (dev vs prod), has a wrong path (`/sso/jwks/<clientId>` is the only one), or `algorithm` is not RS256.")
        .convex(message)
        .fix("Make `jwks` `https://api.workos.com/sso/jwks/${clientId}` with the client id the app signs in with (same on the deployment), and `algorithm: \"RS256\"`; push with `npx convex dev`.")
        .token(token)
        .rules(&["auth-config/jwks-url", "auth-config/client-id-inconsistent", "convex-env/client-id-mismatch", "auth-config/unsupported-algorithm"])
}
