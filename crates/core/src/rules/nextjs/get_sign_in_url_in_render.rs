use super::support::{MiddlewareAuthGuard, RouteKind, app_routes, next_apps};
use crate::declare_rule;
use crate::diagnostic::Finding;
use crate::discover::is_under;
use crate::rules::CheckContext;

declare_rule! {
    /// ### What it does
    /// On authkit-nextjs 3 and later, finds `getSignInUrl()` / `getSignUpUrl()` and
    /// `withAuth({ ensureSignedIn: true })` called while a Server Component renders: in a
    /// `page`, `layout` or `template` of the app router, outside a server action. A
    /// `withAuth({ ensureSignedIn: true })` is left alone where the AuthKit middleware runs with
    /// `middlewareAuth: { enabled: true }` on every page it renders on and none of them is in
    /// `unauthenticatedPaths`: a signed-out request never gets that far.
    ///
    /// ### Why is this bad?
    /// Since v3 these functions store a PKCE verifier in a cookie. Next only lets Route Handlers
    /// and Server Actions set cookies, so during render the call throws.
    ///
    /// ### Symptom
    /// `Cookies can only be modified in a Server Action or Route Handler.` when a signed-out user
    /// opens the page.
    ///
    /// ### Fix
    /// Move the call into a route handler (`app/sign-in/route.ts` doing
    /// `redirect(await getSignInUrl())`) and link to it with `<a href="/sign-in">`, or call it
    /// in a server action.
    ///
    /// ### Example
    /// ```tsx
    /// // before: app/page.tsx
    /// const url = await getSignInUrl();
    /// return <a href={url}>Sign in</a>;
    /// // after: app/sign-in/route.ts
    /// export async function GET() { return redirect(await getSignInUrl()); }
    /// // and in app/page.tsx
    /// return <a href="/sign-in">Sign in</a>;
    /// ```
    pub static RULE = {
        id: "nextjs/get-sign-in-url-in-render",
        severity: Error,
        symptoms: [SignInDoesNothing],
        summary: "getSignInUrl()/withAuth({ ensureSignedIn }) during Server Component render (v3+)",
    };
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for next in next_apps(cx) {
        let Some(version) = next.sdk_version() else { continue };
        if version.version.major < 3 {
            continue;
        }
        let guard = MiddlewareAuthGuard::of(cx, &next);
        let routes = app_routes(cx, &next);
        for route in &routes {
            if !matches!(route.kind, RouteKind::Page | RouteKind::Layout | RouteKind::Template) {
                continue;
            }
            // `ensureSignedIn` only writes the cookie for a signed-out request. Where the
            // middleware already sends those to sign-in, every request that renders here has a
            // session. The pages a layout renders on must all be guarded.
            let served: Vec<&super::support::RouteFile> = match route.kind {
                RouteKind::Page => vec![route],
                _ => routes.iter().filter(|r| r.kind == RouteKind::Page && (r.dir == route.dir || is_under(&r.path, &route.dir))).collect(),
            };
            let signed_in_only =
                guard.as_ref().is_some_and(|g| !served.is_empty() && served.iter().all(|r| g.guards(&r.sample_path()) == Some(true)));
            let Some(file) = next.file(&route.path) else { continue };
            if file.is_use_client() || file.directives.iter().any(|d| d == "use server") {
                continue;
            }
            for call in &file.nextjs.authkit_calls {
                if call.package != super::support::AUTHKIT_NEXTJS || call.in_server_action {
                    continue;
                }
                let what = match call.name.as_str() {
                    "getSignInUrl" | "getSignUpUrl" => format!("`{}()`", call.name),
                    "withAuth" if call.ensure_signed_in && !signed_in_only => "`withAuth({ ensureSignedIn: true })`".to_string(),
                    _ => continue,
                };
                out.push(
                    RULE.finding(format!(
                        "{what} runs while this Server Component renders; on {} it sets the PKCE cookie, which Next forbids during render",
                        version.describe(super::support::AUTHKIT_NEXTJS)
                    ))
                    .at(call.location.clone())
                    .help("Next throws `Cookies can only be modified in a Server Action or Route Handler.` Since authkit-nextjs 3, building the sign-in URL writes a PKCE verifier cookie (and `ensureSignedIn` does so to redirect a signed-out user).")
                    .fix("Build the URL in a route handler (`app/sign-in/route.ts`: `export async function GET() { return redirect(await getSignInUrl()); }`) and link to it with `<a href=\"/sign-in\">`; or call it inside a server action."),
                );
            }
        }
    }
}
