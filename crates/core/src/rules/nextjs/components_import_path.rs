use crate::declare_rule;
use crate::diagnostic::{Edit, Finding};
use crate::discover::Framework;
use crate::facts::react::AUTHKIT_NEXTJS;
use crate::rules::CheckContext;
use crate::rules::client::{apps, push};

declare_rule! {
    /// ### What it does
    /// In a Next.js app on `@workos-inc/authkit-nextjs` 2.0 or later (installed, locked or the
    /// lowest the declared range allows; unknown counts as current), finds the client
    /// components `AuthKitProvider`, `Impersonation` and the hooks `useAuth`, `useAccessToken`,
    /// `useTokenClaims` imported from the package root instead of
    /// `@workos-inc/authkit-nextjs/components`.
    ///
    /// ### Why is this bad?
    /// Version 2.0 moved the client components to the `/components` subpath (the package has
    /// two entry points). From the root they are not exported: the import is `undefined`.
    ///
    /// ### Symptom
    /// `Element type is invalid … got: undefined` for `<AuthKitProvider>`, or `useAuth is not a
    /// function`; the build may fail with "Attempted import error".
    ///
    /// ### Fix
    /// Import them from `@workos-inc/authkit-nextjs/components` (server functions such as
    /// `withAuth` and `getSignInUrl` stay on the root).
    ///
    /// ### Example
    /// ```tsx
    /// // before
    /// import { AuthKitProvider, useAuth } from '@workos-inc/authkit-nextjs';
    /// // after
    /// import { AuthKitProvider, useAuth } from '@workos-inc/authkit-nextjs/components';
    /// ```
    pub static RULE = {
        id: "nextjs/components-import-path",
        severity: Error,
        symptoms: [SignInDoesNothing, ConvexUnauthenticated],
        summary: "AuthKitProvider/useAuth/useAccessToken imported from the package root (v2+ needs /components)",
    };
}

/// Client exports that live in `@workos-inc/authkit-nextjs/components` since 2.0.
const CLIENT_EXPORTS: &[&str] = &["AuthKitProvider", "Impersonation", "useAuth", "useAccessToken", "useTokenClaims"];

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for a in apps(cx) {
        if a.app.framework != Framework::Nextjs {
            continue;
        }
        let version = a.facts.versions.version(AUTHKIT_NEXTJS);
        if version.is_some_and(|v| v.major < 2) {
            continue;
        }
        for (f, file) in a.files() {
            for import in file.react.imports.iter().filter(|i| i.source == AUTHKIT_NEXTJS && !i.type_only) {
                let client: Vec<&str> = import.names.iter().map(|n| n.imported.as_str()).filter(|n| CLIENT_EXPORTS.contains(n)).collect();
                let Some(first) = import.names.iter().find(|n| CLIENT_EXPORTS.contains(&n.imported.as_str())) else { continue };
                let on = version.map(|v| format!(" (this app: {v})")).unwrap_or_default();
                let finding = RULE
                    .finding(format!(
                        "`{}` imported from '@workos-inc/authkit-nextjs': since 2.0{on} the client components live in '@workos-inc/authkit-nextjs/components'",
                        client.join("`, `")
                    ))
                    .at(a.loc(f, first.span))
                    .help("The package root exports only server functions since 2.0; these names are undefined there.");
                let only_client = import.names.iter().all(|n| CLIENT_EXPORTS.contains(&n.imported.as_str()));
                let description = "Import them from '@workos-inc/authkit-nextjs/components'.";
                let finding = if only_client {
                    let s = import.source_span;
                    finding.safe_fix(
                        description,
                        vec![Edit {
                            file: file.path.clone(),
                            start: s.start + 1,
                            end: s.end - 1,
                            replacement: crate::sdk::AUTHKIT_NEXTJS_COMPONENTS.into(),
                        }],
                    )
                } else {
                    finding.fix(format!("{description} Keep the server functions on the root import."))
                };
                push(out, finding);
            }
        }
    }
}
