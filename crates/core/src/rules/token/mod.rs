//! `token/*`: findings of `authkit-doctor token` (a pasted JWT judged as the project's Convex
//! deployment would judge it) and, for the JWKS rules, of `authkit-doctor probe`. The rules live
//! here for their docs, ids and severities; each runs on a token verdict (`runs_on:
//! TokenVerdict`): the engine in [`crate::token`] raises it at the step of Convex's validation
//! where the token fails.

pub mod algorithm_mismatch;
pub mod bad_signature;
pub mod claims_needed_by_code;
pub mod deployment_differs;
pub mod expired;
pub mod jwks_content_type;
pub mod jwks_invalid;
pub mod jwks_unreachable;
pub mod kid_not_found;
pub mod malformed;
pub mod missing_claim;
pub mod missing_iat;
pub mod missing_issuer;
pub mod missing_kid;
pub mod no_matching_provider;
pub mod not_yet_valid;
pub mod other_client_id;
pub mod short_lifetime;

/// This area's rules: the problems in the order Convex meets them, then the warnings.
pub static RULES: &[&crate::rules::Rule] = &[
    &malformed::RULE,
    &missing_issuer::RULE,
    &no_matching_provider::RULE,
    &jwks_unreachable::RULE,
    &jwks_content_type::RULE,
    &jwks_invalid::RULE,
    &missing_kid::RULE,
    &kid_not_found::RULE,
    &algorithm_mismatch::RULE,
    &bad_signature::RULE,
    &expired::RULE,
    &not_yet_valid::RULE,
    &missing_claim::RULE,
    &other_client_id::RULE,
    &missing_iat::RULE,
    &short_lifetime::RULE,
    &claims_needed_by_code::RULE,
    &deployment_differs::RULE,
];
