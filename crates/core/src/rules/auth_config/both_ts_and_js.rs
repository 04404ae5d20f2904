use crate::declare_rule;
use crate::diagnostic::{Finding, Location};
use crate::rules::CheckContext;

declare_rule! {
    /// ### What it does
    /// Finds a Convex functions dir holding both `auth.config.ts` and `auth.config.js`.
    ///
    /// ### Why is this bad?
    /// The Convex CLI refuses to bundle the auth config when both exist, so `npx convex dev` and
    /// `npx convex deploy` stop before pushing anything.
    ///
    /// ### Symptom
    /// The push fails; the deployment keeps its old providers (or none).
    ///
    /// ### Fix
    /// Delete the file you do not use (usually the `.js` left over from an older setup).
    ///
    /// ### Example
    /// ```text
    /// convex/auth.config.js   <- delete
    /// convex/auth.config.ts   <- keep
    /// ```
    pub static RULE = {
        id: "auth-config/both-ts-and-js",
        severity: Error,
        symptoms: [DeployFails],
        summary: "both auth.config.ts and auth.config.js exist",
    };
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for dir in &cx.project.convex_dirs {
        let (Some(ts), Some(js)) = (&dir.auth_config_ts, &dir.auth_config_js) else { continue };
        out.push(
            RULE.finding(format!("both {ts} and {js} exist; the Convex CLI refuses to push"))
                .at(Location::file_start(js.as_str()))
                .related(Location::file_start(ts.as_str()), "the TypeScript config is here")
                .help("Keep one auth config. The CLI stops with this message before pushing any code.")
                .convex_message(format!("Found both {js} and {ts}, choose one."))
                .fix(format!("Delete {js} (or {ts}) and push again.")),
        );
    }
}
