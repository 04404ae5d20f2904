use crate::declare_rule;
use crate::rules::logs::matcher::{Cause, Family, Hit, Level, Matcher};

declare_rule! {
    /// ### What it does
    /// Recognises the 404 pages of Netlify (`Looks like you've followed a broken link or
    /// entered a URL that doesn't exist on this site.`) and Vercel (`404: NOT_FOUND`), pasted
    /// from the callback page. Produced only by `authkit-doctor logs`, never by a project scan.
    ///
    /// ### Why is this bad?
    /// An SPA has no file at `/callback`: without a fallback to `index.html` the host answers
    /// 404 and AuthKit never sees the `?code=`.
    ///
    /// ### Symptom
    /// Back from WorkOS, the host's 404 page.
    ///
    /// ### Fix
    /// Netlify: `/* /index.html 200` in `_redirects` or `netlify.toml`. Vercel: a rewrite of
    /// `/(.*)` to `/index.html` in `vercel.json`.
    ///
    /// ### Example
    /// ```text
    /// Page not found
    /// Looks like you've followed a broken link or entered a URL that doesn't exist on this site.
    /// ```
    pub static RULE = {
        id: "logs/host-page-not-found",
        severity: Error,
        symptoms: [CallbackFails, WorksInDevNotProd],
        summary: "the host's 404 page (SPA callback route without a fallback)",
        runs_on: LogMessage(&MATCHER),
    };
}

pub static MATCHER: Matcher = Matcher {
    rule: &RULE,
    needles: &["looks like you've followed a broken link or entered a url that doesn't exist on this site", "404: not_found"],
    unless: &[],
    level: Level::Specific,
    family: Family::None,
    explain,
};

fn explain(hit: &Hit) -> Cause {
    let netlify = hit.needle.starts_with("looks like");
    Cause::new(if netlify { "Netlify answered 404: the SPA has no fallback to index.html" } else { "Vercel answered 404 (NOT_FOUND): the SPA has no rewrite to index.html" })
        .key(if netlify { "netlify" } else { "vercel" })
        .help("A single-page app has no file at the callback path; the host must serve `index.html` for every route so AuthKit can read `?code=` there.")
        .convex(hit.full_message())
        .fix(if netlify { "Add `/* /index.html 200` to `public/_redirects` (or a [[redirects]] rule in netlify.toml) and redeploy." } else { "Add `{ \"rewrites\": [{ \"source\": \"/(.*)\", \"destination\": \"/index.html\" }] }` to vercel.json and redeploy." })
        .rules(if netlify { &["deploy/netlify-spa-fallback", "redirect/no-callback-route"] } else { &["deploy/vercel-spa-rewrite", "redirect/no-callback-route"] })
}
