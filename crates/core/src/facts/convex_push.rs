//! What the Convex backend does with `auth.config.ts` at push time (`npx convex dev|deploy`):
//! evaluate the default export, `JSON.stringify` it, then check it in this order —
//! 1. a default export exists;
//! 2. per provider, in index order, "common confusions" (key spelling, `type`, `domain` vs
//!    `issuer`, the WorkOS shared issuer without `applicationID`);
//! 3. deserialisation into the provider enum (one generic message for any shape error);
//! 4. the issuer / domain URL.
//!
//! Convex stops at the first error; we collect them all, in the order Convex would meet them,
//! each with the message Convex prints (backend text, without the CLI's
//! "The pushed auth config is invalid: " wrapper).

use crate::facts::auth_config::{AuthConfigFacts, Provider, Str, ValueKind};
use crate::source::Span;

pub const MISSING_DEFAULT_EXPORT: &str =
    "auth config file is missing default export. To learn more, see the auth documentation at https://docs.convex.dev/auth.";
const CONFUSION_PREFIX: &str = "auth config file must include a list of provider credentials: ";
/// The single message serde produces for any missing field or wrong type (note the trailing space).
pub const SHAPE_MESSAGE: &str =
    "auth config file must include a list of provider credentials: data did not match any variant of untagged enum SerializedAuthInfo ";
/// What every token gets when no provider is configured.
pub const NO_PROVIDERS_CONFIGURED: &str =
    "No auth provider found matching the given token (no providers configured). Check convex/auth.config.ts.";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PushErrorKind {
    MissingDefaultExport,
    ApplicationIdSpelling,
    UnexpectedType,
    CustomJwtWithDomain,
    OidcWithIssuer,
    InsecureSharedIssuer,
    /// A serde failure: missing field or wrong type (`what` in [`PushError::detail`]).
    Shape,
    /// `algorithm` not exactly `RS256`/`ES256` (also a serde failure, reported separately).
    Algorithm,
    ProvidersMissing,
    ProvidersNotArray,
    InvalidIssuerUrl,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushError {
    pub kind: PushErrorKind,
    pub provider: Option<usize>,
    /// Convex's message, verbatim.
    pub message: String,
    /// What is wrong, in our words (which field, which value).
    pub detail: String,
    pub span: Span,
}

pub fn validate(facts: &AuthConfigFacts) -> Vec<PushError> {
    let mut errors = Vec::new();
    if facts.problem.is_some() {
        return errors;
    }
    let Some(export) = &facts.default_export else {
        errors.push(PushError {
            kind: PushErrorKind::MissingDefaultExport,
            provider: None,
            message: MISSING_DEFAULT_EXPORT.into(),
            detail: "the file has no `export default`".into(),
            span: Span::default(),
        });
        return errors;
    };
    if !matches!(export.kind, ValueKind::Object(_)) {
        return errors; // Unknown (e.g. computed): nothing to check statically.
    }
    let Some(providers) = &facts.providers else {
        errors.push(PushError {
            kind: PushErrorKind::ProvidersMissing,
            provider: None,
            message: format!("{CONFUSION_PREFIX}missing field `providers`"),
            detail: "the default export has no `providers` array".into(),
            span: export.span,
        });
        return errors;
    };
    if providers.not_an_array {
        errors.push(PushError {
            kind: PushErrorKind::ProvidersNotArray,
            provider: None,
            message: format!("{CONFUSION_PREFIX}invalid type: map, expected a sequence"),
            detail: "`providers` must be an array of provider objects".into(),
            span: providers.span,
        });
        return errors;
    }
    for p in &providers.items {
        common_confusions(p, &mut errors);
    }
    for p in &providers.items {
        shape(p, &mut errors);
    }
    for p in &providers.items {
        issuer_url(p, &mut errors);
    }
    errors
}

fn err(kind: PushErrorKind, p: &Provider, message: String, detail: String, span: Span) -> PushError {
    PushError { kind, provider: Some(p.index), message, detail, span }
}

/// Step 2: `check_for_common_confusions`, per provider.
fn common_confusions(p: &Provider, out: &mut Vec<PushError>) {
    let i = p.index;
    if let Some(prop) = p.object.props.iter().find(|pr| pr.key == "applicationId" || pr.key == "applicationid") {
        out.push(err(
            PushErrorKind::ApplicationIdSpelling,
            p,
            format!("{CONFUSION_PREFIX}Provider at index {i} must have applicationID property spelled lowercase 'application', capital I, capital D."),
            format!("the key is spelled `{}`; Convex only accepts `applicationID`", prop.key),
            prop.key_span,
        ));
    }
    let type_prop = p.get("type");
    if let Some(prop) = type_prop
        && let ValueKind::Str(Str { text, symbolic: false, .. }) = &prop.value.kind
        && text != "customJwt"
        && text != "oidc"
    {
        out.push(err(
            PushErrorKind::UnexpectedType,
            p,
            format!("{CONFUSION_PREFIX}Provider at index {i} has unexpected 'type' value '{text}'"),
            format!("`type` is \"{text}\"; Convex accepts exactly \"customJwt\" or \"oidc\" (case-sensitive)"),
            prop.value.span,
        ));
    }
    let type_text = p.type_str();
    if type_text == Some("customJwt")
        && let Some(prop) = p.get("domain")
    {
        out.push(err(
            PushErrorKind::CustomJwtWithDomain,
            p,
            format!("{CONFUSION_PREFIX}Provider at index {i} is a customJwt so cannot have a 'domain' specified"),
            "a customJwt provider takes `issuer`, not `domain`".into(),
            prop.key_span,
        ));
    }
    if matches!(type_text, None | Some("oidc"))
        && type_prop.is_none_or(|t| matches!(t.value.kind, ValueKind::Str(_)))
        && let Some(prop) = p.get("issuer")
    {
        out.push(err(
            PushErrorKind::OidcWithIssuer,
            p,
            format!("{CONFUSION_PREFIX}Provider at index {i} is oidc so cannot have an 'issuer' specified."),
            "without `type: \"customJwt\"` Convex reads the provider as OIDC, which takes `domain`, not `issuer`".into(),
            prop.key_span,
        ));
    }
    // Exact string compare, like Convex (so `api.workos.com` without a scheme slips through).
    if p.application_id().is_none()
        && let Some(issuer) = p.get("issuer")
        && let ValueKind::Str(s) = &issuer.value.kind
        && (s.text == "https://api.workos.com/" || s.text == "https://api.workos.com")
    {
        out.push(err(
            PushErrorKind::InsecureSharedIssuer,
            p,
            format!("This auth configuration appears potentially insecure: Provider at index {i} has an issuer that is shared among many applications, so must to specify an ApplicationID to check against an `aud` field of a JWT."),
            "the issuer https://api.workos.com/ is shared by every WorkOS customer, so Convex requires `applicationID`".into(),
            issuer.value.span,
        ));
    }
}

/// Step 3: serde into `SerializedAuthInfo`. Unknown values cannot fail here (we can't tell).
fn shape(p: &Provider, out: &mut Vec<PushError>) {
    let shape_err = |detail: String, span: Span| err(PushErrorKind::Shape, p, SHAPE_MESSAGE.into(), detail, span);
    let is_string_or_unknown = |key: &str| p.get(key).map(|prop| matches!(prop.value.kind, ValueKind::Str(_) | ValueKind::Unknown(_)));
    // A type Convex does not know was already reported in step 2; serde would fail too, but
    // saying it twice helps nobody.
    let custom = match p.type_str() {
        Some("customJwt") => true,
        Some("oidc") | None => false,
        Some(_) => return,
    };
    if matches!(p.get("type").map(|t| &t.value.kind), Some(ValueKind::Unknown(_))) {
        return;
    }
    if let Some(prop) = p.get("applicationID")
        && !matches!(prop.value.kind, ValueKind::Str(_) | ValueKind::Unknown(_) | ValueKind::Null)
    {
        out.push(shape_err("`applicationID` must be a string".into(), prop.value.span));
    }
    if custom {
        for key in ["issuer", "jwks", "algorithm"] {
            match is_string_or_unknown(key) {
                None => out.push(shape_err(format!("a customJwt provider needs `{key}`"), p.span)),
                Some(false) => out.push(shape_err(format!("`{key}` must be a string"), p.get(key).map(|x| x.value.span).unwrap_or(p.span))),
                Some(true) => {}
            }
        }
        if let Some(prop) = p.get("algorithm")
            && let ValueKind::Str(s) = &prop.value.kind
            && !s.symbolic
            && s.text != "RS256"
            && s.text != "ES256"
        {
            out.push(PushError {
                kind: PushErrorKind::Algorithm,
                provider: Some(p.index),
                message: SHAPE_MESSAGE.into(),
                detail: format!("`algorithm` is \"{}\"; Convex accepts exactly \"RS256\" or \"ES256\"", s.text),
                span: prop.value.span,
            });
        }
    } else {
        match is_string_or_unknown("domain") {
            None => out.push(shape_err("an OIDC provider needs `domain`".into(), p.span)),
            Some(false) => out.push(shape_err("`domain` must be a string".into(), p.get("domain").map(|x| x.value.span).unwrap_or(p.span))),
            Some(true) => {}
        }
        if p.get("applicationID").is_none() {
            out.push(shape_err("an OIDC provider needs `applicationID`".into(), p.span));
        }
    }
}

/// Step 4: `deserialize_issuer_url` on the customJwt issuer / OIDC domain.
fn issuer_url(p: &Provider, out: &mut Vec<PushError>) {
    let key = if p.is_custom_jwt() { "issuer" } else { "domain" };
    let Some(prop) = p.get(key) else { return };
    let ValueKind::Str(s) = &prop.value.kind else { return };
    if let Err(why) = check_issuer_url(&s.text) {
        out.push(err(
            PushErrorKind::InvalidIssuerUrl,
            p,
            format!("Invalid provider domain URL \"{}\": {why}", s.text),
            format!("`{key}` is not a URL Convex accepts: {why}"),
            prop.value.span,
        ));
    }
}

/// Convex's issuer URL rules. Parts that come from unknown env vars (`${env:X}`) are assumed valid.
pub fn check_issuer_url(url: &str) -> Result<(), String> {
    if url.starts_with('"') {
        return Err("starts with a double quote (\")".into());
    }
    let scheme_len = url.find("://").filter(|&i| i > 0 && url[..i].chars().all(|c| c.is_alphanumeric() || c == '_'));
    let (scheme, rest, had_scheme) = match scheme_len {
        Some(i) => (&url[..i], &url[i + 3..], true),
        None => ("https", url, false),
    };
    let scheme = scheme.to_ascii_lowercase();
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    let host_port = authority.rsplit('@').next().unwrap_or("");
    if host_port.contains("${env:") {
        return Ok(());
    }
    let (host, port) = match host_port.rsplit_once(':') {
        Some((h, p)) if !h.ends_with(']') || host_port.starts_with('[') => (h, Some(p)),
        _ => (host_port, None),
    };
    if host.is_empty() {
        return Err("empty host".into());
    }
    if host.chars().any(|c| c.is_whitespace() || "<>\"^`{|}%".contains(c)) {
        return Err("invalid domain character".into());
    }
    if let Some(port) = port
        && !port.is_empty()
        && port.parse::<u16>().is_err()
    {
        return Err("invalid port number".into());
    }
    if scheme != "http" && scheme != "https" {
        return Err("scheme should be http or https".into());
    }
    if !had_scheme {
        let tld = host.rsplit('.').next().unwrap_or("");
        let looks_like_tld = host.contains('.') && tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic());
        if host != "localhost" && !looks_like_tld {
            return Err("Does not look like a URL (must have a scheme or end with a top-level domain)".into());
        }
    }
    Ok(())
}

/// The development-deployment text Convex returns when no provider matches a token, listing the
/// providers in the order Convex stores them after a fresh push: OIDC before customJwt, then by
/// `applicationID` (absent first), issuer/domain, JWKS and algorithm.
pub fn no_auth_provider_message(providers: &[Provider]) -> String {
    if providers.is_empty() {
        return NO_PROVIDERS_CONFIGURED.to_string();
    }
    let text = |p: &Provider, key: &str| p.str(key).map(|s| s.text.clone());
    let mut keyed: Vec<(u8, Option<String>, String, String, String)> = providers
        .iter()
        .map(|p| {
            let variant = if p.is_custom_jwt() { 1 } else { 0 };
            let place = if p.is_custom_jwt() { text(p, "issuer") } else { text(p, "domain") };
            (
                variant,
                text(p, "applicationID"),
                place.unwrap_or_default(),
                text(p, "jwks").unwrap_or_default(),
                text(p, "algorithm").unwrap_or_default(),
            )
        })
        .collect();
    keyed.sort();
    let list: Vec<String> = keyed
        .iter()
        .map(|(variant, app_id, place, _, _)| {
            let app_id = app_id.as_deref().unwrap_or("none");
            if *variant == 1 {
                format!("CustomJWT(issuer={place}, app_id={app_id})")
            } else {
                format!("OIDC(domain={place}, app_id={app_id})")
            }
        })
        .collect();
    format!(
        "No auth provider found matching the given token. Check that your JWT's issuer and audience match one of your configured providers: [{}]",
        list.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issuer_urls() {
        assert!(check_issuer_url("https://api.workos.com/").is_ok());
        assert!(check_issuer_url("api.workos.com/user_management/client_1").is_ok());
        assert!(check_issuer_url("https://api.workos.com/user_management/${env:WORKOS_CLIENT_ID}").is_ok());
        assert_eq!(check_issuer_url("ftp://x.com").unwrap_err(), "scheme should be http or https");
        assert_eq!(check_issuer_url("\"https://x.com\"").unwrap_err(), "starts with a double quote (\")");
        assert_eq!(check_issuer_url("workos").unwrap_err(), "Does not look like a URL (must have a scheme or end with a top-level domain)");
        assert_eq!(check_issuer_url("https://").unwrap_err(), "empty host");
        assert!(check_issuer_url("localhost").is_ok());
        assert!(check_issuer_url("http://localhost:3210").is_ok());
    }
}
