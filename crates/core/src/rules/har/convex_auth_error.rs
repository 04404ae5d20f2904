use crate::convex::no_auth_provider::{TokenClaims, no_auth_provider_analysis, parse_provider_list};
use crate::declare_rule;
use crate::diagnostic::Diagnosed;
use crate::facts::har::{AuthErrorFrame, HarFacts, Kind, Row};
use serde_json::Value;

declare_rule! {
    /// ### What it does
    /// Finds, in a HAR (`authkit-doctor har`), the Convex deployment rejecting the user's
    /// token: an `AuthError` message on the Convex sync WebSocket (`_webSocketMessages`), or a
    /// Convex HTTP API answer with `{"code": "NoAuthProvider" | "InvalidAuthHeader" | …}`. The
    /// error text is mapped to its cause — the same one `authkit-doctor token` reports as
    /// `token/*` — and, for `NoAuthProvider`, compared with the token the page sent in its
    /// `Authenticate` message. Produced only by the `har` command; `check` never reports it.
    ///
    /// ### Why is this bad?
    /// After a rejected `Authenticate` (twice: the client retries with a force-refreshed
    /// token) the Convex client sets auth to none: `useConvexAuth()` is false and
    /// `ctx.auth.getUserIdentity()` returns null.
    ///
    /// ### Symptom
    /// WorkOS sign-in works, Convex sees no user.
    ///
    /// ### Fix
    /// Fix what the error names — usually `convex/auth.config.ts` or the deployment's
    /// `WORKOS_CLIENT_ID` — and push it.
    ///
    /// ### Example
    /// ```text
    /// ↑ {"type":"Authenticate","tokenType":"User","value":"eyJ…","baseVersion":0}
    /// ↓ {"type":"AuthError","error":"No auth provider found matching the given token. … [CustomJWT(issuer=https://api.workos.com/user_management/client_01…, app_id=client_01…)]","baseVersion":0,"authUpdateAttempted":true}
    /// ```
    pub static RULE = {
        id: "har/convex-auth-error",
        severity: Error,
        symptoms: [ConvexUnauthenticated, TokenRejected],
        summary: "the Convex deployment rejected the token (AuthError)",
        runs_on: Har(detect),
    };
}

/// One rejection: where, when, the text, and the token sent just before (if recorded).
struct Rejection<'a> {
    row: &'a Row,
    error: String,
    t_ms: Option<i64>,
    token: Option<&'a TokenClaims>,
}

fn socket_rejections(r: &Row) -> Vec<Rejection<'_>> {
    let Some(ws) = &r.ws else { return Vec::new() };
    ws.errors
        .iter()
        .filter(|e: &&AuthErrorFrame| !e.fatal || is_auth_text(&e.error))
        .map(|e| {
            let token = ws
                .authenticates
                .iter()
                .filter(|a| a.t_ms.zip(e.t_ms).is_none_or(|(a, b)| a <= b))
                .filter_map(|a| a.claims.as_ref())
                .next_back();
            Rejection { row: r, error: e.error.clone(), t_ms: e.t_ms, token }
        })
        .collect()
}

fn is_auth_text(text: &str) -> bool {
    let t = text.to_ascii_lowercase();
    ["auth provider", "token", "jwks", "jwt", "issuer", "identity"].iter().any(|w| t.contains(w))
}

const AUTH_CODES: &[&str] = &["NoAuthProvider", "InvalidAuthHeader", "Unauthenticated", "TokenExpired", "AuthProviderDiscoveryFailed"];

fn http_rejection(r: &Row) -> Option<Rejection<'_>> {
    if !matches!(r.status, 400 | 401 | 403) {
        return None;
    }
    let v: Value = r.body_json()?;
    let code = v.get("code").and_then(Value::as_str).unwrap_or("");
    let message = v.get("message").and_then(Value::as_str).unwrap_or("");
    (AUTH_CODES.contains(&code) || is_auth_text(message) && !message.is_empty()).then(|| Rejection {
        row: r,
        error: message.to_string(),
        t_ms: r.t_ms,
        token: None,
    })
}

pub fn detect(h: &HarFacts, out: &mut Vec<Diagnosed>) {
    let mut all: Vec<Rejection> = Vec::new();
    for r in &h.rows {
        match r.kind {
            Kind::ConvexSocket => all.extend(socket_rejections(r)),
            Kind::ConvexHttp => all.extend(http_rejection(r)),
            _ => {}
        }
    }
    // One finding per distinct text.
    let mut groups: Vec<Vec<Rejection>> = Vec::new();
    for rej in all {
        match groups.iter_mut().find(|g| g[0].error == rej.error) {
            Some(g) => g.push(rej),
            None => groups.push(vec![rej]),
        }
    }
    for group in groups {
        let first = &group[0];
        let when = match (first.t_ms, h.start_ms) {
            (Some(t), Some(s)) => format!("entry {} (+{:.1} s)", first.row.index + 1, (t - s) as f64 / 1000.0),
            _ => format!("entry {}", first.row.index + 1),
        };
        let times = if group.len() > 1 { format!(", {} times", group.len()) } else { String::new() };
        let channel = if first.row.kind == Kind::ConvexSocket { "AuthError on the Convex WebSocket" } else { "the Convex HTTP API" };
        let cause = crate::rules::logs::scan::classify(&first.error);
        let token = group.iter().find_map(|g| g.token);
        let (summary, mut help, mut rules, token_rule) = match &cause {
            Some(found) => {
                (found.cause.message.clone(), found.cause.help.clone(), found.cause.static_rules.clone(), found.cause.token_rule)
            }
            None => ("the Convex deployment rejected the token".to_string(), String::new(), Vec::new(), None),
        };
        if cause.as_ref().is_some_and(|f| f.matcher.rule.id == "logs/no-auth-provider") {
            let providers = parse_provider_list(&first.error);
            let (hints, refined) = no_auth_provider_analysis(&providers, token);
            help = hints.join(" ");
            rules = refined;
        } else if let Some(t) = token {
            help = format!("{help} The token sent had {}.", t.describe()).trim().to_string();
        }
        if let Some(tr) = token_rule {
            help.push_str(&format!(
                " `authkit-doctor token` reports the same failure as {tr}: copy the `value` of the `Authenticate` message{} and run `authkit-doctor token <value> --project .`.",
                if first.row.kind == Kind::ConvexSocket { format!(" (entry {})", first.row.index + 1) } else { String::new() }
            ));
        }
        let finding = RULE
            .finding(format!("{summary} — {channel}, {when}{times}"))
            .help(help.trim().to_string())
            .convex_message(first.error.clone())
            .fix("Fix what the Convex message names in `convex/auth.config.ts` or the deployment's env (`npx convex env list`), then push with `npx convex dev` / `npx convex deploy`.");
        let mut entries: Vec<usize> = group.iter().map(|g| g.row.index).collect();
        entries.dedup();
        out.push(Diagnosed::new(finding, &rules).entries(entries));
    }
}
