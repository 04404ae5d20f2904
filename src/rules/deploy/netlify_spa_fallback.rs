use super::{deep_callback_paths, vite_spas};
use crate::declare_rule;
use crate::diagnostic::{Finding, Location};
use crate::facts::deploy::RedirectRule;
use crate::rules::CheckContext;

declare_rule! {
    /// ### What it does
    /// Finds a Vite single-page app deployed on Netlify (`netlify.toml` or `public/_redirects`)
    /// whose redirect URI path (e.g. `/callback`) is not served `index.html`: no
    /// `/* /index.html 200` rule, or an earlier rule that catches the path first (Netlify applies
    /// `_redirects` before `netlify.toml`, first match wins). A `301`/`302` to `/index.html` does
    /// not count: it changes the URL, and the path `authkit-react` compares is lost.
    ///
    /// ### Why is this bad?
    /// An SPA has no file at `/callback`. `AuthKitProvider` can only exchange `?code=` if the app
    /// loads at the redirect URI's path; without the fallback Netlify answers 404.
    ///
    /// ### Symptom
    /// After the WorkOS sign-in page, Netlify's "Page not found" at `/callback`, or "Expected a
    /// JavaScript module script but the server responded with a MIME type of text/html".
    ///
    /// ### Fix
    /// Add the SPA fallback rewrite.
    ///
    /// ### Example
    /// ```toml
    /// # netlify.toml
    /// [[redirects]]
    ///   from = "/*"
    ///   to = "/index.html"
    ///   status = 200
    /// ```
    pub static RULE = {
        id: "deploy/netlify-spa-fallback",
        severity: Error,
        symptoms: [CallbackFails, WorksInDevNotProd],
        summary: "a Vite SPA on Netlify without the /* /index.html 200 fallback",
    };
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for view in vite_spas(cx) {
        let deploy = &view.facts.deploy;
        if deploy.netlify.is_none() && deploy.redirects_file.is_none() {
            continue;
        }
        // Netlify's order: `_redirects` first, then netlify.toml.
        let rules: Vec<&RedirectRule> = deploy
            .redirects_file
            .iter()
            .flat_map(|f| f.rules.iter())
            .chain(deploy.netlify.iter().flat_map(|n| n.redirects.iter()))
            .collect();
        let config = deploy
            .netlify
            .as_ref()
            .map(|n| n.path.clone())
            .or_else(|| deploy.redirects_file.as_ref().map(|f| f.path.clone()))
            .unwrap_or_default();
        for (path, uri) in deep_callback_paths(&view) {
            // Netlify applies the first rule whose `from` matches.
            let first = rules.iter().find(|r| r.catches(&path));
            let (message, location) = match first {
                Some(rule) if rule.serves_index_for(&path) => continue,
                Some(rule) => (
                    format!(
                        "Netlify's first rule for {path} sends it to {} with status {}, not index.html with 200: the redirect URI ({}) never loads the app",
                        rule.to,
                        rule.status.map(|s| s.to_string()).unwrap_or_else(|| "301".into()),
                        uri.described()
                    ),
                    rule.location.clone(),
                ),
                None => (
                    format!(
                        "no Netlify rule serves index.html at {path}, the path of the redirect URI ({}): the callback 404s",
                        uri.described()
                    ),
                    Location::file_start(config.clone()),
                ),
            };
            out.push(
                RULE.finding(message)
                    .at(location)
                    .related(uri.location.clone(), format!("the redirect URI's path is {path}"))
                    .help("A single-page app has no file at the callback path; Netlify must serve index.html there (a 200 rewrite) so AuthKitProvider can exchange ?code=.")
                    .fix("Add `[[redirects]] from = \"/*\" to = \"/index.html\" status = 200` to netlify.toml (or `/*  /index.html  200` to public/_redirects), after any more specific rules."),
            );
        }
    }
}
