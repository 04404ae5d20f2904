//! `framework/*` rules (catalog: docs/rules.md).

pub mod callback_handler_missing;
pub mod root_auth_loader_missing;
pub mod tanstack_middleware_missing;

/// This area's rules, in catalog order.
pub static RULES: &[&crate::rules::Rule] =
    &[&tanstack_middleware_missing::RULE, &callback_handler_missing::RULE, &root_auth_loader_missing::RULE];
