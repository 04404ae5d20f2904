use crate::declare_rule;
use crate::rules::logs::matcher::{Cause, Family, Hit, Level, Matcher};

declare_rule! {
    /// ### What it does
    /// Recognises the Convex CLI refusing a push because `auth.config.ts` reads an env var the
    /// deployment does not have: `Environment variable X is used in auth config file but its
    /// value was not set.` (with the `Set it with:` instructions of convex ≥ 1.47 or the `Go
    /// to:` link of older CLIs) and `WORKOS_CLIENT_ID is not set; you can set it manually on
    /// the deployment…`. Netlify and Vercel build logs show the same lines. Produced only by
    /// `authkit-doctor logs`, never by a project scan.
    ///
    /// ### Why is this bad?
    /// The push (and the deploy build running it) fails; `npx convex dev` waits until the var
    /// is set.
    ///
    /// ### Symptom
    /// `npx convex dev` / `npx convex deploy` / the host's build fails.
    ///
    /// ### Fix
    /// `npx convex env set X <value>` (add `--prod` for production), or set it in the
    /// dashboard.
    ///
    /// ### Example
    /// ```text
    /// 3:04:05 PM: ✖ Environment variable WORKOS_CLIENT_ID is used in auth config file but its value was not set.
    /// ```
    pub static RULE = {
        id: "logs/auth-config-env-unset",
        severity: Error,
        symptoms: [DeployFails],
        summary: "the Convex push failed: auth.config.ts reads an env var the deployment lacks",
        runs_on: LogMessage(&MATCHER),
    };
}

pub static MATCHER: Matcher = Matcher {
    rule: &RULE,
    needles: &["is used in auth config file but its value was not set", "is not set; you can set it manually on the deployment"],
    unless: &[],
    level: Level::Specific,
    family: Family::None,
    explain,
};

fn explain(hit: &Hit) -> Cause {
    let before = &hit.line[..hit.at];
    let name = before.split_whitespace().last().unwrap_or("").trim_matches(|c: char| !(c.is_ascii_alphanumeric() || c == '_'));
    let name = if name.is_empty() { "the variable" } else { name };
    let start = hit.start_of("environment variable").or_else(|| before.rfind(name)).unwrap_or(hit.at);
    let mut rules = vec!["auth-config/env-var-unset"];
    if matches!(name, "WORKOS_API_KEY" | "WORKOS_WEBHOOK_SECRET" | "WORKOS_ACTION_SECRET") {
        rules.push("convex-env/component-env-missing");
    }
    Cause::new(format!("the Convex push failed: `auth.config.ts` reads {name}, which is not set on the deployment"))
        .key(name)
        .at(start.min(hit.at))
        .help(format!("Convex evaluates `auth.config.ts` with the deployment's env vars, not your `.env.local`. {name} must be set on each deployment (dev and prod separately); `npx convex dev` waits for it, `npx convex deploy` and host builds fail."))
        .convex(crate::rules::logs::matcher::message_at(hit.line, start).trim_start_matches(['✖', ' ']))
        .fix(format!("npx convex env set {name} <value>   # add --prod for the production deployment"))
        .rules(&rules)
}
