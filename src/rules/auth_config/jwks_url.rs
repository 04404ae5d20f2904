use super::{CustomDomain, configs, is_workos_shaped};
use crate::declare_rule;
use crate::diagnostic::Finding;
use crate::facts::auth_config::ValueKind;
use crate::rules::CheckContext;
use crate::workos::{self, DEFAULT_HOST};

declare_rule! {
    /// ### What it does
    /// Checks the `jwks` URL of every WorkOS provider: it must be
    /// `https://<host>/sso/jwks/<clientId>` (or a `data:` URI holding the keys).
    ///
    /// ### Why is this bad?
    /// Convex downloads the signing keys from this URL for every token. A wrong path such as
    /// `/user_management/jwks`, a missing client id, or `http:` gives a 404 or the wrong keys,
    /// and every token is rejected.
    ///
    /// ### Symptom
    /// "Could not fetch JWKS from URL …: HTTP 404 Not Found", or "Could not decode token".
    ///
    /// ### Fix
    /// Use `https://api.workos.com/sso/jwks/${clientId}` (your custom auth domain instead of
    /// api.workos.com if you use one).
    ///
    /// ### Example
    /// ```ts
    /// // before
    /// jwks: `https://api.workos.com/user_management/jwks/${clientId}`,
    /// // after
    /// jwks: `https://api.workos.com/sso/jwks/${clientId}`,
    /// ```
    pub static RULE = {
        id: "auth-config/jwks-url",
        severity: Error,
        symptoms: [TokenRejected, ConvexUnauthenticated],
        summary: "jwks is not https://<host>/sso/jwks/<clientId>",
    };
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for cfg in configs(cx) {
        let custom = match cfg.custom_domain(cx) {
            CustomDomain::Host(h, _) => Some(h),
            _ => None,
        };
        for p in cfg.providers().iter().filter(|p| is_workos_shaped(p)) {
            let Some(prop) = p.get("jwks") else { continue };
            let ValueKind::Str(jwks) = &prop.value.kind else { continue };
            let url = jwks.text.trim();
            if url.starts_with("data:") {
                continue;
            }
            let problem = match workos::split_url(url) {
                None => Some(format!("\"{url}\" is not a URL")),
                Some(parts) if parts.scheme != "https" => Some(format!("the JWKS URL uses `{}:`; WorkOS serves keys over https only", parts.scheme)),
                Some(parts) if !parts.path.starts_with("/sso/jwks/") => {
                    Some(format!("the path is `{}`; WorkOS serves keys at `/sso/jwks/<clientId>`", parts.path))
                }
                Some(_) if workos::jwks_client_id(url).is_none() => Some("the URL does not end with the client id (`/sso/jwks/<clientId>`)".to_string()),
                Some(parts) => {
                    let host_ok = parts.host == DEFAULT_HOST || parts.host.contains("${env:") || custom.as_deref() == Some(parts.host);
                    (!host_ok).then(|| format!("the host `{}` is neither {DEFAULT_HOST} nor your custom auth domain", parts.host))
                }
            };
            let Some(problem) = problem else { continue };
            out.push(
                RULE.finding(format!("provider {}: {problem}", p.index))
                    .at(cfg.loc(prop.value.span))
                    .help("Convex fetches the signing keys from `jwks` for every token; a wrong URL makes every token fail.")
                    .fix("Set `jwks: `https://api.workos.com/sso/jwks/${clientId}``."),
            );
        }
    }
}
