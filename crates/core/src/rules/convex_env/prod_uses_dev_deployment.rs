use super::CONVEX_URL_VARS;
use crate::declare_rule;
use crate::diagnostic::{Finding, Location};
use crate::facts::{EnvFileFacts, EnvMode};
use crate::rules::CheckContext;

declare_rule! {
    /// ### What it does
    /// Finds a production env file (`.env.production`, `.env.production.local`) whose Convex URL
    /// points at the development deployment — the same URL as `.env.local`, or the deployment
    /// named by `.env.local`'s `CONVEX_DEPLOYMENT=dev:<name>`.
    ///
    /// ### Why is this bad?
    /// Production then talks to the dev deployment, whose `WORKOS_CLIENT_ID` belongs to the
    /// development WorkOS environment: production tokens are rejected (and dev data is live).
    ///
    /// ### Symptom
    /// Works in development, fails in production.
    ///
    /// ### Fix
    /// Point production at the prod deployment's URL (`npx convex deploy` prints it).
    ///
    /// ### Example
    /// ```sh
    /// # .env.production
    /// # before: VITE_CONVEX_URL=https://happy-animal-123.convex.cloud   (dev)
    /// # after:  VITE_CONVEX_URL=https://brave-otter-456.convex.cloud    (prod)
    /// ```
    pub static RULE = {
        id: "convex-env/prod-uses-dev-deployment",
        severity: Warning,
        symptoms: [WorksInDevNotProd],
        summary: "the production env points at the dev Convex deployment",
    };
}

/// The dev deployment's URL, from `CONVEX_DEPLOYMENT=dev:<name>` or a dev-mode Convex URL.
fn dev_urls(files: &[&EnvFileFacts]) -> Vec<String> {
    let mut urls = Vec::new();
    for f in files.iter().filter(|f| matches!(f.mode, EnvMode::All | EnvMode::Development)) {
        if let Some(e) = f.get("CONVEX_DEPLOYMENT")
            && let Some(name) = e.value.trim().strip_prefix("dev:")
        {
            let name = name.split_whitespace().next().unwrap_or("");
            urls.push(format!("https://{name}.convex.cloud"));
        }
        for var in CONVEX_URL_VARS {
            if let Some(e) = f.get(var) {
                urls.push(e.value.trim().trim_end_matches('/').to_string());
            }
        }
    }
    urls
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for (app, facts) in cx.project.apps.iter().zip(&cx.facts.apps) {
        let mut sources: Vec<&EnvFileFacts> = facts.env_files.iter().collect();
        if let Some(c) = app.convex {
            sources.extend(cx.facts.convex[c].env_files.iter());
        }
        let dev = dev_urls(&sources);
        if dev.is_empty() {
            continue;
        }
        for file in facts.env_files.iter().filter(|f| f.mode == EnvMode::Production) {
            for var in CONVEX_URL_VARS {
                let Some(entry) = file.get(var) else { continue };
                let url = entry.value.trim().trim_end_matches('/');
                if !dev.iter().any(|d| d == url) {
                    continue;
                }
                out.push(
                    RULE.finding(format!("{var} in {} is the development deployment ({url})", file.name))
                        .at(Location::new(file.path.clone(), entry.value_span.start, entry.value_span.end))
                        .help("Production must use the prod deployment, which has its own WORKOS_CLIENT_ID for the production WorkOS environment.")
                        .fix(format!("Set {var} to the prod deployment's URL (printed by `npx convex deploy`).")),
                );
            }
        }
    }
}
