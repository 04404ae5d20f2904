use crate::declare_rule;
use crate::rules::logs::matcher::{Cause, Family, Hit, Level, Matcher};

declare_rule! {
    /// ### What it does
    /// Recognises `You must provide a valid cookie password that is at least 32 characters in
    /// the environment variables.` (authkit-nextjs middleware) and iron-session's `Password
    /// string too short (min 32 characters required)`. Produced only by `authkit-doctor logs`,
    /// never by a project scan.
    ///
    /// ### Why is this bad?
    /// The session cookie cannot be sealed: every request through the middleware, or the
    /// callback, fails.
    ///
    /// ### Symptom
    /// The callback or every page answers 500.
    ///
    /// ### Fix
    /// Set `WORKOS_COOKIE_PASSWORD` to at least 32 random characters (`openssl rand -base64
    /// 24`) wherever the app runs, production included.
    ///
    /// ### Example
    /// ```text
    /// Error: You must provide a valid cookie password that is at least 32 characters in the environment variables.
    /// ```
    pub static RULE = {
        id: "logs/cookie-password-short",
        severity: Error,
        symptoms: [CallbackFails, WorksInDevNotProd],
        summary: "WORKOS_COOKIE_PASSWORD is missing or shorter than 32 characters",
        runs_on: LogMessage(&MATCHER),
    };
}

pub static MATCHER: Matcher = Matcher {
    rule: &RULE,
    needles: &["you must provide a valid cookie password", "password string too short"],
    unless: &[],
    level: Level::Specific,
    family: Family::Callback,
    explain,
};

fn explain(hit: &Hit) -> Cause {
    Cause::new("WORKOS_COOKIE_PASSWORD is missing or shorter than 32 characters where the app runs")
        .help("authkit-nextjs seals the session cookie with WORKOS_COOKIE_PASSWORD (iron-session needs 32+ characters). A host's env settings are separate from `.env.local`: a build that works locally fails in production when the host lacks it.")
        .convex(hit.message())
        .fix("Set WORKOS_COOKIE_PASSWORD to 32+ random characters (`openssl rand -base64 24`) in `.env.local` and in the host's env settings.")
        .rules(&["env/cookie-password"])
}
