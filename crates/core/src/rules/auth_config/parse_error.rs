use crate::declare_rule;
use crate::diagnostic::{Finding, Location};
use crate::facts::auth_config::FileProblem;
use crate::rules::CheckContext;

declare_rule! {
    /// ### What it does
    /// Reports an `auth.config.ts` that does not parse (a syntax error, leftover merge-conflict
    /// markers, a binary or oversized file), and a `convex.json` that is not valid JSON(C).
    ///
    /// ### Why is this bad?
    /// Convex cannot bundle a file that does not parse, so the push fails, and nothing else in the
    /// file can be checked.
    ///
    /// ### Symptom
    /// `npx convex dev` / `npx convex deploy` fail; the deployment keeps stale providers.
    ///
    /// ### Fix
    /// Fix the syntax at the reported line (resolve the merge conflict), then push again.
    ///
    /// ### Example
    /// ```ts
    /// // before
    /// <<<<<<< HEAD
    ///     issuer: "https://api.workos.com/",
    /// =======
    ///     issuer: `https://api.workos.com/user_management/${clientId}`,
    /// >>>>>>> feature
    /// // after: keep the lines you mean, remove the markers
    /// ```
    pub static RULE = {
        id: "auth-config/parse-error",
        severity: Error,
        symptoms: [DeployFails, ConvexUnauthenticated],
        summary: "auth.config.ts (or convex.json) does not parse",
    };
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for (dir, convex) in cx.project.convex_dirs.iter().zip(&cx.facts.convex) {
        if let (Some(path), Some(error)) = (&dir.convex_json, &dir.convex_json_error) {
            out.push(
                RULE.finding(format!("{path} is not valid JSON: {error}"))
                    .at(Location::file_start(path.as_str()))
                    .help(format!("The Convex CLI reads this file first; authkit-doctor assumed the functions dir is {}.", dir.dir))
                    .fix("Fix the JSON syntax (comments are allowed, trailing garbage is not)."),
            );
        }
        let Some(facts) = &convex.auth_config else { continue };
        let (location, message, help) = match &facts.problem {
            None => continue,
            Some(FileProblem::Parse { span, message, merge_conflict }) => {
                let help = if *merge_conflict {
                    "The file still holds merge-conflict markers. Keep the side you want and remove the `<<<<<<<`, `=======` and `>>>>>>>` lines."
                } else {
                    "Convex bundles this file with esbuild; it must be valid TypeScript/JavaScript."
                };
                (span.in_file(&facts.file), format!("{} does not parse: {message}", facts.file), help)
            }
            Some(FileProblem::Binary) => (
                Location::file_start(facts.file.as_str()),
                format!("{} is not a text file", facts.file),
                "The auth config must be a TypeScript or JavaScript source file.",
            ),
            Some(FileProblem::TooDeep(depth)) => {
                // Not a push failure (esbuild copes); only this tool stops short, so it says so quietly.
                out.push(
                    RULE.finding(format!("{} is nested {depth} levels deep; too deep to analyse, so it was not checked", facts.file))
                        .severity(crate::diagnostic::Severity::Info)
                        .at(Location::file_start(facts.file.as_str()))
                        .help("authkit-doctor skips files nested beyond what hand-written code does; nothing in this file was checked."),
                );
                continue;
            }
            Some(FileProblem::TooLarge(n)) => (
                Location::file_start(facts.file.as_str()),
                format!("{} is {n} bytes; too large to be an auth config, not analysed", facts.file),
                "An auth config is a few lines; check that the right file is at this path.",
            ),
        };
        out.push(RULE.finding(message).at(location).help(help).fix("Fix the file so it parses, then run `npx convex dev`."));
    }
}
