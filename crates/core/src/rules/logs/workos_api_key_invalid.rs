use crate::declare_rule;
use crate::rules::logs::matcher::{Cause, Family, Hit, Level, Matcher};

declare_rule! {
    /// ### What it does
    /// Recognises `@workos-inc/node`'s 401: `Could not authorize the request. Maybe your API
    /// key is invalid?` Produced only by `authkit-doctor logs`, never by a project scan.
    ///
    /// ### Why is this bad?
    /// Every server-side WorkOS call fails: the code exchange in the callback, refreshes,
    /// user lookups. The key is wrong, revoked, or of another environment than the client id
    /// (`sk_test_` with a production client id).
    ///
    /// ### Symptom
    /// The callback fails; sessions cannot be refreshed.
    ///
    /// ### Fix
    /// Set `WORKOS_API_KEY` to the key of the same WorkOS environment as `WORKOS_CLIENT_ID`.
    ///
    /// ### Example
    /// ```text
    /// UnauthorizedException: Could not authorize the request. Maybe your API key is invalid?
    /// ```
    pub static RULE = {
        id: "logs/workos-api-key-invalid",
        severity: Error,
        symptoms: [CallbackFails, WorksInDevNotProd],
        summary: "WorkOS answered 401: the API key is invalid for this environment",
        runs_on: LogMessage(&MATCHER),
    };
}

pub static MATCHER: Matcher = Matcher {
    rule: &RULE,
    needles: &["could not authorize the request. maybe your api key is invalid"],
    unless: &[],
    level: Level::Specific,
    family: Family::None,
    explain,
};

fn explain(hit: &Hit) -> Cause {
    Cause::new("WorkOS rejected the API key (401)")
        .help("WORKOS_API_KEY is wrong, revoked, or from another WorkOS environment than WORKOS_CLIENT_ID (a `sk_test_` key with the production client id, or the reverse).")
        .convex(hit.message())
        .fix("Copy the API key of the environment that owns WORKOS_CLIENT_ID from the WorkOS dashboard (API Keys) into the server's env.")
        .rules(&["env/malformed-api-key", "env/missing-api-key", "env/mixed-environment"])
}
