use super::{apps, value_location};
use crate::declare_rule;
use crate::diagnostic::{Finding, Location};
use crate::facts::EnvMode;
use crate::facts::env::{
    BUILTIN_VARS, EnvFileFacts, MIN_COOKIE_PASSWORD_CHARS, SERVER_REQUIRED_VARS, defined_anywhere, is_auth_var, js_length,
    references_other_vars, server_sdk,
};
use crate::rules::CheckContext;
use std::collections::BTreeMap;

declare_rule! {
    /// ### What it does
    /// When an app ships an example env file (`.env.example`, `.env.local.example`,
    /// `.env.sample`, `.env.template`), checks that it lists what a fresh clone needs:
    /// - every variable the app's code reads that is a WorkOS/Convex variable or that the real
    ///   env files define (platform variables such as `VERCEL_URL` are left out);
    /// - for a server AuthKit SDK, the variables the SDK itself reads (`WORKOS_CLIENT_ID`,
    ///   `WORKOS_API_KEY`, `WORKOS_COOKIE_PASSWORD`, and the redirect URI variable in use);
    /// - and that a placeholder `WORKOS_COOKIE_PASSWORD` is at least 32 characters, since
    ///   people copy the file as it is.
    ///
    /// An app without an example file is not reported.
    ///
    /// ### Why is this bad?
    /// Whoever clones the project copies the example, and the app fails on the variable it
    /// does not mention, or on a cookie password the SDK refuses.
    ///
    /// ### Symptom
    /// Sign-in works on your machine and fails on a teammate's fresh clone.
    ///
    /// ### Fix
    /// Add the missing names to the example file with placeholder values, and make the
    /// cookie-password placeholder at least 32 characters.
    ///
    /// ### Example
    /// ```sh
    /// # .env.example
    /// VITE_CONVEX_URL=https://your-deployment.convex.cloud
    /// VITE_WORKOS_CLIENT_ID=client_...
    /// WORKOS_COOKIE_PASSWORD=replace-with-a-random-string-of-32-or-more-characters
    /// ```
    pub static RULE = {
        id: "env/example-incomplete",
        severity: Info,
        symptoms: [SignInDoesNothing],
        summary: "the example env file lacks a var the code reads, or has a short cookie password",
    };
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for a in apps(cx) {
        let examples: Vec<&EnvFileFacts> = a.files().iter().filter(|f| f.mode == EnvMode::Example).collect();
        let Some(first) = examples.first() else { continue };
        let documented = |name: &str| examples.iter().any(|f| f.get(name).is_some());
        // Name → where the code reads it (none when the SDK reads it).
        let mut needed: BTreeMap<&str, Option<Location>> = BTreeMap::new();
        for read in &a.facts.code.env_reads {
            let name = read.name.as_str();
            // Config and script files read build-time or CI settings, not what a clone fills in.
            if BUILTIN_VARS.contains(&name) || super::is_platform_var(name) || super::is_tooling_file(&read.location.file) {
                continue;
            }
            if is_auth_var(name) || defined_anywhere(a.files(), name) {
                needed.entry(name).or_insert_with(|| Some(read.location.clone()));
            }
        }
        if server_sdk(a.package).is_some() {
            for name in SERVER_REQUIRED_VARS {
                needed.entry(name).or_insert(None);
            }
            for name in ["NEXT_PUBLIC_WORKOS_REDIRECT_URI", "WORKOS_REDIRECT_URI"] {
                if defined_anywhere(a.files(), name) {
                    needed.entry(name).or_insert(None);
                }
            }
        }
        let missing: Vec<(&str, Option<Location>)> = needed.into_iter().filter(|(name, _)| !documented(name)).collect();
        if !missing.is_empty() {
            let names: Vec<&str> = missing.iter().map(|(n, _)| *n).collect();
            let mut finding = RULE
                .finding(format!("{} does not list {}, which the app needs", first.name, names.join(", ")))
                .at(Location::file_start(first.path.clone()))
                .help("A fresh clone starts from this file; every variable it leaves out is undefined until someone finds out.")
                .fix(format!(
                    "Add {} to {} with placeholder values.",
                    names.iter().map(|n| format!("`{n}=`")).collect::<Vec<_>>().join(", "),
                    first.name
                ));
            for (name, read) in missing.into_iter().filter_map(|(n, r)| Some((n, r?))).take(5) {
                finding = finding.related(read, format!("{name} is read here"));
            }
            out.push(finding);
        }
        for example in &examples {
            let Some(entry) = example.get("WORKOS_COOKIE_PASSWORD") else { continue };
            let length = js_length(&entry.value);
            if length == 0 || length >= MIN_COOKIE_PASSWORD_CHARS || references_other_vars(&entry.value) {
                continue;
            }
            out.push(
                RULE.finding(format!("the placeholder WORKOS_COOKIE_PASSWORD in {} is {length} characters; a copy of it would be refused (at least {MIN_COOKIE_PASSWORD_CHARS})", example.name))
                    .at(value_location(example, entry))
                    .help("People copy the example file as it is; the SDK then throws \"You must provide a valid cookie password that is at least 32 characters\".")
                    .fix("Use a placeholder of 32 or more characters, e.g. `replace-with-a-random-string-of-32-or-more-characters`, or leave it empty with a comment."),
            );
        }
    }
}
