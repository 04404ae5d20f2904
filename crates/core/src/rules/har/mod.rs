//! `har/*`: auth failures recorded in a browser HAR export. Each rule runs on a HAR
//! (`runs_on: Har(detect)`): `authkit-doctor har` runs its `detect` over [`HarFacts`]; a project
//! scan never does.

pub mod callback_error;
pub mod convex_auth_error;
pub mod cors_blocked;
pub mod module_served_as_html;
pub mod no_convex_token;
pub mod redirect_uri_invalid;
pub mod refresh_invalid_grant;
pub mod refresh_rate_limited;
pub mod refresh_storm;
pub mod sign_out_prefetch;
pub mod spa_refresh_third_party_cookie;

use crate::facts::har::entry::{Url, site_of};
use crate::facts::har::{HarFacts, Kind, Row, origin_is_local};
use crate::rules::Rule;

/// This area's rules, in catalog order.
pub static RULES: &[&Rule] = &[
    &sign_out_prefetch::RULE,
    &refresh_rate_limited::RULE,
    &refresh_invalid_grant::RULE,
    &refresh_storm::RULE,
    &redirect_uri_invalid::RULE,
    &cors_blocked::RULE,
    &spa_refresh_third_party_cookie::RULE,
    &convex_auth_error::RULE,
    &no_convex_token::RULE,
    &callback_error::RULE,
    &module_served_as_html::RULE,
];

/// Every detector, in catalog order, with its rule.
pub fn detectors() -> impl Iterator<Item = (&'static Rule, crate::rules::DetectFn)> {
    RULES.iter().filter_map(|rule| match rule.logic {
        crate::rules::Logic::Har(detect) => Some((*rule, detect)),
        _ => None,
    })
}

/// The origin of the page that made a request: its `Origin` header, else its `Referer`'s,
/// else the HAR's first page.
pub fn page_origin(h: &HarFacts, r: &Row) -> Option<String> {
    r.origin
        .clone()
        .filter(|o| o != "null")
        .or_else(|| r.referer.as_deref().map(|re| Url::parse(re).origin()).filter(|o| o.contains("://")))
        .or_else(|| h.page_origin.clone())
}

/// A refresh that failed because the browser did not send WorkOS's refresh cookie: a 400/401
/// on a cookie-based refresh (no `refresh_token` in the body, so not devMode) from a
/// non-localhost page on another site than the auth host, with no cookie sent (or a sanitized
/// export that cannot show cookies).
pub fn third_party_refresh(h: &HarFacts, r: &Row) -> bool {
    if !(r.is_refresh() && matches!(r.status, 400 | 401) && !r.refresh_token_in_body) {
        return false;
    }
    let Some(origin) = page_origin(h, r) else { return false };
    if origin_is_local(&origin) {
        return false;
    }
    let page_site = site_of(Url::parse(&origin).host);
    let auth_site = site_of(r.url().host);
    page_site != auth_site && (!r.cookie_sent || h.looks_sanitized())
}

/// `entry 3 (+0.4 s)`, `entries 3, 8 and 11 more`.
pub fn cite_rows(h: &HarFacts, rows: &[&Row]) -> String {
    match rows {
        [] => String::new(),
        [one] => one.cite(h.start_ms),
        [first, rest @ ..] => format!("{}, and {} more", first.cite(h.start_ms), rest.len()),
    }
}

/// `307 Temporary Redirect` or `429`.
pub fn status_line(r: &Row) -> String {
    match (r.status, r.status_text.trim()) {
        (0, _) => "no response".to_string(),
        (s, "") => s.to_string(),
        (s, t) => format!("{s} {t}"),
    }
}

/// Whether any row is of one of `kinds`.
pub fn any_of(h: &HarFacts, kinds: &[Kind]) -> bool {
    h.rows.iter().any(|r| kinds.contains(&r.kind))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_is_a_detector_and_says_which_command_runs_it() {
        assert_eq!(detectors().count(), RULES.len(), "every har rule runs on a HAR");
        for r in RULES {
            assert!(r.id.starts_with("har/"));
            let flat = r.docs.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(
                flat.contains("authkit-doctor har") || flat.contains("`authkit-doctor har`"),
                "{}: docs must say which command produces it",
                r.id
            );
        }
    }
}
