use crate::declare_rule;
use crate::rules::logs::matcher::{Cause, Family, Hit, Level, Matcher};

declare_rule! {
    /// ### What it does
    /// Recognises `Missing issuer claim ('iss') in JWT payload.` Produced only by
    /// `authkit-doctor logs`, never by a project scan.
    ///
    /// ### Why is this bad?
    /// Convex chooses the provider by `iss`; a token without one matches nothing. AuthKit
    /// access tokens always have `iss`, so the client sends another token (an ID token from
    /// another library, a hand-made test token).
    ///
    /// ### Symptom
    /// `useConvexAuth()` never becomes true.
    ///
    /// ### Fix
    /// Send the WorkOS access token.
    ///
    /// ### Example
    /// ```text
    /// Missing issuer claim ('iss') in JWT payload. The JWT must include an 'iss' claim that matches one of your configured auth providers.
    /// ```
    pub static RULE = {
        id: "logs/missing-issuer",
        severity: Error,
        symptoms: [TokenRejected],
        summary: "Convex rejected a token without an iss claim",
        runs_on: LogMessage(&MATCHER),
    };
}

pub static MATCHER: Matcher = Matcher {
    rule: &RULE,
    needles: &["missing issuer claim ('iss')"],
    unless: &[],
    level: Level::Specific,
    family: Family::ConvexAuth,
    explain,
};

fn explain(hit: &Hit) -> Cause {
    Cause::new("Convex rejected a token that has no `iss` claim")
        .help("AuthKit access tokens always carry `iss`; the client sends another token than the WorkOS access token.")
        .convex(hit.message())
        .fix("Return the WorkOS access token from `fetchAccessToken`; check the token with `authkit-doctor token`.")
        .token("token/missing-issuer")
}
