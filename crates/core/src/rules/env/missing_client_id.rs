use super::{AppEnv, apps, dev_file_names, dev_target_file, missing_var_hint, report_missing_server_var, value_location};
use crate::declare_rule;
use crate::diagnostic::Finding;
use crate::facts::env::{Mode, browser_sdk, has_local_env, server_sdk};
use crate::rules::CheckContext;

declare_rule! {
    /// ### What it does
    /// Checks that the app's development env files define the WorkOS client id its AuthKit
    /// package needs: `WORKOS_CLIENT_ID` for the server SDKs (Next.js, TanStack Start, React
    /// Router, Remix, SvelteKit), and for a browser app (`@workos-inc/authkit-react` /
    /// `authkit-js`) the variable the code passes to `AuthKitProvider`, normally
    /// `VITE_WORKOS_CLIENT_ID`.
    ///
    /// Files are resolved with the bundler's own precedence for development mode. The rule
    /// stays quiet when the app has no env file loaded in development at all: a fresh clone
    /// with only `.env.example` has nothing to check yet, and the values may come from the
    /// shell or a secrets manager. Production is not judged: its values usually live in the
    /// host's settings.
    ///
    /// ### Why is this bad?
    /// Without a client id the SDK cannot build the authorize URL: authkit-react fails with
    /// "Missing Client ID" and settles on `user: null`; the server SDKs send `client_id=` and
    /// WorkOS shows an error page.
    ///
    /// ### Symptom
    /// Clicking "Sign in" does nothing, or lands on a WorkOS error page.
    ///
    /// ### Fix
    /// Copy the client id from the WorkOS dashboard (API Keys page) into `.env.local`, under
    /// the name your framework reads, and restart the dev server.
    ///
    /// ### Example
    /// ```sh
    /// # .env.local (Vite SPA)
    /// VITE_WORKOS_CLIENT_ID=client_01HXRMBQ9BJ3E7QSTQ9X2PHVB7
    /// # .env.local (Next.js and other server frameworks)
    /// WORKOS_CLIENT_ID=client_01HXRMBQ9BJ3E7QSTQ9X2PHVB7
    /// ```
    pub static RULE = {
        id: "env/missing-client-id",
        severity: Error,
        symptoms: [SignInDoesNothing],
        summary: "the WorkOS client id var the framework reads is not set",
    };
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for a in apps(cx) {
        if let Some(sdk) = server_sdk(a.package) {
            check_server(&a, sdk, out);
        } else if browser_sdk(a.package).is_some() || a.package.depends_on(crate::sdk::CONVEX_DEV_WORKOS) {
            check_browser(&a, out);
        }
    }
}

fn check_server(a: &AppEnv, sdk: &str, out: &mut Vec<Finding>) {
    let why = "The SDK builds the authorize URL, the JWKS URL and the session refresh from this id; without it WorkOS answers with an error page. The id is on the API Keys page of the WorkOS dashboard.";
    report_missing_server_var(&RULE, a, "WORKOS_CLIENT_ID", sdk, why, "client_…", out);
}

/// A browser app: the client-id variables its code reads.
fn check_browser(a: &AppEnv, out: &mut Vec<Finding>) {
    if !has_local_env(a.files()) || a.bundler.files_for(a.files(), Mode::Development).is_empty() {
        return;
    }
    let mut seen = std::collections::BTreeSet::new();
    for read in a.facts.code.env_reads.iter().filter(|r| r.name.ends_with("WORKOS_CLIENT_ID")) {
        if !seen.insert(read.name.as_str()) {
            continue;
        }
        // A name the bundler does not expose is env/client-var-not-exposed's finding.
        if a.bundler.public_prefix_of(&read.name).is_none() {
            continue;
        }
        match a.bundler.resolve(a.files(), &read.name, Mode::Development) {
            Some((file, entry)) if entry.value.trim().is_empty() => out.push(
                RULE.finding(format!("{} is empty in {}; the app passes it to AuthKitProvider as clientId", read.name, file.name))
                    .at(value_location(file, entry))
                    .related(read.location.clone(), "read here")
                    .help("authkit-react throws \"Missing Client ID\" while it starts, and settles on `user: null`.")
                    .fix(format!("Set {} to the client id from the WorkOS dashboard (API Keys page).", read.name)),
            ),
            Some(_) => {}
            None => {
                // The unprefixed name is defined: env/client-var-not-exposed explains that one.
                let unprefixed = a.bundler.public_prefix_of(&read.name).map(|p| &read.name[p.len()..]);
                if unprefixed.is_some_and(|u| crate::facts::env::defined_anywhere(a.files(), u)) {
                    continue;
                }
                let hint = missing_var_hint(a, &read.name).map(|h| format!(" ({h})")).unwrap_or_default();
                let target = dev_target_file(a).map(|f| f.name.as_str()).unwrap_or(".env.local");
                out.push(
                    RULE.finding(format!("the app reads {}, but no env file loaded in development ({}) defines it{hint}", read.name, dev_file_names(a)))
                        .at(read.location.clone())
                        .help("authkit-react throws \"Missing Client ID\" while it starts, and settles on `user: null`: the sign-in button does nothing. If your shell provides the variable, this finding does not apply.")
                        .fix(format!("Add `{}=client_…` (from the WorkOS dashboard, API Keys page) to {target} and restart the dev server.", read.name)),
                );
            }
        }
    }
}
