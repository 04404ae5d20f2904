use super::{apps, report_missing_server_var};
use crate::declare_rule;
use crate::diagnostic::Finding;
use crate::facts::env::server_sdk;
use crate::rules::CheckContext;

declare_rule! {
    /// ### What it does
    /// Checks that an app using a server AuthKit SDK (`@workos-inc/authkit-nextjs`, TanStack
    /// Start, React Router, Remix, SvelteKit) has `WORKOS_API_KEY` in its development env
    /// files, resolved with the bundler's precedence. An empty value counts as missing.
    ///
    /// Like `env/missing-client-id`, it stays quiet when the app has no env file loaded in
    /// development (a fresh clone), and it does not judge production, whose values live in the
    /// host's settings. Browser-only apps (`authkit-react`) need no API key and are not checked.
    ///
    /// ### Why is this bad?
    /// The SDKs document the key as required. Older `@workos-inc/node` versions throw
    /// `NoApiKeyProvidedException` ("Missing API key…"); newer ones quietly run as a public
    /// client, and every call that needs the key fails with `API key required for "<path>"`.
    ///
    /// ### Symptom
    /// The callback fails after the WorkOS login page, or server-side WorkOS calls fail.
    ///
    /// ### Fix
    /// Add the staging key from the WorkOS dashboard (API Keys page) to `.env.local`. Never
    /// give it a public prefix (`NEXT_PUBLIC_`, `VITE_`).
    ///
    /// ### Example
    /// ```sh
    /// # .env.local
    /// WORKOS_API_KEY=sk_test_...
    /// ```
    pub static RULE = {
        id: "env/missing-api-key",
        severity: Error,
        symptoms: [CallbackFails],
        summary: "a server framework without WORKOS_API_KEY",
    };
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for a in apps(cx) {
        let Some(sdk) = server_sdk(a.package) else { continue };
        let why = "The SDK uses the key to exchange the sign-in code and refresh sessions; without it WorkOS calls fail (\"API key required\", or \"Missing API key\" on older @workos-inc/node). The key is on the API Keys page of the WorkOS dashboard; never give it a public prefix.";
        report_missing_server_var(&RULE, &a, "WORKOS_API_KEY", sdk, why, "sk_test_…", out);
    }
}
