use crate::declare_rule;
use crate::rules::logs::matcher::{Cause, Family, Hit, Level, Matcher};

declare_rule! {
    /// ### What it does
    /// Recognises authkit-nextjs's `[AuthKit callback error]` log line and the error page text
    /// `Couldn't sign in. If you are not sure what happened, please contact your organization
    /// admin.`, when no line nearby says why (a known reason — state mismatch, missing
    /// parameter, cookie password — is reported as its own rule). Produced only by
    /// `authkit-doctor logs`, never by a project scan.
    ///
    /// ### Why is this bad?
    /// The code exchange in `handleAuth()` failed; the user is not signed in.
    ///
    /// ### Symptom
    /// After the WorkOS login page, the app shows "Something went wrong".
    ///
    /// ### Fix
    /// Read the error logged after `[AuthKit callback error]`; check `WORKOS_API_KEY`,
    /// `WORKOS_CLIENT_ID` and the cookie password of the server.
    ///
    /// ### Example
    /// ```text
    /// [AuthKit callback error] Error: fetch failed
    /// ```
    pub static RULE = {
        id: "logs/callback-error",
        severity: Error,
        symptoms: [CallbackFails],
        summary: "the sign-in callback (handleAuth) failed",
        runs_on: LogMessage(&MATCHER),
    };
}

pub static MATCHER: Matcher = Matcher {
    rule: &RULE,
    needles: &["[authkit callback error]", "couldn't sign in. if you are not sure what happened"],
    unless: &[],
    level: Level::Wrapper,
    family: Family::Callback,
    explain,
};

fn explain(hit: &Hit) -> Cause {
    let detail = hit.after("[authkit callback error]").map(|r| r.trim().trim_matches(['"', ','])).filter(|r| !r.is_empty());
    Cause::new(match detail {
        Some(d) => format!("the sign-in callback failed: {d}"),
        None => "the sign-in callback failed".to_string(),
    })
    .key(detail.unwrap_or(""))
    .help("`handleAuth()` could not exchange the code for a session. The error after `[AuthKit callback error]` says why; common causes are a wrong WORKOS_API_KEY or WORKOS_CLIENT_ID on the server, a short WORKOS_COOKIE_PASSWORD, or a network error reaching WorkOS.")
    .fix("Check the server's WORKOS_API_KEY, WORKOS_CLIENT_ID and WORKOS_COOKIE_PASSWORD; paste the lines after the error to `authkit-doctor logs` too.")
    .rules(&["env/missing-api-key", "env/missing-client-id", "env/cookie-password", "nextjs/callback-route-missing"])
}
