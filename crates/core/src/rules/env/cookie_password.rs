use super::{apps, effective_entries, report_missing_server_var, value_location};
use crate::declare_rule;
use crate::diagnostic::Finding;
use crate::facts::env::{MIN_COOKIE_PASSWORD_CHARS, js_length, references_other_vars, server_sdk};
use crate::rules::CheckContext;

declare_rule! {
    /// ### What it does
    /// For apps using a server AuthKit SDK (Next.js, TanStack Start, React Router, Remix,
    /// SvelteKit): checks that `WORKOS_COOKIE_PASSWORD` is set in development, and that no env
    /// file (development, production or shared) sets it to fewer than 32 characters, counted as
    /// JavaScript counts them.
    ///
    /// A missing password is reported only when the app has an env file loaded in development
    /// (see `env/missing-client-id`); a short one is reported in every real env file, since a
    /// production file with a short password breaks production.
    ///
    /// ### Why is this bad?
    /// The session cookie is sealed with iron-session, which refuses passwords under 32
    /// characters. The middleware/proxy throws on every request, and `handleAuth` fails when it
    /// saves the session.
    ///
    /// ### Symptom
    /// Every page errors, or the callback fails with "Password string too short (min 32
    /// characters required)".
    ///
    /// ### Fix
    /// Generate a random password of at least 32 characters (`openssl rand -base64 32`) and
    /// use a different one per environment.
    ///
    /// ### Example
    /// ```sh
    /// # before
    /// WORKOS_COOKIE_PASSWORD=secret123
    /// # after
    /// WORKOS_COOKIE_PASSWORD=3kF9x...(44 random characters)
    /// ```
    pub static RULE = {
        id: "env/cookie-password",
        severity: Error,
        symptoms: [CallbackFails, SignInDoesNothing],
        summary: "WORKOS_COOKIE_PASSWORD missing or shorter than 32 characters",
    };
}

const KEY: &str = "WORKOS_COOKIE_PASSWORD";

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for a in apps(cx) {
        let Some(sdk) = server_sdk(a.package) else { continue };
        let why = "The SDK seals the session cookie with it; without one of at least 32 characters the middleware throws \"You must provide a valid cookie password that is at least 32 characters in the environment variables.\" Generate one with `openssl rand -base64 32`.";
        report_missing_server_var(&RULE, &a, KEY, sdk, why, "<32 or more random characters>", out);
        for file in a.files().iter().filter(|f| f.mode.is_loaded()) {
            for entry in effective_entries(file).filter(|e| e.key == KEY) {
                let length = js_length(&entry.value);
                // Empty is reported above (for the file development uses).
                // `${COOKIE_SECRET}` is expanded by Next.js and Vite: its length is unknown here.
                if length == 0 || length >= MIN_COOKIE_PASSWORD_CHARS || references_other_vars(&entry.value) {
                    continue;
                }
                out.push(
                    RULE.finding(format!("{KEY} in {} is {length} characters long; {sdk} needs at least {MIN_COOKIE_PASSWORD_CHARS}", file.name))
                        .at(value_location(file, entry))
                        .help("iron-session refuses passwords under 32 characters: the middleware throws \"You must provide a valid cookie password that is at least 32 characters in the environment variables.\", and saving a session fails with \"Password string too short (min 32 characters required)\".")
                        .fix("Replace it with a random string of 32 or more characters, e.g. the output of `openssl rand -base64 32`."),
                );
            }
        }
    }
}
