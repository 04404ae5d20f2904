use super::configs;
use crate::declare_rule;
use crate::diagnostic::{Finding, Location, Severity};
use crate::rules::CheckContext;

declare_rule! {
    /// ### What it does
    /// Lists the env vars `auth.config.ts` reads (`process.env.X`) and checks that each is set on
    /// the Convex deployment. The deployment's env comes from `--convex-env FILE` /
    /// `--convex-env-prod FILE` (the output of `npx convex env list --include-values`), from
    /// `convexEnv` in `authkit-doctor.json`, or from the project's Convex CLI with `check --online`
    /// (`--prod` for production). Without one, it reports (as info) which vars must be
    /// set. It also counts the vars read by the `@convex-dev/workos-authkit` component when its
    /// instance is imported into the auth config.
    ///
    /// ### Why is this bad?
    /// Convex evaluates the file on the deployment, where an unset variable throws; the push
    /// fails. Values in `.env.local` are not the deployment's env.
    ///
    /// ### Symptom
    /// `npx convex dev` / `deploy` fails with "Environment variable WORKOS_CLIENT_ID is used in
    /// auth config file but its value was not set".
    ///
    /// ### Fix
    /// `npx convex env set WORKOS_CLIENT_ID client_…` (and with `--prod` for production).
    ///
    /// ### Example
    /// ```sh
    /// npx convex env set WORKOS_CLIENT_ID client_01EXAMPLE0000000000000000
    /// npx convex env set --prod WORKOS_CLIENT_ID client_01EXAMPLEPROD00000000000000
    /// ```
    pub static RULE = {
        id: "auth-config/env-var-unset",
        severity: Error,
        symptoms: [DeployFails, ConvexUnauthenticated],
        summary: "auth.config.ts reads an env var the Convex deployment does not set",
    };
}

/// Env vars the AuthKit component's constructor reads; importing its instance into the auth
/// config makes Convex require them at push time.
const COMPONENT_VARS: &[&str] = &["WORKOS_CLIENT_ID", "WORKOS_API_KEY", "WORKOS_WEBHOOK_SECRET", "WORKOS_ACTION_SECRET"];

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for cfg in configs(cx) {
        let mut reads: Vec<(String, Location, &str)> = Vec::new();
        for read in &cfg.facts.env_reads {
            // Convex sets its system variables on every deployment; `convex env list` omits them.
            if crate::facts::convex_env::SYSTEM_VARS.contains(&read.name.as_str()) {
                continue;
            }
            if !reads.iter().any(|(n, _, _)| *n == read.name) {
                reads.push((read.name.clone(), cfg.loc(read.span), "read here"));
            }
        }
        if let Some(component) = &cfg.convex.authkit_component {
            for (source, span) in &cfg.facts.imports {
                if imports_file(&cfg.dir.dir, source, &component.file) {
                    for var in COMPONENT_VARS {
                        if !reads.iter().any(|(n, _, _)| n == var) {
                            reads.push((var.to_string(), cfg.loc(*span), "read by the AuthKit component imported here"));
                        }
                    }
                }
            }
        }
        if !cx.facts.deployment.any() {
            for (name, location, _) in &reads {
                out.push(
                    RULE.finding(format!(
                        "{name} must be set on every Convex deployment (dev and prod); authkit-doctor cannot see the deployment's env"
                    ))
                    .severity(Severity::Info)
                    .at(location.clone())
                    .help(
                        "Pass `--convex-env <file>` with the output of `npx convex env list --include-values` to check it, \
                         or run `authkit-doctor check --online` to read it with the Convex CLI.",
                    )
                    .fix(format!("npx convex env set {name} <value>\nnpx convex env set --prod {name} <value>")),
                );
            }
            continue;
        }
        for (deployment, env) in cx.facts.deployment.iter() {
            for (name, location, how) in &reads {
                if env.is_set(name) {
                    continue;
                }
                let flag = if deployment == "production" { "--prod " } else { "" };
                out.push(
                    RULE.finding(format!("{name} is not set on the {deployment} deployment ({how})"))
                        .at(location.clone())
                        .related(Location::file_start(env.path.as_str()), format!("the {deployment} deployment's env, without {name}"))
                        .help("Convex evaluates auth.config.ts on the deployment; an unset variable makes the push fail. `.env.local` is not the deployment's env.")
                        .convex_message(format!("Environment variable {name} is used in auth config file but its value was not set."))
                        .fix(format!("npx convex env set {flag}{name} <value>")),
                );
            }
        }
    }
}

/// Whether a relative import `source` in `<dir>/auth.config.ts` names the file `target`.
fn imports_file(dir: &str, source: &str, target: &str) -> bool {
    let Some(rel) = source.strip_prefix("./") else { return false };
    let base = crate::source::join_rel(dir, rel);
    [".ts", ".js", ".tsx", "/index.ts", ""].iter().any(|ext| format!("{base}{ext}") == target)
}
