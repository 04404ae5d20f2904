use super::{apps, effective_entries, key_location};
use crate::declare_rule;
use crate::diagnostic::Finding;
use crate::facts::env::{SecretKey, SecretKeyKind, is_placeholder};
use crate::redact::{is_api_key, mask};
use crate::rules::CheckContext;
use std::collections::BTreeSet;

declare_rule! {
    /// ### What it does
    /// Finds secret keys that end up in the browser bundle:
    /// - an env variable behind the app's public prefix (`VITE_`, `NEXT_PUBLIC_`,
    ///   `REACT_APP_`, `EXPO_PUBLIC_`, `PUBLIC_`; every prefix when the bundler is not known)
    ///   that is named `…WORKOS_API_KEY` or holds an `sk_test_`/`sk_live_` value;
    /// - code that reads a public `…WORKOS_API_KEY` name, or reads `WORKOS_API_KEY` in
    ///   browser code (a Vite SPA, a `'use client'` module).
    ///
    /// `sk_test_`/`sk_live_` is also Stripe's prefix. A WorkOS key is the base64 of
    /// `key_<ULID>,<secret>`; the doctor decodes the value and names a Stripe key (or an
    /// unrecognised one) as such. It is still reported: any secret key in the bundle leaks.
    ///
    /// ### Why is this bad?
    /// The bundler inlines public variables into the JavaScript every visitor downloads. With
    /// a WorkOS API key anyone can list and impersonate your users, read directory data and
    /// change your WorkOS configuration.
    ///
    /// ### Symptom
    /// None until someone reads your bundle: the key is exposed.
    ///
    /// ### Fix
    /// Rotate the key in the WorkOS dashboard (API Keys page). Keep it only where code runs on a
    /// server: `WORKOS_API_KEY` without a prefix for server frameworks, or on the Convex
    /// deployment (`npx convex env set WORKOS_API_KEY …`) for a browser app. A browser app
    /// (authkit-react) needs only the client id.
    ///
    /// ### Example
    /// ```sh
    /// # before (.env.local of a Vite app)
    /// VITE_WORKOS_API_KEY=sk_test_...
    /// # after: no key in the app; on the Convex deployment if a function needs it
    /// npx convex env set WORKOS_API_KEY sk_test_...
    /// ```
    pub static RULE = {
        id: "env/api-key-exposed-to-client",
        severity: Error,
        symptoms: [SecretExposure],
        summary: "an API key is exposed to the browser (public prefix or client code)",
    };
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for a in apps(cx) {
        let bundler = a.bundler.name();
        for file in a.files().iter().filter(|f| f.mode.is_loaded()) {
            for entry in effective_entries(file) {
                let Some(prefix) = a.bundler.public_prefix_of(&entry.key) else { continue };
                let value = entry.value.trim();
                let key = is_api_key(value).then(|| SecretKey::parse(value)).flatten();
                let named_key = entry.key.ends_with("WORKOS_API_KEY") && !value.is_empty() && !is_placeholder(value);
                let what = match key {
                    Some(k) if k.kind == SecretKeyKind::Stripe => {
                        format!("holds a Stripe secret key ({}), not a WorkOS one", mask(value))
                    }
                    Some(k) if k.is_workos() => format!("holds a WorkOS API key ({})", mask(value)),
                    Some(_) if named_key => format!("holds an API key ({})", mask(value)),
                    Some(_) => format!("holds a secret key ({}) in an unrecognised format (not WorkOS's)", mask(value)),
                    None if named_key => "is the WorkOS API key".to_string(),
                    None => continue,
                };
                let bare = &entry.key[prefix.len()..];
                let fix = if named_key || key.is_some_and(|k| k.is_workos()) {
                    format!(
                        "Rotate the key in the WorkOS dashboard, then remove `{}`: server code reads `{bare}`, and a browser app needs only the client id.",
                        entry.key
                    )
                } else {
                    format!("Rotate the key with its service, then remove `{}` and read it as `{bare}` from server code only.", entry.key)
                };
                out.push(
                    RULE.finding(format!("{} in {} {what}, and {bundler} inlines every `{prefix}` variable into the browser bundle", entry.key, file.name))
                        .at(key_location(file, entry))
                        .help("Anyone who loads the site can read it. Treat the key as leaked: rotate it, and keep secrets in variables without a public prefix, read only by server code or the Convex deployment.")
                        .fix(fix),
                );
            }
        }
        let mut seen = BTreeSet::new();
        for code in &a.facts.code.files {
            for read in code.env_reads.iter().filter(|r| r.name.ends_with("WORKOS_API_KEY")) {
                if !seen.insert((code.path.as_str(), read.name.as_str())) {
                    continue;
                }
                let message = if let Some(prefix) = a.bundler.public_prefix_of(&read.name) {
                    format!("the code reads `{}`: a `{prefix}` variable, which {bundler} inlines into the browser bundle", read.name)
                } else if a.is_browser_read(code, read.access) {
                    let module = if code.is_use_client() { "a 'use client' module" } else { "browser code" };
                    format!("the WorkOS API key (`{}`) is read in {module}", read.name)
                } else {
                    continue;
                };
                out.push(
                    RULE.finding(message)
                        .at(read.location.clone())
                        .help("The API key must never reach the browser: anyone could call the WorkOS API as you. Browser code needs only the client id; do calls that need the key in a server route or a Convex action.")
                        .fix("Move the WorkOS call to server code (a route handler, a server function, a Convex action) that reads `process.env.WORKOS_API_KEY`."),
                );
            }
        }
    }
}
