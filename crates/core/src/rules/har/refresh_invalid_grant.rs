use super::{cite_rows, third_party_refresh};
use crate::declare_rule;
use crate::diagnostic::Diagnosed;
use crate::facts::har::{HarFacts, Kind, Row};
use serde_json::Value;

declare_rule! {
    /// ### What it does
    /// Finds, in a HAR (`authkit-doctor har`), session refreshes (`…/user_management/
    /// authenticate` with `grant_type: refresh_token`) that WorkOS answered with 400
    /// `invalid_grant` — most often `Refresh token already exchanged.` Produced only by the
    /// `har` command; `check` never reports it. (A 400 caused by a blocked third-party cookie
    /// is `har/spa-refresh-third-party-cookie` instead.)
    ///
    /// ### Why is this bad?
    /// Refresh tokens are single use: when two refreshes race with the same token, WorkOS
    /// rejects the second and the session ends. The user is signed out.
    ///
    /// ### Symptom
    /// Random sign-outs, often when several tabs or requests refresh at once.
    ///
    /// ### Fix
    /// Refresh in one place, one request at a time (the SDK's own scheduling); never force
    /// refreshes in parallel or in loops.
    ///
    /// ### Example
    /// ```text
    /// POST https://api.workos.com/user_management/authenticate → 400
    /// {"error":"invalid_grant","error_description":"Refresh token already exchanged."}
    /// ```
    pub static RULE = {
        id: "har/refresh-invalid-grant",
        severity: Error,
        symptoms: [RandomSignOuts],
        summary: "WorkOS rejected a session refresh with invalid_grant",
        runs_on: Har(detect),
    };
}

/// `(error, description)` of a WorkOS error body.
pub fn error_of(r: &Row) -> (Option<String>, Option<String>) {
    let Some(v) = r.body_json() else { return (None, None) };
    let s = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
    (s("error").or_else(|| s("code")), s("error_description").or_else(|| s("message")))
}

pub fn detect(h: &HarFacts, out: &mut Vec<Diagnosed>) {
    let mut groups: Vec<(Option<String>, Vec<&Row>)> = Vec::new();
    for r in h.of(Kind::WorkosAuthenticate) {
        if !r.is_refresh() || !(400..500).contains(&r.status) || r.status == 429 || third_party_refresh(h, r) {
            continue;
        }
        let (error, description) = error_of(r);
        if error.as_deref().is_some_and(|e| e != "invalid_grant") {
            continue;
        }
        match groups.iter_mut().find(|(d, _)| *d == description) {
            Some((_, rows)) => rows.push(r),
            None => groups.push((description, vec![r])),
        }
    }
    for (description, rows) in groups {
        let first = rows[0];
        let what = match &description {
            Some(d) => format!("invalid_grant: {d}"),
            None if first.body.is_some() => "invalid_grant".to_string(),
            None => "(body not recorded)".to_string(),
        };
        let already = description.as_deref().is_some_and(|d| d.to_ascii_lowercase().contains("already exchanged"));
        let help = if already {
            "Refresh tokens are single use. Two refreshes raced with the same token (parallel requests, several tabs, a forced refresh in a loop or effect), and WorkOS ended the session of the loser."
        } else {
            "WorkOS no longer accepts the refresh token: it was already used (refreshes racing), the session ended or was revoked, or it belongs to another WorkOS environment (dev vs prod client id)."
        };
        let finding = RULE
            .finding(format!("WorkOS rejected the session refresh `{}` with {} {what} — {}", first.request_line(), first.status, cite_rows(h, &rows)))
            .help(help)
            .fix("Let one place refresh, one request at a time (the SDK's scheduling or the AuthKit middleware); remove forced refreshes from effects, intervals and retries.");
        out.push(
            Diagnosed::new(
                finding,
                &["nextjs/force-refresh-loop", "client/fetch-access-token-ignores-force-refresh", "convex-env/client-id-mismatch"],
            )
            .entries(rows.iter().map(|r| r.index)),
        );
    }
}
