//! What WorkOS tokens and URLs look like: issuer shapes, JWKS URLs, client id format.

use crate::url::Url;

/// The default WorkOS API host (issuer and JWKS) when no custom auth domain is set.
pub const DEFAULT_HOST: &str = "api.workos.com";

/// Env vars that set a custom WorkOS auth domain (`apiHostname`).
pub const HOSTNAME_VARS: &[&str] =
    &["WORKOS_API_HOSTNAME", "VITE_WORKOS_API_HOSTNAME", "NEXT_PUBLIC_WORKOS_API_HOSTNAME", "EXPO_PUBLIC_WORKOS_API_HOSTNAME"];

/// `api.workos.com`, with or without a scheme or trailing slash: WorkOS's own API host.
pub fn is_default_api_host(value: &str) -> bool {
    value.trim().trim_start_matches("https://").trim_end_matches('/') == "api.workos.com"
}

/// What a provider's issuer means for WorkOS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IssuerShape {
    /// `https://<host>/`: the SSO-style issuer, shared by every customer; needs `aud`.
    Sso {
        host: String,
    },
    /// `https://<host>/user_management/<clientId>`: what AuthKit access tokens carry.
    UserManagement {
        host: String,
        client_id: String,
    },
    /// Anything else (another provider, or an unrecognised path).
    Other {
        host: String,
    },
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
    let Some(parts) = Url::absolute(&with_scheme) else { return IssuerShape::NotAUrl };
    let host = parts.authority.to_string();
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

/// What an issuer that is not AuthKit's `…/user_management/<clientId>` was most likely copied
/// from, when it looks like a near miss. People paste the address they see: the hosted
/// sign-in page, the dashboard, the API's base URL, the JWKS URL, or the user-management path
/// without its client id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IssuerNearMiss {
    /// `https://<sub>.authkit.app`: where the hosted sign-in page lives; it issues no tokens.
    HostedSignInPage,
    /// `https://dashboard.workos.com/…`: the dashboard's own address.
    Dashboard,
    /// `https://<host>/user_management` with no client id after it.
    UserManagementWithoutClientId { host: String },
    /// `https://<host>/user_management/<clientId>/<more>`: a path after the client id.
    UserManagementWithExtraPath { host: String },
    /// `https://<host>/sso/jwks/<clientId>`: the JWKS URL, not an issuer.
    JwksUrl { host: String },
    /// `https://<host>/<path>` on a WorkOS API host with some other path (`/v1`, `/user_management/authorize`).
    OtherApiPath { host: String, path: String },
}

impl IssuerNearMiss {
    /// One clause that says what the value is, for "the issuer `X` is …".
    pub fn describe(&self) -> String {
        match self {
            IssuerNearMiss::HostedSignInPage => {
                "the hosted sign-in page's domain (`*.authkit.app`); tokens are issued by the Authentication API, not by that page".into()
            }
            IssuerNearMiss::Dashboard => "the WorkOS dashboard's address, which issues no tokens".into(),
            IssuerNearMiss::UserManagementWithoutClientId { .. } => "missing the client id after `/user_management/`".into(),
            IssuerNearMiss::UserManagementWithExtraPath { .. } => "longer than the issuer: nothing may follow the client id".into(),
            IssuerNearMiss::JwksUrl { .. } => "the JWKS URL (where the signing keys are), not an issuer; it belongs in `jwks`".into(),
            IssuerNearMiss::OtherApiPath { path, .. } => format!("an API path (`{path}`), not an issuer"),
        }
    }

    /// The host the right issuer goes on, when the near miss names it.
    pub fn host(&self) -> Option<&str> {
        match self {
            IssuerNearMiss::UserManagementWithoutClientId { host }
            | IssuerNearMiss::UserManagementWithExtraPath { host }
            | IssuerNearMiss::JwksUrl { host }
            | IssuerNearMiss::OtherApiPath { host, .. } => Some(host),
            IssuerNearMiss::HostedSignInPage | IssuerNearMiss::Dashboard => None,
        }
    }
}

/// Classifies an issuer that is not an AuthKit user-management issuer as a near miss, or `None`
/// when it is some other issuer altogether (or a correct one). A custom Authentication API
/// domain counts as an API host only for the paths WorkOS serves (`/user_management`, `/sso/jwks/`).
pub fn issuer_near_miss(issuer: &str) -> Option<IssuerNearMiss> {
    let with_scheme = if issuer.contains("://") { issuer.to_string() } else { format!("https://{issuer}") };
    let parts = Url::absolute(&with_scheme)?;
    let host = parts.authority.to_ascii_lowercase();
    let path = parts.path.trim_end_matches('/');
    if host.ends_with(".authkit.app") {
        return Some(IssuerNearMiss::HostedSignInPage);
    }
    if host == "dashboard.workos.com" {
        return Some(IssuerNearMiss::Dashboard);
    }
    let host = parts.authority.to_string();
    if path == "/user_management" {
        return Some(IssuerNearMiss::UserManagementWithoutClientId { host });
    }
    if let Some(rest) = path.strip_prefix("/user_management/")
        && rest.contains('/')
    {
        return Some(IssuerNearMiss::UserManagementWithExtraPath { host });
    }
    if path.starts_with("/sso/jwks/") {
        return Some(IssuerNearMiss::JwksUrl { host });
    }
    if host == DEFAULT_HOST && !path.is_empty() && !path.starts_with("/user_management/") {
        return Some(IssuerNearMiss::OtherApiPath { host, path: path.to_string() });
    }
    None
}

/// The client id in a JWKS URL `https://<host>/sso/jwks/<clientId>`.
pub fn jwks_client_id(jwks: &str) -> Option<&str> {
    let parts = Url::absolute(jwks)?;
    let id = parts.path.strip_prefix("/sso/jwks/")?.trim_end_matches('/');
    (!id.is_empty() && !id.contains('/')).then_some(id)
}

/// Whether a string is a well-formed WorkOS client id: `client_` + 26 Crockford base32 chars.
pub fn is_client_id(s: &str) -> bool {
    let Some(rest) = s.strip_prefix("client_") else { return false };
    rest.len() == 26 && rest.bytes().all(|b| matches!(b, b'0'..=b'9' | b'A'..=b'H' | b'J' | b'K' | b'M' | b'N' | b'P'..=b'T' | b'V'..=b'Z'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_misses() {
        use IssuerNearMiss::*;
        let host = || "api.workos.com".to_string();
        assert_eq!(issuer_near_miss("https://happy-cloud-42.authkit.app/"), Some(HostedSignInPage));
        assert_eq!(issuer_near_miss("https://dashboard.workos.com/environment"), Some(Dashboard));
        assert_eq!(issuer_near_miss("https://api.workos.com/user_management/"), Some(UserManagementWithoutClientId { host: host() }));
        assert_eq!(issuer_near_miss("api.workos.com/sso/jwks/client_1"), Some(JwksUrl { host: host() }));
        assert_eq!(
            issuer_near_miss("https://api.workos.com/user_management/client_1/x"),
            Some(UserManagementWithExtraPath { host: host() })
        );
        assert_eq!(issuer_near_miss("https://api.workos.com/v1"), Some(OtherApiPath { host: host(), path: "/v1".into() }));
        // Right issuers, and other providers' issuers, are not near misses.
        for fine in [
            "https://api.workos.com/",
            "https://api.workos.com/user_management/client_1",
            "https://auth.example.com/",
            "https://accounts.google.com",
        ] {
            assert_eq!(issuer_near_miss(fine), None, "{fine}");
        }
        assert_eq!(
            issuer_near_miss("https://auth.example.com/user_management"),
            Some(UserManagementWithoutClientId { host: "auth.example.com".into() })
        );
    }

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
