use super::CONVEX_URL_VARS;
use crate::declare_rule;
use crate::diagnostic::Finding;
use crate::facts::env::{defined_anywhere, has_local_env};
use crate::rules::CheckContext;

declare_rule! {
    /// ### What it does
    /// Finds client code that reads the Convex URL (`VITE_CONVEX_URL`,
    /// `NEXT_PUBLIC_CONVEX_URL`, `EXPO_PUBLIC_CONVEX_URL`, …) when no env file of the app defines
    /// it. A working copy with no local env file at all (a fresh clone) is left to
    /// `env/local-env-not-set-up`.
    ///
    /// ### Why is this bad?
    /// `new ConvexReactClient(undefined)` throws, or the client connects nowhere; nothing that
    /// depends on Convex, auth included, works.
    ///
    /// ### Symptom
    /// The app crashes on load or stays loading; no WebSocket to `*.convex.cloud` in the network tab.
    ///
    /// ### Fix
    /// Run `npx convex dev` once (it writes the URL to `.env.local`), or add the variable to
    /// your env file and your host's settings.
    ///
    /// ### Example
    /// ```sh
    /// # .env.local
    /// VITE_CONVEX_URL=https://happy-animal-123.convex.cloud
    /// ```
    pub static RULE = {
        id: "convex-env/convex-url-missing",
        severity: Error,
        symptoms: [LoadingLoop, ConvexUnauthenticated],
        summary: "the client reads a Convex URL no env file defines",
    };
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for (app, facts) in cx.project.apps.iter().zip(&cx.facts.apps) {
        // A fresh clone has no local env at all: env/local-env-not-set-up says so once.
        if !has_local_env(&facts.env_files) {
            continue;
        }
        for var in CONVEX_URL_VARS {
            let Some(read) = facts.code.reads_env(var) else { continue };
            if defined_anywhere(&facts.env_files, var) {
                continue;
            }
            let (dir, place) = if app.dir.is_empty() { (".", "the project root".to_string()) } else { (app.dir.as_str(), app.dir.clone()) };
            out.push(
                RULE.finding(format!("the app reads {var}, but no env file in {place} defines it"))
                    .at(read.location.clone())
                    .help("The Convex client needs the deployment URL. `npx convex dev` writes it to .env.local; production needs it in the host's env settings.")
                    .fix(format!("Run `npx convex dev`, or add `{var}=https://<deployment>.convex.cloud` to {dir}/.env.local")),
            );
        }
    }
}
