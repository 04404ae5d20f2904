//! `authkit-doctor token`: a JWT judged exactly as the project's Convex deployment would judge it
//! (`validate_id_token` for customJwt providers), step by step:
//!
//! 1. parse the payload ([`crate::jwt`]); 2. require `iss`; 3. choose the first matching provider in
//!    storage order ([`providers`]); 4–5. obtain and parse the JWKS ([`jwks`]); 6. verify `kid`,
//!    algorithms and signature ([`verify`]); 7. time claims with a 5 s leeway ([`claims`]);
//!    8. require `sub` and `exp`, then build the identity ([`identity`]).
//!
//! Convex stops at the first failure. We keep going and report every problem as a `token/*`
//! finding, and say which one Convex reports (`convex_rule`), with its exact message in the
//! development and, where it differs, the production wording ([`messages`]).

pub mod claims;
pub mod http;
pub mod identity;
pub mod jwks;
pub mod messages;
pub mod providers;
pub mod report;
pub mod verify;

use crate::diagnostic::{Finding, Location, Severity};
use crate::facts::auth_config::Provider;
use crate::jwt::{self, Decoded, PayloadError};
use crate::rules::token as rules;
use crate::workos::{self, IssuerShape};
use providers::{Env, EnvSource, EnvValue, Kind, MatchResult, Spec};
use serde::Serialize;
use serde_json::{Map, Value};

/// What the project says about the deployment, prepared by [`cli`] from a project scan.
#[derive(Debug, Clone, Default)]
pub struct ProjectInput {
    /// `convex/auth.config.ts` (relative), when the Convex dir has one.
    pub config_file: Option<String>,
    /// The file does not parse or evaluate; providers are then unknown.
    pub config_problem: Option<String>,
    /// Providers evaluated without any env (placeholders `${env:X}` left in).
    pub providers: Vec<Provider>,
    /// `getAuthConfigProviders()` of `@convex-dev/workos-authkit` supplies the providers.
    pub component_providers: bool,
    /// Providers that could not be evaluated statically, with the reason.
    pub unknown_providers: Vec<String>,
    /// Convex's push would fail with these messages: the deployment runs an older config.
    pub push_errors: Vec<String>,
    /// Known env values (flag, deployment dump, env files), in priority order.
    pub env: Env,
    /// Identity fields the project's Convex functions read, with where.
    pub code_reads: Vec<(String, Location)>,
    /// Client ids found in the project's env files: (id, "file (VAR)").
    pub client_id_places: Vec<(String, String)>,
}

#[derive(Debug, Clone)]
pub struct Options {
    /// Unix seconds.
    pub now: i64,
    /// `--jwks FILE|URL`: replaces the provider's `jwks` for the signature check.
    pub jwks: Option<String>,
    /// `--online`: fetch the provider's JWKS URL.
    pub online: bool,
    /// Fetch `https://api.workos.com/...` from here instead (tests).
    pub workos_api_base: Option<String>,
    pub limits: http::Limits,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Accepted,
    Rejected,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Signature {
    Verified { kid: String, key: String },
    Failed(String),
    NotChecked(String),
}

#[derive(Debug, Clone)]
pub struct ProviderRow {
    pub spec: Spec,
    pub result: MatchResult,
}

/// Everything the reporters show.
#[derive(Debug, Clone)]
pub struct Judgement {
    pub decoded: Decoded,
    /// Nothing could be decoded: not a JWT at all (exit code 2).
    pub not_a_jwt: bool,
    pub verdict: Verdict,
    pub convex_message: Option<String>,
    pub convex_message_production: Option<String>,
    /// The rule whose problem Convex reports (the first it meets).
    pub convex_rule: Option<&'static str>,
    pub findings: Vec<Finding>,
    /// In the order Convex tries them.
    pub providers: Vec<ProviderRow>,
    /// Index into `providers`.
    pub matched: Option<usize>,
    pub signature: Signature,
    /// Where the key set came from, when one was used.
    pub jwks_source: Option<String>,
    /// The identity functions would see (present exactly when accepted).
    pub identity: Option<Map<String, Value>>,
    pub env: Vec<EnvValue>,
    pub notes: Vec<String>,
    pub refresh: Option<claims::Refresh>,
    pub config_file: Option<String>,
    pub now: i64,
}

/// Convex's checks, in order; the lowest failing step is what Convex reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Step {
    Payload,
    Issuer,
    Provider,
    Jwks,
    Decode,
    Time,
    Claims,
}

struct Collector {
    /// Problems Convex rejects the token for, with their step and production wording.
    rejecting: Vec<(Step, Finding, Option<String>)>,
    other: Vec<Finding>,
}

impl Collector {
    fn reject(&mut self, step: Step, f: Finding, production: Option<String>) {
        self.rejecting.push((step, f, production));
    }
}

/// The `${env:X}` names providers use.
pub fn env_names(providers: &[Provider]) -> Vec<String> {
    let mut names = Vec::new();
    for p in providers {
        for prop in &p.object.props {
            if let crate::facts::auth_config::ValueKind::Str(s) = &prop.value.kind
                && s.symbolic
            {
                for n in &s.env_vars {
                    if !names.contains(n) {
                        names.push(n.clone());
                    }
                }
            }
        }
    }
    names
}

/// Fills env vars nothing else defined from the token itself (issuer templates, then
/// `applicationID: ${env:X}` on a provider whose issuer matches, from `aud`).
fn infer_from_token(input: &ProjectInput, env: &mut Env, iss: &str, aud: Option<&[String]>) {
    let mut templates: Vec<String> = input
        .providers
        .iter()
        .filter_map(|p| p.str(if p.is_custom_jwt() { "issuer" } else { "domain" }))
        .filter(|s| s.symbolic)
        .map(|s| s.text.clone())
        .collect();
    if input.component_providers {
        templates.push("https://api.workos.com/user_management/${env:WORKOS_CLIENT_ID}".into());
    }
    for t in templates {
        let (partial, unknown) = env.substitute(&t);
        if unknown.len() == 1
            && let Some((name, value)) = providers::infer_from_issuer(&partial, iss)
        {
            env.set(&name, &value, EnvSource::Token);
        }
    }
    let Some(aud) = aud else { return };
    for p in &input.providers {
        let Some(app) = p.str("applicationID").filter(|s| s.symbolic) else { continue };
        let Some(name) = app.text.strip_prefix("${env:").and_then(|r| r.strip_suffix('}')) else { continue };
        if env.get(name).is_some() || name.contains('$') {
            continue;
        }
        let issuer_ok = p
            .str("issuer")
            .map(|s| env.substitute(&s.text))
            .is_some_and(|(text, unknown)| unknown.is_empty() && crate::convex::issuer::matches(&text, iss));
        let client_auds: Vec<&String> = aud.iter().filter(|a| a.starts_with("client_")).collect();
        if issuer_ok && client_auds.len() == 1 {
            env.set(name, client_auds[0], EnvSource::Token);
        }
    }
}

/// The provider specs in storage order, resolved with `env`.
fn resolve_specs(input: &ProjectInput, env: &Env) -> Vec<Spec> {
    let file = input.config_file.as_deref().unwrap_or("");
    let mut specs = providers::from_config(&input.providers, file, env);
    if input.component_providers {
        specs.extend(providers::component_providers(env));
    }
    providers::storage_order(&mut specs);
    specs
}

/// The development message for "no provider matched", listing the stored providers.
pub fn no_provider_message(specs: &[Spec]) -> String {
    let stored: Vec<String> = specs.iter().filter(|s| s.kind != Kind::Unknown).map(Spec::convex_label).collect();
    if stored.is_empty() {
        return crate::facts::convex_push::NO_PROVIDERS_CONFIGURED.to_string();
    }
    format!(
        "No auth provider found matching the given token. Check that your JWT's issuer and audience match one of your configured providers: [{}]",
        stored.join(", ")
    )
}

/// The client ids a token names: in a user_management `iss`, and `client_…` audiences.
fn token_client_ids(c: &jwt::Claims) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(IssuerShape::UserManagement { client_id, .. }) =
        c.iss.as_deref().map(|i| workos::issuer_shape(&crate::convex::issuer::token(i)))
    {
        out.push(client_id);
    }
    for a in c.aud.iter().flatten() {
        if a.starts_with("client_") && !out.contains(a) {
            out.push(a.clone());
        }
    }
    out
}

/// Judges `token` (already cleaned of whitespace and `Bearer `) against the project.
pub fn judge(token: &str, input: &ProjectInput, opts: &Options) -> Judgement {
    let decoded = jwt::decode(token);
    let mut out = Collector { rejecting: Vec::new(), other: Vec::new() };
    let mut notes = Vec::new();
    let mut env = input.env.clone();
    let mut specs_rows: Vec<ProviderRow> = Vec::new();
    let mut matched: Option<usize> = None;
    let mut signature = Signature::NotChecked("Convex stops before checking the signature".into());
    let mut jwks_source = None;
    let mut refresh = None;
    let mut identity_all = None;

    if let Some(problem) = &input.config_problem {
        notes.push(format!(
            "{}: {problem}; the deployment keeps running the last config that pushed",
            input.config_file.as_deref().unwrap_or("auth.config")
        ));
    }
    for e in &input.push_errors {
        notes.push(format!("Convex refuses to push this auth config (\"{e}\"): the deployment still runs the last config that pushed, so the verdict below describes the file as written, not necessarily what is live"));
    }
    for u in &input.unknown_providers {
        notes.push(format!("a provider could not be evaluated statically ({u}); the verdict assumes it does not match"));
    }
    if input.component_providers {
        notes.push("providers come from `getAuthConfigProviders()` of @convex-dev/workos-authkit: judged as its two standard WorkOS providers on api.workos.com".into());
    }

    let claims = match &decoded.claims {
        Ok(c) => Some(c.clone()),
        Err(e) => {
            let mut f = rules::malformed::RULE.finding(format!("Convex cannot parse the payload: {e}"));
            let convex = match e {
                PayloadError::TimestampOutOfRange { .. } => {
                    f = f.help("Convex's JWT library panics on a time this far out: the request fails with an internal error instead of an auth message. Write times as Unix seconds.");
                    None
                }
                PayloadError::MissingPayload | PayloadError::NotBase64(_) | PayloadError::NotJson(_) => {
                    f = f.help("This is not a JWT (header.payload.signature, each part base64url). Pass the access token exactly as `getAccessToken()` returns it.");
                    Some(messages::PARSE_PAYLOAD)
                }
                _ => {
                    f = f.help("Registered claims must have the types of RFC 7519: iss/sub/jti strings, aud a string or an array of strings, exp/nbf/iat non-negative numbers, each at most once.");
                    Some(messages::PARSE_PAYLOAD)
                }
            };
            if let Some(m) = convex {
                f = f.convex_message(m);
            }
            out.reject(Step::Payload, f, None);
            None
        }
    };

    if let Some(c) = &claims {
        // Step 2: iss.
        if c.iss.is_none() {
            out.reject(
                Step::Issuer,
                rules::missing_issuer::RULE
                    .finding("the token has no `iss` claim, so Convex cannot choose a provider")
                    .convex_message(messages::MISSING_ISSUER),
                None,
            );
        }

        // Step 3: the provider.
        if let Some(iss) = &c.iss {
            infer_from_token(input, &mut env, iss, c.aud.as_deref());
            let specs = resolve_specs(input, &env);
            for spec in specs {
                let result = providers::match_token(&spec, iss, c.aud.as_deref());
                if matched.is_none() && result.matches {
                    matched = Some(specs_rows.len());
                }
                specs_rows.push(ProviderRow { spec, result });
            }
            if matched.is_none() {
                let specs: Vec<Spec> = specs_rows.iter().map(|r| r.spec.clone()).collect();
                let dev = no_provider_message(&specs);
                let (message, location) = if input.config_file.is_none() && !input.component_providers {
                    ("the Convex functions dir has no auth.config.ts, so the deployment has no auth providers".to_string(), None)
                } else if specs_rows.is_empty() {
                    (format!("no provider is configured, so no provider matches iss \"{iss}\""), None)
                } else {
                    // Point at the provider that came closest: same issuer first.
                    let best = specs_rows.iter().find(|r| r.result.issuer_matches).or_else(|| specs_rows.first());
                    let why = best.and_then(|r| r.result.why_not.clone()).unwrap_or_default();
                    let loc = best.and_then(|r| {
                        if r.result.issuer_matches { r.spec.application_id_location.clone() } else { r.spec.issuer_location.clone() }
                            .or_else(|| r.spec.location.clone())
                    });
                    (format!("no provider matches the token: {why}"), loc)
                };
                let reasons: Vec<String> = specs_rows
                    .iter()
                    .map(|r| format!("{}: {}", r.spec.convex_label(), r.result.why_not.as_deref().unwrap_or("matches")))
                    .collect();
                let mut f = rules::no_matching_provider::RULE.finding(message).convex_message(dev);
                if !reasons.is_empty() {
                    f = f
                        .help(format!("Convex tries the providers in this order and uses the first that matches:\n{}", reasons.join("\n")));
                }
                if let Some(loc) = location {
                    f = f.at(loc);
                }
                out.reject(Step::Provider, f, Some(messages::NO_PROVIDER_REDACTED.to_string()));
            }
        }

        // Steps 4–6: key set and signature, against the matched provider.
        let configured_alg = matched.and_then(|m| specs_rows[m].spec.algorithm.clone());
        let header_alg = decoded.header.as_ref().ok().map(|h| h.alg.clone()).unwrap_or_default();
        let (dev_decode, prod_decode) = messages::decode_failed(decoded.header.as_ref().ok().and_then(|h| h.kid.as_deref()));
        let decode_finding = |failure: &verify::Failure, spec: Option<&Spec>| {
            let mut f = failure.rule().finding(failure.describe()).convex_message(dev_decode.clone());
            let loc = match failure {
                verify::Failure::WrongAlgorithm { .. } | verify::Failure::KeyAlgNotForSigning { .. } => {
                    spec.and_then(|s| s.algorithm_location.clone())
                }
                verify::Failure::KidNotFound { .. } => spec.and_then(|s| s.jwks_location.clone()),
                _ => None,
            };
            if let Some(loc) = loc {
                f = f.at(loc);
            }
            f
        };
        let spec = matched.map(|m| specs_rows[m].spec.clone());
        if let Some(s) = spec.as_ref().filter(|s| s.kind == Kind::Oidc) {
            notes.push(format!(
                "the matching provider is OIDC ({}): Convex verifies it through OIDC discovery at {}/.well-known/openid-configuration, which authkit-doctor does not emulate; WorkOS AuthKit tokens need a customJwt provider (see auth-config/legacy-oidc-domain)",
                s.convex_label(),
                s.issuer.as_deref().unwrap_or("").trim_end_matches('/')
            ));
        }
        let pre = verify::precheck(&decoded, configured_alg.as_deref().unwrap_or(&header_alg));
        for failure in &pre {
            out.reject(Step::Decode, decode_finding(failure, spec.as_ref()), prod_decode.clone());
        }
        if let Some(spec) = &spec {
            let configured = configured_alg.clone().unwrap_or_default();
            match obtain_jwks(spec, opts, &mut out, &mut notes) {
                Ok((set, source)) => {
                    jwks_source = Some(source);
                    match verify::verify(&decoded, &set, &configured) {
                        verify::Outcome::Verified { kid, key } => signature = Signature::Verified { kid, key },
                        verify::Outcome::Unverifiable(why) => signature = Signature::NotChecked(why),
                        verify::Outcome::Failed(failure) => {
                            signature = Signature::Failed(failure.describe());
                            if !pre.iter().any(|p| p.rule().id == failure.rule().id) {
                                out.reject(Step::Decode, decode_finding(&failure, Some(spec)), prod_decode.clone());
                            }
                        }
                    }
                }
                Err(why) => signature = Signature::NotChecked(why),
            }
            if !pre.is_empty() && !matches!(signature, Signature::Failed(_)) {
                signature = Signature::Failed(pre[0].describe());
            }
        }

        // Step 7: time claims.
        for p in claims::time_problems(c, opts.now) {
            let (rule, what) = match &p {
                claims::TimeProblem::Expired { seconds_ago } => (
                    &rules::expired::RULE,
                    format!(
                        "the token expired {} ago (Convex allows {} s)",
                        claims::human_duration(seconds_ago.unsigned_abs()),
                        claims::LEEWAY_SECS
                    ),
                ),
                claims::TimeProblem::NotYetValid { claim, seconds } => (
                    &rules::not_yet_valid::RULE,
                    format!(
                        "`{claim}` is {} in the future (Convex allows {} s)",
                        claims::human_duration(seconds.unsigned_abs()),
                        claims::LEEWAY_SECS
                    ),
                ),
            };
            out.reject(Step::Time, rule.finding(what).convex_message(p.convex_message()), None);
        }

        // Step 8: what the identity needs.
        let missing = claims::missing_for_identity(c);
        if !missing.is_empty() {
            let list = missing.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(" and ");
            out.reject(
                Step::Claims,
                rules::missing_claim::RULE
                    .finding(format!("the token has no {list}; Convex needs sub and exp to build the user identity"))
                    .convex_message(messages::CLAIM),
                None,
            );
        }
        identity_all = identity::build(c);

        // The Convex client's refresh scheduling.
        if let Some(payload) = &decoded.payload_json {
            let r = claims::refresh(payload);
            match &r {
                claims::Refresh::MissingFields { iat_missing: true } => out.other.push(
                    rules::missing_iat::RULE
                        .finding("the token has no `iat`: the Convex client cannot schedule a refresh and auth drops when it expires")
                        .help(format!("The Convex client logs: {}", r.client_message().unwrap_or_default())),
                ),
                claims::Refresh::TooShort { lifetime } | claims::Refresh::Immediate { lifetime } => out.other.push(
                    rules::short_lifetime::RULE
                        .finding(format!(
                            "the token lives {lifetime} s (exp - iat); the Convex client needs more than {} s to refresh it in time",
                            claims::CLIENT_REFRESH_LEEWAY_SECS
                        ))
                        .help(format!("The Convex client logs: {}", r.client_message().unwrap_or_default())),
                ),
                _ => {}
            }
            refresh = Some(r);
        }
    }

    let rejected = !out.rejecting.is_empty();

    // Problems that explain the rejection or threaten it, but are not a check of their own.
    if let Some(c) = &claims {
        let expected: Vec<String> = {
            let mut ids: Vec<String> = specs_rows.iter().flat_map(|r| r.spec.client_ids()).collect();
            ids.sort();
            ids.dedup();
            ids
        };
        let others: Vec<String> = token_client_ids(c).into_iter().filter(|id| !expected.is_empty() && !expected.contains(id)).collect();
        for id in others {
            let mut msg = format!("the token was issued for {id}, but the deployment's providers use {}", expected.join(", "));
            let places: Vec<&str> = input.client_id_places.iter().filter(|(cid, _)| *cid == id).map(|(_, w)| w.as_str()).collect();
            // A monorepo can name the id in many files: more than two go in the help, one per line.
            const INLINE_PLACES: usize = 2;
            const LISTED_PLACES: usize = 20;
            let mut listed = String::new();
            if places.len() > INLINE_PLACES {
                msg.push_str(&format!(" ({id} is the client id in {} places, listed below)", places.len()));
                listed = format!("{id} is the client id in:");
                for place in places.iter().take(LISTED_PLACES) {
                    listed.push_str(&format!("\n  {place}"));
                }
                if places.len() > LISTED_PLACES {
                    listed.push_str(&format!("\n  and {} more", places.len() - LISTED_PLACES));
                }
                listed.push('\n');
            } else if !places.is_empty() {
                msg.push_str(&format!(" ({id} is the client id in {})", places.join(", ")));
            }
            let source = env
                .vars
                .iter()
                .find(|v| expected.contains(&v.value))
                .map(|v| format!(" The providers' {} comes from {}.", v.name, v.source.describe()));
            let f = rules::other_client_id::RULE
                .finding(msg)
                .severity(if rejected { Severity::Error } else { Severity::Warning })
                .help(format!(
                    "{listed}Staging and production WorkOS environments have different client ids: a token from one app sent to the other deployment matches no provider.{}",
                    source.unwrap_or_default()
                ));
            out.other.push(f);
        }
        if let Some(identity) = &identity_all {
            let mut seen: Vec<&str> = Vec::new();
            for (field, loc) in &input.code_reads {
                if seen.contains(&field.as_str()) || identity::provides(identity, field) {
                    continue;
                }
                seen.push(field);
                let typed = matches!(
                    field.as_str(),
                    "pictureUrl"
                        | "emailVerified"
                        | "givenName"
                        | "familyName"
                        | "profileUrl"
                        | "websiteUrl"
                        | "phoneNumber"
                        | "phoneNumberVerified"
                        | "preferredUsername"
                        | "updatedAt"
                        | "birthday"
                        | "timezone"
                        | "language"
                );
                let help = if typed {
                    format!(
                        "Convex never sets the typed field `{field}` for customJwt providers; read the claim under its own name (e.g. `picture`, `email_verified`) and add it to the WorkOS JWT template."
                    )
                } else {
                    format!(
                        "Add `\"{field}\": {{{{user.{field}}}}}` (or the right expression) to the WorkOS JWT template: Authentication → Sessions → JWT Template."
                    )
                };
                out.other.push(
                    rules::claims_needed_by_code::RULE
                        .finding(format!("the code reads `identity.{field}`, which this token does not provide"))
                        .at(loc.clone())
                        .help(help),
                );
            }
        }
    }

    // Which problem Convex reports, and how each finding relates to it.
    out.rejecting.sort_by_key(|(step, _, _)| *step);
    let first = out.rejecting.first().map(|(_, f, p)| (f.rule, f.convex_message.clone(), p.clone()));
    let convex_rule = first.as_ref().map(|(r, _, _)| *r);
    let mut findings: Vec<Finding> = Vec::new();
    for (i, (_, mut f, prod)) in out.rejecting.into_iter().enumerate() {
        let lead = if i == 0 {
            "Convex stops at this check: this is the error it returns.".to_string()
        } else {
            format!("Convex reports {} first; this problem surfaces once that is fixed.", convex_rule.unwrap_or(""))
        };
        let mut help = lead;
        if let Some(prod) = &prod {
            help.push_str(&format!("\nProduction deployments return only: {prod}"));
        }
        if let Some(h) = &f.help {
            help.push('\n');
            help.push_str(h);
        }
        f.help = Some(help);
        findings.push(f);
    }
    findings.extend(out.other);

    let verdict = if rejected { Verdict::Rejected } else { Verdict::Accepted };
    let (convex_message, convex_message_production) = match first {
        Some((_, dev, prod)) => (dev, prod),
        None => (None, None),
    };
    let not_a_jwt = matches!(decoded.claims, Err(PayloadError::MissingPayload | PayloadError::NotBase64(_) | PayloadError::NotJson(_)));
    env.vars.sort_by(|a, b| a.name.cmp(&b.name));
    Judgement {
        not_a_jwt,
        verdict,
        convex_message,
        convex_message_production,
        convex_rule,
        findings,
        providers: specs_rows,
        matched,
        signature,
        jwks_source,
        identity: if verdict == Verdict::Accepted { identity_all } else { None },
        env: env.vars,
        notes,
        refresh,
        config_file: input.config_file.clone(),
        now: opts.now,
        decoded,
    }
}

/// Steps 4–5 for the matched provider: the key set, or why the signature could not be checked
/// (a rejecting finding is recorded when Convex would fail here).
fn obtain_jwks(spec: &Spec, opts: &Options, out: &mut Collector, notes: &mut Vec<String>) -> Result<(jwks::JwkSet, String), String> {
    let configured = spec.jwks.clone();
    let (source_text, overridden) = match (&opts.jwks, &configured) {
        (Some(o), _) => (o.clone(), true),
        (None, Some(c)) => (c.clone(), false),
        (None, None) => return Err("the provider has no `jwks`".into()),
    };
    if !overridden && source_text.contains("${env:") {
        return Err(format!("the provider's jwks ({source_text}) depends on an env var whose value is unknown"));
    }
    // The URI Convex quotes is the configured one.
    let uri = configured.clone().filter(|c| !c.contains("${env:")).unwrap_or_else(|| source_text.clone());
    let mut source = jwks::Source::parse(&source_text);
    if !overridden && matches!(source, jwks::Source::File(_)) {
        // Convex treats anything but `data:` as a URL; a path fails as a request.
        let e = format!("builder error for url ({source_text})");
        out.reject(
            Step::Jwks,
            rules::jwks_unreachable::RULE
                .finding(format!("the provider's jwks \"{source_text}\" is not an http(s) URL or a data: URI"))
                .convex_message(messages::jwks_network(&uri, &e)),
            None,
        );
        return Err("the provider's jwks is not a URL".into());
    }
    let allow_network = opts.online || (overridden && matches!(source, jwks::Source::Url(_)));
    let described = match &mut source {
        jwks::Source::Url(u) => {
            let fetched = http::rebase(u, opts.workos_api_base.as_deref());
            let d = if fetched != *u { format!("{u} (fetched from {fetched})") } else { u.clone() };
            *u = fetched;
            d
        }
        jwks::Source::DataUrl(_) => "the data: URI in the config".to_string(),
        jwks::Source::File(p) => p.display().to_string(),
    };
    let described = if overridden { format!("--jwks {described}") } else { described };
    match jwks::obtain(&source, allow_network, opts.limits) {
        Ok(set) => Ok((set, described)),
        Err(jwks::ObtainError::Offline) => Err(format!("the JWKS is at {source_text}; pass --online to fetch it, or --jwks FILE")),
        Err(jwks::ObtainError::Jwks(e)) => {
            let (rule, message, convex): (&'static crate::rules::Rule, String, Option<String>) = match &e {
                jwks::JwksError::Unreachable(h) => (
                    &rules::jwks_unreachable::RULE,
                    format!("the JWKS at {described} cannot be fetched: {h}"),
                    Some(messages::jwks_network(&uri, &format!("error sending request for url ({uri})"))),
                ),
                jwks::JwksError::Status(code) => (
                    &rules::jwks_unreachable::RULE,
                    format!("the JWKS at {described} answers HTTP {}", http::status_text(*code)),
                    Some(messages::jwks_status(&uri, *code)),
                ),
                jwks::JwksError::ContentType(ct) => (
                    &rules::jwks_content_type::RULE,
                    format!("the JWKS at {described} is served as '{}'", ct.as_deref().unwrap_or("(no Content-Type)")),
                    Some(messages::jwks_content_type(ct.as_deref(), &uri)),
                ),
                jwks::JwksError::BadDataUrl(why) => (
                    &rules::jwks_invalid::RULE,
                    format!("the data: JWKS cannot be decoded: {why}"),
                    Some(messages::JWKS_DATA_URL.to_string()),
                ),
                jwks::JwksError::Invalid { key, why } => {
                    let which = key.map(|k| format!("key {k}: ")).unwrap_or_default();
                    (
                        &rules::jwks_invalid::RULE,
                        format!("the JWKS at {described} is not a key set Convex accepts: {which}{why}"),
                        Some(messages::jwks_body(&uri)),
                    )
                }
                jwks::JwksError::File(why) => return Err(format!("cannot read the JWKS file: {why}")),
                jwks::JwksError::TooLarge(limit) => {
                    let f = rules::jwks_unreachable::RULE
                        .finding(format!("the JWKS at {described} is larger than {} KiB; authkit-doctor stopped reading it", limit / 1024))
                        .severity(Severity::Warning)
                        .help("A real JWKS is a few kilobytes: this URL probably serves something else. Convex's behaviour with such a body is not known, so the signature was not checked.");
                    out.other.push(f);
                    return Err("the JWKS response is too large to check".into());
                }
            };
            let mut f = rule.finding(message);
            if let jwks::JwksError::Unreachable(_) = &e {
                f = f.help("The text after the URL is the HTTP client's own error and reads differently on Convex.");
            }
            if let Some(loc) = &spec.jwks_location {
                f = f.at(loc.clone());
            }
            if let Some(c) = convex {
                f = f.convex_message(c);
            }
            if overridden {
                notes.push(format!("the key set came from --jwks {source_text}, not from the provider's jwks"));
            }
            out.reject(Step::Jwks, f, None);
            Err(format!("no usable key set ({})", e_summary(&e)))
        }
    }
}

fn e_summary(e: &jwks::JwksError) -> &'static str {
    match e {
        jwks::JwksError::Unreachable(_) | jwks::JwksError::Status(_) => "the JWKS could not be fetched",
        jwks::JwksError::ContentType(_) => "wrong content type",
        jwks::JwksError::BadDataUrl(_) | jwks::JwksError::Invalid { .. } => "the key set is invalid",
        jwks::JwksError::File(_) => "unreadable file",
        jwks::JwksError::TooLarge(_) => "too large",
    }
}
