use crate::declare_rule;
use crate::diagnostic::{Finding, Location};
use crate::facts::routes::{CallbackStyle, callbacks};
use crate::rules::CheckContext;
use crate::rules::redirect::{AppView, UriMode, apps, callback_paths, redirect_uris};

declare_rule! {
    /// ### What it does
    /// Finds a Next.js app using `@workos-inc/authkit-nextjs` where no route handler exports
    /// `GET = handleAuth(…)` (`app/**/route.ts`, `src/app/**`, or a `pages/api/**` route). Also
    /// recognised: `export { handleAuth as GET }`, a handler built in a helper module, and a
    /// route that re-exports `GET` from elsewhere (then the doctor cannot see it and stays quiet).
    ///
    /// This rule fires only when the app has no `handleAuth` route at all. When one exists but at
    /// another path than the redirect URI's, `redirect/no-callback-route` reports it instead.
    ///
    /// ### Why is this bad?
    /// WorkOS sends the browser to the redirect URI with `?code=…&state=…`; only `handleAuth`
    /// exchanges the code for a session and sets the `wos-session` cookie. Without the route the
    /// callback is a 404 and nobody is ever signed in.
    ///
    /// ### Symptom
    /// After the WorkOS sign-in page, a 404 at `/callback` (or whatever the redirect path is).
    ///
    /// ### Fix
    /// Add a route handler at the redirect URI's path.
    ///
    /// ### Example
    /// ```ts
    /// // app/callback/route.ts
    /// import { handleAuth } from "@workos-inc/authkit-nextjs";
    ///
    /// export const GET = handleAuth();
    /// ```
    pub static RULE = {
        id: "nextjs/callback-route-missing",
        severity: Error,
        symptoms: [CallbackFails],
        summary: "no route handler exports GET = handleAuth()",
    };
}

/// Where to report a missing handler: the redirect URI it should serve, else the SDK dependency.
pub fn anchor(view: &AppView, uris: &[crate::rules::redirect::RedirectUri], sdks: &[&str]) -> Option<Location> {
    let dev = uris.iter().find(|u| u.mode == UriMode::Development).or_else(|| uris.first());
    dev.map(|u| u.location.clone())
        .or_else(|| view.facts.deploy.sdk_dependencies.iter().find(|(name, _)| sdks.contains(&name.as_str())).map(|(_, l)| l.clone()))
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for view in apps(cx).filter(|v| v.style == CallbackStyle::Nextjs) {
        let Some(cbs) = callbacks(cx.project, view.app, view.facts) else { continue };
        if !cbs.routes.is_empty() || cbs.opaque {
            continue;
        }
        let uris = redirect_uris(&view);
        // No file imports the SDK and no redirect URI is set: the app's code is not in view (a
        // package.json skeleton), so there is nothing to say about its routes.
        if view.facts.code.files.is_empty() && uris.is_empty() {
            continue;
        }
        let paths = callback_paths(&uris);
        let path = paths.first().map(|(p, _)| *p).unwrap_or("/callback");
        let Some(location) = anchor(&view, &uris, &[crate::sdk::AUTHKIT_NEXTJS]) else { continue };
        // Suggest `src/app/` when the app keeps its routes there.
        let prefix = if view.app.dir.is_empty() { String::new() } else { format!("{}/", view.app.dir) };
        let src = cx.project.sources_under(&view.app.dir).any(|p| p.strip_prefix(&prefix).is_some_and(|rel| rel.starts_with("src/app/")));
        let file = format!("{}app{}/route.ts", if src { "src/" } else { "" }, if path == "/" { String::new() } else { path.to_string() });
        // A route or page at the redirect path that does not exchange the code (it redirects
        // home, or renders a spinner) leaves as early as a 404 does, but is easier to miss.
        let dir = format!("{prefix}{}app{}", if src { "src/" } else { "" }, if path == "/" { String::new() } else { path.to_string() });
        let existing = ["route.ts", "route.js", "route.tsx", "page.tsx", "page.ts", "page.jsx", "page.js"]
            .iter()
            .map(|name| format!("{dir}/{name}"))
            .find(|candidate| cx.project.has_source_file(candidate));
        let message = match &existing {
            Some(found) => format!(
                "{found} answers WorkOS's redirect to {path} without exchanging the code (no handleAuth(), or authenticateWithCode + saveSession): the user lands signed out"
            ),
            None => format!("no route handler of {} exports GET = handleAuth(): WorkOS redirects to {path} and gets a 404", view.name()),
        };
        out.push(
            RULE.finding(message)
            .at(location)
            .help("handleAuth() exchanges the code WorkOS sends to the redirect URI for a session cookie; without it nobody is signed in.")
            .fix(format!(
                "Create {file} with `import {{ handleAuth }} from \"@workos-inc/authkit-nextjs\"; export const GET = handleAuth();`"
            )),
        );
    }
}
