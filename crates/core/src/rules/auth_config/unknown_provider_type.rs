use super::configs;
use crate::declare_rule;
use crate::diagnostic::{Edit, Finding};
use crate::facts::convex_push::PushErrorKind;
use crate::rules::CheckContext;

declare_rule! {
    /// ### What it does
    /// Finds a provider whose `type` is not exactly `"customJwt"` or `"oidc"` — for example
    /// `"customJWT"`, `"CustomJwt"` or `"jwt"`.
    ///
    /// ### Why is this bad?
    /// The comparison is case-sensitive; Convex rejects the push.
    ///
    /// ### Symptom
    /// `npx convex dev` fails with "has unexpected 'type' value".
    ///
    /// ### Fix
    /// Use `type: "customJwt"` for WorkOS AuthKit.
    ///
    /// ### Example
    /// ```ts
    /// // before
    /// { type: "customJWT", issuer: "https://api.workos.com/", ... }
    /// // after
    /// { type: "customJwt", issuer: "https://api.workos.com/", ... }
    /// ```
    pub static RULE = {
        id: "auth-config/unknown-provider-type",
        severity: Error,
        symptoms: [DeployFails, ConvexUnauthenticated],
        summary: "provider type is not exactly customJwt or oidc",
    };
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for cfg in configs(cx) {
        for error in cfg.push_errors(PushErrorKind::UnexpectedType) {
            let written = cfg.providers().iter().find(|p| Some(p.index) == error.provider).and_then(|p| p.type_str()).unwrap_or("");
            let mut finding = RULE
                .finding(format!("provider {}: {}", error.provider.unwrap_or(0), error.detail))
                .at(cfg.loc(error.span))
                .help("Convex compares `type` case-sensitively: only \"customJwt\" and \"oidc\" exist. WorkOS AuthKit needs \"customJwt\".")
                .convex_message(error.message.clone());
            // Only a casing slip has a certain fix.
            if written.eq_ignore_ascii_case("customJwt") || written.eq_ignore_ascii_case("custom_jwt") {
                // The span covers the literal with its quotes; replace only the text inside them.
                let edit = Edit {
                    file: cfg.facts.file.clone(),
                    start: error.span.start + 1,
                    end: error.span.end.saturating_sub(1),
                    replacement: "customJwt".into(),
                };
                finding = finding.safe_fix("Write `\"customJwt\"`.", vec![edit]);
            } else {
                finding = finding.fix("Set `type: \"customJwt\"` (WorkOS) or remove `type` for an OIDC provider.");
            }
            out.push(finding);
        }
    }
}
