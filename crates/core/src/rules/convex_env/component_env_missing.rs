use crate::declare_rule;
use crate::diagnostic::{Finding, Location};
use crate::rules::CheckContext;

declare_rule! {
    /// ### What it does
    /// When the `@convex-dev/workos-authkit` component is used, checks that the Convex
    /// deployment sets what its constructor requires: `WORKOS_CLIENT_ID`, `WORKOS_API_KEY`,
    /// `WORKOS_WEBHOOK_SECRET`, and `WORKOS_ACTION_SECRET` when WorkOS Actions are enabled.
    /// Needs the deployment's env (`--convex-env` / `--convex-env-prod`).
    ///
    /// ### Why is this bad?
    /// The component throws "Missing environment variables: …" when its module loads, so the
    /// push fails, and webhooks (user sync) never verify.
    ///
    /// ### Symptom
    /// `npx convex dev` fails; users never appear in the component's table.
    ///
    /// ### Fix
    /// Set the variables on the deployment.
    ///
    /// ### Example
    /// ```sh
    /// npx convex env set WORKOS_API_KEY sk_test_...
    /// npx convex env set WORKOS_WEBHOOK_SECRET <secret from the WorkOS dashboard webhook>
    /// ```
    pub static RULE = {
        id: "convex-env/component-env-missing",
        severity: Error,
        symptoms: [DeployFails],
        summary: "the AuthKit component's env vars are missing on the deployment",
    };
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for convex in &cx.facts.convex {
        let Some(component) = &convex.authkit_component else { continue };
        let mut required = vec!["WORKOS_CLIENT_ID", "WORKOS_API_KEY", "WORKOS_WEBHOOK_SECRET"];
        if convex.authkit_actions.is_some() {
            required.push("WORKOS_ACTION_SECRET");
        }
        for (name, env) in cx.facts.deployment.iter() {
            let missing: Vec<&str> = required.iter().copied().filter(|v| !env.is_set(v)).collect();
            if missing.is_empty() {
                continue;
            }
            let flag = if name == "production" { "--prod " } else { "" };
            out.push(
                RULE.finding(format!("the {name} deployment lacks {} required by @convex-dev/workos-authkit", missing.join(", ")))
                    .at(component.clone())
                    .related(Location::file_start(env.path.as_str()), format!("the {name} deployment's env"))
                    .help("The component reads these when its module loads and throws if one is missing.")
                    .convex_message(format!("Missing environment variables: {}", missing.join(", ")))
                    .fix(missing.iter().map(|v| format!("npx convex env set {flag}{v} <value>")).collect::<Vec<_>>().join("\n")),
            );
        }
    }
}
