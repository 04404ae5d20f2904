//! The project's auth providers as the deployment holds them, and which one a token selects.
//!
//! Convex does not try providers in file order: after a fresh push they sit in its `_auth` table
//! in derived `Ord` order — OIDC before customJwt, then `applicationID` absent before present,
//! then issuer/domain, JWKS, algorithm — and the first one whose `matches_token` is true is used
//! (`crate::facts::convex_push::no_auth_provider_message` lists them in the same order). If verifying
//! against it fails, no other provider is tried.
//!
//! `matches_token`: when the provider has `applicationID`, the token's `aud` (string or array)
//! must contain it exactly; then the issuer must be equal after trimming every trailing `/` on
//! both sides and prefixing the token's `iss` with `https://` when it has neither `https://` nor
//! `http://`. Nothing else is normalised (case, ports, percent-encoding all matter).

use crate::diagnostic::Location;
use crate::facts::auth_config::{Provider, Str, ValueKind};
use crate::workos::{self, IssuerShape};
use serde::Serialize;

/// Where the value of an env var used by `auth.config.ts` came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind", content = "path")]
pub enum EnvSource {
    /// `--client-id`.
    Flag,
    /// The deployment's env dump (`--convex-env` or `authkit-doctor.json`).
    Deployment(String),
    /// One of the project's env files: the deployment may differ.
    EnvFile(String),
    /// Nothing said; taken from the token's own `iss` (so it cannot disagree with it).
    Token,
}

impl EnvSource {
    pub fn describe(&self) -> String {
        match self {
            EnvSource::Flag => "--client-id".into(),
            EnvSource::Deployment(p) => format!("the deployment env in {p}"),
            EnvSource::EnvFile(p) => format!("{p}; the deployment's own value may differ (pass --convex-env or --client-id)"),
            EnvSource::Token => "assumed from the token's iss; nothing in the project says (pass --convex-env or --client-id)".into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EnvValue {
    pub name: String,
    pub value: String,
    pub source: EnvSource,
}

/// Values for the `${env:NAME}` placeholders `auth.config.ts` evaluation left behind.
#[derive(Debug, Clone, Default)]
pub struct Env {
    pub vars: Vec<EnvValue>,
}

impl Env {
    pub fn get(&self, name: &str) -> Option<&EnvValue> {
        self.vars.iter().find(|v| v.name == name)
    }

    pub fn set(&mut self, name: &str, value: &str, source: EnvSource) {
        if self.get(name).is_none() {
            self.vars.push(EnvValue { name: name.to_string(), value: value.to_string(), source });
        }
    }

    /// `text` with every known `${env:NAME}` replaced; the names still unknown.
    pub fn substitute(&self, text: &str) -> (String, Vec<String>) {
        let mut out = String::new();
        let mut unknown = Vec::new();
        let mut rest = text;
        while let Some(start) = rest.find("${env:") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 6..];
            let Some(end) = after.find('}') else {
                out.push_str(&rest[start..]);
                rest = "";
                break;
            };
            let name = &after[..end];
            match self.get(name) {
                Some(v) => out.push_str(&v.value),
                None => {
                    out.push_str(&rest[start..start + 6 + end + 1]);
                    if !unknown.iter().any(|u| u == name) {
                        unknown.push(name.to_string());
                    }
                }
            }
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        (out, unknown)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Kind {
    CustomJwt,
    Oidc,
    /// A `type` Convex does not know: the push fails, so it is never stored.
    Unknown,
}

/// One provider with its env vars resolved as far as possible.
#[derive(Debug, Clone)]
pub struct Spec {
    /// Index in the file's `providers` array (`None` for providers a helper computes).
    pub index: Option<usize>,
    pub kind: Kind,
    pub type_text: Option<String>,
    /// customJwt `issuer` or OIDC `domain`, after env substitution.
    pub issuer: Option<String>,
    /// The issuer as written, with `${env:X}` placeholders (for inference).
    pub issuer_template: Option<String>,
    pub application_id: Option<String>,
    pub jwks: Option<String>,
    pub algorithm: Option<String>,
    /// Env vars whose value is still unknown, and values that are not statically known.
    pub unresolved: Vec<String>,
    pub location: Option<Location>,
    pub application_id_location: Option<Location>,
    pub algorithm_location: Option<Location>,
    pub issuer_location: Option<Location>,
    pub jwks_location: Option<Location>,
}

impl Spec {
    /// The client ids this provider names (issuer, applicationID, jwks).
    pub fn client_ids(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(IssuerShape::UserManagement { client_id, .. }) = self.issuer.as_deref().map(workos::issuer_shape) {
            out.push(client_id);
        }
        if let Some(id) = &self.application_id
            && id.starts_with("client_")
        {
            out.push(id.clone());
        }
        if let Some(id) = self.jwks.as_deref().and_then(workos::jwks_client_id) {
            out.push(id.to_string());
        }
        out.sort();
        out.dedup();
        out
    }

    /// `CustomJWT(issuer=…, app_id=…)` as Convex lists it.
    pub fn convex_label(&self) -> String {
        let app = self.application_id.as_deref().unwrap_or("none");
        let place = self.issuer.as_deref().unwrap_or("");
        match self.kind {
            Kind::Oidc => format!("OIDC(domain={place}, app_id={app})"),
            _ => format!("CustomJWT(issuer={place}, app_id={app})"),
        }
    }
}

/// A value of the config as text: resolved string, or why it is not one.
fn text_of(p: &Provider, key: &str, env: &Env, unresolved: &mut Vec<String>) -> (Option<String>, Option<String>) {
    let Some(prop) = p.get(key) else { return (None, None) };
    match &prop.value.kind {
        ValueKind::Str(Str { text, symbolic, .. }) => {
            if *symbolic {
                let (resolved, unknown) = env.substitute(text);
                for u in unknown {
                    if !unresolved.contains(&u) {
                        unresolved.push(u);
                    }
                }
                (Some(resolved), Some(text.clone()))
            } else {
                (Some(text.clone()), Some(text.clone()))
            }
        }
        ValueKind::Null => (None, None),
        ValueKind::Unknown(_) => {
            unresolved.push(format!("`{key}` is computed at run time"));
            (None, None)
        }
        other => {
            let shown = match other {
                ValueKind::Num(n) => n.to_string(),
                ValueKind::Bool(b) => b.to_string(),
                _ => "a non-string value".into(),
            };
            (Some(shown.clone()), Some(shown))
        }
    }
}

/// The providers of the file, resolved with `env`, in file order.
pub fn from_config(providers: &[Provider], file: &str, env: &Env) -> Vec<Spec> {
    providers
        .iter()
        .map(|p| {
            let mut unresolved = Vec::new();
            let type_text = p.type_str().map(str::to_string);
            let kind = match p.type_str() {
                Some("customJwt") => Kind::CustomJwt,
                Some("oidc") | None => Kind::Oidc,
                Some(_) => Kind::Unknown,
            };
            let place_key = if kind == Kind::Oidc { "domain" } else { "issuer" };
            let (issuer, issuer_template) = text_of(p, place_key, env, &mut unresolved);
            let (application_id, _) = text_of(p, "applicationID", env, &mut unresolved);
            let (jwks, _) = text_of(p, "jwks", env, &mut unresolved);
            let (algorithm, _) = text_of(p, "algorithm", env, &mut unresolved);
            let loc = |key: &str| p.get(key).map(|prop| prop.span.in_file(file));
            Spec {
                index: Some(p.index),
                kind,
                type_text,
                issuer,
                issuer_template,
                application_id,
                jwks,
                algorithm,
                unresolved,
                location: Some(p.span.in_file(file)),
                application_id_location: loc("applicationID"),
                algorithm_location: loc("algorithm"),
                issuer_location: loc(place_key),
                jwks_location: loc("jwks"),
            }
        })
        .collect()
}

/// The two providers `@convex-dev/workos-authkit`'s `getAuthConfigProviders()` returns (with the
/// default API host; a custom `apiHostname` passed to the component is not visible statically).
pub fn component_providers(env: &Env) -> Vec<Spec> {
    let make = |issuer: &str, app: bool| {
        let (iss, mut unresolved) = env.substitute(issuer);
        let (jwks, u2) = env.substitute("https://api.workos.com/sso/jwks/${env:WORKOS_CLIENT_ID}");
        unresolved.extend(u2);
        unresolved.dedup();
        Spec {
            index: None,
            kind: Kind::CustomJwt,
            type_text: Some("customJwt".into()),
            issuer: Some(iss),
            issuer_template: Some(issuer.to_string()),
            application_id: app.then(|| env.substitute("${env:WORKOS_CLIENT_ID}").0),
            jwks: Some(jwks),
            algorithm: Some("RS256".into()),
            unresolved,
            location: None,
            application_id_location: None,
            algorithm_location: None,
            issuer_location: None,
            jwks_location: None,
        }
    };
    vec![make("https://api.workos.com/", true), make("https://api.workos.com/user_management/${env:WORKOS_CLIENT_ID}", false)]
}

/// Sorts providers into the order Convex stores (and tries) them after a fresh push.
pub fn storage_order(specs: &mut [Spec]) {
    specs.sort_by(|a, b| {
        let key = |s: &Spec| {
            (
                match s.kind {
                    Kind::Oidc => 0,
                    Kind::CustomJwt => 1,
                    Kind::Unknown => 2,
                },
                s.application_id.clone(),
                s.issuer.clone().unwrap_or_default(),
                s.jwks.clone().unwrap_or_default(),
                s.algorithm.clone().unwrap_or_default(),
            )
        };
        key(a).cmp(&key(b))
    });
}

/// Whether a provider matches, and if not, why (in words a user can act on).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatchResult {
    pub matches: bool,
    pub issuer_matches: bool,
    pub why_not: Option<String>,
}

/// `matches_token` for one provider, with an explanation.
pub fn match_token(spec: &Spec, iss: &str, aud: Option<&[String]>) -> MatchResult {
    let no = |issuer_matches: bool, why: String| MatchResult { matches: false, issuer_matches, why_not: Some(why) };
    if spec.kind == Kind::Unknown {
        let t = spec.type_text.as_deref().unwrap_or("");
        return no(false, format!("`type: \"{t}\"` is not a provider type Convex knows: the push fails, so the deployment never holds it"));
    }
    let Some(issuer) = spec.issuer.as_deref() else {
        let what = if spec.kind == Kind::Oidc { "domain" } else { "issuer" };
        return no(false, format!("the provider has no usable `{what}`"));
    };
    if let Some(var) = spec.unresolved.iter().find(|u| issuer.contains(&format!("${{env:{u}}}"))) {
        return no(false, format!("the issuer depends on env var {var}, whose value on the deployment is unknown"));
    }
    let configured = crate::convex::issuer::configured(issuer);
    let token = crate::convex::issuer::token(iss);
    let issuer_matches = configured == token;
    let aud_problem = spec.application_id.as_deref().and_then(|app| {
        if app.contains("${env:") {
            return Some(format!("applicationID depends on an env var whose value is unknown ({app})"));
        }
        match aud {
            None if matches!(workos::issuer_shape(&crate::convex::issuer::configured(issuer)), IssuerShape::UserManagement { .. }) => Some(format!(
                "aud missing; applicationID \"{app}\" requires it (AuthKit access tokens carry no aud unless the WorkOS JWT template adds one: remove applicationID from this provider)"
            )),
            None => Some(format!("aud missing; applicationID \"{app}\" requires it")),
            Some(list) if !list.iter().any(|a| a == app) => {
                Some(format!("aud {} does not contain applicationID \"{app}\"", serde_json::to_string(list).unwrap_or_default()))
            }
            Some(_) => None,
        }
    });
    if issuer_matches {
        return match aud_problem {
            None => MatchResult { matches: true, issuer_matches, why_not: None },
            Some(why) => no(true, why),
        };
    }
    let mut why = format!("iss \"{iss}\" ≠ issuer \"{issuer}\"");
    if configured.eq_ignore_ascii_case(&token) {
        why.push_str(" (they differ only in letter case; Convex compares case-sensitively)");
    } else if configured.replacen("https://", "http://", 1) == token || token.replacen("https://", "http://", 1) == configured {
        why.push_str(" (http:// and https:// differ)");
    } else {
        match (workos::issuer_shape(&token), workos::issuer_shape(&configured)) {
            (IssuerShape::UserManagement { client_id: a, host: ha }, IssuerShape::UserManagement { client_id: b, host: hb })
                if ha == hb && a != b =>
            {
                why.push_str(&format!(" (the token was issued for {a}, this provider expects {b})"));
            }
            (IssuerShape::UserManagement { .. }, IssuerShape::Sso { .. }) => {
                why.push_str(" (an AuthKit user_management token; this is the shared SSO issuer)");
            }
            (IssuerShape::Sso { .. }, IssuerShape::UserManagement { .. }) => {
                why.push_str(" (a token with the shared SSO issuer; this provider is for user_management tokens)");
            }
            (a, b) if a.host().is_some() && b.host().is_some() && a.host() != b.host() => {
                why.push_str(&format!(" (host {} vs {})", a.host().unwrap_or(""), b.host().unwrap_or("")));
            }
            _ => {}
        }
    }
    no(false, why)
}

/// For unresolved env vars in issuer templates: the value that would make the template equal
/// the token's `iss` (`https://api.workos.com/user_management/${env:WORKOS_CLIENT_ID}` and
/// `…/user_management/client_01X` give `WORKOS_CLIENT_ID = client_01X`).
pub fn infer_from_issuer(template: &str, iss: &str) -> Option<(String, String)> {
    let start = template.find("${env:")?;
    let end = start + template[start..].find('}')?;
    let name = &template[start + 6..end];
    let prefix = &template[..start];
    let suffix = template[end + 1..].trim_end_matches('/');
    if suffix.contains("${env:") || name.is_empty() {
        return None;
    }
    let prefix = if prefix.contains("://") { prefix.to_string() } else { format!("https://{prefix}") };
    let token = crate::convex::issuer::token(iss);
    let middle = token.strip_prefix(prefix.as_str())?.strip_suffix(suffix)?;
    (!middle.is_empty() && !middle.contains('/')).then(|| (name.to_string(), middle.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(issuer: &str, app: Option<&str>) -> Spec {
        Spec {
            index: Some(0),
            kind: Kind::CustomJwt,
            type_text: Some("customJwt".into()),
            issuer: Some(issuer.into()),
            issuer_template: Some(issuer.into()),
            application_id: app.map(str::to_string),
            jwks: None,
            algorithm: Some("RS256".into()),
            unresolved: Vec::new(),
            location: None,
            application_id_location: None,
            algorithm_location: None,
            issuer_location: None,
            jwks_location: None,
        }
    }

    const UM: &str = "https://api.workos.com/user_management/client_01TEST";

    #[test]
    fn issuer_normalisation() {
        let um = spec(UM, None);
        for iss in [
            UM,
            "https://api.workos.com/user_management/client_01TEST/",
            "https://api.workos.com/user_management/client_01TEST//",
            "api.workos.com/user_management/client_01TEST",
        ] {
            assert!(match_token(&um, iss, None).matches, "{iss}");
        }
        let r = match_token(&um, "https://API.workos.com/user_management/client_01TEST", None);
        assert!(!r.matches && r.why_not.unwrap().contains("letter case"));
        let r = match_token(&um, "http://api.workos.com/user_management/client_01TEST", None);
        assert!(!r.matches && r.why_not.unwrap().contains("http://"));
        let r = match_token(&um, "https://api.workos.com/user_management/client_01OTHER", None);
        assert!(r.why_not.unwrap().contains("issued for client_01OTHER"));
    }

    #[test]
    fn audience() {
        let sso = spec("https://api.workos.com/", Some("client_01TEST"));
        assert!(match_token(&sso, "https://api.workos.com", Some(&["client_01TEST".into()])).matches);
        assert!(match_token(&sso, "https://api.workos.com/", Some(&["other".into(), "client_01TEST".into()])).matches);
        let r = match_token(&sso, "https://api.workos.com", None);
        assert_eq!(r.why_not.as_deref(), Some("aud missing; applicationID \"client_01TEST\" requires it"));
        assert!(r.issuer_matches);
        let r = match_token(&sso, "https://api.workos.com", Some(&["nope".into()]));
        assert!(r.why_not.unwrap().contains("does not contain"));
        // Without applicationID, aud is ignored completely.
        assert!(match_token(&spec(UM, None), UM, Some(&["anything".into()])).matches);
    }

    #[test]
    fn order_and_inference() {
        let mut specs = vec![spec("https://api.workos.com/", Some("client_01TEST")), spec(UM, None)];
        storage_order(&mut specs);
        assert_eq!(specs[0].issuer.as_deref(), Some(UM));
        assert_eq!(
            infer_from_issuer(
                "https://api.workos.com/user_management/${env:WORKOS_CLIENT_ID}",
                "https://api.workos.com/user_management/client_9/"
            ),
            Some(("WORKOS_CLIENT_ID".into(), "client_9".into()))
        );
        assert_eq!(infer_from_issuer("https://api.workos.com/user_management/${env:X}", "https://other.com/user_management/c"), None);
        let mut env = Env::default();
        env.set("A", "1", EnvSource::Flag);
        assert_eq!(env.substitute("x${env:A}y${env:B}z"), ("x1y${env:B}z".to_string(), vec!["B".to_string()]));
        assert_eq!(env.substitute("${env:"), ("${env:".to_string(), vec![]));
    }
}
