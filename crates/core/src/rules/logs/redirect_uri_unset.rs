use crate::declare_rule;
use crate::rules::logs::matcher::{Cause, Family, Hit, Level, Matcher};

declare_rule! {
    /// ### What it does
    /// Recognises authkit-nextjs's `You must provide a redirect URI in the AuthKit middleware
    /// or in the environment variables.` — also in Vercel/Netlify build logs, where it appears
    /// while pages are prerendered. Produced only by `authkit-doctor logs`, never by a project
    /// scan.
    ///
    /// ### Why is this bad?
    /// authkit-nextjs ≥ 0.11 reads only `NEXT_PUBLIC_WORKOS_REDIRECT_URI` (inlined at build
    /// time), or the middleware's `redirectUri` option. The unprefixed `WORKOS_REDIRECT_URI` is
    /// ignored.
    ///
    /// ### Symptom
    /// Every request through the middleware fails; sign-in does nothing.
    ///
    /// ### Fix
    /// Set `NEXT_PUBLIC_WORKOS_REDIRECT_URI` (before the build) or pass `redirectUri` to the
    /// middleware.
    ///
    /// ### Example
    /// ```text
    /// [12:01:02.345] Error: You must provide a redirect URI in the AuthKit middleware or in the environment variables.
    /// ```
    pub static RULE = {
        id: "logs/redirect-uri-unset",
        severity: Error,
        symptoms: [SignInDoesNothing, WorksInDevNotProd],
        summary: "authkit-nextjs has no redirect URI (NEXT_PUBLIC_WORKOS_REDIRECT_URI unset)",
        runs_on: LogMessage(&MATCHER),
    };
}

pub static MATCHER: Matcher = Matcher {
    rule: &RULE,
    needles: &["you must provide a redirect uri in the authkit middleware"],
    unless: &[],
    level: Level::Specific,
    family: Family::None,
    explain,
};

fn explain(hit: &Hit) -> Cause {
    Cause::new("authkit-nextjs has no redirect URI: NEXT_PUBLIC_WORKOS_REDIRECT_URI is unset and the middleware passes no `redirectUri`")
        .help("authkit-nextjs ≥ 0.11 reads only NEXT_PUBLIC_WORKOS_REDIRECT_URI (inlined when the app is built) or the middleware's `redirectUri` option; WORKOS_REDIRECT_URI without the prefix is ignored. On Vercel/Netlify the variable must exist at build time.")
        .convex(hit.message())
        .fix("Set NEXT_PUBLIC_WORKOS_REDIRECT_URI (e.g. https://your-app.example.com/callback) in the env files and the host's build env, or pass `redirectUri` to `authkitMiddleware`/`authkitProxy`.")
        .rules(&["env/redirect-uri-missing", "env/next-redirect-uri-unprefixed", "redirect/vercel-preview"])
}
