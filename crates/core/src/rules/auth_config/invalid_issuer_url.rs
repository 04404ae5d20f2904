use super::report_push_errors;
use crate::declare_rule;
use crate::diagnostic::Finding;
use crate::facts::convex_push::PushErrorKind;
use crate::rules::CheckContext;

declare_rule! {
    /// ### What it does
    /// Checks each `issuer` (and OIDC `domain`) the way Convex parses it: an http(s) URL; a
    /// value without a scheme must end in a real top-level domain (or be `localhost`); no
    /// leading quote character.
    ///
    /// ### Why is this bad?
    /// Convex rejects the push with "Invalid provider domain URL".
    ///
    /// ### Symptom
    /// `npx convex dev` fails; providers are not updated.
    ///
    /// ### Fix
    /// Write the issuer as the full URL WorkOS puts in the token's `iss`.
    ///
    /// ### Example
    /// ```ts
    /// // before
    /// issuer: "'https://api.workos.com/'"    // quoted twice
    /// // after
    /// issuer: "https://api.workos.com/"
    /// ```
    pub static RULE = {
        id: "auth-config/invalid-issuer-url",
        severity: Error,
        symptoms: [DeployFails],
        summary: "issuer is not an http(s) URL Convex accepts",
    };
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    report_push_errors(
        cx,
        &[PushErrorKind::InvalidIssuerUrl],
        &RULE,
        "The issuer must be an http(s) URL equal to the token's `iss` (Convex ignores trailing slashes only).",
        out,
    );
}
