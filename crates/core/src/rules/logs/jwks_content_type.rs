use crate::declare_rule;
use crate::rules::logs::matcher::{Cause, Family, Hit, Level, Matcher};

declare_rule! {
    /// ### What it does
    /// Recognises `Invalid Content-Type '…' when fetching JWKS from '…'. Expected
    /// 'application/json' or 'application/jwk-set+json'.` Produced only by `authkit-doctor
    /// logs`, never by a project scan.
    ///
    /// ### Why is this bad?
    /// The `jwks` URL answers, but not with a key set: usually an HTML page (a login page, a
    /// 404 page of a custom domain, the app itself).
    ///
    /// ### Symptom
    /// Every token from this provider is rejected.
    ///
    /// ### Fix
    /// Point `jwks` at `https://<auth host>/sso/jwks/<clientId>`.
    ///
    /// ### Example
    /// ```text
    /// Invalid Content-Type 'text/html' when fetching JWKS from 'https://auth.example.com/jwks'. Expected 'application/json' or 'application/jwk-set+json'.
    /// ```
    pub static RULE = {
        id: "logs/jwks-content-type",
        severity: Error,
        symptoms: [TokenRejected],
        summary: "the provider's JWKS URL does not answer with JSON",
        runs_on: LogMessage(&MATCHER),
    };
}

pub static MATCHER: Matcher = Matcher {
    rule: &RULE,
    needles: &["when fetching jwks from"],
    unless: &[],
    level: Level::Specific,
    family: Family::ConvexAuth,
    explain,
};

fn explain(hit: &Hit) -> Cause {
    let start = hit.line.to_ascii_lowercase().find("invalid content-type").unwrap_or(hit.at);
    let ct = hit.quoted_after("content-type").unwrap_or("unknown");
    let url = hit.quoted_after("when fetching jwks from").unwrap_or("");
    Cause::new(format!("the JWKS URL `{url}` answers with Content-Type `{ct}`, not a JSON key set"))
        .key(url)
        .at(start)
        .help(
            "The URL in `jwks` is not a JWKS endpoint (an HTML page answers). For WorkOS it is `https://<auth host>/sso/jwks/<clientId>`.",
        )
        .convex(crate::rules::logs::matcher::message_at(hit.line, start))
        .fix("Set `jwks` to `https://api.workos.com/sso/jwks/${clientId}` (or your custom auth domain's), then push.")
        .token("token/jwks-content-type")
        .rules(&["auth-config/jwks-url", "auth-config/custom-domain-issuer-mismatch"])
}
