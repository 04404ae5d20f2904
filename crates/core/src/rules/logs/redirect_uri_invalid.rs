use crate::declare_rule;
use crate::rules::logs::matcher::{Cause, Family, Hit, Level, Matcher};

declare_rule! {
    /// ### What it does
    /// Recognises WorkOS rejecting the redirect URI: the error page
    /// `https://error.workos.com/sso/redirect-uri-invalid` and `Invalid redirect URI`.
    /// Produced only by `authkit-doctor logs`, never by a project scan.
    ///
    /// ### Why is this bad?
    /// WorkOS only redirects to URIs listed in the dashboard, compared exactly (scheme, host,
    /// port, path). Vercel previews get a new host per deployment.
    ///
    /// ### Symptom
    /// Clicking sign-in lands on a WorkOS error page.
    ///
    /// ### Fix
    /// Add the exact URI to WorkOS (Redirects), or derive it from `VERCEL_BRANCH_URL` for
    /// previews and register a wildcard.
    ///
    /// ### Example
    /// ```text
    /// GET https://error.workos.com/sso/redirect-uri-invalid?redirect_uri=https%3A%2F%2Fmy-app-git-x.vercel.app%2Fcallback
    /// ```
    pub static RULE = {
        id: "logs/redirect-uri-invalid",
        severity: Error,
        symptoms: [SignInDoesNothing, WorksInDevNotProd],
        summary: "WorkOS rejected the redirect URI (not registered)",
        runs_on: LogMessage(&MATCHER),
    };
}

pub static MATCHER: Matcher = Matcher {
    rule: &RULE,
    needles: &["redirect-uri-invalid", "invalid redirect uri"],
    unless: &[],
    level: Level::Specific,
    family: Family::None,
    explain,
};

fn explain(hit: &Hit) -> Cause {
    let uri = hit
        .after("redirect_uri=")
        .map(|r| r.split(['&', ' ', '"', '\'']).next().unwrap_or(""))
        .map(crate::facts::har::entry::percent_decode)
        .filter(|u| !u.is_empty());
    Cause::new(match &uri {
        Some(u) => format!("WorkOS rejected the redirect URI {u}: it is not registered"),
        None => "WorkOS rejected the redirect URI: it is not registered".to_string(),
    })
    .key(uri.clone().unwrap_or_default())
    .help("WorkOS compares the redirect URI exactly with the dashboard list (scheme, host, port, path). Typical misses: another dev port, http vs https, a base path, a Vercel preview host.")
    .convex(hit.message())
    .fix("Add the exact URI in the WorkOS dashboard (Redirects), or fix the app's redirect URI to one that is registered.")
    .rules(&["redirect/port-mismatch", "redirect/vercel-preview", "redirect/production-localhost", "redirect/base-path"])
}
