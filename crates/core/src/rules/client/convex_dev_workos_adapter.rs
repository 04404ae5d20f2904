use super::{REACT_ADAPTER, apps, push};
use crate::declare_rule;
use crate::diagnostic::{Finding, Severity};
use crate::facts::react::{AUTHKIT_NEXTJS, AttrValue, CONVEX_DEV_WORKOS, Ident, base_package};
use crate::rules::CheckContext;

declare_rule! {
    /// ### What it does
    /// Finds `ConvexProviderWithAuthKit` imported from `@convex-dev/workos` while the installed
    /// (or locked, or declared) version is 0.0.x — every version published so far.
    ///
    /// ### Why is this bad?
    /// Its `fetchAccessToken` takes no argument, so it ignores Convex's `forceRefreshToken`, and
    /// it maps every `getAccessToken()` failure — a network blip, a 429, a refresh-lock timeout —
    /// to `null`, which Convex reads as "signed out" (get-convex/convex-backend#523). It also
    /// expects authkit-react's `useAuth` (`isLoading`, `getAccessToken`); given authkit-nextjs's
    /// `useAuth` (which has `loading` and no `getAccessToken`) it never authenticates.
    ///
    /// ### Symptom
    /// Users are signed out of Convex on tab refocus, after a laptop wakes, or when the token
    /// expires, while AuthKit still shows them signed in.
    ///
    /// ### Fix
    /// Use `ConvexProviderWithAuth` from `convex/react` with your own adapter hook that passes
    /// `forceRefreshToken` on and treats only `LoginRequiredError` as signed out.
    ///
    /// ### Example
    /// ```tsx
    /// // before
    /// import { ConvexProviderWithAuthKit } from '@convex-dev/workos';
    /// <ConvexProviderWithAuthKit client={convex} useAuth={useAuth}>…
    /// // after
    /// import { ConvexProviderWithAuth } from 'convex/react';
    /// <ConvexProviderWithAuth client={convex} useAuth={useAuthFromAuthKit}>…
    /// ```
    pub static RULE = {
        id: "client/convex-dev-workos-adapter",
        severity: Warning,
        symptoms: [RandomSignOuts, ConvexUnauthenticated],
        summary: "ConvexProviderWithAuthKit from @convex-dev/workos 0.0.x ignores forceRefreshToken",
    };
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for a in apps(cx) {
        let version = a.facts.versions.version(CONVEX_DEV_WORKOS);
        if version.is_some_and(|v| v.major > 0 || v.minor > 0) {
            continue;
        }
        let shown = version.map(|v| v.to_string()).unwrap_or_else(|| "0.0.x".into());
        for (f, file) in a.files() {
            for import in file.react.imports.iter().filter(|i| !i.type_only && base_package(&i.source) == CONVEX_DEV_WORKOS) {
                let Some(name) = import.names.iter().find(|n| n.imported == "ConvexProviderWithAuthKit") else { continue };
                let element = file.react.elements.iter().enumerate().find(|(i, _)| {
                    matches!(a.graph.ident(f, *i), Ident::Package { ref source, ref name } if base_package(source) == CONVEX_DEV_WORKOS && name == "ConvexProviderWithAuthKit")
                });
                let location = element.map(|(_, e)| a.loc(f, e.span)).unwrap_or_else(|| a.loc(f, name.span));
                // Fed authkit-nextjs's `useAuth`: no `getAccessToken`, never authenticated.
                let nextjs_use_auth = element.and_then(|(_, e)| e.attr("useAuth")).is_some_and(|attr| match &attr.value {
                    AttrValue::Ident(local) => {
                        a.callee_package(f, local).is_some_and(|(source, _)| base_package(&source) == AUTHKIT_NEXTJS)
                    }
                    _ => false,
                });
                let mut finding = RULE
                    .finding(format!(
                        "`ConvexProviderWithAuthKit` from @convex-dev/workos {shown} ignores `forceRefreshToken` and reports every token error as a sign-out"
                    ))
                    .at(location)
                    .help("Its fetchAccessToken takes no argument and turns every getAccessToken() failure (network, 429, lock timeout) into null, which Convex reads as signed out (convex-backend#523).")
                    .fix(format!("Use `ConvexProviderWithAuth` from 'convex/react' with your own adapter:\n{REACT_ADAPTER}"));
                if nextjs_use_auth {
                    finding = finding.severity(Severity::Error);
                    finding.message.push_str(
                        "; it is also given authkit-nextjs's `useAuth`, which has no `getAccessToken`, so Convex never receives a token",
                    );
                }
                push(out, finding);
            }
        }
    }
}
