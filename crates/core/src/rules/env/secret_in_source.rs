use crate::declare_rule;
use crate::diagnostic::Finding;
use crate::facts::env::{SecretKey, SecretKeyKind};
use crate::redact::mask;
use crate::rules::CheckContext;

declare_rule! {
    /// ### What it does
    /// Finds WorkOS API keys written into source files (`.ts`, `.tsx`, `.js`, …): any
    /// `sk_test_…`/`sk_live_…` literal whose body decodes to a WorkOS key
    /// (`key_<ULID>,<secret>` in base64).
    ///
    /// Stripe uses the same prefixes: a Stripe key, or anything that does not decode to the
    /// WorkOS shape (a placeholder such as `sk_test_xxxxxxxxxxxxxxxx`), is not reported here.
    /// Env files are covered by `env/env-file-committed` and `env/api-key-exposed-to-client`.
    ///
    /// ### Why is this bad?
    /// Whoever can read the repository, or the bundle when the file ships to the browser, can
    /// call the WorkOS API as you: list and impersonate users, read directory data, change
    /// the configuration. Keys in git history stay there after the line is deleted.
    ///
    /// ### Symptom
    /// None until it is abused: the key is exposed.
    ///
    /// ### Fix
    /// Rotate the key in the WorkOS dashboard (API Keys page), then read it from the
    /// environment on the server: `process.env.WORKOS_API_KEY`, set in `.env.local` (git-ignored)
    /// or with `npx convex env set WORKOS_API_KEY …` for Convex functions.
    ///
    /// ### Example
    /// ```ts
    /// // before
    /// const workos = new WorkOS("sk_test_a2V5XzAx...");
    /// // after
    /// const workos = new WorkOS(process.env.WORKOS_API_KEY);
    /// ```
    pub static RULE = {
        id: "env/secret-in-source",
        severity: Error,
        symptoms: [SecretExposure],
        summary: "a WorkOS API key literal in a source file",
    };
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for secret in &cx.facts.secret_literals {
        let (literal, location) = (secret.text.as_str(), &secret.location);
        let Some(key) = SecretKey::parse(literal) else { continue };
        let shape = match key.kind {
            SecretKeyKind::Workos => "",
            SecretKeyKind::WorkosDamaged => " (cut short or edited, but still WorkOS's format)",
            SecretKeyKind::Stripe | SecretKeyKind::Unrecognized => continue,
        };
        out.push(
            RULE.finding(format!("a WorkOS API key for the {} environment is hard-coded here: {}{shape}", key.environment(), mask(literal)))
                .at(location.clone())
                .help("Anyone with the repository (or the bundle, if this file reaches the browser) can use it. It stays in git history after the line is removed.")
                .fix("Rotate the key in the WorkOS dashboard (API Keys page), then read it from `process.env.WORKOS_API_KEY` in server code (set in .env.local, or with `npx convex env set WORKOS_API_KEY …` for Convex functions)."),
        );
    }
}
