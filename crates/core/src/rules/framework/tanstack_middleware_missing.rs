use crate::declare_rule;
use crate::diagnostic::{Finding, Location};
use crate::discover::Framework;
use crate::rules::CheckContext;
use crate::source::join_rel;

/// The AuthKit SDK packages for TanStack Start.
pub use crate::sdk::TANSTACK_SDKS;

declare_rule! {
    /// ### What it does
    /// Finds TanStack Start apps using the AuthKit SDK where no code registers
    /// `authkitMiddleware()`: it belongs in `src/start.ts`, in `createStart`'s
    /// `requestMiddleware`.
    ///
    /// ### Why is this bad?
    /// The middleware reads and refreshes the session cookie on every request. Without it,
    /// `getAuth()` and the server functions that rely on it never see a user, so no access token
    /// reaches Convex, and expired sessions are not refreshed.
    ///
    /// ### Symptom
    /// Sign-in completes, but the app still shows the user as signed out; `useConvexAuth()` stays
    /// `false`.
    ///
    /// ### Fix
    /// Register the middleware in `src/start.ts`.
    ///
    /// ### Example
    /// ```ts
    /// // src/start.ts
    /// import { createStart } from '@tanstack/react-start';
    /// import { authkitMiddleware } from '@workos/authkit-tanstack-react-start';
    ///
    /// export const startInstance = createStart(() => ({
    ///   requestMiddleware: [authkitMiddleware()],
    /// }));
    /// ```
    pub static RULE = {
        id: "framework/tanstack-middleware-missing",
        severity: Error,
        symptoms: [ConvexUnauthenticated, RandomSignOuts],
        summary: "TanStack Start without authkitMiddleware() in src/start.ts",
    };
}

const EXAMPLE: &str = "import { createStart } from '@tanstack/react-start';\nimport { authkitMiddleware } from '@workos/authkit-tanstack-react-start';\n\nexport const startInstance = createStart(() => ({\n  requestMiddleware: [authkitMiddleware()],\n}));";

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for (app, facts) in cx.project.apps.iter().zip(&cx.facts.apps) {
        let pkg = cx.project.package_of_app(app);
        if app.framework != Framework::TanstackStart {
            continue;
        }
        let Some(sdk) = TANSTACK_SDKS.iter().find(|s| facts.uses_sdk(pkg, s)) else { continue };
        let registered = facts.code.files.iter().any(|f| {
            f.nextjs.authkit_calls.iter().any(|c| c.name == "authkitMiddleware" && TANSTACK_SDKS.contains(&c.package.as_str()))
                || f.nextjs.exports.iter().any(|e| e.reaches.contains("authkitMiddleware"))
        });
        if registered {
            continue;
        }
        let start_file = ["src/start.ts", "src/start.tsx", "src/start.js", "app/start.ts", "app/start.tsx"]
            .iter()
            .map(|p| join_rel(&app.dir, p))
            .find(|p| cx.project.has_source_file(p));
        let (location, message) = match &start_file {
            Some(path) => {
                let at = facts
                    .code
                    .file(path)
                    .and_then(|f| f.nextjs.create_start.clone())
                    .unwrap_or_else(|| Location::file_start(path.as_str()));
                (at, format!("{path} does not register `authkitMiddleware()`: the AuthKit session is never read or refreshed"))
            }
            None => (
                Location::file_start(pkg.path.as_str()),
                format!("this TanStack Start app uses {sdk} but has no src/start.ts registering `authkitMiddleware()`"),
            ),
        };
        let target = start_file.unwrap_or_else(|| join_rel(&app.dir, "src/start.ts"));
        out.push(
            RULE.finding(message)
                .at(location)
                .help("The AuthKit middleware loads the session from the cookie on each request (and refreshes it). Without it `getAuth()` returns no user, so no access token is handed to Convex.")
                .fix(format!("Add `authkitMiddleware()` to `requestMiddleware` in {target}:\n{}", EXAMPLE.replace("@workos/authkit-tanstack-react-start", sdk))),
        );
    }
}
