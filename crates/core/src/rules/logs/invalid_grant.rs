use crate::declare_rule;
use crate::rules::logs::matcher::{Cause, Family, Hit, Level, Matcher};

declare_rule! {
    /// ### What it does
    /// Recognises WorkOS's `invalid_grant` error when no more specific description follows
    /// (`Refresh token already exchanged.` is `logs/refresh-token-already-exchanged`).
    /// Produced only by `authkit-doctor logs`, never by a project scan.
    ///
    /// ### Why is this bad?
    /// The refresh token (or code) is no longer valid: the session was revoked or ended, the
    /// token belongs to another WorkOS environment (dev vs prod client id), or — in an SPA
    /// without a custom auth domain — the refresh cookie was blocked as third-party.
    ///
    /// ### Symptom
    /// Users are signed out, often right after a reload.
    ///
    /// ### Fix
    /// Check that the client id matches the environment; for authkit-react in production set
    /// up a custom Authentication API domain (`apiHostname`).
    ///
    /// ### Example
    /// ```text
    /// OauthException: Error: invalid_grant
    /// ```
    pub static RULE = {
        id: "logs/invalid-grant",
        severity: Error,
        symptoms: [RandomSignOuts],
        summary: "WorkOS rejected a refresh token or code (invalid_grant)",
        runs_on: LogMessage(&MATCHER),
    };
}

pub static MATCHER: Matcher =
    Matcher { rule: &RULE, needles: &["invalid_grant"], unless: &[], level: Level::Generic, family: Family::Refresh, explain };

fn explain(hit: &Hit) -> Cause {
    let description = hit
        .after("error_description")
        .or_else(|| hit.after("error description"))
        .map(|d| d.trim_start_matches(['"', ':', ' ', '=']).trim())
        .filter(|d| !d.is_empty());
    let description = description.map(|d| crate::rules::logs::matcher::message_at(d, 0));
    Cause::new(match description {
        Some(d) => format!("WorkOS rejected the refresh token or code: invalid_grant ({d})"),
        None => "WorkOS rejected the refresh token or code: invalid_grant".to_string(),
    })
    .key(description.unwrap_or(""))
    .help("The grant is no longer valid: the session ended or was revoked, it was already used, it belongs to another WorkOS environment (client id of dev vs prod), or — authkit-react in production without a custom auth domain — the browser blocked WorkOS's refresh cookie as third-party.")
    .convex(hit.message())
    .fix("Use one client id per environment everywhere; for SPAs in production configure a custom Authentication API domain (`apiHostname`) or `devMode`.")
    .rules(&["client/spa-production-refresh", "nextjs/force-refresh-loop", "convex-env/client-id-mismatch"])
}
