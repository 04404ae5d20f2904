//! `env/*` rules (catalog: docs/rules.md): the app's env files, read with each bundler's
//! own precedence ([`Bundler`]), and secrets wherever they sit.

pub mod api_key_exposed_to_client;
pub mod client_var_not_exposed;
pub mod conflicting_values;
pub mod cookie_password;
pub mod env_file_committed;
pub mod example_incomplete;
pub mod local_env_not_set_up;
pub mod malformed_api_key;
pub mod malformed_client_id;
pub mod missing_api_key;
pub mod missing_client_id;
pub mod mixed_environment;
pub mod next_redirect_uri_unprefixed;
pub mod redirect_uri_missing;
pub mod same_workos_env_dev_prod;
pub mod secret_in_source;
pub mod value_whitespace;

/// This area's rules, in catalog order.
pub static RULES: &[&crate::rules::Rule] = &[
    &missing_client_id::RULE,
    &missing_api_key::RULE,
    &cookie_password::RULE,
    &redirect_uri_missing::RULE,
    &next_redirect_uri_unprefixed::RULE,
    &client_var_not_exposed::RULE,
    &api_key_exposed_to_client::RULE,
    &secret_in_source::RULE,
    &env_file_committed::RULE,
    &mixed_environment::RULE,
    &same_workos_env_dev_prod::RULE,
    &malformed_client_id::RULE,
    &malformed_api_key::RULE,
    &value_whitespace::RULE,
    &conflicting_values::RULE,
    &example_incomplete::RULE,
    &local_env_not_set_up::RULE,
];

use crate::diagnostic::Location;
use crate::discover::{App, PackageJson};
use crate::env_file::EnvEntry;
use crate::facts::AppFacts;
use crate::facts::code::{CodeFileFacts, EnvAccess};
use crate::facts::env::{Bundler, EnvFileFacts, Mode, has_local_env};
use crate::rules::CheckContext;

/// One app with what the env rules need to know about it.
pub struct AppEnv<'a> {
    pub app: &'a App,
    pub facts: &'a AppFacts,
    pub package: &'a PackageJson,
    pub bundler: Bundler,
}

impl<'a> AppEnv<'a> {
    pub fn files(&self) -> &'a [EnvFileFacts] {
        &self.facts.env_files
    }

    /// Whether a read of an env variable lands in the browser bundle, as far as the file's path,
    /// directives and the kind of access tell: `'use client'` modules for Next, app code for Expo
    /// and Create React App, `import.meta.env` in a Vite SPA (Vite never puts `process.env` in
    /// browser code, so such a read is Node code: a server or a serverless function). Config,
    /// test and script files, and server folders (`api/`, `server/`, `functions/`, Expo API
    /// routes) never do.
    pub fn is_browser_read(&self, file: &CodeFileFacts, access: EnvAccess) -> bool {
        if is_tooling_file(&file.path) || self.in_server_folder(&file.path) {
            return false;
        }
        match self.bundler {
            Bundler::Next => file.is_use_client(),
            Bundler::Expo => !file.path.contains("+api."),
            Bundler::CreateReactApp => access == EnvAccess::ProcessEnv,
            // Vite-based server frameworks render the same modules on the server and in the
            // browser: only an SPA's files are known to be browser code.
            Bundler::Vite => access == EnvAccess::ImportMetaEnv && !self.app.framework.is_server(),
            Bundler::SvelteKit | Bundler::Unknown => false,
        }
    }

    /// A file under a folder that holds server code next to the app (`api/` serverless
    /// functions, `server/`, `functions/`, `netlify/`).
    fn in_server_folder(&self, path: &str) -> bool {
        let relative = if self.app.dir.is_empty() {
            path
        } else {
            path.strip_prefix(&self.app.dir).map(|p| p.trim_start_matches('/')).unwrap_or(path)
        };
        let first = relative.split('/').next().unwrap_or("");
        matches!(first, "api" | "server" | "functions" | "netlify" | "supabase")
    }

    /// Whether `access` to `name` in `file` yields `undefined` because the bundler does not
    /// expose the name there: returns the prefix the name needs.
    pub fn unexposed_prefix(&self, file: &CodeFileFacts, name: &str, access: EnvAccess) -> Option<&'static str> {
        if is_tooling_file(&file.path) || crate::facts::env::BUILTIN_VARS.contains(&name) {
            return None;
        }
        let needed = match (self.bundler, access) {
            // Vite puts only `VITE_` names in `import.meta.env`, on the server (SSR) as in the
            // browser, so this holds for every Vite-based framework.
            (Bundler::Vite | Bundler::SvelteKit, EnvAccess::ImportMetaEnv) => "VITE_",
            (Bundler::Next, EnvAccess::ProcessEnv) if file.is_use_client() => "NEXT_PUBLIC_",
            (Bundler::Expo | Bundler::CreateReactApp, EnvAccess::ProcessEnv) if self.is_browser_read(file, access) => {
                if self.bundler == Bundler::Expo { "EXPO_PUBLIC_" } else { "REACT_APP_" }
            }
            _ => return None,
        };
        (!name.starts_with(needed)).then_some(needed)
    }
}

/// Every app with its package and bundler.
pub fn apps<'a>(cx: &'a CheckContext) -> impl Iterator<Item = AppEnv<'a>> + 'a {
    cx.project.apps.iter().zip(&cx.facts.apps).map(|(app, facts)| {
        let package = cx.project.package_of_app(app);
        AppEnv { app, facts, package, bundler: Bundler::of(app.framework, package) }
    })
}

/// Every real (non-example) env file of the project once: the apps' and the Convex packages'
/// (often the same directory).
pub fn real_env_files<'a>(cx: &'a CheckContext) -> Vec<&'a EnvFileFacts> {
    let mut seen = std::collections::BTreeSet::new();
    cx.facts
        .apps
        .iter()
        .flat_map(|a| a.env_files.iter())
        .chain(cx.facts.convex.iter().flat_map(|c| c.env_files.iter()))
        .filter(|f| f.mode.is_loaded() && seen.insert(f.path.as_str()))
        .collect()
}

/// A placeholder in a committed env file (`WORKOS_CLIENT_ID=your-client-id` in a tracked
/// `.env`) that never reaches the app: a template for the developer's own `.env.local`, in a
/// checkout that has none yet, or overridden by that file. In a working copy whose own files
/// leave the key to it, the placeholder is what the app runs with.
pub fn committed_placeholder(file: &EnvFileFacts, key: &str, value: &str, all: &[&EnvFileFacts]) -> bool {
    if file.working_copy || !crate::facts::env::is_placeholder(value) {
        return false;
    }
    let dir = file.path.rsplit_once('/').map_or("", |(d, _)| d);
    let own: Vec<&&EnvFileFacts> = all.iter().filter(|f| f.working_copy && f.path.rsplit_once('/').map_or("", |(d, _)| d) == dir).collect();
    own.is_empty() || own.iter().any(|f| f.get(key).is_some())
}

/// The entries of a file that take effect: for a key defined twice, only the last one (dotenv
/// semantics), in source order.
pub fn effective_entries(file: &EnvFileFacts) -> impl Iterator<Item = &EnvEntry> {
    let entries = &file.env.entries;
    let last: std::collections::HashMap<&str, usize> = entries.iter().enumerate().map(|(i, e)| (e.key.as_str(), i)).collect();
    entries.iter().enumerate().filter(move |(i, e)| last.get(e.key.as_str()) == Some(i)).map(|(_, e)| e)
}

pub fn value_location(file: &EnvFileFacts, entry: &EnvEntry) -> Location {
    Location::new(file.path.clone(), entry.value_span.start, entry.value_span.end)
}

pub fn key_location(file: &EnvFileFacts, entry: &EnvEntry) -> Location {
    Location::new(file.path.clone(), entry.key_span.start, entry.key_span.end)
}

/// Config, build-script and test files: Node code that is never bundled for the browser.
pub fn is_tooling_file(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.contains(".config.")
        || name.contains(".test.")
        || name.contains(".spec.")
        || name.starts_with("setupProxy.")
        || path.split('/').any(|part| matches!(part, "__tests__" | "scripts" | "e2e"))
}

/// Variables a hosting platform or CI sets: not something a clone has to fill in.
pub fn is_platform_var(name: &str) -> bool {
    let bare = crate::facts::env::PUBLIC_PREFIXES.iter().find_map(|p| name.strip_prefix(p)).unwrap_or(name);
    // CONVEX_DEPLOY_KEY is set in the host's build settings for `npx convex deploy`.
    bare == "CONVEX_DEPLOY_KEY"
        || ["VERCEL", "NETLIFY", "CF_PAGES", "RENDER", "RAILWAY", "CI"].iter().any(|p| bare == *p || bare.starts_with(&format!("{p}_")))
}

pub use crate::url::is_local_url;

/// What a required variable looks like in the development env of a server app.
pub enum Presence<'a> {
    /// Set to a non-empty value (by the winning file).
    Set(&'a EnvFileFacts, &'a EnvEntry),
    /// Defined, but empty: the SDK sees `''`.
    Empty(&'a EnvFileFacts, &'a EnvEntry),
    /// No file loaded in development defines it.
    Missing,
    /// The app has no env file loaded in development (a fresh clone): nothing to check.
    NoDevEnvFiles,
}

/// Where `key` stands in the app's development env. Only development is judged: production
/// values usually live in the host's settings, which the doctor cannot see.
pub fn dev_presence<'a>(a: &AppEnv<'a>, key: &str) -> Presence<'a> {
    if !has_local_env(a.files()) || a.bundler.files_for(a.files(), Mode::Development).is_empty() {
        return Presence::NoDevEnvFiles;
    }
    match a.bundler.resolve(a.files(), key, Mode::Development) {
        Some((file, entry)) if entry.value.trim().is_empty() => Presence::Empty(file, entry),
        Some((file, entry)) => Presence::Set(file, entry),
        None => Presence::Missing,
    }
}

/// Where a missing development variable belongs: `.env.local` when it exists (the file
/// `npx convex dev` and most setups write), else the file that wins in development.
pub fn dev_target_file<'a>(a: &AppEnv<'a>) -> Option<&'a EnvFileFacts> {
    let files = a.bundler.files_for(a.files(), Mode::Development);
    files.iter().copied().find(|f| f.name == ".env.local").or_else(|| files.first().copied())
}

/// A sentence about other places `key` shows up when the development env lacks it: a
/// prefixed twin (`NEXT_PUBLIC_WORKOS_CLIENT_ID`), or a file development does not load.
pub fn missing_var_hint(a: &AppEnv, key: &str) -> Option<String> {
    for file in a.files() {
        for entry in effective_entries(file) {
            if entry.key != key && entry.key.ends_with(key) && !entry.value.trim().is_empty() {
                return Some(format!("{} sets {}, but the SDK reads {key}", file.name, entry.key));
            }
        }
    }
    let elsewhere: Vec<&str> = a
        .files()
        .iter()
        .filter(|f| a.bundler.precedence(f, Mode::Development).is_none() && f.get(key).is_some())
        .map(|f| f.name.as_str())
        .collect();
    (!elsewhere.is_empty()).then(|| {
        format!(
            "only {} define{} it, and development does not load {}",
            elsewhere.join(", "),
            if elsewhere.len() == 1 { "s" } else { "" },
            if elsewhere.len() == 1 { "it" } else { "them" }
        )
    })
}

/// Names of the dev files, for messages: `.env.local, .env`.
pub fn dev_file_names(a: &AppEnv) -> String {
    a.bundler.files_for(a.files(), Mode::Development).iter().map(|f| f.name.as_str()).collect::<Vec<_>>().join(", ")
}

/// Reports a variable a server SDK needs when the development env lacks it or leaves it empty.
/// `why` says what breaks (and where the value comes from); `example` is the value to suggest
/// (`client_…`).
pub fn report_missing_server_var(
    rule: &'static crate::rules::Rule,
    a: &AppEnv,
    key: &str,
    sdk: &str,
    why: &str,
    example: &str,
    out: &mut Vec<crate::diagnostic::Finding>,
) {
    match dev_presence(a, key) {
        Presence::Set(..) | Presence::NoDevEnvFiles => {}
        Presence::Empty(file, entry) => out.push(
            rule.finding(format!("{key} is empty in {}, and {sdk} needs it", file.name))
                .at(value_location(file, entry))
                .help(why.to_string())
                .fix(format!("Set `{key}={example}` in {}.", file.name)),
        ),
        Presence::Missing => {
            let Some(target) = dev_target_file(a) else { return };
            let hint = missing_var_hint(a, key).map(|h| format!(" ({h})")).unwrap_or_default();
            out.push(
                rule.finding(format!("{key} is not set in development: {sdk} needs it, and no env file loaded in development ({}) defines it{hint}", dev_file_names(a)))
                    .at(Location::file_start(target.path.clone()))
                    .help(format!("{why} If your shell or a secrets manager provides it, this finding does not apply; production needs it in the host's env settings too."))
                    .fix(format!("Add `{key}={example}` to {}.", target.name)),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_urls() {
        for url in ["http://localhost:3000/callback", "http://127.0.0.1:5173/", "http://[::1]:3000/cb", "https://app.localhost/cb"] {
            assert!(is_local_url(url), "{url}");
        }
        for url in ["https://notes.example.com/callback", "localhost", "https://localhost.example.com/"] {
            assert!(!is_local_url(url), "{url}");
        }
    }

    #[test]
    fn tooling_files() {
        assert!(is_tooling_file("vite.config.ts"));
        assert!(is_tooling_file("apps/web/src/__tests__/auth.tsx"));
        assert!(is_tooling_file("src/auth.test.ts"));
        assert!(!is_tooling_file("src/main.tsx"));
    }
}
