use super::missing_user_management_provider::{MissingProvider, add_provider_edit};
use super::{configs, shape_of};
use crate::declare_rule;
use crate::diagnostic::Finding;
use crate::rules::CheckContext;
use crate::workos::IssuerShape;

declare_rule! {
    /// ### What it does
    /// Finds a WorkOS project with no provider for the issuer `https://<host>/` (with
    /// `applicationID`).
    ///
    /// ### Why is this bad?
    /// Some WorkOS tokens (older SSO-style tokens, and AuthKit tokens after certain SDK
    /// upgrades) carry `iss: https://api.workos.com/` with `aud` set to the client id. Without
    /// this provider Convex rejects them.
    ///
    /// ### Symptom
    /// Sign-in works for some users or environments and not others; Convex says "No auth
    /// provider found matching the given token".
    ///
    /// ### Fix
    /// Add the shared-issuer provider, with `applicationID: clientId`. `--fix` does it when the
    /// `providers` array is written out and has the user_management provider to copy: it adds
    /// the new provider before it, with the same host, client id expression, quotes,
    /// indentation and key order.
    ///
    /// ### Example
    /// ```ts
    /// // add to providers:
    /// {
    ///   type: "customJwt",
    ///   issuer: "https://api.workos.com/",
    ///   algorithm: "RS256",
    ///   jwks: `https://api.workos.com/sso/jwks/${clientId}`,
    ///   applicationID: clientId,
    /// },
    /// ```
    pub static RULE = {
        id: "auth-config/missing-sso-provider",
        severity: Warning,
        symptoms: [TokenRejected],
        summary: "no provider for the https://api.workos.com/ issuer",
    };
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for cfg in configs(cx) {
        if !cfg.fully_known() || !cfg.is_workos(cx) {
            continue;
        }
        let has_sso = cfg.providers().iter().any(|p| matches!(shape_of(p), Some(IssuerShape::Sso { .. })));
        if has_sso {
            continue;
        }
        // A custom auth domain issues both kinds of token from its own host: name that one.
        let host = cfg
            .providers()
            .iter()
            .find_map(|p| match shape_of(p) {
                Some(IssuerShape::UserManagement { host, .. }) => Some(host),
                _ => None,
            })
            .unwrap_or_else(|| "api.workos.com".to_string());
        let finding = RULE
            .finding(format!("no provider accepts tokens issued by https://{host}/ (with `aud` = your client id)"))
            .at(cfg.providers_location())
            .help(format!("Keep both WorkOS providers: tokens with `iss: https://{host}/` are rejected without this one."));
        out.push(match add_provider_edit(cx, &cfg, MissingProvider::Sso) {
            Some(edit) => finding.safe_fix(
                "Add the `https://<host>/` provider (same host, `applicationID` = the client id) before the user_management one.",
                vec![edit],
            ),
            None => finding.fix("Add to `providers`:\n{\n  type: \"customJwt\",\n  issuer: \"https://api.workos.com/\",\n  algorithm: \"RS256\",\n  jwks: `https://api.workos.com/sso/jwks/${clientId}`,\n  applicationID: clientId,\n},"),
        });
    }
}
