use super::cite_rows;
use crate::declare_rule;
use crate::diagnostic::Diagnosed;
use crate::facts::har::{HarFacts, Kind, Row};

declare_rule! {
    /// ### What it does
    /// Finds, in a HAR (`authkit-doctor har`), WorkOS `…/user_management/authenticate` calls
    /// (session refreshes) answered `429 Too Many Requests`. Produced only by the `har`
    /// command; `check` never reports it.
    ///
    /// ### Why is this bad?
    /// WorkOS allows 10 authenticate requests per minute per user. An app that forces a
    /// refresh in an effect, an interval or a retry loop — or a Convex adapter that refreshes on
    /// every `fetchAccessToken` call — hits the limit; the SDK then has no token and Convex
    /// drops the user.
    ///
    /// ### Symptom
    /// Token loading flaps, Convex flips to unauthenticated, users get signed out.
    ///
    /// ### Fix
    /// Remove forced refreshes from loops and effects; refresh only when Convex asks
    /// (`forceRefreshToken`) or the token is about to expire.
    ///
    /// ### Example
    /// ```ts
    /// // before: refreshes every render
    /// useEffect(() => { getAccessToken({ forceRefresh: true }); });
    /// // after: let the SDK refresh before expiry
    /// const token = await getAccessToken();
    /// ```
    pub static RULE = {
        id: "har/refresh-rate-limited",
        severity: Error,
        symptoms: [LoadingLoop, RandomSignOuts],
        summary: "WorkOS answered 429 to session refreshes",
        runs_on: Har(detect),
    };
}

pub fn detect(h: &HarFacts, out: &mut Vec<Diagnosed>) {
    let rows: Vec<&Row> = h.of(Kind::WorkosAuthenticate).filter(|r| r.status == 429).collect();
    let Some(first) = rows.first() else { return };
    let total = h.of(Kind::WorkosAuthenticate).count();
    let retry = first.retry_after.as_deref().map(|s| format!(", Retry-After: {s}")).unwrap_or_default();
    let grant = first.grant_type.as_deref().map(|g| format!(" ({g})")).unwrap_or_default();
    let finding = RULE
        .finding(format!(
            "WorkOS rate-limited `{}`{grant}: 429{retry} — {} ({} of {total} authenticate calls in the capture)",
            first.request_line(),
            cite_rows(h, &rows),
            rows.len()
        ))
        .help("WorkOS allows 10 `/user_management/authenticate` requests per minute per user. Something refreshes far more often than once per token lifetime (5 minutes): a forced refresh in an effect, interval or retry loop, or a Convex adapter that refreshes on every `fetchAccessToken` call.")
        .fix("Refresh only when Convex passes `forceRefreshToken: true` or the token is about to expire; remove forced refreshes from effects and loops.");
    out.push(
        Diagnosed::new(
            finding,
            &["nextjs/force-refresh-loop", "client/fetch-access-token-ignores-force-refresh", "client/convex-dev-workos-adapter"],
        )
        .entries(rows.iter().map(|r| r.index)),
    );
}
