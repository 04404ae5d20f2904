use crate::declare_rule;
use crate::rules::logs::matcher::{Cause, Family, Hit, Level, Matcher};

declare_rule! {
    /// ### What it does
    /// Recognises WorkOS rate limiting: `RateLimitExceededException`, `Rate limit exceeded`,
    /// `429 Too Many Requests` (from `@workos-inc/node` or inside `Failed to refresh session:
    /// …`). Produced only by `authkit-doctor logs`, never by a project scan.
    ///
    /// ### Why is this bad?
    /// `/user_management/authenticate` allows 10 requests per minute per user. A refresh in a
    /// loop burns that in seconds; before authkit-nextjs 3.0 the 429 also crashed
    /// `useAccessToken` with a 500.
    ///
    /// ### Symptom
    /// Token loading flaps, pages error, users are signed out.
    ///
    /// ### Fix
    /// Stop forcing refreshes (effects, intervals, retries); let the SDK refresh before
    /// expiry.
    ///
    /// ### Example
    /// ```text
    /// RateLimitExceededException: Rate limit exceeded
    /// ```
    pub static RULE = {
        id: "logs/refresh-rate-limited",
        severity: Error,
        symptoms: [LoadingLoop, RandomSignOuts],
        summary: "WorkOS rate-limited the app (429), usually refreshes in a loop",
        runs_on: LogMessage(&MATCHER),
    };
}

pub static MATCHER: Matcher = Matcher {
    rule: &RULE,
    needles: &["ratelimitexceeded", "rate limit exceeded", "429 too many requests"],
    unless: &[],
    level: Level::Specific,
    family: Family::Refresh,
    explain,
};

fn explain(hit: &Hit) -> Cause {
    Cause::new("WorkOS answered 429: the app sends more refresh/authenticate requests than the rate limit allows")
        .help("WorkOS allows 10 `/user_management/authenticate` requests per minute per user. Forced refreshes in an effect, interval or retry loop — or a Convex adapter that refreshes on every `fetchAccessToken` call — exceed it quickly; before authkit-nextjs 3.0 the 429 surfaced as a 500 from `useAccessToken`.")
        .convex(hit.message())
        .fix("Remove forced refreshes from loops and effects; upgrade authkit-nextjs to 3.x or later; let the SDK refresh shortly before expiry.")
        .rules(&["nextjs/force-refresh-loop", "client/convex-dev-workos-adapter", "client/fetch-access-token-ignores-force-refresh"])
}
