use super::{apps, is_platform_var, is_tooling_file};
use crate::declare_rule;
use crate::diagnostic::{Finding, Location};
use crate::facts::EnvMode;
use crate::facts::env::{BUILTIN_VARS, has_local_env, is_auth_var};
use crate::rules::CheckContext;

declare_rule! {
    /// ### What it does
    /// Says, once per app, that the working copy has no local env file (`.env.local`, `.env`,
    /// `.env.development`, …) — the state of every fresh clone and CI checkout, since local env
    /// files are git-ignored — and which file documents the variables to fill in
    /// (`.env.example`, `.env.local.example`, …).
    ///
    /// The rules that judge env values (`env/missing-client-id`, `env/cookie-password`,
    /// `convex-env/convex-url-missing`, …) have nothing to judge then and stay quiet, so a fresh
    /// clone gets the same verdict as CI instead of one error per variable. Run the doctor again
    /// in the working copy you start the app from to have the values checked.
    ///
    /// ### Why is this bad?
    /// It is not a bug in the project. Until the local env exists the app cannot start: the
    /// Convex client has no URL and the AuthKit SDK no client id.
    ///
    /// ### Symptom
    /// On a fresh clone the app crashes on load, or "Sign in" does nothing.
    ///
    /// ### Fix
    /// Copy the example file to `.env.local` and fill it in; `npx convex dev` writes the Convex
    /// URL and deployment for you.
    ///
    /// ### Example
    /// ```sh
    /// cp .env.example .env.local   # then fill in the WorkOS values
    /// npx convex dev               # writes CONVEX_DEPLOYMENT and the Convex URL
    /// ```
    pub static RULE = {
        id: "env/local-env-not-set-up",
        severity: Info,
        symptoms: [SignInDoesNothing, LoadingLoop],
        summary: "no local env file in this working copy (a fresh clone): env values were not checked",
    };
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for a in apps(cx) {
        if has_local_env(a.files()) {
            continue;
        }
        // Only apps that read configuration from the env: what a clone has to fill in.
        let mut wanted: Vec<&str> = a
            .facts
            .code
            .env_reads
            .iter()
            .map(|r| r.name.as_str())
            .filter(|n| is_auth_var(n) && !BUILTIN_VARS.contains(n) && !is_platform_var(n))
            .collect();
        wanted.sort_unstable();
        wanted.dedup();
        let server = crate::facts::env::server_sdk(a.package);
        if wanted.is_empty() && server.is_none() {
            continue;
        }
        let dir = if a.app.dir.is_empty() { "." } else { a.app.dir.as_str() };
        let example = a.files().iter().find(|f| f.mode == EnvMode::Example);
        let (message, location) = match example {
            Some(example) => (
                format!(
                    "no local env file in {dir} (a fresh clone?): {} documents the variables to set; env values were not checked",
                    example.name
                ),
                Location::file_start(example.path.clone()),
            ),
            None => (
                format!(
                    "no local env file in {dir} (a fresh clone?) and no example env file documents what to set; env values were not checked"
                ),
                Location::file_start(a.package.path.clone()),
            ),
        };
        let mut finding = RULE
            .finding(message)
            .at(location)
            .help("Local env files are git-ignored, so clones and CI checkouts have none. Run the doctor in the working copy you start the app from to check the values.");
        finding = match example {
            Some(example) => {
                let local = crate::source::join_rel(&a.app.dir, ".env.local");
                finding.fix(format!("cp {} {local}, fill it in, then run `npx convex dev`", example.path))
            }
            None => finding.fix(format!(
                "Create {}{}, and commit a .env.example listing the names",
                crate::source::join_rel(&a.app.dir, ".env.local"),
                if wanted.is_empty() { String::new() } else { format!(" with {}", wanted.join(", ")) }
            )),
        };
        if let Some(read) = a.facts.code.env_reads.iter().find(|r| wanted.contains(&r.name.as_str()) && !is_tooling_file(&r.location.file))
        {
            finding = finding.related(read.location.clone(), format!("{} is read here", read.name));
        }
        out.push(finding);
    }
}
