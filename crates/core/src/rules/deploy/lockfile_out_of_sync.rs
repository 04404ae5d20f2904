use crate::declare_rule;
use crate::diagnostic::{Finding, Location};
use crate::discover::AUTHKIT_PACKAGES;
use crate::rules::CheckContext;

declare_rule! {
    /// ### What it does
    /// Finds an AuthKit SDK (or Convex glue package) whose version in `node_modules`, or in the
    /// app's only lockfile, is outside the range `package.json` declares: the state right after
    /// a hand edit of `package.json`, or a half-done upgrade. Version-specific rules then judge
    /// the declared range, the version that runs after the next install; this finding names
    /// both.
    ///
    /// ### Why is this bad?
    /// Until the next `npm install` the old version is what runs, so the code written for the
    /// new one fails locally; and `npm ci` (or `pnpm install --frozen-lockfile`, the CI
    /// default) refuses a lockfile that does not match `package.json`, so the deploy fails.
    ///
    /// ### Symptom
    /// It works on one machine and not another; the deploy fails at install.
    ///
    /// ### Fix
    /// Run the package manager's install and commit the updated lockfile.
    ///
    /// ### Example
    /// ```text
    /// package.json       "@workos-inc/authkit-nextjs": "^2.7.1"
    /// package-lock.json  node_modules/@workos-inc/authkit-nextjs  "version": "1.4.0"
    /// ```
    pub static RULE = {
        id: "deploy/lockfile-out-of-sync",
        severity: Warning,
        symptoms: [WorksInDevNotProd, DeployFails],
        summary: "the lockfile or node_modules holds an SDK version package.json no longer allows",
    };
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for (app, facts) in cx.project.apps.iter().zip(&cx.facts.apps) {
        for name in AUTHKIT_PACKAGES {
            let Some(version) = facts.versions.get(name) else { continue };
            let Some((held, place)) = &version.left_over else { continue };
            let at = facts
                .deploy
                .sdk_dependencies
                .iter()
                .find(|(dep, _)| dep == name)
                .map(|(_, at)| at.clone())
                .unwrap_or_else(|| Location::file_start(cx.project.package_of_app(app).path.as_str()));
            let install = if place.starts_with("node_modules/") {
                "until the next install the app runs the old one".to_string()
            } else {
                format!("`npm ci` and frozen-lockfile installs refuse {place}, and until the next install the app runs the old one")
            };
            out.push(
                RULE.finding(format!("{name}: package.json asks for `{}`, but {place} holds {held}: {install}", version.declared))
                    .at(at)
                    .help("Checks of version-specific behaviour here assume the declared range, which is what runs after the next install.")
                    .fix("Run your package manager's install (npm install, pnpm install, yarn, bun install) and commit the updated lockfile."),
            );
        }
    }
}
