use crate::declare_rule;
use crate::rules::logs::matcher::{Cause, Family, Hit, Level, Matcher};

declare_rule! {
    /// ### What it does
    /// Recognises the Convex client's warnings when it cannot schedule a token refresh: `Auth
    /// token is not a valid JWT, cannot refetch the token`, `… does not have required fields,
    /// cannot refetch the token` (no `iat` or `exp`), `… does not live long enough, cannot
    /// refetch the token`, and `Refetching auth token immediately, configured leeway …`.
    /// Produced only by `authkit-doctor logs`, never by a project scan.
    ///
    /// ### Why is this bad?
    /// The server accepted the token, but the client cannot tell when to fetch the next one:
    /// the session drops when it expires, or the client refetches in a tight loop.
    ///
    /// ### Symptom
    /// Sign-outs after a few minutes, or a flood of token fetches.
    ///
    /// ### Fix
    /// Give Convex the WorkOS access token (it has `iat` and `exp`, five minutes apart); lower
    /// `authRefreshTokenLeewaySeconds` if you raised it.
    ///
    /// ### Example
    /// ```text
    /// Auth token does not have required fields, cannot refetch the token
    /// ```
    pub static RULE = {
        id: "logs/token-cannot-refetch",
        severity: Error,
        symptoms: [RandomSignOuts, LoadingLoop],
        summary: "the Convex client cannot schedule a token refresh (iat/exp missing or too short)",
        runs_on: LogMessage(&MATCHER),
    };
}

pub static MATCHER: Matcher = Matcher {
    rule: &RULE,
    needles: &["cannot refetch the token", "refetching auth token immediately"],
    unless: &[],
    level: Level::Specific,
    family: Family::None,
    explain,
};

fn explain(hit: &Hit) -> Cause {
    let start = hit.line.to_ascii_lowercase().find("auth token").filter(|i| *i <= hit.at).unwrap_or(hit.at);
    let message = crate::rules::logs::matcher::message_at(hit.line, start);
    let (why, token) = if hit.contains("required fields") {
        ("the token has no `iat` or no `exp`", "token/missing-iat")
    } else if hit.contains("live long enough") || hit.contains("leeway") {
        ("the token's lifetime (exp − iat) is shorter than the client's refresh leeway", "token/short-lifetime")
    } else {
        ("the token is not a JWT the client can read", "token/malformed")
    };
    Cause::new(format!("the Convex client cannot schedule the next token refresh: {why}"))
        .key(token)
        .at(start)
        .help("Convex accepted the token, but its client refreshes `authRefreshTokenLeewaySeconds` (default 10 s) before `exp`, measured from `iat`. Without those claims, or with a lifetime shorter than the leeway, the session drops at expiry or the client refetches immediately, again and again.")
        .fix("Pass the WorkOS access token (it has `iat` and `exp`); keep `authRefreshTokenLeewaySeconds` well under the token's lifetime.")
        .token(token)
        .rules(&["client/static-set-auth"])
        .convex(message)
}
