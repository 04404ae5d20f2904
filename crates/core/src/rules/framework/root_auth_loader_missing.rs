use crate::declare_rule;
use crate::diagnostic::{Finding, Location};
use crate::rules::CheckContext;
use crate::source::join_rel;

/// The AuthKit SDKs whose root route needs `authkitLoader`.
const SDKS: &[&str] = crate::sdk::REACT_ROUTER_SDKS;

declare_rule! {
    /// ### What it does
    /// Finds React Router (framework mode) and Remix apps using the AuthKit SDK whose root route
    /// (`app/root.tsx`) has no `loader` calling `authkitLoader`.
    ///
    /// ### Why is this bad?
    /// `authkitLoader` in the root loader reads the session cookie (refreshing an expired access
    /// token) and returns the auth data the rest of the app reads. Without it the app has no user
    /// and no access token to hand to Convex.
    ///
    /// ### Symptom
    /// Sign-in completes, but the app still shows the user as signed out; `useConvexAuth()` stays
    /// `false`.
    ///
    /// ### Fix
    /// Export a root loader that calls `authkitLoader`.
    ///
    /// ### Example
    /// ```ts
    /// // app/root.tsx
    /// import type { LoaderFunctionArgs } from 'react-router';
    /// import { authkitLoader } from '@workos-inc/authkit-react-router';
    ///
    /// export const loader = (args: LoaderFunctionArgs) => authkitLoader(args);
    /// ```
    pub static RULE = {
        id: "framework/root-auth-loader-missing",
        severity: Error,
        symptoms: [ConvexUnauthenticated],
        summary: "React Router/Remix without the root authkitLoader",
    };
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for (app, facts) in cx.project.apps.iter().zip(&cx.facts.apps) {
        let pkg = cx.project.package_of_app(app);
        let Some(sdk) = SDKS.iter().find(|s| facts.uses_sdk(pkg, s)) else { continue };
        let Some(root) = ["app/root.tsx", "app/root.jsx", "app/root.ts", "app/root.js"]
            .iter()
            .map(|p| join_rel(&app.dir, p))
            .find(|p| cx.project.has_source_file(p))
        else {
            continue;
        };
        let file = facts.code.file(&root);
        let loader = file.and_then(|f| f.nextjs.export("loader"));
        if loader.is_some_and(|l| l.reaches.contains("authkitLoader")) {
            continue;
        }
        let (location, message) = match loader {
            Some(l) => (l.location.clone(), format!("the root loader in {root} does not call `authkitLoader`")),
            None => (Location::file_start(root.as_str()), format!("the root route {root} has no `loader` calling `authkitLoader`")),
        };
        out.push(
            RULE.finding(message)
                .at(location)
                .help(format!("{sdk} reads the session in the root route's loader (`authkitLoader`), refreshing an expired access token, and passes the user and token to the app. Without it the app sees no user and Convex gets no token."))
                .fix(format!(
                    "In {root}: `import {{ authkitLoader }} from '{sdk}';` and `export const loader = (args: LoaderFunctionArgs) => authkitLoader(args);` (pass your own loader as the second argument to keep loading data)."
                )),
        );
    }
}
