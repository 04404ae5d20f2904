use super::{deep_callback_paths, vite_spas};
use crate::declare_rule;
use crate::diagnostic::Finding;
use crate::facts::routes::{BundlerKind, Setting};
use crate::rules::CheckContext;
use crate::rules::redirect::bundler_config;

declare_rule! {
    /// ### What it does
    /// Finds a Vite single-page app whose `vite.config` `base` is not `/` while the app assumes
    /// it is served from the root:
    ///
    /// - a relative `base` (`./`) with a redirect URI path more than one segment deep
    ///   (`/auth/callback`): the built `index.html` loads `./assets/…` relative to the callback
    ///   URL;
    /// - an absolute `base` (`/app/`) with a client router (`BrowserRouter`,
    ///   `createBrowserRouter`, TanStack `createRouter`) that has no `basename`/`basepath`, or
    ///   another one.
    ///
    /// Whether the redirect URI itself includes the base path is `redirect/base-path`'s check.
    ///
    /// ### Why is this bad?
    /// With a relative base, the SPA fallback serves `index.html` at `/auth/callback`, which then
    /// asks for `/auth/assets/index-….js`; the host answers with `index.html` again, and the
    /// browser refuses it. With an absolute base, the router matches paths without the prefix,
    /// so at `/app/callback` no route matches.
    ///
    /// ### Symptom
    /// A blank page at the callback with "Expected a JavaScript module script but the server
    /// responded with a MIME type of text/html", or a not-found page after signing in.
    ///
    /// ### Fix
    /// Use an absolute `base` (`/`, or `/app/` with the router's `basename` set to match).
    ///
    /// ### Example
    /// ```ts
    /// // vite.config.ts
    /// export default defineConfig({ base: "/app/" });
    /// // main.tsx
    /// <BrowserRouter basename="/app">…</BrowserRouter>
    /// ```
    pub static RULE = {
        id: "deploy/vite-base",
        severity: Warning,
        symptoms: [CallbackFails, WorksInDevNotProd],
        summary: "vite.config base is not / while routes assume root",
    };
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for view in vite_spas(cx) {
        let Some(config) = bundler_config(&view, BundlerKind::Vite) else { continue };
        let Some(Setting::Known(base, base_location)) = &config.base else { continue };
        let base = base.trim();
        if base == "/" || base.starts_with("http") || base.starts_with("//") {
            continue;
        }
        if !base.starts_with('/') {
            // Relative base: `./assets/x.js` from `/auth/callback` is `/auth/assets/x.js`.
            if let Some((path, uri)) = deep_callback_paths(&view).into_iter().find(|(p, _)| p.trim_matches('/').contains('/')) {
                out.push(
                    RULE.finding(format!(
                        "base \"{base}\" is relative: at {path} (the redirect URI's path) the built app loads its scripts from {}/assets/, which does not exist",
                        path.rsplit_once('/').map(|(d, _)| d).unwrap_or("")
                    ))
                    .at(base_location.clone())
                    .related(uri.location.clone(), format!("the redirect URI's path is {path}"))
                    .help("The host's SPA fallback answers the missing script with index.html, and the browser refuses to run HTML as a module; AuthKitProvider never loads at the callback.")
                    .fix("Use an absolute base (`base: \"/\"`), or a one-segment callback path such as /callback."),
                );
            }
            continue;
        }
        let base = crate::facts::routes::normalize_path(base);
        for file in &view.facts.code.files {
            for router in &file.routes.routers {
                let matches = match &router.basename {
                    Some(Setting::Known(b, _)) => crate::facts::routes::normalize_path(b) == base,
                    Some(Setting::Unknown(_)) => true,
                    None => false,
                };
                if matches {
                    continue;
                }
                let key = if router.name == "createRouter" { "basepath" } else { "basename" };
                out.push(
                    RULE.finding(format!("vite.config serves the app under {base}, but {} has no matching {key}: its routes assume the site root", router.name))
                        .at(router.location.clone())
                        .related(base_location.clone(), format!("base is {base} here"))
                        .help("Every URL of the app starts with the base path; a router without it matches no route, so after sign-in the callback and every other page render nothing.")
                        .fix(format!("Set {key}=\"{base}\" on the router, or serve the app from the root (base: \"/\").")),
                );
            }
        }
    }
}
