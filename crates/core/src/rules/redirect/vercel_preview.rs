use super::{UriMode, UriOrigin, apps, redirect_uris};
use crate::declare_rule;
use crate::diagnostic::{Finding, Location};
use crate::facts::routes::{CallbackStyle, PropPresence, UriValue};
use crate::rules::CheckContext;

declare_rule! {
    /// ### What it does
    /// Finds an app deployed on Vercel (`vercel.json`, or a `.vercel/project.json` link) whose
    /// redirect URI is fixed (an env var or a literal) instead of built from Vercel's
    /// per-deployment variables (`VERCEL_BRANCH_URL`, `VERCEL_URL`, `VERCEL_ENV`). A redirect
    /// URI computed at run time (the Convex templates' `VERCEL_ENV === 'preview' ? … : …`, or
    /// `window.location.origin`) counts as dynamic; a single-page app whose `convex.json`
    /// configures `authKit.preview` is left alone (the Convex CLI provisions previews).
    ///
    /// ### Why is this bad?
    /// Every preview deployment has its own URL. With a fixed redirect URI a preview either sends
    /// users to the production (or localhost) URI after sign-in, or, when the preview URL is what
    /// the app sends but not registered, WorkOS rejects it (`redirect-uri-invalid`).
    ///
    /// ### Symptom
    /// Sign-in works in production and locally, but on preview deployments it ends on another
    /// site or on WorkOS's "Invalid redirect URI" page.
    ///
    /// ### Fix
    /// Compute the redirect URI from Vercel's variables on previews, and register the preview
    /// pattern in WorkOS (or let `convex.json` `authKit.preview` register it).
    ///
    /// ### Example
    /// ```ts
    /// // middleware.ts (authkit-nextjs)
    /// export default authkitMiddleware({
    ///   redirectUri:
    ///     process.env.VERCEL_ENV === "preview"
    ///       ? `https://${process.env.VERCEL_BRANCH_URL}/callback`
    ///       : undefined, // falls back to NEXT_PUBLIC_WORKOS_REDIRECT_URI
    /// });
    /// ```
    pub static RULE = {
        id: "redirect/vercel-preview",
        severity: Warning,
        symptoms: [WorksInDevNotProd, CallbackFails],
        summary: "Vercel previews get a fixed redirect URI",
    };
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for view in apps(cx) {
        let deploy = &view.facts.deploy;
        if deploy.vercel.is_none() && !deploy.vercel_linked {
            continue;
        }
        let uses: Vec<_> = view.facts.code.files.iter().flat_map(|f| f.routes.redirect_uris.iter()).collect();
        if uses.iter().any(|u| matches!(u.value, UriValue::Computed { .. })) {
            continue;
        }
        if view.style == CallbackStyle::Spa {
            let providers: Vec<_> = view.facts.code.files.iter().flat_map(|f| f.routes.providers.iter()).collect();
            // Without a redirectUri prop authkit-react uses `window.origin`, which follows the deployment.
            let origin_default = !providers.is_empty() && providers.iter().all(|p| p.redirect_uri == PropPresence::Absent);
            if origin_default || deploy.convex_preview_configured {
                continue;
            }
        }
        let uris = redirect_uris(&view);
        // Point at where the fixed value is chosen: code, else the production env, else any env.
        let fixed = uses
            .iter()
            .find(|u| matches!(u.value, UriValue::Env { .. } | UriValue::Literal(_)))
            .map(|u| u.location.clone())
            .or_else(|| {
                uris.iter()
                    .find(|u| u.mode == UriMode::Production && matches!(u.origin, UriOrigin::EnvFile { .. }))
                    .map(|u| u.location.clone())
            })
            .or_else(|| uris.iter().find(|u| matches!(u.origin, UriOrigin::EnvFile { .. })).map(|u| u.location.clone()));
        let vercel = deploy.vercel.as_ref().map(|v| Location::file_start(v.path.clone()));
        let Some(location) = fixed.or(vercel.clone()) else { continue };
        let vercel = vercel.filter(|v| *v != location);
        let mut finding = RULE
            .finding(format!("{} deploys on Vercel with a fixed redirect URI: preview deployments cannot complete sign-in", view.name()))
            .at(location)
            .help("Each Vercel preview has its own URL; a fixed redirect URI sends preview users elsewhere, or WorkOS rejects an unregistered one (redirect-uri-invalid).")
            .fix("Build the redirect URI from VERCEL_BRANCH_URL / VERCEL_URL when VERCEL_ENV is \"preview\", and register the preview URLs in WorkOS (convex.json authKit.preview can do it).");
        if let Some(vercel) = vercel {
            finding = finding.related(vercel, "the app deploys on Vercel");
        }
        out.push(finding);
    }
}
