use super::support::{app_routes, get_handlers_calling, next_apps};
use crate::declare_rule;
use crate::diagnostic::Finding;
use crate::rules::CheckContext;

declare_rule! {
    /// ### What it does
    /// Finds app-router route handlers whose `GET` calls `signOut()`.
    ///
    /// ### Why is this bad?
    /// A GET request must not change state. Anything that fetches the URL signs the user out:
    /// a `<Link>` prefetch, a browser preloading links, a crawler, or another site embedding
    /// `<img src="https://your.app/sign-out">`.
    ///
    /// ### Symptom
    /// Users are signed out unexpectedly.
    ///
    /// ### Fix
    /// Sign out from a server action (or a `POST` handler) triggered by a form.
    ///
    /// ### Example
    /// ```tsx
    /// // before: app/sign-out/route.ts
    /// export async function GET() { await signOut(); }
    /// // after: in a component
    /// <form action={async () => { 'use server'; await signOut(); }}>
    ///   <button type="submit">Sign out</button>
    /// </form>
    /// ```
    pub static RULE = {
        id: "nextjs/sign-out-get-handler",
        severity: Warning,
        symptoms: [RandomSignOuts],
        summary: "sign-out implemented as a GET route handler",
    };
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for next in next_apps(cx) {
        let routes = app_routes(cx, &next);
        for (route, get) in get_handlers_calling(&next, &routes, &["signOut"]) {
            // The callback signing out a user it refuses (`handleAuth({ onSuccess })` calling
            // `signOut` for an email not on an allowlist): only a fresh authorization code gets
            // that far, which no prefetch or crawler has.
            if ["handleAuth", "authenticateWithCode"].iter().any(|n| get.reaches.contains(*n)) {
                continue;
            }
            out.push(
                RULE.finding(format!("the `GET` handler of `{}` signs the user out: any request to the URL does (prefetches, crawlers, images)", route.route()))
                    .at(get.location.clone())
                    .help("A GET must be safe to repeat. Signing out on GET lets a prefetch, a preloading browser or another site's `<img>` end the session.")
                    .fix("Sign out from a server action submitted by a form (`<form action={async () => { 'use server'; await signOut(); }}>`), or export `POST` instead of `GET`."),
            );
        }
    }
}
