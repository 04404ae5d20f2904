use super::{apps, push};
use crate::declare_rule;
use crate::diagnostic::Finding;
use crate::facts::react::{AppCode, AttrValue, FetcherKind, Ident, Verdict};
use crate::rules::CheckContext;
use std::collections::BTreeSet;

declare_rule! {
    /// ### What it does
    /// Walks the app's element tree from its roots (the Next root layout, `main.tsx`'s
    /// `createRoot(…).render(…)`, TanStack's `Wrap`/`InnerWrap`) through provider components in
    /// other files and workspace packages, and reports a `ConvexProviderWithAuth` (or
    /// `ConvexProviderWithAuthKit`) that has no `AuthKitProvider` above it. An element the walk
    /// cannot reach is judged within its own component only. A stand-in adapter of the same
    /// file that reads no AuthKit hook and never returns a token (rendered before mount, with
    /// the real adapter inside `AuthKitProvider` after it) needs no AuthKit context and is
    /// left alone.
    ///
    /// ### Why is this bad?
    /// The Convex provider calls the adapter's `useAuth()` hook, which reads AuthKit's React
    /// context. Above `AuthKitProvider` that context does not exist: the hook throws
    /// (`useAuth must be used within an AuthKitProvider`) or never sees a user.
    ///
    /// ### Symptom
    /// The app crashes on load, or Convex stays unauthenticated although WorkOS sign-in works.
    ///
    /// ### Fix
    /// Nest the Convex provider inside `AuthKitProvider`.
    ///
    /// ### Example
    /// ```tsx
    /// // before
    /// <ConvexProviderWithAuth client={convex} useAuth={useAuthFromAuthKit}>
    ///   <AuthKitProvider>{children}</AuthKitProvider>
    /// </ConvexProviderWithAuth>
    /// // after
    /// <AuthKitProvider>
    ///   <ConvexProviderWithAuth client={convex} useAuth={useAuthFromAuthKit}>{children}</ConvexProviderWithAuth>
    /// </AuthKitProvider>
    /// ```
    pub static RULE = {
        id: "client/convex-provider-outside-authkit",
        severity: Error,
        symptoms: [ConvexUnauthenticated, SignInDoesNothing],
        summary: "the Convex auth provider is not nested inside AuthKitProvider",
    };
}

/// Whether the element's `useAuth` is a stand-in of its own file that reads no AuthKit hook and
/// whose `fetchAccessToken` never returns a token (`useLoadingAuth` rendered before mount, with
/// the real adapter inside `AuthKitProvider` after it): it needs no AuthKit context.
fn placeholder_adapter(a: &AppCode, file: usize, element: usize) -> bool {
    let react = &a.file(file).react;
    let Some(AttrValue::Ident(name)) = react.elements[element].attr("useAuth").map(|attr| &attr.value) else { return false };
    let Some(unit) = react.units.iter().position(|u| &u.name == name) else { return false };
    let reads_authkit = react.hooks.iter().any(|h| h.unit == Some(unit) && matches!(h.callee.as_str(), "useAuth" | "useAccessToken"));
    let fetchers: Vec<_> = react.fetchers.iter().filter(|f| f.unit == Some(unit) && f.kind == FetcherKind::Adapter).collect();
    !reads_authkit && !fetchers.is_empty() && fetchers.iter().all(|f| f.verdict == Verdict::NoToken)
}

/// Whether an element (not reached from a root) sits inside an `AuthKitProvider` of its own file.
fn wrapped_in_file(a: &AppCode, file: usize, element: usize) -> bool {
    let elements = &a.file(file).react.elements;
    let mut at = elements[element].parent;
    while let Some(p) = at {
        if a.graph.ident(file, p).is_authkit_provider() {
            return true;
        }
        at = elements[p].parent;
    }
    false
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for a in apps(cx) {
        let providers = a.elements_where(Ident::is_authkit_provider);
        if providers.is_empty() {
            // Nothing provides AuthKit at all: client/authkit-provider-missing says so.
            continue;
        }
        let mut flagged = BTreeSet::new();
        let mut reached = BTreeSet::new();
        for r in a.rendered_where(Ident::is_convex_auth_provider) {
            reached.insert((r.file, r.element));
            let wrapped = r.ancestors.iter().any(Ident::is_authkit_provider);
            let unknown = r.ancestors.iter().any(|i| matches!(i, Ident::Opaque(_)));
            if !wrapped && !unknown {
                flagged.insert((r.file, r.element));
            }
        }
        for (f, i) in a.elements_where(Ident::is_convex_auth_provider) {
            if reached.contains(&(f, i)) {
                continue;
            }
            let unit = a.file(f).react.elements[i].unit;
            let same_unit_provider = providers.iter().any(|(pf, pi)| *pf == f && a.file(f).react.elements[*pi].unit == unit);
            if same_unit_provider && !wrapped_in_file(&a, f, i) {
                flagged.insert((f, i));
            }
        }
        let (pf, pi) = providers[0];
        for (f, i) in flagged.into_iter().filter(|&(f, i)| !placeholder_adapter(&a, f, i)) {
            let el = &a.file(f).react.elements[i];
            push(out,
                RULE.finding(format!("`{}` is not inside `AuthKitProvider`: its `useAuth` adapter cannot read the AuthKit session", el.name))
                    .at(a.loc(f, el.span))
                    .related(a.loc(pf, a.file(pf).react.elements[pi].span), "AuthKitProvider is rendered here, below it or elsewhere")
                    .help("The Convex provider calls the adapter hook, which reads AuthKit's React context; above AuthKitProvider that context does not exist, so useAuth throws or never sees the user.")
                    .fix("Move the Convex provider inside AuthKitProvider: `<AuthKitProvider><ConvexProviderWithAuth …>{children}</ConvexProviderWithAuth></AuthKitProvider>`."),
            );
        }
    }
}
