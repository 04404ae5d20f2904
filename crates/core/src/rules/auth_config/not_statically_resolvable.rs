use super::configs;
use crate::declare_rule;
use crate::diagnostic::Finding;
use crate::facts::auth_config::{Unknown, ValueKind};
use crate::rules::CheckContext;
use crate::source::Span;

declare_rule! {
    /// ### What it does
    /// Reports the parts of `auth.config.ts` that cannot be evaluated without running code:
    /// providers built by a helper function, pushed conditionally, imported from another module.
    /// `getAuthConfigProviders()` from `@convex-dev/workos-authkit` is recognised and trusted.
    ///
    /// ### Why is this bad?
    /// It is not wrong in itself, but the other `auth-config/*` checks cannot verify those
    /// providers, so a broken one would go unnoticed here.
    ///
    /// ### Symptom
    /// None directly; the checks that could explain a rejected token did not run.
    ///
    /// ### Fix
    /// Prefer a literal provider list, or verify a real token with `authkit-doctor token`.
    ///
    /// ### Example
    /// ```ts
    /// // hard to verify
    /// providers: [...(isProd ? prodProviders() : devProviders())]
    /// // verifiable
    /// providers: [{ type: "customJwt", issuer: `https://api.workos.com/user_management/${clientId}`, ... }]
    /// ```
    pub static RULE = {
        id: "auth-config/not-statically-resolvable",
        severity: Info,
        symptoms: [ConvexUnauthenticated],
        summary: "providers are computed; they could not be verified statically",
    };
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for cfg in configs(cx) {
        if let Some(export) = &cfg.facts.default_export
            && let ValueKind::Unknown(Unknown::Other(why)) = &export.kind
        {
            out.push(
                RULE.finding(format!("the default export could not be evaluated ({why}); its providers were not checked"))
                    .at(cfg.loc(export.span))
                    .help("authkit-doctor evaluates literals, template strings, top-level constants and process.env; check a real token with `authkit-doctor token`."),
            );
            continue;
        }
        // One finding per cause: a helper call usually feeds several fields of both providers.
        let mut by_cause: Vec<(&str, Vec<(String, Span)>)> = Vec::new();
        for (provider, key, span, why) in cfg.unknown_fields() {
            let field = (format!("provider {} `{key}`", provider.index), span);
            match by_cause.iter_mut().find(|(w, _)| *w == why) {
                Some((_, fields)) => fields.push(field),
                None => by_cause.push((why, vec![field])),
            }
        }
        for (why, fields) in by_cause {
            let names: Vec<&str> = fields.iter().map(|(n, _)| n.as_str()).collect();
            let mut finding = RULE
                .finding(format!("{} could not be evaluated ({why}); the checks that need {} were skipped", names.join(", "), if names.len() == 1 { "it" } else { "them" }))
                .at(cfg.loc(fields[0].1))
                .help("authkit-doctor evaluates literals, template strings, top-level constants, process.env and small helpers that return one of those; check a real token with `authkit-doctor token`.");
            for (name, span) in fields.iter().skip(1).take(5) {
                finding = finding.related(cfg.loc(*span), format!("{name} is not known either"));
            }
            out.push(finding);
        }
        let Some(providers) = &cfg.facts.providers else { continue };
        for (span, why) in &providers.unknown {
            let Unknown::Other(why) = why else { continue };
            out.push(
                RULE.finding(format!("a provider entry could not be evaluated ({why}); it was not checked"))
                    .at(cfg.loc(*span))
                    .help("authkit-doctor evaluates literals, template strings, top-level constants and process.env; check a real token with `authkit-doctor token`."),
            );
        }
    }
}
