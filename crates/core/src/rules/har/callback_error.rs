use super::{cite_rows, status_line, third_party_refresh};
use crate::declare_rule;
use crate::diagnostic::Diagnosed;
use crate::facts::har::entry::Url;
use crate::facts::har::{HarFacts, Kind, Row};

declare_rule! {
    /// ### What it does
    /// Finds, in a HAR (`authkit-doctor har`), a sign-in callback that failed: the callback
    /// route answering 4xx/5xx or authkit-nextjs's "Couldn't sign in" error body, WorkOS
    /// sending `?error=…` to the callback, or the code exchange (`…/authenticate` with
    /// `grant_type: authorization_code`) rejected. Produced only by the `har` command; `check`
    /// never reports it.
    ///
    /// ### Why is this bad?
    /// The user logged in at WorkOS but the app could not finish: no session is created.
    ///
    /// ### Symptom
    /// Back from WorkOS, an error page, a 404, or the sign-in page again.
    ///
    /// ### Fix
    /// A 404 means no route (or no SPA fallback) at the redirect path; a 500 is usually a
    /// server env var (`WORKOS_API_KEY`, `WORKOS_COOKIE_PASSWORD`); an `error=` parameter or a
    /// rejected code exchange names the cause.
    ///
    /// ### Example
    /// ```text
    /// GET https://app.example.com/callback?code=…&state=… → 500
    /// {"error":{"message":"Something went wrong","description":"Couldn't sign in. …"}}
    /// ```
    pub static RULE = {
        id: "har/callback-error",
        severity: Error,
        symptoms: [CallbackFails],
        summary: "the sign-in callback failed",
        runs_on: Har(detect),
    };
}

/// What went wrong at the callback, and the static rules that explain it.
fn failure(h: &HarFacts, r: &Row) -> Option<(String, Vec<&'static str>)> {
    let u = r.url();
    if r.kind == Kind::WorkosAuthenticate {
        if r.grant_type.as_deref() != Some("authorization_code") || r.status < 400 || third_party_refresh(h, r) {
            return None;
        }
        let (error, description) = super::refresh_invalid_grant::error_of(r);
        let what = [error, description].into_iter().flatten().collect::<Vec<_>>().join(": ");
        return Some((
            format!(
                "the code exchange `{}` was rejected ({}{})",
                r.request_line(),
                status_line(r),
                if what.is_empty() { String::new() } else { format!(", {what}") }
            ),
            vec!["redirect/port-mismatch", "env/missing-client-id"],
        ));
    }
    if r.kind != Kind::Callback {
        return None;
    }
    if let Some(error) = u.param("error") {
        let description = u.param("error_description").map(|d| format!(" ({d})")).unwrap_or_default();
        return Some((
            format!("WorkOS sent `error={error}`{description} to the callback `{}`", r.request_line()),
            vec!["redirect/no-callback-route"],
        ));
    }
    if let Some(loc) = r.location.as_deref().filter(|l| l.contains("error=")) {
        let l = Url::parse(loc);
        let error = l.param("error").unwrap_or_default();
        return Some((
            format!("the callback `{}` redirected with `error={error}`", r.request_line()),
            vec!["env/cookie-password", "env/missing-api-key"],
        ));
    }
    let body_cause = r.body.as_deref().and_then(crate::rules::logs::scan::classify);
    if r.status >= 400 || body_cause.is_some() {
        let (detail, rules) = match (&body_cause, r.status) {
            (Some(found), _) if found.matcher.rule.id == "logs/callback-error" => (
                ": authkit-nextjs's \"Couldn't sign in\" error page (the code exchange failed on the server)".to_string(),
                found.cause.static_rules.clone(),
            ),
            (Some(found), _) => (format!(": {}", found.cause.message), found.cause.static_rules.clone()),
            (None, 404) => (
                ": no route at the redirect path".to_string(),
                vec![
                    "redirect/no-callback-route",
                    "nextjs/callback-route-missing",
                    "framework/callback-handler-missing",
                    "deploy/netlify-spa-fallback",
                    "deploy/vercel-spa-rewrite",
                ],
            ),
            (None, s) if s >= 500 => (
                ": the server failed while exchanging the code".to_string(),
                vec!["env/missing-api-key", "env/cookie-password", "env/missing-client-id", "nextjs/callback-route-missing"],
            ),
            (None, _) => (String::new(), vec!["redirect/no-callback-route", "nextjs/callback-route-missing"]),
        };
        return Some((format!("the callback `{}` answered {}{detail}", r.request_line(), status_line(r)), rules));
    }
    None
}

pub fn detect(h: &HarFacts, out: &mut Vec<Diagnosed>) {
    let mut groups: Vec<(String, Vec<&'static str>, Vec<&Row>)> = Vec::new();
    for r in &h.rows {
        let Some((what, rules)) = failure(h, r) else { continue };
        match groups.iter_mut().find(|(w, ..)| *w == what) {
            Some((_, _, rows)) => rows.push(r),
            None => groups.push((what, rules, vec![r])),
        }
    }
    for (what, rules, rows) in groups {
        let finding = RULE
            .finding(format!("{what} — {}", cite_rows(h, &rows)))
            .help("The user signed in at WorkOS, but the app could not complete the sign-in, so no session exists. A 404 means nothing serves the redirect path (a missing callback route, or an SPA without its fallback); a 500 usually comes from the server's WorkOS env (API key, client id, cookie password); an `error=` parameter is WorkOS's reason.")
            .fix("Serve the redirect path with the framework's callback handler (`handleAuth()` in Next.js; the SPA's index.html for authkit-react) and check the server's WORKOS_API_KEY, WORKOS_CLIENT_ID and WORKOS_COOKIE_PASSWORD.");
        out.push(Diagnosed::new(finding, &rules).entries(rows.iter().map(|r| r.index)));
    }
}
