use super::missing_user_management_provider::{MissingProvider, add_provider_edit};
use super::{configs, shape_of};
use crate::declare_rule;
use crate::diagnostic::Finding;
use crate::rules::CheckContext;
use crate::workos::{DEFAULT_HOST, IssuerShape};

declare_rule! {
    /// ### What it does
    /// Finds a WorkOS config that accepts WorkOS's `https://<host>/user_management/<clientId>`
    /// tokens but has no provider for the shared issuer `https://<host>/` (with
    /// `applicationID`). It stays quiet when the user_management provider has an
    /// `applicationID`: that `aud` comes from the project's own JWT template, which shows the
    /// environment issues user_management tokens. Configs with no WorkOS user_management
    /// provider at all are missing-user-management-provider's.
    ///
    /// ### Why is this bad?
    /// Which issuer WorkOS puts in `iss` depends on the environment: environments created
    /// since mid-2025 issue the user_management issuer, older ones the shared
    /// `https://api.workos.com/` (with `aud` = the client id). Without this provider, every
    /// token of an older environment is rejected. The repo cannot show which kind the project
    /// uses, so this is a warning that names the condition.
    ///
    /// ### Symptom
    /// Sign-in works in one WorkOS environment and not in another (staging vs production);
    /// Convex says "No auth provider found matching the given token".
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
        // Only a config that trusts WorkOS's own user_management tokens is missing the other
        // kind. Without one, missing-user-management-provider (or legacy-oidc-domain) speaks.
        let Some(um) = cfg.providers().iter().find(|p| {
            matches!(shape_of(p), Some(IssuerShape::UserManagement { .. })) && p.str("jwks").is_some_and(|j| j.text.contains("/sso/jwks/"))
        }) else {
            continue;
        };
        // An `applicationID` on that provider means its tokens carry an `aud` from the project's
        // JWT template: the environment issues user_management tokens, so the shared issuer is
        // not one it uses (application-id-on-user-management judges the `aud` itself).
        if um.application_id().is_some() {
            continue;
        }
        // A custom auth domain issues both kinds of token from its own host: name that one.
        let host = match shape_of(um) {
            Some(IssuerShape::UserManagement { host, .. }) => host,
            _ => DEFAULT_HOST.to_string(),
        };
        let finding = RULE
            .finding(format!(
                "no provider accepts tokens with the shared issuer https://{host}/ (with `aud` = your client id), which WorkOS environments created before mid-2025 issue"
            ))
            .at(cfg.providers_location())
            .help(format!(
                "WorkOS environments created since mid-2025 issue `https://{host}/user_management/<clientId>`, which this config accepts; an older environment issues `https://{host}/` and every one of its tokens is rejected. `authkit-doctor token` on a real token shows which one yours issues; with both providers the config works with either."
            ));
        out.push(match add_provider_edit(cx, &cfg, MissingProvider::Sso) {
            Some(edit) => finding.safe_fix(
                "Add the `https://<host>/` provider (same host, `applicationID` = the client id) before the user_management one.",
                vec![edit],
            ),
            None => {
                // The JWKS as the user_management provider writes it: both kinds of token are
                // signed with the same keys.
                let jwks = um
                    .get("jwks")
                    .and_then(|j| cx.text(cfg.facts.file.as_str())?.get(j.value.span.start..j.value.span.end))
                    .unwrap_or("`https://api.workos.com/sso/jwks/${clientId}`");
                finding.fix(format!(
                    "Add to `providers`:\n{{\n  type: \"customJwt\",\n  issuer: \"https://{host}/\",\n  algorithm: \"RS256\",\n  jwks: {jwks},\n  applicationID: clientId,\n}},"
                ))
            }
        });
    }
}
