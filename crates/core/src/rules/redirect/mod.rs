//! `redirect/*`: the redirect URI WorkOS sends the browser back to, and the route that
//! completes sign-in there. The helpers below are shared with the callback, deploy and
//! redirect-URI env rules (`deploy/*`, `env/redirect-uri-missing`, `env/next-redirect-uri-unprefixed`,
//! `nextjs/callback-route-missing`, `framework/callback-handler-missing`).

pub mod base_path;
pub mod no_callback_route;
pub mod placeholder_in_plain_string;
pub mod port_mismatch;
pub mod production_localhost;
pub mod vercel_preview;

/// This area's rules, in catalog order.
pub static RULES: &[&crate::rules::Rule] = &[
    &port_mismatch::RULE,
    &no_callback_route::RULE,
    &production_localhost::RULE,
    &vercel_preview::RULE,
    &base_path::RULE,
    &placeholder_in_plain_string::RULE,
];

use super::CheckContext;
use crate::diagnostic::Location;
use crate::discover::{App, Framework};
use crate::facts::env::{Bundler, EnvMode, Mode};
use crate::facts::routes::{BundlerKind, CallbackStyle, Setting, UriConsumer, UriValue, callback_style};
use crate::facts::{AppFacts, EnvFileFacts};
use crate::source::Span;

/// One app with its facts.
pub struct AppView<'a> {
    pub app: &'a App,
    pub facts: &'a AppFacts,
    pub style: CallbackStyle,
    /// Decides which env files win in which mode.
    pub bundler: Bundler,
}

impl<'a> AppView<'a> {
    pub fn new(cx: &CheckContext<'a>, app: &'a App, facts: &'a AppFacts) -> Option<Self> {
        let bundler = Bundler::of(app.framework, cx.project.package_of_app(app));
        Some(AppView { app, facts, style: callback_style(cx.project, app, facts)?, bundler })
    }
}

/// Every app whose sign-in completes on a redirect URI (Expo and unknown SDKs are left out).
pub fn apps<'a>(cx: &'a CheckContext) -> impl Iterator<Item = AppView<'a>> + 'a {
    cx.project.apps.iter().zip(&cx.facts.apps).filter_map(|(app, facts)| AppView::new(cx, app, facts))
}

impl AppView<'_> {
    pub fn dir(&self) -> &str {
        if self.app.dir.is_empty() { "." } else { &self.app.dir }
    }

    /// "the app" for a project with its app at the root, "the app in apps/web" otherwise.
    pub fn name(&self) -> String {
        if self.app.dir.is_empty() { "the app".into() } else { format!("the app in {}", self.app.dir) }
    }

    /// Env files that hold real values (not `.env.example` and friends).
    pub fn has_local_env(&self) -> bool {
        self.facts.env_files.iter().any(|f| f.mode.is_loaded())
    }
}

/// `scheme://host[:port]/path`, enough for redirect URIs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Url {
    pub scheme: String,
    pub host: String,
    /// The port as written, if any.
    pub port: Option<u16>,
    /// Normalized: leading `/`, no trailing `/`, no query.
    pub path: String,
    /// The host is a `${…}` placeholder (convex.json templates): only the path is known.
    pub templated_host: bool,
}

impl Url {
    /// The port the browser connects to.
    pub fn effective_port(&self) -> u16 {
        self.port.unwrap_or(if self.scheme == "http" { 80 } else { 443 })
    }

    pub fn origin(&self) -> String {
        match self.port {
            Some(p) => format!("{}://{}:{p}", self.scheme, self.host),
            None => format!("{}://{}", self.scheme, self.host),
        }
    }
}

pub fn parse_url(text: &str) -> Option<Url> {
    let parts = crate::url::Url::absolute(text.trim())?;
    let scheme = parts.scheme.to_ascii_lowercase();
    if !matches!(scheme.as_str(), "http" | "https") {
        return None;
    }
    // A `${buildEnv.X}` host may contain dots but no slash.
    let templated_host = parts.authority.contains("${");
    let port = match parts.port {
        Some(p) if !p.is_empty() => Some(p.parse::<u16>().ok()?),
        _ => None,
    };
    // IPv6 hosts keep their brackets, as they are written in a URL.
    let host = if parts.authority.starts_with('[') { format!("[{}]", parts.host) } else { parts.host.to_string() };
    if parts.host.is_empty() {
        return None;
    }
    Some(Url { scheme, host: host.to_ascii_lowercase(), port, path: crate::facts::routes::normalize_path(parts.path), templated_host })
}

/// Hosts that only the developer's machine answers.
pub use crate::url::is_local_host as is_loopback;

/// LAN addresses (a phone testing the dev server): not a production host either.
pub fn is_private(host: &str) -> bool {
    let octets: Vec<u8> = host.split('.').filter_map(|o| o.parse().ok()).collect();
    if octets.len() != 4 {
        return host.ends_with(".local");
    }
    matches!(octets[..], [10, ..] | [192, 168, ..]) || (octets[0] == 172 && (16..=31).contains(&octets[1]))
}

/// Which deployment a redirect URI is meant for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UriMode {
    Development,
    Preview,
    Production,
    /// A literal in code: every mode.
    Any,
}

/// Where a redirect URI is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UriOrigin {
    /// The value of `var` in an env file.
    EnvFile { var: String, file: String },
    /// A literal passed in code.
    Code(UriConsumer),
    /// `convex.json` `authKit.<deployment>` (`configure.redirectUris` or `localEnvVars`).
    ConvexJson { deployment: String },
}

/// A redirect URI of the app and where it is written.
#[derive(Debug, Clone)]
pub struct RedirectUri {
    pub text: String,
    pub url: Option<Url>,
    pub mode: UriMode,
    pub origin: UriOrigin,
    /// The value (inside quotes).
    pub location: Location,
}

impl RedirectUri {
    /// A short phrase for messages: "NEXT_PUBLIC_WORKOS_REDIRECT_URI in .env.local".
    pub fn described(&self) -> String {
        match &self.origin {
            UriOrigin::EnvFile { var, file } => format!("{var} in {}", file.rsplit('/').next().unwrap_or(file)),
            UriOrigin::Code(UriConsumer::Provider) => "the AuthKitProvider redirectUri".into(),
            UriOrigin::Code(UriConsumer::Middleware) => "the redirectUri option".into(),
            UriOrigin::Code(UriConsumer::SignInUrl) => "the getSignInUrl redirectUri".into(),
            UriOrigin::ConvexJson { deployment } => format!("convex.json authKit.{deployment}"),
        }
    }
}

/// The env var an SDK reads the redirect URI from when code passes none.
pub fn default_redirect_var(style: CallbackStyle) -> Option<&'static str> {
    match style {
        CallbackStyle::Nextjs => Some("NEXT_PUBLIC_WORKOS_REDIRECT_URI"),
        CallbackStyle::TanstackStart | CallbackStyle::ReactRouter | CallbackStyle::Sveltekit => Some("WORKOS_REDIRECT_URI"),
        // authkit-react defaults to `window.origin`.
        CallbackStyle::Spa => None,
    }
}

/// The SDK's default redirect var, unless code passes a value of its own. `redirectUri: cond ?
/// … : undefined` still falls back to the default; a literal or a plain env read replaces it.
pub fn default_var_in_use(view: &AppView) -> Option<&'static str> {
    let overridden = view
        .facts
        .code
        .files
        .iter()
        .flat_map(|f| f.routes.redirect_uris.iter())
        .any(|u| u.consumer != UriConsumer::SignInUrl && !matches!(u.value, UriValue::Computed { .. }));
    default_redirect_var(view.style).filter(|_| !overridden)
}

/// The env vars that hold the redirect URI the app really uses.
pub fn redirect_vars(view: &AppView) -> Vec<String> {
    let uses: Vec<_> = view.facts.code.files.iter().flat_map(|f| f.routes.redirect_uris.iter()).collect();
    let mut vars: Vec<String> = uses
        .iter()
        .filter_map(|u| match &u.value {
            UriValue::Env { name, .. } => Some(name.clone()),
            _ => None,
        })
        .collect();
    vars.extend(default_var_in_use(view).map(str::to_string));
    if view.style == CallbackStyle::Spa && !view.facts.code.files.iter().any(|f| !f.routes.providers.is_empty()) {
        // The provider lives where we cannot see it: assume the templates' variable.
        vars.push("VITE_WORKOS_REDIRECT_URI".into());
    }
    vars.sort();
    vars.dedup();
    vars
}

fn env_uri(var: &str, file: &EnvFileFacts, mode: UriMode) -> Option<RedirectUri> {
    let entry = file.get(var)?;
    let text = entry.value.trim().to_string();
    if text.is_empty() {
        return None;
    }
    Some(RedirectUri {
        url: parse_url(&text),
        text,
        mode,
        origin: UriOrigin::EnvFile { var: var.to_string(), file: file.path.clone() },
        location: Span::new(entry.value_span.start, entry.value_span.end).in_file(&file.path),
    })
}

/// Every redirect URI the app uses: the effective development value of each redirect var, the
/// values of production env files, literals passed in code, and `convex.json`'s.
pub fn redirect_uris(view: &AppView) -> Vec<RedirectUri> {
    let mut out = Vec::new();
    let files = &view.facts.env_files;
    for var in redirect_vars(view) {
        if let Some((file, _)) = view.bundler.resolve(files, &var, Mode::Development) {
            out.extend(env_uri(&var, file, UriMode::Development));
        }
        for file in files.iter().filter(|f| f.mode == EnvMode::Production) {
            out.extend(env_uri(&var, file, UriMode::Production));
        }
    }
    for file in &view.facts.code.files {
        for u in &file.routes.redirect_uris {
            if let UriValue::Literal(text) = &u.value {
                out.push(RedirectUri {
                    url: parse_url(text),
                    text: text.clone(),
                    mode: UriMode::Any,
                    origin: UriOrigin::Code(u.consumer),
                    location: u.location.clone(),
                });
            }
        }
    }
    for u in &view.facts.deploy.convex_redirect_uris {
        let mode = match u.deployment.as_str() {
            "prod" => UriMode::Production,
            "preview" => UriMode::Preview,
            _ => UriMode::Development,
        };
        out.push(RedirectUri {
            url: parse_url(&u.uri),
            text: u.uri.clone(),
            mode,
            origin: UriOrigin::ConvexJson { deployment: u.deployment.clone() },
            location: u.location.clone(),
        });
    }
    out.sort_by(|a, b| a.location.cmp(&b.location));
    out.dedup_by(|a, b| a.location == b.location);
    out
}

/// Where the dev server's port comes from.
#[derive(Debug, Clone)]
pub enum PortSource {
    /// The framework's default (`"Vite's default"`).
    Default(&'static str),
    /// `server.port` in `vite.config`.
    Config(Location),
    /// `--port` / `-p` / `PORT=` in a `package.json` script.
    Script(Location),
}

#[derive(Debug, Clone)]
pub struct DevPort {
    pub port: u16,
    pub source: PortSource,
}

impl DevPort {
    pub fn described(&self) -> String {
        match &self.source {
            PortSource::Default(what) => format!("{} ({what})", self.port),
            PortSource::Config(_) => format!("{} (server.port in vite.config)", self.port),
            PortSource::Script(_) => format!("{} (set in the package.json dev script)", self.port),
        }
    }

    pub fn location(&self) -> Option<&Location> {
        match &self.source {
            PortSource::Default(_) => None,
            PortSource::Config(l) | PortSource::Script(l) => Some(l),
        }
    }
}

/// The app's `vite.config` / `next.config` / `react-router.config`, as parsed by the code index.
pub fn bundler_config<'a>(view: &AppView<'a>, kind: BundlerKind) -> Option<&'a crate::facts::routes::BundlerConfig> {
    let dir = &view.app.dir;
    view.facts.code.files.iter().filter_map(|f| f.routes.bundler_config.as_ref()).find(|c| {
        let parent = c.file.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
        c.kind == kind && parent == dir.as_str()
    })
}

/// The port the app's dev server listens on: a `--port` in the dev script, else `server.port` in
/// `vite.config`, else the framework's default. `None` when it cannot be known.
pub fn dev_port(view: &AppView) -> Option<DevPort> {
    use crate::facts::deploy::DevTool;
    let framework = view.app.framework;
    let tool_fits = |tool: DevTool| match framework {
        Framework::Nextjs => tool == DevTool::Next,
        Framework::ViteReact | Framework::Sveltekit => tool == DevTool::Vite,
        Framework::TanstackStart => matches!(tool, DevTool::Vite | DevTool::Vinxi),
        Framework::ReactRouter => matches!(tool, DevTool::ReactRouter | DevTool::Vite),
        Framework::Remix => matches!(tool, DevTool::Remix | DevTool::Vite | DevTool::ReactRouter),
        Framework::Expo | Framework::Unknown => false,
    };
    let servers: Vec<_> = view.facts.deploy.dev_servers.iter().filter(|s| tool_fits(s.tool)).collect();
    // The `dev` script, else the `dev:*` ones (`npm-run-all dev:frontend dev:backend`).
    let chosen: Vec<_> = match servers.iter().find(|s| s.name == "dev") {
        Some(s) => vec![*s],
        None => servers.iter().copied().filter(|s| s.name.starts_with("dev")).collect(),
    };
    if chosen.iter().any(|s| s.port_unknown) {
        return None;
    }
    let ports: Vec<_> = chosen.iter().filter_map(|s| s.port.map(|p| (p, s.location.clone()))).collect();
    if let Some((port, location)) = ports.first() {
        if ports.iter().any(|(p, _)| p != port) {
            return None;
        }
        return Some(DevPort { port: *port, source: PortSource::Script(location.clone()) });
    }
    let vite = bundler_config(view, BundlerKind::Vite);
    let vite_based = matches!(
        framework,
        Framework::ViteReact | Framework::Sveltekit | Framework::TanstackStart | Framework::ReactRouter | Framework::Remix
    );
    if vite_based && let Some(config) = vite {
        if !config.resolved {
            return None;
        }
        match &config.port {
            Some(Setting::Known(port, location)) => return Some(DevPort { port: *port, source: PortSource::Config(location.clone()) }),
            Some(Setting::Unknown(_)) => return None,
            None => {}
        }
    }
    let runs = |tools: &[DevTool]| chosen.iter().any(|s| tools.contains(&s.tool));
    match framework {
        Framework::Nextjs => Some(DevPort { port: 3000, source: PortSource::Default("Next.js's default") }),
        Framework::TanstackStart => Some(DevPort { port: 3000, source: PortSource::Default("TanStack Start's default") }),
        // Only when Vite is known to be the dev server (not CRA or webpack).
        Framework::ViteReact | Framework::Sveltekit if vite.is_some() || runs(&[DevTool::Vite]) => {
            Some(DevPort { port: 5173, source: PortSource::Default("Vite's default") })
        }
        Framework::ReactRouter if vite.is_some() || runs(&[DevTool::ReactRouter, DevTool::Vite]) => {
            Some(DevPort { port: 5173, source: PortSource::Default("React Router's default") })
        }
        // Classic `remix dev` used 3000; the Vite plugin uses 5173.
        Framework::Remix if vite.is_some() => Some(DevPort { port: 5173, source: PortSource::Default("Remix on Vite's default") }),
        _ => None,
    }
}

/// The base path the app is served under (Next `basePath`, Vite `base`, React Router `basename`),
/// when it is a known absolute path other than `/`.
pub fn base_path(view: &AppView) -> Option<(String, Location, &'static str)> {
    let (kind, what) = match view.style {
        CallbackStyle::Nextjs => (BundlerKind::Next, "basePath in next.config"),
        CallbackStyle::ReactRouter => (BundlerKind::ReactRouter, "basename in react-router.config"),
        CallbackStyle::Spa => (BundlerKind::Vite, "base in vite.config"),
        _ => return None,
    };
    let Setting::Known(base, location) = bundler_config(view, kind)?.base.as_ref()? else { return None };
    let base = base.trim();
    // `./` is Vite's relative base (assets only), a URL base is a CDN for assets: neither moves routes.
    if !base.starts_with('/') || base.starts_with("//") {
        return None;
    }
    let normalized = crate::facts::routes::normalize_path(base);
    (normalized != "/").then(|| (normalized, location.clone(), what))
}

/// `path` with the base path removed when it starts with it.
pub fn strip_base(path: &str, base: Option<&str>) -> String {
    match base {
        Some(base) if path == base => "/".to_string(),
        Some(base) => path.strip_prefix(&format!("{base}/")).map(|rest| format!("/{rest}")).unwrap_or_else(|| path.to_string()),
        None => path.to_string(),
    }
}

/// The distinct callback paths of the app's redirect URIs, each with the first URI naming it.
pub fn callback_paths(uris: &[RedirectUri]) -> Vec<(&str, &RedirectUri)> {
    let mut out: Vec<(&str, &RedirectUri)> = Vec::new();
    for uri in uris {
        let Some(url) = &uri.url else { continue };
        if !out.iter().any(|(p, _)| *p == url.path) {
            out.push((url.path.as_str(), uri));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        let u = parse_url("http://localhost:5173/callback/").unwrap();
        assert_eq!((u.host.as_str(), u.port, u.path.as_str()), ("localhost", Some(5173), "/callback"));
        assert_eq!(u.effective_port(), 5173);
        let u = parse_url("https://${buildEnv.VERCEL_BRANCH_URL}/callback").unwrap();
        assert!(u.templated_host);
        assert_eq!(u.path, "/callback");
        let u = parse_url("https://app.example.com").unwrap();
        assert_eq!((u.path.as_str(), u.effective_port()), ("/", 443));
        assert!(parse_url("localhost:3000/callback").is_none());
        assert!(parse_url("http://localhost:99999/x").is_none());
        assert!(is_loopback("127.0.0.1") && is_loopback("[::1]") && !is_loopback("example.com"));
        assert!(is_private("192.168.1.20") && !is_private("8.8.8.8"));
    }

    #[test]
    fn base_stripping() {
        assert_eq!(strip_base("/docs/callback", Some("/docs")), "/callback");
        assert_eq!(strip_base("/callback", Some("/docs")), "/callback");
        assert_eq!(strip_base("/docs", Some("/docs")), "/");
        assert_eq!(strip_base("/docsx/callback", Some("/docs")), "/docsx/callback");
    }
}
