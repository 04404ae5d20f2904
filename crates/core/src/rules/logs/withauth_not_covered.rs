use crate::declare_rule;
use crate::rules::logs::matcher::{Cause, Family, Hit, Level, Matcher};

declare_rule! {
    /// ### What it does
    /// Recognises authkit-nextjs's `You are calling 'withAuth' on … that isn't covered by the
    /// AuthKit middleware.` (`isn’t` with a typographic apostrophe up to 2.x). Produced only by
    /// `authkit-doctor logs`, never by a project scan.
    ///
    /// ### Why is this bad?
    /// `withAuth()` reads headers the middleware/proxy sets. On a route the `matcher` excludes
    /// (or with the middleware file in the wrong place) it throws: the page or server action
    /// errors. `AuthKitProvider` calls `withAuth` through a server action, so any page can hit
    /// it.
    ///
    /// ### Symptom
    /// A 500 or an error boundary on some pages.
    ///
    /// ### Fix
    /// Put `middleware.ts`/`proxy.ts` next to `app/` and make its `matcher` cover every route
    /// that calls `withAuth`.
    ///
    /// ### Example
    /// ```text
    /// Error: You are calling 'withAuth' on /dashboard that isn't covered by the AuthKit middleware. Make sure it is running on all paths you are calling 'withAuth' from by updating your middleware config in 'middleware.(js|ts)'.
    /// ```
    pub static RULE = {
        id: "logs/withauth-not-covered",
        severity: Error,
        symptoms: [SignInDoesNothing, LoadingLoop],
        summary: "authkit-nextjs: withAuth called on a route the middleware does not cover",
        runs_on: LogMessage(&MATCHER),
    };
}

pub static MATCHER: Matcher = Matcher {
    rule: &RULE,
    needles: &["covered by the authkit middleware"],
    unless: &[],
    level: Level::Specific,
    family: Family::None,
    explain,
};

fn explain(hit: &Hit) -> Cause {
    let route =
        hit.after("'withauth' on ").and_then(|r| r.split(" that").next()).map(str::trim).filter(|r| !r.is_empty()).unwrap_or("a route");
    Cause::new(format!("authkit-nextjs: `withAuth` ran on {route}, which the AuthKit middleware does not cover"))
        .key(route)
        .help("`withAuth()` needs the headers `authkitMiddleware`/`authkitProxy` sets. The middleware file is missing, in the wrong place (it must sit next to `app/`, at the root or in `src/`), or its `matcher` excludes this route. `AuthKitProvider` calls `withAuth` through a server action, so the matcher must cover pages too.")
        .fix("Make the middleware/proxy `matcher` cover every path that calls `withAuth` (the README's default matcher does).")
        .rules(&["nextjs/matcher-gaps", "nextjs/middleware-missing", "nextjs/middleware-wrong-location", "nextjs/middleware-and-proxy"])
}
