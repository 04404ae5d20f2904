use super::configs;
use crate::declare_rule;
use crate::diagnostic::{Edit, Finding};
use crate::facts::convex_push::PushErrorKind;
use crate::rules::CheckContext;

declare_rule! {
    /// ### What it does
    /// Finds a provider key spelled `applicationId` or `applicationid` instead of `applicationID`.
    ///
    /// ### Why is this bad?
    /// Convex checks this spelling explicitly and rejects the push, so the new config never
    /// reaches the deployment.
    ///
    /// ### Symptom
    /// The push fails; if an older config is deployed, tokens keep failing against it.
    ///
    /// ### Fix
    /// Spell it `applicationID` (capital I, capital D).
    ///
    /// ### Example
    /// ```ts
    /// // before
    /// { type: "customJwt", issuer: "https://api.workos.com/", applicationId: clientId, ... }
    /// // after
    /// { type: "customJwt", issuer: "https://api.workos.com/", applicationID: clientId, ... }
    /// ```
    pub static RULE = {
        id: "auth-config/application-id-spelling",
        severity: Error,
        symptoms: [DeployFails, ConvexUnauthenticated],
        summary: "provider key spelled applicationId instead of applicationID",
    };
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for cfg in configs(cx) {
        for error in cfg.push_errors(PushErrorKind::ApplicationIdSpelling) {
            let edit =
                Edit { file: cfg.facts.file.clone(), start: error.span.start, end: error.span.end, replacement: "applicationID".into() };
            out.push(
                RULE.finding(format!("provider {}: {}", error.provider.unwrap_or(0), error.detail))
                    .at(cfg.loc(error.span))
                    .help("Convex matches the key exactly and rejects the push for this spelling.")
                    .convex_message(error.message.clone())
                    .safe_fix("Rename the key to `applicationID`.", vec![edit]),
            );
        }
    }
}
