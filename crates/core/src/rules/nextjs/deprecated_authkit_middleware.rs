use super::support::{AUTHKIT_NEXTJS, next_apps};
use crate::declare_rule;
use crate::diagnostic::Finding;
use crate::rules::CheckContext;

declare_rule! {
    /// ### What it does
    /// On authkit-nextjs 3 and later, finds calls of `authkitMiddleware`, which v3 deprecated in
    /// favour of `authkitProxy` (the same function under the name Next 16 uses).
    ///
    /// ### Why is this bad?
    /// It still works, but the deprecated name may go away in a future major version, and it
    /// no longer matches Next 16's `proxy.ts` convention.
    ///
    /// ### Symptom
    /// None today (an editor shows the deprecation); the build breaks on the major version that
    /// drops the alias.
    ///
    /// ### Fix
    /// Import and call `authkitProxy` instead (same options).
    ///
    /// ### Example
    /// ```ts
    /// // before
    /// import { authkitMiddleware } from '@workos-inc/authkit-nextjs';
    /// export default authkitMiddleware({ eagerAuth: true });
    /// // after
    /// import { authkitProxy } from '@workos-inc/authkit-nextjs';
    /// export default authkitProxy({ eagerAuth: true });
    /// ```
    pub static RULE = {
        id: "nextjs/deprecated-authkit-middleware",
        severity: Info,
        symptoms: [DeployFails],
        summary: "authkitMiddleware on authkit-nextjs v3+ (prefer authkitProxy)",
    };
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for next in next_apps(cx) {
        let Some(version) = next.sdk_version() else { continue };
        if version.version.major < 3 {
            continue;
        }
        for file in &next.facts.code.files {
            for call in file.nextjs.calls("authkitMiddleware").filter(|c| c.package == AUTHKIT_NEXTJS) {
                out.push(
                    RULE.finding(format!("`authkitMiddleware` is deprecated on {}: use `authkitProxy`", version.describe(AUTHKIT_NEXTJS)))
                        .at(call.location.clone())
                        .help("authkit-nextjs 3.0 renamed it to `authkitProxy` (Next 16 calls middleware \"proxy\"); the old name is kept as a deprecated alias.")
                        .fix("Import `authkitProxy` from '@workos-inc/authkit-nextjs' and call it with the same options."),
                );
            }
        }
    }
}
