use super::{configs, shape_of};
use crate::declare_rule;
use crate::diagnostic::Finding;
use crate::facts::convex_push::no_auth_provider_message;
use crate::rules::CheckContext;
use crate::workos::IssuerShape;

declare_rule! {
    /// ### What it does
    /// Finds `applicationID` on the provider whose issuer is
    /// `https://<host>/user_management/<clientId>`.
    ///
    /// ### Why is this bad?
    /// With `applicationID` set, Convex only matches tokens whose `aud` contains it. AuthKit
    /// access tokens have no `aud` claim by default, so no provider matches and every token is
    /// rejected. This is the most common AuthKit + Convex bug, and it has shipped in published
    /// templates.
    ///
    /// The one exception: if you added `"aud": "<clientId>"` to the WorkOS JWT template
    /// (Authentication → Sessions → JWT Template), tokens do carry `aud` and the check passes.
    /// Removing `applicationID` still works then, so removing it is always safe.
    ///
    /// Because the JWT template lives in the WorkOS dashboard, outside the repo, the finding is
    /// a warning that names the condition; when a doc of the project (README, `docs/`) sets up
    /// a JWT template with `aud` (or has a step that adds the client id to the JWT, which is
    /// the same claim), it drops to info. `authkit-doctor token` on a real token tells for sure.
    ///
    /// ### Symptom
    /// WorkOS sign-in works, but Convex answers "No auth provider found matching the given
    /// token … CustomJWT(issuer=…/user_management/client_…, app_id=client_…)".
    ///
    /// ### Fix
    /// Delete `applicationID` from the user_management provider. Keep it on the
    /// `https://api.workos.com/` provider.
    ///
    /// ### Example
    /// ```ts
    /// // before
    /// { type: "customJwt", issuer: `https://api.workos.com/user_management/${clientId}`,
    ///   algorithm: "RS256", jwks, applicationID: clientId }
    /// // after
    /// { type: "customJwt", issuer: `https://api.workos.com/user_management/${clientId}`,
    ///   algorithm: "RS256", jwks }
    /// ```
    pub static RULE = {
        id: "auth-config/application-id-on-user-management",
        severity: Warning,
        symptoms: [ConvexUnauthenticated, TokenRejected],
        summary: "applicationID on the user_management provider (AuthKit tokens have no aud)",
    };
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for cfg in configs(cx) {
        for p in cfg.providers() {
            if !matches!(shape_of(p), Some(IssuerShape::UserManagement { .. })) {
                continue;
            }
            let Some(prop) = p.application_id() else { continue };
            // Whether tokens carry `aud` is decided by the WorkOS dashboard's JWT template, which
            // the repo cannot show: a doc of the project that sets one up is the best evidence.
            let documented = cfg.documented_template_claim(cx, "aud");
            let mut finding = RULE
                .finding(format!(
                    "provider {}: `applicationID` makes Convex require an `aud` claim that AuthKit access tokens do not carry, unless your WorkOS JWT template adds one",
                    p.index
                ))
                .at(cfg.loc(prop.span))
                .help("AuthKit tokens have no `aud` unless your WorkOS JWT template adds `\"aud\": \"<clientId>\"`. Remove `applicationID` from this provider; keep it on the https://api.workos.com/ provider. `authkit-doctor token` on a real token settles it.")
                .convex_message(no_auth_provider_message(cfg.providers()));
            // `applicationID: "convex-workos"`: an audience of the project's own naming, not a
            // client id. No WorkOS token carries it by default, so whoever wrote it also set up
            // the JWT template that adds it.
            let own_audience = match &prop.value.kind {
                crate::facts::auth_config::ValueKind::Str(s) if !s.symbolic && s.env_vars.is_empty() => {
                    (!s.text.starts_with("client_")).then(|| s.text.clone())
                }
                _ => None,
            };
            if let Some(audience) = own_audience {
                finding = finding
                    .severity(crate::diagnostic::Severity::Info)
                    .help(format!("`{audience}` is an audience of your own, not a client id: only a WorkOS JWT template with `\"aud\": \"{audience}\"` makes tokens match. Keep that template in place (or remove `applicationID`). `authkit-doctor token` on a real token settles it."));
            } else if let Some(doc) = documented {
                finding = finding.severity(crate::diagnostic::Severity::Info).related(
                    doc,
                    "this doc sets up a JWT template with `aud`: the provider works only while the dashboard's template matches",
                );
            }
            let description = "Delete the `applicationID` line from this provider.";
            // The edit needs the text around the property (its comma and line).
            let edit = cx
                .text(&cfg.facts.file)
                .and_then(|text| crate::edit::delete_property(&cfg.facts.file, text, prop.span.start, prop.span.end));
            out.push(match edit {
                Some(edit) => finding.safe_fix(description, vec![edit]),
                None => finding.fix(description),
            });
        }
    }
}
