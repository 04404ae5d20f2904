use crate::declare_rule;
use crate::rules::logs::matcher::{Cause, Family, Hit, Level, Matcher};

declare_rule! {
    /// ### What it does
    /// Recognises `Could not verify token claim. Check that the JWT contains valid claims and
    /// matches your auth provider configuration.`: Convex's outer message when `sub` or `exp`
    /// is missing. Produced only by `authkit-doctor logs`, never by a project scan.
    ///
    /// ### Why is this bad?
    /// Convex needs `sub`, `iss` and `exp` to build the identity. AuthKit access tokens have
    /// them; a custom or test token may not.
    ///
    /// ### Symptom
    /// The token is rejected although issuer and signature are right.
    ///
    /// ### Fix
    /// Send a token with `sub` and `exp` (the WorkOS access token has both).
    ///
    /// ### Example
    /// ```text
    /// Could not verify token claim. Check that the JWT contains valid claims and matches your auth provider configuration.
    /// ```
    pub static RULE = {
        id: "logs/token-claim-missing",
        severity: Error,
        symptoms: [TokenRejected],
        summary: "Convex rejected a token without sub or exp",
        runs_on: LogMessage(&MATCHER),
    };
}

pub static MATCHER: Matcher = Matcher {
    rule: &RULE,
    needles: &["could not verify token claim"],
    unless: &[],
    level: Level::Specific,
    family: Family::ConvexAuth,
    explain,
};

fn explain(hit: &Hit) -> Cause {
    Cause::new("Convex rejected the token: `sub` or `exp` is missing")
        .help("The message hides which claim: Convex needs `sub` and `exp` (and `iss`) to build the identity. AuthKit access tokens carry them, so the client sends another token.")
        .convex(hit.message())
        .fix("Send the WorkOS access token; `authkit-doctor token <jwt>` shows the claims it lacks.")
        .token("token/missing-claim")
}
