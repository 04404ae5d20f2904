//! `convex-env/*`: the Convex deployment's env and the client's connection to it.

pub mod client_id_mismatch;
pub mod component_env_missing;
pub mod convex_url_missing;
pub mod prod_uses_dev_deployment;

/// This area's rules, in catalog order.
pub static RULES: &[&crate::rules::Rule] =
    &[&client_id_mismatch::RULE, &component_env_missing::RULE, &convex_url_missing::RULE, &prod_uses_dev_deployment::RULE];

use crate::discover::Framework;

/// Client-id env var names a frontend of this framework may use, most likely first.
pub fn client_id_vars(framework: Framework) -> &'static [&'static str] {
    match framework {
        Framework::ViteReact => &["VITE_WORKOS_CLIENT_ID", "WORKOS_CLIENT_ID"],
        Framework::Expo => &["EXPO_PUBLIC_WORKOS_CLIENT_ID", "WORKOS_CLIENT_ID"],
        _ => &["WORKOS_CLIENT_ID", "VITE_WORKOS_CLIENT_ID", "NEXT_PUBLIC_WORKOS_CLIENT_ID", "PUBLIC_WORKOS_CLIENT_ID"],
    }
}

/// Env var names a client reads the Convex URL from.
pub const CONVEX_URL_VARS: &[&str] =
    &["VITE_CONVEX_URL", "NEXT_PUBLIC_CONVEX_URL", "EXPO_PUBLIC_CONVEX_URL", "PUBLIC_CONVEX_URL", "CONVEX_URL", "REACT_APP_CONVEX_URL"];
