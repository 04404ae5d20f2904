use crate::convex::no_auth_provider::{no_auth_provider_analysis, parse_provider_list};
use crate::declare_rule;
use crate::rules::logs::matcher::{Cause, Family, Hit, Level, Matcher};

declare_rule! {
    /// ### What it does
    /// Recognises Convex's `NoAuthProvider` error in pasted logs (`authkit-doctor logs`): the
    /// dev wording with the list of configured providers, and the production wording without
    /// it. Produced only by the `logs` command, never by a project scan.
    ///
    /// ### Why is this bad?
    /// Convex picks a provider by comparing the token's `iss` (and, where the provider has
    /// `applicationID`, its `aud`) before it checks anything else. No match means every request
    /// runs unauthenticated. The list in the message tells which side is wrong: an `app_id` on
    /// the `…/user_management/<clientId>` provider (AuthKit tokens have no `aud`), no
    /// user_management provider at all, an issuer naming another client id, or `undefined`
    /// where the client id should be.
    ///
    /// ### Symptom
    /// WorkOS sign-in works; `useConvexAuth()` stays false and the browser console shows
    /// `Failed to authenticate: "No auth provider found matching the given token…"`.
    ///
    /// ### Fix
    /// Make `convex/auth.config.ts` match what AuthKit issues (the two-provider shape), and the
    /// deployment's `WORKOS_CLIENT_ID` match the app's; push with `npx convex dev`.
    ///
    /// ### Example
    /// ```text
    /// Failed to authenticate: "No auth provider found matching the given token. Check that your JWT's issuer and audience match one of your configured providers: [CustomJWT(issuer=https://api.workos.com/, app_id=client_01…), CustomJWT(issuer=https://api.workos.com/user_management/client_01…, app_id=client_01…)]", check your server auth config
    /// ```
    /// Here the second provider's `app_id` is the bug: `authkit-doctor check --rule
    /// auth-config/application-id-on-user-management` points at the line.
    pub static RULE = {
        id: "logs/no-auth-provider",
        severity: Error,
        symptoms: [ConvexUnauthenticated, TokenRejected],
        summary: "Convex found no auth provider matching the token (NoAuthProvider)",
        runs_on: LogMessage(&MATCHER),
    };
}

pub static MATCHER: Matcher = Matcher {
    rule: &RULE,
    needles: &["no auth provider found matching the given token"],
    unless: &["(no providers configured)"],
    level: Level::Specific,
    family: Family::ConvexAuth,
    explain,
};

fn explain(hit: &Hit) -> Cause {
    let message = hit.message();
    let providers = parse_provider_list(message);
    let (hints, rules) = no_auth_provider_analysis(&providers, None);
    let key = providers.iter().map(|p| format!("{}|{}", p.issuer, p.app_id.as_deref().unwrap_or("none"))).collect::<Vec<_>>().join(",");
    let what = if providers.is_empty() {
        "Convex rejected the token: no configured auth provider matches its issuer and audience".to_string()
    } else {
        format!("Convex rejected the token: none of the {} configured providers matches its issuer and audience", providers.len())
    };
    Cause::new(what)
        .key(key)
        .help(hints.join(" "))
        .convex(message)
        .fix("Compare the token's `iss`/`aud` (paste it into `authkit-doctor token --project .`) with the providers; fix `convex/auth.config.ts` or the deployment's WORKOS_CLIENT_ID, then push with `npx convex dev`.")
        .token("token/no-matching-provider")
        .rules(&rules)
}
