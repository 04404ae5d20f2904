use super::report_push_errors;
use crate::declare_rule;
use crate::diagnostic::Finding;
use crate::facts::convex_push::PushErrorKind;
use crate::rules::CheckContext;

declare_rule! {
    /// ### What it does
    /// Finds an `auth.config.ts` without `export default` (an empty file, or a named export only).
    ///
    /// ### Why is this bad?
    /// Convex reads the providers from the default export only; the push is rejected.
    ///
    /// ### Symptom
    /// `npx convex dev` fails with "auth config file is missing default export".
    ///
    /// ### Fix
    /// Export the config object as the default export.
    ///
    /// ### Example
    /// ```ts
    /// // before
    /// export const authConfig = { providers: [/* ... */] };
    /// // after
    /// const authConfig = { providers: [/* ... */] };
    /// export default authConfig;
    /// ```
    pub static RULE = {
        id: "auth-config/missing-default-export",
        severity: Error,
        symptoms: [DeployFails],
        summary: "auth.config.ts has no default export",
    };
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    report_push_errors(
        cx,
        &[PushErrorKind::MissingDefaultExport],
        &RULE,
        "Add `export default { providers: [...] }` (or `export default authConfig;`).",
        out,
    );
}
