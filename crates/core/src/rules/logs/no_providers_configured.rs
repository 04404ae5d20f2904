use crate::declare_rule;
use crate::rules::logs::matcher::{Cause, Family, Hit, Level, Matcher};

declare_rule! {
    /// ### What it does
    /// Recognises Convex saying that the deployment has no auth providers at all: the
    /// `NoAuthProvider` message ending in `(no providers configured)`, and the dashboard's
    /// "This deployment has no configured authentication providers". Produced only by
    /// `authkit-doctor logs`, never by a project scan.
    ///
    /// ### Why is this bad?
    /// Without providers every token is rejected. Either there is no `auth.config.ts` in the
    /// functions directory Convex pushes, or it was never pushed to this deployment (a
    /// production deployment needs `npx convex deploy` too).
    ///
    /// ### Symptom
    /// WorkOS sign-in works; `useConvexAuth()` stays false.
    ///
    /// ### Fix
    /// Create `convex/auth.config.ts` with the two WorkOS `customJwt` providers and push it
    /// (`npx convex dev` for dev, `npx convex deploy` for prod).
    ///
    /// ### Example
    /// ```text
    /// No auth provider found matching the given token (no providers configured). Check convex/auth.config.ts.
    /// ```
    pub static RULE = {
        id: "logs/no-providers-configured",
        severity: Error,
        symptoms: [ConvexUnauthenticated, TokenRejected],
        summary: "the Convex deployment has no auth providers configured",
        runs_on: LogMessage(&MATCHER),
    };
}

pub static MATCHER: Matcher = Matcher {
    rule: &RULE,
    needles: &["(no providers configured)", "has no configured authentication providers"],
    unless: &[],
    level: Level::Specific,
    family: Family::ConvexAuth,
    explain,
};

fn explain(hit: &Hit) -> Cause {
    let start = hit.line.to_ascii_lowercase().find("no auth provider").unwrap_or(hit.at);
    Cause::new("the Convex deployment has no auth providers: every token is rejected")
        .help("Convex has no auth config for this deployment: `convex/auth.config.ts` (in the functions directory `convex.json` names) is missing, or was never pushed to this deployment.")
        .convex(crate::rules::logs::matcher::message_at(hit.line, start))
        .fix("Add `convex/auth.config.ts` with the two WorkOS customJwt providers and push it: `npx convex dev` (dev) or `npx convex deploy` (prod).")
        .token("token/no-matching-provider")
        .at(start)
        .rules(&["auth-config/missing", "auth-config/missing-default-export", "auth-config/both-ts-and-js"])
}
