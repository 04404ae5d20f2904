use super::{configs, shape_of};
use crate::declare_rule;
use crate::diagnostic::{Finding, Location};
use crate::facts::auth_config::{Provider, Str, ValueKind};
use crate::rules::CheckContext;
use crate::source::Span;
use crate::workos::{self, IssuerShape};

declare_rule! {
    /// ### What it does
    /// Collects every client id the config names — in user_management issuers, JWKS URLs and
    /// `applicationID` — and reports those that differ from each other, or from the deployment's
    /// `WORKOS_CLIENT_ID` when that is known (`--convex-env`).
    ///
    /// ### Why is this bad?
    /// All of them must be the one WorkOS environment's client id. A mix (a copied literal from
    /// another environment, a second env var) makes tokens match one field and fail another.
    ///
    /// ### Symptom
    /// Sign-in works in one environment and not the other; tokens fail with "No auth provider
    /// found" or "Could not decode token".
    ///
    /// ### Fix
    /// Derive every client id from one `const clientId = process.env.WORKOS_CLIENT_ID;`.
    ///
    /// ### Example
    /// ```ts
    /// // before
    /// issuer: `https://api.workos.com/user_management/${clientId}`,
    /// jwks: "https://api.workos.com/sso/jwks/client_01OLDENVIRONMENT0000000000",
    /// // after
    /// issuer: `https://api.workos.com/user_management/${clientId}`,
    /// jwks: `https://api.workos.com/sso/jwks/${clientId}`,
    /// ```
    pub static RULE = {
        id: "auth-config/client-id-inconsistent",
        severity: Error,
        symptoms: [TokenRejected, WorksInDevNotProd],
        summary: "client ids in issuer, jwks and applicationID disagree",
    };
}

/// One place the config names a client id.
struct Use {
    provider: usize,
    /// The env var the value was read from, when it is one (`WORKOS_CLIENT_ID`).
    env: Option<String>,
    id: String,
    what: String,
    span: Span,
}

fn uses(p: &Provider) -> Vec<Use> {
    let mut out = Vec::new();
    let span_of = |key: &str| p.get(key).map(|x| x.value.span).unwrap_or(p.span);
    let env_of = |key: &str| p.str(key).and_then(|s| (s.env_vars.len() == 1).then(|| s.env_vars[0].clone()));
    if let Some(IssuerShape::UserManagement { client_id, .. }) = shape_of(p) {
        out.push(Use {
            provider: p.index,
            env: env_of("issuer"),
            id: client_id,
            what: format!("provider {} issuer", p.index),
            span: span_of("issuer"),
        });
    }
    if let Some(jwks) = p.str("jwks")
        && let Some(id) = workos::jwks_client_id(&jwks.text)
    {
        out.push(Use {
            provider: p.index,
            env: env_of("jwks"),
            id: id.to_string(),
            what: format!("provider {} jwks", p.index),
            span: span_of("jwks"),
        });
    }
    // A literal that is no client id at all (`"convex"`) is application-id-not-client-id's finding.
    if matches!(shape_of(p), Some(IssuerShape::Sso { .. }))
        && let Some(prop) = p.application_id()
        && let ValueKind::Str(Str { text, symbolic, .. }) = &prop.value.kind
        && (*symbolic || text.starts_with("client_"))
    {
        out.push(Use {
            provider: p.index,
            env: env_of("applicationID"),
            id: text.clone(),
            what: format!("provider {} applicationID", p.index),
            span: prop.value.span,
        });
    }
    out
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for cfg in configs(cx) {
        let all: Vec<Use> = cfg.providers().iter().flat_map(uses).collect();
        // Values were resolved with the dev deployment's env, so env-derived ids equal its
        // WORKOS_CLIENT_ID by construction; any other id is a literal from elsewhere.
        let deployed = cx.facts.deployment.dev.as_ref().and_then(|dev| Some((dev, dev.get("WORKOS_CLIENT_ID")?)));
        // Only a literal can come from another environment; an id read from another env var is
        // the second-client case below.
        let off_deployment = |u: &Use| u.env.is_none() && deployed.is_some_and(|(_, e)| u.id.starts_with("client_") && u.id != e.value);
        // Compare with the env-derived id (the deployment's, when known) where the config uses it,
        // so the odd one out is reported rather than every correct use.
        let first = all.iter().find(|u| deployed.map_or(u.id.contains("${env:"), |(_, e)| u.id == e.value));
        let Some(first) = first.or_else(|| all.iter().find(|u| !off_deployment(u))).or(all.first()) else { continue };
        // Ids that differ from the deployment's are reported once, below.
        // A provider that agrees with itself and reads its id from another env var
        // (`WORKOS_ENVIRONMENT_CLIENT_ID`) accepts a second WorkOS client on purpose: it cannot
        // break tokens the other providers match. Within one provider, any mismatch breaks it.
        let second_client = |u: &Use| {
            u.provider != first.provider
                && u.env.is_some()
                && first.env.is_some()
                && u.env != first.env
                && all.iter().filter(|o| o.provider == u.provider).all(|o| o.id == u.id)
        };
        // A mismatch in another provider than the one the main id comes from leaves that one
        // working: only the tokens the odd provider was added for can fail. Not certain breakage.
        let main_consistent = all.iter().filter(|o| o.provider == first.provider).all(|o| o.id == first.id);
        for u in all.iter().filter(|u| u.id != first.id && !off_deployment(u) && !second_client(u)) {
            let extra = u.provider != first.provider && main_consistent && u.env.is_some();
            out.push(
                RULE.finding(format!("{} names client id `{}`, but {} names `{}`", u.what, u.id, first.what, first.id))
                    .severity(if extra { crate::diagnostic::Severity::Warning } else { RULE.severity })
                    .at(cfg.loc(u.span))
                    .related(cfg.loc(first.span), format!("`{}` here", first.id))
                    .help("Every WorkOS provider must use the same client id, taken from the deployment's WORKOS_CLIENT_ID.")
                    .fix("Use `const clientId = process.env.WORKOS_CLIENT_ID;` and `${clientId}` everywhere."),
            );
        }
        let Some((dev, entry)) = deployed else { continue };
        for u in all.iter().filter(|u| off_deployment(u)) {
            out.push(
                RULE.finding(format!(
                    "{} names client id `{}`, but the development deployment's WORKOS_CLIENT_ID is `{}`",
                    u.what, u.id, entry.value
                ))
                .at(cfg.loc(u.span))
                .related(Location::new(dev.path.clone(), entry.value_span.start, entry.value_span.end), "the deployment's value")
                .help("A hard-coded client id from another WorkOS environment makes this environment's tokens fail.")
                .fix("Read the id from `process.env.WORKOS_CLIENT_ID` instead of a literal."),
            );
        }
    }
}
