use super::{apps, effective_entries, value_location};
use crate::declare_rule;
use crate::diagnostic::Finding;
use crate::facts::env::{Mode, is_placeholder, references_other_vars};
use crate::redact::mask;
use crate::rules::CheckContext;

declare_rule! {
    /// ### What it does
    /// Finds a production env file (`.env.production`, `.env.production.local`) that sets the
    /// same WorkOS client id (any `…WORKOS_CLIENT_ID`), or else the same `WORKOS_API_KEY`, as
    /// development resolves to.
    ///
    /// Only a production-specific file says what production uses; production values set in the
    /// host's settings are not visible, so nothing is reported without such a file.
    ///
    /// ### Why is this bad?
    /// Development and production then share one WorkOS environment: test sign-ups mix with
    /// real users, redirect URIs for localhost and production sit side by side, and the
    /// staging environment's limits apply to production (or development touches real users).
    ///
    /// ### Symptom
    /// Production behaves like development (staging branding and limits), or production users
    /// appear in your development data.
    ///
    /// ### Fix
    /// Create a production environment in the WorkOS dashboard and use its client id and
    /// `sk_live_` key for production, also on the production Convex deployment.
    ///
    /// ### Example
    /// ```sh
    /// # .env.local        WORKOS_CLIENT_ID=client_01STAGING...
    /// # .env.production   WORKOS_CLIENT_ID=client_01STAGING...   ← same environment
    /// # after: .env.production WORKOS_CLIENT_ID=client_01PRODUCTION...
    /// ```
    pub static RULE = {
        id: "env/same-workos-env-dev-prod",
        severity: Warning,
        symptoms: [WorksInDevNotProd],
        summary: "the same WorkOS client id in development and production env files",
    };
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for a in apps(cx) {
        for prod in a.files().iter().filter(|f| matches!(f.name.as_str(), ".env.production" | ".env.production.local")) {
            // Client ids first: they name the environment; the API key only when no id matches.
            let candidates = effective_entries(prod)
                .filter(|e| e.key.ends_with("WORKOS_CLIENT_ID"))
                .chain(effective_entries(prod).filter(|e| e.key == "WORKOS_API_KEY"));
            for entry in candidates {
                let value = entry.value.trim();
                if value.is_empty() || is_placeholder(value) || references_other_vars(value) {
                    continue;
                }
                let dev = a.bundler.resolve(a.files(), &entry.key, Mode::Development);
                let Some((dev_file, dev_entry)) = dev.filter(|(f, e)| f.path != prod.path && e.value.trim() == value) else { continue };
                let shown = if entry.key.ends_with("WORKOS_CLIENT_ID") { format!("`{value}`") } else { mask(value) };
                out.push(
                    RULE.finding(format!("{} in {} is the same as in development ({}: {shown}): both use one WorkOS environment", entry.key, prod.name, dev_file.name))
                        .at(value_location(prod, entry))
                        .related(value_location(dev_file, dev_entry), "development uses the same value")
                        .help("Each WorkOS environment has its own users, redirect URIs and keys. Production should use a production environment (client id and sk_live_ key).")
                        .fix(format!("Set {} in {} to the production environment's value from the WorkOS dashboard.", entry.key, prod.name)),
                );
                break;
            }
        }
    }
}
