use crate::declare_rule;
use crate::rules::logs::matcher::{Cause, Family, Hit, Level, Matcher};

declare_rule! {
    /// ### What it does
    /// Recognises a failed WorkOS session refresh when no line nearby says why:
    /// `Failed to refresh session: …` (`TokenRefreshError`), `Failed to refresh access token`
    /// (authkit-nextjs's client token store) and authkit-js's `Timed out waiting to refresh
    /// the session.` Produced only by `authkit-doctor logs`, never by a project scan.
    ///
    /// ### Why is this bad?
    /// Without a fresh access token Convex rejects requests once the old one expires; terminal
    /// refresh errors delete the session and sign the user out.
    ///
    /// ### Symptom
    /// Token loading flaps, sign-outs after a few minutes.
    ///
    /// ### Fix
    /// Read the error after the prefix (`invalid_grant`, 429, `fetch failed`, a 401 for a bad
    /// API key); `authkit-doctor logs` maps those too when they are in the paste.
    ///
    /// ### Example
    /// ```text
    /// Failed to refresh access token: fetch failed
    /// ```
    pub static RULE = {
        id: "logs/refresh-failed",
        severity: Error,
        symptoms: [RandomSignOuts, LoadingLoop],
        summary: "a WorkOS session refresh failed (reason not in the paste)",
        runs_on: LogMessage(&MATCHER),
    };
}

pub static MATCHER: Matcher = Matcher {
    rule: &RULE,
    needles: &["failed to refresh session", "failed to refresh access token", "timed out waiting to refresh the session"],
    unless: &[],
    level: Level::Wrapper,
    family: Family::Refresh,
    explain,
};

fn explain(hit: &Hit) -> Cause {
    let reason = hit.rest().split_once(':').map(|(_, r)| crate::rules::logs::matcher::message_at(r.trim(), 0)).filter(|r| !r.is_empty());
    Cause::new(match reason {
        Some(r) => format!("a WorkOS session refresh failed: {r}"),
        None => "a WorkOS session refresh failed".to_string(),
    })
    .key(reason.unwrap_or(""))
    .help("The access token could not be renewed. Network errors, 408/429 and 5xx are transient (the session is kept since authkit-nextjs 4.3.1); anything else — invalid_grant, a 401 from a wrong WORKOS_API_KEY — ends the session.")
    .convex(hit.message())
    .fix("Look at the reason after the colon; check WORKOS_API_KEY/WORKOS_CLIENT_ID of the server, and that nothing forces refreshes in a loop.")
    .rules(&["nextjs/force-refresh-loop", "env/missing-api-key", "client/convex-dev-workos-adapter"])
}
