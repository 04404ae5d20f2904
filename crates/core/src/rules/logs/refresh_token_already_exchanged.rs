use crate::declare_rule;
use crate::rules::logs::matcher::{Cause, Family, Hit, Level, Matcher};

declare_rule! {
    /// ### What it does
    /// Recognises WorkOS's `invalid_grant` with the description `Refresh token already
    /// exchanged.` (often inside `Failed to refresh session: …`). Produced only by
    /// `authkit-doctor logs`, never by a project scan.
    ///
    /// ### Why is this bad?
    /// Refresh tokens are single use. Two refreshes raced with the same token (parallel
    /// requests, a forced refresh in a loop or an effect, a route calling `refreshSession()`
    /// after the middleware already refreshed): the loser's session is terminated and the user
    /// is signed out.
    ///
    /// ### Symptom
    /// Users are signed out at random.
    ///
    /// ### Fix
    /// Refresh in one place (the middleware/proxy, or `useAccessToken`'s single in-flight
    /// refresh); never force refreshes in loops or effects.
    ///
    /// ### Example
    /// ```text
    /// TokenRefreshError: Failed to refresh session: Error: invalid_grant
    /// Error Description: Refresh token already exchanged.
    /// ```
    pub static RULE = {
        id: "logs/refresh-token-already-exchanged",
        severity: Error,
        symptoms: [RandomSignOuts],
        summary: "WorkOS refused a refresh token that was already used (concurrent refreshes)",
        runs_on: LogMessage(&MATCHER),
    };
}

pub static MATCHER: Matcher = Matcher {
    rule: &RULE,
    needles: &["refresh token already exchanged"],
    unless: &[],
    level: Level::Specific,
    family: Family::Refresh,
    explain,
};

fn explain(hit: &Hit) -> Cause {
    Cause::new("WorkOS refused a refresh token that had already been exchanged: two refreshes raced")
        .help("WorkOS refresh tokens are single use. When two requests refresh with the same token (parallel server requests, `refresh()`/`getAccessToken({ forceRefresh: true })` in an effect or retry loop, a route calling `refreshSession()` after the middleware already did), the second gets `invalid_grant` and the session ends.")
        .convex(hit.message())
        .fix("Let one place refresh (the AuthKit middleware/proxy, or `useAccessToken`); remove forced refreshes from effects, intervals and retry loops.")
        .rules(&["nextjs/force-refresh-loop", "client/fetch-access-token-ignores-force-refresh"])
}
