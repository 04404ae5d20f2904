use crate::declare_rule;
use crate::rules::logs::matcher::{Cause, Family, Hit, Level, Matcher};

declare_rule! {
    /// ### What it does
    /// Recognises authkit-nextjs's `Sign-in session could not be verified. Please try signing
    /// in again.` (`missing_pkce_cookie`). Produced only by `authkit-doctor logs`, never by a
    /// project scan.
    ///
    /// ### Why is this bad?
    /// The PKCE verifier cookie set when sign-in started is gone at the callback: it expired
    /// (10 minutes), a reverse proxy or CDN stripped `Set-Cookie` on the redirect, or the
    /// callback runs on another host or port than the page that started sign-in.
    ///
    /// ### Symptom
    /// The callback fails although the WorkOS login worked.
    ///
    /// ### Fix
    /// Keep sign-in and callback on one origin (the redirect URI's), and let `Set-Cookie`
    /// through the proxy.
    ///
    /// ### Example
    /// ```text
    /// CallbackError: Sign-in session could not be verified. Please try signing in again.
    /// ```
    pub static RULE = {
        id: "logs/pkce-cookie-missing",
        severity: Error,
        symptoms: [CallbackFails],
        summary: "the PKCE verifier cookie is missing at the callback",
        runs_on: LogMessage(&MATCHER),
    };
}

pub static MATCHER: Matcher = Matcher {
    rule: &RULE,
    needles: &["sign-in session could not be verified"],
    unless: &[],
    level: Level::Specific,
    family: Family::Callback,
    explain,
};

fn explain(hit: &Hit) -> Cause {
    Cause::new("the PKCE verifier cookie was missing when the callback ran")
        .help("authkit-nextjs sets `wos-auth-verifier-…` when sign-in starts and reads it in the callback. It is missing when the callback's host or port differs from the page that started sign-in, a proxy/CDN strips `Set-Cookie` on redirects, or more than 10 minutes passed.")
        .convex(hit.message())
        .fix("Serve the app on exactly the redirect URI's origin and let `Set-Cookie` through proxies and CDNs.")
        .rules(&["redirect/port-mismatch", "redirect/production-localhost"])
}
