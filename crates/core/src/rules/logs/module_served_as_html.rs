use crate::declare_rule;
use crate::rules::logs::matcher::{Cause, Family, Hit, Level, Matcher};

declare_rule! {
    /// ### What it does
    /// Recognises a JavaScript module answered with an HTML page: Chrome's `Failed to load
    /// module script: Expected a JavaScript module script but the server responded with a MIME
    /// type of "text/html"` (also `…JavaScript-or-Wasm module script…`), Firefox's `Loading
    /// module from "…" was blocked because of a disallowed MIME type ("text/html")`, Safari's
    /// `'text/html' is not a valid JavaScript MIME type`, and `Unexpected token '<'` from a
    /// classic script. Produced only by `authkit-doctor logs`, never by a project scan.
    ///
    /// ### Why is this bad?
    /// The host served `index.html` (an SPA fallback, or a 404 page) for a script URL: the
    /// asset path is wrong (Vite `base` does not match where the app is served, a relative
    /// asset path on a nested route such as `/callback`), or the deploy is missing the assets.
    ///
    /// ### Symptom
    /// A blank page, often only on the callback route or after deploying.
    ///
    /// ### Fix
    /// Serve the SPA with the right `base` and a fallback that does not cover `/assets/*`
    /// (Netlify `/* /index.html 200`, Vercel rewrite to `/index.html`).
    ///
    /// ### Example
    /// ```text
    /// Failed to load module script: Expected a JavaScript module script but the server responded with a MIME type of "text/html". Strict MIME type checking is enforced for module scripts per HTML spec.
    /// ```
    pub static RULE = {
        id: "logs/module-served-as-html",
        severity: Error,
        symptoms: [CallbackFails, WorksInDevNotProd],
        summary: "a JavaScript module was answered with HTML (SPA fallback / base path)",
        runs_on: LogMessage(&MATCHER),
    };
}

pub static MATCHER: Matcher = Matcher {
    rule: &RULE,
    needles: &[
        "expected a javascript module script",
        "expected a javascript-or-wasm module script",
        "was blocked because of a disallowed mime type",
        "is not a valid javascript mime type",
        "unexpected token '<'",
    ],
    unless: &["json"],
    level: Level::Specific,
    family: Family::None,
    explain,
};

fn explain(hit: &Hit) -> Cause {
    Cause::new("a JavaScript module was answered with HTML: the browser refused to run it")
        .help("The host returned an HTML page (the SPA's index.html through a fallback, or a 404 page) for a script URL. Usual causes: Vite `base` not matching the path the app is served from, asset URLs resolved relative to a nested route like `/callback`, or an SPA deployed without its fallback/rewrite rules.")
        .convex(hit.full_message())
        .at(hit.full_start())
        .fix("Set Vite `base` to where the app is served (usually \"/\"); configure the host's SPA fallback (Netlify `/* /index.html 200`, Vercel rewrite to `/index.html`) and redeploy.")
        .rules(&["deploy/netlify-spa-fallback", "deploy/vercel-spa-rewrite", "deploy/vite-base", "redirect/base-path"])
}
