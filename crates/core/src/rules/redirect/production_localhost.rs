use super::{UriMode, UriOrigin, apps, is_loopback, is_private, redirect_uris};
use crate::declare_rule;
use crate::diagnostic::Finding;
use crate::rules::CheckContext;

declare_rule! {
    /// ### What it does
    /// Finds a production redirect URI (in `.env.production`, or `convex.json`'s
    /// `authKit.prod`/`authKit.preview`) that points at `localhost` or uses `http:`, and a
    /// redirect URI hard-coded in code with `http:` on a real host (code runs in production too).
    /// Development env files may use `http:` (sandbox environments allow it), and the
    /// machine-specific `.env.production.local` may point at localhost (a local production build).
    ///
    /// ### Why is this bad?
    /// A deployed app that sends users back to `localhost` signs nobody in: the browser goes to
    /// the user's own machine. WorkOS production environments reject redirect URIs that use
    /// `http:` or `localhost` (only sandbox environments allow them), and the server SDKs derive
    /// the session cookie's `Secure` flag from the redirect URI's scheme.
    ///
    /// ### Symptom
    /// Works in development; in production the sign-in ends on `localhost` ("This site can't be
    /// reached") or WorkOS shows "Invalid redirect URI".
    ///
    /// ### Fix
    /// Set the production redirect URI to the deployed `https://` origin and register it in the
    /// WorkOS dashboard (production environment).
    ///
    /// ### Example
    /// ```sh
    /// # .env.production
    /// # before
    /// NEXT_PUBLIC_WORKOS_REDIRECT_URI=http://localhost:3000/callback
    /// # after
    /// NEXT_PUBLIC_WORKOS_REDIRECT_URI=https://app.example.com/callback
    /// ```
    pub static RULE = {
        id: "redirect/production-localhost",
        severity: Error,
        symptoms: [WorksInDevNotProd, CallbackFails],
        summary: "a production redirect URI on localhost, or http: on a real host",
    };
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for view in apps(cx) {
        for uri in redirect_uris(&view) {
            let Some(url) = &uri.url else { continue };
            if url.templated_host {
                continue;
            }
            let deployed = matches!(uri.mode, UriMode::Production | UriMode::Preview);
            // `.env.production.local` is machine-specific: a local `next build && next start`
            // legitimately points it at localhost.
            let local_file = matches!(&uri.origin, UriOrigin::EnvFile { file, .. } if file.ends_with(".local"));
            if deployed && is_loopback(&url.host) && !local_file {
                out.push(
                    RULE.finding(format!("the production redirect URI {} ({}) points at {}", uri.text, uri.described(), url.host))
                        .at(uri.location.clone())
                        .help("After sign-in, WorkOS would send every user to their own machine; WorkOS production environments reject localhost redirect URIs outright.")
                        .fix(format!("Use the deployed origin, e.g. `https://<your-domain>{}`, and register it in the WorkOS production environment.", url.path)),
                );
            } else if url.scheme == "http" && (deployed || uri.mode == UriMode::Any) && !is_loopback(&url.host) && !is_private(&url.host) {
                out.push(
                    RULE.finding(format!("the redirect URI {} ({}) uses http: on a real host", uri.text, uri.described()))
                        .at(uri.location.clone())
                        .help("WorkOS production environments reject http: redirect URIs (sandbox environments allow them), and the server SDKs mark the session cookie Secure from the redirect URI's scheme.")
                        .fix(format!("Use https://{}{}.", url.host, if url.path == "/" { "" } else { url.path.as_str() })),
                );
            }
        }
    }
}
