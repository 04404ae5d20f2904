use super::configs;
use crate::declare_rule;
use crate::diagnostic::Finding;
use crate::facts::convex_push::PushErrorKind;
use crate::rules::CheckContext;

declare_rule! {
    /// ### What it does
    /// Finds a provider with issuer `https://api.workos.com/` (or without the slash) and no
    /// `applicationID`.
    ///
    /// ### Why is this bad?
    /// That issuer is shared by every WorkOS customer; without an audience check any WorkOS
    /// token would be accepted. Convex refuses the push (`InsecureConfiguration`).
    ///
    /// ### Symptom
    /// `npx convex dev` fails with "This auth configuration appears potentially insecure".
    ///
    /// ### Fix
    /// Add `applicationID: clientId` to this provider (only this one; the
    /// `user_management/<clientId>` issuer must not have it).
    ///
    /// ### Example
    /// ```ts
    /// // before
    /// { type: "customJwt", issuer: "https://api.workos.com/", algorithm: "RS256", jwks }
    /// // after
    /// { type: "customJwt", issuer: "https://api.workos.com/", algorithm: "RS256", jwks,
    ///   applicationID: clientId }
    /// ```
    pub static RULE = {
        id: "auth-config/insecure-shared-issuer",
        severity: Error,
        symptoms: [DeployFails],
        summary: "the shared https://api.workos.com/ issuer without applicationID",
    };
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for cfg in configs(cx) {
        for error in cfg.push_errors(PushErrorKind::InsecureSharedIssuer) {
            // A misspelled `applicationId` is the real cause; that rule reports it.
            let misspelled = cfg.push_errors(PushErrorKind::ApplicationIdSpelling).any(|e| e.provider == error.provider);
            if misspelled {
                continue;
            }
            out.push(
                RULE.finding(format!("provider {}: {}", error.provider.unwrap_or(0), error.detail))
                    .at(cfg.loc(error.span))
                    .help("Add `applicationID: clientId` to this provider so Convex checks the token's `aud`.")
                    .convex_message(error.message.clone())
                    .fix("Add `applicationID: process.env.WORKOS_CLIENT_ID` to the https://api.workos.com/ provider."),
            );
        }
    }
}
