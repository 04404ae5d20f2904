use crate::declare_rule;
use crate::rules::logs::matcher::{Cause, Family, Hit, Level, Matcher};

declare_rule! {
    /// ### What it does
    /// Recognises `Could not validate token: Token will be valid in N seconds`: Convex saw an
    /// `nbf` or `iat` more than 5 seconds in its future. Produced only by `authkit-doctor
    /// logs`, never by a project scan.
    ///
    /// ### Why is this bad?
    /// The token is fine; a clock is wrong. WorkOS stamps `iat` with its own time, so this
    /// almost always means a custom token minter (or a local Convex backend) with a skewed
    /// clock.
    ///
    /// ### Symptom
    /// Sign-in fails right after login and starts working a little later.
    ///
    /// ### Fix
    /// Synchronise the clock of the machine that mints the token or runs the backend (NTP).
    ///
    /// ### Example
    /// ```text
    /// Could not validate token: Token will be valid in 42 seconds
    /// ```
    pub static RULE = {
        id: "logs/token-not-yet-valid",
        severity: Error,
        symptoms: [TokenRejected],
        summary: "Convex rejected a token issued in its future (clock skew)",
        runs_on: LogMessage(&MATCHER),
    };
}

pub static MATCHER: Matcher =
    Matcher { rule: &RULE, needles: &["token will be valid in"], unless: &[], level: Level::Specific, family: Family::ConvexAuth, explain };

fn explain(hit: &Hit) -> Cause {
    let start = hit.line.to_ascii_lowercase().find("could not validate token").unwrap_or(hit.at);
    Cause::new("Convex rejected a token whose `nbf`/`iat` lies in its future")
        .help("Convex allows 5 seconds of clock skew. A larger gap means the clock of whatever minted the token (or of a self-hosted backend) is off.")
        .convex(crate::rules::logs::matcher::message_at(hit.line, start))
        .fix("Synchronise the clocks (NTP) of the token minter and the backend.")
        .token("token/not-yet-valid")
        .at(start)
}
