use super::{apps, push};
use crate::declare_rule;
use crate::diagnostic::Finding;
use crate::rules::CheckContext;

declare_rule! {
    /// ### What it does
    /// Finds string and template literals in the app's code that build a WorkOS
    /// `…/user_management/authorize` URL by hand.
    ///
    /// ### Why is this bad?
    /// The SDKs add a PKCE `code_challenge` and a `state` to the authorize URL and keep the
    /// matching verifier (authkit-js in `sessionStorage`, authkit-nextjs in a cookie). A
    /// hand-built URL has neither, so the callback cannot exchange the code; a hard-coded host or
    /// client id also breaks the moment either changes (custom auth domain, production
    /// environment).
    ///
    /// ### Symptom
    /// The hosted sign-in page works, then the callback fails: `Couldn't exchange code`,
    /// `OAuth state mismatch` or `Sign-in session could not be verified`.
    ///
    /// ### Fix
    /// Let the SDK build the URL: `signIn()` (authkit-react), a route handler calling
    /// `getSignInUrl()` (authkit-nextjs), `getSignInUrl()` server function (TanStack Start).
    ///
    /// ### Example
    /// ```tsx
    /// // before
    /// window.location.href = `https://api.workos.com/user_management/authorize?client_id=${clientId}&redirect_uri=${uri}&response_type=code&provider=authkit`;
    /// // after
    /// const { signIn } = useAuth();
    /// await signIn();
    /// ```
    pub static RULE = {
        id: "client/manual-authorize-url",
        severity: Warning,
        symptoms: [CallbackFails, SignInDoesNothing],
        summary: "a hand-built …/user_management/authorize URL",
    };
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for a in apps(cx) {
        for (f, file) in a.files() {
            // A hand-written PKCE flow (`code_challenge` added to the URL, the verifier kept for
            // the callback) is complete: only a URL built without one is broken.
            let pkce = cx.files.get(&file.path).is_some_and(|s| s.text.contains("code_challenge"));
            if pkce {
                continue;
            }
            for span in &file.react.authorize_urls {
                push(out,
                    RULE.finding("a hand-built `user_management/authorize` URL: it has no PKCE challenge or state, so the callback cannot exchange the code")
                        .at(a.loc(f, *span))
                        .help("The AuthKit SDKs add `code_challenge` and `state` and keep the verifier for the callback; a hand-built URL skips both.")
                        .fix("Use the SDK: `signIn()` from authkit-react's `useAuth()`, or a route handler doing `redirect(await getSignInUrl())` with authkit-nextjs."),
                );
            }
        }
    }
}
