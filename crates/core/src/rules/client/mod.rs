//! `client/*`: how the React app hands WorkOS tokens to Convex (catalog: docs/rules.md).
//! The facts come from [`crate::facts::react`]: per-file hooks, elements and token fetchers,
//! joined across files (imports, provider components in other files and workspace packages).

pub mod authkit_provider_missing;
pub mod callback_redirects_before_auth;
pub mod convex_dev_workos_adapter;
pub mod convex_provider_outside_authkit;
pub mod cors_origins;
pub mod fetch_access_token_ignores_force_refresh;
pub mod get_sign_in_url_in_client;
pub mod import_not_in_sdk;
pub mod manual_authorize_url;
pub mod mixed_authkit_packages;
pub mod plain_convex_provider;
pub mod provider_prop_not_in_sdk;
pub mod spa_production_refresh;
pub mod static_set_auth;
pub mod useauth_gates_convex;

/// This area's rules, in catalog order.
pub static RULES: &[&crate::rules::Rule] = &[
    &plain_convex_provider::RULE,
    &static_set_auth::RULE,
    &fetch_access_token_ignores_force_refresh::RULE,
    &convex_dev_workos_adapter::RULE,
    &convex_provider_outside_authkit::RULE,
    &authkit_provider_missing::RULE,
    &mixed_authkit_packages::RULE,
    &get_sign_in_url_in_client::RULE,
    &provider_prop_not_in_sdk::RULE,
    &import_not_in_sdk::RULE,
    &manual_authorize_url::RULE,
    &useauth_gates_convex::RULE,
    &callback_redirects_before_auth::RULE,
    &spa_production_refresh::RULE,
    &cors_origins::RULE,
];

use crate::diagnostic::{Finding, Location};
use crate::discover::Framework;
use crate::facts::EnvMode;
use crate::facts::react::{AUTHKIT_NEXTJS, AUTHKIT_REACT, AppCode, Ident};
use crate::rules::CheckContext;

/// Every app, with its cross-file code graph.
pub fn apps<'a>(cx: &'a CheckContext) -> impl Iterator<Item = AppCode<'a>> + 'a {
    (0..cx.project.apps.len().min(cx.facts.apps.len())).map(move |i| AppCode::new(cx.project, i, &cx.facts.apps[i]))
}

/// A browser-only app signing in with `@workos-inc/authkit-react` (Vite, CRA, TanStack Router).
pub fn is_spa(a: &AppCode) -> bool {
    let pkg = a.project.package_of_app(a.app);
    matches!(a.app.framework, Framework::ViteReact | Framework::Unknown)
        && (pkg.depends_on(AUTHKIT_REACT) || pkg.depends_on("@workos-inc/authkit-js"))
}

/// The adapter `ConvexProviderWithAuth` needs, for the app's AuthKit package.
pub fn adapter_example(a: &AppCode) -> &'static str {
    if a.project.package_of_app(a.app).depends_on(AUTHKIT_NEXTJS) { NEXTJS_ADAPTER } else { REACT_ADAPTER }
}

pub const NEXTJS_ADAPTER: &str = r#"function useAuthFromAuthKit() {
  const { user, loading } = useAuth(); // from '@workos-inc/authkit-nextjs/components'
  const { getAccessToken, refresh } = useAccessToken();
  const fetchAccessToken = useCallback(
    async ({ forceRefreshToken }: { forceRefreshToken: boolean }) => {
      if (!user) return null;
      return forceRefreshToken ? ((await refresh()) ?? null) : ((await getAccessToken()) ?? null);
    },
    [user, refresh, getAccessToken],
  );
  return useMemo(() => ({ isLoading: loading, isAuthenticated: !!user, fetchAccessToken }), [loading, user, fetchAccessToken]);
}
// <AuthKitProvider><ConvexProviderWithAuth client={convex} useAuth={useAuthFromAuthKit}>…"#;

pub const REACT_ADAPTER: &str = r#"function useAuthFromAuthKit() {
  const { isLoading, user, getAccessToken } = useAuth(); // from '@workos-inc/authkit-react'
  const fetchAccessToken = useCallback(
    async ({ forceRefreshToken }: { forceRefreshToken: boolean }) => {
      if (!user) return null;
      try {
        return await getAccessToken({ forceRefresh: forceRefreshToken });
      } catch (error) {
        if (error instanceof LoginRequiredError) return null; // signed out
        throw error; // network, rate limit: not a sign-out
      }
    },
    [user, getAccessToken],
  );
  return useMemo(() => ({ isLoading, isAuthenticated: !!user, fetchAccessToken }), [isLoading, user, fetchAccessToken]);
}
// <AuthKitProvider …><ConvexProviderWithAuth client={convex} useAuth={useAuthFromAuthKit}>…"#;

pub use crate::url::is_local_host;

/// `https://app.example.com/callback` → `https://app.example.com`.
pub fn origin_of(url: &str) -> Option<String> {
    let parts = crate::url::Url::absolute(url)?;
    if parts.authority.is_empty() || !matches!(parts.scheme, "http" | "https") {
        return None;
    }
    Some(format!("{}://{}", parts.scheme, parts.authority))
}

/// A redirect URI the app is configured with, and where.
pub struct RedirectUri {
    pub url: String,
    pub location: Location,
    /// From a documentation-only file (`.env.example`): a hint, not configuration.
    pub example: bool,
}

/// Redirect URIs of a browser app: `*_REDIRECT_URI` in its env files, string `redirectUri`
/// props of `AuthKitProvider`, `convex.json` `authKit.*.configure.redirectUris`.
pub fn redirect_uris(a: &AppCode) -> Vec<RedirectUri> {
    let mut out = Vec::new();
    for env in &a.facts.env_files {
        for entry in &env.env.entries {
            if entry.key.ends_with("REDIRECT_URI") && !entry.value.trim().is_empty() {
                out.push(RedirectUri {
                    url: entry.value.trim().to_string(),
                    location: Location::new(env.path.clone(), entry.value_span.start, entry.value_span.end),
                    example: env.mode == EnvMode::Example,
                });
            }
        }
    }
    for (f, i) in a.elements_where(Ident::is_authkit_provider) {
        let el = &a.file(f).react.elements[i];
        if let Some(attr) = el.attr("redirectUri")
            && let crate::facts::react::AttrValue::Str(url) = &attr.value
        {
            out.push(RedirectUri { url: url.clone(), location: a.loc(f, attr.span), example: false });
        }
    }
    // What `configure` registers in WorkOS; `localEnvVars` are the app's env, read above.
    for uri in a.facts.deploy.convex_json_authkit.iter().flat_map(|c| &c.redirect_uris).filter(|u| u.env_var.is_none()) {
        // The span inside the quotes: the URI itself, as the other redirect URIs are.
        let location = Location::new(uri.location.file.clone(), uri.location.start + 1, uri.location.end.saturating_sub(1));
        out.push(RedirectUri { url: uri.uri.clone(), location, example: false });
    }
    out
}

/// The path of a redirect URI (`/callback`), without a trailing slash (but `/` stays).
pub fn path_of(url: &str) -> Option<String> {
    let parts = crate::url::Url::absolute(url)?;
    let p = parts.path.trim_end_matches('/');
    Some(if p.is_empty() { "/".to_string() } else { p.to_string() })
}

/// Adds a finding unless the same rule already reported the same place (a workspace package
/// used by several apps is checked once per app).
pub fn push(out: &mut Vec<Finding>, finding: Finding) {
    if !out.iter().any(|f| f.rule == finding.rule && f.location == finding.location && f.message == finding.message) {
        out.push(finding);
    }
}
