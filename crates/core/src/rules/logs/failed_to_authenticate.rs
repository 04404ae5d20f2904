use crate::declare_rule;
use crate::rules::logs::matcher::{Cause, Family, Hit, Level, Matcher};

declare_rule! {
    /// ### What it does
    /// Recognises the Convex browser client giving up on auth: `Failed to authenticate: "…",
    /// check your server auth config`, when the quoted server message is not one `logs` knows
    /// (a known one is reported as its own rule instead). Produced only by `authkit-doctor
    /// logs`, never by a project scan.
    ///
    /// ### Why is this bad?
    /// After the server rejected the token twice (once with a force-refreshed token), the
    /// client sets auth to none: `useConvexAuth().isAuthenticated` becomes false and queries
    /// run without a user.
    ///
    /// ### Symptom
    /// WorkOS sign-in works but Convex sees no user.
    ///
    /// ### Fix
    /// Read the quoted server message; `authkit-doctor token <jwt> --project .` tells which
    /// part of the config rejects the token.
    ///
    /// ### Example
    /// ```text
    /// Failed to authenticate: "Some new server error", check your server auth config
    /// ```
    pub static RULE = {
        id: "logs/failed-to-authenticate",
        severity: Error,
        symptoms: [ConvexUnauthenticated],
        summary: "the Convex client gave up authenticating (server message not recognised)",
        runs_on: LogMessage(&MATCHER),
    };
}

pub static MATCHER: Matcher = Matcher {
    rule: &RULE,
    needles: &["failed to authenticate: "],
    unless: &[],
    level: Level::Enclosing,
    family: Family::ConvexAuth,
    explain,
};

fn explain(hit: &Hit) -> Cause {
    let inner = hit.rest()["failed to authenticate: ".len()..].trim_start_matches(['\\', '"']);
    let inner = crate::rules::logs::matcher::message_at(inner, 0);
    Cause::new(format!("the Convex client gave up authenticating: {inner}"))
        .key(inner)
        .help("The Convex server rejected the token twice (the second time force-refreshed), so the client set auth to none: `useConvexAuth()` is false and queries run without a user. The quoted message is the server's reason.")
        .convex(inner)
        .fix("Run `authkit-doctor token <the access token> --project .` to see which provider the token fails and why.")
        .rules(&["auth-config/application-id-on-user-management", "auth-config/missing-user-management-provider", "convex-env/client-id-mismatch"])
}
