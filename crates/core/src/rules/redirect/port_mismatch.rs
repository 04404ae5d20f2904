use super::{UriMode, apps, dev_port, is_loopback, parse_url, redirect_uris};
use crate::declare_rule;
use crate::diagnostic::Finding;
use crate::rules::CheckContext;

declare_rule! {
    /// ### What it does
    /// Finds a development redirect URI on `localhost` whose port is not the one the dev server
    /// listens on: `--port`/`-p`/`PORT=` in the `package.json` dev script, else `server.port` in
    /// `vite.config`, else the framework's default (Vite and React Router 5173, Next.js and
    /// TanStack Start 3000). Env files, literals in code and `convex.json`'s `authKit.dev`
    /// redirect URIs are checked. It stays quiet where a local proxy serves the app: an
    /// `https://` URI without a port (`https://app.localhost/callback`; no dev server listens on
    /// 443 by itself) or a dev script run through `portless`, which picks the port.
    ///
    /// ### Why is this bad?
    /// After sign-in WorkOS sends the browser to the redirect URI exactly as registered. On the
    /// wrong port nothing answers (or another app does), so the authorization code is never
    /// exchanged and the user is not signed in.
    ///
    /// ### Symptom
    /// After the WorkOS sign-in page, the browser shows "This site can't be reached" on
    /// `localhost:<other port>`, or lands on a different local app.
    ///
    /// ### Fix
    /// Use the dev server's port in the redirect URI (and register that exact URI in the WorkOS
    /// dashboard), or pin the dev server to the URI's port (`server.port` with `strictPort`, or
    /// `--port`).
    ///
    /// ### Example
    /// ```sh
    /// # .env.local of a Vite app (dev server on 5173)
    /// # before
    /// VITE_WORKOS_REDIRECT_URI=http://localhost:3000/callback
    /// # after
    /// VITE_WORKOS_REDIRECT_URI=http://localhost:5173/callback
    /// ```
    pub static RULE = {
        id: "redirect/port-mismatch",
        severity: Error,
        symptoms: [CallbackFails],
        summary: "a localhost redirect URI on another port than the dev server's",
    };
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for view in apps(cx) {
        let Some(dev) = dev_port(&view) else { continue };
        for uri in redirect_uris(&view) {
            let Some(url) = &uri.url else { continue };
            if !matches!(uri.mode, UriMode::Development | UriMode::Any) || url.templated_host || !is_loopback(&url.host) {
                continue;
            }
            if url.effective_port() == dev.port {
                continue;
            }
            // `https://app.localhost/…` on the default port: no dev server listens on 443 by
            // default, so a local TLS proxy (Caddy, portless, a tunnel) fronts it and forwards
            // to whatever port the server has.
            if url.scheme == "https" && url.port.is_none() {
                continue;
            }
            if convex_json_entry_for_another_app(&view, &uri, dev.port) {
                continue;
            }
            let fixed = format!("{}://{}:{}{}", url.scheme, url.host, dev.port, url.path);
            let mut finding = RULE
                .finding(format!(
                    "the redirect URI {} uses port {}, but the dev server of {} runs on {}",
                    uri.text,
                    url.effective_port(),
                    view.name(),
                    dev.described()
                ))
                .at(uri.location.clone())
                .help(
                    "WorkOS sends the browser back to the redirect URI exactly as registered; on another port nothing exchanges the code.",
                )
                .fix(format!(
                    "Use {fixed} here and in the WorkOS dashboard's redirect URIs, or run the dev server on port {}.",
                    url.effective_port()
                ));
            if let Some(location) = dev.location() {
                finding = finding.related(location.clone(), format!("the dev server's port is set to {} here", dev.port));
            }
            out.push(finding);
        }
    }
}

/// Whether `uri` is a `convex.json` entry that is not about this app: the registered
/// `redirectUris` are an allow-list shared by every app of the deployment, so an entry is
/// another app's when the list also holds one on this app's port; a `localEnvVars` value goes
/// into the env file of the package that runs `npx convex dev`, which another app never reads.
fn convex_json_entry_for_another_app(view: &super::AppView, uri: &super::RedirectUri, port: u16) -> bool {
    let entries = &view.facts.deploy.convex_redirect_uris;
    let Some(entry) = entries.iter().find(|u| u.location == uri.location) else { return false };
    match &entry.env_var {
        None => entries.iter().any(|other| {
            other.env_var.is_none()
                && other.deployment == entry.deployment
                && parse_url(&other.uri).is_some_and(|u| is_loopback(&u.host) && u.effective_port() == port)
        }),
        Some(_) => {
            let convex_json_dir = entry.location.file.rsplit_once('/').map_or("", |(dir, _)| dir);
            convex_json_dir != view.app.dir
        }
    }
}
