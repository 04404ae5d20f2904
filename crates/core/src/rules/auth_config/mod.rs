//! `auth-config/*`: `convex/auth.config.ts` checked as Convex's push would check it, plus what
//! WorkOS AuthKit tokens need.

pub mod application_id_not_client_id;
pub mod application_id_on_user_management;
pub mod application_id_spelling;
pub mod both_ts_and_js;
pub mod client_id_inconsistent;
pub mod custom_domain_issuer_mismatch;
pub mod duplicate_issuer;
pub mod env_var_unset;
pub mod hardcoded_client_id;
pub mod insecure_shared_issuer;
pub mod invalid_issuer_url;
pub mod invalid_provider_shape;
pub mod jwks_url;
pub mod legacy_oidc_domain;
pub mod missing;
pub mod missing_default_export;
pub mod missing_sso_provider;
pub mod missing_user_management_provider;
pub mod nonstandard_issuer;
pub mod not_statically_resolvable;
pub mod parse_error;
pub mod placeholder_in_plain_string;
pub mod unknown_provider_type;
pub mod unsupported_algorithm;

/// This area's rules, in catalog order.
pub static RULES: &[&crate::rules::Rule] = &[
    &missing::RULE,
    &both_ts_and_js::RULE,
    &parse_error::RULE,
    &missing_default_export::RULE,
    &application_id_spelling::RULE,
    &unknown_provider_type::RULE,
    &invalid_provider_shape::RULE,
    &unsupported_algorithm::RULE,
    &invalid_issuer_url::RULE,
    &placeholder_in_plain_string::RULE,
    &insecure_shared_issuer::RULE,
    &missing_user_management_provider::RULE,
    &missing_sso_provider::RULE,
    &application_id_on_user_management::RULE,
    &application_id_not_client_id::RULE,
    &jwks_url::RULE,
    &client_id_inconsistent::RULE,
    &legacy_oidc_domain::RULE,
    &custom_domain_issuer_mismatch::RULE,
    &nonstandard_issuer::RULE,
    &duplicate_issuer::RULE,
    &hardcoded_client_id::RULE,
    &env_var_unset::RULE,
    &not_statically_resolvable::RULE,
];

use super::CheckContext;
use crate::diagnostic::Location;
use crate::discover::ConvexDir;
use crate::facts::ConvexFacts;
use crate::facts::auth_config::{AuthConfigFacts, Provider, Unknown, ValueKind};
use crate::facts::convex_push::{PushError, PushErrorKind};
use crate::source::Span;
use crate::workos::{self, IssuerShape};

/// The known-good provider pair, for help texts and fixes.
pub const KNOWN_GOOD_PROVIDERS: &str = r#"const clientId = process.env.WORKOS_CLIENT_ID;

export default {
  providers: [
    {
      type: "customJwt",
      issuer: "https://api.workos.com/",
      algorithm: "RS256",
      jwks: `https://api.workos.com/sso/jwks/${clientId}`,
      applicationID: clientId,
    },
    {
      type: "customJwt",
      issuer: `https://api.workos.com/user_management/${clientId}`,
      algorithm: "RS256",
      jwks: `https://api.workos.com/sso/jwks/${clientId}`,
    },
  ],
};"#;

/// The provider fields that decide which tokens a provider accepts.
pub const MATCHING_FIELDS: &[&str] = &["type", "issuer", "domain", "jwks", "applicationID", "algorithm"];

/// One parsed auth config and where it lives.
pub struct Config<'a> {
    pub index: usize,
    pub dir: &'a ConvexDir,
    pub convex: &'a ConvexFacts,
    pub facts: &'a AuthConfigFacts,
}

impl Config<'_> {
    pub fn loc(&self, span: Span) -> Location {
        span.in_file(&self.facts.file)
    }

    pub fn providers(&self) -> &[Provider] {
        self.facts.providers.as_ref().map(|p| p.items.as_slice()).unwrap_or(&[])
    }

    /// All providers are statically known (no helper calls, no conditional spreads), and so is
    /// every issuer: the fields that decide which provider a token's `iss` selects.
    pub fn fully_known(&self) -> bool {
        matches!(self.facts.default_export.as_ref().map(|v| &v.kind), Some(ValueKind::Object(_)))
            && self.facts.providers.as_ref().is_some_and(|p| p.unknown.is_empty() && !p.not_an_array)
            && !self.unknown_fields().any(|(_, key, _, _)| matches!(key, "type" | "issuer" | "domain"))
    }

    /// Provider fields whose value could not be evaluated: (provider, key, the value's span, why).
    pub fn unknown_fields(&self) -> impl Iterator<Item = (&Provider, &'static str, Span, &str)> {
        self.providers().iter().flat_map(|p| {
            MATCHING_FIELDS.iter().filter_map(move |key| {
                let prop = p.get(key)?;
                match &prop.value.kind {
                    ValueKind::Unknown(Unknown::Other(why)) => Some((p, *key, prop.value.span, why.as_str())),
                    _ => None,
                }
            })
        })
    }

    /// Providers come from `@convex-dev/workos-authkit`'s `getAuthConfigProviders()`.
    pub fn uses_component_providers(&self) -> bool {
        self.facts.providers.as_ref().is_some_and(|p| p.unknown.iter().any(|(_, u)| *u == Unknown::ComponentProviders))
    }

    pub fn push_errors(&self, kind: PushErrorKind) -> impl Iterator<Item = &PushError> {
        self.facts.push_errors.iter().filter(move |e| e.kind == kind)
    }

    /// Where the `providers` array is, for findings about a provider that is missing.
    pub fn providers_location(&self) -> Location {
        match &self.facts.providers {
            Some(p) => self.loc(p.key_span),
            None => self.loc(self.facts.default_export.as_ref().map(|v| v.span).unwrap_or_default()),
        }
    }

    /// Whether WorkOS is what this config is for: an AuthKit app talks to this deployment, the
    /// AuthKit component is installed, or a provider names a WorkOS issuer or JWKS.
    pub fn is_workos(&self, cx: &CheckContext) -> bool {
        if self.trusts_only_own_tokens(cx) {
            return false;
        }
        let app_uses_authkit = cx.project.apps.iter().any(|a| a.convex == Some(self.index));
        // WorkOS-shaped providers count unless the setup detected for this dir says WorkOS is an
        // OAuth provider of Convex Auth (no AuthKit SDK anywhere): no AuthKit token reaches them.
        let convex_auth = cx.facts.setup.of_convex(self.index) == crate::facts::setup::AuthSetup::ConvexAuth;
        app_uses_authkit || self.convex.authkit_component.is_some() || (!convex_auth && self.providers().iter().any(is_workos_shaped))
    }

    /// The config trusts tokens the project signs itself: a provider carries its public keys
    /// inline (a `data:` JWKS, which WorkOS never needs) and nothing names WorkOS. The app then
    /// swaps its WorkOS session for its own token (a `/api/convex-token` route), and WorkOS
    /// tokens never reach Convex.
    pub fn trusts_only_own_tokens(&self, cx: &CheckContext) -> bool {
        let providers = self.providers();
        let names_workos = |p: &Provider| {
            ["issuer", "jwks", "domain"]
                .iter()
                .any(|k| p.str(k).is_some_and(|s| s.text.contains("workos") || s.env_vars.iter().any(|v| v.contains("WORKOS"))))
        };
        // The JWKS as evaluated, or, when it is built at push time (`"data:…;base64," +
        // btoa(JSON.stringify(keys))`), the expression it was evaluated from.
        let source = cx.files.get(&self.facts.file);
        let inline_keys = |p: &Provider| {
            let Some(prop) = p.get("jwks") else { return false };
            match &prop.value.kind {
                ValueKind::Str(s) => s.text.starts_with("data:"),
                ValueKind::Unknown(_) => source.is_some_and(|f| {
                    let Some(mut expr) = f.text.get(prop.value.span.start..prop.value.span.end) else { return false };
                    // `jwks: jwksDataUri`, with `const jwksDataUri = "data:…" + …` above.
                    if expr.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '$') {
                        let Some(at) = f.text.find(&format!("const {expr} =")) else { return false };
                        expr = &f.text[at + expr.len() + 8..];
                    }
                    expr.trim_start().trim_start_matches(['"', '\'', '`']).starts_with("data:")
                }),
                _ => false,
            }
        };
        self.fully_known() && providers.iter().any(inline_keys) && !providers.iter().any(names_workos)
    }

    /// Where a doc of an app using this Convex dir tells the reader to add `claim` in the WorkOS
    /// JWT template: the dashboard is outside the repo, so that doc is the project's own word.
    pub fn documented_template_claim(&self, cx: &CheckContext, claim: &str) -> Option<crate::diagnostic::Location> {
        documented_template_claim(cx, self.index, claim)
    }

    /// The custom WorkOS auth domain the project configures, if any.
    pub fn custom_domain(&self, cx: &CheckContext) -> CustomDomain {
        custom_domain(cx, self.index)
    }
}

/// Where a doc tells the reader to add `claim` in the WorkOS JWT template, for the Convex dir at
/// `convex_index`: a doc of an app using it, else one next to the dir itself.
pub fn documented_template_claim(cx: &CheckContext, convex_index: usize, claim: &str) -> Option<crate::diagnostic::Location> {
    cx.project
        .apps
        .iter()
        .zip(&cx.facts.apps)
        .filter(|(a, _)| a.convex == Some(convex_index))
        .find_map(|(_, f)| f.deploy.jwt_template_claim(claim).cloned())
        .or_else(|| {
            let convex = cx.facts.convex.get(convex_index)?;
            convex.documented_template_claims.iter().find(|(c, _)| c == claim).map(|(_, at)| at.clone())
        })
}

/// Where the project documents WorkOS's own API host as the value of the `apiHostname` env var
/// (a doc's `VITE_WORKOS_API_HOSTNAME=api.workos.com`, an example env file), when every value it
/// documents is that host: evidence, not proof, that no custom auth domain is in use.
pub fn documented_default_api_host(cx: &CheckContext, convex_index: usize) -> Option<crate::diagnostic::Location> {
    let convex = cx.facts.convex.get(convex_index)?;
    let mut values: Vec<(&str, crate::diagnostic::Location)> =
        convex.documented_api_hostnames.iter().map(|(_, v, at)| (v.as_str(), at.clone())).collect();
    for (_, facts) in cx.project.apps.iter().zip(&cx.facts.apps).filter(|(a, _)| a.convex == Some(convex_index)) {
        for env in &facts.env_files {
            for var in workos::HOSTNAME_VARS {
                if let Some(entry) = env.get(var).filter(|e| !e.value.trim().is_empty()) {
                    values.push((entry.value.trim(), Span::new(entry.value_span.start, entry.value_span.end).in_file(&env.path)));
                }
            }
        }
    }
    if values.iter().all(|(v, _)| workos::is_default_api_host(v)) { values.into_iter().next().map(|(_, at)| at) } else { None }
}

/// Every Convex dir that has a parsed auth config.
pub fn configs<'a>(cx: &'a CheckContext) -> impl Iterator<Item = Config<'a>> + 'a {
    cx.project
        .convex_dirs
        .iter()
        .zip(&cx.facts.convex)
        .enumerate()
        .filter_map(|(index, (dir, convex))| Some(Config { index, dir, convex, facts: convex.auth_config.as_ref()? }))
}

/// A provider that looks like it is meant for WorkOS (see [`Provider::is_workos_shaped`]).
pub fn is_workos_shaped(p: &Provider) -> bool {
    p.is_workos_shaped()
}

/// The issuer's WorkOS shape, or `None` when the issuer is not a string.
pub fn shape_of(p: &Provider) -> Option<IssuerShape> {
    p.issuer().map(|s| workos::issuer_shape(&s.text))
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CustomDomain {
    None,
    /// Configured, but its value is not known (e.g. `apiHostname={someVar}` with no env value).
    Unknown(Location),
    Host(String, Location),
}

fn custom_domain(cx: &CheckContext, convex_index: usize) -> CustomDomain {
    let apps = cx.project.apps.iter().zip(&cx.facts.apps).filter(|(a, _)| a.convex == Some(convex_index));
    let mut unknown = None;
    for (_, facts) in apps {
        for env in &facts.env_files {
            if env.mode == crate::facts::EnvMode::Example {
                continue;
            }
            for var in workos::HOSTNAME_VARS {
                if let Some(entry) = env.get(var)
                    && !entry.value.trim().is_empty()
                {
                    let host = entry.value.trim().trim_start_matches("https://").trim_end_matches('/').to_string();
                    return CustomDomain::Host(host, Span::new(entry.value_span.start, entry.value_span.end).in_file(&env.path));
                }
            }
        }
        // A Cloudflare Workers config commits the values the deployed app runs with.
        for (name, value, loc) in &facts.deploy.wrangler_vars {
            if workos::HOSTNAME_VARS.contains(&name.as_str()) && !value.trim().is_empty() {
                let host = value.trim().trim_start_matches("https://").trim_end_matches('/').to_string();
                return CustomDomain::Host(host, loc.clone());
            }
        }
        if let Some(loc) = facts.code.api_hostnames.first() {
            unknown.get_or_insert(loc.clone());
        }
    }
    for (_, dep) in cx.facts.deployment.iter() {
        if let Some(entry) = dep.get("WORKOS_API_HOSTNAME") {
            let host = entry.value.trim().trim_start_matches("https://").trim_end_matches('/').to_string();
            return CustomDomain::Host(host, Span::new(entry.value_span.start, entry.value_span.end).in_file(&dep.path));
        }
    }
    // A run-time value, where the project's code says the host is WorkOS's own: a literal
    // default (`apiHostname: 'api.workos.com'` in a vendored SDK config), and no env file of
    // the app (examples included) naming another host. An example that documents
    // api.workos.com is not enough: it may stand for a custom domain set in production.
    let apps = || cx.project.apps.iter().zip(&cx.facts.apps).filter(|(a, _)| a.convex == Some(convex_index));
    let documented: Vec<&str> = apps()
        .flat_map(|(_, f)| f.env_files.iter())
        .flat_map(|env| workos::HOSTNAME_VARS.iter().filter_map(|v| env.get(v)).map(|e| e.value.trim()))
        .filter(|v| !v.is_empty())
        .collect();
    let states_default = apps().any(|(_, f)| f.code.files.iter().any(|file| !file.default_api_hostnames.is_empty()));
    match unknown {
        Some(_) if states_default && documented.iter().all(|v| workos::is_default_api_host(v)) => CustomDomain::None,
        Some(loc) => CustomDomain::Unknown(loc),
        None => CustomDomain::None,
    }
}

/// One finding per push error of the given kinds: our explanation as the message, Convex's
/// exact words as `convex_message`.
pub fn report_push_errors(
    cx: &CheckContext,
    kinds: &[PushErrorKind],
    rule: &'static crate::rules::Rule,
    help: &str,
    out: &mut Vec<crate::diagnostic::Finding>,
) {
    for cfg in configs(cx) {
        for error in cfg.facts.push_errors.iter().filter(|e| kinds.contains(&e.kind)) {
            let which = error.provider.map(|i| format!("provider {i}: ")).unwrap_or_default();
            out.push(
                rule.finding(format!("{which}{}", error.detail)).at(cfg.loc(error.span)).help(help).convex_message(error.message.clone()),
            );
        }
    }
}
