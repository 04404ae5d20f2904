use crate::declare_rule;
use crate::diagnostic::Diagnosed;
use crate::facts::har::{HarFacts, Kind, Row};

declare_rule! {
    /// ### What it does
    /// Finds, in a HAR (`authkit-doctor har`), a signed-in session (a successful WorkOS
    /// authenticate call, a completed callback, or the AuthKit session cookie) whose Convex
    /// sync WebSocket never sent an `Authenticate` message with a token — only `Connect`,
    /// `ModifyQuerySet`, …, or `Authenticate` with `tokenType: "None"`. Needs the WebSocket
    /// messages in the HAR (Chrome and Playwright record them). Produced only by the `har`
    /// command; `check` never reports it.
    ///
    /// ### Why is this bad?
    /// Convex only knows the user if the client hands it a token. The app renders Convex with
    /// plain `ConvexProvider`, the Convex auth provider sits outside `AuthKitProvider`, or
    /// `fetchAccessToken` returns `null` although the user is signed in.
    ///
    /// ### Symptom
    /// WorkOS shows the user as signed in; `useConvexAuth()` is false and
    /// `getUserIdentity()` null, with no error anywhere.
    ///
    /// ### Fix
    /// Render `ConvexProviderWithAuth` (or `ConvexProviderWithAuthKit`) inside
    /// `AuthKitProvider`, with a `useAuth` adapter whose `fetchAccessToken` returns the access
    /// token.
    ///
    /// ### Example
    /// ```tsx
    /// // before
    /// <ConvexProvider client={convex}>{children}</ConvexProvider>
    /// // after
    /// <AuthKitProvider clientId={clientId} redirectUri={redirectUri}>
    ///   <ConvexProviderWithAuthKit client={convex} useAuth={useAuth}>{children}</ConvexProviderWithAuthKit>
    /// </AuthKitProvider>
    /// ```
    pub static RULE = {
        id: "har/no-convex-token",
        severity: Error,
        symptoms: [ConvexUnauthenticated],
        summary: "signed in to WorkOS, but no token was sent to Convex",
        runs_on: Har(detect),
    };
}

/// Why the capture shows a signed-in user.
fn signed_in_evidence(h: &HarFacts) -> Option<String> {
    if let Some(r) = h.of(Kind::WorkosAuthenticate).find(|r| (200..300).contains(&r.status)) {
        return Some(format!("WorkOS answered {} to `{}` ({})", r.status, r.request_line(), r.cite(h.start_ms)));
    }
    if let Some(r) = h.of(Kind::Callback).find(|r| (300..400).contains(&r.status) && !r.cookies_set.is_empty() && !r.url.contains("error="))
    {
        return Some(format!("the callback set {} ({})", r.cookies_set.join(", "), r.cite(h.start_ms)));
    }
    h.session_cookie_entry.map(|i| format!("entry {} sent the AuthKit session cookie", i + 1))
}

pub fn detect(h: &HarFacts, out: &mut Vec<Diagnosed>) {
    let sockets: Vec<&Row> = h.of(Kind::ConvexSocket).filter(|r| r.ws.as_ref().is_some_and(|w| w.frames > 0)).collect();
    if sockets.is_empty() || sockets.iter().any(|r| r.ws.as_ref().is_some_and(|w| w.sent_user_token())) {
        return;
    }
    let Some(evidence) = signed_in_evidence(h) else { return };
    let first = sockets[0];
    let ws = first.ws.as_ref().expect("filtered on ws");
    let types: Vec<String> = ws.types.iter().take(6).map(|(t, n)| if *n > 1 { format!("{t} ×{n}") } else { t.clone() }).collect();
    let none_only = ws.authenticates.iter().any(|a| a.token_type == "None");
    let (what, help, rules): (String, &str, &[&'static str]) = if none_only {
        (
            "the Convex client sent only `Authenticate` with tokenType None: `fetchAccessToken` returned null".to_string(),
            "The Convex auth provider is wired up, but its `fetchAccessToken` returned `null` (or its `isAuthenticated` was false) while the user was signed in: an adapter that reads the wrong hook fields (authkit-nextjs `useAuth()` has `loading`, not `isLoading`, and no `getAccessToken`), an SDK too old for `useAccessToken().getAccessToken`, or one that swallows errors.",
            &["nextjs/sdk-too-old-for-convex", "client/convex-dev-workos-adapter", "client/mixed-authkit-packages"],
        )
    } else {
        (
            "the Convex WebSocket never sent an `Authenticate` message".to_string(),
            "Convex only knows the user when the client passes a token. No token went out: the app renders plain `ConvexProvider` (or never calls `setAuth`), the Convex auth provider is outside `AuthKitProvider`, or no `AuthKitProvider` wraps the app.",
            &[
                "client/plain-convex-provider",
                "client/convex-provider-outside-authkit",
                "client/authkit-provider-missing",
                "client/useauth-gates-convex",
            ],
        )
    };
    let finding = RULE
        .finding(format!(
            "signed in to WorkOS, but {what} ({}, {} messages recorded: {})",
            first.cite(h.start_ms),
            ws.frames,
            types.join(", ")
        ))
        .help(format!("Signed in because {evidence}. {help}"))
        .fix("Render `ConvexProviderWithAuth`/`ConvexProviderWithAuthKit` inside `AuthKitProvider`, with a `fetchAccessToken` that returns the WorkOS access token.");
    out.push(Diagnosed::new(finding, rules).entries(sockets.iter().map(|r| r.index)));
}
