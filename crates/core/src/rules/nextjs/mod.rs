//! `nextjs/*` rules (catalog: docs/rules.md).

pub mod auth_link_prefetch;
pub mod callback_route_missing;
pub mod components_import_path;
pub mod deprecated_authkit_middleware;
pub mod force_refresh_loop;
pub mod get_sign_in_url_in_render;
pub mod matcher_gaps;
pub mod middleware_and_proxy;
pub mod middleware_missing;
pub mod middleware_wrong_location;
pub mod sdk_too_old_for_convex;
pub mod sign_out_get_handler;
pub mod sign_out_link_prefetch;
pub mod support;
pub mod unauthenticated_path_unknown;

/// This area's rules, in catalog order.
pub static RULES: &[&crate::rules::Rule] = &[
    &middleware_missing::RULE,
    &middleware_wrong_location::RULE,
    &middleware_and_proxy::RULE,
    &matcher_gaps::RULE,
    &unauthenticated_path_unknown::RULE,
    &callback_route_missing::RULE,
    &sign_out_link_prefetch::RULE,
    &sign_out_get_handler::RULE,
    &auth_link_prefetch::RULE,
    &force_refresh_loop::RULE,
    &components_import_path::RULE,
    &get_sign_in_url_in_render::RULE,
    &deprecated_authkit_middleware::RULE,
    &sdk_too_old_for_convex::RULE,
];
