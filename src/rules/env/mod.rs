//! `env/*` rules (see ../shared/spec/RULES.md).

/// This area's rules, in catalog order.
pub static RULES: &[&crate::rules::Rule] = &[];
