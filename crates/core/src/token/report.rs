//! Output of `authkit-doctor token`: the `check` report plus the token itself — decoded header
//! and payload (the signature masked), times, providers, verdict, Convex's message, identity.
//!
//! JSON: the `authkit-doctor/v1` document of `check` with a `token` object before `summary`
//! (README, `token --format json`). Every string goes through the run's [`Redactor`], which also knows
//! the token's signature.

use super::{Judgement, Signature, Verdict, claims};
use crate::redact::{Redactor, mask};
use crate::report::{self, Format, HumanOptions, Report};
use anstyle::{AnsiColor, Style};
use serde_json::{Map, Value, json};
use std::io;

/// The `token` object of the JSON document.
pub fn token_object(j: &Judgement, redactor: &Redactor) -> Value {
    let mut t = Map::new();
    let mut put = |k: &str, v: Option<Value>| {
        if let Some(v) = v {
            t.insert(k.to_string(), v);
        }
    };
    put("verdict", Some(json!(j.verdict)));
    put("convex_message", j.convex_message.clone().map(Value::String));
    put("convex_message_production", j.convex_message_production.clone().map(Value::String));
    put("convex_rule", j.convex_rule.map(|r| Value::String(r.into())));
    put(
        "matched_provider",
        j.matched.map(|m| {
            let s = &j.providers[m].spec;
            let mut o = Map::new();
            if let Some(i) = s.index {
                o.insert("index".into(), json!(i));
            }
            if let Some(iss) = &s.issuer {
                o.insert("issuer".into(), json!(iss));
            }
            Value::Object(o)
        }),
    );
    let providers: Vec<Value> = j
        .providers
        .iter()
        .map(|row| {
            let s = &row.spec;
            let mut o = Map::new();
            if let Some(i) = s.index {
                o.insert("index".into(), json!(i));
            }
            if let Some(t) = &s.type_text {
                o.insert("type".into(), json!(t));
            }
            if let Some(v) = &s.issuer {
                o.insert(if s.kind == super::Kind::Oidc { "domain" } else { "issuer" }.into(), json!(v));
            }
            if let Some(v) = &s.application_id {
                o.insert("application_id".into(), json!(v));
            }
            if let Some(v) = &s.jwks {
                o.insert("jwks".into(), json!(v));
            }
            if let Some(v) = &s.algorithm {
                o.insert("algorithm".into(), json!(v));
            }
            o.insert("matches".into(), json!(row.result.matches));
            if let Some(w) = &row.result.why_not {
                o.insert("why_not".into(), json!(w));
            }
            Value::Object(o)
        })
        .collect();
    put("providers", Some(Value::Array(providers)));
    put("header", j.decoded.header_json.clone());
    put("claims", j.decoded.payload_json.clone());
    let (status, detail) = signature_status(&j.signature);
    let mut sig = Map::new();
    sig.insert("status".into(), json!(status));
    sig.insert("detail".into(), json!(detail));
    if let Some(s) = j.decoded.signature_b64.as_deref().filter(|s| !s.is_empty()) {
        sig.insert("value".into(), json!(mask(s)));
    }
    if let Some(src) = &j.jwks_source {
        sig.insert("jwks".into(), json!(src));
    }
    put("signature", Some(Value::Object(sig)));
    let times = times(j);
    if !times.is_empty() {
        put(
            "times",
            Some(Value::Array(
                times
                    .into_iter()
                    .map(|(claim, ts, rel)| json!({"claim": claim, "value": ts, "utc": claims::utc(ts), "relative": rel}))
                    .collect(),
            )),
        );
    }
    put("now", Some(json!(j.now)));
    put("identity", j.identity.clone().map(Value::Object));
    if !j.env.is_empty() {
        put("env", Some(serde_json::to_value(&j.env).unwrap_or(Value::Null)));
    }
    put("auth_config", j.config_file.clone().map(Value::String));
    if !j.notes.is_empty() {
        put("notes", Some(json!(j.notes)));
    }
    redact_value(Value::Object(t), redactor)
}

fn signature_status(s: &Signature) -> (&'static str, String) {
    match s {
        Signature::Verified { kid, key } => ("verified", format!("kid \"{kid}\", {key}")),
        Signature::Failed(why) => ("failed", why.clone()),
        Signature::NotChecked(why) => ("not-checked", why.clone()),
    }
}

/// (claim, value, relative text) for exp, nbf, iat as present.
fn times(j: &Judgement) -> Vec<(&'static str, i64, String)> {
    let Ok(c) = &j.decoded.claims else { return Vec::new() };
    [("exp", c.exp), ("nbf", c.nbf), ("iat", c.iat)]
        .into_iter()
        .filter_map(|(k, v)| v.map(|ts| (k, ts, claims::relative(k, ts, j.now))))
        .collect()
}

fn redact_value(v: Value, r: &Redactor) -> Value {
    match v {
        Value::String(s) => Value::String(r.redact(&s).into_owned()),
        Value::Array(items) => Value::Array(items.into_iter().map(|i| redact_value(i, r)).collect()),
        Value::Object(map) => Value::Object(map.into_iter().map(|(k, v)| (r.redact(&k).into_owned(), redact_value(v, r))).collect()),
        other => other,
    }
}

/// Writes the whole token report in `format`.
pub fn write(out: &mut dyn io::Write, j: &Judgement, report: &Report, format: Format, human: &HumanOptions) -> io::Result<()> {
    match format {
        Format::Json => {
            let mut buf = Vec::new();
            report::write_json(&mut buf, report)?;
            let mut doc: Value = serde_json::from_slice(&buf).map_err(io::Error::other)?;
            if let Value::Object(map) = &mut doc {
                let summary = map.remove("summary");
                map.insert("token".into(), token_object(j, report.redactor));
                if let Some(s) = summary {
                    map.insert("summary".into(), s);
                }
            }
            let mut text = serde_json::to_string_pretty(&doc).map_err(io::Error::other)?;
            text.push('\n');
            out.write_all(text.as_bytes())
        }
        Format::Human => {
            write_human(out, j, report.redactor, human.color)?;
            report::human::write_findings(out, report, human)?;
            write_verdict_line(out, j, report, human.color)
        }
        other => report::write(out, report, other, human),
    }
}

struct Paint {
    color: bool,
}

impl Paint {
    fn s(&self, style: Style, text: &str) -> String {
        if self.color { format!("{style}{text}{style:#}") } else { text.to_string() }
    }
}

const BOLD: Style = Style::new().bold();
const GREEN: Style = AnsiColor::Green.on_default().bold();
const RED: Style = AnsiColor::Red.on_default().bold();
const DIM: Style = Style::new().dimmed();
const MAGENTA: Style = AnsiColor::Magenta.on_default().bold();

fn write_human(out: &mut dyn io::Write, j: &Judgement, r: &Redactor, color: bool) -> io::Result<()> {
    let p = Paint { color };
    let clean = |s: &str| crate::redact::sanitize(&r.redact(s)).into_owned();
    let indent_json = |v: &Value, pad: &str| -> String {
        let text = serde_json::to_string_pretty(v).unwrap_or_default();
        clean(&text)
            .lines()
            .enumerate()
            .map(|(i, l)| if i == 0 { l.to_string() } else { format!("{pad}{l}") })
            .collect::<Vec<_>>()
            .join("\n")
    };
    let heading = |t: &str| p.s(BOLD, &format!("── {t} {}", "─".repeat(76usize.saturating_sub(t.chars().count()).max(2))));

    writeln!(out, "{}", heading("Token"))?;
    writeln!(out)?;
    let pad = "           ";
    match &j.decoded.header_json {
        Some(h) => writeln!(out, "  header   {}", indent_json(h, pad))?,
        None => writeln!(out, "  header   {}", p.s(DIM, "(not base64url JSON)"))?,
    }
    match &j.decoded.payload_json {
        Some(v) => writeln!(out, "  payload  {}", indent_json(v, pad))?,
        None => writeln!(out, "  payload  {}", p.s(DIM, "(not base64url JSON)"))?,
    }
    match j.decoded.signature_b64.as_deref() {
        Some(s) if !s.is_empty() => writeln!(out, "  signature {}", mask(s))?,
        _ => writeln!(out, "  signature {}", p.s(DIM, "(none)"))?,
    }
    writeln!(out)?;

    let times = times(j);
    if !times.is_empty() {
        writeln!(out, "  times (now = {}, {})", j.now, claims::utc(j.now))?;
        for (claim, ts, rel) in &times {
            writeln!(out, "    {claim}  {ts}  {}  {}", claims::utc(*ts), clean(rel))?;
        }
        if let Some(claims::Refresh::Fine { lifetime } | claims::Refresh::TooShort { lifetime } | claims::Refresh::Immediate { lifetime }) =
            &j.refresh
        {
            writeln!(out, "    lifetime (exp - iat): {}", claims::human_duration(lifetime.max(0.0) as u64))?;
        }
        writeln!(out)?;
    }

    writeln!(out, "{}", heading("Providers, in the order Convex tries them"))?;
    writeln!(out)?;
    if let Some(f) = &j.config_file {
        writeln!(out, "  from {f}")?;
    }
    let file_order: Vec<usize> = j.providers.iter().filter_map(|row| row.spec.index).collect();
    if file_order.windows(2).any(|w| w[0] > w[1]) {
        // Otherwise `providers[1]` above `providers[0]` reads like a bug of ours.
        writeln!(out, "  {}", p.s(DIM, "(not the file's order: Convex stores the providers sorted — OIDC before customJwt, then by"))?;
        writeln!(out, "  {}", p.s(DIM, " applicationID (none first), issuer, jwks, algorithm — and tries them in that order)"))?;
    }
    let compared = j.decoded.claims.as_ref().is_ok_and(|c| c.iss.is_some());
    if !compared {
        writeln!(out, "  {}", p.s(DIM, "(not compared: Convex stops before choosing a provider)"))?;
    } else if j.providers.is_empty() {
        writeln!(out, "  {}", p.s(DIM, "(none configured)"))?;
    }
    for (i, row) in j.providers.iter().enumerate() {
        let mark = if Some(i) == j.matched {
            p.s(GREEN, "✔ uses")
        } else if row.result.matches {
            p.s(DIM, "✔ (not reached)")
        } else {
            p.s(RED, "✖")
        };
        let place = row.spec.index.map(|i| format!(" [providers[{i}]]")).unwrap_or_else(|| " [getAuthConfigProviders()]".into());
        writeln!(out, "  {mark} {}{}", clean(&row.spec.convex_label()), p.s(DIM, &place))?;
        if let Some(why) = &row.result.why_not {
            writeln!(out, "      {}", clean(why))?;
        }
    }
    for v in &j.env {
        writeln!(out, "  {} = {}  ({})", v.name, clean(&v.value), clean(&v.source.describe()))?;
    }
    writeln!(out)?;

    let (status, detail) = signature_status(&j.signature);
    let from = j.jwks_source.as_ref().map(|s| format!(", keys from {s}")).unwrap_or_default();
    writeln!(out, "  signature: {status} — {}{}", clean(&detail), clean(&from))?;
    writeln!(out)?;

    let verdict = match j.verdict {
        Verdict::Accepted => p.s(GREEN, "ACCEPTED"),
        Verdict::Rejected => p.s(RED, "REJECTED"),
    };
    writeln!(out, "{}", heading("Verdict"))?;
    writeln!(out)?;
    let rule = j.convex_rule.map(|r| format!(" ({r})")).unwrap_or_default();
    writeln!(out, "  Convex would answer: {verdict}{rule}")?;
    if let Some(m) = &j.convex_message {
        writeln!(out, "  {}: {}", p.s(MAGENTA, "convex says"), clean(m))?;
        if let Some(prod) = &j.convex_message_production {
            writeln!(out, "  {}: {}", p.s(MAGENTA, "in production"), clean(prod))?;
        }
        writeln!(out, "  {}: {}", p.s(MAGENTA, "browser console"), clean(&super::messages::console(m)))?;
    }
    if let Some(id) = &j.identity {
        writeln!(out)?;
        writeln!(out, "  ctx.auth.getUserIdentity() returns {}", indent_json(&Value::Object(id.clone()), "  "))?;
    }
    for n in &j.notes {
        writeln!(out, "  note: {}", clean(n))?;
    }
    writeln!(out)
}

/// The last line of the human report: the verdict, where `check` prints its file count (a
/// token is judged, not scanned).
fn write_verdict_line(out: &mut dyn io::Write, j: &Judgement, report: &Report, color: bool) -> io::Result<()> {
    let p = Paint { color };
    let counts = report::counts(report.findings);
    let problems = |c: report::Counts| {
        let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let parts: Vec<String> = [(c.errors, "error", "errors"), (c.warnings, "warning", "warnings"), (c.infos, "info", "infos")]
            .into_iter()
            .filter(|(n, ..)| *n > 0)
            .map(|(n, one, many)| plural(n, one, many))
            .collect();
        if parts.is_empty() { String::new() } else { format!(" ({})", parts.join(", ")) }
    };
    if j.not_a_jwt {
        return writeln!(out, "{} Not a JWT: there is nothing for Convex to judge", p.s(RED, "✖"));
    }
    match j.verdict {
        Verdict::Accepted => writeln!(out, "{} Convex would accept this token{}", p.s(GREEN, "✔"), problems(counts)),
        Verdict::Rejected => {
            let rule = j.convex_rule.map(|r| format!(": {r}")).unwrap_or_default();
            writeln!(out, "{} Convex would reject this token{rule}{}", p.s(RED, "✖"), problems(counts))
        }
    }
}
