use super::{configs, shape_of};
use crate::declare_rule;
use crate::diagnostic::Finding;
use crate::facts::auth_config::ValueKind;
use crate::rules::CheckContext;
use crate::workos::IssuerShape;

declare_rule! {
    /// ### What it does
    /// Finds an `applicationID` on the `https://<host>/` provider that is not the WorkOS client
    /// id — e.g. the literal `"convex"` from older OIDC examples, or an env var that holds
    /// something else.
    ///
    /// ### Why is this bad?
    /// WorkOS sets `aud` to the client id. Convex requires `aud` to contain `applicationID`, so
    /// no token ever matches this provider.
    ///
    /// ### Symptom
    /// Tokens issued by `https://api.workos.com/` are rejected with "No auth provider found".
    ///
    /// ### Fix
    /// Set `applicationID` to the client id (`process.env.WORKOS_CLIENT_ID`).
    ///
    /// ### Example
    /// ```ts
    /// // before
    /// { type: "customJwt", issuer: "https://api.workos.com/", applicationID: "convex", ... }
    /// // after
    /// { type: "customJwt", issuer: "https://api.workos.com/", applicationID: clientId, ... }
    /// ```
    pub static RULE = {
        id: "auth-config/application-id-not-client-id",
        severity: Error,
        symptoms: [TokenRejected, ConvexUnauthenticated],
        summary: "applicationID is not the WorkOS client id",
    };
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for cfg in configs(cx) {
        if !cfg.is_workos(cx) {
            continue;
        }
        for p in cfg.providers() {
            if !matches!(shape_of(p), Some(IssuerShape::Sso { .. })) {
                continue;
            }
            let Some(prop) = p.application_id() else { continue };
            let ValueKind::Str(s) = &prop.value.kind else { continue };
            let problem = if s.symbolic {
                // Only the env var's name is known: it should be the client id's.
                s.env_vars
                    .iter()
                    .find(|v| !v.contains("CLIENT_ID"))
                    .map(|v| format!("`applicationID` reads `{v}`, which does not look like the WorkOS client id"))
            } else if !s.text.starts_with("client_") {
                Some(format!("`applicationID` is \"{}\", not a WorkOS client id (`client_…`)", s.text))
            } else {
                None
            };
            let Some(problem) = problem else { continue };
            // A literal audience of the project's own (`"convex"`) matches only tokens from a
            // WorkOS JWT template that sets it: that lives in the dashboard, so the finding is
            // conditional, and a doc of the project that sets up `aud` is its evidence.
            let message = if s.symbolic {
                format!("provider {}: {problem}", p.index)
            } else {
                format!("provider {}: {problem}; tokens match only if your WorkOS JWT template sets `aud` to \"{}\"", p.index, s.text)
            };
            let mut finding = RULE
                .finding(message)
                .at(cfg.loc(prop.value.span))
                .help("WorkOS puts the client id in `aud`; Convex matches it against `applicationID` exactly.")
                .fix("Set `applicationID: process.env.WORKOS_CLIENT_ID`.");
            if !s.symbolic {
                let documented = cfg.documented_template_claim(cx, "aud");
                finding = match documented {
                    Some(doc) => finding.severity(crate::diagnostic::Severity::Info).related(
                        doc,
                        "this doc sets up a JWT template with `aud`: the provider works only while the dashboard's template matches",
                    ),
                    None => finding.severity(crate::diagnostic::Severity::Warning),
                };
            }
            out.push(finding);
        }
    }
}
