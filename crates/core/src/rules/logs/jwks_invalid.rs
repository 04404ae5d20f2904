use crate::declare_rule;
use crate::rules::logs::matcher::{Cause, Family, Hit, Level, Matcher};

declare_rule! {
    /// ### What it does
    /// Recognises `Invalid JWKS response body from '…'` and `Invalid JWKS data URL.`: the key
    /// set Convex got is not a valid JWK set. Produced only by `authkit-doctor logs`, never by
    /// a project scan.
    ///
    /// ### Why is this bad?
    /// No token from this provider can be verified.
    ///
    /// ### Symptom
    /// Every token from this provider is rejected.
    ///
    /// ### Fix
    /// Use WorkOS's JWKS URL, or fix the base64 JSON of a `data:` URI.
    ///
    /// ### Example
    /// ```text
    /// Invalid JWKS response body from 'https://example.com/keys'. The response is not valid JSON or doesn't match the expected JWKS format.
    /// ```
    pub static RULE = {
        id: "logs/jwks-invalid",
        severity: Error,
        symptoms: [TokenRejected],
        summary: "the provider's JWKS is not a valid key set",
        runs_on: LogMessage(&MATCHER),
    };
}

pub static MATCHER: Matcher = Matcher {
    rule: &RULE,
    needles: &["invalid jwks response body", "invalid jwks data url"],
    unless: &[],
    level: Level::Specific,
    family: Family::ConvexAuth,
    explain,
};

fn explain(hit: &Hit) -> Cause {
    let data_url = hit.needle.contains("data url");
    Cause::new(if data_url { "the `data:` JWKS in the auth config is not a valid key set" } else { "the JWKS URL answers with something that is not a JWK set" })
        .key(if data_url { "data" } else { "url" })
        .help("Convex could not parse the keys. WorkOS's `https://<auth host>/sso/jwks/<clientId>` always serves a valid set; a `data:` URI must hold base64 of a JSON `{\"keys\": […]}`.")
        .convex(hit.message())
        .fix("Use WorkOS's JWKS URL, or re-encode the `data:` URI from a valid JWK set.")
        .token("token/jwks-invalid")
        .rules(&["auth-config/jwks-url"])
}
