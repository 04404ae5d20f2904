//! `--format github`: GitHub Actions workflow commands, one annotation per finding:
//!
//! ```text
//! ::error file=convex/auth.config.ts,line=13,col=7,endLine=13,endColumn=20,title=auth-config/application-id-spelling::provider 0: …
//! ```
//!
//! `warning` for warnings, `notice` for infos; then one plain summary line. Files are
//! repository-relative like SARIF's (GitHub matches annotations to files from the checkout
//! root). Values are escaped as the Actions toolkit does: `%`, CR and LF in the message;
//! also `:` and `,` in properties. So nothing a scanned file says can end the line or start a
//! second command. Text is redacted and control characters are made visible first.

use super::{Report, resolve, sorted};
use crate::diagnostic::{Finding, Severity};
use crate::redact::Redactor;
use std::io;

/// Writes one annotation line per finding, then a summary line.
pub fn write_github(out: &mut dyn io::Write, report: &Report) -> io::Result<()> {
    let paths = super::sarif::Paths::new(report.root);
    for f in sorted(report.findings, report.files) {
        writeln!(out, "{}", annotation(f, report, &paths))?;
    }
    let c = super::counts(report.findings);
    writeln!(
        out,
        "authkit-doctor: {} error{}, {} warning{}, {} info{} in {} file{}",
        c.errors,
        plural(c.errors),
        c.warnings,
        plural(c.warnings),
        c.infos,
        plural(c.infos),
        report.files_scanned,
        plural(report.files_scanned)
    )
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The workflow command for a severity.
pub fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

fn annotation(f: &Finding, report: &Report, paths: &super::sarif::Paths) -> String {
    let mut props: Vec<(&str, String)> = Vec::new();
    if let Some(loc) = &f.location {
        props.push(("file", paths.repo_path(&loc.file)));
        if let Some(p) = resolve(report.files, loc) {
            props.push(("line", p.line.to_string()));
            props.push(("col", p.column.to_string()));
            props.push(("endLine", p.end_line.to_string()));
            props.push(("endColumn", p.end_column.to_string()));
        }
    }
    props.push(("title", f.rule.to_string()));
    let props: Vec<String> = props.into_iter().map(|(k, v)| format!("{k}={}", escape_property(&clean(report.redactor, &v)))).collect();
    format!("::{} {}::{}", command(f.severity), props.join(","), escape_data(&message(f, report.redactor)))
}

/// The message, then `help:`, `convex says:` and `fix:` lines (GitHub shows them all).
fn message(f: &Finding, r: &Redactor) -> String {
    let mut text = clean(r, &f.message);
    for (label, body) in [
        ("help", f.help.as_deref()),
        ("convex says", f.convex_message.as_deref()),
        ("fix", f.fix.as_ref().map(|fix| fix.description.as_str())),
    ] {
        if let Some(body) = body {
            text.push_str(&format!("\n{label}: {}", clean(r, body.trim_end())));
        }
    }
    text
}

/// Redacted, with control characters (but LF and tab) made visible.
fn clean(r: &Redactor, text: &str) -> String {
    crate::redact::sanitize(&r.redact(text)).into_owned()
}

/// Escapes an annotation's message: `%`, CR, LF.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a property value: `%`, CR, LF, `:` and `,`.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;
    use crate::diagnostic::Location;
    use crate::source::Files;
    use std::path::Path;

    fn render(files: &Files, findings: &[Finding]) -> String {
        let redactor = Redactor::new();
        let report =
            Report { root: Path::new("/abs/root"), project: None, findings, files, files_scanned: 42, duration_ms: 7, redactor: &redactor };
        let mut out = Vec::new();
        write_github(&mut out, &report).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn escaping() {
        assert_eq!(escape_data("100% done\r\nnext: a,b"), "100%25 done%0D%0Anext: a,b");
        assert_eq!(escape_property("a:b,c%d\ne"), "a%3Ab%2Cc%25d%0Ae");
        // `%` first: an escape already in the text is escaped, not decoded.
        assert_eq!(escape_data("%0A"), "%250A");
    }

    #[test]
    fn one_line_per_finding_then_the_summary() {
        let files = files();
        let out = render(&files, &findings(&files));
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 6, "{out}");
        assert!(!out.contains(&KEY[8..20]), "{out}");
        assert_eq!(
            lines[0],
            format!(
                "::error file=apps/web/.env.local,line=2,col=16,endLine=2,endColumn={},title=secrets/api-key-in-client-env::WORKOS_API_KEY={} is exposed%0Ahelp: Rotate {} in the WorkOS dashboard.%0Afix: Remove the key from the file:%0A  sed -i '/WORKOS_API_KEY/d' apps/web/.env.local",
                16 + KEY.len(),
                crate::redact::mask(KEY),
                crate::redact::mask(KEY)
            )
        );
        assert!(
            lines[1].starts_with(
                "::warning file=apps/web/.env.local,line=3,col=18,endLine=3,endColumn=18,title=convex-env/client-id-mismatch::"
            ),
            "{}",
            lines[1]
        );
        assert!(lines[2].starts_with("::notice file=bin/blob.dat,title=a/binary::a binary file"), "{}", lines[2]);
        assert!(lines[4].starts_with("::notice title=a/no-location::about the project"), "{}", lines[4]);
        assert_eq!(lines[5], "authkit-doctor: 2 errors, 1 warning, 2 infos in 42 files");
    }

    #[test]
    fn hostile_text_cannot_start_a_command() {
        let files = files();
        let f = finding("x/evil", Severity::Error, "a\n::error file=x::injected\r\n\u{1b}[31mred 50%")
            .at(Location::new("convex/.env", 0, 3))
            .help("line1\nline2, with: punctuation");
        let out = render(&files, &[f]);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 2, "{out}");
        assert_eq!(
            lines[0],
            "::error file=convex/.env,line=1,col=1,endLine=1,endColumn=4,title=x/evil::a%0A::error file=x::injected%0A\u{241b}[31mred 50%25%0Ahelp: line1%0Aline2, with: punctuation"
        );
        assert!(!out.contains('\u{1b}'));
    }
}
