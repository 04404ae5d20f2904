use super::configs;
use crate::declare_rule;
use crate::diagnostic::Finding;
use crate::rules::CheckContext;

declare_rule! {
    /// ### What it does
    /// Finds `client_…` literals in `auth.config.ts`, written directly or as a fallback
    /// (`process.env.WORKOS_CLIENT_ID ?? "client_…"`).
    ///
    /// ### Why is this bad?
    /// Dev and prod deployments then share one WorkOS environment (and its users), or one of
    /// them trusts the wrong client. A fallback is also dead code in Convex: an unset env var
    /// makes the push fail before the fallback is used.
    ///
    /// ### Symptom
    /// Works in development, fails in production (or production users land in the dev
    /// environment).
    ///
    /// ### Fix
    /// Read the id from `process.env.WORKOS_CLIENT_ID` only, and set it per deployment with
    /// `npx convex env set WORKOS_CLIENT_ID client_…` (add `--prod` for production).
    ///
    /// ### Example
    /// ```ts
    /// // before
    /// const clientId = process.env.WORKOS_CLIENT_ID ?? "client_01EXAMPLE0000000000000000";
    /// // after
    /// const clientId = process.env.WORKOS_CLIENT_ID;
    /// ```
    pub static RULE = {
        id: "auth-config/hardcoded-client-id",
        severity: Warning,
        symptoms: [WorksInDevNotProd],
        summary: "a client_… literal in auth.config.ts",
    };
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for cfg in configs(cx) {
        for (id, span) in &cfg.facts.client_id_literals {
            let as_fallback = cfg.facts.env_reads.iter().find(|r| r.fallback.as_ref().is_some_and(|(text, _)| text == id));
            let message = match as_fallback {
                Some(read) => format!("`{id}` is hard-coded as the fallback for process.env.{}", read.name),
                None => format!("`{id}` is hard-coded"),
            };
            out.push(
                RULE.finding(message)
                    .at(cfg.loc(*span))
                    .help("Each Convex deployment should get its client id from its own WORKOS_CLIENT_ID; a literal ties dev and prod to one WorkOS environment.")
                    .fix("Use `process.env.WORKOS_CLIENT_ID` alone, and run `npx convex env set WORKOS_CLIENT_ID <id>` on each deployment (`--prod` for production)."),
            );
        }
    }
}
