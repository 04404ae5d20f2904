//! `--format sarif`: a SARIF 2.1.0 log as GitHub code scanning reads it, from hand-written
//! serde structs (no SARIF crate).
//!
//! Choices, and why:
//! * **One run, every catalog rule in `tool.driver.rules`** (in catalog order, then any rule id a
//!   finding names that the catalog lacks). `ruleIndex` is then stable across runs and projects,
//!   GitHub gets the help of every rule the tool ran (as CodeQL uploads do), and the cost is
//!   only size (a few KB per rule, far below GitHub's limits).
//! * **Paths are repository-relative** with `uriBaseId: "%SRCROOT%"`: when the scanned root lies
//!   inside a git work tree, the root's path inside it is prepended (`check apps/web` gives
//!   `apps/web/.env.local`), because GitHub resolves URIs against the checkout root. A file outside
//!   the root given as an absolute path (`--convex-env /tmp/env.txt`) is a `file://` URI without
//!   a base id. Paths are percent-encoded (a URI is not a file name).
//! * **Regions** are 1-based; columns count Unicode code points (`columnKind:
//!   "unicodeCodePoints"`); `endColumn` is the column after the last character, as SARIF says.
//! * **Findings without a location** get one anyway: the schema allows a result without
//!   `locations`, but GitHub shows only results with at least one, so a project-level finding
//!   would silently vanish from code scanning. It is placed on line 1 of the project's root
//!   manifest (`package.json`, else `convex.json`, else `authkit-doctor.json`) and marked with
//!   the result property `projectLevel: true`; only when none of them was read is `locations`
//!   omitted.
//! * **`partialFingerprints.primaryLocationLineHash`** is `<16 hex>:<n>`: the hash is SHA-256 of
//!   the rule id, the file URI and the primary line's text (redacted, whitespace runs collapsed,
//!   so re-indenting keeps it), `n` counts equal hashes in the log, as GitHub's own action does.
//!   Hashing the redacted line keeps the fingerprint from being an oracle for a secret.
//! * **`fixes`** are written for findings whose fix has edits, as `artifactChanges[].replacements[]`
//!   with the deleted region in lines and columns (byte offset and length when the file has no
//!   text). A fix whose inserted text holds a secret is left out: a masked replacement would
//!   corrupt the file if applied, and an unmasked one would print the secret.
//! * Every text goes through the redactor, as in the other formats. Output is deterministic.

use super::{Report, json::write_pretty, resolve, sorted};
use crate::diagnostic::{Edit, Finding, Location, Severity, Symptom};
use crate::redact::Redactor;
use crate::rules::Rule;
use crate::source::{Decoding, Files};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::io;
use std::path::Path;

/// The `$schema` of the log: the OASIS 2.1.0 schema (errata 01), the one CI validates against.
pub const SARIF_SCHEMA: &str = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
pub const SARIF_VERSION: &str = "2.1.0";
/// The base id every relative artifact URI is given (GitHub: the checkout root).
pub const SRCROOT: &str = "%SRCROOT%";
/// The key GitHub reads in `partialFingerprints`.
pub const LINE_HASH_KEY: &str = "primaryLocationLineHash";

#[derive(Serialize)]
struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: Tool,
    column_kind: &'static str,
    results: Vec<SarifResult>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    semantic_version: &'static str,
    information_uri: &'static str,
    rules: Vec<Descriptor>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor {
    id: String,
    name: String,
    short_description: Text,
    full_description: Text,
    help: Help,
    #[serde(skip_serializing_if = "Option::is_none")]
    help_uri: Option<String>,
    default_configuration: Configuration,
    properties: DescriptorProperties,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct DescriptorProperties {
    tags: Vec<String>,
    #[serde(rename = "security-severity", skip_serializing_if = "Option::is_none")]
    security_severity: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: String,
    rule_index: usize,
    level: &'static str,
    message: Text,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    locations: Vec<SarifLocation>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<SarifLocation>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    partial_fingerprints: BTreeMap<&'static str, String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<SarifFix>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<ResultProperties>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultProperties {
    project_level: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifLocation {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize, Clone)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize, Default)]
#[serde(rename_all = "camelCase")]
struct Region {
    #[serde(skip_serializing_if = "Option::is_none")]
    start_line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_column: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_column: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    byte_offset: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    byte_length: Option<usize>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifFix {
    description: Text,
    artifact_changes: Vec<ArtifactChange>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange {
    artifact_location: ArtifactLocation,
    replacements: Vec<Replacement>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement {
    deleted_region: Region,
    #[serde(skip_serializing_if = "Option::is_none")]
    inserted_content: Option<Text>,
}

/// Writes the SARIF log (and nothing else) to `out`.
pub fn write_sarif(out: &mut dyn io::Write, report: &Report) -> io::Result<()> {
    let r = report.redactor;
    let findings = sorted(report.findings, report.files);

    // The catalog, then rule ids only findings know, sorted.
    let catalog = crate::rules::all();
    let mut descriptors: Vec<Descriptor> = catalog.iter().map(|rule| descriptor(rule, r)).collect();
    let mut index: HashMap<&str, usize> = catalog.iter().enumerate().map(|(i, rule)| (rule.id, i)).collect();
    let mut unknown: Vec<&'static str> = findings.iter().map(|f| f.rule).filter(|id| !index.contains_key(id)).collect();
    unknown.sort_unstable();
    unknown.dedup();
    for id in unknown {
        index.insert(id, descriptors.len());
        descriptors.push(unknown_descriptor(id, r));
    }

    let paths = Paths::new(report.root);
    let fallback = fallback_file(report.files);
    let mut seen_hashes: HashMap<String, usize> = HashMap::new();
    let results = findings
        .into_iter()
        .map(|f| {
            let mut result = result(f, index[f.rule], report, &paths, fallback);
            if let Some(hash) = result.partial_fingerprints.get_mut(LINE_HASH_KEY) {
                let n = seen_hashes.entry(hash.clone()).or_insert(0);
                *n += 1;
                *hash = format!("{hash}:{n}");
            }
            result
        })
        .collect();

    let log = Log {
        schema: SARIF_SCHEMA,
        version: SARIF_VERSION,
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: "authkit-doctor",
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    information_uri: env!("CARGO_PKG_REPOSITORY"),
                    rules: descriptors,
                },
            },
            column_kind: "unicodeCodePoints",
            results,
        }],
    };
    write_pretty(out, &log)
}

/// SARIF's level for a severity.
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// GitHub's `security-severity` (0.1–10; ≥ 9 critical, ≥ 7 high, ≥ 4 medium) of a rule about an
/// exposed secret, by the rule's severity.
fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "9.0",
        Severity::Warning => "6.5",
        Severity::Info => "3.0",
    }
}

fn descriptor(rule: &Rule, r: &Redactor) -> Descriptor {
    let markdown = r.redact(&rule.docs_markdown()).into_owned();
    let summary = non_empty(r.redact(rule.summary).into_owned(), rule.id);
    let full = what_it_does(&markdown).unwrap_or_else(|| summary.clone());
    let security = rule.symptoms.contains(&Symptom::SecretExposure);
    let mut tags: Vec<String> = rule.symptoms.iter().map(|s| s.as_str().to_string()).collect();
    if security {
        tags.insert(0, "security".to_string());
    }
    Descriptor {
        id: rule.id.to_string(),
        name: pascal_case(rule.id),
        short_description: Text { text: summary },
        full_description: Text { text: full },
        help: Help { text: non_empty(plain_text(&markdown), rule.id), markdown: non_empty(markdown, rule.id) },
        help_uri: Some(rule.docs_url()),
        default_configuration: Configuration { level: level(rule.severity) },
        properties: DescriptorProperties { tags, security_severity: security.then(|| security_severity(rule.severity)) },
    }
}

/// A rule id no catalog entry has (a finding from another command, or a test).
fn unknown_descriptor(id: &str, r: &Redactor) -> Descriptor {
    let id_text = r.redact(id).into_owned();
    Descriptor {
        id: id.to_string(),
        name: pascal_case(id),
        short_description: Text { text: id_text.clone() },
        full_description: Text { text: id_text.clone() },
        help: Help { text: id_text.clone(), markdown: id_text },
        help_uri: None,
        default_configuration: Configuration { level: "warning" },
        properties: DescriptorProperties { tags: Vec::new(), security_severity: None },
    }
}

/// `auth-config/jwks-url` → `AuthConfigJwksUrl`.
fn pascal_case(id: &str) -> String {
    id.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut cs = w.chars();
            cs.next().map(|c| c.to_ascii_uppercase().to_string() + cs.as_str()).unwrap_or_default()
        })
        .collect()
}

/// GitHub rejects empty strings in required properties.
fn non_empty(text: String, fallback: &str) -> String {
    if text.trim().is_empty() { fallback.to_string() } else { text }
}

/// The body of the docs' `### What it does` section, as one paragraph of plain text.
fn what_it_does(markdown: &str) -> Option<String> {
    let mut lines = markdown.lines().skip_while(|l| l.trim() != "### What it does").skip(1);
    let body: Vec<&str> = lines.by_ref().take_while(|l| !l.starts_with('#')).map(str::trim).filter(|l| !l.is_empty()).collect();
    let text = body.join(" ");
    (!text.is_empty()).then_some(text)
}

/// The docs without Markdown heading marks and code fences (for `help.text`).
fn plain_text(markdown: &str) -> String {
    let mut out = String::new();
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") {
            continue;
        }
        let hashes = line.bytes().take_while(|b| *b == b'#').count();
        let line = if hashes > 0 && line[hashes..].starts_with(' ') { line[hashes..].trim_start() } else { line };
        out.push_str(line);
        out.push('\n');
    }
    out.trim().to_string()
}

/// The finding's message, with its help, Convex's message and the fix description on the lines
/// after it (GitHub shows the whole text in the alert).
fn message_text(f: &Finding, r: &Redactor) -> String {
    let mut text = r.redact(&f.message).into_owned();
    let mut add = |label: &str, body: &str| {
        text.push_str(&format!("\n{label}: {}", r.redact(body.trim_end())));
    };
    if let Some(help) = &f.help {
        add("help", help);
    }
    if let Some(convex) = &f.convex_message {
        add("convex says", convex);
    }
    if let Some(fix) = &f.fix {
        add("fix", &fix.description);
    }
    non_empty(text, f.rule)
}

fn result(f: &Finding, rule_index: usize, report: &Report, paths: &Paths, fallback: Option<&str>) -> SarifResult {
    let r = report.redactor;
    let files = report.files;
    let mut project_level = false;
    let primary = match (&f.location, fallback) {
        (Some(loc), _) => Some(loc.clone()),
        (None, Some(file)) => {
            project_level = true;
            Some(Location::file_start(file))
        }
        (None, None) => None,
    };
    let mut partial_fingerprints = BTreeMap::new();
    let mut locations = Vec::new();
    if let Some(loc) = &primary {
        let physical = physical(loc, files, paths);
        let line = physical.region.as_ref().and_then(|reg| reg.start_line).unwrap_or(1);
        let line_text = files
            .get(&loc.file)
            .filter(|file| matches!(file.decoding, Decoding::Utf8 | Decoding::Lossy))
            .map(|file| file.line_text(line).to_string())
            .unwrap_or_default();
        let hash = line_hash(f.rule, &physical.artifact_location.uri, &r.redact(&line_text));
        partial_fingerprints.insert(LINE_HASH_KEY, hash);
        locations.push(SarifLocation { id: None, physical_location: physical, message: None });
    }
    let related_locations = f
        .related
        .iter()
        .enumerate()
        .map(|(i, rel)| {
            let message = r.redact(&rel.message).into_owned();
            SarifLocation {
                id: Some(i + 1),
                physical_location: physical(&rel.location, files, paths),
                message: (!message.trim().is_empty()).then_some(Text { text: message }),
            }
        })
        .collect();
    SarifResult {
        rule_id: f.rule.to_string(),
        rule_index,
        level: level(f.severity),
        message: Text { text: message_text(f, r) },
        locations,
        related_locations,
        partial_fingerprints,
        fixes: fix(f, files, paths, r).into_iter().collect(),
        properties: project_level.then_some(ResultProperties { project_level: true }),
    }
}

fn physical(loc: &Location, files: &Files, paths: &Paths) -> PhysicalLocation {
    let region = match resolve(files, loc) {
        Some(p) => Region {
            start_line: Some(p.line),
            start_column: Some(p.column),
            end_line: Some(p.end_line),
            end_column: Some(p.end_column),
            ..Region::default()
        },
        // A file without text (binary, too large, unread): the file as a whole, on line 1,
        // since GitHub needs a start line.
        None => Region { start_line: Some(1), ..Region::default() },
    };
    PhysicalLocation { artifact_location: paths.artifact(&loc.file), region: Some(region) }
}

/// The SARIF `fix` of a finding whose fix has edits, unless an inserted text holds a secret.
fn fix(f: &Finding, files: &Files, paths: &Paths, r: &Redactor) -> Option<SarifFix> {
    let fix = f.fix.as_ref()?;
    if fix.edits.is_empty() || fix.edits.iter().any(|e| !r.find(&e.replacement).is_empty()) {
        return None;
    }
    let mut by_file: BTreeMap<&str, Vec<&Edit>> = BTreeMap::new();
    for edit in &fix.edits {
        by_file.entry(edit.file.as_str()).or_default().push(edit);
    }
    let artifact_changes = by_file
        .into_iter()
        .map(|(file, mut edits)| {
            edits.sort_by_key(|e| (e.start, e.end));
            let text = files.get(file).filter(|sf| matches!(sf.decoding, Decoding::Utf8 | Decoding::Lossy));
            let replacements = edits
                .into_iter()
                .map(|e| {
                    let deleted_region = match text {
                        Some(sf) => {
                            let (start_line, start_column) = sf.line_col(e.start);
                            let (end_line, end_column) = sf.line_col(e.end.max(e.start));
                            Region {
                                start_line: Some(start_line),
                                start_column: Some(start_column),
                                end_line: Some(end_line),
                                end_column: Some(end_column),
                                ..Region::default()
                            }
                        }
                        None => {
                            Region { byte_offset: Some(e.start), byte_length: Some(e.end.saturating_sub(e.start)), ..Region::default() }
                        }
                    };
                    let inserted_content = (!e.replacement.is_empty()).then(|| Text { text: e.replacement.clone() });
                    Replacement { deleted_region, inserted_content }
                })
                .collect();
            ArtifactChange { artifact_location: paths.artifact(file), replacements }
        })
        .collect();
    Some(SarifFix { description: Text { text: non_empty(r.redact(&fix.description).into_owned(), f.rule) }, artifact_changes })
}

/// The root-level file a project-level finding is anchored to on GitHub.
fn fallback_file(files: &Files) -> Option<&'static str> {
    ["package.json", "convex.json", "authkit-doctor.json"].into_iter().find(|name| files.get(name).is_some())
}

/// `<16 hex digits>` of SHA-256 over the rule, the URI and the line with whitespace runs
/// collapsed.
fn line_hash(rule: &str, uri: &str, line: &str) -> String {
    let normalised = line.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut h = Sha256::new();
    for part in [rule, uri, &normalised] {
        h.update(part.as_bytes());
        h.update([0u8]);
    }
    h.finalize()[..8].iter().map(|b| format!("{b:02x}")).collect()
}

/// How finding paths (relative to the scanned root) become repository-relative URIs.
pub(crate) struct Paths {
    /// The root's path inside its git work tree, with a trailing `/`; empty at the top.
    prefix: String,
}

impl Paths {
    pub(crate) fn new(root: &Path) -> Paths {
        Paths { prefix: repo_prefix(root) }
    }

    /// The path GitHub knows a file by: repository-relative with `/`, or as given when absolute.
    pub(crate) fn repo_path(&self, file: &str) -> String {
        let file = file.replace('\\', "/");
        if is_absolute(&file) { file } else { normalise(&format!("{}{file}", self.prefix)) }
    }

    fn artifact(&self, file: &str) -> ArtifactLocation {
        let path = self.repo_path(file);
        if is_absolute(&path) {
            let path = if path.starts_with('/') { path } else { format!("/{path}") };
            ArtifactLocation { uri: format!("file://{}", percent_encode(&path, true)), uri_base_id: None }
        } else {
            ArtifactLocation { uri: percent_encode(&path, false), uri_base_id: Some(SRCROOT) }
        }
    }
}

/// A relative `/`-path without `.` and empty segments, and with `dir/..` pairs resolved (leading
/// `..`s stay: the file is outside the work tree).
fn normalise(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." if parts.last().is_some_and(|p| *p != "..") => {
                parts.pop();
            }
            _ => parts.push(seg),
        }
    }
    parts.join("/")
}

/// `/x`, `C:/x` (a path shown as given, outside the root).
fn is_absolute(path: &str) -> bool {
    let b = path.as_bytes();
    path.starts_with('/') || (b.len() > 2 && b[0].is_ascii_alphabetic() && b[1] == b':' && b[2] == b'/')
}

/// The scanned root's path inside the nearest enclosing git work tree (a directory holding
/// `.git`), with a trailing `/`; empty when the root is the top or not in a work tree.
fn repo_prefix(root: &Path) -> String {
    let Some(top) = root.ancestors().find(|dir| dir.join(".git").exists()) else { return String::new() };
    let rel = crate::source::rel_path(top, root);
    if rel.is_empty() { String::new() } else { format!("{rel}/") }
}

/// Percent-encodes everything but RFC 3986 unreserved characters and `/` (UTF-8 bytes), and
/// `:` too unless `keep_colon` (a `:` in a relative reference's first segment reads as a scheme).
fn percent_encode(path: &str, keep_colon: bool) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') || (keep_colon && b == b':') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;
    use crate::diagnostic::Finding;
    use serde_json::Value;

    fn render(files: &Files, findings: &[Finding], redactor: &Redactor) -> String {
        let report = Report { root: Path::new("/abs/root"), project: None, findings, files, files_scanned: 42, duration_ms: 7, redactor };
        let mut out = Vec::new();
        write_sarif(&mut out, &report).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn log_shape() {
        let files = files();
        let out = render(&files, &findings(&files), &Redactor::new());
        let v: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["version"], "2.1.0");
        assert_eq!(v["runs"].as_array().unwrap().len(), 1);
        let run = &v["runs"][0];
        assert_eq!(run["columnKind"], "unicodeCodePoints");
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        let test_only =
            ["secrets/api-key-in-client-env", "auth-config/jwks-url", "convex-env/client-id-mismatch", "a/no-location", "a/binary"]
                .iter()
                .filter(|id| crate::rules::find(id).is_none())
                .count();
        assert_eq!(rules.len(), crate::rules::all().len() + test_only, "the catalog, then the ids only findings know");
        let results = run["results"].as_array().unwrap();
        assert_eq!(results.len(), 5);
        for res in results {
            let i = res["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(rules[i]["id"], res["ruleId"]);
        }
        let by_rule = |id: &str| results.iter().find(|r| r["ruleId"] == id).unwrap();
        // The secret is masked everywhere, and its fix (which would insert it) is left out.
        assert!(!out.contains(&KEY[8..20]), "{out}");
        let secret = by_rule("secrets/api-key-in-client-env");
        assert!(secret.get("fixes").is_none());
        assert_eq!(secret["level"], "error");
        let region = &secret["locations"][0]["physicalLocation"]["region"];
        assert_eq!((region["startLine"].as_u64(), region["startColumn"].as_u64()), (Some(2), Some(16)));
        assert_eq!(secret["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "apps/web/.env.local");
        assert_eq!(secret["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        // Related locations, notes, binary files, findings without a location.
        let jwks = by_rule("auth-config/jwks-url");
        assert_eq!(jwks["relatedLocations"][0]["id"], 1);
        assert_eq!(jwks["relatedLocations"][0]["message"]["text"], "the deployment sets it here");
        assert_eq!(by_rule("a/binary")["level"], "note");
        assert_eq!(by_rule("a/binary")["locations"][0]["physicalLocation"]["region"]["startLine"], 1);
        let bare = by_rule("a/no-location");
        assert!(bare.get("locations").is_none() && bare.get("partialFingerprints").is_none(), "no manifest to anchor to");
        for res in results.iter().filter(|r| r.get("locations").is_some()) {
            let fp = res["partialFingerprints"][LINE_HASH_KEY].as_str().unwrap();
            let (hash, n) = fp.split_once(':').unwrap();
            assert!(hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()) && n == "1", "{fp}");
        }
        assert_eq!(out, render(&files, &findings(&files), &Redactor::new()));
    }

    #[test]
    fn fixes_and_project_level_findings() {
        let mut files = files();
        files.insert(crate::source::SourceFile::new("package.json", "{\n  \"name\": \"x\"\n}\n".into(), Decoding::Utf8));
        let auth = files.get("convex/auth.config.ts").unwrap().clone();
        let at = auth.text.find("customJwt").unwrap();
        let fixed = finding("x/fixable", Severity::Error, "m").at(Location::new("convex/auth.config.ts", at, at + 9)).safe_fix(
            "Write it right.",
            vec![
                Edit { file: "convex/auth.config.ts".into(), start: at, end: at + 9, replacement: "customJwt".into() },
                Edit { file: "convex/auth.config.ts".into(), start: 0, end: 0, replacement: String::new() },
            ],
        );
        let bare = finding("x/project", Severity::Warning, "about the project");
        let out = render(&files, &[fixed, bare.clone(), bare], &Redactor::new());
        let v: Value = serde_json::from_str(&out).unwrap();
        let results = v["runs"][0]["results"].as_array().unwrap();
        let change = &results[0]["fixes"][0]["artifactChanges"][0];
        assert_eq!(change["artifactLocation"]["uri"], "convex/auth.config.ts");
        assert_eq!(change["replacements"][0]["deletedRegion"]["startLine"], 1);
        assert!(change["replacements"][0].get("insertedContent").is_none(), "a deletion inserts nothing");
        assert_eq!(change["replacements"][1]["insertedContent"]["text"], "customJwt");
        assert_eq!(change["replacements"][1]["deletedRegion"]["startLine"], 3);
        // Project-level findings sit on package.json line 1; equal ones are told apart by `:n`.
        assert_eq!(results[1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "package.json");
        assert_eq!(results[1]["properties"]["projectLevel"], true);
        let fp = |i: usize| results[i]["partialFingerprints"][LINE_HASH_KEY].as_str().unwrap().to_string();
        assert_eq!(fp(1).split_once(':').unwrap().0, fp(2).split_once(':').unwrap().0);
        assert!(fp(1).ends_with(":1") && fp(2).ends_with(":2"));
    }

    #[test]
    fn paths_and_uris() {
        let p = Paths { prefix: "apps/web/".into() };
        assert_eq!(p.artifact(".env.local").uri, "apps/web/.env.local");
        assert_eq!(p.artifact("src/ä b#.ts").uri, "apps/web/src/%C3%A4%20b%23.ts");
        let abs = p.artifact("/tmp/dev env.txt");
        assert_eq!((abs.uri.as_str(), abs.uri_base_id), ("file:///tmp/dev%20env.txt", None));
        assert_eq!(Paths { prefix: String::new() }.artifact("C:\\x\\y.txt").uri, "file:///C:/x/y.txt");
        assert_eq!(p.repo_path("./src/../.env"), "apps/web/.env");
        assert_eq!(p.repo_path("../../../up.txt"), "../up.txt");
        assert_eq!(pascal_case("auth-config/jwks-url"), "AuthConfigJwksUrl");
        assert_eq!(line_hash("r", "u", "  a   b "), line_hash("r", "u", "a b"));
        assert_ne!(line_hash("r", "u", "a b"), line_hash("r2", "u", "a b"));
    }

    #[test]
    fn repo_prefix_from_the_enclosing_work_tree() {
        let dir = tempfile::tempdir().unwrap();
        let top = dir.path().canonicalize().unwrap();
        std::fs::create_dir_all(top.join(".git")).unwrap();
        std::fs::create_dir_all(top.join("apps/web")).unwrap();
        assert_eq!(repo_prefix(&top), "");
        assert_eq!(repo_prefix(&top.join("apps/web")), "apps/web/");
    }

    #[test]
    fn rule_descriptors() {
        let r = Redactor::new();
        for rule in crate::rules::all() {
            let d = descriptor(rule, &r);
            assert!(!d.short_description.text.is_empty() && !d.full_description.text.is_empty() && !d.help.text.is_empty());
            assert!(!d.full_description.text.contains("###"), "{}", d.full_description.text);
            assert!(!d.help.text.contains("```"));
            assert_eq!(d.properties.tags.contains(&"security".to_string()), d.properties.security_severity.is_some());
        }
        assert_eq!(what_it_does("### What it does\nFinds\n`x`.\n\n### Why\nno"), Some("Finds `x`.".to_string()));
    }
}
