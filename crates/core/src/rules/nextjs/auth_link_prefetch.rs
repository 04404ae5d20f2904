use super::support::{app_routes, get_handlers_calling, handler_for, next_apps};
use crate::declare_rule;
use crate::diagnostic::Finding;
use crate::facts::nextjs_code::Prefetch;
use crate::rules::CheckContext;

declare_rule! {
    /// ### What it does
    /// Finds `next/link` `<Link>` elements pointing at a sign-in / sign-up route handler (a `GET`
    /// calling `getSignInUrl()` / `getSignUpUrl()` and redirecting to WorkOS), without
    /// `prefetch={false}`.
    ///
    /// ### Why is this bad?
    /// Next prefetches the link with a `fetch`, follows the redirect to the WorkOS authorize URL
    /// and is blocked by CORS. Each prefetch also starts a new authorization (and, on
    /// authkit-nextjs 3+, leaves a PKCE cookie behind).
    ///
    /// ### Symptom
    /// CORS errors for `…/user_management/authorize` in the browser console on every page that
    /// shows the sign-in button.
    ///
    /// ### Fix
    /// Use a plain `<a href>` for sign-in and sign-up buttons (as the official template does),
    /// or add `prefetch={false}`.
    ///
    /// ### Example
    /// ```tsx
    /// // before
    /// <Link href="/sign-in">Sign in</Link>
    /// // after
    /// <a href="/sign-in">Sign in</a>
    /// ```
    pub static RULE = {
        id: "nextjs/auth-link-prefetch",
        severity: Warning,
        symptoms: [SignInDoesNothing],
        summary: "a prefetching Link to a sign-in/sign-up route that redirects to WorkOS",
    };
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for next in next_apps(cx) {
        let routes = app_routes(cx, &next);
        let auth_routes = get_handlers_calling(&next, &routes, &["getSignInUrl", "getSignUpUrl"]);
        if auth_routes.is_empty() {
            continue;
        }
        for file in &next.facts.code.files {
            for link in &file.nextjs.links {
                if !matches!(link.prefetch, Prefetch::Default | Prefetch::Enabled) {
                    continue;
                }
                let Some(href) = &link.href else { continue };
                let Some(route) = handler_for(&routes, href) else { continue };
                let Some((_, get)) = auth_routes.iter().find(|(r, _)| r.path == route.path) else { continue };
                // A route that also signs out is the other rule's (worse) case.
                if get.reaches.contains("signOut") {
                    continue;
                }
                out.push(
                    RULE.finding(format!("`<Link href=\"{href}\">` is prefetched, and {} redirects to WorkOS: the prefetch fails with a CORS error", route.path))
                        .at(link.location.clone())
                        .related(get.location.clone(), "this GET redirects to the AuthKit sign-in page")
                        .help("A prefetch follows the redirect to the WorkOS authorize URL with `fetch`, which CORS blocks; each prefetch also starts a new authorization.")
                        .fix("Use a plain `<a href>` for this button, or add `prefetch={false}` to the Link."),
                );
            }
        }
    }
}
