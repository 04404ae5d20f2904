//! The timeline `authkit-doctor har` prints before its findings, and the `har` object of its
//! JSON document (docs/har-and-logs.md describes it): what the capture holds, the requests that
//! matter, and which rule marked which entry.

use crate::diagnostic::Diagnosed;
use crate::facts::har as facts;
use crate::facts::har::{HarFacts, Kind, Row, display_url};
use crate::redact::Redactor;
use anstyle::{AnsiColor, Style};
use serde_json::{Value, json};
use std::io::Write;

/// Rows of the human timeline; JSON keeps up to [`JSON_TIMELINE_ROWS`].
const HUMAN_TIMELINE_ROWS: usize = 40;
const JSON_TIMELINE_ROWS: usize = 1000;

/// Rule ids by entry index, in finding order.
pub fn marks(diagnosed: &[Diagnosed]) -> Vec<(usize, &'static str, crate::diagnostic::Severity)> {
    let mut out = Vec::new();
    for d in diagnosed {
        for e in &d.entries {
            if !out.iter().any(|(i, r, _)| i == e && *r == d.finding.rule) {
                out.push((*e, d.finding.rule, d.finding.severity));
            }
        }
    }
    out
}

/// What the report says about the capture itself (not findings).
pub fn notes(h: &HarFacts) -> Vec<String> {
    let mut notes = Vec::new();
    let m = &h.meta;
    if h.looks_sanitized() {
        notes.push(format!(
            "the export looks sanitized: no Cookie, Set-Cookie or Authorization header in {} request{}, although it records a sign-in (Chrome's default \"Export HAR (sanitized)…\"). Checks that need cookies are less certain; export \"with sensitive data\" for those, and never share that file.",
            m.entries,
            if m.entries == 1 { "" } else { "s" }
        ));
    }
    let convex_sockets: Vec<&Row> = h.of(Kind::ConvexSocket).collect();
    if !convex_sockets.is_empty() && convex_sockets.iter().all(|r| r.ws.as_ref().is_none_or(|w| w.frames == 0)) {
        notes.push("the Convex WebSocket is in the capture but its messages are not (Firefox and Safari do not export them; Chrome and Playwright do): Authenticate/AuthError cannot be checked.".to_string());
    }
    if m.entries == 0 {
        notes.push("the HAR has no entries: record again with the Network tab open while you reproduce the problem.".to_string());
    } else if h.rows.is_empty() {
        notes.push("no auth-relevant request in the capture (no WorkOS, Convex, callback or sign-in/out traffic): record while you sign in and reproduce the problem.".to_string());
    }
    if m.no_entries_array && m.entries == 0 {
        notes.push("`log.entries` is missing: the file is a HAR skeleton.".to_string());
    }
    if m.malformed_entries > 0 {
        notes.push(format!(
            "{} entr{} could not be read and {} skipped.",
            m.malformed_entries,
            if m.malformed_entries == 1 { "y" } else { "ies" },
            if m.malformed_entries == 1 { "was" } else { "were" }
        ));
    }
    if m.oversized_entries > 0 {
        notes.push(format!(
            "{} entr{} too large to analyse even without bodies (over 8 MiB of headers and small values).",
            m.oversized_entries,
            if m.oversized_entries == 1 { "y is" } else { "ies are" }
        ));
    }
    if h.rows_dropped > 0 {
        notes.push(format!(
            "only the first {} auth-relevant requests were analysed; {} more were counted.",
            facts::MAX_ROWS,
            h.rows_dropped
        ));
    }
    if m.trailing_data {
        notes.push("the file has data after the HAR document; it was ignored.".to_string());
    }
    notes
}

fn rel_ms(h: &HarFacts, t: Option<i64>) -> Option<i64> {
    Some(t? - h.start_ms?)
}

/// The timeline rows to show: every marked row first (up to the limit), the rest in time order.
fn pick_rows<'h>(h: &'h HarFacts, marks: &[(usize, &'static str, crate::diagnostic::Severity)], limit: usize) -> (Vec<&'h Row>, usize) {
    if h.rows.len() <= limit {
        return (h.rows.iter().collect(), 0);
    }
    let marked: Vec<bool> = h.rows.iter().map(|r| marks.iter().any(|(i, ..)| *i == r.index)).collect();
    let n_marked = marked.iter().filter(|m| **m).count().min(limit);
    let mut budget_unmarked = limit - n_marked;
    let mut budget_marked = n_marked;
    let mut picked = Vec::new();
    for (r, m) in h.rows.iter().zip(&marked) {
        if *m && budget_marked > 0 {
            budget_marked -= 1;
            picked.push(r);
        } else if !*m && budget_unmarked > 0 {
            budget_unmarked -= 1;
            picked.push(r);
        }
    }
    let omitted = h.rows.len() - picked.len();
    (picked, omitted)
}

/// A short description of what a row did.
fn detail(r: &Row) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(p) = &r.prefetch {
        parts.push(format!("prefetch ({p})"));
    } else if r.rsc {
        parts.push("RSC fetch".to_string());
    }
    if let Some(g) = &r.grant_type {
        parts.push(g.clone());
    }
    if let Some(ws) = &r.ws {
        if ws.frames == 0 {
            parts.push("no messages recorded".to_string());
        }
        for (t, n) in ws.types.iter().take(6) {
            let mut label = t.clone();
            if t == "↑Authenticate"
                && let Some(c) = ws.authenticates.iter().find_map(|a| a.claims.as_ref())
            {
                label = format!("{label}({})", c.describe());
            }
            parts.push(if *n > 1 { format!("{label} ×{n}") } else { label });
        }
    }
    if let Some(loc) = &r.location
        && (300..400).contains(&r.status)
    {
        parts.push(format!("→ {}", shorten(&display_url(loc), 72)));
    }
    if !r.cookies_cleared.is_empty() {
        parts.push(format!("clears {}", r.cookies_cleared.join(", ")));
    }
    if r.kind == Kind::ScriptAsHtml {
        parts.push(format!("script answered {}", r.mime));
    }
    if let Some(e) = &r.error {
        parts.push(format!("failed: {e}"));
    }
    if r.kind == Kind::WorkosAuthenticate && r.status >= 400 {
        let (error, description) = crate::rules::har::refresh_invalid_grant::error_of(r);
        if let Some(e) = error.or(description) {
            parts.push(e);
        }
    }
    parts.join("  ")
}

fn method_of(r: &Row) -> &str {
    if r.kind == Kind::ConvexSocket { "WS" } else { &r.method }
}

fn format_offset(ms: Option<i64>) -> String {
    match ms {
        Some(ms) => format!("+{:.3}s", ms as f64 / 1000.0),
        None => "?".to_string(),
    }
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let keep: String = s.chars().take(max.saturating_sub(1)).collect();
    format!("{keep}…")
}

/// One row as a line of the live view (`watch`): offset, entry, method, status, URL, what it did.
pub fn row_line(h: &HarFacts, r: &Row, redactor: &Redactor) -> String {
    let clean = |s: &str| crate::redact::sanitize(&redactor.redact(s)).into_owned();
    let status = if r.status == 0 { "---".to_string() } else { r.status.to_string() };
    let mut line = format!(
        "{:>9}  #{:<3} {:<4} {:>3}  {}",
        format_offset(rel_ms(h, r.t_ms)),
        r.index + 1,
        method_of(r),
        status,
        clean(&shorten(&display_url(&r.url), 72))
    );
    let d = clean(&detail(r));
    if !d.is_empty() {
        line.push_str("  ");
        line.push_str(&d);
    }
    line
}

#[allow(clippy::too_many_arguments)]
pub fn write_preamble(
    out: &mut dyn Write,
    shown: &str,
    h: &HarFacts,
    notes: &[String],
    marks: &[(usize, &'static str, crate::diagnostic::Severity)],
    redactor: &Redactor,
    color: bool,
) -> std::io::Result<()> {
    let paint = |style: Style, text: &str| if color { format!("{style}{text}{style:#}") } else { text.to_string() };
    let clean = |s: &str| crate::redact::sanitize(&redactor.redact(s)).into_owned();
    writeln!(out, "{}", clean(&format!("HAR {shown}: {}", capture_summary(h))))?;
    for n in notes {
        writeln!(out, "{} {}", paint(AnsiColor::Blue.on_default().bold(), "note:"), clean(n))?;
    }
    if h.rows.is_empty() {
        return writeln!(out);
    }
    let (rows, omitted) = pick_rows(h, marks, HUMAN_TIMELINE_ROWS);
    let heading = format!("Timeline: {} auth-relevant request{}", h.rows.len(), if h.rows.len() == 1 { "" } else { "s" });
    let used = heading.chars().count() + 4;
    writeln!(out, "{}", paint(Style::new().bold(), &format!("── {heading} {}", "─".repeat(80usize.saturating_sub(used).max(2)))))?;
    let cells: Vec<[String; 5]> = rows
        .iter()
        .map(|r| {
            [
                format_offset(rel_ms(h, r.t_ms)),
                format!("#{}", r.index + 1),
                method_of(r).to_string(),
                if r.status == 0 { "---".to_string() } else { r.status.to_string() },
                clean(&shorten(&display_url(&r.url), 72)),
            ]
        })
        .collect();
    let width = |k: usize| cells.iter().map(|c| c[k].chars().count()).max().unwrap_or(0);
    let w: Vec<usize> = (0..5).map(width).collect();
    for (r, c) in rows.iter().zip(&cells) {
        let mut line = format!(
            "  {:>w0$}  {:<w1$}  {:<w2$}  {:>w3$}  {:<w4$}",
            c[0],
            c[1],
            c[2],
            c[3],
            c[4],
            w0 = w[0],
            w1 = w[1],
            w2 = w[2],
            w3 = w[3],
            w4 = w[4]
        );
        let d = clean(&detail(r));
        if !d.is_empty() {
            line.push_str("  ");
            line.push_str(&d);
        }
        for (_, rule, sev) in marks.iter().filter(|(i, ..)| *i == r.index) {
            let style = match sev {
                crate::diagnostic::Severity::Error => AnsiColor::Red.on_default().bold(),
                crate::diagnostic::Severity::Warning => AnsiColor::Yellow.on_default().bold(),
                crate::diagnostic::Severity::Info => AnsiColor::Blue.on_default().bold(),
            };
            line.push_str(&format!("  {}", paint(style, &format!("◀ {rule}"))));
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    if omitted > 0 {
        writeln!(out, "  … {omitted} more (all of them with --format json)")?;
    }
    writeln!(out)
}

/// `Chrome 131 (WebInspector 537.36), HAR 1.2: 57 entries, 1 page, 1 WebSocket (34 messages), 12.3 s`.
fn capture_summary(h: &HarFacts) -> String {
    let m = &h.meta;
    let mut who = Vec::new();
    if let Some((name, version)) = &m.browser {
        who.push(format!("{name} {version}").trim().to_string());
    }
    if let Some((name, version)) = &m.creator {
        let c = format!("{name} {version}").trim().to_string();
        if who.is_empty() { who.push(c) } else { who[0] = format!("{} ({c})", who[0]) }
    }
    let mut s = who.join(" ");
    if let Some(v) = &m.version {
        s = if s.is_empty() { format!("HAR {v}") } else { format!("{s}, HAR {v}") };
    }
    let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut parts = vec![plural(m.entries, "entry", "entries"), plural(m.pages, "page", "pages")];
    if h.websockets > 0 {
        parts.push(format!("{} ({})", plural(h.websockets, "WebSocket", "WebSockets"), plural(h.websocket_frames, "message", "messages")));
    }
    if let (Some(a), Some(b)) = (h.start_ms, h.end_ms) {
        parts.push(format!("{:.1} s", (b - a).max(0) as f64 / 1000.0));
    }
    if s.is_empty() { parts.join(", ") } else { format!("{s}: {}", parts.join(", ")) }
}

/// `2025-11-17T10:00:00.123Z` from milliseconds since the epoch.
pub fn format_datetime_ms(ms: i64) -> String {
    let days = ms.div_euclid(86_400_000);
    let rem = ms.rem_euclid(86_400_000);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z", rem / 3_600_000, rem / 60_000 % 60, rem / 1000 % 60, rem % 1000)
}

pub fn har_json(
    shown: &str,
    h: &HarFacts,
    notes: &[String],
    marks: &[(usize, &'static str, crate::diagnostic::Severity)],
    redactor: &Redactor,
) -> Value {
    let m = &h.meta;
    let red = |s: &str| redactor.redact(s).into_owned();
    let (rows, omitted) = pick_rows(h, marks, JSON_TIMELINE_ROWS);
    let timeline: Vec<Value> = rows
        .iter()
        .map(|r| {
            let mut row = serde_json::Map::new();
            row.insert("entry".into(), json!(r.index + 1));
            if let Some(t) = rel_ms(h, r.t_ms) {
                row.insert("t_ms".into(), json!(t));
            }
            row.insert("kind".into(), json!(r.kind.as_str()));
            row.insert("method".into(), json!(method_of(r)));
            row.insert("status".into(), json!(r.status));
            row.insert("url".into(), json!(red(&display_url(&r.url))));
            let d = detail(r);
            if !d.is_empty() {
                row.insert("detail".into(), json!(red(&d)));
            }
            let rules: Vec<&str> = marks.iter().filter(|(i, ..)| *i == r.index).map(|(_, rule, _)| *rule).collect();
            if !rules.is_empty() {
                row.insert("rules".into(), json!(rules));
            }
            Value::Object(row)
        })
        .collect();
    let mut o = serde_json::Map::new();
    o.insert("file".into(), json!(shown));
    o.insert("bytes".into(), json!(m.bytes));
    if let Some(v) = &m.version {
        o.insert("version".into(), json!(v));
    }
    if let Some((name, version)) = &m.creator {
        o.insert("creator".into(), json!({ "name": name, "version": version }));
    }
    if let Some((name, version)) = &m.browser {
        o.insert("browser".into(), json!({ "name": name, "version": version }));
    }
    o.insert("entries".into(), json!(m.entries));
    o.insert("pages".into(), json!(m.pages));
    if m.malformed_entries > 0 {
        o.insert("malformed_entries".into(), json!(m.malformed_entries));
    }
    if m.oversized_entries > 0 {
        o.insert("oversized_entries".into(), json!(m.oversized_entries));
    }
    o.insert("websockets".into(), json!(h.websockets));
    o.insert("websocket_messages".into(), json!(h.websocket_frames));
    o.insert("sanitized".into(), json!(h.looks_sanitized()));
    if let Some(s) = h.start_ms {
        o.insert("started".into(), json!(format_datetime_ms(s)));
    }
    if let (Some(a), Some(b)) = (h.start_ms, h.end_ms) {
        o.insert("duration_ms".into(), json!((b - a).max(0)));
    }
    if !notes.is_empty() {
        o.insert("notes".into(), json!(notes.iter().map(|n| red(n)).collect::<Vec<_>>()));
    }
    o.insert("auth_requests".into(), json!(h.rows.len() + h.rows_dropped));
    o.insert("timeline".into(), Value::Array(timeline));
    if omitted > 0 {
        o.insert("timeline_omitted".into(), json!(omitted));
    }
    Value::Object(o)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datetimes_round_trip() {
        for ms in [0, 1_763_373_600_123, 951_782_400_000 /* 2000-02-29 */, 4_102_444_799_999] {
            let s = format_datetime_ms(ms);
            assert_eq!(crate::facts::har::entry::parse_datetime_ms(&s), Some(ms), "{s}");
        }
        assert_eq!(format_datetime_ms(1_763_373_600_123), "2025-11-17T10:00:00.123Z");
    }
}
