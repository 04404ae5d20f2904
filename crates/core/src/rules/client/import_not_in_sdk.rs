use super::{apps, push};
use crate::declare_rule;
use crate::diagnostic::Finding;
use crate::facts::react::AUTHKIT_NEXTJS;
use crate::facts::sdk_exports::{USE_AUTH_METHODS, entries_exporting, exports_of};
use crate::rules::CheckContext;

declare_rule! {
    /// ### What it does
    /// Finds imports of a name from an AuthKit SDK entry point that does not export it, when
    /// another AuthKit SDK does: `withAuth` or `getSignInUrl` from `@workos-inc/authkit-react`,
    /// `signIn` from the Next.js server SDK (a `useAuth()` method of authkit-react, no export
    /// anywhere), `useAccessToken` from authkit-react, `useAuth` from TanStack Start's root
    /// instead of its `/client` entry. The SDK's exports are read for the
    /// authkit-nextjs major version the app installs (or declares); for other SDKs, for their
    /// current release. A name no AuthKit SDK exports is left alone (it may be a type).
    ///
    /// ### Why is this bad?
    /// The AuthKit SDKs look alike but split their APIs differently: the browser SDK keeps
    /// sign-in URLs on `useAuth()`, the Next.js SDK keeps hooks under `/components`. An import
    /// of a missing name is `undefined` at run time; in Vite's dev server the module fails to
    /// load ("does not provide an export named …") and the page stays blank.
    ///
    /// ### Symptom
    /// The sign-in button does nothing, or the app fails to load with a missing-export error.
    ///
    /// ### Fix
    /// Import the name from the entry point the message names, or use the SDK's own API
    /// (`useAuth().signIn()` in authkit-react).
    ///
    /// ### Example
    /// ```ts
    /// // before (a Vite app on authkit-react)
    /// import { getSignInUrl } from '@workos-inc/authkit-react';
    /// // after
    /// const { signIn } = useAuth();
    /// ```
    pub static RULE = {
        id: "client/import-not-in-sdk",
        severity: Error,
        symptoms: [SignInDoesNothing],
        summary: "a name imported from an AuthKit SDK that exports it only in another SDK",
    };
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for a in apps(cx) {
        let nextjs_major = a.facts.versions.version(AUTHKIT_NEXTJS).map(|v| v.major);
        for (f, file) in a.files() {
            for import in file.react.imports.iter().filter(|i| !i.type_only) {
                let Some(exports) = exports_of(&import.source, nextjs_major) else { continue };
                for name in &import.names {
                    let wanted = name.imported.as_str();
                    if matches!(wanted, "default" | "*") || exports.contains(&wanted) {
                        continue;
                    }
                    // A hook from the Next.js root is nextjs/components-import-path's finding.
                    if import.source == AUTHKIT_NEXTJS
                        && exports_of(crate::sdk::AUTHKIT_NEXTJS_COMPONENTS, nextjs_major).is_some_and(|c| c.contains(&wanted))
                    {
                        continue;
                    }
                    let elsewhere = entries_exporting(wanted, &import.source);
                    let method = USE_AUTH_METHODS.contains(&wanted);
                    if elsewhere.is_empty() && !method {
                        continue;
                    }
                    let comes_from = if import.source == AUTHKIT_NEXTJS && wanted == "getUser" {
                        "early authkit-nextjs releases named `withAuth` `getUser`; use `withAuth()`".to_string()
                    } else if elsewhere.is_empty() {
                        "it is a method of `useAuth()` in @workos-inc/authkit-react, not an export".to_string()
                    } else {
                        format!("it comes from {}", elsewhere.join(", "))
                    };
                    let version = if import.source.starts_with(AUTHKIT_NEXTJS) {
                        nextjs_major.map(|m| format!(" (v{m})")).unwrap_or_default()
                    } else {
                        String::new()
                    };
                    let hint = if import.source == crate::sdk::AUTHKIT_REACT && method {
                        format!(" In authkit-react, `{wanted}` is a method of `useAuth()`.")
                    } else {
                        String::new()
                    };
                    push(
                        out,
                        RULE.finding(format!(
                            "`{wanted}` is not exported by {}{version}: it is `undefined` here ({comes_from})",
                            import.source,
                        ))
                        .at(a.loc(f, name.span))
                        .help(format!("The AuthKit SDKs split their APIs differently; importing a name an entry point does not have gives `undefined`, or a module that fails to load.{hint}"))
                        .fix(format!("Import `{wanted}` from the entry point of the SDK this app uses, or use that SDK's own API.")),
                    );
                }
            }
        }
    }
}
