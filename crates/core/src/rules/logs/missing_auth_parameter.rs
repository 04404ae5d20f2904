use crate::declare_rule;
use crate::rules::logs::matcher::{Cause, Family, Hit, Level, Matcher};

declare_rule! {
    /// ### What it does
    /// Recognises authkit-nextjs's callback error `Missing required auth parameter`
    /// (`missing_auth_params`): the callback got no `code` or no `state`. Produced only by
    /// `authkit-doctor logs`, never by a project scan.
    ///
    /// ### Why is this bad?
    /// The sign-in cannot complete. Typical causes: dashboard impersonation or an IdP-initiated
    /// login without a Sign-in (Initiate login) endpoint configured in WorkOS, a prefetch or a
    /// direct visit of `/callback`, or a proxy dropping the query string.
    ///
    /// ### Symptom
    /// The callback shows "Something went wrong".
    ///
    /// ### Fix
    /// Configure the Sign-in endpoint in the WorkOS dashboard (a route that calls
    /// `getSignInUrl()` and redirects); never link to `/callback`.
    ///
    /// ### Example
    /// ```text
    /// [AuthKit callback error] CallbackError: Missing required auth parameter
    /// ```
    pub static RULE = {
        id: "logs/missing-auth-parameter",
        severity: Error,
        symptoms: [CallbackFails],
        summary: "the sign-in callback got no code or no state",
        runs_on: LogMessage(&MATCHER),
    };
}

pub static MATCHER: Matcher = Matcher {
    rule: &RULE,
    needles: &["missing required auth parameter"],
    unless: &[],
    level: Level::Specific,
    family: Family::Callback,
    explain,
};

fn explain(hit: &Hit) -> Cause {
    Cause::new("the sign-in callback was called without `code` or `state`")
        .help("authkit-nextjs v3+ needs both. Dashboard impersonation and IdP-initiated sign-ins reach the callback without the app's `state` unless WorkOS knows the app's Sign-in endpoint (Initiate login URI); a prefetched or bookmarked `/callback`, or a proxy that drops the query string, does the same.")
        .convex(hit.message())
        .fix("Set the Sign-in endpoint in the WorkOS dashboard (Redirects) to a route that redirects to `getSignInUrl()`; do not link to the callback route.")
        .rules(&["nextjs/callback-route-missing", "redirect/no-callback-route"])
}
