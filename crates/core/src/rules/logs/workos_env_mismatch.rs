use crate::declare_rule;
use crate::rules::logs::matcher::{Cause, Family, Hit, Level, Matcher};

declare_rule! {
    /// ### What it does
    /// Recognises the Convex CLI's `WorkOS environment variable mismatch detected!` (with lines
    /// such as `WORKOS_CLIENT_ID: deployment has '…' but we need '…'`), printed when
    /// `convex.json` has an `authKit` section and the deployment's WorkOS credentials differ
    /// from the build environment's. Produced only by `authkit-doctor logs`, never by a project
    /// scan.
    ///
    /// ### Why is this bad?
    /// The app would sign users in with one WorkOS environment while Convex verifies tokens of
    /// another: every token would be rejected. The CLI stops the build instead.
    ///
    /// ### Symptom
    /// The build or `npx convex dev` stops.
    ///
    /// ### Fix
    /// Make the deployment's `WORKOS_CLIENT_ID` (and API key) the app's, or the reverse.
    ///
    /// ### Example
    /// ```text
    /// WorkOS environment variable mismatch detected!
    ///   WORKOS_CLIENT_ID: deployment has 'client_01A…' but we need 'client_01B…'
    /// ```
    pub static RULE = {
        id: "logs/workos-env-mismatch",
        severity: Error,
        symptoms: [DeployFails, WorksInDevNotProd],
        summary: "the Convex CLI found different WorkOS credentials on the deployment and in the build",
        runs_on: LogMessage(&MATCHER),
    };
}

pub static MATCHER: Matcher = Matcher {
    rule: &RULE,
    needles: &["workos environment variable mismatch detected"],
    unless: &[],
    level: Level::Specific,
    family: Family::None,
    explain,
};

fn explain(hit: &Hit) -> Cause {
    Cause::new("the deployment and the build use different WorkOS credentials")
        .help("With an `authKit` section in `convex.json` the CLI compares the deployment's WORKOS_CLIENT_ID/WORKOS_API_KEY with the build environment's (`.env.local` or the host's env) and stops when they differ: tokens from one WorkOS environment would be checked against another's keys.")
        .convex(hit.message())
        .fix("Use one WorkOS environment per deployment: set the same WORKOS_CLIENT_ID in the app's env and on the deployment (`npx convex env set WORKOS_CLIENT_ID …`).")
        .rules(&["convex-env/client-id-mismatch"])
}
