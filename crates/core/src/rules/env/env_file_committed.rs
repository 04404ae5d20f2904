use super::{effective_entries, real_env_files, value_location};
use crate::declare_rule;
use crate::diagnostic::{Finding, Location, Severity};
use crate::facts::env::holds_secret;
use crate::facts::git::GitSource;
use crate::rules::CheckContext;

declare_rule! {
    /// ### What it does
    /// Finds real env files (not `.env.example`-style documentation) that git tracks, or that
    /// no ignore rule covers, so the next `git add .` commits them:
    /// - an error when the file holds a secret (`WORKOS_API_KEY`, any `sk_test_`/`sk_live_`
    ///   value, `WORKOS_COOKIE_PASSWORD`, webhook and action secrets, deploy keys);
    /// - a warning for a `.local` file without a secret: `.local` files are machine-specific
    ///   by definition and every framework's docs say to ignore them.
    ///
    /// Committing `.env`, `.env.development` or `.env.production` with only public values is
    /// what Vite and Next.js recommend for shared defaults, so those are reported only when
    /// they hold a secret.
    ///
    /// Inside a git work tree git answers (`git ls-files`, `git check-ignore`, so
    /// `.git/info/exclude` and your global excludes count). Elsewhere, or when `git` is not
    /// available, the `.gitignore` files along the path are read, and only "not ignored" can
    /// be said.
    ///
    /// ### Why is this bad?
    /// A pushed secret is readable by everyone with access to the repository, forever (git
    /// history), and public repositories are scanned for keys within minutes.
    ///
    /// ### Symptom
    /// None until it is abused: the secret is exposed.
    ///
    /// ### Fix
    /// Ignore local env files and stop tracking them; rotate any secret that was pushed.
    ///
    /// ### Example
    /// ```sh
    /// echo '.env*.local' >> .gitignore
    /// git rm --cached .env.local
    /// # then rotate WORKOS_API_KEY in the WorkOS dashboard if the commit was pushed
    /// ```
    pub static RULE = {
        id: "env/env-file-committed",
        severity: Error,
        symptoms: [SecretExposure],
        summary: "a real env file is tracked by git or not ignored",
    };
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    let git = &cx.facts.git;
    for file in real_env_files(cx) {
        let secret = effective_entries(file).find(|e| holds_secret(e));
        if !file.local && secret.is_none() {
            continue;
        }
        let tracked = git.is_tracked(&file.path) == Some(true);
        let ignored = git.is_ignored(&file.path) == Some(true);
        let state = match (tracked, ignored) {
            (true, true) => "is committed to git, although .gitignore covers it (added before the rule, or with -f)",
            (true, false) => "is committed to git",
            (false, false) if git.source == GitSource::Git => "is not ignored by git: the next `git add .` commits it",
            (false, false) => "is not ignored by any .gitignore",
            (false, true) => continue,
        };
        let (severity, subject) = match secret {
            Some(entry) => (Severity::Error, format!("{}, which holds a secret ({}),", file.path, entry.key)),
            None => (Severity::Warning, file.path.clone()),
        };
        let pattern = if file.local { ".env*.local" } else { file.name.as_str() };
        let fix = if tracked {
            format!(
                "Run `git rm --cached {name}` and make sure .gitignore lists `{pattern}`{rotate}.",
                name = file.name,
                rotate = if secret.is_some() { "; rotate the secret if the commit was ever pushed" } else { "" }
            )
        } else if file.local {
            format!("Add `{pattern}` to .gitignore.")
        } else {
            format!("Move the secret to {}.local (and add `.env*.local` to .gitignore), or ignore {} itself.", file.name, file.name)
        };
        let mut finding = RULE
            .finding(format!("{subject} {state}"))
            .severity(severity)
            .at(Location::file_start(file.path.clone()))
            .help("Env files hold per-machine values and secrets; anyone with access to the repository, or its history, can read what was committed.")
            .fix(fix);
        if let Some(entry) = secret {
            finding = finding.related(value_location(file, entry), format!("{} is a secret", entry.key));
        }
        out.push(finding);
    }
}
