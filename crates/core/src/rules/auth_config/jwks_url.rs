use super::{CustomDomain, configs, is_workos_shaped};
use crate::declare_rule;
use crate::diagnostic::{Edit, Finding};
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
            // An inline key set, or an origin read from the deployment's env
            // (`${CONVEX_SITE_URL}/jwks`, a route of the project's own that serves the keys):
            // nothing here says where the keys live, so nothing can be wrong with it.
            if url.starts_with("data:") || url.starts_with("${env:") {
                continue;
            }
            let mut wrong_path = false;
            let problem = match crate::url::Url::absolute(url) {
                None => Some(format!("\"{url}\" is not a URL")),
                Some(parts) if parts.scheme != "https" => {
                    Some(format!("the JWKS URL uses `{}:`; WorkOS serves keys over https only", parts.scheme))
                }
                Some(parts) if !parts.path.starts_with("/sso/jwks/") => {
                    wrong_path = true;
                    Some(format!("the path is `{}`; WorkOS serves keys at `/sso/jwks/<clientId>`", parts.path))
                }
                Some(_) if workos::jwks_client_id(url).is_none() => {
                    Some("the URL does not end with the client id (`/sso/jwks/<clientId>`)".to_string())
                }
                Some(parts) => {
                    let host_ok = parts.host == DEFAULT_HOST || parts.host.contains("${env:") || custom.as_deref() == Some(parts.host);
                    (!host_ok).then(|| format!("the host `{}` is neither {DEFAULT_HOST} nor your custom auth domain", parts.host))
                }
            };
            let Some(problem) = problem else { continue };
            let finding = RULE
                .finding(format!("provider {}: {problem}", p.index))
                .at(cfg.loc(prop.value.span))
                .help("Convex fetches the signing keys from `jwks` for every token; a wrong URL makes every token fail.");
            let description = "Set `jwks: `https://api.workos.com/sso/jwks/${clientId}``.";
            // Certain only for a wrong path whose literal ends with the client id (`${clientId}` or
            // `client_…`, and the evaluated value says so too).
            let span = prop.value.span;
            let last = url.rsplit('/').next().unwrap_or_default();
            let ends_with_client_id = last.starts_with("client_") || (last.starts_with("${env:") && last.contains("CLIENT_ID"));
            let edit = (wrong_path && ends_with_client_id)
                .then(|| cx.text(&cfg.facts.file))
                .flatten()
                .and_then(|text| text.get(span.start..span.end).and_then(jwks_with_sso_path))
                .map(|replacement| Edit { file: cfg.facts.file.clone(), start: span.start, end: span.end, replacement });
            out.push(match edit {
                Some(edit) => finding.safe_fix("Set the path to `/sso/jwks/<clientId>`.", vec![edit]),
                None => finding.fix(description),
            });
        }
    }
}

/// The source of a `jwks` literal rewritten to `https://<same host>/sso/jwks/<client id>`, when
/// the literal (a string or a template) ends with the client id: `${expr}` or `client_…`.
/// `None` for anything less certain.
fn jwks_with_sso_path(raw: &str) -> Option<String> {
    let quote = raw.chars().next()?;
    if !matches!(quote, '`' | '"' | '\'') || raw.len() < 2 || !raw.ends_with(quote) {
        return None;
    }
    let inner = &raw[1..raw.len() - 1];
    let rest = inner.strip_prefix("https://")?;
    let slash = rest.find('/')?;
    let host = &rest[..slash];
    if host.is_empty() || host.contains(['$', '{', '}', ' ']) {
        return None;
    }
    let id = if quote == '`' && inner.ends_with('}') {
        let at = inner.rfind("${")?;
        let expr = &inner[at..];
        // One simple substitution: no nesting.
        if expr[2..expr.len() - 1].contains(['{', '}', '`']) || expr.len() <= 3 {
            return None;
        }
        expr
    } else {
        let last = &inner[inner.rfind('/')? + 1..];
        if !last.starts_with("client_") || !last.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') || inner.contains("${") {
            return None;
        }
        last
    };
    Some(format!("{quote}https://{host}/sso/jwks/{id}{quote}"))
}

#[cfg(test)]
mod tests {
    use super::jwks_with_sso_path;

    #[test]
    fn rewrites_only_when_the_client_id_is_known() {
        assert_eq!(
            jwks_with_sso_path("`https://api.workos.com/user_management/jwks/${clientId}`").as_deref(),
            Some("`https://api.workos.com/sso/jwks/${clientId}`")
        );
        assert_eq!(
            jwks_with_sso_path("\"https://auth.example.com/jwks/client_01ABC\"").as_deref(),
            Some("\"https://auth.example.com/sso/jwks/client_01ABC\"")
        );
        assert_eq!(jwks_with_sso_path("`https://api.workos.com/jwks`"), None);
        assert_eq!(jwks_with_sso_path("\"https://api.workos.com/jwks/abc\""), None);
        assert_eq!(jwks_with_sso_path("`https://${host}/jwks/${clientId}`"), None);
        assert_eq!(jwks_with_sso_path("jwksUrl"), None);
    }
}
