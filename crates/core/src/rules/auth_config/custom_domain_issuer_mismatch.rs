use super::{CustomDomain, configs, is_workos_shaped, shape_of};
use crate::declare_rule;
use crate::diagnostic::Finding;
use crate::rules::CheckContext;
use crate::workos::DEFAULT_HOST;

declare_rule! {
    /// ### What it does
    /// Compares the host in WorkOS issuers with the project's custom auth domain (`apiHostname`,
    /// `WORKOS_API_HOSTNAME`, `VITE_WORKOS_API_HOSTNAME`): the app uses a custom domain but the
    /// issuers still name `api.workos.com`, or the issuers name another host while the app uses
    /// the default. An issuer on `*.authkit.app` (the hosted sign-in page's domain, copied from
    /// the dashboard) gets its own message: that domain never issues tokens. When `apiHostname`
    /// comes from a value only known at run time, the rule warns only if every issuer is known
    /// and names `api.workos.com`: an issuer built from an env var, a provider on another host or
    /// providers it cannot evaluate may be the ones for the custom domain. That warning is an
    /// info when every value the project documents for the variable (its docs'
    /// `VITE_WORKOS_API_HOSTNAME=…` lines, example env files) is `api.workos.com`.
    ///
    /// ### Why is this bad?
    /// With a custom auth domain, WorkOS puts that domain in the token's `iss`. Convex compares
    /// issuers exactly, so the provider never matches.
    ///
    /// ### Symptom
    /// After setting up a custom domain, Convex rejects every token with "No auth provider found".
    ///
    /// ### Fix
    /// Use the same host in the issuers as the app's `apiHostname`.
    ///
    /// ### Example
    /// ```ts
    /// // before (app uses apiHostname="auth.example.com")
    /// issuer: `https://api.workos.com/user_management/${clientId}`,
    /// // after
    /// issuer: `https://auth.example.com/user_management/${clientId}`,
    /// ```
    pub static RULE = {
        id: "auth-config/custom-domain-issuer-mismatch",
        severity: Error,
        symptoms: [TokenRejected, ConvexUnauthenticated, WorksInDevNotProd],
        summary: "issuer host does not match the custom auth domain (or the reverse)",
    };
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for cfg in configs(cx) {
        let domain = cfg.custom_domain(cx);
        let has_app = cx.project.apps.iter().any(|a| a.convex == Some(cfg.index));
        for p in cfg.providers().iter().filter(|p| is_workos_shaped(p)) {
            let Some(shape) = shape_of(p) else { continue };
            let Some(host) = shape.host() else { continue };
            let Some(prop) = p.get("issuer") else { continue };
            let message = match &domain {
                CustomDomain::Host(custom, loc) if host == DEFAULT_HOST && custom != DEFAULT_HOST => Some((
                    format!("provider {}: the app uses the custom auth domain `{custom}`, but this issuer names {DEFAULT_HOST}", p.index),
                    Some(loc.clone()),
                )),
                // The value is not in the repo (an env var left empty in the example, say):
                // only a condition to name, once per config, below.
                CustomDomain::Unknown(_) => None,
                // The reverse: a custom host in the issuer, while the app talks to api.workos.com.
                // `*.authkit.app` is the hosted sign-in page's domain, copied from the dashboard:
                // it serves the login UI and never issues a token, custom domain or not.
                CustomDomain::None if has_app && host.ends_with(".authkit.app") => Some((
                    format!(
                        "provider {}: `{host}` is the hosted AuthKit sign-in page's domain, not a token issuer: AuthKit tokens carry `https://{DEFAULT_HOST}/user_management/<clientId>`",
                        p.index
                    ),
                    None,
                )),
                CustomDomain::None if has_app && host != DEFAULT_HOST && !host.contains("${env:") && !host.contains("workos") => Some((
                    format!(
                        "provider {}: this issuer names `{host}`, but the app sets no custom auth domain, so its tokens come from {DEFAULT_HOST}",
                        p.index
                    ),
                    None,
                )),
                _ => None,
            };
            let Some((message, related)) = message else { continue };
            let mut finding = RULE
                .finding(message)
                .at(cfg.loc(prop.value.span))
                .help("WorkOS puts the auth domain the app signs in through into `iss`; Convex compares it exactly.")
                .fix("Use the same host in every WorkOS issuer as the app's `apiHostname` / WORKOS_API_HOSTNAME.");
            if let Some(loc) = related {
                finding = finding.related(loc, "the custom auth domain is configured here");
            }
            out.push(finding);
        }
        // A provider the doctor cannot see through (a conditional spread, an issuer built from an
        // env var) or one on another host may be the custom domain's: then nothing is known
        // to be missing.
        let another_host_possible =
            !cfg.fully_known() || cfg.providers().iter().any(|p| shape_of(p).is_none_or(|s| s.host() != Some(DEFAULT_HOST)));
        if let CustomDomain::Unknown(loc) = &domain
            && !another_host_possible
            && let Some(p) = cfg
                .providers()
                .iter()
                .filter(|p| is_workos_shaped(p))
                .find(|p| shape_of(p).and_then(|s| s.host().map(|h| h == DEFAULT_HOST)) == Some(true))
            && let Some(prop) = p.get("issuer")
        {
            let mut finding = RULE.finding(format!("the app passes `apiHostname` a value the doctor cannot see; if it names a custom auth domain, tokens carry that host in `iss` and these issuers, which name {DEFAULT_HOST}, reject them"))
                    .severity(crate::diagnostic::Severity::Warning)
                    .at(cfg.loc(prop.value.span))
                    .related(loc.clone(), "`apiHostname` is set here from a value known only at run time");
            // The project tells its developers to set WorkOS's own host: the issuers match
            // unless a deployment sets a custom domain the repo never mentions.
            if let Some(doc) = super::documented_default_api_host(cx, cfg.index) {
                finding = finding
                    .severity(crate::diagnostic::Severity::Info)
                    .related(doc, format!("the project documents {DEFAULT_HOST} as the value here"));
            }
            out.push(
                finding
                    .help("WorkOS puts the auth domain the app signs in through into `iss`; Convex compares it exactly. When the custom domain is optional, build the issuers from the same variable on the Convex deployment (WORKOS_API_HOSTNAME).")
                    .fix("Use the same host in every WorkOS issuer as the app's `apiHostname`, e.g. `https://${process.env.WORKOS_API_HOSTNAME ?? \"api.workos.com\"}/…`."),
            );
        }
    }
}
