use super::cite_rows;
use crate::declare_rule;
use crate::diagnostic::Diagnosed;
use crate::facts::har::{HarFacts, Kind, Row, display_url};

declare_rule! {
    /// ### What it does
    /// Finds, in a HAR (`authkit-doctor har`), script requests answered with `text/html`:
    /// the host served an HTML page (the SPA's `index.html` through a fallback, or a 404 page)
    /// where the browser expected JavaScript. Produced only by the `har` command; `check` never
    /// reports it.
    ///
    /// ### Why is this bad?
    /// The browser refuses to run it ("Expected a JavaScript module script but the server
    /// responded with a MIME type of text/html") and the app does not start — typically on the
    /// callback route, where relative asset paths or a wrong Vite `base` point under
    /// `/callback/…`.
    ///
    /// ### Symptom
    /// A blank page after deploying, or only at the callback.
    ///
    /// ### Fix
    /// Set Vite `base` to where the app is served, keep absolute asset URLs, and configure the
    /// host's SPA fallback so it does not catch `/assets/*`.
    ///
    /// ### Example
    /// ```text
    /// GET https://app.example.com/callback/assets/index-4f2a.js → 200 text/html
    /// ```
    pub static RULE = {
        id: "har/module-served-as-html",
        severity: Error,
        symptoms: [CallbackFails, WorksInDevNotProd],
        summary: "a script was answered with HTML (SPA fallback / base path)",
        runs_on: Har(detect),
    };
}

pub fn detect(h: &HarFacts, out: &mut Vec<Diagnosed>) {
    let rows: Vec<&Row> = h.of(Kind::ScriptAsHtml).collect();
    let Some(first) = rows.first() else { return };
    let examples: Vec<String> = rows.iter().take(3).map(|r| format!("`{}` ({} {})", display_url(&r.url), r.status, r.mime)).collect();
    let finding = RULE
        .finding(format!("{} script request{} answered with HTML: {} — {}", rows.len(), if rows.len() == 1 { " was" } else { "s were" }, examples.join(", "), cite_rows(h, &rows)))
        .help(format!(
            "The browser refuses to run HTML as a script (\"Expected a JavaScript module script but the server responded with a MIME type of text/html\"), so the app does not start. The path {} probably does not exist on the host and its SPA fallback (or 404 page) answered: a wrong Vite `base`, or asset URLs resolved relative to a nested route such as `/callback`.",
            first.url().path
        ))
        .fix("Set Vite `base` to the path the app is served from (usually \"/\"), then configure the host's SPA fallback (Netlify `/* /index.html 200`, Vercel rewrite to `/index.html`) and redeploy.");
    out.push(
        Diagnosed::new(finding, &["deploy/vite-base", "redirect/base-path", "deploy/netlify-spa-fallback", "deploy/vercel-spa-rewrite"])
            .entries(rows.iter().map(|r| r.index)),
    );
}
