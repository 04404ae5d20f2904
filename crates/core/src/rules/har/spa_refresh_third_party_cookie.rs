use super::{cite_rows, page_origin, third_party_refresh};
use crate::declare_rule;
use crate::diagnostic::Diagnosed;
use crate::facts::har::{HarFacts, Kind, Row};

declare_rule! {
    /// ### What it does
    /// Finds, in a HAR (`authkit-doctor har`), an authkit-js session refresh that WorkOS
    /// answered 400 because the browser did not send WorkOS's refresh cookie: a cookie-based
    /// refresh (no `refresh_token` in the body, i.e. not devMode) from a page on another site
    /// than the auth host, not on localhost, with no cookie sent. Produced only by the `har`
    /// command; `check` never reports it.
    ///
    /// ### Why is this bad?
    /// Without `devMode`, authkit-js keeps the refresh token in an HttpOnly cookie of the
    /// WorkOS API domain. On your production domain that cookie is third-party, and browsers
    /// block it: the refresh fails and a reload signs the user out.
    ///
    /// ### Symptom
    /// In production, users are signed out on every reload; development works.
    ///
    /// ### Fix
    /// Set up a custom Authentication API domain on your own domain (WorkOS dashboard →
    /// Domains) and pass it as `apiHostname` to `AuthKitProvider`; or, knowingly, `devMode`.
    ///
    /// ### Example
    /// ```tsx
    /// <AuthKitProvider clientId={clientId} apiHostname="auth.example.com">
    /// ```
    pub static RULE = {
        id: "har/spa-refresh-third-party-cookie",
        severity: Error,
        symptoms: [RandomSignOuts, WorksInDevNotProd],
        summary: "an SPA refresh failed because WorkOS's cookie is third-party",
        runs_on: Har(detect),
    };
}

pub fn detect(h: &HarFacts, out: &mut Vec<Diagnosed>) {
    let rows: Vec<&Row> = h.of(Kind::WorkosAuthenticate).filter(|r| third_party_refresh(h, r)).collect();
    let Some(first) = rows.first() else { return };
    let origin = page_origin(h, first).unwrap_or_default();
    let host = first.url().host.to_string();
    let cookie_note = if h.looks_sanitized() { "the export is sanitized, so cookies cannot be seen" } else { "no cookie was sent" };
    let finding = RULE
        .finding(format!(
            "the session refresh `{}` from {origin} got {} and {cookie_note}: the browser treats {host}'s refresh cookie as third-party — {}",
            first.request_line(),
            first.status,
            cite_rows(h, &rows)
        ))
        .help(format!("Without `devMode`, authkit-js relies on an HttpOnly refresh cookie set by {host}. Seen from {origin} that cookie is third-party, so browsers block it, the refresh fails with 400, and reloading the page signs the user out. It works on localhost (devMode keeps the refresh token in localStorage)."))
        .fix("Configure a custom Authentication API domain on your own site in the WorkOS dashboard and pass it as `apiHostname` to `AuthKitProvider` (or enable `devMode`, accepting the refresh token in localStorage).");
    out.push(Diagnosed::new(finding, &["client/spa-production-refresh"]).entries(rows.iter().map(|r| r.index)));
}
