//! What WorkOS tokens and URLs look like: issuer shapes, JWKS URLs, client id format.

/// The default WorkOS API host (issuer and JWKS) when no custom auth domain is set.
pub const DEFAULT_HOST: &str = "api.workos.com";

/// Env vars that set a custom WorkOS auth domain (`apiHostname`).
pub const HOSTNAME_VARS: &[&str] = &["WORKOS_API_HOSTNAME", "VITE_WORKOS_API_HOSTNAME", "NEXT_PUBLIC_WORKOS_API_HOSTNAME", "EXPO_PUBLIC_WORKOS_API_HOSTNAME"];

/// `scheme://host/path` split loosely (enough for issuers and JWKS URLs; no percent-decoding).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlParts<'a> {
    pub scheme: &'a str,
    pub host: &'a str,
    pub path: &'a str,
}

pub fn split_url(url: &str) -> Option<UrlParts<'_>> {
    let (scheme, rest) = url.split_once("://")?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    let host = authority.rsplit('@').next().unwrap_or(authority);
    let path = rest[end..].split(['?', '#']).next().unwrap_or("");
    Some(UrlParts { scheme, host, path })
}

/// What a provider's issuer means for WorkOS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IssuerShape {
    /// `https://<host>/`: the SSO-style issuer, shared by every customer; needs `aud`.
    Sso { host: String },
    /// `https://<host>/user_management/<clientId>`: what AuthKit access tokens carry.
    UserManagement { host: String, client_id: String },
    /// Anything else (another provider, or an unrecognised path).
    Other { host: String },
    NotAUrl,
}

impl IssuerShape {
    pub fn host(&self) -> Option<&str> {
        match self {
            IssuerShape::Sso { host } | IssuerShape::UserManagement { host, .. } | IssuerShape::Other { host } => Some(host),
            IssuerShape::NotAUrl => None,
        }
    }
}

/// Classifies an issuer the way Convex compares it: a missing scheme means `https://`, trailing
/// slashes do not matter.
pub fn issuer_shape(issuer: &str) -> IssuerShape {
    let with_scheme = if issuer.contains("://") { issuer.to_string() } else { format!("https://{issuer}") };
    let Some(parts) = split_url(&with_scheme) else { return IssuerShape::NotAUrl };
    let host = parts.host.to_string();
    let path = parts.path.trim_end_matches('/');
    if path.is_empty() {
        return IssuerShape::Sso { host };
    }
    if let Some(rest) = path.strip_prefix("/user_management/")
        && !rest.is_empty()
        && !rest.contains('/')
    {
        return IssuerShape::UserManagement { host, client_id: rest.to_string() };
    }
    IssuerShape::Other { host }
}

/// The client id in a JWKS URL `https://<host>/sso/jwks/<clientId>`.
pub fn jwks_client_id(jwks: &str) -> Option<&str> {
    let parts = split_url(jwks)?;
    let id = parts.path.strip_prefix("/sso/jwks/")?.trim_end_matches('/');
    (!id.is_empty() && !id.contains('/')).then_some(id)
}

/// Whether a string is a well-formed WorkOS client id: `client_` + 26 Crockford base32 chars.
pub fn is_client_id(s: &str) -> bool {
    let Some(rest) = s.strip_prefix("client_") else { return false };
    rest.len() == 26 && rest.bytes().all(|b| matches!(b, b'0'..=b'9' | b'A'..=b'H' | b'J' | b'K' | b'M' | b'N' | b'P'..=b'T' | b'V'..=b'Z'))
}

/// Strips a trailing run of `/`, as Convex does before comparing issuers.
pub fn normalize_issuer(issuer: &str) -> &str {
    issuer.trim_end_matches('/')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        assert_eq!(issuer_shape("https://api.workos.com/"), IssuerShape::Sso { host: "api.workos.com".into() });
        assert_eq!(issuer_shape("https://api.workos.com"), IssuerShape::Sso { host: "api.workos.com".into() });
        assert_eq!(
            issuer_shape("https://auth.example.com/user_management/client_1/"),
            IssuerShape::UserManagement { host: "auth.example.com".into(), client_id: "client_1".into() }
        );
        assert_eq!(issuer_shape("https://clerk.example.com/x"), IssuerShape::Other { host: "clerk.example.com".into() });
        assert_eq!(jwks_client_id("https://api.workos.com/sso/jwks/client_9"), Some("client_9"));
        assert_eq!(jwks_client_id("https://api.workos.com/sso/jwks/"), None);
        assert_eq!(jwks_client_id("https://api.workos.com/user_management/jwks/client_9"), None);
        assert!(is_client_id("client_01HXRMBQ9BJ3E7QSTQ9X2PHVB7"));
        assert!(!is_client_id("client_01HXRMBQ9BJ3E7QSTQ9X2PHVB"));
        assert!(!is_client_id("client_01HXRMBQ9BJ3E7QSTQ9X2PHVBI"));
    }
}
