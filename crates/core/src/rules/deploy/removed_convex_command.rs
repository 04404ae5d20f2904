use crate::declare_rule;
use crate::diagnostic::Finding;
use crate::rules::CheckContext;

declare_rule! {
    /// ### What it does
    /// Finds `npx convex auth add workos` (with any runner) in `package.json` scripts, Netlify /
    /// Vercel build commands, and the Markdown docs of the app and the project root (`*.md`,
    /// `docs/*.md`; changelogs are skipped). Both official Convex + AuthKit templates' READMEs
    /// still tell you to run it.
    ///
    /// ### Why is this bad?
    /// The command was removed from the Convex CLI. It now fails with "convex auth commands were
    /// removed, see https://docs.convex.dev/auth for up to date instructions.", and setup stops
    /// there (or a script that chains it fails).
    ///
    /// ### Symptom
    /// Following the README's setup fails at that step; `convex/auth.config.ts` is never created.
    ///
    /// ### Fix
    /// Write `convex/auth.config.ts` yourself (the two `customJwt` providers) and set
    /// `WORKOS_CLIENT_ID` on the deployment with `npx convex env set`; update the docs.
    ///
    /// ### Example
    /// ```sh
    /// # before
    /// npx convex auth add workos
    /// # after
    /// npx convex env set WORKOS_CLIENT_ID client_...
    /// ```
    pub static RULE = {
        id: "deploy/removed-convex-command",
        severity: Info,
        symptoms: [DeployFails],
        summary: "scripts or docs run the removed `npx convex auth add workos`",
    };
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    let mut seen = std::collections::BTreeSet::new();
    for facts in &cx.facts.apps {
        for location in &facts.deploy.removed_command {
            if !seen.insert(location.clone()) {
                continue;
            }
            out.push(
                RULE.finding(format!("{} runs `npx convex auth add workos`, which the Convex CLI no longer has", location.file))
                    .at(location.clone())
                    .convex_message("convex auth commands were removed, see https://docs.convex.dev/auth for up to date instructions.")
                    .help("The command used to write convex/auth.config.ts for WorkOS; now you write that file yourself and set WORKOS_CLIENT_ID on the deployment.")
                    .fix("Replace the step with: create convex/auth.config.ts with the two customJwt providers, then `npx convex env set WORKOS_CLIENT_ID <client id>`."),
            );
        }
    }
}
