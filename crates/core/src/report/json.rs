//! `--format json`: the `authkit-doctor/v1` document described in the README (`. Fields with no value are
//! omitted (never `null`, no empty arrays inside findings); keys come in the documented order
//! (structs, not maps); pretty-printed with two spaces and a trailing newline.

use super::{Report, SCHEMA, resolve, sorted};
use crate::diagnostic::{Finding, Severity, Symptom};
use crate::facts::setup::ProjectSummary;
use crate::redact::Redactor;
use serde::Serialize;
use std::io;

#[derive(Serialize)]
struct Document<'a> {
    schema: &'static str,
    tool: Tool,
    root: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    project: Option<&'a ProjectSummary>,
    findings: Vec<JsonFinding>,
    summary: Summary,
}

#[derive(Serialize)]
pub(crate) struct Tool {
    pub name: &'static str,
    pub version: &'static str,
}

impl Tool {
    pub(crate) fn this() -> Tool {
        Tool { name: "authkit-doctor", version: env!("CARGO_PKG_VERSION") }
    }
}

#[derive(Serialize)]
struct JsonFinding {
    rule: &'static str,
    severity: Severity,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_column: Option<usize>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    symptoms: Vec<Symptom>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    convex_message: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<JsonFix>,
    #[serde(skip_serializing_if = "Option::is_none")]
    docs: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related: Vec<JsonRelated>,
}

#[derive(Serialize)]
struct JsonFix {
    safe: bool,
    description: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    edits: Vec<JsonEdit>,
}

#[derive(Serialize)]
struct JsonEdit {
    file: String,
    start: usize,
    end: usize,
    replacement: String,
}

#[derive(Serialize)]
struct JsonRelated {
    file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_column: Option<usize>,
    #[serde(skip_serializing_if = "String::is_empty")]
    message: String,
}

#[derive(Serialize)]
struct Summary {
    errors: usize,
    warnings: usize,
    infos: usize,
    files_scanned: usize,
    duration_ms: u128,
}

/// Writes the JSON document (and nothing else) to `out`.
pub fn write_json(out: &mut dyn io::Write, report: &Report) -> io::Result<()> {
    let counts = super::counts(report.findings);
    let doc = Document {
        schema: SCHEMA,
        tool: Tool::this(),
        root: report.root.to_string_lossy().into_owned(),
        project: report.project,
        findings: sorted(report.findings, report.files).into_iter().map(|f| finding(f, report)).collect(),
        summary: Summary {
            errors: counts.errors,
            warnings: counts.warnings,
            infos: counts.infos,
            files_scanned: report.files_scanned,
            duration_ms: report.duration_ms,
        },
    };
    write_pretty(out, &doc)
}

/// Pretty JSON (two spaces) and a newline.
pub(crate) fn write_pretty(out: &mut dyn io::Write, value: &impl Serialize) -> io::Result<()> {
    let mut text = serde_json::to_string_pretty(value).map_err(io::Error::other)?;
    text.push('\n');
    out.write_all(text.as_bytes())
}

fn finding(f: &Finding, report: &Report) -> JsonFinding {
    let r: &Redactor = report.redactor;
    let red = |s: &str| r.redact(s).into_owned();
    let pos = f.location.as_ref().and_then(|loc| resolve(report.files, loc));
    JsonFinding {
        rule: f.rule,
        severity: f.severity,
        message: red(&f.message),
        file: f.location.as_ref().map(|l| l.file.clone()),
        line: pos.map(|p| p.line),
        column: pos.map(|p| p.column),
        end_line: pos.map(|p| p.end_line),
        end_column: pos.map(|p| p.end_column),
        symptoms: f.symptoms.clone(),
        help: r.redact_opt(f.help.as_deref()),
        convex_message: r.redact_opt(f.convex_message.as_deref()),
        fix: f.fix.as_ref().map(|fix| JsonFix {
            safe: fix.safe,
            description: red(&fix.description),
            edits: fix
                .edits
                .iter()
                .map(|e| JsonEdit { file: e.file.clone(), start: e.start, end: e.end, replacement: red(&e.replacement) })
                .collect(),
        }),
        docs: crate::rules::find(f.rule).map(|rule| rule.docs_url()),
        related: f
            .related
            .iter()
            .map(|rel| {
                let pos = resolve(report.files, &rel.location);
                JsonRelated {
                    file: rel.location.file.clone(),
                    line: pos.map(|p| p.line),
                    column: pos.map(|p| p.column),
                    end_line: pos.map(|p| p.end_line),
                    end_column: pos.map(|p| p.end_column),
                    message: red(&rel.message),
                }
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::super::{Report, write_json};
    use crate::diagnostic::{Finding, Location, Severity};
    use crate::redact::Redactor;
    use crate::source::Files;
    use serde_json::Value;
    use std::path::Path;

    fn render(files: &Files, findings: &[Finding], redactor: &Redactor, duration_ms: u128) -> String {
        let report = Report { root: Path::new("/abs/root"), project: None, findings, files, files_scanned: 42, duration_ms, redactor };
        let mut out = Vec::new();
        write_json(&mut out, &report).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn keys(v: &Value) -> Vec<&str> {
        v.as_object().unwrap().keys().map(String::as_str).collect()
    }

    #[test]
    fn document_shape_and_key_order() {
        let files = files();
        let out = render(&files, &findings(&files), &Redactor::new(), 7);
        println!("{out}");
        assert!(out.ends_with("}\n") && out.starts_with("{\n  \"schema\": \"authkit-doctor/v1\",\n"));
        assert!(!out.contains("null"));
        let v: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(keys(&v), ["schema", "tool", "root", "findings", "summary"]);
        assert_eq!(v["tool"]["name"], "authkit-doctor");
        assert_eq!(v["tool"]["version"], env!("CARGO_PKG_VERSION"));
        assert_eq!(v["root"], "/abs/root");
        assert_eq!(keys(&v["summary"]), ["errors", "warnings", "infos", "files_scanned", "duration_ms"]);
        assert_eq!(v["summary"]["errors"], 2);
        assert_eq!(v["summary"]["warnings"], 1);
        assert_eq!(v["summary"]["infos"], 2);
        assert_eq!(v["summary"]["files_scanned"], 42);
        let findings = v["findings"].as_array().unwrap();
        let by_rule = |id: &str| findings.iter().find(|f| f["rule"] == id).unwrap();
        // Full finding: every key, in order.
        let secret = by_rule("secrets/api-key-in-client-env");
        assert_eq!(
            keys(secret),
            ["rule", "severity", "message", "file", "line", "column", "end_line", "end_column", "symptoms", "help", "fix"]
        );
        assert_eq!(keys(&secret["fix"]), ["safe", "description", "edits"]);
        assert_eq!(keys(&secret["fix"]["edits"][0]), ["file", "start", "end", "replacement"]);
        let jwks = by_rule("auth-config/jwks-url");
        let mut expected = vec![
            "rule",
            "severity",
            "message",
            "file",
            "line",
            "column",
            "end_line",
            "end_column",
            "symptoms",
            "help",
            "convex_message",
            "related",
        ];
        if crate::rules::find("auth-config/jwks-url").is_some() {
            expected.insert(11, "docs");
        }
        assert_eq!(keys(jwks), expected);
        assert_eq!(jwks["symptoms"], serde_json::json!(["convex-unauthenticated", "token-rejected"]));
        assert_eq!((jwks["line"].as_u64(), jwks["column"].as_u64()), (Some(3), Some(26)));
        assert_eq!((jwks["end_line"].as_u64(), jwks["end_column"].as_u64()), (Some(3), Some(31)));
        assert_eq!(keys(&jwks["related"][0]), ["file", "line", "column", "end_line", "end_column", "message"]);
        assert_eq!(jwks["related"][0]["column"], 18);
        // Minimal finding: no location, nothing optional.
        let bare = by_rule("a/no-location");
        assert_eq!(keys(bare), ["rule", "severity", "message", "symptoms"]);
        assert_eq!(bare["severity"], "info");
        // A binary file has no lines: the file only.
        assert_eq!(keys(by_rule("a/binary")), ["rule", "severity", "message", "file", "symptoms"]);
        // Sorted by file, line, rule; no location last.
        let order: Vec<&str> = findings.iter().map(|f| f["rule"].as_str().unwrap()).collect();
        assert_eq!(order.last(), Some(&"a/no-location"));
        assert_eq!(order[0], "secrets/api-key-in-client-env");
    }

    #[test]
    fn columns_count_characters() {
        let files = files();
        // Line 3 of .env.local is ASCII; put a finding on line 1 after "# é🙂 ".
        let env = files.get("apps/web/.env.local").unwrap();
        let at = env.text.find("comment").unwrap();
        let f = finding("x/y", Severity::Info, "m").at(Location::new("apps/web/.env.local", at, at + 7));
        let v: Value = serde_json::from_str(&render(&files, &[f], &Redactor::new(), 0)).unwrap();
        let f = &v["findings"][0];
        assert_eq!((f["line"].as_u64(), f["column"].as_u64(), f["end_column"].as_u64()), (Some(1), Some(6), Some(13)));
    }

    #[test]
    fn deterministic_except_duration() {
        let files = files();
        let mut fs = findings(&files);
        let a = render(&files, &fs, &Redactor::new(), 7);
        fs.reverse();
        let b = render(&files, &fs, &Redactor::new(), 900);
        assert_eq!(a.replace("\"duration_ms\": 7", "\"duration_ms\": 900"), b);
    }

    #[test]
    fn secrets_are_redacted_everywhere() {
        let files = files();
        let mut fs = findings(&files);
        let pw = "registered-cookie-password-0123456789";
        fs[1].convex_message = Some(format!("token {pw} rejected"));
        fs[1].related[0].message = format!("set to {pw}");
        let mut r = Redactor::new();
        r.add_secret(pw);
        let out = render(&files, &fs, &r, 7);
        for secret in [KEY, pw] {
            for w in usize::from(secret.starts_with("sk_"))..secret.len() - 8 {
                assert!(!out.contains(&secret[w..w + 8]), "{:?} survives:\n{out}", &secret[w..w + 8]);
            }
        }
        assert!(out.contains(&crate::redact::mask(KEY)));
        assert!(out.contains(&crate::redact::mask(pw)));
    }

    #[test]
    fn project_and_docs_when_known() {
        let files = files();
        let summary = crate::facts::setup::ProjectSummary { apps: Vec::new(), convex: Vec::new() };
        let mut fs = vec![finding("x/unknown", Severity::Error, "m")];
        if let Some(rule) = crate::rules::all().first() {
            fs.push(finding(rule.id, Severity::Error, "m"));
        }
        let report = Report {
            root: Path::new("/abs/root"),
            project: Some(&summary),
            findings: &fs,
            files: &files,
            files_scanned: 1,
            duration_ms: 0,
            redactor: &Redactor::new(),
        };
        let mut out = Vec::new();
        write_json(&mut out, &report).unwrap();
        let v: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(keys(&v), ["schema", "tool", "root", "project", "findings", "summary"]);
        let docs: Vec<Option<&str>> = v["findings"].as_array().unwrap().iter().map(|f| f["docs"].as_str()).collect();
        assert!(docs.iter().any(Option::is_none));
        if let Some(rule) = crate::rules::all().first() {
            assert!(docs.contains(&Some(rule.docs_url().as_str())));
        }
    }
}
