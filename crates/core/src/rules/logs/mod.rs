//! `logs/*`: known messages in pasted log text (Convex backend, client and CLI; authkit-nextjs,
//! authkit-js and the WorkOS SDK; browser consoles; Netlify and Vercel). Produced by
//! `authkit-doctor logs`, never by a project scan: each rule runs on log text
//! (`runs_on: LogMessage(&MATCHER)`), and its [`Matcher`] (the message in every wording, and what
//! it means) is what `logs` runs.

pub mod auth_config_env_unset;
pub mod auth_config_rejected;
pub mod callback_error;
pub mod code_exchange_failed;
pub mod cookie_password_short;
pub mod cookies_modified_in_render;
pub mod cors_blocked;
pub mod could_not_decode_token;
pub mod failed_to_authenticate;
pub mod host_page_not_found;
pub mod invalid_grant;
pub mod jwks_content_type;
pub mod jwks_fetch_failed;
pub mod jwks_invalid;
pub mod malformed_token;
pub mod missing_auth_parameter;
pub mod missing_issuer;
pub mod module_served_as_html;
pub mod no_auth_provider;
pub mod no_providers_configured;
pub mod oauth_state_mismatch;
pub mod oidc_token_rejected;
pub mod pkce_cookie_missing;
pub mod platform_not_authorized;
pub mod redirect_uri_invalid;
pub mod redirect_uri_unset;
pub mod refresh_failed;
pub mod refresh_rate_limited;
pub mod refresh_token_already_exchanged;
pub mod token_cannot_refetch;
pub mod token_claim_missing;
pub mod token_expired;
pub mod token_not_yet_valid;
pub mod use_auth_outside_provider;
pub mod withauth_not_covered;
pub mod workos_api_key_invalid;
pub mod workos_credentials_missing;
pub mod workos_env_mismatch;

pub mod matcher;
pub mod scan;

use crate::rules::logs::matcher::Matcher;

/// This area's rules, in catalog order.
pub static RULES: &[&crate::rules::Rule] = &[
    &no_auth_provider::RULE,
    &no_providers_configured::RULE,
    &could_not_decode_token::RULE,
    &token_expired::RULE,
    &token_not_yet_valid::RULE,
    &malformed_token::RULE,
    &missing_issuer::RULE,
    &token_claim_missing::RULE,
    &jwks_fetch_failed::RULE,
    &jwks_content_type::RULE,
    &jwks_invalid::RULE,
    &oidc_token_rejected::RULE,
    &failed_to_authenticate::RULE,
    &token_cannot_refetch::RULE,
    &auth_config_env_unset::RULE,
    &auth_config_rejected::RULE,
    &workos_env_mismatch::RULE,
    &platform_not_authorized::RULE,
    &withauth_not_covered::RULE,
    &cookie_password_short::RULE,
    &redirect_uri_unset::RULE,
    &cookies_modified_in_render::RULE,
    &missing_auth_parameter::RULE,
    &oauth_state_mismatch::RULE,
    &pkce_cookie_missing::RULE,
    &callback_error::RULE,
    &code_exchange_failed::RULE,
    &refresh_token_already_exchanged::RULE,
    &refresh_rate_limited::RULE,
    &invalid_grant::RULE,
    &refresh_failed::RULE,
    &use_auth_outside_provider::RULE,
    &workos_api_key_invalid::RULE,
    &workos_credentials_missing::RULE,
    &redirect_uri_invalid::RULE,
    &cors_blocked::RULE,
    &module_served_as_html::RULE,
    &host_page_not_found::RULE,
];

/// Every message `logs` knows, in catalog order.
pub fn matchers() -> impl Iterator<Item = &'static Matcher> {
    RULES.iter().filter_map(|rule| match rule.logic {
        crate::rules::Logic::LogMessage(matcher) => Some(matcher),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matchers_and_rules_agree() {
        assert_eq!(matchers().count(), RULES.len(), "every logs rule matches a message");
        for (m, r) in matchers().zip(RULES) {
            assert!(std::ptr::eq(m.rule, *r), "{} vs {}", m.rule.id, r.id);
            assert!(r.id.starts_with("logs/"));
            assert!(!m.needles.is_empty());
            for n in m.needles.iter().chain(m.unless) {
                assert_eq!(*n, n.to_ascii_lowercase(), "{}: needle {n:?} is not lowercase", r.id);
            }
            let flat = r.docs.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(
                flat.contains("authkit-doctor logs") || flat.contains("`authkit-doctor logs`"),
                "{}: docs must say which command produces it",
                r.id
            );
        }
    }
}
