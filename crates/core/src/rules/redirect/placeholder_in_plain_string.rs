use super::{AppView, apps};
use crate::declare_rule;
use crate::diagnostic::Finding;
use crate::facts::routes::{UriConsumer, UriValue};
use crate::rules::CheckContext;

declare_rule! {
    /// ### What it does
    /// Finds a redirect URI written in code as a plain `'…'` or `"…"` string (or a JSX string
    /// attribute, `redirectUri="…"`) that holds `${…}`: the `AuthKitProvider` prop, the
    /// middleware's `redirectUri` option, or `getSignInUrl({ redirectUri })`. It says the text
    /// WorkOS will actually receive.
    ///
    /// Env files are not judged here: Next.js and Vite expand `${VAR}` inside `.env` values
    /// themselves, and `convex.json`'s `${buildEnv.…}` is expanded by the Convex CLI.
    ///
    /// ### Why is this bad?
    /// Only backtick template literals substitute `${origin}`. In quotes the placeholder is sent
    /// as written, so the `redirect_uri` WorkOS receives is `${window.location.origin}/callback`,
    /// which is no registered redirect URI: WorkOS refuses the sign-in.
    ///
    /// ### Symptom
    /// Clicking sign-in ends on a WorkOS error page about an invalid redirect URI, and the
    /// address bar shows `%24%7B…%7D` in `redirect_uri`.
    ///
    /// ### Fix
    /// Use a template literal in braces: ``redirectUri={`${window.location.origin}/callback`}``.
    ///
    /// ### Example
    /// ```tsx
    /// // before
    /// <AuthKitProvider clientId={clientId} redirectUri="${window.location.origin}/callback">
    /// // after
    /// <AuthKitProvider clientId={clientId} redirectUri={`${window.location.origin}/callback`}>
    /// ```
    pub static RULE = {
        id: "redirect/placeholder-in-plain-string",
        severity: Error,
        symptoms: [CallbackFails, SignInDoesNothing],
        summary: "a redirect URI in code with `${…}` inside quotes: WorkOS receives the placeholder as text",
    };
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for a in apps(cx) {
        let Some(view) = AppView::new(cx, a.app, a.facts) else { continue };
        for file in &view.facts.code.files {
            for u in &file.routes.redirect_uris {
                let UriValue::Literal(text) = &u.value else { continue };
                if !crate::rules::has_template_placeholder(text) {
                    continue;
                }
                let (who, fix) = match u.consumer {
                    UriConsumer::Provider => {
                        ("the AuthKitProvider `redirectUri`", "Pass a template literal in braces: ``redirectUri={`…`}``.")
                    }
                    UriConsumer::Middleware => {
                        ("the middleware's `redirectUri` option", "Write the value between backticks (`…`) instead of quotes.")
                    }
                    UriConsumer::SignInUrl => {
                        ("the `getSignInUrl` `redirectUri`", "Write the value between backticks (`…`) instead of quotes.")
                    }
                };
                out.push(
                    RULE.finding(format!("{who} is a quoted string, so `${{…}}` is not substituted: WorkOS receives the text `{text}`"))
                        .at(u.location.clone())
                        .help("Only backtick template literals substitute `${…}`; in quotes (and in a JSX attribute string) the placeholder is sent as written, and WorkOS rejects a redirect URI that is not registered.")
                        .fix(fix),
                );
            }
        }
    }
}
