//! Reporters: turn findings into what the user reads (human), what tools read (JSON) and the
//! rule catalog (`explain`, `rules`).
//!
//! Every string that leaves a reporter — messages, help, Convex messages, fix descriptions and
//! edits, related messages, code-frame lines — goes through [`crate::redact::Redactor::redact`].
//! Output is deterministic: the same findings and files give the same bytes (except the
//! duration).
//!
//! To add a format: add a variant to [`Format`] (its name in
//! [`Format::as_str`]), a module with `pub fn write_…(out, report)`, and an arm in [`write`].

pub mod catalog;
pub mod github;
pub mod human;
pub mod json;
pub mod sarif;

use crate::diagnostic::{Finding, Location, Severity};
use crate::source::{Decoding, Files};
use std::cmp::Ordering;
use std::io;

pub use catalog::{RulesFormat, write_explain, write_rules};
pub use github::write_github;
pub use human::write_human;
pub use json::write_json;
pub use sarif::write_sarif;

/// The schema tag of every JSON document the tool prints.
pub const SCHEMA: &str = "authkit-doctor/v1";

/// Output format of `check` (and the other finding-producing commands).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Human,
    Json,
    /// SARIF 2.1.0 for GitHub code scanning.
    Sarif,
    /// GitHub Actions annotations (workflow commands).
    Github,
}

impl Format {
    pub const ALL: [Format; 4] = [Format::Human, Format::Json, Format::Sarif, Format::Github];

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Human => "human",
            Format::Json => "json",
            Format::Sarif => "sarif",
            Format::Github => "github",
        }
    }

    pub fn parse(s: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.as_str() == s)
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Everything a reporter needs about one run.
pub struct Report<'a> {
    /// The absolute scanned root.
    pub root: &'a std::path::Path,
    pub project: Option<&'a crate::facts::setup::ProjectSummary>,
    /// Already filtered (severity, rule selection, suppressions); reporters sort them.
    pub findings: &'a [Finding],
    /// To resolve byte spans to lines and columns, and for code frames.
    pub files: &'a Files,
    pub files_scanned: usize,
    pub duration_ms: u128,
    pub redactor: &'a crate::redact::Redactor,
}

/// Options of the human format. The CLI decides `color`: a TTY, no `NO_COLOR`, no `--no-color`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HumanOptions {
    pub color: bool,
    /// Only error findings, then the summary.
    pub quiet: bool,
}

/// Writes `report` in `format`.
pub fn write(out: &mut dyn io::Write, report: &Report, format: Format, human: &HumanOptions) -> io::Result<()> {
    match format {
        Format::Human => write_human(out, report, human),
        Format::Json => write_json(out, report),
        Format::Sarif => write_sarif(out, report),
        Format::Github => write_github(out, report),
    }
}

/// Number of findings by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Counts {
    pub fn total(&self) -> usize {
        self.errors + self.warnings + self.infos
    }
}

pub fn counts(findings: &[Finding]) -> Counts {
    let mut c = Counts::default();
    for f in findings {
        match f.severity {
            Severity::Error => c.errors += 1,
            Severity::Warning => c.warnings += 1,
            Severity::Info => c.infos += 1,
        }
    }
    c
}

/// 1-based line and column (in characters) of a location's start and end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

/// Lines and columns of `loc`, when its file is known and has text (or the location is the
/// file start).
pub fn resolve(files: &Files, loc: &Location) -> Option<Position> {
    let has_text = |f: &crate::source::SourceFile| matches!(f.decoding, Decoding::Utf8 | Decoding::Lossy);
    match files.get(&loc.file).filter(|f| has_text(f)) {
        Some(file) => {
            let (line, column) = file.line_col(loc.start);
            let (end_line, end_column) = file.line_col(loc.end.max(loc.start));
            Some(Position { line, column, end_line, end_column })
        }
        None if loc.start == 0 && loc.end == 0 => Some(Position { line: 1, column: 1, end_line: 1, end_column: 1 }),
        None => None,
    }
}

/// Sorts findings as every reporter shows them: by file, line, rule (then column, message);
/// findings without a location last.
pub fn sort_findings(findings: &mut [Finding], files: &Files) {
    findings.sort_by(|a, b| compare(a, b, files));
}

/// The findings in report order, without copying them.
pub(crate) fn sorted<'f>(findings: &'f [Finding], files: &Files) -> Vec<&'f Finding> {
    let mut v: Vec<&Finding> = findings.iter().collect();
    v.sort_by(|a, b| compare(a, b, files));
    v
}

fn compare(a: &Finding, b: &Finding, files: &Files) -> Ordering {
    fn key<'f>(f: &'f Finding, files: &Files) -> Option<(&'f str, usize, usize, usize)> {
        f.location.as_ref().map(|loc| {
            let line = resolve(files, loc).map_or(0, |p| p.line);
            (loc.file.as_str(), line, loc.start, loc.end)
        })
    }
    match (key(a, files), key(b, files)) {
        (None, None) => a.rule.cmp(b.rule).then_with(|| a.message.cmp(&b.message)),
        (None, Some(_)) => Ordering::Greater,
        (Some(_), None) => Ordering::Less,
        (Some((fa, la, sa, ea)), Some((fb, lb, sb, eb))) => fa
            .cmp(fb)
            .then(la.cmp(&lb))
            .then_with(|| a.rule.cmp(b.rule))
            .then(sa.cmp(&sb))
            .then(ea.cmp(&eb))
            .then_with(|| a.message.cmp(&b.message)),
    }
    .then_with(|| b.severity.cmp(&a.severity))
}

#[cfg(test)]
pub(crate) mod test_support {
    //! Fake findings and files shared by the reporters' tests.

    use crate::diagnostic::{Edit, Finding, Fix, Location, Related, Severity, Symptom};
    use crate::source::{Decoding, Files, SourceFile};

    pub const KEY: &str = "sk_test_0123456789abcdefghijABCDEFGHIJ0123456789";

    pub fn finding(rule: &'static str, severity: Severity, message: &str) -> Finding {
        Finding {
            rule,
            severity,
            message: message.to_string(),
            location: None,
            related: Vec::new(),
            symptoms: Vec::new(),
            help: None,
            convex_message: None,
            fix: None,
        }
    }

    pub fn files() -> Files {
        let mut files = Files::new("/abs/root");
        files.insert(SourceFile::new(
            "convex/auth.config.ts",
            "export default {\n  providers: [\n    { type: \"customJwt\", jwks: \"https://api.workos.com/sso/jwks/client_1\" },\n  ],\n};\n"
                .to_string(),
            Decoding::Utf8,
        ));
        files.insert(SourceFile::new(
            "apps/web/.env.local",
            format!("# é🙂 comment\nWORKOS_API_KEY={KEY}\nWORKOS_CLIENT_ID=client_1\n"),
            Decoding::Utf8,
        ));
        files.insert(SourceFile::new("convex/.env", "WORKOS_CLIENT_ID=client_2\n".to_string(), Decoding::Utf8));
        files.insert(SourceFile::new("bin/blob.dat", String::new(), Decoding::Binary));
        files
    }

    /// A varied set: locations in two files, related in another file, a multi-byte line,
    /// a secret in the message and in the frame, a finding without location.
    pub fn findings(files: &Files) -> Vec<Finding> {
        let auth = files.get("convex/auth.config.ts").unwrap();
        let jwks_at = auth.text.find("jwks:").unwrap();
        let env = files.get("apps/web/.env.local").unwrap();
        let key_at = env.text.find(KEY).unwrap();
        let id_at = env.text.find("client_1").unwrap();
        vec![
            Finding {
                symptoms: vec![Symptom::SecretExposure],
                help: Some(format!("Rotate {KEY} in the WorkOS dashboard.")),
                fix: Some(Fix {
                    safe: true,
                    description: "Remove the key from the file:\n  sed -i '/WORKOS_API_KEY/d' apps/web/.env.local".into(),
                    edits: vec![Edit {
                        file: "apps/web/.env.local".into(),
                        start: key_at,
                        end: key_at + KEY.len(),
                        replacement: KEY.into(),
                    }],
                }),
                ..finding("secrets/api-key-in-client-env", Severity::Error, &format!("WORKOS_API_KEY={KEY} is exposed")).at(Location::new(
                    "apps/web/.env.local",
                    key_at,
                    key_at + KEY.len(),
                ))
            },
            Finding {
                symptoms: vec![Symptom::ConvexUnauthenticated, Symptom::TokenRejected],
                convex_message: Some("No auth provider found matching the given token".into()),
                related: vec![Related { location: Location::new("convex/.env", 17, 25), message: "the deployment sets it here".into() }],
                ..finding("auth-config/jwks-url", Severity::Error, "the jwks URL uses another client id")
                    .at(Location::new("convex/auth.config.ts", jwks_at, jwks_at + 5))
                    .help("Use the client id the app signs in with.")
            },
            Finding {
                symptoms: vec![Symptom::WorksInDevNotProd],
                ..finding("convex-env/client-id-mismatch", Severity::Warning, "client ids differ").at(Location::new(
                    "apps/web/.env.local",
                    id_at,
                    id_at,
                ))
            },
            Finding { symptoms: vec![Symptom::DeployFails], ..finding("a/no-location", Severity::Info, "about the project") },
            Finding {
                symptoms: vec![Symptom::DeployFails],
                ..finding("a/binary", Severity::Info, "a binary file").at(Location::new("bin/blob.dat", 3, 9))
            },
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::*;
    use super::*;

    #[test]
    fn format_names() {
        for f in Format::ALL {
            assert_eq!(Format::parse(f.as_str()), Some(f));
        }
        assert_eq!(Format::parse("xml"), None);
    }

    #[test]
    fn sorting_by_file_line_rule_location_last() {
        let files = files();
        let mut fs = findings(&files);
        fs.reverse();
        sort_findings(&mut fs, &files);
        let order: Vec<&str> = fs.iter().map(|f| f.rule).collect();
        assert_eq!(
            order,
            ["secrets/api-key-in-client-env", "convex-env/client-id-mismatch", "a/binary", "auth-config/jwks-url", "a/no-location",]
        );
        // Same line: by rule, whatever the column.
        let mut two = vec![
            finding("z/rule", Severity::Error, "m").at(Location::new("convex/.env", 0, 1)),
            finding("a/rule", Severity::Error, "m").at(Location::new("convex/.env", 5, 6)),
        ];
        sort_findings(&mut two, &files);
        assert_eq!(two[0].rule, "a/rule");
    }

    #[test]
    fn counting() {
        let files = files();
        let c = counts(&findings(&files));
        assert_eq!(c, Counts { errors: 2, warnings: 1, infos: 2 });
        assert_eq!(c.total(), 5);
    }
}
