use crate::declare_rule;
use crate::rules::logs::matcher::{Cause, Family, Hit, Level, Matcher};

declare_rule! {
    /// ### What it does
    /// Recognises authkit-nextjs's callback error `OAuth state mismatch`
    /// (`oauth_state_mismatch`). Produced only by `authkit-doctor logs`, never by a project
    /// scan.
    ///
    /// ### Why is this bad?
    /// The `state` WorkOS sent back is not the one in the PKCE cookie: another sign-in started
    /// in between (a second tab, or a prefetched sign-in link that began a new flow and
    /// replaced the cookie), or the cookie was set on another host than the callback's.
    ///
    /// ### Symptom
    /// The callback fails now and then, mostly after hovering or opening sign-in twice.
    ///
    /// ### Fix
    /// Give sign-in links `prefetch={false}` (or use `<a>`), and keep the redirect URI on the
    /// same host as the app.
    ///
    /// ### Example
    /// ```text
    /// [AuthKit callback error] CallbackError: OAuth state mismatch
    /// ```
    pub static RULE = {
        id: "logs/oauth-state-mismatch",
        severity: Error,
        symptoms: [CallbackFails],
        summary: "the callback's state does not match the PKCE cookie",
        runs_on: LogMessage(&MATCHER),
    };
}

pub static MATCHER: Matcher =
    Matcher { rule: &RULE, needles: &["oauth state mismatch"], unless: &[], level: Level::Specific, family: Family::Callback, explain };

fn explain(hit: &Hit) -> Cause {
    Cause::new("the callback's `state` does not match the sign-in that set the PKCE cookie")
        .help("Each `getSignInUrl()` starts a flow and writes its verifier cookie. A second flow started in between (another tab, or a prefetching `<Link>` to a sign-in route) replaces it; a redirect URI on another host than the app (localhost vs 127.0.0.1) never sees it.")
        .convex(hit.message())
        .fix("Use `prefetch={false}` or plain `<a>` for sign-in links; serve the app on the redirect URI's host.")
        .rules(&["nextjs/auth-link-prefetch", "redirect/port-mismatch"])
}
