use crate::declare_rule;
use crate::rules::logs::matcher::{Cause, Family, Hit, Level, Matcher};

declare_rule! {
    /// ### What it does
    /// Recognises authkit-js's `Couldn't exchange code. An authorization_code was supplied for
    /// a login which did not originate at the application.` (console error of authkit-react
    /// SPAs). Produced only by `authkit-doctor logs`, never by a project scan.
    ///
    /// ### Why is this bad?
    /// The PKCE code verifier in `sessionStorage` is missing: the login started elsewhere
    /// (dashboard impersonation, IdP-initiated login without an Initiate-login endpoint) or on
    /// another origin (sign-in on `localhost`, redirect URI on `127.0.0.1` or another port).
    ///
    /// ### Symptom
    /// Back from WorkOS, the SPA stays signed out.
    ///
    /// ### Fix
    /// Make the redirect URI's origin the app's; configure the Sign-in endpoint in WorkOS for
    /// logins that start there.
    ///
    /// ### Example
    /// ```text
    /// Couldn't exchange code.
    ///
    /// An authorization_code was supplied for a login which did not originate at the application.
    /// ```
    pub static RULE = {
        id: "logs/code-exchange-failed",
        severity: Error,
        symptoms: [CallbackFails],
        summary: "authkit-js could not exchange the code (no PKCE verifier for this login)",
        runs_on: LogMessage(&MATCHER),
    };
}

pub static MATCHER: Matcher =
    Matcher { rule: &RULE, needles: &["couldn't exchange code"], unless: &[], level: Level::Specific, family: Family::Callback, explain };

fn explain(hit: &Hit) -> Cause {
    Cause::new("authkit-js could not exchange the authorization code: this browser has no PKCE verifier for the login")
        .help("authkit-js keeps the code verifier in `sessionStorage` of the origin that called `signIn()`. If the redirect URI points at another origin (another port, 127.0.0.1 vs localhost, http vs https) or the login started outside the app (impersonation, IdP-initiated), the verifier is not there.")
        .convex(hit.message())
        .fix("Use the app's exact origin in the redirect URI; set the Sign-in endpoint in the WorkOS dashboard for logins started there.")
        .rules(&["redirect/port-mismatch", "client/callback-redirects-before-auth"])
}
