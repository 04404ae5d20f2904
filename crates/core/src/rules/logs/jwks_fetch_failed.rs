use crate::declare_rule;
use crate::rules::logs::matcher::{Cause, Family, Hit, Level, Matcher};

declare_rule! {
    /// ### What it does
    /// Recognises `Could not fetch JWKS from URL '…': … Check that the URL is correct and
    /// accessible.` (a network error or a non-200 answer). Produced only by `authkit-doctor
    /// logs`, never by a project scan.
    ///
    /// ### Why is this bad?
    /// Convex cannot get the keys to verify any token from this provider. A 404 from WorkOS
    /// means a wrong path or client id; `/sso/jwks/undefined` means `WORKOS_CLIENT_ID` was not
    /// set on the deployment when the config was pushed.
    ///
    /// ### Symptom
    /// Every token is rejected.
    ///
    /// ### Fix
    /// `jwks: https://api.workos.com/sso/jwks/${clientId}` with `WORKOS_CLIENT_ID` set on the
    /// deployment (`npx convex env set WORKOS_CLIENT_ID client_…`).
    ///
    /// ### Example
    /// ```text
    /// Could not fetch JWKS from URL 'https://api.workos.com/sso/jwks/undefined': HTTP 404 Not Found. Check that the URL is correct and accessible.
    /// ```
    pub static RULE = {
        id: "logs/jwks-fetch-failed",
        severity: Error,
        symptoms: [ConvexUnauthenticated, TokenRejected],
        summary: "Convex could not fetch the provider's JWKS",
        runs_on: LogMessage(&MATCHER),
    };
}

pub static MATCHER: Matcher = Matcher {
    rule: &RULE,
    needles: &["could not fetch jwks from url"],
    unless: &[],
    level: Level::Specific,
    family: Family::ConvexAuth,
    explain,
};

fn explain(hit: &Hit) -> Cause {
    let url = hit.quoted_after("from url").unwrap_or("");
    let unset = url.ends_with("/undefined") || url.ends_with("/null") || url.trim_end_matches('/').ends_with("/sso/jwks");
    let mut rules = vec!["auth-config/jwks-url"];
    let help = if unset {
        rules.insert(0, "auth-config/env-var-unset");
        format!("`{url}` has no client id in it: WORKOS_CLIENT_ID was not set on the deployment when `auth.config.ts` was pushed.")
    } else {
        "Convex could not download the keys that verify tokens from this provider. A 404 from WorkOS means the path or the client id is wrong: the only JWKS URL is `https://<auth host>/sso/jwks/<clientId>`.".to_string()
    };
    Cause::new(format!("Convex could not fetch the JWKS at `{url}`"))
        .key(url)
        .help(help)
        .convex(hit.message())
        .fix("Set `jwks` to `https://api.workos.com/sso/jwks/${clientId}` with WORKOS_CLIENT_ID set on the deployment (`npx convex env set WORKOS_CLIENT_ID client_…`), then push.")
        .token("token/jwks-unreachable")
        .rules(&rules)
}
