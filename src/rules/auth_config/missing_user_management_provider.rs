use super::{configs, shape_of};
use crate::declare_rule;
use crate::diagnostic::Finding;
use crate::rules::CheckContext;
use crate::workos::IssuerShape;

declare_rule! {
    /// ### What it does
    /// Finds a WorkOS project whose `auth.config.ts` has no provider with issuer
    /// `https://<host>/user_management/<clientId>`.
    ///
    /// ### Why is this bad?
    /// AuthKit access tokens carry exactly that `iss`. Convex picks a provider by issuer before
    /// anything else, so without it every AuthKit token fails with "No auth provider found".
    ///
    /// ### Symptom
    /// WorkOS sign-in works; `useConvexAuth()` stays false; the browser console shows
    /// `Failed to authenticate: "No auth provider found matching the given token"`.
    ///
    /// ### Fix
    /// Add the user-management provider (without `applicationID`).
    ///
    /// ### Example
    /// ```ts
    /// // add to providers:
    /// {
    ///   type: "customJwt",
    ///   issuer: `https://api.workos.com/user_management/${clientId}`,
    ///   algorithm: "RS256",
    ///   jwks: `https://api.workos.com/sso/jwks/${clientId}`,
    /// },
    /// ```
    pub static RULE = {
        id: "auth-config/missing-user-management-provider",
        severity: Error,
        symptoms: [ConvexUnauthenticated, TokenRejected],
        summary: "no provider for the user_management/<clientId> issuer AuthKit tokens carry",
    };
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for cfg in configs(cx) {
        if !cfg.fully_known() || !cfg.is_workos(cx) {
            continue;
        }
        let has_um = cfg.providers().iter().any(|p| matches!(shape_of(p), Some(IssuerShape::UserManagement { .. })));
        if has_um {
            continue;
        }
        out.push(
            RULE.finding("no provider accepts AuthKit access tokens: none has the issuer https://api.workos.com/user_management/<clientId>")
                .at(cfg.providers_location())
                .help("AuthKit access tokens carry `iss: https://api.workos.com/user_management/<clientId>` (your custom auth domain instead of api.workos.com if you use one). Convex chooses the provider by issuer, so those tokens match nothing.")
                .fix("Add to `providers`:\n{\n  type: \"customJwt\",\n  issuer: `https://api.workos.com/user_management/${clientId}`,\n  algorithm: \"RS256\",\n  jwks: `https://api.workos.com/sso/jwks/${clientId}`,\n},"),
        );
    }
}
