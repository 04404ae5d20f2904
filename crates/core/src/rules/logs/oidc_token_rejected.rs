use crate::declare_rule;
use crate::rules::logs::matcher::{Cause, Family, Hit, Level, Matcher};

declare_rule! {
    /// ### What it does
    /// Recognises Convex's OIDC-provider errors: `Could not verify OIDC token claim…`,
    /// `Could not parse as OIDC ID token…` and `Auth provider discovery of … failed`.
    /// Produced only by `authkit-doctor logs`, never by a project scan.
    ///
    /// ### Why is this bad?
    /// The token matched an OIDC provider (`domain` + `applicationID`). WorkOS AuthKit access
    /// tokens are not OIDC ID tokens for the app, and WorkOS's user_management issuer is meant
    /// for `customJwt` providers.
    ///
    /// ### Symptom
    /// Every AuthKit token is rejected.
    ///
    /// ### Fix
    /// Replace the OIDC provider with the two `customJwt` providers.
    ///
    /// ### Example
    /// ```text
    /// Could not verify OIDC token claim. Check that the token signature is valid and the token hasn't expired.
    /// ```
    pub static RULE = {
        id: "logs/oidc-token-rejected",
        severity: Error,
        symptoms: [TokenRejected],
        summary: "Convex rejected the token through an OIDC provider",
        runs_on: LogMessage(&MATCHER),
    };
}

pub static MATCHER: Matcher = Matcher {
    rule: &RULE,
    needles: &["could not verify oidc token claim", "could not parse as oidc id token", "auth provider discovery of"],
    unless: &[],
    level: Level::Specific,
    family: Family::ConvexAuth,
    explain,
};

fn explain(hit: &Hit) -> Cause {
    Cause::new("Convex rejected the token through an OIDC provider")
        .key(hit.needle)
        .help("WorkOS AuthKit is configured as an OIDC provider (`domain` + `applicationID`). AuthKit access tokens are verified with `customJwt` providers: issuer `https://api.workos.com/user_management/<clientId>`, jwks `https://api.workos.com/sso/jwks/<clientId>`, algorithm RS256.")
        .convex(hit.message())
        .fix("Replace the OIDC provider in `convex/auth.config.ts` with the two WorkOS `customJwt` providers.")
        .rules(&["auth-config/legacy-oidc-domain"])
}
