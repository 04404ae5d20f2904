use super::client_id_vars;
use crate::declare_rule;
use crate::diagnostic::{Finding, Location};
use crate::facts::env::{Mode, lookup};
use crate::facts::{DeploymentEnv, EnvMode};
use crate::rules::CheckContext;

declare_rule! {
    /// ### What it does
    /// Compares the frontend's WorkOS client id (`VITE_WORKOS_CLIENT_ID` for SPAs,
    /// `WORKOS_CLIENT_ID` for server frameworks) with the Convex deployment's
    /// `WORKOS_CLIENT_ID`, per environment: the dev env files against the dev deployment
    /// (`--convex-env`), the production env files against the prod deployment
    /// (`--convex-env-prod`).
    ///
    /// ### Why is this bad?
    /// The app signs users in with one WorkOS environment while Convex's `auth.config.ts`
    /// builds its issuer and JWKS from the other's client id: every token's `iss` names a client
    /// Convex does not trust.
    ///
    /// ### Symptom
    /// WorkOS sign-in works; `useConvexAuth()` stays false; Convex says "No auth provider found".
    ///
    /// ### Fix
    /// Make both the same: `npx convex env set WORKOS_CLIENT_ID <the app's client id>` (or fix
    /// the env file).
    ///
    /// ### Example
    /// ```sh
    /// # .env.local                VITE_WORKOS_CLIENT_ID=client_01NEW...
    /// # npx convex env list       WORKOS_CLIENT_ID=client_01OLD...
    /// npx convex env set WORKOS_CLIENT_ID client_01NEW...
    /// ```
    pub static RULE = {
        id: "convex-env/client-id-mismatch",
        severity: Error,
        symptoms: [ConvexUnauthenticated, TokenRejected],
        summary: "the deployment's WORKOS_CLIENT_ID differs from the frontend's",
    };
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    let deployments: [(Mode, Option<&DeploymentEnv>, &str); 2] = [
        (Mode::Development, cx.facts.deployment.dev.as_ref(), "development"),
        (Mode::Production, cx.facts.deployment.prod.as_ref(), "production"),
    ];
    for (app, facts) in cx.project.apps.iter().zip(&cx.facts.apps) {
        for (mode, deployment, name) in deployments {
            let Some(deployment) = deployment else { continue };
            let Some(deployed) = deployment.get("WORKOS_CLIENT_ID") else { continue };
            let found = client_id_vars(app.framework).iter().find_map(|var| Some((*var, lookup(&facts.env_files, var, mode)?)));
            let Some((var, (file, entry))) = found else { continue };
            // Production values usually live on the host, not in files: only a production-specific
            // file says what production uses.
            if mode == Mode::Production && file.mode != EnvMode::Production {
                continue;
            }
            if entry.value.trim() == deployed.value.trim() {
                continue;
            }
            out.push(
                RULE.finding(format!(
                    "{var} in {} is `{}`, but the {name} Convex deployment's WORKOS_CLIENT_ID is `{}`",
                    file.name, entry.value, deployed.value
                ))
                .at(Location::new(file.path.clone(), entry.value_span.start, entry.value_span.end))
                .related(
                    Location::new(deployment.path.clone(), deployed.value_span.start, deployed.value_span.end),
                    format!("the {name} deployment's WORKOS_CLIENT_ID"),
                )
                .help("auth.config.ts builds the trusted issuer and JWKS from the deployment's WORKOS_CLIENT_ID, so tokens from the app's WorkOS environment match no provider.")
                .fix(format!(
                    "npx convex env set {}WORKOS_CLIENT_ID {}   # or change {var} in {} if the deployment is right",
                    if mode == Mode::Production { "--prod " } else { "" },
                    entry.value,
                    file.name
                )),
            );
        }
    }
}
