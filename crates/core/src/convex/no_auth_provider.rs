//! Reading Convex's auth errors closely: the provider list inside a `NoAuthProvider` message, and
//! the claims of a token seen next to it (in a HAR's `Authenticate` frame), compared the way
//! Convex compares them (issuer with a trailing `/` trimmed and `https://`
//! added when missing; `aud` required only where the provider has `applicationID`).

use crate::convex::issuer;
use serde_json::Value;

/// One item of the list `[CustomJWT(issuer=…, app_id=…), OIDC(domain=…, app_id=…)]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedProvider {
    pub oidc: bool,
    pub issuer: String,
    /// `None` for `app_id=none`.
    pub app_id: Option<String>,
}

/// The providers listed in a `NoAuthProvider` message (empty for the production wording, which
/// lists none).
pub fn parse_provider_list(message: &str) -> Vec<ListedProvider> {
    let mut out = Vec::new();
    let mut rest = message;
    while let Some(i) = rest.find(['C', 'O']) {
        let tail = &rest[i..];
        let (oidc, prefix) = if tail.starts_with("CustomJWT(issuer=") {
            (false, "CustomJWT(issuer=")
        } else if tail.starts_with("OIDC(domain=") {
            (true, "OIDC(domain=")
        } else {
            rest = &tail[1..];
            continue;
        };
        let body = &tail[prefix.len()..];
        let Some(close) = body.find(')') else { break };
        let inner = &body[..close];
        let (issuer, app) = inner.rsplit_once(", app_id=").unwrap_or((inner, "none"));
        let app = app.trim();
        out.push(ListedProvider {
            oidc,
            issuer: issuer.trim().to_string(),
            app_id: (app != "none" && !app.is_empty()).then(|| app.to_string()),
        });
        rest = &body[close..];
    }
    out
}

/// What a JWT says about itself, without verifying it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TokenClaims {
    pub alg: Option<String>,
    pub kid: Option<String>,
    pub iss: Option<String>,
    pub aud: Vec<String>,
    pub has_sub: bool,
    pub exp: Option<i64>,
    pub iat: Option<i64>,
}

/// Decodes a JWT's header and payload (no signature check) with `token`'s decoder. `None` when
/// it is not a JWT. Log lines sometimes carry base64 with `=` padding, which JWTs never have:
/// it is dropped first.
pub fn decode_jwt(token: &str) -> Option<TokenClaims> {
    let unpadded: Vec<&str> = token.trim().split('.').map(|part| part.trim_end_matches('=')).collect();
    let decoded = crate::jwt::decode(&unpadded.join("."));
    let (header, payload) = (decoded.header_json?, decoded.payload_json?);
    let payload = payload.as_object()?;
    let int = |v: Option<&Value>| v.and_then(Value::as_f64).map(|f| f.round() as i64);
    Some(TokenClaims {
        alg: header.get("alg").and_then(Value::as_str).map(str::to_string),
        kid: header.get("kid").and_then(Value::as_str).map(str::to_string),
        iss: payload.get("iss").and_then(Value::as_str).map(str::to_string),
        aud: match payload.get("aud") {
            Some(Value::String(s)) => vec![s.clone()],
            Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).map(str::to_string).collect(),
            _ => Vec::new(),
        },
        has_sub: payload.get("sub").is_some_and(Value::is_string),
        exp: int(payload.get("exp")),
        iat: int(payload.get("iat")),
    })
}

impl TokenClaims {
    /// `iss=…, aud=…` for messages.
    pub fn describe(&self) -> String {
        let aud = match self.aud.as_slice() {
            [] => "no aud".to_string(),
            [one] => format!("aud={one}"),
            many => format!("aud=[{}]", many.join(", ")),
        };
        format!("iss={}, {aud}", self.iss.as_deref().unwrap_or("(none)"))
    }
}

fn user_management_client(issuer: &str) -> Option<&str> {
    let i = issuer.find("/user_management/")?;
    let id = issuer[i + "/user_management/".len()..].trim_end_matches('/');
    (!id.is_empty() && !id.contains('/')).then_some(id)
}

fn host_of(issuer: &str) -> &str {
    let rest = issuer.split_once("://").map_or(issuer, |(_, r)| r);
    rest.split('/').next().unwrap_or(rest)
}

/// Why no provider matched: sentences for the help text, and the static rules that find the
/// cause in the project, most likely first.
pub fn no_auth_provider_analysis(providers: &[ListedProvider], token: Option<&TokenClaims>) -> (Vec<String>, Vec<&'static str>) {
    let mut hints = Vec::new();
    let mut rules: Vec<&'static str> = Vec::new();
    let add = |rules: &mut Vec<&'static str>, r: &'static str| {
        if !rules.contains(&r) {
            rules.push(r);
        }
    };
    if providers.is_empty() {
        hints.push("This is the production wording, which hides the provider list: run the same sign-in against the dev deployment (or read `convex/auth.config.ts`) to see which issuers are configured.".to_string());
    }
    for p in providers {
        let id = user_management_client(&p.issuer).unwrap_or("");
        if p.issuer.contains("undefined")
            || p.issuer.contains("null")
            || p.issuer.trim_end_matches('/').ends_with("/user_management")
            || id.is_empty() && p.issuer.contains("/user_management/")
        {
            hints.push(format!(
                "The issuer `{}` has no client id in it: WORKOS_CLIENT_ID was not set on the deployment when the config was pushed.",
                p.issuer
            ));
            add(&mut rules, "auth-config/env-var-unset");
        }
    }
    let um: Vec<&ListedProvider> = providers.iter().filter(|p| !p.oidc && p.issuer.contains("/user_management/")).collect();
    if !providers.is_empty() && um.is_empty() {
        hints.push("No configured provider has the issuer AuthKit access tokens carry (`https://api.workos.com/user_management/<clientId>`), so every AuthKit token is rejected.".to_string());
        add(&mut rules, "auth-config/missing-user-management-provider");
    }
    let token_iss = token.and_then(|t| t.iss.as_deref()).map(issuer::token);
    for p in &um {
        // With a token whose issuer is this provider's, the comparison below says it precisely.
        if token_iss.as_deref() == Some(issuer::configured(&p.issuer).as_str()) {
            continue;
        }
        if let Some(app) = &p.app_id {
            hints.push(format!(
                "The provider with issuer `{}` has app_id={app}: with `applicationID` set Convex requires the token's `aud` to contain it, and AuthKit access tokens carry no `aud` (unless a WorkOS JWT template adds one).",
                p.issuer
            ));
            add(&mut rules, "auth-config/application-id-on-user-management");
        }
    }
    if providers.iter().any(|p| p.oidc) {
        hints.push("An `OIDC(domain=…)` provider is configured: WorkOS AuthKit tokens need `type: \"customJwt\"` providers.".to_string());
        add(&mut rules, "auth-config/legacy-oidc-domain");
    }
    if let Some(t) = token {
        match t.iss.as_deref() {
            None => {
                hints.push("The token has no `iss` claim.".to_string());
            }
            Some(iss) => {
                let want = issuer::token(iss);
                let same: Vec<&ListedProvider> = providers.iter().filter(|p| !p.oidc && issuer::matches(&p.issuer, iss)).collect();
                if same.is_empty() && !providers.is_empty() {
                    hints.push(format!("The token sent has {}; no configured provider has that issuer.", t.describe()));
                    let token_client = user_management_client(iss);
                    let config_clients: Vec<&str> = um.iter().filter_map(|p| user_management_client(&p.issuer)).collect();
                    if let Some(tc) = token_client
                        && !config_clients.is_empty()
                        && !config_clients.contains(&tc)
                    {
                        hints.push(format!(
                            "The token was issued for {tc}, but the deployment's config names {}: the app and the Convex deployment use different WorkOS client ids (dev vs prod environment, or a stale WORKOS_CLIENT_ID on the deployment).",
                            config_clients.join(", ")
                        ));
                        add(&mut rules, "convex-env/client-id-mismatch");
                        add(&mut rules, "auth-config/client-id-inconsistent");
                    }
                    let token_host = host_of(&want);
                    if providers.iter().all(|p| host_of(&issuer::configured(&p.issuer)) != token_host) {
                        hints.push(format!(
                            "The token's issuer host is {token_host}, which no provider uses: a custom WorkOS auth domain (apiHostname / WORKOS_API_HOSTNAME) changes the issuer, and the config must name it."
                        ));
                        add(&mut rules, "auth-config/custom-domain-issuer-mismatch");
                    }
                } else {
                    for p in same {
                        if let Some(app) = &p.app_id
                            && !t.aud.iter().any(|a| a == app)
                        {
                            hints.push(format!(
                                "The token's issuer matches the provider `{}`, which requires aud={app}; the token has {}.",
                                p.issuer,
                                if t.aud.is_empty() { "no aud".to_string() } else { format!("aud={}", t.aud.join(", ")) }
                            ));
                            if p.issuer.contains("/user_management/") {
                                add(&mut rules, "auth-config/application-id-on-user-management");
                            } else {
                                add(&mut rules, "auth-config/application-id-not-client-id");
                            }
                        }
                    }
                }
            }
        }
    }
    if rules.is_empty() {
        if !providers.is_empty() {
            hints.push("The configured providers look like the AuthKit shape, so the token must carry another issuer or audience: usually the app signs in with another WorkOS client id than the deployment's WORKOS_CLIENT_ID, or uses a custom auth domain.".to_string());
        }
        for r in [
            "auth-config/application-id-on-user-management",
            "auth-config/missing-user-management-provider",
            "convex-env/client-id-mismatch",
            "auth-config/client-id-inconsistent",
            "auth-config/custom-domain-issuer-mismatch",
        ] {
            add(&mut rules, r);
        }
    }
    (hints, rules)
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;

    const C: &str = "client_01J8DVW3EKFE33JG5KR8BRXQDK";

    fn jwt(payload: &str) -> String {
        let b = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
        format!("{}.{}.c2ln", b(r#"{"alg":"RS256","kid":"k1"}"#), b(payload))
    }

    #[test]
    fn provider_lists() {
        let msg = format!(
            "No auth provider found matching the given token. Check that your JWT's issuer and audience match one of your configured providers: [CustomJWT(issuer=https://api.workos.com/, app_id={C}), CustomJWT(issuer=https://api.workos.com/user_management/{C}, app_id={C}), OIDC(domain=https://x.test, app_id=convex)]"
        );
        let ps = parse_provider_list(&msg);
        assert_eq!(ps.len(), 3);
        assert_eq!(ps[1].issuer, format!("https://api.workos.com/user_management/{C}"));
        assert_eq!(ps[1].app_id.as_deref(), Some(C));
        assert!(ps[2].oidc);
        let (hints, rules) = no_auth_provider_analysis(&ps, None);
        assert_eq!(rules, ["auth-config/application-id-on-user-management", "auth-config/legacy-oidc-domain"]);
        assert!(hints[0].contains("app_id="));
        assert!(parse_provider_list("No auth provider found matching the given token").is_empty());
    }

    #[test]
    fn token_comparison() {
        let ps = parse_provider_list(&format!(
            "[CustomJWT(issuer=https://api.workos.com/, app_id={C}), CustomJWT(issuer=https://api.workos.com/user_management/{C}, app_id=none)]"
        ));
        let other = "client_01HXRMBQ9BJ3E7QSTQ9X2PHVB7";
        let t = decode_jwt(&jwt(&format!(r#"{{"iss":"https://api.workos.com/user_management/{other}","sub":"user_1","exp":5}}"#))).unwrap();
        assert_eq!(t.kid.as_deref(), Some("k1"));
        assert!(t.aud.is_empty() && t.has_sub);
        let (hints, rules) = no_auth_provider_analysis(&ps, Some(&t));
        assert_eq!(rules, ["convex-env/client-id-mismatch", "auth-config/client-id-inconsistent"], "{hints:?}");
        let t = decode_jwt(&jwt(r#"{"iss":"https://auth.example.com/user_management/x","sub":"u"}"#)).unwrap();
        let (_, rules) = no_auth_provider_analysis(&ps, Some(&t));
        assert!(rules.contains(&"auth-config/custom-domain-issuer-mismatch"));
        let (_, rules) = no_auth_provider_analysis(
            &parse_provider_list("[CustomJWT(issuer=https://api.workos.com/user_management/undefined, app_id=none)]"),
            None,
        );
        assert_eq!(rules, ["auth-config/env-var-unset"]);
        assert_eq!(decode_jwt("not.a.jwt"), None);
    }
}
