use super::{apps, is_local_host, is_spa, origin_of, push, redirect_uris};
use crate::declare_rule;
use crate::diagnostic::{Finding, Location};
use crate::rules::CheckContext;

declare_rule! {
    /// ### What it does
    /// For browser-only apps (authkit-react), lists the exact origins that must be on the
    /// WorkOS CORS allow-list, taken from the redirect URIs the project configures (non-example
    /// env files, a string `redirectUri` prop, `convex.json` `authKit.*.configure.redirectUris`).
    ///
    /// It is printed only when it can matter: when the project names a non-localhost origin the
    /// browser signs in from, and `convex.json` (`authKit.*.configure.corsOrigins`, which the
    /// Convex CLI registers in WorkOS) does not already list it. Localhost origins are only
    /// mentioned in the help: a missing development origin fails on the very first local sign-in,
    /// and reporting it for every SPA would bury real findings (the correct examples stay at zero).
    ///
    /// ### Why is this bad?
    /// authkit-react calls `api.workos.com/user_management/authenticate` from the browser. WorkOS
    /// answers only origins on the allow-list; for any other origin the browser blocks the
    /// response and the code exchange fails.
    ///
    /// ### Symptom
    /// `Access to fetch at 'https://api.workos.com/user_management/authenticate' from origin
    /// 'https://your-app.example.com' has been blocked by CORS policy`; the deployed app stays
    /// signed out.
    ///
    /// ### Fix
    /// WorkOS dashboard → Authentication → Sessions → Cross-Origin Resource Sharing (CORS) →
    /// Manage: add each origin (scheme and host, no path). Or list them in `convex.json`
    /// `authKit.prod.configure.corsOrigins`.
    ///
    /// ### Example
    /// ```text
    /// .env.production: VITE_WORKOS_REDIRECT_URI=https://chat.example.com/callback
    /// → add https://chat.example.com to the allowed origins
    /// ```
    pub static RULE = {
        id: "client/cors-origins",
        severity: Info,
        symptoms: [SignInDoesNothing, WorksInDevNotProd],
        summary: "the origins an SPA needs on WorkOS's CORS allow-list",
    };
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for a in apps(cx) {
        if !is_spa(&a) {
            continue;
        }
        let registered: Vec<String> = a
            .facts
            .deploy
            .convex_json_authkit
            .iter()
            .flat_map(|c| c.cors_origins.iter().map(|(_, origin, _)| origin.trim_end_matches('/').to_string()))
            .collect();
        let mut remote: Vec<(String, Location)> = Vec::new();
        let mut local: Vec<String> = Vec::new();
        for uri in redirect_uris(&a) {
            let Some(origin) = origin_of(&uri.url) else { continue };
            let host = origin.split_once("://").map(|(_, h)| h).unwrap_or("");
            if is_local_host(host) {
                if !local.contains(&origin) {
                    local.push(origin);
                }
            } else if !uri.example && !registered.contains(&origin) && !remote.iter().any(|(o, _)| *o == origin) {
                remote.push((origin, uri.location));
            }
        }
        let Some((_, location)) = remote.first().cloned() else { continue };
        let list: Vec<String> = remote.iter().map(|(o, _)| format!("`{o}`")).collect();
        let mut help = "authkit-react calls the WorkOS API from the browser; WorkOS answers only the origins on its CORS allow-list, so sign-in from any other origin fails with a CORS error.".to_string();
        if !local.is_empty() {
            help.push_str(&format!(" For development keep {} on the list too.", local.join(", ")));
        }
        push(out,
            RULE.finding(format!("{} must be on the WorkOS CORS allow-list for sign-in to work there", list.join(", ")))
                .at(location)
                .help(help)
                .fix("WorkOS dashboard → Authentication → Sessions → Cross-Origin Resource Sharing (CORS) → Manage: add each origin. Or list them in convex.json `authKit.prod.configure.corsOrigins` so the Convex CLI registers them."),
        );
    }
}
