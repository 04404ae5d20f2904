use super::{KNOWN_GOOD_PROVIDERS, configs};
use crate::declare_rule;
use crate::diagnostic::Finding;
use crate::rules::CheckContext;

declare_rule! {
    /// ### What it does
    /// Finds WorkOS configured as an OIDC provider (`domain` + `applicationID`, no
    /// `type: "customJwt"`), the shape of older guides.
    ///
    /// ### Why is this bad?
    /// For OIDC Convex fetches `<domain>/.well-known/openid-configuration`, requires `aud` to
    /// equal `applicationID` and the token's `iss` to equal the discovery issuer exactly. AuthKit
    /// access tokens carry `iss: …/user_management/<clientId>` and no `aud`, so they never pass.
    ///
    /// ### Symptom
    /// `useConvexAuth()` stays false; Convex answers "Could not verify OIDC token claim" or
    /// "No auth provider found".
    ///
    /// ### Fix
    /// Replace the OIDC provider with the two `customJwt` providers.
    ///
    /// ### Example
    /// ```ts
    /// // before
    /// { domain: "https://api.workos.com/", applicationID: clientId }
    /// // after
    /// { type: "customJwt", issuer: "https://api.workos.com/", algorithm: "RS256",
    ///   jwks: `https://api.workos.com/sso/jwks/${clientId}`, applicationID: clientId },
    /// { type: "customJwt", issuer: `https://api.workos.com/user_management/${clientId}`,
    ///   algorithm: "RS256", jwks: `https://api.workos.com/sso/jwks/${clientId}` },
    /// ```
    pub static RULE = {
        id: "auth-config/legacy-oidc-domain",
        severity: Error,
        symptoms: [ConvexUnauthenticated, TokenRejected],
        summary: "WorkOS configured as an OIDC provider (domain) instead of customJwt",
    };
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for cfg in configs(cx) {
        // Only AuthKit tokens are in question: with no AuthKit in the project (WorkOS as an
        // OAuth provider of Convex Auth) the provider is not what signs users in.
        if !cfg.is_workos(cx) {
            continue;
        }
        for p in cfg.providers() {
            if p.is_custom_jwt() || !matches!(p.type_str(), None | Some("oidc")) {
                continue;
            }
            let Some(domain) = p.get("domain") else { continue };
            let Some(text) = p.str("domain").map(|s| s.text.as_str()) else { continue };
            if !text.contains("workos") {
                continue;
            }
            out.push(
                RULE.finding(format!(
                    "provider {}: WorkOS is configured as an OIDC provider (`domain`); AuthKit tokens only validate as `customJwt`",
                    p.index
                ))
                .at(cfg.loc(domain.span))
                .help("OIDC providers require `aud` and an exact discovery issuer; AuthKit access tokens have neither.")
                .fix(format!("Replace the provider with:\n{KNOWN_GOOD_PROVIDERS}")),
            );
        }
    }
}
