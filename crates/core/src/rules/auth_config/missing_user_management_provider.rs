use super::{Config, configs, is_workos_shaped, shape_of};
use crate::declare_rule;
use crate::diagnostic::{Edit, Finding};
use crate::facts::auth_config::Provider;
use crate::rules::CheckContext;
use crate::source::{Decoding, SourceFile, Span};
use crate::workos::{self, IssuerShape};

declare_rule! {
    /// ### What it does
    /// Finds a WorkOS project whose `auth.config.ts` has no provider with issuer
    /// `https://<host>/user_management/<clientId>`.
    ///
    /// ### Why is this bad?
    /// AuthKit access tokens carry exactly that `iss`. Convex picks a provider by issuer before
    /// anything else, so without it every AuthKit token fails with "No auth provider found".
    ///
    /// ### Symptom
    /// WorkOS sign-in works; `useConvexAuth()` stays false; the browser console shows
    /// `Failed to authenticate: "No auth provider found matching the given token"`.
    ///
    /// ### Fix
    /// Add the user-management provider (without `applicationID`). `--fix` does it when the
    /// `providers` array is written out and has the `https://<host>/` provider to copy: same
    /// host, same client id expression, same quotes, indentation and key order.
    ///
    /// ### Example
    /// ```ts
    /// // add to providers:
    /// {
    ///   type: "customJwt",
    ///   issuer: `https://api.workos.com/user_management/${clientId}`,
    ///   algorithm: "RS256",
    ///   jwks: `https://api.workos.com/sso/jwks/${clientId}`,
    /// },
    /// ```
    pub static RULE = {
        id: "auth-config/missing-user-management-provider",
        severity: Error,
        symptoms: [ConvexUnauthenticated, TokenRejected],
        summary: "no provider for the user_management/<clientId> issuer AuthKit tokens carry",
    };
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for cfg in configs(cx) {
        if !cfg.fully_known() || !cfg.is_workos(cx) {
            continue;
        }
        let has_um = cfg.providers().iter().any(|p| matches!(shape_of(p), Some(IssuerShape::UserManagement { .. })));
        if has_um {
            continue;
        }
        let help = "AuthKit access tokens carry `iss: https://api.workos.com/user_management/<clientId>` (your custom auth domain instead of api.workos.com if you use one). Convex chooses the provider by issuer, so those tokens match nothing.";
        let finding = match near_miss(&cfg) {
            // The issuer someone meant to write: point at it and say what was pasted instead.
            Some((p, what, host)) => RULE
                .finding(format!(
                    "no provider accepts AuthKit access tokens: provider {}'s issuer `{}` is {what}",
                    p.index,
                    p.issuer().map(|i| i.text.as_str()).unwrap_or_default()
                ))
                .at(cfg.loc(p.get("issuer").map(|i| i.value.span).unwrap_or_default()))
                .help(format!("{help} The issuer to use is `https://{host}/user_management/<clientId>`.")),
            None => RULE
                .finding("no provider accepts AuthKit access tokens: none has the issuer https://api.workos.com/user_management/<clientId>")
                .at(cfg.providers_location())
                .help(help),
        };
        out.push(match add_provider_edit(cx, &cfg, MissingProvider::UserManagement) {
            Some(edit) => finding.safe_fix("Add the user_management provider after the existing `https://<host>/` one (same host and client id, without `applicationID`).", vec![edit]),
            None => finding.fix("Add to `providers`:\n{\n  type: \"customJwt\",\n  issuer: `https://api.workos.com/user_management/${clientId}`,\n  algorithm: \"RS256\",\n  jwks: `https://api.workos.com/sso/jwks/${clientId}`,\n},"),
        });
    }
}

/// A provider whose issuer looks like a failed attempt at the user-management issuer, what it
/// is instead, and the host the right issuer goes on. Besides the shapes
/// [`workos::issuer_near_miss`] knows, the API's base URL (`https://api.workos.com`, as the
/// dashboard shows it) on a provider without `applicationID`, or on a second provider beside the
/// shared one, was meant as the user-management issuer too.
fn near_miss<'c>(cfg: &'c Config) -> Option<(&'c Provider, String, String)> {
    let providers = cfg.providers();
    for p in providers {
        let Some(issuer) = p.issuer() else { continue };
        if let Some(miss) = workos::issuer_near_miss(&issuer.text) {
            let host = miss.host().unwrap_or(workos::DEFAULT_HOST).to_string();
            return Some((p, miss.describe(), host));
        }
    }
    let shared: Vec<&Provider> = providers.iter().filter(|p| matches!(shape_of(p), Some(IssuerShape::Sso { .. }))).collect();
    let meant = match shared.as_slice() {
        [only] if only.application_id().is_none() => Some(*only),
        [_, second, ..] => Some(*second),
        _ => None,
    }?;
    let host = shape_of(meant)?.host()?.to_string();
    (host == workos::DEFAULT_HOST)
        .then(|| (meant, "the API's base URL, the issuer of SSO tokens (with `aud`), not of AuthKit access tokens".to_string(), host))
}

/// The WorkOS provider a fix adds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum MissingProvider {
    /// `https://<host>/user_management/<clientId>`, without `applicationID`: added after the
    /// `https://<host>/` provider.
    UserManagement,
    /// `https://<host>/` with `applicationID`: added before the user_management provider (the
    /// order of WorkOS's docs).
    Sso,
}

/// The edit adding the missing WorkOS provider, copied from the one provider of the other kind:
/// same host, client id expression, quotes, key order, indentation and commas. `None` unless
/// that is certain: `providers` is an array literal holding exactly one such provider, written
/// out as a plain object literal, and the edited file evaluates to the known-good pair.
pub(super) fn add_provider_edit(cx: &CheckContext, cfg: &Config, missing: MissingProvider) -> Option<Edit> {
    let file = cfg.facts.file.as_str();
    let text = cx.text(file)?;
    let providers = cfg.facts.providers.as_ref()?;
    let src = |span: Span| text.get(span.start..span.end);
    if !src(providers.span)?.starts_with('[') {
        return None;
    }
    let wanted = |p: &&Provider| match shape_of(p) {
        Some(IssuerShape::Sso { .. }) => missing == MissingProvider::UserManagement && is_workos_shaped(p),
        Some(IssuerShape::UserManagement { .. }) => missing == MissingProvider::Sso,
        _ => false,
    };
    let sources: Vec<&Provider> = cfg.providers().iter().filter(wanted).collect();
    let [p] = sources.as_slice() else { return None };
    let inside = |span: Span| span.start > p.span.start && span.end < p.span.end;
    let plain = p.is_custom_jwt()
        && p.str("algorithm").is_some_and(|s| s.text == "RS256")
        && p.object.unknown_parts.is_empty()
        && src(p.span)?.starts_with('{')
        && p.span.start > providers.span.start
        && p.span.end < providers.span.end
        && p.object.props.iter().all(|prop| inside(prop.span));
    if !plain {
        return None;
    }
    let mut keys: Vec<&str> = p.object.props.iter().map(|prop| prop.key.as_str()).collect();
    keys.sort_unstable();
    if keys.windows(2).any(|w| w[0] == w[1]) {
        return None;
    }
    let host = shape_of(p)?.host()?.to_string();
    let (issuer, jwks) = (p.get("issuer")?, p.get("jwks")?);
    let quote = [p.get("type")?, p.get("algorithm")?]
        .iter()
        .find_map(|prop| src(prop.value.span)?.chars().next().filter(|c| matches!(c, '"' | '\'')))?;
    let colon = src(Span::new(issuer.key_span.end, issuer.value.span.start))?;
    if colon.trim() != ":" || colon.contains('\n') {
        return None;
    }
    let key_quote = src(issuer.key_span)?.chars().next().filter(|c| matches!(c, '"' | '\''));
    let (new_issuer, new_app_id) = match missing {
        MissingProvider::UserManagement => {
            let from_jwks = user_management_issuer_from_jwks(src(jwks.value.span)?, &host);
            let from_app_id = || {
                let id = src(p.application_id()?.value.span)?.trim();
                match id.chars().next() {
                    Some(q @ ('"' | '\'')) => {
                        let inner = id.strip_prefix(q)?.strip_suffix(q)?;
                        Some(format!("{q}https://{host}/user_management/{inner}{q}"))
                    }
                    _ => Some(format!("`https://{host}/user_management/${{{id}}}`")),
                }
            };
            (from_jwks.or_else(from_app_id)?, None)
        }
        MissingProvider::Sso => {
            let id = crate::edit::client_id_expression(src(issuer.value.span)?, "/user_management/")
                .or_else(|| crate::edit::client_id_expression(src(jwks.value.span)?, "/sso/jwks/"))?;
            (format!("{quote}https://{host}/{quote}"), Some(id))
        }
    };
    let mut props = Vec::new();
    let mut app_id_placed = false;
    for prop in &p.object.props {
        match prop.key.as_str() {
            "type" | "algorithm" | "jwks" => props.push(src(prop.span)?.to_string()),
            "issuer" => props.push(format!("{}{colon}{new_issuer}", src(prop.key_span)?)),
            "applicationID" => {
                if let Some(id) = &new_app_id {
                    props.push(format!("{}{colon}{id}", src(prop.key_span)?));
                    app_id_placed = true;
                }
            }
            _ => return None,
        }
    }
    if let (Some(id), false) = (&new_app_id, app_id_placed) {
        let key = key_quote.map_or_else(|| "applicationID".to_string(), |q| format!("{q}applicationID{q}"));
        props.push(format!("{key}{colon}{id}"));
    }
    let spans: Vec<(usize, usize)> = p.object.props.iter().map(|prop| (prop.span.start, prop.span.end)).collect();
    let style = crate::edit::ObjectStyle::of(text, (p.span.start, p.span.end), &spans)?;
    let element = style.render(&props, crate::edit::newline_of(text));
    let after = missing == MissingProvider::UserManagement;
    let edit = crate::edit::insert_array_element(
        file,
        text,
        (providers.span.start, providers.span.end),
        (p.span.start, p.span.end),
        &element,
        after,
    )?;
    let mut fixed = text.to_string();
    fixed.replace_range(edit.start..edit.end, &edit.replacement);
    is_known_good_pair(file, fixed, providers.items.len() + 1, &host).then_some(edit)
}

/// `https://<jwks host>/sso/jwks/<id expr>` as source → the same with
/// `https://<host>/user_management/`, keeping the quoting and the client id expression.
fn user_management_issuer_from_jwks(jwks: &str, host: &str) -> Option<String> {
    let start = jwks.find("https://")?;
    let marker = jwks.find("/sso/jwks/")?;
    let jwks_host = jwks.get(start + "https://".len()..marker)?;
    if jwks.matches("/sso/jwks/").count() != 1 || jwks_host.is_empty() || jwks_host.contains(['/', '$', '{', '"', '\'', '`', ' ']) {
        return None;
    }
    Some(format!("{}https://{host}/user_management/{}", &jwks[..start], &jwks[marker + "/sso/jwks/".len()..]))
}

/// The fixed file evaluates to `count` providers, among them exactly one WorkOS
/// `https://<host>/` provider with `applicationID` and one user_management provider without,
/// both `customJwt`/RS256 with the JWKS of the same client id.
fn is_known_good_pair(file: &str, fixed: String, count: usize, host: &str) -> bool {
    let facts = crate::facts::auth_config::analyze(&SourceFile::new(file, fixed, Decoding::Utf8), None);
    let Some(providers) = facts.providers.filter(|p| p.unknown.is_empty() && !p.not_an_array) else { return false };
    if facts.problem.is_some() || providers.items.len() != count {
        return false;
    }
    let of = |want: fn(&IssuerShape) -> bool| -> Vec<&Provider> {
        providers.items.iter().filter(|p| is_workos_shaped(p) && shape_of(p).is_some_and(|s| want(&s))).collect()
    };
    let (um, sso) = (of(|s| matches!(s, IssuerShape::UserManagement { .. })), of(|s| matches!(s, IssuerShape::Sso { .. })));
    let ([um], [sso]) = (um.as_slice(), sso.as_slice()) else { return false };
    let Some(IssuerShape::UserManagement { host: um_host, client_id }) = shape_of(um) else { return false };
    let jwks_id = |p: &Provider| p.str("jwks").and_then(|j| workos::jwks_client_id(&j.text).map(str::to_string));
    let plain = |p: &Provider| p.is_custom_jwt() && p.str("algorithm").is_some_and(|a| a.text == "RS256");
    um_host == host
        && shape_of(sso).and_then(|s| s.host().map(str::to_string)).as_deref() == Some(host)
        && plain(um)
        && plain(sso)
        && um.application_id().is_none()
        && sso.str("applicationID").is_some_and(|a| a.text == client_id)
        && jwks_id(um).as_deref() == Some(client_id.as_str())
        && jwks_id(sso).as_deref() == Some(client_id.as_str())
}
