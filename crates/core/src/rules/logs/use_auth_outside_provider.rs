use crate::declare_rule;
use crate::rules::logs::matcher::{Cause, Family, Hit, Level, Matcher};

declare_rule! {
    /// ### What it does
    /// Recognises `useAuth must be used within an AuthKitProvider`. Produced only by
    /// `authkit-doctor logs`, never by a project scan.
    ///
    /// ### Why is this bad?
    /// A component (often the Convex auth adapter) calls `useAuth()` outside `AuthKitProvider`:
    /// the provider is missing, nested inside the component, or imported from another package
    /// (`@workos-inc/authkit-nextjs` root instead of `/components`, or authkit-react in a Next
    /// app) so that it is another context.
    ///
    /// ### Symptom
    /// The app crashes on load.
    ///
    /// ### Fix
    /// Wrap the app (and `ConvexProviderWithAuth`) in `AuthKitProvider`, imported from the same
    /// package as `useAuth`.
    ///
    /// ### Example
    /// ```text
    /// Uncaught Error: useAuth must be used within an AuthKitProvider
    /// ```
    pub static RULE = {
        id: "logs/use-auth-outside-provider",
        severity: Error,
        symptoms: [SignInDoesNothing],
        summary: "useAuth() ran outside AuthKitProvider",
        runs_on: LogMessage(&MATCHER),
    };
}

pub static MATCHER: Matcher = Matcher {
    rule: &RULE,
    needles: &["useauth must be used within an authkitprovider"],
    unless: &[],
    level: Level::Specific,
    family: Family::None,
    explain,
};

fn explain(hit: &Hit) -> Cause {
    Cause::new("`useAuth()` ran outside `AuthKitProvider`")
        .help("The component tree has no `AuthKitProvider` above the caller (often the Convex adapter), or `useAuth` and `AuthKitProvider` come from different packages/entry points and so use different React contexts.")
        .convex(hit.message())
        .fix("Render `<AuthKitProvider>` above `<ConvexProviderWithAuth>`; import both from the same package (`@workos-inc/authkit-nextjs/components` in Next.js).")
        .rules(&["client/authkit-provider-missing", "client/convex-provider-outside-authkit", "nextjs/components-import-path", "client/mixed-authkit-packages"])
}
