//! Issuers the way Convex compares them (`AuthInfo::matches_token` and the configured issuer's
//! `deserialize_issuer_url`): a scheme added when there is none, every trailing `/` trimmed, and
//! nothing else: no lowercasing, no port or percent normalisation. The two sides add the scheme
//! under slightly different tests, so each has its own function; [`matches`] compares them.

/// A configured `issuer` (or OIDC `domain`) as Convex stores it: `https://` added unless the
/// text starts with a `word://` scheme, then trailing slashes trimmed.
pub fn configured(issuer: &str) -> String {
    let has_scheme = issuer.find("://").is_some_and(|i| i > 0 && issuer[..i].chars().all(|c| c.is_alphanumeric() || c == '_'));
    let with = if has_scheme { issuer.to_string() } else { format!("https://{issuer}") };
    with.trim_end_matches('/').to_string()
}

/// A token's `iss` as Convex compares it: `https://` added unless it starts with `https://` or
/// `http://`, then trailing slashes trimmed.
pub fn token(iss: &str) -> String {
    let with = if iss.starts_with("https://") || iss.starts_with("http://") { iss.to_string() } else { format!("https://{iss}") };
    with.trim_end_matches('/').to_string()
}

/// Whether a token with `iss` selects a provider configured with `issuer` (before `aud`).
pub fn matches(issuer: &str, iss: &str) -> bool {
    configured(issuer) == token(iss)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn convex_comparison_rules() {
        // Every trailing slash goes, on both sides.
        assert!(matches("https://api.workos.com/user_management/client_X", "https://api.workos.com/user_management/client_X//"));
        assert!(matches("https://api.workos.com/", "https://api.workos.com"));
        // A missing scheme means https, on both sides.
        assert!(matches("api.workos.com/user_management/client_X", "https://api.workos.com/user_management/client_X"));
        assert!(matches("https://api.workos.com/user_management/client_X", "api.workos.com/user_management/client_X"));
        // Case is kept, and http is not https.
        assert!(!matches("https://api.workos.com/", "https://API.workos.com/"));
        assert!(!matches("https://api.workos.com/", "http://api.workos.com/"));
        // A configured issuer with another scheme keeps it; a token's only counts http(s).
        assert_eq!(configured("ftp://x.example/"), "ftp://x.example");
        assert_eq!(token("ftp://x.example/"), "https://ftp://x.example");
        assert_eq!(configured("auth.example.com"), "https://auth.example.com");
    }
}
