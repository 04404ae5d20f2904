use super::{apps, base_path, redirect_uris};
use crate::declare_rule;
use crate::diagnostic::Finding;
use crate::rules::CheckContext;

declare_rule! {
    /// ### What it does
    /// Finds a redirect URI whose path does not start with the base path the app is served under:
    /// Next.js `basePath`, Vite `base` (for single-page apps) or React Router `basename`.
    ///
    /// A redirect URI that names a prefix the app is not served under is a path with no callback
    /// route: `redirect/no-callback-route` reports that case. How the app's own routes and assets
    /// cope with a Vite `base` is `deploy/vite-base`'s business.
    ///
    /// ### Why is this bad?
    /// With a base path every route, the callback included, is served under it. A redirect URI
    /// without the prefix lands outside the app: a 404 from Next.js, or a Vite server that does
    /// not serve the app there.
    ///
    /// ### Symptom
    /// After the WorkOS sign-in page, a 404 at the callback URL.
    ///
    /// ### Fix
    /// Put the base path in front of the callback path, in the env file and in the WorkOS
    /// dashboard.
    ///
    /// ### Example
    /// ```sh
    /// # next.config.mjs: basePath: '/docs'
    /// # before
    /// NEXT_PUBLIC_WORKOS_REDIRECT_URI=http://localhost:3000/callback
    /// # after
    /// NEXT_PUBLIC_WORKOS_REDIRECT_URI=http://localhost:3000/docs/callback
    /// ```
    pub static RULE = {
        id: "redirect/base-path",
        severity: Warning,
        symptoms: [CallbackFails],
        summary: "the redirect URI omits the app's base path",
    };
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for view in apps(cx) {
        let Some((base, base_location, what)) = base_path(&view) else { continue };
        for uri in redirect_uris(&view) {
            let Some(url) = &uri.url else { continue };
            if url.path == base || url.path.starts_with(&format!("{base}/")) {
                continue;
            }
            let fixed = format!("{}{}{}", url.origin(), base, if url.path == "/" { "" } else { url.path.as_str() });
            out.push(
                RULE.finding(format!(
                    "the app is served under {base} ({what}), but the redirect URI {} ({}) omits it",
                    uri.text,
                    uri.described()
                ))
                .at(uri.location.clone())
                .related(base_location.clone(), format!("the base path {base} is set here"))
                .help("Every route, the callback included, is served under the base path; WorkOS would redirect outside the app.")
                .fix(format!("Use {fixed} here and in the WorkOS dashboard.")),
            );
        }
    }
}
