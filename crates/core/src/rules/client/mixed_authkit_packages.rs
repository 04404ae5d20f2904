use super::{apps, push};
use crate::declare_rule;
use crate::diagnostic::Finding;
use crate::discover::Framework;
use crate::facts::react::{AUTHKIT_NEXTJS, AUTHKIT_REACT, AUTHKIT_TANSTACK, HOOK_PACKAGES, base_package};
use crate::rules::CheckContext;

declare_rule! {
    /// ### What it does
    /// Finds imports from an AuthKit React package other than the one the app's framework uses
    /// — `@workos-inc/authkit-react` in a Next.js app on `@workos-inc/authkit-nextjs`, or the
    /// reverse — and imports from an AuthKit package that no `package.json` (the file's own, the
    /// app's, or the workspace root's) declares. Type-only imports are ignored.
    ///
    /// ### Why is this bad?
    /// Each package has its own provider, context and session: authkit-react keeps the session in
    /// the browser, authkit-nextjs in a server cookie. A hook from the other package never sees
    /// the user (or throws outside its own provider). An undeclared package resolves only by
    /// accident of hoisting and breaks under pnpm or on a clean install.
    ///
    /// ### Symptom
    /// `useAuth().user` is always `null` in some components although the user is signed in, or
    /// `useAuth must be used within an AuthKitProvider`; Convex gets no token.
    ///
    /// ### Fix
    /// Import the hooks from the framework's package (Next.js:
    /// `@workos-inc/authkit-nextjs/components`) and declare it in `package.json`.
    ///
    /// ### Example
    /// ```tsx
    /// // before (Next.js app)
    /// import { useAuth } from '@workos-inc/authkit-react';
    /// // after
    /// import { useAuth } from '@workos-inc/authkit-nextjs/components';
    /// ```
    pub static RULE = {
        id: "client/mixed-authkit-packages",
        severity: Error,
        symptoms: [SignInDoesNothing, ConvexUnauthenticated],
        summary: "AuthKit hooks from another framework's package, or from a package not in package.json",
    };
}

/// The AuthKit package family a framework signs in with.
fn expected(framework: Framework) -> &'static [&'static str] {
    match framework {
        Framework::Nextjs => &[AUTHKIT_NEXTJS],
        Framework::TanstackStart => &[AUTHKIT_TANSTACK, "@workos-inc/authkit-tanstack-react-start"],
        Framework::ReactRouter => &["@workos-inc/authkit-react-router"],
        Framework::Remix => &["@workos-inc/authkit-remix"],
        _ => &[AUTHKIT_REACT],
    }
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for a in apps(cx) {
        let own = expected(a.app.framework);
        let app_pkg = a.project.package_of_app(a.app);
        let uses_expected = own.iter().find(|p| a.facts.uses_sdk(app_pkg, p));
        for (f, file) in a.files() {
            for import in file.react.imports.iter().filter(|i| !i.type_only) {
                let base = base_package(&import.source);
                if !HOOK_PACKAGES.contains(&base) {
                    continue;
                }
                let names: Vec<&str> = import.names.iter().map(|n| n.imported.as_str()).collect();
                let shown = if names.is_empty() { String::new() } else { format!("`{}` from ", names.join("`, `")) };
                let finding = if let Some(expected) = uses_expected.filter(|_| !own.contains(&base)) {
                    RULE.finding(format!(
                        "{shown}{base} in a {} app that signs in with {expected}: the packages have separate providers and sessions",
                        a.app.framework.as_str()
                    ))
                    .help(format!("{base}'s hooks read their own provider and session, so they never see the user signed in through {expected} (or throw outside their provider)."))
                    .fix(format!("Import the hooks from {expected} instead (Next.js: '@workos-inc/authkit-nextjs/components') and remove {base}."))
                } else if !a.declares(f, base) {
                    RULE.finding(format!("{shown}{base}, which no package.json declares"))
                        .help("It resolves only through another package's dependencies (hoisting); a clean install or pnpm's strict layout breaks it, and its version is not pinned.")
                        .fix(format!("Add {base} to the dependencies of the package that imports it, or import from the AuthKit package the app declares."))
                } else {
                    continue;
                };
                push(out, finding.at(a.loc(f, import.source_span)));
            }
        }
    }
}
