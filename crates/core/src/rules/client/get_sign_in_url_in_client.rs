use super::{apps, push};
use crate::declare_rule;
use crate::diagnostic::Finding;
use crate::facts::react::{AUTHKIT_NEXTJS, AUTHKIT_REACT, Usage, base_package};
use crate::rules::CheckContext;

declare_rule! {
    /// ### What it does
    /// Finds `getSignInUrl()` / `getSignUpUrl()` used as if they signed the user in, in browser
    /// code:
    /// - from `@workos-inc/authkit-nextjs` in a `'use client'` module: it is a server function
    ///   (it reads cookies and, since v3, sets the PKCE cookie) and cannot run in the browser;
    /// - from authkit-react's `useAuth()` when the result is thrown away
    ///   (`onClick={() => getSignInUrl()}`, `onClick={getSignInUrl}`) or rendered as is
    ///   (`href={getSignInUrl()}`, a Promise). Awaiting it and navigating to the URL is fine.
    ///
    /// `getSignInUrl()` in a server route handler (the templates' `app/sign-in/route.ts`) is the
    /// intended use and is never reported.
    ///
    /// ### Why is this bad?
    /// `getSignInUrl()` only returns the hosted sign-in URL; nothing navigates to it. In a
    /// Next.js client component it cannot run at all.
    ///
    /// ### Symptom
    /// Clicking "Sign in" does nothing (or the Next.js build/page fails on a server-only import).
    ///
    /// ### Fix
    /// SPA: call `signIn()` from `useAuth()`. Next.js: link to a route handler that does
    /// `redirect(await getSignInUrl())`, with a plain `<a>`.
    ///
    /// ### Example
    /// ```tsx
    /// // before
    /// const { getSignInUrl } = useAuth();
    /// <button onClick={() => getSignInUrl()}>Sign in</button>
    /// // after
    /// const { signIn } = useAuth();
    /// <button onClick={() => signIn()}>Sign in</button>
    /// ```
    pub static RULE = {
        id: "client/get-sign-in-url-in-client",
        severity: Error,
        symptoms: [SignInDoesNothing],
        summary: "getSignInUrl() in browser code: the button does nothing",
    };
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for a in apps(cx) {
        for (f, file) in a.files() {
            for call in &file.react.sign_in_url_calls {
                let name = &call.callee;
                let finding = match &call.object {
                    None => match a.callee_package(f, name) {
                        Some((source, _)) if base_package(&source) == AUTHKIT_NEXTJS => {
                            if !file.is_use_client() {
                                continue;
                            }
                            RULE.finding(format!("`{name}()` from @workos-inc/authkit-nextjs is called in a 'use client' module: it is a server function"))
                                .help("It reads the session cookie and sets the PKCE cookie, which only a route handler or server action can do; in the browser it fails and the button does nothing.")
                                .fix(format!("Link with a plain `<a href=\"/sign-in\">` to a route handler (`app/sign-in/route.ts`: `export async function GET() {{ return redirect(await {name}()); }}`)."))
                        }
                        _ => {
                            // A name destructured from authkit-react's useAuth() in the same component.
                            let from_react = a
                                .hooks_from(f, "useAuth", &[AUTHKIT_REACT])
                                .any(|h| h.unit == call.unit && h.bindings.iter().any(|(_, l)| l == name));
                            if !from_react {
                                continue;
                            }
                            match spa_message(name, call.usage) {
                                Some(f) => f,
                                None => continue,
                            }
                        }
                    },
                    Some(object) => {
                        let from_react = a
                            .hooks_from(f, "useAuth", &[AUTHKIT_REACT])
                            .any(|h| h.unit == call.unit && h.whole.as_deref() == Some(object.as_str()));
                        if !from_react {
                            continue;
                        }
                        match spa_message(name, call.usage) {
                            Some(f) => f,
                            None => continue,
                        }
                    }
                };
                push(out, finding.at(a.loc(f, call.span)));
            }
        }
    }
}

fn spa_message(name: &str, usage: Usage) -> Option<Finding> {
    let verb = if name == "getSignUpUrl" { "signUp" } else { "signIn" };
    let message = match usage {
        Usage::Discarded => format!("`{name}()` only returns the sign-in URL and nothing navigates to it: the button does nothing"),
        Usage::Rendered => format!("`{name}()` returns a Promise, not a URL: the link points at `[object Promise]`"),
        Usage::Used => return None,
    };
    Some(
        RULE.finding(message)
            .help(format!("authkit-react's `{verb}()` builds the URL (with its PKCE verifier) and navigates; `{name}()` is for code that navigates itself."))
            .fix(format!("Call `{verb}()` from `useAuth()` instead.")),
    )
}
