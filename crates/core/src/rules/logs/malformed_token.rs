use crate::declare_rule;
use crate::rules::logs::matcher::{Cause, Family, Hit, Level, Matcher};

declare_rule! {
    /// ### What it does
    /// Recognises `Could not parse JWT payload. Check that the token is a valid JWT format with
    /// three base64-encoded parts separated by dots.` Produced only by `authkit-doctor logs`,
    /// never by a project scan.
    ///
    /// ### Why is this bad?
    /// What the client sends is not a JWT, or its claims have the wrong types (`exp` as a
    /// string, `aud` as a number). With AuthKit it is usually `fetchAccessToken` returning
    /// something else: the user object, the session id, the string `"undefined"`.
    ///
    /// ### Symptom
    /// `useConvexAuth()` never becomes true.
    ///
    /// ### Fix
    /// Return the access token itself from `fetchAccessToken` (authkit-react
    /// `getAccessToken()`, authkit-nextjs `useAccessToken().getAccessToken()`), or `null`.
    ///
    /// ### Example
    /// ```text
    /// {"code":"InvalidAuthHeader","message":"Could not parse JWT payload. Check that the token is a valid JWT format with three base64-encoded parts separated by dots."}
    /// ```
    pub static RULE = {
        id: "logs/malformed-token",
        severity: Error,
        symptoms: [ConvexUnauthenticated, TokenRejected],
        summary: "Convex could not parse the token as a JWT",
        runs_on: LogMessage(&MATCHER),
    };
}

pub static MATCHER: Matcher = Matcher {
    rule: &RULE,
    needles: &["could not parse jwt payload"],
    unless: &[],
    level: Level::Specific,
    family: Family::ConvexAuth,
    explain,
};

fn explain(hit: &Hit) -> Cause {
    Cause::new("Convex could not parse the token the client sent as a JWT")
        .help("What reached Convex is not a JWT, or its claims have the wrong types. With AuthKit this is usually a `fetchAccessToken` that returns something else than the access token (a user object, a session id, `\"undefined\"`).")
        .convex(hit.message())
        .fix("Return the access token (or `null`) from `fetchAccessToken`; check it with `authkit-doctor token <value>`.")
        .token("token/malformed")
        .rules(&["client/fetch-access-token-ignores-force-refresh", "client/static-set-auth"])
}
