use crate::declare_rule;
use crate::rules::logs::matcher::{Cause, Family, Hit, Level, Matcher};

declare_rule! {
    /// ### What it does
    /// Recognises `WorkOSPlatformNotAuthorized: Your WorkOS platform API key is not authorized
    /// to access this team.` from the Convex CLI's WorkOS integration. Produced only by
    /// `authkit-doctor logs`, never by a project scan.
    ///
    /// ### Why is this bad?
    /// The WorkOS workspace that Convex provisioned has had Convex removed; the CLI can no
    /// longer create environments or keys in it.
    ///
    /// ### Symptom
    /// `npx convex dev` fails while provisioning AuthKit.
    ///
    /// ### Fix
    /// `npx convex integration workos disconnect-team`, then `npx convex integration workos
    /// provision-team` (a new workspace needs another email address).
    ///
    /// ### Example
    /// ```text
    /// WorkOSPlatformNotAuthorized: Your WorkOS platform API key is not authorized to access this team.
    /// ```
    pub static RULE = {
        id: "logs/platform-not-authorized",
        severity: Error,
        symptoms: [DeployFails],
        summary: "the Convex CLI's WorkOS platform key lost access to the workspace",
        runs_on: LogMessage(&MATCHER),
    };
}

pub static MATCHER: Matcher = Matcher {
    rule: &RULE,
    needles: &["workosplatformnotauthorized", "platform api key is not authorized"],
    unless: &[],
    level: Level::Specific,
    family: Family::None,
    explain,
};

fn explain(hit: &Hit) -> Cause {
    Cause::new("the Convex CLI's WorkOS platform key is not authorized for this WorkOS team")
        .help("This typically happens when the WorkOS workspace has had Convex removed: the link between the Convex team and the WorkOS team is stale.")
        .convex(hit.message())
        .fix("npx convex integration workos disconnect-team\nnpx convex integration workos provision-team\n(a new WorkOS workspace needs an email address not used by another workspace)")
}
