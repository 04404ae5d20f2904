use super::{CustomDomain, configs, is_workos_shaped, shape_of};
use crate::declare_rule;
use crate::diagnostic::Finding;
use crate::rules::CheckContext;
use crate::workos::DEFAULT_HOST;

declare_rule! {
    /// ### What it does
    /// Finds a WorkOS-shaped issuer whose host is neither `api.workos.com` nor the configured
    /// custom auth domain (a typo such as `api.workos.co`, or a leftover host).
    ///
    /// ### Why is this bad?
    /// Tokens carry one of those two hosts; an issuer with any other host matches nothing.
    ///
    /// ### Symptom
    /// "No auth provider found matching the given token".
    ///
    /// ### Fix
    /// Use `https://api.workos.com/…` or your custom auth domain.
    ///
    /// ### Example
    /// ```ts
    /// // before
    /// issuer: `https://api.workos.co/user_management/${clientId}`,
    /// // after
    /// issuer: `https://api.workos.com/user_management/${clientId}`,
    /// ```
    pub static RULE = {
        id: "auth-config/nonstandard-issuer",
        severity: Warning,
        symptoms: [TokenRejected],
        summary: "issuer host is neither api.workos.com nor the custom auth domain",
    };
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for cfg in configs(cx) {
        let domain = cfg.custom_domain(cx);
        let has_app = cx.project.apps.iter().any(|a| a.convex == Some(cfg.index));
        for p in cfg.providers().iter().filter(|p| is_workos_shaped(p)) {
            let Some(shape) = shape_of(p) else { continue };
            let Some(host) = shape.host() else { continue };
            if host == DEFAULT_HOST || host.contains("${env:") {
                continue;
            }
            let flagged = match &domain {
                CustomDomain::Host(custom, _) => custom != host,
                CustomDomain::Unknown(_) => false,
                // Hosts that are not WorkOS-looking with an app present are the reverse custom-domain case;
                // WorkOS-looking ones (`api.workos.co`) are typos, reported here.
                CustomDomain::None => !has_app || host.contains("workos"),
            };
            if !flagged {
                continue;
            }
            let Some(prop) = p.get("issuer") else { continue };
            out.push(
                RULE.finding(format!("provider {}: issuer host `{host}` is neither {DEFAULT_HOST} nor the custom auth domain", p.index))
                    .at(cfg.loc(prop.value.span))
                    .help("WorkOS tokens carry `iss` on api.workos.com or on your custom auth domain; Convex compares issuers exactly.")
                    .fix(format!("Change the host to {DEFAULT_HOST} (or your custom auth domain).")),
            );
        }
    }
}
