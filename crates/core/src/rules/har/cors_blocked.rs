use super::{cite_rows, status_line};
use crate::declare_rule;
use crate::diagnostic::Diagnosed;
use crate::facts::har::entry::Url;
use crate::facts::har::{HarFacts, Kind, Row};

declare_rule! {
    /// ### What it does
    /// Finds, in a HAR (`authkit-doctor har`), cross-origin auth requests the browser had to
    /// block: a CORS preflight (`OPTIONS`) to WorkOS or Convex that failed, a `fetch` to
    /// WorkOS or Convex whose response carries no `Access-Control-Allow-Origin` for the page,
    /// or a request that failed without a response. Produced only by the `har` command;
    /// `check` never reports it.
    ///
    /// ### Why is this bad?
    /// For `…/user_management/authenticate` (authkit-react/authkit-js), the page's origin is
    /// not on WorkOS's allowed origins list: the code exchange and refreshes fail, the user
    /// stays signed out. For `…/user_management/authorize`, a `fetch` (a Next.js `<Link>`
    /// prefetch or RSC navigation of a sign-in route) followed the redirect to WorkOS's hosted
    /// page, which only works as a full page load.
    ///
    /// ### Symptom
    /// Sign-in does nothing (often in production only); "blocked by CORS policy" in the
    /// console.
    ///
    /// ### Fix
    /// Add each origin (production, previews, dev ports) under Authentication → Sessions →
    /// CORS in the WorkOS dashboard; make links to sign-in routes plain `<a>` or
    /// `prefetch={false}`.
    ///
    /// ### Example
    /// ```text
    /// POST https://api.workos.com/user_management/authenticate  Origin: https://app.example.com
    /// ← 200 without Access-Control-Allow-Origin
    /// ```
    pub static RULE = {
        id: "har/cors-blocked",
        severity: Error,
        symptoms: [SignInDoesNothing, WorksInDevNotProd],
        summary: "the browser blocked a cross-origin auth request (CORS)",
        runs_on: Har(detect),
    };
}

/// The origin of the page that sent a request: its `Origin` header, else (failed requests are
/// often recorded without it) its `Referer`'s origin for `fetch`/XHR requests.
fn sender(r: &Row) -> Option<String> {
    if let Some(o) = &r.origin {
        return Some(o.clone());
    }
    let scripted = matches!(r.resource_type.as_deref(), Some("fetch" | "xhr"))
        || r.fetch_mode.as_deref().is_some_and(|m| m.eq_ignore_ascii_case("cors"));
    r.referer.as_deref().filter(|_| scripted).map(|re| Url::parse(re).origin()).filter(|o| o.contains("://"))
}

fn cross_origin(r: &Row) -> bool {
    match sender(r).as_deref() {
        Some("null") => true,
        Some(o) => r.url().origin() != o,
        None => false,
    }
}

/// Failures that look like CORS rather than the network (`ERR_FAILED` is what Chromium
/// records for a blocked response; `ERR_NAME_NOT_RESOLVED`, `ERR_INTERNET_DISCONNECTED`, … are not).
fn cors_like_failure(error: Option<&str>) -> bool {
    error.is_none_or(|e| e.contains("ERR_FAILED") || e.to_ascii_lowercase().contains("cors"))
}

fn blocked(h: &HarFacts, r: &Row) -> Option<String> {
    let auth_kind = matches!(
        r.kind,
        Kind::WorkosAuthenticate | Kind::WorkosAuthorize | Kind::WorkosLogout | Kind::Workos | Kind::ConvexHttp | Kind::Blocked
    );
    if !auth_kind || r.navigation || r.fetch_mode.as_deref().is_some_and(|m| m.eq_ignore_ascii_case("no-cors")) {
        return None;
    }
    // The redirect target of a prefetched sign-out is har/sign-out-prefetch's story.
    if r.kind == Kind::WorkosLogout
        && h.rows.iter().any(|o| o.location.as_deref() == Some(r.url.as_str()) && (o.prefetch.is_some() || o.rsc))
    {
        return None;
    }
    if r.method == "OPTIONS" {
        if r.status == 0 || r.status >= 400 {
            return Some(format!("its CORS preflight failed ({})", status_line(r)));
        }
        return r.allow_origin.is_none().then(|| "its CORS preflight was answered without Access-Control-Allow-Origin".to_string());
    }
    if !cross_origin(r) {
        return None;
    }
    if r.status == 0 {
        if !cors_like_failure(r.error.as_deref()) {
            return None;
        }
        return Some(match &r.error {
            Some(e) => format!("it failed without a response ({e}, what a CORS failure looks like in a HAR)"),
            None => "it failed without a response".to_string(),
        });
    }
    if !r.has_response_headers {
        return None;
    }
    let origin = sender(r).unwrap_or_default();
    match r.allow_origin.as_deref() {
        None => Some(format!("the response ({}) has no Access-Control-Allow-Origin", status_line(r))),
        Some(a) if a != "*" && a != origin => Some(format!("the response allows `{a}`, not `{origin}`")),
        Some(_) => None,
    }
}

pub fn detect(h: &HarFacts, out: &mut Vec<Diagnosed>) {
    let mut groups: Vec<(String, String, Vec<&Row>)> = Vec::new(); // (target, reason of the first, rows)
    for r in &h.rows {
        let Some(reason) = blocked(h, r) else { continue };
        let u = r.url();
        let target = format!("{}{}", u.origin(), u.path);
        match groups.iter_mut().find(|(t, ..)| *t == target) {
            Some((_, _, rows)) => rows.push(r),
            None => groups.push((target, reason, vec![r])),
        }
    }
    for (target, reason, rows) in groups {
        let first = rows[0];
        let origin = match sender(first).as_deref() {
            Some("null") => "a redirected fetch (Origin: null)".to_string(),
            Some(o) => o.to_string(),
            None => "the page".to_string(),
        };
        let (help, fix, rules): (&str, &str, &[&'static str]) = if target.ends_with("/user_management/sessions/logout") {
            (
                "A `fetch` followed a redirect to WorkOS's logout page, which is for full page loads: as a fetch it is blocked by CORS. Usually a `<Link>` to a sign-out route fetched (or prefetched) with RSC.",
                "Sign out with a full navigation (`<a href>` or a form POST), never through a fetch.",
                &["nextjs/sign-out-link-prefetch", "nextjs/sign-out-get-handler"],
            )
        } else if target.ends_with("/user_management/authorize") {
            (
                "A `fetch` — a Next.js `<Link>` prefetch or RSC navigation of a route that redirects to WorkOS — followed the redirect to the hosted sign-in page. That page is for full page loads; as a fetch it is blocked by CORS (console noise and a wasted authorize call), and the click may do nothing.",
                "Link to sign-in routes with a plain `<a>` or `<Link prefetch={false}>`.",
                &["nextjs/auth-link-prefetch", "client/manual-authorize-url"],
            )
        } else if first.kind == Kind::ConvexHttp {
            (
                "The Convex deployment did not allow the page's origin. Convex answers CORS for its HTTP API; a failure usually means a wrong deployment URL (an HTTP action on `.convex.site` without its own CORS headers, or a typo in the Convex URL).",
                "Check the Convex URL in the app's env; HTTP actions must send their own CORS headers.",
                &["convex-env/convex-url-missing"],
            )
        } else {
            (
                "authkit-js calls WorkOS from the browser, and WorkOS only answers origins on the allowed list of its dashboard (Authentication → Sessions → CORS). Each origin must be listed exactly: production, every preview host, each dev port.",
                "Add the origin under Authentication → Sessions → Cross-Origin Resource Sharing (CORS) in the WorkOS dashboard (or `corsOrigins` in convex.json's authKit config).",
                &["client/cors-origins"],
            )
        };
        let finding = RULE
            .finding(format!("the browser blocked `{} {target}` from {origin}: {reason} — {}", first.method, cite_rows(h, &rows)))
            .help(help)
            .fix(fix);
        out.push(Diagnosed::new(finding, rules).entries(rows.iter().map(|r| r.index)));
    }
}
