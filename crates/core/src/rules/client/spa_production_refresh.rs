use super::{apps, is_local_host, is_spa, push, redirect_uris};
use crate::declare_rule;
use crate::diagnostic::{Finding, Location};
use crate::facts::react::{AUTHKIT_REACT, AttrValue, Ident};
use crate::rules::CheckContext;

declare_rule! {
    /// ### What it does
    /// Finds an `AuthKitProvider` from `@workos-inc/authkit-react` with neither `apiHostname` nor
    /// `devMode` in an app that is deployed somewhere other than localhost. The evidence of a
    /// deployment, in this order:
    /// 1. a deploy config for the app: `netlify.toml`, `vercel.json` or `_redirects` in the app's
    ///    dir (or at the repository root);
    /// 2. a redirect URI on a real host: a `*_REDIRECT_URI` in a non-example env file, a string
    ///    `redirectUri` prop, or `convex.json` `authKit.*.configure.redirectUris`. A host that is
    ///    still a `${buildEnv.…}` placeholder is not evidence: the templates' `convex.json` ships
    ///    preview and prod blocks whether or not the app is ever deployed.
    ///
    /// Without such evidence the rule stays quiet (a local-only project is fine). A provider with
    /// an `apiHostname` prop (a custom Authentication API domain, e.g.
    /// `apiHostname={import.meta.env.VITE_WORKOS_API_HOSTNAME}`), with `devMode` set, or with
    /// spread props is not reported. `examples/vite-correct` passes `apiHostname`, so it is
    /// quiet; `examples/vite-broken` deploys to Netlify without it and is reported.
    ///
    /// ### Why is this bad?
    /// On localhost authkit-react runs in dev mode and keeps the refresh token in
    /// `localStorage`. On a real domain it relies on an HttpOnly cookie set by `api.workos.com`,
    /// which browsers block as a third-party cookie unless the Authentication API runs on your
    /// own domain (workos/authkit-js#37, workos/authkit-react#44).
    ///
    /// ### Symptom
    /// Works in development; in production the refresh request returns HTTP 400 and every reload
    /// signs the user out.
    ///
    /// ### Fix
    /// In the WorkOS production environment, set up a custom Authentication API domain and pass
    /// it as `apiHostname`; use the same host in `convex/auth.config.ts` (issuers and JWKS).
    /// Staging environments cannot have a custom domain: a staging deployment needs `devMode`.
    ///
    /// ### Example
    /// ```tsx
    /// // before
    /// <AuthKitProvider clientId={import.meta.env.VITE_WORKOS_CLIENT_ID} redirectUri={…}>
    /// // after
    /// <AuthKitProvider clientId={import.meta.env.VITE_WORKOS_CLIENT_ID} redirectUri={…}
    ///   apiHostname={import.meta.env.VITE_WORKOS_API_HOSTNAME}>
    /// ```
    pub static RULE = {
        id: "client/spa-production-refresh",
        severity: Warning,
        symptoms: [RandomSignOuts, WorksInDevNotProd],
        summary: "authkit-react in production without apiHostname or devMode: refresh fails, reloads sign out",
    };
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for a in apps(cx) {
        if !is_spa(&a) {
            continue;
        }
        let evidence: Option<(String, Location)> = a
            .react()
            .deploy_configs
            .first()
            .map(|d| (format!("it is deployed with {}", d.path), Location::file_start(d.path.clone())))
            .or_else(|| {
                redirect_uris(&a).into_iter().filter(|u| !u.example).find_map(|u| {
                    let host = crate::url::Url::absolute(&u.url)?.authority.to_string();
                    // `https://${buildEnv.VERCEL_PROJECT_PRODUCTION_URL}/callback` in convex.json is
                    // the templates' boilerplate for a deployment that may never happen: only a
                    // host someone wrote down, or a host config (above), says the app is deployed.
                    (!is_local_host(&host) && !host.contains("${")).then(|| (format!("it signs in at {host}"), u.location))
                })
            });
        let Some((why, related)) = evidence else { continue };
        let react_provider = |i: &Ident| i.is_package_export(&[AUTHKIT_REACT], &["AuthKitProvider"]);
        for (f, i) in a.elements_where(react_provider) {
            let el = &a.file(f).react.elements[i];
            let custom_domain = el.attr("apiHostname").is_some_and(|h| h.value != AttrValue::Str(crate::workos::DEFAULT_HOST.into()));
            let dev_mode = el.attr("devMode").is_some_and(|d| d.value != AttrValue::Bool(false));
            if el.spread || custom_domain || dev_mode {
                continue;
            }
            push(out,
                RULE.finding(format!("`AuthKitProvider` has no `apiHostname` and no `devMode`, and {why}: in production the session cookie is third-party and reloads sign users out"))
                    .at(a.loc(f, el.span))
                    .related(related.clone(), "evidence that the app runs on a real domain")
                    .help("Off localhost, authkit-react refreshes with an HttpOnly cookie set by api.workos.com; browsers block it as third-party, the refresh returns 400 and the user is signed out on reload. A custom Authentication API domain on your own site makes it first-party.")
                    .fix("In the WorkOS production environment add a custom Authentication API domain, pass it as `apiHostname={import.meta.env.VITE_WORKOS_API_HOSTNAME}`, and use the same host in the issuers and JWKS of convex/auth.config.ts. (A staging deployment cannot have one: use `devMode` there.)"),
            );
        }
    }
}
