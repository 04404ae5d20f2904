use crate::declare_rule;
use crate::rules::logs::matcher::{Cause, Family, Hit, Level, Matcher};

declare_rule! {
    /// ### What it does
    /// Recognises Next.js's `Cookies can only be modified in a Server Action or Route
    /// Handler.`, which authkit-nextjs v3+ triggers when `getSignInUrl()`, `getSignUpUrl()` or
    /// `withAuth({ ensureSignedIn: true })` runs while a Server Component renders. Produced
    /// only by `authkit-doctor logs`, never by a project scan.
    ///
    /// ### Why is this bad?
    /// Since v3 these calls set the PKCE cookie, and a Server Component cannot set cookies: the
    /// page throws.
    ///
    /// ### Symptom
    /// The sign-in page (or a protected page) errors instead of redirecting.
    ///
    /// ### Fix
    /// Build sign-in URLs in a Route Handler (`app/sign-in/route.ts`: `redirect(await
    /// getSignInUrl())`) or a Server Action, and link to it.
    ///
    /// ### Example
    /// ```text
    /// Error: Cookies can only be modified in a Server Action or Route Handler. Read more: https://nextjs.org/docs/app/api-reference/functions/cookies#options
    /// ```
    pub static RULE = {
        id: "logs/cookies-modified-in-render",
        severity: Error,
        symptoms: [SignInDoesNothing],
        summary: "a PKCE cookie write during Server Component render (getSignInUrl in a page)",
        runs_on: LogMessage(&MATCHER),
    };
}

pub static MATCHER: Matcher = Matcher {
    rule: &RULE,
    needles: &["cookies can only be modified in a server action or route handler"],
    unless: &[],
    level: Level::Specific,
    family: Family::None,
    explain,
};

fn explain(hit: &Hit) -> Cause {
    Cause::new("a cookie was set while a Server Component rendered (authkit-nextjs v3+ `getSignInUrl`/`ensureSignedIn` in a page)")
        .help("Since authkit-nextjs v3, `getSignInUrl()`, `getSignUpUrl()` and `withAuth({ ensureSignedIn: true })` write the PKCE verifier cookie. Next.js allows that only in Server Actions and Route Handlers, so calling them in a page or layout throws.")
        .convex(hit.message())
        .fix("Move the call into a Route Handler (`app/sign-in/route.ts` with `export const GET = async () => redirect(await getSignInUrl())`) and link to it.")
        .rules(&["nextjs/get-sign-in-url-in-render"])
}
