use super::cite_rows;
use crate::declare_rule;
use crate::diagnostic::Diagnosed;
use crate::facts::har::entry::Url;
use crate::facts::har::{HarFacts, Kind, Row};

declare_rule! {
    /// ### What it does
    /// Finds, in a HAR (`authkit-doctor har`), WorkOS sending the browser to its
    /// `redirect-uri-invalid` error page (`https://error.workos.com/sso/redirect-uri-invalid`),
    /// and names the `redirect_uri` the app asked for. Produced only by the `har` command;
    /// `check` never reports it.
    ///
    /// ### Why is this bad?
    /// WorkOS redirects only to URIs registered in its dashboard, compared exactly (scheme,
    /// host, port, path). Sign-in stops on WorkOS's error page.
    ///
    /// ### Symptom
    /// Clicking sign-in shows a WorkOS error page; often only on a preview deployment or a new
    /// dev port.
    ///
    /// ### Fix
    /// Register the exact URI in the WorkOS dashboard (Redirects), or make the app use a
    /// registered one.
    ///
    /// ### Example
    /// ```text
    /// GET https://api.workos.com/user_management/authorize?redirect_uri=http://localhost:3001/callback … → 302
    /// GET https://error.workos.com/sso/redirect-uri-invalid
    /// ```
    pub static RULE = {
        id: "har/redirect-uri-invalid",
        severity: Error,
        symptoms: [SignInDoesNothing, WorksInDevNotProd],
        summary: "WorkOS rejected the redirect URI (redirect-uri-invalid)",
        runs_on: Har(detect),
    };
}

pub fn detect(h: &HarFacts, out: &mut Vec<Diagnosed>) {
    let mut groups: Vec<(Option<String>, Vec<&Row>)> = Vec::new();
    for r in &h.rows {
        let via_location = r.location.as_deref().is_some_and(|l| l.contains("redirect-uri-invalid"));
        if r.kind != Kind::WorkosError && !via_location {
            continue;
        }
        if r.kind == Kind::WorkosError
            && !r.url.contains("redirect-uri")
            && !r.body.as_deref().is_some_and(|b| b.to_ascii_lowercase().contains("redirect"))
        {
            continue;
        }
        // The URI the app asked for: on the error URL, the Location, or the last authorize call.
        let uri = Url::parse(&r.url)
            .param("redirect_uri")
            .or_else(|| r.location.as_deref().and_then(|l| Url::parse(l).param("redirect_uri")))
            .or_else(|| {
                h.rows
                    .iter()
                    .rfind(|a| a.kind == Kind::WorkosAuthorize && (a.t_ms, a.index) <= (r.t_ms, r.index))
                    .and_then(|a| a.url().param("redirect_uri"))
            });
        // One error usually shows as the authorize redirect and the error page: one group.
        match groups.iter_mut().find(|(u, _)| *u == uri) {
            Some((_, rows)) => rows.push(r),
            None => groups.push((uri, vec![r])),
        }
    }
    for (uri, rows) in groups {
        let what = match &uri {
            Some(u) => format!("WorkOS rejected the redirect URI {u}: it is not registered for this client"),
            None => "WorkOS rejected the redirect URI: it is not registered for this client".to_string(),
        };
        let local_hint = uri.as_deref().map(Url::parse).filter(|u| u.is_local()).map_or(String::new(), |u| {
            format!(
                " For local development, register it with the exact port ({}) or run the dev server on the registered one.",
                u.port.unwrap_or("default")
            )
        });
        let finding = RULE
            .finding(format!("{what} — {}", cite_rows(h, &rows)))
            .help(format!("WorkOS compares the redirect URI exactly with the list in its dashboard (scheme, host, port, path). A new dev port, http vs https, a missing base path or a Vercel preview host all fail.{local_hint}"))
            .fix("Add the exact URI under Redirects in the WorkOS dashboard (for previews: a wildcard, with the URI built from VERCEL_BRANCH_URL), or change the app's redirect URI to a registered one.");
        out.push(
            Diagnosed::new(
                finding,
                &[
                    "redirect/port-mismatch",
                    "redirect/vercel-preview",
                    "redirect/production-localhost",
                    "redirect/base-path",
                    "env/redirect-uri-missing",
                ],
            )
            .entries(rows.iter().map(|r| r.index)),
        );
    }
}
