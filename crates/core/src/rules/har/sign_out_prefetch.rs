use super::{cite_rows, status_line};
use crate::declare_rule;
use crate::diagnostic::Diagnosed;
use crate::facts::har::{HarFacts, Kind, Row, display_url};

declare_rule! {
    /// ### What it does
    /// Finds, in a HAR (`authkit-doctor har`), a prefetch of a sign-out route whose response
    /// signs the user out: a request marked `Next-Router-Prefetch: 1`, `Sec-Purpose:
    /// prefetch`/`Purpose: prefetch` (a `<link rel="prefetch">`), or a React Server Components
    /// fetch (`_rsc`) that no navigation followed, to `/sign-out`, `/logout`, … or WorkOS's
    /// `sessions/logout`, answered with a redirect or a cleared cookie. Produced only by the
    /// `har` command; `check` never reports it.
    ///
    /// ### Why is this bad?
    /// Next.js prefetches `<Link>` targets when they render or are hovered. If the target's
    /// GET handler signs out, the prefetch runs it: the session cookie is deleted and the
    /// WorkOS session ended although nobody clicked.
    ///
    /// ### Symptom
    /// Users are signed out at random, typically after a page with a sign-out link renders.
    ///
    /// ### Fix
    /// Give the link `prefetch={false}`, or better, sign out with a POST (a form or a server
    /// action calling `signOut()`), which is never prefetched.
    ///
    /// ### Example
    /// ```tsx
    /// // before
    /// <Link href="/sign-out">Sign out</Link>
    /// // after
    /// <Link href="/sign-out" prefetch={false}>Sign out</Link>
    /// ```
    pub static RULE = {
        id: "har/sign-out-prefetch",
        severity: Error,
        symptoms: [RandomSignOuts],
        summary: "a prefetch of a sign-out route signed the user out",
        runs_on: Har(detect),
    };
}

/// A navigation to the sign-out target within 5 s after an RSC fetch means the user clicked.
fn followed_by_navigation(h: &HarFacts, r: &Row) -> bool {
    let Some(t) = r.t_ms else { return false };
    h.rows.iter().any(|o| {
        o.index != r.index
            && o.navigation
            && o.t_ms.is_some_and(|ot| ot >= t && ot - t <= 5000)
            && (matches!(o.kind, Kind::WorkosLogout | Kind::SignOut) || r.location.as_deref() == Some(o.url.as_str()))
    })
}

fn signs_out(r: &Row) -> bool {
    r.kind == Kind::WorkosLogout || (300..400).contains(&r.status) || !r.cookies_cleared.is_empty()
}

pub fn detect(h: &HarFacts, out: &mut Vec<Diagnosed>) {
    let mut hits: Vec<(&Row, String)> = Vec::new();
    for r in h.rows.iter().filter(|r| matches!(r.kind, Kind::SignOut | Kind::WorkosLogout) && !r.navigation) {
        let marker = match &r.prefetch {
            Some(p) => p.clone(),
            None if r.rsc && !followed_by_navigation(h, r) => "an RSC fetch (`_rsc`) that no navigation followed".to_string(),
            None => continue,
        };
        if signs_out(r) {
            hits.push((r, marker));
        }
    }
    let Some((first, marker)) = hits.first() else { return };
    let effect = if !first.cookies_cleared.is_empty() {
        format!("its response deletes {}", first.cookies_cleared.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", "))
    } else if let Some(loc) = &first.location {
        format!("it answered {} → {}", status_line(first), display_url(loc))
    } else {
        format!("it answered {}", status_line(first))
    };
    let rows: Vec<&Row> = hits.iter().map(|(r, _)| *r).collect();
    let finding = RULE
        .finding(format!("`{}` was a prefetch ({marker}) and signed the user out: {effect} — {}", first.request_line(), cite_rows(h, &rows)))
        .help("A `next/link` to a route whose GET handler signs out is prefetched when the link renders or is hovered. The prefetch runs the handler: the session cookie is deleted and the WorkOS session ended although nobody clicked.")
        .fix("Give sign-out links `prefetch={false}`, or sign out with a POST (a form or a server action calling `signOut()`).");
    out.push(
        Diagnosed::new(finding, &["nextjs/sign-out-link-prefetch", "nextjs/sign-out-get-handler"]).entries(rows.iter().map(|r| r.index)),
    );
}
