use super::{apps, is_local_url, value_location};
use crate::declare_rule;
use crate::diagnostic::Finding;
use crate::env_file::EnvEntry;
use crate::facts::env::{EnvFileFacts, Mode, SecretKey, SecretKeyKind};
use crate::rules::CheckContext;
use std::collections::BTreeSet;

declare_rule! {
    /// ### What it does
    /// Finds env files that mix WorkOS environments, resolved per mode with the bundler's
    /// precedence:
    /// - an `sk_live_` (production) `WORKOS_API_KEY` together with a `localhost` redirect URI;
    /// - an `sk_test_` (staging) key in `.env.production`, or a shared staging key (`.env`)
    ///   that production builds combine with the real-host redirect URI of `.env.production`.
    ///
    /// A staging key with a non-localhost redirect in development files (a tunnel, a staging
    /// site) is a normal setup and is not reported, nor is anything in `.local` files beyond
    /// the localhost case: they describe one machine, not the deployed app. Only
    /// `WORKOS_API_KEY` is read, and a Stripe key there is left to `env/malformed-api-key`.
    ///
    /// ### Why is this bad?
    /// The key picks the WorkOS environment (its users, redirect URIs, JWT template), while the
    /// client id and redirect URI belong to the other one: sign-in fails, or production users
    /// end up in the staging environment (and its limits), or local testing touches real users.
    ///
    /// ### Symptom
    /// Works in development, fails in production (or the reverse).
    ///
    /// ### Fix
    /// Use the staging key and client id for development, the production ones for
    /// production, each with its own redirect URI.
    ///
    /// ### Example
    /// ```sh
    /// # .env.production, before
    /// WORKOS_API_KEY=sk_test_...
    /// # after
    /// WORKOS_API_KEY=sk_live_...
    /// ```
    pub static RULE = {
        id: "env/mixed-environment",
        severity: Warning,
        symptoms: [WorksInDevNotProd],
        summary: "staging and production WorkOS settings mixed in one environment",
    };
}

/// Redirect URI variables, in the order the SDKs prefer them.
const REDIRECT_VARS: &[&str] = &[
    "NEXT_PUBLIC_WORKOS_REDIRECT_URI",
    "WORKOS_REDIRECT_URI",
    "VITE_WORKOS_REDIRECT_URI",
    "PUBLIC_WORKOS_REDIRECT_URI",
    "EXPO_PUBLIC_WORKOS_REDIRECT_URI",
    "REACT_APP_WORKOS_REDIRECT_URI",
];

/// The committed production file: what the deployed app is built with.
fn is_production_file(file: &EnvFileFacts) -> bool {
    file.name == ".env.production"
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for a in apps(cx) {
        let mut reported = BTreeSet::new();
        let mut report = |file: &EnvFileFacts, entry: &EnvEntry, message: String| {
            if !reported.insert((file.path.clone(), entry.value_span.start)) {
                return;
            }
            out.push(
                RULE.finding(message)
                    .at(value_location(file, entry))
                    .help("A WorkOS API key belongs to one environment (sk_test_ = staging, sk_live_ = production), and so do the client id, redirect URIs and users. Keep each mode's key, client id and redirect URI from the same environment.")
                    .fix("Use the staging key for development and the production key (with the production client id and an https redirect URI) for production; set production values in the host's env settings."),
            );
        };
        // What the deployed app is built with: the host has no `.local` files (cheap clones: the
        // file data is shared). Development reads every file.
        let deployed: Vec<EnvFileFacts> = a.files().iter().filter(|f| !f.local).cloned().collect();
        // A production key signing in to localhost, in whatever mode resolves them together.
        for (mode, files) in [(Mode::Development, a.files()), (Mode::Production, deployed.as_slice())] {
            let Some((key_file, key_entry, key)) = workos_key(a.bundler.resolve(files, "WORKOS_API_KEY", mode)) else { continue };
            let redirect = REDIRECT_VARS.iter().find_map(|v| a.bundler.resolve(files, v, mode));
            if let Some((file, entry)) = redirect
                && key.live
                && is_local_url(&entry.value)
            {
                let message = format!(
                    "{} holds a production key (sk_live_), but the {} redirect URI in {} is localhost: local sign-ins would use the production WorkOS environment",
                    key_file.name,
                    mode.as_str(),
                    file.name
                );
                report(key_file, key_entry, message);
            }
        }
        let Some((key_file, key_entry, key)) = workos_key(a.bundler.resolve(&deployed, "WORKOS_API_KEY", Mode::Production)) else {
            continue;
        };
        if key.live {
            continue;
        }
        if is_production_file(key_file) {
            let message = format!(
                "{} gives production builds a staging key (sk_test_): production would sign users in to the WorkOS staging environment",
                key_file.name
            );
            report(key_file, key_entry, message);
            continue;
        }
        let redirect = REDIRECT_VARS.iter().find_map(|v| a.bundler.resolve(&deployed, v, Mode::Production));
        if let Some((file, entry)) = redirect
            && is_production_file(file)
            && !is_local_url(&entry.value)
        {
            let message = format!(
                "production builds use the staging key (sk_test_) from {} with the production redirect URI from {} ({})",
                key_file.name,
                file.name,
                entry.value.trim()
            );
            report(key_file, key_entry, message);
        }
    }
}

/// A resolved `WORKOS_API_KEY` that is not another service's key.
fn workos_key<'a>(found: Option<(&'a EnvFileFacts, &'a EnvEntry)>) -> Option<(&'a EnvFileFacts, &'a EnvEntry, SecretKey)> {
    let (file, entry) = found?;
    let key = SecretKey::parse(entry.value.trim()).filter(|k| k.kind != SecretKeyKind::Stripe)?;
    Some((file, entry, key))
}
