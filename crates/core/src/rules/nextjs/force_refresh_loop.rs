use crate::declare_rule;
use crate::diagnostic::Finding;
use crate::facts::nextjs_code::RepeatContext;
use crate::rules::CheckContext;

declare_rule! {
    /// ### What it does
    /// Finds forced token refreshes that run repeatedly: `refresh()` from `useAccessToken()`,
    /// `refreshAuth()` or `getAccessToken({ forceRefresh: true })` from `useAuth()` (any AuthKit
    /// SDK), called inside a `useEffect`, a `setInterval` callback, a loop, or a catch block.
    ///
    /// ### Why is this bad?
    /// Each call exchanges the refresh token with WorkOS. The SDK already refreshes before the
    /// token expires; extra refreshes hit the rate limit (429), and two refreshes racing with the
    /// same single-use refresh token end the session (`invalid_grant`: "Refresh token already
    /// exchanged"). An effect that depends on the token it refreshes runs forever.
    ///
    /// ### Symptom
    /// 429s from `/user_management/authenticate`, random sign-outs, a page that keeps
    /// re-rendering.
    ///
    /// ### Fix
    /// Let the SDK refresh. Get a token with `getAccessToken()` (cached, refreshed when
    /// needed); force a refresh only when Convex asks for one (`forceRefreshToken` in
    /// `fetchAccessToken`).
    ///
    /// ### Example
    /// ```tsx
    /// // before
    /// useEffect(() => {
    ///   const id = setInterval(() => refresh(), 60_000);
    ///   return () => clearInterval(id);
    /// }, [refresh]);
    /// // after: nothing; in the Convex adapter
    /// fetchAccessToken: async ({ forceRefreshToken }) =>
    ///   (forceRefreshToken ? await refresh() : await getAccessToken()) ?? null,
    /// ```
    pub static RULE = {
        id: "nextjs/force-refresh-loop",
        severity: Error,
        symptoms: [RandomSignOuts, LoadingLoop],
        summary: "a forced token refresh in an effect, interval, loop or retry",
    };
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    // A file can belong to two apps (an app nested in another's dir): report it once.
    let mut seen = std::collections::BTreeSet::new();
    for facts in &cx.facts.apps {
        for file in &facts.code.files {
            for call in file.nextjs.refresh_calls.iter().filter(|c| seen.insert(c.location.clone())) {
                let consequence = match call.context {
                    RepeatContext::Effect => "it runs on every mount and every change of the effect's dependencies",
                    RepeatContext::Interval => "it runs on a timer, on top of the SDK's own refresh schedule",
                    RepeatContext::Loop => "it runs once per iteration",
                    RepeatContext::Catch => "every failure triggers another refresh",
                };
                out.push(
                    RULE.finding(format!("`{}` {}: {consequence}; each call spends the single-use refresh token", call.call, call.context.describe()))
                        .at(call.location.clone())
                        .help("Forced refreshes in repeating code hit WorkOS's rate limit (429) and race each other (`invalid_grant: Refresh token already exchanged.`), which signs the user out. The SDK already refreshes the token before it expires.")
                        .fix("Remove the forced refresh. Use `getAccessToken()` (it returns the cached token and refreshes only when needed), and force a refresh only when Convex passes `forceRefreshToken: true` to `fetchAccessToken`."),
                );
            }
        }
    }
}
