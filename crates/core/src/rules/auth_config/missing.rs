use super::KNOWN_GOOD_PROVIDERS;
use crate::declare_rule;
use crate::diagnostic::Finding;
use crate::facts::convex_push::NO_PROVIDERS_CONFIGURED;
use crate::rules::CheckContext;

declare_rule! {
    /// ### What it does
    /// Finds projects that use Convex auth — functions call `ctx.auth.getUserIdentity()`, or the
    /// client renders `ConvexProviderWithAuth*` / calls `setAuth` — but have no
    /// `auth.config.ts` (or `.js`) in the Convex functions dir. It is an error when a function
    /// asks who the user is, a warning when only client code waits on Convex auth
    /// (`useConvexAuth`, `<Authenticated>`), and an info when nothing reads auth yet.
    ///
    /// ### Why is this bad?
    /// Without the file Convex has no auth providers, so it rejects every token the client sends
    /// and `getUserIdentity()` always returns `null`.
    ///
    /// ### Symptom
    /// Sign-in with WorkOS works, but `useConvexAuth().isAuthenticated` stays `false`.
    ///
    /// ### Fix
    /// Create `convex/auth.config.ts` with the two WorkOS providers, then run `npx convex dev`
    /// (or `npx convex deploy`) so the backend picks it up.
    ///
    /// ### Example
    /// ```ts
    /// // convex/auth.config.ts (missing) -> add:
    /// const clientId = process.env.WORKOS_CLIENT_ID;
    /// export default {
    ///   providers: [
    ///     { type: "customJwt", issuer: "https://api.workos.com/", algorithm: "RS256",
    ///       jwks: `https://api.workos.com/sso/jwks/${clientId}`, applicationID: clientId },
    ///     { type: "customJwt", issuer: `https://api.workos.com/user_management/${clientId}`,
    ///       algorithm: "RS256", jwks: `https://api.workos.com/sso/jwks/${clientId}` },
    ///   ],
    /// };
    /// ```
    pub static RULE = {
        id: "auth-config/missing",
        severity: Error,
        symptoms: [ConvexUnauthenticated],
        summary: "Convex auth is used but there is no auth.config.ts",
    };
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for (index, (dir, convex)) in cx.project.convex_dirs.iter().zip(&cx.facts.convex).enumerate() {
        // Only where AuthKit signs users in: a Convex project without auth (a template's sample
        // `getUserIdentity()` call) or with another provider is not this tool's to judge.
        if dir.auth_config().is_some() || cx.facts.setup.of_convex(index) != crate::facts::setup::AuthSetup::AuthkitConvex {
            continue;
        }
        let client_use = cx
            .project
            .apps
            .iter()
            .zip(&cx.facts.apps)
            .filter(|(a, _)| a.convex == Some(index))
            .find_map(|(_, f)| f.code.convex_auth_uses.first());
        let (location, what) = match (convex.identity_calls.first(), client_use) {
            (Some(call), _) => (call.clone(), "functions call `ctx.auth.getUserIdentity()`".to_string()),
            (None, Some((name, loc))) => (loc.clone(), format!("the client uses `{name}`")),
            (None, None) => continue,
        };
        // Without a function that asks who the user is, a rejected token costs console errors
        // and `useConvexAuth()`, not sign-in: a warning. When no client code asks Convex either
        // (`useConvexAuth`, `<Authenticated>`), nothing depends on the token yet: an info.
        let client_reads_auth = cx.project.apps.iter().zip(&cx.facts.apps).filter(|(a, _)| a.convex == Some(index)).any(|(_, f)| {
            f.code.files.iter().chain(&f.react.workspace_files).any(|file| {
                file.react.hooks.iter().any(|h| h.callee == "useConvexAuth")
                    || file.react.elements.iter().any(|e| matches!(e.name.as_str(), "Authenticated" | "Unauthenticated" | "AuthLoading"))
            })
        });
        let severity = match (convex.identity_calls.is_empty(), client_reads_auth) {
            (false, _) => RULE.severity,
            (true, true) => crate::diagnostic::Severity::Warning,
            (true, false) => crate::diagnostic::Severity::Info,
        };
        out.push(
            RULE.finding(format!("{what}, but {}/auth.config.ts does not exist: Convex has no auth providers", dir.dir))
                .severity(severity)
                .at(location)
                .help("Every token is rejected until the Convex deployment knows which issuers to trust. Create the file, then run `npx convex dev` (or `npx convex deploy` for production).")
                .convex_message(NO_PROVIDERS_CONFIGURED)
                .fix(format!("Create {}/auth.config.ts:\n{KNOWN_GOOD_PROVIDERS}", dir.dir)),
        );
    }
}
