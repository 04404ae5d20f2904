use crate::declare_rule;
use crate::rules::logs::matcher::{Cause, Family, Hit, Level, Matcher};

declare_rule! {
    /// ### What it does
    /// Recognises browser CORS errors: Chrome's `Access to fetch at '…' from origin '…' has
    /// been blocked by CORS policy`, Firefox's `Cross-Origin Request Blocked: …` and Safari's
    /// `Origin … is not allowed by Access-Control-Allow-Origin.` Produced only by
    /// `authkit-doctor logs`, never by a project scan.
    ///
    /// ### Why is this bad?
    /// For `…/user_management/authenticate` (authkit-react/authkit-js), the app's origin is
    /// not on WorkOS's allowed origins list: the code exchange and refreshes fail and the user
    /// stays signed out. For `…/user_management/authorize`, a `fetch` (a Next.js `<Link>`
    /// prefetch or RSC navigation) followed a redirect to the WorkOS login page, which is
    /// meant for a full page load.
    ///
    /// ### Symptom
    /// Sign-in does nothing in one environment (often production only).
    ///
    /// ### Fix
    /// Add the exact origin in the WorkOS dashboard (Authentication → Sessions → CORS), or
    /// make sign-in links plain `<a>` / `prefetch={false}`.
    ///
    /// ### Example
    /// ```text
    /// Access to fetch at 'https://api.workos.com/user_management/authenticate' from origin 'https://your-app.vercel.app' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.
    /// ```
    pub static RULE = {
        id: "logs/cors-blocked",
        severity: Error,
        symptoms: [SignInDoesNothing, WorksInDevNotProd],
        summary: "the browser blocked a cross-origin auth request (CORS)",
        runs_on: LogMessage(&MATCHER),
    };
}

pub static MATCHER: Matcher = Matcher {
    rule: &RULE,
    needles: &["has been blocked by cors policy", "cross-origin request blocked", "is not allowed by access-control-allow-origin"],
    unless: &[],
    level: Level::Specific,
    family: Family::None,
    explain,
};

/// The first http(s) URL in a line.
fn first_url(line: &str) -> Option<&str> {
    let i = line.find("http://").or_else(|| line.find("https://"))?;
    let rest = &line[i..];
    Some(rest.split(|c: char| c.is_whitespace() || matches!(c, '\'' | '"' | ')' | '`')).next().unwrap_or(rest).trim_end_matches(['.', ',']))
}

fn explain(hit: &Hit) -> Cause {
    // Safari's message names only the origin, not the URL.
    let safari = hit.needle.starts_with("is not allowed");
    let url = hit
        .quoted_after("access to fetch at")
        .or_else(|| hit.quoted_after("access to xmlhttprequest at"))
        .or_else(|| if safari { None } else { first_url(hit.line) })
        .unwrap_or("");
    // Chrome: `… from origin 'https://app' has been blocked`; Safari: `Origin https://app is not
    // allowed by Access-Control-Allow-Origin.`; Firefox does not name it.
    let origin = hit
        .quoted_after("from origin")
        .unwrap_or_else(|| if safari { hit.line[..hit.at].trim_end().rsplit(' ').next().unwrap_or("") } else { "" });
    let origin_text = if origin.is_empty() { "the page's origin".to_string() } else { origin.to_string() };
    let u = crate::facts::har::entry::Url::parse(url);
    let (what, help, fix, rules): (String, &str, &str, &[&'static str]) = if u.path.ends_with("/user_management/authorize") {
        (
            format!("a fetch from {origin_text} followed a redirect to the WorkOS authorize page and was blocked by CORS"),
            "The authorize URL is a page for full navigations. A Next.js `<Link>` to a sign-in route prefetches it (or navigates with an RSC fetch), the route redirects to WorkOS, and the browser blocks the cross-origin response: console noise, and a wasted authorize call.",
            "Use `<a href=\"/sign-in\">` or `<Link prefetch={false}>` for routes that redirect to WorkOS.",
            &["nextjs/auth-link-prefetch"],
        )
    } else if u.path.contains("/user_management/") || u.host.ends_with("workos.com") {
        (
            format!(
                "the browser blocked {} from {origin_text}: the origin is not on WorkOS's CORS list",
                if url.is_empty() { "a WorkOS request" } else { url }
            ),
            "authkit-js calls WorkOS's API from the browser; WorkOS answers only origins listed on the Authentication page of its dashboard. Each deployed origin (production, every preview host, each dev port) must be listed exactly.",
            "Add the origin under Authentication → Sessions → Cross-Origin Resource Sharing (CORS) in the WorkOS dashboard (or `corsOrigins` in convex.json's authKit config).",
            &["client/cors-origins"],
        )
    } else {
        (
            if url.is_empty() {
                format!(
                    "the browser blocked a cross-origin response to {origin_text}: it did not allow this origin (the message does not name the URL; if it is WorkOS, the origin is missing from its CORS list)"
                )
            } else {
                format!("the browser blocked a cross-origin request to {url} from {origin_text}")
            },
            "The server did not answer with an `Access-Control-Allow-Origin` header for this origin.",
            "Allow the origin on that server, or call it from the server side.",
            &["client/cors-origins"],
        )
    };
    Cause::new(what)
        .key(format!("{}{}|{origin}", u.host, u.path))
        .help(help)
        .convex(hit.full_message())
        .at(hit.full_start())
        .fix(fix)
        .rules(rules)
}
