//! Every rule has a fixture where it fires and one where it stays quiet:
//!
//! ```text
//! tests/fixtures/rules/<area>/<name>/fires/     a small project; the rule must fire here
//! tests/fixtures/rules/<area>/<name>/fires.expected   one `file:line:col` per expected finding
//! tests/fixtures/rules/<area>/<name>/quiet/     a near-identical project where it must not fire
//! ```
//! tests/fixtures/rules/<area>/<name>/fires.snap      the whole findings on fires/ (insta)
//! ```
//! Only the rule under test is run on its fixtures. Deployment env dumps are named in each
//! fixture's `authkit-doctor.json` (`convexEnv`), like a real project would.
//!
//! `fires.snap` holds what a user sees (the human report with its code frames) and what a tool
//! reads (the JSON findings with help, fix and edits), so a change to any message shows up in
//! review. After changing one on purpose: `INSTA_UPDATE=always cargo test --release --test
//! rule_fixtures`, then read the diff of the `.snap` files before committing.

use authkit_doctor_core::check::{self, CheckOptions};
use authkit_doctor_core::report::{self, Format, HumanOptions, Report};
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

/// Rules whose findings come from a project scan (HAR, log and token rules have their own
/// tests: tests/har.rs, tests/logs.rs, tests/token.rs).
fn project_rules() -> impl Iterator<Item = &'static authkit_doctor_core::rules::Rule> {
    authkit_doctor_core::rules::all()
        .iter()
        .copied()
        .filter(|rule| !["har/", "logs/", "token/"].iter().any(|area| rule.id.starts_with(area)))
}

/// The findings of `rule` on `dir` as the human report prints them (no colour, no timing) and
/// as the JSON report lists them.
fn whole_findings(dir: &Path, rule: &str) -> String {
    let options = CheckOptions { only: vec![rule.to_string()], ..Default::default() };
    let mut run = check::run(dir, &options).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    report::sort_findings(&mut run.findings, &run.files);
    let summary = run.summary();
    let report = Report {
        root: &run.root,
        project: Some(&summary),
        findings: &run.findings,
        files: &run.files,
        files_scanned: run.project.files_seen,
        duration_ms: 0,
        redactor: &run.redactor,
    };
    let mut human = Vec::new();
    report::write(&mut human, &report, Format::Human, &HumanOptions { color: false, quiet: false }).unwrap();
    let mut json = Vec::new();
    report::write(&mut json, &report, Format::Json, &HumanOptions::default()).unwrap();
    let json: serde_json::Value = serde_json::from_slice(&json).unwrap();
    format!("{}\n{}\n", String::from_utf8(human).unwrap().trim_end(), serde_json::to_string_pretty(&json["findings"]).unwrap())
}

#[test]
fn every_fixture_finding_matches_its_snapshot() {
    let mut failures = Vec::new();
    for rule in project_rules() {
        let dir = fixture_dir(rule.id);
        if !dir.join("fires").is_dir() {
            continue; // reported by the test below
        }
        let text = whole_findings(&dir.join("fires"), rule.id);
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path(&dir);
        settings.set_prepend_module_to_snapshot(false);
        settings.set_omit_expression(true);
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| settings.bind(|| insta::assert_snapshot!("fires", text))));
        if outcome.is_err() {
            failures.push(rule.id);
        }
    }
    assert!(
        failures.is_empty(),
        "findings differ from fires.snap for {failures:?}; if the change is meant, run \
         `INSTA_UPDATE=always cargo test --release --test rule_fixtures` and review the .snap diff"
    );
}

#[test]
fn every_rule_fires_on_its_fixture_and_stays_quiet_on_the_other() {
    let mut failures = Vec::new();
    for rule in project_rules() {
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
