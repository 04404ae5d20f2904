use super::{apps, effective_entries, key_location};
use crate::declare_rule;
use crate::diagnostic::Finding;
use crate::facts::env::{Bundler, defined_anywhere, has_local_env};
use crate::rules::CheckContext;
use std::collections::BTreeSet;

declare_rule! {
    /// ### What it does
    /// Finds code that reads an env variable the bundler never puts there:
    /// - `import.meta.env.X` without the `VITE_` prefix in any Vite-based app (a React SPA,
    ///   TanStack Start, React Router, Remix on Vite, SvelteKit): Vite fills `import.meta.env`
    ///   with `VITE_` names only, on the server as in the browser;
    /// - `process.env.X` without `NEXT_PUBLIC_` in a `'use client'` module of a Next.js app,
    ///   without `EXPO_PUBLIC_` in Expo app code, without `REACT_APP_` in a Create React App;
    /// - a prefixed name (`VITE_WORKOS_CLIENT_ID`) that no env file defines while the env
    ///   files define the unprefixed one (`WORKOS_CLIENT_ID`).
    ///
    /// Config, test and script files are skipped (they run in Node). `NODE_ENV` and the
    /// bundler's own variables (`MODE`, `DEV`, `PROD`, `SSR`, `BASE_URL`) are always defined.
    /// The WorkOS API key is left to `env/api-key-exposed-to-client`, and Convex URLs no file
    /// defines to `convex-env/convex-url-missing`. A custom Vite `envPrefix` or Next `env`
    /// config is not read: if you use one, ignore this rule.
    ///
    /// ### Why is this bad?
    /// The read yields `undefined` in the browser: AuthKitProvider gets no client id or
    /// redirect URI, the Convex client no URL.
    ///
    /// ### Symptom
    /// The sign-in button does nothing ("Missing Client ID" in the console), or Convex never
    /// connects.
    ///
    /// ### Fix
    /// Rename the variable with the public prefix, in the env file and in the code, and
    /// restart the dev server. Never do this for a secret (`WORKOS_API_KEY`).
    ///
    /// ### Example
    /// ```tsx
    /// // .env.local: WORKOS_CLIENT_ID=client_01... → VITE_WORKOS_CLIENT_ID=client_01...
    /// // before
    /// <AuthKitProvider clientId={import.meta.env.WORKOS_CLIENT_ID}>
    /// // after
    /// <AuthKitProvider clientId={import.meta.env.VITE_WORKOS_CLIENT_ID}>
    /// ```
    pub static RULE = {
        id: "env/client-var-not-exposed",
        severity: Error,
        symptoms: [SignInDoesNothing, ConvexUnauthenticated],
        summary: "client code reads an env var the bundler does not expose",
    };
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for a in apps(cx) {
        let mut seen = BTreeSet::new();
        for file in &a.facts.code.files {
            for read in &file.env_reads {
                // The API key in browser code is a leak first: env/api-key-exposed-to-client.
                if read.name.ends_with("WORKOS_API_KEY") || !seen.insert((file.path.as_str(), read.name.as_str())) {
                    continue;
                }
                if let Some(prefix) = a.unexposed_prefix(file, &read.name, read.access) {
                    let defined = a.files().iter().find(|f| f.mode.is_loaded() && f.get(&read.name).is_some());
                    let where_defined = defined.map(|f| format!(" ({} defines it under this name)", f.name)).unwrap_or_default();
                    let context = match a.bundler {
                        Bundler::Next => " in this 'use client' module",
                        _ => "",
                    };
                    let mut finding = RULE
                        .finding(format!(
                            "`{}` is undefined{context}: {} only exposes variables whose names start with `{prefix}`{where_defined}",
                            read.name,
                            a.bundler.name()
                        ))
                        .at(read.location.clone())
                        .help(format!("{} replaces `{prefix}…` reads with their values when it bundles the code; any other name stays undefined there.", a.bundler.name()))
                        .fix(format!("Rename the variable to `{prefix}{}` in the env files and in the code (only if the value is not a secret), then restart the dev server.", read.name));
                    if let Some(file) = defined
                        && let Some(entry) = file.get(&read.name)
                    {
                        finding = finding.related(key_location(file, entry), "defined here without the prefix");
                    }
                    out.push(finding);
                    continue;
                }
                if let Some(finding) = unprefixed_only(&a, &read.name, read.location.clone()) {
                    out.push(finding);
                }
            }
        }
    }
}

/// The code reads `VITE_X`, no env file defines it, but one defines `X`.
fn unprefixed_only(a: &super::AppEnv, name: &str, at: crate::diagnostic::Location) -> Option<Finding> {
    // The Convex URL too: convex-env/convex-url-missing says the value is missing, this says
    // why (the prefix), which is the fix.
    if a.bundler == Bundler::Unknown || !has_local_env(a.files()) {
        return None;
    }
    let prefix = a.bundler.public_prefix_of(name)?;
    if defined_anywhere(a.files(), name) {
        return None;
    }
    let bare = &name[prefix.len()..];
    // Hosts set their own public variables (`NEXT_PUBLIC_VERCEL_URL`) next to the plain ones.
    if super::is_platform_var(bare) {
        return None;
    }
    let (file, entry) =
        a.files().iter().filter(|f| f.mode.is_loaded()).find_map(|f| Some((f, effective_entries(f).find(|e| e.key == bare)?)))?;
    Some(
        RULE.finding(format!(
            "the code reads `{name}`, but the env files define only `{bare}` ({}), which {} does not expose",
            file.name,
            a.bundler.name()
        ))
        .at(at)
        .related(key_location(file, entry), "defined here without the prefix")
        .help(format!("`{name}` is undefined in the browser until an env file defines it under that exact name."))
        .fix(format!("Rename `{bare}` to `{name}` in {} (only if the value is not a secret), then restart the dev server.", file.name)),
    )
}
