use super::{Presence, apps, dev_presence, report_missing_server_var, value_location};
use crate::declare_rule;
use crate::diagnostic::Finding;
use crate::facts::env::server_sdk;
use crate::facts::routes::{CallbackStyle, UriConsumer, UriValue, callbacks};
use crate::rules::CheckContext;
use crate::rules::redirect::{AppView, default_var_in_use, dev_port};

declare_rule! {
    /// ### What it does
    /// Finds an app with no redirect URI where its SDK needs one, in the development env files
    /// (resolved with the bundler's precedence):
    ///
    /// - Next.js: `NEXT_PUBLIC_WORKOS_REDIRECT_URI`, unless code passes `redirectUri` to
    ///   `authkitMiddleware`/`authkitProxy`. A Next app that sets only the un-prefixed
    ///   `WORKOS_REDIRECT_URI` is `env/next-redirect-uri-unprefixed`'s finding, not this one.
    /// - TanStack Start, React Router, Remix, SvelteKit: `WORKOS_REDIRECT_URI`.
    /// - Any app whose code passes `redirectUri={import.meta.env.X}` (or `process.env.X`) with no
    ///   fallback, when no env file defines `X`.
    ///
    /// Like the other env rules it stays quiet for an app without any env file loaded in
    /// development (a fresh clone), and does not judge production, whose values live in the
    /// host's settings.
    ///
    /// ### Why is this bad?
    /// authkit-nextjs's middleware throws "You must provide a redirect URI in the AuthKit
    /// middleware or in the environment variables." on every request. The other server SDKs
    /// build the authorization URL without one, and WorkOS falls back to the dashboard's default
    /// redirect URI, or rejects the request. authkit-react with `redirectUri={undefined}` uses
    /// `window.origin`, which is rarely the registered URI.
    ///
    /// ### Symptom
    /// Every page errors (Next.js), or sign-in ends on WorkOS's "Invalid redirect URI" page or
    /// on another app's callback.
    ///
    /// ### Fix
    /// Set the variable to the URL of the app's callback route, and register the same URL in the
    /// WorkOS dashboard.
    ///
    /// ### Example
    /// ```sh
    /// # .env.local (Next.js)
    /// NEXT_PUBLIC_WORKOS_REDIRECT_URI=http://localhost:3000/callback
    /// ```
    pub static RULE = {
        id: "env/redirect-uri-missing",
        severity: Error,
        symptoms: [CallbackFails, SignInDoesNothing],
        summary: "no redirect URI where the framework needs one",
    };
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for a in apps(cx) {
        let Some(view) = AppView::new(cx, a.app, a.facts) else { continue };
        let default_var = default_var_in_use(&view);
        let default_set = default_var.is_none_or(|var| matches!(dev_presence(&a, var), Presence::Set(..)));
        // Env reads passed straight to the SDK: `redirectUri={import.meta.env.VITE_WORKOS_REDIRECT_URI}`.
        for file in &view.facts.code.files {
            for u in &file.routes.redirect_uris {
                let UriValue::Env { name, fallback: None } = &u.value else { continue };
                // `getSignInUrl({ redirectUri: undefined })` and a middleware option that is
                // undefined both fall back to the SDK's default, which is checked below.
                if u.consumer == UriConsumer::SignInUrl || (u.consumer == UriConsumer::Middleware && default_set && default_var.is_some()) {
                    continue;
                }
                let consequence = match view.style {
                    CallbackStyle::Spa => {
                        "redirectUri is undefined, so authkit-react sends WorkOS `window.origin`, which is rarely the registered redirect URI"
                    }
                    CallbackStyle::Nextjs => {
                        "redirectUri is undefined, and the AuthKit middleware throws \"You must provide a redirect URI…\""
                    }
                    _ => "redirectUri is undefined, so WorkOS falls back to the dashboard's default redirect URI, or rejects the sign-in",
                };
                match dev_presence(&a, name) {
                    Presence::Set(..) | Presence::NoDevEnvFiles => {}
                    Presence::Empty(file, entry) => out.push(
                        RULE.finding(format!("{name} is empty in {}, and the app passes it as redirectUri", file.name))
                            .at(value_location(file, entry))
                            .help(format!("{consequence}."))
                            .fix(format!("Set {name} to the URL of the callback route, e.g. {}.", example_uri(cx, &view))),
                    ),
                    Presence::Missing => out.push(
                        RULE.finding(format!("redirectUri reads {name}, which no env file loaded in development defines"))
                            .at(u.location.clone())
                            .help(format!("{consequence}."))
                            .fix(format!(
                                "Add `{name}={}` to .env.local, and register that URL in the WorkOS dashboard.",
                                example_uri(cx, &view)
                            )),
                    ),
                }
            }
        }
        let Some(var) = default_var else { continue };
        // A Next app with only the un-prefixed name has its own rule.
        if view.style == CallbackStyle::Nextjs && !matches!(dev_presence(&a, "WORKOS_REDIRECT_URI"), Presence::Missing) {
            continue;
        }
        let sdk = server_sdk(a.package).unwrap_or("the AuthKit SDK");
        let why = match view.style {
            CallbackStyle::Nextjs => {
                "authkit-nextjs reads the redirect URI from NEXT_PUBLIC_WORKOS_REDIRECT_URI; without it the middleware throws \"You must provide a redirect URI in the AuthKit middleware or in the environment variables.\""
            }
            _ => {
                "The SDK sends this URI to WorkOS as redirect_uri; without it WorkOS falls back to the dashboard's default redirect URI, or rejects the sign-in."
            }
        };
        let example = example_uri(cx, &view);
        report_missing_server_var(&RULE, &a, var, sdk, why, &example, out);
    }
}

/// `http://localhost:<dev port><callback path>`, from what the doctor knows of the app.
fn example_uri(cx: &CheckContext, view: &AppView) -> String {
    let port = dev_port(view).map(|d| d.port).unwrap_or(match view.app.framework {
        crate::discover::Framework::Nextjs | crate::discover::Framework::TanstackStart => 3000,
        _ => 5173,
    });
    let path = callbacks(cx.project, view.app, view.facts)
        .and_then(|c| c.known_paths().first().map(|p| p.to_string()))
        .unwrap_or_else(|| "/callback".to_string());
    format!("http://localhost:{port}{path}")
}
