//! Every rule has a fixture where it fires and one where it stays quiet:
//!
//! ```text
//! tests/fixtures/rules/<area>/<name>/fires/     a small project; the rule must fire here
//! tests/fixtures/rules/<area>/<name>/fires.expected   one `file:line:col` per expected finding
//! tests/fixtures/rules/<area>/<name>/quiet/     a near-identical project where it must not fire
//! ```
//! Only the rule under test is run on its fixtures. Deployment env dumps are named in each
//! fixture's `authkit-doctor.json` (`convexEnv`), like a real project would.

use authkit_doctor_core::check::{self, CheckOptions};
use authkit_doctor_core::report;
use std::path::{Path, PathBuf};

fn fixture_dir(rule: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules").join(rule)
}

/// `file:line:col` of each finding of `rule` when checking `dir` with only that rule enabled.
fn findings(dir: &Path, rule: &str) -> Vec<String> {
    let options = CheckOptions { only: vec![rule.to_string()], ..Default::default() };
    let mut run = check::run(dir, &options).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    report::sort_findings(&mut run.findings, &run.files);
    run.findings
        .iter()
        .map(|f| {
            let loc = f.location.as_ref().expect("rule findings have a location");
            let pos = report::resolve(&run.files, loc).expect("location resolves");
            format!("{}:{}:{}", loc.file, pos.line, pos.column)
        })
        .collect()
}

#[test]
fn every_rule_fires_on_its_fixture_and_stays_quiet_on_the_other() {
    let mut failures = Vec::new();
    for rule in authkit_doctor_core::rules::all() {
        // `har/` and `logs/` findings come from their commands (tests/har.rs, tests/logs.rs).
        if rule.id.starts_with("har/") || rule.id.starts_with("logs/") {
            continue;
        }
        // `token/` findings come from `authkit-doctor token` (tests/token.rs has a case per rule).
        if rule.id.starts_with("token/") {
            continue;
        }
        let dir = fixture_dir(rule.id);
        let (fires, quiet, expected) = (dir.join("fires"), dir.join("quiet"), dir.join("fires.expected"));
        if !fires.is_dir() || !quiet.is_dir() || !expected.is_file() {
            failures.push(format!("{}: missing fixture (need fires/, quiet/, fires.expected)", rule.id));
            continue;
        }
        let want: Vec<String> = std::fs::read_to_string(&expected)
            .unwrap()
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_string)
            .collect();
        if want.is_empty() {
            failures.push(format!("{}: fires.expected lists no finding", rule.id));
        }
        let got = findings(&fires, rule.id);
        if got != want {
            failures.push(format!("{}: fires/ expected {want:?}, got {got:?}", rule.id));
        }
        let got = findings(&quiet, rule.id);
        if !got.is_empty() {
            failures.push(format!("{}: quiet/ expected no finding, got {got:?}", rule.id));
        }
    }
    assert!(failures.is_empty(), "\n{}\n", failures.join("\n"));
}
