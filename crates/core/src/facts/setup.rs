//! Which auth setup each app and each Convex functions dir uses, decided from the evidence
//! (dependencies, the auth config's providers, the provider tree) before any rule runs, and
//! shown at the top of the report so a user sees at once when the doctor misread the project.

use super::ProjectFacts;
use super::react::{AppCode, Ident, base_package};
use crate::discover::{ConvexDir, Project, Router};
use crate::facts::auth_config::{AuthConfigFacts, Unknown, ValueKind};
use serde::Serialize;

/// The auth setups the doctor tells apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AuthSetup {
    /// A WorkOS AuthKit SDK signs users in; Convex checks its tokens with `customJwt` providers.
    AuthkitConvex,
    /// An AuthKit app that talks to no Convex deployment of this project.
    AuthkitWithoutConvex,
    /// Convex Auth (`@convex-dev/auth`), possibly with WorkOS as one of its OAuth providers.
    ConvexAuth,
    /// Another identity provider for Convex (Clerk, Auth0, Better Auth, …).
    OtherAuth,
    /// A Convex backend with no auth at all.
    ConvexWithoutAuth,
    /// The evidence does not settle it.
    Unknown,
}

impl AuthSetup {
    pub fn describe(self) -> &'static str {
        match self {
            AuthSetup::AuthkitConvex => "WorkOS AuthKit + Convex",
            AuthSetup::AuthkitWithoutConvex => "WorkOS AuthKit without Convex",
            AuthSetup::ConvexAuth => "Convex Auth (@convex-dev/auth), not AuthKit",
            AuthSetup::OtherAuth => "Convex with another auth provider, not AuthKit",
            AuthSetup::ConvexWithoutAuth => "Convex without auth",
            AuthSetup::Unknown => "auth setup not recognised",
        }
    }

    /// Whether the AuthKit + Convex checks are about this part of the project.
    pub fn is_authkit(self) -> bool {
        matches!(self, AuthSetup::AuthkitConvex | AuthSetup::AuthkitWithoutConvex)
    }
}

/// Packages of identity providers other than WorkOS that Convex apps use.
const OTHER_AUTH_PACKAGES: &[&str] = &[
    "@clerk/nextjs",
    "@clerk/clerk-react",
    "@clerk/tanstack-react-start",
    "@auth0/auth0-react",
    "@auth0/nextjs-auth0",
    "better-auth",
    "@convex-dev/better-auth",
];

/// What was detected for one Convex functions dir.
#[derive(Debug, Clone, Serialize)]
pub struct ConvexSetup {
    pub setup: AuthSetup,
    /// One line about the auth config: `2 customJwt providers (WorkOS)`, …
    pub providers: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ResolvedVersion {
    pub version: String,
    /// `installed` (node_modules), `lockfile`, or `declared-range`.
    pub source: &'static str,
}

/// What was detected for one app.
#[derive(Debug, Clone, Serialize)]
pub struct AppSetup {
    pub setup: AuthSetup,
    /// The AuthKit SDK version that runs: from `node_modules` or the lockfile, else the lowest
    /// the declared range allows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authkit_resolved: Option<ResolvedVersion>,
    /// The component that hands tokens to Convex (`ConvexProviderWithAuth`, …), if rendered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub convex_provider: Option<String>,
}

pub fn convex_setup(project: &Project, dir: &ConvexDir, index: usize, facts: &ProjectFacts) -> ConvexSetup {
    let convex = &facts.convex[index];
    let deps_of = |name: &str| {
        dir.package.is_some_and(|p| project.packages[p].depends_on(name))
            || project.packages.iter().any(|p| p.dir.is_empty() && p.depends_on(name))
    };
    // An app bound to this dir counts once its code shows WorkOS sign-in, not for a dependency
    // alone: a sub-app that lists AuthKit but signs in some other way sends no WorkOS tokens.
    let authkit_app = project.apps.iter().zip(&facts.apps).any(|(a, f)| a.convex == Some(index) && f.shows_workos_sign_in());
    let Some(config) = &convex.auth_config else {
        let setup = if authkit_app || convex.authkit_component.is_some() {
            AuthSetup::AuthkitConvex
        } else if deps_of("@convex-dev/auth") {
            AuthSetup::ConvexAuth
        } else if OTHER_AUTH_PACKAGES.iter().any(|p| deps_of(p)) {
            AuthSetup::OtherAuth
        } else {
            AuthSetup::ConvexWithoutAuth
        };
        return ConvexSetup { setup, providers: "no auth config".into() };
    };
    let (workos, convex_auth, other) = provider_kinds(config);
    let component = config.providers.as_ref().is_some_and(|p| p.unknown.iter().any(|(_, u)| *u == Unknown::ComponentProviders));
    // WorkOS-shaped providers in a project built on Convex Auth, where no package uses an
    // AuthKit SDK: WorkOS is one of Convex Auth's OAuth providers there, and nothing sends
    // AuthKit tokens to these providers.
    let any_authkit_sdk = project.packages.iter().any(|p| {
        p.deps
            .keys()
            .any(|d| d.starts_with("@workos-inc/authkit") || d.starts_with("@workos/authkit") || d.starts_with("@convex-dev/workos"))
    });
    let workos_via_convex_auth = workos > 0 && deps_of("@convex-dev/auth") && !any_authkit_sdk;
    let setup = if (workos > 0 && !workos_via_convex_auth) || component || authkit_app || convex.authkit_component.is_some() {
        AuthSetup::AuthkitConvex
    } else if convex_auth > 0 || deps_of("@convex-dev/auth") {
        AuthSetup::ConvexAuth
    } else if other > 0 || OTHER_AUTH_PACKAGES.iter().any(|p| deps_of(p)) {
        AuthSetup::OtherAuth
    } else {
        AuthSetup::Unknown
    };
    ConvexSetup { setup, providers: describe_providers(config, component, workos) }
}

/// Counts providers by whom they trust: WorkOS, Convex Auth's own site, or someone else.
fn provider_kinds(config: &AuthConfigFacts) -> (usize, usize, usize) {
    let (mut workos, mut convex_auth, mut other) = (0, 0, 0);
    for p in config.providers.iter().flat_map(|p| &p.items) {
        let issuer = p.issuer().or_else(|| p.str("domain"));
        let text = issuer.map(|s| s.text.as_str()).unwrap_or("");
        let env = issuer.map(|s| s.env_vars.iter().any(|v| v == "CONVEX_SITE_URL")).unwrap_or(false);
        if p.is_workos_shaped() {
            workos += 1;
        } else if env || text.contains("CONVEX_SITE_URL") || text.contains(".convex.site") {
            convex_auth += 1;
        } else {
            other += 1;
        }
    }
    (workos, convex_auth, other)
}

fn describe_providers(config: &AuthConfigFacts, component: bool, workos: usize) -> String {
    if config.problem.is_some() {
        return format!("{} does not parse", config.file);
    }
    if component {
        return "providers from @convex-dev/workos-authkit".into();
    }
    let Some(providers) = &config.providers else {
        return match config.default_export.as_ref().map(|v| &v.kind) {
            Some(ValueKind::Unknown(_)) => "providers computed at push time".into(),
            _ => "no providers".into(),
        };
    };
    let known = providers.items.len();
    let custom = providers.items.iter().filter(|p| p.is_custom_jwt()).count();
    let mut text = match (known, custom) {
        (0, _) => "no providers known statically".to_string(),
        (n, c) if c == n => format!("{n} customJwt provider{}", if n == 1 { "" } else { "s" }),
        (n, 0) => format!("{n} OIDC provider{}", if n == 1 { "" } else { "s" }),
        (n, c) => format!("{n} providers ({c} customJwt)"),
    };
    if workos > 0 {
        text.push_str(if workos == known { ", WorkOS" } else { ", some WorkOS" });
    }
    if !providers.unknown.is_empty() {
        text.push_str(&format!(", {} computed", providers.unknown.len()));
    }
    text
}

pub fn app_setup(project: &Project, index: usize, facts: &ProjectFacts, convex: &[ConvexSetup]) -> AppSetup {
    let app = &project.apps[index];
    let app_facts = &facts.apps[index];
    let setup = match app.convex {
        None => AuthSetup::AuthkitWithoutConvex,
        Some(c) => match convex[c].setup {
            // The app signs in with AuthKit: a Convex dir without evidence of another provider
            // is AuthKit's too.
            AuthSetup::Unknown | AuthSetup::ConvexWithoutAuth => AuthSetup::AuthkitConvex,
            other => other,
        },
    };
    let authkit_resolved = app.authkit_package.as_ref().and_then(|(name, _)| {
        let v = app_facts.versions.get(name)?;
        let version = v.version?;
        let source = match v.source {
            super::versions::VersionSource::Installed => "installed",
            super::versions::VersionSource::Lockfile => "lockfile",
            super::versions::VersionSource::DeclaredRange => "declared-range",
        };
        Some(ResolvedVersion { version: version.to_string(), source })
    });
    // The most specific Convex provider the app renders, as the tree walk resolved it.
    let code = AppCode::new(project, index, app_facts);
    let convex_provider = ["ConvexProviderWithAuthKit", "ConvexProviderWithAuth", "ConvexAuthProvider", "ConvexAuthNextjsProvider", "ConvexProvider"]
        .into_iter()
        .find(|wanted| {
            let from_convex = |i: &Ident| {
                matches!(i, Ident::Package { source, name } if name == wanted && (base_package(source).starts_with("convex") || base_package(source).starts_with("@convex-dev/")))
            };
            !code.rendered_where(from_convex).is_empty()
        })
        .map(str::to_string);
    AppSetup { setup, authkit_resolved, convex_provider }
}

/// What was detected, per Convex dir and per app (indices as in [`Project`]).
#[derive(Debug, Clone, Default)]
pub struct Detected {
    pub convex: Vec<ConvexSetup>,
    pub apps: Vec<AppSetup>,
}

impl Detected {
    /// The setup of a Convex dir (`Unknown` out of range, e.g. facts built by hand in tests).
    pub fn of_convex(&self, index: usize) -> AuthSetup {
        self.convex.get(index).map_or(AuthSetup::Unknown, |c| c.setup)
    }
}

pub fn detect(project: &Project, facts: &ProjectFacts) -> Detected {
    let convex: Vec<ConvexSetup> = project.convex_dirs.iter().enumerate().map(|(i, d)| convex_setup(project, d, i, facts)).collect();
    let apps = (0..project.apps.len()).map(|i| app_setup(project, i, facts, &convex)).collect();
    Detected { convex, apps }
}

/// The project summary with what was detected filled in (the JSON `project` object, and the
/// report's opening lines).
pub fn summary(project: &Project, facts: &ProjectFacts) -> ProjectSummary {
    let mut summary = project_summary(project);
    for (app, detected) in summary.apps.iter_mut().zip(&facts.setup.apps) {
        app.detected = Some(detected.clone());
    }
    for (c, detected) in summary.convex.iter_mut().zip(&facts.setup.convex) {
        c.detected = Some(detected.clone());
    }
    summary
}

/// The part of the project shown in JSON output.
#[derive(Debug, Serialize)]
pub struct ProjectSummary {
    pub apps: Vec<AppSummary>,
    pub convex: Vec<ConvexSummary>,
}

#[derive(Debug, Serialize)]
pub struct AppSummary {
    pub path: String,
    pub framework: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub router: Option<Router>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authkit: Option<AuthkitSummary>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub convex: Option<String>,
    /// What the facts stage detected (`check`, `triage`).
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub detected: Option<AppSetup>,
}

#[derive(Debug, Serialize)]
pub struct AuthkitSummary {
    pub package: String,
    pub version: String,
}

#[derive(Debug, Serialize)]
pub struct ConvexSummary {
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auth_config: Option<String>,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub detected: Option<ConvexSetup>,
}

/// The project as discovery found it, for the report's opening lines and JSON (`detected`
/// is filled by [`summary`] once facts are known).
pub fn project_summary(project: &Project) -> ProjectSummary {
    ProjectSummary {
        apps: project
            .apps
            .iter()
            .map(|a| AppSummary {
                path: if a.dir.is_empty() { ".".into() } else { a.dir.clone() },
                framework: a.framework.as_str(),
                router: a.router,
                authkit: a.authkit_package.as_ref().map(|(p, v)| AuthkitSummary { package: p.clone(), version: v.clone() }),
                convex: a.convex.map(|i| project.convex_dirs[i].dir.clone()),
                detected: None,
            })
            .collect(),
        convex: project
            .convex_dirs
            .iter()
            .map(|c| ConvexSummary { path: c.dir.clone(), auth_config: c.auth_config().map(str::to_string), detected: None })
            .collect(),
    }
}
