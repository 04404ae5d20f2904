use super::support::{Placement, middleware_files, next_apps};
use crate::declare_rule;
use crate::diagnostic::{Finding, Location};
use crate::rules::CheckContext;

declare_rule! {
    /// ### What it does
    /// Finds a Next.js app with both `middleware.ts` and `proxy.ts` next to its `app/` dir.
    ///
    /// ### Why is this bad?
    /// Next 16 renamed `middleware.ts` to `proxy.ts` and refuses to start when both exist. On
    /// Next 15 and older only `middleware.ts` runs and `proxy.ts` is ignored, so edits to it
    /// (a new matcher, `unauthenticatedPaths`) silently do nothing.
    ///
    /// ### Symptom
    /// `next dev` / `next build` fails on Next 16; on older versions the AuthKit settings you
    /// changed have no effect.
    ///
    /// ### Fix
    /// Keep one file: `proxy.ts` on Next 16 (with `authkitProxy` on authkit-nextjs 3+),
    /// `middleware.ts` before.
    ///
    /// ### Example
    /// ```text
    /// middleware.ts   <- delete (Next 16)
    /// proxy.ts        <- keep
    /// ```
    pub static RULE = {
        id: "nextjs/middleware-and-proxy",
        severity: Error,
        symptoms: [DeployFails, ConvexUnauthenticated],
        summary: "both middleware.ts and proxy.ts exist",
    };
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for next in next_apps(cx) {
        let files = middleware_files(cx, &next);
        let active = || files.iter().filter(|f| f.placement == Placement::Active);
        let (Some(middleware), Some(proxy)) = (active().find(|f| !f.proxy), active().find(|f| f.proxy)) else { continue };
        out.push(
            RULE.finding(format!("both {} and {} exist: Next 16 refuses to start, older versions ignore proxy.ts", middleware.path, proxy.path))
                .at(Location::file_start(middleware.path.as_str()))
                .related(Location::file_start(proxy.path.as_str()), "the proxy file is here")
                .help("Next 16 reads `proxy.ts` (the new name of `middleware.ts`) and stops with an error when both files exist; Next 15 and older read only `middleware.ts`.")
                .fix(format!("Delete {} on Next 16 (or {} before Next 16) and keep the AuthKit call in the other.", middleware.path, proxy.path)),
        );
    }
}
