use super::{deep_callback_paths, vite_spas};
use crate::declare_rule;
use crate::diagnostic::{Finding, Location};
use crate::rules::CheckContext;

declare_rule! {
    /// ### What it does
    /// Finds a Vite single-page app with a `vercel.json` that has no rewrite serving
    /// `index.html` at the redirect URI's path (`/(.*)`, `/:path*` or `/((?!api/).*)` to
    /// `/index.html`, or a legacy `routes` entry). Apps whose redirect URI is the site root are
    /// left alone: Vercel serves `/` anyway.
    ///
    /// ### Why is this bad?
    /// Vercel serves a Vite build as static files: there is no file at `/callback`, so the
    /// browser gets a 404 and `AuthKitProvider` never sees `?code=`.
    ///
    /// ### Symptom
    /// Sign-in works with `vite dev` (which falls back to `index.html`), but the deployed app
    /// shows Vercel's 404 page after the WorkOS sign-in page.
    ///
    /// ### Fix
    /// Add the SPA rewrite to `vercel.json`.
    ///
    /// ### Example
    /// ```json
    /// {
    ///   "rewrites": [{ "source": "/(.*)", "destination": "/index.html" }]
    /// }
    /// ```
    pub static RULE = {
        id: "deploy/vercel-spa-rewrite",
        severity: Error,
        symptoms: [CallbackFails, WorksInDevNotProd],
        summary: "a Vite SPA on Vercel without a rewrite to index.html",
    };
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for view in vite_spas(cx) {
        // A vercel.json that does not parse is ignored: its rewrites are unknown.
        let Some(vercel) = view.facts.deploy.vercel.as_ref().filter(|v| v.parse_error.is_none()) else { continue };
        for (path, uri) in deep_callback_paths(&view) {
            if vercel.rewrites.iter().any(|r| r.serves_index_for(&path)) {
                continue;
            }
            let location = vercel.rewrites.first().map(|r| r.location.clone()).unwrap_or_else(|| Location::file_start(vercel.path.clone()));
            out.push(
                RULE.finding(format!("{} has no rewrite to index.html for {path}, the path of the redirect URI ({}): the callback 404s on Vercel", vercel.path, uri.described()))
                    .at(location)
                    .related(uri.location.clone(), format!("the redirect URI's path is {path}"))
                    .help("Vercel serves a Vite build as static files; without a rewrite there is no page at the callback path for AuthKitProvider to run on.")
                    .fix("Add `\"rewrites\": [{ \"source\": \"/(.*)\", \"destination\": \"/index.html\" }]` to vercel.json."),
            );
        }
    }
}
