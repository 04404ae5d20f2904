use super::configs;
use crate::convex::issuer;
use crate::declare_rule;
use crate::diagnostic::Finding;
use crate::rules::CheckContext;

declare_rule! {
    /// ### What it does
    /// Finds two providers with the same issuer (trailing slashes ignored, as Convex does).
    ///
    /// ### Why is this bad?
    /// Convex picks the first provider that matches a token and never tries the next one, even
    /// when the first fails verification. "First" is Convex's storage order, not the file order,
    /// so which one wins is not obvious.
    ///
    /// ### Symptom
    /// Tokens fail intermittently after config changes, or one of the two providers is dead code.
    ///
    /// ### Fix
    /// Keep one provider per issuer.
    ///
    /// ### Example
    /// ```ts
    /// // before
    /// { type: "customJwt", issuer: "https://api.workos.com/", applicationID: clientId, ... },
    /// { type: "customJwt", issuer: "https://api.workos.com", applicationID: otherId, ... },
    /// // after: one provider for https://api.workos.com/
    /// ```
    pub static RULE = {
        id: "auth-config/duplicate-issuer",
        severity: Warning,
        symptoms: [TokenRejected],
        summary: "two providers share one issuer",
    };
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for cfg in configs(cx) {
        let providers = cfg.providers();
        for (i, p) in providers.iter().enumerate() {
            let Some(issuer) = p.issuer() else { continue };
            let key = issuer::configured(&issuer.text);
            let Some(first) = providers[..i].iter().find(|q| q.issuer().is_some_and(|s| issuer::configured(&s.text) == key)) else {
                continue;
            };
            let (Some(here), Some(there)) = (p.get("issuer"), first.get("issuer")) else { continue };
            // Copies that verify the same way (same JWKS, algorithm and audience, e.g. the issuer
            // once with and once without a trailing slash) cannot make a token fail: whichever
            // one Convex tries accepts what the other would. Redundant, not broken.
            let same = |key: &str| match (p.get(key), first.get(key)) {
                (Some(a), Some(b)) => a.value.kind == b.value.kind,
                (None, None) => true,
                _ => false,
            };
            let harmless = ["jwks", "algorithm", "applicationID", "type"].iter().all(|k| same(k));
            let finding = if harmless {
                RULE.finding(format!(
                    "providers {} and {} are the same provider twice (issuer `{key}`, same JWKS and audience): one can go",
                    first.index, p.index
                ))
                .severity(crate::diagnostic::Severity::Info)
            } else {
                RULE.finding(format!(
                    "providers {} and {} have the same issuer `{key}`; Convex only ever tries one of them",
                    first.index, p.index
                ))
            };
            out.push(
                finding
                    .at(cfg.loc(here.value.span))
                    .related(cfg.loc(there.value.span), "the same issuer here")
                    .help("Convex uses the first provider (in its storage order) whose issuer and audience match; a failing first match is final.")
                    .fix("Remove or merge one of the two providers."),
            );
        }
    }
}
