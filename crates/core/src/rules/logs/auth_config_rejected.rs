use crate::declare_rule;
use crate::rules::logs::matcher::{Cause, Family, Hit, Level, Matcher};

declare_rule! {
    /// ### What it does
    /// Recognises Convex refusing to push `auth.config.ts`: `auth config file must include a
    /// list of provider credentials: …` (misspelt `applicationID`, unknown `type`, a
    /// `customJwt` with `domain`, …), `This auth configuration appears potentially insecure…`
    /// and `Invalid provider domain URL …`. Produced only by `authkit-doctor logs`, never by a
    /// project scan.
    ///
    /// ### Why is this bad?
    /// The push fails, so the deployment keeps its previous auth config (or none).
    ///
    /// ### Symptom
    /// `npx convex dev` / `deploy` fails.
    ///
    /// ### Fix
    /// `authkit-doctor check` finds the provider and key Convex complains about.
    ///
    /// ### Example
    /// ```text
    /// Error: auth config file must include a list of provider credentials: Provider at index 1 must have applicationID property spelled lowercase 'application', capital I, capital D.
    /// ```
    pub static RULE = {
        id: "logs/auth-config-rejected",
        severity: Error,
        symptoms: [DeployFails],
        summary: "the Convex push rejected auth.config.ts",
        runs_on: LogMessage(&MATCHER),
    };
}

pub static MATCHER: Matcher = Matcher {
    rule: &RULE,
    needles: &[
        "auth config file must include a list of provider credentials",
        "this auth configuration appears potentially insecure",
        "invalid provider domain url",
    ],
    unless: &[],
    level: Level::Specific,
    family: Family::None,
    explain,
};

fn explain(hit: &Hit) -> Cause {
    let message = hit.message();
    let lower = message.to_ascii_lowercase();
    let rules: &[&'static str] = if lower.contains("applicationid property spelled") {
        &["auth-config/application-id-spelling"]
    } else if lower.contains("unexpected 'type'") {
        &["auth-config/unknown-provider-type"]
    } else if lower.contains("potentially insecure") {
        &["auth-config/insecure-shared-issuer"]
    } else if lower.contains("domain url") {
        &["auth-config/invalid-issuer-url"]
    } else if lower.contains("algorithm") {
        &["auth-config/unsupported-algorithm"]
    } else {
        &[
            "auth-config/invalid-provider-shape",
            "auth-config/application-id-spelling",
            "auth-config/unknown-provider-type",
            "auth-config/parse-error",
        ]
    };
    let detail = message.split_once("provider credentials: ").map_or(message, |(_, d)| d);
    let detail =
        if detail.chars().count() > 140 { format!("{}…", detail.chars().take(140).collect::<String>()) } else { detail.to_string() };
    Cause::new(format!("Convex refused to push `auth.config.ts`: {detail}"))
        .key(message)
        .help("Convex validates the providers when the config is pushed and rejects the whole push on the first bad one; the deployment keeps its previous auth config.")
        .convex(message)
        .fix("Run `authkit-doctor check` in the project: it names the provider and key, with the same message.")
        .rules(rules)
}
