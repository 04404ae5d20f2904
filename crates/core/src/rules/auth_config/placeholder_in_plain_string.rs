use super::configs;
use crate::declare_rule;
use crate::diagnostic::Finding;
use crate::facts::auth_config::ValueKind;
use crate::rules::CheckContext;

declare_rule! {
    /// ### What it does
    /// Finds `${…}` inside a plain `'…'` or `"…"` string in a provider of `auth.config.ts`
    /// (issuer, jwks, applicationID, domain), and says the text Convex will actually receive.
    ///
    /// ### Why is this bad?
    /// Only backtick template literals substitute `${clientId}`. In quotes it stays as those
    /// characters: the issuer becomes `https://api.workos.com/user_management/${clientId}`,
    /// which no token carries, and the JWKS URL names no client.
    ///
    /// ### Symptom
    /// Sign-in with WorkOS works, but Convex rejects every token.
    ///
    /// ### Fix
    /// Use backticks: `` issuer: `https://api.workos.com/user_management/${clientId}` ``.
    ///
    /// ### Example
    /// ```ts
    /// // before
    /// issuer: 'https://api.workos.com/user_management/${clientId}',
    /// // after
    /// issuer: `https://api.workos.com/user_management/${clientId}`,
    /// ```
    pub static RULE = {
        id: "auth-config/placeholder-in-plain-string",
        severity: Error,
        symptoms: [ConvexUnauthenticated, TokenRejected],
        summary: "`${…}` inside a quoted string: Convex receives the placeholder as text",
    };
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for cfg in configs(cx) {
        for provider in cfg.providers() {
            for key in ["issuer", "jwks", "applicationID", "domain"] {
                let Some(prop) = provider.get(key) else { continue };
                let ValueKind::Str(value) = &prop.value.kind else { continue };
                if !crate::rules::has_template_placeholder(&value.text) {
                    continue;
                }
                out.push(
                    RULE.finding(format!(
                        "provider {}: `{key}` is a quoted string, so `${{…}}` is not substituted: Convex receives the text `{}`",
                        provider.index, value.text
                    ))
                    .at(cfg.loc(prop.value.span))
                    .help("Only backtick template literals substitute `${…}`; in single or double quotes the placeholder is sent as written, and no WorkOS token or key URL matches it.")
                    .fix(format!("Write the {key} between backticks (`…`) instead of quotes.")),
                );
            }
        }
    }
}
