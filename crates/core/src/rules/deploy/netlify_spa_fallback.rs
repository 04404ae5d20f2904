use super::{deep_callback_paths, vite_spas};
use crate::declare_rule;
use crate::diagnostic::{Edit, Finding, Location};
use crate::facts::deploy::{self, DeployFacts, RedirectRule};
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
    /// Add the SPA fallback rewrite. `--fix` appends it to `netlify.toml` (or, without one, to
    /// `public/_redirects`) when no existing rule catches the callback path.
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
        let paths = deep_callback_paths(&view);
        let callback_paths: Vec<&str> = paths.iter().map(|(p, _)| p.as_str()).collect();
        let edit = fallback_edit(cx, deploy, &callback_paths);
        for (path, uri) in paths {
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
            let finding = RULE.finding(message)
                    .at(location)
                    .related(uri.location.clone(), format!("the redirect URI's path is {path}"))
                    .help("A single-page app has no file at the callback path; Netlify must serve index.html there (a 200 rewrite) so AuthKitProvider can exchange ?code=.");
            out.push(match (first, &edit) {
                (None, Some(edit)) => finding.safe_fix(format!("Append the SPA fallback (`/*` → `/index.html`, status 200) to {}.", edit.file), vec![edit.clone()]),
                _ => finding.fix("Add `[[redirects]] from = \"/*\" to = \"/index.html\" status = 200` to netlify.toml (or `/*  /index.html  200` to public/_redirects), after any more specific rules."),
            });
        }
    }
}

/// The edit appending the `/* /index.html 200` fallback: to `netlify.toml` (applied last), or to
/// `public/_redirects` when there is no `netlify.toml`. `None` unless certain: no rule catches a
/// callback path first, every `[[redirects]]` table and line of `netlify.toml` was understood, and
/// after the edit each path is served `index.html`.
fn fallback_edit(cx: &CheckContext, facts: &DeployFacts, paths: &[&str]) -> Option<Edit> {
    let redirects_rules = facts.redirects_file.iter().flat_map(|f| f.rules.iter());
    let netlify_rules = facts.netlify.iter().flat_map(|n| n.redirects.iter());
    if paths.is_empty() || redirects_rules.chain(netlify_rules).any(|r| paths.iter().any(|p| r.catches(p))) {
        return None;
    }
    let read = |rules: Vec<RedirectRule>| -> bool {
        paths.iter().all(|p| rules.iter().find(|r| r.catches(p)).is_some_and(|r| r.serves_index_for(p)))
    };
    let fixed = |edit: &Edit, text: &str| {
        let mut after = text.to_string();
        after.replace_range(edit.start..edit.end, &edit.replacement);
        after
    };
    if let Some(netlify) = &facts.netlify {
        if !netlify.unparsed_lines.is_empty() || netlify.redirect_tables != netlify.redirects.len() {
            return None;
        }
        let text = cx.text(&netlify.path)?;
        let block = ["[[redirects]]", "  from = \"/*\"", "  to = \"/index.html\"", "  status = 200"];
        let edit = crate::edit::append_lines(&netlify.path, text, &block, true);
        let after = deploy::parse_netlify_toml(&netlify.path, &fixed(&edit, text));
        let ok = after.unparsed_lines.is_empty() && after.redirect_tables == after.redirects.len();
        let rules = facts.redirects_file.iter().flat_map(|f| f.rules.iter()).chain(after.redirects.iter()).cloned().collect();
        return (ok && read(rules)).then_some(edit);
    }
    let file = facts.redirects_file.as_ref()?;
    let text = cx.text(&file.path)?;
    let edit = crate::edit::append_lines(&file.path, text, &["/*    /index.html   200"], false);
    read(deploy::parse_redirects_file(&file.path, &fixed(&edit, text))).then_some(edit)
}
