use crate::declare_rule;
use crate::rules::logs::matcher::{Cause, Family, Hit, Level, Matcher};

declare_rule! {
    /// ### What it does
    /// Recognises the WorkOS SDKs refusing to start without credentials: `WorkOS requires
    /// either an API key or a clientId…` (node ≥ 8), `Missing API key. Pass it to the
    /// constructor…` (node 7), `API key required for "…"`, `clientId must be a valid
    /// clientId`, and authkit-js's `Missing Client ID. Pass it to the constructor…`. Produced
    /// only by `authkit-doctor logs`, never by a project scan.
    ///
    /// ### Why is this bad?
    /// The variable is not set where the code runs: absent from the host's env, or not exposed
    /// to the browser (Vite needs `VITE_`, Next client code `NEXT_PUBLIC_`).
    ///
    /// ### Symptom
    /// Sign-in does nothing, or the server errors on every auth request.
    ///
    /// ### Fix
    /// Set `WORKOS_API_KEY`/`WORKOS_CLIENT_ID` on the server, and the client id under the
    /// bundler's public prefix for browser code.
    ///
    /// ### Example
    /// ```text
    /// Missing Client ID. Pass it to the constructor (createClient("client_01HXRMBQ9BJ3E7QSTQ9X2PHVB7"))
    /// ```
    pub static RULE = {
        id: "logs/workos-credentials-missing",
        severity: Error,
        symptoms: [SignInDoesNothing, WorksInDevNotProd],
        summary: "a WorkOS SDK started without its API key or client id",
        runs_on: LogMessage(&MATCHER),
    };
}

pub static MATCHER: Matcher = Matcher {
    rule: &RULE,
    needles: &[
        "workos requires either an api key or a clientid",
        "missing api key. pass it to the constructor",
        "api key required for \"",
        "clientid must be a valid clientid",
        "missing client id. pass it to the constructor",
        "noapikeyprovidedexception",
        "noclientidprovidedexception",
    ],
    unless: &[],
    level: Level::Specific,
    family: Family::None,
    explain,
};

fn explain(hit: &Hit) -> Cause {
    let client = hit.needle.contains("client") && !hit.needle.contains("either");
    let (what, key, rules): (&str, &str, &[&'static str]) = if hit.needle.contains("missing client id") || hit.needle.contains("noclientid")
    {
        (
            "authkit-js started without a client id (the browser bundle has none)",
            "client-browser",
            &["env/missing-client-id", "env/client-var-not-exposed"],
        )
    } else if client {
        (
            "the WorkOS SDK has no valid client id (WORKOS_CLIENT_ID unset or malformed)",
            "client",
            &["env/missing-client-id", "env/malformed-client-id"],
        )
    } else if hit.needle.contains("either") {
        ("the WorkOS SDK started with neither an API key nor a client id", "both", &["env/missing-api-key", "env/missing-client-id"])
    } else {
        ("the WorkOS SDK has no API key (WORKOS_API_KEY unset where the server runs)", "key", &["env/missing-api-key"])
    };
    Cause::new(what)
        .key(key)
        .help("The variable is not set in the environment the code runs in: a host's env settings are separate from `.env.local`, and browser code only sees variables with the bundler's public prefix (`VITE_`, `NEXT_PUBLIC_`).")
        .convex(hit.message())
        .fix("Set WORKOS_CLIENT_ID and WORKOS_API_KEY in the server's env (host settings too), and the client id as VITE_WORKOS_CLIENT_ID / NEXT_PUBLIC_… for browser code.")
        .rules(rules)
}
